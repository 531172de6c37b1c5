/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "takeover-ironic.h"

G_BEGIN_DECLS

/* What the UI tests share: waiting with a deadline, finding a widget, closing a window. */

typedef gboolean (*TakeoverUiTestCondition) (gpointer data);
/* Says whether @widget is the one sought; @data is the caller's. */
typedef gboolean (*TakeoverUiTestAccept)    (GtkWidget     *widget,
                                             gconstpointer  data);

void       takeover_ui_test_iterate_until  (TakeoverUiTestCondition  condition,
                                            gpointer                 data,
                                            guint                    seconds);
gboolean   takeover_ui_test_is_null        (gpointer                 location);
gboolean   takeover_ui_test_is_row_titled  (GtkWidget               *widget,
                                            gconstpointer            title);
gboolean   takeover_ui_test_is_set         (gpointer                 location);
void       takeover_ui_test_store_result   (GObject                 *object,
                                            GAsyncResult            *result,
                                            gpointer                 location);
void       takeover_ui_test_delete_node    (TakeoverIronic          *ironic,
                                            const char              *node,
                                            guint                    seconds);
GtkWidget *takeover_ui_test_find           (GtkWidget               *widget,
                                            GType                    type,
                                            TakeoverUiTestAccept     accept,
                                            gconstpointer            data);
void       takeover_ui_test_destroy_window (GtkWindow               *window,
                                            guint                    seconds);

G_END_DECLS
