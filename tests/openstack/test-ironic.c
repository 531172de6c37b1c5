/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TakeoverIronic against the test bed's real Ironic (noauth). Every node is named uniquely and
 * deleted at the end, so tests may run beside others on the same Ironic. */
#include "config.h"

#include <unistd.h>

#include "takeover-fault-proxy.h"
#include "takeover-test-bed.h"
#include "test-openstack-util.h"

static JsonObject *
create_node (TakeoverIronic *ironic,
             const char     *name,
             const char     *driver)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) properties = json_object_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *node;

  json_object_set_string_member (fields, "name", name);
  json_object_set_string_member (fields, "driver", driver);
  json_object_set_int_member (properties, "cpus", 4);
  json_object_set_int_member (properties, "memory_mb", 8192);
  json_object_set_object_member (fields, "properties", g_steal_pointer (&properties));

  takeover_ironic_create_node_async (ironic, fields, NULL, test_result_cb, NULL);
  node = takeover_ironic_create_node_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* Deletes a test node from whatever state it reached: maintenance lets Ironic delete it
 * without cleaning or undeploying. */
static void
remove_node (TakeoverIronic *ironic,
             const char     *name)
{
  g_autoptr(JsonArray) patch = json_array_new ();
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(GError) error = NULL;

  takeover_json_patch_append (patch, "replace", "/maintenance", json_node_init_boolean (json_node_alloc (), TRUE));
  takeover_ironic_update_node_async (ironic, name, patch, NULL, test_result_cb, NULL);
  updated = takeover_ironic_update_node_finish (ironic, test_await (), &error);
  g_assert_no_error (error);

  takeover_ironic_delete_node_async (ironic, name, NULL, test_result_cb, NULL);
  takeover_ironic_delete_node_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  return json_object_get_string_member_with_default (object, name, NULL);
}

static void
test_versions (void)
{
  g_autoptr(TakeoverCloud) cloud = NULL;
  g_autoptr(TakeoverIronic) ironic = NULL;
  g_autoptr(TakeoverCloudEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;

  if (!takeover_test_bed_require (1, FALSE))
    return;

  cloud = test_standalone_cloud (TAKEOVER_TEST_BED_IRONIC_URL, NULL);
  ironic = takeover_ironic_new (cloud);
  takeover_ironic_discover_async (ironic, NULL, test_result_cb, NULL);
  endpoint = takeover_ironic_discover_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (endpoint->service_type, ==, "baremetal");
  g_assert_cmpstr (endpoint->url, ==, TAKEOVER_TEST_BED_IRONIC_URL);
  g_assert_cmpstr (endpoint->versioned_url, ==, TAKEOVER_TEST_BED_IRONIC_URL "/v1");
  /* The bed's Ironic: 1.1 to 1.82 (tests/testbed/README.md). */
  g_assert_cmpstr (endpoint->min_version, ==, "1.1");
  g_assert_cmpstr (endpoint->max_version, ==, "1.82");
  g_assert_cmpstr (endpoint->microversion, ==, TAKEOVER_IRONIC_MAX_VERSION);

  test_drop_result ();
  g_clear_object (&ironic);
  g_assert_finalize_object (g_steal_pointer (&cloud));
}

/* A clouds.yaml pin (baremetal_api_version) is followed within what the client understands:
 * one newer than the client's newest, though the server has it, gets the client's newest. */
static void
test_version_pin (void)
{
  static const TakeoverCloudService old_ironic = {
    .service_type = "baremetal",
    .version_path = "v1",
    .microversion_header = "X-OpenStack-Ironic-API-Version",
    .min_microversion = "1.31",
    .max_microversion = "1.40",
  };
  const struct
  {
    const char *pin;
    const char *sent;
  } cases[] = {
    { "1.35", "1.35" },
    { "1.60", "1.40" },
  };

  if (!takeover_test_bed_require (1, FALSE))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TakeoverCloud) cloud = test_standalone_cloud (TAKEOVER_TEST_BED_IRONIC_URL,
                                                              cases[i].pin);
      g_autoptr(TakeoverCloudEndpoint) endpoint = NULL;
      g_autoptr(GError) error = NULL;

      takeover_cloud_discover_async (cloud, &old_ironic, NULL, test_result_cb, NULL);
      endpoint = takeover_cloud_discover_finish (cloud, test_await (), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (endpoint->max_version, ==, "1.82");
      g_assert_cmpstr (endpoint->microversion, ==, cases[i].sent);
      test_drop_result ();
    }
}

