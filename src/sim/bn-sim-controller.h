/* bn-sim-controller.h
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bn-sim-store.h"

G_BEGIN_DECLS

#define BN_SIM_TYPE_CONTROLLER (bn_sim_controller_get_type ())

G_DECLARE_FINAL_TYPE (BnSimController, bn_sim_controller, BN_SIM, CONTROLLER, GObject)

BnSimController *bn_sim_controller_new            (BnSimStore      *store);
void             bn_sim_controller_set_roll_every (BnSimController *self,
                                                   guint            seconds);
gboolean         bn_sim_controller_roll_next      (BnSimController *self);
void             bn_sim_controller_set_pod_delays (BnSimController *self,
                                                   guint            scheduled_ms,
                                                   guint            started_ms);

G_END_DECLS
