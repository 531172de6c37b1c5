/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Prometheus text exposition of a round's samples: one family a meter, with its HELP and
 * TYPE once, series sorted, the instance label named for what it is, label values escaped. */
#include "config.h"

#include <math.h>

#include "takeover-prometheus.h"

static void
test_format (void)
{
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func ((GDestroyNotify) takeover_metric_sample_free);
  g_autofree char *text = NULL;
  const char *expected =
    "# HELP hardware_cpu_load_1min Ceilometer's hardware.cpu.load.1min\n"
    "# TYPE hardware_cpu_load_1min gauge\n"
    "hardware_cpu_load_1min{host=\"a\"} 0.67\n"
    "hardware_cpu_load_1min{host=\"b\"} 12\n"
    "# HELP hardware_disk_size_used Ceilometer's hardware.disk.size.used\n"
    "# TYPE hardware_disk_size_used gauge\n"
    "hardware_disk_size_used{host=\"a\",mountpoint=\"/srv/say \\\"hi\\\"\"} 1048576\n"
    "# HELP hardware_ipmi_temperature Ceilometer's hardware.ipmi.temperature\n"
    "# TYPE hardware_ipmi_temperature gauge\n"
    "hardware_ipmi_temperature{host=\"a\",sensor=\"C:\\\\fan\\nline\"} NaN\n"
    "hardware_ipmi_temperature{host=\"a\",sensor=\"CPU Temp\"} 45.5\n"
    "# HELP hardware_network_incoming_bytes Ceilometer's hardware.network.incoming.bytes\n"
    "# TYPE hardware_network_incoming_bytes gauge\n"
    "hardware_network_incoming_bytes{host=\"b\",device=\"eth0\"} 2048\n";

  /* Out of order, as a round gathers them. */
  g_ptr_array_add (samples, takeover_metric_sample_new ("b", "hardware.network.incoming.bytes",
                                                        "eth0", 100, 2048));
  g_ptr_array_add (samples, takeover_metric_sample_new ("b", "hardware.cpu.load.1min", NULL, 100,
                                                        12));
  g_ptr_array_add (samples, takeover_metric_sample_new ("a", "hardware.ipmi.temperature",
                                                        "CPU Temp", 100, 45.5));
  g_ptr_array_add (samples, takeover_metric_sample_new ("a", "hardware.cpu.load.1min", NULL, 100,
                                                        0.67));
  g_ptr_array_add (samples, takeover_metric_sample_new ("a", "hardware.ipmi.temperature",
                                                        "C:\\fan\nline", 100, NAN));
  g_ptr_array_add (samples, takeover_metric_sample_new ("a", "hardware.disk.size.used",
                                                        "/srv/say \"hi\"", 100, 1048576));

  text = takeover_prometheus_format (samples, NULL);
  g_assert_cmpstr (text, ==, expected);
  /* The round's own array is left as it was: nothing freed, nothing moved. */
  g_assert_cmpuint (samples->len, ==, 6);
  g_assert_cmpstr (((TakeoverMetricSample *) g_ptr_array_index (samples, 0))->host, ==, "b");
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) samples = g_ptr_array_new ();
  g_autoptr(GListStore) hosts = g_list_store_new (TAKEOVER_TYPE_MONITOR_HOST);
  g_autofree char *text = takeover_prometheus_format (samples, G_LIST_MODEL (hosts));

  g_assert_cmpstr (text, ==, "");
}

static void
test_bad_address (void)
{
  g_autoptr(TakeoverFleetProbe) probe = takeover_fleet_probe_new (1);
  g_autoptr(TakeoverMetricStore) store = takeover_metric_store_new (g_get_user_state_dir ());
  g_autoptr(TakeoverMonitor) monitor = takeover_monitor_new (probe, store);
  g_autoptr(TakeoverPrometheusExporter) exporter = takeover_prometheus_exporter_new (monitor);
  const char *bad[] = { "9810", "localhost:9810", "127.0.0.1:", "127.0.0.1:65536", "[::1:9810" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (takeover_prometheus_exporter_listen (exporter, bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, bad[i]));
    }
  g_assert_null (takeover_prometheus_exporter_dup_url (exporter));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/prometheus/format", test_format);
  g_test_add_func ("/prometheus/empty", test_empty);
  g_test_add_func ("/prometheus/bad-address", test_bad_address);

  return g_test_run ();
}
