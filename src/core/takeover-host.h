/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "takeover-probe-result.h"

#include "takeover-types.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_PRIVILEGE        (takeover_privilege_get_type ())
#define TAKEOVER_TYPE_HOST_PROBE_STATE (takeover_host_probe_state_get_type ())
#define TAKEOVER_TYPE_HOST             (takeover_host_get_type ())
#define TAKEOVER_HOST_ERROR            (takeover_host_error_quark ())

/* A value a host cannot take; the code names the field. */
typedef enum
{
  TAKEOVER_HOST_ERROR_SWITCH_ID,
  TAKEOVER_HOST_ERROR_PORT_ID,
} TakeoverHostError;

/* Where the host's latest probe is, for a list to show as it goes. */
typedef enum
{
  TAKEOVER_HOST_PROBE_NONE,       /* not probed in this session */
  TAKEOVER_HOST_PROBE_WAITING,    /* queued for a worker */
  TAKEOVER_HOST_PROBE_RUNNING,    /* reading its BMC and operating system */
  TAKEOVER_HOST_PROBE_ANSWERED,   /* both answered (there may be problems with a part) */
  TAKEOVER_HOST_PROBE_FAILED,     /* its BMC or its OS did not answer: probe-message says why */
} TakeoverHostProbeState;

GQuark takeover_host_error_quark         (void);
GType takeover_privilege_get_type        (void) G_GNUC_CONST;
GType takeover_host_probe_state_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (TakeoverHost, takeover_host, TAKEOVER, HOST, GObject)

TakeoverHost      *takeover_host_new                  (void);
TakeoverHost      *takeover_host_copy                 (TakeoverHost      *self);
void               takeover_host_assign               (TakeoverHost      *self,
                                                       TakeoverHost      *from);
gboolean           takeover_host_equal                (TakeoverHost      *a,
                                                       TakeoverHost      *b);
const char        *takeover_host_get_name             (TakeoverHost      *self);
const char        *takeover_host_get_bmc_address      (TakeoverHost      *self);
guint              takeover_host_get_bmc_port         (TakeoverHost      *self);
const char        *takeover_host_get_bmc_username     (TakeoverHost      *self);
const char        *takeover_host_get_bmc_password     (TakeoverHost      *self);
guint              takeover_host_get_bmc_cipher_suite (TakeoverHost      *self);
TakeoverPrivilege  takeover_host_get_bmc_privilege    (TakeoverHost      *self);
const char        *takeover_host_get_mgmt_ip          (TakeoverHost      *self);
guint              takeover_host_get_ssh_port         (TakeoverHost      *self);
const char        *takeover_host_get_ssh_username     (TakeoverHost      *self);
const char        *takeover_host_get_ssh_password     (TakeoverHost      *self);
const char        *takeover_host_get_ssh_key_file     (TakeoverHost      *self);
const char        *takeover_host_get_source_file      (TakeoverHost      *self);
guint              takeover_host_get_source_line      (TakeoverHost      *self);
const char        *takeover_host_get_display_name     (TakeoverHost      *self);
/* Beside the inventory's fields: the latest probe's result and the NICs' switch ports. */
TakeoverProbeResult *takeover_host_get_probe_result           (TakeoverHost        *self);
JsonObject          *takeover_host_get_local_link_connections (TakeoverHost        *self);
TakeoverHostProbeState takeover_host_get_probe_state          (TakeoverHost        *self);
const char          *takeover_host_get_probe_message          (TakeoverHost        *self);
void               takeover_host_set_name             (TakeoverHost      *self,
                                                       const char        *name);
void               takeover_host_set_bmc_address      (TakeoverHost      *self,
                                                       const char        *bmc_address);
void               takeover_host_set_bmc_port         (TakeoverHost      *self,
                                                       guint              bmc_port);
void               takeover_host_set_bmc_username     (TakeoverHost      *self,
                                                       const char        *bmc_username);
void               takeover_host_set_bmc_password     (TakeoverHost      *self,
                                                       const char        *bmc_password);
void               takeover_host_set_bmc_cipher_suite (TakeoverHost      *self,
                                                       guint              cipher_suite);
void               takeover_host_set_bmc_privilege    (TakeoverHost      *self,
                                                       TakeoverPrivilege  privilege);
void               takeover_host_set_mgmt_ip          (TakeoverHost      *self,
                                                       const char        *mgmt_ip);
void               takeover_host_set_ssh_port         (TakeoverHost      *self,
                                                       guint              ssh_port);
void               takeover_host_set_ssh_username     (TakeoverHost      *self,
                                                       const char        *ssh_username);
void               takeover_host_set_ssh_password     (TakeoverHost      *self,
                                                       const char        *ssh_password);
void               takeover_host_set_ssh_key_file     (TakeoverHost      *self,
                                                       const char        *ssh_key_file);
void               takeover_host_set_source           (TakeoverHost      *self,
                                                       const char        *file,
                                                       guint              line);
void                 takeover_host_set_probe_result           (TakeoverHost        *self,
                                                               TakeoverProbeResult *result);
void                 takeover_host_set_local_link_connections (TakeoverHost        *self,
                                                               JsonObject          *connections);
gboolean             takeover_host_set_switch_port            (TakeoverHost        *self,
                                                               const char          *mac,
                                                               const char          *switch_id,
                                                               const char          *port_id,
                                                               const char          *switch_info,
                                                               GError             **error);
void                 takeover_host_set_probe_state            (TakeoverHost        *self,
                                                               TakeoverHostProbeState state,
                                                               const char          *message);

G_END_DECLS
