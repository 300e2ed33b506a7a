/* bench-engine.c: the engine against binnacle-sim, each figure beside its floor
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-engine   (BINNACLE_SIM, and optionally BINNACLE_GET, KUBECTL, BENCH_PODS,
 *                        BENCH_CHURN_RATE, BENCH_SECONDS, BENCH_PHASES, BENCH_CLUSTERS,
 *                        BENCH_MULTI_CHURN_RATE, BENCH_SIM_NICE in the environment)
 *
 * Starts one binnacle-sim with scale:N (10,000 pods of ~9 KB with managedFields) and measures,
 * against that one server:
 *   (a) ingest: BnCluster + BnWatchCache of all pods until the model is ready on the main
 *       thread, against downloading the same pages (limit=500 + continue) with a SoupSession
 *       and no parsing. Target ≤ 1.5×.
 *   (b) memory: RSS added by the 10k cached pods (in a fresh process) against their size on
 *       the wire. Target ≤ 0.6×.
 *   (c) watch: events/s applied to the main thread's model while the sim churns, with the
 *       longest main-loop stall and the lateness of a 10 ms tick (p50, p99). Target ≥ 5,000/s
 *       per cluster, p99 ≤ 5 ms.
 *   (d) five clusters (five sessions, workers and caches on the same server) in a fresh
 *       process: RSS once all are ready and CPU while idle. Target < 300 MB, < 1%.
 *   (e) kubectl get pods -A -o json and binnacle-get pods -A on the same store, wall time.
 *   (f) as (c), with BENCH_CLUSTERS (5) clusters watching the same pods at once while the sim
 *       churns BENCH_MULTI_CHURN_RATE pods/s.
 * (a) also prints the p99 lateness of the 10 ms tick while the worker lists and scans.
 */

#include "config.h"

#include <locale.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <libsoup/soup.h>

#include "bn-cluster.h"
#include "bn-kubeconfig.h"

#define PAGE_LIMIT     500
#define TICK_USEC      (10 * 1000)
#define INGEST_RUNS    3

typedef struct
{
  GSubprocess *process;
  char        *kubeconfig;
  char        *server;
  char        *control;
  char        *tmpdir;
} Sim;

/* Small helpers ********************************************************************************/

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static guint64
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line ? g_ascii_strtoull (line + strlen ("VmRSS:"), NULL, 10) : 0;
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static const char *
verdict (gboolean met)
{
  return met ? "meets the target" : "MISSES the target";
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            double  p)
{
  guint i;

  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_doubles);
  i = MIN (values->len - 1, (guint) (p * (values->len - 1) + 0.5));
  return g_array_index (values, double, i);
}

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);

  return value && *value ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

