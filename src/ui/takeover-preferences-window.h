/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TAKEOVER_TYPE_PREFERENCES_WINDOW (takeover_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverPreferencesWindow, takeover_preferences_window, TAKEOVER, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *takeover_preferences_window_new (GtkWindow *parent);

G_END_DECLS
