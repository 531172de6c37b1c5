/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "takeover-cli.h"
#include "takeover-cli-table.h"
#include "takeover-probe-error.h"
#include "takeover-probe-ironic.h"
#include "takeover-session.h"

typedef struct
{
  GMainLoop  *loop;
  GHashTable *errors;     /* TakeoverHost -> GError, for hosts the pool could not probe */
  guint       n_hosts;
  guint       n_done;
  gboolean    progress;
} Run;

static void
host_finished_cb (TakeoverFleetProbe  *probe,
                  TakeoverHost        *host,
                  TakeoverProbeResult *result,
                  GError              *error,
                  Run                 *run)
{
  run->n_done++;
  if (error != NULL)
    g_hash_table_replace (run->errors, host, g_error_copy (error));
  if (run->progress)
    {
      g_autofree char *line = g_strdup_printf (ngettext ("%u of %u host probed",
                                                         "%u of %u hosts probed", run->n_hosts),
                                               run->n_done, run->n_hosts);

      g_printerr ("\r%s%s", line, run->n_done == run->n_hosts ? "\n" : "");
    }
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Run *run = user_data;

  takeover_session_probe_finish (TAKEOVER_SESSION (object), result, NULL);
  g_main_loop_quit (run->loop);
}

/* "ipmi: bad-credentials" for the table; the full sentences follow it. */
static char *
summarize_failures (TakeoverProbeResult *result,
                    const GError        *error)
{
  g_autoptr(GString) summary = g_string_new (NULL);

  if (error != NULL)
    return g_strdup (takeover_probe_error_kind (error));

  for (guint i = 0; i < result->problems->len; i++)
    {
      const TakeoverProbeProblem *problem = g_ptr_array_index (result->problems, i);

      if (!g_str_equal (problem->part, "ipmi") && !g_str_equal (problem->part, "ssh"))
        continue;
      if (summary->len > 0)
        g_string_append (summary, ", ");
      g_string_append_printf (summary, "%s: %s", problem->part,
                              takeover_probe_error_kind (problem->error));
    }
  return g_string_free (g_steal_pointer (&summary), summary->len == 0);
}