/* The version header reaches Ironic: what a node shows depends on it. */
static void
test_version_header (void)
{
  g_autoptr(TakeoverCloud) latest = NULL;
  g_autoptr(TakeoverCloud) pinned = NULL;
  g_autoptr(TakeoverIronic) ironic = NULL;
  g_autoptr(TakeoverIronic) old_ironic = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(JsonObject) old_node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = test_unique_name ("version");

  if (!takeover_test_bed_require (1, FALSE))
    return;

  latest = test_standalone_cloud (TAKEOVER_TEST_BED_IRONIC_URL, NULL);
  ironic = takeover_ironic_new (latest);
  pinned = test_standalone_cloud (TAKEOVER_TEST_BED_IRONIC_URL, "1.40");
  old_ironic = takeover_ironic_new (pinned);

  created = create_node (ironic, name, "fake-hardware");

  /* "owner" came with 1.50, "shard" with 1.82. */
  takeover_ironic_get_node_async (ironic, name, NULL, NULL, test_result_cb, NULL);
  node = takeover_ironic_get_node_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (node, "owner"));
  g_assert_true (json_object_has_member (node, "shard"));

  takeover_ironic_get_node_async (old_ironic, name, NULL, NULL, test_result_cb, NULL);
  old_node = takeover_ironic_get_node_finish (old_ironic, test_await (), &error);
  g_assert_no_error (error);
  g_assert_false (json_object_has_member (old_node, "owner"));
  g_assert_true (json_object_has_member (old_node, "resource_class"));

  remove_node (ironic, name);
  test_drop_result ();
}

/* A call that needs more than the server offers fails before anything is sent. */
static void
test_version_too_old (void)
{
  static const TakeoverCloudService future_ironic = {
    .service_type = "baremetal",
    .version_path = "v1",
    .microversion_header = "X-OpenStack-Ironic-API-Version",
    .min_microversion = "1.90",
    .max_microversion = "1.99",
  };
  g_autoptr(TakeoverFaultProxy) proxy = NULL;
  g_autoptr(TakeoverCloud) cloud = NULL;
  g_autoptr(TakeoverCloud) future = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  guint requests;

  if (!takeover_test_bed_require (1, FALSE))
    return;

  proxy = takeover_fault_proxy_new (TAKEOVER_TEST_BED_IRONIC_URL, &error);
  g_assert_no_error (error);
  cloud = test_standalone_cloud (takeover_fault_proxy_get_url (proxy), NULL);

  takeover_cloud_request_async (cloud, &takeover_ironic_service, "GET", "/nodes?limit=1", NULL,
                                NULL, TAKEOVER_CLOUD_REQUEST_NONE, NULL, test_result_cb, NULL);
  answer = takeover_cloud_request_finish (cloud, test_await (), &error);
  g_assert_no_error (error);
  g_clear_pointer (&answer, json_node_unref);
  requests = takeover_fault_proxy_get_n_requests (proxy);

  takeover_cloud_request_async (cloud, &takeover_ironic_service, "GET", "/nodes?limit=1", NULL,
                                "1.95", TAKEOVER_CLOUD_REQUEST_NONE, NULL, test_result_cb, NULL);
  answer = takeover_cloud_request_finish (cloud, test_await (), &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_VERSION);
  g_assert_nonnull (strstr (error->message, "1.95"));
  g_assert_nonnull (strstr (error->message, "1.82"));
  g_assert_cmpuint (takeover_fault_proxy_get_n_requests (proxy), ==, requests);
  g_clear_error (&error);

  /* A client whose oldest version is newer than the server's newest. */
  future = test_standalone_cloud (TAKEOVER_TEST_BED_IRONIC_URL, NULL);
  takeover_cloud_request_async (future, &future_ironic, "GET", "/nodes", NULL, NULL,
                                TAKEOVER_CLOUD_REQUEST_NONE, NULL, test_result_cb, NULL);
  answer = takeover_cloud_request_finish (future, test_await (), &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_VERSION);
  g_assert_nonnull (strstr (error->message, "1.1 to 1.82"));
  g_assert_null (answer);
  test_drop_result ();
}

