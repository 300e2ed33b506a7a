/* bn-object-snapshot.c: one immutable version of one Kubernetes object
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <zstd.h>

#include "bn-object-snapshot-private.h"

/* zstd's fastest regular level: about 0.38 of a pod's JSON, at several hundred MB/s */
#define COMPACT_LEVEL 1

typedef struct
{
  const char *key;
  const char *value;
} Label;

typedef struct
{
  const char *kind;
  const char *name;
  const char *uid;
  gboolean    controller;
} Owner;

/* A snapshot is one allocation: this header, then the label and owner tables, then every
 * string, then the JSON. Ten thousand pods are ten thousand blocks, not half a million. */
struct _BnObjectSnapshot
{
  gatomicrefcount  ref_count;
  guint8           kind;
  guint8           node_ready;
  guint            deleting : 1;
  guint            unschedulable : 1;
  guint            compact : 1;
  guint            n_labels;
  guint            n_owners;
  gsize            size;

  const char      *uid;
  const char      *namespace_;
  const char      *name;
  const char      *resource_version;
  gint64           creation_time;
  gint64           deletion_time;
  const Label     *labels;
  const Owner     *owners;
  const char      *json;
  gsize            json_len;        /* stored bytes: compressed when compact */
  gsize            json_size;       /* the JSON's own length */

  const char      *status;
  const char      *phase;
  const char      *node_name;
  const char      *pod_ip;
  const char      *nominated_node_name;
  const char      *roles;
  const char      *version;
  const char      *internal_ip;
  gint64           last_restart_time;
  guint            ready_containers;
  guint            total_containers;
  guint            restarts;
  guint            readiness_gates;
  guint            readiness_gates_true;
  guint            replicas;
  guint            ready_replicas;
  guint            updated_replicas;
  guint            available_replicas;
};

G_DEFINE_BOXED_TYPE (BnObjectSnapshot, bn_object_snapshot,
                     bn_object_snapshot_ref, bn_object_snapshot_unref)

/**
 * bn_object_kind_from_name:
 * @kind: (nullable): a `kind`, e.g. `Pod` or `PodList`
 * @api_version: (nullable): its `apiVersion`, e.g. `v1`
 *
 * Returns: the summary kind for objects of that kind (lists map to their items' kind)
 */
BnObjectKind
bn_object_kind_from_name (const char *kind,
                          const char *api_version)
{
  static const struct { const char *kind; const char *api_version; BnObjectKind value; } kinds[] = {
    { "Pod", "v1", BN_OBJECT_KIND_POD },
    { "PodList", "v1", BN_OBJECT_KIND_POD },
    { "Node", "v1", BN_OBJECT_KIND_NODE },
    { "NodeList", "v1", BN_OBJECT_KIND_NODE },
    { "Deployment", "apps/v1", BN_OBJECT_KIND_DEPLOYMENT },
    { "DeploymentList", "apps/v1", BN_OBJECT_KIND_DEPLOYMENT },
  };

  if (kind == NULL)
    return BN_OBJECT_KIND_GENERIC;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (g_str_equal (kind, kinds[i].kind)
          && (api_version == NULL || g_str_equal (api_version, kinds[i].api_version)))
        return kinds[i].value;
    }

  return BN_OBJECT_KIND_GENERIC;
}

static int
compare_labels (gconstpointer a,
                gconstpointer b)
{
  const BnLabelView *la = a;
  const BnLabelView *lb = b;
  int cmp = memcmp (la->key.data, lb->key.data, MIN (la->key.len, lb->key.len));

  if (cmp != 0)
    return cmp;
  return (la->key.len > lb->key.len) - (la->key.len < lb->key.len);
}

static gsize
view_size (BnStrView view)
{
  return view.data != NULL ? view.len + 1 : 0;
}

/* Copies a string into the pool and moves the pool on; absent strings stay NULL. */
static const char *
pool_put (char      **pool,
          BnStrView   view)
{
  char *copy;

  if (view.data == NULL)
    return NULL;

  copy = *pool;
  memcpy (copy, view.data, view.len);
  copy[view.len] = '\0';
  *pool += view.len + 1;
  return copy;
}

