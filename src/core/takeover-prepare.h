/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "takeover-cloud.h"
#include "takeover-prepare-item.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_PREPARE (takeover_prepare_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverPrepare, takeover_prepare, TAKEOVER, PREPARE, GObject)

/* Prepares a cloud for adopting a list of hosts, the way the operator would by hand: Ironic's
 * ipmi hardware type is ready; a project (in a domain), a user with a role on it, the project's
 * Nova quotas unlimited; a flavor that asks for the hosts' resource class; one Neutron network
 * whose subnets' allocation pools hold every management IP; a 1 MiB blank raw image, active,
 * that the nodes name as image_source.
 *
 * takeover_prepare_plan_async() reads the cloud and fills the items (one a thing to check, each
 * "exists", "will create", or a problem with its reason); takeover_prepare_apply_async() plans
 * again and, when the plan has no problem, creates what is missing, item after item, setting
 * each to "created" (or "failed", which stops it). Nothing is ever changed or deleted that
 * exists. Running it again creates nothing. */

#define TAKEOVER_PREPARE_ERROR (takeover_prepare_error_quark ())

typedef enum
{
  TAKEOVER_PREPARE_ERROR_PLAN,     /* the plan has problems: nothing was changed */
  TAKEOVER_PREPARE_ERROR_INPUT,    /* a setting or a host's management IP is not valid */
  TAKEOVER_PREPARE_ERROR_APPLY,    /* creating an item failed (see the item) */
} TakeoverPrepareError;

#define TAKEOVER_PREPARE_DEFAULT_NAME           "takeover"
#define TAKEOVER_PREPARE_DEFAULT_DOMAIN         "Default"
#define TAKEOVER_PREPARE_DEFAULT_ROLE           "member"
#define TAKEOVER_PREPARE_DEFAULT_IMAGE          "takeover-blank-1m"
#define TAKEOVER_PREPARE_DEFAULT_RESOURCE_CLASS "baremetal"
#define TAKEOVER_PREPARE_DEFAULT_PREFIX4        24
#define TAKEOVER_PREPARE_DEFAULT_PREFIX6        64
/* The blank image: 1 MiB of zeros, raw. */
#define TAKEOVER_PREPARE_IMAGE_SIZE             1048576

GQuark            takeover_prepare_error_quark          (void) G_GNUC_CONST;

/* @hosts: a GListModel of TakeoverHost (their management IPs matter). */
TakeoverPrepare  *takeover_prepare_new                  (TakeoverCloud        *cloud,
                                                         GListModel           *hosts);
TakeoverCloud    *takeover_prepare_get_cloud            (TakeoverPrepare      *self);
/* The items of the last plan or apply, a GListModel of TakeoverPrepareItem. */
GListModel       *takeover_prepare_get_items            (TakeoverPrepare      *self);
guint             takeover_prepare_get_n_problems       (TakeoverPrepare      *self);
gboolean          takeover_prepare_get_busy             (TakeoverPrepare      *self);
gboolean          takeover_prepare_get_standalone       (TakeoverPrepare      *self);
/* After a plan or an apply: the ids the adoption needs, NULL while they do not exist. */
const char       *takeover_prepare_get_project_id       (TakeoverPrepare      *self);
const char       *takeover_prepare_get_image_id         (TakeoverPrepare      *self);
const char       *takeover_prepare_get_network_id       (TakeoverPrepare      *self);
const char       *takeover_prepare_get_flavor_id        (TakeoverPrepare      *self);
/* The password the apply gave the user it created when none was set; shown once. */
const char       *takeover_prepare_get_generated_password (TakeoverPrepare    *self);

/* Settings, before planning; NULL restores the default. */
void              takeover_prepare_set_domain           (TakeoverPrepare      *self,
                                                         const char           *domain);
void              takeover_prepare_set_project          (TakeoverPrepare      *self,
                                                         const char           *project);
void              takeover_prepare_set_user             (TakeoverPrepare      *self,
                                                         const char           *user);
/* The password of a user to create (an existing user's is left alone). */
void              takeover_prepare_set_user_password    (TakeoverPrepare      *self,
                                                         const char           *password);
void              takeover_prepare_set_role             (TakeoverPrepare      *self,
                                                         const char           *role);
void              takeover_prepare_set_network          (TakeoverPrepare      *self,
                                                         const char           *network);
/* Provider settings of a network to create (all NULL/0: the cloud's tenant network type). */
void              takeover_prepare_set_provider         (TakeoverPrepare      *self,
                                                         const char           *network_type,
                                                         const char           *physical_network,
                                                         guint                 segmentation_id);
/* Prefix lengths of the subnets derived from the management IPs (0: the default). */
void              takeover_prepare_set_prefix_length    (TakeoverPrepare      *self,
                                                         guint                 prefix4,
                                                         guint                 prefix6);
void              takeover_prepare_set_gateway          (TakeoverPrepare      *self,
                                                         const char           *gateway);
void              takeover_prepare_set_dns_servers      (TakeoverPrepare      *self,
                                                         const char * const   *servers);
void              takeover_prepare_set_resource_class   (TakeoverPrepare      *self,
                                                         const char           *resource_class);
/* The name of a flavor to create when none asks for the resource class yet (default
 * "takeover-<resource class>"). */
void              takeover_prepare_set_flavor           (TakeoverPrepare      *self,
                                                         const char           *flavor);
const char       *takeover_prepare_get_image            (TakeoverPrepare      *self);
void              takeover_prepare_set_image            (TakeoverPrepare      *self,
                                                         const char           *image);

void              takeover_prepare_plan_async           (TakeoverPrepare      *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
/* TRUE once every item was checked (items may still have problems). */
gboolean          takeover_prepare_plan_finish          (TakeoverPrepare      *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void              takeover_prepare_apply_async          (TakeoverPrepare      *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
/* TRUE when every item exists or was created. */
gboolean          takeover_prepare_apply_finish         (TakeoverPrepare      *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
