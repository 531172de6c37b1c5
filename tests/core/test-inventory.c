/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "takeover-inventory.h"

/* The hosts.conf line every test starts from, to break one field at a time. */
#define GOOD "10.0.0.1;admin;secret;198.18.0.1;root;pw"

static TakeoverInventory *
load (const char *filename,
      const char *text)
{
  TakeoverInventory *inventory = takeover_inventory_new ();

  takeover_inventory_load_data (inventory, text, strlen (text), filename,
                                TAKEOVER_INVENTORY_FORMAT_NONE);
  return inventory;
}

static void
dump_problems (TakeoverInventory *inventory)
{
  GListModel *problems = takeover_inventory_get_problems (inventory);

  for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
    {
      g_autoptr(TakeoverProblem) problem = g_list_model_get_item (problems, i);
      g_autofree char *text = takeover_problem_to_string (problem);

      g_test_message ("  %s", text);
    }
}

/* Finds the problem on @line about @field; fails, listing all problems, if there is none. */
static TakeoverProblem *
find_problem (TakeoverInventory *inventory,
              guint              line,
              const char        *field)
{
  GListModel *problems = takeover_inventory_get_problems (inventory);

  for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
    {
      g_autoptr(TakeoverProblem) problem = g_list_model_get_item (problems, i);

      if (takeover_problem_get_line (problem) == line &&
          g_str_equal (takeover_problem_get_field (problem), field))
        return problem;
    }

  return NULL;
}

static void
assert_problem (TakeoverInventory *inventory,
                guint              line,
                const char        *field,
                TakeoverSeverity   severity,
                const char        *needle)
{
  TakeoverProblem *problem = find_problem (inventory, line, field);

  if (problem == NULL)
    {
      dump_problems (inventory);
      g_error ("no problem on line %u about %s", line, field);
    }
  g_assert_cmpint (takeover_problem_get_severity (problem), ==, severity);
  g_assert_nonnull (strstr (takeover_problem_get_message (problem), needle));
}

static void
assert_no_problems (TakeoverInventory *inventory)
{
  if (g_list_model_get_n_items (takeover_inventory_get_problems (inventory)) != 0)
    {
      dump_problems (inventory);
      g_error ("expected no problems");
    }
}

static TakeoverHost *
host_at (TakeoverInventory *inventory,
         guint              position)
{
  TakeoverHost *host = g_list_model_get_item (takeover_inventory_get_hosts (inventory),
                                              position);

  g_assert_nonnull (host);
  g_object_unref (host);   /* The inventory keeps it alive. */
  return host;
}

static guint
n_hosts (TakeoverInventory *inventory)
{
  return g_list_model_get_n_items (takeover_inventory_get_hosts (inventory));
}

static void
test_conf_operator_file (void)
{
  /* BOM, CRLF, comments, blank lines, spaces around fields, '#' inside a field. */
  g_autoptr(TakeoverInventory) inventory =
    load ("hosts.conf",
          "\xEF\xBB\xBF# BMC;user;password;mgmt;user;password\r\n"
          "\r\n"
          "   \r\n"
          "  # indented comment\n"
          " 10.0.0.1 ;\tadmin ; pass#word ; 198.18.0.1 ; root ; #root\r\n"
          "10.0.0.2;admin;x;198.18.0.2;root;pw\n");
  TakeoverHost *host;

  assert_no_problems (inventory);
  g_assert_cmpuint (n_hosts (inventory), ==, 2);
  g_assert_cmpint (takeover_inventory_get_format (inventory), ==, TAKEOVER_INVENTORY_FORMAT_CONF);

  host = host_at (inventory, 0);
  g_assert_cmpstr (takeover_host_get_bmc_address (host), ==, "10.0.0.1");
  g_assert_cmpstr (takeover_host_get_bmc_username (host), ==, "admin");
  g_assert_cmpstr (takeover_host_get_bmc_password (host), ==, "pass#word");
  g_assert_cmpstr (takeover_host_get_mgmt_ip (host), ==, "198.18.0.1");
  g_assert_cmpstr (takeover_host_get_ssh_username (host), ==, "root");
  g_assert_cmpstr (takeover_host_get_ssh_password (host), ==, "#root");
  g_assert_cmpuint (takeover_host_get_bmc_port (host), ==, 623);
  g_assert_cmpuint (takeover_host_get_source_line (host), ==, 5);
  g_assert_cmpstr (takeover_host_get_source_file (host), ==, "hosts.conf");
  g_assert_cmpuint (takeover_host_get_source_line (host_at (inventory, 1)), ==, 6);
}

static void
test_conf_optional_fields (void)
{
  g_autoptr(TakeoverInventory) inventory =
    load ("hosts.conf",
          GOOD ";6230;db-01\n"
          "10.0.0.2;admin;x;198.18.0.2;root;pw;;;2222;/root/.ssh/id_ed25519;17;operator\n");
  TakeoverHost *host;

  assert_no_problems (inventory);
  host = host_at (inventory, 0);
  g_assert_cmpuint (takeover_host_get_bmc_port (host), ==, 6230);
  g_assert_cmpstr (takeover_host_get_name (host), ==, "db-01");

  host = host_at (inventory, 1);
  g_assert_cmpuint (takeover_host_get_bmc_port (host), ==, 623);
  g_assert_null (takeover_host_get_name (host));
  g_assert_cmpuint (takeover_host_get_ssh_port (host), ==, 2222);
  g_assert_cmpstr (takeover_host_get_ssh_key_file (host), ==, "/root/.ssh/id_ed25519");
  g_assert_cmpuint (takeover_host_get_bmc_cipher_suite (host), ==, 17);
  g_assert_cmpint (takeover_host_get_bmc_privilege (host), ==, TAKEOVER_PRIVILEGE_OPERATOR);
}

static void
test_conf_quoting (void)
{
  g_autoptr(TakeoverInventory) inventory =
    load ("hosts.conf",
          "10.0.0.1;admin;\"p;a\"\"ss\";198.18.0.1;root;  \" spaced \"  \n"
          "10.0.0.2;admin;pa\"ss;198.18.0.2;root;pw\n"
          "10.0.0.3;admin;\"open;198.18.0.3;root;pw\n"
          "10.0.0.4;admin;\"closed\"tail;198.18.0.4;root;pw\n"
          "\"#10.0.0.5\";admin;x;198.18.0.5;root;pw\n");

  /* Quoted: separators and doubled quotes are data, spaces inside quotes are kept. */
  g_assert_cmpstr (takeover_host_get_bmc_password (host_at (inventory, 0)), ==, "p;a\"ss");
  g_assert_cmpstr (takeover_host_get_ssh_password (host_at (inventory, 0)), ==, " spaced ");
  g_assert_null (find_problem (inventory, 1, "ipmi_password"));
  /* A quote inside an unquoted field is data, as in operators' existing files. */
  g_assert_cmpstr (takeover_host_get_bmc_password (host_at (inventory, 1)), ==, "pa\"ss");
  g_assert_null (find_problem (inventory, 2, "ipmi_password"));
  /* A quote that never closes ends with its line, and the next line is read as usual. */
  assert_problem (inventory, 3, "ipmi_password", TAKEOVER_SEVERITY_ERROR, "closing quote");
  assert_problem (inventory, 3, "record", TAKEOVER_SEVERITY_ERROR, "has 3 fields");
  assert_problem (inventory, 4, "ipmi_password", TAKEOVER_SEVERITY_ERROR, "after the closing");
  /* A quoted leading '#' is data, not a comment. */
  g_assert_cmpuint (n_hosts (inventory), ==, 5);
  assert_problem (inventory, 5, "ipmi_ip", TAKEOVER_SEVERITY_ERROR, "neither an IP");
}

