/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-monitor"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "takeover-ipmi-source.h"
#include "takeover-monitor-host-private.h"
#include "takeover-monitor.h"
#include "takeover-os-source.h"
#include "takeover-snmp-source.h"
#include "takeover-ssh-probe.h"

/* See the header. The OS part of a round runs on the monitor's own pool, one job a host, as
 * many at once as the fleet probe reads BMCs (each mostly waits for its host); a host's SSH
 * session and counters belong to that job while it runs and stay in the monitor's table
 * between rounds (guarded by its lock). */

/* The default rules of the OS meters, in the meters' own units: percent of total, load a
 * core, errors a second. A monitor keeps its own copy, which takeover_monitor_set_rule()
 * changes in place (health's checks point at them). */
static const TakeoverHealthRule default_rules[] = {
  { "memory", N_("Memory is %1$.0f%% used"), 90, 97, 120, 3 },
  { "swap", N_("Swap is %1$.0f%% used"), 50, 80, 300, 5 },
  { "disk", N_("%2$s is %1$.0f%% full"), 85, 95, 60, 2 },
  /* The 5-minute average a core: a busy big-data node runs at 1; well past it, work queues. */
  { "load", N_("The load is %1$.1f a core"), 2, 4, 300, 0.25 },
  { "network-errors", N_("%2$s fails %1$.0f sends a second"), 1, 50, 60, 0.5 },
};

enum { RULE_MEMORY, RULE_SWAP, RULE_DISK, RULE_LOAD, RULE_NETWORK_ERRORS, N_RULES };

typedef struct
{
  TakeoverSshSession  *session;
  TakeoverSnmpSession *snmp;
  gboolean             snmp_stale;   /* the settings changed since it was opened */
  TakeoverOsCounters  *counters;
} OsState;

struct _TakeoverMonitor
{
  GObject              parent_instance;

  TakeoverFleetProbe  *probe;
  TakeoverMetricStore *store;
  TakeoverHealth      *health;
  GThreadPool         *os_pool;
  GMutex               lock;
  GHashTable          *os_states;     /* host name -> OsState, between rounds */
  GHashTable          *temperature_rules;   /* "host\nsensor" -> TakeoverHealthRule */
  GHashTable          *latest;        /* "host\nmeter" -> double: the last round's, highest
                                       * over the meter's instances */
  GListStore          *hosts;         /* TakeoverMonitorHost, in the last round's order */
  TakeoverSnmpConfig  *snmp;          /* NULL: the OS meters over SSH */
  GPtrArray           *samples;       /* the last round's, every series */
  TakeoverHealthRule   rules[N_RULES];

  /* Watching: a round every @interval seconds over @watched. */
  GListModel          *watched;
  guint                interval;
  guint                timer;
  gboolean             busy;          /* a watched round is running */
};

G_DEFINE_FINAL_TYPE (TakeoverMonitor, takeover_monitor, G_TYPE_OBJECT)

enum {
  ROUND_DONE,
  ALERT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char                 *host;
  TakeoverProbeRequest *request;
  TakeoverSnmpConfig   *snmp;         /* or NULL: over SSH */
  GPtrArray            *samples;      /* the OS part's */
  guint                 n_cpus;       /* 0 when not known */
  GError               *error;        /* why the OS did not answer */
  gint64                time;
  GCancellable         *cancellable;
} OsJob;

typedef struct
{
  guint      pending;
  guint      n_answered;
  GPtrArray *samples;        /* every host's, for the store */
  GHashTable *ipmi_failed;   /* host -> its error's message */
  GHashTable *os_failed;
  GHashTable *not_asked;     /* "ipmi\nhost", "os\nhost": nothing in the inventory to ask */
  GPtrArray  *hosts;         /* names, in order */
  gint64      time;
} Round;

static void
os_state_free (OsState *state)
{
  takeover_ssh_session_free (state->session);
  takeover_snmp_session_free (state->snmp);
  takeover_os_counters_free (state->counters);
  g_free (state);
}

static void
round_free (Round *round)
{
  g_ptr_array_unref (round->samples);
  g_hash_table_unref (round->ipmi_failed);
  g_hash_table_unref (round->os_failed);
  g_hash_table_unref (round->not_asked);
  g_ptr_array_unref (round->hosts);
  g_free (round);
}

