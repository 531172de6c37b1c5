/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "takeover-cloud.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_NEUTRON (takeover_neutron_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverNeutron, takeover_neutron, TAKEOVER, NEUTRON, GObject)

/* The Networking (Neutron) API, v2.0: the network and subnets whose allocation pools hold the
 * adopted servers' management addresses. */

TakeoverNeutron *takeover_neutron_new                   (TakeoverCloud        *cloud);
TakeoverCloud   *takeover_neutron_get_cloud             (TakeoverNeutron      *self);
/* GET /networks?name=@name: every network of that name, a GPtrArray of JsonObject. */
void             takeover_neutron_list_networks_async   (TakeoverNeutron      *self,
                                                         const char           *name,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GPtrArray       *takeover_neutron_list_networks_finish  (TakeoverNeutron      *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
/* POST /networks with @fields (name, project_id, provider:network_type, …). */
void             takeover_neutron_create_network_async  (TakeoverNeutron      *self,
                                                         JsonObject           *fields,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
JsonObject      *takeover_neutron_create_network_finish (TakeoverNeutron      *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
/* GET /subnets?network_id=@network_id: a GPtrArray of JsonObject. */
void             takeover_neutron_list_subnets_async    (TakeoverNeutron      *self,
                                                         const char           *network_id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GPtrArray       *takeover_neutron_list_subnets_finish   (TakeoverNeutron      *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
/* POST /subnets with @fields (network_id, cidr, ip_version, allocation_pools, gateway_ip, …). */
void             takeover_neutron_create_subnet_async   (TakeoverNeutron      *self,
                                                         JsonObject           *fields,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
JsonObject      *takeover_neutron_create_subnet_finish  (TakeoverNeutron      *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
