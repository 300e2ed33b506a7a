/* bn-cluster-manager.c: every cluster Binnacle knows, and the views across them
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-cluster-manager.h"

struct _BnClusterManager
{
  GObject           parent_instance;

  GPtrArray        *clusters;
  BnAggregateModel *all_pods;
  BnResourceType   *pods;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BnClusterManager, bn_cluster_manager, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/**
 * bn_cluster_manager_new:
 *
 * Returns: (transfer full): a manager without clusters
 */
BnClusterManager *
bn_cluster_manager_new (void)
{
  return g_object_new (BN_TYPE_CLUSTER_MANAGER, NULL);
}

/* The all-pods view follows the clusters as they connect and disconnect. */
static void
sync_all_pods (BnClusterManager *self,
               BnCluster        *cluster)
{
  BnClusterStatus status = bn_cluster_get_status (cluster);
  gboolean live = status == BN_CLUSTER_CONNECTING || status == BN_CLUSTER_CONNECTED;

  if (self->all_pods == NULL)
    return;

  if (live && !bn_aggregate_model_has_cluster (self->all_pods, cluster))
    {
      BnWatchCache *cache = bn_cluster_watch (cluster, self->pods, NULL, NULL);

      if (cache != NULL)
        bn_aggregate_model_add (self->all_pods, cluster, cache);
    }
  else if (!live)
    bn_aggregate_model_remove_cluster (self->all_pods, cluster);
}

static void
on_cluster_status_cb (BnCluster        *cluster,
                      GParamSpec       *pspec,
                      BnClusterManager *self)
{
  sync_all_pods (self, cluster);
}

/**
 * bn_cluster_manager_add:
 * @self: a #BnClusterManager
 * @cluster: a cluster whose id is not known yet
 *
 * Adds @cluster. Nothing connects: clusters connect when they are opened.
 */
void
bn_cluster_manager_add (BnClusterManager *self,
                        BnCluster        *cluster)
{
  g_return_if_fail (BN_IS_CLUSTER_MANAGER (self));
  g_return_if_fail (BN_IS_CLUSTER (cluster));
  g_return_if_fail (bn_cluster_manager_lookup (self, bn_cluster_get_id (cluster)) == NULL);

  g_ptr_array_add (self->clusters, g_object_ref (cluster));
  g_signal_connect_object (cluster, "notify::status", G_CALLBACK (on_cluster_status_cb), self, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), self->clusters->len - 1, 0, 1);
  sync_all_pods (self, cluster);
}

/**
 * bn_cluster_manager_remove:
 * @self: a #BnClusterManager
 * @cluster: one of its clusters
 *
 * Disconnects @cluster and forgets it.
 */
void
bn_cluster_manager_remove (BnClusterManager *self,
                           BnCluster        *cluster)
{
  guint pos;

  g_return_if_fail (BN_IS_CLUSTER_MANAGER (self));
  g_return_if_fail (BN_IS_CLUSTER (cluster));

  if (!g_ptr_array_find (self->clusters, cluster, &pos))
    return;

  g_signal_handlers_disconnect_by_func (cluster, on_cluster_status_cb, self);
  if (self->all_pods != NULL)
    bn_aggregate_model_remove_cluster (self->all_pods, cluster);
  bn_cluster_disconnect (cluster);
  g_ptr_array_remove_index (self->clusters, pos);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);
}

/**
 * bn_cluster_manager_lookup:
 *
 * Returns: (transfer none) (nullable): the cluster with @id
 */
BnCluster *
bn_cluster_manager_lookup (BnClusterManager *self,
                           const char       *id)
{
  g_return_val_if_fail (BN_IS_CLUSTER_MANAGER (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->clusters->len; i++)
    {
      BnCluster *cluster = g_ptr_array_index (self->clusters, i);

      if (g_str_equal (bn_cluster_get_id (cluster), id))
        return cluster;
    }
  return NULL;
}

/**
 * bn_cluster_manager_get_all_pods:
 * @self: a #BnClusterManager
 *
 * The pods of every connected (or connecting) cluster, in one unordered list of #BnObject; each
 * object's cluster is bn_object_get_cluster(). Watching starts the first time this is asked for.
 *
 * Returns: (transfer none): the list
 */
GListModel *
bn_cluster_manager_get_all_pods (BnClusterManager *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_MANAGER (self), NULL);

  if (self->all_pods == NULL)
    {
      self->all_pods = bn_aggregate_model_new ();
      for (guint i = 0; i < self->clusters->len; i++)
        sync_all_pods (self, g_ptr_array_index (self->clusters, i));
    }
  return G_LIST_MODEL (self->all_pods);
}

/**
 * bn_cluster_manager_disconnect_all:
 *
 * Ends every session, joining every worker thread. For shutting down.
 */
void
bn_cluster_manager_disconnect_all (BnClusterManager *self)
{
  g_return_if_fail (BN_IS_CLUSTER_MANAGER (self));

  if (self->all_pods != NULL)
    for (guint i = 0; i < self->clusters->len; i++)
      bn_aggregate_model_remove_cluster (self->all_pods, g_ptr_array_index (self->clusters, i));
  for (guint i = 0; i < self->clusters->len; i++)
    bn_cluster_disconnect (g_ptr_array_index (self->clusters, i));
}

static GType
bn_cluster_manager_get_item_type (GListModel *model)
{
  return BN_TYPE_CLUSTER;
}

static guint
bn_cluster_manager_get_n_items (GListModel *model)
{
  return BN_CLUSTER_MANAGER (model)->clusters->len;
}

static gpointer
bn_cluster_manager_get_item (GListModel *model,
                             guint       position)
{
  BnClusterManager *self = BN_CLUSTER_MANAGER (model);

  if (position >= self->clusters->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->clusters, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = bn_cluster_manager_get_item_type;
  iface->get_n_items = bn_cluster_manager_get_n_items;
  iface->get_item = bn_cluster_manager_get_item;
}

static void
bn_cluster_manager_dispose (GObject *object)
{
  BnClusterManager *self = BN_CLUSTER_MANAGER (object);

  if (self->clusters != NULL)
    {
      for (guint i = 0; i < self->clusters->len; i++)
        g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->clusters, i),
                                              on_cluster_status_cb, self);
      g_clear_object (&self->all_pods);
      bn_cluster_manager_disconnect_all (self);
      g_clear_pointer (&self->clusters, g_ptr_array_unref);
    }
  g_clear_object (&self->pods);

  G_OBJECT_CLASS (bn_cluster_manager_parent_class)->dispose (object);
}

static void
bn_cluster_manager_class_init (BnClusterManagerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bn_cluster_manager_dispose;
}

static void
bn_cluster_manager_init (BnClusterManager *self)
{
  self->clusters = g_ptr_array_new_with_free_func (g_object_unref);
  self->pods = bn_resource_type_new_builtin ("pods");
}
