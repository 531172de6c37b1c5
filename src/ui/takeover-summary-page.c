/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-summary-page"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-lazy-list.h"
#include "takeover-file-writer.h"
#include "takeover-job-cell.h"
#include "takeover-summary-page.h"

/* The wizard's last step: how the adoption ended for every host, those that need attention
 * first, each with its reason and its node, and the same as a report to keep (CSV or JSON,
 * never a password). The list is the adoption's own jobs, sorted, so it stays right when the
 * operator goes back and runs the adoption again. */
struct _TakeoverSummaryPage
{
  TakeoverWizardPage    parent_instance;

  TakeoverAdopt        *adopt;          /* the session's, whose jobs are shown */
  GtkSortListModel     *results;        /* its jobs, by outcome */
  GtkFileChooserNative *chooser;

  GtkImage             *status_icon;
  GtkLabel             *title_label;
  GtkLabel             *counts_label;
  GtkButton            *export_button;
  GtkColumnView        *column_view;
  GtkColumnViewColumn  *host_column;
  GtkColumnViewColumn  *result_column;
  GtkColumnViewColumn  *node_column;
  GtkColumnViewColumn  *reason_column;
};

G_DEFINE_FINAL_TYPE (TakeoverSummaryPage, takeover_summary_page, TAKEOVER_TYPE_WIZARD_PAGE)

static const struct {
  TakeoverAdoptReportFormat  format;
  const char                *extension;
  const char                *name;
} report_formats[] = {
  { TAKEOVER_ADOPT_REPORT_CSV, ".csv", N_("CSV, for a spreadsheet") },
  { TAKEOVER_ADOPT_REPORT_JSON, ".json", N_("JSON, as “takeover-cli adopt --json” prints it") },
};

/* Failed first, then stopped, skipped, unfinished, adopted: the operator reads down the list
 * to what needs doing. */
static int
outcome_rank (TakeoverAdoptJob *job)
{
  switch (takeover_adopt_job_get_state (job))
    {
    case TAKEOVER_ADOPT_STATE_FAILED:
      return 0;
    case TAKEOVER_ADOPT_STATE_CANCELLED:
      return 1;
    case TAKEOVER_ADOPT_STATE_SKIPPED:
      return 2;
    default:
      return takeover_adopt_job_is_adopted (job) ? 4 : 3;
    }
}

static int
compare_outcome (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  /* The sort is stable: within an outcome, the hosts keep the inventory's order. */
  return outcome_rank ((TakeoverAdoptJob *) a) - outcome_rank ((TakeoverAdoptJob *) b);
}

static void
update_status (TakeoverSummaryPage *self)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  guint n_jobs = takeover_session_get_n_jobs (session);
  guint n_adopted = takeover_session_get_n_adopted (session);
  guint n_failed = takeover_session_get_n_failed (session);
  guint n_skipped = takeover_session_get_n_skipped (session);
  guint n_cancelled = takeover_session_get_n_cancelled (session);
  guint n_unfinished = n_jobs - MIN (n_jobs, n_adopted + n_failed + n_skipped + n_cancelled);
  g_autofree char *title = NULL;
  g_autofree char *counts = NULL;
  const char *icon_name;

  if (n_jobs > 0 && n_adopted == n_jobs)
    {
      title = g_strdup_printf (ngettext ("The Host Is Adopted", "All %u Hosts Are Adopted",
                                         n_jobs),
                               n_jobs);
      counts = g_strdup (_("Each one runs as before and is now an active node in Ironic, "
                           "managed in place."));
      icon_name = "emblem-ok-symbolic";
    }
  else
    {
      g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *joined = NULL;

      title = g_strdup_printf (ngettext ("%u of %u Host Adopted", "%u of %u Hosts Adopted",
                                         n_jobs),
                               n_adopted, n_jobs);

      /* Only the outcomes that some host had. */
      if (n_failed > 0)
        g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u failed", "%u failed", n_failed),
                                                 n_failed));
      if (n_cancelled > 0)
        g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u stopped", "%u stopped",
                                                           n_cancelled),
                                                 n_cancelled));
      if (n_skipped > 0)
        g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u skipped", "%u skipped",
                                                           n_skipped),
                                                 n_skipped));
      if (n_unfinished > 0)
        g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u not finished", "%u not finished",
                                                           n_unfinished),
                                                 n_unfinished));
      g_ptr_array_add (parts, NULL);
      /* Translators: between counts such as "2 failed" and "1 skipped". */
      joined = g_strjoinv (_(", "), (char **) parts->pdata);
      /* Translators: the counts, then what to do. */
      counts = g_strdup_printf (_("%s. Each one’s reason is in the list: fix it, then go back "
                                  "and run the adoption again. Adopted hosts are left as they "
                                  "are."),
                                joined);
      icon_name = n_adopted > 0 ? "dialog-warning-symbolic" : "dialog-error-symbolic";
    }

  gtk_image_set_from_icon_name (self->status_icon, icon_name);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_icon),
                            n_jobs > 0 && n_adopted == n_jobs ? "success"
                            : n_adopted > 0 ? "warning" : "error");
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->counts_label, counts);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), n_jobs > 0);
}

