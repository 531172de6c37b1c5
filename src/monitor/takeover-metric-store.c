/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-metric-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <rrd.h>

#include "takeover-metric-store.h"
#include "takeover-rrd-cache.h"

/* See the header. librrd's *_r calls keep their error in a per-thread context, and the store
 * calls them from its one thread only, so its files are never written by two at once. */
struct _TakeoverMetricStore
{
  GObject      parent_instance;

  char        *directory;
  GThreadPool *pool;      /* one thread: the store's files, in the order asked */
  /* Its thread's: */
  TakeoverRrdCache *cache;
  gboolean          cache_failed;
  char             *daemon;     /* rrdcached's program, or NULL for none */
};

G_DEFINE_FINAL_TYPE (TakeoverMetricStore, takeover_metric_store, G_TYPE_OBJECT)

/* The longest command rrdcached takes, in bytes (its CMD_MAX). */
#define MAX_COMMAND 4096

/* 10 s for an hour, 1 min for a day, 10 min for a week, 1 h for 91 days; a point is known when
 * at least half of what it consolidates is. 4,992 points, some 40 KB a series. */
static const char * const round_robin_archives[] = {
  "DS:value:GAUGE:30:U:U",
  "RRA:AVERAGE:0.5:1:360",
  "RRA:AVERAGE:0.5:6:1440",
  "RRA:AVERAGE:0.5:60:1008",
  "RRA:AVERAGE:0.5:360:2184",
};

typedef struct
{
  GPtrArray *samples;     /* TakeoverMetricSample */
  char      *host;
  char      *meter;
  char      *instance;
  gint64     start;
  gint64     end;
  guint      resolution;
} Op;

static void
op_free (Op *op)
{
  g_clear_pointer (&op->samples, g_ptr_array_unref);
  g_free (op->host);
  g_free (op->meter);
  g_free (op->instance);
  g_free (op);
}

/* librrd's last words on this thread, taken and cleared. */
static char *
take_rrd_error (void)
{
  char *message = g_strdup (rrd_test_error () ? rrd_get_error () : _("unknown error"));

  rrd_clear_error ();
  return message;
}

/* A name as one path component, reversibly: "/var" and "_var" stay two series. */
static char *
escape_component (const char *name)
{
  return g_uri_escape_string (name, NULL, FALSE);
}

/* The series' file, made when it is not there yet. */
static gboolean
ensure_file (const char                  *path,
             const TakeoverMetricSample  *first,
             GError                     **error)
{
  g_autofree char *folder = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not make the metrics folder %s: %s"), folder, g_strerror (saved));
      return FALSE;
    }
  /* Starting just before the first sample, so that it counts. */
  if (rrd_create_r (path, TAKEOVER_METRIC_STEP, (time_t) first->time - 1,
                    G_N_ELEMENTS (round_robin_archives),
                    (const char **) round_robin_archives) != 0)
    {
      g_autofree char *message = take_rrd_error ();

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not make the metrics file %s: %s"), path, message);
      return FALSE;
    }
  return TRUE;
}

/* "TIME:VALUE" each, in the samples' order; "U" for what is not a number. */
static GPtrArray *
format_updates (GPtrArray *samples)
{
  GPtrArray *updates = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < samples->len; i++)
    {
      const TakeoverMetricSample *sample = g_ptr_array_index (samples, i);
      char value[G_ASCII_DTOSTR_BUF_SIZE];

      if (isfinite (sample->value))
        g_ascii_dtostr (value, sizeof value, sample->value);
      else
        g_strlcpy (value, "U", sizeof value);
      g_ptr_array_add (updates, g_strdup_printf ("%" G_GINT64_FORMAT ":%s", sample->time, value));
    }
  return updates;
}

