/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "takeover-host.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_ADOPT_STATE (takeover_adopt_state_get_type ())
#define TAKEOVER_TYPE_ADOPT_JOB   (takeover_adopt_job_get_type ())
#define TAKEOVER_ADOPT_ERROR      (takeover_adopt_error_quark ())

/* Errors of the adoption engine and its journal; the cloud's own errors keep their domain. */
typedef enum
{
  TAKEOVER_ADOPT_ERROR_BUSY,         /* another run holds this cloud's journal */
  TAKEOVER_ADOPT_ERROR_INVALID,      /* a journal or an option that makes no sense */
  TAKEOVER_ADOPT_ERROR_CONFLICT,     /* the node name or a MAC belongs to another machine */
  TAKEOVER_ADOPT_ERROR_PREFLIGHT,    /* the host did not answer the probe as it must */
  TAKEOVER_ADOPT_ERROR_BMC,          /* Ironic could not manage the node through its BMC */
  TAKEOVER_ADOPT_ERROR_ADOPT_FAILED, /* Ironic's adoption failed after every retry */
  TAKEOVER_ADOPT_ERROR_UNEXPECTED,   /* the node is in a state adoption cannot go on from */
} TakeoverAdoptError;

/* The steps of one host's adoption, in the order they are reached, then the three ends that
 * are not success. The journal stores each state by its nick, so the nicks never change. */
typedef enum
{
  TAKEOVER_ADOPT_STATE_PENDING,
  TAKEOVER_ADOPT_STATE_PREFLIGHT,
  TAKEOVER_ADOPT_STATE_NODE_CREATED,
  TAKEOVER_ADOPT_STATE_PORTS_CREATED,
  TAKEOVER_ADOPT_STATE_INSTANCE_INFO_SET,
  TAKEOVER_ADOPT_STATE_MANAGING,
  TAKEOVER_ADOPT_STATE_MANAGEABLE,
  TAKEOVER_ADOPT_STATE_ADOPTING,
  TAKEOVER_ADOPT_STATE_ACTIVE,
  TAKEOVER_ADOPT_STATE_VERIFIED,
  TAKEOVER_ADOPT_STATE_FAILED,
  TAKEOVER_ADOPT_STATE_SKIPPED,
  TAKEOVER_ADOPT_STATE_CANCELLED,
} TakeoverAdoptState;

GQuark      takeover_adopt_error_quark       (void);
GType       takeover_adopt_state_get_type    (void) G_GNUC_CONST;
const char *takeover_adopt_state_to_string   (TakeoverAdoptState  state);
gboolean    takeover_adopt_state_from_string (const char         *nick,
                                              TakeoverAdoptState *state);
const char *takeover_adopt_state_get_label   (TakeoverAdoptState  state);
gboolean    takeover_adopt_state_is_final    (TakeoverAdoptState  state);

G_DECLARE_FINAL_TYPE (TakeoverAdoptJob, takeover_adopt_job, TAKEOVER, ADOPT_JOB, GObject)

TakeoverAdoptJob   *takeover_adopt_job_new                 (TakeoverHost     *host);
TakeoverHost       *takeover_adopt_job_get_host            (TakeoverAdoptJob *self);
TakeoverAdoptState  takeover_adopt_job_get_state           (TakeoverAdoptJob *self);
TakeoverAdoptState  takeover_adopt_job_get_failed_state    (TakeoverAdoptJob *self);
double              takeover_adopt_job_get_progress        (TakeoverAdoptJob *self);
const char         *takeover_adopt_job_get_node_uuid       (TakeoverAdoptJob *self);
const char         *takeover_adopt_job_get_provision_state (TakeoverAdoptJob *self);
const char         *takeover_adopt_job_get_message         (TakeoverAdoptJob *self);
const char         *takeover_adopt_job_get_last_error      (TakeoverAdoptJob *self);
const char         *takeover_adopt_job_get_hint            (TakeoverAdoptJob *self);
guint               takeover_adopt_job_get_attempts        (TakeoverAdoptJob *self);
double              takeover_adopt_job_get_elapsed         (TakeoverAdoptJob *self);
const char * const *takeover_adopt_job_get_plan            (TakeoverAdoptJob *self);
GCancellable       *takeover_adopt_job_get_cancellable     (TakeoverAdoptJob *self);
gboolean            takeover_adopt_job_is_finished         (TakeoverAdoptJob *self);
gboolean            takeover_adopt_job_is_adopted          (TakeoverAdoptJob *self);
gboolean            takeover_adopt_job_can_remove_node     (TakeoverAdoptJob *self);
void                takeover_adopt_job_cancel              (TakeoverAdoptJob *self);

G_END_DECLS
