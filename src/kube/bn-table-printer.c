/* bn-table-printer.c: rows in aligned columns, as kubectl prints them
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kubectl prints tables through Go's text/tabwriter with a minimum cell width of 6, padding 3
 * and spaces (k8s.io/cli-runtime printers.GetNewTabWriter). Cells are separated by tabs and the
 * last cell of a row ends the line, so it is never padded. Widths count characters, not bytes.
 */

#include "config.h"

#include "bn-table-printer.h"

#define MIN_WIDTH 6
#define PADDING   3

struct _BnTablePrinter
{
  GPtrArray *headers;   /* of char* */
  GPtrArray *rows;      /* of GStrv, each with n_columns cells */
};

/**
 * bn_table_printer_new:
 * @headers: the column headers, %NULL-terminated
 *
 * Returns: (transfer full): a new table with no rows
 */
BnTablePrinter *
bn_table_printer_new (const char * const *headers)
{
  BnTablePrinter *self;

  g_return_val_if_fail (headers != NULL && headers[0] != NULL, NULL);

  self = g_new0 (BnTablePrinter, 1);
  self->headers = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; headers[i] != NULL; i++)
    g_ptr_array_add (self->headers, g_strdup (headers[i]));
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  return self;
}

void
bn_table_printer_free (BnTablePrinter *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->headers);
  g_ptr_array_unref (self->rows);
  g_free (self);
}

guint
bn_table_printer_get_n_columns (BnTablePrinter *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->headers->len;
}

guint
bn_table_printer_get_n_rows (BnTablePrinter *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rows->len;
}

/**
 * bn_table_printer_take_row:
 * @self: a #BnTablePrinter
 * @cells: (transfer full): one cell per column, %NULL-terminated
 *
 * Adds a row. Missing cells print empty; extra cells are dropped.
 */
void
bn_table_printer_take_row (BnTablePrinter  *self,
                           char           **cells)
{
  guint n;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cells != NULL);

  n = g_strv_length (cells);
  if (n != self->headers->len)
    {
      char **fitted = g_new0 (char *, self->headers->len + 1);

      for (guint i = 0; i < self->headers->len; i++)
        fitted[i] = g_strdup (i < n ? cells[i] : "");
      g_strfreev (cells);
      cells = fitted;
    }
  g_ptr_array_add (self->rows, cells);
}

/**
 * bn_table_printer_add_row:
 * @self: a #BnTablePrinter
 * @cells: one cell per column, %NULL-terminated
 *
 * Adds a copy of @cells as a row.
 */
void
bn_table_printer_add_row (BnTablePrinter     *self,
                          const char * const *cells)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cells != NULL);

  bn_table_printer_take_row (self, g_strdupv ((char **) cells));
}

void
bn_table_printer_clear_rows (BnTablePrinter *self)
{
  g_return_if_fail (self != NULL);
  g_ptr_array_set_size (self->rows, 0);
}

static void
widen (guint      *widths,
       char      **cells,
       guint       n_columns)
{
  /* the last column is not aligned: leave it out */
  for (guint i = 0; i + 1 < n_columns; i++)
    widths[i] = MAX (widths[i], (guint) g_utf8_strlen (cells[i], -1) + PADDING);
}

static void
append_line (GString      *out,
             const guint  *widths,
             char        **cells,
             guint         n_columns)
{
  for (guint i = 0; i < n_columns; i++)
    {
      g_string_append (out, cells[i]);
      if (i + 1 < n_columns)
        {
          guint len = g_utf8_strlen (cells[i], -1);

          for (guint pad = len; pad < widths[i]; pad++)
            g_string_append_c (out, ' ');
        }
    }
  g_string_append_c (out, '\n');
}

/**
 * bn_table_printer_format:
 * @self: a #BnTablePrinter
 * @with_headers: whether the header line comes first
 *
 * Returns: (transfer full): the table, one line per row, each ending in a newline
 */
char *
bn_table_printer_format (BnTablePrinter *self,
                         gboolean        with_headers)
{
  g_autofree guint *widths = NULL;
  GString *out;
  guint n_columns;

  g_return_val_if_fail (self != NULL, NULL);

  n_columns = self->headers->len;
  widths = g_new (guint, n_columns);
  for (guint i = 0; i < n_columns; i++)
    widths[i] = MIN_WIDTH;

  if (with_headers)
    widen (widths, (char **) self->headers->pdata, n_columns);
  for (guint r = 0; r < self->rows->len; r++)
    widen (widths, g_ptr_array_index (self->rows, r), n_columns);

  out = g_string_new (NULL);
  if (with_headers)
    append_line (out, widths, (char **) self->headers->pdata, n_columns);
  for (guint r = 0; r < self->rows->len; r++)
    append_line (out, widths, g_ptr_array_index (self->rows, r), n_columns);
  return g_string_free (out, FALSE);
}

/**
 * bn_format_age:
 * @timestamp: Unix seconds, or 0 when unknown
 * @now: Unix seconds
 *
 * Returns: (transfer full): the time since @timestamp as kubectl prints it, `<unknown>` for 0
 */
char *
bn_format_age (gint64 timestamp,
               gint64 now)
{
  if (timestamp == 0)
    return g_strdup ("<unknown>");
  return bn_format_duration (now - timestamp);
}
