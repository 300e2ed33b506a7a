/* bn-cluster-view.h: one cluster: its overview, its kinds and the page of the kind picked
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bn-cluster.h"

G_BEGIN_DECLS

/**
 * BnKindAccess:
 * @BN_KIND_ACCESS_UNKNOWN: not asked yet, or the server did not say
 * @BN_KIND_ACCESS_ALL: the token may list the kind in every namespace
 * @BN_KIND_ACCESS_NAMESPACE: only in the context's namespace
 * @BN_KIND_ACCESS_NONE: the token may not list the kind
 *
 * What a SelfSubjectAccessReview said about listing a kind.
 */
typedef enum
{
  BN_KIND_ACCESS_UNKNOWN,
  BN_KIND_ACCESS_ALL,
  BN_KIND_ACCESS_NAMESPACE,
  BN_KIND_ACCESS_NONE,
} BnKindAccess;

#define BN_TYPE_CLUSTER_VIEW (bn_cluster_view_get_type ())

G_DECLARE_FINAL_TYPE (BnClusterView, bn_cluster_view, BN, CLUSTER_VIEW, AdwBin)

GtkWidget    *bn_cluster_view_new                  (BnCluster      *cluster);
BnCluster    *bn_cluster_view_get_cluster          (BnClusterView  *self);
GtkWidget    *bn_cluster_view_get_overview         (BnClusterView  *self);
GtkWidget    *bn_cluster_view_get_visible_page     (BnClusterView  *self);
void          bn_cluster_view_show_overview        (BnClusterView  *self);
gboolean      bn_cluster_view_show_kind            (BnClusterView  *self,
                                                    const char     *plural);
gboolean      bn_cluster_view_has_kind             (BnClusterView  *self,
                                                    const char     *plural);
BnKindAccess  bn_cluster_view_get_kind_access      (BnClusterView  *self,
                                                    const char     *plural);
gboolean      bn_cluster_view_is_checking_access   (BnClusterView  *self);
void          bn_cluster_view_refresh              (BnClusterView  *self);
void          bn_cluster_view_start_kind_search    (BnClusterView  *self);
gboolean      bn_cluster_view_get_folded           (BnClusterView  *self);
gboolean      bn_cluster_view_navigate_back        (BnClusterView  *self);
gboolean      bn_cluster_view_focus_filter         (BnClusterView  *self);
GtkWidget    *bn_cluster_view_create_resource_page (BnCluster      *cluster,
                                                    BnResourceType *type);

G_END_DECLS
