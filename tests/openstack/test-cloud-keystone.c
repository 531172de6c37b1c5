/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TakeoverCloud against the full bed's real Keystone: password auth with the catalog, the
 * Keystone-protected Ironic found through it, Nova's microversions, and refusals. */
#include "config.h"

#include "takeover-test-bed.h"
#include "test-openstack-util.h"

static const TakeoverCloudService compute_service = {
  .service_type = "compute",
  .version_path = "v2.1",
  .microversion_header = "OpenStack-API-Version",
  .microversion_name = "compute",
  .min_microversion = "2.1",
  .max_microversion = "2.79",
};

static TakeoverCloudConfig *
bed_config (const char *name)
{
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "OS_CLIENT_CONFIG_FILE",
                                        takeover_test_bed_get_clouds_yaml (), TRUE);
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  env = g_environ_unsetenv (env, "OS_CLOUD");
  config = takeover_cloud_config_load_full (name, (const char * const *) env, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&config);
}

/* The full bed's cloud with auth keys changed: pairs of key and value, then NULL. */
static TakeoverCloud *
bed_cloud_with (const char *key,
                ...) G_GNUC_NULL_TERMINATED;

static TakeoverCloud *
bed_cloud_with (const char *key,
                ...)
{
  g_autoptr(TakeoverCloudConfig) config = bed_config (TAKEOVER_TEST_BED_CLOUD_FULL);
  g_autoptr(TakeoverCloudConfig) changed = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *json;
  va_list args;

  /* A copy through text: the config's own object is not ours to change. */
  copy = json_node_init_object (json_node_alloc (), takeover_cloud_config_get_json (config));
  text = json_to_string (copy, FALSE);
  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  json = json_node_get_object (json_parser_get_root (parser));
  va_start (args, key);
  for (; key != NULL; key = va_arg (args, const char *))
    json_object_set_string_member (json_object_get_object_member (json, "auth"), key,
                                   va_arg (args, const char *));
  va_end (args);
  changed = takeover_cloud_config_new_from_json ("changed", json, &error);
  g_assert_no_error (error);
  return takeover_cloud_new (changed);
}

/* Counts each property's notifies, by name. */
static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 GHashTable *counts)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, pspec->name));

  g_hash_table_insert (counts, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
}

