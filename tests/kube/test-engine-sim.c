/* test-engine-sim.c: the engine against binnacle-sim over HTTPS, with faults
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "bn-cluster-manager.h"
#include "bn-kube-error.h"
#include "bn-test-sim.h"
#include "bn-watch-cache.h"

/* Under AddressSanitizer the sim is several times slower: the churn is made lighter so the
 * server still answers its control endpoint; the run is about memory, not throughput. */
#if defined(__SANITIZE_ADDRESS__)
# define CHURN_RATE    "200"
# define CHURN_TARGET  2000
# define FAULT_CHURN   100
#else
# define CHURN_RATE    "1000"
# define CHURN_TARGET  10000
# define FAULT_CHURN   500
#endif

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

#define wait_until(cond, seconds) G_STMT_START {                                   \
  guint _id = g_timeout_add_seconds (seconds, on_timeout_cb, (gpointer) #cond);    \
  guint _tick = g_timeout_add (50, on_tick_cb, NULL);                               \
  while (!(cond))                                                                   \
    g_main_context_iteration (NULL, TRUE);                                          \
  g_source_remove (_tick);                                                          \
  g_source_remove (_id);                                                            \
} G_STMT_END

/* The cache holds exactly the server's pods at their resourceVersions. */
static gboolean
cache_equals_server (BnTestSim    *sim,
                     BnApiClient  *client,
                     BnWatchCache *cache)
{
  g_autoptr(GHashTable) store = bn_test_sim_dup_pods (sim, client);
  GListModel *model = G_LIST_MODEL (cache);
  guint n;

  bn_watch_cache_flush ();
  n = g_list_model_get_n_items (model);
  if (n != g_hash_table_size (store))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BnObject) object = g_list_model_get_item (model, i);

      if (g_strcmp0 (g_hash_table_lookup (store, bn_object_get_uid (object)),
                     bn_object_get_resource_version (object)) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
stop_churn_and_settle (BnTestSim *sim)
{
  g_autoptr(JsonNode) reply = bn_test_sim_control (sim, "POST", "/churn", "{\"rate\":0}");
  gint64 until = g_get_monotonic_time () + 300 * 1000;

  /* let the last events of the churn reach the cache before comparing */
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static void
churn_for (BnTestSim *sim,
           guint      rate,
           guint      milliseconds)
{
  g_autofree char *body = g_strdup_printf ("{\"rate\":%u}", rate);
  g_autoptr(JsonNode) reply = bn_test_sim_control (sim, "POST", "/churn", body);
  gint64 until = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  stop_churn_and_settle (sim);
}

static gint64
sim_resource_version (BnTestSim *sim)
{
  g_autoptr(JsonNode) state = bn_test_sim_control (sim, "GET", "/state", NULL);

  return json_object_get_int_member (json_node_get_object (state), "resourceVersion");
}

static void
add_fault (BnTestSim  *sim,
           const char *spec)
{
  g_autoptr(JsonNode) reply = bn_test_sim_control (sim, "POST", "/faults", spec);

  g_assert_nonnull (reply);
}

static BnWatchCache *
start_pods_cache (BnApiClient *client,
                  guint        stall_seconds)
{
  g_autoptr(BnResourceType) pods = bn_resource_type_new_builtin ("pods");
  BnWatchCache *cache = bn_watch_cache_new (client, pods, NULL, NULL);

  bn_watch_cache_set_watch_timeout (cache, 300, 600, stall_seconds);
  bn_watch_cache_start (cache);
  return cache;
}

static guint64
count_lists (BnWatchCache *cache)
{
  BnWatchCacheStats stats;

  bn_watch_cache_get_stats (cache, &stats);
  return stats.lists;
}

static void
test_scale_10000 (void)
{
  BnTestSim *sim = bn_test_sim_start ("scale:10000", NULL);
  g_autoptr(BnApiClient) client = bn_test_sim_new_client (sim, "admin");
  g_autoptr(BnWatchCache) cache = start_pods_cache (client, 60);
  BnWatchCacheStats stats;
  gint64 rv_before;
  gint64 churned;

  wait_until (bn_watch_cache_get_state (cache) == BN_WATCH_CACHE_READY, 120);
  g_assert_true (cache_equals_server (sim, client, cache));
  bn_watch_cache_get_stats (cache, &stats);
  g_assert_cmpuint (stats.list_pages, ==, 20);
  g_test_message ("10,000 pods: %" G_GUINT64_FORMAT " bytes, listed by the worker after %.0f ms, "
                  "ready on the main thread after %.0f ms",
                  stats.bytes_received, stats.first_list_usec / 1000.0, stats.ready_usec / 1000.0);

  /* 10,000 churn events later (or what the server managed in 30 s on a busy machine) */
  rv_before = sim_resource_version (sim);
  {
    g_autoptr(JsonNode) reply = bn_test_sim_control (sim, "POST", "/churn", "{\"rate\":" CHURN_RATE "}");
    gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (sim_resource_version (sim) - rv_before < CHURN_TARGET && g_get_monotonic_time () < until)
      for (gint64 tick = g_get_monotonic_time () + G_USEC_PER_SEC; g_get_monotonic_time () < tick;)
        g_main_context_iteration (NULL, FALSE);
  }
  stop_churn_and_settle (sim);
  churned = sim_resource_version (sim) - rv_before;
  wait_until (cache_equals_server (sim, client, cache), 60);
  bn_watch_cache_get_stats (cache, &stats);
  g_test_message ("%" G_GINT64_FORMAT " changes churned, %" G_GUINT64_FORMAT " events received",
                  churned, stats.events_received);
  /* every change came through the watch: no relist, nothing missed */
  g_assert_cmpint (churned, >=, CHURN_TARGET / 10);
  g_assert_cmpuint (stats.events_received, >=, (guint64) churned);
  g_assert_cmpuint (stats.lists, ==, 1);

  bn_watch_cache_stop (cache);
  g_clear_object (&cache);
  g_clear_object (&client);
  bn_test_sim_stop (sim);
}

static void
delete_one_pod (BnApiClient  *client,
                BnWatchCache *cache);
static GError *
send (BnApiClient *client,
      const char  *method,
      const char  *path,
      const char  *json);

static void
test_faults (void)
{
  /* The client signs in with a certificate. The sim, like kube-apiserver, asks every client for
   * one, and glib-networking 2.74 leaks a GError ("Server required TLS certificate", 48 bytes)
   * when a client that had none to give sees the connection cut without a TLS close_notify, as
   * the drops below do: it sets the error in a read that it then reports as the end of the
   * stream, so no caller can free it. The leak is the TLS backend's; this case keeps to the path
   * that does not hit it, so it can run under AddressSanitizer. */
  BnTestSim *sim = bn_test_sim_start ("scale:3000", "--bookmark-interval", "1",
                                      "--cert-context", "cert-admin", NULL);
  g_autoptr(BnApiClient) client = bn_test_sim_new_client (sim, "cert-admin");
  g_autoptr(BnResourceType) pods = bn_resource_type_new_builtin ("pods");
  g_autoptr(BnWatchCache) cache = bn_watch_cache_new (client, pods, NULL, NULL);
  guint64 lists;

  /* watches renew every 3 s, so faults queued now meet the next one */
  bn_watch_cache_set_watch_timeout (cache, 3, 3, 5);

  /* a list dropped halfway and a truncated page: the page is fetched again */
  add_fault (sim, "{\"action\":\"drop\",\"path\":\"/api/v1/pods\",\"list\":true,\"count\":1}");
  add_fault (sim, "{\"action\":\"truncate\",\"path\":\"/api/v1/pods\",\"list\":true,\"count\":1}");
  bn_watch_cache_start (cache);
  wait_until (bn_watch_cache_get_state (cache) == BN_WATCH_CACHE_READY, 60);
  g_assert_true (cache_equals_server (sim, client, cache));

  /* watches dropped after a few events: resumed from the last resourceVersion */
  add_fault (sim, "{\"action\":\"drop\",\"path\":\"/api/v1/pods\",\"watch\":true,\"afterEvents\":20,\"count\":2}");
  churn_for (sim, FAULT_CHURN, 4000);
  wait_until (cache_equals_server (sim, client, cache), 60);

  /* 429 with Retry-After (Status and plain text), 500s, another drop */
  add_fault (sim, "{\"action\":\"status\",\"code\":429,\"retryAfter\":1,\"path\":\"/api/v1/pods\",\"watch\":true,\"count\":1}");
  add_fault (sim, "{\"action\":\"throttle-text\",\"retryAfter\":1,\"path\":\"/api/v1/pods\",\"watch\":true,\"count\":1}");
  add_fault (sim, "{\"action\":\"status\",\"code\":500,\"path\":\"/api/v1/pods\",\"watch\":true,\"count\":2}");
  add_fault (sim, "{\"action\":\"drop\",\"path\":\"/api/v1/pods\",\"watch\":true,\"afterEvents\":5,\"count\":1}");
  churn_for (sim, FAULT_CHURN, 5000);
  wait_until (cache_equals_server (sim, client, cache) &&
              bn_watch_cache_get_state (cache) == BN_WATCH_CACHE_READY, 60);

  /* a watch gone silent while the server changes, deletes and compacts behind it: the silence
   * ends, the resumed watch meets 410, the relist reconciles (the deleted pod vanishes) */
  lists = count_lists (cache);
  add_fault (sim, "{\"action\":\"stall\",\"path\":\"/api/v1/pods\",\"watch\":true,\"count\":1}");
  churn_for (sim, 100, 3500);
  delete_one_pod (client, cache);
  churn_for (sim, 100, 500);
  {
    g_autoptr(JsonNode) compacted = bn_test_sim_control (sim, "POST", "/compact", NULL);
  }
  wait_until (cache_equals_server (sim, client, cache), 60);
  g_assert_cmpuint (count_lists (cache), >, lists);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cache)), ==, 2999);

  bn_watch_cache_stop (cache);
  g_clear_object (&cache);
  g_clear_object (&client);
  bn_test_sim_stop (sim);
}

