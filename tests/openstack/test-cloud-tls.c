/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TLS: verified by default; a cloud's cacert is trusted for that cloud; "verify: false" is an
 * explicit opt-out. A local HTTPS SoupServer with a self-signed certificate for 127.0.0.1
 * (data/tls-cert.pem, valid until 2126) stands in for a cloud's endpoint. */
#include "config.h"

#include <libsoup/soup.h>

#include "test-openstack-util.h"

typedef struct
{
  SoupServer *server;
  char       *url;
  char       *cert;
} Fixture;

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  static const char body[] = "{\"nodes\": []}";
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  soup_message_headers_replace (headers, "X-OpenStack-Ironic-API-Minimum-Version", "1.1");
  soup_message_headers_replace (headers, "X-OpenStack-Ironic-API-Maximum-Version", "1.82");
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC, body,
                                    strlen (body));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "openstack", "data", "tls-key.pem",
                                                NULL);
  g_autoptr(GError) error = NULL;

  fixture->cert = g_test_build_filename (G_TEST_DIST, "openstack", "data", "tls-cert.pem", NULL);
  certificate = g_tls_certificate_new_from_files (fixture->cert, key, &error);
  g_assert_no_error (error);
  fixture->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (fixture->server, NULL, handle_cb, NULL, NULL);
  fixture->url = test_server_listen (fixture->server, SOUP_SERVER_LISTEN_HTTPS);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  test_drop_result ();
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_free (fixture->url);
  g_free (fixture->cert);
}

static JsonNode *
list_nodes (Fixture     *fixture,
            const char  *key,
            JsonNode    *value,
            GError     **error)
{
  g_autoptr(JsonObject) json = json_object_new ();
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(TakeoverCloud) cloud = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *answer;

  json_object_set_string_member (json, "auth_type", "none");
  json_object_set_string_member (json, "baremetal_endpoint_override", fixture->url);
  if (key != NULL)
    json_object_set_member (json, key, value);
  config = takeover_cloud_config_new_from_json ("tls", json, &local_error);
  g_assert_no_error (local_error);
  cloud = takeover_cloud_new (config);

  takeover_cloud_request_async (cloud, &takeover_ironic_service, "GET", "/nodes", NULL, NULL,
                                TAKEOVER_CLOUD_REQUEST_NONE, NULL, test_result_cb, NULL);
  answer = takeover_cloud_request_finish (cloud, test_await (), error);
  test_drop_result ();
  return answer;
}

static void
test_verified_by_default (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = list_nodes (fixture, NULL, NULL, &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONNECT);
  g_assert_null (answer);
  g_assert_nonnull (strstr (error->message, fixture->url));
}

static void
test_cacert (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = list_nodes (fixture, "cacert", json_node_init_string (json_node_alloc (), fixture->cert), &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (json_node_get_object (answer), "nodes"));
  g_clear_pointer (&answer, json_node_unref);

  /* A CA file that cannot be read fails every request with the reason. */
  answer = list_nodes (fixture, "cacert", json_node_init_string (json_node_alloc (), "/nonexistent/ca.pem"), &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "/nonexistent/ca.pem"));
}

static void
test_verify_false (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = list_nodes (fixture, "verify", json_node_init_boolean (json_node_alloc (), FALSE), &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  g_clear_pointer (&answer, json_node_unref);

  /* "verify: true" is the default, spelled out. */
  answer = list_nodes (fixture, "verify", json_node_init_boolean (json_node_alloc (), TRUE), &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONNECT);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cloud-tls/verified-by-default", Fixture, NULL, fixture_set_up, test_verified_by_default, fixture_tear_down);
  g_test_add ("/cloud-tls/cacert", Fixture, NULL, fixture_set_up, test_cacert, fixture_tear_down);
  g_test_add ("/cloud-tls/verify-false", Fixture, NULL, fixture_set_up, test_verify_false, fixture_tear_down);

  return g_test_run ();
}
