/* binnacle-plugin.h: the public plugin API of Binnacle
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A plugin exports BN_PLUGIN_ABI_VERSION as `bn_plugin_abi_version` and is refused when it
 * differs from the application's. */
#define BN_PLUGIN_ABI_VERSION 1

G_END_DECLS
