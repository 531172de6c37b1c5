/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "takeover-metric-store.h"
#include "takeover-probe-result.h"

G_BEGIN_DECLS

/* The BMC's sensors as Ceilometer's hardware.ipmi.* meters: one series per sensor, named by
 * the sensor (the instance). Readings come from a sensors-only probe (TakeoverProbeRequest's
 * ipmi_sensors_only) on the probe pool, the SDR from the cache the probe keeps. */

const char *takeover_ipmi_source_get_meter (const TakeoverProbeSensor *sensor);
GPtrArray  *takeover_ipmi_source_samples   (const char                *host,
                                            gint64                     time,
                                            const TakeoverProbeResult *result);

G_END_DECLS
