/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "takeover-wizard-page.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_CLOUD_PAGE (takeover_cloud_page_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverCloudPage, takeover_cloud_page, TAKEOVER, CLOUD_PAGE, TakeoverWizardPage)

TakeoverCloudPage *takeover_cloud_page_new       (TakeoverSession   *session);
gboolean           takeover_cloud_page_get_ready (TakeoverCloudPage *self);
void               takeover_cloud_page_reload    (TakeoverCloudPage *self);
gboolean           takeover_cloud_page_select    (TakeoverCloudPage *self,
                                                  const char        *name);
void               takeover_cloud_page_check     (TakeoverCloudPage *self);

G_END_DECLS
