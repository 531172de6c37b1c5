/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-probe-page"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-lazy-list.h"
#include "takeover-cell-tooltip.h"
#include "takeover-host-facts.h"
#include "takeover-probe-page.h"

/* The wizard's probe step: every host of the session's inventory with where its probe is and
 * what it found. Rows follow their host's notifies (probe-state, probe-result): the model is
 * the inventory itself and is never rebuilt, so that 1,000 rows stay smooth while they fill. */
struct _TakeoverProbePage
{
  TakeoverWizardPage   parent_instance;

  GCancellable        *cancellable;     /* the probe this page started */
  GtkSingleSelection  *selection;       /* the inventory's hosts, one of them chosen */
  guint                n_answered;
  guint                n_failed;

  GtkLabel            *status_label;
  GtkButton           *stop_button;
  GtkButton           *retry_button;
  GtkButton           *again_button;
  GtkProgressBar      *progress_bar;
  TakeoverHostFacts   *facts;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *host_column;
  GtkColumnViewColumn *state_column;
  GtkColumnViewColumn *power_column;
  GtkColumnViewColumn *bmc_column;
  GtkColumnViewColumn *cpus_column;
  GtkColumnViewColumn *memory_column;
  GtkColumnViewColumn *disks_column;
  GtkColumnViewColumn *nics_column;
};

enum {
  PROP_0,
  PROP_N_FAILED,
  N_PROPS
};

typedef enum
{
  CELL_HOST,
  CELL_STATE,
  CELL_POWER,
  CELL_BMC,
  CELL_CPUS,
  CELL_MEMORY,
  CELL_DISKS,
  CELL_NICS,
} CellKind;

G_DEFINE_FINAL_TYPE (TakeoverProbePage, takeover_probe_page, TAKEOVER_TYPE_WIZARD_PAGE)

static GParamSpec *properties[N_PROPS];

/* Cells ------------------------------------------------------------------------------------- */

static char *
format_bmc (const TakeoverProbeResult *result)
{
  if (result->bmc_manufacturer == NULL)
    return NULL;
  if (result->bmc_firmware == NULL)
    return g_strdup (result->bmc_manufacturer);

  /* Translators: a BMC's maker and firmware version, e.g. "Dell, firmware 2.81". */
  return g_strdup_printf (_("%s, firmware %s"), result->bmc_manufacturer, result->bmc_firmware);
}

static char *
format_disks (const TakeoverProbeResult *result)
{
  guint64 total = 0;
  g_autofree char *size = NULL;

  if (result->disks == NULL || result->disks->len == 0)
    return NULL;

  for (guint i = 0; i < result->disks->len; i++)
    total += ((const TakeoverProbeDisk *) g_ptr_array_index (result->disks, i))->size_bytes;
  size = g_format_size (total);

  /* Translators: the number of disks and their total size, e.g. "2 disks, 1.9 TB". */
  return g_strdup_printf (ngettext ("%u disk, %s", "%u disks, %s", result->disks->len),
                          result->disks->len, size);
}

