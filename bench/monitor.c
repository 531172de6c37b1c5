/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench/monitor's helper (see the script):
 *
 *   takeover-bench-monitor round FILE ROUNDS CONCURRENCY
 *       ROUNDS rounds back to back over the inventory's hosts, as a running monitor does; each
 *       round's wall time and CPU seconds (every thread of the process) on a line
 *   takeover-bench-monitor store DIR HOSTS HISTORY_HOSTS
 *       a store of HOSTS hosts x 20 meters; a day of 10 s history for HISTORY_HOSTS of them;
 *       the time to write one round of every series, to read one host's day for a chart, and
 *       the RSS; the same round written as bare files is the floor
 *   takeover-bench-monitor command
 *       the one command a round runs on each host over SSH, for the bed's floor
 */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <malloc.h>
#include <math.h>
#include <sys/resource.h>
#include <unistd.h>

#include "takeover-inventory.h"
#include "takeover-monitor.h"
#include "takeover-os-source.h"

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static long
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, field)) == NULL)
    return -1;
  return strtol (line + strlen (field), NULL, 10);
}

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

static int
bench_round (const char *path,
             guint       rounds,
             guint       concurrency)
{
  g_autoptr(TakeoverInventory) inventory = takeover_inventory_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(TakeoverFleetProbe) probe = takeover_fleet_probe_new (concurrency);
  g_autofree char *folder = g_dir_make_tmp ("takeover-bench-monitor-XXXXXX", NULL);
  g_autoptr(TakeoverMetricStore) store = takeover_metric_store_new (folder);
  g_autoptr(TakeoverMonitor) monitor = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *hosts;

  if (!takeover_inventory_load (inventory, file, TAKEOVER_INVENTORY_FORMAT_NONE, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  hosts = takeover_inventory_get_hosts (inventory);
  monitor = takeover_monitor_new (probe, store);

  for (guint i = 1; i <= rounds; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      gint64 start = g_get_monotonic_time ();
      double cpu = cpu_seconds ();
      guint answered;

      takeover_monitor_round_async (monitor, hosts, NULL, store_result, &result);
      answered = takeover_monitor_round_finish (monitor, wait_for (&result), &error);
      if (error != NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print ("round %u hosts %u answered %u samples %u wall %.3f cpu %.3f\n", i,
               g_list_model_get_n_items (hosts), answered,
               takeover_monitor_get_samples (monitor)->len,
               (g_get_monotonic_time () - start) / 1e6, cpu_seconds () - cpu);
    }
  g_print ("rss_kb %ld\n", status_kb ("VmHWM:"));

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", folder);

    g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
  return 0;
}

/* Twenty series a host, as a monitored Linux server with one disk and one NIC has. */
static const struct { const char *meter; const char *instance; } meters[] = {
  { "hardware.cpu.load.1min", NULL }, { "hardware.cpu.load.5min", NULL },
  { "hardware.cpu.load.15min", NULL }, { "hardware.cpu.util", NULL },
  { "hardware.system_stats.cpu.idle", NULL }, { "hardware.memory.total", NULL },
  { "hardware.memory.used", NULL }, { "hardware.memory.buffer", NULL },
  { "hardware.memory.cached", NULL }, { "hardware.memory.swap.total", NULL },
  { "hardware.memory.swap.avail", NULL }, { "hardware.disk.size.total", "/" },
  { "hardware.disk.size.used", "/" }, { "hardware.network.incoming.bytes", "eth0" },
  { "hardware.network.outgoing.bytes", "eth0" }, { "hardware.network.outgoing.errors", "eth0" },
  { "hardware.ipmi.temperature", "CPU Temp" }, { "hardware.ipmi.fan", "FAN1" },
  { "hardware.ipmi.power", "PSU1 Power" }, { "hardware.ipmi.voltage", "12V" },
};

static char *
host_name (guint i)
{
  return g_strdup_printf ("bench-%04u", i);
}

static GPtrArray *
one_round (guint  n_hosts,
           gint64 time)
{
  GPtrArray *samples = g_ptr_array_new_with_free_func ((GDestroyNotify) takeover_metric_sample_free);

  for (guint h = 0; h < n_hosts; h++)
    {
      g_autofree char *name = host_name (h);

      for (guint m = 0; m < G_N_ELEMENTS (meters); m++)
        g_ptr_array_add (samples, takeover_metric_sample_new (name, meters[m].meter,
                                                              meters[m].instance, time,
                                                              h + m + sin (time / 600.0)));
    }
  return samples;
}

static double
write_round (TakeoverMetricStore *store,
             GPtrArray           *samples)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  takeover_metric_store_write_async (store, samples, NULL, store_result, &result);
  if (!takeover_metric_store_write_finish (store, wait_for (&result), &error))
    g_error ("%s", error->message);
  return (g_get_monotonic_time () - start) / 1e3;
}

static double
median (double *values,
        guint   n)
{
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && values[j - 1] > values[j]; j--)
      {
        double swap = values[j];

        values[j] = values[j - 1];
        values[j - 1] = swap;
      }
  return values[n / 2];
}

static guint64
disk_bytes (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint64 total = 0;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      GStatBuf info;

      if (g_stat (child, &info) == 0)
        total += (guint64) info.st_blocks * 512;
    }
  return total;
}