static void
os_job_free (OsJob *job)
{
  g_free (job->host);
  takeover_probe_request_free (job->request);
  takeover_snmp_config_free (job->snmp);
  g_clear_pointer (&job->samples, g_ptr_array_unref);
  g_clear_error (&job->error);
  g_clear_object (&job->cancellable);
  g_free (job);
}

static void
store_written_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Round *round = g_task_get_task_data (task);
  GError *error = NULL;

  if (!takeover_metric_store_write_finish (TAKEOVER_METRIC_STORE (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, round->n_answered);
}

/* The list a dashboard binds to: the round's hosts, each object kept from round to round (only
 * its changed properties notify); hosts gone from the list go, new ones come, in one splice. */
static void
update_hosts (TakeoverMonitor *self,
              GPtrArray       *names)
{
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       g_object_unref);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->hosts));
  gboolean same_list = n == names->len;

  for (guint i = 0; i < n; i++)
    {
      TakeoverMonitorHost *host = g_list_model_get_item (G_LIST_MODEL (self->hosts), i);

      same_list &= g_str_equal (takeover_monitor_host_get_name (host),
                                g_ptr_array_index (names, i));
      g_hash_table_insert (known, (gpointer) takeover_monitor_host_get_name (host), host);
    }

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      TakeoverMonitorHost *host = g_hash_table_lookup (known, name);
      g_autofree char *reason = takeover_health_dup_reason (self->health, name);
      double total = takeover_monitor_get_latest (self, name, "hardware.memory.total");
      const double meters[5] = {
        takeover_monitor_get_latest (self, name, "hardware.ipmi.temperature"),
        takeover_monitor_get_latest (self, name, "hardware.cpu.load.1min"),
        takeover_monitor_get_latest (self, name, "hardware.cpu.util"),
        total > 0 ? 100 * takeover_monitor_get_latest (self, name, "hardware.memory.used") / total
                  : NAN,
        takeover_monitor_get_latest (self, name, "hardware.ipmi.power"),
      };

      host = host != NULL ? g_object_ref (host) : takeover_monitor_host_new (name);
      takeover_monitor_host_update (host, takeover_health_get_level (self->health, name), reason,
                                    meters);
      g_ptr_array_add (list, host);
    }

  if (!same_list)
    g_list_store_splice (self->hosts, 0, n, list->pdata, list->len);
}

/* Every host's parts are in: health for the unreachable, the samples to the store. */
static void
round_done (GTask *task)
{
  TakeoverMonitor *self = g_task_get_source_object (task);
  Round *round = g_task_get_task_data (task);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < round->hosts->len; i++)
    {
      const char *host = g_ptr_array_index (round->hosts, i);
      const char *ipmi = g_hash_table_lookup (round->ipmi_failed, host);
      const char *os = g_hash_table_lookup (round->os_failed, host);
      gboolean unreachable = g_hash_table_contains (round->ipmi_failed, host) &&
                             g_hash_table_contains (round->os_failed, host);
      g_autofree char *why = NULL;
      g_autofree char *silent = NULL;
      g_autofree char *ipmi_key = g_strconcat ("ipmi\n", host, NULL);
      g_autofree char *os_key = g_strconcat ("os\n", host, NULL);

      if (unreachable)
        /* Translators: why a host is unreachable: what the BMC and the OS answered. */
        why = g_strdup_printf (_("Neither its BMC nor its OS answered (BMC: %s; OS: %s)"),
                               ipmi != NULL ? ipmi : "?", os != NULL ? os : "?");
      else
        round->n_answered++;
      takeover_health_set_unreachable (self->health, host, round->time, unreachable, why);

      /* One way asked and silent: what is known comes from the other alone. */
      if (!unreachable && ipmi != NULL && !g_hash_table_contains (round->not_asked, ipmi_key))
        /* Translators: a host whose OS answered but whose BMC did not, and why. */
        silent = g_strdup_printf (_("Its BMC did not answer: %s"), ipmi);
      else if (!unreachable && os != NULL && !g_hash_table_contains (round->not_asked, os_key))
        /* Translators: a host whose BMC answered but whose OS did not, and why. */
        silent = g_strdup_printf (_("Its OS did not answer: %s"), os);
      takeover_health_set_silent (self->health, host, round->time, silent);
    }

  for (guint i = 0; i < round->samples->len; i++)
    {
      const TakeoverMetricSample *sample = g_ptr_array_index (round->samples, i);
      char *key = g_strconcat (sample->host, "\n", sample->meter, NULL);
      double *value = g_hash_table_lookup (self->latest, key);

      if (value == NULL)
        {
          value = g_new (double, 1);
          g_hash_table_insert (self->latest, g_strdup (key), value);
        }
      /* The first of this round replaces the last round's; the others raise it. */
      if (g_hash_table_add (seen, key))
        *value = sample->value;
      else
        *value = MAX (*value, sample->value);
    }

  update_hosts (self, round->hosts);
  g_clear_pointer (&self->samples, g_ptr_array_unref);
  self->samples = g_ptr_array_ref (round->samples);

  takeover_metric_store_write_async (self->store, round->samples, g_task_get_cancellable (task),
                                     store_written_cb, g_object_ref (task));
}

