/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The pool and the fleet probe without the test bed: a host becomes a plain request, a result
 * lands on its host with LLDP seeding the switch ports the operator left unset, a request
 * without addresses is refused, and a BMC that never answers (a loopback UDP socket nobody
 * reads) times out on time, reporting each stage on the main thread, while a queued host
 * behind it can be cancelled at once.
 */
#include "config.h"

#include "takeover-fleet-probe.h"
#include "takeover-probe-error.h"

static GThread *main_thread;

static TakeoverHost *
full_host (void)
{
  TakeoverHost *host = takeover_host_new ();

  takeover_host_set_name (host, "db-17");
  takeover_host_set_bmc_address (host, "10.0.0.17");
  takeover_host_set_bmc_port (host, 6230);
  takeover_host_set_bmc_username (host, "root");
  takeover_host_set_bmc_password (host, "calvin");
  takeover_host_set_bmc_cipher_suite (host, 17);
  takeover_host_set_bmc_privilege (host, TAKEOVER_PRIVILEGE_OPERATOR);
  takeover_host_set_mgmt_ip (host, "10.1.0.17");
  takeover_host_set_ssh_port (host, 2222);
  takeover_host_set_ssh_username (host, "ops");
  takeover_host_set_ssh_password (host, "secret");
  takeover_host_set_ssh_key_file (host, "/home/ops/.ssh/id_ed25519");
  return host;
}

static void
test_request (void)
{
  g_autoptr(TakeoverFleetProbe) probe = takeover_fleet_probe_new (0);
  g_autoptr(TakeoverHost) host = full_host ();
  g_autoptr(TakeoverProbeRequest) request = NULL;
  g_autoptr(TakeoverProbeRequest) copy = NULL;

  g_assert_cmpuint (takeover_probe_pool_get_concurrency (takeover_fleet_probe_get_pool (probe)),
                    ==, TAKEOVER_PROBE_POOL_DEFAULT_CONCURRENCY);
  g_assert_cmpuint (takeover_fleet_probe_get_retries (probe), ==, TAKEOVER_PROBE_DEFAULT_RETRIES);
  takeover_fleet_probe_set_timeout_ms (probe, 4500);
  takeover_fleet_probe_set_retries (probe, 5);
  takeover_fleet_probe_set_insist_cipher_suite_zero (probe, TRUE);
  request = takeover_fleet_probe_request_for_host (probe, host);
  copy = takeover_probe_request_copy (request);

  g_assert_cmpstr (copy->name, ==, "db-17");
  g_assert_cmpstr (copy->bmc_address, ==, "10.0.0.17");
  g_assert_cmpuint (copy->bmc_port, ==, 6230);
  g_assert_cmpstr (copy->bmc_username, ==, "root");
  g_assert_cmpstr (copy->bmc_password, ==, "calvin");
  g_assert_cmpuint (copy->bmc_cipher_suite, ==, 17);
  g_assert_cmpuint (copy->bmc_privilege, ==, 3);
  g_assert_cmpuint (copy->bmc_timeout_ms, ==, 4500);
  g_assert_cmpuint (copy->bmc_retries, ==, 5);
  g_assert_true (copy->bmc_insist_cipher_suite);
  g_assert_cmpstr (copy->mgmt_ip, ==, "10.1.0.17");
  g_assert_cmpuint (copy->ssh_port, ==, 2222);
  g_assert_cmpstr (copy->ssh_username, ==, "ops");
  g_assert_cmpstr (copy->ssh_password, ==, "secret");
  g_assert_cmpstr (copy->ssh_key_file, ==, "/home/ops/.ssh/id_ed25519");
  g_assert_cmpuint (copy->ssh_timeout_ms, ==, 4500);
  /* A copy owns its strings. */
  g_assert_true (copy->bmc_password != request->bmc_password);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static TakeoverProbeNic *
add_nic (TakeoverProbeResult *result,
         const char          *mac,
         const char          *port_id)
{
  TakeoverProbeNic *nic = g_new0 (TakeoverProbeNic, 1);

  nic->name = g_strdup (mac);
  nic->mac = g_strdup (mac);
  nic->addresses = g_new0 (char *, 1);
  nic->physical = TRUE;
  if (port_id != NULL)
    {
      nic->lldp = g_new0 (TakeoverProbeLink, 1);
      nic->lldp->switch_id = g_strdup ("00:1c:73:00:00:01");
      nic->lldp->port_id = g_strdup (port_id);
    }
  g_ptr_array_add (result->nics, nic);
  return nic;
}

static void
test_apply_result (void)
{
  g_autoptr(TakeoverHost) host = full_host ();
  g_autoptr(TakeoverProbeResult) result = takeover_probe_result_new ("db-17");
  g_autoptr(JsonObject) edits = json_object_new ();
  g_autoptr(JsonObject) edited = json_object_new ();
  JsonObject *connections;
  guint n_results = 0, n_connections = 0;

  add_nic (result, "b4:96:91:00:00:01", "Ethernet1");
  add_nic (result, "b4:96:91:00:00:02", "Ethernet2");
  add_nic (result, "b4:96:91:00:00:03", NULL);

  /* The operator already set eno2's switch port: LLDP must not overwrite it. */
  json_object_set_string_member (edited, "port_id", "Ethernet42");
  json_object_set_object_member (edits, "b4:96:91:00:00:02", g_steal_pointer (&edited));
  takeover_host_set_local_link_connections (host, edits);

  g_signal_connect (host, "notify::probe-result", G_CALLBACK (notify_cb), &n_results);
  g_signal_connect (host, "notify::local-link-connections", G_CALLBACK (notify_cb),
                    &n_connections);
  takeover_fleet_probe_apply_result (host, result);

  g_assert_true (takeover_host_get_probe_result (host) == result);
  g_assert_cmpuint (n_results, ==, 1);
  g_assert_cmpuint (n_connections, ==, 1);
  connections = takeover_host_get_local_link_connections (host);
  g_assert_cmpuint (json_object_get_size (connections), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (connections,
                                                                                   "b4:96:91:00:00:01"),
                                                  "port_id"), ==, "Ethernet1");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (connections,
                                                                                   "b4:96:91:00:00:02"),
                                                  "port_id"), ==, "Ethernet42");
  /* The operator's object was not modified behind their back. */
  g_assert_cmpuint (json_object_get_size (edits), ==, 1);

  /* Again: nothing new to seed, nothing notified. */
  takeover_fleet_probe_apply_result (host, result);
  g_assert_cmpuint (n_connections, ==, 1);
}

