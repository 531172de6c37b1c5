/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-openstack"

#include "config.h"

#include "takeover-cloud-error-private.h"

typedef struct
{
  guint  status;
  char  *method;
  char  *url;
  char  *server_message;
  char  *request_id;
} TakeoverCloudErrorPrivate;

static void
takeover_cloud_error_private_init (TakeoverCloudErrorPrivate *priv)
{
}

static void
takeover_cloud_error_private_copy (const TakeoverCloudErrorPrivate *src,
                                   TakeoverCloudErrorPrivate       *dest)
{
  dest->status = src->status;
  dest->method = g_strdup (src->method);
  dest->url = g_strdup (src->url);
  dest->server_message = g_strdup (src->server_message);
  dest->request_id = g_strdup (src->request_id);
}

static void
takeover_cloud_error_private_clear (TakeoverCloudErrorPrivate *priv)
{
  g_clear_pointer (&priv->method, g_free);
  g_clear_pointer (&priv->url, g_free);
  g_clear_pointer (&priv->server_message, g_free);
  g_clear_pointer (&priv->request_id, g_free);
}

G_DEFINE_EXTENDED_ERROR (TakeoverCloudError, takeover_cloud_error)

static TakeoverCloudErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != TAKEOVER_CLOUD_ERROR)
    return NULL;
  return takeover_cloud_error_get_private (error);
}

void
_takeover_cloud_error_set_details (GError     *error,
                                   guint       status,
                                   const char *method,
                                   const char *url,
                                   const char *server_message,
                                   const char *request_id)
{
  TakeoverCloudErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);

  takeover_cloud_error_private_clear (priv);
  priv->status = status;
  priv->method = g_strdup (method);
  priv->url = g_strdup (url);
  priv->server_message = g_strdup (server_message);
  priv->request_id = g_strdup (request_id);
}

guint
takeover_cloud_error_get_status (const GError *error)
{
  TakeoverCloudErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->status : 0;
}

const char *
takeover_cloud_error_get_method (const GError *error)
{
  TakeoverCloudErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->method : NULL;
}

const char *
takeover_cloud_error_get_url (const GError *error)
{
  TakeoverCloudErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->url : NULL;
}

const char *
takeover_cloud_error_get_server_message (const GError *error)
{
  TakeoverCloudErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->server_message : NULL;
}

const char *
takeover_cloud_error_get_request_id (const GError *error)
{
  TakeoverCloudErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->request_id : NULL;
}

gboolean
takeover_cloud_error_has_status (const GError *error,
                                 guint         status)
{
  return takeover_cloud_error_get_status (error) == status && status != 0;
}
