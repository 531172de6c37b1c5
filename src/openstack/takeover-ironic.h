/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "takeover-cloud.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_IRONIC (takeover_ironic_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverIronic, takeover_ironic, TAKEOVER, IRONIC, GObject)

/* The Bare Metal (Ironic) API, v1, on a TakeoverCloud. Every request carries
 * X-OpenStack-Ironic-API-Version: the highest version both this client
 * (TAKEOVER_IRONIC_MAX_VERSION) and the server support; the server must support at least
 * TAKEOVER_IRONIC_MIN_VERSION.
 * Calls that need more (e.g. soft power actions, 1.27; the node's owner, 1.50) say so and fail
 * with TAKEOVER_CLOUD_ERROR_VERSION on an older server. Nodes and ports are JsonObjects as the
 * API documents them; node and port identifiers are UUIDs or names. */
#define TAKEOVER_IRONIC_MIN_VERSION "1.31"
#define TAKEOVER_IRONIC_MAX_VERSION "1.82"

/* The service description, for callers that need an Ironic call this file lacks. */
extern const TakeoverCloudService takeover_ironic_service;

typedef enum
{
  TAKEOVER_IRONIC_POWER_ON,
  TAKEOVER_IRONIC_POWER_OFF,
  TAKEOVER_IRONIC_POWER_REBOOT,
  TAKEOVER_IRONIC_POWER_SOFT_OFF,      /* needs 1.27 */
  TAKEOVER_IRONIC_POWER_SOFT_REBOOT,   /* needs 1.27 */
} TakeoverIronicPower;

TakeoverIronic  *takeover_ironic_new                       (TakeoverCloud        *cloud);
TakeoverCloud   *takeover_ironic_get_cloud                 (TakeoverIronic       *self);
/* The longest pause between two polls of a wait, in seconds (default 5, at least 0.2): a
 * shorter one notices a finished transition sooner, at the cost of more requests. */
double           takeover_ironic_get_wait_max_interval     (TakeoverIronic       *self);
void             takeover_ironic_set_wait_max_interval     (TakeoverIronic       *self,
                                                            double                seconds);

/* Discovers the server's versions (cached by the cloud). Fails with
 * TAKEOVER_CLOUD_ERROR_INVALID_RESPONSE when the endpoint states none, as no Ironic does. */
