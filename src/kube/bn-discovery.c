/* bn-discovery.c: which kinds of objects a cluster serves
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Aggregated discovery (one document for /api and one for /apis) when the server offers it,
 * asked for with client-go's Accept header; otherwise the legacy walk: /api, /apis, then one
 * APIResourceList per preferred group version. Only the preferred version of each group is
 * kept. The documents are small: json-glib on the caller's thread is fine (JSON.md).
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "bn-discovery.h"
#include "bn-kube-error.h"

#define AGGREGATED_ACCEPT "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList," \
                          "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList," \
                          "application/json"
#define CRD_SETTLE_MS     2000

struct _BnDiscovery
{
  GObject       parent_instance;

  BnApiClient  *client;
  GPtrArray    *types;
  gboolean      loaded;
  gboolean      aggregated;
  gboolean      refreshing;

  GListModel   *crds;
  gulong        crds_handler;
  guint         settle_id;
  GCancellable *cancellable;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BnDiscovery, bn_discovery, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

typedef struct
{
  GPtrArray *types;
  guint      pending;
  guint      failed_roots;
  gboolean   aggregated;
  GError    *error;
} Refresh;

static void
refresh_free (gpointer data)
{
  Refresh *refresh = data;

  g_clear_pointer (&refresh->types, g_ptr_array_unref);
  g_clear_error (&refresh->error);
  g_free (refresh);
}

/* Parsing ***************************************************************************************/

static GStrv
dup_strv (JsonObject *object,
          const char *member)
{
  JsonArray *array;
  GStrvBuilder *builder;
  GStrv strv;

  if (object == NULL || !json_object_has_member (object, member) ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, member)))
    return NULL;

  array = json_object_get_array_member (object, member);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }
  strv = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return strv;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static void
add_aggregated_resources (Refresh    *refresh,
                          const char *group,
                          JsonObject *version)
{
  JsonArray *resources = get_array (version, "resources");
  const char *version_name = get_string (version, "version");

  for (guint i = 0; resources != NULL && i < json_array_get_length (resources); i++)
    {
      JsonObject *resource = json_array_get_object_element (resources, i);
      JsonArray *subs = get_array (resource, "subresources");
      const char *plural = get_string (resource, "resource");
      const char *kind = get_string (get_object (resource, "responseKind"), "kind");
      g_auto(GStrv) verbs = dup_strv (resource, "verbs");
      g_auto(GStrv) short_names = dup_strv (resource, "shortNames");
      g_auto(GStrv) categories = dup_strv (resource, "categories");
      g_autoptr(GStrvBuilder) sub_names = g_strv_builder_new ();
      g_auto(GStrv) subresources = NULL;

      if (plural == NULL || kind == NULL || version_name == NULL)
        continue;
      for (guint j = 0; subs != NULL && j < json_array_get_length (subs); j++)
        {
          const char *sub = get_string (json_array_get_object_element (subs, j), "subresource");

          if (sub != NULL)
            g_strv_builder_add (sub_names, sub);
        }
      subresources = g_strv_builder_end (sub_names);

      g_ptr_array_add (refresh->types,
                       bn_resource_type_new (group, version_name, kind, plural,
                                             get_string (resource, "singularResource"),
                                             g_strcmp0 (get_string (resource, "scope"), "Namespaced") == 0,
                                             (const char * const *) verbs,
                                             (const char * const *) short_names,
                                             (const char * const *) categories,
                                             (const char * const *) subresources));
    }
}

static void
parse_aggregated (Refresh    *refresh,
                  JsonObject *root)
{
  JsonArray *items = get_array (root, "items");

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *group = get_string (get_object (item, "metadata"), "name");
      JsonArray *versions = get_array (item, "versions");

      /* versions come in preference order; a Stale one belongs to an API service that is down */
      for (guint j = 0; versions != NULL && j < json_array_get_length (versions); j++)
        {
          JsonObject *version = json_array_get_object_element (versions, j);

          if (g_strcmp0 (get_string (version, "freshness"), "Stale") == 0)
            continue;
          add_aggregated_resources (refresh, group ? group : "", version);
          break;
        }
    }
}

