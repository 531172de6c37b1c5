/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The whole chain against the full test bed: prepare the cloud (Keystone, Nova, Neutron, Glance),
 * then `takeover-cli adopt` a host into the Ironic behind Keystone (6386) with the prepared
 * project as owner and the prepared image as image_source.
 */
#include "config.h"

#include "takeover-host.h"
#include "takeover-ironic.h"
#include "takeover-prepare.h"
#include "takeover-test-bed.h"

/* Not a chassis-changing test: adoption reads the BMC and changes nothing on it. */
#define HOST_INDEX 2
/* Ironic lets only a system-scoped token create nodes owned by another project (the prepared
 * one) than the caller's; tests/testbed/cloud/up writes this cloud for that. */
#define SYSTEM_CLOUD TAKEOVER_TEST_BED_CLOUD_FULL "-system"

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static GAsyncResult *
wait_result (Wait *wait)
{
  g_main_loop_run (wait->loop);
  return g_steal_pointer (&wait->result);
}

/* Takes @name out of the Ironic: maintenance first, so that no teardown runs. */
static void
delete_node (TakeoverIronic *ironic,
             Wait           *wait,
             const char     *name)
{
  g_autoptr(JsonArray) patch = json_array_new ();
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL;
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(GError) error = NULL;

  takeover_json_patch_append (patch, "replace", "/maintenance",
                              json_node_init_boolean (json_node_alloc (), TRUE));
  takeover_ironic_update_node_async (ironic, name, patch, NULL, result_cb, wait);
  r1 = wait_result (wait);
  node = takeover_ironic_update_node_finish (ironic, r1, &error);
  if (g_error_matches (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_NOT_FOUND))
    return;
  g_assert_no_error (error);

  takeover_ironic_delete_node_async (ironic, name, NULL, result_cb, wait);
  r2 = wait_result (wait);
  g_assert_true (takeover_ironic_delete_node_finish (ironic, r2, &error));
  g_assert_no_error (error);
}

static void
test_prepare_then_adopt (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(TakeoverCloud) cloud = NULL;
  g_autoptr(TakeoverCloudConfig) system_config = NULL;
  g_autoptr(TakeoverCloud) system_cloud = NULL;
  g_autoptr(TakeoverIronic) ironic = NULL;
  g_autoptr(TakeoverPrepare) prepare = NULL;
  g_autoptr(GListStore) hosts = g_list_store_new (TAKEOVER_TYPE_HOST);
  g_autoptr(TakeoverHost) host = takeover_host_new ();
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL;
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_auto(GStrv) env = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *suffix = g_strdup_printf ("%08x", g_random_int ());
  g_autofree char *name = g_strdup_printf ("tpa-%s", suffix);
  g_autofree char *bed_host = takeover_test_bed_dup_host_name (HOST_INDEX);
  g_autofree char *bmc = NULL;
  g_autofree char *mgmt = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *inventory = NULL;
  g_autofree char *data = NULL;
  g_autofree char *out = NULL;
  g_autofree char *project_id = NULL;
  g_autofree char *image_id = NULL;
  JsonObject *instance_info;
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };

  if (!takeover_test_bed_require (HOST_INDEX, TRUE))
    {
      g_main_loop_unref (wait.loop);
      return;
    }

  env = g_environ_setenv (g_get_environ (), "OS_CLIENT_CONFIG_FILE",
                          takeover_test_bed_get_clouds_yaml (), TRUE);
  config = takeover_cloud_config_load_full (TAKEOVER_TEST_BED_CLOUD_FULL,
                                            (const char * const *) env, NULL, &error);
  g_assert_no_error (error);
  cloud = takeover_cloud_new (config);
  system_config = takeover_cloud_config_load_full (SYSTEM_CLOUD, (const char * const *) env, NULL,
                                                   &error);
  g_assert_no_error (error);
  system_cloud = takeover_cloud_new (system_config);
  ironic = takeover_ironic_new (system_cloud);

  /* Prepare, for this host's management IP, under names of this run's own. */
  bmc = takeover_test_bed_dup_bmc_address (bed_host);
  mgmt = takeover_test_bed_dup_mgmt_ip (bed_host);
  takeover_host_set_name (host, name);
  takeover_host_set_mgmt_ip (host, mgmt);
  g_list_store_append (hosts, host);
  prepare = takeover_prepare_new (cloud, G_LIST_MODEL (hosts));
  takeover_prepare_set_project (prepare, name);
  takeover_prepare_set_user (prepare, name);
  takeover_prepare_set_user_password (prepare, "tpa-secret");
  takeover_prepare_set_network (prepare, name);
  takeover_prepare_set_image (prepare, name);
  takeover_prepare_apply_async (prepare, NULL, result_cb, &wait);
  r1 = wait_result (&wait);
  g_assert_true (takeover_prepare_apply_finish (prepare, r1, &error));
  g_assert_no_error (error);
  g_clear_object (&r1);
  project_id = g_strdup (takeover_prepare_get_project_id (prepare));
  image_id = g_strdup (takeover_prepare_get_image_id (prepare));
  g_assert_nonnull (project_id);
  g_assert_nonnull (image_id);

  /* Adopt it with the CLI, as an operator would after prepare. */
  dir = g_dir_make_tmp ("takeover-prepare-adopt-XXXXXX", &error);
  g_assert_no_error (error);
  csv = g_strdup_printf ("name,ipmi_address,ipmi_port,ipmi_username,ipmi_password,mgmt_ip,"
                         "ssh_port,ssh_username,ssh_password,ssh_key\n"
                         "%s,%s,%u,%s,%s,%s,22,%s,%s,%s\n", name, bmc,
                         TAKEOVER_TEST_BED_BMC_PORT, TAKEOVER_TEST_BED_BMC_USER,
                         TAKEOVER_TEST_BED_BMC_PASSWORD, mgmt, TAKEOVER_TEST_BED_SSH_USER,
                         TAKEOVER_TEST_BED_SSH_PASSWORD, takeover_test_bed_get_ssh_key ());
  inventory = g_build_filename (dir, "hosts.csv", NULL);
  g_assert_true (g_file_set_contents (inventory, csv, -1, NULL));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  data = g_build_filename (dir, "data", NULL);
  g_subprocess_launcher_setenv (launcher, "OS_CLIENT_CONFIG_FILE",
                                takeover_test_bed_get_clouds_yaml (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "OS_CLOUD");
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("TAKEOVER_CLI"), "adopt",
                                         inventory, "--cloud", SYSTEM_CLOUD,
                                         "--image", image_id, "--owner", project_id, "--json",
                                         NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (process) != 0)
    g_test_message ("takeover-cli adopt said:\n%s", out);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  /* What the Keystone-guarded Ironic now holds. */
  takeover_ironic_get_node_async (ironic, name, NULL, NULL, result_cb, &wait);
  r2 = wait_result (&wait);
  node = takeover_ironic_get_node_finish (ironic, r2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (node, "provision_state"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (node, "owner"), ==, project_id);
  g_assert_cmpstr (json_object_get_string_member (node, "resource_class"), ==, "baremetal");
  instance_info = json_object_get_object_member (node, "instance_info");
  g_assert_cmpstr (json_object_get_string_member (instance_info, "image_source"), ==, image_id);

  delete_node (ironic, &wait, name);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

    g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
  }
  g_assert_finalize_object (g_steal_pointer (&prepare));
  g_main_loop_unref (wait.loop);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/prepare/then-adopt", test_prepare_then_adopt);

  return g_test_run ();
}
