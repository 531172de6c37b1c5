/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The cloud's preparation against the full test bed's real Keystone, Nova, Neutron, Glance and
 * Ironic (6386). Every test uses names and address ranges of its own, so that runs side by side
 * and runs over an earlier bed never meet.
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "takeover-glance.h"
#include "takeover-host.h"
#include "takeover-keystone.h"
#include "takeover-neutron.h"
#include "takeover-nova.h"
#include "takeover-prepare.h"
#include "takeover-test-bed.h"

typedef struct
{
  char          *suffix;     /* unique per test: names are "tp-<suffix>" */
  guint          net;        /* unique per test: addresses are 10.<net>.x.y */
  TakeoverCloud *cloud;
  GMainLoop     *loop;
  GAsyncResult  *result;
} Fixture;

static TakeoverCloud *
cloud_for (const char *name,
           JsonObject *entry)
{
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  if (entry != NULL)
    config = takeover_cloud_config_new_from_json (name, entry, &error);
  else
    {
      g_auto(GStrv) env = g_environ_setenv (NULL, "OS_CLIENT_CONFIG_FILE",
                                            takeover_test_bed_get_clouds_yaml (), TRUE);

      config = takeover_cloud_config_load_full (name, (const char * const *) env, NULL, &error);
    }
  g_assert_no_error (error);
  return takeover_cloud_new (config);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  if (!takeover_test_bed_require (4, TRUE))
    return;

  fixture->suffix = g_strdup_printf ("%08x", g_random_int ());
  fixture->net = g_random_int_range (1, 255);
  fixture->cloud = cloud_for (TAKEOVER_TEST_BED_CLOUD_FULL, NULL);
  fixture->loop = g_main_loop_new (NULL, FALSE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->suffix);
  g_clear_object (&fixture->cloud);
  g_clear_pointer (&fixture->loop, g_main_loop_unref);
  g_assert_null (fixture->result);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *fixture = user_data;

  fixture->result = g_object_ref (result);
  g_main_loop_quit (fixture->loop);
}

/* Runs the main loop until the pending call's result arrives, and hands it over. */
static GAsyncResult *
wait_result (Fixture *fixture)
{
  g_main_loop_run (fixture->loop);
  return g_steal_pointer (&fixture->result);
}

static GListModel *
hosts_new (const char * const *addresses)
{
  GListStore *hosts = g_list_store_new (TAKEOVER_TYPE_HOST);

  for (guint i = 0; addresses[i] != NULL; i++)
    {
      g_autoptr(TakeoverHost) host = takeover_host_new ();
      g_autofree char *name = g_strdup_printf ("tp-host-%u", i);

      takeover_host_set_name (host, name);
      takeover_host_set_mgmt_ip (host, addresses[i]);
      g_list_store_append (hosts, host);
    }
  return G_LIST_MODEL (hosts);
}

static char *
name_for (Fixture    *fixture,
          const char *what)
{
  return g_strdup_printf ("tp-%s-%s", fixture->suffix, what);
}

static TakeoverPrepare *
prepare_new (Fixture       *fixture,
             TakeoverCloud *cloud,
             GListModel    *hosts)
{
  TakeoverPrepare *prepare = takeover_prepare_new (cloud, hosts);
  g_autofree char *project = name_for (fixture, "project");
  g_autofree char *network = name_for (fixture, "net");
  g_autofree char *image = name_for (fixture, "blank");
  g_autofree char *rc = g_strdup_printf ("TP_%s", fixture->suffix);
  g_autofree char *gateway = g_strdup_printf ("10.%u.1.1", fixture->net);
  const char *dns[] = { "192.0.2.53", NULL };

  takeover_prepare_set_project (prepare, project);
  takeover_prepare_set_user (prepare, project);
  takeover_prepare_set_user_password (prepare, "tp-secret");
  takeover_prepare_set_network (prepare, network);
  takeover_prepare_set_image (prepare, image);
  takeover_prepare_set_resource_class (prepare, rc);
  takeover_prepare_set_gateway (prepare, gateway);
  takeover_prepare_set_dns_servers (prepare, dns);
  return prepare;
}

static gboolean
run (Fixture          *fixture,
     TakeoverPrepare  *prepare,
     gboolean          apply,
     GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (apply)
    takeover_prepare_apply_async (prepare, NULL, result_cb, fixture);
  else
    takeover_prepare_plan_async (prepare, NULL, result_cb, fixture);
  result = wait_result (fixture);
  return apply ? takeover_prepare_apply_finish (prepare, result, error)
               : takeover_prepare_plan_finish (prepare, result, error);
}