static char *
format_nics (const TakeoverProbeResult *result)
{
  const TakeoverProbeNic *mgmt = takeover_probe_result_get_mgmt_nic (result);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_physical = 0;
  guint n_switched = 0;

  if (result->nics == NULL || result->nics->len == 0)
    return NULL;

  for (guint i = 0; i < result->nics->len; i++)
    {
      const TakeoverProbeNic *nic = g_ptr_array_index (result->nics, i);

      n_physical += nic->physical;
      n_switched += nic->physical && nic->lldp != NULL;
    }

  g_string_append_printf (text, ngettext ("%u port", "%u ports", n_physical), n_physical);
  if (mgmt != NULL)
    /* Translators: the NIC that holds the management IP, after the number of ports. */
    g_string_append_printf (text, _(", management on %s (%s)"), mgmt->name, mgmt->mac);
  if (n_switched > 0)
    g_string_append_printf (text, ngettext (", %u seen by its switch",
                                            ", %u seen by their switches", n_switched),
                            n_switched);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
set_label (GtkWidget  *label,
           const char *text,
           const char *tooltip)
{
  /* An em dash where nothing is known yet, so that an empty cell is not taken for a blank.
   * An inscription, not a label: its new text is only redrawn (see takeover-job-cell.c). */
  gtk_inscription_set_text (GTK_INSCRIPTION (label), text != NULL ? text : "—");
  takeover_cell_tooltip_set (label, tooltip);
}

static void
update_state_cell (GtkWidget    *box,
                   TakeoverHost *host)
{
  GtkWidget *spinner = gtk_widget_get_first_child (box);
  GtkWidget *image = gtk_widget_get_next_sibling (spinner);
  GtkWidget *label = gtk_widget_get_next_sibling (image);
  TakeoverHostProbeState state = takeover_host_get_probe_state (host);
  const char *icon_name = NULL;
  const char *text = NULL;
  const char *tooltip = NULL;

  switch (state)
    {
    case TAKEOVER_HOST_PROBE_NONE:
      text = _("Not probed");
      break;
    case TAKEOVER_HOST_PROBE_WAITING:
      text = _("Waiting");
      break;
    case TAKEOVER_HOST_PROBE_RUNNING:
      text = _("Probing…");
      break;
    case TAKEOVER_HOST_PROBE_ANSWERED:
      icon_name = "emblem-ok-symbolic";
      text = _("Answered");
      break;
    case TAKEOVER_HOST_PROBE_FAILED:
    default:
      icon_name = "dialog-error-symbolic";
      text = takeover_host_get_probe_message (host) != NULL
        ? takeover_host_get_probe_message (host) : _("Failed");
      tooltip = text;
      break;
    }

  gtk_spinner_set_spinning (GTK_SPINNER (spinner), state == TAKEOVER_HOST_PROBE_RUNNING);
  gtk_widget_set_visible (spinner, state == TAKEOVER_HOST_PROBE_RUNNING);
  gtk_widget_set_visible (image, icon_name != NULL);
  if (icon_name != NULL)
    gtk_image_set_from_icon_name (GTK_IMAGE (image), icon_name);
  if (state == TAKEOVER_HOST_PROBE_FAILED)
    gtk_widget_add_css_class (box, "error");
  else
    gtk_widget_remove_css_class (box, "error");
  if (state == TAKEOVER_HOST_PROBE_ANSWERED)
    gtk_widget_add_css_class (image, "success");
  else
    gtk_widget_remove_css_class (image, "success");
  set_label (label, text, tooltip);
}

static void
update_cell (GtkListItem *list_item)
{
  TakeoverHost *host = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  CellKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (list_item), "kind"));
  const TakeoverProbeResult *result;
  g_autofree char *text = NULL;
  const char *tooltip = NULL;

  if (host == NULL)
    return;

  result = takeover_host_get_probe_result (host);
  switch (kind)
    {
    case CELL_HOST:
      set_label (child, takeover_host_get_display_name (host), takeover_host_get_mgmt_ip (host));
      return;

    case CELL_STATE:
      update_state_cell (child, host);
      return;

    case CELL_POWER:
      if (result != NULL && result->ipmi_answered)
        text = g_strdup (takeover_host_facts_format_power (result->power_state));
      break;

    case CELL_BMC:
      if (result != NULL)
        text = format_bmc (result);
      break;

    case CELL_CPUS:
      if (result != NULL && result->cpus > 0)
        {
          text = g_strdup_printf ("%u", result->cpus);
          tooltip = result->cpu_model;
        }
      break;

    case CELL_MEMORY:
      if (result != NULL && result->memory_mb > 0)
        text = g_format_size_full (result->memory_mb * 1024 * 1024, G_FORMAT_SIZE_IEC_UNITS);
      break;

    case CELL_DISKS:
      if (result != NULL)
        text = format_disks (result);
      break;

    case CELL_NICS:
    default:
      if (result != NULL)
        text = format_nics (result);
      break;
    }

  set_label (child, text, tooltip != NULL ? tooltip : text);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  CellKind kind = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (label), 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (label),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (label), 16);
  gtk_widget_set_hexpand (label, TRUE);
  g_object_set_data (G_OBJECT (list_item), "kind", user_data);

  if (kind == CELL_STATE)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

      gtk_box_append (GTK_BOX (box), gtk_spinner_new ());
      gtk_box_append (GTK_BOX (box), gtk_image_new ());
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_item_set_child (list_item, box);
      return;
    }

  if (kind == CELL_CPUS)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
host_notify_cb (GtkListItem *list_item,
                GParamSpec  *pspec,
                TakeoverHost *host)
{
  update_cell (list_item);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         gpointer                  user_data)
{
  TakeoverHost *host = gtk_list_item_get_item (list_item);

  update_cell (list_item);
  g_signal_connect_object (host, "notify::probe-state", G_CALLBACK (host_notify_cb), list_item,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (host, "notify::probe-result", G_CALLBACK (host_notify_cb), list_item,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (host, "notify::probe-message", G_CALLBACK (host_notify_cb),
                           list_item, G_CONNECT_SWAPPED);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  TakeoverHost *host = gtk_list_item_get_item (list_item);

  if (host != NULL)
    g_signal_handlers_disconnect_by_func (host, host_notify_cb, list_item);
}

static void
set_cell_factory (GtkColumnViewColumn *column,
                  CellKind             kind)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GINT_TO_POINTER (kind));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), NULL);
  gtk_column_view_column_set_factory (column, factory);
}

