/* bn-sim-scenario.h
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bn-sim-store.h"

G_BEGIN_DECLS

typedef struct _BnSimChurn BnSimChurn;

gboolean    bn_sim_scenario_load        (BnSimStore  *store,
                                         const char  *spec,
                                         guint       *churn_rate,
                                         GError     **error);
JsonObject *bn_sim_scenario_make_pod    (const char  *namespace,
                                         const char  *app,
                                         const char  *name,
                                         const char  *node,
                                         const char  *phase,
                                         gint64       restarts,
                                         const char  *waiting_reason,
                                         gint64       age_seconds);
guint       bn_sim_scenario_start_life  (BnSimStore  *store);
BnSimChurn *bn_sim_churn_new            (BnSimStore  *store,
                                         guint        events_per_second);
void        bn_sim_churn_set_rate       (BnSimChurn  *self,
                                         guint        events_per_second);
guint       bn_sim_churn_get_rate       (BnSimChurn  *self);
void        bn_sim_churn_free           (BnSimChurn  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnSimChurn, bn_sim_churn_free)

G_END_DECLS
