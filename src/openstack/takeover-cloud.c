/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-openstack"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-cloud.h"
#include "takeover-cloud-error-private.h"
#include "takeover-cloud-private.h"

#define DEFAULT_TIMEOUT      60.0
/* Timeout sources count milliseconds in a guint; a longer timeout is cut to this. */
#define MAX_TIMEOUT          (G_MAXUINT / 1000.0)
#define DEFAULT_MAX_RETRIES  6
#define DEFAULT_RETRY_DELAY  0.5
#define MAX_RETRY_DELAY      10.0
/* Redirects one request follows within its origin before it fails, as libsoup's limit would. */
#define MAX_REDIRECTS        20
/* Renew the token this long before Keystone says it expires, so no request carries a token
 * that dies on the way. */
#define TOKEN_MARGIN_SECONDS 120

struct _TakeoverCloud
{
  GObject              parent_instance;

  TakeoverCloudConfig *config;
  SoupSession         *session;
  /* What this cloud trusts: its cacert, else the system's CAs; NULL with "verify: false". */
  GTlsDatabase        *ca_database;
  GTlsCertificate     *client_certificate;
  /* Names the TLS settings above; clouds with equal ones may share connections. */
  char                *tls_profile;
  GError              *tls_error;
  double               timeout;
  guint                max_retries;
  double               retry_delay;

  /* Keystone state. */
  char                *token;
  GDateTime           *token_expiry;
  JsonArray           *catalog;
  char                *user_id;
  char                *user_name;
  char                *project_id;
  char                *project_name;
  gboolean             system_scope;
  gboolean             authenticated;
  GPtrArray           *auth_waiters;

  /* service type -> TakeoverCloudEndpoint, and -> GPtrArray of GTasks waiting for it. */
  GHashTable          *endpoints;
  GHashTable          *discovery_waiters;
};

enum {
  SIGNAL_REQUEST_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_AUTHENTICATED,
  PROP_USER_NAME,
  PROP_PROJECT_NAME,
  PROP_TOKEN_EXPIRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TakeoverCloud, takeover_cloud, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (TakeoverCloudEndpoint, takeover_cloud_endpoint,
                     takeover_cloud_endpoint_copy, takeover_cloud_endpoint_free)

/* One HTTP exchange with its retries: the layer under requests, authentication and discovery.
 * It completes with the last answer (whatever its status) or a transport error. */
typedef struct
{
  char          *method;
  char          *url;
  /* The URL asked now: @url until a redirect within its origin points elsewhere. */
  char          *location;
  guint          redirects;
  GBytes        *body;
  char          *content_type;
  char          *token;
  char          *version_header;
  char          *version_value;
  gboolean       basic_auth;
  gboolean       retry;
  /* Not sent again after a broken connection: the server may have acted on it already. */
  gboolean       once;
  guint          attempt;
  gint64         started;
  gint64         deadline;
  gboolean       timed_out;
  GCancellable  *cancellable;
  gulong         cancelled_id;
  /* The cancellable the caller gave the request, which "request-finished" names. */
  GCancellable  *caller_cancellable;
  GCancellable  *own_cancellable;
  GSource       *timeout_source;
  SoupMessage   *message;
} Exchange;

typedef struct
{
  SoupMessage *message;
  GBytes      *body;
} Answer;

static void
answer_free (Answer *answer)
{
  g_clear_object (&answer->message);
  g_clear_pointer (&answer->body, g_bytes_unref);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

static void
exchange_free (Exchange *exchange)
{
  if (exchange->cancelled_id != 0)
    g_cancellable_disconnect (exchange->cancellable, exchange->cancelled_id);
  g_clear_object (&exchange->cancellable);
  g_clear_object (&exchange->caller_cancellable);
  if (exchange->timeout_source != NULL)
    g_source_destroy (exchange->timeout_source);
  g_clear_pointer (&exchange->timeout_source, g_source_unref);
  g_clear_object (&exchange->own_cancellable);
  g_clear_object (&exchange->message);
  g_free (exchange->method);
  g_free (exchange->url);
  g_free (exchange->location);
  g_clear_pointer (&exchange->body, g_bytes_unref);
  g_free (exchange->content_type);
  g_free (exchange->token);
  g_free (exchange->version_header);
  g_free (exchange->version_value);
  g_free (exchange);
}

/* Endpoints and microversions. */

TakeoverCloudEndpoint *
takeover_cloud_endpoint_copy (const TakeoverCloudEndpoint *endpoint)
{
  TakeoverCloudEndpoint *copy;

  g_return_val_if_fail (endpoint != NULL, NULL);

  copy = g_new0 (TakeoverCloudEndpoint, 1);
  copy->service_type = g_strdup (endpoint->service_type);
  copy->interface = g_strdup (endpoint->interface);
  copy->region = g_strdup (endpoint->region);
  copy->url = g_strdup (endpoint->url);
  copy->versioned_url = g_strdup (endpoint->versioned_url);
  copy->min_version = g_strdup (endpoint->min_version);
  copy->max_version = g_strdup (endpoint->max_version);
  copy->microversion = g_strdup (endpoint->microversion);
  return copy;
}

void
takeover_cloud_endpoint_free (TakeoverCloudEndpoint *endpoint)
{
  if (endpoint == NULL)
    return;

  g_free (endpoint->service_type);
  g_free (endpoint->interface);
  g_free (endpoint->region);
  g_free (endpoint->url);
  g_free (endpoint->versioned_url);
  g_free (endpoint->min_version);
  g_free (endpoint->max_version);
  g_free (endpoint->microversion);
  g_free (endpoint);
}

int
takeover_microversion_compare (const char *a,
                               const char *b)
{
  guint64 a_major, a_minor = 0, b_major, b_minor = 0;
  const char *dot;

  g_return_val_if_fail (a != NULL && b != NULL, 0);

  a_major = g_ascii_strtoull (a, NULL, 10);
  dot = strchr (a, '.');
  if (dot != NULL)
    a_minor = g_ascii_strtoull (dot + 1, NULL, 10);
  b_major = g_ascii_strtoull (b, NULL, 10);
  dot = strchr (b, '.');
  if (dot != NULL)
    b_minor = g_ascii_strtoull (dot + 1, NULL, 10);

  if (a_major != b_major)
    return a_major < b_major ? -1 : 1;
  if (a_minor != b_minor)
    return a_minor < b_minor ? -1 : 1;
  return 0;
}

static gboolean
is_version_segment (const char *segment)
{
  if (segment[0] != 'v' || !g_ascii_isdigit (segment[1]))
    return FALSE;
  for (const char *p = segment + 1; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) && *p != '.')
        return FALSE;
    }
  return TRUE;
}

static char *
strip_trailing_slashes (const char *url)
{
  char *copy = g_strdup (url);
  gsize length = strlen (copy);

  while (length > 0 && copy[length - 1] == '/')
    copy[--length] = '\0';
  return copy;
}

/* The URL requests are relative to: the catalog's own when it ends in a version ("/v2.1"),
 * else with @version_path appended. */
static char *
versioned_url_for (const char *url,
                   const char *version_path)
{
  g_autofree char *base = strip_trailing_slashes (url);
  const char *last = strrchr (base, '/');

  if (version_path == NULL || (last != NULL && is_version_segment (last + 1)))
    return g_steal_pointer (&base);

  return g_strconcat (base, "/", version_path, NULL);
}

/* Errors. */

static char *
collapse_text (const char *text,
               gsize       length)
{
  GString *out = g_string_new (NULL);
  gboolean in_tag = FALSE;
  gboolean space = FALSE;

  /* Plain text or HTML (Glance, proxies): drop tags and fold white space. */
  for (gsize i = 0; i < length && out->len < 400; i++)
    {
      char c = text[i];

      if (c == '<')
        in_tag = TRUE;
      else if (c == '>' && in_tag)
        {
          in_tag = FALSE;
          space = out->len > 0;
        }
      else if (!in_tag && g_ascii_isspace (c))
        space = out->len > 0;
      else if (!in_tag)
        {
          if (space)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, c);
        }
    }

  return g_string_free (out, out->len == 0);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static char *
message_from_object (JsonObject *object,
                     guint       depth)
{
  static const char * const keys[] = { "faultstring", "message", "detail", "description",
                                       "error_description", "title", NULL };
  JsonNode *node;

  /* Ironic: {"error_message": "{\"faultstring\": …}"}, JSON inside a JSON string. */
  node = json_object_get_member (object, "error_message");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      const char *inner = json_node_get_string (node);

      if (json_parser_load_from_data (parser, inner, -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        return message_from_object (json_node_get_object (json_parser_get_root (parser)),
                                    depth + 1);
      return g_strdup (inner);
    }
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return message_from_object (json_node_get_object (node), depth + 1);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *text = string_member (object, keys[i]);

      if (text != NULL && text[0] != '\0')
        return g_strdup (text);
    }

  /* Placement: {"errors": [{"detail": …}]}. */
  node = json_object_get_member (object, "errors");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node) &&
      json_array_get_length (json_node_get_array (node)) > 0)
    {
      JsonNode *first = json_array_get_element (json_node_get_array (node), 0);

      if (JSON_NODE_HOLDS_OBJECT (first) && depth < 3)
        return message_from_object (json_node_get_object (first), depth + 1);
    }

  /* Nova {"itemNotFound": {"message": …}}, Neutron {"NeutronError": {…}}, Keystone
   * {"error": {…}}: one member holding the details. */
  if (json_object_get_size (object) == 1 && depth < 3)
    {
      g_autoptr(GList) values = json_object_get_values (object);

      if (JSON_NODE_HOLDS_OBJECT (values->data))
        return message_from_object (json_node_get_object (values->data), depth + 1);
      if (JSON_NODE_HOLDS_VALUE (values->data) &&
          json_node_get_value_type (values->data) == G_TYPE_STRING)
        return g_strdup (json_node_get_string (values->data));
    }

  return NULL;
}

