/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-fault-proxy"

#include "config.h"

#include <libsoup/soup.h>

#include "takeover-fault-proxy.h"

typedef struct
{
  TakeoverFault  fault;
  guint          remaining;
  char          *method;
  char          *path_prefix;
} Rule;

typedef struct
{
  char *method;
  char *path;
} Seen;

struct _TakeoverFaultProxy
{
  GObject      parent_instance;

  SoupServer  *server;
  /* The proxy's own session: it stands for the remote server, not for the client. */
  SoupSession *session;
  char        *upstream;
  char        *url;
  GQueue       rules;
  GArray      *seen;
  double       delay;
  guint        n_faults;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (TakeoverFaultProxy, takeover_fault_proxy, G_TYPE_OBJECT)

static void
rule_free (Rule *rule)
{
  g_free (rule->method);
  g_free (rule->path_prefix);
  g_free (rule);
}

static void
seen_clear (Seen *seen)
{
  g_free (seen->method);
  g_free (seen->path);
}

static gboolean
matches (const char *method,
         const char *path_prefix,
         const char *request_method,
         const char *request_path)
{
  return (method == NULL || g_str_equal (method, request_method)) &&
         (path_prefix == NULL || g_str_has_prefix (request_path, path_prefix));
}

static Rule *
take_rule (TakeoverFaultProxy *self,
           const char         *method,
           const char         *path)
{
  for (GList *l = self->rules.head; l != NULL; l = l->next)
    {
      Rule *rule = l->data;

      if (rule->remaining > 0 && matches (rule->method, rule->path_prefix, method, path))
        {
          rule->remaining--;
          return rule;
        }
    }
  return NULL;
}

typedef struct
{
  TakeoverFaultProxy *self;
  SoupServerMessage  *server_message;
  SoupMessage        *message;
} Forward;

static void
forward_free (Forward *forward)
{
  g_object_unref (forward->self);
  g_object_unref (forward->server_message);
  g_clear_object (&forward->message);
  g_free (forward);
}

static void
copy_header_cb (const char *name,
                const char *value,
                gpointer    user_data)
{
  /* Framing is the proxy's own business on each side. */
  if (g_ascii_strcasecmp (name, "Host") == 0 ||
      g_ascii_strcasecmp (name, "Connection") == 0 ||
      g_ascii_strcasecmp (name, "Content-Length") == 0 ||
      g_ascii_strcasecmp (name, "Transfer-Encoding") == 0 ||
      g_ascii_strcasecmp (name, "Keep-Alive") == 0)
    return;
  soup_message_headers_append (user_data, name, value);
}

static void
forwarded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Forward *forward = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *content_type;
  gsize length = 0;
  const char *data;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      soup_server_message_set_status (forward->server_message, SOUP_STATUS_BAD_GATEWAY, NULL);
    }
  else
    {
      soup_message_headers_foreach (soup_message_get_response_headers (forward->message),
                                    copy_header_cb,
                                    soup_server_message_get_response_headers (forward->server_message));
      soup_server_message_set_status (forward->server_message,
                                      soup_message_get_status (forward->message),
                                      soup_message_get_reason_phrase (forward->message));
      content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (forward->message), NULL);
      data = g_bytes_get_data (body, &length);
      soup_server_message_set_response (forward->server_message, content_type,
                                        SOUP_MEMORY_COPY, data, length);
    }
  soup_server_message_unpause (forward->server_message);
  forward_free (forward);
}

static void
forward_start (Forward *forward)
{
  TakeoverFaultProxy *self = forward->self;
  GUri *uri = soup_server_message_get_uri (forward->server_message);
  const char *query = g_uri_get_query (uri);
  g_autofree char *target = g_strconcat (self->upstream, g_uri_get_path (uri),
                                         query != NULL ? "?" : "", query != NULL ? query : "",
                                         NULL);
  SoupMessageBody *request_body = soup_server_message_get_request_body (forward->server_message);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (forward->server_message);

  forward->message = soup_message_new (soup_server_message_get_method (forward->server_message), target);
  soup_message_headers_foreach (request_headers, copy_header_cb,
                                soup_message_get_request_headers (forward->message));
  if (g_bytes_get_size (bytes) > 0)
    soup_message_set_request_body_from_bytes (forward->message,
                                              soup_message_headers_get_content_type (request_headers, NULL),
                                              bytes);
  soup_session_send_and_read_async (self->session, forward->message, G_PRIORITY_DEFAULT,
                                    self->cancellable, forwarded_cb, forward);
}

static gboolean
slow_forward_cb (gpointer user_data)
{
  forward_start (user_data);
  return G_SOURCE_REMOVE;
}

