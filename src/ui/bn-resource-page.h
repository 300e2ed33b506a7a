/* bn-resource-page.h: a live, sortable, filterable list of one kind of object
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bn-aggregate-model.h"
#include "bn-cluster.h"
#include "bn-columns.h"
#include "bn-namespace-selector.h"
#include "bn-sorted-model.h"

G_BEGIN_DECLS

#define BN_TYPE_RESOURCE_PAGE (bn_resource_page_get_type ())

G_DECLARE_FINAL_TYPE (BnResourcePage, bn_resource_page, BN, RESOURCE_PAGE, AdwBin)

GtkWidget           *bn_resource_page_new                (BnCluster        *cluster,
                                                          BnResourceType   *type);
GtkWidget           *bn_resource_page_new_with_columns   (BnCluster        *cluster,
                                                          BnResourceType   *type,
                                                          BnColumns        *columns);
GtkWidget           *bn_resource_page_new_for_model      (GListModel       *model,
                                                          BnResourceType   *type,
                                                          BnColumns        *columns);
GtkWidget           *bn_resource_page_new_all_clusters   (BnAggregateModel *model,
                                                          BnResourceType   *type);
BnCluster           *bn_resource_page_get_cluster        (BnResourcePage   *self);
BnResourceType      *bn_resource_page_get_resource_type  (BnResourcePage   *self);
BnColumns           *bn_resource_page_get_columns        (BnResourcePage   *self);
BnSortedModel       *bn_resource_page_get_model          (BnResourcePage   *self);
GtkColumnView       *bn_resource_page_get_column_view    (BnResourcePage   *self);
BnNamespaceSelector *bn_resource_page_get_namespace_selector (BnResourcePage *self);
const char          *bn_resource_page_get_view_name      (BnResourcePage   *self);
AdwStatusPage       *bn_resource_page_get_status_page    (BnResourcePage   *self);
const char          *bn_resource_page_get_count_text     (BnResourcePage   *self);
void                 bn_resource_page_set_filter_text    (BnResourcePage   *self,
                                                          const char       *text);
void                 bn_resource_page_sort_by            (BnResourcePage   *self,
                                                          const char       *column_id,
                                                          GtkSortType       direction);
void                 bn_resource_page_refresh            (BnResourcePage   *self);
char                *bn_format_count                     (guint             n);

G_END_DECLS
