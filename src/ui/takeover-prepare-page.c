/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-prepare-page"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-prepare-page.h"

/* The wizard's prepare step: the plan for the chosen cloud as a checklist (each item exists,
 * will be created, or is in the way and why), then creating what is missing. Its rows are the
 * session's prepare items and follow their notifies. */
struct _TakeoverPreparePage
{
  TakeoverWizardPage   parent_instance;

  TakeoverPrepare     *prepare;        /* the session's, whose items are shown */
  GCancellable        *cancellable;
  GError              *error;          /* why the latest plan or apply failed */
  gboolean             planned;
  gboolean             applied;

  GtkLabel            *status_label;
  GtkSpinner          *spinner;
  GtkButton           *plan_button;
  GtkButton           *apply_button;
  GtkListBox          *items_list;
  AdwPreferencesGroup *image_group;
  AdwEntryRow         *image_row;
  AdwPreferencesGroup *password_group;
  AdwActionRow        *password_row;
};

enum {
  PROP_0,
  PROP_READY,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TakeoverPreparePage, takeover_prepare_page, TAKEOVER_TYPE_WIZARD_PAGE)

static GParamSpec *properties[N_PROPS];

/* Rows -------------------------------------------------------------------------------------- */

static const char *
status_icon_name (TakeoverPrepareStatus status)
{
  switch (status)
    {
    case TAKEOVER_PREPARE_STATUS_EXISTS:
    case TAKEOVER_PREPARE_STATUS_CREATED:
      return "emblem-ok-symbolic";
    case TAKEOVER_PREPARE_STATUS_CREATE:
      return "list-add-symbolic";
    case TAKEOVER_PREPARE_STATUS_CONFLICT:
    case TAKEOVER_PREPARE_STATUS_UNKNOWN:
      return "dialog-warning-symbolic";
    case TAKEOVER_PREPARE_STATUS_FORBIDDEN:
    case TAKEOVER_PREPARE_STATUS_FAILED:
    default:
      return "dialog-error-symbolic";
    }
}

static void
update_row (GtkWidget           *row,
            TakeoverPrepareItem *item)
{
  TakeoverPrepareStatus status = takeover_prepare_item_get_status (item);
  GtkWidget *icon = g_object_get_data (G_OBJECT (row), "icon");
  GtkWidget *label = g_object_get_data (G_OBJECT (row), "label");
  static const char * const classes[] = { "success", "accent", "warning", "error" };
  const char *class;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), takeover_prepare_item_get_title (item));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), takeover_prepare_item_get_message (item));
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), status_icon_name (status));
  gtk_label_set_label (GTK_LABEL (label), takeover_prepare_status_get_label (status));

  class = status == TAKEOVER_PREPARE_STATUS_EXISTS || status == TAKEOVER_PREPARE_STATUS_CREATED
    ? "success" : status == TAKEOVER_PREPARE_STATUS_CREATE ? "accent"
    : status == TAKEOVER_PREPARE_STATUS_CONFLICT || status == TAKEOVER_PREPARE_STATUS_UNKNOWN
    ? "warning" : "error";
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (icon, classes[i]);
  gtk_widget_add_css_class (icon, class);
}

static void
item_notify_cb (GtkWidget           *row,
                GParamSpec          *pspec,
                TakeoverPrepareItem *item)
{
  update_row (row, item);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *label = gtk_label_new (NULL);

  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  g_object_set_data (G_OBJECT (row), "icon", icon);
  g_object_set_data (G_OBJECT (row), "label", label);

  update_row (row, item);
  g_signal_connect_object (item, "notify::status", G_CALLBACK (item_notify_cb), row,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (item, "notify::message", G_CALLBACK (item_notify_cb), row,
                           G_CONNECT_SWAPPED);

  return row;
}

/* The status line --------------------------------------------------------------------------- */

static gboolean
is_ready (TakeoverPreparePage *self)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  return self->prepare != NULL && self->planned && self->error == NULL &&
         takeover_prepare_get_n_problems (self->prepare) == 0 &&
         !takeover_session_get_plan_has_changes (session);
}

