/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-adopt-page"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-lazy-list.h"
#include "takeover-adopt-page.h"
#include "takeover-job-cell.h"

/* The wizard's adopt step: after a confirmation that says what will and will not happen to
 * the servers, each host's way through the adoption (its step, a progress bar, what happened),
 * with pause, stop and a run again for the hosts that did not make it. The rows are the
 * adoption's jobs and follow their notifies. */
struct _TakeoverAdoptPage
{
  TakeoverWizardPage   parent_instance;

  TakeoverAdopt       *adopt;          /* the session's, whose jobs are shown */
  TakeoverAdoptAudit  *audit;          /* the session's latest run's, for the selected host */
  GtkSingleSelection  *selection;
  gboolean             log_is_placeholder;  /* the log view says there is nothing yet */
  GCancellable        *cancellable;    /* the run this page started */
  GError              *error;          /* why the latest run could not go through */
  gboolean             ran;

  GtkLabel            *status_label;
  GtkWidget           *ready_page;
  GtkButton           *pause_button;
  GtkButton           *stop_button;
  GtkButton           *start_button;
  GtkProgressBar      *progress_bar;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *host_column;
  GtkColumnViewColumn *step_column;
  GtkColumnViewColumn *progress_column;
  GtkColumnViewColumn *elapsed_column;
  GtkColumnViewColumn *message_column;
  GtkWidget           *log_box;
  GtkLabel            *log_title;
  GtkTextView         *log_view;
};

G_DEFINE_FINAL_TYPE (TakeoverAdoptPage, takeover_adopt_page, TAKEOVER_TYPE_WIZARD_PAGE)

/* The status line --------------------------------------------------------------------------- */

static void
update_status (TakeoverAdoptPage *self)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  gboolean adopting = takeover_session_get_stage (session) == TAKEOVER_SESSION_STAGE_ADOPTING;
  gboolean paused = takeover_session_get_paused (session);
  guint n_jobs = takeover_session_get_n_jobs (session);
  guint n_finished = takeover_session_get_n_finished (session);
  guint n_adopted = takeover_session_get_n_adopted (session);
  guint n_failed = takeover_session_get_n_failed (session);
  guint n_skipped = takeover_session_get_n_skipped (session);
  guint n_cancelled = takeover_session_get_n_cancelled (session);
  guint n_hosts = g_list_model_get_n_items (takeover_inventory_get_hosts (
                                              takeover_session_get_inventory (session)));
  g_autofree char *text = NULL;

  if (self->adopt == NULL)
    text = g_strdup (_("Choose and prepare a cloud first."));
  else if (adopting && paused)
    text = g_strdup_printf (_("Paused: no new host is started. %u of %u hosts finished: %u "
                              "adopted, %u failed."), n_finished, n_jobs, n_adopted, n_failed);
  else if (adopting)
    text = g_strdup_printf (_("Adopting… %u of %u hosts finished: %u adopted, %u failed."),
                            n_finished, n_jobs, n_adopted, n_failed);
  else if (self->error != NULL)
    text = g_strdup (self->error->message);
  else if (!self->ran)
    text = g_strdup_printf (ngettext ("%u host is ready to be adopted into Ironic, in place.",
                                      "%u hosts are ready to be adopted into Ironic, in place.",
                                      n_hosts),
                            n_hosts);
  else if (n_adopted == n_jobs)
    text = g_strdup_printf (ngettext ("The host is adopted.", "All %u hosts are adopted.",
                                      n_jobs),
                            n_jobs);
  else
    text = g_strdup_printf (_("%u adopted, %u failed, %u skipped, %u stopped. The reason is "
                              "beside each host: fix it, then run the adoption again."),
                            n_adopted, n_failed, n_skipped, n_cancelled);

  gtk_label_set_label (self->status_label, text);
  /* Jobs are made as a run starts; before that, what the run will and will not do. */
  gtk_widget_set_visible (self->ready_page, n_jobs == 0);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 n_jobs > 0 ? (double) n_finished / n_jobs : 0.0);
  gtk_widget_set_visible (GTK_WIDGET (self->pause_button), adopting);
  gtk_button_set_label (self->pause_button, paused ? _("_Resume") : _("_Pause"));
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), adopting);
  gtk_widget_set_visible (GTK_WIDGET (self->start_button), !adopting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_button),
                            self->adopt != NULL && !takeover_session_get_busy (session) &&
                            n_hosts > 0);
  gtk_button_set_label (self->start_button,
                        self->ran && n_adopted < n_jobs ? _("_Run Again…") : _("_Adopt…"));
}

/* The selected host's log ----------------------------------------------------------------- */

static TakeoverAdoptJob *
get_selected_job (TakeoverAdoptPage *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
scroll_log_to_end (TakeoverAdoptPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->log_view);
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  gtk_text_view_scroll_mark_onscreen (self->log_view, gtk_text_buffer_get_insert (buffer));
}

/* Every request sent for the selected host in the latest run, the commands run on it and the
 * steps it reached, as the audit log has them. */
