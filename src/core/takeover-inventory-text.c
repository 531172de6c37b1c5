/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "takeover-inventory"

#include "config.h"

#include <glib/gi18n.h>

#include "takeover-inventory-private.h"

/* Records of separated fields with RFC 4180 quoting: a field may be enclosed in double
 * quotes, inside which the separator is data and a doubled quote stands for one. hosts.conf
 * (conf mode) adds what operators' files have: comment lines starting with '#', blank lines,
 * spaces around fields, and a record is always one line. CSV keeps every byte of an unquoted
 * field, and a quoted field may run over several lines. Both accept LF and CRLF. */

static inline gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* Whether @p starts a line ending: LF, or CR before LF or at the end of the data. */
static inline gboolean
at_line_end (const TakeoverTextCursor *cursor,
             const char               *p)
{
  return *p == '\n' || (*p == '\r' && (p + 1 == cursor->end || p[1] == '\n'));
}

/* Moves past the line ending at @p (or the end of the data). */
static const char *
skip_line_end (TakeoverTextCursor *cursor,
               const char         *p)
{
  if (p < cursor->end && *p == '\r')
    p++;
  if (p < cursor->end && *p == '\n')
    {
      p++;
      cursor->line++;
    }
  return p;
}

void
takeover_text_cursor_init (TakeoverTextCursor *cursor,
                           const char         *data,
                           gsize               length,
                           char                separator,
                           gboolean            conf)
{
  cursor->pos = data;
  cursor->end = data + length;
  cursor->line = 1;
  cursor->record_line = 0;
  cursor->separator = separator;
  cursor->conf = !!conf;
}

/* How many lines @data has, for takeover_inventory_reader_expect(). */
gsize
takeover_text_count_lines (const char *data,
                           gsize       length)
{
  const char *end = data + length;
  gsize n_lines = 1;

  for (const char *p = data; (p = memchr (p, '\n', end - p)) != NULL; p++)
    n_lines++;

  return n_lines;
}

/* Skips blank lines, and comment lines in conf mode; returns where the next record starts,
 * or NULL at the end of the data. */
static const char *
skip_to_record (TakeoverTextCursor *cursor)
{
  const char *p = cursor->pos;

  while (p < cursor->end)
    {
      const char *q = p;

      if (cursor->conf)
        while (q < cursor->end && is_blank (*q))
          q++;

      if (q == cursor->end)
        return NULL;

      if (at_line_end (cursor, q))
        p = skip_line_end (cursor, q);
      else if (cursor->conf && *q == '#')
        {
          const char *eol = memchr (q, '\n', cursor->end - q);

          p = eol ? skip_line_end (cursor, eol) : cursor->end;
        }
      else
        return p;
    }

  return NULL;
}

/* Reads a quoted field from just after its opening quote. */
static const char *
read_quoted (TakeoverTextCursor  *cursor,
             const char          *p,
             GString             *buffer,
             const char         **error)
{
  while (p < cursor->end)
    {
      const char *quote = memchr (p, '"', cursor->end - p);
      const char *stop = quote ? quote : cursor->end;
      const char *eol = cursor->conf ? memchr (p, '\n', stop - p) : NULL;

      /* In conf mode a record is one line, so an open quote ends with it. */
      if (eol != NULL)
        {
          if (eol > p && eol[-1] == '\r')
            eol--;
          g_string_append_len (buffer, p, eol - p);
          *error = N_("The closing quote is missing: the quoted value runs to the end of "
                      "the line.");
          return eol;
        }

      for (const char *q = p; q < stop; q++)
        if (*q == '\n')
          cursor->line++;
      g_string_append_len (buffer, p, stop - p);

      if (quote == NULL)
        break;
      if (quote + 1 < cursor->end && quote[1] == '"')
        {
          g_string_append_c (buffer, '"');
          p = quote + 2;
          continue;
        }
      return quote + 1;
    }

  *error = N_("The closing quote is missing: the quoted value runs to the end of the file.");
  return cursor->end;
}

/* The common case, a record on one line without quotes: copied once and split in place,
 * with memchr() doing the scanning. Returns FALSE, having done nothing, for any other. */
