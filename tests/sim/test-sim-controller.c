/* test-sim-controller.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-sim-controller.h"
#include "bn-sim-scenario.h"
#include "bn-sim-store.h"

#define WAIT_MS 10000

typedef struct
{
  BnSimStore      *store;
  BnSimController *controller;
  guint            pods_added;
  guint            creating_seen;
  guint            most_pods;        /* live pods of the deployment at any moment */
  gulong           event_id;
} Fixture;

static const BnSimResource *
resource (const char *group,
          const char *plural)
{
  const BnSimResource *found = bn_sim_resources_lookup (group, NULL, plural);

  g_assert_nonnull (found);
  return found;
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static void
put (BnSimStore *store,
     const char *group,
     const char *plural,
     const char *json)
{
  g_autoptr(JsonObject) object = parse_object (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnSimObject) stored = bn_sim_store_create (store, resource (group, plural), object, FALSE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stored);
}

static gboolean
count_live_cb (BnSimObject *object,
               gpointer     user_data)
{
  if (g_strcmp0 (g_hash_table_lookup (object->labels, "app"), "hello") == 0 &&
      strstr (object->metadata_json, "deletionTimestamp") == NULL)
    (*(guint *) user_data)++;
  return TRUE;
}

static guint
live_pods (BnSimStore *store)
{
  guint count = 0;

  bn_sim_store_foreach (store, resource ("", "pods"), "dev", NULL, count_live_cb, &count);
  return count;
}

static void
event_cb (BnSimStore *store,
          BnSimEvent *event,
          Fixture    *fixture)
{
  if (event->object->resource != resource ("", "pods"))
    return;
  if (event->type == BN_SIM_EVENT_ADDED)
    fixture->pods_added++;
  if (g_strstr_len (g_bytes_get_data (event->object->json, NULL), g_bytes_get_size (event->object->json),
                    "\"ContainerCreating\"") != NULL)
    fixture->creating_seen++;
  fixture->most_pods = MAX (fixture->most_pods, live_pods (store));
}

static void
fixture_set_up (Fixture *fixture)
{
  fixture->store = bn_sim_store_new ();
  put (fixture->store, "", "namespaces", "{\"metadata\":{\"name\":\"dev\"}}");
  put (fixture->store, "", "nodes", "{\"metadata\":{\"name\":\"node-a\"},\"spec\":{}}");
  put (fixture->store, "", "nodes", "{\"metadata\":{\"name\":\"node-b\"},\"spec\":{\"unschedulable\":true}}");
  fixture->controller = bn_sim_controller_new (fixture->store);
  bn_sim_controller_set_pod_delays (fixture->controller, 5, 10);
  fixture->event_id = g_signal_connect (fixture->store, "event", G_CALLBACK (event_cb), fixture);
}

static void
fixture_tear_down (Fixture *fixture)
{
  g_clear_signal_handler (&fixture->event_id, fixture->store);
  g_clear_object (&fixture->controller);
  g_clear_object (&fixture->store);
}

static JsonObject *
get_json (BnSimStore *store,
          const char *group,
          const char *plural,
          const char *namespace,
          const char *name)
{
  BnSimObject *object = bn_sim_store_get (store, resource (group, plural), namespace, name);

  return object ? bn_sim_object_parse (object) : NULL;
}

static gint64
status_int (JsonObject *object,
            const char *member)
{
  JsonNode *status = json_object_get_member (object, "status");

  if (status == NULL || !JSON_NODE_HOLDS_OBJECT (status))
    return 0;
  return json_object_get_int_member_with_default (json_node_get_object (status), member, 0);
}

static gint64
generation (JsonObject *object)
{
  return json_object_get_int_member_with_default (json_object_get_object_member (object, "metadata"), "generation", 0);
}

/* What `kubectl rollout status` waits for. */
static gboolean
rolled_out (BnSimStore *store,
            const char *namespace,
            const char *name)
{
  g_autoptr(JsonObject) deployment = get_json (store, "apps", "deployments", namespace, name);
  gint64 replicas;

  if (deployment == NULL)
    return FALSE;
  replicas = json_object_get_int_member (json_object_get_object_member (deployment, "spec"), "replicas");
  return status_int (deployment, "observedGeneration") >= generation (deployment) &&
         status_int (deployment, "updatedReplicas") == replicas &&
         status_int (deployment, "replicas") == replicas &&
         status_int (deployment, "availableReplicas") == replicas;
}

static gboolean
wait_for_rollout (BnSimStore *store,
                  const char *namespace,
                  const char *name)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      if (rolled_out (store, namespace, name))
        return TRUE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return FALSE;
}