static void
wait_for (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

/* The kubeconfig's admin context ***************************************************************/

typedef struct
{
  BnClusterInfo *cluster;
  BnAuthInfo    *user;
} Target;

static void
target_clear (Target *target)
{
  g_clear_pointer (&target->cluster, bn_cluster_info_unref);
  g_clear_pointer (&target->user, bn_auth_info_unref);
}

static gboolean
target_load (Target      *target,
             const char  *kubeconfig,
             GError     **error)
{
  g_autoptr(BnKubeconfig) config = bn_kubeconfig_new ();
  BnKubeContext *context;

  if (!bn_kubeconfig_load_file (config, kubeconfig, error))
    return FALSE;
  context = bn_kubeconfig_lookup_context (config, bn_kubeconfig_get_current_context (config));
  if (context == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no current context");
      return FALSE;
    }
  target->cluster = bn_cluster_info_ref (bn_kubeconfig_lookup_cluster (config, context->cluster));
  target->user = bn_auth_info_ref (bn_kubeconfig_lookup_user (config, context->user));
  return TRUE;
}

/* Engine: clusters with a pods cache ***********************************************************/

typedef struct
{
  BnCluster    *cluster;
  BnWatchCache *cache;
  gboolean      settled;
} Watched;

static void
on_cache_state_cb (BnWatchCache *cache,
                   GParamSpec   *pspec,
                   Watched      *watched)
{
  BnWatchCacheState state = bn_watch_cache_get_state (cache);

  if (state == BN_WATCH_CACHE_READY)
    watched->settled = TRUE;
  else if (state == BN_WATCH_CACHE_FORBIDDEN || state == BN_WATCH_CACHE_UNAUTHORIZED ||
           state == BN_WATCH_CACHE_ERROR)
    g_error ("the pods cache failed: %s",
             bn_watch_cache_get_error (cache) ? bn_watch_cache_get_error (cache)->message : "?");
}

static Watched *
watched_new (Target     *target,
             const char *id,
             const char *kind)
{
  Watched *watched = g_new0 (Watched, 1);
  g_autoptr(BnResourceType) type = bn_resource_type_new_builtin (kind);

  watched->cluster = bn_cluster_new (id, id, target->cluster, target->user, NULL);
  watched->cache = bn_cluster_watch (watched->cluster, type, NULL, NULL);
  g_assert (watched->cache != NULL);
  g_signal_connect (watched->cache, "notify::state", G_CALLBACK (on_cache_state_cb), watched);
  return watched;
}

static void
watched_free (Watched *watched)
{
  g_signal_handlers_disconnect_by_data (watched->cache, watched);
  bn_cluster_unwatch (watched->cluster, watched->cache);
  g_clear_object (&watched->cache);
  bn_cluster_disconnect (watched->cluster);
  g_clear_object (&watched->cluster);
  g_free (watched);
}

/* Floor: the same pages, downloaded and not parsed *********************************************/

typedef struct
{
  SoupSession *session;
  char        *server;
  char        *token;
  guint64      bytes;
  guint        pages;
  gboolean     done;
  GError      *error;
} Download;

static void download_page (Download *download, const char *continue_token);

/* The list's metadata comes before its items, so the token is near the start; finding it is
 * a string search, not a parse. */
static char *
find_continue (GBytes *page)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (page, &size);
  const char *key = "\"continue\":\"";
  const char *start = g_strstr_len (data, MIN (size, 4096), key);
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen (key);
  end = memchr (start, '"', size - (start - data));
  if (end == NULL || end == start)
    return NULL;
  return g_strndup (start, end - start);
}

static void
on_download_page_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Download *download = user_data;
  g_autoptr(GBytes) page = soup_session_send_and_read_finish (SOUP_SESSION (object), result,
                                                              &download->error);
  g_autofree char *next = NULL;

  if (page == NULL)
    {
      download->done = TRUE;
      return;
    }
  download->bytes += g_bytes_get_size (page);
  download->pages++;
  next = find_continue (page);
  if (next == NULL)
    download->done = TRUE;
  else
    download_page (download, next);
}

static void
download_page (Download   *download,
               const char *continue_token)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *auth = g_strconcat ("Bearer ", download->token, NULL);

  if (continue_token != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (continue_token, NULL, FALSE);

      uri = g_strdup_printf ("%s/api/v1/pods?limit=%d&continue=%s", download->server, PAGE_LIMIT, escaped);
    }
  else
    uri = g_strdup_printf ("%s/api/v1/pods?limit=%d", download->server, PAGE_LIMIT);

  msg = soup_message_new (SOUP_METHOD_GET, uri);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  soup_session_send_and_read_async (download->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    on_download_page_cb, download);
}

static double
measure_download (Target   *target,
                  guint64  *bytes)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ca_path = NULL;
  Download download = { 0 };
  gsize ca_size = 0;
  const char *ca = g_bytes_get_data (target->cluster->certificate_authority_data, &ca_size);
  int fd;
  double start;

  /* the CA as the session's trust, as the engine does; kept until the session is gone */
  fd = g_file_open_tmp ("bench-engine-ca-XXXXXX.pem", &ca_path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (ca_path, ca, ca_size, &error);
  g_assert_no_error (error);
  database = g_tls_file_database_new (ca_path, &error);
  g_assert_no_error (error);

  start = now_ms ();
  download.session = soup_session_new_with_options ("tls-database", database, "timeout", 0, NULL);
  download.server = target->cluster->server;
  download.token = target->user->token;
  download_page (&download, NULL);
  wait_for (&download.done);

  if (download.error != NULL)
    g_error ("download failed: %s", download.error->message);
  start = now_ms () - start;
  *bytes = download.bytes;
  g_clear_object (&download.session);
  g_unlink (ca_path);
  return start;
}

