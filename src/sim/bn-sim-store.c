/* bn-sim-store.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-sim-store.h"

/* The simulated etcd: every kind keeps its objects in a tree ordered by
 * "namespace/name" (the order upstream lists in), every write takes the
 * next value of one global resourceVersion and lands in a bounded
 * history that watches replay from.
 */

#define DEFAULT_HISTORY_LIMIT 200000

struct _BnSimStore
{
  GObject     parent_instance;

  guint64     resource_version;
  guint64     history_floor;
  guint64     rbac_generation;
  guint       history_limit;
  GHashTable *collections;   /* BnSimResource* → GTree of key → BnSimObject */
  GQueue      history;       /* BnSimEvent*, oldest first */
  GHashTable *terminating;   /* pod key → Termination*, pods in their grace period */
};

/* A pod in its grace period: the kubelet's side of a graceful delete,
 * which removes the pod for good once the grace period is over.
 */
typedef struct
{
  BnSimStore *store;         /* unowned: the store owns the termination */
  char       *key;
  char       *uid;
  gint64      started;       /* unix time of the first graceful delete */
  guint       source_id;
} Termination;

G_DEFINE_FINAL_TYPE (BnSimStore, bn_sim_store, G_TYPE_OBJECT)

enum {
  SIGNAL_EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (bn-sim-error-quark, bn_sim_error)

char *
bn_sim_format_timestamp (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static gint64
parse_timestamp (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    return 0;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  return dt ? g_date_time_to_unix (dt) : 0;
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, name))
    return NULL;
  node = json_object_get_member (object, name);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
get_string_member (JsonObject *object,
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

static char *
serialize_object (JsonObject *object,
                  gsize      *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, length);
}

static void
collect_fields (BnSimObject *self,
                JsonObject  *object)
{
  JsonObject *spec = get_object_member (object, "spec");
  JsonObject *status = get_object_member (object, "status");
  JsonObject *involved = get_object_member (object, "involvedObject");
  const char *value;

  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (self->fields, (gpointer) "metadata.name", g_strdup (self->name));
  g_hash_table_insert (self->fields, (gpointer) "metadata.namespace", g_strdup (self->namespace));

  if ((value = get_string_member (spec, "nodeName")) != NULL)
    g_hash_table_insert (self->fields, (gpointer) "spec.nodeName", g_strdup (value));
  else if (g_str_equal (self->resource->plural, "pods"))
    g_hash_table_insert (self->fields, (gpointer) "spec.nodeName", g_strdup (""));

  if ((value = get_string_member (status, "phase")) != NULL)
    g_hash_table_insert (self->fields, (gpointer) "status.phase", g_strdup (value));

  /* An event's field set, as upstream's: every field present, empty when unset
   * (kubectl describe selects on name, namespace, kind and uid together).
   */
  if (involved != NULL)
    {
      static const char * const involved_fields[] = {
        "involvedObject.name", "involvedObject.namespace", "involvedObject.kind", "involvedObject.uid",
        "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", NULL
      };
      JsonObject *source = get_object_member (object, "source");

      for (guint i = 0; involved_fields[i] != NULL; i++)
        {
          value = get_string_member (involved, involved_fields[i] + strlen ("involvedObject."));
          g_hash_table_insert (self->fields, (gpointer) involved_fields[i], g_strdup (value ? value : ""));
        }
      value = get_string_member (object, "reason");
      g_hash_table_insert (self->fields, (gpointer) "reason", g_strdup (value ? value : ""));
      value = get_string_member (object, "reportingComponent");
      g_hash_table_insert (self->fields, (gpointer) "reportingComponent", g_strdup (value ? value : ""));
      value = get_string_member (source, "component");
      g_hash_table_insert (self->fields, (gpointer) "source", g_strdup (value ? value : ""));
    }
  if ((value = get_string_member (object, "type")) != NULL)
    g_hash_table_insert (self->fields, (gpointer) "type", g_strdup (value));
}

/**
 * bn_sim_object_new:
 * @resource: the kind of @object
 * @object: the object, whose kind and apiVersion members are removed
 *
 * Freezes an object: serializes it once so lists and watches only copy
 * bytes, and keeps what selectors and tables need.
 *
 * Returns: (transfer full): a new object
 */
BnSimObject *
bn_sim_object_new (const BnSimResource *resource,
                   JsonObject          *object)
{
  BnSimObject *self = g_new0 (BnSimObject, 1);
  JsonObject *metadata = get_object_member (object, "metadata");
  JsonObject *labels = get_object_member (metadata, "labels");
  const char *rv;
  char *data;
  gsize length;

  self->ref_count = 1;
  self->resource = resource;
  self->name = g_strdup (get_string_member (metadata, "name") ?: "");
  self->namespace = g_strdup (resource->namespaced ? (get_string_member (metadata, "namespace") ?: "") : "");
  self->uid = g_strdup (get_string_member (metadata, "uid") ?: "");
  self->key = g_strconcat (self->namespace, "/", self->name, NULL);
  rv = get_string_member (metadata, "resourceVersion");
  self->resource_version = rv ? g_ascii_strtoull (rv, NULL, 10) : 0;
  self->created = parse_timestamp (get_string_member (metadata, "creationTimestamp"));
  self->age_from = self->created;
  if (g_str_equal (resource->kind, "Event") && get_string_member (object, "lastTimestamp") != NULL)
    self->age_from = parse_timestamp (get_string_member (object, "lastTimestamp"));

  self->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (labels != NULL)
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      json_object_iter_init (&iter, labels);
      while (json_object_iter_next (&iter, &key, &value))
        if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
          g_hash_table_insert (self->labels, g_strdup (key), g_strdup (json_node_get_string (value)));
    }