static void
part_done (GTask *task)
{
  Round *round = g_task_get_task_data (task);

  if (--round->pending == 0)
    round_done (task);
}

static double
percent (double part,
         double total)
{
  return total > 0 ? 100.0 * part / total : NAN;
}

/* The OS samples' health: memory and swap use, each file system's. */
static void
judge_os (TakeoverMonitor *self,
          const char      *host,
          gint64           time,
          GPtrArray       *samples,
          guint            n_cpus)
{
  double memory_total = NAN, memory_used = NAN, swap_total = NAN, swap_avail = NAN;
  g_autoptr(GHashTable) disk_total = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < samples->len; i++)
    {
      const TakeoverMetricSample *sample = g_ptr_array_index (samples, i);

      if (g_str_equal (sample->meter, "hardware.memory.total"))
        memory_total = sample->value;
      else if (g_str_equal (sample->meter, "hardware.memory.used"))
        memory_used = sample->value;
      else if (g_str_equal (sample->meter, "hardware.memory.swap.total"))
        swap_total = sample->value;
      else if (g_str_equal (sample->meter, "hardware.memory.swap.avail"))
        swap_avail = sample->value;
      else if (g_str_equal (sample->meter, "hardware.disk.size.total"))
        g_hash_table_insert (disk_total, sample->instance, (gpointer) sample);
    }

  takeover_health_observe (self->health, host, &self->rules[RULE_MEMORY], NULL, time,
                           percent (memory_used, memory_total));
  takeover_health_observe (self->health, host, &self->rules[RULE_SWAP], NULL, time,
                           percent (swap_total - swap_avail, swap_total));
  if (n_cpus > 0)
    takeover_health_observe (self->health, host, &self->rules[RULE_LOAD], NULL, time,
                             takeover_metric_samples_get_value (samples, "hardware.cpu.load.5min",
                                                                NULL) / n_cpus);
  for (guint i = 0; i < samples->len; i++)
    {
      const TakeoverMetricSample *used = g_ptr_array_index (samples, i);
      const TakeoverMetricSample *total;

      if (g_str_equal (used->meter, "hardware.network.outgoing.errors"))
        {
          takeover_health_observe (self->health, host, &self->rules[RULE_NETWORK_ERRORS],
                                   used->instance, time, used->value);
          continue;
        }
      if (!g_str_equal (used->meter, "hardware.disk.size.used") ||
          (total = g_hash_table_lookup (disk_total, used->instance)) == NULL)
        continue;
      takeover_health_observe (self->health, host, &self->rules[RULE_DISK], used->instance, time,
                               percent (used->value, total->value));
    }
}

/* A temperature sensor is judged against its own thresholds: a rule a sensor, kept. */
static void
judge_sensors (TakeoverMonitor           *self,
               const char                *host,
               gint64                     time,
               const TakeoverProbeResult *result)
{
  for (guint i = 0; i < result->sensors->len; i++)
    {
      const TakeoverProbeSensor *sensor = g_ptr_array_index (result->sensors, i);
      g_autofree char *key = NULL;
      TakeoverHealthRule *rule;

      if (!sensor->has_reading || sensor->type == NULL ||
          !g_str_equal (sensor->type, "Temperature") ||
          isnan (sensor->upper_non_critical) || isnan (sensor->upper_critical))
        continue;

      key = g_strconcat (host, "\n", sensor->name, NULL);
      rule = g_hash_table_lookup (self->temperature_rules, key);
      if (rule == NULL)
        {
          rule = g_new0 (TakeoverHealthRule, 1);
          rule->name = "ipmi.temperature";
          rule->reason = N_("%2$s is at %1$.0f °C");
          rule->duration = 30;
          rule->hysteresis = 2;
          g_hash_table_insert (self->temperature_rules, g_steal_pointer (&key), rule);
        }
      rule->warning = sensor->upper_non_critical;
      rule->critical = sensor->upper_critical;
      takeover_health_observe (self->health, host, rule, sensor->name, time, sensor->reading);
    }
}

