/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-prometheus"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <math.h>

#include "takeover-prometheus.h"

/* See the header. */

struct _TakeoverPrometheusExporter
{
  GObject          parent_instance;

  TakeoverMonitor *monitor;
  SoupServer      *server;
};

G_DEFINE_FINAL_TYPE (TakeoverPrometheusExporter, takeover_prometheus_exporter, G_TYPE_OBJECT)

/* A metric name: [a-zA-Z_:][a-zA-Z0-9_:]*. */
static char *
metric_name (const char *meter)
{
  char *name = g_strdup (meter);

  for (char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != ':')
      *p = '_';
  if (g_ascii_isdigit (name[0]))
    {
      char *prefixed = g_strconcat ("_", name, NULL);

      g_free (name);
      return prefixed;
    }
  return name;
}

/* What a meter's instance is, as node_exporter names it. */
static const char *
instance_label (const char *meter)
{
  if (g_str_has_prefix (meter, "hardware.ipmi."))
    return "sensor";
  if (g_str_has_prefix (meter, "hardware.disk."))
    return "mountpoint";
  if (g_str_has_prefix (meter, "hardware.network."))
    return "device";
  return "item";
}

/* A label value: backslash, double quote and line feed escaped. */
static void
append_label (GString    *text,
              const char *name,
              const char *value)
{
  g_string_append_printf (text, "%s=\"", name);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\\')
        g_string_append (text, "\\\\");
      else if (*p == '"')
        g_string_append (text, "\\\"");
      else if (*p == '\n')
        g_string_append (text, "\\n");
      else
        g_string_append_c (text, *p);
    }
  g_string_append_c (text, '"');
}

static void
append_value (GString *text,
              double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* 15 significant digits: what a double holds exactly, without 0.67000000000000004. */
  if (isnan (value))
    g_string_append (text, "NaN");
  else if (isinf (value))
    g_string_append (text, value > 0 ? "+Inf" : "-Inf");
  else
    g_string_append (text, g_ascii_formatd (buffer, sizeof buffer, "%.15g", value));
}

static int
compare_samples (gconstpointer a,
                 gconstpointer b)
{
  const TakeoverMetricSample *x = *(const TakeoverMetricSample * const *) a;
  const TakeoverMetricSample *y = *(const TakeoverMetricSample * const *) b;
  int order = strcmp (x->meter, y->meter);

  if (order == 0)
    order = strcmp (x->host, y->host);
  if (order == 0)
    order = g_strcmp0 (x->instance, y->instance);
  return order;
}

/**
 * takeover_prometheus_format:
 * @samples: (element-type TakeoverMetricSample): a round's samples
 * @hosts: (nullable): a list of #TakeoverMonitorHost, for their health
 *
 * Returns: (transfer full): the samples and the hosts' health in the text exposition format
 */
char *
takeover_prometheus_format (GPtrArray  *samples,
                            GListModel *hosts)
{
  g_autoptr(GPtrArray) sorted = NULL;
  GString *text = g_string_new (NULL);
  const char *family = NULL;

  g_return_val_if_fail (samples != NULL, NULL);

  /* Not g_ptr_array_copy(): the copy would free the samples too. */
  sorted = g_ptr_array_sized_new (samples->len);
  g_ptr_array_extend (sorted, samples, NULL, NULL);
  g_ptr_array_sort (sorted, compare_samples);

  for (guint i = 0; i < sorted->len; i++)
    {
      const TakeoverMetricSample *sample = g_ptr_array_index (sorted, i);
      g_autofree char *name = metric_name (sample->meter);

      if (g_strcmp0 (family, sample->meter) != 0)
        {
          family = sample->meter;
          g_string_append_printf (text, "# HELP %s Ceilometer's %s\n# TYPE %s gauge\n", name,
                                  sample->meter, name);
        }
      g_string_append_printf (text, "%s{", name);
      append_label (text, "host", sample->host);
      if (sample->instance != NULL)
        {
          g_string_append_c (text, ',');
          append_label (text, instance_label (sample->meter), sample->instance);
        }
      g_string_append (text, "} ");
      append_value (text, sample->value);
      g_string_append_c (text, '\n');
    }

  if (hosts != NULL && g_list_model_get_n_items (hosts) > 0)
    {
      g_string_append (text, "# HELP takeover_health The host's health: 0 ok, 1 warning, "
                             "2 critical, 3 unreachable\n# TYPE takeover_health gauge\n");
      for (guint i = 0; i < g_list_model_get_n_items (hosts); i++)
        {
          g_autoptr(TakeoverMonitorHost) host = g_list_model_get_item (hosts, i);

          g_string_append (text, "takeover_health{");
          append_label (text, "host", takeover_monitor_host_get_name (host));
          g_string_append_printf (text, "} %d\n", (int) takeover_monitor_host_get_level (host));
        }
    }

  return g_string_free (text, FALSE);
}

