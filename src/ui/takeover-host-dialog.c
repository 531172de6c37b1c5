/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-host-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-host-dialog.h"

/* One host's inventory record to read and change, or a new host to add by hand. What the
 * inventory finds wrong is listed on top and marked beside the field it is about; saving
 * checks the whole list again (a change can make or end a duplicate elsewhere) and closes the
 * dialog once the host has no problem left. Passwords stay masked unless revealed. */
struct _TakeoverHostDialog
{
  AdwWindow             parent_instance;

  TakeoverInventory    *inventory;
  TakeoverHost         *host;           /* NULL until a new host is added */
  GPtrArray            *problem_rows;

  AdwWindowTitle       *window_title;
  GtkButton            *save_button;
  AdwPreferencesGroup  *problems_group;
  AdwEntryRow          *name_row;
  AdwEntryRow          *bmc_address_row;
  AdwEntryRow          *bmc_port_row;
  AdwEntryRow          *bmc_username_row;
  AdwEntryRow          *bmc_password_row;
  AdwEntryRow          *bmc_cipher_suite_row;
  AdwComboRow          *bmc_privilege_row;
  AdwEntryRow          *mgmt_ip_row;
  AdwEntryRow          *ssh_port_row;
  AdwEntryRow          *ssh_username_row;
  AdwEntryRow          *ssh_password_row;
  AdwEntryRow          *ssh_key_file_row;
};

G_DEFINE_FINAL_TYPE (TakeoverHostDialog, takeover_host_dialog, ADW_TYPE_WINDOW)

/* The rows that edit a host property, by the property's name. */
static AdwPreferencesRow *
get_row (TakeoverHostDialog *self,
         const char         *property)
{
  struct { const char *property; gpointer row; } rows[] = {
    { "name", self->name_row },
    { "bmc-address", self->bmc_address_row },
    { "bmc-port", self->bmc_port_row },
    { "bmc-username", self->bmc_username_row },
    { "bmc-password", self->bmc_password_row },
    { "bmc-cipher-suite", self->bmc_cipher_suite_row },
    { "bmc-privilege", self->bmc_privilege_row },
    { "mgmt-ip", self->mgmt_ip_row },
    { "ssh-port", self->ssh_port_row },
    { "ssh-username", self->ssh_username_row },
    { "ssh-password", self->ssh_password_row },
    { "ssh-key-file", self->ssh_key_file_row },
  };

  for (guint i = 0; property != NULL && i < G_N_ELEMENTS (rows); i++)
    if (g_str_equal (rows[i].property, property))
      return rows[i].row;

  return NULL;
}

/* The string properties and their rows, in the order of the form. */
static const char * const string_properties[] = {
  "name", "bmc-address", "bmc-username", "bmc-password", "mgmt-ip", "ssh-username",
  "ssh-password", "ssh-key-file",
};
static const char * const number_properties[] = { "bmc-port", "bmc-cipher-suite", "ssh-port" };

/* The mark beside a field: its icon's tooltip says what is wrong. */
static void
mark_row (AdwPreferencesRow *row,
          TakeoverSeverity   severity,
          const char        *message)
{
  GtkWidget *icon = g_object_get_data (G_OBJECT (row), "problem-icon");
  gboolean error = severity == TAKEOVER_SEVERITY_ERROR;

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (row), "warning");
  gtk_widget_remove_css_class (icon, "error");
  gtk_widget_remove_css_class (icon, "warning");
  gtk_widget_set_visible (icon, message != NULL);
  gtk_widget_set_tooltip_text (icon, message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  message != NULL ? message : "", -1);
  if (message == NULL)
    return;

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), error ? "dialog-error-symbolic"
                                                        : "dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, error ? "error" : "warning");
  gtk_widget_add_css_class (GTK_WIDGET (row), error ? "error" : "warning");
}

static void
clear_marks (TakeoverHostDialog *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (string_properties); i++)
    mark_row (get_row (self, string_properties[i]), TAKEOVER_SEVERITY_WARNING, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (number_properties); i++)
    mark_row (get_row (self, number_properties[i]), TAKEOVER_SEVERITY_WARNING, NULL);
}

