/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "takeover-host.h"

G_BEGIN_DECLS

#define TAKEOVER_TYPE_HOST_FACTS (takeover_host_facts_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverHostFacts, takeover_host_facts, TAKEOVER, HOST_FACTS, AdwBin)

const char   *takeover_host_facts_format_power (TakeoverPowerState  state);
GtkWidget    *takeover_host_facts_new      (void);
TakeoverHost *takeover_host_facts_get_host (TakeoverHostFacts *self);
void          takeover_host_facts_set_host (TakeoverHostFacts *self,
                                            TakeoverHost      *host);

G_END_DECLS
