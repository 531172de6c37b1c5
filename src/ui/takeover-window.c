/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-window"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-adopt-page.h"
#include "takeover-cloud-page.h"
#include "takeover-host-dialog.h"
#include "takeover-host-row.h"
#include "takeover-lazy-list.h"
#include "takeover-prepare-page.h"
#include "takeover-probe-page.h"
#include "takeover-window.h"
#include "takeover-dashboard-window.h"

/* How many lines of problems that belong to no host the dialog lists before it abbreviates. */
#define MAX_LISTED_PROBLEMS 20

struct _TakeoverWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  /* Cancelled when the window closes (exports); the load one also when another load starts. */
  GCancellable         *cancellable;
  GCancellable         *load_cancellable;
  /* The takeover this window shows; its inventory is shown once an import succeeded. */
  TakeoverSession      *session;
  TakeoverInventory    *inventory;
  TakeoverDashboardWindow *dashboard;   /* weak: its own window */
  GtkFileChooserNative *chooser;
  GtkFilter            *search_filter;
  char                 *search_text;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  AdwStatusPage        *loading_page;
  AdwStatusPage        *no_hosts_page;
  /* The wizard's steps (hosts, probe), and within the hosts step its states. */
  GtkStack             *steps;
  GtkWidget            *back_button;
  GtkWidget            *next_button;
  TakeoverProbePage    *probe_page;
  TakeoverCloudPage    *cloud_page;
  TakeoverPreparePage  *prepare_page;
  TakeoverAdoptPage    *adopt_page;
  TakeoverSummaryPage  *summary_page;
  /* Resuming the latest run: the inventory is loading, then the cloud is checked. */
  gboolean              resuming;
  /* Closing mid-run was confirmed. */
  gboolean              close_confirmed;
  GtkStack             *stack;
  GtkSearchBar         *search_bar;
  GtkWidget            *search_button;
  GtkSearchEntry       *search_entry;
  GtkColumnView        *column_view;
  GtkColumnViewColumn  *name_column;
  GtkColumnViewColumn  *bmc_column;
  GtkColumnViewColumn  *mgmt_ip_column;
  GtkColumnViewColumn  *ssh_user_column;
  GtkColumnViewColumn  *status_column;
  GtkLabel             *selection_label;
  GListStore           *rows;
  GtkFilterListModel   *filter_model;
  GtkSortListModel     *sort_model;

  /* The session's stage as last seen, to tell which one just finished. */
  TakeoverSessionStage  last_stage;
  guint                 loading : 1;
  /* The probe step has probed what was imported last; an import clears it. */
  guint                 probed : 1;
};

enum {
  PROP_0,
  PROP_INVENTORY,
  PROP_LOADING,
  N_PROPS
};

typedef enum
{
  COLUMN_NAME,
  COLUMN_BMC,
  COLUMN_MGMT_IP,
  COLUMN_SSH_USER,
  COLUMN_STATUS,
} Column;

G_DEFINE_FINAL_TYPE (TakeoverWindow, takeover_window, ADW_TYPE_APPLICATION_WINDOW)

static GParamSpec *properties[N_PROPS];

/* The plain text columns differ only in the host property they show, so their cells come
 * from one template instead of three copies in the .ui file. */
static const char text_cell_ui[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<interface>"
  "  <template class=\"GtkListItem\">"
  "    <property name=\"child\">"
  "      <object class=\"GtkLabel\">"
  "        <property name=\"xalign\">0</property>"
  "        <property name=\"ellipsize\">end</property>"
  "        <style><class name=\"numeric\"/></style>"
  "        <binding name=\"label\">"
  "          <lookup name=\"%s\" type=\"TakeoverHost\">"
  "            <lookup name=\"host\" type=\"TakeoverHostRow\">"
  "              <lookup name=\"item\">GtkListItem</lookup>"
  "            </lookup>"
  "          </lookup>"
  "        </binding>"
  "      </object>"
  "    </property>"
  "  </template>"
  "</interface>";

static void
set_text_factory (GtkColumnViewColumn *column,
                  const char          *host_property)
{
  g_autofree char *xml = g_strdup_printf (text_cell_ui, host_property);
  gsize length = strlen (xml);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&xml), length);
  g_autoptr(GtkListItemFactory) factory = gtk_builder_list_item_factory_new_from_bytes (NULL, bytes);

  gtk_column_view_column_set_factory (column, factory);
}

/* Orders digit runs by their value, so tb-9 comes before tb-10 and 10.0.0.9 before 10.0.0.10,
 * and everything else case-insensitively; byte order breaks ties so the order is total. */
static int
compare_natural (const char *a,
                 const char *b)
{
  const char *sa = a = a ?: "";
  const char *sb = b = b ?: "";

  while (*a != '\0' && *b != '\0')
    {
      if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b))
        {
          gsize la;
          gsize lb;
          int cmp;

          while (*a == '0' && g_ascii_isdigit (a[1]))
            a++;
          while (*b == '0' && g_ascii_isdigit (b[1]))
            b++;
          for (la = 0; g_ascii_isdigit (a[la]); la++)
            ;
          for (lb = 0; g_ascii_isdigit (b[lb]); lb++)
            ;
          if (la != lb)
            return la < lb ? -1 : 1;
          if ((cmp = strncmp (a, b, la)) != 0)
            return cmp < 0 ? -1 : 1;
          a += la;
          b += lb;
        }
      else
        {
          int ca = g_ascii_tolower (*a++);
          int cb = g_ascii_tolower (*b++);

          if (ca != cb)
            return ca < cb ? -1 : 1;
        }
    }

  if (*a != *b)
    return *a == '\0' ? -1 : 1;

  return CLAMP (strcmp (sa, sb), -1, 1);
}

static const char *
get_column_text (TakeoverHostRow *row,
                 Column           column)
{
  TakeoverHost *host = takeover_host_row_get_host (row);

  switch (column)
    {
    case COLUMN_NAME:
      return takeover_host_get_display_name (host);
    case COLUMN_BMC:
      return takeover_host_get_bmc_address (host);
    case COLUMN_MGMT_IP:
      return takeover_host_get_mgmt_ip (host);
    case COLUMN_SSH_USER:
      return takeover_host_get_ssh_username (host);
    case COLUMN_STATUS:
      return takeover_host_row_get_status (row);
    default:
      g_assert_not_reached ();
    }
}