static gboolean
contains_name (GPtrArray  *nodes,
               const char *name)
{
  for (guint i = 0; i < nodes->len; i++)
    {
      if (g_strcmp0 (member_string (g_ptr_array_index (nodes, i), "name"), name) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_node_round_trip (void)
{
  const char * const fields[] = { "uuid", "name", "driver", NULL };
  g_autoptr(TakeoverCloud) cloud = NULL;
  g_autoptr(TakeoverIronic) ironic = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(JsonObject) validation = NULL;
  g_autoptr(JsonArray) patch = json_array_new ();
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GHashTable) filters = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *names[3] = { NULL };
  JsonObject *properties;

  if (!takeover_test_bed_require (1, FALSE))
    return;

  cloud = test_standalone_cloud (TAKEOVER_TEST_BED_IRONIC_URL, NULL);
  ironic = takeover_ironic_new (cloud);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      names[i] = test_unique_name ("node");
      g_clear_pointer (&created, json_object_unref);
      created = create_node (ironic, names[i], "fake-hardware");
      g_assert_cmpstr (member_string (created, "name"), ==, names[i]);
      g_assert_cmpstr (member_string (created, "provision_state"), ==, "enroll");
    }

  /* Get by name with field selection. */
  takeover_ironic_get_node_async (ironic, names[0], fields, NULL, test_result_cb, NULL);
  node = takeover_ironic_get_node_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (member_string (node, "name"), ==, names[0]);
  g_assert_cmpstr (member_string (node, "driver"), ==, "fake-hardware");
  g_assert_false (json_object_has_member (node, "properties"));

  /* List one node a page: paging must still find all three. */
  filters = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (filters, "driver", "fake-hardware");
  takeover_ironic_list_nodes_async (ironic, filters, fields, 1, NULL, test_result_cb, NULL);
  nodes = takeover_ironic_list_nodes_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_true (contains_name (nodes, names[i]));
  for (guint i = 0; i < nodes->len; i++)
    g_assert_cmpstr (member_string (g_ptr_array_index (nodes, i), "driver"), ==, "fake-hardware");
  g_clear_pointer (&nodes, g_ptr_array_unref);

  /* Detail listing (no fields) carries properties. */
  takeover_ironic_list_nodes_async (ironic, filters, NULL, 0, NULL, test_result_cb, NULL);
  nodes = takeover_ironic_list_nodes_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
  g_assert_true (contains_name (nodes, names[1]));
  g_assert_true (json_object_has_member (g_ptr_array_index (nodes, 0), "properties"));

  /* JSON patch. */
  takeover_json_patch_append (patch, "add", "/extra/takeover", json_node_init_string (json_node_alloc (), "yes"));
  takeover_json_patch_append (patch, "replace", "/properties/cpus", json_node_init_int (json_node_alloc (), 16));
  takeover_json_patch_append (patch, "remove", "/properties/memory_mb", NULL);
  takeover_ironic_update_node_async (ironic, names[0], patch, NULL, test_result_cb, NULL);
  updated = takeover_ironic_update_node_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (updated, "extra"), "takeover"), ==, "yes");
  properties = json_object_get_object_member (updated, "properties");
  g_assert_cmpint (json_object_get_int_member (properties, "cpus"), ==, 16);
  g_assert_false (json_object_has_member (properties, "memory_mb"));

  /* Validate answers per interface. */
  takeover_ironic_validate_node_async (ironic, names[0], NULL, test_result_cb, NULL);
  validation = takeover_ironic_validate_node_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (validation, "power"));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (validation, "power"), "result"));

  /* Delete, then Ironic's own "not found" comes back as NOT_FOUND with its message. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      takeover_ironic_delete_node_async (ironic, names[i], NULL, test_result_cb, NULL);
      takeover_ironic_delete_node_finish (ironic, test_await (), &error);
      g_assert_no_error (error);
    }
  g_clear_pointer (&node, json_object_unref);
  takeover_ironic_get_node_async (ironic, names[0], NULL, NULL, test_result_cb, NULL);
  node = takeover_ironic_get_node_finish (ironic, test_await (), &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_NOT_FOUND);
  g_assert_cmpuint (takeover_cloud_error_get_status (error), ==, 404);
  g_assert_cmpstr (takeover_cloud_error_get_method (error), ==, "GET");
  g_assert_nonnull (strstr (takeover_cloud_error_get_url (error), names[0]));
  g_assert_nonnull (strstr (takeover_cloud_error_get_server_message (error), "could not be found"));
  /* The message is Ironic's sentence, not the JSON around it. */
  g_assert_null (strstr (error->message, "faultstring"));
  g_assert_nonnull (strstr (error->message, "HTTP 404"));
  test_drop_result ();
}

