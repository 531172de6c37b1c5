/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-inventory"

#include "config.h"

#include <arpa/inet.h>
#include <glib/gi18n.h>

#include "takeover-inventory-private.h"

/* The one place that knows what a valid host is. Each format's parser finds the fields of
 * a record and hands them over with begin/set/end; this file checks every value and every
 * record and turns what is wrong into problems, so all three formats judge alike.
 * Secrets never appear in a message. */

/* IPMI 2.0 limits (section 13.18 of the specification): user names hold 16 bytes,
 * passwords 20. */
#define IPMI_MAX_USERNAME 16
#define IPMI_MAX_PASSWORD 20
/* Cipher suite IDs IPMI 2.0 defines, 0 to 17 with the errata. */
#define IPMI_MAX_CIPHER_SUITE 17
/* Longest value quoted back in a message, in characters. */
#define MAX_QUOTED 60

struct _TakeoverInventoryReader
{
  char               *filename;
  const char * const *field_names;
  GCancellable       *cancellable;
  GPtrArray          *hosts;
  GPtrArray          *problems;
  /* Normalised key → line of its first record, so each duplicate names the line it repeats,
   * in one hash lookup a record. */
  GHashTable         *bmc_endpoints;
  GHashTable         *mgmt_ips;
  GHashTable         *names;

