/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-probe"

#include "config.h"

#include <string.h>

#include "takeover-probe-request.h"

G_DEFINE_BOXED_TYPE (TakeoverProbeRequest, takeover_probe_request,
                     takeover_probe_request_copy, takeover_probe_request_free)

/* The string members, so that copy and free cannot forget one. */
static const gsize string_offsets[] = {
  G_STRUCT_OFFSET (TakeoverProbeRequest, name),
  G_STRUCT_OFFSET (TakeoverProbeRequest, bmc_address),
  G_STRUCT_OFFSET (TakeoverProbeRequest, bmc_username),
  G_STRUCT_OFFSET (TakeoverProbeRequest, bmc_password),
  G_STRUCT_OFFSET (TakeoverProbeRequest, mgmt_ip),
  G_STRUCT_OFFSET (TakeoverProbeRequest, ssh_username),
  G_STRUCT_OFFSET (TakeoverProbeRequest, ssh_password),
  G_STRUCT_OFFSET (TakeoverProbeRequest, ssh_key_file),
  G_STRUCT_OFFSET (TakeoverProbeRequest, ssh_known_hosts),
  G_STRUCT_OFFSET (TakeoverProbeRequest, ssh_app_known_hosts),
  G_STRUCT_OFFSET (TakeoverProbeRequest, sdr_cache_dir),
};

#define STRING_MEMBER(self, i) ((char **) G_STRUCT_MEMBER_P ((self), string_offsets[(i)]))

TakeoverProbeRequest *
takeover_probe_request_new (void)
{
  TakeoverProbeRequest *self = g_new0 (TakeoverProbeRequest, 1);

  self->bmc_cipher_suite = 3;
  self->bmc_privilege = 4;
  self->ssh_use_agent = TRUE;
  return self;
}

TakeoverProbeRequest *
takeover_probe_request_copy (const TakeoverProbeRequest *self)
{
  TakeoverProbeRequest *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  for (guint i = 0; i < G_N_ELEMENTS (string_offsets); i++)
    *STRING_MEMBER (copy, i) = g_strdup (*STRING_MEMBER (self, i));
  return copy;
}

void
takeover_probe_request_free (TakeoverProbeRequest *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (string_offsets); i++)
    {
      char **member = STRING_MEMBER (self, i);

      /* Passwords do not linger in freed memory. */
      if (*member != NULL)
        memset (*member, 0, strlen (*member));
      g_free (*member);
    }
  g_free (self);
}
