/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "takeover-openstack.h"

/* Every test gets its own folders and an environment of its own (HOME, XDG_CONFIG_HOME,
 * OS_*), so neither the machine's /etc/openstack nor the caller's variables leak in. */
typedef struct
{
  char  *root;
  char  *cwd;
  char  *user;
  char  *site;
  char **dirs;
  char **env;
} Fixture;

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config_home = NULL;

  fixture->root = g_dir_make_tmp ("takeover-config-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->cwd = g_build_filename (fixture->root, "cwd", NULL);
  config_home = g_build_filename (fixture->root, "config", NULL);
  fixture->user = g_build_filename (config_home, "openstack", NULL);
  fixture->site = g_build_filename (fixture->root, "etc", "openstack", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->cwd, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (fixture->user, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (fixture->site, 0700), ==, 0);

  fixture->dirs = g_new0 (char *, 4);
  fixture->dirs[0] = g_strdup (fixture->cwd);
  fixture->dirs[1] = g_strdup (fixture->user);
  fixture->dirs[2] = g_strdup (fixture->site);

  fixture->env = g_environ_setenv (NULL, "HOME", fixture->root, TRUE);
  fixture->env = g_environ_setenv (fixture->env, "XDG_CONFIG_HOME", config_home, TRUE);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_assert_cmpint (g_remove (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->root);
  g_free (fixture->root);
  g_free (fixture->cwd);
  g_free (fixture->user);
  g_free (fixture->site);
  g_strfreev (fixture->dirs);
  g_strfreev (fixture->env);
}

static TakeoverCloudConfig *
load (Fixture     *fixture,
      const char  *name,
      GError     **error)
{
  return takeover_cloud_config_load_full (name, (const char * const *) fixture->env,
                                          (const char * const *) fixture->dirs, error);
}

static const char *
cloud_yaml (const char *endpoint)
{
  static char buffer[256];

  g_snprintf (buffer, sizeof buffer,
              "clouds:\n  bed:\n    auth_type: none\n    baremetal_endpoint_override: %s\n",
              endpoint);
  return buffer;
}

static void
test_lookup_order (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *explicit_file = g_build_filename (fixture->root, "explicit.yaml", NULL);
  g_autofree char *site_file = g_build_filename (fixture->site, "clouds.yaml", NULL);
  g_autofree char *user_file = g_build_filename (fixture->user, "clouds.yml", NULL);
  g_autofree char *cwd_file = g_build_filename (fixture->cwd, "clouds.yaml", NULL);

  /* Only /etc/openstack. */
  write_file (fixture->site, "clouds.yaml", cloud_yaml ("http://site"));
  config = load (fixture, "bed", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (takeover_cloud_config_get_endpoint_override (config, "baremetal"), ==, "http://site");
  g_assert_cmpstr (takeover_cloud_config_get_source_file (config), ==, site_file);
  g_clear_object (&config);

  /* The user's folder wins over the site's (clouds.yml counts as well). */
  write_file (fixture->user, "clouds.yml", cloud_yaml ("http://user"));
  config = load (fixture, "bed", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (takeover_cloud_config_get_endpoint_override (config, "baremetal"), ==, "http://user");
  g_assert_cmpstr (takeover_cloud_config_get_source_file (config), ==, user_file);
  g_clear_object (&config);

  /* The current folder wins over both; only the first file found is read, not merged. */
  write_file (fixture->cwd, "clouds.yaml", "clouds:\n  other:\n    auth_type: none\n");
  config = load (fixture, "bed", &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CLOUD_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, cwd_file));
  g_assert_null (config);
  g_clear_error (&error);

  /* OS_CLIENT_CONFIG_FILE wins over everything. */
  write_file (fixture->root, "explicit.yaml", cloud_yaml ("http://explicit"));
  fixture->env = g_environ_setenv (fixture->env, "OS_CLIENT_CONFIG_FILE", explicit_file, TRUE);
  config = load (fixture, "bed", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (takeover_cloud_config_get_endpoint_override (config, "baremetal"), ==, "http://explicit");
  g_assert_cmpstr (takeover_cloud_config_get_source_file (config), ==, explicit_file);
}

static void
test_default_dirs (void)
{
  g_auto(GStrv) env = g_environ_setenv (NULL, "HOME", "/home/op", TRUE);
  g_auto(GStrv) dirs = NULL;
  g_autofree char *cwd = g_get_current_dir ();

  dirs = takeover_cloud_config_get_default_dirs ((const char * const *) env);
  g_assert_cmpuint (g_strv_length (dirs), ==, 3);
  g_assert_cmpstr (dirs[0], ==, cwd);
  g_assert_cmpstr (dirs[1], ==, "/home/op/.config/openstack");
  g_assert_cmpstr (dirs[2], ==, "/etc/openstack");
  g_strfreev (dirs);

  env = g_environ_setenv (env, "XDG_CONFIG_HOME", "/xdg", TRUE);
  dirs = takeover_cloud_config_get_default_dirs ((const char * const *) env);
  g_assert_cmpstr (dirs[1], ==, "/xdg/openstack");
}

static void
test_secure_merge (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  write_file (fixture->user, "clouds.yaml",
              "clouds:\n"
              "  prod:\n"
              "    region_name: RegionOne\n"
              "    auth:\n"
              "      auth_url: https://keystone.example:5000/v3\n"
              "      username: takeover\n"
              "      project-name: adopted\n"
              "      user_domain_name: Default\n"
              "      password: from-clouds\n"
              "    verify: true\n");
  /* secure.yaml in another search folder still applies, and wins key by key. */
  write_file (fixture->site, "secure.yaml",
              "clouds:\n"
              "  prod:\n"
              "    auth:\n"
              "      password: s3cret\n"
              "    cacert: /etc/ssl/cloud.pem\n");

  config = load (fixture, "prod", &error);
  g_assert_no_error (error);
  g_assert_cmpint (takeover_cloud_config_get_auth_type (config), ==, TAKEOVER_AUTH_PASSWORD);
  g_assert_cmpstr (takeover_cloud_config_get_auth_type_name (config), ==, "password");
  g_assert_cmpstr (takeover_cloud_config_get_auth (config, "password"), ==, "s3cret");
  g_assert_cmpstr (takeover_cloud_config_get_auth (config, "username"), ==, "takeover");
  g_assert_cmpstr (takeover_cloud_config_get_auth (config, "project_name"), ==, "adopted");
  g_assert_cmpstr (takeover_cloud_config_get_auth (config, "auth_url"), ==, "https://keystone.example:5000/v3");
  g_assert_cmpstr (takeover_cloud_config_get_region_name (config), ==, "RegionOne");
  g_assert_cmpstr (takeover_cloud_config_get_cacert (config), ==, "/etc/ssl/cloud.pem");
  g_assert_true (takeover_cloud_config_get_verify (config));
  g_assert_cmpstr (takeover_cloud_config_get_interface (config), ==, "public");
}

static void
test_env_cloud (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  write_file (fixture->cwd, "clouds.yaml", cloud_yaml ("http://file"));
  fixture->env = g_environ_setenv (fixture->env, "OS_AUTH_URL", "http://127.0.0.1:5000", TRUE);
  fixture->env = g_environ_setenv (fixture->env, "OS_USERNAME", "admin", TRUE);
  fixture->env = g_environ_setenv (fixture->env, "OS_PASSWORD", "adminpw", TRUE);
  fixture->env = g_environ_setenv (fixture->env, "OS_PROJECT_NAME", "admin", TRUE);
  fixture->env = g_environ_setenv (fixture->env, "OS_INTERFACE", "internalURL", TRUE);
  fixture->env = g_environ_setenv (fixture->env, "OS_REGION_NAME", "RegionTwo", TRUE);
  fixture->env = g_environ_setenv (fixture->env, "OS_BAREMETAL_API_VERSION", "1.78", TRUE);

  /* With no name and no OS_CLOUD, the variables make the cloud "envvars". */
  config = load (fixture, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (takeover_cloud_config_get_name (config), ==, "envvars");
  g_assert_null (takeover_cloud_config_get_source_file (config));
  g_assert_cmpint (takeover_cloud_config_get_auth_type (config), ==, TAKEOVER_AUTH_PASSWORD);
  g_assert_cmpstr (takeover_cloud_config_get_auth (config, "auth_url"), ==, "http://127.0.0.1:5000");
  g_assert_cmpstr (takeover_cloud_config_get_auth (config, "username"), ==, "admin");
  g_assert_cmpstr (takeover_cloud_config_get_auth (config, "password"), ==, "adminpw");
  g_assert_cmpstr (takeover_cloud_config_get_interface (config), ==, "internal");
  g_assert_cmpstr (takeover_cloud_config_get_region_name (config), ==, "RegionTwo");
  g_assert_cmpstr (takeover_cloud_config_get_option (config, "baremetal_api_version"), ==, "1.78");
  g_clear_object (&config);

  /* Both the file's clouds and the environment's are listed. */
  names = takeover_cloud_config_list_names ((const char * const *) fixture->env,
                                            (const char * const *) fixture->dirs, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (names, ((const char * const[]) { "bed", "envvars", NULL }));

  /* OS_CLOUD picks a file's cloud over the environment's; OS_REGION_NAME still applies. */
  fixture->env = g_environ_setenv (fixture->env, "OS_CLOUD", "bed", TRUE);
  config = load (fixture, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (takeover_cloud_config_get_name (config), ==, "bed");
  g_assert_cmpint (takeover_cloud_config_get_auth_type (config), ==, TAKEOVER_AUTH_NONE);
  g_assert_cmpstr (takeover_cloud_config_get_region_name (config), ==, "RegionTwo");
  g_clear_object (&config);

  /* OS_CLOUD_NAME names the environment's cloud. */
  fixture->env = g_environ_setenv (fixture->env, "OS_CLOUD_NAME", "mine", TRUE);
  config = load (fixture, "mine", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (takeover_cloud_config_get_auth (config, "project_name"), ==, "admin");
}

static void
test_selectors_alone (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  /* Selector variables alone describe no cloud. */
  fixture->env = g_environ_setenv (fixture->env, "OS_REGION_NAME", "RegionOne", TRUE);
  fixture->env = g_environ_setenv (fixture->env, "OS_CLOUD", "", TRUE);
  config = load (fixture, NULL, &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CLOUD_NOT_FOUND);
  g_assert_null (config);
}

static void
test_normalise (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  write_file (fixture->cwd, "clouds.yaml",
              "defaults: &base\n"
              "  auth_type: v3applicationcredential\n"
              "clouds:\n"
              "  app:\n"
              "    <<: *base\n"
              "    auth_url: http://keystone/v3\n"
              "    application_credential_id: abc\n"
              "    application_credential_secret: 'xyz'\n"
              "    verify: no\n"
              "    api_timeout: 12.5\n"
              "    regions: [East, West]\n"
              "    baremetal_endpoint_override: http://ironic:6385\n"
              "  old:\n"
              "    auth-url: http://keystone:5000\n"
              "    username: u\n"
              "    password: 1234\n"
              "    tenant_name: p\n"
              "  digits:\n"
              "    auth_url: http://keystone/v3\n"
              "    username: 0042\n"
              "    password: 123456789012345678901234567890\n"
              "    project_id: 1.50\n");

  config = load (fixture, "old", &error);
  g_assert_no_error (error);
  /* Top-level auth keys move into auth; dashes become underscores; tenant is project; a
   * number stays readable as text. */
  g_assert_cmpstr (takeover_cloud_config_get_auth (config, "auth_url"), ==, "http://keystone:5000");
  g_assert_cmpstr (takeover_cloud_config_get_auth (config, "project_name"), ==, "p");
  g_assert_cmpstr (takeover_cloud_config_get_auth (config, "password"), ==, "1234");
  g_assert_true (takeover_cloud_config_get_verify (config));
  g_clear_object (&config);

  /* Numbers that would not read back as written stay text, exactly. */
  config = load (fixture, "digits", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (takeover_cloud_config_get_auth (config, "username"), ==, "0042");
  g_assert_cmpstr (takeover_cloud_config_get_auth (config, "password"), ==,
                   "123456789012345678901234567890");
  g_assert_cmpstr (takeover_cloud_config_get_auth (config, "project_id"), ==, "1.50");
  g_clear_object (&config);

  /* An application credential cloud whose auth_type comes through a YAML merge key, as PyYAML
   * reads them. */
  config = load (fixture, "app", &error);
  g_assert_no_error (error);
  g_assert_cmpint (takeover_cloud_config_get_auth_type (config), ==, TAKEOVER_AUTH_APPLICATION_CREDENTIAL);
  g_assert_cmpstr (takeover_cloud_config_get_auth (config, "application_credential_id"), ==, "abc");
  g_assert_false (takeover_cloud_config_get_verify (config));
  g_assert_cmpfloat (takeover_cloud_config_get_api_timeout (config), ==, 12.5);
  g_assert_cmpstr (takeover_cloud_config_get_region_name (config), ==, "East");
  g_assert_cmpstr (takeover_cloud_config_get_endpoint_override (config, "baremetal"), ==, "http://ironic:6385");
  /* Keystone clouds do not use auth.endpoint for services without an override. */
  g_assert_null (takeover_cloud_config_get_endpoint_override (config, "compute"));
}

static void
test_profile (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  /* A vendor profile from clouds-public.yaml (any search folder): its values are defaults. */
  write_file (fixture->site, "clouds-public.yaml",
              "public-clouds:\n"
              "  acme:\n"
              "    auth:\n"
              "      auth_url: https://keystone.acme.example/v3\n"
              "    region_name: acme-1\n"
              "    interface: internal\n");
  write_file (fixture->cwd, "clouds.yaml",
              "clouds:\n"
              "  mine:\n"
              "    profile: acme\n"
              "    region_name: acme-2\n"
              "    auth:\n"
              "      username: u\n"
              "      password: p\n"
              "  lost:\n"
              "    profile: nobody\n"
              "  tok:\n"
              "    auth:\n"
              "      auth_url: https://k/v3\n"
              "      token: abc\n");
  config = load (fixture, "mine", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (takeover_cloud_config_get_auth (config, "auth_url"), ==, "https://keystone.acme.example/v3");
  g_assert_cmpstr (takeover_cloud_config_get_auth (config, "username"), ==, "u");
  g_assert_cmpstr (takeover_cloud_config_get_region_name (config), ==, "acme-2");
  g_assert_cmpstr (takeover_cloud_config_get_interface (config), ==, "internal");
  g_clear_object (&config);

  config = load (fixture, "lost", &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "nobody"));
  g_clear_error (&error);

  /* A token without an auth_type is token auth, as `openstack --os-token` takes it. */
  config = load (fixture, "tok", &error);
  g_assert_no_error (error);
  g_assert_cmpint (takeover_cloud_config_get_auth_type (config), ==, TAKEOVER_AUTH_TOKEN);
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  /* No configuration at all. */
  config = load (fixture, "x", &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CLOUD_NOT_FOUND);
  g_clear_error (&error);

  /* Broken YAML: the file and line are named. */
  write_file (fixture->cwd, "clouds.yaml", "clouds:\n  a:\n    auth_type: none\n   bad: [\n");
  config = load (fixture, "a", &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "clouds.yaml:4:"));
  g_clear_error (&error);

  /* An auth type we do not speak. */
  write_file (fixture->cwd, "clouds.yaml", "clouds:\n  a:\n    auth_type: v3oidcpassword\n");
  config = load (fixture, "a", &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "v3oidcpassword"));
  g_clear_error (&error);

  /* password without a password. */
  write_file (fixture->cwd, "clouds.yaml",
              "clouds:\n  a:\n    auth:\n      auth_url: http://k/v3\n      username: u\n");
  config = load (fixture, "a", &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "auth.password"));
  g_clear_error (&error);

  /* Nesting deep enough to overflow a recursive reader's stack is refused with a reason. */
  {
    g_autoptr(GString) deep = g_string_new ("clouds:\n  a: ");

    for (guint i = 0; i < 200000; i++)
      g_string_append_c (deep, '[');
    for (guint i = 0; i < 200000; i++)
      g_string_append_c (deep, ']');
    g_string_append_c (deep, '\n');
    write_file (fixture->cwd, "clouds.yaml", deep->str);
    config = load (fixture, "a", &error);
    g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG);
    g_assert_nonnull (strstr (error->message, "clouds.yaml:2: the YAML nests deeper"));
    g_clear_error (&error);
  }

  /* "clouds" that is not a mapping. */
  write_file (fixture->cwd, "clouds.yaml", "clouds: [a, b]\n");
  config = load (fixture, "a", &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG);
  g_clear_error (&error);

  /* A file that cannot be read counts as found: better an error than another cloud. */
  write_file (fixture->cwd, "clouds.yaml", "clouds:\n  a:\n    auth_type: none\n");
  {
    g_autofree char *path = g_build_filename (fixture->cwd, "clouds.yaml", NULL);

    if (getuid () != 0)
      {
        g_assert_cmpint (g_chmod (path, 0), ==, 0);
        config = load (fixture, "a", &error);
        g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG);
        g_clear_error (&error);
        g_assert_cmpint (g_chmod (path, 0600), ==, 0);
      }
  }
}

static void
test_from_json (void)
{
  g_autoptr(JsonObject) cloud = json_object_new ();
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (cloud, "auth_type", "http_basic");
  json_object_set_string_member (cloud, "username", "ironic");
  json_object_set_string_member (cloud, "password", "pw");
  json_object_set_string_member (cloud, "endpoint", "http://127.0.0.1:6385");

  config = takeover_cloud_config_new_from_json ("basic", cloud, &error);
  g_assert_no_error (error);
  g_assert_cmpint (takeover_cloud_config_get_auth_type (config), ==, TAKEOVER_AUTH_HTTP_BASIC);
  /* auth.endpoint serves every service of a standalone cloud. */
  g_assert_cmpstr (takeover_cloud_config_get_endpoint_override (config, "baremetal"), ==, "http://127.0.0.1:6385");
  /* The caller's object is not changed by normalising. */
  g_assert_true (json_object_has_member (cloud, "username"));
  g_assert_finalize_object (g_steal_pointer (&config));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cloud-config/lookup-order", Fixture, NULL, fixture_set_up, test_lookup_order, fixture_tear_down);
  g_test_add_func ("/cloud-config/default-dirs", test_default_dirs);
  g_test_add ("/cloud-config/secure-merge", Fixture, NULL, fixture_set_up, test_secure_merge, fixture_tear_down);
  g_test_add ("/cloud-config/env-cloud", Fixture, NULL, fixture_set_up, test_env_cloud, fixture_tear_down);
  g_test_add ("/cloud-config/selectors-alone", Fixture, NULL, fixture_set_up, test_selectors_alone, fixture_tear_down);
  g_test_add ("/cloud-config/normalise", Fixture, NULL, fixture_set_up, test_normalise, fixture_tear_down);
  g_test_add ("/cloud-config/profile", Fixture, NULL, fixture_set_up, test_profile, fixture_tear_down);
  g_test_add ("/cloud-config/errors", Fixture, NULL, fixture_set_up, test_errors, fixture_tear_down);
  g_test_add_func ("/cloud-config/from-json", test_from_json);

  return g_test_run ();
}
