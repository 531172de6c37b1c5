/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TAKEOVER_TYPE_ADOPT_AUDIT (takeover_adopt_audit_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverAdoptAudit, takeover_adopt_audit, TAKEOVER, ADOPT_AUDIT, GObject)

char               *takeover_adopt_audit_dup_path_for_cloud (const char          *cloud_name);
TakeoverAdoptAudit *takeover_adopt_audit_new                (const char          *path,
                                                             GError             **error);
const char         *takeover_adopt_audit_get_path           (TakeoverAdoptAudit  *self);
void                takeover_adopt_audit_request            (TakeoverAdoptAudit  *self,
                                                             const char          *host_name,
                                                             const char          *method,
                                                             const char          *url,
                                                             guint                status,
                                                             double               duration_ms);
void                takeover_adopt_audit_command            (TakeoverAdoptAudit  *self,
                                                             const char          *host_name,
                                                             const char          *channel,
                                                             const char          *command);
char              **takeover_adopt_audit_dup_host_lines     (TakeoverAdoptAudit  *self,
                                                             const char          *host_name);
void                takeover_adopt_audit_step               (TakeoverAdoptAudit  *self,
                                                             const char          *host_name,
                                                             const char          *step,
                                                             const char          *message);

G_END_DECLS
