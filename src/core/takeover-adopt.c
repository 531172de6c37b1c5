/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-adopt"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-adopt-job-private.h"
#include "takeover-adopt.h"
#include "takeover-facts.h"
#include "takeover-probe-ironic.h"

/* The adoption engine: takes running servers into Ironic in place, a TakeoverAdoptJob per host,
 * a bounded number at a time, each on its own without stopping the others.
 *
 * For each host it asks Ironic before it acts (the node by name, its ports by node or MAC), so
 * a run that was interrupted, killed or started twice resumes where the cloud is, creates
 * nothing twice, and leaves no port without its node (a port needs its node) and no node
 * without its ports (the ports come right after the node, and a re-run adds what is missing).
 *
 * It never asks for anything that touches the machines: no power action, no boot device, no
 * provide, undeploy, clean, deleted or rebuild. The only provision actions it sends are
 * "manage" (Ironic reads the BMC) and "adopt" (Ironic takes the node as deployed). */
struct _TakeoverAdopt
{
  GObject             parent_instance;

  TakeoverIronic     *ironic;
  TakeoverFleetProbe *probe;
  GListStore         *jobs;
  TakeoverJournal    *journal;
  TakeoverAdoptAudit *audit;
  char               *image_source;
  char               *resource_class;
  char               *owner;
  char               *deploy_kernel;
  char               *deploy_ramdisk;
  guint               concurrency;
  guint               adopt_attempts;
  guint               state_timeout;
  gboolean            dry_run;
  /* No new host is started while paused; those in progress go on to their end. */
  gboolean            paused;

  /* The run in progress. */
  GTask              *run_task;
  GQueue              queue;            /* TakeoverAdoptJob, waiting for a slot */
  gboolean            started;          /* past discovery: hosts may be started */
  guint               n_running;
  GHashTable         *running;          /* GCancellable of a running job -> its TakeoverAdoptJob */
  GHashTable         *excluded;         /* TakeoverAdoptJob left out by takeover_adopt_skip_job() */
  GHashTable         *prefetches;       /* TakeoverAdoptJob -> its Prefetch, for this run */
  GQueue              to_prefetch;      /* TakeoverAdoptJob whose probe is yet to start */
  guint               n_prefetching;    /* prefetch probes in flight */
  GHashTable         *node_names;       /* the nodes' names when the run began; NULL: unknown */
  gulong              cancelled_handler;
  gulong              request_handler;
  TakeoverJournal    *run_journal;      /* the journal this run writes, watched for failures */
  gulong              journal_handler;
  GError             *stop_error;       /* why the run stopped itself (its journal failed) */
  /* What the server can take, from its versions. */
  gboolean            can_set_owner;
  gboolean            knows_boot_option;
};

enum {
  PROP_0,
  PROP_IRONIC,
  PROP_PROBE,
  PROP_JOBS,
  PROP_IMAGE_SOURCE,
  PROP_RESOURCE_CLASS,
  PROP_OWNER,
  PROP_DEPLOY_KERNEL,
  PROP_DEPLOY_RAMDISK,
  PROP_CONCURRENCY,
  PROP_ADOPT_ATTEMPTS,
  PROP_STATE_TIMEOUT,
  PROP_DRY_RUN,
  PROP_JOURNAL,
  PROP_AUDIT,
  PROP_PAUSED,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TakeoverAdopt, takeover_adopt, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* The string settings, in PROP_ order, so that get/set/finalize share one table. */
static const gsize string_offsets[] = {
  [PROP_IMAGE_SOURCE] = G_STRUCT_OFFSET (TakeoverAdopt, image_source),
  [PROP_RESOURCE_CLASS] = G_STRUCT_OFFSET (TakeoverAdopt, resource_class),
  [PROP_OWNER] = G_STRUCT_OFFSET (TakeoverAdopt, owner),
  [PROP_DEPLOY_KERNEL] = G_STRUCT_OFFSET (TakeoverAdopt, deploy_kernel),
  [PROP_DEPLOY_RAMDISK] = G_STRUCT_OFFSET (TakeoverAdopt, deploy_ramdisk),
};
#define FIRST_STRING_PROP PROP_IMAGE_SOURCE
#define LAST_STRING_PROP  PROP_DEPLOY_RAMDISK

static const gsize uint_offsets[] = {
  [PROP_CONCURRENCY] = G_STRUCT_OFFSET (TakeoverAdopt, concurrency),
  [PROP_ADOPT_ATTEMPTS] = G_STRUCT_OFFSET (TakeoverAdopt, adopt_attempts),
  [PROP_STATE_TIMEOUT] = G_STRUCT_OFFSET (TakeoverAdopt, state_timeout),
};
#define FIRST_UINT_PROP PROP_CONCURRENCY
#define LAST_UINT_PROP  PROP_STATE_TIMEOUT

#define STRING_FIELD(self, prop) ((char **) G_STRUCT_MEMBER_P ((self), string_offsets[(prop)]))
#define UINT_FIELD(self, prop)   ((guint *) G_STRUCT_MEMBER_P ((self), uint_offsets[(prop)]))

/* Ironic learnt to record a node's owner in API 1.50. */
#define OWNER_MICROVERSION "1.50"
/* Ironic dropped network boot in 21.0 (API 1.79): from then on every node boots locally and
 * the boot_option capability means nothing to it. */
#define NO_BOOT_OPTION_MICROVERSION "1.79"

/* The node fields the engine reads; "owner" is added when the server has it. */
static const char * const node_fields[] = {
  "uuid", "name", "provision_state", "target_provision_state", "power_state", "driver",
  "driver_info", "properties", "instance_info", "last_error", "maintenance",
  "maintenance_reason", "resource_class", NULL
};

static const char * const name_fields[] = { "name", NULL };

/* A provision action Ironic refuses because the node moved on meanwhile (an earlier run's
 * action landing late) is retried from the node's new state, this many times at most. */
#define MAX_REDRIVES 3
/* A BMC that fails the preflight probe is asked once more after this delay: a busy BMC may
 * refuse a session it would take a moment later. */
#define PROBE_RETRY_DELAY_MS 2000

/* Provision states from which the engine may still change the node's fields. */
static const char * const editable_states[] = { "enroll", "manageable", "adopt failed", NULL };

/* One host's way through the steps. It holds what the engine learnt about the host so far. */
typedef struct
{
  TakeoverAdopt       *self;
  TakeoverAdoptJob    *job;
  TakeoverHost        *host;
  GCancellable        *cancellable;
  TakeoverProbeResult *probe;
  char                *node_name;   /* the inventory's name, else the hostname the probe read */
  JsonObject          *node;        /* as Ironic last returned it */
  JsonArray           *ports;       /* the ports the host should have, from the probe */
  GHashTable          *node_macs;   /* MACs of the node's ports in Ironic, lower case */
  guint                next_port;
  guint                redrives;    /* times the node was read again after a refused action */
  gboolean             probe_retried;
  gboolean             by_name;     /* the lookup in flight is by name, not by UUID */
  gboolean             looked_up;   /* Ironic was asked for the node */
  gboolean             node_is_new; /* created in this run: it has no ports yet */
} HostRun;

/* A host's probe, started before the host has an adoption slot (see prefetch_probes()). */
typedef struct
{
  TakeoverAdopt       *self;
  TakeoverAdoptJob    *job;
  TakeoverProbeResult *result;
  GError              *error;
  HostRun             *waiting; /* the host's run, when it got its slot before the answer */
  gboolean             done;
  gboolean             taken;
} Prefetch;

static void host_run_lookup_by_name (HostRun *run);
static void host_run_check_adopted  (HostRun    *run,
                                     JsonObject *node);
static void host_run_probe          (HostRun *run);
static void probe_again_cb          (gpointer user_data);
static void host_run_ensure_node    (HostRun *run);
static void host_run_list_ports     (HostRun *run);
static void host_run_next_port      (HostRun *run);
static void host_run_instance_info  (HostRun *run);
static void host_run_drive          (HostRun *run);
static void host_run_adopt          (HostRun *run);
static void host_run_verify         (HostRun *run);
static void host_run_finish         (HostRun *run);
static void pump                    (TakeoverAdopt *self);

static void
host_run_free (HostRun *run)
{
  g_clear_object (&run->self);
  g_clear_object (&run->job);
  g_clear_object (&run->host);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->probe, takeover_probe_result_unref);
  g_clear_pointer (&run->node_name, g_free);
  g_clear_pointer (&run->node, json_object_unref);
  g_clear_pointer (&run->ports, json_array_unref);
  g_clear_pointer (&run->node_macs, g_hash_table_unref);
  g_free (run);
}

static const char *
node_string (JsonObject *node,
             const char *member)
{
  JsonNode *value;

  if (node == NULL || (value = json_object_get_member (node, member)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (value);
}

static JsonObject *
node_object (JsonObject *node,
             const char *member)
{
  JsonNode *value;

  if (node == NULL || (value = json_object_get_member (node, member)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (value))
    return NULL;

  return json_node_get_object (value);
}

/* A JSON scalar as text, so that 623 and "623" compare equal: Ironic keeps driver_info values
 * as the client sent them. */
static char *
scalar_to_string (JsonNode *value)
{
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return NULL;

  switch (json_node_get_value_type (value))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (value));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (value) ? "true" : "false");
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (value));
    default:
      return NULL;
    }
}

static gboolean
members_equal (JsonObject *a,
               JsonObject *b,
               const char *member)
{
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;

  if (a == NULL || b == NULL)
    return FALSE;

  text_a = scalar_to_string (json_object_get_member (a, member));
  text_b = scalar_to_string (json_object_get_member (b, member));

  return text_a != NULL && g_strcmp0 (text_a, text_b) == 0;
}

static gboolean
provision_state_is (HostRun    *run,
                    const char *state)
{
  return g_strcmp0 (node_string (run->node, "provision_state"), state) == 0;
}

static void
record (HostRun *run)
{
  TakeoverAdopt *self = run->self;

  if (self->journal != NULL && !self->dry_run)
    takeover_journal_record (self->journal, run->job);
}

static void
set_state (HostRun            *run,
           TakeoverAdoptState  state)
{
  takeover_adopt_job_set_state (run->job, state);
  if (run->self->audit != NULL)
    takeover_adopt_audit_step (run->self->audit, takeover_host_get_display_name (run->host),
                               takeover_adopt_state_to_string (state),
                               takeover_adopt_job_get_message (run->job));
  record (run);
}

