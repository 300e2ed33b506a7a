/* bn-cluster-sidebar.h: every cluster, grouped by where it comes from
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bn-cluster.h"
#include "bn-cluster-entry.h"
#include "bn-cluster-preferences.h"
#include "bn-cluster-row.h"

G_BEGIN_DECLS

#define BN_TYPE_CLUSTER_SIDEBAR (bn_cluster_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (BnClusterSidebar, bn_cluster_sidebar, BN, CLUSTER_SIDEBAR, AdwBin)

GtkWidget    *bn_cluster_sidebar_new                (void);
void          bn_cluster_sidebar_set_model          (BnClusterSidebar     *self,
                                                     GListModel           *clusters);
void          bn_cluster_sidebar_set_preferences    (BnClusterSidebar     *self,
                                                     BnClusterPreferences *preferences);
void          bn_cluster_sidebar_add_entry          (BnClusterSidebar     *self,
                                                     BnClusterEntry       *entry,
                                                     const char           *group_title);
void          bn_cluster_sidebar_remove_entry       (BnClusterSidebar     *self,
                                                     const char           *id);
void          bn_cluster_sidebar_set_note           (BnClusterSidebar     *self,
                                                     const char           *note);
const char   *bn_cluster_sidebar_get_note           (BnClusterSidebar     *self);
BnCluster    *bn_cluster_sidebar_get_selected       (BnClusterSidebar     *self);
void          bn_cluster_sidebar_select             (BnClusterSidebar     *self,
                                                     BnCluster            *cluster);
void          bn_cluster_sidebar_select_all_clusters (BnClusterSidebar   *self);
gboolean      bn_cluster_sidebar_select_nth         (BnClusterSidebar     *self,
                                                     guint                 position);
BnClusterRow *bn_cluster_sidebar_lookup_row         (BnClusterSidebar     *self,
                                                     BnCluster            *cluster);
guint         bn_cluster_sidebar_get_n_visible      (BnClusterSidebar     *self);
void          bn_cluster_sidebar_set_needs_sign_in  (BnClusterSidebar     *self,
                                                     BnCluster            *cluster,
                                                     gboolean              needs_sign_in);
void          bn_cluster_sidebar_set_connection_lost (BnClusterSidebar   *self,
                                                      BnCluster          *cluster,
                                                      gboolean            connection_lost);
void          bn_cluster_sidebar_start_search       (BnClusterSidebar     *self);

G_END_DECLS
