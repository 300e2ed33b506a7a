/* bn-test-sim.h: binnacle-sim in a widget test
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bn-cluster.h"

G_BEGIN_DECLS

typedef struct _BnTestSim BnTestSim;

BnTestSim *bn_test_sim_start       (const char  *scenario);
void       bn_test_sim_stop        (BnTestSim   *sim);
BnCluster *bn_test_sim_new_cluster (BnTestSim   *sim,
                                    const char  *user,
                                    const char  *id);
BnCluster *bn_test_sim_new_cluster_in_namespace (BnTestSim  *sim,
                                                 const char *user,
                                                 const char *id,
                                                 const char *namespace_);
char      *bn_test_sim_request     (BnTestSim   *sim,
                                    const char  *method,
                                    const char  *path,
                                    const char  *user,
                                    const char  *body,
                                    guint       *status);
guint      bn_test_sim_count       (BnTestSim   *sim,
                                    const char  *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnTestSim, bn_test_sim_stop)

G_END_DECLS
