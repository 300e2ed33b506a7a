/* bn-sign-in-dialog.h: add a cluster by hand, or sign in again, with a bearer token
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bn-cluster.h"

G_BEGIN_DECLS

#define BN_TYPE_SIGN_IN_DIALOG (bn_sign_in_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BnSignInDialog, bn_sign_in_dialog, BN, SIGN_IN_DIALOG, AdwWindow)

BnSignInDialog *bn_sign_in_dialog_new                (void);
BnSignInDialog *bn_sign_in_dialog_new_for_cluster    (BnCluster       *cluster,
                                                      const char      *reason);
BnCluster      *bn_sign_in_dialog_get_cluster        (BnSignInDialog  *self);
const char     *bn_sign_in_dialog_get_name           (BnSignInDialog  *self);
const char     *bn_sign_in_dialog_get_server         (BnSignInDialog  *self);
const char     *bn_sign_in_dialog_get_token          (BnSignInDialog  *self);
gboolean        bn_sign_in_dialog_get_remember       (BnSignInDialog  *self);
const char     *bn_sign_in_dialog_get_user_name      (BnSignInDialog  *self);
const char     *bn_sign_in_dialog_get_reason         (BnSignInDialog  *self);
gboolean        bn_sign_in_dialog_get_verified       (BnSignInDialog  *self);
BnClusterInfo  *bn_sign_in_dialog_dup_cluster_info   (BnSignInDialog  *self);
void            bn_sign_in_dialog_set_server         (BnSignInDialog  *self,
                                                      const char      *server);
void            bn_sign_in_dialog_set_certificate_authority (BnSignInDialog *self,
                                                             const char     *path);
void            bn_sign_in_dialog_set_token          (BnSignInDialog  *self,
                                                      const char      *token);
void            bn_sign_in_dialog_set_can_remember   (BnSignInDialog  *self,
                                                      gboolean         can_remember);
void            bn_sign_in_dialog_verify             (BnSignInDialog  *self);
char           *bn_sign_in_dialog_dup_token_expiry   (const char      *token);

G_END_DECLS
