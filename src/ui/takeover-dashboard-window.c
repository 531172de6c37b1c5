/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-dashboard"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "takeover-dashboard-window.h"
#include "takeover-host-charts.h"
#include "takeover-sparkline.h"

/* See the header. The list is the monitor's own model (each row kept and notified from round
 * to round), sorted by health, worst first; a cell follows its row's property by notify. */

#define N_LEVELS (TAKEOVER_HEALTH_UNREACHABLE + 1)

struct _TakeoverDashboardWindow
{
  AdwApplicationWindow  parent_instance;

  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  GtkBox               *counts;
  GtkColumnView        *view;
  GtkPaned             *paned;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkLabel             *cluster_label;
  GtkCustomFilter      *filter;
  TakeoverHostCharts   *charts;        /* the chosen host's history */

  GtkLabel             *count_labels[N_LEVELS];
  TakeoverMonitor      *monitor;
  GListModel           *hosts;
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (TakeoverDashboardWindow, takeover_dashboard_window, ADW_TYPE_APPLICATION_WINDOW)

/**
 * takeover_health_level_get_icon_name:
 *
 * Returns: the symbolic icon that shows @level beside its word
 */
const char *
takeover_health_level_get_icon_name (TakeoverHealthLevel level)
{
  switch (level)
    {
    case TAKEOVER_HEALTH_OK:
      return "emblem-ok-symbolic";
    case TAKEOVER_HEALTH_WARNING:
      return "dialog-warning-symbolic";
    case TAKEOVER_HEALTH_CRITICAL:
      return "dialog-error-symbolic";
    case TAKEOVER_HEALTH_UNREACHABLE:
    default:
      return "network-offline-symbolic";
    }
}

static const char *
level_style (TakeoverHealthLevel level)
{
  static const char * const styles[N_LEVELS] = { "success", "warning", "error", "dim-label" };

  return styles[MIN (level, N_LEVELS - 1)];
}

/* Cells ------------------------------------------------------------------------------------- */

typedef char *(*FormatFunc) (TakeoverMonitorHost *host);

typedef struct
{
  FormatFunc  format;
  const char *property;
  gboolean    numeric;
} TextColumn;

static char *
format_or_dash (double      value,
                const char *format)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf (format, value);
}

static char *
format_name (TakeoverMonitorHost *host)
{
  return g_strdup (takeover_monitor_host_get_name (host));
}

static char *
format_reason (TakeoverMonitorHost *host)
{
  return g_strdup (takeover_monitor_host_get_reason (host));
}

static char *
format_temperature (TakeoverMonitorHost *host)
{
  /* Translators: the hottest sensor's temperature. */
  return format_or_dash (takeover_monitor_host_get_temperature (host), _("%.0f °C"));
}

static char *
format_load (TakeoverMonitorHost *host)
{
  return format_or_dash (takeover_monitor_host_get_load (host), "%.2f");
}

static char *
format_cpu (TakeoverMonitorHost *host)
{
  return format_or_dash (takeover_monitor_host_get_cpu (host), _("%.0f%%"));
}

static char *
format_memory (TakeoverMonitorHost *host)
{
  return format_or_dash (takeover_monitor_host_get_memory (host), _("%.0f%%"));
}

static char *
format_power (TakeoverMonitorHost *host)
{
  /* Translators: watts drawn. */
  return format_or_dash (takeover_monitor_host_get_power (host), _("%.0f W"));
}

static void
update_text_cell (TakeoverMonitorHost *host,
                  GParamSpec          *pspec,
                  GtkListItem         *item)
{
  const TextColumn *column = g_object_get_data (G_OBJECT (item), "takeover-column");
  g_autofree char *text = column->format (host);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text != NULL ? text : "");
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item),
                               text != NULL && strlen (text) > 40 ? text : NULL);
}

