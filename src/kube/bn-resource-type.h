/* bn-resource-type.h: one kind of object a cluster serves, as discovery describes it
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BN_TYPE_RESOURCE_TYPE (bn_resource_type_get_type ())

G_DECLARE_FINAL_TYPE (BnResourceType, bn_resource_type, BN, RESOURCE_TYPE, GObject)

BnResourceType     *bn_resource_type_new                (const char          *group,
                                                         const char          *version,
                                                         const char          *kind,
                                                         const char          *plural,
                                                         const char          *singular,
                                                         gboolean             namespaced,
                                                         const char * const  *verbs,
                                                         const char * const  *short_names,
                                                         const char * const  *categories,
                                                         const char * const  *subresources);
BnResourceType     *bn_resource_type_new_builtin        (const char          *name);
const char         *bn_resource_type_get_group          (BnResourceType      *self);
const char         *bn_resource_type_get_version        (BnResourceType      *self);
char               *bn_resource_type_dup_api_version    (BnResourceType      *self);
const char         *bn_resource_type_get_kind           (BnResourceType      *self);
const char         *bn_resource_type_get_plural         (BnResourceType      *self);
const char         *bn_resource_type_get_singular       (BnResourceType      *self);
gboolean            bn_resource_type_get_namespaced     (BnResourceType      *self);
const char * const *bn_resource_type_get_verbs          (BnResourceType      *self);
const char * const *bn_resource_type_get_short_names    (BnResourceType      *self);
const char * const *bn_resource_type_get_categories     (BnResourceType      *self);
const char * const *bn_resource_type_get_subresources   (BnResourceType      *self);
gboolean            bn_resource_type_has_verb           (BnResourceType      *self,
                                                         const char          *verb);
gboolean            bn_resource_type_matches            (BnResourceType      *self,
                                                         const char          *name);
char               *bn_resource_type_dup_path           (BnResourceType      *self,
                                                         const char          *namespace_);

G_END_DECLS
