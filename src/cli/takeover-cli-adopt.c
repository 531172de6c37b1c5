/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "takeover-cli.h"
#include "takeover-adopt-report.h"
#include "takeover-cli-table.h"
#include "takeover-session.h"

/* A terminal is redrawn at most this often. */
#define REDRAW_INTERVAL_MS 100
#define BAR_WIDTH          10

typedef struct
{
  TakeoverAdopt *adopt;
  GMainLoop     *loop;
  GCancellable  *cancellable;
  FILE          *out;          /* progress: stdout, or stderr when stdout carries JSON */
  gboolean       live;         /* a terminal: one line per host, redrawn in place */
  guint          drawn_lines;
  guint          redraw_id;
  GAsyncResult  *result;       /* of the call in flight, once it ended */
} Adoption;

static guint
terminal_rows (FILE *out)
{
  struct winsize size;

  if (ioctl (fileno (out), TIOCGWINSZ, &size) == 0 && size.ws_row > 4)
    return size.ws_row;

  return 24;
}

static char *
format_job (TakeoverAdoptJob *job)
{
  TakeoverHost *host = takeover_adopt_job_get_host (job);
  TakeoverAdoptState state = takeover_adopt_job_get_state (job);
  guint filled = (guint) (takeover_adopt_job_get_progress (job) * BAR_WIDTH + 0.5);
  const char *message = takeover_adopt_job_get_message (job);
  g_autoptr(GString) line = g_string_new (NULL);

  takeover_cli_append_cell (line, takeover_host_get_display_name (host), 16,
                            TAKEOVER_CLI_ALIGN_LEFT, FALSE);
  g_string_append (line, " [");
  for (guint i = 0; i < BAR_WIDTH; i++)
    g_string_append_c (line, i < filled ? '#' : '-');
  g_string_append (line, "] ");
  takeover_cli_append_cell (line, takeover_adopt_state_get_label (state), 18,
                            TAKEOVER_CLI_ALIGN_LEFT, FALSE);
  if (message != NULL)
    g_string_append_printf (line, " %s", message);

  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* Draws one line per host over the previous drawing. With more hosts than the terminal has
 * rows, the hosts in progress get the lines, then the failed ones, and a last line counts. */
static void
redraw (Adoption *adoption)
{
  GListModel *jobs = takeover_adopt_get_jobs (adoption->adopt);
  guint n_jobs = g_list_model_get_n_items (jobs);
  guint max_lines = terminal_rows (adoption->out) - 2;
  gboolean all = n_jobs <= max_lines;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_running = 0;
  guint n_finished = 0;

  for (guint rank = 0; rank < (all ? 1 : 2); rank++)
    {
      for (guint i = 0; i < n_jobs; i++)
        {
          g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (jobs, i);
          gboolean finished = takeover_adopt_job_is_finished (job);
          gboolean running = !finished &&
                             takeover_adopt_job_get_state (job) != TAKEOVER_ADOPT_STATE_PENDING;
          gboolean failed = takeover_adopt_job_get_state (job) == TAKEOVER_ADOPT_STATE_FAILED;

          if (rank == 0)
            {
              n_running += running;
              n_finished += finished;
            }
          if (all || (shown->len < max_lines - 1 && (rank == 0 ? running : failed)))
            g_ptr_array_add (shown, g_steal_pointer (&job));
        }
    }

  if (adoption->drawn_lines > 0)
    g_string_append_printf (text, "\033[%uA", adoption->drawn_lines);
  for (guint i = 0; i < shown->len; i++)
    {
      g_autofree char *line = format_job (g_ptr_array_index (shown, i));

      g_string_append_printf (text, "\r\033[2K%s\n", line);
    }
  if (!all)
    {
      g_string_append (text, "\r\033[2K");
      g_string_append_printf (text, _("%u hosts: %u in progress, %u finished"), n_jobs,
                              n_running, n_finished);
      g_string_append_c (text, '\n');
    }

  /* The block shrinks as hosts finish: clear what the last drawing left below it. */
  g_string_append (text, "\033[J");
  fputs (text->str, adoption->out);
  fflush (adoption->out);
  adoption->drawn_lines = shown->len + (all ? 0 : 1);
}

static gboolean
redraw_cb (gpointer user_data)
{
  Adoption *adoption = user_data;

  adoption->redraw_id = 0;
  redraw (adoption);

  return G_SOURCE_REMOVE;
}

static void
job_notify_cb (TakeoverAdoptJob *job,
               GParamSpec       *pspec,
               Adoption         *adoption)
{
  if (adoption->live)
    {
      if (adoption->redraw_id == 0)
        adoption->redraw_id = g_timeout_add (REDRAW_INTERVAL_MS, redraw_cb, adoption);
      return;
    }

  /* Not a terminal: a plain line each time a host reaches a step. */
  if (g_str_equal (pspec->name, "state"))
    {
      g_autofree char *line = format_job (job);

      fprintf (adoption->out, "%s\n", line);
      fflush (adoption->out);
    }
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Adoption *adoption = user_data;

  adoption->result = g_object_ref (result);
  g_main_loop_quit (adoption->loop);
}

/* Runs the main loop until the call that was given done_cb ends; its result, to finish. */
static GAsyncResult *
wait_for (Adoption *adoption)
{
  if (adoption->result == NULL)
    g_main_loop_run (adoption->loop);

  return adoption->result;
}

static gboolean
interrupt_cb (gpointer user_data)
{
  Adoption *adoption = user_data;

  /* The first ^C cancels and lets every host stop cleanly (and the journal be saved). */
  g_printerr ("\n%s\n", _("Cancelling: each host stops after its current request…"));
  g_cancellable_cancel (adoption->cancellable);

  return G_SOURCE_CONTINUE;
}

static void
print_json (TakeoverAdopt *adopt)
{
  g_autoptr(GBytes) report = takeover_adopt_report_serialize (takeover_adopt_get_jobs (adopt),
                                                              TAKEOVER_ADOPT_REPORT_JSON);

  fwrite (g_bytes_get_data (report, NULL), 1, g_bytes_get_size (report), stdout);
}

/* One at a time: there are few, and each line says what happened to which node. */
static void
remove_failed_nodes (Adoption *adoption)
{
  GListModel *jobs = takeover_adopt_get_jobs (adoption->adopt);

  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (jobs, i);
      const char *name = takeover_host_get_display_name (takeover_adopt_job_get_host (job));
      g_autofree char *uuid = g_strdup (takeover_adopt_job_get_node_uuid (job));
      g_autoptr(GError) error = NULL;

      if (!takeover_adopt_job_can_remove_node (job))
        continue;

      takeover_adopt_remove_node_async (adoption->adopt, job, NULL, done_cb, adoption);
      if (!takeover_adopt_remove_node_finish (adoption->adopt, wait_for (adoption), &error))
        fprintf (adoption->out, _("%s: could not remove node %s: %s\n"), name, uuid,
                 error->message);
      else
        fprintf (adoption->out, _("%s: removed node %s\n"), name, uuid);
      g_clear_object (&adoption->result);
    }
}