static void
setup_text_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               const TextColumn         *column)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column->numeric ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column->numeric)
    gtk_widget_add_css_class (label, "numeric");
  g_object_set_data (G_OBJECT (item), "takeover-column", (gpointer) column);
  gtk_list_item_set_child (item, label);
}

static void
bind_text_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              const TextColumn         *column)
{
  TakeoverMonitorHost *host = gtk_list_item_get_item (item);
  g_autofree char *signal = g_strconcat ("notify::", column->property, NULL);

  update_text_cell (host, NULL, item);
  g_signal_connect_object (host, signal, G_CALLBACK (update_text_cell), item, 0);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  column)
{
  g_signal_handlers_disconnect_by_data (gtk_list_item_get_item (item), item);
}

static void
update_health_cell (TakeoverMonitorHost *host,
                    GParamSpec          *pspec,
                    GtkListItem         *item)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *image = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (image);
  TakeoverHealthLevel level = takeover_monitor_host_get_level (host);

  for (TakeoverHealthLevel l = 0; l < N_LEVELS; l++)
    gtk_widget_remove_css_class (image, level_style (l));
  gtk_widget_add_css_class (image, level_style (level));
  gtk_image_set_from_icon_name (GTK_IMAGE (image), takeover_health_level_get_icon_name (level));
  gtk_label_set_text (GTK_LABEL (label), takeover_health_level_get_label (level));
}

static void
setup_health_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *image = gtk_image_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* The word says it: the icon is decoration for a screen reader. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
bind_health_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  data)
{
  TakeoverMonitorHost *host = gtk_list_item_get_item (item);

  update_health_cell (host, NULL, item);
  g_signal_connect_object (host, "notify::level", G_CALLBACK (update_health_cell), item, 0);
}

static void
update_sparkline (TakeoverMonitorHost *host,
                  GParamSpec          *pspec,
                  GtkListItem         *item)
{
  guint n;
  const double *values = takeover_monitor_host_get_load_history (host, &n);

  takeover_sparkline_set_values (TAKEOVER_SPARKLINE (gtk_list_item_get_child (item)), values, n,
                                 TAKEOVER_MONITOR_HOST_HISTORY);
}

static void
setup_sparkline_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  data)
{
  gtk_list_item_set_child (item, takeover_sparkline_new ());
}

static void
bind_sparkline_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  data)
{
  TakeoverMonitorHost *host = gtk_list_item_get_item (item);

  update_sparkline (host, NULL, item);
  g_signal_connect_object (host, "notify::rounds", G_CALLBACK (update_sparkline), item, 0);
}

static int
compare_health (gconstpointer a,
                gconstpointer b,
                gpointer      data)
{
  TakeoverHealthLevel x = takeover_monitor_host_get_level ((TakeoverMonitorHost *) a);
  TakeoverHealthLevel y = takeover_monitor_host_get_level ((TakeoverMonitorHost *) b);

  /* Worst first; then by name, so that equal rows keep still. */
  if (x != y)
    return x > y ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  return gtk_ordering_from_cmpfunc (g_utf8_collate (takeover_monitor_host_get_name ((TakeoverMonitorHost *) a),
                                                    takeover_monitor_host_get_name ((TakeoverMonitorHost *) b)));
}

static int
compare_name (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  return gtk_ordering_from_cmpfunc (g_utf8_collate (takeover_monitor_host_get_name ((TakeoverMonitorHost *) a),
                                                    takeover_monitor_host_get_name ((TakeoverMonitorHost *) b)));
}

static GtkColumnViewColumn *
add_column (TakeoverDashboardWindow *self,
            const char              *title,
            GtkListItemFactory      *factory,
            GtkSorter               *sorter,
            gboolean                 expand)
{
  GtkColumnViewColumn *column = gtk_column_view_column_new (title, factory);

  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (sorter != NULL)
    gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_append_column (self->view, column);
  g_object_unref (column);
  return column;
}

