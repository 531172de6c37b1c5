/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "takeover-fleet-probe.h"
#include "takeover-health.h"
#include "takeover-metric-store.h"
#include "takeover-monitor-host.h"
#include "takeover-snmp-source.h"

G_BEGIN_DECLS

/* The monitoring engine: rounds over a fleet's hosts, agentless. Each round reads every host's
 * BMC sensors (IPMI, on the fleet probe's bounded pool) and its OS meters (one fixed command
 * over an SSH session kept open a host, or SNMP where it is set up, on the monitor's own
 * bounded pool), records the samples
 * in the store and judges each host's health. A slow, hung or dead host costs only its own
 * timeout; a host that answers neither way is unreachable.
 *
 *   monitor = takeover_monitor_new (fleet_probe, store);
 *   takeover_monitor_round_async (monitor, hosts, NULL, cb, data);
 *   takeover_monitor_get_health (monitor)                       levels, reasons, alerts
 *   takeover_monitor_watch (monitor, hosts, 10);    a round every 10 s: ::round-done, ::alert */

#define TAKEOVER_TYPE_MONITOR (takeover_monitor_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverMonitor, takeover_monitor, TAKEOVER, MONITOR, GObject)

TakeoverMonitor     *takeover_monitor_new          (TakeoverFleetProbe   *probe,
                                                    TakeoverMetricStore  *store);
TakeoverHealth      *takeover_monitor_get_health   (TakeoverMonitor      *self);
TakeoverMetricStore *takeover_monitor_get_store    (TakeoverMonitor      *self);
const TakeoverHealthRule *takeover_monitor_get_default_rules (guint      *n_rules);
const TakeoverHealthRule *takeover_monitor_get_rule (TakeoverMonitor      *self,
                                                    const char           *name);
const TakeoverHealthRule *takeover_monitor_get_sensor_rule (TakeoverMonitor *self,
                                                    const char           *host,
                                                    const char           *sensor);
gboolean             takeover_monitor_set_rule     (TakeoverMonitor      *self,
                                                    const char           *name,
                                                    double                warning,
                                                    double                critical,
                                                    guint                 duration,
                                                    double                hysteresis,
                                                    GError              **error);
void                 takeover_monitor_set_snmp     (TakeoverMonitor      *self,
                                                    const TakeoverSnmpConfig *config);
GListModel          *takeover_monitor_get_hosts    (TakeoverMonitor      *self);
GPtrArray           *takeover_monitor_get_samples  (TakeoverMonitor      *self);
double               takeover_monitor_get_latest   (TakeoverMonitor      *self,
                                                    const char           *host,
                                                    const char           *meter);
void                 takeover_monitor_round_async  (TakeoverMonitor      *self,
                                                    GListModel           *hosts,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
guint                takeover_monitor_round_finish (TakeoverMonitor      *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void                 takeover_monitor_watch        (TakeoverMonitor      *self,
                                                    GListModel           *hosts,
                                                    guint                 interval);
void                 takeover_monitor_stop         (TakeoverMonitor      *self);
gboolean             takeover_monitor_get_watching (TakeoverMonitor      *self);
gboolean             takeover_monitor_get_busy     (TakeoverMonitor      *self);

G_END_DECLS