static void
test_password_and_catalog (void)
{
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(TakeoverCloud) cloud = NULL;
  g_autoptr(TakeoverIronic) ironic = NULL;
  g_autoptr(GPtrArray) endpoints = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(TakeoverCloudEndpoint) baremetal = NULL;
  g_autoptr(TakeoverCloudEndpoint) compute = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) notifies = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *user_name = NULL;
  gboolean authenticated = FALSE;
  const char * const fields[] = { "uuid", NULL };

  if (!takeover_test_bed_require (1, TRUE))
    return;

  config = bed_config (TAKEOVER_TEST_BED_CLOUD_FULL);
  cloud = takeover_cloud_new (config);
  g_signal_connect (cloud, "notify", G_CALLBACK (count_notify_cb), notifies);
  test_authenticate (cloud, &error);
  g_assert_no_error (error);
  /* Who we are, for a face to show: each notified once, and readable as properties. */
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (notifies, "authenticated")), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (notifies, "user-name")), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (notifies, "project-name")), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (notifies, "token-expiry")), ==, 1);
  g_object_get (cloud, "authenticated", &authenticated, "user-name", &user_name, NULL);
  g_assert_true (authenticated);
  g_assert_cmpstr (user_name, ==, "admin");
  g_signal_handlers_disconnect_by_data (cloud, notifies);
  g_assert_cmpstr (takeover_cloud_get_user_name (cloud), ==, "admin");
  g_assert_cmpstr (takeover_cloud_get_project_name (cloud), ==, "admin");
  g_assert_nonnull (takeover_cloud_get_project_id (cloud));
  g_assert_cmpint (g_date_time_compare (takeover_cloud_get_token_expiry (cloud), now), >, 0);

  endpoints = takeover_cloud_list_endpoints (cloud);
  g_assert_cmpstr (test_endpoint_url (endpoints, "baremetal"), ==, "http://127.0.0.1:6386");
  g_assert_nonnull (test_endpoint_url (endpoints, "identity"));
  g_assert_nonnull (test_endpoint_url (endpoints, "compute"));

  /* The second Ironic requires a token: found in the catalog, reached with the token. */
  ironic = takeover_ironic_new (cloud);
  takeover_ironic_discover_async (ironic, NULL, test_result_cb, NULL);
  baremetal = takeover_ironic_discover_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (baremetal->versioned_url, ==, "http://127.0.0.1:6386/v1");
  g_assert_cmpstr (baremetal->max_version, ==, "1.82");
  takeover_ironic_list_nodes_async (ironic, NULL, fields, 0, NULL, test_result_cb, NULL);
  nodes = takeover_ironic_list_nodes_finish (ironic, test_await (), &error);
  g_assert_no_error (error);

  /* Nova announces its microversions in its version document. */
  takeover_cloud_discover_async (cloud, &compute_service, NULL, test_result_cb, NULL);
  compute = takeover_cloud_discover_finish (cloud, test_await (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (compute->min_version, ==, "2.1");
  g_assert_nonnull (compute->max_version);
  g_assert_cmpint (takeover_microversion_compare (compute->max_version, "2.79"), >=, 0);
  g_assert_cmpstr (compute->microversion, ==, "2.79");

  test_drop_result ();
  g_clear_object (&ironic);
  g_assert_finalize_object (g_steal_pointer (&cloud));
}

/* The bed's system-scoped cloud (auth.system_scope: all): a token without a project. */
static void
test_system_scope (void)
{
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(TakeoverCloud) cloud = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  if (!takeover_test_bed_require (1, TRUE))
    return;

  config = bed_config (TAKEOVER_TEST_BED_CLOUD_FULL "-system");
  cloud = takeover_cloud_new (config);
  test_authenticate (cloud, &error);
  g_assert_no_error (error);
  g_assert_null (takeover_cloud_get_project_id (cloud));
  summary = takeover_cloud_dup_auth_summary (cloud);
  g_assert_nonnull (strstr (summary, "as admin with system scope"));
  test_drop_result ();
}

/* User and project by id, and their domains by id: the ids win over names (here wrong ones),
 * as in openstacksdk, so Keystone accepts them only if they are what is sent. */
static void
test_ids (void)
{
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(TakeoverCloud) by_name = NULL;
  g_autoptr(TakeoverCloud) by_id = NULL;
  g_autoptr(TakeoverCloud) by_domain_id = NULL;
  g_autoptr(GError) error = NULL;

  if (!takeover_test_bed_require (1, TRUE))
    return;

  config = bed_config (TAKEOVER_TEST_BED_CLOUD_FULL);
  by_name = takeover_cloud_new (config);
  test_authenticate (by_name, &error);
  g_assert_no_error (error);

  by_id = bed_cloud_with ("user_id", takeover_cloud_get_user_id (by_name),
                          "username", "no-such-user",
                          "project_id", takeover_cloud_get_project_id (by_name),
                          "project_name", "no-such-project", NULL);
  test_authenticate (by_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (takeover_cloud_get_user_name (by_id), ==, "admin");
  g_assert_cmpstr (takeover_cloud_get_project_name (by_id), ==, "admin");

  /* keystone-manage bootstrap's Default domain has the id "default". */
  by_domain_id = bed_cloud_with ("user_domain_id", "default",
                                 "user_domain_name", "NoSuchDomain",
                                 "project_domain_id", "default",
                                 "project_domain_name", "NoSuchDomain", NULL);
  test_authenticate (by_domain_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (takeover_cloud_get_user_id (by_domain_id), ==,
                   takeover_cloud_get_user_id (by_name));
  g_assert_cmpstr (takeover_cloud_get_project_id (by_domain_id), ==,
                   takeover_cloud_get_project_id (by_name));
  test_drop_result ();
}

typedef struct
{
  guint n_token_requests;
  guint n_discoveries;
  guint n_pending;
  guint n_failed;
} Crowd;

static void
crowd_request_cb (TakeoverCloud *cloud,
                  const char    *method,
                  const char    *url,
                  guint          status,
                  double         duration_ms,
                  GCancellable  *cancellable,
                  Crowd         *crowd)
{
  if (g_str_has_suffix (url, "/auth/tokens"))
    crowd->n_token_requests++;
  if (g_str_has_suffix (url, "/v1"))
    crowd->n_discoveries++;
}

static void
crowd_answer_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Crowd *crowd = user_data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = takeover_cloud_request_finish (TAKEOVER_CLOUD (object), result, &error);
  if (answer == NULL)
    {
      g_printerr ("# %s\n", error->message);
      crowd->n_failed++;
    }
  crowd->n_pending--;
}

/* Requests at once on a new session: one token and one discovery serve them all. (Only a
 * few: the bed's Ironic asks its Keystone about each token, slowly on a busy machine.) */
static void
test_concurrent_start (void)
{
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(TakeoverCloud) cloud = NULL;
  Crowd crowd = { 0 };

  if (!takeover_test_bed_require (1, TRUE))
    return;

  config = bed_config (TAKEOVER_TEST_BED_CLOUD_FULL);
  cloud = takeover_cloud_new (config);
  g_signal_connect (cloud, "request-finished", G_CALLBACK (crowd_request_cb), &crowd);
  for (guint i = 0; i < 4; i++)
    {
      crowd.n_pending++;
      takeover_cloud_request_async (cloud, &takeover_ironic_service, "GET",
                                    "/nodes?limit=1&fields=uuid", NULL, NULL,
                                    TAKEOVER_CLOUD_REQUEST_NONE, NULL, crowd_answer_cb, &crowd);
    }
  while (crowd.n_pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (crowd.n_failed, ==, 0);
  g_assert_cmpuint (crowd.n_token_requests, ==, 1);
  g_assert_cmpuint (crowd.n_discoveries, ==, 1);
  g_assert_finalize_object (g_steal_pointer (&cloud));
}

static void
test_refusals (void)
{
  g_autoptr(TakeoverCloud) wrong = NULL;
  g_autoptr(TakeoverCloud) unreachable = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *closed_url = NULL;
  guint16 port;

  if (!takeover_test_bed_require (1, TRUE))
    return;

  wrong = bed_cloud_with ("password", "not-the-password", NULL);
  test_authenticate (wrong, &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_AUTH);
  g_assert_cmpuint (takeover_cloud_error_get_status (error), ==, 401);
  g_assert_nonnull (strstr (error->message, "refused the credentials of cloud “changed”"));
  g_assert_null (strstr (error->message, "not-the-password"));
  g_clear_error (&error);

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  closed_url = g_strdup_printf ("http://127.0.0.1:%u/v3", port);
  unreachable = bed_cloud_with ("auth_url", closed_url, NULL);
  test_authenticate (unreachable, &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONNECT);
  g_assert_nonnull (strstr (error->message, closed_url));
  test_drop_result ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cloud-keystone/password-and-catalog", test_password_and_catalog);
  g_test_add_func ("/cloud-keystone/system-scope", test_system_scope);
  g_test_add_func ("/cloud-keystone/ids", test_ids);
  g_test_add_func ("/cloud-keystone/concurrent-start", test_concurrent_start);
  g_test_add_func ("/cloud-keystone/refusals", test_refusals);

  return g_test_run ();
}
