/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-host-facts"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-host-facts.h"

/* What the probe found on one host, whole: the server, its BMC, every port with its MAC,
 * addresses and switch connection (which the operator can correct before adoption), every
 * disk, and what could not be read. The probe step
 * shows it beside the list for the host chosen there, and follows the host as it is probed
 * again. */
struct _TakeoverHostFacts
{
  AdwBin               parent_instance;

  TakeoverHost        *host;
  GPtrArray           *rows;            /* the rows made for the host, to remove */

  AdwPreferencesGroup *server_group;
  AdwPreferencesGroup *bmc_group;
  AdwPreferencesGroup *nics_group;
  AdwPreferencesGroup *disks_group;
  AdwPreferencesGroup *problems_group;
};

G_DEFINE_FINAL_TYPE (TakeoverHostFacts, takeover_host_facts, ADW_TYPE_BIN)

/* A row of one fact. Takes @subtitle; nothing known, no row. */
static void
add_row (TakeoverHostFacts   *self,
         AdwPreferencesGroup *group,
         const char          *title,
         char                *subtitle)
{
  GtkWidget *row;

  if (subtitle == NULL || subtitle[0] == '\0')
    {
      g_free (subtitle);
      return;
    }

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, g_object_ref (row));
  g_free (subtitle);
}

static char *
join_nonempty (const char *separator,
               ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;
  const char *part;
  va_list args;

  va_start (args, separator);
  while ((part = va_arg (args, const char *)) != (const char *) -1)
    if (part != NULL && part[0] != '\0')
      g_strv_builder_add (builder, part);
  va_end (args);

  parts = g_strv_builder_end (builder);
  return g_strjoinv (separator, parts);
}

static void
clear_rows (TakeoverHostFacts *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
show_server (TakeoverHostFacts         *self,
             const TakeoverProbeResult *result)
{
  g_autofree char *memory = NULL;

  add_row (self, self->server_group, _("Host Name"), g_strdup (result->hostname));
  add_row (self, self->server_group, _("Operating System"),
           join_nonempty (" ", result->os_name, result->os_version, (const char *) -1));
  if (result->cpus > 0)
    add_row (self, self->server_group, _("Processors"),
             /* Translators: CPUs, their model and architecture: "32 × Intel Xeon …, x86_64". */
             g_strdup_printf (_("%u × %s, %s"), result->cpus,
                              result->cpu_model != NULL ? result->cpu_model : _("unknown model"),
                              result->cpu_arch != NULL ? result->cpu_arch : "?"));
  if (result->memory_mb > 0)
    add_row (self, self->server_group, _("Memory"),
             g_format_size_full (result->memory_mb * 1024 * 1024, G_FORMAT_SIZE_IEC_UNITS));
  add_row (self, self->server_group, _("Model"),
           join_nonempty (" ", result->system_vendor, result->system_product,
                          (const char *) -1));
  add_row (self, self->server_group, _("Serial Number"), g_strdup (result->system_serial));
  if (result->ssh_fingerprint != NULL)
    add_row (self, self->server_group, _("SSH Host Key"),
             result->ssh_key_recorded
             ? g_strdup_printf (_("%s (recorded on first use)"), result->ssh_fingerprint)
             : g_strdup (result->ssh_fingerprint));
}

static void
show_bmc (TakeoverHostFacts         *self,
          const TakeoverProbeResult *result)
{
  if (!result->ipmi_answered)
    return;

  add_row (self, self->bmc_group, _("Power"),
           g_strdup (takeover_host_facts_format_power (result->power_state)));
  add_row (self, self->bmc_group, _("Maker and Product"),
           join_nonempty (", ", result->bmc_manufacturer, result->bmc_product,
                          (const char *) -1));
  add_row (self, self->bmc_group, _("Firmware"), g_strdup (result->bmc_firmware));
  add_row (self, self->bmc_group, _("Address"),
           join_nonempty ("  ", result->bmc_ip, result->bmc_mac, (const char *) -1));
  add_row (self, self->bmc_group, _("Chassis"),
           join_nonempty (" ", result->fru_vendor, result->fru_product, result->fru_serial,
                          (const char *) -1));
  if (result->sensors->len > 0)
    add_row (self, self->bmc_group, _("Sensors"),
             g_strdup_printf (ngettext ("%u sensor read", "%u sensors read",
                                        result->sensors->len),
                              result->sensors->len));
}

/* The NIC's switch port as adoption will tell Ironic: the operator's, else LLDP's (the probe
 * seeds the host's connections from LLDP). */
static JsonObject *
get_link (TakeoverHostFacts *self,
          const char        *mac)
{
  JsonObject *connections = takeover_host_get_local_link_connections (self->host);

  if (connections == NULL || !json_object_has_member (connections, mac))
    return NULL;
  return json_object_get_object_member (connections, mac);
}

static const char *
link_string (JsonObject *link,
             const char *member)
{
  if (link == NULL || !json_object_has_member (link, member))
    return "";
  return json_object_get_string_member (link, member);
}

static void
set_field_problem (GtkWidget  *entry,
                   const char *problem)
{
  GtkWidget *icon = g_object_get_data (G_OBJECT (entry), "problem-icon");

  gtk_widget_set_visible (icon, problem != NULL);
  gtk_widget_set_tooltip_text (icon, problem);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  problem != NULL ? problem : "", -1);
  if (problem != NULL)
    gtk_widget_add_css_class (entry, "error");
  else
    gtk_widget_remove_css_class (entry, "error");
}