/* Keeps the node Ironic returned, and what the job shows of it. */
static void
set_node (HostRun    *run,
          JsonObject *node)
{
  if (node != run->node)
    {
      g_clear_pointer (&run->node, json_object_unref);
      run->node = node != NULL ? json_object_ref (node) : NULL;
    }

  if (node != NULL)
    {
      if (node_string (node, "uuid") != NULL)
        takeover_adopt_job_set_node_uuid (run->job, node_string (node, "uuid"));
      if (json_object_has_member (node, "provision_state"))
        takeover_adopt_job_set_provision_state (run->job, node_string (node, "provision_state"));
    }
}

/* The advice that goes with an error, for the steps where the error alone does not say it. */
static const char *
hint_for_error (const GError *error)
{
  if (error->domain == TAKEOVER_CLOUD_ERROR)
    {
      switch (error->code)
        {
        case TAKEOVER_CLOUD_ERROR_CONNECT:
        case TAKEOVER_CLOUD_ERROR_TIMEOUT:
        case TAKEOVER_CLOUD_ERROR_UNAVAILABLE:
        case TAKEOVER_CLOUD_ERROR_LOCKED:
        case TAKEOVER_CLOUD_ERROR_SERVER:
          return _("Run the adoption again once Ironic answers: it resumes where it stopped.");
        case TAKEOVER_CLOUD_ERROR_AUTH:
        case TAKEOVER_CLOUD_ERROR_FORBIDDEN:
          return _("Check the cloud’s credentials and that they may manage bare metal nodes.");
        case TAKEOVER_CLOUD_ERROR_VERSION:
          return _("This Ironic is too old for Takeover; its operator must upgrade it.");
        default:
          return _("Fix what the message says, then run the adoption again: it resumes where "
                   "it stopped.");
        }
    }

  return NULL;
}

static void
host_run_fail_full (HostRun    *run,
                    const char *message,
                    const char *last_error,
                    const char *hint)
{
  takeover_adopt_job_fail (run->job, message, last_error, hint);
  if (run->self->audit != NULL)
    takeover_adopt_audit_step (run->self->audit, takeover_host_get_display_name (run->host),
                               takeover_adopt_state_to_string (TAKEOVER_ADOPT_STATE_FAILED),
                               message);
  record (run);
  host_run_finish (run);
}

/* Ends @run on @error: cancelled, or failed at the step it had reached. */
static void
host_run_fail (HostRun *run,
               GError  *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message =
        g_strdup_printf (_("Cancelled at “%s”"),
                         takeover_adopt_state_get_label (takeover_adopt_job_get_state (run->job)));

      takeover_adopt_job_set_message (run->job, message);
      set_state (run, TAKEOVER_ADOPT_STATE_CANCELLED);
      host_run_finish (run);
      return;
    }

  host_run_fail_full (run, error->message, node_string (run->node, "last_error"),
                      hint_for_error (error));
}

/* A dry run stops where the first change would be made; the plan says what would follow. */
static void
host_run_finish_dry (HostRun *run)
{
  guint n_steps = g_strv_length ((char **) takeover_adopt_job_get_plan (run->job));
  g_autofree char *message = NULL;

  message = n_steps == 0
    ? g_strdup (_("Dry run: nothing would change"))
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Dry run: %u change would be made",
                                    "Dry run: %u changes would be made", n_steps), n_steps);
  takeover_adopt_job_set_message (run->job, message);
  takeover_adopt_job_set_state (run->job, TAKEOVER_ADOPT_STATE_SKIPPED);
  host_run_finish (run);
}

static void
plan (HostRun    *run,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
plan (HostRun    *run,
      const char *format,
      ...)
{
  g_autofree char *step = NULL;
  va_list args;

  va_start (args, format);
  step = g_strdup_vprintf (format, args);
  va_end (args);

  takeover_adopt_job_add_plan_step (run->job, step);
}

/* The node must be this host's: a node of the same name for another BMC is someone else's. */
static gboolean
host_run_check_node (HostRun *run)
{
  JsonObject *driver_info = node_object (run->node, "driver_info");
  const char *address = node_string (driver_info, "ipmi_address");

  if (g_strcmp0 (address, takeover_host_get_bmc_address (run->host)) != 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("Ironic already has a node named “%s” for another BMC (%s)"),
                         run->node_name,
                         address != NULL ? address : _("none"));

      takeover_adopt_job_set_node_uuid (run->job, NULL);
      takeover_adopt_job_set_provision_state (run->job, NULL);
      g_clear_pointer (&run->node, json_object_unref);
      host_run_fail_full (run, message, NULL,
                          _("Give the host another name in the inventory, or remove the other "
                            "node if it is stale."));
      return FALSE;
    }

  if (json_object_get_boolean_member_with_default (run->node, "maintenance", FALSE))
    {
      const char *reason = node_string (run->node, "maintenance_reason");
      g_autofree char *message =
        g_strdup_printf (_("The node is in maintenance mode (%s)"),
                         reason != NULL ? reason : _("no reason given"));

      host_run_fail_full (run, message, node_string (run->node, "last_error"),
                          _("Take the node out of maintenance once it is safe, then run the "
                            "adoption again."));
      return FALSE;
    }

  return TRUE;
}

static const char * const *
get_node_fields (TakeoverAdopt *self)
{
  static const char * const *with_owner;

  if (!self->can_set_owner)
    return node_fields;

  if (g_once_init_enter (&with_owner))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      g_strv_builder_addv (builder, (const char **) node_fields);
      g_strv_builder_add (builder, "owner");
      g_once_init_leave (&with_owner, (const char * const *) g_strv_builder_end (builder));
    }

  return with_owner;
}

/* ---- lookup: the node by the UUID the journal remembers, else by name */

/* Ironic has no node for the host: it is made once the probe is in. */
static void
host_run_no_node (HostRun *run)
{
  run->looked_up = TRUE;
  takeover_adopt_job_set_node_uuid (run->job, NULL);
  takeover_adopt_job_set_provision_state (run->job, NULL);
  if (run->probe != NULL)
    host_run_ensure_node (run);
  else
    host_run_probe (run);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  HostRun *run = user_data;
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(GError) error = NULL;

  node = takeover_ironic_get_node_finish (TAKEOVER_IRONIC (object), result, &error);

  if (node == NULL && !g_error_matches (error, TAKEOVER_CLOUD_ERROR,
                                        TAKEOVER_CLOUD_ERROR_NOT_FOUND))
    {
      host_run_fail (run, error);
      return;
    }

  /* A remembered node that is gone, or renamed: look again by name. */
  if (!run->by_name && (node == NULL ||
                        (run->node_name != NULL &&
                         g_strcmp0 (node_string (node, "name"), run->node_name) != 0)))
    {
      g_clear_pointer (&node, json_object_unref);
      takeover_adopt_job_set_node_uuid (run->job, NULL);
      if (run->node_name != NULL)
        {
          host_run_lookup_by_name (run);
          return;
        }
    }

  if (node == NULL)
    {
      host_run_no_node (run);
      return;
    }

  run->looked_up = TRUE;

  set_node (run, node);
  if (run->node_name == NULL)
    run->node_name = g_strdup (node_string (node, "name"));
  if (!host_run_check_node (run))
    return;

  /* An adopted node only needs checking: a re-run changes nothing. */
  if (provision_state_is (run, "active"))
    host_run_list_ports (run);
  else if (run->probe != NULL)
    host_run_ensure_node (run);
  else
    host_run_probe (run);
}

static void
host_run_lookup_by_name (HostRun *run)
{
  /* Ironic had no node of that name when the run began: a node made since then under it is
   * met when creating ours (create_node_cb). */
  if (run->self->node_names != NULL && !g_hash_table_contains (run->self->node_names,
                                                               run->node_name))
    {
      host_run_no_node (run);
      return;
    }

  run->by_name = TRUE;
  takeover_ironic_get_node_async (run->self->ironic, run->node_name,
                                  get_node_fields (run->self), run->cancellable,
                                  lookup_cb, run);
}

static void
host_run_start (HostRun *run)
{
  TakeoverAdopt *self = run->self;
  const char *name = takeover_host_get_display_name (run->host);
  TakeoverAdoptState journal_state;
  const char *journal_uuid = NULL;

  /* Say so when an earlier run stopped halfway: what follows picks up from there. */
  if (self->journal != NULL &&
      takeover_journal_lookup (self->journal, name, &journal_state, &journal_uuid) &&
      journal_uuid != NULL &&
      ((journal_state >= TAKEOVER_ADOPT_STATE_NODE_CREATED &&
        journal_state <= TAKEOVER_ADOPT_STATE_ADOPTING) ||
       journal_state == TAKEOVER_ADOPT_STATE_FAILED ||
       journal_state == TAKEOVER_ADOPT_STATE_CANCELLED))
    {
      g_autofree char *message =
        g_strdup_printf (_("Resumed: the last run stopped at “%s”"),
                         takeover_adopt_state_get_label (journal_state));

      takeover_adopt_job_set_message (run->job, message);
    }
  if (takeover_adopt_job_get_node_uuid (run->job) == NULL && journal_uuid != NULL)
    takeover_adopt_job_set_node_uuid (run->job, journal_uuid);

  set_state (run, TAKEOVER_ADOPT_STATE_PREFLIGHT);

  /* A host without a name in the inventory is named after its hostname, known after the
   * probe. */
  run->node_name = g_strdup (takeover_host_get_name (run->host));

  if (takeover_adopt_job_get_node_uuid (run->job) != NULL)
    takeover_ironic_get_node_async (self->ironic, takeover_adopt_job_get_node_uuid (run->job),
                                    get_node_fields (self), run->cancellable, lookup_cb, run);
  else if (run->node_name != NULL)
    host_run_lookup_by_name (run);
  else
    host_run_probe (run);
}

/* ---- preflight: the probe answers, the BMC takes the credentials, the NICs are known */

/* What the probe sent to the host, for the audit log: the BMC session's reads, and the one
 * read-only script it ran over SSH, verbatim. */
static void
audit_probe (HostRun *run)
{
  TakeoverAdoptAudit *audit = run->self->audit;
  const char *name = takeover_host_get_display_name (run->host);

  if (audit == NULL)
    return;

  takeover_adopt_audit_command (audit, name, "ipmi",
                                "lanplus session: Get Chassis Status, Get Device ID, "
                                "Get LAN Configuration Parameters, read FRU, read SDR and sensors");
  if (takeover_host_get_mgmt_ip (run->host) != NULL)
    takeover_adopt_audit_command (audit, name, "ssh", takeover_facts_get_script ());
}

/* Ironic's logical names: RFC 3986 unreserved characters, and not something a UUID could be. */
static gboolean
is_valid_node_name (const char *name)
{
  if (name == NULL || name[0] == '\0' || strlen (name) > 255 || g_uuid_string_is_valid (name))
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-._~", *p) == NULL)
      return FALSE;

  return TRUE;
}

