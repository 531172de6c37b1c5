/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-openstack"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-glance.h"
#include "takeover-service-private.h"

/* Poll delays while an upload turns active: from 0.2 s, doubled, at most 2 s. */
#define POLL_FIRST_MS 200
#define POLL_MAX_MS   2000

struct _TakeoverGlance
{
  GObject        parent_instance;
  TakeoverCloud *cloud;
};

G_DEFINE_FINAL_TYPE (TakeoverGlance, takeover_glance, G_TYPE_OBJECT)

static const TakeoverCloudService glance_service = {
  .service_type = "image",
  .version_path = "v2",
};

typedef struct
{
  char   *image_id;
  char   *path;
  GBytes *data;
  gint64  deadline;
  guint   delay_ms;
} Upload;

static void
upload_free (gpointer data)
{
  Upload *upload = data;

  g_free (upload->image_id);
  g_free (upload->path);
  g_bytes_unref (upload->data);
  g_free (upload);
}

static char *
image_path (const char *image_id,
            const char *suffix)
{
  g_autofree char *escaped = takeover_cloud_escape (image_id);

  return g_strconcat ("/images/", escaped, suffix, NULL);
}

static void poll_image (GTask *task);

/* Glance computes both digests while it stores the data: comparing them with ours proves that
 * what it keeps is what we sent. */
static gboolean
check_digests (JsonObject  *image,
               GBytes      *data,
               GError     **error)
{
  g_autofree char *md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, data);
  g_autofree char *sha512 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA512, data);
  const char *checksum = json_object_get_string_member_with_default (image, "checksum", "");
  const char *algo = json_object_get_string_member_with_default (image, "os_hash_algo", "");
  const char *hash = json_object_get_string_member_with_default (image, "os_hash_value", "");

  if (g_ascii_strcasecmp (checksum, md5) != 0 ||
      (g_str_equal (algo, "sha512") && g_ascii_strcasecmp (hash, sha512) != 0))
    {
      g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_FAILED,
                   _("Image %s was stored with checksum %s, but the data sent has %s; delete "
                     "the image and try again."),
                   json_object_get_string_member_with_default (image, "id", "?"), checksum, md5);
      return FALSE;
    }

  return TRUE;
}

static gboolean
poll_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (!g_task_return_error_if_cancelled (task))
    poll_image (g_object_ref (task));
  return G_SOURCE_REMOVE;
}

static void
get_image_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Upload *upload = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonObject) image = _takeover_service_object_finish (result, &error);
  g_autoptr(GSource) timer = NULL;
  const char *status;

  if (image == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  status = json_object_get_string_member_with_default (image, "status", "");
  if (g_str_equal (status, "active"))
    {
      if (check_digests (image, upload->data, &error))
        g_task_return_pointer (task, g_steal_pointer (&image), (GDestroyNotify) json_object_unref);
      else
        g_task_return_error (task, error);
      return;
    }

  if (g_str_equal (status, "killed") || g_str_equal (status, "deleted") ||
      g_str_equal (status, "deactivated"))
    {
      g_task_return_new_error (task, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_STATE,
                               _("Image %s became “%s” instead of active after its upload; "
                                 "see the image service’s log."), upload->image_id, status);
      return;
    }

  if (g_get_monotonic_time () >= upload->deadline)
    {
      g_task_return_new_error (task, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_TIMEOUT,
                               _("Image %s is still “%s” after its upload; the image service "
                                 "did not make it active in time."), upload->image_id, status);
      return;
    }

  /* The cancellable wakes the timer too, so that cancelling never waits for the delay. */
  timer = g_timeout_source_new (upload->delay_ms);
  if (g_task_get_cancellable (task) != NULL)
    {
      g_autoptr(GSource) cancelled = g_cancellable_source_new (g_task_get_cancellable (task));

      g_source_set_dummy_callback (cancelled);
      g_source_add_child_source (timer, cancelled);
    }
  g_source_set_callback (timer, poll_timeout_cb, g_object_ref (task), g_object_unref);
  g_source_attach (timer, g_task_get_context (task));
  upload->delay_ms = MIN (upload->delay_ms * 2, POLL_MAX_MS);
}

static void
poll_image (GTask *task)
{
  TakeoverGlance *self = g_task_get_source_object (task);
  Upload *upload = g_task_get_task_data (task);

  _takeover_service_object_async (self, poll_image, self->cloud, &glance_service, "GET",
                                  upload->path, NULL, NULL, g_task_get_cancellable (task),
                                  get_image_cb, task);
}

