/* bn-sim-controller.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-sim-controller.h"

/* The parts of kube-controller-manager, the scheduler and the kubelet
 * that make deployments roll. Like upstream it is level triggered: a
 * change to a Deployment, one of its ReplicaSets or their pods marks
 * the deployment dirty, and a sync shortly after brings ReplicaSets and
 * pods towards the deployment's spec and reports the outcome in the
 * status fields `kubectl rollout status` reads. A sync that finds
 * nothing to do writes nothing, which is what ends the loop.
 *
 * New pods go Pending → ContainerCreating → Running and ready on timers;
 * pods are removed with the store's graceful deletion. Only ReplicaSets
 * that a Deployment controls are managed, so the pods of `scale:N`
 * (whose ReplicaSets do not exist) are left alone.
 */

#define DEFAULT_SCHEDULED_MS 800
#define DEFAULT_STARTED_MS   1600
#define SYNC_DELAY_MS        20
#define REVISION_ANNOTATION  "deployment.kubernetes.io/revision"
#define HASH_LABEL           "pod-template-hash"
#define RESTARTED_ANNOTATION "kubectl.kubernetes.io/restartedAt"
#define EVENT_TTL_SECONDS    3600
#define BURST_REPLICAS       500

static const char name_alphabet[] = "bcdfghjklmnpqrstvwxz2456789";

struct _BnSimController
{
  GObject              parent_instance;

  BnSimStore          *store;
  gulong               event_id;
  const BnSimResource *deployments;
  const BnSimResource *replicasets;
  const BnSimResource *pods;
  const BnSimResource *nodes;
  const BnSimResource *events;

  GHashTable          *dirty;      /* deployment key "namespace/name" */
  GHashTable          *orphaned;   /* owner uid → namespace, whose dependents go */
  GHashTable          *hashes;     /* "namespace/pod-template-hash" → deployment name */
  GHashTable          *starting;   /* pod key → PodStart*, pods the kubelet brings up */
  GQueue               recorded;   /* RecordedEvent*, oldest first */
  guint64              event_counter;
  guint                sync_id;

  guint                roll_every;
  guint                roll_id;
  char                *roll_cursor;
  guint                node_cursor;
  guint                scheduled_ms;
  guint                started_ms;
};

G_DEFINE_FINAL_TYPE (BnSimController, bn_sim_controller, G_TYPE_OBJECT)

/* The kubelet's side of a new pod: one step per timer. */
typedef struct
{
  BnSimController *controller;   /* unowned: the controller owns the step */
  char            *key;
  char            *uid;
  guint            step;
  guint            source_id;
} PodStart;

typedef struct
{
  BnSimObject *object;
  gboolean     ready;
} Pod;

/* An Event the controller wrote, removed after EVENT_TTL_SECONDS as the
 * apiserver's event TTL does.
 */
typedef struct
{
  char   *namespace;
  char   *name;
  gint64  created;
} RecordedEvent;

/* A ReplicaSet the deployment controls, as the sync sees it. */
typedef struct
{
  BnSimObject *object;
  JsonObject  *json;
  const char  *hash;
  gint64       replicas;       /* spec.replicas */
  gint64       want;           /* what the sync decides */
  gint64       revision;
  GPtrArray   *pods;           /* Pod*, not terminating */
  gint64       ready;
  gint64       terminating;    /* pods in their grace period */
} ReplicaSet;

/* JSON helpers */

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, name))
    return NULL;
  node = json_object_get_member (object, name);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonObject *
ensure_object_member (JsonObject *object,
                      const char *name)
{
  JsonObject *member = object_member (object, name);

  if (member == NULL)
    {
      member = json_object_new ();
      json_object_set_object_member (object, name, member);
    }
  return member;
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, name))
    return NULL;
  node = json_object_get_member (object, name);
  return JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, name))
    return NULL;
  node = json_object_get_member (object, name);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
int_member (JsonObject *object,
            const char *name,
            gint64      fallback)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, name))
    return fallback;
  node = json_object_get_member (object, name);
  if (!JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (node), NULL, 10);
  return fallback;
}

static gboolean
bool_member (JsonObject *object,
             const char *name)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, name))
    return FALSE;
  node = json_object_get_member (object, name);
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (node);
}

/* json_node_copy() shares objects and arrays; this does not. */
static JsonNode *
copy_node (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(JsonObject) copy = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &name, &member))
        json_object_set_member (copy, name, copy_node (member));
      return json_node_init_object (json_node_alloc (), copy);
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(JsonArray) copy = json_array_new ();

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, copy_node (json_array_get_element (array, i)));
      return json_node_init_array (json_node_alloc (), copy);
    }

  return json_node_copy (node);
}

/* Returns: (transfer full): a deep copy of @object */
static JsonObject *
copy_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autoptr(JsonNode) copy = copy_node (node);

  return json_object_ref (json_node_get_object (copy));
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return json_node_equal (a, b);
}

static char *
now_timestamp (void)
{
  return bn_sim_format_timestamp (g_get_real_time () / G_USEC_PER_SEC);
}

/* The uid of the controlling owner of @kind, if any. */
static const char *
controller_uid (JsonObject *object,
                const char *kind,
                const char **name)
{
  JsonArray *owners = array_member (object_member (object, "metadata"), "ownerReferences");

  for (guint i = 0; owners != NULL && i < json_array_get_length (owners); i++)
    {
      JsonNode *node = json_array_get_element (owners, i);
      JsonObject *owner = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (owner != NULL && bool_member (owner, "controller") && g_strcmp0 (string_member (owner, "kind"), kind) == 0)
        {
          if (name != NULL)
            *name = string_member (owner, "name");
          return string_member (owner, "uid");
        }
    }

  return NULL;
}

static gboolean
is_terminating (BnSimObject *object)
{
  return strstr (object->metadata_json, "\"deletionTimestamp\"") != NULL;
}

/* Template hashing, as upstream: FNV-1a over the template, spelled
 * with the alphabet of generated names.
 */
static void
append_canonical (GString  *out,
                  JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      GList *members = g_list_sort (json_object_get_members (object), (GCompareFunc) strcmp);

      g_string_append_c (out, '{');
      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autoptr(JsonNode) key = json_node_init_string (json_node_alloc (), l->data);
          g_autofree char *key_text = json_to_string (key, FALSE);

          if (l != members)
            g_string_append_c (out, ',');
          g_string_append_printf (out, "%s:", key_text);
          append_canonical (out, json_object_get_member (object, l->data));
        }
      g_string_append_c (out, '}');
      g_list_free (members);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      g_string_append_c (out, '[');
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_canonical (out, json_array_get_element (array, i));
        }
      g_string_append_c (out, ']');
    }
  else
    {
      g_autofree char *text = json_to_string (node, FALSE);

      g_string_append (out, text);
    }
}

/* The template as a deployment and its ReplicaSets compare it: without
 * the hash label and the creationTimestamp clients send as null.
 */
static JsonNode *
comparable_template (JsonObject *template)
{
  g_autoptr(JsonObject) object = copy_object (template);
  JsonNode *copy = json_node_init_object (json_node_alloc (), object);
  JsonObject *metadata = object_member (object, "metadata");
  JsonObject *labels = object_member (metadata, "labels");

  if (labels != NULL && json_object_has_member (labels, HASH_LABEL))
    json_object_remove_member (labels, HASH_LABEL);
  if (labels != NULL && json_object_get_size (labels) == 0)
    json_object_remove_member (metadata, "labels");
  if (metadata != NULL && json_object_has_member (metadata, "creationTimestamp"))
    json_object_remove_member (metadata, "creationTimestamp");
  if (metadata != NULL && json_object_get_size (metadata) == 0)
    json_object_remove_member (object, "metadata");
  return copy;
}

static char *
template_hash (JsonNode *template)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *digits = NULL;
  guint32 hash = 2166136261u;

  append_canonical (text, template);
  for (gsize i = 0; i < text->len; i++)
    {
      hash ^= (guchar) text->str[i];
      hash *= 16777619u;
    }

  digits = g_strdup_printf ("%u", hash);
  for (char *p = digits; *p; p++)
    *p = name_alphabet[(guchar) *p % (sizeof name_alphabet - 1)];
  return g_steal_pointer (&digits);
}

