/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-openstack"

#include "config.h"

#include "takeover-nova.h"
#include "takeover-service-private.h"

struct _TakeoverNova
{
  GObject        parent_instance;
  TakeoverCloud *cloud;
};

G_DEFINE_FINAL_TYPE (TakeoverNova, takeover_nova, G_TYPE_OBJECT)

static const TakeoverCloudService nova_service = {
  .service_type = "compute",
  .version_path = "v2.1",
  .microversion_header = "OpenStack-API-Version",
  .microversion_name = "compute",
  .min_microversion = TAKEOVER_NOVA_MIN_VERSION,
  .max_microversion = TAKEOVER_NOVA_MAX_VERSION,
};

typedef struct
{
  JsonObject *extra_specs;
  JsonObject *flavor;
} CreateFlavor;

static void
create_flavor_free (gpointer data)
{
  CreateFlavor *state = data;

  g_clear_pointer (&state->extra_specs, json_object_unref);
  g_clear_pointer (&state->flavor, json_object_unref);
  g_free (state);
}

static char *
quota_path (const char *project_id)
{
  g_autofree char *escaped = takeover_cloud_escape (project_id);

  return g_strdup_printf ("/os-quota-sets/%s", escaped);
}

static void
takeover_nova_dispose (GObject *object)
{
  TakeoverNova *self = TAKEOVER_NOVA (object);

  g_clear_object (&self->cloud);

  G_OBJECT_CLASS (takeover_nova_parent_class)->dispose (object);
}

static void
takeover_nova_class_init (TakeoverNovaClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = takeover_nova_dispose;
}

static void
takeover_nova_init (TakeoverNova *self)
{
}

TakeoverNova *
takeover_nova_new (TakeoverCloud *cloud)
{
  TakeoverNova *self;

  g_return_val_if_fail (TAKEOVER_IS_CLOUD (cloud), NULL);

  self = g_object_new (TAKEOVER_TYPE_NOVA, NULL);
  self->cloud = g_object_ref (cloud);
  return self;
}

TakeoverCloud *
takeover_nova_get_cloud (TakeoverNova *self)
{
  g_return_val_if_fail (TAKEOVER_IS_NOVA (self), NULL);

  return self->cloud;
}

void
takeover_nova_get_quotas_async (TakeoverNova        *self,
                                const char          *project_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TAKEOVER_IS_NOVA (self));
  g_return_if_fail (project_id != NULL);

  path = quota_path (project_id);
  _takeover_service_object_async (self, takeover_nova_get_quotas_async, self->cloud,
                                  &nova_service, "GET", path, NULL, "quota_set", cancellable,
                                  callback, user_data);
}

JsonObject *
takeover_nova_get_quotas_finish (TakeoverNova  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return _takeover_service_object_finish (result, error);
}

void
takeover_nova_set_quotas_async (TakeoverNova        *self,
                                const char          *project_id,
                                JsonObject          *quota_set,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TAKEOVER_IS_NOVA (self));
  g_return_if_fail (project_id != NULL);
  g_return_if_fail (quota_set != NULL);

  path = quota_path (project_id);
  body = _takeover_service_wrap ("quota_set", quota_set);
  _takeover_service_object_async (self, takeover_nova_set_quotas_async, self->cloud,
                                  &nova_service, "PUT", path, body, "quota_set", cancellable,
                                  callback, user_data);
}

JsonObject *
takeover_nova_set_quotas_finish (TakeoverNova  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return _takeover_service_object_finish (result, error);
}

void
takeover_nova_list_flavors_async (TakeoverNova        *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (TAKEOVER_IS_NOVA (self));

  /* is_public=None: an admin sees private flavors too, so an existing one is found. */
  _takeover_service_list_async (self, takeover_nova_list_flavors_async, self->cloud,
                                &nova_service, "/flavors/detail?is_public=None", "flavors",
                                TAKEOVER_NOVA_MIN_VERSION, cancellable, callback, user_data);
}

GPtrArray *
takeover_nova_list_flavors_finish (TakeoverNova  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return _takeover_service_list_finish (result, error);
}

static void
set_extra_specs_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CreateFlavor *state = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonObject) specs = _takeover_service_object_finish (result, &error);

  if (specs == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  json_object_set_object_member (state->flavor, "extra_specs", g_steal_pointer (&specs));
  g_task_return_pointer (task, json_object_ref (state->flavor), (GDestroyNotify) json_object_unref);
}

static void
create_flavor_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakeoverNova *self = g_task_get_source_object (task);
  CreateFlavor *state = g_task_get_task_data (task);
  GError *error = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) body = NULL;

  state->flavor = _takeover_service_object_finish (result, &error);
  if (state->flavor == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (state->extra_specs == NULL)
    {
      g_task_return_pointer (task, json_object_ref (state->flavor),
                             (GDestroyNotify) json_object_unref);
      return;
    }

  escaped = takeover_cloud_escape (json_object_get_string_member (state->flavor, "id"));
  path = g_strdup_printf ("/flavors/%s/os-extra_specs", escaped);
  body = _takeover_service_wrap ("extra_specs", state->extra_specs);
  _takeover_service_object_async (self, set_extra_specs_cb, self->cloud, &nova_service, "POST",
                                  path, body, "extra_specs", g_task_get_cancellable (task),
                                  set_extra_specs_cb, g_object_ref (task));
}

void
takeover_nova_create_flavor_async (TakeoverNova        *self,
                                   JsonObject          *fields,
                                   JsonObject          *extra_specs,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) body = NULL;
  CreateFlavor *state;

  g_return_if_fail (TAKEOVER_IS_NOVA (self));
  g_return_if_fail (fields != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_nova_create_flavor_async);
  state = g_new0 (CreateFlavor, 1);
  state->extra_specs = extra_specs != NULL ? json_object_ref (extra_specs) : NULL;
  g_task_set_task_data (task, state, create_flavor_free);

  body = _takeover_service_wrap ("flavor", fields);
  _takeover_service_object_async (self, create_flavor_cb, self->cloud, &nova_service, "POST",
                                  "/flavors", body, "flavor", cancellable, create_flavor_cb,
                                  g_steal_pointer (&task));
}

JsonObject *
takeover_nova_create_flavor_finish (TakeoverNova  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_nova_list_hypervisors_async (TakeoverNova        *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (TAKEOVER_IS_NOVA (self));

  /* Not /detail: since 2.88 it asks every compute service for its uptime over RPC, one call per
   * Ironic node, which is slow with hundreds and hangs when a compute service is down. */
  _takeover_service_list_async (self, takeover_nova_list_hypervisors_async, self->cloud,
                                &nova_service, "/os-hypervisors", "hypervisors", NULL,
                                cancellable, callback, user_data);
}

GPtrArray *
takeover_nova_list_hypervisors_finish (TakeoverNova  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return _takeover_service_list_finish (result, error);
}
