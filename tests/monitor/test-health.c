/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Health from samples: a spike alerts nothing, a lasting excess raises warning then critical,
 * a value hovering at a threshold does not flap, recovery needs the hysteresis, and hosts that
 * turn critical together are one alert. */
#include "config.h"

#include <math.h>

#include "takeover-health.h"

static const TakeoverHealthRule memory = {
  "memory", "Memory is %1$.0f%% used", 90, 97, 60, 5,
};

static const TakeoverHealthRule disk = {
  "disk", "%2$s is %1$.0f%% full", 85, 95, 0, 2,
};

#define T0 1765000000

static void
feed (TakeoverHealth *health,
      const char     *host,
      gint64          from,
      gint64          to,
      double          value)
{
  for (gint64 t = from; t <= to; t += 10)
    takeover_health_observe (health, host, &memory, NULL, t, value);
}

static void
test_duration_and_hysteresis (void)
{
  g_autoptr(TakeoverHealth) health = takeover_health_new ();
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GPtrArray) later = NULL;
  g_autofree char *reason = NULL;
  TakeoverHealthAlert *alert;

  /* A 30 s spike over critical, shorter than the rule's minute: nothing. */
  feed (health, "hdp-dn-01", T0, T0 + 50, 50);
  feed (health, "hdp-dn-01", T0 + 60, T0 + 90, 99);
  g_assert_cmpint (takeover_health_get_level (health, "hdp-dn-01"), ==, TAKEOVER_HEALTH_OK);
  feed (health, "hdp-dn-01", T0 + 100, T0 + 200, 50);
  g_assert_cmpint (takeover_health_get_level (health, "hdp-dn-01"), ==, TAKEOVER_HEALTH_OK);
  g_assert_null (takeover_health_dup_reason (health, "hdp-dn-01"));

  /* A minute over the warning line: warning, said in a sentence; then critical. */
  feed (health, "hdp-dn-01", T0 + 210, T0 + 270, 93);
  g_assert_cmpint (takeover_health_get_level (health, "hdp-dn-01"), ==, TAKEOVER_HEALTH_WARNING);
  reason = takeover_health_dup_reason (health, "hdp-dn-01");
  g_assert_cmpstr (reason, ==, "Memory is 93% used");
  feed (health, "hdp-dn-01", T0 + 280, T0 + 340, 98);
  g_assert_cmpint (takeover_health_get_level (health, "hdp-dn-01"), ==, TAKEOVER_HEALTH_CRITICAL);

  /* Hovering just under the critical line (within the hysteresis): still critical. */
  feed (health, "hdp-dn-01", T0 + 350, T0 + 600, 95);
  g_assert_cmpint (takeover_health_get_level (health, "hdp-dn-01"), ==, TAKEOVER_HEALTH_CRITICAL);

  /* Well under it for a minute: back to OK (below the warning line less the hysteresis). */
  feed (health, "hdp-dn-01", T0 + 610, T0 + 700, 60);
  g_assert_cmpint (takeover_health_get_level (health, "hdp-dn-01"), ==, TAKEOVER_HEALTH_OK);

  /* One alert and one clear, each once its grouping window has passed. */
  alerts = takeover_health_take_alerts (health, T0 + 700);
  g_assert_cmpuint (alerts->len, ==, 2);
  alert = g_ptr_array_index (alerts, 0);
  g_assert_cmpint (alert->kind, ==, TAKEOVER_HEALTH_ALERT_RAISED);
  g_assert_cmpstr (alert->text, ==, "hdp-dn-01 is critical");
  g_assert_cmpint (alert->time, ==, T0 + 340);
  alert = g_ptr_array_index (alerts, 1);
  g_assert_cmpint (alert->kind, ==, TAKEOVER_HEALTH_ALERT_CLEARED);
  g_assert_cmpstr (alert->text, ==, "hdp-dn-01 has recovered");
  later = takeover_health_take_alerts (health, T0 + 2000);
  g_assert_cmpuint (later->len, ==, 0);

  /* No reading: no change. */
  takeover_health_observe (health, "hdp-dn-01", &memory, NULL, T0 + 710, NAN);
  g_assert_cmpint (takeover_health_get_level (health, "hdp-dn-01"), ==, TAKEOVER_HEALTH_OK);
}

/* The worst check speaks for the host; an instance is named. */
static void
test_instances (void)
{
  g_autoptr(TakeoverHealth) health = takeover_health_new ();
  g_autofree char *reason = NULL;

  takeover_health_observe (health, "hdp-dn-02", &disk, "/", T0, 40);
  takeover_health_observe (health, "hdp-dn-02", &disk, "/data", T0, 96);
  takeover_health_observe (health, "hdp-dn-02", &memory, NULL, T0, 50);
  g_assert_cmpint (takeover_health_get_level (health, "hdp-dn-02"), ==, TAKEOVER_HEALTH_CRITICAL);
  reason = takeover_health_dup_reason (health, "hdp-dn-02");
  g_assert_cmpstr (reason, ==, "/data is 96% full");
}

