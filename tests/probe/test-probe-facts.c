/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Facts parsed from the script's output as real systems print it: current iproute2 with JSON,
 * an old ip without it, no ip at all, lsblk or only /sys/block, lldpd or networkd; and the
 * mapping of those facts to Ironic's properties and ports.
 */
#include "config.h"

#include "takeover-facts.h"
#include "takeover-probe-ironic.h"

#define M "@@takeover "

static const char common[] =
  M "hostname\ntb-001\n"
  M "arch\nx86_64\n"
  M "os_release\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
  "VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nID=debian\n"
  M "cpuinfo\nprocessor\t: 0\nmodel name\t: AMD EPYC 7702\nprocessor\t: 1\n"
  "model name\t: AMD EPYC 7702\n\n"
  M "cpus_present\n0-1\n"
  M "meminfo\nMemTotal:       16303924 kB\nMemFree:         1000 kB\n"
  M "memory_blocks\n8000000\n1\n1\n1\n1\n0\n"
  M "dmi\nsys_vendor=Dell Inc.\nproduct_name=PowerEdge R640\nproduct_serial=\n";

static const char lsblk[] =
  M "lsblk\n"
  "NAME=\"sda\" TYPE=\"disk\" SIZE=\"480103981056\" ROTA=\"0\" MOUNTPOINT=\"\" PKNAME=\"\"\n"
  "NAME=\"sda1\" TYPE=\"part\" SIZE=\"536870912\" ROTA=\"0\" MOUNTPOINT=\"/boot/efi\" PKNAME=\"sda\"\n"
  "NAME=\"sda2\" TYPE=\"part\" SIZE=\"479000000000\" ROTA=\"0\" MOUNTPOINT=\"\" PKNAME=\"sda\"\n"
  "NAME=\"vg-root\" TYPE=\"lvm\" SIZE=\"400000000000\" ROTA=\"0\" MOUNTPOINT=\"/\" PKNAME=\"sda2\"\n"
  "NAME=\"sdb\" TYPE=\"disk\" SIZE=\"4000787030016\" ROTA=\"1\" MOUNTPOINT=\"/data\" PKNAME=\"\"\n"
  "NAME=\"loop0\" TYPE=\"loop\" SIZE=\"1000\" ROTA=\"0\" MOUNTPOINT=\"/snap\" PKNAME=\"\"\n"
  "NAME=\"zram0\" TYPE=\"disk\" SIZE=\"0\" ROTA=\"0\" MOUNTPOINT=\"\" PKNAME=\"\"\n";

static const char ip_json[] =
  M "ip_json\n"
  "[{\"ifindex\":1,\"ifname\":\"lo\",\"operstate\":\"UNKNOWN\",\"link_type\":\"loopback\","
  "\"address\":\"00:00:00:00:00:00\",\"addr_info\":[{\"family\":\"inet\",\"local\":\"127.0.0.1\","
  "\"prefixlen\":8}]},"
  "{\"ifindex\":2,\"ifname\":\"eno1\",\"operstate\":\"UP\",\"link_type\":\"ether\","
  "\"address\":\"B4:96:91:00:00:01\",\"addr_info\":[{\"family\":\"inet\",\"local\":\"198.18.1.1\","
  "\"prefixlen\":15},{\"family\":\"inet6\",\"local\":\"fe80::1\",\"prefixlen\":64}]},"
  "{\"ifindex\":3,\"ifname\":\"eno2\",\"operstate\":\"DOWN\",\"link_type\":\"ether\","
  "\"address\":\"b4:96:91:00:00:02\",\"addr_info\":[]},"
  "{\"ifindex\":4,\"ifname\":\"br0\",\"operstate\":\"UP\",\"link_type\":\"ether\","
  "\"address\":\"b4:96:91:00:00:03\",\"linkinfo\":{\"info_kind\":\"bridge\"},\"addr_info\":[]},"
  "{\"ifindex\":5,\"ifname\":\"veth1\",\"operstate\":\"UP\",\"link_type\":\"ether\","
  "\"address\":\"b4:96:91:00:00:04\",\"linkinfo\":{\"info_kind\":\"veth\"},\"addr_info\":[]}]\n";

