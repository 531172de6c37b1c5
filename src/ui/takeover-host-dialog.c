/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-host-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-host-dialog.h"

/* Everything the inventory says about one host, with its problems on top: what an operator
 * opens a row for. Passwords are never shown, only whether they are set. */
struct _TakeoverHostDialog
{
  AdwWindow             parent_instance;

  AdwWindowTitle       *window_title;
  AdwPreferencesGroup  *problems_group;
  AdwPreferencesGroup  *bmc_group;
  AdwPreferencesGroup  *os_group;
};

G_DEFINE_FINAL_TYPE (TakeoverHostDialog, takeover_host_dialog, ADW_TYPE_WINDOW)

static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value != NULL && value[0] != '\0' ? value : _("Not given"));

  /* Wrapping would break CJK words at any character; a long path loses its middle instead. */
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  if (value == NULL || value[0] == '\0')
    gtk_widget_add_css_class (label, "dim-label");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (group, row);
}

static void
add_uint_row (AdwPreferencesGroup *group,
              const char          *title,
              guint                value)
{
  g_autofree char *text = g_strdup_printf ("%u", value);

  add_row (group, title, text);
}

static void
add_secret_row (AdwPreferencesGroup *group,
                const char          *title,
                const char          *secret)
{
  gboolean set = secret != NULL && secret[0] != '\0';

  /* Translators: whether a password is in the inventory; the password itself is never shown. */
  add_row (group, title, set ? _("Set") : NULL);
}

static const char *
get_privilege_label (TakeoverPrivilege privilege)
{
  switch (privilege)
    {
    case TAKEOVER_PRIVILEGE_USER:
      return C_("IPMI privilege level", "User");
    case TAKEOVER_PRIVILEGE_OPERATOR:
      return C_("IPMI privilege level", "Operator");
    case TAKEOVER_PRIVILEGE_ADMINISTRATOR:
      return C_("IPMI privilege level", "Administrator");
    default:
      g_assert_not_reached ();
    }
}

static void
add_problems (TakeoverHostDialog *self,
              GPtrArray          *problems)
{
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), problems != NULL);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      TakeoverProblem *problem = g_ptr_array_index (problems, i);
      gboolean error = takeover_problem_get_severity (problem) == TAKEOVER_SEVERITY_ERROR;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (error ? "dialog-error-symbolic"
                                                            : "dialog-warning-symbolic");
      g_autofree char *where = NULL;

      /* Translators: where a problem is: line number and field name ("ipmi_password"). */
      where = g_strdup_printf (_("Line %u, %s"), takeover_problem_get_line (problem),
                               takeover_problem_get_field (problem));
      gtk_widget_add_css_class (icon, error ? "error" : "warning");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     takeover_problem_get_message (problem));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (self->problems_group, row);
    }
}

static void
takeover_host_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TAKEOVER_TYPE_HOST_DIALOG);

  G_OBJECT_CLASS (takeover_host_dialog_parent_class)->dispose (object);
}

static void
takeover_host_dialog_class_init (TakeoverHostDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = takeover_host_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bmtakeover/Takeover/takeover-host-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostDialog, problems_group);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostDialog, bmc_group);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostDialog, os_group);
}

static void
takeover_host_dialog_init (TakeoverHostDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
takeover_host_dialog_new (GtkWindow         *parent,
                          TakeoverInventory *inventory,
                          TakeoverHost      *host)
{
  TakeoverHostDialog *self;
  g_autofree char *source = NULL;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TAKEOVER_IS_INVENTORY (inventory), NULL);
  g_return_val_if_fail (TAKEOVER_IS_HOST (host), NULL);

  self = g_object_new (TAKEOVER_TYPE_HOST_DIALOG, "transient-for", parent, NULL);

  /* Translators: where a host comes from: file name and line number. */
  source = g_strdup_printf (_("%s, line %u"), takeover_host_get_source_file (host),
                            takeover_host_get_source_line (host));
  adw_window_title_set_title (self->window_title, takeover_host_get_display_name (host));
  adw_window_title_set_subtitle (self->window_title, source);

  add_problems (self, takeover_inventory_get_host_problems (inventory, host));

  add_row (self->bmc_group, _("Address"), takeover_host_get_bmc_address (host));
  add_uint_row (self->bmc_group, _("Port"), takeover_host_get_bmc_port (host));
  add_row (self->bmc_group, _("User"), takeover_host_get_bmc_username (host));
  add_secret_row (self->bmc_group, _("Password"), takeover_host_get_bmc_password (host));
  add_uint_row (self->bmc_group, _("Cipher Suite"), takeover_host_get_bmc_cipher_suite (host));
  add_row (self->bmc_group, _("Privilege Level"),
           get_privilege_label (takeover_host_get_bmc_privilege (host)));

  add_row (self->os_group, _("Management IP"), takeover_host_get_mgmt_ip (host));
  add_uint_row (self->os_group, _("SSH Port"), takeover_host_get_ssh_port (host));
  add_row (self->os_group, _("SSH User"), takeover_host_get_ssh_username (host));
  add_secret_row (self->os_group, _("SSH Password"), takeover_host_get_ssh_password (host));
  add_row (self->os_group, _("SSH Key File"), takeover_host_get_ssh_key_file (host));

  return GTK_WIDGET (self);
}
