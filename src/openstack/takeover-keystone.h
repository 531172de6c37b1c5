/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "takeover-cloud.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_KEYSTONE (takeover_keystone_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverKeystone, takeover_keystone, TAKEOVER, KEYSTONE, GObject)

/* The Identity (Keystone) API, v3, on a TakeoverCloud: the domains, projects, users and roles
 * Takeover finds or creates for the adopted servers. Objects are JsonObjects as the API
 * documents them. */

typedef enum
{
  TAKEOVER_KEYSTONE_DOMAIN,
  TAKEOVER_KEYSTONE_PROJECT,
  TAKEOVER_KEYSTONE_USER,
  TAKEOVER_KEYSTONE_ROLE,
} TakeoverKeystoneKind;

TakeoverKeystone *takeover_keystone_new                         (TakeoverCloud         *cloud);
TakeoverCloud    *takeover_keystone_get_cloud                   (TakeoverKeystone      *self);
/* GET /v3/<kind>s?name=@name, within @domain_id when not NULL (projects and users): every match,
 * a GPtrArray of JsonObject (empty when there is none). */
void              takeover_keystone_find_async                  (TakeoverKeystone      *self,
                                                                 TakeoverKeystoneKind   kind,
                                                                 const char            *name,
                                                                 const char            *domain_id,
                                                                 GCancellable          *cancellable,
                                                                 GAsyncReadyCallback    callback,
                                                                 gpointer               user_data);
GPtrArray        *takeover_keystone_find_finish                 (TakeoverKeystone      *self,
                                                                 GAsyncResult          *result,
                                                                 GError               **error);
/* GET /v3/<kind>s/@id; a missing one is TAKEOVER_CLOUD_ERROR_NOT_FOUND. */
void              takeover_keystone_get_async                   (TakeoverKeystone      *self,
                                                                 TakeoverKeystoneKind   kind,
                                                                 const char            *id,
                                                                 GCancellable          *cancellable,
                                                                 GAsyncReadyCallback    callback,
                                                                 gpointer               user_data);
JsonObject       *takeover_keystone_get_finish                  (TakeoverKeystone      *self,
                                                                 GAsyncResult          *result,
                                                                 GError               **error);
/* POST /v3/<kind>s with @fields (name, domain_id, description, password, …): the new object. */
void              takeover_keystone_create_async                (TakeoverKeystone      *self,
                                                                 TakeoverKeystoneKind   kind,
                                                                 JsonObject            *fields,
                                                                 GCancellable          *cancellable,
                                                                 GAsyncReadyCallback    callback,
                                                                 gpointer               user_data);
JsonObject       *takeover_keystone_create_finish               (TakeoverKeystone      *self,
                                                                 GAsyncResult          *result,
                                                                 GError               **error);
/* GET /v3/role_assignments of @role_id to @user_id on @project_id: TRUE in @assigned when the
 * user has the role there (directly). */
void              takeover_keystone_check_role_async            (TakeoverKeystone      *self,
                                                                 const char            *project_id,
                                                                 const char            *user_id,
                                                                 const char            *role_id,
                                                                 GCancellable          *cancellable,
                                                                 GAsyncReadyCallback    callback,
                                                                 gpointer               user_data);
gboolean          takeover_keystone_check_role_finish           (TakeoverKeystone      *self,
                                                                 GAsyncResult          *result,
                                                                 gboolean              *assigned,
                                                                 GError               **error);
/* PUT /v3/projects/@project_id/users/@user_id/roles/@role_id. */
void              takeover_keystone_grant_role_async            (TakeoverKeystone      *self,
                                                                 const char            *project_id,
                                                                 const char            *user_id,
                                                                 const char            *role_id,
                                                                 GCancellable          *cancellable,
                                                                 GAsyncReadyCallback    callback,
                                                                 gpointer               user_data);
gboolean          takeover_keystone_grant_role_finish           (TakeoverKeystone      *self,
                                                                 GAsyncResult          *result,
                                                                 GError               **error);

G_END_DECLS