static const char sys_net[] =
  M "sys_net\n"
  "lo 00:00:00:00:00:00 unknown 772 -\n"
  "eno1 b4:96:91:00:00:01 up 1 device\n"
  "eno2 b4:96:91:00:00:02 down 1 device\n"
  "br0 b4:96:91:00:00:03 up 1 - bridge\n"
  "veth1 b4:96:91:00:00:04 up 1 -\n";

static TakeoverProbeResult *
parse (const char *mgmt_ip,
       ...)
{
  TakeoverProbeResult *result = takeover_probe_result_new ("test");
  g_autoptr(GString) output = g_string_new (common);
  const char *part;
  va_list ap;

  va_start (ap, mgmt_ip);
  while ((part = va_arg (ap, const char *)) != NULL)
    g_string_append (output, part);
  va_end (ap);

  takeover_facts_parse (output->str, mgmt_ip, result);
  return result;
}

static const TakeoverProbeNic *
nic (const TakeoverProbeResult *result,
     const char                *name)
{
  for (guint i = 0; i < result->nics->len; i++)
    {
      const TakeoverProbeNic *candidate = g_ptr_array_index (result->nics, i);

      if (g_str_equal (candidate->name, name))
        return candidate;
    }
  g_assert_not_reached ();
}

static void
test_basics (void)
{
  g_autoptr(TakeoverProbeResult) result = parse ("198.18.1.1", lsblk, ip_json, sys_net, NULL);
  const TakeoverProbeDisk *sda, *sdb;

  g_assert_cmpstr (result->hostname, ==, "tb-001");
  g_assert_cmpstr (result->cpu_arch, ==, "x86_64");
  g_assert_cmpuint (result->cpus, ==, 2);
  g_assert_cmpstr (result->cpu_model, ==, "AMD EPYC 7702");
  /* Four online blocks of 128 MiB, not MemTotal's 15921 MiB. */
  g_assert_cmpuint (result->memory_mb, ==, 512);
  g_assert_cmpstr (result->os_name, ==, "Debian GNU/Linux");
  g_assert_cmpstr (result->os_version, ==, "12");
  g_assert_cmpstr (result->system_vendor, ==, "Dell Inc.");
  g_assert_cmpstr (result->system_product, ==, "PowerEdge R640");
  g_assert_null (result->system_serial);

  /* loop0 and zram0 are not disks; the root file system on LVM leads back to sda. */
  g_assert_cmpuint (result->disks->len, ==, 2);
  sda = g_ptr_array_index (result->disks, 0);
  sdb = g_ptr_array_index (result->disks, 1);
  g_assert_cmpstr (sda->name, ==, "sda");
  g_assert_true (sda->root);
  g_assert_false (sda->rotational);
  g_assert_cmpuint (sda->size_bytes, ==, 480103981056);
  g_assert_false (sdb->root);
  g_assert_true (sdb->rotational);
  g_assert_cmpuint (takeover_probe_result_get_root_disk_gb (result), ==, 447);

  g_assert_cmpstr (nic (result, "eno1")->mac, ==, "b4:96:91:00:00:01");
  g_assert_true (nic (result, "eno1")->mgmt);
  g_assert_true (nic (result, "eno1")->link_up);
  g_assert_true (nic (result, "eno1")->physical);
  g_assert_cmpstr (nic (result, "eno1")->addresses[0], ==, "198.18.1.1/15");
  g_assert_cmpstr (nic (result, "eno1")->addresses[1], ==, "fe80::1/64");
  g_assert_false (nic (result, "eno2")->link_up);
  g_assert_true (nic (result, "eno2")->physical);
  g_assert_false (nic (result, "eno2")->mgmt);
  /* The machine has real ports, so its bridge, veth and loopback are not ports. */
  g_assert_false (nic (result, "br0")->physical);
  g_assert_false (nic (result, "veth1")->physical);
  g_assert_false (nic (result, "lo")->physical);
  g_assert_null (nic (result, "lo")->mac);
  g_assert_cmpuint (result->problems->len, ==, 0);
}

