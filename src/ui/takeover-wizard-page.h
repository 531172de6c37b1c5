/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "takeover-session.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_WIZARD_PAGE (takeover_wizard_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (TakeoverWizardPage, takeover_wizard_page, TAKEOVER, WIZARD_PAGE, AdwBin)

/* What every step of the wizard is: a page bound to the window's session. */
struct _TakeoverWizardPageClass
{
  AdwBinClass parent_class;
};

TakeoverSession *takeover_wizard_page_get_session (TakeoverWizardPage *self);

G_END_DECLS
