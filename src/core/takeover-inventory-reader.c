/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-inventory"

#include "config.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <glib/gi18n.h>

#include "takeover-inventory-private.h"

/* The one place that knows what a valid host is. Each format's parser finds the fields of
 * a record and hands them over with begin/set/end; this file checks every value and every
 * record and turns what is wrong into problems, so all three formats judge alike.
 * Secrets never appear in a message. Nor does the value of a field that is wrong: an
 * unquoted ';' in a password (common in old files) shifts the rest of the password into
 * the fields after it, whose messages would then repeat it. Duplicates are shown, being
 * valid addresses and names.
 *
 * A record's values are kept as plain pointers (into the parser's buffer) until its end, and
 * only then copied into a TakeoverHost, if hosts are wanted at all: checking 100,000 lines
 * costs little more than reading them (bench/inventory). */

/* IPMI 2.0 limits (section 13.18 of the specification): user names hold 16 bytes,
 * passwords 20. */
#define IPMI_MAX_USERNAME 16
#define IPMI_MAX_PASSWORD 20
/* Cipher suite IDs IPMI 2.0 defines, 0 to 17 with the errata. */
#define IPMI_MAX_CIPHER_SUITE 17
/* Longest value quoted back in a message, in characters. */
#define MAX_QUOTED 60
/* Room for a normalised address: a host name (253), or an IPv6 address and its zone. */
#define KEY_SIZE 256

/* The keys seen so far, each with the line of its first record: an insert-only hash set
 * with open addressing. GHashTable took a third of the time of checking a big file: its
 * hashes, keys and values sit in three arrays (three cache misses a lookup), and it hashes
 * twice for a lookup then insert. Here one probe does both, and a slot is 8 bytes, so the
 * table for 100,000 keys spans few pages (page walks are dear in a virtual machine); the keys
 * themselves are appended to a separate array, read only when the hashes match. */
typedef struct
{
  guint32 hash;
  guint32 entry;           /* 1 + index into the entries; 0: free slot */
} Slot;

typedef struct
{
  const char *key;         /* in the reader's string chunk */
  guint       line;
} Entry;

typedef struct
{
  Slot   *slots;
  gsize   mask;            /* number of slots - 1, a power of two minus one */
  GArray *entries;
} KeyIndex;

/* One key of a record to look up in one index, with what a message needs should it be a
 * duplicate (copied: the record's own text is gone by then). */
typedef struct
{
  KeyIndex      *index;
  guint32        hash;
  TakeoverField  field;
  guint          port;
  char           key[KEY_SIZE + 8];
  char           shown[KEY_SIZE];
} Lookup;

typedef struct
{
  const char *values[TAKEOVER_N_FIELDS];   /* NULL: not given */
  char       *owned[TAKEOVER_N_FIELDS];    /* values made valid UTF-8, freed at the end */
  guint       numbers[TAKEOVER_N_FIELDS];  /* for ports, cipher suite and privilege */
  gboolean    numbered[TAKEOVER_N_FIELDS]; /* whether numbers[] holds a value read */
  char        bmc_key[KEY_SIZE];           /* "" when the address is missing or bad */
  char        mgmt_key[KEY_SIZE];
  guint       line;
  guint       quiet : 1;
  guint       bmc_port_valid : 1;
} Record;

struct _TakeoverInventoryReader
{
  char               *filename;
  const char * const *field_names;
  GCancellable       *cancellable;
  GPtrArray          *hosts;        /* NULL when only checking */
  GPtrArray          *problems;
  guint               n_records;
  /* Normalised keys, so each duplicate names the line it repeats. */
  KeyIndex            bmc_endpoints;
  KeyIndex            mgmt_ips;
  KeyIndex            names;
  GStringChunk       *keys;

  /* The duplicate lookups of the last record, finished when the next one begins. */
  Lookup              pending[3];
  guint               n_pending;
  guint               pending_line;
  TakeoverHost       *pending_host;

  gboolean            in_record;
  TakeoverHost       *host;         /* of the record being read; NULL when only checking */
  Record              record;
  /* Fields a whole file lacks (a CSV without the column), reported once, not per record. */
  gboolean            absent[TAKEOVER_N_FIELDS];
};

static const char * const privilege_names[] = {
  [TAKEOVER_PRIVILEGE_USER] = "USER",
  [TAKEOVER_PRIVILEGE_OPERATOR] = "OPERATOR",
  [TAKEOVER_PRIVILEGE_ADMINISTRATOR] = "ADMINISTRATOR",
};

static gboolean
is_secret (TakeoverField field)
{
  return field == TAKEOVER_FIELD_BMC_PASSWORD || field == TAKEOVER_FIELD_SSH_PASSWORD;
}

