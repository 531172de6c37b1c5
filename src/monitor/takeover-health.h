/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Each host's health from its metrics: rules with a duration and a hysteresis, so that one
 * spike changes nothing, and alerts grouped, so that a rack going down is one alert.
 *
 *   health = takeover_health_new ();
 *   takeover_health_observe (health, "hdp-dn-01", &rule, "/var", time, value);  each sample
 *   takeover_health_set_unreachable (health, "hdp-dn-01", time, TRUE, "the BMC …");
 *   takeover_health_set_silent (health, "hdp-dn-01", time, "Its OS did not answer …");
 *   takeover_health_get_level (health, "hdp-dn-01"), _dup_reason ()
 *   alerts = takeover_health_take_alerts (health, now);   raised / cleared, grouped */

typedef enum
{
  TAKEOVER_HEALTH_OK,
  TAKEOVER_HEALTH_WARNING,
  TAKEOVER_HEALTH_CRITICAL,
  TAKEOVER_HEALTH_UNREACHABLE,   /* its BMC or OS stopped answering: nothing is known */
} TakeoverHealthLevel;

/* A rule for one meter: a value at or above @warning (@critical) for @duration seconds raises
 * the level; it falls back once the value has stayed @hysteresis below the threshold for
 * @duration. @reason says it, with the value and the instance: "%2$s is %1$.0f%% full". */
typedef struct
{
  const char *name;
  const char *reason;
  double      warning;
  double      critical;
  guint       duration;
  double      hysteresis;
} TakeoverHealthRule;

typedef enum
{
  TAKEOVER_HEALTH_ALERT_RAISED,    /* hosts turned critical or unreachable */
  TAKEOVER_HEALTH_ALERT_CLEARED,   /* hosts recovered from it */
} TakeoverHealthAlertKind;

/* Hosts whose health crossed the critical line the same way within the grouping window. */
typedef struct
{
  TakeoverHealthAlertKind  kind;
  gint64                   time;     /* of the first host's change */
  GStrv                    hosts;
  char                    *text;     /* a sentence for a notification */
} TakeoverHealthAlert;

#define TAKEOVER_HEALTH_GROUP_SECONDS 30

#define TAKEOVER_TYPE_HEALTH       (takeover_health_get_type ())
#define TAKEOVER_TYPE_HEALTH_LEVEL (takeover_health_level_get_type ())

GType takeover_health_level_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (TakeoverHealth, takeover_health, TAKEOVER, HEALTH, GObject)

void                 takeover_health_alert_free      (TakeoverHealthAlert      *alert);
const char          *takeover_health_level_get_label (TakeoverHealthLevel       level);

TakeoverHealth      *takeover_health_new             (void);
void                 takeover_health_observe         (TakeoverHealth           *self,
                                                      const char               *host,
                                                      const TakeoverHealthRule *rule,
                                                      const char               *instance,
                                                      gint64                    time,
                                                      double                    value);
void                 takeover_health_set_unreachable (TakeoverHealth           *self,
                                                      const char               *host,
                                                      gint64                    time,
                                                      gboolean                  unreachable,
                                                      const char               *why);
void                 takeover_health_set_silent      (TakeoverHealth           *self,
                                                      const char               *host,
                                                      gint64                    time,
                                                      const char               *why);
TakeoverHealthLevel  takeover_health_get_level       (TakeoverHealth           *self,
                                                      const char               *host);
char                *takeover_health_dup_reason      (TakeoverHealth           *self,
                                                      const char               *host);
GPtrArray           *takeover_health_take_alerts     (TakeoverHealth           *self,
                                                      gint64                    now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TakeoverHealthAlert, takeover_health_alert_free)

G_END_DECLS