/* Errors first, then warnings, then hosts without problems. */
static int
get_status_rank (TakeoverHostRow *row)
{
  if (!takeover_host_row_get_has_problems (row))
    return 2;

  return takeover_host_row_get_severity (row) == TAKEOVER_SEVERITY_ERROR ? 0 : 1;
}

static int
compare_rows_cb (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  TakeoverHostRow *row_a = (TakeoverHostRow *) a;
  TakeoverHostRow *row_b = (TakeoverHostRow *) b;
  Column column = GPOINTER_TO_INT (user_data);

  if (column == COLUMN_STATUS)
    {
      int rank_a = get_status_rank (row_a);
      int rank_b = get_status_rank (row_b);

      if (rank_a != rank_b)
        return rank_a < rank_b ? -1 : 1;
    }

  return compare_natural (get_column_text (row_a, column), get_column_text (row_b, column));
}

static void
set_column_sorter (GtkColumnViewColumn *column,
                   Column               which)
{
  g_autoptr(GtkSorter) sorter =
    GTK_SORTER (gtk_custom_sorter_new (compare_rows_cb, GINT_TO_POINTER (which), NULL));

  gtk_column_view_column_set_sorter (column, sorter);
}

static gboolean
search_filter_cb (gpointer item,
                  gpointer user_data)
{
  TakeoverWindow *self = user_data;

  return takeover_host_row_matches (item, self->search_text);
}

static char *
marker_icon_name_cb (gpointer         item,
                     TakeoverSeverity severity)
{
  return g_strdup (severity == TAKEOVER_SEVERITY_ERROR ? "dialog-error-symbolic"
                                                       : "dialog-warning-symbolic");
}

static GStrv
severity_css_classes_cb (gpointer         item,
                         gboolean         has_problems,
                         TakeoverSeverity severity)
{
  const char *classes[] = { NULL, NULL };

  if (has_problems)
    classes[0] = severity == TAKEOVER_SEVERITY_ERROR ? "error" : "warning";

  return g_strdupv ((char **) classes);
}

static void
show_toast (TakeoverWindow *self,
            const char     *title)
{
  /* Toast titles are Pango markup; file names and error messages are not. */
  g_autofree char *escaped = g_markup_escape_text (title, -1);
  AdwToast *toast = adw_toast_new (escaped);

  /* Each toast answers what the operator just did, so it replaces an older one at once. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static guint
get_n_hosts (TakeoverWindow *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->rows));
}

/* One place decides which page the stack shows and which actions make sense. */
static gboolean
on_step (TakeoverWindow *self,
         const char     *name)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->steps), name) == 0;
}

/* Back and Next follow the step shown: the hosts step goes on once there are hosts to probe. */
/* Applies the preference @key to this window's engine, or every one for %NULL. Only the key
 * that changed: the others may have been tuned on the engine itself since. */
static void
apply_preference (TakeoverWindow *self,
                  const char     *key)
{
  TakeoverFleetProbe *probe = takeover_session_get_fleet_probe (self->session);
  TakeoverAdopt *adopt = takeover_session_get_adopt (self->session);
  GSettings *settings = self->settings;

#define IS(name) (key == NULL || g_str_equal (key, name))
  /* The probes run ahead of the adoption slots: never the narrower pool. */
  if (IS ("probe-concurrency") || IS ("adopt-concurrency"))
    takeover_probe_pool_set_concurrency (takeover_fleet_probe_get_pool (probe),
                                         MAX (g_settings_get_uint (settings, "probe-concurrency"),
                                              g_settings_get_uint (settings,
                                                                   "adopt-concurrency")));
  if (IS ("probe-timeout"))
    takeover_fleet_probe_set_timeout_ms (probe,
                                         (guint) (g_settings_get_double (settings,
                                                                         "probe-timeout") * 1000));
  if (IS ("trust-new-host-keys"))
    takeover_fleet_probe_set_trust_new_host_keys (probe,
                                                  g_settings_get_boolean (settings,
                                                                          "trust-new-host-keys"));
  if (IS ("insist-cipher-suite-zero"))
    takeover_fleet_probe_set_insist_cipher_suite_zero (probe,
                                                       g_settings_get_boolean (
                                                         settings, "insist-cipher-suite-zero"));
  if (adopt != NULL && IS ("adopt-concurrency"))
    takeover_adopt_set_concurrency (adopt, g_settings_get_uint (settings, "adopt-concurrency"));
  if (adopt != NULL && IS ("state-timeout"))
    takeover_adopt_set_state_timeout (adopt, g_settings_get_uint (settings, "state-timeout"));
#undef IS
}

static void
preference_changed_cb (TakeoverWindow *self,
                       const char     *key)
{
  apply_preference (self, key);
}

/* A newly chosen cloud brings a new adoption, which takes the preferences. */
static void
adopt_changed_cb (TakeoverWindow *self)
{
  apply_preference (self, "adopt-concurrency");
  apply_preference (self, "state-timeout");
}

