/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* RRDtool's own write cache, rrdcached, for a metrics folder: updates go to it in one batch a
 * round and it writes each file once every few minutes (journaled, so a crash loses nothing),
 * instead of librrd opening, mapping and rewriting 20,000 files every 10 s. One daemon a
 * folder, at FOLDER/.rrdcached.sock: a store that finds one answering uses it, else starts its
 * own, which ends (flushing every file) with the store or its process.
 *
 * Blocking: used from the store's own thread. Paths are relative to the folder. */

typedef struct _TakeoverRrdCache TakeoverRrdCache;

TakeoverRrdCache *takeover_rrd_cache_open   (const char        *directory,
                                             const char        *daemon,
                                             GError           **error);
gboolean          takeover_rrd_cache_update (TakeoverRrdCache  *self,
                                             GPtrArray         *commands,
                                             GError           **error);
gboolean          takeover_rrd_cache_flush  (TakeoverRrdCache  *self,
                                             const char        *path,
                                             GError           **error);
void              takeover_rrd_cache_free   (TakeoverRrdCache  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TakeoverRrdCache, takeover_rrd_cache_free)

G_END_DECLS
