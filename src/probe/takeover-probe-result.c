/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-probe"

#include "config.h"

#include <math.h>

#include "takeover-probe-error.h"
#include "takeover-probe-result.h"

G_DEFINE_BOXED_TYPE (TakeoverProbeResult, takeover_probe_result,
                     takeover_probe_result_ref, takeover_probe_result_unref)

/* A threshold the sensor has; none is left out. */
static void
add_threshold (JsonBuilder *builder,
               const char  *name,
               double       value)
{
  if (isnan (value))
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

static void
sensor_free (gpointer data)
{
  TakeoverProbeSensor *sensor = data;

  g_free (sensor->name);
  g_free (sensor->type);
  g_free (sensor->unit);
  g_free (sensor->state);
  g_free (sensor);
}

static void
disk_free (gpointer data)
{
  TakeoverProbeDisk *disk = data;

  g_free (disk->name);
  g_free (disk);
}

static void
nic_free (gpointer data)
{
  TakeoverProbeNic *nic = data;

  g_free (nic->name);
  g_free (nic->mac);
  g_strfreev (nic->addresses);
  if (nic->lldp != NULL)
    {
      g_free (nic->lldp->switch_id);
      g_free (nic->lldp->port_id);
      g_free (nic->lldp->switch_info);
      g_free (nic->lldp);
    }
  g_free (nic);
}

static void
problem_free (gpointer data)
{
  TakeoverProbeProblem *problem = data;

  g_free (problem->part);
  g_clear_error (&problem->error);
  g_free (problem);
}

static void
result_clear (TakeoverProbeResult *self)
{
  char **strings[] = {
    &self->name, &self->bmc_manufacturer, &self->bmc_product, &self->bmc_firmware,
    &self->bmc_ip, &self->bmc_mac, &self->fru_vendor, &self->fru_product, &self->fru_serial,
    &self->ssh_fingerprint, &self->hostname, &self->cpu_model, &self->cpu_arch,
    &self->os_name, &self->os_version, &self->system_vendor, &self->system_product,
    &self->system_serial,
  };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    g_clear_pointer (strings[i], g_free);
  g_clear_pointer (&self->sensors, g_ptr_array_unref);
  g_clear_pointer (&self->disks, g_ptr_array_unref);
  g_clear_pointer (&self->nics, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
}

TakeoverProbeResult *
takeover_probe_result_new (const char *name)
{
  TakeoverProbeResult *self = g_rc_box_new0 (TakeoverProbeResult);

  self->name = g_strdup (name);
  self->sensors = g_ptr_array_new_with_free_func (sensor_free);
  self->disks = g_ptr_array_new_with_free_func (disk_free);
  self->nics = g_ptr_array_new_with_free_func (nic_free);
  self->problems = g_ptr_array_new_with_free_func (problem_free);
  return self;
}

TakeoverProbeResult *
takeover_probe_result_ref (TakeoverProbeResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_rc_box_acquire (self);
}

void
takeover_probe_result_unref (TakeoverProbeResult *self)
{
  g_return_if_fail (self != NULL);

  g_rc_box_release_full (self, (GDestroyNotify) result_clear);
}

/* Takes @error. */
void
takeover_probe_result_add_problem (TakeoverProbeResult *self,
                                   const char          *part,
                                   GError              *error)
{
  TakeoverProbeProblem *problem;

  g_return_if_fail (self != NULL);
  g_return_if_fail (part != NULL);
  g_return_if_fail (error != NULL);

  problem = g_new0 (TakeoverProbeProblem, 1);
  problem->part = g_strdup (part);
  problem->error = error;
  g_ptr_array_add (self->problems, problem);
}

const GError *
takeover_probe_result_get_problem (const TakeoverProbeResult *self,
                                   const char                *part)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (part != NULL, NULL);

  for (guint i = 0; i < self->problems->len; i++)
    {
      const TakeoverProbeProblem *problem = g_ptr_array_index (self->problems, i);

      if (g_str_equal (problem->part, part))
        return problem->error;
    }
  return NULL;
}

/* A host answered when neither whole part failed; a missing FRU or an unreadable serial
 * number is worth showing but does not make the host unreachable. */
gboolean
takeover_probe_result_answered (const TakeoverProbeResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return takeover_probe_result_get_problem (self, "ipmi") == NULL &&
         takeover_probe_result_get_problem (self, "ssh") == NULL;
}

const TakeoverProbeNic *
takeover_probe_result_get_mgmt_nic (const TakeoverProbeResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->nics->len; i++)
    {
      const TakeoverProbeNic *nic = g_ptr_array_index (self->nics, i);

      if (nic->mgmt)
        return nic;
    }
  return NULL;
}

/* In whole GiB (2^30 bytes), rounded down. The disk holding the root file system; where none
 * does (a container's overlay root), the disk Ironic itself would pick as root device: the
 * smallest of at least 4 GiB. 0 when there is no such disk. */
guint64
takeover_probe_result_get_root_disk_gb (const TakeoverProbeResult *self)
{
  const TakeoverProbeDisk *smallest = NULL;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->disks->len; i++)
    {
      const TakeoverProbeDisk *disk = g_ptr_array_index (self->disks, i);

      if (disk->root)
        return disk->size_bytes >> 30;
      if (disk->size_bytes >= (G_GUINT64_CONSTANT (4) << 30) &&
          (smallest == NULL || disk->size_bytes < smallest->size_bytes))
        smallest = disk;
    }
  return smallest != NULL ? smallest->size_bytes >> 30 : 0;
}

