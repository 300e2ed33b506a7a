/* bn-object.c: the one main-thread row of one Kubernetes object
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-object.h"

/* One BnObject per uid lives in the watch cache's model for as long as the object exists.
 * A MODIFIED event swaps its snapshot; cells bound to its properties hear only about the
 * properties whose values changed, and the model never sees an items-changed for it. */
struct _BnObject
{
  GObject           parent_instance;
  BnObjectSnapshot *snapshot;
};

enum {
  PROP_0,
  PROP_SNAPSHOT,
  PROP_UID,
  PROP_NAME,
  PROP_NAMESPACE,
  PROP_RESOURCE_VERSION,
  PROP_CREATION_TIME,
  PROP_DELETING,
  PROP_STATUS,
  PROP_PHASE,
  PROP_READY,
  PROP_READY_CONTAINERS,
  PROP_TOTAL_CONTAINERS,
  PROP_RESTARTS,
  PROP_LAST_RESTART_TIME,
  PROP_NODE,
  PROP_IP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BnObject, bn_object, G_TYPE_OBJECT)

static void
bn_object_finalize (GObject *object)
{
  BnObject *self = (BnObject *) object;

  g_clear_pointer (&self->snapshot, bn_object_snapshot_unref);

  G_OBJECT_CLASS (bn_object_parent_class)->finalize (object);
}

