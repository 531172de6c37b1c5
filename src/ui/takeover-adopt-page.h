/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "takeover-wizard-page.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_ADOPT_PAGE (takeover_adopt_page_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverAdoptPage, takeover_adopt_page, TAKEOVER, ADOPT_PAGE, TakeoverWizardPage)

TakeoverAdoptPage *takeover_adopt_page_new        (TakeoverSession   *session);
void               takeover_adopt_page_confirm    (TakeoverAdoptPage *self);
void               takeover_adopt_page_start      (TakeoverAdoptPage *self);
void               takeover_adopt_page_stop       (TakeoverAdoptPage *self);
void               takeover_adopt_page_toggle_pause (TakeoverAdoptPage *self);

G_END_DECLS
