/* test-sim-core.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-sim-api.h"
#include "bn-sim-protobuf.h"
#include "bn-sim-rbac.h"
#include "bn-sim-scenario.h"
#include "bn-sim-selector.h"
#include "bn-sim-store.h"
#include "bn-sim-tls.h"
#include "bn-sim-yaml.h"

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static GHashTable *
labels (const char *first_key,
        ...)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    g_hash_table_insert (table, g_strdup (key), g_strdup (va_arg (args, const char *)));
  va_end (args);
  return table;
}

static void
test_label_selectors (void)
{
  g_autoptr(GHashTable) web = labels ("app", "web", "tier", "front", NULL);
  g_autoptr(GHashTable) api = labels ("app", "api", NULL);
  struct {
    const char *selector;
    gboolean    web;
    gboolean    api;
  } cases[] = {
    { "app=web", TRUE, FALSE },
    { "app==web", TRUE, FALSE },
    { "app!=web", FALSE, TRUE },
    { "app in (web, api)", TRUE, TRUE },
    { "app notin (web)", FALSE, TRUE },
    { "tier", TRUE, FALSE },
    { "!tier", FALSE, TRUE },
    { "app=web,tier=front", TRUE, FALSE },
    { "", TRUE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BnSimSelector) selector = bn_sim_selector_parse_labels (cases[i].selector, &error);

      g_assert_no_error (error);
      g_assert_cmpint (bn_sim_selector_matches (selector, web), ==, cases[i].web);
      g_assert_cmpint (bn_sim_selector_matches (selector, api), ==, cases[i].api);
    }
}

static void
test_bad_selectors (void)
{
  const char *bad[] = { "app in web", "=x", "app in (a", "a b c", "app=,", "a=(b)" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BnSimSelector) selector = bn_sim_selector_parse_labels (bad[i], &error);

      g_assert_null (selector);
      g_assert_error (error, BN_SIM_ERROR, 400);
    }
}

static void
test_store_versions_and_history (void)
{
  g_autoptr(BnSimStore) store = bn_sim_store_new ();
  const BnSimResource *configmaps = bn_sim_resources_lookup ("", "v1", "configmaps");
  g_autoptr(JsonObject) first = parse_object ("{\"metadata\":{\"name\":\"a\",\"namespace\":\"dev\"},\"data\":{\"k\":\"1\"}}");
  g_autoptr(JsonObject) again = parse_object ("{\"metadata\":{\"name\":\"a\",\"namespace\":\"dev\"}}");
  g_autoptr(JsonObject) stale = parse_object ("{\"metadata\":{\"name\":\"a\",\"namespace\":\"dev\",\"resourceVersion\":\"1\"}}");
  g_autoptr(BnSimObject) created = NULL;
  g_autoptr(BnSimObject) duplicate = NULL;
  g_autoptr(BnSimObject) conflict = NULL;
  g_autoptr(BnSimObject) deleted = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) full = g_string_new (NULL);
  guint64 before = bn_sim_store_get_resource_version (store);

  created = bn_sim_store_create (store, configmaps, first, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (created->resource_version, ==, before + 1);
  g_assert_cmpstr (created->key, ==, "dev/a");
  g_assert_cmpuint (strlen (created->uid), ==, 36);

  bn_sim_object_append_full (created, full);
  g_assert_true (g_str_has_prefix (full->str, "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":"));

  duplicate = bn_sim_store_create (store, configmaps, again, FALSE, &error);
  g_assert_null (duplicate);
  g_assert_error (error, BN_SIM_ERROR, 409);
  g_assert_cmpstr (error->message, ==, "configmaps \"a\" already exists");
  g_clear_error (&error);

  conflict = bn_sim_store_update (store, configmaps, stale, FALSE, &error);
  g_assert_null (conflict);
  g_assert_error (error, BN_SIM_ERROR, 409);
  g_assert_true (g_str_has_prefix (error->message, "Operation cannot be fulfilled on configmaps \"a\""));
  g_clear_error (&error);

  deleted = bn_sim_store_delete (store, configmaps, "dev", "a", NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deleted->resource_version, ==, before + 2);
  g_assert_null (bn_sim_store_get (store, configmaps, "dev", "a"));
  g_assert_cmpuint (bn_sim_store_count (store, configmaps, NULL), ==, 0);

  g_assert_cmpuint (bn_sim_store_get_history_floor (store), ==, before);
  bn_sim_store_compact (store, before + 1);
  g_assert_cmpuint (bn_sim_store_get_history_floor (store), ==, before + 1);
}

static gboolean
count_event (BnSimEvent *event,
             gpointer    user_data)
{
  GString *types = user_data;

  g_string_append_printf (types, "%s ", bn_sim_event_type_to_string (event->type));
  return TRUE;
}

static void
test_store_replay (void)
{
  g_autoptr(BnSimStore) store = bn_sim_store_new ();
  const BnSimResource *pods = bn_sim_resources_lookup ("", "v1", "pods");
  g_autoptr(JsonObject) pod = bn_sim_scenario_make_pod ("dev", "web", "web-1", "node-1", "Running", 0, NULL, 60);
  g_autoptr(BnSimObject) created = NULL;
  g_autoptr(BnSimObject) deleted = NULL;
  g_autoptr(GString) types = g_string_new (NULL);
  guint64 start = bn_sim_store_get_resource_version (store);

  created = bn_sim_store_create (store, pods, pod, FALSE, NULL);
  g_assert_nonnull (created);
  g_assert_cmpuint (g_bytes_get_size (created->json), >, 7000);
  g_assert_cmpstr (g_hash_table_lookup (created->fields, "spec.nodeName"), ==, "node-1");
  g_assert_cmpstr (g_hash_table_lookup (created->labels, "app"), ==, "web");
  g_assert_cmpstr (g_ptr_array_index (created->cells, 2), ==, "\"Running\"");

  deleted = bn_sim_store_delete (store, pods, "dev", "web-1", NULL, FALSE, NULL);
  bn_sim_store_foreach_event_since (store, start, count_event, types);
  g_assert_cmpstr (types->str, ==, "ADDED DELETED ");

  g_string_truncate (types, 0);
  bn_sim_store_foreach_event_since (store, start + 1, count_event, types);
  g_assert_cmpstr (types->str, ==, "DELETED ");
}

static gboolean
pod_gone (BnSimStore *store)
{
  const BnSimResource *pods = bn_sim_resources_lookup ("", "v1", "pods");

  return bn_sim_store_get (store, pods, "dev", "web-1") == NULL;
}

static void
test_graceful_delete (void)
{
  g_autoptr(BnSimStore) store = bn_sim_store_new ();
  const BnSimResource *pods = bn_sim_resources_lookup ("", "v1", "pods");
  g_autoptr(JsonObject) pod = bn_sim_scenario_make_pod ("dev", "web", "web-1", "node-1", "Running", 0, NULL, 60);
  g_autoptr(JsonObject) pending = bn_sim_scenario_make_pod ("dev", "job", "job-1", NULL, "Pending", 0, NULL, 60);
  g_autoptr(BnSimObject) created = bn_sim_store_create (store, pods, pod, FALSE, NULL);
  g_autoptr(BnSimObject) waiting = bn_sim_store_create (store, pods, pending, FALSE, NULL);
  g_autoptr(BnSimObject) terminating = NULL;
  g_autoptr(BnSimObject) again = NULL;
  g_autoptr(BnSimObject) gone = NULL;
  g_autoptr(GString) types = g_string_new (NULL);
  guint64 start = bn_sim_store_get_resource_version (store);
  gint64 deadline;

  /* A pod on a node: Terminating first, with its grace period ... */
  terminating = bn_sim_store_delete_gracefully (store, pods, "dev", "web-1", 1, NULL, FALSE, NULL);
  g_assert_nonnull (terminating);
  g_assert_nonnull (strstr (terminating->metadata_json, "\"deletionTimestamp\""));
  g_assert_nonnull (strstr (terminating->metadata_json, "\"deletionGracePeriodSeconds\":1"));
  g_assert_cmpstr (g_ptr_array_index (terminating->cells, 2), ==, "\"Terminating\"");
  g_assert_false (pod_gone (store));

  /* ... a longer grace period changes nothing ... */
  again = bn_sim_store_delete_gracefully (store, pods, "dev", "web-1", 30, NULL, FALSE, NULL);
  g_assert_cmpuint (again->resource_version, ==, terminating->resource_version);

  /* ... and it leaves once the period is over. */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!pod_gone (store) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (pod_gone (store));
  bn_sim_store_foreach_event_since (store, start, count_event, types);
  g_assert_cmpstr (types->str, ==, "MODIFIED DELETED ");

  /* A pod that never reached a node goes at once. */
  gone = bn_sim_store_delete_gracefully (store, pods, "dev", "job-1", -1, NULL, FALSE, NULL);
  g_assert_nonnull (gone);
  g_assert_null (bn_sim_store_get (store, pods, "dev", "job-1"));
  g_assert_nonnull (created);
  g_assert_nonnull (waiting);
}

