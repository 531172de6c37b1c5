/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-adopt-job"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-adopt-job-private.h"

/* One host's way into Ironic: where it is, what Ironic last said about its node, and, when it
 * stopped short, at which step, why, and what the operator can do about it. The engine
 * (TakeoverAdopt) moves it along; the UI and the CLI watch its properties. */
struct _TakeoverAdoptJob
{
  GObject             parent_instance;

  TakeoverHost       *host;
  GCancellable       *cancellable;
  char               *node_uuid;
  char               *provision_state;
  char               *message;
  char               *last_error;
  char               *hint;
  GPtrArray          *plan;
  TakeoverAdoptState  state;
  TakeoverAdoptState  failed_state;
  guint               attempts;
  gint64              started_us;     /* monotonic: when it left pending, 0 before */
  gint64              finished_us;    /* monotonic: when it reached an end, 0 before */
};

enum {
  PROP_0,
  PROP_HOST,
  PROP_STATE,
  PROP_FAILED_STATE,
  PROP_PROGRESS,
  PROP_NODE_UUID,
  PROP_PROVISION_STATE,
  PROP_MESSAGE,
  PROP_LAST_ERROR,
  PROP_HINT,
  PROP_ATTEMPTS,
  PROP_PLAN,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TakeoverAdoptJob, takeover_adopt_job, G_TYPE_OBJECT)
G_DEFINE_QUARK (takeover-adopt-error-quark, takeover_adopt_error)

static GParamSpec *properties[N_PROPS];

static const GEnumValue state_values[] = {
  { TAKEOVER_ADOPT_STATE_PENDING, "TAKEOVER_ADOPT_STATE_PENDING", "pending" },
  { TAKEOVER_ADOPT_STATE_PREFLIGHT, "TAKEOVER_ADOPT_STATE_PREFLIGHT", "preflight" },
  { TAKEOVER_ADOPT_STATE_NODE_CREATED, "TAKEOVER_ADOPT_STATE_NODE_CREATED", "node-created" },
  { TAKEOVER_ADOPT_STATE_PORTS_CREATED, "TAKEOVER_ADOPT_STATE_PORTS_CREATED", "ports-created" },
  { TAKEOVER_ADOPT_STATE_INSTANCE_INFO_SET, "TAKEOVER_ADOPT_STATE_INSTANCE_INFO_SET",
    "instance-info-set" },
  { TAKEOVER_ADOPT_STATE_MANAGING, "TAKEOVER_ADOPT_STATE_MANAGING", "managing" },
  { TAKEOVER_ADOPT_STATE_MANAGEABLE, "TAKEOVER_ADOPT_STATE_MANAGEABLE", "manageable" },
  { TAKEOVER_ADOPT_STATE_ADOPTING, "TAKEOVER_ADOPT_STATE_ADOPTING", "adopting" },
  { TAKEOVER_ADOPT_STATE_ACTIVE, "TAKEOVER_ADOPT_STATE_ACTIVE", "active" },
  { TAKEOVER_ADOPT_STATE_VERIFIED, "TAKEOVER_ADOPT_STATE_VERIFIED", "verified" },
  { TAKEOVER_ADOPT_STATE_FAILED, "TAKEOVER_ADOPT_STATE_FAILED", "failed" },
  { TAKEOVER_ADOPT_STATE_SKIPPED, "TAKEOVER_ADOPT_STATE_SKIPPED", "skipped" },
  { TAKEOVER_ADOPT_STATE_CANCELLED, "TAKEOVER_ADOPT_STATE_CANCELLED", "cancelled" },
  { 0, NULL, NULL }
};

/* What a person reads for each state, in the same order. */
static const char * const state_labels[] = {
  N_("Pending"),
  N_("Preflight checks"),
  N_("Node created"),
  N_("Ports created"),
  N_("Instance info set"),
  N_("Managing"),
  N_("Manageable"),
  N_("Adopting"),
  N_("Active"),
  N_("Verified"),
  N_("Failed"),
  N_("Skipped"),
  N_("Cancelled"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (state_labels) == G_N_ELEMENTS (state_values) - 1);

/* Ironic deletes a node without cleaning it only from these provision states. */
static const char * const removable_provision_states[] = {
  "enroll", "manageable", "adopt failed", NULL
};

GType
takeover_adopt_state_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("TakeoverAdoptState", state_values));

  return type_id;
}

