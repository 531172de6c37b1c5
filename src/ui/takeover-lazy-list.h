/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void               takeover_lazy_list_bind      (GtkColumnView *view,
                                                 GtkSelectionModel *model);
GtkSelectionModel *takeover_lazy_list_get_model (GtkColumnView *view);

G_END_DECLS