static void
add_text_column (TakeoverDashboardWindow *self,
                 const char              *title,
                 const TextColumn        *text,
                 GtkSorter               *sorter,
                 gboolean                 expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_text_cb), (gpointer) text);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_text_cb), (gpointer) text);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), NULL);
  add_column (self, title, factory, sorter, expand);
}

static void
build_columns (TakeoverDashboardWindow *self)
{
  static const TextColumn name = { format_name, "name", FALSE };
  static const TextColumn temperature = { format_temperature, "temperature", TRUE };
  static const TextColumn load = { format_load, "load", TRUE };
  static const TextColumn cpu = { format_cpu, "cpu", TRUE };
  static const TextColumn memory = { format_memory, "memory", TRUE };
  static const TextColumn power = { format_power, "power", TRUE };
  static const TextColumn reason = { format_reason, "reason", FALSE };
  GtkListItemFactory *health = gtk_signal_list_item_factory_new ();
  GtkSorter *by_health = GTK_SORTER (gtk_custom_sorter_new (compare_health, NULL, NULL));
  GtkColumnViewColumn *health_column;

  g_signal_connect (health, "setup", G_CALLBACK (setup_health_cb), NULL);
  g_signal_connect (health, "bind", G_CALLBACK (bind_health_cb), NULL);
  g_signal_connect (health, "unbind", G_CALLBACK (unbind_cb), NULL);

  add_text_column (self, _("Host"), &name,
                   GTK_SORTER (gtk_custom_sorter_new (compare_name, NULL, NULL)), FALSE);
  health_column = add_column (self, _("Health"), health, by_health, FALSE);
  add_text_column (self, _("Hottest"), &temperature, NULL, FALSE);
  add_text_column (self, _("Load"), &load, NULL, FALSE);
  {
    GtkListItemFactory *sparkline = gtk_signal_list_item_factory_new ();

    g_signal_connect (sparkline, "setup", G_CALLBACK (setup_sparkline_cb), NULL);
    g_signal_connect (sparkline, "bind", G_CALLBACK (bind_sparkline_cb), NULL);
    g_signal_connect (sparkline, "unbind", G_CALLBACK (unbind_cb), NULL);
    /* Translators: the column of each host's load over the last rounds, as a small line. */
    add_column (self, _("Load, Last Rounds"), sparkline, NULL, FALSE);
  }
  add_text_column (self, _("CPU"), &cpu, NULL, FALSE);
  add_text_column (self, _("Memory"), &memory, NULL, FALSE);
  /* Translators: the column of the watts each host draws. */
  add_text_column (self, C_("meter", "Power"), &power, NULL, FALSE);
  add_text_column (self, _("Why"), &reason, NULL, TRUE);

  gtk_column_view_sort_by_column (self->view, health_column, GTK_SORT_ASCENDING);
}

/* Search ------------------------------------------------------------------------------------ */

/* A host whose name or reason holds what is typed, case aside. */
static gboolean
filter_host (gpointer item,
             gpointer user_data)
{
  TakeoverDashboardWindow *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *needle = NULL;
  g_autofree char *name = NULL;
  g_autofree char *reason = NULL;

  if (text == NULL || text[0] == '\0')
    return TRUE;
  needle = g_utf8_casefold (text, -1);
  name = g_utf8_casefold (takeover_monitor_host_get_name (item), -1);
  reason = takeover_monitor_host_get_reason (item) != NULL
           ? g_utf8_casefold (takeover_monitor_host_get_reason (item), -1)
           : NULL;
  return strstr (name, needle) != NULL || (reason != NULL && strstr (reason, needle) != NULL);
}

static void
search_changed_cb (TakeoverDashboardWindow *self,
                   GtkSearchEntry          *entry)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TakeoverDashboardWindow *self = TAKEOVER_DASHBOARD_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Rounds and alerts ------------------------------------------------------------------------- */