/* (a) ingest ***********************************************************************************/

typedef struct _Tick Tick;

static Tick *tick_start (void);
static void  tick_stop  (Tick *tick, double *p50, double *p99, double *longest_gap_ms);

static double
measure_ingest (Target  *target,
                guint   *n_pods,
                guint64 *bytes,
                double  *tick_p99)
{
  Watched *watched;
  BnWatchCacheStats stats;
  Tick *tick = tick_start ();
  double p50, gap;

  /* the worker is busiest while it scans the pages: how late is the main loop meanwhile? */
  watched = watched_new (target, "ingest", "pods");
  wait_for (&watched->settled);
  tick_stop (tick, &p50, tick_p99, &gap);
  bn_watch_cache_get_stats (watched->cache, &stats);
  *n_pods = g_list_model_get_n_items (G_LIST_MODEL (watched->cache));
  *bytes = stats.bytes_received;
  watched_free (watched);
  return stats.ready_usec / 1000.0;
}

static void
bench_ingest (Target *target)
{
  double floor_ms = G_MAXDOUBLE, engine_ms = G_MAXDOUBLE;
  guint64 floor_bytes = 0, engine_bytes = 0;
  guint n_pods = 0;
  double tick_p99[INGEST_RUNS];

  for (guint run = 0; run < INGEST_RUNS; run++)
    {
      floor_ms = MIN (floor_ms, measure_download (target, &floor_bytes));
      engine_ms = MIN (engine_ms, measure_ingest (target, &n_pods, &engine_bytes, &tick_p99[run]));
    }

  g_print ("(a) ingest of %u pods, best of %u\n", n_pods, INGEST_RUNS);
  g_print ("    engine until ready on the main thread   %8.1f ms  (%.1f MB read)\n",
           engine_ms, engine_bytes / 1e6);
  g_print ("    floor: download the pages, no parsing   %8.1f ms  (%.1f MB)\n",
           floor_ms, floor_bytes / 1e6);
  g_print ("    10 ms tick lateness p99 meanwhile       ");
  for (guint run = 0; run < INGEST_RUNS; run++)
    g_print ("%s%.2f", run > 0 ? ", " : "", tick_p99[run]);
  g_print (" ms\n");
  g_print ("    ratio %.2f×, target ≤ 1.5×: %s\n\n", engine_ms / floor_ms, verdict (engine_ms <= 1.5 * floor_ms));
}

static void run_loop_for (guint milliseconds);

static guint
count_full_snapshots (BnWatchCache *cache)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (cache));
  guint full = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BnObject) object = g_list_model_get_item (G_LIST_MODEL (cache), i);

      full += !bn_object_snapshot_is_compact (bn_object_get_snapshot (object));
    }
  return full;
}

/* The cache compacts its snapshots after it is ready: memory is measured once it has. Returns
 * how long that took, in ms. */
static double
wait_for_compaction (BnWatchCache *cache)
{
  double start = now_ms ();

  while (count_full_snapshots (cache) > 0 && now_ms () - start < 60000)
    run_loop_for (20);
  return now_ms () - start;
}

/* (b) memory, in a fresh process ***************************************************************/

