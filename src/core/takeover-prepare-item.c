/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-core"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-prepare-item.h"

struct _TakeoverPrepareItem
{
  GObject                parent_instance;
  TakeoverPrepareKind    kind;
  TakeoverPrepareStatus  status;
  char                  *title;
  char                  *message;
  char                  *resource_id;
};

enum {
  PROP_0,
  PROP_KIND,
  PROP_TITLE,
  PROP_STATUS,
  PROP_MESSAGE,
  PROP_RESOURCE_ID,
  N_PROPS
};

G_DEFINE_ENUM_TYPE (TakeoverPrepareKind, takeover_prepare_kind,
  G_DEFINE_ENUM_VALUE (TAKEOVER_PREPARE_IRONIC, "ironic"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_PREPARE_PROJECT, "project"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_PREPARE_USER, "user"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_PREPARE_ROLE, "role"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_PREPARE_QUOTAS, "quotas"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_PREPARE_FLAVOR, "flavor"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_PREPARE_HYPERVISORS, "hypervisors"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_PREPARE_NETWORK, "network"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_PREPARE_SUBNET, "subnet"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_PREPARE_IMAGE, "image"))

G_DEFINE_ENUM_TYPE (TakeoverPrepareStatus, takeover_prepare_status,
  G_DEFINE_ENUM_VALUE (TAKEOVER_PREPARE_STATUS_EXISTS, "exists"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_PREPARE_STATUS_CREATE, "create"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_PREPARE_STATUS_CONFLICT, "conflict"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_PREPARE_STATUS_FORBIDDEN, "forbidden"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_PREPARE_STATUS_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_PREPARE_STATUS_CREATED, "created"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_PREPARE_STATUS_FAILED, "failed"))

G_DEFINE_FINAL_TYPE (TakeoverPrepareItem, takeover_prepare_item, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
takeover_prepare_item_finalize (GObject *object)
{
  TakeoverPrepareItem *self = TAKEOVER_PREPARE_ITEM (object);

  g_free (self->title);
  g_free (self->message);
  g_free (self->resource_id);

  G_OBJECT_CLASS (takeover_prepare_item_parent_class)->finalize (object);
}

static void
takeover_prepare_item_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TakeoverPrepareItem *self = TAKEOVER_PREPARE_ITEM (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_RESOURCE_ID:
      g_value_set_string (value, self->resource_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
takeover_prepare_item_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  TakeoverPrepareItem *self = TAKEOVER_PREPARE_ITEM (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
takeover_prepare_item_class_init (TakeoverPrepareItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = takeover_prepare_item_finalize;
  object_class->get_property = takeover_prepare_item_get_property;
  object_class->set_property = takeover_prepare_item_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, TAKEOVER_TYPE_PREPARE_KIND, TAKEOVER_PREPARE_IRONIC,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, TAKEOVER_TYPE_PREPARE_STATUS,
                       TAKEOVER_PREPARE_STATUS_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESOURCE_ID] =
    g_param_spec_string ("resource-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
takeover_prepare_item_init (TakeoverPrepareItem *self)
{
  self->status = TAKEOVER_PREPARE_STATUS_UNKNOWN;
}

const char *
takeover_prepare_status_to_string (TakeoverPrepareStatus status)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (TAKEOVER_TYPE_PREPARE_STATUS);
  GEnumValue *value = g_enum_get_value (klass, status);

  g_return_val_if_fail (value != NULL, NULL);

  return value->value_nick;
}

const char *
takeover_prepare_status_get_label (TakeoverPrepareStatus status)
{
  switch (status)
    {
    case TAKEOVER_PREPARE_STATUS_EXISTS:
      return _("exists");
    case TAKEOVER_PREPARE_STATUS_CREATE:
      return _("will create");
    case TAKEOVER_PREPARE_STATUS_CONFLICT:
      return _("conflict");
    case TAKEOVER_PREPARE_STATUS_FORBIDDEN:
      return _("forbidden");
    case TAKEOVER_PREPARE_STATUS_UNKNOWN:
      return _("unknown");
    case TAKEOVER_PREPARE_STATUS_CREATED:
      return _("created");
    case TAKEOVER_PREPARE_STATUS_FAILED:
      return _("failed");
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
takeover_prepare_status_is_problem (TakeoverPrepareStatus status)
{
  return status == TAKEOVER_PREPARE_STATUS_CONFLICT ||
         status == TAKEOVER_PREPARE_STATUS_FORBIDDEN ||
         status == TAKEOVER_PREPARE_STATUS_UNKNOWN ||
         status == TAKEOVER_PREPARE_STATUS_FAILED;
}

TakeoverPrepareItem *
takeover_prepare_item_new (TakeoverPrepareKind  kind,
                           const char          *title)
{
  g_return_val_if_fail (title != NULL, NULL);

  return g_object_new (TAKEOVER_TYPE_PREPARE_ITEM, "kind", kind, "title", title, NULL);
}

TakeoverPrepareKind
takeover_prepare_item_get_kind (TakeoverPrepareItem *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PREPARE_ITEM (self), 0);

  return self->kind;
}

const char *
takeover_prepare_item_get_title (TakeoverPrepareItem *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PREPARE_ITEM (self), NULL);

  return self->title;
}

TakeoverPrepareStatus
takeover_prepare_item_get_status (TakeoverPrepareItem *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PREPARE_ITEM (self), 0);

  return self->status;
}

const char *
takeover_prepare_item_get_message (TakeoverPrepareItem *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PREPARE_ITEM (self), NULL);

  return self->message;
}

const char *
takeover_prepare_item_get_resource_id (TakeoverPrepareItem *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PREPARE_ITEM (self), NULL);

  return self->resource_id;
}

void
takeover_prepare_item_set_status (TakeoverPrepareItem   *self,
                                  TakeoverPrepareStatus  status,
                                  const char            *message)
{
  g_return_if_fail (TAKEOVER_IS_PREPARE_ITEM (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
takeover_prepare_item_set_resource_id (TakeoverPrepareItem *self,
                                       const char          *resource_id)
{
  g_return_if_fail (TAKEOVER_IS_PREPARE_ITEM (self));

  if (g_strcmp0 (self->resource_id, resource_id) == 0)
    return;

  g_free (self->resource_id);
  self->resource_id = g_strdup (resource_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESOURCE_ID]);
}
