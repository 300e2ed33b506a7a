/* bn-sim-logs.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-sim-server-private.h"

void
bn_sim_logs_handle (BnSimRequest *request,
                    BnSimObject  *pod)
{
  bn_sim_reply_status (request->msg, 400, "BadRequest", "logs are not available yet", NULL, NULL, NULL);
}
