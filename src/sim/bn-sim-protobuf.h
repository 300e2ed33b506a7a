/* bn-sim-protobuf.h
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonObject *bn_sim_protobuf_decode_review (const guint8  *data,
                                           gsize          length,
                                           GError       **error);

G_END_DECLS
