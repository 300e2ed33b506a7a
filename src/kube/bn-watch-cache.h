/* bn-watch-cache.h: a live mirror of one kind of object in one cluster
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bn-api-client.h"
#include "bn-object.h"
#include "bn-resource-type.h"

G_BEGIN_DECLS

/**
 * BnWatchCacheState:
 * @BN_WATCH_CACHE_LOADING: the first list is on its way
 * @BN_WATCH_CACHE_READY: the cache holds what the server has and follows its changes
 * @BN_WATCH_CACHE_RECONNECTING: the watch broke; the objects shown may be behind until it is back
 * @BN_WATCH_CACHE_FORBIDDEN: the credentials may not list these objects
 * @BN_WATCH_CACHE_UNAUTHORIZED: the server does not accept the credentials
 * @BN_WATCH_CACHE_ERROR: something else went wrong; see bn_watch_cache_get_error()
 *
 * What a #BnWatchCache is doing.
 */
typedef enum
{
  BN_WATCH_CACHE_LOADING,
  BN_WATCH_CACHE_READY,
  BN_WATCH_CACHE_RECONNECTING,
  BN_WATCH_CACHE_FORBIDDEN,
  BN_WATCH_CACHE_UNAUTHORIZED,
  BN_WATCH_CACHE_ERROR,
} BnWatchCacheState;

/**
 * BnWatchCacheStats:
 * @bytes_received: bytes of list pages and watch streams read so far
 * @list_pages: list pages read
 * @lists: full lists done (the first one and every relist)
 * @watches: watch requests made
 * @events_received: watch events scanned in the worker
 * @events_applied: changes applied to the model on the main thread
 * @first_list_usec: from start until the first list was fully in the worker, in µs (0 until then)
 * @ready_usec: from start until the model first became ready on the main thread, in µs
 *
 * Counters for benchmarks and `binnacle-get --stats`.
 */
typedef struct
{
  guint64 bytes_received;
  guint64 list_pages;
  guint64 lists;
  guint64 watches;
  guint64 events_received;
  guint64 events_applied;
  gint64  first_list_usec;
  gint64  ready_usec;
} BnWatchCacheStats;

#define BN_TYPE_WATCH_CACHE_STATE (bn_watch_cache_state_get_type ())
#define BN_TYPE_WATCH_CACHE (bn_watch_cache_get_type ())

G_DECLARE_FINAL_TYPE (BnWatchCache, bn_watch_cache, BN, WATCH_CACHE, GObject)

GType              bn_watch_cache_state_get_type    (void) G_GNUC_CONST;
BnWatchCache      *bn_watch_cache_new               (BnApiClient        *client,
                                                     BnResourceType     *type,
                                                     const char         *namespace_,
                                                     const char         *label_selector);
BnApiClient       *bn_watch_cache_get_client        (BnWatchCache       *self);
BnResourceType    *bn_watch_cache_get_resource_type (BnWatchCache       *self);
const char        *bn_watch_cache_get_namespace     (BnWatchCache       *self);
const char        *bn_watch_cache_get_label_selector(BnWatchCache       *self);
void               bn_watch_cache_start             (BnWatchCache       *self);
void               bn_watch_cache_stop              (BnWatchCache       *self);
gboolean           bn_watch_cache_is_running        (BnWatchCache       *self);
BnWatchCacheState  bn_watch_cache_get_state         (BnWatchCache       *self);
const GError      *bn_watch_cache_get_error         (BnWatchCache       *self);
BnObject          *bn_watch_cache_lookup            (BnWatchCache       *self,
                                                     const char         *uid);
void               bn_watch_cache_get_stats         (BnWatchCache       *self,
                                                     BnWatchCacheStats  *stats);
void               bn_watch_cache_set_watch_timeout (BnWatchCache       *self,
                                                     guint               min_seconds,
                                                     guint               max_seconds,
                                                     guint               stall_seconds);
void               bn_watch_cache_flush             (void);

G_END_DECLS
