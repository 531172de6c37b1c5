/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "takeover-chart-scale.h"
#include "takeover-chart.h"

/* See the header. Layout: tick labels left of the plot and below it, the title above; the
 * plot's node (grid, thresholds, lines) is built once per data and size, the readout drawn on
 * top each frame. */

#define MAX_VALUE_TICKS 5
#define MAX_TIME_TICKS  7
#define PAD             6

typedef struct
{
  char               *label;
  double             *values;    /* scaled */
  guint               n_values;
  gint64              start;
  guint               step;
  TakeoverChartPoint *points;
  guint               n_points;
} Series;

struct _TakeoverChart
{
  GtkWidget           parent_instance;

  char               *title;
  char               *format;     /* a value with its unit: "%.0f °C" */
  GPtrArray          *series;     /* Series */
  gint64              start;
  gint64              end;
  double              warning;
  double              critical;
  TakeoverChartTicks  value_ticks;
  TakeoverChartTicks  time_ticks;
  char               *summary;

  GskRenderNode      *plot;       /* kept until the data or the size changes */
  int                 plot_width;
  int                 plot_height;
  double              pointer_x;  /* -1: the pointer is not over the plot */
};

G_DEFINE_FINAL_TYPE (TakeoverChart, takeover_chart, GTK_TYPE_WIDGET)

static void
series_free (Series *series)
{
  g_free (series->label);
  g_free (series->values);
  g_free (series->points);
  g_free (series);
}

static char *
format_value (TakeoverChart *self,
              double         value)
{
  return g_strdup_printf (self->format, value);
}

/* The smallest step the format's labels tell apart: 1 for "%.0f", 0.01 for "%.2f". */
static double
label_step (const char *format)
{
  const char *precision = strstr (format, "%.");

  if (precision == NULL || !g_ascii_isdigit (precision[2]))
    return 0;
  return pow (10, -(precision[2] - '0'));
}

/* The data changed: the axes, the points and the sentence again, the picture later. */
static void
update_data (TakeoverChart *self)
{
  double min = INFINITY, max = -INFINITY, last = NAN, data_min, data_max;
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;
  g_autofree char *latest = NULL;

  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);

      for (guint i = 0; i < series->n_values; i++)
        {
          gint64 time = series->start + (gint64) (i + 1) * series->step;

          if (isnan (series->values[i]) || time < self->start || time > self->end)
            continue;
          min = MIN (min, series->values[i]);
          max = MAX (max, series->values[i]);
          if (s == 0)
            last = series->values[i];
        }
    }
  if (!isfinite (min))
    min = max = NAN;
  data_min = min;
  data_max = max;
  /* Thresholds in sight when the data comes near them. */
  if (!isnan (max) && !isnan (self->warning) && self->warning < max * 1.5)
    max = MAX (max, self->warning);
  if (!isnan (max) && !isnan (self->critical) && self->critical < max * 1.2)
    max = MAX (max, self->critical);
  /* Most meters are counts or percentages: the axis starts at 0 unless values go below. */
  if (!isnan (min))
    min = MIN (min, 0);

  takeover_chart_value_ticks (min, max, MAX_VALUE_TICKS, label_step (self->format),
                              &self->value_ticks);
  takeover_chart_time_ticks (self->start, self->end, MAX_TIME_TICKS, &self->time_ticks);

  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);

      series->points = g_renew (TakeoverChartPoint, series->points, MAX (series->n_values, 1));
      series->n_points = takeover_chart_normalize (series->values, series->n_values,
                                                   series->start, series->step, self->start,
                                                   self->end, self->value_ticks.min,
                                                   self->value_ticks.max, series->points);
    }

  g_clear_pointer (&self->summary, g_free);
  if (isnan (min) || isnan (last))
    /* Translators: a chart's text for screen readers: its title, and that it has no data. */
    self->summary = g_strdup_printf (_("%s: nothing recorded in this range"), self->title);
  else
    {
      latest = format_value (self, last);
      low = format_value (self, data_min);
      high = format_value (self, data_max);
      /* Translators: a chart's text for screen readers: title, latest, lowest, highest. */
      self->summary = g_strdup_printf (_("%s: now %s; lowest %s, highest %s in this range"),
                                       self->title, latest, low, high);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->summary, -1);

  g_clear_pointer (&self->plot, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static GdkRGBA
named_color (TakeoverChart *self,
             const char    *name,
             const char    *fallback)
{
  GdkRGBA color;

  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)), name,
                                       &color))
    gdk_rgba_parse (&color, fallback);
  return color;
}