/* Lines without quotes take a faster path through the tokenizer; both must read alike. */
static void
test_conf_plain_and_quoted_paths (void)
{
  g_autoptr(TakeoverInventory) plain =
    load ("hosts.conf",
          " 10.0.0.1 ;\tadmin; x ;198.18.0.1; root ;pw \t\r\n;;;;;\r\nlast;a;b;c;d;e");
  g_autoptr(TakeoverInventory) quoted =
    load ("hosts.conf",
          " 10.0.0.1 ;\tadmin; \"x\" ;198.18.0.1; root ;\"pw\" \t\r\n\"\";;;;;\r\n"
          "last;a;b;c;d;\"e\"");

  g_assert_cmpuint (n_hosts (plain), ==, 3);
  g_assert_cmpuint (n_hosts (quoted), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_true (takeover_host_equal (host_at (plain, i), host_at (quoted, i)));
  g_assert_cmpstr (takeover_host_get_ssh_password (host_at (plain, 0)), ==, "pw");
  g_assert_cmpuint (takeover_host_get_source_line (host_at (quoted, 2)), ==, 3);
}

/* Only checking finds the very problems a full load does. */
static void
test_check_only (void)
{
  static const char text[] =
    "10.0.0.1;admin;x;198.18.0.1;root;pw;623;a\n"
    "10.0.0.1;;;198.18.0.1;root;pw;99999;A\n"
    "bad\n"
    "fe80::1;admin;x;fe80::2;root;pw\n";
  g_autoptr(TakeoverInventory) inventory = load ("hosts.conf", text);
  g_autoptr(GListModel) problems = NULL;
  GListModel *loaded = takeover_inventory_get_problems (inventory);
  guint n_records = 0;

  problems = takeover_inventory_check_data (text, strlen (text), "hosts.conf",
                                            TAKEOVER_INVENTORY_FORMAT_NONE, &n_records);
  g_assert_cmpuint (n_records, ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (problems), ==, g_list_model_get_n_items (loaded));
  g_assert_cmpuint (g_list_model_get_n_items (problems), >=, 5);
  for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
    {
      g_autoptr(TakeoverProblem) a = g_list_model_get_item (problems, i);
      g_autoptr(TakeoverProblem) b = g_list_model_get_item (loaded, i);
      g_autofree char *text_a = takeover_problem_to_string (a);
      g_autofree char *text_b = takeover_problem_to_string (b);

      g_assert_cmpstr (text_a, ==, text_b);
      g_assert_null (takeover_problem_get_host (a));
      g_assert_nonnull (takeover_problem_get_host (b));
    }
}

static void
test_rule_field_count (void)
{
  g_autoptr(TakeoverInventory) inventory =
    load ("hosts.conf",
          "10.0.0.1;admin;secret;198.18.0.1;root\n"
          "just some words\n"
          "10.0.0.3;admin;x;198.18.0.3;root;pw;623;n3;22;/k;3;USER;extra\n"
          GOOD "\n");

  assert_problem (inventory, 1, "record", TAKEOVER_SEVERITY_ERROR, "has 5 fields");
  assert_problem (inventory, 2, "record", TAKEOVER_SEVERITY_ERROR, "has 1 field;");
  assert_problem (inventory, 3, "record", TAKEOVER_SEVERITY_ERROR, "has 13 fields");
  /* A bad line still becomes a host, so it is never dropped silently, and it yields one
   * problem rather than one per misplaced field. */
  g_assert_cmpuint (n_hosts (inventory), ==, 4);
  g_assert_cmpuint (takeover_inventory_get_n_errors (inventory), ==, 3);
  g_assert_cmpuint (takeover_inventory_get_n_warnings (inventory), ==, 0);
}

static void
test_rule_address (void)
{
  g_autoptr(TakeoverInventory) inventory =
    load ("hosts.conf",
          "10.0.0.256;admin;x;198.18.0.1;root;pw\n"
          "bmc_1!;admin;x;198.18.0.2;root;pw\n"
          "fe80::zz;admin;x;198.18.0.3;root;pw\n"
          "10.0.0.4;admin;x;-bad.example;root;pw\n"
          "bmc-5.example.com.;admin;x;198.18.0.5;root;pw\n"
          "fe80::6%eth0;admin;x;2001:db8::6;root;pw\n"
          "010.0.0.7;admin;x;198.18.0.7;root;pw\n");

  assert_problem (inventory, 1, "ipmi_ip", TAKEOVER_SEVERITY_ERROR, "not a valid IPv4");
  assert_problem (inventory, 2, "ipmi_ip", TAKEOVER_SEVERITY_ERROR, "neither an IP address");
  assert_problem (inventory, 3, "ipmi_ip", TAKEOVER_SEVERITY_ERROR, "not a valid IPv6");
  assert_problem (inventory, 4, "mgmt_ip", TAKEOVER_SEVERITY_ERROR, "neither an IP");
  g_assert_null (find_problem (inventory, 5, "ipmi_ip"));
  g_assert_null (find_problem (inventory, 6, "ipmi_ip"));
  g_assert_null (find_problem (inventory, 6, "mgmt_ip"));
  assert_problem (inventory, 7, "ipmi_ip", TAKEOVER_SEVERITY_ERROR, "not a valid IPv4");
  g_assert_cmpuint (takeover_inventory_get_n_errors (inventory), ==, 5);
}

static void
test_rule_port (void)
{
  g_autoptr(TakeoverInventory) inventory =
    load ("hosts.conf",
          GOOD ";0\n"
          "10.0.0.2;admin;x;198.18.0.2;root;pw;65536\n"
          "10.0.0.3;admin;x;198.18.0.3;root;pw;62x\n"
          "10.0.0.4;admin;x;198.18.0.4;root;pw;65535;;-22\n");

  assert_problem (inventory, 1, "ipmi_port", TAKEOVER_SEVERITY_ERROR, "from 1 to 65535");
  assert_problem (inventory, 2, "ipmi_port", TAKEOVER_SEVERITY_ERROR, "from 1 to 65535");
  assert_problem (inventory, 3, "ipmi_port", TAKEOVER_SEVERITY_ERROR, "from 1 to 65535");
  g_assert_null (find_problem (inventory, 4, "ipmi_port"));
  assert_problem (inventory, 4, "ssh_port", TAKEOVER_SEVERITY_ERROR, "from 1 to 65535");
  g_assert_cmpuint (takeover_host_get_bmc_port (host_at (inventory, 3)), ==, 65535);
}

static void
test_rule_credentials (void)
{
  g_autoptr(TakeoverInventory) inventory =
    load ("hosts.conf",
          "10.0.0.1;;secret;198.18.0.1;root;pw\n"
          "10.0.0.2;admin;;198.18.0.2;root;pw\n"
          "10.0.0.3;admin;123456789012345678901;198.18.0.3;root;pw\n"
          "10.0.0.4;admin;12345678901234567890;198.18.0.4;root;pw\n"
          "10.0.0.5;admin;ééééééééééé;198.18.0.5;root;pw\n"
          "10.0.0.6;administrator1234567;x;198.18.0.6;root;pw\n"
          "10.0.0.7;admin;x;198.18.0.7;;\n"
          /* An unquoted ';' in the password shifts its tail into the next fields. */
          "10.0.0.8;admin;pa;ss word99;198.18.0.8;root;pw\n");

  assert_problem (inventory, 8, "mgmt_ip", TAKEOVER_SEVERITY_ERROR, "IP address");
  assert_problem (inventory, 8, "ipmi_port", TAKEOVER_SEVERITY_ERROR, "port");
  assert_problem (inventory, 1, "ipmi_user", TAKEOVER_SEVERITY_ERROR, "user name is empty");
  /* What an export without secrets leaves: accepted, but never silently. */
  assert_problem (inventory, 2, "ipmi_password", TAKEOVER_SEVERITY_WARNING, "password is empty");
  assert_problem (inventory, 3, "ipmi_password", TAKEOVER_SEVERITY_ERROR, "21 bytes");
  g_assert_null (find_problem (inventory, 4, "ipmi_password"));
  /* The limit is in bytes: 11 characters of 2 bytes each. */
  assert_problem (inventory, 5, "ipmi_password", TAKEOVER_SEVERITY_ERROR, "22 bytes");
  assert_problem (inventory, 6, "ipmi_user", TAKEOVER_SEVERITY_ERROR, "at most 16");
  assert_problem (inventory, 7, "username", TAKEOVER_SEVERITY_WARNING, "SSH user name");
  assert_problem (inventory, 7, "password", TAKEOVER_SEVERITY_WARNING, "SSH password");

  /* No message repeats a password. */
  for (guint i = 0; i < g_list_model_get_n_items (takeover_inventory_get_problems (inventory)); i++)
    {
      g_autoptr(TakeoverProblem) problem =
        g_list_model_get_item (takeover_inventory_get_problems (inventory), i);

      g_assert_null (strstr (takeover_problem_get_message (problem), "12345678901234567890"));
      g_assert_null (strstr (takeover_problem_get_message (problem), "word99"));
      g_assert_null (strstr (takeover_problem_get_message (problem), "éé"));
    }
}

static void
test_rule_utf8 (void)
{
  g_autoptr(TakeoverInventory) inventory =
    load ("hosts.conf",
          "10.0.0.1;admin;secret;198.18.0.1;r\xFFoot;pw\n"
          "10.0.0.2;admin;se\xC3;198.18.0.2;root;pw\n");
  TakeoverHost *host = host_at (inventory, 0);

  assert_problem (inventory, 1, "username", TAKEOVER_SEVERITY_ERROR, "UTF-8");
  assert_problem (inventory, 2, "ipmi_password", TAKEOVER_SEVERITY_ERROR, "UTF-8");
  /* What is kept is valid text, so a view can show it. */
  g_assert_true (g_utf8_validate (takeover_host_get_ssh_username (host), -1, NULL));
}

static void
test_rule_nul_byte (void)
{
  static const char text[] = "10.0.0.1;admin;sec\0ret;198.18.0.1;root;pw\n";
  g_autoptr(TakeoverInventory) inventory = takeover_inventory_new ();

  takeover_inventory_load_data (inventory, text, sizeof text - 1, "hosts.conf",
                                TAKEOVER_INVENTORY_FORMAT_CONF);
  assert_problem (inventory, 1, "ipmi_password", TAKEOVER_SEVERITY_ERROR, "UTF-8");
  g_assert_cmpstr (takeover_host_get_mgmt_ip (host_at (inventory, 0)), ==, "198.18.0.1");
}

static void
test_rule_duplicates (void)
{
  g_autoptr(TakeoverInventory) inventory =
    load ("hosts.conf",
          "fe80::1;admin;x;198.18.0.1;root;pw;623;db-01\n"
          "10.0.0.2;admin;x;198.18.0.2;root;pw;623;DB-01\n"
          "FE80:0::1;admin;x;198.18.0.3;root;pw\n"
          "fe80::1;admin;x;198.18.0.4;root;pw;624\n"
          "BMC.example.com;admin;x;198.18.0.02;root;pw\n"
          "bmc.example.com.;admin;x;198.18.0.6;root;pw\n");

  assert_problem (inventory, 2, "name", TAKEOVER_SEVERITY_ERROR, "already used on line 1");
  assert_problem (inventory, 3, "ipmi_ip", TAKEOVER_SEVERITY_ERROR, "already listed on line 1");
  /* The same address on another port is another endpoint. */
  g_assert_null (find_problem (inventory, 4, "ipmi_ip"));
  /* Names compare without case or trailing dot. */
  assert_problem (inventory, 6, "ipmi_ip", TAKEOVER_SEVERITY_ERROR, "already listed on line 5");
  /* 198.18.0.02 is not an IPv4 literal, so it is reported as such, not as a duplicate. */
  assert_problem (inventory, 5, "mgmt_ip", TAKEOVER_SEVERITY_ERROR, "IPv4");
}

static void
test_rule_duplicate_mgmt_ip (void)
{
  g_autoptr(TakeoverInventory) inventory =
    load ("hosts.conf",
          GOOD "\n"
          "10.0.0.2;admin;x;198.18.0.1;root;pw\n"
          "10.0.0.3;admin;x;2001:db8::1;root;pw\n"
          "10.0.0.4;admin;x;2001:DB8:0::1;root;pw\n");

  assert_problem (inventory, 2, "mgmt_ip", TAKEOVER_SEVERITY_ERROR, "already listed on line 1");
  assert_problem (inventory, 4, "mgmt_ip", TAKEOVER_SEVERITY_ERROR, "already listed on line 3");
}

static void
test_rule_ipmi_settings (void)
{
  g_autoptr(TakeoverInventory) inventory =
    load ("hosts.conf",
          "10.0.0.1;admin;x;198.18.0.1;root;pw;623;node 1;22;;18;root\n");

  assert_problem (inventory, 1, "name", TAKEOVER_SEVERITY_ERROR, "letters, digits");
  assert_problem (inventory, 1, "ipmi_cipher_suite", TAKEOVER_SEVERITY_ERROR, "0 to 17");
  assert_problem (inventory, 1, "ipmi_priv_level", TAKEOVER_SEVERITY_ERROR, "OPERATOR");
}

static void
test_every_bad_line_reported (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(TakeoverInventory) inventory = NULL;

  /* Good and bad lines alternate; each bad one is named, none stops the rest. */
  for (guint i = 1; i <= 50; i++)
    {
      if (i % 2 == 0)
        g_string_append_printf (text, "10.0.1.%u;admin;x;198.18.1.%u;root;pw\n", i, i);
      else
        g_string_append_printf (text, "10.0.1.%u;admin;x;198.18.1.%u;root;pw;%u\n", i, i,
                                70000 + i);
    }
  inventory = load ("mixed.conf", text->str);

  g_assert_cmpuint (n_hosts (inventory), ==, 50);
  g_assert_cmpuint (takeover_inventory_get_n_errors (inventory), ==, 25);
  for (guint i = 1; i <= 50; i += 2)
    assert_problem (inventory, i, "ipmi_port", TAKEOVER_SEVERITY_ERROR, "from 1 to 65535");
}

static void
test_empty_file (void)
{
  g_autoptr(TakeoverInventory) inventory = load ("hosts.conf", "# nothing yet\n");

  g_assert_cmpuint (n_hosts (inventory), ==, 0);
  assert_problem (inventory, 1, "file", TAKEOVER_SEVERITY_WARNING, "no hosts");
}

static void
test_utf16_file (void)
{
  static const char text[] = "\xFF\xFE" "1\0" "0\0" ";\0" "a\0" "\n\0";
  g_autoptr(TakeoverInventory) inventory = takeover_inventory_new ();

  takeover_inventory_load_data (inventory, text, sizeof text - 1, "hosts.conf",
                                TAKEOVER_INVENTORY_FORMAT_NONE);
  g_assert_cmpuint (n_hosts (inventory), ==, 0);
  assert_problem (inventory, 1, "file", TAKEOVER_SEVERITY_ERROR, "UTF-16");
  g_assert_cmpuint (g_list_model_get_n_items (takeover_inventory_get_problems (inventory)), ==, 1);
}

static void
test_csv (void)
{
  /* Columns in any order, quoted separators, quotes and a line break. */
  g_autoptr(TakeoverInventory) inventory =
    load ("hosts.csv",
          "ssh_username,ipmi_address,IPMI_USERNAME,ipmi_password,mgmt_ip,ssh_password,name\r\n"
          "root,10.0.0.1,admin,\"a,b\"\"c\",198.18.0.1,\"two\nlines\",n1\r\n"
          "\r\n"
          "root,10.0.0.2,admin, spaced ,198.18.0.2,pw,n2\n");
  TakeoverHost *host;

  assert_no_problems (inventory);
  g_assert_cmpuint (n_hosts (inventory), ==, 2);
  host = host_at (inventory, 0);
  g_assert_cmpstr (takeover_host_get_bmc_password (host), ==, "a,b\"c");
  g_assert_cmpstr (takeover_host_get_ssh_password (host), ==, "two\nlines");
  g_assert_cmpstr (takeover_host_get_name (host), ==, "n1");
  g_assert_cmpuint (takeover_host_get_source_line (host), ==, 2);
  /* CSV keeps every byte of a field; the line count goes on past the embedded break. */
  host = host_at (inventory, 1);
  g_assert_cmpstr (takeover_host_get_bmc_password (host), ==, " spaced ");
  g_assert_cmpuint (takeover_host_get_source_line (host), ==, 5);
}

/* A quote left open swallows the rest of the file into one value: that is the problem to
 * name, on its field, not only the row's resulting field count. */
static void
test_csv_open_quote (void)
{
  g_autoptr(TakeoverInventory) inventory =
    load ("hosts.csv",
          "name,ipmi_address,ipmi_username,ipmi_password,mgmt_ip,ssh_username,ssh_password\n"
          "a,10.0.0.1,admin,pw,198.18.0.1,root,pw\n"
          "b,10.0.0.2,admin,\"open,198.18.0.2,root,pw\n"
          "c,10.0.0.3,admin,pw,198.18.0.3,root,pw\n");

  assert_problem (inventory, 3, "ipmi_password", TAKEOVER_SEVERITY_ERROR,
                  "runs to the end of the file");
  assert_problem (inventory, 3, "record", TAKEOVER_SEVERITY_ERROR, "has 4 fields");
  g_assert_cmpuint (n_hosts (inventory), ==, 2);
}

static void
test_csv_header (void)
{
  g_autoptr(TakeoverInventory) inventory =
    load ("hosts.csv",
          "ipmi_username,ipmi_password,mgmt_ip,colour,ssh_username,ssh_key,ipmi_password\n"
          "admin,x,198.18.0.1,red,root,/k,y\n"
          "admin,x,198.18.0.2,blue,root\n");

  assert_problem (inventory, 1, "header", TAKEOVER_SEVERITY_ERROR, "Unknown column “colour”");
  /* The list of columns ends with the last one, not with whatever follows it in memory. */
  g_assert_cmpstr (takeover_problem_get_message (find_problem (inventory, 1, "header")), ==,
                   "Unknown column “colour”; the columns are name, ipmi_address, ipmi_port, "
                   "ipmi_username, ipmi_password, ipmi_cipher_suite, ipmi_priv_level, mgmt_ip, "
                   "ssh_port, ssh_username, ssh_password, ssh_key.");
  g_assert_nonnull (find_problem (inventory, 1, "header"));
  /* Missing ipmi_address is said once, for the header, not for every row. */
  g_assert_null (find_problem (inventory, 2, "ipmi_address"));
  assert_problem (inventory, 3, "record", TAKEOVER_SEVERITY_ERROR, "has 5 fields");
  g_assert_cmpuint (n_hosts (inventory), ==, 2);
  /* The repeated column is not read: the first one's value stays. */
  g_assert_cmpstr (takeover_host_get_bmc_password (host_at (inventory, 0)), ==, "x");

  {
    GListModel *problems = takeover_inventory_get_problems (inventory);
    gboolean said_twice = FALSE;
    gboolean said_address = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
      {
        g_autoptr(TakeoverProblem) problem = g_list_model_get_item (problems, i);
        const char *message = takeover_problem_get_message (problem);

        said_twice |= strstr (message, "“ipmi_password” appears twice") != NULL;
        said_address |= strstr (message, "no ipmi_address column") != NULL;
      }
    g_assert_true (said_twice);
    g_assert_true (said_address);
  }
}

static void
test_json (void)
{
  g_autoptr(TakeoverInventory) inventory =
    load ("nodes.json",
          "{\n"
          "  \"nodes\": [\n"
          "    {\"name\": \"n1\", \"driver\": \"ipmi\",\n"
          "     \"driver_info\": {\"ipmi_address\": \"10.0.0.1\", \"ipmi_port\": \"6230\",\n"
          "                     \"ipmi_username\": \"admin\", \"ipmi_password\": \"x\"},\n"
          "     \"extra\": {\"takeover_mgmt_ip\": \"198.18.0.1\",\n"
          "               \"takeover_ssh_username\": \"r\",\n"
          "               \"takeover_ssh_key\": \"/k\", \"rack\": \"a1\"},\n"
          "     \"resource_class\": \"big\"},\n"
          "    {\"name\": \"n2\", \"driver\": \"redfish\",\n"
          "     \"driver_info\": {\"ipmi_address\": \"10.0.0.2\", \"ipmi_port\": true,\n"
          "                     \"ipmi_username\": \"admin\", \"ipmi_password\": \"x\"}},\n"
          "    42,\n"
          "    {\"driver\": \"ipmi\", \"driver_info\": []}\n"
          "  ],\n"
          "  \"chassis\": []\n"
          "}\n");

  g_assert_cmpuint (n_hosts (inventory), ==, 3);
  g_assert_cmpuint (takeover_host_get_bmc_port (host_at (inventory, 0)), ==, 6230);
  g_assert_cmpstr (takeover_host_get_ssh_key_file (host_at (inventory, 0)), ==, "/k");
  assert_problem (inventory, 3, "extra.rack", TAKEOVER_SEVERITY_WARNING, "not read");
  assert_problem (inventory, 3, "resource_class", TAKEOVER_SEVERITY_WARNING, "not read");
  assert_problem (inventory, 10, "driver", TAKEOVER_SEVERITY_ERROR, "“redfish”");
  assert_problem (inventory, 10, "driver_info.ipmi_port", TAKEOVER_SEVERITY_ERROR, "number");
  assert_problem (inventory, 13, "nodes", TAKEOVER_SEVERITY_ERROR, "Node 3");
  assert_problem (inventory, 14, "driver_info", TAKEOVER_SEVERITY_ERROR, "object");
  assert_problem (inventory, 1, "chassis", TAKEOVER_SEVERITY_WARNING, "only “nodes”");
}

static void
test_json_malformed (void)
{
  g_autoptr(TakeoverInventory) inventory = load ("nodes.json", "{\n \"nodes\": [\n  {,}\n]}\n");
  g_autoptr(GString) deep = g_string_new ("{\"nodes\": ");

  assert_problem (inventory, 3, "file", TAKEOVER_SEVERITY_ERROR, "not valid JSON");
  g_assert_cmpuint (n_hosts (inventory), ==, 0);

  takeover_inventory_load_data (inventory, "[1, 2]", 6, "nodes.json",
                                TAKEOVER_INVENTORY_FORMAT_NONE);
  assert_problem (inventory, 1, "nodes", TAKEOVER_SEVERITY_ERROR, "“nodes” list");

  /* Empty or blank: no JSON value at all, the same error (and no critical warning, which
   * G_DEBUG=fatal-warnings makes fatal). */
  takeover_inventory_load_data (inventory, "", 0, "nodes.json", TAKEOVER_INVENTORY_FORMAT_NONE);
  assert_problem (inventory, 1, "nodes", TAKEOVER_SEVERITY_ERROR, "“nodes” list");
  takeover_inventory_load_data (inventory, " \n", 2, "nodes.json",
                                TAKEOVER_INVENTORY_FORMAT_NONE);
  assert_problem (inventory, 1, "nodes", TAKEOVER_SEVERITY_ERROR, "“nodes” list");
  g_assert_cmpuint (g_list_model_get_n_items (takeover_inventory_get_problems (inventory)), ==, 1);

  /* json-glib recurses per level; a hostile file must not overflow the stack. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  takeover_inventory_load_data (inventory, deep->str, deep->len, "nodes.json",
                                TAKEOVER_INVENTORY_FORMAT_NONE);
  assert_problem (inventory, 1, "file", TAKEOVER_SEVERITY_ERROR, "nests deeper");

  /* json-glib's parse error quotes the string it choked on with its escapes decoded, and an
   * octal escape makes a byte that is not UTF-8 (the JSON fuzzer's find): the message must
   * still be text a terminal and a tooltip can show. */
  {
    static const char bad[] = "{\"nodes\": [{\"n\\222\" \"x\"}]}";
    g_autoptr(TakeoverProblem) problem = NULL;

    takeover_inventory_load_data (inventory, bad, sizeof bad - 1, "nodes.json",
                                  TAKEOVER_INVENTORY_FORMAT_NONE);
    assert_problem (inventory, 1, "file", TAKEOVER_SEVERITY_ERROR, "not valid JSON");
    problem = g_list_model_get_item (takeover_inventory_get_problems (inventory), 0);
    g_assert_true (g_utf8_validate (takeover_problem_get_message (problem), -1, NULL));
  }

  /* The same escape in a key the reader does not know: the warning names the key, as its field
   * and in its message, and both must be text too. */
  {
    static const char unknown[] = "{\"nodes\": [{\"name\": \"a\", \"driver\": \"ipmi\", "
                                  "\"driver_info\": {\"ipmi_address\": \"10.0.0.1\", "
                                  "\"ipmi_username\": \"u\", \"x\\222\": 1}}]}";
    GListModel *problems;
    guint n_unknown = 0;

    takeover_inventory_load_data (inventory, unknown, sizeof unknown - 1, "nodes.json",
                                  TAKEOVER_INVENTORY_FORMAT_NONE);
    problems = takeover_inventory_get_problems (inventory);
    for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
      {
        g_autoptr(TakeoverProblem) problem = g_list_model_get_item (problems, i);
        g_autofree char *text = takeover_problem_to_string (problem);

        g_assert_true (g_utf8_validate (text, -1, NULL));
        n_unknown += g_str_has_prefix (takeover_problem_get_field (problem), "driver_info.x");
      }
    g_assert_cmpuint (n_unknown, ==, 1);
  }
}

/* Hosts with every field set, and values that need quoting in some format. */
static GListStore *
make_tricky_hosts (gboolean with_line_breaks)
{
  static const char * const passwords[] = {
    "p;a\"ss", "with,comma", " spaced ", "#hash", "\"quoted\"", "ünïcödé", "plain",
    "a\"\"b;;c", "x",
  };
  GListStore *store = g_list_store_new (TAKEOVER_TYPE_HOST);

  for (guint i = 0; i < G_N_ELEMENTS (passwords); i++)
    {
      g_autoptr(TakeoverHost) host = takeover_host_new ();
      g_autofree char *address = g_strdup_printf ("10.0.2.%u", i + 1);
      g_autofree char *mgmt = g_strdup_printf ("2001:db8::%x", i + 1);
      g_autofree char *name = g_strdup_printf ("node-%02u", i);

      takeover_host_set_bmc_address (host, address);
      takeover_host_set_bmc_username (host, i % 2 ? "ADMIN" : "root;ish");
      takeover_host_set_bmc_password (host, passwords[i]);
      takeover_host_set_mgmt_ip (host, mgmt);
      takeover_host_set_ssh_username (host, "hw probe");
      takeover_host_set_ssh_password (host, with_line_breaks && i == 3 ? "two\r\nlines"
                                                                      : passwords[i]);
      /* Every other host keeps the defaults and no name, as a plain hosts.conf has them. */
      if (i % 2)
        {
          takeover_host_set_name (host, name);
          takeover_host_set_bmc_port (host, 6230 + i);
          takeover_host_set_ssh_port (host, 2200 + i);
          takeover_host_set_ssh_key_file (host, "/home/op/.ssh/id ed25519");
          takeover_host_set_bmc_cipher_suite (host, 17);
          takeover_host_set_bmc_privilege (host, TAKEOVER_PRIVILEGE_OPERATOR);
        }
      g_list_store_append (store, host);
    }

  return store;
}

static TakeoverInventory *
export_import (GListModel                 *hosts,
               TakeoverInventoryFormat     format,
               TakeoverInventorySaveFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = takeover_inventory_serialize (hosts, format, flags, &error);
  TakeoverInventory *inventory = takeover_inventory_new ();

  g_assert_no_error (error);
  takeover_inventory_load_data (inventory, g_bytes_get_data (bytes, NULL),
                                g_bytes_get_size (bytes), "exported", format);
  g_assert_cmpint (takeover_inventory_get_format (inventory), ==, format);
  g_assert_cmpuint (takeover_inventory_get_n_errors (inventory), ==, 0);
  return inventory;
}

static void
assert_same_hosts (GListModel *a,
                   GListModel *b)
{
  g_assert_cmpuint (g_list_model_get_n_items (a), ==, g_list_model_get_n_items (b));
  for (guint i = 0; i < g_list_model_get_n_items (a); i++)
    {
      g_autoptr(TakeoverHost) host_a = g_list_model_get_item (a, i);
      g_autoptr(TakeoverHost) host_b = g_list_model_get_item (b, i);

      if (!takeover_host_equal (host_a, host_b))
        g_error ("host %u differs after the round trip", i);
    }
}

static void
test_round_trip (gconstpointer data)
{
  TakeoverInventoryFormat format = GPOINTER_TO_INT (data);
  g_autoptr(GListStore) hosts = make_tricky_hosts (format != TAKEOVER_INVENTORY_FORMAT_CONF);
  g_autoptr(TakeoverInventory) inventory = NULL;
  g_autoptr(TakeoverInventory) again = NULL;

  inventory = export_import (G_LIST_MODEL (hosts), format, TAKEOVER_INVENTORY_SAVE_SECRETS);
  assert_no_problems (inventory);
  assert_same_hosts (G_LIST_MODEL (hosts), takeover_inventory_get_hosts (inventory));

  /* And through the other formats back to this one. */
  for (TakeoverInventoryFormat other = TAKEOVER_INVENTORY_FORMAT_CONF;
       other <= TAKEOVER_INVENTORY_FORMAT_JSON; other++)
    {
      g_autoptr(GListStore) clean = make_tricky_hosts (FALSE);
      g_autoptr(TakeoverInventory) first = NULL;
      g_autoptr(TakeoverInventory) second = NULL;

      first = export_import (G_LIST_MODEL (clean), other, TAKEOVER_INVENTORY_SAVE_SECRETS);
      second = export_import (takeover_inventory_get_hosts (first), format,
                              TAKEOVER_INVENTORY_SAVE_SECRETS);
      assert_same_hosts (G_LIST_MODEL (clean), takeover_inventory_get_hosts (second));
    }

  /* Without secrets, every password is gone and everything else stays. */
  again = export_import (G_LIST_MODEL (hosts), format, TAKEOVER_INVENTORY_SAVE_DEFAULT);
  g_assert_cmpuint (takeover_inventory_get_n_warnings (again), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (hosts)); i++)
    {
      g_autoptr(TakeoverHost) expected = g_list_model_get_item (G_LIST_MODEL (hosts), i);
      g_autoptr(TakeoverHost) host = g_list_model_get_item (takeover_inventory_get_hosts (again),
                                                            i);

      g_assert_null (takeover_host_get_bmc_password (host));
      g_assert_null (takeover_host_get_ssh_password (host));
      takeover_host_set_bmc_password (host, takeover_host_get_bmc_password (expected));
      takeover_host_set_ssh_password (host, takeover_host_get_ssh_password (expected));
      g_assert_true (takeover_host_equal (expected, host));
    }
}