void             takeover_ironic_discover_async            (TakeoverIronic       *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
TakeoverCloudEndpoint *takeover_ironic_discover_finish     (TakeoverIronic       *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* POST /v1/nodes with @fields (driver, driver_info, name, properties, resource_class, owner…);
 * the created node. */
void             takeover_ironic_create_node_async         (TakeoverIronic       *self,
                                                            JsonObject           *fields,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
JsonObject      *takeover_ironic_create_node_finish        (TakeoverIronic       *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
/* GET /v1/nodes/@node, only @fields when not NULL. A missing node is
 * TAKEOVER_CLOUD_ERROR_NOT_FOUND. */
void             takeover_ironic_get_node_async            (TakeoverIronic       *self,
                                                            const char           *node,
                                                            const char * const   *fields,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
JsonObject      *takeover_ironic_get_node_finish           (TakeoverIronic       *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
/* GET /v1/nodes (with detail when @fields is NULL), every page. @filters (nullable) are query
 * parameters as Ironic names them (provision_state, driver, resource_class, owner,
 * maintenance, …). @page_size: nodes per request (0: the server's default, at most its
 * max_limit). A GPtrArray of JsonObject. */
void             takeover_ironic_list_nodes_async          (TakeoverIronic       *self,
                                                            GHashTable           *filters,
                                                            const char * const   *fields,
                                                            guint                 page_size,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GPtrArray       *takeover_ironic_list_nodes_finish         (TakeoverIronic       *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
/* PATCH /v1/nodes/@node with a JSON patch (see takeover_json_patch_append()); the updated
 * node. */
void             takeover_ironic_update_node_async         (TakeoverIronic       *self,
                                                            const char           *node,
                                                            JsonArray            *patch,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
JsonObject      *takeover_ironic_update_node_finish        (TakeoverIronic       *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
void             takeover_ironic_delete_node_async         (TakeoverIronic       *self,
                                                            const char           *node,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean         takeover_ironic_delete_node_finish        (TakeoverIronic       *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* POST /v1/ports with @fields (node_uuid, address, pxe_enabled, local_link_connection…). */
void             takeover_ironic_create_port_async         (TakeoverIronic       *self,
                                                            JsonObject           *fields,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
JsonObject      *takeover_ironic_create_port_finish        (TakeoverIronic       *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
/* GET /v1/ports/detail filtered by @node (UUID or name) and/or @address (a MAC); both NULL:
 * every port. A GPtrArray of JsonObject. */
void             takeover_ironic_list_ports_async          (TakeoverIronic       *self,
                                                            const char           *node,
                                                            const char           *address,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GPtrArray       *takeover_ironic_list_ports_finish         (TakeoverIronic       *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
void             takeover_ironic_delete_port_async         (TakeoverIronic       *self,
                                                            const char           *port,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean         takeover_ironic_delete_port_finish        (TakeoverIronic       *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* GET /v1/nodes/@node/validate: {"power": {"result": true, "reason": null}, …}. */
void             takeover_ironic_validate_node_async       (TakeoverIronic       *self,
                                                            const char           *node,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
JsonObject      *takeover_ironic_validate_node_finish      (TakeoverIronic       *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* PUT /v1/nodes/@node/states/provision {"target": @target, …@args}: "manage", "adopt",
 * "provide", "inspect", "deleted", … Returns once Ironic accepted it (202); wait with
 * takeover_ironic_wait_for_provision_state_async(). */
void             takeover_ironic_set_provision_state_async (TakeoverIronic       *self,
                                                            const char           *node,
                                                            const char           *target,
                                                            JsonObject           *args,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean         takeover_ironic_set_provision_state_finish (TakeoverIronic      *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
/* PUT /v1/nodes/@node/states/power. @timeout_seconds (0: Ironic's default) bounds soft power
 * off and soft reboot before Ironic gives up (needs 1.27). */
void             takeover_ironic_set_power_state_async     (TakeoverIronic       *self,
                                                            const char           *node,
                                                            TakeoverIronicPower   target,
                                                            guint                 timeout_seconds,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean         takeover_ironic_set_power_state_finish    (TakeoverIronic       *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* Waits until @node's provision_state is @target_state: reads the node, then, while it is in a
 * transient state, checks with the client's other waits in one list of the nodes in that state
 * (every 0.2 s while nodes move on, backing off to the wait max interval, 2 s by default while
 * none does) and reads it again once it has left that state.
 * Fails with TAKEOVER_CLOUD_ERROR_STATE, the node's last_error as the server message, when
 * the node reaches a failure state ("adopt failed", "deploy failed", "clean failed", "inspect
 * failed", "rescue failed", "error", …) or settles elsewhere (no target_provision_state, e.g.
 * back in "enroll" after a failed "manage"); with TAKEOVER_CLOUD_ERROR_TIMEOUT after
 * @timeout_seconds (0: no limit). Cancellable. The node as last seen. */
void             takeover_ironic_wait_for_provision_state_async (TakeoverIronic  *self,
                                                            const char           *node,
                                                            const char           *target_state,
                                                            guint                 timeout_seconds,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
/* The same for a node just sent towards @target_state by an action whose way leads through
 * @via_state ("verifying" for "manage", "adopting" for "adopt"): the wait starts watching at
 * once instead of reading the node first, so @node must be its UUID. The node's reads (and so
 * the node returned) have @fields besides the wait's own. */
void             takeover_ironic_wait_for_provision_state_full_async (TakeoverIronic *self,
                                                            const char           *node,
                                                            const char           *via_state,
                                                            const char           *target_state,
                                                            const char * const   *fields,
                                                            guint                 timeout_seconds,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
JsonObject      *takeover_ironic_wait_for_provision_state_finish (TakeoverIronic *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* GET /v1/drivers?detail=True: the conductors' hardware types, a GPtrArray of JsonObject. */
void             takeover_ironic_list_drivers_async        (TakeoverIronic       *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GPtrArray       *takeover_ironic_list_drivers_finish       (TakeoverIronic       *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

G_END_DECLS
