/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "takeover-probe-request.h"
#include "takeover-probe-result.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_PROBE_POOL (takeover_probe_pool_get_type ())

#define TAKEOVER_PROBE_POOL_DEFAULT_CONCURRENCY 32

/* Where one host's probe has got to; reported on the caller's main context. */
typedef enum
{
  TAKEOVER_PROBE_STAGE_QUEUED,
  TAKEOVER_PROBE_STAGE_IPMI,
  TAKEOVER_PROBE_STAGE_SSH,
  TAKEOVER_PROBE_STAGE_DONE,
} TakeoverProbeStage;

typedef void (*TakeoverProbeProgressFunc) (const TakeoverProbeRequest *request,
                                           TakeoverProbeStage          stage,
                                           gpointer                    user_data);

G_DECLARE_FINAL_TYPE (TakeoverProbePool, takeover_probe_pool, TAKEOVER, PROBE_POOL, GObject)

TakeoverProbePool   *takeover_probe_pool_new             (guint                       concurrency);
guint                takeover_probe_pool_get_concurrency (TakeoverProbePool          *self);
void                 takeover_probe_pool_set_concurrency (TakeoverProbePool          *self,
                                                          guint                       concurrency);
/* Probes one host on a worker thread: IPMI, then SSH. Per-part failures end up in the
 * result's problems; the call itself fails only when cancelled or the request is invalid.
 * @progress (may be NULL) runs on the thread-default main context of the caller. Cancelling
 * returns at once with G_IO_ERROR_CANCELLED even if a BMC call is still blocked in a worker. */
void                 takeover_probe_pool_probe_async     (TakeoverProbePool          *self,
                                                          const TakeoverProbeRequest *request,
                                                          TakeoverProbeProgressFunc   progress,
                                                          gpointer                    progress_data,
                                                          GDestroyNotify              progress_destroy,
                                                          GCancellable               *cancellable,
                                                          GAsyncReadyCallback         callback,
                                                          gpointer                    user_data);
TakeoverProbeResult *takeover_probe_pool_probe_finish    (TakeoverProbePool          *self,
                                                          GAsyncResult               *result,
                                                          GError                    **error);
const char          *takeover_probe_stage_to_string      (TakeoverProbeStage          stage);

G_END_DECLS
