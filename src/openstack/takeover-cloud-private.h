/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "takeover-cloud.h"

G_BEGIN_DECLS

/* The server's own message in an error answer's @body: Ironic's faultstring (JSON inside
 * JSON), Nova's {"itemNotFound": {"message"}}, Neutron's {"NeutronError": {"message"}},
 * Keystone's {"error": {"message"}}, Placement's {"errors": [{"detail"}]}, or plain text and
 * HTML folded to one line. NULL for an empty body. */
char     *_takeover_cloud_server_message (GBytes              *body);

/* Waits @seconds on the thread-default main context; fails with G_IO_ERROR_CANCELLED as soon
 * as @cancellable is cancelled. @name names the timeout source for profilers. */
void      _takeover_sleep_async           (double               seconds,
                                           const char          *name,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean  _takeover_sleep_finish          (GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
