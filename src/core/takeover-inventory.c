/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-inventory"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-inventory-private.h"

/* A loaded inventory: the hosts of one file, in file order, and every problem found in it.
 * Loading replaces both lists in one splice each, so a view sees one change. The formats
 * themselves live in takeover-inventory-{conf,csv,json}.c, the checks in
 * takeover-inventory-reader.c; docs/inventory.md describes them for operators. */
struct _TakeoverInventory
{
  GObject                  parent_instance;

  GListStore              *hosts;
  GListStore              *problems;
  /* TakeoverHost → GPtrArray of its TakeoverProblems, for the markers on list rows. */
  GHashTable              *host_problems;
  GFile                   *file;
  TakeoverInventoryFormat  format;
  guint                    n_errors;
  guint                    n_warnings;
};

enum {
  PROP_0,
  PROP_HOSTS,
  PROP_PROBLEMS,
  PROP_FILE,
  PROP_FORMAT,
  PROP_N_ERRORS,
  PROP_N_WARNINGS,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TakeoverInventory, takeover_inventory, G_TYPE_OBJECT)
G_DEFINE_QUARK (takeover-inventory-error-quark, takeover_inventory_error)

static GParamSpec *properties[N_PROPS];

static const struct
{
  const char *name;
  const char *extension;
  const char *mime_type;
} formats[] = {
  [TAKEOVER_INVENTORY_FORMAT_CONF] = { "conf", ".conf", "text/plain" },
  [TAKEOVER_INVENTORY_FORMAT_CSV] = { "csv", ".csv", "text/csv" },
  [TAKEOVER_INVENTORY_FORMAT_JSON] = { "json", ".json", "application/json" },
};

GType
takeover_inventory_format_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { TAKEOVER_INVENTORY_FORMAT_NONE, "TAKEOVER_INVENTORY_FORMAT_NONE", "none" },
        { TAKEOVER_INVENTORY_FORMAT_CONF, "TAKEOVER_INVENTORY_FORMAT_CONF", "conf" },
        { TAKEOVER_INVENTORY_FORMAT_CSV, "TAKEOVER_INVENTORY_FORMAT_CSV", "csv" },
        { TAKEOVER_INVENTORY_FORMAT_JSON, "TAKEOVER_INVENTORY_FORMAT_JSON", "json" },
        { 0, NULL, NULL }
      };
      g_once_init_leave (&type_id, g_enum_register_static ("TakeoverInventoryFormat", values));
    }

  return type_id;
}

/* Without a usable extension, the content decides: JSON starts with a brace, a CSV file
 * with a header naming our columns; anything else is read as hosts.conf, whose own checks
 * then say what is wrong. */
static TakeoverInventoryFormat
sniff_format (const char *data,
              gsize       length)
{
  const char *end = data + length;
  const char *p = data;
  const char *eol;

  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p < end && (*p == '{' || *p == '['))
    return TAKEOVER_INVENTORY_FORMAT_JSON;

  eol = memchr (p, '\n', end - p);
  if (eol == NULL)
    eol = end;
  if (g_strstr_len (p, eol - p, "ipmi_address") != NULL && memchr (p, ',', eol - p) != NULL)
    return TAKEOVER_INVENTORY_FORMAT_CSV;

  return TAKEOVER_INVENTORY_FORMAT_CONF;
}

/**
 * takeover_inventory_parse:
 * @filename: the name problems carry
 * @format: the format, or %TAKEOVER_INVENTORY_FORMAT_NONE to tell from @filename or the data
 * @check_only: collect the problems only, without making hosts
 *
 * Parses and checks one inventory. Safe on any thread and on any bytes.
 */