static void
show_log (TakeoverAdoptPage *self)
{
  TakeoverAdoptJob *job = get_selected_job (self);
  const char *name;
  g_auto(GStrv) lines = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->log_box, job != NULL);
  if (job == NULL)
    return;

  name = takeover_host_get_display_name (takeover_adopt_job_get_host (job));
  title = g_strdup_printf (_("What Takeover Sent for %s"), name);
  gtk_label_set_label (self->log_title, title);
  if (self->audit != NULL)
    lines = takeover_adopt_audit_dup_host_lines (self->audit, name);
  self->log_is_placeholder = lines == NULL || lines[0] == NULL;
  if (self->log_is_placeholder)
    text = g_strdup (_("Nothing yet: the host’s requests and steps appear here as the adoption "
                       "runs."));
  else
    text = g_strjoinv ("\n", lines);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->log_view), text, -1);
  scroll_log_to_end (self);
}

/* A new line for the chosen host goes at the end; the others are not read again. */
static void
host_logged_cb (TakeoverAdoptPage *self,
                const char        *host_name,
                const char        *line)
{
  TakeoverAdoptJob *job = get_selected_job (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->log_view);
  GtkTextIter end;

  if (job == NULL ||
      g_strcmp0 (takeover_host_get_display_name (takeover_adopt_job_get_host (job)),
                 host_name) != 0)
    return;

  if (self->log_is_placeholder)
    {
      show_log (self);
      return;
    }
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, "\n", 1);
  gtk_text_buffer_insert (buffer, &end, line, -1);
  scroll_log_to_end (self);
}

static void
audit_changed_cb (TakeoverAdoptPage *self)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  TakeoverAdoptAudit *audit = takeover_session_get_audit (session);

  if (audit == self->audit)
    return;

  if (self->audit != NULL)
    g_signal_handlers_disconnect_by_func (self->audit, host_logged_cb, self);
  g_set_object (&self->audit, audit);
  if (audit != NULL)
    g_signal_connect_object (audit, "host-logged", G_CALLBACK (host_logged_cb), self,
                             G_CONNECT_SWAPPED);
  show_log (self);
}

static void
adopt_changed_cb (TakeoverAdoptPage *self)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  TakeoverAdopt *adopt = takeover_session_get_adopt (session);
  if (adopt == self->adopt)
    return;

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->adopt, adopt);
  self->ran = FALSE;
  g_clear_error (&self->error);
  gtk_single_selection_set_model (self->selection,
                                  adopt != NULL ? takeover_adopt_get_jobs (adopt) : NULL);
  show_log (self);
  update_status (self);
}

static void
adopt_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TakeoverAdoptPage) self = user_data;
  GError *error = NULL;

  takeover_session_adopt_finish (TAKEOVER_SESSION (object), result, &error);
  g_clear_error (&self->error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->error = error;
  else
    g_clear_error (&error);
  update_status (self);
}

static void
confirm_response_cb (TakeoverAdoptPage *self,
                     const char        *response,
                     AdwMessageDialog  *dialog)
{
  if (g_strcmp0 (response, "adopt") == 0)
    takeover_adopt_page_start (self);
}

/* GObject ------------------------------------------------------------------------------------ */

static void
takeover_adopt_page_constructed (GObject *object)
{
  TakeoverAdoptPage *self = TAKEOVER_ADOPT_PAGE (object);
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));

  G_OBJECT_CLASS (takeover_adopt_page_parent_class)->constructed (object);

  g_signal_connect_object (session, "notify::adopt", G_CALLBACK (adopt_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::audit", G_CALLBACK (audit_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::stage", G_CALLBACK (update_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::paused", G_CALLBACK (update_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::n-finished", G_CALLBACK (update_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::n-adopted", G_CALLBACK (update_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::n-jobs", G_CALLBACK (update_status), self,
                           G_CONNECT_SWAPPED);
  adopt_changed_cb (self);
  audit_changed_cb (self);
  update_status (self);
}

static void
takeover_adopt_page_dispose (GObject *object)
{
  TakeoverAdoptPage *self = TAKEOVER_ADOPT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAKEOVER_TYPE_ADOPT_PAGE);
  g_clear_object (&self->adopt);
  g_clear_object (&self->audit);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (takeover_adopt_page_parent_class)->dispose (object);
}

static void
takeover_adopt_page_finalize (GObject *object)
{
  TakeoverAdoptPage *self = TAKEOVER_ADOPT_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (takeover_adopt_page_parent_class)->finalize (object);
}

static void
takeover_adopt_page_class_init (TakeoverAdoptPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = takeover_adopt_page_constructed;
  object_class->dispose = takeover_adopt_page_dispose;
  object_class->finalize = takeover_adopt_page_finalize;


  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bmtakeover/Takeover/takeover-adopt-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TakeoverAdoptPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, TakeoverAdoptPage, ready_page);
  gtk_widget_class_bind_template_child (widget_class, TakeoverAdoptPage, pause_button);
  gtk_widget_class_bind_template_child (widget_class, TakeoverAdoptPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, TakeoverAdoptPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, TakeoverAdoptPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, TakeoverAdoptPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, TakeoverAdoptPage, host_column);
  gtk_widget_class_bind_template_child (widget_class, TakeoverAdoptPage, step_column);
  gtk_widget_class_bind_template_child (widget_class, TakeoverAdoptPage, progress_column);
  gtk_widget_class_bind_template_child (widget_class, TakeoverAdoptPage, elapsed_column);
  gtk_widget_class_bind_template_child (widget_class, TakeoverAdoptPage, message_column);
  gtk_widget_class_bind_template_child (widget_class, TakeoverAdoptPage, log_box);
  gtk_widget_class_bind_template_child (widget_class, TakeoverAdoptPage, log_title);
  gtk_widget_class_bind_template_child (widget_class, TakeoverAdoptPage, log_view);
  gtk_widget_class_bind_template_callback (widget_class, takeover_adopt_page_confirm);
  gtk_widget_class_bind_template_callback (widget_class, takeover_adopt_page_stop);
  gtk_widget_class_bind_template_callback (widget_class, takeover_adopt_page_toggle_pause);
}