static void
spin (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

#define HELLO "{\"metadata\":{\"name\":\"hello\",\"namespace\":\"dev\"}," \
  "\"spec\":{\"replicas\":4,\"selector\":{\"matchLabels\":{\"app\":\"hello\"}}," \
  "\"template\":{\"metadata\":{\"labels\":{\"app\":\"hello\"}},\"spec\":{\"terminationGracePeriodSeconds\":0," \
  "\"containers\":[{\"name\":\"app\",\"image\":\"%s\"}]}}}}"

typedef struct
{
  const char *hash;
  guint       count;
  guint       running;
  gboolean    owned;
  const char *owner_uid;
} PodCount;

static gboolean
count_hash_cb (BnSimObject *object,
               gpointer     user_data)
{
  PodCount *count = user_data;
  g_autoptr(JsonObject) pod = NULL;

  if (g_strcmp0 (g_hash_table_lookup (object->labels, "pod-template-hash"), count->hash) != 0 ||
      strstr (object->metadata_json, "deletionTimestamp") != NULL)
    return TRUE;
  pod = bn_sim_object_parse (object);
  count->count++;
  count->running += g_str_equal (json_object_get_string_member (json_object_get_object_member (pod, "status"), "phase"),
                                 "Running");
  count->owned &= strstr (object->metadata_json, count->owner_uid) != NULL;
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (pod, "spec"), "nodeName"), ==, "node-a");
  return TRUE;
}

typedef struct
{
  const char *reason;
  guint       count;
} EventCount;

static gboolean
count_reason_cb (BnSimObject *object,
                 gpointer     user_data)
{
  EventCount *count = user_data;

  if (g_strcmp0 (g_hash_table_lookup (object->fields, "reason"), count->reason) == 0)
    count->count++;
  return TRUE;
}

static guint
count_events (BnSimStore *store,
              const char *reason)
{
  EventCount count = { reason, 0 };

  bn_sim_store_foreach (store, resource ("", "events"), "dev", NULL, count_reason_cb, &count);
  return count.count;
}

static char *
replica_set_of (BnSimStore *store)
{
  g_autoptr(JsonObject) deployment = get_json (store, "apps", "deployments", "dev", "hello");
  JsonObject *annotations = json_object_get_object_member (json_object_get_object_member (deployment, "metadata"),
                                                           "annotations");
  const char *revision = json_object_get_string_member (annotations, "deployment.kubernetes.io/revision");
  JsonArray *conditions = json_object_get_array_member (json_object_get_object_member (deployment, "status"), "conditions");
  const char *message = NULL;

  g_assert_nonnull (revision);
  for (guint i = 0; i < json_array_get_length (conditions); i++)
    {
      JsonObject *condition = json_array_get_object_element (conditions, i);

      if (g_str_equal (json_object_get_string_member (condition, "type"), "Progressing"))
        {
          g_assert_cmpstr (json_object_get_string_member (condition, "reason"), ==, "NewReplicaSetAvailable");
          message = json_object_get_string_member (condition, "message");
        }
      else
        {
          g_assert_cmpstr (json_object_get_string_member (condition, "type"), ==, "Available");
          g_assert_cmpstr (json_object_get_string_member (condition, "status"), ==, "True");
        }
    }

  /* ReplicaSet "hello-HASH" has successfully progressed. */
  g_assert_true (g_str_has_prefix (message, "ReplicaSet \"hello-"));
  return g_strndup (message + strlen ("ReplicaSet \""), strchr (message + strlen ("ReplicaSet \""), '"') - message - strlen ("ReplicaSet \""));
}

