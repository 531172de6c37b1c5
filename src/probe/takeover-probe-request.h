/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TAKEOVER_TYPE_PROBE_REQUEST (takeover_probe_request_get_type ())

#define TAKEOVER_PROBE_DEFAULT_TIMEOUT_MS 10000
#define TAKEOVER_PROBE_DEFAULT_RETRIES    2

/* Everything a worker thread needs to probe one host, copied out of the main thread's models
 * so that workers never touch a GObject. Strings are owned; NULL means "not given".
 * A part without an address is skipped: no bmc_address, no IPMI; no mgmt_ip, no SSH. */
typedef struct
{
  char     *name;                  /* for messages and progress only */

  char     *bmc_address;
  guint     bmc_port;              /* 0: 623 */
  char     *bmc_username;
  char     *bmc_password;
  guint     bmc_cipher_suite;      /* 3 (default) or 17; 0 only with bmc_insist_cipher_suite */
  gboolean  bmc_insist_cipher_suite;
  guint     bmc_privilege;         /* IPMI numbering: 2 user, 3 operator, 4 administrator */
  guint     bmc_timeout_ms;        /* for each command's answer; 0: default */
  guint     bmc_retries;           /* retransmissions within it; 0: default */

  char     *mgmt_ip;
  guint     ssh_port;              /* 0: 22 */
  char     *ssh_username;
  char     *ssh_password;
  char     *ssh_key_file;          /* private key; the public key is key_file + ".pub" if present */
  gboolean  ssh_use_agent;         /* try the user's ssh-agent first */
  guint     ssh_timeout_ms;        /* longest silence of the server (at most 6 times that in
                                    * all); 0: default */

  /* OpenSSH-format files: read-only system/user ones, and the app's own, where trust on first
   * use records new keys. NULL: ~/.ssh/known_hosts and $XDG_DATA_HOME/takeover/known_hosts. */
  char     *ssh_known_hosts;
  char     *ssh_app_known_hosts;
  gboolean  ssh_no_trust_on_first_use;

  /* Where SDRs are cached, one file per BMC. NULL: $XDG_CACHE_HOME/takeover/sdr. */
  char     *sdr_cache_dir;

  /* A monitoring round: the BMC's sensors only (no power state, device, LAN or FRU). */
  gboolean  ipmi_sensors_only;
} TakeoverProbeRequest;

GType                 takeover_probe_request_get_type (void) G_GNUC_CONST;
TakeoverProbeRequest *takeover_probe_request_new      (void);
TakeoverProbeRequest *takeover_probe_request_copy     (const TakeoverProbeRequest *self);
void                  takeover_probe_request_free     (TakeoverProbeRequest       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TakeoverProbeRequest, takeover_probe_request_free)

G_END_DECLS
