/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A day of monitoring shortened: a round a second over bed hosts for a minute, ten times the
 * default pace (rounds back to back, six IPMI sessions a second a BMC, make ipmi_sim refuse
 * one now and then, which no real interval comes near).
 * Not one chassis-changing command reaches a BMC, and every command the hosts' sshd ran is one
 * of the product's allow-list (the monitor's, or the probe's when another test probes). */
#include "config.h"

#include <math.h>

#include "takeover-monitor.h"
#include "takeover-os-source.h"
#include "takeover-ssh-probe.h"
#include "takeover-monitor-test.h"
#include "takeover-test-bed.h"
#include "takeover-test-hosts.h"

#define N_HOSTS    4
#define SOAK_USEC  (60 * G_USEC_PER_SEC)
#define INTERVAL   G_USEC_PER_SEC

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return strtol (line + 6, NULL, 10);
}

static void
test_soak (void)
{
  g_autoptr(GListStore) hosts = NULL;
  g_autoptr(TakeoverFleetProbe) probe = takeover_fleet_probe_new (8);
  g_autofree char *folder = g_build_filename (g_get_user_state_dir (), "metrics", NULL);
  g_autoptr(TakeoverMetricStore) store = takeover_metric_store_new (folder);
  g_autoptr(TakeoverMonitor) monitor = NULL;
  g_autofree char *probe_command = takeover_ssh_probe_dup_command ();
  char *chassis_before[N_HOSTS];
  guint commands_before[N_HOSTS];
  guint rounds = 0;
  long rss_start = 0;
  gint64 end;

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  hosts = takeover_test_hosts_from_bed (N_HOSTS);
  for (guint i = 0; i < N_HOSTS; i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (G_LIST_MODEL (hosts), i);
      g_auto(GStrv) commands = takeover_test_bed_dup_ssh_commands (takeover_host_get_display_name (host));

      chassis_before[i] = takeover_test_bed_dup_chassis_log (takeover_host_get_display_name (host));
      commands_before[i] = g_strv_length (commands);
    }

  takeover_fleet_probe_set_timeout_ms (probe, 5000);
  monitor = takeover_monitor_new (probe, store);

  end = g_get_monotonic_time () + SOAK_USEC;
  while (g_get_monotonic_time () < end)
    {
      gint64 next = g_get_monotonic_time () + INTERVAL;

      g_assert_cmpuint (takeover_monitor_test_round (monitor, G_LIST_MODEL (hosts)), ==, N_HOSTS);
      if (g_get_monotonic_time () < next)
        g_usleep (next - g_get_monotonic_time ());
      /* After the first rounds, when the SDR caches and sessions are in place. */
      if (++rounds == 5)
        rss_start = rss_kb ();
    }
  g_test_message ("%u rounds over %u hosts in %d s; RSS %ld KB after 5 rounds, %ld KB after all",
                  rounds, N_HOSTS, (int) (SOAK_USEC / G_USEC_PER_SEC), rss_start, rss_kb ());
  g_assert_cmpuint (rounds, >=, 40);

  for (guint i = 0; i < N_HOSTS; i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (G_LIST_MODEL (hosts), i);
      const char *name = takeover_host_get_display_name (host);
      g_autofree char *chassis = takeover_test_bed_dup_chassis_log (name);
      g_auto(GStrv) commands = takeover_test_bed_dup_ssh_commands (name);
      guint n_monitor = 0;

      /* No chassis-changing command at all, in any round. */
      g_assert_cmpstr (chassis, ==, chassis_before[i]);
      g_free (chassis_before[i]);

      /* One command a round, the monitor's own, on one session kept open. */
      for (guint c = commands_before[i]; commands[c] != NULL; c++)
        {
          if (g_str_equal (commands[c], TAKEOVER_OS_SOURCE_COMMAND))
            n_monitor++;
          else if (!g_str_equal (commands[c], probe_command))
            g_error ("%s ran a command off the allow-list: %s", name, commands[c]);
        }
      g_assert_cmpuint (n_monitor, >=, rounds);
    }

  /* Still healthy and answering: nothing wore out over the rounds. */
  for (guint i = 0; i < N_HOSTS; i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (G_LIST_MODEL (hosts), i);
      g_autofree char *reason = takeover_health_dup_reason (takeover_monitor_get_health (monitor),
                                                            takeover_host_get_display_name (host));

      g_test_message ("%s: %s", takeover_host_get_display_name (host),
                      reason != NULL ? reason : "OK");
      g_assert_cmpint (takeover_health_get_level (takeover_monitor_get_health (monitor),
                                                  takeover_host_get_display_name (host)),
                       ==, TAKEOVER_HEALTH_OK);
      g_assert_false (isnan (takeover_monitor_get_latest (monitor,
                                                          takeover_host_get_display_name (host),
                                                          "hardware.cpu.util")));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/monitor/soak", test_soak);

  return g_test_run ();
}