TakeoverInventoryParsed *
takeover_inventory_parse (const char              *data,
                          gsize                    length,
                          const char              *filename,
                          TakeoverInventoryFormat  format,
                          gboolean                 check_only,
                          GCancellable            *cancellable)
{
  static const char utf8_bom[] = "\xEF\xBB\xBF";

  g_assert (data != NULL || length == 0);
  g_assert (filename != NULL);

  if (data == NULL)
    data = "";

  /* Spreadsheets and Windows editors like to start UTF-8 files with a byte order mark. */
  if (length >= 3 && memcmp (data, utf8_bom, 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  if (format == TAKEOVER_INVENTORY_FORMAT_NONE)
    format = takeover_inventory_format_from_filename (filename);
  if (format == TAKEOVER_INVENTORY_FORMAT_NONE)
    format = sniff_format (data, length);

  /* What Windows editors call "Unicode": no field would survive being read as UTF-8, so one
   * problem says why instead of one for every field. */
  if (length >= 2 && (memcmp (data, "\xFF\xFE", 2) == 0 || memcmp (data, "\xFE\xFF", 2) == 0))
    {
      TakeoverInventoryReader *reader = takeover_inventory_reader_new (filename, NULL, check_only,
                                                                       cancellable);

      takeover_inventory_reader_problem (reader, TAKEOVER_SEVERITY_ERROR, 1, "file", "%s",
                                         _("The file is in UTF-16; save it as UTF-8."));
      return takeover_inventory_reader_finish (reader, format);
    }

  switch (format)
    {
    case TAKEOVER_INVENTORY_FORMAT_CONF:
      return takeover_inventory_parse_conf (data, length, filename, check_only, cancellable);

    case TAKEOVER_INVENTORY_FORMAT_CSV:
      return takeover_inventory_parse_csv (data, length, filename, check_only, cancellable);

    case TAKEOVER_INVENTORY_FORMAT_JSON:
      return takeover_inventory_parse_json (data, length, filename, check_only, cancellable);

    case TAKEOVER_INVENTORY_FORMAT_NONE:
    default:
      g_assert_not_reached ();
    }
}

void
takeover_inventory_parsed_free (TakeoverInventoryParsed *parsed)
{
  if (parsed == NULL)
    return;

  g_ptr_array_unref (parsed->hosts);
  g_ptr_array_unref (parsed->problems);
  g_free (parsed);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TakeoverInventoryParsed, takeover_inventory_parsed_free)

/* The problems of @parsed become the inventory's, with their counts; its hosts are the
 * caller's to place. */
static void
apply_problems (TakeoverInventory       *self,
                TakeoverInventoryParsed *parsed)
{
  guint n_errors = 0;
  guint n_warnings = 0;

  g_hash_table_remove_all (self->host_problems);
  for (guint i = 0; i < parsed->problems->len; i++)
    {
      TakeoverProblem *problem = g_ptr_array_index (parsed->problems, i);
      TakeoverHost *host = takeover_problem_get_host (problem);

      if (takeover_problem_get_severity (problem) == TAKEOVER_SEVERITY_ERROR)
        n_errors++;
      else
        n_warnings++;

      if (host != NULL)
        {
          GPtrArray *list = g_hash_table_lookup (self->host_problems, host);

          if (list == NULL)
            {
              list = g_ptr_array_new_with_free_func (g_object_unref);
              g_hash_table_insert (self->host_problems, host, list);
            }
          g_ptr_array_add (list, g_object_ref (problem));
        }
    }

  g_list_store_splice (self->problems, 0, g_list_model_get_n_items (G_LIST_MODEL (self->problems)),
                       parsed->problems->pdata, parsed->problems->len);

  if (self->n_errors != n_errors)
    {
      self->n_errors = n_errors;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ERRORS]);
    }
  if (self->n_warnings != n_warnings)
    {
      self->n_warnings = n_warnings;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WARNINGS]);
    }
}

