/* bn-cluster-row.h: one cluster in the sidebar
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bn-cluster.h"
#include "bn-cluster-entry.h"
#include "bn-cluster-preferences.h"

G_BEGIN_DECLS

/**
 * BnClusterRowState:
 * @BN_CLUSTER_ROW_NOT_CONNECTED: no session yet
 * @BN_CLUSTER_ROW_CONNECTING: waiting for the server's first answer
 * @BN_CLUSTER_ROW_READY: the server answered
 * @BN_CLUSTER_ROW_NEEDS_SIGN_IN: the server refused the credentials (401)
 * @BN_CLUSTER_ROW_ERROR: the cluster cannot be used: its kubeconfig entry is broken or the
 *   server cannot be reached
 * @BN_CLUSTER_ROW_RECONNECTING: the server answered, then went away; watches try again
 *
 * What a row says about its cluster, from #BnCluster:status and the kubeconfig's problems.
 */
typedef enum
{
  BN_CLUSTER_ROW_NOT_CONNECTED,
  BN_CLUSTER_ROW_CONNECTING,
  BN_CLUSTER_ROW_READY,
  BN_CLUSTER_ROW_NEEDS_SIGN_IN,
  BN_CLUSTER_ROW_ERROR,
  BN_CLUSTER_ROW_RECONNECTING,
} BnClusterRowState;

#define BN_TYPE_CLUSTER_ROW (bn_cluster_row_get_type ())

G_DECLARE_FINAL_TYPE (BnClusterRow, bn_cluster_row, BN, CLUSTER_ROW, GtkListBoxRow)

BnClusterRow      *bn_cluster_row_new               (BnCluster            *cluster,
                                                     BnClusterEntry       *entry,
                                                     BnClusterPreferences *preferences);
BnCluster         *bn_cluster_row_get_cluster       (BnClusterRow         *self);
BnClusterEntry    *bn_cluster_row_get_entry         (BnClusterRow         *self);
BnClusterRowState  bn_cluster_row_get_state         (BnClusterRow         *self);
const char        *bn_cluster_row_get_detail        (BnClusterRow         *self);
gboolean           bn_cluster_row_get_needs_sign_in (BnClusterRow         *self);
void               bn_cluster_row_set_needs_sign_in (BnClusterRow         *self,
                                                     gboolean              needs_sign_in);
void               bn_cluster_row_set_connection_lost (BnClusterRow       *self,
                                                       gboolean            connection_lost);
void               bn_cluster_row_toggle_lock       (BnClusterRow         *self);

G_END_DECLS