static int
child_memory (Target *target)
{
  Watched *warm, *pods;
  BnWatchCacheStats stats;
  guint64 before, after;
  guint64 snapshot_bytes = 0;
  double compacted_ms;
  guint n;

  /* sessions, TLS and types exist before the baseline, so it counts only the objects */
  warm = watched_new (target, "warm-up", "namespaces");
  wait_for (&warm->settled);
  malloc_trim (0);
  before = rss_kib ();

  pods = watched_new (target, "memory", "pods");
  wait_for (&pods->settled);
  compacted_ms = wait_for_compaction (pods->cache);
  bn_watch_cache_get_stats (pods->cache, &stats);
  n = g_list_model_get_n_items (G_LIST_MODEL (pods->cache));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BnObject) object = g_list_model_get_item (G_LIST_MODEL (pods->cache), i);

      snapshot_bytes += bn_object_snapshot_get_memory_size (bn_object_get_snapshot (object));
    }
  malloc_trim (0);
  after = rss_kib ();

  g_print ("(b) memory of %u cached pods (fresh process)\n", n);
  g_print ("    all compact %.0f ms after ready         (%u still full)\n",
           compacted_ms, count_full_snapshots (pods->cache));
  g_print ("    RSS added per pod                       %8.0f bytes  (%.1f MB in all)\n",
           (after - before) * 1024.0 / n, (after - before) / 1024.0);
  g_print ("    snapshots alone per pod                 %8.0f bytes\n", (double) snapshot_bytes / n);
  g_print ("    floor: wire size per pod                %8.0f bytes  (%.1f MB read)\n",
           (double) stats.bytes_received / n, stats.bytes_received / 1e6);
  g_print ("    ratio %.2f×, target ≤ 0.6×: %s\n\n",
           (after - before) * 1024.0 / stats.bytes_received,
           verdict ((after - before) * 1024.0 <= 0.6 * stats.bytes_received));

  watched_free (pods);
  watched_free (warm);
  return 0;
}

/* (c) watch events under churn *****************************************************************/

struct _Tick
{
  GSource  source;
  gint64   expected;
  gint64   last;
  gint64   longest_gap;
  GArray  *lateness_ms;
};

static gboolean
tick_dispatch (GSource     *source,
               GSourceFunc  callback,
               gpointer     user_data)
{
  Tick *tick = (Tick *) source;
  gint64 now = g_get_monotonic_time ();
  double late = (now - tick->expected) / 1000.0;

  g_array_append_val (tick->lateness_ms, late);
  if (tick->last != 0)
    tick->longest_gap = MAX (tick->longest_gap, now - tick->last);
  tick->last = now;
  tick->expected += TICK_USEC;
  if (tick->expected < now)
    tick->expected = now + TICK_USEC;
  g_source_set_ready_time (source, tick->expected);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs tick_funcs = { NULL, NULL, tick_dispatch, NULL, NULL, NULL };

static void
control_post (Sim        *sim,
              const char *path,
              const char *json)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (sim->control, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_POST, uri);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  if (reply == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK)
    g_error ("POST %s failed: %s", path, error ? error->message : soup_message_get_reason_phrase (msg));
}

static guint64
sim_resource_version (Sim *sim)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (sim->control, "/state", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, uri);
  g_autoptr(GBytes) reply = soup_session_send_and_read (session, msg, NULL, NULL);
  const char *found;
  g_autofree char *text = NULL;

  if (reply == NULL)
    return 0;
  text = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  found = strstr (text, "\"resourceVersion\":");
  return found ? g_ascii_strtoull (found + strlen ("\"resourceVersion\":"), NULL, 10) : 0;
}

static void
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
run_loop_for (guint milliseconds)
{
  gboolean over = FALSE;

  g_timeout_add_once (milliseconds, set_flag_cb, &over);
  wait_for (&over);
}

static Tick *
tick_start (void)
{
  Tick *tick = (Tick *) g_source_new (&tick_funcs, sizeof (Tick));

  tick->lateness_ms = g_array_new (FALSE, FALSE, sizeof (double));
  tick->expected = g_get_monotonic_time () + TICK_USEC;
  g_source_set_ready_time ((GSource *) tick, tick->expected);
  g_source_attach ((GSource *) tick, NULL);
  return tick;
}

static void
tick_stop (Tick   *tick,
           double *p50,
           double *p99,
           double *longest_gap_ms)
{
  g_source_destroy ((GSource *) tick);
  *p50 = percentile (tick->lateness_ms, 0.50);
  *p99 = percentile (tick->lateness_ms, 0.99);
  *longest_gap_ms = tick->longest_gap / 1000.0;
  g_array_unref (tick->lateness_ms);
  g_source_unref ((GSource *) tick);
}

