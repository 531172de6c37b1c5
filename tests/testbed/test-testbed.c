/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The test bed keeps its promises (tests/testbed/README.md): every BMC answers over IPMI with
 * cipher suite 3, every host over SSH with its own hostname and MACs and over SNMP, Ironic
 * manages a node through a BMC, reads leave the chassis logs unchanged and a power command
 * does not.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "takeover-test-bed.h"

#define N_HOSTS TAKEOVER_TEST_BED_CHASSIS_HOSTS_MIN

/* Chassis logs of the bed when this run began: reads must not add to them. */
static char *chassis_logs_before;

/* Runs argv and returns its standard output; fails the test if it exits non-zero. */
static char *
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command = g_strjoinv (" ", (char **) argv);
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s\n%s%s", command, error->message, out, err);
  return out;
}

/* ipmitool over lanplus with cipher suite 3; the arguments after host end with NULL. */
static char *
ipmitool (const char *host,
          ...)
{
  g_autofree char *bmc = takeover_test_bed_dup_bmc_address (host);
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;
  const char *word;
  va_list ap;

  g_strv_builder_add_many (argv, "ipmitool", "-I", "lanplus", "-C", "3", "-H", bmc,
                           "-U", TAKEOVER_TEST_BED_BMC_USER,
                           "-P", TAKEOVER_TEST_BED_BMC_PASSWORD, NULL);
  va_start (ap, host);
  while ((word = va_arg (ap, const char *)) != NULL)
    g_strv_builder_add (argv, word);
  va_end (ap);
  args = g_strv_builder_end (argv);
  return run ((const char * const *) args);
}

/* SSH with the bed's key, checking the host key against the bed's known_hosts. */
static char *
ssh (const char *host,
     const char *command)
{
  g_autofree char *ip = takeover_test_bed_dup_mgmt_ip (host);
  g_autofree char *target = g_strdup_printf ("%s@%s", TAKEOVER_TEST_BED_SSH_USER, ip);
  g_autofree char *known_hosts = g_strdup_printf ("UserKnownHostsFile=%s",
                                                  takeover_test_bed_get_ssh_known_hosts ());
  const char *argv[] = { "ssh", "-i", takeover_test_bed_get_ssh_key (), "-o", known_hosts,
                         "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
                         "-o", "IdentitiesOnly=yes", "-F", "/dev/null", target, command, NULL };

  return run (argv);
}

