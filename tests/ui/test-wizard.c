/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The wizard's steps, driven through the window's widgets and actions against the test bed:
 * the probe step with the bed's BMCs and sshds (hosts that answer, and a host whose BMC and
 * SSH server are silent), the cloud step with its Keystone and Ironic (the right password
 * and a wrong one), and the prepare step, which reads the full bed's cloud and creates what is
 * missing.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "takeover-application.h"
#include "takeover-cloud-form.h"
#include "takeover-file-writer.h"
#include "takeover-host-facts.h"
#include "takeover-job-cell.h"
#include "takeover-journal.h"
#include "takeover-keyring.h"
#include "takeover-test-bed.h"
#include "takeover-ui-test.h"
#include "takeover-window.h"

/* The bed's hosts probe in a few seconds; a busy CI machine gets this much. */
#define WAIT_SECONDS 120
#define N_HOSTS      4

static char *work_dir;

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
session_idle_cb (gpointer data)
{
  return !takeover_session_get_busy (takeover_window_get_session (data));
}

static GtkWidget *
find_widget (GtkWidget            *widget,
             TakeoverUiTestAccept  accept,
             const char           *text)
{
  return takeover_ui_test_find (widget, GTK_TYPE_WIDGET, accept, text);
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_steps_stack (GtkWidget     *widget,
                gconstpointer  text)
{
  return GTK_IS_STACK (widget) &&
         gtk_stack_get_child_by_name (GTK_STACK (widget), "hosts-step") != NULL;
}

static gboolean
is_named (GtkWidget     *widget,
          gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

static gboolean
is_column_view (GtkWidget     *widget,
                gconstpointer  text)
{
  return GTK_IS_COLUMN_VIEW (widget);
}

static gboolean
is_label_containing (GtkWidget     *widget,
                     gconstpointer  text)
{
  /* List cells are inscriptions (see takeover-job-cell.c); other text is in labels. */
  const char *shown = GTK_IS_LABEL (widget) ? gtk_label_get_label (GTK_LABEL (widget))
                      : GTK_IS_INSCRIPTION (widget)
                      ? gtk_inscription_get_text (GTK_INSCRIPTION (widget)) : NULL;

  return shown != NULL && gtk_widget_get_mapped (widget) && strstr (shown, text) != NULL;
}

/* An inventory of the bed's first hosts, and with @silent one more whose BMC and SSH server
 * are loopback ports nothing listens on. */
static char *
write_inventory (gboolean silent)
{
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *path = g_build_filename (work_dir, silent ? "silent.csv" : "bed.csv", NULL);

  g_assert_true (g_file_get_contents (takeover_test_bed_get_hosts_csv (), &csv, NULL, NULL));
  lines = g_strsplit (csv, "\n", -1);
  for (guint i = 0; i <= N_HOSTS && lines[i] != NULL; i++)
    g_string_append_printf (text, "%s\n", lines[i]);
  if (silent)
    g_string_append (text, "silent,127.0.0.1,9,admin,password,127.0.0.1,9,root,secret,\n");

  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  return g_steal_pointer (&path);
}

static TakeoverWindow *
open_window (TakeoverApplication *app,
             const char          *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  TakeoverWindow *window = takeover_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  takeover_window_open (window, file);
  iterate_until (not_loading_cb, window);
  g_assert_nonnull (takeover_window_get_inventory (window));

  return window;
}

/* Closing the window finalizes it and its pages. */
static void
destroy_window (TakeoverWindow *window)
{
  TakeoverProbePage *page = takeover_window_get_probe_page (window);

  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  takeover_ui_test_destroy_window (GTK_WINDOW (window), WAIT_SECONDS);
  iterate_until (takeover_ui_test_is_null, &page);
}

static guint
count_hosts_in_state (TakeoverWindow         *window,
                      TakeoverHostProbeState  state)
{
  GListModel *hosts = takeover_inventory_get_hosts (takeover_window_get_inventory (window));
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (hosts); i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (hosts, i);

      n += takeover_host_get_probe_state (host) == state;
    }

  return n;
}

static gboolean
is_host_facts (GtkWidget     *widget,
               gconstpointer  data)
{
  return TAKEOVER_IS_HOST_FACTS (widget);
}

/* Choosing a host shows all that was found on it: its ports with their MACs, which holds the
 * management IP, its disks; unchoosing hides it. */
static void
check_host_facts (TakeoverProbePage *page,
                  GtkColumnView     *column_view)
{
  GtkSelectionModel *model = gtk_column_view_get_model (column_view);
  GtkWidget *facts = find_widget (GTK_WIDGET (page), is_host_facts, NULL);
  g_autoptr(TakeoverHost) host = g_list_model_get_item (G_LIST_MODEL (model), 0);
  const TakeoverProbeResult *result = takeover_host_get_probe_result (host);
  const TakeoverProbeNic *mgmt = takeover_probe_result_get_mgmt_nic (result);
  g_autofree char *mgmt_title = NULL;
  GtkWidget *nic_row, *switch_id, *port_id, *switch_info;
  JsonObject *links_before;
  JsonObject *link;

  g_assert_nonnull (facts);
  g_assert_false (gtk_widget_get_visible (facts));
  g_assert_true (gtk_selection_model_select_item (model, 0, TRUE));
  g_assert_true (gtk_widget_get_visible (facts));
  g_assert_true (takeover_host_facts_get_host (TAKEOVER_HOST_FACTS (facts)) == host);

  g_assert_nonnull (mgmt);
  mgmt_title = g_strdup_printf ("%s (management)", mgmt->name);
  g_assert_nonnull (find_widget (facts, is_label_containing, mgmt_title));
  g_assert_nonnull (find_widget (facts, is_label_containing, mgmt->mac));
  g_assert_nonnull (find_widget (facts, is_label_containing, result->hostname));
  g_assert_nonnull (find_widget (facts, is_label_containing, "holds the root file system"));

  /* The management NIC's switch port, corrected by hand: a switch ID that is none is refused
   * beside its field; a good one goes to the host, for its Ironic port. */
  nic_row = find_widget (facts, takeover_ui_test_is_row_titled, mgmt_title);
  g_assert_true (ADW_IS_EXPANDER_ROW (nic_row));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (nic_row), TRUE);
  switch_id = find_widget (nic_row, takeover_ui_test_is_row_titled, "Switch _ID (MAC or Datapath ID)");
  port_id = find_widget (nic_row, takeover_ui_test_is_row_titled, "Switch _Port");
  switch_info = find_widget (nic_row, takeover_ui_test_is_row_titled, "Switch _Name");
  g_assert_nonnull (switch_id);
  g_assert_nonnull (port_id);
  g_assert_nonnull (switch_info);
  links_before = takeover_host_get_local_link_connections (host);
  gtk_editable_set_text (GTK_EDITABLE (switch_id), "tor-a");
  gtk_editable_set_text (GTK_EDITABLE (port_id), "Ethernet1/7");
  g_signal_emit_by_name (switch_id, "apply");
  g_assert_true (gtk_widget_has_css_class (switch_id, "error"));
  g_assert_true (takeover_host_get_local_link_connections (host) == links_before);

  gtk_editable_set_text (GTK_EDITABLE (switch_id), "aa:bb:cc:dd:ee:07");
  gtk_editable_set_text (GTK_EDITABLE (switch_info), "tor-a");
  g_signal_emit_by_name (switch_info, "apply");
  g_assert_false (gtk_widget_has_css_class (switch_id, "error"));
  link = json_object_get_object_member (takeover_host_get_local_link_connections (host),
                                        mgmt->mac);
  g_assert_cmpstr (json_object_get_string_member (link, "switch_id"), ==, "aa:bb:cc:dd:ee:07");
  g_assert_cmpstr (json_object_get_string_member (link, "port_id"), ==, "Ethernet1/7");
  g_assert_cmpstr (json_object_get_string_member (link, "switch_info"), ==, "tor-a");
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (nic_row)),
                            "Switch tor-a, port Ethernet1/7"));

  gtk_selection_model_unselect_item (model, 0);
  g_assert_false (gtk_widget_get_visible (facts));
}