/* The server's own message from an error body, whatever the service's shape. */
char *
_takeover_cloud_server_message (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = 0;
  const char *data;

  if (body == NULL)
    return NULL;

  data = g_bytes_get_data (body, &length);
  if (length == 0)
    return NULL;

  if (json_parser_load_from_data (parser, data, length, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      char *message = message_from_object (json_node_get_object (json_parser_get_root (parser)), 0);

      if (message != NULL)
        return message;
    }

  return collapse_text (data, length);
}

static gboolean
is_lock_message (const char *message)
{
  return message != NULL && (strstr (message, "is locked by") != NULL ||
                             strstr (message, "NodeLocked") != NULL);
}

static TakeoverCloudError
code_for_status (guint       status,
                 const char *server_message)
{
  switch (status)
    {
    case SOUP_STATUS_BAD_REQUEST:
      return TAKEOVER_CLOUD_ERROR_BAD_REQUEST;
    case SOUP_STATUS_UNAUTHORIZED:
      return TAKEOVER_CLOUD_ERROR_AUTH;
    case SOUP_STATUS_FORBIDDEN:
      return TAKEOVER_CLOUD_ERROR_FORBIDDEN;
    case SOUP_STATUS_NOT_FOUND:
      return TAKEOVER_CLOUD_ERROR_NOT_FOUND;
    case SOUP_STATUS_NOT_ACCEPTABLE:
      return TAKEOVER_CLOUD_ERROR_NOT_ACCEPTABLE;
    case SOUP_STATUS_CONFLICT:
      return is_lock_message (server_message) ? TAKEOVER_CLOUD_ERROR_LOCKED
                                              : TAKEOVER_CLOUD_ERROR_CONFLICT;
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      return TAKEOVER_CLOUD_ERROR_UNAVAILABLE;
    default:
      if (status >= 500)
        return TAKEOVER_CLOUD_ERROR_SERVER;
      if (status >= 400)
        return TAKEOVER_CLOUD_ERROR_BAD_REQUEST;
      return TAKEOVER_CLOUD_ERROR_FAILED;
    }
}

static GError *
error_from_answer (const char *method,
                   const char *url,
                   Answer     *answer)
{
  guint status = soup_message_get_status (answer->message);
  const char *reason = soup_message_get_reason_phrase (answer->message);
  SoupMessageHeaders *headers = soup_message_get_response_headers (answer->message);
  const char *request_id = soup_message_headers_get_one (headers, "x-openstack-request-id");
  g_autofree char *server_message = _takeover_cloud_server_message (answer->body);
  GError *error;

  if (reason == NULL || reason[0] == '\0')
    reason = soup_status_get_phrase (status);
  if (server_message != NULL)
    error = g_error_new (TAKEOVER_CLOUD_ERROR, code_for_status (status, server_message),
                         /* Translators: the server's message, then "409 Conflict", "GET", a URL */
                         _("%s (HTTP %u %s from %s %s)"), server_message, status,
                         reason != NULL ? reason : "", method, url);
  else
    error = g_error_new (TAKEOVER_CLOUD_ERROR, code_for_status (status, server_message),
                         _("The server answered HTTP %u %s to %s %s."), status,
                         reason != NULL ? reason : "", method, url);
  /* Ironic says Openstack-Request-Id, Nova also X-Compute-Request-Id. */
  if (request_id == NULL)
    request_id = soup_message_headers_get_one (headers, "openstack-request-id");
  if (request_id == NULL)
    request_id = soup_message_headers_get_one (headers, "x-compute-request-id");
  _takeover_cloud_error_set_details (error, status, method, url, server_message, request_id);
  return error;
}

static GError *
error_new_for_request (TakeoverCloudError  code,
                       const char         *method,
                       const char         *url,
                       const char         *format,
                       ...) G_GNUC_PRINTF (4, 5);

static GError *
error_new_for_request (TakeoverCloudError  code,
                       const char         *method,
                       const char         *url,
                       const char         *format,
                       ...)
{
  va_list args;
  GError *error;

  va_start (args, format);
  error = g_error_new_valist (TAKEOVER_CLOUD_ERROR, code, format, args);
  va_end (args);
  _takeover_cloud_error_set_details (error, 0, method, url, NULL, NULL);
  return error;
}

/* Transport failures worth another try: the connection broke under a request. */
static gboolean
is_reset_error (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
         g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING) ||
         g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_ENCODING) ||
         (error->domain == G_IO_ERROR && error->code == G_IO_ERROR_FAILED &&
          strstr (error->message, "reset") != NULL);
}

/* TLS with one SoupSession for every cloud. The session itself trusts nothing (its
 * tls-database is NULL), so every new TLS connection asks the message that opens it
 * ("accept-certificate"), and accept_certificate_cb verifies the server against that message's
 * cloud alone: its cacert, else the system's CAs (as openstacksdk: a cacert replaces them), or
 * nothing with "verify: false". The message also carries the cloud's client certificate.
 *
 * libsoup 3.2 pools connections by host and port only, so a connection one cloud's settings
 * verified (or that presented its client certificate) would otherwise carry another cloud's
 * requests to the same host and port without any check. So connections to an https
 * host:port are reused only while one TLS profile alone uses it; once a cloud with other
 * settings uses it too, every exchange with it gets a new connection, closed after it. Every
 * one, the first profile's too: a message that may reuse takes any open connection, even an
 * HTTP/2 one another message is using, which a profile's own messages could not tell apart. */

static const char *
tls_error_reason (TakeoverCloud         *self,
                  GTlsCertificateFlags   errors,
                  char                 **owned)
{
  const char *cacert = takeover_cloud_config_get_cacert (self->config);

  if (errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    {
      if (cacert == NULL)
        return _("not issued by a certificate authority this system trusts; set “cacert” "
                 "to the CA that issued it");
      /* Translators: %s is a file of CA certificates */
      return *owned = g_strdup_printf (_("not issued by the CA certificates in %s"), cacert);
    }
  if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return _("issued for another host name");
  if (errors & (G_TLS_CERTIFICATE_EXPIRED | G_TLS_CERTIFICATE_NOT_ACTIVATED))
    return _("outside its validity period");
  if (errors & G_TLS_CERTIFICATE_REVOKED)
    return _("revoked");
  if (errors & G_TLS_CERTIFICATE_INSECURE)
    return _("signed with an insecure algorithm");
  return _("not verifiable");
}

static gboolean
accept_certificate_cb (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       TakeoverCloud        *self)
{
  g_autoptr(GSocketConnectable) identity = NULL;
  GUri *uri = soup_message_get_uri (message);
  GTlsCertificateFlags flags;

  /* "verify: false" is the operator's explicit choice for this cloud only. */
  if (self->ca_database == NULL)
    return TRUE;

  identity = g_network_address_new (g_uri_get_host (uri), g_uri_get_port (uri));
  flags = g_tls_database_verify_chain (self->ca_database, certificate,
                                       G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER, identity,
                                       NULL, G_TLS_DATABASE_VERIFY_NONE, NULL, NULL);
  /* Kept for the error the exchange reports: libsoup only says the certificate was refused. */
  g_object_set_data (G_OBJECT (message), "takeover-tls-errors", GUINT_TO_POINTER (flags));
  return flags == 0;
}

/* Whether a request of this cloud to @uri may reuse pooled connections (see above). */
static gboolean
shares_connections (TakeoverCloud *self,
                    GUri          *uri)
{
  /* host:port -> the one TLS profile that uses it, or "" once several do. */
  static GHashTable *profiles;
  g_autofree char *host = NULL;
  g_autofree char *key = NULL;
  const char *profile;

  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0)
    return TRUE;

  if (profiles == NULL)
    profiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* libsoup compares host names without case; a missing port is 443 here, which may merge
   * two of libsoup's keys into one of ours, never the other way round. */
  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  key = g_strdup_printf ("%s:%d", host, g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : 443);
  profile = g_hash_table_lookup (profiles, key);
  if (profile == NULL)
    {
      g_hash_table_insert (profiles, g_steal_pointer (&key), g_strdup (self->tls_profile));
      return TRUE;
    }
  if (g_str_equal (profile, self->tls_profile))
    return TRUE;
  g_hash_table_insert (profiles, g_steal_pointer (&key), g_strdup (""));
  return FALSE;
}

/* Gives @message a connection of its own, closed after it, where its cloud may not reuse
 * pooled ones. A redirect is followed with a message of its own (see below), chosen for again. */
static void
choose_connection (SoupMessage   *message,
                   TakeoverCloud *self)
{
  if (shares_connections (self, soup_message_get_uri (message)))
    return;
  soup_message_add_flags (message, SOUP_MESSAGE_NEW_CONNECTION);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Connection",
                                "close");
}

/* Redirects. libsoup would follow them itself with the request's headers, X-Auth-Token and
 * Authorization included, to wherever the Location header points. So every message has
 * SOUP_MESSAGE_NO_REDIRECT and the exchange follows redirects only within the origin (scheme,
 * host and port) of the URL it was asking: the token or basic credentials, and a body that may
 * hold a password (Keystone's POST /v3/auth/tokens) or a BMC's (Ironic's driver_info), go to no
 * other server, nor from https to plain http. A redirect elsewhere fails the request with both
 * URLs named instead of being followed without the token: OpenStack's APIs do not redirect
 * across origins in normal operation, so one that does is a misconfigured endpoint or not the
 * cloud's server at all, and its unauthenticated answer would only lead to a vaguer error. */

static int
origin_port (GUri *uri)
{
  if (g_uri_get_port (uri) > 0)
    return g_uri_get_port (uri);
  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_uri_get_host (b) != NULL &&
         g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         origin_port (a) == origin_port (b);
}

/* Whether a @status answer to @method is followed as the same request: any redirect of a GET
 * or HEAD; of other methods only 307 and 308, which keep the method and body. A 301, 302 or
 * 303 would turn a write into a GET, whose answer the caller would take for the write's. */
static gboolean
redirect_repeats_request (const char *method,
                          guint       status)
{
  switch (status)
    {
    case SOUP_STATUS_TEMPORARY_REDIRECT:
    case SOUP_STATUS_PERMANENT_REDIRECT:
      return TRUE;
    case SOUP_STATUS_MOVED_PERMANENTLY:
    case SOUP_STATUS_FOUND:
    case SOUP_STATUS_SEE_OTHER:
      return g_str_equal (method, "GET") || g_str_equal (method, "HEAD");
    default:
      return FALSE;
    }
}

/* Points @exchange at the Location of its @status answer. TRUE when it is to be sent there;
 * FALSE with @error when the redirect may not be followed; FALSE alone when the answer is no
 * redirect to follow and stands as the request's answer. */
static gboolean
exchange_redirect (TakeoverCloud  *self,
                   Exchange       *exchange,
                   guint           status,
                   GError        **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (exchange->message);
  const char *location = soup_message_headers_get_one (headers, "Location");
  GUri *from = soup_message_get_uri (exchange->message);
  g_autoptr(GUri) to = NULL;
  g_autofree char *to_url = NULL;

  if (location == NULL || !redirect_repeats_request (exchange->method, status))
    return FALSE;
  to = g_uri_parse_relative (from, location, SOUP_HTTP_URI_FLAGS, NULL);
  if (to == NULL)
    return FALSE;

  to_url = g_uri_to_string (to);
  if (!same_origin (from, to))
    {
      *error = g_error_new (TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_REDIRECT,
                            /* Translators: an HTTP method, the URL asked, the URL the server
                             * sent the request to, then a cloud's name */
                            _("%s %s was redirected to %s, another scheme, host or port. "
                              "Such redirects are not followed, so that the credentials of "
                              "cloud “%s” reach no other server; if that server is the right "
                              "one, configure its address for the cloud."),
                            exchange->method, exchange->location, to_url,
                            takeover_cloud_config_get_name (self->config));
      _takeover_cloud_error_set_details (*error, status, exchange->method, exchange->url, NULL,
                                         NULL);
      return FALSE;
    }
  if (++exchange->redirects > MAX_REDIRECTS)
    {
      *error = g_error_new (TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_REDIRECT,
                            /* Translators: an HTTP method, a URL, a count, then another URL */
                            _("%s %s was redirected more than %u times, the last time to %s."),
                            exchange->method, exchange->url, MAX_REDIRECTS, to_url);
      _takeover_cloud_error_set_details (*error, status, exchange->method, exchange->url, NULL,
                                         NULL);
      return FALSE;
    }

  g_free (exchange->location);
  exchange->location = g_steal_pointer (&to_url);
  return TRUE;
}

/* The exchange layer. */

static void exchange_send (GTask *task);

static double
elapsed_ms (Exchange *exchange)
{
  return (g_get_monotonic_time () - exchange->started) / 1000.0;
}