static GdkRGBA
text_color (TakeoverChart *self,
            double         alpha)
{
  GdkRGBA color;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &color);
  color.alpha *= alpha;
  return color;
}

static PangoLayout *
make_layout (TakeoverChart *self,
             const char    *text,
             gboolean       small)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (small)
    {
      PangoAttrList *attributes = pango_attr_list_new ();

      pango_attr_list_insert (attributes, pango_attr_scale_new (PANGO_SCALE_SMALL));
      pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum=1"));
      pango_layout_set_attributes (layout, attributes);
      pango_attr_list_unref (attributes);
    }
  return layout;
}

static void
append_text (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             double         x,
             double         y,
             const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) x, (float) y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* Where the plot is inside the widget: room left for the value labels, below for the times,
 * above for the title. */
static void
plot_area (TakeoverChart   *self,
           graphene_rect_t *area)
{
  g_autofree char *widest = format_value (self, self->value_ticks.max);
  g_autoptr(PangoLayout) label = make_layout (self, widest, TRUE);
  g_autoptr(PangoLayout) title = make_layout (self, self->title, FALSE);
  int label_width, label_height, title_height;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  pango_layout_get_pixel_size (label, &label_width, &label_height);
  pango_layout_get_pixel_size (title, NULL, &title_height);
  graphene_rect_init (area, label_width + 2 * PAD, title_height + 2 * PAD,
                      MAX (1, width - label_width - 3 * PAD),
                      MAX (1, height - title_height - label_height - 4 * PAD));
}

static void
draw_line (cairo_t                  *cr,
           const Series             *series,
           const graphene_rect_t    *area)
{
  gboolean drawing = FALSE;

  for (guint i = 0; i < series->n_points; i++)
    {
      const TakeoverChartPoint *point = &series->points[i];
      double x = area->origin.x + point->x * area->size.width;
      double y = area->origin.y + (1 - point->y) * area->size.height;
      gboolean alone;

      /* A gap where nothing was recorded (a host down, the app closed). */
      if (isnan (point->y))
        {
          drawing = FALSE;
          continue;
        }
      if (drawing)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      drawing = TRUE;

      /* A point with no neighbour (the first rounds, a host back for a round) is a dot, or
       * it would not show. */
      alone = (i == 0 || isnan (series->points[i - 1].y)) &&
              (i + 1 == series->n_points || isnan (series->points[i + 1].y));
      if (alone)
        {
          cairo_new_sub_path (cr);
          cairo_arc (cr, x, y, 1.5, 0, 2 * G_PI);
          cairo_new_sub_path (cr);
        }
    }
  cairo_stroke (cr);
}

