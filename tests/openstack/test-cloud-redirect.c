/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Redirects: followed within the origin (scheme, host, port) of the URL asked, with the
 * request's token, method and body; refused with both URLs named when they lead to another
 * origin, so that no X-Auth-Token, Authorization header or password-bearing body (Keystone's
 * POST /v3/auth/tokens, an Ironic node's driver_info) reaches another server, nor plain HTTP
 * after HTTPS. Two SoupServers on 127.0.0.1, two ports and so two origins: "home" answers as a
 * small Keystone and Ironic and redirects where a test tells it to; "elsewhere" runs the same
 * code and records every request it receives, which it must never receive. */
#include "config.h"

#include <libsoup/soup.h>

#include "test-openstack-util.h"

#define PASSWORD        "pw-redirect-7c41e0"
#define TOKEN           "gAAAAABredirect-token-51d9"
#define BMC_PASSWORD    "bmc-secret-0a93f2"

typedef struct
{
  SoupServer *server;
  char       *url;
  /* path -> "STATUS Location" of the redirect to answer it with. */
  GHashTable *redirects;
  /* "METHOD path" of every request received. */
  GPtrArray  *requests;
  guint       n_tokens;
  guint       n_authorizations;
  GString    *bodies;
} Server;

typedef struct
{
  Server home;
  Server elsewhere;
  /* "METHOD URL STATUS" of each "request-finished". */
  GPtrArray *finished;
} Fixture;

static const TakeoverCloudService identity_service = {
  .service_type = "identity",
  .version_path = "v3",
};

static void
set_json (SoupServerMessage *message,
          guint              status,
          JsonBuilder       *builder)
{
  g_autoptr(JsonNode) node = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (node, FALSE);

  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, text,
                                    strlen (text));
}

/* Keystone's answer to a good password: a token whose catalog names this server's /v3. */
static void
issue_token (Server            *server,
             SoupServerMessage *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = g_date_time_add_hours (now, 1);
  g_autofree char *expires_at = g_date_time_format (expires, "%Y-%m-%dT%H:%M:%S.000000Z");
  g_autofree char *identity_url = g_strconcat (server->url, "/v3", NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires_at);
  json_builder_set_member_name (builder, "catalog");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "identity");
  json_builder_set_member_name (builder, "endpoints");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "interface");
  json_builder_add_string_value (builder, "public");
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, identity_url);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "X-Subject-Token", TOKEN);
  set_json (message, SOUP_STATUS_CREATED, builder);
}

/* Any other request: what arrived, so that a test sees the method and body that reached the
 * end of a redirect. Ironic's version headers make it do for Ironic's discovery too. */
static void
echo (SoupServerMessage *message,
      const char        *path,
      gboolean           token)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *text = g_strndup (body->data, body->length);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, soup_server_message_get_method (message));
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, path);
  json_builder_set_member_name (builder, "token");
  json_builder_add_boolean_value (builder, token);
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);

  soup_message_headers_replace (headers, "X-OpenStack-Ironic-API-Minimum-Version", "1.1");
  soup_message_headers_replace (headers, "X-OpenStack-Ironic-API-Maximum-Version", "1.82");
  set_json (message, SOUP_STATUS_OK, builder);
}

static void
handle_cb (SoupServer        *soup_server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Server *server = user_data;
  const char *method = soup_server_message_get_method (message);
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (message);
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  const char *token = soup_message_headers_get_one (request_headers, "X-Auth-Token");
  const char *redirect = g_hash_table_lookup (server->redirects, path);

  g_ptr_array_add (server->requests, g_strdup_printf ("%s %s", method, path));
  if (token != NULL)
    server->n_tokens++;
  if (soup_message_headers_get_one (request_headers, "Authorization") != NULL)
    server->n_authorizations++;
  g_string_append_len (server->bodies, body->data, body->length);

  if (redirect != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (redirect, " ", 2);

      /* The Location as given, relative ones included (set_redirect() would resolve it). */
      soup_server_message_set_status (message, atoi (parts[0]), NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Location", parts[1]);
    }
  else if (g_str_equal (method, "POST") && g_str_has_suffix (path, "/auth/tokens"))
    {
      g_autofree char *text = g_strndup (body->data, body->length);

      if (strstr (text, PASSWORD) != NULL)
        issue_token (server, message);
      else
        soup_server_message_set_status (message, SOUP_STATUS_UNAUTHORIZED, NULL);
    }
  else if (g_str_equal (path, "/v3"))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "version");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, "v3.14");
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, "stable");
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      set_json (message, SOUP_STATUS_OK, builder);
    }
  else if (g_str_has_prefix (path, "/v3/") && g_strcmp0 (token, TOKEN) != 0)
    soup_server_message_set_status (message, SOUP_STATUS_UNAUTHORIZED, NULL);
  else
    echo (message, path, token != NULL);
}

