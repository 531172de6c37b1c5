/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-openstack"

#include "config.h"

#include "takeover-ironic.h"

/* Skeleton: the implementation lands in the following commits. */

struct _TakeoverIronic
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (TakeoverIronic, takeover_ironic, G_TYPE_OBJECT)

static void
takeover_ironic_class_init (TakeoverIronicClass *klass)
{
}

static void
takeover_ironic_init (TakeoverIronic *self)
{
}

const TakeoverCloudService takeover_ironic_service = {
  .service_type = "baremetal",
  .version_path = "v1",
  .microversion_header = "X-OpenStack-Ironic-API-Version",
  .min_microversion = TAKEOVER_IRONIC_MIN_VERSION,
  .max_microversion = TAKEOVER_IRONIC_MAX_VERSION,
};

TakeoverIronic *
takeover_ironic_new (TakeoverCloud *cloud)
{
  return NULL;
}

TakeoverCloud *
takeover_ironic_get_cloud (TakeoverIronic *self)
{
  return NULL;
}

void
takeover_ironic_discover_async (TakeoverIronic *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_task_report_new_error (self, callback, user_data, takeover_ironic_discover_async, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not implemented yet");
}

TakeoverCloudEndpoint *
takeover_ironic_discover_finish (TakeoverIronic *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_ironic_create_node_async (TakeoverIronic *self, JsonObject *fields, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_task_report_new_error (self, callback, user_data, takeover_ironic_create_node_async, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not implemented yet");
}

JsonObject *
takeover_ironic_create_node_finish (TakeoverIronic *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_ironic_get_node_async (TakeoverIronic *self, const char *node, const char * const *fields, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_task_report_new_error (self, callback, user_data, takeover_ironic_get_node_async, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not implemented yet");
}

JsonObject *
takeover_ironic_get_node_finish (TakeoverIronic *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_ironic_list_nodes_async (TakeoverIronic *self, GHashTable *filters, const char * const *fields, guint limit, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_task_report_new_error (self, callback, user_data, takeover_ironic_list_nodes_async, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not implemented yet");
}

GPtrArray *
takeover_ironic_list_nodes_finish (TakeoverIronic *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_ironic_update_node_async (TakeoverIronic *self, const char *node, JsonArray *patch, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_task_report_new_error (self, callback, user_data, takeover_ironic_update_node_async, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not implemented yet");
}

JsonObject *
takeover_ironic_update_node_finish (TakeoverIronic *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_ironic_delete_node_async (TakeoverIronic *self, const char *node, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_task_report_new_error (self, callback, user_data, takeover_ironic_delete_node_async, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not implemented yet");
}

gboolean
takeover_ironic_delete_node_finish (TakeoverIronic *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
takeover_ironic_create_port_async (TakeoverIronic *self, JsonObject *fields, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_task_report_new_error (self, callback, user_data, takeover_ironic_create_port_async, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not implemented yet");
}

JsonObject *
takeover_ironic_create_port_finish (TakeoverIronic *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_ironic_list_ports_async (TakeoverIronic *self, const char *node, const char *address, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_task_report_new_error (self, callback, user_data, takeover_ironic_list_ports_async, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not implemented yet");
}

GPtrArray *
takeover_ironic_list_ports_finish (TakeoverIronic *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_ironic_delete_port_async (TakeoverIronic *self, const char *port, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_task_report_new_error (self, callback, user_data, takeover_ironic_delete_port_async, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not implemented yet");
}

gboolean
takeover_ironic_delete_port_finish (TakeoverIronic *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
takeover_ironic_validate_node_async (TakeoverIronic *self, const char *node, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_task_report_new_error (self, callback, user_data, takeover_ironic_validate_node_async, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not implemented yet");
}

JsonObject *
takeover_ironic_validate_node_finish (TakeoverIronic *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_ironic_set_provision_state_async (TakeoverIronic *self, const char *node, const char *target, JsonObject *args, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_task_report_new_error (self, callback, user_data, takeover_ironic_set_provision_state_async, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not implemented yet");
}

gboolean
takeover_ironic_set_provision_state_finish (TakeoverIronic *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
takeover_ironic_set_power_state_async (TakeoverIronic *self, const char *node, TakeoverIronicPower target, guint timeout_seconds, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_task_report_new_error (self, callback, user_data, takeover_ironic_set_power_state_async, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not implemented yet");
}

gboolean
takeover_ironic_set_power_state_finish (TakeoverIronic *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
takeover_ironic_wait_for_provision_state_async (TakeoverIronic *self, const char *node, const char *target_state, guint timeout_seconds, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_task_report_new_error (self, callback, user_data, takeover_ironic_wait_for_provision_state_async, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not implemented yet");
}

JsonObject *
takeover_ironic_wait_for_provision_state_finish (TakeoverIronic *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_ironic_list_drivers_async (TakeoverIronic *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_task_report_new_error (self, callback, user_data, takeover_ironic_list_drivers_async, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not implemented yet");
}

GPtrArray *
takeover_ironic_list_drivers_finish (TakeoverIronic *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
