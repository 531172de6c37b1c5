/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-session"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-session.h"

/* A host holds its adoption slot while Ironic manages or adopts it: noticing the end within a
 * second keeps the slots busy, for one cheap GET a second per host in flight. */
#define WAIT_MAX_INTERVAL 1.0

struct _TakeoverSession
{
  GObject               parent_instance;

  TakeoverInventory    *inventory;
  TakeoverFleetProbe   *probe;
  TakeoverCloudConfig  *config;
  TakeoverCloud        *cloud;
  TakeoverIronic       *ironic;
  TakeoverJournal      *journal;
  TakeoverPrepare      *prepare;
  TakeoverAdopt        *adopt;
  TakeoverAdoptAudit   *audit;

  /* Each job's state as last counted, so that a change moves one count, not a recount. */
  GHashTable           *job_states;      /* TakeoverAdoptJob -> TakeoverAdoptState + 1 */
  guint                 counts[TAKEOVER_ADOPT_STATE_CANCELLED + 1];

  TakeoverSessionStage  stage;
  GError               *error;           /* why the latest stage failed; NULL once another starts */
  guint                 n_probed;
  guint                 n_to_probe;
  guint                 journal_locked : 1;
  guint                 planned : 1;
  guint                 skip_invalid_hosts : 1;
};

enum {
  PROP_0,
  PROP_INVENTORY,
  PROP_FLEET_PROBE,
  PROP_CLOUD_CONFIG,
  PROP_CLOUD,
  PROP_IRONIC,
  PROP_JOURNAL,
  PROP_PREPARE,
  PROP_ADOPT,
  PROP_AUDIT,
  PROP_STAGE,
  PROP_BUSY,
  PROP_ERROR,
  PROP_PAUSED,
  PROP_SKIP_INVALID_HOSTS,
  PROP_N_PROBED,
  PROP_N_TO_PROBE,
  PROP_N_JOBS,
  PROP_N_FINISHED,
  PROP_N_ADOPTED,
  PROP_N_FAILED,
  PROP_N_SKIPPED,
  PROP_N_CANCELLED,
  PROP_SUCCEEDED,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TakeoverSession, takeover_session, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (TakeoverSessionStage, takeover_session_stage,
  G_DEFINE_ENUM_VALUE (TAKEOVER_SESSION_STAGE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_SESSION_STAGE_CHECKING, "checking"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_SESSION_STAGE_PROBING, "probing"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_SESSION_STAGE_PLANNING, "planning"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_SESSION_STAGE_APPLYING, "applying"),
  G_DEFINE_ENUM_VALUE (TAKEOVER_SESSION_STAGE_ADOPTING, "adopting"))

G_DEFINE_QUARK (takeover-session-error-quark, takeover_session_error)

static GParamSpec *properties[N_PROPS];

static void
set_stage (TakeoverSession      *self,
           TakeoverSessionStage  stage)
{
  gboolean was_busy = self->stage != TAKEOVER_SESSION_STAGE_IDLE;

  if (self->stage == stage)
    return;

  self->stage = stage;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
  if (was_busy != (stage != TAKEOVER_SESSION_STAGE_IDLE))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_error (TakeoverSession *self,
           const GError    *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* Ends the stage in progress and returns @error (owned) from @task, keeping a copy for the
 * faces (TakeoverSession:error); a cancellation is no error to show. */
static void
fail_stage (TakeoverSession *self,
            GTask           *task,
            GError          *error)
{
  set_stage (self, TAKEOVER_SESSION_STAGE_IDLE);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_error (self, error);
  g_task_return_error (task, error);
}

/* Starts @stage, or fails @task when another one runs or the stage needs a cloud. */
static gboolean
begin_stage (TakeoverSession      *self,
             GTask                *task,
             TakeoverSessionStage  stage,
             gboolean              needs_cloud)
{
  if (self->stage != TAKEOVER_SESSION_STAGE_IDLE)
    {
      g_task_return_new_error (task, TAKEOVER_SESSION_ERROR, TAKEOVER_SESSION_ERROR_BUSY,
                               _("Another step of this takeover is still running"));
      return FALSE;
    }
  if (needs_cloud && self->cloud == NULL)
    {
      g_task_return_new_error (task, TAKEOVER_SESSION_ERROR, TAKEOVER_SESSION_ERROR_NO_CLOUD,
                               _("Choose a cloud first"));
      return FALSE;
    }

  set_error (self, NULL);
  set_stage (self, stage);
  return TRUE;
}

static void
notify_count (TakeoverSession    *self,
              TakeoverAdoptState  state)
{
  switch (state)
    {
    case TAKEOVER_ADOPT_STATE_ACTIVE:
    case TAKEOVER_ADOPT_STATE_VERIFIED:
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ADOPTED]);
      break;
    case TAKEOVER_ADOPT_STATE_FAILED:
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FAILED]);
      break;
    case TAKEOVER_ADOPT_STATE_SKIPPED:
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SKIPPED]);
      break;
    case TAKEOVER_ADOPT_STATE_CANCELLED:
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CANCELLED]);
      break;
    case TAKEOVER_ADOPT_STATE_PENDING:
    case TAKEOVER_ADOPT_STATE_PREFLIGHT:
    case TAKEOVER_ADOPT_STATE_NODE_CREATED:
    case TAKEOVER_ADOPT_STATE_PORTS_CREATED:
    case TAKEOVER_ADOPT_STATE_INSTANCE_INFO_SET:
    case TAKEOVER_ADOPT_STATE_MANAGING:
    case TAKEOVER_ADOPT_STATE_MANAGEABLE:
    case TAKEOVER_ADOPT_STATE_ADOPTING:
    default:
      break;
    }
}

