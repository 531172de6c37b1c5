/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The session against the test bed's clouds, as the wizard's steps run it: the connection
 * check on the full bed (the right password, and a wrong one), and the plan for the
 * standalone Ironic.
 */
#include "config.h"

#include "takeover-session.h"
#include "takeover-test-bed.h"

#define DEADLINE_S 120

static gboolean
deadline_cb (gpointer user_data)
{
  g_error ("a wait of the test passed its %d s deadline", DEADLINE_S);
  return G_SOURCE_REMOVE;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  guint deadline_id = g_timeout_add_seconds (DEADLINE_S, deadline_cb, NULL);

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (deadline_id);

  return *slot;
}

/* The full bed's cloud, with its password replaced when @password is given. */
static TakeoverCloudConfig *
bed_config (const char *password)
{
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "OS_CLIENT_CONFIG_FILE",
                                        takeover_test_bed_get_clouds_yaml (), TRUE);
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  TakeoverCloudConfig *changed;
  JsonObject *json;

  env = g_environ_unsetenv (env, "OS_CLOUD");
  config = takeover_cloud_config_load_full (TAKEOVER_TEST_BED_CLOUD_FULL,
                                            (const char * const *) env, NULL, &error);
  g_assert_no_error (error);
  if (password == NULL)
    return g_steal_pointer (&config);

  /* A copy through text: the config's own object is not ours to change. */
  copy = json_node_init_object (json_node_alloc (), takeover_cloud_config_get_json (config));
  text = json_to_string (copy, FALSE);
  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  json = json_node_get_object (json_parser_get_root (parser));
  json_object_set_string_member (json_object_get_object_member (json, "auth"), "password",
                                 password);
  changed = takeover_cloud_config_new_from_json (TAKEOVER_TEST_BED_CLOUD_FULL, json, &error);
  g_assert_no_error (error);

  return changed;
}

static void
test_check (void)
{
  g_autoptr(TakeoverSession) session = takeover_session_new ();
  g_autoptr(TakeoverCloudConfig) config = bed_config (NULL);
  g_autoptr(TakeoverCloudEndpoint) ironic = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (takeover_session_set_cloud_config (session, config, &error));
  takeover_session_check_cloud_async (session, NULL, store_result_cb, &result);
  g_assert_cmpint (takeover_session_get_stage (session), ==, TAKEOVER_SESSION_STAGE_CHECKING);
  ironic = takeover_session_check_cloud_finish (session, wait_for_result (&result), &error);
  g_assert_no_error (error);

  /* Ironic from the catalog, new enough to adopt (1.17) and to set an owner (1.50). */
  g_assert_nonnull (ironic);
  g_assert_cmpstr (ironic->service_type, ==, "baremetal");
  g_assert_cmpint (takeover_microversion_compare (ironic->max_version, "1.50"), >=, 0);
  g_assert_cmpstr (takeover_cloud_get_user_name (takeover_session_get_cloud (session)), ==,
                   "admin");
  g_assert_cmpint (takeover_session_get_stage (session), ==, TAKEOVER_SESSION_STAGE_IDLE);
  g_assert_null (takeover_session_get_error (session));

  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&session));
}

static void
test_check_wrong_password (void)
{
  g_autoptr(TakeoverSession) session = takeover_session_new ();
  g_autoptr(TakeoverCloudConfig) config = bed_config ("not-the-password");
  g_autoptr(TakeoverCloudEndpoint) ironic = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (takeover_session_set_cloud_config (session, config, &error));
  takeover_session_check_cloud_async (session, NULL, store_result_cb, &result);
  ironic = takeover_session_check_cloud_finish (session, wait_for_result (&result), &error);

  /* Keystone refused: the session says so, in words a person can act on. */
  g_assert_null (ironic);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_AUTH);
  g_test_message ("%s", error->message);
  g_assert_nonnull (takeover_session_get_error (session));
  g_assert_cmpstr (takeover_session_get_error (session)->message, ==, error->message);
  g_assert_false (takeover_cloud_get_authenticated (takeover_session_get_cloud (session)));
  g_assert_cmpint (takeover_session_get_stage (session), ==, TAKEOVER_SESSION_STAGE_IDLE);

  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&session));
}

static void
plan (TakeoverSession *session)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  takeover_session_plan_async (session, NULL, store_result_cb, &result);
  g_assert_true (takeover_session_plan_finish (session, wait_for_result (&result), &error));
  g_assert_no_error (error);
}

/* A standalone Ironic (no Keystone, as Bifrost runs it) has nothing to prepare but its hardware
 * type, and takes the nodes' image as a URL. */
static void
test_standalone_plan (void)
{
  g_autoptr(TakeoverSession) session = takeover_session_new ();
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "OS_CLIENT_CONFIG_FILE",
                                        takeover_test_bed_get_clouds_yaml (), TRUE);
  TakeoverPrepare *prepare;
  GListModel *items;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (takeover_test_bed_get_hosts_conf (), &contents, &length,
                                      NULL));
  takeover_inventory_load_data (takeover_session_get_inventory (session), contents, length,
                                "hosts.conf", TAKEOVER_INVENTORY_FORMAT_NONE);
  config = takeover_cloud_config_load_full (TAKEOVER_TEST_BED_CLOUD, (const char * const *) env,
                                            NULL, &error);
  g_assert_no_error (error);
  g_assert_true (takeover_session_set_cloud_config (session, config, &error));
  prepare = takeover_session_get_prepare (session);
  items = takeover_prepare_get_items (prepare);

  /* The default image is a Glance name, which this Ironic cannot use: the plan says why. */
  plan (session);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 2);
  g_assert_cmpuint (takeover_prepare_get_n_problems (prepare), ==, 1);
  g_assert_null (takeover_prepare_get_image_id (prepare));
  takeover_session_apply_async (session, NULL, store_result_cb, &result);
  g_assert_false (takeover_session_apply_finish (session, wait_for_result (&result), &error));
  g_assert_error (error, TAKEOVER_SESSION_ERROR, TAKEOVER_SESSION_ERROR_PLAN);
  g_clear_error (&error);
  g_clear_object (&result);

  /* With a URL, nothing needs creating, and the URL is the nodes' image_source. */
  takeover_prepare_set_image (prepare, "http://127.0.0.1:8088/adopted.img");
  plan (session);
  g_assert_cmpuint (takeover_prepare_get_n_problems (prepare), ==, 0);
  g_assert_false (takeover_session_get_plan_has_changes (session));
  g_assert_cmpstr (takeover_prepare_get_image_id (prepare), ==,
                   "http://127.0.0.1:8088/adopted.img");
  takeover_session_apply_async (session, NULL, store_result_cb, &result);
  g_assert_true (takeover_session_apply_finish (session, wait_for_result (&result), &error));
  g_assert_no_error (error);

  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&session));
}

int
main (int   argc,
      char *argv[])
{
  /* The isolated XDG_DATA_DIRS hold no GNOME proxy settings schema; loopback needs no proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (!takeover_test_bed_require (1, TRUE))
    return g_test_run ();

  g_test_add_func ("/session-bed/check", test_check);
  g_test_add_func ("/session-bed/check-wrong-password", test_check_wrong_password);
  g_test_add_func ("/session-bed/standalone-plan", test_standalone_plan);

  return g_test_run ();
}
