/* bn-sim-selector.h
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BnSimSelector BnSimSelector;

BnSimSelector *bn_sim_selector_parse_labels (const char     *text,
                                             GError        **error);
BnSimSelector *bn_sim_selector_parse_fields (const char     *text,
                                             GError        **error);
gboolean       bn_sim_selector_matches      (BnSimSelector  *self,
                                             GHashTable     *values);
void           bn_sim_selector_free         (BnSimSelector  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnSimSelector, bn_sim_selector_free)

G_END_DECLS
