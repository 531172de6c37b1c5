/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-adopt-audit"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <unistd.h>

#include "takeover-adopt-audit.h"
#include "takeover-file-writer.h"

/* The audit log of one adoption run: one JSON object a line, each with the time, the host, and
 * what was done to or asked of it: every HTTP exchange with the cloud (method, path, status,
 * duration), every command the probe ran on the host, and each step the host reached. The
 * cloud layer and the probe keep secrets out of what they report (no headers, no bodies, no
 * passwords), so nothing here can carry one. Each line goes to the kernel as it happens, on
 * the writer thread (never a disk wait on the main loop), so that the log of a run that was
 * killed is complete up to its last line. */
struct _TakeoverAdoptAudit
{
  GObject             parent_instance;

  char               *path;
  TakeoverFileHandle *file;
  GHashTable         *host_lines;   /* host name -> GPtrArray of char *, the run's lines */
};

/* What a window keeps of each host's log, beyond which its oldest lines go (the file keeps
 * them all): an adoption takes a host some 30 requests. */
#define MAX_HOST_LINES 500

enum {
  SIGNAL_HOST_LOGGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TakeoverAdoptAudit, takeover_adopt_audit, G_TYPE_OBJECT)

/* Keeps @text (taken) as @host_name's newest line, for a face to show, and says so. */
static void
keep_host_line (TakeoverAdoptAudit *self,
                const char         *host_name,
                char               *text)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M:%S");
  GPtrArray *lines;

  if (host_name == NULL)
    {
      g_free (text);
      return;
    }

  lines = g_hash_table_lookup (self->host_lines, host_name);
  if (lines == NULL)
    {
      lines = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (self->host_lines, g_strdup (host_name), lines);
    }
  if (lines->len == MAX_HOST_LINES)
    g_ptr_array_remove_index (lines, 0);
  g_ptr_array_add (lines, g_strconcat (time, "  ", text, NULL));
  g_free (text);

  g_signal_emit (self, signals[SIGNAL_HOST_LOGGED], 0, host_name,
                 g_ptr_array_index (lines, lines->len - 1));
}

static void
write_line (TakeoverAdoptAudit *self,
            JsonBuilder        *builder)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *json = NULL;
  char *line;

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  line = g_strconcat (json, "\n", NULL);
  /* A log that cannot be written must not stop the adoption (the writer says so in the debug
   * log); the path was checked when the run began. */
  bytes = g_bytes_new_take (line, strlen (line));
  takeover_file_writer_append (self->file, bytes);
}

static JsonBuilder *
begin_line (const char *host_name,
            const char *kind)
{
  JsonBuilder *builder = json_builder_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format_iso8601 (now);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, time);
  json_builder_set_member_name (builder, "host");
  if (host_name != NULL)
    json_builder_add_string_value (builder, host_name);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind);

  return builder;
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
takeover_adopt_audit_finalize (GObject *object)
{
  TakeoverAdoptAudit *self = (TakeoverAdoptAudit *)object;

  g_clear_pointer (&self->file, takeover_file_handle_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->host_lines, g_hash_table_unref);

  G_OBJECT_CLASS (takeover_adopt_audit_parent_class)->finalize (object);
}