/* The status line -------------------------------------------------------------------------- */

static void
count_hosts (TakeoverProbePage *self)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  GListModel *hosts = takeover_inventory_get_hosts (takeover_session_get_inventory (session));
  guint n_failed = 0;

  self->n_answered = 0;
  for (guint i = 0; i < g_list_model_get_n_items (hosts); i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (hosts, i);
      TakeoverHostProbeState state = takeover_host_get_probe_state (host);

      self->n_answered += state == TAKEOVER_HOST_PROBE_ANSWERED;
      n_failed += state == TAKEOVER_HOST_PROBE_FAILED;
    }

  if (self->n_failed != n_failed)
    {
      self->n_failed = n_failed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FAILED]);
    }
}

static void
update_status (TakeoverProbePage *self)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  gboolean probing = takeover_session_get_stage (session) == TAKEOVER_SESSION_STAGE_PROBING;
  guint n_hosts = g_list_model_get_n_items (takeover_inventory_get_hosts (
                                              takeover_session_get_inventory (session)));
  guint n_to_probe = takeover_session_get_n_to_probe (session);
  guint n_probed = takeover_session_get_n_probed (session);
  g_autofree char *text = NULL;

  count_hosts (self);

  if (probing)
    text = g_strdup_printf (ngettext ("Probing… %u of %u host done",
                                      "Probing… %u of %u hosts done", n_to_probe),
                            n_probed, n_to_probe);
  else if (self->n_answered + self->n_failed == 0)
    text = g_strdup (_("Probing only reads: each host’s BMC is asked over IPMI and its operating "
                       "system over SSH. Nothing on the servers is changed."));
  else if (self->n_failed == 0)
    text = g_strdup_printf (ngettext ("%u host answered.", "All %u hosts answered.",
                                      self->n_answered),
                            self->n_answered);
  else
    /* Translators: after a probe; the reasons are beside each host. */
    text = g_strdup_printf (ngettext ("%u of %u hosts answered; %u did not: the reason is "
                                      "beside it. Fix the inventory or the host, then retry.",
                                      "%u of %u hosts answered; %u did not: the reason is "
                                      "beside each. Fix the inventory or the hosts, then retry.",
                                      self->n_failed),
                            self->n_answered, n_hosts, self->n_failed);

  gtk_label_set_label (self->status_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 probing && n_to_probe > 0 ? (double) n_probed / n_to_probe
                                 : self->n_answered + self->n_failed > 0 ? 1.0 : 0.0);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), probing);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), !probing && self->n_failed > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->again_button),
                            !takeover_session_get_busy (session) && n_hosts > 0);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TakeoverProbePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (takeover_session_probe_finish (TAKEOVER_SESSION (object), result, &error) < 0 &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      update_status (self);
      gtk_label_set_label (self->status_label, error->message);
      return;
    }

  update_status (self);
}

static void
probe (TakeoverProbePage *self,
       GListModel        *hosts)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  takeover_session_probe_async (session, hosts, self->cancellable, probe_cb,
                                g_object_ref (self));
  update_status (self);
}

static void
selected_cb (TakeoverProbePage *self)
{
  TakeoverHost *host = gtk_single_selection_get_selected_item (self->selection);

  takeover_host_facts_set_host (self->facts, host);
  gtk_widget_set_visible (GTK_WIDGET (self->facts), host != NULL);
}

/* GObject ------------------------------------------------------------------------------------ */

