/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "takeover-monitor.h"
#include "takeover-preferences-window.h"

/* The engine's tuning, as GSettings keeps it: each control is bound to its key, and each
 * window's session follows the keys (takeover-window.c), so a change holds at once, for the
 * next host started, and at the next start. */
struct _TakeoverPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  GtkSpinButton        *adopt_concurrency_spin;
  GtkSpinButton        *state_timeout_spin;
  GtkSpinButton        *probe_concurrency_spin;
  GtkSpinButton        *probe_timeout_spin;
  GtkSwitch            *trust_switch;
  GtkSwitch            *cipher_zero_switch;
  GtkSpinButton        *monitor_interval_spin;
  AdwPreferencesGroup  *rules_group;
  GPtrArray            *rule_spins;    /* GtkSpinButton: warning, critical, a rule each */
  gboolean              loading;
};

G_DEFINE_FINAL_TYPE (TakeoverPreferencesWindow, takeover_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

/* What each default rule is called here, and its levels' unit. */
static const struct {
  const char *name;
  const char *title;
  const char *subtitle;
  double      upper;
  double      step;
  guint       digits;
} rule_rows[] = {
  { "memory", N_("Memory Used"), N_("Warning and critical levels, in percent"), 100, 1, 0 },
  { "swap", N_("Swap Used"), N_("Warning and critical levels, in percent"), 100, 1, 0 },
  { "disk", N_("File System Full"), N_("Warning and critical levels, in percent of each file system"), 100, 1, 0 },
  { "load", N_("Load a Core"), N_("Warning and critical levels of the 5-minute load average, a core"), 100, 0.25, 2 },
  { "network-errors", N_("Send Errors"), N_("Warning and critical levels, in failed sends a second on a NIC"), 100000, 1, 0 },
};

/* The spins from the key: each rule's level, or its default. */
static void
load_rules (TakeoverPreferencesWindow *self)
{
  g_autoptr(GVariant) rules = g_settings_get_value (self->settings, "health-rules");
  guint n_defaults;
  const TakeoverHealthRule *defaults = takeover_monitor_get_default_rules (&n_defaults);

  self->loading = TRUE;
  for (guint r = 0; r < G_N_ELEMENTS (rule_rows); r++)
    {
      double warning = NAN, critical = NAN;

      for (guint d = 0; d < n_defaults; d++)
        if (g_str_equal (defaults[d].name, rule_rows[r].name))
          {
            warning = defaults[d].warning;
            critical = defaults[d].critical;
          }
      g_variant_lookup (rules, rule_rows[r].name, "(dd)", &warning, &critical);
      gtk_spin_button_set_value (g_ptr_array_index (self->rule_spins, 2 * r), warning);
      gtk_spin_button_set_value (g_ptr_array_index (self->rule_spins, 2 * r + 1), critical);
    }
  self->loading = FALSE;
}

/* The key from the spins; a warning above its critical level lifts the critical one. */
static void
rule_changed_cb (TakeoverPreferencesWindow *self,
                 GtkSpinButton             *spin)
{
  GVariantBuilder builder;

  if (self->loading)
    return;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{s(dd)}"));
  for (guint r = 0; r < G_N_ELEMENTS (rule_rows); r++)
    {
      GtkSpinButton *warning = g_ptr_array_index (self->rule_spins, 2 * r);
      GtkSpinButton *critical = g_ptr_array_index (self->rule_spins, 2 * r + 1);

      if (gtk_spin_button_get_value (warning) > gtk_spin_button_get_value (critical))
        {
          self->loading = TRUE;
          if (spin == warning)
            gtk_spin_button_set_value (critical, gtk_spin_button_get_value (warning));
          else
            gtk_spin_button_set_value (warning, gtk_spin_button_get_value (critical));
          self->loading = FALSE;
        }
      g_variant_builder_add (&builder, "{s(dd)}", rule_rows[r].name,
                             gtk_spin_button_get_value (warning),
                             gtk_spin_button_get_value (critical));
    }
  g_settings_set_value (self->settings, "health-rules", g_variant_builder_end (&builder));
}

static void
reset_rules_cb (TakeoverPreferencesWindow *self)
{
  g_settings_reset (self->settings, "health-rules");
  load_rules (self);
}

static GtkWidget *
make_spin (TakeoverPreferencesWindow *self,
           guint                      row,
           const char                *label)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, rule_rows[row].upper, rule_rows[row].step);
  g_autofree char *name = g_strdup_printf ("%s: %s", _(rule_rows[row].title), label);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), rule_rows[row].digits);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (spin, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (rule_changed_cb), self);
  g_ptr_array_add (self->rule_spins, spin);
  return spin;
}

static void
build_rule_rows (TakeoverPreferencesWindow *self)
{
  for (guint r = 0; r < G_N_ELEMENTS (rule_rows); r++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(rule_rows[r].title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(rule_rows[r].subtitle));
      /* Translators: the tooltip of a health rule's first level. */
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), make_spin (self, r, _("Warning")));
      /* Translators: the tooltip of a health rule's second level. */
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), make_spin (self, r, _("Critical")));
      adw_preferences_group_add (self->rules_group, row);
    }
}

static void
takeover_preferences_window_dispose (GObject *object)
{
  TakeoverPreferencesWindow *self = TAKEOVER_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TAKEOVER_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->rule_spins, g_ptr_array_unref);

  G_OBJECT_CLASS (takeover_preferences_window_parent_class)->dispose (object);
}

static void
takeover_preferences_window_class_init (TakeoverPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = takeover_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/bmtakeover/Takeover/takeover-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TakeoverPreferencesWindow,
                                        adopt_concurrency_spin);
  gtk_widget_class_bind_template_child (widget_class, TakeoverPreferencesWindow,
                                        state_timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, TakeoverPreferencesWindow,
                                        probe_concurrency_spin);
  gtk_widget_class_bind_template_child (widget_class, TakeoverPreferencesWindow,
                                        probe_timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, TakeoverPreferencesWindow, trust_switch);
  gtk_widget_class_bind_template_child (widget_class, TakeoverPreferencesWindow,
                                        cipher_zero_switch);
  gtk_widget_class_bind_template_child (widget_class, TakeoverPreferencesWindow,
                                        monitor_interval_spin);
  gtk_widget_class_bind_template_child (widget_class, TakeoverPreferencesWindow, rules_group);
  gtk_widget_class_bind_template_callback (widget_class, reset_rules_cb);
}

static void
takeover_preferences_window_init (TakeoverPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "adopt-concurrency", self->adopt_concurrency_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "state-timeout", self->state_timeout_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "probe-concurrency", self->probe_concurrency_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "probe-timeout", self->probe_timeout_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "trust-new-host-keys", self->trust_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "insist-cipher-suite-zero", self->cipher_zero_switch,
                   "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "monitor-interval", self->monitor_interval_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);

  self->rule_spins = g_ptr_array_new ();
  build_rule_rows (self);
  load_rules (self);
}

GtkWidget *
takeover_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (TAKEOVER_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}