/* run() that must succeed: its error, if any, is what the test prints. */
static void
run_ok (Fixture         *fixture,
        TakeoverPrepare *prepare,
        gboolean         apply)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = run (fixture, prepare, apply, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

/* The status of the first item of @kind (and, for subnets, @title). */
static TakeoverPrepareItem *
find_item (TakeoverPrepare     *prepare,
           TakeoverPrepareKind  kind,
           const char          *title)
{
  GListModel *items = takeover_prepare_get_items (prepare);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(TakeoverPrepareItem) item = g_list_model_get_item (items, i);

      if (takeover_prepare_item_get_kind (item) == kind &&
          (title == NULL || g_str_equal (takeover_prepare_item_get_title (item), title)))
        return item;
    }
  g_assert_not_reached ();
}

static void
assert_status (TakeoverPrepare       *prepare,
               TakeoverPrepareKind    kind,
               const char            *title,
               TakeoverPrepareStatus  status)
{
  TakeoverPrepareItem *item = find_item (prepare, kind, title);

  if (takeover_prepare_item_get_status (item) != status)
    g_error ("%s: %s (%s), expected %s", takeover_prepare_item_get_title (item),
             takeover_prepare_status_to_string (takeover_prepare_item_get_status (item)),
             takeover_prepare_item_get_message (item), takeover_prepare_status_to_string (status));
}

static guint
count_status (TakeoverPrepare       *prepare,
              TakeoverPrepareStatus  status)
{
  GListModel *items = takeover_prepare_get_items (prepare);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(TakeoverPrepareItem) item = g_list_model_get_item (items, i);

      if (takeover_prepare_item_get_status (item) == status)
        n++;
    }
  return n;
}

/* Counts each property's notifies, by name. */
static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 GHashTable *counts)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, pspec->name));

  g_hash_table_insert (counts, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
}

