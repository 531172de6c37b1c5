/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "takeover-prepare-private.h"

/* A Neutron subnet as the API lists it. */
static JsonObject *
subnet (const char *id,
        const char *cidr,
        const char *pool_start,
        const char *pool_end)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = g_strdup_printf ("{\"id\": \"%s\", \"cidr\": \"%s\", "
                                           "\"allocation_pools\": [{\"start\": \"%s\", "
                                           "\"end\": \"%s\"}]}", id, cidr, pool_start, pool_end);

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
pools_text (TakeoverSubnetPlan *plan)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i + 1 < plan->pools->len; i += 2)
    g_string_append_printf (text, "%s%s-%s", i > 0 ? " " : "",
                            (char *) g_ptr_array_index (plan->pools, i),
                            (char *) g_ptr_array_index (plan->pools, i + 1));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_new_ranges (void)
{
  const char *addresses[] = { "198.18.1.12", "198.18.1.10", "198.18.1.11", "198.18.2.5",
                              "198.18.1.20", "198.18.1.10", NULL };
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;
  TakeoverSubnetPlan *plan;
  g_autofree char *pools = NULL;

  plans = _takeover_prepare_plan_subnets (addresses, 24, 64, "198.18.1.1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 2);

  plan = g_ptr_array_index (plans, 0);
  g_assert_cmpstr (plan->cidr, ==, "198.18.1.0/24");
  g_assert_cmpint (plan->ip_version, ==, 4);
  g_assert_null (plan->subnet_id);
  g_assert_null (plan->problem);
  g_assert_cmpstr (plan->gateway_ip, ==, "198.18.1.1");
  g_assert_cmpuint (plan->n_addresses, ==, 4);
  pools = pools_text (plan);
  g_assert_cmpstr (pools, ==, "198.18.1.10-198.18.1.12 198.18.1.20-198.18.1.20");

  plan = g_ptr_array_index (plans, 1);
  g_assert_cmpstr (plan->cidr, ==, "198.18.2.0/24");
  /* The gateway lies in another range. */
  g_assert_null (plan->gateway_ip);
  g_assert_cmpuint (plan->n_addresses, ==, 1);
}

static void
test_prefix (void)
{
  const char *addresses[] = { "198.18.1.10", "198.18.2.10", NULL };
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;

  plans = _takeover_prepare_plan_subnets (addresses, 16, 64, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 1);
  g_assert_cmpstr (((TakeoverSubnetPlan *) g_ptr_array_index (plans, 0))->cidr, ==,
                   "198.18.0.0/16");
}

static void
test_existing (void)
{
  const char *addresses[] = { "198.18.1.10", "198.18.1.11", "198.18.1.200", "198.18.2.7", NULL };
  g_autoptr(GPtrArray) existing =
    g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;
  TakeoverSubnetPlan *plan;

  g_ptr_array_add (existing, subnet ("s1", "198.18.1.0/24", "198.18.1.2", "198.18.1.100"));
  g_ptr_array_add (existing, subnet ("unused", "10.0.0.0/24", "10.0.0.2", "10.0.0.9"));
  plans = _takeover_prepare_plan_subnets (addresses, 24, 64, NULL, existing, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 2);

  /* The existing subnet holds three addresses, one outside its pools. */
  plan = g_ptr_array_index (plans, 0);
  g_assert_cmpstr (plan->cidr, ==, "198.18.1.0/24");
  g_assert_cmpstr (plan->subnet_id, ==, "s1");
  g_assert_cmpuint (plan->n_addresses, ==, 3);
  g_assert_nonnull (plan->problem);
  g_assert_nonnull (strstr (plan->problem, "198.18.1.200"));
  g_assert_null (strstr (plan->problem, "198.18.1.10"));
  /* One address: the sentence agrees with it. */
  g_assert_nonnull (strstr (plan->problem, "198.18.1.200 in subnet 198.18.1.0/24 (s1) lies outside"));
  g_assert_true (g_str_has_suffix (plan->problem, "hold it."));

  plan = g_ptr_array_index (plans, 1);
  g_assert_cmpstr (plan->cidr, ==, "198.18.2.0/24");
  g_assert_null (plan->subnet_id);
  g_assert_null (plan->problem);
}

/* Several addresses outside the pools: named together, in the plural. */
static void
test_outside_pools (void)
{
  const char *addresses[] = { "198.18.1.10", "198.18.1.200", "198.18.1.201", NULL };
  g_autoptr(GPtrArray) existing =
    g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;
  const char *problem;

  g_ptr_array_add (existing, subnet ("s1", "198.18.1.0/24", "198.18.1.2", "198.18.1.100"));
  plans = _takeover_prepare_plan_subnets (addresses, 24, 64, NULL, existing, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 1);
  problem = ((TakeoverSubnetPlan *) g_ptr_array_index (plans, 0))->problem;
  g_assert_cmpstr (problem, ==, "198.18.1.200, 198.18.1.201 in subnet 198.18.1.0/24 (s1) lie "
                   "outside its allocation pools; extend the pools to hold them.");
}

static void
test_overlap (void)
{
  const char *addresses[] = { "198.18.1.10", NULL };
  g_autoptr(GPtrArray) existing =
    g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;

  /* A smaller subnet inside the range the address would need. */
  g_ptr_array_add (existing, subnet ("small", "198.18.1.128/25", "198.18.1.130", "198.18.1.140"));
  plans = _takeover_prepare_plan_subnets (addresses, 24, 64, NULL, existing, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 1);
  g_assert_nonnull (((TakeoverSubnetPlan *) g_ptr_array_index (plans, 0))->problem);
}

static void
test_reserved (void)
{
  const char *network[] = { "198.18.1.0", NULL };
  const char *both_ends[] = { "198.18.1.255", "198.18.1.7", "198.18.1.0", NULL };
  const char *gateway[] = { "198.18.1.1", "198.18.1.2", NULL };
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) plans2 = NULL;
  g_autoptr(GPtrArray) plans3 = NULL;

  plans = _takeover_prepare_plan_subnets (network, 24, 64, NULL, NULL, NULL);
  g_assert_cmpstr (((TakeoverSubnetPlan *) g_ptr_array_index (plans, 0))->problem, ==,
                   "198.18.1.0 is the network or broadcast address of 198.18.1.0/24; choose a "
                   "shorter prefix length.");
  plans3 = _takeover_prepare_plan_subnets (both_ends, 24, 64, NULL, NULL, NULL);
  g_assert_cmpstr (((TakeoverSubnetPlan *) g_ptr_array_index (plans3, 0))->problem, ==,
                   "198.18.1.0, 198.18.1.255 are the network and broadcast addresses of "
                   "198.18.1.0/24; choose a shorter prefix length.");
  plans2 = _takeover_prepare_plan_subnets (gateway, 24, 64, "198.18.1.1", NULL, NULL);
  g_assert_nonnull (((TakeoverSubnetPlan *) g_ptr_array_index (plans2, 0))->problem);
}

