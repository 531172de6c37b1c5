/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "takeover-host.h"
#include "takeover-problem.h"

G_BEGIN_DECLS

/* Reading, checking and writing the operator's list of servers (docs/inventory.md).
 *
 *   inventory = takeover_inventory_new ();
 *   takeover_inventory_load_async (inventory, file, TAKEOVER_INVENTORY_FORMAT_NONE, ...);
 *   hosts = takeover_inventory_get_hosts (inventory);        GListModel of TakeoverHost
 *   problems = takeover_inventory_get_problems (inventory);  GListModel of TakeoverProblem
 *   takeover_inventory_get_host_severity (inventory, host, &severity)  row marker icon
 *   takeover_inventory_dup_host_messages (inventory, host)             row marker tooltip
 *   takeover_inventory_save_async (inventory, file, FORMAT_NONE, flags, ...)  by extension
 *   takeover_inventory_check_data (data, length, name, FORMAT_NONE, &n)  problems only, fast
 *   takeover_inventory_add_host / _remove_hosts / _update_host / _append_data  edits, each
 *     followed by a check of the whole list (duplicates span records)
 *
 * Every record becomes a host, even one with errors, so nothing is dropped silently; the
 * lists are replaced in one splice each when a load completes. */

/* The three inventory formats; docs/inventory.md describes each. NONE means "work it out":
 * from the file name's extension, else from the content. */
typedef enum
{
  TAKEOVER_INVENTORY_FORMAT_NONE,
  TAKEOVER_INVENTORY_FORMAT_CONF,
  TAKEOVER_INVENTORY_FORMAT_CSV,
  TAKEOVER_INVENTORY_FORMAT_JSON,
} TakeoverInventoryFormat;

typedef enum
{
  TAKEOVER_INVENTORY_SAVE_DEFAULT = 0,
  /* Write BMC and SSH passwords; without it they are left out (empty or absent). */
  TAKEOVER_INVENTORY_SAVE_SECRETS = 1 << 0,
} TakeoverInventorySaveFlags;

#define TAKEOVER_INVENTORY_ERROR (takeover_inventory_error_quark ())

/* Only failures to read or write a file are GErrors; anything wrong with the content of an
 * inventory is a TakeoverProblem. */
typedef enum
{
  /* A host has a value the chosen format cannot hold (a line break in a hosts.conf field). */
  TAKEOVER_INVENTORY_ERROR_UNREPRESENTABLE,
} TakeoverInventoryError;

#define TAKEOVER_TYPE_INVENTORY_FORMAT (takeover_inventory_format_get_type ())
#define TAKEOVER_TYPE_INVENTORY        (takeover_inventory_get_type ())

GQuark                  takeover_inventory_error_quark          (void);
GType                   takeover_inventory_format_get_type      (void) G_GNUC_CONST;
TakeoverInventoryFormat takeover_inventory_format_from_filename (const char              *filename);
TakeoverInventoryFormat takeover_inventory_format_from_name     (const char              *name);
const char             *takeover_inventory_format_get_name      (TakeoverInventoryFormat  format);
const char             *takeover_inventory_format_get_mime_type (TakeoverInventoryFormat  format);

G_DECLARE_FINAL_TYPE (TakeoverInventory, takeover_inventory, TAKEOVER, INVENTORY, GObject)

TakeoverInventory      *takeover_inventory_new               (void);
GListModel             *takeover_inventory_get_hosts         (TakeoverInventory       *self);
GListModel             *takeover_inventory_get_problems      (TakeoverInventory       *self);
GFile                  *takeover_inventory_get_file          (TakeoverInventory       *self);
TakeoverInventoryFormat takeover_inventory_get_format        (TakeoverInventory       *self);
guint                   takeover_inventory_get_n_errors      (TakeoverInventory       *self);
guint                   takeover_inventory_get_n_warnings    (TakeoverInventory       *self);
GPtrArray              *takeover_inventory_get_host_problems (TakeoverInventory       *self,
                                                              TakeoverHost            *host);
gboolean                takeover_inventory_get_host_severity (TakeoverInventory       *self,
                                                              TakeoverHost            *host,
                                                              TakeoverSeverity        *severity);
char                   *takeover_inventory_dup_host_messages (TakeoverInventory       *self,
                                                              TakeoverHost            *host);
GListModel             *takeover_inventory_check_data        (const char              *data,
                                                              gsize                    length,
                                                              const char              *filename,
                                                              TakeoverInventoryFormat  format,
                                                              guint                   *n_hosts);
void                    takeover_inventory_load_data         (TakeoverInventory       *self,
                                                              const char              *data,
                                                              gsize                    length,
                                                              const char              *filename,
                                                              TakeoverInventoryFormat  format);
gboolean                takeover_inventory_load              (TakeoverInventory       *self,
                                                              GFile                   *file,
                                                              TakeoverInventoryFormat  format,
                                                              GCancellable            *cancellable,
                                                              GError                 **error);
void                    takeover_inventory_load_async        (TakeoverInventory       *self,
                                                              GFile                   *file,
                                                              TakeoverInventoryFormat  format,
                                                              GCancellable            *cancellable,
                                                              GAsyncReadyCallback      callback,
                                                              gpointer                 user_data);
gboolean                takeover_inventory_load_finish       (TakeoverInventory       *self,
                                                              GAsyncResult            *result,
                                                              GError                 **error);
const char             *takeover_inventory_field_get_property (const char             *field);
void                    takeover_inventory_add_host          (TakeoverInventory       *self,
                                                              TakeoverHost            *host);
void                    takeover_inventory_remove_hosts      (TakeoverInventory       *self,
                                                              GPtrArray               *hosts);
void                    takeover_inventory_update_host       (TakeoverInventory       *self,
                                                              TakeoverHost            *host,
                                                              TakeoverHost            *values);
guint                   takeover_inventory_append_data       (TakeoverInventory       *self,
                                                              const char              *data,
                                                              gsize                    length,
                                                              TakeoverInventoryFormat  format);
GBytes                 *takeover_inventory_serialize         (GListModel              *hosts,
                                                              TakeoverInventoryFormat  format,
                                                              TakeoverInventorySaveFlags flags,
                                                              GError                 **error);
gboolean                takeover_inventory_save              (TakeoverInventory       *self,
                                                              GFile                   *file,
                                                              TakeoverInventoryFormat  format,
                                                              TakeoverInventorySaveFlags flags,
                                                              GCancellable            *cancellable,
                                                              GError                 **error);
void                    takeover_inventory_save_async        (TakeoverInventory       *self,
                                                              GFile                   *file,
                                                              TakeoverInventoryFormat  format,
                                                              TakeoverInventorySaveFlags flags,
                                                              GCancellable            *cancellable,
                                                              GAsyncReadyCallback      callback,
                                                              gpointer                 user_data);
gboolean                takeover_inventory_save_finish       (TakeoverInventory       *self,
                                                              GAsyncResult            *result,
                                                              GError                 **error);

G_END_DECLS
