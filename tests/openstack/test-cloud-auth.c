/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keystone v3 authentication, catalog and token renewal against a small local SoupServer that
 * answers as the Keystone API reference documents POST /v3/auth/tokens (201, X-Subject-Token,
 * the token with its catalog and expires_at; 401 with {"error": …}) and a protected
 * GET /v3/projects. The real Keystone of the full bed is used by test-cloud-keystone.c; this
 * one exists because a real Keystone cannot be told to let a token expire in a minute or to
 * reject a token on cue. */
#include "config.h"

#include <libsoup/soup.h>

#include "test-openstack-util.h"

#define USER          "takeover"
#define PASSWORD      "pw-9f3c1d-s3cret"
#define GIVEN_TOKEN   "given-token-77b1c9"
#define APP_CREDENTIAL_ID        "appcred-1"
#define APP_SECRET    "appcred-secret-5e2a"

typedef struct
{
  SoupServer *server;
  char       *url;
  guint       n_tokens;
  guint       n_projects;
  guint       n_basic;
  int         lifetime;
  gboolean    reject_all;
  char       *valid_token;
  JsonObject *last_auth;
} Keystone;

static GString *debug_log;

static const TakeoverCloudService identity_service = {
  .service_type = "identity",
  .version_path = "v3",
};

static JsonObject *
endpoint (const char *interface,
          const char *region,
          const char *url)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", interface);
  json_object_set_string_member (object, "interface", interface);
  json_object_set_string_member (object, "region_id", region);
  json_object_set_string_member (object, "region", region);
  json_object_set_string_member (object, "url", url);
  return object;
}

static JsonObject *
service (const char *type,
         JsonObject *first,
         ...)
{
  JsonObject *object = json_object_new ();
  JsonArray *endpoints = json_array_new ();
  va_list args;

  va_start (args, first);
  for (JsonObject *e = first; e != NULL; e = va_arg (args, JsonObject *))
    json_array_add_object_element (endpoints, e);
  va_end (args);
  json_object_set_string_member (object, "type", type);
  json_object_set_string_member (object, "id", type);
  json_object_set_array_member (object, "endpoints", endpoints);
  return object;
}

static void
set_json (SoupServerMessage *message,
          guint              status,
          JsonNode          *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, text,
                                    strlen (text));
}

static void
unauthorized (SoupServerMessage *message)
{
  g_autoptr(JsonNode) node = json_from_string ("{\"error\": {\"code\": 401, \"message\": \"The request you have made requires authentication.\", \"title\": \"Unauthorized\"}}", NULL);

  soup_server_message_get_response_headers (message);
  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "WWW-Authenticate", "Keystone uri=\"http://127.0.0.1\"");
  set_json (message, SOUP_STATUS_UNAUTHORIZED, node);
}

