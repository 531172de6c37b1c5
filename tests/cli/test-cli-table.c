/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The CLI's tables count terminal columns, not bytes: Chinese text (3 bytes, 2 columns a
 * character) in headers or host names keeps the columns under each other. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include <gio/gio.h>

#include "takeover-cli-table.h"

/* The terminal column at which the @n-th space-separated field of @line starts, counting
 * fields as the table writes them: a run of spaces ends a field. */
static guint
field_column (const char *line,
              guint       n)
{
  guint column = 0;
  guint field = 0;
  gboolean in_space = FALSE;

  for (const char *p = line; *p != '\0' && *p != '\n'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ')
        in_space = TRUE;
      else if (in_space)
        {
          in_space = FALSE;
          if (++field == n)
            return column;
        }
      column += g_unichar_iswide (c) ? 2 : 1;
    }
  g_assert_not_reached ();
}

static void
test_width (void)
{
  g_assert_cmpuint (takeover_cli_text_width (""), ==, 0);
  g_assert_cmpuint (takeover_cli_text_width ("tb-001"), ==, 6);
  g_assert_cmpuint (takeover_cli_text_width ("主机"), ==, 4);
  g_assert_cmpuint (takeover_cli_text_width ("数据节点-01"), ==, 11);
  /* Full-width Latin, a combining accent, a zero-width space. */
  g_assert_cmpuint (takeover_cli_text_width ("ＡＢ"), ==, 4);
  g_assert_cmpuint (takeover_cli_text_width ("e\xcc\x81"), ==, 1);
  g_assert_cmpuint (takeover_cli_text_width ("a\xe2\x80\x8b" "b"), ==, 2);
  /* A byte that is not UTF-8 shows as one replacement character. */
  g_assert_cmpuint (takeover_cli_text_width ("a\xff"), ==, 2);
}

static void
assert_cell (const char       *text,
             guint             width,
             TakeoverCliAlign  align,
             gboolean          cut,
             const char       *expected)
{
  g_autoptr(GString) line = g_string_new ("|");

  takeover_cli_append_cell (line, text, width, align, cut);
  g_string_append_c (line, '|');
  g_assert_cmpstr (line->str, ==, expected);
}

static void
test_cell (void)
{
  assert_cell ("主机", 6, TAKEOVER_CLI_ALIGN_LEFT, FALSE, "|主机  |");
  assert_cell ("主机", 6, TAKEOVER_CLI_ALIGN_RIGHT, FALSE, "|  主机|");
  assert_cell ("tb-001", 8, TAKEOVER_CLI_ALIGN_LEFT, FALSE, "|tb-001  |");
  /* Wider than the cell: kept whole, or cut at a character, never inside one. */
  assert_cell ("数据节点", 5, TAKEOVER_CLI_ALIGN_LEFT, FALSE, "|数据节点|");
  assert_cell ("数据节点", 5, TAKEOVER_CLI_ALIGN_LEFT, TRUE, "|数据 |");
  assert_cell ("数据节点", 6, TAKEOVER_CLI_ALIGN_LEFT, TRUE, "|数据节|");
  /* No terminal escapes from a probed host's name. */
  assert_cell ("x\033[2Jy", 6, TAKEOVER_CLI_ALIGN_LEFT, FALSE, "|x?[2Jy|");
}