static void
upload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  answer = takeover_cloud_request_bytes_finish (TAKEOVER_CLOUD (object), result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  poll_image (g_steal_pointer (&task));
}

static void
takeover_glance_dispose (GObject *object)
{
  TakeoverGlance *self = TAKEOVER_GLANCE (object);

  g_clear_object (&self->cloud);

  G_OBJECT_CLASS (takeover_glance_parent_class)->dispose (object);
}

static void
takeover_glance_class_init (TakeoverGlanceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = takeover_glance_dispose;
}

static void
takeover_glance_init (TakeoverGlance *self)
{
}

TakeoverGlance *
takeover_glance_new (TakeoverCloud *cloud)
{
  TakeoverGlance *self;

  g_return_val_if_fail (TAKEOVER_IS_CLOUD (cloud), NULL);

  self = g_object_new (TAKEOVER_TYPE_GLANCE, NULL);
  self->cloud = g_object_ref (cloud);
  return self;
}

TakeoverCloud *
takeover_glance_get_cloud (TakeoverGlance *self)
{
  g_return_val_if_fail (TAKEOVER_IS_GLANCE (self), NULL);

  return self->cloud;
}

void
takeover_glance_list_images_async (TakeoverGlance      *self,
                                   const char          *name,
                                   const char          *owner,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/images?name=");
  g_autofree char *escaped = NULL;

  g_return_if_fail (TAKEOVER_IS_GLANCE (self));
  g_return_if_fail (name != NULL);

  escaped = takeover_cloud_escape (name);
  g_string_append (path, escaped);
  if (owner != NULL)
    {
      g_autofree char *escaped_owner = takeover_cloud_escape (owner);

      g_string_append_printf (path, "&owner=%s", escaped_owner);
    }

  _takeover_service_list_async (self, takeover_glance_list_images_async, self->cloud,
                                &glance_service, path->str, "images", NULL, cancellable, callback,
                                user_data);
}

GPtrArray *
takeover_glance_list_images_finish (TakeoverGlance  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return _takeover_service_list_finish (result, error);
}

void
takeover_glance_create_image_async (TakeoverGlance      *self,
                                    JsonObject          *fields,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (TAKEOVER_IS_GLANCE (self));
  g_return_if_fail (fields != NULL);

  /* Glance v2 takes and returns the image object itself, not wrapped. */
  body = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (body, fields);
  _takeover_service_object_async (self, takeover_glance_create_image_async, self->cloud,
                                  &glance_service, "POST", "/images", body, NULL, cancellable,
                                  callback, user_data);
}

JsonObject *
takeover_glance_create_image_finish (TakeoverGlance  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return _takeover_service_object_finish (result, error);
}

void
takeover_glance_get_image_async (TakeoverGlance      *self,
                                 const char          *image_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (TAKEOVER_IS_GLANCE (self));
  g_return_if_fail (image_id != NULL);

  path = image_path (image_id, "");
  _takeover_service_object_async (self, takeover_glance_get_image_async, self->cloud,
                                  &glance_service, "GET", path, NULL, NULL, cancellable, callback,
                                  user_data);
}

JsonObject *
takeover_glance_get_image_finish (TakeoverGlance  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return _takeover_service_object_finish (result, error);
}

void
takeover_glance_upload_async (TakeoverGlance      *self,
                              const char          *image_id,
                              GBytes              *data,
                              guint                timeout_seconds,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *file_path = NULL;
  GTask *task;
  Upload *upload;

  g_return_if_fail (TAKEOVER_IS_GLANCE (self));
  g_return_if_fail (image_id != NULL);
  g_return_if_fail (data != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_glance_upload_async);
  upload = g_new0 (Upload, 1);
  upload->image_id = g_strdup (image_id);
  upload->path = image_path (image_id, "");
  upload->data = g_bytes_ref (data);
  upload->deadline = g_get_monotonic_time () + (gint64) timeout_seconds * G_USEC_PER_SEC;
  upload->delay_ms = POLL_FIRST_MS;
  g_task_set_task_data (task, upload, upload_free);

  file_path = image_path (image_id, "/file");
  takeover_cloud_request_bytes_async (self->cloud, &glance_service, "PUT", file_path, data, NULL,
                                      cancellable, upload_cb, task);
}

JsonObject *
takeover_glance_upload_finish (TakeoverGlance  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
