/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TLS: verified by default; a cloud's cacert is trusted for that cloud; "verify: false" is an
 * explicit opt-out; a configured client certificate is presented. Local HTTPS SoupServers
 * stand in for a cloud's endpoints: one with a self-signed certificate for 127.0.0.1
 * (data/tls-self-signed.pem), and servers whose certificates unrelated CAs A and B signed, one of
 * them requiring a client certificate (data/make-tls-certs made them; valid until 2126).
 *
 * Every cloud shares the process's one SoupSession, whose connection pool knows only host and
 * port. So several tests hold clouds with different TLS settings in this one process against
 * the same server, in both orders: a connection one cloud's settings accepted must never carry
 * another cloud's request. */
#include "config.h"

#include <libsoup/soup.h>

#include "test-openstack-util.h"

typedef struct
{
  SoupServer      *server;
  char            *url;
  /* The last client certificate the server accepted. */
  GTlsCertificate *peer_certificate;
  /* The client's port of each request: one port a connection. */
  GArray          *client_ports;
} Server;

static void
handle_cb (SoupServer        *soup_server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  static const char body[] = "{\"nodes\": []}";
  Server *server = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  guint16 port = g_inet_socket_address_get_port (
    G_INET_SOCKET_ADDRESS (soup_server_message_get_remote_address (message)));

  g_array_append_val (server->client_ports, port);
  soup_message_headers_replace (headers, "X-OpenStack-Ironic-API-Minimum-Version", "1.1");
  soup_message_headers_replace (headers, "X-OpenStack-Ironic-API-Maximum-Version", "1.82");
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC, body,
                                    strlen (body));
}

/* SoupServer 3.2 asks the message whether to accept every client certificate, even one its
 * tls-database verified: accept exactly those that verified against the client CA. */
static gboolean
accept_client_certificate_cb (SoupServerMessage    *message,
                              GTlsCertificate      *certificate,
                              GTlsCertificateFlags  errors,
                              Server               *server)
{
  if (errors != 0)
    return FALSE;
  g_set_object (&server->peer_certificate, certificate);
  return TRUE;
}

static void
request_started_cb (SoupServer        *soup_server,
                    SoupServerMessage *message,
                    gpointer           user_data)
{
  g_signal_connect (message, "accept-certificate", G_CALLBACK (accept_client_certificate_cb),
                    user_data);
}

/* A path under tests/openstack/data, or @name itself when it is absolute. */
static char *
data_file (const char *name)
{
  if (g_path_is_absolute (name))
    return g_strdup (name);
  return g_test_build_filename (G_TEST_DIST, "openstack", "data", name, NULL);
}

/* Serves data/@name.pem with its key; with @client_ca, requires a client certificate that
 * CA signed. */
static void
server_start (Server     *server,
              const char *name,
              const char *client_ca)
{
  g_autofree char *cert_name = g_strconcat (name, ".pem", NULL);
  g_autofree char *key_name = g_strconcat (name, "-key.pem", NULL);
  g_autofree char *cert = data_file (cert_name);
  g_autofree char *key = data_file (key_name);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;

  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);
  server->server = soup_server_new ("tls-certificate", certificate, NULL);
  if (client_ca != NULL)
    {
      g_autofree char *ca = data_file (client_ca);
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca, &error);

      g_assert_no_error (error);
      soup_server_set_tls_database (server->server, database);
      soup_server_set_tls_auth_mode (server->server, G_TLS_AUTHENTICATION_REQUIRED);
      g_signal_connect (server->server, "request-started", G_CALLBACK (request_started_cb),
                        server);
    }
  server->client_ports = g_array_new (FALSE, FALSE, sizeof (guint16));
  soup_server_add_handler (server->server, NULL, handle_cb, server, NULL);
  server->url = test_server_listen (server->server, SOUP_SERVER_LISTEN_HTTPS);
}