static const char *
path_string (JsonObject *root,
             const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonObject *object = root;

  for (guint i = 0; parts[i + 1] != NULL; i++)
    {
      JsonNode *node = object != NULL ? json_object_get_member (object, parts[i]) : NULL;

      object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  return object != NULL ? json_object_get_string_member_with_default (object, parts[g_strv_length (parts) - 1], NULL) : NULL;
}

static gboolean
credentials_valid (Keystone   *keystone,
                   JsonObject *auth)
{
  const char *method = NULL;
  JsonArray *methods = json_object_get_array_member (json_object_get_object_member (auth, "identity"), "methods");

  if (methods != NULL && json_array_get_length (methods) == 1)
    method = json_array_get_string_element (methods, 0);

  if (g_strcmp0 (method, "password") == 0)
    return g_strcmp0 (path_string (auth, "identity.password.user.name"), USER) == 0 &&
           g_strcmp0 (path_string (auth, "identity.password.user.domain.name"), "Default") == 0 &&
           g_strcmp0 (path_string (auth, "identity.password.user.password"), PASSWORD) == 0;
  if (g_strcmp0 (method, "token") == 0)
    return g_strcmp0 (path_string (auth, "identity.token.id"), GIVEN_TOKEN) == 0;
  if (g_strcmp0 (method, "application_credential") == 0)
    return g_strcmp0 (path_string (auth, "identity.application_credential.id"), APP_CREDENTIAL_ID) == 0 &&
           g_strcmp0 (path_string (auth, "identity.application_credential.secret"), APP_SECRET) == 0;
  return FALSE;
}

static void
issue_token (Keystone          *keystone,
             SoupServerMessage *message)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) token = json_object_new ();
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = g_date_time_add_seconds (now, keystone->lifetime);
  g_autofree char *expires_at = g_date_time_format (expires, "%Y-%m-%dT%H:%M:%S.000000Z");
  g_autofree char *identity_url = g_strconcat (keystone->url, "/v3", NULL);
  JsonArray *catalog;
  JsonObject *user;
  JsonObject *auth;

  g_assert_true (json_parser_load_from_data (parser, body->data, body->length, NULL));
  auth = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "auth");
  g_clear_pointer (&keystone->last_auth, json_object_unref);
  keystone->last_auth = json_object_ref (auth);

  if (!credentials_valid (keystone, auth))
    {
      unauthorized (message);
      return;
    }

  keystone->n_tokens++;
  g_free (keystone->valid_token);
  /* Long and distinctive, so that a leak into the log would be found. */
  keystone->valid_token = g_strdup_printf ("gAAAAABtoken%06u-%s", keystone->n_tokens, "c0ffee4b1d");

  user = json_object_new ();
  json_object_set_string_member (user, "id", "u-1");
  json_object_set_string_member (user, "name", USER);
  json_object_set_object_member (token, "user", user);
  if (path_string (auth, "scope.project.name") != NULL)
    {
      JsonObject *project = json_object_new ();

      json_object_set_string_member (project, "id", "p-1");
      json_object_set_string_member (project, "name", path_string (auth, "scope.project.name"));
      json_object_set_object_member (token, "project", project);
    }
  json_object_set_string_member (token, "expires_at", expires_at);
  catalog = json_array_new ();
  json_array_add_object_element (catalog, service ("identity",
                                                   endpoint ("public", "RegionOne", identity_url),
                                                   endpoint ("internal", "RegionOne", "http://127.0.0.1:1/internal/v3"),
                                                   NULL));
  json_array_add_object_element (catalog, service ("baremetal",
                                                   endpoint ("public", "RegionOne", "http://127.0.0.1:1/one-public"),
                                                   endpoint ("internal", "RegionOne", "http://127.0.0.1:1/one-internal"),
                                                   endpoint ("public", "RegionTwo", "http://127.0.0.1:1/two-public"),
                                                   NULL));
  json_object_set_array_member (token, "catalog", catalog);
  json_object_set_object_member (root, "token", g_steal_pointer (&token));

  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "X-Subject-Token", keystone->valid_token);
  node = json_node_init_object (json_node_alloc (), root);
  set_json (message, SOUP_STATUS_CREATED, node);
}