const char *
takeover_power_state_to_string (TakeoverPowerState state)
{
  switch (state)
    {
    case TAKEOVER_POWER_STATE_ON:
      return "power on";
    case TAKEOVER_POWER_STATE_OFF:
      return "power off";
    case TAKEOVER_POWER_STATE_UNKNOWN:
    default:
      return NULL;
    }
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value,
         gboolean     known)
{
  json_builder_set_member_name (builder, member);
  if (known)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_bool (JsonBuilder *builder,
          const char  *member,
          gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}

static void
build_sensors (JsonBuilder               *builder,
               const TakeoverProbeResult *self)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->sensors->len; i++)
    {
      const TakeoverProbeSensor *sensor = g_ptr_array_index (self->sensors, i);

      json_builder_begin_object (builder);
      add_string (builder, "name", sensor->name);
      add_string (builder, "type", sensor->type);
      json_builder_set_member_name (builder, "reading");
      if (sensor->has_reading)
        json_builder_add_double_value (builder, sensor->reading);
      else
        json_builder_add_null_value (builder);
      add_string (builder, "unit", sensor->unit);
      add_string (builder, "state", sensor->state);
      add_threshold (builder, "lower_critical", sensor->lower_critical);
      add_threshold (builder, "lower_non_critical", sensor->lower_non_critical);
      add_threshold (builder, "upper_non_critical", sensor->upper_non_critical);
      add_threshold (builder, "upper_critical", sensor->upper_critical);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
build_nics (JsonBuilder               *builder,
            const TakeoverProbeResult *self)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->nics->len; i++)
    {
      const TakeoverProbeNic *nic = g_ptr_array_index (self->nics, i);

      json_builder_begin_object (builder);
      add_string (builder, "name", nic->name);
      add_string (builder, "mac", nic->mac);
      json_builder_set_member_name (builder, "addresses");
      json_builder_begin_array (builder);
      for (guint j = 0; nic->addresses[j] != NULL; j++)
        json_builder_add_string_value (builder, nic->addresses[j]);
      json_builder_end_array (builder);
      add_bool (builder, "link_up", nic->link_up);
      add_bool (builder, "physical", nic->physical);
      add_bool (builder, "mgmt", nic->mgmt);
      json_builder_set_member_name (builder, "lldp");
      if (nic->lldp != NULL)
        {
          json_builder_begin_object (builder);
          add_string (builder, "switch_id", nic->lldp->switch_id);
          add_string (builder, "port_id", nic->lldp->port_id);
          add_string (builder, "switch_info", nic->lldp->switch_info);
          json_builder_end_object (builder);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
build_facts (JsonBuilder               *builder,
             const TakeoverProbeResult *self)
{
  json_builder_begin_object (builder);
  add_string (builder, "hostname", self->hostname);
  add_int (builder, "cpus", self->cpus, self->cpus > 0);
  add_string (builder, "cpu_model", self->cpu_model);
  add_string (builder, "cpu_arch", self->cpu_arch);
  add_int (builder, "memory_mb", self->memory_mb, self->memory_mb > 0);
  json_builder_set_member_name (builder, "disks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->disks->len; i++)
    {
      const TakeoverProbeDisk *disk = g_ptr_array_index (self->disks, i);

      json_builder_begin_object (builder);
      add_string (builder, "name", disk->name);
      add_int (builder, "size_bytes", disk->size_bytes, TRUE);
      add_bool (builder, "rotational", disk->rotational);
      add_bool (builder, "root", disk->root);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "nics");
  build_nics (builder, self);
  add_string (builder, "os_name", self->os_name);
  add_string (builder, "os_version", self->os_version);
  add_string (builder, "system_vendor", self->system_vendor);
  add_string (builder, "system_product", self->system_product);
  add_string (builder, "system_serial", self->system_serial);
  add_string (builder, "ssh_fingerprint", self->ssh_fingerprint);
  json_builder_end_object (builder);
}

/* The CLI's and the export's shape: { name, answered, power_state, bmc, fru, sensors, facts,
 * errors: [{ part, kind, message }] }. No secret is in a result, so none can leak here. */
JsonNode *
takeover_probe_result_to_json (const TakeoverProbeResult *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "name", self->name);
  add_bool (builder, "answered", takeover_probe_result_answered (self));
  add_string (builder, "power_state", takeover_power_state_to_string (self->power_state));

  json_builder_set_member_name (builder, "bmc");
  json_builder_begin_object (builder);
  add_int (builder, "manufacturer_id", self->bmc_manufacturer_id, self->ipmi_answered);
  add_string (builder, "manufacturer", self->bmc_manufacturer);
  add_int (builder, "product_id", self->bmc_product_id, self->ipmi_answered);
  add_string (builder, "product", self->bmc_product);
  add_string (builder, "firmware", self->bmc_firmware);
  add_string (builder, "ip", self->bmc_ip);
  add_string (builder, "mac", self->bmc_mac);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "fru");
  json_builder_begin_object (builder);
  add_string (builder, "vendor", self->fru_vendor);
  add_string (builder, "product", self->fru_product);
  add_string (builder, "serial", self->fru_serial);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "sensors");
  build_sensors (builder, self);

  json_builder_set_member_name (builder, "facts");
  build_facts (builder, self);

  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->problems->len; i++)
    {
      const TakeoverProbeProblem *problem = g_ptr_array_index (self->problems, i);

      json_builder_begin_object (builder);
      add_string (builder, "part", problem->part);
      add_string (builder, "kind", takeover_probe_error_kind (problem->error));
      add_string (builder, "message", problem->error->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "seconds");
  json_builder_add_double_value (builder, self->seconds);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
