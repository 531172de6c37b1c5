/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The chart's arithmetic, apart from drawing so that it is tested on known series: where the
 * ticks go on each axis, and each point in the unit square the chart scales to its size. */

typedef struct
{
  double first;    /* the lowest tick, at or above the range's start */
  double step;     /* 1, 2 or 5 × 10^k */
  guint  n_ticks;
  double min;      /* the range the axis shows: the data's, widened to whole steps */
  double max;
} TakeoverChartTicks;

typedef struct
{
  double x;        /* 0 (the range's start) .. 1 (its end) */
  double y;        /* 0 (the axis' min) .. 1 (its max); NAN where nothing was recorded */
} TakeoverChartPoint;

void     takeover_chart_value_ticks (double              min,
                                     double              max,
                                     guint               max_ticks,
                                     double              min_step,
                                     TakeoverChartTicks *ticks);
void     takeover_chart_time_ticks  (gint64              start,
                                     gint64              end,
                                     guint               max_ticks,
                                     TakeoverChartTicks *ticks);
guint    takeover_chart_normalize   (const double       *values,
                                     guint               n_values,
                                     gint64              series_start,
                                     guint               step,
                                     gint64              start,
                                     gint64              end,
                                     double              min,
                                     double              max,
                                     TakeoverChartPoint *points);

G_END_DECLS
