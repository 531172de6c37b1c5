/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "takeover-wizard-page.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_PREPARE_PAGE (takeover_prepare_page_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverPreparePage, takeover_prepare_page, TAKEOVER, PREPARE_PAGE, TakeoverWizardPage)

TakeoverPreparePage *takeover_prepare_page_new       (TakeoverSession     *session);
gboolean             takeover_prepare_page_get_ready (TakeoverPreparePage *self);
void                 takeover_prepare_page_plan      (TakeoverPreparePage *self);
void                 takeover_prepare_page_apply     (TakeoverPreparePage *self);

G_END_DECLS
