/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <string.h>

#include "takeover-cli.h"
#include "takeover-cli-table.h"
#include "takeover-session.h"

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
} Wait;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;
  TakeoverSession *session = TAKEOVER_SESSION (object);

  if (g_task_get_source_tag (G_TASK (result)) == takeover_session_plan_async)
    wait->ok = takeover_session_plan_finish (session, result, &wait->error);
  else
    wait->ok = takeover_session_apply_finish (session, result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static gboolean
interrupt_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

/* One line an item: status, what it is, and the sentence that goes with it. */
static void
print_items (TakeoverPrepare *prepare)
{
  GListModel *items = takeover_prepare_get_items (prepare);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(TakeoverPrepareItem) item = g_list_model_get_item (items, i);
      TakeoverPrepareStatus status = takeover_prepare_item_get_status (item);
      g_autoptr(GString) line = g_string_new (NULL);

      takeover_cli_append_cell (line, takeover_prepare_status_get_label (status), 12,
                                TAKEOVER_CLI_ALIGN_LEFT, FALSE);
      g_print ("%s %s: %s\n", line->str, takeover_prepare_item_get_title (item),
               takeover_prepare_item_get_message (item));
    }
}

static char *
read_password (const char  *path,
               GError     **error)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  /* The first line only: editors add a newline. */
  contents[strcspn (contents, "\r\n")] = '\0';
  return g_steal_pointer (&contents);
}

