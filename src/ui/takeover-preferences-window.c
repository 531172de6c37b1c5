/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-preferences-window"

#include "config.h"

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
};

G_DEFINE_FINAL_TYPE (TakeoverPreferencesWindow, takeover_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

static void
takeover_preferences_window_dispose (GObject *object)
{
  TakeoverPreferencesWindow *self = TAKEOVER_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TAKEOVER_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

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
