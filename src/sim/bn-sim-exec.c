/* bn-sim-exec.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-sim-server-private.h"

gboolean
bn_sim_exec_precheck (BnSimRequest *request,
                      BnSimObject  *pod)
{
  bn_sim_reply_status (request->msg, 400, "BadRequest", "exec is not available yet", NULL, NULL, NULL);
  return FALSE;
}

static void
websocket_cb (SoupServer              *soup,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
}

void
bn_sim_exec_register (BnSimServer *self)
{
  const char *protocols[] = { "v5.channel.k8s.io", "v4.channel.k8s.io", NULL };

  soup_server_add_websocket_handler (self->soup, NULL, NULL, (char **) protocols, websocket_cb, self, NULL);
}