static void
test_client_certificate (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnSimTlsMaterial) tls = bn_sim_tls_material_generate (&error);
  const char * const groups[] = { "system:masters", "team-a", NULL };
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *user = NULL;
  g_auto(GStrv) read_groups = NULL;

  g_assert_no_error (error);
  g_assert_true (bn_sim_tls_material_issue_client (tls, "cert-admin", groups, &cert, &key, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (cert, "-----BEGIN CERTIFICATE-----"));
  g_assert_true (bn_sim_tls_read_client_identity (cert, &user, &read_groups));
  g_assert_cmpstr (user, ==, "cert-admin");
  g_assert_cmpuint (g_strv_length (read_groups), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) read_groups, "system:masters"));
  g_assert_true (g_strv_contains ((const char * const *) read_groups, "team-a"));
  g_assert_false (bn_sim_tls_read_client_identity ("not a certificate", &user, &read_groups));
}

static void
test_rbac (void)
{
  g_autoptr(BnSimStore) store = bn_sim_store_new ();
  g_autoptr(BnSimRbac) rbac = NULL;
  const char *masters[] = { "system:masters", NULL };
  BnSimUser *admin = bn_sim_user_new ("admin", "t1", masters);
  BnSimUser *viewer = bn_sim_user_new ("viewer", "t2", NULL);
  BnSimUser *developer = bn_sim_user_new ("developer", "t3", NULL);
  BnSimAttributes list_pods = { "list", "", "pods", "", "shop", "", NULL };
  BnSimAttributes list_secrets = { "list", "", "secrets", "", "shop", "", NULL };
  BnSimAttributes get_log = { "get", "", "pods", "log", "dev", "web-0", NULL };
  BnSimAttributes exec = { "create", "", "pods", "exec", "dev", "web-0", NULL };
  BnSimAttributes nodes = { "list", "", "nodes", "", "", "", NULL };
  BnSimAttributes version = { "get", NULL, NULL, NULL, NULL, NULL, "/version" };
  g_autofree char *reason = NULL;
  g_autofree char *message = NULL;

  bn_sim_rbac_seed (store);
  rbac = bn_sim_rbac_new (store);

  g_assert_true (bn_sim_rbac_authorize (rbac, admin, &list_secrets, &reason));
  g_assert_cmpstr (reason, ==, "RBAC: allowed by ClusterRoleBinding \"cluster-admin\" of ClusterRole \"cluster-admin\" to User \"admin\"");
  g_assert_true (bn_sim_rbac_authorize (rbac, viewer, &list_pods, NULL));
  g_assert_false (bn_sim_rbac_authorize (rbac, viewer, &list_secrets, NULL));
  g_assert_false (bn_sim_rbac_authorize (rbac, viewer, &exec, NULL));
  g_assert_false (bn_sim_rbac_authorize (rbac, viewer, &nodes, NULL));
  g_assert_true (bn_sim_rbac_authorize (rbac, viewer, &version, NULL));
  g_assert_true (bn_sim_rbac_authorize (rbac, developer, &get_log, NULL));
  g_assert_false (bn_sim_rbac_authorize (rbac, developer, &list_pods, NULL));

  message = bn_sim_rbac_forbidden_message (viewer, &list_secrets);
  g_assert_cmpstr (message, ==, "secrets is forbidden: User \"viewer\" cannot list resource \"secrets\" in API group \"\" in the namespace \"shop\"");
  g_clear_pointer (&message, g_free);
  message = bn_sim_rbac_forbidden_message (viewer, &exec);
  g_assert_cmpstr (message, ==, "pods \"web-0\" is forbidden: User \"viewer\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"dev\"");
  g_clear_pointer (&message, g_free);
  message = bn_sim_rbac_forbidden_message (viewer, &nodes);
  g_assert_cmpstr (message, ==, "nodes is forbidden: User \"viewer\" cannot list resource \"nodes\" in API group \"\" at the cluster scope");

  bn_sim_user_free (admin);
  bn_sim_user_free (viewer);
  bn_sim_user_free (developer);
}

