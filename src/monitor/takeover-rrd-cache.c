/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-rrd-cache"

#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "takeover-rrd-cache.h"

/* See the header. rrdcached's protocol is lines of text on a UNIX socket (rrdcached(1)):
 * "BATCH", then commands, then "."; the answer is "N errors" and a line for each, naming the
 * command's number. librrd's client sends one command a round trip, too slow for 20,000. */

#define SOCKET_NAME    ".rrdcached.sock"
#define JOURNAL_NAME   ".rrdcached-journal"
#define PID_NAME       ".rrdcached.pid"
/* Each file written at most every 5 minutes, spread over 2 more. */
#define WRITE_SECONDS  "300"
#define SPREAD_SECONDS "120"
#define START_USEC     (5 * G_USEC_PER_SEC)
#define STOP_USEC      (60 * G_USEC_PER_SEC)

struct _TakeoverRrdCache
{
  char              *directory;
  GSubprocess       *daemon;      /* ours, or NULL when another process's answered */
  GSocketConnection *connection;
  GDataInputStream  *input;
};

static void
die_with_parent (gpointer data)
{
  /* A daemon of ours outliving us (a crash) would hold the folder for ever: it ends, and with
   * -F writes every file first. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSocketConnection *
connect_socket (const char  *path,
                GError     **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);

  g_socket_client_set_enable_proxy (client, FALSE);
  return g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, error);
}

static gboolean
send_text (TakeoverRrdCache  *self,
           const char        *text,
           gsize              length,
           GError           **error)
{
  return g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (self->connection)),
                                    text, length, NULL, NULL, error);
}

/* One answer line; its leading number in @status (negative: an error). */
static char *
read_answer (TakeoverRrdCache  *self,
             gint64            *status,
             GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (self->input, NULL, NULL, &local_error);

  if (line == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                     _("rrdcached closed its connection"));
      return NULL;
    }
  *status = g_ascii_strtoll (line, NULL, 10);
  return line;
}

/* @socket_path is the folder's socket by a short way (a socket's path has at most 107 bytes;
 * a folder's may be longer); @full_path is the same socket by its own. */
static gboolean
start_daemon (TakeoverRrdCache  *self,
              const char        *daemon,
              const char        *socket_path,
              const char        *full_path,
              GError           **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autofree char *journal = g_build_filename (self->directory, JOURNAL_NAME, NULL);
  g_autofree char *pid = g_build_filename (self->directory, PID_NAME, NULL);
  gint64 deadline;

  if (g_mkdir_with_parents (journal, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not make %s: %s"), journal, g_strerror (saved));
      return FALSE;
    }
  /* A socket left by a daemon that is gone (it answered nothing). */
  g_unlink (full_path);

  /* It binds its socket relative to where it starts, before it moves to -b. */
  g_subprocess_launcher_set_cwd (launcher, self->directory);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->daemon = g_subprocess_launcher_spawn (launcher, error, daemon, "-g", "-F", "-B",
                                              "-b", self->directory, "-j", journal,
                                              "-p", pid, "-w", WRITE_SECONDS,
                                              "-z", SPREAD_SECONDS, "-m", "0600",
                                              "-l", "unix:" SOCKET_NAME, NULL);
  if (self->daemon == NULL)
    return FALSE;

  deadline = g_get_monotonic_time () + START_USEC;
  while ((self->connection = connect_socket (socket_path, NULL)) == NULL)
    {
      /* Its identifier goes once it has exited (GLib's worker reaps it). */
      if (g_get_monotonic_time () > deadline || g_subprocess_get_identifier (self->daemon) == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("rrdcached did not start for %s"), self->directory);
          return FALSE;
        }
      g_usleep (G_USEC_PER_SEC / 50);
    }
  return TRUE;
}

/**
 * takeover_rrd_cache_open:
 * @directory: the metrics folder
 * @daemon: rrdcached's program
 *
 * Returns: (transfer full): a connection to the folder's rrdcached, started if none answered;
 *   %NULL with @error when none could be had (the store then writes the files itself)
 */