static void
test_from_nothing (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *a = g_strdup_printf ("10.%u.1.10", fixture->net);
  g_autofree char *b = g_strdup_printf ("10.%u.1.11", fixture->net);
  g_autofree char *c = g_strdup_printf ("10.%u.2.10", fixture->net);
  const char *addresses[] = { a, b, c, NULL };
  g_autoptr(GListModel) hosts = NULL;
  g_autoptr(TakeoverPrepare) prepare = NULL;
  g_autoptr(TakeoverPrepare) again = NULL;
  g_autoptr(TakeoverNova) nova = NULL;
  g_autoptr(TakeoverGlance) glance = NULL;
  g_autoptr(TakeoverNeutron) neutron = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GAsyncResult) result3 = NULL;
  g_autoptr(GAsyncResult) result4 = NULL;
  g_autoptr(GPtrArray) subnets = NULL;
  g_autoptr(GPtrArray) networks = NULL;
  g_autofree char *physnet = NULL;
  g_autofree char *network_name = name_for (fixture, "net");
  JsonObject *network;
  g_autoptr(JsonObject) quotas = NULL;
  g_autoptr(JsonObject) image = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subnet1 = NULL;
  g_autofree char *subnet2 = NULL;
  g_autofree char *project_id = NULL;
  g_autofree char *image_id = NULL;
  g_autoptr(GHashTable) notifies = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
  g_autoptr(GListModel) items = NULL;
  gboolean busy = TRUE;

  if (fixture->cloud == NULL)
    return;

  hosts = hosts_new (addresses);
  prepare = prepare_new (fixture, fixture->cloud, hosts);
  g_signal_connect (prepare, "notify", G_CALLBACK (count_notify_cb), notifies);
  /* A flat provider network on a physical network of its own (the bed's Neutron takes any
   * name for flat networks, one network each). */
  physnet = name_for (fixture, "physnet");
  takeover_prepare_set_provider (prepare, "flat", physnet, 0);
  subnet1 = g_strdup_printf ("Subnet 10.%u.1.0/24", fixture->net);
  subnet2 = g_strdup_printf ("Subnet 10.%u.2.0/24", fixture->net);

  /* The plan: everything to create, nothing in the way. */
  run_ok (fixture, prepare, FALSE);
  g_assert_cmpuint (takeover_prepare_get_n_problems (prepare), ==, 0);
  assert_status (prepare, TAKEOVER_PREPARE_IRONIC, NULL, TAKEOVER_PREPARE_STATUS_EXISTS);
  assert_status (prepare, TAKEOVER_PREPARE_HYPERVISORS, NULL, TAKEOVER_PREPARE_STATUS_EXISTS);
  assert_status (prepare, TAKEOVER_PREPARE_PROJECT, NULL, TAKEOVER_PREPARE_STATUS_CREATE);
  assert_status (prepare, TAKEOVER_PREPARE_USER, NULL, TAKEOVER_PREPARE_STATUS_CREATE);
  assert_status (prepare, TAKEOVER_PREPARE_ROLE, NULL, TAKEOVER_PREPARE_STATUS_CREATE);
  assert_status (prepare, TAKEOVER_PREPARE_QUOTAS, NULL, TAKEOVER_PREPARE_STATUS_CREATE);
  assert_status (prepare, TAKEOVER_PREPARE_FLAVOR, NULL, TAKEOVER_PREPARE_STATUS_CREATE);
  assert_status (prepare, TAKEOVER_PREPARE_NETWORK, NULL, TAKEOVER_PREPARE_STATUS_CREATE);
  assert_status (prepare, TAKEOVER_PREPARE_SUBNET, subnet1, TAKEOVER_PREPARE_STATUS_CREATE);
  assert_status (prepare, TAKEOVER_PREPARE_SUBNET, subnet2, TAKEOVER_PREPARE_STATUS_CREATE);
  assert_status (prepare, TAKEOVER_PREPARE_IMAGE, NULL, TAKEOVER_PREPARE_STATUS_CREATE);
  g_assert_null (takeover_prepare_get_image_id (prepare));
  /* For a face: busy while it ran; no id to show yet, so none notified. */
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (notifies, "busy")), ==, 2);
  g_assert_false (g_hash_table_contains (notifies, "project-id"));
  g_assert_false (g_hash_table_contains (notifies, "image-id"));
  g_assert_false (g_hash_table_contains (notifies, "n-problems"));
  g_object_get (prepare, "busy", &busy, "items", &items, NULL);
  g_assert_false (busy);
  g_assert_true (items == takeover_prepare_get_items (prepare));
  g_hash_table_remove_all (notifies);

  /* The apply creates every item. */
  run_ok (fixture, prepare, TRUE);
  /* Each new id notified once, as the apply ended. */
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (notifies, "busy")), ==, 2);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (notifies, "project-id")), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (notifies, "image-id")), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (notifies, "network-id")), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (notifies, "flavor-id")), ==, 1);
  g_signal_handlers_disconnect_by_data (prepare, notifies);
  g_assert_cmpuint (count_status (prepare, TAKEOVER_PREPARE_STATUS_CREATED), ==, 9);
  g_assert_cmpuint (count_status (prepare, TAKEOVER_PREPARE_STATUS_CREATE), ==, 0);
  g_assert_cmpuint (takeover_prepare_get_n_problems (prepare), ==, 0);
  g_assert_null (takeover_prepare_get_generated_password (prepare));
  project_id = g_strdup (takeover_prepare_get_project_id (prepare));
  image_id = g_strdup (takeover_prepare_get_image_id (prepare));
  g_assert_nonnull (project_id);
  g_assert_nonnull (image_id);

  /* What the services now say, read back independently. */
  nova = takeover_nova_new (fixture->cloud);
  takeover_nova_get_quotas_async (nova, project_id, NULL, result_cb, fixture);
  result = wait_result (fixture);
  quotas = takeover_nova_get_quotas_finish (nova, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (quotas, "cores"), ==, -1);
  g_assert_cmpint (json_object_get_int_member (quotas, "ram"), ==, -1);
  g_assert_cmpint (json_object_get_int_member (quotas, "instances"), ==, -1);
  g_assert_cmpint (json_object_get_int_member (quotas, "key_pairs"), ==, -1);
  /* And every other quota Nova has. */
  {
    g_autoptr(GList) members = json_object_get_members (quotas);
    guint n_quotas = 0;

    for (GList *l = members; l != NULL; l = l->next)
      {
        JsonNode *node = json_object_get_member (quotas, l->data);

        if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
          {
            g_test_message ("quota %s: %" G_GINT64_FORMAT, (char *) l->data,
                            json_node_get_int (node));
            g_assert_cmpint (json_node_get_int (node), ==, -1);
            n_quotas++;
          }
      }
    /* cores, instances, key_pairs, metadata_items, ram, server_groups, server_group_members */
    g_assert_cmpuint (n_quotas, >=, 7);
  }

  glance = takeover_glance_new (fixture->cloud);
  takeover_glance_get_image_async (glance, image_id, NULL, result_cb, fixture);
  result2 = wait_result (fixture);
  image = takeover_glance_get_image_finish (glance, result2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (image, "status"), ==, "active");
  g_assert_cmpint (json_object_get_int_member (image, "size"), ==, 1048576);
  g_assert_cmpstr (json_object_get_string_member (image, "disk_format"), ==, "raw");
  g_assert_cmpstr (json_object_get_string_member (image, "container_format"), ==, "bare");
  g_assert_cmpstr (json_object_get_string_member (image, "owner"), ==, project_id);

  /* The subnets hold the management IPs in their pools, with the gateway (in the first range
   * only) and DNS server given, and no DHCP server competing with the servers' own addresses. */
  neutron = takeover_neutron_new (fixture->cloud);
  takeover_neutron_list_networks_async (neutron, network_name, NULL, result_cb, fixture);
  result4 = wait_result (fixture);
  networks = takeover_neutron_list_networks_finish (neutron, result4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (networks->len, ==, 1);
  network = g_ptr_array_index (networks, 0);
  g_assert_cmpstr (json_object_get_string_member (network, "id"), ==,
                   takeover_prepare_get_network_id (prepare));
  g_assert_cmpstr (json_object_get_string_member (network, "project_id"), ==, project_id);
  g_assert_cmpstr (json_object_get_string_member (network, "provider:network_type"), ==, "flat");
  g_assert_cmpstr (json_object_get_string_member (network, "provider:physical_network"), ==,
                   physnet);

  takeover_neutron_list_subnets_async (neutron, takeover_prepare_get_network_id (prepare), NULL,
                                       result_cb, fixture);
  result3 = wait_result (fixture);
  subnets = takeover_neutron_list_subnets_finish (neutron, result3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (subnets->len, ==, 2);
  for (guint i = 0; i < subnets->len; i++)
    {
      JsonObject *subnet = g_ptr_array_index (subnets, i);
      const char *cidr = json_object_get_string_member (subnet, "cidr");
      gboolean first = g_str_equal (cidr, subnet1 + strlen ("Subnet "));
      JsonArray *pools = json_object_get_array_member (subnet, "allocation_pools");
      JsonArray *dns = json_object_get_array_member (subnet, "dns_nameservers");
      g_autofree char *gateway = g_strdup_printf ("10.%u.1.1", fixture->net);
      JsonObject *pool;

      g_assert_true (first || g_str_equal (cidr, subnet2 + strlen ("Subnet ")));
      g_assert_cmpuint (json_array_get_length (pools), ==, 1);
      pool = json_array_get_object_element (pools, 0);
      g_assert_cmpstr (json_object_get_string_member (pool, "start"), ==, first ? a : c);
      g_assert_cmpstr (json_object_get_string_member (pool, "end"), ==, first ? b : c);
      g_assert_cmpstr (json_object_get_string_member (subnet, "gateway_ip"), ==,
                       first ? gateway : NULL);
      g_assert_cmpuint (json_array_get_length (dns), ==, 1);
      g_assert_cmpstr (json_array_get_string_element (dns, 0), ==, "192.0.2.53");
      g_assert_false (json_object_get_boolean_member (subnet, "enable_dhcp"));
      g_assert_cmpstr (json_object_get_string_member (subnet, "project_id"), ==, project_id);
    }

  /* A second run, from a new object as a new process would, creates nothing. */
  again = prepare_new (fixture, fixture->cloud, hosts);
  run_ok (fixture, again, TRUE);
  g_assert_cmpuint (count_status (again, TAKEOVER_PREPARE_STATUS_CREATED), ==, 0);
  g_assert_cmpuint (count_status (again, TAKEOVER_PREPARE_STATUS_EXISTS), ==,
                    g_list_model_get_n_items (takeover_prepare_get_items (again)));
  g_assert_cmpstr (takeover_prepare_get_project_id (again), ==, project_id);
  g_assert_cmpstr (takeover_prepare_get_image_id (again), ==, image_id);

  g_assert_finalize_object (g_steal_pointer (&again));
  g_assert_finalize_object (g_steal_pointer (&prepare));
}

static void
test_half_network (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *a = g_strdup_printf ("10.%u.1.10", fixture->net);
  g_autofree char *b = g_strdup_printf ("10.%u.1.11", fixture->net);
  g_autofree char *c = g_strdup_printf ("10.%u.2.10", fixture->net);
  g_autofree char *d = g_strdup_printf ("10.%u.2.11", fixture->net);
  const char *addresses[] = { a, b, c, d, NULL };
  g_autoptr(GListModel) hosts = NULL;
  g_autoptr(TakeoverPrepare) prepare = NULL;
  g_autoptr(TakeoverNeutron) neutron = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GAsyncResult) result3 = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) subnet = json_object_new ();
  g_autoptr(JsonObject) network = NULL;
  g_autoptr(JsonObject) created_subnet = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) subnets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *net_name = NULL;
  g_autofree char *cidr1 = NULL;
  g_autofree char *pools = NULL;
  g_autofree char *subnet1 = NULL;
  g_autofree char *subnet2 = NULL;

  if (fixture->cloud == NULL)
    return;

  /* A network that already holds the first range's addresses. */
  neutron = takeover_neutron_new (fixture->cloud);
  net_name = name_for (fixture, "net");
  json_object_set_string_member (fields, "name", net_name);
  takeover_neutron_create_network_async (neutron, fields, NULL, result_cb, fixture);
  result = wait_result (fixture);
  network = takeover_neutron_create_network_finish (neutron, result, &error);
  g_assert_no_error (error);

  cidr1 = g_strdup_printf ("10.%u.1.0/24", fixture->net);
  pools = g_strdup_printf ("[{\"start\": \"%s\", \"end\": \"%s\"}]", a, b);
  g_assert_true (json_parser_load_from_data (parser, pools, -1, NULL));
  json_object_set_string_member (subnet, "network_id",
                                 json_object_get_string_member (network, "id"));
  json_object_set_int_member (subnet, "ip_version", 4);
  json_object_set_string_member (subnet, "cidr", cidr1);
  json_object_set_member (subnet, "allocation_pools",
                          json_node_copy (json_parser_get_root (parser)));
  takeover_neutron_create_subnet_async (neutron, subnet, NULL, result_cb, fixture);
  result2 = wait_result (fixture);
  created_subnet = takeover_neutron_create_subnet_finish (neutron, result2, &error);
  g_assert_no_error (error);

  hosts = hosts_new (addresses);
  prepare = prepare_new (fixture, fixture->cloud, hosts);
  run_ok (fixture, prepare, TRUE);

  subnet1 = g_strdup_printf ("Subnet %s", cidr1);
  subnet2 = g_strdup_printf ("Subnet 10.%u.2.0/24", fixture->net);
  assert_status (prepare, TAKEOVER_PREPARE_NETWORK, NULL, TAKEOVER_PREPARE_STATUS_EXISTS);
  assert_status (prepare, TAKEOVER_PREPARE_SUBNET, subnet1, TAKEOVER_PREPARE_STATUS_EXISTS);
  assert_status (prepare, TAKEOVER_PREPARE_SUBNET, subnet2, TAKEOVER_PREPARE_STATUS_CREATED);
  g_assert_cmpstr (takeover_prepare_item_get_resource_id (
                     find_item (prepare, TAKEOVER_PREPARE_SUBNET, subnet1)), ==,
                   json_object_get_string_member (created_subnet, "id"));

  takeover_neutron_list_subnets_async (neutron, json_object_get_string_member (network, "id"),
                                       NULL, result_cb, fixture);
  result3 = wait_result (fixture);
  subnets = takeover_neutron_list_subnets_finish (neutron, result3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (subnets->len, ==, 2);

  g_assert_finalize_object (g_steal_pointer (&prepare));
}

