/* bn-sorted-model.h: a sorted, filtered live list over stable rows
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bn-row-filter.h"
#include "bn-sort-key.h"

G_BEGIN_DECLS

#define BN_TYPE_SORTED_MODEL (bn_sorted_model_get_type ())

G_DECLARE_FINAL_TYPE (BnSortedModel, bn_sorted_model, BN, SORTED_MODEL, GObject)

/**
 * BnSortedModelKeepFunc:
 * @self: the model
 * @item: a row about to move far
 * @position: where it is shown now
 * @user_data: the data given with the function
 *
 * Returns: %TRUE to move @item with one items-changed over the whole span, which keeps it
 *   selected in a GtkSelectionModel, instead of a cheaper removal and insertion
 */
typedef gboolean (*BnSortedModelKeepFunc) (BnSortedModel *self,
                                           GObject       *item,
                                           guint          position,
                                           gpointer       user_data);

/**
 * BnSortedModelShownFunc:
 * @self: the model
 * @first: (out): the first row on screen, roughly
 * @last: (out): the last row on screen, roughly
 * @user_data: the data given with the function
 *
 * Returns: %FALSE if it cannot tell
 */
typedef gboolean (*BnSortedModelShownFunc) (BnSortedModel *self,
                                            guint         *first,
                                            guint         *last,
                                            gpointer       user_data);

BnSortedModel *bn_sorted_model_new                     (GListModel           *source,
                                                        const BnRowAccessors *accessors);
BnSortedModel *bn_sorted_model_new_untracked           (GListModel           *source,
                                                        const BnRowAccessors *accessors);
void           bn_sorted_model_rows_changed            (BnSortedModel        *self,
                                                        GObject             **items,
                                                        guint                 n_items);
GListModel    *bn_sorted_model_get_source              (BnSortedModel        *self);
void           bn_sorted_model_set_source              (BnSortedModel        *self,
                                                        GListModel           *source);
guint          bn_sorted_model_get_source_n_items      (BnSortedModel        *self);
void           bn_sorted_model_set_sort                (BnSortedModel        *self,
                                                        BnSortKey            *key,
                                                        gboolean              descending);
BnSortKey     *bn_sorted_model_get_sort_key            (BnSortedModel        *self);
gboolean       bn_sorted_model_get_descending          (BnSortedModel        *self);
const char    *bn_sorted_model_get_filter_text         (BnSortedModel        *self);
void           bn_sorted_model_set_filter_text         (BnSortedModel        *self,
                                                        const char           *text);
void           bn_sorted_model_set_namespaces          (BnSortedModel        *self,
                                                        const char * const   *namespaces);
char         **bn_sorted_model_dup_namespaces          (BnSortedModel        *self);
guint          bn_sorted_model_get_max_moves_per_frame (BnSortedModel        *self);
void           bn_sorted_model_set_max_moves_per_frame (BnSortedModel        *self,
                                                        guint                 max_moves);
guint          bn_sorted_model_get_n_pending_moves     (BnSortedModel        *self);
guint          bn_sorted_model_apply_moves             (BnSortedModel        *self,
                                                        guint                 max_moves);
void           bn_sorted_model_set_keep_func           (BnSortedModel        *self,
                                                        BnSortedModelKeepFunc func,
                                                        gpointer              user_data,
                                                        GDestroyNotify        destroy);
gboolean       bn_sorted_model_find                    (BnSortedModel        *self,
                                                        gpointer              item,
                                                        guint                *position);
void           bn_sorted_model_set_shown_func          (BnSortedModel        *self,
                                                        BnSortedModelShownFunc func,
                                                        gpointer              user_data,
                                                        GDestroyNotify        destroy);
gboolean       bn_sorted_model_is_complete             (BnSortedModel        *self);
guint          bn_sorted_model_get_n_matching          (BnSortedModel        *self);
void           bn_sorted_model_complete                (BnSortedModel        *self);

G_END_DECLS
