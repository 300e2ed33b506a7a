/* bn-object-snapshot.h: one immutable version of one Kubernetes object
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * BnObjectKind:
 * @BN_OBJECT_KIND_GENERIC: any kind: metadata only
 * @BN_OBJECT_KIND_POD: core/v1 Pod
 * @BN_OBJECT_KIND_NODE: core/v1 Node
 * @BN_OBJECT_KIND_DEPLOYMENT: apps/v1 Deployment
 *
 * Which summary fields a snapshot carries besides the metadata.
 */
typedef enum
{
  BN_OBJECT_KIND_GENERIC,
  BN_OBJECT_KIND_POD,
  BN_OBJECT_KIND_NODE,
  BN_OBJECT_KIND_DEPLOYMENT,
} BnObjectKind;

/**
 * BnNodeReady:
 * @BN_NODE_READY_UNKNOWN: no `Ready` condition, or its status is `Unknown`
 * @BN_NODE_READY_TRUE: `Ready` is `True`
 * @BN_NODE_READY_FALSE: `Ready` is `False`
 *
 * The `Ready` condition of a node.
 */
typedef enum
{
  BN_NODE_READY_UNKNOWN,
  BN_NODE_READY_TRUE,
  BN_NODE_READY_FALSE,
} BnNodeReady;

#define BN_TYPE_OBJECT_SNAPSHOT (bn_object_snapshot_get_type ())

/**
 * BnObjectSnapshot:
 *
 * An immutable, atomically reference-counted summary of one object at one resourceVersion,
 * with the object's JSON minus `metadata.managedFields`. Safe to pass between threads.
 * Strings are borrowed from the snapshot and live as long as it does.
 */
typedef struct _BnObjectSnapshot BnObjectSnapshot;

GType             bn_object_snapshot_get_type                    (void) G_GNUC_CONST;
BnObjectKind      bn_object_kind_from_name                       (const char        *kind,
                                                                  const char        *api_version);

BnObjectSnapshot *bn_object_snapshot_ref                         (BnObjectSnapshot  *self);
void              bn_object_snapshot_unref                       (BnObjectSnapshot  *self);

/* Metadata, for every kind */
BnObjectKind      bn_object_snapshot_get_kind                    (const BnObjectSnapshot *self);
const char       *bn_object_snapshot_get_uid                     (const BnObjectSnapshot *self);
const char       *bn_object_snapshot_get_namespace               (const BnObjectSnapshot *self);
const char       *bn_object_snapshot_get_name                    (const BnObjectSnapshot *self);
const char       *bn_object_snapshot_get_resource_version        (const BnObjectSnapshot *self);
gint64            bn_object_snapshot_get_creation_time           (const BnObjectSnapshot *self);
gboolean          bn_object_snapshot_is_deleting                 (const BnObjectSnapshot *self);
gint64            bn_object_snapshot_get_deletion_time           (const BnObjectSnapshot *self);

guint             bn_object_snapshot_get_n_labels                (const BnObjectSnapshot *self);
void              bn_object_snapshot_get_label                   (const BnObjectSnapshot *self,
                                                                  guint              position,
                                                                  const char       **key,
                                                                  const char       **value);
const char       *bn_object_snapshot_lookup_label                (const BnObjectSnapshot *self,
                                                                  const char        *key);

guint             bn_object_snapshot_get_n_owner_references      (const BnObjectSnapshot *self);
void              bn_object_snapshot_get_owner_reference         (const BnObjectSnapshot *self,
                                                                  guint              position,
                                                                  const char       **kind,
                                                                  const char       **name,
                                                                  const char       **uid,
                                                                  gboolean          *controller);
const char       *bn_object_snapshot_get_controller_uid          (const BnObjectSnapshot *self);

GBytes           *bn_object_snapshot_ref_json                    (BnObjectSnapshot  *self);
gsize             bn_object_snapshot_get_json_size               (const BnObjectSnapshot *self);
gsize             bn_object_snapshot_get_memory_size             (const BnObjectSnapshot *self);

/* Cached copies: the JSON compressed, everything else as it was */
BnObjectSnapshot *bn_object_snapshot_compact                     (BnObjectSnapshot  *self);
gboolean          bn_object_snapshot_is_compact                  (const BnObjectSnapshot *self);

/* The text a list shows in its STATUS column: pods as kubectl prints them, nodes
 * Ready/NotReady/Unknown; %NULL for other kinds. */
const char       *bn_object_snapshot_get_status                  (const BnObjectSnapshot *self);

/* Pods (zero or %NULL for other kinds) */
const char       *bn_object_snapshot_get_pod_phase               (const BnObjectSnapshot *self);
guint             bn_object_snapshot_get_pod_ready_containers    (const BnObjectSnapshot *self);
guint             bn_object_snapshot_get_pod_total_containers    (const BnObjectSnapshot *self);
guint             bn_object_snapshot_get_pod_restarts            (const BnObjectSnapshot *self);
gint64            bn_object_snapshot_get_pod_last_restart_time   (const BnObjectSnapshot *self);
const char       *bn_object_snapshot_get_pod_node_name           (const BnObjectSnapshot *self);
const char       *bn_object_snapshot_get_pod_ip                  (const BnObjectSnapshot *self);
const char       *bn_object_snapshot_get_pod_nominated_node_name (const BnObjectSnapshot *self);
guint             bn_object_snapshot_get_pod_readiness_gates     (const BnObjectSnapshot *self,
                                                                  guint             *n_true);

/* Nodes */
BnNodeReady       bn_object_snapshot_get_node_ready              (const BnObjectSnapshot *self);
gboolean          bn_object_snapshot_get_node_unschedulable      (const BnObjectSnapshot *self);
const char       *bn_object_snapshot_get_node_roles              (const BnObjectSnapshot *self);
const char       *bn_object_snapshot_get_node_version            (const BnObjectSnapshot *self);
const char       *bn_object_snapshot_get_node_internal_ip        (const BnObjectSnapshot *self);

/* Deployments */
guint             bn_object_snapshot_get_deployment_replicas     (const BnObjectSnapshot *self);
guint             bn_object_snapshot_get_deployment_ready        (const BnObjectSnapshot *self);
guint             bn_object_snapshot_get_deployment_updated      (const BnObjectSnapshot *self);
guint             bn_object_snapshot_get_deployment_available    (const BnObjectSnapshot *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnObjectSnapshot, bn_object_snapshot_unref)

G_END_DECLS