static void
exchange_log (TakeoverCloud *self,
              Exchange      *exchange,
              guint          status,
              const char    *outcome)
{
  /* The token itself never appears; its presence does, so a missing one is visible. */
  g_debug ("%s %s%s -> %u %s (%.0f ms%s)", exchange->method, exchange->location,
           exchange->token != NULL ? " X-Auth-Token: <redacted>" :
           exchange->basic_auth ? " Authorization: <redacted>" : "",
           status, outcome, elapsed_ms (exchange),
           exchange->attempt > 0 ? ", retry" : "");
  g_signal_emit (self, signals[SIGNAL_REQUEST_FINISHED], 0, exchange->method,
                 exchange->location, status, elapsed_ms (exchange), exchange->caller_cancellable);
}

static void
exchange_finish_error (GTask  *task,
                       GError *error)
{
  Exchange *exchange = g_task_get_task_data (task);

  if (exchange->timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      TakeoverCloud *self = g_task_get_source_object (task);

      g_clear_error (&error);
      error = error_new_for_request (TAKEOVER_CLOUD_ERROR_TIMEOUT, exchange->method, exchange->url,
                                     _("No answer to %s %s within %.0f seconds."),
                                     exchange->method, exchange->url, self->timeout);
    }
  g_task_return_error (task, error);
}

static void
exchange_retry_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Exchange *exchange = g_task_get_task_data (task);
  GError *error = NULL;

  if (!_takeover_sleep_finish (result, &error))
    {
      exchange_finish_error (task, error);
      g_object_unref (task);
      return;
    }
  exchange->attempt++;
  exchange_send (task);
}

/* Schedules another attempt after a jittered exponential backoff, if the retry budget and
 * the deadline allow it. */
static gboolean
exchange_schedule_retry (GTask       *task,
                         const char  *retry_after)
{
  TakeoverCloud *self = g_task_get_source_object (task);
  Exchange *exchange = g_task_get_task_data (task);
  double delay;

  if (!exchange->retry || exchange->attempt >= self->max_retries)
    return FALSE;

  delay = MIN (self->retry_delay * (1 << MIN (exchange->attempt, 16)), MAX_RETRY_DELAY);
  delay *= g_random_double_range (0.5, 1.5);
  if (retry_after != NULL && g_ascii_isdigit (retry_after[0]))
    delay = MAX (delay, MIN (g_ascii_strtod (retry_after, NULL), MAX_RETRY_DELAY));
  if (g_get_monotonic_time () + delay * G_USEC_PER_SEC >= exchange->deadline)
    return FALSE;

  _takeover_sleep_async (delay, "[takeover] request retry", exchange->own_cancellable,
                         exchange_retry_cb, task);
  return TRUE;
}

static void
exchange_sent_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakeoverCloud *self = g_task_get_source_object (task);
  Exchange *exchange = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(Answer) answer = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      exchange_log (self, exchange, 0, error->message);
      if (!exchange->timed_out && !exchange->once &&
          !g_cancellable_is_cancelled (exchange->own_cancellable) &&
          is_reset_error (error) && exchange_schedule_retry (task, NULL))
        {
          g_steal_pointer (&task);
          return;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        exchange_finish_error (task, g_steal_pointer (&error));
      else if (is_reset_error (error))
        exchange_finish_error (task, error_new_for_request (TAKEOVER_CLOUD_ERROR_UNAVAILABLE,
                                                            exchange->method, exchange->url,
                                                            _("The connection to %s broke "
                                                              "during %s (%s)."),
                                                            exchange->url, exchange->method,
                                                            error->message));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        exchange_finish_error (task, error_new_for_request (TAKEOVER_CLOUD_ERROR_TIMEOUT,
                                                            exchange->method, exchange->url,
                                                            _("No answer to %s %s: %s."),
                                                            exchange->method, exchange->url,
                                                            error->message));
      else if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) &&
               g_object_get_data (G_OBJECT (exchange->message), "takeover-tls-errors") != NULL)
        {
          guint errors = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (exchange->message),
                                                              "takeover-tls-errors"));
          g_autofree char *owned = NULL;
          const char *reason = tls_error_reason (self, errors, &owned);

          exchange_finish_error (task, error_new_for_request (TAKEOVER_CLOUD_ERROR_CONNECT,
                                                              exchange->method, exchange->url,
                                                              /* Translators: a URL, a cloud's
                                                               * name, then why its certificate
                                                               * is refused */
                                                              _("Cannot reach %s: cloud “%s” "
                                                                "does not trust its TLS "
                                                                "certificate, which is %s."),
                                                              exchange->location,
                                                              takeover_cloud_config_get_name (
                                                                self->config),
                                                              reason));
        }
      else
        exchange_finish_error (task, error_new_for_request (TAKEOVER_CLOUD_ERROR_CONNECT,
                                                            exchange->method, exchange->url,
                                                            _("Cannot reach %s: %s."),
                                                            exchange->url, error->message));
      return;
    }

  status = soup_message_get_status (exchange->message);
  exchange_log (self, exchange, status, soup_message_get_reason_phrase (exchange->message));

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      if (exchange_redirect (self, exchange, status, &error))
        {
          exchange_send (g_steal_pointer (&task));
          return;
        }
      if (error != NULL)
        {
          exchange_finish_error (task, g_steal_pointer (&error));
          return;
        }
    }

  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE ||
      (status == SOUP_STATUS_CONFLICT && !exchange->timed_out))
    {
      g_autofree char *server_message = _takeover_cloud_server_message (body);
      SoupMessageHeaders *headers = soup_message_get_response_headers (exchange->message);

      if ((status == SOUP_STATUS_SERVICE_UNAVAILABLE || is_lock_message (server_message)) &&
          exchange_schedule_retry (task, soup_message_headers_get_one (headers, "Retry-After")))
        {
          g_steal_pointer (&task);
          return;
        }
    }

  answer = g_new0 (Answer, 1);
  answer->message = g_object_ref (exchange->message);
  answer->body = g_steal_pointer (&body);
  g_task_return_pointer (task, g_steal_pointer (&answer), (GDestroyNotify) answer_free);
}

