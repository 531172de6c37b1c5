/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-openstack"

#include "config.h"

#include <glib/gi18n.h>
#include <yaml.h>

#include "takeover-cloud-config.h"
#include "takeover-cloud-error.h"

struct _TakeoverCloudConfig
{
  GObject           parent_instance;

  char             *name;
  char             *source_file;
  JsonObject       *cloud;
  /* Scalars as text, so that getters can hand out borrowed strings for numbers too. */
  GHashTable       *options;
  GHashTable       *auth;
  TakeoverAuthType  auth_type;
  char             *auth_type_name;
  char             *interface;
};

G_DEFINE_FINAL_TYPE (TakeoverCloudConfig, takeover_cloud_config, G_TYPE_OBJECT)

/* Keys that belong in "auth" even when written at the top level, as openstacksdk moves them. */
static const char * const auth_keys[] = {
  "auth_url", "username", "user_id", "password", "project_name", "project_id",
  "user_domain_name", "user_domain_id", "project_domain_name", "project_domain_id",
  "domain_name", "domain_id", "system_scope", "token", "application_credential_id",
  "application_credential_name", "application_credential_secret", "endpoint",
  NULL
};

/* OS_* variables that select or steer rather than describe a cloud. */
static const char * const env_selectors[] = {
  "OS_CLOUD", "OS_CLOUD_NAME", "OS_REGION_NAME", "OS_CLIENT_CONFIG_FILE",
  "OS_CLIENT_SECURE_FILE", NULL
};

static const struct
{
  const char       *name;
  TakeoverAuthType  type;
} auth_types[] = {
  { "password", TAKEOVER_AUTH_PASSWORD },
  { "v3password", TAKEOVER_AUTH_PASSWORD },
  { "token", TAKEOVER_AUTH_TOKEN },
  { "v3token", TAKEOVER_AUTH_TOKEN },
  { "v3applicationcredential", TAKEOVER_AUTH_APPLICATION_CREDENTIAL },
  { "http_basic", TAKEOVER_AUTH_HTTP_BASIC },
  { "none", TAKEOVER_AUTH_NONE },
  { "noauth", TAKEOVER_AUTH_NONE },
};

/* YAML to JSON-GLib, with YAML 1.1 plain-scalar typing as PyYAML's safe_load (which
 * openstacksdk uses) does it: so "verify: no" is FALSE and "api_timeout: 30" a number. */

/* clouds.yaml nests a few levels; the reader recurses per level, so a file nested deeper
 * than this is refused rather than left to overflow the stack. */
#define YAML_MAX_DEPTH 64

typedef struct
{
  yaml_parser_t  parser;
  const char    *path;
  GHashTable    *anchors;
  guint          depth;
} YamlReader;

static JsonNode *yaml_read_node (YamlReader   *reader,
                                 yaml_event_t *event,
                                 GError      **error);

static gboolean
yaml_error (YamlReader  *reader,
            GError     **error)
{
  g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG,
               _("%s:%zu:%zu: %s"), reader->path,
               reader->parser.problem_mark.line + 1, reader->parser.problem_mark.column + 1,
               reader->parser.problem != NULL ? reader->parser.problem : _("invalid YAML"));
  return FALSE;
}

static gboolean
yaml_next (YamlReader    *reader,
           yaml_event_t  *event,
           GError       **error)
{
  if (!yaml_parser_parse (&reader->parser, event))
    return yaml_error (reader, error);
  return TRUE;
}

static gboolean
str_in (const char         *text,
        const char * const *words)
{
  return g_strv_contains (words, text);
}