/* A standalone Ironic behind HTTP basic auth (Ironic's auth_strategy = http_basic). */
static void
basic_ironic (Keystone          *keystone,
              SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  const char *authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                            "Authorization");
  g_autofree char *expected = NULL;
  g_autofree char *pair = g_strconcat (USER, ":", PASSWORD, NULL);
  g_autoptr(JsonNode) node = json_from_string ("{\"nodes\": []}", NULL);

  keystone->n_basic++;
  expected = g_base64_encode ((const guchar *) pair, strlen (pair));
  if (authorization == NULL || !g_str_has_prefix (authorization, "Basic ") ||
      !g_str_equal (authorization + 6, expected))
    {
      g_autoptr(JsonNode) refusal = json_from_string ("{\"error_message\": \"{\\\"faultstring\\\": \\\"Unauthorized\\\", \\\"faultcode\\\": \\\"Client\\\", \\\"debuginfo\\\": null}\"}", NULL);

      set_json (message, SOUP_STATUS_UNAUTHORIZED, refusal);
      return;
    }
  soup_message_headers_replace (headers, "X-OpenStack-Ironic-API-Minimum-Version", "1.1");
  soup_message_headers_replace (headers, "X-OpenStack-Ironic-API-Maximum-Version", "1.82");
  set_json (message, SOUP_STATUS_OK, node);
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Keystone *keystone = user_data;
  const char *method = soup_server_message_get_method (message);
  const char *token = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                    "X-Auth-Token");

  if (g_str_equal (method, "POST") && g_str_equal (path, "/v3/auth/tokens"))
    issue_token (keystone, message);
  else if (g_str_equal (method, "GET") && g_str_equal (path, "/v3"))
    {
      g_autoptr(JsonNode) node = json_from_string ("{\"version\": {\"id\": \"v3.14\", \"status\": \"stable\", \"updated\": \"2020-04-07T00:00:00Z\"}}", NULL);

      set_json (message, SOUP_STATUS_OK, node);
    }
  else if (g_str_equal (method, "GET") && g_str_equal (path, "/v3/projects"))
    {
      g_autoptr(JsonNode) node = json_from_string ("{\"projects\": [{\"id\": \"p-1\", \"name\": \"adopted\"}], \"links\": {\"next\": null}}", NULL);

      keystone->n_projects++;
      if (keystone->reject_all || token == NULL || g_strcmp0 (token, keystone->valid_token) != 0)
        unauthorized (message);
      else
        set_json (message, SOUP_STATUS_OK, node);
    }
  else if (g_str_has_prefix (path, "/basic/v1"))
    basic_ironic (keystone, message);
  else
    soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
keystone_set_up (Keystone      *keystone,
                 gconstpointer  data)
{
  keystone->lifetime = 3600;
  keystone->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (keystone->server, NULL, handle_cb, keystone, NULL);
  keystone->url = test_server_listen (keystone->server, 0);
}

static void
keystone_tear_down (Keystone      *keystone,
                    gconstpointer  data)
{
  test_drop_result ();
  soup_server_disconnect (keystone->server);
  g_clear_object (&keystone->server);
  g_free (keystone->url);
  g_free (keystone->valid_token);
  g_clear_pointer (&keystone->last_auth, json_object_unref);
}

/* A password cloud on the fake Keystone; @extra is more clouds.yaml keys as "key=value". */
static TakeoverCloud *
keystone_cloud (Keystone   *keystone,
                const char *auth_type,
                const char *extra)
{
  g_autoptr(JsonObject) json = json_object_new ();
  g_autoptr(JsonObject) auth = json_object_new ();
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) pairs = g_strsplit (extra != NULL ? extra : "", ",", -1);

  json_object_set_string_member (json, "auth_type", auth_type);
  /* Unversioned on purpose: the session adds /v3. */
  json_object_set_string_member (auth, "auth_url", keystone->url);
  json_object_set_string_member (auth, "username", USER);
  json_object_set_string_member (auth, "password", PASSWORD);
  json_object_set_string_member (auth, "project_name", "adopted");
  json_object_set_string_member (auth, "user_domain_name", "Default");
  json_object_set_string_member (auth, "project_domain_name", "Default");
  json_object_set_string_member (auth, "token", GIVEN_TOKEN);
  json_object_set_string_member (auth, "application_credential_id", APP_CREDENTIAL_ID);
  json_object_set_string_member (auth, "application_credential_secret", APP_SECRET);
  json_object_set_object_member (json, "auth", g_steal_pointer (&auth));
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (pairs[i], "=", 2);

      if (kv[0] != NULL && kv[1] != NULL)
        json_object_set_string_member (json, kv[0], kv[1]);
    }

  config = takeover_cloud_config_new_from_json ("test", json, &error);
  g_assert_no_error (error);
  return takeover_cloud_new (config);
}

static JsonNode *
list_projects (TakeoverCloud  *cloud,
               GError        **error)
{
  takeover_cloud_request_async (cloud, &identity_service, "GET", "/projects", NULL, NULL,
                                TAKEOVER_CLOUD_REQUEST_NONE, NULL, test_result_cb, NULL);
  return takeover_cloud_request_finish (cloud, test_await (), error);
}