static void
test_probe_bed (TakeoverApplication *app)
{
  g_autofree char *path = write_inventory (FALSE);
  TakeoverWindow *window = open_window (app, path);
  TakeoverProbePage *page = takeover_window_get_probe_page (window);
  GListModel *hosts = takeover_inventory_get_hosts (takeover_window_get_inventory (window));
  GtkWidget *column_view;
  GtkWidget *steps;

  g_assert_cmpuint (g_list_model_get_n_items (hosts), ==, N_HOSTS);
  g_assert_cmpuint (count_hosts_in_state (window, TAKEOVER_HOST_PROBE_NONE), ==, N_HOSTS);

  /* Next opens the probe step, which starts probing at once: it only reads. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page)));
  g_assert_true (takeover_session_get_busy (takeover_window_get_session (window)));
  g_assert_nonnull (find_widget (GTK_WIDGET (page), is_label_containing, "Probing"));
  iterate_until (session_idle_cb, window);

  g_assert_cmpuint (count_hosts_in_state (window, TAKEOVER_HOST_PROBE_ANSWERED), ==, N_HOSTS);
  g_assert_cmpuint (takeover_probe_page_get_n_failed (page), ==, 0);
  /* A toast says so, wherever the operator is meanwhile. */
  g_assert_nonnull (find_widget (GTK_WIDGET (window), is_label_containing,
                                 "Probe finished: 4 of 4 hosts answered"));
  for (guint i = 0; i < N_HOSTS; i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (hosts, i);
      const TakeoverProbeResult *result = takeover_host_get_probe_result (host);

      g_assert_nonnull (result);
      g_assert_cmpuint (result->cpus, >, 0);
    }
  g_assert_nonnull (find_widget (GTK_WIDGET (page), is_label_containing, "hosts answered"));
  /* The rows are the inventory's hosts themselves: nothing was copied or rebuilt. */
  column_view = find_widget (GTK_WIDGET (page), is_column_view, NULL);
  g_assert_nonnull (column_view);
  g_assert_true (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (
                   gtk_column_view_get_model (GTK_COLUMN_VIEW (column_view)))) == hosts);
  check_host_facts (page, GTK_COLUMN_VIEW (column_view));

  /* Back to the hosts; Next again shows what was found, without probing again. */
  steps = find_widget (GTK_WIDGET (window), is_steps_stack, NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (steps)), ==, "probe-step");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (steps)), ==, "hosts-step");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (steps)), ==, "probe-step");
  g_assert_false (takeover_session_get_busy (takeover_window_get_session (window)));
  g_assert_cmpuint (count_hosts_in_state (window, TAKEOVER_HOST_PROBE_ANSWERED), ==, N_HOSTS);

  destroy_window (window);
}

static void
test_probe_silent_host (TakeoverApplication *app)
{
  g_autofree char *path = write_inventory (TRUE);
  TakeoverWindow *window = open_window (app, path);
  TakeoverProbePage *page = takeover_window_get_probe_page (window);
  TakeoverSession *session = takeover_window_get_session (window);
  GtkWidget *retry;

  takeover_fleet_probe_set_timeout_ms (takeover_session_get_fleet_probe (session), 2000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL));
  iterate_until (session_idle_cb, window);

  g_assert_cmpuint (count_hosts_in_state (window, TAKEOVER_HOST_PROBE_ANSWERED), ==, N_HOSTS);
  g_assert_cmpuint (count_hosts_in_state (window, TAKEOVER_HOST_PROBE_FAILED), ==, 1);
  g_assert_cmpuint (takeover_probe_page_get_n_failed (page), ==, 1);
  /* The status says what to do; the failed row says why. */
  g_assert_nonnull (find_widget (GTK_WIDGET (page), is_label_containing, "did not"));

  /* Retry Failed probes the silent host alone. */
  retry = find_widget (GTK_WIDGET (page), is_button_labelled, "_Retry Failed");
  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_get_visible (retry));
  g_signal_emit_by_name (retry, "clicked");
  g_assert_cmpuint (takeover_session_get_n_to_probe (session), ==, 1);
  iterate_until (session_idle_cb, window);
  g_assert_cmpuint (count_hosts_in_state (window, TAKEOVER_HOST_PROBE_ANSWERED), ==, N_HOSTS);
  g_assert_cmpuint (takeover_probe_page_get_n_failed (page), ==, 1);

  destroy_window (window);
}

static gboolean
cloud_checked_cb (gpointer data)
{
  GtkWidget *spinner = data;

  return !gtk_spinner_get_spinning (GTK_SPINNER (spinner));
}

static gboolean
is_spinner (GtkWidget     *widget,
            gconstpointer  text)
{
  return GTK_IS_SPINNER (widget);
}

/* Through the probe to the cloud step. */
static TakeoverCloudPage *
open_cloud_step (TakeoverWindow *window)
{
  TakeoverCloudPage *page = takeover_window_get_cloud_page (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL));
  iterate_until (session_idle_cb, window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page)));

  return page;
}

