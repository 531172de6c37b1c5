/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "takeover-cloud.h"

G_BEGIN_DECLS

/* The shape shared by the small service clients (Keystone, Nova, Neutron, Glance): one request
 * on a TakeoverCloud whose GTask, owned by @source_object and tagged @source_tag, returns
 *   - for _object: the answer's member @member (a JsonObject, referenced), or the whole answer
 *     when @member is NULL;
 *   - for _list: every JsonObject of the collection @key, all pages (a GPtrArray);
 *   - for _none: TRUE once the server accepted the request (the answer is ignored). */
void        _takeover_service_object_async  (gpointer                    source_object,
                                             gpointer                    source_tag,
                                             TakeoverCloud              *cloud,
                                             const TakeoverCloudService *service,
                                             const char                 *method,
                                             const char                 *path,
                                             JsonNode                   *body,
                                             const char                 *member,
                                             GCancellable               *cancellable,
                                             GAsyncReadyCallback         callback,
                                             gpointer                    user_data);
JsonObject *_takeover_service_object_finish (GAsyncResult               *result,
                                             GError                    **error);
void        _takeover_service_list_async    (gpointer                    source_object,
                                             gpointer                    source_tag,
                                             TakeoverCloud              *cloud,
                                             const TakeoverCloudService *service,
                                             const char                 *path,
                                             const char                 *key,
                                             const char                 *needs_microversion,
                                             GCancellable               *cancellable,
                                             GAsyncReadyCallback         callback,
                                             gpointer                    user_data);
GPtrArray  *_takeover_service_list_finish   (GAsyncResult               *result,
                                             GError                    **error);
void        _takeover_service_none_async    (gpointer                    source_object,
                                             gpointer                    source_tag,
                                             TakeoverCloud              *cloud,
                                             const TakeoverCloudService *service,
                                             const char                 *method,
                                             const char                 *path,
                                             JsonNode                   *body,
                                             GCancellable               *cancellable,
                                             GAsyncReadyCallback         callback,
                                             gpointer                    user_data);
gboolean    _takeover_service_none_finish   (GAsyncResult               *result,
                                             GError                    **error);

/* Wraps @object as {"@member": @object} for a request body; @object is referenced. */
JsonNode   *_takeover_service_wrap          (const char                 *member,
                                             JsonObject                 *object);

G_END_DECLS
