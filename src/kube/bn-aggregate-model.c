/* bn-aggregate-model.c: the objects of several clusters' caches as one list
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One section per cluster, in the order they were added. Positions are found by walking the
 * sections: there are a handful of clusters, not thousands.
 */

#include "config.h"

#include "bn-aggregate-model.h"

typedef struct
{
  BnAggregateModel *model;
  BnCluster        *cluster;
  BnWatchCache     *cache;
  gulong            handler_id;
  guint             n_items;
} Section;

struct _BnAggregateModel
{
  GObject    parent_instance;
  GPtrArray *sections;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BnAggregateModel, bn_aggregate_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GQuark cluster_quark;

static void
section_free (gpointer data)
{
  Section *section = data;

  g_clear_signal_handler (&section->handler_id, section->cache);
  bn_cluster_unwatch (section->cluster, section->cache);
  g_clear_object (&section->cache);
  g_clear_object (&section->cluster);
  g_free (section);
}

static guint
section_offset (BnAggregateModel *self,
                Section          *wanted)
{
  guint offset = 0;

  for (guint i = 0; i < self->sections->len; i++)
    {
      Section *section = g_ptr_array_index (self->sections, i);

      if (section == wanted)
        break;
      offset += section->n_items;
    }
  return offset;
}

static void
on_section_items_changed_cb (GListModel *model,
                             guint       position,
                             guint       removed,
                             guint       added,
                             gpointer    data)
{
  Section *section = data;

  section->n_items = section->n_items - removed + added;
  g_list_model_items_changed (G_LIST_MODEL (section->model),
                              section_offset (section->model, section) + position, removed, added);
}

/**
 * bn_aggregate_model_new:
 *
 * Returns: (transfer full): an empty model
 */
BnAggregateModel *
bn_aggregate_model_new (void)
{
  return g_object_new (BN_TYPE_AGGREGATE_MODEL, NULL);
}

/**
 * bn_aggregate_model_add:
 * @self: a #BnAggregateModel
 * @cluster: the cluster @cache belongs to
 * @cache: (transfer full): a cache from bn_cluster_watch(); the model unwatches it when done
 *
 * Appends the objects of @cache as the section of @cluster.
 */
void
bn_aggregate_model_add (BnAggregateModel *self,
                        BnCluster        *cluster,
                        BnWatchCache     *cache)
{
  Section *section;
  guint offset;

  g_return_if_fail (BN_IS_AGGREGATE_MODEL (self));
  g_return_if_fail (BN_IS_CLUSTER (cluster));
  g_return_if_fail (BN_IS_WATCH_CACHE (cache));

  section = g_new0 (Section, 1);
  section->model = self;
  section->cluster = g_object_ref (cluster);
  section->cache = cache;
  section->n_items = g_list_model_get_n_items (G_LIST_MODEL (cache));
  section->handler_id = g_signal_connect (cache, "items-changed",
                                          G_CALLBACK (on_section_items_changed_cb), section);
  g_ptr_array_add (self->sections, section);

  offset = section_offset (self, section);
  if (section->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), offset, 0, section->n_items);
}

/**
 * bn_aggregate_model_remove_cluster:
 *
 * Removes the section of @cluster, if any.
 */
void
bn_aggregate_model_remove_cluster (BnAggregateModel *self,
                                   BnCluster        *cluster)
{
  g_return_if_fail (BN_IS_AGGREGATE_MODEL (self));

  for (guint i = 0; i < self->sections->len; i++)
    {
      Section *section = g_ptr_array_index (self->sections, i);

      if (section->cluster == cluster)
        {
          guint offset = section_offset (self, section);
          guint n = section->n_items;

          g_ptr_array_remove_index (self->sections, i);
          if (n > 0)
            g_list_model_items_changed (G_LIST_MODEL (self), offset, n, 0);
          return;
        }
    }
}

gboolean
bn_aggregate_model_has_cluster (BnAggregateModel *self,
                                BnCluster        *cluster)
{
  g_return_val_if_fail (BN_IS_AGGREGATE_MODEL (self), FALSE);

  for (guint i = 0; i < self->sections->len; i++)
    if (((Section *) g_ptr_array_index (self->sections, i))->cluster == cluster)
      return TRUE;
  return FALSE;
}

static Section *
find_section (BnAggregateModel *self,
              guint            *position)
{
  for (guint i = 0; i < self->sections->len; i++)
    {
      Section *section = g_ptr_array_index (self->sections, i);

      if (*position < section->n_items)
        return section;
      *position -= section->n_items;
    }
  return NULL;
}

/**
 * bn_aggregate_model_get_cluster:
 *
 * Returns: (transfer none) (nullable): the cluster of the object at @position
 */
BnCluster *
bn_aggregate_model_get_cluster (BnAggregateModel *self,
                                guint             position)
{
  Section *section;

  g_return_val_if_fail (BN_IS_AGGREGATE_MODEL (self), NULL);

  section = find_section (self, &position);
  return section ? section->cluster : NULL;
}

/**
 * bn_object_get_cluster:
 * @object: an object taken from a #BnAggregateModel
 *
 * The cluster column of the aggregated list.
 *
 * Returns: (transfer none) (nullable): the cluster @object came from
 */
BnCluster *
bn_object_get_cluster (BnObject *object)
{
  g_return_val_if_fail (BN_IS_OBJECT (object), NULL);
  return cluster_quark ? g_object_get_qdata (G_OBJECT (object), cluster_quark) : NULL;
}

static GType
bn_aggregate_model_get_item_type (GListModel *model)
{
  return BN_TYPE_OBJECT;
}

static guint
bn_aggregate_model_get_n_items (GListModel *model)
{
  BnAggregateModel *self = BN_AGGREGATE_MODEL (model);
  guint n = 0;

  for (guint i = 0; i < self->sections->len; i++)
    n += ((Section *) g_ptr_array_index (self->sections, i))->n_items;
  return n;
}

static gpointer
bn_aggregate_model_get_item (GListModel *model,
                             guint       position)
{
  BnAggregateModel *self = BN_AGGREGATE_MODEL (model);
  Section *section = find_section (self, &position);
  BnObject *object;

  if (section == NULL)
    return NULL;
  object = g_list_model_get_item (G_LIST_MODEL (section->cache), position);
  /* the cluster lives longer than its objects in any model: a plain pointer will do */
  if (object != NULL)
    g_object_set_qdata (G_OBJECT (object), cluster_quark, section->cluster);
  return object;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = bn_aggregate_model_get_item_type;
  iface->get_n_items = bn_aggregate_model_get_n_items;
  iface->get_item = bn_aggregate_model_get_item;
}

static void
bn_aggregate_model_dispose (GObject *object)
{
  BnAggregateModel *self = BN_AGGREGATE_MODEL (object);

  if (self->sections != NULL)
    g_ptr_array_set_size (self->sections, 0);

  G_OBJECT_CLASS (bn_aggregate_model_parent_class)->dispose (object);
}

static void
bn_aggregate_model_finalize (GObject *object)
{
  BnAggregateModel *self = BN_AGGREGATE_MODEL (object);

  g_clear_pointer (&self->sections, g_ptr_array_unref);

  G_OBJECT_CLASS (bn_aggregate_model_parent_class)->finalize (object);
}

static void
bn_aggregate_model_class_init (BnAggregateModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bn_aggregate_model_dispose;
  object_class->finalize = bn_aggregate_model_finalize;

  cluster_quark = g_quark_from_static_string ("bn-aggregate-model-cluster");
}

static void
bn_aggregate_model_init (BnAggregateModel *self)
{
  self->sections = g_ptr_array_new_with_free_func (section_free);
}
