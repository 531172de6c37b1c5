/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * takeover-bench-ui INVENTORY CLOUD IMAGE CONCURRENCY SECONDS
 *
 * The window as an operator has it during a large takeover: INVENTORY's hosts (bench/ui makes
 * 1,000: the bed's hosts first, then silent ones) on the adopt step, while a run adopts them
 * into CLOUD at CONCURRENCY. The window draws every frame meanwhile (a tick callback, as an
 * animation would), and each frame's work (from the frame clock's before-paint to its
 * after-paint) and the gap between frames are recorded:
 *
 *   0. the floor of the memory: a bare libadwaita window on the same display;
 *   1. the baseline: Takeover's window, empty, for SECONDS/4;
 *   2. the inventory is imported and the list shown (not measured: the target is for after),
 *      then the cloud opened;
 *   3. the adoption, for SECONDS or until it ends; the two frames that first lay out its list
 *      of jobs as they appear are recorded apart (list_first_*), the target being for after.
 *
 * Prints one line of key=value figures, and the peak RSS (VmHWM) of each phase.
 */
#include "config.h"

#include <stdio.h>

#include "takeover-application.h"
#include "takeover-window.h"
#include "watchdog.h"

#define FRAME_US 16667

typedef struct
{
  gint64 paint_start;
  gint64 last_frame;
  gint64 longest_work;
  gint64 longest_gap;
  gint64 longest_gap_at;   /* when it ended, from the start of the phase */
  gint64 phase_start;
  guint  n_frames;
  guint  n_work_over;   /* frames whose work took more than a frame */
  gboolean measuring;
  /* The frames that first lay out the run's list, as its jobs appear: the target is for
   * the frames after the list is shown, so they are recorded apart. */
  guint  list_frames_left;
  gint64 list_work;
  gint64 list_gap;
} Frames;

static Frames frames;

static void
before_paint_cb (GdkFrameClock *clock)
{
  gint64 now = g_get_monotonic_time ();

  frames.paint_start = now;
  takeover_bench_watchdog_tick (now);
  if (frames.measuring && frames.list_frames_left > 0 && frames.last_frame != 0)
    frames.list_gap = MAX (frames.list_gap, now - frames.last_frame);
  else if (frames.measuring && frames.last_frame != 0 &&
           now - frames.last_frame > frames.longest_gap)
    {
      frames.longest_gap = now - frames.last_frame;
      frames.longest_gap_at = now - frames.phase_start;
    }
  if (g_getenv ("TAKEOVER_BENCH_GAPS") != NULL && frames.last_frame != 0 &&
      now - frames.last_frame > 100000)
    fprintf (stderr, "gap %.1f ms ending at %.3f s\n", (now - frames.last_frame) / 1e3,
             (now - frames.phase_start) / 1e6);
  frames.last_frame = now;
}

static void
after_paint_cb (GdkFrameClock *clock)
{
  gint64 work = g_get_monotonic_time () - frames.paint_start;

  if (!frames.measuring)
    return;

  if (frames.list_frames_left > 0)
    {
      frames.list_work = MAX (frames.list_work, work);
      frames.list_frames_left--;
      return;
    }

  frames.n_frames++;
  frames.longest_work = MAX (frames.longest_work, work);
  frames.n_work_over += work > FRAME_US;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  /* A frame each vsync, as a spinner or a progress bar would ask for. */
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static void
reset_frames (void)
{
  frames = (Frames) { 0 };
  frames.phase_start = g_get_monotonic_time ();
}

static guint64
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return 0;

  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
}

