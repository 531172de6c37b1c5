/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Probing against the test bed: every field for several hosts, a wrong BMC password, a BMC and
 * an SSH server that never answer (on time, nobody else delayed), a changed SSH host key, the
 * host whose ip lacks -j, cancellation of one host and of a whole run, the CLI, and proof
 * that probing the whole bed sent no chassis command.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "takeover-fleet-probe.h"
#include "takeover-probe-error.h"
#include "takeover-probe-ironic.h"
#include "takeover-test-bed.h"

#define N_HOSTS 6

static GThread *main_thread;

typedef struct
{
  GMainLoop  *loop;
  GHashTable *finished;   /* TakeoverHost -> finish time (gint64 *) */
  GHashTable *errors;     /* TakeoverHost -> GError */
  GHashTable *stages;     /* TakeoverHost -> bitmask of TakeoverProbeStage seen */
  gint64      started;
  gint64      cancelled;
  gssize      answered;
  GError     *error;
  TakeoverFleetProbe *cancel_after_first;
  GCancellable       *cancellable;
} Run;

static TakeoverHost *
bed_host (const char *name)
{
  TakeoverHost *host = takeover_host_new ();
  g_autofree char *bmc = takeover_test_bed_dup_bmc_address (name);
  g_autofree char *mgmt = takeover_test_bed_dup_mgmt_ip (name);

  takeover_host_set_name (host, name);
  takeover_host_set_bmc_address (host, bmc);
  takeover_host_set_bmc_username (host, TAKEOVER_TEST_BED_BMC_USER);
  takeover_host_set_bmc_password (host, TAKEOVER_TEST_BED_BMC_PASSWORD);
  takeover_host_set_bmc_cipher_suite (host, TAKEOVER_TEST_BED_CIPHER_SUITE);
  takeover_host_set_mgmt_ip (host, mgmt);
  takeover_host_set_ssh_username (host, TAKEOVER_TEST_BED_SSH_USER);
  takeover_host_set_ssh_password (host, TAKEOVER_TEST_BED_SSH_PASSWORD);
  return host;
}

static TakeoverHost *
bed_host_index (guint index)
{
  g_autofree char *name = takeover_test_bed_dup_host_name (index);

  return bed_host (name);
}

/* A socket on loopback that never answers: over UDP, a BMC that hangs; over TCP, listening
 * (the kernel completes connections from the backlog), an SSH server that hangs after the
 * connection is made. */
static GSocket *
silent_socket (GSocketType  type,
               guint       *port)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, type,
                                            G_SOCKET_PROTOCOL_DEFAULT, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  if (type == G_SOCKET_TYPE_STREAM)
    g_socket_listen (socket, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return g_steal_pointer (&socket);
}

static GSocket *
silent_udp (guint *port)
{
  return silent_socket (G_SOCKET_TYPE_DATAGRAM, port);
}

/* A host with only a BMC, at @port on loopback, where nothing answers. */
static TakeoverHost *
silent_bmc_host (const char *name,
                 guint       port)
{
  TakeoverHost *host = takeover_host_new ();

  takeover_host_set_name (host, name);
  takeover_host_set_bmc_address (host, "127.0.0.1");
  takeover_host_set_bmc_port (host, port);
  takeover_host_set_bmc_username (host, TAKEOVER_TEST_BED_BMC_USER);
  takeover_host_set_bmc_password (host, TAKEOVER_TEST_BED_BMC_PASSWORD);
  return host;
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_pointer (&run->finished, g_hash_table_unref);
  g_clear_pointer (&run->errors, g_hash_table_unref);
  g_clear_pointer (&run->stages, g_hash_table_unref);
  g_clear_error (&run->error);
  g_clear_object (&run->cancellable);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
host_progress_cb (TakeoverFleetProbe *probe,
                  TakeoverHost       *host,
                  guint               stage,
                  Run                *run)
{
  guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (run->stages, host));

  g_assert_true (g_thread_self () == main_thread);
  g_hash_table_replace (run->stages, host, GUINT_TO_POINTER (seen | (1u << stage)));
}

static void
host_finished_cb (TakeoverFleetProbe  *probe,
                  TakeoverHost        *host,
                  TakeoverProbeResult *result,
                  GError              *error,
                  Run                 *run)
{
  gint64 *when = g_new (gint64, 1);

  g_assert_true (g_thread_self () == main_thread);
  g_assert_true ((result == NULL) != (error == NULL));
  g_assert_false (g_hash_table_contains (run->finished, host));
  *when = g_get_monotonic_time () - run->started;
  g_hash_table_replace (run->finished, host, when);
  if (error != NULL)
    g_hash_table_replace (run->errors, host, g_error_copy (error));
  else
    g_assert_true (takeover_host_get_probe_result (host) == result);

  if (run->cancellable != NULL && g_hash_table_size (run->finished) == 1)
    {
      run->cancelled = g_get_monotonic_time ();
      g_cancellable_cancel (run->cancellable);
    }
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Run *run = user_data;

  run->answered = takeover_fleet_probe_run_finish (TAKEOVER_FLEET_PROBE (object), result,
                                                   &run->error);
  g_main_loop_quit (run->loop);
}

/* Probes @hosts and fills @run; @cancel_after_first cancels the run when a host is done. */
static void
probe_hosts (TakeoverFleetProbe *probe,
             GListModel         *hosts,
             gboolean            cancel_after_first,
             Run                *run)
{
  gulong progress_id, finished_id;

  run->loop = g_main_loop_new (NULL, FALSE);
  run->finished = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  run->errors = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_error_free);
  run->stages = g_hash_table_new (NULL, NULL);
  run->cancellable = cancel_after_first ? g_cancellable_new () : NULL;
  run->started = g_get_monotonic_time ();

  progress_id = g_signal_connect (probe, "host-progress", G_CALLBACK (host_progress_cb), run);
  finished_id = g_signal_connect (probe, "host-finished", G_CALLBACK (host_finished_cb), run);
  takeover_fleet_probe_run_async (probe, hosts, run->cancellable, run_cb, run);
  g_main_loop_run (run->loop);
  g_signal_handler_disconnect (probe, progress_id);
  g_signal_handler_disconnect (probe, finished_id);
}