static void
assert_pods_of (BnSimStore *store,
                const char *rs_name,
                guint       expected)
{
  BnSimObject *rs = bn_sim_store_get (store, resource ("apps", "replicasets"), "dev", rs_name);
  g_autoptr(JsonObject) json = NULL;
  PodCount count = { 0 };

  g_assert_nonnull (rs);
  json = bn_sim_object_parse (rs);
  count.hash = g_hash_table_lookup (rs->labels, "pod-template-hash");
  count.owner_uid = rs->uid;
  count.owned = TRUE;
  g_assert_true (g_str_has_suffix (rs_name, count.hash));
  for (const char *p = count.hash; *p; p++)
    g_assert_nonnull (strchr ("bcdfghjklmnpqrstvwxz2456789", *p));

  bn_sim_store_foreach (store, resource ("", "pods"), "dev", NULL, count_hash_cb, &count);
  g_assert_cmpuint (count.count, ==, expected);
  g_assert_cmpuint (count.running, ==, expected);
  g_assert_true (count.owned);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json, "spec"), "replicas"), ==, expected);
  g_assert_cmpint (status_int (json, "replicas"), ==, expected);
  g_assert_cmpint (status_int (json, "readyReplicas"), ==, expected);
}

static void
test_create_and_roll (void)
{
  Fixture fixture = { 0 };
  g_autofree char *first_json = g_strdup_printf (HELLO, "hello:1");
  g_autoptr(JsonObject) changed = NULL;
  g_autoptr(JsonObject) deployment = NULL;
  g_autoptr(JsonObject) old_rs = NULL;
  g_autoptr(BnSimObject) stored = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  fixture_set_up (&fixture);

  /* Created: a ReplicaSet, four pods scheduled on the one schedulable node, all started. */
  put (fixture.store, "apps", "deployments", first_json);
  g_assert_true (wait_for_rollout (fixture.store, "dev", "hello"));
  first = replica_set_of (fixture.store);
  assert_pods_of (fixture.store, first, 4);
  g_assert_cmpuint (fixture.pods_added, ==, 4);
  g_assert_cmpuint (fixture.creating_seen, >=, 4);
  g_assert_cmpuint (count_events (fixture.store, "SuccessfulCreate"), ==, 4);
  g_assert_cmpuint (count_events (fixture.store, "Scheduled"), ==, 4);
  g_assert_cmpuint (count_events (fixture.store, "Started"), ==, 4);
  g_assert_cmpuint (count_events (fixture.store, "ScalingReplicaSet"), >=, 1);

  /* A new template: a second ReplicaSet takes over, one pod over the count at most (maxSurge 25%). */
  fixture.most_pods = 0;
  fixture.pods_added = 0;
  changed = get_json (fixture.store, "apps", "deployments", "dev", "hello");
  json_object_set_string_member (json_array_get_object_element (json_object_get_array_member (
    json_object_get_object_member (json_object_get_object_member (json_object_get_object_member (changed, "spec"),
                                                                  "template"), "spec"), "containers"), 0),
                                 "image", "hello:2");
  stored = bn_sim_store_update (fixture.store, resource ("apps", "deployments"), changed, FALSE, NULL);
  g_assert_nonnull (stored);
  deployment = bn_sim_object_parse (stored);
  g_assert_cmpint (generation (deployment), ==, 2);

  g_assert_true (wait_for_rollout (fixture.store, "dev", "hello"));
  second = replica_set_of (fixture.store);
  g_assert_cmpstr (first, !=, second);
  assert_pods_of (fixture.store, second, 4);
  g_assert_cmpuint (fixture.pods_added, ==, 4);
  g_assert_cmpuint (fixture.most_pods, <=, 5);
  g_clear_pointer (&deployment, json_object_unref);
  deployment = get_json (fixture.store, "apps", "deployments", "dev", "hello");
  g_assert_cmpint (status_int (deployment, "observedGeneration"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (
    deployment, "metadata"), "annotations"), "deployment.kubernetes.io/revision"), ==, "2");

  /* The old ReplicaSet stays, scaled to zero, for rollbacks. */
  old_rs = get_json (fixture.store, "apps", "replicasets", "dev", first);
  g_assert_nonnull (old_rs);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (old_rs, "spec"), "replicas"), ==, 0);
  spin (100);
  g_assert_cmpuint (live_pods (fixture.store), ==, 4);

  fixture_tear_down (&fixture);
}