/* Through the probe to the cloud step, then @cloud chosen and checked with its button. */
static TakeoverCloudPage *
check_cloud (TakeoverWindow *window,
             const char     *cloud)
{
  TakeoverCloudPage *page = open_cloud_step (window);
  GtkWidget *check;

  check = find_widget (GTK_WIDGET (page), is_button_labelled, "_Check Connection");
  g_assert_nonnull (check);
  /* Nothing to check before a cloud is chosen. */
  g_assert_true (gtk_widget_get_sensitive (check) ==
                 (takeover_session_get_cloud_config (takeover_window_get_session (window)) != NULL));
  g_assert_true (takeover_cloud_page_select (page, cloud));
  g_assert_cmpstr (takeover_cloud_config_get_name (takeover_session_get_cloud_config (
                     takeover_window_get_session (window))), ==, cloud);
  g_assert_true (gtk_widget_get_sensitive (check));

  g_signal_emit_by_name (check, "clicked");
  g_assert_true (takeover_session_get_busy (takeover_window_get_session (window)));
  iterate_until (cloud_checked_cb, find_widget (GTK_WIDGET (page), is_spinner, NULL));
  iterate_until (session_idle_cb, window);

  return page;
}

static void
test_cloud (TakeoverApplication *app)
{
  g_autofree char *path = NULL;
  TakeoverWindow *window;
  TakeoverCloudPage *page;
  GtkWidget *identity;

  if (!takeover_test_bed_require (N_HOSTS, TRUE))
    return;

  path = write_inventory (FALSE);
  window = open_window (app, path);
  page = check_cloud (window, TAKEOVER_TEST_BED_CLOUD_FULL);

  g_assert_true (takeover_cloud_page_get_ready (page));
  g_assert_nonnull (find_widget (GTK_WIDGET (page), takeover_ui_test_is_row_titled, "Connected"));
  identity = find_widget (GTK_WIDGET (page), takeover_ui_test_is_row_titled, "Signed In");
  g_assert_nonnull (identity);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (identity)), "admin"));
  g_assert_nonnull (find_widget (GTK_WIDGET (page), takeover_ui_test_is_row_titled, "Ironic"));
  g_assert_nonnull (find_widget (GTK_WIDGET (page), is_label_containing,
                                 "given an owner project"));

  /* Back goes to the probe step. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (takeover_window_get_probe_page (window))));

  destroy_window (window);
}

static void
test_cloud_wrong_password (TakeoverApplication *app)
{
  g_autofree char *path = NULL;
  TakeoverWindow *window;
  TakeoverCloudPage *page;
  GtkWidget *result;

  if (!takeover_test_bed_require (N_HOSTS, TRUE))
    return;

  path = write_inventory (FALSE);
  window = open_window (app, path);
  page = check_cloud (window, "wrong-password");

  /* Not ready, and the reason in words: Keystone refused the credentials. */
  g_assert_false (takeover_cloud_page_get_ready (page));
  result = find_widget (GTK_WIDGET (page), takeover_ui_test_is_row_titled, "Could Not Connect");
  g_assert_nonnull (result);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (result)),
                            "refused the credentials"));
  g_assert_null (find_widget (GTK_WIDGET (page), takeover_ui_test_is_row_titled, "Signed In"));

  destroy_window (window);
}

