/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-journal"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sys/file.h>
#include <unistd.h>

#include "takeover-file-writer.h"
#include "takeover-journal.h"

/* The record of how far each host of a cloud got, kept across runs and crashes in
 * $XDG_STATE_HOME/takeover/journal-<cloud>.json. Ironic stays the authority on what exists
 * (the engine looks nodes up by name and ports by MAC before it creates anything); the journal
 * remembers each host's node and step so that a new run knows what to resume and a person can
 * see what happened. It holds no secret: no driver_info, no password, no token. */
struct _TakeoverJournal
{
  GObject     parent_instance;

  char       *path;
  GHashTable *entries;        /* host name -> Entry */
  /* The latest run, so that a window started again can offer to resume it: the inventory it
   * read (a path, never its contents) and what the nodes were given. */
  char       *inventory;
  char       *image_source;
  char       *owner;
  char      **run_hosts;      /* the hosts the run set out to adopt */
  GSource    *save_source;
  GError     *error;          /* why the latest save failed; NULL once one succeeds */
  int         lock_fd;
};

typedef struct
{
  TakeoverAdoptState  state;
  TakeoverAdoptState  failed_state;
  char               *node_uuid;
  char               *provision_state;
  char               *message;
  gint64              updated;
} Entry;

#define JOURNAL_VERSION 1

/* Steps are written at most this often: a crash loses at most this much of the record, and
 * Ironic, which the engine asks before acting, has the rest. */
#define SAVE_DELAY_MS 200

enum {
  PROP_0,
  PROP_PATH,
  PROP_N_HOSTS,
  PROP_ERROR,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TakeoverJournal, takeover_journal, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
entry_free (Entry *entry)
{
  g_free (entry->node_uuid);
  g_free (entry->provision_state);
  g_free (entry->message);
  g_free (entry);
}

static const char *
json_string_member (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* A list of host names; anything else in it is left out. */
static char **
parse_names (JsonNode *node)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  builder = g_strv_builder_new ();
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (element));
    }

  return g_strv_builder_end (builder);
}

static gboolean
parse_entry (JsonObject  *object,
             Entry      **out_entry)
{
  g_autofree Entry *entry = g_new0 (Entry, 1);

  if (!takeover_adopt_state_from_string (json_string_member (object, "state"), &entry->state))
    return FALSE;
  if (!takeover_adopt_state_from_string (json_string_member (object, "failed_state"),
                                         &entry->failed_state))
    entry->failed_state = TAKEOVER_ADOPT_STATE_PENDING;

  entry->node_uuid = g_strdup (json_string_member (object, "node_uuid"));
  entry->provision_state = g_strdup (json_string_member (object, "provision_state"));
  entry->message = g_strdup (json_string_member (object, "message"));
  if (json_object_has_member (object, "updated"))
    entry->updated = json_object_get_int_member (object, "updated");

  *out_entry = g_steal_pointer (&entry);
  return TRUE;
}

/* g_set_str() is GLib 2.76; we target 2.74. */
static void
replace_str (char       **field,
             const char  *value)
{
  if (*field == value)
    return;

  g_free (*field);
  *field = g_strdup (value);
}

static void
add_optional_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static JsonNode *
build_journal (TakeoverJournal *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GList) names = g_hash_table_get_keys (self->entries);

  /* Sorted, so that the file reads well and two saves of the same record are equal. */
  names = g_list_sort (names, (GCompareFunc) g_strcmp0);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, JOURNAL_VERSION);
  if (self->inventory != NULL || self->image_source != NULL || self->owner != NULL ||
      self->run_hosts != NULL)
    {
      json_builder_set_member_name (builder, "run");
      json_builder_begin_object (builder);
      add_optional_string (builder, "inventory", self->inventory);
      add_optional_string (builder, "image_source", self->image_source);
      add_optional_string (builder, "owner", self->owner);
      if (self->run_hosts != NULL)
        {
          json_builder_set_member_name (builder, "hosts");
          json_builder_begin_array (builder);
          for (guint i = 0; self->run_hosts[i] != NULL; i++)
            json_builder_add_string_value (builder, self->run_hosts[i]);
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "hosts");
  json_builder_begin_object (builder);
  for (const GList *l = names; l != NULL; l = l->next)
    {
      const Entry *entry = g_hash_table_lookup (self->entries, l->data);

      json_builder_set_member_name (builder, l->data);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, takeover_adopt_state_to_string (entry->state));
      if (entry->state == TAKEOVER_ADOPT_STATE_FAILED ||
          entry->state == TAKEOVER_ADOPT_STATE_CANCELLED)
        {
          json_builder_set_member_name (builder, "failed_state");
          json_builder_add_string_value (builder,
                                         takeover_adopt_state_to_string (entry->failed_state));
        }
      if (entry->node_uuid != NULL)
        {
          json_builder_set_member_name (builder, "node_uuid");
          json_builder_add_string_value (builder, entry->node_uuid);
        }
      if (entry->provision_state != NULL)
        {
          json_builder_set_member_name (builder, "provision_state");
          json_builder_add_string_value (builder, entry->provision_state);
        }
      if (entry->message != NULL)
        {
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, entry->message);
        }
      json_builder_set_member_name (builder, "updated");
      json_builder_add_int_value (builder, entry->updated);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static GBytes *
