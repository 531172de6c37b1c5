/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "takeover-application.h"
#include "takeover-file-writer.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(TakeoverApplication) app = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = takeover_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  /* What the journal and the audit log were given to write is on disk before the process
   * ends: a run closed mid-way resumes from its last step. */
  takeover_file_writer_wait_idle ();

  return status;
}