static char *
random_suffix (void)
{
  char suffix[6];

  for (guint i = 0; i < 5; i++)
    suffix[i] = name_alphabet[g_random_int_range (0, sizeof name_alphabet - 1)];
  suffix[5] = '\0';
  return g_strdup (suffix);
}

/* maxSurge and maxUnavailable: a count or a percentage of @replicas. */
static gint64
resolve_int_or_percent (JsonObject *object,
                        const char *name,
                        gint64      replicas,
                        gboolean    round_up)
{
  JsonNode *node = object && json_object_has_member (object, name) ? json_object_get_member (object, name) : NULL;
  const char *text;
  gint64 percent;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    text = "25%";
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    text = json_node_get_string (node);
  else
    return MAX (int_member (object, name, 0), 0);

  percent = g_ascii_strtoll (text, NULL, 10);
  if (!g_str_has_suffix (text, "%"))
    return MAX (percent, 0);
  return MAX (round_up ? (percent * replicas + 99) / 100 : percent * replicas / 100, 0);
}

/* Events */

static void
recorded_event_free (RecordedEvent *event)
{
  g_free (event->namespace);
  g_free (event->name);
  g_free (event);
}

static void
expire_events (BnSimController *self,
               gint64           now)
{
  RecordedEvent *oldest;

  while ((oldest = g_queue_peek_head (&self->recorded)) != NULL && oldest->created + EVENT_TTL_SECONDS <= now)
    {
      g_autoptr(BnSimObject) gone = bn_sim_store_delete (self->store, self->events, oldest->namespace, oldest->name,
                                                         NULL, FALSE, NULL);

      recorded_event_free (g_queue_pop_head (&self->recorded));
    }
}

/* A Normal event about @involved, as @component reports it. */
static void
record_event (BnSimController *self,
              BnSimObject     *involved,
              const char      *reason,
              const char      *message,
              const char      *component)
{
  g_autoptr(JsonObject) event = json_object_new ();
  g_autoptr(BnSimObject) stored = NULL;
  g_autofree char *api_version = bn_sim_resource_dup_group_version (involved->resource);
  g_autofree char *resource_version = g_strdup_printf ("%" G_GUINT64_FORMAT, involved->resource_version);
  g_autofree char *name = NULL;
  g_autofree char *now_text = now_timestamp ();
  gint64 now = g_get_real_time ();
  JsonObject *metadata = json_object_new ();
  JsonObject *object = json_object_new ();
  JsonObject *source = json_object_new ();
  RecordedEvent *recorded;

  expire_events (self, now / G_USEC_PER_SEC);

  /* Upstream names events after the object and the time in nanoseconds, in hex. */
  name = g_strdup_printf ("%s.%" G_GINT64_MODIFIER "x", involved->name, now * 1000 + self->event_counter++ % 1000);
  json_object_set_string_member (metadata, "name", name);
  json_object_set_string_member (metadata, "namespace", involved->namespace);
  json_object_set_object_member (event, "metadata", metadata);
  json_object_set_string_member (object, "kind", involved->resource->kind);
  json_object_set_string_member (object, "namespace", involved->namespace);
  json_object_set_string_member (object, "name", involved->name);
  json_object_set_string_member (object, "uid", involved->uid);
  json_object_set_string_member (object, "apiVersion", api_version);
  json_object_set_string_member (object, "resourceVersion", resource_version);
  json_object_set_object_member (event, "involvedObject", object);
  json_object_set_string_member (event, "reason", reason);
  json_object_set_string_member (event, "message", message);
  json_object_set_string_member (source, "component", component);
  json_object_set_object_member (event, "source", source);
  json_object_set_string_member (event, "firstTimestamp", now_text);
  json_object_set_string_member (event, "lastTimestamp", now_text);
  json_object_set_int_member (event, "count", 1);
  json_object_set_string_member (event, "type", "Normal");
  json_object_set_null_member (event, "eventTime");
  json_object_set_string_member (event, "reportingComponent", component);
  json_object_set_string_member (event, "reportingInstance", "");

  stored = bn_sim_store_create (self->store, self->events, event, FALSE, NULL);
  if (stored == NULL)
    return;

  recorded = g_new0 (RecordedEvent, 1);
  recorded->namespace = g_strdup (stored->namespace);
  recorded->name = g_strdup (stored->name);
  recorded->created = now / G_USEC_PER_SEC;
  g_queue_push_tail (&self->recorded, recorded);
}

/* Pods */

static gboolean
pod_is_ready (JsonObject *pod)
{
  JsonObject *status = object_member (pod, "status");
  JsonArray *statuses = array_member (status, "containerStatuses");

  if (g_strcmp0 (string_member (status, "phase"), "Running") != 0 || statuses == NULL ||
      json_array_get_length (statuses) == 0)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (statuses); i++)
    {
      JsonNode *node = json_array_get_element (statuses, i);

      if (!JSON_NODE_HOLDS_OBJECT (node) || !bool_member (json_node_get_object (node), "ready"))
        return FALSE;
    }
  return TRUE;
}

static void
pod_free (Pod *pod)
{
  bn_sim_object_unref (pod->object);
  g_free (pod);
}

static void
replica_set_free (ReplicaSet *rs)
{
  bn_sim_object_unref (rs->object);
  json_object_unref (rs->json);
  g_ptr_array_unref (rs->pods);
  g_free (rs);
}

typedef struct
{
  const char *hash;
  const char *uid;
  GPtrArray  *found;
  gint64      terminating;
} PodQuery;

static gboolean
collect_pod_cb (BnSimObject *object,
                gpointer     user_data)
{
  PodQuery *query = user_data;

  if (g_strcmp0 (g_hash_table_lookup (object->labels, HASH_LABEL), query->hash) != 0 ||
      strstr (object->metadata_json, query->uid) == NULL)
    return TRUE;

  if (is_terminating (object))
    query->terminating++;
  else
    g_ptr_array_add (query->found, bn_sim_object_ref (object));
  return TRUE;
}

static void
collect_pods (BnSimController *self,
              ReplicaSet      *rs)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_sim_object_unref);
  PodQuery query = { rs->hash, rs->object->uid, found, 0 };

  bn_sim_store_foreach (self->store, self->pods, rs->object->namespace, NULL, collect_pod_cb, &query);
  rs->terminating = query.terminating;
  rs->ready = 0;
  for (guint i = 0; i < found->len; i++)
    {
      BnSimObject *object = g_ptr_array_index (found, i);
      g_autoptr(JsonObject) json = bn_sim_object_parse (object);
      Pod *pod = g_new0 (Pod, 1);

      pod->object = bn_sim_object_ref (object);
      pod->ready = pod_is_ready (json);
      rs->ready += pod->ready;
      g_ptr_array_add (rs->pods, pod);
    }
}

/* The scheduler: the next schedulable node, round robin. */

typedef struct
{
  GPtrArray *names;
} NodeQuery;

static gboolean
collect_node_cb (BnSimObject *object,
                 gpointer     user_data)
{
  NodeQuery *query = user_data;
  g_autoptr(JsonObject) node = bn_sim_object_parse (object);
  JsonObject *spec = object_member (node, "spec");
  JsonArray *taints = array_member (spec, "taints");

  if (bool_member (spec, "unschedulable"))
    return TRUE;
  for (guint i = 0; taints != NULL && i < json_array_get_length (taints); i++)
    {
      JsonNode *taint = json_array_get_element (taints, i);

      if (JSON_NODE_HOLDS_OBJECT (taint) &&
          g_strcmp0 (string_member (json_node_get_object (taint), "effect"), "NoSchedule") == 0)
        return TRUE;
    }

  g_ptr_array_add (query->names, g_strdup (object->name));
  return TRUE;
}