static void
test_merge_patch (void)
{
  g_autoptr(JsonObject) target = parse_object ("{\"a\":1,\"b\":{\"c\":2,\"d\":3},\"e\":[1,2]}");
  g_autoptr(JsonObject) patch = parse_object ("{\"a\":null,\"b\":{\"c\":5},\"e\":[9],\"f\":\"new\"}");
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  bn_sim_apply_merge_patch (target, patch);
  node = json_node_init_object (json_node_alloc (), target);
  text = json_to_string (node, FALSE);
  g_assert_cmpstr (text, ==, "{\"b\":{\"c\":5,\"d\":3},\"e\":[9],\"f\":\"new\"}");
}

/* Same JSON, members in any order. */
static void
assert_json_equal (const char *text,
                   const char *expected)
{
  g_autoptr(JsonNode) got = json_from_string (text, NULL);
  g_autoptr(JsonNode) wanted = json_from_string (expected, NULL);

  g_assert_nonnull (got);
  g_assert_nonnull (wanted);
  if (!json_node_equal (got, wanted))
    g_error ("%s\n  is not\n%s", text, expected);
}

static void
test_strategic_merge_patch (void)
{
  g_autoptr(JsonObject) target = parse_object ("{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"a:1\","
                                               "\"ports\":[{\"containerPort\":80}]},{\"name\":\"side\",\"image\":\"s:1\"}],"
                                               "\"args\":[\"x\"]}}");
  g_autoptr(JsonObject) patch = parse_object ("{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"a:2\"},"
                                              "{\"name\":\"side\",\"$patch\":\"delete\"},{\"name\":\"new\",\"image\":\"n:1\"}],"
                                              "\"args\":[\"y\"]},\"$setElementOrder/containers\":[]}");
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  /* Named lists merge by name (the rest of a container stays); other lists are replaced. */
  bn_sim_apply_strategic_merge_patch (target, patch);
  node = json_node_init_object (json_node_alloc (), target);
  text = json_to_string (node, FALSE);
  assert_json_equal (text, "{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"a:2\","
                           "\"ports\":[{\"containerPort\":80}]},{\"name\":\"new\",\"image\":\"n:1\"}],"
                           "\"args\":[\"y\"]}}");
}