/* A value as a message may show it: cut short, control characters made visible. */
static char *
quote_value (const char *value)
{
  GString *text = g_string_new ("“");
  const char *p = value;

  for (guint n_chars = 0; *p != '\0' && n_chars < MAX_QUOTED; n_chars++)
    {
      if ((guchar)*p < 0x20 || *p == 0x7f)
        g_string_append_printf (text, "\\x%02x", (guchar)*p);
      else
        g_string_append_len (text, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
  if (*p != '\0')
    g_string_append (text, "…");
  g_string_append (text, "”");

  return g_string_free (text, FALSE);
}

static gboolean
parse_uint (const char *value,
            guint       maximum,
            guint      *result)
{
  guint64 number = 0;

  if (*value == '\0')
    return FALSE;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      number = number * 10 + (*p - '0');
      if (number > maximum)
        return FALSE;
    }

  *result = number;
  return TRUE;
}

/* RFC 1123 host names: dot-separated labels of letters, digits and hyphens, 1 to 63
 * characters, not starting or ending with a hyphen, 253 characters in all. The last label
 * is a top-level domain, which is never all digits: "10.0.0.256" is a mistyped address. */
static gboolean
is_host_name (const char *value,
              gsize       length)
{
  const char *label = value;
  gboolean numeric_label = TRUE;

  if (length == 0 || length > 253)
    return FALSE;

  for (const char *p = value; p <= value + length; p++)
    {
      if (p == value + length || *p == '.')
        {
          gsize label_length = p - label;

          if (label_length == 0 || label_length > 63 || *label == '-' || p[-1] == '-')
            return FALSE;
          if (p == value + length)
            break;
          label = p + 1;
          numeric_label = TRUE;
        }
      else if (g_ascii_isalpha (*p) || *p == '-')
        numeric_label = FALSE;
      else if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  return !numeric_label;
}

/* Writes to @key the address in a form that compares equal for equal addresses (canonical
 * IP text, lower-case name without a trailing dot). If it is neither an IP literal nor a
 * host name, returns a message saying so instead. */
static const char *
normalize_address (const char *value,
                   char        key[KEY_SIZE])
{
  guchar buffer[sizeof (struct in6_addr)];
  gsize length = strlen (value);

  /* inet_pton() takes only plain dotted quads without leading zeros, so what it accepts is
   * already canonical (and inet_ntop() would cost a printf a record). */
  if (length < KEY_SIZE && inet_pton (AF_INET, value, buffer) == 1)
    {
      memcpy (key, value, length + 1);
      return NULL;
    }

  if (strchr (value, ':') != NULL)
    {
      const char *zone = strchr (value, '%');
      gsize address_length = zone ? (gsize)(zone - value) : length;
      char address[INET6_ADDRSTRLEN];

      /* A link-local address may name its interface ("fe80::1%eth0"). */
      if (address_length < sizeof address &&
          (zone == NULL || (zone[1] != '\0' && strlen (zone) <= IF_NAMESIZE)))
        {
          memcpy (address, value, address_length);
          address[address_length] = '\0';
          if (inet_pton (AF_INET6, address, buffer) == 1)
            {
              inet_ntop (AF_INET6, buffer, key, KEY_SIZE);
              if (zone != NULL)
                g_strlcat (key, zone, KEY_SIZE);
              return NULL;
            }
        }
      return _("The address is not a valid IPv6 address.");
    }
  else
    {
      if (length > 1 && value[length - 1] == '.')
        length--;
      if (is_host_name (value, length))
        {
          for (gsize i = 0; i < length; i++)
            key[i] = g_ascii_tolower (value[i]);
          key[length] = '\0';
          return NULL;
        }
      if (strspn (value, "0123456789.") == strlen (value))
        return _("The address is not a valid IPv4 address: four numbers from 0 to 255, "
                 "without leading zeros.");
    }

  return _("The address is neither an IP address nor a valid host name (letters, digits, "
           "hyphens and dots).");
}

#define ENTRY(index, slot) (&g_array_index ((index)->entries, Entry, (slot)->entry - 1))

/* The slot of @key, or the free slot where it would go. */
static Slot *
find_slot (KeyIndex   *index,
           guint32     hash,
           const char *key)
{
  gsize i = hash & index->mask;

  while (index->slots[i].entry != 0 &&
         (index->slots[i].hash != hash || strcmp (ENTRY (index, &index->slots[i])->key, key) != 0))
    i = (i + 1) & index->mask;

  return &index->slots[i];
}

/* Where a slot taken from a smaller table goes in a bigger one: keys are unique, so the
 * first free slot. */
static Slot *
find_free_slot (KeyIndex *index,
                guint32   hash)
{
  gsize i = hash & index->mask;

  while (index->slots[i].entry != 0)
    i = (i + 1) & index->mask;

  return &index->slots[i];
}

/* Makes room for @n_keys in all, at most half full, so probes stay short. */
static void
key_index_reserve (KeyIndex *index,
                   gsize     n_keys)
{
  KeyIndex grown = { NULL, 1023, index->entries };

  if (index->slots != NULL && n_keys * 2 <= index->mask + 1)
    return;

  while (n_keys * 2 > grown.mask + 1)
    grown.mask = grown.mask * 2 + 1;
  grown.slots = g_new0 (Slot, grown.mask + 1);
  for (gsize i = 0; index->slots != NULL && i <= index->mask; i++)
    if (index->slots[i].entry != 0)
      *find_free_slot (&grown, index->slots[i].hash) = index->slots[i];
  if (grown.entries == NULL)
    grown.entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_free (index->slots);
  *index = grown;
}

static void
key_index_clear (KeyIndex *index)
{
  g_clear_pointer (&index->slots, g_free);
  g_clear_pointer (&index->entries, g_array_unref);
}

/* Hashes @lookup's key, makes room for it and asks the CPU to fetch its slot. The slots of
 * 100,000 keys do not fit in a cache, so every lookup waits for memory; the reader finishes
 * a record's lookups only when the next record has been read, so the wait overlaps that. */
static void
lookup_start (Lookup   *lookup,
              KeyIndex *index)
{
  guint32 hash = g_str_hash (lookup->key);

  key_index_reserve (index, (index->entries ? index->entries->len : 0) + 1);

  /* g_str_hash() of keys that differ only at the end ("10.0.1.7|00623") differ only in a
   * few low bits, which linear probing turns into long runs; MurmurHash3's finaliser
   * spreads them. */
  hash ^= hash >> 16;
  hash *= 0x85ebca6b;
  hash ^= hash >> 13;
  hash *= 0xc2b2ae35;
  hash ^= hash >> 16;

  lookup->index = index;
  lookup->hash = hash;
  __builtin_prefetch (&index->slots[hash & index->mask]);
}

/* Returns the line of the earlier record with the key, or 0 (and remembers this one's). */
static guint
lookup_finish (TakeoverInventoryReader *reader,
               Lookup                  *lookup)
{
  KeyIndex *index = lookup->index;
  Slot *slot = find_slot (index, lookup->hash, lookup->key);
  Entry entry;

  if (slot->entry != 0)
    return ENTRY (index, slot)->line;

  entry.key = g_string_chunk_insert (reader->keys, lookup->key);
  entry.line = reader->pending_line;
  g_array_append_val (index->entries, entry);
  slot->hash = lookup->hash;
  slot->entry = index->entries->len;
  return 0;
}

#define FIELD_NAME(reader, field) ((reader)->field_names[(field)])
#define FIELD_ERROR(reader, field, ...)                                                 \
  takeover_inventory_reader_record_problem ((reader), TAKEOVER_SEVERITY_ERROR,         \
                                            FIELD_NAME ((reader), (field)), __VA_ARGS__)

static void
add_problem (TakeoverInventoryReader *reader,
             TakeoverSeverity         severity,
             TakeoverHost            *host,
             guint                    line,
             const char              *field,
             const char              *message)
{
  g_autofree char *valid = NULL;
  g_autofree char *valid_field = NULL;

  /* A message may quote the file (json-glib's parse errors quote its bytes as they are), a field
   * may be a key of the file (one the reader does not know), and a terminal or a tooltip needs
   * valid UTF-8. */
  if (!g_utf8_validate (message, -1, NULL))
    message = valid = g_utf8_make_valid (message, -1);
  if (field != NULL && !g_utf8_validate (field, -1, NULL))
    field = valid_field = g_utf8_make_valid (field, -1);

  g_ptr_array_add (reader->problems,
                   takeover_problem_new (severity, host, reader->filename, line, field,
                                         message));
}

/* Starts looking up the record's BMC endpoint, management IP and name among those of the
 * records before it. */
static void
check_duplicates (TakeoverInventoryReader *reader)
{
  Record *record = &reader->record;
  const char *name = record->values[TAKEOVER_FIELD_NAME];
  Lookup *lookup;

  g_assert (reader->n_pending == 0);
  reader->pending_line = record->line;
  reader->pending_host = reader->host;

  /* Equal addresses in different spellings (fe80::1 and FE80:0::1) count as equal. */
  if (record->bmc_key[0] != '\0' && record->bmc_port_valid)
    {
      guint port = record->numbers[TAKEOVER_FIELD_BMC_PORT];
      gsize length = strlen (record->bmc_key);

      lookup = &reader->pending[reader->n_pending++];
      lookup->field = TAKEOVER_FIELD_BMC_ADDRESS;
      lookup->port = port;
      g_strlcpy (lookup->shown, record->values[TAKEOVER_FIELD_BMC_ADDRESS], KEY_SIZE);
      /* Built by hand, since printf is slow. */
      memcpy (lookup->key, record->bmc_key, length);
      lookup->key[length++] = '|';
      for (guint divisor = 10000; divisor > 0; divisor /= 10)
        lookup->key[length++] = '0' + port / divisor % 10;
      lookup->key[length] = '\0';
      lookup_start (lookup, &reader->bmc_endpoints);
    }

  if (record->mgmt_key[0] != '\0')
    {
      lookup = &reader->pending[reader->n_pending++];
      lookup->field = TAKEOVER_FIELD_MGMT_IP;
      g_strlcpy (lookup->shown, record->values[TAKEOVER_FIELD_MGMT_IP], KEY_SIZE);
      memcpy (lookup->key, record->mgmt_key, KEY_SIZE);
      lookup_start (lookup, &reader->mgmt_ips);
    }

  if (name != NULL)
    {
      lookup = &reader->pending[reader->n_pending++];
      lookup->field = TAKEOVER_FIELD_NAME;
      g_strlcpy (lookup->shown, name, KEY_SIZE);
      /* Ironic compares names without case. */
      g_strlcpy (lookup->key, name, KEY_SIZE);
      for (char *p = lookup->key; *p != '\0'; p++)
        *p = g_ascii_tolower (*p);
      lookup_start (lookup, &reader->names);
    }
}

/* Finishes the last record's lookups; a duplicate is an error on that record. */
static void
finish_pending (TakeoverInventoryReader *reader)
{
  for (guint i = 0; i < reader->n_pending; i++)
    {
      Lookup *lookup = &reader->pending[i];
      guint first_line = lookup_finish (reader, lookup);
      g_autofree char *shown = NULL;
      g_autofree char *quoted = NULL;
      g_autofree char *message = NULL;
      const char *format;

      if (first_line == 0)
        continue;

      switch (lookup->field)
        {
        case TAKEOVER_FIELD_BMC_ADDRESS:
          shown = strchr (lookup->shown, ':')
                    ? g_strdup_printf ("[%s]:%u", lookup->shown, lookup->port)
                    : g_strdup_printf ("%s:%u", lookup->shown, lookup->port);
          format = N_("The BMC endpoint %s is already listed on line %u; list each BMC once.");
          break;

        case TAKEOVER_FIELD_MGMT_IP:
          shown = g_strdup (lookup->shown);
          format = N_("The management IP %s is already listed on line %u; "
                      "each server has its own.");
          break;

        case TAKEOVER_FIELD_NAME:
          shown = g_strdup (lookup->shown);
          format = N_("The name %s is already used on line %u; names must be unique.");
          break;

        default:
          g_assert_not_reached ();
        }

      /* Translated only now: lookups happen for every record, duplicates seldom. */
      quoted = quote_value (shown);
      message = g_strdup_printf (_(format), quoted, first_line);
      add_problem (reader, TAKEOVER_SEVERITY_ERROR, reader->pending_host, reader->pending_line,
                   FIELD_NAME (reader, lookup->field), message);
    }

  reader->n_pending = 0;
}

void
takeover_inventory_reader_problem (TakeoverInventoryReader *reader,
                                   TakeoverSeverity         severity,
                                   guint                    line,
                                   const char              *field,
                                   const char              *format,
                                   ...)
{
  g_autofree char *message = NULL;
  va_list args;

  /* Problems stay in file order. */
  finish_pending (reader);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  add_problem (reader, severity, NULL, line, field, message);
}

/* A problem of the record being read, on its line and attached to its host. */
void
takeover_inventory_reader_record_problem (TakeoverInventoryReader *reader,
                                          TakeoverSeverity         severity,
                                          const char              *field,
                                          const char              *format,
                                          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  g_assert (reader->in_record);

  if (reader->record.quiet)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  add_problem (reader, severity, reader->host, reader->record.line, field, message);
}

/**
 * takeover_inventory_reader_new:
 * @field_names: the format's name for each #TakeoverField, as problems should say it
 * @check_only: collect problems only, make no hosts
 */
TakeoverInventoryReader *
takeover_inventory_reader_new (const char         *filename,
                               const char * const *field_names,
                               gboolean            check_only,
                               GCancellable       *cancellable)
{
  TakeoverInventoryReader *reader = g_new0 (TakeoverInventoryReader, 1);

  reader->filename = g_strdup (filename);
  reader->field_names = field_names;
  reader->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  if (!check_only)
    reader->hosts = g_ptr_array_new_with_free_func (g_object_unref);
  reader->problems = g_ptr_array_new_with_free_func (g_object_unref);
  reader->keys = g_string_chunk_new (64 * 1024);

  return reader;
}

/* Frees @reader and returns what it read. */
TakeoverInventoryParsed *
takeover_inventory_reader_finish (TakeoverInventoryReader *reader,
                                  TakeoverInventoryFormat  format)
{
  TakeoverInventoryParsed *parsed = g_new0 (TakeoverInventoryParsed, 1);

  g_assert (!reader->in_record);

  finish_pending (reader);
  if (reader->n_records == 0 && reader->problems->len == 0)
    takeover_inventory_reader_problem (reader, TAKEOVER_SEVERITY_WARNING, 1, "file",
                                       _("The file lists no hosts."));

  parsed->format = format;
  parsed->n_records = reader->n_records;
  parsed->hosts = reader->hosts ? g_steal_pointer (&reader->hosts)
                                : g_ptr_array_new_with_free_func (g_object_unref);
  parsed->problems = g_steal_pointer (&reader->problems);

  key_index_clear (&reader->bmc_endpoints);
  key_index_clear (&reader->mgmt_ips);
  key_index_clear (&reader->names);
  g_string_chunk_free (reader->keys);
  g_clear_object (&reader->cancellable);
  g_free (reader->filename);
  g_free (reader);

  return parsed;
}

/* A hint of how many records are coming (a count of lines will do), so the duplicate
 * indexes are made big enough at once instead of growing and rehashing again and again. */
void
takeover_inventory_reader_expect (TakeoverInventoryReader *reader,
                                  gsize                    n_records)
{
  n_records = MIN (n_records, G_MAXUINT32);
  key_index_reserve (&reader->bmc_endpoints, n_records);
  key_index_reserve (&reader->mgmt_ips, n_records);
}

gboolean
takeover_inventory_reader_cancelled (TakeoverInventoryReader *reader)
{
  return g_cancellable_is_cancelled (reader->cancellable);
}

/* Starts a record on @line; every record becomes a host, even one full of errors. */
void
takeover_inventory_reader_begin (TakeoverInventoryReader *reader,
                                 guint                    line)
{
  Record *record = &reader->record;

  g_assert (!reader->in_record);

  finish_pending (reader);
  reader->in_record = TRUE;
  reader->n_records++;
  /* Not the whole record: its key buffers are big, and this runs for every record. */
  memset (record->values, 0, sizeof record->values);
  memset (record->owned, 0, sizeof record->owned);
  memset (record->numbered, 0, sizeof record->numbered);
  record->bmc_key[0] = record->mgmt_key[0] = '\0';
  record->quiet = FALSE;
  reader->record.line = line;
  reader->record.bmc_port_valid = TRUE;
  reader->record.numbers[TAKEOVER_FIELD_BMC_PORT] = TAKEOVER_DEFAULT_BMC_PORT;

  if (reader->hosts != NULL)
    {
      reader->host = takeover_host_new ();
      takeover_host_set_source (reader->host, reader->filename, line);
      g_ptr_array_add (reader->hosts, reader->host);
    }
}

/* Checks @hosts again, each as a record of its own on its source line (0 for one added by
 * hand), as their format would read them: after an edit, the problems of the whole list, since
 * a record's duplicates are elsewhere. The problems belong to these very hosts, and the parsed
 * list holds them again, unchanged. */
TakeoverInventoryParsed *
takeover_inventory_check_hosts (GPtrArray               *hosts,
                                const char              *filename,
                                TakeoverInventoryFormat  format)
{
  const char * const *names;
  TakeoverInventoryReader *reader;
  guint last_line = 0;

  switch (format)
    {
    case TAKEOVER_INVENTORY_FORMAT_JSON:
      names = takeover_inventory_json_get_field_names ();
      break;
    case TAKEOVER_INVENTORY_FORMAT_CONF:
      names = takeover_inventory_conf_get_field_names ();
      break;
    case TAKEOVER_INVENTORY_FORMAT_CSV:
    case TAKEOVER_INVENTORY_FORMAT_NONE:
    default:
      names = takeover_inventory_csv_get_field_names ();
      break;
    }

  /* A host added by hand has no line; it gets one past the file's, since line 0 would make
   * its duplicates go unseen. */
  for (guint i = 0; i < hosts->len; i++)
    last_line = MAX (last_line, takeover_host_get_source_line (g_ptr_array_index (hosts, i)));

  reader = takeover_inventory_reader_new (filename, names, FALSE, NULL);
  takeover_inventory_reader_expect (reader, hosts->len);
  for (guint i = 0; i < hosts->len; i++)
    {
      TakeoverHost *host = g_ptr_array_index (hosts, i);
      guint line = takeover_host_get_source_line (host);

      takeover_inventory_reader_begin (reader, line != 0 ? line : ++last_line);
      /* The record's host is this one, not a new one: its fields are what is checked, and
       * setting them back from the record changes nothing. */
      g_ptr_array_remove_index (reader->hosts, reader->hosts->len - 1);
      reader->host = host;
      g_ptr_array_add (reader->hosts, g_object_ref (host));

      for (guint field = 0; field < TAKEOVER_N_FIELDS; field++)
        {
          char buffer[16];
          const char *value;

          if (takeover_inventory_field_is_default (host, field))
            continue;
          value = takeover_inventory_field_to_string (host, field,
                                                      TAKEOVER_INVENTORY_SAVE_SECRETS, buffer);
          if (value != NULL)
            takeover_inventory_reader_set (reader, field, value, strlen (value));
        }
      takeover_inventory_reader_end (reader);
    }

  return takeover_inventory_reader_finish (reader, format);
}

/* The record is malformed as a whole (its parser said why): keep its values, but say
 * nothing more about it, since its fields are probably not where they belong. */
void
takeover_inventory_reader_set_quiet (TakeoverInventoryReader *reader)
{
  reader->record.quiet = TRUE;
}

static void
set_address (TakeoverInventoryReader *reader,
             TakeoverField            field,
             const char              *value,
             char                     key[KEY_SIZE])
{
  const char *message = normalize_address (value, key);

  if (message != NULL)
    {
      key[0] = '\0';
      FIELD_ERROR (reader, field, "%s", message);
    }
}

static void
set_number (TakeoverInventoryReader *reader,
            TakeoverField            field,
            const char              *value)
{
  Record *record = &reader->record;
  guint number;

  switch (field)
    {
    case TAKEOVER_FIELD_BMC_PORT:
    case TAKEOVER_FIELD_SSH_PORT:
      if (parse_uint (value, G_MAXUINT16, &number) && number > 0)
        break;
      if (field == TAKEOVER_FIELD_BMC_PORT)
        record->bmc_port_valid = FALSE;
      FIELD_ERROR (reader, field, "%s", _("The port must be a number from 1 to 65535."));
      return;

    case TAKEOVER_FIELD_BMC_CIPHER_SUITE:
      if (parse_uint (value, IPMI_MAX_CIPHER_SUITE, &number))
        break;
      FIELD_ERROR (reader, field, _("The IPMI cipher suite must be a number from 0 to %d."),
                   IPMI_MAX_CIPHER_SUITE);
      return;

    case TAKEOVER_FIELD_BMC_PRIVILEGE:
      for (number = 0; number < G_N_ELEMENTS (privilege_names); number++)
        if (privilege_names[number] != NULL &&
            g_ascii_strcasecmp (value, privilege_names[number]) == 0)
          break;
      if (number < G_N_ELEMENTS (privilege_names))
        break;
      FIELD_ERROR (reader, field, "%s",
                   _("The IPMI privilege level must be USER, OPERATOR or ADMINISTRATOR."));
      return;

    default:
      g_assert_not_reached ();
    }

  record->numbers[field] = number;
  record->numbered[field] = TRUE;
}

/**
 * takeover_inventory_reader_set:
 * @value: (array length=length): the field's text, any bytes, NUL-terminated after @length;
 *   text fields must stay valid until takeover_inventory_reader_end(), numbers are read
 *   at once. Empty means "not given".
 *
 * Checks one field of the current record.
 */
void
takeover_inventory_reader_set (TakeoverInventoryReader *reader,
                               TakeoverField            field,
                               const char              *value,
                               gsize                    length)
{
  Record *record = &reader->record;
  gsize n_bytes;

  g_assert (reader->in_record);
  g_assert (field < TAKEOVER_N_FIELDS);

  if (length == 0)
    return;

  /* A NUL inside the value fails this check too, so what is kept is what was read. */
  if (!g_utf8_validate (value, length, NULL))
    {
      FIELD_ERROR (reader, field, "%s",
                   _("The value is not valid UTF-8 text; save the file in UTF-8 encoding."));
      g_free (record->owned[field]);
      value = record->owned[field] = g_utf8_make_valid (value, length);
      length = strlen (value);
    }

  switch (field)
    {
    case TAKEOVER_FIELD_BMC_PORT:
    case TAKEOVER_FIELD_SSH_PORT:
    case TAKEOVER_FIELD_BMC_CIPHER_SUITE:
    case TAKEOVER_FIELD_BMC_PRIVILEGE:
      set_number (reader, field, value);
      return;

    case TAKEOVER_FIELD_NAME:
      /* Ironic's rule for node names (RFC 3986 unreserved characters, 255 at most). */
      if (length >= KEY_SIZE ||
          strspn (value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
          != length)
        FIELD_ERROR (reader, field, "%s",
                     _("A node name may hold only letters, digits and - . _ ~, at most 255 "
                       "of them."));
      break;

    case TAKEOVER_FIELD_BMC_ADDRESS:
      set_address (reader, field, value, record->bmc_key);
      break;

    case TAKEOVER_FIELD_MGMT_IP:
      set_address (reader, field, value, record->mgmt_key);
      break;

    case TAKEOVER_FIELD_BMC_USERNAME:
    case TAKEOVER_FIELD_BMC_PASSWORD:
      /* The limits are in bytes, as the BMC stores them. */
      n_bytes = strlen (value);
      if (field == TAKEOVER_FIELD_BMC_USERNAME && n_bytes > IPMI_MAX_USERNAME)
        FIELD_ERROR (reader, field,
                     _("The BMC user name is %zu bytes long; IPMI allows at most %d."),
                     n_bytes, IPMI_MAX_USERNAME);
      else if (field == TAKEOVER_FIELD_BMC_PASSWORD && n_bytes > IPMI_MAX_PASSWORD)
        FIELD_ERROR (reader, field,
                     _("The BMC password is %zu bytes long; IPMI 2.0 allows at most %d."),
                     n_bytes, IPMI_MAX_PASSWORD);
      break;

    case TAKEOVER_FIELD_SSH_USERNAME:
    case TAKEOVER_FIELD_SSH_PASSWORD:
    case TAKEOVER_FIELD_SSH_KEY_FILE:
      break;

    case TAKEOVER_N_FIELDS:
    default:
      g_assert_not_reached ();
    }

  record->values[field] = value;
}

/* The fields a usable record needs, and how bad it is to lack each. */
static const struct
{
  TakeoverField     field;
  TakeoverField     or_field;
  TakeoverSeverity  severity;
  const char       *message;
} required[] = {
  { TAKEOVER_FIELD_BMC_ADDRESS, TAKEOVER_FIELD_BMC_ADDRESS, TAKEOVER_SEVERITY_ERROR,
    N_("The BMC address is empty; Takeover needs it to reach the server’s BMC.") },
  { TAKEOVER_FIELD_BMC_USERNAME, TAKEOVER_FIELD_BMC_USERNAME, TAKEOVER_SEVERITY_ERROR,
    N_("The BMC user name is empty; give the IPMI user Takeover should log in as.") },
  { TAKEOVER_FIELD_BMC_PASSWORD, TAKEOVER_FIELD_BMC_PASSWORD, TAKEOVER_SEVERITY_WARNING,
    N_("The BMC password is empty (exports without secrets leave it out); "
       "enter it before probing or adopting this host.") },
  { TAKEOVER_FIELD_MGMT_IP, TAKEOVER_FIELD_MGMT_IP, TAKEOVER_SEVERITY_WARNING,
    N_("The management IP is empty; Takeover cannot log in to the operating system "
       "to read its facts.") },
  { TAKEOVER_FIELD_SSH_USERNAME, TAKEOVER_FIELD_SSH_USERNAME, TAKEOVER_SEVERITY_WARNING,
    N_("The SSH user name is empty; Takeover cannot log in to the operating system.") },
  { TAKEOVER_FIELD_SSH_PASSWORD, TAKEOVER_FIELD_SSH_KEY_FILE, TAKEOVER_SEVERITY_WARNING,
    N_("There is neither an SSH password nor a key file (exports without secrets leave the "
       "password out); give one before probing or adopting this host.") },
};

/**
 * takeover_inventory_reader_set_absent:
 * @line: the line of the header that lacks the column
 *
 * Tells the reader the whole file lacks @field (a CSV header without its column), so its
 * absence is reported once here rather than on every record.
 */
void
takeover_inventory_reader_set_absent (TakeoverInventoryReader *reader,
                                      TakeoverField            field,
                                      guint                    line)
{
  g_assert (field < TAKEOVER_N_FIELDS);

  reader->absent[field] = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      TakeoverField other = required[i].field == field ? required[i].or_field
                                                       : required[i].field;

      if ((required[i].field == field || required[i].or_field == field) && reader->absent[other])
        takeover_inventory_reader_problem (reader, required[i].severity, line, "header",
                                           _("There is no %s column, so no host has it: %s"),
                                           FIELD_NAME (reader, field),
                                           _(required[i].message));
    }
}

/* Copies the record into its host; the values are checked, but bad ones are kept too, so
 * the operator sees what the file says. */
static void
fill_host (TakeoverHost *host,
           const Record *record)
{
  const char * const *values = record->values;

  takeover_host_set_name (host, values[TAKEOVER_FIELD_NAME]);
  takeover_host_set_bmc_address (host, values[TAKEOVER_FIELD_BMC_ADDRESS]);
  takeover_host_set_bmc_username (host, values[TAKEOVER_FIELD_BMC_USERNAME]);
  takeover_host_set_bmc_password (host, values[TAKEOVER_FIELD_BMC_PASSWORD]);
  takeover_host_set_mgmt_ip (host, values[TAKEOVER_FIELD_MGMT_IP]);
  takeover_host_set_ssh_username (host, values[TAKEOVER_FIELD_SSH_USERNAME]);
  takeover_host_set_ssh_password (host, values[TAKEOVER_FIELD_SSH_PASSWORD]);
  takeover_host_set_ssh_key_file (host, values[TAKEOVER_FIELD_SSH_KEY_FILE]);
  if (record->numbered[TAKEOVER_FIELD_BMC_PORT])
    takeover_host_set_bmc_port (host, record->numbers[TAKEOVER_FIELD_BMC_PORT]);
  if (record->numbered[TAKEOVER_FIELD_SSH_PORT])
    takeover_host_set_ssh_port (host, record->numbers[TAKEOVER_FIELD_SSH_PORT]);
  if (record->numbered[TAKEOVER_FIELD_BMC_CIPHER_SUITE])
    takeover_host_set_bmc_cipher_suite (host, record->numbers[TAKEOVER_FIELD_BMC_CIPHER_SUITE]);
  if (record->numbered[TAKEOVER_FIELD_BMC_PRIVILEGE])
    takeover_host_set_bmc_privilege (host, record->numbers[TAKEOVER_FIELD_BMC_PRIVILEGE]);
}

/* Ends the record: checks what it lacks and what it repeats from earlier records. */
void
takeover_inventory_reader_end (TakeoverInventoryReader *reader)
{
  Record *record = &reader->record;

  g_assert (reader->in_record);

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      TakeoverField field = required[i].field;
      TakeoverField or_field = required[i].or_field;

      if (reader->absent[field] && reader->absent[or_field])
        continue;
      if (record->values[field] == NULL && record->values[or_field] == NULL)
        takeover_inventory_reader_record_problem (reader, required[i].severity,
                                                  FIELD_NAME (reader, field),
                                                  "%s", _(required[i].message));
    }

  if (!record->quiet)
    check_duplicates (reader);

  if (reader->host != NULL)
    fill_host (reader->host, record);

  for (guint i = 0; i < TAKEOVER_N_FIELDS; i++)
    g_free (record->owned[i]);
  reader->host = NULL;
  reader->in_record = FALSE;
}

static const char *
host_string (TakeoverHost  *host,
             TakeoverField  field)
{
  switch (field)
    {
    case TAKEOVER_FIELD_NAME:
      return takeover_host_get_name (host);
    case TAKEOVER_FIELD_BMC_ADDRESS:
      return takeover_host_get_bmc_address (host);
    case TAKEOVER_FIELD_BMC_USERNAME:
      return takeover_host_get_bmc_username (host);
    case TAKEOVER_FIELD_BMC_PASSWORD:
      return takeover_host_get_bmc_password (host);
    case TAKEOVER_FIELD_MGMT_IP:
      return takeover_host_get_mgmt_ip (host);
    case TAKEOVER_FIELD_SSH_USERNAME:
      return takeover_host_get_ssh_username (host);
    case TAKEOVER_FIELD_SSH_PASSWORD:
      return takeover_host_get_ssh_password (host);
    case TAKEOVER_FIELD_SSH_KEY_FILE:
      return takeover_host_get_ssh_key_file (host);
    default:
      g_assert_not_reached ();
    }
}

/**
 * takeover_inventory_field_to_string:
 * @buffer: room for a number
 *
 * Returns: (nullable): the text of @field of @host as the formats write it, or %NULL when
 *   it is empty or a secret and @flags leave secrets out
 */
const char *
takeover_inventory_field_to_string (TakeoverHost               *host,
                                    TakeoverField               field,
                                    TakeoverInventorySaveFlags  flags,
                                    char                        buffer[16])
{
  guint number;

  if (is_secret (field) && !(flags & TAKEOVER_INVENTORY_SAVE_SECRETS))
    return NULL;

  switch (field)
    {
    case TAKEOVER_FIELD_BMC_PORT:
      number = takeover_host_get_bmc_port (host);
      break;

    case TAKEOVER_FIELD_SSH_PORT:
      number = takeover_host_get_ssh_port (host);
      break;

    case TAKEOVER_FIELD_BMC_CIPHER_SUITE:
      number = takeover_host_get_bmc_cipher_suite (host);
      break;

    case TAKEOVER_FIELD_BMC_PRIVILEGE:
      number = takeover_host_get_bmc_privilege (host);
      return number < G_N_ELEMENTS (privilege_names) ? privilege_names[number] : NULL;

    default:
      return host_string (host, field);
    }

  g_snprintf (buffer, 16, "%u", number);
  return buffer;
}

/* Whether @field of @host has its default value, which a format may leave unwritten. */
gboolean
takeover_inventory_field_is_default (TakeoverHost  *host,
                                     TakeoverField  field)
{
  switch (field)
    {
    case TAKEOVER_FIELD_BMC_PORT:
      return takeover_host_get_bmc_port (host) == TAKEOVER_DEFAULT_BMC_PORT;

    case TAKEOVER_FIELD_SSH_PORT:
      return takeover_host_get_ssh_port (host) == TAKEOVER_DEFAULT_SSH_PORT;

    case TAKEOVER_FIELD_BMC_CIPHER_SUITE:
      return takeover_host_get_bmc_cipher_suite (host) == TAKEOVER_DEFAULT_CIPHER_SUITE;

    case TAKEOVER_FIELD_BMC_PRIVILEGE:
      return takeover_host_get_bmc_privilege (host) == TAKEOVER_PRIVILEGE_ADMINISTRATOR;

    default:
      return host_string (host, field) == NULL;
    }
}