static char *
pick_node (BnSimController *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  NodeQuery query = { names };

  bn_sim_store_foreach (self->store, self->nodes, NULL, NULL, collect_node_cb, &query);
  if (names->len == 0)
    return NULL;
  return g_strdup (g_ptr_array_index (names, self->node_cursor++ % names->len));
}

/* The kubelet */

static void pod_start_schedule (BnSimController *self,
                                PodStart        *start);

static void
pod_start_free (PodStart *start)
{
  g_clear_handle_id (&start->source_id, g_source_remove);
  g_free (start->key);
  g_free (start->uid);
  g_free (start);
}

static JsonObject *
make_condition (const char *type,
                gboolean    status,
                const char *reason,
                const char *time)
{
  JsonObject *condition = json_object_new ();

  json_object_set_string_member (condition, "type", type);
  json_object_set_string_member (condition, "status", status ? "True" : "False");
  json_object_set_null_member (condition, "lastProbeTime");
  json_object_set_string_member (condition, "lastTransitionTime", time);
  if (reason != NULL)
    json_object_set_string_member (condition, "reason", reason);
  return condition;
}

static char *
fake_digest (const char *seed)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
}

/* Step 0: containers are being created. Step 1: they run and are ready. */
static void
advance_pod (JsonObject *pod,
             guint       step)
{
  JsonObject *metadata = object_member (pod, "metadata");
  JsonObject *spec = object_member (pod, "spec");
  JsonObject *status = ensure_object_member (pod, "status");
  JsonArray *containers = array_member (spec, "containers");
  JsonArray *statuses = json_array_new ();
  JsonArray *conditions = json_array_new ();
  const char *node = string_member (spec, "nodeName");
  const char *name = string_member (metadata, "name");
  const char *namespace = string_member (metadata, "namespace");
  g_autofree char *now = now_timestamp ();
  g_autofree char *scheduled = g_strdup (now);
  guint seed = g_str_hash (name ? name : "") ^ g_str_hash (namespace ? namespace : "");
  g_autofree char *pod_ip = g_strdup_printf ("10.244.%u.%u", (seed >> 8) % 8, 2 + seed % 250);
  g_autofree char *host_ip = g_strdup_printf ("10.0.0.%u", 10 + g_str_hash (node ? node : "") % 240);
  gboolean running = step >= 1;
  JsonArray *ips;
  JsonObject *ip;

  if (json_object_has_member (status, "startTime"))
    {
      g_free (scheduled);
      scheduled = g_strdup (string_member (status, "startTime"));
    }

  for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
    {
      JsonNode *node_i = json_array_get_element (containers, i);
      JsonObject *container = JSON_NODE_HOLDS_OBJECT (node_i) ? json_node_get_object (node_i) : NULL;
      const char *container_name = string_member (container, "name");
      const char *image = string_member (container, "image");
      JsonObject *state;
      JsonObject *detail;
      JsonObject *entry;

      if (container == NULL)
        continue;
      state = json_object_new ();
      detail = json_object_new ();
      entry = json_object_new ();

      json_object_set_string_member (entry, "name", container_name ? container_name : "");
      json_object_set_string_member (entry, "image", image ? image : "");
      if (running)
        {
          g_autofree char *digest = fake_digest (image ? image : "");
          g_autofree char *image_id = g_strdup_printf ("%s@sha256:%s", image ? image : "", digest);
          g_autofree char *container_seed = g_strconcat (name ? name : "", "/", container_name, NULL);
          g_autofree char *container_digest = fake_digest (container_seed);
          g_autofree char *container_id = g_strdup_printf ("containerd://%s", container_digest);

          json_object_set_string_member (detail, "startedAt", now);
          json_object_set_object_member (state, "running", detail);
          json_object_set_string_member (entry, "imageID", image_id);
          json_object_set_string_member (entry, "containerID", container_id);
        }
      else
        {
          json_object_set_string_member (detail, "reason", "ContainerCreating");
          json_object_set_object_member (state, "waiting", detail);
          json_object_set_string_member (entry, "imageID", "");
        }
      json_object_set_object_member (entry, "state", state);
      json_object_set_object_member (entry, "lastState", json_object_new ());
      json_object_set_boolean_member (entry, "ready", running);
      json_object_set_int_member (entry, "restartCount", 0);
      json_object_set_boolean_member (entry, "started", running);
      json_array_add_object_element (statuses, entry);
    }

  json_array_add_object_element (conditions, make_condition ("PodReadyToStartContainers", running, NULL, now));
  json_array_add_object_element (conditions, make_condition ("Initialized", TRUE, NULL, scheduled));
  json_array_add_object_element (conditions, make_condition ("Ready", running, running ? NULL : "ContainersNotReady", now));
  json_array_add_object_element (conditions, make_condition ("ContainersReady", running, running ? NULL : "ContainersNotReady", now));
  json_array_add_object_element (conditions, make_condition ("PodScheduled", TRUE, NULL, scheduled));

  json_object_set_string_member (status, "phase", running ? "Running" : "Pending");
  json_object_set_array_member (status, "conditions", conditions);
  json_object_set_string_member (status, "hostIP", host_ip);
  ips = json_array_new ();
  ip = json_object_new ();
  json_object_set_string_member (ip, "ip", host_ip);
  json_array_add_object_element (ips, ip);
  json_object_set_array_member (status, "hostIPs", ips);
  if (running)
    {
      ips = json_array_new ();
      ip = json_object_new ();
      json_object_set_string_member (ip, "ip", pod_ip);
      json_array_add_object_element (ips, ip);
      json_object_set_string_member (status, "podIP", pod_ip);
      json_object_set_array_member (status, "podIPs", ips);
    }
  json_object_set_string_member (status, "startTime", scheduled);
  json_object_set_array_member (status, "containerStatuses", statuses);
}

static gboolean
pod_start_cb (gpointer user_data)
{
  PodStart *start = user_data;
  BnSimController *self = start->controller;
  BnSimObject *pod;
  const char *slash = strchr (start->key, '/');
  g_autofree char *namespace = g_strndup (start->key, slash - start->key);
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(BnSimObject) stored = NULL;

  start->source_id = 0;
  pod = bn_sim_store_get (self->store, self->pods, namespace, slash + 1);
  if (pod == NULL || !g_str_equal (pod->uid, start->uid) || is_terminating (pod))
    {
      g_hash_table_remove (self->starting, start->key);
      return G_SOURCE_REMOVE;
    }

  json = bn_sim_object_parse (pod);
  advance_pod (json, start->step);
  stored = bn_sim_store_update (self->store, self->pods, json, FALSE, NULL);
  if (stored != NULL && start->step == 1)
    {
      JsonArray *containers = array_member (object_member (json, "spec"), "containers");
      JsonNode *first = containers && json_array_get_length (containers) > 0 ? json_array_get_element (containers, 0) : NULL;
      const char *container = first && JSON_NODE_HOLDS_OBJECT (first) ? string_member (json_node_get_object (first), "name") : NULL;
      g_autofree char *message = g_strdup_printf ("Started container %s", container ? container : "app");

      record_event (self, stored, "Started", message, "kubelet");
    }

  if (++start->step > 1)
    g_hash_table_remove (self->starting, start->key);
  else
    pod_start_schedule (self, start);
  return G_SOURCE_REMOVE;
}

static void
pod_start_schedule (BnSimController *self,
                    PodStart        *start)
{
  guint delay = start->step == 0 ? self->scheduled_ms : self->started_ms;

  /* A little spread, so pods of one rollout do not move in lockstep. */
  delay += g_random_int_range (0, MAX (delay / 4, 1));
  start->source_id = g_timeout_add (delay, pod_start_cb, start);
}

static void
start_pod (BnSimController *self,
           BnSimObject     *pod)
{
  PodStart *start = g_new0 (PodStart, 1);

  start->controller = self;
  start->key = g_strdup (pod->key);
  start->uid = g_strdup (pod->uid);
  g_hash_table_replace (self->starting, start->key, start);
  pod_start_schedule (self, start);
}

