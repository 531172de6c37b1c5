/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The session's stages, counts and their notifies, without servers: its cloud is a standalone
 * Ironic on a loopback port nothing listens on, so every stage that talks to it fails at once
 * and the session must say so. The session against the test bed's real Ironic is in
 * tests/core/test-adopt.c.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "takeover-session.h"

/* Every wait of these tests ends by this many seconds, or the test fails. */
#define DEADLINE_S 30

typedef struct
{
  GPtrArray *names;    /* every notify, by property name, in order */
} Notifies;

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Notifies   *notifies)
{
  g_ptr_array_add (notifies->names, g_strdup (pspec->name));
}

static void
notifies_watch (Notifies        *notifies,
                TakeoverSession *session)
{
  notifies->names = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (session, "notify", G_CALLBACK (notify_cb), notifies);
}

static guint
notifies_count (Notifies   *notifies,
                const char *name)
{
  guint n = 0;

  for (guint i = 0; i < notifies->names->len; i++)
    n += g_str_equal (g_ptr_array_index (notifies->names, i), name);

  return n;
}

static void
notifies_clear (Notifies *notifies)
{
  g_ptr_array_set_size (notifies->names, 0);
}

static void
count_uint_cb (GObject    *object,
               GParamSpec *pspec,
               guint      *count)
{
  (*count)++;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
deadline_cb (gpointer user_data)
{
  g_error ("a wait of the test passed its %d s deadline", DEADLINE_S);
  return G_SOURCE_REMOVE;
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  guint deadline_id = g_timeout_add_seconds (DEADLINE_S, deadline_cb, NULL);

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (deadline_id);

  return *slot;
}

/* A loopback port that nothing listens on: connecting is refused at once. */
static guint
closed_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return port;
}

/* A standalone Ironic (no Keystone) that refuses every connection. */
static TakeoverCloudConfig *
unreachable_cloud (const char *name)
{
  g_autoptr(JsonObject) cloud = json_object_new ();
  g_autoptr(JsonObject) auth = json_object_new ();
  g_autofree char *endpoint = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
  g_autoptr(GError) error = NULL;
  TakeoverCloudConfig *config;

  json_object_set_string_member (cloud, "auth_type", "none");
  json_object_set_string_member (auth, "endpoint", endpoint);
  json_object_set_object_member (cloud, "auth", g_steal_pointer (&auth));
  config = takeover_cloud_config_new_from_json (name, cloud, &error);
  g_assert_no_error (error);

  return config;
}

/* A good hosts.conf line, and with @with_error one whose management address is no address. */
static void
load_hosts (TakeoverSession *session,
            gboolean         with_error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint bmc_port = closed_port ();
  guint ssh_port = closed_port ();

  g_string_append (text, "127.0.0.1;admin;password;127.0.0.1;root;secret\n");
  if (with_error)
    g_string_append (text, "127.0.0.2;admin;password;999.0.0.2;root;secret\n");
  takeover_inventory_load_data (takeover_session_get_inventory (session), text->str, text->len,
                                "hosts.conf", TAKEOVER_INVENTORY_FORMAT_NONE);

  /* Nothing answers on these, so a probe of them ends at once. */
  for (guint i = 0; i < g_list_model_get_n_items (takeover_inventory_get_hosts (
                          takeover_session_get_inventory (session))); i++)
    {
      g_autoptr(TakeoverHost) host =
        g_list_model_get_item (takeover_inventory_get_hosts (
                                 takeover_session_get_inventory (session)), i);

      takeover_host_set_bmc_port (host, bmc_port);
      takeover_host_set_ssh_port (host, ssh_port);
    }
}