/* A node name from what the host calls itself, with what Ironic refuses in a name made "-". */
static char *
node_name_from_hostname (const char *hostname)
{
  g_autofree char *name = g_strdup (hostname);

  if (name == NULL)
    return NULL;

  g_strcanon (g_strstrip (name), G_CSET_A_2_Z G_CSET_a_2_z G_CSET_DIGITS "-._~", '-');

  return is_valid_node_name (name) ? g_steal_pointer (&name) : NULL;
}

/* Goes on from the probe's @result, or ends on @error (cancelled, or an invalid host). */
static void
host_run_probed (HostRun             *run,
                 TakeoverProbeResult *result,
                 GError              *error)
{
  const GError *problem;

  run->probe = result;
  if (run->probe == NULL)
    {
      host_run_fail (run, error);
      return;
    }

  audit_probe (run);

  if ((problem = takeover_probe_result_get_problem (run->probe, "ipmi")) != NULL &&
      !run->probe_retried)
    {
      run->probe_retried = TRUE;
      g_clear_pointer (&run->probe, takeover_probe_result_unref);
      g_timeout_add_once (PROBE_RETRY_DELAY_MS, probe_again_cb, run);
      return;
    }

  if (problem != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The BMC check failed: %s"), problem->message);

      host_run_fail_full (run, message, NULL,
                          _("Correct the BMC address, user, password or cipher suite in the "
                            "inventory; nothing was created in the cloud for this host."));
      return;
    }

  if ((problem = takeover_probe_result_get_problem (run->probe, "ssh")) != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The SSH check failed: %s"), problem->message);

      host_run_fail_full (run, message, NULL,
                          _("Takeover reads the NICs’ MACs over SSH: correct the management "
                            "address or SSH credentials in the inventory; nothing was created in "
                            "the cloud for this host."));
      return;
    }

  run->ports = takeover_probe_ironic_ports (run->probe,
                                            takeover_host_get_local_link_connections (run->host));
  if (json_array_get_length (run->ports) == 0)
    {
      host_run_fail_full (run, _("The host has no physical network interface with a MAC address"),
                          NULL,
                          _("Ironic needs at least one port per node; check the host’s network "
                            "interfaces."));
      return;
    }

  if (run->node_name == NULL)
    {
      run->node_name = node_name_from_hostname (run->probe->hostname);
      if (run->node_name == NULL)
        {
          host_run_fail_full (run, _("The host has no name and its hostname could not be read"),
                              NULL,
                              _("Give the host a name in the inventory: adoption finds its node "
                                "by name."));
          return;
        }
    }

  if (!run->looked_up)
    host_run_lookup_by_name (run);
  else
    host_run_ensure_node (run);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  TakeoverProbeResult *probe;

  probe = takeover_fleet_probe_probe_host_finish (TAKEOVER_FLEET_PROBE (object), result, &error);
  host_run_probed (user_data, probe, error);
}

static void
prefetch_free (Prefetch *prefetch)
{
  g_clear_pointer (&prefetch->result, takeover_probe_result_unref);
  g_clear_error (&prefetch->error);
  g_clear_object (&prefetch->self);
  g_clear_object (&prefetch->job);
  g_free (prefetch);
}

static void prefetch_more (TakeoverAdopt *self);

static void
prefetch_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Prefetch *prefetch = user_data;
  GHashTable *prefetches = prefetch->self->prefetches;

  prefetch->result = takeover_fleet_probe_probe_host_finish (TAKEOVER_FLEET_PROBE (object), result,
                                                             &prefetch->error);
  prefetch->done = TRUE;
  prefetch->self->n_prefetching--;
  prefetch_more (prefetch->self);

  /* Its host already has a slot and waits for it. */
  if (prefetch->taken)
    {
      HostRun *waiting = g_steal_pointer (&prefetch->waiting);
      TakeoverProbeResult *probe = g_steal_pointer (&prefetch->result);
      g_autoptr(GError) error = g_steal_pointer (&prefetch->error);

      g_hash_table_remove (prefetches, prefetch->job);
      prefetch_free (prefetch);
      host_run_probed (waiting, probe, error);
      return;
    }

  /* Left over by a run that ended without needing it: nobody will look for it. */
  if (g_hash_table_lookup (prefetches, prefetch->job) != prefetch)
    prefetch_free (prefetch);
}

/* Probes ahead of the adoption slots, so that a host reaching a slot usually finds its facts
 * ready: the slots then wait on Ironic only, not on SSH and the BMCs. A window of probes is in
 * flight at a time, twice the probe pool's width, and each one that ends starts the next: the
 * pool stays busy, yet starting a run of a thousand hosts does not start a thousand probes in
 * one go on the main loop (bench/ui measured that burst at 0.9 s). */
static void
prefetch_more (TakeoverAdopt *self)
{
  guint window = 2 * MAX (1, takeover_probe_pool_get_concurrency (
                                takeover_fleet_probe_get_pool (self->probe)));

  while (self->run_task != NULL && self->n_prefetching < window &&
         !g_queue_is_empty (&self->to_prefetch))
    {
      g_autoptr(TakeoverAdoptJob) job = g_queue_pop_head (&self->to_prefetch);
      Prefetch *prefetch;

      /* It reached a slot first and probes there. */
      if (takeover_adopt_job_get_state (job) != TAKEOVER_ADOPT_STATE_PENDING ||
          g_cancellable_is_cancelled (takeover_adopt_job_get_cancellable (job)))
        continue;

      prefetch = g_new0 (Prefetch, 1);
      prefetch->self = g_object_ref (self);
      prefetch->job = g_object_ref (job);
      g_hash_table_insert (self->prefetches, job, prefetch);
      self->n_prefetching++;
      takeover_fleet_probe_probe_host_async (self->probe, takeover_adopt_job_get_host (job),
                                             takeover_adopt_job_get_cancellable (job),
                                             prefetch_cb, prefetch);
    }
}

/* The queued hosts to probe ahead. A host the journal has as adopted is left to its lookup,
 * which only probes if Ironic disagrees. */
static void
prefetch_probes (TakeoverAdopt *self)
{
  for (const GList *l = self->queue.head; l != NULL; l = l->next)
    {
      TakeoverAdoptJob *job = l->data;
      TakeoverHost *host = takeover_adopt_job_get_host (job);
      TakeoverAdoptState state;

      if (self->journal != NULL &&
          takeover_journal_lookup (self->journal, takeover_host_get_display_name (host), &state,
                                   NULL) &&
          (state == TAKEOVER_ADOPT_STATE_ACTIVE || state == TAKEOVER_ADOPT_STATE_VERIFIED))
        continue;

      g_queue_push_tail (&self->to_prefetch, g_object_ref (job));
    }

  prefetch_more (self);
}

static void
host_run_probe (HostRun *run)
{
  Prefetch *prefetch = g_hash_table_lookup (run->self->prefetches, run->job);
  g_autoptr(GError) error = NULL;
  TakeoverProbeResult *probe;

  if (prefetch == NULL || prefetch->taken)
    {
      takeover_fleet_probe_probe_host_async (run->self->probe, run->host, run->cancellable,
                                             probe_cb, run);
      return;
    }

  prefetch->taken = TRUE;
  if (!prefetch->done)
    {
      prefetch->waiting = run;
      return;
    }

  probe = g_steal_pointer (&prefetch->result);
  error = g_steal_pointer (&prefetch->error);
  g_hash_table_remove (run->self->prefetches, run->job);
  prefetch_free (prefetch);
  host_run_probed (run, probe, error);
}

static void
probe_again_cb (gpointer user_data)
{
  host_run_probe (user_data);
}

/* ---- the node: created with everything it needs at once, or brought up to date */

static const char *
privilege_name (TakeoverPrivilege privilege)
{
  switch (privilege)
    {
    case TAKEOVER_PRIVILEGE_USER:
      return "USER";
    case TAKEOVER_PRIVILEGE_OPERATOR:
      return "OPERATOR";
    case TAKEOVER_PRIVILEGE_ADMINISTRATOR:
    default:
      return "ADMINISTRATOR";
    }
}

/* What driver_info should hold; the password only when @with_password. */
static JsonObject *
build_driver_info (HostRun  *run,
                   gboolean  with_password)
{
  TakeoverHost *host = run->host;
  JsonObject *driver_info = json_object_new ();

  json_object_set_string_member (driver_info, "ipmi_address",
                                 takeover_host_get_bmc_address (host));
  json_object_set_int_member (driver_info, "ipmi_port", takeover_host_get_bmc_port (host));
  if (takeover_host_get_bmc_username (host) != NULL)
    json_object_set_string_member (driver_info, "ipmi_username",
                                   takeover_host_get_bmc_username (host));
  if (with_password && takeover_host_get_bmc_password (host) != NULL)
    json_object_set_string_member (driver_info, "ipmi_password",
                                   takeover_host_get_bmc_password (host));
  json_object_set_int_member (driver_info, "ipmi_cipher_suite",
                              takeover_host_get_bmc_cipher_suite (host));
  json_object_set_string_member (driver_info, "ipmi_priv_level",
                                 privilege_name (takeover_host_get_bmc_privilege (host)));
  if (run->self->deploy_kernel != NULL)
    json_object_set_string_member (driver_info, "deploy_kernel", run->self->deploy_kernel);
  if (run->self->deploy_ramdisk != NULL)
    json_object_set_string_member (driver_info, "deploy_ramdisk", run->self->deploy_ramdisk);

  return driver_info;
}

static JsonObject *
build_instance_info (TakeoverAdopt *self)
{
  JsonObject *instance_info = json_object_new ();

  json_object_set_string_member (instance_info, "image_source", self->image_source);
  if (self->knows_boot_option)
    {
      JsonObject *capabilities = json_object_new ();

      json_object_set_string_member (capabilities, "boot_option", "local");
      json_object_set_object_member (instance_info, "capabilities", capabilities);
    }

  return instance_info;
}

static void
patch_object (JsonArray  *patch,
              const char *prefix,
              JsonObject *current,
              JsonObject *wanted)
{
  g_autoptr(GList) members = json_object_get_members (wanted);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *path = NULL;

      if (members_equal (current, wanted, l->data))
        continue;

      path = g_strconcat (prefix, "/", l->data, NULL);
      takeover_json_patch_append (patch, "add", path,
                                  json_node_copy (json_object_get_member (wanted, l->data)));
    }
}

