/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "takeover-monitor.h"

G_BEGIN_DECLS

/* What a monitor collects, in Prometheus' text exposition format (version 0.0.4), so that an
 * existing Prometheus and Grafana can scrape it:
 *
 *   hardware_cpu_load_1min{host="tb-001"} 0.52
 *   hardware_ipmi_temperature{host="tb-001",sensor="CPU Temp"} 45
 *   hardware_disk_size_used{host="tb-001",mountpoint="/var"} 1048576
 *   hardware_network_incoming_bytes{host="tb-001",device="eth0"} 2048
 *   takeover_health{host="tb-001"} 0          0 ok, 1 warning, 2 critical, 3 unreachable
 *
 * Ceilometer's meter names with "_" for "."; the instance label is named after what it is
 * (Prometheus keeps "instance" for the scraped target). Every sample is a gauge: rates are
 * already rates. The exporter answers GET /metrics on the main context. */

#define TAKEOVER_TYPE_PROMETHEUS_EXPORTER (takeover_prometheus_exporter_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverPrometheusExporter, takeover_prometheus_exporter, TAKEOVER,
                      PROMETHEUS_EXPORTER, GObject)

char                       *takeover_prometheus_format            (GPtrArray                  *samples,
                                                                   GListModel                 *hosts);
TakeoverPrometheusExporter *takeover_prometheus_exporter_new      (TakeoverMonitor            *monitor);
gboolean                    takeover_prometheus_exporter_listen   (TakeoverPrometheusExporter *self,
                                                                   const char                 *address,
                                                                   GError                    **error);
char                       *takeover_prometheus_exporter_dup_url  (TakeoverPrometheusExporter *self);

G_END_DECLS