static double
load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return -1;
  return g_ascii_strtod (text, NULL);
}

/* One or more clusters watch the same pods while the sim churns them: each cluster has its
 * own session, worker and cache, so each receives every change. */
static void
bench_watch (Target     *target,
             Sim        *sim,
             const char *label,
             guint       n_clusters,
             guint       rate)
{
  guint seconds = env_uint ("BENCH_SECONDS", 10);
  g_autofree char *churn = g_strdup_printf ("{\"rate\": %u}", rate);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) watched_free);
  g_autofree BnWatchCacheStats *before = g_new0 (BnWatchCacheStats, n_clusters);
  g_autofree BnWatchCacheStats *after = g_new0 (BnWatchCacheStats, n_clusters);
  guint64 rv_before, rv_after, applied = 0, received = 0;
  double cpu_before, cpu_used, wall, load_before, load_after;
  double applied_per_s, slowest_per_s = G_MAXDOUBLE, p50, p99, gap, idle_p50, idle_p99, idle_gap;
  gint64 start;

  /* the floor: the same tick on the same loop while the sim churns and nothing is watched,
   * which shows what the sim and the machine's other load do to it */
  load_before = load_average ();
  control_post (sim, "/churn", churn);
  {
    Tick *idle = tick_start ();

    run_loop_for (seconds * 1000 / 2);
    tick_stop (idle, &idle_p50, &idle_p99, &idle_gap);
  }
  control_post (sim, "/churn", "{\"rate\": 0}");

  /* listed while nothing changes, so the window below holds no backlog from the list */
  for (guint i = 0; i < n_clusters; i++)
    {
      g_autofree char *id = g_strdup_printf ("watch-%u", i);

      g_ptr_array_add (all, watched_new (target, id, "pods"));
    }
  for (guint i = 0; i < n_clusters; i++)
    {
      Watched *watched = g_ptr_array_index (all, i);

      wait_for (&watched->settled);
      /* compacting the list competes with the events for the worker: wait for it */
      wait_for_compaction (watched->cache);
    }
  control_post (sim, "/churn", churn);
  run_loop_for (1000);   /* let the watch reach its steady state */

  {
    Tick *busy = tick_start ();

    for (guint i = 0; i < n_clusters; i++)
      bn_watch_cache_get_stats (((Watched *) g_ptr_array_index (all, i))->cache, &before[i]);
    rv_before = sim_resource_version (sim);
    cpu_before = cpu_seconds ();
    start = g_get_monotonic_time ();
    run_loop_for (seconds * 1000);
    wall = (g_get_monotonic_time () - start) / 1e6;
    cpu_used = cpu_seconds () - cpu_before;
    rv_after = sim_resource_version (sim);
    for (guint i = 0; i < n_clusters; i++)
      bn_watch_cache_get_stats (((Watched *) g_ptr_array_index (all, i))->cache, &after[i]);
    tick_stop (busy, &p50, &p99, &gap);
  }
  control_post (sim, "/churn", "{\"rate\": 0}");
  load_after = load_average ();

  for (guint i = 0; i < n_clusters; i++)
    {
      guint64 cluster_applied = after[i].events_applied - before[i].events_applied;

      applied += cluster_applied;
      received += after[i].events_received - before[i].events_received;
      slowest_per_s = MIN (slowest_per_s, cluster_applied / wall);
    }
  applied_per_s = applied / wall;

  g_print ("(%s) watch events, %u cluster%s, while the sim churns %u pods/s, %.1f s (load average %.1f → %.1f)\n",
           label, n_clusters, n_clusters == 1 ? "" : "s", rate, wall, load_before, load_after);
  g_print ("    applied to the main thread's models     %8.0f events/s  (%" G_GUINT64_FORMAT " received by the workers)\n",
           applied_per_s, received);
  if (n_clusters > 1)
    g_print ("    the slowest cluster                     %8.0f events/s\n", slowest_per_s);
  g_print ("    floor: changes the sim made             %8.0f events/s\n", (rv_after - rv_before) / wall);
  g_print ("    CPU of this process                     %8.1f µs per event  (%.0f%% of a core)\n",
           applied_per_s > 0 ? cpu_used * 1e6 / (applied_per_s * wall) : 0, 100 * cpu_used / wall);
  g_print ("    10 ms tick lateness under churn         p50 %.2f ms, p99 %.2f ms; longest gap between ticks %.1f ms\n",
           p50, p99, gap);
  g_print ("    floor: the same tick, nothing watched   p50 %.2f ms, p99 %.2f ms; longest gap between ticks %.1f ms\n",
           idle_p50, idle_p99, idle_gap);
  g_print ("    ratios: %.2f× the sim's rate per cluster; tick p99 %.2f× the floor's\n",
           slowest_per_s / MAX (1.0, (rv_after - rv_before) / wall), p99 / MAX (0.01, idle_p99));
  /* A window of a few seconds cuts a few events in flight at either edge: a cluster keeps up
   * when it applies the sim's rate within 1%, and the sim made its 5,000/s within 1% too. */
  g_print ("    target ≥ 5000 events/s per cluster (within 1%% for events in flight at the window's edges): %s; p99 ≤ 5 ms: %s\n\n",
           verdict (slowest_per_s >= 0.99 * (rv_after - rv_before) / wall &&
                    slowest_per_s >= 0.99 * 5000),
           verdict (p99 <= 5.0));
}

