/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "takeover-cli-table.h"
#include "takeover-cli.h"
#include "takeover-monitor.h"
#include "takeover-prometheus.h"

/* takeover-cli monitor FILE: rounds over the inventory's hosts, agentless (their BMCs' sensors
 * over IPMI, their OS meters over SSH or SNMP), each recorded in the metric store and shown as a
 * table of health and key meters; --once for one round, --serve for Prometheus to scrape.
 * Exits 1 when a host is critical or unreachable after the (last) round. SNMP's secrets come
 * from the environment, never the command line, which every user of the machine can read. */

typedef struct
{
  GMainLoop        *loop;
  TakeoverMonitor  *monitor;
  GListModel       *hosts;
  gboolean          json;
  gboolean          once;
  gboolean          stopping;
  int               status;
} Watch;

static char *
format_value (double      value,
              const char *format)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf (format, value);
}

static double
memory_percent (TakeoverMonitor *monitor,
                const char      *host)
{
  double total = takeover_monitor_get_latest (monitor, host, "hardware.memory.total");
  double used = takeover_monitor_get_latest (monitor, host, "hardware.memory.used");

  return total > 0 ? 100 * used / total : NAN;
}

static void
print_table (Watch *watch)
{
  const TakeoverCliColumn columns[] = {
    { _("HOST"), TAKEOVER_CLI_ALIGN_LEFT, 24 },
    { _("HEALTH"), TAKEOVER_CLI_ALIGN_LEFT, 0 },
    { _("HOTTEST"), TAKEOVER_CLI_ALIGN_RIGHT, 0 },
    { _("LOAD"), TAKEOVER_CLI_ALIGN_RIGHT, 0 },
    { _("CPU"), TAKEOVER_CLI_ALIGN_RIGHT, 0 },
    { _("MEMORY"), TAKEOVER_CLI_ALIGN_RIGHT, 0 },
    { _("POWER"), TAKEOVER_CLI_ALIGN_RIGHT, 0 },
    { _("WHY"), TAKEOVER_CLI_ALIGN_LEFT, 60 },
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  TakeoverHealth *health = takeover_monitor_get_health (watch->monitor);
  g_autofree char *table = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (watch->hosts); i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (watch->hosts, i);
      const char *name = takeover_host_get_display_name (host);
      g_autofree char *reason = takeover_health_dup_reason (health, name);
      char **row = g_new0 (char *, G_N_ELEMENTS (columns) + 1);

      row[0] = g_strdup (name);
      row[1] = g_strdup (takeover_health_level_get_label (takeover_health_get_level (health,
                                                                                     name)));
      /* Translators: a temperature, a load average, percentages and watts in the table. */
      row[2] = format_value (takeover_monitor_get_latest (watch->monitor, name,
                                                          "hardware.ipmi.temperature"),
                             _("%.0f °C"));
      row[3] = format_value (takeover_monitor_get_latest (watch->monitor, name,
                                                          "hardware.cpu.load.1min"), "%.2f");
      row[4] = format_value (takeover_monitor_get_latest (watch->monitor, name,
                                                          "hardware.cpu.util"), _("%.0f%%"));
      row[5] = format_value (memory_percent (watch->monitor, name), _("%.0f%%"));
      row[6] = format_value (takeover_monitor_get_latest (watch->monitor, name,
                                                          "hardware.ipmi.power"), _("%.0f W"));
      row[7] = g_strdup (reason != NULL ? reason : "");
      g_ptr_array_add (rows, row);
    }

  table = takeover_cli_format_table (columns, G_N_ELEMENTS (columns), rows);
  g_print ("%s", table);
}

