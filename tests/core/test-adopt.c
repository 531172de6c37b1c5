/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The adoption engine against the test bed's real Ironic and BMCs, mostly through
 * `takeover-cli adopt` as an operator runs it. Node names start with NODE_PREFIX, so that the
 * nodes of other tests sharing the Ironic are never touched; the tests run one after the other
 * in this one program because their nodes share the hosts' MACs, which Ironic keeps unique.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>

#include "takeover-adopt.h"
#include "takeover-fault-proxy.h"
#include "takeover-file-writer.h"
#include "takeover-session.h"
#include "takeover-test-bed.h"

#define NODE_PREFIX "it-adopt-"
#define IMAGE_URL   "http://127.0.0.1:8088/adopted.img"
#define OWNER       "3f0c7d2b9a8e4d51b6c2a1e0f9d8c7b6"
/* 20 hosts besides the two whose chassis other tests may change. */
#define BED_HOSTS   22
#define N_HOSTS     20

typedef struct
{
  char           *dir;          /* XDG_STATE_HOME and friends of the CLI */
  char           *clouds_yaml;  /* the CLI's OS_CLIENT_CONFIG_FILE */
  TakeoverCloud  *cloud;
  TakeoverIronic *ironic;
} Fixture;

/* ---- talking to Ironic synchronously, for the checks */

/* No wait of these tests outlasts this (a run of 20 hosts takes well under a minute). */
#define WAIT_DEADLINE_S 600

static gboolean
deadline_cb (gpointer user_data)
{
  g_error ("a wait of the test passed its %d s deadline", WAIT_DEADLINE_S);
  return G_SOURCE_REMOVE;
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  guint deadline_id = g_timeout_add_seconds (WAIT_DEADLINE_S, deadline_cb, NULL);

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (deadline_id);

  return *slot;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GPtrArray *
list_nodes (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *ours = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  /* In detail: updated_at, which tells whether a node changed, is no selectable field. */
  takeover_ironic_list_nodes_async (fixture->ironic, NULL, NULL, 0, NULL, store_result_cb,
                                    &result);
  nodes = takeover_ironic_list_nodes_finish (fixture->ironic, wait_for_result (&result), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < nodes->len; i++)
    {
      JsonObject *node = g_ptr_array_index (nodes, i);
      const char *name = json_object_get_string_member_with_default (node, "name", "");

      if (g_str_has_prefix (name, NODE_PREFIX))
        g_ptr_array_add (ours, json_object_ref (node));
    }

  return ours;
}

static GPtrArray *
list_ports (Fixture    *fixture,
            const char *node_uuid)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *ports;

  takeover_ironic_list_ports_async (fixture->ironic, node_uuid, NULL, NULL, store_result_cb,
                                    &result);
  ports = takeover_ironic_list_ports_finish (fixture->ironic, wait_for_result (&result), &error);
  g_assert_no_error (error);

  return ports;
}

static JsonObject *
find_node (GPtrArray  *nodes,
           const char *name)
{
  for (guint i = 0; i < nodes->len; i++)
    if (g_strcmp0 (json_object_get_string_member (g_ptr_array_index (nodes, i), "name"),
                   name) == 0)
      return g_ptr_array_index (nodes, i);

  return NULL;
}

/* The node named @name, or NULL. */
static JsonObject *
get_node (Fixture    *fixture,
          const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *node;

  takeover_ironic_get_node_async (fixture->ironic, name, NULL, NULL, store_result_cb, &result);
  node = takeover_ironic_get_node_finish (fixture->ironic, wait_for_result (&result), &error);
  if (g_error_matches (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_NOT_FOUND))
    return NULL;
  g_assert_no_error (error);

  return node;
}

/* Removes a node the way Ironic does it without cleaning: from maintenance. */
static void
delete_node (Fixture    *fixture,
             JsonObject *node)
{
  const char *uuid = json_object_get_string_member (node, "uuid");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (!json_object_get_boolean_member_with_default (node, "maintenance", FALSE))
    {
      g_autoptr(JsonArray) patch = json_array_new ();
      g_autoptr(JsonObject) updated = NULL;

      takeover_json_patch_append (patch, "replace", "/maintenance",
                                  json_node_init_boolean (json_node_alloc (), TRUE));
      takeover_ironic_update_node_async (fixture->ironic, uuid, patch, NULL,
                                         store_result_cb, &result);
      updated = takeover_ironic_update_node_finish (fixture->ironic,
                                                    wait_for_result (&result), &error);
      g_assert_no_error (error);
      g_clear_object (&result);
    }

  takeover_ironic_delete_node_async (fixture->ironic, uuid, NULL, store_result_cb, &result);
  takeover_ironic_delete_node_finish (fixture->ironic, wait_for_result (&result), &error);
  g_assert_no_error (error);
}

static void
delete_our_nodes (Fixture *fixture)
{
  g_autoptr(GPtrArray) nodes = list_nodes (fixture);

  for (guint i = 0; i < nodes->len; i++)
    delete_node (fixture, g_ptr_array_index (nodes, i));
}

/* ---- the hosts */

static guint
host_index (guint i)
{
  /* tb-001 … tb-018, then tb-021, tb-022: tb-019 and tb-020 are the chassis tests' hosts. */
  return i < 18 ? i + 1 : i + 3;
}

static char *
host_name (guint i)
{
  return takeover_test_bed_dup_host_name (host_index (i));
}

static char *
node_name (guint i)
{
  g_autofree char *host = host_name (i);

  return g_strconcat (NODE_PREFIX, host, NULL);
}

/* The bed's MACs: 02:18:<role>:00:<i high>:<i low>, role 0 for eth0 and 1 for eth1. */
static char *
host_mac (guint i,
          guint role)
{
  guint index = host_index (i);

  return g_strdup_printf ("02:18:%02x:00:%02x:%02x", role, index / 256, index % 256);
}

static char *
power_of (guint i)
{
  g_autofree char *host = host_name (i);
  g_autofree char *path = g_build_filename (takeover_test_bed_get_state_dir (), "bmc", host,
                                            "power", NULL);
  g_autofree char *power = NULL;

  /* The simulated chassis is on until something switches it off. */
  if (!g_file_get_contents (path, &power, NULL, NULL))
    return g_strdup ("1");

  return g_strstrip (g_steal_pointer (&power));
}

/* An inventory of hosts [first, first + n) as CSV; @bad_password_host gets a wrong password. */
static char *
write_inventory (Fixture *fixture,
                 guint    first,
                 guint    n,
                 int      bad_password_host)
{
  g_autoptr(GString) csv = g_string_new ("name,ipmi_address,ipmi_port,ipmi_username,"
                                         "ipmi_password,mgmt_ip,ssh_port,ssh_username,"
                                         "ssh_password,ssh_key\n");
  g_autofree char *path = g_build_filename (fixture->dir, "hosts.csv", NULL);

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *host = host_name (i);
      g_autofree char *name = node_name (i);
      g_autofree char *bmc = takeover_test_bed_dup_bmc_address (host);
      g_autofree char *mgmt = takeover_test_bed_dup_mgmt_ip (host);

      g_string_append_printf (csv, "%s,%s,%u,%s,%s,%s,22,%s,%s,%s\n", name, bmc,
                              TAKEOVER_TEST_BED_BMC_PORT, TAKEOVER_TEST_BED_BMC_USER,
                              (int) i == bad_password_host ? "not-the-password"
                                                           : TAKEOVER_TEST_BED_BMC_PASSWORD,
                              mgmt, TAKEOVER_TEST_BED_SSH_USER, TAKEOVER_TEST_BED_SSH_PASSWORD,
                              takeover_test_bed_get_ssh_key ());
    }

  g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));
  return g_steal_pointer (&path);
}

/* ---- running the CLI */

static GSubprocessLauncher *
cli_launcher (Fixture *fixture)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *data = g_build_filename (fixture->dir, "data", NULL);
  g_autofree char *cache = g_build_filename (fixture->dir, "cache", NULL);

  g_subprocess_launcher_setenv (launcher, "OS_CLIENT_CONFIG_FILE", fixture->clouds_yaml, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", fixture->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "OS_CLOUD");

  return launcher;
}

static GSubprocess *
spawn_adopt (Fixture     *fixture,
             const char  *inventory,
             const char  *cloud,
             const char **extra)
{
  g_autoptr(GSubprocessLauncher) launcher = cli_launcher (fixture);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_strv_builder_add_many (builder, g_getenv ("TAKEOVER_CLI"), "adopt", inventory,
                           "--cloud", cloud, "--image", IMAGE_URL, "--json", NULL);
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_strv_builder_add (builder, extra[i]);
  argv = g_strv_builder_end (builder);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);

  return process;
}

/* Runs the CLI to its end; its JSON answer, one object per host, by host name. */
static JsonObject *
run_adopt (Fixture     *fixture,
           const char  *inventory,
           const char  *cloud,
           const char **extra,
           int          expected_status)
{
  g_autoptr(GSubprocess) process = spawn_adopt (fixture, inventory, cloud, extra);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  JsonObject *by_name = json_object_new ();
  JsonArray *hosts;

  /* The main context runs meanwhile: a test's fault proxy lives on it. */
  g_subprocess_communicate_utf8_async (process, NULL, NULL, store_result_cb, &result);
  g_subprocess_communicate_utf8_finish (process, wait_for_result (&result), &out, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, NULL);
  g_assert_true (g_subprocess_get_if_exited (process));
  if (g_subprocess_get_exit_status (process) != expected_status)
    g_test_message ("takeover-cli adopt said:\n%s", out);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, expected_status);

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  hosts = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (hosts); i++)
    {
      JsonObject *host = json_array_get_object_element (hosts, i);

      json_object_set_object_member (by_name, json_object_get_string_member (host, "name"),
                                     json_object_ref (host));
    }

  return by_name;
}

