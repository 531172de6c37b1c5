/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "takeover-wizard-page.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_PROBE_PAGE (takeover_probe_page_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverProbePage, takeover_probe_page, TAKEOVER, PROBE_PAGE, TakeoverWizardPage)

TakeoverProbePage *takeover_probe_page_new          (TakeoverSession   *session);
guint              takeover_probe_page_get_n_failed (TakeoverProbePage *self);
void               takeover_probe_page_start        (TakeoverProbePage *self);
void               takeover_probe_page_retry_failed (TakeoverProbePage *self);
void               takeover_probe_page_stop         (TakeoverProbePage *self);

G_END_DECLS
