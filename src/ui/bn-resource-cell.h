/* bn-resource-cell.h: one cell of a resource page, following its row
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bn-columns.h"

G_BEGIN_DECLS

#define BN_TYPE_RESOURCE_CELL (bn_resource_cell_get_type ())

G_DECLARE_FINAL_TYPE (BnResourceCell, bn_resource_cell, BN, RESOURCE_CELL, GtkWidget)

GtkWidget  *bn_resource_cell_new      (BnColumns      *columns,
                                       guint           column);
void        bn_resource_cell_bind     (BnResourceCell *self,
                                       BnObject       *object);
void        bn_resource_cell_unbind   (BnResourceCell *self);
BnObject   *bn_resource_cell_get_object (BnResourceCell *self);
guint       bn_resource_cell_get_column (BnResourceCell *self);
const char *bn_resource_cell_get_text (BnResourceCell *self);
BnTone      bn_resource_cell_get_tone (BnResourceCell *self);

G_END_DECLS