/* (d) five clusters, in a fresh process ********************************************************/

static int
child_clusters (Target *target)
{
  guint n_clusters = env_uint ("BENCH_CLUSTERS", 5);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) watched_free);
  guint64 base = rss_kib ();
  guint64 rss;
  guint n_pods = 0;
  double start = now_ms (), ready_ms, compact_ms, cpu_before, cpu_idle;
  guint idle_seconds = env_uint ("BENCH_IDLE_SECONDS", 10);

  for (guint i = 0; i < n_clusters; i++)
    {
      g_autofree char *id = g_strdup_printf ("cluster-%u", i);

      g_ptr_array_add (all, watched_new (target, id, "pods"));
    }
  for (guint i = 0; i < all->len; i++)
    {
      Watched *watched = g_ptr_array_index (all, i);

      wait_for (&watched->settled);
      n_pods += g_list_model_get_n_items (G_LIST_MODEL (watched->cache));
    }
  ready_ms = now_ms () - start;
  for (guint i = 0; i < all->len; i++)
    wait_for_compaction (((Watched *) g_ptr_array_index (all, i))->cache);
  compact_ms = now_ms () - start;
  malloc_trim (0);
  rss = rss_kib ();

  cpu_before = cpu_seconds ();
  run_loop_for (idle_seconds * 1000);
  cpu_idle = cpu_seconds () - cpu_before;

  g_print ("(d) %u clusters at once, %u pods in all (fresh process)\n", n_clusters, n_pods);
  g_print ("    all ready after                         %8.1f ms\n", ready_ms);
  g_print ("    all compact after                       %8.1f ms\n", compact_ms);
  g_print ("    RSS of the process                      %8.1f MB  (%.1f MB before the first cluster)\n",
           rss / 1024.0, base / 1024.0);
  g_print ("    CPU while idle for %u s                 %8.2f %%\n", idle_seconds, 100 * cpu_idle / idle_seconds);
  g_print ("    target < 300 MB: %s; idle CPU < 1%%: %s\n\n",
           verdict (rss < 300 * 1024), verdict (cpu_idle / idle_seconds < 0.01));
  return 0;
}

/* (e) kubectl and binnacle-get *****************************************************************/

static double
time_command (const char * const *argv,
              const char         *home)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  double start = now_ms ();

  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL || !g_subprocess_wait_check (process, NULL, &error))
    {
      g_print ("    %s failed: %s\n", argv[0], error->message);
      return -1;
    }
  return now_ms () - start;
}