static void
test_export_without_secrets (gconstpointer data)
{
  TakeoverInventoryFormat format = GPOINTER_TO_INT (data);
  g_autoptr(GListStore) hosts = make_tricky_hosts (FALSE);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;

  bytes = takeover_inventory_serialize (G_LIST_MODEL (hosts), format,
                                        TAKEOVER_INVENTORY_SAVE_DEFAULT, NULL);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_null (strstr (text, "with,comma"));
  g_assert_null (strstr (text, "ünïcödé"));
  g_assert_null (strstr (text, "password\""));   /* No JSON password keys either. */
}

static void
test_export_quoting (void)
{
  g_autoptr(GListStore) hosts = g_list_store_new (TAKEOVER_TYPE_HOST);
  g_autoptr(TakeoverHost) host = takeover_host_new ();
  g_autoptr(GBytes) conf = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected_conf =
    "10.0.0.1;\"#admin\";\"p;a\"\"ss\";198.18.0.1;\" root\";pw,1\n";
  const char *expected_csv =
    ",10.0.0.1,623,#admin,\"p;a\"\"ss\",3,ADMINISTRATOR,198.18.0.1,22, root,\"pw,1\",\r\n";

  takeover_host_set_bmc_address (host, "10.0.0.1");
  takeover_host_set_bmc_username (host, "#admin");
  takeover_host_set_bmc_password (host, "p;a\"ss");
  takeover_host_set_mgmt_ip (host, "198.18.0.1");
  takeover_host_set_ssh_username (host, " root");
  takeover_host_set_ssh_password (host, "pw,1");
  g_list_store_append (hosts, host);

  conf = takeover_inventory_serialize (G_LIST_MODEL (hosts), TAKEOVER_INVENTORY_FORMAT_CONF,
                                       TAKEOVER_INVENTORY_SAVE_SECRETS, NULL);
  g_assert_true (g_str_has_suffix (g_bytes_get_data (conf, NULL), expected_conf));
  csv = takeover_inventory_serialize (G_LIST_MODEL (hosts), TAKEOVER_INVENTORY_FORMAT_CSV,
                                      TAKEOVER_INVENTORY_SAVE_SECRETS, NULL);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (csv, NULL),
                                   "name,ipmi_address,ipmi_port,ipmi_username,ipmi_password,"));
  g_assert_true (g_str_has_suffix (g_bytes_get_data (csv, NULL), expected_csv));

  /* hosts.conf is one line a host; a line break cannot be written, and says so. */
  takeover_host_set_ssh_password (host, "a\nb");
  g_clear_pointer (&conf, g_bytes_unref);
  conf = takeover_inventory_serialize (G_LIST_MODEL (hosts), TAKEOVER_INVENTORY_FORMAT_CONF,
                                       TAKEOVER_INVENTORY_SAVE_SECRETS, &error);
  g_assert_null (conf);
  g_assert_error (error, TAKEOVER_INVENTORY_ERROR, TAKEOVER_INVENTORY_ERROR_UNREPRESENTABLE);
  /* Without secrets the password is not written, so the export works. */
  conf = takeover_inventory_serialize (G_LIST_MODEL (hosts), TAKEOVER_INVENTORY_FORMAT_CONF,
                                       TAKEOVER_INVENTORY_SAVE_DEFAULT, NULL);
  g_assert_nonnull (conf);
}

