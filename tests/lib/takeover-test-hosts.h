/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "takeover-host.h"

G_BEGIN_DECLS

/* The bed's hosts as the inventory reads them (its hosts.csv), and a host nothing answers
 * for: the hosts the monitoring and dashboard tests watch. */

GListStore   *takeover_test_hosts_from_bed   (guint       n_hosts);
TakeoverHost *takeover_test_hosts_find_in_bed (const char *name);
TakeoverHost *takeover_test_hosts_new_silent (const char *name);

G_END_DECLS