static JsonNode *
yaml_scalar_to_json (const yaml_event_t *event)
{
  static const char * const nulls[] = { "", "~", "null", "Null", "NULL", NULL };
  static const char * const trues[] = { "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On",
                                        "ON", NULL };
  static const char * const falses[] = { "false", "False", "FALSE", "no", "No", "NO", "off",
                                         "Off", "OFF", NULL };
  const char *text = (const char *) event->data.scalar.value;
  JsonNode *node = json_node_new (JSON_NODE_VALUE);
  char *end = NULL;

  if (event->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
    {
      json_node_set_string (node, text);
      return node;
    }

  if (str_in (text, nulls))
    {
      json_node_free (node);
      return json_node_new (JSON_NODE_NULL);
    }
  if (str_in (text, trues))
    json_node_set_boolean (node, TRUE);
  else if (str_in (text, falses))
    json_node_set_boolean (node, FALSE);
  else if (g_ascii_isdigit (text[0]) || ((text[0] == '-' || text[0] == '+') && text[1] != '\0'))
    {
      gint64 integer = g_ascii_strtoll (text, &end, 10);
      double number;
      char canonical[G_ASCII_DTOSTR_BUF_SIZE];

      /* A number only if it reads back as the same text: a numeric password or ID with
       * leading zeros or more digits than 64 bits hold ("0042", "12345678901234567890")
       * must stay what the operator wrote, not become 42 or G_MAXINT64. */
      g_snprintf (canonical, sizeof canonical, "%" G_GINT64_FORMAT, integer);
      if (*end == '\0' && g_str_equal (canonical, text))
        json_node_set_int (node, integer);
      else
        {
          number = g_ascii_strtod (text, &end);
          g_ascii_dtostr (canonical, sizeof canonical, number);
          if (*end == '\0' && strchr (text, '.') != NULL && g_str_equal (canonical, text))
            json_node_set_double (node, number);
          else
            json_node_set_string (node, text);
        }
    }
  else
    json_node_set_string (node, text);

  return node;
}

static void
yaml_remember_anchor (YamlReader      *reader,
                      const yaml_char_t *anchor,
                      JsonNode        *node)
{
  if (anchor != NULL)
    g_hash_table_insert (reader->anchors, g_strdup ((const char *) anchor), json_node_copy (node));
}

/* YAML's merge key ("<<: *defaults"), which PyYAML honours: members the mapping does not set
 * itself come from the merged mapping(s). */
static void
yaml_merge_defaults (JsonObject *object,
                     JsonNode   *merged)
{
  if (JSON_NODE_HOLDS_ARRAY (merged))
    {
      JsonArray *array = json_node_get_array (merged);

      for (guint i = 0; i < json_array_get_length (array); i++)
        yaml_merge_defaults (object, json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_OBJECT (merged))
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (merged));
      while (json_object_iter_next (&iter, &key, &value))
        {
          if (!json_object_has_member (object, key))
            json_object_set_member (object, key, json_node_copy (value));
        }
    }
}

static JsonNode *
yaml_read_mapping (YamlReader    *reader,
                   GError       **error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) merged = NULL;

  for (;;)
    {
      yaml_event_t event;
      g_autoptr(JsonNode) key = NULL;
      JsonNode *value;

      if (!yaml_next (reader, &event, error))
        return NULL;
      if (event.type == YAML_MAPPING_END_EVENT)
        {
          yaml_event_delete (&event);
          break;
        }
      key = yaml_read_node (reader, &event, error);
      yaml_event_delete (&event);
      if (key == NULL)
        return NULL;
      if (!JSON_NODE_HOLDS_VALUE (key))
        {
          g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG,
                       _("%s:%zu: a key must be a plain value"), reader->path,
                       reader->parser.mark.line + 1);
          return NULL;
        }

      if (!yaml_next (reader, &event, error))
        return NULL;
      value = yaml_read_node (reader, &event, error);
      yaml_event_delete (&event);
      if (value == NULL)
        return NULL;

      if (json_node_get_value_type (key) == G_TYPE_STRING &&
          g_str_equal (json_node_get_string (key), "<<"))
        {
          g_clear_pointer (&merged, json_node_unref);
          merged = value;
        }
      else if (json_node_get_value_type (key) == G_TYPE_STRING)
        json_object_set_member (object, json_node_get_string (key), value);
      else
        {
          /* Keys like 1 or true are rare in clouds.yaml but legal YAML: keep them as text. */
          GValue text = G_VALUE_INIT;
          g_autofree char *name = NULL;

          json_node_get_value (key, &text);
          name = g_strdup_value_contents (&text);
          g_value_unset (&text);
          json_object_set_member (object, name, value);
        }
    }

  if (merged != NULL)
    yaml_merge_defaults (object, merged);

  return json_node_init_object (json_node_alloc (), object);
}

static JsonNode *
yaml_read_sequence (YamlReader  *reader,
                    GError     **error)
{
  g_autoptr(JsonArray) array = json_array_new ();

  for (;;)
    {
      yaml_event_t event;
      JsonNode *item;

      if (!yaml_next (reader, &event, error))
        return NULL;
      if (event.type == YAML_SEQUENCE_END_EVENT)
        {
          yaml_event_delete (&event);
          break;
        }
      item = yaml_read_node (reader, &event, error);
      yaml_event_delete (&event);
      if (item == NULL)
        return NULL;
      json_array_add_element (array, item);
    }

  return json_node_init_array (json_node_alloc (), array);
}