/**
 * takeover_adopt_state_to_string:
 *
 * Returns: the state's stable name ("node-created"), as the journal and `--json` write it.
 */
const char *
takeover_adopt_state_to_string (TakeoverAdoptState state)
{
  g_return_val_if_fail (state <= TAKEOVER_ADOPT_STATE_CANCELLED, NULL);

  return state_values[state].value_nick;
}

gboolean
takeover_adopt_state_from_string (const char         *nick,
                                  TakeoverAdoptState *state)
{
  g_return_val_if_fail (state != NULL, FALSE);

  for (guint i = 0; nick != NULL && state_values[i].value_nick != NULL; i++)
    {
      if (g_str_equal (nick, state_values[i].value_nick))
        {
          *state = state_values[i].value;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
takeover_adopt_state_get_label (TakeoverAdoptState state)
{
  g_return_val_if_fail (state <= TAKEOVER_ADOPT_STATE_CANCELLED, NULL);

  return _(state_labels[state]);
}

/* Whether a job in @state has stopped: either adopted, or it went as far as it could. */
gboolean
takeover_adopt_state_is_final (TakeoverAdoptState state)
{
  return state >= TAKEOVER_ADOPT_STATE_VERIFIED;
}

static void
set_string (TakeoverAdoptJob  *self,
            char             **field,
            const char        *value,
            guint              prop_id)
{
  /* g_set_str() is GLib 2.76; we target 2.74. */
  if (g_strcmp0 (*field, value) != 0)
    {
      g_free (*field);
      *field = g_strdup (value);
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
    }
}

static void
takeover_adopt_job_dispose (GObject *object)
{
  TakeoverAdoptJob *self = (TakeoverAdoptJob *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->host);

  G_OBJECT_CLASS (takeover_adopt_job_parent_class)->dispose (object);
}

static void
takeover_adopt_job_finalize (GObject *object)
{
  TakeoverAdoptJob *self = (TakeoverAdoptJob *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->node_uuid, g_free);
  g_clear_pointer (&self->provision_state, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->hint, g_free);
  g_clear_pointer (&self->plan, g_ptr_array_unref);

  G_OBJECT_CLASS (takeover_adopt_job_parent_class)->finalize (object);
}

static void
takeover_adopt_job_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TakeoverAdoptJob *self = TAKEOVER_ADOPT_JOB (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_object (value, self->host);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_FAILED_STATE:
      g_value_set_enum (value, self->failed_state);
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, takeover_adopt_job_get_progress (self));
      break;

    case PROP_NODE_UUID:
      g_value_set_string (value, self->node_uuid);
      break;

    case PROP_PROVISION_STATE:
      g_value_set_string (value, self->provision_state);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    case PROP_HINT:
      g_value_set_string (value, self->hint);
      break;

    case PROP_ATTEMPTS:
      g_value_set_uint (value, self->attempts);
      break;

    case PROP_PLAN:
      g_value_set_boxed (value, takeover_adopt_job_get_plan (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
takeover_adopt_job_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TakeoverAdoptJob *self = TAKEOVER_ADOPT_JOB (object);

  switch (prop_id)
    {
    case PROP_HOST:
      self->host = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
read_only_string_pspec (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                               G_PARAM_STATIC_STRINGS));
}

static GParamSpec *
read_only_state_pspec (const char *name)
{
  return g_param_spec_enum (name, NULL, NULL,
                            TAKEOVER_TYPE_ADOPT_STATE, TAKEOVER_ADOPT_STATE_PENDING,
                            (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS));
}

static void
takeover_adopt_job_class_init (TakeoverAdoptJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = takeover_adopt_job_dispose;
  object_class->finalize = takeover_adopt_job_finalize;
  object_class->get_property = takeover_adopt_job_get_property;
  object_class->set_property = takeover_adopt_job_set_property;

  properties[PROP_HOST] =
    g_param_spec_object ("host", NULL, NULL,
                         TAKEOVER_TYPE_HOST,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] = read_only_state_pspec ("state");
  /* The step a failed job was at when it failed. */
  properties[PROP_FAILED_STATE] = read_only_state_pspec ("failed-state");
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_NODE_UUID] = read_only_string_pspec ("node-uuid");
  /* Ironic's provision state of the node, as last read. */
  properties[PROP_PROVISION_STATE] = read_only_string_pspec ("provision-state");
  /* What happened, in a sentence: the error, or a note such as "already adopted". */
  properties[PROP_MESSAGE] = read_only_string_pspec ("message");
  /* Ironic's own last_error of the node, verbatim. */
  properties[PROP_LAST_ERROR] = read_only_string_pspec ("last-error");
  /* What the operator can do about a failure. */
  properties[PROP_HINT] = read_only_string_pspec ("hint");
  properties[PROP_ATTEMPTS] =
    g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /* What a dry run found would be done for this host, a sentence a step. */
  properties[PROP_PLAN] =
    g_param_spec_boxed ("plan", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
takeover_adopt_job_init (TakeoverAdoptJob *self)
{
  self->plan = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  self->cancellable = g_cancellable_new ();
  self->state = TAKEOVER_ADOPT_STATE_PENDING;
  self->failed_state = TAKEOVER_ADOPT_STATE_PENDING;
}

TakeoverAdoptJob *
takeover_adopt_job_new (TakeoverHost *host)
{
  g_return_val_if_fail (TAKEOVER_IS_HOST (host), NULL);

  return g_object_new (TAKEOVER_TYPE_ADOPT_JOB, "host", host, NULL);
}

TakeoverHost *
takeover_adopt_job_get_host (TakeoverAdoptJob *self)
{
  g_return_val_if_fail (TAKEOVER_IS_ADOPT_JOB (self), NULL);

  return self->host;
}

TakeoverAdoptState
takeover_adopt_job_get_state (TakeoverAdoptJob *self)
{
  g_return_val_if_fail (TAKEOVER_IS_ADOPT_JOB (self), TAKEOVER_ADOPT_STATE_PENDING);

  return self->state;
}

TakeoverAdoptState
takeover_adopt_job_get_failed_state (TakeoverAdoptJob *self)
{
  g_return_val_if_fail (TAKEOVER_IS_ADOPT_JOB (self), TAKEOVER_ADOPT_STATE_PENDING);

  return self->failed_state;
}

/**
 * takeover_adopt_job_get_progress:
 *
 * Returns: how far along the steps the job is, from 0 (pending) to 1 (verified); a job that
 *   stopped short keeps the fraction of the step where it stopped.
 */
double
takeover_adopt_job_get_progress (TakeoverAdoptJob *self)
{
  TakeoverAdoptState reached;

  g_return_val_if_fail (TAKEOVER_IS_ADOPT_JOB (self), 0.0);

  reached = self->state <= TAKEOVER_ADOPT_STATE_VERIFIED ? self->state : self->failed_state;

  return (double) reached / TAKEOVER_ADOPT_STATE_VERIFIED;
}

const char *
takeover_adopt_job_get_node_uuid (TakeoverAdoptJob *self)
{
  g_return_val_if_fail (TAKEOVER_IS_ADOPT_JOB (self), NULL);

  return self->node_uuid;
}

const char *
takeover_adopt_job_get_provision_state (TakeoverAdoptJob *self)
{
  g_return_val_if_fail (TAKEOVER_IS_ADOPT_JOB (self), NULL);

  return self->provision_state;
}

const char *
takeover_adopt_job_get_message (TakeoverAdoptJob *self)
{
  g_return_val_if_fail (TAKEOVER_IS_ADOPT_JOB (self), NULL);

  return self->message;
}

const char *
takeover_adopt_job_get_last_error (TakeoverAdoptJob *self)
{
  g_return_val_if_fail (TAKEOVER_IS_ADOPT_JOB (self), NULL);

  return self->last_error;
}

const char *
takeover_adopt_job_get_hint (TakeoverAdoptJob *self)
{
  g_return_val_if_fail (TAKEOVER_IS_ADOPT_JOB (self), NULL);

  return self->hint;
}

/**
 * takeover_adopt_job_get_attempts:
 *
 * Returns: how many times the engine asked Ironic to adopt the node in this run.
 */
guint
takeover_adopt_job_get_attempts (TakeoverAdoptJob *self)
{
  g_return_val_if_fail (TAKEOVER_IS_ADOPT_JOB (self), 0);

  return self->attempts;
}

/**
 * takeover_adopt_job_get_plan:
 *
 * Returns: (transfer none): what a dry run found would be done for this host, one sentence a
 *   step, in order; empty when nothing would change or the job did not run dry.
 */
const char * const *
takeover_adopt_job_get_plan (TakeoverAdoptJob *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (TAKEOVER_IS_ADOPT_JOB (self), NULL);

  /* An empty array may have no storage yet, hence no terminator. */
  if (self->plan->pdata == NULL)
    return empty;

  return (const char * const *) self->plan->pdata;
}

/**
 * takeover_adopt_job_get_cancellable:
 *
 * Returns: (transfer none): the cancellable every request for this host uses.
 */
GCancellable *
takeover_adopt_job_get_cancellable (TakeoverAdoptJob *self)
{
  g_return_val_if_fail (TAKEOVER_IS_ADOPT_JOB (self), NULL);

  return self->cancellable;
}

gboolean
takeover_adopt_job_is_finished (TakeoverAdoptJob *self)
{
  g_return_val_if_fail (TAKEOVER_IS_ADOPT_JOB (self), FALSE);

  return takeover_adopt_state_is_final (self->state);
}

/**
 * takeover_adopt_job_is_adopted:
 *
 * Returns: whether the host's node is active in Ironic.
 */
gboolean
takeover_adopt_job_is_adopted (TakeoverAdoptJob *self)
{
  g_return_val_if_fail (TAKEOVER_IS_ADOPT_JOB (self), FALSE);

  return (self->state == TAKEOVER_ADOPT_STATE_ACTIVE ||
          self->state == TAKEOVER_ADOPT_STATE_VERIFIED);
}

/**
 * takeover_adopt_job_can_remove_node:
 *
 * Returns: whether removing the node of this stopped job is safe: it failed or was cancelled,
 *   and its node is in a state Ironic deletes from without cleaning.
 */
gboolean
takeover_adopt_job_can_remove_node (TakeoverAdoptJob *self)
{
  g_return_val_if_fail (TAKEOVER_IS_ADOPT_JOB (self), FALSE);

  if (self->state != TAKEOVER_ADOPT_STATE_FAILED && self->state != TAKEOVER_ADOPT_STATE_CANCELLED)
    return FALSE;

  return (self->node_uuid != NULL && self->provision_state != NULL &&
          g_strv_contains (removable_provision_states, self->provision_state));
}

/**
 * takeover_adopt_job_cancel:
 *
 * Stops this host's adoption at the next request; other hosts go on.
 */
void
takeover_adopt_job_cancel (TakeoverAdoptJob *self)
{
  g_return_if_fail (TAKEOVER_IS_ADOPT_JOB (self));

  g_cancellable_cancel (self->cancellable);
}

void
takeover_adopt_job_set_state (TakeoverAdoptJob   *self,
                              TakeoverAdoptState  state)
{
  g_return_if_fail (TAKEOVER_IS_ADOPT_JOB (self));
  g_return_if_fail (state <= TAKEOVER_ADOPT_STATE_CANCELLED);

  if (self->state == state)
    return;

  if (state == TAKEOVER_ADOPT_STATE_FAILED || state == TAKEOVER_ADOPT_STATE_CANCELLED ||
      state == TAKEOVER_ADOPT_STATE_SKIPPED)
    {
      self->failed_state = self->state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED_STATE]);
    }

  /* The host's time in this run: from its first step to its end (a skipped host has none). */
  if (self->state == TAKEOVER_ADOPT_STATE_PENDING && state != TAKEOVER_ADOPT_STATE_SKIPPED)
    {
      self->started_us = g_get_monotonic_time ();
      self->finished_us = 0;
    }
  if (takeover_adopt_state_is_final (state) && self->started_us != 0)
    self->finished_us = g_get_monotonic_time ();

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

/**
 * takeover_adopt_job_get_elapsed:
 *
 * Returns: the seconds the host has spent in its latest run: until now while it runs, until
 *   its end once it ended; 0 before it started (and for a skipped host)
 */
double
takeover_adopt_job_get_elapsed (TakeoverAdoptJob *self)
{
  gint64 end;

  g_return_val_if_fail (TAKEOVER_IS_ADOPT_JOB (self), 0.0);

  if (self->started_us == 0)
    return 0.0;

  end = self->finished_us != 0 ? self->finished_us : g_get_monotonic_time ();
  return (end - self->started_us) / (double) G_USEC_PER_SEC;
}

void
takeover_adopt_job_set_node_uuid (TakeoverAdoptJob *self,
                                  const char       *node_uuid)
{
  g_return_if_fail (TAKEOVER_IS_ADOPT_JOB (self));

  set_string (self, &self->node_uuid, node_uuid, PROP_NODE_UUID);
}

void
takeover_adopt_job_set_provision_state (TakeoverAdoptJob *self,
                                        const char       *provision_state)
{
  g_return_if_fail (TAKEOVER_IS_ADOPT_JOB (self));

  set_string (self, &self->provision_state, provision_state, PROP_PROVISION_STATE);
}

void
takeover_adopt_job_set_message (TakeoverAdoptJob *self,
                                const char       *message)
{
  g_return_if_fail (TAKEOVER_IS_ADOPT_JOB (self));

  set_string (self, &self->message, message, PROP_MESSAGE);
}

void
takeover_adopt_job_add_plan_step (TakeoverAdoptJob *self,
                                  const char       *step)
{
  g_return_if_fail (TAKEOVER_IS_ADOPT_JOB (self));
  g_return_if_fail (step != NULL);

  g_ptr_array_add (self->plan, g_strdup (step));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAN]);
}

void
takeover_adopt_job_add_attempt (TakeoverAdoptJob *self)
{
  g_return_if_fail (TAKEOVER_IS_ADOPT_JOB (self));

  self->attempts++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS]);
}

