/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "takeover-sparkline.h"

/* See the header. The newest value is at the right edge; fewer values than @capacity leave the
 * left part empty, so that lines of hosts watched for different times line up in time. */

struct _TakeoverSparkline
{
  GtkWidget      parent_instance;

  double        *values;
  guint          n_values;
  guint          capacity;
  GskRenderNode *node;
  int            node_width;
  int            node_height;
};

G_DEFINE_FINAL_TYPE (TakeoverSparkline, takeover_sparkline, GTK_TYPE_WIDGET)

static GskRenderNode *
build_node (TakeoverSparkline *self,
            int                width,
            int                height)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  GdkRGBA color;
  double max = 1;
  gboolean drawing = FALSE;
  cairo_t *cr;

  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)),
                                       "accent_color", &color))
    gdk_rgba_parse (&color, "#3584e4");
  for (guint i = 0; i < self->n_values; i++)
    if (!isnan (self->values[i]))
      max = MAX (max, self->values[i]);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_set_line_width (cr, 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < self->n_values; i++)
    {
      double x = (width - 2) * (double) (self->capacity - self->n_values + i) /
                 MAX (self->capacity - 1, 1) + 1;
      double y;

      if (isnan (self->values[i]))
        {
          drawing = FALSE;
          continue;
        }
      y = 1 + (height - 2) * (1 - self->values[i] / max);
      if (drawing)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      drawing = TRUE;
    }
  cairo_stroke (cr);
  cairo_destroy (cr);
  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

static void
takeover_sparkline_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  TakeoverSparkline *self = TAKEOVER_SPARKLINE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (self->n_values < 2)
    return;
  if (self->node == NULL || width != self->node_width || height != self->node_height)
    {
      g_clear_pointer (&self->node, gsk_render_node_unref);
      self->node = build_node (self, width, height);
      self->node_width = width;
      self->node_height = height;
    }
  if (self->node != NULL)
    gtk_snapshot_append_node (snapshot, self->node);
}

static void
takeover_sparkline_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 80 : 18;
}

static void
takeover_sparkline_css_changed (GtkWidget         *widget,
                                GtkCssStyleChange *change)
{
  TakeoverSparkline *self = TAKEOVER_SPARKLINE (widget);

  GTK_WIDGET_CLASS (takeover_sparkline_parent_class)->css_changed (widget, change);
  g_clear_pointer (&self->node, gsk_render_node_unref);
  gtk_widget_queue_draw (widget);
}

static void
takeover_sparkline_finalize (GObject *object)
{
  TakeoverSparkline *self = TAKEOVER_SPARKLINE (object);

  g_free (self->values);
  g_clear_pointer (&self->node, gsk_render_node_unref);

  G_OBJECT_CLASS (takeover_sparkline_parent_class)->finalize (object);
}

static void
takeover_sparkline_class_init (TakeoverSparklineClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = takeover_sparkline_finalize;
  widget_class->snapshot = takeover_sparkline_snapshot;
  widget_class->measure = takeover_sparkline_measure;
  widget_class->css_changed = takeover_sparkline_css_changed;
  gtk_widget_class_set_css_name (widget_class, "sparkline");
  /* The figure beside it says the value: the line is decoration for a screen reader. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
takeover_sparkline_init (TakeoverSparkline *self)
{
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

GtkWidget *
takeover_sparkline_new (void)
{
  return g_object_new (TAKEOVER_TYPE_SPARKLINE, NULL);
}

/**
 * takeover_sparkline_set_values:
 * @values: (array length=n_values): oldest first
 * @capacity: how many values the line's width stands for
 */
void
takeover_sparkline_set_values (TakeoverSparkline *self,
                               const double      *values,
                               guint              n_values,
                               guint              capacity)
{
  g_return_if_fail (TAKEOVER_IS_SPARKLINE (self));

  g_free (self->values);
  self->values = g_memdup2 (values, n_values * sizeof (double));
  self->n_values = n_values;
  self->capacity = MAX (capacity, n_values);
  g_clear_pointer (&self->node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