static void
print_json (Watch *watch)
{
  static const char * const meters[] = {
    "hardware.ipmi.temperature", "hardware.ipmi.fan", "hardware.ipmi.power",
    "hardware.cpu.load.1min", "hardware.cpu.util", "hardware.memory.total",
    "hardware.memory.used", "hardware.memory.swap.total", "hardware.memory.swap.avail",
  };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  TakeoverHealth *health = takeover_monitor_get_health (watch->monitor);

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (watch->hosts); i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (watch->hosts, i);
      const char *name = takeover_host_get_display_name (host);
      g_autofree char *reason = takeover_health_dup_reason (health, name);
      static const char * const levels[] = { "ok", "warning", "critical", "unreachable" };

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "host");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "health");
      json_builder_add_string_value (builder, levels[takeover_health_get_level (health, name)]);
      json_builder_set_member_name (builder, "reason");
      if (reason != NULL)
        json_builder_add_string_value (builder, reason);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "meters");
      json_builder_begin_object (builder);
      for (guint m = 0; m < G_N_ELEMENTS (meters); m++)
        {
          double value = takeover_monitor_get_latest (watch->monitor, name, meters[m]);

          if (isnan (value))
            continue;
          json_builder_set_member_name (builder, meters[m]);
          json_builder_add_double_value (builder, value);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* A round's table (or JSON) and the status it makes. */
static void
show_round (Watch  *watch,
            GError *error)
{
  TakeoverHealth *health = takeover_monitor_get_health (watch->monitor);
  gboolean bad = FALSE;

  if (error != NULL)
    g_printerr ("%s: %s\n", g_get_prgname (), error->message);

  for (guint i = 0; i < g_list_model_get_n_items (watch->hosts); i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (watch->hosts, i);

      bad |= takeover_health_get_level (health, takeover_host_get_display_name (host)) >=
             TAKEOVER_HEALTH_CRITICAL;
    }
  watch->status = bad || error != NULL ? TAKEOVER_CLI_EXIT_FAILED : TAKEOVER_CLI_EXIT_OK;

  if (watch->json)
    print_json (watch);
  else
    {
      if (!watch->once && isatty (STDOUT_FILENO))
        g_print ("\033[H\033[2J");
      print_table (watch);
    }
}

static void
once_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Watch *watch = user_data;
  g_autoptr(GError) error = NULL;

  takeover_monitor_round_finish (TAKEOVER_MONITOR (object), result, &error);
  show_round (watch, error);
  g_main_loop_quit (watch->loop);
}

static void
round_done_cb (TakeoverMonitor *monitor,
               guint            n_answered,
               GError          *error,
               Watch           *watch)
{
  show_round (watch, error);
  if (watch->stopping)
    g_main_loop_quit (watch->loop);
}

/* Grouped by the monitor: a rack going down is one line. */
static void
alert_cb (TakeoverMonitor     *monitor,
          TakeoverHealthAlert *alert,
          Watch               *watch)
{
  g_printerr ("%s\n", alert->text);
}

static gboolean
interrupt_cb (gpointer data)
{
  Watch *watch = data;

  /* Between rounds, at once; during one, once it ends (its samples are recorded). */
  watch->stopping = TRUE;
  if (watch->once)
    return G_SOURCE_CONTINUE;
  takeover_monitor_stop (watch->monitor);
  if (!takeover_monitor_get_busy (watch->monitor))
    g_main_loop_quit (watch->loop);
  return G_SOURCE_CONTINUE;
}

/* --snmp v2c|v3 and its settings, or NULL with the message printed. */
static TakeoverSnmpConfig *
snmp_config_from_options (const char *version,
                          const char *user,
                          const char *auth,
                          const char *priv)
{
  g_autoptr(TakeoverSnmpConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (version, "v2c") == 0)
    config = takeover_snmp_config_new_v2c (g_getenv ("TAKEOVER_SNMP_COMMUNITY"));
  else if (g_strcmp0 (version, "v3") == 0)
    {
      config = takeover_snmp_config_new_v3 (user, g_getenv ("TAKEOVER_SNMP_AUTH_PASSWORD"),
                                            g_getenv ("TAKEOVER_SNMP_PRIV_PASSWORD"));
      if (auth != NULL)
        {
          g_free (config->auth_protocol);
          config->auth_protocol = g_strdup (auth);
        }
      if (priv != NULL)
        {
          g_free (config->priv_protocol);
          config->priv_protocol = g_strdup (priv);
        }
    }
  else
    {
      g_printerr (_("%s: --snmp takes v2c or v3\n"), g_get_prgname ());
      return NULL;
    }

  if (!takeover_snmp_config_check (config, &error))
    {
      /* Translators: after the problem: where SNMP's secrets are read from. */
      g_printerr (_("%s: %s (the community is read from TAKEOVER_SNMP_COMMUNITY, the SNMPv3 "
                    "pass phrases from TAKEOVER_SNMP_AUTH_PASSWORD and "
                    "TAKEOVER_SNMP_PRIV_PASSWORD)\n"), g_get_prgname (), error->message);
      return NULL;
    }
  return g_steal_pointer (&config);
}