static void
update_steps (TakeoverWindow *self)
{
  GtkStackPage *page;
  gboolean on_hosts;
  gboolean on_probe;
  gboolean on_cloud;
  gboolean on_prepare;
  gboolean on_adopt;

  /* The template is still being built. */
  if (self->steps == NULL || self->window_title == NULL || self->session == NULL ||
      gtk_stack_get_visible_child (self->steps) == NULL)
    return;

  page = gtk_stack_get_page (self->steps, gtk_stack_get_visible_child (self->steps));
  on_hosts = on_step (self, "hosts-step");
  on_probe = on_step (self, "probe-step");
  on_cloud = on_step (self, "cloud-step");
  on_prepare = on_step (self, "prepare-step");
  on_adopt = on_step (self, "adopt-step");

  adw_window_title_set_title (self->window_title, gtk_stack_page_get_title (page));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", !on_hosts);
  gtk_widget_set_visible (self->back_button, !on_hosts);
  /* Hosts, then probe (it needs no cloud), then the cloud; a step goes on once it has what
   * the next needs and nothing of it still runs. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next",
                                 (on_hosts && !self->loading && get_n_hosts (self) > 0) ||
                                 (on_probe && !takeover_session_get_busy (self->session)) ||
                                 (on_cloud && takeover_cloud_page_get_ready (self->cloud_page)) ||
                                 (on_prepare &&
                                  takeover_prepare_page_get_ready (self->prepare_page)) ||
                                 (on_adopt && !takeover_session_get_busy (self->session) &&
                                  takeover_session_get_n_jobs (self->session) > 0));
  gtk_widget_set_visible (self->next_button,
                          on_hosts || on_probe || on_cloud || on_prepare || on_adopt);
  gtk_widget_set_tooltip_text (self->next_button,
                               on_hosts ? _("Probe the Hosts (only reads them)")
                               : on_probe ? _("Choose the Cloud")
                               : on_cloud ? _("See What the Cloud Needs")
                               : on_prepare ? _("Go On to the Adoption")
                               : _("See the Summary"));
}

/* A toast when a long stage ends, wherever the operator is in the wizard meanwhile. */
static void
stage_changed_cb (TakeoverWindow *self)
{
  TakeoverSessionStage stage = takeover_session_get_stage (self->session);
  TakeoverSessionStage ended = self->last_stage;
  g_autofree char *text = NULL;

  self->last_stage = stage;
  if (stage == TAKEOVER_SESSION_STAGE_ADOPTING)
    g_settings_set_string (self->settings, "resume-cloud",
                           takeover_cloud_config_get_name (
                             takeover_session_get_cloud_config (self->session)));
  if (stage != TAKEOVER_SESSION_STAGE_IDLE || takeover_session_get_error (self->session) != NULL)
    return;

  if (ended == TAKEOVER_SESSION_STAGE_PROBING)
    {
      GListModel *hosts = takeover_inventory_get_hosts (takeover_session_get_inventory (self->session));
      guint n_answered = 0;

      for (guint i = 0; i < g_list_model_get_n_items (hosts); i++)
        {
          g_autoptr(TakeoverHost) host = g_list_model_get_item (hosts, i);

          n_answered += takeover_host_get_probe_state (host) == TAKEOVER_HOST_PROBE_ANSWERED;
        }
      text = g_strdup_printf (ngettext ("Probe finished: %u of %u host answered",
                                        "Probe finished: %u of %u hosts answered",
                                        g_list_model_get_n_items (hosts)),
                              n_answered, g_list_model_get_n_items (hosts));
    }
  else if (ended == TAKEOVER_SESSION_STAGE_APPLYING)
    text = g_strdup (_("The cloud is prepared"));
  else if (ended == TAKEOVER_SESSION_STAGE_ADOPTING)
    text = g_strdup_printf (_("Adoption finished: %u adopted, %u failed"),
                            takeover_session_get_n_adopted (self->session),
                            takeover_session_get_n_failed (self->session));

  if (text != NULL)
    show_toast (self, text);
}

static void
step_changed_cb (TakeoverWindow *self)
{
  update_steps (self);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TakeoverWindow *self = TAKEOVER_WINDOW (widget);

  if (on_step (self, "probe-step"))
    {
      gtk_stack_set_visible_child_name (self->steps, "cloud-step");
      return;
    }
  if (on_step (self, "prepare-step"))
    {
      gtk_stack_set_visible_child_name (self->steps, "adopt-step");
      return;
    }
  if (on_step (self, "adopt-step"))
    {
      gtk_stack_set_visible_child_name (self->steps, "summary-step");
      return;
    }
  if (on_step (self, "cloud-step"))
    {
      /* Reading the cloud changes nothing: the plan is made as the step opens. */
      gtk_stack_set_visible_child_name (self->steps, "prepare-step");
      takeover_prepare_page_plan (self->prepare_page);
      return;
    }
  if (!on_step (self, "hosts-step"))
    return;

  gtk_stack_set_visible_child_name (self->steps, "probe-step");
  /* Probing only reads, so it starts as the step opens, once for each import. */
  if (!self->probed)
    {
      self->probed = TRUE;
      takeover_probe_page_start (self->probe_page);
    }
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TakeoverWindow *self = TAKEOVER_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->steps,
                                    on_step (self, "summary-step") ? "adopt-step"
                                    : on_step (self, "adopt-step") ? "prepare-step"
                                    : on_step (self, "prepare-step") ? "cloud-step"
                                    : on_step (self, "cloud-step") ? "probe-step"
                                    : "hosts-step");
}

static void update_edit_actions (TakeoverWindow *self);

static void
update_view (TakeoverWindow *self)
{
  const char *page;

  if (self->loading)
    page = "loading";
  else if (self->inventory == NULL)
    page = "empty";
  else if (get_n_hosts (self) == 0)
    page = "no-hosts";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0)
    page = "no-results";
  else
    page = "hosts";

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export",
                                 !self->loading && get_n_hosts (self) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", get_n_hosts (self) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.dashboard",
                                 !self->loading && get_n_hosts (self) > 0);
  gtk_widget_set_sensitive (self->search_button, get_n_hosts (self) > 0);
  update_edit_actions (self);
  update_steps (self);
}

static void
set_loading (TakeoverWindow *self,
             gboolean        loading)
{
  if (self->loading == !!loading)
    return;

  self->loading = !!loading;
  update_view (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static char *
dup_file_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename);
}

