/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "takeover-inventory.h"
#include "takeover-test-bed.h"

/* The test bed writes the inventories every other test and the demo start from; they must
 * read without a problem and say the same in both formats, and survive a JSON round trip. */

static TakeoverInventory *
load (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  TakeoverInventory *inventory = takeover_inventory_new ();

  g_assert_true (takeover_inventory_load (inventory, file, TAKEOVER_INVENTORY_FORMAT_NONE, NULL,
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (takeover_inventory_get_problems (inventory)), ==, 0);
  return inventory;
}

static void
test_bed_inventories (void)
{
  g_autoptr(TakeoverInventory) conf = NULL;
  g_autoptr(TakeoverInventory) csv = NULL;
  g_autoptr(TakeoverInventory) json = takeover_inventory_new ();
  g_autoptr(GBytes) bytes = NULL;
  GListModel *conf_hosts;
  GListModel *csv_hosts;
  guint n_hosts;

  if (!takeover_test_bed_require (1, FALSE))
    return;

  conf = load (takeover_test_bed_get_hosts_conf ());
  csv = load (takeover_test_bed_get_hosts_csv ());
  conf_hosts = takeover_inventory_get_hosts (conf);
  csv_hosts = takeover_inventory_get_hosts (csv);
  n_hosts = g_list_model_get_n_items (conf_hosts);

  /* Another test may grow the bed between the two reads, never shrink it. */
  g_assert_cmpuint (n_hosts, >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (csv_hosts), >=, n_hosts);

  for (guint i = 0; i < n_hosts; i++)
    {
      g_autoptr(TakeoverHost) a = g_list_model_get_item (conf_hosts, i);
      g_autoptr(TakeoverHost) b = g_list_model_get_item (csv_hosts, i);
      g_autofree char *name = takeover_test_bed_dup_host_name (i + 1);
      g_autofree char *bmc = takeover_test_bed_dup_bmc_address (name);
      g_autofree char *mgmt = takeover_test_bed_dup_mgmt_ip (name);

      g_assert_cmpstr (takeover_host_get_name (b), ==, name);
      g_assert_cmpstr (takeover_host_get_bmc_address (a), ==, bmc);
      g_assert_cmpstr (takeover_host_get_bmc_address (b), ==, bmc);
      g_assert_cmpstr (takeover_host_get_mgmt_ip (a), ==, mgmt);
      g_assert_cmpstr (takeover_host_get_mgmt_ip (b), ==, mgmt);
      g_assert_cmpuint (takeover_host_get_bmc_port (a), ==, TAKEOVER_TEST_BED_BMC_PORT);
      g_assert_cmpuint (takeover_host_get_bmc_port (b), ==, TAKEOVER_TEST_BED_BMC_PORT);
      g_assert_cmpstr (takeover_host_get_bmc_username (a), ==, TAKEOVER_TEST_BED_BMC_USER);
      g_assert_cmpstr (takeover_host_get_bmc_password (b), ==, TAKEOVER_TEST_BED_BMC_PASSWORD);
      g_assert_cmpstr (takeover_host_get_ssh_username (a), ==, TAKEOVER_TEST_BED_SSH_USER);
      g_assert_cmpstr (takeover_host_get_ssh_password (b), ==, TAKEOVER_TEST_BED_SSH_PASSWORD);
    }

  /* The CSV, which has every field, through JSON and back. */
  bytes = takeover_inventory_serialize (csv_hosts, TAKEOVER_INVENTORY_FORMAT_JSON,
                                        TAKEOVER_INVENTORY_SAVE_SECRETS, NULL);
  takeover_inventory_load_data (json, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                "bed.json", TAKEOVER_INVENTORY_FORMAT_NONE);
  g_assert_cmpuint (takeover_inventory_get_n_errors (json), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (takeover_inventory_get_hosts (json)), ==,
                    g_list_model_get_n_items (csv_hosts));
  for (guint i = 0; i < g_list_model_get_n_items (csv_hosts); i++)
    {
      g_autoptr(TakeoverHost) a = g_list_model_get_item (csv_hosts, i);
      g_autoptr(TakeoverHost) b = g_list_model_get_item (takeover_inventory_get_hosts (json), i);

      g_assert_true (takeover_host_equal (a, b));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/inventory-bed/inventories", test_bed_inventories);

  return g_test_run ();
}