/* ---- checks */

/* A job that did not end verified says why, so that a failure in CI can be read from its log. */
static void
assert_job_verified (TakeoverAdoptJob *job)
{
  if (takeover_adopt_job_get_state (job) != TAKEOVER_ADOPT_STATE_VERIFIED)
    g_test_message ("%s: %s (last error: %s; hint: %s)",
                    takeover_host_get_display_name (takeover_adopt_job_get_host (job)),
                    takeover_adopt_job_get_message (job),
                    takeover_adopt_job_get_last_error (job),
                    takeover_adopt_job_get_hint (job));
  g_assert_cmpint (takeover_adopt_job_get_state (job), ==, TAKEOVER_ADOPT_STATE_VERIFIED);
}

/* Every host of [first, first + n) is one active ipmi node with the probed facts and exactly
 * its two MACs as ports; the BMC's power is what it was. */
static void
assert_adopted (Fixture      *fixture,
                guint         first,
                guint         n,
                const GStrv   powers_before)
{
  g_autoptr(GPtrArray) nodes = list_nodes (fixture);

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *name = node_name (i);
      g_autofree char *power = power_of (i);
      JsonObject *node = find_node (nodes, name);
      JsonObject *properties;
      g_autoptr(GPtrArray) ports = NULL;
      g_autofree char *mac0 = host_mac (i, 0);
      g_autofree char *mac1 = host_mac (i, 1);
      guint n_named = 0;

      for (guint j = 0; j < nodes->len; j++)
        n_named += g_strcmp0 (json_object_get_string_member (g_ptr_array_index (nodes, j),
                                                             "name"), name) == 0;
      g_assert_cmpuint (n_named, ==, 1);
      g_assert_nonnull (node);
      g_assert_cmpstr (json_object_get_string_member (node, "provision_state"), ==, "active");
      g_assert_cmpstr (json_object_get_string_member (node, "driver"), ==, "ipmi");
      g_assert_cmpstr (json_object_get_string_member (node, "resource_class"), ==, "baremetal");
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (node,
                                                                                    "instance_info"),
                                                      "image_source"), ==, IMAGE_URL);
      properties = json_object_get_object_member (node, "properties");
      g_assert_cmpint (json_object_get_int_member (properties, "cpus"), >, 0);
      g_assert_cmpint (json_object_get_int_member (properties, "memory_mb"), >, 0);
      g_assert_cmpint (json_object_get_int_member (properties, "local_gb"), >, 0);
      g_assert_cmpstr (json_object_get_string_member (properties, "cpu_arch"), ==, "x86_64");

      /* Power: untouched at the BMC, and Ironic sees what the BMC says. */
      if (powers_before != NULL)
        g_assert_cmpstr (power, ==, powers_before[i]);
      g_assert_cmpstr (json_object_get_string_member (node, "power_state"), ==,
                       g_str_equal (power, "1") ? "power on" : "power off");

      ports = list_ports (fixture, json_object_get_string_member (node, "uuid"));
      g_assert_cmpuint (ports->len, ==, 2);
      for (guint j = 0; j < ports->len; j++)
        {
          JsonObject *port = g_ptr_array_index (ports, j);
          const char *address = json_object_get_string_member (port, "address");
          JsonObject *link = json_object_get_object_member (port, "local_link_connection");
          g_autofree char *host = host_name (i);
          g_autofree char *switch_port = g_strdup_printf ("%s-%s",
                                                          g_strcmp0 (address, mac0) == 0
                                                            ? "tbv" : "tbw",
                                                          host + strlen ("tb-"));

          g_assert_true (g_strcmp0 (address, mac0) == 0 || g_strcmp0 (address, mac1) == 0);
          /* Where the host sees the switch over LLDP, its ports say where they are plugged. */
          if (strstr (TAKEOVER_TEST_BED_LLDP_HOSTS, host) != NULL)
            {
              g_assert_cmpstr (json_object_get_string_member (link, "switch_id"), ==,
                               TAKEOVER_TEST_BED_SWITCH_ID);
              g_assert_cmpstr (json_object_get_string_member (link, "port_id"), ==, switch_port);
              g_assert_cmpstr (json_object_get_string_member (link, "switch_info"), ==,
                               "tb-switch");
            }
          else
            {
              g_assert_cmpuint (json_object_get_size (link), ==, 0);
            }
        }
      g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (ports, 0), "address"),
                       !=,
                       json_object_get_string_member (g_ptr_array_index (ports, 1), "address"));
    }
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Each of our nodes' ports, "node port address updated_at" a line, sorted: equal texts mean
 * nothing was added, removed or changed. */
static char *
describe_our_ports (Fixture   *fixture,
                    GPtrArray *nodes)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < nodes->len; i++)
    {
      const char *uuid = json_object_get_string_member (g_ptr_array_index (nodes, i), "uuid");
      g_autoptr(GPtrArray) ports = list_ports (fixture, uuid);

      for (guint j = 0; j < ports->len; j++)
        {
          JsonObject *port = g_ptr_array_index (ports, j);

          const char *updated = json_object_get_null_member (port, "updated_at")
            ? "-" : json_object_get_string_member (port, "updated_at");

          g_ptr_array_add (lines,
                           g_strdup_printf ("%s %s %s %s", uuid,
                                            json_object_get_string_member (port, "uuid"),
                                            json_object_get_string_member (port, "address"),
                                            updated));
        }
    }
  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);

  return g_strjoinv ("\n", (char **) lines->pdata);
}

/* No port of ours without its node: every MAC of the hosts is on the node of its host, or
 * nowhere. */
static void
assert_no_orphans (Fixture *fixture,
                   guint    n)
{
  g_autoptr(GPtrArray) nodes = list_nodes (fixture);
  g_autoptr(GPtrArray) ports = list_ports (fixture, NULL);

  for (guint p = 0; p < ports->len; p++)
    {
      JsonObject *port = g_ptr_array_index (ports, p);

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *mac0 = host_mac (i, 0);
          g_autofree char *mac1 = host_mac (i, 1);
          g_autofree char *name = node_name (i);
          const char *address = json_object_get_string_member (port, "address");
          JsonObject *node;

          if (g_strcmp0 (address, mac0) != 0 && g_strcmp0 (address, mac1) != 0)
            continue;

          node = find_node (nodes, name);
          g_assert_nonnull (node);
          g_assert_cmpstr (json_object_get_string_member (port, "node_uuid"), ==,
                           json_object_get_string_member (node, "uuid"));
        }
    }
}

static void
assert_chassis_untouched (guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *host = host_name (i);
      g_autofree char *log = takeover_test_bed_dup_chassis_log (host);

      if (log != NULL && log[0] != '\0')
        g_error ("the chassis of %s was changed:\n%s", host, log);
    }
}

static GStrv
read_powers (guint n)
{
  GStrv powers = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    powers[i] = power_of (i);

  return powers;
}

