/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-probe"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "takeover-facts.h"
#include "takeover-probe-error.h"

#define MARKER "@@takeover "

/* Runs as the unprivileged login user through /bin/sh -c, so it holds no single quote. Every
 * command only reads; each falls back where older systems lack a tool or an option
 * (ip without -j, no lsblk, no lldpd). Files are read with shell builtins (r), not cat, so
 * that probing hundreds of hosts at once costs them a few processes each, not dozens.
 * Sections are parsed by takeover_facts_parse(). */
static const char script[] =
  "m() { echo \"" MARKER "$1\"; }\n"
  "r() { while IFS= read -r l || [ -n \"$l\" ]; do printf \"%s\\n\" \"$l\"; done < \"$1\"; }\n"
  "exec 2>/dev/null\n"
  /* An unprivileged login's PATH lacks the sbin folders, where Debian keeps lldpcli. */
  "PATH=$PATH:/usr/sbin:/sbin\n"
  "m hostname; r /proc/sys/kernel/hostname || hostname\n"
  "m arch; uname -m\n"
  "m os_release; r /etc/os-release || r /usr/lib/os-release\n"
  "m cpuinfo; r /proc/cpuinfo\n"
  "m cpus_present; r /sys/devices/system/cpu/present\n"
  "m meminfo; r /proc/meminfo\n"
  "m memory_blocks; r /sys/devices/system/memory/block_size_bytes &&"
  " cat /sys/devices/system/memory/memory*/online\n"
  "m lsblk; lsblk -b -P -o NAME,TYPE,SIZE,ROTA,MOUNTPOINT,PKNAME || {"
  " m sys_block; for d in /sys/block/*; do s=; o=; read -r s < $d/size;"
  " read -r o < $d/queue/rotational; echo \"${d##*/} $s $o\"; done;"
  " m mounts; r /proc/self/mounts; }\n"
  "m ip_json; ip -j -d addr show || { m ip_text; ip addr show; }\n"
  "m sys_net; for n in /sys/class/net/*; do a=; o=; t=; d=-; k=;"
  " read -r a < $n/address; read -r o < $n/operstate; read -r t < $n/type;"
  " [ -e $n/device ] && d=device;"
  " while IFS== read -r key value; do [ \"$key\" = DEVTYPE ] && k=$value; done < $n/uevent;"
  " echo \"${n##*/} $a $o $t $d $k\"; done\n"
  "m lldpcli; lldpcli -f json show neighbors\n"
  "m networkctl_lldp; networkctl --no-pager --no-legend lldp\n"
  "m dmi; for f in sys_vendor product_name product_serial; do v=;"
  " read -r v < /sys/class/dmi/id/$f; echo \"$f=$v\"; done\n";

const char *
takeover_facts_get_script (void)
{
  return script;
}

static GHashTable *
split_sections (const char *output)
{
  GHashTable *sections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);
  g_autoptr(GString) body = NULL;
  char *name = NULL;

  for (guint i = 0; ; i++)
    {
      if (lines[i] == NULL || g_str_has_prefix (lines[i], MARKER))
        {
          if (name != NULL)
            g_hash_table_replace (sections, name, g_string_free (g_steal_pointer (&body), FALSE));
          if (lines[i] == NULL)
            break;
          name = g_strstrip (g_strdup (lines[i] + strlen (MARKER)));
          body = g_string_new (NULL);
        }
      else if (body != NULL)
        {
          g_string_append (body, lines[i]);
          g_string_append_c (body, '\n');
        }
    }

  return sections;
}

/* A section's lines, without empty ones; NULL when the section is missing or empty. */
static GStrv
section_lines (GHashTable *sections,
               const char *name)
{
  const char *text = g_hash_table_lookup (sections, name);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  if (text == NULL)
    return NULL;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] != '\0')
        {
          g_strv_builder_add (builder, lines[i]);
          n++;
        }
    }
  return n > 0 ? g_strv_builder_end (builder) : NULL;
}

static char *
first_line (GHashTable *sections,
            const char *name)
{
  g_auto(GStrv) lines = section_lines (sections, name);

  return lines != NULL ? g_strdup (lines[0]) : NULL;
}

