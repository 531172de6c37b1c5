/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Retries and errors of TakeoverCloud, through the fault-injecting proxy in front of the bed's
 * real Ironic: 503s, 409 NodeLocked and resets are retried with a bound; other errors are not;
 * slow answers time out; malformed JSON is reported as such. */
#include "config.h"

#include <unistd.h>

#include "takeover-fault-proxy.h"
#include "takeover-test-bed.h"
#include "test-openstack-util.h"

#define NODES_PATH "/v1/nodes"

typedef struct
{
  TakeoverFaultProxy *proxy;
  TakeoverCloud      *cloud;
  GCancellable       *cancellable;
  guint               n_finished;
  guint               n_mine;
} Fixture;

static void
request_finished_cb (TakeoverCloud *cloud,
                     const char    *method,
                     const char    *url,
                     guint          status,
                     double         duration_ms,
                     GCancellable  *cancellable,
                     Fixture       *fixture)
{
  g_assert_nonnull (strstr (url, "/v1"));
  fixture->n_finished++;
  /* Requests name the caller's cancellable (the session's own discovery has none). */
  if (cancellable != NULL && cancellable == fixture->cancellable)
    fixture->n_mine++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!takeover_test_bed_require (1, FALSE))
    return;

  fixture->cancellable = g_cancellable_new ();
  fixture->proxy = takeover_fault_proxy_new (TAKEOVER_TEST_BED_IRONIC_URL, &error);
  g_assert_no_error (error);
  fixture->cloud = test_standalone_cloud (takeover_fault_proxy_get_url (fixture->proxy), NULL);
  /* Short pauses keep the test quick; the schedule's shape is the same. */
  takeover_cloud_set_retry_delay (fixture->cloud, 0.05);
  g_signal_connect (fixture->cloud, "request-finished", G_CALLBACK (request_finished_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  test_drop_result ();
  /* A cancelled request reports at once; what it cancelled winds down on the next turns. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (fixture->cloud != NULL)
    g_assert_finalize_object (fixture->cloud);
  g_clear_object (&fixture->proxy);
  g_clear_object (&fixture->cancellable);
}

static JsonNode *
get_nodes (Fixture       *fixture,
           GCancellable  *cancellable,
           GError       **error)
{
  takeover_cloud_request_async (fixture->cloud, &takeover_ironic_service, "GET",
                                "/nodes?limit=1&fields=uuid", NULL, NULL,
                                TAKEOVER_CLOUD_REQUEST_NONE,
                                cancellable != NULL ? cancellable : fixture->cancellable,
                                test_result_cb, NULL);
  return takeover_cloud_request_finish (fixture->cloud, test_await (), error);
}

static void
assert_nodes_answer (JsonNode *answer)
{
  g_assert_nonnull (answer);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (answer));
  g_assert_true (json_object_has_member (json_node_get_object (answer), "nodes"));
}

static void
test_transient_faults (Fixture       *fixture,
                       gconstpointer  data)
{
  const TakeoverFault faults[] = { TAKEOVER_FAULT_UNAVAILABLE, TAKEOVER_FAULT_LOCKED,
                                   TAKEOVER_FAULT_RESET };

  if (fixture->cloud == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(GError) error = NULL;
      guint before = takeover_fault_proxy_count (fixture->proxy, "GET", NODES_PATH);

      takeover_fault_proxy_add_faults (fixture->proxy, faults[i], 2, "GET", NODES_PATH);
      answer = get_nodes (fixture, NULL, &error);
      g_assert_no_error (error);
      assert_nodes_answer (answer);
      /* Two faults, then the real answer. */
      g_assert_cmpuint (takeover_fault_proxy_count (fixture->proxy, "GET", NODES_PATH), ==, before + 3);
      /* Every exchange, retries included, was reported for the audit log (libsoup itself
       * resends once on a reused connection that closes, unseen by us). */
      if (faults[i] != TAKEOVER_FAULT_RESET)
        {
          g_assert_cmpuint (fixture->n_finished, ==, takeover_fault_proxy_get_n_requests (fixture->proxy));
          g_assert_cmpuint (fixture->n_mine, ==, takeover_fault_proxy_count (fixture->proxy, "GET", NODES_PATH));
        }
    }
  g_assert_cmpuint (takeover_fault_proxy_get_n_faults (fixture->proxy), ==, 6);
}