/* Grid, labels, thresholds and lines: what changes only with the data or the size. */
static GskRenderNode *
build_plot (TakeoverChart *self)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(PangoLayout) title = make_layout (self, self->title, FALSE);
  static const char * const line_colors[] = { "accent_color", "purple_3", "orange_3", "green_4",
                                              "blue_2", "yellow_4" };
  GdkRGBA text = text_color (self, 1.0);
  GdkRGBA dim = text_color (self, 0.55);
  GdkRGBA grid = text_color (self, 0.12);
  graphene_rect_t area;
  cairo_t *cr;

  plot_area (self, &area);
  append_text (snapshot, title, area.origin.x, PAD, &text);

  for (guint i = 0; i < self->value_ticks.n_ticks; i++)
    {
      double value = self->value_ticks.first + i * self->value_ticks.step;
      double y = area.origin.y + area.size.height *
                 (1 - (value - self->value_ticks.min) /
                      MAX (self->value_ticks.max - self->value_ticks.min, 1e-12));
      g_autofree char *label_text = format_value (self, fabs (value) < 1e-12 ? 0 : value);
      g_autoptr(PangoLayout) label = make_layout (self, label_text, TRUE);
      int width, height;

      pango_layout_get_pixel_size (label, &width, &height);
      append_text (snapshot, label, area.origin.x - PAD - width, y - height / 2.0, &dim);
      gtk_snapshot_append_color (snapshot, &grid,
                                 &GRAPHENE_RECT_INIT (area.origin.x, (float) round (y),
                                                      area.size.width, 1));
    }

  for (guint i = 0; i < self->time_ticks.n_ticks; i++)
    {
      gint64 time = (gint64) self->time_ticks.first + (gint64) i * (gint64) self->time_ticks.step;
      double x = area.origin.x + area.size.width * (double) (time - self->start) /
                                 (double) MAX (self->end - self->start, 1);
      g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (time);
      /* Days apart: the date; within a day: the time. */
      g_autofree char *label_text = g_date_time_format (local, self->time_ticks.step >= 86400
                                                               ? "%x" : "%H:%M");
      g_autoptr(PangoLayout) label = make_layout (self, label_text, TRUE);
      int width;

      pango_layout_get_pixel_size (label, &width, NULL);
      append_text (snapshot, label, x - width / 2.0,
                   area.origin.y + area.size.height + PAD, &dim);
      gtk_snapshot_append_color (snapshot, &grid,
                                 &GRAPHENE_RECT_INIT ((float) round (x), area.origin.y, 1,
                                                      area.size.height));
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0,
                                                                 gtk_widget_get_width (GTK_WIDGET (self)),
                                                                 gtk_widget_get_height (GTK_WIDGET (self))));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  /* Thresholds: dashed, in the warning and error colours. */
  for (guint t = 0; t < 2; t++)
    {
      double value = t == 0 ? self->warning : self->critical;
      GdkRGBA color = named_color (self, t == 0 ? "warning_color" : "error_color",
                                   t == 0 ? "#ae7b03" : "#c01c28");
      double dash[] = { 4, 4 };
      double y;

      if (isnan (value) || value < self->value_ticks.min || value > self->value_ticks.max)
        continue;
      y = area.origin.y + area.size.height *
          (1 - (value - self->value_ticks.min) / (self->value_ticks.max - self->value_ticks.min));
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_set_line_width (cr, 1);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_move_to (cr, area.origin.x, round (y) + 0.5);
      cairo_line_to (cr, area.origin.x + area.size.width, round (y) + 0.5);
      cairo_stroke (cr);
    }
  cairo_set_dash (cr, NULL, 0, 0);

  for (guint s = 0; s < self->series->len; s++)
    {
      GdkRGBA color = named_color (self, line_colors[s % G_N_ELEMENTS (line_colors)],
                                   "#3584e4");

      gdk_cairo_set_source_rgba (cr, &color);
      cairo_set_line_width (cr, 2);
      draw_line (cr, g_ptr_array_index (self->series, s), &area);
    }
  cairo_destroy (cr);

  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

/* Under the pointer: a rule, and the first series' time and value there. */
static void
append_readout (TakeoverChart *self,
                GtkSnapshot   *snapshot)
{
  const Series *series;
  graphene_rect_t area;
  const TakeoverChartPoint *nearest = NULL;
  double x;
  gint64 time;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  g_autofree char *value = NULL;
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  GdkRGBA color = text_color (self, 1.0);
  GdkRGBA rule = text_color (self, 0.4);
  int width, height;

  if (self->pointer_x < 0 || self->series->len == 0)
    return;
  series = g_ptr_array_index (self->series, 0);
  plot_area (self, &area);
  x = (self->pointer_x - area.origin.x) / area.size.width;
  if (x < 0 || x > 1)
    return;

  for (guint i = 0; i < series->n_points; i++)
    if (!isnan (series->points[i].y) &&
        (nearest == NULL || fabs (series->points[i].x - x) < fabs (nearest->x - x)))
      nearest = &series->points[i];
  if (nearest == NULL)
    return;

  time = self->start + (gint64) llround (nearest->x * (double) (self->end - self->start));
  local = g_date_time_new_from_unix_local (time);
  when = g_date_time_format (local, self->end - self->start > 86400 ? "%x %H:%M" : "%H:%M:%S");
  value = format_value (self, self->value_ticks.min +
                              nearest->y * (self->value_ticks.max - self->value_ticks.min));
  text = g_strdup_printf ("%s  %s", when, value);
  layout = make_layout (self, text, TRUE);
  pango_layout_get_pixel_size (layout, &width, &height);

  x = area.origin.x + nearest->x * area.size.width;
  gtk_snapshot_append_color (snapshot, &rule,
                             &GRAPHENE_RECT_INIT ((float) round (x), area.origin.y, 1,
                                                  area.size.height));
  append_text (snapshot, layout,
               CLAMP (x + PAD, area.origin.x, area.origin.x + area.size.width - width),
               area.origin.y + PAD, &color);
}

