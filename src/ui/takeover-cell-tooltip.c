/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-cell-tooltip"

#include "config.h"

#include "takeover-cell-tooltip.h"

/* A list cell's tooltip, given as its text changes and shown only when asked for.
 *
 * gtk_widget_set_tooltip_text() asks the display where the pointer is, at once, each time it
 * is called (GTK 4.8, gtk_widget_trigger_tooltip_query(): on X11 a round trip to the server).
 * A list whose rows follow a thousand hosts' steps calls it for every step of every host on
 * screen: bench/ui measured stalls of 2 s at the start of an adoption of 200 hosts. Here the
 * text is only kept, and the "query-tooltip" handler hands it to GTK when the pointer rests on
 * the cell. */

#define TOOLTIP_KEY "takeover-cell-tooltip"

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip)
{
  const char *text = g_object_get_data (G_OBJECT (widget), TOOLTIP_KEY);

  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/**
 * takeover_cell_tooltip_set:
 * @text: (nullable): the tooltip, or %NULL for none
 */
void
takeover_cell_tooltip_set (GtkWidget  *widget,
                           const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (g_object_get_data (G_OBJECT (widget), "takeover-cell-tooltip-connected") == NULL)
    {
      g_object_set_data (G_OBJECT (widget), "takeover-cell-tooltip-connected",
                         GINT_TO_POINTER (TRUE));
      g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
      gtk_widget_set_has_tooltip (widget, TRUE);
    }

  g_object_set_data_full (G_OBJECT (widget), TOOLTIP_KEY, g_strdup (text), g_free);
}
