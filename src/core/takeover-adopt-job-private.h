/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "takeover-adopt-job.h"

G_BEGIN_DECLS

/* Only the adoption engine moves a job along; everyone else reads it. */
void takeover_adopt_job_set_state           (TakeoverAdoptJob   *self,
                                             TakeoverAdoptState  state);
void takeover_adopt_job_set_node_uuid       (TakeoverAdoptJob   *self,
                                             const char         *node_uuid);
void takeover_adopt_job_set_provision_state (TakeoverAdoptJob   *self,
                                             const char         *provision_state);
void takeover_adopt_job_set_message         (TakeoverAdoptJob   *self,
                                             const char         *message);
void takeover_adopt_job_add_attempt         (TakeoverAdoptJob   *self);
void takeover_adopt_job_add_plan_step       (TakeoverAdoptJob   *self,
                                             const char         *step);
void takeover_adopt_job_fail                (TakeoverAdoptJob   *self,
                                             const char         *message,
                                             const char         *last_error,
                                             const char         *hint);
void takeover_adopt_job_reset               (TakeoverAdoptJob   *self);

G_END_DECLS