  collect_fields (self, object);

  self->cells = g_ptr_array_new_with_free_func (g_free);
  resource->cells (object, self->cells);

  if (json_object_has_member (object, "kind"))
    json_object_remove_member (object, "kind");
  if (json_object_has_member (object, "apiVersion"))
    json_object_remove_member (object, "apiVersion");

  data = serialize_object (object, &length);
  self->json = g_bytes_new_take (data, length);
  self->metadata_json = metadata ? serialize_object (metadata, NULL) : g_strdup ("{}");

  return self;
}

BnSimObject *
bn_sim_object_ref (BnSimObject *self)
{
  self->ref_count++;
  return self;
}

void
bn_sim_object_unref (BnSimObject *self)
{
  if (--self->ref_count > 0)
    return;

  g_free (self->key);
  g_free (self->namespace);
  g_free (self->name);
  g_free (self->uid);
  g_hash_table_unref (self->labels);
  g_hash_table_unref (self->fields);
  g_bytes_unref (self->json);
  g_free (self->metadata_json);
  g_ptr_array_unref (self->cells);
  g_free (self);
}

/**
 * bn_sim_object_parse:
 *
 * Returns: (transfer full): a fresh tree of the object, with its kind
 *   and apiVersion, for changing it
 */
JsonObject *
bn_sim_object_parse (BnSimObject *self)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *api_version = bn_sim_resource_dup_group_version (self->resource);
  gsize length;
  const char *data = g_bytes_get_data (self->json, &length);
  JsonObject *object;

  if (!json_parser_load_from_data (parser, data, length, NULL))
    g_assert_not_reached ();

  object = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  json_object_set_string_member (object, "kind", self->resource->kind);
  json_object_set_string_member (object, "apiVersion", api_version);
  return object;
}

void
bn_sim_object_append_item (BnSimObject *self,
                           GString     *out)
{
  gsize length;
  const char *data = g_bytes_get_data (self->json, &length);

  g_string_append_len (out, data, length);
}

void
bn_sim_object_append_full (BnSimObject *self,
                           GString     *out)
{
  gsize length;
  const char *data = g_bytes_get_data (self->json, &length);

  g_string_append_printf (out, "{\"kind\":\"%s\",\"apiVersion\":\"", self->resource->kind);
  if (self->resource->group[0] != '\0')
    g_string_append_printf (out, "%s/", self->resource->group);
  g_string_append_printf (out, "%s\"", self->resource->version);
  if (length > 2)
    g_string_append_c (out, ',');
  g_string_append_len (out, data + 1, length - 1);
}

const char *
bn_sim_event_type_to_string (BnSimEventType type)
{
  switch (type)
    {
    case BN_SIM_EVENT_ADDED:
      return "ADDED";
    case BN_SIM_EVENT_MODIFIED:
      return "MODIFIED";
    case BN_SIM_EVENT_DELETED:
      return "DELETED";
    default:
      g_assert_not_reached ();
    }
}

static void
bn_sim_event_free (BnSimEvent *event)
{
  g_clear_pointer (&event->object, bn_sim_object_unref);
  g_clear_pointer (&event->previous, bn_sim_object_unref);
  g_free (event);
}

static void
bn_sim_store_finalize (GObject *object)
{
  BnSimStore *self = (BnSimStore *)object;

  g_queue_clear_full (&self->history, (GDestroyNotify) bn_sim_event_free);
  g_clear_pointer (&self->terminating, g_hash_table_unref);
  g_clear_pointer (&self->collections, g_hash_table_unref);

  G_OBJECT_CLASS (bn_sim_store_parent_class)->finalize (object);
}

static void
bn_sim_store_class_init (BnSimStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bn_sim_store_finalize;

  /**
   * BnSimStore::event:
   * @event: (type gpointer): the BnSimEvent just recorded
   *
   * Emitted after every change, in resourceVersion order.
   */
  signals[SIGNAL_EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
termination_free (Termination *termination)
{
  g_clear_handle_id (&termination->source_id, g_source_remove);
  g_free (termination->key);
  g_free (termination->uid);
  g_free (termination);
}

static void
bn_sim_store_init (BnSimStore *self)
{
  self->resource_version = 1000;
  self->history_floor = self->resource_version;
  self->history_limit = DEFAULT_HISTORY_LIMIT;
  self->collections = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_tree_unref);
  g_queue_init (&self->history);
  self->terminating = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) termination_free);
}