static void
set_field (GtkWidget  *form,
           const char *title,
           const char *text)
{
  GtkWidget *row = find_widget (form, takeover_ui_test_is_row_titled, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
form_loaded_cb (gpointer data)
{
  return !takeover_cloud_form_get_loading (data);
}

/* The password that the keyring keeps for the bed's Keystone entered by hand, read as the
 * form reads it; NULL when none. */
static char *
lookup_password (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *password;

  takeover_keyring_lookup_async ("127.0.0.1:5000", "http://127.0.0.1:5000/v3", "admin", NULL,
                                 takeover_ui_test_store_result, &result);
  iterate_until (takeover_ui_test_is_set, &result);
  password = takeover_keyring_lookup_finish (result, &error);
  g_assert_no_error (error);

  return password;
}

static void
click_check (TakeoverWindow    *window,
             TakeoverCloudPage *page)
{
  GtkWidget *check = find_widget (GTK_WIDGET (page), is_button_labelled, "_Check Connection");

  g_assert_true (gtk_widget_get_sensitive (check));
  g_signal_emit_by_name (check, "clicked");
  iterate_until (cloud_checked_cb, find_widget (GTK_WIDGET (page), is_spinner, NULL));
  iterate_until (session_idle_cb, window);
}

/* A cloud that clouds.yaml does not name, typed into the form: its problems beside the fields,
 * then the bed's Keystone, remembered in the keyring (a real gnome-keyring-daemon, see
 * tests/with-keyring) and filled in again by the next window; then forgotten. */
static void
test_cloud_by_hand (TakeoverApplication *app)
{
  g_autofree char *path = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *after_forget = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GVariant) saved = NULL;
  const char *saved_url = NULL;
  TakeoverWindow *window;
  TakeoverCloudPage *page;
  GtkWidget *form, *check, *other, *url, *remember, *identity;

  if (!takeover_test_bed_require (N_HOSTS, TRUE))
    return;

  path = write_inventory (FALSE);
  window = open_window (app, path);
  page = open_cloud_step (window);
  form = takeover_ui_test_find (GTK_WIDGET (page), TAKEOVER_TYPE_CLOUD_FORM, NULL, NULL);
  g_assert_nonnull (form);
  g_assert_false (gtk_widget_get_visible (form));

  /* "Another Cloud", last in the list, opens the form; an empty form cannot be checked and
   * says what to enter first. */
  other = find_widget (GTK_WIDGET (page), takeover_ui_test_is_row_titled, "Another Cloud");
  g_assert_nonnull (other);
  gtk_widget_activate (other);
  g_assert_true (gtk_widget_get_visible (form));
  check = find_widget (GTK_WIDGET (page), is_button_labelled, "_Check Connection");
  g_assert_false (gtk_widget_get_sensitive (check));
  g_assert_nonnull (strstr (takeover_cloud_form_get_problem (TAKEOVER_CLOUD_FORM (form)),
                            "Enter Keystone’s address"));

  /* A wrong address is marked beside its field. */
  set_field (form, "Keystone _Address", "ftp://127.0.0.1/v3");
  url = find_widget (form, takeover_ui_test_is_row_titled, "Keystone _Address");
  g_assert_true (gtk_widget_has_css_class (url, "error"));
  g_assert_nonnull (find_widget (form, is_label_containing,
                                 "“ftp://127.0.0.1/v3” is not an http:// or https:// address."));
  g_assert_false (gtk_widget_get_sensitive (check));

  set_field (form, "Keystone _Address", " http://127.0.0.1:5000/v3 ");
  g_assert_false (gtk_widget_has_css_class (url, "error"));
  g_assert_nonnull (strstr (takeover_cloud_form_get_problem (TAKEOVER_CLOUD_FORM (form)),
                            "Enter the user"));
  set_field (form, "_User", "admin");
  set_field (form, "_Password", "adminpw");
  g_assert_true (takeover_cloud_form_get_valid (TAKEOVER_CLOUD_FORM (form)));
  g_assert_null (takeover_cloud_form_get_problem (TAKEOVER_CLOUD_FORM (form)));
  remember = takeover_ui_test_find (form, GTK_TYPE_SWITCH, NULL, NULL);
  gtk_switch_set_active (GTK_SWITCH (remember), TRUE);

  click_check (window, page);
  g_assert_true (takeover_cloud_page_get_ready (page));
  g_assert_cmpstr (takeover_cloud_config_get_name (takeover_session_get_cloud_config (
                     takeover_window_get_session (window))), ==, "127.0.0.1:5000");
  identity = find_widget (GTK_WIDGET (page), takeover_ui_test_is_row_titled, "Signed In");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (identity)), "admin"));

  /* Kept: the fields in GSettings, never the password; the password in the keyring. */
  saved = g_settings_get_value (settings, "manual-cloud");
  g_assert_true (g_variant_lookup (saved, "url", "&s", &saved_url));
  g_assert_cmpstr (saved_url, ==, "http://127.0.0.1:5000/v3");
  g_assert_null (strstr (g_variant_print (saved, FALSE), "adminpw"));
  while (kept == NULL)
    {
      kept = lookup_password ();
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpstr (kept, ==, "adminpw");
  destroy_window (window);

  /* The next window fills the form in again, the password from the keyring, and resuming
   * that cloud by its name chooses it. */
  window = open_window (app, path);
  page = open_cloud_step (window);
  form = takeover_ui_test_find (GTK_WIDGET (page), TAKEOVER_TYPE_CLOUD_FORM, NULL, NULL);
  g_assert_true (takeover_cloud_page_select (page, "127.0.0.1:5000"));
  g_assert_true (gtk_widget_get_visible (form));
  iterate_until (form_loaded_cb, form);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (form, takeover_ui_test_is_row_titled,
                                                                     "_Password"))),
                   ==, "adminpw");
  click_check (window, page);
  g_assert_true (takeover_cloud_page_get_ready (page));

  /* Changing a field makes the check stale. */
  set_field (form, "_User", "nobody");
  g_assert_false (takeover_cloud_page_get_ready (page));
  set_field (form, "_User", "admin");

  /* Not remembered any more: forgotten once the cloud answers again. */
  remember = takeover_ui_test_find (form, GTK_TYPE_SWITCH, NULL, NULL);
  gtk_switch_set_active (GTK_SWITCH (remember), FALSE);
  click_check (window, page);
  g_assert_true (takeover_cloud_page_get_ready (page));
  do
    {
      g_clear_pointer (&after_forget, g_free);
      after_forget = lookup_password ();
    }
  while (after_forget != NULL);

  /* A standalone Ironic, without a user: the small bed's. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_widget (form, takeover_ui_test_is_row_titled, "_Kind")), 1);
  g_assert_null (find_widget (form, takeover_ui_test_is_row_titled, "P_roject"));
  set_field (form, "Ironic _Address", "http://127.0.0.1:6385");
  set_field (form, "_User", "");
  set_field (form, "_Password", "");
  click_check (window, page);
  g_assert_true (takeover_cloud_page_get_ready (page));
  g_assert_nonnull (find_widget (GTK_WIDGET (page), is_label_containing, "without Keystone"));

  destroy_window (window);
}

/* The bed's clouds, and one with a wrong password, as the cloud step lists them. */
static void
write_clouds_yaml (void)
{
  g_autofree char *bed = NULL;
  g_autofree char *path = g_build_filename (work_dir, "clouds.yaml", NULL);
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (takeover_test_bed_get_clouds_yaml (), &bed, NULL, NULL));
  text = g_strconcat (bed, g_str_has_suffix (bed, "\n") ? "" : "\n",
                      "  wrong-password:\n"
                      "    auth_type: password\n"
                      "    auth:\n"
                      "      auth_url: http://127.0.0.1:5000/v3\n"
                      "      username: admin\n"
                      "      password: not-the-password\n"
                      "      project_name: admin\n"
                      "      user_domain_name: Default\n"
                      "      project_domain_name: Default\n"
                      "    region_name: RegionOne\n",
                      NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_setenv ("OS_CLIENT_CONFIG_FILE", path, TRUE);
  g_unsetenv ("OS_CLOUD");
}

static gboolean
prepare_idle_cb (gpointer data)
{
  return !takeover_session_get_busy (data);
}

static guint
count_items (TakeoverPrepare       *prepare,
             TakeoverPrepareStatus  status)
{
  GListModel *items = takeover_prepare_get_items (prepare);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(TakeoverPrepareItem) item = g_list_model_get_item (items, i);

      n += takeover_prepare_item_get_status (item) == status;
    }

  return n;
}