static gboolean
state_is_finished (TakeoverAdoptState state)
{
  return state == TAKEOVER_ADOPT_STATE_VERIFIED || state >= TAKEOVER_ADOPT_STATE_FAILED;
}

static void
count_job (TakeoverSession  *self,
           TakeoverAdoptJob *job)
{
  gpointer stored = g_hash_table_lookup (self->job_states, job);
  TakeoverAdoptState state = takeover_adopt_job_get_state (job);
  gboolean was_finished = FALSE;
  guint n_adopted_before = self->counts[TAKEOVER_ADOPT_STATE_ACTIVE] +
                              self->counts[TAKEOVER_ADOPT_STATE_VERIFIED];

  if (stored != NULL)
    {
      TakeoverAdoptState old = GPOINTER_TO_UINT (stored) - 1;

      if (old == state)
        return;
      was_finished = state_is_finished (old);
      self->counts[old]--;
      if (!(state == TAKEOVER_ADOPT_STATE_VERIFIED && old == TAKEOVER_ADOPT_STATE_ACTIVE))
        notify_count (self, old);
    }

  self->counts[state]++;
  g_hash_table_insert (self->job_states, job, GUINT_TO_POINTER (state + 1));
  /* ACTIVE and VERIFIED are both adopted: a move between them changes no count shown. */
  if (n_adopted_before != self->counts[TAKEOVER_ADOPT_STATE_ACTIVE] +
                          self->counts[TAKEOVER_ADOPT_STATE_VERIFIED] ||
      (state != TAKEOVER_ADOPT_STATE_ACTIVE && state != TAKEOVER_ADOPT_STATE_VERIFIED))
    notify_count (self, state);
  if (stored == NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_JOBS]);
  if (was_finished != state_is_finished (state))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FINISHED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUCCEEDED]);
}

static void
job_state_cb (TakeoverAdoptJob *job,
              GParamSpec       *pspec,
              TakeoverSession  *self)
{
  count_job (self, job);
}

/* Every inventory host the adoption does not have yet becomes a job; with the skip policy, a
 * host whose record has errors is left out with the reason. Hosts stay in the adoption across
 * runs, so that a second run resumes them. */
static void
add_inventory_hosts (TakeoverSession *self)
{
  GListModel *hosts = takeover_inventory_get_hosts (self->inventory);
  GListModel *jobs = takeover_adopt_get_jobs (self->adopt);
  g_autoptr(GHashTable) known = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (jobs, i);

      g_hash_table_add (known, takeover_adopt_job_get_host (job));
    }

  for (guint i = 0; i < g_list_model_get_n_items (hosts); i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (hosts, i);
      TakeoverSeverity severity;
      TakeoverAdoptJob *job;

      if (g_hash_table_contains (known, host))
        continue;

      job = takeover_adopt_add_host (self->adopt, host);
      g_signal_connect_object (job, "notify::state", G_CALLBACK (job_state_cb), self, 0);
      if (self->skip_invalid_hosts &&
          takeover_inventory_get_host_severity (self->inventory, host, &severity) &&
          severity == TAKEOVER_SEVERITY_ERROR)
        takeover_adopt_skip_job (self->adopt, job, _("The inventory record has errors"));
      count_job (self, job);
    }
}