static void
test_unauthorized (void)
{
  BnTestSim *sim = bn_test_sim_start ("demo", NULL);
  g_autoptr(BnClusterInfo) cluster = NULL;
  g_autoptr(BnAuthInfo) auth = bn_auth_info_new ();
  g_autoptr(BnApiClient) admin = bn_test_sim_new_client (sim, "admin");
  g_autoptr(BnApiClient) client = NULL;
  g_autoptr(BnWatchCache) cache = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token_file = g_build_filename (g_get_tmp_dir (), "bn-engine-sim-token", NULL);

  /* the same cluster, with a token the server does not know, read from a file */
  cluster = bn_cluster_info_ref (bn_api_client_get_cluster_info (admin));
  g_assert_true (g_file_set_contents (token_file, "not-a-token\n", -1, NULL));
  auth->token_file = g_strdup (token_file);
  client = bn_api_client_new (cluster, auth, &error);
  g_assert_no_error (error);

  cache = start_pods_cache (client, 60);
  wait_until (bn_watch_cache_get_state (cache) == BN_WATCH_CACHE_UNAUTHORIZED, 30);
  g_assert_error ((GError *) bn_watch_cache_get_error (cache), BN_KUBE_ERROR, BN_KUBE_ERROR_UNAUTHORIZED);
  /* the token was read again once, then the 401 stood */
  g_assert_cmpuint (bn_test_sim_count_requests (sim, "GET", "/api/v1/pods", "limit=500"), ==, 2);

  bn_watch_cache_stop (cache);
  g_clear_object (&cache);
  g_clear_object (&client);
  g_clear_object (&admin);
  g_unlink (token_file);
  bn_test_sim_stop (sim);
}