serialize (TakeoverJournal *self)
{
  g_autoptr(JsonNode) root = build_journal (self);
  char *data = json_to_string (root, TRUE);

  return g_bytes_new_take (data, strlen (data));
}

static void
cancel_pending_save (TakeoverJournal *self)
{
  if (self->save_source == NULL)
    return;

  g_source_destroy (self->save_source);
  g_clear_pointer (&self->save_source, g_source_unref);
}

/* Takes @error. A failed save keeps its error until a save succeeds. */
static void
set_error (TakeoverJournal *self,
           GError          *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_new (error->domain, error->code,
                               _("Cannot save the adoption journal %s: %s"), self->path,
                               error->message);
  g_clear_error (&error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
delayed_save_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TakeoverJournal) self = user_data;
  GError *error = NULL;

  takeover_file_writer_replace_finish (result, &error);
  set_error (self, error);
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  TakeoverJournal *self = user_data;
  g_autoptr(GBytes) bytes = serialize (self);

  g_clear_pointer (&self->save_source, g_source_unref);
  takeover_file_writer_replace_async (self->path, bytes, delayed_save_cb, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
schedule_save (TakeoverJournal *self)
{
  if (self->save_source != NULL)
    return;

  self->save_source = g_timeout_source_new (SAVE_DELAY_MS);
  g_source_set_callback (self->save_source, save_timeout_cb, self, NULL);
  g_source_set_static_name (self->save_source, "[takeover] journal save");
  g_source_attach (self->save_source, g_main_context_get_thread_default ());
}

static void
takeover_journal_finalize (GObject *object)
{
  TakeoverJournal *self = (TakeoverJournal *)object;

  /* A record still waiting for its save is written all the same: nothing journaled is lost
   * with the object (nobody is left to hear how it went). */
  if (self->save_source != NULL)
    {
      g_autoptr(GBytes) bytes = serialize (self);

      cancel_pending_save (self);
      takeover_file_writer_replace_async (self->path, bytes, NULL, NULL);
    }
  if (self->lock_fd != -1)
    close (self->lock_fd);
  g_clear_error (&self->error);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->inventory, g_free);
  g_clear_pointer (&self->image_source, g_free);
  g_clear_pointer (&self->owner, g_free);
  g_clear_pointer (&self->run_hosts, g_strfreev);

  G_OBJECT_CLASS (takeover_journal_parent_class)->finalize (object);
}

static void
takeover_journal_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TakeoverJournal *self = TAKEOVER_JOURNAL (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_N_HOSTS:
      g_value_set_uint (value, g_hash_table_size (self->entries));
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
takeover_journal_class_init (TakeoverJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = takeover_journal_finalize;
  object_class->get_property = takeover_journal_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* The hosts it has a record of: a journal with some is a run to resume. */
  properties[PROP_N_HOSTS] =
    g_param_spec_uint ("n-hosts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Why the latest save failed (the file on disk is then the one saved before), or NULL. */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
takeover_journal_init (TakeoverJournal *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) entry_free);
  self->lock_fd = -1;
}

/**
 * takeover_journal_dup_path_for_cloud:
 *
 * Returns: (transfer full): where the journal of @cloud_name lives, under
 *   $XDG_STATE_HOME/takeover/; characters a file name cannot hold become "_".
 */
char *
takeover_journal_dup_path_for_cloud (const char *cloud_name)
{
  g_autofree char *safe = NULL;
  g_autofree char *file_name = NULL;

  g_return_val_if_fail (cloud_name != NULL && cloud_name[0] != '\0', NULL);

  safe = g_strdup (cloud_name);
  g_strcanon (safe, G_CSET_A_2_Z G_CSET_a_2_z G_CSET_DIGITS "-_.", '_');
  if (safe[0] == '.')
    safe[0] = '_';
  file_name = g_strdup_printf ("journal-%s.json", safe);

  return g_build_filename (g_get_user_state_dir (), "takeover", file_name, NULL);
}

TakeoverJournal *
takeover_journal_new (const char *path)
{
  TakeoverJournal *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (TAKEOVER_TYPE_JOURNAL, NULL);
  self->path = g_strdup (path);

  return self;
}

const char *
takeover_journal_get_path (TakeoverJournal *self)
{
  g_return_val_if_fail (TAKEOVER_IS_JOURNAL (self), NULL);

  return self->path;
}

/**
 * takeover_journal_load:
 *
 * Reads the journal from its file; a journal that does not exist yet is empty.
 *
 * Returns: %FALSE with @error set when the file exists but cannot be read or understood.
 */
static gboolean load_entries (TakeoverJournal  *self,
                              GError          **error);

gboolean
takeover_journal_load (TakeoverJournal  *self,
                       GError          **error)
{
  guint n_before;
  gboolean ok;

  g_return_val_if_fail (TAKEOVER_IS_JOURNAL (self), FALSE);

  n_before = g_hash_table_size (self->entries);
  ok = load_entries (self, error);
  if (g_hash_table_size (self->entries) != n_before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HOSTS]);

  return ok;
}

static gboolean
load_entries (TakeoverJournal  *self,
              GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GList) members = NULL;
  JsonNode *root;
  JsonNode *hosts;
  JsonNode *run;

  g_return_val_if_fail (TAKEOVER_IS_JOURNAL (self), FALSE);

  g_hash_table_remove_all (self->entries);
  g_clear_pointer (&self->inventory, g_free);
  g_clear_pointer (&self->image_source, g_free);
  g_clear_pointer (&self->owner, g_free);
  g_clear_pointer (&self->run_hosts, g_strfreev);

  if (!json_parser_load_from_mapped_file (parser, self->path, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;

      g_set_error (error, TAKEOVER_ADOPT_ERROR, TAKEOVER_ADOPT_ERROR_INVALID,
                   _("Cannot read the adoption journal %s: %s"), self->path,
                   local_error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  hosts = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
    ? json_object_get_member (json_node_get_object (root), "hosts") : NULL;
  if (hosts == NULL || !JSON_NODE_HOLDS_OBJECT (hosts) ||
      json_object_get_int_member_with_default (json_node_get_object (root), "version", 0)
        != JOURNAL_VERSION)
    {
      g_set_error (error, TAKEOVER_ADOPT_ERROR, TAKEOVER_ADOPT_ERROR_INVALID,
                   _("The adoption journal %s is not one this version of Takeover wrote; "
                     "move it away to start a new one"), self->path);
      return FALSE;
    }

  run = json_object_get_member (json_node_get_object (root), "run");
  if (run != NULL && JSON_NODE_HOLDS_OBJECT (run))
    {
      JsonObject *object = json_node_get_object (run);

      replace_str (&self->inventory, json_string_member (object, "inventory"));
      replace_str (&self->image_source, json_string_member (object, "image_source"));
      replace_str (&self->owner, json_string_member (object, "owner"));
      self->run_hosts = parse_names (json_object_get_member (object, "hosts"));
    }

  members = json_object_get_members (json_node_get_object (hosts));
  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *member = json_object_get_member (json_node_get_object (hosts), l->data);
      Entry *entry = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (member) || !parse_entry (json_node_get_object (member), &entry))
        {
          g_set_error (error, TAKEOVER_ADOPT_ERROR, TAKEOVER_ADOPT_ERROR_INVALID,
                       _("The adoption journal %s has a damaged record for “%s”; "
                         "move the file away to start a new one"),
                       self->path, (const char *) l->data);
          g_hash_table_remove_all (self->entries);
          return FALSE;
        }

      g_hash_table_insert (self->entries, g_strdup (l->data), entry);
    }

  return TRUE;
}

/**
 * takeover_journal_lock:
 *
 * Takes the journal for this process until @self is finalized, so that two runs on the same
 * cloud cannot overwrite each other's record (or race to adopt the same hosts).
 *
 * Returns: %FALSE with %TAKEOVER_ADOPT_ERROR_BUSY when another process holds it.
 */
gboolean
takeover_journal_lock (TakeoverJournal  *self,
                       GError          **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *lock_path = NULL;
  int fd;

  g_return_val_if_fail (TAKEOVER_IS_JOURNAL (self), FALSE);

  if (self->lock_fd != -1)
    return TRUE;

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  lock_path = g_strconcat (self->path, ".lock", NULL);
  fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd == -1)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot open %s: %s"), lock_path, g_strerror (saved_errno));
      return FALSE;
    }

  /* flock() locks go away with the process, even after kill -9: no stale lock to clear. */
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      g_set_error (error, TAKEOVER_ADOPT_ERROR, TAKEOVER_ADOPT_ERROR_BUSY,
                   _("Another adoption is running on this cloud (it holds %s); "
                     "wait for it to end"), lock_path);
      return FALSE;
    }

  self->lock_fd = fd;
  return TRUE;
}

