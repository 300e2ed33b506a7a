/* bn-bench-frames.h: frames painted while events arrive, shared by the list benchmarks
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  double p50, p99, max;
  guint  n_frames;
  double cpu_percent;
  double events_per_second;
  double apply_ms_per_frame;
} BnBenchFrameStats;

/* Applies the events due @elapsed_s seconds into a phase; returns how many are applied in all. */
typedef guint64 (*BnBenchApplyFunc) (double   elapsed_s,
                                     gpointer user_data);

int               bn_bench_compare_doubles (const void              *a,
                                            const void              *b);
void              bn_bench_frame_intervals (GArray                  *paint_times_us,
                                            double                  *p50_ms,
                                            double                  *p99_ms,
                                            double                  *max_ms);
void              bn_bench_wait_for_paint  (GtkWindow               *window,
                                            guint                    n_frames);
BnBenchFrameStats bn_bench_run_frames      (GtkWindow               *window,
                                            GtkWidget               *tick_widget,
                                            double                   seconds,
                                            BnBenchApplyFunc         apply,
                                            gpointer                 user_data);
void              bn_bench_print_frames    (const char              *what,
                                            int                      width,
                                            const BnBenchFrameStats *stats,
                                            const BnBenchFrameStats *floor_stats);

G_END_DECLS
