/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "takeover-application.h"
#include "takeover-host-dialog.h"
#include "takeover-host-row.h"
#include "takeover-preferences-window.h"
#include "takeover-session.h"
#include "takeover-ui-test.h"
#include "takeover-window.h"

/* A guard against a hang, not a performance figure: loading a nine-line file takes a blink. */
#define WAIT_SECONDS 20

static void
iterate_until (TakeoverUiTestCondition condition,
               gpointer                data)
{
  takeover_ui_test_iterate_until (condition, data, WAIT_SECONDS);
}

static gboolean
not_loading_cb (gpointer data)
{
  return !takeover_window_get_loading (data);
}

static gboolean
has_inventory_cb (gpointer data)
{
  return takeover_window_get_inventory (data) != NULL;
}

static GtkWidget *
find_widget (GtkWidget            *widget,
             GType                 type,
             TakeoverUiTestAccept  accept)
{
  return takeover_ui_test_find (widget, type, accept, NULL);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  return takeover_ui_test_find (widget, type, NULL, NULL);
}

static gboolean
is_main_stack (GtkWidget     *stack,
               gconstpointer  data)
{
  return gtk_stack_get_child_by_name (GTK_STACK (stack), "hosts") != NULL;
}

static gboolean
is_export_button (GtkWidget     *button,
                  gconstpointer  data)
{
  return g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), "win.export") == 0;
}

static const char *
get_visible_page (TakeoverWindow *window)
{
  GtkWidget *stack = find_widget (GTK_WIDGET (window), GTK_TYPE_STACK, is_main_stack);

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static GListModel *
get_shown_rows (TakeoverWindow *window)
{
  GtkWidget *view = find_descendant (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW);

  return G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
}

static TakeoverHostRow *
find_row (GListModel *rows,
          const char *bmc_address)
{
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(TakeoverHostRow) row = g_list_model_get_item (rows, i);
      TakeoverHost *host = takeover_host_row_get_host (row);

      if (g_strcmp0 (takeover_host_get_bmc_address (host), bmc_address) == 0)
        return row;
    }

  return NULL;
}

/* What the name cell of one rendered row shows: its marker icon (NULL when hidden) and the
 * marker's tooltip, keyed by the name label next to it. */
typedef struct
{
  char *icon_name;
  char *tooltip;
} Marker;

static void
marker_free (Marker *marker)
{
  g_free (marker->icon_name);
  g_free (marker->tooltip);
  g_free (marker);
}

static void
collect_markers (GtkWidget  *widget,
                 GHashTable *markers)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = gtk_widget_get_next_sibling (child);

      if (GTK_IS_IMAGE (child) && GTK_IS_LABEL (label))
        {
          Marker *marker = g_new0 (Marker, 1);

          if (gtk_widget_get_visible (child))
            {
              marker->icon_name = g_strdup (gtk_image_get_icon_name (GTK_IMAGE (child)));
              marker->tooltip = g_strdup (gtk_widget_get_tooltip_text (child));
            }
          g_hash_table_replace (markers, g_strdup (gtk_label_get_label (GTK_LABEL (label))),
                                marker);
        }
      else
        collect_markers (child, markers);
    }
}

typedef struct
{
  TakeoverWindow *window;
  GHashTable     *markers;
  guint           n_expected;
} MarkerWait;

static gboolean
markers_rendered_cb (gpointer data)
{
  MarkerWait *wait = data;
  GtkWidget *view = find_descendant (GTK_WIDGET (wait->window), GTK_TYPE_COLUMN_VIEW);

  g_hash_table_remove_all (wait->markers);
  if (gtk_widget_get_mapped (view))
    collect_markers (view, wait->markers);

  return g_hash_table_size (wait->markers) >= wait->n_expected;
}

static GHashTable *
wait_for_markers (TakeoverWindow *window,
                  guint           n_expected)
{
  MarkerWait wait = { window, NULL, n_expected };

  wait.markers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) marker_free);
  iterate_until (markers_rendered_cb, &wait);

  return wait.markers;
}

/* Closes @window and checks that nothing (a load, an export, a binding) keeps it alive. */
static void
destroy_window (TakeoverWindow *window)
{
  takeover_ui_test_destroy_window (GTK_WINDOW (window), WAIT_SECONDS);
}

static TakeoverWindow *
open_in_new_window (TakeoverApplication *app,
                    const char          *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "ui", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  TakeoverWindow *window;

  /* The way `takeover FILE` and a file manager hand a file to the application. */
  g_application_open (G_APPLICATION (app), &file, 1, "");
  window = TAKEOVER_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  g_assert_true (takeover_window_get_loading (window));
  iterate_until (not_loading_cb, window);
  g_assert_nonnull (takeover_window_get_inventory (window));

  return window;
}

static void
test_window_empty_state (TakeoverApplication *app)
{
  TakeoverWindow *window = takeover_window_new (app);
  GtkWidget *status_page;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (takeover_window_is_empty (window));
  g_assert_cmpstr (get_visible_page (window), ==, "empty");
  status_page = find_descendant (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  g_assert_true (gtk_widget_is_visible (status_page));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status_page)), !=, "");
  g_assert_false (gtk_widget_get_sensitive (find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON,
                                                         is_export_button)));

  destroy_window (window);
}