static void
test_ports (void)
{
  g_autoptr(TakeoverFaultProxy) proxy = NULL;
  g_autoptr(TakeoverCloud) cloud = NULL;
  g_autoptr(TakeoverIronic) ironic = NULL;
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(GPtrArray) ports = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = test_unique_name ("ports");
  g_autofree char *macs[2] = { NULL };
  g_autofree char *first_port = NULL;
  guint32 random = g_random_int ();

  if (!takeover_test_bed_require (1, FALSE))
    return;

  proxy = takeover_fault_proxy_new (TAKEOVER_TEST_BED_IRONIC_URL, &error);
  g_assert_no_error (error);
  cloud = test_standalone_cloud (takeover_fault_proxy_get_url (proxy), NULL);
  ironic = takeover_ironic_new (cloud);
  node = create_node (ironic, name, "fake-hardware");

  for (guint i = 0; i < G_N_ELEMENTS (macs); i++)
    {
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autoptr(JsonObject) port = NULL;

      macs[i] = g_strdup_printf ("52:54:%02x:%02x:%02x:%02x", (random >> 24) & 0xff,
                                 (random >> 16) & 0xff, (random >> 8) & 0xff, (random + i) & 0xff);
      json_object_set_string_member (fields, "node_uuid", member_string (node, "uuid"));
      json_object_set_string_member (fields, "address", macs[i]);
      takeover_ironic_create_port_async (ironic, fields, NULL, test_result_cb, NULL);
      port = takeover_ironic_create_port_finish (ironic, test_await (), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (member_string (port, "address"), ==, macs[i]);
      if (i == 0)
        first_port = g_strdup (member_string (port, "uuid"));
    }

  /* By node (its name works as well as its UUID). */
  takeover_ironic_list_ports_async (ironic, name, NULL, NULL, test_result_cb, NULL);
  ports = takeover_ironic_list_ports_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ports->len, ==, 2);
  g_clear_pointer (&ports, g_ptr_array_unref);

  /* By address. */
  takeover_ironic_list_ports_async (ironic, NULL, macs[1], NULL, test_result_cb, NULL);
  ports = takeover_ironic_list_ports_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ports->len, ==, 1);
  g_assert_cmpstr (member_string (g_ptr_array_index (ports, 0), "node_uuid"), ==, member_string (node, "uuid"));
  g_clear_pointer (&ports, g_ptr_array_unref);

  /* A MAC already taken is a 409 that is no lock: reported at once, not retried. */
  {
    g_autoptr(JsonObject) fields = json_object_new ();
    g_autoptr(JsonObject) port = NULL;
    guint posts = takeover_fault_proxy_count (proxy, "POST", "/v1/ports");

    json_object_set_string_member (fields, "node_uuid", member_string (node, "uuid"));
    json_object_set_string_member (fields, "address", macs[0]);
    takeover_ironic_create_port_async (ironic, fields, NULL, test_result_cb, NULL);
    port = takeover_ironic_create_port_finish (ironic, test_await (), &error);
    g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFLICT);
    g_assert_cmpuint (takeover_cloud_error_get_status (error), ==, 409);
    g_assert_nonnull (strstr (takeover_cloud_error_get_server_message (error), macs[0]));
    g_assert_cmpuint (takeover_fault_proxy_count (proxy, "POST", "/v1/ports"), ==, posts + 1);
    g_clear_error (&error);
  }

  takeover_ironic_delete_port_async (ironic, first_port, NULL, test_result_cb, NULL);
  takeover_ironic_delete_port_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
  takeover_ironic_list_ports_async (ironic, member_string (node, "uuid"), NULL, NULL, test_result_cb, NULL);
  ports = takeover_ironic_list_ports_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ports->len, ==, 1);

  remove_node (ironic, name);
  test_drop_result ();
}

