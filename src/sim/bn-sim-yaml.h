/* bn-sim-yaml.h
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

GPtrArray *bn_sim_yaml_load_documents (const char  *data,
                                       gsize        length,
                                       GError     **error);

G_END_DECLS