/* A user with the member role only, on a project of its own. */
static TakeoverCloud *
member_cloud (Fixture *fixture)
{
  g_autoptr(TakeoverKeystone) keystone = takeover_keystone_new (fixture->cloud);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) user_fields = json_object_new ();
  g_autoptr(JsonObject) project = NULL;
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(GPtrArray) roles = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = name_for (fixture, "member");
  g_autoptr(JsonObject) entry = json_object_new ();
  g_autoptr(JsonObject) auth = json_object_new ();

  json_object_set_string_member (fields, "name", name);
  json_object_set_string_member (fields, "domain_id", "default");
  takeover_keystone_create_async (keystone, TAKEOVER_KEYSTONE_PROJECT, fields, NULL, result_cb,
                                  fixture);
  r1 = wait_result (fixture);
  project = takeover_keystone_create_finish (keystone, r1, &error);
  g_assert_no_error (error);

  json_object_set_string_member (user_fields, "name", name);
  json_object_set_string_member (user_fields, "domain_id", "default");
  json_object_set_string_member (user_fields, "password", "member-pass");
  takeover_keystone_create_async (keystone, TAKEOVER_KEYSTONE_USER, user_fields, NULL, result_cb,
                                  fixture);
  r2 = wait_result (fixture);
  user = takeover_keystone_create_finish (keystone, r2, &error);
  g_assert_no_error (error);

  takeover_keystone_find_async (keystone, TAKEOVER_KEYSTONE_ROLE, "member", NULL, NULL,
                                result_cb, fixture);
  r3 = wait_result (fixture);
  roles = takeover_keystone_find_finish (keystone, r3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (roles->len, ==, 1);

  takeover_keystone_grant_role_async (keystone, json_object_get_string_member (project, "id"),
                                      json_object_get_string_member (user, "id"),
                                      json_object_get_string_member (g_ptr_array_index (roles, 0),
                                                                     "id"),
                                      NULL, result_cb, fixture);
  r4 = wait_result (fixture);
  g_assert_true (takeover_keystone_grant_role_finish (keystone, r4, &error));
  g_assert_no_error (error);

  json_object_set_string_member (auth, "auth_url", "http://127.0.0.1:5000/v3");
  json_object_set_string_member (auth, "username", name);
  json_object_set_string_member (auth, "password", "member-pass");
  json_object_set_string_member (auth, "project_name", name);
  json_object_set_string_member (auth, "user_domain_id", "default");
  json_object_set_string_member (auth, "project_domain_id", "default");
  json_object_set_string_member (entry, "auth_type", "password");
  json_object_set_string_member (entry, "region_name", "RegionOne");
  json_object_set_object_member (entry, "auth", g_steal_pointer (&auth));
  return cloud_for (name, entry);
}