static JsonObject *
provision_and_wait (TakeoverIronic *ironic,
                    const char     *name,
                    const char     *action,
                    const char     *state,
                    GError        **error)
{
  takeover_ironic_set_provision_state_async (ironic, name, action, NULL, NULL, test_result_cb, NULL);
  if (!takeover_ironic_set_provision_state_finish (ironic, test_await (), error))
    return NULL;
  takeover_ironic_wait_for_provision_state_async (ironic, name, state, 60, NULL, test_result_cb, NULL);
  return takeover_ironic_wait_for_provision_state_finish (ironic, test_await (), error);
}

/* Polls @node until Ironic reports @power_state with no power action under way (30 s). */
static void
await_power_state (TakeoverIronic *ironic,
                   const char     *node,
                   const char     *power_state)
{
  const char * const fields[] = { "power_state", "target_power_state", NULL };
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(JsonObject) found = NULL;
      g_autoptr(GError) error = NULL;

      takeover_ironic_get_node_async (ironic, node, fields, NULL, test_result_cb, NULL);
      found = takeover_ironic_get_node_finish (ironic, test_await (), &error);
      g_assert_no_error (error);
      if (g_strcmp0 (member_string (found, "power_state"), power_state) == 0 &&
          member_string (found, "target_power_state") == NULL)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (G_USEC_PER_SEC / 5);
    }
}