static void
server_start (Server                  *server,
              SoupServerListenOptions  options)
{
  g_autoptr(GError) error = NULL;

  if (options & SOUP_SERVER_LISTEN_HTTPS)
    {
      g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "openstack", "data",
                                                     "tls-self-signed.pem", NULL);
      g_autofree char *key = g_test_build_filename (G_TEST_DIST, "openstack", "data",
                                                    "tls-self-signed-key.pem", NULL);
      g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (cert, key,
                                                                                 &error);

      g_assert_no_error (error);
      server->server = soup_server_new ("tls-certificate", certificate, NULL);
    }
  else
    server->server = soup_server_new (NULL, NULL);
  server->redirects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  server->requests = g_ptr_array_new_with_free_func (g_free);
  server->bodies = g_string_new (NULL);
  soup_server_add_handler (server->server, NULL, handle_cb, server, NULL);
  server->url = test_server_listen (server->server, options);
}

static void
server_stop (Server *server)
{
  soup_server_disconnect (server->server);
  g_clear_object (&server->server);
  g_clear_pointer (&server->url, g_free);
  g_clear_pointer (&server->redirects, g_hash_table_unref);
  g_clear_pointer (&server->requests, g_ptr_array_unref);
  g_string_free (g_steal_pointer (&server->bodies), TRUE);
}

/* Makes @server answer requests for @path with a @status redirect to @location. */
static void
redirect (Server     *server,
          const char *path,
          guint       status,
          const char *location)
{
  g_hash_table_replace (server->redirects, g_strdup (path),
                        g_strdup_printf ("%u %s", status, location));
}

/* Asserts that @server received nothing at all: no token, credentials nor body. */
static void
assert_untouched (Server *server)
{
  for (guint i = 0; i < server->requests->len; i++)
    g_test_message ("unexpected request: %s", (char *) g_ptr_array_index (server->requests, i));
  g_assert_cmpuint (server->requests->len, ==, 0);
  g_assert_cmpuint (server->n_tokens, ==, 0);
  g_assert_cmpuint (server->n_authorizations, ==, 0);
  g_assert_cmpuint (server->bodies->len, ==, 0);
}

static gboolean
received (Server     *server,
          const char *request)
{
  return g_ptr_array_find_with_equal_func (server->requests, request, g_str_equal, NULL);
}

/* Asserts a refused redirect: the error names the URL redirected from and the one
 * redirected to, and carries the redirect's status. */
static void
assert_refused (GError     **error,
                guint        status,
                const char  *from,
                const char  *to)
{
  g_assert_error (*error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_REDIRECT);
  g_test_message ("%s", (*error)->message);
  g_assert_cmpuint (takeover_cloud_error_get_status (*error), ==, status);
  g_assert_nonnull (strstr ((*error)->message, from));
  g_assert_nonnull (strstr ((*error)->message, to));
  g_clear_error (error);
}

static void
request_finished_cb (TakeoverCloud *cloud,
                     const char    *method,
                     const char    *url,
                     guint          status,
                     double         duration_ms,
                     GCancellable  *cancellable,
                     Fixture       *fixture)
{
  g_ptr_array_add (fixture->finished, g_strdup_printf ("%s %s %u", method, url, status));
}

