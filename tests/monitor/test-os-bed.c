/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The OS meters over a persistent SSH session, against the test bed's per-host sshd: one
 * session serves round after round, each round's fixed command gives every meter, and the
 * second round the rates. */
#include "config.h"

#include <math.h>

#include "takeover-os-source.h"
#include "takeover-ssh-probe.h"
#include "takeover-test-bed.h"

static guint
count_meter (GPtrArray  *samples,
             const char *meter)
{
  guint n = 0;

  for (guint i = 0; i < samples->len; i++)
    n += g_str_equal (((TakeoverMetricSample *) g_ptr_array_index (samples, i))->meter, meter);
  return n;
}

static void
test_rounds_on_one_session (void)
{
  g_autoptr(TakeoverProbeRequest) request = takeover_probe_request_new ();
  g_autoptr(TakeoverProbeResult) keys = takeover_probe_result_new ("tb-001");
  g_autoptr(TakeoverSshSession) session = NULL;
  g_autoptr(TakeoverOsCounters) counters = takeover_os_counters_new ();
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out1 = NULL;
  g_autofree char *out2 = NULL;

  if (!takeover_test_bed_require (4, FALSE))
    return;

  request->name = g_strdup ("tb-001");
  request->mgmt_ip = takeover_test_bed_dup_mgmt_ip ("tb-001");
  request->ssh_username = g_strdup (TAKEOVER_TEST_BED_SSH_USER);
  request->ssh_password = g_strdup (TAKEOVER_TEST_BED_SSH_PASSWORD);
  request->ssh_use_agent = FALSE;
  request->ssh_timeout_ms = 20000;

  session = takeover_ssh_session_open (request, keys, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  /* Trust on first use recorded the key, as the probe does. */
  g_assert_nonnull (keys->ssh_fingerprint);

  out1 = takeover_ssh_session_exec (session, TAKEOVER_OS_SOURCE_COMMAND, NULL, &error);
  g_assert_no_error (error);
  first = takeover_os_source_parse ("tb-001", 1000, out1, counters, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (takeover_metric_samples_get_value (first, "hardware.memory.total", NULL), >, 0);
  g_assert_cmpfloat (takeover_metric_samples_get_value (first, "hardware.memory.used", NULL), >, 0);
  g_assert_cmpfloat (takeover_metric_samples_get_value (first, "hardware.cpu.load.1min", NULL), >=, 0);
  g_assert_cmpuint (count_meter (first, "hardware.disk.size.total"), >=, 1);

  /* The same session, a second round later: the rates. */
  g_usleep (G_USEC_PER_SEC);
  out2 = takeover_ssh_session_exec (session, TAKEOVER_OS_SOURCE_COMMAND, NULL, &error);
  g_assert_no_error (error);
  second = takeover_os_source_parse ("tb-001", 1001, out2, counters, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (takeover_metric_samples_get_value (second, "hardware.cpu.util", NULL), >=, 0);
  g_assert_cmpfloat (takeover_metric_samples_get_value (second, "hardware.cpu.util", NULL), <=, 100);
  g_assert_cmpuint (count_meter (second, "hardware.network.incoming.bytes"), >=, 1);
  for (guint i = 0; i < second->len; i++)
    g_assert_cmpfloat (((TakeoverMetricSample *) g_ptr_array_index (second, i))->value, >=, 0);
}

/* A port where nothing listens: the error names the host, at once. */
static void
test_nothing_listens (void)
{
  g_autoptr(TakeoverProbeRequest) request = takeover_probe_request_new ();
  g_autoptr(TakeoverProbeResult) keys = takeover_probe_result_new ("nobody");
  g_autoptr(TakeoverSshSession) session = NULL;
  g_autoptr(GError) error = NULL;

  request->name = g_strdup ("nobody");
  request->mgmt_ip = g_strdup ("127.0.0.1");
  request->ssh_port = 9;
  request->ssh_username = g_strdup ("root");
  request->ssh_password = g_strdup ("x");
  request->ssh_timeout_ms = 2000;

  session = takeover_ssh_session_open (request, keys, NULL, &error);
  g_assert_null (session);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/os-bed/rounds-on-one-session", test_rounds_on_one_session);
  g_test_add_func ("/os-bed/nothing-listens", test_nothing_listens);

  return g_test_run ();
}
