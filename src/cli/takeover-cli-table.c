/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "takeover-cli-table.h"

static guint
char_width (gunichar c)
{
  if (g_unichar_iszerowidth (c))
    return 0;
  if (g_unichar_iswide (c))
    return 2;
  return 1;
}

guint
takeover_cli_text_width (const char *text)
{
  g_autofree char *valid = NULL;
  guint width = 0;

  g_return_val_if_fail (text != NULL, 0);

  valid = g_utf8_make_valid (text, -1);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    width += g_unichar_iscntrl (g_utf8_get_char (p)) ? 1 : char_width (g_utf8_get_char (p));
  return width;
}

void
takeover_cli_append_cell (GString          *line,
                          const char       *text,
                          guint             width,
                          TakeoverCliAlign  align,
                          gboolean          cut)
{
  g_autofree char *valid = NULL;
  g_autoptr(GString) cell = g_string_new (NULL);
  guint used = 0;

  g_return_if_fail (line != NULL);
  g_return_if_fail (text != NULL);

  valid = g_utf8_make_valid (text, -1);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint c_width;

      if (g_unichar_iscntrl (c))
        c = '?';
      c_width = char_width (c);
      /* A wide character that would straddle the edge is left out whole. */
      if (cut && used + c_width > width)
        break;
      g_string_append_unichar (cell, c);
      used += c_width;
    }

  if (align == TAKEOVER_CLI_ALIGN_RIGHT)
    for (; used < width; used++)
      g_string_append_c (line, ' ');
  g_string_append_len (line, cell->str, cell->len);
  for (; used < width; used++)
    g_string_append_c (line, ' ');
}

char *
takeover_cli_format_table (const TakeoverCliColumn *columns,
                           guint                    n_columns,
                           GPtrArray               *rows)
{
  g_autofree guint *widths = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (columns != NULL && n_columns > 0, NULL);
  g_return_val_if_fail (rows != NULL, NULL);

  widths = g_new0 (guint, n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      widths[c] = takeover_cli_text_width (columns[c].header);
      for (guint r = 0; r < rows->len; r++)
        {
          const char * const *cells = g_ptr_array_index (rows, r);

          g_assert (g_strv_length ((char **) cells) == n_columns);
          widths[c] = MAX (widths[c], takeover_cli_text_width (cells[c]));
        }
      if (columns[c].max_width > 0)
        widths[c] = MIN (widths[c], columns[c].max_width);
    }

  for (guint r = 0; r <= rows->len; r++)
    {
      const char * const *cells = r > 0 ? g_ptr_array_index (rows, r - 1) : NULL;
      gsize start = text->len;

      for (guint c = 0; c < n_columns; c++)
        {
          if (c > 0)
            g_string_append_c (text, ' ');
          takeover_cli_append_cell (text, cells != NULL ? cells[c] : columns[c].header, widths[c],
                                    columns[c].align, columns[c].max_width > 0);
        }
      /* The last column is padded like the others; the line ends at its text. */
      while (text->len > start && text->str[text->len - 1] == ' ')
        g_string_truncate (text, text->len - 1);
      g_string_append_c (text, '\n');
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
