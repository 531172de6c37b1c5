/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Monitoring rounds over the test bed: every host's BMC sensors and OS meters recorded, health
 * judged, and a host whose BMC and SSH server are silent unreachable within the round, which
 * it delays by no more than its own timeout. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>

#include "takeover-inventory.h"
#include "takeover-monitor.h"
#include "takeover-monitor-test.h"
#include "takeover-test-bed.h"
#include "takeover-test-hosts.h"

#define TIMEOUT_MS 3000

/* The bed's tb-001 and tb-002, and one whose BMC and SSH addresses nothing answers on. */
static GListModel *
make_hosts (void)
{
  GListStore *hosts = takeover_test_hosts_from_bed (2);
  g_autoptr(TakeoverHost) silent = takeover_test_hosts_new_silent ("silent");

  g_list_store_append (hosts, silent);
  return G_LIST_MODEL (hosts);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 GHashTable *notified)
{
  g_hash_table_add (notified, g_strdup (pspec->name));
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n_changes)
{
  (*n_changes)++;
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
  g_autoptr(GHashTable) notified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(TakeoverMonitorHost) row = NULL;
  g_autoptr(TakeoverMonitorHost) silent_row = NULL;
  g_autoptr(TakeoverMonitorHost) again = NULL;
  TakeoverHealth *health;
  GListModel *model;
  guint n_changes = 0;
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
  g_assert_cmpuint (takeover_monitor_test_round (monitor, hosts), ==, 2);
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

  /* The list a dashboard binds to: each host with its health and key meters. */
  model = takeover_monitor_get_hosts (monitor);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  row = g_list_model_get_item (model, 0);
  silent_row = g_list_model_get_item (model, 2);
  g_assert_cmpstr (takeover_monitor_host_get_name (row), ==, name);
  g_assert_cmpint (takeover_monitor_host_get_level (row), ==, TAKEOVER_HEALTH_OK);
  g_assert_null (takeover_monitor_host_get_reason (row));
  g_assert_cmpfloat (takeover_monitor_host_get_temperature (row), >, 0);
  g_assert_cmpfloat (takeover_monitor_host_get_memory (row), >, 0);
  g_assert_cmpfloat (takeover_monitor_host_get_memory (row), <=, 100);
  g_assert_true (isnan (takeover_monitor_host_get_cpu (row)));
  g_assert_cmpint (takeover_monitor_host_get_level (silent_row), ==, TAKEOVER_HEALTH_UNREACHABLE);
  g_assert_nonnull (takeover_monitor_host_get_reason (silent_row));
  g_signal_connect (row, "notify", G_CALLBACK (count_notify_cb), notified);
  g_signal_connect (model, "items-changed", G_CALLBACK (count_changes_cb), &n_changes);

  /* A second round on the same sessions: the rates. */
  g_usleep (G_USEC_PER_SEC);
  g_assert_cmpuint (takeover_monitor_test_round (monitor, hosts), ==, 2);
  cpu = takeover_metric_store_dup_path (store, name, "hardware.cpu.util", NULL);
  g_assert_true (g_file_test (cpu, G_FILE_TEST_IS_REGULAR));

  /* The same row objects, notified for what changed (the CPU is known now), the list itself
   * unchanged. */
  again = g_list_model_get_item (model, 0);
  g_assert_true (again == row);
  g_assert_false (isnan (takeover_monitor_host_get_cpu (row)));
  g_assert_true (g_hash_table_contains (notified, "cpu"));
  g_assert_false (g_hash_table_contains (notified, "name"));
  g_assert_false (g_hash_table_contains (notified, "level"));
  g_assert_cmpuint (n_changes, ==, 0);
}

/* The OS meters over SNMPv3 instead of SSH: the same meters recorded, the silent host as
 * unreachable as before. */
