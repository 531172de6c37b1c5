/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "takeover-host.h"

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_host_defaults (void)
{
  g_autoptr(TakeoverHost) host = takeover_host_new ();

  g_assert_cmpuint (takeover_host_get_bmc_port (host), ==, 623);
  g_assert_cmpuint (takeover_host_get_bmc_cipher_suite (host), ==, 3);
  g_assert_cmpint (takeover_host_get_bmc_privilege (host), ==, TAKEOVER_PRIVILEGE_ADMINISTRATOR);
  g_assert_cmpuint (takeover_host_get_ssh_port (host), ==, 22);
  g_assert_null (takeover_host_get_name (host));
  g_assert_null (takeover_host_get_display_name (host));

  g_assert_finalize_object (g_steal_pointer (&host));
}

static void
test_host_notify (void)
{
  TakeoverHost *host = takeover_host_new ();
  guint port_notifies = 0;
  guint name_notifies = 0;
  guint display_notifies = 0;

  g_signal_connect (host, "notify::bmc-port", G_CALLBACK (count_notify_cb), &port_notifies);
  g_signal_connect (host, "notify::name", G_CALLBACK (count_notify_cb), &name_notifies);
  g_signal_connect (host, "notify::display-name", G_CALLBACK (count_notify_cb),
                    &display_notifies);

  takeover_host_set_bmc_port (host, 623);
  g_assert_cmpuint (port_notifies, ==, 0);
  takeover_host_set_bmc_port (host, 6230);
  takeover_host_set_bmc_port (host, 6230);
  g_assert_cmpuint (port_notifies, ==, 1);

  takeover_host_set_bmc_address (host, "10.0.0.1");
  g_assert_cmpuint (display_notifies, ==, 1);
  g_assert_cmpstr (takeover_host_get_display_name (host), ==, "10.0.0.1");

  takeover_host_set_name (host, "node-1");
  takeover_host_set_name (host, "node-1");
  g_assert_cmpuint (name_notifies, ==, 1);
  g_assert_cmpuint (display_notifies, ==, 2);
  g_assert_cmpstr (takeover_host_get_display_name (host), ==, "node-1");

  g_object_set (host, "bmc-privilege", TAKEOVER_PRIVILEGE_OPERATOR, "ssh-port", 2222, NULL);
  g_assert_cmpint (takeover_host_get_bmc_privilege (host), ==, TAKEOVER_PRIVILEGE_OPERATOR);
  g_assert_cmpuint (takeover_host_get_ssh_port (host), ==, 2222);

  g_assert_finalize_object (host);
}

/* Every writable property notifies once when its value changes and not when it is set to the
 * value it has, so that lists bound to hosts redraw exactly when they must. */
static void
test_host_notify_every_property (void)
{
  TakeoverHost *host = takeover_host_new ();
  guint n_pspecs;
  g_autofree GParamSpec **pspecs =
    g_object_class_list_properties (G_OBJECT_GET_CLASS (host), &n_pspecs);
  guint n_checked = 0;

  for (guint i = 0; i < n_pspecs; i++)
    {
      GParamSpec *pspec = pspecs[i];
      g_autofree char *signal = g_strconcat ("notify::", pspec->name, NULL);
      g_auto(GValue) value = G_VALUE_INIT;
      guint notifies = 0;

      if (!(pspec->flags & G_PARAM_WRITABLE))
        continue;
      g_assert_true (pspec->flags & G_PARAM_EXPLICIT_NOTIFY);

      g_value_init (&value, pspec->value_type);
      if (G_IS_PARAM_SPEC_STRING (pspec))
        g_value_set_string (&value, "x");
      else if (G_IS_PARAM_SPEC_UINT (pspec))
        g_value_set_uint (&value, G_PARAM_SPEC_UINT (pspec)->default_value + 1);
      else if (G_IS_PARAM_SPEC_ENUM (pspec))
        g_value_set_enum (&value, TAKEOVER_PRIVILEGE_USER);
      else if (pspec->value_type == JSON_TYPE_OBJECT)
        g_value_take_boxed (&value, json_object_new ());
      else if (pspec->value_type == TAKEOVER_TYPE_PROBE_RESULT)
        g_value_take_boxed (&value, takeover_probe_result_new ("x"));
      else
        g_error ("no test value for the property %s", pspec->name);

      g_signal_connect (host, signal, G_CALLBACK (count_notify_cb), &notifies);
      g_object_set_property (G_OBJECT (host), pspec->name, &value);
      g_object_set_property (G_OBJECT (host), pspec->name, &value);
      g_assert_cmpuint (notifies, ==, 1);
      g_signal_handlers_disconnect_by_data (host, &notifies);
      n_checked++;
    }
  g_assert_cmpuint (n_checked, >=, 13);

  g_assert_finalize_object (host);
}