static void
adopt_paused_cb (TakeoverSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

static void
clear_cloud (TakeoverSession *self)
{
  if (self->adopt != NULL)
    {
      GListModel *jobs = takeover_adopt_get_jobs (self->adopt);

      for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
        {
          g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (jobs, i);

          g_signal_handlers_disconnect_by_func (job, job_state_cb, self);
        }
    }
  g_hash_table_remove_all (self->job_states);
  memset (self->counts, 0, sizeof self->counts);

  g_clear_object (&self->audit);
  g_clear_object (&self->adopt);
  g_clear_object (&self->prepare);
  g_clear_object (&self->journal);
  g_clear_object (&self->ironic);
  g_clear_object (&self->cloud);
  g_clear_object (&self->config);
  self->journal_locked = FALSE;
  self->planned = FALSE;
}

static void
takeover_session_dispose (GObject *object)
{
  TakeoverSession *self = (TakeoverSession *) object;

  clear_cloud (self);
  g_clear_object (&self->probe);
  g_clear_object (&self->inventory);

  G_OBJECT_CLASS (takeover_session_parent_class)->dispose (object);
}

static void
takeover_session_finalize (GObject *object)
{
  TakeoverSession *self = (TakeoverSession *) object;

  g_clear_pointer (&self->job_states, g_hash_table_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (takeover_session_parent_class)->finalize (object);
}

static void
takeover_session_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TakeoverSession *self = TAKEOVER_SESSION (object);

  switch (prop_id)
    {
    case PROP_INVENTORY:
      g_value_set_object (value, self->inventory);
      break;

    case PROP_FLEET_PROBE:
      g_value_set_object (value, self->probe);
      break;

    case PROP_CLOUD_CONFIG:
      g_value_set_object (value, self->config);
      break;

    case PROP_CLOUD:
      g_value_set_object (value, self->cloud);
      break;

    case PROP_IRONIC:
      g_value_set_object (value, self->ironic);
      break;

    case PROP_JOURNAL:
      g_value_set_object (value, self->journal);
      break;

    case PROP_PREPARE:
      g_value_set_object (value, self->prepare);
      break;

    case PROP_ADOPT:
      g_value_set_object (value, self->adopt);
      break;

    case PROP_AUDIT:
      g_value_set_object (value, self->audit);
      break;

    case PROP_STAGE:
      g_value_set_enum (value, self->stage);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, takeover_session_get_busy (self));
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, takeover_session_get_paused (self));
      break;

    case PROP_SKIP_INVALID_HOSTS:
      g_value_set_boolean (value, self->skip_invalid_hosts);
      break;

    case PROP_N_PROBED:
      g_value_set_uint (value, self->n_probed);
      break;

    case PROP_N_TO_PROBE:
      g_value_set_uint (value, self->n_to_probe);
      break;

    case PROP_N_JOBS:
      g_value_set_uint (value, takeover_session_get_n_jobs (self));
      break;

    case PROP_N_FINISHED:
      g_value_set_uint (value, takeover_session_get_n_finished (self));
      break;

    case PROP_N_ADOPTED:
      g_value_set_uint (value, takeover_session_get_n_adopted (self));
      break;

    case PROP_N_FAILED:
      g_value_set_uint (value, takeover_session_get_n_failed (self));
      break;

    case PROP_N_SKIPPED:
      g_value_set_uint (value, takeover_session_get_n_skipped (self));
      break;

    case PROP_N_CANCELLED:
      g_value_set_uint (value, takeover_session_get_n_cancelled (self));
      break;

    case PROP_SUCCEEDED:
      g_value_set_boolean (value, takeover_session_get_succeeded (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
takeover_session_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TakeoverSession *self = TAKEOVER_SESSION (object);

  switch (prop_id)
    {
    case PROP_SKIP_INVALID_HOSTS:
      takeover_session_set_skip_invalid_hosts (self, g_value_get_boolean (value));
      break;

    case PROP_PAUSED:
      if (g_value_get_boolean (value))
        takeover_session_pause (self);
      else
        takeover_session_resume (self);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
object_property (const char *name,
                 GType       type)
{
  return g_param_spec_object (name, NULL, NULL, type,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
count_property (const char *name)
{
  return g_param_spec_uint (name, NULL, NULL, 0, G_MAXUINT, 0,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
takeover_session_class_init (TakeoverSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = takeover_session_dispose;
  object_class->finalize = takeover_session_finalize;
  object_class->get_property = takeover_session_get_property;
  object_class->set_property = takeover_session_set_property;

  /* The session's own inventory: faces load into it, and it stays the same object. */
  properties[PROP_INVENTORY] = object_property ("inventory", TAKEOVER_TYPE_INVENTORY);
  properties[PROP_FLEET_PROBE] = object_property ("fleet-probe", TAKEOVER_TYPE_FLEET_PROBE);
  /* The rest come with the chosen cloud, and are NULL until one is. */
  properties[PROP_CLOUD_CONFIG] = object_property ("cloud-config", TAKEOVER_TYPE_CLOUD_CONFIG);
  properties[PROP_CLOUD] = object_property ("cloud", TAKEOVER_TYPE_CLOUD);
  properties[PROP_IRONIC] = object_property ("ironic", TAKEOVER_TYPE_IRONIC);
  properties[PROP_JOURNAL] = object_property ("journal", TAKEOVER_TYPE_JOURNAL);
  properties[PROP_PREPARE] = object_property ("prepare", TAKEOVER_TYPE_PREPARE);
  properties[PROP_ADOPT] = object_property ("adopt", TAKEOVER_TYPE_ADOPT);
  /* The audit log of the latest adoption run. */
  properties[PROP_AUDIT] = object_property ("audit", TAKEOVER_TYPE_ADOPT_AUDIT);

  properties[PROP_STAGE] =
    g_param_spec_enum ("stage", NULL, NULL,
                       TAKEOVER_TYPE_SESSION_STAGE, TAKEOVER_SESSION_STAGE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Why the latest stage failed, for a face to show; cleared when the next one starts.
   * A cancelled stage leaves none. */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The adoption starts no new host while paused; those in progress go on to their end. */
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SKIP_INVALID_HOSTS] =
    g_param_spec_boolean ("skip-invalid-hosts", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* The latest probe: hosts done of hosts asked. */
  properties[PROP_N_PROBED] = count_property ("n-probed");
  properties[PROP_N_TO_PROBE] = count_property ("n-to-probe");
  /* The adoption's jobs, by how they ended. */
  properties[PROP_N_JOBS] = count_property ("n-jobs");
  properties[PROP_N_FINISHED] = count_property ("n-finished");
  properties[PROP_N_ADOPTED] = count_property ("n-adopted");
  properties[PROP_N_FAILED] = count_property ("n-failed");
  properties[PROP_N_SKIPPED] = count_property ("n-skipped");
  properties[PROP_N_CANCELLED] = count_property ("n-cancelled");
  properties[PROP_SUCCEEDED] =
    g_param_spec_boolean ("succeeded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
takeover_session_init (TakeoverSession *self)
{
  self->inventory = takeover_inventory_new ();
  self->probe = takeover_fleet_probe_new (TAKEOVER_PROBE_POOL_DEFAULT_CONCURRENCY);
  self->job_states = g_hash_table_new (NULL, NULL);
  self->skip_invalid_hosts = TRUE;
}

TakeoverSession *
takeover_session_new (void)
{
  return g_object_new (TAKEOVER_TYPE_SESSION, NULL);
}

TakeoverInventory *
takeover_session_get_inventory (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), NULL);

  return self->inventory;
}

TakeoverFleetProbe *
takeover_session_get_fleet_probe (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), NULL);

  return self->probe;
}

TakeoverCloudConfig *
takeover_session_get_cloud_config (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), NULL);

  return self->config;
}

TakeoverCloud *
takeover_session_get_cloud (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), NULL);

  return self->cloud;
}

TakeoverIronic *
takeover_session_get_ironic (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), NULL);

  return self->ironic;
}

TakeoverJournal *
takeover_session_get_journal (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), NULL);

  return self->journal;
}

