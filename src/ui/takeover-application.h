/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TAKEOVER_TYPE_APPLICATION (takeover_application_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverApplication, takeover_application, TAKEOVER, APPLICATION,
                      AdwApplication)

TakeoverApplication *takeover_application_new (void);

G_END_DECLS
