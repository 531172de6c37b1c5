/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "takeover-cloud-config.h"
#include "takeover-cloud-error.h"

G_BEGIN_DECLS

/* TakeoverCloud is the session with one cloud: it authenticates (Keystone v3 token with its
 * catalog, an application credential, HTTP basic, or nothing for a standalone Ironic), picks
 * each service's endpoint by service type, interface and region, discovers each service's API
 * versions, negotiates microversions, and sends JSON requests with retries. All HTTP goes
 * through one process-wide SoupSession on the main context (see
 * takeover_cloud_get_soup_session()); every call must be made from the main thread.
 *
 * Adding a service client (Keystone, Nova, Neutron, Glance, Gnocchi, …) is one small file
 * takeover-<service>.{c,h}:
 *   1. describe the service once, statically:
 *        static const TakeoverCloudService nova_service = {
 *          .service_type = "compute", .version_path = "v2.1",
 *          .microversion_header = "OpenStack-API-Version", .microversion_name = "compute",
 *          .min_microversion = "2.1", .max_microversion = "2.79",
 *        };
 *   2. a final GObject that holds a ref on the TakeoverCloud (takeover_nova_new (cloud));
 *   3. each call is one line on the helpers of takeover-service-private.h, e.g.
 *      _takeover_service_object_async (self, tag, cloud, &nova_service, "GET", "/flavors/x",
 *      NULL, "flavor", …) built on takeover_cloud_request_async() and
 *      takeover_cloud_request_list_async() (collections with paging); see takeover-ironic.c.
 * Auth, endpoint, version header, retries, timeouts, errors and debug logging are all handled
 * here, so a service file contains only paths and JSON. */

#define TAKEOVER_TYPE_CLOUD          (takeover_cloud_get_type ())
#define TAKEOVER_TYPE_CLOUD_ENDPOINT (takeover_cloud_endpoint_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverCloud, takeover_cloud, TAKEOVER, CLOUD, GObject)

/* A static description of one OpenStack service API, as a client file knows it. */
typedef struct
{
  /* The catalog's service type, e.g. "baremetal", "compute", "network", "image". */
  const char *service_type;
  /* The versioned API's path component, appended to an unversioned endpoint ("v1", "v2.1",
   * "v2.0", "v2", "v3"); when the catalog's URL already ends in a version, it is used as is. */
  const char *version_path;
  /* Microversions: the header ("X-OpenStack-Ironic-API-Version", or "OpenStack-API-Version"
   * whose value is "<microversion_name> <version>"), and the range this client understands.
   * NULL header: the service has no microversions and no header is sent. */
  const char *microversion_header;
  const char *microversion_name;
  const char *min_microversion;
  const char *max_microversion;
} TakeoverCloudService;

/* What the session found for a service: its endpoint and its API versions. */
typedef struct
{
  char *service_type;
  char *interface;
  char *region;        /* NULL when the catalog gives none or for an override */
  char *url;           /* as in the catalog or the override */
  char *versioned_url; /* the URL requests are relative to (url + version_path) */
  char *min_version;   /* the server's, NULL when it does not say or has no microversions */
  char *max_version;
  char *microversion;  /* what the session sends: min(max_version, client's max, the cloud's
                        * <service>_api_version pin) */
} TakeoverCloudEndpoint;

GType                   takeover_cloud_endpoint_get_type   (void) G_GNUC_CONST;
TakeoverCloudEndpoint  *takeover_cloud_endpoint_copy       (const TakeoverCloudEndpoint *endpoint);
void                    takeover_cloud_endpoint_free       (TakeoverCloudEndpoint       *endpoint);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TakeoverCloudEndpoint, takeover_cloud_endpoint_free)

typedef enum
{
  TAKEOVER_CLOUD_REQUEST_NONE       = 0,
  /* Fail on the first 409/503/reset instead of retrying. */
  TAKEOVER_CLOUD_REQUEST_NO_RETRY   = 1 << 0,
} TakeoverCloudRequestFlags;

/* Signal "request-finished" (method, url, status, duration in ms, the request's GCancellable
 * or NULL) is emitted for each HTTP exchange, retries and redirects followed included (each
 * with the URL it asked), for audit logs; status 0 means no answer. No secrets in it. */

/* Compares microversions "1.82" and "1.9" numerically: <0, 0, >0. */
int                     takeover_microversion_compare      (const char                *a,
                                                            const char                *b);

/* The process-wide SoupSession every TakeoverCloud uses (created on first use). */
SoupSession            *takeover_cloud_get_soup_session    (void);

TakeoverCloud          *takeover_cloud_new                 (TakeoverCloudConfig       *config);
TakeoverCloudConfig    *takeover_cloud_get_config          (TakeoverCloud             *self);
/* The whole-request timeout in seconds, retries included (default: the config's api_timeout,
 * else 60). */
double                  takeover_cloud_get_timeout         (TakeoverCloud             *self);
void                    takeover_cloud_set_timeout         (TakeoverCloud             *self,
                                                            double                     seconds);
/* How many times a 409 NodeLocked, a 503 or a reset connection is retried (default 6), and the
 * first backoff in seconds (default 0.5; doubled each time, jittered, capped at 10 s). */
guint                   takeover_cloud_get_max_retries     (TakeoverCloud             *self);
void                    takeover_cloud_set_max_retries     (TakeoverCloud             *self,
                                                            guint                      max_retries);