static void
test_formats (void)
{
  g_autoptr(TakeoverInventory) inventory = NULL;

  g_assert_cmpint (takeover_inventory_format_from_filename ("/a/hosts.conf"), ==,
                   TAKEOVER_INVENTORY_FORMAT_CONF);
  g_assert_cmpint (takeover_inventory_format_from_filename ("HOSTS.CSV"), ==,
                   TAKEOVER_INVENTORY_FORMAT_CSV);
  g_assert_cmpint (takeover_inventory_format_from_filename ("n.json"), ==,
                   TAKEOVER_INVENTORY_FORMAT_JSON);
  g_assert_cmpint (takeover_inventory_format_from_filename ("a.d/hosts"), ==,
                   TAKEOVER_INVENTORY_FORMAT_NONE);
  g_assert_cmpint (takeover_inventory_format_from_name ("csv"), ==,
                   TAKEOVER_INVENTORY_FORMAT_CSV);
  g_assert_cmpint (takeover_inventory_format_from_name ("yaml"), ==,
                   TAKEOVER_INVENTORY_FORMAT_NONE);
  g_assert_cmpstr (takeover_inventory_format_get_mime_type (TAKEOVER_INVENTORY_FORMAT_JSON), ==,
                   "application/json");

  /* Without an extension, the content tells. */
  inventory = load ("hosts", " {\"nodes\": []}");
  g_assert_cmpint (takeover_inventory_get_format (inventory), ==, TAKEOVER_INVENTORY_FORMAT_JSON);
  takeover_inventory_load_data (inventory, "ipmi_address,ipmi_username\n", 27, "hosts",
                                TAKEOVER_INVENTORY_FORMAT_NONE);
  g_assert_cmpint (takeover_inventory_get_format (inventory), ==, TAKEOVER_INVENTORY_FORMAT_CSV);
  takeover_inventory_load_data (inventory, GOOD, strlen (GOOD), "hosts",
                                TAKEOVER_INVENTORY_FORMAT_NONE);
  g_assert_cmpint (takeover_inventory_get_format (inventory), ==, TAKEOVER_INVENTORY_FORMAT_CONF);
}