static void
parse_resource_list (Refresh    *refresh,
                     const char *group,
                     const char *version,
                     JsonObject *root)
{
  JsonArray *resources = get_array (root, "resources");
  g_autoptr(GHashTable) subresources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                               (GDestroyNotify) g_strv_builder_unref);

  /* subresources are listed as parent/sub: collect them first */
  for (guint i = 0; resources != NULL && i < json_array_get_length (resources); i++)
    {
      const char *name = get_string (json_array_get_object_element (resources, i), "name");
      const char *slash = name ? strchr (name, '/') : NULL;
      GStrvBuilder *builder;
      g_autofree char *parent = NULL;

      if (slash == NULL)
        continue;
      parent = g_strndup (name, slash - name);
      builder = g_hash_table_lookup (subresources, parent);
      if (builder == NULL)
        {
          builder = g_strv_builder_new ();
          g_hash_table_insert (subresources, g_strdup (parent), builder);
        }
      g_strv_builder_add (builder, slash + 1);
    }

  for (guint i = 0; resources != NULL && i < json_array_get_length (resources); i++)
    {
      JsonObject *resource = json_array_get_object_element (resources, i);
      const char *name = get_string (resource, "name");
      const char *kind = get_string (resource, "kind");
      g_auto(GStrv) verbs = dup_strv (resource, "verbs");
      g_auto(GStrv) short_names = dup_strv (resource, "shortNames");
      g_auto(GStrv) categories = dup_strv (resource, "categories");
      g_auto(GStrv) subs = NULL;
      GStrvBuilder *builder;
      JsonNode *namespaced;

      if (name == NULL || kind == NULL || strchr (name, '/') != NULL)
        continue;
      builder = g_hash_table_lookup (subresources, name);
      subs = builder ? g_strv_builder_end (builder) : NULL;
      namespaced = json_object_get_member (resource, "namespaced");

      g_ptr_array_add (refresh->types,
                       bn_resource_type_new (group, version, kind, name,
                                             get_string (resource, "singularName"),
                                             namespaced != NULL && json_node_get_value_type (namespaced) == G_TYPE_BOOLEAN &&
                                             json_node_get_boolean (namespaced),
                                             (const char * const *) verbs,
                                             (const char * const *) short_names,
                                             (const char * const *) categories,
                                             (const char * const *) subs));
    }
}

static JsonNode *
parse_body (GBytes  *body,
            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_RESPONSE,
                           "The server sent a discovery document that is not an object");
      return NULL;
    }
  return json_node_copy (root);
}

/* Refreshing ************************************************************************************/

static void
refresh_step_done (GTask *task)
{
  BnDiscovery *self = g_task_get_source_object (task);
  Refresh *refresh = g_task_get_task_data (task);
  guint old;

  if (--refresh->pending > 0)
    {
      g_object_unref (task);
      return;
    }

  self->refreshing = FALSE;
  if (refresh->failed_roots == 2)
    {
      g_task_return_error (task, g_steal_pointer (&refresh->error));
      g_object_unref (task);
      return;
    }

  old = self->types->len;
  g_clear_pointer (&self->types, g_ptr_array_unref);
  self->types = g_steal_pointer (&refresh->types);
  self->aggregated = refresh->aggregated;
  self->loaded = TRUE;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->types->len);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

typedef struct
{
  GTask *task;
  char  *group;
  char  *version;
} ListRequest;

