/* bn-test-row.h: a small mutable row object for list model tests and benchmarks
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bn-row-filter.h"
#include "bn-sort-key.h"

G_BEGIN_DECLS

#define BN_TYPE_TEST_ROW (bn_test_row_get_type ())

G_DECLARE_FINAL_TYPE (BnTestRow, bn_test_row, BN, TEST_ROW, GObject)

BnTestRow            *bn_test_row_new           (const char         *uid,
                                                 const char         *name,
                                                 const char         *ns,
                                                 int                 restarts);
const char           *bn_test_row_get_uid       (BnTestRow          *self);
const char           *bn_test_row_get_name      (BnTestRow          *self);
void                  bn_test_row_set_name      (BnTestRow          *self,
                                                 const char         *name);
const char           *bn_test_row_get_namespace (BnTestRow          *self);
int                   bn_test_row_get_restarts  (BnTestRow          *self);
void                  bn_test_row_set_restarts  (BnTestRow          *self,
                                                 int                 restarts);
const char           *bn_test_row_get_status    (BnTestRow          *self);
void                  bn_test_row_set_status    (BnTestRow          *self,
                                                 const char         *status);
const char * const   *bn_test_row_get_labels    (BnTestRow          *self);
void                  bn_test_row_set_labels    (BnTestRow          *self,
                                                 const char * const *labels);
const BnRowAccessors *bn_test_row_accessors     (void);
BnSortKey            *bn_test_row_sort_key_new  (const char         *property);

G_END_DECLS