static void
test_host_copy_equal (void)
{
  g_autoptr(TakeoverHost) host = takeover_host_new ();
  g_autoptr(TakeoverHost) copy = NULL;

  takeover_host_set_name (host, "db-01");
  takeover_host_set_bmc_address (host, "fe80::1");
  takeover_host_set_bmc_username (host, "admin");
  takeover_host_set_bmc_password (host, "p;a\"ss");
  takeover_host_set_mgmt_ip (host, "198.18.0.2");
  takeover_host_set_ssh_username (host, "root");
  takeover_host_set_ssh_key_file (host, "/root/.ssh/id_ed25519");
  takeover_host_set_bmc_cipher_suite (host, 17);
  takeover_host_set_source (host, "hosts.conf", 7);

  copy = takeover_host_copy (host);
  g_assert_true (copy != host);
  g_assert_true (takeover_host_equal (host, copy));
  g_assert_cmpstr (takeover_host_get_bmc_password (copy), ==, "p;a\"ss");
  g_assert_cmpuint (takeover_host_get_source_line (copy), ==, 7);

  /* Where a record came from is not part of what it says. */
  takeover_host_set_source (copy, "other.csv", 2);
  g_assert_true (takeover_host_equal (host, copy));

  /* An empty field is no field, so formats that cannot tell them apart round-trip. */
  takeover_host_set_name (copy, "");
  g_assert_null (takeover_host_get_name (copy));
  takeover_host_set_name (copy, "db-01");
  g_assert_true (takeover_host_equal (host, copy));

  takeover_host_set_bmc_cipher_suite (copy, 3);
  g_assert_false (takeover_host_equal (host, copy));
  takeover_host_set_bmc_cipher_suite (copy, 17);
  takeover_host_set_ssh_password (copy, "x");
  g_assert_false (takeover_host_equal (host, copy));

  g_assert_finalize_object (g_steal_pointer (&copy));
  g_assert_finalize_object (g_steal_pointer (&host));
}

/* A NIC's switch port: checked as Ironic checks it, kept beside the other NICs', notified,
 * and taken away when emptied. */
static void
test_host_switch_port (void)
{
  g_autoptr(TakeoverHost) host = takeover_host_new ();
  g_autoptr(GError) error = NULL;
  guint notified = 0;
  JsonObject *connections;
  JsonObject *link;

  g_signal_connect (host, "notify::local-link-connections", G_CALLBACK (count_notify_cb),
                    &notified);

  g_assert_true (takeover_host_set_switch_port (host, "52:54:00:00:00:01", "aa:bb:cc:dd:ee:01",
                                                "Ethernet1/7", "tor-a", &error));
  g_assert_no_error (error);
  g_assert_true (takeover_host_set_switch_port (host, "52:54:00:00:00:02", "00000000000000ab",
                                                "7", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 2);
  connections = takeover_host_get_local_link_connections (host);
  link = json_object_get_object_member (connections, "52:54:00:00:00:01");
  g_assert_cmpstr (json_object_get_string_member (link, "switch_id"), ==, "aa:bb:cc:dd:ee:01");
  g_assert_cmpstr (json_object_get_string_member (link, "port_id"), ==, "Ethernet1/7");
  g_assert_cmpstr (json_object_get_string_member (link, "switch_info"), ==, "tor-a");
  link = json_object_get_object_member (connections, "52:54:00:00:00:02");
  g_assert_false (json_object_has_member (link, "switch_info"));

  /* Not a MAC nor a datapath ID; a switch without a port: refused, nothing changed. */
  g_assert_false (takeover_host_set_switch_port (host, "52:54:00:00:00:01", "tor-a", "1", NULL,
                                                 &error));
  g_assert_error (error, TAKEOVER_HOST_ERROR, TAKEOVER_HOST_ERROR_SWITCH_ID);
  g_clear_error (&error);
  g_assert_false (takeover_host_set_switch_port (host, "52:54:00:00:00:01", "aa:bb:cc:dd:ee:0g",
                                                 "1", NULL, &error));
  g_assert_error (error, TAKEOVER_HOST_ERROR, TAKEOVER_HOST_ERROR_SWITCH_ID);
  g_clear_error (&error);
  g_assert_false (takeover_host_set_switch_port (host, "52:54:00:00:00:01", "aa:bb:cc:dd:ee:02",
                                                 "", NULL, &error));
  g_assert_error (error, TAKEOVER_HOST_ERROR, TAKEOVER_HOST_ERROR_PORT_ID);
  g_clear_error (&error);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_true (takeover_host_get_local_link_connections (host) == connections);

  /* Emptied: that NIC has no connection; the other keeps its own. */
  g_assert_true (takeover_host_set_switch_port (host, "52:54:00:00:00:01", "", "", "", &error));
  g_assert_no_error (error);
  connections = takeover_host_get_local_link_connections (host);
  g_assert_false (json_object_has_member (connections, "52:54:00:00:00:01"));
  g_assert_true (json_object_has_member (connections, "52:54:00:00:00:02"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/host/defaults", test_host_defaults);
  g_test_add_func ("/host/notify", test_host_notify);
  g_test_add_func ("/host/notify-every-property", test_host_notify_every_property);
  g_test_add_func ("/host/copy-equal", test_host_copy_equal);
  g_test_add_func ("/host/switch-port", test_host_switch_port);

  return g_test_run ();
}
