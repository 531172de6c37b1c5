/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "takeover-prepare-private.h"

/* The drivers as GET /v1/drivers?detail=True lists them, from @json (an array). */
static GPtrArray *
drivers_from (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GPtrArray *drivers = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonArray *array;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (drivers, json_object_ref (json_array_get_object_element (array, i)));
  return drivers;
}

static void
test_ready (void)
{
  g_autoptr(GPtrArray) drivers = drivers_from (
    "[{\"name\": \"fake-hardware\"},"
    " {\"name\": \"ipmi\", \"enabled_power_interfaces\": [\"ipmitool\"],"
    "  \"enabled_management_interfaces\": [\"ipmitool\", \"noop\"],"
    "  \"enabled_boot_interfaces\": [\"fake\", \"pxe\"],"
    "  \"enabled_deploy_interfaces\": [\"direct\"]}]");
  g_autofree char *problem = _takeover_prepare_check_ipmi_driver (drivers);

  g_assert_null (problem);
}

static void
test_no_ipmi (void)
{
  g_autoptr(GPtrArray) drivers = drivers_from ("[{\"name\": \"redfish\"}]");
  g_autofree char *problem = _takeover_prepare_check_ipmi_driver (drivers);

  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "add ipmi to enabled_hardware_types"));
}

static void
test_missing_interfaces (void)
{
  g_autoptr(GPtrArray) drivers = drivers_from (
    "[{\"name\": \"ipmi\", \"enabled_power_interfaces\": [\"fake\"],"
    "  \"enabled_management_interfaces\": [\"ipmitool\"],"
    "  \"enabled_boot_interfaces\": [\"fake\"],"
    "  \"enabled_deploy_interfaces\": [\"direct\"]}]");
  g_autofree char *problem = _takeover_prepare_check_ipmi_driver (drivers);

  /* Exactly what is missing, and nothing that is there. */
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "add ipmitool to enabled_power_interfaces"));
  g_assert_nonnull (strstr (problem, "enabled_boot_interfaces"));
  g_assert_null (strstr (problem, "enabled_management_interfaces"));
  g_assert_null (strstr (problem, "enabled_deploy_interfaces"));
  g_assert_nonnull (strstr (problem, "restart ironic-conductor"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/prepare/ironic/ready", test_ready);
  g_test_add_func ("/prepare/ironic/no-ipmi", test_no_ipmi);
  g_test_add_func ("/prepare/ironic/missing-interfaces", test_missing_interfaces);

  return g_test_run ();
}
