/* SPDX-License-Identifier: GPL-3.0-or-later */
/* takeover-cli status against the bed: Ironic's versions when all is well; exit 1 with one
 * sentence, within the timeout, when the endpoint, the Keystone URL or the password is wrong. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "takeover-test-bed.h"

typedef struct
{
  int    status;
  char  *out;
  char  *err;
  double seconds;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_status (Run        *run,
            const char *clouds_yaml,
            const char *cloud,
            const char *timeout)
{
  const char *argv[] = { g_getenv ("TAKEOVER_CLI"), "status", "--cloud", cloud,
                         timeout != NULL ? "--timeout" : NULL, timeout, NULL };
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "OS_CLIENT_CONFIG_FILE", clouds_yaml, TRUE);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  int wait_status = 0;

  env = g_environ_unsetenv (env, "G_MESSAGES_DEBUG");
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &run->out, &run->err,
                &wait_status, &error);
  g_assert_no_error (error);
  run->seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static char *
write_clouds (const char *yaml)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("takeover-clouds-XXXXXX.yaml", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, yaml, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_standalone (void)
{
  g_auto(Run) run = { 0 };

  if (!takeover_test_bed_require (1, FALSE))
    return;

  run_status (&run, takeover_test_bed_get_clouds_yaml (), TAKEOVER_TEST_BED_CLOUD, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Cloud: " TAKEOVER_TEST_BED_CLOUD " (from "));
  g_assert_nonnull (strstr (run.out, "Authentication: none"));
  g_assert_nonnull (strstr (run.out, "baremetal        " TAKEOVER_TEST_BED_IRONIC_URL "\n"));
  g_assert_nonnull (strstr (run.out, "Ironic API: minimum 1.1, maximum 1.82, using 1.82"));
  g_assert_cmpstr (run.err, ==, "");
}

/* A standalone Ironic given as auth.endpoint (OS_ENDPOINT), as Bifrost and the baremetal
 * client's noauth mode write it, is shown as the baremetal endpoint it is. */
static void
test_auth_endpoint (void)
{
  g_autofree char *path = NULL;
  g_auto(Run) run = { 0 };

  if (!takeover_test_bed_require (1, FALSE))
    return;

  path = write_clouds ("clouds:\n"
                       "  bifrost:\n"
                       "    auth_type: none\n"
                       "    auth:\n"
                       "      endpoint: " TAKEOVER_TEST_BED_IRONIC_URL "\n");
  run_status (&run, path, "bifrost", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Endpoints (public):\n"
                                     "  baremetal        " TAKEOVER_TEST_BED_IRONIC_URL "\n"
                                     "Ironic API: minimum 1.1, maximum 1.82"));
  g_unlink (path);
}

static void
test_wrong_endpoint (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GSocketListener) silent_listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *yaml = NULL;
  g_autofree char *path = NULL;
  g_auto(Run) refused = { 0 };
  g_auto(Run) silent = { 0 };
  guint16 closed_port;
  guint16 silent_port;

  /* A closed port (refused at once), and a port whose connections the kernel completes but
   * nobody ever reads or answers. */
  closed_port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  silent_port = g_socket_listener_add_any_inet_port (silent_listener, NULL, &error);
  g_assert_no_error (error);

  yaml = g_strdup_printf ("clouds:\n"
                          "  refused:\n"
                          "    auth_type: none\n"
                          "    baremetal_endpoint_override: http://127.0.0.1:%u\n"
                          "  silent:\n"
                          "    auth_type: none\n"
                          "    api_timeout: 2\n"
                          "    baremetal_endpoint_override: http://127.0.0.1:%u\n",
                          closed_port, silent_port);
  path = write_clouds (yaml);

  run_status (&refused, path, "refused", NULL);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_cmpstr (refused.out, ==, "");
  g_assert_true (g_str_has_prefix (refused.err, "takeover-cli status: Cannot reach http://127.0.0.1:"));
  /* One sentence, one line. */
  g_assert_cmpint (strchr (refused.err, '\n') - refused.err, ==, strlen (refused.err) - 1);

  /* The silent server is given up on after api_timeout (2 s), well before the default. */
  run_status (&silent, path, "silent", NULL);
  g_assert_cmpint (silent.status, ==, 1);
  g_assert_nonnull (strstr (silent.err, "2 seconds (waiting for Ironic at http://127.0.0.1:"));
  g_assert_cmpfloat (silent.seconds, <, 10);

  g_unlink (path);
}