static void
bn_object_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  BnObject *self = BN_OBJECT (object);

  switch (prop_id)
    {
    case PROP_SNAPSHOT:
      g_value_set_boxed (value, bn_object_get_snapshot (self));
      break;
    case PROP_UID:
      g_value_set_string (value, bn_object_get_uid (self));
      break;
    case PROP_NAME:
      g_value_set_string (value, bn_object_get_name (self));
      break;
    case PROP_NAMESPACE:
      g_value_set_string (value, bn_object_get_namespace (self));
      break;
    case PROP_RESOURCE_VERSION:
      g_value_set_string (value, bn_object_get_resource_version (self));
      break;
    case PROP_CREATION_TIME:
      g_value_set_int64 (value, bn_object_get_creation_time (self));
      break;
    case PROP_DELETING:
      g_value_set_boolean (value, bn_object_get_deleting (self));
      break;
    case PROP_STATUS:
      g_value_set_string (value, bn_object_get_status (self));
      break;
    case PROP_PHASE:
      g_value_set_string (value, bn_object_get_phase (self));
      break;
    case PROP_READY:
      g_value_take_string (value, bn_object_dup_ready (self));
      break;
    case PROP_READY_CONTAINERS:
      g_value_set_uint (value, bn_object_get_ready_containers (self));
      break;
    case PROP_TOTAL_CONTAINERS:
      g_value_set_uint (value, bn_object_get_total_containers (self));
      break;
    case PROP_RESTARTS:
      g_value_set_uint (value, bn_object_get_restarts (self));
      break;
    case PROP_LAST_RESTART_TIME:
      g_value_set_int64 (value, bn_object_get_last_restart_time (self));
      break;
    case PROP_NODE:
      g_value_set_string (value, bn_object_get_node (self));
      break;
    case PROP_IP:
      g_value_set_string (value, bn_object_get_ip (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_object_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  BnObject *self = BN_OBJECT (object);

  switch (prop_id)
    {
    case PROP_SNAPSHOT:
      /* a construct property: NULL when bn_object_new() was bypassed */
      if (g_value_get_boxed (value) != NULL)
        bn_object_set_snapshot (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
uint_property (const char *name)
{
  return g_param_spec_uint (name, NULL, NULL, 0, G_MAXUINT, 0,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
int64_property (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64, 0,
                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
bn_object_class_init (BnObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bn_object_finalize;
  object_class->get_property = bn_object_get_property;
  object_class->set_property = bn_object_set_property;

  /**
   * BnObject:snapshot:
   *
   * The current #BnObjectSnapshot. Setting it notifies every property that changed.
   */
  properties[PROP_SNAPSHOT] =
    g_param_spec_boxed ("snapshot", NULL, NULL,
                        BN_TYPE_OBJECT_SNAPSHOT,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY
                         | G_PARAM_STATIC_STRINGS));

  properties[PROP_UID] = string_property ("uid");
  properties[PROP_NAME] = string_property ("name");
  properties[PROP_NAMESPACE] = string_property ("namespace");
  properties[PROP_RESOURCE_VERSION] = string_property ("resource-version");

  /**
   * BnObject:creation-time:
   *
   * `metadata.creationTimestamp` in Unix seconds: the input of the AGE column.
   */
  properties[PROP_CREATION_TIME] = int64_property ("creation-time");

  properties[PROP_DELETING] =
    g_param_spec_boolean ("deleting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * BnObject:status:
   *
   * The STATUS column (see bn_object_snapshot_get_status()).
   */
  properties[PROP_STATUS] = string_property ("status");
  properties[PROP_PHASE] = string_property ("phase");

  /**
   * BnObject:ready:
   *
   * The READY column of pods, "ready/total".
   */
  properties[PROP_READY] = string_property ("ready");
  properties[PROP_READY_CONTAINERS] = uint_property ("ready-containers");
  properties[PROP_TOTAL_CONTAINERS] = uint_property ("total-containers");
  properties[PROP_RESTARTS] = uint_property ("restarts");
  properties[PROP_LAST_RESTART_TIME] = int64_property ("last-restart-time");
  properties[PROP_NODE] = string_property ("node");
  properties[PROP_IP] = string_property ("ip");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bn_object_init (BnObject *self)
{
}

/**
 * bn_object_new:
 * @snapshot: the object's first snapshot
 *
 * Returns: (transfer full): a new #BnObject
 */
BnObject *
bn_object_new (BnObjectSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, NULL);

  return g_object_new (BN_TYPE_OBJECT, "snapshot", snapshot, NULL);
}

/**
 * bn_object_get_snapshot:
 * @self: a #BnObject
 *
 * Returns: (transfer none): the current snapshot
 */
BnObjectSnapshot *
bn_object_get_snapshot (BnObject *self)
{
  g_return_val_if_fail (BN_IS_OBJECT (self), NULL);

  return self->snapshot;
}

static void
notify_if_string_changed (BnObject   *self,
                          const char *before,
                          const char *after,
                          guint       prop_id)
{
  if (g_strcmp0 (before, after) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
notify_if_changed (BnObject *self,
                   gint64    before,
                   gint64    after,
                   guint     prop_id)
{
  if (before != after)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* Compares the old and the new snapshot field by field; only real changes notify. */
static void
notify_changes (BnObject               *self,
                const BnObjectSnapshot *old,
                const BnObjectSnapshot *new)
{
#define STR(prop, getter) \
  notify_if_string_changed (self, old ? getter (old) : NULL, getter (new), prop)
#define NUM(prop, getter) \
  notify_if_changed (self, old ? (gint64) getter (old) : 0, (gint64) getter (new), prop)

  STR (PROP_UID, bn_object_snapshot_get_uid);
  STR (PROP_NAME, bn_object_snapshot_get_name);
  STR (PROP_NAMESPACE, bn_object_snapshot_get_namespace);
  STR (PROP_RESOURCE_VERSION, bn_object_snapshot_get_resource_version);
  NUM (PROP_CREATION_TIME, bn_object_snapshot_get_creation_time);
  NUM (PROP_DELETING, bn_object_snapshot_is_deleting);
  STR (PROP_STATUS, bn_object_snapshot_get_status);
  STR (PROP_PHASE, bn_object_snapshot_get_pod_phase);
  NUM (PROP_READY_CONTAINERS, bn_object_snapshot_get_pod_ready_containers);
  NUM (PROP_TOTAL_CONTAINERS, bn_object_snapshot_get_pod_total_containers);
  NUM (PROP_RESTARTS, bn_object_snapshot_get_pod_restarts);
  NUM (PROP_LAST_RESTART_TIME, bn_object_snapshot_get_pod_last_restart_time);
  STR (PROP_NODE, bn_object_snapshot_get_pod_node_name);
  STR (PROP_IP, bn_object_snapshot_get_pod_ip);

  if (old == NULL
      || bn_object_snapshot_get_pod_ready_containers (old) != bn_object_snapshot_get_pod_ready_containers (new)
      || bn_object_snapshot_get_pod_total_containers (old) != bn_object_snapshot_get_pod_total_containers (new))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);

#undef STR
#undef NUM
}

/**
 * bn_object_set_snapshot:
 * @self: a #BnObject
 * @snapshot: the new snapshot, of the same object (same uid)
 *
 * Swaps in a new version of the object and emits #GObject::notify for each property
 * whose value changed (and for #BnObject:snapshot), all at once after the swap.
 */
void
bn_object_set_snapshot (BnObject         *self,
                        BnObjectSnapshot *snapshot)
{
  g_autoptr(BnObjectSnapshot) old = NULL;

  g_return_if_fail (BN_IS_OBJECT (self));
  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (self->snapshot == NULL
                    || g_strcmp0 (bn_object_snapshot_get_uid (self->snapshot),
                                  bn_object_snapshot_get_uid (snapshot)) == 0);

  if (self->snapshot == snapshot)
    return;

  old = g_steal_pointer (&self->snapshot);
  self->snapshot = bn_object_snapshot_ref (snapshot);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPSHOT]);
  notify_changes (self, old, snapshot);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
bn_object_get_uid (BnObject *self)
{
  g_return_val_if_fail (BN_IS_OBJECT (self), NULL);

  return self->snapshot ? bn_object_snapshot_get_uid (self->snapshot) : NULL;
}

const char *
bn_object_get_name (BnObject *self)
{
  g_return_val_if_fail (BN_IS_OBJECT (self), NULL);

  return self->snapshot ? bn_object_snapshot_get_name (self->snapshot) : NULL;
}

const char *
bn_object_get_namespace (BnObject *self)
{
  g_return_val_if_fail (BN_IS_OBJECT (self), NULL);

  return self->snapshot ? bn_object_snapshot_get_namespace (self->snapshot) : NULL;
}

const char *
bn_object_get_resource_version (BnObject *self)
{
  g_return_val_if_fail (BN_IS_OBJECT (self), NULL);

  return self->snapshot ? bn_object_snapshot_get_resource_version (self->snapshot) : NULL;
}

gint64
bn_object_get_creation_time (BnObject *self)
{
  g_return_val_if_fail (BN_IS_OBJECT (self), 0);

  return self->snapshot ? bn_object_snapshot_get_creation_time (self->snapshot) : 0;
}

gboolean
bn_object_get_deleting (BnObject *self)
{
  g_return_val_if_fail (BN_IS_OBJECT (self), FALSE);

  return self->snapshot ? bn_object_snapshot_is_deleting (self->snapshot) : FALSE;
}

const char *
bn_object_get_status (BnObject *self)
{
  g_return_val_if_fail (BN_IS_OBJECT (self), NULL);

  return self->snapshot ? bn_object_snapshot_get_status (self->snapshot) : NULL;
}

const char *
bn_object_get_phase (BnObject *self)
{
  g_return_val_if_fail (BN_IS_OBJECT (self), NULL);

  return self->snapshot ? bn_object_snapshot_get_pod_phase (self->snapshot) : NULL;
}

/**
 * bn_object_dup_ready:
 * @self: a #BnObject
 *
 * Returns: (transfer full) (nullable): the READY column of a pod, "ready/total"; %NULL for
 *   other kinds
 */
char *
bn_object_dup_ready (BnObject *self)
{
  g_return_val_if_fail (BN_IS_OBJECT (self), NULL);

  if (self->snapshot == NULL || bn_object_snapshot_get_kind (self->snapshot) != BN_OBJECT_KIND_POD)
    return NULL;

  return g_strdup_printf ("%u/%u",
                          bn_object_snapshot_get_pod_ready_containers (self->snapshot),
                          bn_object_snapshot_get_pod_total_containers (self->snapshot));
}

guint
bn_object_get_ready_containers (BnObject *self)
{
  g_return_val_if_fail (BN_IS_OBJECT (self), 0);

  return self->snapshot ? bn_object_snapshot_get_pod_ready_containers (self->snapshot) : 0;
}

guint
bn_object_get_total_containers (BnObject *self)
{
  g_return_val_if_fail (BN_IS_OBJECT (self), 0);

  return self->snapshot ? bn_object_snapshot_get_pod_total_containers (self->snapshot) : 0;
}

guint
bn_object_get_restarts (BnObject *self)
{
  g_return_val_if_fail (BN_IS_OBJECT (self), 0);

  return self->snapshot ? bn_object_snapshot_get_pod_restarts (self->snapshot) : 0;
}

gint64
bn_object_get_last_restart_time (BnObject *self)
{
  g_return_val_if_fail (BN_IS_OBJECT (self), 0);

  return self->snapshot ? bn_object_snapshot_get_pod_last_restart_time (self->snapshot) : 0;
}

const char *
bn_object_get_node (BnObject *self)
{
  g_return_val_if_fail (BN_IS_OBJECT (self), NULL);

  return self->snapshot ? bn_object_snapshot_get_pod_node_name (self->snapshot) : NULL;
}

const char *
bn_object_get_ip (BnObject *self)
{
  g_return_val_if_fail (BN_IS_OBJECT (self), NULL);

  return self->snapshot ? bn_object_snapshot_get_pod_ip (self->snapshot) : NULL;
}
