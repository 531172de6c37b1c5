/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-cloud-page"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-cloud-form.h"
#include "takeover-cloud-page.h"

/* Ironic API versions that matter for adopting running servers. */
#define ADOPT_MICROVERSION "1.17"
#define OWNER_MICROVERSION "1.50"

/* The wizard's cloud step: the clouds that clouds.yaml and OS_* define, one chosen for the
 * session, and a connection check that says what was found and what it means for adoption. */
struct _TakeoverCloudPage
{
  TakeoverWizardPage    parent_instance;

  GCancellable         *cancellable;    /* the check in flight */
  GPtrArray            *rows;           /* AdwActionRow, one a cloud, then "Another Cloud" */
  GtkCheckButton       *manual_check;   /* "Another Cloud", entered in the form */
  gboolean              ready;
  gboolean              check_pending;  /* asked while the form read the keyring */
  gboolean              reloading;      /* the list is being made */

  AdwPreferencesGroup  *clouds_group;
  GtkLabel             *no_clouds_label;
  TakeoverCloudForm    *form;
  GtkButton            *check_button;
  GtkSpinner           *spinner;
  AdwPreferencesGroup  *result_group;
  AdwActionRow         *result_row;
  GtkImage             *result_icon;
  AdwActionRow         *identity_row;
  AdwActionRow         *ironic_row;
};

enum {
  PROP_0,
  PROP_READY,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TakeoverCloudPage, takeover_cloud_page, TAKEOVER_TYPE_WIZARD_PAGE)

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHECKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_ready (TakeoverCloudPage *self,
           gboolean           ready)
{
  if (self->ready == ready)
    return;

  self->ready = ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

/* The spinner takes no room while idle, so that the button stays centred. */
static void
set_checking (TakeoverCloudPage *self,
              gboolean           checking)
{
  gtk_spinner_set_spinning (self->spinner, checking);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), checking);
}

static void
show_result (TakeoverCloudPage *self,
             gboolean           ok,
             const char        *title,
             const char        *subtitle)
{
  gtk_widget_set_visible (GTK_WIDGET (self->result_group), TRUE);
  gtk_image_set_from_icon_name (self->result_icon,
                                ok ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_icon), ok ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->result_icon), ok ? "success" : "error");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->result_row), title);
  adw_action_row_set_subtitle (self->result_row, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->identity_row), ok);
  gtk_widget_set_visible (GTK_WIDGET (self->ironic_row), ok);
}

/* What Ironic's versions mean for adopting running servers; %FALSE when it cannot adopt. */
static gboolean
describe_ironic (const TakeoverCloudEndpoint  *ironic,
                 gboolean                      standalone,
                 char                        **text)
{
  const char *max = ironic->max_version != NULL ? ironic->max_version : "1.1";
  g_autofree char *versions = NULL;

  if (ironic->min_version != NULL)
    /* Translators: Ironic's URL and the range of its API versions. */
    versions = g_strdup_printf (_("%s, API %s to %s"), ironic->url, ironic->min_version, max);
  else
    versions = g_strdup_printf (_("%s, API %s"), ironic->url, max);

  if (takeover_microversion_compare (max, ADOPT_MICROVERSION) < 0)
    {
      *text = g_strdup_printf (_("%s. This Ironic is too old to adopt running servers: "
                                 "adoption needs API %s."), versions, ADOPT_MICROVERSION);
      return FALSE;
    }
  /* Without Keystone there are no projects to own the nodes. */
  if (standalone)
    *text = g_strdup_printf (_("%s. Servers can be adopted in place, without a reboot. This "
                               "Ironic runs without Keystone: its nodes have no owner "
                               "project."), versions);
  else if (takeover_microversion_compare (max, OWNER_MICROVERSION) < 0)
    *text = g_strdup_printf (_("%s. Servers can be adopted in place; the nodes cannot have an "
                               "owner project (that needs API %s)."),
                             versions, OWNER_MICROVERSION);
  else
    *text = g_strdup_printf (_("%s. Servers can be adopted in place, without a reboot, and "
                               "their nodes given an owner project."), versions);

  return TRUE;
}

static gboolean
is_manual (TakeoverCloudPage *self)
{
  return self->manual_check != NULL && gtk_check_button_get_active (self->manual_check);
}