static gboolean
write_series (const char  *path,
              GPtrArray   *samples,
              GError     **error)
{
  g_autoptr(GPtrArray) updates = NULL;

  if (!ensure_file (path, g_ptr_array_index (samples, 0), error))
    return FALSE;

  /* A sample at or before the last one kept (a round repeated, a clock set back) is skipped,
   * not an error: the series stays in order. */
  updates = format_updates (samples);
  if (rrd_updatex_r (path, NULL, RRD_SKIP_PAST_UPDATES, (int) updates->len,
                     (const char **) updates->pdata) != 0)
    {
      g_autofree char *message = take_rrd_error ();

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not record in the metrics file %s: %s"), path, message);
      return FALSE;
    }

  return TRUE;
}

/* The folder's rrdcached, once asked for: NULL when there is none to have (no program, or it
 * would not start), and the store writes its files itself. */
static TakeoverRrdCache *
get_cache (TakeoverMetricStore *self)
{
  g_autoptr(GError) error = NULL;

  if (self->cache != NULL || self->cache_failed)
    return self->cache;

  if (self->daemon == NULL)
    self->cache_failed = TRUE;
  else if ((self->cache = takeover_rrd_cache_open (self->directory, self->daemon, &error)) == NULL)
    {
      g_message ("Writing the metrics without rrdcached: %s", error->message);
      self->cache_failed = TRUE;
    }
  return self->cache;
}

/* A path of the store's, as the daemon takes it: under its folder. */
static const char *
relative_path (TakeoverMetricStore *self,
               const char          *path)
{
  gsize length = strlen (self->directory);

  return g_str_has_prefix (path, self->directory) && path[length] == '/' ? path + length + 1
                                                                          : path;
}

static int
compare_time (gconstpointer a,
              gconstpointer b)
{
  const TakeoverMetricSample *sa = *(TakeoverMetricSample * const *) a;
  const TakeoverMetricSample *sb = *(TakeoverMetricSample * const *) b;

  return (sa->time > sb->time) - (sa->time < sb->time);
}

/* Each series' samples in one update; every series is tried, the first failure reported. */
static gboolean
write_samples (TakeoverMetricStore  *self,
               GPtrArray            *samples,
               GError              **error)
{
  g_autoptr(GHashTable) by_path = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GError) first_error = NULL;
  GHashTableIter iter;
  gpointer path, list;

  for (guint i = 0; i < samples->len; i++)
    {
      TakeoverMetricSample *sample = g_ptr_array_index (samples, i);
      char *key = takeover_metric_store_dup_path (self, sample->host, sample->meter,
                                                  sample->instance);
      GPtrArray *series = g_hash_table_lookup (by_path, key);

      if (series == NULL)
        {
          series = g_ptr_array_new ();
          g_hash_table_insert (by_path, key, series);
        }
      else
        g_free (key);
      g_ptr_array_add (series, sample);
    }

  /* Through the daemon: every file made, then one batch. */
  if (get_cache (self) != NULL)
    {
      g_autoptr(GPtrArray) commands = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) local_error = NULL;

      g_hash_table_iter_init (&iter, by_path);
      while (g_hash_table_iter_next (&iter, &path, &list))
        {
          g_autoptr(GPtrArray) updates = NULL;
          g_autoptr(GString) command = NULL;

          GPtrArray *series = list;

          g_ptr_array_sort (series, compare_time);
          if (!ensure_file (path, g_ptr_array_index (series, 0), &local_error))
            {
              if (first_error == NULL)
                first_error = g_steal_pointer (&local_error);
              g_clear_error (&local_error);
              continue;
            }
          /* rrdcached reads a command of at most 4 KiB: a long history goes in pieces. */
          updates = format_updates (series);
          for (guint i = 0; i < updates->len; i++)
            {
              if (command == NULL)
                command = g_string_new (relative_path (self, path));
              g_string_append_printf (command, " %s",
                                      (const char *) g_ptr_array_index (updates, i));
              if (command->len > MAX_COMMAND - G_ASCII_DTOSTR_BUF_SIZE - 24 ||
                  i + 1 == updates->len)
                g_ptr_array_add (commands, g_string_free (g_steal_pointer (&command), FALSE));
            }
        }

      if (takeover_rrd_cache_update (self->cache, commands, &local_error))
        goto done;
      /* The daemon went (another process's, that ended): this round by hand, the next one
       * through a daemon again. */
      g_message ("rrdcached failed, writing the files: %s", local_error->message);
      g_clear_pointer (&self->cache, takeover_rrd_cache_free);
    }

  g_hash_table_iter_init (&iter, by_path);
  while (g_hash_table_iter_next (&iter, &path, &list))
    {
      g_autoptr(GError) local_error = NULL;

      g_ptr_array_sort (list, compare_time);
      if (!write_series (path, list, &local_error) && first_error == NULL)
        first_error = g_steal_pointer (&local_error);
    }

