/* bn-sim-rbac.h
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bn-sim-store.h"

G_BEGIN_DECLS

typedef struct
{
  char  *name;
  char  *uid;
  char  *token;
  GStrv  groups;     /* includes system:authenticated */
} BnSimUser;

typedef struct
{
  const char *verb;
  const char *group;
  const char *resource;
  const char *subresource;  /* "" when none */
  const char *namespace;    /* "" at the cluster scope */
  const char *name;         /* "" when none */
  const char *path;         /* non-resource requests only */
} BnSimAttributes;

BnSimUser *bn_sim_user_new             (const char  *name,
                                        const char  *token,
                                        const char  *const *groups);
void       bn_sim_user_free            (BnSimUser   *user);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnSimUser, bn_sim_user_free)

#define BN_SIM_TYPE_RBAC (bn_sim_rbac_get_type ())

G_DECLARE_FINAL_TYPE (BnSimRbac, bn_sim_rbac, BN_SIM, RBAC, GObject)

BnSimRbac *bn_sim_rbac_new               (BnSimStore            *store);
void       bn_sim_rbac_seed              (BnSimStore            *store);
gboolean   bn_sim_rbac_authorize         (BnSimRbac             *self,
                                          const BnSimUser       *user,
                                          const BnSimAttributes *attributes,
                                          char                 **reason);
char      *bn_sim_rbac_forbidden_message (const BnSimUser       *user,
                                          const BnSimAttributes *attributes);
void       bn_sim_rbac_append_rules      (BnSimRbac             *self,
                                          const BnSimUser       *user,
                                          const char            *namespace,
                                          JsonBuilder           *resource_rules,
                                          JsonBuilder           *non_resource_rules);

G_END_DECLS
