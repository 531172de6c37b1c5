/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-openstack"

#include "config.h"

#include "takeover-neutron.h"
#include "takeover-service-private.h"

struct _TakeoverNeutron
{
  GObject        parent_instance;
  TakeoverCloud *cloud;
};

G_DEFINE_FINAL_TYPE (TakeoverNeutron, takeover_neutron, G_TYPE_OBJECT)

static const TakeoverCloudService neutron_service = {
  .service_type = "network",
  .version_path = "v2.0",
};

/* GET /@key?@filter=@value: networks and subnets are listed the same way. */
static void
list_filtered (TakeoverNeutron     *self,
               gpointer             source_tag,
               const char          *key,
               const char          *filter,
               const char          *value,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autofree char *escaped = takeover_cloud_escape (value);
  g_autofree char *path = g_strdup_printf ("/%s?%s=%s", key, filter, escaped);

  _takeover_service_list_async (self, source_tag, self->cloud, &neutron_service, path, key, NULL,
                                cancellable, callback, user_data);
}

/* POST /@member"s" {"@member": @fields}. */
static void
create (TakeoverNeutron     *self,
        gpointer             source_tag,
        const char          *member,
        JsonObject          *fields,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  g_autoptr(JsonNode) body = _takeover_service_wrap (member, fields);
  g_autofree char *path = g_strdup_printf ("/%ss", member);

  _takeover_service_object_async (self, source_tag, self->cloud, &neutron_service, "POST", path,
                                  body, member, cancellable, callback, user_data);
}

static void
takeover_neutron_dispose (GObject *object)
{
  TakeoverNeutron *self = TAKEOVER_NEUTRON (object);

  g_clear_object (&self->cloud);

  G_OBJECT_CLASS (takeover_neutron_parent_class)->dispose (object);
}

static void
takeover_neutron_class_init (TakeoverNeutronClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = takeover_neutron_dispose;
}

static void
takeover_neutron_init (TakeoverNeutron *self)
{
}

TakeoverNeutron *
takeover_neutron_new (TakeoverCloud *cloud)
{
  TakeoverNeutron *self;

  g_return_val_if_fail (TAKEOVER_IS_CLOUD (cloud), NULL);

  self = g_object_new (TAKEOVER_TYPE_NEUTRON, NULL);
  self->cloud = g_object_ref (cloud);
  return self;
}

TakeoverCloud *
takeover_neutron_get_cloud (TakeoverNeutron *self)
{
  g_return_val_if_fail (TAKEOVER_IS_NEUTRON (self), NULL);

  return self->cloud;
}

void
takeover_neutron_list_networks_async (TakeoverNeutron     *self,
                                      const char          *name,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (TAKEOVER_IS_NEUTRON (self));
  g_return_if_fail (name != NULL);

  list_filtered (self, takeover_neutron_list_networks_async, "networks", "name", name,
                 cancellable, callback, user_data);
}

GPtrArray *
takeover_neutron_list_networks_finish (TakeoverNeutron  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return _takeover_service_list_finish (result, error);
}

void
takeover_neutron_create_network_async (TakeoverNeutron     *self,
                                       JsonObject          *fields,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (TAKEOVER_IS_NEUTRON (self));
  g_return_if_fail (fields != NULL);

  create (self, takeover_neutron_create_network_async, "network", fields, cancellable, callback,
          user_data);
}

JsonObject *
takeover_neutron_create_network_finish (TakeoverNeutron  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return _takeover_service_object_finish (result, error);
}

void
takeover_neutron_list_subnets_async (TakeoverNeutron     *self,
                                     const char          *network_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (TAKEOVER_IS_NEUTRON (self));
  g_return_if_fail (network_id != NULL);

  list_filtered (self, takeover_neutron_list_subnets_async, "subnets", "network_id", network_id,
                 cancellable, callback, user_data);
}

GPtrArray *
takeover_neutron_list_subnets_finish (TakeoverNeutron  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return _takeover_service_list_finish (result, error);
}

void
takeover_neutron_create_subnet_async (TakeoverNeutron     *self,
                                      JsonObject          *fields,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (TAKEOVER_IS_NEUTRON (self));
  g_return_if_fail (fields != NULL);

  create (self, takeover_neutron_create_subnet_async, "subnet", fields, cancellable, callback,
          user_data);
}

JsonObject *
takeover_neutron_create_subnet_finish (TakeoverNeutron  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return _takeover_service_object_finish (result, error);
}
