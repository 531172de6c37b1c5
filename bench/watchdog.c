/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <execinfo.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "watchdog.h"

/* The last tick, as the main thread saw it, and the threshold. */
static gpointer watched_tick;        /* a gint64 in a pointer: 64-bit machines, atomic */
static gint64 watch_threshold_us;
static pthread_t main_thread;

static void
print_stack_cb (int signal_number)
{
  void *frames[64];
  int n = backtrace (frames, G_N_ELEMENTS (frames));
  static const char header[] = "--- main thread, stalled:\n";

  if (write (STDERR_FILENO, header, sizeof header - 1) < 0)
    return;
  backtrace_symbols_fd (frames, n, STDERR_FILENO);
}

static gpointer
watchdog_cb (gpointer data)
{
  gint64 reported = 0;

  /* Once the threshold has passed, every threshold again while the stall lasts: a long stall
   * shows each of its parts. */
  for (;;)
    {
      gint64 tick = (gint64) (gintptr) g_atomic_pointer_get (&watched_tick);
      gint64 now = g_get_monotonic_time ();

      if (tick != 0 && now - tick > watch_threshold_us &&
          (reported < tick || now - reported > watch_threshold_us))
        {
          reported = now;
          pthread_kill (main_thread, SIGUSR2);
        }
      g_usleep (2000);
    }

  return NULL;
}

/* Call on the main thread. */
void
takeover_bench_watchdog_start_from_env (void)
{
  if (g_getenv ("TAKEOVER_BENCH_STACKS") == NULL)
    return;

  watch_threshold_us = g_ascii_strtoll (g_getenv ("TAKEOVER_BENCH_STACKS"), NULL, 10) * 1000;
  main_thread = pthread_self ();
  signal (SIGUSR2, print_stack_cb);
  g_thread_unref (g_thread_new ("watchdog", watchdog_cb, NULL));
}

void
takeover_bench_watchdog_tick (gint64 now)
{
  g_atomic_pointer_set (&watched_tick, (gpointer) (gintptr) now);
}
