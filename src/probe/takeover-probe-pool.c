/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-probe"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-ipmi-probe.h"
#include "takeover-probe-error.h"
#include "takeover-probe-pool.h"
#include "takeover-ssh-probe.h"

/* Runs blocking FreeIPMI and libssh2 work on a bounded set of threads (gnome-builder's
 * ide-thread-pool.c), one job a host, and hands each result back on the caller's context. */
struct _TakeoverProbePool
{
  GObject      parent_instance;

  GThreadPool *threads;
  guint        concurrency;
};

enum {
  PROP_0,
  PROP_CONCURRENCY,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TakeoverProbePool, takeover_probe_pool, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* One host's probe. The worker owns request and result until it posts them back; task,
 * cancel_source and the progress callback are touched only on the caller's context. The
 * worker never drops the last reference, so the pool is never finalized on its own thread. */
typedef struct
{
  gatomicrefcount            ref;
  TakeoverProbePool         *pool;
  GMainContext              *context;
  TakeoverProbeRequest      *request;
  TakeoverProbeResult       *result;
  GCancellable              *cancellable;
  GTask                     *task;
  GSource                   *cancel_source;
  TakeoverProbeProgressFunc  progress;
  gpointer                   progress_data;
  GDestroyNotify             progress_destroy;
} Job;

typedef struct
{
  Job                *job;
  TakeoverProbeStage  stage;
} Progress;

static Job *
job_ref (Job *job)
{
  g_atomic_ref_count_inc (&job->ref);
  return job;
}

static void
job_unref (gpointer data)
{
  Job *job = data;

  if (!g_atomic_ref_count_dec (&job->ref))
    return;

  g_assert (job->task == NULL);
  g_clear_pointer (&job->cancel_source, g_source_unref);
  if (job->progress_destroy != NULL)
    job->progress_destroy (job->progress_data);
  g_clear_pointer (&job->request, takeover_probe_request_free);
  g_clear_pointer (&job->result, takeover_probe_result_unref);
  g_clear_object (&job->cancellable);
  g_main_context_unref (job->context);
  g_object_unref (job->pool);
  g_free (job);
}

/* Returns the task once: a cancelled job returns early and its worker's result is dropped. */
static void
job_return (Job    *job,
            GError *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&job->task);

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }

  if (job->cancel_source != NULL)
    g_source_destroy (job->cancel_source);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, takeover_probe_result_ref (job->result),
                           (GDestroyNotify) takeover_probe_result_unref);
}

/* Runs @func on the caller's context. Not g_main_context_invoke(): from a worker it runs the
 * function right there when the context is the global default and happens to be free. */
static void
job_post (Job            *job,
          GSourceFunc     func,
          gpointer        data,
          GDestroyNotify  destroy)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, destroy);
  g_source_set_static_name (source, "[takeover] probe result");
  g_source_attach (source, job->context);
  g_source_unref (source);
}