static gsize
fields_pool_size (const BnSnapshotFields *fields)
{
  gsize size = 0;

  size += view_size (fields->uid) + view_size (fields->namespace_);
  size += view_size (fields->name) + view_size (fields->resource_version);
  size += view_size (fields->status) + view_size (fields->phase);
  size += view_size (fields->node_name) + view_size (fields->pod_ip);
  size += view_size (fields->nominated_node_name) + view_size (fields->roles);
  size += view_size (fields->version) + view_size (fields->internal_ip);

  for (guint i = 0; i < fields->n_labels; i++)
    size += view_size (fields->labels[i].key) + view_size (fields->labels[i].value);

  for (guint i = 0; i < fields->n_owners; i++)
    {
      size += view_size (fields->owners[i].kind) + view_size (fields->owners[i].name);
      size += view_size (fields->owners[i].uid);
    }

  for (guint i = 0; i < G_N_ELEMENTS (fields->json); i++)
    size += fields->json[i].len;

  return size + 1;
}

static void
copy_summary (BnObjectSnapshot       *self,
              const BnSnapshotFields *fields,
              char                  **pool)
{
  self->status = pool_put (pool, fields->status);
  self->phase = pool_put (pool, fields->phase);
  self->node_name = pool_put (pool, fields->node_name);
  self->pod_ip = pool_put (pool, fields->pod_ip);
  self->nominated_node_name = pool_put (pool, fields->nominated_node_name);
  self->roles = pool_put (pool, fields->roles);
  self->version = pool_put (pool, fields->version);
  self->internal_ip = pool_put (pool, fields->internal_ip);
  self->last_restart_time = fields->last_restart_time;
  self->ready_containers = fields->ready_containers;
  self->total_containers = fields->total_containers;
  self->restarts = fields->restarts;
  self->readiness_gates = fields->readiness_gates;
  self->readiness_gates_true = fields->readiness_gates_true;
  self->node_ready = fields->node_ready;
  self->unschedulable = !!fields->unschedulable;
  self->replicas = fields->replicas;
  self->ready_replicas = fields->ready_replicas;
  self->updated_replicas = fields->updated_replicas;
  self->available_replicas = fields->available_replicas;
}

static void
copy_json (BnObjectSnapshot       *self,
           const BnSnapshotFields *fields,
           char                  **pool)
{
  char *json = *pool;
  gsize len = 0;

  for (guint i = 0; i < G_N_ELEMENTS (fields->json); i++)
    {
      if (fields->json[i].len == 0)
        continue;
      memcpy (json + len, fields->json[i].data, fields->json[i].len);
      len += fields->json[i].len;
    }

  json[len] = '\0';
  self->json = json;
  self->json_len = len;
  self->json_size = len;
  *pool += len + 1;
}

/*
 * _bn_object_snapshot_new:
 * @fields: the parts, borrowed; its labels are sorted in place
 *
 * Returns: (transfer full) (nullable): a new snapshot, or %NULL when a label key repeats
 */