typedef struct
{
  GTask *task;     /* the round's */
  char  *host;
} IpmiCall;

static void
ipmi_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  IpmiCall *call = user_data;
  g_autoptr(GTask) task = call->task;
  g_autofree char *host = call->host;
  TakeoverMonitor *self = g_task_get_source_object (task);
  Round *round = g_task_get_task_data (task);
  g_autoptr(TakeoverProbeResult) probed = NULL;
  g_autoptr(GError) error = NULL;

  g_free (call);
  probed = takeover_probe_pool_probe_finish (TAKEOVER_PROBE_POOL (object), result, &error);
  /* A BMC that answered but whose sensors could not be read gave nothing either. */
  if (probed == NULL || !probed->ipmi_answered ||
      (probed->sensors->len == 0 &&
       takeover_probe_result_get_problem (probed, "ipmi.sensors") != NULL))
    {
      const GError *problem = probed == NULL ? NULL
                              : probed->ipmi_answered
                              ? takeover_probe_result_get_problem (probed, "ipmi.sensors")
                              : takeover_probe_result_get_problem (probed, "ipmi");

      g_hash_table_insert (round->ipmi_failed, g_strdup (host),
                           g_strdup (error != NULL ? error->message
                                     : problem != NULL ? problem->message
                                     : _("no answer")));
    }
  else
    {
      g_autoptr(GPtrArray) samples = takeover_ipmi_source_samples (host, round->time, probed);

      judge_sensors (self, host, round->time, probed);
      g_ptr_array_extend_and_steal (round->samples, g_steal_pointer (&samples));
    }

  part_done (task);
}

/* The host's SSH session (opened again when it dropped), one command. */
static GPtrArray *
read_ssh (OsJob   *job,
          OsState *state)
{
  g_auto(TakeoverOsReading) reading = { 0, };
  g_autofree char *output = NULL;

  for (guint attempt = 0; attempt < 2 && output == NULL; attempt++)
    {
      g_clear_error (&job->error);
      if (state->session == NULL)
        {
          g_autoptr(TakeoverProbeResult) keys = takeover_probe_result_new (job->host);

          state->session = takeover_ssh_session_open (job->request, keys, job->cancellable,
                                                      &job->error);
          if (state->session == NULL)
            break;
        }
      output = takeover_ssh_session_exec (state->session, TAKEOVER_OS_SOURCE_COMMAND,
                                          job->cancellable, &job->error);
      /* A session the server dropped (a restart, an idle timeout): once more, anew. */
      if (output == NULL)
        g_clear_pointer (&state->session, takeover_ssh_session_free);
    }

  if (output == NULL)
    return NULL;
  takeover_os_reading_init (&reading);
  if (!takeover_os_source_read (job->host, output, &reading, &job->error))
    return NULL;
  job->n_cpus = reading.n_cpus;
  return takeover_os_reading_samples (&reading, job->host, job->time, state->counters);
}

/* The host's SNMP session, kept from round to round (v3 learns the agent's engine once). */
static GPtrArray *
read_snmp (OsJob   *job,
           OsState *state)
{
  g_auto(TakeoverOsReading) reading;
  guint timeout = MAX (job->request->ssh_timeout_ms / 1000, 1);

  takeover_os_reading_init (&reading);
  if (state->snmp == NULL &&
      (state->snmp = takeover_snmp_session_open (job->request->mgmt_ip, job->snmp, timeout,
                                                 &job->error)) == NULL)
    return NULL;
  if (!takeover_snmp_session_read (state->snmp, &reading, job->cancellable, &job->error))
    {
      /* Settings may have changed, or the agent restarted with a new engine: anew next time. */
      g_clear_pointer (&state->snmp, takeover_snmp_session_free);
      return NULL;
    }
  job->n_cpus = reading.n_cpus;
  return takeover_os_reading_samples (&reading, job->host, job->time, state->counters);
}

/* On the monitor's pool: the host's OS meters, over SNMP when it is set up, else SSH. The
 * job's task returns to the round's main context. */