static void
test_require (void)
{
  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  g_assert_cmpuint (takeover_test_bed_get_n_hosts (), >=, N_HOSTS);
  g_assert_true (g_file_test (takeover_test_bed_get_hosts_conf (), G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (takeover_test_bed_get_hosts_csv (), G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (takeover_test_bed_get_clouds_yaml (), G_FILE_TEST_IS_REGULAR));
  chassis_logs_before = takeover_test_bed_dup_chassis_logs ();
  if (*chassis_logs_before != '\0')
    g_test_message ("chassis logs already hold (another test's doing):\n%s", chassis_logs_before);
}

/* hosts.conf lists tb-001 … in order: BMC;user;password;mgmt IP;SSH user;SSH password. */
static void
test_hosts_conf (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  g_file_get_contents (takeover_test_bed_get_hosts_conf (), &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  /* A bigger up may run beside us: the bed only ever grows. */
  g_assert_cmpuint (g_strv_length (lines), >=, N_HOSTS + 1);
  for (guint i = 1; i <= N_HOSTS; i++)
    {
      g_autofree char *host = takeover_test_bed_dup_host_name (i);
      g_autofree char *bmc = takeover_test_bed_dup_bmc_address (host);
      g_autofree char *ip = takeover_test_bed_dup_mgmt_ip (host);
      g_autofree char *want = g_strdup_printf ("%s;admin;password;%s;hwprobe;probe-pass", bmc, ip);

      g_assert_cmpstr (lines[i - 1], ==, want);
    }
}

static void
test_ironic (void)
{
  const char *argv[] = { "curl", "-sSf", "-H", "X-OpenStack-Ironic-API-Version: 1.82",
                         TAKEOVER_TEST_BED_IRONIC_URL "/v1/drivers", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *drivers;

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  out = run (argv);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  drivers = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                          "drivers");
  for (guint i = 0; i < json_array_get_length (drivers); i++)
    g_hash_table_add (names, (char *) json_object_get_string_member (
                        json_array_get_object_element (drivers, i), "name"));
  g_assert_true (g_hash_table_contains (names, "ipmi"));
  g_assert_true (g_hash_table_contains (names, "fake-hardware"));
}

static void
test_bmc_power_status (void)
{
  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  for (guint i = 1; i <= N_HOSTS; i++)
    {
      g_autofree char *host = takeover_test_bed_dup_host_name (i);
      g_autofree char *out = ipmitool (host, "power", "status", NULL);

      /* Only the other tests' chassis host may be off; the servers are running. */
      if (g_str_equal (host, TAKEOVER_TEST_BED_CHASSIS_HOST))
        g_assert_true (g_str_has_prefix (out, "Chassis Power is "));
      else
        g_assert_cmpstr (out, ==, "Chassis Power is on\n");
    }
}

static void
test_bmc_identity (void)
{
  g_autofree char *fru = NULL;
  g_autofree char *mc = NULL;

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  fru = ipmitool ("tb-007", "fru", "print", "0", NULL);
  g_assert_nonnull (strstr (fru, "Product Manufacturer  : Takeover Labs\n"));
  g_assert_nonnull (strstr (fru, "Product Name          : TB Server 1000\n"));
  g_assert_nonnull (strstr (fru, "Product Serial        : TB00007\n"));
  mc = ipmitool ("tb-007", "mc", "info", NULL);
  g_assert_nonnull (strstr (mc, "Manufacturer ID           : 4753\n"));
}

/* A sensor's reading in its SDR unit (degrees C, RPM, Volts, Amps, Watts). */
static double
sdr_reading (const char *host,
             const char *sensor)
{
  g_autofree char *out = ipmitool (host, "sdr", "get", sensor, NULL);
  const char *reading = strstr (out, "Sensor Reading        : ");

  g_assert_nonnull (reading);
  return g_ascii_strtod (reading + strlen ("Sensor Reading        : "), NULL);
}

/* The BMC polls a sensor's file every 2 s: waits up to 10 s for the reading to become want. */
static double
await_sdr_reading (const char *host,
                   const char *sensor,
                   double      want)
{
  double reading = sdr_reading (host, sensor);

  for (guint tries = 0; tries < 20 && !G_APPROX_VALUE (reading, want, 0.005); tries++)
    {
      g_usleep (G_USEC_PER_SEC / 2);
      reading = sdr_reading (host, sensor);
    }
  return reading;
}

/* Every sensor, one of each kind (temperature, fan, voltage, current, power), follows the
 * value written to its file (which an earlier run may have just restored). */
static void
test_bmc_sensor (void)
{
  static const struct
  {
    TakeoverTestBedSensor  sensor;
    const char            *name;
    /* File units per SDR unit: mV and mA are read as Volts and Amps. */
    double                 scale;
    /* A value in the file's units that the sensor's resolution shows exactly. */
    const char            *value;
  } sensors[] = {
    { TAKEOVER_TEST_BED_SENSOR_CPU_TEMP, "CPU Temp", 1, "77" },
    { TAKEOVER_TEST_BED_SENSOR_INLET_TEMP, "Inlet Temp", 1, "33" },
    { TAKEOVER_TEST_BED_SENSOR_FAN1, "Fan1 RPM", 1, "3000" },
    { TAKEOVER_TEST_BED_SENSOR_FAN2, "Fan2 RPM", 1, "4200" },
    { TAKEOVER_TEST_BED_SENSOR_12V, "12V", 1000, "11400" },
    { TAKEOVER_TEST_BED_SENSOR_3V3, "3.3V", 1000, "3100" },
    { TAKEOVER_TEST_BED_SENSOR_CURRENT, "PS1 Current", 1000, "2500" },
    { TAKEOVER_TEST_BED_SENSOR_POWER, "Pwr Consumption", 1, "444" },
  };
  const char *host = TAKEOVER_TEST_BED_CHASSIS_HOST_TESTBED;
  char *saved[G_N_ELEMENTS (sensors)] = { NULL };
  double readings[G_N_ELEMENTS (sensors)];

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (sensors); i++)
    {
      g_autofree char *path = takeover_test_bed_dup_sensor_path (host, sensors[i].sensor);
      g_autoptr(GError) error = NULL;
      double before;

      g_file_get_contents (path, &saved[i], NULL, &error);
      g_assert_no_error (error);
      before = g_ascii_strtod (saved[i], NULL) / sensors[i].scale;
      g_assert_cmpfloat_with_epsilon (await_sdr_reading (host, sensors[i].name, before),
                                      before, 0.005);
      g_assert_cmpfloat (g_ascii_strtod (saved[i], NULL), !=,
                         g_ascii_strtod (sensors[i].value, NULL));
    }

  for (guint i = 0; i < G_N_ELEMENTS (sensors); i++)
    {
      g_autofree char *path = takeover_test_bed_dup_sensor_path (host, sensors[i].sensor);
      g_autofree char *text = g_strconcat (sensors[i].value, "\n", NULL);
      g_autoptr(GError) error = NULL;

      g_file_set_contents (path, text, -1, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (sensors); i++)
    readings[i] = await_sdr_reading (host, sensors[i].name,
                                     g_ascii_strtod (sensors[i].value, NULL) / sensors[i].scale);

  /* Restored before any assertion can end the test. */
  for (guint i = 0; i < G_N_ELEMENTS (sensors); i++)
    {
      g_autofree char *path = takeover_test_bed_dup_sensor_path (host, sensors[i].sensor);
      g_autoptr(GError) error = NULL;

      g_file_set_contents (path, saved[i], -1, &error);
      g_assert_no_error (error);
      g_clear_pointer (&saved[i], g_free);
    }
  for (guint i = 0; i < G_N_ELEMENTS (sensors); i++)
    g_assert_cmpfloat_with_epsilon (readings[i],
                                    g_ascii_strtod (sensors[i].value, NULL) / sensors[i].scale,
                                    0.005);
}

/* Every host answers SSH with its own hostname, its management IP and two MACs of its own. */
static void
test_ssh_hosts (void)
{
  g_autoptr(GHashTable) macs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  for (guint i = 1; i <= N_HOSTS; i++)
    {
      g_autofree char *host = takeover_test_bed_dup_host_name (i);
      g_autofree char *ip = takeover_test_bed_dup_mgmt_ip (host);
      g_autofree char *inet = g_strdup_printf ("inet %s/15 ", ip);
      g_autofree char *out = ssh (host, "hostname; cat /sys/class/net/eth0/address "
                                        "/sys/class/net/eth1/address; ip -4 addr show eth0");
      g_auto(GStrv) lines = g_strsplit (out, "\n", 4);

      g_assert_cmpuint (g_strv_length (lines), ==, 4);
      g_assert_cmpstr (lines[0], ==, host);
      g_assert_nonnull (strstr (lines[3], inet));
      for (guint l = 1; l <= 2; l++)
        {
          g_assert_cmpuint (strlen (lines[l]), ==, 17);
          g_assert_false (g_hash_table_contains (macs, lines[l]));
          g_hash_table_add (macs, g_strdup (lines[l]));
        }
    }
  g_assert_cmpuint (g_hash_table_size (macs), ==, 2 * N_HOSTS);
}

/* Password login, answered by an askpass program since ssh reads no password from a pipe. */
static void
test_ssh_password (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("takeover-test-bed-XXXXXX", &error);
  g_autofree char *askpass = NULL;
  g_autofree char *known_hosts = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) env = NULL;
  const char *argv[] = { "ssh", "-o", NULL, "-o", "StrictHostKeyChecking=yes",
                         "-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1",
                         "-F", "/dev/null", TAKEOVER_TEST_BED_SSH_USER "@198.18.1.2", "hostname",
                         NULL };
  int status = 0;

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  g_assert_no_error (error);
  askpass = g_build_filename (dir, "askpass", NULL);
  g_file_set_contents (askpass, "#!/bin/sh\necho " TAKEOVER_TEST_BED_SSH_PASSWORD "\n", -1, &error);
  g_assert_no_error (error);
  g_chmod (askpass, 0700);
  known_hosts = g_strdup_printf ("UserKnownHostsFile=%s", takeover_test_bed_get_ssh_known_hosts ());
  argv[2] = known_hosts;
  env = g_get_environ ();
  env = g_environ_setenv (env, "SSH_ASKPASS", askpass, TRUE);
  env = g_environ_setenv (env, "SSH_ASKPASS_REQUIRE", "force", TRUE);
  env = g_environ_setenv (env, "DISPLAY", ":0", TRUE);
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_remove (askpass);
  g_rmdir (dir);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (out, ==, "tb-002\n");
}

/* On one host ip has no JSON output, as before iproute2 4.13; everywhere else it has. */
static void
test_ssh_ip_without_json (void)
{
  g_autofree char *old = NULL;
  g_autofree char *new = NULL;
  g_autofree char *plain = NULL;

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  old = ssh (TAKEOVER_TEST_BED_HOST_WITHOUT_IP_JSON, "ip -j link 2>&1; echo \"exit $?\"");
  g_assert_cmpstr (old, ==, "Option \"-j\" is unknown, try \"ip -help\".\nexit 255\n");
  g_free (old);
  old = ssh (TAKEOVER_TEST_BED_HOST_WITHOUT_IP_JSON, "/sbin/ip -json addr 2>&1; echo \"exit $?\"");
  g_assert_true (g_str_has_suffix (old, "exit 255\n"));
  plain = ssh (TAKEOVER_TEST_BED_HOST_WITHOUT_IP_JSON, "ip -o link show eth1");
  g_assert_nonnull (strstr (plain, "eth1"));
  new = ssh ("tb-004", "ip -j link show eth0");
  g_assert_true (g_str_has_prefix (new, "[{"));
}

static void
test_snmp (void)
{
  g_autofree char *v3 = NULL;
  const char *argv_v3[] = { "snmpget", "-v3", "-l", "authPriv", "-u", "hwmon", "-a", "SHA",
                            "-A", "hwmon-auth-pass", "-x", "AES", "-X", "hwmon-priv-pass",
                            "-Oqv", "198.18.1.5", "1.3.6.1.2.1.1.5.0", NULL };

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  for (guint i = 1; i <= N_HOSTS; i++)
    {
      g_autofree char *host = takeover_test_bed_dup_host_name (i);
      g_autofree char *ip = takeover_test_bed_dup_mgmt_ip (host);
      g_autofree char *want = g_strdup_printf ("\"%s\"\n", host);
      /* sysName.0, numeric: Debian's snmpd and snmpget come without MIB files. */
      const char *argv[] = { "snmpget", "-v2c", "-c", TAKEOVER_TEST_BED_SNMP_COMMUNITY, "-Oqv",
                             ip, "1.3.6.1.2.1.1.5.0", NULL };
      g_autofree char *out = run (argv);

      g_assert_cmpstr (out, ==, want);
    }
  v3 = run (argv_v3);
  g_assert_cmpstr (v3, ==, "\"tb-005\"\n");
}

/* The switch port that lldpcli -f json in the host reports for eth0, or NULL. That format gives
 * "interface" as an object for one interface and as an array of one-member objects for more. */
static char *
lldp_eth0_port (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *lldp;
  JsonNode *interfaces;
  JsonObject *eth0 = NULL;
  JsonObject *chassis;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  lldp = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                        "lldp");
  interfaces = json_object_get_member (lldp, "interface");
  if (interfaces == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (interfaces))
    {
      eth0 = json_object_get_object_member (json_node_get_object (interfaces), "eth0");
    }
  else
    {
      JsonArray *array = json_node_get_array (interfaces);

      for (guint i = 0; eth0 == NULL && i < json_array_get_length (array); i++)
        {
          JsonObject *entry = json_array_get_object_element (array, i);

          if (json_object_has_member (entry, "eth0"))
            eth0 = json_object_get_object_member (entry, "eth0");
        }
    }
  if (eth0 == NULL)
    return NULL;
  chassis = json_object_get_object_member (eth0, "chassis");
  g_assert_true (json_object_has_member (chassis, "tb-switch"));
  return g_strdup (json_object_get_string_member (
    json_object_get_object_member (json_object_get_object_member (eth0, "port"), "id"), "value"));
}

/* An LLDP host sees the bed's switch, whose port for its eth0 is named after the root-side veth.
 * The switch speaks every 5 s: right after up the neighbour may still be missing. */
static void
test_lldp (void)
{
  g_autofree char *port = NULL;

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  for (guint tries = 0; tries < 30 && port == NULL; tries++)
    {
      g_autofree char *out = ssh ("tb-002", "/usr/sbin/lldpcli -f json show neighbors");

      port = lldp_eth0_port (out);
      if (port == NULL)
        g_usleep (G_USEC_PER_SEC / 2);
    }
  g_assert_cmpstr (port, ==, "tbv-002");
}

static char *
ironic (const char *method,
        const char *path,
        const char *body)
{
  g_autofree char *url = g_strconcat (TAKEOVER_TEST_BED_IRONIC_URL, path, NULL);
  const char *argv[] = { "curl", "-sS", "--fail-with-body", "-X", method, "-H", "X-OpenStack-Ironic-API-Version: 1.82",
                         "-H", "Content-Type: application/json", url,
                         body != NULL ? "-d" : NULL, body, NULL };

  return run (argv);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Ironic reaches a BMC: an ipmi node for tb-001 becomes manageable and reports power on. */
static void
test_ironic_manage (void)
{
  g_autofree char *name = g_strdup_printf ("testbed-test-%d", (int) getpid ());
  g_autofree char *body = NULL;
  g_autofree char *created = NULL;
  g_autofree char *node_path = NULL;
  g_autofree char *provision_path = NULL;
  g_autoptr(JsonObject) node = NULL;
  g_autofree char *state = NULL;
  g_autofree char *power = NULL;

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  body = g_strdup_printf ("{\"name\": \"%s\", \"driver\": \"ipmi\", \"driver_info\": {"
                          "\"ipmi_address\": \"127.0.1.1\", \"ipmi_username\": \"admin\", "
                          "\"ipmi_password\": \"password\", \"ipmi_cipher_suite\": 3}}", name);
  created = ironic ("POST", "/v1/nodes", body);
  node = parse_object (created);
  node_path = g_strdup_printf ("/v1/nodes/%s", json_object_get_string_member (node, "uuid"));
  provision_path = g_strconcat (node_path, "/states/provision", NULL);
  g_clear_pointer (&node, json_object_unref);
  g_free (ironic ("PUT", provision_path, "{\"target\": \"manage\"}"));
  for (guint tries = 0; tries < 120; tries++)
    {
      g_autofree char *text = ironic ("GET", node_path, NULL);

      g_clear_pointer (&node, json_object_unref);
      node = parse_object (text);
      g_free (state);
      state = g_strdup (json_object_get_string_member (node, "provision_state"));
      /* Done once Ironic has no target left: verification ended, in manageable or back in enroll. */
      if (json_object_get_null_member (node, "target_provision_state") &&
          !g_str_equal (state, "verifying"))
        break;
      g_usleep (G_USEC_PER_SEC / 2);
    }
  if (!json_object_get_null_member (node, "power_state"))
    power = g_strdup (json_object_get_string_member (node, "power_state"));
  g_free (ironic ("DELETE", node_path, NULL));
  g_assert_cmpstr (state, ==, "manageable");
  g_assert_cmpstr (power, ==, "power on");
}

/* Everything above only read: no chassis command reached any BMC. */
static void
test_chassis_unchanged_by_reads (void)
{
  g_autofree char *after = NULL;

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  after = takeover_test_bed_dup_chassis_logs ();
  g_assert_cmpstr (after, ==, chassis_logs_before);
}

/* Chassis commands are logged, on the host reserved for this test, which ends powered on. */
static void
test_chassis_commands_logged (void)
{
  const char *host = TAKEOVER_TEST_BED_CHASSIS_HOST_TESTBED;
  const char *want[] = { " set power 0", " set power 1", " set boot pxe", " set identify 1 0",
                         " set reset 1", " set boot none", " set shutdown 1", " set power 1",
                         NULL };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *off = NULL;
  g_autofree char *on = NULL;
  g_autofree char *soft = NULL;
  g_autofree char *final = NULL;
  g_auto(GStrv) lines = NULL;

  if (!takeover_test_bed_require (N_HOSTS, FALSE))
    return;

  before = takeover_test_bed_dup_chassis_log (host);
  g_free (ipmitool (host, "power", "off", NULL));
  off = ipmitool (host, "power", "status", NULL);
  g_free (ipmitool (host, "power", "on", NULL));
  on = ipmitool (host, "power", "status", NULL);
  g_free (ipmitool (host, "chassis", "bootdev", "pxe", NULL));
  g_free (ipmitool (host, "chassis", "identify", "1", NULL));
  g_free (ipmitool (host, "power", "reset", NULL));
  g_free (ipmitool (host, "chassis", "bootdev", "none", NULL));
  /* A graceful shutdown: the simulated OS powers off at once. */
  g_free (ipmitool (host, "power", "soft", NULL));
  soft = ipmitool (host, "power", "status", NULL);
  g_free (ipmitool (host, "power", "on", NULL));
  final = ipmitool (host, "power", "status", NULL);
  after = takeover_test_bed_dup_chassis_log (host);

  g_assert_cmpstr (off, ==, "Chassis Power is off\n");
  g_assert_cmpstr (on, ==, "Chassis Power is on\n");
  g_assert_cmpstr (soft, ==, "Chassis Power is off\n");
  g_assert_cmpstr (final, ==, "Chassis Power is on\n");
  g_assert_true (g_str_has_prefix (after, before));
  lines = g_strsplit (after + strlen (before), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, g_strv_length ((char **) want) + 1);
  for (guint i = 0; want[i] != NULL; i++)
    {
      if (!g_str_has_suffix (lines[i], want[i]))
        g_error ("chassis log line %u: “%s” does not end in “%s”", i, lines[i], want[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/testbed/require", test_require);
  g_test_add_func ("/testbed/hosts-conf", test_hosts_conf);
  g_test_add_func ("/testbed/ironic/drivers", test_ironic);
  g_test_add_func ("/testbed/bmc/power-status", test_bmc_power_status);
  g_test_add_func ("/testbed/bmc/identity", test_bmc_identity);
  g_test_add_func ("/testbed/ssh/hosts", test_ssh_hosts);
  g_test_add_func ("/testbed/ssh/password", test_ssh_password);
  g_test_add_func ("/testbed/ssh/ip-without-json", test_ssh_ip_without_json);
  g_test_add_func ("/testbed/snmp", test_snmp);
  g_test_add_func ("/testbed/lldp", test_lldp);
  g_test_add_func ("/testbed/ironic/manage", test_ironic_manage);
  g_test_add_func ("/testbed/chassis/unchanged-by-reads", test_chassis_unchanged_by_reads);
  g_test_add_func ("/testbed/chassis/commands-logged", test_chassis_commands_logged);
  g_test_add_func ("/testbed/bmc/sensor", test_bmc_sensor);

  ret = g_test_run ();
  g_free (chassis_logs_before);
  return ret;
}
