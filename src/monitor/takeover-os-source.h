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
 * wrap, unless the host rebooted (its boot time changed), when the round gives no rate. The
 * SNMP source (takeover-snmp-source.h) reads the same meters into the same reading. */

/* Two processes on the host a round: tail prints every /proc file under its own header (one
 * process instead of a cat a file), then df. */
#define TAKEOVER_OS_SOURCE_COMMAND \
  "LC_ALL=C; tail -n +1 /proc/loadavg /proc/stat /proc/meminfo /proc/net/dev; " \
  "echo @df; df -kP -x tmpfs -x devtmpfs -x overlay -x squashfs -x proc -x sysfs"

typedef struct _TakeoverOsCounters TakeoverOsCounters;

/* One round's reading of a host's OS, however it was read (SSH or SNMP): gauges as they are,
 * counters raw; takeover_os_reading_samples() turns it into samples, rates included. */
typedef struct
{
  char    *name;
  guint64  received;       /* bytes */
  guint64  sent;
  guint64  send_errors;
} TakeoverOsNic;

typedef struct
{
  char   *mount_point;
  double  total;           /* KB */
  double  used;
} TakeoverOsDisk;

typedef struct
{
  double     load[3];            /* 1, 5 and 15 minutes; NAN when not read */
  gboolean   have_cpu;
  guint64    cpu_total;          /* jiffies over every state */
  guint64    cpu_idle;           /* idle and waiting for I/O */
  guint      n_cpus;             /* 0 when not known */
  gint64     boot_time;          /* seconds since the epoch; 0 when not known */
  gboolean   have_memory;
  double     memory_total;       /* KB */
  double     memory_used;        /* not free and not reclaimable */
  double     memory_buffer;
  double     memory_cached;
  double     swap_total;
  double     swap_avail;
  GPtrArray *disks;              /* TakeoverOsDisk */
  GPtrArray *nics;               /* TakeoverOsNic, the loopback left out */
} TakeoverOsReading;

TakeoverOsCounters *takeover_os_counters_new   (void);
void                takeover_os_counters_free  (TakeoverOsCounters  *counters);
void                takeover_os_reading_init   (TakeoverOsReading   *reading);
void                takeover_os_reading_clear  (TakeoverOsReading   *reading);
void                takeover_os_reading_add_nic (TakeoverOsReading  *reading,
                                                const char          *name,
                                                guint64              received,
                                                guint64              sent,
                                                guint64              send_errors);
void                takeover_os_reading_add_disk (TakeoverOsReading *reading,
                                                const char          *mount_point,
                                                double               total,
                                                double               used);
GPtrArray          *takeover_os_reading_samples (const TakeoverOsReading *reading,
                                                const char          *host,
                                                gint64               time,
                                                TakeoverOsCounters  *counters);
gboolean            takeover_os_source_read    (const char          *host,
                                                const char          *output,
                                                TakeoverOsReading   *reading,
                                                GError             **error);
GPtrArray          *takeover_os_source_parse   (const char          *host,
                                                gint64               time,
                                                const char          *output,
                                                TakeoverOsCounters  *counters,
                                                GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TakeoverOsCounters, takeover_os_counters_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TakeoverOsReading, takeover_os_reading_clear)

G_END_DECLS
