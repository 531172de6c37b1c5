/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-inventory"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "takeover-inventory-private.h"

/* JSON in the shape `openstack baremetal create` reads:
 *   {"nodes": [{"name": …, "driver": "ipmi", "driver_info": {"ipmi_address": …}, …}]}
 * What Ironic has no field for (management IP, SSH login) goes in the node's free-form
 * "extra" under takeover_* keys, so the file stays valid for that command.
 * docs/inventory.md has the details. */

/* Deeper than any inventory needs; json-glib recurses per level and would overflow the
 * stack on a hostile file long before running out of input. */
#define MAX_DEPTH 64

static const struct
{
  const char *object;   /* NULL: a member of the node itself */
  const char *key;
  gboolean    number;
} json_fields[TAKEOVER_N_FIELDS] = {
  [TAKEOVER_FIELD_NAME] = { NULL, "name", FALSE },
  [TAKEOVER_FIELD_BMC_ADDRESS] = { "driver_info", "ipmi_address", FALSE },
  [TAKEOVER_FIELD_BMC_PORT] = { "driver_info", "ipmi_port", TRUE },
  [TAKEOVER_FIELD_BMC_USERNAME] = { "driver_info", "ipmi_username", FALSE },
  [TAKEOVER_FIELD_BMC_PASSWORD] = { "driver_info", "ipmi_password", FALSE },
  [TAKEOVER_FIELD_BMC_CIPHER_SUITE] = { "driver_info", "ipmi_cipher_suite", TRUE },
  [TAKEOVER_FIELD_BMC_PRIVILEGE] = { "driver_info", "ipmi_priv_level", FALSE },
  [TAKEOVER_FIELD_MGMT_IP] = { "extra", "takeover_mgmt_ip", FALSE },
  [TAKEOVER_FIELD_SSH_PORT] = { "extra", "takeover_ssh_port", TRUE },
  [TAKEOVER_FIELD_SSH_USERNAME] = { "extra", "takeover_ssh_username", FALSE },
  [TAKEOVER_FIELD_SSH_PASSWORD] = { "extra", "takeover_ssh_password", FALSE },
  [TAKEOVER_FIELD_SSH_KEY_FILE] = { "extra", "takeover_ssh_key", FALSE },
};

/* "object.key", as problems name the fields. */
static const char * const field_names[TAKEOVER_N_FIELDS] = {
  [TAKEOVER_FIELD_NAME] = "name",
  [TAKEOVER_FIELD_BMC_ADDRESS] = "driver_info.ipmi_address",
  [TAKEOVER_FIELD_BMC_PORT] = "driver_info.ipmi_port",
  [TAKEOVER_FIELD_BMC_USERNAME] = "driver_info.ipmi_username",
  [TAKEOVER_FIELD_BMC_PASSWORD] = "driver_info.ipmi_password",
  [TAKEOVER_FIELD_BMC_CIPHER_SUITE] = "driver_info.ipmi_cipher_suite",
  [TAKEOVER_FIELD_BMC_PRIVILEGE] = "driver_info.ipmi_priv_level",
  [TAKEOVER_FIELD_MGMT_IP] = "extra.takeover_mgmt_ip",
  [TAKEOVER_FIELD_SSH_PORT] = "extra.takeover_ssh_port",
  [TAKEOVER_FIELD_SSH_USERNAME] = "extra.takeover_ssh_username",
  [TAKEOVER_FIELD_SSH_PASSWORD] = "extra.takeover_ssh_password",
  [TAKEOVER_FIELD_SSH_KEY_FILE] = "extra.takeover_ssh_key",
};

#define DRIVER "ipmi"

/* json-glib keeps no positions, so one pass over the text finds the line on which each
 * element of the top-level "nodes" list starts, and how deep the nesting goes. */
static GArray *
scan_node_lines (const char *data,
                 gsize       length,
                 guint      *max_depth)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *end = data + length;
  const char *last_key = NULL;
  gsize last_key_length = 0;
  guint depth = 0;
  guint line = 1;
  gboolean in_nodes = FALSE;
  gboolean expect_element = FALSE;

  *max_depth = 0;

  for (const char *p = data; p < end; p++)
    {
      switch (*p)
        {
        case '\n':
          line++;
          break;

        case ' ':
        case '\t':
        case '\r':
          break;

        case '"':
          {
            const char *start = p + 1;

            for (p++; p < end && *p != '"'; p++)
              if (*p == '\\')
                p++;
              else if (*p == '\n')
                line++;
            if (p >= end)
              return lines;
            if (depth == 1)
              {
                last_key = start;
                last_key_length = p - start;
              }
            if (expect_element)
              {
                g_array_append_val (lines, line);
                expect_element = FALSE;
              }
          }
          break;

        case '{':
        case '[':
          if (expect_element)
            {
              g_array_append_val (lines, line);
              expect_element = FALSE;
            }
          depth++;
          *max_depth = MAX (*max_depth, depth);
          if (depth > MAX_DEPTH)
            return lines;
          /* The one list the root holds under "nodes". */
          if (depth == 2 && *p == '[' && last_key_length == 5 &&
              memcmp (last_key, "nodes", 5) == 0)
            in_nodes = expect_element = TRUE;
          break;

        case '}':
        case ']':
          if (depth == 2)
            in_nodes = expect_element = FALSE;
          if (depth > 0)
            depth--;
          break;

        case ',':
          if (depth == 2 && in_nodes)
            expect_element = TRUE;
          break;

        default:
          if (expect_element)
            {
              g_array_append_val (lines, line);
              expect_element = FALSE;
            }
          break;
        }
    }

  return lines;
}