BnObjectSnapshot *
_bn_object_snapshot_new (BnSnapshotFields *fields)
{
  BnObjectSnapshot *self;
  Label *labels;
  Owner *owners;
  char *pool;
  gsize header_size;
  gsize size;

  g_return_val_if_fail (fields != NULL, NULL);

  if (fields->n_labels > 1)
    {
      qsort (fields->labels, fields->n_labels, sizeof (BnLabelView), compare_labels);
      for (guint i = 1; i < fields->n_labels; i++)
        if (compare_labels (&fields->labels[i - 1], &fields->labels[i]) == 0)
          return NULL;
    }

  header_size = sizeof (BnObjectSnapshot)
                + fields->n_labels * sizeof (Label)
                + fields->n_owners * sizeof (Owner);
  size = header_size + fields_pool_size (fields);

  self = g_malloc0 (size);
  g_atomic_ref_count_init (&self->ref_count);
  self->size = size;
  self->kind = fields->kind;
  self->n_labels = fields->n_labels;
  self->n_owners = fields->n_owners;
  labels = (Label *) (gpointer) (self + 1);
  owners = (Owner *) (gpointer) (labels + fields->n_labels);
  pool = (char *) (owners + fields->n_owners);

  self->uid = pool_put (&pool, fields->uid);
  self->namespace_ = pool_put (&pool, fields->namespace_);
  self->name = pool_put (&pool, fields->name);
  self->resource_version = pool_put (&pool, fields->resource_version);
  self->creation_time = fields->creation_time;
  self->deleting = !!fields->deleting;
  self->deletion_time = fields->deletion_time;

  for (guint i = 0; i < fields->n_labels; i++)
    {
      labels[i].key = pool_put (&pool, fields->labels[i].key);
      labels[i].value = pool_put (&pool, fields->labels[i].value);
    }
  self->labels = labels;

  for (guint i = 0; i < fields->n_owners; i++)
    {
      owners[i].kind = pool_put (&pool, fields->owners[i].kind);
      owners[i].name = pool_put (&pool, fields->owners[i].name);
      owners[i].uid = pool_put (&pool, fields->owners[i].uid);
      owners[i].controller = fields->owners[i].controller;
    }
  self->owners = owners;

  copy_summary (self, fields, &pool);
  copy_json (self, fields, &pool);

  g_assert ((gsize) (pool - (char *) self) == size);

  return self;
}

/**
 * bn_object_snapshot_ref:
 * @self: a #BnObjectSnapshot
 *
 * Returns: (transfer full): @self, with one more reference
 */
BnObjectSnapshot *
bn_object_snapshot_ref (BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * bn_object_snapshot_unref:
 * @self: (transfer full): a #BnObjectSnapshot
 *
 * Drops one reference; the last one frees the snapshot, from any thread.
 */
void
bn_object_snapshot_unref (BnObjectSnapshot *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    g_free (self);
}

BnObjectKind
bn_object_snapshot_get_kind (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, BN_OBJECT_KIND_GENERIC);

  return self->kind;
}

/**
 * bn_object_snapshot_get_uid:
 * @self: a #BnObjectSnapshot
 *
 * Returns: (nullable): `metadata.uid`
 */
const char *
bn_object_snapshot_get_uid (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->uid;
}

/**
 * bn_object_snapshot_get_namespace:
 * @self: a #BnObjectSnapshot
 *
 * Returns: (nullable): `metadata.namespace`, %NULL for cluster-scoped objects
 */
const char *
bn_object_snapshot_get_namespace (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->namespace_;
}

/**
 * bn_object_snapshot_get_name:
 * @self: a #BnObjectSnapshot
 *
 * Returns: (nullable): `metadata.name`
 */