static void
test_scale_and_delete (void)
{
  Fixture fixture = { 0 };
  g_autofree char *json = g_strdup_printf (HELLO, "hello:1");
  g_autoptr(JsonObject) scaled = NULL;
  g_autoptr(BnSimObject) stored = NULL;
  g_autoptr(BnSimObject) gone = NULL;
  g_autofree char *rs = NULL;
  guint64 version;

  fixture_set_up (&fixture);
  put (fixture.store, "apps", "deployments", json);
  g_assert_true (wait_for_rollout (fixture.store, "dev", "hello"));
  rs = replica_set_of (fixture.store);

  /* Scaling keeps the ReplicaSet. */
  scaled = get_json (fixture.store, "apps", "deployments", "dev", "hello");
  json_object_set_int_member (json_object_get_object_member (scaled, "spec"), "replicas", 2);
  stored = bn_sim_store_update (fixture.store, resource ("apps", "deployments"), scaled, FALSE, NULL);
  g_assert_true (wait_for_rollout (fixture.store, "dev", "hello"));
  g_assert_cmpuint (live_pods (fixture.store), ==, 2);
  {
    g_autofree char *same = replica_set_of (fixture.store);

    g_assert_cmpstr (same, ==, rs);
  }

  /* A settled deployment is left alone: nothing is written. */
  spin (100);
  version = bn_sim_store_get_resource_version (fixture.store);
  spin (200);
  g_assert_cmpuint (bn_sim_store_get_resource_version (fixture.store), ==, version);

  /* Deleting the deployment takes its ReplicaSets and pods. */
  gone = bn_sim_store_delete (fixture.store, resource ("apps", "deployments"), "dev", "hello", NULL, FALSE, NULL);
  g_assert_nonnull (gone);
  spin (200);
  g_assert_null (bn_sim_store_get (fixture.store, resource ("apps", "replicasets"), "dev", rs));
  g_assert_cmpuint (live_pods (fixture.store), ==, 0);

  fixture_tear_down (&fixture);
}

#define RECREATED "{\"metadata\":{\"name\":\"hello\",\"namespace\":\"dev\"}," \
  "\"spec\":{\"replicas\":2,\"strategy\":{\"type\":\"Recreate\"},\"selector\":{\"matchLabels\":{\"app\":\"hello\"}}," \
  "\"template\":{\"metadata\":{\"labels\":{\"app\":\"hello\"}},\"spec\":{\"terminationGracePeriodSeconds\":1," \
  "\"containers\":[{\"name\":\"app\",\"image\":\"hello:1\"}]}}}}"

typedef struct
{
  const char *old_hash;
  guint       overlap;
} Overlap;

static gboolean
count_old_cb (BnSimObject *object,
              gpointer     user_data)
{
  Overlap *overlap = user_data;

  if (g_strcmp0 (g_hash_table_lookup (object->labels, "pod-template-hash"), overlap->old_hash) == 0)
    overlap->overlap++;
  return TRUE;
}

static void
new_pod_cb (BnSimStore *store,
            BnSimEvent *event,
            Overlap    *overlap)
{
  if (event->type != BN_SIM_EVENT_ADDED || event->object->resource != resource ("", "pods"))
    return;
  /* A new pod while an old one (Terminating included) is still there. */
  bn_sim_store_foreach (store, resource ("", "pods"), "dev", NULL, count_old_cb, overlap);
}

static void
set_image (BnSimStore *store,
           const char *image,
           gboolean    paused)
{
  g_autoptr(JsonObject) json = get_json (store, "apps", "deployments", "dev", "hello");
  JsonObject *spec = json_object_get_object_member (json, "spec");
  g_autoptr(BnSimObject) stored = NULL;

  json_object_set_string_member (json_array_get_object_element (json_object_get_array_member (
    json_object_get_object_member (json_object_get_object_member (spec, "template"), "spec"), "containers"), 0),
                                 "image", image);
  json_object_set_boolean_member (spec, "paused", paused);
  stored = bn_sim_store_update (store, resource ("apps", "deployments"), json, FALSE, NULL);
  g_assert_nonnull (stored);
}

