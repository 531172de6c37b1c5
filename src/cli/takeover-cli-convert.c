/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-cli.h"
#include "takeover-inventory.h"

static char *
dup_file_id (GFile *file)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_ID_FILE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);

  return info != NULL
    ? g_strdup (g_file_info_get_attribute_string (info, G_FILE_ATTRIBUTE_ID_FILE))
    : NULL;
}

/* Whether @a and @b are one file, whatever links lead to it. */
static gboolean
is_same_file (GFile *a,
              GFile *b)
{
  g_autofree char *id_a = NULL;
  g_autofree char *id_b = NULL;

  if (g_file_equal (a, b))
    return TRUE;

  id_a = dup_file_id (a);
  id_b = dup_file_id (b);
  return id_a != NULL && id_b != NULL && g_str_equal (id_a, id_b);
}

int
takeover_cli_convert (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(TakeoverInventory) inventory = NULL;
  g_autoptr(GFile) input = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gboolean with_secrets = FALSE;
  TakeoverInventoryFormat in_format;
  TakeoverInventoryFormat out_format;
  guint n_errors;
  guint n_hosts;
  const GOptionEntry entries[] = {
    { "with-secrets", 0, 0, G_OPTION_ARG_NONE, &with_secrets,
      N_("Write the BMC and SSH passwords too (they are left out otherwise)"), NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from,
      N_("Read IN as FORMAT (conf, csv or json) instead of going by its name"), N_("FORMAT") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to,
      N_("Write OUT as FORMAT (conf, csv or json) instead of going by its name"), N_("FORMAT") },
    { NULL }
  };

  context = g_option_context_new (_("IN OUT"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Converts an inventory between hosts.conf, CSV and JSON; the "
                                  "file names’ extensions (.conf, .csv, .json) give the "
                                  "formats.\n"
                                  "Nothing is written when IN has errors."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!takeover_cli_parse_options (context, &argc, &argv) ||
      !takeover_cli_parse_format ("--from", from, &in_format) ||
      !takeover_cli_parse_format ("--to", to, &out_format))
    return TAKEOVER_CLI_EXIT_USAGE;

  if (argc != 3)
    {
      g_printerr (_("%s: name one input and one output file\n"), g_get_prgname ());
      return TAKEOVER_CLI_EXIT_USAGE;
    }

  if (out_format == TAKEOVER_INVENTORY_FORMAT_NONE)
    out_format = takeover_inventory_format_from_filename (argv[2]);
  if (out_format == TAKEOVER_INVENTORY_FORMAT_NONE)
    {
      g_printerr (_("%s: cannot tell the format of “%s” from its name; end it in .conf, .csv "
                    "or .json, or use --to\n"),
                  g_get_prgname (), argv[2]);
      return TAKEOVER_CLI_EXIT_USAGE;
    }

  /* Writing onto the input would replace the operator's only copy (comments and all), and
   * without --with-secrets drop every password from it. */
  input = g_file_new_for_commandline_arg (argv[1]);
  output = g_file_new_for_commandline_arg (argv[2]);
  if (is_same_file (input, output))
    {
      g_printerr (_("%s: “%s” and “%s” are the same file; write the conversion to another "
                    "file, so that the original stays as it is\n"),
                  g_get_prgname (), argv[1], argv[2]);
      return TAKEOVER_CLI_EXIT_USAGE;
    }

  inventory = takeover_cli_load_inventory (argv[1], in_format);
  if (inventory == NULL)
    return TAKEOVER_CLI_EXIT_FAILED;

  takeover_cli_print_problems (inventory);

  n_errors = takeover_inventory_get_n_errors (inventory);
  if (n_errors > 0)
    {
      g_printerr (ngettext ("%s: %s has %u error; nothing was written\n",
                            "%s: %s has %u errors; nothing was written\n", n_errors),
                  g_get_prgname (), argv[1], n_errors);
      return TAKEOVER_CLI_EXIT_FAILED;
    }

  if (!takeover_inventory_save (inventory, output, out_format,
                                with_secrets ? TAKEOVER_INVENTORY_SAVE_SECRETS
                                             : TAKEOVER_INVENTORY_SAVE_DEFAULT,
                                NULL, &error))
    {
      g_printerr ("%s: %s: %s\n", g_get_prgname (), argv[2], error->message);
      return TAKEOVER_CLI_EXIT_FAILED;
    }

  n_hosts = g_list_model_get_n_items (takeover_inventory_get_hosts (inventory));
  g_print (with_secrets
             ? ngettext ("Wrote %u host to %s, with passwords.\n",
                         "Wrote %u hosts to %s, with passwords.\n", n_hosts)
             : ngettext ("Wrote %u host to %s, without passwords.\n",
                         "Wrote %u hosts to %s, without passwords.\n", n_hosts),
           n_hosts, argv[2]);

  return TAKEOVER_CLI_EXIT_OK;
}
