/* bn-ticker.h: one clock for every age cell
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BN_TYPE_TICKER (bn_ticker_get_type ())

G_DECLARE_FINAL_TYPE (BnTicker, bn_ticker, BN, TICKER, GObject)

BnTicker *bn_ticker_ref_default (void);
gint64    bn_ticker_get_now     (BnTicker *self);
void      bn_ticker_tick        (BnTicker *self);

G_END_DECLS
