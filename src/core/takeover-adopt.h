/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "takeover-adopt-audit.h"
#include "takeover-adopt-job.h"
#include "takeover-fleet-probe.h"
#include "takeover-ironic.h"
#include "takeover-journal.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_ADOPT (takeover_adopt_get_type ())

#define TAKEOVER_ADOPT_DEFAULT_CONCURRENCY    16
#define TAKEOVER_ADOPT_DEFAULT_ADOPT_ATTEMPTS 3
#define TAKEOVER_ADOPT_DEFAULT_STATE_TIMEOUT  600
#define TAKEOVER_ADOPT_DEFAULT_RESOURCE_CLASS "baremetal"

G_DECLARE_FINAL_TYPE (TakeoverAdopt, takeover_adopt, TAKEOVER, ADOPT, GObject)

TakeoverAdopt      *takeover_adopt_new                    (TakeoverIronic       *ironic,
                                                           TakeoverFleetProbe   *probe);
GListModel         *takeover_adopt_get_jobs               (TakeoverAdopt        *self);
TakeoverAdoptJob   *takeover_adopt_add_host               (TakeoverAdopt        *self,
                                                           TakeoverHost         *host);
void                takeover_adopt_skip_job               (TakeoverAdopt        *self,
                                                           TakeoverAdoptJob     *job,
                                                           const char           *reason);
guint               takeover_adopt_get_concurrency        (TakeoverAdopt        *self);
const char         *takeover_adopt_get_image_source       (TakeoverAdopt        *self);
const char         *takeover_adopt_get_resource_class     (TakeoverAdopt        *self);
const char         *takeover_adopt_get_owner              (TakeoverAdopt        *self);
const char         *takeover_adopt_get_deploy_kernel      (TakeoverAdopt        *self);
const char         *takeover_adopt_get_deploy_ramdisk     (TakeoverAdopt        *self);
guint               takeover_adopt_get_adopt_attempts     (TakeoverAdopt        *self);
guint               takeover_adopt_get_state_timeout      (TakeoverAdopt        *self);
gboolean            takeover_adopt_get_dry_run            (TakeoverAdopt        *self);
TakeoverJournal    *takeover_adopt_get_journal            (TakeoverAdopt        *self);
TakeoverAdoptAudit *takeover_adopt_get_audit              (TakeoverAdopt        *self);
gboolean            takeover_adopt_get_paused             (TakeoverAdopt        *self);
void                takeover_adopt_set_concurrency        (TakeoverAdopt        *self,
                                                           guint                 concurrency);
void                takeover_adopt_set_image_source       (TakeoverAdopt        *self,
                                                           const char           *image_source);
void                takeover_adopt_set_resource_class     (TakeoverAdopt        *self,
                                                           const char           *resource_class);
void                takeover_adopt_set_owner              (TakeoverAdopt        *self,
                                                           const char           *owner);
void                takeover_adopt_set_deploy_kernel      (TakeoverAdopt        *self,
                                                           const char           *deploy_kernel);
void                takeover_adopt_set_deploy_ramdisk     (TakeoverAdopt        *self,
                                                           const char           *deploy_ramdisk);
void                takeover_adopt_set_adopt_attempts     (TakeoverAdopt        *self,
                                                           guint                 adopt_attempts);
void                takeover_adopt_set_state_timeout      (TakeoverAdopt        *self,
                                                           guint                 seconds);
void                takeover_adopt_set_dry_run            (TakeoverAdopt        *self,
                                                           gboolean              dry_run);
void                takeover_adopt_set_journal            (TakeoverAdopt        *self,
                                                           TakeoverJournal      *journal);
void                takeover_adopt_set_audit              (TakeoverAdopt        *self,
                                                           TakeoverAdoptAudit   *audit);
void                takeover_adopt_set_paused             (TakeoverAdopt        *self,
                                                           gboolean              paused);
void                takeover_adopt_run_async              (TakeoverAdopt        *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean            takeover_adopt_run_finish             (TakeoverAdopt        *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void                takeover_adopt_remove_node_async      (TakeoverAdopt        *self,
                                                           TakeoverAdoptJob     *job,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean            takeover_adopt_remove_node_finish     (TakeoverAdopt        *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

G_END_DECLS
