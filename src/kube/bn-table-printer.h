/* bn-table-printer.h: rows in aligned columns, as kubectl prints them
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bn-duration.h"

G_BEGIN_DECLS

/**
 * BnTablePrinter:
 *
 * Collects rows of text cells and lays them out the way kubectl's tab writer does: every
 * column but the last is as wide as its widest cell plus 3 spaces, and at least 6.
 */
typedef struct _BnTablePrinter BnTablePrinter;

BnTablePrinter *bn_table_printer_new         (const char * const *headers);
void            bn_table_printer_free        (BnTablePrinter     *self);
guint           bn_table_printer_get_n_columns (BnTablePrinter   *self);
guint           bn_table_printer_get_n_rows  (BnTablePrinter     *self);
void            bn_table_printer_add_row     (BnTablePrinter     *self,
                                              const char * const *cells);
void            bn_table_printer_take_row    (BnTablePrinter     *self,
                                              char              **cells);
void            bn_table_printer_clear_rows  (BnTablePrinter     *self);
char           *bn_table_printer_format      (BnTablePrinter     *self,
                                              gboolean            with_headers);

char           *bn_format_age                (gint64              timestamp,
                                              gint64              now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnTablePrinter, bn_table_printer_free)

G_END_DECLS
