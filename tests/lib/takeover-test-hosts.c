/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "takeover-inventory.h"
#include "takeover-test-bed.h"
#include "takeover-test-hosts.h"

static TakeoverInventory *
load_bed (void)
{
  TakeoverInventory *inventory = takeover_inventory_new ();
  g_autoptr(GFile) file = g_file_new_for_path (takeover_test_bed_get_hosts_csv ());
  g_autoptr(GError) error = NULL;

  g_assert_true (takeover_inventory_load (inventory, file, TAKEOVER_INVENTORY_FORMAT_NONE, NULL,
                                          &error));
  g_assert_no_error (error);
  return inventory;
}

/**
 * takeover_test_hosts_from_bed:
 *
 * Returns: (transfer full): the bed's first @n_hosts hosts, tb-001 first
 */
GListStore *
takeover_test_hosts_from_bed (guint n_hosts)
{
  g_autoptr(TakeoverInventory) inventory = load_bed ();
  GListModel *bed = takeover_inventory_get_hosts (inventory);
  GListStore *hosts = g_list_store_new (TAKEOVER_TYPE_HOST);

  g_assert_cmpuint (g_list_model_get_n_items (bed), >=, n_hosts);
  for (guint i = 0; i < n_hosts; i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (bed, i);

      g_list_store_append (hosts, host);
    }
  return hosts;
}

/**
 * takeover_test_hosts_find_in_bed:
 *
 * Returns: (transfer full): the bed's host named @name
 */
TakeoverHost *
takeover_test_hosts_find_in_bed (const char *name)
{
  g_autoptr(TakeoverInventory) inventory = load_bed ();
  GListModel *bed = takeover_inventory_get_hosts (inventory);

  for (guint i = 0; i < g_list_model_get_n_items (bed); i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (bed, i);

      if (g_str_equal (takeover_host_get_display_name (host), name))
        return g_steal_pointer (&host);
    }
  g_error ("the bed has no host %s", name);
}

/**
 * takeover_test_hosts_new_silent:
 *
 * Returns: (transfer full): a host whose BMC and SSH addresses are the loopback's port 9, where
 *   nothing listens: each part fails at once
 */
TakeoverHost *
takeover_test_hosts_new_silent (const char *name)
{
  TakeoverHost *host = takeover_host_new ();

  takeover_host_set_name (host, name);
  takeover_host_set_bmc_address (host, "127.0.0.1");
  takeover_host_set_bmc_port (host, 9);
  takeover_host_set_bmc_username (host, "admin");
  takeover_host_set_bmc_password (host, "password");
  takeover_host_set_mgmt_ip (host, "127.0.0.1");
  takeover_host_set_ssh_port (host, 9);
  takeover_host_set_ssh_username (host, "root");
  takeover_host_set_ssh_password (host, "x");
  return host;
}