static void
exchange_send (GTask *task)
{
  TakeoverCloud *self = g_task_get_source_object (task);
  Exchange *exchange = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  g_clear_object (&exchange->message);
  exchange->message = soup_message_new (exchange->method, exchange->location);
  if (exchange->message == NULL)
    {
      g_task_return_error (task, error_new_for_request (TAKEOVER_CLOUD_ERROR_CONFIG,
                                                        exchange->method, exchange->url,
                                                        _("“%s” is not a valid URL."),
                                                        exchange->url));
      g_object_unref (task);
      return;
    }

  headers = soup_message_get_request_headers (exchange->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (exchange->token != NULL)
    soup_message_headers_replace (headers, "X-Auth-Token", exchange->token);
  if (exchange->basic_auth)
    {
      TakeoverCloudConfig *config = self->config;
      g_autofree char *pair = g_strdup_printf ("%s:%s",
                                               takeover_cloud_config_get_auth (config, "username"),
                                               takeover_cloud_config_get_auth (config, "password"));
      g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
      g_autofree char *value = g_strconcat ("Basic ", encoded, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (exchange->version_header != NULL)
    soup_message_headers_replace (headers, exchange->version_header, exchange->version_value);
  if (exchange->body != NULL)
    soup_message_set_request_body_from_bytes (exchange->message, exchange->content_type,
                                              exchange->body);

  g_signal_connect_object (exchange->message, "accept-certificate",
                           G_CALLBACK (accept_certificate_cb), self, 0);
  soup_message_add_flags (exchange->message, SOUP_MESSAGE_NO_REDIRECT);
  choose_connection (exchange->message, self);
  if (self->client_certificate != NULL)
    soup_message_set_tls_client_certificate (exchange->message, self->client_certificate);

  exchange->started = g_get_monotonic_time ();
  soup_session_send_and_read_async (self->session, exchange->message, G_PRIORITY_DEFAULT,
                                    exchange->own_cancellable, exchange_sent_cb, task);
}

static gboolean
exchange_timeout_cb (gpointer user_data)
{
  Exchange *exchange = user_data;

  exchange->timed_out = TRUE;
  g_clear_pointer (&exchange->timeout_source, g_source_unref);
  g_cancellable_cancel (exchange->own_cancellable);
  return G_SOURCE_REMOVE;
}

static void
exchange_cancelled_cb (GCancellable *cancellable,
                       GCancellable *own_cancellable)
{
  g_cancellable_cancel (own_cancellable);
}

typedef struct
{
  const char     *token;
  const char     *version_header;
  const char     *version_value;
  gboolean        basic_auth;
  gboolean        retry;
  gboolean        once;
  GCancellable   *caller_cancellable;
} ExchangeOptions;

static void
exchange_async (TakeoverCloud          *self,
                const char             *method,
                const char             *url,
                GBytes                 *body,
                const char             *content_type,
                const ExchangeOptions  *options,
                GCancellable           *cancellable,
                GAsyncReadyCallback     callback,
                gpointer                user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Exchange *exchange = g_new0 (Exchange, 1);

  g_task_set_source_tag (task, exchange_async);
  g_task_set_task_data (task, exchange, (GDestroyNotify) exchange_free);
  /* The checks happen here, not in GTask: a cancelled task must still report through us. */
  g_task_set_check_cancellable (task, FALSE);

  exchange->method = g_strdup (method);
  exchange->url = g_strdup (url);
  exchange->location = g_strdup (url);
  exchange->body = body != NULL ? g_bytes_ref (body) : NULL;
  exchange->content_type = g_strdup (content_type);
  exchange->token = g_strdup (options->token);
  exchange->version_header = g_strdup (options->version_header);
  exchange->version_value = g_strdup (options->version_value);
  exchange->basic_auth = options->basic_auth;
  exchange->retry = options->retry;
  exchange->once = options->once;
  g_set_object (&exchange->caller_cancellable, options->caller_cancellable);
  exchange->own_cancellable = g_cancellable_new ();
  exchange->deadline = g_get_monotonic_time () + self->timeout * G_USEC_PER_SEC;
  if (cancellable != NULL)
    {
      exchange->cancellable = g_object_ref (cancellable);
      exchange->cancelled_id = g_cancellable_connect (cancellable,
                                                      G_CALLBACK (exchange_cancelled_cb),
                                                      g_object_ref (exchange->own_cancellable),
                                                      g_object_unref);
    }

  exchange->timeout_source = g_timeout_source_new ((guint) (self->timeout * 1000));
  g_source_set_callback (exchange->timeout_source, exchange_timeout_cb, exchange, NULL);
  g_source_set_static_name (exchange->timeout_source, "[takeover] request timeout");
  g_source_attach (exchange->timeout_source, g_task_get_context (task));

  if (self->tls_error != NULL)
    {
      g_task_return_error (task, g_error_copy (self->tls_error));
      g_object_unref (task);
      return;
    }

  exchange_send (task);
}

static Answer *
exchange_finish (TakeoverCloud  *self,
                 GAsyncResult   *result,
                 GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Parses an answer's body; an empty body is a JSON null. */
static JsonNode *
parse_answer (const char  *method,
              const char  *url,
              Answer      *answer,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  const char *data = answer->body != NULL ? g_bytes_get_data (answer->body, &length) : NULL;

  if (length == 0)
    return json_node_new (JSON_NODE_NULL);

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      *error = error_new_for_request (TAKEOVER_CLOUD_ERROR_INVALID_RESPONSE, method, url,
                                      _("The answer to %s %s is not valid JSON (%s)."),
                                      method, url, local_error->message);
      _takeover_cloud_error_set_details (*error, soup_message_get_status (answer->message),
                                         method, url, NULL, NULL);
      return NULL;
    }

  return json_parser_steal_root (parser);
}

/* Authentication. */

static gboolean
uses_keystone (TakeoverCloud *self)
{
  TakeoverAuthType type = takeover_cloud_config_get_auth_type (self->config);

  return type != TAKEOVER_AUTH_NONE && type != TAKEOVER_AUTH_HTTP_BASIC;
}

static char *
identity_url (TakeoverCloud *self)
{
  return versioned_url_for (takeover_cloud_config_get_auth (self->config, "auth_url"), "v3");
}

static JsonNode *
name_or_id (TakeoverCloud *self,
            const char    *name_key,
            const char    *id_key)
{
  const char *id = takeover_cloud_config_get_auth (self->config, id_key);
  const char *name = takeover_cloud_config_get_auth (self->config, name_key);
  g_autoptr(JsonObject) object = json_object_new ();

  if (id != NULL)
    json_object_set_string_member (object, "id", id);
  else if (name != NULL)
    json_object_set_string_member (object, "name", name);
  else
    return NULL;
  return json_node_init_object (json_node_alloc (), object);
}

/* A domain reference, "default" when the configuration names none (as openstacksdk does). */
static JsonNode *
domain_ref (TakeoverCloud *self,
            const char    *prefix)
{
  g_autofree char *name_key = g_strconcat (prefix, "domain_name", NULL);
  g_autofree char *id_key = g_strconcat (prefix, "domain_id", NULL);
  JsonNode *domain = name_or_id (self, name_key, id_key);
  g_autoptr(JsonObject) fallback = NULL;

  if (domain == NULL)
    domain = name_or_id (self, "domain_name", "domain_id");
  if (domain != NULL)
    return domain;

  fallback = json_object_new ();
  json_object_set_string_member (fallback, "id", "default");
  return json_node_init_object (json_node_alloc (), fallback);
}

static JsonObject *
user_object (TakeoverCloud *self)
{
  JsonObject *user = json_object_new ();
  const char *user_id = takeover_cloud_config_get_auth (self->config, "user_id");

  if (user_id != NULL)
    json_object_set_string_member (user, "id", user_id);
  else
    {
      json_object_set_string_member (user, "name",
                                     takeover_cloud_config_get_auth (self->config, "username"));
      json_object_set_member (user, "domain", domain_ref (self, "user_"));
    }
  return user;
}

static JsonObject *
scope_object (TakeoverCloud *self)
{
  JsonObject *scope = json_object_new ();
  const char *project_id = takeover_cloud_config_get_auth (self->config, "project_id");
  const char *project_name = takeover_cloud_config_get_auth (self->config, "project_name");
  JsonNode *domain;

  if (project_id != NULL || project_name != NULL)
    {
      JsonObject *project = json_object_new ();

      if (project_id != NULL)
        json_object_set_string_member (project, "id", project_id);
      else
        {
          json_object_set_string_member (project, "name", project_name);
          json_object_set_member (project, "domain", domain_ref (self, "project_"));
        }
      json_object_set_object_member (scope, "project", project);
    }
  else if (takeover_cloud_config_get_auth (self->config, "system_scope") != NULL)
    {
      JsonObject *system = json_object_new ();

      json_object_set_boolean_member (system, "all", TRUE);
      json_object_set_object_member (scope, "system", system);
    }
  else if ((domain = name_or_id (self, "domain_name", "domain_id")) != NULL)
    json_object_set_member (scope, "domain", domain);

  return scope;
}

/* The body of POST /v3/auth/tokens for the configured method (Keystone API reference). */
static GBytes *
auth_request_body (TakeoverCloud *self)
{
  g_autoptr(JsonObject) root = json_object_new ();
  JsonObject *auth = json_object_new ();
  JsonObject *identity = json_object_new ();
  JsonArray *methods = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonObject *scope = NULL;
  char *text;

  json_object_set_object_member (root, "auth", auth);
  json_object_set_object_member (auth, "identity", identity);
  json_object_set_array_member (identity, "methods", methods);

  switch (takeover_cloud_config_get_auth_type (self->config))
    {
    case TAKEOVER_AUTH_PASSWORD:
      {
        JsonObject *password = json_object_new ();
        JsonObject *user = user_object (self);

        json_array_add_string_element (methods, "password");
        json_object_set_string_member (user, "password",
                                       takeover_cloud_config_get_auth (self->config, "password"));
        json_object_set_object_member (password, "user", user);
        json_object_set_object_member (identity, "password", password);
        scope = scope_object (self);
      }
      break;

    case TAKEOVER_AUTH_TOKEN:
      {
        JsonObject *token = json_object_new ();

        json_array_add_string_element (methods, "token");
        json_object_set_string_member (token, "id",
                                       takeover_cloud_config_get_auth (self->config, "token"));
        json_object_set_object_member (identity, "token", token);
        scope = scope_object (self);
      }
      break;

    case TAKEOVER_AUTH_APPLICATION_CREDENTIAL:
      {
        JsonObject *credential = json_object_new ();
        const char *id = takeover_cloud_config_get_auth (self->config, "application_credential_id");

        json_array_add_string_element (methods, "application_credential");
        if (id != NULL)
          json_object_set_string_member (credential, "id", id);
        else
          {
            json_object_set_string_member (credential, "name",
                                           takeover_cloud_config_get_auth (
                                             self->config, "application_credential_name"));
            json_object_set_object_member (credential, "user", user_object (self));
          }
        json_object_set_string_member (credential, "secret",
                                       takeover_cloud_config_get_auth (
                                         self->config, "application_credential_secret"));
        json_object_set_object_member (identity, "application_credential", credential);
      }
      break;

    case TAKEOVER_AUTH_HTTP_BASIC:
    case TAKEOVER_AUTH_NONE:
    default:
      g_assert_not_reached ();
    }

  if (scope != NULL && json_object_get_size (scope) > 0)
    json_object_set_object_member (auth, "scope", scope);
  else if (scope != NULL)
    json_object_unref (scope);

  node = json_node_init_object (json_node_alloc (), root);
  text = json_to_string (node, FALSE);
  return g_bytes_new_take (text, strlen (text));
}

static void
set_authenticated (TakeoverCloud *self,
                   gboolean       authenticated)
{
  if (self->authenticated == authenticated)
    return;

  self->authenticated = authenticated;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTHENTICATED]);
}

static void
clear_token (TakeoverCloud *self)
{
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->token_expiry, g_date_time_unref);
  set_authenticated (self, FALSE);
}

static void
set_member_string (char       **field,
                   JsonObject  *object,
                   const char  *member,
                   const char  *key)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  g_clear_pointer (field, g_free);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    *field = g_strdup (string_member (json_node_get_object (node), key));
}

static void
finish_auth_waiters (TakeoverCloud *self,
                     const GError  *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->auth_waiters);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static void
auth_exchange_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TakeoverCloud *self = TAKEOVER_CLOUD (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(Answer) answer = NULL;
  g_autofree char *url = identity_url (self);
  g_autofree char *auth_url = g_strconcat (url, "/auth/tokens", NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *token = NULL;
  const char *subject;
  const char *expires_at;
  g_autofree char *old_user_name = NULL;
  g_autofree char *old_project_name = NULL;
  JsonNode *catalog;

  answer = exchange_finish (self, result, &error);
  if (answer == NULL)
    {
      finish_auth_waiters (self, error);
      g_object_unref (self);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (answer->message)))
    {
      g_autoptr(GError) http_error = error_from_answer ("POST", auth_url, answer);

      if (http_error->code == TAKEOVER_CLOUD_ERROR_AUTH)
        {
          g_prefix_error (&http_error,
                          _("Keystone at %s refused the credentials of cloud “%s”: "),
                          url, takeover_cloud_config_get_name (self->config));
        }
      /* Otherwise a wrong auth_url would read as a bare "Not Found". */
      else
        {
          /* Translators: a cloud's name, then Keystone's URL; the server's error follows */
          g_prefix_error (&http_error, _("Cloud “%s” got no token from %s: "),
                          takeover_cloud_config_get_name (self->config), url);
        }
      finish_auth_waiters (self, http_error);
      g_object_unref (self);
      return;
    }

  root = parse_answer ("POST", auth_url, answer, &error);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    token = json_object_get_object_member (json_node_get_object (root), "token");
  subject = soup_message_headers_get_one (soup_message_get_response_headers (answer->message),
                                          "X-Subject-Token");
  if (error == NULL && (token == NULL || subject == NULL))
    error = error_new_for_request (TAKEOVER_CLOUD_ERROR_INVALID_RESPONSE, "POST", auth_url,
                                   _("Keystone at %s answered without a token."), url);
  if (error != NULL)
    {
      finish_auth_waiters (self, error);
      g_object_unref (self);
      return;
    }

  /* Who we are, as a face shows it: notified once, and only what changed. */
  g_object_freeze_notify (G_OBJECT (self));
  old_user_name = g_strdup (self->user_name);
  old_project_name = g_strdup (self->project_name);
  clear_token (self);
  self->token = g_strdup (subject);
  expires_at = string_member (token, "expires_at");
  if (expires_at != NULL)
    self->token_expiry = g_date_time_new_from_iso8601 (expires_at, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN_EXPIRY]);
  g_clear_pointer (&self->catalog, json_array_unref);
  catalog = json_object_get_member (token, "catalog");
  if (catalog != NULL && JSON_NODE_HOLDS_ARRAY (catalog))
    self->catalog = json_array_ref (json_node_get_array (catalog));
  set_member_string (&self->user_id, token, "user", "id");
  set_member_string (&self->user_name, token, "user", "name");
  set_member_string (&self->project_id, token, "project", "id");
  set_member_string (&self->project_name, token, "project", "name");
  self->system_scope = json_object_has_member (token, "system");
  set_authenticated (self, TRUE);
  if (g_strcmp0 (old_user_name, self->user_name) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_NAME]);
  if (g_strcmp0 (old_project_name, self->project_name) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT_NAME]);
  g_object_thaw_notify (G_OBJECT (self));

  finish_auth_waiters (self, NULL);
  g_object_unref (self);
}

static gboolean
token_is_fresh (TakeoverCloud *self)
{
  g_autoptr(GDateTime) now = NULL;

  if (!self->authenticated)
    return FALSE;
  if (!uses_keystone (self) || self->token_expiry == NULL)
    return TRUE;

  now = g_date_time_new_now_utc ();
  return g_date_time_difference (self->token_expiry, now) >
         TOKEN_MARGIN_SECONDS * G_TIME_SPAN_SECOND;
}

/* Makes sure a valid token is there, sharing one Keystone request among all callers. */
static void
ensure_auth_async (TakeoverCloud       *self,
                   gboolean             force,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = NULL;
  g_autofree char *auth_url = NULL;
  g_autoptr(GBytes) body = NULL;
  ExchangeOptions options = { .retry = TRUE };

  g_task_set_source_tag (task, ensure_auth_async);

  if (!uses_keystone (self))
    {
      set_authenticated (self, TRUE);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (!force && token_is_fresh (self))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->auth_waiters != NULL)
    {
      g_ptr_array_add (self->auth_waiters, g_steal_pointer (&task));
      return;
    }

  clear_token (self);
  self->auth_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->auth_waiters, g_steal_pointer (&task));

  url = identity_url (self);
  auth_url = g_strconcat (url, "/auth/tokens", NULL);
  body = auth_request_body (self);
  /* Not the caller's cancellable: other callers may be waiting for the same token. */
  exchange_async (self, "POST", auth_url, body, "application/json", &options, NULL,
                  auth_exchange_cb, g_object_ref (self));
}

