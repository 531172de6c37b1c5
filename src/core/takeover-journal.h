/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "takeover-adopt-job.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_JOURNAL (takeover_journal_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverJournal, takeover_journal, TAKEOVER, JOURNAL, GObject)

char            *takeover_journal_dup_path_for_cloud (const char          *cloud_name);
TakeoverJournal *takeover_journal_new                (const char          *path);
const char      *takeover_journal_get_path           (TakeoverJournal     *self);
gboolean         takeover_journal_load               (TakeoverJournal     *self,
                                                      GError             **error);
gboolean         takeover_journal_lock               (TakeoverJournal     *self,
                                                      GError             **error);
gboolean         takeover_journal_lookup             (TakeoverJournal     *self,
                                                      const char          *host_name,
                                                      TakeoverAdoptState  *state,
                                                      const char         **node_uuid);
guint            takeover_journal_get_n_hosts        (TakeoverJournal     *self);
guint            takeover_journal_get_n_unfinished   (TakeoverJournal     *self);
const char      *takeover_journal_get_inventory      (TakeoverJournal     *self);
const char      *takeover_journal_get_image_source   (TakeoverJournal     *self);
const char      *takeover_journal_get_owner          (TakeoverJournal     *self);
void             takeover_journal_set_run            (TakeoverJournal     *self,
                                                      const char          *inventory,
                                                      const char          *image_source,
                                                      const char          *owner,
                                                      const char * const  *hosts);
void             takeover_journal_record             (TakeoverJournal     *self,
                                                      TakeoverAdoptJob    *job);
void             takeover_journal_save_async         (TakeoverJournal     *self,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean         takeover_journal_save_finish        (TakeoverJournal     *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
gboolean         takeover_journal_save               (TakeoverJournal     *self,
                                                      GError             **error);
const GError    *takeover_journal_get_error          (TakeoverJournal     *self);

G_END_DECLS