/* The audit logs the CLI wrote so far, one per run. */
static GPtrArray *
list_audit_logs (Fixture *fixture)
{
  g_autofree char *dir = g_build_filename (fixture->dir, "takeover", "audit", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  while (listing != NULL && (entry = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (paths, g_build_filename (dir, entry, NULL));

  return paths;
}

/* ---- fixture */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TakeoverCloudConfig) config = NULL;
  const char *search_dirs[] = { NULL };
  g_autofree char *clouds_dir = NULL;
  g_auto(GStrv) envp = NULL;

  fixture->dir = g_dir_make_tmp ("takeover-adopt-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->clouds_yaml = g_strdup (takeover_test_bed_get_clouds_yaml ());

  envp = g_environ_setenv (g_get_environ (), "OS_CLIENT_CONFIG_FILE",
                           takeover_test_bed_get_clouds_yaml (), TRUE);
  config = takeover_cloud_config_load_full (TAKEOVER_TEST_BED_CLOUD, (const char * const *) envp,
                                            search_dirs, &error);
  g_assert_no_error (error);
  fixture->cloud = takeover_cloud_new (config);
  fixture->ironic = takeover_ironic_new (fixture->cloud);

  delete_our_nodes (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->dir);

  delete_our_nodes (fixture);
  g_clear_object (&fixture->ironic);
  g_clear_object (&fixture->cloud);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
  g_free (fixture->dir);
  g_free (fixture->clouds_yaml);
}

/* ---- the tests */

/* 20 hosts adopted with the ipmi driver; then a second run changes nothing. */
static void
test_adopt_twenty (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *inventory = write_inventory (fixture, 0, N_HOSTS, -1);
  const char *owner[] = { "--owner", OWNER, NULL };
  g_auto(GStrv) powers = read_powers (N_HOSTS);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(GPtrArray) nodes_before = NULL;
  g_autoptr(GPtrArray) nodes_after = NULL;
  g_autofree char *ports_before = NULL;
  g_autofree char *ports_after = NULL;
  g_autoptr(GPtrArray) audit_paths = NULL;
  g_autofree char *audit = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *journal_path = g_build_filename (fixture->dir, "takeover",
                                                    "journal-" TAKEOVER_TEST_BED_CLOUD ".json",
                                                    NULL);

  result = run_adopt (fixture, inventory, TAKEOVER_TEST_BED_CLOUD, owner, 0);
  g_assert_cmpuint (json_object_get_size (result), ==, N_HOSTS);
  for (guint i = 0; i < N_HOSTS; i++)
    {
      g_autofree char *name = node_name (i);
      JsonObject *host = json_object_get_object_member (result, name);

      g_assert_cmpstr (json_object_get_string_member (host, "state"), ==, "verified");
      g_assert_cmpint (json_object_get_int_member (host, "adopt_attempts"), ==, 1);
    }
  assert_adopted (fixture, 0, N_HOSTS, powers);
  nodes_before = list_nodes (fixture);
  for (guint i = 0; i < nodes_before->len; i++)
    g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (nodes_before, i), "owner"),
                     ==, OWNER);
  g_clear_pointer (&nodes_before, g_ptr_array_unref);

  /* The journal and the audit log say what happened, per host, without a secret. */
  g_assert_true (g_file_get_contents (journal_path, &journal, NULL, NULL));
  audit_paths = list_audit_logs (fixture);
  g_assert_cmpuint (audit_paths->len, ==, 1);
  g_assert_true (g_file_get_contents (g_ptr_array_index (audit_paths, 0), &audit, NULL, NULL));
  g_assert_nonnull (strstr (audit, "\"host\":\"" NODE_PREFIX "tb-001\",\"kind\":\"request\","
                                   "\"method\":\"POST\",\"path\":\"/v1/nodes\",\"status\":201"));
  g_assert_nonnull (strstr (journal, "\"verified\""));
  for (const char *text = audit; text != NULL; text = text == audit ? journal : NULL)
    {
      g_assert_null (strstr (text, TAKEOVER_TEST_BED_SSH_PASSWORD));
      g_assert_null (strstr (text, "ipmi_password"));
      g_assert_null (strstr (text, "\"" TAKEOVER_TEST_BED_BMC_PASSWORD "\""));
    }

  /* A re-run of a finished inventory changes nothing, not even a timestamp. */
  nodes_before = list_nodes (fixture);
  ports_before = describe_our_ports (fixture, nodes_before);
  again = run_adopt (fixture, inventory, TAKEOVER_TEST_BED_CLOUD, owner, 0);
  nodes_after = list_nodes (fixture);
  ports_after = describe_our_ports (fixture, nodes_after);
  g_assert_cmpuint (nodes_before->len, ==, nodes_after->len);
  for (guint i = 0; i < nodes_before->len; i++)
    {
      JsonObject *before = g_ptr_array_index (nodes_before, i);
      JsonObject *after = find_node (nodes_after, json_object_get_string_member (before, "name"));

      g_assert_nonnull (after);
      g_assert_cmpstr (json_object_get_string_member (before, "uuid"), ==,
                       json_object_get_string_member (after, "uuid"));
      g_assert_cmpstr (json_object_get_string_member_with_default (before, "updated_at", ""), ==,
                       json_object_get_string_member_with_default (after, "updated_at", ""));
    }
  g_assert_cmpstr (ports_before, ==, ports_after);
  for (guint i = 0; i < N_HOSTS; i++)
    {
      g_autofree char *name = node_name (i);
      JsonObject *host = json_object_get_object_member (again, name);

      g_assert_cmpstr (json_object_get_string_member (host, "state"), ==, "verified");
      g_assert_cmpint (json_object_get_int_member (host, "adopt_attempts"), ==, 0);
    }

  assert_chassis_untouched (N_HOSTS);
}

/* A host whose BMC refuses the password fails before anything is created for it; the others
 * are adopted. */
static void
test_adopt_wrong_password (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *inventory = write_inventory (fixture, 0, 4, 1);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autofree char *bad_name = node_name (1);
  JsonObject *bad;

  result = run_adopt (fixture, inventory, TAKEOVER_TEST_BED_CLOUD, NULL, 1);
  bad = json_object_get_object_member (result, bad_name);
  g_assert_cmpstr (json_object_get_string_member (bad, "state"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (bad, "failed_state"), ==, "preflight");
  g_assert_nonnull (strstr (json_object_get_string_member (bad, "message"), "BMC"));
  g_assert_nonnull (json_object_get_string_member (bad, "hint"));
  g_assert_true (json_object_get_null_member (bad, "node_uuid"));

  nodes = list_nodes (fixture);
  g_assert_null (find_node (nodes, bad_name));
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = node_name (i);

      if (i != 1)
        g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result,
                                                                                      name),
                                                        "state"), ==, "verified");
    }
  assert_adopted (fixture, 0, 1, NULL);
  assert_adopted (fixture, 2, 2, NULL);

  /* With the password corrected, a re-run adopts it and leaves the others be. */
  g_clear_pointer (&inventory, g_free);
  inventory = write_inventory (fixture, 0, 4, -1);
  g_clear_pointer (&result, json_object_unref);
  result = run_adopt (fixture, inventory, TAKEOVER_TEST_BED_CLOUD, NULL, 0);
  assert_adopted (fixture, 0, 4, NULL);
  assert_chassis_untouched (4);
}

/* A dry run shows what it would create and creates nothing. */
static void
test_adopt_dry_run (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *inventory = write_inventory (fixture, 0, 2, -1);
  const char *extra[] = { "--dry-run", NULL };
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autofree char *journal_path = g_build_filename (fixture->dir, "takeover",
                                                    "journal-" TAKEOVER_TEST_BED_CLOUD ".json",
                                                    NULL);

  result = run_adopt (fixture, inventory, TAKEOVER_TEST_BED_CLOUD, extra, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = node_name (i);
      g_autofree char *mac0 = host_mac (i, 0);
      JsonObject *host = json_object_get_object_member (result, name);
      JsonArray *plan = json_object_get_array_member (host, "plan");
      g_autofree char *create = g_strdup_printf ("Create node “%s”", name);
      g_autofree char *port = g_strdup_printf ("Create port %s", mac0);

      g_assert_cmpstr (json_object_get_string_member (host, "state"), ==, "skipped");
      g_assert_cmpuint (json_array_get_length (plan), ==, 5);
      g_assert_true (g_str_has_prefix (json_array_get_string_element (plan, 0), create));
      g_assert_cmpstr (json_array_get_string_element (plan, 1), ==, port);
    }

  nodes = list_nodes (fixture);
  g_assert_cmpuint (nodes->len, ==, 0);
  g_assert_false (g_file_test (journal_path, G_FILE_TEST_EXISTS));
}

/* Waits until the audit log of the running CLI has a line with @needle, then kills the CLI. */
static void
kill_when (Fixture    *fixture,
           const char *inventory,
           const char *needle)
{
  g_autoptr(GPtrArray) before = list_audit_logs (fixture);
  g_autoptr(GSubprocess) process = spawn_adopt (fixture, inventory, TAKEOVER_TEST_BED_CLOUD,
                                                NULL);
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  gboolean seen = FALSE;

  while (!seen)
    {
      g_autoptr(GPtrArray) now = list_audit_logs (fixture);

      for (guint i = 0; i < now->len && !seen; i++)
        {
          const char *path = g_ptr_array_index (now, i);
          g_autofree char *audit = NULL;

          if (!g_ptr_array_find_with_equal_func (before, path, g_str_equal, NULL) &&
              g_file_get_contents (path, &audit, NULL, NULL))
            seen = strstr (audit, needle) != NULL;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!seen)
        g_usleep (5000);
    }

  g_subprocess_send_signal (process, SIGKILL);
  g_subprocess_wait (process, NULL, NULL);
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_test_message ("killed after %s", needle);
}

/* kill -9 at several points, then a run to the end: every host active, nothing twice, nothing
 * orphaned. */
static void
test_adopt_kill (Fixture       *fixture,
                 gconstpointer  data)
{
  const guint n = 6;
  g_autofree char *inventory = write_inventory (fixture, 0, n, -1);
  const char *points[] = {
    "\"method\":\"POST\",\"path\":\"/v1/nodes\"",
    "\"method\":\"POST\",\"path\":\"/v1/ports\"",
    "\"step\":\"managing\"",
    "\"step\":\"adopting\"",
  };
  g_autoptr(JsonObject) result = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      kill_when (fixture, inventory, points[i]);
      assert_no_orphans (fixture, n);
    }

  result = run_adopt (fixture, inventory, TAKEOVER_TEST_BED_CLOUD, NULL, 0);
  assert_adopted (fixture, 0, n, NULL);
  assert_no_orphans (fixture, n);
  assert_chassis_untouched (n);
}

/* 503s, 409 NodeLocked answers and a reset connection, injected by a proxy in front of the bed's
 * Ironic at every kind of request the engine makes, are ridden out. */
static void
test_adopt_faults (Fixture       *fixture,
                   gconstpointer  data)
{
  const guint n = 3;
  g_autofree char *inventory = write_inventory (fixture, 0, n, -1);
  g_autoptr(TakeoverFaultProxy) proxy = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *clouds = NULL;

  proxy = takeover_fault_proxy_new (TAKEOVER_TEST_BED_IRONIC_URL, &error);
  g_assert_no_error (error);
  takeover_fault_proxy_add_faults (proxy, TAKEOVER_FAULT_UNAVAILABLE, 2, "GET", "/v1/nodes/");
  takeover_fault_proxy_add_faults (proxy, TAKEOVER_FAULT_UNAVAILABLE, 2, "POST", "/v1/nodes");
  takeover_fault_proxy_add_faults (proxy, TAKEOVER_FAULT_LOCKED, 1, "POST", "/v1/ports");
  takeover_fault_proxy_add_faults (proxy, TAKEOVER_FAULT_UNAVAILABLE, 1, "POST", "/v1/ports");
  takeover_fault_proxy_add_faults (proxy, TAKEOVER_FAULT_LOCKED, 3, "PUT", "/v1/nodes/");
  takeover_fault_proxy_add_faults (proxy, TAKEOVER_FAULT_UNAVAILABLE, 1, "PUT", "/v1/nodes/");
  takeover_fault_proxy_add_faults (proxy, TAKEOVER_FAULT_RESET, 1, "GET", "/v1/nodes/");

  clouds = g_strdup_printf ("clouds:\n  faulty:\n    auth_type: none\n"
                            "    baremetal_endpoint_override: %s\n",
                            takeover_fault_proxy_get_url (proxy));
  g_free (fixture->clouds_yaml);
  fixture->clouds_yaml = g_build_filename (fixture->dir, "clouds.yaml", NULL);
  g_assert_true (g_file_set_contents (fixture->clouds_yaml, clouds, -1, NULL));

  result = run_adopt (fixture, inventory, "faulty", NULL, 0);
  g_assert_cmpuint (takeover_fault_proxy_get_n_faults (proxy), ==, 11);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = node_name (i);

      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result,
                                                                                    name),
                                                      "state"), ==, "verified");
    }
  assert_adopted (fixture, 0, n, NULL);
  assert_no_orphans (fixture, n);
  assert_chassis_untouched (n);
}