static void
create_pod (BnSimController *self,
            ReplicaSet      *rs)
{
  JsonObject *rs_metadata = object_member (rs->json, "metadata");
  JsonObject *template = object_member (object_member (rs->json, "spec"), "template");
  JsonObject *pod = json_object_new ();
  JsonObject *metadata;
  JsonObject *spec;
  JsonObject *status = json_object_new ();
  JsonObject *owner = json_object_new ();
  JsonArray *owners = json_array_new ();
  JsonArray *conditions = json_array_new ();
  g_autofree char *suffix = random_suffix ();
  g_autofree char *name = g_strdup_printf ("%s-%s", rs->object->name, suffix);
  g_autofree char *generate_name = g_strdup_printf ("%s-", rs->object->name);
  g_autofree char *node = pick_node (self);
  g_autofree char *now = now_timestamp ();
  g_autofree char *message = NULL;
  g_autoptr(BnSimObject) stored = NULL;
  g_autoptr(GError) error = NULL;

  metadata = object_member (template, "metadata") ? copy_object (object_member (template, "metadata")) : json_object_new ();
  if (json_object_has_member (metadata, "creationTimestamp"))
    json_object_remove_member (metadata, "creationTimestamp");
  json_object_set_string_member (metadata, "name", name);
  json_object_set_string_member (metadata, "generateName", generate_name);
  json_object_set_string_member (metadata, "namespace", rs->object->namespace);
  json_object_set_string_member (owner, "apiVersion", "apps/v1");
  json_object_set_string_member (owner, "kind", "ReplicaSet");
  json_object_set_string_member (owner, "name", string_member (rs_metadata, "name"));
  json_object_set_string_member (owner, "uid", rs->object->uid);
  json_object_set_boolean_member (owner, "controller", TRUE);
  json_object_set_boolean_member (owner, "blockOwnerDeletion", TRUE);
  json_array_add_object_element (owners, owner);
  json_object_set_array_member (metadata, "ownerReferences", owners);
  json_object_set_object_member (pod, "metadata", metadata);

  spec = object_member (template, "spec") ? copy_object (object_member (template, "spec")) : json_object_new ();
  if (!json_object_has_member (spec, "restartPolicy"))
    json_object_set_string_member (spec, "restartPolicy", "Always");
  if (!json_object_has_member (spec, "terminationGracePeriodSeconds"))
    json_object_set_int_member (spec, "terminationGracePeriodSeconds", 30);
  if (!json_object_has_member (spec, "dnsPolicy"))
    json_object_set_string_member (spec, "dnsPolicy", "ClusterFirst");
  if (!json_object_has_member (spec, "serviceAccountName"))
    json_object_set_string_member (spec, "serviceAccountName", "default");
  if (!json_object_has_member (spec, "schedulerName"))
    json_object_set_string_member (spec, "schedulerName", "default-scheduler");
  if (node != NULL)
    json_object_set_string_member (spec, "nodeName", node);
  json_object_set_object_member (pod, "spec", spec);

  json_object_set_string_member (status, "phase", "Pending");
  json_array_add_object_element (conditions, make_condition ("PodScheduled", node != NULL,
                                                             node ? NULL : "Unschedulable", now));
  json_object_set_array_member (status, "conditions", conditions);
  json_object_set_string_member (status, "qosClass", "BestEffort");
  json_object_set_object_member (pod, "status", status);

  stored = bn_sim_store_create (self->store, self->pods, pod, FALSE, &error);
  json_object_unref (pod);
  if (stored == NULL)
    {
      g_debug ("Could not create a pod of %s: %s", rs->object->name, error->message);
      return;
    }

  message = g_strdup_printf ("Created pod: %s", stored->name);
  record_event (self, rs->object, "SuccessfulCreate", message, "replicaset-controller");
  if (node != NULL)
    {
      g_free (message);
      message = g_strdup_printf ("Successfully assigned %s/%s to %s", stored->namespace, stored->name, node);
      record_event (self, stored, "Scheduled", message, "default-scheduler");
      start_pod (self, stored);
    }
}

/* Which pods go first when a ReplicaSet shrinks: not ready, then newest. */
static int
compare_pods_to_delete (gconstpointer a,
                        gconstpointer b)
{
  const Pod *pa = *(const Pod **) a;
  const Pod *pb = *(const Pod **) b;

  if (pa->ready != pb->ready)
    return pa->ready ? 1 : -1;
  if (pa->object->created != pb->object->created)
    return pa->object->created > pb->object->created ? -1 : 1;
  return strcmp (pb->object->name, pa->object->name);
}

static void
sync_pods (BnSimController *self,
           ReplicaSet      *rs)
{
  gint64 have = rs->pods->len;

  /* At most BURST_REPLICAS a sync, as upstream: the next sync does more,
   * and the server keeps answering in between.
   */
  if (have < rs->want)
    {
      for (gint64 i = have; i < rs->want && i - have < BURST_REPLICAS; i++)
        create_pod (self, rs);
      return;
    }

  if (have > rs->want)
    {
      g_ptr_array_sort (rs->pods, compare_pods_to_delete);
      for (gint64 i = 0; i < have - rs->want && i < BURST_REPLICAS; i++)
        {
          Pod *pod = g_ptr_array_index (rs->pods, i);
          g_autoptr(BnSimObject) gone = NULL;
          g_autofree char *message = g_strdup_printf ("Deleted pod: %s", pod->object->name);

          gone = bn_sim_store_delete_gracefully (self->store, self->pods, pod->object->namespace,
                                                 pod->object->name, -1, NULL, FALSE, NULL);
          if (gone != NULL)
            record_event (self, rs->object, "SuccessfulDelete", message, "replicaset-controller");
        }
    }
}

/* ReplicaSets */

static void
write_object (BnSimController     *self,
              const BnSimResource *resource,
              JsonObject          *json)
{
  g_autoptr(BnSimObject) stored = NULL;
  g_autoptr(GError) error = NULL;

  stored = bn_sim_store_update (self->store, resource, json, FALSE, &error);
  if (stored == NULL)
    g_debug ("Controller update failed: %s", error->message);
}

static void
set_annotation (JsonObject *object,
                const char *key,
                const char *value)
{
  JsonObject *annotations = ensure_object_member (ensure_object_member (object, "metadata"), "annotations");

  json_object_set_string_member (annotations, key, value);
}

static void
update_replica_set_status (BnSimController *self,
                           ReplicaSet      *rs)
{
  BnSimObject *current = bn_sim_store_get (self->store, self->replicasets, rs->object->namespace, rs->object->name);
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(GPtrArray) pods = g_ptr_array_new_with_free_func ((GDestroyNotify) pod_free);
  g_autoptr(JsonNode) status_node = NULL;
  JsonObject *status = json_object_new ();
  ReplicaSet fresh = { 0 };

  if (current == NULL)
    {
      json_object_unref (status);
      return;
    }

  json = bn_sim_object_parse (current);
  fresh.object = current;
  fresh.hash = rs->hash;
  fresh.pods = pods;
  collect_pods (self, &fresh);

  json_object_set_int_member (status, "replicas", pods->len);
  json_object_set_int_member (status, "fullyLabeledReplicas", pods->len);
  if (fresh.ready > 0)
    {
      json_object_set_int_member (status, "readyReplicas", fresh.ready);
      json_object_set_int_member (status, "availableReplicas", fresh.ready);
    }
  json_object_set_int_member (status, "observedGeneration",
                              int_member (object_member (json, "metadata"), "generation", 1));
  status_node = json_node_init_object (json_node_alloc (), status);
  json_object_unref (status);

  if (nodes_equal (status_node, json_object_has_member (json, "status") ? json_object_get_member (json, "status") : NULL))
    return;
  json_object_set_member (json, "status", copy_node (status_node));
  write_object (self, self->replicasets, json);
}

