/* bn-object-snapshot-private.h: how the scanner builds snapshots
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bn-object-snapshot.h"

G_BEGIN_DECLS

/* A string that is not NUL-terminated; data == NULL means absent. */
typedef struct
{
  const char *data;
  gsize       len;
} BnStrView;

typedef struct
{
  BnStrView key;
  BnStrView value;
} BnLabelView;

typedef struct
{
  BnStrView kind;
  BnStrView name;
  BnStrView uid;
  gboolean  controller;
} BnOwnerView;

/* Everything a snapshot is made of, borrowed from the scanner's buffers; the JSON is given
 * as up to four spans that are joined (the object with managedFields cut out). */
typedef struct
{
  BnObjectKind       kind;
  BnStrView          uid;
  BnStrView          namespace_;
  BnStrView          name;
  BnStrView          resource_version;
  gint64             creation_time;
  gboolean           deleting;
  gint64             deletion_time;
  BnLabelView       *labels;           /* sorted in place by the builder */
  guint              n_labels;
  const BnOwnerView *owners;
  guint              n_owners;
  BnStrView          json[4];

  /* Pods and nodes */
  BnStrView          status;
  /* Pods */
  BnStrView          phase;
  BnStrView          node_name;
  BnStrView          pod_ip;
  BnStrView          nominated_node_name;
  guint              ready_containers;
  guint              total_containers;
  guint              restarts;
  gint64             last_restart_time;
  guint              readiness_gates;
  guint              readiness_gates_true;
  /* Nodes */
  BnNodeReady        node_ready;
  gboolean           unschedulable;
  BnStrView          roles;
  BnStrView          version;
  BnStrView          internal_ip;
  /* Deployments */
  guint              replicas;
  guint              ready_replicas;
  guint              updated_replicas;
  guint              available_replicas;
} BnSnapshotFields;

/* Returns NULL (and no snapshot) when two labels share a key. */
BnObjectSnapshot *_bn_object_snapshot_new (BnSnapshotFields *fields);

G_END_DECLS
