/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The one thread that writes the engine's state files (the journal, the audit logs), so that
 * no disk wait ever lands on a main loop: on a slow or stalled disk the window keeps drawing
 * and the requests keep flowing. Writes happen in the order they were asked for; a caller
 * learns how its write went from a callback on its own main context.
 *
 *   takeover_file_writer_replace_async (path, bytes, ...)   atomic and durable, as a journal
 *   handle = takeover_file_writer_open_append (path, &error) an append-only log
 *   takeover_file_writer_append (handle, bytes)              one line, in order, no wait
 *   takeover_file_writer_flush_async (...)                   after every write asked before
 *
 * No cancellable: a write that was asked for is made, so that what a run recorded is on disk
 * even when the run was cancelled; a caller that stops waiting just drops its callback. */

typedef struct _TakeoverFileHandle TakeoverFileHandle;

#define TAKEOVER_TYPE_FILE_HANDLE (takeover_file_handle_get_type ())

GType               takeover_file_handle_get_type       (void) G_GNUC_CONST;
TakeoverFileHandle *takeover_file_writer_open_append    (const char           *path,
                                                         GError              **error);
TakeoverFileHandle *takeover_file_handle_ref            (TakeoverFileHandle   *handle);
void                takeover_file_handle_unref          (TakeoverFileHandle   *handle);
const char         *takeover_file_handle_get_path       (TakeoverFileHandle   *handle);
void                takeover_file_writer_append         (TakeoverFileHandle   *handle,
                                                         GBytes               *bytes);
void                takeover_file_writer_replace_async  (const char           *path,
                                                         GBytes               *contents,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean            takeover_file_writer_replace_finish (GAsyncResult         *result,
                                                         GError              **error);
void                takeover_file_writer_flush_async    (GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean            takeover_file_writer_flush_finish   (GAsyncResult         *result,
                                                         GError              **error);
gboolean            takeover_file_writer_replace_sync   (const char           *path,
                                                         GBytes               *contents,
                                                         GError              **error);
void                takeover_file_writer_wait_idle      (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TakeoverFileHandle, takeover_file_handle_unref)

G_END_DECLS