static void
test_retry_bound (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  guint finished;

  if (fixture->cloud == NULL)
    return;

  takeover_cloud_set_max_retries (fixture->cloud, 3);
  takeover_fault_proxy_add_faults (fixture->proxy, TAKEOVER_FAULT_UNAVAILABLE, 100, "GET", NODES_PATH);
  answer = get_nodes (fixture, NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_UNAVAILABLE);
  g_assert_cmpuint (takeover_cloud_error_get_status (error), ==, 503);
  g_assert_cmpstr (takeover_cloud_error_get_server_message (error), ==, "The service is busy (injected).");
  g_assert_cmpstr (takeover_cloud_error_get_method (error), ==, "GET");
  g_assert_nonnull (strstr (takeover_cloud_error_get_url (error), "/v1/nodes?limit=1"));
  g_assert_true (g_str_has_prefix (error->message, "The service is busy (injected). (HTTP 503"));
  /* The first try and three retries. */
  g_assert_cmpuint (takeover_fault_proxy_count (fixture->proxy, "GET", NODES_PATH), ==, 4);
  g_clear_error (&error);

  /* Resets that never stop end as UNAVAILABLE too, after the same bound. */
  takeover_fault_proxy_clear_faults (fixture->proxy);
  takeover_fault_proxy_add_faults (fixture->proxy, TAKEOVER_FAULT_RESET, 100, "GET", NODES_PATH);
  finished = fixture->n_finished;
  answer = get_nodes (fixture, NULL, &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "broke"));
  /* Counted on our side: libsoup itself resends once when a kept-alive connection closes. */
  g_assert_cmpuint (fixture->n_finished - finished, ==, 4);
  g_clear_error (&error);

  /* No more retries than the deadline leaves room for. */
  takeover_cloud_set_max_retries (fixture->cloud, 50);
  takeover_cloud_set_retry_delay (fixture->cloud, 0.3);
  takeover_cloud_set_timeout (fixture->cloud, 2);
  takeover_fault_proxy_clear_faults (fixture->proxy);
  takeover_fault_proxy_add_faults (fixture->proxy, TAKEOVER_FAULT_UNAVAILABLE, 100, "GET", NODES_PATH);
  finished = fixture->n_finished;
  answer = get_nodes (fixture, NULL, &error);
  /* The last answer is reported, not a timeout: the pauses (0.15-0.45, 0.3-0.9, 0.6-1.8 s)
   * leave room for two to five tries within the two seconds, far from the 51 allowed. */
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_UNAVAILABLE);
  g_assert_cmpuint (fixture->n_finished - finished, >=, 2);
  g_assert_cmpuint (fixture->n_finished - finished, <=, 5);
}