static void
update_counts (TakeoverDashboardWindow *self)
{
  GListModel *hosts = takeover_monitor_get_hosts (self->monitor);
  guint counts[N_LEVELS] = { 0, };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M:%S");
  g_autofree char *subtitle = NULL;
  guint n = g_list_model_get_n_items (hosts);

  double power = 0, load = 0, hottest = NAN, busiest = NAN;
  const char *hottest_host = NULL, *busiest_host = NULL;
  guint n_load = 0;
  g_autoptr(GString) cluster = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      TakeoverMonitorHost *host = g_list_model_get_item (hosts, i);
      double value;

      g_ptr_array_add (rows, host);
      counts[MIN (takeover_monitor_host_get_level (host), N_LEVELS - 1)]++;
      if (!isnan (value = takeover_monitor_host_get_power (host)))
        power += value;
      if (!isnan (value = takeover_monitor_host_get_load (host)))
        {
          load += value;
          n_load++;
        }
      if (!isnan (value = takeover_monitor_host_get_temperature (host)) &&
          (isnan (hottest) || value > hottest))
        {
          hottest = value;
          hottest_host = takeover_monitor_host_get_name (host);
        }
      if (!isnan (value = takeover_monitor_host_get_cpu (host)) &&
          (isnan (busiest) || value > busiest))
        {
          busiest = value;
          busiest_host = takeover_monitor_host_get_name (host);
        }
    }

  /* Translators: the fleet's figures above the list, joined by " · ". */
  g_string_append_printf (cluster, _("Drawing %.1f kW"), power / 1000);
  if (n_load > 0)
    {
      /* Translators: the mean 1-minute load of the hosts. */
      g_autofree char *text = g_strdup_printf (_("load %.2f on average"), load / n_load);

      g_string_append_printf (cluster, " · %s", text);
    }
  if (hottest_host != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("hottest %s at %.0f °C"), hottest_host, hottest);

      g_string_append_printf (cluster, " · %s", text);
    }
  if (busiest_host != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("busiest %s at %.0f%% CPU"), busiest_host,
                                               busiest);

      g_string_append_printf (cluster, " · %s", text);
    }
  gtk_label_set_text (self->cluster_label, cluster->str);
  for (guint l = 0; l < N_LEVELS; l++)
    {
      g_autofree char *text = g_strdup_printf ("%u %s", counts[l],
                                               takeover_health_level_get_label (l));

      gtk_label_set_text (self->count_labels[l], text);
    }

  /* Translators: the dashboard's subtitle: how many hosts, and the last round's time. */
  subtitle = g_strdup_printf (ngettext ("%u host, read at %s", "%u hosts, read at %s", n), n,
                              time);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
round_done_cb (TakeoverMonitor         *monitor,
               guint                    n_answered,
               GError                  *error,
               TakeoverDashboardWindow *self)
{
  if (error != NULL)
    g_warning ("The round's samples could not be recorded: %s", error->message);
  update_counts (self);
  gtk_stack_set_visible_child_name (self->stack, "hosts");
}

static void
alert_cb (TakeoverMonitor         *monitor,
          TakeoverHealthAlert     *alert,
          TakeoverDashboardWindow *self)
{
  GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(GNotification) notification = NULL;
  gboolean raised = alert->kind == TAKEOVER_HEALTH_ALERT_RAISED;

  if (application == NULL)
    return;
  notification = g_notification_new (raised ? _("Hosts Need Attention") : _("Hosts Recovered"));
  g_notification_set_body (notification, alert->text);
  g_notification_set_priority (notification, raised ? G_NOTIFICATION_PRIORITY_HIGH
                                                    : G_NOTIFICATION_PRIORITY_NORMAL);
  g_notification_set_default_action (notification, "app.dashboard");
  /* One notification at a time: the latest says how things stand. */
  g_application_send_notification (application, "takeover-health", notification);
}