static void
test_provision_and_power (void)
{
  g_autoptr(TakeoverCloud) cloud = NULL;
  g_autoptr(TakeoverIronic) ironic = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(JsonArray) patch = json_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = test_unique_name ("provision");

  if (!takeover_test_bed_require (1, FALSE))
    return;

  cloud = test_standalone_cloud (TAKEOVER_TEST_BED_IRONIC_URL, NULL);
  ironic = takeover_ironic_new (cloud);
  created = create_node (ironic, name, "fake-hardware");

  node = provision_and_wait (ironic, name, "manage", "manageable", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (member_string (node, "provision_state"), ==, "manageable");
  g_clear_pointer (&node, json_object_unref);

  takeover_json_patch_append (patch, "add", "/instance_info/image_source",
                              json_node_init_string (json_node_alloc (), "http://127.0.0.1/blank.raw"));
  takeover_ironic_update_node_async (ironic, name, patch, NULL, test_result_cb, NULL);
  node = takeover_ironic_update_node_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
  g_clear_pointer (&node, json_object_unref);

  node = provision_and_wait (ironic, name, "adopt", "active", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (member_string (node, "provision_state"), ==, "active");
  g_clear_pointer (&node, json_object_unref);

  /* A wait for a state the node is not heading to ends at once, with the state it is in. */
  takeover_ironic_wait_for_provision_state_async (ironic, name, "manageable", 60, NULL, test_result_cb, NULL);
  node = takeover_ironic_wait_for_provision_state_finish (ironic, test_await (), &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_STATE);
  g_assert_nonnull (strstr (error->message, "“active”"));
  g_clear_error (&error);

  /* Power: on, then a soft power off and a soft reboot with a timeout (1.27), as the fake
   * power interface supports both; each ends when Ironic no longer has a target. */
  takeover_ironic_set_power_state_async (ironic, name, TAKEOVER_IRONIC_POWER_ON, 0, NULL, test_result_cb, NULL);
  takeover_ironic_set_power_state_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
  await_power_state (ironic, name, "power on");
  takeover_ironic_set_power_state_async (ironic, name, TAKEOVER_IRONIC_POWER_SOFT_OFF, 30, NULL, test_result_cb, NULL);
  takeover_ironic_set_power_state_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
  await_power_state (ironic, name, "power off");
  takeover_ironic_set_power_state_async (ironic, name, TAKEOVER_IRONIC_POWER_ON, 0, NULL, test_result_cb, NULL);
  takeover_ironic_set_power_state_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
  await_power_state (ironic, name, "power on");
  takeover_ironic_set_power_state_async (ironic, name, TAKEOVER_IRONIC_POWER_SOFT_REBOOT, 30, NULL, test_result_cb, NULL);
  takeover_ironic_set_power_state_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
  await_power_state (ironic, name, "power on");

  remove_node (ironic, name);
  test_drop_result ();
}

static void
test_wait_cancel (void)
{
  g_autoptr(TakeoverCloud) cloud = NULL;
  g_autoptr(TakeoverIronic) ironic = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = test_unique_name ("cancel");
  JsonObject *found;

  if (!takeover_test_bed_require (1, FALSE))
    return;

  cloud = test_standalone_cloud (TAKEOVER_TEST_BED_IRONIC_URL, NULL);
  ironic = takeover_ironic_new (cloud);
  created = create_node (ironic, name, "fake-hardware");

  /* "enroll" has no target: a wait for "manageable" there is a mistake reported at once... */
  takeover_ironic_wait_for_provision_state_async (ironic, name, "manageable", 60, NULL, test_result_cb, NULL);
  found = takeover_ironic_wait_for_provision_state_finish (ironic, test_await (), &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_STATE);
  g_assert_null (found);
  g_clear_error (&error);

  /* ...while a wait for "enroll" is done at once, and a cancelled wait says so. */
  takeover_ironic_wait_for_provision_state_async (ironic, name, "enroll", 60, NULL, test_result_cb, NULL);
  node = takeover_ironic_wait_for_provision_state_finish (ironic, test_await (), &error);
  g_assert_no_error (error);

  g_cancellable_cancel (cancellable);
  takeover_ironic_wait_for_provision_state_async (ironic, name, "enroll", 60, cancellable, test_result_cb, NULL);
  found = takeover_ironic_wait_for_provision_state_finish (ironic, test_await (), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (found);
  g_clear_error (&error);

  remove_node (ironic, name);
  test_drop_result ();
}

/* A node for @bmc (an address on loopback) with the bed's credentials, put to "manage". */
static void
create_managed_ipmi_node (TakeoverIronic *ironic,
                          const char     *name,
                          const char     *bmc)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) driver_info = json_object_new ();
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (driver_info, "ipmi_address", bmc);
  json_object_set_string_member (driver_info, "ipmi_username", TAKEOVER_TEST_BED_BMC_USER);
  json_object_set_string_member (driver_info, "ipmi_password", TAKEOVER_TEST_BED_BMC_PASSWORD);
  json_object_set_int_member (driver_info, "ipmi_cipher_suite", 3);
  json_object_set_string_member (fields, "name", name);
  json_object_set_string_member (fields, "driver", "ipmi");
  json_object_set_object_member (fields, "driver_info", g_steal_pointer (&driver_info));
  takeover_ironic_create_node_async (ironic, fields, NULL, test_result_cb, NULL);
  created = takeover_ironic_create_node_finish (ironic, test_await (), &error);
  g_assert_no_error (error);

  takeover_ironic_set_provision_state_async (ironic, name, "manage", NULL, NULL, test_result_cb, NULL);
  takeover_ironic_set_provision_state_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
}

/* An ipmi node whose BMC does not answer: "manage" holds the node's lock while Ironic retries
 * the BMC, so changes meet 409 NodeLocked, then the node falls back to enroll with a
 * last_error that the wait reports. */
static void
test_locked_and_failed (void)
{
  g_autoptr(TakeoverCloud) cloud = NULL;
  g_autoptr(TakeoverIronic) ironic = NULL;
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(JsonArray) patch = json_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = test_unique_name ("locked");

  if (!takeover_test_bed_require (1, FALSE))
    return;

  cloud = test_standalone_cloud (TAKEOVER_TEST_BED_IRONIC_URL, NULL);
  ironic = takeover_ironic_new (cloud);

  /* 127.0.9.9 is loopback where no BMC listens (the bed's are on 127.0.1.x). */
  create_managed_ipmi_node (ironic, name, "127.0.9.9");

  /* Without retries, the lock is reported as such. */
  takeover_cloud_set_max_retries (cloud, 0);
  takeover_json_patch_append (patch, "add", "/extra/seen", json_node_init_string (json_node_alloc (), "yes"));
  takeover_ironic_update_node_async (ironic, name, patch, NULL, test_result_cb, NULL);
  updated = takeover_ironic_update_node_finish (ironic, test_await (), &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_LOCKED);
  g_assert_cmpuint (takeover_cloud_error_get_status (error), ==, 409);
  g_assert_nonnull (strstr (takeover_cloud_error_get_server_message (error), "locked"));
  g_clear_error (&error);

  /* With enough retries, the same change goes through once the lock is gone. */
  takeover_cloud_set_max_retries (cloud, 12);
  takeover_cloud_set_timeout (cloud, 90);
  takeover_ironic_update_node_async (ironic, name, patch, NULL, test_result_cb, NULL);
  updated = takeover_ironic_update_node_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (updated, "extra"), "seen"), ==, "yes");

  /* By now the node is back in enroll: the wait says why. */
  takeover_ironic_wait_for_provision_state_async (ironic, name, "manageable", 120, NULL, test_result_cb, NULL);
  node = takeover_ironic_wait_for_provision_state_finish (ironic, test_await (), &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_STATE);
  g_assert_nonnull (strstr (error->message, "“enroll”"));
  g_assert_nonnull (takeover_cloud_error_get_server_message (error));
  g_assert_nonnull (strstr (error->message, takeover_cloud_error_get_server_message (error)));
  g_clear_error (&error);

  takeover_ironic_delete_node_async (ironic, name, NULL, test_result_cb, NULL);
  takeover_ironic_delete_node_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
  test_drop_result ();
}

