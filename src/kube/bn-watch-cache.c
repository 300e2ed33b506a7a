/* bn-watch-cache.c: a live mirror of one kind of object in one cluster
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two halves. The worker half (Watcher) lives in the cluster's worker thread: it lists, watches,
 * scans and keeps uid → snapshot, and turns what it learns into operations (upsert, delete,
 * state) collected in batches. Batches of all caches go into one queue that the main thread
 * drains about once a frame within a small time budget, applying them to the model half
 * (BnWatchCache): an unordered array of BnObject with a uid index.
 */

#include "config.h"

#include <string.h>

#include "bn-api-client-private.h"
#include "bn-json-scan.h"
#include "bn-kube-error.h"
#include "bn-watch-cache.h"
#include "bn-watch-decoder.h"

#define PAGE_LIMIT            500
#define BATCH_MAX_OPS         256
#define BATCH_INTERVAL_MS     10
#define DRAIN_INTERVAL_MS     16
#define DRAIN_BUDGET_USEC     4000
#define BACKOFF_INITIAL_MS    800
#define BACKOFF_CAP_MS        30000
#define READ_CHUNK            (64 * 1024)
#define SHORT_WATCH_USEC      (1 * G_USEC_PER_SEC)
#define DEFAULT_MIN_TIMEOUT   300
#define DEFAULT_MAX_TIMEOUT   600
#define STALL_GRACE_SECONDS   60
#define COMPACT_SLICE_USEC    3000

typedef enum
{
  OP_UPSERT,
  OP_DELETE,
  OP_STATE,
} OpType;

typedef struct
{
  OpType             type;
  BnObjectSnapshot  *snapshot;
  BnWatchCacheState  state;
  GError            *error;
} Op;

typedef struct _Watcher Watcher;

typedef struct _Batch Batch;

struct _Batch
{
  Watcher *watcher;
  GArray  *ops;
  guint    cursor;
  Batch   *next;                       /* in the watcher's spent list */
};

typedef void (*WatcherStep) (Watcher *watcher);

struct _Watcher
{
  gatomicrefcount     ref_count;
  BnApiClient        *client;          /* not owned: the cache owns it and outlives the worker's use */
  BnWatchCache       *cache;           /* main thread only; NULL once the cache is gone */
  char               *path;
  char               *selector;
  BnObjectKind        kind;
  guint               min_timeout;
  guint               max_timeout;
  guint               stall_seconds;

  GMutex              stats_lock;
  BnWatchCacheStats   stats;
  gint64              started_at;

  /* applied batches, handed back by the main thread (lock-free) to be freed by the worker */
  Batch              *spent;

  /* worker only */
  gboolean            running;
  GCancellable       *cancellable;
  GHashTable         *store;           /* uid → snapshot */
  GHashTable         *next_store;      /* being filled by a list */
  guint               list_generation; /* pages of older lists are dropped */
  char               *last_rv;
  guint               backoff_ms;
  GSource            *retry_source;
  WatcherStep         retry_step;
  GSource            *flush_source;
  GSource            *stall_source;
  GQueue             *to_compact;      /* snapshots the store may still hold in full */
  GSource            *compact_source;
  Batch              *pending;
  BnWatchCacheState   state;
  gboolean            listed_once;
  GInputStream       *stream;
  BnWatchDecoder     *decoder;
  char               *chunk;
  gint64              watch_started;
  guint               watch_events;
  gint64              last_read;
};

struct _BnWatchCache
{
  GObject             parent_instance;

  BnApiClient        *client;
  BnResourceType     *type;
  char               *namespace_;
  char               *selector;
  Watcher            *watcher;

  GPtrArray          *items;
  GHashTable         *index;           /* uid → position + 1 */
  guint               n_announced;

  BnWatchCacheState   state;
  GError             *error;
  gboolean            running;
  guint64             events_applied;
  gint64              ready_usec;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BnWatchCache, bn_watch_cache, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STATE,
  PROP_ERROR,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_list  (Watcher *watcher);
static void start_watch (Watcher *watcher);
static void push_batch  (Batch   *batch);
static void batch_free  (Batch   *batch);
static void free_spent  (Watcher *watcher);

/* Watcher lifetime ******************************************************************************/

static Watcher *
watcher_ref (Watcher *watcher)
{
  g_atomic_ref_count_inc (&watcher->ref_count);
  return watcher;
}

static void
watcher_unref (gpointer data)
{
  Watcher *watcher = data;

  if (!g_atomic_ref_count_dec (&watcher->ref_count))
    return;

  g_clear_object (&watcher->stream);
  g_clear_pointer (&watcher->pending, batch_free);
  free_spent (watcher);
  g_clear_pointer (&watcher->store, g_hash_table_unref);
  g_clear_pointer (&watcher->next_store, g_hash_table_unref);
  g_queue_free_full (g_steal_pointer (&watcher->to_compact), (GDestroyNotify) bn_object_snapshot_unref);
  g_clear_object (&watcher->cancellable);
  g_clear_pointer (&watcher->path, g_free);
  g_clear_pointer (&watcher->selector, g_free);
  g_clear_pointer (&watcher->last_rv, g_free);
  g_clear_pointer (&watcher->decoder, bn_watch_decoder_free);
  g_clear_pointer (&watcher->chunk, g_free);
  g_mutex_clear (&watcher->stats_lock);
  g_free (watcher);
}

static GHashTable *
store_new (void)
{
  /* keys are borrowed from the snapshot they point to: always g_hash_table_replace() */
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                (GDestroyNotify) bn_object_snapshot_unref);
}

#define STATS_ADD(w, field, n) G_STMT_START {  \
  g_mutex_lock (&(w)->stats_lock);              \
  (w)->stats.field += (n);                      \
  g_mutex_unlock (&(w)->stats_lock);            \
} G_STMT_END

/* Batches (worker) ******************************************************************************/

static void
op_clear (gpointer data)
{
  Op *op = data;

  g_clear_pointer (&op->snapshot, bn_object_snapshot_unref);
  g_clear_error (&op->error);
}

static Batch *
batch_new (Watcher *watcher)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->watcher = watcher;
  batch->ops = g_array_sized_new (FALSE, FALSE, sizeof (Op), 64);
  g_array_set_clear_func (batch->ops, op_clear);
  return batch;
}

/* A batch holds its watcher only once queued: before that the watcher holds the batch. */
static void
batch_free (Batch *batch)
{
  g_array_unref (batch->ops);
  g_free (batch);
}