static void
test_table (void)
{
  static const TakeoverCliColumn columns[] = {
    { "主机", TAKEOVER_CLI_ALIGN_LEFT, 0 },
    { "电源", TAKEOVER_CLI_ALIGN_LEFT, 0 },
    { "CPU 数", TAKEOVER_CLI_ALIGN_RIGHT, 0 },
    { "主机名", TAKEOVER_CLI_ALIGN_LEFT, 8 },
    { "结果", TAKEOVER_CLI_ALIGN_LEFT, 0 },
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *table = NULL;
  g_auto(GStrv) lines = NULL;

  g_ptr_array_add (rows, g_strsplit ("数据节点-01|on|32|大数据计算节点一号|正常", "|", -1));
  g_ptr_array_add (rows, g_strsplit ("tb-002|off|8|tb-002|ipmi: timeout", "|", -1));
  table = takeover_cli_format_table (columns, G_N_ELEMENTS (columns), rows);
  g_test_message ("\n%s", table);

  g_assert_cmpstr (table, ==,
                   "主机        电源 CPU 数 主机名   结果\n"
                   "数据节点-01 on       32 大数据计 正常\n"
                   "tb-002      off       8 tb-002   ipmi: timeout\n");
}

/* A UDP socket on loopback that never answers: a BMC that does not reply. */
static GSocket *
silent_socket (guint *port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  GSocket *socket;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return socket;
}

/* Asserts that this machine has the locale @name (build-aux/install-deps.sh generates
 * zh_CN.UTF-8): without it the CLI would fall back to C and the test would not test what it
 * says. */
static void
assert_locale_installed (const char *name)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  const char *set = setlocale (LC_ALL, name);

  if (set == NULL)
    g_test_message ("no %s locale on this machine: build-aux/install-deps.sh generates it", name);
  g_assert_cmpstr (set, ==, name);
  setlocale (LC_ALL, saved);
}

/* takeover-cli probe under a Chinese locale, with Chinese host names and BMCs that do not
 * answer: each column starts at the same terminal column on every line. (The inventory flags
 * the names as node names Ironic would refuse; probe shows them all the same, which is when
 * an operator reads this table.) */
static void
test_probe_table (void)
{
  g_autoptr(GSocket) silent1 = NULL;
  g_autoptr(GSocket) silent2 = NULL;
  g_autoptr(GSocket) silent3 = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  guint port1, port2, port3;

  silent1 = silent_socket (&port1);
  silent2 = silent_socket (&port2);
  silent3 = silent_socket (&port3);
  dir = g_dir_make_tmp ("takeover-cli-table-XXXXXX", &error);
  g_assert_no_error (error);
  csv = g_build_filename (dir, "hosts.csv", NULL);
  /* SSH goes to the same port numbers over TCP, where nothing listens. */
  contents = g_strdup_printf ("name,ipmi_address,ipmi_port,ipmi_username,ipmi_password,mgmt_ip,"
                              "ssh_port,ssh_username,ssh_password,ssh_key\n"
                              "数据节点-01,127.0.0.1,%u,admin,password,127.0.0.1,%u,u,p,\n"
                              "tb-002,127.0.0.1,%u,admin,password,127.0.0.2,%u,u,p,\n"
                              "计算-3,127.0.0.1,%u,admin,password,127.0.0.3,%u,u,p,\n",
                              port1, port1, port2, port2, port3, port3);
  g_file_set_contents (csv, contents, -1, &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  assert_locale_installed ("zh_CN.UTF-8");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "zh_CN.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", dir, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("TAKEOVER_CLI"), "probe",
                                         csv, "--timeout", "1", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("stdout:\n%s\nstderr:\n%s", out, err);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);

  /* The header and three hosts, then the summary line. */
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 4);
  g_assert_true (g_str_has_prefix (lines[1], "数据节点-01 "));
  for (guint field = 1; field < 9; field++)
    for (guint i = 2; i < 4; i++)
      g_assert_cmpuint (field_column (lines[i], field), ==, field_column (lines[1], field));
  /* The header's first left-aligned, one-word columns stand over their cells. */
  for (guint field = 1; field < 4; field++)
    g_assert_cmpuint (field_column (lines[0], field), ==, field_column (lines[1], field));

  g_assert_cmpint (g_remove (csv), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-table/width", test_width);
  g_test_add_func ("/cli-table/cell", test_cell);
  g_test_add_func ("/cli-table/table", test_table);
  g_test_add_func ("/cli-table/probe", test_probe_table);

  return g_test_run ();
}