static void
takeover_adopt_audit_class_init (TakeoverAdoptAuditClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = takeover_adopt_audit_finalize;

  /* A line was logged for a host: the host's name and the line, as
   * takeover_adopt_audit_dup_host_lines() has it. */
  signals[SIGNAL_HOST_LOGGED] =
    g_signal_new ("host-logged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
takeover_adopt_audit_init (TakeoverAdoptAudit *self)
{
  self->host_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
}

/**
 * takeover_adopt_audit_dup_path_for_cloud:
 *
 * Returns: (transfer full): a new log's path for a run on @cloud_name now:
 *   $XDG_STATE_HOME/takeover/audit/<cloud>-<UTC time>-<pid>.jsonl.
 */
char *
takeover_adopt_audit_dup_path_for_cloud (const char *cloud_name)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *safe = NULL;
  g_autofree char *file_name = NULL;

  g_return_val_if_fail (cloud_name != NULL && cloud_name[0] != '\0', NULL);

  safe = g_strdup (cloud_name);
  g_strcanon (safe, G_CSET_A_2_Z G_CSET_a_2_z G_CSET_DIGITS "-_", '_');
  file_name = g_strdup_printf ("%s-%s-%d.jsonl", safe, stamp, (int) getpid ());

  return g_build_filename (g_get_user_state_dir (), "takeover", "audit", file_name, NULL);
}

/**
 * takeover_adopt_audit_new:
 *
 * Creates the log at @path (its folder too), readable by its owner only.
 */
TakeoverAdoptAudit *
takeover_adopt_audit_new (const char  *path,
                          GError     **error)
{
  g_autoptr(TakeoverAdoptAudit) self = NULL;
  g_autoptr(TakeoverFileHandle) file = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if ((file = takeover_file_writer_open_append (path, &local_error)) == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Cannot create the audit log %s: %s"), path, local_error->message);
      return NULL;
    }

  self = g_object_new (TAKEOVER_TYPE_ADOPT_AUDIT, NULL);
  self->path = g_strdup (path);
  self->file = g_steal_pointer (&file);

  return g_steal_pointer (&self);
}

const char *
takeover_adopt_audit_get_path (TakeoverAdoptAudit *self)
{
  g_return_val_if_fail (TAKEOVER_IS_ADOPT_AUDIT (self), NULL);

  return self->path;
}

/**
 * takeover_adopt_audit_request:
 * @url: the request's URL; only its path and query are written
 * @status: the HTTP status, 0 when no answer came
 *
 * Records one HTTP exchange made for @host_name (NULL: for the run as a whole).
 */
void
takeover_adopt_audit_request (TakeoverAdoptAudit *self,
                              const char         *host_name,
                              const char         *method,
                              const char         *url,
                              guint               status,
                              double              duration_ms)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (TAKEOVER_IS_ADOPT_AUDIT (self));
  g_return_if_fail (method != NULL && url != NULL);

  /* Only the path: the host part could carry user info, and is the same for every line. */
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  if (uri != NULL)
    path = g_strconcat (g_uri_get_path (uri), g_uri_get_query (uri) ? "?" : "",
                        g_uri_get_query (uri) ? g_uri_get_query (uri) : "", NULL);

  builder = begin_line (host_name, "request");
  add_string (builder, "method", method);
  add_string (builder, "path", path != NULL ? path : "?");
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "ms");
  json_builder_add_double_value (builder, duration_ms);
  write_line (self, builder);

  keep_host_line (self, host_name,
                  status != 0
                  ? g_strdup_printf ("%s %s → %u (%.0f ms)", method, path != NULL ? path : "?",
                                     status, duration_ms)
                  /* Translators: an HTTP request that got no answer, in a host's log. */
                  : g_strdup_printf (_("%s %s → no answer (%.0f ms)"), method,
                                     path != NULL ? path : "?", duration_ms));
}

/**
 * takeover_adopt_audit_command:
 * @channel: how the command reached the host: "ssh" or "ipmi"
 *
 * Records one command the probe ran on (or sent to the BMC of) @host_name.
 */
void
takeover_adopt_audit_command (TakeoverAdoptAudit *self,
                              const char         *host_name,
                              const char         *channel,
                              const char         *command)
{
  g_autoptr(JsonBuilder) builder = NULL;
  const char *newline;

  g_return_if_fail (TAKEOVER_IS_ADOPT_AUDIT (self));
  g_return_if_fail (channel != NULL && command != NULL);

  builder = begin_line (host_name, "command");
  add_string (builder, "channel", channel);
  add_string (builder, "command", command);
  write_line (self, builder);

  /* The probe's script is many lines: a window shows its first (the file has it whole). */
  newline = strchr (command, '\n');
  keep_host_line (self, host_name,
                  newline != NULL
                  ? g_strdup_printf ("%s: %.*s …", channel, (int) (newline - command), command)
                  : g_strdup_printf ("%s: %s", channel, command));
}

/**
 * takeover_adopt_audit_step:
 * @step: the state's stable name (takeover_adopt_state_to_string())
 * @message: (nullable): what happened
 *
 * Records that @host_name reached @step.
 */
void
takeover_adopt_audit_step (TakeoverAdoptAudit *self,
                           const char         *host_name,
                           const char         *step,
                           const char         *message)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_if_fail (TAKEOVER_IS_ADOPT_AUDIT (self));
  g_return_if_fail (step != NULL);

  builder = begin_line (host_name, "step");
  add_string (builder, "step", step);
  add_string (builder, "message", message);
  write_line (self, builder);

  keep_host_line (self, host_name,
                  message != NULL ? g_strdup_printf ("== %s: %s", step, message)
                                  : g_strdup_printf ("== %s", step));
}

/**
 * takeover_adopt_audit_dup_host_lines:
 *
 * Returns: (transfer full): @host_name's lines of this run so far, oldest first, each with
 *   its local time: the requests sent for it, the commands run on it and the steps it reached
 *   (the last 500; the file has them all)
 */
char **
takeover_adopt_audit_dup_host_lines (TakeoverAdoptAudit *self,
                                     const char         *host_name)
{
  GPtrArray *lines;
  GStrvBuilder *builder;
  char **result;

  g_return_val_if_fail (TAKEOVER_IS_ADOPT_AUDIT (self), NULL);
  g_return_val_if_fail (host_name != NULL, NULL);

  builder = g_strv_builder_new ();
  if ((lines = g_hash_table_lookup (self->host_lines, host_name)) != NULL)
    for (guint i = 0; i < lines->len; i++)
      g_strv_builder_add (builder, g_ptr_array_index (lines, i));
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return result;
}
