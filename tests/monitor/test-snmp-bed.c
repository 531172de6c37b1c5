/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The OS meters over SNMP, against the test bed's per-host snmpd (v2c and v3 with SHA and
 * AES): they agree with the SSH source's on memory and the NICs' counters, the rates come on
 * the second round, and a wrong community or pass phrase is an error a person can act on. */
#include "config.h"

#include <math.h>

#include "takeover-snmp-source.h"
#include "takeover-ssh-probe.h"
#include "takeover-test-bed.h"

#define HOST "tb-001"

static void
read_snmp (const TakeoverSnmpConfig *config,
           TakeoverOsReading        *reading)
{
  g_autofree char *address = takeover_test_bed_dup_mgmt_ip (HOST);
  g_autoptr(TakeoverSnmpSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = takeover_snmp_session_open (address, config, 10, &error);
  g_assert_no_error (error);
  g_assert_true (takeover_snmp_session_read (session, reading, NULL, &error));
  g_assert_no_error (error);
}

static void
read_ssh (TakeoverOsReading *reading)
{
  g_autoptr(TakeoverProbeRequest) request = takeover_probe_request_new ();
  g_autoptr(TakeoverProbeResult) keys = takeover_probe_result_new (HOST);
  g_autoptr(TakeoverSshSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  request->name = g_strdup (HOST);
  request->mgmt_ip = takeover_test_bed_dup_mgmt_ip (HOST);
  request->ssh_username = g_strdup (TAKEOVER_TEST_BED_SSH_USER);
  request->ssh_password = g_strdup (TAKEOVER_TEST_BED_SSH_PASSWORD);
  request->ssh_use_agent = FALSE;
  request->ssh_timeout_ms = 20000;
  session = takeover_ssh_session_open (request, keys, NULL, &error);
  g_assert_no_error (error);
  output = takeover_ssh_session_exec (session, TAKEOVER_OS_SOURCE_COMMAND, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (takeover_os_source_read (HOST, output, reading, &error));
  g_assert_no_error (error);
}

static const TakeoverOsNic *
find_nic (const TakeoverOsReading *reading,
          const char              *name)
{
  for (guint i = 0; i < reading->nics->len; i++)
    {
      const TakeoverOsNic *nic = g_ptr_array_index (reading->nics, i);

      if (g_str_equal (nic->name, name))
        return nic;
    }
  return NULL;
}

/* Both sources see the same host (the bed's namespaces share the machine's memory): the same
 * totals, the same NICs, and their byte counters within what the reading itself sent. */
static void
test_agrees_with_ssh (void)
{
  g_autoptr(TakeoverSnmpConfig) config = takeover_snmp_config_new_v2c (TAKEOVER_TEST_BED_SNMP_COMMUNITY);
  g_auto(TakeoverOsReading) snmp;
  g_auto(TakeoverOsReading) ssh;

  if (!takeover_test_bed_require (4, FALSE))
    return;

  takeover_os_reading_init (&snmp);
  takeover_os_reading_init (&ssh);
  read_snmp (config, &snmp);
  read_ssh (&ssh);

  g_assert_true (snmp.have_memory);
  g_assert_cmpfloat (snmp.memory_total, >, 0);
  g_assert_cmpfloat (snmp.memory_total, ==, ssh.memory_total);
  g_assert_cmpfloat (snmp.swap_total, ==, ssh.swap_total);
  g_assert_cmpfloat (snmp.memory_used, >, 0);
  g_assert_cmpfloat (snmp.memory_used, <, snmp.memory_total);
  g_assert_true (snmp.have_cpu);
  g_assert_cmpint (snmp.boot_time, >, 0);
  g_assert_false (isnan (snmp.load[0]));
  g_assert_cmpuint (snmp.disks->len, >=, 1);

  g_assert_cmpuint (ssh.nics->len, >=, 1);
  g_assert_cmpuint (snmp.nics->len, ==, ssh.nics->len);
  for (guint i = 0; i < ssh.nics->len; i++)
    {
      const TakeoverOsNic *by_ssh = g_ptr_array_index (ssh.nics, i);
      const TakeoverOsNic *by_snmp = find_nic (&snmp, by_ssh->name);

      g_test_message ("%s: received %" G_GUINT64_FORMAT " (SNMP) %" G_GUINT64_FORMAT " (SSH)",
                      by_ssh->name, by_snmp != NULL ? by_snmp->received : 0, by_ssh->received);
      g_assert_nonnull (by_snmp);
      /* SNMP was read first: SSH's counters are as high or higher, by the traffic of the
       * reading and a session in between, well under 256 KiB. */
      g_assert_cmpuint (by_snmp->received, <=, by_ssh->received);
      g_assert_cmpuint (by_ssh->received - by_snmp->received, <, 256 * 1024);
      g_assert_cmpuint (by_snmp->sent, <=, by_ssh->sent);
      g_assert_cmpuint (by_ssh->sent - by_snmp->sent, <, 256 * 1024);
      g_assert_cmpuint (by_snmp->send_errors, ==, by_ssh->send_errors);
    }
}

/* v3 with SHA and AES, as the bed's snmpd has its user; two rounds give the rates. */
static void
test_v3_rounds (void)
{
  g_autoptr(TakeoverSnmpConfig) config = takeover_snmp_config_new_v3 (TAKEOVER_TEST_BED_SNMP_V3_USER,
                                                                      TAKEOVER_TEST_BED_SNMP_V3_AUTH,
                                                                      TAKEOVER_TEST_BED_SNMP_V3_PRIV);
  g_autofree char *address = NULL;
  g_autoptr(TakeoverSnmpSession) session = NULL;
  g_autoptr(TakeoverOsCounters) counters = takeover_os_counters_new ();
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!takeover_test_bed_require (4, FALSE))
    return;

  address = takeover_test_bed_dup_mgmt_ip (HOST);
  session = takeover_snmp_session_open (address, config, 10, &error);
  g_assert_no_error (error);

  for (guint round = 0; round < 2; round++)
    {
      g_auto(TakeoverOsReading) reading;

      takeover_os_reading_init (&reading);
      g_assert_true (takeover_snmp_session_read (session, &reading, NULL, &error));
      g_assert_no_error (error);
      /* net-snmp refreshes its CPU counters every 5 s. */
      if (round == 0)
        first = takeover_os_reading_samples (&reading, HOST, now, counters);
      else
        second = takeover_os_reading_samples (&reading, HOST, now + 6, counters);
      if (round == 0)
        g_usleep (6 * G_USEC_PER_SEC);
    }

  g_assert_cmpfloat (takeover_metric_samples_get_value (first, "hardware.memory.total", NULL),
                     >, 0);
  g_assert_true (isnan (takeover_metric_samples_get_value (first, "hardware.cpu.util", NULL)));
  g_assert_cmpfloat (takeover_metric_samples_get_value (second, "hardware.cpu.util", NULL),
                     >=, 0);
  g_assert_cmpfloat (takeover_metric_samples_get_value (second, "hardware.cpu.util", NULL),
                     <=, 100);
  g_assert_cmpfloat (takeover_metric_samples_get_value (second, "hardware.system_stats.cpu.idle",
                                                        NULL), <=, 100);
  g_assert_cmpfloat (takeover_metric_samples_get_value (second, "hardware.network.incoming.bytes",
                                                        "eth0"), >=, 0);
  for (guint i = 0; i < second->len; i++)
    g_assert_cmpfloat (((TakeoverMetricSample *) g_ptr_array_index (second, i))->value, >=, 0);
}

/* A wrong pass phrase: the agent reports it, no waiting for a timeout. */
static void
test_v3_wrong_pass_phrase (void)
{
  g_autoptr(TakeoverSnmpConfig) config = takeover_snmp_config_new_v3 (TAKEOVER_TEST_BED_SNMP_V3_USER,
                                                                      "not-the-pass-phrase",
                                                                      TAKEOVER_TEST_BED_SNMP_V3_PRIV);
  g_autofree char *address = NULL;
  g_autoptr(TakeoverSnmpSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(TakeoverOsReading) reading;

  if (!takeover_test_bed_require (4, FALSE))
    return;

  takeover_os_reading_init (&reading);
  address = takeover_test_bed_dup_mgmt_ip (HOST);
  session = takeover_snmp_session_open (address, config, 10, &error);
  if (session != NULL)
    g_assert_false (takeover_snmp_session_read (session, &reading, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, address));
  g_assert_false (reading.have_memory);
}

/* v2c with the wrong community: snmpd stays silent; the error says what to check. */
static void
test_wrong_community (void)
{
  g_autoptr(TakeoverSnmpConfig) config = takeover_snmp_config_new_v2c ("not-the-community");
  g_autofree char *address = NULL;
  g_autoptr(TakeoverSnmpSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(TakeoverOsReading) reading;

  if (!takeover_test_bed_require (4, FALSE))
    return;

  takeover_os_reading_init (&reading);
  address = takeover_test_bed_dup_mgmt_ip (HOST);
  session = takeover_snmp_session_open (address, config, 2, &error);
  g_assert_no_error (error);
  g_assert_false (takeover_snmp_session_read (session, &reading, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, address));
  g_assert_nonnull (strstr (error->message, "community"));
}

/* Settings that cannot work are refused before anything is sent. */
static void
test_config_check (void)
{
  g_autoptr(TakeoverSnmpConfig) empty = takeover_snmp_config_new_v2c ("");
  g_autoptr(TakeoverSnmpConfig) short_phrase = takeover_snmp_config_new_v3 ("u", "short", NULL);
  g_autoptr(TakeoverSnmpConfig) protocol = takeover_snmp_config_new_v3 ("u", "long enough", NULL);
  g_autoptr(TakeoverSnmpConfig) privacy_only = takeover_snmp_config_new_v3 ("u", NULL,
                                                                            "long enough");
  g_autoptr(TakeoverSnmpConfig) good = takeover_snmp_config_new_v3 ("u", "long enough",
                                                                    "long enough too");
  g_autoptr(TakeoverSnmpConfig) copy = NULL;
  g_autoptr(GError) error = NULL;

  g_free (protocol->auth_protocol);
  protocol->auth_protocol = g_strdup ("SHA-3");

  g_assert_false (takeover_snmp_config_check (empty, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (takeover_snmp_config_check (short_phrase, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (takeover_snmp_config_check (protocol, &error));
  g_assert_nonnull (strstr (error->message, "SHA-3"));
  g_clear_error (&error);
  g_assert_false (takeover_snmp_config_check (privacy_only, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (takeover_snmp_session_open ("192.0.2.1", short_phrase, 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (takeover_snmp_config_check (good, &error));
  g_assert_no_error (error);

  copy = takeover_snmp_config_copy (good);
  g_assert_cmpstr (copy->priv_password, ==, "long enough too");
  g_assert_true (copy->priv_password != good->priv_password);
}

int
main (int   argc,
      char *argv[])
{
  /* Host keys recorded on first use go to the test's own folders, never the user's. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/snmp-source/config-check", test_config_check);
  g_test_add_func ("/snmp-source/agrees-with-ssh", test_agrees_with_ssh);
  g_test_add_func ("/snmp-source/v3-rounds", test_v3_rounds);
  g_test_add_func ("/snmp-source/v3-wrong-pass-phrase", test_v3_wrong_pass_phrase);
  g_test_add_func ("/snmp-source/wrong-community", test_wrong_community);

  return g_test_run ();
}
