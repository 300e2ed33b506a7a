/* bn-credentials.h: the credentials one cluster's requests carry
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "bn-auth-info.h"

G_BEGIN_DECLS

#define BN_TYPE_CREDENTIALS (bn_credentials_get_type ())

G_DECLARE_FINAL_TYPE (BnCredentials, bn_credentials, BN, CREDENTIALS, GObject)

BnCredentials   *bn_credentials_new                    (BnClusterInfo        *cluster,
                                                        BnAuthInfo           *auth);
BnCredentials   *bn_credentials_new_from_keyring       (BnClusterInfo        *cluster,
                                                        BnAuthInfo           *auth);
BnClusterInfo   *bn_credentials_get_cluster_info       (BnCredentials        *self);
BnAuthInfo      *bn_credentials_get_auth_info          (BnCredentials        *self);
char            *bn_credentials_dup_auth_kind          (BnCredentials        *self);
gboolean         bn_credentials_check                  (BnCredentials        *self,
                                                        GError              **error);
void             bn_credentials_apply_async            (BnCredentials        *self,
                                                        SoupMessage          *msg,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean         bn_credentials_apply_finish           (BnCredentials        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
GTlsCertificate *bn_credentials_dup_client_certificate (BnCredentials        *self,
                                                        GError              **error);
char            *bn_credentials_dup_bearer_token       (BnCredentials        *self);
gboolean         bn_credentials_invalidate             (BnCredentials        *self,
                                                        SoupMessage          *rejected);

G_END_DECLS
