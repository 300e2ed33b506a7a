/* binnacle-get.c: the engine without GTK, printing what it holds as `kubectl get` does
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * binnacle-get [--kubeconfig F] [--context C] KIND [-n NS | -A] [-o wide] [--watch] [--stats]
 *
 * Runs BnKubeconfig → BnCluster → BnWatchCache on a main loop, waits for the cache to be ready
 * and prints its rows with kubectl's columns, so the two can be diffed on one server. With
 * --watch every later change prints as a row; with --stats the engine's figures go to stderr.
 * It is how benchmarks put the engine beside kubectl, and how to tell an engine bug from a UI
 * bug.
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include "bn-cluster.h"
#include "bn-discovery.h"
#include "bn-kube-error.h"
#include "bn-kubeconfig.h"
#include "bn-table-printer.h"
#include "bn-watch-cache.h"

typedef enum
{
  COLUMNS_GENERIC,
  COLUMNS_PODS,
  COLUMNS_DEPLOYMENTS,
  COLUMNS_NODES,
  COLUMNS_EVENTS,
  COLUMNS_NAMESPACES,
} Columns;

typedef struct
{
  /* options */
  char           *kubeconfig;
  char           *context;
  char           *namespace_;
  gboolean        all_namespaces;
  char           *output;
  gboolean        watch;
  gboolean        stats;

  /* what runs */
  GMainLoop      *loop;
  BnCluster      *cluster;
  BnResourceType *type;
  BnWatchCache   *cache;
  Columns         columns;
  gboolean        wide;
  gboolean        with_namespace;
  const char     *scope;          /* the namespace listed, NULL for all or cluster-scoped */
  const char     *kind;
  BnDiscovery    *discovery;      /* only for kinds that are not built in */
  int             exit_status;
  gboolean        printed;
  gboolean        done;

  /* --watch: the objects printed so far and the ones whose presence must be checked */
  GHashTable     *known;          /* BnObject → handler id */
  GHashTable     *candidates;     /* BnObject (ref) */
  GPtrArray      *mirror;         /* the model's items, to know what items-changed removed */
  guint           reconcile_id;
  gint64          ready_at;
} Get;