static void
on_resource_list_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      data)
{
  ListRequest *request = data;
  Refresh *refresh = g_task_get_task_data (request->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = bn_api_client_request_finish (BN_API_CLIENT (object), result, &error);
  g_autoptr(JsonNode) root = body ? parse_body (body, &error) : NULL;

  /* one group version failing (an aggregated API server that is down) costs only that group */
  if (root != NULL)
    parse_resource_list (refresh, request->group, request->version, json_node_get_object (root));
  else
    g_debug ("Discovery of %s/%s failed: %s", request->group, request->version, error->message);

  refresh_step_done (request->task);
  g_free (request->group);
  g_free (request->version);
  g_free (request);
}

static void
request_resource_list (GTask      *task,
                       const char *group,
                       const char *version)
{
  BnDiscovery *self = g_task_get_source_object (task);
  Refresh *refresh = g_task_get_task_data (task);
  ListRequest *request = g_new0 (ListRequest, 1);
  g_autofree char *path = NULL;

  request->task = g_object_ref (task);
  request->group = g_strdup (group);
  request->version = g_strdup (version);
  path = *group == '\0' ? g_strconcat ("/api/", version, NULL)
                        : g_strconcat ("/apis/", group, "/", version, NULL);
  refresh->pending++;
  bn_api_client_get_async (self->client, path, NULL, g_task_get_cancellable (task),
                           on_resource_list_cb, request);
}

static void
walk_legacy_root (GTask      *task,
                  JsonObject *root)
{
  const char *kind = get_string (root, "kind");

  if (g_strcmp0 (kind, "APIVersions") == 0)
    {
      JsonArray *versions = get_array (root, "versions");

      if (versions != NULL && json_array_get_length (versions) > 0)
        request_resource_list (task, "", json_array_get_string_element (versions, 0));
      return;
    }

  if (g_strcmp0 (kind, "APIGroupList") == 0)
    {
      JsonArray *groups = get_array (root, "groups");

      for (guint i = 0; groups != NULL && i < json_array_get_length (groups); i++)
        {
          JsonObject *group = json_array_get_object_element (groups, i);
          const char *name = get_string (group, "name");
          const char *version = get_string (get_object (group, "preferredVersion"), "version");

          if (name != NULL && version != NULL)
            request_resource_list (task, name, version);
        }
    }
}

static void
on_root_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  GTask *task = data;
  Refresh *refresh = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = bn_api_client_request_finish (BN_API_CLIENT (object), result, &error);
  g_autoptr(JsonNode) root = body ? parse_body (body, &error) : NULL;

  if (root == NULL)
    {
      refresh->failed_roots++;
      if (refresh->error == NULL)
        refresh->error = g_steal_pointer (&error);
    }
  else if (g_strcmp0 (get_string (json_node_get_object (root), "kind"), "APIGroupDiscoveryList") == 0)
    {
      refresh->aggregated = TRUE;
      parse_aggregated (refresh, json_node_get_object (root));
    }
  else
    walk_legacy_root (task, json_node_get_object (root));

  refresh_step_done (task);
}

/**
 * bn_discovery_refresh_async:
 * @self: a #BnDiscovery
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the list is complete
 * @user_data: data for @callback
 *
 * Reads what the cluster serves, replacing the list when done. Fails only when neither `/api`
 * nor `/apis` answered; a group whose server is down is left out.
 */
