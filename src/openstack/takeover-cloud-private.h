/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "takeover-cloud.h"

G_BEGIN_DECLS

/* The server's own message in an error answer's @body: Ironic's faultstring (JSON inside
 * JSON), Nova's {"itemNotFound": {"message"}}, Neutron's {"NeutronError": {"message"}},
 * Keystone's {"error": {"message"}}, Placement's {"errors": [{"detail"}]}, or plain text and
 * HTML folded to one line. NULL for an empty body. */
char *_takeover_cloud_server_message (GBytes *body);

G_END_DECLS