static void
test_initial (void)
{
  g_autoptr(TakeoverSession) session = takeover_session_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TakeoverInventory *inventory = takeover_session_get_inventory (session);
  TakeoverSessionStage stage = TAKEOVER_SESSION_STAGE_ADOPTING;
  g_autoptr(TakeoverInventory) bound = NULL;
  Notifies notifies;

  notifies_watch (&notifies, session);

  g_assert_nonnull (inventory);
  g_assert_nonnull (takeover_session_get_fleet_probe (session));
  g_assert_null (takeover_session_get_cloud (session));
  g_assert_null (takeover_session_get_ironic (session));
  g_assert_null (takeover_session_get_adopt (session));
  g_assert_null (takeover_session_get_prepare (session));
  g_assert_null (takeover_session_get_journal (session));
  g_assert_null (takeover_session_get_audit (session));
  g_assert_null (takeover_session_get_error (session));
  g_assert_cmpint (takeover_session_get_stage (session), ==, TAKEOVER_SESSION_STAGE_IDLE);
  g_assert_false (takeover_session_get_busy (session));
  g_assert_false (takeover_session_get_paused (session));
  g_assert_true (takeover_session_get_skip_invalid_hosts (session));
  g_assert_cmpuint (takeover_session_get_n_jobs (session), ==, 0);
  g_assert_false (takeover_session_get_succeeded (session));

  /* Properties read what the getters do, for bindings and expressions. */
  g_object_get (session, "inventory", &bound, "stage", &stage, NULL);
  g_assert_true (bound == inventory);
  g_assert_cmpint (stage, ==, TAKEOVER_SESSION_STAGE_IDLE);
  g_assert_cmpstr (g_enum_to_string (TAKEOVER_TYPE_SESSION_STAGE,
                                     TAKEOVER_SESSION_STAGE_ADOPTING), ==,
                   "TAKEOVER_SESSION_STAGE_ADOPTING");

  /* Without a cloud, each stage that needs one says so and changes nothing. */
  takeover_session_adopt_async (session, NULL, store_result_cb, &result);
  g_assert_false (takeover_session_adopt_finish (session, wait_for_result (&result), &error));
  g_assert_error (error, TAKEOVER_SESSION_ERROR, TAKEOVER_SESSION_ERROR_NO_CLOUD);
  g_clear_error (&error);
  g_clear_object (&result);

  takeover_session_plan_async (session, NULL, store_result_cb, &result);
  g_assert_false (takeover_session_plan_finish (session, wait_for_result (&result), &error));
  g_assert_error (error, TAKEOVER_SESSION_ERROR, TAKEOVER_SESSION_ERROR_NO_CLOUD);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Nothing to pause without an adoption. */
  takeover_session_pause (session);
  g_assert_false (takeover_session_get_paused (session));

  g_assert_cmpuint (notifies.names->len, ==, 0);
  g_ptr_array_unref (notifies.names);
  /* A result holds its session. */
  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&session));
}

static void
test_probe_counts (void)
{
  g_autoptr(TakeoverSession) session = takeover_session_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) busy_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TakeoverHost) host = NULL;
  guint n_host_states = 0;
  Notifies notifies;
  gssize n_answered;

  load_hosts (session, FALSE);
  takeover_fleet_probe_set_timeout_ms (takeover_session_get_fleet_probe (session), 2000);
  notifies_watch (&notifies, session);

  host = g_list_model_get_item (takeover_inventory_get_hosts (
                                  takeover_session_get_inventory (session)), 0);
  g_assert_cmpint (takeover_host_get_probe_state (host), ==, TAKEOVER_HOST_PROBE_NONE);
  g_signal_connect (host, "notify::probe-state", G_CALLBACK (count_uint_cb), &n_host_states);

  takeover_session_probe_async (session, NULL, NULL, store_result_cb, &result);
  g_assert_cmpint (takeover_session_get_stage (session), ==, TAKEOVER_SESSION_STAGE_PROBING);
  /* Each host says where its probe is, for its row. */
  g_assert_cmpint (takeover_host_get_probe_state (host), ==, TAKEOVER_HOST_PROBE_WAITING);
  g_assert_true (takeover_session_get_busy (session));
  g_assert_cmpuint (takeover_session_get_n_to_probe (session), ==, 1);
  g_assert_cmpuint (takeover_session_get_n_probed (session), ==, 0);

  /* One stage at a time. */
  takeover_session_probe_async (session, NULL, NULL, store_result_cb, &busy_result);
  g_assert_cmpint (takeover_session_probe_finish (session, wait_for_result (&busy_result),
                                                  &error), ==, -1);
  g_assert_error (error, TAKEOVER_SESSION_ERROR, TAKEOVER_SESSION_ERROR_BUSY);
  g_clear_error (&error);

  n_answered = takeover_session_probe_finish (session, wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (n_answered, ==, 0);
  g_assert_cmpuint (takeover_session_get_n_probed (session), ==, 1);
  g_assert_cmpint (takeover_session_get_stage (session), ==, TAKEOVER_SESSION_STAGE_IDLE);
  g_assert_false (takeover_session_get_busy (session));
  /* A host that did not answer is the host's news, not the session's failure. */
  g_assert_null (takeover_session_get_error (session));
  g_assert_cmpint (takeover_host_get_probe_state (host), ==, TAKEOVER_HOST_PROBE_FAILED);
  g_assert_nonnull (takeover_host_get_probe_message (host));
  g_test_message ("the host's probe: %s", takeover_host_get_probe_message (host));
  /* waiting, running, failed: each once. */
  g_assert_cmpuint (n_host_states, ==, 3);
  g_signal_handlers_disconnect_by_data (host, &n_host_states);

  /* Each change notified once, and nothing that did not change. */
  g_assert_cmpuint (notifies_count (&notifies, "stage"), ==, 2);
  g_assert_cmpuint (notifies_count (&notifies, "busy"), ==, 2);
  g_assert_cmpuint (notifies_count (&notifies, "n-to-probe"), ==, 1);
  g_assert_cmpuint (notifies_count (&notifies, "n-probed"), ==, 1);
  g_assert_cmpuint (notifies_count (&notifies, "error"), ==, 0);
  g_assert_cmpuint (notifies_count (&notifies, "n-jobs"), ==, 0);

  /* Probing again starts the count over, and the same total is not notified again. */
  notifies_clear (&notifies);
  g_clear_object (&result);
  takeover_session_probe_async (session, NULL, NULL, store_result_cb, &result);
  g_assert_cmpuint (takeover_session_get_n_probed (session), ==, 0);
  takeover_session_probe_finish (session, wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notifies_count (&notifies, "n-to-probe"), ==, 0);
  g_assert_cmpuint (notifies_count (&notifies, "n-probed"), ==, 2);

  g_ptr_array_unref (notifies.names);
  /* A result holds its session. */
  g_clear_object (&result);
  g_clear_object (&busy_result);
  g_assert_finalize_object (g_steal_pointer (&session));
}

