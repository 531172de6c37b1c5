/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Renders each step of the wizard into PNGs under data/screenshots/ (the metainfo shows
 * them), light and dark, in English and in Chinese: `build-aux/screenshots`, or
 * `meson test -C build --suite screenshots`. It drives the real window through a real
 * takeover of the full test bed's first 8 hosts, named as a big-data fleet's would be, and
 * removes their nodes afterwards so that the bed is left as it was.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "takeover-application.h"
#include "takeover-cloud-form.h"
#include "takeover-dashboard-window.h"
#include "takeover-host-charts.h"
#include "takeover-host-dialog.h"
#include "takeover-preferences-window.h"
#include "takeover-test-bed.h"
#include "takeover-ui-test.h"
#include "takeover-window.h"

#define WAIT_SECONDS 300
#define N_HOSTS      8
#define WIDTH        1200
#define HEIGHT       760

static char *work_dir;
static char *out_dir;

typedef struct
{
  const char *tag;       /* in the file names */
  const char *language;  /* LANGUAGE */
  const char *locale;    /* LC_ALL */
} Language;

static const Language languages[] = {
  { "en", "en", "C.UTF-8" },
  { "zh_CN", "zh_CN", "zh_CN.UTF-8" },
};

static void
iterate_until (TakeoverUiTestCondition condition,
               gpointer                data)
{
  takeover_ui_test_iterate_until (condition, data, WAIT_SECONDS);
}

static gboolean
idle_cb (gpointer data)
{
  return !takeover_session_get_busy (takeover_window_get_session (data)) &&
         !takeover_window_get_loading (data);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
flag_cb (gpointer data)
{
  return *(gboolean *) data;
}

static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  iterate_until (flag_cb, &done);
}

/* Lets the window lay out and draw what changed (list rows come in over a few frames). */
static void
settle (void)
{
  wait_ms (600);
}

static void
save_png (GtkWidget  *window,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (out_dir, name, NULL);
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &bounds);
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("cannot write %s", path);
  g_print ("%s\n", path);
}

/* Each step in both styles: the same state, drawn light, then dark. */
static void
shoot (gpointer    window,
       const char *step,
       const char *language)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  static const struct { AdwColorScheme scheme; const char *tag; } schemes[] = {
    { ADW_COLOR_SCHEME_FORCE_LIGHT, "light" },
    { ADW_COLOR_SCHEME_FORCE_DARK, "dark" },
  };

  /* A stage's toast goes after 5 s: the pictures show the page, not the toast. */
  wait_ms (5500);
  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%s-%s.png", step, schemes[i].tag, language);

      adw_style_manager_set_color_scheme (style, schemes[i].scheme);
      settle ();
      save_png (GTK_WIDGET (window), name);
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
show_cloud_form (TakeoverCloudPage *page)
{
  GtkWidget *form = takeover_ui_test_find (GTK_WIDGET (page), TAKEOVER_TYPE_CLOUD_FORM, NULL,
                                           NULL);

  gtk_widget_activate (takeover_ui_test_find (GTK_WIDGET (page), GTK_TYPE_WIDGET, takeover_ui_test_is_row_titled,
                                              _("Another Cloud")));
  gtk_editable_set_text (GTK_EDITABLE (takeover_ui_test_find (form, GTK_TYPE_WIDGET, takeover_ui_test_is_row_titled,
                                                              _("Keystone _Address"))),
                         "https://keystone.dc1.example.com:5000/v3");
  gtk_editable_set_text (GTK_EDITABLE (takeover_ui_test_find (form, GTK_TYPE_WIDGET, takeover_ui_test_is_row_titled,
                                                              _("_User"))),
                         "admin");
}

/* The bed's first hosts as a fleet's datanodes. */
static char *
write_inventory (void)
{
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *path = g_build_filename (work_dir, "hosts.csv", NULL);

  g_assert_true (g_file_get_contents (takeover_test_bed_get_hosts_csv (), &csv, NULL, NULL));
  lines = g_strsplit (csv, "\n", -1);
  g_string_append_printf (text, "%s\n", lines[0]);
  for (guint i = 1; i <= N_HOSTS && lines[i] != NULL; i++)
    {
      const char *rest = strchr (lines[i], ',');

      g_assert_nonnull (rest);
      g_string_append_printf (text, "hdp-dn-%02u%s\n", i, rest);
    }

  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  return g_steal_pointer (&path);
}

