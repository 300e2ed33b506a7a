/* bn-cluster.c: one cluster, its session and the caches open on it
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "bn-cluster.h"

#define DEFAULT_GRACE_MS (30 * 1000)

typedef struct
{
  BnCluster    *cluster;
  BnWatchCache *cache;
  char         *key;
  guint         users;
  guint         grace_id;
} CacheEntry;

struct _BnCluster
{
  GObject          parent_instance;

  char            *id;
  char            *name;
  char            *namespace_;
  BnClusterInfo   *cluster_info;
  BnAuthInfo      *auth_info;
  gboolean         locked;
  guint            grace_ms;

  BnApiClient     *client;
  GCancellable    *cancellable;
  BnClusterStatus  status;
  GError          *error;
  char            *server_version;
  GHashTable      *caches;             /* key → CacheEntry */
  BnDiscovery     *discovery;
  BnWatchCache    *crds;
  BnAccessReview  *access_review;
};

G_DEFINE_FINAL_TYPE (BnCluster, bn_cluster, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_LOCKED,
  PROP_STATUS,
  PROP_ERROR,
  PROP_SERVER_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
bn_cluster_status_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { BN_CLUSTER_DISCONNECTED, "BN_CLUSTER_DISCONNECTED", "disconnected" },
        { BN_CLUSTER_CONNECTING, "BN_CLUSTER_CONNECTING", "connecting" },
        { BN_CLUSTER_CONNECTED, "BN_CLUSTER_CONNECTED", "connected" },
        { BN_CLUSTER_FAILED, "BN_CLUSTER_FAILED", "failed" },
        { 0, NULL, NULL }
      };
      GType type = g_enum_register_static (g_intern_static_string ("BnClusterStatus"), values);

      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_clear_handle_id (&entry->grace_id, g_source_remove);
  bn_watch_cache_stop (entry->cache);
  g_clear_object (&entry->cache);
  g_free (entry->key);
  g_free (entry);
}

static void
set_status (BnCluster       *self,
            BnClusterStatus  status,
            const GError    *error)
{
  if (self->error != NULL || error != NULL)
    {
      g_clear_error (&self->error);
      self->error = error ? g_error_copy (error) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
}

/**
 * bn_cluster_new:
 * @id: a stable id (used for settings and the keyring)
 * @name: the name shown, e.g. the kubeconfig context
 * @cluster_info: where the cluster is and how to trust it
 * @auth_info: (nullable): who to be there
 * @namespace_: (nullable): the default namespace
 *
 * Creates a disconnected cluster, locked (read-only).
 *
 * Returns: (transfer full): a new #BnCluster
 */
BnCluster *
bn_cluster_new (const char    *id,
                const char    *name,
                BnClusterInfo *cluster_info,
                BnAuthInfo    *auth_info,
                const char    *namespace_)
{
  BnCluster *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (cluster_info != NULL, NULL);

  self = g_object_new (BN_TYPE_CLUSTER, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name ? name : id);
  self->namespace_ = g_strdup (namespace_ && *namespace_ ? namespace_ : "default");
  self->cluster_info = bn_cluster_info_ref (cluster_info);
  self->auth_info = auth_info ? bn_auth_info_ref (auth_info) : NULL;
  return self;
}

const char *
bn_cluster_get_id (BnCluster *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER (self), NULL);
  return self->id;
}

const char *
bn_cluster_get_name (BnCluster *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER (self), NULL);
  return self->name;
}

const char *
bn_cluster_get_namespace (BnCluster *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER (self), NULL);
  return self->namespace_;
}

const char *
bn_cluster_get_server (BnCluster *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER (self), NULL);
  return self->cluster_info->server;
}

BnClusterInfo *
bn_cluster_get_cluster_info (BnCluster *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER (self), NULL);
  return self->cluster_info;
}

BnAuthInfo *
bn_cluster_get_auth_info (BnCluster *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER (self), NULL);
  return self->auth_info;
}

gboolean
bn_cluster_get_locked (BnCluster *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER (self), TRUE);
  return self->locked;
}

/**
 * bn_cluster_set_locked:
 * @self: a #BnCluster
 * @locked: %TRUE to keep the cluster read-only
 *
 * Locks or unlocks the cluster: while locked, its client refuses every request that could
 * change something (see bn_api_client_allows()).
 */
void
bn_cluster_set_locked (BnCluster *self,
                       gboolean   locked)
{
  g_return_if_fail (BN_IS_CLUSTER (self));

  locked = !!locked;
  if (self->locked == locked)
    return;
  self->locked = locked;
  if (self->client != NULL)
    bn_api_client_set_locked (self->client, locked);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
}

BnClusterStatus
bn_cluster_get_status (BnCluster *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER (self), BN_CLUSTER_DISCONNECTED);
  return self->status;
}

/**
 * bn_cluster_get_error:
 *
 * Returns: (nullable): why the cluster failed
 */
const GError *
bn_cluster_get_error (BnCluster *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER (self), NULL);
  return self->error;
}

/**
 * bn_cluster_get_server_version:
 *
 * Returns: (nullable): the server's `gitVersion`, once connected
 */