const char *
bn_object_snapshot_get_name (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

/**
 * bn_object_snapshot_get_resource_version:
 * @self: a #BnObjectSnapshot
 *
 * Returns: (nullable): `metadata.resourceVersion`, opaque: compare it for equality only
 */
const char *
bn_object_snapshot_get_resource_version (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->resource_version;
}

/**
 * bn_object_snapshot_get_creation_time:
 * @self: a #BnObjectSnapshot
 *
 * Returns: `metadata.creationTimestamp` in Unix seconds, 0 when absent
 */
gint64
bn_object_snapshot_get_creation_time (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->creation_time;
}

/**
 * bn_object_snapshot_is_deleting:
 * @self: a #BnObjectSnapshot
 *
 * Returns: whether `metadata.deletionTimestamp` is set
 */
gboolean
bn_object_snapshot_is_deleting (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->deleting;
}

/**
 * bn_object_snapshot_get_deletion_time:
 * @self: a #BnObjectSnapshot
 *
 * Returns: `metadata.deletionTimestamp` in Unix seconds, 0 when absent
 */
gint64
bn_object_snapshot_get_deletion_time (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->deletion_time;
}

guint
bn_object_snapshot_get_n_labels (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_labels;
}

/**
 * bn_object_snapshot_get_label:
 * @self: a #BnObjectSnapshot
 * @position: less than bn_object_snapshot_get_n_labels()
 * @key: (out) (optional): the key
 * @value: (out) (optional): the value
 *
 * Labels are sorted by key (bytewise).
 */
void
bn_object_snapshot_get_label (const BnObjectSnapshot  *self,
                              guint                    position,
                              const char             **key,
                              const char             **value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (position < self->n_labels);

  if (key != NULL)
    *key = self->labels[position].key;
  if (value != NULL)
    *value = self->labels[position].value;
}

/**
 * bn_object_snapshot_lookup_label:
 * @self: a #BnObjectSnapshot
 * @key: a label key
 *
 * Returns: (nullable): the value of label @key, found by binary search
 */
const char *
bn_object_snapshot_lookup_label (const BnObjectSnapshot *self,
                                 const char             *key)
{
  guint lo = 0;
  guint hi;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  hi = self->n_labels;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int cmp = strcmp (self->labels[mid].key, key);

      if (cmp == 0)
        return self->labels[mid].value;
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  return NULL;
}

guint
bn_object_snapshot_get_n_owner_references (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_owners;
}

/**
 * bn_object_snapshot_get_owner_reference:
 * @self: a #BnObjectSnapshot
 * @position: less than bn_object_snapshot_get_n_owner_references()
 * @kind: (out) (optional): `kind`
 * @name: (out) (optional): `name`
 * @uid: (out) (optional): `uid`
 * @controller: (out) (optional): `controller`
 *
 * Reads one of `metadata.ownerReferences`, in document order.
 */
void
bn_object_snapshot_get_owner_reference (const BnObjectSnapshot  *self,
                                        guint                    position,
                                        const char             **kind,
                                        const char             **name,
                                        const char             **uid,
                                        gboolean                *controller)
{
  const Owner *owner;

  g_return_if_fail (self != NULL);
  g_return_if_fail (position < self->n_owners);

  owner = &self->owners[position];
  if (kind != NULL)
    *kind = owner->kind;
  if (name != NULL)
    *name = owner->name;
  if (uid != NULL)
    *uid = owner->uid;
  if (controller != NULL)
    *controller = owner->controller;
}

/**
 * bn_object_snapshot_get_controller_uid:
 * @self: a #BnObjectSnapshot
 *
 * Returns: (nullable): the uid of the owner reference marked `controller: true`
 */
const char *
bn_object_snapshot_get_controller_uid (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->n_owners; i++)
    if (self->owners[i].controller)
      return self->owners[i].uid;

  return NULL;
}

static void
free_cctx (gpointer cctx)
{
  ZSTD_freeCCtx (cctx);
}

static void
free_dctx (gpointer dctx)
{
  ZSTD_freeDCtx (dctx);
}

/* One compression and one decompression context per thread, made on first use. */
static GPrivate compress_context = G_PRIVATE_INIT (free_cctx);
static GPrivate decompress_context = G_PRIVATE_INIT (free_dctx);

static ZSTD_CCtx *
get_compress_context (void)
{
  ZSTD_CCtx *cctx = g_private_get (&compress_context);

  if (cctx == NULL)
    {
      cctx = ZSTD_createCCtx ();
      g_private_set (&compress_context, cctx);
    }
  return cctx;
}

static ZSTD_DCtx *
get_decompress_context (void)
{
  ZSTD_DCtx *dctx = g_private_get (&decompress_context);

  if (dctx == NULL)
    {
      dctx = ZSTD_createDCtx ();
      g_private_set (&decompress_context, dctx);
    }
  return dctx;
}

/**
 * bn_object_snapshot_ref_json:
 * @self: a #BnObjectSnapshot
 *
 * Returns: (transfer full): the object's JSON without `metadata.managedFields`. For a
 *   snapshot that is not compact the bytes share the snapshot's memory (and hold a
 *   reference on @self); a compact one is decompressed into new bytes.
 */
