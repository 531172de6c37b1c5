/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>

#include "takeover-adopt-job-private.h"
#include "takeover-adopt-report.h"

static TakeoverAdoptJob *
make_job (GListStore *store,
          const char *name)
{
  g_autoptr(TakeoverHost) host = takeover_host_new ();
  TakeoverAdoptJob *job;

  takeover_host_set_name (host, name);
  takeover_host_set_bmc_address (host, "127.0.1.1");
  takeover_host_set_bmc_username (host, "admin");
  takeover_host_set_bmc_password (host, "very-secret-bmc");
  takeover_host_set_ssh_password (host, "very-secret-ssh");
  job = takeover_adopt_job_new (host);
  g_list_store_append (store, job);
  g_object_unref (job);

  return job;
}

/* An adopted host, one that failed with a message that needs CSV quoting, and a skipped one. */
static GListModel *
make_jobs (void)
{
  GListStore *store = g_list_store_new (TAKEOVER_TYPE_ADOPT_JOB);
  TakeoverAdoptJob *job;

  job = make_job (store, "tb-001");
  takeover_adopt_job_set_state (job, TAKEOVER_ADOPT_STATE_MANAGING);
  takeover_adopt_job_set_node_uuid (job, "6f1c5a3e-0000-4000-8000-000000000001");
  takeover_adopt_job_set_provision_state (job, "active");
  takeover_adopt_job_add_attempt (job);
  takeover_adopt_job_set_state (job, TAKEOVER_ADOPT_STATE_ACTIVE);

  job = make_job (store, "tb-002");
  takeover_adopt_job_add_plan_step (job, "create port 52:54:00:00:00:02");
  takeover_adopt_job_add_plan_step (job, "set instance_info");
  takeover_adopt_job_set_state (job, TAKEOVER_ADOPT_STATE_MANAGING);
  takeover_adopt_job_fail (job, "Ironic refused \"manage\", twice",
                           "Failed to validate power:\nno BMC", "Check the BMC, then retry.");

  job = make_job (store, "tb-003");
  takeover_adopt_job_set_state (job, TAKEOVER_ADOPT_STATE_SKIPPED);

  return G_LIST_MODEL (store);
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return g_strndup (data, size);
}

static void
test_csv (void)
{
  g_autoptr(GListModel) jobs = make_jobs ();
  g_autoptr(GBytes) bytes = takeover_adopt_report_serialize (jobs, TAKEOVER_ADOPT_REPORT_CSV);
  g_autofree char *text = bytes_to_string (bytes);

  g_assert_cmpstr (text, ==,
    "name,state,failed_state,node_uuid,provision_state,message,last_error,hint,adopt_attempts,plan\r\n"
    "tb-001,active,,6f1c5a3e-0000-4000-8000-000000000001,active,,,,1,\r\n"
    "tb-002,failed,managing,,,\"Ironic refused \"\"manage\"\", twice\","
    "\"Failed to validate power:\nno BMC\",\"Check the BMC, then retry.\",0,"
    "create port 52:54:00:00:00:02; set instance_info\r\n"
    "tb-003,skipped,,,,,,,0,\r\n");
  g_assert_null (strstr (text, "very-secret"));
}

static void
test_json (void)
{
  g_autoptr(GListModel) jobs = make_jobs ();
  g_autoptr(GBytes) bytes = takeover_adopt_report_serialize (jobs, TAKEOVER_ADOPT_REPORT_JSON);
  g_autofree char *text = bytes_to_string (bytes);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  JsonObject *object;

  g_assert_true (g_str_has_suffix (text, "]\n"));
  g_assert_null (strstr (text, "very-secret"));
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 3);

  object = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "tb-001");
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "active");
  g_assert_true (json_object_get_null_member (object, "failed_state"));
  g_assert_cmpstr (json_object_get_string_member (object, "node_uuid"), ==,
                   "6f1c5a3e-0000-4000-8000-000000000001");
  g_assert_cmpint (json_object_get_int_member (object, "adopt_attempts"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "plan")), ==, 0);

  object = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (object, "failed_state"), ==, "managing");
  g_assert_cmpstr (json_object_get_string_member (object, "message"), ==,
                   "Ironic refused \"manage\", twice");
  g_assert_cmpstr (json_object_get_string_member (object, "last_error"), ==,
                   "Failed to validate power:\nno BMC");
  g_assert_cmpstr (json_object_get_string_member (object, "hint"), ==,
                   "Check the BMC, then retry.");
  g_assert_true (json_object_get_null_member (object, "node_uuid"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "plan")), ==, 2);

  object = json_array_get_object_element (array, 2);
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "skipped");
  g_assert_true (json_object_get_null_member (object, "failed_state"));
}

static void
test_empty (void)
{
  g_autoptr(GListStore) store = g_list_store_new (TAKEOVER_TYPE_ADOPT_JOB);
  g_autoptr(GBytes) csv = takeover_adopt_report_serialize (G_LIST_MODEL (store),
                                                           TAKEOVER_ADOPT_REPORT_CSV);
  g_autoptr(GBytes) json = takeover_adopt_report_serialize (G_LIST_MODEL (store),
                                                            TAKEOVER_ADOPT_REPORT_JSON);
  g_autofree char *csv_text = bytes_to_string (csv);
  g_autofree char *json_text = bytes_to_string (json);

  g_assert_cmpstr (csv_text, ==,
    "name,state,failed_state,node_uuid,provision_state,message,last_error,hint,adopt_attempts,plan\r\n");
  g_assert_cmpstr (json_text, ==, "[]\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/adopt/report/csv", test_csv);
  g_test_add_func ("/adopt/report/json", test_json);
  g_test_add_func ("/adopt/report/empty", test_empty);

  return g_test_run ();
}
