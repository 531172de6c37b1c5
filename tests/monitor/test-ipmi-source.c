/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The BMC's sensors as hardware.ipmi.* samples, against the test bed's BMC simulators: every
 * kind of sensor under its meter, each with the thresholds of its SDR record; a value written
 * into a simulator's sensor file shows up in the next round, and the health rule made of the
 * sensor's own thresholds turns the host critical, then OK again; through a watching monitor,
 * warning, critical and OK, with one alert raised and one cleared. */
#include "config.h"

#include <math.h>

#include "takeover-health.h"
#include "takeover-ipmi-source.h"
#include "takeover-monitor.h"
#include "takeover-probe-pool.h"
#include "takeover-test-bed.h"
#include "takeover-test-hosts.h"

/* tb-019 is the bed's host for tests that change a BMC's state. */
#define HOST TAKEOVER_TEST_BED_CHASSIS_HOST

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(TakeoverProbeResult **) user_data =
    takeover_probe_pool_probe_finish (TAKEOVER_PROBE_POOL (object), result, &error);
  g_assert_no_error (error);
}

/* One monitoring round of the host's sensors, on the probe pool as the monitor runs it. */
static TakeoverProbeResult *
read_round (TakeoverProbePool *pool)
{
  g_autoptr(TakeoverProbeRequest) request = takeover_probe_request_new ();
  TakeoverProbeResult *result = NULL;

  request->name = g_strdup (HOST);
  request->bmc_address = takeover_test_bed_dup_bmc_address (HOST);
  request->bmc_username = g_strdup (TAKEOVER_TEST_BED_BMC_USER);
  request->bmc_password = g_strdup (TAKEOVER_TEST_BED_BMC_PASSWORD);
  request->bmc_timeout_ms = 10000;
  request->sdr_cache_dir = g_build_filename (g_get_user_cache_dir (), "sdr", NULL);
  request->ipmi_sensors_only = TRUE;

  takeover_probe_pool_probe_async (pool, request, NULL, NULL, NULL, NULL, probe_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return result;
}

static const TakeoverMetricSample *
find_sample (GPtrArray  *samples,
             const char *instance)
{
  for (guint i = 0; i < samples->len; i++)
    {
      const TakeoverMetricSample *sample = g_ptr_array_index (samples, i);

      if (g_strcmp0 (sample->instance, instance) == 0)
        return sample;
    }
  return NULL;
}

static const TakeoverProbeSensor *
find_sensor (TakeoverProbeResult *result,
             const char          *name)
{
  for (guint i = 0; i < result->sensors->len; i++)
    {
      const TakeoverProbeSensor *sensor = g_ptr_array_index (result->sensors, i);

      if (g_str_equal (sensor->name, name))
        return sensor;
    }
  return NULL;
}

static void
test_sensors (void)
{
  static const struct { const char *sensor; const char *meter; } expected[] = {
    { "CPU Temp", "hardware.ipmi.temperature" },
    { "Inlet Temp", "hardware.ipmi.temperature" },
    { "Fan1 RPM", "hardware.ipmi.fan" },
    { "Fan2 RPM", "hardware.ipmi.fan" },
    { "12V", "hardware.ipmi.voltage" },
    { "3.3V", "hardware.ipmi.voltage" },
    { "PS1 Current", "hardware.ipmi.current" },
    { "Pwr Consumption", "hardware.ipmi.power" },
  };
  g_autoptr(TakeoverProbePool) pool = takeover_probe_pool_new (4);
  g_autoptr(TakeoverProbeResult) result = NULL;
  g_autoptr(GPtrArray) samples = NULL;
  const TakeoverProbeSensor *cpu;

  if (!takeover_test_bed_require (TAKEOVER_TEST_BED_CHASSIS_HOSTS_MIN, FALSE))
    return;

  result = read_round (pool);
  g_assert_true (result->ipmi_answered);
  /* Sensors only: nothing else was asked of the BMC. */
  g_assert_null (result->bmc_manufacturer);
  g_assert_cmpuint (result->nics->len, ==, 0);

  samples = takeover_ipmi_source_samples (HOST, 1765000000, result);
  g_assert_cmpuint (samples->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const TakeoverMetricSample *sample = find_sample (samples, expected[i].sensor);

      g_assert_nonnull (sample);
      g_assert_cmpstr (sample->meter, ==, expected[i].meter);
      g_assert_cmpstr (sample->host, ==, HOST);
      g_assert_cmpint (sample->time, ==, 1765000000);
      g_assert_true (isfinite (sample->value));
    }
  g_assert_cmpfloat_with_epsilon (find_sample (samples, "12V")->value, 12.0, 0.1);

  /* The SDR's thresholds: upper non-critical 85, upper critical 95 for the CPU. */
  cpu = find_sensor (result, "CPU Temp");
  g_assert_nonnull (cpu);
  g_assert_cmpfloat (cpu->upper_non_critical, ==, 85);
  g_assert_cmpfloat (cpu->upper_critical, ==, 95);
  g_assert_cmpfloat (cpu->lower_critical, ==, 5);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Rounds until the CPU reads @value (the simulator reads its file every 2 s). */
static double
await_cpu (TakeoverProbePool *pool,
           double             value,
           TakeoverProbeSensor *copy)
{
  for (guint attempt = 0; attempt < 20; attempt++)
    {
      g_autoptr(TakeoverProbeResult) result = read_round (pool);
      const TakeoverProbeSensor *cpu = find_sensor (result, "CPU Temp");

      if (cpu != NULL && cpu->has_reading && cpu->reading == value)
        {
          copy->reading = cpu->reading;
          copy->upper_non_critical = cpu->upper_non_critical;
          copy->upper_critical = cpu->upper_critical;
          return cpu->reading;
        }
      wait_ms (1000);
    }
  g_assert_not_reached ();
}

static void
test_sensor_file_to_health (void)
{
  g_autoptr(TakeoverProbePool) pool = takeover_probe_pool_new (4);
  g_autoptr(TakeoverHealth) health = takeover_health_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *reason = NULL;
  TakeoverProbeSensor cpu = { 0 };
  TakeoverHealthRule rule = { "ipmi.temperature", "%2$s is at %1$.0f °C", 0, 0, 0, 2 };
  double before;

  if (!takeover_test_bed_require (TAKEOVER_TEST_BED_CHASSIS_HOSTS_MIN, FALSE))
    return;

  path = takeover_test_bed_dup_sensor_path (HOST, TAKEOVER_TEST_BED_SENSOR_CPU_TEMP);
  g_assert_true (g_file_get_contents (path, &saved, NULL, &error));
  g_assert_no_error (error);
  before = g_ascii_strtod (saved, NULL);
  g_assert_cmpfloat (before, <, 85);
  await_cpu (pool, before, &cpu);

  /* The rule is the sensor's own: warning at its upper non-critical, critical at its upper
   * critical threshold. */
  rule.warning = cpu.upper_non_critical;
  rule.critical = cpu.upper_critical;
  takeover_health_observe (health, HOST, &rule, "CPU Temp", 1000, cpu.reading);
  g_assert_cmpint (takeover_health_get_level (health, HOST), ==, TAKEOVER_HEALTH_OK);

  g_assert_true (g_file_set_contents (path, "99\n", -1, &error));
  await_cpu (pool, 99, &cpu);
  takeover_health_observe (health, HOST, &rule, "CPU Temp", 1010, cpu.reading);
  g_assert_cmpint (takeover_health_get_level (health, HOST), ==, TAKEOVER_HEALTH_CRITICAL);
  reason = takeover_health_dup_reason (health, HOST);
  g_assert_cmpstr (reason, ==, "CPU Temp is at 99 °C");

  g_assert_true (g_file_set_contents (path, saved, -1, &error));
  await_cpu (pool, before, &cpu);
  takeover_health_observe (health, HOST, &rule, "CPU Temp", 1020, cpu.reading);
  g_assert_cmpint (takeover_health_get_level (health, HOST), ==, TAKEOVER_HEALTH_OK);
}

typedef struct
{
  TakeoverHealth *health;
  GPtrArray      *alerts;     /* "raised host…" / "cleared host…" */
  guint           n_rounds;
} Watched;

static void
watched_round_cb (TakeoverMonitor *monitor,
                  guint            n_answered,
                  GError          *error,
                  Watched         *watched)
{
  watched->n_rounds++;
}

static void
watched_alert_cb (TakeoverMonitor     *monitor,
                  TakeoverHealthAlert *alert,
                  Watched             *watched)
{
  g_autofree char *hosts = g_strjoinv (",", alert->hosts);

  g_ptr_array_add (watched->alerts,
                   g_strdup_printf ("%s %s", alert->kind == TAKEOVER_HEALTH_ALERT_RAISED
                                             ? "raised" : "cleared", hosts));
}

/* Iterates until the host is at @level or @seconds have passed. */
static gboolean
await_level (Watched             *watched,
             TakeoverHealthLevel  level,
             guint                seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (takeover_health_get_level (watched->health, HOST) != level &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return takeover_health_get_level (watched->health, HOST) == level;
}

/* The whole way through a watching monitor: a value written into the simulator's sensor file
 * turns the host warning, then critical (each once it has lasted the rule's 30 s), then OK
 * when it returns; one alert is raised and one cleared. */
static void
test_alert_and_clear (void)
{
  g_autoptr(GListStore) hosts = g_list_store_new (TAKEOVER_TYPE_HOST);
  g_autoptr(TakeoverHost) host = NULL;
  g_autoptr(TakeoverFleetProbe) probe = takeover_fleet_probe_new (4);
  g_autofree char *folder = g_build_filename (g_get_user_state_dir (), "metrics", NULL);
  g_autoptr(TakeoverMetricStore) store = takeover_metric_store_new (folder);
  g_autoptr(TakeoverMonitor) monitor = NULL;
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *warm = NULL;
  g_autofree char *hot = NULL;
  g_autofree char *reason = NULL;
  const TakeoverHealthRule *rule;
  Watched watched = { 0 };
  gboolean warned, critical, cleared;
  gint64 deadline;

  if (!takeover_test_bed_require (TAKEOVER_TEST_BED_CHASSIS_HOSTS_MIN, FALSE))
    return;

  host = takeover_test_hosts_find_in_bed (HOST);
  g_list_store_append (hosts, host);

  path = takeover_test_bed_dup_sensor_path (HOST, TAKEOVER_TEST_BED_SENSOR_CPU_TEMP);
  g_assert_true (g_file_get_contents (path, &saved, NULL, &error));

  takeover_fleet_probe_set_timeout_ms (probe, 5000);
  monitor = takeover_monitor_new (probe, store);
  watched.health = takeover_monitor_get_health (monitor);
  watched.alerts = alerts;
  g_signal_connect (monitor, "round-done", G_CALLBACK (watched_round_cb), &watched);
  g_signal_connect (monitor, "alert", G_CALLBACK (watched_alert_cb), &watched);
  takeover_monitor_watch (monitor, G_LIST_MODEL (hosts), 2);
  while (watched.n_rounds == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (takeover_health_get_level (watched.health, HOST), ==, TAKEOVER_HEALTH_OK);

  /* The sensor's own thresholds, read from its SDR record. */
  rule = takeover_monitor_get_sensor_rule (monitor, HOST, "CPU Temp");
  g_assert_nonnull (rule);
  g_assert_cmpfloat (rule->warning, <, rule->critical);
  warm = g_strdup_printf ("%.0f\n", ceil ((rule->warning + rule->critical) / 2));
  hot = g_strdup_printf ("%.0f\n", rule->critical + 3);

  g_assert_true (g_file_set_contents (path, warm, -1, &error));
  warned = await_level (&watched, TAKEOVER_HEALTH_WARNING, 90);
  reason = takeover_health_dup_reason (watched.health, HOST);
  g_assert_true (g_file_set_contents (path, hot, -1, &error));
  critical = await_level (&watched, TAKEOVER_HEALTH_CRITICAL, 90);
  g_assert_true (g_file_set_contents (path, saved, -1, &error));
  cleared = await_level (&watched, TAKEOVER_HEALTH_OK, 120);

  /* The alerts come once their grouping window has passed. */
  deadline = g_get_monotonic_time () + (TAKEOVER_HEALTH_GROUP_SECONDS + 15) * G_USEC_PER_SEC;
  while (alerts->len < 2 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  takeover_monitor_stop (monitor);

  g_assert_true (warned);
  g_assert_nonnull (strstr (reason, "CPU Temp"));
  g_assert_true (critical);
  g_assert_true (cleared);
  g_assert_cmpuint (alerts->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (alerts, 0), ==, "raised " HOST);
  g_assert_cmpstr (g_ptr_array_index (alerts, 1), ==, "cleared " HOST);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ipmi-source/sensors", test_sensors);
  g_test_add_func ("/ipmi-source/sensor-file-to-health", test_sensor_file_to_health);
  g_test_add_func ("/ipmi-source/alert-and-clear", test_alert_and_clear);

  return g_test_run ();
}
