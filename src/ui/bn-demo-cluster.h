/* bn-demo-cluster.h: binnacle-sim running the demo scenario, for as long as the app runs
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BN_TYPE_DEMO_CLUSTER (bn_demo_cluster_get_type ())

G_DECLARE_FINAL_TYPE (BnDemoCluster, bn_demo_cluster, BN, DEMO_CLUSTER, GObject)

BnDemoCluster *bn_demo_cluster_new                 (void);
char          *bn_demo_cluster_find_simulator      (void);
void           bn_demo_cluster_start_async         (BnDemoCluster        *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
char          *bn_demo_cluster_start_finish        (BnDemoCluster        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
gboolean       bn_demo_cluster_is_running          (BnDemoCluster        *self);
const char    *bn_demo_cluster_get_server          (BnDemoCluster        *self);
void           bn_demo_cluster_stop                (BnDemoCluster        *self);

G_END_DECLS
