/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "takeover-inventory.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_HOST_DIALOG (takeover_host_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverHostDialog, takeover_host_dialog, TAKEOVER, HOST_DIALOG, AdwWindow)

GtkWidget    *takeover_host_dialog_new      (GtkWindow          *parent,
                                             TakeoverInventory  *inventory,
                                             TakeoverHost       *host);
TakeoverHost *takeover_host_dialog_get_host (TakeoverHostDialog *self);
gboolean      takeover_host_dialog_save     (TakeoverHostDialog *self);

G_END_DECLS
