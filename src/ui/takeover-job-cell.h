/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "takeover-adopt-job.h"

G_BEGIN_DECLS

typedef enum
{
  TAKEOVER_JOB_CELL_HOST,
  TAKEOVER_JOB_CELL_STEP,
  TAKEOVER_JOB_CELL_PROGRESS,
  TAKEOVER_JOB_CELL_ELAPSED,
  TAKEOVER_JOB_CELL_NODE,
  TAKEOVER_JOB_CELL_MESSAGE,
} TakeoverJobCellKind;

#define TAKEOVER_TYPE_JOB_CELL (takeover_job_cell_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverJobCell, takeover_job_cell, TAKEOVER, JOB_CELL, GtkWidget)

GtkWidget        *takeover_job_cell_new         (TakeoverJobCellKind  kind);
TakeoverAdoptJob *takeover_job_cell_get_job     (TakeoverJobCell     *self);
void              takeover_job_cell_set_job     (TakeoverJobCell     *self,
                                                 TakeoverAdoptJob    *job);
void              takeover_job_cell_set_factory (GtkColumnViewColumn *column,
                                                 TakeoverJobCellKind  kind);
char             *takeover_job_cell_format_elapsed (double            seconds);

G_END_DECLS