typedef struct
{
  JsonObject *node;
  GError     *error;
  gboolean    done;
} WaitResult;

static void
wait_result_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  WaitResult *wait = user_data;

  wait->node = takeover_ironic_wait_for_provision_state_finish (TAKEOVER_IRONIC (object), result,
                                                                &wait->error);
  wait->done = TRUE;
}

typedef struct
{
  guint reads; /* GET /v1/nodes/<node> */
  guint lists; /* GET /v1/nodes?…provision_state=… */
} Requests;

static void
count_request_cb (TakeoverCloud *cloud,
                  const char    *method,
                  const char    *url,
                  guint          status,
                  double         duration_ms,
                  GCancellable  *cancellable,
                  Requests      *requests)
{
  if (g_str_equal (method, "GET") && strstr (url, "/v1/nodes/") != NULL)
    requests->reads++;
  else if (g_str_equal (method, "GET") && strstr (url, "/v1/nodes?") != NULL &&
           strstr (url, "provision_state=") != NULL)
    requests->lists++;
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Waits that run together share the watch: three nodes that Ironic verifies through their BMCs
 * are each read twice (once on joining, once after leaving "verifying"), however long they take,
 * and a single list per tick tells who moved on. Two nodes whose BMC never answers stay in
 * "verifying" for half a minute: one wait for them times out, one is cancelled, both in the
 * watch; a third ends when the node falls back to enroll. */
static void
test_wait_watch (void)
{
  enum { N_OK = 3 };
  g_autoptr(TakeoverCloud) cloud = NULL;
  g_autoptr(TakeoverIronic) ironic = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *slow = test_unique_name ("watch-slow");
  g_autofree char *stuck = test_unique_name ("watch-stuck");
  char *names[N_OK] = { NULL, };
  WaitResult ok[N_OK] = { { NULL, }, };
  WaitResult timed_out = { NULL, }, cancelled = { NULL, }, failed = { NULL, };
  g_autoptr(JsonObject) node = NULL;
  Requests requests = { 0, };
  g_autoptr(GError) error = NULL;
  gulong handler;

  if (!takeover_test_bed_require (N_OK, FALSE))
    return;

  cloud = test_standalone_cloud (TAKEOVER_TEST_BED_IRONIC_URL, NULL);
  ironic = takeover_ironic_new (cloud);

  /* 127.0.9.9 is loopback where no BMC listens: Ironic retries it for 30 s. */
  create_managed_ipmi_node (ironic, slow, "127.0.9.9");
  create_managed_ipmi_node (ironic, stuck, "127.0.9.9");
  for (guint i = 0; i < N_OK; i++)
    {
      g_autofree char *host = takeover_test_bed_dup_host_name (i + 1);
      g_autofree char *bmc = takeover_test_bed_dup_bmc_address (host);

      names[i] = test_unique_name ("watch");
      create_managed_ipmi_node (ironic, names[i], bmc);
    }

  handler = g_signal_connect (cloud, "request-finished", G_CALLBACK (count_request_cb), &requests);
  takeover_ironic_wait_for_provision_state_async (ironic, slow, "manageable", 3, NULL,
                                                  wait_result_cb, &timed_out);
  takeover_ironic_wait_for_provision_state_async (ironic, stuck, "manageable", 0, cancellable,
                                                  wait_result_cb, &cancelled);
  for (guint i = 0; i < N_OK; i++)
    takeover_ironic_wait_for_provision_state_async (ironic, names[i], "manageable", 120, NULL,
                                                    wait_result_cb, &ok[i]);
  g_timeout_add_seconds (2, cancel_cb, cancellable);

  for (guint i = 0; i < N_OK; i++)
    while (!ok[i].done)
      g_main_context_iteration (NULL, TRUE);
  while (!timed_out.done || !cancelled.done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (cloud, handler);

  for (guint i = 0; i < N_OK; i++)
    {
      g_assert_no_error (ok[i].error);
      g_assert_cmpstr (member_string (ok[i].node, "provision_state"), ==, "manageable");
      g_clear_pointer (&ok[i].node, json_object_unref);
    }
  g_assert_error (timed_out.error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (timed_out.error->message, "“verifying”"));
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (timed_out.node);
  g_assert_null (cancelled.node);
  g_clear_error (&timed_out.error);
  g_clear_error (&cancelled.error);

  /* Both ended while their nodes were still being verified, and each wait read its node at most
   * twice: the rest was lists. */
  g_assert_cmpuint (requests.reads, <=, 2 * (N_OK + 2));
  g_assert_cmpuint (requests.lists, >=, 1);
  takeover_ironic_get_node_async (ironic, stuck, NULL, NULL, test_result_cb, NULL);
  node = takeover_ironic_get_node_finish (ironic, test_await (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (member_string (node, "provision_state"), ==, "verifying");

  /* A wait without a limit ends when Ironic gives the BMC up and the node is back in enroll. */
  takeover_ironic_wait_for_provision_state_async (ironic, slow, "manageable", 0, NULL,
                                                  wait_result_cb, &failed);
  while (!failed.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (failed.error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_STATE);
  g_assert_nonnull (strstr (failed.error->message, "“enroll”"));
  g_clear_error (&failed.error);

  for (guint i = 0; i < N_OK; i++)
    {
      remove_node (ironic, names[i]);
      g_free (names[i]);
    }
  /* The other one falls back to enroll as well before Ironic lets it go. */
  cancelled.done = FALSE;
  takeover_ironic_wait_for_provision_state_async (ironic, stuck, "manageable", 0, NULL,
                                                  wait_result_cb, &cancelled);
  while (!cancelled.done)
    g_main_context_iteration (NULL, TRUE);
  g_clear_error (&cancelled.error);
  remove_node (ironic, slow);
  remove_node (ironic, stuck);
  test_drop_result ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ironic/versions", test_versions);
  g_test_add_func ("/ironic/version-pin", test_version_pin);
  g_test_add_func ("/ironic/version-header", test_version_header);
  g_test_add_func ("/ironic/version-too-old", test_version_too_old);
  g_test_add_func ("/ironic/node-round-trip", test_node_round_trip);
  g_test_add_func ("/ironic/ports", test_ports);
  g_test_add_func ("/ironic/provision-and-power", test_provision_and_power);
  g_test_add_func ("/ironic/wait-cancel", test_wait_cancel);
  g_test_add_func ("/ironic/locked-and-failed", test_locked_and_failed);
  g_test_add_func ("/ironic/wait-watch", test_wait_watch);

  return g_test_run ();
}
