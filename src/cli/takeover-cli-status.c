/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-cli.h"
#include "takeover-openstack.h"

typedef struct
{
  GMainLoop             *loop;
  TakeoverCloud         *cloud;
  TakeoverIronic        *ironic;
  TakeoverCloudEndpoint *ironic_endpoint;
  GError                *error;
  /* Cancelled when the deadline passes, so that nothing is left running. */
  GCancellable          *cancellable;
  guint                  deadline_id;
  /* What the command is waiting for, named when the deadline passes. */
  char                  *waiting_for;
} Status;

/* Ends the command with @error (owned, or NULL for success), unless the deadline already
 * said why it ended. */
static void
finish (Status *status,
        GError *error)
{
  if (status->error == NULL)
    status->error = error;
  else
    g_clear_error (&error);
  g_main_loop_quit (status->loop);
}

static void
discovered_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Status *status = user_data;
  g_autoptr(GError) error = NULL;

  status->ironic_endpoint = takeover_ironic_discover_finish (TAKEOVER_IRONIC (object), result,
                                                             &error);
  finish (status, g_steal_pointer (&error));
}

static void
authenticated_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Status *status = user_data;
  g_autoptr(GPtrArray) endpoints = NULL;
  GError *error = NULL;

  if (!takeover_cloud_authenticate_finish (TAKEOVER_CLOUD (object), result, &error))
    {
      finish (status, error);
      return;
    }

  g_free (status->waiting_for);
  status->waiting_for = g_strdup (_("Ironic"));
  endpoints = takeover_cloud_list_endpoints (status->cloud);
  for (guint i = 0; i < endpoints->len; i++)
    {
      TakeoverCloudEndpoint *endpoint = g_ptr_array_index (endpoints, i);

      if (g_str_equal (endpoint->service_type, "baremetal"))
        {
          g_free (status->waiting_for);
          status->waiting_for = g_strdup_printf (_("Ironic at %s"), endpoint->url);
        }
    }
  status->ironic = takeover_ironic_new (status->cloud);
  takeover_ironic_discover_async (status->ironic, status->cancellable, discovered_cb, status);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Status *status = user_data;

  status->deadline_id = 0;
  g_set_error (&status->error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_TIMEOUT,
               _("Cloud “%s” did not answer within %.0f seconds (waiting for %s)."),
               takeover_cloud_config_get_name (takeover_cloud_get_config (status->cloud)),
               takeover_cloud_get_timeout (status->cloud), status->waiting_for);
  /* The call in flight then finishes, cancelled, and ends the loop. */
  g_cancellable_cancel (status->cancellable);
  return G_SOURCE_REMOVE;
}

static void
print_report (Status *status)
{
  TakeoverCloudConfig *config = takeover_cloud_get_config (status->cloud);
  g_autoptr(GPtrArray) endpoints = takeover_cloud_list_endpoints (status->cloud);
  g_autofree char *auth = takeover_cloud_dup_auth_summary (status->cloud);
  const char *source = takeover_cloud_config_get_source_file (config);
  const char *region = takeover_cloud_config_get_region_name (config);
  const TakeoverCloudEndpoint *ironic = status->ironic_endpoint;

  if (source != NULL)
    g_print (_("Cloud: %s (from %s)\n"), takeover_cloud_config_get_name (config), source);
  else
    g_print (_("Cloud: %s (from OS_* environment variables)\n"),
             takeover_cloud_config_get_name (config));
  if (region != NULL)
    g_print (_("Region: %s\n"), region);
  g_print (_("Authentication: %s\n"), auth);
  g_print (_("Endpoints (%s):\n"), takeover_cloud_config_get_interface (config));
  for (guint i = 0; i < endpoints->len; i++)
    {
      TakeoverCloudEndpoint *endpoint = g_ptr_array_index (endpoints, i);

      g_print ("  %-16s %s\n", endpoint->service_type, endpoint->url);
    }
  g_print (_("Ironic API: minimum %s, maximum %s, using %s (at %s)\n"),
           ironic->min_version != NULL ? ironic->min_version : "?",
           ironic->max_version != NULL ? ironic->max_version : "?",
           ironic->microversion, ironic->versioned_url);
}

int
takeover_cli_status (int    argc,
                     char **argv)
{
  g_autofree char *cloud_name = NULL;
  double timeout = 0;
  const GOptionEntry entries[] = {
    { "cloud", 0, 0, G_OPTION_ARG_STRING, &cloud_name,
      N_("The cloud in clouds.yaml (default: $OS_CLOUD or the OS_* variables)"), N_("NAME") },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &timeout,
      N_("Give up after this many seconds (default: the cloud’s api_timeout, else 60)"),
      N_("SECONDS") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(TakeoverCloudConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Status status = { 0 };
  int ret;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Show the cloud Takeover would use, how it authenticates, "
                                  "its endpoints and Ironic’s API versions."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!takeover_cli_parse_options (context, &argc, &argv))
    return TAKEOVER_CLI_EXIT_USAGE;
  /* Written so that NaN fails too. */
  if (argc > 1 || !(timeout >= 0 && timeout <= G_MAXUINT / 1000))
    {
      g_printerr (_("%s: expected no arguments besides --cloud and a positive --timeout\n"),
                  g_get_prgname ());
      return TAKEOVER_CLI_EXIT_USAGE;
    }

  config = takeover_cloud_config_load (cloud_name, &error);
  if (config == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return TAKEOVER_CLI_EXIT_FAILED;
    }

  loop = g_main_loop_new (NULL, FALSE);
  status.loop = loop;
  status.cancellable = g_cancellable_new ();
  status.cloud = takeover_cloud_new (config);
  if (timeout > 0)
    takeover_cloud_set_timeout (status.cloud, timeout);

  /* Each request is bounded by the timeout; this bounds all of them together. */
  status.deadline_id = g_timeout_add ((guint) (takeover_cloud_get_timeout (status.cloud) * 1000),
                               deadline_cb, &status);
  if (takeover_cloud_config_get_auth_type (config) == TAKEOVER_AUTH_NONE ||
      takeover_cloud_config_get_auth_type (config) == TAKEOVER_AUTH_HTTP_BASIC)
    status.waiting_for = g_strdup (_("authentication"));
  else
    status.waiting_for = g_strdup_printf (_("Keystone at %s"),
                                          takeover_cloud_config_get_auth (config, "auth_url"));
  takeover_cloud_authenticate_async (status.cloud, status.cancellable, authenticated_cb, &status);
  g_main_loop_run (loop);
  g_clear_handle_id (&status.deadline_id, g_source_remove);

  if (status.error == NULL)
    {
      print_report (&status);
      ret = TAKEOVER_CLI_EXIT_OK;
    }
  else
    {
      g_printerr ("%s: %s\n", g_get_prgname (), status.error->message);
      ret = TAKEOVER_CLI_EXIT_FAILED;
    }

  g_clear_error (&status.error);
  g_clear_object (&status.cancellable);
  g_clear_pointer (&status.waiting_for, g_free);
  g_clear_pointer (&status.ironic_endpoint, takeover_cloud_endpoint_free);
  g_clear_object (&status.ironic);
  g_clear_object (&status.cloud);
  return ret;
}
