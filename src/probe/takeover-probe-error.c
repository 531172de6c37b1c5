/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-probe"

#include "config.h"

#include <gio/gio.h>

#include "takeover-probe-error.h"

G_DEFINE_QUARK (takeover-probe-error-quark, takeover_probe_error)

/* A stable, untranslated word for each kind of failure, used in JSON and by scripts. */
const char *
takeover_probe_error_kind (const GError *error)
{
  static const char * const kinds[] = {
    [TAKEOVER_PROBE_ERROR_FAILED] = "failed",
    [TAKEOVER_PROBE_ERROR_UNREACHABLE] = "unreachable",
    [TAKEOVER_PROBE_ERROR_TIMEOUT] = "timeout",
    [TAKEOVER_PROBE_ERROR_BAD_CREDENTIALS] = "bad-credentials",
    [TAKEOVER_PROBE_ERROR_HOST_KEY_CHANGED] = "host-key-changed",
    [TAKEOVER_PROBE_ERROR_HOST_KEY_UNKNOWN] = "host-key-unknown",
    [TAKEOVER_PROBE_ERROR_REFUSED] = "refused",
    [TAKEOVER_PROBE_ERROR_UNSUPPORTED] = "unsupported",
    [TAKEOVER_PROBE_ERROR_INVALID] = "invalid",
  };

  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";
  if (error->domain != TAKEOVER_PROBE_ERROR || error->code < 0 ||
      error->code >= (int) G_N_ELEMENTS (kinds))
    return "failed";
  return kinds[error->code];
}
