/* test-json-scan.c: the simdjson scanner against json-glib on the same documents
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "bn-json-scan.h"
#include "bn-kube-error.h"
#include "bn-pod-status.h"

/* ---- documents ------------------------------------------------------------------------- */

static JsonNode *
load_json_file (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
load_sample (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "pod-sample.json", NULL);

  return load_json_file (path);
}

static JsonNode *
parse_json (const char *data,
            gssize      length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, data, length, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* json_node_copy() shares objects and arrays; the tests edit copies, so copy deeply. */
static JsonNode *
deep_copy (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  return parse_json (text, -1);
}

static char *
dup_json (BnObjectSnapshot *snapshot,
          gsize            *length)
{
  g_autoptr(GBytes) bytes = bn_object_snapshot_ref_json (snapshot);

  if (length != NULL)
    *length = g_bytes_get_size (bytes);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : 0;
}

static gboolean
member_bool (JsonObject *object,
             const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_boolean (node) : FALSE;
}

static gint64
timestamp (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    return 0;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  return dt ? g_date_time_to_unix (dt) : 0;
}

static char *
wrap_list (const char *items,
           const char *kind)
{
  return g_strdup_printf ("{\"kind\":\"%s\",\"apiVersion\":\"v1\",\"metadata\":"
                          "{\"resourceVersion\":\"4711\",\"continue\":\"next-page\","
                          "\"remainingItemCount\":1500},\"items\":[%s]}",
                          kind, items);
}

/* ---- the json-glib side of the comparison ---------------------------------------------- */

static void
container_info_from_json (JsonObject            *status,
                          BnContainerStatusInfo *info)
{
  JsonObject *state = member_object (status, "state");
  JsonObject *last = member_object (status, "lastState");
  JsonObject *detail;

  memset (info, 0, sizeof *info);
  info->name = member_string (status, "name");
  info->ready = member_bool (status, "ready");
  info->started = member_bool (status, "started");
  info->restart_count = member_int (status, "restartCount");

  if (state && (detail = member_object (state, "waiting")))
    {
      info->state = BN_CONTAINER_STATE_WAITING;
      info->reason = member_string (detail, "reason");
    }
  else if (state && (detail = member_object (state, "running")))
    {
      info->state = BN_CONTAINER_STATE_RUNNING;
    }
  else if (state && (detail = member_object (state, "terminated")))
    {
      info->state = BN_CONTAINER_STATE_TERMINATED;
      info->reason = member_string (detail, "reason");
      info->exit_code = member_int (detail, "exitCode");
      info->signal = member_int (detail, "signal");
    }

  if (last && (detail = member_object (last, "terminated")))
    info->last_terminated_at = timestamp (member_string (detail, "finishedAt"));
}

static const char *
condition_field (JsonObject *pod_status,
                 const char *type,
                 const char *field)
{
  JsonArray *conditions = member_array (pod_status, "conditions");

  for (guint i = 0; conditions && i < json_array_get_length (conditions); i++)
    {
      JsonObject *c = json_array_get_object_element (conditions, i);

      if (g_strcmp0 (member_string (c, "type"), type) == 0)
        return member_string (c, field);
    }

  return NULL;
}

/* Computes STATUS, READY and RESTARTS from json-glib's tree, independently of the
 * scanner's extraction. */
static void
expected_pod_status (JsonObject  *pod,
                     BnPodStatus *status)
{
  JsonObject *metadata = member_object (pod, "metadata");
  JsonObject *spec = member_object (pod, "spec");
  JsonObject *pod_status = member_object (pod, "status");
  JsonArray *containers = member_array (spec, "containers");
  JsonArray *init_specs = member_array (spec, "initContainers");
  JsonArray *init_statuses = member_array (pod_status, "initContainerStatuses");
  JsonArray *statuses = member_array (pod_status, "containerStatuses");
  g_autofree const char **init_names = NULL;
  g_autofree gboolean *restartable = NULL;
  g_autofree BnContainerStatusInfo *init_infos = NULL;
  g_autofree BnContainerStatusInfo *infos = NULL;
  BnPodStatusInput input = { 0 };
  guint n;

  input.phase = member_string (pod_status, "phase");
  input.reason = member_string (pod_status, "reason");
  input.deleting = metadata && json_object_has_member (metadata, "deletionTimestamp")
                   && !JSON_NODE_HOLDS_NULL (json_object_get_member (metadata, "deletionTimestamp"));
  input.n_containers = containers ? json_array_get_length (containers) : 0;

  n = init_specs ? json_array_get_length (init_specs) : 0;
  init_names = g_new0 (const char *, n + 1);
  restartable = g_new0 (gboolean, n + 1);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *c = json_array_get_object_element (init_specs, i);

      init_names[i] = member_string (c, "name");
      restartable[i] = g_strcmp0 (member_string (c, "restartPolicy"), "Always") == 0;
    }
  input.n_init_containers = n;
  input.init_container_names = init_names;
  input.init_container_restartable = restartable;

  n = init_statuses ? json_array_get_length (init_statuses) : 0;
  init_infos = g_new0 (BnContainerStatusInfo, n + 1);
  for (guint i = 0; i < n; i++)
    container_info_from_json (json_array_get_object_element (init_statuses, i), &init_infos[i]);
  input.init_statuses = init_infos;
  input.n_init_statuses = n;

  n = statuses ? json_array_get_length (statuses) : 0;
  infos = g_new0 (BnContainerStatusInfo, n + 1);
  for (guint i = 0; i < n; i++)
    container_info_from_json (json_array_get_object_element (statuses, i), &infos[i]);
  input.statuses = infos;
  input.n_statuses = n;

  input.initialized = g_strcmp0 (condition_field (pod_status, "Initialized", "status"), "True") == 0;
  input.ready_condition = g_strcmp0 (condition_field (pod_status, "Ready", "status"), "True") == 0;
  input.scheduling_gated =
    g_strcmp0 (condition_field (pod_status, "PodScheduled", "reason"), "SchedulingGated") == 0;

  bn_pod_status_compute (&input, status);
}

