/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A cloud's password in the Secret Service (GNOME Keyring, KWallet), never in a file. It is kept
 * under the cloud's name, its address and the user, and given back only for all three: a
 * password remembered for one Keystone is never sent to another that took the same name.
 *
 *   takeover_keyring_store_async (cloud, url, user, password, ...)
 *   takeover_keyring_lookup_async (cloud, url, user, ...)   NULL and no error: none kept
 *   takeover_keyring_clear_async (cloud, ...)               every password of that cloud
 *
 * D-Bus on the caller's main context; no thread. */

void      takeover_keyring_store_async  (const char           *cloud,
                                         const char           *url,
                                         const char           *user,
                                         const char           *password,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean  takeover_keyring_store_finish (GAsyncResult         *result,
                                         GError              **error);
void      takeover_keyring_lookup_async (const char           *cloud,
                                         const char           *url,
                                         const char           *user,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
char     *takeover_keyring_lookup_finish (GAsyncResult        *result,
                                         GError              **error);
void      takeover_keyring_clear_async  (const char           *cloud,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean  takeover_keyring_clear_finish (GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