static void
bench_commands (Sim *sim)
{
  const char *kubectl = g_getenv ("KUBECTL") ? g_getenv ("KUBECTL") : "/usr/bin/kubectl";
  const char *binnacle_get = g_getenv ("BINNACLE_GET");
  const char * const json_argv[] = { kubectl, "--kubeconfig", sim->kubeconfig, "get", "pods", "-A", "-o", "json", NULL };
  const char * const table_argv[] = { kubectl, "--kubeconfig", sim->kubeconfig, "get", "pods", "-A", NULL };
  const char * const get_argv[] = { binnacle_get, "--kubeconfig", sim->kubeconfig, "pods", "-A", NULL };
  const char * const warm_argv[] = { kubectl, "--kubeconfig", sim->kubeconfig, "get", "nodes", NULL };
  double json_ms, table_ms, get_ms = -1;

  g_print ("(e) whole commands on the same store, wall time (discovery cached)\n");
  if (!g_file_test (kubectl, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_print ("    kubectl not found at %s: skipped\n\n", kubectl);
      return;
    }
  time_command (warm_argv, sim->tmpdir);   /* fills kubectl's discovery cache */
  json_ms = time_command (json_argv, sim->tmpdir);
  table_ms = time_command (table_argv, sim->tmpdir);
  if (binnacle_get != NULL)
    get_ms = time_command (get_argv, sim->tmpdir);

  g_print ("    kubectl get pods -A -o json             %8.1f ms\n", json_ms);
  g_print ("    kubectl get pods -A (server-side Table) %8.1f ms\n", table_ms);
  if (get_ms >= 0)
    g_print ("    binnacle-get pods -A                    %8.1f ms  (%.2f× kubectl -o json)\n",
             get_ms, get_ms / json_ms);
  g_print ("\n");
}

/* The simulator ********************************************************************************/

static void
sim_stop (Sim *sim)
{
  if (sim->process != NULL)
    {
      g_subprocess_send_signal (sim->process, SIGTERM);
      g_subprocess_wait (sim->process, NULL, NULL);
    }
  g_clear_object (&sim->process);
  if (sim->kubeconfig != NULL)
    g_unlink (sim->kubeconfig);
  if (sim->tmpdir != NULL)
    {
      g_autofree char *cache = g_build_filename (sim->tmpdir, ".kube", NULL);
      g_autofree char *command = g_strdup_printf ("rm -rf '%s'", cache);

      /* kubectl's discovery cache under the throw-away HOME */
      if (system (command) != 0)
        g_printerr ("could not remove %s\n", cache);
      g_rmdir (sim->tmpdir);
    }
  g_clear_pointer (&sim->kubeconfig, g_free);
  g_clear_pointer (&sim->server, g_free);
  g_clear_pointer (&sim->control, g_free);
  g_clear_pointer (&sim->tmpdir, g_free);
}

/* BENCH_SIM_NICE: the API server is not on the client's CPUs in real use; on a small machine
 * running the sim at a lower priority shows what the client does rather than what the sim
 * takes from it. Off (0) by default. */
static void
lower_sim_priority (gpointer data)
{
  setpriority (PRIO_PROCESS, 0, GPOINTER_TO_INT (data));
}

static void
sim_start (Sim   *sim,
           guint  n_pods)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  guint sim_nice = env_uint ("BENCH_SIM_NICE", 0);
  const char *binary = g_getenv ("BINNACLE_SIM");
  g_autofree char *scenario = g_strdup_printf ("scale:%u", n_pods);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;

  if (binary == NULL)
    g_error ("set BINNACLE_SIM to the binnacle-sim binary");
  sim->tmpdir = g_dir_make_tmp ("bench-engine-XXXXXX", &error);
  g_assert_no_error (error);
  sim->kubeconfig = g_build_filename (sim->tmpdir, "kubeconfig", NULL);
  if (sim_nice > 0)
    g_subprocess_launcher_set_child_setup (launcher, lower_sim_priority, GINT_TO_POINTER (sim_nice), NULL);
  sim->process = g_subprocess_launcher_spawn (launcher, &error, binary,
                                              "--scenario", scenario, "--listen", "127.0.0.1:0",
                                              "--control", "127.0.0.1:0", "--write-kubeconfig", sim->kubeconfig,
                                              NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  while (sim->server == NULL || sim->control == NULL)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);

      if (line == NULL)
        g_error ("binnacle-sim stopped before it served: %s", error ? error->message : "end of output");
      if (g_str_has_prefix (line, "listening on "))
        sim->server = g_strdup (line + strlen ("listening on "));
      else if (g_str_has_prefix (line, "control on "))
        sim->control = g_strdup (line + strlen ("control on "));
    }
}