static void
assert_same_metadata (BnObjectSnapshot *snapshot,
                      JsonObject       *object)
{
  JsonObject *metadata = member_object (object, "metadata");
  JsonObject *labels = member_object (metadata, "labels");
  JsonArray *owners = member_array (metadata, "ownerReferences");
  const char *deletion = member_string (metadata, "deletionTimestamp");

  g_assert_cmpstr (bn_object_snapshot_get_uid (snapshot), ==, member_string (metadata, "uid"));
  g_assert_cmpstr (bn_object_snapshot_get_name (snapshot), ==, member_string (metadata, "name"));
  g_assert_cmpstr (bn_object_snapshot_get_namespace (snapshot), ==, member_string (metadata, "namespace"));
  g_assert_cmpstr (bn_object_snapshot_get_resource_version (snapshot), ==,
                   member_string (metadata, "resourceVersion"));
  g_assert_cmpint (bn_object_snapshot_get_creation_time (snapshot), ==,
                   timestamp (member_string (metadata, "creationTimestamp")));
  g_assert_cmpint (bn_object_snapshot_is_deleting (snapshot), ==, deletion != NULL);
  g_assert_cmpint (bn_object_snapshot_get_deletion_time (snapshot), ==, timestamp (deletion));

  g_assert_cmpuint (bn_object_snapshot_get_n_labels (snapshot), ==,
                    labels ? json_object_get_size (labels) : 0);
  if (labels != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (labels);

      for (GList *l = names; l; l = l->next)
        g_assert_cmpstr (bn_object_snapshot_lookup_label (snapshot, l->data), ==,
                         member_string (labels, l->data));
    }

  g_assert_cmpuint (bn_object_snapshot_get_n_owner_references (snapshot), ==,
                    owners ? json_array_get_length (owners) : 0);
  for (guint i = 0; owners && i < json_array_get_length (owners); i++)
    {
      JsonObject *owner = json_array_get_object_element (owners, i);
      const char *kind, *name, *uid;
      gboolean controller;

      bn_object_snapshot_get_owner_reference (snapshot, i, &kind, &name, &uid, &controller);
      g_assert_cmpstr (kind, ==, member_string (owner, "kind"));
      g_assert_cmpstr (name, ==, member_string (owner, "name"));
      g_assert_cmpstr (uid, ==, member_string (owner, "uid"));
      g_assert_cmpint (controller, ==, member_bool (owner, "controller"));
    }
}

/* The kept bytes must parse to json-glib's tree of the original minus managedFields. */
static void
assert_same_json (BnObjectSnapshot *snapshot,
                  JsonNode         *original)
{
  g_autoptr(JsonNode) expected = deep_copy (original);
  g_autoptr(JsonNode) kept = NULL;
  JsonObject *metadata = member_object (json_node_get_object (expected), "metadata");
  g_autofree char *json = NULL;
  g_autoptr(BnObjectSnapshot) compact = bn_object_snapshot_compact (snapshot);
  g_autofree char *compact_json = NULL;
  gsize length;

  if (metadata != NULL)
    json_object_remove_member (metadata, "managedFields");

  json = dup_json (snapshot, &length);
  g_assert_cmpuint (strlen (json), ==, length);
  g_assert_cmpuint (bn_object_snapshot_get_json_size (snapshot), ==, length);

  /* the compact copy gives back the very same bytes */
  compact_json = dup_json (compact, NULL);
  g_assert_cmpstr (compact_json, ==, json);

  kept = parse_json (json, length);
  if (!json_node_equal (expected, kept))
    {
      g_autofree char *a = json_to_string (expected, FALSE);

      g_test_message ("expected %s\ngot      %s", a, json);
      g_assert_not_reached ();
    }
}

static void
assert_same_pod (BnObjectSnapshot *snapshot,
                 JsonNode         *node)
{
  JsonObject *pod = json_node_get_object (node);
  JsonObject *spec = member_object (pod, "spec");
  JsonObject *status = member_object (pod, "status");
  JsonArray *ips = member_array (status, "podIPs");
  g_auto(BnPodStatus) expected = { 0 };
  const char *ip = member_string (status, "podIP");

  if (ips != NULL && json_array_get_length (ips) > 0)
    ip = member_string (json_array_get_object_element (ips, 0), "ip");

  assert_same_metadata (snapshot, pod);
  assert_same_json (snapshot, node);

  expected_pod_status (pod, &expected);
  g_assert_cmpint (bn_object_snapshot_get_kind (snapshot), ==, BN_OBJECT_KIND_POD);
  g_assert_cmpstr (bn_object_snapshot_get_status (snapshot), ==, expected.reason);
  g_assert_cmpuint (bn_object_snapshot_get_pod_ready_containers (snapshot), ==, expected.ready_containers);
  g_assert_cmpuint (bn_object_snapshot_get_pod_total_containers (snapshot), ==, expected.total_containers);
  g_assert_cmpuint (bn_object_snapshot_get_pod_restarts (snapshot), ==, expected.restarts);
  g_assert_cmpint (bn_object_snapshot_get_pod_last_restart_time (snapshot), ==, expected.last_restart_time);
  g_assert_cmpstr (bn_object_snapshot_get_pod_phase (snapshot), ==, member_string (status, "phase"));
  g_assert_cmpstr (bn_object_snapshot_get_pod_node_name (snapshot), ==, member_string (spec, "nodeName"));
  g_assert_cmpstr (bn_object_snapshot_get_pod_ip (snapshot), ==, ip);
  g_assert_cmpstr (bn_object_snapshot_get_pod_nominated_node_name (snapshot), ==,
                   member_string (status, "nominatedNodeName"));
}

/* ---- varied pods ----------------------------------------------------------------------- */

static JsonObject *
first_container_status (JsonObject *pod)
{
  JsonArray *statuses = member_array (member_object (pod, "status"), "containerStatuses");

  return json_array_get_object_element (statuses, 0);
}

static void
set_json_member (JsonObject *object,
                 const char *name,
                 const char *json)
{
  json_object_set_member (object, name, parse_json (json, -1));
}

/* Rebuilds metadata with managedFields first, last, alone or missing. */
static void
move_managed_fields (JsonObject *pod,
                     int         where)
{
  JsonObject *metadata = member_object (pod, "metadata");
  g_autoptr(JsonNode) managed = json_node_copy (json_object_get_member (metadata, "managedFields"));
  g_autoptr(JsonObject) rebuilt = json_object_new ();
  g_autoptr(GList) names = json_object_get_members (metadata);

  if (where == 0 || where == 2)
    json_object_set_member (rebuilt, "managedFields", json_node_copy (managed));
  if (where != 2)
    {
      for (GList *l = names; l; l = l->next)
        if (!g_str_equal (l->data, "managedFields"))
          json_object_set_member (rebuilt, l->data,
                                  json_node_copy (json_object_get_member (metadata, l->data)));
    }
  if (where == 1)
    json_object_set_member (rebuilt, "managedFields", json_node_copy (managed));

  json_object_set_object_member (pod, "metadata", json_object_ref (rebuilt));
}

