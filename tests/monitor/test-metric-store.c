/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The metric store against librrd's real files: consolidation exact on a known series, history
 * that survives a new store on the same folder, files `rrdtool` itself reads, series kept
 * apart by escaped names, and errors a person can act on. */
#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <math.h>

#include "takeover-metric-store.h"

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static gboolean
write_round (TakeoverMetricStore  *store,
             GPtrArray            *samples,
             GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  takeover_metric_store_write_async (store, samples, NULL, store_result, &result);
  return takeover_metric_store_write_finish (store, wait_for (&result), error);
}

static TakeoverMetricSeries *
read_series (TakeoverMetricStore  *store,
             const char           *host,
             const char           *meter,
             const char           *instance,
             gint64                start,
             gint64                end,
             guint                 resolution,
             GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  takeover_metric_store_read_async (store, host, meter, instance, start, end, resolution, NULL,
                                    store_result, &result);
  return takeover_metric_store_read_finish (store, wait_for (&result), error);
}

/* Two hours of 10 s samples whose value is their index, ending a few steps ago. */
#define N_SAMPLES 720

static gint64
first_time (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  return (now - now % 3600) - 3600 - 10 * (N_SAMPLES - 360);
}

static void
check_series (TakeoverMetricStore *store,
              gint64               t0)
{
  g_autoptr(TakeoverMetricSeries) fine = NULL;
  g_autoptr(TakeoverMetricSeries) minutes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 last = t0 + 10 * (N_SAMPLES - 1);
  guint n_checked = 0;

  /* The last 10 minutes at 10 s: each point is the sample that ends it. */
  fine = read_series (store, "hdp-dn-01", "hardware.cpu.load.1min", NULL, last - 600, last, 10,
                      &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fine->step, ==, 10);
  /* librrd rounds the range out to whole steps; past the last sample is unknown. */
  for (guint i = 0; i < fine->n_values; i++)
    {
      gint64 end = fine->start + (gint64) (i + 1) * fine->step;

      if (end > last)
        {
          g_assert_true (isnan (fine->values[i]));
          continue;
        }
      g_assert_cmpfloat (fine->values[i], ==, (double) ((end - t0) / 10));
      if (end > last - 600)
        n_checked++;
    }
  g_assert_cmpuint (n_checked, ==, 60);
  n_checked = 0;

  /* Two hours at 1 min: each point is the mean of the six samples in its minute. */
  minutes = read_series (store, "hdp-dn-01", "hardware.cpu.load.1min", NULL, t0 - 3600, last,
                         60, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (minutes->step, ==, 60);
  for (guint i = 0; i < minutes->n_values; i++)
    {
      gint64 end = minutes->start + (gint64) (i + 1) * 60;
      double sum = 0;
      guint n = 0;

      for (gint64 t = end - 50; t <= end; t += 10)
        if (t >= t0 && t <= last)
          {
            sum += (double) ((t - t0) / 10);
            n++;
          }
      /* A minute with fewer than half its samples is unknown (xff 0.5). */
      if (n < 6)
        continue;
      g_assert_cmpfloat_with_epsilon (minutes->values[i], sum / n, 1e-9);
      n_checked++;
    }
  g_assert_cmpuint (n_checked, >=, N_SAMPLES / 6 - 2);
}

static void
test_consolidation (gconstpointer data)
{
  const char *daemon = data;
  g_autofree char *folder = g_build_filename (g_get_user_state_dir (), "metrics", NULL);
  g_autofree char *socket_path = g_build_filename (folder, ".rrdcached.sock", NULL);
  g_autoptr(TakeoverMetricStore) store = takeover_metric_store_new (folder);
  g_autoptr(TakeoverMetricStore) again = NULL;
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func ((GDestroyNotify) takeover_metric_sample_free);
  g_autoptr(GPtrArray) repeated = g_ptr_array_new_with_free_func ((GDestroyNotify) takeover_metric_sample_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *command = NULL;
  gint64 t0 = first_time ();
  int status;

  /* Through rrdcached, or straight into the files. */
  takeover_metric_store_set_daemon (store, daemon);

  /* In two rounds, out of order within each: the store sorts a series' samples. */
  for (guint i = N_SAMPLES / 2; i-- > 0;)
    g_ptr_array_add (samples, takeover_metric_sample_new ("hdp-dn-01", "hardware.cpu.load.1min",
                                                          NULL, t0 + 10 * i, i));
  g_assert_true (write_round (store, samples, &error));
  g_assert_no_error (error);
  g_ptr_array_set_size (samples, 0);
  for (guint i = N_SAMPLES / 2; i < N_SAMPLES; i++)
    g_ptr_array_add (samples, takeover_metric_sample_new ("hdp-dn-01", "hardware.cpu.load.1min",
                                                          NULL, t0 + 10 * i, i));
  g_assert_true (write_round (store, samples, &error));
  g_assert_no_error (error);

  /* A round repeated (or a clock set back) is skipped, not an error. */
  g_ptr_array_add (repeated, takeover_metric_sample_new ("hdp-dn-01", "hardware.cpu.load.1min",
                                                         NULL, t0 + 10, -1000));
  g_assert_true (write_round (store, repeated, &error));
  g_assert_no_error (error);

  check_series (store, t0);
  /* The store's own daemon answers on the folder's socket, or there is none. */
  g_assert_cmpint (g_file_test (socket_path, G_FILE_TEST_EXISTS), ==, daemon != NULL);

  /* History survives: a new store on the same folder reads the same. Its daemon ended with it
   * and wrote every file: the next store's starts afresh. */
  g_clear_object (&store);
  if (daemon != NULL)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketAddress) address = g_unix_socket_address_new (socket_path);
      g_autoptr(GSocketConnection) connection = NULL;

      gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

      /* The store's last reference may be its thread's, a moment later. */
      g_socket_client_set_enable_proxy (client, FALSE);
      while ((connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL,
                                                    NULL)) != NULL &&
             g_get_monotonic_time () < deadline)
        {
          g_clear_object (&connection);
          g_usleep (G_USEC_PER_SEC / 20);
        }
      g_assert_null (connection);
    }
  again = takeover_metric_store_new (folder);
  takeover_metric_store_set_daemon (again, daemon);
  check_series (again, t0);

  /* rrdtool itself reads the file. */
  path = takeover_metric_store_dup_path (again, "hdp-dn-01", "hardware.cpu.load.1min", NULL);
  command = g_strdup_printf ("rrdtool lastupdate '%s'", path);
  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "719"));
}