static void
takeover_probe_page_constructed (GObject *object)
{
  TakeoverProbePage *self = TAKEOVER_PROBE_PAGE (object);
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));

  G_OBJECT_CLASS (takeover_probe_page_parent_class)->constructed (object);

  g_assert (session != NULL);

  /* A host is chosen to see all that was found on it; none is at first. */
  self->selection = gtk_single_selection_new (g_object_ref (takeover_inventory_get_hosts (
                                                              takeover_session_get_inventory (session))));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (selected_cb),
                           self, G_CONNECT_SWAPPED);
  takeover_lazy_list_bind (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (session, "notify::n-probed", G_CALLBACK (update_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::stage", G_CALLBACK (update_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (takeover_inventory_get_hosts (takeover_session_get_inventory (session)),
                           "items-changed", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  update_status (self);
}

static void
takeover_probe_page_dispose (GObject *object)
{
  TakeoverProbePage *self = TAKEOVER_PROBE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAKEOVER_TYPE_PROBE_PAGE);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (takeover_probe_page_parent_class)->dispose (object);
}

static void
takeover_probe_page_finalize (GObject *object)
{
  TakeoverProbePage *self = TAKEOVER_PROBE_PAGE (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (takeover_probe_page_parent_class)->finalize (object);
}

static void
takeover_probe_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TakeoverProbePage *self = TAKEOVER_PROBE_PAGE (object);

  switch (prop_id)
    {
    case PROP_N_FAILED:
      g_value_set_uint (value, self->n_failed);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
takeover_probe_page_class_init (TakeoverProbePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (TAKEOVER_TYPE_HOST_FACTS);

  object_class->constructed = takeover_probe_page_constructed;
  object_class->dispose = takeover_probe_page_dispose;
  object_class->finalize = takeover_probe_page_finalize;
  object_class->get_property = takeover_probe_page_get_property;

  /* Hosts whose latest probe failed: what "Retry Failed" would probe again. */
  properties[PROP_N_FAILED] =
    g_param_spec_uint ("n-failed", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bmtakeover/Takeover/takeover-probe-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TakeoverProbePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, TakeoverProbePage, facts);
  gtk_widget_class_bind_template_child (widget_class, TakeoverProbePage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, TakeoverProbePage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, TakeoverProbePage, again_button);
  gtk_widget_class_bind_template_child (widget_class, TakeoverProbePage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, TakeoverProbePage, column_view);
  gtk_widget_class_bind_template_child (widget_class, TakeoverProbePage, host_column);
  gtk_widget_class_bind_template_child (widget_class, TakeoverProbePage, state_column);
  gtk_widget_class_bind_template_child (widget_class, TakeoverProbePage, power_column);
  gtk_widget_class_bind_template_child (widget_class, TakeoverProbePage, bmc_column);
  gtk_widget_class_bind_template_child (widget_class, TakeoverProbePage, cpus_column);
  gtk_widget_class_bind_template_child (widget_class, TakeoverProbePage, memory_column);
  gtk_widget_class_bind_template_child (widget_class, TakeoverProbePage, disks_column);
  gtk_widget_class_bind_template_child (widget_class, TakeoverProbePage, nics_column);
  gtk_widget_class_bind_template_callback (widget_class, takeover_probe_page_start);
  gtk_widget_class_bind_template_callback (widget_class, takeover_probe_page_stop);
  gtk_widget_class_bind_template_callback (widget_class, takeover_probe_page_retry_failed);
}

static void
takeover_probe_page_init (TakeoverProbePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  set_cell_factory (self->host_column, CELL_HOST);
  set_cell_factory (self->state_column, CELL_STATE);
  set_cell_factory (self->power_column, CELL_POWER);
  set_cell_factory (self->bmc_column, CELL_BMC);
  set_cell_factory (self->cpus_column, CELL_CPUS);
  set_cell_factory (self->memory_column, CELL_MEMORY);
  set_cell_factory (self->disks_column, CELL_DISKS);
  set_cell_factory (self->nics_column, CELL_NICS);
}

TakeoverProbePage *
takeover_probe_page_new (TakeoverSession *session)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (session), NULL);

  return g_object_new (TAKEOVER_TYPE_PROBE_PAGE, "session", session, NULL);
}

guint
takeover_probe_page_get_n_failed (TakeoverProbePage *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PROBE_PAGE (self), 0);

  return self->n_failed;
}

/**
 * takeover_probe_page_start:
 *
 * Probes every host of the session's inventory (reading only); the rows fill in as each
 * host answers.
 */
void
takeover_probe_page_start (TakeoverProbePage *self)
{
  g_return_if_fail (TAKEOVER_IS_PROBE_PAGE (self));

  probe (self, NULL);
}

/**
 * takeover_probe_page_retry_failed:
 *
 * Probes again the hosts whose latest probe failed.
 */
void
takeover_probe_page_retry_failed (TakeoverProbePage *self)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  GListModel *hosts;
  g_autoptr(GListStore) failed = NULL;

  g_return_if_fail (TAKEOVER_IS_PROBE_PAGE (self));

  hosts = takeover_inventory_get_hosts (takeover_session_get_inventory (session));
  failed = g_list_store_new (TAKEOVER_TYPE_HOST);
  for (guint i = 0; i < g_list_model_get_n_items (hosts); i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (hosts, i);

      if (takeover_host_get_probe_state (host) == TAKEOVER_HOST_PROBE_FAILED)
        g_list_store_append (failed, host);
    }

  if (g_list_model_get_n_items (G_LIST_MODEL (failed)) > 0)
    probe (self, G_LIST_MODEL (failed));
}

/**
 * takeover_probe_page_stop:
 *
 * Stops the probe this page started; the hosts already probed keep what was found.
 */
void
takeover_probe_page_stop (TakeoverProbePage *self)
{
  g_return_if_fail (TAKEOVER_IS_PROBE_PAGE (self));

  g_cancellable_cancel (self->cancellable);
}