typedef struct
{
  GType      type;
  GtkWidget *found;
} ToplevelWait;

static gboolean
is_toplevel_shown (gpointer data)
{
  ToplevelWait *wait = data;
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, wait->type) && gtk_widget_get_visible (l->data))
        wait->found = l->data;
    }
  g_list_free (toplevels);

  return wait->found != NULL;
}

/* The dialog of @type that the window opened, once it shows. */
static GtkWidget *
wait_for_toplevel (GType type)
{
  ToplevelWait wait = { type, NULL };

  iterate_until (is_toplevel_shown, &wait);

  return wait.found;
}

static void
test_window_import_marks_problems (TakeoverApplication *app)
{
  TakeoverWindow *window = open_in_new_window (app, "mixed.conf");
  TakeoverInventory *inventory = takeover_window_get_inventory (window);
  GListModel *hosts = takeover_inventory_get_hosts (inventory);
  GListModel *problems = takeover_inventory_get_problems (inventory);
  GListModel *rows = get_shown_rows (window);
  g_autoptr(GHashTable) markers = NULL;
  guint n_rows = g_list_model_get_n_items (rows);
  guint n_hostless = 0;
  static const char *good[] = { "127.0.1.1", "127.0.1.2" };
  static const char *erroneous[] = { "bmc_with_underscore!", "127.0.1.7" };

  g_assert_cmpstr (get_visible_page (window), ==, "hosts");

  /* Every record of the file is a row, bad ones included, in the file's order. */
  g_assert_cmpuint (n_rows, ==, g_list_model_get_n_items (hosts));
  g_assert_cmpuint (n_rows, >=, 7);
  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(TakeoverHostRow) row = g_list_model_get_item (rows, i);
      g_autoptr(TakeoverHost) host = g_list_model_get_item (hosts, i);

      g_assert_true (takeover_host_row_get_host (row) == host);
    }

  markers = wait_for_markers (window, n_rows);
  g_assert_cmpuint (g_hash_table_size (markers), ==, n_rows);

  /* The rendered marker of each row says what the inventory found, in its words. */
  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (hosts, i);
      Marker *marker = g_hash_table_lookup (markers, takeover_host_get_display_name (host));
      TakeoverSeverity severity;
      g_autofree char *messages = NULL;

      g_assert_nonnull (marker);
      if (!takeover_inventory_get_host_severity (inventory, host, &severity))
        {
          g_assert_null (marker->icon_name);
          continue;
        }

      messages = takeover_inventory_dup_host_messages (inventory, host);
      g_assert_cmpstr (marker->icon_name, ==,
                       severity == TAKEOVER_SEVERITY_ERROR ? "dialog-error-symbolic"
                                                           : "dialog-warning-symbolic");
      g_assert_cmpstr (marker->tooltip, ==, messages);
      g_assert_cmpuint (strlen (marker->tooltip), >, 10);
    }

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_null (((Marker *) g_hash_table_lookup (markers, good[i]))->icon_name);
  for (guint i = 0; i < G_N_ELEMENTS (erroneous); i++)
    g_assert_cmpstr (((Marker *) g_hash_table_lookup (markers, erroneous[i]))->icon_name, ==,
                     "dialog-error-symbolic");
  /* An empty BMC password can be filled in later (an export without secrets has them). */
  g_assert_cmpstr (((Marker *) g_hash_table_lookup (markers, "127.0.1.10"))->icon_name, ==,
                   "dialog-warning-symbolic");
  /* The second use of 198.18.0.4 is marked, whichever severity the inventory gives it. */
  g_assert_nonnull (((Marker *) g_hash_table_lookup (markers, "127.0.1.6"))->icon_name);

  /* No problem is lost: each has a row or is listed in the dialog for lines without a host,
   * and the short line 9 has one or the other. */
  for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
    {
      g_autoptr(TakeoverProblem) problem = g_list_model_get_item (problems, i);
      TakeoverHost *host = takeover_problem_get_host (problem);

      if (host == NULL)
        n_hostless++;
      else
        g_assert_nonnull (find_row (rows, takeover_host_get_bmc_address (host)));
    }
  if (find_row (rows, "127.0.1.8") == NULL)
    g_assert_cmpuint (n_hostless, >, 0);
  if (n_hostless > 0)
    {
      ToplevelWait dialog = { ADW_TYPE_MESSAGE_DIALOG, NULL };

      g_assert_true (is_toplevel_shown (&dialog));
    }

  destroy_window (window);
}

static gboolean
first_row_is_cb (gpointer data)
{
  gpointer *args = data;
  g_autoptr(TakeoverHostRow) row = g_list_model_get_item (args[0], 0);

  return row != NULL &&
         g_strcmp0 (takeover_host_get_bmc_address (takeover_host_row_get_host (row)),
                    args[1]) == 0;
}