static void
selected_cb (TakeoverDashboardWindow *self,
             GParamSpec              *pspec,
             GtkSingleSelection      *selection)
{
  TakeoverMonitorHost *host = gtk_single_selection_get_selected_item (selection);

  takeover_host_charts_set_host (self->charts,
                                 host != NULL ? takeover_monitor_host_get_name (host) : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->charts), host != NULL);
}

/* The preferences' health rules and interval, at once and whenever they change. */
static void
apply_settings (TakeoverDashboardWindow *self)
{
  g_autoptr(GVariant) rules = g_settings_get_value (self->settings, "health-rules");
  guint n_defaults;
  const TakeoverHealthRule *defaults = takeover_monitor_get_default_rules (&n_defaults);

  for (guint i = 0; i < n_defaults; i++)
    {
      double warning = defaults[i].warning, critical = defaults[i].critical;
      g_autoptr(GError) error = NULL;

      g_variant_lookup (rules, defaults[i].name, "(dd)", &warning, &critical);
      if (!takeover_monitor_set_rule (self->monitor, defaults[i].name, warning, critical,
                                      defaults[i].duration, defaults[i].hysteresis, &error))
        g_warning ("The health-rules setting's %s: %s", defaults[i].name, error->message);
    }
  if (takeover_monitor_get_watching (self->monitor))
    takeover_monitor_watch (self->monitor, self->hosts,
                            g_settings_get_uint (self->settings, "monitor-interval"));
}

/* GObject ----------------------------------------------------------------------------------- */

static void
takeover_dashboard_window_dispose (GObject *object)
{
  TakeoverDashboardWindow *self = TAKEOVER_DASHBOARD_WINDOW (object);

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      takeover_monitor_stop (self->monitor);
    }
  /* A round running still changes the monitor's list: nothing here follows it any more. */
  if (self->view != NULL)
    gtk_column_view_set_model (self->view, NULL);
  g_clear_object (&self->monitor);
  g_clear_object (&self->hosts);
  g_clear_object (&self->filter);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAKEOVER_TYPE_DASHBOARD_WINDOW);

  G_OBJECT_CLASS (takeover_dashboard_window_parent_class)->dispose (object);
}

static void
takeover_dashboard_window_class_init (TakeoverDashboardWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = takeover_dashboard_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bmtakeover/Takeover/takeover-dashboard-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TakeoverDashboardWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TakeoverDashboardWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TakeoverDashboardWindow, counts);
  gtk_widget_class_bind_template_child (widget_class, TakeoverDashboardWindow, view);
  gtk_widget_class_bind_template_child (widget_class, TakeoverDashboardWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, TakeoverDashboardWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, TakeoverDashboardWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TakeoverDashboardWindow, cluster_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search",
                                       NULL);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
}

static void
takeover_dashboard_window_init (TakeoverDashboardWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (TakeoverHealthLevel l = 0; l < N_LEVELS; l++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *image = gtk_image_new_from_icon_name (takeover_health_level_get_icon_name (l));

      gtk_widget_add_css_class (image, level_style (l));
      gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL, "",
                                      -1);
      self->count_labels[l] = GTK_LABEL (gtk_label_new (NULL));
      gtk_widget_add_css_class (GTK_WIDGET (self->count_labels[l]), "heading");
      gtk_box_append (GTK_BOX (box), image);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->count_labels[l]));
      gtk_box_append (self->counts, box);
    }
  build_columns (self);
}

/* Public API -------------------------------------------------------------------------------- */

/**
 * takeover_dashboard_window_new:
 * @hosts: (element-type TakeoverHost): the hosts to watch
 *
 * Starts watching @hosts at once, with the settings' probe concurrency and timeout, a round
 * every monitor-interval seconds, the history kept in $XDG_STATE_HOME/takeover/metrics.
 */