/* Adds host @i, its node to be named @name. */
static TakeoverAdoptJob *
add_named_host (TakeoverAdopt *adopt,
                guint          i,
                const char    *name)
{
  g_autoptr(TakeoverHost) host = takeover_host_new ();
  g_autofree char *tb = host_name (i);
  g_autofree char *bmc = takeover_test_bed_dup_bmc_address (tb);
  g_autofree char *mgmt = takeover_test_bed_dup_mgmt_ip (tb);

  takeover_host_set_name (host, name);
  takeover_host_set_bmc_address (host, bmc);
  takeover_host_set_bmc_username (host, TAKEOVER_TEST_BED_BMC_USER);
  takeover_host_set_bmc_password (host, TAKEOVER_TEST_BED_BMC_PASSWORD);
  takeover_host_set_mgmt_ip (host, mgmt);
  takeover_host_set_ssh_username (host, TAKEOVER_TEST_BED_SSH_USER);
  takeover_host_set_ssh_key_file (host, takeover_test_bed_get_ssh_key ());

  return takeover_adopt_add_host (adopt, host);
}

static TakeoverAdoptJob *
add_host (TakeoverAdopt *adopt,
          guint          i)
{
  g_autofree char *name = node_name (i);

  return add_named_host (adopt, i, name);
}

static void
run_engine (TakeoverAdopt *adopt)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  takeover_adopt_run_async (adopt, NULL, store_result_cb, &result);
  g_assert_true (takeover_adopt_run_finish (adopt, wait_for_result (&result), &error));
  g_assert_no_error (error);
}

static void
remove_node (TakeoverAdopt     *adopt,
             TakeoverAdoptJob  *job,
             GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  takeover_adopt_remove_node_async (adopt, job, NULL, store_result_cb, &result);
  takeover_adopt_remove_node_finish (adopt, wait_for_result (&result), error);
}

static void
cancel_when_node_created_cb (TakeoverAdoptJob *job,
                             GParamSpec       *pspec,
                             gpointer          user_data)
{
  if (takeover_adopt_job_get_state (job) == TAKEOVER_ADOPT_STATE_NODE_CREATED)
    takeover_adopt_job_cancel (job);
}

/* A host stopped halfway can have its node removed (from enroll: no cleaning), ports and all;
 * an adopted one cannot. */
static void
test_adopt_remove (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TakeoverFleetProbe) probe = takeover_fleet_probe_new (4);
  g_autoptr(TakeoverAdopt) adopt = takeover_adopt_new (fixture->ironic, probe);
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GError) error = NULL;
  TakeoverAdoptJob *job;

  takeover_adopt_set_image_source (adopt, IMAGE_URL);
  job = add_host (adopt, 0);
  g_signal_connect (job, "notify::state", G_CALLBACK (cancel_when_node_created_cb), NULL);
  run_engine (adopt);
  g_signal_handlers_disconnect_by_func (job, cancel_when_node_created_cb, NULL);

  g_assert_cmpint (takeover_adopt_job_get_state (job), ==, TAKEOVER_ADOPT_STATE_CANCELLED);
  g_assert_cmpint (takeover_adopt_job_get_failed_state (job), ==,
                   TAKEOVER_ADOPT_STATE_NODE_CREATED);
  g_assert_cmpstr (takeover_adopt_job_get_provision_state (job), ==, "enroll");
  g_assert_true (takeover_adopt_job_can_remove_node (job));
  nodes = list_nodes (fixture);
  g_assert_cmpuint (nodes->len, ==, 1);

  remove_node (adopt, job, &error);
  g_assert_no_error (error);
  g_assert_null (takeover_adopt_job_get_node_uuid (job));
  g_clear_pointer (&nodes, g_ptr_array_unref);
  nodes = list_nodes (fixture);
  g_assert_cmpuint (nodes->len, ==, 0);
  assert_no_orphans (fixture, 1);

  run_engine (adopt);
  assert_job_verified (job);
  g_assert_false (takeover_adopt_job_can_remove_node (job));
  remove_node (adopt, job, &error);
  g_assert_error (error, TAKEOVER_ADOPT_ERROR, TAKEOVER_ADOPT_ERROR_UNEXPECTED);
  assert_adopted (fixture, 0, 1, NULL);
  assert_chassis_untouched (1);

  g_assert_finalize_object (g_steal_pointer (&adopt));
}

/* Hosts of a classic hosts.conf have no name: their nodes are named after their hostnames, and a
 * re-run finds them again. These two hosts' names are their own, so they are removed here. */
static void
test_adopt_unnamed (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "hosts.conf", NULL);
  g_autoptr(GString) conf = g_string_new (NULL);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) again = NULL;

  for (guint i = N_HOSTS - 2; i < N_HOSTS; i++)
    {
      g_autofree char *host = host_name (i);
      g_autofree char *bmc = takeover_test_bed_dup_bmc_address (host);
      g_autofree char *mgmt = takeover_test_bed_dup_mgmt_ip (host);
      g_autoptr(JsonObject) stale = get_node (fixture, host);

      if (stale != NULL)
        delete_node (fixture, stale);
      g_string_append_printf (conf, "%s;%s;%s;%s;%s;%s\n", bmc, TAKEOVER_TEST_BED_BMC_USER,
                              TAKEOVER_TEST_BED_BMC_PASSWORD, mgmt, TAKEOVER_TEST_BED_SSH_USER,
                              TAKEOVER_TEST_BED_SSH_PASSWORD);
    }
  g_assert_true (g_file_set_contents (path, conf->str, conf->len, NULL));

  result = run_adopt (fixture, path, TAKEOVER_TEST_BED_CLOUD, NULL, 0);
  again = run_adopt (fixture, path, TAKEOVER_TEST_BED_CLOUD, NULL, 0);
  for (guint i = N_HOSTS - 2; i < N_HOSTS; i++)
    {
      g_autofree char *host = host_name (i);
      g_autofree char *bmc = takeover_test_bed_dup_bmc_address (host);
      g_autoptr(JsonObject) node = get_node (fixture, host);
      g_autoptr(GPtrArray) ports = NULL;

      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result, bmc),
                                                      "state"), ==, "verified");
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (again, bmc),
                                                      "state"), ==, "verified");
      g_assert_nonnull (node);
      g_assert_cmpstr (json_object_get_string_member (node, "provision_state"), ==, "active");
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (node,
                                                                                    "driver_info"),
                                                      "ipmi_address"), ==, bmc);
      ports = list_ports (fixture, json_object_get_string_member (node, "uuid"));
      g_assert_cmpuint (ports->len, ==, 2);
      delete_node (fixture, node);
    }
  assert_chassis_untouched (N_HOSTS);
}

typedef struct
{
  guint running;
  guint most;
} Slots;

static void
count_running_cb (TakeoverAdoptJob *job,
                  GParamSpec       *pspec,
                  Slots            *slots)
{
  GListModel *jobs = g_object_get_data (G_OBJECT (job), "jobs");

  slots->running = 0;
  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(TakeoverAdoptJob) other = g_list_model_get_item (jobs, i);
      TakeoverAdoptState state = takeover_adopt_job_get_state (other);

      slots->running += (state != TAKEOVER_ADOPT_STATE_PENDING &&
                         !takeover_adopt_state_is_final (state));
    }
  slots->most = MAX (slots->most, slots->running);
}

/* No more hosts are in flight at once than the concurrency says. */
static void
test_adopt_bounded (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TakeoverFleetProbe) probe = takeover_fleet_probe_new (4);
  g_autoptr(TakeoverAdopt) adopt = takeover_adopt_new (fixture->ironic, probe);
  GListModel *jobs = takeover_adopt_get_jobs (adopt);
  Slots slots = { 0 };

  takeover_adopt_set_image_source (adopt, IMAGE_URL);
  takeover_adopt_set_concurrency (adopt, 2);
  for (guint i = 0; i < 5; i++)
    {
      TakeoverAdoptJob *job = add_host (adopt, i);

      g_object_set_data (G_OBJECT (job), "jobs", jobs);
      g_signal_connect (job, "notify::state", G_CALLBACK (count_running_cb), &slots);
    }

  run_engine (adopt);
  g_assert_cmpuint (slots.most, ==, 2);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (jobs, i);

      assert_job_verified (job);
      g_signal_handlers_disconnect_by_data (job, &slots);
    }
  assert_adopted (fixture, 0, 5, NULL);

  g_assert_finalize_object (g_steal_pointer (&adopt));
}