/* iproute2 before 4.14, and /sys/block instead of lsblk, as on tb-003. */
static void
test_old_tools (void)
{
  static const char ip_text[] =
    M "ip_json\n"
    M "ip_text\n"
    "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n"
    "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
    "    inet 127.0.0.1/8 scope host lo\n"
    "       valid_lft forever preferred_lft forever\n"
    "2: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n"
    "    link/ether 02:18:00:00:00:03 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n"
    "    inet 198.18.1.3/15 scope global eth0\n"
    "       valid_lft forever preferred_lft forever\n"
    "    inet6 fe80::18:ff:fe00:3/64 scope link \n"
    "3: eth1@if8: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n"
    "    link/ether 02:18:01:00:00:03 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n";
  static const char sys_net_namespace[] =
    M "sys_net\n"
    "lo 00:00:00:00:00:00 unknown 772 -\n"
    "eth0 02:18:00:00:00:03 up 1 -\n"
    "eth1 02:18:01:00:00:03 up 1 -\n";
  static const char sys_block[] =
    M "lsblk\n"
    M "sys_block\nloop0 0 0\nnvme0n1 1953525168 0\nsda 7814037168 1\n"
    M "mounts\nproc /proc proc rw 0 0\n/dev/nvme0n1p2 / ext4 rw,relatime 0 0\n";
  g_autoptr(TakeoverProbeResult) result = parse ("198.18.1.3", ip_text, sys_net_namespace,
                                                 sys_block, NULL);
  const TakeoverProbeNic *eth0 = nic (result, "eth0");

  g_assert_cmpstr (eth0->mac, ==, "02:18:00:00:00:03");
  g_assert_true (eth0->mgmt);
  g_assert_true (eth0->link_up);
  g_assert_cmpstr (eth0->addresses[0], ==, "198.18.1.3/15");
  g_assert_cmpstr (eth0->addresses[1], ==, "fe80::18:ff:fe00:3/64");
  /* No NIC has a device behind it (a network namespace): Ethernet links are its ports. */
  g_assert_true (eth0->physical);
  g_assert_true (nic (result, "eth1")->physical);
  g_assert_false (nic (result, "eth1")->mgmt);
  g_assert_false (nic (result, "lo")->physical);

  g_assert_cmpuint (result->disks->len, ==, 2);
  g_assert_cmpstr (((TakeoverProbeDisk *) g_ptr_array_index (result->disks, 0))->name, ==,
                   "nvme0n1");
  g_assert_true (((TakeoverProbeDisk *) g_ptr_array_index (result->disks, 0))->root);
  g_assert_cmpuint (((TakeoverProbeDisk *) g_ptr_array_index (result->disks, 0))->size_bytes,
                    ==, 1953525168ull * 512);
  g_assert_true (((TakeoverProbeDisk *) g_ptr_array_index (result->disks, 1))->rotational);
  g_assert_cmpuint (result->problems->len, ==, 0);
}

/* A container's root is an overlay on no disk: Ironic's own choice, the smallest disk of at
 * least 4 GiB, stands in for local_gb. */
static void
test_no_root_disk (void)
{
  static const char overlay[] =
    M "lsblk\n"
    "NAME=\"sda\" TYPE=\"disk\" SIZE=\"4000787030016\" ROTA=\"1\" MOUNTPOINT=\"\" PKNAME=\"\"\n"
    "NAME=\"sdb\" TYPE=\"disk\" SIZE=\"1073741824\" ROTA=\"0\" MOUNTPOINT=\"\" PKNAME=\"\"\n"
    "NAME=\"nvme0n1\" TYPE=\"disk\" SIZE=\"960197124096\" ROTA=\"0\" MOUNTPOINT=\"\" PKNAME=\"\"\n";
  g_autoptr(TakeoverProbeResult) result = parse ("198.18.1.1", overlay, ip_json, sys_net, NULL);

  g_assert_cmpuint (result->disks->len, ==, 3);
  for (guint i = 0; i < result->disks->len; i++)
    g_assert_false (((TakeoverProbeDisk *) g_ptr_array_index (result->disks, i))->root);
  g_assert_cmpuint (takeover_probe_result_get_root_disk_gb (result), ==, 894);
}