static JsonNode *
yaml_read_node (YamlReader    *reader,
                yaml_event_t  *event,
                GError       **error)
{
  JsonNode *node = NULL;

  if ((event->type == YAML_MAPPING_START_EVENT || event->type == YAML_SEQUENCE_START_EVENT) &&
      reader->depth >= YAML_MAX_DEPTH)
    {
      g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG,
                   _("%s:%zu: the YAML nests deeper than %d levels"), reader->path,
                   event->start_mark.line + 1, YAML_MAX_DEPTH);
      return NULL;
    }

  switch (event->type)
    {
    case YAML_SCALAR_EVENT:
      node = yaml_scalar_to_json (event);
      yaml_remember_anchor (reader, event->data.scalar.anchor, node);
      return node;

    case YAML_MAPPING_START_EVENT:
      reader->depth++;
      node = yaml_read_mapping (reader, error);
      reader->depth--;
      if (node != NULL)
        yaml_remember_anchor (reader, event->data.mapping_start.anchor, node);
      return node;

    case YAML_SEQUENCE_START_EVENT:
      reader->depth++;
      node = yaml_read_sequence (reader, error);
      reader->depth--;
      if (node != NULL)
        yaml_remember_anchor (reader, event->data.sequence_start.anchor, node);
      return node;

    case YAML_ALIAS_EVENT:
      node = g_hash_table_lookup (reader->anchors, event->data.alias.anchor);
      if (node == NULL)
        {
          g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG,
                       _("%s:%zu: unknown alias “%s”"), reader->path,
                       event->start_mark.line + 1, (const char *) event->data.alias.anchor);
          return NULL;
        }
      return json_node_copy (node);

    case YAML_NO_EVENT:
    case YAML_STREAM_START_EVENT:
    case YAML_STREAM_END_EVENT:
    case YAML_DOCUMENT_START_EVENT:
    case YAML_DOCUMENT_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
    default:
      g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG,
                   _("%s:%zu: unexpected YAML structure"), reader->path,
                   event->start_mark.line + 1);
      return NULL;
    }
}

/* Reads a YAML (or JSON, which is YAML) file whose top level must be a mapping. */
static JsonObject *
load_yaml_file (const char  *path,
                GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  YamlReader reader = { .path = path };
  gsize length = 0;
  gboolean done = FALSE;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG,
                   _("Cannot read %s: %s"), path, local_error->message);
      return NULL;
    }

  yaml_parser_initialize (&reader.parser);
  yaml_parser_set_input_string (&reader.parser, (const unsigned char *) contents, length);
  reader.anchors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) json_node_unref);

  while (!done)
    {
      yaml_event_t event;

      if (!yaml_next (&reader, &event, error))
        break;

      switch (event.type)
        {
        case YAML_STREAM_END_EVENT:
          done = TRUE;
          break;

        case YAML_MAPPING_START_EVENT:
        case YAML_SEQUENCE_START_EVENT:
        case YAML_SCALAR_EVENT:
        case YAML_ALIAS_EVENT:
          if (root != NULL)
            break;
          root = yaml_read_node (&reader, &event, error);
          if (root == NULL)
            done = TRUE;
          break;

        case YAML_NO_EVENT:
        case YAML_STREAM_START_EVENT:
        case YAML_DOCUMENT_START_EVENT:
        case YAML_DOCUMENT_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
        default:
          break;
        }
      yaml_event_delete (&event);
    }

  yaml_parser_delete (&reader.parser);
  g_hash_table_unref (reader.anchors);

  if (error != NULL && *error != NULL)
    return NULL;

  /* An empty file is an empty configuration, as for PyYAML. */
  if (root == NULL || JSON_NODE_HOLDS_NULL (root))
    return json_object_new ();

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG,
                   _("%s: the top level must be a mapping (“clouds:”)"), path);
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/* Values of @overlay win; objects present in both are merged key by key (openstacksdk's
 * merge_clouds). */
static void
merge_objects (JsonObject *base,
               JsonObject *overlay)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  json_object_iter_init (&iter, overlay);
  while (json_object_iter_next (&iter, &key, &value))
    {
      JsonNode *existing = json_object_get_member (base, key);

      if (existing != NULL && JSON_NODE_HOLDS_OBJECT (existing) && JSON_NODE_HOLDS_OBJECT (value))
        merge_objects (json_node_get_object (existing), json_node_get_object (value));
      else
        json_object_set_member (base, key, json_node_copy (value));
    }
}

static char *
scalar_to_text (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
      }
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return NULL;
    }
}

static GHashTable *
scalars_of (JsonObject *object)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (object == NULL)
    return table;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &value))
    {
      char *text = scalar_to_text (value);

      if (text != NULL)
        g_hash_table_insert (table, g_strdup (key), text);
    }

  return table;
}

