/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TakeoverHost TakeoverHost;

/* IPMI privilege levels, as IPMI 2.0 numbers them. */
typedef enum
{
  TAKEOVER_PRIVILEGE_USER = 2,
  TAKEOVER_PRIVILEGE_OPERATOR = 3,
  TAKEOVER_PRIVILEGE_ADMINISTRATOR = 4,
} TakeoverPrivilege;

#define TAKEOVER_DEFAULT_BMC_PORT     623
#define TAKEOVER_DEFAULT_CIPHER_SUITE 3
#define TAKEOVER_DEFAULT_SSH_PORT     22

G_END_DECLS
