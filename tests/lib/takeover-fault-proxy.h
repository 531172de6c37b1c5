/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A fault-injecting HTTP proxy for tests: it listens on 127.0.0.1 (a free port), forwards every
 * request to a real server (e.g. the bed's Ironic) unchanged, except the ones a test asked to
 * fail: 503s, 409 NodeLocked, connections closed without an answer, slow answers, or a 200
 * whose body is not JSON. It runs on the thread-default main context of its creator, so a test
 * drives it from the same GMainLoop as the client under test.
 *
 *   proxy = takeover_fault_proxy_new ("http://127.0.0.1:6385", &error);
 *   takeover_fault_proxy_add_faults (proxy, TAKEOVER_FAULT_UNAVAILABLE, 2, "GET", "/v1/nodes");
 *   cloud with baremetal_endpoint_override: takeover_fault_proxy_get_url (proxy)
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TAKEOVER_TYPE_FAULT_PROXY (takeover_fault_proxy_get_type ())

G_DECLARE_FINAL_TYPE (TakeoverFaultProxy, takeover_fault_proxy, TAKEOVER, FAULT_PROXY, GObject)

typedef enum
{
  TAKEOVER_FAULT_UNAVAILABLE, /* 503 Service Unavailable, Ironic-style error body */
  TAKEOVER_FAULT_LOCKED,      /* 409 Conflict with Ironic's NodeLocked message */
  TAKEOVER_FAULT_RESET,       /* the connection is closed after the request, no answer */
  TAKEOVER_FAULT_SLOW,        /* the real answer, after takeover_fault_proxy_set_delay() */
  TAKEOVER_FAULT_MALFORMED,   /* 200 OK, application/json, a body that is not JSON */
} TakeoverFault;

TakeoverFaultProxy *takeover_fault_proxy_new            (const char         *upstream_url,
                                                         GError            **error);
/* "http://127.0.0.1:PORT", without a trailing slash. */
const char         *takeover_fault_proxy_get_url        (TakeoverFaultProxy *self);
/* The next @count requests whose method is @method (NULL: any) and whose path starts with
 * @path_prefix (NULL: any) get @fault instead of (or, for SLOW, before) the real answer.
 * Rules apply in the order added. */
void                takeover_fault_proxy_add_faults     (TakeoverFaultProxy *self,
                                                         TakeoverFault       fault,
                                                         guint               count,
                                                         const char         *method,
                                                         const char         *path_prefix);
/* Forgets the rules not used up. */
void                takeover_fault_proxy_clear_faults   (TakeoverFaultProxy *self);
void                takeover_fault_proxy_set_delay      (TakeoverFaultProxy *self,
                                                         double              seconds);
/* Requests received (faulted or forwarded), and how many of them got a fault. */
guint               takeover_fault_proxy_get_n_requests (TakeoverFaultProxy *self);
guint               takeover_fault_proxy_get_n_faults   (TakeoverFaultProxy *self);
/* Requests received whose method is @method and whose path starts with @path_prefix. */
guint               takeover_fault_proxy_count          (TakeoverFaultProxy *self,
                                                         const char         *method,
                                                         const char         *path_prefix);

G_END_DECLS