static void
scale_replica_set (BnSimController *self,
                   BnSimObject     *deployment,
                   ReplicaSet      *rs,
                   gint64           deployment_replicas,
                   gint64           max_surge)
{
  g_autofree char *message = g_strdup_printf ("Scaled %s replica set %s from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                                              rs->want > rs->replicas ? "up" : "down", rs->object->name,
                                              rs->replicas, rs->want);
  BnSimObject *current = bn_sim_store_get (self->store, self->replicasets, rs->object->namespace, rs->object->name);
  g_autoptr(JsonObject) json = NULL;
  g_autofree char *desired = g_strdup_printf ("%" G_GINT64_FORMAT, deployment_replicas);
  g_autofree char *max = g_strdup_printf ("%" G_GINT64_FORMAT, deployment_replicas + max_surge);

  if (current == NULL)
    return;
  json = bn_sim_object_parse (current);
  json_object_set_int_member (ensure_object_member (json, "spec"), "replicas", rs->want);
  set_annotation (json, "deployment.kubernetes.io/desired-replicas", desired);
  set_annotation (json, "deployment.kubernetes.io/max-replicas", max);
  write_object (self, self->replicasets, json);
  rs->replicas = rs->want;
  record_event (self, deployment, "ScalingReplicaSet", message, "deployment-controller");
}

static ReplicaSet *
create_replica_set (BnSimController *self,
                    BnSimObject     *deployment,
                    JsonObject      *deployment_json,
                    JsonObject      *template,
                    gint64           revision)
{
  JsonObject *spec = object_member (deployment_json, "spec");
  g_autoptr(JsonNode) comparable = comparable_template (template);
  g_autofree char *hash = template_hash (comparable);
  g_autofree char *name = g_strdup_printf ("%s-%s", deployment->name, hash);
  g_autofree char *revision_text = g_strdup_printf ("%" G_GINT64_FORMAT, revision);
  g_autoptr(JsonObject) rs = json_object_new ();
  JsonObject *metadata = json_object_new ();
  JsonObject *rs_spec = json_object_new ();
  JsonObject *rs_template = json_node_get_object (comparable);
  JsonObject *selector;
  JsonObject *owner = json_object_new ();
  JsonArray *owners = json_array_new ();
  JsonObject *labels;
  g_autoptr(BnSimObject) stored = NULL;
  g_autoptr(GError) error = NULL;
  ReplicaSet *result;

  labels = ensure_object_member (ensure_object_member (rs_template, "metadata"), "labels");
  json_object_set_string_member (labels, HASH_LABEL, hash);

  json_object_set_string_member (metadata, "name", name);
  json_object_set_string_member (metadata, "namespace", deployment->namespace);
  json_object_set_object_member (metadata, "labels", copy_object (labels));
  json_object_set_object_member (metadata, "annotations", json_object_new ());
  json_object_set_string_member (owner, "apiVersion", "apps/v1");
  json_object_set_string_member (owner, "kind", "Deployment");
  json_object_set_string_member (owner, "name", deployment->name);
  json_object_set_string_member (owner, "uid", deployment->uid);
  json_object_set_boolean_member (owner, "controller", TRUE);
  json_object_set_boolean_member (owner, "blockOwnerDeletion", TRUE);
  json_array_add_object_element (owners, owner);
  json_object_set_array_member (metadata, "ownerReferences", owners);
  json_object_set_object_member (rs, "metadata", metadata);
  set_annotation (rs, REVISION_ANNOTATION, revision_text);

  json_object_set_int_member (rs_spec, "replicas", 0);
  if (object_member (spec, "selector") != NULL)
    json_object_set_member (rs_spec, "selector", copy_node (json_object_get_member (spec, "selector")));
  selector = ensure_object_member (rs_spec, "selector");
  json_object_set_string_member (ensure_object_member (selector, "matchLabels"), HASH_LABEL, hash);
  json_object_set_member (rs_spec, "template", copy_node (comparable));
  json_object_set_object_member (rs, "spec", rs_spec);
  json_object_set_object_member (rs, "status", json_object_new ());
  json_object_set_int_member (object_member (rs, "status"), "replicas", 0);

  stored = bn_sim_store_create (self->store, self->replicasets, rs, FALSE, &error);
  if (stored == NULL)
    {
      g_debug ("Could not create ReplicaSet %s: %s", name, error->message);
      return NULL;
    }

  result = g_new0 (ReplicaSet, 1);
  result->object = bn_sim_object_ref (stored);
  result->json = bn_sim_object_parse (stored);
  result->hash = g_hash_table_lookup (stored->labels, HASH_LABEL);
  result->revision = revision;
  result->pods = g_ptr_array_new_with_free_func ((GDestroyNotify) pod_free);
  return result;
}

typedef struct
{
  BnSimController *self;
  const char      *owner_uid;
  GPtrArray       *found;
} OwnedQuery;

static gboolean
collect_replica_set_cb (BnSimObject *object,
                        gpointer     user_data)
{
  OwnedQuery *query = user_data;
  g_autoptr(JsonObject) json = NULL;
  const char *uid;
  ReplicaSet *rs;

  if (strstr (object->metadata_json, query->owner_uid) == NULL)
    return TRUE;
  json = bn_sim_object_parse (object);
  uid = controller_uid (json, "Deployment", NULL);
  if (g_strcmp0 (uid, query->owner_uid) != 0)
    return TRUE;

  rs = g_new0 (ReplicaSet, 1);
  rs->object = bn_sim_object_ref (object);
  rs->json = g_steal_pointer (&json);
  rs->hash = g_hash_table_lookup (object->labels, HASH_LABEL);
  rs->replicas = int_member (object_member (rs->json, "spec"), "replicas", 1);
  rs->want = rs->replicas;
  rs->revision = g_ascii_strtoll (string_member (object_member (object_member (rs->json, "metadata"), "annotations"),
                                                 REVISION_ANNOTATION) ?: "0", NULL, 10);
  rs->pods = g_ptr_array_new_with_free_func ((GDestroyNotify) pod_free);
  g_ptr_array_add (query->found, rs);
  return TRUE;
}

static int
compare_by_creation (gconstpointer a,
                     gconstpointer b)
{
  const ReplicaSet *ra = *(const ReplicaSet **) a;
  const ReplicaSet *rb = *(const ReplicaSet **) b;

  if (ra->object->created != rb->object->created)
    return ra->object->created < rb->object->created ? -1 : 1;
  return ra->revision < rb->revision ? -1 : ra->revision > rb->revision;
}

static void
remember_hash (BnSimController *self,
               const char      *namespace,
               const char      *hash,
               const char      *deployment)
{
  if (hash == NULL)
    return;
  g_hash_table_replace (self->hashes, g_strconcat (namespace, "/", hash, NULL), g_strdup (deployment));
}

/* Rolling */

/* Decides how many pods each ReplicaSet should have, the way upstream's
 * rolloutRolling does: grow the new one within maxSurge, shrink old ones
 * (unhealthy pods first) while keeping replicas - maxUnavailable.
 */
static void
plan_rolling (GPtrArray  *sets,
              ReplicaSet *new_rs,
              gint64      replicas,
              gint64      max_surge,
              gint64      max_unavailable)
{
  gint64 total = 0;
  gint64 available = 0;
  gint64 min_available = replicas - max_unavailable;
  gint64 scale_down;

  for (guint i = 0; i < sets->len; i++)
    total += ((ReplicaSet *) g_ptr_array_index (sets, i))->want;

  if (new_rs->want > replicas)
    new_rs->want = replicas;
  else if (new_rs->want < replicas && replicas + max_surge - total > 0)
    new_rs->want = MIN (replicas, new_rs->want + (replicas + max_surge - total));

  total = 0;
  for (guint i = 0; i < sets->len; i++)
    {
      ReplicaSet *rs = g_ptr_array_index (sets, i);

      total += rs->want;
      available += MIN (rs->ready, (gint64) rs->pods->len);
    }

  scale_down = total - min_available - MAX (new_rs->want - new_rs->ready, 0);
  for (guint i = 0; i < sets->len && scale_down > 0; i++)
    {
      ReplicaSet *rs = g_ptr_array_index (sets, i);
      gint64 unhealthy = MAX (rs->want - rs->ready, 0);
      gint64 cut = MIN (unhealthy, scale_down);

      if (rs == new_rs)
        continue;
      rs->want -= cut;
      scale_down -= cut;
    }

  scale_down = available - min_available;
  for (guint i = 0; i < sets->len && scale_down > 0; i++)
    {
      ReplicaSet *rs = g_ptr_array_index (sets, i);
      gint64 cut = MIN (rs->want, scale_down);

      if (rs == new_rs)
        continue;
      rs->want -= cut;
      scale_down -= cut;
    }
}

