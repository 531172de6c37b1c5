/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "takeover-cloud-error.h"

G_BEGIN_DECLS

/* Attaches the HTTP details to an error already in TAKEOVER_CLOUD_ERROR. */
void _takeover_cloud_error_set_details (GError     *error,
                                        guint       status,
                                        const char *method,
                                        const char *url,
                                        const char *server_message,
                                        const char *request_id);

G_END_DECLS
