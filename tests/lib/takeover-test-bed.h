/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The test bed fixture: integration tests get a running bed (tests/testbed/up) of the size they
 * need. Hosts are named tb-001, tb-002, ... (index 1, 2, ...). See tests/testbed/README.md.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TAKEOVER_TEST_BED_CLOUD          "takeover-testbed"
#define TAKEOVER_TEST_BED_CLOUD_FULL     "takeover-testbed-full"
#define TAKEOVER_TEST_BED_IRONIC_URL     "http://127.0.0.1:6385"
#define TAKEOVER_TEST_BED_BMC_USER       "admin"
#define TAKEOVER_TEST_BED_BMC_PASSWORD   "password"
#define TAKEOVER_TEST_BED_BMC_PORT       623
#define TAKEOVER_TEST_BED_CIPHER_SUITE   3
#define TAKEOVER_TEST_BED_SSH_USER       "hwprobe"
#define TAKEOVER_TEST_BED_SSH_PASSWORD   "probe-pass"
#define TAKEOVER_TEST_BED_SNMP_COMMUNITY "public"
#define TAKEOVER_TEST_BED_SNMP_V3_USER   "hwmon"            /* SHA and AES */
#define TAKEOVER_TEST_BED_SNMP_V3_AUTH   "hwmon-auth-pass"
#define TAKEOVER_TEST_BED_SNMP_V3_PRIV   "hwmon-priv-pass"
/* The hosts that see the bed's switch over LLDP, and the switch's chassis id (tests/testbed/up,
 * lib.sh). */
#define TAKEOVER_TEST_BED_LLDP_HOSTS     "tb-001 tb-002 tb-004"
#define TAKEOVER_TEST_BED_SWITCH_ID      "02:18:ff:00:00:01"

/* Its sshd's ip refuses -j, as iproute2 before 4.13 did. */
#define TAKEOVER_TEST_BED_HOST_WITHOUT_IP_JSON "tb-003"
/*
 * Tests that change chassis state (power, reset, boot device, identify) use only these hosts
 * and require at least 20 hosts; the chassis logs of all other hosts must stay empty.
 * tb-020 belongs to the test bed's own test, tb-019 to everyone else's.
 */
#define TAKEOVER_TEST_BED_CHASSIS_HOST         "tb-019"
#define TAKEOVER_TEST_BED_CHASSIS_HOST_TESTBED "tb-020"
#define TAKEOVER_TEST_BED_CHASSIS_HOSTS_MIN    20

/* Sensor numbers: write a value to takeover_test_bed_dup_sensor_path() to change it. */
typedef enum
{
  TAKEOVER_TEST_BED_SENSOR_CPU_TEMP = 1, /* degrees C */
  TAKEOVER_TEST_BED_SENSOR_INLET_TEMP,   /* degrees C */
  TAKEOVER_TEST_BED_SENSOR_FAN1,         /* RPM */
  TAKEOVER_TEST_BED_SENSOR_FAN2,         /* RPM */
  TAKEOVER_TEST_BED_SENSOR_12V,          /* mV */
  TAKEOVER_TEST_BED_SENSOR_3V3,          /* mV */
  TAKEOVER_TEST_BED_SENSOR_CURRENT,      /* mA */
  TAKEOVER_TEST_BED_SENSOR_POWER,        /* W */
} TakeoverTestBedSensor;

gboolean    takeover_test_bed_require               (guint                  n_hosts,
                                                     gboolean               full);
const char *takeover_test_bed_get_state_dir         (void);
const char *takeover_test_bed_get_hosts_conf        (void);
const char *takeover_test_bed_get_hosts_csv         (void);
const char *takeover_test_bed_get_clouds_yaml       (void);
const char *takeover_test_bed_get_cloud_name        (void);
const char *takeover_test_bed_get_ssh_key           (void);
const char *takeover_test_bed_get_ssh_known_hosts   (void);
guint       takeover_test_bed_get_n_hosts           (void);
char       *takeover_test_bed_dup_host_name         (guint                  index);
char       *takeover_test_bed_dup_bmc_address      (const char            *host);
char       *takeover_test_bed_dup_mgmt_ip           (const char            *host);
char       *takeover_test_bed_dup_chassis_log_path  (const char            *host);
char       *takeover_test_bed_dup_chassis_log       (const char            *host);
char       *takeover_test_bed_dup_chassis_logs      (void);
GStrv       takeover_test_bed_dup_ssh_commands      (const char            *host);
char       *takeover_test_bed_dup_sensor_dir        (const char            *host);
char       *takeover_test_bed_dup_sensor_path       (const char            *host,
                                                     TakeoverTestBedSensor  sensor);

G_END_DECLS
