/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dashboard against the test bed: every host shows with its state in words beside its
 * icon, the counts by state above, a silent host unreachable with its reason; the window is
 * finalized when closed, its monitor stopped. */
#include "config.h"

#include "takeover-application.h"
#include "takeover-chart.h"
#include "takeover-dashboard-window.h"
#include "takeover-host-charts.h"
#include "takeover-sparkline.h"
#include "takeover-preferences-window.h"
#include "takeover-test-bed.h"
#include "takeover-test-hosts.h"
#include "takeover-ui-test.h"

static char *work_dir;

static gboolean
is_label (GtkWidget     *widget,
          gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static gboolean
shows_hosts (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (data), "hosts") == 0;
}

static void
count_round_cb (TakeoverMonitor *monitor,
                guint            n_answered,
                GError          *error,
                guint           *n_rounds)
{
  (*n_rounds)++;
}

static gboolean
three_rounds (gpointer data)
{
  return *(guint *) data >= 3;
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
has_prefix (GtkWidget     *widget,
            gconstpointer  prefix)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix);
}

static gboolean
has_one_row (gpointer data)
{
  return g_list_model_get_n_items (data) == 1;
}

static gboolean
no_reads_pending (gpointer data)
{
  return takeover_host_charts_get_n_pending (data) == 0;
}

/* The bed's tb-001 and tb-002, and one nothing answers for. */
static GListModel *
make_hosts (void)
{
  GListStore *hosts = takeover_test_hosts_from_bed (2);
  g_autoptr(TakeoverHost) silent = takeover_test_hosts_new_silent ("silent");

  g_list_store_append (hosts, silent);
  return G_LIST_MODEL (hosts);
}

