/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "takeover-chart-scale.h"

/* See the header. */

/* The smallest of 1, 2, 5 × 10^k at or above @rough. */
static double
nice_step (double rough)
{
  double magnitude = pow (10, floor (log10 (rough)));
  double fraction = rough / magnitude;

  if (fraction <= 1)
    return magnitude;
  if (fraction <= 2)
    return 2 * magnitude;
  if (fraction <= 5)
    return 5 * magnitude;
  return 10 * magnitude;
}

/**
 * takeover_chart_value_ticks:
 * @max_ticks: at most this many ticks (2 or more)
 * @min_step: the smallest step the labels can show apart (1 for whole numbers, 0.1 for one
 *   decimal), or 0 for any
 *
 * Ticks at a round step covering [@min, @max]: the axis starts and ends on a tick. A flat
 * series (@min == @max) gets a unit's room around it; no data (NAN) the range 0 .. 1.
 */
void
takeover_chart_value_ticks (double              min,
                            double              max,
                            guint               max_ticks,
                            double              min_step,
                            TakeoverChartTicks *ticks)
{
  double step;

  g_return_if_fail (ticks != NULL);
  g_return_if_fail (max_ticks >= 2);

  if (isnan (min) || isnan (max))
    min = 0, max = 1;
  if (min > max)
    {
      double swap = min;

      min = max;
      max = swap;
    }
  if (min == max)
    {
      double room = min == 0 ? 1 : fabs (min) / 10;

      min -= room;
      max += room;
    }

  /* Labels of 0.5 printed as whole numbers would read "0%, 0%, 1%". */
  step = MAX (nice_step ((max - min) / (max_ticks - 1)), min_step);
  ticks->min = floor (min / step) * step;
  ticks->max = ceil (max / step) * step;
  /* Widening may need one more step than allowed: take the next round step instead. */
  while ((guint) llround ((ticks->max - ticks->min) / step) + 1 > max_ticks)
    {
      step = nice_step (step * 1.01);
      ticks->min = floor (min / step) * step;
      ticks->max = ceil (max / step) * step;
    }
  ticks->step = step;
  ticks->first = ticks->min;
  ticks->n_ticks = (guint) llround ((ticks->max - ticks->min) / step) + 1;
}

/**
 * takeover_chart_time_ticks:
 *
 * Ticks on a clock's round times (a minute, 5, 10, 15, 30 minutes, an hour, 2, 3, 6, 12 hours,
 * a day, a week) inside [@start, @end], in UTC seconds; the axis is the range itself.
 */
void
takeover_chart_time_ticks (gint64              start,
                           gint64              end,
                           guint               max_ticks,
                           TakeoverChartTicks *ticks)
{
  static const gint64 steps[] = {
    60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 604800,
  };
  gint64 span = MAX (end - start, 1);
  gint64 step = steps[G_N_ELEMENTS (steps) - 1];
  gint64 first;

  g_return_if_fail (ticks != NULL);
  g_return_if_fail (max_ticks >= 2);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (span / steps[i] + 1 <= max_ticks)
      {
        step = steps[i];
        break;
      }

  first = ((start + step - 1) / step) * step;
  ticks->min = start;
  ticks->max = end;
  ticks->step = step;
  ticks->first = first;
  ticks->n_ticks = first > end ? 0 : (guint) ((end - first) / step) + 1;
}

/**
 * takeover_chart_normalize:
 * @values: a series' points, as the store reads them: values[i] ends at
 *   series_start + (i + 1) * step
 * @points: (out caller-allocates): room for @n_values points
 *
 * Places each point of the series inside [@start, @end] in the unit square: x by its time,
 * y by its value between @min and @max (clamped).
 *
 * Returns: how many points were written
 */
guint
takeover_chart_normalize (const double       *values,
                          guint               n_values,
                          gint64              series_start,
                          guint               step,
                          gint64              start,
                          gint64              end,
                          double              min,
                          double              max,
                          TakeoverChartPoint *points)
{
  double span = (double) MAX (end - start, 1);
  double height = max > min ? max - min : 1;
  guint n = 0;

  g_return_val_if_fail (values != NULL || n_values == 0, 0);
  g_return_val_if_fail (points != NULL || n_values == 0, 0);

  for (guint i = 0; i < n_values; i++)
    {
      gint64 time = series_start + (gint64) (i + 1) * step;

      if (time < start || time > end)
        continue;
      points[n].x = (double) (time - start) / span;
      points[n].y = isnan (values[i]) ? NAN : CLAMP ((values[i] - min) / height, 0.0, 1.0);
      n++;
    }
  return n;
}
