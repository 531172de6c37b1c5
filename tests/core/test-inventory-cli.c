/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "takeover-inventory.h"

/* `takeover-cli validate` and `convert`, run as an operator runs them. */

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

/* Runs takeover-cli in tmp_dir with @args (NULL-terminated), returning its exit status. */
static int
run_cli (char       **out,
         char       **err,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("TAKEOVER_CLI");
  int status = -1;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *)cli);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (tmp_dir, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                &status, &error);
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", *out, *err);
  return g_spawn_check_wait_status (status, NULL) ? 0 : WEXITSTATUS (status);
}

static void
test_validate_mixed (void)
{
  g_autofree char *path = write_file ("mixed.conf",
                                      "# two good, three bad\n"
                                      "10.0.0.1;admin;s3cr3t-pw;198.18.0.1;root;pw\n"
                                      "10.0.0.999;admin;s3cr3t-pw;198.18.0.2;root;pw\n"
                                      "10.0.0.3;admin;secret;198.18.0.3;root;pw\n"
                                      "10.0.0.4;admin;secret\n"
                                      "10.0.0.1;admin;secret;198.18.0.5;root;pw\n"
                                      "10.0.0.6;admin;;198.18.0.6;root;pw\n");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (&out, &err, "validate", "mixed.conf", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "mixed.conf:3: ipmi_ip: error: "));
  g_assert_nonnull (strstr (err, "mixed.conf:5: record: error: "));
  g_assert_nonnull (strstr (err, "mixed.conf:6: ipmi_ip: error: "));
  g_assert_nonnull (strstr (err, "line 2"));
  g_assert_nonnull (strstr (err, "mixed.conf:7: ipmi_password: warning: "));
  g_assert_null (strstr (err, "mixed.conf:2:"));
  g_assert_null (strstr (err, "mixed.conf:4:"));
  /* The secret never shows. */
  g_assert_null (strstr (err, "s3cr3t"));
  g_assert_cmpstr (out, ==, "mixed.conf: 6 hosts, 3 errors, 1 warning\n");
}

static void
test_validate_clean (void)
{
  g_autofree char *conf = write_file ("clean.conf", "10.0.0.1;admin;pw;198.18.0.1;root;pw\n");
  g_autofree char *csv = write_file ("clean.csv",
                                     "ipmi_address,ipmi_username,ipmi_password,mgmt_ip,"
                                     "ssh_username,ssh_key\n"
                                     "10.0.0.1,admin,,198.18.0.1,root,/k\n");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* Warnings alone do not fail. */
  g_assert_cmpint (run_cli (&out, &err, "validate", "clean.conf", "clean.csv", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "clean.csv:2: ipmi_password: warning: "));
  g_assert_nonnull (strstr (out, "clean.conf: 1 host, 0 errors, 0 warnings\n"));
  g_assert_nonnull (strstr (out, "total: 2 hosts, 0 errors, 1 warning\n"));
}

static void
test_validate_usage (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (&out, &err, "validate", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "validate", "--from", "yaml", "x.conf", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "yaml"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "validate", "does-not-exist.conf", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "does-not-exist.conf"));
}

static TakeoverInventory *
load (const char *name)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  TakeoverInventory *inventory = takeover_inventory_new ();

  takeover_inventory_load (inventory, file, TAKEOVER_INVENTORY_FORMAT_NONE, NULL, &error);
  g_assert_no_error (error);
  return inventory;
}

