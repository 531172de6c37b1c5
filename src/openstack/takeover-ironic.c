/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-openstack"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-cloud-error-private.h"
#include "takeover-cloud-private.h"
#include "takeover-ironic.h"
#include "takeover-service-private.h"

/* The first and the longest pause between two polls of a node's state: adoption's steps take
 * seconds, and a hundred nodes polled every 2 s are still a light load for Ironic. */
#define WAIT_FIRST_INTERVAL 0.2
#define WAIT_MAX_INTERVAL   2.0

/* The fields a wait looks at; a small answer matters when a hundred nodes are polled. */
static const char * const wait_fields[] = {
  "uuid", "name", "provision_state", "target_provision_state", "last_error", "power_state",
  "maintenance", "maintenance_reason", NULL
};

/* States a node only leaves by an operator's action: a wait for anything else ends there. */
static const char * const failure_states[] = {
  "adopt failed", "deploy failed", "clean failed", "inspect failed", "rescue failed",
  "unrescue failed", "service failed", "error", NULL
};

struct _TakeoverIronic
{
  GObject        parent_instance;

  TakeoverCloud *cloud;
  double         wait_max_interval;
};

G_DEFINE_FINAL_TYPE (TakeoverIronic, takeover_ironic, G_TYPE_OBJECT)

const TakeoverCloudService takeover_ironic_service = {
  .service_type = "baremetal",
  .version_path = "v1",
  .microversion_header = "X-OpenStack-Ironic-API-Version",
  .min_microversion = TAKEOVER_IRONIC_MIN_VERSION,
  .max_microversion = TAKEOVER_IRONIC_MAX_VERSION,
};

static JsonNode *
object_node (JsonObject *object)
{
  return json_node_init_object (json_node_alloc (), object);
}

/* POST of a new node or port; the answer is the object Ironic created. */
static void
create_object (TakeoverIronic      *self,
               gpointer             source_tag,
               const char          *path,
               JsonObject          *fields,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(JsonNode) body = object_node (fields);

  _takeover_service_object_async (self, source_tag, self->cloud, &takeover_ironic_service,
                                  "POST", path, body, NULL, cancellable, callback, user_data);
}

/* "/nodes/<escaped ident><suffix>" */
static char *
node_path (const char *node,
           const char *suffix)
{
  g_autofree char *escaped = takeover_cloud_escape (node);

  return g_strconcat ("/nodes/", escaped, suffix, NULL);
}

static void
append_param (GString    *query,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = takeover_cloud_escape (value);

  g_string_append_printf (query, "%c%s=%s", strchr (query->str, '?') != NULL ? '&' : '?',
                          name, escaped);
}

static void
append_fields (GString            *query,
               const char * const *fields)
{
  g_autofree char *joined = NULL;

  if (fields == NULL || fields[0] == NULL)
    return;
  joined = g_strjoinv (",", (char **) fields);
  append_param (query, "fields", joined);
}

static void
takeover_ironic_dispose (GObject *object)
{
  TakeoverIronic *self = (TakeoverIronic *)object;

  g_clear_object (&self->cloud);

  G_OBJECT_CLASS (takeover_ironic_parent_class)->dispose (object);
}

static void
takeover_ironic_class_init (TakeoverIronicClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = takeover_ironic_dispose;
}

static void
takeover_ironic_init (TakeoverIronic *self)
{
  self->wait_max_interval = WAIT_MAX_INTERVAL;
}

TakeoverIronic *
takeover_ironic_new (TakeoverCloud *cloud)
{
  TakeoverIronic *self;

  g_return_val_if_fail (TAKEOVER_IS_CLOUD (cloud), NULL);

  self = g_object_new (TAKEOVER_TYPE_IRONIC, NULL);
  self->cloud = g_object_ref (cloud);
  return self;
}

TakeoverCloud *
takeover_ironic_get_cloud (TakeoverIronic *self)
{
  g_return_val_if_fail (TAKEOVER_IS_IRONIC (self), NULL);

  return self->cloud;
}

double
takeover_ironic_get_wait_max_interval (TakeoverIronic *self)
{
  g_return_val_if_fail (TAKEOVER_IS_IRONIC (self), 0.0);

  return self->wait_max_interval;
}

void
takeover_ironic_set_wait_max_interval (TakeoverIronic *self,
                                       double          seconds)
{
  g_return_if_fail (TAKEOVER_IS_IRONIC (self));
  g_return_if_fail (seconds >= WAIT_FIRST_INTERVAL);

  self->wait_max_interval = seconds;
}

static void
discover_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakeoverCloudEndpoint *endpoint;
  GError *error = NULL;

  endpoint = takeover_cloud_discover_finish (TAKEOVER_CLOUD (object), result, &error);
  if (endpoint == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, endpoint, (GDestroyNotify) takeover_cloud_endpoint_free);
}