/**
 * takeover_journal_lookup:
 * @host_name: the host's display name: its name, else its BMC address
 * @state: (out) (optional): the step the host reached
 * @node_uuid: (out) (optional) (transfer none): its node, if one was created
 *
 * Returns: whether the journal has a record of @host_name.
 */
gboolean
takeover_journal_lookup (TakeoverJournal     *self,
                         const char          *host_name,
                         TakeoverAdoptState  *state,
                         const char         **node_uuid)
{
  const Entry *entry;

  g_return_val_if_fail (TAKEOVER_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (host_name != NULL, FALSE);

  entry = g_hash_table_lookup (self->entries, host_name);
  if (entry == NULL)
    return FALSE;

  if (state != NULL)
    *state = entry->state;
  if (node_uuid != NULL)
    *node_uuid = entry->node_uuid;

  return TRUE;
}

guint
takeover_journal_get_n_hosts (TakeoverJournal *self)
{
  g_return_val_if_fail (TAKEOVER_IS_JOURNAL (self), 0);

  return g_hash_table_size (self->entries);
}

/**
 * takeover_journal_record:
 *
 * Notes @job's step, node and message, and saves the journal soon on the thread-default main
 * context (call takeover_journal_save() to write it at once).
 */
void
takeover_journal_record (TakeoverJournal  *self,
                         TakeoverAdoptJob *job)
{
  TakeoverHost *host;
  Entry *entry;

  g_return_if_fail (TAKEOVER_IS_JOURNAL (self));
  g_return_if_fail (TAKEOVER_IS_ADOPT_JOB (job));

  host = takeover_adopt_job_get_host (job);
  g_return_if_fail (takeover_host_get_display_name (host) != NULL);

  entry = g_new0 (Entry, 1);
  entry->state = takeover_adopt_job_get_state (job);
  entry->failed_state = takeover_adopt_job_get_failed_state (job);
  entry->node_uuid = g_strdup (takeover_adopt_job_get_node_uuid (job));
  entry->provision_state = g_strdup (takeover_adopt_job_get_provision_state (job));
  entry->message = g_strdup (takeover_adopt_job_get_message (job));
  entry->updated = g_get_real_time () / G_USEC_PER_SEC;
  if (g_hash_table_replace (self->entries, g_strdup (takeover_host_get_display_name (host)),
                            entry))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HOSTS]);

  schedule_save (self);
}