GBytes *
bn_object_snapshot_ref_json (BnObjectSnapshot *self)
{
  char *json;
  size_t length;

  g_return_val_if_fail (self != NULL, NULL);

  if (!self->compact)
    return g_bytes_new_with_free_func (self->json, self->json_len,
                                       (GDestroyNotify) bn_object_snapshot_unref,
                                       bn_object_snapshot_ref (self));

  json = g_malloc (self->json_size + 1);
  length = ZSTD_decompressDCtx (get_decompress_context (), json, self->json_size,
                                self->json, self->json_len);
  /* the block was written by us: anything else is memory corruption */
  g_assert (!ZSTD_isError (length) && length == self->json_size);
  json[length] = '\0';
  return g_bytes_new_take (json, length);
}

/**
 * bn_object_snapshot_get_json_size:
 * @self: a #BnObjectSnapshot
 *
 * Returns: the length of the JSON that bn_object_snapshot_ref_json() returns
 */
gsize
bn_object_snapshot_get_json_size (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->json_size;
}

/**
 * bn_object_snapshot_is_compact:
 * @self: a #BnObjectSnapshot
 *
 * Returns: whether @self keeps its JSON compressed
 */
gboolean
bn_object_snapshot_is_compact (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->compact;
}

static const char *
relocate (const char             *pointer,
          const BnObjectSnapshot *from,
          const BnObjectSnapshot *to)
{
  return pointer != NULL ? (const char *) to + (pointer - (const char *) from) : NULL;
}

/* Moves every pointer of a copied header from @from's block into @to's. */
static void
relocate_all (BnObjectSnapshot       *to,
              const BnObjectSnapshot *from)
{
  const char **strings[] = {
    &to->uid, &to->namespace_, &to->name, &to->resource_version, &to->status, &to->phase,
    &to->node_name, &to->pod_ip, &to->nominated_node_name, &to->roles, &to->version,
    &to->internal_ip,
  };
  Label *labels;
  Owner *owners;

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    *strings[i] = relocate (*strings[i], from, to);

  labels = (Label *) (gpointer) relocate ((const char *) from->labels, from, to);
  for (guint i = 0; i < to->n_labels; i++)
    {
      labels[i].key = relocate (labels[i].key, from, to);
      labels[i].value = relocate (labels[i].value, from, to);
    }
  to->labels = labels;

  owners = (Owner *) (gpointer) relocate ((const char *) from->owners, from, to);
  for (guint i = 0; i < to->n_owners; i++)
    {
      owners[i].kind = relocate (owners[i].kind, from, to);
      owners[i].name = relocate (owners[i].name, from, to);
      owners[i].uid = relocate (owners[i].uid, from, to);
    }
  to->owners = owners;
}

/**
 * bn_object_snapshot_compact:
 * @self: a #BnObjectSnapshot
 *
 * Makes the copy of @self that a cache keeps for long: the same fields, with the JSON
 * compressed (zstd). Scanning stays fast because it never compresses; a cache compacts
 * its snapshots when it has time, e.g. after a list, in its worker thread. Swapping a
 * BnObject to the compact copy notifies nothing but #BnObject:snapshot.
 *
 * Returns: (transfer full): the compact copy, or a new reference to @self when it is
 *   compact already or compression would not save memory
 */
BnObjectSnapshot *
bn_object_snapshot_compact (BnObjectSnapshot *self)
{
  BnObjectSnapshot *copy;
  g_autofree char *compressed = NULL;
  gsize bound;
  gsize prefix;
  size_t length;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->compact)
    return bn_object_snapshot_ref (self);

  bound = ZSTD_compressBound (self->json_len);
  compressed = g_malloc (bound);
  length = ZSTD_compressCCtx (get_compress_context (), compressed, bound,
                              self->json, self->json_len, COMPACT_LEVEL);
  if (ZSTD_isError (length) || length + 64 >= self->json_len)
    return bn_object_snapshot_ref (self);

  prefix = self->json - (const char *) self;
  copy = g_malloc (prefix + length);
  memcpy (copy, self, prefix);
  memcpy ((char *) copy + prefix, compressed, length);

  g_atomic_ref_count_init (&copy->ref_count);
  copy->size = prefix + length;
  copy->compact = TRUE;
  copy->json = (const char *) copy + prefix;
  copy->json_len = length;
  relocate_all (copy, self);

  return copy;
}

