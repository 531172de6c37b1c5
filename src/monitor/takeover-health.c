/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-health"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "takeover-health.h"

/* See the header. Each (host, rule, instance) is a check with a level; a host's level is its
 * worst check's, or unreachable. A check changes level only once the value has called for the
 * new level for the rule's whole duration, and falls back only below the threshold less the
 * hysteresis, so a value hovering at a threshold does not flap. */

typedef struct
{
  const TakeoverHealthRule *rule;
  char                     *instance;
  TakeoverHealthLevel       level;
  TakeoverHealthLevel       pending;     /* the level the value calls for, since @since */
  gint64                    since;
  double                    value;       /* the last one, for the reason */
} Check;

typedef struct
{
  GHashTable          *checks;        /* "rule\ninstance" -> Check */
  gboolean             unreachable;
  char                *why;
  char                *silent;        /* which part did not answer, and why; or NULL */
  TakeoverHealthLevel  level;
} Host;

typedef struct
{
  TakeoverHealthAlertKind kind;
  gint64                  time;
  char                   *host;
} Event;

struct _TakeoverHealth
{
  GObject     parent_instance;

  GHashTable *hosts;     /* name -> Host */
  GQueue      events;    /* Event, oldest first, not yet taken as alerts */
};

G_DEFINE_FINAL_TYPE (TakeoverHealth, takeover_health, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (TakeoverHealthLevel, takeover_health_level,
  G_DEFINE_ENUM_VALUE (TAKEOVER_HEALTH_OK, "ok"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_HEALTH_WARNING, "warning"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_HEALTH_CRITICAL, "critical"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_HEALTH_UNREACHABLE, "unreachable"))

static void
check_free (Check *check)
{
  g_free (check->instance);
  g_free (check);
}

static void
host_free (Host *host)
{
  g_hash_table_unref (host->checks);
  g_free (host->why);
  g_free (host->silent);
  g_free (host);
}

static void
event_free (Event *event)
{
  g_free (event->host);
  g_free (event);
}

static Host *
get_host (TakeoverHealth *self,
          const char     *name)
{
  Host *host = g_hash_table_lookup (self->hosts, name);

  if (host == NULL)
    {
      host = g_new0 (Host, 1);
      host->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) check_free);
      g_hash_table_insert (self->hosts, g_strdup (name), host);
    }

  return host;
}

static gboolean
is_critical (TakeoverHealthLevel level)
{
  return level >= TAKEOVER_HEALTH_CRITICAL;
}

/* The host's level again; crossing the critical line either way is an event for an alert. */
static void
update_host (TakeoverHealth *self,
             const char     *name,
             Host           *host,
             gint64          time)
{
  TakeoverHealthLevel level = TAKEOVER_HEALTH_OK;
  GHashTableIter iter;
  gpointer value;

  if (host->unreachable)
    level = TAKEOVER_HEALTH_UNREACHABLE;
  else
    {
      g_hash_table_iter_init (&iter, host->checks);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        level = MAX (level, ((Check *) value)->level);
      /* Half its meters unknown: not critical, not OK either. */
      if (host->silent != NULL)
        level = MAX (level, TAKEOVER_HEALTH_WARNING);
    }

  if (is_critical (level) != is_critical (host->level))
    {
      Event *event = g_new0 (Event, 1);

      event->kind = is_critical (level) ? TAKEOVER_HEALTH_ALERT_RAISED
                                        : TAKEOVER_HEALTH_ALERT_CLEARED;
      event->time = time;
      event->host = g_strdup (name);
      g_queue_push_tail (&self->events, event);
    }
  host->level = level;
}

static void
takeover_health_finalize (GObject *object)
{
  TakeoverHealth *self = TAKEOVER_HEALTH (object);

  g_hash_table_unref (self->hosts);
  g_queue_clear_full (&self->events, (GDestroyNotify) event_free);

  G_OBJECT_CLASS (takeover_health_parent_class)->finalize (object);
}

static void
takeover_health_class_init (TakeoverHealthClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = takeover_health_finalize;
}

static void
takeover_health_init (TakeoverHealth *self)
{
  self->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) host_free);
  g_queue_init (&self->events);
}

/* Public API --------------------------------------------------------------------------------- */

void
takeover_health_alert_free (TakeoverHealthAlert *alert)
{
  if (alert == NULL)
    return;

  g_strfreev (alert->hosts);
  g_free (alert->text);
  g_free (alert);
}

const char *
takeover_health_level_get_label (TakeoverHealthLevel level)
{
  switch (level)
    {
    case TAKEOVER_HEALTH_OK:
      return C_("health", "OK");
    case TAKEOVER_HEALTH_WARNING:
      return C_("health", "Warning");
    case TAKEOVER_HEALTH_CRITICAL:
      return C_("health", "Critical");
    case TAKEOVER_HEALTH_UNREACHABLE:
    default:
      return C_("health", "Unreachable");
    }
}

