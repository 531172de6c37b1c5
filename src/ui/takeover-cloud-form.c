/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-cloud-form"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-cloud-form.h"
#include "takeover-keyring.h"

/* A cloud entered by hand on the cloud step: Keystone's address and credentials, or a standalone
 * Ironic's. What is wrong is said beside the field, and the first thing left to do under the
 * form. Once the cloud answered, the form is kept in GSettings ("manual-cloud"), its password
 * only in the keyring and only when asked. */
struct _TakeoverCloudForm
{
  AdwPreferencesGroup  parent_instance;

  GSettings           *settings;
  GCancellable        *cancellable;     /* the keyring's lookup */
  GtkFileChooserNative *chooser;
  char                *cacert;
  char                *problem;
  gboolean             valid;
  gboolean             loading;

  AdwComboRow         *kind_row;
  AdwEntryRow         *url_row;
  AdwEntryRow         *user_row;
  AdwPasswordEntryRow *password_row;
  AdwEntryRow         *project_row;
  AdwEntryRow         *user_domain_row;
  AdwEntryRow         *project_domain_row;
  AdwActionRow        *ca_row;
  GtkButton           *ca_clear_button;
  AdwActionRow        *remember_row;
  GtkSwitch           *remember_switch;
  GtkLabel            *problem_label;
};

typedef enum
{
  KIND_KEYSTONE,
  KIND_STANDALONE,
} Kind;

