/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "takeover-probe-request.h"
#include "takeover-probe-result.h"

G_BEGIN_DECLS

/* Blocking; runs on a pool thread. Logs in over SSH (host key checked), runs its one fixed,
 * read-only command (takeover_ssh_probe_dup_command(): the facts script) and fills @result's
 * facts; "ssh" in the problems when the host could
 * not be used at all. */
void  takeover_ssh_probe_run         (const TakeoverProbeRequest *request,
                                     TakeoverProbeResult        *result,
                                     GCancellable               *cancellable);
char *takeover_ssh_probe_dup_command (void);

/* A logged-in SSH session kept open between commands, as the monitor keeps one a host: the
 * same host key check and log-in as the probe, then one command at a time (blocking, on a
 * pool thread). */
typedef struct _TakeoverSshSession TakeoverSshSession;

TakeoverSshSession *takeover_ssh_session_open (const TakeoverProbeRequest  *request,
                                               TakeoverProbeResult         *result,
                                               GCancellable                *cancellable,
                                               GError                     **error);
char               *takeover_ssh_session_exec (TakeoverSshSession          *self,
                                               const char                  *command,
                                               GCancellable                *cancellable,
                                               GError                     **error);
void                takeover_ssh_session_free (TakeoverSshSession          *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TakeoverSshSession, takeover_ssh_session_free)

G_END_DECLS