static void
takeover_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  TakeoverChart *self = TAKEOVER_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (self->plot == NULL || width != self->plot_width || height != self->plot_height)
    {
      g_clear_pointer (&self->plot, gsk_render_node_unref);
      self->plot = build_plot (self);
      self->plot_width = width;
      self->plot_height = height;
    }
  if (self->plot != NULL)
    gtk_snapshot_append_node (snapshot, self->plot);
  append_readout (self, snapshot);
}

static void
takeover_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 140;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 180;
}

/* Light or dark: the colours are the style's, the picture is drawn again. */
static void
takeover_chart_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  TakeoverChart *self = TAKEOVER_CHART (widget);

  GTK_WIDGET_CLASS (takeover_chart_parent_class)->css_changed (widget, change);
  g_clear_pointer (&self->plot, gsk_render_node_unref);
  gtk_widget_queue_draw (widget);
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           TakeoverChart            *self)
{
  self->pointer_x = x;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GtkEventControllerMotion *motion,
          TakeoverChart            *self)
{
  self->pointer_x = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
takeover_chart_finalize (GObject *object)
{
  TakeoverChart *self = TAKEOVER_CHART (object);

  g_free (self->title);
  g_free (self->format);
  g_ptr_array_unref (self->series);
  g_free (self->summary);
  g_clear_pointer (&self->plot, gsk_render_node_unref);

  G_OBJECT_CLASS (takeover_chart_parent_class)->finalize (object);
}

static void
takeover_chart_class_init (TakeoverChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = takeover_chart_finalize;
  widget_class->snapshot = takeover_chart_snapshot;
  widget_class->measure = takeover_chart_measure;
  widget_class->css_changed = takeover_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
takeover_chart_init (TakeoverChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify) series_free);
  self->warning = self->critical = NAN;
  self->pointer_x = -1;
  self->end = g_get_real_time () / G_USEC_PER_SEC;
  self->start = self->end - 3600;
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

/* Public API -------------------------------------------------------------------------------- */

/**
 * takeover_chart_new:
 * @title: what the chart shows: "CPU", "Temperatures"
 * @format: a value with its unit, for the ticks and the readout: "%.0f%%", "%.1f GiB"
 */
GtkWidget *
takeover_chart_new (const char *title,
                    const char *format)
{
  TakeoverChart *self = g_object_new (TAKEOVER_TYPE_CHART, NULL);

  self->title = g_strdup (title);
  self->format = g_strdup (format);
  update_data (self);
  return GTK_WIDGET (self);
}

void
takeover_chart_set_range (TakeoverChart *self,
                          gint64         start,
                          gint64         end)
{
  g_return_if_fail (TAKEOVER_IS_CHART (self));
  g_return_if_fail (start < end);

  self->start = start;
  self->end = end;
  update_data (self);
}

/**
 * takeover_chart_add_series:
 * @label: the series' name: a sensor's, a NIC's
 * @scale: what each value is multiplied by (1 / 1048576 for KB as GiB)
 *
 * The series is copied.
 */
void
takeover_chart_add_series (TakeoverChart              *self,
                           const char                 *label,
                           const TakeoverMetricSeries *series,
                           double                      scale)
{
  Series *copy;

  g_return_if_fail (TAKEOVER_IS_CHART (self));
  g_return_if_fail (series != NULL);

  copy = g_new0 (Series, 1);
  copy->label = g_strdup (label);
  copy->start = series->start;
  copy->step = series->step;
  copy->n_values = series->n_values;
  copy->values = g_new (double, MAX (series->n_values, 1));
  for (guint i = 0; i < series->n_values; i++)
    copy->values[i] = series->values[i] * scale;
  g_ptr_array_add (self->series, copy);
  update_data (self);
}

void
takeover_chart_clear (TakeoverChart *self)
{
  g_return_if_fail (TAKEOVER_IS_CHART (self));

  g_ptr_array_set_size (self->series, 0);
  update_data (self);
}

/**
 * takeover_chart_set_thresholds:
 * @warning: NAN for none
 * @critical: NAN for none
 */
void
takeover_chart_set_thresholds (TakeoverChart *self,
                               double         warning,
                               double         critical)
{
  g_return_if_fail (TAKEOVER_IS_CHART (self));

  self->warning = warning;
  self->critical = critical;
  update_data (self);
}

guint
takeover_chart_get_n_series (TakeoverChart *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CHART (self), 0);

  return self->series->len;
}

/**
 * takeover_chart_get_summary:
 *
 * Returns: the sentence screen readers read for the chart
 */
const char *
takeover_chart_get_summary (TakeoverChart *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CHART (self), NULL);

  return self->summary;
}