static void
os_work_cb (gpointer data,
            gpointer user_data)
{
  GTask *task = data;
  OsJob *job = g_task_get_task_data (task);
  TakeoverMonitor *self = user_data;
  OsState *state;
  gboolean stale;

  g_mutex_lock (&self->lock);
  state = g_hash_table_lookup (self->os_states, job->host);
  if (state == NULL)
    {
      state = g_new0 (OsState, 1);
      state->counters = takeover_os_counters_new ();
      g_hash_table_insert (self->os_states, g_strdup (job->host), state);
    }
  stale = state->snmp_stale;
  state->snmp_stale = FALSE;
  g_mutex_unlock (&self->lock);

  if (stale)
    g_clear_pointer (&state->snmp, takeover_snmp_session_free);

  if (job->snmp != NULL)
    job->samples = read_snmp (job, state);
  else
    job->samples = read_ssh (job, state);

  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
os_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) round_task = user_data;
  TakeoverMonitor *self = TAKEOVER_MONITOR (object);
  Round *round = g_task_get_task_data (round_task);
  OsJob *job = g_task_get_task_data (G_TASK (result));

  if (job->samples != NULL)
    {
      judge_os (self, job->host, job->time, job->samples, job->n_cpus);
      g_ptr_array_extend_and_steal (round->samples, g_steal_pointer (&job->samples));
    }
  else
    g_hash_table_insert (round->os_failed, g_strdup (job->host),
                         g_strdup (job->error != NULL ? job->error->message : _("no answer")));

  part_done (round_task);
}

static void
takeover_monitor_finalize (GObject *object)
{
  TakeoverMonitor *self = TAKEOVER_MONITOR (object);

  /* Each job holds the monitor: none is left. */
  g_thread_pool_free (self->os_pool, FALSE, FALSE);
  g_clear_object (&self->probe);
  g_clear_object (&self->store);
  g_clear_object (&self->health);
  g_hash_table_unref (self->os_states);
  g_hash_table_unref (self->temperature_rules);
  g_hash_table_unref (self->latest);
  g_clear_object (&self->hosts);
  takeover_snmp_config_free (self->snmp);
  g_clear_pointer (&self->samples, g_ptr_array_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (takeover_monitor_parent_class)->finalize (object);
}

static void
takeover_monitor_dispose (GObject *object)
{
  TakeoverMonitor *self = TAKEOVER_MONITOR (object);

  takeover_monitor_stop (self);

  G_OBJECT_CLASS (takeover_monitor_parent_class)->dispose (object);
}

static void
takeover_monitor_class_init (TakeoverMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = takeover_monitor_dispose;
  object_class->finalize = takeover_monitor_finalize;

  /**
   * TakeoverMonitor::round-done:
   * @n_answered: hosts that answered at least one way
   * @error: (nullable): why the round's samples could not be recorded
   *
   * A watched round ended: the hosts list, the latest values and the health are the round's.
   */
  signals[ROUND_DONE] = g_signal_new ("round-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT,
                                      G_TYPE_ERROR);

  /**
   * TakeoverMonitor::alert:
   * @alert: (type gpointer): the #TakeoverHealthAlert, valid during the emission
   *
   * Hosts turned critical or unreachable, or recovered: grouped, so that a rack going down is
   * one alert. Emitted after a watched round, once its grouping window has passed.
   */
  signals[ALERT] = g_signal_new ("alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
takeover_monitor_init (TakeoverMonitor *self)
{
  g_mutex_init (&self->lock);
  self->health = takeover_health_new ();
  self->os_states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) os_state_free);
  self->temperature_rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->hosts = g_list_store_new (TAKEOVER_TYPE_MONITOR_HOST);
  self->samples = g_ptr_array_new_with_free_func ((GDestroyNotify) takeover_metric_sample_free);
  memcpy (self->rules, default_rules, sizeof self->rules);
}

/* Public API --------------------------------------------------------------------------------- */

TakeoverMonitor *
takeover_monitor_new (TakeoverFleetProbe  *probe,
                      TakeoverMetricStore *store)
{
  TakeoverMonitor *self;

  g_return_val_if_fail (TAKEOVER_IS_FLEET_PROBE (probe), NULL);
  g_return_val_if_fail (TAKEOVER_IS_METRIC_STORE (store), NULL);

  self = g_object_new (TAKEOVER_TYPE_MONITOR, NULL);
  self->probe = g_object_ref (probe);
  self->store = g_object_ref (store);
  self->os_pool = g_thread_pool_new (os_work_cb, self,
                                     (int) takeover_probe_pool_get_concurrency (takeover_fleet_probe_get_pool (probe)),
                                     FALSE, NULL);
  return self;
}

TakeoverHealth *
takeover_monitor_get_health (TakeoverMonitor *self)
{
  g_return_val_if_fail (TAKEOVER_IS_MONITOR (self), NULL);

  return self->health;
}

/**
 * takeover_monitor_get_latest:
 *
 * Returns: the host's @meter from the last round that read it, the highest of its instances
 *   (the hottest sensor, the busiest NIC); NAN when none was read
 */
double
takeover_monitor_get_latest (TakeoverMonitor *self,
                             const char      *host,
                             const char      *meter)
{
  g_autofree char *key = NULL;
  double *value;

  g_return_val_if_fail (TAKEOVER_IS_MONITOR (self), NAN);
  g_return_val_if_fail (host != NULL && meter != NULL, NAN);

  key = g_strconcat (host, "\n", meter, NULL);
  value = g_hash_table_lookup (self->latest, key);
  return value != NULL ? *value : NAN;
}

/**
 * takeover_monitor_get_hosts:
 *
 * Returns: (transfer none): a list of #TakeoverMonitorHost: the last round's hosts, with their
 *   health and key meters
 */
GListModel *
takeover_monitor_get_hosts (TakeoverMonitor *self)
{
  g_return_val_if_fail (TAKEOVER_IS_MONITOR (self), NULL);

  return G_LIST_MODEL (self->hosts);
}

/**
 * takeover_monitor_set_snmp:
 * @config: (nullable): how to reach the hosts' snmpd, or %NULL to read the OS over SSH
 *
 * Reads every host's OS meters over SNMP from the next round on, instead of over SSH: for
 * fleets whose hosts already run snmpd. Its sessions are opened anew with the settings.
 */
void
takeover_monitor_set_snmp (TakeoverMonitor          *self,
                           const TakeoverSnmpConfig *config)
{
  GHashTableIter iter;
  OsState *state;

  g_return_if_fail (TAKEOVER_IS_MONITOR (self));

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->snmp, takeover_snmp_config_free);
  self->snmp = takeover_snmp_config_copy (config);
  /* A job running now holds its state: it is closed then, not under it. */
  g_hash_table_iter_init (&iter, self->os_states);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &state))
    state->snmp_stale = TRUE;
  g_mutex_unlock (&self->lock);
}