static void
update_status (TakeoverPreparePage *self)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  TakeoverSessionStage stage = takeover_session_get_stage (session);
  gboolean working = stage == TAKEOVER_SESSION_STAGE_PLANNING ||
                     stage == TAKEOVER_SESSION_STAGE_APPLYING;
  guint n_problems = self->prepare != NULL ? takeover_prepare_get_n_problems (self->prepare) : 0;
  gboolean has_changes = takeover_session_get_plan_has_changes (session);
  g_autofree char *text = NULL;

  if (stage == TAKEOVER_SESSION_STAGE_PLANNING)
    text = g_strdup (_("Reading the cloud…"));
  else if (stage == TAKEOVER_SESSION_STAGE_APPLYING)
    text = g_strdup (_("Creating what is missing…"));
  else if (self->error != NULL)
    text = g_strdup (self->error->message);
  else if (self->prepare == NULL)
    text = g_strdup (_("Choose a cloud first."));
  else if (!self->planned)
    text = g_strdup (_("The cloud has not been read yet."));
  else if (n_problems > 0)
    text = g_strdup_printf (ngettext ("%u item needs attention before anything is created: "
                                      "the reason is beside it. Nothing has been changed.",
                                      "%u items need attention before anything is created: "
                                      "the reason is beside each. Nothing has been changed.",
                                      n_problems),
                            n_problems);
  else if (has_changes)
    text = g_strdup (_("The items marked “will create” are missing. Nothing has been changed "
                       "yet: create them to go on."));
  else if (self->applied)
    text = g_strdup (_("Done: the cloud has everything the adoption needs."));
  else
    text = g_strdup (_("The cloud already has everything the adoption needs."));

  gtk_label_set_label (self->status_label, text);
  gtk_spinner_set_spinning (self->spinner, working);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), working);
  gtk_widget_set_sensitive (GTK_WIDGET (self->plan_button),
                            !takeover_session_get_busy (session) && self->prepare != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button),
                            !takeover_session_get_busy (session) && self->planned &&
                            self->error == NULL && n_problems == 0 && has_changes);

  if (self->prepare != NULL && takeover_prepare_get_generated_password (self->prepare) != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row),
                                     takeover_prepare_get_generated_password (self->prepare));
      gtk_widget_set_visible (GTK_WIDGET (self->password_group), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->password_group), FALSE);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
set_error (TakeoverPreparePage *self,
           GError              *error)
{
  g_clear_error (&self->error);
  self->error = error;
}

/* A new cloud brings a new prepare: its items are shown, and it has not been read yet. */
static void
prepare_changed_cb (TakeoverPreparePage *self)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  TakeoverPrepare *prepare = takeover_session_get_prepare (session);
  const char *image;

  if (prepare == self->prepare)
    return;

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->prepare, prepare);
  self->planned = FALSE;
  self->applied = FALSE;
  set_error (self, NULL);
  gtk_list_box_bind_model (self->items_list,
                           prepare != NULL ? takeover_prepare_get_items (prepare) : NULL,
                           prepare != NULL ? create_row_cb : NULL, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->image_group),
                          prepare != NULL && takeover_prepare_get_standalone (prepare));
  /* The URL that the cloud's configuration names, if any. */
  image = prepare != NULL ? takeover_prepare_get_image (prepare) : NULL;
  gtk_editable_set_text (GTK_EDITABLE (self->image_row),
                         image != NULL && (g_str_has_prefix (image, "http://") ||
                                           g_str_has_prefix (image, "https://"))
                         ? image : "");
  update_status (self);
}

/* A standalone Ironic's image URL: read again with it. */
static void
image_applied_cb (TakeoverPreparePage *self)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->image_row));

  if (self->prepare == NULL || takeover_session_get_busy (session))
    return;

  takeover_prepare_set_image (self->prepare, url[0] != '\0' ? url : NULL);
  takeover_prepare_page_plan (self);
}

static void
copy_password_cb (TakeoverPreparePage *self)
{
  const char *password = self->prepare != NULL
    ? takeover_prepare_get_generated_password (self->prepare) : NULL;

  if (password != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), password);
}