BnSimStore *
bn_sim_store_new (void)
{
  return g_object_new (BN_SIM_TYPE_STORE, NULL);
}

guint64
bn_sim_store_get_resource_version (BnSimStore *self)
{
  g_return_val_if_fail (BN_SIM_IS_STORE (self), 0);

  return self->resource_version;
}

/**
 * bn_sim_store_get_history_floor:
 *
 * Returns: the oldest resourceVersion a watch can start from: every
 *   change after it is still in the history
 */
guint64
bn_sim_store_get_history_floor (BnSimStore *self)
{
  g_return_val_if_fail (BN_SIM_IS_STORE (self), 0);

  return self->history_floor;
}

/**
 * bn_sim_store_get_rbac_generation:
 *
 * Returns: a counter that moves whenever a Role, ClusterRole or one of
 *   their bindings changes
 */
guint64
bn_sim_store_get_rbac_generation (BnSimStore *self)
{
  g_return_val_if_fail (BN_SIM_IS_STORE (self), 0);

  return self->rbac_generation;
}

static void
trim_history (BnSimStore *self,
              guint64     floor)
{
  BnSimEvent *event;

  while ((event = g_queue_peek_head (&self->history)) != NULL &&
         (event->resource_version <= floor || self->history.length > self->history_limit))
    {
      self->history_floor = MAX (self->history_floor, event->resource_version);
      bn_sim_event_free (g_queue_pop_head (&self->history));
    }

  self->history_floor = MAX (self->history_floor, MIN (floor, self->resource_version));
}

void
bn_sim_store_set_history_limit (BnSimStore *self,
                                guint       limit)
{
  g_return_if_fail (BN_SIM_IS_STORE (self));

  self->history_limit = MAX (limit, 1);
  trim_history (self, 0);
}

/**
 * bn_sim_store_forget_history:
 *
 * Drops every recorded change, as if the store had just started with
 * its current content (used after loading a scenario).
 */
void
bn_sim_store_forget_history (BnSimStore *self)
{
  g_return_if_fail (BN_SIM_IS_STORE (self));

  trim_history (self, self->resource_version);
}

/**
 * bn_sim_store_compact:
 * @resource_version: drop history up to and including this version
 *
 * Like etcd compaction: watches and continue tokens from before
 * @resource_version get 410 Expired afterwards.
 */
void
bn_sim_store_compact (BnSimStore *self,
                      guint64     resource_version)
{
  g_return_if_fail (BN_SIM_IS_STORE (self));

  trim_history (self, resource_version);
}

static GTree *
get_collection (BnSimStore          *self,
                const BnSimResource *resource)
{
  GTree *tree = g_hash_table_lookup (self->collections, resource);

  if (tree == NULL)
    {
      tree = g_tree_new_full ((GCompareDataFunc) strcmp, NULL, NULL,
                              (GDestroyNotify) bn_sim_object_unref);
      g_hash_table_insert (self->collections, (gpointer) resource, tree);
    }

  return tree;
}

static char *
make_key (const BnSimResource *resource,
          const char          *namespace,
          const char          *name)
{
  return g_strconcat (resource->namespaced && namespace ? namespace : "", "/", name, NULL);
}

BnSimObject *
bn_sim_store_get (BnSimStore          *self,
                  const BnSimResource *resource,
                  const char          *namespace,
                  const char          *name)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (BN_SIM_IS_STORE (self), NULL);

  key = make_key (resource, namespace, name);
  return g_tree_lookup (get_collection (self, resource), key);
}

typedef struct
{
  const char      *prefix;
  gsize            prefix_len;
  BnSimObjectFunc  func;
  gpointer         user_data;
  guint            count;
} ForeachState;

static gboolean
count_in_prefix (gpointer key,
                 gpointer value,
                 gpointer user_data)
{
  ForeachState *state = user_data;

  if (strncmp (key, state->prefix, state->prefix_len) != 0)
    return TRUE;
  state->count++;
  return FALSE;
}

guint
bn_sim_store_count (BnSimStore          *self,
                    const BnSimResource *resource,
                    const char          *namespace)
{
  GTree *tree;
  g_autofree char *prefix = NULL;
  ForeachState state = { 0 };
  GTreeNode *node;

  g_return_val_if_fail (BN_SIM_IS_STORE (self), 0);

  tree = get_collection (self, resource);
  if (namespace == NULL || !resource->namespaced)
    return g_tree_nnodes (tree);

  prefix = g_strconcat (namespace, "/", NULL);
  state.prefix = prefix;
  state.prefix_len = strlen (prefix);

  for (node = g_tree_lower_bound (tree, prefix); node != NULL; node = g_tree_node_next (node))
    if (count_in_prefix (g_tree_node_key (node), NULL, &state))
      break;

  return state.count;
}