static void
plan_recreate (GPtrArray  *sets,
               ReplicaSet *new_rs,
               gint64      replicas)
{
  gboolean old_pods = FALSE;

  for (guint i = 0; i < sets->len; i++)
    {
      ReplicaSet *rs = g_ptr_array_index (sets, i);

      if (rs == new_rs)
        continue;
      /* Recreate waits until the old pods are gone, grace periods included. */
      old_pods |= rs->want > 0 || rs->pods->len > 0 || rs->terminating > 0;
      rs->want = 0;
    }

  new_rs->want = old_pods ? 0 : replicas;
}

/* Status */

static JsonObject *
find_condition (JsonObject *status,
                const char *type)
{
  JsonArray *conditions = array_member (status, "conditions");

  for (guint i = 0; conditions != NULL && i < json_array_get_length (conditions); i++)
    {
      JsonNode *node = json_array_get_element (conditions, i);

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          g_strcmp0 (string_member (json_node_get_object (node), "type"), type) == 0)
        return json_node_get_object (node);
    }
  return NULL;
}

/* A condition keeps its times while nothing about it changes. */
static void
add_condition (JsonArray  *conditions,
               JsonObject *old_status,
               const char *type,
               gboolean    value,
               const char *reason,
               const char *message)
{
  JsonObject *old = find_condition (old_status, type);
  const char *status = value ? "True" : "False";
  g_autofree char *now = now_timestamp ();
  JsonObject *condition;

  if (old != NULL && g_strcmp0 (string_member (old, "status"), status) == 0 &&
      g_strcmp0 (string_member (old, "reason"), reason) == 0 &&
      g_strcmp0 (string_member (old, "message"), message) == 0 &&
      string_member (old, "lastTransitionTime") != NULL)
    {
      json_array_add_object_element (conditions, copy_object (old));
      return;
    }

  condition = json_object_new ();
  json_object_set_string_member (condition, "type", type);
  json_object_set_string_member (condition, "status", status);
  json_object_set_string_member (condition, "lastUpdateTime", now);
  if (old != NULL && g_strcmp0 (string_member (old, "status"), status) == 0 &&
      string_member (old, "lastTransitionTime") != NULL)
    json_object_set_string_member (condition, "lastTransitionTime", string_member (old, "lastTransitionTime"));
  else
    json_object_set_string_member (condition, "lastTransitionTime", now);
  json_object_set_string_member (condition, "reason", reason);
  json_object_set_string_member (condition, "message", message);
  json_array_add_object_element (conditions, condition);
}

static gboolean
same_counts (JsonObject *status,
             JsonObject *old_status)
{
  static const char * const counts[] = {
    "observedGeneration", "replicas", "updatedReplicas", "readyReplicas", "availableReplicas", NULL
  };

  for (guint i = 0; counts[i] != NULL; i++)
    if (int_member (status, counts[i], 0) != int_member (old_status, counts[i], 0))
      return FALSE;
  return TRUE;
}

static void
update_deployment_status (BnSimController *self,
                          JsonObject      *json,
                          GPtrArray       *sets,
                          ReplicaSet      *new_rs,
                          gboolean         created_new,
                          gint64           replicas,
                          gint64           max_unavailable)
{
  JsonObject *metadata = ensure_object_member (json, "metadata");
  JsonObject *old_status = object_member (json, "status");
  g_autoptr(JsonObject) status = json_object_new ();
  g_autoptr(JsonNode) status_node = NULL;
  JsonArray *conditions = json_array_new ();
  JsonObject *progressing = find_condition (old_status, "Progressing");
  g_autofree char *revision = NULL;
  g_autofree char *message = NULL;
  const char *old_revision;
  gint64 actual = 0, ready = 0, spec_total = 0;
  gint64 updated = new_rs ? new_rs->pods->len : 0;
  gboolean changed = FALSE;
  gboolean complete;

  for (guint i = 0; i < sets->len; i++)
    {
      ReplicaSet *rs = g_ptr_array_index (sets, i);

      actual += rs->pods->len;
      ready += rs->ready;
      spec_total += rs->want;
    }

  json_object_set_int_member (status, "observedGeneration", int_member (metadata, "generation", 1));
  if (actual > 0)
    json_object_set_int_member (status, "replicas", actual);
  if (updated > 0)
    json_object_set_int_member (status, "updatedReplicas", updated);
  if (ready > 0)
    {
      json_object_set_int_member (status, "readyReplicas", ready);
      json_object_set_int_member (status, "availableReplicas", ready);
    }
  if (spec_total - ready > 0)
    json_object_set_int_member (status, "unavailableReplicas", spec_total - ready);

  add_condition (conditions, old_status, "Available", ready >= replicas - max_unavailable,
                 ready >= replicas - max_unavailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                 ready >= replicas - max_unavailable ? "Deployment has minimum availability."
                                                     : "Deployment does not have minimum availability.");

  complete = new_rs != NULL && updated == replicas && actual == replicas && ready >= replicas;
  if (new_rs == NULL)
    {
      if (progressing != NULL)
        json_array_add_object_element (conditions, copy_object (progressing));
    }
  else if (complete)
    {
      message = g_strdup_printf ("ReplicaSet \"%s\" has successfully progressed.", new_rs->object->name);
      add_condition (conditions, old_status, "Progressing", TRUE, "NewReplicaSetAvailable", message);
    }
  else if (progressing != NULL && !created_new && same_counts (status, old_status))
    {
      /* No progress, as a crash-looping pod makes: the condition stays as it was. */
      json_array_add_object_element (conditions, copy_object (progressing));
    }
  else if (created_new)
    {
      message = g_strdup_printf ("Created new replica set \"%s\"", new_rs->object->name);
      add_condition (conditions, old_status, "Progressing", TRUE, "NewReplicaSetCreated", message);
    }
  else
    {
      message = g_strdup_printf ("ReplicaSet \"%s\" is progressing.", new_rs->object->name);
      add_condition (conditions, old_status, "Progressing", TRUE, "ReplicaSetUpdated", message);
    }
  json_object_set_array_member (status, "conditions", conditions);

  status_node = json_node_init_object (json_node_alloc (), status);
  if (!nodes_equal (status_node, json_object_has_member (json, "status") ? json_object_get_member (json, "status") : NULL))
    {
      json_object_set_member (json, "status", copy_node (status_node));
      changed = TRUE;
    }

  if (new_rs != NULL)
    {
      revision = g_strdup_printf ("%" G_GINT64_FORMAT, new_rs->revision);
      old_revision = string_member (object_member (metadata, "annotations"), REVISION_ANNOTATION);
      if (g_strcmp0 (old_revision, revision) != 0)
        {
          set_annotation (json, REVISION_ANNOTATION, revision);
          changed = TRUE;
        }
    }

  if (changed)
    write_object (self, self->deployments, json);
}

static void
delete_old_replica_sets (BnSimController *self,
                         GPtrArray       *sets,
                         ReplicaSet      *new_rs,
                         gint64           limit)
{
  guint idle = 0;

  for (guint i = 0; i < sets->len; i++)
    {
      ReplicaSet *rs = g_ptr_array_index (sets, i);

      if (rs != new_rs && rs->want == 0 && rs->pods->len == 0)
        idle++;
    }

  /* sets are sorted oldest first */
  for (guint i = 0; i < sets->len && idle > limit; i++)
    {
      ReplicaSet *rs = g_ptr_array_index (sets, i);
      g_autoptr(BnSimObject) gone = NULL;

      if (rs == new_rs || rs->want != 0 || rs->pods->len != 0)
        continue;
      gone = bn_sim_store_delete (self->store, self->replicasets, rs->object->namespace, rs->object->name,
                                  NULL, FALSE, NULL);
      idle--;
    }
}