TakeoverPrepare *
takeover_session_get_prepare (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), NULL);

  return self->prepare;
}

TakeoverAdopt *
takeover_session_get_adopt (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), NULL);

  return self->adopt;
}

TakeoverAdoptAudit *
takeover_session_get_audit (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), NULL);

  return self->audit;
}

TakeoverSessionStage
takeover_session_get_stage (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), TAKEOVER_SESSION_STAGE_IDLE);

  return self->stage;
}

gboolean
takeover_session_get_busy (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), FALSE);

  return self->stage != TAKEOVER_SESSION_STAGE_IDLE;
}

/**
 * takeover_session_get_error:
 *
 * Returns: (transfer none) (nullable): why the latest stage failed, or %NULL
 */
const GError *
takeover_session_get_error (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), NULL);

  return self->error;
}

gboolean
takeover_session_get_paused (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), FALSE);

  return self->adopt != NULL && takeover_adopt_get_paused (self->adopt);
}

/**
 * takeover_session_pause:
 *
 * Starts no new host in the adoption (now or in the next run) until
 * takeover_session_resume(); the hosts in progress go on to their end, so that none is left
 * half-way. Nothing to pause before a cloud is chosen.
 */
void
takeover_session_pause (TakeoverSession *self)
{
  g_return_if_fail (TAKEOVER_IS_SESSION (self));

  if (self->adopt != NULL)
    takeover_adopt_set_paused (self->adopt, TRUE);
}

void
takeover_session_resume (TakeoverSession *self)
{
  g_return_if_fail (TAKEOVER_IS_SESSION (self));

  if (self->adopt != NULL)
    takeover_adopt_set_paused (self->adopt, FALSE);
}

gboolean
takeover_session_get_skip_invalid_hosts (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), FALSE);

  return self->skip_invalid_hosts;
}

guint
takeover_session_get_n_probed (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), 0);

  return self->n_probed;
}

guint
takeover_session_get_n_to_probe (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), 0);

  return self->n_to_probe;
}

guint
takeover_session_get_n_jobs (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), 0);

  return g_hash_table_size (self->job_states);
}

guint
takeover_session_get_n_finished (TakeoverSession *self)
{
  guint n = 0;

  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), 0);

  for (guint state = 0; state < G_N_ELEMENTS (self->counts); state++)
    if (state_is_finished (state))
      n += self->counts[state];

  return n;
}

guint
takeover_session_get_n_adopted (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), 0);

  return self->counts[TAKEOVER_ADOPT_STATE_ACTIVE] + self->counts[TAKEOVER_ADOPT_STATE_VERIFIED];
}