static void
test_not_retried (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = test_unique_name ("missing");
  g_autofree char *path = g_strconcat ("/nodes/", name, NULL);
  g_autofree char *expected = g_strdup_printf ("Node %s could not be found.", name);

  if (fixture->cloud == NULL)
    return;

  /* Ironic's real 404 with its JSON-inside-JSON message. */
  takeover_cloud_request_async (fixture->cloud, &takeover_ironic_service, "GET", path, NULL, NULL,
                                TAKEOVER_CLOUD_REQUEST_NONE, NULL, test_result_cb, NULL);
  answer = takeover_cloud_request_finish (fixture->cloud, test_await (), &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_NOT_FOUND);
  g_assert_cmpstr (takeover_cloud_error_get_server_message (error), ==, expected);
  /* Ironic's request id, to quote to the cloud's operator. */
  g_assert_true (g_str_has_prefix (takeover_cloud_error_get_request_id (error), "req-"));
  g_assert_cmpuint (takeover_fault_proxy_count (fixture->proxy, "GET", "/v1/nodes/"), ==, 1);
  g_clear_error (&error);

  /* A connection that breaks under a POST: reported, not sent again, since Ironic may have
   * created the node already. */
  takeover_fault_proxy_add_faults (fixture->proxy, TAKEOVER_FAULT_RESET, 1, "POST", NODES_PATH);
  takeover_cloud_request_async (fixture->cloud, &takeover_ironic_service, "POST", "/nodes",
                                NULL, NULL, TAKEOVER_CLOUD_REQUEST_NONE, NULL, test_result_cb,
                                NULL);
  answer = takeover_cloud_request_finish (fixture->cloud, test_await (), &error);
  g_assert_null (answer);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "broke"));
  g_assert_cmpuint (takeover_fault_proxy_count (fixture->proxy, "POST", NODES_PATH), ==, 1);
  g_clear_error (&error);

  /* Ironic's 400 for a node without a driver: reported at once. */
  takeover_cloud_request_async (fixture->cloud, &takeover_ironic_service, "POST", "/nodes",
                                NULL, NULL, TAKEOVER_CLOUD_REQUEST_NONE, NULL, test_result_cb, NULL);
  answer = takeover_cloud_request_finish (fixture->cloud, test_await (), &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_BAD_REQUEST);
  g_assert_cmpuint (takeover_cloud_error_get_status (error), ==, 400);
  g_assert_cmpuint (takeover_fault_proxy_count (fixture->proxy, "POST", "/v1/nodes"), ==, 2);
  g_clear_error (&error);

  /* Malformed JSON in a 200: a clear error, and no retry. */
  takeover_fault_proxy_add_faults (fixture->proxy, TAKEOVER_FAULT_MALFORMED, 1, "GET", NODES_PATH);
  answer = get_nodes (fixture, NULL, &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "not valid JSON"));
  g_assert_cmpuint (takeover_cloud_error_get_status (error), ==, 200);
  g_assert_cmpuint (takeover_fault_proxy_count (fixture->proxy, "GET", NODES_PATH "?"), ==, 0);
  g_assert_cmpuint (takeover_fault_proxy_count (fixture->proxy, "GET", NODES_PATH), ==, 2);
  g_clear_error (&error);

  /* NO_RETRY turns retries off for one call. */
  takeover_fault_proxy_add_faults (fixture->proxy, TAKEOVER_FAULT_UNAVAILABLE, 1, "GET", NODES_PATH);
  takeover_cloud_request_async (fixture->cloud, &takeover_ironic_service, "GET", "/nodes?limit=1",
                                NULL, NULL, TAKEOVER_CLOUD_REQUEST_NO_RETRY, NULL, test_result_cb, NULL);
  answer = takeover_cloud_request_finish (fixture->cloud, test_await (), &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_UNAVAILABLE);
  g_assert_cmpuint (takeover_fault_proxy_count (fixture->proxy, "GET", NODES_PATH), ==, 3);
}

static void
test_slow_answer (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  if (fixture->cloud == NULL)
    return;

  /* Discover first, so the slow answer is the request's own. */
  answer = get_nodes (fixture, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&answer, json_node_unref);

  takeover_cloud_set_timeout (fixture->cloud, 0.5);
  takeover_fault_proxy_set_delay (fixture->proxy, 5);
  takeover_fault_proxy_add_faults (fixture->proxy, TAKEOVER_FAULT_SLOW, 1, "GET", NODES_PATH);
  answer = get_nodes (fixture, NULL, &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "/v1/nodes"));
  g_clear_error (&error);

  /* Each exchange within the timeout, but not the whole request: discovery and the call
   * together take longer, and the request is what the timeout bounds. */
  {
    g_autoptr(TakeoverCloud) fresh = test_standalone_cloud (takeover_fault_proxy_get_url (fixture->proxy), NULL);
    g_autoptr(JsonNode) late = NULL;

    takeover_cloud_set_timeout (fresh, 1);
    takeover_fault_proxy_set_delay (fixture->proxy, 0.7);
    takeover_fault_proxy_add_faults (fixture->proxy, TAKEOVER_FAULT_SLOW, 2, "GET", "/v1");
    takeover_cloud_request_async (fresh, &takeover_ironic_service, "GET", "/nodes?limit=1", NULL,
                                  NULL, TAKEOVER_CLOUD_REQUEST_NONE, NULL, test_result_cb, NULL);
    late = takeover_cloud_request_finish (fresh, test_await (), &error);
    g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_TIMEOUT);
    g_clear_error (&error);
    test_drop_result ();
    while (g_main_context_iteration (NULL, FALSE))
      ;
  }

  /* A slow answer within the timeout is just an answer. */
  takeover_cloud_set_timeout (fixture->cloud, 10);
  takeover_fault_proxy_set_delay (fixture->proxy, 0.3);
  takeover_fault_proxy_add_faults (fixture->proxy, TAKEOVER_FAULT_SLOW, 1, "GET", NODES_PATH);
  answer = get_nodes (fixture, NULL, &error);
  g_assert_no_error (error);
  assert_nodes_answer (answer);
}

