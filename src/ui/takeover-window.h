/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "takeover-adopt-page.h"
#include "takeover-application.h"
#include "takeover-cloud-page.h"
#include "takeover-inventory.h"
#include "takeover-prepare-page.h"
#include "takeover-probe-page.h"
#include "takeover-session.h"
#include "takeover-summary-page.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_WINDOW (takeover_window_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverWindow, takeover_window, TAKEOVER, WINDOW, AdwApplicationWindow)

TakeoverWindow    *takeover_window_new           (TakeoverApplication *application);
TakeoverSession   *takeover_window_get_session   (TakeoverWindow      *self);
TakeoverProbePage *takeover_window_get_probe_page (TakeoverWindow     *self);
TakeoverCloudPage *takeover_window_get_cloud_page (TakeoverWindow     *self);
TakeoverPreparePage *takeover_window_get_prepare_page (TakeoverWindow *self);
TakeoverAdoptPage *takeover_window_get_adopt_page (TakeoverWindow     *self);
TakeoverSummaryPage *takeover_window_get_summary_page (TakeoverWindow *self);
TakeoverInventory *takeover_window_get_inventory (TakeoverWindow      *self);
gboolean           takeover_window_get_loading   (TakeoverWindow      *self);
gboolean           takeover_window_is_empty      (TakeoverWindow      *self);
void               takeover_window_open          (TakeoverWindow      *self,
                                                  GFile               *file);
gboolean           takeover_window_offer_resume  (TakeoverWindow      *self);

G_END_DECLS