/* One host cancelled through the engine's API stops; the others are adopted. */
static void
test_adopt_cancel_one (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TakeoverFleetProbe) probe = takeover_fleet_probe_new (4);
  g_autoptr(TakeoverAdopt) adopt = takeover_adopt_new (fixture->ironic, probe);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TakeoverAdoptJob *cancelled = NULL;

  takeover_adopt_set_image_source (adopt, IMAGE_URL);
  for (guint i = 0; i < 3; i++)
    {
      TakeoverAdoptJob *job = add_host (adopt, i);

      if (i == 1)
        cancelled = job;
    }

  takeover_adopt_run_async (adopt, NULL, store_result_cb, &result);
  takeover_adopt_job_cancel (cancelled);
  g_assert_true (takeover_adopt_run_finish (adopt, wait_for_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (takeover_adopt_get_jobs (adopt), i);

      if (job == cancelled)
        g_assert_cmpint (takeover_adopt_job_get_state (job), ==, TAKEOVER_ADOPT_STATE_CANCELLED);
      else
        assert_job_verified (job);
    }

  g_assert_finalize_object (g_steal_pointer (&adopt));
}

/* ---- failures Ironic reports, each from a real cause in Ironic */

/* Hosts for these tests: tb-013, tb-014 and tb-015, which only /adopt/twenty uses besides. */
#define FAILING_HOST    12
#define SUCCEEDING_HOST 13

/* A node name of its own for each test and host, so that no other test's node is taken. */
static char *
test_node_name (const char *test,
                guint       i)
{
  g_autofree char *host = host_name (i);

  return g_strdup_printf (NODE_PREFIX "%s-%s", test, host);
}

/* One request to Ironic with the fixture's client; its answer. */
static JsonNode *
ironic_request (Fixture    *fixture,
                const char *method,
                const char *path,
                JsonNode   *body)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *answer;

  takeover_cloud_request_async (fixture->cloud, &takeover_ironic_service, method, path, body,
                                NULL, TAKEOVER_CLOUD_REQUEST_NONE, NULL, store_result_cb,
                                &result);
  answer = takeover_cloud_request_finish (fixture->cloud, wait_for_result (&result), &error);
  g_assert_no_error (error);

  return answer;
}

/* A node for host @i in enroll, as an operator may have enrolled it before Takeover runs: its
 * BMC address, and @driver_info's other members. */
static JsonObject *
enroll_node (Fixture    *fixture,
             const char *name,
             guint       i,
             JsonObject *driver_info)
{
  g_autofree char *host = host_name (i);
  g_autofree char *bmc = takeover_test_bed_dup_bmc_address (host);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *node;

  json_object_set_string_member (driver_info, "ipmi_address", bmc);
  json_object_set_string_member (fields, "name", name);
  json_object_set_string_member (fields, "driver", "ipmi");
  json_object_set_object_member (fields, "driver_info", json_object_ref (driver_info));

  takeover_ironic_create_node_async (fixture->ironic, fields, NULL, store_result_cb, &result);
  node = takeover_ironic_create_node_finish (fixture->ironic, wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (node, "provision_state"), ==, "enroll");

  return node;
}

/* How many times Ironic's own history says it tried to adopt the node and failed. */
static guint
count_failed_adoptions (Fixture    *fixture,
                        const char *uuid)
{
  g_autofree char *path = g_strdup_printf ("/nodes/%s/history?detail=true", uuid);
  g_autoptr(JsonNode) answer = ironic_request (fixture, "GET", path, NULL);
  JsonArray *events = json_object_get_array_member (json_node_get_object (answer), "history");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      n += g_strcmp0 (json_object_get_string_member (event, "event_type"), "adoption") == 0 &&
           g_strcmp0 (json_object_get_string_member (event, "severity"), "ERROR") == 0;
    }

  return n;
}

/* The chassis logs of hosts @hosts (ended by -1), one after the other. */
static char *
dup_chassis_logs_of (const int *hosts)
{
  g_autoptr(GString) logs = g_string_new (NULL);

  for (guint i = 0; hosts[i] >= 0; i++)
    {
      g_autofree char *host = host_name (hosts[i]);
      g_autofree char *log = takeover_test_bed_dup_chassis_log (host);

      g_string_append_printf (logs, "%s:\n%s\n", host, log != NULL ? log : "");
    }

  return g_string_free (g_steal_pointer (&logs), FALSE);
}

/* Host @i's job failed where Ironic left the node in @provision_state, with Ironic's own
 * last_error (which contains @cause), and its node can be removed without cleaning; then it
 * is, ports and all. */
static void
assert_failed_and_remove (Fixture          *fixture,
                          TakeoverAdopt    *adopt,
                          TakeoverAdoptJob *job,
                          guint             i,
                          const char       *provision_state,
                          const char       *cause)
{
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(GPtrArray) ports = NULL;
  g_autoptr(GError) error = NULL;
  const char *name = takeover_host_get_name (takeover_adopt_job_get_host (job));

  g_test_message ("%s: %s (last error: %s; hint: %s)", name, takeover_adopt_job_get_message (job),
                  takeover_adopt_job_get_last_error (job), takeover_adopt_job_get_hint (job));
  g_assert_cmpint (takeover_adopt_job_get_state (job), ==, TAKEOVER_ADOPT_STATE_FAILED);
  node = get_node (fixture, name);
  g_assert_nonnull (node);
  g_assert_cmpstr (json_object_get_string_member (node, "provision_state"), ==, provision_state);
  g_assert_cmpstr (takeover_adopt_job_get_provision_state (job), ==, provision_state);
  g_assert_cmpstr (takeover_adopt_job_get_node_uuid (job), ==,
                   json_object_get_string_member (node, "uuid"));
  g_assert_nonnull (strstr (json_object_get_string_member (node, "last_error"), cause));
  g_assert_cmpstr (takeover_adopt_job_get_last_error (job), ==,
                   json_object_get_string_member (node, "last_error"));

  ports = list_ports (fixture, json_object_get_string_member (node, "uuid"));
  g_assert_cmpuint (ports->len, ==, 2);
  g_clear_pointer (&ports, g_ptr_array_unref);

  /* Ironic deletes a node in this state without cleaning it: removal is offered, and works. */
  g_assert_true (takeover_adopt_job_can_remove_node (job));
  remove_node (adopt, job, &error);
  g_assert_no_error (error);
  g_assert_null (takeover_adopt_job_get_node_uuid (job));
  g_clear_pointer (&node, json_object_unref);
  g_assert_null (get_node (fixture, name));
  for (guint role = 0; role < 2; role++)
    {
      g_autofree char *mac = host_mac (i, role);
      g_autoptr(GAsyncResult) result = NULL;

      takeover_ironic_list_ports_async (fixture->ironic, NULL, mac, NULL, store_result_cb,
                                        &result);
      ports = takeover_ironic_list_ports_finish (fixture->ironic, wait_for_result (&result),
                                                 &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ports->len, ==, 0);
      g_clear_pointer (&ports, g_ptr_array_unref);
    }
}

/* A node Ironic cannot adopt (it was enrolled before with an iSCSI boot volume, and Ironic
 * adopts such a node only when it can boot from iSCSI) fails each attempt: the engine asks
 * exactly as many times as configured, then reports Ironic's error and what to do. The other
 * hosts of the run are adopted, and no BMC sees a chassis command. */
static void
test_adopt_failed_retries (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TakeoverFleetProbe) probe = takeover_fleet_probe_new (4);
  g_autoptr(TakeoverAdopt) adopt = takeover_adopt_new (fixture->ironic, probe);
  const int hosts[] = { FAILING_HOST, SUCCEEDING_HOST, SUCCEEDING_HOST + 1, -1 };
  g_autofree char *failing_name = test_node_name ("adopt-failed", FAILING_HOST);
  g_autofree char *chassis_before = dup_chassis_logs_of (hosts);
  g_autofree char *chassis_after = NULL;
  g_autoptr(JsonObject) driver_info = json_object_new ();
  g_autoptr(JsonObject) enrolled = NULL;
  g_autoptr(JsonObject) target = json_object_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *uuid = NULL;
  TakeoverAdoptJob *failing = NULL;

  enrolled = enroll_node (fixture, failing_name, FAILING_HOST, driver_info);
  uuid = g_strdup (json_object_get_string_member (enrolled, "uuid"));
  json_object_set_string_member (target, "node_uuid", uuid);
  json_object_set_string_member (target, "volume_type", "iscsi");
  json_object_set_int_member (target, "boot_index", 0);
  json_object_set_string_member (target, "volume_id", "takeover-test-root-volume");
  body = json_node_init_object (json_node_alloc (), target);
  answer = ironic_request (fixture, "POST", "/volume/targets", body);

  takeover_adopt_set_image_source (adopt, IMAGE_URL);
  takeover_adopt_set_adopt_attempts (adopt, 2);
  for (guint i = 0; hosts[i] >= 0; i++)
    {
      g_autofree char *name = test_node_name ("adopt-failed", hosts[i]);
      TakeoverAdoptJob *job = add_named_host (adopt, hosts[i], name);

      if (hosts[i] == FAILING_HOST)
        failing = job;
    }
  run_engine (adopt);

  for (guint i = 1; hosts[i] >= 0; i++)
    {
      g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (takeover_adopt_get_jobs (adopt), i);

      assert_job_verified (job);
      g_assert_cmpuint (takeover_adopt_job_get_attempts (job), ==, 1);
    }

  /* Asked twice, as configured, and Ironic's history has both failures. */
  g_assert_cmpuint (takeover_adopt_job_get_attempts (failing), ==, 2);
  g_assert_cmpuint (count_failed_adoptions (fixture, uuid), ==, 2);
  g_assert_cmpint (takeover_adopt_job_get_failed_state (failing), ==,
                   TAKEOVER_ADOPT_STATE_ADOPTING);
  g_assert_cmpstr (takeover_adopt_job_get_message (failing), ==,
                   "Ironic could not adopt the node (2 attempts)");
  g_assert_cmpstr (takeover_adopt_job_get_hint (failing), ==,
                   "Correct what Ironic’s last error names (often the image in instance_info) "
                   "and run again, or remove the node.");
  chassis_after = dup_chassis_logs_of (hosts);
  g_assert_cmpstr (chassis_after, ==, chassis_before);
  assert_failed_and_remove (fixture, adopt, failing, FAILING_HOST, "adopt failed",
                            "iSCSI boot volume");

  g_assert_finalize_object (g_steal_pointer (&adopt));
}