static void
metrics_cb (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  TakeoverPrometheusExporter *self = user_data;
  const char *method = soup_server_message_get_method (message);
  char *text;

  if (!g_str_equal (path, "/metrics"))
    {
      static const char not_here[] = "Takeover's metrics are at /metrics\n";

      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      soup_server_message_set_response (message, "text/plain; charset=utf-8", SOUP_MEMORY_STATIC,
                                        not_here, strlen (not_here));
      return;
    }
  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      soup_server_message_set_status (message, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  text = takeover_prometheus_format (takeover_monitor_get_samples (self->monitor),
                                     takeover_monitor_get_hosts (self->monitor));
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "text/plain; version=0.0.4; charset=utf-8",
                                    SOUP_MEMORY_TAKE, text, strlen (text));
}

static void
takeover_prometheus_exporter_dispose (GObject *object)
{
  TakeoverPrometheusExporter *self = TAKEOVER_PROMETHEUS_EXPORTER (object);

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (takeover_prometheus_exporter_parent_class)->dispose (object);
}

static void
takeover_prometheus_exporter_class_init (TakeoverPrometheusExporterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = takeover_prometheus_exporter_dispose;
}

static void
takeover_prometheus_exporter_init (TakeoverPrometheusExporter *self)
{
  self->server = soup_server_new ("server-header", "takeover/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->server, NULL, metrics_cb, self, NULL);
}

TakeoverPrometheusExporter *
takeover_prometheus_exporter_new (TakeoverMonitor *monitor)
{
  TakeoverPrometheusExporter *self;

  g_return_val_if_fail (TAKEOVER_IS_MONITOR (monitor), NULL);

  self = g_object_new (TAKEOVER_TYPE_PROMETHEUS_EXPORTER, NULL);
  self->monitor = g_object_ref (monitor);
  return self;
}

/**
 * takeover_prometheus_exporter_listen:
 * @address: "ADDRESS:PORT", "[IPv6]:PORT"; port 0 picks a free one
 *
 * Returns: %TRUE when listening; else %FALSE with @error saying why
 */
gboolean
takeover_prometheus_exporter_listen (TakeoverPrometheusExporter  *self,
                                     const char                  *address,
                                     GError                     **error)
{
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autofree char *host = NULL;
  const char *colon;
  guint64 port;

  g_return_val_if_fail (TAKEOVER_IS_PROMETHEUS_EXPORTER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  colon = strrchr (address, ':');
  if (colon != NULL && colon > address)
    host = address[0] == '[' && colon[-1] == ']'
           ? g_strndup (address + 1, colon - address - 2)
           : g_strndup (address, colon - address);
  if (host == NULL ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL) ||
      (socket_address = g_inet_socket_address_new_from_string (host, (guint) port)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an address and port to serve on, such as 127.0.0.1:9810"),
                   address);
      return FALSE;
    }

  return soup_server_listen (self->server, socket_address, 0, error);
}

/**
 * takeover_prometheus_exporter_dup_url:
 *
 * Returns: (transfer full) (nullable): where the metrics are, once listening
 */
char *
takeover_prometheus_exporter_dup_url (TakeoverPrometheusExporter *self)
{
  g_autoslist(GUri) uris = NULL;
  g_autoptr(GUri) metrics = NULL;

  g_return_val_if_fail (TAKEOVER_IS_PROMETHEUS_EXPORTER (self), NULL);

  uris = soup_server_get_uris (self->server);
  if (uris == NULL)
    return NULL;
  metrics = g_uri_parse_relative (uris->data, "/metrics", G_URI_FLAGS_NONE, NULL);
  return metrics != NULL ? g_uri_to_string (metrics) : NULL;
}