static gboolean
read_plain_line (TakeoverTextCursor *cursor,
                 const char         *p,
                 GString            *buffer,
                 GArray             *fields)
{
  const char *eol = memchr (p, '\n', cursor->end - p);
  const char *stop = eol ? eol : cursor->end;
  gsize start = 0;
  char *text;

  if (memchr (p, '"', stop - p) != NULL)
    return FALSE;

  /* A CR ends the line only before the LF or at the end of the data, as in at_line_end(). */
  if (stop > p && stop[-1] == '\r')
    stop--;
  g_string_append_len (buffer, p, stop - p);
  text = buffer->str;

  for (;;)
    {
      char *separator = memchr (text + start, cursor->separator, buffer->len - start);
      gsize end = separator ? (gsize)(separator - text) : buffer->len;
      TakeoverTextField field = { start, end - start };

      if (cursor->conf)
        {
          while (field.length > 0 && is_blank (text[field.offset]))
            {
              field.offset++;
              field.length--;
            }
          while (field.length > 0 && is_blank (text[field.offset + field.length - 1]))
            field.length--;
        }
      text[field.offset + field.length] = '\0';
      g_array_append_val (fields, field);

      if (separator == NULL)
        break;
      start = end + 1;
    }

  cursor->pos = skip_line_end (cursor, stop);
  return TRUE;
}

/**
 * takeover_text_read_record:
 * @buffer: receives the record's values, each NUL-terminated
 * @fields: (element-type TakeoverTextField): receives where each value is in @buffer
 * @error_field: (out): the index of the field @error concerns
 * @error: (out): set to an untranslated message when a field is malformed (its value is
 *   still read as well as possible); left %NULL otherwise
 *
 * Returns: %FALSE at the end of the data; otherwise the record's first line is in
 *   cursor->record_line
 */
gboolean
takeover_text_read_record (TakeoverTextCursor  *cursor,
                           GString             *buffer,
                           GArray              *fields,
                           guint               *error_field,
                           const char         **error)
{
  const char *p;

  g_string_truncate (buffer, 0);
  g_array_set_size (fields, 0);
  *error = NULL;
  *error_field = 0;

  p = skip_to_record (cursor);
  if (p == NULL)
    {
      cursor->pos = cursor->end;
      return FALSE;
    }
  cursor->record_line = cursor->line;

  if (read_plain_line (cursor, p, buffer, fields))
    return TRUE;

  for (;;)
    {
      TakeoverTextField field = { buffer->len, 0 };
      const char *field_error = NULL;

      if (cursor->conf)
        while (p < cursor->end && is_blank (*p))
          p++;

      if (p < cursor->end && *p == '"')
        {
          p = read_quoted (cursor, p + 1, buffer, &field_error);
          if (cursor->conf)
            while (p < cursor->end && is_blank (*p))
              p++;
          if (field_error == NULL && p < cursor->end && *p != cursor->separator &&
              !at_line_end (cursor, p))
            field_error = N_("There is text after the closing quote; put the whole value "
                             "in quotes and double any quote inside it.");
          /* Whatever follows the quote belongs to this field, so the next field still
           * starts at the next separator. */
          while (p < cursor->end && *p != cursor->separator && !at_line_end (cursor, p))
            g_string_append_c (buffer, *p++);
        }
      else
        {
          const char *start = p;
          const char *stop;

          while (p < cursor->end && *p != cursor->separator && !at_line_end (cursor, p))
            p++;
          stop = p;
          if (cursor->conf)
            while (stop > start && is_blank (stop[-1]))
              stop--;
          g_string_append_len (buffer, start, stop - start);
        }

      field.length = buffer->len - field.offset;
      g_string_append_c (buffer, '\0');
      g_array_append_val (fields, field);

      if (field_error != NULL && *error == NULL)
        {
          *error = field_error;
          *error_field = fields->len - 1;
        }

      if (p < cursor->end && *p == cursor->separator)
        {
          p++;
          continue;
        }

      cursor->pos = skip_line_end (cursor, p);
      return TRUE;
    }
}

/**
 * takeover_text_append_field:
 * @value: (nullable): the value; %NULL writes an empty field
 *
 * Appends @value, quoted when reading it back would otherwise change it.
 *
 * Returns: %FALSE when @value cannot be written in conf mode (it holds a line break)
 */
gboolean
takeover_text_append_field (GString    *out,
                            const char *value,
                            char        separator,
                            gboolean    conf)
{
  gsize length;
  gboolean quote;

  if (value == NULL || value[0] == '\0')
    return TRUE;

  length = strlen (value);
  if (conf && strpbrk (value, "\r\n") != NULL)
    return FALSE;

  quote = strchr (value, separator) != NULL || strpbrk (value, "\"\r\n") != NULL;
  /* conf mode trims blanks around fields and takes a leading '#' for a comment. */
  if (conf)
    quote = quote || value[0] == '#' || is_blank (value[0]) || is_blank (value[length - 1]);

  if (!quote)
    {
      g_string_append_len (out, value, length);
      return TRUE;
    }

  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');

  return TRUE;
}
