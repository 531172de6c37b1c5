/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "takeover-monitor-host.h"

G_BEGIN_DECLS

/* For TakeoverMonitor, which keeps these up to date after each round. */
TakeoverMonitorHost *takeover_monitor_host_new    (const char          *name);
void                 takeover_monitor_host_update (TakeoverMonitorHost *self,
                                                   TakeoverHealthLevel  level,
                                                   const char          *reason,
                                                   const double         meters[5]);

G_END_DECLS