double                  takeover_cloud_get_retry_delay     (TakeoverCloud             *self);
void                    takeover_cloud_set_retry_delay     (TakeoverCloud             *self,
                                                            double                     seconds);

/* Authenticates now (requests otherwise do it on first use and renew the token themselves).
 * For auth types without Keystone this only checks the configuration. */
void                    takeover_cloud_authenticate_async  (TakeoverCloud             *self,
                                                            GCancellable              *cancellable,
                                                            GAsyncReadyCallback        callback,
                                                            gpointer                   user_data);
gboolean                takeover_cloud_authenticate_finish (TakeoverCloud             *self,
                                                            GAsyncResult              *result,
                                                            GError                   **error);
/* Whether the session holds a valid token (or, without Keystone, a checked configuration). */
gboolean                takeover_cloud_get_authenticated   (TakeoverCloud             *self);
/* After authentication: who we are (NULL for auth types without Keystone). */
const char             *takeover_cloud_get_user_id         (TakeoverCloud             *self);
const char             *takeover_cloud_get_user_name       (TakeoverCloud             *self);
const char             *takeover_cloud_get_project_id      (TakeoverCloud             *self);
const char             *takeover_cloud_get_project_name    (TakeoverCloud             *self);
/* When the current token expires, or NULL. */
GDateTime              *takeover_cloud_get_token_expiry    (TakeoverCloud             *self);
/* A sentence describing how the session authenticated, e.g. "password (Keystone v3) as admin
 * in project admin" or "none (standalone endpoints)". */
char                   *takeover_cloud_dup_auth_summary    (TakeoverCloud             *self);
/* After authentication: one endpoint per service type of the catalog (or of the overrides,
 * and baremetal for a standalone cloud's auth.endpoint), the one the session would use,
 * without version information. Sorted by service type. */
GPtrArray              *takeover_cloud_list_endpoints      (TakeoverCloud             *self);

/* Finds the endpoint of @service and discovers its versions (cached: once per session). Fails
 * with TAKEOVER_CLOUD_ERROR_VERSION when the server's range and the client's do not meet. */
void                    takeover_cloud_discover_async      (TakeoverCloud             *self,
                                                            const TakeoverCloudService *service,
                                                            GCancellable              *cancellable,
                                                            GAsyncReadyCallback        callback,
                                                            gpointer                   user_data);
TakeoverCloudEndpoint  *takeover_cloud_discover_finish     (TakeoverCloud             *self,
                                                            GAsyncResult              *result,
                                                            GError                   **error);

/* One JSON request. @path is relative to the service's versioned URL ("/nodes?fields=uuid"),
 * its parts already escaped (see takeover_cloud_escape()). @body is sent as JSON when not
 * NULL. @needs_microversion, when not NULL, is the lowest microversion the call needs: the
 * request fails with TAKEOVER_CLOUD_ERROR_VERSION before sending anything if the negotiated one
 * is lower. The answer is the parsed body, a JSON null node for an empty body (204, 202). */
void                    takeover_cloud_request_async       (TakeoverCloud             *self,
                                                            const TakeoverCloudService *service,
                                                            const char                *method,
                                                            const char                *path,
                                                            JsonNode                  *body,
                                                            const char                *needs_microversion,
                                                            TakeoverCloudRequestFlags  flags,
                                                            GCancellable              *cancellable,
                                                            GAsyncReadyCallback        callback,
                                                            gpointer                   user_data);
JsonNode               *takeover_cloud_request_finish      (TakeoverCloud             *self,
                                                            GAsyncResult              *result,
                                                            GError                   **error);

/* GET of a collection "@path" whose answer is {"<key>": [...], "next": "...?marker=..."}
 * (Ironic, Nova's and Neutron's links work the same way): follows the markers until the end,
 * or until @limit objects (0: no limit). The result is a GPtrArray of JsonObject. */
void                    takeover_cloud_request_list_async  (TakeoverCloud             *self,
                                                            const TakeoverCloudService *service,
                                                            const char                *path,
                                                            const char                *key,
                                                            guint                      limit,
                                                            const char                *needs_microversion,
                                                            GCancellable              *cancellable,
                                                            GAsyncReadyCallback        callback,
                                                            gpointer                   user_data);
GPtrArray              *takeover_cloud_request_list_finish (TakeoverCloud             *self,
                                                            GAsyncResult              *result,
                                                            GError                   **error);

/* Raw body (e.g. Glance image upload): @bytes sent as application/octet-stream; the answer's
 * JSON (or null) as for takeover_cloud_request_async(). */
void                    takeover_cloud_request_bytes_async (TakeoverCloud             *self,
                                                            const TakeoverCloudService *service,
                                                            const char                *method,
                                                            const char                *path,
                                                            GBytes                    *bytes,
                                                            const char                *needs_microversion,
                                                            GCancellable              *cancellable,
                                                            GAsyncReadyCallback        callback,
                                                            gpointer                   user_data);
JsonNode               *takeover_cloud_request_bytes_finish (TakeoverCloud            *self,
                                                            GAsyncResult              *result,
                                                            GError                   **error);

/* Escapes one path segment or query value. */
char                   *takeover_cloud_escape              (const char                *text);
/* Appends a JSON-patch operation ("add", "replace", "remove") to @patch; @value is consumed,
 * NULL for "remove". */
void                    takeover_json_patch_append         (JsonArray                 *patch,
                                                            const char                *op,
                                                            const char                *path,
                                                            JsonNode                  *value);

G_END_DECLS