static void
test_snmp_rounds (void)
{
  g_autoptr(TakeoverFleetProbe) probe = takeover_fleet_probe_new (8);
  g_autofree char *folder = g_build_filename (g_get_user_state_dir (), "metrics-snmp", NULL);
  g_autoptr(TakeoverMetricStore) store = takeover_metric_store_new (folder);
  g_autoptr(TakeoverSnmpConfig) snmp = takeover_snmp_config_new_v3 (TAKEOVER_TEST_BED_SNMP_V3_USER,
                                                                    TAKEOVER_TEST_BED_SNMP_V3_AUTH,
                                                                    TAKEOVER_TEST_BED_SNMP_V3_PRIV);
  g_autoptr(TakeoverMonitor) monitor = NULL;
  g_autoptr(GListModel) hosts = NULL;
  g_autoptr(TakeoverHost) first = NULL;
  g_autofree char *load = NULL;
  const char *name;

  if (!takeover_test_bed_require (4, FALSE))
    return;

  takeover_fleet_probe_set_timeout_ms (probe, TIMEOUT_MS);
  takeover_fleet_probe_set_retries (probe, 1);
  monitor = takeover_monitor_new (probe, store);
  takeover_monitor_set_snmp (monitor, snmp);
  hosts = make_hosts ();
  first = g_list_model_get_item (hosts, 0);
  name = takeover_host_get_display_name (first);

  g_assert_cmpuint (takeover_monitor_test_round (monitor, hosts), ==, 2);
  g_assert_cmpfloat (takeover_monitor_get_latest (monitor, name, "hardware.memory.total"), >, 0);
  g_assert_cmpfloat (takeover_monitor_get_latest (monitor, name, "hardware.cpu.load.1min"), >=, 0);
  load = takeover_metric_store_dup_path (store, name, "hardware.cpu.load.1min", NULL);
  g_assert_true (g_file_test (load, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (takeover_health_get_level (takeover_monitor_get_health (monitor), "silent"),
                   ==, TAKEOVER_HEALTH_UNREACHABLE);

  /* Back to SSH: the next round reads the OS that way, the same meters. */
  takeover_monitor_set_snmp (monitor, NULL);
  g_assert_cmpuint (takeover_monitor_test_round (monitor, hosts), ==, 2);
  g_assert_cmpfloat (takeover_monitor_get_latest (monitor, name, "hardware.memory.total"), >, 0);
}

/* Rules changed: the next round judges by them; wrong ones are refused with the reason. */
static void
test_rules (void)
{
  g_autoptr(TakeoverFleetProbe) probe = takeover_fleet_probe_new (8);
  g_autofree char *folder = g_build_filename (g_get_user_state_dir (), "metrics-rules", NULL);
  g_autoptr(TakeoverMetricStore) store = takeover_metric_store_new (folder);
  g_autoptr(TakeoverMonitor) monitor = takeover_monitor_new (probe, store);
  g_autoptr(GListModel) bed = NULL;
  g_autoptr(GListStore) hosts = g_list_store_new (TAKEOVER_TYPE_HOST);
  g_autoptr(TakeoverHost) first = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *load_reason = NULL;
  const TakeoverHealthRule *memory = takeover_monitor_get_rule (monitor, "memory");
  const char *name;

  /* The defaults, and what is refused. */
  g_assert_nonnull (memory);
  g_assert_cmpfloat (memory->warning, ==, 90);
  g_assert_nonnull (takeover_monitor_get_rule (monitor, "load"));
  g_assert_nonnull (takeover_monitor_get_rule (monitor, "network-errors"));
  g_assert_null (takeover_monitor_get_rule (monitor, "cpu"));
  g_assert_false (takeover_monitor_set_rule (monitor, "cpu", 1, 2, 0, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (takeover_monitor_set_rule (monitor, "memory", 97, 90, 0, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (takeover_monitor_set_rule (monitor, "memory", 1, NAN, 0, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpfloat (memory->warning, ==, 90);

  if (!takeover_test_bed_require (4, FALSE))
    return;

  /* Any memory use is critical now, any load a warning, at once. */
  g_assert_true (takeover_monitor_set_rule (monitor, "memory", 0.001, 0.002, 0, 0, &error));
  g_assert_no_error (error);
  g_assert_true (takeover_monitor_set_rule (monitor, "load", 0, 1000, 0, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (memory->critical, ==, 0.002);

  bed = make_hosts ();
  first = g_list_model_get_item (bed, 0);
  name = takeover_host_get_display_name (first);
  g_list_store_append (hosts, first);
  takeover_fleet_probe_set_timeout_ms (probe, TIMEOUT_MS);
  g_assert_cmpuint (takeover_monitor_test_round (monitor, G_LIST_MODEL (hosts)), ==, 1);

  g_assert_cmpint (takeover_health_get_level (takeover_monitor_get_health (monitor), name), ==,
                   TAKEOVER_HEALTH_CRITICAL);
  reason = takeover_health_dup_reason (takeover_monitor_get_health (monitor), name);
  g_assert_true (g_str_has_prefix (reason, "Memory is "));

  /* Back to the default memory rule: the load's warning remains, with its reason. */
  g_assert_true (takeover_monitor_set_rule (monitor, "memory", 90, 97, 0, 3, &error));
  g_assert_cmpuint (takeover_monitor_test_round (monitor, G_LIST_MODEL (hosts)), ==, 1);
  g_assert_cmpint (takeover_health_get_level (takeover_monitor_get_health (monitor), name), ==,
                   TAKEOVER_HEALTH_WARNING);
  load_reason = takeover_health_dup_reason (takeover_monitor_get_health (monitor), name);
  g_assert_true (g_str_has_prefix (load_reason, "The load is "));
  g_assert_nonnull (strstr (load_reason, " a core"));
}

/* A BMC that swallows every packet and an sshd that accepts and never speaks: the host is
 * unreachable within the round, which waits only for its timeouts, and the other hosts'
 * samples arrive as always. */
static void
test_mute_host (void)
{
  g_autoptr(TakeoverFleetProbe) probe = takeover_fleet_probe_new (8);
  g_autofree char *folder = g_build_filename (g_get_user_state_dir (), "metrics-mute", NULL);
  g_autoptr(TakeoverMetricStore) store = takeover_metric_store_new (folder);
  g_autoptr(TakeoverMonitor) monitor = NULL;
  g_autoptr(GListModel) bed = NULL;
  g_autoptr(GListStore) hosts = g_list_store_new (TAKEOVER_TYPE_HOST);
  g_autoptr(TakeoverHost) mute = takeover_host_new ();
  g_autoptr(TakeoverHost) first = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocket) bmc = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                         G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr(GSocket) sshd = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                          G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocketAddress) bmc_address = NULL;
  g_autoptr(GSocketAddress) sshd_address = NULL;
  g_autofree char *reason = NULL;
  gint64 started, took;

  if (!takeover_test_bed_require (4, FALSE))
    return;

  /* Bound, never read: the kernel takes the BMC's packets; listening, never accepting: the
   * kernel completes the TCP handshake and the client waits for a banner that never comes. */
  g_assert_true (g_socket_bind (bmc, any, FALSE, NULL));
  g_assert_true (g_socket_bind (sshd, any, FALSE, NULL));
  g_assert_true (g_socket_listen (sshd, NULL));
  bmc_address = g_socket_get_local_address (bmc, NULL);
  sshd_address = g_socket_get_local_address (sshd, NULL);

  takeover_host_set_name (mute, "mute");
  takeover_host_set_bmc_address (mute, "127.0.0.1");
  takeover_host_set_bmc_port (mute, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bmc_address)));
  takeover_host_set_bmc_username (mute, "admin");
  takeover_host_set_bmc_password (mute, "password");
  takeover_host_set_mgmt_ip (mute, "127.0.0.1");
  takeover_host_set_ssh_port (mute, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (sshd_address)));
  takeover_host_set_ssh_username (mute, "root");
  takeover_host_set_ssh_password (mute, "x");
  bed = make_hosts ();
  first = g_list_model_get_item (bed, 0);
  g_list_store_append (hosts, mute);
  g_list_store_append (hosts, first);

  takeover_fleet_probe_set_timeout_ms (probe, TIMEOUT_MS);
  takeover_fleet_probe_set_retries (probe, 1);
  monitor = takeover_monitor_new (probe, store);

  started = g_get_monotonic_time ();
  g_assert_cmpuint (takeover_monitor_test_round (monitor, G_LIST_MODEL (hosts)), ==, 1);
  took = g_get_monotonic_time () - started;
  g_test_message ("a round with a mute host took %.1f s (timeout %.1f s)", took / 1e6,
                  TIMEOUT_MS / 1e3);
  /* Its own timeouts (IPMI's session attempts, SSH's banner), not more. */
  g_assert_cmpint (took, <, 4 * TIMEOUT_MS * 1000);

  g_assert_cmpint (takeover_health_get_level (takeover_monitor_get_health (monitor), "mute"),
                   ==, TAKEOVER_HEALTH_UNREACHABLE);
  reason = takeover_health_dup_reason (takeover_monitor_get_health (monitor), "mute");
  g_test_message ("%s", reason);
  g_assert_cmpint (takeover_health_get_level (takeover_monitor_get_health (monitor),
                                              takeover_host_get_display_name (first)),
                   ==, TAKEOVER_HEALTH_OK);
  g_assert_cmpfloat (takeover_monitor_get_latest (monitor, takeover_host_get_display_name (first),
                                                  "hardware.memory.total"), >, 0);
  g_assert_cmpfloat (takeover_monitor_get_latest (monitor, takeover_host_get_display_name (first),
                                                  "hardware.ipmi.temperature"), >, 0);
}

/* The machine's own 1-minute load average, as the bed's hosts (which share it) report it. */
static double
local_load (void)
{
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents ("/proc/loadavg", &text, NULL, NULL));
  return g_ascii_strtod (text, NULL);
}

/* Load made on the machine (the bed's hosts share its CPUs) shows in the next rounds'
 * hardware.cpu.load.1min and hardware.cpu.util. Four busy loops take the 1-minute average to
 * 2.5 within a minute from idle; from a machine already busier (other tests), it stays there. */
static void
test_load_raises (void)
{
  g_autoptr(TakeoverFleetProbe) probe = takeover_fleet_probe_new (8);
  g_autofree char *folder = g_build_filename (g_get_user_state_dir (), "metrics-load", NULL);
  g_autoptr(TakeoverMetricStore) store = takeover_metric_store_new (folder);
  g_autoptr(TakeoverMonitor) monitor = NULL;
  g_autoptr(GListModel) bed = NULL;
  g_autoptr(GListStore) hosts = g_list_store_new (TAKEOVER_TYPE_HOST);
  g_autoptr(TakeoverHost) first = NULL;
  g_autoptr(GPtrArray) burners = g_ptr_array_new_with_free_func (g_object_unref);
  const char *name;
  double load = NAN, util = NAN, here = NAN;
  gint64 deadline;

  if (!takeover_test_bed_require (4, FALSE))
    return;

  bed = make_hosts ();
  first = g_list_model_get_item (bed, 0);
  name = takeover_host_get_display_name (first);
  g_list_store_append (hosts, first);
  takeover_fleet_probe_set_timeout_ms (probe, TIMEOUT_MS);
  monitor = takeover_monitor_new (probe, store);
  g_assert_cmpuint (takeover_monitor_test_round (monitor, G_LIST_MODEL (hosts)), ==, 1);

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(GError) error = NULL;
      GSubprocess *burner = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "sh", "-c",
                                              "while :; do :; done", NULL);

      g_assert_no_error (error);
      g_ptr_array_add (burners, burner);
    }

  deadline = g_get_monotonic_time () + 150 * G_USEC_PER_SEC;
  do
    {
      g_usleep (5 * G_USEC_PER_SEC);
      g_assert_cmpuint (takeover_monitor_test_round (monitor, G_LIST_MODEL (hosts)), ==, 1);
      here = local_load ();
      load = takeover_monitor_get_latest (monitor, name, "hardware.cpu.load.1min");
      util = takeover_monitor_get_latest (monitor, name, "hardware.cpu.util");
      g_test_message ("load %.2f (here %.2f), cpu %.0f%%", load, here, util);
    }
  while (load < 2.5 && g_get_monotonic_time () < deadline);

  for (guint i = 0; i < burners->len; i++)
    {
      g_subprocess_force_exit (g_ptr_array_index (burners, i));
      g_subprocess_wait (g_ptr_array_index (burners, i), NULL, NULL);
    }

  g_assert_cmpfloat (load, >=, 2.5);
  /* The host's figure is the machine's, read a moment apart. */
  g_assert_cmpfloat (fabs (load - here), <=, 0.75);
  /* Four busy processes on this machine's cores: most of what they can fill. */
  g_assert_cmpfloat (util, >=, 0.6 * MIN (100.0, 400.0 / g_get_num_processors ()));
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
count_round_cb (TakeoverMonitor *monitor,
                guint            n_answered,
                GError          *error,
                guint           *n_rounds)
{
  g_assert_no_error (error);
  (*n_rounds)++;
}

static void
alert_cb (TakeoverMonitor     *monitor,
          TakeoverHealthAlert *alert,
          GPtrArray           *texts)
{
  g_assert_cmpint (alert->kind, ==, TAKEOVER_HEALTH_ALERT_RAISED);
  g_assert_cmpstrv (alert->hosts, ((const char * const[]) { "silent", NULL }));
  g_ptr_array_add (texts, g_strdup (alert->text));
}

/* Watching: a round every interval until stopped, each ending with ::round-done; a host that
 * went silent is one ::alert once the grouping window has passed, and not again. */
static void
test_watch (void)
{
  g_autoptr(TakeoverFleetProbe) probe = takeover_fleet_probe_new (8);
  g_autofree char *folder = g_build_filename (g_get_user_state_dir (), "metrics-watch", NULL);
  g_autoptr(TakeoverMetricStore) store = takeover_metric_store_new (folder);
  g_autoptr(TakeoverMonitor) monitor = takeover_monitor_new (probe, store);
  g_autoptr(GListModel) bed = NULL;
  g_autoptr(GListStore) hosts = g_list_store_new (TAKEOVER_TYPE_HOST);
  g_autoptr(TakeoverHost) silent = NULL;
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func (g_free);
  guint n_rounds = 0, n_stopped;
  gboolean waited = FALSE;
  gint64 deadline;

  if (!takeover_test_bed_require (4, FALSE))
    return;

  bed = make_hosts ();
  silent = g_list_model_get_item (bed, 2);
  g_assert_cmpstr (takeover_host_get_display_name (silent), ==, "silent");
  g_list_store_append (hosts, silent);
  takeover_fleet_probe_set_timeout_ms (probe, 1000);
  g_signal_connect (monitor, "round-done", G_CALLBACK (count_round_cb), &n_rounds);
  g_signal_connect (monitor, "alert", G_CALLBACK (alert_cb), alerts);

  takeover_monitor_watch (monitor, G_LIST_MODEL (hosts), 2);
  g_assert_true (takeover_monitor_get_watching (monitor));
  deadline = g_get_monotonic_time () + (TAKEOVER_HEALTH_GROUP_SECONDS + 15) * G_USEC_PER_SEC;
  while (alerts->len == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (alerts->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (alerts, 0), "silent"));
  /* About a round every 2 s over those 30 s. */
  g_assert_cmpuint (n_rounds, >=, TAKEOVER_HEALTH_GROUP_SECONDS / 2 - 3);

  /* Stopped: the round running ends, no other starts. */
  takeover_monitor_stop (monitor);
  g_assert_false (takeover_monitor_get_watching (monitor));
  while (takeover_monitor_get_busy (monitor))
    g_main_context_iteration (NULL, TRUE);
  n_stopped = n_rounds;
  g_timeout_add_seconds (5, set_flag_cb, &waited);
  while (!waited)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (n_rounds, ==, n_stopped);
  g_assert_cmpuint (alerts->len, ==, 1);
}

/* takeover-cli monitor --once --json: each host's health and meters; exit 1 for the silent one. */
static void
test_cli_once (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "monitor.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *hosts;
  guint n_ok = 0;

  if (!takeover_test_bed_require (4, FALSE))
    return;

  g_assert_true (g_file_get_contents (takeover_test_bed_get_hosts_csv (), &csv, NULL, NULL));
  lines = g_strsplit (csv, "\n", -1);
  for (guint i = 0; i < 3 && lines[i] != NULL; i++)
    g_string_append_printf (text, "%s\n", lines[i]);
  g_string_append (text, "silent,127.0.0.1,9,admin,password,127.0.0.1,9,root,x,\n");
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_assert_true (g_file_set_contents (path, text->str, -1, NULL));

  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", g_get_user_state_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("TAKEOVER_CLI"), "monitor",
                                         path, "--once", "--json", "--timeout", "3", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("stdout:\n%s\nstderr:\n%s", out, err);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  hosts = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (hosts), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *host = json_array_get_object_element (hosts, i);
      JsonObject *meters = json_object_get_object_member (host, "meters");
      const char *health = json_object_get_string_member (host, "health");

      if (g_str_equal (json_object_get_string_member (host, "host"), "silent"))
        {
          g_assert_cmpstr (health, ==, "unreachable");
          g_assert_nonnull (strstr (json_object_get_string_member (host, "reason"),
                                    "Neither its BMC nor its OS answered"));
          continue;
        }
      g_assert_cmpstr (health, ==, "ok");
      g_assert_cmpfloat (json_object_get_double_member (meters, "hardware.memory.total"), >, 0);
      g_assert_cmpfloat (json_object_get_double_member (meters, "hardware.ipmi.temperature"), >,
                         0);
      n_ok++;
    }
  g_assert_cmpuint (n_ok, ==, 2);
  /* The alert for the silent host waits for its grouping window: none in one round. */
  g_assert_null (strstr (err, "is critical"));
}

/* A free TCP port on the loopback, for the exporter. */
static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* GET /metrics, or NULL while nothing listens. */
static char *
scrape (guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  const char request[] = "GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
  guint8 buffer[4096];
  gssize n;

  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  if (connection == NULL)
    return NULL;
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                            request, strlen (request), NULL, NULL, NULL));
  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                   buffer, sizeof buffer, NULL, NULL)) > 0)
    g_byte_array_append (answer, buffer, n);
  g_byte_array_append (answer, (const guint8 *) "", 1);
  return g_strdup ((const char *) answer->data);
}