/* clouds.yaml accepts "project-name" for "project_name" and the old tenant names. */
static void
normalise_keys (JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      g_autofree char *fixed = g_strdelimit (g_strdup (key), "-", '_');
      g_autoptr(JsonNode) value = NULL;

      if (g_str_equal (fixed, "tenant_name"))
        {
          g_free (fixed);
          fixed = g_strdup ("project_name");
        }
      else if (g_str_equal (fixed, "tenant_id"))
        {
          g_free (fixed);
          fixed = g_strdup ("project_id");
        }
      else if (g_str_equal (fixed, "auth_plugin"))
        {
          g_free (fixed);
          fixed = g_strdup ("auth_type");
        }

      if (g_str_equal (fixed, key))
        continue;

      value = json_object_dup_member (object, key);
      json_object_remove_member (object, key);
      if (!json_object_has_member (object, fixed))
        json_object_set_member (object, fixed, g_steal_pointer (&value));
    }
}

static gboolean
check_required (TakeoverCloudConfig  *self,
                const char * const   *alternatives,
                GError              **error)
{
  for (guint i = 0; alternatives[i] != NULL; i++)
    {
      if (g_hash_table_contains (self->auth, alternatives[i]))
        return TRUE;
    }

  g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG,
               _("Cloud “%s” uses auth_type %s but has no auth.%s."), self->name,
               self->auth_type_name, alternatives[0]);
  return FALSE;
}

static gboolean
takeover_cloud_config_setup (TakeoverCloudConfig  *self,
                             GError              **error)
{
  JsonNode *auth_node;
  JsonObject *auth;
  const char *type_name;
  const char *interface;
  gboolean known = FALSE;

  normalise_keys (self->cloud);

  auth_node = json_object_get_member (self->cloud, "auth");
  if (auth_node == NULL || JSON_NODE_HOLDS_NULL (auth_node))
    {
      json_object_set_object_member (self->cloud, "auth", json_object_new ());
    }
  else if (!JSON_NODE_HOLDS_OBJECT (auth_node))
    {
      g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG,
                   _("Cloud “%s”: “auth” must be a mapping."), self->name);
      return FALSE;
    }
  auth = json_object_get_object_member (self->cloud, "auth");
  normalise_keys (auth);

  for (guint i = 0; auth_keys[i] != NULL; i++)
    {
      if (json_object_has_member (self->cloud, auth_keys[i]))
        {
          if (!json_object_has_member (auth, auth_keys[i]))
            json_object_set_member (auth, auth_keys[i],
                                    json_object_dup_member (self->cloud, auth_keys[i]));
          json_object_remove_member (self->cloud, auth_keys[i]);
        }
    }

  self->options = scalars_of (self->cloud);
  self->auth = scalars_of (auth);

  /* Without an auth_type, a token and no password mean token auth, as the openstack client
   * takes --os-token; else password, openstacksdk's default. */
  type_name = g_hash_table_lookup (self->options, "auth_type");
  if (type_name == NULL && g_hash_table_contains (self->auth, "token") &&
      !g_hash_table_contains (self->auth, "password"))
    type_name = "token";
  if (type_name == NULL)
    type_name = "password";
  for (guint i = 0; i < G_N_ELEMENTS (auth_types); i++)
    {
      if (g_str_equal (type_name, auth_types[i].name))
        {
          self->auth_type = auth_types[i].type;
          known = TRUE;
        }
    }
  if (!known)
    {
      g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG,
                   _("Cloud “%s” uses auth_type “%s”, which Takeover does not support (use "
                     "password, token, v3applicationcredential, http_basic or none)."),
                   self->name, type_name);
      return FALSE;
    }
  self->auth_type_name = g_strdup (type_name);

  interface = g_hash_table_lookup (self->options, "interface");
  if (interface == NULL)
    interface = "public";
  self->interface = g_strdup (interface);
  if (g_str_has_suffix (self->interface, "URL"))
    self->interface[strlen (self->interface) - 3] = '\0';

  switch (self->auth_type)
    {
    case TAKEOVER_AUTH_PASSWORD:
      return check_required (self, (const char * const[]) { "auth_url", NULL }, error) &&
             check_required (self, (const char * const[]) { "username", "user_id", NULL }, error) &&
             check_required (self, (const char * const[]) { "password", NULL }, error);
    case TAKEOVER_AUTH_TOKEN:
      return check_required (self, (const char * const[]) { "auth_url", NULL }, error) &&
             check_required (self, (const char * const[]) { "token", NULL }, error);
    case TAKEOVER_AUTH_APPLICATION_CREDENTIAL:
      return check_required (self, (const char * const[]) { "auth_url", NULL }, error) &&
             check_required (self, (const char * const[]) { "application_credential_secret",
                                                            NULL }, error) &&
             check_required (self, (const char * const[]) { "application_credential_id",
                                                            "application_credential_name",
                                                            NULL }, error);
    case TAKEOVER_AUTH_HTTP_BASIC:
      return check_required (self, (const char * const[]) { "username", NULL }, error) &&
             check_required (self, (const char * const[]) { "password", NULL }, error);
    case TAKEOVER_AUTH_NONE:
    default:
      return TRUE;
    }
}