/* One request to Ironic at once, on a session of its own: called from a job's notification, it
 * is done before the engine sends its next request, and runs none of the engine's callbacks
 * meanwhile. Returns the answer's JSON, NULL for an empty one. */
static JsonNode *
ironic_request_now (const char *method,
                    const char *path,
                    const char *json,
                    guint       expected_status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (TAKEOVER_TEST_BED_IRONIC_URL "/v1", path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data;

  soup_message_headers_append (soup_message_get_request_headers (message),
                               "X-OpenStack-Ironic-API-Version", "1.82");
  soup_message_set_request_body_from_bytes (message, "application/json", body);
  answer = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, expected_status);
  data = g_bytes_get_data (answer, &length);
  if (length == 0)
    return NULL;
  json_parser_load_from_data (parser, data, length, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
set_image_source_now (const char *uuid,
                      const char *image_source)
{
  g_autofree char *path = g_strdup_printf ("/nodes/%s", uuid);
  g_autofree char *patch =
    g_strdup_printf ("[{\"op\": \"add\", \"path\": \"/instance_info/image_source\", "
                     "\"value\": \"%s\"}]", image_source);

  json_node_unref (ironic_request_now ("PATCH", path, patch, SOUP_STATUS_OK));
}

/* When the first adoption has failed, the image is corrected in Ironic (as an operator who
 * saw the error would), before the engine asks again. */
static void
correct_image_cb (TakeoverAdoptJob *job,
                  GParamSpec       *pspec,
                  guint            *n_corrected)
{
  if (g_strcmp0 (takeover_adopt_job_get_provision_state (job), "adopt failed") != 0 ||
      takeover_adopt_job_get_attempts (job) != 1 || *n_corrected > 0)
    return;

  set_image_source_now (takeover_adopt_job_get_node_uuid (job), IMAGE_URL);
  (*n_corrected)++;
}

/* An adoption that fails once (Ironic cannot resolve the image "adopted.img", a file name that
 * is neither a URL nor a Glance image) and works the second time is retried, and the host ends
 * adopted. */
static void
test_adopt_failed_once (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(TakeoverFleetProbe) probe = takeover_fleet_probe_new (4);
  g_autoptr(TakeoverAdopt) adopt = takeover_adopt_new (fixture->ironic, probe);
  const int hosts[] = { FAILING_HOST, -1 };
  g_autofree char *name = test_node_name ("adopt-retried", FAILING_HOST);
  g_autofree char *chassis_before = dup_chassis_logs_of (hosts);
  g_autofree char *chassis_after = NULL;
  g_autoptr(JsonObject) node = NULL;
  TakeoverAdoptJob *job;
  guint n_corrected = 0;

  takeover_adopt_set_image_source (adopt, "adopted.img");
  job = add_named_host (adopt, FAILING_HOST, name);
  g_signal_connect (job, "notify::provision-state", G_CALLBACK (correct_image_cb), &n_corrected);
  run_engine (adopt);
  g_signal_handlers_disconnect_by_func (job, correct_image_cb, &n_corrected);

  g_test_message ("%s: %s (last error: %s)", name, takeover_adopt_job_get_message (job),
                  takeover_adopt_job_get_last_error (job));
  g_assert_cmpuint (n_corrected, ==, 1);
  g_assert_true (takeover_adopt_job_is_adopted (job));
  g_assert_cmpuint (takeover_adopt_job_get_attempts (job), ==, 2);
  node = get_node (fixture, name);
  g_assert_cmpstr (json_object_get_string_member (node, "provision_state"), ==, "active");
  g_assert_cmpuint (count_failed_adoptions (fixture, json_object_get_string_member (node, "uuid")),
                    ==, 1);
  chassis_after = dup_chassis_logs_of (hosts);
  g_assert_cmpstr (chassis_after, ==, chassis_before);

  g_assert_finalize_object (g_steal_pointer (&adopt));
}

/* Takeover reaches the BMC, but Ironic cannot: the node was enrolled before with IPMI bridging
 * to a controller behind the BMC (as for a blade), which the probe does not use and Ironic does.
 * The node stays in enroll and the job reports Ironic's BMC error. */
static void
test_adopt_bmc_refused (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(TakeoverFleetProbe) probe = takeover_fleet_probe_new (4);
  g_autoptr(TakeoverAdopt) adopt = takeover_adopt_new (fixture->ironic, probe);
  const int hosts[] = { FAILING_HOST, -1 };
  g_autofree char *name = test_node_name ("bmc-refused", FAILING_HOST);
  g_autofree char *chassis_before = dup_chassis_logs_of (hosts);
  g_autofree char *chassis_after = NULL;
  g_autoptr(JsonObject) driver_info = json_object_new ();
  g_autoptr(JsonObject) enrolled = NULL;
  TakeoverAdoptJob *job;

  json_object_set_string_member (driver_info, "ipmi_bridging", "single");
  json_object_set_string_member (driver_info, "ipmi_target_channel", "7");
  json_object_set_string_member (driver_info, "ipmi_target_address", "0x72");
  enrolled = enroll_node (fixture, name, FAILING_HOST, driver_info);

  takeover_adopt_set_image_source (adopt, IMAGE_URL);
  job = add_named_host (adopt, FAILING_HOST, name);
  run_engine (adopt);

  g_assert_cmpint (takeover_adopt_job_get_failed_state (job), ==, TAKEOVER_ADOPT_STATE_MANAGING);
  g_assert_cmpuint (takeover_adopt_job_get_attempts (job), ==, 0);
  g_assert_cmpstr (takeover_adopt_job_get_message (job), ==,
                   "Ironic could not manage the node through its BMC");
  g_assert_cmpstr (takeover_adopt_job_get_hint (job), ==,
                   "Takeover reached the BMC with the inventory’s settings but Ironic could "
                   "not, and the node stays in enroll: check that Ironic’s conductor can reach "
                   "the BMC and what else the node’s driver_info holds, then run again, or "
                   "remove the node.");
  chassis_after = dup_chassis_logs_of (hosts);
  g_assert_cmpstr (chassis_after, ==, chassis_before);
  assert_failed_and_remove (fixture, adopt, job, FAILING_HOST, "enroll",
                            "IPMI call failed: power status");

  g_assert_finalize_object (g_steal_pointer (&adopt));
}

typedef struct
{
  const char *name;
  const char *bmc;
  char       *uuid;
} Appearing;

/* Once the engine has looked at Ironic's node names and started on the host, someone enrolls a
 * node for it under its name. */
static void
enroll_behind_engine_cb (TakeoverAdoptJob *job,
                         GParamSpec       *pspec,
                         Appearing        *appearing)
{
  g_autofree char *fields = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (takeover_adopt_job_get_state (job) != TAKEOVER_ADOPT_STATE_PREFLIGHT ||
      appearing->uuid != NULL)
    return;

  fields = g_strdup_printf ("{\"name\": \"%s\", \"driver\": \"ipmi\", \"driver_info\": "
                            "{\"ipmi_address\": \"%s\"}}", appearing->name, appearing->bmc);
  node = ironic_request_now ("POST", "/nodes", fields, SOUP_STATUS_CREATED);
  appearing->uuid = g_strdup (json_object_get_string_member (json_node_get_object (node), "uuid"));
}

/* A node that appears under the host's name after the run began (the engine lists the names
 * once, at the start) is met when the engine creates its own: the engine takes that node over
 * rather than failing or making a second one. */
static void
test_adopt_appeared (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TakeoverFleetProbe) probe = takeover_fleet_probe_new (4);
  g_autoptr(TakeoverAdopt) adopt = takeover_adopt_new (fixture->ironic, probe);
  const int hosts[] = { FAILING_HOST, -1 };
  g_autofree char *name = test_node_name ("appeared", FAILING_HOST);
  g_autofree char *tb = host_name (FAILING_HOST);
  g_autofree char *bmc = takeover_test_bed_dup_bmc_address (tb);
  g_autofree char *chassis_before = dup_chassis_logs_of (hosts);
  g_autofree char *chassis_after = NULL;
  g_autoptr(JsonObject) node = NULL;
  Appearing appearing = { name, bmc, NULL };
  TakeoverAdoptJob *job;

  takeover_adopt_set_image_source (adopt, IMAGE_URL);
  job = add_named_host (adopt, FAILING_HOST, name);
  g_signal_connect (job, "notify::state", G_CALLBACK (enroll_behind_engine_cb), &appearing);
  run_engine (adopt);
  g_signal_handlers_disconnect_by_func (job, enroll_behind_engine_cb, &appearing);

  g_test_message ("%s: %s", name, takeover_adopt_job_get_message (job));
  g_assert_nonnull (appearing.uuid);
  g_assert_cmpint (takeover_adopt_job_get_state (job), ==, TAKEOVER_ADOPT_STATE_VERIFIED);
  g_assert_cmpstr (takeover_adopt_job_get_node_uuid (job), ==, appearing.uuid);
  node = get_node (fixture, name);
  g_assert_cmpstr (json_object_get_string_member (node, "uuid"), ==, appearing.uuid);
  g_assert_cmpstr (json_object_get_string_member (node, "provision_state"), ==, "active");
  chassis_after = dup_chassis_logs_of (hosts);
  g_assert_cmpstr (chassis_after, ==, chassis_before);

  g_free (appearing.uuid);
  g_assert_finalize_object (g_steal_pointer (&adopt));
}

/* One of the host's MACs is already a port of another node: the step fails and says whose, the
 * host's node keeps the port it could get, and once the stale port is gone a re-run ends the
 * adoption with both. */
static void
test_adopt_mac_taken (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TakeoverFleetProbe) probe = takeover_fleet_probe_new (4);
  g_autoptr(TakeoverAdopt) adopt = takeover_adopt_new (fixture->ironic, probe);
  const int hosts[] = { FAILING_HOST, -1 };
  g_autofree char *name = test_node_name ("mac-taken", FAILING_HOST);
  g_autofree char *other_name = test_node_name ("mac-owner", FAILING_HOST);
  g_autofree char *mac0 = host_mac (FAILING_HOST, 0);
  g_autofree char *mac1 = host_mac (FAILING_HOST, 1);
  g_autofree char *chassis_before = dup_chassis_logs_of (hosts);
  g_autofree char *chassis_after = NULL;
  g_autoptr(JsonObject) port_fields = json_object_new ();
  g_autoptr(JsonNode) port_body = NULL;
  g_autofree char *port_path = NULL;
  g_autoptr(JsonObject) driver_info = json_object_new ();
  g_autoptr(JsonObject) other = NULL;
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(JsonNode) stale = NULL;
  g_autoptr(GPtrArray) ports = NULL;
  const char *other_uuid;
  TakeoverAdoptJob *job;

  other = enroll_node (fixture, other_name, FAILING_HOST, driver_info);
  other_uuid = json_object_get_string_member (other, "uuid");
  json_object_set_string_member (port_fields, "node_uuid", other_uuid);
  json_object_set_string_member (port_fields, "address", mac1);
  port_body = json_node_init_object (json_node_alloc (), port_fields);
  stale = ironic_request (fixture, "POST", "/ports", port_body);

  takeover_adopt_set_image_source (adopt, IMAGE_URL);
  job = add_named_host (adopt, FAILING_HOST, name);
  run_engine (adopt);

  g_test_message ("%s: %s (hint: %s)", name, takeover_adopt_job_get_message (job),
                  takeover_adopt_job_get_hint (job));
  g_assert_cmpint (takeover_adopt_job_get_state (job), ==, TAKEOVER_ADOPT_STATE_FAILED);
  g_assert_cmpint (takeover_adopt_job_get_failed_state (job), ==,
                   TAKEOVER_ADOPT_STATE_NODE_CREATED);
  g_assert_nonnull (strstr (takeover_adopt_job_get_message (job), mac1));
  g_assert_nonnull (strstr (takeover_adopt_job_get_message (job), other_uuid));
  g_assert_nonnull (strstr (takeover_adopt_job_get_hint (job), "share a MAC"));
  node = get_node (fixture, name);
  g_assert_cmpstr (json_object_get_string_member (node, "provision_state"), ==, "enroll");
  ports = list_ports (fixture, json_object_get_string_member (node, "uuid"));
  g_assert_cmpuint (ports->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (ports, 0), "address"), ==,
                   mac0);
  g_clear_pointer (&ports, g_ptr_array_unref);

  /* The operator removes the stale port; the next run picks up where this one stopped. */
  port_path = g_strdup_printf ("/ports/%s",
                               json_object_get_string_member (json_node_get_object (stale),
                                                              "uuid"));
  g_clear_pointer (&stale, json_node_unref);
  stale = ironic_request (fixture, "DELETE", port_path, NULL);
  g_assert_true (JSON_NODE_HOLDS_NULL (stale));
  run_engine (adopt);
  g_assert_cmpint (takeover_adopt_job_get_state (job), ==, TAKEOVER_ADOPT_STATE_VERIFIED);
  ports = list_ports (fixture, takeover_adopt_job_get_node_uuid (job));
  g_assert_cmpuint (ports->len, ==, 2);

  chassis_after = dup_chassis_logs_of (hosts);
  g_assert_cmpstr (chassis_after, ==, chassis_before);
  g_assert_finalize_object (g_steal_pointer (&adopt));
}