void
bn_discovery_refresh_async (BnDiscovery         *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  Refresh *refresh;

  g_return_if_fail (BN_IS_DISCOVERY (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bn_discovery_refresh_async);
  refresh = g_new0 (Refresh, 1);
  refresh->types = g_ptr_array_new_with_free_func (g_object_unref);
  refresh->pending = 2;
  g_task_set_task_data (task, refresh, refresh_free);
  self->refreshing = TRUE;

  bn_api_client_get_async (self->client, "/api", AGGREGATED_ACCEPT, cancellable, on_root_cb, g_object_ref (task));
  bn_api_client_get_async (self->client, "/apis", AGGREGATED_ACCEPT, cancellable, on_root_cb, task);
}

gboolean
bn_discovery_refresh_finish (BnDiscovery   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (BN_IS_DISCOVERY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Following CRDs ********************************************************************************/

static void
on_crd_refresh_done_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!bn_discovery_refresh_finish (BN_DISCOVERY (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Discovery after a CRD change failed: %s", error->message);
}

static gboolean
on_crds_settled_cb (gpointer data)
{
  BnDiscovery *self = data;

  self->settle_id = 0;
  bn_discovery_refresh_async (self, self->cancellable, on_crd_refresh_done_cb, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_crds_changed_cb (GListModel  *model,
                    guint        position,
                    guint        removed,
                    guint        added,
                    BnDiscovery *self)
{
  /* a new CRD shows in discovery once it is Established, a moment after it appears */
  g_clear_handle_id (&self->settle_id, g_source_remove);
  self->settle_id = g_timeout_add (CRD_SETTLE_MS, on_crds_settled_cb, self);
}

/**
 * bn_discovery_follow_crds:
 * @self: a #BnDiscovery
 * @crds: (nullable): a live list of the cluster's CustomResourceDefinitions (a #BnWatchCache)
 *
 * Refreshes discovery whenever a CRD appears or goes away.
 */
void
bn_discovery_follow_crds (BnDiscovery *self,
                          GListModel  *crds)
{
  g_return_if_fail (BN_IS_DISCOVERY (self));
  g_return_if_fail (!crds || G_IS_LIST_MODEL (crds));

  if (self->crds != NULL)
    g_clear_signal_handler (&self->crds_handler, self->crds);
  g_set_object (&self->crds, crds);
  if (crds != NULL)
    self->crds_handler = g_signal_connect_object (crds, "items-changed", G_CALLBACK (on_crds_changed_cb),
                                                  self, 0);
}

/* Looking up ************************************************************************************/

/**
 * bn_discovery_lookup:
 * @self: a #BnDiscovery
 * @name: a plural, singular, short name or kind, optionally with `.GROUP`
 *
 * Resolves @name as kubectl does: plural and kind names first, then singular and short names,
 * the core group before the others.
 *
 * Returns: (transfer none) (nullable): the type
 */
BnResourceType *
bn_discovery_lookup (BnDiscovery *self,
                     const char  *name)
{
  g_return_val_if_fail (BN_IS_DISCOVERY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->types->len; i++)
    {
      BnResourceType *type = g_ptr_array_index (self->types, i);

      if (g_ascii_strcasecmp (bn_resource_type_get_plural (type), name) == 0)
        return type;
    }
  for (guint i = 0; i < self->types->len; i++)
    {
      BnResourceType *type = g_ptr_array_index (self->types, i);

      if (bn_resource_type_matches (type, name))
        return type;
    }
  return NULL;
}

/**
 * bn_discovery_dup_category:
 * @self: a #BnDiscovery
 * @category: e.g. `all`
 *
 * Returns: (transfer container) (element-type BnResourceType): the types in @category
 */
GPtrArray *
bn_discovery_dup_category (BnDiscovery *self,
                           const char  *category)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (BN_IS_DISCOVERY (self), out);

  for (guint i = 0; i < self->types->len; i++)
    {
      BnResourceType *type = g_ptr_array_index (self->types, i);

      if (g_strv_contains (bn_resource_type_get_categories (type), category))
        g_ptr_array_add (out, g_object_ref (type));
    }
  return out;
}

gboolean
bn_discovery_is_loaded (BnDiscovery *self)
{
  g_return_val_if_fail (BN_IS_DISCOVERY (self), FALSE);
  return self->loaded;
}

/**
 * bn_discovery_get_aggregated:
 *
 * Returns: whether the server answered with aggregated discovery
 */
gboolean
bn_discovery_get_aggregated (BnDiscovery *self)
{
  g_return_val_if_fail (BN_IS_DISCOVERY (self), FALSE);
  return self->aggregated;
}

/* GListModel and GObject ************************************************************************/

static GType
bn_discovery_get_item_type (GListModel *model)
{
  return BN_TYPE_RESOURCE_TYPE;
}

static guint
bn_discovery_get_n_items (GListModel *model)
{
  return BN_DISCOVERY (model)->types->len;
}

static gpointer
bn_discovery_get_item (GListModel *model,
                       guint       position)
{
  BnDiscovery *self = BN_DISCOVERY (model);

  if (position >= self->types->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->types, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = bn_discovery_get_item_type;
  iface->get_n_items = bn_discovery_get_n_items;
  iface->get_item = bn_discovery_get_item;
}

/**
 * bn_discovery_new:
 * @client: the cluster's client
 *
 * Returns: (transfer full): an empty list; see bn_discovery_refresh_async()
 */
BnDiscovery *
bn_discovery_new (BnApiClient *client)
{
  BnDiscovery *self;

  g_return_val_if_fail (BN_IS_API_CLIENT (client), NULL);

  self = g_object_new (BN_TYPE_DISCOVERY, NULL);
  self->client = g_object_ref (client);
  return self;
}

static void
bn_discovery_dispose (GObject *object)
{
  BnDiscovery *self = BN_DISCOVERY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  if (self->crds != NULL)
    g_clear_signal_handler (&self->crds_handler, self->crds);
  g_clear_object (&self->crds);

  G_OBJECT_CLASS (bn_discovery_parent_class)->dispose (object);
}

static void
bn_discovery_finalize (GObject *object)
{
  BnDiscovery *self = BN_DISCOVERY (object);

  g_clear_pointer (&self->types, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (bn_discovery_parent_class)->finalize (object);
}

static void
bn_discovery_class_init (BnDiscoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bn_discovery_dispose;
  object_class->finalize = bn_discovery_finalize;
}

static void
bn_discovery_init (BnDiscovery *self)
{
  self->types = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
}