static void
update_title (TakeoverWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *hosts = NULL;
  g_autofree char *subtitle = NULL;
  guint n_hosts = get_n_hosts (self);
  guint n_with_problems = 0;

  if (self->inventory == NULL)
    {
      adw_window_title_set_subtitle (self->window_title, NULL);
      return;
    }

  for (guint i = 0; i < n_hosts; i++)
    {
      g_autoptr(TakeoverHostRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      n_with_problems += takeover_host_row_get_has_problems (row);
    }

  name = dup_file_display_name (takeover_inventory_get_file (self->inventory));
  hosts = g_strdup_printf (ngettext ("%u host", "%u hosts", n_hosts), n_hosts);
  if (n_with_problems > 0)
    /* Translators: the window subtitle: file name, "%u host(s)", number of hosts with problems. */
    subtitle = g_strdup_printf (ngettext ("%s — %s, %u with problems",
                                          "%s — %s, %u with problems", n_with_problems),
                                name, hosts, n_with_problems);
  else
    /* Translators: the window subtitle: file name and "%u host(s)". */
    subtitle = g_strdup_printf (_("%s — %s"), name, hosts);

  adw_window_title_set_subtitle (self->window_title, subtitle);
}

/* Problems that belong to no host (say, a CSV header naming an unknown column) have no row to
 * carry a marker, so they are listed in a dialog instead of being lost. */
static void
show_unattached_problems (TakeoverWindow *self)
{
  GListModel *problems = takeover_inventory_get_problems (self->inventory);
  g_autoptr(GString) body = g_string_new (NULL);
  guint n_listed = 0;
  guint n_unlisted = 0;
  AdwMessageDialog *dialog;
  GtkWidget *label;

  for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
    {
      g_autoptr(TakeoverProblem) problem = g_list_model_get_item (problems, i);

      if (takeover_problem_get_host (problem) != NULL)
        continue;

      if (n_listed == MAX_LISTED_PROBLEMS)
        {
          n_unlisted++;
          continue;
        }

      if (body->len > 0)
        g_string_append_c (body, '\n');
      /* Translators: a problem of the file as a whole: line number, field ("header"), sentence. */
      g_string_append_printf (body, _("Line %u (%s): %s"), takeover_problem_get_line (problem),
                              takeover_problem_get_field (problem),
                              takeover_problem_get_message (problem));
      n_listed++;
    }

  if (n_listed == 0)
    return;

  if (n_unlisted > 0)
    {
      g_string_append_c (body, '\n');
      g_string_append_printf (body, ngettext ("…and %u more problem.", "…and %u more problems.",
                                              n_unlisted),
                              n_unlisted);
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Problems in the File"),
                                                       _("These problems concern the file as a "
                                                         "whole, not one host:")));
  /* A list reads better left-aligned than as the centred body, and can be copied. */
  label = gtk_label_new (body->str);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  adw_message_dialog_set_extra_child (dialog, label);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_inventory (TakeoverWindow    *self,
                TakeoverInventory *inventory)
{
  GListModel *hosts = takeover_inventory_get_hosts (inventory);
  guint n_hosts = g_list_model_get_n_items (hosts);
  g_autofree char *name = dup_file_display_name (takeover_inventory_get_file (inventory));
  g_autofree char *hosts_text = NULL;
  g_autofree char *toast = NULL;
  guint n_errors = takeover_inventory_get_n_errors (inventory);
  guint n_warnings = takeover_inventory_get_n_warnings (inventory);

  /* The rows followed the hosts already (hosts_changed_cb). */
  g_set_object (&self->inventory, inventory);
  self->probed = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INVENTORY]);

  adw_status_page_set_description (self->no_hosts_page, name);
  update_title (self);
  set_loading (self, FALSE);
  update_view (self);

  /* Translators: the start of a message like "Imported 12 hosts from hosts.conf". */
  hosts_text = g_strdup_printf (ngettext ("Imported %u host from %s", "Imported %u hosts from %s",
                                          n_hosts),
                                n_hosts, name);
  if (n_errors + n_warnings == 0)
    toast = g_steal_pointer (&hosts_text);
  else
    {
      g_autofree char *counts = takeover_host_row_format_counts (n_errors, n_warnings);

      /* Translators: "Imported %u host(s) from FILE" and counts like "2 errors, 1 warning". */
      toast = g_strdup_printf (_("%s: %s"), hosts_text, counts);
    }
  show_toast (self, toast);

  show_unattached_problems (self);
}

/* Resuming ---------------------------------------------------------------------------------- */

/* The inventory of the run is in: the cloud is checked (its page shows how that went), then
 * the adoption goes on with what the run had, each host from where it stopped. */
static void
continue_resume (TakeoverWindow *self)
{
  takeover_session_restore_run (self->session);
  /* The adoption probes each host itself; the probe step has nothing to add. */
  self->probed = TRUE;
  gtk_stack_set_visible_child_name (self->steps, "cloud-step");
  takeover_cloud_page_check (self->cloud_page);
}

static void
cloud_checked_cb (TakeoverWindow *self)
{
  if (!self->resuming)
    return;

  self->resuming = FALSE;
  if (!takeover_cloud_page_get_ready (self->cloud_page))
    return;

  gtk_stack_set_visible_child_name (self->steps, "adopt-step");
  takeover_adopt_page_start (self->adopt_page);
}

static void
resume_response_cb (TakeoverWindow   *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  g_autoptr(GFile) file = NULL;

  if (g_strcmp0 (response, "resume") != 0 || takeover_session_get_busy (self->session) ||
      (file = takeover_session_dup_unfinished_inventory (self->session)) == NULL)
    return;

  self->resuming = TRUE;
  takeover_window_open (self, file);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  TakeoverInventory *inventory = TAKEOVER_INVENTORY (object);
  g_autoptr(TakeoverWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!takeover_inventory_load_finish (inventory, result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      set_loading (self, FALSE);
      self->resuming = FALSE;
      message = g_strdup_printf (_("Could not import the inventory: %s"), error->message);
      show_toast (self, message);
      return;
    }

  show_inventory (self, inventory);
  if (self->resuming)
    continue_resume (self);
}

typedef struct
{
  TakeoverWindow *self;
  GFile          *file;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->file);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportData, export_data_free)

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  TakeoverInventory *inventory = TAKEOVER_INVENTORY (object);
  g_autoptr(ExportData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = dup_file_display_name (data->file);
  g_autofree char *message = NULL;
  GtkWidget *dialog;

  if (takeover_inventory_save_finish (inventory, result, &error))
    {
      message = g_strdup_printf (_("Exported to %s"), name);
      show_toast (data->self, message);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (data->self), _("Could Not Export the Inventory"),
                                   error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static const struct {
  TakeoverInventoryFormat  format;
  const char              *extension;
  const char              *name;
} export_formats[] = {
  { TAKEOVER_INVENTORY_FORMAT_CONF, ".conf", N_("hosts.conf (one server a line)") },
  { TAKEOVER_INVENTORY_FORMAT_CSV, ".csv", N_("CSV with a header row") },
  { TAKEOVER_INVENTORY_FORMAT_JSON, ".json", N_("JSON for “openstack baremetal create”") },
};

/* The extension of the typed name decides the format; without one, the chosen filter does
 * and its extension is added. */
static GFile *
dup_export_file (GtkFileChooser          *chooser,
                 TakeoverInventoryFormat *format)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *named = NULL;
  GtkFileFilter *filter = gtk_file_chooser_get_filter (chooser);
  guint i = 1; /* CSV, the suggested format, when no filter is chosen */

  *format = takeover_inventory_format_from_filename (basename);
  if (*format != TAKEOVER_INVENTORY_FORMAT_NONE)
    return g_steal_pointer (&file);

  if (filter != NULL)
    i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (filter), "format-index"));
  *format = export_formats[i].format;
  named = g_strconcat (basename, export_formats[i].extension, NULL);

  return g_file_get_child (parent, named);
}

