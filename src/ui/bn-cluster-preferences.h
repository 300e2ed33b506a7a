/* bn-cluster-preferences.h: what the user chose for each cluster: colour, hidden, pinned
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BN_TYPE_CLUSTER_PREFERENCES (bn_cluster_preferences_get_type ())

G_DECLARE_FINAL_TYPE (BnClusterPreferences, bn_cluster_preferences, BN, CLUSTER_PREFERENCES, GObject)

BnClusterPreferences *bn_cluster_preferences_new           (GSettings            *settings);
const char * const   *bn_cluster_preferences_list_colors   (void);
const char           *bn_cluster_preferences_color_label   (const char           *color);
char                 *bn_cluster_preferences_dup_color     (BnClusterPreferences *self,
                                                            const char           *cluster_id);
void                  bn_cluster_preferences_set_color     (BnClusterPreferences *self,
                                                            const char           *cluster_id,
                                                            const char           *color);
gboolean              bn_cluster_preferences_is_production (BnClusterPreferences *self,
                                                            const char           *cluster_id);
gboolean              bn_cluster_preferences_get_hidden    (BnClusterPreferences *self,
                                                            const char           *cluster_id);
void                  bn_cluster_preferences_set_hidden    (BnClusterPreferences *self,
                                                            const char           *cluster_id,
                                                            gboolean              hidden);
gboolean              bn_cluster_preferences_get_pinned    (BnClusterPreferences *self,
                                                            const char           *cluster_id);
void                  bn_cluster_preferences_set_pinned    (BnClusterPreferences *self,
                                                            const char           *cluster_id,
                                                            gboolean              pinned);

G_END_DECLS
