/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "takeover-inventory.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_HOST_ROW (takeover_host_row_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverHostRow, takeover_host_row, TAKEOVER, HOST_ROW, GObject)

TakeoverHostRow  *takeover_host_row_new              (TakeoverInventory *inventory,
                                                      TakeoverHost      *host);
void              takeover_host_row_update_problems  (TakeoverHostRow   *self,
                                                      TakeoverInventory *inventory);
TakeoverHost     *takeover_host_row_get_host         (TakeoverHostRow   *self);
gboolean          takeover_host_row_get_has_problems (TakeoverHostRow   *self);
TakeoverSeverity  takeover_host_row_get_severity     (TakeoverHostRow   *self);
const char       *takeover_host_row_get_problems     (TakeoverHostRow   *self);
const char       *takeover_host_row_get_status       (TakeoverHostRow   *self);
gboolean          takeover_host_row_matches          (TakeoverHostRow   *self,
                                                      const char        *folded_text);
char             *takeover_host_row_format_counts    (guint              n_errors,
                                                      guint              n_warnings);

G_END_DECLS
