/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-openstack"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-service-private.h"

static void
object_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  const char *member = g_task_get_task_data (task);
  JsonObject *found = NULL;

  answer = takeover_cloud_request_finish (TAKEOVER_CLOUD (object), result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (answer))
    {
      found = json_node_get_object (answer);
      if (member != NULL)
        {
          JsonNode *node = json_object_get_member (found, member);

          found = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node)
                                                                : NULL;
        }
    }

  if (found == NULL)
    g_task_return_new_error (task, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_INVALID_RESPONSE,
                             _("The server’s answer has no “%s” object."),
                             member != NULL ? member : "{}");
  else
    g_task_return_pointer (task, json_object_ref (found), (GDestroyNotify) json_object_unref);
}

void
_takeover_service_object_async (gpointer                    source_object,
                                gpointer                    source_tag,
                                TakeoverCloud              *cloud,
                                const TakeoverCloudService *service,
                                const char                 *method,
                                const char                 *path,
                                JsonNode                   *body,
                                const char                 *member,
                                GCancellable               *cancellable,
                                GAsyncReadyCallback         callback,
                                gpointer                    user_data)
{
  GTask *task = g_task_new (source_object, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, g_strdup (member), g_free);
  takeover_cloud_request_async (cloud, service, method, path, body, NULL,
                                TAKEOVER_CLOUD_REQUEST_NONE, cancellable, object_cb, task);
}

JsonObject *
_takeover_service_object_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *list = takeover_cloud_request_list_finish (TAKEOVER_CLOUD (object), result, &error);

  if (list == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, (GDestroyNotify) g_ptr_array_unref);
}

void
_takeover_service_list_async (gpointer                    source_object,
                              gpointer                    source_tag,
                              TakeoverCloud              *cloud,
                              const TakeoverCloudService *service,
                              const char                 *path,
                              const char                 *key,
                              const char                 *needs_microversion,
                              GCancellable               *cancellable,
                              GAsyncReadyCallback         callback,
                              gpointer                    user_data)
{
  GTask *task = g_task_new (source_object, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  takeover_cloud_request_list_async (cloud, service, path, key, 0, needs_microversion,
                                     cancellable, list_cb, task);
}

GPtrArray *
_takeover_service_list_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
none_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(JsonNode) answer = takeover_cloud_request_finish (TAKEOVER_CLOUD (object), result,
                                                               &error);

  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
_takeover_service_none_async (gpointer                    source_object,
                              gpointer                    source_tag,
                              TakeoverCloud              *cloud,
                              const TakeoverCloudService *service,
                              const char                 *method,
                              const char                 *path,
                              JsonNode                   *body,
                              GCancellable               *cancellable,
                              GAsyncReadyCallback         callback,
                              gpointer                    user_data)
{
  GTask *task = g_task_new (source_object, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  takeover_cloud_request_async (cloud, service, method, path, body, NULL,
                                TAKEOVER_CLOUD_REQUEST_NONE, cancellable, none_cb, task);
}

gboolean
_takeover_service_none_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

JsonNode *
_takeover_service_wrap (const char *member,
                        JsonObject *object)
{
  g_autoptr(JsonObject) outer = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_object_member (outer, member, json_object_ref (object));
  json_node_set_object (node, outer);
  return node;
}
