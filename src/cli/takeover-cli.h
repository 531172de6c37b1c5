/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "takeover-inventory.h"

G_BEGIN_DECLS

/* Exit codes shared by every command: 0 success, 1 the work found problems or failed,
 * 2 the command line itself was wrong. */
#define TAKEOVER_CLI_EXIT_OK      0
#define TAKEOVER_CLI_EXIT_FAILED  1
#define TAKEOVER_CLI_EXIT_USAGE   2

/* Each command is one file, takeover-cli-<command>.c, with one entry point. argv[0] is the
 * command's name; the command parses the rest with GOptionContext and prints its own --help. */
typedef int (*TakeoverCliCommandFunc) (int    argc,
                                       char **argv);

/* Commands; main.c lists them for --help. */
int takeover_cli_adopt    (int    argc,
                           char **argv);
int takeover_cli_validate (int    argc,
                           char **argv);
int takeover_cli_convert  (int    argc,
                           char **argv);
int takeover_cli_status   (int    argc,
                           char **argv);
int takeover_cli_probe    (int    argc,
                           char **argv);
int takeover_cli_prepare  (int    argc,
                           char **argv);
int takeover_cli_monitor  (int    argc,
                           char **argv);

/* Runs @context on argv, printing the error and returning FALSE on a bad command line. */
gboolean takeover_cli_parse_options (GOptionContext   *context,
                                     int              *argc,
                                     char           ***argv);

/* Inventory helpers shared by commands that read one (takeover-cli-validate.c). */
gboolean           takeover_cli_read_inventory (TakeoverInventory       *inventory,
                                                const char              *path,
                                                TakeoverInventoryFormat  format);
TakeoverInventory *takeover_cli_load_inventory (const char              *path,
                                                TakeoverInventoryFormat  format);
void               takeover_cli_print_problems (TakeoverInventory       *inventory);
gboolean           takeover_cli_parse_format   (const char              *option,
                                                const char              *name,
                                                TakeoverInventoryFormat *format);

G_END_DECLS