typedef struct
{
  GMainLoop           *loop;
  guint                pending;
  guint                stages;
  TakeoverProbeResult *result;
  GError              *error;
  gint64               finished;
  GError              *queued_error;
  gint64               queued_finished;
} Wait;

static void
progress_cb (const TakeoverProbeRequest *request,
             TakeoverProbeStage          stage,
             gpointer                    user_data)
{
  Wait *wait = user_data;

  g_assert_true (g_thread_self () == main_thread);
  wait->stages |= 1u << stage;
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = takeover_probe_pool_probe_finish (TAKEOVER_PROBE_POOL (object), result,
                                                   &wait->error);
  wait->finished = g_get_monotonic_time ();
  if (--wait->pending == 0)
    g_main_loop_quit (wait->loop);
}

static void
queued_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;
  g_autoptr(TakeoverProbeResult) probed = NULL;

  probed = takeover_probe_pool_probe_finish (TAKEOVER_PROBE_POOL (object), result,
                                             &wait->queued_error);
  g_assert_null (probed);
  wait->queued_finished = g_get_monotonic_time ();
  if (--wait->pending == 0)
    g_main_loop_quit (wait->loop);
}

static void
test_invalid (void)
{
  g_autoptr(TakeoverProbePool) pool = takeover_probe_pool_new (1);
  g_autoptr(TakeoverProbeRequest) request = takeover_probe_request_new ();
  Wait wait = { g_main_loop_new (NULL, FALSE), 1 };

  request->name = g_strdup ("nowhere");
  takeover_probe_pool_probe_async (pool, request, NULL, NULL, NULL, NULL, probe_cb, &wait);
  g_main_loop_run (wait.loop);
  g_assert_error (wait.error, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_INVALID);
  g_assert_null (wait.result);
  g_clear_error (&wait.error);
  g_main_loop_unref (wait.loop);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_silent_bmc (void)
{
  g_autoptr(TakeoverProbePool) pool = takeover_probe_pool_new (1);
  g_autoptr(TakeoverProbeRequest) request = takeover_probe_request_new ();
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                            G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Wait wait = { g_main_loop_new (NULL, FALSE), 2 };
  gboolean expired = FALSE;
  gpointer weak;
  guint timeout_id;
  gint64 started;

  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  request->name = g_strdup ("silent");
  request->bmc_address = g_strdup ("127.0.0.1");
  request->bmc_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  request->bmc_username = g_strdup ("admin");
  request->bmc_password = g_strdup ("password");
  request->bmc_timeout_ms = 1500;
  request->sdr_cache_dir = g_strdup (g_get_tmp_dir ());

  started = g_get_monotonic_time ();
  takeover_probe_pool_probe_async (pool, request, progress_cb, &wait, NULL, NULL, probe_cb,
                                   &wait);
  /* With one thread, this one waits behind the silent BMC; cancelling it returns at once. */
  takeover_probe_pool_probe_async (pool, request, NULL, NULL, NULL, cancellable, queued_cb,
                                   &wait);
  g_cancellable_cancel (cancellable);
  g_main_loop_run (wait.loop);

  g_assert_error (wait.queued_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (wait.queued_finished - started, <, G_USEC_PER_SEC / 2);

  g_assert_no_error (wait.error);
  g_assert_nonnull (wait.result);
  g_assert_false (takeover_probe_result_answered (wait.result));
  g_assert_error (takeover_probe_result_get_problem (wait.result, "ipmi"),
                  TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_TIMEOUT);
  g_assert_cmpint (wait.finished - started, >=, 1400 * 1000);
  g_assert_cmpint (wait.finished - started, <, 2500 * 1000);
  g_assert_cmpfloat (wait.result->seconds, >=, 1.4);
  g_assert_cmpuint (wait.stages, ==,
                    (1u << TAKEOVER_PROBE_STAGE_QUEUED) | (1u << TAKEOVER_PROBE_STAGE_IPMI) |
                    (1u << TAKEOVER_PROBE_STAGE_DONE));

  g_clear_error (&wait.queued_error);
  g_clear_pointer (&wait.result, takeover_probe_result_unref);
  g_main_loop_unref (wait.loop);

  /* The cancelled job's worker still ends on the main context, dropping the pool last. */
  weak = g_steal_pointer (&pool);
  g_object_add_weak_pointer (weak, &weak);
  g_object_unref (weak);
  timeout_id = g_timeout_add_seconds (5, timeout_cb, &expired);
  while (weak != NULL && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (weak);
  g_source_remove (timeout_id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  main_thread = g_thread_self ();

  g_test_add_func ("/probe/fleet/request", test_request);
  g_test_add_func ("/probe/fleet/apply-result", test_apply_result);
  g_test_add_func ("/probe/pool/invalid", test_invalid);
  g_test_add_func ("/probe/pool/silent-bmc", test_silent_bmc);

  return g_test_run ();
}