TakeoverRrdCache *
takeover_rrd_cache_open (const char  *directory,
                         const char  *daemon,
                         GError     **error)
{
  g_autoptr(TakeoverRrdCache) self = g_new0 (TakeoverRrdCache, 1);
  g_autofree char *full_path = NULL;
  g_autofree char *socket_path = NULL;
  gboolean started;
  int folder;

  g_return_val_if_fail (directory != NULL && daemon != NULL, NULL);

  self->directory = g_canonicalize_filename (directory, NULL);
  full_path = g_build_filename (self->directory, SOCKET_NAME, NULL);
  if (g_mkdir_with_parents (self->directory, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not make the metrics folder %s: %s"), self->directory,
                   g_strerror (saved));
      return NULL;
    }

  /* The socket by the folder's descriptor, whatever the folder's path's length. */
  folder = open (self->directory, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (folder < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not open the metrics folder %s: %s"), self->directory,
                   g_strerror (saved));
      return NULL;
    }
  socket_path = g_strdup_printf ("/proc/self/fd/%d/%s", folder, SOCKET_NAME);

  /* Another process's daemon for this folder (the app's while the CLI runs) is shared. */
  self->connection = connect_socket (socket_path, NULL);
  started = self->connection != NULL ||
            start_daemon (self, daemon, socket_path, full_path, error);
  close (folder);
  if (!started)
    return NULL;

  self->input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (self->connection)));
  g_data_input_stream_set_newline_type (self->input, G_DATA_STREAM_NEWLINE_TYPE_LF);
  return g_steal_pointer (&self);
}

/**
 * takeover_rrd_cache_update:
 * @commands: (element-type utf8): "PATH TIME:VALUE [TIME:VALUE…]", a series each
 *
 * Hands a round's updates to the daemon in one batch. An update at or before a series' last
 * one (a round repeated, a clock set back) is skipped, as the store's own writes skip it.
 *
 * Returns: %TRUE, or %FALSE with @error: the connection's, or the first update refused
 */
gboolean
takeover_rrd_cache_update (TakeoverRrdCache  *self,
                           GPtrArray         *commands,
                           GError           **error)
{
  g_autoptr(GString) batch = g_string_new ("BATCH\n");
  g_autofree char *go = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *first_refusal = NULL;
  gint64 status, n_errors;

  g_return_val_if_fail (self != NULL && commands != NULL, FALSE);

  for (guint i = 0; i < commands->len; i++)
    g_string_append_printf (batch, "UPDATE %s\n", (const char *) g_ptr_array_index (commands, i));
  g_string_append (batch, ".\n");

  if (!send_text (self, batch->str, batch->len, error) ||
      (go = read_answer (self, &status, error)) == NULL ||
      (summary = read_answer (self, &n_errors, error)) == NULL)
    return FALSE;

  for (gint64 i = 0; i < n_errors; i++)
    {
      g_autofree char *line = read_answer (self, &status, error);

      if (line == NULL)
        return FALSE;
      if (strstr (line, "illegal attempt to update") == NULL && first_refusal == NULL)
        first_refusal = g_steal_pointer (&line);
    }

  if (first_refusal != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("rrdcached refused an update: %s"), first_refusal);
      return FALSE;
    }
  return TRUE;
}

/**
 * takeover_rrd_cache_flush:
 *
 * Writes @path's pending updates to its file, so that librrd reads them.
 */
gboolean
takeover_rrd_cache_flush (TakeoverRrdCache  *self,
                          const char        *path,
                          GError           **error)
{
  g_autofree char *command = NULL;
  g_autofree char *answer = NULL;
  gint64 status;

  g_return_val_if_fail (self != NULL && path != NULL, FALSE);

  command = g_strdup_printf ("FLUSH %s\n", path);
  return send_text (self, command, strlen (command), error) &&
         (answer = read_answer (self, &status, error)) != NULL;
}

void
takeover_rrd_cache_free (TakeoverRrdCache *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->input);
  if (self->connection != NULL)
    g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
  g_clear_object (&self->connection);

  /* Ours ends writing every file (-F); a large store takes a few seconds. */
  if (self->daemon != NULL)
    {
      gint64 deadline = g_get_monotonic_time () + STOP_USEC;

      g_subprocess_send_signal (self->daemon, SIGTERM);
      while (g_subprocess_get_identifier (self->daemon) != NULL &&
             g_get_monotonic_time () < deadline)
        g_usleep (G_USEC_PER_SEC / 50);
      if (g_subprocess_get_identifier (self->daemon) != NULL)
        {
          g_warning ("rrdcached for %s did not end in %d s: killed", self->directory,
                     (int) (STOP_USEC / G_USEC_PER_SEC));
          g_subprocess_force_exit (self->daemon);
          g_subprocess_wait (self->daemon, NULL, NULL);
        }
      g_clear_object (&self->daemon);
    }
  g_free (self->directory);
  g_free (self);
}
