/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "takeover-cloud.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_NOVA (takeover_nova_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverNova, takeover_nova, TAKEOVER, NOVA, GObject)

/* The Compute (Nova) API, v2.1 with microversions up to TAKEOVER_NOVA_MAX_VERSION: the quotas,
 * flavors and hypervisors Takeover checks and sets up for the adopted servers. */

/* 2.61 puts each flavor's extra_specs into the flavor listing. */
#define TAKEOVER_NOVA_MIN_VERSION "2.61"
#define TAKEOVER_NOVA_MAX_VERSION "2.90"

TakeoverNova *takeover_nova_new                    (TakeoverCloud        *cloud);
TakeoverCloud *takeover_nova_get_cloud             (TakeoverNova         *self);
/* GET /os-quota-sets/@project_id: the quota_set object (-1 means unlimited). */
void          takeover_nova_get_quotas_async       (TakeoverNova         *self,
                                                    const char           *project_id,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
JsonObject   *takeover_nova_get_quotas_finish      (TakeoverNova         *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* PUT /os-quota-sets/@project_id with @quota_set ({"cores": -1, …}): the updated quota_set. */
void          takeover_nova_set_quotas_async       (TakeoverNova         *self,
                                                    const char           *project_id,
                                                    JsonObject           *quota_set,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
JsonObject   *takeover_nova_set_quotas_finish      (TakeoverNova         *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* GET /flavors/detail of public and private flavors, each with its extra_specs: a GPtrArray of
 * JsonObject. */
void          takeover_nova_list_flavors_async     (TakeoverNova         *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GPtrArray    *takeover_nova_list_flavors_finish    (TakeoverNova         *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* POST /flavors with @fields (name, ram, vcpus, disk, …), then its @extra_specs when not NULL:
 * the new flavor, extra_specs included. */
void          takeover_nova_create_flavor_async    (TakeoverNova         *self,
                                                    JsonObject           *fields,
                                                    JsonObject           *extra_specs,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
JsonObject   *takeover_nova_create_flavor_finish   (TakeoverNova         *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* GET /os-hypervisors: a GPtrArray of JsonObject (id, hypervisor_hostname, state, status). */
void          takeover_nova_list_hypervisors_async (TakeoverNova         *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GPtrArray    *takeover_nova_list_hypervisors_finish (TakeoverNova        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