static gboolean
ensure_auth_finish (TakeoverCloud  *self,
                    GAsyncResult   *result,
                    GError        **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Catalog. */

/* "internal" and Keystone v2's "internalURL" name the same interface. */
static gboolean
interface_matches (const char *wanted,
                   const char *interface)
{
  size_t wanted_length;
  size_t length;

  if (interface == NULL)
    return FALSE;
  wanted_length = g_str_has_suffix (wanted, "URL") ? strlen (wanted) - 3 : strlen (wanted);
  length = g_str_has_suffix (interface, "URL") ? strlen (interface) - 3 : strlen (interface);
  return wanted_length == length && strncmp (wanted, interface, length) == 0;
}

/* The interface for @service_type: <service>_interface, else the cloud's interface. */
static const char *
interface_for (TakeoverCloud *self,
               const char    *service_type)
{
  g_autofree char *key = g_strconcat (service_type, "_interface", NULL);
  const char *interface = takeover_cloud_config_get_option (self->config,
                                                            g_strdelimit (key, "-", '_'));

  return interface != NULL ? interface : takeover_cloud_config_get_interface (self->config);
}

static gboolean
service_type_matches (const char *wanted,
                      const char *type)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (type == NULL)
    return FALSE;
  a = g_strdelimit (g_strdup (wanted), "_", '-');
  b = g_strdelimit (g_strdup (type), "_", '-');
  return g_str_equal (a, b);
}

/* The catalog endpoint for @service_type by interface and region, or NULL. */
static TakeoverCloudEndpoint *
catalog_lookup (TakeoverCloud *self,
                const char    *service_type)
{
  const char *interface = interface_for (self, service_type);
  const char *region = takeover_cloud_config_get_region_name (self->config);

  if (self->catalog == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (self->catalog); i++)
    {
      JsonNode *entry_node = json_array_get_element (self->catalog, i);
      JsonObject *entry;
      JsonNode *endpoints;

      if (!JSON_NODE_HOLDS_OBJECT (entry_node))
        continue;
      entry = json_node_get_object (entry_node);
      if (!service_type_matches (service_type, string_member (entry, "type")))
        continue;
      endpoints = json_object_get_member (entry, "endpoints");
      if (endpoints == NULL || !JSON_NODE_HOLDS_ARRAY (endpoints))
        continue;

      for (guint j = 0; j < json_array_get_length (json_node_get_array (endpoints)); j++)
        {
          JsonNode *node = json_array_get_element (json_node_get_array (endpoints), j);
          JsonObject *endpoint;
          const char *endpoint_region;
          TakeoverCloudEndpoint *found;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          endpoint = json_node_get_object (node);
          if (!interface_matches (interface, string_member (endpoint, "interface")))
            continue;
          endpoint_region = string_member (endpoint, "region_id");
          if (endpoint_region == NULL)
            endpoint_region = string_member (endpoint, "region");
          if (region != NULL && g_strcmp0 (region, endpoint_region) != 0)
            continue;
          if (string_member (endpoint, "url") == NULL)
            continue;

          found = g_new0 (TakeoverCloudEndpoint, 1);
          found->service_type = g_strdup (service_type);
          found->interface = g_strdup (interface);
          found->region = g_strdup (endpoint_region);
          found->url = g_strdup (string_member (endpoint, "url"));
          return found;
        }
    }

  return NULL;
}

static TakeoverCloudEndpoint *
find_endpoint (TakeoverCloud  *self,
               const char     *service_type,
               GError        **error)
{
  const char *override = takeover_cloud_config_get_endpoint_override (self->config, service_type);
  TakeoverCloudEndpoint *endpoint;
  const char *region;

  if (override != NULL)
    {
      endpoint = g_new0 (TakeoverCloudEndpoint, 1);
      endpoint->service_type = g_strdup (service_type);
      endpoint->interface = g_strdup (takeover_cloud_config_get_interface (self->config));
      endpoint->url = g_strdup (override);
      return endpoint;
    }

  endpoint = catalog_lookup (self, service_type);
  if (endpoint != NULL)
    return endpoint;

  /* Keystone need not list itself: the auth URL is its endpoint. */
  if (g_str_equal (service_type, "identity") && uses_keystone (self))
    {
      endpoint = g_new0 (TakeoverCloudEndpoint, 1);
      endpoint->service_type = g_strdup (service_type);
      endpoint->interface = g_strdup (takeover_cloud_config_get_interface (self->config));
      endpoint->url = g_strdup (takeover_cloud_config_get_auth (self->config, "auth_url"));
      return endpoint;
    }

  region = takeover_cloud_config_get_region_name (self->config);
  if (!uses_keystone (self))
    g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_NO_ENDPOINT,
                 _("Cloud “%s” has no endpoint for the %s service: set %s_endpoint_override "
                   "(auth_type %s has no catalog)."),
                 takeover_cloud_config_get_name (self->config), service_type, service_type,
                 takeover_cloud_config_get_auth_type_name (self->config));
  else if (region != NULL)
    g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_NO_ENDPOINT,
                 _("The catalog of cloud “%s” has no %s endpoint for the %s service in "
                   "region %s."),
                 takeover_cloud_config_get_name (self->config),
                 interface_for (self, service_type), service_type, region);
  else
    g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_NO_ENDPOINT,
                 _("The catalog of cloud “%s” has no %s endpoint for the %s service."),
                 takeover_cloud_config_get_name (self->config),
                 interface_for (self, service_type), service_type);
  return NULL;
}

/* Version discovery. */

typedef struct
{
  TakeoverCloudEndpoint      *endpoint;
  const TakeoverCloudService *service;
  gboolean                    reauthenticated;
  /* Only the token needed renewing: the endpoint and its versions are already known. */
  gboolean                    known;
} Discovery;

static void
discovery_free (Discovery *discovery)
{
  takeover_cloud_endpoint_free (discovery->endpoint);
  g_free (discovery);
}

/* Reads min/max microversions from a version document: {"version": {…}}, or {"versions": [...]}
 * or Keystone's {"versions": {"values": [...]}}, picking the entry for our version path. */
static void
read_version_document (TakeoverCloudEndpoint      *endpoint,
                       const TakeoverCloudService *service,
                       JsonNode                   *root)
{
  JsonObject *object;
  JsonObject *version = NULL;
  JsonNode *node;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  object = json_node_get_object (root);

  node = json_object_get_member (object, "version");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    version = json_node_get_object (node);

  node = json_object_get_member (object, "versions");
  if (version == NULL && node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    node = json_object_get_member (json_node_get_object (node), "values");
  if (version == NULL && node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *versions = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (versions); i++)
        {
          JsonNode *item = json_array_get_element (versions, i);

          if (JSON_NODE_HOLDS_OBJECT (item) && service->version_path != NULL &&
              g_strcmp0 (string_member (json_node_get_object (item), "id"),
                         service->version_path) == 0)
            version = json_node_get_object (item);
        }
    }

  if (version == NULL)
    return;
  if (endpoint->min_version == NULL)
    endpoint->min_version = g_strdup (string_member (version, "min_version"));
  if (endpoint->max_version == NULL)
    endpoint->max_version = g_strdup (string_member (version, "version"));
  if (endpoint->max_version == NULL)
    endpoint->max_version = g_strdup (string_member (version, "max_version"));
  /* Services without microversions report "" for both. */
  if (endpoint->min_version != NULL && endpoint->min_version[0] == '\0')
    g_clear_pointer (&endpoint->min_version, g_free);
  if (endpoint->max_version != NULL && endpoint->max_version[0] == '\0')
    g_clear_pointer (&endpoint->max_version, g_free);
}

/* Picks the microversion to send: the highest both sides support, or the cloud's pin
 * (<service>_api_version in clouds.yaml) if it is one, but never more than the client
 * understands: a pin written for a newer openstack client must not change the answers'
 * shape under Takeover. */
static gboolean
negotiate (TakeoverCloud               *self,
           TakeoverCloudEndpoint       *endpoint,
           const TakeoverCloudService  *service,
           GError                     **error)
{
  g_autofree char *pin_key = g_strconcat (service->service_type, "_api_version", NULL);
  const char *pin = takeover_cloud_config_get_option (self->config,
                                                      g_strdelimit (pin_key, "-", '_'));
  const char *wanted = service->max_microversion;

  if (service->microversion_header == NULL)
    return TRUE;

  if (pin != NULL && strchr (pin, '.') != NULL)
    {
      if (takeover_microversion_compare (pin, service->min_microversion) < 0)
        {
          g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_VERSION,
                       _("Cloud “%s” pins %s to %s, but Takeover needs at least %s."),
                       takeover_cloud_config_get_name (self->config), pin_key, pin,
                       service->min_microversion);
          return FALSE;
        }
      if (takeover_microversion_compare (pin, service->max_microversion) < 0)
        wanted = pin;
    }

  if (endpoint->max_version != NULL &&
      takeover_microversion_compare (endpoint->max_version, wanted) < 0)
    wanted = endpoint->max_version;

  if (takeover_microversion_compare (wanted, service->min_microversion) < 0 ||
      (endpoint->min_version != NULL &&
       takeover_microversion_compare (wanted, endpoint->min_version) < 0))
    {
      g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_VERSION,
                   _("The %s API at %s supports versions %s to %s; Takeover needs %s to %s."),
                   service->service_type, endpoint->url,
                   endpoint->min_version != NULL ? endpoint->min_version : "?",
                   endpoint->max_version != NULL ? endpoint->max_version : "?",
                   service->min_microversion, service->max_microversion);
      return FALSE;
    }

  endpoint->microversion = g_strdup (wanted);
  return TRUE;
}

static void
finish_discovery_waiters (TakeoverCloud               *self,
                          const char                  *service_type,
                          const TakeoverCloudEndpoint *endpoint,
                          const GError                *error)
{
  g_autoptr(GPtrArray) waiters = NULL;
  g_autofree char *key = NULL;

  g_hash_table_steal_extended (self->discovery_waiters, service_type, (gpointer *) &key,
                               (gpointer *) &waiters);
  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_pointer (task, takeover_cloud_endpoint_copy (endpoint),
                               (GDestroyNotify) takeover_cloud_endpoint_free);
    }
}

static void discovery_authenticated_cb (GObject      *object,
                                        GAsyncResult *result,
                                        gpointer      user_data);

