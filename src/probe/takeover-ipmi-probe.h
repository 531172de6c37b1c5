/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "takeover-probe-request.h"
#include "takeover-probe-result.h"

G_BEGIN_DECLS

/* Blocking; runs on a pool thread. Reads power state, device ID, LAN configuration, FRU and
 * sensors over IPMI 2.0 lanplus (only the sensors when the request says ipmi_sensors_only, as a
 * monitoring round does), sends no command that changes anything, and records what failed in
 * @result's problems ("ipmi" when the BMC could not be used at all). */
void takeover_ipmi_probe_run (const TakeoverProbeRequest *request,
                              TakeoverProbeResult        *result,
                              GCancellable               *cancellable);

G_END_DECLS
