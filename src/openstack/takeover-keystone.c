/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-openstack"

#include "config.h"

#include "takeover-keystone.h"
#include "takeover-service-private.h"

struct _TakeoverKeystone
{
  GObject        parent_instance;
  TakeoverCloud *cloud;
};

G_DEFINE_FINAL_TYPE (TakeoverKeystone, takeover_keystone, G_TYPE_OBJECT)

static const TakeoverCloudService keystone_service = {
  .service_type = "identity",
  .version_path = "v3",
};

/* The collection's name is the member's name plus "s" for every kind. */
static const char *
kind_member (TakeoverKeystoneKind kind)
{
  static const char * const members[] = { "domain", "project", "user", "role" };

  g_assert (kind < G_N_ELEMENTS (members));
  return members[kind];
}

/* @format has three %s: the escaped project, user and role ids. */
static char *
role_path (const char *format,
           const char *project_id,
           const char *user_id,
           const char *role_id)
{
  g_autofree char *project = takeover_cloud_escape (project_id);
  g_autofree char *user = takeover_cloud_escape (user_id);
  g_autofree char *role = takeover_cloud_escape (role_id);

  return g_strdup_printf (format, project, user, role);
}

static void
takeover_keystone_dispose (GObject *object)
{
  TakeoverKeystone *self = TAKEOVER_KEYSTONE (object);

  g_clear_object (&self->cloud);

  G_OBJECT_CLASS (takeover_keystone_parent_class)->dispose (object);
}

static void
takeover_keystone_class_init (TakeoverKeystoneClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = takeover_keystone_dispose;
}

static void
takeover_keystone_init (TakeoverKeystone *self)
{
}

TakeoverKeystone *
takeover_keystone_new (TakeoverCloud *cloud)
{
  TakeoverKeystone *self;

  g_return_val_if_fail (TAKEOVER_IS_CLOUD (cloud), NULL);

  self = g_object_new (TAKEOVER_TYPE_KEYSTONE, NULL);
  self->cloud = g_object_ref (cloud);
  return self;
}

TakeoverCloud *
takeover_keystone_get_cloud (TakeoverKeystone *self)
{
  g_return_val_if_fail (TAKEOVER_IS_KEYSTONE (self), NULL);

  return self->cloud;
}

void
takeover_keystone_find_async (TakeoverKeystone     *self,
                              TakeoverKeystoneKind  kind,
                              const char           *name,
                              const char           *domain_id,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *key = NULL;

  g_return_if_fail (TAKEOVER_IS_KEYSTONE (self));
  g_return_if_fail (name != NULL);

  escaped = takeover_cloud_escape (name);
  key = g_strconcat (kind_member (kind), "s", NULL);
  if (domain_id != NULL)
    {
      g_autofree char *domain = takeover_cloud_escape (domain_id);

      path = g_strdup_printf ("/%s?name=%s&domain_id=%s", key, escaped, domain);
    }
  else
    path = g_strdup_printf ("/%s?name=%s", key, escaped);

  _takeover_service_list_async (self, takeover_keystone_find_async, self->cloud, &keystone_service,
                                path, key, NULL, cancellable, callback, user_data);
}

GPtrArray *
takeover_keystone_find_finish (TakeoverKeystone  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return _takeover_service_list_finish (result, error);
}

void
takeover_keystone_get_async (TakeoverKeystone     *self,
                             TakeoverKeystoneKind  kind,
                             const char           *id,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (TAKEOVER_IS_KEYSTONE (self));
  g_return_if_fail (id != NULL);

  escaped = takeover_cloud_escape (id);
  path = g_strdup_printf ("/%ss/%s", kind_member (kind), escaped);
  _takeover_service_object_async (self, takeover_keystone_get_async, self->cloud,
                                  &keystone_service, "GET", path, NULL, kind_member (kind),
                                  cancellable, callback, user_data);
}

JsonObject *
takeover_keystone_get_finish (TakeoverKeystone  *self,
                              GAsyncResult      *result,
                              GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return _takeover_service_object_finish (result, error);
}

void
takeover_keystone_create_async (TakeoverKeystone     *self,
                                TakeoverKeystoneKind  kind,
                                JsonObject           *fields,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (TAKEOVER_IS_KEYSTONE (self));
  g_return_if_fail (fields != NULL);

  body = _takeover_service_wrap (kind_member (kind), fields);
  path = g_strdup_printf ("/%ss", kind_member (kind));
  _takeover_service_object_async (self, takeover_keystone_create_async, self->cloud,
                                  &keystone_service, "POST", path, body, kind_member (kind),
                                  cancellable, callback, user_data);
}

JsonObject *
takeover_keystone_create_finish (TakeoverKeystone  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return _takeover_service_object_finish (result, error);
}

void
takeover_keystone_check_role_async (TakeoverKeystone    *self,
                                    const char          *project_id,
                                    const char          *user_id,
                                    const char          *role_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TAKEOVER_IS_KEYSTONE (self));
  g_return_if_fail (project_id != NULL && user_id != NULL && role_id != NULL);

  path = role_path ("/role_assignments?scope.project.id=%s&user.id=%s&role.id=%s",
                    project_id, user_id, role_id);
  _takeover_service_list_async (self, takeover_keystone_check_role_async, self->cloud,
                                &keystone_service, path, "role_assignments", NULL, cancellable,
                                callback, user_data);
}

gboolean
takeover_keystone_check_role_finish (TakeoverKeystone  *self,
                                     GAsyncResult      *result,
                                     gboolean          *assigned,
                                     GError           **error)
{
  g_autoptr(GPtrArray) assignments = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (assigned != NULL, FALSE);

  assignments = _takeover_service_list_finish (result, error);
  if (assignments == NULL)
    return FALSE;

  *assigned = assignments->len > 0;
  return TRUE;
}

void
takeover_keystone_grant_role_async (TakeoverKeystone    *self,
                                    const char          *project_id,
                                    const char          *user_id,
                                    const char          *role_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TAKEOVER_IS_KEYSTONE (self));
  g_return_if_fail (project_id != NULL && user_id != NULL && role_id != NULL);

  path = role_path ("/projects/%s/users/%s/roles/%s", project_id, user_id, role_id);
  _takeover_service_none_async (self, takeover_keystone_grant_role_async, self->cloud,
                                &keystone_service, "PUT", path, NULL, cancellable, callback,
                                user_data);
}

gboolean
takeover_keystone_grant_role_finish (TakeoverKeystone  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return _takeover_service_none_finish (result, error);
}
