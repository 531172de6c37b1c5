/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A row-sized line of the last values, from zero up (a load of 0.1 looks low), drawn once per
 * data and size. */

#define TAKEOVER_TYPE_SPARKLINE (takeover_sparkline_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverSparkline, takeover_sparkline, TAKEOVER, SPARKLINE, GtkWidget)

GtkWidget *takeover_sparkline_new        (void);
void       takeover_sparkline_set_values (TakeoverSparkline *self,
                                          const double      *values,
                                          guint              n_values,
                                          guint              capacity);

G_END_DECLS