static GListStore *
store_of (TakeoverHost *first,
          ...)
{
  GListStore *store = g_list_store_new (TAKEOVER_TYPE_HOST);
  TakeoverHost *host;
  va_list ap;

  va_start (ap, first);
  for (host = first; host != NULL; host = va_arg (ap, TakeoverHost *))
    {
      g_list_store_append (store, host);
      g_object_unref (host);
    }
  va_end (ap);
  return store;
}

static TakeoverHost *
host_at (GListStore *store,
         guint       i)
{
  g_autoptr(TakeoverHost) host = g_list_model_get_item (G_LIST_MODEL (store), i);

  return host;    /* the store keeps it alive */
}

static const TakeoverProbeSensor *
find_sensor (const TakeoverProbeResult *result,
             const char                *type,
             const char                *unit)
{
  for (guint i = 0; i < result->sensors->len; i++)
    {
      const TakeoverProbeSensor *sensor = g_ptr_array_index (result->sensors, i);

      if ((type == NULL || g_strcmp0 (sensor->type, type) == 0) &&
          g_strcmp0 (sensor->unit, unit) == 0)
        return sensor;
    }
  return NULL;
}

static void
check_host (TakeoverHost *host,
            GHashTable   *macs,
            GHashTable   *serials)
{
  TakeoverProbeResult *result = takeover_host_get_probe_result (host);
  const char *name = takeover_host_get_name (host);
  const TakeoverProbeNic *mgmt;
  g_autofree char *sensor_file = takeover_test_bed_dup_sensor_path (name,
                                                                     TAKEOVER_TEST_BED_SENSOR_CPU_TEMP);
  g_autofree char *cpu_temp = NULL;
  g_autoptr(JsonObject) properties = NULL;
  g_autoptr(JsonArray) ports = NULL;
  guint n_physical = 0, n_root = 0;
  struct utsname uts;
  GStatBuf st;

  g_assert_nonnull (result);
  g_test_message ("%s: %u problems", name, result->problems->len);
  for (guint i = 0; i < result->problems->len; i++)
    {
      const TakeoverProbeProblem *problem = g_ptr_array_index (result->problems, i);

      g_test_message ("%s: %s: %s", name, problem->part, problem->error->message);
    }
  g_assert_cmpuint (result->problems->len, ==, 0);
  g_assert_true (takeover_probe_result_answered (result));
  g_assert_true (result->ipmi_answered);
  g_assert_true (result->ssh_answered);

  /* IPMI: the bed's chassis are powered on; the BMC reports its own address. */
  g_assert_cmpint (result->power_state, ==, TAKEOVER_POWER_STATE_ON);
  g_assert_nonnull (result->bmc_manufacturer);
  g_assert_cmpuint (result->bmc_manufacturer_id, >, 0);
  g_assert_nonnull (result->bmc_product);
  g_assert_true (g_regex_match_simple ("^[0-9]+\\.[0-9]+$", result->bmc_firmware, 0, 0));
  g_assert_cmpstr (result->bmc_ip, ==, takeover_host_get_bmc_address (host));
  g_assert_true (g_regex_match_simple ("^([0-9a-f]{2}:){5}[0-9a-f]{2}$", result->bmc_mac, 0, 0));
  g_assert_true (g_hash_table_add (macs, g_strdup (result->bmc_mac)));
  g_assert_nonnull (result->fru_vendor);
  g_assert_nonnull (result->fru_product);
  g_assert_nonnull (result->fru_serial);
  g_assert_true (g_hash_table_add (serials, g_strdup (result->fru_serial)));

  /* Every kind of sensor, with a reading, a unit and a state (other tests may push a host's
   * sensors out of range, so any known state will do); the CPU temperature is what the BMC's
   * sensor file says, when the file has not just changed (ipmi_sim reads it every 2 s). */
  g_assert_cmpuint (result->sensors->len, >=, 8);
  g_assert_nonnull (find_sensor (result, "Temperature", "C"));
  g_assert_nonnull (find_sensor (result, "Fan", "RPM"));
  g_assert_nonnull (find_sensor (result, "Voltage", "V"));
  g_assert_nonnull (find_sensor (result, "Current", "A"));
  g_assert_nonnull (find_sensor (result, NULL, "W"));
  for (guint i = 0; i < result->sensors->len; i++)
    {
      const TakeoverProbeSensor *sensor = g_ptr_array_index (result->sensors, i);

      g_assert_nonnull (sensor->name);
      g_assert_true (sensor->has_reading);
      g_assert_true (g_strv_contains ((const char * const []) { "Nominal", "Warning", "Critical",
                                                                 NULL }, sensor->state));
    }
  g_assert_true (g_file_get_contents (sensor_file, &cpu_temp, NULL, NULL));
  g_assert_cmpint (g_stat (sensor_file, &st), ==, 0);
  if (st.st_mtime < time (NULL) - 5)
    g_assert_cmpfloat_with_epsilon (find_sensor (result, "Temperature", "C")->reading,
                                    g_ascii_strtod (cpu_temp, NULL), 1.01);

  /* SSH: the namespace's own hostname, this kernel's architecture, the management NIC. */
  g_assert_cmpstr (result->hostname, ==, name);
  g_assert_cmpuint (result->cpus, >, 0);
  g_assert_nonnull (result->cpu_model);
  g_assert_cmpint (uname (&uts), ==, 0);
  g_assert_cmpstr (result->cpu_arch, ==, uts.machine);
  g_assert_cmpuint (result->memory_mb, >, 0);
  g_assert_nonnull (result->os_name);
  g_assert_nonnull (result->os_version);
  g_assert_true (g_str_has_prefix (result->ssh_fingerprint, "SHA256:"));
  for (guint i = 0; i < result->disks->len; i++)
    {
      const TakeoverProbeDisk *disk = g_ptr_array_index (result->disks, i);

      g_assert_cmpuint (disk->size_bytes, >, 0);
      n_root += disk->root;
    }
  /* One root disk, or none where / is an overlay (a CI container); local_gb is known anyway. */
  g_assert_cmpuint (n_root, <=, 1);
  g_assert_cmpuint (takeover_probe_result_get_root_disk_gb (result), >, 0);

  mgmt = takeover_probe_result_get_mgmt_nic (result);
  g_assert_nonnull (mgmt);
  g_assert_cmpstr (mgmt->name, ==, "eth0");
  g_assert_true (mgmt->link_up);
  g_assert_true (g_str_has_prefix (mgmt->addresses[0], takeover_host_get_mgmt_ip (host)));
  for (guint i = 0; i < result->nics->len; i++)
    {
      const TakeoverProbeNic *nic = g_ptr_array_index (result->nics, i);

      if (!nic->physical)
        continue;
      n_physical++;
      g_assert_true (g_hash_table_add (macs, g_strdup (nic->mac)));
    }
  g_assert_cmpuint (n_physical, ==, 2);

  /* What adoption will send to Ironic. */
  properties = takeover_probe_ironic_properties (result);
  g_assert_cmpint (json_object_get_int_member (properties, "cpus"), ==, result->cpus);
  g_assert_cmpint (json_object_get_int_member (properties, "memory_mb"), ==, result->memory_mb);
  g_assert_cmpint (json_object_get_int_member (properties, "local_gb"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (properties, "cpu_arch"), ==, uts.machine);
  ports = takeover_probe_ironic_ports (result, takeover_host_get_local_link_connections (host));
  g_assert_cmpuint (json_array_get_length (ports), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *port = json_array_get_object_element (ports, i);

      g_assert_cmpint (json_object_get_boolean_member (port, "pxe_enabled"), ==,
                       g_str_equal (json_object_get_string_member (port, "address"), mgmt->mac));
    }
}

/* The inode of @host's SDR cache file, which must exist. */
static guint64
sdr_cache_inode (TakeoverHost *host)
{
  g_autofree char *file = g_strdup_printf ("%s-623.sdr", takeover_host_get_bmc_address (host));
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "takeover", "sdr", file,
                                            NULL);
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  return st.st_ino;
}