static void
discovery_exchange_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  TakeoverCloud *self = TAKEOVER_CLOUD (object);
  Discovery *discovery = user_data;
  TakeoverCloudEndpoint *endpoint = discovery->endpoint;
  g_autoptr(GError) error = NULL;
  g_autoptr(Answer) answer = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *service_type = g_strdup (endpoint->service_type);
  SoupMessageHeaders *headers;
  guint status;

  answer = exchange_finish (self, result, &error);
  if (answer == NULL)
    goto out;

  status = soup_message_get_status (answer->message);
  if (status == SOUP_STATUS_UNAUTHORIZED && uses_keystone (self) && !discovery->reauthenticated)
    {
      /* The token died early (revoked, clock skew): renew it once and ask again. */
      discovery->reauthenticated = TRUE;
      ensure_auth_async (self, TRUE, NULL, discovery_authenticated_cb, discovery);
      return;
    }
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN ||
      status >= 500)
    {
      error = error_from_answer ("GET", endpoint->versioned_url, answer);
      goto out;
    }

  /* Ironic says it in headers on every answer; others in the version document. 404 and
   * friends leave the versions unknown: the service is there, it just does not tell. */
  headers = soup_message_get_response_headers (answer->message);
  endpoint->min_version = g_strdup (soup_message_headers_get_one (
                                      headers, "X-OpenStack-Ironic-API-Minimum-Version"));
  endpoint->max_version = g_strdup (soup_message_headers_get_one (
                                      headers, "X-OpenStack-Ironic-API-Maximum-Version"));
  if (SOUP_STATUS_IS_SUCCESSFUL (status) || status == SOUP_STATUS_MULTIPLE_CHOICES)
    {
      root = parse_answer ("GET", endpoint->versioned_url, answer, &error);
      if (root == NULL)
        goto out;
      read_version_document (endpoint, discovery->service, root);
    }

  if (!negotiate (self, endpoint, discovery->service, &error))
    goto out;

  g_hash_table_replace (self->endpoints, g_strdup (service_type),
                        takeover_cloud_endpoint_copy (endpoint));

out:
  finish_discovery_waiters (self, service_type, endpoint, error);
  discovery_free (discovery);
  g_object_unref (self);
}

static void
discovery_send (TakeoverCloud *self,
                Discovery     *discovery)
{
  ExchangeOptions options = {
    .token = self->token,
    .basic_auth = takeover_cloud_config_get_auth_type (self->config) == TAKEOVER_AUTH_HTTP_BASIC,
    .retry = TRUE,
  };

  exchange_async (self, "GET", discovery->endpoint->versioned_url, NULL, NULL, &options, NULL,
                  discovery_exchange_cb, discovery);
}

static void
discovery_authenticated_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  TakeoverCloud *self = TAKEOVER_CLOUD (object);
  Discovery *discovery = user_data;
  g_autoptr(GError) error = NULL;

  if (!ensure_auth_finish (self, result, &error))
    {
      finish_discovery_waiters (self, discovery->endpoint->service_type, NULL, error);
      discovery_free (discovery);
      g_object_unref (self);
      return;
    }

  if (discovery->known)
    {
      g_hash_table_replace (self->endpoints, g_strdup (discovery->endpoint->service_type),
                            takeover_cloud_endpoint_copy (discovery->endpoint));
      finish_discovery_waiters (self, discovery->endpoint->service_type, discovery->endpoint, NULL);
      discovery_free (discovery);
      g_object_unref (self);
      return;
    }

  if (discovery->endpoint->url == NULL)
    {
      TakeoverCloudEndpoint *endpoint = find_endpoint (self, discovery->service->service_type,
                                                       &error);

      if (endpoint == NULL)
        {
          finish_discovery_waiters (self, discovery->service->service_type, NULL, error);
          discovery_free (discovery);
          g_object_unref (self);
          return;
        }
      takeover_cloud_endpoint_free (discovery->endpoint);
      discovery->endpoint = endpoint;
      endpoint->versioned_url = versioned_url_for (endpoint->url, discovery->service->version_path);
    }

  discovery_send (self, discovery);
}

static void
authenticate_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!ensure_auth_finish (TAKEOVER_CLOUD (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Requests. */

typedef struct
{
  const TakeoverCloudService *service;
  char                       *method;
  char                       *path;
  char                       *url;
  GBytes                     *body;
  char                       *content_type;
  char                       *needs_microversion;
  TakeoverCloudRequestFlags   flags;
  TakeoverCloudEndpoint      *endpoint;
  char                       *token;
  gboolean                    reauthenticated;
  /* The whole request, shared token and discovery included, ends by the timeout or at the
   * caller's cancellation, whatever it was waiting for. */
  GCancellable               *own_cancellable;
  GSource                    *deadline_source;
  GSource                    *cancel_source;
  gboolean                    completed;
} Request;

static void
request_stop_sources (Request *request)
{
  if (request->deadline_source != NULL)
    g_source_destroy (request->deadline_source);
  g_clear_pointer (&request->deadline_source, g_source_unref);
  if (request->cancel_source != NULL)
    g_source_destroy (request->cancel_source);
  g_clear_pointer (&request->cancel_source, g_source_unref);
}

static void
request_free (Request *request)
{
  request_stop_sources (request);
  g_clear_object (&request->own_cancellable);
  g_free (request->method);
  g_free (request->path);
  g_free (request->url);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->content_type);
  g_free (request->needs_microversion);
  g_free (request->token);
  takeover_cloud_endpoint_free (request->endpoint);
  g_free (request);
}

static void request_discovered_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data);

/* Completes @task once: what comes after a deadline or a cancellation is dropped. */
static void
request_return (GTask    *task,
                JsonNode *root,
                GError   *error)
{
  Request *request = g_task_get_task_data (task);

  if (request->completed)
    {
      g_clear_error (&error);
      g_clear_pointer (&root, json_node_unref);
      return;
    }

  request->completed = TRUE;
  request_stop_sources (request);
  g_cancellable_cancel (request->own_cancellable);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

static gboolean
request_deadline_cb (gpointer user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  TakeoverCloud *self = g_task_get_source_object (task);

  request_return (task, NULL,
                  error_new_for_request (TAKEOVER_CLOUD_ERROR_TIMEOUT, request->method,
                                         request->url != NULL ? request->url : request->path,
                                         _("No answer to %s %s within %.0f seconds."),
                                         request->method,
                                         request->url != NULL ? request->url : request->path,
                                         self->timeout));
  return G_SOURCE_REMOVE;
}

static gboolean
request_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  request_return (user_data, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                        _("Operation was cancelled")));
  return G_SOURCE_REMOVE;
}

static void
request_exchange_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakeoverCloud *self = TAKEOVER_CLOUD (object);
  Request *request = g_task_get_task_data (task);
  g_autoptr(Answer) answer = NULL;
  GError *error = NULL;
  JsonNode *root;
  guint status;

  answer = exchange_finish (self, result, &error);
  if (answer == NULL)
    {
      request_return (task, NULL, error);
      return;
    }
  if (request->completed)
    return;

  status = soup_message_get_status (answer->message);
  if (status == SOUP_STATUS_UNAUTHORIZED && uses_keystone (self) && !request->reauthenticated)
    {
      /* Once per request: a second 401 with a fresh token is a real refusal. */
      request->reauthenticated = TRUE;
      /* Unless another request renewed it meanwhile. */
      if (g_strcmp0 (self->token, request->token) == 0)
        clear_token (self);
      takeover_cloud_discover_async (self, request->service, request->own_cancellable,
                                     request_discovered_cb, g_steal_pointer (&task));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      request_return (task, NULL, error_from_answer (request->method, request->url, answer));
      return;
    }

  root = parse_answer (request->method, request->url, answer, &error);
  request_return (task, root, error);
}

static void
request_discovered_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakeoverCloud *self = TAKEOVER_CLOUD (object);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *version_value = NULL;
  ExchangeOptions options = { 0 };
  const TakeoverCloudService *service = request->service;

  takeover_cloud_endpoint_free (request->endpoint);
  request->endpoint = takeover_cloud_discover_finish (self, result, &error);
  if (request->endpoint == NULL)
    {
      request_return (task, NULL, g_steal_pointer (&error));
      return;
    }
  if (request->completed)
    return;

  g_free (request->url);
  request->url = g_strconcat (request->endpoint->versioned_url, request->path, NULL);

  if (request->needs_microversion != NULL &&
      (request->endpoint->microversion == NULL ||
       takeover_microversion_compare (request->endpoint->microversion,
                                      request->needs_microversion) < 0))
    {
      request_return (task, NULL, error_new_for_request (TAKEOVER_CLOUD_ERROR_VERSION,
                                                         request->method, request->url,
                                                         _("%s %s needs %s API version %s, "
                                                           "but the server at %s supports "
                                                           "only up to %s."),
                                                         request->method, request->path,
                                                         service->service_type,
                                                         request->needs_microversion,
                                                         request->endpoint->url,
                                                         request->endpoint->max_version != NULL ?
                                                           request->endpoint->max_version : "?"));
      return;
    }

  if (service->microversion_header != NULL && request->endpoint->microversion != NULL)
    {
      options.version_header = service->microversion_header;
      if (service->microversion_name != NULL)
        version_value = g_strdup_printf ("%s %s", service->microversion_name,
                                         request->endpoint->microversion);
      else
        version_value = g_strdup (request->endpoint->microversion);
      options.version_value = version_value;
    }
  g_free (request->token);
  request->token = g_strdup (self->token);
  options.token = self->token;
  options.basic_auth =
    takeover_cloud_config_get_auth_type (self->config) == TAKEOVER_AUTH_HTTP_BASIC;
  options.retry = (request->flags & TAKEOVER_CLOUD_REQUEST_NO_RETRY) == 0;
  /* A connection that breaks after a POST or PATCH went out leaves unknown whether the server
   * acted on it; sent again, it could create a second node or port. Only the methods RFC 9110
   * calls idempotent are. (Keystone's token request, a POST too, is safe to repeat.) */
  options.once = !g_strv_contains ((const char * const[]) { "GET", "HEAD", "PUT", "DELETE",
                                                             NULL },
                                   request->method);
  options.caller_cancellable = g_task_get_cancellable (task);

  exchange_async (self, request->method, request->url, request->body, request->content_type,
                  &options, request->own_cancellable, request_exchange_cb,
                  g_steal_pointer (&task));
}

/* The one path under takeover_cloud_request_async() and takeover_cloud_request_bytes_async(),
 * with @body already encoded. */
static void
request_async (TakeoverCloud              *self,
               gpointer                    source_tag,
               const TakeoverCloudService *service,
               const char                 *method,
               const char                 *path,
               GBytes                     *body,
               const char                 *content_type,
               const char                 *needs_microversion,
               TakeoverCloudRequestFlags   flags,
               GCancellable               *cancellable,
               GAsyncReadyCallback         callback,
               gpointer                    user_data)
{
  GTask *task;
  Request *request;

  g_return_if_fail (TAKEOVER_IS_CLOUD (self));
  g_return_if_fail (service != NULL);
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  request = g_new0 (Request, 1);
  request->service = service;
  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->body = body != NULL ? g_bytes_ref (body) : NULL;
  request->content_type = g_strdup (content_type);
  request->needs_microversion = g_strdup (needs_microversion);
  request->flags = flags;
  request->own_cancellable = g_cancellable_new ();
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  /* Both sources only borrow @task: request_free() destroys them before it goes. */
  request->deadline_source = g_timeout_source_new ((guint) (self->timeout * 1000));
  g_source_set_callback (request->deadline_source, request_deadline_cb, task, NULL);
  g_source_set_static_name (request->deadline_source, "[takeover] request deadline");
  g_source_attach (request->deadline_source, g_task_get_context (task));
  if (cancellable != NULL)
    {
      request->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (request->cancel_source, G_SOURCE_FUNC (request_cancelled_cb), task,
                             NULL);
      g_source_attach (request->cancel_source, g_task_get_context (task));
    }

  takeover_cloud_discover_async (self, service, request->own_cancellable,
                                 request_discovered_cb, task);
}

/* Sleeping. */