static void
resort (TakeoverSummaryPage *self)
{
  GtkSorter *sorter = gtk_sort_list_model_get_sorter (self->results);

  /* States change during a run; the list is sorted again when a run ends and as it is shown,
   * not on every step of every host. */
  gtk_sorter_changed (sorter, GTK_SORTER_CHANGE_DIFFERENT);
  update_status (self);
}

static void
stage_changed_cb (TakeoverSummaryPage *self)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));

  if (!takeover_session_get_busy (session))
    resort (self);
}

static void
adopt_changed_cb (TakeoverSummaryPage *self)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  TakeoverAdopt *adopt = takeover_session_get_adopt (session);

  if (adopt == self->adopt)
    return;

  g_set_object (&self->adopt, adopt);
  gtk_sort_list_model_set_model (self->results,
                                 adopt != NULL ? takeover_adopt_get_jobs (adopt) : NULL);
  update_status (self);
}

/* Export ------------------------------------------------------------------------------------ */

static void
replace_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!takeover_file_writer_replace_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  TakeoverSummaryPage *self = TAKEOVER_SUMMARY_PAGE (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  g_autofree char *text = NULL;
  GtkWidget *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (takeover_summary_page_export_finish (self, result, &error))
    {
      text = g_strdup_printf (_("Report saved to %s"), name);
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Could Not Save the Report"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
chooser_response_cb (TakeoverSummaryPage  *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *basename = NULL;
  GtkFileFilter *filter;
  guint i = 0;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      /* The typed extension decides; without one, the chosen filter does and adds its own. */
      basename = g_file_get_basename (file);
      filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
      if (filter != NULL)
        i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (filter), "format-index"));
      for (guint j = 0; j < G_N_ELEMENTS (report_formats); j++)
        if (g_str_has_suffix (basename, report_formats[j].extension))
          i = j;
      if (!g_str_has_suffix (basename, report_formats[i].extension))
        {
          g_autoptr(GFile) parent = g_file_get_parent (file);
          g_autofree char *named = g_strconcat (basename, report_formats[i].extension, NULL);

          g_set_object (&file, g_file_get_child (parent, named));
        }
      takeover_summary_page_export_async (self, file, report_formats[i].format, NULL,
                                          export_cb, g_object_ref (file));
    }

  g_clear_object (&self->chooser);
}

/* GObject ------------------------------------------------------------------------------------ */

static void
takeover_summary_page_constructed (GObject *object)
{
  TakeoverSummaryPage *self = TAKEOVER_SUMMARY_PAGE (object);
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));

  G_OBJECT_CLASS (takeover_summary_page_parent_class)->constructed (object);

  g_signal_connect_object (session, "notify::adopt", G_CALLBACK (adopt_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::busy", G_CALLBACK (stage_changed_cb), self,
                           G_CONNECT_SWAPPED);
  adopt_changed_cb (self);
}

static void
takeover_summary_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (takeover_summary_page_parent_class)->map (widget);

  resort (TAKEOVER_SUMMARY_PAGE (widget));
}

static void
takeover_summary_page_dispose (GObject *object)
{
  TakeoverSummaryPage *self = TAKEOVER_SUMMARY_PAGE (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAKEOVER_TYPE_SUMMARY_PAGE);
  g_clear_object (&self->results);
  g_clear_object (&self->adopt);

  G_OBJECT_CLASS (takeover_summary_page_parent_class)->dispose (object);
}

static void
takeover_summary_page_class_init (TakeoverSummaryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = takeover_summary_page_constructed;
  object_class->dispose = takeover_summary_page_dispose;
  widget_class->map = takeover_summary_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bmtakeover/Takeover/takeover-summary-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TakeoverSummaryPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, TakeoverSummaryPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, TakeoverSummaryPage, counts_label);
  gtk_widget_class_bind_template_child (widget_class, TakeoverSummaryPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, TakeoverSummaryPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, TakeoverSummaryPage, host_column);
  gtk_widget_class_bind_template_child (widget_class, TakeoverSummaryPage, result_column);
  gtk_widget_class_bind_template_child (widget_class, TakeoverSummaryPage, node_column);
  gtk_widget_class_bind_template_child (widget_class, TakeoverSummaryPage, reason_column);
  gtk_widget_class_bind_template_callback (widget_class, takeover_summary_page_choose_export);
}

