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

  /* The waits for provision states (see below) */
  GPtrArray     *watch;          /* GTask, owned */
  GSource       *watch_source;   /* the next tick */
  double         watch_interval; /* before the next tick */
  gboolean       watch_changed;  /* a node moved on since the last tick was scheduled */
  guint64        watch_round;    /* ticks so far */
  guint          censuses;       /* lists under way */
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
  if (self->watch_source != NULL)
    {
      g_source_destroy (self->watch_source);
      g_clear_pointer (&self->watch_source, g_source_unref);
    }

  G_OBJECT_CLASS (takeover_ironic_parent_class)->dispose (object);
}

static void
takeover_ironic_finalize (GObject *object)
{
  TakeoverIronic *self = (TakeoverIronic *)object;

  /* Every wait holds a reference on its client: none is left in the watch. */
  g_assert (self->watch->len == 0);
  g_ptr_array_unref (self->watch);

  G_OBJECT_CLASS (takeover_ironic_parent_class)->finalize (object);
}

static void
takeover_ironic_class_init (TakeoverIronicClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = takeover_ironic_dispose;
  object_class->finalize = takeover_ironic_finalize;
}

static void
takeover_ironic_init (TakeoverIronic *self)
{
  self->wait_max_interval = WAIT_MAX_INTERVAL;
  self->watch = g_ptr_array_new ();
  self->watch_interval = WAIT_FIRST_INTERVAL;
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
    {
      g_task_return_error (task, error);
      return;
    }
  /* Ironic states its versions on every answer (headers and version document); a server that
   * states none is another service, or no OpenStack at all, at a wrong endpoint. */
  if (endpoint->max_version == NULL)
    {
      g_task_return_new_error (task, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_INVALID_RESPONSE,
                               _("%s is not Ironic’s API: its answer states no API versions."),
                               endpoint->versioned_url);
      takeover_cloud_endpoint_free (endpoint);
      return;
    }
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

/* Waiting for a provision state.
 *
 * A wait reads its node, and while the node is in a transient state ("verifying", "adopting",
 * …) it joins the watch: one timer for all of this client's waits, and at each tick one list of
 * the nodes still in each state waited on. Only a node that has left its state is read again.
 * A hundred nodes adopted at once then cost Ironic a few small lists a second instead of a
 * hundred reads. */

typedef struct
{
  char       *node;
  char       *target;
  gint64      deadline;
  guint       timeout_seconds;
  JsonObject *last;
  char      **fields;        /* what a read asks for */
  char       *uuid;          /* from the last read */
  char       *state;         /* the transient state the node was last read in */
  guint64     round;         /* the watch's round when the wait joined it */
  GSource    *cancel_source; /* while in the watch */
} Wait;

/* One tick's list of the nodes in one state. */
typedef struct
{
  TakeoverIronic *self;
  char           *state;
  guint64         round;
} Census;

static void
wait_free (Wait *wait)
{
  g_free (wait->node);
  g_free (wait->target);
  g_clear_pointer (&wait->last, json_object_unref);
  g_strfreev (wait->fields);
  g_free (wait->uuid);
  g_free (wait->state);
  g_assert (wait->cancel_source == NULL);
  g_free (wait);
}

static void
census_free (Census *census)
{
  g_object_unref (census->self);
  g_free (census->state);
  g_free (census);
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

static void wait_read (GTask *task);
static void watch_schedule (TakeoverIronic *self);

/* Takes @task out of the watch; returns the reference the watch held. */
static GTask *
watch_take (TakeoverIronic *self,
            GTask          *task)
{
  Wait *wait = g_task_get_task_data (task);
  guint index;

  if (wait->cancel_source != NULL)
    {
      g_source_destroy (wait->cancel_source);
      g_clear_pointer (&wait->cancel_source, g_source_unref);
    }
  if (!g_ptr_array_find (self->watch, task, &index))
    g_assert_not_reached ();
  return g_ptr_array_steal_index_fast (self->watch, index);
}

static gboolean
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GTask) owned = watch_take (g_task_get_source_object (task), task);

  g_task_return_error_if_cancelled (owned);
  return G_SOURCE_REMOVE;
}