static void
takeover_adopt_page_init (TakeoverAdoptPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* A host is chosen to see its log; none is at first. */
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (show_log), self,
                           G_CONNECT_SWAPPED);
  takeover_lazy_list_bind (self->column_view, GTK_SELECTION_MODEL (self->selection));

  takeover_job_cell_set_factory (self->host_column, TAKEOVER_JOB_CELL_HOST);
  takeover_job_cell_set_factory (self->step_column, TAKEOVER_JOB_CELL_STEP);
  takeover_job_cell_set_factory (self->progress_column, TAKEOVER_JOB_CELL_PROGRESS);
  takeover_job_cell_set_factory (self->elapsed_column, TAKEOVER_JOB_CELL_ELAPSED);
  takeover_job_cell_set_factory (self->message_column, TAKEOVER_JOB_CELL_MESSAGE);
}

TakeoverAdoptPage *
takeover_adopt_page_new (TakeoverSession *session)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (session), NULL);

  return g_object_new (TAKEOVER_TYPE_ADOPT_PAGE, "session", session, NULL);
}

/**
 * takeover_adopt_page_confirm:
 *
 * Asks the operator, saying what will and will not happen to the servers, then adopts.
 */
void
takeover_adopt_page_confirm (TakeoverAdoptPage *self)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  GtkWidget *dialog;
  GtkRoot *root;
  guint n_hosts;

  g_return_if_fail (TAKEOVER_IS_ADOPT_PAGE (self));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  n_hosts = g_list_model_get_n_items (takeover_inventory_get_hosts (
                                        takeover_session_get_inventory (session)));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog),
                                     ngettext ("Adopt %u Server Into Ironic?",
                                               "Adopt %u Servers Into Ironic?", n_hosts),
                                     n_hosts);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Each server is taken over as it runs: no power action, no "
                                 "reboot, no reinstall. Takeover reads its BMC and operating "
                                 "system, creates its node and ports, and asks Ironic to manage "
                                 "and adopt it. A host whose inventory record has errors is "
                                 "skipped.\n\n"
                                 "Before going on, check that Ironic’s conductor does not force "
                                 "power states ([conductor] force_power_state_during_sync = "
                                 "false in ironic.conf): otherwise Ironic may switch a server "
                                 "to the power state it has on record."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "adopt", _("_Adopt"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "adopt",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * takeover_adopt_page_start:
 *
 * Adopts every host of the session into the chosen cloud's Ironic, with the image and owner
 * that the prepare step made, resuming what earlier runs left.
 */
void
takeover_adopt_page_start (TakeoverAdoptPage *self)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  TakeoverPrepare *prepare;

  g_return_if_fail (TAKEOVER_IS_ADOPT_PAGE (self));

  if (self->adopt == NULL)
    return;

  prepare = takeover_session_get_prepare (session);
  if (prepare != NULL && takeover_prepare_get_image_id (prepare) != NULL)
    takeover_adopt_set_image_source (self->adopt, takeover_prepare_get_image_id (prepare));
  if (prepare != NULL && takeover_prepare_get_project_id (prepare) != NULL)
    takeover_adopt_set_owner (self->adopt, takeover_prepare_get_project_id (prepare));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_error (&self->error);
  self->ran = TRUE;
  takeover_session_resume (session);
  takeover_session_adopt_async (session, self->cancellable, adopt_cb, g_object_ref (self));
  update_status (self);
}

/**
 * takeover_adopt_page_stop:
 *
 * Stops each host after its current request; the journal keeps where each one got to.
 */
void
takeover_adopt_page_stop (TakeoverAdoptPage *self)
{
  g_return_if_fail (TAKEOVER_IS_ADOPT_PAGE (self));

  g_cancellable_cancel (self->cancellable);
}

void
takeover_adopt_page_toggle_pause (TakeoverAdoptPage *self)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  g_return_if_fail (TAKEOVER_IS_ADOPT_PAGE (self));

  if (takeover_session_get_paused (session))
    takeover_session_resume (session);
  else
    takeover_session_pause (session);
}