/**
 * takeover_journal_set_run:
 * @inventory: (nullable): the absolute path of the inventory file the run adopts from
 * @image_source: (nullable): the image the nodes are given
 * @owner: (nullable): the project that owns the nodes
 * @hosts: (nullable): the names of the hosts the run sets out to adopt
 *
 * Notes what a run started with, so that it can be resumed as it was; saved as a step is.
 */
void
takeover_journal_set_run (TakeoverJournal    *self,
                          const char         *inventory,
                          const char         *image_source,
                          const char         *owner,
                          const char * const *hosts)
{
  g_return_if_fail (TAKEOVER_IS_JOURNAL (self));
  g_return_if_fail (inventory == NULL || g_path_is_absolute (inventory));

  replace_str (&self->inventory, inventory);
  replace_str (&self->image_source, image_source);
  replace_str (&self->owner, owner);
  g_strfreev (self->run_hosts);
  self->run_hosts = g_strdupv ((char **) hosts);
  schedule_save (self);
}

const char *
takeover_journal_get_inventory (TakeoverJournal *self)
{
  g_return_val_if_fail (TAKEOVER_IS_JOURNAL (self), NULL);

  return self->inventory;
}

const char *
takeover_journal_get_image_source (TakeoverJournal *self)
{
  g_return_val_if_fail (TAKEOVER_IS_JOURNAL (self), NULL);

  return self->image_source;
}