static void
test_password (Keystone      *keystone,
               gconstpointer  data)
{
  g_autoptr(TakeoverCloud) cloud = keystone_cloud (keystone, "password", NULL);
  g_autoptr(JsonNode) projects = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  test_authenticate (cloud, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (keystone->n_tokens, ==, 1);

  /* The request as the API reference documents it. */
  g_assert_cmpstr (path_string (keystone->last_auth, "identity.password.user.name"), ==, USER);
  g_assert_cmpstr (path_string (keystone->last_auth, "identity.password.user.domain.name"), ==, "Default");
  g_assert_cmpstr (path_string (keystone->last_auth, "scope.project.name"), ==, "adopted");
  g_assert_cmpstr (path_string (keystone->last_auth, "scope.project.domain.name"), ==, "Default");

  g_assert_cmpstr (takeover_cloud_get_user_name (cloud), ==, USER);
  g_assert_cmpstr (takeover_cloud_get_user_id (cloud), ==, "u-1");
  g_assert_cmpstr (takeover_cloud_get_project_name (cloud), ==, "adopted");
  g_assert_cmpstr (takeover_cloud_get_project_id (cloud), ==, "p-1");
  g_assert_nonnull (takeover_cloud_get_token_expiry (cloud));
  summary = takeover_cloud_dup_auth_summary (cloud);
  g_assert_nonnull (strstr (summary, "as " USER " in project adopted"));

  projects = list_projects (cloud, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (json_node_get_object (projects), "projects"));
  /* One token serves both. */
  g_assert_cmpuint (keystone->n_tokens, ==, 1);

  test_drop_result ();
  g_assert_finalize_object (g_steal_pointer (&cloud));
}

static void
test_other_methods (Keystone      *keystone,
                    gconstpointer  data)
{
  g_autoptr(TakeoverCloud) token_cloud = keystone_cloud (keystone, "token", NULL);
  g_autoptr(TakeoverCloud) app_cloud = keystone_cloud (keystone, "v3applicationcredential", NULL);
  g_autoptr(GError) error = NULL;

  test_authenticate (token_cloud, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path_string (keystone->last_auth, "identity.token.id"), ==, GIVEN_TOKEN);
  g_assert_cmpstr (path_string (keystone->last_auth, "scope.project.name"), ==, "adopted");

  test_authenticate (app_cloud, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path_string (keystone->last_auth, "identity.application_credential.id"), ==, APP_CREDENTIAL_ID);
  /* An application credential carries its own scope. */
  g_assert_false (json_object_has_member (keystone->last_auth, "scope"));
  g_assert_null (takeover_cloud_get_project_name (app_cloud));
  g_assert_cmpuint (keystone->n_tokens, ==, 2);
}

static JsonNode *
basic_list_nodes (Keystone    *keystone,
                  const char  *password,
                  GError     **error)
{
  g_autoptr(JsonObject) json = json_object_new ();
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(TakeoverCloud) cloud = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *endpoint = g_strconcat (keystone->url, "/basic", NULL);

  json_object_set_string_member (json, "auth_type", "http_basic");
  json_object_set_string_member (json, "username", USER);
  json_object_set_string_member (json, "password", password);
  json_object_set_string_member (json, "endpoint", endpoint);
  config = takeover_cloud_config_new_from_json ("basic", json, &local_error);
  g_assert_no_error (local_error);
  cloud = takeover_cloud_new (config);
  takeover_cloud_request_async (cloud, &takeover_ironic_service, "GET", "/nodes", NULL, NULL,
                                TAKEOVER_CLOUD_REQUEST_NONE, NULL, test_result_cb, NULL);
  return takeover_cloud_request_finish (cloud, test_await (), error);
}

static void
test_http_basic (Keystone      *keystone,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) nodes = NULL;
  g_autoptr(GError) error = NULL;

  nodes = basic_list_nodes (keystone, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (json_node_get_object (nodes), "nodes"));
  /* Discovery and the call, both with the credentials. */
  g_assert_cmpuint (keystone->n_basic, ==, 2);

  /* Refused: one sentence from Ironic, no token dance (there is no Keystone). */
  nodes = basic_list_nodes (keystone, "wrong", &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_AUTH);
  g_assert_cmpuint (takeover_cloud_error_get_status (error), ==, 401);
  g_assert_cmpstr (takeover_cloud_error_get_server_message (error), ==, "Unauthorized");
  g_assert_cmpuint (keystone->n_basic, ==, 3);
  g_assert_cmpuint (keystone->n_tokens, ==, 0);
}