static void
export_response_cb (TakeoverWindow       *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  TakeoverInventorySaveFlags flags = TAKEOVER_INVENTORY_SAVE_DEFAULT;
  TakeoverInventoryFormat format;
  ExportData *data;

  if (response == GTK_RESPONSE_ACCEPT && self->inventory != NULL)
    {
      /* Secrets leave the program only when the operator ticked the box. */
      if (g_strcmp0 (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "secrets"),
                     "true") == 0)
        flags |= TAKEOVER_INVENTORY_SAVE_SECRETS;

      data = g_new0 (ExportData, 1);
      data->self = g_object_ref (self);
      data->file = dup_export_file (GTK_FILE_CHOOSER (chooser), &format);
      takeover_inventory_save_async (self->inventory, data->file, format, flags,
                                     self->cancellable, save_cb, data);
    }

  g_clear_object (&self->chooser);
}

/* The window shows one file dialog at a time and drops it when it answers. */
static GtkFileChooser *
create_chooser (TakeoverWindow       *self,
                const char           *title,
                GtkFileChooserAction  action,
                const char           *accept_label,
                GCallback             response_cb)
{
  self->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept_label,
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", response_cb, self, G_CONNECT_SWAPPED);

  return GTK_FILE_CHOOSER (self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TakeoverWindow *self = TAKEOVER_WINDOW (widget);
  GFile *source = takeover_inventory_get_file (self->inventory);
  g_autofree char *basename = g_file_get_basename (source);
  g_autofree char *suggested = NULL;
  GtkFileChooser *chooser;
  char *dot;

  if (self->chooser != NULL)
    return;

  chooser = create_chooser (self, _("Export Inventory"), GTK_FILE_CHOOSER_ACTION_SAVE,
                            _("_Export"), G_CALLBACK (export_response_cb));

  for (guint i = 0; i < G_N_ELEMENTS (export_formats); i++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
      g_autofree char *pattern = g_strconcat ("*", export_formats[i].extension, NULL);

      gtk_file_filter_set_name (filter, _(export_formats[i].name));
      gtk_file_filter_add_pattern (filter, pattern);
      g_object_set_data (G_OBJECT (filter), "format-index", GUINT_TO_POINTER (i));
      gtk_file_chooser_add_filter (chooser, filter);
      if (export_formats[i].format == TAKEOVER_INVENTORY_FORMAT_CSV)
        gtk_file_chooser_set_filter (chooser, filter);
    }

  gtk_file_chooser_add_choice (chooser, "secrets", _("Include BMC and SSH passwords"), NULL, NULL);
  gtk_file_chooser_set_choice (chooser, "secrets", "false");

  /* Suggest a new name so that an export without passwords never replaces the original. */
  if ((dot = strrchr (basename, '.')) != NULL)
    *dot = '\0';
  suggested = g_strconcat (basename, "-export.csv", NULL);
  gtk_file_chooser_set_current_name (chooser, suggested);

  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
open_response_cb (TakeoverWindow       *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      takeover_window_open (self, file);
    }

  g_clear_object (&self->chooser);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TakeoverWindow *self = TAKEOVER_WINDOW (widget);
  g_autoptr(GtkFileFilter) inventories = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooser *chooser;

  if (self->chooser != NULL)
    return;

  chooser = create_chooser (self, _("Import Inventory"), GTK_FILE_CHOOSER_ACTION_OPEN,
                            _("_Import"), G_CALLBACK (open_response_cb));

  gtk_file_filter_set_name (inventories, _("Inventories (hosts.conf, CSV, JSON)"));
  for (guint i = 0; i < G_N_ELEMENTS (export_formats); i++)
    {
      g_autofree char *pattern = g_strconcat ("*", export_formats[i].extension, NULL);

      gtk_file_filter_add_pattern (inventories, pattern);
    }
  gtk_file_chooser_add_filter (chooser, inventories);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, all);

  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* For the pages: a sentence that answers what the operator just did. */
static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  show_toast (TAKEOVER_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* The dashboard of this window's hosts: one a window, brought up again when it is open. */
static void
dashboard_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TakeoverWindow *self = TAKEOVER_WINDOW (widget);
  TakeoverDashboardWindow *dashboard;

  if (self->dashboard == NULL)
    {
      dashboard = takeover_dashboard_window_new (gtk_window_get_application (GTK_WINDOW (self)),
                                                 takeover_inventory_get_hosts (self->inventory));
      g_set_weak_pointer (&self->dashboard, dashboard);
    }
  gtk_window_present (GTK_WINDOW (self->dashboard));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TakeoverWindow *self = TAKEOVER_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
search_changed_cb (TakeoverWindow *self,
                   GtkSearchEntry *entry)
{
  g_autofree char *folded = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (g_strcmp0 (folded, self->search_text) == 0)
    return;

  /* Tell the filter model when only a narrower or wider search is needed. */
  if (strstr (folded, self->search_text) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (self->search_text, folded) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  g_free (self->search_text);
  self->search_text = g_steal_pointer (&folded);

  /* Without search text the model passes the rows through instead of asking about each one,
   * which keeps importing 100,000 hosts quick. */
  if (self->search_text[0] == '\0')
    gtk_filter_list_model_set_filter (self->filter_model, NULL);
  else if (gtk_filter_list_model_get_filter (self->filter_model) == NULL)
    gtk_filter_list_model_set_filter (self->filter_model, self->search_filter);
  else
    gtk_filter_changed (self->search_filter, change);
}

static void
stop_search_cb (TakeoverWindow *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

/* Enter or a double click on a row opens its host's record, to read or change. */
static void
row_activated_cb (TakeoverWindow *self,
                  guint           position)
{
  g_autoptr(TakeoverHostRow) row =
    g_list_model_get_item (G_LIST_MODEL (takeover_lazy_list_get_model (self->column_view)),
                           position);
  GtkWidget *dialog;

  g_assert (row != NULL);

  dialog = takeover_host_dialog_new (GTK_WINDOW (self), self->inventory,
                                     takeover_host_row_get_host (row));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Editing the list ---------------------------------------------------------------------------- */

/* The rows mirror the inventory's hosts, one for one and in order, whether a file was loaded
 * or the list was edited. */
static void
hosts_changed_cb (TakeoverWindow *self,
                  guint           position,
                  guint           removed,
                  guint           added,
                  GListModel     *hosts)
{
  TakeoverInventory *inventory = takeover_session_get_inventory (self->session);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_full (added, g_object_unref);

  for (guint i = 0; i < added; i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (hosts, position + i);

      g_ptr_array_add (rows, takeover_host_row_new (inventory, host));
    }
  g_list_store_splice (self->rows, position, removed, rows->pdata, rows->len);

  /* An edit, not a load (which shows its inventory when it is done). */
  if (!self->loading && self->inventory != NULL)
    {
      update_title (self);
      update_view (self);
    }
}

/* An edit changes problems anywhere in the list (a duplicate made or ended). */
static void
problems_changed_cb (TakeoverWindow *self)
{
  TakeoverInventory *inventory = takeover_session_get_inventory (self->session);
  guint n_rows = get_n_hosts (self);

  /* A load replaces the problems just before the hosts: the rows made for the new hosts take
   * their problems then, and the old rows are about to go. */
  if (self->loading)
    return;

  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(TakeoverHostRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      takeover_host_row_update_problems (row, inventory);
    }
  if (self->inventory != NULL)
    update_title (self);
}

static guint
count_selected (TakeoverWindow *self)
{
  GtkSelectionModel *selection = takeover_lazy_list_get_model (self->column_view);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (selection);

  return (guint) gtk_bitset_get_size (selected);
}

/* Editing the list is for the hosts step, and not while a stage reads the hosts. */
static void
update_edit_actions (TakeoverWindow *self)
{
  gboolean editable = self->inventory != NULL && !self->loading &&
                      !takeover_session_get_busy (self->session);
  guint n_selected = editable ? count_selected (self) : 0;
  g_autofree char *selected = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-host", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.paste-hosts", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-hosts", n_selected > 0);

  if (n_selected > 0)
    /* Translators: how many rows of the host list are selected. */
    selected = g_strdup_printf (ngettext ("%u selected", "%u selected", n_selected), n_selected);
  gtk_label_set_label (self->selection_label, selected != NULL ? selected : "");
}

static void
add_host_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TakeoverWindow *self = TAKEOVER_WINDOW (widget);
  GtkWidget *dialog;

  dialog = takeover_host_dialog_new (GTK_WINDOW (self), self->inventory, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_hosts_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TakeoverWindow *self = TAKEOVER_WINDOW (widget);
  GtkSelectionModel *selection = takeover_lazy_list_get_model (self->column_view);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (selection);
  g_autoptr(GPtrArray) hosts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *toast = NULL;
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(TakeoverHostRow) row = g_list_model_get_item (G_LIST_MODEL (selection), position);

      g_ptr_array_add (hosts, g_object_ref (takeover_host_row_get_host (row)));
    }
  if (hosts->len == 0)
    return;

  takeover_inventory_remove_hosts (self->inventory, hosts);
  /* Translators: said once hosts were taken off the list. */
  toast = g_strdup_printf (ngettext ("Removed %u host", "Removed %u hosts", hosts->len),
                           hosts->len);
  show_toast (self, toast);
}

static void
paste_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TakeoverWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *toast = NULL;
  guint n_added;

  text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  if (text == NULL || self->inventory == NULL || takeover_session_get_busy (self->session))
    n_added = 0;
  else
    n_added = takeover_inventory_append_data (self->inventory, text, strlen (text),
                                              TAKEOVER_INVENTORY_FORMAT_NONE);

  if (n_added == 0)
    toast = g_strdup (_("The clipboard holds no host records: copy hosts.conf lines, CSV rows "
                        "with their header, or JSON"));
  else
    /* Translators: said once hosts were pasted into the list. */
    toast = g_strdup_printf (ngettext ("Pasted %u host", "Pasted %u hosts", n_added), n_added);
  show_toast (self, toast);
}

/* hosts.conf lines (or CSV with its header, or JSON) from a spreadsheet or an editor. */
static void
paste_hosts_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TakeoverWindow *self = TAKEOVER_WINDOW (widget);

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), self->cancellable, paste_cb,
                                 g_object_ref (self));
}

