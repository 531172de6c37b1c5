/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The server's message out of each service's error shape, and microversion ordering. */
#include "config.h"

#include "takeover-cloud-private.h"
#include "takeover-openstack.h"

static void
test_server_messages (void)
{
  static const struct
  {
    const char *body;
    const char *message;
  } cases[] = {
    /* Ironic: JSON inside a JSON string. */
    { "{\"error_message\": \"{\\\"faultstring\\\": \\\"Node x could not be found.\\\", \\\"faultcode\\\": \\\"Client\\\", \\\"debuginfo\\\": null}\"}",
      "Node x could not be found." },
    /* Ironic behind some proxies: already an object. */
    { "{\"error_message\": {\"faultstring\": \"Invalid state\", \"faultcode\": \"Client\"}}",
      "Invalid state" },
    { "{\"itemNotFound\": {\"code\": 404, \"message\": \"Flavor m1.x could not be found.\"}}",
      "Flavor m1.x could not be found." },
    { "{\"badRequest\": {\"code\": 400, \"message\": \"Invalid input for field/attribute ram.\"}}",
      "Invalid input for field/attribute ram." },
    { "{\"NeutronError\": {\"type\": \"NetworkNotFound\", \"message\": \"Network abc could not be found.\", \"detail\": \"\"}}",
      "Network abc could not be found." },
    { "{\"error\": {\"code\": 403, \"message\": \"You are not authorized to perform the requested action: identity:create_project.\", \"title\": \"Forbidden\"}}",
      "You are not authorized to perform the requested action: identity:create_project." },
    { "{\"errors\": [{\"status\": 409, \"title\": \"Conflict\", \"detail\": \"There was a conflict when trying to complete your request.\"}]}",
      "There was a conflict when trying to complete your request." },
    { "{\"title\": \"Not Found\", \"description\": \"Metric abc does not exist\"}",
      "Metric abc does not exist" },
    /* Glance and proxies: HTML or text, folded to one line. */
    { "<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  The resource could not be found.<br /><br />\n </body>\n</html>",
      "404 Not Found 404 Not Found The resource could not be found." },
    { "503 Service Unavailable\n\nNo server is available to handle this request.\n",
      "503 Service Unavailable No server is available to handle this request." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (cases[i].body, strlen (cases[i].body));
      g_autofree char *message = _takeover_cloud_server_message (body);

      g_assert_cmpstr (message, ==, cases[i].message);
    }

  {
    g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
    g_autofree char *message = _takeover_cloud_server_message (empty);

    g_assert_null (message);
  }
}

static void
test_microversions (void)
{
  g_assert_cmpint (takeover_microversion_compare ("1.9", "1.10"), <, 0);
  g_assert_cmpint (takeover_microversion_compare ("1.82", "1.82"), ==, 0);
  g_assert_cmpint (takeover_microversion_compare ("2.1", "1.99"), >, 0);
  g_assert_cmpint (takeover_microversion_compare ("2.79", "2.100"), <, 0);
  g_assert_cmpint (takeover_microversion_compare ("1", "1.0"), ==, 0);
}

static void
test_foreign_errors (void)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

  /* The accessors are safe on any error, and on none. */
  g_assert_cmpuint (takeover_cloud_error_get_status (error), ==, 0);
  g_assert_null (takeover_cloud_error_get_url (error));
  g_assert_null (takeover_cloud_error_get_server_message (NULL));
  g_assert_false (takeover_cloud_error_has_status (error, 0));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cloud-errors/server-messages", test_server_messages);
  g_test_add_func ("/cloud-errors/microversions", test_microversions);
  g_test_add_func ("/cloud-errors/foreign-errors", test_foreign_errors);

  return g_test_run ();
}