/* Cancels once the first try has had its 503, so the request is in its pause. */
static gboolean
cancel_after_first_try_cb (gpointer user_data)
{
  Fixture *fixture = user_data;

  if (takeover_fault_proxy_get_n_faults (fixture->proxy) == 0)
    return G_SOURCE_CONTINUE;
  g_cancellable_cancel (fixture->cancellable);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_during_backoff (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  if (fixture->cloud == NULL)
    return;

  /* A long pause between tries: the cancellation must not wait for its end. */
  takeover_cloud_set_retry_delay (fixture->cloud, 30);
  takeover_cloud_set_timeout (fixture->cloud, 120);
  takeover_fault_proxy_add_faults (fixture->proxy, TAKEOVER_FAULT_UNAVAILABLE, 100, "GET", NODES_PATH);
  g_timeout_add (10, cancel_after_first_try_cb, fixture);
  answer = get_nodes (fixture, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (takeover_fault_proxy_count (fixture->proxy, "GET", NODES_PATH), ==, 1);
}

static void
count_answer_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  guint *pending = user_data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = takeover_cloud_request_finish (TAKEOVER_CLOUD (object), result, &error);
  g_assert_no_error (error);
  (*pending)--;
}

/* Requests started together on a new session share one version discovery. */
static void
test_shared_discovery (Fixture       *fixture,
                       gconstpointer  data)
{
  guint pending = 0;

  if (fixture->cloud == NULL)
    return;

  for (guint i = 0; i < 10; i++)
    {
      pending++;
      takeover_cloud_request_async (fixture->cloud, &takeover_ironic_service, "GET",
                                    "/nodes?limit=1&fields=uuid", NULL, NULL,
                                    TAKEOVER_CLOUD_REQUEST_NONE, NULL, count_answer_cb, &pending);
    }
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (takeover_fault_proxy_count (fixture->proxy, "GET", "/v1") -
                    takeover_fault_proxy_count (fixture->proxy, "GET", "/v1/"), ==, 1);
  g_assert_cmpuint (takeover_fault_proxy_count (fixture->proxy, "GET", NODES_PATH), ==, 10);
}

static void
test_refused (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(TakeoverCloud) cloud = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  /* A port that was free a moment ago and is closed now: connection refused. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);

  cloud = test_standalone_cloud (url, NULL);
  takeover_cloud_request_async (cloud, &takeover_ironic_service, "GET", "/nodes", NULL, NULL,
                                TAKEOVER_CLOUD_REQUEST_NONE, NULL, test_result_cb, NULL);
  answer = takeover_cloud_request_finish (cloud, test_await (), &error);
  g_assert_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONNECT);
  g_assert_nonnull (strstr (error->message, url));
  test_drop_result ();
  g_assert_finalize_object (g_steal_pointer (&cloud));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cloud-faults/transient", Fixture, NULL, fixture_set_up, test_transient_faults, fixture_tear_down);
  g_test_add ("/cloud-faults/retry-bound", Fixture, NULL, fixture_set_up, test_retry_bound, fixture_tear_down);
  g_test_add ("/cloud-faults/not-retried", Fixture, NULL, fixture_set_up, test_not_retried, fixture_tear_down);
  g_test_add ("/cloud-faults/slow-answer", Fixture, NULL, fixture_set_up, test_slow_answer, fixture_tear_down);
  g_test_add ("/cloud-faults/cancel-during-backoff", Fixture, NULL, fixture_set_up, test_cancel_during_backoff, fixture_tear_down);
  g_test_add ("/cloud-faults/shared-discovery", Fixture, NULL, fixture_set_up, test_shared_discovery, fixture_tear_down);
  g_test_add_func ("/cloud-faults/refused", test_refused);

  return g_test_run ();
}