static void
test_fields (void)
{
  g_autoptr(TakeoverFleetProbe) probe = NULL;
  g_autoptr(GListStore) hosts = NULL;
  g_autoptr(GHashTable) macs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) serials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *first_fingerprint = NULL;
  guint64 inodes[N_HOSTS];
  g_auto(Run) run = { 0 };
  g_auto(Run) again = { 0 };

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  probe = takeover_fleet_probe_new (N_HOSTS);
  hosts = g_list_store_new (TAKEOVER_TYPE_HOST);
  for (guint i = 1; i <= N_HOSTS; i++)
    {
      g_autoptr(TakeoverHost) host = bed_host_index (i);

      /* Half log in with the bed's key, half with the password. */
      if (i % 2 == 0)
        {
          takeover_host_set_ssh_password (host, NULL);
          takeover_host_set_ssh_key_file (host, takeover_test_bed_get_ssh_key ());
        }
      g_list_store_append (hosts, host);
    }

  probe_hosts (probe, G_LIST_MODEL (hosts), FALSE, &run);
  g_assert_no_error (run.error);
  g_assert_cmpint (run.answered, ==, N_HOSTS);

  for (guint i = 0; i < N_HOSTS; i++)
    {
      TakeoverHost *host = host_at (hosts, i);

      check_host (host, macs, serials);
      /* Every stage was reported on the main thread. */
      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (run.stages, host)), ==,
                        (1u << TAKEOVER_PROBE_STAGE_QUEUED) | (1u << TAKEOVER_PROBE_STAGE_IPMI) |
                        (1u << TAKEOVER_PROBE_STAGE_SSH) | (1u << TAKEOVER_PROBE_STAGE_DONE));
      /* Trust on first use: the key is now in our own known_hosts. */
      g_assert_true (takeover_host_get_probe_result (host)->ssh_key_recorded);
    }

  /* Known now: the second probe records nothing and sees the same key; the SDR comes from
   * the cache. */
  first_fingerprint = g_strdup (takeover_host_get_probe_result (host_at (hosts, 0))->ssh_fingerprint);
  for (guint i = 0; i < N_HOSTS; i++)
    inodes[i] = sdr_cache_inode (host_at (hosts, i));
  probe_hosts (probe, G_LIST_MODEL (hosts), FALSE, &again);
  g_assert_cmpint (again.answered, ==, N_HOSTS);
  g_assert_false (takeover_host_get_probe_result (host_at (hosts, 0))->ssh_key_recorded);
  g_assert_cmpstr (takeover_host_get_probe_result (host_at (hosts, 0))->ssh_fingerprint, ==,
                   first_fingerprint);
  g_assert_cmpuint (takeover_host_get_probe_result (host_at (hosts, 0))->sensors->len, >=, 8);
  /* Each BMC's cache file is the one the first probe wrote: a new download would have put a
   * new file in its place. */
  for (guint i = 0; i < N_HOSTS; i++)
    g_assert_cmpuint (sdr_cache_inode (host_at (hosts, i)), ==, inodes[i]);

  g_clear_object (&hosts);
  g_assert_finalize_object (g_steal_pointer (&probe));
}

static void
test_no_ip_json (void)
{
  g_autoptr(TakeoverFleetProbe) probe = NULL;
  g_autoptr(GListStore) hosts = NULL;
  g_autoptr(GHashTable) macs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) serials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(Run) run = { 0 };

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  probe = takeover_fleet_probe_new (0);
  hosts = store_of (bed_host (TAKEOVER_TEST_BED_HOST_WITHOUT_IP_JSON), NULL);
  probe_hosts (probe, G_LIST_MODEL (hosts), FALSE, &run);
  g_assert_cmpint (run.answered, ==, 1);
  /* Addresses, MACs and the management NIC all came from plain `ip addr`. */
  check_host (host_at (hosts, 0), macs, serials);
}

/* tb-001 runs lldpd behind the bed's switch (the root namespace's lldpd): the probe reads the
 * real neighbour of each NIC through lldpcli, which Debian keeps in /usr/sbin, off an
 * unprivileged login's PATH. tb-005 runs no lldpd. */