/* A password cloud whose Keystone is home. */
static TakeoverCloud *
password_cloud (Fixture *fixture)
{
  g_autoptr(JsonObject) json = json_object_new ();
  g_autoptr(JsonObject) auth = json_object_new ();
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  TakeoverCloud *cloud;

  json_object_set_string_member (auth, "auth_url", fixture->home.url);
  json_object_set_string_member (auth, "username", "takeover");
  json_object_set_string_member (auth, "password", PASSWORD);
  json_object_set_string_member (auth, "project_name", "adopted");
  json_object_set_string_member (auth, "user_domain_name", "Default");
  json_object_set_string_member (auth, "project_domain_name", "Default");
  json_object_set_string_member (json, "auth_type", "password");
  json_object_set_object_member (json, "auth", g_steal_pointer (&auth));
  config = takeover_cloud_config_new_from_json ("redirected", json, &error);
  g_assert_no_error (error);
  cloud = takeover_cloud_new (config);
  g_signal_connect (cloud, "request-finished", G_CALLBACK (request_finished_cb), fixture);
  return cloud;
}

/* A cloud whose standalone Ironic at @url takes HTTP basic credentials; @cacert may name a
 * file under tests/openstack/data. */
static TakeoverCloud *
basic_cloud (const char *url,
             const char *cacert)
{
  g_autoptr(JsonObject) json = json_object_new ();
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (json, "auth_type", "http_basic");
  json_object_set_string_member (json, "username", "takeover");
  json_object_set_string_member (json, "password", PASSWORD);
  json_object_set_string_member (json, "endpoint", url);
  if (cacert != NULL)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "openstack", "data", cacert,
                                                     NULL);

      json_object_set_string_member (json, "cacert", path);
    }
  config = takeover_cloud_config_new_from_json ("basic", json, &error);
  g_assert_no_error (error);
  return takeover_cloud_new (config);
}

static JsonNode *
request (TakeoverCloud               *cloud,
         const TakeoverCloudService  *service,
         const char                  *method,
         const char                  *path,
         const char                  *body,
         GError                     **error)
{
  g_autoptr(JsonNode) node = body != NULL ? json_from_string (body, NULL) : NULL;
  JsonNode *answer;

  takeover_cloud_request_async (cloud, service, method, path, node, NULL,
                                TAKEOVER_CLOUD_REQUEST_NONE, NULL, test_result_cb, NULL);
  answer = takeover_cloud_request_finish (cloud, test_await (), error);
  test_drop_result ();
  return answer;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  server_start (&fixture->home, 0);
  server_start (&fixture->elsewhere, 0);
  fixture->finished = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  test_drop_result ();
  server_stop (&fixture->home);
  server_stop (&fixture->elsewhere);
  g_ptr_array_unref (fixture->finished);
}

/* Within home, redirects are followed: Keystone's POST with its password body (308), GETs with
 * the token, relative Locations, a PATCH with its method and body (307). Each hop is an
 * exchange of its own in "request-finished". */
static void
test_same_origin (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(TakeoverCloud) cloud = password_cloud (fixture);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *identity = g_strconcat (fixture->home.url, "/identity/v3/auth/tokens", NULL);
  g_autofree char *projects = NULL;
  JsonObject *object;

  redirect (&fixture->home, "/v3/auth/tokens", SOUP_STATUS_PERMANENT_REDIRECT, identity);
  redirect (&fixture->home, "/v3/projects", SOUP_STATUS_MOVED_PERMANENTLY, "/v3/projects/");
  redirect (&fixture->home, "/v3/nodes/a", SOUP_STATUS_TEMPORARY_REDIRECT, "b");

  answer = request (cloud, &identity_service, "GET", "/projects", NULL, &error);
  g_assert_no_error (error);
  object = json_node_get_object (answer);
  g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, "/v3/projects/");
  g_assert_true (json_object_get_boolean_member (object, "token"));
  g_assert_true (received (&fixture->home, "POST /identity/v3/auth/tokens"));
  g_clear_pointer (&answer, json_node_unref);

  answer = request (cloud, &identity_service, "PATCH", "/nodes/a", "{\"name\": \"x\"}", &error);
  g_assert_no_error (error);
  object = json_node_get_object (answer);
  g_assert_cmpstr (json_object_get_string_member (object, "method"), ==, "PATCH");
  g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, "/v3/nodes/b");
  g_assert_cmpstr (json_object_get_string_member (object, "body"), ==, "{\"name\":\"x\"}");
  g_assert_true (json_object_get_boolean_member (object, "token"));

  projects = g_strdup_printf ("GET %s/v3/projects 301", fixture->home.url);
  g_assert_true (g_ptr_array_find_with_equal_func (fixture->finished, projects, g_str_equal,
                                                   NULL));
  g_free (projects);
  projects = g_strdup_printf ("GET %s/v3/projects/ 200", fixture->home.url);
  g_assert_true (g_ptr_array_find_with_equal_func (fixture->finished, projects, g_str_equal,
                                                   NULL));
  assert_untouched (&fixture->elsewhere);
}