static int
bench_store (const char *folder,
             guint       n_hosts,
             guint       history_hosts)
{
  g_autoptr(TakeoverMetricStore) store = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 day_ago = now - 86400;
  long rss_before = status_kb ("VmRSS:");
  double writes[5], reads[5], floors[5];
  g_autofree char *first_host = host_name (0);
  g_autofree char *first_dir = NULL;
  double create_ms;

  store = takeover_metric_store_new (folder);

  /* Every series' file, made by a first round a day ago. */
  {
    g_autoptr(GPtrArray) first = one_round (n_hosts, day_ago);

    create_ms = write_round (store, first);
  }

  /* A day of 10 s points for some hosts (an RRD's size never grows with its history: the
   * others' files are as big already). */
  for (guint h = 0; h < history_hosts; h++)
    {
      g_autoptr(GPtrArray) day = g_ptr_array_new_with_free_func ((GDestroyNotify) takeover_metric_sample_free);
      g_autofree char *name = host_name (h);

      for (gint64 t = day_ago + 10; t < now - 60; t += 10)
        for (guint m = 0; m < G_N_ELEMENTS (meters); m++)
          g_ptr_array_add (day, takeover_metric_sample_new (name, meters[m].meter,
                                                            meters[m].instance, t,
                                                            m + 50 + 40 * sin (t / 3600.0)));
      write_round (store, day);
    }

  /* Steady rounds: every series, one sample each. */
  for (guint i = 0; i < G_N_ELEMENTS (writes); i++)
    {
      g_autoptr(GPtrArray) round = one_round (n_hosts, now - 50 + i * 10);

      writes[i] = write_round (store, round);
    }

  /* The floor of a file a series: the same number of small writes to as many files. */
  for (guint i = 0; i < G_N_ELEMENTS (floors); i++)
    {
      g_autofree char *floor_dir = g_build_filename (folder, "floor", NULL);
      gint64 start;

      g_mkdir_with_parents (floor_dir, 0700);
      start = g_get_monotonic_time ();
      for (guint s = 0; s < n_hosts * G_N_ELEMENTS (meters); s++)
        {
          g_autofree char *path = g_strdup_printf ("%s/%u", floor_dir, s);
          int fd = open (path, O_WRONLY | O_CREAT, 0600);
          char record[16] = { 0 };

          if (fd < 0 || pwrite (fd, record, sizeof record, (off_t) (i * sizeof record)) < 0)
            g_error ("%s: %s", path, g_strerror (errno));
          close (fd);
        }
      floors[i] = (g_get_monotonic_time () - start) / 1e3;
    }

  /* One host's day, every series, as a chart at 24 h reads it (1 min points). */
  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      gint64 start = g_get_monotonic_time ();

      for (guint m = 0; m < G_N_ELEMENTS (meters); m++)
        {
          g_autoptr(GAsyncResult) result = NULL;
          g_autoptr(TakeoverMetricSeries) series = NULL;
          g_autoptr(GError) error = NULL;

          takeover_metric_store_read_async (store, first_host, meters[m].meter,
                                            meters[m].instance, day_ago, now, 60, NULL,
                                            store_result, &result);
          series = takeover_metric_store_read_finish (store, wait_for (&result), &error);
          if (series == NULL)
            g_error ("%s", error->message);
          if (i == 0 && m == 0)
            g_print ("read_points %u step %u\n", series->n_values, series->step);
        }
      reads[i] = (g_get_monotonic_time () - start) / 1e3;
    }

  first_dir = g_build_filename (folder, first_host, NULL);
  g_print ("hosts %u series %u\n", n_hosts, n_hosts * (guint) G_N_ELEMENTS (meters));
  g_print ("create_round_ms %.1f\n", create_ms);
  g_print ("write_round_ms %.1f\n", median (writes, G_N_ELEMENTS (writes)));
  g_print ("floor_round_ms %.1f\n", median (floors, G_N_ELEMENTS (floors)));
  g_print ("read_day_ms %.1f\n", median (reads, G_N_ELEMENTS (reads)));
  g_print ("disk_bytes_per_host %" G_GUINT64_FORMAT "\n", disk_bytes (first_dir));
  /* What the day's samples left in malloc's free lists is not the store's. */
  malloc_trim (0);
  g_print ("rss_before_kb %ld\n", rss_before);
  g_print ("rss_kb %ld\n", status_kb ("VmRSS:"));
  g_print ("rss_peak_kb %ld\n", status_kb ("VmHWM:"));
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 2 && g_str_equal (argv[1], "command"))
    {
      g_print ("%s\n", TAKEOVER_OS_SOURCE_COMMAND);
      return 0;
    }
  if (argc == 5 && g_str_equal (argv[1], "round"))
    return bench_round (argv[2], (guint) atoi (argv[3]), (guint) atoi (argv[4]));
  if (argc == 5 && g_str_equal (argv[1], "store"))
    return bench_store (argv[2], (guint) atoi (argv[3]), (guint) atoi (argv[4]));

  g_printerr ("usage: %s round FILE ROUNDS CONCURRENCY | store DIR HOSTS HISTORY_HOSTS\n",
              argv[0]);
  return 2;
}
