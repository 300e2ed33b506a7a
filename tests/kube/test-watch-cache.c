/* test-watch-cache.c: the informer against a loopback server that can be made to misbehave
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-kube-error.h"
#include "bn-test-server.h"
#include "bn-watch-cache.h"

typedef struct
{
  BnTestServer   *server;
  BnApiClient    *client;
  BnWatchCache   *cache;
  BnResourceType *pods;
  guint           items_changed;
  guint           removed;
} Fixture;

static gboolean
on_timeout_cb (gpointer data)
{
  g_error ("Timed out waiting: %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

static gboolean
on_tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* The tick wakes the loop up: some conditions change in other threads only. */
#define wait_until(cond, seconds) G_STMT_START {                                   \
  guint _id = g_timeout_add_seconds (seconds, on_timeout_cb, (gpointer) #cond);    \
  guint _tick = g_timeout_add (10, on_tick_cb, NULL);                               \
  while (!(cond))                                                                   \
    g_main_context_iteration (NULL, TRUE);                                          \
  g_source_remove (_tick);                                                          \
  g_source_remove (_id);                                                            \
} G_STMT_END

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    data)
{
  Fixture *fixture = data;

  fixture->items_changed++;
  fixture->removed += removed;
  /* the model is what it says at every emission */
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, position + added);
  if (added > 0)
    {
      g_autoptr(BnObject) object = g_list_model_get_item (model, position + added - 1);

      g_assert_nonnull (object);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(BnClusterInfo) cluster = NULL;
  g_autoptr(BnAuthInfo) auth = NULL;
  g_autoptr(GError) error = NULL;

  fixture->server = bn_test_server_new (GPOINTER_TO_INT (data));
  bn_test_server_set_token (fixture->server, "t0ken");
  cluster = bn_test_server_cluster_info (fixture->server);
  auth = bn_test_server_auth_info (fixture->server);
  fixture->client = bn_api_client_new (cluster, auth, &error);
  g_assert_no_error (error);
  fixture->pods = bn_resource_type_new_builtin ("pods");
  fixture->cache = bn_watch_cache_new (fixture->client, fixture->pods, NULL, NULL);
  bn_watch_cache_set_watch_timeout (fixture->cache, 300, 600, 60);
  g_signal_connect (fixture->cache, "items-changed", G_CALLBACK (on_items_changed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bn_watch_cache_stop (fixture->cache);
  g_assert_finalize_object (fixture->cache);
  g_assert_finalize_object (fixture->client);
  g_assert_finalize_object (fixture->pods);
  bn_test_server_free (fixture->server);
}

/* The cache holds exactly the server's objects at their resourceVersions. */
static gboolean
cache_equals_server (Fixture *fixture)
{
  g_autoptr(GHashTable) store = bn_test_server_dup_store (fixture->server);
  GListModel *model = G_LIST_MODEL (fixture->cache);
  guint n = g_list_model_get_n_items (model);

  if (n != g_hash_table_size (store))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BnObject) object = g_list_model_get_item (model, i);
      const char *rv = g_hash_table_lookup (store, bn_object_get_uid (object));

      if (g_strcmp0 (rv, bn_object_get_resource_version (object)) != 0)
        return FALSE;
    }
  return TRUE;
}

static guint64
count_lists (BnWatchCache *cache)
{
  BnWatchCacheStats stats;

  bn_watch_cache_get_stats (cache, &stats);
  return stats.lists;
}

static void
test_new_destroy (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_cmpint (bn_watch_cache_get_state (fixture->cache), ==, BN_WATCH_CACHE_LOADING);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->cache)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (fixture->cache)) == BN_TYPE_OBJECT);
}

static void
test_list_and_watch (Fixture       *fixture,
                     gconstpointer  data)
{
  BnWatchCacheStats stats;
  g_autoptr(BnObject) first = NULL;
  g_autofree char *first_uid = NULL;

  bn_test_server_add_pods (fixture->server, 1234);
  bn_watch_cache_start (fixture->cache);
  wait_until (bn_watch_cache_get_state (fixture->cache) == BN_WATCH_CACHE_READY, 60);
  g_assert_true (cache_equals_server (fixture));

  bn_watch_cache_get_stats (fixture->cache, &stats);
  g_assert_cmpuint (stats.list_pages, ==, 3);
  g_assert_cmpuint (stats.lists, ==, 1);
  /* pages arrive as a few batches, not one signal per object */
  g_assert_cmpuint (fixture->items_changed, <, 40);

  /* changes keep the rows: MODIFIED swaps the snapshot of the same BnObject */
  first = g_list_model_get_item (G_LIST_MODEL (fixture->cache), 0);
  first_uid = g_strdup (bn_object_get_uid (first));
  fixture->items_changed = 0;
  bn_test_server_modify_pods (fixture->server, 3000);
  wait_until (cache_equals_server (fixture), 60);
  g_assert_cmpuint (fixture->items_changed, ==, 0);
  g_assert_true (bn_watch_cache_lookup (fixture->cache, first_uid) == first);

  bn_test_server_add_pods (fixture->server, 100);
  bn_test_server_delete_pods (fixture->server, 50);
  wait_until (cache_equals_server (fixture), 60);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->cache)), ==, 1234 + 100 - 50);

  bn_watch_cache_get_stats (fixture->cache, &stats);
  g_assert_cmpuint (stats.lists, ==, 1);
  g_assert_cmpuint (bn_test_server_count_requests (fixture->server, "GET", "/api/v1/pods",
                                                   "allowWatchBookmarks=true"), ==, 1);
}