static guint
node_line (GArray *lines,
           guint   index)
{
  return index < lines->len ? g_array_index (lines, guint, index) : 1;
}

static void
read_value (TakeoverInventoryReader *reader,
            TakeoverField            field,
            JsonNode                *node)
{
  /* The reader parses numbers at once, so this may go out of scope after the call. */
  char number[32];

  if (JSON_NODE_HOLDS_NULL (node))
    return;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *value = json_node_get_string (node);

      takeover_inventory_reader_set (reader, field, value, strlen (value));
    }
  else if (json_fields[field].number && JSON_NODE_HOLDS_VALUE (node) &&
           json_node_get_value_type (node) == G_TYPE_INT64)
    {
      /* Numbers go through the same checks as the text other formats give. */
      g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, json_node_get_int (node));
      takeover_inventory_reader_set (reader, field, number, strlen (number));
    }
  else
    {
      takeover_inventory_reader_record_problem (reader, TAKEOVER_SEVERITY_ERROR,
                                                field_names[field], "%s",
                                                json_fields[field].number
                                                  ? _("The value must be a whole number.")
                                                  : _("The value must be a string."));
    }
}

/* Reads the members of @object (a node, its driver_info or its extra) that are ours;
 * says which others are not kept, since an import then export would drop them. */
static void
read_members (TakeoverInventoryReader *reader,
              JsonObject              *object,
              const char              *object_name)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &node))
    {
      guint field;
      g_autofree char *shown = NULL;

      for (field = 0; field < TAKEOVER_N_FIELDS; field++)
        if (g_strcmp0 (json_fields[field].object, object_name) == 0 &&
            strcmp (json_fields[field].key, key) == 0)
          break;

      if (field < TAKEOVER_N_FIELDS)
        {
          read_value (reader, field, node);
          continue;
        }

      /* The node's own structure is read by read_node(). */
      if (object_name == NULL &&
          (g_str_equal (key, "driver") || g_str_equal (key, "driver_info") ||
           g_str_equal (key, "extra")))
        continue;

      shown = object_name ? g_strdup_printf ("%s.%s", object_name, key) : g_strdup (key);
      takeover_inventory_reader_record_problem (reader, TAKEOVER_SEVERITY_WARNING, shown,
                                                _("“%s” is not read, and an export will not "
                                                  "have it."),
                                                shown);
    }
}

static void
read_node (TakeoverInventoryReader *reader,
           JsonObject              *node)
{
  static const char * const objects[] = { "driver_info", "extra" };
  JsonNode *driver = json_object_get_member (node, "driver");

  read_members (reader, node, NULL);

  if (driver == NULL || !JSON_NODE_HOLDS_VALUE (driver) ||
      json_node_get_value_type (driver) != G_TYPE_STRING)
    takeover_inventory_reader_record_problem (reader, TAKEOVER_SEVERITY_ERROR, "driver",
                                              _("The node has no driver; Takeover works "
                                                "through IPMI, so give “driver”: “%s”."),
                                              DRIVER);
  else if (!g_str_equal (json_node_get_string (driver), DRIVER))
    takeover_inventory_reader_record_problem (reader, TAKEOVER_SEVERITY_ERROR, "driver",
                                              _("The driver is “%s”; Takeover works through "
                                                "IPMI, so use “%s”."),
                                              json_node_get_string (driver), DRIVER);

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      JsonNode *member = json_object_get_member (node, objects[i]);

      if (member == NULL || JSON_NODE_HOLDS_NULL (member))
        continue;
      if (JSON_NODE_HOLDS_OBJECT (member))
        read_members (reader, json_node_get_object (member), objects[i]);
      else
        takeover_inventory_reader_record_problem (reader, TAKEOVER_SEVERITY_ERROR, objects[i],
                                                  _("“%s” must be an object."), objects[i]);
    }
}

/* "<data>:3:10: Parse error: …" → line 3 and the rest. */
static guint
split_parse_error (const char  *message,
                   const char **rest)
{
  guint line = 1;
  const char *colon;

  *rest = message;
  if (!g_str_has_prefix (message, "<data>:"))
    return line;

  line = (guint)g_ascii_strtoull (message + strlen ("<data>:"), NULL, 10);
  colon = strstr (message, ": ");
  if (colon != NULL)
    *rest = colon + 2;

  return MAX (line, 1);
}