static void
patch_string (JsonArray  *patch,
              JsonObject *node,
              const char *member,
              const char *wanted)
{
  g_autofree char *path = NULL;

  if (wanted == NULL || g_strcmp0 (node_string (node, member), wanted) == 0)
    return;

  path = g_strconcat ("/", member, NULL);
  takeover_json_patch_append (patch, "add", path, json_node_init_string (json_node_alloc (),
                                                                         wanted));
}

static void
node_done (HostRun *run)
{
  set_state (run, TAKEOVER_ADOPT_STATE_NODE_CREATED);

  if (run->node_is_new)
    {
      run->node_macs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      host_run_next_port (run);
    }
  else
    {
      host_run_list_ports (run);
    }
}

static void
owner_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  HostRun *run = user_data;
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(GError) error = NULL;

  node = takeover_ironic_update_node_finish (TAKEOVER_IRONIC (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      host_run_fail (run, error);
      return;
    }

  /* The owner is a label for the cloud's users, not something adoption needs: a cloud whose
   * policy keeps it from us gets the node without it, and the operator is told. */
  if (node == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("Ironic did not record the owner %s: %s"), run->self->owner,
                         error->message);

      takeover_adopt_job_set_message (run->job, message);
    }
  else
    {
      set_node (run, node);
    }

  node_done (run);
}

/* Set apart from the node's other fields: Ironic lets a project-scoped admin create nodes only
 * for its own project, while changing the owner afterwards is a policy of its own. */
static void
host_run_ensure_owner (HostRun *run)
{
  TakeoverAdopt *self = run->self;
  g_autoptr(JsonArray) patch = json_array_new ();

  if (self->can_set_owner &&
      g_strv_contains (editable_states, node_string (run->node, "provision_state")))
    patch_string (patch, run->node, "owner", self->owner);

  if (json_array_get_length (patch) == 0)
    {
      node_done (run);
      return;
    }

  if (self->dry_run)
    {
      plan (run, _("Set the node’s owner to %s"), self->owner);
      node_done (run);
      return;
    }

  takeover_ironic_update_node_async (self->ironic, node_string (run->node, "uuid"), patch,
                                     run->cancellable, owner_cb, run);
}

static void
conflict_lookup_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  HostRun *run = user_data;
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(GError) error = NULL;

  node = takeover_ironic_get_node_finish (TAKEOVER_IRONIC (object), result, &error);
  if (node == NULL)
    {
      host_run_fail (run, error);
      return;
    }

  set_node (run, node);
  if (host_run_check_node (run))
    host_run_ensure_node (run);
}

static void
create_node_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  HostRun *run = user_data;
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(GError) error = NULL;

  node = takeover_ironic_create_node_finish (TAKEOVER_IRONIC (object), result, &error);

  /* The name is taken: a node was created under it meanwhile (by an earlier run whose answer
   * was lost, or by someone else); look at it rather than fail. */
  if (node == NULL && g_error_matches (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFLICT))
    {
      takeover_ironic_get_node_async (run->self->ironic, run->node_name,
                                      get_node_fields (run->self), run->cancellable,
                                      conflict_lookup_cb, run);
      return;
    }

  if (node == NULL)
    {
      host_run_fail (run, error);
      return;
    }

  run->node_is_new = TRUE;
  set_node (run, node);
  host_run_ensure_owner (run);
}

static void
update_node_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  HostRun *run = user_data;
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(GError) error = NULL;

  node = takeover_ironic_update_node_finish (TAKEOVER_IRONIC (object), result, &error);
  if (node == NULL)
    {
      host_run_fail (run, error);
      return;
    }

  set_node (run, node);
  host_run_ensure_owner (run);
}

static void
host_run_ensure_node (HostRun *run)
{
  TakeoverAdopt *self = run->self;
  TakeoverHost *host = run->host;
  g_autoptr(JsonObject) wanted_properties = takeover_probe_ironic_properties (run->probe);

  if (run->node == NULL)
    {
      g_autoptr(JsonObject) fields = json_object_new ();

      if (self->dry_run)
        {
          plan (run, _("Create node “%s” (driver ipmi, BMC %s:%u)"),
                run->node_name, takeover_host_get_bmc_address (host),
                takeover_host_get_bmc_port (host));
          for (guint i = 0; i < json_array_get_length (run->ports); i++)
            plan (run, _("Create port %s"),
                  json_object_get_string_member (json_array_get_object_element (run->ports, i),
                                                 "address"));
          plan (run, _("Manage the node (Ironic reads the power state from the BMC)"));
          plan (run, _("Adopt the node (active, without deploying)"));
          host_run_finish_dry (run);
          return;
        }

      json_object_set_string_member (fields, "name", run->node_name);
      json_object_set_string_member (fields, "driver", "ipmi");
      json_object_set_object_member (fields, "driver_info", build_driver_info (run, TRUE));
      json_object_set_object_member (fields, "properties", json_object_ref (wanted_properties));
      json_object_set_string_member (fields, "resource_class", self->resource_class);
      /* Set now rather than in a second request; the instance_info step then only checks. */
      json_object_set_object_member (fields, "instance_info", build_instance_info (self));

      takeover_ironic_create_node_async (self->ironic, fields, run->cancellable,
                                         create_node_cb, run);
      return;
    }

  if (g_strv_contains (editable_states, node_string (run->node, "provision_state")))
    {
      g_autoptr(JsonArray) patch = json_array_new ();
      /* The password cannot be compared (Ironic masks it): it is sent again while Ironic has
       * not yet accepted the BMC, so that a corrected inventory takes effect. */
      gboolean with_password = provision_state_is (run, "enroll");
      g_autoptr(JsonObject) driver_info = build_driver_info (run, with_password);

      patch_object (patch, "/driver_info", node_object (run->node, "driver_info"), driver_info);
      patch_object (patch, "/properties", node_object (run->node, "properties"),
                    wanted_properties);
      patch_string (patch, run->node, "resource_class", self->resource_class);

      if (json_array_get_length (patch) > 0)
        {
          if (self->dry_run)
            {
              plan (run, _("Update node “%s” (%u fields)"), run->node_name,
                    json_array_get_length (patch));
            }
          else
            {
              takeover_ironic_update_node_async (self->ironic, node_string (run->node, "uuid"),
                                                 patch, run->cancellable, update_node_cb, run);
              return;
            }
        }
    }

  host_run_ensure_owner (run);
}

/* ---- ports: every probed MAC, created where missing */

static void
list_ports_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  HostRun *run = user_data;
  g_autoptr(GPtrArray) ports = NULL;
  g_autoptr(GError) error = NULL;

  ports = takeover_ironic_list_ports_finish (TAKEOVER_IRONIC (object), result, &error);
  if (ports == NULL)
    {
      host_run_fail (run, error);
      return;
    }

  g_clear_pointer (&run->node_macs, g_hash_table_unref);
  run->node_macs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < ports->len; i++)
    {
      const char *address = node_string (g_ptr_array_index (ports, i), "address");

      if (address != NULL)
        g_hash_table_add (run->node_macs, g_ascii_strdown (address, -1));
    }

  /* An adopted node found by a re-run: check it, change nothing. */
  if (provision_state_is (run, "active") && run->ports == NULL && ports->len > 0)
    {
      takeover_adopt_job_set_message (run->job, _("Already adopted; nothing was changed"));
      host_run_verify (run);
      return;
    }

  if (run->ports == NULL)
    {
      host_run_probe (run);
      return;
    }

  run->next_port = 0;
  host_run_next_port (run);
}

static void
host_run_list_ports (HostRun *run)
{
  takeover_ironic_list_ports_async (run->self->ironic, node_string (run->node, "uuid"), NULL,
                                    run->cancellable, list_ports_cb, run);
}

static void
port_owner_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  HostRun *run = user_data;
  g_autoptr(GPtrArray) ports = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *wanted = json_array_get_object_element (run->ports, run->next_port);
  const char *address = json_object_get_string_member (wanted, "address");
  const char *owner_uuid;

  ports = takeover_ironic_list_ports_finish (TAKEOVER_IRONIC (object), result, &error);
  if (ports == NULL)
    {
      host_run_fail (run, error);
      return;
    }

  owner_uuid = ports->len > 0 ? node_string (g_ptr_array_index (ports, 0), "node_uuid") : NULL;
  if (g_strcmp0 (owner_uuid, node_string (run->node, "uuid")) != 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("The MAC address %s is already a port of another node (%s)"),
                         address, owner_uuid != NULL ? owner_uuid : _("unknown"));

      host_run_fail_full (run, message, NULL,
                          _("Two hosts cannot share a MAC: check the inventory for a duplicate "
                            "host, or remove the stale port in Ironic."));
      return;
    }

  /* Ours already: an earlier run created it and lost the answer. */
  g_hash_table_add (run->node_macs, g_ascii_strdown (address, -1));
  run->next_port++;
  host_run_next_port (run);
}

static void
create_port_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  HostRun *run = user_data;
  g_autoptr(JsonObject) port = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *wanted = json_array_get_object_element (run->ports, run->next_port);
  const char *address = json_object_get_string_member (wanted, "address");

  port = takeover_ironic_create_port_finish (TAKEOVER_IRONIC (object), result, &error);
  if (port == NULL && g_error_matches (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFLICT))
    {
      takeover_ironic_list_ports_async (run->self->ironic, NULL, address, run->cancellable,
                                        port_owner_cb, run);
      return;
    }

  if (port == NULL)
    {
      host_run_fail (run, error);
      return;
    }

  g_hash_table_add (run->node_macs, g_ascii_strdown (address, -1));
  run->next_port++;
  host_run_next_port (run);
}

static void
host_run_next_port (HostRun *run)
{
  TakeoverAdopt *self = run->self;

  for (; run->next_port < json_array_get_length (run->ports); run->next_port++)
    {
      JsonObject *wanted = json_array_get_object_element (run->ports, run->next_port);
      g_autofree char *address =
        g_ascii_strdown (json_object_get_string_member (wanted, "address"), -1);
      g_autoptr(JsonObject) fields = NULL;

      if (g_hash_table_contains (run->node_macs, address))
        continue;

      if (self->dry_run)
        {
          plan (run, _("Create port %s"), address);
          continue;
        }

      fields = json_object_new ();
      json_object_set_string_member (fields, "node_uuid", node_string (run->node, "uuid"));
      json_object_set_string_member (fields, "address", address);
      if (json_object_has_member (wanted, "pxe_enabled"))
        json_object_set_boolean_member (fields, "pxe_enabled",
                                        json_object_get_boolean_member (wanted, "pxe_enabled"));
      if (json_object_has_member (wanted, "local_link_connection"))
        json_object_set_member (fields, "local_link_connection",
                                json_node_copy (json_object_get_member (wanted,
                                                                        "local_link_connection")));

      takeover_ironic_create_port_async (self->ironic, fields, run->cancellable,
                                         create_port_cb, run);
      return;
    }

  set_state (run, TAKEOVER_ADOPT_STATE_PORTS_CREATED);
  host_run_instance_info (run);
}