static void
server_stop (Server *server)
{
  test_drop_result ();
  soup_server_disconnect (server->server);
  g_clear_object (&server->server);
  g_clear_object (&server->peer_certificate);
  g_clear_pointer (&server->url, g_free);
  g_clear_pointer (&server->client_ports, g_array_unref);
}

/* GET /nodes from the Ironic at @url, as a cloud named @name whose TLS options are the
 * NULL-terminated "option=value" pairs that follow: cacert, cert and key name files under
 * tests/openstack/data; verify takes true or false. */
static JsonNode *
get_nodes (const char  *url,
           const char  *name,
           GError     **error,
           ...)
{
  g_autoptr(JsonObject) json = json_object_new ();
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(GError) local_error = NULL;
  TakeoverCloud *cloud;
  JsonNode *answer;
  const char *option;
  va_list args;

  json_object_set_string_member (json, "auth_type", "none");
  json_object_set_string_member (json, "baremetal_endpoint_override", url);
  va_start (args, error);
  while ((option = va_arg (args, const char *)) != NULL)
    {
      g_auto(GStrv) pair = g_strsplit (option, "=", 2);

      if (g_str_equal (pair[0], "verify"))
        json_object_set_boolean_member (json, "verify", g_str_equal (pair[1], "true"));
      else
        {
          g_autofree char *path = data_file (pair[1]);

          json_object_set_string_member (json, pair[0], path);
        }
    }
  va_end (args);
  config = takeover_cloud_config_new_from_json (name, json, &local_error);
  g_assert_no_error (local_error);
  cloud = takeover_cloud_new (config);

  takeover_cloud_request_async (cloud, &takeover_ironic_service, "GET", "/nodes", NULL, NULL,
                                TAKEOVER_CLOUD_REQUEST_NONE, NULL, test_result_cb, NULL);
  answer = takeover_cloud_request_finish (cloud, test_await (), error);
  test_drop_result ();
  g_assert_finalize_object (cloud);
  return answer;
}

/* Asserts that the request succeeded with Ironic's answer. */
static void
assert_nodes (JsonNode *answer,
              GError   *error)
{
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  g_assert_true (json_object_has_member (json_node_get_object (answer), "nodes"));
  json_node_unref (answer);
}

/* Asserts that the request to @url failed verification: a connect error naming the URL, the
 * cloud and why its trust does not cover the server's certificate. */
static void
assert_untrusted (JsonNode    *answer,
                  GError     **error,
                  const char *url,
                  const char *cloud,
                  const char *reason)
{
  g_assert_null (answer);
  g_assert_error (*error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONNECT);
  g_test_message ("%s", (*error)->message);
  g_assert_nonnull (strstr ((*error)->message, url));
  g_assert_nonnull (strstr ((*error)->message, cloud));
  g_assert_nonnull (strstr ((*error)->message, reason));
  g_clear_error (error);
}

static void
test_verified_by_default (void)
{
  Server server = { 0 };
  GError *error = NULL;
  JsonNode *answer;

  server_start (&server, "tls-self-signed", NULL);
  answer = get_nodes (server.url, "default", &error, NULL);
  assert_untrusted (answer, &error, server.url, "“default”", "not issued by a certificate authority this system trusts");

  /* "verify: true" is the default, spelled out. */
  answer = get_nodes (server.url, "explicit", &error, "verify=true", NULL);
  assert_untrusted (answer, &error, server.url, "“explicit”", "this system trusts");
  server_stop (&server);
}

static void
test_cacert (void)
{
  Server server = { 0 };
  GError *error = NULL;
  JsonNode *answer;

  server_start (&server, "tls-self-signed", NULL);
  answer = get_nodes (server.url, "self-signed", &error, "cacert=tls-self-signed.pem", NULL);
  assert_nodes (answer, error);

  /* A CA file that cannot be read fails every request with the reason. */
  answer = get_nodes (server.url, "missing", &error, "cacert=/nonexistent/ca.pem", NULL);
  g_assert_null (answer);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "/nonexistent/ca.pem"));
  g_clear_error (&error);
  server_stop (&server);
}

