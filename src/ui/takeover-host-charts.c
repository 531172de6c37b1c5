/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-host-charts"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "takeover-chart.h"
#include "takeover-host-charts.h"

/* See the header. The charts are made again for each host and range: which series a meter has
 * (sensors, NICs) comes from the monitor's last round; each series is read on the store's
 * thread, about 300 points a chart whatever the range. */

static const guint ranges[] = { 3600, 6 * 3600, 24 * 3600, 7 * 24 * 3600 };

typedef struct
{
  const char *meter;
  const char *title;
  const char *format;
  double      scale;
} Group;

struct _TakeoverHostCharts
{
  GtkWidget        parent_instance;

  GtkWidget       *scroller;
  GtkLabel        *host_label;
  GtkLabel        *reason_label;
  GtkDropDown     *range;
  GtkBox          *charts;

  TakeoverMonitor *monitor;
  char            *host;
  GListStore      *chart_list;   /* TakeoverChart, for tests and export */
  GCancellable    *cancellable;  /* this host's and range's reads */
  guint            n_pending;
};

G_DEFINE_FINAL_TYPE (TakeoverHostCharts, takeover_host_charts, GTK_TYPE_WIDGET)

typedef struct
{
  TakeoverHostCharts *self;
  TakeoverChart      *chart;
  char               *label;
  double              scale;
} Read;

static void
read_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Read *read = user_data;
  g_autoptr(TakeoverMetricSeries) series = NULL;
  g_autoptr(GError) error = NULL;

  series = takeover_metric_store_read_finish (TAKEOVER_METRIC_STORE (object), result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      read->self->n_pending--;
      if (series != NULL)
        takeover_chart_add_series (read->chart, read->label, series, read->scale);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_warning ("%s", error->message);
    }

  g_object_unref (read->self);
  g_object_unref (read->chart);
  g_free (read->label);
  g_free (read);
}

/* The instances a meter has on the host, from the last round: the sensors, the NICs. */
static GPtrArray *
dup_instances (TakeoverHostCharts *self,
               const char         *meter)
{
  GPtrArray *samples = takeover_monitor_get_samples (self->monitor);
  GPtrArray *instances = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < samples->len; i++)
    {
      const TakeoverMetricSample *sample = g_ptr_array_index (samples, i);

      if (g_str_equal (sample->host, self->host) && g_str_equal (sample->meter, meter) &&
          !g_ptr_array_find_with_equal_func (instances, sample->instance, g_str_equal, NULL))
        g_ptr_array_add (instances, g_strdup (sample->instance));
    }
  return instances;
}

static void
reload (TakeoverHostCharts *self)
{
  static const Group groups[] = {
    { "hardware.ipmi.temperature", N_("Temperatures"), N_("%.0f °C"), 1 },
    { "hardware.cpu.util", N_("CPU"), N_("%.0f%%"), 1 },
    { "hardware.cpu.load.1min", N_("Load"), "%.1f", 1 },
    { "hardware.memory.used", N_("Memory Used"), N_("%.1f GiB"), 1.0 / (1024 * 1024) },
    { "hardware.network.incoming.bytes", N_("Network In"), N_("%.1f MB/s"), 1e-6 },
    { "hardware.ipmi.power", N_("Power Draw"), N_("%.0f W"), 1 },
  };
  TakeoverMetricStore *store = takeover_monitor_get_store (self->monitor);
  guint seconds = ranges[MIN (gtk_drop_down_get_selected (self->range), G_N_ELEMENTS (ranges) - 1)];
  gint64 end = g_get_real_time () / G_USEC_PER_SEC;
  gint64 start = end - seconds;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->n_pending = 0;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->charts))) != NULL)
    gtk_box_remove (self->charts, child);
  g_list_store_remove_all (self->chart_list);
  if (self->host == NULL)
    return;

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      g_autoptr(GPtrArray) instances = dup_instances (self, groups[g].meter);
      GtkWidget *chart = takeover_chart_new (_(groups[g].title), _(groups[g].format));

      takeover_chart_set_range (TAKEOVER_CHART (chart), start, end);
      for (guint i = 0; i < instances->len; i++)
        {
          const char *instance = g_ptr_array_index (instances, i);
          Read *read = g_new0 (Read, 1);

          /* A sensor's own thresholds, drawn on its chart (the hottest one's when several). */
          if (instance != NULL && g_str_equal (groups[g].meter, "hardware.ipmi.temperature"))
            {
              const TakeoverHealthRule *rule = takeover_monitor_get_sensor_rule (self->monitor,
                                                                                 self->host,
                                                                                 instance);

              if (rule != NULL && i == 0)
                takeover_chart_set_thresholds (TAKEOVER_CHART (chart), rule->warning,
                                               rule->critical);
            }

          read->self = g_object_ref (self);
          read->chart = TAKEOVER_CHART (g_object_ref (chart));
          read->label = g_strdup (instance);
          read->scale = groups[g].scale;
          self->n_pending++;
          /* About 300 points whatever the range: the store consolidates. */
          takeover_metric_store_read_async (store, self->host, groups[g].meter, instance, start,
                                            end, MAX (10, seconds / 300), self->cancellable,
                                            read_done_cb, read);
        }
      gtk_box_append (self->charts, chart);
      g_list_store_append (self->chart_list, chart);
    }
}

