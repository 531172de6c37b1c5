/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the OpenStack tests share: waiting for one async result, clouds built in place, fake
 * servers on loopback. */
#pragma once

#include "takeover-openstack.h"

static GAsyncResult *test_pending_result;
static GAsyncResult *test_current_result;

static inline void
test_result_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_assert_null (test_pending_result);
  test_pending_result = g_object_ref (result);
}

/* Runs the default main context until the call given test_result_cb finishes. The result is
 * borrowed: it stays valid until the next call. */
static inline GAsyncResult *
test_await (void)
{
  while (test_pending_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&test_current_result);
  test_current_result = g_steal_pointer (&test_pending_result);
  return test_current_result;
}

static inline void
test_drop_result (void)
{
  g_clear_object (&test_current_result);
}

/* Authenticates @cloud now, waiting for the answer. */
static inline void
test_authenticate (TakeoverCloud  *cloud,
                   GError        **error)
{
  takeover_cloud_authenticate_async (cloud, NULL, test_result_cb, NULL);
  takeover_cloud_authenticate_finish (cloud, test_await (), error);
}

/* A standalone (auth_type none) cloud whose Ironic is @url, with an optional microversion pin. */
static inline TakeoverCloud *
test_standalone_cloud (const char *url,
                       const char *pin)
{
  g_autoptr(JsonObject) json = json_object_new ();
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (json, "auth_type", "none");
  json_object_set_string_member (json, "baremetal_endpoint_override", url);
  if (pin != NULL)
    json_object_set_string_member (json, "baremetal_api_version", pin);
  config = takeover_cloud_config_new_from_json ("test", json, &error);
  g_assert_no_error (error);
  return takeover_cloud_new (config);
}

/* A node name no other test (nor a parallel run) uses. */
static inline char *
test_unique_name (const char *what)
{
  return g_strdup_printf ("to-%s-%d-%08x", what, (int) getpid (), g_random_int ());
}

/* Makes @server listen on a free loopback port; returns its base URL. */
static inline char *
test_server_listen (SoupServer              *server,
                    SoupServerListenOptions  options)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GError) error = NULL;
  GSList *uris;
  char *url;

  soup_server_listen (server, address, options, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("%s://127.0.0.1:%d",
                         (options & SOUP_SERVER_LISTEN_HTTPS) ? "https" : "http",
                         g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

/* The URL of the first endpoint of @type in @endpoints, or %NULL. */
static inline const char *
test_endpoint_url (GPtrArray  *endpoints,
                   const char *type)
{
  for (guint i = 0; i < endpoints->len; i++)
    {
      TakeoverCloudEndpoint *endpoint = g_ptr_array_index (endpoints, i);

      if (g_str_equal (endpoint->service_type, type))
        return endpoint->url;
    }
  return NULL;
}