  /* The record being read. */
  TakeoverHost       *host;
  char               *bmc_key;
  char               *mgmt_key;
  guint               line;
  guint               quiet : 1;
  guint               bmc_port_valid : 1;
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

/* Returns the address in a form that compares equal for equal addresses (canonical IP
 * text, lower-case name without a trailing dot), or NULL and a message (quoting the value
 * as @quoted) if it is neither an IP literal nor a host name. */
static char *
normalize_address (const char  *value,
                   const char  *quoted,
                   char       **message)
{
  guchar buffer[sizeof (struct in6_addr)];
  char text[INET6_ADDRSTRLEN];
  gsize length = strlen (value);

  if (inet_pton (AF_INET, value, buffer) == 1)
    return g_strdup (inet_ntop (AF_INET, buffer, text, sizeof text));

  if (strchr (value, ':') != NULL)
    {
      const char *zone = strchr (value, '%');
      g_autofree char *address = g_strndup (value, zone ? (gsize)(zone - value) : length);

      /* A link-local address may name its interface ("fe80::1%eth0"). */
      if (inet_pton (AF_INET6, address, buffer) == 1 && (zone == NULL || zone[1] != '\0'))
        return g_strconcat (inet_ntop (AF_INET6, buffer, text, sizeof text), zone, NULL);

      *message = g_strdup_printf (_("%s is not a valid IPv6 address."), quoted);
      return NULL;
    }

  if (length > 1 && value[length - 1] == '.')
    length--;
  if (is_host_name (value, length))
    return g_ascii_strdown (value, length);

  if (strspn (value, "0123456789.") == strlen (value))
    *message = g_strdup_printf (_("%s is not a valid IPv4 address."), quoted);
  else
    *message = g_strdup_printf (_("%s is neither an IP address nor a valid host name."), quoted);
  return NULL;
}

static void
add_problem (TakeoverInventoryReader *reader,
             TakeoverSeverity         severity,
             TakeoverHost            *host,
             guint                    line,
             const char              *field,
             const char              *message)
{
  g_ptr_array_add (reader->problems,
                   takeover_problem_new (severity, host, reader->filename, line, field,
                                         message));
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

  g_assert (reader->host != NULL);

  if (reader->quiet)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  add_problem (reader, severity, reader->host, reader->line, field, message);
}

#define FIELD_NAME(reader, field) ((reader)->field_names[(field)])
#define FIELD_ERROR(reader, field, ...)                                                 \
  takeover_inventory_reader_record_problem ((reader), TAKEOVER_SEVERITY_ERROR,         \
                                            FIELD_NAME ((reader), (field)), __VA_ARGS__)
#define FIELD_WARNING(reader, field, ...)                                               \
  takeover_inventory_reader_record_problem ((reader), TAKEOVER_SEVERITY_WARNING,       \
                                            FIELD_NAME ((reader), (field)), __VA_ARGS__)

/**
 * takeover_inventory_reader_new:
 * @field_names: the format's name for each #TakeoverField, as problems should say it
 */
TakeoverInventoryReader *
takeover_inventory_reader_new (const char         *filename,
                               const char * const *field_names,
                               GCancellable       *cancellable)
{
  TakeoverInventoryReader *reader = g_new0 (TakeoverInventoryReader, 1);

  reader->filename = g_strdup (filename);
  reader->field_names = field_names;
  reader->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  reader->hosts = g_ptr_array_new_with_free_func (g_object_unref);
  reader->problems = g_ptr_array_new_with_free_func (g_object_unref);
  reader->bmc_endpoints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reader->mgmt_ips = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reader->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  return reader;
}

/* Frees @reader and returns what it read. */
TakeoverInventoryParsed *
takeover_inventory_reader_finish (TakeoverInventoryReader *reader,
                                  TakeoverInventoryFormat  format)
{
  TakeoverInventoryParsed *parsed = g_new0 (TakeoverInventoryParsed, 1);

  g_assert (reader->host == NULL);

  if (reader->hosts->len == 0 && reader->problems->len == 0)
    takeover_inventory_reader_problem (reader, TAKEOVER_SEVERITY_WARNING, 1, "file",
                                       _("The file lists no hosts."));

  parsed->format = format;
  parsed->hosts = g_steal_pointer (&reader->hosts);
  parsed->problems = g_steal_pointer (&reader->problems);

  g_hash_table_unref (reader->bmc_endpoints);
  g_hash_table_unref (reader->mgmt_ips);
  g_hash_table_unref (reader->names);
  g_clear_object (&reader->cancellable);
  g_free (reader->filename);
  g_free (reader);

  return parsed;
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
  g_assert (reader->host == NULL);

  reader->host = takeover_host_new ();
  reader->line = line;
  reader->quiet = FALSE;
  reader->bmc_port_valid = TRUE;
  g_ptr_array_add (reader->hosts, reader->host);
  takeover_host_set_source (reader->host, reader->filename, line);
}

/* The record is malformed as a whole (its parser said why): keep its values, but say
 * nothing more about it, since its fields are probably not where they belong. */
void
takeover_inventory_reader_set_quiet (TakeoverInventoryReader *reader)
{
  reader->quiet = TRUE;
}

static void
store (TakeoverInventoryReader *reader,
       TakeoverField            field,
       const char              *value)
{
  TakeoverHost *host = reader->host;

  switch (field)
    {
    case TAKEOVER_FIELD_NAME:
      takeover_host_set_name (host, value);
      break;

    case TAKEOVER_FIELD_BMC_ADDRESS:
      takeover_host_set_bmc_address (host, value);
      break;

    case TAKEOVER_FIELD_BMC_USERNAME:
      takeover_host_set_bmc_username (host, value);
      break;

    case TAKEOVER_FIELD_BMC_PASSWORD:
      takeover_host_set_bmc_password (host, value);
      break;

    case TAKEOVER_FIELD_MGMT_IP:
      takeover_host_set_mgmt_ip (host, value);
      break;

    case TAKEOVER_FIELD_SSH_USERNAME:
      takeover_host_set_ssh_username (host, value);
      break;

    case TAKEOVER_FIELD_SSH_PASSWORD:
      takeover_host_set_ssh_password (host, value);
      break;

    case TAKEOVER_FIELD_SSH_KEY_FILE:
      takeover_host_set_ssh_key_file (host, value);
      break;

    case TAKEOVER_FIELD_BMC_PORT:
    case TAKEOVER_FIELD_BMC_CIPHER_SUITE:
    case TAKEOVER_FIELD_BMC_PRIVILEGE:
    case TAKEOVER_FIELD_SSH_PORT:
    case TAKEOVER_N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static void
set_port (TakeoverInventoryReader *reader,
          TakeoverField            field,
          const char              *value,
          const char              *quoted)
{
  guint port;

  if (!parse_uint (value, G_MAXUINT16, &port) || port == 0)
    {
      FIELD_ERROR (reader, field, _("%s is not a port number (1 to 65535)."), quoted);
      if (field == TAKEOVER_FIELD_BMC_PORT)
        reader->bmc_port_valid = FALSE;
      return;
    }

  if (field == TAKEOVER_FIELD_BMC_PORT)
    takeover_host_set_bmc_port (reader->host, port);
  else
    takeover_host_set_ssh_port (reader->host, port);
}

static void
set_address (TakeoverInventoryReader  *reader,
             TakeoverField             field,
             const char               *value,
             char                    **key)
{
  g_autofree char *message = NULL;
  g_autofree char *quoted = quote_value (value);

  g_clear_pointer (key, g_free);
  *key = normalize_address (value, quoted, &message);
  if (*key == NULL)
    FIELD_ERROR (reader, field, "%s", message);
  store (reader, field, value);
}

/**
 * takeover_inventory_reader_set:
 * @value: (array length=length): the field's text, any bytes; empty means "not given"
 *
 * Checks one field of the current record and stores it in its host.
 */
void
takeover_inventory_reader_set (TakeoverInventoryReader *reader,
                               TakeoverField            field,
                               const char              *value,
                               gsize                    length)
{
  g_autofree char *valid = NULL;
  g_autofree char *quoted = NULL;
  guint number;

  g_assert (reader->host != NULL);
  g_assert (field < TAKEOVER_N_FIELDS);

  if (length == 0)
    return;

  /* A NUL inside the value fails this check too, so what is stored is what was read. */
  if (!g_utf8_validate (value, length, NULL))
    {
      FIELD_ERROR (reader, field,
                   _("The value is not valid UTF-8 text; save the file in UTF-8 encoding."));
      valid = g_utf8_make_valid (value, length);
      value = valid;
    }

  if (!is_secret (field))
    quoted = quote_value (value);

  switch (field)
    {
    case TAKEOVER_FIELD_NAME:
      for (const char *p = value; *p != '\0'; p++)
        {
          /* Ironic's rule for node names (RFC 3986 unreserved characters). */
          if (!g_ascii_isalnum (*p) && strchr ("-._~", *p) == NULL)
            {
              FIELD_ERROR (reader, field,
                           _("%s cannot be a node name: use only letters, digits and - . _ ~."),
                           quoted);
              break;
            }
        }
      store (reader, field, value);
      break;

    case TAKEOVER_FIELD_BMC_ADDRESS:
      set_address (reader, field, value, &reader->bmc_key);
      break;

    case TAKEOVER_FIELD_MGMT_IP:
      set_address (reader, field, value, &reader->mgmt_key);
      break;

    case TAKEOVER_FIELD_BMC_PORT:
    case TAKEOVER_FIELD_SSH_PORT:
      set_port (reader, field, value, quoted);
      break;

    case TAKEOVER_FIELD_BMC_USERNAME:
      if (strlen (value) > IPMI_MAX_USERNAME)
        FIELD_ERROR (reader, field,
                     _("The BMC user name is %zu bytes long; IPMI allows at most %d."),
                     strlen (value), IPMI_MAX_USERNAME);
      store (reader, field, value);
      break;

    case TAKEOVER_FIELD_BMC_PASSWORD:
      if (strlen (value) > IPMI_MAX_PASSWORD)
        FIELD_ERROR (reader, field,
                     _("The BMC password is %zu bytes long; IPMI 2.0 allows at most %d."),
                     strlen (value), IPMI_MAX_PASSWORD);
      store (reader, field, value);
      break;

    case TAKEOVER_FIELD_BMC_CIPHER_SUITE:
      if (parse_uint (value, IPMI_MAX_CIPHER_SUITE, &number))
        takeover_host_set_bmc_cipher_suite (reader->host, number);
      else
        FIELD_ERROR (reader, field, _("%s is not an IPMI cipher suite (0 to %d)."),
                     quoted, IPMI_MAX_CIPHER_SUITE);
      break;

    case TAKEOVER_FIELD_BMC_PRIVILEGE:
      for (number = 0; number < G_N_ELEMENTS (privilege_names); number++)
        if (privilege_names[number] != NULL &&
            g_ascii_strcasecmp (value, privilege_names[number]) == 0)
          break;
      if (number < G_N_ELEMENTS (privilege_names))
        takeover_host_set_bmc_privilege (reader->host, number);
      else
        FIELD_ERROR (reader, field,
                     _("%s is not an IPMI privilege level: use USER, OPERATOR or ADMINISTRATOR."),
                     quoted);
      break;

    case TAKEOVER_FIELD_SSH_USERNAME:
    case TAKEOVER_FIELD_SSH_PASSWORD:
    case TAKEOVER_FIELD_SSH_KEY_FILE:
      store (reader, field, value);
      break;

    case TAKEOVER_N_FIELDS:
    default:
      g_assert_not_reached ();
    }
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

static const char *
field_value (TakeoverHost  *host,
             TakeoverField  field)
{
  switch (field)
    {
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
    case TAKEOVER_FIELD_NAME:
      return takeover_host_get_name (host);
    default:
      g_assert_not_reached ();
    }
}

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

/* Takes @key; @format gets the value as shown and the line that had it first. */
static void
check_unique (TakeoverInventoryReader *reader,
              GHashTable              *seen,
              char                    *key,
              const char              *shown,
              TakeoverField            field,
              const char              *format)
{
  gpointer first_line;

  if (g_hash_table_lookup_extended (seen, key, NULL, &first_line))
    {
      g_autofree char *quoted = quote_value (shown);

      FIELD_ERROR (reader, field, format, quoted, GPOINTER_TO_UINT (first_line));
      g_free (key);
    }
  else
    {
      g_hash_table_insert (seen, key, GUINT_TO_POINTER (reader->line));
    }
}

/* Ends the record: checks what it lacks and what it repeats from earlier records. */
void
takeover_inventory_reader_end (TakeoverInventoryReader *reader)
{
  TakeoverHost *host = reader->host;
  g_autofree char *bmc_key = g_steal_pointer (&reader->bmc_key);
  g_autofree char *mgmt_key = g_steal_pointer (&reader->mgmt_key);
  const char *name;

  g_assert (host != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      TakeoverField field = required[i].field;
      TakeoverField or_field = required[i].or_field;

      if (reader->absent[field] && reader->absent[or_field])
        continue;
      if (field_value (host, field) == NULL && field_value (host, or_field) == NULL)
        takeover_inventory_reader_record_problem (reader, required[i].severity,
                                                  FIELD_NAME (reader, field),
                                                  "%s", _(required[i].message));
    }

  if (!reader->quiet)
    {
      /* Equal addresses in different spellings (fe80::1 and FE80:0::1) count as equal. */
      if (bmc_key != NULL && reader->bmc_port_valid)
        {
          guint port = takeover_host_get_bmc_port (host);
          const char *address = takeover_host_get_bmc_address (host);
          g_autofree char *shown = strchr (address, ':') ? g_strdup_printf ("[%s]:%u", address, port)
                                                         : g_strdup_printf ("%s:%u", address, port);

          check_unique (reader, reader->bmc_endpoints,
                        g_strdup_printf ("%s|%u", bmc_key, port), shown,
                        TAKEOVER_FIELD_BMC_ADDRESS,
                        _("The BMC endpoint %s is already listed on line %u; "
                          "list each BMC once."));
        }
      if (mgmt_key != NULL)
        check_unique (reader, reader->mgmt_ips, g_steal_pointer (&mgmt_key),
                      takeover_host_get_mgmt_ip (host), TAKEOVER_FIELD_MGMT_IP,
                      _("The management IP %s is already listed on line %u; "
                        "each server has its own."));
      name = takeover_host_get_name (host);
      if (name != NULL)
        check_unique (reader, reader->names, g_ascii_strdown (name, -1), name,
                      TAKEOVER_FIELD_NAME,
                      _("The name %s is already used on line %u; names must be unique."));
    }

  reader->host = NULL;
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
      return field_value (host, field);
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
      return field_value (host, field) == NULL;
    }
}