static void
test_record_apply (void)
{
  g_autoptr(JsonObject) live = parse_object ("{\"metadata\":{\"name\":\"x\",\"managedFields\":["
                                             "{\"manager\":\"kubectl\",\"operation\":\"Apply\"},"
                                             "{\"manager\":\"kubelet\",\"operation\":\"Update\"}]}}");
  g_autoptr(JsonObject) applied = parse_object ("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\","
                                                "\"metadata\":{\"name\":\"x\",\"labels\":{\"a\":\"b\"}},"
                                                "\"spec\":{\"replicas\":2,\"template\":{\"spec\":{\"containers\":"
                                                "[{\"name\":\"app\",\"image\":\"i\"}]}}}}");
  JsonArray *entries;
  JsonObject *entry;
  g_autoptr(JsonNode) fields = NULL;
  g_autofree char *text = NULL;

  bn_sim_record_apply (live, applied, "kubectl", "apps/v1");
  entries = json_object_get_array_member (json_object_get_object_member (live, "metadata"), "managedFields");
  g_assert_cmpuint (json_array_get_length (entries), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 0), "manager"), ==, "kubelet");
  entry = json_array_get_object_element (entries, 1);
  g_assert_cmpstr (json_object_get_string_member (entry, "manager"), ==, "kubectl");
  g_assert_cmpstr (json_object_get_string_member (entry, "operation"), ==, "Apply");
  g_assert_cmpstr (json_object_get_string_member (entry, "fieldsType"), ==, "FieldsV1");
  fields = json_node_init_object (json_node_alloc (), json_object_get_object_member (entry, "fieldsV1"));
  text = json_to_string (fields, FALSE);
  assert_json_equal (text, "{\"f:metadata\":{\"f:labels\":{\"f:a\":{}}},\"f:spec\":{\"f:replicas\":{},"
                             "\"f:template\":{\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"app\\\"}\":"
                             "{\"f:name\":{},\"f:image\":{},\".\":{}}}}}}}");
}