TakeoverHealth *
takeover_health_new (void)
{
  return g_object_new (TAKEOVER_TYPE_HEALTH, NULL);
}

/**
 * takeover_health_observe:
 * @rule: lives as long as @self (rules are static tables or the settings' own)
 * @instance: (nullable): the file system, NIC or sensor the value is of
 * @value: NAN when nothing was read: no change then
 *
 * Takes one sample of the rule's meter.
 */
void
takeover_health_observe (TakeoverHealth           *self,
                         const char               *host_name,
                         const TakeoverHealthRule *rule,
                         const char               *instance,
                         gint64                    time,
                         double                    value)
{
  g_autofree char *key = NULL;
  Host *host;
  Check *check;
  double warning, critical;
  TakeoverHealthLevel wanted;

  g_return_if_fail (TAKEOVER_IS_HEALTH (self));
  g_return_if_fail (host_name != NULL && rule != NULL);

  if (isnan (value))
    return;

  host = get_host (self, host_name);
  key = g_strconcat (rule->name, "\n", instance != NULL ? instance : "", NULL);
  check = g_hash_table_lookup (host->checks, key);
  if (check == NULL)
    {
      check = g_new0 (Check, 1);
      check->rule = rule;
      check->instance = g_strdup (instance);
      check->level = check->pending = TAKEOVER_HEALTH_OK;
      g_hash_table_insert (host->checks, g_steal_pointer (&key), check);
    }
  check->value = value;

  /* A level already reached holds until the value is the hysteresis below its threshold. */
  critical = rule->critical - (check->level >= TAKEOVER_HEALTH_CRITICAL ? rule->hysteresis : 0);
  warning = rule->warning - (check->level >= TAKEOVER_HEALTH_WARNING ? rule->hysteresis : 0);
  wanted = value >= critical ? TAKEOVER_HEALTH_CRITICAL
           : value >= warning ? TAKEOVER_HEALTH_WARNING
           : TAKEOVER_HEALTH_OK;

  if (wanted == check->level)
    check->pending = check->level;
  else
    {
      if (wanted != check->pending)
        {
          check->pending = wanted;
          check->since = time;
        }
      if (time - check->since >= (gint64) rule->duration)
        check->level = wanted;
    }

  update_host (self, host_name, host, time);
}

/**
 * takeover_health_set_unreachable:
 * @why: (nullable): a sentence: what stopped answering
 */
void
takeover_health_set_unreachable (TakeoverHealth *self,
                                 const char     *host_name,
                                 gint64          time,
                                 gboolean        unreachable,
                                 const char     *why)
{
  Host *host;

  g_return_if_fail (TAKEOVER_IS_HEALTH (self));
  g_return_if_fail (host_name != NULL);

  host = get_host (self, host_name);
  host->unreachable = !!unreachable;
  g_free (host->why);
  host->why = unreachable ? g_strdup (why) : NULL;
  update_host (self, host_name, host, time);
}

/**
 * takeover_health_set_silent:
 * @why: (nullable): a sentence: which of the host's BMC or OS did not answer, and why; %NULL
 *   when both did
 *
 * A host one of whose ways did not answer is at least a warning, so that a host whose OS
 * meters are gone does not look OK on its BMC's alone.
 */
void
takeover_health_set_silent (TakeoverHealth *self,
                            const char     *host_name,
                            gint64          time,
                            const char     *why)
{
  Host *host;

  g_return_if_fail (TAKEOVER_IS_HEALTH (self));
  g_return_if_fail (host_name != NULL);

  host = get_host (self, host_name);
  g_free (host->silent);
  host->silent = g_strdup (why);
  update_host (self, host_name, host, time);
}

TakeoverHealthLevel
takeover_health_get_level (TakeoverHealth *self,
                           const char     *host_name)
{
  Host *host;

  g_return_val_if_fail (TAKEOVER_IS_HEALTH (self), TAKEOVER_HEALTH_OK);
  g_return_val_if_fail (host_name != NULL, TAKEOVER_HEALTH_OK);

  host = g_hash_table_lookup (self->hosts, host_name);
  return host != NULL ? host->level : TAKEOVER_HEALTH_OK;
}

/**
 * takeover_health_dup_reason:
 *
 * Returns: (nullable): why the host is not OK, as a sentence: its worst check's, or what
 *   stopped answering; %NULL when it is OK
 */
