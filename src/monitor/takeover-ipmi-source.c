/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-ipmi-source"

#include "config.h"

#include "takeover-ipmi-source.h"

/**
 * takeover_ipmi_source_get_meter:
 *
 * Returns: (nullable): the meter a threshold sensor's reading is under: fans, temperatures,
 *   voltages, currents, and power (a sensor that reads watts, whatever its type says; BMCs file
 *   power under "Current" or "Power Supply"); %NULL for a discrete sensor or another kind
 */
const char *
takeover_ipmi_source_get_meter (const TakeoverProbeSensor *sensor)
{
  g_return_val_if_fail (sensor != NULL, NULL);

  if (!sensor->has_reading || sensor->unit == NULL || sensor->type == NULL)
    return NULL;

  if (g_str_equal (sensor->unit, "W"))
    return "hardware.ipmi.power";
  if (g_str_equal (sensor->type, "Temperature"))
    return "hardware.ipmi.temperature";
  if (g_str_equal (sensor->type, "Fan"))
    return "hardware.ipmi.fan";
  if (g_str_equal (sensor->type, "Voltage"))
    return "hardware.ipmi.voltage";
  if (g_str_equal (sensor->type, "Current"))
    return "hardware.ipmi.current";

  return NULL;
}

/**
 * takeover_ipmi_source_samples:
 * @time: when the round read them, in seconds since the epoch
 *
 * Returns: (transfer full) (element-type TakeoverMetricSample): a sample for each sensor with a
 *   meter; empty when the BMC did not answer
 */
GPtrArray *
takeover_ipmi_source_samples (const char                *host,
                              gint64                     time,
                              const TakeoverProbeResult *result)
{
  GPtrArray *samples = g_ptr_array_new_with_free_func ((GDestroyNotify) takeover_metric_sample_free);

  g_return_val_if_fail (host != NULL, samples);
  g_return_val_if_fail (result != NULL, samples);

  for (guint i = 0; i < result->sensors->len; i++)
    {
      const TakeoverProbeSensor *sensor = g_ptr_array_index (result->sensors, i);
      const char *meter = takeover_ipmi_source_get_meter (sensor);

      if (meter != NULL)
        g_ptr_array_add (samples, takeover_metric_sample_new (host, meter, sensor->name, time,
                                                              sensor->reading));
    }

  return samples;
}
