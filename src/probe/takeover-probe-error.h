/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TAKEOVER_PROBE_ERROR (takeover_probe_error_quark ())

/* Why a probe (or one part of it) failed; the CLI and the UI name these to the operator. */
typedef enum
{
  TAKEOVER_PROBE_ERROR_FAILED,            /* anything else; the message says what */
  TAKEOVER_PROBE_ERROR_UNREACHABLE,       /* no route, connection refused, name not resolved */
  TAKEOVER_PROBE_ERROR_TIMEOUT,           /* the peer did not answer within the timeout */
  TAKEOVER_PROBE_ERROR_BAD_CREDENTIALS,   /* user name, password or key refused */
  TAKEOVER_PROBE_ERROR_HOST_KEY_CHANGED,  /* the SSH host key differs from known_hosts */
  TAKEOVER_PROBE_ERROR_HOST_KEY_UNKNOWN,  /* unknown SSH host key and trust on first use is off */
  TAKEOVER_PROBE_ERROR_REFUSED,           /* we refuse: cipher suite 0 without insisting, … */
  TAKEOVER_PROBE_ERROR_UNSUPPORTED,       /* the BMC or host lacks what the part needs */
  TAKEOVER_PROBE_ERROR_INVALID,           /* the request itself is wrong (missing address, …) */
} TakeoverProbeError;

GQuark      takeover_probe_error_quark     (void);
const char *takeover_probe_error_kind      (const GError *error);

G_END_DECLS