static void
test_prepare (TakeoverApplication *app)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *network = NULL;
  g_autofree char *image = NULL;
  TakeoverWindow *window;
  TakeoverSession *session;
  TakeoverPrepare *prepare;
  TakeoverPreparePage *page;
  GtkWidget *apply;
  GtkWidget *list;
  guint n_to_create;

  if (!takeover_test_bed_require (N_HOSTS, TRUE))
    return;

  path = write_inventory (FALSE);
  window = open_window (app, path);
  session = takeover_window_get_session (window);
  page = takeover_window_get_prepare_page (window);
  g_assert_true (takeover_cloud_page_get_ready (check_cloud (window,
                                                             TAKEOVER_TEST_BED_CLOUD_FULL)));

  /* Names of this run's own, so that nothing another test made is in the way. */
  prepare = takeover_session_get_prepare (session);
  name = g_strdup_printf ("ui-%u", g_random_int ());
  network = g_strconcat (name, "-net", NULL);
  image = g_strconcat (name, "-image", NULL);
  takeover_prepare_set_project (prepare, name);
  takeover_prepare_set_user (prepare, name);
  takeover_prepare_set_network (prepare, network);
  takeover_prepare_set_image (prepare, image);
  takeover_prepare_set_flavor (prepare, name);

  /* Next opens the step, which reads the cloud at once: a checklist, one row an item. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page)));
  iterate_until (prepare_idle_cb, session);
  g_assert_cmpuint (takeover_prepare_get_n_problems (prepare), ==, 0);
  n_to_create = count_items (prepare, TAKEOVER_PREPARE_STATUS_CREATE);
  g_assert_cmpuint (n_to_create, >=, 5);
  g_assert_false (takeover_prepare_page_get_ready (page));
  list = find_widget (GTK_WIDGET (page), is_named, "prepare-items");
  g_assert_nonnull (list);
  g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list),
                      g_list_model_get_n_items (takeover_prepare_get_items (prepare)) - 1));
  g_assert_nonnull (find_widget (GTK_WIDGET (page), is_label_containing, "Nothing has been"));

  /* Creating what is missing: every row it had to create now says created. */
  apply = find_widget (GTK_WIDGET (page), is_button_labelled, "_Create What Is Missing");
  g_assert_nonnull (apply);
  g_assert_true (gtk_widget_get_sensitive (apply));
  g_signal_emit_by_name (apply, "clicked");
  g_assert_true (takeover_session_get_busy (session));
  iterate_until (prepare_idle_cb, session);
  g_assert_null (takeover_session_get_error (session));
  g_assert_cmpuint (count_items (prepare, TAKEOVER_PREPARE_STATUS_CREATED), ==, n_to_create);
  g_assert_true (takeover_prepare_page_get_ready (page));
  g_assert_false (gtk_widget_get_sensitive (apply));
  g_assert_nonnull (takeover_prepare_get_project_id (prepare));
  /* The new user's password, shown once. */
  g_assert_nonnull (find_widget (GTK_WIDGET (page), takeover_ui_test_is_row_titled,
                                 takeover_prepare_get_generated_password (prepare)));

  destroy_window (window);
}

/* Hosts [first, first + n) of the bed under names of their own ("ui-tb-005"), so that their
 * nodes are this test's. */
static char *
write_prefixed_inventory (const char *prefix,
                          guint       first,
                          guint       n)
{
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *file_name = g_strconcat (prefix, "adopt.csv", NULL);
  g_autofree char *path = g_build_filename (work_dir, file_name, NULL);

  g_assert_true (g_file_get_contents (takeover_test_bed_get_hosts_csv (), &csv, NULL, NULL));
  lines = g_strsplit (csv, "\n", -1);
  g_string_append_printf (text, "%s\n", lines[0]);
  for (guint i = first; i < first + n && lines[i] != NULL; i++)
    g_string_append_printf (text, "%s%s\n", prefix, lines[i]);

  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  return g_steal_pointer (&path);
}

static char *
write_named_inventory (guint first,
                       guint n)
{
  return write_prefixed_inventory ("ui-", first, n);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

/* The whole wizard on the full bed: import, probe, cloud, prepare, then adopt four hosts
 * after the confirmation, and see each one active. */
/* From the cloud step on the full bed's cloud, through the prepare step, under names of this
 * run's own: the wizard is then ready to go on to the adoption. */
static void
prepare_full_cloud (TakeoverWindow *window)
{
  TakeoverSession *session = takeover_window_get_session (window);
  TakeoverPrepare *prepare;
  g_autofree char *name = NULL;
  g_autofree char *network = NULL;

  g_assert_true (takeover_cloud_page_get_ready (check_cloud (window,
                                                             TAKEOVER_TEST_BED_CLOUD_FULL)));
  prepare = takeover_session_get_prepare (session);
  name = g_strdup_printf ("ui-adopt-%u", g_random_int ());
  network = g_strconcat (name, "-net", NULL);
  takeover_prepare_set_project (prepare, name);
  takeover_prepare_set_user (prepare, name);
  takeover_prepare_set_network (prepare, network);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL));
  iterate_until (prepare_idle_cb, session);
  if (!takeover_prepare_page_get_ready (takeover_window_get_prepare_page (window)))
    {
      g_signal_emit_by_name (find_widget (GTK_WIDGET (takeover_window_get_prepare_page (window)),
                                          is_button_labelled, "_Create What Is Missing"),
                             "clicked");
      iterate_until (prepare_idle_cb, session);
    }
  g_assert_true (takeover_prepare_page_get_ready (takeover_window_get_prepare_page (window)));
}

static char *
export_report (TakeoverSummaryPage       *page,
               TakeoverAdoptReportFormat  format,
               const char                *name)
{
  g_autofree char *path = g_build_filename (work_dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  takeover_summary_page_export_async (page, file, format, NULL, takeover_ui_test_store_result, &result);
  iterate_until (takeover_ui_test_is_set, &result);
  g_assert_true (takeover_summary_page_export_finish (page, result, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

/* The summary step after a run where all @n hosts were adopted: the count, each host with its
 * node, and the report in both formats, without a password. */
static void
check_summary (TakeoverWindow *window,
               guint           n)
{
  TakeoverSummaryPage *page = takeover_window_get_summary_page (window);
  GListModel *results = takeover_summary_page_get_results (page);
  g_autofree char *title = g_strdup_printf ("All %u Hosts Are Adopted", n);
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_nonnull (find_widget (GTK_WIDGET (page), is_label_containing, title));
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (results, i);

      g_assert_true (takeover_adopt_job_is_adopted (job));
      g_assert_nonnull (takeover_adopt_job_get_node_uuid (job));
      g_assert_nonnull (find_widget (GTK_WIDGET (page), is_label_containing,
                                     takeover_adopt_job_get_node_uuid (job)));
    }

  csv = export_report (page, TAKEOVER_ADOPT_REPORT_CSV, "report.csv");
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, n + 2);
  g_assert_true (g_str_has_prefix (lines[0], "name,state,failed_state,node_uuid,"));
  for (guint i = 1; i <= n; i++)
    g_assert_true (strstr (lines[i], ",verified,,") != NULL);
  g_assert_cmpstr (lines[n + 1], ==, "");
  /* The bed's SSH and BMC passwords. */
  g_assert_null (strstr (csv, "probe-pass"));
  g_assert_null (strstr (csv, ",password,"));

  json = export_report (page, TAKEOVER_ADOPT_REPORT_JSON, "report.json");
  g_assert_true (g_str_has_prefix (json, "["));
  g_assert_nonnull (strstr (json, "\"state\" : \"verified\""));
  g_assert_null (strstr (json, "probe-pass"));
  g_assert_null (strstr (json, "\"password\""));

  /* Back goes to the adoption, as it was. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (takeover_window_get_adopt_page (window))));
}

/* Takes the test's nodes out of Ironic. */
static void
delete_nodes (TakeoverSession *session,
              const char      *prefix,
              guint            first,
              guint            n)
{
  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *host = takeover_test_bed_dup_host_name (i);
      g_autofree char *name = g_strconcat (prefix, host, NULL);

      takeover_ui_test_delete_node (takeover_session_get_ironic (session), name, WAIT_SECONDS);
    }
}

static gboolean
is_text_view (GtkWidget     *widget,
              gconstpointer  data)
{
  return GTK_IS_TEXT_VIEW (widget);
}

/* Choosing a host shows what was sent for it, and each row has its time. */
static void
check_host_log (TakeoverAdoptPage *page)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), is_column_view, NULL));
  GtkSelectionModel *model = gtk_column_view_get_model (view);
  GtkTextView *log = GTK_TEXT_VIEW (find_widget (GTK_WIDGET (page), is_text_view, NULL));
  g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_autofree char *elapsed = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  g_assert_nonnull (log);
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (log)));
  g_assert_true (gtk_selection_model_select_item (model, 0, TRUE));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (log)));
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (log), &start, &end);
  text = gtk_text_buffer_get_text (gtk_text_view_get_buffer (log), &start, &end, FALSE);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "POST /v1/nodes → 201"));
  g_assert_nonnull (strstr (text, "== verified"));
  g_assert_null (strstr (text, "probe-pass"));

  g_assert_cmpfloat (takeover_adopt_job_get_elapsed (job), >, 0.0);
  elapsed = takeover_job_cell_format_elapsed (takeover_adopt_job_get_elapsed (job));
  g_assert_nonnull (find_widget (GTK_WIDGET (page), is_label_containing, elapsed));

  gtk_selection_model_unselect_item (model, 0);
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (log)));
}

