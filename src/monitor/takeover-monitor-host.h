/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "takeover-health.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_MONITOR_HOST (takeover_monitor_host_get_type ())

/* Rounds of load kept for a sparkline: 10 minutes at the default interval. */
#define TAKEOVER_MONITOR_HOST_HISTORY 60

G_DECLARE_FINAL_TYPE (TakeoverMonitorHost, takeover_monitor_host, TAKEOVER, MONITOR_HOST, GObject)

/* One monitored host as a list shows it: its health and the key meters of the last round
 * (NAN where none was read), each a property that notifies only when it changes, so that a
 * dashboard binds its rows to them and a round redraws only what moved. */
const char          *takeover_monitor_host_get_name        (TakeoverMonitorHost *self);
TakeoverHealthLevel  takeover_monitor_host_get_level       (TakeoverMonitorHost *self);
const char          *takeover_monitor_host_get_reason      (TakeoverMonitorHost *self);
double               takeover_monitor_host_get_temperature (TakeoverMonitorHost *self);
double               takeover_monitor_host_get_load        (TakeoverMonitorHost *self);
double               takeover_monitor_host_get_cpu         (TakeoverMonitorHost *self);
double               takeover_monitor_host_get_memory      (TakeoverMonitorHost *self);
double               takeover_monitor_host_get_power       (TakeoverMonitorHost *self);
const double        *takeover_monitor_host_get_load_history (TakeoverMonitorHost *self,
                                                            guint               *n_values);

G_END_DECLS