static void
test_wrong_password (Keystone      *keystone,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) json = json_object_new ();
  g_autoptr(JsonObject) auth = json_object_new ();
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(TakeoverCloud) cloud = NULL;
  g_autoptr(JsonNode) projects = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *auth_url = g_strconcat (keystone->url, "/v3", NULL);

  json_object_set_string_member (auth, "auth_url", auth_url);
  json_object_set_string_member (auth, "username", USER);
  json_object_set_string_member (auth, "password", "wrong");
  json_object_set_object_member (json, "auth", g_steal_pointer (&auth));
  config = takeover_cloud_config_new_from_json ("wrong", json, &error);
  g_assert_no_error (error);
  cloud = takeover_cloud_new (config);

  projects = list_projects (cloud, &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_AUTH);
  g_assert_cmpuint (takeover_cloud_error_get_status (error), ==, 401);
  g_assert_cmpstr (takeover_cloud_error_get_method (error), ==, "POST");
  g_assert_true (g_str_has_prefix (error->message, "Keystone at "));
  g_assert_nonnull (strstr (error->message, "refused the credentials of cloud “wrong”: The request you have made requires authentication."));
  /* The user's domain defaults to "default" by id, as openstacksdk does. */
  g_assert_cmpstr (path_string (keystone->last_auth, "identity.password.user.domain.id"), ==, "default");
  g_assert_cmpuint (keystone->n_tokens, ==, 0);
}

static void
test_renew_before_expiry (Keystone      *keystone,
                          gconstpointer  data)
{
  g_autoptr(TakeoverCloud) cloud = keystone_cloud (keystone, "password", NULL);
  g_autoptr(GError) error = NULL;

  /* A token that lives less than the renewal margin is renewed before each use. */
  keystone->lifetime = 60;
  for (guint i = 1; i <= 3; i++)
    {
      g_autoptr(JsonNode) projects = list_projects (cloud, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (keystone->n_tokens, ==, i);
    }
  g_assert_cmpuint (keystone->n_projects, ==, 3);

  /* A long-lived one is kept. */
  keystone->lifetime = 3600;
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) projects = list_projects (cloud, &error);

      g_assert_no_error (error);
    }
  g_assert_cmpuint (keystone->n_tokens, ==, 4);
}

static void
test_renew_on_401 (Keystone      *keystone,
                   gconstpointer  data)
{
  g_autoptr(TakeoverCloud) cloud = keystone_cloud (keystone, "password", NULL);
  g_autoptr(JsonNode) projects = NULL;
  g_autoptr(GError) error = NULL;

  projects = list_projects (cloud, &error);
  g_assert_no_error (error);
  g_clear_pointer (&projects, json_node_unref);

  /* Keystone forgets the token (revoked, restarted): one 401, a new token, the same call
   * again, and the caller sees only the answer. */
  g_clear_pointer (&keystone->valid_token, g_free);
  projects = list_projects (cloud, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (keystone->n_tokens, ==, 2);
  g_assert_cmpuint (keystone->n_projects, ==, 3);
  g_clear_pointer (&projects, json_node_unref);

  /* A 401 that a fresh token does not cure is reported after one renewal, not looped. */
  keystone->reject_all = TRUE;
  projects = list_projects (cloud, &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_AUTH);
  g_assert_cmpuint (takeover_cloud_error_get_status (error), ==, 401);
  g_assert_cmpstr (takeover_cloud_error_get_method (error), ==, "GET");
  g_assert_cmpuint (keystone->n_tokens, ==, 3);
  g_assert_cmpuint (keystone->n_projects, ==, 5);
}

static void
test_catalog (Keystone      *keystone,
              gconstpointer  data)
{
  struct
  {
    const char *extra;
    const char *baremetal;
  } cases[] = {
    { NULL, "http://127.0.0.1:1/one-public" },
    { "region_name=RegionTwo", "http://127.0.0.1:1/two-public" },
    { "interface=internalURL,region_name=RegionOne", "http://127.0.0.1:1/one-internal" },
    { "baremetal_interface=internal", "http://127.0.0.1:1/one-internal" },
    { "baremetal_endpoint_override=http://127.0.0.1:2/override", "http://127.0.0.1:2/override" },
    { "region_name=Nowhere", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TakeoverCloud) cloud = keystone_cloud (keystone, "password", cases[i].extra);
      g_autoptr(GPtrArray) endpoints = NULL;
      g_autoptr(TakeoverCloudEndpoint) found = NULL;
      g_autoptr(GError) error = NULL;

      test_authenticate (cloud, &error);
      g_assert_no_error (error);
      endpoints = takeover_cloud_list_endpoints (cloud);
      g_assert_cmpstr (test_endpoint_url (endpoints, "baremetal"), ==, cases[i].baremetal);
      if (cases[i].baremetal != NULL)
        continue;

      takeover_cloud_discover_async (cloud, &takeover_ironic_service, NULL, test_result_cb, NULL);
      found = takeover_cloud_discover_finish (cloud, test_await (), &error);
      g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_NO_ENDPOINT);
      g_assert_nonnull (strstr (error->message, "baremetal"));
      g_assert_nonnull (strstr (error->message, "Nowhere"));
    }
}