static void
test_convert_round_trip (void)
{
  g_autofree char *path = write_file ("fleet.conf",
                                      "10.0.0.1;admin;\"p;a\"\"ss\";198.18.0.1;root;pw#1\n"
                                      "10.0.0.2;admin;x;198.18.0.2;root;pw;6230;db-02\n"
                                      "fe80::3;admin;x;198.18.0.3;root;pw;;;2222;/k;17;USER\n");
  g_autoptr(TakeoverInventory) original = load ("fleet.conf");
  g_autoptr(TakeoverInventory) back = NULL;
  g_autoptr(TakeoverInventory) bare = NULL;
  GListModel *a = takeover_inventory_get_hosts (original);
  GListModel *b;
  char *steps[][2] = {
    { "fleet.conf", "fleet.json" },
    { "fleet.json", "fleet.csv" },
    { "fleet.csv", "back.conf" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (run_cli (&out, &err, "convert", steps[i][0], steps[i][1], "--with-secrets",
                                NULL), ==, 0);
      g_assert_nonnull (strstr (out, "Wrote 3 hosts"));
    }

  back = load ("back.conf");
  b = takeover_inventory_get_hosts (back);
  g_assert_cmpuint (g_list_model_get_n_items (a), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (b), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(TakeoverHost) host_a = g_list_model_get_item (a, i);
      g_autoptr(TakeoverHost) host_b = g_list_model_get_item (b, i);

      g_assert_true (takeover_host_equal (host_a, host_b));
    }

  /* Without --with-secrets the passwords stay behind, and --to overrides the name. */
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *text = NULL;
    g_autofree char *bare_path = g_build_filename (tmp_dir, "bare.txt", NULL);

    g_assert_cmpint (run_cli (&out, &err, "convert", "fleet.conf", "bare.txt", "--to", "json",
                              NULL), ==, 0);
    g_assert_true (g_file_get_contents (bare_path, &text, NULL, NULL));
    g_assert_null (strstr (text, "p;a"));
    g_assert_null (strstr (text, "password"));
    g_assert_nonnull (strstr (text, "\"db-02\""));
  }
}

static void
test_convert_bad_input (void)
{
  g_autofree char *path = write_file ("broken.csv", "ipmi_address,colour\n10.0.0.1,red\n");
  g_autofree char *out_path = g_build_filename (tmp_dir, "broken.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (&out, &err, "convert", "broken.csv", "broken.json", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "broken.csv:1: header: error: Unknown column “colour”"));
  g_assert_nonnull (strstr (err, "nothing was written"));
  g_assert_false (g_file_test (out_path, G_FILE_TEST_EXISTS));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "convert", "broken.csv", "out.yaml", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "out.yaml"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "convert", "missing.conf", "out.json", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "missing.conf"));
}

/* Converting a file onto itself would replace the operator's only copy, and without
 * --with-secrets drop every password from it: refused, however the two names are spelt. */
static void
test_convert_same_file (void)
{
  static const char text[] = "10.0.0.1;admin;s3cr3t;198.18.0.1;root;pw\n";
  g_autofree char *path = write_file ("only-copy.conf", text);
  g_autofree char *link = g_build_filename (tmp_dir, "link.conf", NULL);
  const char *outputs[] = { "only-copy.conf", "./only-copy.conf", "link.conf" };

  g_assert_cmpint (symlink ("only-copy.conf", link), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *after = NULL;

      g_assert_cmpint (run_cli (&out, &err, "convert", "only-copy.conf", outputs[i], NULL), ==,
                       2);
      g_assert_nonnull (strstr (err, "the same file"));
      g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
      g_assert_cmpstr (after, ==, text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("takeover-cli-test-XXXXXX", &error);
  g_assert_no_error (error);
  /* The messages checked here are the untranslated ones. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  g_test_add_func ("/inventory-cli/validate/mixed", test_validate_mixed);
  g_test_add_func ("/inventory-cli/validate/clean", test_validate_clean);
  g_test_add_func ("/inventory-cli/validate/usage", test_validate_usage);
  g_test_add_func ("/inventory-cli/convert/round-trip", test_convert_round_trip);
  g_test_add_func ("/inventory-cli/convert/bad-input", test_convert_bad_input);
  g_test_add_func ("/inventory-cli/convert/same-file", test_convert_same_file);

  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

        g_unlink (path);
      }
  }
  g_rmdir (tmp_dir);
  g_free (tmp_dir);

  return status;
}
