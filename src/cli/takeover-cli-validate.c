/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-cli.h"
#include "takeover-inventory.h"

/**
 * takeover_cli_read_inventory:
 * @inventory: where the file's hosts and problems go (a session's own inventory)
 * @path: the file as the user named it, which problems then carry
 *
 * Returns: %FALSE (and a message printed) when @path cannot be read
 */
gboolean
takeover_cli_read_inventory (TakeoverInventory       *inventory,
                             const char              *path,
                             TakeoverInventoryFormat  format)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return FALSE;
    }

  takeover_inventory_load_data (inventory, contents, length, path, format);

  return TRUE;
}

/**
 * takeover_cli_load_inventory:
 *
 * Returns: (transfer full) (nullable): a new inventory read from @path, or %NULL (and a
 *   message printed) when @path cannot be read
 */
TakeoverInventory *
takeover_cli_load_inventory (const char              *path,
                             TakeoverInventoryFormat  format)
{
  g_autoptr(TakeoverInventory) inventory = takeover_inventory_new ();

  if (!takeover_cli_read_inventory (inventory, path, format))
    return NULL;

  return g_steal_pointer (&inventory);
}

/* Prints each problem as FILE:LINE: FIELD: severity: message on stderr, and counts the
 * errors. */
static guint
print_problem_list (GListModel *problems)
{
  guint n_problems = g_list_model_get_n_items (problems);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_errors = 0;

  /* One write for all: a file with 100,000 bad lines should not take 100,000 syscalls. */
  for (guint i = 0; i < n_problems; i++)
    {
      g_autoptr(TakeoverProblem) problem = g_list_model_get_item (problems, i);
      g_autofree char *line = takeover_problem_to_string (problem);

      g_string_append (text, line);
      g_string_append_c (text, '\n');
      if (takeover_problem_get_severity (problem) == TAKEOVER_SEVERITY_ERROR)
        n_errors++;
    }
  if (text->len > 0)
    g_printerr ("%s", text->str);

  return n_errors;
}

void
takeover_cli_print_problems (TakeoverInventory *inventory)
{
  print_problem_list (takeover_inventory_get_problems (inventory));
}

/* What a format option's argument names, or a usage message. */
gboolean
takeover_cli_parse_format (const char              *option,
                           const char              *name,
                           TakeoverInventoryFormat *format)
{
  *format = TAKEOVER_INVENTORY_FORMAT_NONE;
  if (name == NULL)
    return TRUE;

  *format = takeover_inventory_format_from_name (name);
  if (*format != TAKEOVER_INVENTORY_FORMAT_NONE)
    return TRUE;

  g_printerr (_("%s: %s must be conf, csv or json, not “%s”\n"), g_get_prgname (), option,
              name);
  return FALSE;
}

static void
print_summary (const char *name,
               guint       n_hosts,
               guint       n_errors,
               guint       n_warnings)
{
  g_autofree char *hosts = g_strdup_printf (ngettext ("%u host", "%u hosts", n_hosts), n_hosts);
  g_autofree char *errors = g_strdup_printf (ngettext ("%u error", "%u errors", n_errors),
                                             n_errors);
  g_autofree char *warnings = g_strdup_printf (ngettext ("%u warning", "%u warnings",
                                                         n_warnings),
                                               n_warnings);

  /* TRANSLATORS: the summary of one file: "hosts.conf: 20 hosts, 0 errors, 1 warning" */
  g_print (_("%s: %s, %s, %s\n"), name, hosts, errors, warnings);
}

int
takeover_cli_validate (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *from = NULL;
  TakeoverInventoryFormat format;
  guint n_errors = 0;
  guint n_warnings = 0;
  guint n_hosts = 0;
  guint n_unreadable = 0;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from,
      N_("Read the files as FORMAT (conf, csv or json) whatever their names say"),
      N_("FORMAT") },
    { NULL }
  };

  context = g_option_context_new (_("FILE…"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Checks inventory files (hosts.conf, CSV or JSON) and lists "
                                  "every problem as FILE:LINE: FIELD: message.\n"
                                  "Exits with 0 when no file has an error, 1 otherwise."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!takeover_cli_parse_options (context, &argc, &argv) ||
      !takeover_cli_parse_format ("--from", from, &format))
    return TAKEOVER_CLI_EXIT_USAGE;

  if (argc < 2)
    {
      g_printerr (_("%s: name at least one inventory file\n"), g_get_prgname ());
      return TAKEOVER_CLI_EXIT_USAGE;
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GListModel) problems = NULL;
      g_autoptr(GMappedFile) mapped = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      const char *data;
      gsize length = 0;
      guint file_hosts = 0;
      guint file_errors;
      guint file_warnings;

      /* Mapped rather than read where it can be (not a pipe, say), and only checked, without
       * making hosts: see bench/inventory. Reading says best why a file cannot be had. */
      mapped = g_mapped_file_new (argv[i], FALSE, NULL);
      if (mapped != NULL)
        {
          data = g_mapped_file_get_contents (mapped);
          length = g_mapped_file_get_length (mapped);
        }
      else if (g_file_get_contents (argv[i], &contents, &length, &error))
        {
          data = contents;
        }
      else
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          n_unreadable++;
          continue;
        }

      problems = takeover_inventory_check_data (data, length, argv[i], format, &file_hosts);
      file_errors = print_problem_list (problems);
      file_warnings = g_list_model_get_n_items (problems) - file_errors;
      print_summary (argv[i], file_hosts, file_errors, file_warnings);
      n_hosts += file_hosts;
      n_errors += file_errors;
      n_warnings += file_warnings;
    }

  if (argc > 2)
    print_summary (_("total"), n_hosts, n_errors, n_warnings);

  return n_errors == 0 && n_unreadable == 0 ? TAKEOVER_CLI_EXIT_OK : TAKEOVER_CLI_EXIT_FAILED;
}
