/* bn-application-cli.h: command-line actions of the binnacle binary
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int bn_application_cli_list_clusters (gboolean json);

G_END_DECLS
