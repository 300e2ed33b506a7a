/* bn-resource-list.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bn-resource-list.h"

/**
 * BnResourceList:
 *
 * A plain column view of the objects of one kind (name, namespace, status) over a shared
 * watch cache, with a status page while loading, when empty, when denied and on errors. The
 * cluster view shows it where the full resource page is not built in; see
 * bn_cluster_view_create_resource_page().
 */
struct _BnResourceList
{
  AdwBin               parent_instance;

  BnCluster           *cluster;
  BnWatchCache        *cache;

  GtkStack            *stack;
  AdwStatusPage       *status_page;
  GtkNoSelection      *selection;
  GtkColumnViewColumn *namespace_column;
  GtkColumnViewColumn *status_column;
};

G_DEFINE_FINAL_TYPE (BnResourceList, bn_resource_list, ADW_TYPE_BIN)

static void
show_status (BnResourceList *self,
             const char     *icon_name,
             const char     *title,
             const char     *description)
{
  adw_status_page_set_icon_name (self->status_page, icon_name);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_stack_set_visible_child_name (self->stack, "status");
}

static void
update_state (BnResourceList *self)
{
  const GError *error = bn_watch_cache_get_error (self->cache);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->cache));

  switch (bn_watch_cache_get_state (self->cache))
    {
    case BN_WATCH_CACHE_LOADING:
      show_status (self, "content-loading-symbolic", _("Loading…"), NULL);
      break;

    case BN_WATCH_CACHE_FORBIDDEN:
      show_status (self, "action-unavailable-symbolic", _("No Access"),
                   _("Your credentials may not list these objects. Ask the cluster’s "
                     "administrator for a role that allows it, or sign in with another token."));
      break;

    case BN_WATCH_CACHE_UNAUTHORIZED:
      show_status (self, "dialog-password-symbolic", _("Sign-in Needed"),
                   _("The server did not accept the credentials. Sign in again from the "
                     "cluster’s menu."));
      break;

    case BN_WATCH_CACHE_ERROR:
      show_status (self, "dialog-error-symbolic", _("Cannot Load"),
                   error ? error->message : NULL);
      break;

    case BN_WATCH_CACHE_READY:
    case BN_WATCH_CACHE_RECONNECTING:
    default:
      if (n == 0)
        show_status (self, "folder-symbolic", _("Nothing Here"),
                     _("There are no objects of this kind yet."));
      else
        gtk_stack_set_visible_child_name (self->stack, "list");
      break;
    }
}

static void
bn_resource_list_dispose (GObject *object)
{
  BnResourceList *self = BN_RESOURCE_LIST (object);

  if (self->cache != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->cache, self);
      gtk_no_selection_set_model (self->selection, NULL);
      bn_cluster_unwatch (self->cluster, self->cache);
      g_clear_object (&self->cache);
    }
  /* AdwBin unparents its child itself; gtk_widget_dispose_template() would do it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->cluster);

  G_OBJECT_CLASS (bn_resource_list_parent_class)->dispose (object);
}

static void
bn_resource_list_class_init (BnResourceListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bn_resource_list_dispose;

  g_type_ensure (BN_TYPE_OBJECT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/bn-resource-list.ui");
  gtk_widget_class_bind_template_child (widget_class, BnResourceList, stack);
  gtk_widget_class_bind_template_child (widget_class, BnResourceList, status_page);
  gtk_widget_class_bind_template_child (widget_class, BnResourceList, selection);
  gtk_widget_class_bind_template_child (widget_class, BnResourceList, namespace_column);
  gtk_widget_class_bind_template_child (widget_class, BnResourceList, status_column);
}

static void
bn_resource_list_init (BnResourceList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * bn_resource_list_new:
 * @cluster: the cluster
 * @type: the kind to list
 * @namespace_: (nullable): one namespace, %NULL for all
 *
 * Returns: (transfer floating): a new #BnResourceList, watching at once
 */
GtkWidget *
bn_resource_list_new (BnCluster      *cluster,
                      BnResourceType *type,
                      const char     *namespace_)
{
  BnResourceList *self;

  g_return_val_if_fail (BN_IS_CLUSTER (cluster), NULL);
  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (type), NULL);

  self = g_object_new (BN_TYPE_RESOURCE_LIST, NULL);
  self->cluster = g_object_ref (cluster);
  self->cache = bn_cluster_watch (cluster, type, namespace_, NULL);
  gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->cache));
  gtk_column_view_column_set_visible (self->namespace_column,
                                      bn_resource_type_get_namespaced (type));
  gtk_column_view_column_set_visible (self->status_column,
                                      g_str_equal (bn_resource_type_get_plural (type), "pods") ||
                                      g_str_equal (bn_resource_type_get_plural (type), "nodes"));
  g_signal_connect_object (self->cache, "notify::state",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cache, "items-changed",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  update_state (self);

  return GTK_WIDGET (self);
}

/**
 * bn_resource_list_get_cache:
 * @self: a #BnResourceList
 *
 * Returns: (transfer none): the cache the list shows
 */
BnWatchCache *
bn_resource_list_get_cache (BnResourceList *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_LIST (self), NULL);

  return self->cache;
}