enum {
  PROP_0,
  PROP_VALID,
  PROP_LOADING,
  PROP_PROBLEM,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (TakeoverCloudForm, takeover_cloud_form, ADW_TYPE_PREFERENCES_GROUP)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static Kind
get_kind (TakeoverCloudForm *self)
{
  return adw_combo_row_get_selected (self->kind_row) == KIND_STANDALONE ? KIND_STANDALONE
                                                                        : KIND_KEYSTONE;
}

/* A field's text without the blanks a paste brings along. */
static char *
dup_field (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static GUri *
parse_url (const char *text)
{
  g_autoptr(GUri) uri = NULL;

  if ((uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL)) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    return NULL;

  return g_steal_pointer (&uri);
}

/* The name a cloud entered by hand goes by, in the journal's path and the resume offer: where
 * it is, as host or host:port. */
static char *
name_of_url (const char *text)
{
  g_autoptr(GUri) uri = parse_url (text);

  if (uri == NULL)
    return NULL;
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  return g_strdup (g_uri_get_host (uri));
}

/* The mark beside a field: shown once the field was typed in, so that an empty form does not
 * open in red; the line under the form says what to do next either way. */
static void
set_row_problem (AdwEntryRow *row,
                 const char  *problem)
{
  GtkWidget *icon = g_object_get_data (G_OBJECT (row), "problem-icon");
  gboolean shown = problem != NULL && g_object_get_data (G_OBJECT (row), "touched") != NULL;

  gtk_widget_set_visible (icon, shown);
  gtk_widget_set_tooltip_text (icon, shown ? problem : NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  shown ? problem : "", -1);
  if (shown)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
validate (TakeoverCloudForm *self)
{
  g_autofree char *url = dup_field (self->url_row);
  g_autofree char *user = dup_field (self->user_row);
  g_autofree char *project = dup_field (self->project_row);
  g_autofree char *user_domain = dup_field (self->user_domain_row);
  g_autofree char *project_domain = dup_field (self->project_domain_row);
  g_autoptr(GUri) uri = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  Kind kind = get_kind (self);
  g_autofree char *url_problem = NULL;
  const char *user_problem = NULL;
  const char *password_problem = NULL;
  const char *project_problem = NULL;
  const char *user_domain_problem = NULL;
  const char *project_domain_problem = NULL;
  const char *problem = NULL;
  gboolean valid;

  if (url[0] == '\0')
    url_problem = g_strdup (kind == KIND_KEYSTONE
                            ? _("Enter Keystone’s address, as https://keystone.example.com:5000/v3.")
                            : _("Enter Ironic’s address, as http://ironic.example.com:6385."));
  else if ((uri = parse_url (url)) == NULL)
    url_problem = g_strdup_printf (_("“%s” is not an http:// or https:// address."), url);

  if (kind == KIND_KEYSTONE)
    {
      if (user[0] == '\0')
        user_problem = _("Enter the user to sign in as.");
      if (password[0] == '\0')
        password_problem = _("Enter the user’s password.");
      if (project[0] == '\0')
        project_problem = _("Enter the project to sign in to, usually admin.");
      if (user_domain[0] == '\0')
        user_domain_problem = _("Enter the user’s domain, usually Default.");
      if (project_domain[0] == '\0')
        project_domain_problem = _("Enter the project’s domain, usually Default.");
    }
  else if ((user[0] == '\0') != (password[0] == '\0'))
    {
      /* An Ironic behind HTTP basic authentication needs both; an open one neither. */
      if (user[0] == '\0')
        user_problem = _("Enter the user as well, or neither user nor password for an Ironic "
                         "without authentication.");
      else
        password_problem = _("Enter the password as well, or neither user nor password for an "
                             "Ironic without authentication.");
    }

  set_row_problem (self->url_row, url_problem);
  set_row_problem (self->user_row, user_problem);
  set_row_problem (ADW_ENTRY_ROW (self->password_row), password_problem);
  set_row_problem (self->project_row, project_problem);
  set_row_problem (self->user_domain_row, user_domain_problem);
  set_row_problem (self->project_domain_row, project_domain_problem);

  problem = url_problem;
  if (problem == NULL)
    problem = user_problem;
  if (problem == NULL)
    problem = password_problem;
  if (problem == NULL)
    problem = project_problem;
  if (problem == NULL)
    problem = user_domain_problem;
  if (problem == NULL)
    problem = project_domain_problem;

  gtk_label_set_label (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);

  if (g_strcmp0 (problem, self->problem) != 0)
    {
      g_free (self->problem);
      self->problem = g_strdup (problem);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
    }

  valid = problem == NULL;
  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }

  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
field_changed_cb (TakeoverCloudForm *self,
                  GtkEditable       *row)
{
  g_object_set_data (G_OBJECT (row), "touched", GINT_TO_POINTER (TRUE));
  validate (self);
}

static void
kind_changed_cb (TakeoverCloudForm *self)
{
  gboolean keystone = get_kind (self) == KIND_KEYSTONE;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row),
                                 keystone ? _("Keystone _Address") : _("Ironic _Address"));
  gtk_widget_set_visible (GTK_WIDGET (self->project_row), keystone);
  gtk_widget_set_visible (GTK_WIDGET (self->user_domain_row), keystone);
  gtk_widget_set_visible (GTK_WIDGET (self->project_domain_row), keystone);
  validate (self);
}

static void
set_cacert (TakeoverCloudForm *self,
            const char        *path)
{
  g_autofree char *display = NULL;

  if (path != NULL && path[0] == '\0')
    path = NULL;
  if (path != self->cacert)
    {
      g_free (self->cacert);
      self->cacert = g_strdup (path);
    }

  display = path != NULL ? g_filename_display_name (path) : NULL;
  adw_action_row_set_subtitle (self->ca_row, display != NULL ? display
                                             : _("The system’s trusted certificates"));
  gtk_widget_set_visible (GTK_WIDGET (self->ca_clear_button), path != NULL);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
ca_clear_cb (TakeoverCloudForm *self)
{
  set_cacert (self, NULL);
}

static void
ca_chosen_cb (TakeoverCloudForm    *self,
              int                   response,
              GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL &&
      g_file_peek_path (file) != NULL)
    set_cacert (self, g_file_peek_path (file));

  g_clear_object (&self->chooser);
}

static void
ca_choose_cb (TakeoverCloudForm *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Choose a CA Certificate"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PEM Certificates"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.cer");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (ca_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
set_loading (TakeoverCloudForm *self,
             gboolean           loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TakeoverCloudForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  password = takeover_keyring_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Typed in meanwhile: the person's word wins. */
  if (password != NULL &&
      gtk_editable_get_text (GTK_EDITABLE (self->password_row))[0] == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  if (error != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);

  set_loading (self, FALSE);
  validate (self);
}

static const char *
lookup_string (GVariant   *dict,
               const char *key)
{
  const char *value = NULL;

  if (!g_variant_lookup (dict, key, "&s", &value))
    return "";
  return value;
}

/* The form as it was when its cloud last answered; its password from the keyring, when it was
 * remembered for that same address and user. */
static void
load (TakeoverCloudForm *self)
{
  g_autoptr(GVariant) saved = g_settings_get_value (self->settings, "manual-cloud");
  const char *url = lookup_string (saved, "url");
  const char *user = lookup_string (saved, "user");
  g_autofree char *name = NULL;

  if (url[0] == '\0')
    return;

  adw_combo_row_set_selected (self->kind_row,
                              g_strcmp0 (lookup_string (saved, "kind"), "standalone") == 0
                              ? KIND_STANDALONE : KIND_KEYSTONE);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user);
  gtk_editable_set_text (GTK_EDITABLE (self->project_row), lookup_string (saved, "project"));
  gtk_editable_set_text (GTK_EDITABLE (self->user_domain_row),
                         lookup_string (saved, "user-domain"));
  gtk_editable_set_text (GTK_EDITABLE (self->project_domain_row),
                         lookup_string (saved, "project-domain"));
  set_cacert (self, lookup_string (saved, "cacert"));
  gtk_switch_set_active (self->remember_switch,
                         g_strcmp0 (lookup_string (saved, "remember"), "true") == 0);

  if (gtk_switch_get_active (self->remember_switch) && (name = name_of_url (url)) != NULL)
    {
      set_loading (self, TRUE);
      takeover_keyring_lookup_async (name, url, user, self->cancellable, lookup_cb,
                                     g_object_ref (self));
    }
}

/* GObject ------------------------------------------------------------------------------------ */

static void
takeover_cloud_form_dispose (GObject *object)
{
  TakeoverCloudForm *self = TAKEOVER_CLOUD_FORM (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAKEOVER_TYPE_CLOUD_FORM);

  G_OBJECT_CLASS (takeover_cloud_form_parent_class)->dispose (object);
}

static void
takeover_cloud_form_finalize (GObject *object)
{
  TakeoverCloudForm *self = TAKEOVER_CLOUD_FORM (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->cacert, g_free);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (takeover_cloud_form_parent_class)->finalize (object);
}

static void
takeover_cloud_form_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TakeoverCloudForm *self = TAKEOVER_CLOUD_FORM (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
takeover_cloud_form_class_init (TakeoverCloudFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = takeover_cloud_form_dispose;
  object_class->finalize = takeover_cloud_form_finalize;
  object_class->get_property = takeover_cloud_form_get_property;

  /* Every field is filled in and well formed: the cloud can be checked. */
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The remembered password is being read from the keyring. */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The first thing left to do, as a sentence; NULL when valid. */
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A field changed: a cloud checked before is not this one any more. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bmtakeover/Takeover/takeover-cloud-form.ui");
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudForm, kind_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudForm, url_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudForm, user_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudForm, password_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudForm, project_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudForm, user_domain_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudForm, project_domain_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudForm, ca_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudForm, ca_clear_button);
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudForm, remember_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudForm, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudForm, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_choose_cb);
}

static void
takeover_cloud_form_init (TakeoverCloudForm *self)
{
  AdwEntryRow *entries[6];

  gtk_widget_init_template (GTK_WIDGET (self));

  entries[0] = self->url_row;
  entries[1] = self->user_row;
  entries[2] = ADW_ENTRY_ROW (self->password_row);
  entries[3] = self->project_row;
  entries[4] = self->user_domain_row;
  entries[5] = self->project_domain_row;
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "error");
      gtk_widget_set_visible (icon, FALSE);
      adw_entry_row_add_suffix (entries[i], icon);
      g_object_set_data (G_OBJECT (entries[i]), "problem-icon", icon);
    }

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  set_cacert (self, NULL);
  load (self);
  kind_changed_cb (self);
}