/* Cells ****************************************************************************************/

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static JsonObject *
parse_object_json (BnObjectSnapshot *snapshot,
                   JsonParser       *parser)
{
  g_autoptr(GBytes) json = bn_object_snapshot_ref_json (snapshot);
  gsize length = 0;
  const char *data;
  JsonNode *root;

  if (json == NULL)
    return NULL;
  data = g_bytes_get_data (json, &length);
  if (!json_parser_load_from_data (parser, data, length, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, name);
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, name);
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A timestamp member in Unix seconds, 0 when absent, null or unreadable (Go's zero time). */
static gint64
member_time (JsonObject *object,
             const char *name)
{
  g_autoptr(GDateTime) time = NULL;
  const char *text = member_string (object, name);

  if (text == NULL || *text == '\0')
    return 0;
  time = g_date_time_new_from_iso8601 (text, NULL);
  return time != NULL ? g_date_time_to_unix (time) : 0;
}

static char *
none_if_empty (const char *text)
{
  return g_strdup (text != NULL && *text != '\0' ? text : "<none>");
}

static void
add_pod_cells (GPtrArray        *cells,
               BnObjectSnapshot *snapshot,
               gboolean          wide,
               gint64            now)
{
  guint restarts = bn_object_snapshot_get_pod_restarts (snapshot);
  gint64 last_restart = bn_object_snapshot_get_pod_last_restart_time (snapshot);
  guint n_true = 0;
  guint n_gates;

  g_ptr_array_add (cells, g_strdup_printf ("%u/%u",
                                           bn_object_snapshot_get_pod_ready_containers (snapshot),
                                           bn_object_snapshot_get_pod_total_containers (snapshot)));
  g_ptr_array_add (cells, g_strdup (bn_object_snapshot_get_status (snapshot)));
  if (restarts != 0 && last_restart != 0)
    {
      g_autofree char *ago = bn_format_age (last_restart, now);

      g_ptr_array_add (cells, g_strdup_printf ("%u (%s ago)", restarts, ago));
    }
  else
    g_ptr_array_add (cells, g_strdup_printf ("%u", restarts));
  g_ptr_array_add (cells, bn_format_age (bn_object_snapshot_get_creation_time (snapshot), now));

  if (!wide)
    return;
  g_ptr_array_add (cells, none_if_empty (bn_object_snapshot_get_pod_ip (snapshot)));
  g_ptr_array_add (cells, none_if_empty (bn_object_snapshot_get_pod_node_name (snapshot)));
  g_ptr_array_add (cells, none_if_empty (bn_object_snapshot_get_pod_nominated_node_name (snapshot)));
  n_gates = bn_object_snapshot_get_pod_readiness_gates (snapshot, &n_true);
  if (n_gates == 0)
    g_ptr_array_add (cells, g_strdup ("<none>"));
  else
    g_ptr_array_add (cells, g_strdup_printf ("%u/%u", n_true, n_gates));
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, name);
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* A label selector as apimachinery's labels.Selector prints it: requirements sorted by key,
 * `k=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, joined by commas. */
static char *
format_selector (JsonObject *selector)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  JsonObject *match_labels = member_object (selector, "matchLabels");
  JsonArray *expressions = member_array (selector, "matchExpressions");
  GString *text = g_string_new (NULL);

  if (match_labels != NULL)
    {
      g_autoptr(GList) keys = json_object_get_members (match_labels);

      for (GList *l = keys; l != NULL; l = l->next)
        g_ptr_array_add (parts, g_strdup_printf ("%s\t%s=%s", (const char *) l->data, (const char *) l->data,
                                                 member_string (match_labels, l->data) ?: ""));
    }
  for (guint i = 0; expressions != NULL && i < json_array_get_length (expressions); i++)
    {
      JsonObject *expression = json_array_get_object_element (expressions, i);
      const char *key = member_string (expression, "key");
      const char *op = member_string (expression, "operator");
      JsonArray *values = member_array (expression, "values");
      g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
      g_autofree char *joined = NULL;

      if (key == NULL || op == NULL)
        continue;
      for (guint j = 0; values != NULL && j < json_array_get_length (values); j++)
        g_ptr_array_add (sorted, (gpointer) json_array_get_string_element (values, j));
      g_ptr_array_sort (sorted, compare_strings);
      g_ptr_array_add (sorted, NULL);
      joined = g_strjoinv (",", (char **) sorted->pdata);

      if (g_str_equal (op, "In"))
        g_ptr_array_add (parts, g_strdup_printf ("%s\t%s in (%s)", key, key, joined));
      else if (g_str_equal (op, "NotIn"))
        g_ptr_array_add (parts, g_strdup_printf ("%s\t%s notin (%s)", key, key, joined));
      else if (g_str_equal (op, "Exists"))
        g_ptr_array_add (parts, g_strdup_printf ("%s\t%s", key, key));
      else if (g_str_equal (op, "DoesNotExist"))
        g_ptr_array_add (parts, g_strdup_printf ("%s\t!%s", key, key));
    }

  /* each part is "KEY\tTEXT": sorting the parts sorts by key, as upstream does */
  g_ptr_array_sort (parts, compare_strings);
  for (guint i = 0; i < parts->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append (text, strchr (g_ptr_array_index (parts, i), '\t') + 1);
    }
  return g_string_free (text, FALSE);
}

static void
add_deployment_wide_cells (GPtrArray        *cells,
                           BnObjectSnapshot *snapshot)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *spec = member_object (parse_object_json (snapshot, parser), "spec");
  JsonObject *pod_spec = member_object (member_object (spec, "template"), "spec");
  JsonArray *containers = member_array (pod_spec, "containers");
  GString *names = g_string_new (NULL);
  GString *images = g_string_new (NULL);

  for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
    {
      JsonObject *container = json_array_get_object_element (containers, i);

      if (i > 0)
        {
          g_string_append_c (names, ',');
          g_string_append_c (images, ',');
        }
      g_string_append (names, member_string (container, "name") ?: "");
      g_string_append (images, member_string (container, "image") ?: "");
    }
  g_ptr_array_add (cells, g_string_free (names, FALSE));
  g_ptr_array_add (cells, g_string_free (images, FALSE));
  g_ptr_array_add (cells, format_selector (member_object (spec, "selector")));
}

static void
add_deployment_cells (GPtrArray        *cells,
                      BnObjectSnapshot *snapshot,
                      gboolean          wide,
                      gint64            now)
{
  g_ptr_array_add (cells, g_strdup_printf ("%u/%u",
                                           bn_object_snapshot_get_deployment_ready (snapshot),
                                           bn_object_snapshot_get_deployment_replicas (snapshot)));
  g_ptr_array_add (cells, g_strdup_printf ("%u", bn_object_snapshot_get_deployment_updated (snapshot)));
  g_ptr_array_add (cells, g_strdup_printf ("%u", bn_object_snapshot_get_deployment_available (snapshot)));
  g_ptr_array_add (cells, bn_format_age (bn_object_snapshot_get_creation_time (snapshot), now));
  if (wide)
    add_deployment_wide_cells (cells, snapshot);
}

static char *
node_address (JsonObject *status,
              const char *type)
{
  JsonArray *addresses = member_array (status, "addresses");

  for (guint i = 0; addresses != NULL && i < json_array_get_length (addresses); i++)
    {
      JsonObject *address = json_array_get_object_element (addresses, i);

      if (g_strcmp0 (member_string (address, "type"), type) == 0)
        return g_strdup (member_string (address, "address") ?: "");
    }
  return g_strdup ("<none>");
}

static char *
unknown_if_empty (const char *text)
{
  return g_strdup (text != NULL && *text != '\0' ? text : "<unknown>");
}

static void
add_node_wide_cells (GPtrArray        *cells,
                     BnObjectSnapshot *snapshot)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *status = member_object (parse_object_json (snapshot, parser), "status");
  JsonObject *info = member_object (status, "nodeInfo");

  g_ptr_array_add (cells, node_address (status, "InternalIP"));
  g_ptr_array_add (cells, node_address (status, "ExternalIP"));
  g_ptr_array_add (cells, unknown_if_empty (member_string (info, "osImage")));
  g_ptr_array_add (cells, unknown_if_empty (member_string (info, "kernelVersion")));
  g_ptr_array_add (cells, unknown_if_empty (member_string (info, "containerRuntimeVersion")));
}

static void
add_node_cells (GPtrArray        *cells,
                BnObjectSnapshot *snapshot,
                gboolean          wide,
                gint64            now)
{
  g_ptr_array_add (cells, g_strdup (bn_object_snapshot_get_status (snapshot)));
  g_ptr_array_add (cells, none_if_empty (bn_object_snapshot_get_node_roles (snapshot)));
  g_ptr_array_add (cells, bn_format_age (bn_object_snapshot_get_creation_time (snapshot), now));
  g_ptr_array_add (cells, g_strdup (bn_object_snapshot_get_node_version (snapshot)
                                    ? bn_object_snapshot_get_node_version (snapshot) : ""));
  if (wide)
    add_node_wide_cells (cells, snapshot);
}

/* As kubectl's event printer: the last time seen falls back to the first, which falls back to
 * eventTime; a series says when it was last observed. */
static void
add_event_cells (GPtrArray        *cells,
                 BnObjectSnapshot *snapshot,
                 gint64            now)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *event = parse_object_json (snapshot, parser);
  JsonObject *involved = member_object (event, "involvedObject");
  JsonObject *series = member_object (event, "series");
  const char *kind = member_string (involved, "kind");
  const char *name = member_string (involved, "name");
  g_autofree char *lower_kind = g_ascii_strdown (kind ? kind : "", -1);
  g_autofree char *message = g_strdup (member_string (event, "message"));
  gint64 first = member_time (event, "firstTimestamp");
  gint64 last = member_time (event, "lastTimestamp");

  if (first == 0)
    first = member_time (event, "eventTime");
  if (last == 0)
    last = first;
  if (series != NULL)
    last = member_time (series, "lastObservedTime");

  g_ptr_array_add (cells, bn_format_age (last, now));
  g_ptr_array_add (cells, g_strdup (member_string (event, "type") ? member_string (event, "type") : ""));
  g_ptr_array_add (cells, g_strdup (member_string (event, "reason") ? member_string (event, "reason") : ""));
  if (name != NULL && *name != '\0')
    g_ptr_array_add (cells, g_strdup_printf ("%s/%s", lower_kind, name));
  else
    g_ptr_array_add (cells, g_steal_pointer (&lower_kind));
  g_ptr_array_add (cells, message != NULL ? g_strstrip (g_steal_pointer (&message)) : g_strdup (""));
}

static void
add_namespace_cells (GPtrArray        *cells,
                     BnObjectSnapshot *snapshot,
                     gint64            now)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *status = member_object (parse_object_json (snapshot, parser), "status");
  const char *phase = member_string (status, "phase");

  g_ptr_array_add (cells, g_strdup (phase ? phase : ""));
  g_ptr_array_add (cells, bn_format_age (bn_object_snapshot_get_creation_time (snapshot), now));
}

static char **
row_for (Get              *self,
         BnObjectSnapshot *snapshot,
         gint64            now)
{
  GPtrArray *cells = g_ptr_array_new ();

  if (self->with_namespace)
    g_ptr_array_add (cells, g_strdup (bn_object_snapshot_get_namespace (snapshot)));
  g_ptr_array_add (cells, g_strdup (bn_object_snapshot_get_name (snapshot)));

  switch (self->columns)
    {
    case COLUMNS_PODS:
      add_pod_cells (cells, snapshot, self->wide, now);
      break;

    case COLUMNS_DEPLOYMENTS:
      add_deployment_cells (cells, snapshot, self->wide, now);
      break;

    case COLUMNS_NODES:
      add_node_cells (cells, snapshot, self->wide, now);
      break;

    case COLUMNS_EVENTS:
      /* kubectl puts the name of an event in -o wide only */
      g_free (g_ptr_array_steal_index (cells, cells->len - 1));
      add_event_cells (cells, snapshot, now);
      break;

    case COLUMNS_NAMESPACES:
      add_namespace_cells (cells, snapshot, now);
      break;

    case COLUMNS_GENERIC:
    default:
      g_ptr_array_add (cells, bn_format_age (bn_object_snapshot_get_creation_time (snapshot), now));
      break;
    }

  g_ptr_array_add (cells, NULL);
  return (char **) g_ptr_array_free (cells, FALSE);
}

static BnTablePrinter *
table_for (Get *self)
{
  static const char * const pods[] = { "NAME", "READY", "STATUS", "RESTARTS", "AGE", NULL };
  static const char * const pods_wide[] = { "NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE",
                                            "NOMINATED NODE", "READINESS GATES", NULL };
  static const char * const deployments[] = { "NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", NULL };
  static const char * const deployments_wide[] = { "NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE",
                                                   "CONTAINERS", "IMAGES", "SELECTOR", NULL };
  static const char * const nodes[] = { "NAME", "STATUS", "ROLES", "AGE", "VERSION", NULL };
  static const char * const nodes_wide[] = { "NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP",
                                             "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION",
                                             "CONTAINER-RUNTIME", NULL };
  static const char * const events[] = { "LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE", NULL };
  static const char * const namespaces[] = { "NAME", "STATUS", "AGE", NULL };
  static const char * const generic[] = { "NAME", "AGE", NULL };
  const char * const *headers = generic;
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  switch (self->columns)
    {
    case COLUMNS_PODS:
      headers = self->wide ? pods_wide : pods;
      break;
    case COLUMNS_DEPLOYMENTS:
      headers = self->wide ? deployments_wide : deployments;
      break;
    case COLUMNS_NODES:
      headers = self->wide ? nodes_wide : nodes;
      break;
    case COLUMNS_EVENTS:
      headers = events;
      break;
    case COLUMNS_NAMESPACES:
      headers = namespaces;
      break;
    case COLUMNS_GENERIC:
    default:
      break;
    }

  if (self->with_namespace)
    g_ptr_array_add (all, (gpointer) "NAMESPACE");
  for (guint i = 0; headers[i] != NULL; i++)
    g_ptr_array_add (all, (gpointer) headers[i]);
  g_ptr_array_add (all, NULL);
  return bn_table_printer_new ((const char * const *) all->pdata);
}

static Columns
columns_for_type (BnResourceType *type)
{
  const char *group = bn_resource_type_get_group (type);
  const char *plural = bn_resource_type_get_plural (type);

  if (g_str_equal (group, "") && g_str_equal (plural, "pods"))
    return COLUMNS_PODS;
  if (g_str_equal (group, "apps") && g_str_equal (plural, "deployments"))
    return COLUMNS_DEPLOYMENTS;
  if (g_str_equal (group, "") && g_str_equal (plural, "nodes"))
    return COLUMNS_NODES;
  if (g_str_equal (group, "") && g_str_equal (plural, "events"))
    return COLUMNS_EVENTS;
  if (g_str_equal (group, "") && g_str_equal (plural, "namespaces"))
    return COLUMNS_NAMESPACES;
  return COLUMNS_GENERIC;
}

/* Printing *************************************************************************************/

/* The API server lists in the order of its storage keys, namespace/name, byte by byte. */
static int
compare_by_key (gconstpointer a,
                gconstpointer b)
{
  BnObjectSnapshot *sa = bn_object_get_snapshot (*(BnObject **) a);
  BnObjectSnapshot *sb = bn_object_get_snapshot (*(BnObject **) b);
  const char *na = bn_object_snapshot_get_namespace (sa);
  const char *nb = bn_object_snapshot_get_namespace (sb);
  g_autofree char *ka = g_strconcat (na ? na : "", "/", bn_object_snapshot_get_name (sa), NULL);
  g_autofree char *kb = g_strconcat (nb ? nb : "", "/", bn_object_snapshot_get_name (sb), NULL);

  return strcmp (ka, kb);
}

static void
print_table (Get *self)
{
  g_autoptr(BnTablePrinter) table = table_for (self);
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *text = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->cache));
  gint64 now = now_seconds ();

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (objects, g_list_model_get_item (G_LIST_MODEL (self->cache), i));
  g_ptr_array_sort (objects, compare_by_key);

  if (objects->len == 0)
    {
      if (self->scope != NULL)
        g_printerr ("No resources found in %s namespace.\n", self->scope);
      else
        g_printerr ("No resources found\n");
      return;
    }

  for (guint i = 0; i < objects->len; i++)
    bn_table_printer_take_row (table, row_for (self, bn_object_get_snapshot (g_ptr_array_index (objects, i)), now));
  text = bn_table_printer_format (table, TRUE);
  fputs (text, stdout);
  fflush (stdout);
}

/* Like `kubectl get -w`: each change is a row of its own, laid out on its own. */
static void
print_row (Get      *self,
           BnObject *object)
{
  g_autoptr(BnTablePrinter) table = table_for (self);
  g_autofree char *text = NULL;

  bn_table_printer_take_row (table, row_for (self, bn_object_get_snapshot (object), now_seconds ()));
  text = bn_table_printer_format (table, FALSE);
  fputs (text, stdout);
  fflush (stdout);
}

static guint64
read_status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, field);
  if (line == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen (field), NULL, 10);
}

static void
print_stats (Get *self)
{
  BnWatchCacheStats stats;
  gint64 watched_usec = self->ready_at ? g_get_monotonic_time () - self->ready_at : 0;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->cache));
  guint64 after_list = 0;

  bn_watch_cache_get_stats (self->cache, &stats);
  after_list = stats.events_applied > n ? stats.events_applied - n : 0;

  g_printerr ("ingest: %u objects ready in %.1f ms (first list in the worker after %.1f ms), "
              "%" G_GUINT64_FORMAT " pages\n",
              n, stats.ready_usec / 1000.0, stats.first_list_usec / 1000.0, stats.list_pages);
  g_printerr ("bytes: %" G_GUINT64_FORMAT " read (%.1f MB)\n",
              stats.bytes_received, stats.bytes_received / 1e6);
  g_printerr ("rss: %.1f MB (peak %.1f MB)\n",
              read_status_kib ("VmRSS:") / 1024.0, read_status_kib ("VmHWM:") / 1024.0);
  g_printerr ("events: %" G_GUINT64_FORMAT " received, %" G_GUINT64_FORMAT " applied after the list "
              "in %.1f s (%.0f events/s), %" G_GUINT64_FORMAT " watches\n",
              stats.events_received, after_list, watched_usec / 1e6,
              watched_usec > 0 ? after_list * 1e6 / watched_usec : 0.0, stats.watches);
}

/* Errors, worded as kubectl words them *********************************************************/

static const char *
reason_for_code (int code)
{
  switch ((BnKubeError) code)
    {
    case BN_KUBE_ERROR_BAD_REQUEST:       return "BadRequest";
    case BN_KUBE_ERROR_UNAUTHORIZED:      return "Unauthorized";
    case BN_KUBE_ERROR_FORBIDDEN:         return "Forbidden";
    case BN_KUBE_ERROR_NOT_FOUND:         return "NotFound";
    case BN_KUBE_ERROR_CONFLICT:          return "Conflict";
    case BN_KUBE_ERROR_GONE:              return "Expired";
    case BN_KUBE_ERROR_INVALID:           return "Invalid";
    case BN_KUBE_ERROR_TOO_MANY_REQUESTS: return "TooManyRequests";
    case BN_KUBE_ERROR_INTERNAL:          return "InternalError";
    case BN_KUBE_ERROR_UNAVAILABLE:       return "ServiceUnavailable";
    case BN_KUBE_ERROR_TIMEOUT:           return "Timeout";
    case BN_KUBE_ERROR_FAILED:
    case BN_KUBE_ERROR_INVALID_CONFIG:
    case BN_KUBE_ERROR_INVALID_RESPONSE:
    case BN_KUBE_ERROR_READ_ONLY:
    case BN_KUBE_ERROR_CREDENTIALS:
    default:
      return NULL;
    }
}

static void
print_error (Get          *self,
             const GError *error)
{
  if (error == NULL)
    {
      g_printerr ("error: the server could not be read\n");
      return;
    }

  if (error->domain == BN_KUBE_ERROR)
    {
      /* The server's own reason when it answered; a Status without one reads as kubectl
       * prints it. */
      gboolean from_server = bn_kube_error_get_status_code (error) != 0;
      const char *reason = from_server ? bn_kube_error_get_status_reason (error)
                                       : reason_for_code (error->code);

      if (error->code == BN_KUBE_ERROR_UNAUTHORIZED)
        g_printerr ("error: You must be logged in to the server (%s)\n", error->message);
      else if (reason != NULL)
        g_printerr ("Error from server (%s): %s\n", reason, error->message);
      else if (from_server)
        g_printerr ("Error from server: %s\n", error->message);
      else
        g_printerr ("error: %s\n", error->message);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    {
      g_autoptr(GUri) uri = g_uri_parse (bn_cluster_get_server (self->cluster), G_URI_FLAGS_NONE, NULL);

      g_printerr ("The connection to the server %s:%d was refused - did you specify the right host or port?\n",
                  uri ? g_uri_get_host (uri) : "", uri ? g_uri_get_port (uri) : 0);
    }
  else
    g_printerr ("Unable to connect to the server: %s\n", error->message);
}

/* --watch **************************************************************************************/

static void
on_object_changed_cb (BnObject   *object,
                      GParamSpec *pspec,
                      Get        *self)
{
  print_row (self, object);
}

static void
forget_object (gpointer key,
               gpointer value,
               gpointer user_data)
{
  g_signal_handler_disconnect (key, GPOINTER_TO_SIZE (value));
  g_object_unref (key);
}

static void
know_object (Get      *self,
             BnObject *object)
{
  gulong id = g_signal_connect (object, "notify::snapshot", G_CALLBACK (on_object_changed_cb), self);

  g_hash_table_insert (self->known, g_object_ref (object), GSIZE_TO_POINTER (id));
}

/* A removal may be half of a move (the last row fills a hole), so presence is checked once the
 * model is settled. */
static gboolean
reconcile_cb (gpointer data)
{
  Get *self = data;
  GHashTableIter iter;
  BnObject *object;

  self->reconcile_id = 0;
  g_hash_table_iter_init (&iter, self->candidates);
  while (g_hash_table_iter_next (&iter, (gpointer *) &object, NULL))
    {
      gboolean present = bn_watch_cache_lookup (self->cache, bn_object_get_uid (object)) == object;
      gpointer id;

      if (present && !g_hash_table_contains (self->known, object))
        {
          know_object (self, object);
          print_row (self, object);
        }
      else if (!present && g_hash_table_lookup_extended (self->known, object, NULL, &id))
        {
          print_row (self, object);
          g_hash_table_steal (self->known, object);
          forget_object (object, id, NULL);
        }
    }
  g_hash_table_remove_all (self->candidates);
  return G_SOURCE_REMOVE;
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Get        *self)
{
  for (guint i = 0; i < removed; i++)
    g_hash_table_add (self->candidates, g_object_ref (g_ptr_array_index (self->mirror, position + i)));
  g_ptr_array_remove_range (self->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    {
      BnObject *object = g_list_model_get_item (model, position + i);

      g_hash_table_add (self->candidates, g_object_ref (object));
      g_ptr_array_insert (self->mirror, position + i, object);
    }
  if (self->reconcile_id == 0)
    self->reconcile_id = g_idle_add (reconcile_cb, self);
}

static void
start_following (Get *self)
{
  GListModel *model = G_LIST_MODEL (self->cache);
  guint n = g_list_model_get_n_items (model);

  self->known = g_hash_table_new (NULL, NULL);
  self->candidates = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      BnObject *object = g_list_model_get_item (model, i);

      g_ptr_array_add (self->mirror, object);
      know_object (self, object);
    }
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), self);
}

static void
stop_following (Get *self)
{
  if (self->known == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->cache, self);
  g_clear_handle_id (&self->reconcile_id, g_source_remove);
  g_hash_table_foreach (self->known, forget_object, NULL);
  g_clear_pointer (&self->known, g_hash_table_unref);
  g_clear_pointer (&self->candidates, g_hash_table_unref);
  g_clear_pointer (&self->mirror, g_ptr_array_unref);
}

/* Running **************************************************************************************/

static void
finish (Get *self,
        int  exit_status)
{
  self->exit_status = exit_status;
  self->done = TRUE;
  g_main_loop_quit (self->loop);
}

static gboolean
on_stats_tick_cb (gpointer data)
{
  print_stats (data);
  return G_SOURCE_CONTINUE;
}

static void
on_state_changed_cb (BnWatchCache *cache,
                     GParamSpec   *pspec,
                     Get          *self)
{
  switch (bn_watch_cache_get_state (cache))
    {
    case BN_WATCH_CACHE_READY:
      if (self->printed)
        return;
      self->printed = TRUE;
      self->ready_at = g_get_monotonic_time ();
      print_table (self);
      if (self->watch)
        {
          start_following (self);
          if (self->stats)
            g_timeout_add_seconds (5, on_stats_tick_cb, self);
        }
      else
        finish (self, 0);
      break;

    case BN_WATCH_CACHE_FORBIDDEN:
    case BN_WATCH_CACHE_UNAUTHORIZED:
    case BN_WATCH_CACHE_ERROR:
      if (self->printed)
        return;
      print_error (self, bn_watch_cache_get_error (cache));
      finish (self, 1);
      break;

    case BN_WATCH_CACHE_LOADING:
    case BN_WATCH_CACHE_RECONNECTING:
    default:
      break;
    }
}

static gboolean
on_interrupt_cb (gpointer data)
{
  Get *self = data;

  finish (self, self->exit_status);
  return G_SOURCE_REMOVE;
}

static void
start_watch (Get *self)
{
  self->columns = columns_for_type (self->type);
  if (bn_resource_type_get_namespaced (self->type))
    {
      self->with_namespace = self->all_namespaces;
      self->scope = self->all_namespaces ? NULL : self->namespace_;
    }

  self->cache = bn_cluster_watch (self->cluster, self->type, self->scope, NULL);
  if (self->cache == NULL)
    {
      print_error (self, bn_cluster_get_error (self->cluster));
      finish (self, 1);
      return;
    }
  g_signal_connect (self->cache, "notify::state", G_CALLBACK (on_state_changed_cb), self);
}

static void
on_discovered_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Get *self = user_data;
  g_autoptr(GError) error = NULL;
  BnResourceType *type;

  if (!bn_discovery_refresh_finish (BN_DISCOVERY (object), result, &error))
    {
      print_error (self, error);
      finish (self, 1);
      return;
    }
  type = bn_discovery_lookup (BN_DISCOVERY (object), self->kind);
  if (type == NULL)
    {
      g_printerr ("error: the server doesn't have a resource type \"%s\"\n", self->kind);
      finish (self, 1);
      return;
    }
  self->type = g_object_ref (type);
  start_watch (self);
}

static void
start_discovery (Get *self)
{
  bn_cluster_connect (self->cluster);
  if (bn_cluster_get_client (self->cluster) == NULL)
    {
      print_error (self, bn_cluster_get_error (self->cluster));
      finish (self, 1);
      return;
    }
  self->discovery = bn_discovery_new (bn_cluster_get_client (self->cluster));
  bn_discovery_refresh_async (self->discovery, NULL, on_discovered_cb, self);
}

static gboolean
open_cluster (Get     *self,
              GError **error)
{
  g_autoptr(BnKubeconfig) config = NULL;
  g_autoptr(BnAuthInfo) anonymous = NULL;
  BnKubeContext *context;
  BnClusterInfo *cluster;
  BnAuthInfo *user;
  const char *context_name;

  if (self->kubeconfig != NULL)
    {
      config = bn_kubeconfig_new ();
      if (!bn_kubeconfig_load_file (config, self->kubeconfig, error))
        return FALSE;
    }
  else
    config = bn_kubeconfig_new_from_environment ();

  context_name = self->context ? self->context : bn_kubeconfig_get_current_context (config);
  if (context_name == NULL || *context_name == '\0')
    {
      g_set_error_literal (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG,
                           "current-context is not set");
      return FALSE;
    }
  context = bn_kubeconfig_lookup_context (config, context_name);
  if (context == NULL)
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG,
                   "context \"%s\" does not exist", context_name);
      return FALSE;
    }
  cluster = context->cluster ? bn_kubeconfig_lookup_cluster (config, context->cluster) : NULL;
  user = context->user ? bn_kubeconfig_lookup_user (config, context->user) : NULL;
  if (cluster == NULL)
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG,
                   "context was not found for specified context: %s", context_name);
      return FALSE;
    }
  if (user == NULL)
    user = anonymous = bn_auth_info_new ();

  if (self->namespace_ == NULL)
    self->namespace_ = g_strdup (context->namespace && *context->namespace ? context->namespace : "default");
  self->cluster = bn_cluster_new (context_name, context_name, cluster, user, self->namespace_);
  return TRUE;
}

static gboolean
parse_arguments (Get      *self,
                 char   ***args,
                 GError  **error)
{
  const GOptionEntry entries[] = {
    { "kubeconfig", 0, 0, G_OPTION_ARG_FILENAME, &self->kubeconfig, "Path to the kubeconfig file", "FILE" },
    { "context", 0, 0, G_OPTION_ARG_STRING, &self->context, "The kubeconfig context to use", "NAME" },
    { "namespace", 'n', 0, G_OPTION_ARG_STRING, &self->namespace_, "The namespace to list", "NS" },
    { "all-namespaces", 'A', 0, G_OPTION_ARG_NONE, &self->all_namespaces, "List across all namespaces", NULL },
    { "output", 'o', 0, G_OPTION_ARG_STRING, &self->output, "Output format: wide", "FORMAT" },
    { "watch", 'w', 0, G_OPTION_ARG_NONE, &self->watch, "After listing, print every change", NULL },
    { "stats", 0, 0, G_OPTION_ARG_NONE, &self->stats, "Print ingest time, bytes, RSS and events/s to stderr", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("KIND");

  g_option_context_set_summary (context, "Lists objects through Binnacle's engine, as kubectl get prints them.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse_strv (context, args, error))
    return FALSE;

  if (g_strv_length (*args) != 2)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           "You must specify one type of resource to get");
      return FALSE;
    }
  if (self->output != NULL && !g_str_equal (self->output, "wide"))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "unable to match a printer suitable for the output format \"%s\"", self->output);
      return FALSE;
    }
  self->wide = self->output != NULL;
  return TRUE;
}

static void
get_clear (Get *self)
{
  stop_following (self);
  if (self->cache != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->cache, self);
      bn_cluster_unwatch (self->cluster, self->cache);
      g_clear_object (&self->cache);
    }
  g_clear_object (&self->discovery);
  if (self->cluster != NULL)
    bn_cluster_disconnect (self->cluster);
  g_clear_object (&self->cluster);
  g_clear_object (&self->type);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->kubeconfig, g_free);
  g_clear_pointer (&self->context, g_free);
  g_clear_pointer (&self->namespace_, g_free);
  g_clear_pointer (&self->output, g_free);
}

int
main (int   argc,
      char *argv[])
{
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  Get self = { 0 };
  const char *kind;
  int exit_status;

  /* GLib 2.74's slice allocator would keep freed memory and spoil the RSS figures */
  g_setenv ("G_SLICE", "always-malloc", FALSE);
  setlocale (LC_ALL, "");

  args = g_strdupv (argv);
  if (!parse_arguments (&self, &args, &error))
    {
      g_printerr ("error: %s\n", error->message);
      get_clear (&self);
      return 1;
    }
  kind = args[1];

  if (!open_cluster (&self, &error))
    {
      g_printerr ("error: %s\n", error->message);
      get_clear (&self);
      return 1;
    }

  self.kind = kind;
  self.loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_interrupt_cb, &self);
  g_unix_signal_add (SIGTERM, on_interrupt_cb, &self);

  /* the built-in kinds need no discovery round trip; anything else asks the server */
  self.type = bn_resource_type_new_builtin (kind);
  if (self.type != NULL)
    start_watch (&self);
  else
    start_discovery (&self);

  if (self.exit_status == 0 && !self.done)
    g_main_loop_run (self.loop);

  if (self.stats && self.printed)
    print_stats (&self);
  exit_status = self.exit_status;
  get_clear (&self);
  return exit_status;
}
