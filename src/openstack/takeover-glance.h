/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "takeover-cloud.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_GLANCE (takeover_glance_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverGlance, takeover_glance, TAKEOVER, GLANCE, GObject)

/* The Image (Glance) API, v2: the small blank image that adopted nodes name as image_source.
 * Images are JsonObjects as the API documents them (id, name, status, size, checksum, …). */

TakeoverGlance *takeover_glance_new                  (TakeoverCloud        *cloud);
TakeoverCloud  *takeover_glance_get_cloud            (TakeoverGlance       *self);
/* GET /v2/images?name=@name (and &owner=@owner when not NULL), every page: a GPtrArray of
 * JsonObject. */
void            takeover_glance_list_images_async    (TakeoverGlance       *self,
                                                      const char           *name,
                                                      const char           *owner,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
GPtrArray      *takeover_glance_list_images_finish   (TakeoverGlance       *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
/* POST /v2/images with @fields (name, disk_format, container_format, visibility, owner, …):
 * the new image, status "queued". */
void            takeover_glance_create_image_async   (TakeoverGlance       *self,
                                                      JsonObject           *fields,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
JsonObject     *takeover_glance_create_image_finish  (TakeoverGlance       *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
/* GET /v2/images/@image_id; a missing one is TAKEOVER_CLOUD_ERROR_NOT_FOUND. */
void            takeover_glance_get_image_async      (TakeoverGlance       *self,
                                                      const char           *image_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
JsonObject     *takeover_glance_get_image_finish     (TakeoverGlance       *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
/* PUT /v2/images/@image_id/file with @data, then polls (with backoff, at most @timeout_seconds)
 * until the image is "active", and checks that Glance's checksum (MD5) and os_hash_value
 * (SHA-512) are those of @data: the active image. An image that ends "killed", "deleted" or
 * "deactivated" is TAKEOVER_CLOUD_ERROR_STATE; a wrong checksum TAKEOVER_CLOUD_ERROR_FAILED. */
void            takeover_glance_upload_async         (TakeoverGlance       *self,
                                                      const char           *image_id,
                                                      GBytes               *data,
                                                      guint                 timeout_seconds,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
JsonObject     *takeover_glance_upload_finish        (TakeoverGlance       *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

G_END_DECLS