static void
queued_batch_free (Batch *batch)
{
  Watcher *watcher = batch->watcher;

  batch_free (batch);
  watcher_unref (watcher);
}

/*
 * The snapshots a batch brought are allocated by the worker, and the ones a batch replaced
 * (see apply_upsert()) are freed with it: freeing them on the main thread would take the
 * worker's malloc arena lock thousands of times a second, and a worker that is preempted
 * holding it (it runs at a lower priority) would stall the main thread. So the main thread
 * pushes spent batches onto a lock-free list and the worker frees them.
 */
static void
hand_back_batch (Batch *batch)
{
  Watcher *watcher = batch->watcher;
  Batch *head;

  do
    {
      head = g_atomic_pointer_get (&watcher->spent);
      batch->next = head;
    }
  while (!g_atomic_pointer_compare_and_exchange (&watcher->spent, head, batch));

  /* the list holds no reference: the watcher's last one frees what is left on it */
  watcher_unref (watcher);
}

static void
free_spent (Watcher *watcher)
{
  Batch *batch = g_atomic_pointer_exchange (&watcher->spent, NULL);

  while (batch != NULL)
    {
      Batch *next = batch->next;

      batch_free (batch);
      batch = next;
    }
}

static void
flush_pending (Watcher *watcher)
{
  if (watcher->flush_source != NULL)
    {
      g_source_destroy (watcher->flush_source);
      g_clear_pointer (&watcher->flush_source, g_source_unref);
    }
  if (watcher->pending != NULL)
    {
      watcher_ref (watcher);
      push_batch (g_steal_pointer (&watcher->pending));
    }
  free_spent (watcher);
}

static gboolean
on_flush_timeout_cb (gpointer data)
{
  Watcher *watcher = data;

  g_clear_pointer (&watcher->flush_source, g_source_unref);
  flush_pending (watcher);
  return G_SOURCE_REMOVE;
}

/* libsoup hands over one chunk per read and servers send one event per chunk: collecting
 * operations for a few milliseconds turns thousands of tiny hand-overs into a few per frame. */
static void
emit (Watcher           *watcher,
      OpType             type,
      BnObjectSnapshot  *snapshot,
      BnWatchCacheState  state,
      const GError      *error)
{
  Op op = { type, snapshot ? bn_object_snapshot_ref (snapshot) : NULL, state,
            error ? g_error_copy (error) : NULL };

  if (watcher->pending == NULL)
    watcher->pending = batch_new (watcher);
  g_array_append_val (watcher->pending->ops, op);

  if (watcher->pending->ops->len >= BATCH_MAX_OPS || type == OP_STATE)
    flush_pending (watcher);
  else if (watcher->flush_source == NULL)
    {
      watcher->flush_source = g_timeout_source_new (BATCH_INTERVAL_MS);
      g_source_set_static_name (watcher->flush_source, "[binnacle] watch batch");
      g_source_set_callback (watcher->flush_source, on_flush_timeout_cb, watcher_ref (watcher),
                             watcher_unref);
      g_source_attach (watcher->flush_source, g_main_context_get_thread_default ());
    }
}

static void
set_state (Watcher           *watcher,
           BnWatchCacheState  state,
           const GError      *error)
{
  if (watcher->state == state && error == NULL)
    return;
  watcher->state = state;
  emit (watcher, OP_STATE, NULL, state, error);
}

/* Retries (worker) ******************************************************************************/

static gboolean
on_retry_cb (gpointer data)
{
  Watcher *watcher = data;
  WatcherStep step = watcher->retry_step;

  g_clear_pointer (&watcher->retry_source, g_source_unref);
  watcher->retry_step = NULL;
  if (watcher->running)
    step (watcher);
  return G_SOURCE_REMOVE;
}

static void
schedule (Watcher     *watcher,
          WatcherStep  step,
          guint        delay_ms)
{
  if (watcher->retry_source != NULL)
    {
      g_source_destroy (watcher->retry_source);
      g_clear_pointer (&watcher->retry_source, g_source_unref);
    }
  watcher->retry_step = step;
  watcher->retry_source = g_timeout_source_new (delay_ms);
  g_source_set_static_name (watcher->retry_source, "[binnacle] watch retry");
  g_source_set_callback (watcher->retry_source, on_retry_cb, watcher_ref (watcher), watcher_unref);
  g_source_attach (watcher->retry_source, g_main_context_get_thread_default ());
}

/* 0.8 s doubling to 30 s, with up to as much again of jitter (client-go's reflector). */
static guint
next_backoff (Watcher *watcher)
{
  guint base;

  watcher->backoff_ms = watcher->backoff_ms == 0 ? BACKOFF_INITIAL_MS
                                                 : MIN (BACKOFF_CAP_MS, watcher->backoff_ms * 2);
  base = watcher->backoff_ms;
  return MIN (BACKOFF_CAP_MS, base + g_random_int_range (0, base / 2 + 1));
}

static void
fail (Watcher      *watcher,
      const GError *error,
      guint         retry_after,
      WatcherStep   step)
{
  BnWatchCacheState state = BN_WATCH_CACHE_ERROR;
  guint delay = retry_after > 0 ? retry_after * 1000 : next_backoff (watcher);

  if (g_error_matches (error, BN_KUBE_ERROR, BN_KUBE_ERROR_FORBIDDEN))
    state = BN_WATCH_CACHE_FORBIDDEN;
  else if (g_error_matches (error, BN_KUBE_ERROR, BN_KUBE_ERROR_UNAUTHORIZED))
    state = BN_WATCH_CACHE_UNAUTHORIZED;
  else if (watcher->listed_once)
    state = BN_WATCH_CACHE_RECONNECTING;

  g_debug ("Watch of %s failed (%s), again in %u ms", watcher->path, error->message, delay);
  set_state (watcher, state, error);
  schedule (watcher, step, delay);
}

/* After a 410 the list starts over: at once the first time, then with backoff so a server that
 * keeps answering 410 does not get a relist loop. A healthy watch resets the backoff. */
static void
relist_soon (Watcher *watcher)
{
  guint delay = watcher->backoff_ms == 0 ? 0 : next_backoff (watcher);

  if (watcher->backoff_ms == 0)
    watcher->backoff_ms = BACKOFF_INITIAL_MS / 2;
  if (watcher->listed_once)
    set_state (watcher, BN_WATCH_CACHE_RECONNECTING, NULL);
  schedule (watcher, start_list, delay);
}

