/* bn-bench-frames.c: frames painted while events arrive, shared by the list benchmarks
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <stdio.h>
#include <time.h>

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

static void
on_after_paint_count_cb (GdkFrameClock *clock,
                         guint         *painted)
{
  (*painted)++;
}

/**
 * bn_bench_wait_for_paint:
 * @window: a shown window
 * @n_frames: how many frames to wait for
 *
 * Spins the main loop until @window has painted @n_frames more frames.
 */
void
bn_bench_wait_for_paint (GtkWindow *window,
                         guint      n_frames)
{
  GdkFrameClock *clock;
  guint painted = 0;
  gulong handler;

  while ((clock = gtk_widget_get_frame_clock (GTK_WIDGET (window))) == NULL)
    g_main_context_iteration (NULL, TRUE);

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_count_cb), &painted);
  while (painted < n_frames)
    {
      gtk_widget_queue_draw (GTK_WIDGET (window));
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, handler);
}

typedef struct
{
  BnBenchApplyFunc apply;
  gpointer         user_data;
  gint64           start;
  guint64          applied;
  gint64           apply_us;
  GArray          *paint_times;
} FramePhase;

static gboolean
on_phase_tick_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  FramePhase *phase = user_data;
  gint64 now = g_get_monotonic_time ();

  phase->applied = phase->apply ((now - phase->start) / 1e6, phase->user_data);
  phase->apply_us += g_get_monotonic_time () - now;
  return G_SOURCE_CONTINUE;
}

static void
on_phase_after_paint_cb (GdkFrameClock *clock,
                         FramePhase    *phase)
{
  gint64 now = g_get_monotonic_time ();

  g_array_append_val (phase->paint_times, now);
}

/**
 * bn_bench_run_frames:
 * @window: the window whose paints are timed
 * @tick_widget: the widget whose tick callback applies the events, once per frame
 * @seconds: how long the phase lasts
 * @apply: applies the events due so far
 * @user_data: for @apply
 *
 * Waits for five frames so the phase starts in steady state, then for @seconds records
 * when @window paints while @apply runs on every frame.
 *
 * Returns: the frame intervals, the process's CPU and the rate of events applied
 */
BnBenchFrameStats
bn_bench_run_frames (GtkWindow        *window,
                     GtkWidget        *tick_widget,
                     double            seconds,
                     BnBenchApplyFunc  apply,
                     gpointer          user_data)
{
  FramePhase phase = { apply, user_data, 0, 0, 0, g_array_new (FALSE, FALSE, sizeof (gint64)) };
  GdkFrameClock *frame_clock;
  BnBenchFrameStats stats = { 0 };
  clock_t cpu_start;
  gulong paint_handler;
  guint tick_id;
  gint64 end;

  bn_bench_wait_for_paint (window, 5);
  frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  phase.start = g_get_monotonic_time ();
  cpu_start = clock ();
  end = phase.start + (gint64) (seconds * G_USEC_PER_SEC);
  paint_handler = g_signal_connect (frame_clock, "after-paint", G_CALLBACK (on_phase_after_paint_cb), &phase);
  tick_id = gtk_widget_add_tick_callback (tick_widget, on_phase_tick_cb, &phase, NULL);
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (tick_widget, tick_id);
  g_signal_handler_disconnect (frame_clock, paint_handler);

  bn_bench_frame_intervals (phase.paint_times, &stats.p50, &stats.p99, &stats.max);
  stats.n_frames = phase.paint_times->len;
  stats.cpu_percent = 100.0 * (clock () - cpu_start) / CLOCKS_PER_SEC / seconds;
  stats.events_per_second = phase.applied / seconds;
  stats.apply_ms_per_frame = stats.n_frames > 0 ? phase.apply_us / 1000.0 / stats.n_frames : 0;

  g_array_unref (phase.paint_times);
  return stats;
}

/**
 * bn_bench_print_frames:
 * @what: what the phase did
 * @width: the width of the @what column
 * @stats: the phase's figures
 * @floor_stats: the figures of the same page with no events
 *
 * Prints one line: frame intervals against the floor's p99 and the 20 ms target.
 */
void
bn_bench_print_frames (const char              *what,
                       int                      width,
                       const BnBenchFrameStats *stats,
                       const BnBenchFrameStats *floor_stats)
{
  printf ("%-*s p50 %5.1f ms  p99 %5.1f ms  max %5.1f ms  (%u frames, %.0f events/s, "
          "%.2f ms/frame applying, CPU %.0f%%)  floor p99 %.1f ms, target p99 <= 20 ms%s\n",
          width, what, stats->p50, stats->p99, stats->max, stats->n_frames, stats->events_per_second,
          stats->apply_ms_per_frame, stats->cpu_percent, floor_stats->p99,
          stats->p99 <= 20.0 ? "" : "  ** over target **");
}