TakeoverDashboardWindow *
takeover_dashboard_window_new (GtkApplication *application,
                               GListModel     *hosts)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(TakeoverFleetProbe) probe = NULL;
  g_autoptr(TakeoverMetricStore) store = NULL;
  g_autoptr(GtkSortListModel) sorted = NULL;
  GtkSingleSelection *selection;
  GtkFilterListModel *filtered;
  g_autofree char *folder = g_build_filename (g_get_user_state_dir (), "takeover", "metrics",
                                              NULL);
  TakeoverDashboardWindow *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (hosts), NULL);

  self = g_object_new (TAKEOVER_TYPE_DASHBOARD_WINDOW, "application", application, NULL);
  self->hosts = g_object_ref (hosts);

  probe = takeover_fleet_probe_new (g_settings_get_uint (settings, "probe-concurrency"));
  takeover_fleet_probe_set_timeout_ms (probe,
                                       (guint) (g_settings_get_double (settings, "probe-timeout") * 1000));
  store = takeover_metric_store_new (folder);
  self->monitor = takeover_monitor_new (probe, store);
  g_signal_connect (self->monitor, "round-done", G_CALLBACK (round_done_cb), self);
  g_signal_connect (self->monitor, "alert", G_CALLBACK (alert_cb), self);

  self->filter = gtk_custom_filter_new (filter_host, self, NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (takeover_monitor_get_hosts (self->monitor)),
                                        g_object_ref (GTK_FILTER (self->filter)));
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (filtered),
                                    g_object_ref (gtk_column_view_get_sorter (self->view)));
  selection = gtk_single_selection_new (G_LIST_MODEL (g_steal_pointer (&sorted)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (selection, "notify::selected-item", G_CALLBACK (selected_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  /* A host chosen in the list: its history beside it. */
  self->charts = TAKEOVER_HOST_CHARTS (takeover_host_charts_new (self->monitor));
  gtk_widget_set_visible (GTK_WIDGET (self->charts), FALSE);
  gtk_widget_set_size_request (GTK_WIDGET (self->charts), 420, -1);
  gtk_paned_set_end_child (self->paned, GTK_WIDGET (self->charts));

  self->settings = g_object_ref (settings);
  apply_settings (self);
  g_signal_connect_object (settings, "changed::health-rules", G_CALLBACK (apply_settings), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::monitor-interval", G_CALLBACK (apply_settings),
                           self, G_CONNECT_SWAPPED);
  takeover_monitor_watch (self->monitor, hosts, g_settings_get_uint (settings, "monitor-interval"));
  return self;
}

/**
 * takeover_dashboard_window_show_host:
 * @host: (nullable): a host's name, or %NULL for none
 *
 * Chooses @host in the list, which shows its history beside it.
 */
void
takeover_dashboard_window_show_host (TakeoverDashboardWindow *self,
                                     const char              *host)
{
  GListModel *model;
  guint n;

  g_return_if_fail (TAKEOVER_IS_DASHBOARD_WINDOW (self));

  model = G_LIST_MODEL (gtk_column_view_get_model (self->view));
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TakeoverMonitorHost) item = g_list_model_get_item (model, i);

      if (host != NULL && g_str_equal (takeover_monitor_host_get_name (item), host))
        {
          gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model), i);
          return;
        }
    }
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model), GTK_INVALID_LIST_POSITION);
}

/**
 * takeover_dashboard_window_get_host_charts:
 *
 * Returns: (transfer none): the chosen host's history
 */
GtkWidget *
takeover_dashboard_window_get_host_charts (TakeoverDashboardWindow *self)
{
  g_return_val_if_fail (TAKEOVER_IS_DASHBOARD_WINDOW (self), NULL);

  return GTK_WIDGET (self->charts);
}

TakeoverMonitor *
takeover_dashboard_window_get_monitor (TakeoverDashboardWindow *self)
{
  g_return_val_if_fail (TAKEOVER_IS_DASHBOARD_WINDOW (self), NULL);

  return self->monitor;
}