/**
 * takeover_monitor_get_default_rules:
 * @n_rules: (out): how many
 *
 * Returns: (array length=n_rules): the OS rules a new monitor judges by, before
 *   takeover_monitor_set_rule()
 */
const TakeoverHealthRule *
takeover_monitor_get_default_rules (guint *n_rules)
{
  *n_rules = N_RULES;
  return default_rules;
}

/**
 * takeover_monitor_get_sensor_rule:
 *
 * Returns: (nullable): the rule @host's temperature @sensor is judged by: its own thresholds
 *   from the BMC's SDR; %NULL when the sensor has none or was not read
 */
const TakeoverHealthRule *
takeover_monitor_get_sensor_rule (TakeoverMonitor *self,
                                  const char      *host,
                                  const char      *sensor)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (TAKEOVER_IS_MONITOR (self), NULL);
  g_return_val_if_fail (host != NULL && sensor != NULL, NULL);

  key = g_strconcat (host, "\n", sensor, NULL);
  return g_hash_table_lookup (self->temperature_rules, key);
}

/**
 * takeover_monitor_get_rule:
 * @name: "memory", "swap", "disk", "load" or "network-errors"
 *
 * Returns: (nullable): the rule the monitor judges that meter by, or %NULL for another name
 */
const TakeoverHealthRule *
takeover_monitor_get_rule (TakeoverMonitor *self,
                           const char      *name)
{
  g_return_val_if_fail (TAKEOVER_IS_MONITOR (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < N_RULES; i++)
    if (g_str_equal (self->rules[i].name, name))
      return &self->rules[i];
  return NULL;
}

/**
 * takeover_monitor_set_rule:
 * @name: a rule's name, as takeover_monitor_get_rule() takes
 * @duration: seconds a value must last to change the level
 *
 * Changes a rule's thresholds from the next sample on.
 *
 * Returns: %TRUE, or %FALSE with @error when there is no such rule or the thresholds are
 *   not in order
 */
gboolean
takeover_monitor_set_rule (TakeoverMonitor  *self,
                           const char       *name,
                           double            warning,
                           double            critical,
                           guint             duration,
                           double            hysteresis,
                           GError          **error)
{
  TakeoverHealthRule *rule;

  g_return_val_if_fail (TAKEOVER_IS_MONITOR (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  rule = (TakeoverHealthRule *) takeover_monitor_get_rule (self, name);
  if (rule == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no health rule “%s”: the rules are memory, swap, disk, load and "
                     "network-errors"), name);
      return FALSE;
    }
  if (!isfinite (warning) || !isfinite (critical) || warning > critical || hysteresis < 0 ||
      !isfinite (hysteresis) || duration > 86400)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The %s rule needs a warning at or below its critical level, a hysteresis "
                     "of 0 or more and a duration of at most a day"), name);
      return FALSE;
    }

  rule->warning = warning;
  rule->critical = critical;
  rule->duration = duration;
  rule->hysteresis = hysteresis;
  return TRUE;
}