const char *
bn_cluster_get_server_version (BnCluster *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER (self), NULL);
  return self->server_version;
}

/**
 * bn_cluster_get_client:
 *
 * Returns: (transfer none) (nullable): the client, while connected or connecting
 */
BnApiClient *
bn_cluster_get_client (BnCluster *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER (self), NULL);
  return self->client;
}

static void
on_version_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  GWeakRef *weak = data;
  g_autoptr(BnCluster) self = g_weak_ref_get (weak);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = bn_api_client_request_finish (BN_API_CLIENT (object), result, &error);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  g_weak_ref_clear (weak);
  g_free (weak);

  /* the cluster went away, or disconnected (maybe connected again) since */
  if (self == NULL || self->client != BN_API_CLIENT (object) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
    return;

  if (body == NULL)
    {
      set_status (self, BN_CLUSTER_FAILED, error);
      return;
    }

  g_clear_pointer (&self->server_version, g_free);
  if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *obj = json_node_get_object (json_parser_get_root (parser));

      self->server_version = g_strdup (json_object_get_string_member_with_default (obj, "gitVersion", NULL));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_VERSION]);
  set_status (self, BN_CLUSTER_CONNECTED, NULL);
}

/**
 * bn_cluster_connect:
 * @self: a #BnCluster
 *
 * Creates the session (its worker thread) if there is none and asks the server for its
 * version. Returns at once: an unreachable server never holds up the caller or another cluster.
 */
void
bn_cluster_connect (BnCluster *self)
{
  g_autoptr(GError) error = NULL;
  GWeakRef *weak;

  g_return_if_fail (BN_IS_CLUSTER (self));

  if (self->client != NULL)
    return;

  self->client = bn_api_client_new (self->cluster_info, self->auth_info, &error);
  if (self->client == NULL)
    {
      set_status (self, BN_CLUSTER_FAILED, error);
      return;
    }
  bn_api_client_set_locked (self->client, self->locked);

  self->cancellable = g_cancellable_new ();
  set_status (self, BN_CLUSTER_CONNECTING, NULL);
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  bn_api_client_request_async (self->client, "GET", "/version", NULL, self->cancellable,
                               on_version_cb, weak);
}

/**
 * bn_cluster_disconnect:
 * @self: a #BnCluster
 *
 * Stops every cache of the cluster, cancels its requests and ends its session.
 */
void
bn_cluster_disconnect (BnCluster *self)
{
  g_return_if_fail (BN_IS_CLUSTER (self));

  if (self->discovery != NULL)
    bn_discovery_follow_crds (self->discovery, NULL);
  g_clear_object (&self->crds);
  g_clear_object (&self->discovery);
  g_clear_object (&self->access_review);
  g_hash_table_remove_all (self->caches);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client != NULL)
    bn_api_client_shutdown (self->client);
  g_clear_object (&self->client);
  set_status (self, BN_CLUSTER_DISCONNECTED, NULL);
}

static void
on_discovery_refreshed_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!bn_discovery_refresh_finish (BN_DISCOVERY (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Discovery failed: %s", error->message);
}

/**
 * bn_cluster_get_discovery:
 * @self: a #BnCluster
 *
 * What the cluster serves. The first call connects the cluster if needed, starts reading
 * discovery, and keeps it current by watching CustomResourceDefinitions.
 *
 * Returns: (transfer none) (nullable): the discovery list, %NULL when the cluster cannot connect
 */
BnDiscovery *
bn_cluster_get_discovery (BnCluster *self)
{
  g_autoptr(BnResourceType) crd_type = NULL;

  g_return_val_if_fail (BN_IS_CLUSTER (self), NULL);

  if (self->discovery != NULL)
    return self->discovery;

  bn_cluster_connect (self);
  if (self->client == NULL)
    return NULL;

  self->discovery = bn_discovery_new (self->client);
  bn_discovery_refresh_async (self->discovery, self->cancellable, on_discovery_refreshed_cb, NULL);

  crd_type = bn_resource_type_new_builtin ("customresourcedefinitions");
  self->crds = bn_cluster_watch (self, crd_type, NULL, NULL);
  bn_discovery_follow_crds (self->discovery, G_LIST_MODEL (self->crds));
  return self->discovery;
}

/**
 * bn_cluster_get_access_review:
 * @self: a #BnCluster
 *
 * Returns: (transfer none) (nullable): what the credentials may do, %NULL when the cluster
 *   cannot connect
 */
BnAccessReview *
bn_cluster_get_access_review (BnCluster *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER (self), NULL);

  if (self->access_review == NULL)
    {
      bn_cluster_connect (self);
      if (self->client != NULL)
        self->access_review = bn_access_review_new (self->client);
    }
  return self->access_review;
}

static char *
cache_key (BnResourceType *type,
           const char     *namespace_,
           const char     *label_selector)
{
  g_autofree char *path = bn_resource_type_dup_path (type, namespace_);

  return g_strconcat (path, "?", label_selector ? label_selector : "", NULL);
}