static JsonNode *
make_varied_pod (JsonNode *sample,
                 guint     variant)
{
  JsonNode *node = deep_copy (sample);
  JsonObject *pod = json_node_get_object (node);
  JsonObject *metadata = member_object (pod, "metadata");
  JsonObject *status = member_object (pod, "status");
  g_autofree char *name = g_strdup_printf ("pod-%u", variant);
  g_autofree char *uid = g_strdup_printf ("00000000-0000-0000-0000-%012u", variant);

  json_object_set_string_member (metadata, "name", name);
  json_object_set_string_member (metadata, "uid", uid);

  switch (variant % 14)
    {
    case 1:
      set_json_member (first_container_status (pod), "state",
                       "{\"waiting\":{\"reason\":\"CrashLoopBackOff\",\"message\":\"back-off 5m0s\"}}");
      json_object_set_boolean_member (first_container_status (pod), "ready", FALSE);
      json_object_set_int_member (first_container_status (pod), "restartCount", 12 + variant);
      break;
    case 2:
      json_object_set_string_member (metadata, "deletionTimestamp", "2024-05-21T10:00:00Z");
      break;
    case 3:
      set_json_member (member_object (pod, "spec"), "initContainers",
                       "[{\"name\":\"migrate\",\"image\":\"m\"},{\"name\":\"proxy\",\"restartPolicy\":\"Always\"}]");
      set_json_member (status, "initContainerStatuses",
                       "[{\"name\":\"migrate\",\"state\":{\"running\":{}},\"ready\":false,\"restartCount\":2,"
                       "\"lastState\":{\"terminated\":{\"exitCode\":1,\"finishedAt\":\"2024-05-20T01:00:00Z\"}}},"
                       "{\"name\":\"proxy\",\"state\":{\"waiting\":{\"reason\":\"PodInitializing\"}},\"restartCount\":0}]");
      set_json_member (status, "conditions", "[{\"type\":\"Initialized\",\"status\":\"False\"}]");
      json_object_set_string_member (status, "phase", "Pending");
      break;
    case 4:
      move_managed_fields (pod, 0);
      break;
    case 5:
      move_managed_fields (pod, 1);
      break;
    case 6:
      json_object_remove_member (metadata, "managedFields");
      break;
    case 7:
      set_json_member (first_container_status (pod), "state",
                       "{\"terminated\":{\"exitCode\":3,\"signal\":0,\"finishedAt\":\"2024-05-20T01:00:00Z\"}}");
      break;
    case 8:
      set_json_member (metadata, "labels",
                       "{\"k\\\"ey\":\"v\\u00e9\\\\\",\"\\u65e5\\u672c\":\"\\ud83d\\ude00\",\"empty\":\"\","
                       "\"a/b\":\"line\\nbreak\"}");
      break;
    case 9:
      json_object_set_string_member (status, "phase", "Succeeded");
      set_json_member (status, "containerStatuses",
                       "[{\"name\":\"app\",\"state\":{\"terminated\":{\"reason\":\"Completed\",\"exitCode\":0}},"
                       "\"ready\":false,\"restartCount\":0},{\"name\":\"fluent-bit\",\"state\":{\"terminated\":"
                       "{\"reason\":\"Completed\",\"exitCode\":0}},\"ready\":false,\"restartCount\":1}]");
      break;
    case 10:
      json_object_set_string_member (status, "phase", "Pending");
      json_object_remove_member (status, "containerStatuses");
      json_object_remove_member (status, "podIPs");
      json_object_remove_member (status, "podIP");
      json_object_remove_member (member_object (pod, "spec"), "nodeName");
      set_json_member (status, "conditions",
                       "[{\"type\":\"PodScheduled\",\"status\":\"False\",\"reason\":\"SchedulingGated\"}]");
      break;
    case 11:
      json_object_set_string_member (status, "reason", "NodeLost");
      json_object_set_string_member (metadata, "deletionTimestamp", "2024-05-21T10:00:00.123456Z");
      break;
    case 12:
      move_managed_fields (pod, 2);
      json_object_set_string_member (status, "nominatedNodeName", "node-b");
      break;
    case 13:
      json_object_remove_member (metadata, "labels");
      json_object_remove_member (metadata, "ownerReferences");
      json_object_set_null_member (metadata, "namespace");
      break;
    default:
      break;
    }

  return node;
}

/* ---- tests ----------------------------------------------------------------------------- */

static void
test_sample_pod (void)
{
  g_autoptr(JsonNode) sample = load_sample ();
  g_autofree char *compact = json_to_string (sample, FALSE);
  g_autofree char *pretty = json_to_string (sample, TRUE);
  const char *documents[] = { compact, pretty };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BnObjectSnapshot) snapshot =
        bn_json_scan_object (documents[i], strlen (documents[i]), 0, BN_OBJECT_KIND_POD, &error);
      g_autofree char *json = NULL;
      gsize length;

      g_assert_no_error (error);
      assert_same_pod (snapshot, sample);
      g_assert_cmpstr (bn_object_snapshot_get_status (snapshot), ==, "Running");
      g_assert_cmpuint (bn_object_snapshot_get_pod_restarts (snapshot), ==, 7);
      g_assert_cmpstr (bn_object_snapshot_get_controller_uid (snapshot), ==,
                       "c0398710-8976-4334-a281-7efdae849217");
      json = dup_json (snapshot, &length);
      g_assert_cmpuint (length, <, strlen (documents[i]));
      g_assert_null (strstr (json, "managedFields"));
    }
}

