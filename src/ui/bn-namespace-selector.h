/* bn-namespace-selector.h: pick the namespaces a resource page shows
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BN_TYPE_NAMESPACE_SELECTOR (bn_namespace_selector_get_type ())

G_DECLARE_FINAL_TYPE (BnNamespaceSelector, bn_namespace_selector, BN, NAMESPACE_SELECTOR, AdwBin)

GtkWidget  *bn_namespace_selector_new           (void);
void        bn_namespace_selector_set_available (BnNamespaceSelector *self,
                                                 const char * const  *namespaces);
char      **bn_namespace_selector_dup_available (BnNamespaceSelector *self);
char      **bn_namespace_selector_dup_selected  (BnNamespaceSelector *self);
void        bn_namespace_selector_set_selected  (BnNamespaceSelector *self,
                                                 const char * const  *namespaces);
const char *bn_namespace_selector_get_label     (BnNamespaceSelector *self);

G_END_DECLS