static void
takeover_summary_page_init (TakeoverSummaryPage *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->results = gtk_sort_list_model_new (NULL,
                                           GTK_SORTER (gtk_custom_sorter_new (compare_outcome,
                                                                              NULL, NULL)));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  takeover_lazy_list_bind (self->column_view, GTK_SELECTION_MODEL (selection));
  takeover_job_cell_set_factory (self->host_column, TAKEOVER_JOB_CELL_HOST);
  takeover_job_cell_set_factory (self->result_column, TAKEOVER_JOB_CELL_STEP);
  takeover_job_cell_set_factory (self->node_column, TAKEOVER_JOB_CELL_NODE);
  takeover_job_cell_set_factory (self->reason_column, TAKEOVER_JOB_CELL_MESSAGE);
}

TakeoverSummaryPage *
takeover_summary_page_new (TakeoverSession *session)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (session), NULL);

  return g_object_new (TAKEOVER_TYPE_SUMMARY_PAGE, "session", session, NULL);
}

/**
 * takeover_summary_page_get_results:
 *
 * Returns: (transfer none): the adoption's jobs as the page lists them, by outcome
 */
GListModel *
takeover_summary_page_get_results (TakeoverSummaryPage *self)
{
  g_return_val_if_fail (TAKEOVER_IS_SUMMARY_PAGE (self), NULL);

  return G_LIST_MODEL (self->results);
}

/**
 * takeover_summary_page_choose_export:
 *
 * Asks where to save the report, and in which format, then saves it.
 */
void
takeover_summary_page_choose_export (TakeoverSummaryPage *self)
{
  TakeoverSession *session;
  TakeoverCloudConfig *config;
  GtkFileChooser *chooser;
  GtkRoot *root;
  g_autofree char *suggested = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");

  g_return_if_fail (TAKEOVER_IS_SUMMARY_PAGE (self));

  if (self->chooser != NULL)
    return;

  session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  config = takeover_session_get_cloud_config (session);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->chooser = gtk_file_chooser_native_new (_("Export Adoption Report"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               _("_Cancel"));
  chooser = GTK_FILE_CHOOSER (self->chooser);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);

  for (guint i = 0; i < G_N_ELEMENTS (report_formats); i++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
      g_autofree char *pattern = g_strconcat ("*", report_formats[i].extension, NULL);

      gtk_file_filter_set_name (filter, _(report_formats[i].name));
      gtk_file_filter_add_pattern (filter, pattern);
      g_object_set_data (G_OBJECT (filter), "format-index", GUINT_TO_POINTER (i));
      gtk_file_chooser_add_filter (chooser, filter);
      if (i == 0)
        gtk_file_chooser_set_filter (chooser, filter);
    }

  /* Translators: a file name: the cloud's name and the date. */
  suggested = g_strdup_printf (_("adoption-%s-%s.csv"),
                               config != NULL ? takeover_cloud_config_get_name (config) : "cloud",
                               date);
  gtk_file_chooser_set_current_name (chooser, suggested);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/**
 * takeover_summary_page_export_async:
 * @file: a local file, replaced whole once the report is on disk
 *
 * Saves the report of every host of the latest adoption, off the main thread.
 */
void
takeover_summary_page_export_async (TakeoverSummaryPage       *self,
                                    GFile                     *file,
                                    TakeoverAdoptReportFormat  format,
                                    GCancellable              *cancellable,
                                    GAsyncReadyCallback        callback,
                                    gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (TAKEOVER_IS_SUMMARY_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_summary_page_export_async);

  if ((path = g_file_get_path (file)) == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("%s is not a local file: choose a folder on this computer."),
                               name);
      return;
    }

  /* The list's order, so that the file reads as the page does. */
  bytes = takeover_adopt_report_serialize (G_LIST_MODEL (self->results), format);
  takeover_file_writer_replace_async (path, bytes, replace_cb, g_steal_pointer (&task));
}

gboolean
takeover_summary_page_export_finish (TakeoverSummaryPage  *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
  g_return_val_if_fail (TAKEOVER_IS_SUMMARY_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