static void
test_forbidden (void)
{
  BnTestSim *sim = bn_test_sim_start ("demo", NULL);
  g_autoptr(BnApiClient) client = bn_test_sim_new_client (sim, "developer");
  g_autoptr(BnWatchCache) cache = start_pods_cache (client, 60);
  g_autoptr(BnResourceType) pods = bn_resource_type_new_builtin ("pods");
  g_autoptr(BnWatchCache) dev = NULL;
  const GError *error;

  wait_until (bn_watch_cache_get_state (cache) == BN_WATCH_CACHE_FORBIDDEN, 30);
  error = bn_watch_cache_get_error (cache);
  g_assert_error ((GError *) error, BN_KUBE_ERROR, BN_KUBE_ERROR_FORBIDDEN);
  g_assert_cmpstr (error->message, ==,
                   "pods is forbidden: User \"developer\" cannot list resource \"pods\" in API group \"\" "
                   "at the cluster scope");
  /* the Status reason came along, through the worker's batch to the main thread */
  g_assert_cmpstr (bn_kube_error_get_status_reason (error), ==, "Forbidden");
  g_assert_cmpuint (bn_kube_error_get_status_code (error), ==, 403);

  /* their own namespace is fine */
  dev = bn_watch_cache_new (client, pods, "dev", NULL);
  bn_watch_cache_start (dev);
  wait_until (bn_watch_cache_get_state (dev) == BN_WATCH_CACHE_READY, 30);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (dev)), >, 0);

  /* and a pod that is not there is NotFound, by reason as by code */
  {
    g_autoptr(GError) missing = send (client, "GET", "/api/v1/namespaces/dev/pods/no-such-pod", NULL);

    g_assert_error (missing, BN_KUBE_ERROR, BN_KUBE_ERROR_NOT_FOUND);
    g_assert_cmpstr (bn_kube_error_get_status_reason (missing), ==, "NotFound");
    g_assert_cmpuint (bn_kube_error_get_status_code (missing), ==, 404);
  }

  bn_watch_cache_stop (cache);
  bn_watch_cache_stop (dev);
  g_clear_object (&cache);
  g_clear_object (&dev);
  g_clear_object (&client);
  bn_test_sim_stop (sim);
}

