/* bn-cluster.h: one cluster, its session and the caches open on it
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bn-access-review.h"
#include "bn-api-client.h"
#include "bn-auth-info.h"
#include "bn-discovery.h"
#include "bn-watch-cache.h"

G_BEGIN_DECLS

/**
 * BnClusterStatus:
 * @BN_CLUSTER_DISCONNECTED: no session
 * @BN_CLUSTER_CONNECTING: the session exists and the server has not answered yet
 * @BN_CLUSTER_CONNECTED: the server answered `/version`
 * @BN_CLUSTER_FAILED: the server could not be reached or refused us; see bn_cluster_get_error()
 *
 * Where a cluster's connection stands.
 */
typedef enum
{
  BN_CLUSTER_DISCONNECTED,
  BN_CLUSTER_CONNECTING,
  BN_CLUSTER_CONNECTED,
  BN_CLUSTER_FAILED,
} BnClusterStatus;

#define BN_TYPE_CLUSTER_STATUS (bn_cluster_status_get_type ())
#define BN_TYPE_CLUSTER (bn_cluster_get_type ())

G_DECLARE_FINAL_TYPE (BnCluster, bn_cluster, BN, CLUSTER, GObject)

GType            bn_cluster_status_get_type     (void) G_GNUC_CONST;
BnCluster       *bn_cluster_new                 (const char        *id,
                                                 const char        *name,
                                                 BnClusterInfo     *cluster_info,
                                                 BnAuthInfo        *auth_info,
                                                 const char        *namespace_);
const char      *bn_cluster_get_id              (BnCluster         *self);
const char      *bn_cluster_get_name            (BnCluster         *self);
const char      *bn_cluster_get_namespace       (BnCluster         *self);
const char      *bn_cluster_get_server          (BnCluster         *self);
BnClusterInfo   *bn_cluster_get_cluster_info    (BnCluster         *self);
BnAuthInfo      *bn_cluster_get_auth_info       (BnCluster         *self);
gboolean         bn_cluster_get_locked          (BnCluster         *self);
void             bn_cluster_set_locked          (BnCluster         *self,
                                                 gboolean           locked);
BnClusterStatus  bn_cluster_get_status          (BnCluster         *self);
const GError    *bn_cluster_get_error           (BnCluster         *self);
const char      *bn_cluster_get_server_version  (BnCluster         *self);
BnApiClient     *bn_cluster_get_client          (BnCluster         *self);
BnDiscovery     *bn_cluster_get_discovery       (BnCluster         *self);
BnAccessReview  *bn_cluster_get_access_review   (BnCluster         *self);
void             bn_cluster_connect             (BnCluster         *self);
void             bn_cluster_disconnect          (BnCluster         *self);
BnWatchCache    *bn_cluster_watch               (BnCluster         *self,
                                                 BnResourceType    *type,
                                                 const char        *namespace_,
                                                 const char        *label_selector);
void             bn_cluster_unwatch             (BnCluster         *self,
                                                 BnWatchCache      *cache);
void             bn_cluster_set_grace_period    (BnCluster         *self,
                                                 guint              milliseconds);
guint            bn_cluster_get_n_caches        (BnCluster         *self);

G_END_DECLS