static void
test_adopt (TakeoverApplication *app)
{
  const guint n = 4;
  g_autofree char *path = NULL;
  TakeoverWindow *window;
  TakeoverSession *session;
  TakeoverAdoptPage *page;
  AdwMessageDialog *dialog;
  GListModel *jobs;
  GtkWidget *start;
  GtkWidget *ready;

  if (!takeover_test_bed_require (8, TRUE))
    return;

  path = write_named_inventory (5, n);
  window = open_window (app, path);
  session = takeover_window_get_session (window);
  page = takeover_window_get_adopt_page (window);
  prepare_full_cloud (window);
  delete_nodes (session, "ui-", 5, n);

  /* The adopt step asks first, saying what will not happen to the servers. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page)));
  start = find_widget (GTK_WIDGET (page), is_button_labelled, "_Adopt…");
  g_assert_nonnull (start);
  /* Before the run, what it will and will not do stands where the hosts' progress will. */
  ready = takeover_ui_test_find (GTK_WIDGET (page), ADW_TYPE_STATUS_PAGE, NULL, NULL);
  g_assert_nonnull (ready);
  g_assert_true (gtk_widget_get_mapped (ready));
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (ready)),
                            "no power action, no reboot, no reinstall"));
  g_signal_emit_by_name (start, "clicked");
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "no power action"));
  g_assert_false (takeover_session_get_busy (session));
  adw_message_dialog_response (dialog, "adopt");
  g_assert_true (takeover_session_get_busy (session));
  iterate_until (prepare_idle_cb, session);

  g_assert_null (takeover_session_get_error (session));
  g_assert_cmpuint (takeover_session_get_n_jobs (session), ==, n);
  g_assert_cmpuint (takeover_session_get_n_adopted (session), ==, n);
  g_assert_true (takeover_session_get_succeeded (session));
  g_assert_false (gtk_widget_get_mapped (ready));
  jobs = takeover_adopt_get_jobs (takeover_session_get_adopt (session));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (jobs, i);

      g_assert_cmpint (takeover_adopt_job_get_state (job), ==, TAKEOVER_ADOPT_STATE_VERIFIED);
      g_assert_cmpstr (takeover_adopt_job_get_provision_state (job), ==, "active");
    }
  g_assert_nonnull (find_widget (GTK_WIDGET (page), is_label_containing, "hosts are adopted"));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), is_label_containing,
                                 "Adoption finished: 4 adopted, 0 failed"));

  check_host_log (page);
  check_summary (window, n);
  /* The bed is left as it was: the next run of this test, and the screenshots, adopt the same
   * hosts' MACs. */
  delete_nodes (session, "ui-", 5, n);
  destroy_window (window);
}

static gboolean
some_host_part_way_cb (gpointer data)
{
  GListModel *jobs = takeover_adopt_get_jobs (takeover_session_get_adopt (data));

  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (jobs, i);

      if (takeover_adopt_job_get_node_uuid (job) != NULL &&
          !takeover_adopt_job_is_finished (job))
        return TRUE;
    }

  return FALSE;
}

static gboolean
all_adopted_cb (gpointer data)
{
  TakeoverSession *session = data;
  static gint64 last;

  /* Where the run is, now and then: what a failed wait's log shows. */
  if (g_get_monotonic_time () - last > 5 * G_USEC_PER_SEC)
    {
      const GError *error = takeover_session_get_error (session);

      last = g_get_monotonic_time ();
      g_test_message ("stage %d, %u of %u hosts finished, error: %s",
                      takeover_session_get_stage (session),
                      takeover_session_get_n_finished (session),
                      takeover_session_get_n_jobs (session),
                      error != NULL ? error->message : "none");
    }

  return !takeover_session_get_busy (session) && takeover_session_get_n_jobs (session) > 0 &&
         takeover_session_get_n_finished (session) == takeover_session_get_n_jobs (session);
}

/* Closing the window mid-run leaves the journal with hosts part-way; the next window offers
 * to resume, and resuming adopts them all, from the inventory the run had. */