static void
apply_parsed (TakeoverInventory       *self,
              TakeoverInventoryParsed *parsed,
              GFile                   *file)
{
  g_object_freeze_notify (G_OBJECT (self));

  apply_problems (self, parsed);
  g_list_store_splice (self->hosts, 0, g_list_model_get_n_items (G_LIST_MODEL (self->hosts)),
                       parsed->hosts->pdata, parsed->hosts->len);

  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  if (self->format != parsed->format)
    {
      self->format = parsed->format;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMAT]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

/* After an edit: every host checked again, since a change to one can make or end another's
 * duplicate. The hosts stay where they are; only the problems are replaced. */
static void
recheck (TakeoverInventory *self)
{
  guint n_hosts = g_list_model_get_n_items (G_LIST_MODEL (self->hosts));
  g_autoptr(GPtrArray) hosts = g_ptr_array_new_full (n_hosts, g_object_unref);
  g_autoptr(TakeoverInventoryParsed) parsed = NULL;
  g_autofree char *name = NULL;

  for (guint i = 0; i < n_hosts; i++)
    g_ptr_array_add (hosts, g_list_model_get_item (G_LIST_MODEL (self->hosts), i));

  /* Problems name the file the hosts came from, also when it was read from memory. */
  if (self->file != NULL)
    name = g_file_get_parse_name (self->file);
  for (guint i = 0; name == NULL && i < hosts->len; i++)
    name = g_strdup (takeover_host_get_source_file (g_ptr_array_index (hosts, i)));
  if (name == NULL)
    name = g_strdup ("");
  parsed = takeover_inventory_check_hosts (hosts, name, self->format);

  g_object_freeze_notify (G_OBJECT (self));
  apply_problems (self, parsed);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
takeover_inventory_dispose (GObject *object)
{
  TakeoverInventory *self = (TakeoverInventory *)object;

  g_hash_table_remove_all (self->host_problems);
  g_clear_object (&self->hosts);
  g_clear_object (&self->problems);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (takeover_inventory_parent_class)->dispose (object);
}

static void
takeover_inventory_finalize (GObject *object)
{
  TakeoverInventory *self = (TakeoverInventory *)object;

  g_clear_pointer (&self->host_problems, g_hash_table_unref);

  G_OBJECT_CLASS (takeover_inventory_parent_class)->finalize (object);
}

static void
takeover_inventory_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TakeoverInventory *self = TAKEOVER_INVENTORY (object);

  switch (prop_id)
    {
    case PROP_HOSTS:
      g_value_set_object (value, self->hosts);
      break;

    case PROP_PROBLEMS:
      g_value_set_object (value, self->problems);
      break;

    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;

    case PROP_N_ERRORS:
      g_value_set_uint (value, self->n_errors);
      break;

    case PROP_N_WARNINGS:
      g_value_set_uint (value, self->n_warnings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
takeover_inventory_class_init (TakeoverInventoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = takeover_inventory_dispose;
  object_class->finalize = takeover_inventory_finalize;
  object_class->get_property = takeover_inventory_get_property;

  properties[PROP_HOSTS] =
    g_param_spec_object ("hosts", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_PROBLEMS] =
    g_param_spec_object ("problems", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, flags);
  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL, TAKEOVER_TYPE_INVENTORY_FORMAT,
                       TAKEOVER_INVENTORY_FORMAT_NONE, flags);
  properties[PROP_N_ERRORS] =
    g_param_spec_uint ("n-errors", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_WARNINGS] =
    g_param_spec_uint ("n-warnings", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
takeover_inventory_init (TakeoverInventory *self)
{
  self->hosts = g_list_store_new (TAKEOVER_TYPE_HOST);
  self->problems = g_list_store_new (TAKEOVER_TYPE_PROBLEM);
  self->host_problems = g_hash_table_new_full (NULL, NULL, NULL,
                                               (GDestroyNotify)g_ptr_array_unref);
}

/**
 * takeover_inventory_format_from_filename:
 *
 * Returns: the format the name's extension (`.conf`, `.csv`, `.json`, any case) says, or
 *   %TAKEOVER_INVENTORY_FORMAT_NONE
 */
TakeoverInventoryFormat
takeover_inventory_format_from_filename (const char *filename)
{
  const char *dot;

  g_return_val_if_fail (filename != NULL, TAKEOVER_INVENTORY_FORMAT_NONE);

  dot = strrchr (filename, '.');
  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return TAKEOVER_INVENTORY_FORMAT_NONE;

  for (guint i = TAKEOVER_INVENTORY_FORMAT_CONF; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (dot, formats[i].extension) == 0)
      return i;

  return TAKEOVER_INVENTORY_FORMAT_NONE;
}

/**
 * takeover_inventory_format_from_name:
 * @name: "conf", "csv" or "json" (what `--from`/`--to` take)
 *
 * Returns: the format, or %TAKEOVER_INVENTORY_FORMAT_NONE for any other name
 */
TakeoverInventoryFormat
takeover_inventory_format_from_name (const char *name)
{
  g_return_val_if_fail (name != NULL, TAKEOVER_INVENTORY_FORMAT_NONE);

  for (guint i = TAKEOVER_INVENTORY_FORMAT_CONF; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (name, formats[i].name) == 0)
      return i;

  return TAKEOVER_INVENTORY_FORMAT_NONE;
}

const char *
takeover_inventory_format_get_name (TakeoverInventoryFormat format)
{
  g_return_val_if_fail (format > TAKEOVER_INVENTORY_FORMAT_NONE, NULL);
  g_return_val_if_fail (format < G_N_ELEMENTS (formats), NULL);

  return formats[format].name;
}

/* For file chooser filters. */
const char *
takeover_inventory_format_get_mime_type (TakeoverInventoryFormat format)
{
  g_return_val_if_fail (format > TAKEOVER_INVENTORY_FORMAT_NONE, NULL);
  g_return_val_if_fail (format < G_N_ELEMENTS (formats), NULL);

  return formats[format].mime_type;
}

TakeoverInventory *
takeover_inventory_new (void)
{
  return g_object_new (TAKEOVER_TYPE_INVENTORY, NULL);
}

/**
 * takeover_inventory_get_hosts:
 *
 * Returns: (transfer none): a list of #TakeoverHost, one for every record of the file in
 *   file order, including records with errors (see takeover_inventory_get_host_problems())
 */
GListModel *
takeover_inventory_get_hosts (TakeoverInventory *self)
{
  g_return_val_if_fail (TAKEOVER_IS_INVENTORY (self), NULL);

  return G_LIST_MODEL (self->hosts);
}

/**
 * takeover_inventory_get_problems:
 *
 * Returns: (transfer none): a list of #TakeoverProblem in file order
 */
GListModel *
takeover_inventory_get_problems (TakeoverInventory *self)
{
  g_return_val_if_fail (TAKEOVER_IS_INVENTORY (self), NULL);

  return G_LIST_MODEL (self->problems);
}

/**
 * takeover_inventory_get_file:
 *
 * Returns: (transfer none) (nullable): the file last loaded with takeover_inventory_load()
 *   or its async form
 */
GFile *
takeover_inventory_get_file (TakeoverInventory *self)
{
  g_return_val_if_fail (TAKEOVER_IS_INVENTORY (self), NULL);

  return self->file;
}

TakeoverInventoryFormat
takeover_inventory_get_format (TakeoverInventory *self)
{
  g_return_val_if_fail (TAKEOVER_IS_INVENTORY (self), TAKEOVER_INVENTORY_FORMAT_NONE);

  return self->format;
}

guint
takeover_inventory_get_n_errors (TakeoverInventory *self)
{
  g_return_val_if_fail (TAKEOVER_IS_INVENTORY (self), 0);

  return self->n_errors;
}

guint
takeover_inventory_get_n_warnings (TakeoverInventory *self)
{
  g_return_val_if_fail (TAKEOVER_IS_INVENTORY (self), 0);

  return self->n_warnings;
}

/**
 * takeover_inventory_get_host_problems:
 *
 * Returns: (transfer none) (nullable) (element-type TakeoverProblem): the problems of @host,
 *   or %NULL when it has none
 */
GPtrArray *
takeover_inventory_get_host_problems (TakeoverInventory *self,
                                      TakeoverHost      *host)
{
  g_return_val_if_fail (TAKEOVER_IS_INVENTORY (self), NULL);
  g_return_val_if_fail (TAKEOVER_IS_HOST (host), NULL);

  return g_hash_table_lookup (self->host_problems, host);
}

/**
 * takeover_inventory_get_host_severity:
 * @severity: (out) (optional): the worst severity among the host's problems
 *
 * Returns: whether @host has any problem
 */
gboolean
takeover_inventory_get_host_severity (TakeoverInventory *self,
                                      TakeoverHost      *host,
                                      TakeoverSeverity  *severity)
{
  GPtrArray *list;
  TakeoverSeverity worst = TAKEOVER_SEVERITY_WARNING;

  g_return_val_if_fail (TAKEOVER_IS_INVENTORY (self), FALSE);
  g_return_val_if_fail (TAKEOVER_IS_HOST (host), FALSE);

  list = g_hash_table_lookup (self->host_problems, host);
  if (list == NULL)
    return FALSE;

  for (guint i = 0; i < list->len; i++)
    worst = MAX (worst, takeover_problem_get_severity (g_ptr_array_index (list, i)));
  if (severity != NULL)
    *severity = worst;

  return TRUE;
}

/**
 * takeover_inventory_dup_host_messages:
 *
 * Returns: (transfer full) (nullable): the sentences of the host's problems, one a line,
 *   each after its field's name (for a tooltip), or %NULL when it has none
 */
char *
takeover_inventory_dup_host_messages (TakeoverInventory *self,
                                      TakeoverHost      *host)
{
  GPtrArray *list;
  GString *text;

  g_return_val_if_fail (TAKEOVER_IS_INVENTORY (self), NULL);
  g_return_val_if_fail (TAKEOVER_IS_HOST (host), NULL);

  list = g_hash_table_lookup (self->host_problems, host);
  if (list == NULL)
    return NULL;

  text = g_string_new (NULL);
  for (guint i = 0; i < list->len; i++)
    {
      TakeoverProblem *problem = g_ptr_array_index (list, i);

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s: %s", takeover_problem_get_field (problem),
                              takeover_problem_get_message (problem));
    }

  return g_string_free (text, FALSE);
}

/**
 * takeover_inventory_load_data:
 * @data: (array length=length): the file's bytes, any bytes
 * @filename: the name problems carry (and, with %TAKEOVER_INVENTORY_FORMAT_NONE, whose
 *   extension picks the format)
 *
 * Replaces the hosts and problems with those of @data. Whatever is wrong in @data becomes a
 * problem; this cannot fail.
 */
void
takeover_inventory_load_data (TakeoverInventory       *self,
                              const char              *data,
                              gsize                    length,
                              const char              *filename,
                              TakeoverInventoryFormat  format)
{
  g_autoptr(TakeoverInventoryParsed) parsed = NULL;

  g_return_if_fail (TAKEOVER_IS_INVENTORY (self));
  g_return_if_fail (data != NULL || length == 0);
  g_return_if_fail (filename != NULL);

  parsed = takeover_inventory_parse (data, length, filename, format, FALSE, NULL);
  apply_parsed (self, parsed, NULL);
}

/**
 * takeover_inventory_check_data:
 * @data: (array length=length): the file's bytes, any bytes
 * @filename: the name problems carry (and, with %TAKEOVER_INVENTORY_FORMAT_NONE, whose
 *   extension picks the format)
 * @n_hosts: (out) (optional): how many hosts (records) @data lists
 *
 * Finds the same problems takeover_inventory_load_data() would, without making hosts, which
 * is what checking a big file needs (takeover-cli validate).
 *
 * Returns: (transfer full): a list of #TakeoverProblem, in file order, none with a host
 */
GListModel *
takeover_inventory_check_data (const char              *data,
                               gsize                    length,
                               const char              *filename,
                               TakeoverInventoryFormat  format,
                               guint                   *n_hosts)
{
  g_autoptr(TakeoverInventoryParsed) parsed = NULL;
  GListStore *problems;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (filename != NULL, NULL);

  parsed = takeover_inventory_parse (data, length, filename, format, TRUE, NULL);
  problems = g_list_store_new (TAKEOVER_TYPE_PROBLEM);
  g_list_store_splice (problems, 0, 0, parsed->problems->pdata, parsed->problems->len);
  if (n_hosts != NULL)
    *n_hosts = parsed->n_records;

  return G_LIST_MODEL (problems);
}

static TakeoverInventoryParsed *
load_file (GFile                    *file,
           TakeoverInventoryFormat   format,
           GCancellable             *cancellable,
           GError                  **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    return NULL;

  name = g_file_get_parse_name (file);
  return takeover_inventory_parse (contents, length, name, format, FALSE, cancellable);
}

/**
 * takeover_inventory_load:
 * @format: the format, or %TAKEOVER_INVENTORY_FORMAT_NONE to tell from the name or content
 *
 * Replaces the hosts and problems with those of @file.
 *
 * Returns: %FALSE only when @file cannot be read (or @cancellable fired); problems in its
 *   content do not fail the load
 */
gboolean
takeover_inventory_load (TakeoverInventory        *self,
                         GFile                    *file,
                         TakeoverInventoryFormat   format,
                         GCancellable             *cancellable,
                         GError                  **error)
{
  g_autoptr(TakeoverInventoryParsed) parsed = NULL;

  g_return_val_if_fail (TAKEOVER_IS_INVENTORY (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);

  parsed = load_file (file, format, cancellable, error);
  if (parsed == NULL)
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  apply_parsed (self, parsed, file);
  return TRUE;
}

typedef struct
{
  GFile                   *file;
  TakeoverInventoryFormat  format;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->file);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  TakeoverInventoryParsed *parsed;
  GError *error = NULL;

  /* Only the file and plain values cross into this thread; the hosts it makes are nobody
   * else's until the main thread splices them in. */
  parsed = load_file (data->file, data->format, cancellable, &error);
  if (parsed == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, parsed, (GDestroyNotify)takeover_inventory_parsed_free);
}

static void
load_parsed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(TakeoverInventoryParsed) parsed = NULL;
  TakeoverInventory *self = g_task_get_source_object (task);
  LoadData *data = g_task_get_task_data (task);
  GError *error = NULL;

  parsed = g_task_propagate_pointer (G_TASK (result), &error);
  if (parsed == NULL || g_task_return_error_if_cancelled (task))
    {
      if (error != NULL)
        g_task_return_error (task, error);
      return;
    }

  apply_parsed (self, parsed, data->file);
  g_task_return_boolean (task, TRUE);
}

/**
 * takeover_inventory_load_async:
 *
 * Reads and checks @file in a worker thread (a file may hold 100,000 hosts), then replaces
 * the hosts and problems on the thread-default main context of the caller.
 */
void
takeover_inventory_load_async (TakeoverInventory       *self,
                               GFile                   *file,
                               TakeoverInventoryFormat  format,
                               GCancellable            *cancellable,
                               GAsyncReadyCallback      callback,
                               gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  LoadData *data;

  g_return_if_fail (TAKEOVER_IS_INVENTORY (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (file);
  data->format = format;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_inventory_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify)load_data_free);

  /* The worker's result comes back to this context, where load_parsed_cb applies it. */
  worker = g_task_new (NULL, cancellable, load_parsed_cb, g_object_ref (task));
  g_task_set_source_tag (worker, load_thread);
  g_task_set_task_data (worker, data, NULL);
  g_task_run_in_thread (worker, load_thread);
}

gboolean
takeover_inventory_load_finish (TakeoverInventory  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  g_return_val_if_fail (TAKEOVER_IS_INVENTORY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == takeover_inventory_load_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * takeover_inventory_serialize:
 * @hosts: a list of #TakeoverHost
 * @format: the format to write (not %TAKEOVER_INVENTORY_FORMAT_NONE)
 * @flags: %TAKEOVER_INVENTORY_SAVE_SECRETS to include passwords
 *
 * Returns: (transfer full): the file's bytes, or %NULL when a host has a value @format
 *   cannot hold
 */
GBytes *
takeover_inventory_serialize (GListModel                  *hosts,
                              TakeoverInventoryFormat      format,
                              TakeoverInventorySaveFlags   flags,
                              GError                     **error)
{
  g_autoptr(GString) out = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (G_IS_LIST_MODEL (hosts), NULL);
  g_return_val_if_fail (format > TAKEOVER_INVENTORY_FORMAT_NONE, NULL);
  g_return_val_if_fail (format < G_N_ELEMENTS (formats), NULL);

  out = g_string_new (NULL);
  switch (format)
    {
    case TAKEOVER_INVENTORY_FORMAT_CONF:
      ok = takeover_inventory_write_conf (out, hosts, flags, error);
      break;

    case TAKEOVER_INVENTORY_FORMAT_CSV:
      ok = takeover_inventory_write_csv (out, hosts, flags, error);
      break;

    case TAKEOVER_INVENTORY_FORMAT_JSON:
      ok = takeover_inventory_write_json (out, hosts, flags, error);
      break;

    case TAKEOVER_INVENTORY_FORMAT_NONE:
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    return NULL;

  return g_string_free_to_bytes (g_steal_pointer (&out));
}

static GBytes *
serialize_for_file (TakeoverInventory           *self,
                    GFile                       *file,
                    TakeoverInventoryFormat      format,
                    TakeoverInventorySaveFlags   flags,
                    GError                     **error)
{
  if (format == TAKEOVER_INVENTORY_FORMAT_NONE)
    {
      g_autofree char *basename = g_file_get_basename (file);

      format = takeover_inventory_format_from_filename (basename);
      if (format == TAKEOVER_INVENTORY_FORMAT_NONE)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Cannot tell the format of “%s”: name it .conf, .csv or .json"),
                       basename);
          return NULL;
        }
    }

  return takeover_inventory_serialize (G_LIST_MODEL (self->hosts), format, flags, error);
}

/* A file with secrets is for its owner only, also where it replaces one others could read:
 * G_FILE_CREATE_PRIVATE alone would give the new file the old one's mode. */
static GFileCreateFlags
create_flags (TakeoverInventorySaveFlags flags)
{
  if (flags & TAKEOVER_INVENTORY_SAVE_SECRETS)
    return G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION;
  return G_FILE_CREATE_NONE;
}

/**
 * takeover_inventory_save:
 * @format: the format, or %TAKEOVER_INVENTORY_FORMAT_NONE for the one @file's extension says
 *
 * Writes the hosts to @file (atomically: a failed save leaves the old file as it was). The
 * file is readable only by its owner when it holds secrets.
 */
gboolean
takeover_inventory_save (TakeoverInventory           *self,
                         GFile                       *file,
                         TakeoverInventoryFormat      format,
                         TakeoverInventorySaveFlags   flags,
                         GCancellable                *cancellable,
                         GError                     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;

  g_return_val_if_fail (TAKEOVER_IS_INVENTORY (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);

  bytes = serialize_for_file (self, file, format, flags, error);
  if (bytes == NULL)
    return FALSE;

  stream = g_file_replace (file, NULL, FALSE, create_flags (flags), cancellable, error);
  if (stream == NULL)
    return FALSE;

  return g_output_stream_write_all (G_OUTPUT_STREAM (stream), g_bytes_get_data (bytes, NULL),
                                    g_bytes_get_size (bytes), NULL, cancellable, error) &&
         g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
}

static void
save_replace_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * takeover_inventory_save_async:
 *
 * Like takeover_inventory_save(); the hosts are written out on the caller's thread (they
 * belong to it), the file is written asynchronously.
 */
void
takeover_inventory_save_async (TakeoverInventory          *self,
                               GFile                      *file,
                               TakeoverInventoryFormat     format,
                               TakeoverInventorySaveFlags  flags,
                               GCancellable               *cancellable,
                               GAsyncReadyCallback         callback,
                               gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  g_return_if_fail (TAKEOVER_IS_INVENTORY (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, takeover_inventory_save_async);

  bytes = serialize_for_file (self, file, format, flags, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, create_flags (flags),
                                       cancellable, save_replace_cb, g_steal_pointer (&task));
}

gboolean
takeover_inventory_save_finish (TakeoverInventory  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  g_return_val_if_fail (TAKEOVER_IS_INVENTORY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == takeover_inventory_save_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * takeover_inventory_add_host:
 * @host: a host of no inventory, e.g. one entered by hand
 *
 * Appends @host and checks the list again: its problems, and those it makes for others (a
 * repeated BMC, name or management IP), are the inventory's at once.
 */
void
takeover_inventory_add_host (TakeoverInventory *self,
                             TakeoverHost      *host)
{
  g_return_if_fail (TAKEOVER_IS_INVENTORY (self));
  g_return_if_fail (TAKEOVER_IS_HOST (host));

  g_list_store_append (self->hosts, host);
  recheck (self);
}

/**
 * takeover_inventory_remove_hosts:
 * @hosts: (element-type TakeoverHost): hosts of this inventory
 *
 * Removes @hosts from the list and checks the rest again.
 */
void
takeover_inventory_remove_hosts (TakeoverInventory *self,
                                 GPtrArray         *hosts)
{
  g_autoptr(GHashTable) doomed = g_hash_table_new (NULL, NULL);
  guint n;

  g_return_if_fail (TAKEOVER_IS_INVENTORY (self));
  g_return_if_fail (hosts != NULL);

  for (guint i = 0; i < hosts->len; i++)
    g_hash_table_add (doomed, g_ptr_array_index (hosts, i));

  /* From the end, each run of removed hosts in one splice. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->hosts));
  for (guint i = n; i > 0; i--)
    {
      gpointer host = g_list_model_get_item (G_LIST_MODEL (self->hosts), i - 1);
      guint end = i;

      g_object_unref (host);
      if (!g_hash_table_contains (doomed, host))
        continue;
      while (i > 1)
        {
          gpointer before = g_list_model_get_item (G_LIST_MODEL (self->hosts), i - 2);

          g_object_unref (before);
          if (!g_hash_table_contains (doomed, before))
            break;
          i--;
        }
      g_list_store_splice (self->hosts, i - 1, end - (i - 1), NULL, 0);
    }

  recheck (self);
}

/**
 * takeover_inventory_update_host:
 * @host: a host of this inventory
 * @values: the fields it is to have, e.g. an edited takeover_host_copy() of it
 *
 * Gives @host the fields of @values (takeover_host_assign()) and checks the list again.
 */
void
takeover_inventory_update_host (TakeoverInventory *self,
                                TakeoverHost      *host,
                                TakeoverHost      *values)
{
  g_return_if_fail (TAKEOVER_IS_INVENTORY (self));
  g_return_if_fail (TAKEOVER_IS_HOST (host));
  g_return_if_fail (TAKEOVER_IS_HOST (values));

  takeover_host_assign (host, values);
  recheck (self);
}

/**
 * takeover_inventory_append_data:
 * @data: (array length=length): records in one of the formats, e.g. hosts.conf lines pasted
 *   from a spreadsheet
 * @format: their format, or %TAKEOVER_INVENTORY_FORMAT_NONE to tell from the content
 *
 * Appends a host for each record of @data, as if each were added by hand, and checks the list
 * again.
 *
 * Returns: how many hosts were added
 */
guint
takeover_inventory_append_data (TakeoverInventory       *self,
                                const char              *data,
                                gsize                    length,
                                TakeoverInventoryFormat  format)
{
  g_autoptr(TakeoverInventoryParsed) parsed = NULL;

  g_return_val_if_fail (TAKEOVER_IS_INVENTORY (self), 0);
  g_return_val_if_fail (data != NULL || length == 0, 0);

  parsed = takeover_inventory_parse (data, length, "", format, FALSE, NULL);
  if (parsed->hosts->len == 0)
    return 0;

  /* Their lines are the pasted text's, which is nowhere to look them up. */
  for (guint i = 0; i < parsed->hosts->len; i++)
    takeover_host_set_source (g_ptr_array_index (parsed->hosts, i), NULL, 0);
  g_list_store_splice (self->hosts, g_list_model_get_n_items (G_LIST_MODEL (self->hosts)), 0,
                       parsed->hosts->pdata, parsed->hosts->len);
  recheck (self);

  return parsed->hosts->len;
}

/**
 * takeover_inventory_field_get_property:
 * @field: a problem's field, as any of the formats names it ("ipmi_ip", "ipmi_address",
 *   "driver_info.ipmi_address")
 *
 * Returns: (nullable): the #TakeoverHost property that holds @field ("bmc-address"), for
 *   showing a problem beside the control that edits it; %NULL for a problem about no one
 *   field (a whole record, the file)
 */
const char *
takeover_inventory_field_get_property (const char *field)
{
  static const char * const property_names[TAKEOVER_N_FIELDS] = {
    [TAKEOVER_FIELD_NAME] = "name",
    [TAKEOVER_FIELD_BMC_ADDRESS] = "bmc-address",
    [TAKEOVER_FIELD_BMC_PORT] = "bmc-port",
    [TAKEOVER_FIELD_BMC_USERNAME] = "bmc-username",
    [TAKEOVER_FIELD_BMC_PASSWORD] = "bmc-password",
    [TAKEOVER_FIELD_BMC_CIPHER_SUITE] = "bmc-cipher-suite",
    [TAKEOVER_FIELD_BMC_PRIVILEGE] = "bmc-privilege",
    [TAKEOVER_FIELD_MGMT_IP] = "mgmt-ip",
    [TAKEOVER_FIELD_SSH_PORT] = "ssh-port",
    [TAKEOVER_FIELD_SSH_USERNAME] = "ssh-username",
    [TAKEOVER_FIELD_SSH_PASSWORD] = "ssh-password",
    [TAKEOVER_FIELD_SSH_KEY_FILE] = "ssh-key-file",
  };
  const char * const *tables[] = {
    takeover_inventory_conf_get_field_names (),
    takeover_inventory_csv_get_field_names (),
    takeover_inventory_json_get_field_names (),
  };

  g_return_val_if_fail (field != NULL, NULL);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    for (guint i = 0; i < TAKEOVER_N_FIELDS; i++)
      if (tables[t][i] != NULL && g_str_equal (tables[t][i], field))
        return property_names[i];

  return NULL;
}
