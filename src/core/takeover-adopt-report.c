/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-adopt-report"

#include "config.h"

#include "takeover-adopt-job.h"
#include "takeover-adopt-report.h"
#include "takeover-inventory-private.h"

/* The report's columns, in the CSV's order; the JSON objects have the same members (plus the
 * plan, a list, which CSV joins with "; "). States are the journal's stable names, not the
 * translated labels, so that a script reads every report the same way. */
static const char * const csv_columns[] = {
  "name", "state", "failed_state", "node_uuid", "provision_state", "message", "last_error",
  "hint", "adopt_attempts", "plan",
};

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static const char *
failed_state (TakeoverAdoptJob *job)
{
  TakeoverAdoptState state = takeover_adopt_job_get_state (job);

  /* Where a host that did not make it stopped; a skipped one never started. */
  if (state != TAKEOVER_ADOPT_STATE_FAILED && state != TAKEOVER_ADOPT_STATE_CANCELLED)
    return NULL;

  return takeover_adopt_state_to_string (takeover_adopt_job_get_failed_state (job));
}

/**
 * takeover_adopt_report_build_json:
 * @jobs: a #GListModel of #TakeoverAdoptJob
 *
 * Returns: (transfer full): an array with one object for each job, in the model's order
 */
JsonNode *
takeover_adopt_report_build_json (GListModel *jobs)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (G_IS_LIST_MODEL (jobs), NULL);

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (jobs, i);
      const char * const *plan = takeover_adopt_job_get_plan (job);

      json_builder_begin_object (builder);
      add_string (builder, "name",
                  takeover_host_get_display_name (takeover_adopt_job_get_host (job)));
      add_string (builder, "state",
                  takeover_adopt_state_to_string (takeover_adopt_job_get_state (job)));
      add_string (builder, "failed_state", failed_state (job));
      add_string (builder, "node_uuid", takeover_adopt_job_get_node_uuid (job));
      add_string (builder, "provision_state", takeover_adopt_job_get_provision_state (job));
      add_string (builder, "message", takeover_adopt_job_get_message (job));
      add_string (builder, "last_error", takeover_adopt_job_get_last_error (job));
      add_string (builder, "hint", takeover_adopt_job_get_hint (job));
      json_builder_set_member_name (builder, "adopt_attempts");
      json_builder_add_int_value (builder, takeover_adopt_job_get_attempts (job));
      json_builder_set_member_name (builder, "can_remove_node");
      json_builder_add_boolean_value (builder, takeover_adopt_job_can_remove_node (job));
      json_builder_set_member_name (builder, "plan");
      json_builder_begin_array (builder);
      for (guint j = 0; plan[j] != NULL; j++)
        json_builder_add_string_value (builder, plan[j]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static void
append_csv_row (GString            *out,
                const char * const *values)
{
  for (guint i = 0; i < G_N_ELEMENTS (csv_columns); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      takeover_text_append_field (out, values[i], ',', FALSE);
    }
  /* RFC 4180 ends every record with CRLF, as the inventory's CSV does. */
  g_string_append (out, "\r\n");
}

static GBytes *
build_csv (GListModel *jobs)
{
  GString *out = g_string_new (NULL);

  append_csv_row (out, csv_columns);
  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(TakeoverAdoptJob) job = g_list_model_get_item (jobs, i);
      g_autofree char *attempts = g_strdup_printf ("%u", takeover_adopt_job_get_attempts (job));
      g_autofree char *plan = g_strjoinv ("; ", (char **) takeover_adopt_job_get_plan (job));
      const char *values[G_N_ELEMENTS (csv_columns)] = {
        takeover_host_get_display_name (takeover_adopt_job_get_host (job)),
        takeover_adopt_state_to_string (takeover_adopt_job_get_state (job)),
        failed_state (job),
        takeover_adopt_job_get_node_uuid (job),
        takeover_adopt_job_get_provision_state (job),
        takeover_adopt_job_get_message (job),
        takeover_adopt_job_get_last_error (job),
        takeover_adopt_job_get_hint (job),
        attempts,
        plan,
      };

      append_csv_row (out, values);
    }

  return g_string_free_to_bytes (out);
}

/**
 * takeover_adopt_report_serialize:
 * @jobs: a #GListModel of #TakeoverAdoptJob
 *
 * Returns: (transfer full): the report as the bytes of a file: UTF-8 JSON ending in a line
 *   break, or RFC 4180 CSV with a header row
 */
GBytes *
takeover_adopt_report_serialize (GListModel                *jobs,
                                 TakeoverAdoptReportFormat  format)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  char *text;

  g_return_val_if_fail (G_IS_LIST_MODEL (jobs), NULL);

  if (format == TAKEOVER_ADOPT_REPORT_CSV)
    return build_csv (jobs);

  root = takeover_adopt_report_build_json (jobs);
  json = json_to_string (root, TRUE);
  text = g_strconcat (json, "\n", NULL);
  return g_bytes_new_take (text, strlen (text));
}