void
takeover_ironic_discover_async (TakeoverIronic      *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TAKEOVER_IS_IRONIC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_ironic_discover_async);
  takeover_cloud_discover_async (self->cloud, &takeover_ironic_service, cancellable,
                                 discover_cb, task);
}

TakeoverCloudEndpoint *
takeover_ironic_discover_finish (TakeoverIronic  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Nodes. */

void
takeover_ironic_create_node_async (TakeoverIronic      *self,
                                   JsonObject          *fields,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (TAKEOVER_IS_IRONIC (self));
  g_return_if_fail (fields != NULL);

  create_object (self, takeover_ironic_create_node_async, "/nodes", fields, cancellable,
                 callback, user_data);
}

JsonObject *
takeover_ironic_create_node_finish (TakeoverIronic  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_ironic_get_node_async (TakeoverIronic      *self,
                                const char          *node,
                                const char * const  *fields,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = NULL;
  GString *query;

  g_return_if_fail (TAKEOVER_IS_IRONIC (self));
  g_return_if_fail (node != NULL);

  path = node_path (node, NULL);
  query = g_string_new (path);
  append_fields (query, fields);
  _takeover_service_object_async (self, takeover_ironic_get_node_async, self->cloud,
                                  &takeover_ironic_service, "GET", query->str, NULL, NULL,
                                  cancellable, callback, user_data);
  g_string_free (query, TRUE);
}

JsonObject *
takeover_ironic_get_node_finish (TakeoverIronic  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_ironic_list_nodes_async (TakeoverIronic      *self,
                                  GHashTable          *filters,
                                  const char * const  *fields,
                                  guint                page_size,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GString *query;

  g_return_if_fail (TAKEOVER_IS_IRONIC (self));

  /* /nodes/detail refuses "fields"; /nodes with fields gives just those. */
  query = g_string_new (fields != NULL ? "/nodes" : "/nodes/detail");
  append_fields (query, fields);
  if (filters != NULL)
    {
      g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (filters),
                                           (GCompareFunc) g_strcmp0);

      for (const GList *l = keys; l != NULL; l = l->next)
        append_param (query, l->data, g_hash_table_lookup (filters, l->data));
    }

  if (page_size > 0)
    g_string_append_printf (query, "%climit=%u", strchr (query->str, '?') != NULL ? '&' : '?',
                            page_size);
  _takeover_service_list_async (self, takeover_ironic_list_nodes_async, self->cloud,
                                &takeover_ironic_service, query->str, "nodes", NULL, cancellable,
                                callback, user_data);
  g_string_free (query, TRUE);
}

GPtrArray *
takeover_ironic_list_nodes_finish (TakeoverIronic  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_ironic_update_node_async (TakeoverIronic      *self,
                                   const char          *node,
                                   JsonArray           *patch,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TAKEOVER_IS_IRONIC (self));
  g_return_if_fail (node != NULL);
  g_return_if_fail (patch != NULL);

  path = node_path (node, NULL);
  body = json_node_init_array (json_node_alloc (), patch);
  _takeover_service_object_async (self, takeover_ironic_update_node_async, self->cloud,
                                  &takeover_ironic_service, "PATCH", path, body, NULL,
                                  cancellable, callback, user_data);
}

JsonObject *
takeover_ironic_update_node_finish (TakeoverIronic  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_ironic_delete_node_async (TakeoverIronic      *self,
                                   const char          *node,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TAKEOVER_IS_IRONIC (self));
  g_return_if_fail (node != NULL);

  path = node_path (node, NULL);
  _takeover_service_none_async (self, takeover_ironic_delete_node_async, self->cloud,
                                &takeover_ironic_service, "DELETE", path, NULL, cancellable,
                                callback, user_data);
}

gboolean
takeover_ironic_delete_node_finish (TakeoverIronic  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Ports. */

void
takeover_ironic_create_port_async (TakeoverIronic      *self,
                                   JsonObject          *fields,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (TAKEOVER_IS_IRONIC (self));
  g_return_if_fail (fields != NULL);

  create_object (self, takeover_ironic_create_port_async, "/ports", fields, cancellable,
                 callback, user_data);
}

JsonObject *
takeover_ironic_create_port_finish (TakeoverIronic  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_ironic_list_ports_async (TakeoverIronic      *self,
                                  const char          *node,
                                  const char          *address,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GString *query;

  g_return_if_fail (TAKEOVER_IS_IRONIC (self));

  query = g_string_new ("/ports/detail");
  if (node != NULL)
    append_param (query, "node", node);
  if (address != NULL)
    append_param (query, "address", address);
  _takeover_service_list_async (self, takeover_ironic_list_ports_async, self->cloud,
                                &takeover_ironic_service, query->str, "ports", NULL, cancellable,
                                callback, user_data);
  g_string_free (query, TRUE);
}

GPtrArray *
takeover_ironic_list_ports_finish (TakeoverIronic  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_ironic_delete_port_async (TakeoverIronic      *self,
                                   const char          *port,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (TAKEOVER_IS_IRONIC (self));
  g_return_if_fail (port != NULL);

  escaped = takeover_cloud_escape (port);
  path = g_strconcat ("/ports/", escaped, NULL);
  _takeover_service_none_async (self, takeover_ironic_delete_port_async, self->cloud,
                                &takeover_ironic_service, "DELETE", path, NULL, cancellable,
                                callback, user_data);
}

gboolean
takeover_ironic_delete_port_finish (TakeoverIronic  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Validation and actions. */

void
takeover_ironic_validate_node_async (TakeoverIronic      *self,
                                     const char          *node,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TAKEOVER_IS_IRONIC (self));
  g_return_if_fail (node != NULL);

  path = node_path (node, "/validate");
  _takeover_service_object_async (self, takeover_ironic_validate_node_async, self->cloud,
                                  &takeover_ironic_service, "GET", path, NULL, NULL,
                                  cancellable, callback, user_data);
}

JsonObject *
takeover_ironic_validate_node_finish (TakeoverIronic  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_ironic_set_provision_state_async (TakeoverIronic      *self,
                                           const char          *node,
                                           const char          *target,
                                           JsonObject          *args,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) body_node = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (TAKEOVER_IS_IRONIC (self));
  g_return_if_fail (node != NULL);
  g_return_if_fail (target != NULL);

  body = json_object_new ();
  if (args != NULL)
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      json_object_iter_init (&iter, args);
      while (json_object_iter_next (&iter, &key, &value))
        json_object_set_member (body, key, json_node_copy (value));
    }
  json_object_set_string_member (body, "target", target);
  body_node = object_node (body);
  path = node_path (node, "/states/provision");
  _takeover_service_none_async (self, takeover_ironic_set_provision_state_async, self->cloud,
                                &takeover_ironic_service, "PUT", path, body_node, cancellable,
                                callback, user_data);
}

gboolean
takeover_ironic_set_provision_state_finish (TakeoverIronic  *self,
                                            GAsyncResult    *result,
                                            GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
takeover_ironic_set_power_state_async (TakeoverIronic      *self,
                                       const char          *node,
                                       TakeoverIronicPower  target,
                                       guint                timeout_seconds,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  static const char * const targets[] = {
    [TAKEOVER_IRONIC_POWER_ON] = "power on",
    [TAKEOVER_IRONIC_POWER_OFF] = "power off",
    [TAKEOVER_IRONIC_POWER_REBOOT] = "rebooting",
    [TAKEOVER_IRONIC_POWER_SOFT_OFF] = "soft power off",
    [TAKEOVER_IRONIC_POWER_SOFT_REBOOT] = "soft rebooting",
  };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) body_node = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (TAKEOVER_IS_IRONIC (self));
  g_return_if_fail (node != NULL);
  g_return_if_fail (target <= TAKEOVER_IRONIC_POWER_SOFT_REBOOT);

  body = json_object_new ();
  json_object_set_string_member (body, "target", targets[target]);
  if (timeout_seconds > 0)
    json_object_set_int_member (body, "timeout", timeout_seconds);
  body_node = object_node (body);
  path = node_path (node, "/states/power");
  /* Soft actions and the timeout came with 1.27, below TAKEOVER_IRONIC_MIN_VERSION. */
  _takeover_service_none_async (self, takeover_ironic_set_power_state_async, self->cloud,
                                &takeover_ironic_service, "PUT", path, body_node, cancellable,
                                callback, user_data);
}

gboolean
takeover_ironic_set_power_state_finish (TakeoverIronic  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Waiting for a provision state. */

typedef struct
{
  char       *node;
  char       *target;
  gint64      deadline;
  double      interval;
  guint       timeout_seconds;
  JsonObject *last;
} Wait;

static void
wait_free (Wait *wait)
{
  g_free (wait->node);
  g_free (wait->target);
  g_clear_pointer (&wait->last, json_object_unref);
  g_free (wait);
}

static const char *
node_string (JsonObject *node,
             const char *member)
{
  JsonNode *value = json_object_get_member (node, member);

  if (value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
      json_node_get_value_type (value) == G_TYPE_STRING)
    return json_node_get_string (value);
  return NULL;
}

static void wait_poll (GTask *task);

static void
wait_woke_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!_takeover_sleep_finish (result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  wait_poll (task);
}

static GError *
wait_state_error (Wait       *wait,
                  JsonObject *node,
                  const char *state)
{
  const char *last_error = node_string (node, "last_error");
  GError *error;

  if (last_error != NULL && last_error[0] != '\0')
    error = g_error_new (TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_STATE,
                         _("Node %s stopped in state “%s” instead of reaching “%s”: %s"),
                         wait->node, state, wait->target, last_error);
  else
    error = g_error_new (TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_STATE,
                         _("Node %s stopped in state “%s” instead of reaching “%s”, without "
                           "an error from Ironic."),
                         wait->node, state, wait->target);
  _takeover_cloud_error_set_details (error, 0, NULL, NULL, last_error, NULL);
  return error;
}

static void
wait_polled_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakeoverIronic *self = g_task_get_source_object (task);
  Wait *wait = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  JsonObject *node;
  const char *state;
  const char *target;
  GCancellable *cancellable;
  double delay;

  root = takeover_cloud_request_finish (TAKEOVER_CLOUD (object), result, &error);
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_INVALID_RESPONSE,
                               _("Ironic answered without the node %s."), wait->node);
      return;
    }

  node = json_node_get_object (root);
  g_clear_pointer (&wait->last, json_object_unref);
  wait->last = json_object_ref (node);
  state = node_string (node, "provision_state");
  target = node_string (node, "target_provision_state");

  if (g_strcmp0 (state, wait->target) == 0)
    {
      g_task_return_pointer (task, json_object_ref (node), (GDestroyNotify) json_object_unref);
      return;
    }
  if (state == NULL || g_strv_contains (failure_states, state) || target == NULL)
    {
      g_task_return_error (task, wait_state_error (wait, node, state != NULL ? state : "?"));
      return;
    }

  if (wait->deadline > 0 && g_get_monotonic_time () >= wait->deadline)
    {
      g_task_return_new_error (task, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_TIMEOUT,
                               _("Node %s is still in state “%s” (heading for “%s”) after %u "
                                 "seconds."),
                               wait->node, state, target, wait->timeout_seconds);
      return;
    }

  delay = wait->interval;
  wait->interval = MIN (wait->interval * 1.5, self->wait_max_interval);
  if (wait->deadline > 0)
    delay = MIN (delay, (wait->deadline - g_get_monotonic_time ()) / (double) G_USEC_PER_SEC);
  delay = MAX (delay, 0.0);

  cancellable = g_task_get_cancellable (task);
  _takeover_sleep_async (delay, "[takeover] provision state poll", cancellable, wait_woke_cb,
                         g_steal_pointer (&task));
}

static void
wait_poll (GTask *task)
{
  TakeoverIronic *self = g_task_get_source_object (task);
  Wait *wait = g_task_get_task_data (task);
  g_autofree char *path = node_path (wait->node, NULL);
  GString *query = g_string_new (path);

  append_fields (query, wait_fields);
  takeover_cloud_request_async (self->cloud, &takeover_ironic_service, "GET", query->str, NULL,
                                NULL, TAKEOVER_CLOUD_REQUEST_NONE, g_task_get_cancellable (task),
                                wait_polled_cb, task);
  g_string_free (query, TRUE);
}

void
takeover_ironic_wait_for_provision_state_async (TakeoverIronic      *self,
                                                const char          *node,
                                                const char          *target_state,
                                                guint                timeout_seconds,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  GTask *task;
  Wait *wait;

  g_return_if_fail (TAKEOVER_IS_IRONIC (self));
  g_return_if_fail (node != NULL);
  g_return_if_fail (target_state != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_ironic_wait_for_provision_state_async);
  wait = g_new0 (Wait, 1);
  wait->node = g_strdup (node);
  wait->target = g_strdup (target_state);
  wait->interval = WAIT_FIRST_INTERVAL;
  wait->timeout_seconds = timeout_seconds;
  if (timeout_seconds > 0)
    wait->deadline = g_get_monotonic_time () + (gint64) timeout_seconds * G_USEC_PER_SEC;
  g_task_set_task_data (task, wait, (GDestroyNotify) wait_free);

  wait_poll (task);
}

JsonObject *
takeover_ironic_wait_for_provision_state_finish (TakeoverIronic  *self,
                                                 GAsyncResult    *result,
                                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Drivers. */

void
takeover_ironic_list_drivers_async (TakeoverIronic      *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (TAKEOVER_IS_IRONIC (self));

  _takeover_service_list_async (self, takeover_ironic_list_drivers_async, self->cloud,
                                &takeover_ironic_service, "/drivers?detail=True", "drivers", NULL,
                                cancellable, callback, user_data);
}

GPtrArray *
takeover_ironic_list_drivers_finish (TakeoverIronic  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
