/* bn-kind-catalog.h: the built-in kinds, in the categories the navigation shows
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bn-resource-type.h"

G_BEGIN_DECLS

/**
 * BnKindCategory:
 * @BN_KIND_CATEGORY_WORKLOADS: pods and what runs them
 * @BN_KIND_CATEGORY_NETWORK: services, ingresses, network policies
 * @BN_KIND_CATEGORY_CONFIG: config maps, secrets, quotas, autoscalers, webhooks
 * @BN_KIND_CATEGORY_STORAGE: volumes, claims, storage classes
 * @BN_KIND_CATEGORY_ACCESS: service accounts, roles and their bindings
 * @BN_KIND_CATEGORY_CLUSTER: nodes, namespaces, events, definitions
 *
 * The groups of kinds in a cluster's navigation, after Headlamp's. Custom resources follow
 * them, grouped by API group.
 */
typedef enum
{
  BN_KIND_CATEGORY_WORKLOADS,
  BN_KIND_CATEGORY_NETWORK,
  BN_KIND_CATEGORY_CONFIG,
  BN_KIND_CATEGORY_STORAGE,
  BN_KIND_CATEGORY_ACCESS,
  BN_KIND_CATEGORY_CLUSTER,
  BN_KIND_CATEGORY_N,
} BnKindCategory;

const char     *bn_kind_category_get_title  (BnKindCategory  category);
guint           bn_kind_catalog_get_n_kinds (void);
BnKindCategory  bn_kind_catalog_get_category (guint          position);
const char     *bn_kind_catalog_get_title   (guint           position);
BnResourceType *bn_kind_catalog_new_type    (guint           position);
int             bn_kind_catalog_find        (const char     *plural,
                                             const char     *group);

G_END_DECLS