static void
test_watch_drop_resumes (Fixture       *fixture,
                         gconstpointer  data)
{
  BnWatchCacheStats stats;

  bn_test_server_add_pods (fixture->server, 600);
  bn_watch_cache_start (fixture->cache);
  wait_until (bn_watch_cache_get_state (fixture->cache) == BN_WATCH_CACHE_READY, 60);

  for (guint i = 0; i < 5; i++)
    {
      /* break the watch only once it is open, or nothing is broken */
      wait_until (bn_test_server_count_requests (fixture->server, "GET", NULL, "watch=true") >= i + 1, 60);
      bn_test_server_break_watches (fixture->server, 10, 50, 7, FALSE);
      wait_until (cache_equals_server (fixture), 60);
    }

  /* resumed from the last resourceVersion each time: no relist */
  bn_watch_cache_get_stats (fixture->cache, &stats);
  g_assert_cmpuint (stats.lists, ==, 1);
  g_assert_cmpuint (stats.watches, >=, 6);
  g_assert_cmpuint (bn_test_server_count_requests (fixture->server, "GET", "/api/v1/pods", "limit=500"), ==, 2);
}

static void
test_compaction_relists (Fixture       *fixture,
                         gconstpointer  data)
{
  guint removed_before;

  bn_test_server_add_pods (fixture->server, 800);
  bn_watch_cache_start (fixture->cache);
  wait_until (bn_watch_cache_get_state (fixture->cache) == BN_WATCH_CACHE_READY, 60);

  /* missed deletions behind a compaction come back as removals after the relist */
  removed_before = fixture->removed;
  bn_test_server_break_watches (fixture->server, 25, 40, 30, TRUE);
  wait_until (count_lists (fixture->cache) == 2, 60);
  wait_until (cache_equals_server (fixture), 60);
  g_assert_cmpuint (fixture->removed - removed_before, >=, 30);

  bn_test_server_modify_pods (fixture->server, 100);
  wait_until (cache_equals_server (fixture), 60);
  g_assert_cmpint (bn_watch_cache_get_state (fixture->cache), ==, BN_WATCH_CACHE_READY);
}

static void
test_retry_after_and_errors (Fixture       *fixture,
                             gconstpointer  data)
{
  bn_test_server_add_pods (fixture->server, 700);
  bn_test_server_fail_next (fixture->server, 429, 1, "1", FALSE);
  bn_watch_cache_start (fixture->cache);
  wait_until (bn_watch_cache_get_state (fixture->cache) == BN_WATCH_CACHE_READY, 60);
  g_assert_true (cache_equals_server (fixture));

  /* 500s on the watch: the cache goes on from where it was */
  bn_test_server_fail_next (fixture->server, 500, 3, NULL, FALSE);
  bn_test_server_break_watches (fixture->server, 5, 5, 5, FALSE);
  wait_until (cache_equals_server (fixture) &&
              bn_watch_cache_get_state (fixture->cache) == BN_WATCH_CACHE_READY, 60);
}

static void
test_stalled_watch (Fixture       *fixture,
                    gconstpointer  data)
{
  BnWatchCacheStats stats;

  bn_test_server_add_pods (fixture->server, 50);
  bn_watch_cache_set_watch_timeout (fixture->cache, 300, 600, 2);
  bn_watch_cache_start (fixture->cache);
  wait_until (bn_watch_cache_get_state (fixture->cache) == BN_WATCH_CACHE_READY, 60);

  /* the open watch hears nothing any more; only a new one gets the changes */
  wait_until (bn_test_server_count_requests (fixture->server, "GET", NULL, "watch=true") == 1, 60);
  bn_test_server_stall_watches (fixture->server, TRUE);
  bn_test_server_modify_pods (fixture->server, 60);
  bn_test_server_stall_watches (fixture->server, FALSE);
  wait_until (cache_equals_server (fixture), 60);
  bn_watch_cache_get_stats (fixture->cache, &stats);
  g_assert_cmpuint (stats.watches, >=, 2);
  g_assert_cmpuint (stats.lists, ==, 1);
}

