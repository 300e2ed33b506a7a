/* bn-row-filter.h: the text filter of a live list
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * BnLabelFunc:
 * @key: a label key
 * @value: its value
 * @user_data: data given to #BnRowAccessors.foreach_label
 *
 * Returns: %FALSE to stop the iteration
 */
typedef gboolean (*BnLabelFunc) (const char *key,
                                 const char *value,
                                 gpointer    user_data);

/**
 * BnRowAccessors:
 * @get_name: (nullable): the row's name, borrowed
 * @get_namespace: (nullable): the row's namespace, borrowed; %NULL for cluster-scoped rows
 * @get_uid: (nullable): a string unique to the row that never changes, used to order rows
 *   whose sort keys are equal; without it such rows keep their arrival order
 * @foreach_label: (nullable): calls @func for each label of the row until it returns %FALSE
 * @filter_properties: (nullable) (array zero-terminated=1): names of the properties whose
 *   `notify` may change the name, namespace or labels
 *
 * How a live list reads the rows it filters. Rows are plain GObjects; these functions are
 * called on the main thread and return data owned by the row.
 */
typedef struct
{
  const char *(*get_name)      (GObject     *item);
  const char *(*get_namespace) (GObject     *item);
  const char *(*get_uid)       (GObject     *item);
  void        (*foreach_label) (GObject     *item,
                                BnLabelFunc  func,
                                gpointer     user_data);
  const char * const *filter_properties;
} BnRowAccessors;

typedef struct _BnRowFilter BnRowFilter;

#define BN_TYPE_ROW_FILTER (bn_row_filter_get_type ())

GType        bn_row_filter_get_type  (void) G_GNUC_CONST;
BnRowFilter *bn_row_filter_new       (const char           *text);
BnRowFilter *bn_row_filter_ref       (BnRowFilter          *self);
void         bn_row_filter_unref     (BnRowFilter          *self);
gboolean     bn_row_filter_is_empty  (BnRowFilter          *self);
gboolean     bn_row_filter_match     (BnRowFilter          *self,
                                      const BnRowAccessors *accessors,
                                      GObject              *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnRowFilter, bn_row_filter_unref)

G_END_DECLS