static void
takeover_cloud_config_finalize (GObject *object)
{
  TakeoverCloudConfig *self = (TakeoverCloudConfig *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->source_file, g_free);
  g_clear_pointer (&self->cloud, json_object_unref);
  g_clear_pointer (&self->options, g_hash_table_unref);
  g_clear_pointer (&self->auth, g_hash_table_unref);
  g_clear_pointer (&self->auth_type_name, g_free);
  g_clear_pointer (&self->interface, g_free);

  G_OBJECT_CLASS (takeover_cloud_config_parent_class)->finalize (object);
}

static void
takeover_cloud_config_class_init (TakeoverCloudConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = takeover_cloud_config_finalize;
}

static void
takeover_cloud_config_init (TakeoverCloudConfig *self)
{
}

/* json_node_copy() shares objects and arrays; normalising needs a copy of its own. */
static JsonNode *
deep_copy (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(JsonObject) copy = json_object_new ();
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &key, &value))
        json_object_set_member (copy, key, deep_copy (value));
      return json_node_init_object (json_node_alloc (), copy);
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autoptr(JsonArray) copy = json_array_new ();
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, deep_copy (json_array_get_element (array, i)));
      return json_node_init_array (json_node_alloc (), copy);
    }
  return json_node_copy (node);
}

