/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-file-writer"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "takeover-file-writer.h"

/* One queue, one thread: writes are made in the order they were asked for, whatever file they
 * go to, and never two at once (on a slow disk more threads would only queue in the kernel). */

struct _TakeoverFileHandle
{
  gatomicrefcount  ref;
  int              fd;
  char            *path;
};

typedef enum
{
  OP_REPLACE,
  OP_APPEND,
  OP_FLUSH,
} OpKind;

typedef struct
{
  OpKind              kind;
  char               *path;
  GBytes             *bytes;
  TakeoverFileHandle *handle;
  GTask              *task;        /* the caller's, completed on its context; or NULL */
  /* A caller that blocks (takeover_file_writer_replace_sync, _wait_idle) waits on these. */
  GMutex             *mutex;
  GCond              *cond;
  gboolean           *done;
  GError            **error;
} Op;

G_DEFINE_BOXED_TYPE (TakeoverFileHandle, takeover_file_handle,
                     takeover_file_handle_ref, takeover_file_handle_unref)

static GAsyncQueue *queue;

static void
op_free (Op *op)
{
  g_free (op->path);
  g_clear_pointer (&op->bytes, g_bytes_unref);
  g_clear_pointer (&op->handle, takeover_file_handle_unref);
  g_clear_object (&op->task);
  g_free (op);
}

static gboolean
replace_file (const char  *path,
              GBytes      *bytes,
              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  /* CONSISTENT writes a temporary file and renames it over @path; DURABLE fsyncs it first: a
   * crash or a failed write at any moment leaves the old file or the new one, never a torn
   * one. */
  return g_file_set_contents_full (path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

static void
append (TakeoverFileHandle *handle,
        GBytes             *bytes)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  /* Straight to the kernel, as a line of a log that a killed process must not lose. */
  while (length > 0)
    {
      gssize n = write (handle->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          /* A log that cannot be written does not stop the work it records. */
          g_debug ("Cannot write %s: %s", handle->path, g_strerror (errno));
          return;
        }
      data += n;
      length -= (gsize) n;
    }
}

static void
op_run (Op *op)
{
  GError *error = NULL;
  gboolean ok = TRUE;

  switch (op->kind)
    {
    case OP_REPLACE:
      ok = replace_file (op->path, op->bytes, &error);
      break;

    case OP_APPEND:
      append (op->handle, op->bytes);
      break;

    case OP_FLUSH:
    default:
      break;
    }

  if (op->task != NULL)
    {
      if (ok)
        g_task_return_boolean (op->task, TRUE);
      else
        g_task_return_error (op->task, g_steal_pointer (&error));
    }
  else if (op->done != NULL)
    {
      g_mutex_lock (op->mutex);
      if (error != NULL && op->error != NULL)
        g_propagate_error (op->error, g_steal_pointer (&error));
      *op->done = TRUE;
      g_cond_signal (op->cond);
      g_mutex_unlock (op->mutex);
    }
  else if (error != NULL)
    {
      /* Nobody waits for this one (a journal finalized with a save pending). */
      g_debug ("%s", error->message);
    }
  g_clear_error (&error);
}

static gpointer
writer_thread_cb (gpointer data)
{
  for (;;)
    {
      Op *op = g_async_queue_pop (queue);

      op_run (op);
      op_free (op);
    }

  return NULL;
}

static gpointer
start_writer_cb (gpointer data)
{
  g_autoptr(GError) error = NULL;
  GThread *thread;

  queue = g_async_queue_new ();
  thread = g_thread_try_new ("takeover-writer", writer_thread_cb, NULL, &error);
  if (thread == NULL)
    {
      /* Out of threads: writing on the caller's thread is slower, never lost. */
      g_debug ("No writer thread, writing in place: %s", error->message);
      return GINT_TO_POINTER (FALSE);
    }
  g_thread_unref (thread);

  return GINT_TO_POINTER (TRUE);
}

static void
submit (Op *op)
{
  static GOnce once = G_ONCE_INIT;

  if (GPOINTER_TO_INT (g_once (&once, start_writer_cb, NULL)))
    {
      g_async_queue_push (queue, op);
      return;
    }

  op_run (op);
  op_free (op);
}

/* Queues @op and blocks until the writer has made it (and everything asked before it). */
static gboolean
submit_and_wait (Op      *op,
                 GError **error)
{
  GMutex mutex;
  GCond cond;
  gboolean done = FALSE;

  g_mutex_init (&mutex);
  g_cond_init (&cond);
  op->mutex = &mutex;
  op->cond = &cond;
  op->done = &done;
  op->error = error;

  submit (op);

  g_mutex_lock (&mutex);
  while (!done)
    g_cond_wait (&cond, &mutex);
  g_mutex_unlock (&mutex);

  g_cond_clear (&cond);
  g_mutex_clear (&mutex);

  return error == NULL || *error == NULL;
}

static Op *
replace_op_new (const char *path,
                GBytes     *contents)
{
  Op *op = g_new0 (Op, 1);

  op->kind = OP_REPLACE;
  op->path = g_strdup (path);
  op->bytes = g_bytes_ref (contents);

  return op;
}

/**
 * takeover_file_writer_open_append:
 *
 * Opens (creating it and its folder, readable by its owner only) a file that
 * takeover_file_writer_append() adds to. Opening is the one wait on the caller's thread: once
 * for a log, as it starts.
 *
 * Returns: (transfer full): the handle, or %NULL with @error, whose message is the system's
 *   reason alone (the caller names the file and what it was for)
 */
TakeoverFileHandle *
takeover_file_writer_open_append (const char  *path,
                                  GError     **error)
{
  g_autofree char *dir = NULL;
  TakeoverFileHandle *handle;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      (fd = g_open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600)) == -1)
    {
      int saved_errno = errno;

      /* The reason alone: the caller says what the file was for. */
      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return NULL;
    }

  handle = g_new0 (TakeoverFileHandle, 1);
  g_atomic_ref_count_init (&handle->ref);
  handle->fd = fd;
  handle->path = g_strdup (path);

  return handle;
}

