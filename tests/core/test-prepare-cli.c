/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <string.h>
#include <sys/wait.h>

/* `takeover-cli prepare` on the ways it must refuse before it talks to any cloud. */

static char *tmp_dir;

static char *
write_file (const char *name,
            const char *text)
{
  char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* Runs `takeover-cli prepare @args…` with a clouds.yaml of its own; the exit status. */
static int
run_prepare (char       **err,
             const char  *first,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *clouds = write_file ("clouds.yaml",
                                        "clouds:\n"
                                        "  somewhere:\n"
                                        "    auth_type: none\n"
                                        "    baremetal_endpoint_override: http://127.0.0.1:9\n");
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;
  va_list args;

  env = g_environ_setenv (env, "OS_CLIENT_CONFIG_FILE", clouds, TRUE);
  env = g_environ_setenv (env, "HOME", tmp_dir, TRUE);
  env = g_environ_unsetenv (env, "OS_CLOUD");
  g_ptr_array_add (argv, (char *) g_getenv ("TAKEOVER_CLI"));
  g_ptr_array_add (argv, "prepare");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (tmp_dir, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, &out, err,
                &status, &error);
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", out, *err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_usage (void)
{
  g_autofree char *e1 = NULL, *e2 = NULL, *e3 = NULL;

  g_assert_cmpint (run_prepare (&e1, NULL), ==, 2);
  g_assert_nonnull (strstr (e1, "inventory file"));
  g_assert_cmpint (run_prepare (&e2, "a.conf", "b.conf", NULL), ==, 2);
  g_assert_cmpint (run_prepare (&e3, "a.conf", "--prefix", "-1", NULL), ==, 2);
}

static void
test_unreadable (void)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (run_prepare (&err, "no-such-file.conf", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no-such-file.conf"));
}

static void
test_inventory_errors (void)
{
  g_autofree char *path = write_file ("bad.conf", "10.0.0.999;admin;pw;198.18.0.1;root;pw\n");
  g_autofree char *err = NULL;

  g_assert_cmpint (run_prepare (&err, path, "--cloud", "somewhere", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "has errors"));
}

static void
test_unknown_cloud (void)
{
  g_autofree char *path = write_file ("good.conf", "10.0.0.1;admin;pw;198.18.0.1;root;pw\n");
  g_autofree char *err = NULL;

  g_assert_cmpint (run_prepare (&err, path, "--cloud", "nowhere", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "nowhere"));
}

static void
test_bad_gateway (void)
{
  g_autofree char *path = write_file ("good.conf", "10.0.0.1;admin;pw;198.18.0.1;root;pw\n");
  g_autofree char *err = NULL;

  /* Refused before any request: the cloud's endpoint does not even listen. */
  g_assert_cmpint (run_prepare (&err, path, "--cloud", "somewhere", "--gateway", "gw", NULL), ==,
                   1);
  g_assert_nonnull (strstr (err, "“gw”"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("takeover-prepare-cli-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/prepare-cli/usage", test_usage);
  g_test_add_func ("/prepare-cli/unreadable", test_unreadable);
  g_test_add_func ("/prepare-cli/inventory-errors", test_inventory_errors);
  g_test_add_func ("/prepare-cli/unknown-cloud", test_unknown_cloud);
  g_test_add_func ("/prepare-cli/bad-gateway", test_bad_gateway);

  status = g_test_run ();

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
  g_free (tmp_dir);
  return status;
}