/* A NIC's row says its MAC, link, addresses and switch port; its fields show the port. */
static void
show_link (TakeoverHostFacts *self,
           GtkWidget         *row)
{
  const TakeoverProbeNic *nic = g_object_get_data (G_OBJECT (row), "nic");
  JsonObject *link = get_link (self, nic->mac);
  g_autoptr(GString) text = g_string_new (nic->mac);
  g_autofree char *addresses = g_strjoinv (", ", nic->addresses);
  const char *members[] = { "switch_id", "port_id", "switch_info" };
  const char *fields[] = { "switch-id-row", "port-id-row", "switch-info-row" };

  g_string_append_printf (text, "  %s", nic->link_up ? _("link up") : _("link down"));
  if (addresses[0] != '\0')
    g_string_append_printf (text, "  %s", addresses);
  if (link != NULL)
    /* Translators: a port's switch side: switch name, port and switch ID. */
    g_string_append_printf (text, _("\nSwitch %s, port %s (%s)"),
                            link_string (link, "switch_info")[0] != '\0'
                            ? link_string (link, "switch_info") : "?",
                            link_string (link, "port_id"), link_string (link, "switch_id"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), text->str);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkEditable *entry = g_object_get_data (G_OBJECT (row), fields[i]);

      if (g_strcmp0 (gtk_editable_get_text (entry), link_string (link, members[i])) != 0)
        gtk_editable_set_text (entry, link_string (link, members[i]));
      set_field_problem (GTK_WIDGET (entry), NULL);
    }
}

static void
switch_port_applied_cb (TakeoverHostFacts *self,
                        AdwEntryRow       *entry)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (entry), ADW_TYPE_EXPANDER_ROW);
  const TakeoverProbeNic *nic = g_object_get_data (G_OBJECT (row), "nic");
  GtkWidget *switch_id = g_object_get_data (G_OBJECT (row), "switch-id-row");
  GtkWidget *port_id = g_object_get_data (G_OBJECT (row), "port-id-row");
  GtkWidget *switch_info = g_object_get_data (G_OBJECT (row), "switch-info-row");
  g_autofree char *id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (switch_id))));
  g_autofree char *port = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (port_id))));
  g_autofree char *info = g_strstrip (g_strdup (gtk_editable_get_text (
                                                  GTK_EDITABLE (switch_info))));
  g_autoptr(GError) error = NULL;

  if (self->host == NULL)
    return;

  if (!takeover_host_set_switch_port (self->host, nic->mac, id, port, info, &error))
    {
      set_field_problem (switch_id, g_error_matches (error, TAKEOVER_HOST_ERROR,
                                                     TAKEOVER_HOST_ERROR_SWITCH_ID)
                                    ? error->message : NULL);
      set_field_problem (port_id, g_error_matches (error, TAKEOVER_HOST_ERROR,
                                                   TAKEOVER_HOST_ERROR_PORT_ID)
                                  ? error->message : NULL);
      return;
    }
  /* The host's notify shows the port; the same texts again if nothing changed. */
  show_link (self, row);
}

