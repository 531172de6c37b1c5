/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-probe"

#include "config.h"

#include "takeover-probe-error.h"
#include "takeover-ipmi-probe.h"

void
takeover_ipmi_probe_run (const TakeoverProbeRequest *request,
                          TakeoverProbeResult        *result,
                          GCancellable               *cancellable)
{
  takeover_probe_result_add_problem (result, "ipmi",
                                     g_error_new_literal (TAKEOVER_PROBE_ERROR,
                                                          TAKEOVER_PROBE_ERROR_UNSUPPORTED,
                                                          "not written yet"));
}