static void
test_lldp (void)
{
  g_autoptr(TakeoverFleetProbe) probe = NULL;
  g_autoptr(GListStore) hosts = NULL;
  TakeoverProbeResult *with, *without;
  g_autoptr(JsonArray) ports = NULL;
  guint linked = 0;
  g_auto(Run) run = { 0 };

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  probe = takeover_fleet_probe_new (0);
  hosts = store_of (bed_host ("tb-001"), bed_host ("tb-005"), NULL);
  probe_hosts (probe, G_LIST_MODEL (hosts), FALSE, &run);
  g_assert_cmpint (run.answered, ==, 2);

  with = takeover_host_get_probe_result (host_at (hosts, 0));
  without = takeover_host_get_probe_result (host_at (hosts, 1));
  for (guint i = 0; i < with->nics->len; i++)
    {
      const TakeoverProbeNic *nic = g_ptr_array_index (with->nics, i);

      if (g_str_equal (nic->name, "eth0") || g_str_equal (nic->name, "eth1"))
        {
          g_assert_nonnull (nic->lldp);
          g_assert_cmpstr (nic->lldp->port_id, ==,
                           g_str_equal (nic->name, "eth0") ? "tbv-001" : "tbw-001");
          g_assert_cmpstr (nic->lldp->switch_info, ==, "tb-switch");
          g_assert_cmpstr (nic->lldp->switch_id, ==, TAKEOVER_TEST_BED_SWITCH_ID);
          linked++;
        }
    }
  g_assert_cmpuint (linked, ==, 2);

  /* What Ironic gets: each port says where it is plugged. */
  ports = takeover_probe_ironic_ports (with, NULL);
  for (guint i = 0; i < json_array_get_length (ports); i++)
    {
      JsonObject *port = json_array_get_object_element (ports, i);
      JsonObject *link = json_object_get_object_member (port, "local_link_connection");

      g_assert_nonnull (link);
      g_assert_cmpstr (json_object_get_string_member (link, "switch_id"), ==,
                       TAKEOVER_TEST_BED_SWITCH_ID);
      g_assert_cmpstr (json_object_get_string_member (link, "switch_info"), ==, "tb-switch");
      g_assert_true (g_str_has_prefix (json_object_get_string_member (link, "port_id"), "tb"));
    }
  g_assert_cmpuint (json_array_get_length (ports), ==, 2);
  for (guint i = 0; i < without->nics->len; i++)
    g_assert_null (((const TakeoverProbeNic *) g_ptr_array_index (without->nics, i))->lldp);
}

static void
test_wrong_password (void)
{
  g_autoptr(TakeoverFleetProbe) probe = NULL;
  g_autoptr(GListStore) hosts = NULL;
  TakeoverProbeResult *bmc_wrong, *ssh_wrong;
  const GError *error;
  g_auto(Run) run = { 0 };

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  probe = takeover_fleet_probe_new (0);
  hosts = store_of (bed_host_index (4), bed_host_index (5), NULL);
  takeover_host_set_bmc_password (host_at (hosts, 0), "not-the-password");
  takeover_host_set_ssh_password (host_at (hosts, 1), "not-the-password");
  probe_hosts (probe, G_LIST_MODEL (hosts), FALSE, &run);
  g_assert_no_error (run.error);
  g_assert_cmpint (run.answered, ==, 0);

  /* The BMC refused; the OS still answered. */
  bmc_wrong = takeover_host_get_probe_result (host_at (hosts, 0));
  error = takeover_probe_result_get_problem (bmc_wrong, "ipmi");
  g_assert_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_BAD_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, takeover_host_get_bmc_address (host_at (hosts, 0))));
  g_assert_false (bmc_wrong->ipmi_answered);
  g_assert_true (bmc_wrong->ssh_answered);
  g_assert_cmpstr (bmc_wrong->hostname, ==, "tb-004");

  ssh_wrong = takeover_host_get_probe_result (host_at (hosts, 1));
  g_assert_error (takeover_probe_result_get_problem (ssh_wrong, "ssh"),
                  TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_BAD_CREDENTIALS);
  g_assert_true (ssh_wrong->ipmi_answered);
  g_assert_cmpint (ssh_wrong->power_state, ==, TAKEOVER_POWER_STATE_ON);
}

static void
test_cipher_suite_zero (void)
{
  g_autoptr(TakeoverFleetProbe) probe = NULL;
  g_autoptr(GListStore) hosts = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) insisted = { 0 };

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  probe = takeover_fleet_probe_new (0);
  hosts = store_of (bed_host_index (1), NULL);
  takeover_host_set_bmc_cipher_suite (host_at (hosts, 0), 0);
  takeover_host_set_mgmt_ip (host_at (hosts, 0), NULL);
  probe_hosts (probe, G_LIST_MODEL (hosts), FALSE, &run);
  g_assert_error (takeover_probe_result_get_problem (takeover_host_get_probe_result (host_at (hosts, 0)),
                                                     "ipmi"),
                  TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_REFUSED);
  g_assert_false (takeover_host_get_probe_result (host_at (hosts, 0))->ipmi_answered);

  /* Insisting, the operator gets it: the bed's BMCs accept suite 0. */
  takeover_fleet_probe_set_insist_cipher_suite_zero (probe, TRUE);
  probe_hosts (probe, G_LIST_MODEL (hosts), FALSE, &insisted);
  g_assert_cmpint (insisted.answered, ==, 1);
  g_assert_cmpint (takeover_host_get_probe_result (host_at (hosts, 0))->power_state, ==,
                   TAKEOVER_POWER_STATE_ON);
}

/* The bed's BMCs offer cipher suite 3 only (OpenIPMI's ipmi_sim has no HMAC-SHA256): asked
 * for suite 17, the probe says the BMC does not offer it, not that something failed. */
static void
test_cipher_suite_unoffered (void)
{
  g_autoptr(TakeoverFleetProbe) probe = NULL;
  g_autoptr(GListStore) hosts = NULL;
  TakeoverProbeResult *result;
  const GError *error;
  g_auto(Run) run = { 0 };

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  probe = takeover_fleet_probe_new (0);
  hosts = store_of (bed_host_index (3), NULL);
  takeover_host_set_bmc_cipher_suite (host_at (hosts, 0), 17);
  probe_hosts (probe, G_LIST_MODEL (hosts), FALSE, &run);
  g_assert_cmpint (run.answered, ==, 0);

  result = takeover_host_get_probe_result (host_at (hosts, 0));
  error = takeover_probe_result_get_problem (result, "ipmi");
  g_test_message ("%s", error != NULL ? error->message : "no error");
  g_assert_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, takeover_host_get_bmc_address (host_at (hosts, 0))));
  g_assert_nonnull (strstr (error->message, "cipher suite 17"));
  g_assert_false (result->ipmi_answered);
  /* The OS still answered. */
  g_assert_true (result->ssh_answered);
}