/* Remembering failed (no keyring running, say): the cloud still works; say so once. */
static void
form_saved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TakeoverCloudPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!takeover_cloud_form_save_finish (TAKEOVER_CLOUD_FORM (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
}

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TakeoverCloudPage) self = user_data;
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  g_autoptr(TakeoverCloudEndpoint) ironic = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *identity = NULL;
  g_autofree char *meaning = NULL;
  gboolean can_adopt;
  TakeoverPrepare *prepare;

  ironic = takeover_session_check_cloud_finish (TAKEOVER_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_checking (self, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), TRUE);

  if (ironic == NULL)
    {
      show_result (self, FALSE, _("Could Not Connect"), error->message);
      set_ready (self, FALSE);
      g_signal_emit (self, signals[SIGNAL_CHECKED], 0);
      return;
    }

  identity = takeover_cloud_dup_auth_summary (takeover_session_get_cloud (session));
  prepare = takeover_session_get_prepare (session);
  can_adopt = describe_ironic (ironic, prepare != NULL && takeover_prepare_get_standalone (prepare),
                               &meaning);
  show_result (self, can_adopt,
               can_adopt ? _("Connected") : _("Connected, but This Ironic Cannot Adopt"),
               can_adopt ? _("The cloud answered, and its Ironic can adopt the servers.")
                         : meaning);
  adw_action_row_set_subtitle (self->identity_row, identity);
  adw_action_row_set_subtitle (self->ironic_row, meaning);
  gtk_widget_set_visible (GTK_WIDGET (self->identity_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->ironic_row), TRUE);
  set_ready (self, can_adopt);

  /* A cloud entered by hand is kept once it answered, its password only if asked. */
  if (is_manual (self))
    takeover_cloud_form_save_async (self->form, self->cancellable, form_saved_cb,
                                    g_object_ref (self));

  g_signal_emit (self, signals[SIGNAL_CHECKED], 0);
}

/* Choosing a cloud makes it the session's; it is checked before the wizard goes on. */
static void
cloud_toggled_cb (TakeoverCloudPage *self,
                  GtkCheckButton    *check)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  AdwActionRow *row;
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  if (!gtk_check_button_get_active (check))
    return;

  row = ADW_ACTION_ROW (gtk_widget_get_ancestor (GTK_WIDGET (check), ADW_TYPE_ACTION_ROW));
  name = g_object_get_data (G_OBJECT (row), "cloud-name");

  g_cancellable_cancel (self->cancellable);
  self->check_pending = FALSE;
  set_checking (self, FALSE);
  set_ready (self, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->result_group), FALSE);

  /* Another cloud: the form's, taken by the session when it is checked. */
  gtk_widget_set_visible (GTK_WIDGET (self->form), check == self->manual_check);
  if (check == self->manual_check)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->check_button),
                                takeover_cloud_form_get_valid (self->form));
      /* Chosen by a person, not as the list was made: to the fields, perhaps out of view. */
      if (!self->reloading)
        takeover_cloud_form_focus (self->form);
      return;
    }

  if ((config = takeover_cloud_config_load (name, &error)) == NULL ||
      !takeover_session_set_cloud_config (session, config, &error))
    {
      show_result (self, FALSE, _("This Cloud Cannot Be Used"), error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), FALSE);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), TRUE);
}

/* Whatever was checked was another cloud than the form's now. */
static void
form_changed_cb (TakeoverCloudPage *self)
{
  if (!is_manual (self))
    return;

  if (self->ready || gtk_widget_get_visible (GTK_WIDGET (self->result_group)))
    {
      g_cancellable_cancel (self->cancellable);
      set_checking (self, FALSE);
      set_ready (self, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->result_group), FALSE);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button),
                            takeover_cloud_form_get_valid (self->form));
}

/* A check asked for while the remembered password was being read runs once it is there. */
static void
form_loading_cb (TakeoverCloudPage *self)
{
  if (!takeover_cloud_form_get_loading (self->form) && self->check_pending)
    {
      self->check_pending = FALSE;
      takeover_cloud_page_check (self);
    }
}

static GtkWidget *
add_cloud_row (TakeoverCloudPage *self,
               const char        *title,
               const char        *subtitle,
               GtkCheckButton    *group)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  adw_preferences_group_add (self->clouds_group, row);
  g_ptr_array_add (self->rows, row);

  return check;
}

