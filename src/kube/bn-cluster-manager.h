/* bn-cluster-manager.h: every cluster Binnacle knows, and the views across them
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bn-aggregate-model.h"
#include "bn-cluster.h"

G_BEGIN_DECLS

#define BN_TYPE_CLUSTER_MANAGER (bn_cluster_manager_get_type ())

G_DECLARE_FINAL_TYPE (BnClusterManager, bn_cluster_manager, BN, CLUSTER_MANAGER, GObject)

BnClusterManager *bn_cluster_manager_new             (void);
void              bn_cluster_manager_add             (BnClusterManager *self,
                                                      BnCluster        *cluster);
void              bn_cluster_manager_remove          (BnClusterManager *self,
                                                      BnCluster        *cluster);
BnCluster        *bn_cluster_manager_lookup          (BnClusterManager *self,
                                                      const char       *id);
GListModel       *bn_cluster_manager_get_all_pods    (BnClusterManager *self);
void              bn_cluster_manager_disconnect_all  (BnClusterManager *self);

G_END_DECLS