static void
add_problem (TakeoverProbeResult *result,
             const char          *part,
             const char          *message)
{
  takeover_probe_result_add_problem (result, part,
                                     g_error_new_literal (TAKEOVER_PROBE_ERROR,
                                                          TAKEOVER_PROBE_ERROR_UNSUPPORTED,
                                                          message));
}

/* "KEY=value" lines as os-release and our dmi section write them; values may be quoted. */
static char *
lookup_assignment (char * const *lines,
                   const char   *key)
{
  gsize key_length = strlen (key);

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      if (strncmp (lines[i], key, key_length) == 0 && lines[i][key_length] == '=')
        {
          const char *value = lines[i] + key_length + 1;
          char *unquoted = g_shell_unquote (value, NULL);

          if (unquoted == NULL)
            unquoted = g_strdup (value);
          g_strstrip (unquoted);
          if (unquoted[0] == '\0')
            g_clear_pointer (&unquoted, g_free);
          return unquoted;
        }
    }
  return NULL;
}

static void
parse_os (GHashTable          *sections,
          TakeoverProbeResult *result)
{
  g_auto(GStrv) os = section_lines (sections, "os_release");
  g_auto(GStrv) dmi = section_lines (sections, "dmi");

  result->os_name = lookup_assignment (os, "NAME");
  result->os_version = lookup_assignment (os, "VERSION_ID");
  if (result->os_version == NULL)
    result->os_version = lookup_assignment (os, "VERSION");
  if (result->os_name == NULL)
    add_problem (result, "facts.os", _("The operating system has no /etc/os-release"));

  /* product_serial is readable by root only on most systems: then it stays unknown. */
  result->system_vendor = lookup_assignment (dmi, "sys_vendor");
  result->system_product = lookup_assignment (dmi, "product_name");
  result->system_serial = lookup_assignment (dmi, "product_serial");
}

/* "0-3,6,8-9" as the kernel writes CPU lists. */
static guint
count_cpu_list (const char *list)
{
  g_auto(GStrv) ranges = g_strsplit (list, ",", -1);
  guint count = 0;

  for (guint i = 0; ranges[i] != NULL; i++)
    {
      char *end = NULL;
      guint64 first = g_ascii_strtoull (ranges[i], &end, 10);
      guint64 last = first;

      if (end == ranges[i])
        continue;
      if (*end == '-')
        last = g_ascii_strtoull (end + 1, NULL, 10);
      if (last >= first)
        count += last - first + 1;
    }
  return count;
}

static void
parse_cpus (GHashTable          *sections,
            TakeoverProbeResult *result)
{
  g_auto(GStrv) lines = section_lines (sections, "cpuinfo");
  g_autofree char *present = first_line (sections, "cpus_present");
  /* Where each architecture's /proc/cpuinfo names the model. */
  static const char * const model_keys[] = { "model name", "Model", "cpu model", "cpu",
                                             "Hardware" };
  guint model_rank = G_N_ELEMENTS (model_keys);

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (lines[i], ":", 2);

      if (pair[0] == NULL || pair[1] == NULL)
        continue;
      g_strstrip (pair[0]);
      g_strstrip (pair[1]);
      if (g_str_equal (pair[0], "processor"))
        result->cpus++;
      for (guint k = 0; k < model_rank; k++)
        if (g_str_equal (pair[0], model_keys[k]) && pair[1][0] != '\0')
          {
            g_free (result->cpu_model);
            result->cpu_model = g_strdup (pair[1]);
            model_rank = k;
            break;
          }
    }

  if (present != NULL && (result->cpus == 0 || count_cpu_list (present) > result->cpus))
    result->cpus = count_cpu_list (present);

  result->cpu_arch = first_line (sections, "arch");
  if (result->cpus == 0)
    add_problem (result, "facts.cpus", _("Neither /proc/cpuinfo nor /sys tell the CPU count"));
}