static gboolean
progress_cb (gpointer data)
{
  Progress *progress = data;
  Job *job = progress->job;

  if (job->task != NULL && job->progress != NULL)
    job->progress (job->request, progress->stage, job->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  job_unref (progress->job);
  g_free (progress);
}

static void
job_report (Job                *job,
            TakeoverProbeStage  stage)
{
  Progress *progress = g_new0 (Progress, 1);

  progress->job = job_ref (job);
  progress->stage = stage;
  job_post (job, progress_cb, progress, progress_free);
}

static gboolean
job_done_cb (gpointer data)
{
  Job *job = data;

  if (job->task != NULL && job->progress != NULL)
    job->progress (job->request, TAKEOVER_PROBE_STAGE_DONE, job->progress_data);
  job_return (job, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
job_cancelled_cb (GCancellable *cancellable,
                  gpointer      data)
{
  Job *job = data;

  job_return (job, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                        _("The probe was cancelled")));
  return G_SOURCE_REMOVE;
}

static gpointer
ipmi_thread_cb (gpointer data)
{
  Job *job = data;
  TakeoverProbeResult *part = takeover_probe_result_new (job->request->name);

  takeover_ipmi_probe_run (job->request, part, job->cancellable);
  return part;
}

/* Moves what the IPMI thread learnt into the job's result, its problems first. */
static void
take_ipmi_part (TakeoverProbeResult *result,
                TakeoverProbeResult *part)
{
  char **strings[][2] = {
    { &result->bmc_manufacturer, &part->bmc_manufacturer },
    { &result->bmc_product, &part->bmc_product },
    { &result->bmc_firmware, &part->bmc_firmware },
    { &result->bmc_ip, &part->bmc_ip },
    { &result->bmc_mac, &part->bmc_mac },
    { &result->fru_vendor, &part->fru_vendor },
    { &result->fru_product, &part->fru_product },
    { &result->fru_serial, &part->fru_serial },
  };

  result->ipmi_answered = part->ipmi_answered;
  result->power_state = part->power_state;
  result->bmc_manufacturer_id = part->bmc_manufacturer_id;
  result->bmc_product_id = part->bmc_product_id;
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_free (*strings[i][0]);
      *strings[i][0] = g_steal_pointer (strings[i][1]);
    }
  g_ptr_array_unref (result->sensors);
  result->sensors = g_steal_pointer (&part->sensors);
  for (guint i = 0; part->problems->len > 0; i++)
    g_ptr_array_insert (result->problems, i, g_ptr_array_steal_index (part->problems, 0));
  takeover_probe_result_unref (part);
}

/* Both parts run at once, IPMI on a thread of its own, so that a hung BMC does not hold back
 * the host's facts (and the other way round): a host takes as long as its slower part. At
 * most one such thread per pool thread, so the pool stays bounded. */
static void
worker_cb (gpointer data,
           gpointer pool_data)
{
  Job *job = data;
  gint64 started = g_get_monotonic_time ();
  GThread *ipmi = NULL;
  gboolean ipmi_here = FALSE;

  if (!g_cancellable_is_cancelled (job->cancellable))
    {
      if (job->request->bmc_address != NULL)
        {
          g_autoptr(GError) error = NULL;

          job_report (job, TAKEOVER_PROBE_STAGE_IPMI);
          /* Out of threads (a ulimit, a container's pids limit): the parts run one after the
           * other on this thread, slower but never aborting the process. */
          ipmi = g_thread_try_new ("takeover-ipmi", ipmi_thread_cb, job, &error);
          if (ipmi == NULL)
            {
              g_debug ("No thread for %s's IPMI part, probing it after SSH: %s",
                       job->request->name, error->message);
              ipmi_here = TRUE;
            }
        }
      if (job->request->mgmt_ip != NULL)
        {
          job_report (job, TAKEOVER_PROBE_STAGE_SSH);
          takeover_ssh_probe_run (job->request, job->result, job->cancellable);
        }
      if (ipmi != NULL)
        take_ipmi_part (job->result, g_thread_join (ipmi));
      else if (ipmi_here)
        take_ipmi_part (job->result, ipmi_thread_cb (job));
    }
  job->result->seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  /* The reference the pool held passes to the main-context callback. */
  job_post (job, job_done_cb, job, job_unref);
}

static void
takeover_probe_pool_finalize (GObject *object)
{
  TakeoverProbePool *self = (TakeoverProbePool *) object;

  /* Every job holds a reference, so no job is left by now. */
  g_thread_pool_free (self->threads, TRUE, TRUE);

  G_OBJECT_CLASS (takeover_probe_pool_parent_class)->finalize (object);
}

static void
takeover_probe_pool_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TakeoverProbePool *self = TAKEOVER_PROBE_POOL (object);

  switch (prop_id)
    {
    case PROP_CONCURRENCY:
      g_value_set_uint (value, self->concurrency);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
takeover_probe_pool_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TakeoverProbePool *self = TAKEOVER_PROBE_POOL (object);

  switch (prop_id)
    {
    case PROP_CONCURRENCY:
      takeover_probe_pool_set_concurrency (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
takeover_probe_pool_class_init (TakeoverProbePoolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = takeover_probe_pool_finalize;
  object_class->get_property = takeover_probe_pool_get_property;
  object_class->set_property = takeover_probe_pool_set_property;

  properties[PROP_CONCURRENCY] =
    g_param_spec_uint ("concurrency", NULL, NULL,
                       1, 1024, TAKEOVER_PROBE_POOL_DEFAULT_CONCURRENCY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_CONSTRUCT |
                       G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
takeover_probe_pool_init (TakeoverProbePool *self)
{
  self->concurrency = TAKEOVER_PROBE_POOL_DEFAULT_CONCURRENCY;
  self->threads = g_thread_pool_new (worker_cb, self, self->concurrency, FALSE, NULL);
}

TakeoverProbePool *
takeover_probe_pool_new (guint concurrency)
{
  return g_object_new (TAKEOVER_TYPE_PROBE_POOL,
                       "concurrency", concurrency > 0 ? concurrency
                                                      : TAKEOVER_PROBE_POOL_DEFAULT_CONCURRENCY,
                       NULL);
}

guint
takeover_probe_pool_get_concurrency (TakeoverProbePool *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PROBE_POOL (self), 0);

  return self->concurrency;
}

void
takeover_probe_pool_set_concurrency (TakeoverProbePool *self,
                                     guint              concurrency)
{
  g_return_if_fail (TAKEOVER_IS_PROBE_POOL (self));
  g_return_if_fail (concurrency > 0);

  if (self->concurrency == concurrency)
    return;

  self->concurrency = concurrency;
  g_thread_pool_set_max_threads (self->threads, concurrency, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONCURRENCY]);
}


/* The feeder: one thread of the process that hands jobs to the pools.
 *
 * g_thread_pool_push() starts a worker thread when none is idle, and on this 2-core VM under
 * load pthread_create() took some 20 ms: a run starting its first probes from the main thread
 * froze a window for 0.6 s (bench/ui). The main thread only queues the job here; the feeder
 * waits for the pool's threads to be made. Without a feeder (no thread to be had), jobs go to
 * the pool directly. */
static GAsyncQueue *feed;

static gpointer
feeder_thread_cb (gpointer data)
{
  for (;;)
    {
      Job *job = g_async_queue_pop (feed);

      g_thread_pool_push (job->pool->threads, job, NULL);
    }

  return NULL;
}

static void
feed_job (Job *job)
{
  static gsize started = 0;

  if (g_once_init_enter (&started))
    {
      g_autoptr(GError) error = NULL;
      GThread *thread;

      feed = g_async_queue_new ();
      if ((thread = g_thread_try_new ("takeover-feeder", feeder_thread_cb, NULL, &error)) != NULL)
        g_thread_unref (thread);
      else
        {
          g_debug ("No feeder thread, the probes start from their callers: %s", error->message);
          g_clear_pointer (&feed, g_async_queue_unref);
        }
      g_once_init_leave (&started, 1);
    }

  if (feed != NULL)
    g_async_queue_push (feed, job);
  else
    g_thread_pool_push (job->pool->threads, job, NULL);
}

void
takeover_probe_pool_probe_async (TakeoverProbePool          *self,
                                 const TakeoverProbeRequest *request,
                                 TakeoverProbeProgressFunc   progress,
                                 gpointer                    progress_data,
                                 GDestroyNotify              progress_destroy,
                                 GCancellable               *cancellable,
                                 GAsyncReadyCallback         callback,
                                 gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (TAKEOVER_IS_PROBE_POOL (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_probe_pool_probe_async);

  if (request->bmc_address == NULL && request->mgmt_ip == NULL)
    {
      if (progress_destroy != NULL)
        progress_destroy (progress_data);
      g_task_return_new_error (task, TAKEOVER_PROBE_ERROR, TAKEOVER_PROBE_ERROR_INVALID,
                               _("%s has neither a BMC address nor a management IP"),
                               request->name != NULL ? request->name : _("The host"));
      return;
    }

  job = g_new0 (Job, 1);
  g_atomic_ref_count_init (&job->ref);
  job->pool = g_object_ref (self);
  job->context = g_main_context_ref_thread_default ();
  job->request = takeover_probe_request_copy (request);
  job->result = takeover_probe_result_new (request->name);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  job->task = g_steal_pointer (&task);
  job->progress = progress;
  job->progress_data = progress_data;
  job->progress_destroy = progress_destroy;

  if (cancellable != NULL)
    {
      job->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (job->cancel_source, G_SOURCE_FUNC (job_cancelled_cb),
                             job_ref (job), job_unref);
      g_source_attach (job->cancel_source, job->context);
    }

  if (progress != NULL)
    progress (job->request, TAKEOVER_PROBE_STAGE_QUEUED, progress_data);
  feed_job (job);
}

TakeoverProbeResult *
takeover_probe_pool_probe_finish (TakeoverProbePool  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (TAKEOVER_IS_PROBE_POOL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        takeover_probe_pool_probe_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
takeover_probe_stage_to_string (TakeoverProbeStage stage)
{
  switch (stage)
    {
    case TAKEOVER_PROBE_STAGE_QUEUED:
      return _("Waiting");
    case TAKEOVER_PROBE_STAGE_IPMI:
      return _("Reading the BMC");
    case TAKEOVER_PROBE_STAGE_SSH:
      return _("Reading the operating system");
    case TAKEOVER_PROBE_STAGE_DONE:
      return _("Done");
    default:
      g_return_val_if_reached (NULL);
    }
}
