/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-inventory"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-inventory-private.h"

/* hosts.conf, the operators' own format: one host a line,
 *   ipmi_ip;ipmi_user;ipmi_password;mgmt_ip;username;password
 * optionally followed, in this order, by ipmi_port, name, ssh_port, ssh_key,
 * ipmi_cipher_suite and ipmi_priv_level (an empty optional field means its default).
 * docs/inventory.md has the details. */

#define MIN_FIELDS 6

/* The fields in the order a line lists them. */
static const TakeoverField positions[] = {
  TAKEOVER_FIELD_BMC_ADDRESS,
  TAKEOVER_FIELD_BMC_USERNAME,
  TAKEOVER_FIELD_BMC_PASSWORD,
  TAKEOVER_FIELD_MGMT_IP,
  TAKEOVER_FIELD_SSH_USERNAME,
  TAKEOVER_FIELD_SSH_PASSWORD,
  TAKEOVER_FIELD_BMC_PORT,
  TAKEOVER_FIELD_NAME,
  TAKEOVER_FIELD_SSH_PORT,
  TAKEOVER_FIELD_SSH_KEY_FILE,
  TAKEOVER_FIELD_BMC_CIPHER_SUITE,
  TAKEOVER_FIELD_BMC_PRIVILEGE,
};

static const char * const field_names[TAKEOVER_N_FIELDS] = {
  [TAKEOVER_FIELD_NAME] = "name",
  [TAKEOVER_FIELD_BMC_ADDRESS] = "ipmi_ip",
  [TAKEOVER_FIELD_BMC_PORT] = "ipmi_port",
  [TAKEOVER_FIELD_BMC_USERNAME] = "ipmi_user",
  [TAKEOVER_FIELD_BMC_PASSWORD] = "ipmi_password",
  [TAKEOVER_FIELD_BMC_CIPHER_SUITE] = "ipmi_cipher_suite",
  [TAKEOVER_FIELD_BMC_PRIVILEGE] = "ipmi_priv_level",
  [TAKEOVER_FIELD_MGMT_IP] = "mgmt_ip",
  [TAKEOVER_FIELD_SSH_PORT] = "ssh_port",
  [TAKEOVER_FIELD_SSH_USERNAME] = "username",
  [TAKEOVER_FIELD_SSH_PASSWORD] = "password",
  [TAKEOVER_FIELD_SSH_KEY_FILE] = "ssh_key",
};

TakeoverInventoryParsed *
takeover_inventory_parse_conf (const char   *data,
                               gsize         length,
                               const char   *filename,
                               gboolean      check_only,
                               GCancellable *cancellable)
{
  TakeoverInventoryReader *reader = takeover_inventory_reader_new (filename, field_names,
                                                                   check_only, cancellable);
  g_autoptr(GString) buffer = g_string_new (NULL);
  g_autoptr(GArray) fields = g_array_new (FALSE, FALSE, sizeof (TakeoverTextField));
  TakeoverTextCursor cursor;
  const char *error;
  guint error_field;
  guint n_records = 0;

  takeover_text_cursor_init (&cursor, data, length, ';', TRUE);
  takeover_inventory_reader_expect (reader, takeover_text_count_lines (data, length));

  while (takeover_text_read_record (&cursor, buffer, fields, &error_field, &error))
    {
      /* Checked now and then: a file may have 100,000 lines. */
      if ((++n_records & 0x3ff) == 0 && takeover_inventory_reader_cancelled (reader))
        break;

      takeover_inventory_reader_begin (reader, cursor.record_line);

      /* A broken quote is the likely cause of a wrong field count, so it comes first. */
      if (error != NULL && error_field < G_N_ELEMENTS (positions))
        takeover_inventory_reader_record_problem (reader, TAKEOVER_SEVERITY_ERROR,
                                                  field_names[positions[error_field]],
                                                  "%s", _(error));
      else if (error != NULL)
        takeover_inventory_reader_record_problem (reader, TAKEOVER_SEVERITY_ERROR, "record",
                                                  "%s", _(error));

      if (fields->len < MIN_FIELDS || fields->len > G_N_ELEMENTS (positions))
        {
          takeover_inventory_reader_record_problem (
            reader, TAKEOVER_SEVERITY_ERROR, "record",
            ngettext ("The line has %u field; a host needs 6 "
                      "(ipmi_ip;ipmi_user;ipmi_password;mgmt_ip;username;password), "
                      "optionally followed by ipmi_port, name, ssh_port, ssh_key, "
                      "ipmi_cipher_suite and ipmi_priv_level.",
                      "The line has %u fields; a host needs 6 "
                      "(ipmi_ip;ipmi_user;ipmi_password;mgmt_ip;username;password), "
                      "optionally followed by ipmi_port, name, ssh_port, ssh_key, "
                      "ipmi_cipher_suite and ipmi_priv_level.",
                      fields->len),
            fields->len);
          takeover_inventory_reader_set_quiet (reader);
        }

      for (guint i = 0; i < MIN (fields->len, G_N_ELEMENTS (positions)); i++)
        {
          const TakeoverTextField *field = &g_array_index (fields, TakeoverTextField, i);

          takeover_inventory_reader_set (reader, positions[i], buffer->str + field->offset,
                                         field->length);
        }

      takeover_inventory_reader_end (reader);
    }

  return takeover_inventory_reader_finish (reader, TAKEOVER_INVENTORY_FORMAT_CONF);
}

gboolean
takeover_inventory_write_conf (GString                     *out,
                               GListModel                  *hosts,
                               TakeoverInventorySaveFlags   flags,
                               GError                     **error)
{
  guint n_hosts = g_list_model_get_n_items (hosts);

  g_string_append (out, "# ipmi_ip;ipmi_user;ipmi_password;mgmt_ip;username;password"
                        "[;ipmi_port;name;ssh_port;ssh_key;ipmi_cipher_suite;ipmi_priv_level]\n");
  if (!(flags & TAKEOVER_INVENTORY_SAVE_SECRETS))
    g_string_append (out, "# Exported without passwords: fill in ipmi_password and password.\n");

  for (guint i = 0; i < n_hosts; i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (hosts, i);
      guint n_fields = G_N_ELEMENTS (positions);

      /* Optional fields at their defaults are left off, so plain hosts stay six fields. */
      while (n_fields > MIN_FIELDS &&
             takeover_inventory_field_is_default (host, positions[n_fields - 1]))
        n_fields--;

      for (guint j = 0; j < n_fields; j++)
        {
          char number[16];
          const char *value = takeover_inventory_field_to_string (host, positions[j], flags,
                                                                  number);

          if (j > 0)
            g_string_append_c (out, ';');
          if (!takeover_text_append_field (out, value, ';', TRUE))
            {
              g_set_error (error, TAKEOVER_INVENTORY_ERROR,
                           TAKEOVER_INVENTORY_ERROR_UNREPRESENTABLE,
                           _("The %s of host %s has a line break, which hosts.conf cannot hold; "
                             "export to CSV or JSON instead."),
                           field_names[positions[j]], takeover_host_get_display_name (host));
              return FALSE;
            }
        }
      g_string_append_c (out, '\n');
    }

  return TRUE;
}

/* The format's names of the fields, as problems say them. */
const char * const *
takeover_inventory_conf_get_field_names (void)
{
  return field_names;
}