/* ---- instance_info: the image the node is said to run */

static void
instance_info_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  HostRun *run = user_data;
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(GError) error = NULL;

  node = takeover_ironic_update_node_finish (TAKEOVER_IRONIC (object), result, &error);
  if (node == NULL)
    {
      host_run_fail (run, error);
      return;
    }

  set_node (run, node);
  set_state (run, TAKEOVER_ADOPT_STATE_INSTANCE_INFO_SET);
  host_run_drive (run);
}

static void
host_run_instance_info (HostRun *run)
{
  TakeoverAdopt *self = run->self;
  JsonObject *current = node_object (run->node, "instance_info");
  g_autoptr(JsonArray) patch = json_array_new ();

  if (g_strv_contains (editable_states, node_string (run->node, "provision_state")))
    {
      if (g_strcmp0 (node_string (current, "image_source"), self->image_source) != 0)
        takeover_json_patch_append (patch, "add", "/instance_info/image_source",
                                    json_node_init_string (json_node_alloc (),
                                                           self->image_source));
      if (self->knows_boot_option &&
          g_strcmp0 (node_string (node_object (current, "capabilities"), "boot_option"),
                     "local") != 0)
        {
          JsonObject *capabilities = json_object_new ();

          json_object_set_string_member (capabilities, "boot_option", "local");
          takeover_json_patch_append (patch, "add", "/instance_info/capabilities",
                                      json_node_init_object (json_node_alloc (), capabilities));
          json_object_unref (capabilities);
        }
    }

  if (json_array_get_length (patch) > 0)
    {
      if (self->dry_run)
        {
          plan (run, _("Set the node’s image to %s"), self->image_source);
        }
      else
        {
          takeover_ironic_update_node_async (self->ironic, node_string (run->node, "uuid"),
                                             patch, run->cancellable, instance_info_cb, run);
          return;
        }
    }

  set_state (run, TAKEOVER_ADOPT_STATE_INSTANCE_INFO_SET);
  host_run_drive (run);
}

/* ---- manage, then adopt */

/* After a failed wait: read the node again for its state and Ironic's own words. */
typedef struct
{
  HostRun            *run;
  TakeoverAdoptError  code;
  GError             *error;
} Failure;

static void
failure_refresh_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autofree Failure *failure = user_data;
  g_autoptr(GError) wait_error = failure->error;
  HostRun *run = failure->run;
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *last_error;

  node = takeover_ironic_get_node_finish (TAKEOVER_IRONIC (object), result, &error);
  if (node == NULL)
    {
      host_run_fail (run, error);
      return;
    }

  set_node (run, node);
  last_error = node_string (node, "last_error");
  if (last_error == NULL)
    last_error = takeover_cloud_error_get_server_message (wait_error);

  /* The probe has just reached the BMC with the inventory's address and credentials, which
   * are also the node's: what failed is Ironic's side (its conductor's network, or driver_info
   * settings Takeover does not set, such as bridging), not the inventory. */
  if (failure->code == TAKEOVER_ADOPT_ERROR_BMC)
    {
      host_run_fail_full (run, _("Ironic could not manage the node through its BMC"), last_error,
                          _("Takeover reached the BMC with the inventory’s settings but Ironic "
                            "could not, and the node stays in enroll: check that Ironic’s "
                            "conductor can reach the BMC and what else the node’s driver_info "
                            "holds, then run again, or remove the node."));
      return;
    }

  if (provision_state_is (run, "adopt failed") &&
      takeover_adopt_job_get_attempts (run->job) < run->self->adopt_attempts)
    {
      host_run_adopt (run);
      return;
    }

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Ironic could not adopt the node (%u attempt)",
                                          "Ironic could not adopt the node (%u attempts)",
                                          takeover_adopt_job_get_attempts (run->job)),
                             takeover_adopt_job_get_attempts (run->job));
  host_run_fail_full (run, message, last_error,
                      _("Correct what Ironic’s last error names (often the image in "
                        "instance_info) and run again, or remove the node."));
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  HostRun *run = user_data;
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(GError) error = NULL;
  gboolean managing = takeover_adopt_job_get_state (run->job) == TAKEOVER_ADOPT_STATE_MANAGING;

  node = takeover_ironic_wait_for_provision_state_finish (TAKEOVER_IRONIC (object), result,
                                                          &error);
  if (node == NULL && g_error_matches (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_STATE))
    {
      Failure *failure = g_new0 (Failure, 1);

      failure->run = run;
      failure->code = managing ? TAKEOVER_ADOPT_ERROR_BMC : TAKEOVER_ADOPT_ERROR_ADOPT_FAILED;
      failure->error = g_steal_pointer (&error);
      takeover_ironic_get_node_async (run->self->ironic, node_string (run->node, "uuid"),
                                      get_node_fields (run->self), run->cancellable,
                                      failure_refresh_cb, failure);
      return;
    }

  if (node == NULL)
    {
      host_run_fail (run, error);
      return;
    }

  set_node (run, node);
  if (managing)
    {
      set_state (run, TAKEOVER_ADOPT_STATE_MANAGEABLE);
      host_run_adopt (run);
    }
  else
    {
      /* The wait read the whole node once it was active: that is what the check needs. */
      set_state (run, TAKEOVER_ADOPT_STATE_ACTIVE);
      host_run_check_adopted (run, node);
    }
}

/* Waits for @target; @via is the state the action just sent leads through, NULL when the node
 * was found on its way (read first). */
static void
host_run_wait (HostRun    *run,
               const char *via,
               const char *target)
{
  takeover_ironic_wait_for_provision_state_full_async (run->self->ironic,
                                                       node_string (run->node, "uuid"), via,
                                                       target, get_node_fields (run->self),
                                                       run->self->state_timeout,
                                                       run->cancellable, wait_cb, run);
}

static void
redrive_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  HostRun *run = user_data;
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(GError) error = NULL;

  node = takeover_ironic_get_node_finish (TAKEOVER_IRONIC (object), result, &error);
  if (node == NULL)
    {
      host_run_fail (run, error);
      return;
    }

  set_node (run, node);
  host_run_drive (run);
}

static void
provision_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  HostRun *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!takeover_ironic_set_provision_state_finish (TAKEOVER_IRONIC (object), result, &error))
    {
      if ((g_error_matches (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_BAD_REQUEST) ||
           g_error_matches (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFLICT)) &&
          run->redrives < MAX_REDRIVES)
        {
          run->redrives++;
          takeover_ironic_get_node_async (run->self->ironic, node_string (run->node, "uuid"),
                                          get_node_fields (run->self), run->cancellable,
                                          redrive_cb, run);
          return;
        }

      host_run_fail (run, error);
      return;
    }

  if (takeover_adopt_job_get_state (run->job) == TAKEOVER_ADOPT_STATE_MANAGING)
    host_run_wait (run, "verifying", "manageable");
  else
    host_run_wait (run, "adopting", "active");
}

static void
host_run_adopt (HostRun *run)
{
  takeover_adopt_job_add_attempt (run->job);
  set_state (run, TAKEOVER_ADOPT_STATE_ADOPTING);
  takeover_ironic_set_provision_state_async (run->self->ironic, node_string (run->node, "uuid"),
                                             "adopt", NULL, run->cancellable, provision_cb, run);
}

static void
host_run_drive (HostRun *run)
{
  const char *state = node_string (run->node, "provision_state");
  const char *target = node_string (run->node, "target_provision_state");

  if (run->self->dry_run)
    {
      if (g_strcmp0 (state, "enroll") == 0)
        plan (run, _("Manage the node (Ironic reads the power state from the BMC)"));
      if (g_strv_contains ((const char * const[]) { "enroll", "manageable", "adopt failed", NULL },
                           state))
        plan (run, _("Adopt the node (active, without deploying)"));
      if (g_strcmp0 (state, "active") == 0)
        host_run_verify (run);
      else
        host_run_finish_dry (run);
      return;
    }

  /* A transition already under way (an earlier run's action) is only waited for. */
  if (g_strcmp0 (target, "manageable") == 0)
    {
      set_state (run, TAKEOVER_ADOPT_STATE_MANAGING);
      host_run_wait (run, NULL, "manageable");
    }
  else if (g_strcmp0 (target, "active") == 0)
    {
      set_state (run, TAKEOVER_ADOPT_STATE_ADOPTING);
      host_run_wait (run, NULL, "active");
    }
  else if (g_strcmp0 (state, "enroll") == 0)
    {
      set_state (run, TAKEOVER_ADOPT_STATE_MANAGING);
      takeover_ironic_set_provision_state_async (run->self->ironic,
                                                 node_string (run->node, "uuid"), "manage", NULL,
                                                 run->cancellable, provision_cb, run);
    }
  else if (g_strcmp0 (state, "verifying") == 0)
    {
      set_state (run, TAKEOVER_ADOPT_STATE_MANAGING);
      host_run_wait (run, NULL, "manageable");
    }
  else if (g_strcmp0 (state, "manageable") == 0)
    {
      set_state (run, TAKEOVER_ADOPT_STATE_MANAGEABLE);
      host_run_adopt (run);
    }
  else if (g_strcmp0 (state, "adopt failed") == 0)
    {
      host_run_adopt (run);
    }
  else if (g_strcmp0 (state, "adopting") == 0)
    {
      set_state (run, TAKEOVER_ADOPT_STATE_ADOPTING);
      host_run_wait (run, NULL, "active");
    }
  else if (g_strcmp0 (state, "active") == 0)
    {
      set_state (run, TAKEOVER_ADOPT_STATE_ACTIVE);
      host_run_verify (run);
    }
  else
    {
      g_autofree char *message =
        g_strdup_printf (_("The node is in the provision state “%s”, from which adoption "
                           "cannot go on"), state != NULL ? state : "?");

      host_run_fail_full (run, message, node_string (run->node, "last_error"),
                          _("Ironic is doing something else with this node; leave it, or check "
                            "in Ironic whether the node is really this host."));
    }
}

/* ---- verify: what Ironic now has is what the host is */