static void
test_forbidden (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *a = g_strdup_printf ("10.%u.1.10", fixture->net);
  const char *addresses[] = { a, NULL };
  g_autoptr(GListModel) hosts = NULL;
  g_autoptr(TakeoverCloud) member = NULL;
  g_autoptr(TakeoverPrepare) prepare = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *items;
  guint n_forbidden = 0;

  if (fixture->cloud == NULL)
    return;

  member = member_cloud (fixture);
  hosts = hosts_new (addresses);
  prepare = prepare_new (fixture, member, hosts);
  run_ok (fixture, prepare, FALSE);

  /* What a member may not even read: Ironic's drivers, Keystone's domains and roles, Nova's
   * hypervisors. Each says so in one sentence. */
  assert_status (prepare, TAKEOVER_PREPARE_IRONIC, NULL, TAKEOVER_PREPARE_STATUS_FORBIDDEN);
  assert_status (prepare, TAKEOVER_PREPARE_PROJECT, NULL, TAKEOVER_PREPARE_STATUS_FORBIDDEN);
  assert_status (prepare, TAKEOVER_PREPARE_ROLE, NULL, TAKEOVER_PREPARE_STATUS_FORBIDDEN);
  assert_status (prepare, TAKEOVER_PREPARE_HYPERVISORS, NULL, TAKEOVER_PREPARE_STATUS_FORBIDDEN);
  items = takeover_prepare_get_items (prepare);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(TakeoverPrepareItem) item = g_list_model_get_item (items, i);
      const char *message = takeover_prepare_item_get_message (item);

      if (takeover_prepare_item_get_status (item) != TAKEOVER_PREPARE_STATUS_FORBIDDEN)
        continue;
      n_forbidden++;
      g_test_message ("%s: %s", takeover_prepare_item_get_title (item), message);
      g_assert_nonnull (strstr (message, "HTTP 403"));
      g_assert_nonnull (strstr (message, "admin role"));
      g_assert_true (g_str_has_suffix (message, "."));
      g_assert_null (strchr (message, '\n'));
      /* One sentence: the only full stop is the last character. */
      g_assert_true (strchr (message, '.') == message + strlen (message) - 1);
    }
  g_assert_cmpuint (n_forbidden, >=, 4);

  /* With problems in the plan, the apply changes nothing. */
  g_assert_false (run (fixture, prepare, TRUE, &error));
  g_assert_error (error, TAKEOVER_PREPARE_ERROR, TAKEOVER_PREPARE_ERROR_PLAN);
  g_assert_cmpuint (count_status (prepare, TAKEOVER_PREPARE_STATUS_CREATED), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&prepare));
}