static void
test_forbidden (Fixture       *fixture,
                gconstpointer  data)
{
  const GError *error;

  bn_test_server_forbid_pods (fixture->server, TRUE);
  bn_watch_cache_start (fixture->cache);
  wait_until (bn_watch_cache_get_state (fixture->cache) == BN_WATCH_CACHE_FORBIDDEN, 60);
  error = bn_watch_cache_get_error (fixture->cache);
  g_assert_error ((GError *) error, BN_KUBE_ERROR, BN_KUBE_ERROR_FORBIDDEN);
  g_assert_cmpstr (error->message, ==,
                   "pods is forbidden: User \"viewer\" cannot list resource \"pods\" in API group \"\" "
                   "at the cluster scope");

  /* RBAC fixed: the next retry loads */
  bn_test_server_forbid_pods (fixture->server, FALSE);
  wait_until (bn_watch_cache_get_state (fixture->cache) == BN_WATCH_CACHE_READY, 60);
  g_assert_null (bn_watch_cache_get_error (fixture->cache));
}

static void
test_unauthorized (Fixture       *fixture,
                   gconstpointer  data)
{
  bn_test_server_set_token (fixture->server, "another-token");
  bn_watch_cache_start (fixture->cache);
  wait_until (bn_watch_cache_get_state (fixture->cache) == BN_WATCH_CACHE_UNAUTHORIZED, 60);
  g_assert_error ((GError *) bn_watch_cache_get_error (fixture->cache), BN_KUBE_ERROR,
                  BN_KUBE_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->cache)), ==, 0);
}

static void
test_stop_and_start (Fixture       *fixture,
                     gconstpointer  data)
{
  bn_test_server_add_pods (fixture->server, 300);
  bn_watch_cache_start (fixture->cache);
  wait_until (bn_watch_cache_get_state (fixture->cache) == BN_WATCH_CACHE_READY, 60);

  bn_watch_cache_stop (fixture->cache);
  bn_test_server_delete_pods (fixture->server, 40);
  bn_test_server_add_pods (fixture->server, 10);
  bn_watch_cache_start (fixture->cache);
  wait_until (cache_equals_server (fixture), 60);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->cache)), ==, 270);
}

/* Every snapshot the model holds is compact, or would not shrink by compacting. */
static gboolean
cache_is_compact (Fixture *fixture,
                  guint   *n_compact)
{
  GListModel *model = G_LIST_MODEL (fixture->cache);
  guint n = g_list_model_get_n_items (model);

  *n_compact = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BnObject) object = g_list_model_get_item (model, i);
      BnObjectSnapshot *snapshot = bn_object_get_snapshot (object);
      g_autoptr(BnObjectSnapshot) compact = NULL;

      if (bn_object_snapshot_is_compact (snapshot))
        {
          (*n_compact)++;
          continue;
        }
      compact = bn_object_snapshot_compact (snapshot);
      if (compact != snapshot)
        return FALSE;
    }
  return TRUE;
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              gpointer    data)
{
  GPtrArray *notified = data;

  g_ptr_array_add (notified, (gpointer) g_param_spec_get_name (pspec));
}

static void
test_compact_after_ready (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) notified = g_ptr_array_new ();
  g_autoptr(BnObject) first = NULL;
  g_autoptr(BnObject) still_first = NULL;
  g_autoptr(GBytes) json = NULL;
  guint n_compact = 0;

  bn_test_server_add_pods (fixture->server, 1200);
  bn_watch_cache_start (fixture->cache);
  wait_until (bn_watch_cache_get_state (fixture->cache) == BN_WATCH_CACHE_READY, 60);
  first = g_list_model_get_item (G_LIST_MODEL (fixture->cache), 0);
  if (!bn_object_snapshot_is_compact (bn_object_get_snapshot (first)))
    g_signal_connect (first, "notify", G_CALLBACK (on_notify_cb), notified);

  fixture->items_changed = 0;
  wait_until (cache_is_compact (fixture, &n_compact), 60);
  g_assert_cmpuint (n_compact, ==, 1200);
  g_assert_true (cache_equals_server (fixture));

  /* compacting swaps snapshots in place: no row appears or vanishes, and only the snapshot
   * is notified */
  g_assert_cmpuint (fixture->items_changed, ==, 0);
  still_first = g_list_model_get_item (G_LIST_MODEL (fixture->cache), 0);
  g_assert_true (still_first == first);
  for (guint i = 0; i < notified->len; i++)
    g_assert_cmpstr (g_ptr_array_index (notified, i), ==, "snapshot");
  g_signal_handlers_disconnect_by_func (first, on_notify_cb, notified);

  /* and the JSON reads back whole */
  json = bn_object_snapshot_ref_json (bn_object_get_snapshot (first));
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (json, NULL), g_bytes_get_size (json),
                                  bn_object_get_uid (first)));
}

