/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where the main thread stalls: with TAKEOVER_BENCH_STACKS=MS in the environment, a thread
 * prints the main thread's stack (to stderr, for addr2line) whenever the main loop's last
 * tick is more than MS old, and again every MS while it lasts. */
void takeover_bench_watchdog_start_from_env (void);
void takeover_bench_watchdog_tick           (gint64 now);

G_END_DECLS
