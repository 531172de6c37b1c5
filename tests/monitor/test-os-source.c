/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The OS meters from the one command a round runs: each meter from its part, rates between
 * rounds, a 32-bit counter's wrap as growth, no rate across a reboot, and the real command on
 * this machine's own kernel. */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "takeover-os-source.h"

static char *
round_output (guint64 btime,
              guint64 user,
              guint64 idle,
              guint64 rx,
              guint64 tx,
              guint64 tx_errors)
{
  return g_strdup_printf (
    "==> /proc/loadavg <==\n"
    "0.52 1.25 2.50 2/467 12345\n"
    "\n"
    "==> /proc/stat <==\n"
    "cpu  %" G_GUINT64_FORMAT " 0 0 %" G_GUINT64_FORMAT " 0 0 0 0 0 0\n"
    "cpu0 1 0 0 1 0 0 0 0 0 0\n"
    "intr 12345\n"
    "btime %" G_GUINT64_FORMAT "\n"
    "\n"
    "==> /proc/meminfo <==\n"
    "MemTotal:       16000000 kB\n"
    "MemFree:         2000000 kB\n"
    "MemAvailable:   10000000 kB\n"
    "Buffers:          500000 kB\n"
    "Cached:          6000000 kB\n"
    "SwapTotal:       4000000 kB\n"
    "SwapFree:        3000000 kB\n"
    "\n"
    "==> /proc/net/dev <==\n"
    "Inter-|   Receive                                                |  Transmit\n"
    " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
    "    lo: 999 9 0 0 0 0 0 0 999 9 0 0 0 0 0 0\n"
    "  eth0: %" G_GUINT64_FORMAT " 10 0 0 0 0 0 0 %" G_GUINT64_FORMAT " 20 %" G_GUINT64_FORMAT " 0 0 0 0 0\n"
    "@df\n"
    "Filesystem     1024-blocks      Used Available Capacity Mounted on\n"
    "/dev/sda1         51474912  20000000  28837584      41%% /\n"
    "/dev/sdb1       1921802432 960901216 863200000      53%% /data/hdfs 1\n",
    user, idle, btime, rx, tx, tx_errors);
}

