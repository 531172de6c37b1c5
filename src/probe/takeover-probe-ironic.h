/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "takeover-probe-result.h"

G_BEGIN_DECLS

/* Ironic node `properties` from the facts: cpus, memory_mb, local_gb (the root disk, less
 * a GiB as Ironic expects), cpu_arch. Members whose facts are unknown are left out. */
JsonObject *takeover_probe_ironic_properties (const TakeoverProbeResult *result);

/* The ports to create: one object per physical NIC with a MAC, { "address", "pxe_enabled"
 * (TRUE only on the management NIC), "local_link_connection" (when known) }.
 * @local_link_connections (nullable) maps a MAC to { switch_id, port_id, switch_info } and
 * overrides what LLDP found, so the operator's edits win. */
JsonArray  *takeover_probe_ironic_ports      (const TakeoverProbeResult *result,
                                              JsonObject                *local_link_connections);

/* { switch_id, port_id, switch_info } as Ironic's port local_link_connection, from LLDP;
 * NULL where Ironic would refuse it (see the .c file). */
JsonObject *takeover_probe_ironic_local_link_connection (const TakeoverProbeLink *lldp);

G_END_DECLS