static void
parse_memory (GHashTable          *sections,
              TakeoverProbeResult *result)
{
  g_auto(GStrv) blocks = section_lines (sections, "memory_blocks");
  g_auto(GStrv) meminfo = section_lines (sections, "meminfo");

  /* Online memory blocks add up to what is installed; MemTotal leaves out what the firmware
   * and kernel keep, so it is only the fallback. */
  if (blocks != NULL && blocks[0] != NULL)
    {
      guint64 block_size = g_ascii_strtoull (blocks[0], NULL, 16);
      guint64 online = 0;

      for (guint i = 1; blocks[i] != NULL; i++)
        online += g_str_equal (blocks[i], "1");
      result->memory_mb = block_size * online / (1024 * 1024);
    }

  for (guint i = 0; result->memory_mb == 0 && meminfo != NULL && meminfo[i] != NULL; i++)
    if (g_str_has_prefix (meminfo[i], "MemTotal:"))
      result->memory_mb = g_ascii_strtoull (meminfo[i] + strlen ("MemTotal:"), NULL, 10) / 1024;

  if (result->memory_mb == 0)
    add_problem (result, "facts.memory", _("Neither /sys nor /proc/meminfo tell the memory size"));
}

/* lsblk -P: KEY="value" KEY="value"…, with \xNN escapes inside values. */
static GHashTable *
parse_pairs (const char *line)
{
  GHashTable *pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *p = line;

  while (*p != '\0')
    {
      const char *equals = strstr (p, "=\"");
      const char *end;
      g_autofree char *raw = NULL;

      if (equals == NULL || (end = strchr (equals + 2, '"')) == NULL)
        break;
      raw = g_strndup (equals + 2, end - equals - 2);
      g_hash_table_replace (pairs, g_strstrip (g_strndup (p, equals - p)),
                            g_strcompress (raw));
      p = end + 1;
    }
  return pairs;
}

static gboolean
is_real_disk (const char *name,
              guint64     size)
{
  static const char * const virtual_prefixes[] = { "loop", "ram", "zram", "sr", "fd", "md",
                                                   "dm-", "nbd" };

  if (size == 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (virtual_prefixes); i++)
    if (g_str_has_prefix (name, virtual_prefixes[i]))
      return FALSE;
  return TRUE;
}

static TakeoverProbeDisk *
find_disk (TakeoverProbeResult *result,
           const char          *name)
{
  for (guint i = 0; i < result->disks->len; i++)
    {
      TakeoverProbeDisk *disk = g_ptr_array_index (result->disks, i);

      if (g_str_equal (disk->name, name))
        return disk;
    }
  return NULL;
}

static void
add_disk (TakeoverProbeResult *result,
          const char          *name,
          guint64              size_bytes,
          gboolean             rotational)
{
  TakeoverProbeDisk *disk;

  if (!is_real_disk (name, size_bytes) || find_disk (result, name) != NULL)
    return;

  disk = g_new0 (TakeoverProbeDisk, 1);
  disk->name = g_strdup (name);
  disk->size_bytes = size_bytes;
  disk->rotational = rotational;
  g_ptr_array_add (result->disks, disk);
}

/* The disk that holds @name, following partitions, LVM and RAID up through @parents. */
static const char *
top_parent (GHashTable *parents,
            const char *name)
{
  for (guint depth = 0; depth < 16; depth++)
    {
      const char *parent = g_hash_table_lookup (parents, name);

      if (parent == NULL)
        break;
      name = parent;
    }
  return name;
}