guint
takeover_session_get_n_failed (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), 0);

  return self->counts[TAKEOVER_ADOPT_STATE_FAILED];
}

guint
takeover_session_get_n_skipped (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), 0);

  return self->counts[TAKEOVER_ADOPT_STATE_SKIPPED];
}

guint
takeover_session_get_n_cancelled (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), 0);

  return self->counts[TAKEOVER_ADOPT_STATE_CANCELLED];
}

/**
 * takeover_session_get_succeeded:
 *
 * Returns: whether the adoption did what it was asked: every host adopted, or for a dry run,
 *   every host planned (none failed or cancelled). %FALSE before any host was added.
 */
gboolean
takeover_session_get_succeeded (TakeoverSession *self)
{
  guint n_jobs;

  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), FALSE);

  n_jobs = g_hash_table_size (self->job_states);
  if (self->adopt == NULL || n_jobs == 0)
    return FALSE;

  if (takeover_adopt_get_dry_run (self->adopt))
    return self->counts[TAKEOVER_ADOPT_STATE_FAILED] == 0 &&
           self->counts[TAKEOVER_ADOPT_STATE_CANCELLED] == 0;

  return takeover_session_get_n_adopted (self) == n_jobs;
}

/**
 * takeover_session_get_plan_has_changes:
 *
 * Returns: whether the latest plan has something to create, so that applying it changes the
 *   cloud.
 */
gboolean
takeover_session_get_plan_has_changes (TakeoverSession *self)
{
  GListModel *items;

  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), FALSE);

  if (self->prepare == NULL || !self->planned)
    return FALSE;

  items = takeover_prepare_get_items (self->prepare);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(TakeoverPrepareItem) item = g_list_model_get_item (items, i);

      if (takeover_prepare_item_get_status (item) == TAKEOVER_PREPARE_STATUS_CREATE)
        return TRUE;
    }

  return FALSE;
}

void
takeover_session_set_skip_invalid_hosts (TakeoverSession *self,
                                         gboolean         skip)
{
  g_return_if_fail (TAKEOVER_IS_SESSION (self));

  skip = !!skip;
  if (self->skip_invalid_hosts == skip)
    return;

  self->skip_invalid_hosts = skip;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKIP_INVALID_HOSTS]);
}

/**
 * takeover_session_set_cloud_config:
 * @config: the cloud to take the hosts over into
 *
 * Chooses the cloud, and with it a new Ironic client, prepare, adoption, and the cloud's
 * journal (read, not yet locked: a run that changes anything locks it). What an earlier
 * cloud had is dropped. Refused while a stage runs.
 *
 * Returns: %FALSE with @error when the session is busy or the cloud's journal cannot be read
 */
gboolean
takeover_session_set_cloud_config (TakeoverSession      *self,
                                   TakeoverCloudConfig  *config,
                                   GError              **error)
{
  g_autofree char *path = NULL;
  g_autoptr(TakeoverJournal) journal = NULL;

  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), FALSE);
  g_return_val_if_fail (TAKEOVER_IS_CLOUD_CONFIG (config), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (takeover_session_get_busy (self))
    {
      g_set_error_literal (error, TAKEOVER_SESSION_ERROR, TAKEOVER_SESSION_ERROR_BUSY,
                           _("Another step of this takeover is still running"));
      return FALSE;
    }

  path = takeover_journal_dup_path_for_cloud (takeover_cloud_config_get_name (config));
  journal = takeover_journal_new (path);
  if (!takeover_journal_load (journal, error))
    return FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  clear_cloud (self);
  self->config = g_object_ref (config);
  self->cloud = takeover_cloud_new (config);
  self->ironic = takeover_ironic_new (self->cloud);
  takeover_ironic_set_wait_max_interval (self->ironic, WAIT_MAX_INTERVAL);
  self->journal = g_steal_pointer (&journal);
  self->prepare = takeover_prepare_new (self->cloud, takeover_inventory_get_hosts (self->inventory));
  /* A cloud may name the image its nodes take (in clouds.yaml, beside its auth): a Glance
   * image's name, or a standalone Ironic's image URL. */
  if (takeover_cloud_config_get_option (config, "takeover_image") != NULL)
    takeover_prepare_set_image (self->prepare,
                                takeover_cloud_config_get_option (config, "takeover_image"));
  self->adopt = takeover_adopt_new (self->ironic, self->probe);
  takeover_adopt_set_journal (self->adopt, self->journal);
  g_signal_connect_object (self->adopt, "notify::paused", G_CALLBACK (adopt_paused_cb), self,
                           G_CONNECT_SWAPPED);

  for (guint prop = PROP_CLOUD_CONFIG; prop <= PROP_AUDIT; prop++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  for (guint prop = PROP_N_JOBS; prop <= PROP_SUCCEEDED; prop++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}

/**
 * takeover_session_open_cloud:
 * @name: (nullable): the cloud in clouds.yaml, or %NULL for $OS_CLOUD (or the only one)
 *
 * Finds the cloud as the openstack client would, then takeover_session_set_cloud_config().
 */
gboolean
takeover_session_open_cloud (TakeoverSession  *self,
                             const char       *name,
                             GError          **error)
{
  g_autoptr(TakeoverCloudConfig) config = NULL;

  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((config = takeover_cloud_config_load (name, error)) == NULL)
    return FALSE;

  return takeover_session_set_cloud_config (self, config, error);
}

/* Checking the cloud ------------------------------------------------------------------------ */

static void
check_discovered_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakeoverSession *self = g_task_get_source_object (task);
  TakeoverCloudEndpoint *endpoint;
  GError *error = NULL;

  if ((endpoint = takeover_ironic_discover_finish (TAKEOVER_IRONIC (object), result,
                                                   &error)) == NULL)
    {
      fail_stage (self, task, error);
      return;
    }

  set_stage (self, TAKEOVER_SESSION_STAGE_IDLE);
  g_task_return_pointer (task, endpoint, (GDestroyNotify) takeover_cloud_endpoint_free);
}

static void
check_authenticated_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakeoverSession *self = g_task_get_source_object (task);
  GCancellable *cancellable;
  GError *error = NULL;

  if (!takeover_cloud_authenticate_finish (TAKEOVER_CLOUD (object), result, &error))
    {
      fail_stage (self, task, error);
      return;
    }

  /* Not g_task_get_cancellable (task) among the arguments: the steal may come first. */
  cancellable = g_task_get_cancellable (task);
  takeover_ironic_discover_async (self->ironic, cancellable, check_discovered_cb,
                                  g_steal_pointer (&task));
}