static void
test_hosts (GtkApplication *app)
{
  g_autoptr(GListModel) hosts = make_hosts ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  TakeoverDashboardWindow *window;
  GtkStack *stack;
  TakeoverMonitor *monitor;
  TakeoverHostCharts *charts;
  guint n_rounds = 0;
  g_autoptr(TakeoverChart) temperatures = NULL;
  g_autoptr(TakeoverHost) first = g_list_model_get_item (hosts, 0);

  g_settings_set_double (settings, "probe-timeout", 2);
  g_settings_set_uint (settings, "monitor-interval", 5);
  window = takeover_dashboard_window_new (app, hosts);
  gtk_window_present (GTK_WINDOW (window));
  monitor = takeover_dashboard_window_get_monitor (window);
  g_assert_true (takeover_monitor_get_watching (monitor));

  stack = GTK_STACK (takeover_ui_test_find (GTK_WIDGET (window), GTK_TYPE_STACK, NULL, NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "waiting");
  takeover_ui_test_iterate_until (shows_hosts, stack, 60);

  /* Each host's name, its state in words, the counts, and why the silent one is not OK. */
  g_assert_nonnull (takeover_ui_test_find (GTK_WIDGET (window), GTK_TYPE_LABEL, is_label,
                                           takeover_host_get_display_name (first)));
  g_assert_nonnull (takeover_ui_test_find (GTK_WIDGET (window), GTK_TYPE_LABEL, is_label,
                                           "silent"));
  g_assert_nonnull (takeover_ui_test_find (GTK_WIDGET (window), GTK_TYPE_LABEL, is_label,
                                           "Unreachable"));
  g_assert_nonnull (takeover_ui_test_find (GTK_WIDGET (window), GTK_TYPE_LABEL, is_label,
                                           "2 OK"));
  g_assert_nonnull (takeover_ui_test_find (GTK_WIDGET (window), GTK_TYPE_LABEL, is_label,
                                           "1 Unreachable"));
  g_assert_cmpint (takeover_health_get_level (takeover_monitor_get_health (monitor), "silent"),
                   ==, TAKEOVER_HEALTH_UNREACHABLE);

  /* A few rounds' history (the store's 10 s points need a whole step each). */
  g_signal_connect (monitor, "round-done", G_CALLBACK (count_round_cb), &n_rounds);
  takeover_ui_test_iterate_until (three_rounds, &n_rounds, 60);

  /* The fleet's figures above the list. */
  g_assert_nonnull (takeover_ui_test_find (GTK_WIDGET (window), GTK_TYPE_LABEL, has_prefix,
                                           "Drawing "));

  /* Searching by name or by reason keeps the rows that match. */
  {
    GtkWidget *entry = takeover_ui_test_find (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, NULL,
                                              NULL);
    GtkColumnView *view = GTK_COLUMN_VIEW (takeover_ui_test_find (GTK_WIDGET (window),
                                                                  GTK_TYPE_COLUMN_VIEW, NULL,
                                                                  NULL));
    GListModel *rows = G_LIST_MODEL (gtk_column_view_get_model (view));

    g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
    gtk_editable_set_text (GTK_EDITABLE (entry), "neither its bmc");
    takeover_ui_test_iterate_until (has_one_row, rows, 10);
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
    g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);
  }

  /* Each row's load over the last rounds, as a small line. */
  {
    g_autoptr(TakeoverMonitorHost) row = g_list_model_get_item (takeover_monitor_get_hosts (monitor), 0);
    guint n_history = 0;

    takeover_monitor_host_get_load_history (row, &n_history);
    g_assert_cmpuint (n_history, >=, 3);
    g_assert_nonnull (takeover_ui_test_find (GTK_WIDGET (window), TAKEOVER_TYPE_SPARKLINE, NULL,
                                             NULL));
  }

  /* A host chosen: its history beside the list, a chart a meter group, each sensor a line,
   * and a sentence for screen readers. */
  takeover_dashboard_window_show_host (window, takeover_host_get_display_name (first));
  charts = TAKEOVER_HOST_CHARTS (takeover_dashboard_window_get_host_charts (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (charts)));
  g_assert_cmpstr (takeover_host_charts_get_host (charts), ==, takeover_host_get_display_name (first));
  takeover_host_charts_set_range (charts, 3600);
  takeover_ui_test_iterate_until (no_reads_pending, charts, 30);
  g_assert_cmpuint (g_list_model_get_n_items (takeover_host_charts_get_charts (charts)), ==, 6);
  temperatures = g_list_model_get_item (takeover_host_charts_get_charts (charts), 0);
  g_assert_cmpuint (takeover_chart_get_n_series (temperatures), >=, 2);
  g_test_message ("%s", takeover_chart_get_summary (temperatures));
  g_assert_true (g_str_has_prefix (takeover_chart_get_summary (temperatures), "Temperatures: now "));
  g_assert_nonnull (strstr (takeover_chart_get_summary (temperatures), " °C"));
  takeover_dashboard_window_show_host (window, NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (charts)));

  /* Closed: finalized, and its monitor with it. */
  g_object_add_weak_pointer (G_OBJECT (monitor), (gpointer *) &monitor);
  takeover_ui_test_destroy_window (GTK_WINDOW (window), 30);
  takeover_ui_test_iterate_until (takeover_ui_test_is_null, &monitor, 30);
  g_settings_reset (settings, "probe-timeout");
  g_settings_reset (settings, "monitor-interval");
}

/* The first spin (warning) or the second (critical) of the rule row titled @title. */
static GtkSpinButton *
find_rule_spin (GtkWidget  *window,
                const char *title,
                guint       nth)
{
  GtkWidget *row = takeover_ui_test_find (window, ADW_TYPE_ACTION_ROW,
                                          takeover_ui_test_is_row_titled, title);
  GtkWidget *first;

  g_assert_nonnull (row);
  first = takeover_ui_test_find (row, GTK_TYPE_SPIN_BUTTON, NULL, NULL);
  g_assert_nonnull (first);
  if (nth == 0)
    return GTK_SPIN_BUTTON (first);
  return GTK_SPIN_BUTTON (takeover_ui_test_find (gtk_widget_get_next_sibling (first),
                                                 GTK_TYPE_SPIN_BUTTON, NULL, NULL));
}

