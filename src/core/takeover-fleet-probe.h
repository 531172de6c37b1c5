/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "takeover-host.h"
#include "takeover-probe-pool.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_FLEET_PROBE (takeover_fleet_probe_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverFleetProbe, takeover_fleet_probe, TAKEOVER, FLEET_PROBE, GObject)

/* Probes TakeoverHosts on the probe pool and keeps each result on its host
 * (TakeoverHost:probe-result, and LLDP seeds TakeoverHost:local-link-connections).
 * Signals, on the main context:
 *   ::host-progress (TakeoverHost *host, TakeoverProbeStage stage)
 *   ::host-finished (TakeoverHost *host, TakeoverProbeResult *result or NULL,
 *                    GError *error or NULL: cancelled or an invalid host) */
TakeoverFleetProbe   *takeover_fleet_probe_new                (guint                concurrency);
TakeoverProbePool    *takeover_fleet_probe_get_pool           (TakeoverFleetProbe  *self);
guint                 takeover_fleet_probe_get_timeout_ms     (TakeoverFleetProbe  *self);
void                  takeover_fleet_probe_set_timeout_ms     (TakeoverFleetProbe  *self,
                                                               guint                timeout_ms);
/* How often each IPMI request is sent again within the timeout before the BMC counts as
 * silent (at least 1; TAKEOVER_PROBE_DEFAULT_RETRIES unless set). */
guint                 takeover_fleet_probe_get_retries        (TakeoverFleetProbe  *self);
void                  takeover_fleet_probe_set_retries        (TakeoverFleetProbe  *self,
                                                               guint                retries);
/* Cipher suite 0 (no authentication, no integrity) is refused unless the operator insists. */
void                  takeover_fleet_probe_set_insist_cipher_suite_zero
                                                              (TakeoverFleetProbe  *self,
                                                               gboolean             insist);
gboolean              takeover_fleet_probe_get_insist_cipher_suite_zero
                                                              (TakeoverFleetProbe  *self);
gboolean              takeover_fleet_probe_get_trust_new_host_keys
                                                              (TakeoverFleetProbe  *self);
void                  takeover_fleet_probe_set_trust_new_host_keys
                                                              (TakeoverFleetProbe  *self,
                                                               gboolean             trust);
/* The plain request a worker gets for @host (passwords included: never log it). */
TakeoverProbeRequest *takeover_fleet_probe_request_for_host   (TakeoverFleetProbe  *self,
                                                               TakeoverHost        *host);
void                  takeover_fleet_probe_probe_host_async   (TakeoverFleetProbe  *self,
                                                               TakeoverHost        *host,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
TakeoverProbeResult  *takeover_fleet_probe_probe_host_finish  (TakeoverFleetProbe  *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
/* Probes every TakeoverHost in @hosts; finishes when all have, returning the number of hosts
 * that answered (takeover_probe_result_answered()), or -1 with G_IO_ERROR_CANCELLED. */
void                  takeover_fleet_probe_run_async          (TakeoverFleetProbe  *self,
                                                               GListModel          *hosts,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gssize                takeover_fleet_probe_run_finish         (TakeoverFleetProbe  *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void                  takeover_fleet_probe_apply_result       (TakeoverHost        *host,
                                                               TakeoverProbeResult *result);
/* Cancels one host's probe, whichever call started it; the others go on. */
void                  takeover_fleet_probe_cancel_host        (TakeoverFleetProbe  *self,
                                                               TakeoverHost        *host);

G_END_DECLS