done:
  if (first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }

  return TRUE;
}

static TakeoverMetricSeries *
read_series (TakeoverMetricStore  *self,
             Op                   *op,
             GError              **error)
{
  g_autofree char *path = takeover_metric_store_dup_path (self, op->host, op->meter, op->instance);
  time_t start = (time_t) op->start;
  time_t end = (time_t) op->end;
  unsigned long step = MAX (op->resolution, TAKEOVER_METRIC_STEP);
  unsigned long n_sources = 0;
  char **names = NULL;
  rrd_value_t *data = NULL;
  TakeoverMetricSeries *series;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No %s has been recorded for %s yet"), op->meter, op->host);
      return NULL;
    }

  /* What the daemon holds for the file is written first, so that it is read. */
  if (get_cache (self) != NULL)
    {
      g_autoptr(GError) flush_error = NULL;

      if (!takeover_rrd_cache_flush (self->cache, relative_path (self, path), &flush_error))
        {
          g_message ("rrdcached failed to flush %s: %s", path, flush_error->message);
          g_clear_pointer (&self->cache, takeover_rrd_cache_free);
        }
    }

  if (rrd_fetch_r (path, "AVERAGE", &start, &end, &step, &n_sources, &names, &data) != 0)
    {
      g_autofree char *message = take_rrd_error ();

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not read the metrics file %s: %s"), path, message);
      return NULL;
    }

  series = g_new0 (TakeoverMetricSeries, 1);
  series->start = start;
  series->step = (guint) step;
  series->n_values = step > 0 && n_sources == 1 ? (guint) ((end - start) / step) : 0;
  series->values = g_new (double, MAX (series->n_values, 1));
  for (guint i = 0; i < series->n_values; i++)
    series->values[i] = data[i];

  for (unsigned long i = 0; i < n_sources; i++)
    rrd_freemem (names[i]);
  rrd_freemem (names);
  rrd_freemem (data);

  return series;
}

