/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Each host's metrics and their history, in round-robin files that RRDtool's librrd keeps (and
 * `rrdtool` itself reads): one file a series (host, meter, instance), of a size fixed when it is
 * made, consolidated as it fills:
 *
 *   10 s points for an hour, 1 min for a day, 10 min for a week, 1 h for a quarter (91 days)
 *
 * so that 1,000 hosts' history takes a known room and survives closing the app. Writing and
 * reading run on the store's own thread, never on a main loop; writes are in the order asked.
 *
 *   store = takeover_metric_store_new (folder);
 *   takeover_metric_store_write_async (store, samples, ...)            one round
 *   takeover_metric_store_read_async (store, host, meter, instance, start, end, resolution, ...)
 */

#define TAKEOVER_METRIC_STEP 10   /* seconds between the finest points */

typedef struct
{
  char   *host;
  char   *meter;       /* Ceilometer's name: "hardware.cpu.load.1min" */
  char   *instance;    /* NULL, or the sensor, file system or NIC: "/var", "eth0" */
  gint64  time;        /* seconds since the epoch */
  double  value;
} TakeoverMetricSample;

/* A series read back: values[i] is the average over the @step seconds that end at
 * start + (i + 1) * step; NAN where nothing was recorded. */
typedef struct
{
  gint64  start;
  guint   step;
  guint   n_values;
  double *values;
} TakeoverMetricSeries;

#define TAKEOVER_TYPE_METRIC_STORE (takeover_metric_store_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverMetricStore, takeover_metric_store, TAKEOVER, METRIC_STORE, GObject)

TakeoverMetricSample *takeover_metric_sample_new       (const char            *host,
                                                        const char            *meter,
                                                        const char            *instance,
                                                        gint64                 time,
                                                        double                 value);
void                  takeover_metric_sample_free      (TakeoverMetricSample  *sample);
double                takeover_metric_samples_get_value (GPtrArray            *samples,
                                                        const char            *meter,
                                                        const char            *instance);
void                  takeover_metric_series_free      (TakeoverMetricSeries  *series);
char                 *takeover_metric_series_to_csv    (TakeoverMetricSeries  *series);

TakeoverMetricStore  *takeover_metric_store_new        (const char            *directory);
const char           *takeover_metric_store_get_directory (TakeoverMetricStore *self);
void                  takeover_metric_store_set_daemon (TakeoverMetricStore   *self,
                                                        const char            *program);
char                 *takeover_metric_store_dup_path   (TakeoverMetricStore   *self,
                                                        const char            *host,
                                                        const char            *meter,
                                                        const char            *instance);
void                  takeover_metric_store_write_async (TakeoverMetricStore  *self,
                                                        GPtrArray             *samples,
                                                        GCancellable          *cancellable,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
gboolean              takeover_metric_store_write_finish (TakeoverMetricStore *self,
                                                        GAsyncResult          *result,
                                                        GError               **error);
void                  takeover_metric_store_read_async (TakeoverMetricStore   *self,
                                                        const char            *host,
                                                        const char            *meter,
                                                        const char            *instance,
                                                        gint64                 start,
                                                        gint64                 end,
                                                        guint                  resolution,
                                                        GCancellable          *cancellable,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
TakeoverMetricSeries *takeover_metric_store_read_finish (TakeoverMetricStore  *self,
                                                        GAsyncResult          *result,
                                                        GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TakeoverMetricSample, takeover_metric_sample_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TakeoverMetricSeries, takeover_metric_series_free)

G_END_DECLS
