/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The chart's arithmetic on known series: round ticks that cover the data, time ticks on the
 * clock's round times, and points placed exactly in the unit square. */
#include "config.h"

#include <math.h>

#include "takeover-chart-scale.h"

static void
test_value_ticks (void)
{
  TakeoverChartTicks ticks;

  /* 0 .. 87 % in at most 6 ticks: 0, 20, … 100. */
  takeover_chart_value_ticks (0, 87, 6, 0, &ticks);
  g_assert_cmpfloat (ticks.step, ==, 20);
  g_assert_cmpfloat (ticks.min, ==, 0);
  g_assert_cmpfloat (ticks.max, ==, 100);
  g_assert_cmpuint (ticks.n_ticks, ==, 6);

  /* Temperatures 31.5 .. 48.2 °C: steps of 5, from 30 to 50. */
  takeover_chart_value_ticks (31.5, 48.2, 6, 0, &ticks);
  g_assert_cmpfloat (ticks.step, ==, 5);
  g_assert_cmpfloat (ticks.min, ==, 30);
  g_assert_cmpfloat (ticks.max, ==, 50);
  g_assert_cmpuint (ticks.n_ticks, ==, 5);

  /* A load of 0.02 .. 0.37: steps of 0.1. */
  takeover_chart_value_ticks (0.02, 0.37, 5, 0, &ticks);
  g_assert_cmpfloat_with_epsilon (ticks.step, 0.1, 1e-12);
  g_assert_cmpfloat_with_epsilon (ticks.max, 0.4, 1e-12);
  g_assert_cmpuint (ticks.n_ticks, ==, 5);

  /* Never more ticks than asked, even where widening adds a step. */
  for (double max = 1; max < 1e7; max *= 1.37)
    {
      takeover_chart_value_ticks (0.3, max, 5, 0, &ticks);
      g_assert_cmpuint (ticks.n_ticks, <=, 5);
      g_assert_cmpuint (ticks.n_ticks, >=, 2);
      g_assert_cmpfloat (ticks.min, <=, 0.3);
      g_assert_cmpfloat (ticks.max, >=, max);
    }

  /* Whole-number labels: no step under 1, so that no two labels read the same. */
  takeover_chart_value_ticks (0, 0.9, 5, 1, &ticks);
  g_assert_cmpfloat (ticks.step, ==, 1);
  g_assert_cmpfloat (ticks.max, ==, 1);
  g_assert_cmpuint (ticks.n_ticks, ==, 2);

  /* A flat series, and none. */
  takeover_chart_value_ticks (42, 42, 5, 0, &ticks);
  g_assert_cmpfloat (ticks.min, <, 42);
  g_assert_cmpfloat (ticks.max, >, 42);
  takeover_chart_value_ticks (NAN, NAN, 5, 0, &ticks);
  g_assert_cmpfloat (ticks.min, ==, 0);
  g_assert_cmpfloat (ticks.max, ==, 1);
}

static void
test_time_ticks (void)
{
  TakeoverChartTicks ticks;
  gint64 midnight = 1765065600;   /* 2025-12-07 00:00 UTC */

  /* An hour from 10:07: every 15 minutes from 10:15. */
  takeover_chart_time_ticks (midnight + 10 * 3600 + 420, midnight + 11 * 3600 + 420, 6, &ticks);
  g_assert_cmpfloat (ticks.step, ==, 900);
  g_assert_cmpfloat (ticks.first, ==, midnight + 10 * 3600 + 900);
  g_assert_cmpuint (ticks.n_ticks, ==, 4);

  /* A day: every 6 hours. */
  takeover_chart_time_ticks (midnight, midnight + 86400, 6, &ticks);
  g_assert_cmpfloat (ticks.step, ==, 21600);
  g_assert_cmpuint (ticks.n_ticks, ==, 5);

  /* A week: a tick a day. */
  takeover_chart_time_ticks (midnight, midnight + 7 * 86400, 8, &ticks);
  g_assert_cmpfloat (ticks.step, ==, 86400);
  g_assert_cmpuint (ticks.n_ticks, ==, 8);
}

static void
test_normalize (void)
{
  /* 10 s points from t = 1000: the 4th ends at 1040. */
  const double values[] = { 0, 50, NAN, 100, 150 };
  TakeoverChartPoint points[G_N_ELEMENTS (values)];
  guint n;

  n = takeover_chart_normalize (values, G_N_ELEMENTS (values), 1000, 10, 1010, 1050, 0, 100,
                                points);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpfloat (points[0].x, ==, 0);
  g_assert_cmpfloat (points[0].y, ==, 0);
  g_assert_cmpfloat (points[1].x, ==, 0.25);
  g_assert_cmpfloat (points[1].y, ==, 0.5);
  g_assert_true (isnan (points[2].y));
  g_assert_cmpfloat (points[3].y, ==, 1);
  /* Above the axis: clamped to its top. */
  g_assert_cmpfloat (points[4].x, ==, 1);
  g_assert_cmpfloat (points[4].y, ==, 1);

  /* Points outside the range are left out. */
  n = takeover_chart_normalize (values, G_N_ELEMENTS (values), 1000, 10, 1025, 1045, 0, 100,
                                points);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (points[0].x, ==, 0.25);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-scale/value-ticks", test_value_ticks);
  g_test_add_func ("/chart-scale/time-ticks", test_time_ticks);
  g_test_add_func ("/chart-scale/normalize", test_normalize);

  return g_test_run ();
}