static void
test_generation (void)
{
  g_autoptr(BnSimStore) store = bn_sim_store_new ();
  const BnSimResource *deployments = bn_sim_resources_lookup ("apps", "v1", "deployments");
  const BnSimResource *configmaps = bn_sim_resources_lookup ("", "v1", "configmaps");
  g_autoptr(JsonObject) deployment = parse_object ("{\"metadata\":{\"name\":\"d\",\"namespace\":\"dev\",\"generation\":7},"
                                                   "\"spec\":{\"replicas\":1}}");
  g_autoptr(JsonObject) configmap = parse_object ("{\"metadata\":{\"name\":\"c\",\"namespace\":\"dev\"}}");
  g_autoptr(BnSimObject) created = NULL;
  g_autoptr(BnSimObject) relabelled = NULL;
  g_autoptr(BnSimObject) respecced = NULL;
  g_autoptr(BnSimObject) plain = NULL;
  g_autoptr(JsonObject) json = NULL;

  /* A given generation is kept on create (scenarios start settled); none gets 1. */
  created = bn_sim_store_create (store, deployments, deployment, FALSE, NULL);
  g_assert_nonnull (strstr (created->metadata_json, "\"generation\":7"));
  plain = bn_sim_store_create (store, configmaps, configmap, FALSE, NULL);
  g_assert_null (strstr (plain->metadata_json, "generation"));

  /* Metadata changes keep it, whatever the client sends; spec changes count. */
  json = bn_sim_object_parse (created);
  json_object_set_int_member (json_object_get_object_member (json, "metadata"), "generation", 99);
  json_object_set_object_member (json_object_get_object_member (json, "metadata"), "labels", json_object_new ());
  relabelled = bn_sim_store_update (store, deployments, json, FALSE, NULL);
  g_assert_nonnull (strstr (relabelled->metadata_json, "\"generation\":7"));
  g_clear_pointer (&json, json_object_unref);
  json = bn_sim_object_parse (relabelled);
  json_object_set_int_member (json_object_get_object_member (json, "spec"), "replicas", 3);
  respecced = bn_sim_store_update (store, deployments, json, FALSE, NULL);
  g_assert_nonnull (strstr (respecced->metadata_json, "\"generation\":8"));
}