/* A BMC and an SSH server that never answer time out when their timeout ends, while the
 * bed's hosts probed beside them finish long before. */
static void
test_no_answer (void)
{
  g_autoptr(TakeoverFleetProbe) probe = NULL;
  g_autoptr(GListStore) hosts = NULL;
  g_autoptr(GSocket) udp = NULL;
  g_autoptr(GSocket) tcp = NULL;
  g_autoptr(TakeoverHost) silent_bmc = NULL;
  g_autoptr(TakeoverHost) silent_ssh = takeover_host_new ();
  const guint timeout_ms = 5000;
  guint udp_port, tcp_port;
  g_auto(Run) run = { 0 };

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  udp = silent_udp (&udp_port);
  tcp = silent_socket (G_SOCKET_TYPE_STREAM, &tcp_port);
  silent_bmc = silent_bmc_host ("silent-bmc", udp_port);
  takeover_host_set_name (silent_ssh, "silent-ssh");
  takeover_host_set_mgmt_ip (silent_ssh, "127.0.0.1");
  takeover_host_set_ssh_port (silent_ssh, tcp_port);
  takeover_host_set_ssh_username (silent_ssh, "hwprobe");
  takeover_host_set_ssh_password (silent_ssh, "probe-pass");

  probe = takeover_fleet_probe_new (0);
  takeover_fleet_probe_set_timeout_ms (probe, timeout_ms);
  hosts = store_of (g_object_ref (silent_bmc), g_object_ref (silent_ssh), bed_host_index (1),
                    bed_host_index (2), bed_host_index (3), bed_host_index (4), NULL);
  probe_hosts (probe, G_LIST_MODEL (hosts), FALSE, &run);
  g_assert_cmpint (run.answered, ==, 4);

  /* Timed by the worker, which a loaded machine delays less than the main loop's delivery. */
  for (guint i = 0; i < 2; i++)
    {
      TakeoverProbeResult *result = takeover_host_get_probe_result (host_at (hosts, i));
      const GError *error = takeover_probe_result_get_problem (result, i == 0 ? "ipmi" : "ssh");

      g_test_message ("%s timed out after %.2f s", result->name, result->seconds);
      g_assert_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_TIMEOUT);
      g_assert_cmpfloat (result->seconds, >=, (timeout_ms - 100) / 1000.0);
      g_assert_cmpfloat (result->seconds, <=, (timeout_ms + 1000) / 1000.0);
    }
  /* The others did not wait for the silent ones: they were done first. */
  for (guint i = 2; i < 6; i++)
    {
      gint64 elapsed = *(gint64 *) g_hash_table_lookup (run.finished, host_at (hosts, i));

      g_assert_true (takeover_probe_result_answered (takeover_host_get_probe_result (host_at (hosts, i))));
      for (guint silent = 0; silent < 2; silent++)
        g_assert_cmpint (elapsed, <,
                         *(gint64 *) g_hash_table_lookup (run.finished, host_at (hosts, silent)));
    }
}

/* The app's known_hosts says another key for tb-002: the probe refuses it and records
 * nothing over it. */
static void
test_host_key_changed (void)
{
  g_autoptr(TakeoverFleetProbe) probe = NULL;
  g_autoptr(GListStore) hosts = NULL;
  g_autofree char *known_hosts = g_build_filename (g_get_user_data_dir (), "takeover",
                                                   "known_hosts", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *forged = NULL;
  g_autofree char *after = NULL;
  g_autofree char *mgmt1 = takeover_test_bed_dup_mgmt_ip ("tb-001");
  g_autofree char *mgmt2 = takeover_test_bed_dup_mgmt_ip ("tb-002");
  g_auto(GStrv) lines = NULL;
  TakeoverProbeResult *result;
  const GError *error;
  g_auto(Run) first = { 0 };
  g_auto(Run) second = { 0 };

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  probe = takeover_fleet_probe_new (0);
  hosts = store_of (bed_host ("tb-001"), NULL);
  probe_hosts (probe, G_LIST_MODEL (hosts), FALSE, &first);
  g_assert_cmpint (first.answered, ==, 1);

  /* tb-001's key, recorded on first use, written down as tb-002's. */
  g_assert_true (g_file_get_contents (known_hosts, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], mgmt1));
  forged = g_strconcat (mgmt2, lines[0] + strlen (mgmt1), "\n", NULL);
  g_assert_true (g_file_set_contents (known_hosts, forged, -1, NULL));

  g_clear_object (&hosts);
  hosts = store_of (bed_host ("tb-002"), NULL);
  probe_hosts (probe, G_LIST_MODEL (hosts), FALSE, &second);
  g_assert_cmpint (second.answered, ==, 0);
  result = takeover_host_get_probe_result (host_at (hosts, 0));
  error = takeover_probe_result_get_problem (result, "ssh");
  g_assert_error (error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_HOST_KEY_CHANGED);
  g_assert_nonnull (strstr (error->message, result->ssh_fingerprint));
  g_assert_nonnull (strstr (error->message, known_hosts));
  g_assert_false (result->ssh_answered);
  g_assert_null (result->hostname);
  /* The BMC part is unaffected. */
  g_assert_true (result->ipmi_answered);

  g_assert_true (g_file_get_contents (known_hosts, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, forged);
}

static void
pool_probe_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  TakeoverProbeResult **probed = user_data;
  g_autoptr(GError) error = NULL;

  *probed = takeover_probe_pool_probe_finish (TAKEOVER_PROBE_POOL (object), result, &error);
  g_assert_no_error (error);
}

