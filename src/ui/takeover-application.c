/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-application"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-application.h"
#include "takeover-dashboard-window.h"
#include "takeover-preferences-window.h"
#include "takeover-window.h"

struct _TakeoverApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (TakeoverApplication, takeover_application, ADW_TYPE_APPLICATION)

/* The window to reuse for a file or an activation: the active one if it shows nothing yet. */
static TakeoverWindow *
get_empty_window (TakeoverApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (TAKEOVER_IS_WINDOW (window) && takeover_window_is_empty (TAKEOVER_WINDOW (window)))
    return TAKEOVER_WINDOW (window);

  return NULL;
}

static void
takeover_application_activate (GApplication *application)
{
  TakeoverApplication *self = TAKEOVER_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  window = GTK_WINDOW (takeover_window_new (self));
  gtk_window_present (window);
  takeover_window_offer_resume (TAKEOVER_WINDOW (window));
}

/* Each inventory gets a window of its own, so that two files can be compared side by side. */
static void
takeover_application_open (GApplication  *application,
                           GFile        **files,
                           int            n_files,
                           const char    *hint)
{
  TakeoverApplication *self = TAKEOVER_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      TakeoverWindow *window = get_empty_window (self);
      gboolean new_window = window == NULL;

      if (new_window)
        window = takeover_window_new (self);

      takeover_window_open (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
      /* The first window offers the run that did not finish, whatever file it was given. */
      if (new_window && i == 0)
        takeover_window_offer_resume (window);
    }
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  TakeoverApplication *self = user_data;
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", "Takeover",
                        "application-icon", APP_ID,
                        "developer-name", _("The Takeover developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Bring a running fleet of physical servers under OpenStack "
                                      "Ironic in place: no reboot, no reinstall, no power action."),
                        "website", "https://github.com/bmtakeover/takeover",
                        "issue-url", "https://github.com/bmtakeover/takeover/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: put your names here, one a line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (takeover_preferences_window_new (parent)));
}

/* A notification's click: the dashboard open, else the active window's hosts'. */
static void
dashboard_action_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GtkApplication *application = user_data;
  GtkWindow *active = gtk_application_get_active_window (application);

  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    if (TAKEOVER_IS_DASHBOARD_WINDOW (l->data))
      {
        gtk_window_present (l->data);
        return;
      }
  if (active != NULL)
    gtk_widget_activate_action (GTK_WIDGET (active), "win.dashboard", NULL);
}

static gpointer
ref_window (gconstpointer window,
            gpointer      data)
{
  return g_object_ref ((gpointer) window);
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GList *windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (user_data)),
                                     ref_window, NULL);

  /* Each window is closed as its close button would: one that is adopting asks first, and the
   * application ends with its last window. */
  for (const GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free_full (windows, g_object_unref);
}

static const GActionEntry app_actions[] = {
  { "about", about_action_cb },
  { "preferences", preferences_action_cb },
  { "dashboard", dashboard_action_cb },
  { "quit", quit_action_cb },
};

static void
takeover_application_startup (GApplication *application)
{
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.back", { "<Alt>Left", NULL } },
    { "win.next", { "<Alt>Right", NULL } },
    { "win.add-host", { "<Control>n", NULL } },
    { "win.dashboard", { "<Control>d", NULL } },
  };

  G_APPLICATION_CLASS (takeover_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (application), accels[i].action,
                                           accels[i].accels);
}

static void
takeover_application_class_init (TakeoverApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = takeover_application_activate;
  app_class->open = takeover_application_open;
  app_class->startup = takeover_application_startup;
}

static void
takeover_application_init (TakeoverApplication *self)
{
}

TakeoverApplication *
takeover_application_new (void)
{
  return g_object_new (TAKEOVER_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/bmtakeover/Takeover",
                       NULL);
}