static void
test_window_sort (TakeoverApplication *app)
{
  TakeoverWindow *window = open_in_new_window (app, "mixed.conf");
  GtkWidget *view = find_descendant (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW);
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (view));
  g_autoptr(GtkColumnViewColumn) bmc = g_list_model_get_item (columns, 1);
  g_autoptr(GtkColumnViewColumn) status = g_list_model_get_item (columns, 4);
  GListModel *rows = get_shown_rows (window);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  gpointer args[2] = { rows, NULL };
  static const char *by_bmc[] = {
    "127.0.1.1", "127.0.1.2", "127.0.1.4", "127.0.1.6", "127.0.1.7", "127.0.1.8", "127.0.1.10",
    "bmc_with_underscore!",
  };

  /* Addresses sort by value: .10 after .7, where plain string order puts it after .1. */
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (view), bmc, GTK_SORT_ASCENDING);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(TakeoverHostRow) row = g_list_model_get_item (rows, i);

      g_ptr_array_add (order, (gpointer) takeover_host_get_bmc_address (takeover_host_row_get_host (row)));
    }
  g_assert_cmpuint (order->len, ==, G_N_ELEMENTS (by_bmc));
  for (guint i = 0; i < order->len; i++)
    g_assert_cmpstr (g_ptr_array_index (order, i), ==, by_bmc[i]);

  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (view), bmc, GTK_SORT_DESCENDING);
  args[1] = "bmc_with_underscore!";
  iterate_until (first_row_is_cb, args);

  /* Status puts the rows with errors first and the ready ones last. */
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (view), status, GTK_SORT_ASCENDING);
  {
    g_autoptr(TakeoverHostRow) first = g_list_model_get_item (rows, 0);
    g_autoptr(TakeoverHostRow) last =
      g_list_model_get_item (rows, g_list_model_get_n_items (rows) - 1);

    g_assert_true (takeover_host_row_get_has_problems (first));
    g_assert_cmpint (takeover_host_row_get_severity (first), ==, TAKEOVER_SEVERITY_ERROR);
    g_assert_false (takeover_host_row_get_has_problems (last));
  }

  destroy_window (window);
}

static gboolean
n_rows_is_cb (gpointer data)
{
  gpointer *args = data;

  return g_list_model_get_n_items (args[0]) == GPOINTER_TO_UINT (args[1]);
}

static void
test_window_search (TakeoverApplication *app)
{
  TakeoverWindow *window = open_in_new_window (app, "mixed.conf");
  GtkWidget *search_bar = find_descendant (GTK_WIDGET (window), GTK_TYPE_SEARCH_BAR);
  GtkWidget *entry = find_descendant (search_bar, GTK_TYPE_SEARCH_ENTRY);
  GListModel *rows = get_shown_rows (window);
  guint n_all = g_list_model_get_n_items (rows);
  gpointer args[2] = { rows, GUINT_TO_POINTER (1) };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (search_bar)));

  /* Case does not matter, and the management IP is searched too. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "BMC_WITH");
  iterate_until (n_rows_is_cb, args);
  gtk_editable_set_text (GTK_EDITABLE (entry), "198.18.0.7");
  iterate_until (n_rows_is_cb, args);
  g_assert_cmpstr (get_visible_page (window), ==, "hosts");

  args[1] = GUINT_TO_POINTER (0);
  gtk_editable_set_text (GTK_EDITABLE (entry), "no such host anywhere");
  iterate_until (n_rows_is_cb, args);
  g_assert_cmpstr (get_visible_page (window), ==, "no-results");

  args[1] = GUINT_TO_POINTER (n_all);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  iterate_until (n_rows_is_cb, args);
  g_assert_cmpstr (get_visible_page (window), ==, "hosts");

  destroy_window (window);
}

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkDropTarget *target = find_drop_target (child);

      if (target != NULL)
        return target;
    }

  return NULL;
}

static void
test_window_drop_replaces (TakeoverApplication *app)
{
  TakeoverWindow *window = open_in_new_window (app, "mixed.conf");
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "ui", "good.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_auto(GValue) value = G_VALUE_INIT;
  GtkDropTarget *target = find_drop_target (GTK_WIDGET (window));
  gboolean accepted = FALSE;
  g_autoptr(GHashTable) markers = NULL;

  g_assert_nonnull (target);
  g_value_init (&value, G_TYPE_FILE);
  g_value_set_object (&value, file);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
  g_assert_true (takeover_window_get_loading (window));
  iterate_until (not_loading_cb, window);
  g_assert_nonnull (takeover_window_get_inventory (window));

  /* The window's session now holds the dropped file's hosts, and shows them. */
  g_assert_true (takeover_window_get_inventory (window) ==
                 takeover_session_get_inventory (takeover_window_get_session (window)));
  g_assert_true (g_file_equal (takeover_inventory_get_file (takeover_window_get_inventory (window)),
                               file));
  g_assert_cmpuint (g_list_model_get_n_items (takeover_inventory_get_hosts (
                      takeover_window_get_inventory (window))), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (get_shown_rows (window)), ==, 2);
  markers = wait_for_markers (window, 2);
  g_assert_null (((Marker *) g_hash_table_lookup (markers, "tb-001"))->icon_name);
  g_assert_null (((Marker *) g_hash_table_lookup (markers, "tb-002"))->icon_name);

  destroy_window (window);
}

