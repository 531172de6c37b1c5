/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "takeover-monitor-test.h"

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

guint
takeover_monitor_test_round (TakeoverMonitor *monitor,
                             GListModel      *hosts)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  takeover_monitor_round_async (monitor, hosts, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  n = takeover_monitor_round_finish (monitor, result, &error);
  g_assert_no_error (error);
  return n;
}