typedef struct
{
  GError   *error;
  gboolean  done;
} Wait;

static void
on_request_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      data)
{
  Wait *wait = data;
  g_autoptr(GBytes) body = bn_api_client_request_finish (BN_API_CLIENT (object), result, &wait->error);

  wait->done = TRUE;
}

static GError *
send (BnApiClient *client,
      const char  *method,
      const char  *path,
      const char  *json)
{
  g_autoptr(GBytes) body = json ? g_bytes_new (json, strlen (json)) : NULL;
  Wait wait = { 0 };

  bn_api_client_request_async (client, method, path, body, NULL, on_request_done_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  return wait.error;
}

static void
delete_one_pod (BnApiClient  *client,
                BnWatchCache *cache)
{
  g_autoptr(BnObject) victim = g_list_model_get_item (G_LIST_MODEL (cache), 0);
  g_autofree char *path = g_strdup_printf ("/api/v1/namespaces/%s/pods/%s",
                                           bn_object_get_namespace (victim), bn_object_get_name (victim));
  g_autoptr(GError) error = NULL;

  bn_api_client_set_locked (client, FALSE);
  error = send (client, "DELETE", path, NULL);
  bn_api_client_set_locked (client, TRUE);
  g_assert_no_error (error);
}

static void
test_read_only_guard (void)
{
  static const char * const methods[] = { "POST", "PUT", "PATCH", "DELETE" };
  static const char * const paths[] = {
    "/api/v1/namespaces/default/pods",
    "/api/v1/namespaces/default/pods/web-0",
    "/apis/apps/v1/namespaces/default/deployments/web/scale",
    "/api/v1/nodes/node-1",
    "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/x",
  };
  BnTestSim *sim = bn_test_sim_start ("demo", NULL);
  g_autoptr(BnApiClient) client = bn_test_sim_new_client (sim, "admin");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) cleared = bn_test_sim_control (sim, "DELETE", "/requests", NULL);

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
      {
        error = send (client, methods[m], paths[p], "{}");
        g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_READ_ONLY);
        g_clear_error (&error);
      }

  /* asking what we may do is no change */
  error = send (client, "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                "{\"kind\":\"SelfSubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\","
                "\"spec\":{\"resourceAttributes\":{\"verb\":\"list\",\"resource\":\"pods\"}}}");
  g_assert_no_error (error);

  g_assert_cmpuint (bn_test_sim_count_requests (sim, "POST", NULL, NULL), ==, 1);
  g_assert_cmpuint (bn_test_sim_count_requests (sim, "PUT", NULL, NULL), ==, 0);
  g_assert_cmpuint (bn_test_sim_count_requests (sim, "PATCH", NULL, NULL), ==, 0);
  g_assert_cmpuint (bn_test_sim_count_requests (sim, "DELETE", NULL, NULL), ==, 0);

  g_clear_object (&client);
  bn_test_sim_stop (sim);
}