/* Public API --------------------------------------------------------------------------------- */

GtkWidget *
takeover_cloud_form_new (void)
{
  return g_object_new (TAKEOVER_TYPE_CLOUD_FORM, NULL);
}

/**
 * takeover_cloud_form_focus:
 *
 * Moves the keyboard focus to the first field left to fill in, which scrolls the form into view.
 */
void
takeover_cloud_form_focus (TakeoverCloudForm *self)
{
  AdwEntryRow *rows[] = { self->url_row, self->user_row, ADW_ENTRY_ROW (self->password_row) };

  g_return_if_fail (TAKEOVER_IS_CLOUD_FORM (self));

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      if (gtk_editable_get_text (GTK_EDITABLE (rows[i]))[0] == '\0' || i == G_N_ELEMENTS (rows) - 1)
        {
          gtk_widget_grab_focus (GTK_WIDGET (rows[i]));
          return;
        }
    }
}

gboolean
takeover_cloud_form_get_valid (TakeoverCloudForm *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD_FORM (self), FALSE);

  return self->valid;
}

gboolean
takeover_cloud_form_get_loading (TakeoverCloudForm *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD_FORM (self), FALSE);

  return self->loading;
}

const char *
takeover_cloud_form_get_problem (TakeoverCloudForm *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD_FORM (self), NULL);

  return self->problem;
}

/**
 * takeover_cloud_form_dup_name:
 *
 * Returns: (nullable): the name the form's cloud goes by (its address's host and port), or
 *   %NULL while the address is not valid
 */
char *
takeover_cloud_form_dup_name (TakeoverCloudForm *self)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (TAKEOVER_IS_CLOUD_FORM (self), NULL);

  url = dup_field (self->url_row);
  return name_of_url (url);
}

/**
 * takeover_cloud_form_dup_saved_name:
 *
 * Returns: (nullable): the name of the cloud last saved, which a window may be asked to resume
 */
char *
takeover_cloud_form_dup_saved_name (TakeoverCloudForm *self)
{
  g_autoptr(GVariant) saved = NULL;

  g_return_val_if_fail (TAKEOVER_IS_CLOUD_FORM (self), NULL);

  saved = g_settings_get_value (self->settings, "manual-cloud");
  return name_of_url (lookup_string (saved, "url"));
}