/**
 * bn_cluster_watch:
 * @self: a #BnCluster
 * @type: what to mirror
 * @namespace_: (nullable): one namespace, or %NULL for all
 * @label_selector: (nullable): a label selector
 *
 * Returns the running cache for these objects, shared with everyone else who asked for the same.
 * Connects the cluster if needed. Hand it back with bn_cluster_unwatch() when done: a cache
 * nobody uses is stopped after a grace period (so flipping between pages stays instant).
 *
 * Returns: (transfer full): the cache
 */
BnWatchCache *
bn_cluster_watch (BnCluster      *self,
                  BnResourceType *type,
                  const char     *namespace_,
                  const char     *label_selector)
{
  g_autofree char *key = NULL;
  CacheEntry *entry;

  g_return_val_if_fail (BN_IS_CLUSTER (self), NULL);
  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (type), NULL);

  bn_cluster_connect (self);
  if (self->client == NULL)
    return NULL;

  if (!bn_resource_type_get_namespaced (type) || (namespace_ != NULL && *namespace_ == '\0'))
    namespace_ = NULL;
  if (label_selector != NULL && *label_selector == '\0')
    label_selector = NULL;

  key = cache_key (type, namespace_, label_selector);
  entry = g_hash_table_lookup (self->caches, key);
  if (entry == NULL)
    {
      entry = g_new0 (CacheEntry, 1);
      entry->cluster = self;
      entry->key = g_steal_pointer (&key);
      entry->cache = bn_watch_cache_new (self->client, type, namespace_, label_selector);
      g_hash_table_insert (self->caches, entry->key, entry);
    }

  entry->users++;
  g_clear_handle_id (&entry->grace_id, g_source_remove);
  bn_watch_cache_start (entry->cache);
  return g_object_ref (entry->cache);
}

static gboolean
on_grace_over_cb (gpointer data)
{
  CacheEntry *entry = data;

  entry->grace_id = 0;
  g_hash_table_remove (entry->cluster->caches, entry->key);
  return G_SOURCE_REMOVE;
}

/**
 * bn_cluster_unwatch:
 * @self: a #BnCluster
 * @cache: a cache from bn_cluster_watch()
 *
 * Says one user is done with @cache. Drop your reference too.
 */
void
bn_cluster_unwatch (BnCluster    *self,
                    BnWatchCache *cache)
{
  GHashTableIter iter;
  CacheEntry *entry;

  g_return_if_fail (BN_IS_CLUSTER (self));
  g_return_if_fail (BN_IS_WATCH_CACHE (cache));

  g_hash_table_iter_init (&iter, self->caches);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      if (entry->cache != cache)
        continue;
      g_return_if_fail (entry->users > 0);
      if (--entry->users == 0)
        entry->grace_id = g_timeout_add_full (G_PRIORITY_LOW, self->grace_ms, on_grace_over_cb, entry, NULL);
      return;
    }
}

/**
 * bn_cluster_set_grace_period:
 * @self: a #BnCluster
 * @milliseconds: how long an unused cache keeps running (30 s by default)
 */
void
bn_cluster_set_grace_period (BnCluster *self,
                             guint      milliseconds)
{
  g_return_if_fail (BN_IS_CLUSTER (self));
  self->grace_ms = milliseconds;
}

/**
 * bn_cluster_get_n_caches:
 *
 * Returns: how many caches are running or within their grace period
 */
guint
bn_cluster_get_n_caches (BnCluster *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER (self), 0);
  return g_hash_table_size (self->caches);
}

static void
bn_cluster_dispose (GObject *object)
{
  BnCluster *self = BN_CLUSTER (object);

  if (self->caches != NULL)
    bn_cluster_disconnect (self);
  g_clear_pointer (&self->caches, g_hash_table_unref);

  G_OBJECT_CLASS (bn_cluster_parent_class)->dispose (object);
}

static void
bn_cluster_finalize (GObject *object)
{
  BnCluster *self = BN_CLUSTER (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->namespace_, g_free);
  g_clear_pointer (&self->server_version, g_free);
  g_clear_pointer (&self->cluster_info, bn_cluster_info_unref);
  g_clear_pointer (&self->auth_info, bn_auth_info_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (bn_cluster_parent_class)->finalize (object);
}

static void
bn_cluster_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  BnCluster *self = BN_CLUSTER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_LOCKED:
      g_value_set_boolean (value, self->locked);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_SERVER_VERSION:
      g_value_set_string (value, self->server_version);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_cluster_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  BnCluster *self = BN_CLUSTER (object);

  switch (prop_id)
    {
    case PROP_LOCKED:
      bn_cluster_set_locked (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_cluster_class_init (BnClusterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bn_cluster_dispose;
  object_class->finalize = bn_cluster_finalize;
  object_class->get_property = bn_cluster_get_property;
  object_class->set_property = bn_cluster_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * BnCluster:locked:
   *
   * Whether the cluster is read-only. %TRUE until the user unlocks it.
   */
  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, BN_TYPE_CLUSTER_STATUS, BN_CLUSTER_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_VERSION] =
    g_param_spec_string ("server-version", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bn_cluster_init (BnCluster *self)
{
  self->locked = TRUE;
  self->grace_ms = DEFAULT_GRACE_MS;
  self->caches = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, cache_entry_free);
}