TakeoverFileHandle *
takeover_file_handle_ref (TakeoverFileHandle *handle)
{
  g_return_val_if_fail (handle != NULL, NULL);

  g_atomic_ref_count_inc (&handle->ref);
  return handle;
}

/* The last reference closes the file: the writer holds one while a line waits for it. */
void
takeover_file_handle_unref (TakeoverFileHandle *handle)
{
  g_return_if_fail (handle != NULL);

  if (!g_atomic_ref_count_dec (&handle->ref))
    return;

  close (handle->fd);
  g_free (handle->path);
  g_free (handle);
}

const char *
takeover_file_handle_get_path (TakeoverFileHandle *handle)
{
  g_return_val_if_fail (handle != NULL, NULL);

  return handle->path;
}

/**
 * takeover_file_writer_append:
 *
 * Adds @bytes to the end of @handle's file, after every write asked for before; returns at
 * once. A failed write is logged (debug) and dropped: this is for logs, which must not stop
 * the work they record.
 */
void
takeover_file_writer_append (TakeoverFileHandle *handle,
                             GBytes             *bytes)
{
  Op *op;

  g_return_if_fail (handle != NULL);
  g_return_if_fail (bytes != NULL);

  op = g_new0 (Op, 1);
  op->kind = OP_APPEND;
  op->handle = takeover_file_handle_ref (handle);
  op->bytes = g_bytes_ref (bytes);
  submit (op);
}

/**
 * takeover_file_writer_replace_async:
 * @callback: (nullable): called on the thread-default main context once @path holds
 *   @contents, or could not; %NULL to not be told
 *
 * Replaces @path (creating its folder) with @contents atomically and durably: written to a
 * temporary file, synced, renamed over it. A failure leaves the old file as it was.
 */
void
takeover_file_writer_replace_async (const char          *path,
                                    GBytes              *contents,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  Op *op;

  g_return_if_fail (path != NULL);
  g_return_if_fail (contents != NULL);

  op = replace_op_new (path, contents);
  if (callback != NULL)
    {
      op->task = g_task_new (NULL, NULL, callback, user_data);
      g_task_set_source_tag (op->task, takeover_file_writer_replace_async);
    }
  submit (op);
}

gboolean
takeover_file_writer_replace_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        takeover_file_writer_replace_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * takeover_file_writer_replace_sync:
 *
 * As takeover_file_writer_replace_async(), in order with it, but blocks until it is done: for
 * tools and tests, never on a main loop that draws a window.
 */
gboolean
takeover_file_writer_replace_sync (const char  *path,
                                   GBytes      *contents,
                                   GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  return submit_and_wait (replace_op_new (path, contents), error);
}

/**
 * takeover_file_writer_flush_async:
 *
 * Calls back on the thread-default main context once every write asked for before this call
 * has been made.
 */
void
takeover_file_writer_flush_async (GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  Op *op = g_new0 (Op, 1);

  op->kind = OP_FLUSH;
  op->task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (op->task, takeover_file_writer_flush_async);
  submit (op);
}

gboolean
takeover_file_writer_flush_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * takeover_file_writer_wait_idle:
 *
 * Blocks until every write asked for so far has been made: for a command line tool before it
 * exits, so that nothing queued is lost with the process.
 */
void
takeover_file_writer_wait_idle (void)
{
  Op *op = g_new0 (Op, 1);

  op->kind = OP_FLUSH;
  submit_and_wait (op, NULL);
}