/**
 * takeover_cloud_form_build:
 *
 * Makes a cloud of the form, as clouds.yaml would describe it.
 *
 * Returns: (transfer full): the cloud, or %NULL with @error when the form is not valid
 */
TakeoverCloudConfig *
takeover_cloud_form_build (TakeoverCloudForm  *self,
                           GError            **error)
{
  g_autoptr(JsonObject) cloud = json_object_new ();
  g_autoptr(JsonObject) auth = json_object_new ();
  g_autofree char *name = NULL;
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  const char *password;

  g_return_val_if_fail (TAKEOVER_IS_CLOUD_FORM (self), NULL);

  if (!self->valid)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           self->problem != NULL ? self->problem : "");
      return NULL;
    }

  url = dup_field (self->url_row);
  user = dup_field (self->user_row);
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  name = name_of_url (url);

  if (get_kind (self) == KIND_KEYSTONE)
    {
      json_object_set_string_member (cloud, "auth_type", "password");
      json_object_set_string_member (auth, "auth_url", url);
      json_object_set_string_member (auth, "username", user);
      json_object_set_string_member (auth, "password", password);
      json_object_set_string_member (auth, "project_name",
                                     gtk_editable_get_text (GTK_EDITABLE (self->project_row)));
      json_object_set_string_member (auth, "user_domain_name",
                                     gtk_editable_get_text (GTK_EDITABLE (self->user_domain_row)));
      json_object_set_string_member (auth, "project_domain_name",
                                     gtk_editable_get_text (GTK_EDITABLE (self->project_domain_row)));
    }
  else
    {
      json_object_set_string_member (cloud, "auth_type",
                                     user[0] != '\0' ? "http_basic" : "none");
      json_object_set_string_member (auth, "endpoint", url);
      if (user[0] != '\0')
        {
          json_object_set_string_member (auth, "username", user);
          json_object_set_string_member (auth, "password", password);
        }
    }
  json_object_set_object_member (cloud, "auth", g_steal_pointer (&auth));
  if (self->cacert != NULL)
    json_object_set_string_member (cloud, "cacert", self->cacert);

  return takeover_cloud_config_new_from_json (name, cloud, error);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  gboolean forget = g_strcmp0 (g_task_get_name (task), "forget") == 0;

  if (!(forget ? takeover_keyring_clear_finish (result, &error)
               : takeover_keyring_store_finish (result, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * takeover_cloud_form_save_async:
 *
 * Keeps the form for the next start: its fields in GSettings, its password in the keyring when
 * "Remember" is on; when it is off, a password kept before for this cloud is forgotten.
 */
void
takeover_cloud_form_save_async (TakeoverCloudForm   *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GVariantBuilder) builder = NULL;
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  g_autofree char *name = NULL;
  gboolean remember;

  g_return_if_fail (TAKEOVER_IS_CLOUD_FORM (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_cloud_form_save_async);

  url = dup_field (self->url_row);
  user = dup_field (self->user_row);
  name = name_of_url (url);
  if (!self->valid || name == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s",
                               self->problem != NULL ? self->problem : "");
      return;
    }

  remember = gtk_switch_get_active (self->remember_switch);
  builder = g_variant_builder_new (G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (builder, "{ss}", "kind",
                         get_kind (self) == KIND_STANDALONE ? "standalone" : "keystone");
  g_variant_builder_add (builder, "{ss}", "url", url);
  g_variant_builder_add (builder, "{ss}", "user", user);
  g_variant_builder_add (builder, "{ss}", "project",
                         gtk_editable_get_text (GTK_EDITABLE (self->project_row)));
  g_variant_builder_add (builder, "{ss}", "user-domain",
                         gtk_editable_get_text (GTK_EDITABLE (self->user_domain_row)));
  g_variant_builder_add (builder, "{ss}", "project-domain",
                         gtk_editable_get_text (GTK_EDITABLE (self->project_domain_row)));
  g_variant_builder_add (builder, "{ss}", "cacert", self->cacert != NULL ? self->cacert : "");
  g_variant_builder_add (builder, "{ss}", "remember", remember ? "true" : "false");
  g_settings_set_value (self->settings, "manual-cloud", g_variant_builder_end (builder));

  if (remember && gtk_editable_get_text (GTK_EDITABLE (self->password_row))[0] != '\0')
    takeover_keyring_store_async (name, url, user,
                                  gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                  cancellable, store_cb, g_steal_pointer (&task));
  else
    {
      g_task_set_name (task, "forget");
      takeover_keyring_clear_async (name, cancellable, store_cb, g_steal_pointer (&task));
    }
}

gboolean
takeover_cloud_form_save_finish (TakeoverCloudForm  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