/* Checks @node, as Ironic has it now, against what the host is. */
static void
host_run_check_adopted (HostRun    *run,
                        JsonObject *node)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  JsonObject *node_properties;
  const char *power;

  set_node (run, node);
  if (takeover_adopt_job_get_state (run->job) != TAKEOVER_ADOPT_STATE_ACTIVE)
    set_state (run, TAKEOVER_ADOPT_STATE_ACTIVE);

  if (!provision_state_is (run, "active"))
    g_string_append_printf (problems, _("the node is “%s”, not active; "),
                            node_string (node, "provision_state"));

  node_properties = node_object (node, "properties");
  if (node_properties == NULL || json_object_get_size (node_properties) == 0)
    g_string_append (problems, _("the node has no properties; "));

  if (run->ports != NULL)
    {
      for (guint i = 0; i < json_array_get_length (run->ports); i++)
        {
          JsonObject *wanted = json_array_get_object_element (run->ports, i);
          g_autofree char *address =
            g_ascii_strdown (json_object_get_string_member (wanted, "address"), -1);

          if (!g_hash_table_contains (run->node_macs, address))
            g_string_append_printf (problems, _("no port for %s; "), address);
        }
    }
  else if (g_hash_table_size (run->node_macs) == 0)
    {
      g_string_append (problems, _("the node has no port; "));
    }

  /* No power state is no disagreement: Ironic forgets it when an adoption fails, and reads it
   * again at its next power sync. */
  power = node_string (node, "power_state");
  if (run->probe != NULL && run->probe->power_state != TAKEOVER_POWER_STATE_UNKNOWN &&
      power != NULL &&
      g_strcmp0 (power, run->probe->power_state == TAKEOVER_POWER_STATE_ON
                          ? "power on" : "power off") != 0)
    g_string_append_printf (problems, _("Ironic sees “%s” where the BMC said “%s”; "), power,
                            takeover_power_state_to_string (run->probe->power_state));

  if (problems->len > 0)
    {
      g_autofree char *message = NULL;

      g_string_truncate (problems, problems->len - 2);
      message = g_strdup_printf (_("Adopted, but the check found: %s"), problems->str);
      takeover_adopt_job_set_message (run->job, message);
      record (run);
      host_run_finish (run);
      return;
    }

  if (power == NULL)
    takeover_adopt_job_set_message (run->job,
                                    _("Ironic has no power state for the node yet: its next "
                                      "power sync reads it from the BMC"));
  set_state (run, TAKEOVER_ADOPT_STATE_VERIFIED);
  host_run_finish (run);
}

static void
verify_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  HostRun *run = user_data;
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(GError) error = NULL;

  node = takeover_ironic_get_node_finish (TAKEOVER_IRONIC (object), result, &error);
  if (node == NULL)
    {
      host_run_fail (run, error);
      return;
    }

  host_run_check_adopted (run, node);
}

static void
host_run_verify (HostRun *run)
{
  takeover_ironic_get_node_async (run->self->ironic, node_string (run->node, "uuid"),
                                  get_node_fields (run->self), run->cancellable, verify_cb, run);
}

/* ---- the run: a bounded number of hosts at a time */

static void
host_run_finish (HostRun *run)
{
  TakeoverAdopt *self = g_object_ref (run->self);

  g_hash_table_remove (self->running, run->cancellable);
  self->n_running--;
  host_run_free (run);
  pump (self);
  g_object_unref (self);
}

static void
final_save_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakeoverAdopt *self = g_task_get_source_object (task);
  GError *error = NULL;

  /* The journal's failure mid-run says first why the run stopped. */
  if (self->stop_error != NULL)
    {
      takeover_journal_save_finish (TAKEOVER_JOURNAL (object), result, NULL);
      g_task_return_error (task, g_steal_pointer (&self->stop_error));
    }
  else if (!takeover_journal_save_finish (TAKEOVER_JOURNAL (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
run_done (TakeoverAdopt *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->run_task);
  GHashTableIter iter;
  Prefetch *prefetch;

  self->started = FALSE;
  g_cancellable_disconnect (g_task_get_cancellable (task), self->cancelled_handler);
  self->cancelled_handler = 0;
  g_clear_signal_handler (&self->request_handler, takeover_ironic_get_cloud (self->ironic));
  g_clear_pointer (&self->node_names, g_hash_table_unref);

  /* Probes no host needed (its node was adopted already): those still running free themselves. */
  g_queue_clear_full (&self->to_prefetch, g_object_unref);
  g_hash_table_iter_init (&iter, self->prefetches);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &prefetch))
    {
      g_hash_table_iter_steal (&iter);
      if (prefetch->done)
        prefetch_free (prefetch);
    }

  /* The last record of the run is written before the run ends, off this thread. */
  if (self->run_journal != NULL)
    {
      g_autoptr(TakeoverJournal) journal = g_steal_pointer (&self->run_journal);

      g_clear_signal_handler (&self->journal_handler, journal);
      takeover_journal_save_async (journal, final_save_cb, g_steal_pointer (&task));
      return;
    }

  if (self->stop_error != NULL)
    g_task_return_error (task, g_steal_pointer (&self->stop_error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
pump (TakeoverAdopt *self)
{
  GCancellable *cancellable = g_task_get_cancellable (self->run_task);

  while (!g_queue_is_empty (&self->queue))
    {
      TakeoverAdoptJob *head = g_queue_peek_head (&self->queue);
      g_autoptr(TakeoverAdoptJob) job = NULL;
      gboolean cancelled = g_cancellable_is_cancelled (cancellable) ||
                           g_cancellable_is_cancelled (takeover_adopt_job_get_cancellable (head));
      HostRun *run;

      /* A cancelled job ends at once, paused or not, so that cancelling never waits on a
       * resume. */
      if (!cancelled && (self->paused || self->n_running >= self->concurrency))
        break;

      job = g_queue_pop_head (&self->queue);
      if (cancelled)
        {
          takeover_adopt_job_set_message (job, _("Cancelled before it started"));
          takeover_adopt_job_set_state (job, TAKEOVER_ADOPT_STATE_CANCELLED);
          continue;
        }

      run = g_new0 (HostRun, 1);
      run->self = g_object_ref (self);
      run->job = g_object_ref (job);
      run->host = g_object_ref (takeover_adopt_job_get_host (job));
      run->cancellable = g_object_ref (takeover_adopt_job_get_cancellable (job));
      g_hash_table_insert (self->running, run->cancellable, job);
      self->n_running++;
      host_run_start (run);
    }

  if (self->n_running == 0 && g_queue_is_empty (&self->queue))
    run_done (self);
}

static gboolean
pump_idle_cb (gpointer user_data)
{
  TakeoverAdopt *self = user_data;

  if (self->run_task != NULL && self->started)
    pump (self);

  return G_SOURCE_REMOVE;
}

static void
cancel_jobs (TakeoverAdopt *self)
{
  GListModel *jobs = G_LIST_MODEL (self->jobs);

  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (jobs, i);

      takeover_adopt_job_cancel (job);
    }
}

/* A run whose steps can no longer be journaled stops: carrying on would leave hosts half-way
 * with no record to resume them from. The hosts in progress stop after their current request,
 * the others do not start, and the run ends with the journal's error. */
static void
journal_error_cb (TakeoverJournal *journal,
                  GParamSpec      *pspec,
                  TakeoverAdopt   *self)
{
  const GError *error = takeover_journal_get_error (journal);

  if (error == NULL || self->run_task == NULL || self->stop_error != NULL)
    return;

  g_debug ("Stopping the adoption: %s", error->message);
  self->stop_error = g_error_copy (error);
  cancel_jobs (self);
  if (self->started)
    pump (self);
}

static void
run_cancelled_cb (GCancellable  *cancellable,
                  TakeoverAdopt *self)
{
  cancel_jobs (self);

  /* Paused with no host in progress, nothing would drain the queue: do it from the main loop
   * (run_done() disconnects this handler, which it must not do from inside it). */
  if (self->paused && self->n_running == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT, pump_idle_cb, g_object_ref (self), g_object_unref);
}

/* Each HTTP exchange goes to the audit log under the host whose request it was. */
static void
request_finished_cb (TakeoverCloud *cloud,
                     const char    *method,
                     const char    *url,
                     guint          status,
                     double         duration_ms,
                     GCancellable  *cancellable,
                     TakeoverAdopt *self)
{
  TakeoverAdoptJob *job = cancellable != NULL ? g_hash_table_lookup (self->running, cancellable)
                                              : NULL;

  takeover_adopt_audit_request (self->audit,
                                job != NULL
                                  ? takeover_host_get_display_name (takeover_adopt_job_get_host (job))
                                  : NULL,
                                method, url, status, duration_ms);
}

/* Only a "request-finished" that says which request it was can be told apart per host. */
static gboolean
request_signal_has_cancellable (void)
{
  GSignalQuery query;
  guint signal_id = g_signal_lookup ("request-finished", TAKEOVER_TYPE_CLOUD);

  if (signal_id == 0)
    return FALSE;

  g_signal_query (signal_id, &query);
  return query.n_params == 5 && query.param_types[4] == G_TYPE_CANCELLABLE;
}

static void
names_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  TakeoverAdopt *self = user_data;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GError) error = NULL;

  /* Without the list, each host is looked up by name. */
  nodes = takeover_ironic_list_nodes_finish (TAKEOVER_IRONIC (object), result, &error);
  if (nodes == NULL)
    g_debug ("Listing the nodes' names failed, looking each host up: %s", error->message);

  g_clear_pointer (&self->node_names, g_hash_table_unref);
  if (nodes != NULL)
    {
      self->node_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < nodes->len; i++)
        {
          const char *name = node_string (g_ptr_array_index (nodes, i), "name");

          if (name != NULL)
            g_hash_table_add (self->node_names, g_strdup (name));
        }
    }

  self->started = TRUE;
  pump (self);
  g_object_unref (self);
}

static void
discover_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  TakeoverAdopt *self = user_data;
  g_autoptr(TakeoverCloudEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;

  endpoint = takeover_ironic_discover_finish (TAKEOVER_IRONIC (object), result, &error);
  if (endpoint == NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->run_task);

      /* Nothing was done: the jobs stay pending. */
      g_queue_clear_full (&self->queue, g_object_unref);
      g_cancellable_disconnect (g_task_get_cancellable (task), self->cancelled_handler);
      self->cancelled_handler = 0;
      g_clear_signal_handler (&self->request_handler, takeover_ironic_get_cloud (self->ironic));
      if (self->run_journal != NULL)
        g_clear_signal_handler (&self->journal_handler, self->run_journal);
      g_clear_object (&self->run_journal);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (self);
      return;
    }

  self->can_set_owner = takeover_microversion_compare (endpoint->microversion,
                                                       OWNER_MICROVERSION) >= 0;
  self->knows_boot_option = endpoint->max_version != NULL &&
    takeover_microversion_compare (endpoint->max_version, NO_BOOT_OPTION_MICROVERSION) < 0;

  prefetch_probes (self);
  /* One list of the names instead of a lookup per host: most hosts of a first run have no
   * node yet. */
  takeover_ironic_list_nodes_async (self->ironic, NULL, name_fields, 0,
                                    g_task_get_cancellable (self->run_task), names_cb, self);
}