/**
 * bn_sim_store_foreach:
 * @namespace: (nullable): only this namespace, or all
 * @after_key: (nullable): start after this key (a continue position)
 *
 * Calls @func for objects in key order until it returns %FALSE.
 */
void
bn_sim_store_foreach (BnSimStore          *self,
                      const BnSimResource *resource,
                      const char          *namespace,
                      const char          *after_key,
                      BnSimObjectFunc      func,
                      gpointer             user_data)
{
  g_autofree char *prefix = NULL;
  GTree *tree;
  GTreeNode *node;
  gsize prefix_len;

  g_return_if_fail (BN_SIM_IS_STORE (self));

  tree = get_collection (self, resource);
  prefix = (namespace != NULL && resource->namespaced) ? g_strconcat (namespace, "/", NULL) : g_strdup ("");
  prefix_len = strlen (prefix);

  if (after_key != NULL && strcmp (after_key, prefix) >= 0)
    {
      node = g_tree_upper_bound (tree, after_key);
    }
  else
    node = g_tree_lower_bound (tree, prefix);

  for (; node != NULL; node = g_tree_node_next (node))
    {
      const char *key = g_tree_node_key (node);

      if (strncmp (key, prefix, prefix_len) != 0)
        break;
      if (!func (g_tree_node_value (node), user_data))
        break;
    }
}

/**
 * bn_sim_store_foreach_event_since:
 * @resource_version: replay changes newer than this
 *
 * Replays recorded changes in order. The caller checks the history
 * floor first; older versions are no longer here.
 */
void
bn_sim_store_foreach_event_since (BnSimStore     *self,
                                  guint64         resource_version,
                                  BnSimEventFunc  func,
                                  gpointer        user_data)
{
  GList *link;

  g_return_if_fail (BN_SIM_IS_STORE (self));

  /* Recent versions are the common case: walk from the newest end. */
  for (link = self->history.tail; link != NULL; link = link->prev)
    {
      BnSimEvent *event = link->data;

      if (event->resource_version <= resource_version)
        break;
    }

  for (link = link ? link->next : self->history.head; link != NULL; link = link->next)
    if (!func (link->data, user_data))
      break;
}

static gboolean
is_rbac (const BnSimResource *resource)
{
  return g_str_equal (resource->group, "rbac.authorization.k8s.io");
}

static void
record (BnSimStore     *self,
        BnSimEventType  type,
        BnSimObject    *object,
        BnSimObject    *previous)
{
  BnSimEvent *event = g_new0 (BnSimEvent, 1);

  event->type = type;
  event->resource_version = object->resource_version;
  event->object = bn_sim_object_ref (object);
  event->previous = previous ? bn_sim_object_ref (previous) : NULL;
  g_queue_push_tail (&self->history, event);
  trim_history (self, 0);

  if (is_rbac (object->resource))
    self->rbac_generation++;

  g_signal_emit (self, signals[SIGNAL_EVENT], 0, event);
}

static JsonObject *
ensure_metadata (JsonObject *object)
{
  JsonObject *metadata = get_object_member (object, "metadata");

  if (metadata == NULL)
    {
      metadata = json_object_new ();
      json_object_set_object_member (object, "metadata", metadata);
    }

  return metadata;
}

static void
set_resource_version (JsonObject *metadata,
                      guint64     resource_version)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, resource_version);

  json_object_set_string_member (metadata, "resourceVersion", text);
}

static char *
qualified_resource (const BnSimResource *resource)
{
  if (resource->group[0] == '\0')
    return g_strdup (resource->plural);
  return g_strdup_printf ("%s.%s", resource->plural, resource->group);
}

/* Workloads count changes to their spec in metadata.generation, which
 * their controllers echo in status.observedGeneration once they acted
 * on them (what `kubectl rollout status` waits for).
 */
static gboolean
tracks_generation (const BnSimResource *resource)
{
  return g_str_equal (resource->group, "apps") ||
         (g_str_equal (resource->group, "batch") && g_str_equal (resource->plural, "jobs"));
}

static void
set_generation (const BnSimResource *resource,
                JsonObject          *object,
                BnSimObject         *current)
{
  JsonObject *metadata = ensure_metadata (object);
  g_autoptr(JsonObject) then = NULL;
  JsonObject *then_metadata;
  JsonNode *spec;
  JsonNode *then_spec;
  gint64 generation;

  if (!tracks_generation (resource))
    return;

  if (current == NULL)
    {
      if (json_object_get_int_member_with_default (metadata, "generation", 0) <= 0)
        json_object_set_int_member (metadata, "generation", 1);
      return;
    }

  then = bn_sim_object_parse (current);
  then_metadata = ensure_metadata (then);
  generation = MAX (json_object_get_int_member_with_default (then_metadata, "generation", 1), 1);
  spec = json_object_has_member (object, "spec") ? json_object_get_member (object, "spec") : NULL;
  then_spec = json_object_has_member (then, "spec") ? json_object_get_member (then, "spec") : NULL;
  if ((spec == NULL) != (then_spec == NULL) || (spec != NULL && !json_node_equal (spec, then_spec)))
    generation++;
  json_object_set_int_member (metadata, "generation", generation);
}