static void
sync_deployment (BnSimController *self,
                 const char      *key)
{
  const char *slash = strchr (key, '/');
  g_autofree char *namespace = g_strndup (key, slash - key);
  const char *name = slash + 1;
  BnSimObject *object = bn_sim_store_get (self->store, self->deployments, namespace, name);
  g_autoptr(BnSimObject) deployment = object ? bn_sim_object_ref (object) : NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(GPtrArray) sets = NULL;
  g_autoptr(JsonNode) wanted = NULL;
  JsonObject *spec;
  JsonObject *template;
  JsonObject *strategy;
  OwnedQuery query;
  ReplicaSet *new_rs = NULL;
  gboolean created_new = FALSE;
  gboolean paused;
  gint64 replicas, max_surge, max_unavailable, max_revision = 0;

  if (deployment == NULL)
    return;

  json = bn_sim_object_parse (deployment);
  spec = object_member (json, "spec");
  template = object_member (spec, "template");
  if (template == NULL)
    return;
  replicas = MAX (int_member (spec, "replicas", 1), 0);
  paused = bool_member (spec, "paused");
  strategy = object_member (spec, "strategy");
  max_surge = resolve_int_or_percent (object_member (strategy, "rollingUpdate"), "maxSurge", replicas, TRUE);
  max_unavailable = resolve_int_or_percent (object_member (strategy, "rollingUpdate"), "maxUnavailable", replicas, FALSE);
  if (max_surge == 0 && max_unavailable == 0)
    max_unavailable = 1;
  max_unavailable = MIN (max_unavailable, replicas);

  sets = g_ptr_array_new_with_free_func ((GDestroyNotify) replica_set_free);
  query = (OwnedQuery) { self, deployment->uid, sets };
  bn_sim_store_foreach (self->store, self->replicasets, namespace, NULL, collect_replica_set_cb, &query);
  g_ptr_array_sort (sets, compare_by_creation);

  wanted = comparable_template (template);
  for (guint i = 0; i < sets->len; i++)
    {
      ReplicaSet *rs = g_ptr_array_index (sets, i);
      JsonObject *rs_template = object_member (object_member (rs->json, "spec"), "template");
      g_autoptr(JsonNode) have = rs_template ? comparable_template (rs_template) : NULL;

      remember_hash (self, namespace, rs->hash, name);
      collect_pods (self, rs);
      if (new_rs == NULL && have != NULL && json_node_equal (have, wanted))
        new_rs = rs;
      else
        max_revision = MAX (max_revision, rs->revision);
    }

  if (new_rs == NULL && !paused)
    {
      new_rs = create_replica_set (self, deployment, json, template, max_revision + 1);
      if (new_rs != NULL)
        {
          g_ptr_array_add (sets, new_rs);
          remember_hash (self, namespace, new_rs->hash, name);
          created_new = TRUE;
        }
    }
  else if (new_rs != NULL && new_rs->revision <= max_revision && !paused)
    {
      /* Rolling back to an older template makes its ReplicaSet the newest revision. */
      BnSimObject *current = bn_sim_store_get (self->store, self->replicasets, namespace, new_rs->object->name);
      g_autofree char *revision = g_strdup_printf ("%" G_GINT64_FORMAT, max_revision + 1);

      if (current != NULL)
        {
          g_autoptr(JsonObject) rs_json = bn_sim_object_parse (current);

          set_annotation (rs_json, REVISION_ANNOTATION, revision);
          write_object (self, self->replicasets, rs_json);
          new_rs->revision = max_revision + 1;
        }
    }

  if (new_rs != NULL && !paused)
    {
      if (g_strcmp0 (string_member (strategy, "type"), "Recreate") == 0)
        plan_recreate (sets, new_rs, replicas);
      else
        plan_rolling (sets, new_rs, replicas, max_surge, max_unavailable);
    }

  for (guint i = 0; i < sets->len; i++)
    {
      ReplicaSet *rs = g_ptr_array_index (sets, i);

      if (rs->want != rs->replicas)
        scale_replica_set (self, deployment, rs, replicas, max_surge);
      sync_pods (self, rs);
    }

  /* What the pods are now, for the statuses. */
  for (guint i = 0; i < sets->len; i++)
    {
      ReplicaSet *rs = g_ptr_array_index (sets, i);

      g_ptr_array_set_size (rs->pods, 0);
      collect_pods (self, rs);
      update_replica_set_status (self, rs);
    }

  delete_old_replica_sets (self, sets, new_rs, MAX (int_member (spec, "revisionHistoryLimit", 10), 0));

  /* The deployment may have changed while its ReplicaSets did. */
  object = bn_sim_store_get (self->store, self->deployments, namespace, name);
  if (object == NULL || object->uid == NULL || !g_str_equal (object->uid, deployment->uid))
    return;
  g_clear_pointer (&json, json_object_unref);
  json = bn_sim_object_parse (object);
  update_deployment_status (self, json, sets, new_rs, created_new, replicas, max_unavailable);
}

/* Garbage collection: dependents of a deleted owner go too. */

typedef struct
{
  const char *uid;
  GPtrArray  *names;
} DependentQuery;

static gboolean
collect_dependent_cb (BnSimObject *object,
                      gpointer     user_data)
{
  DependentQuery *query = user_data;
  g_autofree char *needle = g_strdup_printf ("\"uid\":\"%s\"", query->uid);
  const char *owners = strstr (object->metadata_json, "\"ownerReferences\"");

  if (owners != NULL && strstr (owners, needle) != NULL && !is_terminating (object))
    g_ptr_array_add (query->names, g_strdup (object->name));
  return TRUE;
}

static void
collect_garbage (BnSimController *self,
                 const char      *uid,
                 const char      *namespace)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  DependentQuery query = { uid, names };

  bn_sim_store_foreach (self->store, self->replicasets, namespace, NULL, collect_dependent_cb, &query);
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(BnSimObject) gone = bn_sim_store_delete (self->store, self->replicasets, namespace,
                                                         g_ptr_array_index (names, i), NULL, FALSE, NULL);
    }

  g_ptr_array_set_size (names, 0);
  bn_sim_store_foreach (self->store, self->pods, namespace, NULL, collect_dependent_cb, &query);
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(BnSimObject) gone = bn_sim_store_delete_gracefully (self->store, self->pods, namespace,
                                                                    g_ptr_array_index (names, i), -1, NULL,
                                                                    FALSE, NULL);
    }
}

static gboolean
sync_cb (gpointer user_data)
{
  BnSimController *self = user_data;
  g_autoptr(GHashTable) dirty = g_steal_pointer (&self->dirty);
  g_autoptr(GHashTable) orphaned = g_steal_pointer (&self->orphaned);
  GHashTableIter iter;
  gpointer key, value;

  self->sync_id = 0;
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->orphaned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_iter_init (&iter, orphaned);
  while (g_hash_table_iter_next (&iter, &key, &value))
    collect_garbage (self, key, value);

  g_hash_table_iter_init (&iter, dirty);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    sync_deployment (self, key);

  return G_SOURCE_REMOVE;
}

static void
schedule_sync (BnSimController *self)
{
  if (self->sync_id == 0)
    self->sync_id = g_timeout_add (SYNC_DELAY_MS, sync_cb, self);
}

static void
mark_dirty (BnSimController *self,
            const char      *namespace,
            const char      *name)
{
  g_hash_table_add (self->dirty, g_strconcat (namespace, "/", name, NULL));
  schedule_sync (self);
}

