/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-fleet-probe"

#include "config.h"

#include "takeover-fleet-probe.h"
#include "takeover-probe-ironic.h"

struct _TakeoverFleetProbe
{
  GObject            parent_instance;

  TakeoverProbePool *pool;
  guint              timeout_ms;
  guint              retries;
  gboolean           insist_cipher_suite_zero;
  gboolean           trust_new_host_keys;
  /* TakeoverHost -> the GCancellable of its running probe, for takeover_fleet_probe_cancel_host() */
  GHashTable        *running;
};

enum {
  HOST_PROGRESS,
  HOST_FINISHED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (TakeoverFleetProbe, takeover_fleet_probe, G_TYPE_OBJECT)

static guint signals[N_SIGNALS];

/* One host's probe: its own cancellable, cancelled by takeover_fleet_probe_cancel_host() or
 * by the caller's. */
typedef struct
{
  TakeoverFleetProbe *self;
  TakeoverHost       *host;
  GCancellable       *own;
  GCancellable       *outer;
  gulong              outer_handler;
} HostProbe;

typedef struct
{
  guint   pending;
  gssize  answered;
} Run;

/* What the progress callback needs. A cancelled host's worker may report (and hold this) long
 * after the run is over, so it keeps the fleet probe only weakly, letting it go. */
typedef struct
{
  GWeakRef      self;
  TakeoverHost *host;
} Progress;

static void
host_probe_free (HostProbe *probe)
{
  if (probe->outer_handler != 0)
    g_cancellable_disconnect (probe->outer, probe->outer_handler);
  g_clear_object (&probe->outer);
  g_clear_object (&probe->own);
  g_clear_object (&probe->host);
  g_clear_object (&probe->self);
  g_free (probe);
}

static void
progress_free (Progress *progress)
{
  g_weak_ref_clear (&progress->self);
  g_object_unref (progress->host);
  g_free (progress);
}

static void
progress_cb (const TakeoverProbeRequest *request,
             TakeoverProbeStage          stage,
             gpointer                    user_data)
{
  Progress *progress = user_data;
  g_autoptr(TakeoverFleetProbe) self = g_weak_ref_get (&progress->self);

  /* Called on the caller's main context, where the host lives. */
  if (stage == TAKEOVER_PROBE_STAGE_IPMI || stage == TAKEOVER_PROBE_STAGE_SSH)
    takeover_host_set_probe_state (progress->host, TAKEOVER_HOST_PROBE_RUNNING, NULL);
  if (self != NULL)
    g_signal_emit (self, signals[HOST_PROGRESS], 0, progress->host, stage);
}

/* The sentence a list shows for a host whose probe failed: the refusal, or the first problem
 * with a part that did not answer (the rest are in the result). */
static char *
dup_failure (TakeoverProbeResult *result,
             const GError        *error)
{
  if (error != NULL)
    return g_strdup (error->message);

  for (guint i = 0; result != NULL && i < result->problems->len; i++)
    {
      const TakeoverProbeProblem *problem = g_ptr_array_index (result->problems, i);

      if ((g_str_equal (problem->part, "ipmi") && !result->ipmi_answered) ||
          (g_str_equal (problem->part, "ssh") && !result->ssh_answered))
        return g_strdup (problem->error->message);
    }

  return NULL;
}

static void
outer_cancelled_cb (GCancellable *outer,
                    GCancellable *own)
{
  g_cancellable_cancel (own);
}

/* What LLDP found fills in the switch ports the operator has not set. */
static void
seed_local_link_connections (TakeoverHost        *host,
                             TakeoverProbeResult *result)
{
  JsonObject *current = takeover_host_get_local_link_connections (host);
  g_autoptr(JsonObject) seeded = json_object_new ();
  gboolean changed = FALSE;

  if (current != NULL)
    {
      JsonObjectIter iter;
      const char *mac;
      JsonNode *node;

      json_object_iter_init (&iter, current);
      while (json_object_iter_next (&iter, &mac, &node))
        json_object_set_member (seeded, mac, json_node_copy (node));
    }

  for (guint i = 0; i < result->nics->len; i++)
    {
      const TakeoverProbeNic *nic = g_ptr_array_index (result->nics, i);
      JsonObject *link;

      if (nic->lldp == NULL || nic->mac == NULL || json_object_has_member (seeded, nic->mac))
        continue;

      link = takeover_probe_ironic_local_link_connection (nic->lldp);
      if (link == NULL)
        continue;

      json_object_set_object_member (seeded, nic->mac, link);
      changed = TRUE;
    }

  if (changed)
    takeover_host_set_local_link_connections (host, seeded);
}

static void
probe_host_cb (GObject      *object,
               GAsyncResult *async_result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HostProbe *probe = g_task_get_task_data (task);
  TakeoverFleetProbe *self = probe->self;
  g_autoptr(TakeoverProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = takeover_probe_pool_probe_finish (TAKEOVER_PROBE_POOL (object), async_result, &error);

  if (g_hash_table_lookup (self->running, probe->host) == probe->own)
    g_hash_table_remove (self->running, probe->host);

  if (result != NULL)
    takeover_fleet_probe_apply_result (probe->host, result);
  if (result != NULL && takeover_probe_result_answered (result))
    takeover_host_set_probe_state (probe->host, TAKEOVER_HOST_PROBE_ANSWERED, NULL);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    takeover_host_set_probe_state (probe->host, TAKEOVER_HOST_PROBE_NONE, NULL);
  else
    {
      g_autofree char *failure = dup_failure (result, error);

      takeover_host_set_probe_state (probe->host, TAKEOVER_HOST_PROBE_FAILED, failure);
    }
  g_signal_emit (self, signals[HOST_FINISHED], 0, probe->host, result, error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&result),
                           (GDestroyNotify) takeover_probe_result_unref);
}

static void
takeover_fleet_probe_dispose (GObject *object)
{
  TakeoverFleetProbe *self = (TakeoverFleetProbe *) object;

  g_clear_object (&self->pool);
  g_clear_pointer (&self->running, g_hash_table_unref);

  G_OBJECT_CLASS (takeover_fleet_probe_parent_class)->dispose (object);
}

static void
takeover_fleet_probe_class_init (TakeoverFleetProbeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = takeover_fleet_probe_dispose;

  signals[HOST_PROGRESS] =
    g_signal_new ("host-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, TAKEOVER_TYPE_HOST, G_TYPE_UINT);
  signals[HOST_FINISHED] =
    g_signal_new ("host-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, TAKEOVER_TYPE_HOST,
                  TAKEOVER_TYPE_PROBE_RESULT | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
takeover_fleet_probe_init (TakeoverFleetProbe *self)
{
  self->timeout_ms = TAKEOVER_PROBE_DEFAULT_TIMEOUT_MS;
  self->retries = TAKEOVER_PROBE_DEFAULT_RETRIES;
  self->trust_new_host_keys = TRUE;
  self->running = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
}

TakeoverFleetProbe *
takeover_fleet_probe_new (guint concurrency)
{
  TakeoverFleetProbe *self = g_object_new (TAKEOVER_TYPE_FLEET_PROBE, NULL);

  self->pool = takeover_probe_pool_new (concurrency);
  return self;
}

TakeoverProbePool *
takeover_fleet_probe_get_pool (TakeoverFleetProbe *self)
{
  g_return_val_if_fail (TAKEOVER_IS_FLEET_PROBE (self), NULL);

  return self->pool;
}

guint
takeover_fleet_probe_get_timeout_ms (TakeoverFleetProbe *self)
{
  g_return_val_if_fail (TAKEOVER_IS_FLEET_PROBE (self), 0);

  return self->timeout_ms;
}

void
takeover_fleet_probe_set_timeout_ms (TakeoverFleetProbe *self,
                                     guint               timeout_ms)
{
  g_return_if_fail (TAKEOVER_IS_FLEET_PROBE (self));
  g_return_if_fail (timeout_ms > 0);

  self->timeout_ms = timeout_ms;
}

guint
takeover_fleet_probe_get_retries (TakeoverFleetProbe *self)
{
  g_return_val_if_fail (TAKEOVER_IS_FLEET_PROBE (self), 0);

  return self->retries;
}

void
takeover_fleet_probe_set_retries (TakeoverFleetProbe *self,
                                  guint               retries)
{
  g_return_if_fail (TAKEOVER_IS_FLEET_PROBE (self));
  g_return_if_fail (retries > 0);

  self->retries = retries;
}

void
takeover_fleet_probe_set_insist_cipher_suite_zero (TakeoverFleetProbe *self,
                                                   gboolean            insist)
{
  g_return_if_fail (TAKEOVER_IS_FLEET_PROBE (self));

  self->insist_cipher_suite_zero = !!insist;
}

gboolean
takeover_fleet_probe_get_insist_cipher_suite_zero (TakeoverFleetProbe *self)
{
  g_return_val_if_fail (TAKEOVER_IS_FLEET_PROBE (self), FALSE);

  return self->insist_cipher_suite_zero;
}

gboolean
takeover_fleet_probe_get_trust_new_host_keys (TakeoverFleetProbe *self)
{
  g_return_val_if_fail (TAKEOVER_IS_FLEET_PROBE (self), TRUE);

  return self->trust_new_host_keys;
}

/**
 * takeover_fleet_probe_set_trust_new_host_keys:
 * @trust: whether a server's SSH host key that no known_hosts file holds is recorded in
 *   Takeover's own known_hosts and trusted (trust on first use, the default)
 *
 * Off, only keys already known are accepted, and a server with an unknown key fails its probe
 * with TAKEOVER_PROBE_ERROR_HOST_KEY_UNKNOWN: for sites that distribute known_hosts themselves.
 * A changed key fails either way.
 */
void
takeover_fleet_probe_set_trust_new_host_keys (TakeoverFleetProbe *self,
                                              gboolean            trust)
{
  g_return_if_fail (TAKEOVER_IS_FLEET_PROBE (self));

  self->trust_new_host_keys = !!trust;
}

TakeoverProbeRequest *
takeover_fleet_probe_request_for_host (TakeoverFleetProbe *self,
                                       TakeoverHost       *host)
{
  TakeoverProbeRequest *request;

  g_return_val_if_fail (TAKEOVER_IS_FLEET_PROBE (self), NULL);
  g_return_val_if_fail (TAKEOVER_IS_HOST (host), NULL);

  request = takeover_probe_request_new ();
  request->name = g_strdup (takeover_host_get_display_name (host));
  request->bmc_address = g_strdup (takeover_host_get_bmc_address (host));
  request->bmc_port = takeover_host_get_bmc_port (host);
  request->bmc_username = g_strdup (takeover_host_get_bmc_username (host));
  request->bmc_password = g_strdup (takeover_host_get_bmc_password (host));
  request->bmc_cipher_suite = takeover_host_get_bmc_cipher_suite (host);
  request->bmc_privilege = takeover_host_get_bmc_privilege (host);
  request->bmc_insist_cipher_suite = self->insist_cipher_suite_zero;
  request->bmc_timeout_ms = self->timeout_ms;
  request->bmc_retries = self->retries;
  request->mgmt_ip = g_strdup (takeover_host_get_mgmt_ip (host));
  request->ssh_port = takeover_host_get_ssh_port (host);
  request->ssh_username = g_strdup (takeover_host_get_ssh_username (host));
  request->ssh_password = g_strdup (takeover_host_get_ssh_password (host));
  request->ssh_key_file = g_strdup (takeover_host_get_ssh_key_file (host));
  request->ssh_timeout_ms = self->timeout_ms;
  request->ssh_no_trust_on_first_use = !self->trust_new_host_keys;
  return request;
}

void
takeover_fleet_probe_probe_host_async (TakeoverFleetProbe  *self,
                                       TakeoverHost        *host,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(TakeoverProbeRequest) request = NULL;
  g_autoptr(GTask) task = NULL;
  HostProbe *probe;
  Progress *progress;

  g_return_if_fail (TAKEOVER_IS_FLEET_PROBE (self));
  g_return_if_fail (TAKEOVER_IS_HOST (host));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_fleet_probe_probe_host_async);

  probe = g_new0 (HostProbe, 1);
  probe->self = g_object_ref (self);
  probe->host = g_object_ref (host);
  probe->own = g_cancellable_new ();
  if (cancellable != NULL)
    {
      probe->outer = g_object_ref (cancellable);
      probe->outer_handler = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                                    probe->own, NULL);
    }
  g_task_set_task_data (task, probe, (GDestroyNotify) host_probe_free);
  g_hash_table_replace (self->running, g_object_ref (host), g_object_ref (probe->own));

  progress = g_new0 (Progress, 1);
  g_weak_ref_init (&progress->self, self);
  progress->host = g_object_ref (host);

  takeover_host_set_probe_state (host, TAKEOVER_HOST_PROBE_WAITING, NULL);
  request = takeover_fleet_probe_request_for_host (self, host);
  takeover_probe_pool_probe_async (self->pool, request,
                                   progress_cb, progress, (GDestroyNotify) progress_free,
                                   probe->own, probe_host_cb, g_steal_pointer (&task));
}

TakeoverProbeResult *
takeover_fleet_probe_probe_host_finish (TakeoverFleetProbe  *self,
                                        GAsyncResult        *result,
                                        GError             **error)
{
  g_return_val_if_fail (TAKEOVER_IS_FLEET_PROBE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
run_host_cb (GObject      *object,
             GAsyncResult *async_result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(TakeoverProbeResult) result = NULL;

  result = takeover_fleet_probe_probe_host_finish (TAKEOVER_FLEET_PROBE (object), async_result,
                                                   NULL);
  if (result != NULL && takeover_probe_result_answered (result))
    run->answered++;

  if (--run->pending > 0)
    return;

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_int (task, run->answered);
}

void
takeover_fleet_probe_run_async (TakeoverFleetProbe  *self,
                                GListModel          *hosts,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  guint n_hosts;
  Run *run;

  g_return_if_fail (TAKEOVER_IS_FLEET_PROBE (self));
  g_return_if_fail (G_IS_LIST_MODEL (hosts));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_fleet_probe_run_async);

  n_hosts = g_list_model_get_n_items (hosts);
  if (n_hosts == 0)
    {
      g_task_return_int (task, 0);
      return;
    }

  run = g_new0 (Run, 1);
  run->pending = n_hosts;
  g_task_set_task_data (task, run, g_free);

  for (guint i = 0; i < n_hosts; i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (hosts, i);

      takeover_fleet_probe_probe_host_async (self, host, cancellable, run_host_cb,
                                             g_object_ref (task));
    }
}

gssize
takeover_fleet_probe_run_finish (TakeoverFleetProbe  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  g_return_val_if_fail (TAKEOVER_IS_FLEET_PROBE (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  return g_task_propagate_int (G_TASK (result), error);
}

void
takeover_fleet_probe_cancel_host (TakeoverFleetProbe *self,
                                  TakeoverHost       *host)
{
  GCancellable *cancellable;

  g_return_if_fail (TAKEOVER_IS_FLEET_PROBE (self));
  g_return_if_fail (TAKEOVER_IS_HOST (host));

  cancellable = g_hash_table_lookup (self->running, host);
  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
}

/**
 * takeover_fleet_probe_apply_result:
 *
 * Keeps @result on @host, and fills in from its LLDP neighbours the switch ports
 * (TakeoverHost:local-link-connections) of the MACs the operator has not set.
 */
void
takeover_fleet_probe_apply_result (TakeoverHost        *host,
                                   TakeoverProbeResult *result)
{
  g_return_if_fail (TAKEOVER_IS_HOST (host));
  g_return_if_fail (result != NULL);

  takeover_host_set_probe_result (host, result);
  seed_local_link_connections (host, result);
}