/**
 * takeover_session_check_cloud_async:
 *
 * Checks the chosen cloud as a connection test: authenticates (which reads the catalog) and
 * asks Ironic for its API versions. Changes nothing. The cloud then tells who the session is
 * (TakeoverCloud:user-name, takeover_cloud_list_endpoints()).
 */
void
takeover_session_check_cloud_async (TakeoverSession     *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TAKEOVER_IS_SESSION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_session_check_cloud_async);

  if (!begin_stage (self, task, TAKEOVER_SESSION_STAGE_CHECKING, TRUE))
    return;

  takeover_cloud_authenticate_async (self->cloud, cancellable, check_authenticated_cb,
                                     g_steal_pointer (&task));
}

/**
 * takeover_session_check_cloud_finish:
 *
 * Returns: (transfer full): Ironic's endpoint and API versions, or %NULL with @error: a
 *   sentence that says what failed (the password, the address, the certificate, Ironic)
 */
TakeoverCloudEndpoint *
takeover_session_check_cloud_finish (TakeoverSession  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        takeover_session_check_cloud_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Probing ----------------------------------------------------------------------------------- */

static void
probe_host_finished_cb (TakeoverFleetProbe  *probe,
                        TakeoverHost        *host,
                        TakeoverProbeResult *result,
                        GError              *error,
                        TakeoverSession     *self)
{
  if (self->stage != TAKEOVER_SESSION_STAGE_PROBING)
    return;

  self->n_probed++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PROBED]);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakeoverSession *self = g_task_get_source_object (task);
  GError *error = NULL;
  gssize n_answered;

  g_signal_handlers_disconnect_by_func (self->probe, probe_host_finished_cb, self);

  n_answered = takeover_fleet_probe_run_finish (TAKEOVER_FLEET_PROBE (object), result, &error);
  if (n_answered < 0)
    {
      fail_stage (self, task, error);
      return;
    }

  set_stage (self, TAKEOVER_SESSION_STAGE_IDLE);
  g_task_return_int (task, n_answered);
}

/**
 * takeover_session_probe_async:
 * @hosts: (nullable): the TakeoverHosts to probe, or %NULL for every host of the inventory
 *
 * Reads the hosts' BMCs and operating systems, changing nothing; each result lands on its
 * host (TakeoverHost:probe-result), and the fleet probe's signals tell of each host as it
 * finishes. Needs no cloud.
 */
void
takeover_session_probe_async (TakeoverSession     *self,
                              GListModel          *hosts,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TAKEOVER_IS_SESSION (self));
  g_return_if_fail (hosts == NULL || G_IS_LIST_MODEL (hosts));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_session_probe_async);

  if (!begin_stage (self, task, TAKEOVER_SESSION_STAGE_PROBING, FALSE))
    return;

  if (hosts == NULL)
    hosts = takeover_inventory_get_hosts (self->inventory);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->n_probed != 0)
    {
      self->n_probed = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PROBED]);
    }
  if (self->n_to_probe != g_list_model_get_n_items (hosts))
    {
      self->n_to_probe = g_list_model_get_n_items (hosts);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TO_PROBE]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_connect (self->probe, "host-finished", G_CALLBACK (probe_host_finished_cb), self);
  takeover_fleet_probe_run_async (self->probe, hosts, cancellable, probe_cb,
                                  g_steal_pointer (&task));
}