static void
test_cluster_manager (void)
{
  BnTestSim *sim = bn_test_sim_start ("demo", NULL);
  g_autoptr(BnApiClient) admin = bn_test_sim_new_client (sim, "admin");
  g_autoptr(BnClusterManager) manager = bn_cluster_manager_new ();
  g_autoptr(BnClusterInfo) nowhere = bn_cluster_info_new ();
  g_autoptr(BnAuthInfo) auth = bn_auth_info_new ();
  g_autoptr(BnCluster) good = NULL;
  g_autoptr(BnCluster) bad = NULL;
  g_autoptr(GHashTable) store = NULL;
  GListModel *all;
  gint64 start;

  /* a cluster whose address answers nothing (a TEST-NET address) must not hold up the other */
  nowhere->name = g_strdup ("nowhere");
  nowhere->server = g_strdup ("https://192.0.2.1:6443");
  bad = bn_cluster_new ("nowhere", "nowhere", nowhere, auth, NULL);
  auth->token = g_strdup ("binnacle-admin-token");
  good = bn_cluster_new ("sim", "sim", bn_api_client_get_cluster_info (admin), auth, NULL);
  bn_cluster_manager_add (manager, bad);
  bn_cluster_manager_add (manager, good);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 2);
  g_assert_true (bn_cluster_get_locked (good));

  start = g_get_monotonic_time ();
  bn_cluster_connect (bad);
  bn_cluster_connect (good);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 2);

  all = bn_cluster_manager_get_all_pods (manager);
  store = bn_test_sim_dup_pods (sim, admin);
  wait_until (g_list_model_get_n_items (all) == g_hash_table_size (store), 30);
  wait_until (bn_cluster_get_status (good) == BN_CLUSTER_CONNECTED, 30);
  g_assert_nonnull (bn_cluster_get_server_version (good));
  g_assert_cmpint (bn_cluster_get_status (bad), !=, BN_CLUSTER_CONNECTED);
  {
    g_autoptr(BnObject) first = g_list_model_get_item (all, 0);

    g_assert_true (bn_object_get_cluster (first) == good);
  }
  g_assert_true (bn_api_client_get_locked (bn_cluster_get_client (good)));

  /* two users of one (resource, namespace, selector) share a cache; unused, it stops after
   * the grace period */
  {
    g_autoptr(BnResourceType) pods = bn_resource_type_new_builtin ("pods");
    g_autoptr(BnWatchCache) first = NULL;
    g_autoptr(BnWatchCache) second = NULL;
    guint before = bn_cluster_get_n_caches (good);

    bn_cluster_set_grace_period (good, 100);
    first = bn_cluster_watch (good, pods, "default", "app=web");
    second = bn_cluster_watch (good, pods, "default", "app=web");
    g_assert_true (first == second);
    g_assert_cmpuint (bn_cluster_get_n_caches (good), ==, before + 1);
    bn_cluster_unwatch (good, first);
    bn_cluster_unwatch (good, second);
    g_assert_cmpuint (bn_cluster_get_n_caches (good), ==, before + 1);
    wait_until (bn_cluster_get_n_caches (good) == before, 10);
    g_assert_false (bn_watch_cache_is_running (first));
  }

  bn_cluster_manager_remove (manager, bad);
  bn_cluster_manager_disconnect_all (manager);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 0);

  g_clear_object (&manager);
  g_assert_finalize_object (g_steal_pointer (&good));
  g_assert_finalize_object (g_steal_pointer (&bad));
  g_clear_object (&admin);
  bn_test_sim_stop (sim);
}