/* takeover-cli monitor --serve: Prometheus' text format over HTTP, each host's series and
 * health, as long as it watches; SIGINT stops it. */
static void
test_cli_serve (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *out = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "serve.csv", NULL);
  g_autofree char *address = NULL;
  g_autofree char *text = NULL;
  g_autofree char *err = NULL;
  g_autofree char *first = takeover_test_bed_dup_host_name (1);
  g_autofree char *memory = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) hosts = g_string_new (NULL);
  guint port = free_port ();
  gint64 deadline;

  if (!takeover_test_bed_require (4, FALSE))
    return;

  g_assert_true (g_file_get_contents (takeover_test_bed_get_hosts_csv (), &csv, NULL, NULL));
  lines = g_strsplit (csv, "\n", -1);
  for (guint i = 0; i < 3 && lines[i] != NULL; i++)
    g_string_append_printf (hosts, "%s\n", lines[i]);
  g_string_append (hosts, "silent,127.0.0.1,9,admin,password,127.0.0.1,9,root,x,\n");
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_assert_true (g_file_set_contents (path, hosts->str, -1, NULL));

  address = g_strdup_printf ("127.0.0.1:%u", port);
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", g_get_user_state_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("TAKEOVER_CLI"), "monitor",
                                         path, "--serve", address, "--interval", "2",
                                         "--timeout", "2", NULL);
  g_assert_no_error (error);

  /* Until a round is in: every host's health, the silent one unreachable. */
  memory = g_strdup_printf ("hardware_memory_total{host=\"%s\"} ", first);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  do
    {
      g_clear_pointer (&text, g_free);
      g_usleep (G_USEC_PER_SEC / 4);
      text = scrape (port);
    }
  while ((text == NULL || strstr (text, "takeover_health{host=\"silent\"} 3") == NULL) &&
         g_get_monotonic_time () < deadline);
  g_subprocess_send_signal (process, SIGINT);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("scraped:\n%s\nstdout:\n%s\nstderr:\n%s", text != NULL ? text : "(nothing)",
                  out, err);

  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "HTTP/1.0 200") || g_str_has_prefix (text, "HTTP/1.1 200"));
  g_assert_nonnull (strstr (text, "Content-Type: text/plain; version=0.0.4"));
  g_assert_nonnull (strstr (text, "takeover_health{host=\"silent\"} 3\n"));
  g_assert_nonnull (strstr (text, memory));
  g_assert_nonnull (strstr (text, "# TYPE hardware_ipmi_temperature gauge\n"));
  g_assert_nonnull (strstr (text, ",sensor=\"CPU Temp\"} "));
  g_assert_nonnull (strstr (err, address));
  /* The silent host is unreachable: exit 1, as without --serve. */
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
}

