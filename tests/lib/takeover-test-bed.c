/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-test-bed"

#include "config.h"

#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>

#include "takeover-test-bed.h"

/* Where `up` records the state dir of the bed that runs on this machine (there is one per
 * machine: namespaces, addresses and ports are machine-wide). */
#define RUNNING_BED_MARKER "/run/takeover-testbed"

typedef struct
{
  char *state_dir;
  char *hosts_conf;
  char *hosts_csv;
  char *clouds_yaml;
  char *ssh_key;
  char *ssh_known_hosts;
} TestBed;

/* How many hosts this process already knows to be up, and whether with the full cloud. */
static guint ensured_hosts;
static gboolean ensured_full;

static const char *
source_dir (void)
{
  const char *dir = g_getenv ("TAKEOVER_SOURCE_DIR");

  if (dir == NULL)
    g_error ("TAKEOVER_SOURCE_DIR is not set: run the tests with meson test");
  return dir;
}

/* $TESTBED_DIR if set, else the bed running on this machine, else the checkout's default. */
static char *
find_state_dir (void)
{
  const char *env = g_getenv ("TESTBED_DIR");
  g_autofree char *running = NULL;

  if (env != NULL && *env != '\0')
    return g_canonicalize_filename (env, NULL);
  if (g_file_get_contents (RUNNING_BED_MARKER, &running, NULL, NULL))
    {
      g_strstrip (running);
      if (g_file_test (running, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&running);
    }
  return g_build_filename (source_dir (), "tests", "testbed", "state", NULL);
}

static const TestBed *
test_bed (void)
{
  static TestBed *bed;

  if (g_once_init_enter (&bed))
    {
      TestBed *b = g_new0 (TestBed, 1);

      b->state_dir = find_state_dir ();
      b->hosts_conf = g_build_filename (b->state_dir, "hosts.conf", NULL);
      b->hosts_csv = g_build_filename (b->state_dir, "hosts.csv", NULL);
      b->clouds_yaml = g_build_filename (b->state_dir, "clouds.yaml", NULL);
      b->ssh_key = g_build_filename (b->state_dir, "ssh", "id_ed25519", NULL);
      b->ssh_known_hosts = g_build_filename (b->state_dir, "ssh", "known_hosts", NULL);
      g_once_init_leave (&bed, b);
    }
  return bed;
}

/* Index 1, 2, ... of a host named tb-001, tb-002, ... */
static guint
host_index (const char *host)
{
  guint64 index = 0;

  g_assert (host != NULL);
  if (!g_str_has_prefix (host, "tb-")
      || !g_ascii_string_to_unsigned (host + 3, 10, 1, 508, &index, NULL))
    g_error ("“%s” is not a test bed host name (tb-001, tb-002, …)", host);
  return (guint) index;
}

/* Host i's BMC is 127.0.X.Y and its management IP 198.18.X.Y (see tests/testbed/lib.sh). */
static char *
host_address (const char *host,
              const char *prefix)
{
  guint i = host_index (host);

  return g_strdup_printf ("%s.%u.%u", prefix, 1 + (i - 1) / 254, (i - 1) % 254 + 1);
}

/* Whether this process may create network namespaces: try it in a child. */
static gboolean
can_create_netns (void)
{
  int status = 0;
  pid_t pid = fork ();

  if (pid == 0)
    _exit (unshare (CLONE_NEWNET) == 0 ? 0 : 1);
  if (pid < 0 || waitpid (pid, &status, 0) != pid)
    return FALSE;
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

static gboolean
ironic_running (void)
{
  g_autofree char *pid_file = g_build_filename (test_bed ()->state_dir, "ironic", "ironic.pid",
                                               NULL);
  g_autofree char *text = NULL;
  guint64 pid = 0;

  return g_file_get_contents (pid_file, &text, NULL, NULL)
         && g_ascii_string_to_unsigned (g_strstrip (text), 10, 1, G_MAXINT, &pid, NULL)
         && kill ((pid_t) pid, 0) == 0;
}

/* Runs tests/testbed/up, which takes the bed's lock itself, so concurrent tests wait for each
 * other. Its output goes to up.log in the state dir (a pipe would be held open by the daemons
 * it starts). */
static gboolean
run_up (guint    n_hosts,
        gboolean full)
{
  const TestBed *bed = test_bed ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) up = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_build_filename (source_dir (), "tests", "testbed", "up", NULL);
  g_autofree char *log = g_build_filename (bed->state_dir, "up.log", NULL);
  g_autofree char *count = g_strdup_printf ("%u", n_hosts);
  g_autofree char *output = NULL;

  g_mkdir_with_parents (bed->state_dir, 0755);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_subprocess_launcher_setenv (launcher, "TESTBED_DIR", bed->state_dir, TRUE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  g_test_message ("starting the test bed: TESTBED_DIR=%s %s %s%s",
                  bed->state_dir, script, full ? "--full " : "", count);
  if (full)
    up = g_subprocess_launcher_spawn (launcher, &error, script, "--full", count, NULL);
  else
    up = g_subprocess_launcher_spawn (launcher, &error, script, count, NULL);
  if (up != NULL)
    g_subprocess_wait_check (up, NULL, &error);
  if (error != NULL)
    {
      g_file_get_contents (log, &output, NULL, NULL);
      g_test_message ("%s", output != NULL ? output : "(no output)");
      g_test_fail_printf ("tests/testbed/up failed (%s), its output is above and in %s",
                          error->message, log);
      return FALSE;
    }
  return TRUE;
}

/**
 * takeover_test_bed_require:
 * @n_hosts: how many hosts the test needs (tb-001 … tb-@n_hosts)
 * @full: whether the test needs the full cloud (Keystone, Nova, … and Ironic on 6386)
 *
 * Makes sure the bed runs with at least @n_hosts hosts, starting or growing it if needed.
 * Marks the test skipped where the machine cannot run the bed (not root, no network
 * namespaces) and failed if starting the bed failed.
 *
 * Returns: %TRUE if the test can go on
 */
gboolean
takeover_test_bed_require (guint    n_hosts,
                           gboolean full)
{
  g_return_val_if_fail (n_hosts >= 1, FALSE);

  if (n_hosts <= ensured_hosts && (!full || ensured_full))
    return TRUE;
  if (geteuid () != 0)
    {
      g_test_skip ("the test bed needs root "
                   "(network namespaces, sshd on port 22, BMCs on 127.0.1.x)");
      return FALSE;
    }
  if (!can_create_netns ())
    {
      g_test_skip ("the test bed needs network namespaces, which this kernel or container refuses");
      return FALSE;
    }
  /* Without --full an Ironic and enough hosts suffice; up --full is idempotent and cheap when
   * everything runs, and only it knows what the full cloud needs. */
  if (full || takeover_test_bed_get_n_hosts () < n_hosts || !ironic_running ())
    {
      if (!run_up (n_hosts, full))
        return FALSE;
    }
  ensured_hosts = MAX (n_hosts, ensured_hosts);
  ensured_full = ensured_full || full;
  return TRUE;
}

const char *
takeover_test_bed_get_state_dir (void)
{
  return test_bed ()->state_dir;
}

const char *
takeover_test_bed_get_hosts_conf (void)
{
  return test_bed ()->hosts_conf;
}

const char *
takeover_test_bed_get_hosts_csv (void)
{
  return test_bed ()->hosts_csv;
}

const char *
takeover_test_bed_get_clouds_yaml (void)
{
  return test_bed ()->clouds_yaml;
}

/* The noauth cloud on 6385; the full bed's Keystone cloud is TAKEOVER_TEST_BED_CLOUD_FULL. */
const char *
takeover_test_bed_get_cloud_name (void)
{
  return TAKEOVER_TEST_BED_CLOUD;
}

/* The client key (OpenSSH ed25519, no passphrase) that every host's sshd accepts for hwprobe. */
const char *
takeover_test_bed_get_ssh_key (void)
{
  return test_bed ()->ssh_key;
}

/* known_hosts lines for every host's management IP (ed25519 and ecdsa host keys). */
const char *
takeover_test_bed_get_ssh_known_hosts (void)
{
  return test_bed ()->ssh_known_hosts;
}

/* The number of hosts the bed runs (0 if it is not up), which may exceed what was required. */
guint
takeover_test_bed_get_n_hosts (void)
{
  g_autofree char *path = g_build_filename (test_bed ()->state_dir, "run", "count", NULL);
  g_autofree char *text = NULL;
  guint64 count = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL)
      || !g_ascii_string_to_unsigned (g_strstrip (text), 10, 0, G_MAXUINT, &count, NULL))
    return 0;
  return (guint) count;
}