/**
 * bn_object_snapshot_get_memory_size:
 * @self: a #BnObjectSnapshot
 *
 * Returns: the bytes allocated for @self (allocator overhead aside)
 */
gsize
bn_object_snapshot_get_memory_size (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->size;
}

/**
 * bn_object_snapshot_get_status:
 * @self: a #BnObjectSnapshot
 *
 * Returns: (nullable): the STATUS column: for pods the reason kubectl prints, for nodes
 *   `Ready`, `NotReady` or `Unknown` (plus `,SchedulingDisabled`); %NULL for other kinds
 */
const char *
bn_object_snapshot_get_status (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->status;
}

const char *
bn_object_snapshot_get_pod_phase (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->phase;
}

guint
bn_object_snapshot_get_pod_ready_containers (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->ready_containers;
}

guint
bn_object_snapshot_get_pod_total_containers (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->total_containers;
}

guint
bn_object_snapshot_get_pod_restarts (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->restarts;
}

/**
 * bn_object_snapshot_get_pod_last_restart_time:
 * @self: a #BnObjectSnapshot
 *
 * Returns: Unix seconds of the latest `lastState.terminated.finishedAt` counted in the
 *   restarts, 0 when there is none
 */
gint64
bn_object_snapshot_get_pod_last_restart_time (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->last_restart_time;
}

const char *
bn_object_snapshot_get_pod_node_name (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->node_name;
}

/**
 * bn_object_snapshot_get_pod_ip:
 * @self: a #BnObjectSnapshot
 *
 * Returns: (nullable): the first of `status.podIPs`, else `status.podIP`
 */
const char *
bn_object_snapshot_get_pod_ip (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->pod_ip;
}

const char *
bn_object_snapshot_get_pod_nominated_node_name (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->nominated_node_name;
}

/**
 * bn_object_snapshot_get_pod_readiness_gates:
 * @self: a #BnObjectSnapshot
 * @n_true: (out) (optional): how many of them have a `True` condition
 *
 * Returns: the number of `spec.readinessGates`
 */
guint
bn_object_snapshot_get_pod_readiness_gates (const BnObjectSnapshot *self,
                                            guint                  *n_true)
{
  g_return_val_if_fail (self != NULL, 0);

  if (n_true != NULL)
    *n_true = self->readiness_gates_true;
  return self->readiness_gates;
}

BnNodeReady
bn_object_snapshot_get_node_ready (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, BN_NODE_READY_UNKNOWN);

  return self->node_ready;
}

gboolean
bn_object_snapshot_get_node_unschedulable (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->unschedulable;
}

/**
 * bn_object_snapshot_get_node_roles:
 * @self: a #BnObjectSnapshot
 *
 * Returns: (nullable): the roles from `node-role.kubernetes.io/<role>` and `kubernetes.io/role`
 *   labels, sorted and comma-separated as kubectl prints them; %NULL when there is none
 */
const char *
bn_object_snapshot_get_node_roles (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->roles;
}

/**
 * bn_object_snapshot_get_node_version:
 * @self: a #BnObjectSnapshot
 *
 * Returns: (nullable): `status.nodeInfo.kubeletVersion`
 */
const char *
bn_object_snapshot_get_node_version (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->version;
}

/**
 * bn_object_snapshot_get_node_internal_ip:
 * @self: a #BnObjectSnapshot
 *
 * Returns: (nullable): the first `InternalIP` of `status.addresses`
 */
const char *
bn_object_snapshot_get_node_internal_ip (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->internal_ip;
}

/**
 * bn_object_snapshot_get_deployment_replicas:
 * @self: a #BnObjectSnapshot
 *
 * Returns: `spec.replicas` (1 when absent, as the API defaults it)
 */
guint
bn_object_snapshot_get_deployment_replicas (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->replicas;
}

guint
bn_object_snapshot_get_deployment_ready (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->ready_replicas;
}

guint
bn_object_snapshot_get_deployment_updated (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->updated_replicas;
}

guint
bn_object_snapshot_get_deployment_available (const BnObjectSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->available_replicas;
}
