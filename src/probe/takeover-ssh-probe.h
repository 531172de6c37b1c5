/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "takeover-probe-request.h"
#include "takeover-probe-result.h"

G_BEGIN_DECLS

/* Blocking; runs on a pool thread. Logs in over SSH (host key checked), runs the fixed list
 * of read-only commands and fills @result's facts; "ssh" in the problems when the host could
 * not be used at all. */
void takeover_ssh_probe_run (const TakeoverProbeRequest *request,
                             TakeoverProbeResult        *result,
                             GCancellable               *cancellable);

G_END_DECLS