/* The summary: a count per end, then every host that did not end adopted, with what to do. */
static void
print_summary (TakeoverAdopt *adopt,
               FILE          *out)
{
  GListModel *jobs = takeover_adopt_get_jobs (adopt);
  guint n_jobs = g_list_model_get_n_items (jobs);
  guint counts[TAKEOVER_ADOPT_STATE_CANCELLED + 1] = { 0 };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n_jobs; i++)
    {
      g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (jobs, i);
      TakeoverAdoptState state = takeover_adopt_job_get_state (job);
      const char * const *plan = takeover_adopt_job_get_plan (job);
      const char *name = takeover_host_get_display_name (takeover_adopt_job_get_host (job));

      counts[state]++;
      for (guint j = 0; plan[j] != NULL; j++)
        g_string_append_printf (text, "%s: %s\n", name, plan[j]);
      if (state < TAKEOVER_ADOPT_STATE_FAILED)
        continue;

      g_string_append_printf (text, "%s: %s", name, takeover_adopt_state_get_label (state));
      if (state == TAKEOVER_ADOPT_STATE_FAILED || state == TAKEOVER_ADOPT_STATE_CANCELLED)
        g_string_append_printf (text, _(" at “%s”"),
                                takeover_adopt_state_get_label (
                                  takeover_adopt_job_get_failed_state (job)));
      if (takeover_adopt_job_get_message (job) != NULL)
        g_string_append_printf (text, ": %s", takeover_adopt_job_get_message (job));
      g_string_append_c (text, '\n');
      if (takeover_adopt_job_get_last_error (job) != NULL)
        g_string_append_printf (text, _("  Ironic says: %s\n"),
                                takeover_adopt_job_get_last_error (job));
      if (takeover_adopt_job_get_hint (job) != NULL)
        g_string_append_printf (text, "  %s\n", takeover_adopt_job_get_hint (job));
      if (takeover_adopt_job_can_remove_node (job))
        g_string_append_printf (text, _("  Its node %s (%s) can be removed safely.\n"),
                                takeover_adopt_job_get_node_uuid (job),
                                takeover_adopt_job_get_provision_state (job));
    }

  /* TRANSLATORS: the last line of an adoption, e.g. "20 hosts: 19 adopted, 1 failed, 0 skipped,
   * 0 cancelled" */
  g_string_append_printf (text, _("%u hosts: %u adopted, %u failed, %u skipped, %u cancelled\n"),
                          n_jobs,
                          (counts[TAKEOVER_ADOPT_STATE_ACTIVE] +
                           counts[TAKEOVER_ADOPT_STATE_VERIFIED]),
                          counts[TAKEOVER_ADOPT_STATE_FAILED],
                          counts[TAKEOVER_ADOPT_STATE_SKIPPED],
                          counts[TAKEOVER_ADOPT_STATE_CANCELLED]);
  fputs (text->str, out);
}