/* The point of @series that ends at @end. */
static double
value_at (TakeoverMetricSeries *series,
          gint64                end)
{
  gint64 index = (end - series->start) / series->step - 1;

  g_assert_cmpint (index, >=, 0);
  g_assert_cmpint (index, <, series->n_values);
  return series->values[index];
}

static void
test_names_and_export (void)
{
  g_autofree char *folder = g_build_filename (g_get_user_state_dir (), "metrics", NULL);
  g_autoptr(TakeoverMetricStore) store = takeover_metric_store_new (folder);
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func ((GDestroyNotify) takeover_metric_sample_free);
  g_autoptr(TakeoverMetricSeries) var = NULL;
  g_autoptr(TakeoverMetricSeries) underscore = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *var_path = NULL;
  g_autofree char *underscore_path = NULL;
  g_autofree char *csv = NULL;
  gint64 t0 = first_time ();

  for (guint i = 0; i < 30; i++)
    {
      g_ptr_array_add (samples, takeover_metric_sample_new ("hdp-dn-01", "hardware.disk.size.used",
                                                            "/var", t0 + 10 * i, 1000));
      g_ptr_array_add (samples, takeover_metric_sample_new ("hdp-dn-01", "hardware.disk.size.used",
                                                            "_var", t0 + 10 * i, 2000));
    }
  g_assert_true (write_round (store, samples, &error));
  g_assert_no_error (error);

  var_path = takeover_metric_store_dup_path (store, "hdp-dn-01", "hardware.disk.size.used", "/var");
  underscore_path = takeover_metric_store_dup_path (store, "hdp-dn-01", "hardware.disk.size.used",
                                                    "_var");
  g_assert_cmpstr (var_path, !=, underscore_path);
  g_assert_true (g_file_test (var_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_str_has_prefix (var_path, folder));

  var = read_series (store, "hdp-dn-01", "hardware.disk.size.used", "/var", t0, t0 + 290, 10,
                     &error);
  g_assert_no_error (error);
  underscore = read_series (store, "hdp-dn-01", "hardware.disk.size.used", "_var", t0, t0 + 290,
                            10, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (value_at (var, t0 + 290), ==, 1000);
  g_assert_cmpfloat (value_at (underscore, t0 + 290), ==, 2000);

  /* CSV: a header, then the time each point ends and its value; empty where unknown. */
  csv = takeover_metric_series_to_csv (var);
  g_assert_true (g_str_has_prefix (csv, "time,value\n"));
  g_assert_nonnull (strstr (csv, "Z,1000\n"));

  /* Nothing recorded: said so. */
  g_assert_null (read_series (store, "hdp-dn-02", "hardware.disk.size.used", "/var", t0,
                              t0 + 290, 10, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "hdp-dn-02"));
}

/* A folder that cannot be made: the error names it. */
static void
test_unwritable (void)
{
  g_autofree char *folder = g_build_filename (g_get_user_state_dir (), "metrics", NULL);
  g_autofree char *file = g_build_filename (folder, "not-a-folder", NULL);
  g_autoptr(TakeoverMetricStore) store = NULL;
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func ((GDestroyNotify) takeover_metric_sample_free);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  store = takeover_metric_store_new (file);
  g_ptr_array_add (samples, takeover_metric_sample_new ("hdp-dn-01", "hardware.memory.used", NULL,
                                                        first_time (), 1));
  g_assert_false (write_round (store, samples, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "not-a-folder"));
}

int
main (int   argc,
      char *argv[])
{
  /* Each test's folders are its own and removed after it. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* rrdcached is a package the project installs (build-aux/install-deps.sh). */
  g_test_add_data_func ("/metric-store/consolidation/rrdcached", "/usr/bin/rrdcached",
                        test_consolidation);
  g_test_add_data_func ("/metric-store/consolidation/files", NULL, test_consolidation);
  g_test_add_func ("/metric-store/names-and-export", test_names_and_export);
  g_test_add_func ("/metric-store/unwritable", test_unwritable);

  return g_test_run ();
}