static void
store_event_cb (BnSimStore      *store,
                BnSimEvent      *event,
                BnSimController *self)
{
  BnSimObject *object = event->object;

  if (object->resource == self->deployments)
    {
      if (event->type == BN_SIM_EVENT_DELETED)
        {
          g_hash_table_replace (self->orphaned, g_strdup (object->uid), g_strdup (object->namespace));
          schedule_sync (self);
        }
      else
        mark_dirty (self, object->namespace, object->name);
    }
  else if (object->resource == self->replicasets)
    {
      g_autoptr(JsonObject) json = bn_sim_object_parse (object);
      const char *owner = NULL;

      if (event->type == BN_SIM_EVENT_DELETED)
        {
          g_hash_table_replace (self->orphaned, g_strdup (object->uid), g_strdup (object->namespace));
          schedule_sync (self);
        }
      if (controller_uid (json, "Deployment", &owner) != NULL && owner != NULL)
        mark_dirty (self, object->namespace, owner);
    }
  else if (object->resource == self->pods)
    {
      const char *hash = g_hash_table_lookup (object->labels, HASH_LABEL);
      g_autofree char *key = NULL;
      const char *deployment;

      /* The common case under churn: pods of no deployment. */
      if (hash == NULL || g_hash_table_size (self->hashes) == 0)
        return;
      key = g_strconcat (object->namespace, "/", hash, NULL);
      if ((deployment = g_hash_table_lookup (self->hashes, key)) != NULL)
        mark_dirty (self, object->namespace, deployment);
    }
}

static gboolean
index_replica_set_cb (BnSimObject *object,
                      gpointer     user_data)
{
  BnSimController *self = user_data;
  g_autoptr(JsonObject) json = bn_sim_object_parse (object);
  const char *owner = NULL;

  if (controller_uid (json, "Deployment", &owner) != NULL && owner != NULL)
    remember_hash (self, object->namespace, g_hash_table_lookup (object->labels, HASH_LABEL), owner);
  return TRUE;
}

/* Rolling now and then, for the demo */

typedef struct
{
  const char  *after;
  BnSimObject *picked;
  BnSimObject *first;
} RollQuery;

static gboolean
settled (BnSimObject *object)
{
  g_autoptr(JsonObject) json = bn_sim_object_parse (object);
  JsonObject *spec = object_member (json, "spec");
  JsonObject *status = object_member (json, "status");
  gint64 replicas = int_member (spec, "replicas", 1);

  return replicas > 0 && !bool_member (spec, "paused") &&
         int_member (status, "observedGeneration", 0) >= int_member (object_member (json, "metadata"), "generation", 1) &&
         int_member (status, "updatedReplicas", 0) == replicas &&
         int_member (status, "availableReplicas", 0) == replicas &&
         int_member (status, "replicas", 0) == replicas;
}

static gboolean
pick_roll_cb (BnSimObject *object,
              gpointer     user_data)
{
  RollQuery *query = user_data;

  if (!settled (object))
    return TRUE;
  if (query->first == NULL)
    query->first = object;
  if (query->after == NULL || strcmp (object->key, query->after) > 0)
    {
      query->picked = object;
      return FALSE;
    }
  return TRUE;
}

/**
 * bn_sim_controller_roll_next:
 *
 * Restarts the next settled deployment (all replicas updated and
 * available), round robin, as `kubectl rollout restart` does: by
 * stamping its pod template.
 *
 * Returns: %TRUE if a deployment started rolling
 */
gboolean
bn_sim_controller_roll_next (BnSimController *self)
{
  RollQuery query = { 0 };
  g_autoptr(JsonObject) json = NULL;
  g_autofree char *now = now_timestamp ();
  BnSimObject *picked;
  JsonObject *template;

  g_return_val_if_fail (BN_SIM_IS_CONTROLLER (self), FALSE);

  query.after = self->roll_cursor;
  bn_sim_store_foreach (self->store, self->deployments, NULL, NULL, pick_roll_cb, &query);
  picked = query.picked ? query.picked : query.first;
  if (picked == NULL)
    return FALSE;

  g_free (self->roll_cursor);
  self->roll_cursor = g_strdup (picked->key);
  json = bn_sim_object_parse (picked);
  template = ensure_object_member (ensure_object_member (json, "spec"), "template");
  json_object_set_string_member (ensure_object_member (ensure_object_member (template, "metadata"), "annotations"),
                                 RESTARTED_ANNOTATION, now);
  write_object (self, self->deployments, json);
  return TRUE;
}

static gboolean
roll_cb (gpointer user_data)
{
  bn_sim_controller_roll_next (user_data);
  return G_SOURCE_CONTINUE;
}

/**
 * bn_sim_controller_set_roll_every:
 * @seconds: seconds between restarts of one deployment, 0 for never
 *
 * Makes the cluster roll a deployment now and then, so there is
 * something to watch.
 */
void
bn_sim_controller_set_roll_every (BnSimController *self,
                                  guint            seconds)
{
  g_return_if_fail (BN_SIM_IS_CONTROLLER (self));

  self->roll_every = seconds;
  g_clear_handle_id (&self->roll_id, g_source_remove);
  if (seconds > 0)
    self->roll_id = g_timeout_add_seconds (seconds, roll_cb, self);
}

/**
 * bn_sim_controller_set_pod_delays:
 * @scheduled_ms: from a pod's creation to ContainerCreating
 * @started_ms: from ContainerCreating to Running and ready
 *
 * How fast the simulated kubelet starts pods (default 800 and 1600 ms,
 * each stretched by up to a quarter at random).
 */
void
bn_sim_controller_set_pod_delays (BnSimController *self,
                                  guint            scheduled_ms,
                                  guint            started_ms)
{
  g_return_if_fail (BN_SIM_IS_CONTROLLER (self));

  self->scheduled_ms = scheduled_ms;
  self->started_ms = started_ms;
}

static void
bn_sim_controller_dispose (GObject *object)
{
  BnSimController *self = (BnSimController *)object;

  g_clear_signal_handler (&self->event_id, self->store);
  g_clear_handle_id (&self->sync_id, g_source_remove);
  g_clear_handle_id (&self->roll_id, g_source_remove);
  g_clear_pointer (&self->starting, g_hash_table_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bn_sim_controller_parent_class)->dispose (object);
}

static void
bn_sim_controller_finalize (GObject *object)
{
  BnSimController *self = (BnSimController *)object;

  g_clear_pointer (&self->dirty, g_hash_table_unref);
  g_clear_pointer (&self->orphaned, g_hash_table_unref);
  g_clear_pointer (&self->hashes, g_hash_table_unref);
  g_clear_pointer (&self->roll_cursor, g_free);
  g_queue_clear_full (&self->recorded, (GDestroyNotify) recorded_event_free);

  G_OBJECT_CLASS (bn_sim_controller_parent_class)->finalize (object);
}

static void
bn_sim_controller_class_init (BnSimControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bn_sim_controller_dispose;
  object_class->finalize = bn_sim_controller_finalize;
}

static void
bn_sim_controller_init (BnSimController *self)
{
  self->deployments = bn_sim_resources_lookup ("apps", "v1", "deployments");
  self->replicasets = bn_sim_resources_lookup ("apps", "v1", "replicasets");
  self->pods = bn_sim_resources_lookup ("", "v1", "pods");
  self->nodes = bn_sim_resources_lookup ("", "v1", "nodes");
  self->events = bn_sim_resources_lookup ("", "v1", "events");
  g_queue_init (&self->recorded);
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->orphaned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->starting = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) pod_start_free);
  self->scheduled_ms = DEFAULT_SCHEDULED_MS;
  self->started_ms = DEFAULT_STARTED_MS;
}

/**
 * bn_sim_controller_new:
 * @store: the store to watch and change
 *
 * Starts managing the deployments of @store. What is there already is
 * only indexed, not changed: a settled scenario stays as it was loaded
 * until something changes.
 *
 * Returns: (transfer full): a new controller
 */
BnSimController *
bn_sim_controller_new (BnSimStore *store)
{
  BnSimController *self;

  g_return_val_if_fail (BN_SIM_IS_STORE (store), NULL);

  self = g_object_new (BN_SIM_TYPE_CONTROLLER, NULL);
  self->store = g_object_ref (store);
  bn_sim_store_foreach (store, self->replicasets, NULL, NULL, index_replica_set_cb, self);
  self->event_id = g_signal_connect (store, "event", G_CALLBACK (store_event_cb), self);
  return self;
}
