/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Temporary: the formats are being filled in (issue 2); these keep the API linkable. */
#include "config.h"

#include "takeover-inventory-private.h"

static TakeoverInventoryParsed *
empty_parsed (TakeoverInventoryFormat format)
{
  TakeoverInventoryParsed *parsed = g_new0 (TakeoverInventoryParsed, 1);

  parsed->format = format;
  parsed->hosts = g_ptr_array_new_with_free_func (g_object_unref);
  parsed->problems = g_ptr_array_new_with_free_func (g_object_unref);
  return parsed;
}

TakeoverInventoryParsed *
takeover_inventory_parse_conf (const char *data, gsize length, const char *filename,
                               GCancellable *cancellable)
{
  return empty_parsed (TAKEOVER_INVENTORY_FORMAT_CONF);
}

TakeoverInventoryParsed *
takeover_inventory_parse_csv (const char *data, gsize length, const char *filename,
                              GCancellable *cancellable)
{
  return empty_parsed (TAKEOVER_INVENTORY_FORMAT_CSV);
}

TakeoverInventoryParsed *
takeover_inventory_parse_json (const char *data, gsize length, const char *filename,
                               GCancellable *cancellable)
{
  return empty_parsed (TAKEOVER_INVENTORY_FORMAT_JSON);
}

gboolean
takeover_inventory_write_conf (GString *out, GListModel *hosts, TakeoverInventorySaveFlags flags,
                               GError **error)
{
  return TRUE;
}

gboolean
takeover_inventory_write_csv (GString *out, GListModel *hosts, TakeoverInventorySaveFlags flags,
                              GError **error)
{
  return TRUE;
}

gboolean
takeover_inventory_write_json (GString *out, GListModel *hosts, TakeoverInventorySaveFlags flags,
                               GError **error)
{
  return TRUE;
}
