/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "takeover-probe-request.h"
#include "takeover-probe-result.h"

G_BEGIN_DECLS

/* Blocking; runs on a pool thread. Reads power state, device ID, LAN configuration, FRU and
 * sensors over IPMI 2.0 lanplus, sends no command that changes anything, and records what
 * failed in @result's problems ("ipmi" when the BMC could not be used at all). */
void takeover_ipmi_probe_run (const TakeoverProbeRequest *request,
                              TakeoverProbeResult        *result,
                              GCancellable               *cancellable);
/* Blocking, as above: only the sensors (readings, states, thresholds), as a monitoring round
 * needs them, over a session of its own. The SDR comes from the cache the probe keeps. */
void takeover_ipmi_probe_read_sensors (const TakeoverProbeRequest *request,
                                       TakeoverProbeResult        *result,
                                       GCancellable               *cancellable);

G_END_DECLS