static gboolean
parse_lsblk (GHashTable          *sections,
             TakeoverProbeResult *result)
{
  g_auto(GStrv) lines = section_lines (sections, "lsblk");
  g_autoptr(GHashTable) parents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *root = NULL;

  if (lines == NULL)
    return FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GHashTable) pairs = parse_pairs (lines[i]);
      const char *name = g_hash_table_lookup (pairs, "NAME");
      const char *type = g_hash_table_lookup (pairs, "TYPE");
      const char *parent = g_hash_table_lookup (pairs, "PKNAME");
      const char *size = g_hash_table_lookup (pairs, "SIZE");

      if (name == NULL || type == NULL)
        continue;
      if (g_str_equal (type, "disk"))
        add_disk (result, name, size != NULL ? g_ascii_strtoull (size, NULL, 10) : 0,
                  g_strcmp0 (g_hash_table_lookup (pairs, "ROTA"), "1") == 0);
      if (parent != NULL && parent[0] != '\0')
        g_hash_table_replace (parents, g_strdup (name), g_strdup (parent));
      if (g_strcmp0 (g_hash_table_lookup (pairs, "MOUNTPOINT"), "/") == 0 && root == NULL)
        root = g_strdup (name);
    }

  if (root != NULL)
    {
      TakeoverProbeDisk *disk = find_disk (result, top_parent (parents, root));

      if (disk != NULL)
        disk->root = TRUE;
    }
  return TRUE;
}

/* Without lsblk: /sys/block sizes (in 512-byte sectors), and the root file system's device
 * from /proc/self/mounts matched to the disk whose name it starts with (sda1 -> sda). */
static void
parse_sys_block (GHashTable          *sections,
                 TakeoverProbeResult *result)
{
  g_auto(GStrv) lines = section_lines (sections, "sys_block");
  g_auto(GStrv) mounts = section_lines (sections, "mounts");
  TakeoverProbeDisk *root = NULL;

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (lines[i], " ", -1);

      if (g_strv_length (fields) >= 3)
        add_disk (result, fields[0], g_ascii_strtoull (fields[1], NULL, 10) * 512,
                  g_str_equal (fields[2], "1"));
    }

  for (guint i = 0; mounts != NULL && mounts[i] != NULL && root == NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (mounts[i], " ", 3);

      if (g_strv_length (fields) < 2 || !g_str_equal (fields[1], "/") ||
          !g_str_has_prefix (fields[0], "/dev/"))
        continue;
      for (guint d = 0; d < result->disks->len; d++)
        {
          TakeoverProbeDisk *disk = g_ptr_array_index (result->disks, d);

          if (g_str_has_prefix (fields[0] + strlen ("/dev/"), disk->name) &&
              (root == NULL || strlen (disk->name) > strlen (root->name)))
            root = disk;
        }
    }

  if (root != NULL)
    root->root = TRUE;
}

static void
parse_disks (GHashTable          *sections,
             TakeoverProbeResult *result)
{
  if (!parse_lsblk (sections, result))
    parse_sys_block (sections, result);

  if (result->disks->len == 0)
    add_problem (result, "facts.disks", _("No disk was found in lsblk or /sys/block"));
}

static TakeoverProbeNic *
find_nic (TakeoverProbeResult *result,
          const char          *name)
{
  for (guint i = 0; i < result->nics->len; i++)
    {
      TakeoverProbeNic *nic = g_ptr_array_index (result->nics, i);

      if (g_str_equal (nic->name, name))
        return nic;
    }
  return NULL;
}

static TakeoverProbeNic *
ensure_nic (TakeoverProbeResult *result,
            const char          *name)
{
  TakeoverProbeNic *nic = find_nic (result, name);

  if (nic == NULL)
    {
      nic = g_new0 (TakeoverProbeNic, 1);
      nic->name = g_strdup (name);
      nic->addresses = g_new0 (char *, 1);
      g_ptr_array_add (result->nics, nic);
    }
  return nic;
}

static void
nic_add_address (TakeoverProbeNic *nic,
                 const char       *address)
{
  guint n = g_strv_length (nic->addresses);

  nic->addresses = g_renew (char *, nic->addresses, n + 2);
  nic->addresses[n] = g_strdup (address);
  nic->addresses[n + 1] = NULL;
}

static void
nic_set_mac (TakeoverProbeNic *nic,
             const char       *mac)
{
  g_free (nic->mac);
  nic->mac = mac != NULL && strlen (mac) == 17 ? g_ascii_strdown (mac, -1) : NULL;
}

/* A section holding JSON; NULL when it is missing, empty or not JSON (a tool too old). */
static JsonNode *
section_json (GHashTable *sections,
              const char *name,
              JsonParser *parser)
{
  const char *text = g_hash_table_lookup (sections, name);

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  return json_parser_get_root (parser);
}