static void
filter_items_changed_cb (TakeoverWindow *self)
{
  update_view (self);
}

static gboolean
drop_cb (TakeoverWindow *self,
         const GValue   *value,
         double          x,
         double          y,
         GtkDropTarget  *target)
{
  GFile *file = g_value_get_object (value);

  if (file == NULL)
    return FALSE;

  takeover_window_open (self, file);

  return TRUE;
}

static gboolean
close_idle_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));

  return G_SOURCE_REMOVE;
}

static void
close_response_cb (TakeoverWindow   *self,
                   const char       *response,
                   AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "stop") != 0)
    return;

  /* Once the dialog is done with its response: it goes with its parent. */
  self->close_confirmed = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_idle_cb, g_object_ref (self), g_object_unref);
}

/* An adoption stops with its window: the operator says so first. */
static gboolean
takeover_window_close_request (GtkWindow *window)
{
  TakeoverWindow *self = TAKEOVER_WINDOW (window);
  GtkWidget *dialog;
  guint n_running;

  if (self->close_confirmed ||
      takeover_session_get_stage (self->session) != TAKEOVER_SESSION_STAGE_ADOPTING)
    return GTK_WINDOW_CLASS (takeover_window_parent_class)->close_request (window);

  n_running = takeover_session_get_n_jobs (self->session) -
              MIN (takeover_session_get_n_jobs (self->session),
                   takeover_session_get_n_finished (self->session));
  dialog = adw_message_dialog_new (window, _("Stop the Adoption?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  ngettext ("%u host is not adopted yet. Closing stops each "
                                            "host after its current request; the servers are "
                                            "not touched, and Takeover offers to resume when "
                                            "it starts again.",
                                            "%u hosts are not adopted yet. Closing stops each "
                                            "host after its current request; the servers are "
                                            "not touched, and Takeover offers to resume when "
                                            "it starts again.", n_running),
                                  n_running);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Adopting"),
                                    "stop", _("_Stop and Close"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "stop",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

static void
takeover_window_dispose (GObject *object)
{
  TakeoverWindow *self = TAKEOVER_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  /* The pages' runs hold the pages until they end: they stop with the window, each host
   * after its current request, and the journal keeps where each got to. */
  if (self->adopt_page != NULL)
    takeover_adopt_page_stop (self->adopt_page);
  if (self->probe_page != NULL)
    takeover_probe_page_stop (self->probe_page);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  /* The dashboard is a window of its own: it stays open with the hosts it watches. */
  g_clear_weak_pointer (&self->dashboard);
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), TAKEOVER_TYPE_WINDOW);

  g_clear_object (&self->inventory);
  g_clear_object (&self->session);
  g_clear_object (&self->search_filter);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (takeover_window_parent_class)->dispose (object);
}