static void
renew_cancellable (Watcher *watcher)
{
  if (watcher->cancellable != NULL)
    {
      g_cancellable_cancel (watcher->cancellable);
      _bn_api_client_untrack (watcher->client, watcher->cancellable);
      g_clear_object (&watcher->cancellable);
    }
  if (watcher->running)
    {
      watcher->cancellable = g_cancellable_new ();
      /* tracked, so shutting the client down cancels a pending read of the watch stream too */
      _bn_api_client_track (watcher->client, watcher->cancellable);
    }
}

static gboolean
is_cancelled (Watcher      *watcher,
              const GError *error)
{
  return !watcher->running || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

/* Compaction (worker) ***************************************************************************/

/*
 * The scanner keeps each object's JSON as it came; the cache keeps it compressed. Compressing
 * costs about ten times what scanning does, so a list is scanned first and ready as soon as
 * possible, and its snapshots are compacted afterwards, a few milliseconds at a time whenever
 * the worker has nothing else to do. Each compact copy goes to the main thread as an upsert:
 * the BnObject keeps its place and notifies only its snapshot, and the full copy is freed.
 */

static void
queue_compaction (Watcher          *watcher,
                  BnObjectSnapshot *snapshot)
{
  if (!bn_object_snapshot_is_compact (snapshot))
    g_queue_push_tail (watcher->to_compact, bn_object_snapshot_ref (snapshot));
}

static void
stop_compaction (Watcher *watcher)
{
  if (watcher->compact_source != NULL)
    {
      g_source_destroy (watcher->compact_source);
      g_clear_pointer (&watcher->compact_source, g_source_unref);
    }
}

/* Swaps one snapshot of the store for its compact copy, unless the store moved on. */
static void
compact_one (Watcher          *watcher,
             BnObjectSnapshot *snapshot)
{
  const char *uid = bn_object_snapshot_get_uid (snapshot);
  g_autoptr(BnObjectSnapshot) compact = NULL;

  if (g_hash_table_lookup (watcher->store, uid) != snapshot)
    return;

  compact = bn_object_snapshot_compact (snapshot);
  if (compact == snapshot)
    return;
  g_hash_table_replace (watcher->store, (gpointer) bn_object_snapshot_get_uid (compact),
                        bn_object_snapshot_ref (compact));
  emit (watcher, OP_UPSERT, compact, 0, NULL);
}

static gboolean
on_compact_cb (gpointer data)
{
  Watcher *watcher = data;
  gint64 deadline = g_get_monotonic_time () + COMPACT_SLICE_USEC;
  guint done = 0;

  /* during a list the store is the old one: the new list's snapshots wait for it to finish */
  while (watcher->next_store == NULL && !g_queue_is_empty (watcher->to_compact))
    {
      BnObjectSnapshot *snapshot = g_queue_pop_head (watcher->to_compact);

      compact_one (watcher, snapshot);
      bn_object_snapshot_unref (snapshot);
      if ((++done & 7) == 0 && g_get_monotonic_time () >= deadline)
        return G_SOURCE_CONTINUE;
    }

  g_clear_pointer (&watcher->compact_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
start_compaction (Watcher *watcher)
{
  if (watcher->compact_source != NULL || g_queue_is_empty (watcher->to_compact))
    return;

  /* below the network's priority: a watch event or the next page always goes first */
  watcher->compact_source = g_timeout_source_new (0);
  g_source_set_priority (watcher->compact_source, G_PRIORITY_LOW);
  g_source_set_static_name (watcher->compact_source, "[binnacle] watch cache compaction");
  g_source_set_callback (watcher->compact_source, on_compact_cb, watcher_ref (watcher),
                         watcher_unref);
  g_source_attach (watcher->compact_source, g_main_context_get_thread_default ());
}

/* Listing (worker) ******************************************************************************/

static char *
build_query_path (Watcher    *watcher,
                  const char *first,
                  ...) G_GNUC_NULL_TERMINATED;

static char *
build_query_path (Watcher    *watcher,
                  const char *first,
                  ...)
{
  GString *out = g_string_new (watcher->path);
  const char *key = first;
  char sep = '?';
  va_list args;

  va_start (args, first);
  while (key != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        {
          g_string_append_printf (out, "%c%s=", sep, key);
          g_string_append_uri_escaped (out, value, NULL, FALSE);
          sep = '&';
        }
      key = va_arg (args, const char *);
    }
  va_end (args);

  if (watcher->selector != NULL && *watcher->selector != '\0')
    {
      g_string_append_printf (out, "%clabelSelector=", sep);
      g_string_append_uri_escaped (out, watcher->selector, NULL, FALSE);
    }
  return g_string_free (out, FALSE);
}

static void on_page_cb (GObject *object, GAsyncResult *result, gpointer data);

typedef struct
{
  Watcher *watcher;
  guint    generation;
} PageRequest;

static void
request_page (Watcher    *watcher,
              const char *continue_token)
{
  g_autofree char *path = build_query_path (watcher, "limit", G_STRINGIFY (PAGE_LIMIT),
                                            "continue", continue_token, NULL);
  PageRequest *request = g_new0 (PageRequest, 1);

  request->watcher = watcher_ref (watcher);
  request->generation = watcher->list_generation;
  _bn_api_client_send_async (watcher->client, "GET", path, NULL, NULL, BN_SEND_READ,
                             watcher->cancellable, on_page_cb, request);
}

/*
 * The list's metadata (and its continue token) comes before its items. Finding the token
 * without scanning lets the next page be asked for at once, so the server makes it while this
 * one is scanned. Anything unusual (no token there, escapes) and the page waits for its scan.
 */
static char *
peek_continue_token (const char *data,
                     gsize       len)
{
  static const char items_key[] = "\"items\":";
  static const char continue_key[] = "\"continue\":\"";
  const char *items = g_strstr_len (data, MIN (len, 4096), items_key);
  const char *token;
  const char *end;

  if (items == NULL)
    return NULL;
  token = g_strstr_len (data, items - data, continue_key);
  if (token == NULL)
    return NULL;
  token += strlen (continue_key);
  end = memchr (token, '"', items - token);
  if (end == NULL || end == token || memchr (token, '\\', end - token) != NULL)
    return NULL;
  return g_strndup (token, end - token);
}

static void
start_list (Watcher *watcher)
{
  watcher->list_generation++;
  g_clear_pointer (&watcher->next_store, g_hash_table_unref);
  watcher->next_store = store_new ();
  request_page (watcher, NULL);
}

static void
finish_list (Watcher    *watcher,
             const char *resource_version)
{
  GHashTableIter iter;
  BnObjectSnapshot *snapshot;
  gint64 now = g_get_monotonic_time ();

  /* what the new list lacks has vanished while nobody was looking */
  g_hash_table_iter_init (&iter, watcher->store);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &snapshot))
    if (!g_hash_table_contains (watcher->next_store, bn_object_snapshot_get_uid (snapshot)))
      emit (watcher, OP_DELETE, snapshot, 0, NULL);

  g_clear_pointer (&watcher->store, g_hash_table_unref);
  watcher->store = g_steal_pointer (&watcher->next_store);
  g_free (watcher->last_rv);
  watcher->last_rv = g_strdup (resource_version);

  g_mutex_lock (&watcher->stats_lock);
  watcher->stats.lists++;
  if (watcher->stats.first_list_usec == 0)
    watcher->stats.first_list_usec = MAX (1, now - watcher->started_at);
  g_mutex_unlock (&watcher->stats_lock);

  watcher->listed_once = TRUE;
  set_state (watcher, BN_WATCH_CACHE_READY, NULL);
  start_watch (watcher);
  start_compaction (watcher);
}

static void
ingest_page (Watcher    *watcher,
             BnListPage *page)
{
  for (guint i = 0; i < page->items->len; i++)
    {
      BnObjectSnapshot *snapshot = g_ptr_array_index (page->items, i);
      const char *uid = bn_object_snapshot_get_uid (snapshot);
      BnObjectSnapshot *known = g_hash_table_lookup (watcher->store, uid);

      /* a relist only reports what changed; the first list reports everything */
      if (known != NULL && g_strcmp0 (bn_object_snapshot_get_resource_version (known),
                                      bn_object_snapshot_get_resource_version (snapshot)) == 0)
        {
          /* keep the copy the model holds (compact, or about to be), not the page's */
          g_hash_table_replace (watcher->next_store, (gpointer) bn_object_snapshot_get_uid (known),
                                bn_object_snapshot_ref (known));
          queue_compaction (watcher, known);
          continue;
        }

      g_hash_table_replace (watcher->next_store, (gpointer) uid, bn_object_snapshot_ref (snapshot));
      emit (watcher, OP_UPSERT, snapshot, 0, NULL);
      queue_compaction (watcher, snapshot);
    }
}

static void
on_page_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  PageRequest *request = data;
  Watcher *watcher = request->watcher;
  gboolean current = request->generation == watcher->list_generation;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(BnListPage) page = NULL;
  g_autofree char *prefetched = NULL;
  guint retry_after = 0;
  const char *bytes;
  gsize len;

  g_free (request);
  body = _bn_api_client_send_finish (watcher->client, result, &retry_after, &error);

  /* a page of a list that was abandoned (failed, or superseded by a relist) */
  if (!current)
    {
      watcher_unref (watcher);
      return;
    }

  if (body == NULL)
    {
      if (!is_cancelled (watcher, error))
        {
          /* an expired continue token: the list starts over */
          if (g_error_matches (error, BN_KUBE_ERROR, BN_KUBE_ERROR_GONE))
            relist_soon (watcher);
          else
            fail (watcher, error, retry_after, start_list);
        }
      watcher_unref (watcher);
      return;
    }

  if (!watcher->running)
    {
      watcher_unref (watcher);
      return;
    }

  bytes = g_bytes_get_data (body, &len);
  g_mutex_lock (&watcher->stats_lock);
  watcher->stats.bytes_received += len;
  watcher->stats.list_pages++;
  g_mutex_unlock (&watcher->stats_lock);

  prefetched = peek_continue_token (bytes, len);
  if (prefetched != NULL)
    request_page (watcher, prefetched);

  if (!bn_json_scan_list_page (bytes, len, len + BN_API_CLIENT_BODY_PADDING, watcher->kind,
                               &page, &error))
    {
      g_autoptr(GError) invalid = g_error_new (BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_RESPONSE,
                                               "The server sent a list that cannot be read: %s",
                                               error->message);

      watcher->list_generation++;
      fail (watcher, invalid, 0, start_list);
      watcher_unref (watcher);
      return;
    }

  ingest_page (watcher, page);

  if (page->continue_token != NULL && *page->continue_token != '\0')
    {
      if (prefetched == NULL)
        request_page (watcher, page->continue_token);
      else if (!g_str_equal (prefetched, page->continue_token))
        {
          /* the peek was wrong after all: drop what it asked for and ask again */
          g_debug ("List of %s: continue token misread, asking again", watcher->path);
          watcher->list_generation++;
          request_page (watcher, page->continue_token);
        }
    }
  else
    {
      if (prefetched != NULL)
        watcher->list_generation++;
      finish_list (watcher, page->resource_version);
    }
  watcher_unref (watcher);
}