static void
test_probe_cancel (void)
{
  g_autoptr(TakeoverSession) session = takeover_session_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Notifies notifies;

  load_hosts (session, FALSE);
  notifies_watch (&notifies, session);

  takeover_session_probe_async (session, NULL, cancellable, store_result_cb, &result);
  g_cancellable_cancel (cancellable);
  g_assert_cmpint (takeover_session_probe_finish (session, wait_for_result (&result), &error),
                   ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (takeover_session_get_stage (session), ==, TAKEOVER_SESSION_STAGE_IDLE);
  /* The operator stopped it: nothing to show as a failure. */
  g_assert_null (takeover_session_get_error (session));
  g_assert_cmpuint (notifies_count (&notifies, "error"), ==, 0);

  g_ptr_array_unref (notifies.names);
  /* A result holds its session. */
  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&session));
}

/* A cloud's takeover_image is the prepare step's image, until the operator gives another. */
static void
test_cloud_image (void)
{
  g_autoptr(TakeoverSession) session = takeover_session_new ();
  g_autoptr(TakeoverCloudConfig) plain = unreachable_cloud ("plain");
  g_autoptr(JsonObject) cloud = json_object_new ();
  g_autoptr(JsonObject) auth = json_object_new ();
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (takeover_session_set_cloud_config (session, plain, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (takeover_prepare_get_image (takeover_session_get_prepare (session)), ==,
                   TAKEOVER_PREPARE_DEFAULT_IMAGE);

  json_object_set_string_member (cloud, "auth_type", "none");
  json_object_set_string_member (cloud, "takeover_image", "http://192.0.2.1/adopted.img");
  json_object_set_string_member (auth, "endpoint", "http://127.0.0.1:9");
  json_object_set_object_member (cloud, "auth", g_steal_pointer (&auth));
  config = takeover_cloud_config_new_from_json ("with-image", cloud, &error);
  g_assert_no_error (error);
  g_assert_true (takeover_session_set_cloud_config (session, config, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (takeover_prepare_get_image (takeover_session_get_prepare (session)), ==,
                   "http://192.0.2.1/adopted.img");
}

static void
test_plan_refused (void)
{
  g_autoptr(TakeoverSession) session = takeover_session_new ();
  g_autoptr(TakeoverCloudConfig) config = unreachable_cloud ("unit");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  load_hosts (session, TRUE);
  g_assert_true (takeover_session_set_cloud_config (session, config, &error));
  g_assert_no_error (error);

  /* The subnets are made from every host's address: not with one of them wrong. */
  takeover_session_plan_async (session, NULL, store_result_cb, &result);
  g_assert_false (takeover_session_plan_finish (session, wait_for_result (&result), &error));
  g_assert_error (error, TAKEOVER_SESSION_ERROR, TAKEOVER_SESSION_ERROR_INVALID_INVENTORY);
  g_assert_cmpint (takeover_session_get_stage (session), ==, TAKEOVER_SESSION_STAGE_IDLE);
  g_clear_error (&error);
  g_clear_object (&result);

  /* No plan, nothing to apply. */
  takeover_session_apply_async (session, NULL, store_result_cb, &result);
  g_assert_false (takeover_session_apply_finish (session, wait_for_result (&result), &error));
  g_assert_error (error, TAKEOVER_SESSION_ERROR, TAKEOVER_SESSION_ERROR_PLAN);
  g_assert_false (takeover_session_get_plan_has_changes (session));

  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&session));
}

static void
test_adopt_unreachable (void)
{
  g_autoptr(TakeoverSession) session = takeover_session_new ();
  g_autoptr(TakeoverCloudConfig) config = unreachable_cloud ("unit");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const GError *shown;
  Notifies notifies;

  load_hosts (session, TRUE);
  notifies_watch (&notifies, session);
  g_assert_true (takeover_session_set_cloud_config (session, config, &error));
  g_assert_no_error (error);
  g_assert_true (takeover_session_get_cloud_config (session) == config);
  g_assert_nonnull (takeover_session_get_cloud (session));
  g_assert_nonnull (takeover_session_get_adopt (session));
  g_assert_nonnull (takeover_session_get_journal (session));
  g_assert_cmpuint (notifies_count (&notifies, "cloud"), ==, 1);
  g_assert_cmpuint (notifies_count (&notifies, "adopt"), ==, 1);
  notifies_clear (&notifies);

  takeover_adopt_set_image_source (takeover_session_get_adopt (session), "http://127.0.0.1/i");
  takeover_session_adopt_async (session, NULL, store_result_cb, &result);
  g_assert_cmpint (takeover_session_get_stage (session), ==, TAKEOVER_SESSION_STAGE_ADOPTING);
  /* Each inventory host is a job from the start; the one with errors is skipped at once. */
  g_assert_cmpuint (takeover_session_get_n_jobs (session), ==, 2);
  g_assert_cmpuint (takeover_session_get_n_skipped (session), ==, 1);
  g_assert_cmpuint (takeover_session_get_n_finished (session), ==, 1);
  g_assert_nonnull (takeover_session_get_audit (session));

  /* Ironic refuses the connection: the run cannot start, and the session says why. */
  g_assert_false (takeover_session_adopt_finish (session, wait_for_result (&result), &error));
  g_assert_nonnull (error);
  shown = takeover_session_get_error (session);
  g_assert_nonnull (shown);
  g_assert_cmpstr (shown->message, ==, error->message);
  g_assert_cmpint (takeover_session_get_stage (session), ==, TAKEOVER_SESSION_STAGE_IDLE);
  g_assert_false (takeover_session_get_succeeded (session));
  g_assert_cmpuint (takeover_session_get_n_adopted (session), ==, 0);
  g_assert_cmpuint (takeover_session_get_n_failed (session), ==, 0);

  g_assert_cmpuint (notifies_count (&notifies, "stage"), ==, 2);
  g_assert_cmpuint (notifies_count (&notifies, "busy"), ==, 2);
  g_assert_cmpuint (notifies_count (&notifies, "error"), ==, 1);
  g_assert_cmpuint (notifies_count (&notifies, "audit"), ==, 1);
  g_assert_cmpuint (notifies_count (&notifies, "n-jobs"), ==, 2);
  g_assert_cmpuint (notifies_count (&notifies, "n-skipped"), ==, 1);
  g_assert_cmpuint (notifies_count (&notifies, "n-finished"), ==, 1);
  g_assert_cmpuint (notifies_count (&notifies, "n-adopted"), ==, 0);

  /* The next stage clears the error as it starts; the jobs are not added twice. */
  notifies_clear (&notifies);
  g_clear_object (&result);
  g_clear_error (&error);
  takeover_session_adopt_async (session, NULL, store_result_cb, &result);
  g_assert_null (takeover_session_get_error (session));
  g_assert_cmpuint (takeover_session_get_n_jobs (session), ==, 2);
  g_assert_false (takeover_session_adopt_finish (session, wait_for_result (&result), &error));
  g_assert_nonnull (takeover_session_get_error (session));
  g_assert_cmpuint (notifies_count (&notifies, "error"), ==, 2);
  g_assert_cmpuint (notifies_count (&notifies, "n-jobs"), ==, 0);

  g_ptr_array_unref (notifies.names);
  /* A result holds its session. */
  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&session));
}