static void
takeover_window_finalize (GObject *object)
{
  TakeoverWindow *self = TAKEOVER_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->search_text, g_free);

  G_OBJECT_CLASS (takeover_window_parent_class)->finalize (object);
}

static void
takeover_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TakeoverWindow *self = TAKEOVER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_INVENTORY:
      g_value_set_object (value, self->inventory);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
takeover_window_class_init (TakeoverWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = takeover_window_dispose;
  window_class->close_request = takeover_window_close_request;
  object_class->finalize = takeover_window_finalize;
  object_class->get_property = takeover_window_get_property;

  /* The inventory shown, or NULL before the first import succeeds. */
  properties[PROP_INVENTORY] =
    g_param_spec_object ("inventory", NULL, NULL, TAKEOVER_TYPE_INVENTORY,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TAKEOVER_TYPE_HOST);
  g_type_ensure (TAKEOVER_TYPE_HOST_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bmtakeover/Takeover/takeover-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TakeoverWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TakeoverWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TakeoverWindow, steps);
  gtk_widget_class_bind_template_child (widget_class, TakeoverWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, TakeoverWindow, next_button);
  gtk_widget_class_bind_template_callback (widget_class, step_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, TakeoverWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, TakeoverWindow, no_hosts_page);
  gtk_widget_class_bind_template_child (widget_class, TakeoverWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TakeoverWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, TakeoverWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TakeoverWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, TakeoverWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, TakeoverWindow, name_column);
  gtk_widget_class_bind_template_child (widget_class, TakeoverWindow, bmc_column);
  gtk_widget_class_bind_template_child (widget_class, TakeoverWindow, mgmt_ip_column);
  gtk_widget_class_bind_template_child (widget_class, TakeoverWindow, ssh_user_column);
  gtk_widget_class_bind_template_child (widget_class, TakeoverWindow, status_column);
  gtk_widget_class_bind_template_child (widget_class, TakeoverWindow, selection_label);
  gtk_widget_class_bind_template_child (widget_class, TakeoverWindow, rows);
  gtk_widget_class_bind_template_child (widget_class, TakeoverWindow, filter_model);
  gtk_widget_class_bind_template_child (widget_class, TakeoverWindow, sort_model);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_items_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, marker_icon_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, severity_css_classes_cb);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.dashboard", NULL, dashboard_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.add-host", NULL, add_host_action);
  gtk_widget_class_install_action (widget_class, "win.remove-hosts", NULL, remove_hosts_action);
  gtk_widget_class_install_action (widget_class, "win.paste-hosts", NULL, paste_hosts_action);
}