/* The preferences' health rules and interval reach a dashboard open at the time; a warning
 * above its critical level lifts that; Reset brings the defaults back. Needs no bed: nothing
 * answers at the one host's addresses. */
static void
test_preferences (GtkApplication *app)
{
  g_autoptr(GListStore) hosts = g_list_store_new (TAKEOVER_TYPE_HOST);
  g_autoptr(TakeoverHost) host = takeover_host_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  TakeoverDashboardWindow *window;
  TakeoverMonitor *monitor;
  GtkWidget *preferences;
  GtkSpinButton *warning, *critical;

  takeover_host_set_name (host, "nowhere");
  takeover_host_set_bmc_address (host, "127.0.0.1");
  takeover_host_set_bmc_port (host, 9);
  g_list_store_append (hosts, host);
  window = takeover_dashboard_window_new (app, G_LIST_MODEL (hosts));
  monitor = takeover_dashboard_window_get_monitor (window);
  g_assert_cmpfloat (takeover_monitor_get_rule (monitor, "memory")->warning, ==, 90);

  preferences = takeover_preferences_window_new (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (preferences));
  warning = find_rule_spin (preferences, "Memory Used", 0);
  critical = find_rule_spin (preferences, "Memory Used", 1);
  g_assert_cmpfloat (gtk_spin_button_get_value (warning), ==, 90);
  g_assert_cmpfloat (gtk_spin_button_get_value (critical), ==, 97);

  gtk_spin_button_set_value (warning, 80);
  g_assert_cmpfloat (takeover_monitor_get_rule (monitor, "memory")->warning, ==, 80);
  g_assert_cmpfloat (takeover_monitor_get_rule (monitor, "memory")->critical, ==, 97);
  /* Above its critical level: the critical one follows. */
  gtk_spin_button_set_value (warning, 99);
  g_assert_cmpfloat (gtk_spin_button_get_value (critical), ==, 99);
  g_assert_cmpfloat (takeover_monitor_get_rule (monitor, "memory")->critical, ==, 99);
  gtk_spin_button_set_value (find_rule_spin (preferences, "Load a Core", 1), 8);
  g_assert_cmpfloat (takeover_monitor_get_rule (monitor, "load")->critical, ==, 8);

  g_signal_emit_by_name (takeover_ui_test_find (preferences, GTK_TYPE_BUTTON, is_button_labelled,
                                                "_Reset"), "clicked");
  g_assert_cmpfloat (gtk_spin_button_get_value (warning), ==, 90);
  g_assert_cmpfloat (takeover_monitor_get_rule (monitor, "memory")->warning, ==, 90);
  g_assert_cmpfloat (takeover_monitor_get_rule (monitor, "load")->critical, ==, 4);

  gtk_window_destroy (GTK_WINDOW (preferences));
  takeover_ui_test_destroy_window (GTK_WINDOW (window), 30);
  g_settings_reset (settings, "health-rules");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(TakeoverApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *remove = NULL;
  int ret;

  work_dir = g_dir_make_tmp ("takeover-dashboard-XXXXXX", NULL);
  g_assert_nonnull (work_dir);
  /* Host keys, metrics and their rrdcached go here, not in the user's files. */
  g_setenv ("XDG_DATA_HOME", work_dir, TRUE);
  g_setenv ("XDG_STATE_HOME", work_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = takeover_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_data_func ("/ui/dashboard/preferences", app, (GTestDataFunc) test_preferences);
  if (takeover_test_bed_require (4, FALSE))
    g_test_add_data_func ("/ui/dashboard/hosts", app, (GTestDataFunc) test_hosts);
  ret = g_test_run ();

  remove = g_strdup_printf ("rm -rf '%s'", work_dir);
  g_spawn_command_line_sync (remove, NULL, NULL, NULL, NULL);
  return ret;
}