/* The inventory's problems with the host: listed on top, and each marked at its field. */
static void
show_problems (TakeoverHostDialog *self)
{
  GPtrArray *problems = NULL;

  for (guint i = 0; i < self->problem_rows->len; i++)
    adw_preferences_group_remove (self->problems_group,
                                  g_ptr_array_index (self->problem_rows, i));
  g_ptr_array_set_size (self->problem_rows, 0);
  clear_marks (self);

  if (self->host != NULL)
    problems = takeover_inventory_get_host_problems (self->inventory, self->host);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), problems != NULL);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      TakeoverProblem *problem = g_ptr_array_index (problems, i);
      TakeoverSeverity severity = takeover_problem_get_severity (problem);
      gboolean error = severity == TAKEOVER_SEVERITY_ERROR;
      const char *field = takeover_problem_get_field (problem);
      AdwPreferencesRow *field_row = get_row (self, takeover_inventory_field_get_property (field));
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (error ? "dialog-error-symbolic"
                                                            : "dialog-warning-symbolic");
      g_autofree char *where = NULL;

      /* A host added here has no line in any file. */
      if (takeover_host_get_source_file (self->host) != NULL)
        /* Translators: where a problem is: line number and field name ("ipmi_password"). */
        where = g_strdup_printf (_("Line %u, %s"), takeover_problem_get_line (problem), field);
      else
        where = g_strdup (field);
      gtk_widget_add_css_class (icon, error ? "error" : "warning");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     takeover_problem_get_message (problem));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (self->problems_group, row);
      g_ptr_array_add (self->problem_rows, row);

      /* The worst first: an error's mark is not replaced by a warning's. */
      if (field_row != NULL &&
          (error || !gtk_widget_has_css_class (GTK_WIDGET (field_row), "error")))
        mark_row (field_row, severity, takeover_problem_get_message (problem));
    }
}

static void
update_title (TakeoverHostDialog *self)
{
  g_autofree char *source = NULL;

  if (self->host == NULL)
    {
      adw_window_title_set_title (self->window_title, _("New Host"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_button_set_label (self->save_button, _("_Add"));
      return;
    }

  if (takeover_host_get_source_file (self->host) != NULL)
    {
      g_autofree char *base = g_path_get_basename (takeover_host_get_source_file (self->host));

      /* Translators: where a host comes from: file name and line number. */
      source = g_strdup_printf (_("%s, line %u"), base, takeover_host_get_source_line (self->host));
    }
  else
    source = g_strdup (_("Added here"));
  adw_window_title_set_title (self->window_title, takeover_host_get_display_name (self->host));
  adw_window_title_set_subtitle (self->window_title, source);
  gtk_button_set_label (self->save_button, _("_Save"));
}

static void
fill (TakeoverHostDialog *self,
      TakeoverHost       *host)
{
  for (guint i = 0; i < G_N_ELEMENTS (string_properties); i++)
    {
      g_autofree char *value = NULL;

      g_object_get (host, string_properties[i], &value, NULL);
      gtk_editable_set_text (GTK_EDITABLE (get_row (self, string_properties[i])),
                             value != NULL ? value : "");
    }
  for (guint i = 0; i < G_N_ELEMENTS (number_properties); i++)
    {
      g_autofree char *text = NULL;
      guint value;

      g_object_get (host, number_properties[i], &value, NULL);
      text = g_strdup_printf ("%u", value);
      gtk_editable_set_text (GTK_EDITABLE (get_row (self, number_properties[i])), text);
    }
  /* The list is User, Operator, Administrator: IPMI's levels 2, 3 and 4. */
  adw_combo_row_set_selected (self->bmc_privilege_row,
                              takeover_host_get_bmc_privilege (host) - TAKEOVER_PRIVILEGE_USER);
}

/* The form as a host, or NULL (with marks) when a number is not one. */
static TakeoverHost *
build (TakeoverHostDialog *self)
{
  g_autoptr(TakeoverHost) values = self->host != NULL ? takeover_host_copy (self->host)
                                                      : takeover_host_new ();
  gboolean valid = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (string_properties); i++)
    {
      AdwPreferencesRow *row = get_row (self, string_properties[i]);
      const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
      g_autofree char *value = NULL;

      /* Blanks around a value are a paste's, never meant; inside a password they count. */
      value = ADW_IS_PASSWORD_ENTRY_ROW (row) ? g_strdup (text) : g_strstrip (g_strdup (text));
      g_object_set (values, string_properties[i], value, NULL);
    }

  for (guint i = 0; i < G_N_ELEMENTS (number_properties); i++)
    {
      AdwPreferencesRow *row = get_row (self, number_properties[i]);
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
      GParamSpecUInt *pspec = G_PARAM_SPEC_UINT (g_object_class_find_property (
                                                   G_OBJECT_GET_CLASS (values),
                                                   number_properties[i]));
      guint64 number;

      /* Empty: the default, as in a file that leaves the column out. */
      if (text[0] == '\0')
        number = pspec->default_value;
      else if (!g_ascii_string_to_unsigned (text, 10, 0, pspec->maximum, &number, NULL))
        {
          g_autofree char *message =
            g_strdup_printf (_("Enter a number from 0 to %u."), pspec->maximum);

          mark_row (row, TAKEOVER_SEVERITY_ERROR, message);
          valid = FALSE;
          continue;
        }
      g_object_set (values, number_properties[i], (guint) number, NULL);
    }
  takeover_host_set_bmc_privilege (values, TAKEOVER_PRIVILEGE_USER +
                                           adw_combo_row_get_selected (self->bmc_privilege_row));

  return valid ? g_steal_pointer (&values) : NULL;
}

static void
takeover_host_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TAKEOVER_TYPE_HOST_DIALOG);

  G_OBJECT_CLASS (takeover_host_dialog_parent_class)->dispose (object);
}

