/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One management range of the plan: an existing Neutron subnet that holds some of the
 * management IPs, or a subnet to create for them. */
typedef struct
{
  char      *cidr;          /* "198.18.1.0/24" */
  int        ip_version;    /* 4 or 6 */
  char      *subnet_id;     /* the existing subnet, NULL for one to create */
  char      *gateway_ip;    /* for a new subnet: the gateway given, when it lies inside */
  GPtrArray *pools;         /* for a new subnet: start, end, start, end, … (strings) */
  guint      n_addresses;   /* management IPs in this range */
  char      *problem;       /* why this range cannot be used as it is, or NULL */
} TakeoverSubnetPlan;

void       _takeover_subnet_plan_free     (TakeoverSubnetPlan  *plan);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TakeoverSubnetPlan, _takeover_subnet_plan_free)

/* Plans the subnets that hold @addresses (management IPs, duplicates allowed): an address in an
 * existing subnet of @existing (Neutron subnet JsonObjects) belongs to it, and must lie in one
 * of its allocation pools; the others are grouped by their @prefix4 (IPv4) or @prefix6 (IPv6)
 * network, and each group becomes a new subnet whose pools are the runs of consecutive
 * addresses, so that Neutron never hands out an address no listed server has. @gateway (NULL:
 * none) becomes the gateway of the new subnet it lies in. Ranges that cannot be used carry a
 * problem sentence. A GPtrArray of TakeoverSubnetPlan sorted by address; NULL with
 * G_IO_ERROR_INVALID_ARGUMENT for an address, gateway or prefix that is not valid. */
GPtrArray *_takeover_prepare_plan_subnets (const char * const *addresses,
                                           guint               prefix4,
                                           guint               prefix6,
                                           const char         *gateway,
                                           GPtrArray          *existing,
                                           GError            **error);

/* "baremetal-gold" -> "CUSTOM_BAREMETAL_GOLD", as Nova and Placement name a custom class. */
char      *_takeover_prepare_custom_resource_class (const char *resource_class);

/* Whether Ironic's drivers (GET /v1/drivers?detail=True, JsonObjects) let adoption use the
 * ipmi hardware type: NULL when they do, else one sentence saying what to enable. */
char      *_takeover_prepare_check_ipmi_driver     (GPtrArray  *drivers);

G_END_DECLS