/* No ip at all: MACs and link state from /sys, addresses unknown, and that said. */
static void
test_no_ip (void)
{
  g_autoptr(TakeoverProbeResult) result = parse ("198.18.1.1", lsblk, M "ip_json\n" M "ip_text\n",
                                                 sys_net, NULL);

  g_assert_cmpstr (nic (result, "eno1")->mac, ==, "b4:96:91:00:00:01");
  g_assert_true (nic (result, "eno1")->physical);
  g_assert_true (nic (result, "eno1")->link_up);
  g_assert_false (nic (result, "eno1")->mgmt);
  g_assert_false (nic (result, "br0")->physical);
  g_assert_nonnull (takeover_probe_result_get_problem (result, "facts.addresses"));
  g_assert_null (takeover_probe_result_get_mgmt_nic (result));
}

static void
test_missing_everything (void)
{
  g_autoptr(TakeoverProbeResult) result = takeover_probe_result_new ("bare");

  takeover_facts_parse (M "hostname\n" M "lsblk\n", NULL, result);
  g_assert_null (result->hostname);
  g_assert_nonnull (takeover_probe_result_get_problem (result, "facts.cpus"));
  g_assert_nonnull (takeover_probe_result_get_problem (result, "facts.memory"));
  g_assert_nonnull (takeover_probe_result_get_problem (result, "facts.disks"));
  g_assert_nonnull (takeover_probe_result_get_problem (result, "facts.nics"));
  g_assert_nonnull (takeover_probe_result_get_problem (result, "facts.os"));
  /* Facts problems do not make a host unanswered: only "ipmi" and "ssh" do. */
  g_assert_true (takeover_probe_result_answered (result));
}

static void
test_lldpcli (void)
{
  /* lldpcli 1.0 prints one neighbour as an object and several as an array of objects. */
  static const char one[] =
    M "lldpcli\n{\"lldp\": {\"interface\": {\"eno1\": {\"via\": \"LLDP\", \"chassis\": "
    "{\"leaf-07\": {\"id\": {\"type\": \"mac\", \"value\": \"00:1C:73:AA:BB:CC\"}}}, "
    "\"port\": {\"id\": {\"type\": \"ifname\", \"value\": \"Ethernet12\"}}}}}}\n";
  static const char several[] =
    M "lldpcli\n{\"lldp\": {\"interface\": ["
    "{\"eno1\": {\"chassis\": {\"id\": {\"type\": \"mac\", \"value\": \"00:1c:73:00:00:01\"}},"
    " \"port\": {\"id\": {\"type\": \"mac\", \"value\": \"00:1c:73:00:00:99\"}}}},"
    "{\"eno2\": {\"chassis\": {\"leaf-08\": {\"id\": {\"type\": \"mac\", \"value\": "
    "\"00:1c:73:00:00:02\"}}}, \"port\": {\"id\": {\"type\": \"ifname\", \"value\": \"Et3\"}}}}]}}\n";
  g_autoptr(TakeoverProbeResult) first = parse ("198.18.1.1", lsblk, ip_json, sys_net, one, NULL);
  g_autoptr(TakeoverProbeResult) second = parse ("198.18.1.1", lsblk, ip_json, sys_net, several,
                                                 NULL);
  const TakeoverProbeLink *link = nic (first, "eno1")->lldp;

  g_assert_nonnull (link);
  g_assert_cmpstr (link->switch_id, ==, "00:1c:73:aa:bb:cc");
  g_assert_cmpstr (link->port_id, ==, "Ethernet12");
  g_assert_cmpstr (link->switch_info, ==, "leaf-07");
  g_assert_null (nic (first, "eno2")->lldp);

  g_assert_cmpstr (nic (second, "eno1")->lldp->switch_id, ==, "00:1c:73:00:00:01");
  g_assert_cmpstr (nic (second, "eno1")->lldp->port_id, ==, "00:1c:73:00:00:99");
  g_assert_null (nic (second, "eno1")->lldp->switch_info);
  g_assert_cmpstr (nic (second, "eno2")->lldp->switch_info, ==, "leaf-08");
  g_assert_cmpstr (nic (second, "eno2")->lldp->port_id, ==, "Et3");
}