static GtkWidget *
add_switch_field (TakeoverHostFacts *self,
                  GtkWidget         *row,
                  const char        *key,
                  const char        *title)
{
  GtkWidget *entry = adw_entry_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (entry), TRUE);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (entry), TRUE);
  gtk_widget_add_css_class (icon, "error");
  gtk_widget_set_visible (icon, FALSE);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (entry), icon);
  g_object_set_data (G_OBJECT (entry), "problem-icon", icon);
  g_signal_connect_object (entry, "apply", G_CALLBACK (switch_port_applied_cb), self,
                           G_CONNECT_SWAPPED);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), entry);
  g_object_set_data (G_OBJECT (row), key, entry);

  return entry;
}

/* Each physical NIC, with the switch port that its Ironic port will carry, to correct or fill
 * in where LLDP said nothing. */
static void
show_nics (TakeoverHostFacts         *self,
           const TakeoverProbeResult *result)
{
  for (guint i = 0; i < result->nics->len; i++)
    {
      const TakeoverProbeNic *nic = g_ptr_array_index (result->nics, i);
      g_autofree char *title = NULL;
      GtkWidget *row;

      if (!nic->physical || nic->mac == NULL)
        continue;

      title = nic->mgmt
        /* Translators: the NIC that holds the management IP. */
        ? g_strdup_printf (_("%s (management)"), nic->name)
        : g_strdup (nic->name);
      row = adw_expander_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      /* The row keeps the result its NIC belongs to, whatever the host holds meanwhile. */
      g_object_set_data_full (G_OBJECT (row), "result",
                              takeover_probe_result_ref ((TakeoverProbeResult *) result),
                              (GDestroyNotify) takeover_probe_result_unref);
      g_object_set_data (G_OBJECT (row), "nic", (gpointer) nic);
      add_switch_field (self, row, "switch-id-row", _("Switch _ID (MAC or Datapath ID)"));
      add_switch_field (self, row, "port-id-row", _("Switch _Port"));
      add_switch_field (self, row, "switch-info-row", _("Switch _Name"));
      show_link (self, row);

      adw_preferences_group_add (self->nics_group, row);
      g_ptr_array_add (self->rows, g_object_ref (row));
    }
}

/* An edit or LLDP's seeding changed the switch ports: the NIC rows show them. */
static void
links_changed_cb (TakeoverHostFacts *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (ADW_IS_EXPANDER_ROW (row) && g_object_get_data (G_OBJECT (row), "nic") != NULL)
        show_link (self, row);
    }
}

static void
show_disks (TakeoverHostFacts         *self,
            const TakeoverProbeResult *result)
{
  for (guint i = 0; i < result->disks->len; i++)
    {
      const TakeoverProbeDisk *disk = g_ptr_array_index (result->disks, i);
      g_autofree char *size = g_format_size (disk->size_bytes);

      add_row (self, self->disks_group, disk->name,
               /* Translators: a disk: its size, kind, and whether it holds the root. */
               g_strdup_printf ("%s, %s%s", size,
                                disk->rotational ? _("rotating") : _("solid state"),
                                disk->root ? _(", holds the root file system") : ""));
    }
}

