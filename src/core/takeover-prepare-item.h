/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TAKEOVER_TYPE_PREPARE_KIND   (takeover_prepare_kind_get_type ())
#define TAKEOVER_TYPE_PREPARE_STATUS (takeover_prepare_status_get_type ())
#define TAKEOVER_TYPE_PREPARE_ITEM   (takeover_prepare_item_get_type ())

/* What an item of the cloud's preparation is about. */
typedef enum
{
  TAKEOVER_PREPARE_IRONIC,       /* the ipmi hardware type and its interfaces */
  TAKEOVER_PREPARE_PROJECT,
  TAKEOVER_PREPARE_USER,
  TAKEOVER_PREPARE_ROLE,         /* the user's role on the project */
  TAKEOVER_PREPARE_QUOTAS,
  TAKEOVER_PREPARE_FLAVOR,
  TAKEOVER_PREPARE_HYPERVISORS,  /* read only: what Nova sees */
  TAKEOVER_PREPARE_NETWORK,
  TAKEOVER_PREPARE_SUBNET,
  TAKEOVER_PREPARE_IMAGE,
} TakeoverPrepareKind;

typedef enum
{
  TAKEOVER_PREPARE_STATUS_EXISTS,     /* already as needed: nothing to do */
  TAKEOVER_PREPARE_STATUS_CREATE,     /* the apply will create or set it */
  TAKEOVER_PREPARE_STATUS_CONFLICT,   /* something in the way that a person must resolve */
  TAKEOVER_PREPARE_STATUS_FORBIDDEN,  /* the account may not read or change it */
  TAKEOVER_PREPARE_STATUS_UNKNOWN,    /* could not be checked (see the message) */
  TAKEOVER_PREPARE_STATUS_CREATED,    /* the apply created or set it */
  TAKEOVER_PREPARE_STATUS_FAILED,     /* the apply tried and failed */
} TakeoverPrepareStatus;

G_DECLARE_FINAL_TYPE (TakeoverPrepareItem, takeover_prepare_item, TAKEOVER, PREPARE_ITEM, GObject)

GType                  takeover_prepare_kind_get_type         (void) G_GNUC_CONST;
GType                  takeover_prepare_status_get_type       (void) G_GNUC_CONST;
/* "exists", "create", "conflict", … for machine-readable output. */
const char            *takeover_prepare_status_to_string      (TakeoverPrepareStatus  status);
/* "exists", "will create", … translated, for people. */
const char            *takeover_prepare_status_get_label      (TakeoverPrepareStatus  status);
/* TRUE for the statuses that stop an apply (conflict, forbidden, unknown, failed). */
gboolean               takeover_prepare_status_is_problem     (TakeoverPrepareStatus  status);

TakeoverPrepareItem   *takeover_prepare_item_new              (TakeoverPrepareKind    kind,
                                                               const char            *title);
TakeoverPrepareKind    takeover_prepare_item_get_kind         (TakeoverPrepareItem   *self);
/* What the item is, for people: "Project “takeover” in domain Default". */
const char            *takeover_prepare_item_get_title        (TakeoverPrepareItem   *self);
TakeoverPrepareStatus  takeover_prepare_item_get_status       (TakeoverPrepareItem   *self);
/* One sentence: what exists, what will be done, or what is wrong and how to fix it. */
const char            *takeover_prepare_item_get_message      (TakeoverPrepareItem   *self);
/* The cloud's id of the object, once known. */
const char            *takeover_prepare_item_get_resource_id  (TakeoverPrepareItem   *self);
void                   takeover_prepare_item_set_status       (TakeoverPrepareItem   *self,
                                                               TakeoverPrepareStatus  status,
                                                               const char            *message);
void                   takeover_prepare_item_set_resource_id  (TakeoverPrepareItem   *self,
                                                               const char            *resource_id);

G_END_DECLS