static char *
describe_cloud (const char *name)
{
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  const char *where;

  if ((config = takeover_cloud_config_load (name, &error)) == NULL)
    return g_strdup (error->message);

  where = takeover_cloud_config_get_auth (config, "auth_url");
  if (where == NULL)
    where = takeover_cloud_config_get_option (config, "baremetal_endpoint_override");
  if (where == NULL)
    where = takeover_cloud_config_get_auth (config, "endpoint");

  /* Translators: how a cloud authenticates, and where, e.g. "password, https://…/v3". */
  return g_strdup_printf (_("%s, %s"), takeover_cloud_config_get_auth_type_name (config),
                          where != NULL ? where : _("no address"));
}

/* GObject ------------------------------------------------------------------------------------ */

static void
takeover_cloud_page_dispose (GObject *object)
{
  TakeoverCloudPage *self = TAKEOVER_CLOUD_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAKEOVER_TYPE_CLOUD_PAGE);

  G_OBJECT_CLASS (takeover_cloud_page_parent_class)->dispose (object);
}

static void
takeover_cloud_page_finalize (GObject *object)
{
  TakeoverCloudPage *self = TAKEOVER_CLOUD_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (takeover_cloud_page_parent_class)->finalize (object);
}

static void
takeover_cloud_page_constructed (GObject *object)
{
  G_OBJECT_CLASS (takeover_cloud_page_parent_class)->constructed (object);

  takeover_cloud_page_reload (TAKEOVER_CLOUD_PAGE (object));
}

static void
takeover_cloud_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TakeoverCloudPage *self = TAKEOVER_CLOUD_PAGE (object);

  switch (prop_id)
    {
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
takeover_cloud_page_class_init (TakeoverCloudPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (TAKEOVER_TYPE_CLOUD_FORM);

  object_class->constructed = takeover_cloud_page_constructed;
  object_class->dispose = takeover_cloud_page_dispose;
  object_class->finalize = takeover_cloud_page_finalize;
  object_class->get_property = takeover_cloud_page_get_property;

  /* A cloud is chosen, it answered, and its Ironic can adopt: the wizard may go on. */
  /* A check ended, whichever way: "ready" says how. */
  signals[SIGNAL_CHECKED] =
    g_signal_new ("checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bmtakeover/Takeover/takeover-cloud-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudPage, clouds_group);
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudPage, no_clouds_label);
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudPage, form);
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudPage, check_button);
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudPage, result_group);
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudPage, result_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudPage, result_icon);
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudPage, identity_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverCloudPage, ironic_row);
  gtk_widget_class_bind_template_callback (widget_class, takeover_cloud_page_reload);
  gtk_widget_class_bind_template_callback (widget_class, takeover_cloud_page_check);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_loading_cb);
}

static void
takeover_cloud_page_init (TakeoverCloudPage *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

TakeoverCloudPage *
takeover_cloud_page_new (TakeoverSession *session)
{
  g_return_val_if_fail (TAKEOVER_IS_SESSION (session), NULL);

  return g_object_new (TAKEOVER_TYPE_CLOUD_PAGE, "session", session, NULL);
}

gboolean
takeover_cloud_page_get_ready (TakeoverCloudPage *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD_PAGE (self), FALSE);

  return self->ready;
}

/**
 * takeover_cloud_page_reload:
 *
 * Reads clouds.yaml and the OS_* variables again and lists their clouds; the session's cloud
 * stays chosen when it is still there.
 */
