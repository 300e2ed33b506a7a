/* bn-bench-frames.h: frame-interval statistics shared by the list benchmarks
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int  bn_bench_compare_doubles     (const void *a,
                                   const void *b);
void bn_bench_frame_intervals     (GArray     *paint_times_us,
                                   double     *p50_ms,
                                   double     *p99_ms,
                                   double     *max_ms);

G_END_DECLS