/**
 * bn_sim_store_create:
 * @object: (transfer none): the new object; its metadata is completed
 *   in place (uid, creationTimestamp, resourceVersion)
 * @dry_run: validate and answer, store nothing
 *
 * Returns: (transfer full) (nullable): the stored object
 */
BnSimObject *
bn_sim_store_create (BnSimStore          *self,
                     const BnSimResource *resource,
                     JsonObject          *object,
                     gboolean             dry_run,
                     GError             **error)
{
  JsonObject *metadata;
  const char *name;
  const char *generate_name;
  g_autofree char *generated = NULL;
  g_autofree char *key = NULL;
  g_autofree char *now = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *qualified = qualified_resource (resource);
  BnSimObject *stored;

  g_return_val_if_fail (BN_SIM_IS_STORE (self), NULL);

  metadata = ensure_metadata (object);
  name = get_string_member (metadata, "name");
  generate_name = get_string_member (metadata, "generateName");

  if ((name == NULL || *name == '\0') && generate_name != NULL && *generate_name != '\0')
    {
      static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";

      generated = g_strdup_printf ("%s%c%c%c%c%c", generate_name,
                                   alphabet[g_random_int_range (0, 27)], alphabet[g_random_int_range (0, 27)],
                                   alphabet[g_random_int_range (0, 27)], alphabet[g_random_int_range (0, 27)],
                                   alphabet[g_random_int_range (0, 27)]);
      json_object_set_string_member (metadata, "name", generated);
      name = generated;
    }

  if (name == NULL || *name == '\0')
    {
      g_set_error (error, BN_SIM_ERROR, 422,
                   "%s \"\" is invalid: metadata.name: Required value: name or generateName is required",
                   resource->kind);
      return NULL;
    }

  if (resource->namespaced && get_string_member (metadata, "namespace") == NULL)
    json_object_set_string_member (metadata, "namespace", "default");
  if (!resource->namespaced && json_object_has_member (metadata, "namespace"))
    json_object_remove_member (metadata, "namespace");

  key = make_key (resource, get_string_member (metadata, "namespace"), name);
  if (g_tree_lookup (get_collection (self, resource), key) != NULL)
    {
      g_set_error (error, BN_SIM_ERROR, 409, "%s \"%s\" already exists", qualified, name);
      return NULL;
    }

  set_generation (resource, object, NULL);
  uid = g_uuid_string_random ();
  if (!json_object_has_member (metadata, "uid") || dry_run)
    json_object_set_string_member (metadata, "uid", uid);
  if (!json_object_has_member (metadata, "creationTimestamp") ||
      json_node_is_null (json_object_get_member (metadata, "creationTimestamp")))
    {
      now = bn_sim_format_timestamp (g_get_real_time () / G_USEC_PER_SEC);
      json_object_set_string_member (metadata, "creationTimestamp", now);
    }

  if (dry_run)
    {
      set_resource_version (metadata, self->resource_version);
      return bn_sim_object_new (resource, object);
    }

  set_resource_version (metadata, ++self->resource_version);
  stored = bn_sim_object_new (resource, object);
  g_tree_replace (get_collection (self, resource), stored->key, bn_sim_object_ref (stored));
  record (self, BN_SIM_EVENT_ADDED, stored, NULL);
  return stored;
}

/* A pending deletion is the server's: updates neither set nor clear it. */
static void
keep_deletion_fields (BnSimObject *current,
                      JsonObject  *metadata)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *then;

  json_object_remove_member (metadata, "deletionTimestamp");
  json_object_remove_member (metadata, "deletionGracePeriodSeconds");
  if (strstr (current->metadata_json, "\"deletionTimestamp\"") == NULL)
    return;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, current->metadata_json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  then = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (then, "deletionTimestamp"))
    json_object_set_member (metadata, "deletionTimestamp",
                            json_node_copy (json_object_get_member (then, "deletionTimestamp")));
  if (json_object_has_member (then, "deletionGracePeriodSeconds"))
    json_object_set_member (metadata, "deletionGracePeriodSeconds",
                            json_node_copy (json_object_get_member (then, "deletionGracePeriodSeconds")));
}

/**
 * bn_sim_store_update:
 * @object: (transfer none): the full new state; a non-empty
 *   metadata.resourceVersion must match the stored one
 *
 * Returns: (transfer full) (nullable): the stored object
 */
