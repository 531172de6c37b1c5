/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sys/stat.h>

#include "takeover-adopt-audit.h"
#include "takeover-adopt-job-private.h"
#include "takeover-file-writer.h"
#include "takeover-journal.h"

static TakeoverHost *
make_host (const char *name)
{
  TakeoverHost *host = takeover_host_new ();

  takeover_host_set_name (host, name);
  takeover_host_set_bmc_address (host, "127.0.1.1");
  takeover_host_set_bmc_username (host, "admin");
  takeover_host_set_bmc_password (host, "very-secret-bmc");
  takeover_host_set_ssh_password (host, "very-secret-ssh");

  return host;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_state_names (void)
{
  for (TakeoverAdoptState state = TAKEOVER_ADOPT_STATE_PENDING;
       state <= TAKEOVER_ADOPT_STATE_CANCELLED; state++)
    {
      TakeoverAdoptState parsed = TAKEOVER_ADOPT_STATE_CANCELLED;

      g_assert_true (takeover_adopt_state_from_string (takeover_adopt_state_to_string (state),
                                                       &parsed));
      g_assert_cmpint (parsed, ==, state);
      g_assert_nonnull (takeover_adopt_state_get_label (state));
    }

  g_assert_cmpstr (takeover_adopt_state_to_string (TAKEOVER_ADOPT_STATE_INSTANCE_INFO_SET), ==,
                   "instance-info-set");
  g_assert_false (takeover_adopt_state_from_string ("nonsense", &(TakeoverAdoptState) { 0 }));
  g_assert_false (takeover_adopt_state_from_string (NULL, &(TakeoverAdoptState) { 0 }));
  g_assert_false (takeover_adopt_state_is_final (TAKEOVER_ADOPT_STATE_ACTIVE));
  g_assert_true (takeover_adopt_state_is_final (TAKEOVER_ADOPT_STATE_VERIFIED));
  g_assert_true (takeover_adopt_state_is_final (TAKEOVER_ADOPT_STATE_FAILED));
}

static void
test_job_states (void)
{
  g_autoptr(TakeoverHost) host = make_host ("tb-001");
  TakeoverAdoptJob *job = takeover_adopt_job_new (host);
  guint state_notifies = 0;
  guint progress_notifies = 0;
  double elapsed;

  g_signal_connect (job, "notify::state", G_CALLBACK (count_notify_cb), &state_notifies);
  g_signal_connect (job, "notify::progress", G_CALLBACK (count_notify_cb), &progress_notifies);

  g_assert_true (takeover_adopt_job_get_host (job) == host);
  g_assert_cmpint (takeover_adopt_job_get_state (job), ==, TAKEOVER_ADOPT_STATE_PENDING);
  g_assert_cmpfloat (takeover_adopt_job_get_progress (job), ==, 0.0);

  g_assert_cmpfloat (takeover_adopt_job_get_elapsed (job), ==, 0.0);
  takeover_adopt_job_set_state (job, TAKEOVER_ADOPT_STATE_MANAGING);
  takeover_adopt_job_set_state (job, TAKEOVER_ADOPT_STATE_MANAGING);
  g_assert_cmpuint (state_notifies, ==, 1);
  /* Its time runs from its first step. */
  g_usleep (20000);
  g_assert_cmpfloat (takeover_adopt_job_get_elapsed (job), >=, 0.02);
  g_assert_cmpuint (progress_notifies, ==, 1);
  g_assert_cmpfloat_with_epsilon (takeover_adopt_job_get_progress (job), 5.0 / 9.0, 1e-9);

  /* A failure keeps the step it happened at, and its progress. */
  takeover_adopt_job_set_node_uuid (job, "0c3a4f4e-1111-2222-3333-444455556666");
  takeover_adopt_job_set_provision_state (job, "enroll");
  takeover_adopt_job_fail (job, "The BMC did not answer", "IPMI call failed", "Check it");
  g_assert_cmpint (takeover_adopt_job_get_state (job), ==, TAKEOVER_ADOPT_STATE_FAILED);
  g_assert_cmpint (takeover_adopt_job_get_failed_state (job), ==, TAKEOVER_ADOPT_STATE_MANAGING);
  g_assert_cmpfloat_with_epsilon (takeover_adopt_job_get_progress (job), 5.0 / 9.0, 1e-9);
  g_assert_cmpstr (takeover_adopt_job_get_last_error (job), ==, "IPMI call failed");
  g_assert_cmpstr (takeover_adopt_job_get_hint (job), ==, "Check it");
  g_assert_true (takeover_adopt_job_is_finished (job));
  g_assert_false (takeover_adopt_job_is_adopted (job));
  g_assert_true (takeover_adopt_job_can_remove_node (job));
  /* And stops at its end. */
  elapsed = takeover_adopt_job_get_elapsed (job);
  g_usleep (20000);
  g_assert_cmpfloat (takeover_adopt_job_get_elapsed (job), ==, elapsed);

  /* Ironic cleans a node it deletes from other states: never offer it there. */
  takeover_adopt_job_set_provision_state (job, "active");
  g_assert_false (takeover_adopt_job_can_remove_node (job));
  takeover_adopt_job_set_provision_state (job, "adopt failed");
  g_assert_true (takeover_adopt_job_can_remove_node (job));

  takeover_adopt_job_cancel (job);
  g_assert_true (g_cancellable_is_cancelled (takeover_adopt_job_get_cancellable (job)));
  takeover_adopt_job_reset (job);
  g_assert_false (g_cancellable_is_cancelled (takeover_adopt_job_get_cancellable (job)));
  g_assert_cmpint (takeover_adopt_job_get_state (job), ==, TAKEOVER_ADOPT_STATE_PENDING);
  g_assert_null (takeover_adopt_job_get_message (job));
  g_assert_false (takeover_adopt_job_can_remove_node (job));
  g_assert_cmpstr (takeover_adopt_job_get_node_uuid (job), ==,
                   "0c3a4f4e-1111-2222-3333-444455556666");

  takeover_adopt_job_set_state (job, TAKEOVER_ADOPT_STATE_VERIFIED);
  g_assert_cmpfloat (takeover_adopt_job_get_progress (job), ==, 1.0);
  g_assert_true (takeover_adopt_job_is_adopted (job));
  g_assert_false (takeover_adopt_job_can_remove_node (job));

  g_assert_finalize_object (job);
}

static void
test_journal_round_trip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("takeover-journal-XXXXXX", NULL);
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *path = g_build_filename (sub, "journal-x.json", NULL);
  g_autoptr(TakeoverHost) host1 = make_host ("tb-001");
  g_autoptr(TakeoverHost) host2 = make_host ("tb-002");
  g_autoptr(TakeoverAdoptJob) job1 = takeover_adopt_job_new (host1);
  g_autoptr(TakeoverAdoptJob) job2 = takeover_adopt_job_new (host2);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GDir) listing = NULL;
  const char * const run_hosts[] = { "tb-001", "tb-002", "tb-003", NULL };
  TakeoverJournal *journal;
  TakeoverAdoptState state;
  const char *uuid;
  const char *entry;
  GStatBuf st;

  journal = takeover_journal_new (path);
  g_assert_true (takeover_journal_load (journal, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (takeover_journal_get_n_hosts (journal), ==, 0);
  g_assert_cmpuint (takeover_journal_get_n_unfinished (journal), ==, 0);
  g_assert_null (takeover_journal_get_inventory (journal));

  takeover_journal_set_run (journal, "/srv/fleet/hosts.conf", "image-uuid", NULL, NULL);
  takeover_adopt_job_set_node_uuid (job1, "uuid-1");
  takeover_adopt_job_set_state (job1, TAKEOVER_ADOPT_STATE_PORTS_CREATED);
  takeover_journal_record (journal, job1);
  takeover_adopt_job_set_state (job2, TAKEOVER_ADOPT_STATE_PREFLIGHT);
  takeover_adopt_job_fail (job2, "wrong password", NULL, NULL);
  takeover_journal_record (journal, job2);
  /* A host at a step is part-way; a failed one has finished. */
  g_assert_cmpuint (takeover_journal_get_n_unfinished (journal), ==, 1);
  g_assert_true (takeover_journal_save (journal, &error));
  g_assert_no_error (error);

  /* Only the journal is left in its folder (no temporary file), private to its owner, and
   * without any secret in it. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  listing = g_dir_open (sub, 0, NULL);
  while ((entry = g_dir_read_name (listing)) != NULL)
    g_assert_cmpstr (entry, ==, "journal-x.json");
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "very-secret"));
  g_assert_nonnull (strstr (contents, "\"ports-created\""));
  g_assert_finalize_object (journal);

  journal = takeover_journal_new (path);
  g_assert_true (takeover_journal_load (journal, &error));
  g_assert_cmpuint (takeover_journal_get_n_hosts (journal), ==, 2);
  g_assert_true (takeover_journal_lookup (journal, "tb-001", &state, &uuid));
  g_assert_cmpint (state, ==, TAKEOVER_ADOPT_STATE_PORTS_CREATED);
  g_assert_cmpstr (uuid, ==, "uuid-1");
  g_assert_true (takeover_journal_lookup (journal, "tb-002", &state, &uuid));
  g_assert_cmpint (state, ==, TAKEOVER_ADOPT_STATE_FAILED);
  g_assert_null (uuid);
  g_assert_false (takeover_journal_lookup (journal, "tb-003", NULL, NULL));
  g_assert_cmpuint (takeover_journal_get_n_unfinished (journal), ==, 1);
  g_assert_cmpstr (takeover_journal_get_inventory (journal), ==, "/srv/fleet/hosts.conf");
  g_assert_cmpstr (takeover_journal_get_image_source (journal), ==, "image-uuid");
  g_assert_null (takeover_journal_get_owner (journal));

  /* Adopted and stopped hosts: only the stopped one is left to resume. */
  takeover_adopt_job_set_state (job1, TAKEOVER_ADOPT_STATE_ACTIVE);
  takeover_journal_record (journal, job1);
  g_assert_cmpuint (takeover_journal_get_n_unfinished (journal), ==, 0);
  takeover_adopt_job_cancel (job2);
  takeover_adopt_job_reset (job2);
  takeover_adopt_job_set_state (job2, TAKEOVER_ADOPT_STATE_CANCELLED);
  takeover_journal_record (journal, job2);
  g_assert_cmpuint (takeover_journal_get_n_unfinished (journal), ==, 1);

  /* With the run's hosts noted, one it never reached is left to resume too. */
  takeover_journal_set_run (journal, "/srv/fleet/hosts.conf", NULL, "owner-id", run_hosts);
  g_assert_cmpuint (takeover_journal_get_n_unfinished (journal), ==, 2);
  g_assert_true (takeover_journal_save (journal, &error));
  g_assert_finalize_object (journal);

  journal = takeover_journal_new (path);
  g_assert_true (takeover_journal_load (journal, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (takeover_journal_get_n_unfinished (journal), ==, 2);
  g_assert_null (takeover_journal_get_image_source (journal));
  g_assert_cmpstr (takeover_journal_get_owner (journal), ==, "owner-id");
  g_assert_finalize_object (journal);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (sub), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_journal_delayed_save (void)
{
  g_autofree char *dir = g_dir_make_tmp ("takeover-journal-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "journal.json", NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(TakeoverHost) host = make_host ("tb-001");
  g_autoptr(TakeoverAdoptJob) job = takeover_adopt_job_new (host);
  TakeoverJournal *journal = takeover_journal_new (path);
  TakeoverAdoptState state = TAKEOVER_ADOPT_STATE_PENDING;

  takeover_adopt_job_set_state (job, TAKEOVER_ADOPT_STATE_ACTIVE);
  takeover_journal_record (journal, job);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_timeout_add (1000, quit_cb, loop);
  g_main_loop_run (loop);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  /* A record still waiting to be saved outlives its journal: finalizing writes it. */
  takeover_adopt_job_set_state (job, TAKEOVER_ADOPT_STATE_VERIFIED);
  takeover_journal_record (journal, job);
  g_assert_finalize_object (journal);
  takeover_file_writer_wait_idle ();

  journal = takeover_journal_new (path);
  g_assert_true (takeover_journal_load (journal, NULL));
  g_assert_true (takeover_journal_lookup (journal, "tb-001", &state, NULL));
  g_assert_cmpint (state, ==, TAKEOVER_ADOPT_STATE_VERIFIED);
  g_assert_finalize_object (journal);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_journal_damaged (void)
{
  g_autofree char *dir = g_dir_make_tmp ("takeover-journal-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "journal.json", NULL);
  const char *bad[] = {
    "{ not json",
    "[]",
    "{\"version\": 2, \"hosts\": {}}",
    "{\"version\": 1, \"hosts\": {\"tb-001\": {\"state\": \"flying\"}}}",
    "{\"version\": 1, \"hosts\": {\"tb-001\": 3}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(TakeoverJournal) journal = takeover_journal_new (path);
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_set_contents (path, bad[i], -1, NULL));
      g_assert_false (takeover_journal_load (journal, &error));
      g_assert_error (error, TAKEOVER_ADOPT_ERROR, TAKEOVER_ADOPT_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_cmpuint (takeover_journal_get_n_hosts (journal), ==, 0);
    }

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_journal_lock (void)
{
  g_autofree char *dir = g_dir_make_tmp ("takeover-journal-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "journal.json", NULL);
  g_autofree char *lock_path = g_strconcat (path, ".lock", NULL);
  TakeoverJournal *first = takeover_journal_new (path);
  TakeoverJournal *second = takeover_journal_new (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (takeover_journal_lock (first, &error));
  g_assert_no_error (error);
  g_assert_false (takeover_journal_lock (second, &error));
  g_assert_error (error, TAKEOVER_ADOPT_ERROR, TAKEOVER_ADOPT_ERROR_BUSY);
  g_clear_error (&error);

  /* The lock goes with its holder. */
  g_assert_finalize_object (first);
  g_assert_true (takeover_journal_lock (second, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (second);

  g_assert_cmpint (g_remove (lock_path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_journal_path (void)
{
  g_autofree char *path = takeover_journal_dup_path_for_cloud ("../my cloud/x");
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *expected_dir = g_build_filename (g_get_user_state_dir (), "takeover", NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpstr (base, ==, "journal-_._my_cloud_x.json");
  g_assert_cmpstr (dir, ==, expected_dir);
}

static void
count_logged_cb (TakeoverAdoptAudit *audit,
                 const char         *host_name,
                 const char         *line,
                 guint              *n)
{
  g_assert_cmpstr (host_name, ==, "tb-002");
  g_assert_true (g_str_has_suffix (line, "  ssh: m hostname …"));
  (*n)++;
}

static void
test_audit_lines (void)
{
  g_autofree char *dir = g_dir_make_tmp ("takeover-audit-XXXXXX", NULL);
  g_autofree char *sub = g_build_filename (dir, "audit", NULL);
  g_autofree char *path = g_build_filename (sub, "run.jsonl", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) host_lines = NULL;
  guint n_logged = 0;
  TakeoverAdoptAudit *audit;

  audit = takeover_adopt_audit_new (path, &error);
  g_assert_no_error (error);
  takeover_adopt_audit_request (audit, "tb-001", "POST",
                                "http://user:pw@127.0.0.1:6385/v1/nodes?fields=uuid", 201, 12.5);
  takeover_adopt_audit_request (audit, NULL, "GET", "http://127.0.0.1:6385/v1", 0, 3);
  takeover_adopt_audit_command (audit, "tb-001", "ssh", "cat /proc/meminfo");
  takeover_adopt_audit_step (audit, "tb-001", "node-created", NULL);

  /* What a window shows of the host: its own lines, in order, the password-free path. */
  host_lines = takeover_adopt_audit_dup_host_lines (audit, "tb-001");
  g_assert_cmpuint (g_strv_length (host_lines), ==, 3);
  g_assert_true (g_str_has_suffix (host_lines[0], "  POST /v1/nodes?fields=uuid → 201 (12 ms)") ||
                 g_str_has_suffix (host_lines[0], "  POST /v1/nodes?fields=uuid → 201 (13 ms)"));
  g_assert_true (g_str_has_suffix (host_lines[1], "  ssh: cat /proc/meminfo"));
  g_assert_true (g_str_has_suffix (host_lines[2], "  == node-created"));
  g_clear_pointer (&host_lines, g_strfreev);
  host_lines = takeover_adopt_audit_dup_host_lines (audit, "tb-002");
  g_assert_cmpuint (g_strv_length (host_lines), ==, 0);
  /* A script shows its first line. */
  g_signal_connect (audit, "host-logged", G_CALLBACK (count_logged_cb), &n_logged);
  takeover_adopt_audit_command (audit, "tb-002", "ssh", "m hostname\nuname -m");
  g_assert_cmpuint (n_logged, ==, 1);
  g_clear_pointer (&host_lines, g_strfreev);
  host_lines = takeover_adopt_audit_dup_host_lines (audit, "tb-002");
  g_assert_true (g_str_has_suffix (host_lines[0], "  ssh: m hostname …"));
  g_assert_finalize_object (audit);
  /* The lines are written on the writer thread, in order. */
  takeover_file_writer_wait_idle ();

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "pw@"));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
  g_assert_cmpstr (lines[5], ==, "");
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_true (json_object_has_member (object, "time"));
      if (i == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (object, "host"), ==, "tb-001");
          g_assert_cmpstr (json_object_get_string_member (object, "path"), ==,
                           "/v1/nodes?fields=uuid");
          g_assert_cmpint (json_object_get_int_member (object, "status"), ==, 201);
        }
      else if (i == 1)
        g_assert_true (json_object_get_null_member (object, "host"));
    }

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (sub), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/adopt/state-names", test_state_names);
  g_test_add_func ("/adopt/job-states", test_job_states);
  g_test_add_func ("/adopt/journal/round-trip", test_journal_round_trip);
  g_test_add_func ("/adopt/journal/delayed-save", test_journal_delayed_save);
  g_test_add_func ("/adopt/journal/damaged", test_journal_damaged);
  g_test_add_func ("/adopt/journal/lock", test_journal_lock);
  g_test_add_func ("/adopt/journal/path", test_journal_path);
  g_test_add_func ("/adopt/audit/lines", test_audit_lines);

  return g_test_run ();
}