static void
watch_join (TakeoverIronic *self,
            GTask          *task)
{
  Wait *wait = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  wait->round = self->watch_round;
  /* A watch that starts anew starts quick. */
  if (self->watch->len == 0)
    self->watch_changed = TRUE;
  g_ptr_array_add (self->watch, task);
  if (cancellable != NULL)
    {
      wait->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (wait->cancel_source, G_SOURCE_FUNC (wait_cancelled_cb), task, NULL);
      g_source_set_static_name (wait->cancel_source, "[takeover] provision state wait cancelled");
      g_source_attach (wait->cancel_source, g_task_get_context (task));
    }
  watch_schedule (self);
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

static GError *
wait_timeout_error (Wait *wait)
{
  return g_error_new (TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_TIMEOUT,
                      _("Node %s is still in state “%s” (heading for “%s”) after %u seconds."),
                      wait->node, wait->state, wait->target, wait->timeout_seconds);
}

static void
wait_read_cb (GObject      *object,
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

  if (g_strcmp0 (state, wait->target) == 0)
    {
      g_task_return_pointer (task, json_object_ref (node), (GDestroyNotify) json_object_unref);
      return;
    }
  if (state == NULL || g_strv_contains (failure_states, state) ||
      node_string (node, "target_provision_state") == NULL || node_string (node, "uuid") == NULL)
    {
      g_task_return_error (task, wait_state_error (wait, node, state != NULL ? state : "?"));
      return;
    }

  g_free (wait->uuid);
  wait->uuid = g_strdup (node_string (node, "uuid"));
  g_free (wait->state);
  wait->state = g_strdup (state);
  if (wait->deadline > 0 && g_get_monotonic_time () >= wait->deadline)
    {
      g_task_return_error (task, wait_timeout_error (wait));
      return;
    }

  watch_join (self, g_steal_pointer (&task));
}

static void
wait_read (GTask *task)
{
  TakeoverIronic *self = g_task_get_source_object (task);
  Wait *wait = g_task_get_task_data (task);
  g_autofree char *path = node_path (wait->uuid != NULL ? wait->uuid : wait->node, NULL);
  GString *query = g_string_new (path);

  append_fields (query, (const char * const *) wait->fields);
  takeover_cloud_request_async (self->cloud, &takeover_ironic_service, "GET", query->str, NULL,
                                NULL, TAKEOVER_CLOUD_REQUEST_NONE, g_task_get_cancellable (task),
                                wait_read_cb, task);
  g_string_free (query, TRUE);
}

/* The census of one state is complete: a wait whose node left it reads the node again; one
 * whose node is still in it stays, unless its time is up. Waits that joined after the census
 * began are left for the next one. */
static void
census_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Census *census = user_data;
  TakeoverIronic *self = census->self;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GHashTable) uuids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  nodes = takeover_ironic_list_nodes_finish (self, result, &error);
  for (guint i = 0; nodes != NULL && i < nodes->len; i++)
    {
      const char *uuid = node_string (g_ptr_array_index (nodes, i), "uuid");

      if (uuid != NULL)
        g_hash_table_add (uuids, (char *) uuid);
    }

  for (guint i = self->watch->len; i > 0; i--)
    {
      GTask *task = g_ptr_array_index (self->watch, i - 1);
      Wait *wait = g_task_get_task_data (task);
      g_autoptr(GTask) owned = NULL;

      if (wait->round >= census->round || g_strcmp0 (wait->state, census->state) != 0)
        continue;

      if (error != NULL)
        {
          owned = watch_take (self, task);
          g_task_return_error (owned, g_error_copy (error));
        }
      else if (!g_hash_table_contains (uuids, wait->uuid))
        {
          owned = watch_take (self, task);
          self->watch_changed = TRUE;
          wait_read (g_steal_pointer (&owned));
        }
      else if (wait->deadline > 0 && g_get_monotonic_time () >= wait->deadline)
        {
          owned = watch_take (self, task);
          g_task_return_error (owned, wait_timeout_error (wait));
        }
    }

  if (--self->censuses == 0)
    watch_schedule (self);
  census_free (census);
}

