/* bn-bench-frames.c: frame-interval statistics shared by the list benchmarks
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "bn-bench-frames.h"

int
bn_bench_compare_doubles (const void *a,
                          const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/**
 * bn_bench_frame_intervals:
 * @paint_times_us: monotonic times (gint64, µs) of successive after-paint signals
 * @p50_ms: (out): median interval between two paints
 * @p99_ms: (out): 99th percentile
 * @max_ms: (out): longest interval
 *
 * Leaves the outputs untouched when fewer than two paints were seen.
 */
void
bn_bench_frame_intervals (GArray *paint_times_us,
                          double *p50_ms,
                          double *p99_ms,
                          double *max_ms)
{
  g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 1; i < paint_times_us->len; i++)
    {
      double interval = (g_array_index (paint_times_us, gint64, i)
                         - g_array_index (paint_times_us, gint64, i - 1)) / 1000.0;

      g_array_append_val (intervals, interval);
    }
  if (intervals->len == 0)
    return;

  qsort (intervals->data, intervals->len, sizeof (double), bn_bench_compare_doubles);
  *p50_ms = g_array_index (intervals, double, intervals->len / 2);
  *p99_ms = g_array_index (intervals, double, MIN (intervals->len - 1, intervals->len * 99 / 100));
  *max_ms = g_array_index (intervals, double, intervals->len - 1);
}