/* One sentence, one line, on stderr only. */
static void
assert_one_sentence (Run *run)
{
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "takeover-cli status: "));
  g_assert_cmpint (strchr (run->err, '\n') - run->err, ==, strlen (run->err) - 1);
}

/* Endpoints that answer HTTP but are not what the cloud says: the bed's Keystone given as
 * Ironic, and its Ironic given as Keystone (a wrong port, as an operator might write). */
static void
test_wrong_service (void)
{
  g_autofree char *path = NULL;
  g_auto(Run) not_ironic = { 0 };
  g_auto(Run) not_keystone = { 0 };

  if (!takeover_test_bed_require (1, TRUE))
    return;

  path = write_clouds ("clouds:\n"
                       "  not-ironic:\n"
                       "    auth_type: none\n"
                       "    baremetal_endpoint_override: http://127.0.0.1:5000\n"
                       "  not-keystone:\n"
                       "    auth:\n"
                       "      auth_url: " TAKEOVER_TEST_BED_IRONIC_URL "/v3\n"
                       "      username: admin\n"
                       "      password: adminpw\n"
                       "      project_name: admin\n");

  run_status (&not_ironic, path, "not-ironic", "20");
  assert_one_sentence (&not_ironic);
  g_assert_nonnull (strstr (not_ironic.err, "http://127.0.0.1:5000/v1 is not Ironic’s API"));

  run_status (&not_keystone, path, "not-keystone", "20");
  assert_one_sentence (&not_keystone);
  g_assert_nonnull (strstr (not_keystone.err, "Cloud “not-keystone” got no token from "
                                              TAKEOVER_TEST_BED_IRONIC_URL "/v3: "));
  g_assert_nonnull (strstr (not_keystone.err, "HTTP 404"));
  g_assert_null (strstr (not_keystone.err, "adminpw"));
  g_unlink (path);
}

static void
test_wrong_password (void)
{
  g_autofree char *yaml = NULL;
  g_autofree char *path = NULL;
  g_auto(Run) run = { 0 };

  if (!takeover_test_bed_require (1, TRUE))
    return;

  yaml = g_strdup_printf ("clouds:\n"
                          "  wrong:\n"
                          "    auth:\n"
                          "      auth_url: http://127.0.0.1:5000/v3\n"
                          "      username: admin\n"
                          "      password: not-adminpw\n"
                          "      project_name: admin\n"
                          "      user_domain_name: Default\n"
                          "      project_domain_name: Default\n");
  path = write_clouds (yaml);
  run_status (&run, path, "wrong", "20");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "refused the credentials of cloud “wrong”"));
  g_assert_null (strstr (run.err, "not-adminpw"));
  g_unlink (path);
}

static void
test_usage (void)
{
  const char *timeouts[] = { "-3", "nan", "inf", "1e12" };

  for (guint i = 0; i < G_N_ELEMENTS (timeouts); i++)
    {
      g_auto(Run) run = { 0 };

      run_status (&run, "/nonexistent/clouds.yaml", "nowhere", timeouts[i]);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, "--timeout"));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-status/standalone", test_standalone);
  g_test_add_func ("/cli-status/auth-endpoint", test_auth_endpoint);
  g_test_add_func ("/cli-status/wrong-endpoint", test_wrong_endpoint);
  g_test_add_func ("/cli-status/wrong-service", test_wrong_service);
  g_test_add_func ("/cli-status/wrong-password", test_wrong_password);
  g_test_add_func ("/cli-status/usage", test_usage);

  return g_test_run ();
}
