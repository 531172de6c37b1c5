/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "takeover-probe-result.h"

G_BEGIN_DECLS

/* The one shell script the SSH probe runs: a fixed list of read-only commands, each with a
 * fallback for older or missing tools, whose outputs are separated by marker lines. */
const char *takeover_facts_get_script (void);

/* Fills @result's facts from the script's output; @mgmt_ip marks the management NIC.
 * What cannot be learnt is added to the problems as "facts.<part>". */
void        takeover_facts_parse      (const char          *output,
                                       const char          *mgmt_ip,
                                       TakeoverProbeResult *result);

G_END_DECLS