typedef struct
{
  GSource *timeout_source;
  GSource *cancel_source;
} Sleep;

static void
sleep_free (Sleep *sleep)
{
  g_source_destroy (sleep->timeout_source);
  g_source_unref (sleep->timeout_source);
  g_source_destroy (sleep->cancel_source);
  g_source_unref (sleep->cancel_source);
  g_free (sleep);
}

/* Whichever source fires first ends the sleep and takes the other one with it. */
static gboolean
sleep_end (GTask  *task,
           GError *error)
{
  Sleep *sleep = g_task_get_task_data (task);

  g_source_destroy (sleep->timeout_source);
  g_source_destroy (sleep->cancel_source);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static gboolean
sleep_timeout_cb (gpointer user_data)
{
  return sleep_end (user_data, NULL);
}

static gboolean
sleep_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  return sleep_end (user_data, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                    _("Operation was cancelled")));
}

void
_takeover_sleep_async (double               seconds,
                       const char          *name,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Sleep *sleep = g_new0 (Sleep, 1);

  g_task_set_source_tag (task, _takeover_sleep_async);
  /* Cancellation is reported by the cancel source, once. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, sleep, (GDestroyNotify) sleep_free);

  sleep->timeout_source = g_timeout_source_new ((guint) (MAX (seconds, 0.0) * 1000));
  g_source_set_callback (sleep->timeout_source, sleep_timeout_cb, task, NULL);
  g_source_set_static_name (sleep->timeout_source, name);
  g_source_attach (sleep->timeout_source, g_task_get_context (task));
  sleep->cancel_source = g_cancellable_source_new (cancellable);
  g_source_set_callback (sleep->cancel_source, G_SOURCE_FUNC (sleep_cancelled_cb), task, NULL);
  g_source_attach (sleep->cancel_source, g_task_get_context (task));
}

gboolean
_takeover_sleep_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject. */

static void
takeover_cloud_dispose (GObject *object)
{
  TakeoverCloud *self = (TakeoverCloud *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->ca_database);
  g_clear_object (&self->client_certificate);

  G_OBJECT_CLASS (takeover_cloud_parent_class)->dispose (object);
}

static void
takeover_cloud_finalize (GObject *object)
{
  TakeoverCloud *self = (TakeoverCloud *)object;

  clear_token (self);
  g_clear_object (&self->config);
  g_clear_error (&self->tls_error);
  g_clear_pointer (&self->tls_profile, g_free);
  g_clear_pointer (&self->catalog, json_array_unref);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->user_name, g_free);
  g_clear_pointer (&self->project_id, g_free);
  g_clear_pointer (&self->project_name, g_free);
  g_clear_pointer (&self->endpoints, g_hash_table_unref);
  g_clear_pointer (&self->discovery_waiters, g_hash_table_unref);

  G_OBJECT_CLASS (takeover_cloud_parent_class)->finalize (object);
}

static void
takeover_cloud_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TakeoverCloud *self = TAKEOVER_CLOUD (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;

    case PROP_AUTHENTICATED:
      g_value_set_boolean (value, self->authenticated);
      break;

    case PROP_USER_NAME:
      g_value_set_string (value, self->user_name);
      break;

    case PROP_PROJECT_NAME:
      g_value_set_string (value, self->project_name);
      break;

    case PROP_TOKEN_EXPIRY:
      g_value_set_boxed (value, self->token_expiry);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
takeover_cloud_class_init (TakeoverCloudClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = takeover_cloud_dispose;
  object_class->finalize = takeover_cloud_finalize;
  object_class->get_property = takeover_cloud_get_property;

  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, TAKEOVER_TYPE_CLOUD_CONFIG,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Whether the session holds a valid token (or, without Keystone, a checked configuration). */
  properties[PROP_AUTHENTICATED] =
    g_param_spec_boolean ("authenticated", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Who the token is for; NULL without Keystone. */
  properties[PROP_USER_NAME] =
    g_param_spec_string ("user-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROJECT_NAME] =
    g_param_spec_string ("project-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN_EXPIRY] =
    g_param_spec_boxed ("token-expiry", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TakeoverCloud::request-finished:
   * @method: the HTTP method
   * @url: the full URL this exchange asked (after a redirect, where it led)
   * @status: the HTTP status, 0 when no answer came
   * @duration_ms: how long the exchange took
   * @cancellable: (nullable): the cancellable the request was made with (NULL for the
   *   session's own token and discovery requests), so that a caller can tell its requests
   *   apart (e.g. per host)
   *
   * Emitted after each HTTP exchange, retries and redirects followed included, for audit
   * logs.
   */
  signals[SIGNAL_REQUEST_FINISHED] =
    g_signal_new ("request-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 5,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_UINT,
                  G_TYPE_DOUBLE,
                  G_TYPE_CANCELLABLE);
}

static void
takeover_cloud_init (TakeoverCloud *self)
{
  self->timeout = DEFAULT_TIMEOUT;
  self->max_retries = DEFAULT_MAX_RETRIES;
  self->retry_delay = DEFAULT_RETRY_DELAY;
  self->endpoints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) takeover_cloud_endpoint_free);
  self->discovery_waiters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                   (GDestroyNotify) g_ptr_array_unref);
}

/* Public API. */

SoupSession *
takeover_cloud_get_soup_session (void)
{
  static SoupSession *session;

  /* Enough connections per host for a hundred hosts adopted 16 or more at a time. No
   * tls-database: each cloud verifies its servers itself (see accept_certificate_cb()). */
  if (session == NULL)
    {
      session = soup_session_new_with_options ("max-conns", 256,
                                               "max-conns-per-host", 64,
                                               "user-agent", "takeover/" PACKAGE_VERSION,
                                               NULL);
      soup_session_set_tls_database (session, NULL);
    }
  return session;
}

TakeoverCloud *
takeover_cloud_new (TakeoverCloudConfig *config)
{
  TakeoverCloud *self;
  gboolean verify;
  const char *cacert;
  const char *cert;
  const char *key;
  double timeout;

  g_return_val_if_fail (TAKEOVER_IS_CLOUD_CONFIG (config), NULL);

  self = g_object_new (TAKEOVER_TYPE_CLOUD, NULL);
  self->config = g_object_ref (config);
  self->session = g_object_ref (takeover_cloud_get_soup_session ());

  timeout = takeover_cloud_config_get_api_timeout (config);
  if (timeout > 0)
    self->timeout = MIN (timeout, MAX_TIMEOUT);

  /* TLS material is read once; a problem with it fails every request with the reason. */
  verify = takeover_cloud_config_get_verify (config);
  cacert = takeover_cloud_config_get_cacert (config);
  cert = takeover_cloud_config_get_cert (config);
  key = takeover_cloud_config_get_key (config);
  self->tls_profile = g_strdup_printf ("verify=%d cacert=%s cert=%s key=%s", verify,
                                       cacert != NULL ? cacert : "", cert != NULL ? cert : "",
                                       key != NULL ? key : "");
  if (verify && cacert == NULL)
    self->ca_database = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  else if (verify)
    {
      g_autoptr(GError) error = NULL;

      self->ca_database = g_tls_file_database_new (cacert, &error);
      if (self->ca_database == NULL)
        self->tls_error = g_error_new (TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG,
                                       _("Cannot read the CA certificates %s of cloud “%s”: "
                                         "%s"),
                                       cacert, takeover_cloud_config_get_name (config),
                                       error->message);
    }
  if (cert != NULL && self->tls_error == NULL)
    {
      g_autoptr(GError) error = NULL;

      self->client_certificate = key != NULL ? g_tls_certificate_new_from_files (cert, key, &error)
                                             : g_tls_certificate_new_from_file (cert, &error);
      if (self->client_certificate == NULL)
        self->tls_error = g_error_new (TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG,
                                       _("Cannot read the client certificate %s of cloud "
                                         "“%s”: %s"),
                                       cert, takeover_cloud_config_get_name (config),
                                       error->message);
    }

  return self;
}

TakeoverCloudConfig *
takeover_cloud_get_config (TakeoverCloud *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD (self), NULL);

  return self->config;
}

double
takeover_cloud_get_timeout (TakeoverCloud *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD (self), 0);

  return self->timeout;
}

void
takeover_cloud_set_timeout (TakeoverCloud *self,
                            double         seconds)
{
  g_return_if_fail (TAKEOVER_IS_CLOUD (self));
  g_return_if_fail (seconds > 0);

  self->timeout = MIN (seconds, MAX_TIMEOUT);
}

guint
takeover_cloud_get_max_retries (TakeoverCloud *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD (self), 0);

  return self->max_retries;
}

void
takeover_cloud_set_max_retries (TakeoverCloud *self,
                                guint          max_retries)
{
  g_return_if_fail (TAKEOVER_IS_CLOUD (self));

  self->max_retries = max_retries;
}

double
takeover_cloud_get_retry_delay (TakeoverCloud *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD (self), 0);

  return self->retry_delay;
}

void
takeover_cloud_set_retry_delay (TakeoverCloud *self,
                                double         seconds)
{
  g_return_if_fail (TAKEOVER_IS_CLOUD (self));
  g_return_if_fail (seconds >= 0);

  self->retry_delay = seconds;
}

void
takeover_cloud_authenticate_async (TakeoverCloud       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TAKEOVER_IS_CLOUD (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_cloud_authenticate_async);
  ensure_auth_async (self, FALSE, cancellable, authenticate_cb, task);
}

gboolean
takeover_cloud_authenticate_finish (TakeoverCloud  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
takeover_cloud_get_user_id (TakeoverCloud *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD (self), NULL);

  return self->user_id;
}

gboolean
takeover_cloud_get_authenticated (TakeoverCloud *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD (self), FALSE);

  return self->authenticated;
}

const char *
takeover_cloud_get_user_name (TakeoverCloud *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD (self), NULL);

  return self->user_name;
}

const char *
takeover_cloud_get_project_id (TakeoverCloud *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD (self), NULL);

  return self->project_id;
}

const char *
takeover_cloud_get_project_name (TakeoverCloud *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD (self), NULL);

  return self->project_name;
}

GDateTime *
takeover_cloud_get_token_expiry (TakeoverCloud *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD (self), NULL);

  return self->token_expiry;
}

char *
takeover_cloud_dup_auth_summary (TakeoverCloud *self)
{
  const char *type;

  g_return_val_if_fail (TAKEOVER_IS_CLOUD (self), NULL);

  type = takeover_cloud_config_get_auth_type_name (self->config);
  switch (takeover_cloud_config_get_auth_type (self->config))
    {
    case TAKEOVER_AUTH_NONE:
      return g_strdup_printf (_("%s (no authentication, standalone endpoints)"), type);
    case TAKEOVER_AUTH_HTTP_BASIC:
      return g_strdup_printf (_("%s (HTTP basic as %s, standalone endpoints)"), type,
                              takeover_cloud_config_get_auth (self->config, "username"));
    case TAKEOVER_AUTH_PASSWORD:
    case TAKEOVER_AUTH_TOKEN:
    case TAKEOVER_AUTH_APPLICATION_CREDENTIAL:
    default:
      {
        g_autofree char *url = identity_url (self);
        g_autofree char *expiry = self->token_expiry != NULL ?
          g_date_time_format_iso8601 (self->token_expiry) : NULL;

        if (self->project_name != NULL)
          return g_strdup_printf (_("%s (Keystone v3 at %s) as %s in project %s, token valid "
                                    "until %s"),
                                  type, url, self->user_name != NULL ? self->user_name : "?",
                                  self->project_name, expiry != NULL ? expiry : "?");
        if (self->system_scope)
          return g_strdup_printf (_("%s (Keystone v3 at %s) as %s with system scope, token "
                                    "valid until %s"),
                                  type, url, self->user_name != NULL ? self->user_name : "?",
                                  expiry != NULL ? expiry : "?");
        return g_strdup_printf (_("%s (Keystone v3 at %s) as %s, not scoped to a project, "
                                  "token valid until %s"),
                                type, url, self->user_name != NULL ? self->user_name : "?",
                                expiry != NULL ? expiry : "?");
      }
    }
}