void
takeover_cloud_page_reload (TakeoverCloudPage *self)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;
  TakeoverCloudConfig *current;
  const char *preferred;
  GtkCheckButton *group = NULL;

  g_return_if_fail (TAKEOVER_IS_CLOUD_PAGE (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->clouds_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  self->manual_check = NULL;
  self->reloading = TRUE;

  names = takeover_cloud_config_list_names (NULL, NULL, &error);
  if (names == NULL || names[0] == NULL)
    gtk_label_set_label (self->no_clouds_label,
                         error != NULL ? error->message
                         : _("No cloud is configured in ~/.config/openstack/clouds.yaml, "
                             "/etc/openstack/clouds.yaml or the OS_* variables. Enter one "
                             "below, or describe it there and read them again."));
  gtk_widget_set_visible (GTK_WIDGET (self->no_clouds_label), names == NULL || names[0] == NULL);

  /* The session's cloud stays chosen; before one is, $OS_CLOUD's, as the openstack client. */
  current = takeover_session_get_cloud_config (session);
  preferred = current != NULL ? takeover_cloud_config_get_name (current) : g_getenv ("OS_CLOUD");
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *subtitle = describe_cloud (names[i]);
      GtkCheckButton *check = GTK_CHECK_BUTTON (add_cloud_row (self, names[i], subtitle, group));
      GtkWidget *row = g_ptr_array_index (self->rows, self->rows->len - 1);

      if (group == NULL)
        group = check;
      g_object_set_data_full (G_OBJECT (row), "cloud-name", g_strdup (names[i]), g_free);
      if (current != NULL && g_strcmp0 (preferred, names[i]) == 0)
        gtk_check_button_set_active (check, TRUE);
      g_signal_connect_object (check, "toggled", G_CALLBACK (cloud_toggled_cb), self,
                               G_CONNECT_SWAPPED);
      /* Chosen through the handler, so that the session takes it. */
      if (current == NULL && g_strcmp0 (preferred, names[i]) == 0)
        gtk_check_button_set_active (check, TRUE);
    }

  /* Last, a cloud entered by hand; chosen at once when there is no other. */
  self->manual_check = GTK_CHECK_BUTTON (add_cloud_row (self, _("Another Cloud"),
                                                        _("Enter its address and credentials"),
                                                        group));
  g_signal_connect_object (self->manual_check, "toggled", G_CALLBACK (cloud_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  if (group == NULL ||
      (current != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (current), "takeover-manual"),
                                     "yes") == 0))
    gtk_check_button_set_active (self->manual_check, TRUE);
  self->reloading = FALSE;
}

/**
 * takeover_cloud_page_select:
 * @name: a cloud of the list
 *
 * Chooses @name as the row's radio button does.
 *
 * Returns: whether the list has that cloud
 */
gboolean
takeover_cloud_page_select (TakeoverCloudPage *self,
                            const char        *name)
{
  g_autofree char *saved = NULL;

  g_return_val_if_fail (TAKEOVER_IS_CLOUD_PAGE (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "cloud-name"), name) == 0)
        {
          gtk_widget_activate (row);
          return TRUE;
        }
    }

  /* The cloud entered by hand, as it was saved when it last answered. */
  saved = takeover_cloud_form_dup_saved_name (self->form);
  if (self->manual_check != NULL && g_strcmp0 (saved, name) == 0)
    {
      gtk_check_button_set_active (self->manual_check, TRUE);
      return TRUE;
    }

  return FALSE;
}

/**
 * takeover_cloud_page_check:
 *
 * Checks the chosen cloud: signs in and asks Ironic for its versions. Changes nothing.
 */
void
takeover_cloud_page_check (TakeoverCloudPage *self)
{
  TakeoverSession *session = takeover_wizard_page_get_session (TAKEOVER_WIZARD_PAGE (self));
  g_return_if_fail (TAKEOVER_IS_CLOUD_PAGE (self));

  if (is_manual (self))
    {
      g_autoptr(TakeoverCloudConfig) config = NULL;
      g_autoptr(GError) error = NULL;

      if (takeover_cloud_form_get_loading (self->form))
        {
          self->check_pending = TRUE;
          return;
        }

      if ((config = takeover_cloud_form_build (self->form, &error)) == NULL ||
          !takeover_session_set_cloud_config (session, config, &error))
        {
          show_result (self, FALSE, _("This Cloud Cannot Be Used"), error->message);
          set_ready (self, FALSE);
          g_signal_emit (self, signals[SIGNAL_CHECKED], 0);
          return;
        }
      /* So that a reload keeps "Another Cloud" chosen. */
      g_object_set_data_full (G_OBJECT (config), "takeover-manual", g_strdup ("yes"), g_free);
    }
  else if (takeover_session_get_cloud (session) == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_ready (self, FALSE);
  set_checking (self, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), FALSE);
  takeover_session_check_cloud_async (session, self->cancellable, check_cb,
                                      g_object_ref (self));
}