static void
test_host_problems (void)
{
  g_autoptr(TakeoverInventory) inventory =
    load ("hosts.conf", GOOD "\n10.0.0.2;admin;;198.18.0.2;root;pw\n10.0.0.3;;;x!;root;pw\n");
  TakeoverSeverity severity;
  g_autofree char *messages = NULL;
  GPtrArray *problems;

  g_assert_false (takeover_inventory_get_host_severity (inventory, host_at (inventory, 0),
                                                        &severity));
  g_assert_null (takeover_inventory_get_host_problems (inventory, host_at (inventory, 0)));
  g_assert_null (takeover_inventory_dup_host_messages (inventory, host_at (inventory, 0)));

  g_assert_true (takeover_inventory_get_host_severity (inventory, host_at (inventory, 1),
                                                       &severity));
  g_assert_cmpint (severity, ==, TAKEOVER_SEVERITY_WARNING);

  g_assert_true (takeover_inventory_get_host_severity (inventory, host_at (inventory, 2),
                                                       &severity));
  g_assert_cmpint (severity, ==, TAKEOVER_SEVERITY_ERROR);
  problems = takeover_inventory_get_host_problems (inventory, host_at (inventory, 2));
  g_assert_cmpuint (problems->len, ==, 3);
  g_assert_true (takeover_problem_get_host (g_ptr_array_index (problems, 0)) ==
                 host_at (inventory, 2));
  messages = takeover_inventory_dup_host_messages (inventory, host_at (inventory, 2));
  g_assert_nonnull (strstr (messages, "mgmt_ip: The address is neither"));
  g_assert_nonnull (strchr (messages, '\n'));
}