/* ip -j -d addr: one object a link, "linkinfo.info_kind" for virtual kinds. */
static gboolean
parse_ip_json (GHashTable          *sections,
               TakeoverProbeResult *result,
               GHashTable          *kinds)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root = section_json (sections, "ip_json", parser);
  JsonArray *links;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return FALSE;

  links = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (links); i++)
    {
      JsonObject *link = json_array_get_object_element (links, i);
      TakeoverProbeNic *nic;
      JsonArray *addresses;
      JsonObject *info;

      if (link == NULL || !json_object_has_member (link, "ifname"))
        continue;

      nic = ensure_nic (result, json_object_get_string_member (link, "ifname"));
      if (g_strcmp0 (json_object_get_string_member_with_default (link, "link_type", ""),
                     "ether") == 0)
        nic_set_mac (nic, json_object_get_string_member_with_default (link, "address", NULL));
      nic->link_up = g_strcmp0 (json_object_get_string_member_with_default (link, "operstate", ""),
                                "UP") == 0;

      info = json_object_has_member (link, "linkinfo")
        ? json_object_get_object_member (link, "linkinfo") : NULL;
      if (info != NULL && json_object_has_member (info, "info_kind"))
        g_hash_table_replace (kinds, g_strdup (nic->name),
                              g_strdup (json_object_get_string_member (info, "info_kind")));

      addresses = json_object_has_member (link, "addr_info")
        ? json_object_get_array_member (link, "addr_info") : NULL;
      for (guint a = 0; addresses != NULL && a < json_array_get_length (addresses); a++)
        {
          JsonObject *address = json_array_get_object_element (addresses, a);
          g_autofree char *cidr = NULL;

          if (address == NULL || !json_object_has_member (address, "local"))
            continue;
          cidr = g_strdup_printf ("%s/%" G_GINT64_FORMAT,
                                  json_object_get_string_member (address, "local"),
                                  json_object_get_int_member_with_default (address, "prefixlen",
                                                                           0));
          nic_add_address (nic, cidr);
        }
    }
  return TRUE;
}

/* ip addr (iproute2 before 4.14 has no JSON):
 *   2: eth0@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP …
 *       link/ether 02:18:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netnsid 0
 *       inet 198.18.1.1/15 scope global eth0 */
static gboolean
parse_ip_text (GHashTable          *sections,
               TakeoverProbeResult *result)
{
  g_auto(GStrv) lines = section_lines (sections, "ip_text");
  TakeoverProbeNic *nic = NULL;

  if (lines == NULL)
    return FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (lines[i], " \t", -1);
      guint n = g_strv_length (words);

      if (n >= 2 && g_ascii_isdigit (words[0][0]) && g_str_has_suffix (words[0], ":"))
        {
          g_autofree char *name = g_strndup (words[1], strcspn (words[1], "@:"));

          nic = ensure_nic (result, name);
          for (guint w = 0; w + 1 < n; w++)
            if (g_str_equal (words[w], "state"))
              nic->link_up = g_str_equal (words[w + 1], "UP");
        }
      else if (nic != NULL && n >= 2 && g_str_equal (words[0], "link/ether"))
        nic_set_mac (nic, words[1]);
      else if (nic != NULL && n >= 2 &&
               (g_str_equal (words[0], "inet") || g_str_equal (words[0], "inet6")))
        nic_add_address (nic, words[1]);
    }
  return TRUE;
}

/* /sys/class/net lines: "name mac operstate arphrd_type device|- [devtype]". They tell real
 * ports from bridges, bonds, VLANs and tunnels, and stand in for ip when it is missing. */
