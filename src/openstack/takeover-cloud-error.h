/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TAKEOVER_CLOUD_ERROR (takeover_cloud_error_quark ())

/* Every failure of the OpenStack layer is a GError in this domain, except cancellation, which
 * stays G_IO_ERROR_CANCELLED so that callbacks can ignore it the usual way. An error caused by an
 * HTTP answer also carries the status, the request and the server's own message (see the
 * accessors below); error->message is already a full sentence a person can act on. */
typedef enum
{
  TAKEOVER_CLOUD_ERROR_FAILED,            /* anything else */
  TAKEOVER_CLOUD_ERROR_CONFIG,            /* clouds.yaml/secure.yaml/OS_* unreadable or invalid */
  TAKEOVER_CLOUD_ERROR_CLOUD_NOT_FOUND,   /* no cloud of that name in any configuration */
  TAKEOVER_CLOUD_ERROR_CONNECT,           /* cannot reach the server (refused, DNS, TLS) */
  TAKEOVER_CLOUD_ERROR_TIMEOUT,           /* no answer within the configured timeout */
  TAKEOVER_CLOUD_ERROR_AUTH,              /* 401, or Keystone refused the credentials */
  TAKEOVER_CLOUD_ERROR_FORBIDDEN,         /* 403 */
  TAKEOVER_CLOUD_ERROR_NOT_FOUND,         /* 404 */
  TAKEOVER_CLOUD_ERROR_CONFLICT,          /* 409 other than a lock (duplicate name, MAC, state) */
  TAKEOVER_CLOUD_ERROR_LOCKED,            /* 409 NodeLocked, still locked after the retries */
  TAKEOVER_CLOUD_ERROR_NOT_ACCEPTABLE,    /* 406: the server refused the requested microversion */
  TAKEOVER_CLOUD_ERROR_BAD_REQUEST,       /* 400 and the other 4xx */
  TAKEOVER_CLOUD_ERROR_UNAVAILABLE,       /* 503 or connection resets, still after the retries */
  TAKEOVER_CLOUD_ERROR_SERVER,            /* other 5xx */
  TAKEOVER_CLOUD_ERROR_INVALID_RESPONSE,  /* the body is not the JSON the API documents */
  TAKEOVER_CLOUD_ERROR_NO_ENDPOINT,       /* no endpoint for a service type/interface/region */
  TAKEOVER_CLOUD_ERROR_VERSION,           /* the server's API is too old for what is asked */
  TAKEOVER_CLOUD_ERROR_STATE,             /* a wait ended in a failure state (see last_error) */
  TAKEOVER_CLOUD_ERROR_REDIRECT,          /* a redirect to another origin (refused), or a loop */
} TakeoverCloudError;

GQuark       takeover_cloud_error_quark              (void) G_GNUC_CONST;

/* Accessors for errors in TAKEOVER_CLOUD_ERROR; they return 0/NULL for other errors or when the
 * error did not come from an HTTP answer. The strings are borrowed from @error. */
guint        takeover_cloud_error_get_status         (const GError *error);
const char  *takeover_cloud_error_get_method         (const GError *error);
const char  *takeover_cloud_error_get_url            (const GError *error);
/* The server's own message (Ironic's faultstring, Nova's and Neutron's "message"), or for
 * TAKEOVER_CLOUD_ERROR_STATE the node's last_error. */
const char  *takeover_cloud_error_get_server_message (const GError *error);
/* The x-openstack-request-id of the failed request, to quote to the cloud's operator. */
const char  *takeover_cloud_error_get_request_id     (const GError *error);

/* TRUE when @error is in TAKEOVER_CLOUD_ERROR and came from an HTTP answer with @status. */
gboolean     takeover_cloud_error_has_status         (const GError *error,
                                                      guint         status);

G_END_DECLS