static guint
count_items (GListModel *model)
{
  return g_list_model_get_n_items (model);
}

/* Adding, changing, removing and pasting hosts: each checks the whole list again, so a
 * duplicate appears and goes with the host that makes it, and the problems belong to the very
 * hosts on the list. */
static void
test_edit (void)
{
  g_autoptr(TakeoverInventory) inventory =
    load ("hosts.conf", GOOD "\n10.0.0.2;admin;secret;198.18.0.2;root;pw\n"
                        "10.0.0.3;admin;secret;198.18.0.3;root;pw\n");
  GListModel *hosts = takeover_inventory_get_hosts (inventory);
  g_autoptr(TakeoverHost) added = takeover_host_new ();
  g_autoptr(TakeoverHost) edited = NULL;
  g_autoptr(TakeoverHost) first = g_object_ref (host_at (inventory, 0));
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();
  g_autoptr(TakeoverProbeResult) result = takeover_probe_result_new ("first");
  GPtrArray *problems;
  TakeoverProblem *problem;
  const char *pasted = "10.0.0.7;admin;secret;198.18.0.7;root;pw\n"
                       "10.0.0.8;admin;secret;198.18.0.1;root;pw\n";

  g_assert_cmpuint (takeover_inventory_get_n_errors (inventory), ==, 0);

  /* A host by hand that repeats the first one's BMC: an error on it, naming that line. */
  takeover_host_set_bmc_address (added, "10.0.0.1");
  takeover_host_set_bmc_username (added, "admin");
  takeover_host_set_bmc_password (added, "secret");
  takeover_host_set_mgmt_ip (added, "198.18.0.4");
  takeover_host_set_ssh_username (added, "root");
  takeover_host_set_ssh_password (added, "pw");
  takeover_inventory_add_host (inventory, added);
  dump_problems (inventory);
  g_assert_cmpuint (count_items (hosts), ==, 4);
  g_assert_true (host_at (inventory, 3) == added);
  g_assert_cmpuint (takeover_inventory_get_n_errors (inventory), ==, 1);
  problems = takeover_inventory_get_host_problems (inventory, added);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (takeover_problem_get_field (problem), ==, "ipmi_ip");
  g_assert_nonnull (strstr (takeover_problem_get_message (problem), "already listed on line 1"));
  /* The field as an editor's control knows it, whichever format named it. */
  g_assert_cmpstr (takeover_inventory_field_get_property ("ipmi_ip"), ==, "bmc-address");
  g_assert_cmpstr (takeover_inventory_field_get_property ("ipmi_address"), ==, "bmc-address");
  g_assert_cmpstr (takeover_inventory_field_get_property ("extra.takeover_ssh_password"), ==,
                   "ssh-password");
  g_assert_cmpstr (takeover_inventory_field_get_property ("username"), ==, "ssh-username");
  g_assert_null (takeover_inventory_field_get_property ("file"));
  /* The other hosts keep their lines and have no problem. */
  g_assert_cmpuint (takeover_host_get_source_line (host_at (inventory, 1)), ==, 2);
  g_assert_null (takeover_inventory_get_host_problems (inventory, host_at (inventory, 1)));

  /* Mended by an edit: no problem is left. */
  edited = takeover_host_copy (added);
  takeover_host_set_bmc_address (edited, "10.0.0.4");
  takeover_inventory_update_host (inventory, added, edited);
  g_assert_cmpstr (takeover_host_get_bmc_address (added), ==, "10.0.0.4");
  g_assert_cmpuint (takeover_inventory_get_n_errors (inventory), ==, 0);
  g_assert_cmpuint (count_items (takeover_inventory_get_problems (inventory)), ==, 0);

  /* An edit that breaks a field: the problem names the field as the file's format does, and
   * the line the host came from. A changed BMC makes the last probe's result stale. */
  takeover_host_set_probe_result (first, result);
  g_clear_object (&edited);
  edited = takeover_host_copy (first);
  takeover_host_set_bmc_address (edited, "10.0.0.999");
  takeover_inventory_update_host (inventory, first, edited);
  assert_problem (inventory, 1, "ipmi_ip", TAKEOVER_SEVERITY_ERROR, "not a valid IPv4 address");
  g_assert_null (takeover_host_get_probe_result (first));
  g_assert_cmpuint (takeover_inventory_get_n_errors (inventory), ==, 1);

  /* Pasted hosts.conf lines: appended, with no line of their own; the second repeats the
   * first host's management IP. */
  g_assert_cmpuint (takeover_inventory_append_data (inventory, pasted, strlen (pasted),
                                                    TAKEOVER_INVENTORY_FORMAT_NONE), ==, 2);
  g_assert_cmpuint (count_items (hosts), ==, 6);
  g_assert_cmpstr (takeover_host_get_bmc_address (host_at (inventory, 5)), ==, "10.0.0.8");
  g_assert_null (takeover_host_get_source_file (host_at (inventory, 5)));
  g_assert_nonnull (takeover_inventory_get_host_problems (inventory, host_at (inventory, 5)));
  g_assert_null (takeover_inventory_get_host_problems (inventory, host_at (inventory, 4)));
  g_assert_cmpuint (takeover_inventory_get_n_errors (inventory), ==, 2);
  g_assert_cmpuint (takeover_inventory_append_data (inventory, "", 0,
                                                    TAKEOVER_INVENTORY_FORMAT_NONE), ==, 0);
  g_assert_cmpuint (count_items (hosts), ==, 6);

  /* Removing the broken first host and the pasted duplicate leaves a clean list. */
  g_ptr_array_add (doomed, first);
  g_ptr_array_add (doomed, host_at (inventory, 5));
  takeover_inventory_remove_hosts (inventory, doomed);
  dump_problems (inventory);
  g_assert_cmpuint (count_items (hosts), ==, 4);
  g_assert_cmpstr (takeover_host_get_bmc_address (host_at (inventory, 0)), ==, "10.0.0.2");
  g_assert_cmpstr (takeover_host_get_bmc_address (host_at (inventory, 3)), ==, "10.0.0.7");
  g_assert_cmpuint (takeover_inventory_get_n_errors (inventory), ==, 0);
  g_assert_cmpuint (count_items (takeover_inventory_get_problems (inventory)), ==, 0);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_load_async (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) missing = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  TakeoverInventory *inventory = takeover_inventory_new ();
  guint items_changed = 0;
  int fd;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "10.1.%u.%u;admin;x;198.19.%u.%u;root;pw\n",
                            i / 256, i % 256, i / 256, i % 256);
  fd = g_file_open_tmp ("takeover-test-XXXXXX.conf", &path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, text->str, text->len, &error));
  close (fd);
  file = g_file_new_for_path (path);

  g_signal_connect_swapped (takeover_inventory_get_hosts (inventory), "items-changed",
                            G_CALLBACK (g_atomic_int_inc), &items_changed);
  takeover_inventory_load_async (inventory, file, TAKEOVER_INVENTORY_FORMAT_NONE, NULL,
                                 result_cb, &result);
  /* Nothing changes until the result is back on this thread. */
  g_assert_cmpuint (n_hosts (inventory), ==, 0);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (takeover_inventory_load_finish (inventory, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_hosts (inventory), ==, 5000);
  g_assert_cmpuint (items_changed, ==, 1);
  g_assert_true (g_file_equal (takeover_inventory_get_file (inventory), file));
  assert_no_problems (inventory);

  /* A file that cannot be read fails the load and leaves the inventory as it was. */
  g_clear_object (&result);
  missing = g_file_new_for_path ("/nonexistent/hosts.conf");
  takeover_inventory_load_async (inventory, missing, TAKEOVER_INVENTORY_FORMAT_NONE, NULL,
                                 result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (takeover_inventory_load_finish (inventory, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpuint (n_hosts (inventory), ==, 5000);

  g_clear_object (&result);
  g_unlink (path);
  g_signal_handlers_disconnect_by_data (takeover_inventory_get_hosts (inventory), &items_changed);
  g_assert_finalize_object (inventory);
}

static void
test_load_async_cancelled (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/hosts.conf");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TakeoverInventory *inventory = takeover_inventory_new ();

  g_cancellable_cancel (cancellable);
  takeover_inventory_load_async (inventory, file, TAKEOVER_INVENTORY_FORMAT_NONE, cancellable,
                                 result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (takeover_inventory_load_finish (inventory, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_clear_object (&result);
  g_assert_finalize_object (inventory);
}

static void
test_save (void)
{
  g_autoptr(GListStore) hosts = make_tricky_hosts (FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(TakeoverInventory) loaded = takeover_inventory_new ();
  g_autofree char *dir = g_dir_make_tmp ("takeover-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "hosts.csv", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "hosts.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad_path);
  g_autoptr(GBytes) bytes = takeover_inventory_serialize (G_LIST_MODEL (hosts),
                                                          TAKEOVER_INVENTORY_FORMAT_JSON,
                                                          TAKEOVER_INVENTORY_SAVE_SECRETS, NULL);
  TakeoverInventory *inventory = takeover_inventory_new ();

  takeover_inventory_load_data (inventory, g_bytes_get_data (bytes, NULL),
                                g_bytes_get_size (bytes), "in.json",
                                TAKEOVER_INVENTORY_FORMAT_NONE);
  /* A file with passwords is for its owner only, even one that replaces a readable file. */
  g_file_set_contents (path, "", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_true (takeover_inventory_save (inventory, file, TAKEOVER_INVENTORY_FORMAT_NONE,
                                          TAKEOVER_INVENTORY_SAVE_SECRETS, NULL, &error));
  g_assert_no_error (error);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_UNIX_MODE, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_MODE) & 0077,
                    ==, 0);
  g_clear_object (&info);

  /* The same for the asynchronous save. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  takeover_inventory_save_async (inventory, file, TAKEOVER_INVENTORY_FORMAT_NONE,
                                 TAKEOVER_INVENTORY_SAVE_SECRETS, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (takeover_inventory_save_finish (inventory, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_UNIX_MODE, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_MODE) & 0077,
                    ==, 0);

  g_assert_true (takeover_inventory_load (loaded, file, TAKEOVER_INVENTORY_FORMAT_NONE, NULL,
                                          &error));
  g_assert_cmpint (takeover_inventory_get_format (loaded), ==, TAKEOVER_INVENTORY_FORMAT_CSV);
  assert_same_hosts (G_LIST_MODEL (hosts), takeover_inventory_get_hosts (loaded));

  g_assert_false (takeover_inventory_save (inventory, bad_file, TAKEOVER_INVENTORY_FORMAT_NONE,
                                           TAKEOVER_INVENTORY_SAVE_DEFAULT, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));

  g_unlink (path);
  g_rmdir (dir);
  g_assert_finalize_object (inventory);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/inventory/conf/operator-file", test_conf_operator_file);
  g_test_add_func ("/inventory/conf/optional-fields", test_conf_optional_fields);
  g_test_add_func ("/inventory/conf/quoting", test_conf_quoting);
  g_test_add_func ("/inventory/conf/plain-and-quoted", test_conf_plain_and_quoted_paths);
  g_test_add_func ("/inventory/check-only", test_check_only);
  g_test_add_func ("/inventory/rule/field-count", test_rule_field_count);
  g_test_add_func ("/inventory/rule/address", test_rule_address);
  g_test_add_func ("/inventory/rule/port", test_rule_port);
  g_test_add_func ("/inventory/rule/credentials", test_rule_credentials);
  g_test_add_func ("/inventory/rule/utf8", test_rule_utf8);
  g_test_add_func ("/inventory/rule/nul-byte", test_rule_nul_byte);
  g_test_add_func ("/inventory/rule/duplicates", test_rule_duplicates);
  g_test_add_func ("/inventory/rule/duplicate-mgmt-ip", test_rule_duplicate_mgmt_ip);
  g_test_add_func ("/inventory/rule/ipmi-settings", test_rule_ipmi_settings);
  g_test_add_func ("/inventory/rule/every-bad-line", test_every_bad_line_reported);
  g_test_add_func ("/inventory/empty-file", test_empty_file);
  g_test_add_func ("/inventory/utf16-file", test_utf16_file);
  g_test_add_func ("/inventory/csv/fields", test_csv);
  g_test_add_func ("/inventory/csv/header", test_csv_header);
  g_test_add_func ("/inventory/csv/open-quote", test_csv_open_quote);
  g_test_add_func ("/inventory/json/nodes", test_json);
  g_test_add_func ("/inventory/json/malformed", test_json_malformed);
  g_test_add_data_func ("/inventory/round-trip/conf",
                        GINT_TO_POINTER (TAKEOVER_INVENTORY_FORMAT_CONF), test_round_trip);
  g_test_add_data_func ("/inventory/round-trip/csv",
                        GINT_TO_POINTER (TAKEOVER_INVENTORY_FORMAT_CSV), test_round_trip);
  g_test_add_data_func ("/inventory/round-trip/json",
                        GINT_TO_POINTER (TAKEOVER_INVENTORY_FORMAT_JSON), test_round_trip);
  g_test_add_data_func ("/inventory/no-secrets/conf",
                        GINT_TO_POINTER (TAKEOVER_INVENTORY_FORMAT_CONF),
                        test_export_without_secrets);
  g_test_add_data_func ("/inventory/no-secrets/csv",
                        GINT_TO_POINTER (TAKEOVER_INVENTORY_FORMAT_CSV),
                        test_export_without_secrets);
  g_test_add_data_func ("/inventory/no-secrets/json",
                        GINT_TO_POINTER (TAKEOVER_INVENTORY_FORMAT_JSON),
                        test_export_without_secrets);
  g_test_add_func ("/inventory/export-quoting", test_export_quoting);
  g_test_add_func ("/inventory/formats", test_formats);
  g_test_add_func ("/inventory/host-problems", test_host_problems);
  g_test_add_func ("/inventory/edit", test_edit);
  g_test_add_func ("/inventory/load-async", test_load_async);
  g_test_add_func ("/inventory/load-async-cancelled", test_load_async_cancelled);
  g_test_add_func ("/inventory/save", test_save);

  return g_test_run ();
}