static void
range_changed_cb (TakeoverHostCharts *self)
{
  reload (self);
}

static void
takeover_host_charts_dispose (GObject *object)
{
  TakeoverHostCharts *self = TAKEOVER_HOST_CHARTS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAKEOVER_TYPE_HOST_CHARTS);
  g_clear_object (&self->monitor);
  g_clear_object (&self->chart_list);
  g_clear_pointer (&self->host, g_free);

  G_OBJECT_CLASS (takeover_host_charts_parent_class)->dispose (object);
}

static void
takeover_host_charts_class_init (TakeoverHostChartsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = takeover_host_charts_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bmtakeover/Takeover/takeover-host-charts.ui");
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostCharts, scroller);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostCharts, host_label);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostCharts, reason_label);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostCharts, range);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostCharts, charts);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
takeover_host_charts_init (TakeoverHostCharts *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->chart_list = g_list_store_new (TAKEOVER_TYPE_CHART);
  /* A day by default: the view an operator starts the morning with. */
  gtk_drop_down_set_selected (self->range, 2);
  g_signal_connect_swapped (self->range, "notify::selected", G_CALLBACK (range_changed_cb), self);
}

GtkWidget *
takeover_host_charts_new (TakeoverMonitor *monitor)
{
  TakeoverHostCharts *self;

  g_return_val_if_fail (TAKEOVER_IS_MONITOR (monitor), NULL);

  self = g_object_new (TAKEOVER_TYPE_HOST_CHARTS, NULL);
  self->monitor = g_object_ref (monitor);
  return GTK_WIDGET (self);
}

/**
 * takeover_host_charts_set_host:
 * @host: (nullable): the host to show, by its name in the monitor
 */
void
takeover_host_charts_set_host (TakeoverHostCharts *self,
                               const char         *host)
{
  g_autofree char *reason = NULL;

  g_return_if_fail (TAKEOVER_IS_HOST_CHARTS (self));

  g_free (self->host);
  self->host = g_strdup (host);
  gtk_label_set_text (self->host_label, host != NULL ? host : "");
  reason = host != NULL ? takeover_health_dup_reason (takeover_monitor_get_health (self->monitor),
                                                      host)
                        : NULL;
  gtk_label_set_text (self->reason_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), reason != NULL);
  reload (self);
}

const char *
takeover_host_charts_get_host (TakeoverHostCharts *self)
{
  g_return_val_if_fail (TAKEOVER_IS_HOST_CHARTS (self), NULL);

  return self->host;
}

/**
 * takeover_host_charts_set_range:
 * @seconds: 3600, 21600, 86400 or 604800
 */
void
takeover_host_charts_set_range (TakeoverHostCharts *self,
                                guint               seconds)
{
  g_return_if_fail (TAKEOVER_IS_HOST_CHARTS (self));

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    if (ranges[i] == seconds)
      gtk_drop_down_set_selected (self->range, i);
}

/**
 * takeover_host_charts_get_n_pending:
 *
 * Returns: how many series are still being read
 */
guint
takeover_host_charts_get_n_pending (TakeoverHostCharts *self)
{
  g_return_val_if_fail (TAKEOVER_IS_HOST_CHARTS (self), 0);

  return self->n_pending;
}

/**
 * takeover_host_charts_get_charts:
 *
 * Returns: (transfer none): the #TakeoverChart shown, in order
 */
GListModel *
takeover_host_charts_get_charts (TakeoverHostCharts *self)
{
  g_return_val_if_fail (TAKEOVER_IS_HOST_CHARTS (self), NULL);

  return G_LIST_MODEL (self->chart_list);
}
