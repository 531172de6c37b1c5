/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "takeover-metric-store.h"

G_BEGIN_DECLS

/* A line chart of metric series over a time range: value and time axes with round ticks and
 * units, a line a series in the accent colour (then others), the warning and critical
 * thresholds drawn, a readout of the time and value under the pointer, and a sentence for
 * screen readers. Points are placed when the data changes (takeover-chart-scale.h); what is
 * drawn is kept as a render node until the data or the size changes. */

#define TAKEOVER_TYPE_CHART (takeover_chart_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverChart, takeover_chart, TAKEOVER, CHART, GtkWidget)

GtkWidget  *takeover_chart_new            (const char                 *title,
                                           const char                 *format);
void        takeover_chart_set_range      (TakeoverChart              *self,
                                           gint64                      start,
                                           gint64                      end);
void        takeover_chart_add_series     (TakeoverChart              *self,
                                           const char                 *label,
                                           const TakeoverMetricSeries *series,
                                           double                      scale);
void        takeover_chart_clear          (TakeoverChart              *self);
void        takeover_chart_set_thresholds (TakeoverChart              *self,
                                           double                      warning,
                                           double                      critical);
guint       takeover_chart_get_n_series   (TakeoverChart              *self);
const char *takeover_chart_get_summary    (TakeoverChart              *self);

G_END_DECLS
