/* bn-column-sort.h: header clicks of a GtkColumnView sort a BnSortedModel
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bn-sorted-model.h"

G_BEGIN_DECLS

#define BN_TYPE_COLUMN_SORT (bn_column_sort_get_type ())

G_DECLARE_FINAL_TYPE (BnColumnSort, bn_column_sort, BN, COLUMN_SORT, GObject)

BnColumnSort        *bn_column_sort_new            (GtkColumnView       *column_view,
                                                    BnSortedModel       *model);
void                 bn_column_sort_add_column     (BnColumnSort        *self,
                                                    GtkColumnViewColumn *column,
                                                    BnSortKey           *key);
GtkColumnViewColumn *bn_column_sort_get_column     (BnColumnSort        *self);
gboolean             bn_column_sort_get_descending (BnColumnSort        *self);

G_END_DECLS