static void
run_child (const char *self_path,
           const char *mode,
           Sim        *sim)
{
  const char * const argv[] = { self_path, mode, sim->kubeconfig, NULL };
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;

  child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  if (child == NULL || !g_subprocess_wait_check (child, NULL, &error))
    g_print ("%s failed: %s\n\n", mode, error->message);
}

/* BENCH_PHASES=bc runs only (b) and (c); all of them by default */
static gboolean
phase_wanted (const char *phase)
{
  const char *phases = g_getenv ("BENCH_PHASES");

  return phases == NULL || *phases == '\0' || strstr (phases, phase) != NULL;
}

static void
print_machine (void)
{
  g_autofree char *cpuinfo = NULL;
  const char *model;
  g_autofree char *name = NULL;

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL) &&
      (model = strstr (cpuinfo, "model name")) != NULL)
    {
      const char *colon = strchr (model, ':');
      const char *end = strchr (model, '\n');

      if (colon != NULL && end != NULL && colon < end)
        name = g_strstrip (g_strndup (colon + 1, end - colon - 1));
    }
  g_print ("machine: %s, %u CPUs; GLib %u.%u, libsoup %u.%u\n\n",
           name ? name : "unknown CPU", g_get_num_processors (),
           glib_major_version, glib_minor_version,
           soup_get_major_version (), soup_get_minor_version ());
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  Target target = { 0 };
  Sim sim = { 0 };
  guint n_pods = env_uint ("BENCH_PODS", 10000);

  g_setenv ("G_SLICE", "always-malloc", FALSE);
  /* the engine forces HTTP/1.1 for the whole process; the floor must not differ from it in that */
  g_setenv ("SOUP_FORCE_HTTP1", "1", TRUE);
  setlocale (LC_ALL, "");

  if (argc == 3 && g_str_has_prefix (argv[1], "--child-"))
    {
      int status;

      if (!target_load (&target, argv[2], &error))
        g_error ("%s", error->message);
      status = g_str_equal (argv[1], "--child-memory") ? child_memory (&target) : child_clusters (&target);
      target_clear (&target);
      return status;
    }

  print_machine ();
  sim_start (&sim, n_pods);
  g_print ("binnacle-sim scale:%u at %s, nice %u; load average %.1f\n\n", n_pods, sim.server,
           env_uint ("BENCH_SIM_NICE", 0), load_average ());
  if (!target_load (&target, sim.kubeconfig, &error))
    g_error ("%s", error->message);

  if (phase_wanted ("a"))
    bench_ingest (&target);
  if (phase_wanted ("b"))
    run_child ("/proc/self/exe", "--child-memory", &sim);
  if (phase_wanted ("c"))
    bench_watch (&target, &sim, "c", 1, env_uint ("BENCH_CHURN_RATE", 5000));
  if (phase_wanted ("d"))
    run_child ("/proc/self/exe", "--child-clusters", &sim);
  if (phase_wanted ("e"))
    bench_commands (&sim);
  if (phase_wanted ("f"))
    bench_watch (&target, &sim, "f", env_uint ("BENCH_CLUSTERS", 5),
                 env_uint ("BENCH_MULTI_CHURN_RATE", env_uint ("BENCH_CHURN_RATE", 5000)));

  target_clear (&target);
  sim_stop (&sim);
  return 0;
}
