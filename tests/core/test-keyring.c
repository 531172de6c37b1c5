/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A cloud's password in a real Secret Service: the gnome-keyring-daemon that tests/with-keyring
 * starts on a private bus. Run with --no-service on a bus where none answers, it checks the
 * error a person reads instead. */
#include "config.h"

#include "takeover-keyring.h"

#define URL  "http://127.0.0.1:5000/v3"
#define URL2 "http://127.0.0.2:5000/v3"

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
store (const char  *cloud,
       const char  *url,
       const char  *user,
       const char  *password,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  takeover_keyring_store_async (cloud, url, user, password, NULL, store_result, &result);
  return takeover_keyring_store_finish (wait_for (&result), error);
}

static char *
lookup (const char  *cloud,
        const char  *url,
        const char  *user,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  takeover_keyring_lookup_async (cloud, url, user, NULL, store_result, &result);
  return takeover_keyring_lookup_finish (wait_for (&result), error);
}

static gboolean
clear (const char  *cloud,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  takeover_keyring_clear_async (cloud, NULL, store_result, &result);
  return takeover_keyring_clear_finish (wait_for (&result), error);
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *other_url = NULL;
  g_autofree char *other_user = NULL;
  g_autofree char *other_cloud = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *cleared = NULL;
  g_autofree char *kept = NULL;

  g_assert_true (store ("bed", URL, "admin", "adminpw", &error));
  g_assert_no_error (error);
  g_assert_true (store ("lab", URL, "admin", "labpw", &error));
  g_assert_no_error (error);

  found = lookup ("bed", URL, "admin", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "adminpw");

  /* Another address, user or cloud name is another password: none, and no error. */
  other_url = lookup ("bed", URL2, "admin", &error);
  g_assert_no_error (error);
  g_assert_null (other_url);
  other_user = lookup ("bed", URL, "operator", &error);
  g_assert_no_error (error);
  g_assert_null (other_user);
  other_cloud = lookup ("elsewhere", URL, "admin", &error);
  g_assert_no_error (error);
  g_assert_null (other_cloud);

  /* Storing again replaces it. */
  g_assert_true (store ("bed", URL, "admin", "newpw", &error));
  replaced = lookup ("bed", URL, "admin", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (replaced, ==, "newpw");

  /* Forgetting one cloud leaves the others. */
  g_assert_true (clear ("bed", &error));
  g_assert_no_error (error);
  cleared = lookup ("bed", URL, "admin", &error);
  g_assert_no_error (error);
  g_assert_null (cleared);
  kept = lookup ("lab", URL, "admin", &error);
  g_assert_cmpstr (kept, ==, "labpw");

  /* Forgetting what is not kept is no failure. */
  g_assert_true (clear ("bed", &error));
  g_assert_no_error (error);
  g_assert_true (clear ("lab", &error));
}

static void
test_no_service (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  g_assert_false (store ("bed", URL, "admin", "adminpw", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "could not be remembered"));
  g_assert_nonnull (strstr (error->message, "GNOME Keyring"));
  g_clear_error (&error);

  found = lookup ("bed", URL, "admin", &error);
  g_assert_null (found);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "could not be read"));
}

int
main (int   argc,
      char *argv[])
{
  gboolean no_service = argc > 1 && g_strcmp0 (argv[argc - 1], "--no-service") == 0;

  /* A bus nobody listens on: libsecret finds no Secret Service, as on a bare server. */
  if (no_service)
    {
      argc--;
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/takeover-no-bus", TRUE);
    }
  g_test_init (&argc, &argv, NULL);

  if (no_service)
    g_test_add_func ("/keyring/no-service", test_no_service);
  else
    g_test_add_func ("/keyring/round-trip", test_round_trip);

  return g_test_run ();
}