/* Resets the peak so that each phase has its own (Linux: writing 5 to clear_refs). */
static void
reset_peak_rss (void)
{
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

/* Every widget under @widget: a list that makes rows for more than the screen shows
 * costs memory for each. */
static guint
count_widgets (GtkWidget *widget)
{
  guint n = 1;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_widgets (child);

  return n;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* The run made its jobs: the next two frames lay out and draw the list for the first time. */
static void
jobs_made_cb (TakeoverSession *session)
{
  static gboolean seen;

  if (seen || takeover_session_get_n_jobs (session) == 0)
    return;
  seen = TRUE;
  frames.list_frames_left = 2;
}

static void
adopt_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(gboolean *) user_data = TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(TakeoverApplication) app = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  TakeoverWindow *window;
  TakeoverSession *session;
  GdkFrameClock *clock;
  guint concurrency, seconds;
  guint64 bare_rss, empty_rss, inventory_rss, list_rss, run_rss;
  guint empty_widgets, list_widgets, run_widgets;
  Frames baseline;
  gint64 started;
  gboolean ended = FALSE;
  guint n_hosts;

  if (argc != 6)
    {
      fprintf (stderr, "usage: takeover-bench-ui INVENTORY CLOUD IMAGE CONCURRENCY SECONDS\n");
      return 2;
    }
  concurrency = (guint) g_ascii_strtoull (argv[4], NULL, 10);
  seconds = (guint) g_ascii_strtoull (argv[5], NULL, 10);

  gtk_init ();
  adw_init ();
  takeover_bench_watchdog_start_from_env ();
  app = takeover_application_new ();
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      fprintf (stderr, "takeover-bench-ui: %s\n", error->message);
      return 1;
    }
  g_application_hold (G_APPLICATION (app));

  /* 0. The floor: a bare libadwaita window (a status page, nothing of Takeover's) on this
   *    display, with the same renderer. */
  {
    GtkWidget *bare = adw_application_window_new (GTK_APPLICATION (app));
    GtkWidget *page = adw_status_page_new ();

    adw_status_page_set_title (ADW_STATUS_PAGE (page), "Takeover");
    adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "network-server-symbolic");
    adw_application_window_set_content (ADW_APPLICATION_WINDOW (bare), page);
    gtk_window_set_default_size (GTK_WINDOW (bare), 1280, 800);
    gtk_window_present (GTK_WINDOW (bare));
    run_for (2000);
    bare_rss = peak_rss_kib ();
    gtk_window_destroy (GTK_WINDOW (bare));
    run_for (500);
  }

  window = takeover_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  session = takeover_window_get_session (window);
  gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb, NULL, NULL);
  run_for (1000);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);

  /* 1. The empty window: what drawing a frame costs on this machine, with nothing to do. */
  reset_peak_rss ();
  reset_frames ();
  frames.measuring = TRUE;
  run_for (MAX (seconds / 4, 5) * 1000);
  baseline = frames;
  empty_rss = peak_rss_kib ();
  empty_widgets = count_widgets (GTK_WIDGET (window));

  /* 2. The inventory, shown; then the adopt step. */
  frames.measuring = FALSE;
  file = g_file_new_for_commandline_arg (argv[1]);
  takeover_window_open (window, file);
  while (takeover_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);
  n_hosts = g_list_model_get_n_items (takeover_inventory_get_hosts (
                                        takeover_session_get_inventory (session)));
  run_for (1000);
  inventory_rss = peak_rss_kib ();
  if (!takeover_session_open_cloud (session, argv[2], &error))
    {
      fprintf (stderr, "takeover-bench-ui: %s\n", error->message);
      return 1;
    }
  takeover_adopt_set_image_source (takeover_session_get_adopt (session), argv[3]);
  takeover_adopt_set_concurrency (takeover_session_get_adopt (session), concurrency);
  /* Silent hosts fail their probe after this long, as a real unreachable BMC would. */
  takeover_fleet_probe_set_timeout_ms (takeover_session_get_fleet_probe (session), 10000);
  run_for (1000);
  list_rss = peak_rss_kib ();
  list_widgets = count_widgets (GTK_WIDGET (window));

  /* 3. The adoption, with the adopt step's 1,000 rows on screen. */
  gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_parent (
                                      GTK_WIDGET (takeover_window_get_adopt_page (window)))),
                                    "adopt-step");
  run_for (500);
  reset_peak_rss ();
  reset_frames ();
  frames.measuring = TRUE;
  started = g_get_monotonic_time ();
  g_signal_connect (session, "notify::n-jobs", G_CALLBACK (jobs_made_cb), NULL);
  takeover_session_adopt_async (session, NULL, adopt_cb, &ended);
  while (!ended && g_get_monotonic_time () - started < (gint64) seconds * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  frames.measuring = FALSE;
  run_rss = MAX (peak_rss_kib (), list_rss);
  run_widgets = count_widgets (GTK_WIDGET (window));

  printf ("hosts=%u jobs=%u adopted=%u failed=%u finished=%s seconds=%.1f frames=%u "
          "longest_frame_ms=%.1f frames_over_16ms=%u longest_gap_ms=%.1f "
          "longest_gap_at_s=%.1f list_first_frame_ms=%.1f list_first_gap_ms=%.1f "
          "empty_frames=%u empty_longest_frame_ms=%.1f empty_longest_gap_ms=%.1f "
          "bare_rss_mb=%.1f empty_rss_mb=%.1f inventory_rss_mb=%.1f list_rss_mb=%.1f "
          "run_rss_mb=%.1f empty_widgets=%u list_widgets=%u run_widgets=%u\n",
          n_hosts, takeover_session_get_n_jobs (session), takeover_session_get_n_adopted (session),
          takeover_session_get_n_failed (session), ended ? "yes" : "no",
          (g_get_monotonic_time () - started) / 1e6, frames.n_frames,
          frames.longest_work / 1e3, frames.n_work_over, frames.longest_gap / 1e3,
          frames.longest_gap_at / 1e6, frames.list_work / 1e3, frames.list_gap / 1e3,
          baseline.n_frames, baseline.longest_work / 1e3, baseline.longest_gap / 1e3,
          bare_rss / 1024.0, empty_rss / 1024.0, inventory_rss / 1024.0, list_rss / 1024.0,
          run_rss / 1024.0, empty_widgets, list_widgets, run_widgets);

  /* The run stops with the window; what it recorded is written before the process ends. */
  gtk_window_destroy (GTK_WINDOW (window));
  run_for (2000);
  g_application_release (G_APPLICATION (app));

  return 0;
}
