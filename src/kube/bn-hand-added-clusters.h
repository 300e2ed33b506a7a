/* bn-hand-added-clusters.h: clusters added by hand, in GSettings, their tokens in the keyring
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bn-auth-info.h"
#include "bn-keyring.h"

G_BEGIN_DECLS

#define BN_TYPE_HAND_ADDED_CLUSTERS (bn_hand_added_clusters_get_type ())

G_DECLARE_FINAL_TYPE (BnHandAddedClusters, bn_hand_added_clusters, BN, HAND_ADDED_CLUSTERS, GObject)

BnHandAddedClusters *bn_hand_added_clusters_new                 (GSettings            *settings,
                                                                 BnKeyring            *keyring);
GStrv                bn_hand_added_clusters_dup_ids             (BnHandAddedClusters  *self);
BnClusterInfo       *bn_hand_added_clusters_dup_cluster_info    (BnHandAddedClusters  *self,
                                                                 const char           *id);
void                 bn_hand_added_clusters_add_async           (BnHandAddedClusters  *self,
                                                                 BnClusterInfo        *cluster,
                                                                 const char           *token,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
char                *bn_hand_added_clusters_add_finish          (BnHandAddedClusters  *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
void                 bn_hand_added_clusters_update_async        (BnHandAddedClusters  *self,
                                                                 const char           *id,
                                                                 BnClusterInfo        *cluster,
                                                                 const char           *token,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean             bn_hand_added_clusters_update_finish       (BnHandAddedClusters  *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
void                 bn_hand_added_clusters_remove_async        (BnHandAddedClusters  *self,
                                                                 const char           *id,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean             bn_hand_added_clusters_remove_finish       (BnHandAddedClusters  *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
void                 bn_hand_added_clusters_dup_auth_info_async (BnHandAddedClusters  *self,
                                                                 const char           *id,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
BnAuthInfo          *bn_hand_added_clusters_dup_auth_info_finish (BnHandAddedClusters *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);

G_END_DECLS