static void
set_json (SoupServerMessage *message,
          guint              status,
          const char        *json)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, json,
                                    strlen (json));
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  TakeoverFaultProxy *self = user_data;
  const char *method = soup_server_message_get_method (message);
  Rule *rule = take_rule (self, method, path);
  Forward *forward;
  Seen seen = { g_strdup (method), g_strdup (path) };

  g_array_append_val (self->seen, seen);

  if (rule != NULL)
    self->n_faults++;

  switch (rule != NULL ? (int) rule->fault : -1)
    {
    case TAKEOVER_FAULT_UNAVAILABLE:
      /* As Ironic words it, JSON inside JSON. */
      set_json (message, SOUP_STATUS_SERVICE_UNAVAILABLE,
                "{\"error_message\": \"{\\\"faultstring\\\": \\\"The service is busy (injected).\\\", \\\"faultcode\\\": \\\"Server\\\", \\\"debuginfo\\\": null}\"}");
      return;

    case TAKEOVER_FAULT_LOCKED:
      set_json (message, SOUP_STATUS_CONFLICT,
                "{\"error_message\": \"{\\\"faultstring\\\": \\\"Node 4f0b0e5e-0000-4000-8000-000000000000 is locked by host fault-proxy, please retry after the current operation is completed.\\\", \\\"faultcode\\\": \\\"Client\\\", \\\"debuginfo\\\": null}\"}");
      return;

    case TAKEOVER_FAULT_MALFORMED:
      set_json (message, SOUP_STATUS_OK, "{\"nodes\": [{\"uuid\": ");
      return;

    case TAKEOVER_FAULT_RESET:
      {
        /* Taking the connection from the server and closing it: the client sees the peer
         * hang up with its request unanswered. */
        g_autoptr(GIOStream) stream = soup_server_message_steal_connection (message);

        g_io_stream_close (stream, NULL, NULL);
      }
      return;

    default:
      break;
    }

  forward = g_new0 (Forward, 1);
  forward->self = g_object_ref (self);
  forward->server_message = g_object_ref (message);
  soup_server_message_pause (message);

  if (rule != NULL && rule->fault == TAKEOVER_FAULT_SLOW)
    g_timeout_add ((guint) (self->delay * 1000), slow_forward_cb, forward);
  else
    forward_start (forward);
}

static void
takeover_fault_proxy_dispose (GObject *object)
{
  TakeoverFaultProxy *self = (TakeoverFaultProxy *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (takeover_fault_proxy_parent_class)->dispose (object);
}

static void
takeover_fault_proxy_finalize (GObject *object)
{
  TakeoverFaultProxy *self = (TakeoverFaultProxy *)object;

  g_queue_clear_full (&self->rules, (GDestroyNotify) rule_free);
  g_clear_pointer (&self->seen, g_array_unref);
  g_clear_object (&self->cancellable);
  g_free (self->upstream);
  g_free (self->url);

  G_OBJECT_CLASS (takeover_fault_proxy_parent_class)->finalize (object);
}

static void
takeover_fault_proxy_class_init (TakeoverFaultProxyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = takeover_fault_proxy_dispose;
  object_class->finalize = takeover_fault_proxy_finalize;
}

static void
takeover_fault_proxy_init (TakeoverFaultProxy *self)
{
  g_queue_init (&self->rules);
  self->seen = g_array_new (FALSE, TRUE, sizeof (Seen));
  g_array_set_clear_func (self->seen, (GDestroyNotify) seen_clear);
  self->cancellable = g_cancellable_new ();
  self->delay = 1.0;
}

TakeoverFaultProxy *
takeover_fault_proxy_new (const char  *upstream_url,
                          GError     **error)
{
  g_autoptr(TakeoverFaultProxy) self = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  GSList *uris;

  g_return_val_if_fail (upstream_url != NULL, NULL);

  self = g_object_new (TAKEOVER_TYPE_FAULT_PROXY, NULL);
  self->upstream = g_strdup (upstream_url);
  if (g_str_has_suffix (self->upstream, "/"))
    self->upstream[strlen (self->upstream) - 1] = '\0';
  self->session = soup_session_new_with_options ("max-conns-per-host", 64, NULL);
  self->server = soup_server_new ("server-header", "takeover-fault-proxy", NULL);
  soup_server_add_handler (self->server, NULL, handle_cb, self, NULL);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  if (!soup_server_listen (self->server, address, 0, error))
    return NULL;

  uris = soup_server_get_uris (self->server);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return g_steal_pointer (&self);
}

const char *
takeover_fault_proxy_get_url (TakeoverFaultProxy *self)
{
  g_return_val_if_fail (TAKEOVER_IS_FAULT_PROXY (self), NULL);

  return self->url;
}

void
takeover_fault_proxy_add_faults (TakeoverFaultProxy *self,
                                 TakeoverFault       fault,
                                 guint               count,
                                 const char         *method,
                                 const char         *path_prefix)
{
  Rule *rule;

  g_return_if_fail (TAKEOVER_IS_FAULT_PROXY (self));

  rule = g_new0 (Rule, 1);
  rule->fault = fault;
  rule->remaining = count;
  rule->method = g_strdup (method);
  rule->path_prefix = g_strdup (path_prefix);
  g_queue_push_tail (&self->rules, rule);
}

void
takeover_fault_proxy_clear_faults (TakeoverFaultProxy *self)
{
  g_return_if_fail (TAKEOVER_IS_FAULT_PROXY (self));

  g_queue_clear_full (&self->rules, (GDestroyNotify) rule_free);
}

void
takeover_fault_proxy_set_delay (TakeoverFaultProxy *self,
                                double              seconds)
{
  g_return_if_fail (TAKEOVER_IS_FAULT_PROXY (self));

  self->delay = seconds;
}

guint
takeover_fault_proxy_get_n_requests (TakeoverFaultProxy *self)
{
  g_return_val_if_fail (TAKEOVER_IS_FAULT_PROXY (self), 0);

  return self->seen->len;
}

guint
takeover_fault_proxy_get_n_faults (TakeoverFaultProxy *self)
{
  g_return_val_if_fail (TAKEOVER_IS_FAULT_PROXY (self), 0);

  return self->n_faults;
}

guint
takeover_fault_proxy_count (TakeoverFaultProxy *self,
                            const char         *method,
                            const char         *path_prefix)
{
  guint count = 0;

  g_return_val_if_fail (TAKEOVER_IS_FAULT_PROXY (self), 0);

  for (guint i = 0; i < self->seen->len; i++)
    {
      Seen *seen = &g_array_index (self->seen, Seen, i);

      if (matches (method, path_prefix, seen->method, seen->path))
        count++;
    }
  return count;
}