/* Watching (worker) *****************************************************************************/

static void on_watch_opened_cb (GObject *object, GAsyncResult *result, gpointer data);
static void read_more          (Watcher *watcher);

static gboolean
on_stall_check_cb (gpointer data)
{
  Watcher *watcher = data;

  /* a watch that says nothing (not even a bookmark) for this long is presumed dead: cancelling
   * ends the pending read, which re-watches from the last resourceVersion */
  if (watcher->stream != NULL &&
      g_get_monotonic_time () - watcher->last_read > (gint64) watcher->stall_seconds * G_USEC_PER_SEC)
    {
      g_debug ("Watch of %s stalled; starting over", watcher->path);
      g_cancellable_cancel (watcher->cancellable);
    }
  return G_SOURCE_CONTINUE;
}

static void
stop_stall_check (Watcher *watcher)
{
  if (watcher->stall_source != NULL)
    {
      g_source_destroy (watcher->stall_source);
      g_clear_pointer (&watcher->stall_source, g_source_unref);
    }
}

static void
start_stall_check (Watcher *watcher)
{
  stop_stall_check (watcher);
  watcher->stall_source = g_timeout_source_new_seconds (1);
  g_source_set_static_name (watcher->stall_source, "[binnacle] watch stall check");
  g_source_set_callback (watcher->stall_source, on_stall_check_cb, watcher_ref (watcher),
                         watcher_unref);
  g_source_attach (watcher->stall_source, g_main_context_get_thread_default ());
}