static void
takeover_host_dialog_finalize (GObject *object)
{
  TakeoverHostDialog *self = TAKEOVER_HOST_DIALOG (object);

  g_clear_object (&self->inventory);
  g_clear_object (&self->host);
  g_clear_pointer (&self->problem_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (takeover_host_dialog_parent_class)->finalize (object);
}

static void
takeover_host_dialog_class_init (TakeoverHostDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = takeover_host_dialog_dispose;
  object_class->finalize = takeover_host_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bmtakeover/Takeover/takeover-host-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostDialog, problems_group);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostDialog, bmc_address_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostDialog, bmc_port_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostDialog, bmc_username_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostDialog, bmc_password_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostDialog, bmc_cipher_suite_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostDialog, bmc_privilege_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostDialog, mgmt_ip_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostDialog, ssh_port_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostDialog, ssh_username_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostDialog, ssh_password_row);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostDialog, ssh_key_file_row);
  gtk_widget_class_bind_template_callback (widget_class, takeover_host_dialog_save);
}

static void
takeover_host_dialog_init (TakeoverHostDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->problem_rows = g_ptr_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (string_properties) + G_N_ELEMENTS (number_properties); i++)
    {
      const char *property = i < G_N_ELEMENTS (string_properties)
                             ? string_properties[i]
                             : number_properties[i - G_N_ELEMENTS (string_properties)];
      AdwPreferencesRow *row = get_row (self, property);
      GtkWidget *icon = gtk_image_new ();

      gtk_widget_set_visible (icon, FALSE);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), icon);
      g_object_set_data (G_OBJECT (row), "problem-icon", icon);
    }
}

/**
 * takeover_host_dialog_new:
 * @host: (nullable): a host of @inventory to change, or %NULL to add a new one
 */
GtkWidget *
takeover_host_dialog_new (GtkWindow         *parent,
                          TakeoverInventory *inventory,
                          TakeoverHost      *host)
{
  TakeoverHostDialog *self;
  g_autoptr(TakeoverHost) blank = NULL;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TAKEOVER_IS_INVENTORY (inventory), NULL);
  g_return_val_if_fail (host == NULL || TAKEOVER_IS_HOST (host), NULL);

  self = g_object_new (TAKEOVER_TYPE_HOST_DIALOG, "transient-for", parent, NULL);
  self->inventory = g_object_ref (inventory);
  self->host = host != NULL ? g_object_ref (host) : NULL;

  if (host == NULL)
    blank = takeover_host_new ();
  fill (self, host != NULL ? host : blank);
  update_title (self);
  show_problems (self);

  return GTK_WIDGET (self);
}

/**
 * takeover_host_dialog_get_host:
 *
 * Returns: (transfer none) (nullable): the host being changed; %NULL for a new one not yet added
 */
TakeoverHost *
takeover_host_dialog_get_host (TakeoverHostDialog *self)
{
  g_return_val_if_fail (TAKEOVER_IS_HOST_DIALOG (self), NULL);

  return self->host;
}

/**
 * takeover_host_dialog_save:
 *
 * Gives the host the form's fields, or adds it, and checks the inventory again. The dialog
 * closes when the host has no problem left; otherwise it stays, showing them.
 *
 * Returns: whether the dialog closed
 */
gboolean
takeover_host_dialog_save (TakeoverHostDialog *self)
{
  g_autoptr(TakeoverHost) values = NULL;
  GtkWindow *parent;
  g_autofree char *toast = NULL;
  gboolean added = self->host == NULL;

  g_return_val_if_fail (TAKEOVER_IS_HOST_DIALOG (self), FALSE);

  clear_marks (self);
  if ((values = build (self)) == NULL)
    return FALSE;

  if (added)
    {
      takeover_inventory_add_host (self->inventory, values);
      self->host = g_steal_pointer (&values);
    }
  else
    takeover_inventory_update_host (self->inventory, self->host, values);

  update_title (self);
  show_problems (self);
  if (takeover_inventory_get_host_problems (self->inventory, self->host) != NULL)
    return FALSE;

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  /* Translators: said once a host's record was changed or added; %s is its name. */
  toast = g_strdup_printf (added ? _("Added %s") : _("Saved %s"),
                           takeover_host_get_display_name (self->host));
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.toast", "s", toast);
  gtk_window_close (GTK_WINDOW (self));

  return TRUE;
}
