/* bn-json-util.h: checks on JSON text before json-glib parses it
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean bn_json_depth_is_reasonable (const char *data,
                                      gsize       size,
                                      guint       max_depth);

G_END_DECLS