/**
 * takeover_monitor_get_samples:
 *
 * Returns: (transfer none) (element-type TakeoverMetricSample): every series' sample from the
 *   last round; a host or part that did not answer has none
 */
GPtrArray *
takeover_monitor_get_samples (TakeoverMonitor *self)
{
  g_return_val_if_fail (TAKEOVER_IS_MONITOR (self), NULL);

  return self->samples;
}

TakeoverMetricStore *
takeover_monitor_get_store (TakeoverMonitor *self)
{
  g_return_val_if_fail (TAKEOVER_IS_MONITOR (self), NULL);

  return self->store;
}

/**
 * takeover_monitor_round_async:
 * @hosts: (element-type TakeoverHost): the hosts to read
 *
 * One round: every host's BMC sensors and OS meters, the samples recorded, the health judged.
 * A host is read with what its inventory record says: no BMC address, no IPMI; no management
 * IP or SSH user, no OS part.
 */
void
takeover_monitor_round_async (TakeoverMonitor     *self,
                              GListModel          *hosts,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Round *round;
  guint n_hosts;

  g_return_if_fail (TAKEOVER_IS_MONITOR (self));
  g_return_if_fail (G_IS_LIST_MODEL (hosts));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_monitor_round_async);
  round = g_new0 (Round, 1);
  round->samples = g_ptr_array_new_with_free_func ((GDestroyNotify) takeover_metric_sample_free);
  round->ipmi_failed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  round->os_failed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  round->not_asked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  round->hosts = g_ptr_array_new_with_free_func (g_free);
  round->time = g_get_real_time () / G_USEC_PER_SEC;
  g_task_set_task_data (task, round, (GDestroyNotify) round_free);

  /* One part a host and a way, and one more for this loop, so that a part that ends at once
   * cannot end the round before every part is started. */
  round->pending = 1;
  n_hosts = g_list_model_get_n_items (hosts);
  for (guint i = 0; i < n_hosts; i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (hosts, i);
      g_autoptr(TakeoverProbeRequest) request = takeover_fleet_probe_request_for_host (self->probe,
                                                                                       host);
      const char *name = takeover_host_get_display_name (host);

      g_ptr_array_add (round->hosts, g_strdup (name));

      if (request->bmc_address != NULL)
        {
          g_autoptr(TakeoverProbeRequest) ipmi = takeover_probe_request_copy (request);
          IpmiCall *call = g_new0 (IpmiCall, 1);

          g_clear_pointer (&ipmi->mgmt_ip, g_free);
          ipmi->ipmi_sensors_only = TRUE;
          call->task = g_object_ref (task);
          call->host = g_strdup (name);
          round->pending++;
          takeover_probe_pool_probe_async (takeover_fleet_probe_get_pool (self->probe), ipmi,
                                           NULL, NULL, NULL, cancellable, ipmi_done_cb, call);
        }
      else
        {
          g_hash_table_insert (round->ipmi_failed, g_strdup (name),
                               g_strdup (_("no BMC address in the inventory")));
          g_hash_table_add (round->not_asked, g_strconcat ("ipmi\n", name, NULL));
        }

      if (request->mgmt_ip != NULL && (self->snmp != NULL || request->ssh_username != NULL))
        {
          GTask *job_task = g_task_new (self, cancellable, os_done_cb, g_object_ref (task));
          OsJob *job = g_new0 (OsJob, 1);

          job->host = g_strdup (name);
          job->request = g_steal_pointer (&request);
          job->snmp = takeover_snmp_config_copy (self->snmp);
          job->time = round->time;
          job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
          g_task_set_task_data (job_task, job, (GDestroyNotify) os_job_free);
          round->pending++;
          g_thread_pool_push (self->os_pool, job_task, NULL);
        }
      else
        {
          g_hash_table_insert (round->os_failed, g_strdup (name),
                               g_strdup (self->snmp != NULL
                                         ? _("no management IP in the inventory")
                                         : _("no management IP or SSH user in the inventory")));
          g_hash_table_add (round->not_asked, g_strconcat ("os\n", name, NULL));
        }
    }

  part_done (task);
}