static void
test_bad_input (Fixture       *fixture,
                gconstpointer  data)
{
  const char *addresses[] = { "10.0.0.1", "not-an-address", NULL };
  g_autoptr(GListModel) hosts = NULL;
  g_autoptr(TakeoverPrepare) prepare = NULL;
  g_autoptr(GError) error = NULL;

  if (fixture->cloud == NULL)
    return;

  hosts = hosts_new (addresses);
  prepare = prepare_new (fixture, fixture->cloud, hosts);
  g_assert_false (run (fixture, prepare, FALSE, &error));
  g_assert_error (error, TAKEOVER_PREPARE_ERROR, TAKEOVER_PREPARE_ERROR_INPUT);
  g_assert_nonnull (strstr (error->message, "not-an-address"));
  g_assert_finalize_object (g_steal_pointer (&prepare));
}

/* The domain and role the operator names must exist: otherwise each says so, and the apply
 * creates nothing. An existing role other than member is taken. */
static void
test_named (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *a = g_strdup_printf ("10.%u.1.10", fixture->net);
  const char *addresses[] = { a, NULL };
  g_autoptr(GListModel) hosts = NULL;
  g_autoptr(TakeoverPrepare) unknown = NULL;
  g_autoptr(TakeoverPrepare) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *domain = name_for (fixture, "no-such-domain");
  g_autofree char *role = name_for (fixture, "no-such-role");
  const char *message;

  if (fixture->cloud == NULL)
    return;

  hosts = hosts_new (addresses);
  unknown = prepare_new (fixture, fixture->cloud, hosts);
  takeover_prepare_set_domain (unknown, domain);
  takeover_prepare_set_role (unknown, role);
  run_ok (fixture, unknown, FALSE);
  assert_status (unknown, TAKEOVER_PREPARE_PROJECT, NULL, TAKEOVER_PREPARE_STATUS_CONFLICT);
  message = takeover_prepare_item_get_message (find_item (unknown, TAKEOVER_PREPARE_PROJECT, NULL));
  g_assert_nonnull (strstr (message, domain));
  assert_status (unknown, TAKEOVER_PREPARE_ROLE, NULL, TAKEOVER_PREPARE_STATUS_CONFLICT);
  message = takeover_prepare_item_get_message (find_item (unknown, TAKEOVER_PREPARE_ROLE, NULL));
  g_assert_nonnull (strstr (message, role));
  g_assert_false (run (fixture, unknown, TRUE, &error));
  g_assert_error (error, TAKEOVER_PREPARE_ERROR, TAKEOVER_PREPARE_ERROR_PLAN);
  g_assert_cmpuint (count_status (unknown, TAKEOVER_PREPARE_STATUS_CREATED), ==, 0);
  g_clear_error (&error);

  reader = prepare_new (fixture, fixture->cloud, hosts);
  takeover_prepare_set_role (reader, "reader");
  run_ok (fixture, reader, FALSE);
  assert_status (reader, TAKEOVER_PREPARE_ROLE, NULL, TAKEOVER_PREPARE_STATUS_CREATE);
  g_assert_true (g_str_has_prefix (takeover_prepare_item_get_title (find_item (reader,
                                                                              TAKEOVER_PREPARE_ROLE,
                                                                              NULL)),
                                   "Role “reader”"));

  g_assert_finalize_object (g_steal_pointer (&unknown));
  g_assert_finalize_object (g_steal_pointer (&reader));
}