static void
on_refreshed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  Wait *wait = data;

  bn_discovery_refresh_finish (BN_DISCOVERY (object), result, &wait->error);
  wait->done = TRUE;
}

static void
test_discovery (void)
{
  BnTestSim *sim = bn_test_sim_start ("demo", NULL);
  g_autoptr(BnApiClient) admin = bn_test_sim_new_client (sim, "admin");
  g_autoptr(BnDiscovery) discovery = bn_discovery_new (admin);
  g_autoptr(GPtrArray) all = NULL;
  BnResourceType *deployments;
  BnResourceType *pods;
  Wait wait = { 0 };

  bn_discovery_refresh_async (discovery, NULL, on_refreshed_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (wait.error);
  g_assert_true (bn_discovery_is_loaded (discovery));
  /* client-go's Accept header gets the aggregated documents */
  g_assert_true (bn_discovery_get_aggregated (discovery));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (discovery)), >, 15);

  deployments = bn_discovery_lookup (discovery, "deploy");
  g_assert_nonnull (deployments);
  g_assert_cmpstr (bn_resource_type_get_group (deployments), ==, "apps");
  g_assert_cmpstr (bn_resource_type_get_kind (deployments), ==, "Deployment");
  g_assert_true (bn_resource_type_get_namespaced (deployments));
  g_assert_true (g_strv_contains (bn_resource_type_get_subresources (deployments), "scale"));
  pods = bn_discovery_lookup (discovery, "po");
  g_assert_nonnull (pods);
  g_assert_true (bn_resource_type_has_verb (pods, "watch"));
  g_assert_true (g_strv_contains (bn_resource_type_get_subresources (pods), "log"));
  g_assert_false (bn_resource_type_get_namespaced (bn_discovery_lookup (discovery, "nodes")));
  all = bn_discovery_dup_category (discovery, "all");
  g_assert_cmpuint (all->len, >=, 3);
  g_assert_null (bn_discovery_lookup (discovery, "no-such-kind"));

  g_clear_object (&discovery);
  g_clear_object (&admin);
  bn_test_sim_stop (sim);
}

typedef struct
{
  gboolean    allowed;
  GStrv       namespaces;
  BnIdentity *identity;
  GError     *error;
  gboolean    done;
} Answer;

static void
on_can_i_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  Answer *answer = data;

  answer->allowed = bn_access_review_can_i_finish (BN_ACCESS_REVIEW (object), result, &answer->error);
  answer->done = TRUE;
}

static void
on_namespaces_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  Answer *answer = data;

  answer->namespaces = bn_access_review_listable_namespaces_finish (BN_ACCESS_REVIEW (object), result,
                                                                    &answer->error);
  answer->done = TRUE;
}

static void
on_who_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  Answer *answer = data;

  answer->identity = bn_access_review_who_am_i_finish (BN_ACCESS_REVIEW (object), result, &answer->error);
  answer->done = TRUE;
}

