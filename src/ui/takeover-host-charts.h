/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "takeover-monitor.h"

G_BEGIN_DECLS

/* One host's history: its temperatures (with each sensor's thresholds), CPU, load, memory and
 * network as charts over a chosen range, read from the monitor's store. */

#define TAKEOVER_TYPE_HOST_CHARTS (takeover_host_charts_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverHostCharts, takeover_host_charts, TAKEOVER, HOST_CHARTS, GtkWidget)

GtkWidget  *takeover_host_charts_new        (TakeoverMonitor    *monitor);
void        takeover_host_charts_set_host   (TakeoverHostCharts *self,
                                             const char         *host);
const char *takeover_host_charts_get_host   (TakeoverHostCharts *self);
void        takeover_host_charts_set_range  (TakeoverHostCharts *self,
                                             guint               seconds);
guint       takeover_host_charts_get_n_pending (TakeoverHostCharts *self);
GListModel *takeover_host_charts_get_charts (TakeoverHostCharts *self);

G_END_DECLS
