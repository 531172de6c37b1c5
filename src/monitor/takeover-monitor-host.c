/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-monitor-host"

#include "config.h"

#include <math.h>
#include <string.h>

#include "takeover-monitor-host-private.h"

struct _TakeoverMonitorHost
{
  GObject              parent_instance;

  char                *name;
  TakeoverHealthLevel  level;
  char                *reason;
  double               meters[5];   /* temperature, load, cpu, memory, power */
  /* The load of the last rounds, oldest first, for a sparkline. */
  double               load_history[TAKEOVER_MONITOR_HOST_HISTORY];
  guint                n_history;
  guint                rounds;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_LEVEL,
  PROP_REASON,
  PROP_TEMPERATURE,
  PROP_LOAD,
  PROP_CPU,
  PROP_MEMORY,
  PROP_POWER,
  PROP_ROUNDS,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TakeoverMonitorHost, takeover_monitor_host, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
takeover_monitor_host_finalize (GObject *object)
{
  TakeoverMonitorHost *self = TAKEOVER_MONITOR_HOST (object);

  g_free (self->name);
  g_free (self->reason);

  G_OBJECT_CLASS (takeover_monitor_host_parent_class)->finalize (object);
}

static void
takeover_monitor_host_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TakeoverMonitorHost *self = TAKEOVER_MONITOR_HOST (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_LEVEL:
      g_value_set_enum (value, self->level);
      break;

    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;

    case PROP_TEMPERATURE:
    case PROP_LOAD:
    case PROP_CPU:
    case PROP_MEMORY:
    case PROP_POWER:
      g_value_set_double (value, self->meters[prop_id - PROP_TEMPERATURE]);
      break;

    case PROP_ROUNDS:
      g_value_set_uint (value, self->rounds);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
takeover_monitor_host_class_init (TakeoverMonitorHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  static const char * const meters[] = { "temperature", "load", "cpu", "memory", "power" };

  object_class->finalize = takeover_monitor_host_finalize;
  object_class->get_property = takeover_monitor_host_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_LEVEL] = g_param_spec_enum ("level", NULL, NULL, TAKEOVER_TYPE_HEALTH_LEVEL,
                                              TAKEOVER_HEALTH_OK, flags);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, flags);
  /* The hottest sensor (°C), the 1 min load, CPU and memory use (%), power (W); NAN (a
   * pspec's default cannot be) until read. */
  for (guint i = 0; i < G_N_ELEMENTS (meters); i++)
    properties[PROP_TEMPERATURE + i] = g_param_spec_double (meters[i], NULL, NULL, -G_MAXDOUBLE,
                                                            G_MAXDOUBLE, 0, flags);
  /* Notified each round: the load's history has a value more. */
  properties[PROP_ROUNDS] = g_param_spec_uint ("rounds", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
takeover_monitor_host_init (TakeoverMonitorHost *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->meters); i++)
    self->meters[i] = NAN;
}

TakeoverMonitorHost *
takeover_monitor_host_new (const char *name)
{
  TakeoverMonitorHost *self = g_object_new (TAKEOVER_TYPE_MONITOR_HOST, NULL);

  self->name = g_strdup (name);
  return self;
}

static gboolean
same (double a,
      double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

void
takeover_monitor_host_update (TakeoverMonitorHost *self,
                              TakeoverHealthLevel  level,
                              const char          *reason,
                              const double         meters[5])
{
  g_return_if_fail (TAKEOVER_IS_MONITOR_HOST (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->level != level)
    {
      self->level = level;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
    }
  if (g_strcmp0 (self->reason, reason) != 0)
    {
      g_free (self->reason);
      self->reason = g_strdup (reason);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASON]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (self->meters); i++)
    if (!same (self->meters[i], meters[i]))
      {
        self->meters[i] = meters[i];
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEMPERATURE + i]);
      }
  if (self->n_history == TAKEOVER_MONITOR_HOST_HISTORY)
    memmove (self->load_history, self->load_history + 1,
             (TAKEOVER_MONITOR_HOST_HISTORY - 1) * sizeof (double));
  else
    self->n_history++;
  self->load_history[self->n_history - 1] = meters[1];
  self->rounds++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROUNDS]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
takeover_monitor_host_get_name (TakeoverMonitorHost *self)
{
  g_return_val_if_fail (TAKEOVER_IS_MONITOR_HOST (self), NULL);
  return self->name;
}

TakeoverHealthLevel
takeover_monitor_host_get_level (TakeoverMonitorHost *self)
{
  g_return_val_if_fail (TAKEOVER_IS_MONITOR_HOST (self), TAKEOVER_HEALTH_OK);
  return self->level;
}

const char *
takeover_monitor_host_get_reason (TakeoverMonitorHost *self)
{
  g_return_val_if_fail (TAKEOVER_IS_MONITOR_HOST (self), NULL);
  return self->reason;
}

double
takeover_monitor_host_get_temperature (TakeoverMonitorHost *self)
{
  g_return_val_if_fail (TAKEOVER_IS_MONITOR_HOST (self), NAN);
  return self->meters[0];
}

double
takeover_monitor_host_get_load (TakeoverMonitorHost *self)
{
  g_return_val_if_fail (TAKEOVER_IS_MONITOR_HOST (self), NAN);
  return self->meters[1];
}

double
takeover_monitor_host_get_cpu (TakeoverMonitorHost *self)
{
  g_return_val_if_fail (TAKEOVER_IS_MONITOR_HOST (self), NAN);
  return self->meters[2];
}

double
takeover_monitor_host_get_memory (TakeoverMonitorHost *self)
{
  g_return_val_if_fail (TAKEOVER_IS_MONITOR_HOST (self), NAN);
  return self->meters[3];
}

/**
 * takeover_monitor_host_get_load_history:
 * @n_values: (out): how many
 *
 * Returns: (array length=n_values): the 1-minute load of the last rounds (at most
 *   %TAKEOVER_MONITOR_HOST_HISTORY), oldest first; NAN where it was not read
 */
const double *
takeover_monitor_host_get_load_history (TakeoverMonitorHost *self,
                                        guint               *n_values)
{
  g_return_val_if_fail (TAKEOVER_IS_MONITOR_HOST (self), NULL);
  *n_values = self->n_history;
  return self->load_history;
}

double
takeover_monitor_host_get_power (TakeoverMonitorHost *self)
{
  g_return_val_if_fail (TAKEOVER_IS_MONITOR_HOST (self), NAN);
  return self->meters[4];
}