static void
test_verify_false (void)
{
  Server server = { 0 };
  GError *error = NULL;
  JsonNode *answer;

  server_start (&server, "tls-self-signed", NULL);
  answer = get_nodes (server.url, "insecure", &error, "verify=false", NULL);
  assert_nodes (answer, error);

  /* The unverified connection carries no other cloud's request. */
  answer = get_nodes (server.url, "verified", &error, NULL);
  assert_untrusted (answer, &error, server.url, "“verified”", "this system trusts");
  answer = get_nodes (server.url, "insecure", &error, "verify=false", NULL);
  assert_nodes (answer, error);
  server_stop (&server);
}

/* Clouds "a" (trusts CA A) and "b" (trusts CA B) against servers A and B, which share their
 * address 127.0.0.1 and differ in port only; @b_first starts with cloud b on server A. */
static void
test_two_cas (gconstpointer data)
{
  gboolean b_first = GPOINTER_TO_INT (data);
  Server a = { 0 };
  Server b = { 0 };
  GError *error = NULL;
  JsonNode *answer;

  server_start (&a, "tls-server-a", NULL);
  server_start (&b, "tls-server-b", NULL);

  for (guint round = 0; round < 2; round++)
    {
      if (!b_first || round > 0)
        {
          answer = get_nodes (a.url, "a", &error, "cacert=tls-ca-a.pem", NULL);
          assert_nodes (answer, error);
        }
      answer = get_nodes (a.url, "b", &error, "cacert=tls-ca-b.pem", NULL);
      assert_untrusted (answer, &error, a.url, "“b”", "not issued by the CA certificates in ");
      answer = get_nodes (b.url, "b", &error, "cacert=tls-ca-b.pem", NULL);
      assert_nodes (answer, error);
      answer = get_nodes (b.url, "a", &error, "cacert=tls-ca-a.pem", NULL);
      assert_untrusted (answer, &error, b.url, "“a”", "tls-ca-a.pem");
      /* Nor does an unverified connection to B serve cloud a afterwards. */
      answer = get_nodes (b.url, "insecure", &error, "verify=false", NULL);
      assert_nodes (answer, error);
      answer = get_nodes (b.url, "a", &error, "cacert=tls-ca-a.pem", NULL);
      assert_untrusted (answer, &error, b.url, "“a”", "tls-ca-a.pem");
    }

  server_stop (&a);
  server_stop (&b);
}

/* How many connections the requests from the @from-th on came over. */
static guint
count_connections (Server *server,
                   guint   from)
{
  g_autoptr(GHashTable) ports = g_hash_table_new (NULL, NULL);

  for (guint i = from; i < server->client_ports->len; i++)
    g_hash_table_add (ports, GUINT_TO_POINTER (g_array_index (server->client_ports, guint16, i)));
  return g_hash_table_size (ports);
}

/* Connections are reused while one TLS profile alone uses a server; once another does too,
 * each exchange with it has a connection of its own, whatever its cloud. */
static void
test_connection_reuse (void)
{
  Server server = { 0 };
  GError *error = NULL;
  JsonNode *answer;
  guint first;

  server_start (&server, "tls-server-a", NULL);
  for (guint i = 0; i < 3; i++)
    {
      answer = get_nodes (server.url, "a", &error, "cacert=tls-ca-a.pem", NULL);
      assert_nodes (answer, error);
    }
  g_assert_cmpuint (server.client_ports->len, >=, 3);
  g_assert_cmpuint (count_connections (&server, 0), ==, 1);

  answer = get_nodes (server.url, "insecure", &error, "verify=false", NULL);
  assert_nodes (answer, error);
  first = server.client_ports->len;
  for (guint i = 0; i < 2; i++)
    {
      answer = get_nodes (server.url, "a", &error, "cacert=tls-ca-a.pem", NULL);
      assert_nodes (answer, error);
    }
  g_assert_cmpuint (count_connections (&server, first), ==, server.client_ports->len - first);
  server_stop (&server);
}