static void
start_watch (Watcher *watcher)
{
  g_autofree char *timeout = NULL;
  g_autofree char *path = NULL;

  timeout = g_strdup_printf ("%u", g_random_int_range (watcher->min_timeout, watcher->max_timeout + 1));
  path = build_query_path (watcher, "watch", "true", "resourceVersion", watcher->last_rv,
                           "allowWatchBookmarks", "true", "timeoutSeconds", timeout, NULL);

  STATS_ADD (watcher, watches, 1);
  _bn_api_client_send_async (watcher->client, "GET", path, NULL, NULL, BN_SEND_STREAM,
                             watcher->cancellable, on_watch_opened_cb, watcher_ref (watcher));
}

static void
on_watch_opened_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      data)
{
  Watcher *watcher = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  guint retry_after = 0;

  stream = _bn_api_client_send_finish (watcher->client, result, &retry_after, &error);

  if (stream == NULL)
    {
      if (is_cancelled (watcher, error))
        ;
      else if (g_error_matches (error, BN_KUBE_ERROR, BN_KUBE_ERROR_GONE))
        relist_soon (watcher);
      else if (g_error_matches (error, BN_KUBE_ERROR, BN_KUBE_ERROR_FORBIDDEN) ||
               g_error_matches (error, BN_KUBE_ERROR, BN_KUBE_ERROR_UNAUTHORIZED))
        fail (watcher, error, retry_after, start_list);
      else
        fail (watcher, error, retry_after, start_watch);
      watcher_unref (watcher);
      return;
    }

  if (!watcher->running)
    {
      watcher_unref (watcher);
      return;
    }

  watcher->stream = g_steal_pointer (&stream);
  bn_watch_decoder_reset (watcher->decoder);
  watcher->watch_started = g_get_monotonic_time ();
  watcher->last_read = watcher->watch_started;
  watcher->watch_events = 0;
  if (watcher->state != BN_WATCH_CACHE_READY)
    set_state (watcher, BN_WATCH_CACHE_READY, NULL);
  start_stall_check (watcher);
  read_more (watcher);
  watcher_unref (watcher);
}

typedef enum
{
  EVENT_OK,
  EVENT_RELIST,
  EVENT_BROKEN,
} EventOutcome;

static EventOutcome
handle_event (Watcher      *watcher,
              BnWatchEvent *event)
{
  BnObjectSnapshot *compact;

  switch (event->type)
    {
    case BN_WATCH_EVENT_ADDED:
    case BN_WATCH_EVENT_MODIFIED:
      if (event->object == NULL)
        return EVENT_BROKEN;
      /* an event's snapshot is compacted at once: one upsert instead of two on the main thread */
      compact = bn_object_snapshot_compact (event->object);
      g_hash_table_replace (watcher->store, (gpointer) bn_object_snapshot_get_uid (compact), compact);
      emit (watcher, OP_UPSERT, compact, 0, NULL);
      break;

    case BN_WATCH_EVENT_DELETED:
      if (event->object == NULL)
        return EVENT_BROKEN;
      g_hash_table_remove (watcher->store, bn_object_snapshot_get_uid (event->object));
      emit (watcher, OP_DELETE, event->object, 0, NULL);
      break;

    case BN_WATCH_EVENT_BOOKMARK:
      break;

    case BN_WATCH_EVENT_ERROR:
      if (event->status.code == 410 || g_strcmp0 (event->status.reason, "Expired") == 0 ||
          g_strcmp0 (event->status.reason, "Gone") == 0)
        return EVENT_RELIST;
      g_debug ("Watch of %s sent an error: %s", watcher->path,
               event->status.message ? event->status.message : "");
      return EVENT_BROKEN;

    default:
      return EVENT_BROKEN;
    }

  if (event->resource_version != NULL && *event->resource_version != '\0')
    {
      g_free (watcher->last_rv);
      watcher->last_rv = g_strdup (event->resource_version);
    }
  watcher->watch_events++;
  return EVENT_OK;
}

/* Applies decoded events in order, up to the first that ends the watch. */
static EventOutcome
handle_events (Watcher   *watcher,
               GPtrArray *events)
{
  EventOutcome outcome = EVENT_OK;

  for (guint i = 0; outcome == EVENT_OK && i < events->len; i++)
    outcome = handle_event (watcher, g_ptr_array_index (events, i));
  STATS_ADD (watcher, events_received, events->len);
  return outcome;
}

static void
end_watch (Watcher      *watcher,
           EventOutcome  outcome)
{
  gint64 lasted = g_get_monotonic_time () - watcher->watch_started;

  stop_stall_check (watcher);

  /* cancel before letting go of the body: closing an endless body would try to drain it */
  renew_cancellable (watcher);
  g_clear_object (&watcher->stream);
  bn_watch_decoder_reset (watcher->decoder);

  if (outcome == EVENT_RELIST)
    relist_soon (watcher);
  else if (outcome == EVENT_BROKEN || (lasted < SHORT_WATCH_USEC && watcher->watch_events == 0))
    /* a watch that ends at once, or talks nonsense, must not turn into a busy loop */
    schedule (watcher, start_watch, next_backoff (watcher));
  else
    {
      /* libsoup reports a dropped connection as a clean end: every end means "watch again
       * from where we were" */
      watcher->backoff_ms = 0;
      start_watch (watcher);
    }
}

static void
on_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  Watcher *watcher = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  EventOutcome outcome;
  gboolean decoded;

  /* a read of a watch that was stopped (and maybe started again since) */
  if (!watcher->running || G_INPUT_STREAM (object) != watcher->stream)
    {
      watcher_unref (watcher);
      return;
    }

  events = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_watch_event_free);

  if (n < 0)
    {
      g_debug ("Watch of %s ended: %s", watcher->path, error->message);
      end_watch (watcher, EVENT_OK);
      watcher_unref (watcher);
      return;
    }

  if (n == 0)
    {
      /* a last event may lack its newline */
      decoded = bn_watch_decoder_finish (watcher->decoder, events, &error);
      outcome = handle_events (watcher, events);
      if (!decoded && outcome == EVENT_OK)
        {
          g_debug ("Watch of %s ended inside an event: %s", watcher->path, error->message);
          outcome = EVENT_BROKEN;
        }
      end_watch (watcher, outcome);
      watcher_unref (watcher);
      return;
    }

  watcher->last_read = g_get_monotonic_time ();
  STATS_ADD (watcher, bytes_received, n);

  decoded = bn_watch_decoder_push (watcher->decoder, watcher->chunk, n, events, &error);
  outcome = handle_events (watcher, events);
  if (!decoded && outcome == EVENT_OK)
    {
      g_debug ("Watch of %s sent an unreadable event: %s", watcher->path, error->message);
      outcome = EVENT_BROKEN;
    }

  switch (outcome)
    {
    case EVENT_OK:
      read_more (watcher);
      break;

    case EVENT_RELIST:
      end_watch (watcher, EVENT_RELIST);
      break;

    case EVENT_BROKEN:
    default:
      end_watch (watcher, EVENT_BROKEN);
      break;
    }
  watcher_unref (watcher);
}

