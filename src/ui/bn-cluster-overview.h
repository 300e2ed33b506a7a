/* bn-cluster-overview.h: a cluster at a glance
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bn-cluster.h"

G_BEGIN_DECLS

#define BN_TYPE_CLUSTER_OVERVIEW (bn_cluster_overview_get_type ())

G_DECLARE_FINAL_TYPE (BnClusterOverview, bn_cluster_overview, BN, CLUSTER_OVERVIEW, AdwBin)

GtkWidget  *bn_cluster_overview_new             (BnCluster         *cluster);
BnCluster  *bn_cluster_overview_get_cluster     (BnClusterOverview *self);
int         bn_cluster_overview_get_n_pods      (BnClusterOverview *self);
int         bn_cluster_overview_get_n_namespaces (BnClusterOverview *self);
guint       bn_cluster_overview_get_n_problems  (BnClusterOverview *self);
gboolean    bn_cluster_overview_has_errors      (BnClusterOverview *self);
void        bn_cluster_overview_refresh         (BnClusterOverview *self);
gboolean    bn_cluster_overview_get_connection_lost (BnClusterOverview *self);

G_END_DECLS