static void
test_restarts_cell (void)
{
  const BnSimResource *pods = bn_sim_resources_lookup ("", "v1", "pods");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *finished = bn_sim_format_timestamp (now - 125);
  g_autofree char *json = g_strdup_printf ("{\"metadata\":{\"name\":\"p\",\"namespace\":\"dev\"},"
                                           "\"spec\":{\"containers\":[{\"name\":\"a\"},{\"name\":\"b\"}]},"
                                           "\"status\":{\"phase\":\"Running\",\"containerStatuses\":["
                                           "{\"name\":\"a\",\"ready\":true,\"restartCount\":3,"
                                           "\"lastState\":{\"terminated\":{\"finishedAt\":\"%s\"}}},"
                                           "{\"name\":\"b\",\"ready\":true,\"restartCount\":1}]}}", finished);
  g_autoptr(JsonObject) pod = parse_object (json);
  g_autoptr(JsonObject) calm = parse_object ("{\"metadata\":{\"name\":\"q\"},\"status\":{\"containerStatuses\":"
                                             "[{\"name\":\"a\",\"restartCount\":0}]}}");
  g_autoptr(BnSimObject) object = bn_sim_object_new (pods, pod);
  g_autoptr(BnSimObject) calm_object = bn_sim_object_new (pods, calm);
  g_autoptr(GString) row = g_string_new (NULL);
  g_autoptr(GString) calm_row = g_string_new (NULL);

  /* Upstream's printer: the restarts of all containers, and how long ago the last one ended. */
  bn_sim_append_row (row, object, BN_SIM_INCLUDE_NONE, now);
  g_assert_nonnull (strstr (row->str, "\"4 (2m5s ago)\""));
  bn_sim_append_row (row, object, BN_SIM_INCLUDE_NONE, now + 3600);
  g_assert_nonnull (strstr (row->str, "\"4 (62m ago)\""));
  bn_sim_append_row (calm_row, calm_object, BN_SIM_INCLUDE_NONE, now);
  g_assert_nonnull (strstr (calm_row->str, ",\"0\","));
}

static void
test_json_patch (void)
{
  g_autoptr(JsonNode) target = json_from_string ("{\"spec\":{\"list\":[1,2]},\"x\":1}", NULL);
  g_autoptr(JsonNode) patch = json_from_string ("[{\"op\":\"add\",\"path\":\"/spec/list/1\",\"value\":7},"
                                                "{\"op\":\"replace\",\"path\":\"/x\",\"value\":2},"
                                                "{\"op\":\"test\",\"path\":\"/x\",\"value\":2},"
                                                "{\"op\":\"add\",\"path\":\"/spec/a~1b\",\"value\":true}]", NULL);
  g_autoptr(JsonNode) failing = json_from_string ("[{\"op\":\"remove\",\"path\":\"/nope\"}]", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (bn_sim_apply_json_patch (target, json_node_get_array (patch), &error));
  g_assert_no_error (error);
  text = json_to_string (target, FALSE);
  g_assert_cmpstr (text, ==, "{\"spec\":{\"list\":[1,7,2],\"a/b\":true},\"x\":2}");

  g_assert_false (bn_sim_apply_json_patch (target, json_node_get_array (failing), &error));
  g_assert_error (error, BN_SIM_ERROR, 422);
}

static void
test_protobuf_review (void)
{
  /* "k8s\0" + Unknown{typeMeta{apiVersion, kind}, raw{spec{resourceAttributes{namespace, verb, resource}}}} */
  static const guint8 body[] = {
    'k', '8', 's', 0,
    0x0a, 0x31,
      0x0a, 0x17, 'a','u','t','h','o','r','i','z','a','t','i','o','n','.','k','8','s','.','i','o','/','v','1',
      0x12, 0x16, 'S','e','l','f','S','u','b','j','e','c','t','R','u','l','e','s','R','e','v','i','e','w',
    0x12, 0x07,
      0x12, 0x05, 0x0a, 0x03, 'd', 'e', 'v',
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) review = bn_sim_protobuf_decode_review (body, sizeof body, &error);
  g_autoptr(JsonObject) broken = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (review, "kind"), ==, "SelfSubjectRulesReview");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (review, "spec"), "namespace"), ==, "dev");

  for (gsize cut = 0; cut < sizeof body - 1; cut++)
    {
      g_clear_error (&error);
      broken = bn_sim_protobuf_decode_review (body, cut, &error);
      if (broken == NULL)
        g_assert_error (error, BN_SIM_ERROR, 400);
      g_clear_pointer (&broken, json_object_unref);
    }
}

