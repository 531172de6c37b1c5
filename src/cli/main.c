/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "takeover-cli.h"
#include "takeover-file-writer.h"

typedef struct
{
  const char             *name;
  TakeoverCliCommandFunc  func;
  const char             *summary;
} Command;

/* In the order --help lists them; the summaries are translated when printed. */
static const Command commands[] = {
  { "validate", takeover_cli_validate, N_("Check inventory files and list their problems") },
  { "convert", takeover_cli_convert, N_("Convert an inventory between hosts.conf, CSV and JSON") },
  { "status", takeover_cli_status, N_("Show the cloud, its authentication, endpoints and Ironic’s API versions") },
  { "probe", takeover_cli_probe, N_("Read every host's BMC and operating system, changing nothing") },
  { "prepare", takeover_cli_prepare, N_("Check and prepare the cloud: project, quotas, network, image") },
  { "adopt", takeover_cli_adopt, N_("Adopt an inventory’s servers into Ironic, in place") },
  { "monitor", takeover_cli_monitor, N_("Watch the hosts’ health: BMC sensors and OS meters, with history") },
  { NULL, NULL, NULL }
};

gboolean
takeover_cli_parse_options (GOptionContext   *context,
                            int              *argc,
                            char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return FALSE;
    }

  return TRUE;
}

static void
print_usage (void (*print) (const char *format, ...))
{
  print ("%s\n  takeover-cli COMMAND [OPTION…]\n\n%s\n", _("Usage:"), _("Commands:"));
  for (guint i = 0; commands[i].name != NULL; i++)
    print ("  %-10s  %s\n", commands[i].name, _(commands[i].summary));
  print ("\n%s\n", _("Run “takeover-cli COMMAND --help” for a command’s options."));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (g_printerr);
      return TAKEOVER_CLI_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage (g_print);
      return TAKEOVER_CLI_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("takeover-cli %s\n", PACKAGE_VERSION);
      return TAKEOVER_CLI_EXIT_OK;
    }

  for (guint i = 0; commands[i].name != NULL; i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        {
          g_autofree char *prgname = g_strdup_printf ("takeover-cli %s", commands[i].name);
          int status;

          g_set_prgname (prgname);
          status = commands[i].func (argc - 1, argv + 1);

          /* The journal and audit log are written on the writer thread: nothing queued may be
           * lost with the process. */
          takeover_file_writer_wait_idle ();
          return status;
        }
    }

  g_printerr (_("takeover-cli: unknown command “%s”\n"), argv[1]);
  print_usage (g_printerr);
  return TAKEOVER_CLI_EXIT_USAGE;
}
