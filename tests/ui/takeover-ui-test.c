/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "takeover-ui-test.h"

static gboolean
time_out_cb (gpointer data)
{
  g_error ("a wait of the test passed its %u s deadline", GPOINTER_TO_UINT (data));
  return G_SOURCE_REMOVE;
}

/**
 * takeover_ui_test_iterate_until:
 *
 * Runs the main context until @condition holds, failing the test after @seconds: a guard
 * against a hang, not a performance figure.
 */
void
takeover_ui_test_iterate_until (TakeoverUiTestCondition condition,
                                gpointer                data,
                                guint                   seconds)
{
  guint timeout = g_timeout_add_seconds (seconds, time_out_cb, GUINT_TO_POINTER (seconds));

  while (!condition (data))
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (timeout);
}

/* A condition: the pointer at @location was cleared (by a weak pointer). */
gboolean
takeover_ui_test_is_null (gpointer location)
{
  return *(gpointer *) location == NULL;
}

/* A condition: the pointer at @location was set (by takeover_ui_test_store_result()). */
gboolean
takeover_ui_test_is_set (gpointer location)
{
  return *(gpointer *) location != NULL;
}

/* A GAsyncReadyCallback that keeps the result at @location, a GAsyncResult *. */
void
takeover_ui_test_store_result (GObject      *object,
                               GAsyncResult *result,
                               gpointer      location)
{
  *(GAsyncResult **) location = g_object_ref (result);
}

/**
 * takeover_ui_test_delete_node:
 * @node: a name or UUID; a node that does not exist is fine
 *
 * Takes @node out of Ironic, into maintenance first so that no teardown runs.
 */
void
takeover_ui_test_delete_node (TakeoverIronic *ironic,
                              const char     *node,
                              guint           seconds)
{
  g_autoptr(JsonArray) patch = json_array_new ();
  g_autoptr(GAsyncResult) updated = NULL;
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;

  takeover_json_patch_append (patch, "replace", "/maintenance",
                              json_node_init_boolean (json_node_alloc (), TRUE));
  takeover_ironic_update_node_async (ironic, node, patch, NULL, takeover_ui_test_store_result,
                                     &updated);
  takeover_ui_test_iterate_until (takeover_ui_test_is_set, &updated, seconds);
  object = takeover_ironic_update_node_finish (ironic, updated, &error);
  if (g_error_matches (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_NOT_FOUND))
    return;
  g_assert_no_error (error);

  takeover_ironic_delete_node_async (ironic, node, NULL, takeover_ui_test_store_result, &deleted);
  takeover_ui_test_iterate_until (takeover_ui_test_is_set, &deleted, seconds);
  g_assert_true (takeover_ironic_delete_node_finish (ironic, deleted, &error));
  g_assert_no_error (error);
}

/**
 * takeover_ui_test_find:
 * @accept: (nullable): a further test, given @data
 *
 * Returns: (transfer none) (nullable): the first widget of @type, depth first under and
 *   including @widget, that @accept (if given) says yes to
 */
GtkWidget *
takeover_ui_test_find (GtkWidget            *widget,
                       GType                 type,
                       TakeoverUiTestAccept  accept,
                       gconstpointer         data)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (accept == NULL || accept (widget, data)))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = takeover_ui_test_find (child, type, accept, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/**
 * takeover_ui_test_destroy_window:
 *
 * Closes @window and waits until it is finalized: a window kept alive by a leaked reference
 * fails the test.
 */
void
takeover_ui_test_destroy_window (GtkWindow *window,
                                 guint      seconds)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (window);
  takeover_ui_test_iterate_until (takeover_ui_test_is_null, &window, seconds);
}

/**
 * takeover_ui_test_is_row_titled:
 * @title: a row's title as set, mnemonic underscore included ("P_roject")
 *
 * A #TakeoverUiTestAccept for takeover_ui_test_find(): a visible preferences row (action,
 * entry, combo or expander row) of that title.
 */
gboolean
takeover_ui_test_is_row_titled (GtkWidget     *widget,
                                gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}
