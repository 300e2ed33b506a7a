/* bn-watch-decoder.h: watch streams, cut into events and scanned
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bn-json-scan.h"

G_BEGIN_DECLS

/**
 * BN_WATCH_DECODER_DEFAULT_MAX_EVENT_SIZE:
 *
 * The largest event a decoder accepts unless told otherwise: 16 MiB. Objects are limited to
 * about 1.5 MiB by etcd, so anything near this is a broken stream.
 */
#define BN_WATCH_DECODER_DEFAULT_MAX_EVENT_SIZE (16 * 1024 * 1024)

/**
 * BnWatchDecoder:
 *
 * Frames a watch response body (one JSON event per line) across arbitrary chunk boundaries
 * and scans each complete event. Plain data for one thread: no main loop, no locking.
 */
typedef struct _BnWatchDecoder BnWatchDecoder;

BnWatchDecoder *bn_watch_decoder_new         (BnObjectKind     kind,
                                              gsize            max_event_size);
void            bn_watch_decoder_free        (BnWatchDecoder  *self);
gboolean        bn_watch_decoder_push        (BnWatchDecoder  *self,
                                              const void      *data,
                                              gsize            length,
                                              GPtrArray       *events,
                                              GError         **error);
gboolean        bn_watch_decoder_finish      (BnWatchDecoder  *self,
                                              GPtrArray       *events,
                                              GError         **error);
void            bn_watch_decoder_reset       (BnWatchDecoder  *self);
gsize           bn_watch_decoder_get_pending (BnWatchDecoder  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnWatchDecoder, bn_watch_decoder_free)

G_END_DECLS