static TakeoverProbeResult *
pool_probe (TakeoverProbeRequest *request)
{
  g_autoptr(TakeoverProbePool) pool = takeover_probe_pool_new (1);
  TakeoverProbeResult *result = NULL;

  takeover_probe_pool_probe_async (pool, request, NULL, NULL, NULL, NULL, pool_probe_cb,
                                   &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return result;
}

/* Without trust on first use, an unknown key is refused; the bed's OpenSSH known_hosts (as
 * ssh-keyscan writes it, ed25519 and ecdsa lines) vouches for it. */
static void
test_known_hosts_file (void)
{
  g_autoptr(TakeoverFleetProbe) probe = NULL;
  g_autoptr(TakeoverHost) host = NULL;
  g_autoptr(TakeoverProbeRequest) request = NULL;
  g_autoptr(TakeoverProbeResult) unknown = NULL;
  g_autoptr(TakeoverProbeResult) known = NULL;
  g_autofree char *app_file = g_build_filename (g_get_user_data_dir (), "takeover", "known_hosts",
                                                NULL);

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  probe = takeover_fleet_probe_new (0);
  host = bed_host ("tb-006");
  request = takeover_fleet_probe_request_for_host (probe, host);
  request->ssh_no_trust_on_first_use = TRUE;

  unknown = pool_probe (request);
  g_assert_error (takeover_probe_result_get_problem (unknown, "ssh"), TAKEOVER_PROBE_ERROR,
                  TAKEOVER_PROBE_ERROR_HOST_KEY_UNKNOWN);
  g_assert_false (g_file_test (app_file, G_FILE_TEST_EXISTS));

  request->ssh_known_hosts = g_strdup (takeover_test_bed_get_ssh_known_hosts ());
  known = pool_probe (request);
  g_assert_true (takeover_probe_result_answered (known));
  g_assert_cmpstr (known->hostname, ==, "tb-006");
  g_assert_false (known->ssh_key_recorded);
  g_assert_cmpstr (known->ssh_fingerprint, ==, unknown->ssh_fingerprint);
  g_assert_false (g_file_test (app_file, G_FILE_TEST_EXISTS));
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until *pointer is NULL (an object finalized), for at most
 * @seconds: the pool lives until its workers have ended. */
static void
wait_for_finalize (gpointer *pointer,
                   guint     seconds)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (seconds, timeout_cb, &expired);

  while (*pointer != NULL && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (*pointer);
  if (!expired)
    g_source_remove (id);
}

/* The datagrams a silent BMC's socket received. */
static guint
count_datagrams (GSocket *socket)
{
  guint n = 0;
  char buffer[512];

  g_socket_set_blocking (socket, FALSE);
  while (g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL) > 0)
    n++;
  return n;
}

/* A silent BMC gets the first request and as many retransmissions as asked for within the
 * timeout, which ends on time. */
static void
test_retries (void)
{
  const guint timeout_ms = 2000;
  const guint retries[] = { 1, 4 };

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (retries); i++)
    {
      g_autoptr(TakeoverFleetProbe) probe = takeover_fleet_probe_new (0);
      g_autoptr(TakeoverHost) silent = NULL;
      g_autoptr(GListStore) hosts = NULL;
      g_autoptr(GSocket) udp = NULL;
      TakeoverProbeResult *result;
      guint udp_port;
      g_auto(Run) run = { 0 };

      udp = silent_udp (&udp_port);
      silent = silent_bmc_host ("silent", udp_port);
      takeover_fleet_probe_set_timeout_ms (probe, timeout_ms);
      takeover_fleet_probe_set_retries (probe, retries[i]);
      hosts = store_of (g_object_ref (silent), NULL);
      probe_hosts (probe, G_LIST_MODEL (hosts), FALSE, &run);

      result = takeover_host_get_probe_result (silent);
      g_test_message ("%u retries: %.2f s", retries[i], result->seconds);
      g_assert_error (takeover_probe_result_get_problem (result, "ipmi"), TAKEOVER_PROBE_ERROR,
                      TAKEOVER_PROBE_ERROR_TIMEOUT);
      g_assert_cmpfloat (result->seconds, >=, (timeout_ms - 100) / 1000.0);
      g_assert_cmpfloat (result->seconds, <=, (timeout_ms + 1000) / 1000.0);
      /* The first request, the retransmissions, and one more that FreeIPMI sends as the
       * timeout ends, which nothing could answer in time. */
      g_assert_cmpuint (count_datagrams (udp), ==, retries[i] + 2);
    }
}

/* Cancelling a run mid-way returns at once, even with a BMC that would hang for long; the
 * workers wind down and the pool goes away. */
static void
test_cancel_run (void)
{
  g_autoptr(TakeoverFleetProbe) probe = NULL;
  g_autoptr(GListStore) hosts = NULL;
  g_autoptr(GSocket) udp = NULL;
  g_autoptr(TakeoverHost) silent = NULL;
  gpointer pool;
  guint n_hosts, udp_port, n_results = 0;
  gint64 returned_after;
  g_auto(Run) run = { 0 };

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  n_hosts = MIN (takeover_test_bed_get_n_hosts (), 20);
  udp = silent_udp (&udp_port);
  silent = silent_bmc_host ("silent", udp_port);

  probe = takeover_fleet_probe_new (3);
  takeover_fleet_probe_set_timeout_ms (probe, 8000);
  hosts = store_of (g_object_ref (silent), NULL);
  for (guint i = 1; i <= n_hosts; i++)
    {
      g_autoptr(TakeoverHost) host = bed_host_index (i);

      g_list_store_append (hosts, host);
    }

  probe_hosts (probe, G_LIST_MODEL (hosts), TRUE, &run);
  returned_after = g_get_monotonic_time () - run.cancelled;
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (run.answered, ==, -1);
  /* Every host finished, most of them cancelled, at once rather than after the silent BMC's
   * 8 s. */
  g_assert_cmpuint (g_hash_table_size (run.finished), ==, n_hosts + 1);
  g_assert_cmpint (returned_after, <, G_USEC_PER_SEC);
  g_assert_error ((GError *) g_hash_table_lookup (run.errors, silent), G_IO_ERROR,
                  G_IO_ERROR_CANCELLED);
  for (guint i = 1; i <= n_hosts; i++)
    n_results += takeover_host_get_probe_result (host_at (hosts, i)) != NULL;
  g_assert_cmpuint (n_results, >=, 1);
  g_assert_cmpuint (n_results, <, n_hosts);
  g_assert_cmpuint (g_hash_table_size (run.errors), ==, n_hosts + 1 - n_results);

  pool = takeover_fleet_probe_get_pool (probe);
  g_object_add_weak_pointer (pool, &pool);
  g_clear_object (&hosts);
  g_assert_finalize_object (g_steal_pointer (&probe));
  /* The silent BMC's worker ends when its 8 s are up; the bed's hosts far sooner. */
  wait_for_finalize (&pool, 12);
}

