/* bn-sort-key.h: what a live list sorts by
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * BnSortKeyKind:
 * @BN_SORT_KEY_STRING: rows are ordered by a string, collated once per value
 * @BN_SORT_KEY_NUMBER: rows are ordered by a number
 */
typedef enum
{
  BN_SORT_KEY_STRING,
  BN_SORT_KEY_NUMBER,
} BnSortKeyKind;

/**
 * BnSortKeyStringFunc:
 * @item: a row object
 * @user_data: the data given with the function
 *
 * Returns: (transfer full) (nullable): the text to sort @item by; %NULL sorts first
 */
typedef char   *(*BnSortKeyStringFunc) (GObject  *item,
                                        gpointer  user_data);

/**
 * BnSortKeyNumberFunc:
 * @item: a row object
 * @user_data: the data given with the function
 *
 * Returns: the number to sort @item by; NaN sorts first
 */
typedef double  (*BnSortKeyNumberFunc) (GObject  *item,
                                        gpointer  user_data);

typedef struct _BnSortKey BnSortKey;

#define BN_TYPE_SORT_KEY (bn_sort_key_get_type ())

GType          bn_sort_key_get_type         (void) G_GNUC_CONST;
BnSortKey     *bn_sort_key_new_string       (BnSortKeyStringFunc  func,
                                             gpointer             user_data,
                                             GDestroyNotify       destroy,
                                             const char * const  *properties);
BnSortKey     *bn_sort_key_new_number       (BnSortKeyNumberFunc  func,
                                             gpointer             user_data,
                                             GDestroyNotify       destroy,
                                             const char * const  *properties);
BnSortKey     *bn_sort_key_new_for_property (GType                item_type,
                                             const char          *property);
BnSortKey     *bn_sort_key_ref              (BnSortKey           *self);
void           bn_sort_key_unref            (BnSortKey           *self);
BnSortKeyKind  bn_sort_key_get_kind         (BnSortKey           *self);
gboolean       bn_sort_key_has_property     (BnSortKey           *self,
                                             const char          *interned_name);
char          *bn_sort_key_dup_collated     (BnSortKey           *self,
                                             GObject             *item);
double         bn_sort_key_get_number       (BnSortKey           *self,
                                             GObject             *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnSortKey, bn_sort_key_unref)

G_END_DECLS