/* The pictures' nodes, and any node that a test left holding one of their hosts' MACs (the
 * bed's scheme: 02:18:<port>:00:<index>), so that every host is adopted afresh. */
static void
delete_nodes (TakeoverSession *session)
{
  TakeoverIronic *ironic = takeover_session_get_ironic (session);

  for (guint i = 1; i <= N_HOSTS; i++)
    {
      g_autofree char *name = g_strdup_printf ("hdp-dn-%02u", i);

      takeover_ui_test_delete_node (ironic, name, WAIT_SECONDS);
      for (guint port = 0; port < 2; port++)
        {
          g_autofree char *mac = g_strdup_printf ("02:18:%02x:00:%02x:%02x", port, i / 256,
                                                  i % 256);
          g_autoptr(GAsyncResult) listed = NULL;
          g_autoptr(GPtrArray) ports = NULL;
          g_autoptr(GError) error = NULL;

          takeover_ironic_list_ports_async (ironic, NULL, mac, NULL, takeover_ui_test_store_result, &listed);
          iterate_until (takeover_ui_test_is_set, &listed);
          ports = takeover_ironic_list_ports_finish (ironic, listed, &error);
          g_assert_no_error (error);
          for (guint j = 0; j < ports->len; j++)
            takeover_ui_test_delete_node (ironic,
                                          json_object_get_string_member (g_ptr_array_index (ports, j),
                                                                         "node_uuid"),
                                          WAIT_SECONDS);
        }
    }
}

static gboolean
cloud_checked_cb (gpointer data)
{
  return takeover_cloud_page_get_ready (data);
}

static void
select_row (GtkWidget *widget,
            guint      position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_COLUMN_VIEW (child))
        {
          gtk_selection_model_select_item (gtk_column_view_get_model (GTK_COLUMN_VIEW (child)),
                                           position, TRUE);
          return;
        }
      select_row (child, position);
    }
}

static void
select_job (TakeoverAdoptPage *page,
            guint              position)
{
  select_row (GTK_WIDGET (page), position);
}

static void
next (TakeoverWindow *window)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL));
  iterate_until (idle_cb, window);
}