static void
takeover_adopt_dispose (GObject *object)
{
  TakeoverAdopt *self = (TakeoverAdopt *)object;

  g_queue_clear_full (&self->queue, g_object_unref);
  g_queue_clear_full (&self->to_prefetch, g_object_unref);
  g_clear_object (&self->ironic);
  g_clear_object (&self->probe);
  g_clear_object (&self->journal);
  g_clear_object (&self->audit);
  if (self->excluded != NULL)
    g_hash_table_remove_all (self->excluded);
  if (self->jobs != NULL)
    g_list_store_remove_all (self->jobs);

  G_OBJECT_CLASS (takeover_adopt_parent_class)->dispose (object);
}

static void
takeover_adopt_finalize (GObject *object)
{
  TakeoverAdopt *self = (TakeoverAdopt *)object;

  for (guint i = FIRST_STRING_PROP; i <= LAST_STRING_PROP; i++)
    g_clear_pointer (STRING_FIELD (self, i), g_free);
  g_clear_object (&self->jobs);
  g_clear_pointer (&self->running, g_hash_table_unref);
  g_clear_pointer (&self->excluded, g_hash_table_unref);
  g_clear_pointer (&self->prefetches, g_hash_table_unref);
  g_clear_pointer (&self->node_names, g_hash_table_unref);
  g_clear_error (&self->stop_error);

  G_OBJECT_CLASS (takeover_adopt_parent_class)->finalize (object);
}

static void
takeover_adopt_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TakeoverAdopt *self = TAKEOVER_ADOPT (object);

  if (prop_id >= FIRST_STRING_PROP && prop_id <= LAST_STRING_PROP)
    g_value_set_string (value, *STRING_FIELD (self, prop_id));
  else if (prop_id >= FIRST_UINT_PROP && prop_id <= LAST_UINT_PROP)
    g_value_set_uint (value, *UINT_FIELD (self, prop_id));
  else if (prop_id == PROP_IRONIC)
    g_value_set_object (value, self->ironic);
  else if (prop_id == PROP_PROBE)
    g_value_set_object (value, self->probe);
  else if (prop_id == PROP_JOBS)
    g_value_set_object (value, self->jobs);
  else if (prop_id == PROP_DRY_RUN)
    g_value_set_boolean (value, self->dry_run);
  else if (prop_id == PROP_JOURNAL)
    g_value_set_object (value, self->journal);
  else if (prop_id == PROP_AUDIT)
    g_value_set_object (value, self->audit);
  else if (prop_id == PROP_PAUSED)
    g_value_set_boolean (value, self->paused);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
set_string_prop (TakeoverAdopt *self,
                 guint          prop_id,
                 const char    *value)
{
  char **field = STRING_FIELD (self, prop_id);

  /* An empty string is no value: the CLI and the UI's entries give "" for "not set". */
  if (value != NULL && value[0] == '\0')
    value = NULL;

  if (g_strcmp0 (*field, value) != 0)
    {
      g_free (*field);
      *field = g_strdup (value);
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
    }
}

static void
set_uint_prop (TakeoverAdopt *self,
               guint          prop_id,
               guint          value)
{
  guint *field = UINT_FIELD (self, prop_id);

  if (*field != value)
    {
      *field = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
    }
}

static void
takeover_adopt_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TakeoverAdopt *self = TAKEOVER_ADOPT (object);

  if (prop_id >= FIRST_STRING_PROP && prop_id <= LAST_STRING_PROP)
    set_string_prop (self, prop_id, g_value_get_string (value));
  else if (prop_id >= FIRST_UINT_PROP && prop_id <= LAST_UINT_PROP)
    set_uint_prop (self, prop_id, g_value_get_uint (value));
  else if (prop_id == PROP_IRONIC)
    self->ironic = g_value_dup_object (value);
  else if (prop_id == PROP_PROBE)
    self->probe = g_value_dup_object (value);
  else if (prop_id == PROP_DRY_RUN)
    takeover_adopt_set_dry_run (self, g_value_get_boolean (value));
  else if (prop_id == PROP_JOURNAL)
    takeover_adopt_set_journal (self, g_value_get_object (value));
  else if (prop_id == PROP_AUDIT)
    takeover_adopt_set_audit (self, g_value_get_object (value));
  else if (prop_id == PROP_PAUSED)
    takeover_adopt_set_paused (self, g_value_get_boolean (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static GParamSpec *
string_pspec (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                               G_PARAM_STATIC_STRINGS));
}

static GParamSpec *
uint_pspec (const char *name,
            guint       minimum,
            guint       maximum,
            guint       default_value)
{
  return g_param_spec_uint (name, NULL, NULL, minimum, maximum, default_value,
                            (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS));
}

static void
takeover_adopt_class_init (TakeoverAdoptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = takeover_adopt_dispose;
  object_class->finalize = takeover_adopt_finalize;
  object_class->get_property = takeover_adopt_get_property;
  object_class->set_property = takeover_adopt_set_property;

  properties[PROP_IRONIC] =
    g_param_spec_object ("ironic", NULL, NULL, TAKEOVER_TYPE_IRONIC,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROBE] =
    g_param_spec_object ("probe", NULL, NULL, TAKEOVER_TYPE_FLEET_PROBE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_JOBS] =
    g_param_spec_object ("jobs", NULL, NULL, G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /* instance_info/image_source of every node: a Glance image (as prepare creates) or a URL. */
  properties[PROP_IMAGE_SOURCE] = string_pspec ("image-source");
  properties[PROP_RESOURCE_CLASS] = string_pspec ("resource-class");
  /* The project that owns the nodes (Ironic API 1.50 and later). */
  properties[PROP_OWNER] = string_pspec ("owner");
  properties[PROP_DEPLOY_KERNEL] = string_pspec ("deploy-kernel");
  properties[PROP_DEPLOY_RAMDISK] = string_pspec ("deploy-ramdisk");
  properties[PROP_CONCURRENCY] = uint_pspec ("concurrency", 1, 1024,
                                             TAKEOVER_ADOPT_DEFAULT_CONCURRENCY);
  /* How many times Ironic is asked to adopt a node in one run before the host fails. */
  properties[PROP_ADOPT_ATTEMPTS] = uint_pspec ("adopt-attempts", 1, 100,
                                                TAKEOVER_ADOPT_DEFAULT_ADOPT_ATTEMPTS);
  /* How long, in seconds, to wait for Ironic to finish managing or adopting a node. */
  properties[PROP_STATE_TIMEOUT] = uint_pspec ("state-timeout", 1, G_MAXUINT,
                                               TAKEOVER_ADOPT_DEFAULT_STATE_TIMEOUT);
  /* Look everything up and probe, but change nothing: each job's plan says what would be done. */
  properties[PROP_DRY_RUN] =
    g_param_spec_boolean ("dry-run", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_JOURNAL] =
    g_param_spec_object ("journal", NULL, NULL, TAKEOVER_TYPE_JOURNAL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_AUDIT] =
    g_param_spec_object ("audit", NULL, NULL, TAKEOVER_TYPE_ADOPT_AUDIT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* While set, a run starts no new host; the hosts in progress go on to their end. */
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
takeover_adopt_init (TakeoverAdopt *self)
{
  self->jobs = g_list_store_new (TAKEOVER_TYPE_ADOPT_JOB);
  self->running = g_hash_table_new (NULL, NULL);
  self->excluded = g_hash_table_new (NULL, NULL);
  self->prefetches = g_hash_table_new (NULL, NULL);
  self->resource_class = g_strdup (TAKEOVER_ADOPT_DEFAULT_RESOURCE_CLASS);
  self->concurrency = TAKEOVER_ADOPT_DEFAULT_CONCURRENCY;
  self->adopt_attempts = TAKEOVER_ADOPT_DEFAULT_ADOPT_ATTEMPTS;
  self->state_timeout = TAKEOVER_ADOPT_DEFAULT_STATE_TIMEOUT;
  g_queue_init (&self->queue);
}

TakeoverAdopt *
takeover_adopt_new (TakeoverIronic     *ironic,
                    TakeoverFleetProbe *probe)
{
  g_return_val_if_fail (TAKEOVER_IS_IRONIC (ironic), NULL);
  g_return_val_if_fail (TAKEOVER_IS_FLEET_PROBE (probe), NULL);

  return g_object_new (TAKEOVER_TYPE_ADOPT, "ironic", ironic, "probe", probe, NULL);
}

/**
 * takeover_adopt_get_jobs:
 *
 * Returns: (transfer none): a GListModel of TakeoverAdoptJob, one per host, in the order the
 *   hosts were added.
 */
GListModel *
takeover_adopt_get_jobs (TakeoverAdopt *self)
{
  g_return_val_if_fail (TAKEOVER_IS_ADOPT (self), NULL);

  return G_LIST_MODEL (self->jobs);
}

/**
 * takeover_adopt_add_host:
 *
 * Adds a job for @host; a host without a name Ironic can take, or without a BMC address, gets a
 * job that is skipped with the reason.
 *
 * Returns: (transfer none): the job
 */
TakeoverAdoptJob *
takeover_adopt_add_host (TakeoverAdopt *self,
                         TakeoverHost  *host)
{
  g_autoptr(TakeoverAdoptJob) job = NULL;

  g_return_val_if_fail (TAKEOVER_IS_ADOPT (self), NULL);
  g_return_val_if_fail (TAKEOVER_IS_HOST (host), NULL);

  job = takeover_adopt_job_new (host);
  g_list_store_append (self->jobs, job);

  if (takeover_host_get_name (host) != NULL && !is_valid_node_name (takeover_host_get_name (host)))
    takeover_adopt_skip_job (self, job,
                             _("The host’s name must be made of letters, digits and “-._~”: "
                               "it becomes its node’s name"));
  else if (takeover_host_get_bmc_address (host) == NULL)
    takeover_adopt_skip_job (self, job, _("The host has no BMC address"));

  return job;
}

/**
 * takeover_adopt_skip_job:
 *
 * Leaves @job out of this and later runs, saying why (e.g. its inventory record has errors).
 */
void
takeover_adopt_skip_job (TakeoverAdopt    *self,
                         TakeoverAdoptJob *job,
                         const char       *reason)
{
  g_return_if_fail (TAKEOVER_IS_ADOPT (self));
  g_return_if_fail (TAKEOVER_IS_ADOPT_JOB (job));
  g_return_if_fail (reason != NULL);

  g_hash_table_add (self->excluded, job);
  takeover_adopt_job_set_message (job, reason);
  takeover_adopt_job_set_state (job, TAKEOVER_ADOPT_STATE_SKIPPED);
}

#define STRING_ACCESSORS(field, PROP)                                   \
  const char *                                                          \
  takeover_adopt_get_##field (TakeoverAdopt *self)                      \
  {                                                                     \
    g_return_val_if_fail (TAKEOVER_IS_ADOPT (self), NULL);              \
    return self->field;                                                 \
  }                                                                     \
  void                                                                  \
  takeover_adopt_set_##field (TakeoverAdopt *self,                      \
                              const char    *value)                     \
  {                                                                     \
    g_return_if_fail (TAKEOVER_IS_ADOPT (self));                        \
    set_string_prop (self, PROP, value);                                \
  }

#define UINT_ACCESSORS(field, PROP)                                     \
  guint                                                                 \
  takeover_adopt_get_##field (TakeoverAdopt *self)                      \
  {                                                                     \
    g_return_val_if_fail (TAKEOVER_IS_ADOPT (self), 0);                 \
    return self->field;                                                 \
  }                                                                     \
  void                                                                  \
  takeover_adopt_set_##field (TakeoverAdopt *self,                      \
                              guint          value)                     \
  {                                                                     \
    g_return_if_fail (TAKEOVER_IS_ADOPT (self));                        \
    g_return_if_fail (value > 0);                                       \
    set_uint_prop (self, PROP, value);                                  \
  }

STRING_ACCESSORS (image_source, PROP_IMAGE_SOURCE)
STRING_ACCESSORS (resource_class, PROP_RESOURCE_CLASS)
STRING_ACCESSORS (owner, PROP_OWNER)
STRING_ACCESSORS (deploy_kernel, PROP_DEPLOY_KERNEL)
STRING_ACCESSORS (deploy_ramdisk, PROP_DEPLOY_RAMDISK)
UINT_ACCESSORS (concurrency, PROP_CONCURRENCY)
UINT_ACCESSORS (adopt_attempts, PROP_ADOPT_ATTEMPTS)
UINT_ACCESSORS (state_timeout, PROP_STATE_TIMEOUT)

gboolean
takeover_adopt_get_dry_run (TakeoverAdopt *self)
{
  g_return_val_if_fail (TAKEOVER_IS_ADOPT (self), FALSE);

  return self->dry_run;
}

void
takeover_adopt_set_dry_run (TakeoverAdopt *self,
                            gboolean       dry_run)
{
  g_return_if_fail (TAKEOVER_IS_ADOPT (self));
  g_return_if_fail (self->run_task == NULL);

  dry_run = !!dry_run;
  if (self->dry_run != dry_run)
    {
      self->dry_run = dry_run;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRY_RUN]);
    }
}

