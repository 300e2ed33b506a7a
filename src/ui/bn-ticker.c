/* bn-ticker.c: one clock for every age cell
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-ticker.h"

/*
 * Age cells change with time alone. Rather than a timer per cell, one ticker per process
 * emits `tick` once a second, on the second, for as long as somebody holds it (the bound
 * cells do); each cell then decides whether its text changed (every second under ten
 * minutes, every minute after that), so nothing is rebuilt and most ticks cost a compare.
 */

struct _BnTicker
{
  GObject parent_instance;
  guint   timeout_id;
  gint64  now;
};

enum {
  SIG_TICK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];
static BnTicker *default_ticker;

G_DEFINE_FINAL_TYPE (BnTicker, bn_ticker, G_TYPE_OBJECT)

static gboolean on_timeout_cb (gpointer user_data);

static void
schedule (BnTicker *self)
{
  gint64 usec = g_get_real_time ();

  /* Wake just after the next whole second, so ages turn over together with the clock. */
  self->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, 1000 - (usec / 1000) % 1000 + 5,
                                         on_timeout_cb, self, NULL);
  g_source_set_name_by_id (self->timeout_id, "[binnacle] age ticker");
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  BnTicker *self = user_data;

  self->timeout_id = 0;
  bn_ticker_tick (self);
  schedule (self);
  return G_SOURCE_REMOVE;
}

static void
bn_ticker_finalize (GObject *object)
{
  BnTicker *self = (BnTicker *) object;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (default_ticker == self)
    default_ticker = NULL;

  G_OBJECT_CLASS (bn_ticker_parent_class)->finalize (object);
}

static void
bn_ticker_class_init (BnTickerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bn_ticker_finalize;

  /**
   * BnTicker::tick:
   * @self: the ticker
   * @now: the time in Unix seconds
   *
   * Emitted once a second.
   */
  signals[SIG_TICK] = g_signal_new ("tick", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
bn_ticker_init (BnTicker *self)
{
  self->now = g_get_real_time () / G_USEC_PER_SEC;
  schedule (self);
}

/**
 * bn_ticker_ref_default:
 *
 * The process's ticker; it runs while references to it are held.
 *
 * Returns: (transfer full): the ticker
 */
BnTicker *
bn_ticker_ref_default (void)
{
  if (default_ticker != NULL)
    return g_object_ref (default_ticker);
  default_ticker = g_object_new (BN_TYPE_TICKER, NULL);
  return default_ticker;
}

/**
 * bn_ticker_get_now:
 *
 * Returns: the time of the last tick in Unix seconds
 */
gint64
bn_ticker_get_now (BnTicker *self)
{
  g_return_val_if_fail (BN_IS_TICKER (self), 0);
  return self->now;
}

/**
 * bn_ticker_tick:
 *
 * Reads the clock and emits #BnTicker::tick now (the timer calls it; tests may too).
 */
void
bn_ticker_tick (BnTicker *self)
{
  g_return_if_fail (BN_IS_TICKER (self));

  self->now = g_get_real_time () / G_USEC_PER_SEC;
  g_signal_emit (self, signals[SIG_TICK], 0, self->now);
}
