/* bn-sim-server.h
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "bn-sim-rbac.h"
#include "bn-sim-store.h"
#include "bn-sim-tls.h"

G_BEGIN_DECLS

#define BN_SIM_TYPE_SERVER (bn_sim_server_get_type ())

G_DECLARE_FINAL_TYPE (BnSimServer, bn_sim_server, BN_SIM, SERVER, GObject)

BnSimServer *bn_sim_server_new              (BnSimStore        *store);
BnSimStore  *bn_sim_server_get_store        (BnSimServer       *self);
void         bn_sim_server_add_user         (BnSimServer       *self,
                                             BnSimUser         *user);
const GPtrArray *bn_sim_server_get_users    (BnSimServer       *self);
void         bn_sim_server_set_bookmark_interval (BnSimServer  *self,
                                                  guint         seconds);
void         bn_sim_server_set_watch_timeout (BnSimServer      *self,
                                              guint             seconds);
void         bn_sim_server_set_watch_list    (BnSimServer      *self,
                                              gboolean          enabled);
void         bn_sim_server_set_request_log_file (BnSimServer   *self,
                                                 const char    *path);
void         bn_sim_server_set_client_certificate_context (BnSimServer *self,
                                                           const char  *name);
gboolean     bn_sim_server_listen           (BnSimServer       *self,
                                             const char        *address,
                                             BnSimTlsMaterial  *tls,
                                             GError           **error);
gboolean     bn_sim_server_listen_control   (BnSimServer       *self,
                                             const char        *address,
                                             GError           **error);
char        *bn_sim_server_dup_url          (BnSimServer       *self);
char        *bn_sim_server_dup_control_url  (BnSimServer       *self);
gboolean     bn_sim_server_write_kubeconfig (BnSimServer       *self,
                                             const char        *path,
                                             const char        *ca_pem,
                                             GError           **error);

G_END_DECLS