static void
parse_sys_net (GHashTable          *sections,
               TakeoverProbeResult *result,
               gboolean             have_ip,
               GHashTable          *kinds)
{
  g_auto(GStrv) lines = section_lines (sections, "sys_net");
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  gboolean any_device = FALSE;
  /* Kinds that are never a cabled port. veth is not among them: a host in a container or
   * network namespace (as on the test bed) has nothing else. */
  static const char * const virtual_kinds[] = { "bridge", "bond", "team", "vlan", "macvlan",
                                                "macvtap", "ipvlan", "vxlan", "geneve",
                                                "tun", "tap", "wireguard", "dummy", "gre",
                                                "gretap", "ipip", "sit", "openvswitch", "ifb",
                                                "vrf", "nlmon" };

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (lines[i], " ", -1);
      TakeoverProbeNic *nic;
      const char *kind;
      gboolean candidate;

      if (g_strv_length (fields) < 5)
        continue;

      nic = have_ip ? find_nic (result, fields[0]) : ensure_nic (result, fields[0]);
      if (nic == NULL)
        continue;
      if (!have_ip)
        {
          nic_set_mac (nic, g_str_equal (fields[3], "1") ? fields[1] : NULL);
          nic->link_up = g_str_equal (fields[2], "up");
        }

      kind = g_hash_table_lookup (kinds, nic->name);
      if (kind == NULL && fields[5] != NULL && fields[5][0] != '\0')
        kind = fields[5];
      candidate = g_str_equal (fields[3], "1") && nic->mac != NULL;
      for (guint k = 0; candidate && kind != NULL && k < G_N_ELEMENTS (virtual_kinds); k++)
        candidate = !g_str_equal (kind, virtual_kinds[k]);
      if (candidate && kind != NULL && g_str_equal (kind, "wlan"))
        candidate = FALSE;

      if (candidate && g_str_equal (fields[4], "device"))
        {
          nic->physical = TRUE;
          any_device = TRUE;
        }
      else if (candidate)
        g_ptr_array_add (candidates, nic);
    }

  /* A machine with real ports: only those count (its veths belong to containers). One
   * without any (a container, a namespace): its Ethernet links are all it has. */
  for (guint i = 0; !any_device && i < candidates->len; i++)
    ((TakeoverProbeNic *) g_ptr_array_index (candidates, i))->physical = TRUE;
}

static void
mark_mgmt_nic (TakeoverProbeResult *result,
               const char          *mgmt_ip)
{
  for (guint i = 0; mgmt_ip != NULL && i < result->nics->len; i++)
    {
      TakeoverProbeNic *nic = g_ptr_array_index (result->nics, i);

      for (guint a = 0; nic->addresses[a] != NULL; a++)
        {
          gsize length = strcspn (nic->addresses[a], "/");

          if (strlen (mgmt_ip) == length && strncmp (nic->addresses[a], mgmt_ip, length) == 0)
            nic->mgmt = TRUE;
        }
    }
}

static void
set_link (TakeoverProbeNic *nic,
          const char       *switch_id,
          const char       *port_id,
          const char       *switch_info)
{
  if (nic == NULL || (switch_id == NULL && port_id == NULL))
    return;

  nic->lldp = g_new0 (TakeoverProbeLink, 1);
  nic->lldp->switch_id = switch_id != NULL ? g_ascii_strdown (switch_id, -1) : NULL;
  nic->lldp->port_id = g_strdup (port_id);
  nic->lldp->switch_info = g_strdup (switch_info);
}

static const char *
id_value (JsonObject *object)
{
  JsonObject *id;

  if (object == NULL || !json_object_has_member (object, "id"))
    return NULL;
  id = json_object_get_object_member (object, "id");
  return id != NULL ? json_object_get_string_member_with_default (id, "value", NULL) : NULL;
}

/* One interface of lldpcli's JSON: { "chassis": { "<sysname>": { "id": {…} } } or
 * { "id": {…} } without a name, "port": { "id": { "type", "value" } } }. */
static void
parse_lldpcli_interface (TakeoverProbeResult *result,
                         const char          *name,
                         JsonObject          *interface)
{
  JsonObject *chassis = json_object_get_object_member (interface, "chassis");
  JsonObject *port = json_object_get_object_member (interface, "port");
  const char *switch_name = NULL;
  const char *switch_id = NULL;

  if (chassis != NULL && json_object_has_member (chassis, "id"))
    switch_id = id_value (chassis);
  else if (chassis != NULL && json_object_get_size (chassis) > 0)
    {
      g_autoptr(GList) names = json_object_get_members (chassis);

      switch_name = names->data;
      switch_id = id_value (json_object_get_object_member (chassis, switch_name));
    }

  set_link (find_nic (result, name), switch_id, id_value (port), switch_name);
}

