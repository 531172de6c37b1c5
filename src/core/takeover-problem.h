/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "takeover-host.h"

G_BEGIN_DECLS

/* How bad a problem is: a warning lets the host be used (maybe after the operator adds
 * something, like a password an export left out); an error means the record cannot be used
 * as it stands. */
typedef enum
{
  TAKEOVER_SEVERITY_WARNING,
  TAKEOVER_SEVERITY_ERROR,
} TakeoverSeverity;

#define TAKEOVER_TYPE_SEVERITY (takeover_severity_get_type ())
#define TAKEOVER_TYPE_PROBLEM  (takeover_problem_get_type ())

GType takeover_severity_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (TakeoverProblem, takeover_problem, TAKEOVER, PROBLEM, GObject)

TakeoverProblem  *takeover_problem_new          (TakeoverSeverity  severity,
                                                 TakeoverHost     *host,
                                                 const char       *file,
                                                 guint             line,
                                                 const char       *field,
                                                 const char       *message);
TakeoverSeverity  takeover_problem_get_severity (TakeoverProblem  *self);
TakeoverHost     *takeover_problem_get_host     (TakeoverProblem  *self);
const char       *takeover_problem_get_file     (TakeoverProblem  *self);
guint             takeover_problem_get_line     (TakeoverProblem  *self);
const char       *takeover_problem_get_field    (TakeoverProblem  *self);
const char       *takeover_problem_get_message  (TakeoverProblem  *self);
char             *takeover_problem_to_string    (TakeoverProblem  *self);

G_END_DECLS