static void
test_recreate_and_pause (void)
{
  Fixture fixture = { 0 };
  Overlap overlap = { 0 };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  BnSimObject *rs;
  gulong handler;

  fixture_set_up (&fixture);
  put (fixture.store, "apps", "deployments", RECREATED);
  g_assert_true (wait_for_rollout (fixture.store, "dev", "hello"));
  first = replica_set_of (fixture.store);
  rs = bn_sim_store_get (fixture.store, resource ("apps", "replicasets"), "dev", first);
  overlap.old_hash = g_hash_table_lookup (rs->labels, "pod-template-hash");

  /* Paused: the template changes, nothing rolls. */
  set_image (fixture.store, "hello:2", TRUE);
  spin (300);
  {
    g_autofree char *same = replica_set_of (fixture.store);

    g_assert_cmpstr (same, ==, first);
    assert_pods_of (fixture.store, first, 2);
  }

  /* Resumed with Recreate: the old pods are gone, grace period and all, before a new one starts. */
  handler = g_signal_connect (fixture.store, "event", G_CALLBACK (new_pod_cb), &overlap);
  set_image (fixture.store, "hello:3", FALSE);
  g_assert_true (wait_for_rollout (fixture.store, "dev", "hello"));
  g_clear_signal_handler (&handler, fixture.store);
  second = replica_set_of (fixture.store);
  g_assert_cmpstr (second, !=, first);
  assert_pods_of (fixture.store, second, 2);
  g_assert_cmpuint (overlap.overlap, ==, 0);

  /* hello:2 never ran: its template has no ReplicaSet of its own. */
  set_image (fixture.store, "hello:1", FALSE);
  g_assert_true (wait_for_rollout (fixture.store, "dev", "hello"));
  third = replica_set_of (fixture.store);
  g_assert_cmpstr (third, ==, first);

  fixture_tear_down (&fixture);
}

static gboolean
restarted_cb (BnSimObject *object,
              gpointer     user_data)
{
  if (g_strstr_len (g_bytes_get_data (object->json, NULL), g_bytes_get_size (object->json),
                    "kubectl.kubernetes.io/restartedAt") != NULL)
    g_ptr_array_add (user_data, g_strdup (object->key));
  return TRUE;
}

static gboolean
collect_cb (BnSimObject *object,
            gpointer     user_data)
{
  g_ptr_array_add (user_data, bn_sim_object_ref (object));
  return TRUE;
}

static void
test_demo_stays_until_rolled (void)
{
  g_autoptr(BnSimStore) store = bn_sim_store_new ();
  g_autoptr(BnSimController) controller = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) restarted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_sim_object_unref);
  guint churn = 0;
  guint64 version;
  guint pods;

  g_assert_true (bn_sim_scenario_load (store, "demo", &churn, &error));
  g_assert_no_error (error);
  pods = bn_sim_store_count (store, resource ("", "pods"), NULL);
  g_assert_cmpuint (pods, ==, 12);

  /* A settled scenario: the controller finds nothing to do, */
  version = bn_sim_store_get_resource_version (store);
  controller = bn_sim_controller_new (store);
  spin (200);
  g_assert_cmpuint (bn_sim_store_get_resource_version (store), ==, version);

  /* not even when every pod changes and every deployment is synced (the crash-looping one included). */
  bn_sim_store_foreach (store, resource ("", "pods"), NULL, NULL, collect_cb, all);
  g_assert_cmpuint (all->len, ==, 12);
  for (guint i = 0; i < all->len; i++)
    {
      g_autoptr(BnSimObject) touched = bn_sim_store_touch (store, g_ptr_array_index (all, i), "sim.binnacle.dev/churn", "1");

      g_assert_nonnull (touched);
    }
  spin (300);
  g_assert_cmpuint (bn_sim_store_get_resource_version (store), ==, version + 12);

  /* Rolling goes round the settled deployments once; the crash-looping one never is. */
  for (guint i = 0; i < 5; i++)
    g_assert_true (bn_sim_controller_roll_next (controller));
  g_assert_false (bn_sim_controller_roll_next (controller));
  bn_sim_store_foreach (store, resource ("apps", "deployments"), NULL, NULL, restarted_cb, restarted);
  g_assert_cmpuint (restarted->len, ==, 5);
  for (guint i = 0; i < restarted->len; i++)
    g_assert_cmpstr (g_ptr_array_index (restarted, i), !=, "shop/payments");

  g_clear_object (&controller);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/binnacle/sim-controller/create-and-roll", test_create_and_roll);
  g_test_add_func ("/binnacle/sim-controller/scale-and-delete", test_scale_and_delete);
  g_test_add_func ("/binnacle/sim-controller/recreate-and-pause", test_recreate_and_pause);
  g_test_add_func ("/binnacle/sim-controller/demo-stays-until-rolled", test_demo_stays_until_rolled);

  return g_test_run ();
}