/**
 * takeover_adopt_get_journal:
 *
 * Returns: (transfer none) (nullable): where each host's step is recorded
 */
TakeoverJournal *
takeover_adopt_get_journal (TakeoverAdopt *self)
{
  g_return_val_if_fail (TAKEOVER_IS_ADOPT (self), NULL);

  return self->journal;
}

void
takeover_adopt_set_journal (TakeoverAdopt   *self,
                            TakeoverJournal *journal)
{
  g_return_if_fail (TAKEOVER_IS_ADOPT (self));
  g_return_if_fail (!journal || TAKEOVER_IS_JOURNAL (journal));

  if (g_set_object (&self->journal, journal))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOURNAL]);
}

/**
 * takeover_adopt_get_audit:
 *
 * Returns: (transfer none) (nullable): where each request and step of a run is logged
 */
TakeoverAdoptAudit *
takeover_adopt_get_audit (TakeoverAdopt *self)
{
  g_return_val_if_fail (TAKEOVER_IS_ADOPT (self), NULL);

  return self->audit;
}

void
takeover_adopt_set_audit (TakeoverAdopt      *self,
                          TakeoverAdoptAudit *audit)
{
  g_return_if_fail (TAKEOVER_IS_ADOPT (self));
  g_return_if_fail (!audit || TAKEOVER_IS_ADOPT_AUDIT (audit));

  if (g_set_object (&self->audit, audit))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIT]);
}

gboolean
takeover_adopt_get_paused (TakeoverAdopt *self)
{
  g_return_val_if_fail (TAKEOVER_IS_ADOPT (self), FALSE);

  return self->paused;
}

/**
 * takeover_adopt_set_paused:
 *
 * Pausing lets the hosts in progress go on to their end and starts no other; resuming starts
 * them again, up to the concurrency. A paused run still ends when it is cancelled. The setting
 * outlasts a run: a run started paused starts no host until it is resumed.
 */
void
takeover_adopt_set_paused (TakeoverAdopt *self,
                           gboolean       paused)
{
  g_return_if_fail (TAKEOVER_IS_ADOPT (self));

  paused = !!paused;
  if (self->paused == paused)
    return;

  self->paused = paused;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  if (!paused && self->run_task != NULL && self->started)
    pump (self);
}

/**
 * takeover_adopt_run_async:
 *
 * Adopts every host whose job is not skipped, a bounded number at a time (resuming each from
 * where the cloud has it). Cancelling @cancellable cancels every job; a job can also be
 * cancelled alone (takeover_adopt_job_cancel()). The run succeeds when every job has ended,
 * whatever its end: each job says how it went.
 */
void
takeover_adopt_run_async (TakeoverAdopt       *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GCancellable) own_cancellable = NULL;
  GListModel *jobs = G_LIST_MODEL (self->jobs);

  g_return_if_fail (TAKEOVER_IS_ADOPT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  /* The run's cancellable also cancels the jobs, so there always is one. */
  if (cancellable == NULL)
    cancellable = own_cancellable = g_cancellable_new ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_adopt_run_async);

  if (self->run_task != NULL)
    {
      g_task_return_new_error (task, TAKEOVER_ADOPT_ERROR, TAKEOVER_ADOPT_ERROR_BUSY,
                               _("An adoption is already running"));
      return;
    }

  if (self->image_source == NULL && !self->dry_run)
    {
      g_task_return_new_error (task, TAKEOVER_ADOPT_ERROR, TAKEOVER_ADOPT_ERROR_INVALID,
                               _("No image for the nodes’ instance_info: give the image that "
                                 "“takeover-cli prepare” created, or an image URL"));
      return;
    }

  /* Queued now, so that a job cancelled from here on stays cancelled. */
  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (jobs, i);

      if (g_hash_table_contains (self->excluded, job))
        continue;

      takeover_adopt_job_reset (job);
      g_queue_push_tail (&self->queue, g_steal_pointer (&job));
    }

  self->run_task = g_object_ref (task);
  g_clear_error (&self->stop_error);
  self->cancelled_handler = g_cancellable_connect (cancellable, G_CALLBACK (run_cancelled_cb),
                                                   self, NULL);
  if (self->journal != NULL && !self->dry_run)
    {
      self->run_journal = g_object_ref (self->journal);
      self->journal_handler = g_signal_connect (self->run_journal, "notify::error",
                                                G_CALLBACK (journal_error_cb), self);
    }
  if (self->audit != NULL && request_signal_has_cancellable ())
    self->request_handler = g_signal_connect (takeover_ironic_get_cloud (self->ironic),
                                              "request-finished",
                                              G_CALLBACK (request_finished_cb), self);

  takeover_ironic_discover_async (self->ironic, cancellable, discover_cb, g_object_ref (self));
}

/**
 * takeover_adopt_run_finish:
 *
 * Returns: %TRUE when the run went through every job; %FALSE with @error when it could not
 *   start (Ironic unreachable or too old, no image) or the journal could not be saved.
 */
gboolean
takeover_adopt_run_finish (TakeoverAdopt  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_return_val_if_fail (TAKEOVER_IS_ADOPT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
delete_node_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakeoverAdoptJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!takeover_ironic_delete_node_finish (TAKEOVER_IRONIC (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  takeover_adopt_job_set_node_uuid (job, NULL);
  takeover_adopt_job_set_provision_state (job, NULL);
  g_task_return_boolean (task, TRUE);
}

/* What the job last saw may be stale (a wait that timed out): Ironic's word decides. */
static void
remove_check_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakeoverAdoptJob *job = g_task_get_task_data (task);
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(GError) error = NULL;

  node = takeover_ironic_get_node_finish (TAKEOVER_IRONIC (object), result, &error);
  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  takeover_adopt_job_set_provision_state (job, node_string (node, "provision_state"));
  if (!takeover_adopt_job_can_remove_node (job))
    {
      g_task_return_new_error (task, TAKEOVER_ADOPT_ERROR, TAKEOVER_ADOPT_ERROR_UNEXPECTED,
                               _("The node is now in “%s”; Ironic deletes a node without "
                                 "cleaning it only from enroll, manageable or adopt failed, so it "
                                 "was not removed"), node_string (node, "provision_state"));
      return;
    }

  takeover_ironic_delete_node_async (TAKEOVER_IRONIC (object), node_string (node, "uuid"),
                                     g_task_get_cancellable (task), delete_node_cb,
                                     g_object_ref (task));
}

/**
 * takeover_adopt_remove_node_async:
 *
 * Deletes the node of a failed or cancelled @job (and with it its ports), only where
 * takeover_adopt_job_can_remove_node() allows: from enroll, manageable or adopt failed, which
 * Ironic deletes without cleaning, so the machine is not touched.
 */
void
takeover_adopt_remove_node_async (TakeoverAdopt       *self,
                                  TakeoverAdoptJob    *job,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TAKEOVER_IS_ADOPT (self));
  g_return_if_fail (TAKEOVER_IS_ADOPT_JOB (job));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_adopt_remove_node_async);
  g_task_set_task_data (task, g_object_ref (job), g_object_unref);

  if (!takeover_adopt_job_can_remove_node (job))
    {
      g_task_return_new_error (task, TAKEOVER_ADOPT_ERROR, TAKEOVER_ADOPT_ERROR_UNEXPECTED,
                               _("Only the node of a failed host in enroll, manageable or adopt "
                                 "failed can be removed: Ironic would clean it from any other "
                                 "state"));
      return;
    }

  takeover_ironic_get_node_async (self->ironic, takeover_adopt_job_get_node_uuid (job),
                                  node_fields, cancellable, remove_check_cb,
                                  g_steal_pointer (&task));
}

gboolean
takeover_adopt_remove_node_finish (TakeoverAdopt  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (TAKEOVER_IS_ADOPT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