/* Settings that cannot work end the command at once, saying where the secrets come from. */
static void
test_cli_usage (void)
{
  const char *cases[][4] = {
    { "--snmp", "v4", NULL, "v2c or v3" },
    { "--snmp", "v3", NULL, "TAKEOVER_SNMP_AUTH_PASSWORD" },
    { "--snmp", "v2c", NULL, "TAKEOVER_SNMP_COMMUNITY" },
    { "--serve", "127.0.0.1:1", "--once", "--once" },
    { "--rule", "memory=97,90", NULL, "warning at or below its critical level" },
    { "--rule", "cpu=1,2", NULL, "There is no health rule" },
    { "--rule", "memory=90", NULL, "NAME=WARNING,CRITICAL" },
    { "--rule", "disk=80,x", NULL, "disk=80,x" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                           G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *err = NULL;

      g_subprocess_launcher_unsetenv (launcher, "TAKEOVER_SNMP_COMMUNITY");
      g_subprocess_launcher_unsetenv (launcher, "TAKEOVER_SNMP_AUTH_PASSWORD");
      process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("TAKEOVER_CLI"),
                                             "monitor", "/nonexistent.csv", cases[i][0],
                                             cases[i][1], cases[i][2], NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
      g_assert_no_error (error);
      g_test_message ("%s", err);
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
      g_assert_nonnull (strstr (err, cases[i][3]));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/monitor/rounds", test_rounds);
  g_test_add_func ("/monitor/snmp-rounds", test_snmp_rounds);
  g_test_add_func ("/monitor/rules", test_rules);
  g_test_add_func ("/monitor/mute-host", test_mute_host);
  g_test_add_func ("/monitor/watch", test_watch);
  g_test_add_func ("/monitor/load-raises", test_load_raises);
  g_test_add_func ("/monitor/cli-once", test_cli_once);
  g_test_add_func ("/monitor/cli-serve", test_cli_serve);
  g_test_add_func ("/monitor/cli-usage", test_cli_usage);

  return g_test_run ();
}
