/* bn-cluster-entry.h: one cluster as Binnacle lists it, as plain data
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bn-auth-info.h"
#include "bn-kubeconfig.h"

G_BEGIN_DECLS

/**
 * BnAuthKind:
 * @BN_AUTH_KIND_NONE: no credentials: anonymous requests
 * @BN_AUTH_KIND_TOKEN: a bearer token in the kubeconfig
 * @BN_AUTH_KIND_TOKEN_FILE: a bearer token read from a file
 * @BN_AUTH_KIND_BASIC: username and password
 * @BN_AUTH_KIND_CLIENT_CERTIFICATE: a client certificate and key
 * @BN_AUTH_KIND_EXEC: an exec credential plugin
 * @BN_AUTH_KIND_AUTH_PROVIDER: a legacy auth-provider
 * @BN_AUTH_KIND_KEYRING: a token kept in the keyring (hand-added clusters)
 *
 * How a cluster's requests are authenticated. Several may be set at once (a client
 * certificate with a token, for instance).
 */
typedef enum
{
  BN_AUTH_KIND_NONE               = 0,
  BN_AUTH_KIND_TOKEN              = 1 << 0,
  BN_AUTH_KIND_TOKEN_FILE         = 1 << 1,
  BN_AUTH_KIND_BASIC              = 1 << 2,
  BN_AUTH_KIND_CLIENT_CERTIFICATE = 1 << 3,
  BN_AUTH_KIND_EXEC               = 1 << 4,
  BN_AUTH_KIND_AUTH_PROVIDER      = 1 << 5,
  BN_AUTH_KIND_KEYRING            = 1 << 6,
} BnAuthKind;

/**
 * BnClusterEntry:
 * @id: a stable id: the same file and context give the same id on every run
 * @context_name: the context's name (for a hand-added cluster, its name)
 * @cluster_name: (nullable): the kubeconfig cluster the context names
 * @user_name: (nullable): the kubeconfig user the context names
 * @server: (nullable): the API server URL
 * @namespace: the namespace, "default" when none is set
 * @source: the kubeconfig file that defined the context, or "keyring"
 * @from_keyring: %TRUE for a hand-added cluster
 * @auth_kind: how requests are authenticated
 * @auth_detail: (nullable): the exec command or auth-provider name, never a secret
 * @is_current: whether this is the current context
 * @problems: (element-type BnKubeconfigProblem): what is wrong with it, possibly nothing
 * @cluster: (nullable): the cluster's data, %NULL when the context names a missing cluster
 * @user: (nullable): the user's data, %NULL when there is none
 *
 * One cluster as the cluster list and `binnacle --list-clusters` show it.
 */
typedef struct
{
  gatomicrefcount  ref_count;
  char            *id;
  char            *context_name;
  char            *cluster_name;
  char            *user_name;
  char            *server;
  char            *namespace;
  char            *source;
  gboolean         from_keyring;
  BnAuthKind       auth_kind;
  char            *auth_detail;
  gboolean         is_current;
  GPtrArray       *problems;
  BnClusterInfo   *cluster;
  BnAuthInfo      *user;
} BnClusterEntry;

#define BN_TYPE_CLUSTER_ENTRY (bn_cluster_entry_get_type ())

GType           bn_cluster_entry_get_type           (void) G_GNUC_CONST;
BnClusterEntry *bn_cluster_entry_new                (void);
BnClusterEntry *bn_cluster_entry_new_hand_added     (BnClusterInfo  *cluster);
BnClusterEntry *bn_cluster_entry_ref                (BnClusterEntry *self);
void            bn_cluster_entry_unref              (BnClusterEntry *self);
gboolean        bn_cluster_entry_has_errors         (BnClusterEntry *self);
char           *bn_cluster_entry_compute_id         (const char     *source,
                                                     const char     *name);
BnAuthKind      bn_auth_kind_for_user               (BnAuthInfo     *user);
char           *bn_auth_kind_to_string              (BnAuthKind      kind);
GPtrArray      *bn_cluster_entries_from_kubeconfig  (BnKubeconfig   *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnClusterEntry, bn_cluster_entry_unref)

G_END_DECLS
