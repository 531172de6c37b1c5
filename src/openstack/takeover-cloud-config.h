/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define TAKEOVER_TYPE_CLOUD_CONFIG (takeover_cloud_config_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverCloudConfig, takeover_cloud_config, TAKEOVER, CLOUD_CONFIG, GObject)

/* How a cloud authenticates, as clouds.yaml's auth_type names it. */
typedef enum
{
  TAKEOVER_AUTH_PASSWORD,                  /* "password", "v3password": Keystone v3 */
  TAKEOVER_AUTH_TOKEN,                     /* "token", "v3token": an existing Keystone token */
  TAKEOVER_AUTH_APPLICATION_CREDENTIAL,    /* "v3applicationcredential" */
  TAKEOVER_AUTH_HTTP_BASIC,                /* "http_basic": standalone Ironic behind basic auth */
  TAKEOVER_AUTH_NONE,                      /* "none", "noauth": standalone (Bifrost) Ironic */
} TakeoverAuthType;

/* A resolved cloud: one entry of clouds.yaml with secure.yaml merged in, or the cloud that OS_*
 * environment variables describe. Loading follows openstacksdk:
 *   - the configuration file is the first that exists of $OS_CLIENT_CONFIG_FILE, then
 *     clouds.yaml, clouds.yml, clouds.json in each search folder: the current folder,
 *     $XDG_CONFIG_HOME/openstack (~/.config/openstack), /etc/openstack;
 *   - secure.yaml (first of $OS_CLIENT_SECURE_FILE, then secure.{yaml,yml,json} in the same
 *     folders) is merged over it, key by key;
 *   - OS_* variables (other than the selectors OS_CLOUD, OS_CLOUD_NAME, OS_REGION_NAME,
 *     OS_CLIENT_CONFIG_FILE, OS_CLIENT_SECURE_FILE) make a cloud of their own, named by
 *     $OS_CLOUD_NAME or "envvars";
 *   - with no name given, $OS_CLOUD picks the cloud, else the environment's cloud;
 *   - "profile: NAME" takes defaults from NAME under "public-clouds" in clouds-public.yaml
 *     (first of $OS_CLIENT_VENDOR_FILE, then the same folders); the cloud's values win;
 *   - $OS_REGION_NAME overrides region_name; "regions: [a, b]" defaults to the first;
 *   - without auth_type: token auth when there is a token and no password, else password.
 * The values stay as in the file (a JSON object); the getters below read them, with
 * auth-related keys at the top level moved into "auth" as openstacksdk does. */

TakeoverCloudConfig  *takeover_cloud_config_load                (const char           *cloud_name,
                                                                 GError              **error);
/* As takeover_cloud_config_load() with an explicit environment (as from g_get_environ(), also
 * used for HOME and XDG_CONFIG_HOME) and search folders (NULL: the defaults above, from @envp
 * and the current folder). For tests and for the UI's cloud picker. */
TakeoverCloudConfig  *takeover_cloud_config_load_full           (const char           *cloud_name,
                                                                 const char * const   *envp,
                                                                 const char * const   *search_dirs,
                                                                 GError              **error);
/* The names of every cloud the configuration defines, sorted; NULL with @error if a file that
 * exists cannot be read. */
char                **takeover_cloud_config_list_names          (const char * const   *envp,
                                                                 const char * const   *search_dirs,
                                                                 GError              **error);
/* Default search folders for @envp (NULL: the process's environment). */
char                **takeover_cloud_config_get_default_dirs    (const char * const   *envp);
/* A cloud from an already parsed clouds.yaml entry, e.g. built by the UI. */
TakeoverCloudConfig  *takeover_cloud_config_new_from_json       (const char           *name,
                                                                 JsonObject           *cloud,
                                                                 GError              **error);

const char           *takeover_cloud_config_get_name            (TakeoverCloudConfig  *self);
/* The file the cloud was read from, or NULL for the environment's cloud. */
const char           *takeover_cloud_config_get_source_file     (TakeoverCloudConfig  *self);
TakeoverAuthType      takeover_cloud_config_get_auth_type       (TakeoverCloudConfig  *self);
/* "password", "token", … as it should be shown to a person. */
const char           *takeover_cloud_config_get_auth_type_name  (TakeoverCloudConfig  *self);
/* A key of the "auth" section: auth_url, username, user_id, password, project_name,
 * project_id, user_domain_name, user_domain_id, project_domain_name, project_domain_id,
 * domain_name, domain_id, system_scope, token, application_credential_id,
 * application_credential_name, application_credential_secret, endpoint. */
const char           *takeover_cloud_config_get_auth            (TakeoverCloudConfig  *self,
                                                                 const char           *key);
/* A top-level string (or number, as text) option, e.g. "baremetal_api_version". */
const char           *takeover_cloud_config_get_option          (TakeoverCloudConfig  *self,
                                                                 const char           *key);
const char           *takeover_cloud_config_get_region_name     (TakeoverCloudConfig  *self);
/* "public" (the default), "internal" or "admin"; "publicURL" style is normalised. A service
 * may have its own (<service>_interface, e.g. baremetal_interface), which the session honours. */
const char           *takeover_cloud_config_get_interface       (TakeoverCloudConfig  *self);
/* <service_type>_endpoint_override (dashes as underscores), else auth.endpoint for the
 * none/http_basic auth types, else NULL. */
const char           *takeover_cloud_config_get_endpoint_override (TakeoverCloudConfig *self,
                                                                 const char           *service_type);
/* TLS: verify defaults to TRUE and turns off only with an explicit "verify: false". */
gboolean              takeover_cloud_config_get_verify          (TakeoverCloudConfig  *self);
const char           *takeover_cloud_config_get_cacert          (TakeoverCloudConfig  *self);
const char           *takeover_cloud_config_get_cert            (TakeoverCloudConfig  *self);
const char           *takeover_cloud_config_get_key             (TakeoverCloudConfig  *self);
/* api_timeout in seconds, 0 when unset (the session then uses its default). */
double                takeover_cloud_config_get_api_timeout     (TakeoverCloudConfig  *self);
/* The merged cloud entry, for keys the getters do not cover. Borrowed; do not modify. */
JsonObject           *takeover_cloud_config_get_json            (TakeoverCloudConfig  *self);

G_END_DECLS