int
takeover_cli_prepare (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(TakeoverSession) session = NULL;
  TakeoverInventory *inventory;
  TakeoverPrepare *prepare;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cloud_name = NULL, *project = NULL, *network = NULL, *domain = NULL;
  g_autofree char *user = NULL, *password_file = NULL, *password = NULL, *role = NULL;
  g_autofree char *gateway = NULL, *resource_class = NULL, *flavor = NULL, *image = NULL;
  g_autofree char *network_type = NULL, *physical_network = NULL;
  g_auto(GStrv) dns = NULL;
  gboolean dry_run = FALSE;
  int prefix = 0, prefix6 = 0, segment = 0;
  Wait wait = { 0 };
  guint sigint;
  const GOptionEntry entries[] = {
    { "cloud", 0, 0, G_OPTION_ARG_STRING, &cloud_name,
      N_("The cloud in clouds.yaml (default: $OS_CLOUD)"), N_("NAME") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Only show the plan: what exists, what would be created, what is in the way"), NULL },
    { "domain", 0, 0, G_OPTION_ARG_STRING, &domain,
      N_("Keystone domain of the project and the user (default Default)"), N_("DOMAIN") },
    { "project", 0, 0, G_OPTION_ARG_STRING, &project,
      N_("Project that owns the adopted servers (default takeover)"), N_("PROJECT") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user,
      N_("User of that project (default takeover)"), N_("USER") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_("Password of a user to create, from the file’s first line (default: generated and "
         "shown once)"), N_("FILE") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role,
      N_("Role of the user on the project (default member)"), N_("ROLE") },
    { "network", 0, 0, G_OPTION_ARG_STRING, &network,
      N_("Neutron network holding the management IPs (default takeover)"), N_("NETWORK") },
    { "prefix", 0, 0, G_OPTION_ARG_INT, &prefix,
      N_("Prefix length of the IPv4 subnets made from the management IPs (default 24)"),
      N_("BITS") },
    { "prefix6", 0, 0, G_OPTION_ARG_INT, &prefix6,
      N_("Prefix length of the IPv6 subnets (default 64)"), N_("BITS") },
    { "gateway", 0, 0, G_OPTION_ARG_STRING, &gateway,
      N_("Gateway of the subnet it lies in (default: none)"), N_("IP") },
    { "dns", 0, 0, G_OPTION_ARG_STRING_ARRAY, &dns,
      N_("DNS server of new subnets (repeat for more)"), N_("IP") },
    { "provider-network-type", 0, 0, G_OPTION_ARG_STRING, &network_type,
      N_("Provider network type of a network to create (flat, vlan, …)"), N_("TYPE") },
    { "provider-physical-network", 0, 0, G_OPTION_ARG_STRING, &physical_network,
      N_("Provider physical network of a network to create"), N_("NAME") },
    { "provider-segment", 0, 0, G_OPTION_ARG_INT, &segment,
      N_("Provider segmentation id (VLAN) of a network to create"), N_("ID") },
    { "resource-class", 0, 0, G_OPTION_ARG_STRING, &resource_class,
      N_("Resource class of the adopted nodes (default baremetal)"), N_("CLASS") },
    { "flavor", 0, 0, G_OPTION_ARG_STRING, &flavor,
      N_("Name of a flavor to create (default takeover-CLASS)"), N_("NAME") },
    { "image", 0, 0, G_OPTION_ARG_STRING, &image,
      N_("Name of the blank image (default takeover-blank-1m)"), N_("NAME") },
    { NULL }
  };

  context = g_option_context_new (_("FILE"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Prepares the cloud for adopting the hosts of FILE: checks "
                                  "Ironic, then finds or creates the project, user, role, "
                                  "unlimited quotas, flavor, network and subnets, and the blank "
                                  "image. Shows the plan, then applies it; running it again "
                                  "changes nothing.\n"
                                  "Exits with 0 when everything exists (with --dry-run: when "
                                  "nothing is in the way), 1 otherwise."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!takeover_cli_parse_options (context, &argc, &argv))
    return TAKEOVER_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr (_("%s: name one inventory file\n"), g_get_prgname ());
      return TAKEOVER_CLI_EXIT_USAGE;
    }
  if (prefix < 0 || prefix6 < 0 || segment < 0)
    {
      g_printerr (_("%s: prefix lengths and the segment id cannot be negative\n"),
                  g_get_prgname ());
      return TAKEOVER_CLI_EXIT_USAGE;
    }

  session = takeover_session_new ();
  inventory = takeover_session_get_inventory (session);
  if (!takeover_cli_read_inventory (inventory, argv[1], TAKEOVER_INVENTORY_FORMAT_NONE))
    return TAKEOVER_CLI_EXIT_FAILED;
  if (takeover_inventory_get_n_errors (inventory) > 0)
    {
      takeover_cli_print_problems (inventory);
      g_printerr (_("%s: %s has errors; fix them first (takeover-cli validate)\n"),
                  g_get_prgname (), argv[1]);
      return TAKEOVER_CLI_EXIT_FAILED;
    }

  if (password_file != NULL && (password = read_password (password_file, &error)) == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return TAKEOVER_CLI_EXIT_FAILED;
    }

  if (!takeover_session_open_cloud (session, cloud_name, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return TAKEOVER_CLI_EXIT_FAILED;
    }

  prepare = takeover_session_get_prepare (session);
  takeover_prepare_set_domain (prepare, domain);
  takeover_prepare_set_project (prepare, project);
  takeover_prepare_set_user (prepare, user);
  takeover_prepare_set_user_password (prepare, password);
  takeover_prepare_set_role (prepare, role);
  takeover_prepare_set_network (prepare, network);
  takeover_prepare_set_provider (prepare, network_type, physical_network, segment);
  takeover_prepare_set_prefix_length (prepare, prefix, prefix6);
  takeover_prepare_set_gateway (prepare, gateway);
  takeover_prepare_set_dns_servers (prepare, (const char * const *) dns);
  takeover_prepare_set_resource_class (prepare, resource_class);
  takeover_prepare_set_flavor (prepare, flavor);
  /* Else the cloud's takeover_image, else the default. */
  if (image != NULL)
    takeover_prepare_set_image (prepare, image);

  loop = g_main_loop_new (NULL, FALSE);
  wait.loop = loop;
  sigint = g_unix_signal_add (SIGINT, interrupt_cb, cancellable);

  /* The plan first, shown as it stands; then, unless only asked for the plan, the apply. */
  takeover_session_plan_async (session, cancellable, done_cb, &wait);
  g_main_loop_run (loop);
  if (wait.ok)
    {
      g_print (_("Plan for cloud “%s”:\n"),
               takeover_cloud_config_get_name (takeover_session_get_cloud_config (session)));
      print_items (prepare);
    }
  if (wait.ok && !dry_run && takeover_prepare_get_n_problems (prepare) == 0 &&
      takeover_session_get_plan_has_changes (session))
    {
      takeover_session_apply_async (session, cancellable, done_cb, &wait);
      g_main_loop_run (loop);
      g_print ("\n%s\n", _("Result:"));
      print_items (prepare);
    }
  g_source_remove (sigint);

  if (wait.error != NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), wait.error->message);
      g_clear_error (&wait.error);
      return TAKEOVER_CLI_EXIT_FAILED;
    }
  if (takeover_prepare_get_n_problems (prepare) > 0)
    {
      guint n = takeover_prepare_get_n_problems (prepare);

      g_printerr (ngettext ("%s: %u item needs attention; nothing was changed\n",
                            "%s: %u items need attention; nothing was changed\n", n),
                  g_get_prgname (), n);
      return TAKEOVER_CLI_EXIT_FAILED;
    }

  if (takeover_prepare_get_generated_password (prepare) != NULL)
    g_print (_("User “%s” was created with the password %s; keep it, it is not shown again.\n"),
             user != NULL ? user : TAKEOVER_PREPARE_DEFAULT_NAME,
             takeover_prepare_get_generated_password (prepare));
  if (takeover_prepare_get_project_id (prepare) != NULL)
    g_print (_("Nodes’ owner (project id): %s\n"), takeover_prepare_get_project_id (prepare));
  if (takeover_prepare_get_image_id (prepare) != NULL)
    g_print (_("Nodes’ image_source: %s\n"), takeover_prepare_get_image_id (prepare));
  return TAKEOVER_CLI_EXIT_OK;
}
