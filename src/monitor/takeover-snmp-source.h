/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "takeover-os-source.h"

G_BEGIN_DECLS

/* The OS meters over SNMP, for hosts that already run snmpd, from the OIDs Ceilometer's
 * hardware inspector read (with net-snmp's library, v2c or v3 with auth and privacy):
 *
 *   UCD-SNMP-MIB        laLoad (load), ssCpuRaw* (cpu util and idle from jiffies),
 *                       mem* (memory and swap; memSysAvail where the agent has it)
 *   HOST-RESOURCES-MIB  hrSystemUptime (the boot, for rates), hrStorage (fixed disks)
 *   IF-MIB              ifName/ifDescr, ifHCIn/OutOctets (ifIn/OutOctets on old agents),
 *                       ifOutErrors; the loopback left out
 *
 * into the same TakeoverOsReading as the SSH source, so the meters and rates are one and the
 * same. Only GET and GETBULK are ever sent. A session is blocking: use it off the main thread,
 * one thread a session at a time. */

typedef enum
{
  TAKEOVER_SNMP_V2C,
  TAKEOVER_SNMP_V3,
} TakeoverSnmpVersion;

typedef struct
{
  TakeoverSnmpVersion  version;
  char                *community;        /* v2c */
  char                *user;             /* v3 */
  char                *auth_protocol;    /* v3: "SHA" (default), "SHA-256", "SHA-512", "MD5" */
  char                *auth_password;    /* v3: NULL for noAuthNoPriv */
  char                *priv_protocol;    /* v3: "AES" (default), "DES" */
  char                *priv_password;    /* v3: NULL for no privacy */
  guint                port;             /* 161 */
} TakeoverSnmpConfig;

typedef struct _TakeoverSnmpSession TakeoverSnmpSession;

TakeoverSnmpConfig  *takeover_snmp_config_new_v2c  (const char                *community);
TakeoverSnmpConfig  *takeover_snmp_config_new_v3   (const char                *user,
                                                    const char                *auth_password,
                                                    const char                *priv_password);
TakeoverSnmpConfig  *takeover_snmp_config_copy     (const TakeoverSnmpConfig  *config);
void                 takeover_snmp_config_free     (TakeoverSnmpConfig        *config);
gboolean             takeover_snmp_config_check    (const TakeoverSnmpConfig  *config,
                                                    GError                   **error);

TakeoverSnmpSession *takeover_snmp_session_open    (const char                *address,
                                                    const TakeoverSnmpConfig  *config,
                                                    guint                      timeout_seconds,
                                                    GError                   **error);
gboolean             takeover_snmp_session_read    (TakeoverSnmpSession       *session,
                                                    TakeoverOsReading         *reading,
                                                    GCancellable              *cancellable,
                                                    GError                   **error);
void                 takeover_snmp_session_free    (TakeoverSnmpSession       *session);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TakeoverSnmpConfig, takeover_snmp_config_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TakeoverSnmpSession, takeover_snmp_session_free)

G_END_DECLS