/* The shared copy of the sample, when present, must scan the same as ours. */
static void
test_shared_sample (void)
{
  const char *dir = g_getenv ("BINNACLE_SHARED_DATA");
  g_autofree char *path = dir ? g_build_filename (dir, "pod-sample.json", NULL) : NULL;
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(BnObjectSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  if (path == NULL || !g_file_get_contents (path, &contents, &length, NULL))
    {
      g_test_skip ("BINNACLE_SHARED_DATA/pod-sample.json is not available");
      return;
    }

  node = parse_json (contents, length);
  snapshot = bn_json_scan_object (contents, length, length, BN_OBJECT_KIND_POD, &error);
  g_assert_no_error (error);
  assert_same_pod (snapshot, node);
}

static void
test_varied_list (void)
{
  g_autoptr(JsonNode) sample = load_sample ();
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  gboolean pretty_variants[] = { FALSE, TRUE };

  for (guint i = 0; i < 56; i++)
    g_ptr_array_add (nodes, make_varied_pod (sample, i));

  for (guint p = 0; p < G_N_ELEMENTS (pretty_variants); p++)
    {
      g_autoptr(GString) items = g_string_new (NULL);
      g_autofree char *list = NULL;
      g_autoptr(BnListPage) page = NULL;
      g_autoptr(GError) error = NULL;

      for (guint i = 0; i < nodes->len; i++)
        {
          g_autofree char *text = json_to_string (nodes->pdata[i], pretty_variants[p]);

          if (i > 0)
            g_string_append (items, pretty_variants[p] ? ",\n  " : ",");
          g_string_append (items, text);
        }

      list = wrap_list (items->str, "PodList");
      g_assert_true (bn_json_scan_list_page (list, strlen (list), strlen (list) + 1,
                                             BN_OBJECT_KIND_POD, &page, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (page->resource_version, ==, "4711");
      g_assert_cmpstr (page->continue_token, ==, "next-page");
      g_assert_cmpint (page->remaining_item_count, ==, 1500);
      g_assert_cmpuint (page->items->len, ==, nodes->len);

      for (guint i = 0; i < nodes->len; i++)
        assert_same_pod (page->items->pdata[i], nodes->pdata[i]);
    }
}

static void
test_varied_statuses (void)
{
  g_autoptr(JsonNode) sample = load_sample ();
  struct { guint variant; const char *status; guint ready; guint total; guint restarts; } cases[] = {
    { 0, "Running", 2, 2, 7 },
    { 1, "CrashLoopBackOff", 1, 2, 13 },
    { 2, "Terminating", 2, 2, 7 },
    { 3, "Init:0/2", 0, 3, 2 },
    { 7, "ExitCode:3", 1, 2, 7 },
    { 9, "Completed", 0, 2, 1 },
    { 10, "SchedulingGated", 0, 2, 0 },
    { 11, "Unknown", 2, 2, 7 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = make_varied_pod (sample, cases[i].variant);
      g_autofree char *text = json_to_string (node, FALSE);
      g_autoptr(GError) error = NULL;
      g_autoptr(BnObjectSnapshot) snapshot =
        bn_json_scan_object (text, strlen (text), 0, BN_OBJECT_KIND_POD, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (bn_object_snapshot_get_status (snapshot), ==, cases[i].status);
      g_assert_cmpuint (bn_object_snapshot_get_pod_ready_containers (snapshot), ==, cases[i].ready);
      g_assert_cmpuint (bn_object_snapshot_get_pod_total_containers (snapshot), ==, cases[i].total);
      g_assert_cmpuint (bn_object_snapshot_get_pod_restarts (snapshot), ==, cases[i].restarts);
    }
}

/* ---- random pods ---------------------------------------------------------------------- */

static const char *
pick (const char *const *choices,
      guint              n)
{
  return choices[g_test_rand_int_range (0, n)];
}

static void
append_container_status (GString    *out,
                         const char *name)
{
  static const char *const waiting[] = { "CrashLoopBackOff", "ContainerCreating", "PodInitializing",
                                         "ImagePullBackOff", "" };
  static const char *const terminated[] = { "Completed", "Error", "OOMKilled", "" };
  int state = g_test_rand_int_range (0, 4);

  g_string_append_printf (out, "{\"name\":\"%s\",\"ready\":%s,\"restartCount\":%d,\"started\":%s,"
                          "\"state\":",
                          name, g_test_rand_bit () ? "true" : "false", g_test_rand_int_range (0, 30),
                          g_test_rand_bit () ? "true" : "false");
  if (state == 0)
    g_string_append_printf (out, "{\"waiting\":{\"reason\":\"%s\"}}", pick (waiting, G_N_ELEMENTS (waiting)));
  else if (state == 1)
    g_string_append (out, "{\"running\":{\"startedAt\":\"2024-05-20T00:00:00Z\"}}");
  else if (state == 2)
    g_string_append_printf (out, "{\"terminated\":{\"reason\":\"%s\",\"exitCode\":%d,\"signal\":%d}}",
                            pick (terminated, G_N_ELEMENTS (terminated)), g_test_rand_int_range (0, 3),
                            g_test_rand_bit () ? 0 : 9);
  else
    g_string_append (out, "{}");

  if (g_test_rand_bit ())
    g_string_append_printf (out, ",\"lastState\":{\"terminated\":{\"exitCode\":1,"
                            "\"finishedAt\":\"2024-05-%02dT10:00:00Z\"}}", g_test_rand_int_range (1, 29));
  g_string_append_c (out, '}');
}

static void
append_statuses (GString    *out,
                 const char *member,
                 const char *prefix,
                 guint       n)
{
  g_string_append_printf (out, "\"%s\":[", member);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s%u", prefix, i);

      if (i > 0)
        g_string_append_c (out, ',');
      append_container_status (out, name);
    }
  g_string_append_c (out, ']');
}

/* A pod with random containers, states and conditions, its members in random order. */
static char *
random_pod (guint index)
{
  static const char *const phases[] = { "Pending", "Running", "Succeeded", "Failed", "Unknown" };
  static const char *const reasons[] = { "", "Evicted", "NodeLost" };
  g_autoptr(GString) metadata = g_string_new (NULL);
  g_autoptr(GString) spec = g_string_new ("\"spec\":{");
  g_autoptr(GString) status = g_string_new ("\"status\":{");
  guint n_containers = g_test_rand_int_range (0, 4);
  guint n_inits = g_test_rand_int_range (0, 3);
  const char *parts[3];

  g_string_append_printf (metadata, "\"metadata\":{\"name\":\"random-%u\",\"uid\":\"uid-%u\"", index, index);
  if (g_test_rand_bit ())
    g_string_append (metadata, ",\"deletionTimestamp\":\"2024-05-21T00:00:00Z\"");
  if (g_test_rand_bit ())
    g_string_append (metadata, ",\"managedFields\":[{\"manager\":\"kubelet\"}]");
  g_string_append (metadata, ",\"resourceVersion\":\"5\"}");

  g_string_append (spec, "\"containers\":[");
  for (guint i = 0; i < n_containers; i++)
    g_string_append_printf (spec, "%s{\"name\":\"c%u\"}", i ? "," : "", i);
  g_string_append (spec, "],\"initContainers\":[");
  for (guint i = 0; i < n_inits; i++)
    g_string_append_printf (spec, "%s{\"name\":\"i%u\"%s}", i ? "," : "", i,
                            g_test_rand_bit () ? ",\"restartPolicy\":\"Always\"" : "");
  g_string_append (spec, "]}");

  g_string_append_printf (status, "\"phase\":\"%s\",\"reason\":\"%s\",\"conditions\":["
                          "{\"type\":\"Initialized\",\"status\":\"%s\"},"
                          "{\"type\":\"Ready\",\"status\":\"%s\"}],",
                          pick (phases, G_N_ELEMENTS (phases)), pick (reasons, G_N_ELEMENTS (reasons)),
                          g_test_rand_bit () ? "True" : "False", g_test_rand_bit () ? "True" : "False");
  append_statuses (status, "initContainerStatuses", "i", g_test_rand_int_range (0, n_inits + 1));
  g_string_append_c (status, ',');
  append_statuses (status, "containerStatuses", "c", g_test_rand_int_range (0, n_containers + 1));
  g_string_append_c (status, '}');

  /* spec after status, metadata last: the scanner must not depend on the usual order */
  parts[0] = metadata->str;
  parts[1] = spec->str;
  parts[2] = status->str;
  for (guint i = 2; i > 0; i--)
    {
      guint j = g_test_rand_int_range (0, i + 1);
      const char *tmp = parts[i];

      parts[i] = parts[j];
      parts[j] = tmp;
    }

  return g_strdup_printf ("{%s,%s,%s}", parts[0], parts[1], parts[2]);
}

static void
test_random_pods (void)
{
  g_autoptr(GString) items = g_string_new (NULL);
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autofree char *list = NULL;
  g_autoptr(BnListPage) page = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *pod = random_pod (i);

      g_string_append_printf (items, "%s%s", i ? "," : "", pod);
      g_ptr_array_add (nodes, parse_json (pod, -1));
    }

  list = wrap_list (items->str, "PodList");
  g_assert_true (bn_json_scan_list_page (list, strlen (list), 0, BN_OBJECT_KIND_POD, &page, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, nodes->len);
  for (guint i = 0; i < nodes->len; i++)
    assert_same_pod (page->items->pdata[i], nodes->pdata[i]);
}

static void
test_managed_fields_positions (void)
{
  const char *cases[][2] = {
    { "{\"metadata\":{\"managedFields\":[{\"a\":1}]}}", "{\"metadata\":{}}" },
    { "{\"metadata\":{\"managedFields\":[],\"name\":\"x\"}}", "{\"metadata\":{\"name\":\"x\"}}" },
    { "{\"metadata\":{\"name\":\"x\",\"managedFields\":[]}}", "{\"metadata\":{\"name\":\"x\"}}" },
    { "{\"metadata\":{\"name\":\"x\", \"managedFields\" : null , \"uid\":\"u\"}}",
      "{\"metadata\":{\"name\":\"x\", \"uid\":\"u\"}}" },
    { "{ \"metadata\" : { \"managedFields\" : { } , \"name\" : \"x\" } }",
      "{ \"metadata\" : {  \"name\" : \"x\" } }" },
    { "{\"spec\":{\"managedFields\":[]},\"metadata\":{\"name\":\"x\"}}",
      "{\"spec\":{\"managedFields\":[]},\"metadata\":{\"name\":\"x\"}}" },
    { "{\"metadata\":{\"annotations\":{\"managedFields\":\"x\"}}}",
      "{\"metadata\":{\"annotations\":{\"managedFields\":\"x\"}}}" },
    { "{\"metadata\":{\"managed\\u0046ields\":[1],\"name\":\"x\"}}", "{\"metadata\":{\"name\":\"x\"}}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BnObjectSnapshot) snapshot =
        bn_json_scan_object (cases[i][0], strlen (cases[i][0]), 0, BN_OBJECT_KIND_GENERIC, &error);

      g_autofree char *json = NULL;

      g_assert_no_error (error);
      json = dup_json (snapshot, NULL);
      g_assert_cmpstr (json, ==, cases[i][1]);
    }
}

static void
test_nodes (void)
{
  const char *node =
    "{\"metadata\":{\"name\":\"n1\",\"uid\":\"u1\",\"labels\":{"
    "\"node-role.kubernetes.io/worker\":\"\",\"node-role.kubernetes.io/control-plane\":\"\","
    "\"kubernetes.io/role\":\"infra\",\"node-role.kubernetes.io/\":\"\",\"zone\":\"a\"}},"
    "\"spec\":{\"unschedulable\":true},"
    "\"status\":{\"conditions\":[{\"type\":\"MemoryPressure\",\"status\":\"False\"},"
    "{\"type\":\"Ready\",\"status\":\"True\"}],"
    "\"addresses\":[{\"type\":\"Hostname\",\"address\":\"n1\"},{\"type\":\"InternalIP\",\"address\":\"10.0.0.7\"}],"
    "\"nodeInfo\":{\"kubeletVersion\":\"v1.30.2\",\"osImage\":\"Debian\"}}}";
  const char *not_ready = "{\"metadata\":{\"name\":\"n2\"},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"Unknown\"}]}}";
  const char *no_condition = "{\"metadata\":{\"name\":\"n3\"}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(BnObjectSnapshot) a = bn_json_scan_object (node, strlen (node), 0, BN_OBJECT_KIND_NODE, &error);
  g_autoptr(BnObjectSnapshot) b = bn_json_scan_object (not_ready, strlen (not_ready), 0, BN_OBJECT_KIND_NODE, &error);
  g_autoptr(BnObjectSnapshot) c = bn_json_scan_object (no_condition, strlen (no_condition), 0, BN_OBJECT_KIND_NODE, &error);
  g_autoptr(JsonNode) tree = NULL;

  g_assert_no_error (error);
  tree = parse_json (node, -1);
  assert_same_metadata (a, json_node_get_object (tree));
  assert_same_json (a, tree);
  g_assert_cmpint (bn_object_snapshot_get_node_ready (a), ==, BN_NODE_READY_TRUE);
  g_assert_cmpstr (bn_object_snapshot_get_status (a), ==, "Ready,SchedulingDisabled");
  g_assert_cmpstr (bn_object_snapshot_get_node_roles (a), ==, "control-plane,infra,worker");
  g_assert_cmpstr (bn_object_snapshot_get_node_version (a), ==, "v1.30.2");
  g_assert_cmpstr (bn_object_snapshot_get_node_internal_ip (a), ==, "10.0.0.7");
  g_assert_true (bn_object_snapshot_get_node_unschedulable (a));
  g_assert_cmpstr (bn_object_snapshot_lookup_label (a, "zone"), ==, "a");

  g_assert_cmpint (bn_object_snapshot_get_node_ready (b), ==, BN_NODE_READY_UNKNOWN);
  g_assert_cmpstr (bn_object_snapshot_get_status (b), ==, "NotReady");
  g_assert_null (bn_object_snapshot_get_node_roles (b));
  g_assert_cmpstr (bn_object_snapshot_get_status (c), ==, "Unknown");
}

static void
test_deployments (void)
{
  const char *deployment =
    "{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\"},"
    "\"spec\":{\"replicas\":5,\"template\":{\"spec\":{\"replicas\":99}}},"
    "\"status\":{\"replicas\":6,\"readyReplicas\":4,\"updatedReplicas\":3,\"availableReplicas\":2}}";
  const char *defaulted = "{\"metadata\":{\"name\":\"d\"},\"spec\":{}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(BnObjectSnapshot) a =
    bn_json_scan_object (deployment, strlen (deployment), 0, BN_OBJECT_KIND_DEPLOYMENT, &error);
  g_autoptr(BnObjectSnapshot) b =
    bn_json_scan_object (defaulted, strlen (defaulted), 0, BN_OBJECT_KIND_DEPLOYMENT, &error);
  g_autoptr(JsonNode) tree = NULL;

  g_assert_no_error (error);
  tree = parse_json (deployment, -1);
  assert_same_metadata (a, json_node_get_object (tree));
  assert_same_json (a, tree);
  g_assert_cmpuint (bn_object_snapshot_get_deployment_replicas (a), ==, 5);
  g_assert_cmpuint (bn_object_snapshot_get_deployment_ready (a), ==, 4);
  g_assert_cmpuint (bn_object_snapshot_get_deployment_updated (a), ==, 3);
  g_assert_cmpuint (bn_object_snapshot_get_deployment_available (a), ==, 2);
  g_assert_null (bn_object_snapshot_get_status (a));
  g_assert_cmpuint (bn_object_snapshot_get_deployment_replicas (b), ==, 1);
  g_assert_cmpint (bn_object_kind_from_name ("DeploymentList", "apps/v1"), ==, BN_OBJECT_KIND_DEPLOYMENT);
  g_assert_cmpint (bn_object_kind_from_name ("Pod", "example.com/v1"), ==, BN_OBJECT_KIND_GENERIC);
}

static void
test_watch_events (void)
{
  g_autoptr(JsonNode) sample = load_sample ();
  g_autofree char *pod = json_to_string (sample, FALSE);
  struct { const char *type; BnWatchEventType value; } types[] = {
    { "ADDED", BN_WATCH_EVENT_ADDED },
    { "MODIFIED", BN_WATCH_EVENT_MODIFIED },
    { "DELETED", BN_WATCH_EVENT_DELETED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      /* watch objects carry kind and apiVersion; put them first, as the server does */
      g_autofree char *event = g_strdup_printf ("{\"type\":\"%s\",\"object\":{\"kind\":\"Pod\","
                                                "\"apiVersion\":\"v1\",%s}", types[i].type, pod + 1);
      g_autofree char *reversed = g_strdup_printf ("{\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",%s,"
                                                   "\"type\":\"%s\"}", pod + 1, types[i].type);
      const char *documents[] = { event, reversed };

      for (guint d = 0; d < G_N_ELEMENTS (documents); d++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(BnWatchEvent) scanned =
            bn_json_scan_watch_event (documents[d], strlen (documents[d]), 0, BN_OBJECT_KIND_POD, &error);
          g_autoptr(JsonNode) tree = parse_json (documents[d], -1);
          JsonNode *object = json_object_get_member (json_node_get_object (tree), "object");

          g_assert_no_error (error);
          g_assert_cmpint (scanned->type, ==, types[i].value);
          g_assert_cmpstr (scanned->resource_version, ==, "100000003");
          assert_same_pod (scanned->object, object);
          g_assert_cmpstr (bn_watch_event_type_to_string (scanned->type), ==, types[i].type);
        }
    }
}

static void
test_bookmark_and_error_events (void)
{
  const char *bookmark = "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\","
                         "\"metadata\":{\"resourceVersion\":\"10300\",\"creationTimestamp\":null}}}";
  const char *initial_end = "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\","
                            "\"metadata\":{\"resourceVersion\":\"10245\",\"annotations\":"
                            "{\"k8s.io/initial-events-end\":\"true\"}}}}";
  const char *error_event = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                            "\"metadata\":{},\"status\":\"Failure\",\"message\":\"too old resource version: "
                            "5000 (9800)\",\"reason\":\"Expired\",\"code\":410}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) status_error = NULL;
  g_autoptr(BnWatchEvent) a = bn_json_scan_watch_event (bookmark, strlen (bookmark), 0, BN_OBJECT_KIND_POD, &error);
  g_autoptr(BnWatchEvent) b = bn_json_scan_watch_event (initial_end, strlen (initial_end), 0, BN_OBJECT_KIND_POD, &error);
  g_autoptr(BnWatchEvent) c = bn_json_scan_watch_event (error_event, strlen (error_event), 0, BN_OBJECT_KIND_POD, &error);

  g_assert_no_error (error);
  g_assert_cmpint (a->type, ==, BN_WATCH_EVENT_BOOKMARK);
  g_assert_null (a->object);
  g_assert_cmpstr (a->resource_version, ==, "10300");
  g_assert_false (a->initial_events_end);
  g_assert_true (b->initial_events_end);
  g_assert_cmpstr (b->resource_version, ==, "10245");

  g_assert_cmpint (c->type, ==, BN_WATCH_EVENT_ERROR);
  g_assert_null (c->object);
  g_assert_cmpuint (c->status.code, ==, 410);
  g_assert_cmpstr (c->status.reason, ==, "Expired");
  g_assert_cmpstr (c->status.message, ==, "too old resource version: 5000 (9800)");
  status_error = bn_kube_status_to_error (&c->status);
  g_assert_error (status_error, BN_KUBE_ERROR, BN_KUBE_ERROR_GONE);
  g_assert_cmpstr (status_error->message, ==, "too old resource version: 5000 (9800)");
  g_assert_cmpstr (bn_kube_error_get_status_reason (status_error), ==, "Expired");
  g_assert_cmpuint (bn_kube_error_get_status_code (status_error), ==, 410);
}

static void
test_status_bodies (void)
{
  const char *forbidden = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                          "\"message\":\"pods is forbidden: User \\\"dev\\\" cannot list resource\","
                          "\"reason\":\"Forbidden\",\"details\":{\"kind\":\"pods\"},\"code\":403}";
  g_autoptr(BnListPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(BnKubeStatus) status = { 0 };

  g_assert_false (bn_json_scan_list_page (forbidden, strlen (forbidden), 0, BN_OBJECT_KIND_POD, &page, &error));
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_FORBIDDEN);
  g_assert_cmpstr (error->message, ==, "pods is forbidden: User \"dev\" cannot list resource");
  g_assert_cmpstr (bn_kube_error_get_status_reason (error), ==, "Forbidden");
  g_assert_cmpuint (bn_kube_error_get_status_code (error), ==, 403);
  g_assert_null (page);
  g_clear_error (&error);

  g_assert_true (bn_json_scan_status (forbidden, strlen (forbidden), 0, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (status.code, ==, 403);
  g_assert_cmpstr (status.reason, ==, "Forbidden");
}

static void
test_empty_lists (void)
{
  const char *lists[] = {
    "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"9\"},\"items\":[]}",
    "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"9\",\"continue\":\"\"},\"items\":null}",
    "{\"items\":[],\"metadata\":{\"resourceVersion\":\"9\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autoptr(BnListPage) page = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (bn_json_scan_list_page (lists[i], strlen (lists[i]), 0, BN_OBJECT_KIND_POD, &page, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (page->resource_version, ==, "9");
      g_assert_cmpuint (page->items->len, ==, 0);
      g_assert_cmpint (page->remaining_item_count, ==, -1);
      g_assert_true (page->continue_token == NULL || *page->continue_token == '\0');
    }
}

static void
assert_invalid_list (const char *data,
                     gsize       length)
{
  g_autoptr(BnListPage) page = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (bn_json_scan_list_page (data, length, 0, BN_OBJECT_KIND_POD, &page, &error));
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_RESPONSE);
  g_assert_null (page);
}

static void
assert_invalid_event (const char *data,
                      gsize       length)
{
  g_autoptr(BnWatchEvent) event = NULL;
  g_autoptr(GError) error = NULL;

  event = bn_json_scan_watch_event (data, length, 0, BN_OBJECT_KIND_POD, &error);
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_RESPONSE);
  g_assert_null (event);
}

static void
test_truncated (void)
{
  g_autoptr(JsonNode) sample = load_sample ();
  g_autofree char *pod = json_to_string (sample, FALSE);
  g_autofree char *list = wrap_list (pod, "PodList");
  g_autofree char *event = g_strdup_printf ("{\"type\":\"ADDED\",\"object\":%s}", pod);
  gsize list_length = strlen (list);
  gsize event_length = strlen (event);

  /* every strict prefix is an error, never a crash nor a partial page */
  for (gsize i = 0; i < list_length; i++)
    assert_invalid_list (list, i);
  for (gsize i = 0; i < event_length; i++)
    assert_invalid_event (event, i);
}

static void
test_hostile (void)
{
  const char *lists[] = {
    "",
    "   ",
    "[]",
    "null",
    "\"PodList\"",
    "{\"items\":[1]}",
    "{\"items\":{}}",
    "{\"items\":[{\"metadata\":{\"name\":5}}]}",
    "{\"items\":[{\"metadata\":{\"name\":\"a\",\"name\":\"b\"}}]}",
    "{\"items\":[{\"metadata\":{\"labels\":{\"a\":\"1\",\"a\":\"2\"}}}]}",
    "{\"items\":[{\"metadata\":{\"labels\":{\"a\":1}}}]}",
    "{\"items\":[{\"metadata\":{\"labels\":[]}}]}",
    "{\"items\":[{\"metadata\":{\"ownerReferences\":[1]}}]}",
    "{\"items\":[],\"items\":[]}",
    "{\"items\":[{\"status\":{\"containerStatuses\":[{\"restartCount\":\"x\"}]}}]}",
    "{\"items\":[{\"status\":{\"containerStatuses\":[{\"restartCount\":-1}]}}]}",
    "{\"items\":[{\"status\":{\"phase\":\"a\",\"phase\":\"b\"}}]}",
    "{\"items\":[{\"metadata\":{\"name\":\"\xff\xfe\"}}]}",
    "{\"items\":[{\"spec\":{\"image\":\"\xc3\x28\"}}]}",
    "{\"items\":[{\"metadata\":{\"name\":\"a\\ud800\"}}]}",
    "{\"items\":[]} {}",
    "{\"items\":[]}]",
    "{\"items\":[{]}",
    "{\"items\":[{\"metadata\":{\"name\":\"a\"}}}",
  };
  const char *events[] = {
    "{\"type\":\"ADDED\"}",
    "{\"object\":{}}",
    "{\"type\":\"UPSERTED\",\"object\":{}}",
    "{\"type\":\"ADDED\",\"type\":\"DELETED\",\"object\":{}}",
    "{\"type\":\"ADDED\",\"object\":{},\"object\":{}}",
    "{\"type\":5,\"object\":{}}",
    "{\"type\":\"ADDED\",\"object\":[]}",
    "{\"type\":\"ERROR\",\"object\":{\"code\":\"410\"}}",
    "{\"type\":\"ADDED\",\"object\":{}}\n{\"type\":\"ADDED\",\"object\":{}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    assert_invalid_list (lists[i], strlen (lists[i]));
  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    assert_invalid_event (events[i], strlen (events[i]));
}

static void
test_deep_nesting (void)
{
  gsize depth = 100000;
  g_autoptr(GString) doc = g_string_new ("{\"items\":[{\"spec\":");

  for (gsize i = 0; i < depth; i++)
    g_string_append_c (doc, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (doc, ']');
  g_string_append (doc, "}]}");
  assert_invalid_list (doc->str, doc->len);

  g_string_truncate (doc, 0);
  for (gsize i = 0; i < depth; i++)
    g_string_append (doc, "{\"a\":");
  assert_invalid_event (doc->str, doc->len);
}

/* A huge but valid string is not an error for the scanner (the watch decoder bounds
 * event sizes); it must come through whole. */
static void
test_huge_string (void)
{
  gsize size = 20 * 1024 * 1024;
  g_autoptr(GString) doc = g_string_new ("{\"items\":[{\"metadata\":{\"name\":\"big\",\"labels\":{\"x\":\"");
  g_autoptr(BnListPage) page = NULL;
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < size; i++)
    g_string_append_c (doc, 'a' + i % 26);
  g_string_append (doc, "\"}}}]}");

  g_assert_true (bn_json_scan_list_page (doc->str, doc->len, doc->allocated_len, BN_OBJECT_KIND_POD, &page, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (bn_object_snapshot_lookup_label (page->items->pdata[0], "x")), ==, size);
}

/* Repeated keys the scanner skips are kept as they are: json-glib reads the kept bytes
 * exactly as it reads the original. */
static void
test_duplicate_keys_elsewhere (void)
{
  const char *doc = "{\"metadata\":{\"name\":\"a\",\"managedFields\":[]},"
                    "\"spec\":{\"x\":1,\"x\":2,\"containers\":[{\"image\":\"a\",\"image\":\"b\"}]}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(BnObjectSnapshot) snapshot =
    bn_json_scan_object (doc, strlen (doc), 0, BN_OBJECT_KIND_POD, &error);
  g_autoptr(JsonNode) original = parse_json (doc, -1);

  g_assert_no_error (error);
  assert_same_json (snapshot, original);
}

static void
test_padded_in_place (void)
{
  g_autoptr(JsonNode) sample = load_sample ();
  g_autofree char *pod = json_to_string (sample, FALSE);
  gsize length = strlen (pod);
  g_autofree char *padded = g_malloc0 (length + BN_JSON_SCAN_PADDING);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnObjectSnapshot) snapshot = NULL;

  /* the bytes behind the document must not matter */
  memcpy (padded, pod, length);
  memset (padded + length, '}', BN_JSON_SCAN_PADDING);
  snapshot = bn_json_scan_object (padded, length, length + BN_JSON_SCAN_PADDING, BN_OBJECT_KIND_POD, &error);
  g_assert_no_error (error);
  assert_same_pod (snapshot, sample);
}

static gpointer
scan_in_thread (gpointer data)
{
  const char *list = data;
  guint total = 0;

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(BnListPage) page = NULL;
      g_autoptr(GError) error = NULL;

      if (bn_json_scan_list_page (list, strlen (list), 0, BN_OBJECT_KIND_POD, &page, &error))
        total += page->items->len;
    }

  return GUINT_TO_POINTER (total);
}

/* Each thread has its own parser: concurrent scans do not disturb each other. */
static void
test_threads (void)
{
  g_autoptr(JsonNode) sample = load_sample ();
  g_autofree char *pod = json_to_string (sample, FALSE);
  g_autofree char *items = g_strjoin (",", pod, pod, pod, pod, NULL);
  g_autofree char *list = wrap_list (items, "PodList");
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("scan", scan_in_thread, list);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, 80);
}

/* ---- simdjson kernels ------------------------------------------------------------------ */

static void
test_implementation (void)
{
  g_auto(GStrv) supported = bn_json_scan_list_implementations ();
  const char *active = bn_json_scan_implementation_name ();

  g_assert_nonnull (active);
  g_test_message ("simdjson kernel: %s", active);
  g_assert_cmpuint (g_strv_length (supported), >=, 1);
  g_assert_true (g_strv_contains ((const char * const *) supported, active));
  g_assert_true (g_strv_contains ((const char * const *) supported, "fallback"));
  g_assert_false (bn_json_scan_use_implementation ("no-such-kernel"));

  if (g_getenv ("SIMDJSON_FORCE_IMPLEMENTATION") != NULL)
    {
      g_test_skip ("SIMDJSON_FORCE_IMPLEMENTATION chooses the kernel");
      return;
    }

  /* the best this CPU can run, which simdjson lists first */
  g_assert_cmpstr (active, ==, supported[0]);
#if defined(__x86_64__)
  if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("bmi2") &&
      __builtin_cpu_supports ("pclmul"))
    g_assert_true (g_str_equal (active, "haswell") || g_str_equal (active, "icelake"));
  else if (__builtin_cpu_supports ("sse4.2") && __builtin_cpu_supports ("pclmul"))
    g_assert_cmpstr (active, !=, "fallback");
#endif
}

/* Everything a snapshot holds, as text, so two scans can be compared whole. */
static void
append_snapshot (GString          *out,
                 BnObjectSnapshot *snapshot)
{
  g_autofree char *json = dup_json (snapshot, NULL);

  g_string_append_printf (out, "%d|%s|%s|%s|%s|%" G_GINT64_FORMAT "|%d|%" G_GINT64_FORMAT "|",
                          bn_object_snapshot_get_kind (snapshot),
                          bn_object_snapshot_get_uid (snapshot),
                          bn_object_snapshot_get_namespace (snapshot),
                          bn_object_snapshot_get_name (snapshot),
                          bn_object_snapshot_get_resource_version (snapshot),
                          bn_object_snapshot_get_creation_time (snapshot),
                          bn_object_snapshot_is_deleting (snapshot),
                          bn_object_snapshot_get_deletion_time (snapshot));
  for (guint i = 0; i < bn_object_snapshot_get_n_labels (snapshot); i++)
    {
      const char *key, *value;

      bn_object_snapshot_get_label (snapshot, i, &key, &value);
      g_string_append_printf (out, "%s=%s;", key, value);
    }
  for (guint i = 0; i < bn_object_snapshot_get_n_owner_references (snapshot); i++)
    {
      const char *kind, *name, *uid;
      gboolean controller;

      bn_object_snapshot_get_owner_reference (snapshot, i, &kind, &name, &uid, &controller);
      g_string_append_printf (out, "%s/%s/%s/%d;", kind, name, uid, controller);
    }
  g_string_append_printf (out, "|%s|%s|%u/%u|%u|%" G_GINT64_FORMAT "|%s|%s|%s|%s\n",
                          bn_object_snapshot_get_status (snapshot),
                          bn_object_snapshot_get_pod_phase (snapshot),
                          bn_object_snapshot_get_pod_ready_containers (snapshot),
                          bn_object_snapshot_get_pod_total_containers (snapshot),
                          bn_object_snapshot_get_pod_restarts (snapshot),
                          bn_object_snapshot_get_pod_last_restart_time (snapshot),
                          bn_object_snapshot_get_pod_node_name (snapshot),
                          bn_object_snapshot_get_pod_ip (snapshot),
                          bn_object_snapshot_get_pod_nominated_node_name (snapshot),
                          json);
}

/* Scans every document and describes what came out: the snapshots, or the error. */
static char *
describe_scans (GPtrArray *documents)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < documents->len; i++)
    {
      const char *doc = documents->pdata[i];
      g_autoptr(BnListPage) page = NULL;
      g_autoptr(BnWatchEvent) event = NULL;
      g_autoptr(GError) error = NULL;

      if (bn_json_scan_list_page (doc, strlen (doc), 0, BN_OBJECT_KIND_POD, &page, &error))
        {
          g_string_append_printf (out, "page %s %s\n", page->resource_version, page->continue_token);
          for (guint j = 0; j < page->items->len; j++)
            append_snapshot (out, page->items->pdata[j]);
        }
      else
        g_string_append_printf (out, "list error %d: %s\n", error->code, error->message);
      g_clear_error (&error);

      event = bn_json_scan_watch_event (doc, strlen (doc), 0, BN_OBJECT_KIND_POD, &error);
      if (event != NULL)
        {
          g_string_append_printf (out, "event %d %s\n", event->type, event->resource_version);
          if (event->object != NULL)
            append_snapshot (out, event->object);
        }
      else
        g_string_append_printf (out, "event error %d: %s\n", error->code, error->message);
    }

  return g_string_free (out, FALSE);
}

static GPtrArray *
kernel_documents (void)
{
  g_autoptr(JsonNode) sample = load_sample ();
  g_autofree char *pod = json_to_string (sample, FALSE);
  GPtrArray *documents = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) varied = g_string_new (NULL);
  g_autoptr(GString) random = g_string_new (NULL);
  g_autofree char *list = NULL;
  const char *hostile[] = {
    "", "[]", "{\"items\":[{\"metadata\":{\"name\":\"\xff\xfe\"}}]}",
    "{\"items\":[{\"metadata\":{\"name\":\"a\\ud800\"}}]}", "{\"items\":[{]}",
    "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"\\u00e9\\\"\\\\\\n\\t\"}}}",
    "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"7\"}}}",
  };

  for (guint i = 0; i < 56; i++)
    {
      g_autoptr(JsonNode) node = make_varied_pod (sample, i);
      g_autofree char *text = json_to_string (node, i % 2 == 1);

      g_string_append_printf (varied, "%s%s", i ? "," : "", text);
    }
  g_ptr_array_add (documents, wrap_list (varied->str, "PodList"));

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *text = random_pod (i);

      g_string_append_printf (random, "%s%s", i ? "," : "", text);
    }
  g_ptr_array_add (documents, wrap_list (random->str, "PodList"));

  g_ptr_array_add (documents, g_strdup_printf ("{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Pod\","
                                               "\"apiVersion\":\"v1\",%s}", pod + 1));

  /* every strict prefix of a page: each kernel must stop at the same place */
  list = wrap_list (pod, "PodList");
  for (gsize i = 0; i < strlen (list); i += 97)
    g_ptr_array_add (documents, g_strndup (list, i));

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    g_ptr_array_add (documents, g_strdup (hostile[i]));
  return documents;
}