static void
takeover_window_init (TakeoverWindow *self)
{
  GtkDropTarget *drop_target;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->search_text = g_strdup ("");
  /* The host list holds rows only while the hosts step is on screen. */
  takeover_lazy_list_bind (self->column_view, gtk_column_view_get_model (self->column_view));
  self->session = takeover_session_new ();
  g_signal_connect_object (takeover_inventory_get_hosts (takeover_session_get_inventory (
                             self->session)),
                           "items-changed", G_CALLBACK (hosts_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (takeover_inventory_get_problems (takeover_session_get_inventory (
                             self->session)),
                           "items-changed", G_CALLBACK (problems_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (takeover_lazy_list_get_model (self->column_view), "selection-changed",
                           G_CALLBACK (update_edit_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::busy", G_CALLBACK (update_edit_actions), self,
                           G_CONNECT_SWAPPED);
  self->probe_page = takeover_probe_page_new (self->session);
  gtk_stack_page_set_title (gtk_stack_add_named (self->steps, GTK_WIDGET (self->probe_page),
                                                 "probe-step"),
                            _("Probe"));
  self->cloud_page = takeover_cloud_page_new (self->session);
  gtk_stack_page_set_title (gtk_stack_add_named (self->steps, GTK_WIDGET (self->cloud_page),
                                                 "cloud-step"),
                            _("Cloud"));
  g_signal_connect_object (self->cloud_page, "notify::ready", G_CALLBACK (update_steps), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cloud_page, "checked", G_CALLBACK (cloud_checked_cb), self,
                           G_CONNECT_SWAPPED);
  self->prepare_page = takeover_prepare_page_new (self->session);
  gtk_stack_page_set_title (gtk_stack_add_named (self->steps, GTK_WIDGET (self->prepare_page),
                                                 "prepare-step"),
                            _("Prepare the Cloud"));
  g_signal_connect_object (self->prepare_page, "notify::ready", G_CALLBACK (update_steps), self,
                           G_CONNECT_SWAPPED);
  self->adopt_page = takeover_adopt_page_new (self->session);
  gtk_stack_page_set_title (gtk_stack_add_named (self->steps, GTK_WIDGET (self->adopt_page),
                                                 "adopt-step"),
                            _("Adopt"));
  self->summary_page = takeover_summary_page_new (self->session);
  gtk_stack_page_set_title (gtk_stack_add_named (self->steps, GTK_WIDGET (self->summary_page),
                                                 "summary-step"),
                            _("Summary"));
  g_signal_connect_object (self->session, "notify::busy", G_CALLBACK (update_steps), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::stage", G_CALLBACK (stage_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->settings = g_settings_new (APP_ID);
  /* The preferences hold for this window's engine: now, on each change, and for the adoption
   * a newly chosen cloud brings. */
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (preference_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::adopt", G_CALLBACK (adopt_changed_cb), self,
                           G_CONNECT_SWAPPED);
  apply_preference (self, NULL);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  set_text_factory (self->bmc_column, "bmc-address");
  set_text_factory (self->mgmt_ip_column, "mgmt-ip");
  set_text_factory (self->ssh_user_column, "ssh-username");
  set_column_sorter (self->name_column, COLUMN_NAME);
  set_column_sorter (self->bmc_column, COLUMN_BMC);
  set_column_sorter (self->mgmt_ip_column, COLUMN_MGMT_IP);
  set_column_sorter (self->ssh_user_column, COLUMN_SSH_USER);
  set_column_sorter (self->status_column, COLUMN_STATUS);
  gtk_sort_list_model_set_sorter (self->sort_model, gtk_column_view_get_sorter (self->column_view));

  self->search_filter = GTK_FILTER (gtk_custom_filter_new (search_filter_cb, self, NULL));
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  drop_target = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect_object (drop_target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->toast_overlay), GTK_EVENT_CONTROLLER (drop_target));

  update_view (self);
}

TakeoverWindow *
takeover_window_new (TakeoverApplication *application)
{
  return g_object_new (TAKEOVER_TYPE_WINDOW, "application", application, NULL);
}

/**
 * takeover_window_get_session:
 *
 * Returns: (transfer none): the takeover this window shows
 */
TakeoverSession *
takeover_window_get_session (TakeoverWindow *self)
{
  g_return_val_if_fail (TAKEOVER_IS_WINDOW (self), NULL);

  return self->session;
}

/**
 * takeover_window_get_probe_page:
 *
 * Returns: (transfer none): the wizard's probe step
 */
TakeoverProbePage *
takeover_window_get_probe_page (TakeoverWindow *self)
{
  g_return_val_if_fail (TAKEOVER_IS_WINDOW (self), NULL);

  return self->probe_page;
}

/**
 * takeover_window_get_cloud_page:
 *
 * Returns: (transfer none): the wizard's cloud step
 */
TakeoverCloudPage *
takeover_window_get_cloud_page (TakeoverWindow *self)
{
  g_return_val_if_fail (TAKEOVER_IS_WINDOW (self), NULL);

  return self->cloud_page;
}

/**
 * takeover_window_get_prepare_page:
 *
 * Returns: (transfer none): the wizard's prepare step
 */
TakeoverPreparePage *
takeover_window_get_prepare_page (TakeoverWindow *self)
{
  g_return_val_if_fail (TAKEOVER_IS_WINDOW (self), NULL);

  return self->prepare_page;
}

/**
 * takeover_window_offer_resume:
 *
 * When the latest adoption's cloud (as the settings remember it) has hosts left part-way in
 * its journal, chooses that cloud and asks whether to resume the run.
 *
 * Returns: whether the question was asked
 */
gboolean
takeover_window_offer_resume (TakeoverWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *file_name = NULL;
  g_autoptr(GFile) file = NULL;
  GtkWidget *dialog;
  guint n;

  g_return_val_if_fail (TAKEOVER_IS_WINDOW (self), FALSE);

  name = g_settings_get_string (self->settings, "resume-cloud");
  if (name[0] == '\0' || takeover_session_get_busy (self->session) ||
      !takeover_cloud_page_select (self->cloud_page, name) ||
      (file = takeover_session_dup_unfinished_inventory (self->session)) == NULL)
    return FALSE;

  n = takeover_session_get_n_unfinished (self->session);
  file_name = dup_file_display_name (file);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Resume the Adoption?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  ngettext ("The adoption into “%s” stopped with %u host "
                                            "part-way. Resuming imports %s again and takes each "
                                            "host on from where it stopped; adopted hosts are "
                                            "left as they are, and no server is powered off or "
                                            "rebooted.",
                                            "The adoption into “%s” stopped with %u hosts "
                                            "part-way. Resuming imports %s again and takes each "
                                            "host on from where it stopped; adopted hosts are "
                                            "left as they are, and no server is powered off or "
                                            "rebooted.", n),
                                  name, n, file_name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "later", _("_Not Now"),
                                    "resume", _("_Resume"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "resume",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "resume");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  g_signal_connect_object (dialog, "response", G_CALLBACK (resume_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

/**
 * takeover_window_get_summary_page:
 *
 * Returns: (transfer none): the wizard's summary step
 */
TakeoverSummaryPage *
takeover_window_get_summary_page (TakeoverWindow *self)
{
  g_return_val_if_fail (TAKEOVER_IS_WINDOW (self), NULL);

  return self->summary_page;
}

/**
 * takeover_window_get_adopt_page:
 *
 * Returns: (transfer none): the wizard's adopt step
 */
TakeoverAdoptPage *
takeover_window_get_adopt_page (TakeoverWindow *self)
{
  g_return_val_if_fail (TAKEOVER_IS_WINDOW (self), NULL);

  return self->adopt_page;
}

TakeoverInventory *
takeover_window_get_inventory (TakeoverWindow *self)
{
  g_return_val_if_fail (TAKEOVER_IS_WINDOW (self), NULL);

  return self->inventory;
}

gboolean
takeover_window_get_loading (TakeoverWindow *self)
{
  g_return_val_if_fail (TAKEOVER_IS_WINDOW (self), FALSE);

  return self->loading;
}

/* Whether the window shows nothing yet, so that an opened file can go into it. */
gboolean
takeover_window_is_empty (TakeoverWindow *self)
{
  g_return_val_if_fail (TAKEOVER_IS_WINDOW (self), FALSE);

  return self->inventory == NULL && !self->loading;
}

/* Imports @file in the background, replacing what the window shows once it is read; a load
 * still running is cancelled. Failures to read show as a toast, problems as row markers. */
void
takeover_window_open (TakeoverWindow *self,
                      GFile          *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (TAKEOVER_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  name = dup_file_display_name (file);
  adw_status_page_set_description (self->loading_page, name);
  set_loading (self, TRUE);

  /* Into the session's inventory: a load replaces its hosts only once the file was read. */
  takeover_inventory_load_async (takeover_session_get_inventory (self->session), file,
                                 TAKEOVER_INVENTORY_FORMAT_NONE, self->load_cancellable, load_cb,
                                 g_object_ref (self));
}
