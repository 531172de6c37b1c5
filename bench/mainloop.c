/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * takeover-bench-mainloop INVENTORY CLOUD IMAGE CONCURRENCY
 * takeover-bench-mainloop --idle
 *
 * Adopts the inventory's hosts through a TakeoverSession, as the window does, while a 1 ms
 * timer ticks on the same main context; prints the longest gap between two ticks (the longest
 * stall a window would show) and how the adoption went. bench/mainloop runs it with the state
 * folder on tmpfs and on a slow disk.
 *
 * With TAKEOVER_BENCH_RT_PRIORITY=N, the main thread alone runs at that SCHED_FIFO priority,
 * so that what is measured is the main loop's own stalls, not the scheduler's: on 2 cores
 * that the bed keeps busy, any thread of normal priority is held back now and then for tens of
 * milliseconds. The worker threads stay at normal priority (GLib's shared pools keep the
 * settings of the thread that made the first pool, here before the switch); were they
 * real-time too, the kernel's real-time throttling would stop the whole process for 50 ms at
 * a time once they had used 95 % of a second.
 *
 * With TAKEOVER_BENCH_STACKS=MS set, a watchdog thread prints the main thread's stack (to
 * stderr, for addr2line) whenever a tick is more than MS late: where the stalls are.
 *
 * With --idle it only ticks, until SIGTERM: run beside an adoption, its longest gap is the
 * floor that the machine itself sets (a process that does nothing but tick, descheduled while
 * the bed's servers use both cores), against which the adoption's figure is read.
 */
#include "config.h"

#include <glib-unix.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "takeover-file-writer.h"
#include "takeover-session.h"
#include "watchdog.h"

/* A frame at 60 Hz. */
#define FRAME_US 16000

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
  gint64        last_tick;
  gint64        longest;
  gint64        longest_at;     /* when it ended, from the first tick */
  gint64        first_tick;
  guint         n_ticks;
  guint         n_over_frame;
} Bench;

static gboolean
tick_cb (gpointer user_data)
{
  Bench *bench = user_data;
  gint64 now = g_get_monotonic_time ();

  if (bench->last_tick != 0)
    {
      gint64 gap = now - bench->last_tick;

      if (gap > bench->longest)
        {
          bench->longest = gap;
          bench->longest_at = now - bench->first_tick;
        }
      bench->n_over_frame += gap > FRAME_US;
    }
  else
    bench->first_tick = now;
  bench->last_tick = now;
  bench->n_ticks++;
  takeover_bench_watchdog_tick (now);

  return G_SOURCE_CONTINUE;
}

static void
adopted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Bench *bench = user_data;

  bench->result = g_object_ref (result);
  g_main_loop_quit (bench->loop);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static int
run_idle (void)
{
  Bench bench = { 0 };
  guint tick_id;

  bench.loop = g_main_loop_new (NULL, FALSE);
  tick_id = g_timeout_add (1, tick_cb, &bench);
  g_unix_signal_add (SIGTERM, quit_cb, bench.loop);
  g_main_loop_run (bench.loop);
  g_source_remove (tick_id);

  printf ("longest_stall_ms=%.1f ticks=%u over_16ms=%u\n", bench.longest / 1000.0,
          bench.n_ticks, bench.n_over_frame);
  g_main_loop_unref (bench.loop);

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TakeoverSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  Bench bench = { 0 };
  gsize length;
  gint64 started;
  double seconds;
  gboolean succeeded;
  guint tick_id;

  if (argc == 2 && g_str_equal (argv[1], "--idle"))
    return run_idle ();
  if (argc != 5)
    {
      g_printerr ("usage: %s INVENTORY CLOUD IMAGE CONCURRENCY | --idle\n", argv[0]);
      return 2;
    }

  session = takeover_session_new ();
  if (!g_file_get_contents (argv[1], &contents, &length, &error) ||
      (takeover_inventory_load_data (takeover_session_get_inventory (session), contents, length,
                                     argv[1], TAKEOVER_INVENTORY_FORMAT_NONE),
       !takeover_session_open_cloud (session, argv[2], &error)))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 1;
    }
  if (g_getenv ("TAKEOVER_BENCH_RT_PRIORITY") != NULL)
    {
      struct sched_param param = { 0 };
      int rc;

      param.sched_priority = (int) g_ascii_strtoll (g_getenv ("TAKEOVER_BENCH_RT_PRIORITY"),
                                                    NULL, 10);
      if ((rc = pthread_setschedparam (pthread_self (), SCHED_FIFO, &param)) != 0)
        {
          g_printerr ("%s: no real-time priority: %s\n", argv[0], g_strerror (rc));
          return 1;
        }
    }
  takeover_adopt_set_image_source (takeover_session_get_adopt (session), argv[3]);
  takeover_adopt_set_concurrency (takeover_session_get_adopt (session),
                                  (guint) g_ascii_strtoull (argv[4], NULL, 10));

  takeover_bench_watchdog_start_from_env ();

  bench.loop = g_main_loop_new (NULL, FALSE);
  tick_id = g_timeout_add (1, tick_cb, &bench);
  started = g_get_monotonic_time ();
  takeover_session_adopt_async (session, NULL, adopted_cb, &bench);
  g_main_loop_run (bench.loop);
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_source_remove (tick_id);

  if (!takeover_session_adopt_finish (session, bench.result, &error))
    g_printerr ("%s: %s\n", argv[0], error->message);

  /* One line for the script: the figures, then how the adoption went. */
  printf ("longest_stall_ms=%.1f at_s=%.2f ticks=%u over_16ms=%u adopted=%u/%u seconds=%.1f\n",
          bench.longest / 1000.0, bench.longest_at / (double) G_USEC_PER_SEC, bench.n_ticks,
          bench.n_over_frame,
          takeover_session_get_n_adopted (session), takeover_session_get_n_jobs (session),
          seconds);

  succeeded = error == NULL && takeover_session_get_succeeded (session);
  g_clear_object (&bench.result);
  g_main_loop_unref (bench.loop);
  g_clear_object (&session);
  takeover_file_writer_wait_idle ();

  return succeeded ? 0 : 1;
}