static int
exit_code (TakeoverAdopt *adopt)
{
  GListModel *jobs = takeover_adopt_get_jobs (adopt);
  gboolean dry_run = takeover_adopt_get_dry_run (adopt);

  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (jobs, i);
      TakeoverAdoptState state = takeover_adopt_job_get_state (job);

      /* A dry run succeeds when it could plan every host. */
      if (dry_run
          ? state == TAKEOVER_ADOPT_STATE_FAILED || state == TAKEOVER_ADOPT_STATE_CANCELLED
          : !takeover_adopt_job_is_adopted (job))
        return TAKEOVER_CLI_EXIT_FAILED;
    }

  return TAKEOVER_CLI_EXIT_OK;
}

int
takeover_cli_adopt (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(TakeoverSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cloud_name = NULL;
  g_autofree char *image = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *resource_class = NULL;
  g_autofree char *deploy_kernel = NULL;
  g_autofree char *deploy_ramdisk = NULL;
  TakeoverAdoptAudit *audit;
  int concurrency = TAKEOVER_ADOPT_DEFAULT_CONCURRENCY;
  int adopt_attempts = TAKEOVER_ADOPT_DEFAULT_ADOPT_ATTEMPTS;
  int state_timeout = TAKEOVER_ADOPT_DEFAULT_STATE_TIMEOUT;
  double probe_timeout = TAKEOVER_PROBE_DEFAULT_TIMEOUT_MS / 1000.0;
  gboolean dry_run = FALSE;
  gboolean json = FALSE;
  gboolean remove_failed = FALSE;
  Adoption adoption = { 0 };
  GListModel *jobs;
  guint sigint_id, sigterm_id;
  int status;
  const GOptionEntry entries[] = {
    { "cloud", 0, 0, G_OPTION_ARG_STRING, &cloud_name,
      N_("The cloud in clouds.yaml (default: $OS_CLOUD)"), N_("NAME") },
    { "concurrency", 0, 0, G_OPTION_ARG_INT, &concurrency,
      N_("Adopt at most N hosts at once (default 16)"), N_("N") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Probe and look up, show what would be created, change nothing"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the result as JSON, one object per host"), NULL },
    { "remove-failed", 0, 0, G_OPTION_ARG_NONE, &remove_failed,
      N_("Then remove the nodes of the hosts that failed, where Ironic does so without cleaning "
         "(enroll, manageable, adopt failed)"), NULL },
    { "image", 0, 0, G_OPTION_ARG_STRING, &image,
      N_("The nodes’ image_source: the image prepare created, or a URL"), N_("IMAGE") },
    { "owner", 0, 0, G_OPTION_ARG_STRING, &owner,
      N_("The project that owns the nodes (the one prepare created)"), N_("PROJECT") },
    { "resource-class", 0, 0, G_OPTION_ARG_STRING, &resource_class,
      N_("The nodes’ resource class (default “baremetal”)"), N_("CLASS") },
    { "deploy-kernel", 0, 0, G_OPTION_ARG_STRING, &deploy_kernel,
      N_("The deploy kernel for driver_info"), N_("IMAGE") },
    { "deploy-ramdisk", 0, 0, G_OPTION_ARG_STRING, &deploy_ramdisk,
      N_("The deploy ramdisk for driver_info"), N_("IMAGE") },
    { "adopt-attempts", 0, 0, G_OPTION_ARG_INT, &adopt_attempts,
      N_("Ask Ironic to adopt a node at most N times (default 3)"), N_("N") },
    { "state-timeout", 0, 0, G_OPTION_ARG_INT, &state_timeout,
      N_("Wait at most S seconds for Ironic to manage or adopt a node (default 600)"),
      N_("S") },
    { "probe-timeout", 0, 0, G_OPTION_ARG_DOUBLE, &probe_timeout,
      N_("Give each BMC and SSH server S seconds to answer (default 10)"), N_("S") },
    { NULL }
  };

  context = g_option_context_new (_("FILE"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Adopts the servers of an inventory into Ironic in place: no "
                                  "reboot, no power action, no reinstall.\n"
                                  "Each host is probed, then its node and ports are created, "
                                  "managed and adopted; a run resumes where an earlier one "
                                  "stopped.\n"
                                  "Exits with 0 only when every host is active."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!takeover_cli_parse_options (context, &argc, &argv))
    return TAKEOVER_CLI_EXIT_USAGE;

  if (argc != 2)
    {
      g_printerr (_("%s: give one inventory file\n"), g_get_prgname ());
      return TAKEOVER_CLI_EXIT_USAGE;
    }
  if (concurrency < 1 || adopt_attempts < 1 || state_timeout < 1 || probe_timeout <= 0)
    {
      g_printerr (_("%s: --concurrency, --adopt-attempts, --state-timeout and --probe-timeout "
                    "must be positive\n"), g_get_prgname ());
      return TAKEOVER_CLI_EXIT_USAGE;
    }
  if (image == NULL && !dry_run)
    {
      g_printerr (_("%s: give --image: the image prepare created, or an image URL\n"),
                  g_get_prgname ());
      return TAKEOVER_CLI_EXIT_USAGE;
    }

  session = takeover_session_new ();
  if (!takeover_cli_read_inventory (takeover_session_get_inventory (session), argv[1],
                                    TAKEOVER_INVENTORY_FORMAT_NONE))
    return TAKEOVER_CLI_EXIT_FAILED;
  takeover_cli_print_problems (takeover_session_get_inventory (session));

  if (!takeover_session_open_cloud (session, cloud_name, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return TAKEOVER_CLI_EXIT_FAILED;
    }

  takeover_fleet_probe_set_timeout_ms (takeover_session_get_fleet_probe (session),
                                       (guint) (probe_timeout * 1000));
  adoption.adopt = g_object_ref (takeover_session_get_adopt (session));
  g_object_set (adoption.adopt,
                "concurrency", (guint) concurrency,
                "adopt-attempts", (guint) adopt_attempts,
                "state-timeout", (guint) state_timeout,
                "image-source", image,
                "owner", owner,
                "deploy-kernel", deploy_kernel,
                "deploy-ramdisk", deploy_ramdisk,
                "dry-run", dry_run,
                NULL);
  if (resource_class != NULL)
    takeover_adopt_set_resource_class (adoption.adopt, resource_class);

  adoption.out = json ? stderr : stdout;
  adoption.live = isatty (fileno (adoption.out));
  adoption.loop = g_main_loop_new (NULL, FALSE);
  adoption.cancellable = g_cancellable_new ();
  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, &adoption);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, &adoption);

  /* The session makes each host a job as the run starts, skipping those with errors: each job's
   * line is drawn from its first step on. */
  takeover_session_adopt_async (session, adoption.cancellable, done_cb, &adoption);
  jobs = takeover_adopt_get_jobs (adoption.adopt);
  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (jobs, i);

      g_signal_connect (job, "notify::state", G_CALLBACK (job_notify_cb), &adoption);
      g_signal_connect (job, "notify::message", G_CALLBACK (job_notify_cb), &adoption);
    }
  takeover_session_adopt_finish (session, wait_for (&adoption), &error);
  g_clear_object (&adoption.result);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_handle_id (&adoption.redraw_id, g_source_remove);
  if (adoption.live)
    redraw (&adoption);

  if (error != NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      status = TAKEOVER_CLI_EXIT_FAILED;
    }
  else
    {
      if (remove_failed)
        remove_failed_nodes (&adoption);
      if (json)
        print_json (adoption.adopt);
      print_summary (adoption.adopt, adoption.out);
      status = exit_code (adoption.adopt);
    }
  /* A run that could not start (the journal held by another run) has no audit log. */
  if ((audit = takeover_session_get_audit (session)) != NULL)
    fprintf (adoption.out, _("Journal: %s\nAudit log: %s\n"),
             takeover_journal_get_path (takeover_session_get_journal (session)),
             takeover_adopt_audit_get_path (audit));

  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (jobs, i);

      g_signal_handlers_disconnect_by_data (job, &adoption);
    }
  g_clear_object (&adoption.cancellable);
  g_clear_pointer (&adoption.loop, g_main_loop_unref);
  g_clear_object (&adoption.adopt);

  return status;
}
