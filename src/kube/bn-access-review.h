/* bn-access-review.h: what the credentials may do, and whose they are
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bn-api-client.h"

G_BEGIN_DECLS

/**
 * BnAccessAnswer:
 * @BN_ACCESS_UNKNOWN: not asked yet
 * @BN_ACCESS_ALLOWED: the server said yes
 * @BN_ACCESS_DENIED: the server said no
 *
 * A cached SelfSubjectAccessReview answer.
 */
typedef enum
{
  BN_ACCESS_UNKNOWN,
  BN_ACCESS_ALLOWED,
  BN_ACCESS_DENIED,
} BnAccessAnswer;

/**
 * BnIdentity:
 * @username: the name the server knows the credentials by
 * @uid: (nullable): its uid
 * @groups: (nullable): its groups
 * @from_token: %TRUE when read from the token's JWT claims because the server has no
 *   SelfSubjectReview
 *
 * Who the credentials are.
 */
typedef struct
{
  char     *username;
  char     *uid;
  char    **groups;
  gboolean  from_token;
} BnIdentity;

#define BN_TYPE_ACCESS_REVIEW (bn_access_review_get_type ())

G_DECLARE_FINAL_TYPE (BnAccessReview, bn_access_review, BN, ACCESS_REVIEW, GObject)

BnAccessReview *bn_access_review_new                    (BnApiClient          *client);
BnAccessAnswer  bn_access_review_lookup                 (BnAccessReview       *self,
                                                         const char           *verb,
                                                         const char           *group,
                                                         const char           *resource,
                                                         const char           *namespace_);
void            bn_access_review_can_i_async            (BnAccessReview       *self,
                                                         const char           *verb,
                                                         const char           *group,
                                                         const char           *resource,
                                                         const char           *namespace_,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean        bn_access_review_can_i_finish           (BnAccessReview       *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void            bn_access_review_listable_namespaces_async  (BnAccessReview       *self,
                                                             const char           *group,
                                                             const char           *resource,
                                                             const char * const   *candidates,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
GStrv           bn_access_review_listable_namespaces_finish (BnAccessReview       *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void            bn_access_review_who_am_i_async         (BnAccessReview       *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
BnIdentity     *bn_access_review_who_am_i_finish        (BnAccessReview       *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void            bn_access_review_forget                 (BnAccessReview       *self);
void            bn_identity_free                        (BnIdentity           *identity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnIdentity, bn_identity_free)

G_END_DECLS