char *
takeover_test_bed_dup_host_name (guint index)
{
  g_return_val_if_fail (index >= 1, NULL);

  return g_strdup_printf ("tb-%03u", index);
}

char *
takeover_test_bed_dup_bmc_address (const char *host)
{
  g_return_val_if_fail (host != NULL, NULL);

  return host_address (host, "127.0");
}

char *
takeover_test_bed_dup_mgmt_ip (const char *host)
{
  g_return_val_if_fail (host != NULL, NULL);

  return host_address (host, "198.18");
}

char *
takeover_test_bed_dup_chassis_log_path (const char *host)
{
  g_return_val_if_fail (host != NULL, NULL);

  return g_build_filename (test_bed ()->state_dir, "bmc", host, "chassis.log", NULL);
}

/* The host's chassis log: one line per chassis-changing command its BMC received. */
char *
takeover_test_bed_dup_chassis_log (const char *host)
{
  g_autofree char *path = NULL;
  char *text = NULL;

  g_return_val_if_fail (host != NULL, NULL);

  path = takeover_test_bed_dup_chassis_log_path (host);
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

/**
 * takeover_test_bed_dup_ssh_commands:
 *
 * Every command run over SSH on @host since the bed started, oldest first, as its sshd's
 * ForceCommand wrapper logged them (tests/testbed/host/ssh-command).
 *
 * Returns: (transfer full): the commands; empty when none was run
 */
GStrv
takeover_test_bed_dup_ssh_commands (const char *host)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gsize length = 0;

  g_return_val_if_fail (host != NULL, NULL);

  path = g_build_filename (test_bed ()->state_dir, "hosts", host, "ssh-commands.log", NULL);
  if (g_file_get_contents (path, &text, &length, NULL))
    for (const char *p = text; p < text + length; p += strlen (p) + 1)
      g_strv_builder_add (builder, p);
  return g_strv_builder_end (builder);
}

