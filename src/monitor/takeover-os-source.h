/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "takeover-metric-store.h"

G_BEGIN_DECLS

/* The operating system's meters, read over SSH with one fixed, read-only command a round
 * (TAKEOVER_OS_SOURCE_COMMAND: nothing else is ever run), as Ceilometer's hardware.* names:
 *
 *   hardware.cpu.load.1min / 5min / 15min        run queue averages
 *   hardware.cpu.util, hardware.system_stats.cpu.idle    % busy and idle since the last round
 *   hardware.memory.total / used / buffer / cached, hardware.memory.swap.total / avail   KB
 *   hardware.disk.size.total / used              KB, per file system (instance: its mount point)
 *   hardware.network.incoming.bytes / outgoing.bytes / outgoing.errors   per second, per NIC
 *
 * Rates come from counters between two rounds: a counter that went back is a 32- or 64-bit
 * wrap, unless the host rebooted (its boot time changed), when the round gives no rate. */

#define TAKEOVER_OS_SOURCE_COMMAND \
  "LC_ALL=C; echo @loadavg; cat /proc/loadavg; echo @stat; cat /proc/stat; " \
  "echo @meminfo; cat /proc/meminfo; echo @netdev; cat /proc/net/dev; " \
  "echo @df; df -kP -x tmpfs -x devtmpfs -x overlay -x squashfs -x proc -x sysfs"

typedef struct _TakeoverOsCounters TakeoverOsCounters;

TakeoverOsCounters *takeover_os_counters_new   (void);
void                takeover_os_counters_free  (TakeoverOsCounters  *counters);
GPtrArray          *takeover_os_source_parse   (const char          *host,
                                                gint64               time,
                                                const char          *output,
                                                TakeoverOsCounters  *counters,
                                                GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TakeoverOsCounters, takeover_os_counters_free)

G_END_DECLS