/* --rule NAME=WARNING,CRITICAL[,DURATION[,HYSTERESIS]]: what is not given stays the rule's. */
static gboolean
apply_rule (TakeoverMonitor *monitor,
            const char      *text)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = g_strsplit (text, "=", 2);
  g_auto(GStrv) numbers = NULL;
  const TakeoverHealthRule *rule;
  double values[4];
  guint n;

  rule = parts[1] != NULL ? takeover_monitor_get_rule (monitor, parts[0]) : NULL;
  if (rule != NULL)
    {
      values[0] = rule->warning;
      values[1] = rule->critical;
      values[2] = rule->duration;
      values[3] = rule->hysteresis;
      numbers = g_strsplit (parts[1], ",", -1);
      n = g_strv_length (numbers);
      for (guint i = 0; i < n && i < 4; i++)
        {
          char *end = NULL;

          values[i] = g_ascii_strtod (numbers[i], &end);
          if (end == numbers[i] || *end != '\0')
            n = 0;
        }
      if (n >= 2 && n <= 4 && values[2] >= 0 &&
          takeover_monitor_set_rule (monitor, parts[0], values[0], values[1], (guint) values[2],
                                     values[3], &error))
        return TRUE;
    }

  if (error == NULL && rule == NULL && parts[1] != NULL)
    takeover_monitor_set_rule (monitor, parts[0], 0, 0, 0, 0, &error);
  /* Translators: --rule's form; keep NAME, WARNING, CRITICAL, DURATION and HYSTERESIS. */
  g_printerr (_("%s: --rule %s: %s (the form is NAME=WARNING,CRITICAL[,DURATION[,HYSTERESIS]], "
                "for example memory=85,95,120,3)\n"), g_get_prgname (), text,
              error != NULL ? error->message : _("not a rule"));
  return FALSE;
}