static void
test_skip_policy (void)
{
  g_autoptr(TakeoverSession) session = takeover_session_new ();
  g_autoptr(TakeoverCloudConfig) config = unreachable_cloud ("unit");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Notifies notifies;

  load_hosts (session, TRUE);
  notifies_watch (&notifies, session);
  takeover_session_set_skip_invalid_hosts (session, FALSE);
  takeover_session_set_skip_invalid_hosts (session, FALSE);
  g_assert_cmpuint (notifies_count (&notifies, "skip-invalid-hosts"), ==, 1);
  g_assert_true (takeover_session_set_cloud_config (session, config, &error));

  takeover_session_adopt_async (session, NULL, store_result_cb, &result);
  g_assert_cmpuint (takeover_session_get_n_jobs (session), ==, 2);
  g_assert_cmpuint (takeover_session_get_n_skipped (session), ==, 0);
  g_assert_false (takeover_session_adopt_finish (session, wait_for_result (&result), &error));

  g_ptr_array_unref (notifies.names);
  /* A result holds its session. */
  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&session));
}

static void
test_pause (void)
{
  g_autoptr(TakeoverSession) session = takeover_session_new ();
  g_autoptr(TakeoverCloudConfig) config = unreachable_cloud ("unit");
  g_autoptr(GError) error = NULL;
  gboolean paused = FALSE;
  Notifies notifies;

  g_assert_true (takeover_session_set_cloud_config (session, config, &error));
  notifies_watch (&notifies, session);

  takeover_session_pause (session);
  g_assert_true (takeover_session_get_paused (session));
  g_assert_true (takeover_adopt_get_paused (takeover_session_get_adopt (session)));
  takeover_session_pause (session);
  g_assert_cmpuint (notifies_count (&notifies, "paused"), ==, 1);

  g_object_set (session, "paused", FALSE, NULL);
  g_object_get (session, "paused", &paused, NULL);
  g_assert_false (paused);
  g_assert_false (takeover_adopt_get_paused (takeover_session_get_adopt (session)));
  g_assert_cmpuint (notifies_count (&notifies, "paused"), ==, 2);

  g_ptr_array_unref (notifies.names);
  g_assert_finalize_object (g_steal_pointer (&session));
}