static gboolean
shows_label_containing (GtkWidget  *widget,
                        const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (shows_label_containing (child, text))
        return TRUE;
    }

  return FALSE;
}

/* A file that cannot be read leaves the window as it was and says why in a toast; the
 * path has characters that mean something in Pango markup, which the toast must show as is. */
static void
test_window_unreadable_file (TakeoverApplication *app)
{
  TakeoverWindow *window = takeover_window_new (app);
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/<b>R&D</b>/hosts.conf");

  gtk_window_present (GTK_WINDOW (window));
  takeover_window_open (window, file);
  g_assert_cmpstr (get_visible_page (window), ==, "loading");
  iterate_until (not_loading_cb, window);

  g_assert_null (takeover_window_get_inventory (window));
  g_assert_cmpstr (get_visible_page (window), ==, "empty");
  g_assert_true (shows_label_containing (GTK_WIDGET (window), "/nonexistent/<b>R&D</b>/"));

  destroy_window (window);
}

typedef struct
{
  GtkWidget  *widget;
  const char *text;
} LabelWait;

static gboolean
shows_label_cb (gpointer data)
{
  LabelWait *wait = data;

  return shows_label_containing (wait->widget, wait->text);
}

/* Exports through the real dialog, as a person would: type a name, maybe pick a format and
 * tick the passwords box, press Export. Returns what the exported file reads back as. */
static TakeoverInventory *
export_through_dialog (TakeoverWindow *window,
                       const char     *folder,
                       const char     *name,
                       guint           filter_index,
                       gboolean        tick_secrets,
                       const char     *expected_name)
{
  GtkWidget *dialog;
  g_autoptr(GFile) dir = g_file_new_for_path (folder);
  g_autoptr(GListModel) filters = NULL;
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autoptr(GFile) written = g_file_get_child (dir, expected_name);
  g_autoptr(GError) error = NULL;
  TakeoverInventory *inventory = takeover_inventory_new ();
  g_autofree char *toast_text = NULL;
  LabelWait toast;
  g_autofree char *typed = g_build_filename (folder, name, NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  dialog = wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);

  /* Passwords stay out unless the box is ticked. */
  g_assert_cmpstr (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "secrets"), ==,
                   "false");
  if (tick_secrets)
    gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), "secrets", "true");

  filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (dialog));
  filter = g_list_model_get_item (filters, filter_index);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), filter);
  /* Typed as a full path, as the name entry accepts. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), typed);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  toast.widget = GTK_WIDGET (window);
  toast.text = toast_text = g_strconcat ("Exported to ", expected_name, NULL);
  iterate_until (shows_label_cb, &toast);

  takeover_inventory_load (inventory, written, TAKEOVER_INVENTORY_FORMAT_NONE, NULL, &error);
  g_assert_no_error (error);

  return inventory;
}

static void
test_window_export (TakeoverApplication *app)
{
  TakeoverWindow *window = open_in_new_window (app, "good.csv");
  g_autofree char *folder = g_dir_make_tmp ("takeover-export-XXXXXX", NULL);
  g_autoptr(TakeoverInventory) plain = NULL;
  g_autoptr(TakeoverInventory) secret = NULL;
  g_autoptr(TakeoverHost) plain_host = NULL;
  g_autoptr(TakeoverHost) secret_host = NULL;
  g_autofree char *plain_path = g_build_filename (folder, "fleet.json", NULL);
  g_autofree char *secret_path = g_build_filename (folder, "fleet.conf", NULL);

  /* No extension typed: the chosen filter (JSON, the third) gives the format and the name. */
  plain = export_through_dialog (window, folder, "fleet", 2, FALSE, "fleet.json");
  g_assert_cmpint (takeover_inventory_get_format (plain), ==, TAKEOVER_INVENTORY_FORMAT_JSON);
  g_assert_cmpuint (g_list_model_get_n_items (takeover_inventory_get_hosts (plain)), ==, 2);
  plain_host = g_list_model_get_item (takeover_inventory_get_hosts (plain), 0);
  g_assert_cmpstr (takeover_host_get_name (plain_host), ==, "tb-001");
  g_assert_cmpstr (takeover_host_get_bmc_address (plain_host), ==, "127.0.1.1");
  g_assert_true (takeover_host_get_bmc_password (plain_host) == NULL ||
                 *takeover_host_get_bmc_password (plain_host) == '\0');
  g_assert_true (takeover_host_get_ssh_password (plain_host) == NULL ||
                 *takeover_host_get_ssh_password (plain_host) == '\0');

  /* The typed extension wins over the filter; the ticked box brings the passwords along. */
  secret = export_through_dialog (window, folder, "fleet.conf", 2, TRUE, "fleet.conf");
  g_assert_cmpint (takeover_inventory_get_format (secret), ==, TAKEOVER_INVENTORY_FORMAT_CONF);
  secret_host = g_list_model_get_item (takeover_inventory_get_hosts (secret), 1);
  g_assert_cmpstr (takeover_host_get_bmc_password (secret_host), ==, "password");
  g_assert_cmpstr (takeover_host_get_ssh_password (secret_host), ==, "secret");

  g_assert_cmpint (g_remove (plain_path), ==, 0);
  g_assert_cmpint (g_remove (secret_path), ==, 0);
  g_assert_cmpint (g_rmdir (folder), ==, 0);
  destroy_window (window);
}