static void watch_round (TakeoverMonitor *self);

static gboolean
watch_timer_cb (gpointer data)
{
  TakeoverMonitor *self = data;

  self->timer = 0;
  watch_round (self);
  return G_SOURCE_REMOVE;
}

static void
watch_round_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  TakeoverMonitor *self = TAKEOVER_MONITOR (object);
  gint64 started = GPOINTER_TO_SIZE (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) alerts = NULL;
  guint n_answered;
  gint64 elapsed;

  n_answered = takeover_monitor_round_finish (self, result, &error);
  self->busy = FALSE;

  g_signal_emit (self, signals[ROUND_DONE], 0, n_answered, error);
  alerts = takeover_health_take_alerts (self->health, g_get_real_time () / G_USEC_PER_SEC);
  for (guint i = 0; i < alerts->len; i++)
    g_signal_emit (self, signals[ALERT], 0, g_ptr_array_index (alerts, i));

  /* The next round a whole interval after this one began, at once if it ran longer. */
  if (self->watched != NULL && self->timer == 0 && !self->busy)
    {
      elapsed = (g_get_monotonic_time () - started) / 1000;
      self->timer = g_timeout_add (MAX (0, (gint64) self->interval * 1000 - elapsed),
                                   watch_timer_cb, self);
    }
}

static void
watch_round (TakeoverMonitor *self)
{
  self->busy = TRUE;
  takeover_monitor_round_async (self, self->watched, NULL, watch_round_cb,
                                GSIZE_TO_POINTER (g_get_monotonic_time ()));
}

/**
 * takeover_monitor_watch:
 * @hosts: (element-type TakeoverHost): the hosts to watch
 * @interval: seconds from a round's start to the next's
 *
 * Rounds over @hosts, the first at once, until takeover_monitor_stop(): each ends with
 * #TakeoverMonitor::round-done and any #TakeoverMonitor::alert. Watching again changes the
 * hosts and the interval from the next round on.
 */
void
takeover_monitor_watch (TakeoverMonitor *self,
                        GListModel      *hosts,
                        guint            interval)
{
  g_return_if_fail (TAKEOVER_IS_MONITOR (self));
  g_return_if_fail (G_IS_LIST_MODEL (hosts));
  g_return_if_fail (interval > 0);

  g_set_object (&self->watched, hosts);
  self->interval = interval;
  if (!self->busy && self->timer == 0)
    watch_round (self);
}

/**
 * takeover_monitor_stop:
 *
 * No more rounds; a round running ends as usual (its samples recorded, then
 * #TakeoverMonitor::round-done), while takeover_monitor_get_busy() says so.
 */
void
takeover_monitor_stop (TakeoverMonitor *self)
{
  g_return_if_fail (TAKEOVER_IS_MONITOR (self));

  g_clear_handle_id (&self->timer, g_source_remove);
  g_clear_object (&self->watched);
}

/**
 * takeover_monitor_get_busy:
 *
 * Returns: whether a watched round is running
 */
gboolean
takeover_monitor_get_busy (TakeoverMonitor *self)
{
  g_return_val_if_fail (TAKEOVER_IS_MONITOR (self), FALSE);

  return self->busy;
}

/**
 * takeover_monitor_get_watching:
 *
 * Returns: whether rounds are started at an interval
 */
gboolean
takeover_monitor_get_watching (TakeoverMonitor *self)
{
  g_return_val_if_fail (TAKEOVER_IS_MONITOR (self), FALSE);

  return self->watched != NULL;
}

/**
 * takeover_monitor_round_finish:
 *
 * Returns: how many hosts answered at least one way, or 0 with @error when the samples could
 *   not be recorded
 */
guint
takeover_monitor_round_finish (TakeoverMonitor  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  n = g_task_propagate_int (G_TASK (result), error);
  return n > 0 ? (guint) n : 0;
}