static void
plan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TakeoverPreparePage) self = user_data;
  GError *error = NULL;

  if (!takeover_session_plan_finish (TAKEOVER_SESSION (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      update_status (self);
      return;
    }

  self->planned = error == NULL;
  set_error (self, error);
  update_status (self);
}

static void
apply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TakeoverPreparePage) self = user_data;
  GError *error = NULL;

  if (!takeover_session_apply_finish (TAKEOVER_SESSION (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      update_status (self);
      return;
    }

  self->applied = error == NULL;
  set_error (self, error);
  update_status (self);
}

/* GObject ------------------------------------------------------------------------------------ */

static void
takeover_prepare_page_constructed (GObject *object)
{
  TakeoverPreparePage *self = TAKEOVER_PREPARE_PAGE (object);
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));

  G_OBJECT_CLASS (takeover_prepare_page_parent_class)->constructed (object);

  g_signal_connect_object (session, "notify::prepare", G_CALLBACK (prepare_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::stage", G_CALLBACK (update_status), self,
                           G_CONNECT_SWAPPED);
  prepare_changed_cb (self);
  update_status (self);
}

static void
takeover_prepare_page_dispose (GObject *object)
{
  TakeoverPreparePage *self = TAKEOVER_PREPARE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->items_list != NULL)
    gtk_list_box_bind_model (self->items_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAKEOVER_TYPE_PREPARE_PAGE);
  g_clear_object (&self->prepare);

  G_OBJECT_CLASS (takeover_prepare_page_parent_class)->dispose (object);
}

static void
takeover_prepare_page_finalize (GObject *object)
{
  TakeoverPreparePage *self = TAKEOVER_PREPARE_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (takeover_prepare_page_parent_class)->finalize (object);
}

static void
takeover_prepare_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TakeoverPreparePage *self = TAKEOVER_PREPARE_PAGE (object);

  switch (prop_id)
    {
    case PROP_READY:
      g_value_set_boolean (value, is_ready (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
takeover_prepare_page_class_init (TakeoverPreparePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = takeover_prepare_page_constructed;
  object_class->dispose = takeover_prepare_page_dispose;
  object_class->finalize = takeover_prepare_page_finalize;
  object_class->get_property = takeover_prepare_page_get_property;

  /* The cloud was read and has everything the adoption needs: the wizard may go on. */
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bmtakeover/Takeover/takeover-prepare-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TakeoverPreparePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, TakeoverPreparePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, TakeoverPreparePage, plan_button);
  gtk_widget_class_bind_template_child (widget_class, TakeoverPreparePage, apply_button);
  gtk_widget_class_bind_template_child (widget_class, TakeoverPreparePage, items_list);
  gtk_widget_class_bind_template_child (widget_class, TakeoverPreparePage, image_group);
  gtk_widget_class_bind_template_child (widget_class, TakeoverPreparePage, image_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverPreparePage, password_group);
  gtk_widget_class_bind_template_child (widget_class, TakeoverPreparePage, password_row);
  gtk_widget_class_bind_template_callback (widget_class, takeover_prepare_page_plan);
  gtk_widget_class_bind_template_callback (widget_class, takeover_prepare_page_apply);
  gtk_widget_class_bind_template_callback (widget_class, copy_password_cb);
  gtk_widget_class_bind_template_callback (widget_class, image_applied_cb);
}

static void
takeover_prepare_page_init (TakeoverPreparePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TakeoverPreparePage *
takeover_prepare_page_new (TakeoverSession *session)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (session), NULL);

  return g_object_new (TAKEOVER_TYPE_PREPARE_PAGE, "session", session, NULL);
}

gboolean
takeover_prepare_page_get_ready (TakeoverPreparePage *self)
{
  g_return_val_if_fail (TAKEOVER_IS_PREPARE_PAGE (self), FALSE);

  return is_ready (self);
}

/**
 * takeover_prepare_page_plan:
 *
 * Reads the chosen cloud and shows what the adoption needs: each item exists, will be created,
 * or is in the way. Changes nothing.
 */
void
takeover_prepare_page_plan (TakeoverPreparePage *self)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  g_return_if_fail (TAKEOVER_IS_PREPARE_PAGE (self));

  if (self->prepare == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->applied = FALSE;
  set_error (self, NULL);
  takeover_session_plan_async (session, self->cancellable, plan_cb, g_object_ref (self));
  update_status (self);
}

/**
 * takeover_prepare_page_apply:
 *
 * Creates what the plan found missing.
 */
void
takeover_prepare_page_apply (TakeoverPreparePage *self)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  g_return_if_fail (TAKEOVER_IS_PREPARE_PAGE (self));

  if (self->prepare == NULL || !self->planned)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_error (self, NULL);
  takeover_session_apply_async (session, self->cancellable, apply_cb, g_object_ref (self));
  update_status (self);
}