static void
work_cb (gpointer data,
         gpointer user_data)
{
  g_autoptr(GTask) task = data;
  TakeoverMetricStore *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (op->samples != NULL)
    {
      if (write_samples (self, op->samples, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
    }
  else
    {
      TakeoverMetricSeries *series = read_series (self, op, &error);

      if (series != NULL)
        g_task_return_pointer (task, series, (GDestroyNotify) takeover_metric_series_free);
      else
        g_task_return_error (task, error);
    }
}

static void
takeover_metric_store_finalize (GObject *object)
{
  TakeoverMetricStore *self = TAKEOVER_METRIC_STORE (object);

  /* Each task holds the store, so none is left; this may run on the store's own thread (a
   * task's last reference), so it does not wait for it. */
  g_thread_pool_free (self->pool, FALSE, FALSE);
  /* Our daemon writes every file as it ends. */
  g_clear_pointer (&self->cache, takeover_rrd_cache_free);
  g_free (self->daemon);
  g_free (self->directory);

  G_OBJECT_CLASS (takeover_metric_store_parent_class)->finalize (object);
}

static void
takeover_metric_store_class_init (TakeoverMetricStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = takeover_metric_store_finalize;
}

static void
takeover_metric_store_init (TakeoverMetricStore *self)
{
  const char *daemon = g_getenv ("TAKEOVER_RRDCACHED");

  /* Exclusive: the thread lives as long as the store. The daemon it starts ends with the
   * thread that started it (PR_SET_PDEATHSIG is a thread's), and a shared pool's idle threads
   * end after a while. */
  self->pool = g_thread_pool_new (work_cb, self, 1, TRUE, NULL);
  self->daemon = daemon != NULL ? g_strdup (daemon) : g_find_program_in_path ("rrdcached");
  if (self->daemon != NULL && self->daemon[0] == '\0')
    g_clear_pointer (&self->daemon, g_free);
}

/* Public API --------------------------------------------------------------------------------- */

/**
 * takeover_metric_sample_new:
 * @instance: (nullable): the sensor, file system or NIC the meter is of
 */
TakeoverMetricSample *
takeover_metric_sample_new (const char *host,
                            const char *meter,
                            const char *instance,
                            gint64      time,
                            double      value)
{
  TakeoverMetricSample *sample;

  g_return_val_if_fail (host != NULL && meter != NULL, NULL);

  sample = g_new0 (TakeoverMetricSample, 1);
  sample->host = g_strdup (host);
  sample->meter = g_strdup (meter);
  sample->instance = g_strdup (instance);
  sample->time = time;
  sample->value = value;
  return sample;
}

void
takeover_metric_sample_free (TakeoverMetricSample *sample)
{
  if (sample == NULL)
    return;

  g_free (sample->host);
  g_free (sample->meter);
  g_free (sample->instance);
  g_free (sample);
}

/**
 * takeover_metric_samples_get_value:
 * @samples: (element-type TakeoverMetricSample): a round's samples
 * @instance: (nullable): the sensor, file system or NIC, or %NULL for a host-wide meter
 *
 * Returns: the first sample's value of @meter and @instance, or NAN when there is none
 */
double
takeover_metric_samples_get_value (GPtrArray  *samples,
                                   const char *meter,
                                   const char *instance)
{
  g_return_val_if_fail (samples != NULL && meter != NULL, NAN);

  for (guint i = 0; i < samples->len; i++)
    {
      const TakeoverMetricSample *sample = g_ptr_array_index (samples, i);

      if (g_str_equal (sample->meter, meter) && g_strcmp0 (sample->instance, instance) == 0)
        return sample->value;
    }
  return NAN;
}

void
takeover_metric_series_free (TakeoverMetricSeries *series)
{
  if (series == NULL)
    return;

  g_free (series->values);
  g_free (series);
}

/**
 * takeover_metric_series_to_csv:
 *
 * Returns: "time,value" and a line a point: the time it ends, in ISO 8601 UTC, and the value,
 *   empty where nothing was recorded
 */
char *
takeover_metric_series_to_csv (TakeoverMetricSeries *series)
{
  GString *csv = g_string_new ("time,value\n");

  g_return_val_if_fail (series != NULL, NULL);

  for (guint i = 0; i < series->n_values; i++)
    {
      g_autoptr(GDateTime) when =
        g_date_time_new_from_unix_utc (series->start + (gint64) (i + 1) * series->step);
      g_autofree char *iso = g_date_time_format_iso8601 (when);
      char value[G_ASCII_DTOSTR_BUF_SIZE] = "";

      if (isfinite (series->values[i]))
        g_ascii_dtostr (value, sizeof value, series->values[i]);
      g_string_append_printf (csv, "%s,%s\n", iso, value);
    }

  return g_string_free (csv, FALSE);
}

/**
 * takeover_metric_store_set_daemon:
 * @program: (nullable): rrdcached's program, or %NULL to write every file at each round
 *
 * Before the store's first write: by default rrdcached from the PATH (or
 * $TAKEOVER_RRDCACHED; empty for none) caches the writes.
 */
void
takeover_metric_store_set_daemon (TakeoverMetricStore *self,
                                  const char          *program)
{
  g_return_if_fail (TAKEOVER_IS_METRIC_STORE (self));
  g_return_if_fail (self->cache == NULL && !self->cache_failed);

  g_free (self->daemon);
  self->daemon = g_strdup (program);
}

TakeoverMetricStore *
takeover_metric_store_new (const char *directory)
{
  TakeoverMetricStore *self;

  g_return_val_if_fail (directory != NULL, NULL);

  self = g_object_new (TAKEOVER_TYPE_METRIC_STORE, NULL);
  self->directory = g_strdup (directory);
  return self;
}

const char *
takeover_metric_store_get_directory (TakeoverMetricStore *self)
{
  g_return_val_if_fail (TAKEOVER_IS_METRIC_STORE (self), NULL);

  return self->directory;
}

/**
 * takeover_metric_store_dup_path:
 *
 * Returns: the series' file: FOLDER/HOST/METER[@INSTANCE].rrd, each name escaped
 */
char *
takeover_metric_store_dup_path (TakeoverMetricStore *self,
                                const char          *host,
                                const char          *meter,
                                const char          *instance)
{
  g_autofree char *host_part = NULL;
  g_autofree char *meter_part = NULL;
  g_autofree char *instance_part = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (TAKEOVER_IS_METRIC_STORE (self), NULL);
  g_return_val_if_fail (host != NULL && meter != NULL, NULL);

  host_part = escape_component (host);
  meter_part = escape_component (meter);
  if (instance != NULL)
    instance_part = escape_component (instance);
  name = g_strconcat (meter_part, instance != NULL ? "@" : "", instance_part, ".rrd", NULL);

  return g_build_filename (self->directory, host_part, name, NULL);
}

/**
 * takeover_metric_store_write_async:
 * @samples: (element-type TakeoverMetricSample): a round's samples, any series, any order
 *
 * Records @samples; a series' first sample makes its file. Samples older than a series' last
 * are skipped.
 */
void
takeover_metric_store_write_async (TakeoverMetricStore *self,
                                   GPtrArray           *samples,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;
  Op *op;

  g_return_if_fail (TAKEOVER_IS_METRIC_STORE (self));
  g_return_if_fail (samples != NULL);

  op = g_new0 (Op, 1);
  op->samples = g_ptr_array_ref (samples);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_metric_store_write_async);
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);
  g_thread_pool_push (self->pool, task, NULL);
}

gboolean
takeover_metric_store_write_finish (TakeoverMetricStore  *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * takeover_metric_store_read_async:
 * @start: seconds since the epoch
 * @end: seconds since the epoch, after @start
 * @resolution: the seconds a point should cover; the finest archive that covers the range
 *   at it is read
 *
 * Reads a series over a time range, as a chart or an export needs it.
 */
void
takeover_metric_store_read_async (TakeoverMetricStore *self,
                                  const char          *host,
                                  const char          *meter,
                                  const char          *instance,
                                  gint64               start,
                                  gint64               end,
                                  guint                resolution,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;
  Op *op;

  g_return_if_fail (TAKEOVER_IS_METRIC_STORE (self));
  g_return_if_fail (host != NULL && meter != NULL);
  g_return_if_fail (start < end);

  op = g_new0 (Op, 1);
  op->host = g_strdup (host);
  op->meter = g_strdup (meter);
  op->instance = g_strdup (instance);
  op->start = start;
  op->end = end;
  op->resolution = resolution;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_metric_store_read_async);
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);
  g_thread_pool_push (self->pool, task, NULL);
}

TakeoverMetricSeries *
takeover_metric_store_read_finish (TakeoverMetricStore  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