typedef struct
{
  GtkWidget *dialog;
  GFile     *file;
} SelectionWait;

static gboolean
is_selected_cb (gpointer data)
{
  SelectionWait *wait = data;
  g_autoptr(GFile) selected = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (wait->dialog));

  return selected != NULL && g_file_equal (selected, wait->file);
}

/* Ctrl+O's dialog: pick a file, press Import, and the window shows it. */
static void
test_window_open_dialog (TakeoverApplication *app)
{
  TakeoverWindow *window = takeover_window_new (app);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "ui", "good.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SelectionWait selection = { NULL, file };

  g_auto(GStrv) ctrl_o = gtk_application_get_actions_for_accel (GTK_APPLICATION (app),
                                                                "<Control>o");

  /* Ctrl+O is the shortcut of what the test then activates. */
  g_assert_true (g_strv_contains ((const char * const *) ctrl_o, "win.open"));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL));
  selection.dialog = wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (selection.dialog), file, NULL));
  iterate_until (is_selected_cb, &selection);
  gtk_dialog_response (GTK_DIALOG (selection.dialog), GTK_RESPONSE_ACCEPT);

  iterate_until (has_inventory_cb, window);
  iterate_until (not_loading_cb, window);
  g_assert_cmpuint (g_list_model_get_n_items (get_shown_rows (window)), ==, 2);

  destroy_window (window);
}

/* A problem of the whole file (an unknown CSV column) has no row to mark, so a dialog names it
 * with its line. */
static void
test_window_file_problems (TakeoverApplication *app)
{
  TakeoverWindow *window = open_in_new_window (app, "unknown-column.csv");
  GtkWidget *dialog;

  dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_true (shows_label_containing (dialog, "Line 1 (header): Unknown column “rack”"));
  g_assert_cmpuint (g_list_model_get_n_items (get_shown_rows (window)), ==, 1);

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");
  destroy_window (window);
}

static void
test_window_no_hosts (TakeoverApplication *app)
{
  TakeoverWindow *window = open_in_new_window (app, "no-hosts.conf");
  GtkWidget *dialog;

  g_assert_cmpstr (get_visible_page (window), ==, "no-hosts");
  g_assert_false (gtk_widget_get_sensitive (find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON,
                                                         is_export_button)));
  /* The inventory's own "lists no hosts" problem belongs to no host. */
  dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");

  destroy_window (window);
}

static GtkWidget *
find_field (GtkWidget  *dialog,
            const char *title)
{
  GtkWidget *row = takeover_ui_test_find (dialog, ADW_TYPE_ENTRY_ROW, takeover_ui_test_is_row_titled, title);

  g_assert_nonnull (row);
  return row;
}

static gboolean
shows_text_anywhere (GtkWidget  *widget,
                     const char *text)
{
  if ((GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
       strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL) ||
      (GTK_IS_TEXT (widget) && gtk_text_get_visibility (GTK_TEXT (widget)) &&
       strstr (gtk_editable_get_text (GTK_EDITABLE (widget)), text) != NULL))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text_anywhere (child, text))
      return TRUE;

  return FALSE;
}

typedef struct
{
  GListModel *model;
  guint       n;
} RowCount;

static gboolean
has_n_rows_cb (gpointer data)
{
  RowCount *count = data;

  return g_list_model_get_n_items (count->model) == count->n;
}

static TakeoverHostRow *
row_of_bmc (TakeoverWindow *window,
            const char     *bmc_address)
{
  return find_row (get_shown_rows (window), bmc_address);
}

/* Activating a row (Enter, double click) opens its host's record: the problems on top and
 * beside their fields, passwords masked. Mending the field and saving clears the row's marker
 * and closes the dialog. */