static void
test_ipv6 (void)
{
  const char *addresses[] = { "2001:db8::10", "2001:db8::11", "2001:db8:0:1::5", NULL };
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pools = NULL;

  plans = _takeover_prepare_plan_subnets (addresses, 24, 64, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 2);
  g_assert_cmpstr (((TakeoverSubnetPlan *) g_ptr_array_index (plans, 0))->cidr, ==,
                   "2001:db8::/64");
  g_assert_cmpint (((TakeoverSubnetPlan *) g_ptr_array_index (plans, 0))->ip_version, ==, 6);
  pools = pools_text (g_ptr_array_index (plans, 0));
  g_assert_cmpstr (pools, ==, "2001:db8::10-2001:db8::11");
}

static void
test_bad_input (void)
{
  const char *bad[] = { "198.18.1.300", NULL };
  const char *good[] = { "198.18.1.3", NULL };
  GError *error = NULL;

  g_assert_null (_takeover_prepare_plan_subnets (bad, 24, 64, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (_takeover_prepare_plan_subnets (good, 24, 64, "gw", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (_takeover_prepare_plan_subnets (good, 33, 64, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
}

static void
test_resource_class (void)
{
  g_autofree char *a = _takeover_prepare_custom_resource_class ("baremetal");
  g_autofree char *b = _takeover_prepare_custom_resource_class ("bare-metal.gold");
  g_autofree char *c = _takeover_prepare_custom_resource_class ("CUSTOM_GOLD");

  g_assert_cmpstr (a, ==, "CUSTOM_BAREMETAL");
  g_assert_cmpstr (b, ==, "CUSTOM_BARE_METAL_GOLD");
  g_assert_cmpstr (c, ==, "CUSTOM_GOLD");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/prepare/subnets/new-ranges", test_new_ranges);
  g_test_add_func ("/prepare/subnets/prefix", test_prefix);
  g_test_add_func ("/prepare/subnets/existing", test_existing);
  g_test_add_func ("/prepare/subnets/outside-pools", test_outside_pools);
  g_test_add_func ("/prepare/subnets/overlap", test_overlap);
  g_test_add_func ("/prepare/subnets/reserved", test_reserved);
  g_test_add_func ("/prepare/subnets/ipv6", test_ipv6);
  g_test_add_func ("/prepare/subnets/bad-input", test_bad_input);
  g_test_add_func ("/prepare/resource-class", test_resource_class);

  return g_test_run ();
}