static void
redirect_cb (SoupServer        *soup_server,
             SoupServerMessage *message,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  const char *target = user_data;
  g_autofree char *location = g_strconcat (target, path, NULL);

  soup_server_message_set_redirect (message, SOUP_STATUS_FOUND, location);
}

/* A redirect to a server another cloud's settings verified a pooled connection to does not
 * hand that connection over: cloud b, whose endpoint is a plain HTTP address that redirects to
 * server A, is refused the redirect to another origin (test-cloud-redirect.c) and never
 * reaches A. */
static void
test_redirect (void)
{
  g_autoptr(SoupServer) redirector = soup_server_new (NULL, NULL);
  g_autofree char *redirector_url = NULL;
  Server a = { 0 };
  GError *error = NULL;
  JsonNode *answer;
  guint requests;

  server_start (&a, "tls-server-a", NULL);
  soup_server_add_handler (redirector, NULL, redirect_cb, a.url, NULL);
  redirector_url = test_server_listen (redirector, 0);

  answer = get_nodes (a.url, "a", &error, "cacert=tls-ca-a.pem", NULL);
  assert_nodes (answer, error);
  requests = a.client_ports->len;
  answer = get_nodes (redirector_url, "b", &error, "cacert=tls-ca-b.pem", NULL);
  g_assert_null (answer);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_REDIRECT);
  g_assert_nonnull (strstr (error->message, redirector_url));
  g_assert_nonnull (strstr (error->message, a.url));
  g_clear_error (&error);
  g_assert_cmpuint (a.client_ports->len, ==, requests);

  soup_server_disconnect (redirector);
  server_stop (&a);
}

/* A server that requires a client certificate sees the configured one, and a cloud without
 * one is refused even right after one with it used the same server (both orders). */
static void
test_client_certificate (void)
{
  g_autofree char *client = data_file ("tls-client.pem");
  g_autoptr(GTlsCertificate) expected = NULL;
  g_autoptr(GError) local_error = NULL;
  Server server = { 0 };
  GError *error = NULL;
  JsonNode *answer;

  expected = g_tls_certificate_new_from_file (client, &local_error);
  g_assert_no_error (local_error);
  server_start (&server, "tls-server-a", "tls-ca-client.pem");

  answer = get_nodes (server.url, "anonymous", &error, "cacert=tls-ca-a.pem", NULL);
  g_assert_null (answer);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONNECT);
  g_assert_nonnull (strstr (error->message, server.url));
  g_clear_error (&error);
  g_assert_null (server.peer_certificate);

  for (guint round = 0; round < 2; round++)
    {
      answer = get_nodes (server.url, "client", &error, "cacert=tls-ca-a.pem",
                          "cert=tls-client.pem", "key=tls-client-key.pem", NULL);
      assert_nodes (answer, error);
      g_assert_nonnull (server.peer_certificate);
      g_assert_true (g_tls_certificate_is_same (server.peer_certificate, expected));
      g_clear_object (&server.peer_certificate);

      answer = get_nodes (server.url, "anonymous", &error, "cacert=tls-ca-a.pem", NULL);
      g_assert_null (answer);
      g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONNECT);
      g_clear_error (&error);
      g_assert_null (server.peer_certificate);
    }
  server_stop (&server);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cloud-tls/verified-by-default", test_verified_by_default);
  g_test_add_func ("/cloud-tls/cacert", test_cacert);
  g_test_add_func ("/cloud-tls/verify-false", test_verify_false);
  g_test_add_data_func ("/cloud-tls/two-cas/a-first", GINT_TO_POINTER (FALSE), test_two_cas);
  g_test_add_data_func ("/cloud-tls/two-cas/b-first", GINT_TO_POINTER (TRUE), test_two_cas);
  g_test_add_func ("/cloud-tls/client-certificate", test_client_certificate);
  g_test_add_func ("/cloud-tls/connection-reuse", test_connection_reuse);
  g_test_add_func ("/cloud-tls/redirect", test_redirect);

  return g_test_run ();
}