/**
 * takeover_session_probe_finish:
 *
 * Returns: the number of hosts that answered, or -1 with @error (cancelled, or busy)
 */
gssize
takeover_session_probe_finish (TakeoverSession  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == takeover_session_probe_async,
                        -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/* Preparing the cloud ----------------------------------------------------------------------- */

static void
plan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakeoverSession *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!takeover_prepare_plan_finish (TAKEOVER_PREPARE (object), result, &error))
    {
      fail_stage (self, task, error);
      return;
    }

  set_stage (self, TAKEOVER_SESSION_STAGE_IDLE);
  self->planned = TRUE;
  g_task_return_boolean (task, TRUE);
}

/**
 * takeover_session_plan_async:
 *
 * Reads the cloud and plans what prepare would create: each item of
 * takeover_prepare_get_items() then says exists, will create, conflict or forbidden. Refused
 * while the inventory has errors, since the subnets are made from every host's address.
 */
void
takeover_session_plan_async (TakeoverSession     *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  guint n_errors;

  g_return_if_fail (TAKEOVER_IS_SESSION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_session_plan_async);

  if ((n_errors = takeover_inventory_get_n_errors (self->inventory)) > 0)
    {
      g_task_return_new_error (task, TAKEOVER_SESSION_ERROR,
                               TAKEOVER_SESSION_ERROR_INVALID_INVENTORY,
                               ngettext ("The inventory has %u error; fix it first",
                                         "The inventory has %u errors; fix them first",
                                         n_errors),
                               n_errors);
      return;
    }
  if (!begin_stage (self, task, TAKEOVER_SESSION_STAGE_PLANNING, TRUE))
    return;

  self->planned = FALSE;
  takeover_prepare_plan_async (self->prepare, cancellable, plan_cb, g_steal_pointer (&task));
}

gboolean
takeover_session_plan_finish (TakeoverSession  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == takeover_session_plan_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
apply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakeoverSession *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!takeover_prepare_apply_finish (TAKEOVER_PREPARE (object), result, &error))
    {
      fail_stage (self, task, error);
      return;
    }

  set_stage (self, TAKEOVER_SESSION_STAGE_IDLE);
  g_task_return_boolean (task, TRUE);
}

/**
 * takeover_session_apply_async:
 *
 * Creates what the latest plan found missing; a plan with nothing to create succeeds at once.
 * Refused without a plan, or when the plan has problems (conflicts, forbidden reads): nothing
 * is changed then.
 */
void
takeover_session_apply_async (TakeoverSession     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  guint n_problems;

  g_return_if_fail (TAKEOVER_IS_SESSION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_session_apply_async);

  if (self->prepare != NULL && !self->planned)
    {
      g_task_return_new_error (task, TAKEOVER_SESSION_ERROR, TAKEOVER_SESSION_ERROR_PLAN,
                               _("Plan the changes first"));
      return;
    }
  if (self->prepare != NULL && (n_problems = takeover_prepare_get_n_problems (self->prepare)) > 0)
    {
      g_task_return_new_error (task, TAKEOVER_SESSION_ERROR, TAKEOVER_SESSION_ERROR_PLAN,
                               ngettext ("%u item of the plan needs attention; nothing was "
                                         "changed",
                                         "%u items of the plan need attention; nothing was "
                                         "changed",
                                         n_problems),
                               n_problems);
      return;
    }
  if (!begin_stage (self, task, TAKEOVER_SESSION_STAGE_APPLYING, TRUE))
    return;
  if (!takeover_session_get_plan_has_changes (self))
    {
      set_stage (self, TAKEOVER_SESSION_STAGE_IDLE);
      g_task_return_boolean (task, TRUE);
      return;
    }

  takeover_prepare_apply_async (self->prepare, cancellable, apply_cb, g_steal_pointer (&task));
}

gboolean
takeover_session_apply_finish (TakeoverSession  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == takeover_session_apply_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Adopting ---------------------------------------------------------------------------------- */

static void
adopt_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakeoverSession *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!takeover_adopt_run_finish (TAKEOVER_ADOPT (object), result, &error))
    {
      fail_stage (self, task, error);
      return;
    }

  set_stage (self, TAKEOVER_SESSION_STAGE_IDLE);
  g_task_return_boolean (task, TRUE);
}

/* What the run starts with goes into the journal, so that a face started again can resume it
 * as it was: the inventory's file (its path only), the image and the owner. */
static void
record_run (TakeoverSession *self)
{
  GFile *file = takeover_inventory_get_file (self->inventory);
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
  GListModel *jobs = takeover_adopt_get_jobs (self->adopt);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) hosts = NULL;

  /* The hosts it sets out to adopt: those it skips are not left to resume. */
  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (jobs, i);

      if (takeover_adopt_job_get_state (job) != TAKEOVER_ADOPT_STATE_SKIPPED)
        g_strv_builder_add (names,
                            takeover_host_get_display_name (takeover_adopt_job_get_host (job)));
    }
  hosts = g_strv_builder_end (names);

  takeover_journal_set_run (self->journal, path,
                            takeover_adopt_get_image_source (self->adopt),
                            takeover_adopt_get_owner (self->adopt),
                            (const char * const *) hosts);
}