static void
probe_host_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(TakeoverProbeResult) probed = NULL;
  GError *error = NULL;

  probed = takeover_fleet_probe_probe_host_finish (TAKEOVER_FLEET_PROBE (object), result, &error);
  if (error != NULL)
    g_hash_table_replace (run->errors, GINT_TO_POINTER (1), error);
  else
    run->answered++;
  if (g_hash_table_size (run->finished) == 2)
    g_main_loop_quit (run->loop);
}

/* Cancelling one host leaves the others going. */
static void
test_cancel_host (void)
{
  g_autoptr(TakeoverFleetProbe) probe = NULL;
  g_autoptr(TakeoverHost) silent = NULL;
  g_autoptr(TakeoverHost) host = NULL;
  g_autoptr(GSocket) udp = NULL;
  guint udp_port;
  g_auto(Run) run = { 0 };

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  udp = silent_udp (&udp_port);
  silent = silent_bmc_host ("silent", udp_port);
  host = bed_host_index (6);

  probe = takeover_fleet_probe_new (0);
  takeover_fleet_probe_set_timeout_ms (probe, 3000);
  run.loop = g_main_loop_new (NULL, FALSE);
  run.finished = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  run.errors = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_error_free);
  run.stages = g_hash_table_new (NULL, NULL);
  run.started = g_get_monotonic_time ();
  g_signal_connect (probe, "host-finished", G_CALLBACK (host_finished_cb), &run);

  takeover_fleet_probe_probe_host_async (probe, silent, NULL, probe_host_cb, &run);
  takeover_fleet_probe_probe_host_async (probe, host, NULL, probe_host_cb, &run);
  takeover_fleet_probe_cancel_host (probe, silent);
  g_main_loop_run (run.loop);

  g_assert_cmpint (run.answered, ==, 1);
  g_assert_error ((GError *) g_hash_table_lookup (run.errors, GINT_TO_POINTER (1)), G_IO_ERROR,
                  G_IO_ERROR_CANCELLED);
  g_assert_cmpint (*(gint64 *) g_hash_table_lookup (run.finished, silent), <,
                   G_USEC_PER_SEC / 2);
  g_assert_null (takeover_host_get_probe_result (silent));
  g_assert_true (takeover_probe_result_answered (takeover_host_get_probe_result (host)));
}

/* Login through ssh-agent: no password, no key file, just the agent holding the bed's key. */
static void
test_agent (void)
{
  g_autofree char *socket_path = g_build_filename (g_get_user_runtime_dir (), "agent.sock", NULL);
  g_autoptr(GSubprocess) agent = NULL;
  g_autoptr(GSubprocess) add = NULL;
  g_autoptr(TakeoverFleetProbe) probe = NULL;
  g_autoptr(GListStore) hosts = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  g_mkdir_with_parents (g_get_user_runtime_dir (), 0700);
  /* The agent prints shell commands on stdout, which would break the TAP stream. */
  agent = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, "ssh-agent", "-D", "-a",
                            socket_path, NULL);
  g_assert_no_error (error);
  for (guint i = 0; i < 100 && !g_file_test (socket_path, G_FILE_TEST_EXISTS); i++)
    g_usleep (20 * 1000);
  g_assert_true (g_file_test (socket_path, G_FILE_TEST_EXISTS));
  g_setenv ("SSH_AUTH_SOCK", socket_path, TRUE);
  add = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, "ssh-add",
                          takeover_test_bed_get_ssh_key (), NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (add, NULL, &error);
  g_assert_no_error (error);

  probe = takeover_fleet_probe_new (0);
  hosts = store_of (bed_host_index (5), NULL);
  takeover_host_set_ssh_password (host_at (hosts, 0), NULL);
  probe_hosts (probe, G_LIST_MODEL (hosts), FALSE, &run);

  g_unsetenv ("SSH_AUTH_SOCK");
  g_subprocess_force_exit (agent);
  g_subprocess_wait (agent, NULL, NULL);

  g_assert_cmpint (run.answered, ==, 1);
  g_assert_cmpstr (takeover_host_get_probe_result (host_at (hosts, 0))->hostname, ==, "tb-005");
}

/* Runs the CLI with its own HOME and XDG directories; returns its exit status. */
static int
run_cli (char       **out,
         char       **err,
         const char  *first_arg,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (char *) g_getenv ("TAKEOVER_CLI"));
  g_ptr_array_add (argv, "probe");
  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  /* G_TEST_OPTION_ISOLATE_DIRS already points these at this test's own directory. */
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

/* takeover-cli probe of the whole bed answers for every host, and afterwards the chassis
 * logs hold nothing the probe sent. */
static void
test_cli_whole_bed_read_only (void)
{
  g_autofree char *logs_before = NULL;
  g_autofree char *logs_after = NULL;
  g_autoptr(GHashTable) hostnames = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) macs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  guint n_hosts;
  int status;

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  n_hosts = takeover_test_bed_get_n_hosts ();
  logs_before = takeover_test_bed_dup_chassis_logs ();

  /* A generous timeout: this checks answers, not speed, on a machine other tests load too. */
  status = run_cli (&out, &err, takeover_test_bed_get_hosts_csv (), "--json",
                    "--concurrency", "64", "--timeout", "30", NULL);
  g_test_message ("stderr: %s", err);
  g_assert_cmpint (status, ==, 0);

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, n_hosts);
  for (guint i = 0; i < n_hosts; i++)
    {
      JsonObject *host = json_array_get_object_element (array, i);
      JsonObject *facts = json_object_get_object_member (host, "facts");
      JsonObject *ironic = json_object_get_object_member (host, "ironic");
      JsonArray *ports = json_object_get_array_member (ironic, "ports");

      g_assert_true (json_object_get_boolean_member (host, "answered"));
      g_assert_cmpstr (json_object_get_string_member (host, "power_state"), !=, NULL);
      g_assert_nonnull (json_object_get_object_member (host, "bmc"));
      g_assert_nonnull (json_object_get_object_member (host, "fru"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (host, "sensors")),
                        >=, 8);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (host, "errors")),
                        ==, 0);
      g_assert_true (g_hash_table_add (hostnames,
                                       (char *) json_object_get_string_member (facts, "hostname")));
      g_assert_cmpuint (json_array_get_length (ports), ==, 2);
      for (guint p = 0; p < 2; p++)
        g_assert_true (g_hash_table_add (macs, (char *) json_object_get_string_member (
                                           json_array_get_object_element (ports, p), "address")));
    }

  /* Proof of read-only: no chassis log holds a command. The bed's chassis hosts are left
   * out: other tests command them on purpose, perhaps at this very moment. */
  logs_after = takeover_test_bed_dup_chassis_logs ();
  g_assert_cmpstr (logs_after, ==, logs_before);
  g_assert_cmpstr (logs_after, ==, "");
}