static void
test_secrets_not_logged (Keystone      *keystone,
                         gconstpointer  data)
{
  g_autoptr(TakeoverCloud) cloud = keystone_cloud (keystone, "password", NULL);
  g_autoptr(JsonNode) projects = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token_line = NULL;

  g_string_truncate (debug_log, 0);
  projects = list_projects (cloud, &error);
  g_assert_no_error (error);

  /* One line a request: method, URL, status, time; the token only as <redacted>. */
  token_line = g_strdup_printf ("GET %s/v3/projects X-Auth-Token: <redacted> -> 200 OK (", keystone->url);
  g_assert_nonnull (strstr (debug_log->str, token_line));
  g_assert_nonnull (strstr (debug_log->str, "POST "));
  g_assert_nonnull (strstr (debug_log->str, "/v3/auth/tokens -> 201 Created ("));
  g_assert_null (strstr (debug_log->str, PASSWORD));
  g_assert_null (strstr (debug_log->str, keystone->valid_token));
  g_assert_null (strstr (debug_log->str, "gAAAAB"));
}

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
        {
          g_string_append (debug_log, fields[i].value);
          g_string_append_c (debug_log, '\n');
        }
    }
  if (level & G_LOG_LEVEL_DEBUG)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

int
main (int    argc,
      char **argv)
{
  /* As an operator would run it: debug output of the OpenStack layer on. */
  g_setenv ("G_MESSAGES_DEBUG", "takeover-openstack", TRUE);
  debug_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cloud-auth/password", Keystone, NULL, keystone_set_up, test_password, keystone_tear_down);
  g_test_add ("/cloud-auth/other-methods", Keystone, NULL, keystone_set_up, test_other_methods, keystone_tear_down);
  g_test_add ("/cloud-auth/http-basic", Keystone, NULL, keystone_set_up, test_http_basic, keystone_tear_down);
  g_test_add ("/cloud-auth/wrong-password", Keystone, NULL, keystone_set_up, test_wrong_password, keystone_tear_down);
  g_test_add ("/cloud-auth/renew-before-expiry", Keystone, NULL, keystone_set_up, test_renew_before_expiry, keystone_tear_down);
  g_test_add ("/cloud-auth/renew-on-401", Keystone, NULL, keystone_set_up, test_renew_on_401, keystone_tear_down);
  g_test_add ("/cloud-auth/catalog", Keystone, NULL, keystone_set_up, test_catalog, keystone_tear_down);
  g_test_add ("/cloud-auth/secrets-not-logged", Keystone, NULL, keystone_set_up, test_secrets_not_logged, keystone_tear_down);

  return g_test_run ();
}