BnSimObject *
bn_sim_store_update (BnSimStore          *self,
                     const BnSimResource *resource,
                     JsonObject          *object,
                     gboolean             dry_run,
                     GError             **error)
{
  JsonObject *metadata;
  const char *name;
  const char *rv;
  g_autofree char *key = NULL;
  g_autofree char *qualified = qualified_resource (resource);
  g_autofree char *created = NULL;
  BnSimObject *current;
  BnSimObject *stored;

  g_return_val_if_fail (BN_SIM_IS_STORE (self), NULL);

  metadata = ensure_metadata (object);
  name = get_string_member (metadata, "name");
  if (name == NULL)
    {
      g_set_error (error, BN_SIM_ERROR, 422,
                   "%s \"\" is invalid: metadata.name: Required value: name is required", resource->kind);
      return NULL;
    }

  key = make_key (resource, get_string_member (metadata, "namespace"), name);
  current = g_tree_lookup (get_collection (self, resource), key);
  if (current == NULL)
    {
      g_set_error (error, BN_SIM_ERROR, 404, "%s \"%s\" not found", qualified, name);
      return NULL;
    }

  rv = get_string_member (metadata, "resourceVersion");
  if (rv != NULL && *rv != '\0' && g_ascii_strtoull (rv, NULL, 10) != current->resource_version)
    {
      g_set_error (error, BN_SIM_ERROR, 409,
                   "Operation cannot be fulfilled on %s \"%s\": the object has been modified; "
                   "please apply your changes to the latest version and try again",
                   qualified, name);
      return NULL;
    }

  /* Identity fields are owned by the server. */
  json_object_set_string_member (metadata, "uid", current->uid);
  created = bn_sim_format_timestamp (current->created);
  json_object_set_string_member (metadata, "creationTimestamp", created);
  if (resource->namespaced)
    json_object_set_string_member (metadata, "namespace", current->namespace);
  keep_deletion_fields (current, metadata);
  set_generation (resource, object, current);

  if (dry_run)
    {
      set_resource_version (metadata, current->resource_version);
      return bn_sim_object_new (resource, object);
    }

  set_resource_version (metadata, ++self->resource_version);
  stored = bn_sim_object_new (resource, object);
  bn_sim_object_ref (current);
  g_tree_replace (get_collection (self, resource), stored->key, bn_sim_object_ref (stored));
  record (self, BN_SIM_EVENT_MODIFIED, stored, current);
  bn_sim_object_unref (current);
  return stored;
}

/* Replaces the string value of the first `"key":"` in @text, or returns
 * NULL when the key is missing or its value has escapes.
 */
static GString *
replace_string_value (const char *text,
                      gsize       length,
                      const char *key,
                      const char *value)
{
  g_autofree char *needle = g_strdup_printf ("\"%s\":\"", key);
  const char *start = g_strstr_len (text, length, needle);
  const char *end;
  GString *out;

  if (start == NULL)
    return NULL;
  start += strlen (needle);
  for (end = start; end < text + length && *end != '"'; end++)
    if (*end == '\\')
      return NULL;
  if (end >= text + length)
    return NULL;

  out = g_string_sized_new (length + strlen (value));
  g_string_append_len (out, text, start - text);
  g_string_append (out, value);
  g_string_append_len (out, end, text + length - end);
  return out;
}

/**
 * bn_sim_store_touch:
 * @key: an annotation whose value changes
 * @value: its new value (plain text, no quotes)
 *
 * Changes one annotation of an object and records MODIFIED, without a
 * JSON round trip when the annotation already exists: the cheap path
 * that lets churn run at thousands of events per second.
 *
 * Returns: (transfer full) (nullable): the stored object
 */
