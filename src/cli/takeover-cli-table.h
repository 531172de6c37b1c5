/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Text in a terminal's columns. printf's "%-16s" counts bytes, so a Chinese header or host
 * name (3 bytes a character, 2 columns wide) would be padded short and the columns after it
 * would slip; these count what the terminal shows. */

typedef enum
{
  TAKEOVER_CLI_ALIGN_LEFT,
  TAKEOVER_CLI_ALIGN_RIGHT,
} TakeoverCliAlign;

typedef struct
{
  const char       *header;
  TakeoverCliAlign  align;
  /* 0: as wide as the widest cell; else longer cells are cut to this many columns. */
  guint             max_width;
} TakeoverCliColumn;

/* Terminal columns @text takes: 2 for a wide (East Asian) character, 0 for a zero-width or
 * combining one, 1 for any other. */
guint  takeover_cli_text_width    (const char              *text);
/* Appends @text to @line as a cell @width columns wide: cut at a character when it is wider
 * and @cut is set, then padded with spaces on the side away from @align. Control characters
 * (a probed host's name could carry terminal escapes) are shown as "?". */
void   takeover_cli_append_cell   (GString                 *line,
                                   const char              *text,
                                   guint                    width,
                                   TakeoverCliAlign         align,
                                   gboolean                 cut);
/* @rows: a GPtrArray of GStrv, each with @n_columns cells. Returns the header line and one
 * line a row, each column as wide as its widest cell (or its max_width), one space between
 * columns, no trailing spaces. */
char  *takeover_cli_format_table  (const TakeoverCliColumn *columns,
                                   guint                    n_columns,
                                   GPtrArray               *rows);

G_END_DECLS