/* A request with the token is not followed to elsewhere, whatever the redirect's status. */
static void
test_token_other_origin (Fixture       *fixture,
                         gconstpointer  data)
{
  static const guint statuses[] = { 301, 302, 303, 307, 308 };
  g_autoptr(TakeoverCloud) cloud = password_cloud (fixture);
  g_autofree char *from = g_strconcat (fixture->home.url, "/v3/projects", NULL);
  g_autofree char *to = g_strconcat (fixture->elsewhere.url, "/v3/projects", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(JsonNode) answer = NULL;
      GError *error = NULL;

      redirect (&fixture->home, "/v3/projects", statuses[i], to);
      answer = request (cloud, &identity_service, "GET", "/projects", NULL, &error);
      g_assert_null (answer);
      assert_refused (&error, statuses[i], from, to);
    }
  /* The cloud had its token all along: only the redirect stood in the way. */
  g_assert_true (received (&fixture->home, "POST /v3/auth/tokens"));
  assert_untouched (&fixture->elsewhere);
}

/* Keystone's POST carries the password in its body: a 307 or 308 elsewhere is refused, and a
 * 301, 302 or 303 is no answer to follow (it would turn the POST into a GET), so the password
 * goes nowhere and the caller learns why. */
static void
test_auth_other_origin (Fixture       *fixture,
                        gconstpointer  data)
{
  static const guint statuses[] = { 307, 308, 301, 302, 303 };
  g_autofree char *from = g_strconcat (fixture->home.url, "/v3/auth/tokens", NULL);
  g_autofree char *to = g_strconcat (fixture->elsewhere.url, "/v3/auth/tokens", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(TakeoverCloud) cloud = password_cloud (fixture);
      GError *error = NULL;

      redirect (&fixture->home, "/v3/auth/tokens", statuses[i], to);
      takeover_cloud_authenticate_async (cloud, NULL, test_result_cb, NULL);
      g_assert_false (takeover_cloud_authenticate_finish (cloud, test_await (), &error));
      test_drop_result ();
      if (statuses[i] == 307 || statuses[i] == 308)
        assert_refused (&error, statuses[i], from, to);
      else
        {
          g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_FAILED);
          g_assert_cmpuint (takeover_cloud_error_get_status (error), ==, statuses[i]);
          g_assert_nonnull (strstr (error->message, from));
          g_clear_error (&error);
        }
      g_assert_null (takeover_cloud_get_user_name (cloud));
      g_assert_finalize_object (g_steal_pointer (&cloud));
    }
  assert_untouched (&fixture->elsewhere);
}

/* Without a token, a body can hold secrets too (a BMC password in an Ironic node's
 * driver_info), and an HTTP basic cloud sends its password in every request. */
static void
test_noauth_and_basic_other_origin (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *ironic = g_strconcat (fixture->home.url, "/baremetal", NULL);
  g_autofree char *from = g_strconcat (ironic, "/v1/nodes", NULL);
  g_autofree char *to = g_strconcat (fixture->elsewhere.url, "/v1/nodes", NULL);
  g_autoptr(TakeoverCloud) standalone = test_standalone_cloud (ironic, NULL);
  g_autoptr(TakeoverCloud) basic = basic_cloud (ironic, NULL);
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;

  redirect (&fixture->home, "/baremetal/v1/nodes", SOUP_STATUS_TEMPORARY_REDIRECT, to);
  answer = request (standalone, &takeover_ironic_service, "POST", "/nodes",
                    "{\"driver_info\": {\"ipmi_password\": \"" BMC_PASSWORD "\"}}", &error);
  g_assert_null (answer);
  assert_refused (&error, SOUP_STATUS_TEMPORARY_REDIRECT, from, to);
  g_assert_nonnull (strstr (fixture->home.bodies->str, BMC_PASSWORD));

  redirect (&fixture->home, "/baremetal/v1/nodes", SOUP_STATUS_FOUND, to);
  answer = request (basic, &takeover_ironic_service, "GET", "/nodes", NULL, &error);
  g_assert_null (answer);
  assert_refused (&error, SOUP_STATUS_FOUND, from, to);
  g_assert_cmpuint (fixture->home.n_authorizations, >, 0);
  assert_untouched (&fixture->elsewhere);
}

