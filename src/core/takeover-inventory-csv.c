/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-inventory"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-inventory-private.h"

/* CSV as RFC 4180 has it, with a header row naming the columns, in any order; the names are
 * those of Ironic's driver_info where one exists. docs/inventory.md has the details. */

/* NULL-terminated, so that the unknown-column message can join it. */
static const char * const column_names[TAKEOVER_N_FIELDS + 1] = {
  [TAKEOVER_FIELD_NAME] = "name",
  [TAKEOVER_FIELD_BMC_ADDRESS] = "ipmi_address",
  [TAKEOVER_FIELD_BMC_PORT] = "ipmi_port",
  [TAKEOVER_FIELD_BMC_USERNAME] = "ipmi_username",
  [TAKEOVER_FIELD_BMC_PASSWORD] = "ipmi_password",
  [TAKEOVER_FIELD_BMC_CIPHER_SUITE] = "ipmi_cipher_suite",
  [TAKEOVER_FIELD_BMC_PRIVILEGE] = "ipmi_priv_level",
  [TAKEOVER_FIELD_MGMT_IP] = "mgmt_ip",
  [TAKEOVER_FIELD_SSH_PORT] = "ssh_port",
  [TAKEOVER_FIELD_SSH_USERNAME] = "ssh_username",
  [TAKEOVER_FIELD_SSH_PASSWORD] = "ssh_password",
  [TAKEOVER_FIELD_SSH_KEY_FILE] = "ssh_key",
  NULL
};

/* An unknown or repeated column is read but not used. */
#define IGNORED_COLUMN TAKEOVER_N_FIELDS

static TakeoverField
lookup_column (const char *name)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name));

  for (guint i = 0; i < TAKEOVER_N_FIELDS; i++)
    if (g_ascii_strcasecmp (trimmed, column_names[i]) == 0)
      return i;

  return IGNORED_COLUMN;
}

/* Maps each column of the header to its field, reporting unknown, repeated and missing
 * columns. */
static GArray *
read_header (TakeoverInventoryReader *reader,
             guint                    line,
             GString                 *buffer,
             GArray                  *fields)
{
  GArray *columns = g_array_sized_new (FALSE, FALSE, sizeof (TakeoverField), fields->len);
  gboolean present[TAKEOVER_N_FIELDS] = { FALSE, };
  g_autofree char *known = NULL;

  for (guint i = 0; i < fields->len; i++)
    {
      const TakeoverTextField *field = &g_array_index (fields, TakeoverTextField, i);
      const char *name = buffer->str + field->offset;
      TakeoverField column = lookup_column (name);

      if (column == IGNORED_COLUMN)
        {
          g_autofree char *valid = g_utf8_make_valid (name, field->length);

          if (known == NULL)
            known = g_strjoinv (", ", (char **)column_names);
          takeover_inventory_reader_problem (reader, TAKEOVER_SEVERITY_ERROR, line, "header",
                                             _("Unknown column “%s”; the columns are %s."),
                                             valid, known);
        }
      else if (present[column])
        {
          takeover_inventory_reader_problem (reader, TAKEOVER_SEVERITY_ERROR, line, "header",
                                             _("The column “%s” appears twice; only the "
                                               "first is read."),
                                             column_names[column]);
          column = IGNORED_COLUMN;
        }
      else
        {
          present[column] = TRUE;
        }
      g_array_append_val (columns, column);
    }

  for (guint i = 0; i < TAKEOVER_N_FIELDS; i++)
    if (!present[i])
      takeover_inventory_reader_set_absent (reader, i, line);

  return columns;
}

TakeoverInventoryParsed *
takeover_inventory_parse_csv (const char   *data,
                              gsize         length,
                              const char   *filename,
                              gboolean      check_only,
                              GCancellable *cancellable)
{
  TakeoverInventoryReader *reader = takeover_inventory_reader_new (filename, column_names,
                                                                   check_only, cancellable);
  g_autoptr(GString) buffer = g_string_new (NULL);
  g_autoptr(GArray) fields = g_array_new (FALSE, FALSE, sizeof (TakeoverTextField));
  g_autoptr(GArray) columns = NULL;
  TakeoverTextCursor cursor;
  const char *error;
  guint error_field;
  guint n_records = 0;

  takeover_text_cursor_init (&cursor, data, length, ',', FALSE);
  takeover_inventory_reader_expect (reader, takeover_text_count_lines (data, length));

  if (takeover_text_read_record (&cursor, buffer, fields, &error_field, &error))
    {
      if (error != NULL)
        takeover_inventory_reader_problem (reader, TAKEOVER_SEVERITY_ERROR, cursor.record_line,
                                           "header", "%s", _(error));
      columns = read_header (reader, cursor.record_line, buffer, fields);
    }

  while (columns != NULL &&
         takeover_text_read_record (&cursor, buffer, fields, &error_field, &error))
    {
      if ((++n_records & 0x3ff) == 0 && takeover_inventory_reader_cancelled (reader))
        break;

      takeover_inventory_reader_begin (reader, cursor.record_line);

      /* A broken quote is the likely cause of a wrong field count, so it comes first. */
      if (error != NULL)
        {
          TakeoverField column = error_field < columns->len
                                   ? g_array_index (columns, TakeoverField, error_field)
                                   : IGNORED_COLUMN;

          takeover_inventory_reader_record_problem (reader, TAKEOVER_SEVERITY_ERROR,
                                                    column == IGNORED_COLUMN
                                                      ? "record" : column_names[column],
                                                    "%s", _(error));
        }

      if (fields->len != columns->len)
        {
          takeover_inventory_reader_record_problem (
            reader, TAKEOVER_SEVERITY_ERROR, "record",
            ngettext ("The row has %u field but the header names %u columns; quote any value "
                      "that contains a comma.",
                      "The row has %u fields but the header names %u columns; quote any value "
                      "that contains a comma.",
                      fields->len),
            fields->len, columns->len);
          takeover_inventory_reader_set_quiet (reader);
        }

      for (guint i = 0; i < MIN (fields->len, columns->len); i++)
        {
          const TakeoverTextField *field = &g_array_index (fields, TakeoverTextField, i);
          TakeoverField column = g_array_index (columns, TakeoverField, i);

          if (column != IGNORED_COLUMN)
            takeover_inventory_reader_set (reader, column, buffer->str + field->offset,
                                           field->length);
        }

      takeover_inventory_reader_end (reader);
    }

  return takeover_inventory_reader_finish (reader, TAKEOVER_INVENTORY_FORMAT_CSV);
}

gboolean
takeover_inventory_write_csv (GString                     *out,
                              GListModel                  *hosts,
                              TakeoverInventorySaveFlags   flags,
                              GError                     **error)
{
  guint n_hosts = g_list_model_get_n_items (hosts);

  /* RFC 4180 ends every record with CRLF. */
  for (guint i = 0; i < TAKEOVER_N_FIELDS; i++)
    g_string_append_printf (out, i > 0 ? ",%s" : "%s", column_names[i]);
  g_string_append (out, "\r\n");

  for (guint i = 0; i < n_hosts; i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (hosts, i);

      for (guint j = 0; j < TAKEOVER_N_FIELDS; j++)
        {
          char number[16];

          if (j > 0)
            g_string_append_c (out, ',');
          takeover_text_append_field (out,
                                      takeover_inventory_field_to_string (host, j, flags, number),
                                      ',', FALSE);
        }
      g_string_append (out, "\r\n");
    }

  return TRUE;
}

/* The format's names of the fields, as problems say them. */
const char * const *
takeover_inventory_csv_get_field_names (void)
{
  return column_names;
}