char *
takeover_health_dup_reason (TakeoverHealth *self,
                            const char     *host_name)
{
  Check *worst = NULL;
  GHashTableIter iter;
  gpointer value;
  Host *host;

  g_return_val_if_fail (TAKEOVER_IS_HEALTH (self), NULL);
  g_return_val_if_fail (host_name != NULL, NULL);

  host = g_hash_table_lookup (self->hosts, host_name);
  if (host == NULL || host->level == TAKEOVER_HEALTH_OK)
    return NULL;
  if (host->unreachable)
    return g_strdup (host->why != NULL ? host->why : _("The host stopped answering."));

  g_hash_table_iter_init (&iter, host->checks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Check *check = value;

      if (worst == NULL || check->level > worst->level ||
          (check->level == worst->level && g_strcmp0 (check->rule->name, worst->rule->name) < 0))
        worst = check;
    }
  if (host->silent != NULL && (worst == NULL || worst->level <= TAKEOVER_HEALTH_WARNING))
    return g_strdup (host->silent);

  return g_strdup_printf (_(worst->rule->reason), worst->value,
                          worst->instance != NULL ? worst->instance : "");
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static char *
format_alert (TakeoverHealthAlertKind  kind,
              GPtrArray               *hosts)
{
  const char *first = g_ptr_array_index (hosts, 0);

  if (hosts->len == 1)
    return kind == TAKEOVER_HEALTH_ALERT_RAISED
           ? g_strdup_printf (_("%s is critical"), first)
           : g_strdup_printf (_("%s has recovered"), first);

  /* Many at once is likely one cause (a rack's power, a switch): said once. */
  return kind == TAKEOVER_HEALTH_ALERT_RAISED
         ? g_strdup_printf (ngettext ("%s and %u other host turned critical together",
                                      "%s and %u other hosts turned critical together",
                                      hosts->len - 1), first, hosts->len - 1)
         : g_strdup_printf (ngettext ("%s and %u other host recovered",
                                      "%s and %u other hosts recovered", hosts->len - 1),
                            first, hosts->len - 1);
}

/**
 * takeover_health_take_alerts:
 * @now: seconds since the epoch
 *
 * Hands over the alerts whose grouping window has passed: the hosts that crossed the critical
 * line the same way within %TAKEOVER_HEALTH_GROUP_SECONDS of the first are one alert. A host
 * that went and came back within the window raises nothing.
 *
 * Returns: (transfer full) (element-type TakeoverHealthAlert): oldest first; maybe empty
 */
GPtrArray *
takeover_health_take_alerts (TakeoverHealth *self,
                             gint64          now)
{
  GPtrArray *alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) takeover_health_alert_free);

  g_return_val_if_fail (TAKEOVER_IS_HEALTH (self), alerts);

  while (!g_queue_is_empty (&self->events))
    {
      Event *head = g_queue_peek_head (&self->events);
      gint64 window_end = head->time + TAKEOVER_HEALTH_GROUP_SECONDS;
      g_autoptr(GHashTable) last_kind = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GHashTable) first_kind = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GPtrArray) raised = g_ptr_array_new ();
      g_autoptr(GPtrArray) cleared = g_ptr_array_new ();
      g_autoptr(GPtrArray) taken = g_ptr_array_new_with_free_func ((GDestroyNotify) event_free);
      GHashTableIter iter;
      gpointer host, kind;

      if (now < window_end)
        break;

      /* The window's events; a host's net change is what counts. */
      while (!g_queue_is_empty (&self->events) &&
             ((Event *) g_queue_peek_head (&self->events))->time < window_end)
        {
          Event *event = g_queue_pop_head (&self->events);
          gpointer first;

          /* Back where it started in the window: nothing to say about it. */
          if (g_hash_table_lookup_extended (first_kind, event->host, NULL, &first) &&
              GPOINTER_TO_INT (first) - 1 != (int) event->kind)
            g_hash_table_remove (last_kind, event->host);
          else
            {
              g_hash_table_insert (first_kind, event->host, GINT_TO_POINTER (event->kind + 1));
              g_hash_table_insert (last_kind, event->host, GINT_TO_POINTER (event->kind + 1));
            }
          g_ptr_array_add (taken, event);
        }

      g_hash_table_iter_init (&iter, last_kind);
      while (g_hash_table_iter_next (&iter, &host, &kind))
        g_ptr_array_add (GPOINTER_TO_INT (kind) - 1 == TAKEOVER_HEALTH_ALERT_RAISED ? raised
                                                                                   : cleared,
                         host);

      for (guint k = 0; k < 2; k++)
        {
          GPtrArray *hosts = k == 0 ? raised : cleared;
          TakeoverHealthAlert *alert;

          if (hosts->len == 0)
            continue;
          g_ptr_array_sort (hosts, compare_names);
          alert = g_new0 (TakeoverHealthAlert, 1);
          alert->kind = k == 0 ? TAKEOVER_HEALTH_ALERT_RAISED : TAKEOVER_HEALTH_ALERT_CLEARED;
          alert->time = head->time;
          g_ptr_array_add (hosts, NULL);
          alert->hosts = g_strdupv ((char **) hosts->pdata);
          g_ptr_array_remove_index (hosts, hosts->len - 1);
          alert->text = format_alert (alert->kind, hosts);
          g_ptr_array_add (alerts, alert);
        }
    }

  return alerts;
}
