/* bn-keyring.h: bearer tokens of hand-added clusters, in the Secret Service
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define BN_TYPE_KEYRING (bn_keyring_get_type ())

G_DECLARE_FINAL_TYPE (BnKeyring, bn_keyring, BN, KEYRING, GObject)

const SecretSchema *bn_keyring_get_schema     (void);
BnKeyring          *bn_keyring_new            (void);
void                bn_keyring_store_async    (BnKeyring            *self,
                                               const char           *cluster_id,
                                               const char           *server,
                                               const char           *token,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean            bn_keyring_store_finish   (BnKeyring            *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void                bn_keyring_lookup_async   (BnKeyring            *self,
                                               const char           *cluster_id,
                                               const char           *server,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
char               *bn_keyring_lookup_finish  (BnKeyring            *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void                bn_keyring_replace_async  (BnKeyring            *self,
                                               const char           *cluster_id,
                                               const char           *server,
                                               const char           *token,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean            bn_keyring_replace_finish (BnKeyring            *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void                bn_keyring_delete_async   (BnKeyring            *self,
                                               const char           *cluster_id,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean            bn_keyring_delete_finish  (BnKeyring            *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void                bn_keyring_shutdown       (void);

G_END_DECLS
