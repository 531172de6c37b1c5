/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "takeover-cloud-config.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_CLOUD_FORM (takeover_cloud_form_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverCloudForm, takeover_cloud_form, TAKEOVER, CLOUD_FORM, AdwPreferencesGroup)

GtkWidget           *takeover_cloud_form_new            (void);
gboolean             takeover_cloud_form_get_valid      (TakeoverCloudForm    *self);
void                 takeover_cloud_form_focus          (TakeoverCloudForm    *self);
gboolean             takeover_cloud_form_get_loading    (TakeoverCloudForm    *self);
const char          *takeover_cloud_form_get_problem    (TakeoverCloudForm    *self);
char                *takeover_cloud_form_dup_name       (TakeoverCloudForm    *self);
char                *takeover_cloud_form_dup_saved_name (TakeoverCloudForm    *self);
TakeoverCloudConfig *takeover_cloud_form_build          (TakeoverCloudForm    *self,
                                                         GError              **error);
void                 takeover_cloud_form_save_async     (TakeoverCloudForm    *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean             takeover_cloud_form_save_finish    (TakeoverCloudForm    *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