/* Every kernel the CPU can run gives the same snapshots, bytes and errors as the one
 * picked at run time, and each passes the comparisons with json-glib. */
static void
test_every_implementation (void)
{
  g_auto(GStrv) supported = bn_json_scan_list_implementations ();
  g_autofree char *picked = g_strdup (bn_json_scan_implementation_name ());
  g_autoptr(GPtrArray) documents = kernel_documents ();
  g_autofree char *expected = describe_scans (documents);

  /* the documents hold good pages and events as well as broken ones */
  g_assert_true (g_str_has_prefix (expected, "page 4711 next-page\n"));
  g_assert_nonnull (strstr (expected, "event 1 100000003\n"));
  g_assert_nonnull (strstr (expected, "list error"));

  for (guint i = 0; supported[i] != NULL; i++)
    {
      g_autofree char *described = NULL;

      g_test_message ("kernel %s", supported[i]);
      g_assert_true (bn_json_scan_use_implementation (supported[i]));
      g_assert_cmpstr (bn_json_scan_implementation_name (), ==, supported[i]);

      described = describe_scans (documents);
      g_assert_cmpstr (described, ==, expected);

      test_varied_list ();
      test_watch_events ();
      test_managed_fields_positions ();
      test_hostile ();
      test_deep_nesting ();
    }

  g_assert_true (bn_json_scan_use_implementation (picked));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/binnacle/json-scan/sample-pod", test_sample_pod);
  g_test_add_func ("/binnacle/json-scan/shared-sample", test_shared_sample);
  g_test_add_func ("/binnacle/json-scan/varied-list", test_varied_list);
  g_test_add_func ("/binnacle/json-scan/varied-statuses", test_varied_statuses);
  g_test_add_func ("/binnacle/json-scan/random-pods", test_random_pods);
  g_test_add_func ("/binnacle/json-scan/managed-fields-positions", test_managed_fields_positions);
  g_test_add_func ("/binnacle/json-scan/nodes", test_nodes);
  g_test_add_func ("/binnacle/json-scan/deployments", test_deployments);
  g_test_add_func ("/binnacle/json-scan/watch-events", test_watch_events);
  g_test_add_func ("/binnacle/json-scan/bookmark-and-error-events", test_bookmark_and_error_events);
  g_test_add_func ("/binnacle/json-scan/status-bodies", test_status_bodies);
  g_test_add_func ("/binnacle/json-scan/empty-lists", test_empty_lists);
  g_test_add_func ("/binnacle/json-scan/truncated", test_truncated);
  g_test_add_func ("/binnacle/json-scan/hostile", test_hostile);
  g_test_add_func ("/binnacle/json-scan/deep-nesting", test_deep_nesting);
  g_test_add_func ("/binnacle/json-scan/huge-string", test_huge_string);
  g_test_add_func ("/binnacle/json-scan/duplicate-keys-elsewhere", test_duplicate_keys_elsewhere);
  g_test_add_func ("/binnacle/json-scan/padded-in-place", test_padded_in_place);
  g_test_add_func ("/binnacle/json-scan/threads", test_threads);
  g_test_add_func ("/binnacle/json-scan/implementation", test_implementation);
  g_test_add_func ("/binnacle/json-scan/every-implementation", test_every_implementation);

  return g_test_run ();
}