/* A rack going down: ten hosts unreachable within seconds are one alert, after the window;
 * a host that dropped and came back inside the window raises nothing. */
static void
test_grouping (void)
{
  g_autoptr(TakeoverHealth) health = takeover_health_new ();
  g_autoptr(GPtrArray) early = NULL;
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GPtrArray) recovered = NULL;
  g_autofree char *reason = NULL;
  TakeoverHealthAlert *alert;

  for (guint i = 1; i <= 10; i++)
    {
      g_autofree char *host = g_strdup_printf ("rack7-%02u", i);

      takeover_health_set_unreachable (health, host, T0 + i, TRUE,
                                       "Neither the BMC nor SSH answered.");
    }
  takeover_health_set_unreachable (health, "blip", T0 + 2, TRUE, NULL);
  takeover_health_set_unreachable (health, "blip", T0 + 12, FALSE, NULL);
  g_assert_cmpint (takeover_health_get_level (health, "rack7-03"), ==,
                   TAKEOVER_HEALTH_UNREACHABLE);
  reason = takeover_health_dup_reason (health, "rack7-03");
  g_assert_cmpstr (reason, ==, "Neither the BMC nor SSH answered.");

  early = takeover_health_take_alerts (health, T0 + 20);
  g_assert_cmpuint (early->len, ==, 0);

  alerts = takeover_health_take_alerts (health, T0 + 40);
  g_assert_cmpuint (alerts->len, ==, 1);
  alert = g_ptr_array_index (alerts, 0);
  g_assert_cmpint (alert->kind, ==, TAKEOVER_HEALTH_ALERT_RAISED);
  g_assert_cmpuint (g_strv_length (alert->hosts), ==, 10);
  g_assert_cmpstr (alert->hosts[0], ==, "rack7-01");
  g_assert_cmpstr (alert->text, ==, "rack7-01 and 9 other hosts turned critical together");

  for (guint i = 1; i <= 10; i++)
    {
      g_autofree char *host = g_strdup_printf ("rack7-%02u", i);

      takeover_health_set_unreachable (health, host, T0 + 100 + i, FALSE, NULL);
    }
  recovered = takeover_health_take_alerts (health, T0 + 200);
  g_assert_cmpuint (recovered->len, ==, 1);
  alert = g_ptr_array_index (recovered, 0);
  g_assert_cmpint (alert->kind, ==, TAKEOVER_HEALTH_ALERT_CLEARED);
  g_assert_cmpstr (alert->text, ==, "rack7-01 and 9 other hosts recovered");
  g_assert_cmpint (takeover_health_get_level (health, "rack7-03"), ==, TAKEOVER_HEALTH_OK);
}

/* One way silent: a warning that says which and why, no alert; a critical check still comes
 * first; both ways answering again clears it. */
static void
test_silent (void)
{
  g_autoptr(TakeoverHealth) health = takeover_health_new ();
  g_autoptr(GPtrArray) alerts = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *critical = NULL;

  takeover_health_set_silent (health, "dn-01", T0, "Its OS did not answer: timed out");
  g_assert_cmpint (takeover_health_get_level (health, "dn-01"), ==, TAKEOVER_HEALTH_WARNING);
  reason = takeover_health_dup_reason (health, "dn-01");
  g_assert_cmpstr (reason, ==, "Its OS did not answer: timed out");

  /* A critical check is the reason while it lasts. */
  feed (health, "dn-01", T0, T0 + 120, 99);
  g_assert_cmpint (takeover_health_get_level (health, "dn-01"), ==, TAKEOVER_HEALTH_CRITICAL);
  critical = takeover_health_dup_reason (health, "dn-01");
  g_assert_cmpstr (critical, ==, "Memory is 99% used");
  feed (health, "dn-01", T0 + 130, T0 + 300, 10);
  g_assert_cmpint (takeover_health_get_level (health, "dn-01"), ==, TAKEOVER_HEALTH_WARNING);

  takeover_health_set_silent (health, "dn-01", T0 + 310, NULL);
  g_assert_cmpint (takeover_health_get_level (health, "dn-01"), ==, TAKEOVER_HEALTH_OK);
  g_assert_null (takeover_health_dup_reason (health, "dn-01"));

  /* Only the critical spell was alerted: raised, then cleared, none for the silence. */
  alerts = takeover_health_take_alerts (health, T0 + 1000);
  g_assert_cmpuint (alerts->len, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/health/duration-and-hysteresis", test_duration_and_hysteresis);
  g_test_add_func ("/health/instances", test_instances);
  g_test_add_func ("/health/grouping", test_grouping);
  g_test_add_func ("/health/silent", test_silent);

  return g_test_run ();
}
