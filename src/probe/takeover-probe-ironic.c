/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-probe"

#include "config.h"

#include "takeover-probe-ironic.h"

JsonObject *
takeover_probe_ironic_properties (const TakeoverProbeResult *result)
{
  JsonObject *properties;
  guint64 root_gb;

  g_return_val_if_fail (result != NULL, NULL);

  properties = json_object_new ();
  if (result->cpus > 0)
    json_object_set_int_member (properties, "cpus", result->cpus);
  if (result->memory_mb > 0)
    json_object_set_int_member (properties, "memory_mb", result->memory_mb);
  /* Ironic's convention (as inspection does it): one GiB less than the disk, for the
   * partition table and alignment. */
  root_gb = takeover_probe_result_get_root_disk_gb (result);
  if (root_gb > 1)
    json_object_set_int_member (properties, "local_gb", root_gb - 1);
  if (result->cpu_arch != NULL)
    json_object_set_string_member (properties, "cpu_arch", result->cpu_arch);
  return properties;
}

/* Ironic names a port's switch by a MAC address or an OpenFlow datapath ID (16 hex digits) and
 * refuses the whole port with any other switch_id. */
static gboolean
is_ironic_switch_id (const char *id)
{
  gsize len = strlen (id);

  if (len == 17)
    {
      for (gsize i = 0; i < len; i++)
        if (i % 3 == 2 ? id[i] != ':' : !g_ascii_isxdigit (id[i]))
          return FALSE;
      return TRUE;
    }

  if (len == 16)
    {
      for (gsize i = 0; i < len; i++)
        if (!g_ascii_isxdigit (id[i]))
          return FALSE;
      return TRUE;
    }

  return FALSE;
}

/* Returns: (transfer full) (nullable): NULL where the neighbour cannot be told to Ironic: no
 * port ID, or a chassis ID that is neither a MAC nor a datapath ID (e.g. a "local" name). The
 * probe's facts still show such a neighbour. */
JsonObject *
takeover_probe_ironic_local_link_connection (const TakeoverProbeLink *lldp)
{
  JsonObject *link;

  g_return_val_if_fail (lldp != NULL, NULL);

  if (lldp->switch_id == NULL || lldp->port_id == NULL || !is_ironic_switch_id (lldp->switch_id))
    return NULL;

  link = json_object_new ();
  json_object_set_string_member (link, "switch_id", lldp->switch_id);
  json_object_set_string_member (link, "port_id", lldp->port_id);
  if (lldp->switch_info != NULL)
    json_object_set_string_member (link, "switch_info", lldp->switch_info);
  return link;
}

JsonArray *
takeover_probe_ironic_ports (const TakeoverProbeResult *result,
                             JsonObject                *local_link_connections)
{
  JsonArray *ports;

  g_return_val_if_fail (result != NULL, NULL);

  ports = json_array_new ();
  for (guint i = 0; i < result->nics->len; i++)
    {
      const TakeoverProbeNic *nic = g_ptr_array_index (result->nics, i);
      JsonObject *port;
      JsonObject *link;

      if (!nic->physical || nic->mac == NULL)
        continue;

      port = json_object_new ();
      json_object_set_string_member (port, "address", nic->mac);
      json_object_set_boolean_member (port, "pxe_enabled", nic->mgmt);
      if (local_link_connections != NULL &&
          json_object_has_member (local_link_connections, nic->mac))
        json_object_set_member (port, "local_link_connection",
                                json_node_copy (json_object_get_member (local_link_connections,
                                                                        nic->mac)));
      else if (nic->lldp != NULL &&
               (link = takeover_probe_ironic_local_link_connection (nic->lldp)) != NULL)
        json_object_set_object_member (port, "local_link_connection", link);
      json_array_add_object_element (ports, port);
    }
  return ports;
}
