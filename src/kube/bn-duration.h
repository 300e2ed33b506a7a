/* bn-duration.h: durations as kubectl prints them in its AGE columns
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *bn_format_duration (gint64 seconds);

G_END_DECLS