static gboolean
can_i (BnAccessReview *review,
       const char     *verb,
       const char     *group,
       const char     *resource,
       const char     *namespace_)
{
  Answer answer = { 0 };

  bn_access_review_can_i_async (review, verb, group, resource, namespace_, NULL, on_can_i_cb, &answer);
  while (!answer.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (answer.error);
  return answer.allowed;
}

static void
test_access_review (void)
{
  static const char * const candidates[] = { "default", "dev", "kube-system", NULL };
  BnTestSim *sim = bn_test_sim_start ("demo", NULL);
  g_autoptr(BnApiClient) viewer = bn_test_sim_new_client (sim, "viewer");
  g_autoptr(BnApiClient) developer = bn_test_sim_new_client (sim, "developer");
  g_autoptr(BnAccessReview) viewer_review = bn_access_review_new (viewer);
  g_autoptr(BnAccessReview) developer_review = bn_access_review_new (developer);
  Answer answer = { 0 };
  guint asked;

  /* the view role: read pods, not secrets, change nothing; answers are cached */
  g_assert_true (can_i (viewer_review, "list", "", "pods", NULL));
  g_assert_false (can_i (viewer_review, "list", "", "secrets", "default"));
  g_assert_false (can_i (viewer_review, "delete", "apps", "deployments", "default"));
  g_assert_cmpint (bn_access_review_lookup (viewer_review, "list", "", "pods", NULL), ==, BN_ACCESS_ALLOWED);
  asked = bn_test_sim_count_requests (sim, "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", NULL);
  g_assert_true (can_i (viewer_review, "list", "", "pods", NULL));
  g_assert_cmpuint (bn_test_sim_count_requests (sim, "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", NULL),
                    ==, asked);

  /* a namespace-only user: which namespaces may it list pods in? */
  g_assert_false (can_i (developer_review, "list", "", "namespaces", NULL));
  bn_access_review_listable_namespaces_async (developer_review, "", "pods", candidates, NULL,
                                              on_namespaces_cb, &answer);
  while (!answer.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (answer.error);
  g_assert_cmpuint (g_strv_length (answer.namespaces), ==, 1);
  g_assert_cmpstr (answer.namespaces[0], ==, "dev");
  g_strfreev (answer.namespaces);

  /* who am I */
  memset (&answer, 0, sizeof answer);
  bn_access_review_who_am_i_async (developer_review, NULL, on_who_cb, &answer);
  while (!answer.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (answer.error);
  g_assert_cmpstr (answer.identity->username, ==, "developer");
  g_assert_false (answer.identity->from_token);
  bn_identity_free (answer.identity);

  g_clear_object (&viewer_review);
  g_clear_object (&developer_review);
  g_clear_object (&viewer);
  g_clear_object (&developer);
  bn_test_sim_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/binnacle/engine-sim/scale-10000", test_scale_10000);
  g_test_add_func ("/binnacle/engine-sim/faults", test_faults);
  g_test_add_func ("/binnacle/engine-sim/unauthorized", test_unauthorized);
  g_test_add_func ("/binnacle/engine-sim/forbidden", test_forbidden);
  g_test_add_func ("/binnacle/engine-sim/read-only-guard", test_read_only_guard);
  g_test_add_func ("/binnacle/engine-sim/cluster-manager", test_cluster_manager);
  g_test_add_func ("/binnacle/engine-sim/discovery", test_discovery);
  g_test_add_func ("/binnacle/engine-sim/access-review", test_access_review);

  ret = g_test_run ();

  /* let the thread pools (TLS handshakes run there) wind down before the leak checker stops
   * the world: it crashes on a thread that is still parked in a pool */
  g_thread_pool_set_max_idle_time (100);
  g_usleep (G_USEC_PER_SEC);
  g_thread_pool_stop_unused_threads ();
  g_usleep (300 * 1000);
  return ret;
}