static TakeoverCloudConfig *
config_new (const char  *name,
            const char  *source_file,
            JsonObject  *cloud,
            GError     **error)
{
  g_autoptr(TakeoverCloudConfig) self = g_object_new (TAKEOVER_TYPE_CLOUD_CONFIG, NULL);
  g_autoptr(JsonNode) original = json_node_init_object (json_node_alloc (), cloud);
  g_autoptr(JsonNode) copy = deep_copy (original);

  self->name = g_strdup (name);
  self->source_file = g_strdup (source_file);
  self->cloud = json_object_ref (json_node_get_object (copy));

  if (!takeover_cloud_config_setup (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* The first existing file among $@env_var and NAME.{yaml,yml,json} in @search_dirs. */
static char *
find_config_file (const char * const *envp,
                  const char         *env_var,
                  const char         *base_name,
                  const char * const *search_dirs)
{
  static const char * const suffixes[] = { ".yaml", ".yml", ".json", NULL };
  const char *explicit_file = g_environ_getenv ((char **) envp, env_var);

  if (explicit_file != NULL && explicit_file[0] != '\0' &&
      g_file_test (explicit_file, G_FILE_TEST_IS_REGULAR))
    return g_strdup (explicit_file);

  for (guint i = 0; search_dirs[i] != NULL; i++)
    {
      for (guint j = 0; suffixes[j] != NULL; j++)
        {
          g_autofree char *name = g_strconcat (base_name, suffixes[j], NULL);
          g_autofree char *path = g_build_filename (search_dirs[i], name, NULL);

          if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            return g_steal_pointer (&path);
        }
    }

  return NULL;
}

/* Every cloud the configuration defines, and where they were looked up. */
typedef struct
{
  /* The environment and the search folders: the caller's, else the defaults. */
  const char * const *envp;
  const char * const *search_dirs;
  GStrv               own_env;
  GStrv               default_dirs;
  /* The "clouds" mapping with secure.yaml merged in, plus the environment's cloud. */
  JsonObject         *clouds;
  /* The file the mapping came from, or NULL. */
  char               *clouds_file;
  /* The environment's cloud's name, or NULL when OS_* describe none. */
  char               *env_cloud_name;
} CloudSet;

static void
cloud_set_clear (CloudSet *set)
{
  g_clear_pointer (&set->own_env, g_strfreev);
  g_clear_pointer (&set->default_dirs, g_strfreev);
  g_clear_pointer (&set->clouds, json_object_unref);
  g_clear_pointer (&set->clouds_file, g_free);
  g_clear_pointer (&set->env_cloud_name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CloudSet, cloud_set_clear)

static gboolean
cloud_set_load (CloudSet            *set,
                const char * const  *envp,
                const char * const  *search_dirs,
                GError             **error)
{
  g_autofree char *path = NULL;
  g_autofree char *secure_path = NULL;
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(JsonObject) env_cloud = NULL;
  JsonNode *clouds_node;
  JsonObject *clouds;
  gboolean env_describes_cloud = FALSE;

  if (envp == NULL)
    envp = (const char * const *) (set->own_env = g_get_environ ());
  if (search_dirs == NULL)
    search_dirs = (const char * const *) (set->default_dirs =
                                            takeover_cloud_config_get_default_dirs (envp));
  set->envp = envp;
  set->search_dirs = search_dirs;

  path = find_config_file (envp, "OS_CLIENT_CONFIG_FILE", "clouds", search_dirs);
  if (path != NULL)
    {
      config = load_yaml_file (path, error);
      if (config == NULL)
        return FALSE;
    }
  else
    config = json_object_new ();

  secure_path = find_config_file (envp, "OS_CLIENT_SECURE_FILE", "secure", search_dirs);
  if (secure_path != NULL)
    {
      g_autoptr(JsonObject) secure = load_yaml_file (secure_path, error);

      if (secure == NULL)
        return FALSE;
      merge_objects (config, secure);
    }

  clouds_node = json_object_get_member (config, "clouds");
  if (clouds_node == NULL || JSON_NODE_HOLDS_NULL (clouds_node))
    json_object_set_object_member (config, "clouds", json_object_new ());
  else if (!JSON_NODE_HOLDS_OBJECT (clouds_node))
    {
      g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG,
                   _("%s: “clouds” must be a mapping of cloud names."), path);
      return FALSE;
    }
  clouds = json_object_get_object_member (config, "clouds");

  env_cloud = json_object_new ();
  for (guint i = 0; envp != NULL && envp[i] != NULL; i++)
    {
      const char *eq = strchr (envp[i], '=');
      g_autofree char *var = NULL;
      g_autofree char *key = NULL;

      if (eq == NULL || !g_str_has_prefix (envp[i], "OS_"))
        continue;
      var = g_strndup (envp[i], eq - envp[i]);
      if (g_str_has_prefix (var, "OS_TEST") || g_str_has_prefix (var, "OS_STD") ||
          g_str_has_prefix (var, "OS_LOG") || str_in (var, env_selectors))
        continue;
      key = g_ascii_strdown (var + 3, -1);
      json_object_set_string_member (env_cloud, key, eq + 1);
      env_describes_cloud = TRUE;
    }

  if (env_describes_cloud)
    {
      const char *name = g_environ_getenv ((char **) envp, "OS_CLOUD_NAME");

      set->env_cloud_name = g_strdup (name != NULL && name[0] != '\0' ? name : "envvars");
      json_object_set_object_member (clouds, set->env_cloud_name, g_steal_pointer (&env_cloud));
    }

  set->clouds = json_object_ref (clouds);
  set->clouds_file = g_steal_pointer (&path);
  return TRUE;
}

/* "profile: NAME" (or the older "cloud: NAME") takes the cloud's defaults from NAME under
 * "public-clouds" in clouds-public.yaml, as openstacksdk's vendor profiles; the cloud's own
 * values win. Returns the cloud to use (a new reference). */
static JsonObject *
apply_profile (JsonObject          *cloud,
               const char * const  *envp,
               const char * const  *search_dirs,
               GError             **error)
{
  const char *profile = json_object_get_string_member_with_default (cloud, "profile", NULL);
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) vendors = NULL;
  g_autoptr(JsonNode) base = NULL;
  JsonNode *clouds;
  JsonNode *entry;

  if (profile == NULL)
    profile = json_object_get_string_member_with_default (cloud, "cloud", NULL);
  if (profile == NULL)
    return json_object_ref (cloud);

  path = find_config_file (envp, "OS_CLIENT_VENDOR_FILE", "clouds-public", search_dirs);
  if (path != NULL && (vendors = load_yaml_file (path, error)) == NULL)
    return NULL;
  clouds = vendors != NULL ? json_object_get_member (vendors, "public-clouds") : NULL;
  entry = clouds != NULL && JSON_NODE_HOLDS_OBJECT (clouds) ?
          json_object_get_member (json_node_get_object (clouds), profile) : NULL;
  if (entry == NULL || !JSON_NODE_HOLDS_OBJECT (entry))
    {
      g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG,
                   _("The cloud’s profile “%s” is not in any clouds-public.yaml."), profile);
      return NULL;
    }

  base = deep_copy (entry);
  merge_objects (json_node_get_object (base), cloud);
  return json_object_ref (json_node_get_object (base));
}

static void
apply_region (JsonObject         *cloud,
              const char * const *envp)
{
  const char *region = g_environ_getenv ((char **) envp, "OS_REGION_NAME");
  JsonNode *regions;

  if (region != NULL && region[0] != '\0')
    {
      json_object_set_string_member (cloud, "region_name", region);
      return;
    }
  if (json_object_has_member (cloud, "region_name"))
    return;

  /* "regions: [a, b]" or "regions: [{name: a}, …]": the first is the default. */
  regions = json_object_get_member (cloud, "regions");
  if (regions != NULL && JSON_NODE_HOLDS_ARRAY (regions) &&
      json_array_get_length (json_node_get_array (regions)) > 0)
    {
      JsonNode *first = json_array_get_element (json_node_get_array (regions), 0);

      if (JSON_NODE_HOLDS_OBJECT (first))
        first = json_object_get_member (json_node_get_object (first), "name");
      if (first != NULL && JSON_NODE_HOLDS_VALUE (first) &&
          json_node_get_value_type (first) == G_TYPE_STRING)
        json_object_set_string_member (cloud, "region_name", json_node_get_string (first));
    }
}

char **
takeover_cloud_config_get_default_dirs (const char * const *envp)
{
  g_auto(GStrv) own_env = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *user_dir = NULL;
  const char *config_home;
  const char *home;

  if (envp == NULL)
    envp = (const char * const *) (own_env = g_get_environ ());

  config_home = g_environ_getenv ((char **) envp, "XDG_CONFIG_HOME");
  home = g_environ_getenv ((char **) envp, "HOME");

  g_strv_builder_add (builder, cwd);
  if (config_home != NULL && g_path_is_absolute (config_home))
    user_dir = g_build_filename (config_home, "openstack", NULL);
  else if (home != NULL)
    user_dir = g_build_filename (home, ".config", "openstack", NULL);
  if (user_dir != NULL)
    g_strv_builder_add (builder, user_dir);
  g_strv_builder_add (builder, "/etc/openstack");

  return g_strv_builder_end (builder);
}

TakeoverCloudConfig *
takeover_cloud_config_load_full (const char          *cloud_name,
                                 const char * const  *envp,
                                 const char * const  *search_dirs,
                                 GError             **error)
{
  g_auto(CloudSet) set = { 0 };
  g_autoptr(JsonObject) cloud = NULL;
  const char *clouds_file;
  JsonNode *cloud_node;

  if (!cloud_set_load (&set, envp, search_dirs, error))
    return NULL;
  envp = set.envp;
  clouds_file = set.clouds_file;

  if (cloud_name == NULL || cloud_name[0] == '\0')
    cloud_name = g_environ_getenv ((char **) envp, "OS_CLOUD");
  if (cloud_name == NULL || cloud_name[0] == '\0')
    cloud_name = set.env_cloud_name;

  if (cloud_name == NULL)
    {
      g_autoptr(GList) names = json_object_get_members (set.clouds);

      if (names == NULL)
        g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CLOUD_NOT_FOUND,
                     _("No cloud is configured: write a clouds.yaml (in the current folder, "
                       "~/.config/openstack or /etc/openstack) or set OS_* variables."));
      else
        g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CLOUD_NOT_FOUND,
                     _("No cloud selected: name one of the clouds in %s or set OS_CLOUD."),
                     clouds_file);
      return NULL;
    }

  cloud_node = json_object_get_member (set.clouds, cloud_name);
  if (cloud_node == NULL)
    {
      if (clouds_file != NULL)
        g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CLOUD_NOT_FOUND,
                     _("There is no cloud “%s” in %s."), cloud_name, clouds_file);
      else
        g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CLOUD_NOT_FOUND,
                     _("There is no cloud “%s”: no clouds.yaml was found (in the current "
                       "folder, ~/.config/openstack or /etc/openstack)."),
                     cloud_name);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (cloud_node))
    {
      g_set_error (error, TAKEOVER_CLOUD_ERROR, TAKEOVER_CLOUD_ERROR_CONFIG,
                   _("%s: cloud “%s” must be a mapping."), clouds_file, cloud_name);
      return NULL;
    }

  cloud = apply_profile (json_node_get_object (cloud_node), envp, set.search_dirs, error);
  if (cloud == NULL)
    return NULL;
  apply_region (cloud, envp);

  return config_new (cloud_name,
                     g_strcmp0 (cloud_name, set.env_cloud_name) == 0 ? NULL : clouds_file,
                     cloud, error);
}