static int
compare_endpoints (gconstpointer a,
                   gconstpointer b)
{
  const TakeoverCloudEndpoint *ea = *(TakeoverCloudEndpoint * const *) a;
  const TakeoverCloudEndpoint *eb = *(TakeoverCloudEndpoint * const *) b;

  return g_strcmp0 (ea->service_type, eb->service_type);
}

GPtrArray *
takeover_cloud_list_endpoints (TakeoverCloud *self)
{
  GPtrArray *endpoints;
  g_autoptr(GHashTable) types = NULL;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;
  GHashTableIter type_iter;

  g_return_val_if_fail (TAKEOVER_IS_CLOUD (self), NULL);

  types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; self->catalog != NULL && i < json_array_get_length (self->catalog); i++)
    {
      JsonNode *entry = json_array_get_element (self->catalog, i);
      const char *type;

      if (JSON_NODE_HOLDS_OBJECT (entry) &&
          (type = string_member (json_node_get_object (entry), "type")) != NULL)
        g_hash_table_add (types, g_strdup (type));
    }

  json_object_iter_init (&iter, takeover_cloud_config_get_json (self->config));
  while (json_object_iter_next (&iter, &key, &value))
    {
      if (g_str_has_suffix (key, "_endpoint_override"))
        g_hash_table_add (types, g_strndup (key, strlen (key) - strlen ("_endpoint_override")));
    }
  /* Without a catalog, auth.endpoint stands for every service; such clouds are a standalone
   * Ironic (Bifrost, OS_ENDPOINT), so that is the one it names. */
  if (!uses_keystone (self) && takeover_cloud_config_get_auth (self->config, "endpoint") != NULL)
    g_hash_table_add (types, g_strdup ("baremetal"));

  endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) takeover_cloud_endpoint_free);
  g_hash_table_iter_init (&type_iter, types);
  while (g_hash_table_iter_next (&type_iter, (gpointer *) &key, NULL))
    {
      TakeoverCloudEndpoint *endpoint = find_endpoint (self, key, NULL);

      if (endpoint != NULL)
        g_ptr_array_add (endpoints, endpoint);
    }
  g_ptr_array_sort (endpoints, compare_endpoints);

  return endpoints;
}

void
takeover_cloud_discover_async (TakeoverCloud              *self,
                               const TakeoverCloudService *service,
                               GCancellable               *cancellable,
                               GAsyncReadyCallback         callback,
                               gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  TakeoverCloudEndpoint *known;
  GPtrArray *waiters;
  Discovery *discovery;

  g_return_if_fail (TAKEOVER_IS_CLOUD (self));
  g_return_if_fail (service != NULL && service->service_type != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_cloud_discover_async);

  known = g_hash_table_lookup (self->endpoints, service->service_type);
  if (known != NULL && token_is_fresh (self))
    {
      g_task_return_pointer (task, takeover_cloud_endpoint_copy (known),
                             (GDestroyNotify) takeover_cloud_endpoint_free);
      return;
    }

  waiters = g_hash_table_lookup (self->discovery_waiters, service->service_type);
  if (waiters != NULL)
    {
      g_ptr_array_add (waiters, g_steal_pointer (&task));
      return;
    }

  waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (waiters, g_steal_pointer (&task));
  g_hash_table_insert (self->discovery_waiters, g_strdup (service->service_type), waiters);

  discovery = g_new0 (Discovery, 1);
  discovery->service = service;
  if (known != NULL)
    {
      discovery->endpoint = takeover_cloud_endpoint_copy (known);
      discovery->known = TRUE;
    }
  else
    {
      discovery->endpoint = g_new0 (TakeoverCloudEndpoint, 1);
      discovery->endpoint->service_type = g_strdup (service->service_type);
    }
  ensure_auth_async (self, FALSE, NULL, discovery_authenticated_cb, discovery);
  g_object_ref (self);
}

TakeoverCloudEndpoint *
takeover_cloud_discover_finish (TakeoverCloud  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_cloud_request_async (TakeoverCloud              *self,
                              const TakeoverCloudService *service,
                              const char                 *method,
                              const char                 *path,
                              JsonNode                   *body,
                              const char                 *needs_microversion,
                              TakeoverCloudRequestFlags   flags,
                              GCancellable               *cancellable,
                              GAsyncReadyCallback         callback,
                              gpointer                    user_data)
{
  g_autoptr(GBytes) bytes = NULL;

  if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);

      bytes = g_bytes_new_take (text, strlen (text));
    }

  request_async (self, takeover_cloud_request_async, service, method, path, bytes,
                 "application/json", needs_microversion, flags, cancellable, callback,
                 user_data);
}

JsonNode *
takeover_cloud_request_finish (TakeoverCloud  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_cloud_request_bytes_async (TakeoverCloud              *self,
                                    const TakeoverCloudService *service,
                                    const char                 *method,
                                    const char                 *path,
                                    GBytes                     *bytes,
                                    const char                 *needs_microversion,
                                    GCancellable               *cancellable,
                                    GAsyncReadyCallback         callback,
                                    gpointer                    user_data)
{
  g_return_if_fail (bytes != NULL);

  request_async (self, takeover_cloud_request_bytes_async, service, method, path, bytes,
                 "application/octet-stream", needs_microversion, TAKEOVER_CLOUD_REQUEST_NONE,
                 cancellable, callback, user_data);
}

JsonNode *
takeover_cloud_request_bytes_finish (TakeoverCloud  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Collections with paging. */

typedef struct
{
  const TakeoverCloudService *service;
  char                       *path;
  char                       *key;
  char                       *needs_microversion;
  guint                       limit;
  GPtrArray                  *items;
} Listing;

static void
listing_free (Listing *listing)
{
  g_free (listing->path);
  g_free (listing->key);
  g_free (listing->needs_microversion);
  g_clear_pointer (&listing->items, g_ptr_array_unref);
  g_free (listing);
}

/* The marker of the next page: Ironic's "next" URL, or Nova's and Neutron's "<key>_links". */
static char *
next_marker (JsonObject *page,
             const char *key)
{
  g_autofree char *links_key = g_strconcat (key, "_links", NULL);
  const char *next = string_member (page, "next");
  JsonNode *links = json_object_get_member (page, links_key);
  g_autoptr(GHashTable) params = NULL;
  const char *query;

  if (next == NULL && links != NULL && JSON_NODE_HOLDS_ARRAY (links))
    {
      JsonArray *array = json_node_get_array (links);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *link = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (link) &&
              g_strcmp0 (string_member (json_node_get_object (link), "rel"), "next") == 0)
            next = string_member (json_node_get_object (link), "href");
        }
    }
  if (next == NULL || (query = strchr (next, '?')) == NULL)
    return NULL;

  params = g_uri_parse_params (query + 1, -1, "&", G_URI_PARAMS_NONE, NULL);
  if (params == NULL)
    return NULL;
  return g_strdup (g_hash_table_lookup (params, "marker"));
}

static void listing_page_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data);

static void
listing_fetch (TakeoverCloud *self,
               GTask         *task,
               const char    *marker)
{
  Listing *listing = g_task_get_task_data (task);
  GString *path = g_string_new (listing->path);
  char separator = strchr (listing->path, '?') != NULL ? '&' : '?';

  if (listing->limit > 0 && strstr (listing->path, "limit=") == NULL)
    {
      g_string_append_printf (path, "%climit=%u", separator, listing->limit - listing->items->len);
      separator = '&';
    }
  if (marker != NULL)
    {
      g_autofree char *escaped = takeover_cloud_escape (marker);

      g_string_append_printf (path, "%cmarker=%s", separator, escaped);
    }

  takeover_cloud_request_async (self, listing->service, "GET", path->str, NULL,
                                listing->needs_microversion, TAKEOVER_CLOUD_REQUEST_NONE,
                                g_task_get_cancellable (task), listing_page_cb, task);
  g_string_free (path, TRUE);
}

static void
listing_page_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakeoverCloud *self = TAKEOVER_CLOUD (object);
  Listing *listing = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *marker = NULL;
  GError *error = NULL;
  JsonNode *items;
  JsonObject *page;
  guint count;

  root = takeover_cloud_request_finish (self, result, &error);
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (items = json_object_get_member (json_node_get_object (root), listing->key)) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (items))
    {
      g_task_return_new_error (task, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_INVALID_RESPONSE,
                               _("The answer to GET %s has no “%s” list."), listing->path,
                               listing->key);
      return;
    }
  page = json_node_get_object (root);

  count = json_array_get_length (json_node_get_array (items));
  for (guint i = 0; i < count; i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (items), i);

      if (JSON_NODE_HOLDS_OBJECT (item) &&
          (listing->limit == 0 || listing->items->len < listing->limit))
        g_ptr_array_add (listing->items, json_object_ref (json_node_get_object (item)));
    }

  marker = next_marker (page, listing->key);
  if (marker != NULL && count > 0 && (listing->limit == 0 || listing->items->len < listing->limit))
    {
      listing_fetch (self, g_steal_pointer (&task), marker);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&listing->items),
                         (GDestroyNotify) g_ptr_array_unref);
}

void
takeover_cloud_request_list_async (TakeoverCloud              *self,
                                   const TakeoverCloudService *service,
                                   const char                 *path,
                                   const char                 *key,
                                   guint                       limit,
                                   const char                 *needs_microversion,
                                   GCancellable               *cancellable,
                                   GAsyncReadyCallback         callback,
                                   gpointer                    user_data)
{
  GTask *task;
  Listing *listing;

  g_return_if_fail (TAKEOVER_IS_CLOUD (self));
  g_return_if_fail (service != NULL);
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (key != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_cloud_request_list_async);

  listing = g_new0 (Listing, 1);
  listing->service = service;
  listing->path = g_strdup (path);
  listing->key = g_strdup (key);
  listing->needs_microversion = g_strdup (needs_microversion);
  listing->limit = limit;
  listing->items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_task_set_task_data (task, listing, (GDestroyNotify) listing_free);

  listing_fetch (self, task, NULL);
}

GPtrArray *
takeover_cloud_request_list_finish (TakeoverCloud  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
takeover_cloud_escape (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return g_uri_escape_string (text, NULL, FALSE);
}

void
takeover_json_patch_append (JsonArray  *patch,
                            const char *op,
                            const char *path,
                            JsonNode   *value)
{
  JsonObject *operation;

  g_return_if_fail (patch != NULL);
  g_return_if_fail (op != NULL);
  g_return_if_fail (path != NULL && path[0] == '/');

  operation = json_object_new ();
  json_object_set_string_member (operation, "op", op);
  json_object_set_string_member (operation, "path", path);
  if (value != NULL)
    json_object_set_member (operation, "value", value);
  json_array_add_object_element (patch, operation);
}
