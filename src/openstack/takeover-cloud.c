/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-openstack"

#include "config.h"

#include "takeover-cloud.h"

/* Skeleton: the implementation lands in the following commits. */

struct _TakeoverCloud
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (TakeoverCloud, takeover_cloud, G_TYPE_OBJECT)

static void
takeover_cloud_class_init (TakeoverCloudClass *klass)
{
}

static void
takeover_cloud_init (TakeoverCloud *self)
{
}

G_DEFINE_BOXED_TYPE (TakeoverCloudEndpoint, takeover_cloud_endpoint,
                     takeover_cloud_endpoint_copy, takeover_cloud_endpoint_free)

TakeoverCloudEndpoint *
takeover_cloud_endpoint_copy (const TakeoverCloudEndpoint *endpoint)
{
  return NULL;
}

void
takeover_cloud_endpoint_free (TakeoverCloudEndpoint *endpoint)
{
}

int
takeover_microversion_compare (const char *a, const char *b)
{
  return 0;
}

SoupSession *
takeover_cloud_get_soup_session (void)
{
  return NULL;
}

TakeoverCloud *
takeover_cloud_new (TakeoverCloudConfig *config)
{
  return NULL;
}

TakeoverCloudConfig *
takeover_cloud_get_config (TakeoverCloud *self)
{
  return NULL;
}

double
takeover_cloud_get_timeout (TakeoverCloud *self)
{
  return 0;
}

void
takeover_cloud_set_timeout (TakeoverCloud *self, double seconds)
{
}

guint
takeover_cloud_get_max_retries (TakeoverCloud *self)
{
  return 0;
}

void
takeover_cloud_set_max_retries (TakeoverCloud *self, guint max_retries)
{
}

double
takeover_cloud_get_retry_delay (TakeoverCloud *self)
{
  return 0;
}

void
takeover_cloud_set_retry_delay (TakeoverCloud *self, double seconds)
{
}

void
takeover_cloud_authenticate_async (TakeoverCloud *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_task_report_new_error (self, callback, user_data, takeover_cloud_authenticate_async, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not implemented yet");
}

gboolean
takeover_cloud_authenticate_finish (TakeoverCloud *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
takeover_cloud_get_user_id (TakeoverCloud *self)
{
  return NULL;
}

const char *
takeover_cloud_get_user_name (TakeoverCloud *self)
{
  return NULL;
}

const char *
takeover_cloud_get_project_id (TakeoverCloud *self)
{
  return NULL;
}

const char *
takeover_cloud_get_project_name (TakeoverCloud *self)
{
  return NULL;
}

GDateTime *
takeover_cloud_get_token_expiry (TakeoverCloud *self)
{
  return NULL;
}

char *
takeover_cloud_dup_auth_summary (TakeoverCloud *self)
{
  return NULL;
}

GPtrArray *
takeover_cloud_list_endpoints (TakeoverCloud *self)
{
  return NULL;
}

void
takeover_cloud_discover_async (TakeoverCloud *self, const TakeoverCloudService *service, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_task_report_new_error (self, callback, user_data, takeover_cloud_discover_async, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not implemented yet");
}

TakeoverCloudEndpoint *
takeover_cloud_discover_finish (TakeoverCloud *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_cloud_request_async (TakeoverCloud *self, const TakeoverCloudService *service, const char *method, const char *path, JsonNode *body, const char *needs_microversion, TakeoverCloudRequestFlags flags, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_task_report_new_error (self, callback, user_data, takeover_cloud_request_async, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not implemented yet");
}

JsonNode *
takeover_cloud_request_finish (TakeoverCloud *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_cloud_request_list_async (TakeoverCloud *self, const TakeoverCloudService *service, const char *path, const char *key, guint limit, const char *needs_microversion, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_task_report_new_error (self, callback, user_data, takeover_cloud_request_list_async, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not implemented yet");
}

GPtrArray *
takeover_cloud_request_list_finish (TakeoverCloud *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
takeover_cloud_request_bytes_async (TakeoverCloud *self, const TakeoverCloudService *service, const char *method, const char *path, GBytes *bytes, const char *needs_microversion, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_task_report_new_error (self, callback, user_data, takeover_cloud_request_bytes_async, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Not implemented yet");
}

JsonNode *
takeover_cloud_request_bytes_finish (TakeoverCloud *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
takeover_cloud_escape (const char *text)
{
  return NULL;
}

void
takeover_json_patch_append (JsonArray *patch, const char *op, const char *path, JsonNode *value)
{
}