TakeoverCloudConfig *
takeover_cloud_config_load (const char  *cloud_name,
                            GError     **error)
{
  return takeover_cloud_config_load_full (cloud_name, NULL, NULL, error);
}

char **
takeover_cloud_config_list_names (const char * const  *envp,
                                  const char * const  *search_dirs,
                                  GError             **error)
{
  g_auto(CloudSet) set = { 0 };
  g_autoptr(GList) members = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (!cloud_set_load (&set, envp, search_dirs, error))
    return NULL;

  members = g_list_sort (json_object_get_members (set.clouds), (GCompareFunc) g_strcmp0);
  for (const GList *l = members; l != NULL; l = l->next)
    g_strv_builder_add (builder, l->data);

  return g_strv_builder_end (builder);
}

TakeoverCloudConfig *
takeover_cloud_config_new_from_json (const char  *name,
                                     JsonObject  *cloud,
                                     GError     **error)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (cloud != NULL, NULL);

  return config_new (name, NULL, cloud, error);
}

const char *
takeover_cloud_config_get_name (TakeoverCloudConfig *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD_CONFIG (self), NULL);

  return self->name;
}

const char *
takeover_cloud_config_get_source_file (TakeoverCloudConfig *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD_CONFIG (self), NULL);

  return self->source_file;
}