/* ---- the session, as the window drives it: no CLI, no engine piece made by hand */

static TakeoverSession *
new_session (Fixture    *fixture,
             const char *inventory)
{
  TakeoverSession *session = takeover_session_new ();
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  const char *search_dirs[] = { NULL };
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "OS_CLIENT_CONFIG_FILE",
                                         fixture->clouds_yaml, TRUE);
  gsize length;

  g_assert_true (g_file_get_contents (inventory, &contents, &length, NULL));
  takeover_inventory_load_data (takeover_session_get_inventory (session), contents, length,
                                inventory, TAKEOVER_INVENTORY_FORMAT_NONE);
  g_assert_cmpuint (takeover_inventory_get_n_errors (takeover_session_get_inventory (session)),
                    ==, 0);

  config = takeover_cloud_config_load_full (TAKEOVER_TEST_BED_CLOUD, (const char * const *) envp,
                                            search_dirs, &error);
  g_assert_no_error (error);
  g_assert_true (takeover_session_set_cloud_config (session, config, &error));
  g_assert_no_error (error);
  takeover_adopt_set_image_source (takeover_session_get_adopt (session), IMAGE_URL);

  return session;
}

/* This process's journal of the bed's cloud, which only the session tests write. */
static char *
session_journal_path (void)
{
  return takeover_journal_dup_path_for_cloud (TAKEOVER_TEST_BED_CLOUD);
}

static void
remove_session_journal (void)
{
  g_autofree char *path = session_journal_path ();

  g_unlink (path);
}

static void
count_adopted_notify_cb (TakeoverSession *session,
                         GParamSpec      *pspec,
                         guint           *count)
{
  (*count)++;
}

static void
test_adopt_session (Fixture       *fixture,
                    gconstpointer  data)
{
  const guint n = 4;
  g_autofree char *inventory = write_inventory (fixture, 0, n, -1);
  g_auto(GStrv) powers = read_powers (n);
  g_autoptr(TakeoverSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *journal = session_journal_path ();
  guint n_adopted_notifies = 0;
  GListModel *jobs;

  remove_session_journal ();
  session = new_session (fixture, inventory);
  g_signal_connect (session, "notify::n-adopted", G_CALLBACK (count_adopted_notify_cb),
                    &n_adopted_notifies);

  takeover_session_adopt_async (session, NULL, store_result_cb, &result);
  g_assert_true (takeover_session_get_busy (session));
  g_assert_true (takeover_session_adopt_finish (session, wait_for_result (&result), &error));
  g_assert_no_error (error);

  jobs = takeover_adopt_get_jobs (takeover_session_get_adopt (session));
  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (jobs, i);

      assert_job_verified (job);
    }
  g_assert_true (takeover_session_get_succeeded (session));
  g_assert_cmpuint (takeover_session_get_n_jobs (session), ==, n);
  g_assert_cmpuint (takeover_session_get_n_adopted (session), ==, n);
  g_assert_cmpuint (takeover_session_get_n_finished (session), ==, n);
  g_assert_cmpuint (takeover_session_get_n_failed (session), ==, 0);
  /* One notify a host adopted: active then verified is one adoption, not two. */
  g_assert_cmpuint (n_adopted_notifies, ==, n);
  g_assert_null (takeover_session_get_error (session));
  g_assert_cmpint (takeover_session_get_stage (session), ==, TAKEOVER_SESSION_STAGE_IDLE);

  /* The session kept the cloud's journal and this run's audit log. */
  g_assert_cmpstr (takeover_journal_get_path (takeover_session_get_journal (session)), ==,
                   journal);
  g_assert_true (g_file_test (journal, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (takeover_adopt_audit_get_path (takeover_session_get_audit (session)),
                              G_FILE_TEST_IS_REGULAR));

  assert_adopted (fixture, 0, n, powers);
  assert_no_orphans (fixture, n);
  assert_chassis_untouched (n);

  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&session));
  remove_session_journal ();
}

typedef struct
{
  GCancellable *cancellable;
  guint         n_managed;   /* hosts that reached "manageable" before the cancel */
} StopHalfway;

static void
stop_when_managed_cb (TakeoverAdoptJob *job,
                      GParamSpec       *pspec,
                      StopHalfway      *stop)
{
  if (takeover_adopt_job_get_state (job) != TAKEOVER_ADOPT_STATE_MANAGEABLE)
    return;

  stop->n_managed++;
  g_cancellable_cancel (stop->cancellable);
}

/* A session stopped halfway leaves its journal; a new session (a window opened again) resumes
 * every host from it, with the nodes already made, and adopts the rest. */
