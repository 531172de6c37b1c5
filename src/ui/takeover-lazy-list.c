/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-lazy-list"

#include "config.h"

#include "takeover-lazy-list.h"

/* A column view that holds rows only while it is on screen.
 *
 * A GtkColumnView that is not shown still makes rows for its model, up to a couple of hundred,
 * and keeps them bound (GTK 4.8): the wizard's hidden steps each held 200 rows of a 1,000-host
 * list, which followed every host's probe and adoption meanwhile. bench/ui counted 15,000
 * widgets in the window after a run, and each cell's new text asked for a new layout of the
 * whole window. Here the view is given its model when it is mapped and loses it when it is
 * unmapped; the model itself, with its selection, lives on. */

#define MODEL_KEY "takeover-lazy-list-model"

static void
map_cb (GtkColumnView *view)
{
  gtk_column_view_set_model (view, g_object_get_data (G_OBJECT (view), MODEL_KEY));
}

static void
unmap_cb (GtkColumnView *view)
{
  gtk_column_view_set_model (view, NULL);
}

/**
 * takeover_lazy_list_bind:
 * @model: the rows to show while @view is on screen
 *
 * Shows @model in @view whenever @view is mapped, and nothing meanwhile.
 */
void
takeover_lazy_list_bind (GtkColumnView     *view,
                         GtkSelectionModel *model)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));
  g_return_if_fail (GTK_IS_SELECTION_MODEL (model));

  if (g_object_get_data (G_OBJECT (view), MODEL_KEY) == NULL)
    {
      g_signal_connect (view, "map", G_CALLBACK (map_cb), NULL);
      g_signal_connect (view, "unmap", G_CALLBACK (unmap_cb), NULL);
    }
  g_object_set_data_full (G_OBJECT (view), MODEL_KEY, g_object_ref (model), g_object_unref);
  gtk_column_view_set_model (view, gtk_widget_get_mapped (GTK_WIDGET (view)) ? model : NULL);
}

/**
 * takeover_lazy_list_get_model:
 *
 * Returns: (transfer none): the model @view shows when on screen, whether it is or not
 */
GtkSelectionModel *
takeover_lazy_list_get_model (GtkColumnView *view)
{
  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), NULL);

  return g_object_get_data (G_OBJECT (view), MODEL_KEY);
}