TakeoverAuthType
takeover_cloud_config_get_auth_type (TakeoverCloudConfig *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD_CONFIG (self), TAKEOVER_AUTH_NONE);

  return self->auth_type;
}

const char *
takeover_cloud_config_get_auth_type_name (TakeoverCloudConfig *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD_CONFIG (self), NULL);

  return self->auth_type_name;
}

const char *
takeover_cloud_config_get_auth (TakeoverCloudConfig *self,
                                const char          *key)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD_CONFIG (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (self->auth, key);
}

const char *
takeover_cloud_config_get_option (TakeoverCloudConfig *self,
                                  const char          *key)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD_CONFIG (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (self->options, key);
}

const char *
takeover_cloud_config_get_region_name (TakeoverCloudConfig *self)
{
  const char *region;

  g_return_val_if_fail (TAKEOVER_IS_CLOUD_CONFIG (self), NULL);

  region = g_hash_table_lookup (self->options, "region_name");
  return region != NULL && region[0] != '\0' ? region : NULL;
}

const char *
takeover_cloud_config_get_interface (TakeoverCloudConfig *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD_CONFIG (self), NULL);

  return self->interface;
}

const char *
takeover_cloud_config_get_endpoint_override (TakeoverCloudConfig *self,
                                             const char          *service_type)
{
  g_autofree char *key = NULL;
  const char *url;

  g_return_val_if_fail (TAKEOVER_IS_CLOUD_CONFIG (self), NULL);
  g_return_val_if_fail (service_type != NULL, NULL);

  key = g_strconcat (service_type, "_endpoint_override", NULL);
  g_strdelimit (key, "-", '_');
  url = g_hash_table_lookup (self->options, key);
  if (url != NULL && url[0] != '\0')
    return url;

  if (self->auth_type == TAKEOVER_AUTH_NONE || self->auth_type == TAKEOVER_AUTH_HTTP_BASIC)
    return g_hash_table_lookup (self->auth, "endpoint");

  return NULL;
}

gboolean
takeover_cloud_config_get_verify (TakeoverCloudConfig *self)
{
  JsonNode *verify;

  g_return_val_if_fail (TAKEOVER_IS_CLOUD_CONFIG (self), TRUE);

  /* Only an explicit false turns verification off; "verify: no" is false in YAML 1.1 too. */
  verify = json_object_get_member (self->cloud, "verify");
  if (verify != NULL && JSON_NODE_HOLDS_VALUE (verify) &&
      json_node_get_value_type (verify) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (verify);
  if (verify != NULL && JSON_NODE_HOLDS_VALUE (verify) &&
      json_node_get_value_type (verify) == G_TYPE_STRING)
    return g_ascii_strcasecmp (json_node_get_string (verify), "false") != 0;

  return TRUE;
}

const char *
takeover_cloud_config_get_cacert (TakeoverCloudConfig *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD_CONFIG (self), NULL);

  return g_hash_table_lookup (self->options, "cacert");
}

const char *
takeover_cloud_config_get_cert (TakeoverCloudConfig *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD_CONFIG (self), NULL);

  return g_hash_table_lookup (self->options, "cert");
}

const char *
takeover_cloud_config_get_key (TakeoverCloudConfig *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD_CONFIG (self), NULL);

  return g_hash_table_lookup (self->options, "key");
}

double
takeover_cloud_config_get_api_timeout (TakeoverCloudConfig *self)
{
  const char *text;

  g_return_val_if_fail (TAKEOVER_IS_CLOUD_CONFIG (self), 0);

  text = g_hash_table_lookup (self->options, "api_timeout");
  return text != NULL ? MAX (g_ascii_strtod (text, NULL), 0) : 0;
}

JsonObject *
takeover_cloud_config_get_json (TakeoverCloudConfig *self)
{
  g_return_val_if_fail (TAKEOVER_IS_CLOUD_CONFIG (self), NULL);

  return self->cloud;
}
