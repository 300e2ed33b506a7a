/* bn-cluster-listing.h: the text and JSON of `binnacle --list-clusters`
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bn-cluster-entry.h"
#include "bn-kubeconfig.h"

G_BEGIN_DECLS

GPtrArray *bn_cluster_listing_collect     (BnKubeconfig *config,
                                           GPtrArray    *hand_added);
char      *bn_cluster_listing_format_text (BnKubeconfig *config,
                                           GPtrArray    *hand_added);
char      *bn_cluster_listing_format_json (BnKubeconfig *config,
                                           GPtrArray    *hand_added);

G_END_DECLS
