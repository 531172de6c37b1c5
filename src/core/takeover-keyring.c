/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-keyring"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "takeover-keyring.h"

/* The schema's name is the application's ID, as Secret Service tools show it; its attributes are
 * what a lookup must match. */
static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.bmtakeover.Takeover.Cloud", SECRET_SCHEMA_DONT_MATCH_NAME,
    {
      { "cloud", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* libsecret's own errors speak of D-Bus names; say what it means for the operator. */
static GError *
describe_error (GError     *error,
                const char *what)
{
  GError *described;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  /* Translators: the first %s is what was asked of the keyring, the second why it failed. */
  described = g_error_new (error->domain, error->code,
                           _("%s: %s. Is a Secret Service such as GNOME Keyring running and "
                             "unlocked?"), what, error->message);
  g_error_free (error);
  return described;
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, describe_error (error, _("The password could not be "
                                                        "remembered")));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * takeover_keyring_store_async:
 * @cloud: the cloud's name
 * @url: where the password is sent: Keystone's auth URL, or the Ironic endpoint
 * @user: the user it signs in as; "" for none
 * @password: the secret
 *
 * Keeps @password in the default keyring, replacing the one kept for the same three.
 */
void
takeover_keyring_store_async (const char          *cloud,
                              const char          *url,
                              const char          *user,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (cloud != NULL && url != NULL && user != NULL && password != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_keyring_store_async);

  /* Translators: the keyring's name for the item, e.g. "Takeover: admin at https://…/v3". */
  label = g_strdup_printf (_("Takeover: %s at %s"), *user != '\0' ? user : cloud, url);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, password, cancellable,
                         store_cb, g_steal_pointer (&task),
                         "cloud", cloud, "url", url, "user", user, NULL);
}

gboolean
takeover_keyring_store_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, describe_error (error, _("The remembered password could not "
                                                          "be read")));
      return;
    }

  /* libsecret's copy lives in non-pageable memory, freed by its own call; the caller gets a
   * plain string, so wipe and free the original now. */
  g_task_return_pointer (task, g_strdup (secret), g_free);
  secret_password_free (secret);
}

/**
 * takeover_keyring_lookup_async:
 *
 * Reads the password kept for @cloud, @url and @user. The result is %NULL without an error when
 * none is kept.
 */
void
takeover_keyring_lookup_async (const char          *cloud,
                               const char          *url,
                               const char          *user,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (cloud != NULL && url != NULL && user != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_keyring_lookup_async);
  secret_password_lookup (get_schema (), cancellable, lookup_cb, g_steal_pointer (&task),
                          "cloud", cloud, "url", url, "user", user, NULL);
}

char *
takeover_keyring_lookup_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error when nothing was kept: that is cleared too. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, describe_error (error, _("The remembered password could not be "
                                                        "forgotten")));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * takeover_keyring_clear_async:
 *
 * Forgets every password kept for @cloud, whatever its address and user.
 */
void
takeover_keyring_clear_async (const char          *cloud,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (cloud != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_keyring_clear_async);
  secret_password_clear (get_schema (), cancellable, clear_cb, g_steal_pointer (&task),
                         "cloud", cloud, NULL);
}

gboolean
takeover_keyring_clear_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
