/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "takeover-adopt.h"
#include "takeover-cloud-config.h"
#include "takeover-fleet-probe.h"
#include "takeover-inventory.h"
#include "takeover-prepare.h"

G_BEGIN_DECLS

/* One takeover, for whichever face shows it (docs/architecture.md):
 *
 *   session = takeover_session_new ();
 *   takeover_inventory_load_async (takeover_session_get_inventory (session), file, ...);
 *   takeover_session_open_cloud (session, "mycloud", &error);   or _set_cloud_config ()
 *   takeover_session_probe_async (session, NULL, ...);           read-only, every host
 *   takeover_session_plan_async (session, ...);                  then _apply_async ()
 *   g_object_set (takeover_session_get_adopt (session), "image-source", ..., NULL);
 *   takeover_session_adopt_async (session, ...);
 *
 * The session creates and connects the engine's pieces (cloud, Ironic, fleet probe, prepare,
 * adoption, journal, audit log) and keeps the policies that are the same for every face: a
 * host whose inventory record has errors is skipped, the cloud's journal is locked for a run
 * that changes anything, the probe pool is never narrower than the adoption, and one stage
 * runs at a time. The pieces stay reachable, so that a face can show or tune them. */

#define TAKEOVER_SESSION_ERROR (takeover_session_error_quark ())

typedef enum
{
  /* A stage that talks to the cloud was started before a cloud was chosen. */
  TAKEOVER_SESSION_ERROR_NO_CLOUD,
  /* Another stage of the session is still running. */
  TAKEOVER_SESSION_ERROR_BUSY,
  /* Prepare needs every inventory record valid: the subnets are made from all of them. */
  TAKEOVER_SESSION_ERROR_INVALID_INVENTORY,
  /* Apply was asked for without a plan, or with a plan that has problems. */
  TAKEOVER_SESSION_ERROR_PLAN,
} TakeoverSessionError;

typedef enum
{
  TAKEOVER_SESSION_STAGE_IDLE,
  TAKEOVER_SESSION_STAGE_CHECKING,
  TAKEOVER_SESSION_STAGE_PROBING,
  TAKEOVER_SESSION_STAGE_PLANNING,
  TAKEOVER_SESSION_STAGE_APPLYING,
  TAKEOVER_SESSION_STAGE_ADOPTING,
} TakeoverSessionStage;

#define TAKEOVER_TYPE_SESSION       (takeover_session_get_type ())
#define TAKEOVER_TYPE_SESSION_STAGE (takeover_session_stage_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverSession, takeover_session, TAKEOVER, SESSION, GObject)

GQuark               takeover_session_error_quark           (void);
GType                takeover_session_stage_get_type        (void) G_GNUC_CONST;

TakeoverSession     *takeover_session_new                   (void);
TakeoverInventory   *takeover_session_get_inventory         (TakeoverSession      *self);
TakeoverFleetProbe  *takeover_session_get_fleet_probe       (TakeoverSession      *self);
TakeoverCloudConfig *takeover_session_get_cloud_config      (TakeoverSession      *self);
TakeoverCloud       *takeover_session_get_cloud             (TakeoverSession      *self);
TakeoverIronic      *takeover_session_get_ironic            (TakeoverSession      *self);
TakeoverJournal     *takeover_session_get_journal           (TakeoverSession      *self);
TakeoverPrepare     *takeover_session_get_prepare           (TakeoverSession      *self);
TakeoverAdopt       *takeover_session_get_adopt             (TakeoverSession      *self);
TakeoverAdoptAudit  *takeover_session_get_audit             (TakeoverSession      *self);
TakeoverSessionStage takeover_session_get_stage             (TakeoverSession      *self);
gboolean             takeover_session_get_busy              (TakeoverSession      *self);
const GError        *takeover_session_get_error             (TakeoverSession      *self);
gboolean             takeover_session_get_paused            (TakeoverSession      *self);
gboolean             takeover_session_get_skip_invalid_hosts (TakeoverSession     *self);
guint                takeover_session_get_n_probed          (TakeoverSession      *self);
guint                takeover_session_get_n_to_probe        (TakeoverSession      *self);
guint                takeover_session_get_n_jobs            (TakeoverSession      *self);
guint                takeover_session_get_n_finished        (TakeoverSession      *self);
guint                takeover_session_get_n_adopted         (TakeoverSession      *self);
guint                takeover_session_get_n_failed          (TakeoverSession      *self);
guint                takeover_session_get_n_skipped         (TakeoverSession      *self);
guint                takeover_session_get_n_cancelled       (TakeoverSession      *self);
gboolean             takeover_session_get_succeeded         (TakeoverSession      *self);
gboolean             takeover_session_get_plan_has_changes  (TakeoverSession      *self);
guint                takeover_session_get_n_unfinished      (TakeoverSession      *self);
GFile               *takeover_session_dup_unfinished_inventory (TakeoverSession   *self);
void                 takeover_session_restore_run           (TakeoverSession      *self);

void                 takeover_session_pause                 (TakeoverSession      *self);
void                 takeover_session_resume                (TakeoverSession      *self);
void                 takeover_session_set_skip_invalid_hosts (TakeoverSession     *self,
                                                             gboolean              skip);
gboolean             takeover_session_set_cloud_config      (TakeoverSession      *self,
                                                             TakeoverCloudConfig  *config,
                                                             GError              **error);
gboolean             takeover_session_open_cloud            (TakeoverSession      *self,
                                                             const char           *name,
                                                             GError              **error);

void                 takeover_session_check_cloud_async     (TakeoverSession      *self,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
TakeoverCloudEndpoint *takeover_session_check_cloud_finish  (TakeoverSession      *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void                 takeover_session_probe_async           (TakeoverSession      *self,
                                                             GListModel           *hosts,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gssize               takeover_session_probe_finish          (TakeoverSession      *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void                 takeover_session_plan_async            (TakeoverSession      *self,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean             takeover_session_plan_finish           (TakeoverSession      *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void                 takeover_session_apply_async           (TakeoverSession      *self,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean             takeover_session_apply_finish          (TakeoverSession      *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void                 takeover_session_adopt_async           (TakeoverSession      *self,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean             takeover_session_adopt_finish          (TakeoverSession      *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

G_END_DECLS