static void
test_networkctl (void)
{
  static const char networkctl[] =
    M "lldpcli\n"
    M "networkctl_lldp\n"
    "eno1 00:1c:73:00:00:07 leaf-09 ..b........ Ethernet7 to-server-7\n"
    "eno2 00:1c:73:00:00:07 n/a ..b........ Ethernet8 n/a\n";
  g_autoptr(TakeoverProbeResult) result = parse ("198.18.1.1", lsblk, ip_json, sys_net,
                                                 networkctl, NULL);

  g_assert_cmpstr (nic (result, "eno1")->lldp->switch_id, ==, "00:1c:73:00:00:07");
  g_assert_cmpstr (nic (result, "eno1")->lldp->port_id, ==, "Ethernet7");
  g_assert_cmpstr (nic (result, "eno1")->lldp->switch_info, ==, "leaf-09");
  g_assert_null (nic (result, "eno2")->lldp->switch_info);
  g_assert_cmpstr (nic (result, "eno2")->lldp->port_id, ==, "Ethernet8");
}

static void
test_ironic (void)
{
  static const char lldp[] =
    M "lldpcli\n{\"lldp\": {\"interface\": {\"eno1\": {\"chassis\": {\"leaf-07\": {\"id\": "
    "{\"type\": \"mac\", \"value\": \"00:1c:73:aa:bb:cc\"}}}, \"port\": {\"id\": {\"type\": "
    "\"ifname\", \"value\": \"Ethernet12\"}}}}}}\n";
  g_autoptr(TakeoverProbeResult) result = parse ("198.18.1.1", lsblk, ip_json, sys_net, lldp,
                                                 NULL);
  g_autoptr(JsonObject) properties = takeover_probe_ironic_properties (result);
  g_autoptr(JsonArray) ports = takeover_probe_ironic_ports (result, NULL);
  g_autoptr(JsonObject) edits = json_object_new ();
  g_autoptr(JsonObject) edited = NULL;
  g_autoptr(JsonArray) edited_ports = NULL;
  JsonObject *port, *link;

  g_assert_cmpint (json_object_get_int_member (properties, "cpus"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (properties, "memory_mb"), ==, 512);
  g_assert_cmpint (json_object_get_int_member (properties, "local_gb"), ==, 446);
  g_assert_cmpstr (json_object_get_string_member (properties, "cpu_arch"), ==, "x86_64");

  /* The two real ports; PXE on the management NIC only. */
  g_assert_cmpuint (json_array_get_length (ports), ==, 2);
  port = json_array_get_object_element (ports, 0);
  g_assert_cmpstr (json_object_get_string_member (port, "address"), ==, "b4:96:91:00:00:01");
  g_assert_true (json_object_get_boolean_member (port, "pxe_enabled"));
  link = json_object_get_object_member (port, "local_link_connection");
  g_assert_cmpstr (json_object_get_string_member (link, "switch_id"), ==, "00:1c:73:aa:bb:cc");
  g_assert_cmpstr (json_object_get_string_member (link, "port_id"), ==, "Ethernet12");
  g_assert_cmpstr (json_object_get_string_member (link, "switch_info"), ==, "leaf-07");
  port = json_array_get_object_element (ports, 1);
  g_assert_cmpstr (json_object_get_string_member (port, "address"), ==, "b4:96:91:00:00:02");
  g_assert_false (json_object_get_boolean_member (port, "pxe_enabled"));
  g_assert_false (json_object_has_member (port, "local_link_connection"));

  /* The operator's edit wins over LLDP. */
  edited = json_object_new ();
  json_object_set_string_member (edited, "switch_id", "00:1c:73:00:00:42");
  json_object_set_string_member (edited, "port_id", "Ethernet42");
  json_object_set_object_member (edits, "b4:96:91:00:00:01", json_object_ref (edited));
  edited_ports = takeover_probe_ironic_ports (result, edits);
  link = json_object_get_object_member (json_array_get_object_element (edited_ports, 0),
                                        "local_link_connection");
  g_assert_cmpstr (json_object_get_string_member (link, "port_id"), ==, "Ethernet42");
}

/* Ironic refuses a port whose switch_id is neither a MAC nor a datapath ID: such a neighbour
 * stays in the facts but gives no local_link_connection. */
static void
test_ironic_switch_id (void)
{
  static const char lldp[] =
    M "lldpcli\n{\"lldp\": {\"interface\": ["
    "{\"eno1\": {\"chassis\": {\"tb-switch\": {\"id\": {\"type\": \"local\", \"value\": \"vm\"}}},"
    " \"port\": {\"id\": {\"type\": \"ifname\", \"value\": \"tbv-001\"}}}},"
    "{\"eno2\": {\"chassis\": {\"of-1\": {\"id\": {\"type\": \"local\","
    " \"value\": \"00000000DEADBEEF\"}}}, \"port\": {\"id\": {\"type\": \"ifname\","
    " \"value\": \"7\"}}}}]}}\n";
  g_autoptr(TakeoverProbeResult) result = parse ("198.18.1.1", lsblk, ip_json, sys_net, lldp,
                                                 NULL);
  g_autoptr(JsonArray) ports = takeover_probe_ironic_ports (result, NULL);
  JsonObject *link;

  g_assert_cmpstr (nic (result, "eno1")->lldp->switch_id, ==, "vm");
  g_assert_cmpstr (nic (result, "eno1")->lldp->port_id, ==, "tbv-001");
  g_assert_null (takeover_probe_ironic_local_link_connection (nic (result, "eno1")->lldp));
  g_assert_false (json_object_has_member (json_array_get_object_element (ports, 0),
                                          "local_link_connection"));

  link = json_object_get_object_member (json_array_get_object_element (ports, 1),
                                        "local_link_connection");
  g_assert_nonnull (link);
  g_assert_cmpstr (json_object_get_string_member (link, "switch_id"), ==, "00000000deadbeef");
  g_assert_cmpstr (json_object_get_string_member (link, "port_id"), ==, "7");
}

static void
test_script_is_read_only (void)
{
  const char *script = takeover_facts_get_script ();
  /* Commands that change a system, or a way to smuggle one in. */
  static const char * const forbidden[] = { "rm ", "mv ", "dd ", " > ", "tee", "sudo", "reboot",
                                            "shutdown", "ipmitool", "set ", "'" };

  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    g_assert_null (strstr (script, forbidden[i]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/probe/facts/basics", test_basics);
  g_test_add_func ("/probe/facts/old-tools", test_old_tools);
  g_test_add_func ("/probe/facts/no-root-disk", test_no_root_disk);
  g_test_add_func ("/probe/facts/no-ip", test_no_ip);
  g_test_add_func ("/probe/facts/missing-everything", test_missing_everything);
  g_test_add_func ("/probe/facts/lldpcli", test_lldpcli);
  g_test_add_func ("/probe/facts/ironic-switch-id", test_ironic_switch_id);
  g_test_add_func ("/probe/facts/networkctl", test_networkctl);
  g_test_add_func ("/probe/facts/ironic", test_ironic);
  g_test_add_func ("/probe/facts/script-is-read-only", test_script_is_read_only);

  return g_test_run ();
}