static void
test_negotiate_format (void)
{
  g_assert_cmpint (bn_sim_negotiate_format (NULL), ==, BN_SIM_FORMAT_JSON);
  g_assert_cmpint (bn_sim_negotiate_format ("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"),
                   ==, BN_SIM_FORMAT_TABLE);
  g_assert_cmpint (bn_sim_negotiate_format ("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1"),
                   ==, BN_SIM_FORMAT_METADATA_LIST);
  g_assert_cmpint (bn_sim_negotiate_format ("application/vnd.kubernetes.protobuf, application/json"), ==, BN_SIM_FORMAT_JSON);
  g_assert_cmpint (bn_sim_negotiate_format ("application/json;as=Table;v=v2;g=meta.k8s.io"), ==, BN_SIM_FORMAT_NONE);
  g_assert_cmpint (bn_sim_negotiate_format ("text/html"), ==, BN_SIM_FORMAT_NONE);
}

static void
test_format_age (void)
{
  struct { gint64 seconds; const char *text; } cases[] = {
    { -5, "<invalid>" }, { 0, "0s" }, { 119, "119s" }, { 125, "2m5s" }, { 600, "10m" },
    { 3 * 3600 + 60, "3h1m" }, { 30 * 3600, "30h" }, { 3 * 86400 + 4 * 3600, "3d4h" },
    { 40 * 86400, "40d" }, { 3 * 365 * 86400, "3y" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = bn_sim_format_age (cases[i].seconds);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_parse_body_rejects_garbage (void)
{
  const char *bad[] = { "", "{", "{\"a\":", "[1,2", "\xff\xfe", "nul" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = bn_sim_parse_body (bad[i], strlen (bad[i]), &error);

      g_assert_null (node);
      g_assert_error (error, BN_SIM_ERROR, 400);
    }
}

static void
test_yaml_documents (void)
{
  static const char text[] =
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  quoted: \"true\"\n"
    "  plain: true\n  count: 3\n  ratio: 0.5\n  nothing: ~\n---\n---\nlist: [1, two]\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) documents = bn_sim_yaml_load_documents (text, strlen (text), &error);
  g_autoptr(GPtrArray) broken = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (documents->len, ==, 2);
  first = json_to_string (g_ptr_array_index (documents, 0), FALSE);
  g_assert_cmpstr (first, ==, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"},"
                   "\"data\":{\"quoted\":\"true\",\"plain\":true,\"count\":3,\"ratio\":0.5,\"nothing\":null}}");
  second = json_to_string (g_ptr_array_index (documents, 1), FALSE);
  g_assert_cmpstr (second, ==, "{\"list\":[1,\"two\"]}");

  broken = bn_sim_yaml_load_documents ("a: [1, 2\n", 8, &error);
  g_assert_null (broken);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/binnacle/sim-core/label-selectors", test_label_selectors);
  g_test_add_func ("/binnacle/sim-core/bad-selectors", test_bad_selectors);
  g_test_add_func ("/binnacle/sim-core/store-versions-and-history", test_store_versions_and_history);
  g_test_add_func ("/binnacle/sim-core/store-replay", test_store_replay);
  g_test_add_func ("/binnacle/sim-core/graceful-delete", test_graceful_delete);
  g_test_add_func ("/binnacle/sim-core/client-certificate", test_client_certificate);
  g_test_add_func ("/binnacle/sim-core/rbac", test_rbac);
  g_test_add_func ("/binnacle/sim-core/merge-patch", test_merge_patch);
  g_test_add_func ("/binnacle/sim-core/strategic-merge-patch", test_strategic_merge_patch);
  g_test_add_func ("/binnacle/sim-core/record-apply", test_record_apply);
  g_test_add_func ("/binnacle/sim-core/generation", test_generation);
  g_test_add_func ("/binnacle/sim-core/restarts-cell", test_restarts_cell);
  g_test_add_func ("/binnacle/sim-core/json-patch", test_json_patch);
  g_test_add_func ("/binnacle/sim-core/protobuf-review", test_protobuf_review);
  g_test_add_func ("/binnacle/sim-core/negotiate-format", test_negotiate_format);
  g_test_add_func ("/binnacle/sim-core/format-age", test_format_age);
  g_test_add_func ("/binnacle/sim-core/parse-body-rejects-garbage", test_parse_body_rejects_garbage);
  g_test_add_func ("/binnacle/sim-core/yaml-documents", test_yaml_documents);

  return g_test_run ();
}