BnSimObject *
bn_sim_store_touch (BnSimStore  *self,
                    BnSimObject *current,
                    const char  *key,
                    const char  *value)
{
  g_autofree char *old_rv = g_strdup_printf ("%" G_GUINT64_FORMAT, current->resource_version);
  g_autofree char *new_rv = NULL;
  g_autoptr(GString) with_value = NULL;
  g_autoptr(GString) json = NULL;
  g_autoptr(GString) metadata_value = NULL;
  g_autoptr(GString) metadata = NULL;
  BnSimObject *stored;
  gsize length;
  const char *data = g_bytes_get_data (current->json, &length);

  g_return_val_if_fail (BN_SIM_IS_STORE (self), NULL);

  if ((with_value = replace_string_value (data, length, key, value)) == NULL ||
      (metadata_value = replace_string_value (current->metadata_json, strlen (current->metadata_json), key, value)) == NULL)
    {
      g_autoptr(JsonObject) object = bn_sim_object_parse (current);
      JsonObject *meta = ensure_metadata (object);

      if (!json_object_has_member (meta, "annotations"))
        json_object_set_object_member (meta, "annotations", json_object_new ());
      json_object_set_string_member (json_object_get_object_member (meta, "annotations"), key, value);
      return bn_sim_store_update (self, current->resource, object, FALSE, NULL);
    }

  new_rv = g_strdup_printf ("%" G_GUINT64_FORMAT, self->resource_version + 1);
  json = replace_string_value (with_value->str, with_value->len, "resourceVersion", new_rv);
  metadata = replace_string_value (metadata_value->str, metadata_value->len, "resourceVersion", new_rv);
  if (json == NULL || metadata == NULL)
    return NULL;

  self->resource_version++;
  stored = g_new0 (BnSimObject, 1);
  stored->ref_count = 1;
  stored->resource = current->resource;
  stored->key = g_strdup (current->key);
  stored->namespace = g_strdup (current->namespace);
  stored->name = g_strdup (current->name);
  stored->uid = g_strdup (current->uid);
  stored->resource_version = self->resource_version;
  stored->created = current->created;
  stored->age_from = current->age_from;
  stored->labels = g_hash_table_ref (current->labels);
  stored->fields = g_hash_table_ref (current->fields);
  stored->cells = g_ptr_array_ref (current->cells);
  stored->metadata_json = g_string_free (g_steal_pointer (&metadata), FALSE);
  length = json->len;
  stored->json = g_bytes_new_take (g_string_free (g_steal_pointer (&json), FALSE), length);

  bn_sim_object_ref (current);
  g_tree_replace (get_collection (self, current->resource), stored->key, bn_sim_object_ref (stored));
  record (self, BN_SIM_EVENT_MODIFIED, stored, current);
  bn_sim_object_unref (current);
  return stored;
}

/**
 * bn_sim_store_delete:
 * @precondition_rv: (nullable): delete only at this resourceVersion
 *
 * Returns: (transfer full) (nullable): the last state of the object,
 *   carrying the resourceVersion of its deletion
 */
BnSimObject *
bn_sim_store_delete (BnSimStore          *self,
                     const BnSimResource *resource,
                     const char          *namespace,
                     const char          *name,
                     const char          *precondition_rv,
                     gboolean             dry_run,
                     GError             **error)
{
  g_autofree char *key = NULL;
  g_autofree char *qualified = qualified_resource (resource);
  g_autoptr(JsonObject) object = NULL;
  BnSimObject *current;
  BnSimObject *last;

  g_return_val_if_fail (BN_SIM_IS_STORE (self), NULL);

  key = make_key (resource, namespace, name);
  current = g_tree_lookup (get_collection (self, resource), key);
  if (current == NULL)
    {
      g_set_error (error, BN_SIM_ERROR, 404, "%s \"%s\" not found", qualified, name);
      return NULL;
    }

  if (precondition_rv != NULL && *precondition_rv != '\0' &&
      g_ascii_strtoull (precondition_rv, NULL, 10) != current->resource_version)
    {
      g_set_error (error, BN_SIM_ERROR, 409,
                   "Operation cannot be fulfilled on %s \"%s\": the ResourceVersion in the precondition (%s) "
                   "does not match the ResourceVersion in record (%" G_GUINT64_FORMAT "). "
                   "The object might have been modified",
                   qualified, name, precondition_rv, current->resource_version);
      return NULL;
    }

  if (dry_run)
    return bn_sim_object_ref (current);

  object = bn_sim_object_parse (current);
  set_resource_version (ensure_metadata (object), ++self->resource_version);
  last = bn_sim_object_new (resource, object);

  bn_sim_object_ref (current);
  g_tree_remove (get_collection (self, resource), key);
  g_hash_table_remove (self->terminating, key);
  record (self, BN_SIM_EVENT_DELETED, last, current);
  bn_sim_object_unref (current);
  return last;
}

static gboolean
is_pod (const BnSimResource *resource)
{
  return resource->group[0] == '\0' && g_str_equal (resource->plural, "pods");
}

/* What the pod strategy decides (CheckGracefulDelete): the client's
 * grace period, else the pod's own; none for a pod that never reached a
 * node or whose containers are done.
 */
static gint64
pod_grace_period (JsonObject *pod,
                  gint64      requested)
{
  JsonObject *spec = get_object_member (pod, "spec");
  JsonObject *status = get_object_member (pod, "status");
  const char *node = spec ? get_string_member (spec, "nodeName") : NULL;
  const char *phase = status ? get_string_member (status, "phase") : NULL;

  if (node == NULL || *node == '\0')
    return 0;
  if (g_strcmp0 (phase, "Succeeded") == 0 || g_strcmp0 (phase, "Failed") == 0)
    return 0;
  if (requested >= 0)
    return requested;
  if (spec != NULL && json_object_has_member (spec, "terminationGracePeriodSeconds"))
    return MAX (json_object_get_int_member (spec, "terminationGracePeriodSeconds"), 0);
  return 30;
}

