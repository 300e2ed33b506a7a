/* bn-api-client.h: one cluster's HTTP session, its worker thread and its read-only guard
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bn-auth-info.h"
#include "bn-credentials.h"

G_BEGIN_DECLS

#define BN_TYPE_API_CLIENT (bn_api_client_get_type ())

G_DECLARE_FINAL_TYPE (BnApiClient, bn_api_client, BN, API_CLIENT, GObject)

BnApiClient   *bn_api_client_new                (BnClusterInfo        *cluster,
                                                 BnAuthInfo           *auth,
                                                 GError              **error);
BnApiClient   *bn_api_client_new_with_credentials (BnClusterInfo      *cluster,
                                                 BnCredentials        *credentials,
                                                 GError              **error);
BnClusterInfo *bn_api_client_get_cluster_info   (BnApiClient          *self);
BnCredentials *bn_api_client_get_credentials    (BnApiClient          *self);
const char    *bn_api_client_get_server         (BnApiClient          *self);
gboolean       bn_api_client_get_locked         (BnApiClient          *self);
void           bn_api_client_set_locked         (BnApiClient          *self,
                                                 gboolean              locked);
gboolean       bn_api_client_allows             (BnApiClient          *self,
                                                 const char           *method,
                                                 const char           *path);
void           bn_api_client_request_async      (BnApiClient          *self,
                                                 const char           *method,
                                                 const char           *path,
                                                 GBytes               *body,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
void           bn_api_client_get_async          (BnApiClient          *self,
                                                 const char           *path,
                                                 const char           *accept,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GBytes        *bn_api_client_request_finish     (BnApiClient          *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
void           bn_api_client_shutdown           (BnApiClient          *self);
guint          bn_api_client_get_requests_sent  (BnApiClient          *self);

G_END_DECLS
