/* bn-resource-list.h: the names of one kind of object, until the full resource page is there
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bn-cluster.h"

G_BEGIN_DECLS

#define BN_TYPE_RESOURCE_LIST (bn_resource_list_get_type ())

G_DECLARE_FINAL_TYPE (BnResourceList, bn_resource_list, BN, RESOURCE_LIST, AdwBin)

GtkWidget    *bn_resource_list_new       (BnCluster      *cluster,
                                          BnResourceType *type,
                                          const char     *namespace_);
BnWatchCache *bn_resource_list_get_cache (BnResourceList *self);

G_END_DECLS