static gboolean
termination_done_cb (gpointer user_data)
{
  Termination *termination = user_data;
  BnSimStore *self = termination->store;
  const BnSimResource *pods = bn_sim_resources_lookup ("", "v1", "pods");
  BnSimObject *pod = g_tree_lookup (get_collection (self, pods), termination->key);

  termination->source_id = 0;
  g_hash_table_steal (self->terminating, termination->key);
  if (pod != NULL && g_str_equal (pod->uid, termination->uid))
    {
      g_autoptr(BnSimObject) last = bn_sim_store_delete (self, pods, pod->namespace, pod->name,
                                                         NULL, FALSE, NULL);
    }

  termination_free (termination);
  return G_SOURCE_REMOVE;
}

static void
schedule_termination (BnSimStore  *self,
                      BnSimObject *pod,
                      gint64       started,
                      gint64       grace_seconds)
{
  Termination *termination = g_new0 (Termination, 1);
  gint64 due_ms = (started + grace_seconds) * 1000 - g_get_real_time () / 1000;

  termination->store = self;
  termination->key = g_strdup (pod->key);
  termination->uid = g_strdup (pod->uid);
  termination->started = started;
  termination->source_id = g_timeout_add (CLAMP (due_ms, 0, G_MAXUINT), termination_done_cb, termination);
  g_hash_table_replace (self->terminating, termination->key, termination);
}

/**
 * bn_sim_store_delete_gracefully:
 * @grace_seconds: the client's `gracePeriodSeconds`, or -1 for the
 *   pod's `spec.terminationGracePeriodSeconds` (default 30)
 * @precondition_rv: (nullable): delete only at this resourceVersion
 *
 * Deletes the way the API server and the kubelet do together. A pod on
 * a node first gets `deletionTimestamp` and `deletionGracePeriodSeconds`
 * (a MODIFIED event; kubectl shows it `Terminating`) and leaves the
 * store with a DELETED event once the grace period is over. A grace
 * period of 0 deletes at once; a second delete may only shorten the
 * period. Other kinds are deleted at once.
 *
 * Returns: (transfer full) (nullable): the pod as it is now (still
 *   there while terminating), or its last state once deleted
 */
BnSimObject *
bn_sim_store_delete_gracefully (BnSimStore          *self,
                                const BnSimResource *resource,
                                const char          *namespace,
                                const char          *name,
                                gint64               grace_seconds,
                                const char          *precondition_rv,
                                gboolean             dry_run,
                                GError             **error)
{
  g_autofree char *key = NULL;
  g_autofree char *deadline = NULL;
  g_autoptr(JsonObject) object = NULL;
  JsonObject *metadata;
  BnSimObject *current;
  BnSimObject *stored;
  Termination *termination;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 started = now;
  gint64 grace;

  g_return_val_if_fail (BN_SIM_IS_STORE (self), NULL);

  if (!is_pod (resource))
    return bn_sim_store_delete (self, resource, namespace, name, precondition_rv, dry_run, error);

  key = make_key (resource, namespace, name);
  current = g_tree_lookup (get_collection (self, resource), key);
  if (current == NULL)
    return bn_sim_store_delete (self, resource, namespace, name, precondition_rv, dry_run, error);

  object = bn_sim_object_parse (current);
  metadata = ensure_metadata (object);
  grace = pod_grace_period (object, grace_seconds);

  termination = g_hash_table_lookup (self->terminating, key);
  if (json_object_has_member (metadata, "deletionTimestamp"))
    {
      gint64 current_grace = json_object_get_int_member_with_default (metadata, "deletionGracePeriodSeconds", 0);

      /* Only a shorter grace period changes a pending deletion. */
      if (grace > 0 && (grace_seconds < 0 || grace >= current_grace))
        return bn_sim_object_ref (current);
      if (termination != NULL)
        started = termination->started;
    }

  if (grace == 0)
    return bn_sim_store_delete (self, resource, namespace, name, precondition_rv, dry_run, error);

  /* A stale precondition: let the plain delete word the 409. */
  if (precondition_rv != NULL && *precondition_rv != '\0' &&
      g_ascii_strtoull (precondition_rv, NULL, 10) != current->resource_version)
    return bn_sim_store_delete (self, resource, namespace, name, precondition_rv, dry_run, error);

  deadline = bn_sim_format_timestamp (started + grace);
  json_object_set_string_member (metadata, "deletionTimestamp", deadline);
  json_object_set_int_member (metadata, "deletionGracePeriodSeconds", grace);

  if (dry_run)
    return bn_sim_object_new (resource, object);

  set_resource_version (metadata, ++self->resource_version);
  stored = bn_sim_object_new (resource, object);
  bn_sim_object_ref (current);
  g_tree_replace (get_collection (self, resource), stored->key, bn_sim_object_ref (stored));
  record (self, BN_SIM_EVENT_MODIFIED, stored, current);
  bn_sim_object_unref (current);

  schedule_termination (self, stored, started, grace);
  return stored;
}
