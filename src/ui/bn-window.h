/* bn-window.h
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bn-application.h"
#include "bn-cluster-manager.h"
#include "bn-cluster-sidebar.h"
#include "bn-cluster-view.h"
#include "bn-demo-cluster.h"
#include "bn-settings.h"

G_BEGIN_DECLS

#define BN_TYPE_WINDOW (bn_window_get_type ())

G_DECLARE_FINAL_TYPE (BnWindow, bn_window, BN, WINDOW, AdwApplicationWindow)

BnWindow   *bn_window_new          (BnApplication *application);
BnSettings *bn_window_get_settings (BnWindow      *self);

void              bn_window_load_clusters    (BnWindow   *self,
                                              const char *search_path);
void              bn_window_start_demo       (BnWindow   *self);
BnClusterManager *bn_window_get_clusters     (BnWindow   *self);
BnClusterSidebar *bn_window_get_sidebar      (BnWindow   *self);
BnClusterView    *bn_window_get_cluster_view (BnWindow   *self);
BnDemoCluster    *bn_window_get_demo         (BnWindow   *self);
gboolean          bn_window_is_loading       (BnWindow   *self);
const char       *bn_window_get_content_page (BnWindow   *self);
AdwStatusPage    *bn_window_get_error_page   (BnWindow   *self);

G_END_DECLS