/**
 * takeover_test_bed_dup_chassis_logs:
 *
 * The chassis logs of every host but the two reserved for chassis-changing tests, each line
 * prefixed with its host's name. Read-only work (probing, adopting) must leave it empty.
 *
 * Returns: (transfer full): the lines, "" if none
 */
char *
takeover_test_bed_dup_chassis_logs (void)
{
  g_autoptr(GString) all = g_string_new (NULL);
  guint n = takeover_test_bed_get_n_hosts ();

  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *host = takeover_test_bed_dup_host_name (i);
      g_autofree char *log = NULL;
      g_auto(GStrv) lines = NULL;

      if (g_str_equal (host, TAKEOVER_TEST_BED_CHASSIS_HOST)
          || g_str_equal (host, TAKEOVER_TEST_BED_CHASSIS_HOST_TESTBED))
        continue;
      log = takeover_test_bed_dup_chassis_log (host);
      lines = g_strsplit (log, "\n", -1);
      for (guint l = 0; lines[l] != NULL; l++)
        if (*lines[l] != '\0')
          g_string_append_printf (all, "%s: %s\n", host, lines[l]);
    }
  return g_string_free (g_steal_pointer (&all), FALSE);
}

char *
takeover_test_bed_dup_sensor_dir (const char *host)
{
  g_return_val_if_fail (host != NULL, NULL);

  return g_build_filename (test_bed ()->state_dir, "bmc", host, "sensors", NULL);
}

/* Write a value in the sensor's units to this file; the BMC reads it within 2 s. */
char *
takeover_test_bed_dup_sensor_path (const char            *host,
                                   TakeoverTestBedSensor  sensor)
{
  g_autofree char *dir = NULL;
  char name[4];

  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (sensor >= TAKEOVER_TEST_BED_SENSOR_CPU_TEMP
                        && sensor <= TAKEOVER_TEST_BED_SENSOR_POWER, NULL);

  dir = takeover_test_bed_dup_sensor_dir (host);
  g_snprintf (name, sizeof name, "%d", sensor);
  return g_build_filename (dir, name, NULL);
}