static void
test_rounds (void)
{
  g_autoptr(TakeoverOsCounters) counters = takeover_os_counters_new ();
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) rebooted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out1 = round_output (1000, 200, 800, 1000, G_MAXUINT32 - 295, 5);
  g_autofree char *out2 = round_output (1000, 250, 850, 2000, 704, 7);
  g_autofree char *out3 = round_output (2000, 10, 20, 50, 60, 0);

  /* The first round: levels, no rates yet. */
  first = takeover_os_source_parse ("hdp-dn-01", 1000, out1, counters, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (takeover_metric_samples_get_value (first, "hardware.cpu.load.1min", NULL), ==, 0.52);
  g_assert_cmpfloat (takeover_metric_samples_get_value (first, "hardware.cpu.load.5min", NULL), ==, 1.25);
  g_assert_cmpfloat (takeover_metric_samples_get_value (first, "hardware.cpu.load.15min", NULL), ==, 2.5);
  g_assert_cmpfloat (takeover_metric_samples_get_value (first, "hardware.memory.total", NULL), ==, 16000000);
  g_assert_cmpfloat (takeover_metric_samples_get_value (first, "hardware.memory.used", NULL), ==, 6000000);
  g_assert_cmpfloat (takeover_metric_samples_get_value (first, "hardware.memory.buffer", NULL), ==, 500000);
  g_assert_cmpfloat (takeover_metric_samples_get_value (first, "hardware.memory.cached", NULL), ==, 6000000);
  g_assert_cmpfloat (takeover_metric_samples_get_value (first, "hardware.memory.swap.total", NULL), ==, 4000000);
  g_assert_cmpfloat (takeover_metric_samples_get_value (first, "hardware.memory.swap.avail", NULL), ==, 3000000);
  g_assert_cmpfloat (takeover_metric_samples_get_value (first, "hardware.disk.size.total", "/"), ==, 51474912);
  g_assert_cmpfloat (takeover_metric_samples_get_value (first, "hardware.disk.size.used", "/data/hdfs 1"), ==, 960901216);
  g_assert_true (isnan (takeover_metric_samples_get_value (first, "hardware.cpu.util", NULL)));
  g_assert_true (isnan (takeover_metric_samples_get_value (first, "hardware.network.incoming.bytes", "eth0")));
  g_assert_true (isnan (takeover_metric_samples_get_value (first, "hardware.network.incoming.bytes", "lo")));

  /* Ten seconds on: half the CPU time busy; 100 B/s in; out, a 32-bit counter that wrapped:
   * 1,000 bytes, 100 B/s, never negative. */
  second = takeover_os_source_parse ("hdp-dn-01", 1010, out2, counters, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (takeover_metric_samples_get_value (second, "hardware.cpu.util", NULL), 50, 1e-9);
  g_assert_cmpfloat_with_epsilon (takeover_metric_samples_get_value (second, "hardware.system_stats.cpu.idle", NULL), 50,
                                  1e-9);
  g_assert_cmpfloat (takeover_metric_samples_get_value (second, "hardware.network.incoming.bytes", "eth0"), ==, 100);
  g_assert_cmpfloat (takeover_metric_samples_get_value (second, "hardware.network.outgoing.bytes", "eth0"), ==, 100);
  g_assert_cmpfloat (takeover_metric_samples_get_value (second, "hardware.network.outgoing.errors", "eth0"), ==, 0.2);

  /* Rebooted (a new boot time, counters from zero): no rate this round, none negative. */
  rebooted = takeover_os_source_parse ("hdp-dn-01", 1020, out3, counters, &error);
  g_assert_no_error (error);
  g_assert_true (isnan (takeover_metric_samples_get_value (rebooted, "hardware.cpu.util", NULL)));
  g_assert_true (isnan (takeover_metric_samples_get_value (rebooted, "hardware.network.incoming.bytes", "eth0")));
  for (guint i = 0; i < rebooted->len; i++)
    g_assert_cmpfloat (((TakeoverMetricSample *) g_ptr_array_index (rebooted, i))->value, >=, 0);

  /* Not the command's output at all. */
  g_assert_null (takeover_os_source_parse ("hdp-dn-01", 1030, "sh: 1: cat: not found\n",
                                           counters, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

/* The very command, run here: it is valid for a Debian shell and df, and each part parses. */
static void
test_real_command (void)
{
  g_autoptr(TakeoverOsCounters) counters = takeover_os_counters_new ();
  g_autoptr(GPtrArray) samples = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *meminfo = NULL;
  const char *argv[] = { "/bin/sh", "-c", TAKEOVER_OS_SOURCE_COMMAND, NULL };
  g_auto(TakeoverOsReading) reading;
  guint64 mem_total = 0;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, NULL, &status,
                               &error));
  g_assert_no_error (error);
  samples = takeover_os_source_parse ("localhost", 1000, out, counters, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (takeover_metric_samples_get_value (samples, "hardware.memory.total", NULL), >, 0);
  g_assert_cmpfloat (takeover_metric_samples_get_value (samples, "hardware.cpu.load.1min", NULL), >=, 0);

  /* Every part found in what tail and df printed, each file's lines its own. */
  takeover_os_reading_init (&reading);
  g_assert_true (takeover_os_source_read ("localhost", out, &reading, &error));
  g_assert_true (g_file_get_contents ("/proc/meminfo", &meminfo, NULL, NULL));
  g_assert_cmpint (sscanf (meminfo, "MemTotal: %" G_GUINT64_FORMAT, &mem_total), ==, 1);
  g_assert_cmpfloat (reading.memory_total, ==, (double) mem_total);
  g_assert_true (reading.have_cpu);
  g_assert_cmpuint (reading.n_cpus, >=, 1);
  g_assert_cmpint (reading.boot_time, >, 0);
  g_assert_false (isnan (reading.load[2]));
  g_assert_cmpuint (reading.disks->len, >=, 1);

  g_usleep (G_USEC_PER_SEC / 5);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out2, NULL, &status,
                               &error));
  again = takeover_os_source_parse ("localhost", 1001, out2, counters, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (takeover_metric_samples_get_value (again, "hardware.cpu.util", NULL), >=, 0);
  g_assert_cmpfloat (takeover_metric_samples_get_value (again, "hardware.cpu.util", NULL), <=, 100);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/os-source/rounds", test_rounds);
  g_test_add_func ("/os-source/real-command", test_real_command);

  return g_test_run ();
}