static gboolean
watch_tick_cb (gpointer user_data)
{
  TakeoverIronic *self = user_data;
  static const char * const census_fields[] = { "uuid", NULL };
  g_autoptr(GHashTable) states = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) filters = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  const char *state;

  g_clear_pointer (&self->watch_source, g_source_unref);
  self->watch_round++;
  for (guint i = 0; i < self->watch->len; i++)
    {
      Wait *wait = g_task_get_task_data (g_ptr_array_index (self->watch, i));

      g_hash_table_add (states, wait->state);
    }

  g_hash_table_iter_init (&iter, states);
  while (g_hash_table_iter_next (&iter, (gpointer *) &state, NULL))
    {
      Census *census = g_new0 (Census, 1);

      census->self = g_object_ref (self);
      census->state = g_strdup (state);
      census->round = self->watch_round;
      self->censuses++;
      /* Not the waits' cancellables: the census serves them all, and each leaves on its own. */
      g_hash_table_insert (filters, "provision_state", census->state);
      takeover_ironic_list_nodes_async (self, filters, census_fields, 0, NULL, census_cb, census);
    }
  return G_SOURCE_REMOVE;
}

/* The next tick, unless one is due or under way: soon after a node moved on, since others
 * tend to follow, and ever later while nothing moves. */
static void
watch_schedule (TakeoverIronic *self)
{
  if (self->watch_source != NULL || self->censuses > 0 || self->watch->len == 0)
    return;

  if (self->watch_changed)
    self->watch_interval = WAIT_FIRST_INTERVAL;
  else
    self->watch_interval = MIN (self->watch_interval * 1.5, self->wait_max_interval);
  self->watch_changed = FALSE;

  self->watch_source = g_timeout_source_new ((guint) (self->watch_interval * 1000));
  g_source_set_callback (self->watch_source, watch_tick_cb, self, NULL);
  g_source_set_static_name (self->watch_source, "[takeover] provision state watch");
  g_source_attach (self->watch_source, g_main_context_get_thread_default ());
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
  takeover_ironic_wait_for_provision_state_full_async (self, node, NULL, target_state, NULL,
                                                       timeout_seconds, cancellable, callback,
                                                       user_data);
}

void
takeover_ironic_wait_for_provision_state_full_async (TakeoverIronic      *self,
                                                     const char          *node,
                                                     const char          *via_state,
                                                     const char          *target_state,
                                                     const char * const  *fields,
                                                     guint                timeout_seconds,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data)
{
  g_autoptr(GStrvBuilder) read_fields = g_strv_builder_new ();
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
  wait->timeout_seconds = timeout_seconds;
  if (timeout_seconds > 0)
    wait->deadline = g_get_monotonic_time () + (gint64) timeout_seconds * G_USEC_PER_SEC;
  g_strv_builder_addv (read_fields, (const char **) wait_fields);
  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    if (!g_strv_contains (wait_fields, fields[i]))
      g_strv_builder_add (read_fields, fields[i]);
  wait->fields = g_strv_builder_end (read_fields);
  g_task_set_task_data (task, wait, (GDestroyNotify) wait_free);

  /* The node is on its way through @via_state: the watch tells when it is past it. */
  if (via_state != NULL)
    {
      wait->uuid = g_strdup (node);
      wait->state = g_strdup (via_state);
      watch_join (self, task);
      return;
    }

  wait_read (task);
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
