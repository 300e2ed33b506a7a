/* bn-discovery.h: which kinds of objects a cluster serves
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bn-api-client.h"
#include "bn-resource-type.h"

G_BEGIN_DECLS

#define BN_TYPE_DISCOVERY (bn_discovery_get_type ())

G_DECLARE_FINAL_TYPE (BnDiscovery, bn_discovery, BN, DISCOVERY, GObject)

BnDiscovery    *bn_discovery_new              (BnApiClient          *client);
void            bn_discovery_refresh_async    (BnDiscovery          *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean        bn_discovery_refresh_finish   (BnDiscovery          *self,
                                               GAsyncResult         *result,
                                               GError              **error);
gboolean        bn_discovery_is_loaded        (BnDiscovery          *self);
gboolean        bn_discovery_get_aggregated   (BnDiscovery          *self);
BnResourceType *bn_discovery_lookup           (BnDiscovery          *self,
                                               const char           *name);
GPtrArray      *bn_discovery_dup_category     (BnDiscovery          *self,
                                               const char           *category);
void            bn_discovery_follow_crds      (BnDiscovery          *self,
                                               GListModel           *crds);

G_END_DECLS