/* A journal that cannot be read keeps the cloud from being chosen, and names the file. */
static void
test_bad_journal (void)
{
  g_autoptr(TakeoverSession) session = takeover_session_new ();
  g_autoptr(TakeoverCloudConfig) config = unreachable_cloud ("unit");
  g_autofree char *path = takeover_journal_dup_path_for_cloud ("unit");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "{\"version\": 999, \"hosts\": {}}", -1, NULL));

  g_assert_false (takeover_session_set_cloud_config (session, config, &error));
  g_assert_error (error, TAKEOVER_ADOPT_ERROR, TAKEOVER_ADOPT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_null (takeover_session_get_cloud (session));
  g_assert_null (takeover_session_get_adopt (session));

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&session));
}

int
main (int   argc,
      char *argv[])
{
  /* The isolated XDG_DATA_DIRS hold no GNOME proxy settings schema, and loopback needs no
   * proxy anyway. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  /* Each test's own XDG folders: the journals and audit logs are written there. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/session/initial", test_initial);
  g_test_add_func ("/session/probe-counts", test_probe_counts);
  g_test_add_func ("/session/probe-cancel", test_probe_cancel);
  g_test_add_func ("/session/plan-refused", test_plan_refused);
  g_test_add_func ("/session/adopt-unreachable", test_adopt_unreachable);
  g_test_add_func ("/session/skip-policy", test_skip_policy);
  g_test_add_func ("/session/pause", test_pause);
  g_test_add_func ("/session/bad-journal", test_bad_journal);

  g_test_add_func ("/session/cloud-image", test_cloud_image);

  return g_test_run ();
}
