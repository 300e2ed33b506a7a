/* bn-columns.h: the columns a resource page shows for one kind
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "bn-object.h"
#include "bn-resource-type.h"
#include "bn-sort-key.h"

G_BEGIN_DECLS

/**
 * BnTone:
 * @BN_TONE_NONE: nothing to point out
 * @BN_TONE_SUCCESS: healthy (Running, Ready, Bound, …)
 * @BN_TONE_WARNING: needs a look (Pending, Terminating, a Warning event, …)
 * @BN_TONE_ERROR: broken (CrashLoopBackOff, NotReady, Failed, …)
 * @BN_TONE_DIM: done and of little interest (Completed)
 *
 * What a cell's value means; cells show it with the `success`, `warning`, `error` or
 * `dim-label` style class, always next to the text that says the same.
 */
typedef enum
{
  BN_TONE_NONE,
  BN_TONE_SUCCESS,
  BN_TONE_WARNING,
  BN_TONE_ERROR,
  BN_TONE_DIM,
} BnTone;

/**
 * BnColumnsFlags:
 * @BN_COLUMNS_NONE: the columns of one cluster's page
 * @BN_COLUMNS_CLUSTER: add a Cluster column, for rows of several clusters
 *
 * Options for bn_columns_new().
 */
typedef enum
{
  BN_COLUMNS_NONE    = 0,
  BN_COLUMNS_CLUSTER = 1 << 0,
} BnColumnsFlags;

#define BN_TYPE_COLUMNS (bn_columns_get_type ())

G_DECLARE_FINAL_TYPE (BnColumns, bn_columns, BN, COLUMNS, GObject)

BnColumns  *bn_columns_new                     (BnResourceType *type,
                                                BnColumnsFlags  flags);
BnColumns  *bn_columns_new_for_printer_columns (BnResourceType *type,
                                                JsonArray      *printer_columns,
                                                BnColumnsFlags  flags);
BnColumns  *bn_columns_new_for_crd             (BnResourceType *type,
                                                BnObject       *crd,
                                                BnColumnsFlags  flags);
BnResourceType *bn_columns_get_resource_type   (BnColumns      *self);
guint       bn_columns_get_n_columns           (BnColumns      *self);
int         bn_columns_find                    (BnColumns      *self,
                                                const char     *id);
const char *bn_columns_get_id                  (BnColumns      *self,
                                                guint           column);
const char *bn_columns_get_title               (BnColumns      *self,
                                                guint           column);
gboolean    bn_columns_get_numeric             (BnColumns      *self,
                                                guint           column);
gboolean    bn_columns_get_expand              (BnColumns      *self,
                                                guint           column);
guint       bn_columns_get_width_chars         (BnColumns      *self,
                                                guint           column);
gboolean    bn_columns_get_timed               (BnColumns      *self,
                                                guint           column);
const char *bn_columns_get_property            (BnColumns      *self,
                                                guint           column);
char       *bn_columns_dup_text                (BnColumns      *self,
                                                guint           column,
                                                BnObject       *object,
                                                gint64          now);
BnTone      bn_columns_get_tone                (BnColumns      *self,
                                                guint           column,
                                                BnObject       *object);
char       *bn_columns_dup_text_and_tone       (BnColumns      *self,
                                                guint           column,
                                                BnObject       *object,
                                                gint64          now,
                                                BnTone         *tone);
BnSortKey  *bn_columns_dup_sort_key            (BnColumns      *self,
                                                guint           column);
guint       bn_columns_get_n_cached            (BnColumns      *self);
guint64     bn_columns_get_n_parsed            (BnColumns      *self);

char       *bn_format_age                      (gint64          seconds);
gint64      bn_age_refresh_interval            (gint64          seconds);
char       *bn_json_path_eval                  (JsonNode       *root,
                                                const char     *path);

G_END_DECLS