static void
test_window_host_details (TakeoverApplication *app)
{
  TakeoverWindow *window = open_in_new_window (app, "mixed.conf");
  GtkWidget *view = find_descendant (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW);
  GListModel *rows = get_shown_rows (window);
  GtkWidget *dialog;
  GtkWidget *password;
  guint position;

  for (position = 0; position < g_list_model_get_n_items (rows); position++)
    {
      g_autoptr(TakeoverHostRow) row = g_list_model_get_item (rows, position);

      if (g_str_equal (takeover_host_get_bmc_address (takeover_host_row_get_host (row)),
                       "127.0.1.7"))
        break;
    }
  g_signal_emit_by_name (view, "activate", position);
  dialog = wait_for_toplevel (TAKEOVER_TYPE_HOST_DIALOG);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);

  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_true (shows_label_containing (dialog, "The BMC password is 25 bytes long"));
  g_assert_true (shows_label_containing (dialog, "Line 8, ipmi_password"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_field (dialog, "_Address"))), ==,
                   "127.0.1.7");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_field (dialog, "_Management IP"))),
                   ==, "198.18.0.7");
  /* The password field is marked, and its text masked. */
  password = find_field (dialog, "_Password");
  g_assert_true (gtk_widget_has_css_class (password, "error"));
  g_assert_false (shows_text_anywhere (dialog, "a-password-of-25-bytes-xx"));
  g_assert_false (shows_text_anywhere (dialog, "secret"));
  g_assert_true (takeover_host_row_get_has_problems (row_of_bmc (window, "127.0.1.7")));

  /* A port that is no number is refused beside its field, and nothing is saved. */
  gtk_editable_set_text (GTK_EDITABLE (find_field (dialog, "P_ort")), "six");
  g_assert_false (takeover_host_dialog_save (TAKEOVER_HOST_DIALOG (dialog)));
  g_assert_true (gtk_widget_has_css_class (find_field (dialog, "P_ort"), "error"));
  gtk_editable_set_text (GTK_EDITABLE (find_field (dialog, "P_ort")), "623");

  /* The privilege level shows the host's (administrator, IPMI's level 4), and is kept. */
  g_assert_cmpstr (gtk_string_object_get_string (GTK_STRING_OBJECT (adw_combo_row_get_selected_item (
                     ADW_COMBO_ROW (takeover_ui_test_find (dialog, ADW_TYPE_COMBO_ROW, NULL,
                                                           NULL))))), ==, "Administrator");

  gtk_editable_set_text (GTK_EDITABLE (password), "short-pw");
  g_assert_true (takeover_host_dialog_save (TAKEOVER_HOST_DIALOG (dialog)));
  iterate_until (takeover_ui_test_is_null, &dialog);
  g_assert_false (takeover_host_row_get_has_problems (row_of_bmc (window, "127.0.1.7")));
  g_assert_cmpstr (takeover_host_get_bmc_password (takeover_host_row_get_host (
                     row_of_bmc (window, "127.0.1.7"))), ==, "short-pw");
  g_assert_cmpint (takeover_host_get_bmc_privilege (takeover_host_row_get_host (
                     row_of_bmc (window, "127.0.1.7"))), ==, TAKEOVER_PRIVILEGE_ADMINISTRATOR);

  destroy_window (window);
}

/* Adding a host by hand, with its duplicate shown beside the field until mended; removing
 * the selected rows; pasting hosts.conf lines. */