static void
test_resume (TakeoverApplication *app)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const guint n = 4;
  g_autofree char *path = NULL;
  g_autofree char *journal_path = NULL;
  g_autoptr(TakeoverJournal) journal = NULL;
  g_autoptr(GError) error = NULL;
  TakeoverWindow *window;
  TakeoverSession *session;
  AdwMessageDialog *dialog;

  if (!takeover_test_bed_require (8, TRUE))
    return;

  path = write_prefixed_inventory ("uir-", 1, n);
  window = open_window (app, path);
  session = takeover_window_get_session (window);
  prepare_full_cloud (window);
  delete_nodes (session, "uir-", 1, n);
  g_test_message ("prepared; the test's nodes are gone");

  /* One host at a time, so that the others are still waiting when the window closes: the
   * preference, which the window's engine follows. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL));
  g_settings_set_uint (settings, "adopt-concurrency", 1);
  g_assert_cmpuint (takeover_adopt_get_concurrency (takeover_session_get_adopt (session)), ==, 1);
  takeover_adopt_page_start (takeover_window_get_adopt_page (window));
  iterate_until (some_host_part_way_cb, session);
  g_test_message ("a host is part-way: closing the window");
  /* Closing asks first; keeping on adopting keeps the window. */
  gtk_window_close (GTK_WINDOW (window));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Stop the Adoption?");
  adw_message_dialog_response (dialog, "cancel");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (takeover_session_get_busy (session));

  /* Stopping closes it, and the run stops with it: the session goes, and with it the
   * journal's lock, before the other hosts are adopted. */
  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &session);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "stop");
  iterate_until (takeover_ui_test_is_null, &window);
  iterate_until (takeover_ui_test_is_null, &session);
  g_test_message ("the window and its session are gone");
  takeover_file_writer_wait_idle ();

  journal_path = takeover_journal_dup_path_for_cloud (TAKEOVER_TEST_BED_CLOUD_FULL);
  journal = takeover_journal_new (journal_path);
  g_assert_true (takeover_journal_load (journal, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (takeover_journal_get_n_unfinished (journal), >=, 1);
  g_assert_cmpstr (takeover_journal_get_inventory (journal), ==, path);

  /* A new window asks, naming the inventory, and resuming goes through to the end. */
  window = takeover_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  session = takeover_window_get_session (window);
  g_assert_true (takeover_window_offer_resume (window));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Resume the Adoption?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "uir-adopt.csv"));
  adw_message_dialog_response (dialog, "resume");
  g_test_message ("resuming");
  iterate_until (all_adopted_cb, session);

  g_assert_null (takeover_session_get_error (session));
  g_assert_cmpuint (takeover_session_get_n_jobs (session), ==, n);
  g_assert_cmpuint (takeover_session_get_n_adopted (session), ==, n);
  g_assert_cmpuint (takeover_session_get_n_unfinished (session), ==, 0);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (takeover_window_get_adopt_page (window))));
  check_summary (window, n);

  /* Nothing is left to resume now. */
  delete_nodes (session, "uir-", 1, n);
  destroy_window (window);
  window = takeover_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_false (takeover_window_offer_resume (window));
  destroy_window (window);
  g_settings_reset (settings, "adopt-concurrency");
}

/* Makes a node that holds one of @host_index's MACs, as a stale record would. */
static void
create_stale_port (TakeoverSession *session,
                   const char      *node_name,
                   const char      *mac)
{
  TakeoverIronic *ironic = takeover_session_get_ironic (session);
  g_autoptr(JsonObject) node_fields = json_object_new ();
  g_autoptr(JsonObject) port_fields = json_object_new ();
  g_autoptr(GAsyncResult) created = NULL;
  g_autoptr(GAsyncResult) port_created = NULL;
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(JsonObject) port = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (node_fields, "name", node_name);
  json_object_set_string_member (node_fields, "driver", "ipmi");
  takeover_ironic_create_node_async (ironic, node_fields, NULL, takeover_ui_test_store_result, &created);
  iterate_until (takeover_ui_test_is_set, &created);
  node = takeover_ironic_create_node_finish (ironic, created, &error);
  g_assert_no_error (error);

  json_object_set_string_member (port_fields, "node_uuid",
                                 json_object_get_string_member (node, "uuid"));
  json_object_set_string_member (port_fields, "address", mac);
  takeover_ironic_create_port_async (ironic, port_fields, NULL, takeover_ui_test_store_result, &port_created);
  iterate_until (takeover_ui_test_is_set, &port_created);
  port = takeover_ironic_create_port_finish (ironic, port_created, &error);
  g_assert_no_error (error);
}

static void
run_adoption (TakeoverWindow *window,
              const char     *button_label)
{
  TakeoverAdoptPage *page = takeover_window_get_adopt_page (window);
  GtkWidget *start = find_widget (GTK_WIDGET (page), is_button_labelled, button_label);
  AdwMessageDialog *dialog;

  g_assert_nonnull (start);
  g_assert_true (gtk_widget_get_sensitive (start));
  g_signal_emit_by_name (start, "clicked");
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "adopt");
  iterate_until (all_adopted_cb, takeover_window_get_session (window));
}

/* A host whose MAC another node holds fails at its ports, says whose, and is first in the
 * summary; once the stale node is gone, Run Again adopts it. */
static void
test_adopt_retry (TakeoverApplication *app)
{
  const guint index = 3;
  g_autofree char *path = NULL;
  g_autofree char *host = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *mac = g_strdup_printf ("02:18:01:00:%02x:%02x", index / 256, index % 256);
  g_autoptr(TakeoverAdoptJob) job = NULL;
  TakeoverWindow *window;
  TakeoverSession *session;
  TakeoverSummaryPage *summary;
  GtkColumnView *view;
  GtkTextView *log;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autofree char *whole = NULL;
  g_auto(GStrv) lines = NULL;

  if (!takeover_test_bed_require (8, TRUE))
    return;

  path = write_prefixed_inventory ("uif-", index, 1);
  window = open_window (app, path);
  session = takeover_window_get_session (window);
  prepare_full_cloud (window);
  delete_nodes (session, "uif-", index, 1);
  delete_nodes (session, "uif-owner-", index, 1);
  host = takeover_test_bed_dup_host_name (index);
  stale = g_strconcat ("uif-owner-", host, NULL);
  create_stale_port (session, stale, mac);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL));
  run_adoption (window, "_Adopt…");
  g_assert_cmpuint (takeover_session_get_n_failed (session), ==, 1);
  job = g_list_model_get_item (takeover_adopt_get_jobs (takeover_session_get_adopt (session)), 0);
  g_assert_cmpint (takeover_adopt_job_get_state (job), ==, TAKEOVER_ADOPT_STATE_FAILED);
  g_assert_nonnull (strstr (takeover_adopt_job_get_message (job), mac));
  g_assert_nonnull (find_widget (GTK_WIDGET (takeover_window_get_adopt_page (window)),
                                 is_label_containing, mac));

  /* The summary says so, with the reason beside the host. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL));
  summary = takeover_window_get_summary_page (window);
  g_assert_nonnull (find_widget (GTK_WIDGET (summary), is_label_containing, "0 of 1 Host Adopted"));
  g_assert_nonnull (find_widget (GTK_WIDGET (summary), is_label_containing, "1 failed. Each"));
  g_assert_nonnull (find_widget (GTK_WIDGET (summary), is_label_containing, mac));

  /* The operator removes the stale node, goes back and runs the adoption again. */
  delete_nodes (session, "uif-owner-", index, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  /* With the host chosen, its log follows the new run line by line. */
  view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (takeover_window_get_adopt_page (window)),
                                       is_column_view, NULL));
  g_assert_true (gtk_selection_model_select_item (gtk_column_view_get_model (view), 0, TRUE));
  run_adoption (window, "_Run Again…");
  log = GTK_TEXT_VIEW (find_widget (GTK_WIDGET (takeover_window_get_adopt_page (window)),
                                    is_text_view, NULL));
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (log), &start, &end);
  text = gtk_text_buffer_get_text (gtk_text_view_get_buffer (log), &start, &end, FALSE);
  g_assert_null (strstr (text, "Nothing yet"));
  g_assert_nonnull (strstr (text, "POST /v1/ports → 201"));
  g_assert_nonnull (strstr (text, "== verified"));
  /* Line by line, it is the log whole. */
  lines = takeover_adopt_audit_dup_host_lines (takeover_session_get_audit (session),
                                               takeover_host_get_display_name (
                                                 takeover_adopt_job_get_host (job)));
  whole = g_strjoinv ("\n", lines);
  g_assert_cmpstr (text, ==, whole);
  g_assert_null (takeover_session_get_error (session));
  g_assert_cmpuint (takeover_session_get_n_adopted (session), ==, 1);
  g_assert_cmpint (takeover_adopt_job_get_state (job), ==, TAKEOVER_ADOPT_STATE_VERIFIED);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL));
  g_assert_nonnull (find_widget (GTK_WIDGET (summary), is_label_containing, "The Host Is Adopted"));

  delete_nodes (session, "uif-", index, 1);
  destroy_window (window);
}