/* From https to plain http is another origin even on the same host and port. */
static void
test_https_to_http (Fixture       *fixture,
                    gconstpointer  data)
{
  Server secure = { 0 };
  g_autofree char *ironic = NULL;
  g_autofree char *from = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *to = NULL;
  g_autoptr(TakeoverCloud) cloud = NULL;
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;

  server_start (&secure, SOUP_SERVER_LISTEN_HTTPS);
  ironic = g_strconcat (secure.url, "/baremetal", NULL);
  from = g_strconcat (ironic, "/v1/nodes", NULL);
  cloud = basic_cloud (ironic, "tls-self-signed.pem");

  /* The cloud trusts the server: without redirects the request goes through. */
  answer = request (cloud, &takeover_ironic_service, "GET", "/nodes", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&answer, json_node_unref);

  plain = g_strconcat ("http", secure.url + strlen ("https"), NULL);
  to = g_strconcat (plain, "/baremetal/v1/nodes", NULL);
  redirect (&secure, "/baremetal/v1/nodes", SOUP_STATUS_MOVED_PERMANENTLY, to);
  answer = request (cloud, &takeover_ironic_service, "GET", "/nodes", NULL, &error);
  g_assert_null (answer);
  assert_refused (&error, SOUP_STATUS_MOVED_PERMANENTLY, from, to);

  g_free (to);
  to = g_strconcat (fixture->elsewhere.url, "/baremetal/v1/nodes", NULL);
  redirect (&secure, "/baremetal/v1/nodes", SOUP_STATUS_TEMPORARY_REDIRECT, to);
  answer = request (cloud, &takeover_ironic_service, "GET", "/nodes", NULL, &error);
  g_assert_null (answer);
  assert_refused (&error, SOUP_STATUS_TEMPORARY_REDIRECT, from, to);
  assert_untouched (&fixture->elsewhere);
  server_stop (&secure);
}

/* A write that a 303 (or 301, 302) sends to a GET elsewhere on the server is not turned into
 * that GET: the caller gets the redirect as the write's answer. */
static void
test_write_not_turned_into_get (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(TakeoverCloud) cloud = password_cloud (fixture);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  redirect (&fixture->home, "/v3/nodes", SOUP_STATUS_SEE_OTHER, "/v3/nodes/created");
  answer = request (cloud, &identity_service, "POST", "/nodes", "{\"name\": \"x\"}", &error);
  g_assert_null (answer);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_FAILED);
  g_assert_cmpuint (takeover_cloud_error_get_status (error), ==, SOUP_STATUS_SEE_OTHER);
  g_assert_false (received (&fixture->home, "GET /v3/nodes/created"));
}

/* A redirect loop ends in an error that says so, after as many hops as libsoup allows. */
static void
test_loop (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(TakeoverCloud) cloud = password_cloud (fixture);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  guint hops = 0;

  redirect (&fixture->home, "/v3/projects", SOUP_STATUS_FOUND, "/v3/projects");
  answer = request (cloud, &identity_service, "GET", "/projects", NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_REDIRECT);
  g_assert_nonnull (strstr (error->message, "more than 20 times"));
  for (guint i = 0; i < fixture->home.requests->len; i++)
    hops += g_str_equal (g_ptr_array_index (fixture->home.requests, i), "GET /v3/projects");
  g_assert_cmpuint (hops, ==, 21);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/cloud-redirect/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("same-origin", test_same_origin);
  ADD ("token-other-origin", test_token_other_origin);
  ADD ("auth-other-origin", test_auth_other_origin);
  ADD ("noauth-and-basic-other-origin", test_noauth_and_basic_other_origin);
  ADD ("https-to-http", test_https_to_http);
  ADD ("write-not-turned-into-get", test_write_not_turned_into_get);
  ADD ("loop", test_loop);
#undef ADD

  return g_test_run ();
}