static void
test_window_edit_hosts (TakeoverApplication *app)
{
  TakeoverWindow *window = open_in_new_window (app, "good.csv");
  TakeoverInventory *inventory = takeover_window_get_inventory (window);
  GtkSelectionModel *selection =
    gtk_column_view_get_model (GTK_COLUMN_VIEW (find_descendant (GTK_WIDGET (window),
                                                                 GTK_TYPE_COLUMN_VIEW)));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (selection));
  g_autoptr(TakeoverHost) first = g_list_model_get_item (takeover_inventory_get_hosts (inventory),
                                                         0);
  g_autoptr(TakeoverHost) second = g_list_model_get_item (takeover_inventory_get_hosts (inventory),
                                                          1);
  GtkWidget *dialog;
  GtkWidget *bmc;
  TakeoverHost *added;

  RowCount pasted = { NULL, 0 };

  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpuint (takeover_inventory_get_n_errors (inventory), ==, 0);

  pasted.model = G_LIST_MODEL (selection);
  /* Nothing selected, nothing removed. */
  gtk_selection_model_unselect_all (selection);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-hosts", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, n);

  /* A new host that repeats the first one's BMC: added, and the dialog stays to say why. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-host", NULL));
  dialog = wait_for_toplevel (TAKEOVER_TYPE_HOST_DIALOG);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_null (takeover_host_dialog_get_host (TAKEOVER_HOST_DIALOG (dialog)));
  bmc = find_field (dialog, "_Address");
  gtk_editable_set_text (GTK_EDITABLE (find_field (dialog, "_Name")), "by-hand");
  gtk_editable_set_text (GTK_EDITABLE (bmc), takeover_host_get_bmc_address (first));
  gtk_editable_set_text (GTK_EDITABLE (find_field (dialog, "_User")), "admin");
  gtk_editable_set_text (GTK_EDITABLE (find_field (dialog, "_Password")), "password");
  gtk_editable_set_text (GTK_EDITABLE (find_field (dialog, "_Management IP")), "198.18.9.1");
  gtk_editable_set_text (GTK_EDITABLE (find_field (dialog, "SSH U_ser")), "root");
  gtk_editable_set_text (GTK_EDITABLE (find_field (dialog, "SSH Pass_word")), "pw");
  g_assert_false (takeover_host_dialog_save (TAKEOVER_HOST_DIALOG (dialog)));
  added = takeover_host_dialog_get_host (TAKEOVER_HOST_DIALOG (dialog));
  g_assert_nonnull (added);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, n + 1);
  g_assert_true (gtk_widget_has_css_class (bmc, "error"));
  g_assert_true (shows_label_containing (dialog, "is already listed on line"));
  /* The later record carries the duplicate, and its row says so. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (selection)); i++)
    {
      g_autoptr(TakeoverHostRow) row = g_list_model_get_item (G_LIST_MODEL (selection), i);

      g_assert_true (takeover_host_row_get_has_problems (row) ==
                     (takeover_host_row_get_host (row) == added));
    }
  g_assert_cmpuint (takeover_inventory_get_n_errors (inventory), ==, 1);

  /* Mended: saved, the dialog closes, the list has no problem. */
  gtk_editable_set_text (GTK_EDITABLE (bmc), "127.0.9.1");
  g_assert_true (takeover_host_dialog_save (TAKEOVER_HOST_DIALOG (dialog)));
  iterate_until (takeover_ui_test_is_null, &dialog);
  g_assert_cmpuint (takeover_inventory_get_n_errors (inventory), ==, 0);
  g_assert_nonnull (find_row (G_LIST_MODEL (selection), "127.0.9.1"));

  /* Two selected rows removed at once. */
  gtk_selection_model_unselect_all (selection);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (selection)); i++)
    {
      g_autoptr(TakeoverHostRow) row = g_list_model_get_item (G_LIST_MODEL (selection), i);
      TakeoverHost *host = takeover_host_row_get_host (row);

      if (host == first || host == second)
        gtk_selection_model_select_item (selection, i, FALSE);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-hosts", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, n - 1);
  g_assert_null (find_row (G_LIST_MODEL (selection), takeover_host_get_bmc_address (first)));
  g_assert_null (find_row (G_LIST_MODEL (selection), takeover_host_get_bmc_address (second)));
  g_assert_cmpuint (g_list_model_get_n_items (takeover_inventory_get_hosts (inventory)), ==, n - 1);

  /* hosts.conf lines from the clipboard; the second repeats a management IP. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)),
                          "127.0.9.2;admin;password;198.18.9.2;root;pw\n"
                          "127.0.9.3;admin;password;198.18.9.2;root;pw\n");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paste-hosts", NULL));
  pasted.n = n + 1;
  iterate_until (has_n_rows_cb, &pasted);
  g_assert_nonnull (find_row (G_LIST_MODEL (selection), "127.0.9.2"));
  g_assert_true (takeover_host_row_get_has_problems (find_row (G_LIST_MODEL (selection),
                                                               "127.0.9.3")));
  g_assert_false (takeover_host_row_get_has_problems (find_row (G_LIST_MODEL (selection),
                                                                "127.0.9.2")));

  destroy_window (window);
}

/* The control at the end of the preferences row titled @title. */
static GtkWidget *
find_control (GtkWidget  *window,
              const char *title,
              GType       type)
{
  GtkWidget *row = takeover_ui_test_find (window, ADW_TYPE_ACTION_ROW, takeover_ui_test_is_row_titled, title);

  g_assert_nonnull (row);
  return find_descendant (row, type);
}

/* The preferences window's controls change GSettings, and each window's engine follows them:
 * the probe pool and its timeout, the SSH host key policy, cipher suite 0, and the adoption a
 * cloud brings. The schema's defaults are the engine's own. */
static void
test_window_preferences (TakeoverApplication *app)
{
  static const char * const keys[] = { "adopt-concurrency", "state-timeout", "probe-concurrency",
                                       "probe-timeout", "trust-new-host-keys",
                                       "insist-cipher-suite-zero" };
  TakeoverWindow *window = open_in_new_window (app, "good.csv");
  TakeoverSession *session = takeover_window_get_session (window);
  TakeoverFleetProbe *probe = takeover_session_get_fleet_probe (session);
  TakeoverHost *host = g_list_model_get_item (takeover_inventory_get_hosts (
                                                takeover_session_get_inventory (session)), 0);
  g_autoptr(TakeoverProbeRequest) request = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(JsonObject) cloud = json_object_new ();
  g_autoptr(JsonObject) auth = json_object_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *preferences;

  g_assert_cmpuint (g_settings_get_uint (settings, "adopt-concurrency"), ==,
                    TAKEOVER_ADOPT_DEFAULT_CONCURRENCY);
  g_assert_cmpuint (g_settings_get_uint (settings, "state-timeout"), ==,
                    TAKEOVER_ADOPT_DEFAULT_STATE_TIMEOUT);
  g_assert_cmpuint (takeover_probe_pool_get_concurrency (takeover_fleet_probe_get_pool (probe)),
                    ==, TAKEOVER_PROBE_POOL_DEFAULT_CONCURRENCY);
  g_assert_cmpuint (takeover_fleet_probe_get_timeout_ms (probe), ==,
                    TAKEOVER_PROBE_DEFAULT_TIMEOUT_MS);
  g_assert_true (takeover_fleet_probe_get_trust_new_host_keys (probe));
  g_assert_false (takeover_fleet_probe_get_insist_cipher_suite_zero (probe));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = wait_for_toplevel (TAKEOVER_TYPE_PREFERENCES_WINDOW);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preferences)) == GTK_WINDOW (window));
  g_object_add_weak_pointer (G_OBJECT (preferences), (gpointer *) &preferences);

  /* The pool is never narrower than the adoption. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_control (preferences, "Hosts _Probed at Once",
                                                            GTK_TYPE_SPIN_BUTTON)), 8);
  g_assert_cmpuint (g_settings_get_uint (settings, "probe-concurrency"), ==, 8);
  g_assert_cmpuint (takeover_probe_pool_get_concurrency (takeover_fleet_probe_get_pool (probe)),
                    ==, TAKEOVER_ADOPT_DEFAULT_CONCURRENCY);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_control (preferences, "Hosts _Adopted at Once",
                                                            GTK_TYPE_SPIN_BUTTON)), 4);
  g_assert_cmpuint (takeover_probe_pool_get_concurrency (takeover_fleet_probe_get_pool (probe)),
                    ==, 8);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_control (preferences, "_Timeout",
                                                            GTK_TYPE_SPIN_BUTTON)), 2.5);
  g_assert_cmpuint (takeover_fleet_probe_get_timeout_ms (probe), ==, 2500);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_control (preferences,
                                                            "Longest _Wait for a Node’s State",
                                                            GTK_TYPE_SPIN_BUTTON)), 1200);

  /* Off, a server's unknown SSH key is refused rather than recorded. */
  gtk_switch_set_active (GTK_SWITCH (find_control (preferences, "Trust _New SSH Host Keys",
                                                   GTK_TYPE_SWITCH)), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "trust-new-host-keys"));
  request = takeover_fleet_probe_request_for_host (probe, host);
  g_assert_true (request->ssh_no_trust_on_first_use);
  gtk_switch_set_active (GTK_SWITCH (find_control (preferences, "Allow IPMI _Cipher Suite 0",
                                                   GTK_TYPE_SWITCH)), TRUE);
  g_assert_true (takeover_fleet_probe_get_insist_cipher_suite_zero (probe));

  /* A cloud chosen afterwards brings an adoption that takes them too. */
  json_object_set_string_member (cloud, "auth_type", "none");
  json_object_set_string_member (auth, "endpoint", "http://127.0.0.1:9");
  json_object_set_object_member (cloud, "auth", g_steal_pointer (&auth));
  config = takeover_cloud_config_new_from_json ("preferences-test", cloud, &error);
  g_assert_no_error (error);
  g_assert_true (takeover_session_set_cloud_config (session, config, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (takeover_adopt_get_concurrency (takeover_session_get_adopt (session)), ==, 4);
  g_assert_cmpuint (takeover_adopt_get_state_timeout (takeover_session_get_adopt (session)), ==,
                    1200);

  gtk_window_destroy (GTK_WINDOW (preferences));
  iterate_until (takeover_ui_test_is_null, &preferences);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
  g_object_unref (host);
  destroy_window (window);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(TakeoverApplication) app = NULL;
  g_autoptr(GError) error = NULL;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = takeover_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  /* The tests open and close windows; the application must outlive them. */
  g_application_hold (G_APPLICATION (app));

  g_test_add_data_func ("/ui/window/empty-state", app,
                        (GTestDataFunc) test_window_empty_state);
  g_test_add_data_func ("/ui/window/import-marks-problems", app,
                        (GTestDataFunc) test_window_import_marks_problems);
  g_test_add_data_func ("/ui/window/sort", app, (GTestDataFunc) test_window_sort);
  g_test_add_data_func ("/ui/window/search", app, (GTestDataFunc) test_window_search);
  g_test_add_data_func ("/ui/window/drop-replaces", app,
                        (GTestDataFunc) test_window_drop_replaces);
  g_test_add_data_func ("/ui/window/edit-hosts", app, (GTestDataFunc) test_window_edit_hosts);
  g_test_add_data_func ("/ui/window/host-details", app,
                        (GTestDataFunc) test_window_host_details);
  g_test_add_data_func ("/ui/window/file-problems", app,
                        (GTestDataFunc) test_window_file_problems);
  g_test_add_data_func ("/ui/window/no-hosts", app, (GTestDataFunc) test_window_no_hosts);
  g_test_add_data_func ("/ui/window/preferences", app,
                        (GTestDataFunc) test_window_preferences);
  g_test_add_data_func ("/ui/window/open-dialog", app,
                        (GTestDataFunc) test_window_open_dialog);
  g_test_add_data_func ("/ui/window/export", app, (GTestDataFunc) test_window_export);
  g_test_add_data_func ("/ui/window/unreadable-file", app,
                        (GTestDataFunc) test_window_unreadable_file);

  return g_test_run ();
}