static gboolean
parse_lldpcli (GHashTable          *sections,
               TakeoverProbeResult *result)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root = section_json (sections, "lldpcli", parser);
  JsonObject *lldp;
  JsonNode *interfaces;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  lldp = json_object_get_object_member (json_node_get_object (root), "lldp");
  if (lldp == NULL || !json_object_has_member (lldp, "interface"))
    return lldp != NULL;

  /* One neighbour: an object keyed by interface; several: an array of such objects. */
  interfaces = json_object_get_member (lldp, "interface");
  if (JSON_NODE_HOLDS_OBJECT (interfaces))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      json_object_iter_init (&iter, json_node_get_object (interfaces));
      while (json_object_iter_next (&iter, &name, &node))
        if (JSON_NODE_HOLDS_OBJECT (node))
          parse_lldpcli_interface (result, name, json_node_get_object (node));
    }
  else if (JSON_NODE_HOLDS_ARRAY (interfaces))
    {
      JsonArray *array = json_node_get_array (interfaces);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *entry = json_array_get_object_element (array, i);
          JsonObjectIter iter;
          const char *name;
          JsonNode *node;

          if (entry == NULL)
            continue;
          json_object_iter_init (&iter, entry);
          while (json_object_iter_next (&iter, &name, &node))
            if (JSON_NODE_HOLDS_OBJECT (node))
              parse_lldpcli_interface (result, name, json_node_get_object (node));
        }
    }
  return TRUE;
}

/* networkctl lldp --no-legend: "LINK CHASSIS-ID SYSTEM-NAME CAPS PORT-ID [PORT-DESCRIPTION]";
 * systemd shows an unset column as "n/a". */
static void
parse_networkctl_lldp (GHashTable          *sections,
                       TakeoverProbeResult *result)
{
  g_auto(GStrv) lines = section_lines (sections, "networkctl_lldp");

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (lines[i], " \t", -1);
      g_autoptr(GPtrArray) fields = g_ptr_array_new ();
      TakeoverProbeNic *nic;

      for (guint w = 0; words[w] != NULL; w++)
        if (words[w][0] != '\0')
          g_ptr_array_add (fields, g_str_equal (words[w], "n/a") ? NULL : words[w]);
      if (fields->len < 5)
        continue;

      nic = find_nic (result, g_ptr_array_index (fields, 0));
      if (nic != NULL && nic->lldp == NULL)
        set_link (nic, g_ptr_array_index (fields, 1), g_ptr_array_index (fields, 4),
                  g_ptr_array_index (fields, 2));
    }
}

static void
parse_nics (GHashTable          *sections,
            const char          *mgmt_ip,
            TakeoverProbeResult *result)
{
  g_autoptr(GHashTable) kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gboolean have_ip;

  have_ip = parse_ip_json (sections, result, kinds) || parse_ip_text (sections, result);
  parse_sys_net (sections, result, have_ip, kinds);
  if (!have_ip)
    add_problem (result, "facts.addresses",
                 _("ip is missing: interface addresses and the management NIC are unknown"));

  mark_mgmt_nic (result, mgmt_ip);
  if (!parse_lldpcli (sections, result))
    parse_networkctl_lldp (sections, result);

  if (result->nics->len == 0)
    add_problem (result, "facts.nics", _("No network interface was found"));
}

void
takeover_facts_parse (const char          *output,
                      const char          *mgmt_ip,
                      TakeoverProbeResult *result)
{
  g_autoptr(GHashTable) sections = NULL;

  g_return_if_fail (output != NULL);
  g_return_if_fail (result != NULL);

  sections = split_sections (output);
  result->hostname = first_line (sections, "hostname");
  parse_os (sections, result);
  parse_cpus (sections, result);
  parse_memory (sections, result);
  parse_disks (sections, result);
  parse_nics (sections, mgmt_ip, result);
}