static GtkWindow *
find_dashboard (TakeoverApplication *app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (TAKEOVER_IS_DASHBOARD_WINDOW (l->data))
      return l->data;
  g_error ("win.dashboard opened no dashboard");
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
four_rounds_cb (gpointer data)
{
  return *(guint *) data >= 4;
}

static gboolean
charts_read_cb (gpointer data)
{
  return takeover_host_charts_get_n_pending (data) == 0;
}

static void
take_language (TakeoverApplication *app,
               const Language      *language)
{
  g_autofree char *path = write_inventory ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  TakeoverWindow *window;
  TakeoverSession *session;
  TakeoverPrepare *prepare;
  TakeoverCloudPage *cloud_page;

  g_setenv ("LANGUAGE", language->language, TRUE);
  if (setlocale (LC_ALL, language->locale) == NULL)
    g_printerr ("screenshots: no locale %s; the %s pictures will be in English\n",
                language->locale, language->tag);

  window = takeover_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
  session = takeover_window_get_session (window);
  takeover_window_open (window, file);
  iterate_until (idle_cb, window);
  shoot (window, "1-hosts", language->tag);

  /* A host's record, to read or change; and the preferences. */
  {
    g_autoptr(TakeoverHost) host = g_list_model_get_item (takeover_inventory_get_hosts (
                                                            takeover_window_get_inventory (window)),
                                                          0);
    GtkWidget *dialog = takeover_host_dialog_new (GTK_WINDOW (window),
                                                  takeover_window_get_inventory (window), host);

    gtk_window_present (GTK_WINDOW (dialog));
    shoot (dialog, "1-host-record", language->tag);
    gtk_window_destroy (GTK_WINDOW (dialog));
    dialog = takeover_preferences_window_new (GTK_WINDOW (window));
    gtk_window_present (GTK_WINDOW (dialog));
    shoot (dialog, "7-preferences", language->tag);
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (dialog), "monitoring");
    shoot (dialog, "7-preferences-monitoring", language->tag);
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  next (window);
  /* With a host chosen: all that was found on it. */
  select_row (GTK_WIDGET (takeover_window_get_probe_page (window)), 0);
  shoot (window, "2-probe", language->tag);

  next (window);
  cloud_page = takeover_window_get_cloud_page (window);
  /* Another cloud, typed in part-way: what is left to enter says so. */
  show_cloud_form (cloud_page);
  shoot (window, "3-cloud-form", language->tag);
  g_assert_true (takeover_cloud_page_select (cloud_page, TAKEOVER_TEST_BED_CLOUD_FULL));
  takeover_cloud_page_check (cloud_page);
  iterate_until (cloud_checked_cb, cloud_page);
  shoot (window, "3-cloud", language->tag);

  /* The names an operator would give; a second run finds them made. */
  prepare = takeover_session_get_prepare (session);
  takeover_prepare_set_project (prepare, "bigdata");
  takeover_prepare_set_user (prepare, "bigdata-adopter");
  takeover_prepare_set_network (prepare, "bigdata-mgmt");
  delete_nodes (session);
  next (window);
  shoot (window, "4-prepare", language->tag);

  if (!takeover_prepare_page_get_ready (takeover_window_get_prepare_page (window)))
    {
      takeover_prepare_page_apply (takeover_window_get_prepare_page (window));
      iterate_until (idle_cb, window);
    }
  g_assert_true (takeover_prepare_page_get_ready (takeover_window_get_prepare_page (window)));

  next (window);
  takeover_adopt_page_start (takeover_window_get_adopt_page (window));
  iterate_until (idle_cb, window);
  /* With a host chosen: what was sent for it. */
  select_job (takeover_window_get_adopt_page (window), 2);
  shoot (window, "5-adopt", language->tag);

  next (window);
  shoot (window, "6-summary", language->tag);

  /* The dashboard of those hosts after a few rounds, with a host's last hour beside them. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autoptr(TakeoverHost) host = g_list_model_get_item (takeover_inventory_get_hosts (
                                                            takeover_window_get_inventory (window)),
                                                          1);
    GtkWindow *dashboard;
    TakeoverHostCharts *charts;
    guint n_rounds = 0;

    g_settings_set_uint (settings, "monitor-interval", 5);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.dashboard", NULL);
    dashboard = find_dashboard (app);
    gtk_window_set_default_size (dashboard, WIDTH, HEIGHT);
    g_signal_connect (takeover_dashboard_window_get_monitor (TAKEOVER_DASHBOARD_WINDOW (dashboard)),
                      "round-done", G_CALLBACK (count_round_cb), &n_rounds);
    iterate_until (four_rounds_cb, &n_rounds);
    takeover_dashboard_window_show_host (TAKEOVER_DASHBOARD_WINDOW (dashboard),
                                         takeover_host_get_display_name (host));
    charts = TAKEOVER_HOST_CHARTS (takeover_dashboard_window_get_host_charts (TAKEOVER_DASHBOARD_WINDOW (dashboard)));
    takeover_host_charts_set_range (charts, 3600);
    iterate_until (charts_read_cb, charts);
    shoot (dashboard, "8-dashboard", language->tag);
    takeover_ui_test_destroy_window (dashboard, WAIT_SECONDS);
    g_settings_reset (settings, "monitor-interval");
  }

  delete_nodes (session);
  takeover_ui_test_destroy_window (GTK_WINDOW (window), WAIT_SECONDS);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(TakeoverApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *locale_dir = NULL;
  g_autofree char *remove = NULL;

  setlocale (LC_ALL, "");
  locale_dir = g_build_filename (g_getenv ("TAKEOVER_BUILD_DIR"), "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  out_dir = g_build_filename (g_getenv ("TAKEOVER_SOURCE_DIR"), "data", "screenshots", NULL);
  g_mkdir_with_parents (out_dir, 0755);
  work_dir = g_dir_make_tmp ("takeover-screenshots-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", work_dir, TRUE);
  g_setenv ("XDG_STATE_HOME", work_dir, TRUE);

  gtk_init ();
  adw_init ();

  if (!takeover_test_bed_require (N_HOSTS, TRUE))
    {
      g_printerr ("screenshots: the full test bed is needed (tests/testbed/up --full %u)\n",
                  N_HOSTS);
      return 1;
    }
  g_setenv ("OS_CLIENT_CONFIG_FILE", takeover_test_bed_get_clouds_yaml (), TRUE);
  g_unsetenv ("OS_CLOUD");

  app = takeover_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    take_language (app, &languages[i]);

  g_application_release (G_APPLICATION (app));
  remove = g_strdup_printf ("rm -rf '%s'", work_dir);
  g_spawn_command_line_sync (remove, NULL, NULL, NULL, NULL);

  return 0;
}