static gboolean
is_entry_row (GtkWidget     *widget,
              gconstpointer  text)
{
  return ADW_IS_ENTRY_ROW (widget);
}

/* The bed's standalone Ironic: the prepare step asks for the image's URL, and with one has
 * nothing to create. */
static void
test_prepare_standalone (TakeoverApplication *app)
{
  g_autofree char *path = write_inventory (FALSE);
  TakeoverWindow *window;
  TakeoverSession *session;
  TakeoverPreparePage *page;
  TakeoverPrepare *prepare;
  GtkWidget *entry;

  /* $OS_CLOUD is chosen as the cloud step opens, as the openstack client would. */
  g_setenv ("OS_CLOUD", TAKEOVER_TEST_BED_CLOUD, TRUE);
  window = open_window (app, path);
  g_unsetenv ("OS_CLOUD");
  session = takeover_window_get_session (window);
  page = takeover_window_get_prepare_page (window);
  g_assert_nonnull (takeover_session_get_cloud_config (session));
  g_assert_cmpstr (takeover_cloud_config_get_name (takeover_session_get_cloud_config (session)),
                   ==, TAKEOVER_TEST_BED_CLOUD);

  g_assert_true (takeover_cloud_page_get_ready (check_cloud (window, TAKEOVER_TEST_BED_CLOUD)));
  /* Without Keystone, no owner project is promised. */
  g_assert_nonnull (find_widget (GTK_WIDGET (takeover_window_get_cloud_page (window)),
                                 is_label_containing, "runs without Keystone"));
  g_assert_null (find_widget (GTK_WIDGET (takeover_window_get_cloud_page (window)),
                              is_label_containing, "given an owner project"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL));
  iterate_until (prepare_idle_cb, session);
  prepare = takeover_session_get_prepare (session);
  g_assert_true (takeover_prepare_get_standalone (prepare));

  /* Not ready: the image must be a URL, and the page asks for one. */
  g_assert_cmpuint (takeover_prepare_get_n_problems (prepare), ==, 1);
  g_assert_false (takeover_prepare_page_get_ready (page));
  entry = find_widget (GTK_WIDGET (page), is_entry_row, NULL);
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_is_visible (entry));

  gtk_editable_set_text (GTK_EDITABLE (entry), "http://127.0.0.1:8088/adopted.img");
  g_signal_emit_by_name (entry, "apply");
  iterate_until (prepare_idle_cb, session);
  g_assert_cmpuint (takeover_prepare_get_n_problems (prepare), ==, 0);
  g_assert_cmpstr (takeover_prepare_get_image_id (prepare), ==,
                   "http://127.0.0.1:8088/adopted.img");
  g_assert_true (takeover_prepare_page_get_ready (page));

  destroy_window (window);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(TakeoverApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *remove = NULL;
  int ret;

  work_dir = g_dir_make_tmp ("takeover-wizard-XXXXXX", NULL);
  g_assert_nonnull (work_dir);
  /* Trust on first use records the bed's SSH host keys here, not in the user's files; the
   * adoption's journal and audit logs go here too. */
  g_setenv ("XDG_DATA_HOME", work_dir, TRUE);
  g_setenv ("XDG_STATE_HOME", work_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return g_test_run ();

  write_clouds_yaml ();
  app = takeover_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));

  g_test_add_data_func ("/ui/wizard/probe-bed", app, (GTestDataFunc) test_probe_bed);
  g_test_add_data_func ("/ui/wizard/probe-silent-host", app,
                        (GTestDataFunc) test_probe_silent_host);
  g_test_add_data_func ("/ui/wizard/cloud", app, (GTestDataFunc) test_cloud);
  g_test_add_data_func ("/ui/wizard/cloud-by-hand", app, (GTestDataFunc) test_cloud_by_hand);
  g_test_add_data_func ("/ui/wizard/cloud-wrong-password", app,
                        (GTestDataFunc) test_cloud_wrong_password);
  g_test_add_data_func ("/ui/wizard/prepare", app, (GTestDataFunc) test_prepare);
  g_test_add_data_func ("/ui/wizard/prepare-standalone", app,
                        (GTestDataFunc) test_prepare_standalone);
  g_test_add_data_func ("/ui/wizard/adopt", app, (GTestDataFunc) test_adopt);
  g_test_add_data_func ("/ui/wizard/resume", app, (GTestDataFunc) test_resume);
  g_test_add_data_func ("/ui/wizard/adopt-retry", app, (GTestDataFunc) test_adopt_retry);

  ret = g_test_run ();
  g_application_release (G_APPLICATION (app));

  remove = g_strdup_printf ("rm -rf '%s'", work_dir);
  g_spawn_command_line_sync (remove, NULL, NULL, NULL, NULL);
  g_free (work_dir);

  return ret;
}