static void
test_compact_after_events (Fixture       *fixture,
                           gconstpointer  data)
{
  guint n_compact = 0;

  bn_test_server_add_pods (fixture->server, 600);
  bn_watch_cache_start (fixture->cache);
  wait_until (bn_watch_cache_get_state (fixture->cache) == BN_WATCH_CACHE_READY, 60);
  wait_until (bn_test_server_count_requests (fixture->server, "GET", NULL, "watch=true") >= 1, 60);

  /* objects that arrive or change by watch are compact as soon as they are in the model */
  bn_test_server_modify_pods (fixture->server, 2000);
  bn_test_server_add_pods (fixture->server, 150);
  bn_test_server_delete_pods (fixture->server, 50);
  wait_until (cache_equals_server (fixture), 60);
  wait_until (cache_is_compact (fixture, &n_compact), 60);
  g_assert_cmpuint (n_compact, ==, 700);
  g_assert_true (cache_equals_server (fixture));
}

static void
test_relist_keeps_compact (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GHashTable) before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) bn_object_snapshot_unref);
  GListModel *model = G_LIST_MODEL (fixture->cache);
  guint n_compact = 0;
  guint kept = 0;

  bn_test_server_add_pods (fixture->server, 900);
  bn_watch_cache_start (fixture->cache);
  wait_until (bn_watch_cache_get_state (fixture->cache) == BN_WATCH_CACHE_READY, 60);
  wait_until (cache_is_compact (fixture, &n_compact), 60);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BnObject) object = g_list_model_get_item (model, i);

      g_hash_table_insert (before, g_strdup (bn_object_get_uid (object)),
                           bn_object_snapshot_ref (bn_object_get_snapshot (object)));
    }

  /* a 410 relists: what changed behind it arrives (and is compacted), what did not keeps the
   * compact copy the model already holds */
  bn_test_server_break_watches (fixture->server, 20, 60, 25, TRUE);
  wait_until (count_lists (fixture->cache) == 2, 60);
  wait_until (cache_equals_server (fixture), 60);
  wait_until (cache_is_compact (fixture, &n_compact), 60);
  g_assert_cmpuint (n_compact, ==, 900 + 20 - 25);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BnObject) object = g_list_model_get_item (model, i);
      BnObjectSnapshot *old = g_hash_table_lookup (before, bn_object_get_uid (object));

      if (old != NULL && g_strcmp0 (bn_object_snapshot_get_resource_version (old),
                                    bn_object_get_resource_version (object)) == 0)
        {
          g_assert_true (bn_object_get_snapshot (object) == old);
          kept++;
        }
    }
  g_assert_cmpuint (kept, >=, 900 - 60 - 25);

  bn_test_server_modify_pods (fixture->server, 100);
  wait_until (cache_equals_server (fixture), 60);
  wait_until (cache_is_compact (fixture, &n_compact), 60);
  g_assert_cmpuint (n_compact, ==, 895);
}

#define add_test(path, func, tls) \
  g_test_add (path, Fixture, GINT_TO_POINTER (tls), fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  add_test ("/binnacle/watch-cache/new-destroy", test_new_destroy, FALSE);
  add_test ("/binnacle/watch-cache/list-and-watch", test_list_and_watch, TRUE);
  add_test ("/binnacle/watch-cache/watch-drop-resumes", test_watch_drop_resumes, FALSE);
  add_test ("/binnacle/watch-cache/compaction-relists", test_compaction_relists, FALSE);
  add_test ("/binnacle/watch-cache/retry-after-and-errors", test_retry_after_and_errors, FALSE);
  add_test ("/binnacle/watch-cache/stalled-watch", test_stalled_watch, FALSE);
  add_test ("/binnacle/watch-cache/forbidden", test_forbidden, FALSE);
  add_test ("/binnacle/watch-cache/unauthorized", test_unauthorized, FALSE);
  add_test ("/binnacle/watch-cache/stop-and-start", test_stop_and_start, FALSE);
  add_test ("/binnacle/watch-cache/compact-after-ready", test_compact_after_ready, FALSE);
  add_test ("/binnacle/watch-cache/compact-after-events", test_compact_after_events, FALSE);
  add_test ("/binnacle/watch-cache/relist-keeps-compact", test_relist_keeps_compact, FALSE);

  ret = g_test_run ();

  /* let the thread pools (TLS handshakes run there) wind down before the leak checker stops
   * the world: it crashes on a thread that is still parked in a pool */
  g_thread_pool_set_max_idle_time (100);
  g_usleep (G_USEC_PER_SEC);
  g_thread_pool_stop_unused_threads ();
  g_usleep (300 * 1000);
  return ret;
}
