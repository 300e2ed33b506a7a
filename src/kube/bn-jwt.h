/* bn-jwt.h: the claims of a bearer token, decoded but not verified
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BN_TYPE_JWT (bn_jwt_get_type ())

G_DECLARE_FINAL_TYPE (BnJwt, bn_jwt, BN, JWT, GObject)

BnJwt              *bn_jwt_new_from_token                 (const char  *token,
                                                           GError     **error);
const char         *bn_jwt_get_subject                    (BnJwt       *self);
const char         *bn_jwt_get_issuer                     (BnJwt       *self);
const char * const *bn_jwt_get_audiences                  (BnJwt       *self);
const char         *bn_jwt_get_service_account_namespace  (BnJwt       *self);
const char         *bn_jwt_get_service_account_name       (BnJwt       *self);
const char         *bn_jwt_get_service_account_uid        (BnJwt       *self);
const char         *bn_jwt_get_pod_name                   (BnJwt       *self);
GDateTime          *bn_jwt_get_expiry                     (BnJwt       *self);
GDateTime          *bn_jwt_get_issued_at                  (BnJwt       *self);
GDateTime          *bn_jwt_get_not_before                 (BnJwt       *self);
char               *bn_jwt_dup_user_name                  (BnJwt       *self);
gboolean            bn_jwt_is_expired                     (BnJwt       *self,
                                                           GDateTime   *now);

G_END_DECLS