/**
 * takeover_session_get_n_unfinished:
 *
 * Returns: how many hosts the chosen cloud's latest run left part-way (stopped, or at a step
 *   when the program ended), as its journal has them; 0 before a cloud is chosen
 */
guint
takeover_session_get_n_unfinished (TakeoverSession *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), 0);

  return self->journal != NULL ? takeover_journal_get_n_unfinished (self->journal) : 0;
}

/**
 * takeover_session_dup_unfinished_inventory:
 *
 * Returns: (transfer full) (nullable): the inventory file of the chosen cloud's latest run
 *   when that run left hosts part-way and the file is still there, else %NULL
 */
GFile *
takeover_session_dup_unfinished_inventory (TakeoverSession *self)
{
  const char *path;

  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), NULL);

  if (takeover_session_get_n_unfinished (self) == 0 ||
      (path = takeover_journal_get_inventory (self->journal)) == NULL ||
      !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;

  return g_file_new_for_path (path);
}

/**
 * takeover_session_restore_run:
 *
 * Gives the adoption the image and owner that the chosen cloud's latest run had, as its
 * journal has them, so that a resumed run goes on as it started; the inventory is the face's
 * to load (takeover_session_dup_unfinished_inventory()). Nothing the operator set since is
 * replaced.
 */
void
takeover_session_restore_run (TakeoverSession *self)
{
  g_return_if_fail (TAKEOVER_IS_SESSION (self));

  if (self->journal == NULL || self->adopt == NULL)
    return;

  if (takeover_adopt_get_image_source (self->adopt) == NULL &&
      takeover_journal_get_image_source (self->journal) != NULL)
    takeover_adopt_set_image_source (self->adopt, takeover_journal_get_image_source (self->journal));
  if (takeover_adopt_get_owner (self->adopt) == NULL &&
      takeover_journal_get_owner (self->journal) != NULL)
    takeover_adopt_set_owner (self->adopt, takeover_journal_get_owner (self->journal));
}

/**
 * takeover_session_adopt_async:
 *
 * Adopts every inventory host into Ironic, resuming what the cloud's journal and Ironic hold
 * from earlier runs; set the adoption's settings on takeover_session_get_adopt() first.
 * A host whose inventory record has errors is skipped (TakeoverSession:skip-invalid-hosts).
 * Unless it is a dry run, the journal is locked first, so that no other run of this cloud
 * writes it, and each run gets an audit log of its own (TakeoverSession:audit).
 *
 * Finishes when every host has ended, adopted or not: the counts and
 * takeover_session_get_succeeded() say how; an error means the run could not start or was
 * cancelled.
 */
void
takeover_session_adopt_async (TakeoverSession     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(TakeoverAdoptAudit) audit = NULL;
  g_autofree char *audit_path = NULL;
  TakeoverProbePool *pool;
  GError *error = NULL;

  g_return_if_fail (TAKEOVER_IS_SESSION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_session_adopt_async);

  if (!begin_stage (self, task, TAKEOVER_SESSION_STAGE_ADOPTING, TRUE))
    return;

  /* Read again once locked: another process may have written it since the cloud was chosen,
   * and what it recorded is where this run resumes. */
  if (!takeover_adopt_get_dry_run (self->adopt) && !self->journal_locked)
    {
      if (!takeover_journal_lock (self->journal, &error) ||
          !takeover_journal_load (self->journal, &error))
        {
          fail_stage (self, task, error);
          return;
        }
      self->journal_locked = TRUE;
    }
  audit_path = takeover_adopt_audit_dup_path_for_cloud (takeover_cloud_config_get_name (self->config));
  if ((audit = takeover_adopt_audit_new (audit_path, &error)) == NULL)
    {
      fail_stage (self, task, error);
      return;
    }
  g_set_object (&self->audit, audit);
  takeover_adopt_set_audit (self->adopt, self->audit);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIT]);

  /* Probes run ahead of the adoption slots (the engine starts them all at once): their pool
   * is never the narrower one. */
  pool = takeover_fleet_probe_get_pool (self->probe);
  if (takeover_probe_pool_get_concurrency (pool) < takeover_adopt_get_concurrency (self->adopt))
    takeover_probe_pool_set_concurrency (pool, takeover_adopt_get_concurrency (self->adopt));

  add_inventory_hosts (self);
  if (!takeover_adopt_get_dry_run (self->adopt))
    record_run (self);
  takeover_adopt_run_async (self->adopt, cancellable, adopt_cb, g_steal_pointer (&task));
}

gboolean
takeover_session_adopt_finish (TakeoverSession  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == takeover_session_adopt_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