/* Failures make the exit status 1 and are named per host. */
static void
test_cli_failures (void)
{
  g_autofree char *csv = g_build_filename (g_get_user_data_dir (), "failing.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *bmc1 = takeover_test_bed_dup_bmc_address ("tb-001");
  g_autofree char *bmc2 = takeover_test_bed_dup_bmc_address ("tb-002");
  g_autofree char *mgmt1 = takeover_test_bed_dup_mgmt_ip ("tb-001");
  g_autofree char *mgmt2 = takeover_test_bed_dup_mgmt_ip ("tb-002");
  g_autofree char *mgmt3 = takeover_test_bed_dup_mgmt_ip ("tb-003");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GSocket) udp = NULL;
  guint udp_port;
  int status;

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  udp = silent_udp (&udp_port);
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  contents = g_strdup_printf ("name,ipmi_address,ipmi_port,ipmi_username,ipmi_password,mgmt_ip,"
                              "ssh_port,ssh_username,ssh_password,ssh_key\n"
                              "tb-001,%s,623,admin,password,%s,22,hwprobe,probe-pass,\n"
                              "wrongpass,%s,623,admin,wrong,%s,22,hwprobe,probe-pass,\n"
                              "silent,127.0.0.1,%u,admin,password,%s,22,hwprobe,probe-pass,\n",
                              bmc1, mgmt1, bmc2, mgmt2, udp_port, mgmt3);
  g_assert_true (g_file_set_contents (csv, contents, -1, NULL));

  /* Out of range: a usage error, before anything is probed. */
  g_assert_cmpint (run_cli (&out, &err, csv, "--retries", "0", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--retries from 1 to 10"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = run_cli (&out, &err, csv, "--timeout", "4", "--retries", "3", NULL);
  g_test_message ("stdout:\n%s\nstderr:\n%s", out, err);
  g_assert_cmpint (status, ==, 1);
  g_assert_true (g_regex_match_simple ("^tb-001 .* ok$", out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^wrongpass .* ipmi: bad-credentials$", out,
                                       G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^silent .* ipmi: timeout$", out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^silent: ipmi: timeout: .*did not answer within 4 s$",
                                       err, G_REGEX_MULTILINE, 0));
  /* Trust on first use shows what it trusted. */
  g_assert_true (g_regex_match_simple ("^tb-001: new SSH host key SHA256:[A-Za-z0-9+/]{43}, "
                                       "recorded as known$", err, G_REGEX_MULTILINE, 0));
  g_assert_nonnull (strstr (out, "1 of 3 hosts answered"));
}

/* --known-hosts-only: a server whose key no known_hosts file holds fails its probe, and
 * nothing is recorded; without it, the same server is trusted on first use. */
static void
test_cli_known_hosts_only (void)
{
  g_autofree char *csv = g_build_filename (g_get_user_data_dir (), "one.csv", NULL);
  g_autofree char *app_file = g_build_filename (g_get_user_data_dir (), "takeover", "known_hosts",
                                                NULL);
  g_autofree char *contents = NULL;
  g_autofree char *bmc = takeover_test_bed_dup_bmc_address ("tb-001");
  g_autofree char *mgmt = takeover_test_bed_dup_mgmt_ip ("tb-001");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  contents = g_strdup_printf ("name,ipmi_address,ipmi_username,ipmi_password,mgmt_ip,"
                              "ssh_username,ssh_password\n"
                              "tb-001,%s,admin,password,%s,hwprobe,probe-pass\n", bmc, mgmt);
  g_assert_true (g_file_set_contents (csv, contents, -1, NULL));

  status = run_cli (&out, &err, csv, "--known-hosts-only", "--timeout", "30", NULL);
  g_test_message ("stdout:\n%s\nstderr:\n%s", out, err);
  g_assert_cmpint (status, ==, 1);
  g_assert_true (g_regex_match_simple ("^tb-001 .* ssh: host-key-unknown$", out,
                                       G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^tb-001: ssh: host-key-unknown: The SSH host key of .* "
                                       "is not in ", err, G_REGEX_MULTILINE, 0));
  g_assert_false (g_file_test (app_file, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = run_cli (&out, &err, csv, "--timeout", "30", NULL);
  g_test_message ("stdout:\n%s\nstderr:\n%s", out, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (app_file, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  main_thread = g_thread_self ();

  g_test_add_func ("/probe/bed/fields", test_fields);
  g_test_add_func ("/probe/bed/no-ip-json", test_no_ip_json);
  g_test_add_func ("/probe/bed/lldp", test_lldp);
  g_test_add_func ("/probe/bed/wrong-password", test_wrong_password);
  g_test_add_func ("/probe/bed/cipher-suite-zero", test_cipher_suite_zero);
  g_test_add_func ("/probe/bed/cipher-suite-unoffered", test_cipher_suite_unoffered);
  g_test_add_func ("/probe/bed/agent", test_agent);
  g_test_add_func ("/probe/bed/no-answer", test_no_answer);
  g_test_add_func ("/probe/bed/host-key-changed", test_host_key_changed);
  g_test_add_func ("/probe/bed/known-hosts-file", test_known_hosts_file);
  g_test_add_func ("/probe/bed/cli-known-hosts-only", test_cli_known_hosts_only);
  g_test_add_func ("/probe/bed/retries", test_retries);
  g_test_add_func ("/probe/bed/cancel-run", test_cancel_run);
  g_test_add_func ("/probe/bed/cancel-host", test_cancel_host);
  g_test_add_func ("/probe/bed/cli-whole-bed-read-only", test_cli_whole_bed_read_only);
  g_test_add_func ("/probe/bed/cli-failures", test_cli_failures);

  return g_test_run ();
}
