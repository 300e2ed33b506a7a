/* bn-aggregate-model.h: the objects of several clusters' caches as one list
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bn-cluster.h"

G_BEGIN_DECLS

#define BN_TYPE_AGGREGATE_MODEL (bn_aggregate_model_get_type ())

G_DECLARE_FINAL_TYPE (BnAggregateModel, bn_aggregate_model, BN, AGGREGATE_MODEL, GObject)

BnAggregateModel *bn_aggregate_model_new             (void);
void              bn_aggregate_model_add             (BnAggregateModel *self,
                                                      BnCluster        *cluster,
                                                      BnWatchCache     *cache);
void              bn_aggregate_model_remove_cluster  (BnAggregateModel *self,
                                                      BnCluster        *cluster);
gboolean          bn_aggregate_model_has_cluster     (BnAggregateModel *self,
                                                      BnCluster        *cluster);
BnCluster        *bn_aggregate_model_get_cluster     (BnAggregateModel *self,
                                                      guint             position);
BnCluster        *bn_object_get_cluster              (BnObject         *object);

G_END_DECLS