static void
read_more (Watcher *watcher)
{
  g_input_stream_read_async (watcher->stream, watcher->chunk, READ_CHUNK,
                             G_PRIORITY_DEFAULT, watcher->cancellable, on_read_cb,
                             watcher_ref (watcher));
}

/* Starting and stopping (worker) ****************************************************************/

static gboolean
start_in_worker_cb (gpointer data)
{
  Watcher *watcher = data;

  if (watcher->running)
    return G_SOURCE_REMOVE;

  watcher->running = TRUE;
  watcher->backoff_ms = 0;
  watcher->state = BN_WATCH_CACHE_LOADING;
  renew_cancellable (watcher);
  start_list (watcher);
  return G_SOURCE_REMOVE;
}

static gboolean
stop_in_worker_cb (gpointer data)
{
  Watcher *watcher = data;

  if (!watcher->running)
    return G_SOURCE_REMOVE;

  watcher->running = FALSE;
  renew_cancellable (watcher);
  stop_stall_check (watcher);
  /* what is left is compacted when a relist finds it again */
  stop_compaction (watcher);
  g_queue_clear_full (watcher->to_compact, (GDestroyNotify) bn_object_snapshot_unref);
  if (watcher->retry_source != NULL)
    {
      g_source_destroy (watcher->retry_source);
      g_clear_pointer (&watcher->retry_source, g_source_unref);
    }
  if (watcher->flush_source != NULL)
    {
      g_source_destroy (watcher->flush_source);
      g_clear_pointer (&watcher->flush_source, g_source_unref);
    }
  /* what was learnt still reaches the model, and the store stays its mirror: starting again
   * lists afresh and reconciles against it */
  flush_pending (watcher);
  g_clear_pointer (&watcher->next_store, g_hash_table_unref);
  g_clear_object (&watcher->stream);
  watcher->listed_once = FALSE;
  return G_SOURCE_REMOVE;
}

/* The queue to the main thread ******************************************************************/

static GAsyncQueue  *batch_queue;
static GMainContext *drain_context;
static gint          drain_scheduled;
static Batch        *drain_current;
static gint64        last_drain;

static void
ensure_queue (void)
{
  if (g_once_init_enter (&batch_queue))
    {
      drain_context = g_main_context_ref_thread_default ();
      g_once_init_leave (&batch_queue, g_async_queue_new ());
    }
}

static gboolean drain_cb (gpointer data);

static void
schedule_drain (void)
{
  g_autoptr(GSource) source = NULL;
  gint64 since = (g_get_monotonic_time () - last_drain) / 1000;
  guint delay = since >= DRAIN_INTERVAL_MS ? 0 : DRAIN_INTERVAL_MS - since;

  source = g_timeout_source_new (delay);
  g_source_set_static_name (source, "[binnacle] watch drain");
  g_source_set_callback (source, drain_cb, NULL, NULL);
  g_source_attach (source, drain_context);
}

static void
push_batch (Batch *batch)
{
  g_async_queue_push (batch_queue, batch);
  if (g_atomic_int_compare_and_exchange (&drain_scheduled, 0, 1))
    schedule_drain ();
}

/* Applying on the main thread *******************************************************************/