static void
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *a = g_strdup_printf ("10.%u.1.10", fixture->net);
  const char *addresses[] = { a, NULL };
  g_autoptr(GListModel) hosts = NULL;
  g_autoptr(TakeoverPrepare) prepare = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (fixture->cloud == NULL)
    return;

  hosts = hosts_new (addresses);
  prepare = prepare_new (fixture, fixture->cloud, hosts);
  /* Cancelled while its requests are in flight. */
  takeover_prepare_apply_async (prepare, cancellable, result_cb, fixture);
  g_idle_add_once (cancel_cb, cancellable);
  result = wait_result (fixture);
  g_assert_false (takeover_prepare_apply_finish (prepare, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&prepare));
}

/* Runs `takeover-cli prepare @inventory` with this test's names and @extra, @extra2 (NULL or
 * options); returns its exit status and sets @out to what it printed. */
static int
run_cli (Fixture     *fixture,
         const char  *inventory,
         const char  *password_file,
         const char  *extra,
         const char  *extra2,
         char       **out)
{
  g_autofree char *project = name_for (fixture, "project");
  g_autofree char *network = name_for (fixture, "net");
  g_autofree char *image = name_for (fixture, "blank");
  g_autofree char *rc = g_strdup_printf ("TP_%s", fixture->suffix);
  g_autofree char *gateway = g_strdup_printf ("10.%u.1.1", fixture->net);
  const char *argv[] = { g_getenv ("TAKEOVER_CLI"), "prepare", inventory,
                         "--cloud", TAKEOVER_TEST_BED_CLOUD_FULL, "--project", project,
                         "--user", project, "--password-file", password_file,
                         "--network", network, "--image", image, "--resource-class", rc,
                         "--gateway", gateway, "--dns", "192.0.2.53", extra, extra2, NULL };
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  env = g_environ_setenv (env, "OS_CLIENT_CONFIG_FILE", takeover_test_bed_get_clouds_yaml (),
                          TRUE);
  env = g_environ_unsetenv (env, "OS_CLOUD");
  /* The untranslated status words. */
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  env = g_environ_unsetenv (env, "LANGUAGE");
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, out, &err, &status,
                &error);
  g_assert_no_error (error);
  g_test_message ("takeover-cli prepare %s %s:\n%s%s", extra != NULL ? extra : "",
                  extra2 != NULL ? extra2 : "", *out, err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* The lines of @out's section after @heading that begin with @status. */
static guint
count_lines (const char *out,
             const char *heading,
             const char *status)
{
  const char *section = strstr (out, heading);
  g_auto(GStrv) lines = NULL;
  g_autofree char *prefix = g_strdup_printf ("%-12s ", status);
  guint n = 0;

  g_assert_nonnull (section);
  lines = g_strsplit (section, "\n", -1);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    n += g_str_has_prefix (lines[i], prefix);
  return n;
}

/* `takeover-cli prepare` as the operator runs it: --dry-run changes nothing, the apply creates
 * every item, running it again creates nothing; each time the plan is shown first. */
static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *a = g_strdup_printf ("10.%u.1.10", fixture->net);
  g_autofree char *b = g_strdup_printf ("10.%u.2.10", fixture->net);
  g_autofree char *dir = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *inventory = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *dry = NULL;
  g_autofree char *applied = NULL;
  g_autofree char *again = NULL;
  g_autofree char *in_the_way = NULL;
  g_autofree char *domain = g_strdup_printf ("--domain=%s", fixture->suffix);
  g_autofree char *project_line = NULL;
  g_autoptr(GError) error = NULL;

  if (fixture->cloud == NULL)
    return;

  dir = g_dir_make_tmp ("takeover-prepare-cli-XXXXXX", &error);
  g_assert_no_error (error);
  csv = g_strdup_printf ("name,ipmi_address,ipmi_port,ipmi_username,ipmi_password,mgmt_ip,"
                         "ssh_port,ssh_username,ssh_password,ssh_key\n"
                         "tp-cli-1,127.0.0.1,623,admin,password,%s,22,hwprobe,probe-pass,\n"
                         "tp-cli-2,127.0.0.1,624,admin,password,%s,22,hwprobe,probe-pass,\n",
                         a, b);
  inventory = g_build_filename (dir, "hosts.csv", NULL);
  g_assert_true (g_file_set_contents (inventory, csv, -1, NULL));
  password_file = g_build_filename (dir, "password", NULL);
  g_assert_true (g_file_set_contents (password_file, "tp-secret\n", -1, NULL));

  /* The plan only: 9 items to create, and nothing created. */
  g_assert_cmpint (run_cli (fixture, inventory, password_file, "--dry-run", NULL, &dry), ==, 0);
  g_assert_cmpuint (count_lines (dry, "Plan for cloud", "will create"), ==, 9);
  g_assert_null (strstr (dry, "Result:"));
  g_assert_null (strstr (dry, "Nodes’ owner"));

  /* A plan with something in the way (a domain that does not exist) fails, dry run or not. */
  g_assert_cmpint (run_cli (fixture, inventory, password_file, "--dry-run", domain, &in_the_way),
                   ==, 1);
  g_assert_cmpuint (count_lines (in_the_way, "Plan for cloud", "conflict"), ==, 1);

  /* The apply plans again (the dry run left everything to create), then creates it all. */
  g_assert_cmpint (run_cli (fixture, inventory, password_file, NULL, NULL, &applied), ==, 0);
  g_assert_cmpuint (count_lines (applied, "Plan for cloud", "will create"), ==, 9);
  g_assert_cmpuint (count_lines (applied, "Result:", "created"), ==, 9);
  g_assert_cmpuint (count_lines (applied, "Result:", "will create"), ==, 0);
  /* The password came from the file: none was generated to show. */
  g_assert_null (strstr (applied, "password"));
  g_assert_nonnull (strstr (applied, "Nodes’ owner (project id): "));
  g_assert_nonnull (strstr (applied, "Nodes’ image_source: "));

  /* Again: every item exists, nothing to apply, the same project. */
  g_assert_cmpint (run_cli (fixture, inventory, password_file, NULL, NULL, &again), ==, 0);
  g_assert_cmpuint (count_lines (again, "Plan for cloud", "will create"), ==, 0);
  g_assert_cmpuint (count_lines (again, "Plan for cloud", "exists"), ==, 11);
  g_assert_null (strstr (again, "Result:"));
  project_line = g_strndup (strstr (applied, "Nodes’ owner"),
                            strcspn (strstr (applied, "Nodes’ owner"), "\n"));
  g_assert_nonnull (strstr (again, project_line));

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

    g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/prepare/from-nothing", Fixture, NULL, fixture_set_up, test_from_nothing,
              fixture_tear_down);
  g_test_add ("/prepare/half-network", Fixture, NULL, fixture_set_up, test_half_network,
              fixture_tear_down);
  g_test_add ("/prepare/forbidden", Fixture, NULL, fixture_set_up, test_forbidden,
              fixture_tear_down);
  g_test_add ("/prepare/bad-input", Fixture, NULL, fixture_set_up, test_bad_input,
              fixture_tear_down);
  g_test_add ("/prepare/named", Fixture, NULL, fixture_set_up, test_named, fixture_tear_down);
  g_test_add ("/prepare/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/prepare/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);

  return g_test_run ();
}