static void
print_table (GListModel *hosts,
             Run        *run)
{
  const TakeoverCliColumn columns[] = {
    { _("HOST"), TAKEOVER_CLI_ALIGN_LEFT, 0 },
    { _("POWER"), TAKEOVER_CLI_ALIGN_LEFT, 0 },
    { _("HOSTNAME"), TAKEOVER_CLI_ALIGN_LEFT, 16 },
    { _("SERIAL"), TAKEOVER_CLI_ALIGN_LEFT, 0 },
    { _("CPUS"), TAKEOVER_CLI_ALIGN_RIGHT, 0 },
    { _("MEM MiB"), TAKEOVER_CLI_ALIGN_RIGHT, 0 },
    { _("DISK GiB"), TAKEOVER_CLI_ALIGN_RIGHT, 0 },
    { _("MGMT MAC"), TAKEOVER_CLI_ALIGN_LEFT, 0 },
    { _("OS"), TAKEOVER_CLI_ALIGN_LEFT, 20 },
    { _("RESULT"), TAKEOVER_CLI_ALIGN_LEFT, 0 },
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *table = NULL;
  guint n_hosts = g_list_model_get_n_items (hosts);

  for (guint i = 0; i < n_hosts; i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (hosts, i);
      TakeoverProbeResult *result = takeover_host_get_probe_result (host);
      const GError *error = g_hash_table_lookup (run->errors, host);
      const TakeoverProbeNic *mgmt = NULL;
      g_autofree char *failures = NULL;
      g_autofree char *os = NULL;
      const char *power = NULL;
      char **cells;

      if (result != NULL)
        {
          mgmt = takeover_probe_result_get_mgmt_nic (result);
          power = takeover_power_state_to_string (result->power_state);
          os = result->os_name != NULL
            ? g_strjoin (" ", result->os_name, result->os_version, NULL) : NULL;
        }
      failures = summarize_failures (result, error);

      cells = g_new0 (char *, G_N_ELEMENTS (columns) + 1);
      cells[0] = g_strdup (takeover_host_get_display_name (host));
      cells[1] = g_strdup (power != NULL ? power : "-");
      cells[2] = g_strdup (result != NULL && result->hostname != NULL ? result->hostname : "-");
      cells[3] = g_strdup (result != NULL && result->fru_serial != NULL ? result->fru_serial : "-");
      cells[4] = g_strdup_printf ("%u", result != NULL ? result->cpus : 0);
      cells[5] = g_strdup_printf ("%" G_GUINT64_FORMAT, result != NULL ? result->memory_mb : 0);
      cells[6] = g_strdup_printf ("%" G_GUINT64_FORMAT, result != NULL
                                  ? takeover_probe_result_get_root_disk_gb (result) : 0);
      cells[7] = g_strdup (mgmt != NULL && mgmt->mac != NULL ? mgmt->mac : "-");
      cells[8] = g_strdup (os != NULL ? os : "-");
      cells[9] = g_strdup (failures != NULL ? failures : _("ok"));
      g_ptr_array_add (rows, cells);

      if (error != NULL)
        g_string_append_printf (details, "%s: %s\n", takeover_host_get_display_name (host),
                                error->message);
      /* Trust on first use is only as good as the operator's look at what was trusted. */
      if (result != NULL && result->ssh_key_recorded)
        g_string_append_printf (details, _("%s: new SSH host key %s, recorded as known\n"),
                                takeover_host_get_display_name (host), result->ssh_fingerprint);
      for (guint p = 0; result != NULL && p < result->problems->len; p++)
        {
          const TakeoverProbeProblem *problem = g_ptr_array_index (result->problems, p);

          g_string_append_printf (details, "%s: %s: %s: %s\n",
                                  takeover_host_get_display_name (host), problem->part,
                                  takeover_probe_error_kind (problem->error),
                                  problem->error->message);
        }
    }

  table = takeover_cli_format_table (columns, G_N_ELEMENTS (columns), rows);
  g_print ("%s", table);
  if (details->len > 0)
    g_printerr ("\n%s", details->str);
}

static void
print_json (GListModel *hosts,
            Run        *run)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonArray) array = json_array_new ();
  guint n_hosts = g_list_model_get_n_items (hosts);
  g_autofree char *text = NULL;

  for (guint i = 0; i < n_hosts; i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (hosts, i);
      TakeoverProbeResult *result = takeover_host_get_probe_result (host);
      const GError *error = g_hash_table_lookup (run->errors, host);
      g_autoptr(TakeoverProbeResult) failed = NULL;
      JsonNode *node;
      JsonObject *ironic;

      /* A host the pool refused still gets its object, with the reason in "errors". */
      if (result == NULL)
        {
          failed = takeover_probe_result_new (takeover_host_get_display_name (host));
          takeover_probe_result_add_problem (failed, "probe",
                                             error != NULL ? g_error_copy (error)
                                             : g_error_new_literal (G_IO_ERROR,
                                                                    G_IO_ERROR_CANCELLED,
                                                                    _("Not probed")));
          result = failed;
        }

      node = takeover_probe_result_to_json (result);
      ironic = json_object_new ();
      json_object_set_object_member (ironic, "properties",
                                     takeover_probe_ironic_properties (result));
      json_object_set_array_member (ironic, "ports",
                                    takeover_probe_ironic_ports (result,
                                                                 takeover_host_get_local_link_connections (host)));
      json_object_set_object_member (json_node_get_object (node), "ironic", ironic);
      json_array_add_element (array, node);
    }

  json_node_take_array (root, g_steal_pointer (&array));
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