static void
show_problems (TakeoverHostFacts         *self,
               const TakeoverProbeResult *result)
{
  for (guint i = 0; i < result->problems->len; i++)
    {
      const TakeoverProbeProblem *problem = g_ptr_array_index (result->problems, i);

      add_row (self, self->problems_group, problem->part, g_strdup (problem->error->message));
    }
}

static void
update (TakeoverHostFacts *self)
{
  const TakeoverProbeResult *result = self->host != NULL
    ? takeover_host_get_probe_result (self->host) : NULL;

  clear_rows (self);
  if (result != NULL)
    {
      show_server (self, result);
      show_bmc (self, result);
      show_nics (self, result);
      show_disks (self, result);
      show_problems (self, result);
    }
  else if (self->host != NULL)
    add_row (self, self->server_group, takeover_host_get_display_name (self->host),
             g_strdup (_("Not probed yet.")));

  /* A group with nothing to say takes no room. */
  gtk_widget_set_visible (GTK_WIDGET (self->bmc_group), result != NULL && result->ipmi_answered);
  gtk_widget_set_visible (GTK_WIDGET (self->nics_group),
                          result != NULL && result->nics->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->disks_group),
                          result != NULL && result->disks->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group),
                          result != NULL && result->problems->len > 0);
  adw_preferences_group_set_description (self->server_group,
                                         self->host != NULL
                                         ? takeover_host_get_display_name (self->host) : NULL);
}

static void
takeover_host_facts_dispose (GObject *object)
{
  TakeoverHostFacts *self = TAKEOVER_HOST_FACTS (object);

  takeover_host_facts_set_host (self, NULL);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAKEOVER_TYPE_HOST_FACTS);

  G_OBJECT_CLASS (takeover_host_facts_parent_class)->dispose (object);
}

static void
takeover_host_facts_class_init (TakeoverHostFactsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = takeover_host_facts_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bmtakeover/Takeover/takeover-host-facts.ui");
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostFacts, server_group);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostFacts, bmc_group);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostFacts, nics_group);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostFacts, disks_group);
  gtk_widget_class_bind_template_child (widget_class, TakeoverHostFacts, problems_group);
}

static void
takeover_host_facts_init (TakeoverHostFacts *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

/**
 * takeover_host_facts_format_power:
 *
 * Returns: a server's power state as a person reads it: "On", "Off", "Unknown"
 */
const char *
takeover_host_facts_format_power (TakeoverPowerState state)
{
  return state == TAKEOVER_POWER_STATE_ON ? C_("power", "On")
         : state == TAKEOVER_POWER_STATE_OFF ? C_("power", "Off")
         : C_("power", "Unknown");
}

GtkWidget *
takeover_host_facts_new (void)
{
  return g_object_new (TAKEOVER_TYPE_HOST_FACTS, NULL);
}

TakeoverHost *
takeover_host_facts_get_host (TakeoverHostFacts *self)
{
  g_return_val_if_fail (TAKEOVER_IS_HOST_FACTS (self), NULL);

  return self->host;
}

/**
 * takeover_host_facts_set_host:
 * @host: (nullable): the host to show, followed as it is probed again
 */
void
takeover_host_facts_set_host (TakeoverHostFacts *self,
                              TakeoverHost      *host)
{
  g_return_if_fail (TAKEOVER_IS_HOST_FACTS (self));
  g_return_if_fail (host == NULL || TAKEOVER_IS_HOST (host));

  if (self->host == host)
    return;

  if (self->host != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->host, update, self);
      g_signal_handlers_disconnect_by_func (self->host, links_changed_cb, self);
    }
  g_set_object (&self->host, host);
  if (host != NULL)
    {
      g_signal_connect_object (host, "notify::probe-result", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (host, "notify::local-link-connections",
                               G_CALLBACK (links_changed_cb), self, G_CONNECT_SWAPPED);
    }
  /* During dispose, the template's groups are already gone. */
  if (self->server_group != NULL)
    update (self);
}