TakeoverInventoryParsed *
takeover_inventory_parse_json (const char   *data,
                               gsize         length,
                               const char   *filename,
                               gboolean      check_only,
                               GCancellable *cancellable)
{
  TakeoverInventoryReader *reader = takeover_inventory_reader_new (filename, field_names,
                                                                   check_only, cancellable);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  JsonObjectIter iter;
  JsonObject *root;
  JsonNode *nodes;
  const char *key;
  JsonNode *member;
  guint max_depth;

  lines = scan_node_lines (data, length, &max_depth);
  if (max_depth > MAX_DEPTH)
    {
      takeover_inventory_reader_problem (reader, TAKEOVER_SEVERITY_ERROR, 1, "file",
                                         _("The JSON nests deeper than %d levels; this is not "
                                           "an inventory."),
                                         MAX_DEPTH);
      return takeover_inventory_reader_finish (reader, TAKEOVER_INVENTORY_FORMAT_JSON);
    }

  if (length > G_MAXSSIZE || !json_parser_load_from_data (parser, data, length, &error))
    {
      const char *reason = error ? error->message : "";
      guint line = split_parse_error (reason, &reason);

      takeover_inventory_reader_problem (reader, TAKEOVER_SEVERITY_ERROR, line, "file",
                                         _("The file is not valid JSON: %s"), reason);
      return takeover_inventory_reader_finish (reader, TAKEOVER_INVENTORY_FORMAT_JSON);
    }

  /* An empty file parses, to no root at all. */
  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      (nodes = json_object_get_member (json_node_get_object (json_parser_get_root (parser)),
                                       "nodes")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (nodes))
    {
      takeover_inventory_reader_problem (reader, TAKEOVER_SEVERITY_ERROR, 1, "nodes",
                                         _("The file must be a JSON object with a “nodes” "
                                           "list, as “openstack baremetal create” reads."));
      return takeover_inventory_reader_finish (reader, TAKEOVER_INVENTORY_FORMAT_JSON);
    }

  root = json_node_get_object (json_parser_get_root (parser));
  json_object_iter_init (&iter, root);
  while (json_object_iter_next (&iter, &key, &member))
    if (!g_str_equal (key, "nodes"))
      takeover_inventory_reader_problem (reader, TAKEOVER_SEVERITY_WARNING, 1, key,
                                         _("“%s” is not read; Takeover reads only "
                                           "“nodes”."),
                                         key);

  takeover_inventory_reader_expect (reader, json_array_get_length (json_node_get_array (nodes)));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (nodes)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (nodes), i);

      if ((i & 0x3ff) == 0x3ff && takeover_inventory_reader_cancelled (reader))
        break;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          takeover_inventory_reader_problem (reader, TAKEOVER_SEVERITY_ERROR,
                                             node_line (lines, i), "nodes",
                                             _("Node %u is not a JSON object."), i + 1);
          continue;
        }

      takeover_inventory_reader_begin (reader, node_line (lines, i));
      read_node (reader, json_node_get_object (node));
      takeover_inventory_reader_end (reader);
    }

  return takeover_inventory_reader_finish (reader, TAKEOVER_INVENTORY_FORMAT_JSON);
}

gboolean
takeover_inventory_write_json (GString                     *out,
                               GListModel                  *hosts,
                               TakeoverInventorySaveFlags   flags,
                               GError                     **error)
{
  static const char * const objects[] = { "driver_info", "extra" };
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n_hosts = g_list_model_get_n_items (hosts);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);

  for (guint i = 0; i < n_hosts; i++)
    {
      g_autoptr(TakeoverHost) host = g_list_model_get_item (hosts, i);
      const char *name = takeover_host_get_name (host);

      json_builder_begin_object (builder);
      if (name != NULL)
        {
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, name);
        }
      json_builder_set_member_name (builder, "driver");
      json_builder_add_string_value (builder, DRIVER);

      for (guint j = 0; j < G_N_ELEMENTS (objects); j++)
        {
          json_builder_set_member_name (builder, objects[j]);
          json_builder_begin_object (builder);
          for (guint field = 0; field < TAKEOVER_N_FIELDS; field++)
            {
              char number[16];
              const char *value;

              if (g_strcmp0 (json_fields[field].object, objects[j]) != 0)
                continue;
              value = takeover_inventory_field_to_string (host, field, flags, number);
              if (value == NULL)
                continue;
              json_builder_set_member_name (builder, json_fields[field].key);
              if (json_fields[field].number)
                json_builder_add_int_value (builder, g_ascii_strtoll (value, NULL, 10));
              else
                json_builder_add_string_value (builder, value);
            }
          json_builder_end_object (builder);
        }

      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_to_gstring (generator, out);
  g_string_append_c (out, '\n');

  return TRUE;
}

/* The format's names of the fields, as problems say them. */
const char * const *
takeover_inventory_json_get_field_names (void)
{
  return field_names;
}
