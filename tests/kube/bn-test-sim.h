/* bn-test-sim.h: binnacle-sim as a child process of a test
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "bn-api-client.h"

G_BEGIN_DECLS

typedef struct _BnTestSim BnTestSim;

BnTestSim   *bn_test_sim_start           (const char  *scenario,
                                          ...) G_GNUC_NULL_TERMINATED;
void         bn_test_sim_stop            (BnTestSim   *self);
const char  *bn_test_sim_get_kubeconfig  (BnTestSim   *self);
BnApiClient *bn_test_sim_new_client      (BnTestSim   *self,
                                          const char  *context);
JsonNode    *bn_test_sim_control         (BnTestSim   *self,
                                          const char  *method,
                                          const char  *path,
                                          const char  *json_body);
GHashTable  *bn_test_sim_dup_pods        (BnTestSim   *self,
                                          BnApiClient *client);
guint        bn_test_sim_count_requests  (BnTestSim   *self,
                                          const char  *method,
                                          const char  *path_prefix,
                                          const char  *query_part);

G_END_DECLS