static void
test_adopt_session_resume (Fixture       *fixture,
                           gconstpointer  data)
{
  const guint n = 4;
  g_autofree char *inventory = write_inventory (fixture, 0, n, -1);
  g_autoptr(TakeoverSession) first = NULL;
  g_autoptr(TakeoverSession) second = NULL;
  g_autoptr(TakeoverJournal) left = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GHashTable) uuids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *journal = session_journal_path ();
  StopHalfway stop = { g_cancellable_new (), 0 };
  guint n_unfinished = 0;
  GListModel *jobs;

  remove_session_journal ();
  first = new_session (fixture, inventory);
  /* One host at a time: when the first is manageable, the others have not begun. */
  takeover_adopt_set_concurrency (takeover_session_get_adopt (first), 1);
  takeover_session_adopt_async (first, stop.cancellable, store_result_cb, &result);
  jobs = takeover_adopt_get_jobs (takeover_session_get_adopt (first));
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (jobs, i);

      g_signal_connect (job, "notify::state", G_CALLBACK (stop_when_managed_cb), &stop);
    }
  takeover_session_adopt_finish (first, wait_for_result (&result), &error);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_cmpuint (stop.n_managed, >=, 1);
  g_assert_false (takeover_session_get_succeeded (first));
  g_assert_cmpuint (takeover_session_get_n_cancelled (first), >=, 1);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (jobs, i);
      const char *name = takeover_host_get_display_name (takeover_adopt_job_get_host (job));

      g_signal_handlers_disconnect_by_data (job, &stop);
      if (takeover_adopt_job_get_node_uuid (job) != NULL)
        g_hash_table_insert (uuids, g_strdup (name),
                             g_strdup (takeover_adopt_job_get_node_uuid (job)));
    }
  g_assert_cmpuint (g_hash_table_size (uuids), >=, 1);
  g_assert_finalize_object (g_steal_pointer (&first));

  /* What the first session left: hosts recorded on their way, not all of them adopted. */
  left = takeover_journal_new (journal);
  g_assert_true (takeover_journal_load (left, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (takeover_journal_get_n_hosts (left), >=, 1);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = node_name (i);
      TakeoverAdoptState state;
      const char *uuid = NULL;

      /* A host stopped on its way is journaled as cancelled, with its node. */
      if (takeover_journal_lookup (left, name, &state, &uuid) && uuid != NULL &&
          state != TAKEOVER_ADOPT_STATE_ACTIVE && state != TAKEOVER_ADOPT_STATE_VERIFIED)
        n_unfinished++;
    }
  g_assert_cmpuint (n_unfinished, >=, 1);

  second = new_session (fixture, inventory);
  takeover_session_adopt_async (second, NULL, store_result_cb, &result);
  g_assert_true (takeover_session_adopt_finish (second, wait_for_result (&result), &error));
  g_assert_no_error (error);
  g_assert_true (takeover_session_get_succeeded (second));
  g_assert_cmpuint (takeover_session_get_n_adopted (second), ==, n);

  /* Each node the first session made is the one adopted: resumed, not made again. */
  jobs = takeover_adopt_get_jobs (takeover_session_get_adopt (second));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (jobs, i);
      const char *name = takeover_host_get_display_name (takeover_adopt_job_get_host (job));
      const char *before = g_hash_table_lookup (uuids, name);

      assert_job_verified (job);
      if (before != NULL)
        g_assert_cmpstr (takeover_adopt_job_get_node_uuid (job), ==, before);
    }
  assert_adopted (fixture, 0, n, NULL);
  assert_no_orphans (fixture, n);
  assert_chassis_untouched (n);

  g_clear_object (&result);
  g_clear_object (&stop.cancellable);
  g_assert_finalize_object (g_steal_pointer (&second));
  remove_session_journal ();
}

typedef struct
{
  char          *path;
  char          *saved;      /* the journal on disk when the second host began */
  struct rlimit  old_limit;
  gboolean       limited;
} DiskFull;

/* When the second host begins, the first host's steps are on disk: from then on no file of
 * this process may grow past the journal's size. The kernel refuses the next save as it would
 * on a full disk (EFBIG; root is no exception), and the journal on disk stays as it was. */
static void
limit_when_second_host_cb (TakeoverJournal *journal,
                           GParamSpec      *pspec,
                           DiskFull        *full)
{
  struct rlimit limit;
  gsize length = 0;

  if (full->limited || takeover_journal_get_n_hosts (journal) < 2)
    return;

  takeover_file_writer_wait_idle ();
  g_assert_true (g_file_get_contents (full->path, &full->saved, &length, NULL));
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &full->old_limit), ==, 0);
  limit = full->old_limit;
  limit.rlim_cur = length;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  full->limited = TRUE;
}

/* A journal that can no longer be written stops the run with its error, and what it held is
 * still on disk. */
static void
test_adopt_session_journal_fails (Fixture       *fixture,
                                  gconstpointer  data)
{
  const guint n = 4;
  g_autofree char *inventory = write_inventory (fixture, 0, n, -1);
  g_autoptr(TakeoverSession) session = NULL;
  g_autoptr(TakeoverJournal) on_disk = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = node_name (0);
  DiskFull full = { session_journal_path (), NULL, { 0 }, FALSE };
  TakeoverAdoptState state;
  void (*old_handler) (int);

  /* Past the limit, a write fails instead of killing the process. */
  old_handler = signal (SIGXFSZ, SIG_IGN);
  remove_session_journal ();
  session = new_session (fixture, inventory);
  takeover_adopt_set_concurrency (takeover_session_get_adopt (session), 1);
  g_signal_connect (takeover_session_get_journal (session), "notify::n-hosts",
                    G_CALLBACK (limit_when_second_host_cb), &full);

  takeover_session_adopt_async (session, NULL, store_result_cb, &result);
  g_assert_false (takeover_session_adopt_finish (session, wait_for_result (&result), &error));
  takeover_file_writer_wait_idle ();
  g_assert_true (full.limited);

  /* The run says why it stopped, and stopped: the later hosts never began. */
  g_test_message ("the run ended with: %s", error->message);
  g_assert_error (error, G_FILE_ERROR, (int) g_file_error_from_errno (EFBIG));
  g_assert_nonnull (strstr (error->message, full.path));
  g_assert_nonnull (takeover_session_get_error (session));
  g_assert_cmpint (takeover_session_get_stage (session), ==, TAKEOVER_SESSION_STAGE_IDLE);
  g_assert_false (takeover_session_get_succeeded (session));
  g_assert_cmpuint (takeover_session_get_n_cancelled (session), >=, n - 2);

  /* Nothing journaled is lost: the file is the last good save, whole. */
  on_disk = takeover_journal_new (full.path);
  g_assert_true (takeover_journal_load (on_disk, &error));
  g_assert_true (takeover_journal_lookup (on_disk, first, &state, NULL));
  {
    g_autofree char *now = NULL;

    g_assert_true (g_file_get_contents (full.path, &now, NULL, NULL));
    g_assert_cmpstr (now, ==, full.saved);
  }

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &full.old_limit), ==, 0);
  signal (SIGXFSZ, old_handler);

  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&session));
  takeover_file_writer_wait_idle ();
  remove_session_journal ();
  g_free (full.path);
  g_free (full.saved);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("takeover-adopt-data-XXXXXX", NULL);
  g_autofree char *remove_data_home = g_strdup_printf ("rm -rf '%s'", data_home);
  int ret;

  /* In-process probes trust SSH host keys on first use in $XDG_DATA_HOME/takeover/known_hosts:
   * give them this run's own, as the CLI runs get theirs. The user's file may hold another
   * bed's keys for the same addresses, which the probe rightly refuses as changed. */
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  /* The in-process sessions' journals and audit logs: this run's own too. */
  g_setenv ("XDG_STATE_HOME", data_home, TRUE);

  g_test_init (&argc, &argv, NULL);

  if (!takeover_test_bed_require (BED_HOSTS, FALSE))
    {
      ret = g_test_run ();
      g_spawn_command_line_sync (remove_data_home, NULL, NULL, NULL, NULL);
      return ret;
    }

  g_test_add ("/adopt/twenty", Fixture, NULL, fixture_set_up, test_adopt_twenty,
              fixture_tear_down);
  g_test_add ("/adopt/wrong-password", Fixture, NULL, fixture_set_up, test_adopt_wrong_password,
              fixture_tear_down);
  g_test_add ("/adopt/dry-run", Fixture, NULL, fixture_set_up, test_adopt_dry_run,
              fixture_tear_down);
  g_test_add ("/adopt/kill", Fixture, NULL, fixture_set_up, test_adopt_kill,
              fixture_tear_down);
  g_test_add ("/adopt/faults", Fixture, NULL, fixture_set_up, test_adopt_faults,
              fixture_tear_down);
  g_test_add ("/adopt/cancel-one", Fixture, NULL, fixture_set_up, test_adopt_cancel_one,
              fixture_tear_down);
  g_test_add ("/adopt/remove", Fixture, NULL, fixture_set_up, test_adopt_remove,
              fixture_tear_down);
  g_test_add ("/adopt/bounded", Fixture, NULL, fixture_set_up, test_adopt_bounded,
              fixture_tear_down);
  g_test_add ("/adopt/unnamed", Fixture, NULL, fixture_set_up, test_adopt_unnamed,
              fixture_tear_down);
  g_test_add ("/adopt/failed-retries", Fixture, NULL, fixture_set_up,
              test_adopt_failed_retries, fixture_tear_down);
  g_test_add ("/adopt/failed-once", Fixture, NULL, fixture_set_up, test_adopt_failed_once,
              fixture_tear_down);
  g_test_add ("/adopt/bmc-refused", Fixture, NULL, fixture_set_up, test_adopt_bmc_refused,
              fixture_tear_down);
  g_test_add ("/adopt/appeared", Fixture, NULL, fixture_set_up, test_adopt_appeared,
              fixture_tear_down);
  g_test_add ("/adopt/mac-taken", Fixture, NULL, fixture_set_up, test_adopt_mac_taken,
              fixture_tear_down);
  g_test_add ("/adopt/session", Fixture, NULL, fixture_set_up, test_adopt_session,
              fixture_tear_down);
  g_test_add ("/adopt/session-resume", Fixture, NULL, fixture_set_up, test_adopt_session_resume,
              fixture_tear_down);
  g_test_add ("/adopt/session-journal-fails", Fixture, NULL, fixture_set_up,
              test_adopt_session_journal_fails, fixture_tear_down);

  ret = g_test_run ();
  g_spawn_command_line_sync (remove_data_home, NULL, NULL, NULL, NULL);
  return ret;
}