static void
announce_additions (BnWatchCache *self)
{
  guint old = self->n_announced;

  if (self->items->len > old)
    {
      self->n_announced = self->items->len;
      g_list_model_items_changed (G_LIST_MODEL (self), old, 0, self->n_announced - old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
}

/* Takes the op's snapshot and leaves the replaced one in its place, to be freed with the
 * batch by the worker (hand_back_batch()). */
static void
apply_upsert (BnWatchCache *self,
              Op           *op)
{
  BnObjectSnapshot *snapshot = op->snapshot;
  const char *uid = bn_object_snapshot_get_uid (snapshot);
  guint pos = GPOINTER_TO_UINT (g_hash_table_lookup (self->index, uid));

  if (pos != 0)
    {
      BnObject *object = g_ptr_array_index (self->items, pos - 1);
      BnObjectSnapshot *old = bn_object_snapshot_ref (bn_object_get_snapshot (object));

      /* the row stays; only its snapshot changes */
      bn_object_set_snapshot (object, snapshot);
      bn_object_snapshot_unref (snapshot);   /* not the last: the object holds it */
      op->snapshot = old;
      return;
    }

  g_ptr_array_add (self->items, bn_object_new (snapshot));
  g_hash_table_insert (self->index, g_strdup (uid), GUINT_TO_POINTER (self->items->len));
}

static void
apply_delete (BnWatchCache     *self,
              BnObjectSnapshot *snapshot)
{
  const char *uid = bn_object_snapshot_get_uid (snapshot);
  guint pos = GPOINTER_TO_UINT (g_hash_table_lookup (self->index, uid));
  guint last;

  if (pos == 0)
    return;
  pos--;

  announce_additions (self);
  g_hash_table_remove (self->index, uid);
  last = self->items->len - 1;

  if (pos == last)
    {
      g_ptr_array_remove_index (self->items, last);
      self->n_announced--;
      g_list_model_items_changed (G_LIST_MODEL (self), last, 1, 0);
    }
  else
    {
      /* O(1) removal from an unordered array: the last row takes the hole. Two exact steps,
       * so the model is what it says at every emission. */
      BnObject *moved = g_ptr_array_steal_index (self->items, last);
      BnObject *gone;

      self->n_announced--;
      g_list_model_items_changed (G_LIST_MODEL (self), last, 1, 0);

      gone = g_ptr_array_index (self->items, pos);
      self->items->pdata[pos] = moved;
      g_hash_table_insert (self->index, g_strdup (bn_object_snapshot_get_uid (bn_object_get_snapshot (moved))),
                           GUINT_TO_POINTER (pos + 1));
      g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 1);
      g_object_unref (gone);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
apply_state (BnWatchCache      *self,
             BnWatchCacheState  state,
             const GError      *error)
{
  announce_additions (self);

  if (state == BN_WATCH_CACHE_READY && self->ready_usec == 0 && self->watcher != NULL)
    self->ready_usec = MAX (1, g_get_monotonic_time () - self->watcher->started_at);

  if (error != NULL || self->error != NULL)
    {
      g_clear_error (&self->error);
      self->error = error ? g_error_copy (error) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static void
apply_op (BnWatchCache *self,
          Op           *op)
{
  switch (op->type)
    {
    case OP_UPSERT:
      apply_upsert (self, op);
      self->events_applied++;
      break;

    case OP_DELETE:
      apply_delete (self, op->snapshot);
      self->events_applied++;
      break;

    case OP_STATE:
      apply_state (self, op->state, op->error);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Applies queued batches until @deadline (monotonic µs, or 0 for no limit). Returns TRUE when
 * everything queued has been applied. */
static gboolean
drain_until (gint64 deadline)
{
  BnWatchCache *touched = NULL;
  gboolean done = FALSE;

  for (;;)
    {
      Batch *batch = drain_current ? drain_current : g_async_queue_try_pop (batch_queue);
      BnWatchCache *cache;

      drain_current = NULL;
      if (batch == NULL)
        {
          done = TRUE;
          break;
        }

      cache = batch->watcher->cache;
      if (cache != touched && touched != NULL)
        announce_additions (touched);
      touched = cache;

      while (cache != NULL && batch->cursor < batch->ops->len)
        {
          apply_op (cache, &g_array_index (batch->ops, Op, batch->cursor));
          batch->cursor++;
          /* checked after every op: a clock read costs far less than one upsert's notifies */
          if (deadline != 0 && g_get_monotonic_time () >= deadline)
            break;
        }

      if (cache != NULL && batch->cursor < batch->ops->len)
        {
          drain_current = batch;
          break;
        }
      hand_back_batch (batch);
      if (deadline != 0 && g_get_monotonic_time () >= deadline)
        break;
    }

  if (touched != NULL)
    announce_additions (touched);
  return done && drain_current == NULL;
}

static gboolean
drain_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  last_drain = now;
  if (!drain_until (now + DRAIN_BUDGET_USEC))
    {
      schedule_drain ();
      return G_SOURCE_REMOVE;
    }

  g_atomic_int_set (&drain_scheduled, 0);
  /* a batch pushed between the last pop and the reset above must not wait for the next one */
  if (g_async_queue_length (batch_queue) > 0 &&
      g_atomic_int_compare_and_exchange (&drain_scheduled, 0, 1))
    schedule_drain ();
  return G_SOURCE_REMOVE;
}

/**
 * bn_watch_cache_flush:
 *
 * Applies everything the workers have queued so far, without a time budget. For tools and
 * tests; the UI lets the frame-paced drain do it.
 */
void
bn_watch_cache_flush (void)
{
  ensure_queue ();
  drain_until (0);
}

/* GListModel ************************************************************************************/

static GType
bn_watch_cache_get_item_type (GListModel *model)
{
  return BN_TYPE_OBJECT;
}

static guint
bn_watch_cache_get_n_items (GListModel *model)
{
  return BN_WATCH_CACHE (model)->n_announced;
}

static gpointer
bn_watch_cache_get_item (GListModel *model,
                         guint       position)
{
  BnWatchCache *self = BN_WATCH_CACHE (model);

  if (position >= self->n_announced)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = bn_watch_cache_get_item_type;
  iface->get_n_items = bn_watch_cache_get_n_items;
  iface->get_item = bn_watch_cache_get_item;
}

/* Public API ************************************************************************************/

GType
bn_watch_cache_state_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { BN_WATCH_CACHE_LOADING, "BN_WATCH_CACHE_LOADING", "loading" },
        { BN_WATCH_CACHE_READY, "BN_WATCH_CACHE_READY", "ready" },
        { BN_WATCH_CACHE_RECONNECTING, "BN_WATCH_CACHE_RECONNECTING", "reconnecting" },
        { BN_WATCH_CACHE_FORBIDDEN, "BN_WATCH_CACHE_FORBIDDEN", "forbidden" },
        { BN_WATCH_CACHE_UNAUTHORIZED, "BN_WATCH_CACHE_UNAUTHORIZED", "unauthorized" },
        { BN_WATCH_CACHE_ERROR, "BN_WATCH_CACHE_ERROR", "error" },
        { 0, NULL, NULL }
      };
      GType type = g_enum_register_static (g_intern_static_string ("BnWatchCacheState"), values);

      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

/**
 * bn_watch_cache_new:
 * @client: the cluster's client
 * @type: what to mirror
 * @namespace_: (nullable): one namespace, or %NULL for all (and for cluster-scoped types)
 * @label_selector: (nullable): a label selector
 *
 * Creates a stopped cache; see bn_watch_cache_start(). Create it on the thread whose main
 * context should receive the changes (the UI thread).
 *
 * Returns: (transfer full): a new #BnWatchCache
 */
BnWatchCache *
bn_watch_cache_new (BnApiClient    *client,
                    BnResourceType *type,
                    const char     *namespace_,
                    const char     *label_selector)
{
  BnWatchCache *self;
  Watcher *watcher;
  g_autofree char *api_version = NULL;

  g_return_val_if_fail (BN_IS_API_CLIENT (client), NULL);
  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (type), NULL);

  ensure_queue ();

  self = g_object_new (BN_TYPE_WATCH_CACHE, NULL);
  self->client = g_object_ref (client);
  self->type = g_object_ref (type);
  self->namespace_ = (namespace_ && *namespace_ && bn_resource_type_get_namespaced (type))
                     ? g_strdup (namespace_) : NULL;
  self->selector = (label_selector && *label_selector) ? g_strdup (label_selector) : NULL;

  api_version = bn_resource_type_dup_api_version (type);
  watcher = g_new0 (Watcher, 1);
  g_atomic_ref_count_init (&watcher->ref_count);
  g_mutex_init (&watcher->stats_lock);
  watcher->client = client;
  watcher->cache = self;
  watcher->path = bn_resource_type_dup_path (type, self->namespace_);
  watcher->selector = g_strdup (self->selector);
  watcher->kind = bn_object_kind_from_name (bn_resource_type_get_kind (type), api_version);
  watcher->min_timeout = DEFAULT_MIN_TIMEOUT;
  watcher->max_timeout = DEFAULT_MAX_TIMEOUT;
  watcher->stall_seconds = DEFAULT_MAX_TIMEOUT + STALL_GRACE_SECONDS;
  watcher->store = store_new ();
  watcher->to_compact = g_queue_new ();
  watcher->decoder = bn_watch_decoder_new (watcher->kind, 0);
  watcher->chunk = g_malloc (READ_CHUNK);
  self->watcher = watcher;

  return self;
}

BnApiClient *
bn_watch_cache_get_client (BnWatchCache *self)
{
  g_return_val_if_fail (BN_IS_WATCH_CACHE (self), NULL);
  return self->client;
}

BnResourceType *
bn_watch_cache_get_resource_type (BnWatchCache *self)
{
  g_return_val_if_fail (BN_IS_WATCH_CACHE (self), NULL);
  return self->type;
}

const char *
bn_watch_cache_get_namespace (BnWatchCache *self)
{
  g_return_val_if_fail (BN_IS_WATCH_CACHE (self), NULL);
  return self->namespace_;
}

const char *
bn_watch_cache_get_label_selector (BnWatchCache *self)
{
  g_return_val_if_fail (BN_IS_WATCH_CACHE (self), NULL);
  return self->selector;
}

/**
 * bn_watch_cache_set_watch_timeout:
 * @self: a stopped #BnWatchCache
 * @min_seconds: shortest `timeoutSeconds` asked of the server
 * @max_seconds: longest `timeoutSeconds` asked of the server
 * @stall_seconds: silence after which a watch is presumed dead and started again
 *
 * Defaults: 300, 600 and 660 seconds. Tests and benchmarks make them short.
 */
void
bn_watch_cache_set_watch_timeout (BnWatchCache *self,
                                  guint         min_seconds,
                                  guint         max_seconds,
                                  guint         stall_seconds)
{
  g_return_if_fail (BN_IS_WATCH_CACHE (self));
  g_return_if_fail (!self->running);
  g_return_if_fail (min_seconds > 0 && min_seconds <= max_seconds);
  g_return_if_fail (stall_seconds > 0);

  self->watcher->min_timeout = min_seconds;
  self->watcher->max_timeout = max_seconds;
  self->watcher->stall_seconds = stall_seconds;
}

/**
 * bn_watch_cache_start:
 * @self: a #BnWatchCache
 *
 * Starts listing and watching in the cluster's worker. The state goes to loading, then ready.
 */
void
bn_watch_cache_start (BnWatchCache *self)
{
  g_return_if_fail (BN_IS_WATCH_CACHE (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->watcher->started_at = g_get_monotonic_time ();
  apply_state (self, BN_WATCH_CACHE_LOADING, NULL);
  _bn_api_client_invoke (self->client, start_in_worker_cb, watcher_ref (self->watcher), watcher_unref);
}

/**
 * bn_watch_cache_stop:
 * @self: a #BnWatchCache
 *
 * Stops listing and watching. The objects stay in the model until the cache is started again
 * (which reconciles them) or finalized.
 */
void
bn_watch_cache_stop (BnWatchCache *self)
{
  g_return_if_fail (BN_IS_WATCH_CACHE (self));

  if (!self->running)
    return;
  self->running = FALSE;
  _bn_api_client_invoke (self->client, stop_in_worker_cb, watcher_ref (self->watcher), watcher_unref);
}

gboolean
bn_watch_cache_is_running (BnWatchCache *self)
{
  g_return_val_if_fail (BN_IS_WATCH_CACHE (self), FALSE);
  return self->running;
}

BnWatchCacheState
bn_watch_cache_get_state (BnWatchCache *self)
{
  g_return_val_if_fail (BN_IS_WATCH_CACHE (self), BN_WATCH_CACHE_ERROR);
  return self->state;
}

/**
 * bn_watch_cache_get_error:
 *
 * Returns: (nullable): why the cache is not ready, if it says
 */
const GError *
bn_watch_cache_get_error (BnWatchCache *self)
{
  g_return_val_if_fail (BN_IS_WATCH_CACHE (self), NULL);
  return self->error;
}

/**
 * bn_watch_cache_lookup:
 *
 * Returns: (transfer none) (nullable): the object with @uid
 */
BnObject *
bn_watch_cache_lookup (BnWatchCache *self,
                       const char   *uid)
{
  guint pos;

  g_return_val_if_fail (BN_IS_WATCH_CACHE (self), NULL);
  g_return_val_if_fail (uid != NULL, NULL);

  pos = GPOINTER_TO_UINT (g_hash_table_lookup (self->index, uid));
  if (pos == 0 || pos > self->n_announced)
    return NULL;
  return g_ptr_array_index (self->items, pos - 1);
}

void
bn_watch_cache_get_stats (BnWatchCache      *self,
                          BnWatchCacheStats *stats)
{
  g_return_if_fail (BN_IS_WATCH_CACHE (self));
  g_return_if_fail (stats != NULL);

  g_mutex_lock (&self->watcher->stats_lock);
  *stats = self->watcher->stats;
  g_mutex_unlock (&self->watcher->stats_lock);
  stats->events_applied = self->events_applied;
  stats->ready_usec = self->ready_usec;
}

static void
bn_watch_cache_dispose (GObject *object)
{
  BnWatchCache *self = BN_WATCH_CACHE (object);

  if (self->watcher != NULL)
    {
      bn_watch_cache_stop (self);
      /* batches still queued for this cache are dropped by the drain */
      self->watcher->cache = NULL;
      g_clear_pointer (&self->watcher, watcher_unref);
    }
  if (drain_current != NULL && drain_current->watcher->cache == NULL)
    g_clear_pointer (&drain_current, queued_batch_free);

  G_OBJECT_CLASS (bn_watch_cache_parent_class)->dispose (object);
}

static void
bn_watch_cache_finalize (GObject *object)
{
  BnWatchCache *self = BN_WATCH_CACHE (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->index, g_hash_table_unref);
  g_clear_error (&self->error);
  g_clear_pointer (&self->namespace_, g_free);
  g_clear_pointer (&self->selector, g_free);
  g_clear_object (&self->type);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (bn_watch_cache_parent_class)->finalize (object);
}

static void
bn_watch_cache_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BnWatchCache *self = BN_WATCH_CACHE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_announced);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_watch_cache_class_init (BnWatchCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bn_watch_cache_dispose;
  object_class->finalize = bn_watch_cache_finalize;
  object_class->get_property = bn_watch_cache_get_property;

  /**
   * BnWatchCache:state:
   *
   * What the cache is doing: loading, ready, reconnecting, forbidden, unauthorized or error.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BN_TYPE_WATCH_CACHE_STATE, BN_WATCH_CACHE_LOADING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * BnWatchCache:error:
   *
   * The last error, while the state is not ready.
   */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bn_watch_cache_init (BnWatchCache *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->state = BN_WATCH_CACHE_LOADING;
}
