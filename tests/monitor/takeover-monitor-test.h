/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "takeover-monitor.h"

G_BEGIN_DECLS

/* One round over @hosts, the main context iterated until it ends: how many answered. */
guint takeover_monitor_test_round (TakeoverMonitor *monitor,
                                   GListModel      *hosts);

G_END_DECLS