/**
 * takeover_adopt_job_fail:
 * @message: what went wrong, in a sentence
 * @last_error: (nullable): Ironic's last_error of the node, if it has one
 * @hint: (nullable): what the operator can do about it
 *
 * Stops the job at the step it had reached.
 */
void
takeover_adopt_job_fail (TakeoverAdoptJob *self,
                         const char       *message,
                         const char       *last_error,
                         const char       *hint)
{
  g_return_if_fail (TAKEOVER_IS_ADOPT_JOB (self));
  g_return_if_fail (message != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->message, message, PROP_MESSAGE);
  set_string (self, &self->last_error, last_error, PROP_LAST_ERROR);
  set_string (self, &self->hint, hint, PROP_HINT);
  takeover_adopt_job_set_state (self, TAKEOVER_ADOPT_STATE_FAILED);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * takeover_adopt_job_reset:
 *
 * Makes a stopped job pending again, for another run; what Ironic said about the node stays.
 */
void
takeover_adopt_job_reset (TakeoverAdoptJob *self)
{
  g_return_if_fail (TAKEOVER_IS_ADOPT_JOB (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
  set_string (self, &self->message, NULL, PROP_MESSAGE);
  set_string (self, &self->last_error, NULL, PROP_LAST_ERROR);
  set_string (self, &self->hint, NULL, PROP_HINT);
  if (self->plan->len != 0)
    {
      g_ptr_array_set_size (self->plan, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAN]);
    }
  if (self->attempts != 0)
    {
      self->attempts = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS]);
    }
  if (self->failed_state != TAKEOVER_ADOPT_STATE_PENDING)
    {
      self->failed_state = TAKEOVER_ADOPT_STATE_PENDING;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED_STATE]);
    }
  takeover_adopt_job_set_state (self, TAKEOVER_ADOPT_STATE_PENDING);
  g_object_thaw_notify (G_OBJECT (self));
}
