/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What an adoption did to each host, as a file to keep or hand on: the CLI's --json output and
 * the wizard's summary export are the same report. It holds no secret (no BMC or SSH
 * password, no token): only what the jobs say. */
typedef enum
{
  TAKEOVER_ADOPT_REPORT_JSON,
  TAKEOVER_ADOPT_REPORT_CSV,
} TakeoverAdoptReportFormat;

JsonNode *takeover_adopt_report_build_json (GListModel                *jobs);
GBytes   *takeover_adopt_report_serialize  (GListModel                *jobs,
                                            TakeoverAdoptReportFormat  format);

G_END_DECLS
