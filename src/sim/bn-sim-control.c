/* bn-sim-control.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-sim-server-private.h"

void
bn_sim_control_register (BnSimServer *self)
{
}
