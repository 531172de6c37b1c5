/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "takeover-monitor.h"

G_BEGIN_DECLS

/* The cluster's health at a glance: every host with its state (by icon and word, never colour
 * alone), the reason, and its key meters, from a monitor watching the hosts at the interval in
 * the settings; alerts become desktop notifications. */

#define TAKEOVER_TYPE_DASHBOARD_WINDOW (takeover_dashboard_window_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverDashboardWindow, takeover_dashboard_window, TAKEOVER,
                      DASHBOARD_WINDOW, AdwApplicationWindow)

TakeoverDashboardWindow *takeover_dashboard_window_new         (GtkApplication          *application,
                                                                GListModel              *hosts);
TakeoverMonitor         *takeover_dashboard_window_get_monitor (TakeoverDashboardWindow *self);
void                     takeover_dashboard_window_show_host   (TakeoverDashboardWindow *self,
                                                                const char              *host);
GtkWidget               *takeover_dashboard_window_get_host_charts (TakeoverDashboardWindow *self);
const char              *takeover_health_level_get_icon_name   (TakeoverHealthLevel      level);

G_END_DECLS