const char *
takeover_journal_get_owner (TakeoverJournal *self)
{
  g_return_val_if_fail (TAKEOVER_IS_JOURNAL (self), NULL);

  return self->owner;
}

/**
 * takeover_journal_get_n_unfinished:
 *
 * Returns: how many hosts the latest run left part-way: stopped, still at a step when the
 *   program ended, or never started. Adopted, failed and skipped hosts are finished.
 */
guint
takeover_journal_get_n_unfinished (TakeoverJournal *self)
{
  GHashTableIter iter;
  const Entry *entry;
  guint n = 0;

  g_return_val_if_fail (TAKEOVER_IS_JOURNAL (self), 0);

  if (self->run_hosts != NULL)
    {
      for (guint i = 0; self->run_hosts[i] != NULL; i++)
        {
          entry = g_hash_table_lookup (self->entries, self->run_hosts[i]);
          n += entry == NULL || entry->state < TAKEOVER_ADOPT_STATE_ACTIVE ||
               entry->state == TAKEOVER_ADOPT_STATE_CANCELLED;
        }
      return n;
    }

  /* A journal from before runs were noted: the hosts it has records of. */
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    n += entry->state < TAKEOVER_ADOPT_STATE_ACTIVE || entry->state == TAKEOVER_ADOPT_STATE_CANCELLED;

  return n;
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakeoverJournal *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!takeover_file_writer_replace_finish (result, &error))
    {
      set_error (self, error);
      g_task_return_error (task, g_error_copy (self->error));
      return;
    }

  set_error (self, NULL);
  g_task_return_boolean (task, TRUE);
}

/**
 * takeover_journal_save_async:
 *
 * Writes the journal on the writer thread, atomically: to a temporary file in the same folder,
 * synced to disk, then renamed over the old one, so that a crash or a failed write at any
 * moment leaves either the old record or the new one, never a torn file.
 */
void
takeover_journal_save_async (TakeoverJournal     *self,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GBytes) bytes = NULL;
  GTask *task;

  g_return_if_fail (TAKEOVER_IS_JOURNAL (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, takeover_journal_save_async);

  /* A pending delayed save would only write the same thing again. */
  cancel_pending_save (self);
  bytes = serialize (self);
  takeover_file_writer_replace_async (self->path, bytes, save_cb, task);
}

gboolean
takeover_journal_save_finish (TakeoverJournal  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (TAKEOVER_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * takeover_journal_save:
 *
 * As takeover_journal_save_async(), blocking until it is written: for tools and tests, never
 * on a main loop that draws a window.
 */
gboolean
takeover_journal_save (TakeoverJournal  *self,
                       GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (TAKEOVER_IS_JOURNAL (self), FALSE);

  cancel_pending_save (self);
  bytes = serialize (self);
  if (!takeover_file_writer_replace_sync (self->path, bytes, &local_error))
    {
      set_error (self, local_error);
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }

  set_error (self, NULL);
  return TRUE;
}

/**
 * takeover_journal_get_error:
 *
 * Returns: (transfer none) (nullable): why the latest save failed, or %NULL
 */
const GError *
takeover_journal_get_error (TakeoverJournal *self)
{
  g_return_val_if_fail (TAKEOVER_IS_JOURNAL (self), NULL);

  return self->error;
}
