/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Monitoring rounds over the test bed: every host's BMC sensors and OS meters recorded, health
 * judged, and a host whose BMC and SSH server are silent unreachable within the round, which
 * it delays by no more than its own timeout. */
#include "config.h"

#include "takeover-inventory.h"
#include "takeover-monitor.h"
#include "takeover-test-bed.h"

#define TIMEOUT_MS 3000

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The bed's tb-001 and tb-002, and one whose BMC and SSH addresses nothing answers on. */
static GListModel *
make_hosts (void)
{
  g_autoptr(TakeoverInventory) inventory = takeover_inventory_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (takeover_test_bed_get_hosts_csv ());
  GListStore *hosts = g_list_store_new (TAKEOVER_TYPE_HOST);
  g_autoptr(TakeoverHost) silent = takeover_host_new ();

  g_assert_true (takeover_inventory_load (inventory, file, TAKEOVER_INVENTORY_FORMAT_NONE, NULL,
                                          &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (takeover_inventory_get_hosts (inventory),
                                                            i);
      g_list_store_append (hosts, host);
    }

  takeover_host_set_name (silent, "silent");
  takeover_host_set_bmc_address (silent, "127.0.0.1");
  takeover_host_set_bmc_port (silent, 9);
  takeover_host_set_bmc_username (silent, "admin");
  takeover_host_set_bmc_password (silent, "password");
  takeover_host_set_mgmt_ip (silent, "127.0.0.1");
  takeover_host_set_ssh_port (silent, 9);
  takeover_host_set_ssh_username (silent, "root");
  takeover_host_set_ssh_password (silent, "x");
  g_list_store_append (hosts, silent);

  return G_LIST_MODEL (hosts);
}

static guint
run_round (TakeoverMonitor *monitor,
           GListModel      *hosts)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  takeover_monitor_round_async (monitor, hosts, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  n = takeover_monitor_round_finish (monitor, result, &error);
  g_assert_no_error (error);
  return n;
}

static void
test_rounds (void)
{
  g_autoptr(TakeoverFleetProbe) probe = takeover_fleet_probe_new (8);
  g_autofree char *folder = g_build_filename (g_get_user_state_dir (), "metrics", NULL);
  g_autoptr(TakeoverMetricStore) store = takeover_metric_store_new (folder);
  g_autoptr(TakeoverMonitor) monitor = NULL;
  g_autoptr(GListModel) hosts = NULL;
  g_autoptr(TakeoverHost) first = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *temperature = NULL;
  g_autofree char *memory = NULL;
  g_autofree char *cpu = NULL;
  TakeoverHealth *health;
  const char *name;
  gint64 started;

  if (!takeover_test_bed_require (4, FALSE))
    return;

  takeover_fleet_probe_set_timeout_ms (probe, TIMEOUT_MS);
  takeover_fleet_probe_set_retries (probe, 1);
  monitor = takeover_monitor_new (probe, store);
  health = takeover_monitor_get_health (monitor);
  hosts = make_hosts ();
  first = g_list_model_get_item (hosts, 0);
  name = takeover_host_get_display_name (first);

  started = g_get_monotonic_time ();
  g_assert_cmpuint (run_round (monitor, hosts), ==, 2);
  /* The silent host costs its own timeout (its SSH part at most six silences), not more. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 7 * TIMEOUT_MS * 1000);

  g_assert_cmpint (takeover_health_get_level (health, "silent"), ==, TAKEOVER_HEALTH_UNREACHABLE);
  reason = takeover_health_dup_reason (health, "silent");
  g_assert_nonnull (strstr (reason, "Neither its BMC nor its OS answered"));
  g_assert_cmpint (takeover_health_get_level (health, name), ==, TAKEOVER_HEALTH_OK);

  /* Recorded: the BMC's sensors and the OS meters, each its own series. */
  temperature = takeover_metric_store_dup_path (store, name, "hardware.ipmi.temperature",
                                                "CPU Temp");
  memory = takeover_metric_store_dup_path (store, name, "hardware.memory.total", NULL);
  g_assert_true (g_file_test (temperature, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (memory, G_FILE_TEST_IS_REGULAR));

  /* A second round on the same sessions: the rates. */
  g_usleep (G_USEC_PER_SEC);
  g_assert_cmpuint (run_round (monitor, hosts), ==, 2);
  cpu = takeover_metric_store_dup_path (store, name, "hardware.cpu.util", NULL);
  g_assert_true (g_file_test (cpu, G_FILE_TEST_IS_REGULAR));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/monitor/rounds", test_rounds);

  return g_test_run ();
}