int
takeover_cli_monitor (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(TakeoverInventory) inventory = takeover_inventory_new ();
  g_autoptr(TakeoverFleetProbe) probe = NULL;
  g_autoptr(TakeoverMetricStore) store = NULL;
  g_autoptr(TakeoverMonitor) monitor = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(TakeoverSnmpConfig) snmp_config = NULL;
  g_autoptr(TakeoverPrometheusExporter) exporter = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *serve = NULL;
  g_autofree char *snmp = NULL;
  g_autofree char *snmp_user = NULL;
  g_autofree char *snmp_auth = NULL;
  g_autofree char *snmp_priv = NULL;
  g_auto(GStrv) rules = NULL;
  g_autofree char *metrics = NULL;
  TakeoverInventoryFormat format;
  gboolean json = FALSE;
  gboolean once = FALSE;
  int interval = 10;
  double timeout = TAKEOVER_PROBE_DEFAULT_TIMEOUT_MS / 1000.0;
  int concurrency = TAKEOVER_PROBE_POOL_DEFAULT_CONCURRENCY;
  Watch watch = { 0 };
  guint sigint;
  const GOptionEntry entries[] = {
    { "once", 0, 0, G_OPTION_ARG_NONE, &once, N_("Run one round, print it and exit"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print each round as JSON: every host's health, reason and key meters"), NULL },
    { "interval", 0, 0, G_OPTION_ARG_INT, &interval,
      N_("Start a round every S seconds (default 10)"), N_("S") },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &timeout,
      N_("Give each BMC and each SSH server S seconds to answer (default 10)"), N_("S") },
    { "concurrency", 0, 0, G_OPTION_ARG_INT, &concurrency,
      N_("Read at most N BMCs at once (default 32)"), N_("N") },
    { "metrics", 0, 0, G_OPTION_ARG_FILENAME, &metrics,
      N_("Keep the history in DIR (default: $XDG_STATE_HOME/takeover/metrics)"), N_("DIR") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from,
      N_("Read the file as FORMAT (conf, csv or json) whatever its name says"), N_("FORMAT") },
    { "serve", 0, 0, G_OPTION_ARG_STRING, &serve,
      N_("Serve what is collected at http://ADDRESS:PORT/metrics for Prometheus to scrape"),
      N_("ADDRESS:PORT") },
    { "snmp", 0, 0, G_OPTION_ARG_STRING, &snmp,
      N_("Read the operating systems over SNMP VERSION (v2c or v3) instead of SSH"),
      N_("VERSION") },
    { "snmp-user", 0, 0, G_OPTION_ARG_STRING, &snmp_user, N_("The SNMPv3 user"), N_("USER") },
    { "snmp-auth", 0, 0, G_OPTION_ARG_STRING, &snmp_auth,
      N_("The SNMPv3 authentication protocol: SHA (default), SHA-256, SHA-512 or MD5"),
      N_("PROTOCOL") },
    { "snmp-priv", 0, 0, G_OPTION_ARG_STRING, &snmp_priv,
      N_("The SNMPv3 privacy protocol: AES (default) or DES"), N_("PROTOCOL") },
    { "rule", 0, 0, G_OPTION_ARG_STRING_ARRAY, &rules,
      N_("Change a health rule (memory, swap, disk, load, network-errors), for example "
         "memory=85,95,120,3: warning and critical levels, seconds, hysteresis"),
      N_("NAME=W,C[,S[,H]]") },
    { NULL }
  };

  context = g_option_context_new (_("FILE"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Watches the inventory's hosts without installing anything on "
                                  "them: their BMCs' sensors over IPMI and their operating "
                                  "systems' meters over SSH or SNMP, kept as history.\n"
                                  "SNMP's secrets are read from the environment: "
                                  "TAKEOVER_SNMP_COMMUNITY, TAKEOVER_SNMP_AUTH_PASSWORD and "
                                  "TAKEOVER_SNMP_PRIV_PASSWORD.\n"
                                  "Exits with 1 when a host is critical or unreachable."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!takeover_cli_parse_options (context, &argc, &argv) ||
      !takeover_cli_parse_format ("--from", from, &format))
    return TAKEOVER_CLI_EXIT_USAGE;
  if (argc != 2 || interval < 1 || interval > 86400 || timeout <= 0 || timeout > 3600 ||
      concurrency < 1 || concurrency > 1024)
    {
      g_printerr (_("%s: give one inventory FILE, an --interval from 1 to 86400 seconds, a "
                    "--timeout from 0 to 3600 seconds and a --concurrency from 1 to 1024\n"),
                  g_get_prgname ());
      return TAKEOVER_CLI_EXIT_USAGE;
    }

  if (once && serve != NULL)
    {
      g_printerr (_("%s: --serve keeps watching: leave out --once\n"), g_get_prgname ());
      return TAKEOVER_CLI_EXIT_USAGE;
    }
  if (snmp != NULL &&
      (snmp_config = snmp_config_from_options (snmp, snmp_user, snmp_auth, snmp_priv)) == NULL)
    return TAKEOVER_CLI_EXIT_USAGE;

  if (metrics == NULL)
    metrics = g_build_filename (g_get_user_state_dir (), "takeover", "metrics", NULL);
  probe = takeover_fleet_probe_new ((guint) concurrency);
  takeover_fleet_probe_set_timeout_ms (probe, (guint) (timeout * 1000));
  store = takeover_metric_store_new (metrics);
  monitor = takeover_monitor_new (probe, store);
  takeover_monitor_set_snmp (monitor, snmp_config);
  for (guint i = 0; rules != NULL && rules[i] != NULL; i++)
    if (!apply_rule (monitor, rules[i]))
      return TAKEOVER_CLI_EXIT_USAGE;

  if (!takeover_cli_read_inventory (inventory, argv[1], format))
    return TAKEOVER_CLI_EXIT_FAILED;
  takeover_cli_print_problems (inventory);
  loop = g_main_loop_new (NULL, FALSE);

  if (serve != NULL)
    {
      g_autofree char *url = NULL;

      exporter = takeover_prometheus_exporter_new (monitor);
      if (!takeover_prometheus_exporter_listen (exporter, serve, &error))
        {
          g_printerr (_("%s: cannot serve on %s: %s\n"), g_get_prgname (), serve, error->message);
          return TAKEOVER_CLI_EXIT_FAILED;
        }
      url = takeover_prometheus_exporter_dup_url (exporter);
      g_printerr (_("Serving the metrics at %s\n"), url);
    }

  watch.loop = loop;
  watch.monitor = monitor;
  watch.hosts = takeover_inventory_get_hosts (inventory);
  watch.json = json;
  watch.once = once;
  sigint = g_unix_signal_add (SIGINT, interrupt_cb, &watch);

  if (once)
    takeover_monitor_round_async (monitor, watch.hosts, NULL, once_cb, &watch);
  else
    {
      g_signal_connect (monitor, "round-done", G_CALLBACK (round_done_cb), &watch);
      g_signal_connect (monitor, "alert", G_CALLBACK (alert_cb), &watch);
      takeover_monitor_watch (monitor, watch.hosts, (guint) interval);
    }
  g_main_loop_run (loop);
  takeover_monitor_stop (monitor);

  g_source_remove (sigint);
  return watch.status;
}
