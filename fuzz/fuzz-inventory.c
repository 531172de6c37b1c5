/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include "takeover-inventory-private.h"

/* A libFuzzer target for one inventory parser (FUZZ_FORMAT, set by fuzz/meson.build). Besides
 * "never crash, never leak", it checks that only checking finds the very problems a full load
 * does, and the round trip: whatever parses without errors must come back equal from its own
 * export. */

int LLVMFuzzerInitialize   (int          *argc,
                            char       ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

/* A critical or a warning is a bug to stop at, as G_DEBUG=fatal-warnings makes it in the
 * tests: an empty JSON file once raised a critical that no fuzzer run reported. abort(),
 * not GLib's fatal breakpoint, since libFuzzer saves the input only on signals it handles. */
static GLogWriterOutput
abort_on_warning_cb (GLogLevelFlags   level,
                     const GLogField *fields,
                     gsize            n_fields,
                     gpointer         user_data)
{
  g_log_writer_default (level, fields, n_fields, user_data);
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
  return G_LOG_WRITER_HANDLED;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_writer_func (abort_on_warning_cb, NULL, NULL);
  return 0;
}

static void
check_round_trip (TakeoverInventoryParsed *parsed)
{
  g_autoptr(GListStore) hosts = g_list_store_new (TAKEOVER_TYPE_HOST);
  g_autoptr(GBytes) bytes = NULL;
  TakeoverInventoryParsed *again;

  g_list_store_splice (hosts, 0, 0, parsed->hosts->pdata, parsed->hosts->len);
  bytes = takeover_inventory_serialize (G_LIST_MODEL (hosts), FUZZ_FORMAT,
                                        TAKEOVER_INVENTORY_SAVE_SECRETS, NULL);
  /* hosts.conf cannot hold a line break; that refusal is tested elsewhere. */
  if (bytes == NULL)
    return;

  again = takeover_inventory_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                    "export", FUZZ_FORMAT, FALSE, NULL);
  if (again->hosts->len != parsed->hosts->len)
    abort ();
  for (guint i = 0; i < again->hosts->len; i++)
    if (!takeover_host_equal (g_ptr_array_index (parsed->hosts, i),
                              g_ptr_array_index (again->hosts, i)))
      abort ();
  takeover_inventory_parsed_free (again);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  TakeoverInventoryParsed *parsed;
  TakeoverInventoryParsed *checked;
  gboolean has_errors = FALSE;

  parsed = takeover_inventory_parse ((const char *)data, size, "fuzz", FUZZ_FORMAT, FALSE, NULL);
  checked = takeover_inventory_parse ((const char *)data, size, "fuzz", FUZZ_FORMAT, TRUE, NULL);
  if (checked->problems->len != parsed->problems->len ||
      checked->n_records != parsed->hosts->len)
    abort ();

  for (guint i = 0; i < parsed->problems->len; i++)
    {
      TakeoverProblem *problem = g_ptr_array_index (parsed->problems, i);
      g_autofree char *text = takeover_problem_to_string (problem);
      g_autofree char *checked_text =
        takeover_problem_to_string (g_ptr_array_index (checked->problems, i));

      /* Every message must be text a terminal and a tooltip can show. */
      if (!g_utf8_validate (text, -1, NULL) || strcmp (text, checked_text) != 0)
        abort ();
      has_errors |= takeover_problem_get_severity (problem) == TAKEOVER_SEVERITY_ERROR;
    }

  if (!has_errors)
    check_round_trip (parsed);

  takeover_inventory_parsed_free (parsed);
  takeover_inventory_parsed_free (checked);
  return 0;
}