int
takeover_cli_probe (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(TakeoverSession) session = NULL;
  TakeoverFleetProbe *probe;
  g_autoptr(GHashTable) errors = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *from = NULL;
  TakeoverInventoryFormat format;
  GListModel *hosts;
  gboolean json = FALSE;
  gboolean insist_cipher_suite_zero = FALSE;
  gboolean known_hosts_only = FALSE;
  int concurrency = TAKEOVER_PROBE_POOL_DEFAULT_CONCURRENCY;
  double timeout = TAKEOVER_PROBE_DEFAULT_TIMEOUT_MS / 1000.0;
  int retries = TAKEOVER_PROBE_DEFAULT_RETRIES;
  guint n_answered = 0;
  Run run = { 0 };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object per host instead of a table"), NULL },
    { "concurrency", 0, 0, G_OPTION_ARG_INT, &concurrency,
      N_("Probe at most N hosts at once (default 32)"), N_("N") },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &timeout,
      N_("Give each BMC and each SSH server S seconds to answer (default 10)"), N_("S") },
    { "retries", 0, 0, G_OPTION_ARG_INT, &retries,
      N_("Send each IPMI request N more times within the timeout before a BMC counts as silent "
         "(default 2)"), N_("N") },
    { "insist-cipher-suite-0", 0, 0, G_OPTION_ARG_NONE, &insist_cipher_suite_zero,
      N_("Use cipher suite 0 where the inventory asks for it, although it sends the BMC "
         "password unprotected"), NULL },
    { "known-hosts-only", 0, 0, G_OPTION_ARG_NONE, &known_hosts_only,
      N_("Accept only SSH host keys that a known_hosts file holds; never record a new one"),
      NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from,
      N_("Read the file as FORMAT (conf, csv or json) whatever its name says"), N_("FORMAT") },
    { NULL }
  };

  context = g_option_context_new (_("FILE"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Reads each host's BMC (IPMI) and operating system (SSH) "
                                  "without changing anything, and prints what it found.\n"
                                  "Exits with 0 when every host answered, 1 otherwise."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!takeover_cli_parse_options (context, &argc, &argv) ||
      !takeover_cli_parse_format ("--from", from, &format))
    return TAKEOVER_CLI_EXIT_USAGE;
  if (argc != 2 || concurrency < 1 || concurrency > 1024 || timeout <= 0 || timeout > 3600 ||
      retries < 1 || retries > 10)
    {
      g_printerr (_("%s: give one inventory FILE, a --concurrency from 1 to 1024, a "
                    "--timeout from 0 to 3600 seconds and --retries from 1 to 10\n"),
                  g_get_prgname ());
      return TAKEOVER_CLI_EXIT_USAGE;
    }

  session = takeover_session_new ();
  if (!takeover_cli_read_inventory (takeover_session_get_inventory (session), argv[1], format))
    return TAKEOVER_CLI_EXIT_FAILED;
  takeover_cli_print_problems (takeover_session_get_inventory (session));
  hosts = takeover_inventory_get_hosts (takeover_session_get_inventory (session));

  probe = takeover_session_get_fleet_probe (session);
  takeover_probe_pool_set_concurrency (takeover_fleet_probe_get_pool (probe), concurrency);
  takeover_fleet_probe_set_timeout_ms (probe, (guint) (timeout * 1000));
  takeover_fleet_probe_set_retries (probe, retries);
  takeover_fleet_probe_set_insist_cipher_suite_zero (probe, insist_cipher_suite_zero);
  takeover_fleet_probe_set_trust_new_host_keys (probe, !known_hosts_only);
  loop = g_main_loop_new (NULL, FALSE);
  errors = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_error_free);
  run.loop = loop;
  run.errors = errors;
  run.n_hosts = g_list_model_get_n_items (hosts);
  run.progress = !json && isatty (STDERR_FILENO);
  g_signal_connect (probe, "host-finished", G_CALLBACK (host_finished_cb), &run);

  takeover_session_probe_async (session, NULL, NULL, run_cb, &run);
  g_main_loop_run (loop);

  if (json)
    print_json (hosts, &run);
  else
    print_table (hosts, &run);

  for (guint i = 0; i < run.n_hosts; i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (hosts, i);
      TakeoverProbeResult *result = takeover_host_get_probe_result (host);

      n_answered += result != NULL && takeover_probe_result_answered (result);
    }

  if (!json)
    g_print (_("%u of %u hosts answered\n"), n_answered, run.n_hosts);
  return n_answered == run.n_hosts ? TAKEOVER_CLI_EXIT_OK : TAKEOVER_CLI_EXIT_FAILED;
}
