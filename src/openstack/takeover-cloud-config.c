/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-openstack"

#include "config.h"

#include "takeover-cloud-config.h"

/* Skeleton: the implementation lands in the following commits. */

struct _TakeoverCloudConfig
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (TakeoverCloudConfig, takeover_cloud_config, G_TYPE_OBJECT)

static void
takeover_cloud_config_class_init (TakeoverCloudConfigClass *klass)
{
}

static void
takeover_cloud_config_init (TakeoverCloudConfig *self)
{
}

TakeoverCloudConfig *
takeover_cloud_config_load (const char *cloud_name, GError **error)
{
  return NULL;
}

TakeoverCloudConfig *
takeover_cloud_config_load_full (const char *cloud_name, const char * const *envp, const char * const *search_dirs, GError **error)
{
  return NULL;
}

char **
takeover_cloud_config_list_names (const char * const *envp, const char * const *search_dirs, GError **error)
{
  return NULL;
}

char **
takeover_cloud_config_get_default_dirs (const char * const *envp)
{
  return NULL;
}

TakeoverCloudConfig *
takeover_cloud_config_new_from_json (const char *name, JsonObject *cloud, GError **error)
{
  return NULL;
}

const char *
takeover_cloud_config_get_name (TakeoverCloudConfig *self)
{
  return NULL;
}

const char *
takeover_cloud_config_get_source_file (TakeoverCloudConfig *self)
{
  return NULL;
}

TakeoverAuthType
takeover_cloud_config_get_auth_type (TakeoverCloudConfig *self)
{
  return 0;
}

const char *
takeover_cloud_config_get_auth_type_name (TakeoverCloudConfig *self)
{
  return NULL;
}

const char *
takeover_cloud_config_get_auth (TakeoverCloudConfig *self, const char *key)
{
  return NULL;
}

const char *
takeover_cloud_config_get_option (TakeoverCloudConfig *self, const char *key)
{
  return NULL;
}

const char *
takeover_cloud_config_get_region_name (TakeoverCloudConfig *self)
{
  return NULL;
}

const char *
takeover_cloud_config_get_interface (TakeoverCloudConfig *self)
{
  return NULL;
}

const char *
takeover_cloud_config_get_endpoint_override (TakeoverCloudConfig *self, const char *service_type)
{
  return NULL;
}

gboolean
takeover_cloud_config_get_verify (TakeoverCloudConfig *self)
{
  return 0;
}

const char *
takeover_cloud_config_get_cacert (TakeoverCloudConfig *self)
{
  return NULL;
}

const char *
takeover_cloud_config_get_cert (TakeoverCloudConfig *self)
{
  return NULL;
}

const char *
takeover_cloud_config_get_key (TakeoverCloudConfig *self)
{
  return NULL;
}

double
takeover_cloud_config_get_api_timeout (TakeoverCloudConfig *self)
{
  return 0;
}

JsonObject *
takeover_cloud_config_get_json (TakeoverCloudConfig *self)
{
  return NULL;
}
