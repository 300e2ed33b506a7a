/* bn-cluster-view.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "bn-cluster-overview.h"
#include "bn-cluster-view.h"
#include "bn-kind-catalog.h"
#include "bn-kube-error.h"
#include "bn-resource-page.h"

/**
 * BnClusterView:
 *
 * Everything about one cluster: a list of its kinds on the left (the Overview first, then
 * the built-in kinds in Headlamp's categories) and the page of the kind picked on the right.
 *
 * Once the cluster is connected, the view asks the server with SelfSubjectAccessReviews which
 * kinds the token may list, across the cluster or in the context's namespace only; the kinds
 * it may not list stay in the list, dimmed and marked "No access", so nothing disappears
 * without a reason. A 401 on those reviews emits #BnClusterView::unauthorized.
 */
struct _BnClusterView
{
  AdwBin         parent_instance;

  BnCluster     *cluster;
  GCancellable  *cancellable;
  GtkWidget     *overview;
  GtkWidget     *page;
  GPtrArray     *rows;           /* GtkListBoxRow, the overview first */
  GPtrArray     *custom_rows;    /* GtkListBoxRow of custom resources, by group and kind */
  GtkListBoxRow *shown_row;      /* weak: the row whose page is shown */
  BnWatchCache  *definitions;    /* CustomResourceDefinitions, while connected */
  guint          custom_id;
  BnKindAccess  *access;         /* per kind of the catalog */
  guint          pending_reviews;
  gboolean       reviews_started;
  gboolean       unauthorized;

  GtkSearchEntry *kind_search;
  GtkListBox     *kind_list;
  GtkStack       *page_stack;
  AdwLeaflet     *leaflet;
  GtkWidget      *kinds_box;
};

G_DEFINE_FINAL_TYPE (BnClusterView, bn_cluster_view, ADW_TYPE_BIN)

enum {
  SIG_UNAUTHORIZED,
  SIG_ACCESS_CHECKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_FOLDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_leaflet_folded_cb (BnClusterView *self)
{
  g_assert (BN_IS_CLUSTER_VIEW (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDED]);
}

static void
bn_cluster_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BnClusterView *self = BN_CLUSTER_VIEW (object);

  switch (prop_id)
    {
    case PROP_FOLDED:
      g_value_set_boolean (value, bn_cluster_view_get_folded (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define KIND_POSITION_KEY "bn-kind-position"
#define ACCESS_LABEL_KEY "bn-access-label"
#define CUSTOM_GROUP_KEY "bn-custom-group"

/**
 * bn_cluster_view_create_resource_page:
 * @cluster: the cluster
 * @type: the kind to show
 *
 * The one place that decides which widget shows a kind's objects.
 *
 * Returns: (transfer floating): the page for @type
 */
GtkWidget *
bn_cluster_view_create_resource_page (BnCluster      *cluster,
                                      BnResourceType *type)
{
  g_return_val_if_fail (BN_IS_CLUSTER (cluster), NULL);
  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (type), NULL);

  /* The page narrows to the namespaces the token may list by itself. */
  return bn_resource_page_new (cluster, type);
}

static int
row_kind_position (GtkListBoxRow *row)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), KIND_POSITION_KEY)) - 1;
}

static void
update_access_row (BnClusterView *self,
                   guint          position)
{
  GtkWidget *row = g_ptr_array_index (self->rows, position + 1);
  GtkLabel *label = g_object_get_data (G_OBJECT (row), ACCESS_LABEL_KEY);
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;

  switch (self->access[position])
    {
    case BN_KIND_ACCESS_NONE:
      text = g_strdup (_("No access"));
      gtk_widget_add_css_class (row, "no-access");
      break;

    case BN_KIND_ACCESS_NAMESPACE:
      /* Translators: a kind the token may list in one namespace only */
      text = g_strdup_printf (_("In %s"), bn_cluster_get_namespace (self->cluster));
      gtk_widget_remove_css_class (row, "no-access");
      break;

    case BN_KIND_ACCESS_UNKNOWN:
    case BN_KIND_ACCESS_ALL:
    default:
      gtk_widget_remove_css_class (row, "no-access");
      break;
    }

  gtk_label_set_label (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);

  accessible = text
    ? g_strdup_printf ("%s, %s", bn_kind_catalog_get_title (position), text)
    : g_strdup (bn_kind_catalog_get_title (position));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

typedef struct
{
  BnClusterView *self;
  guint          position;
  gboolean       in_namespace;
} Review;

static void start_review (BnClusterView *self,
                          guint          position,
                          gboolean       in_namespace);

static gboolean
parse_allowed (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root, *status;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                   (gssize) g_bytes_get_size (body), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;

  root = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (root, "status") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "status")))
    return FALSE;

  status = json_object_get_object_member (root, "status");
  return json_object_get_boolean_member_with_default (status, "allowed", FALSE);
}

static void
review_done (BnClusterView *self)
{
  g_assert (self->pending_reviews > 0);

  if (--self->pending_reviews == 0)
    g_signal_emit (self, signals[SIG_ACCESS_CHECKED], 0);
}

static void
on_review_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree Review *review = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = bn_api_client_request_finish (BN_API_CLIENT (object), result, &error);
  g_autoptr(BnClusterView) self = review->self;
  BnResourceType *type;

  /* A disposed view has no rows left to mark. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->rows == NULL ||
      self->pending_reviews == 0)
    return;

  if (g_error_matches (error, BN_KUBE_ERROR, BN_KUBE_ERROR_UNAUTHORIZED) && !self->unauthorized)
    {
      self->unauthorized = TRUE;
      g_signal_emit (self, signals[SIG_UNAUTHORIZED], 0);
    }

  if (body != NULL && parse_allowed (body))
    self->access[review->position] = review->in_namespace ? BN_KIND_ACCESS_NAMESPACE
                                                          : BN_KIND_ACCESS_ALL;
  else if (body != NULL && !review->in_namespace &&
           bn_cluster_get_namespace (self->cluster) != NULL &&
           (type = g_object_get_data (G_OBJECT (g_ptr_array_index (self->rows, review->position + 1)),
                                      "bn-type")) != NULL &&
           bn_resource_type_get_namespaced (type))
    {
      start_review (self, review->position, TRUE);
      review_done (self);
      return;
    }
  else if (body != NULL)
    self->access[review->position] = BN_KIND_ACCESS_NONE;

  update_access_row (self, review->position);
  review_done (self);
}

static void
start_review (BnClusterView *self,
              guint          position,
              gboolean       in_namespace)
{
  BnApiClient *client = bn_cluster_get_client (self->cluster);
  BnResourceType *type = g_object_get_data (G_OBJECT (g_ptr_array_index (self->rows, position + 1)),
                                            "bn-type");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;
  char *json;
  Review *review;

  if (client == NULL)
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, "authorization.k8s.io/v1");
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "SelfSubjectAccessReview");
  json_builder_set_member_name (builder, "spec");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "resourceAttributes");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "verb");
  json_builder_add_string_value (builder, "list");
  json_builder_set_member_name (builder, "group");
  json_builder_add_string_value (builder, bn_resource_type_get_group (type));
  json_builder_set_member_name (builder, "resource");
  json_builder_add_string_value (builder, bn_resource_type_get_plural (type));
  if (in_namespace)
    {
      json_builder_set_member_name (builder, "namespace");
      json_builder_add_string_value (builder, bn_cluster_get_namespace (self->cluster));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  body = g_bytes_new_take (json, strlen (json));

  review = g_new0 (Review, 1);
  review->self = g_object_ref (self);
  review->position = position;
  review->in_namespace = in_namespace;
  self->pending_reviews++;
  bn_api_client_request_async (client, "POST",
                               "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                               body, self->cancellable, on_review_cb, review);
}

static void
start_reviews (BnClusterView *self)
{
  if (self->reviews_started || bn_cluster_get_status (self->cluster) != BN_CLUSTER_CONNECTED)
    return;

  self->reviews_started = TRUE;
  for (guint i = 0; i < bn_kind_catalog_get_n_kinds (); i++)
    start_review (self, i, FALSE);
}

/* --- custom resources ---------------------------------------------------------------------- */

static GtkWidget *new_kind_row (const char *title);

static const char *
member_string (JsonObject *object,
               const char *name)
{
  return object ? json_object_get_string_member_with_default (object, name, NULL) : NULL;
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  if (object == NULL || !json_object_has_member (object, name) ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, name)))
    return NULL;

  return json_object_get_object_member (object, name);
}

static const char *
served_version (JsonObject *spec)
{
  const char *first = NULL;
  JsonArray *versions;

  if (!json_object_has_member (spec, "versions") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (spec, "versions")))
    return NULL;

  /* The storage version when it is served, else the first served one. */
  versions = json_object_get_array_member (spec, "versions");
  for (guint i = 0; i < json_array_get_length (versions); i++)
    {
      JsonNode *node = json_array_get_element (versions, i);
      JsonObject *version = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (version == NULL || !json_object_get_boolean_member_with_default (version, "served", FALSE))
        continue;
      if (json_object_get_boolean_member_with_default (version, "storage", FALSE))
        return member_string (version, "name");
      if (first == NULL)
        first = member_string (version, "name");
    }

  return first;
}

static BnResourceType *
type_from_definition (BnObject *definition)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GBytes) bytes = bn_object_snapshot_ref_json (bn_object_get_snapshot (definition));
  gsize length = 0;
  const char *json = bytes != NULL ? g_bytes_get_data (bytes, &length) : NULL;
  JsonObject *spec, *names;
  const char *group, *version, *kind, *plural;

  if (json == NULL || !json_parser_load_from_data (parser, json, (gssize) length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  spec = member_object (json_node_get_object (json_parser_get_root (parser)), "spec");
  names = member_object (spec, "names");
  group = member_string (spec, "group");
  kind = member_string (names, "kind");
  plural = member_string (names, "plural");
  version = spec ? served_version (spec) : NULL;
  if (group == NULL || kind == NULL || plural == NULL || version == NULL)
    return NULL;

  return bn_resource_type_new (group, version, kind, plural, member_string (names, "singular"),
                               g_strcmp0 (member_string (spec, "scope"), "Cluster") != 0,
                               NULL, NULL, NULL, NULL);
}

static int
compare_types (gconstpointer a,
               gconstpointer b)
{
  BnResourceType *type_a = *(BnResourceType **) a;
  BnResourceType *type_b = *(BnResourceType **) b;
  int by_group = g_strcmp0 (bn_resource_type_get_group (type_a), bn_resource_type_get_group (type_b));

  return by_group != 0 ? by_group : g_strcmp0 (bn_resource_type_get_kind (type_a),
                                                bn_resource_type_get_kind (type_b));
}

static void
remove_custom_rows (BnClusterView *self)
{
  for (guint i = 0; i < self->custom_rows->len; i++)
    gtk_list_box_remove (self->kind_list, g_ptr_array_index (self->custom_rows, i));
  g_ptr_array_set_size (self->custom_rows, 0);
}

static gboolean
update_custom_rows (gpointer user_data)
{
  BnClusterView *self = user_data;
  g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func (g_object_unref);
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->kind_list);
  gboolean selected_custom = selected != NULL &&
                             g_object_get_data (G_OBJECT (selected), CUSTOM_GROUP_KEY) != NULL;
  guint n;

  self->custom_id = 0;

  /* The page of a custom kind keeps showing while its row is rebuilt. */
  if (selected_custom || self->definitions == NULL)
    return G_SOURCE_REMOVE;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->definitions));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BnObject) definition = g_list_model_get_item (G_LIST_MODEL (self->definitions), i);
      BnResourceType *type = type_from_definition (definition);

      if (type != NULL)
        g_ptr_array_add (types, type);
    }
  g_ptr_array_sort (types, compare_types);

  remove_custom_rows (self);
  for (guint i = 0; i < types->len; i++)
    {
      BnResourceType *type = g_ptr_array_index (types, i);
      GtkWidget *row = new_kind_row (bn_resource_type_get_kind (type));
      g_autofree char *tooltip = g_strdup_printf ("%s.%s", bn_resource_type_get_plural (type),
                                                  bn_resource_type_get_group (type));

      gtk_widget_set_tooltip_text (row, tooltip);
      g_object_set_data_full (G_OBJECT (row), CUSTOM_GROUP_KEY,
                              g_strdup (bn_resource_type_get_group (type)), g_free);
      g_object_set_data_full (G_OBJECT (row), "bn-type", g_object_ref (type), g_object_unref);
      g_ptr_array_add (self->custom_rows, row);
      gtk_list_box_append (self->kind_list, row);
    }

  return G_SOURCE_REMOVE;
}

static void
on_definitions_changed_cb (BnClusterView *self)
{
  g_assert (BN_IS_CLUSTER_VIEW (self));

  /* Definitions arrive in one list: rebuild once, not per definition. */
  if (self->custom_id == 0)
    self->custom_id = g_timeout_add (100, update_custom_rows, self);
}

static void
watch_definitions (BnClusterView *self)
{
  g_autoptr(BnResourceType) type = NULL;

  if (self->definitions != NULL)
    return;

  type = bn_kind_catalog_new_type ((guint) bn_kind_catalog_find ("customresourcedefinitions", NULL));
  self->definitions = bn_cluster_watch (self->cluster, type, NULL, NULL);
  g_signal_connect_object (self->definitions, "items-changed",
                           G_CALLBACK (on_definitions_changed_cb), self, G_CONNECT_SWAPPED);
  on_definitions_changed_cb (self);
}

static void
unwatch_definitions (BnClusterView *self)
{
  g_clear_handle_id (&self->custom_id, g_source_remove);
  if (self->definitions == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->definitions, self);
  bn_cluster_unwatch (self->cluster, self->definitions);
  g_clear_object (&self->definitions);
}


static void
on_cluster_status_cb (BnClusterView *self)
{
  g_assert (BN_IS_CLUSTER_VIEW (self));

  if (bn_cluster_get_status (self->cluster) == BN_CLUSTER_DISCONNECTED)
    {
      /* A new session may come with new credentials: ask again then. */
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      self->reviews_started = FALSE;
      self->unauthorized = FALSE;
      self->pending_reviews = 0;
      unwatch_definitions (self);
      return;
    }

  if (bn_cluster_get_status (self->cluster) == BN_CLUSTER_CONNECTED)
    watch_definitions (self);
  start_reviews (self);
}

static GtkWidget *
new_kind_row (const char *title)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *access = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_visible (access, FALSE);
  gtk_widget_add_css_class (access, "caption");
  gtk_widget_add_css_class (access, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), access);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_object_set_data (G_OBJECT (row), ACCESS_LABEL_KEY, access);

  return row;
}

static void
update_kind_header (GtkListBoxRow *row,
                    GtkListBoxRow *before,
                    gpointer       user_data)
{
  int position = row_kind_position (row);
  int before_position = before ? row_kind_position (before) : -1;
  const char *group = g_object_get_data (G_OBJECT (row), CUSTOM_GROUP_KEY);
  GtkWidget *header;

  if (group != NULL)
    {
      const char *before_group = before ? g_object_get_data (G_OBJECT (before), CUSTOM_GROUP_KEY) : NULL;
      g_autofree char *title = NULL;

      if (g_strcmp0 (group, before_group) == 0)
        {
          gtk_list_box_row_set_header (row, NULL);
          return;
        }

      /* Translators: the heading of custom resources of one API group */
      title = g_strdup_printf (_("Custom Resources · %s"), group);
      header = gtk_label_new (title);
      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_label_set_ellipsize (GTK_LABEL (header), PANGO_ELLIPSIZE_END);
      gtk_widget_set_tooltip_text (header, title);
      gtk_widget_add_css_class (header, "heading");
      gtk_widget_add_css_class (header, "dim-label");
      gtk_widget_add_css_class (header, "kind-category-header");
      gtk_list_box_row_set_header (row, header);
      return;
    }

  if (position < 0 ||
      (before_position >= 0 &&
       bn_kind_catalog_get_category (position) == bn_kind_catalog_get_category (before_position)))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  if (gtk_list_box_row_get_header (row) != NULL)
    return;

  header = gtk_label_new (bn_kind_category_get_title (bn_kind_catalog_get_category (position)));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_widget_add_css_class (header, "kind-category-header");
  gtk_list_box_row_set_header (row, header);
}

static gboolean
filter_kind (GtkListBoxRow *row,
             gpointer       user_data)
{
  BnClusterView *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->kind_search));
  int position = row_kind_position (row);
  BnResourceType *type;
  g_autofree char *needle = NULL;
  g_autofree char *title = NULL;

  if (text == NULL || *text == '\0')
    return TRUE;

  type = g_object_get_data (G_OBJECT (row), "bn-type");
  if (type == NULL)
    return FALSE;

  needle = g_utf8_casefold (text, -1);
  title = g_utf8_casefold (position >= 0 ? bn_kind_catalog_get_title (position)
                                         : bn_resource_type_get_kind (type), -1);

  return strstr (title, needle) != NULL ||
         g_str_has_prefix (bn_resource_type_get_plural (type), needle) ||
         bn_resource_type_matches (type, text);
}

static void
populate_kinds (BnClusterView *self)
{
  GtkWidget *overview_row = new_kind_row (_("Overview"));

  g_ptr_array_add (self->rows, overview_row);
  gtk_list_box_append (self->kind_list, overview_row);

  self->access = g_new0 (BnKindAccess, bn_kind_catalog_get_n_kinds ());
  for (guint i = 0; i < bn_kind_catalog_get_n_kinds (); i++)
    {
      GtkWidget *row = new_kind_row (bn_kind_catalog_get_title (i));

      g_object_set_data (G_OBJECT (row), KIND_POSITION_KEY, GINT_TO_POINTER (i + 1));
      g_object_set_data_full (G_OBJECT (row), "bn-type", bn_kind_catalog_new_type (i),
                              g_object_unref);
      g_ptr_array_add (self->rows, row);
      gtk_list_box_append (self->kind_list, row);
    }

  gtk_list_box_set_header_func (self->kind_list, update_kind_header, NULL, NULL);
  gtk_list_box_set_filter_func (self->kind_list, filter_kind, self, NULL);
}

static void
show_page (BnClusterView *self,
           GtkWidget     *page)
{
  GtkWidget *old = self->page;

  self->page = page;
  gtk_stack_add_child (self->page_stack, page);
  gtk_stack_set_visible_child (self->page_stack, page);
  if (old != NULL)
    gtk_stack_remove (self->page_stack, old);
}

static void
show_kind_at (BnClusterView *self,
              int            position)
{
  BnResourceType *type = g_object_get_data (G_OBJECT (g_ptr_array_index (self->rows, position + 1)),
                                            "bn-type");

  show_page (self, bn_cluster_view_create_resource_page (self->cluster, type));
}

static void
on_kind_selected_cb (BnClusterView *self,
                     GtkListBoxRow *row,
                     GtkListBox    *list_box)
{
  int position;

  g_assert (BN_IS_CLUSTER_VIEW (self));

  /* A list box selects the row that takes the focus again, as Tab does: its page stays. */
  if (row == NULL || row == self->shown_row)
    return;
  g_set_weak_pointer (&self->shown_row, row);

  /* Folded, picking a kind is going to its page. */
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->page_stack));
  position = row_kind_position (row);
  if (g_object_get_data (G_OBJECT (row), CUSTOM_GROUP_KEY) != NULL)
    {
      show_page (self, bn_cluster_view_create_resource_page (self->cluster,
                                                             g_object_get_data (G_OBJECT (row), "bn-type")));
      return;
    }

  if (position < 0)
    {
      if (self->page != NULL)
        {
          gtk_stack_remove (self->page_stack, self->page);
          self->page = NULL;
        }
      gtk_stack_set_visible_child (self->page_stack, self->overview);
      return;
    }

  show_kind_at (self, position);
}

/* A click on the kind already shown, in a folded view, goes to its page. */
static void
on_kind_activated_cb (BnClusterView *self,
                      GtkListBoxRow *row,
                      GtkListBox    *list_box)
{
  g_assert (BN_IS_CLUSTER_VIEW (self));

  if (row == self->shown_row)
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->page_stack));
}

static void
on_kind_search_changed_cb (BnClusterView  *self,
                           GtkSearchEntry *entry)
{
  g_assert (BN_IS_CLUSTER_VIEW (self));

  gtk_list_box_invalidate_filter (self->kind_list);
}

static void
on_kind_search_activate_cb (BnClusterView  *self,
                            GtkSearchEntry *entry)
{
  g_assert (BN_IS_CLUSTER_VIEW (self));

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkListBoxRow *row = g_ptr_array_index (self->rows, i);

      if (filter_kind (row, self))
        {
          gtk_list_box_select_row (self->kind_list, row);
          gtk_editable_set_text (GTK_EDITABLE (self->kind_search), "");
          gtk_widget_grab_focus (GTK_WIDGET (row));
          return;
        }
    }
}

static void
on_kind_search_stop_cb (BnClusterView  *self,
                        GtkSearchEntry *entry)
{
  g_assert (BN_IS_CLUSTER_VIEW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->kind_search), "");
}

static void
bn_cluster_view_dispose (GObject *object)
{
  BnClusterView *self = BN_CLUSTER_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->cluster != NULL)
    unwatch_definitions (self);
  /* AdwBin unparents its child itself; gtk_widget_dispose_template() would do it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  self->overview = NULL;
  self->page = NULL;
  g_clear_weak_pointer (&self->shown_row);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->custom_rows, g_ptr_array_unref);
  g_clear_object (&self->cluster);

  G_OBJECT_CLASS (bn_cluster_view_parent_class)->dispose (object);
}

static void
bn_cluster_view_finalize (GObject *object)
{
  BnClusterView *self = BN_CLUSTER_VIEW (object);

  g_clear_pointer (&self->access, g_free);

  G_OBJECT_CLASS (bn_cluster_view_parent_class)->finalize (object);
}

static void
bn_cluster_view_class_init (BnClusterViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bn_cluster_view_dispose;
  object_class->finalize = bn_cluster_view_finalize;
  object_class->get_property = bn_cluster_view_get_property;

  /**
   * BnClusterView:folded:
   *
   * Whether the kinds and the page are shown one at a time.
   */
  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BnClusterView::unauthorized:
   * @self: a #BnClusterView
   *
   * The server answered 401: the cluster's credentials were refused.
   */
  signals[SIG_UNAUTHORIZED] =
    g_signal_new ("unauthorized", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * BnClusterView::access-checked:
   * @self: a #BnClusterView
   *
   * Every kind's access review has been answered.
   */
  signals[SIG_ACCESS_CHECKED] =
    g_signal_new ("access-checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/bn-cluster-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BnClusterView, kind_search);
  gtk_widget_class_bind_template_child (widget_class, BnClusterView, kind_list);
  gtk_widget_class_bind_template_child (widget_class, BnClusterView, page_stack);
  gtk_widget_class_bind_template_child (widget_class, BnClusterView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BnClusterView, kinds_box);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_search_stop_cb);
}

/* A list box takes Tab from row to row, and focusing a row opens its kind: Tab would open
 * every kind on its way to the page. Tab goes on to the page shown, Shift+Tab back to "Go to
 * kind"; the arrow keys still walk the kinds. */
static gboolean
on_kind_list_key_pressed_cb (BnClusterView         *self,
                             guint                  keyval,
                             guint                  keycode,
                             GdkModifierType        state,
                             GtkEventControllerKey *controller)
{
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  if (keyval == GDK_KEY_Tab && (state & GDK_SHIFT_MASK) == 0)
    {
      /* Folded, the page is not beside the kinds: leave Tab to the window. */
      if (adw_leaflet_get_folded (self->leaflet))
        return GDK_EVENT_PROPAGATE;
      return gtk_widget_child_focus (GTK_WIDGET (self->page_stack), GTK_DIR_TAB_FORWARD)
             ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
    }
  if (keyval == GDK_KEY_ISO_Left_Tab || (keyval == GDK_KEY_Tab && (state & GDK_SHIFT_MASK) != 0))
    return gtk_widget_grab_focus (GTK_WIDGET (self->kind_search)) ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;

  return GDK_EVENT_PROPAGATE;
}

static void
bn_cluster_view_init (BnClusterView *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_kind_list_key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->kind_list), controller);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (on_leaflet_folded_cb), self,
                           G_CONNECT_SWAPPED);

  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  self->custom_rows = g_ptr_array_new ();
  populate_kinds (self);
}

/**
 * bn_cluster_view_new:
 * @cluster: the cluster to show; it is connected if it is not yet
 *
 * Returns: (transfer floating): a new #BnClusterView on its overview
 */
GtkWidget *
bn_cluster_view_new (BnCluster *cluster)
{
  BnClusterView *self;

  g_return_val_if_fail (BN_IS_CLUSTER (cluster), NULL);

  self = g_object_new (BN_TYPE_CLUSTER_VIEW, NULL);
  self->cluster = g_object_ref (cluster);
  bn_cluster_connect (cluster);

  self->overview = bn_cluster_overview_new (cluster);
  gtk_stack_add_named (self->page_stack, self->overview, "overview");
  gtk_list_box_select_row (self->kind_list, g_ptr_array_index (self->rows, 0));

  g_signal_connect_object (cluster, "notify::status",
                           G_CALLBACK (on_cluster_status_cb), self, G_CONNECT_SWAPPED);
  on_cluster_status_cb (self);

  return GTK_WIDGET (self);
}

/**
 * bn_cluster_view_get_cluster:
 * @self: a #BnClusterView
 *
 * Returns: (transfer none): the cluster shown
 */
BnCluster *
bn_cluster_view_get_cluster (BnClusterView *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_VIEW (self), NULL);

  return self->cluster;
}

/**
 * bn_cluster_view_get_overview:
 * @self: a #BnClusterView
 *
 * Returns: (transfer none): the #BnClusterOverview
 */
GtkWidget *
bn_cluster_view_get_overview (BnClusterView *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_VIEW (self), NULL);

  return self->overview;
}

/**
 * bn_cluster_view_get_visible_page:
 * @self: a #BnClusterView
 *
 * Returns: (transfer none): the overview or the page of the kind picked
 */
GtkWidget *
bn_cluster_view_get_visible_page (BnClusterView *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_VIEW (self), NULL);

  return gtk_stack_get_visible_child (self->page_stack);
}

/**
 * bn_cluster_view_show_overview:
 * @self: a #BnClusterView
 */
void
bn_cluster_view_show_overview (BnClusterView *self)
{
  g_return_if_fail (BN_IS_CLUSTER_VIEW (self));

  gtk_list_box_select_row (self->kind_list, g_ptr_array_index (self->rows, 0));
}

/**
 * bn_cluster_view_show_kind:
 * @self: a #BnClusterView
 * @plural: a kind's resource name, such as `pods`
 *
 * Returns: whether the kind is listed (and now shown)
 */
gboolean
bn_cluster_view_show_kind (BnClusterView *self,
                           const char    *plural)
{
  int position;

  g_return_val_if_fail (BN_IS_CLUSTER_VIEW (self), FALSE);
  g_return_val_if_fail (plural != NULL, FALSE);

  position = bn_kind_catalog_find (plural, NULL);
  if (position >= 0)
    {
      gtk_list_box_select_row (self->kind_list, g_ptr_array_index (self->rows, position + 1));
      return TRUE;
    }

  for (guint i = 0; i < self->custom_rows->len; i++)
    {
      GtkListBoxRow *row = g_ptr_array_index (self->custom_rows, i);
      BnResourceType *type = g_object_get_data (G_OBJECT (row), "bn-type");

      if (g_str_equal (bn_resource_type_get_plural (type), plural))
        {
          gtk_list_box_select_row (self->kind_list, row);
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * bn_cluster_view_has_kind:
 * @self: a #BnClusterView
 * @plural: a kind's resource name, such as `deployments` or a custom resource's
 *
 * Returns: whether the navigation lists the kind
 */
gboolean
bn_cluster_view_has_kind (BnClusterView *self,
                          const char    *plural)
{
  g_return_val_if_fail (BN_IS_CLUSTER_VIEW (self), FALSE);
  g_return_val_if_fail (plural != NULL, FALSE);

  if (bn_kind_catalog_find (plural, NULL) >= 0)
    return TRUE;

  for (guint i = 0; i < self->custom_rows->len; i++)
    {
      BnResourceType *type = g_object_get_data (G_OBJECT (g_ptr_array_index (self->custom_rows, i)),
                                                "bn-type");

      if (g_str_equal (bn_resource_type_get_plural (type), plural))
        return TRUE;
    }

  return FALSE;
}

/**
 * bn_cluster_view_get_kind_access:
 * @self: a #BnClusterView
 * @plural: a kind's resource name, such as `secrets`
 *
 * Returns: what the server said about listing the kind
 */
BnKindAccess
bn_cluster_view_get_kind_access (BnClusterView *self,
                                 const char    *plural)
{
  int position;

  g_return_val_if_fail (BN_IS_CLUSTER_VIEW (self), BN_KIND_ACCESS_UNKNOWN);
  g_return_val_if_fail (plural != NULL, BN_KIND_ACCESS_UNKNOWN);

  position = bn_kind_catalog_find (plural, NULL);
  return position >= 0 ? self->access[position] : BN_KIND_ACCESS_UNKNOWN;
}

/**
 * bn_cluster_view_is_checking_access:
 * @self: a #BnClusterView
 *
 * Returns: whether access reviews are still on their way
 */
gboolean
bn_cluster_view_is_checking_access (BnClusterView *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_VIEW (self), FALSE);

  return !self->reviews_started || self->pending_reviews > 0;
}

/**
 * bn_cluster_view_refresh:
 * @self: a #BnClusterView
 *
 * Lists the visible page again from the server (the overview counts again) and asks again
 * which kinds the token may list. The window's `win.refresh` (F5) comes here.
 */
void
bn_cluster_view_refresh (BnClusterView *self)
{
  GtkWidget *page;

  g_return_if_fail (BN_IS_CLUSTER_VIEW (self));

  if (bn_cluster_get_status (self->cluster) == BN_CLUSTER_FAILED)
    {
      bn_cluster_disconnect (self->cluster);
      bn_cluster_connect (self->cluster);
    }

  if (self->pending_reviews == 0 && bn_cluster_get_status (self->cluster) == BN_CLUSTER_CONNECTED)
    {
      self->reviews_started = FALSE;
      start_reviews (self);
    }

  /* The page lists again from the server: rebuilding it over its shared cache would not. */
  page = gtk_stack_get_visible_child (self->page_stack);
  if (BN_IS_RESOURCE_PAGE (page))
    bn_resource_page_refresh (BN_RESOURCE_PAGE (page));
  else
    bn_cluster_overview_refresh (BN_CLUSTER_OVERVIEW (self->overview));
}

/**
 * bn_cluster_view_start_kind_search:
 * @self: a #BnClusterView
 *
 * Moves the keyboard focus to "Go to kind".
 */
void
bn_cluster_view_start_kind_search (BnClusterView *self)
{
  g_return_if_fail (BN_IS_CLUSTER_VIEW (self));

  adw_leaflet_set_visible_child (self->leaflet, self->kinds_box);
  gtk_widget_grab_focus (GTK_WIDGET (self->kind_search));
}

/**
 * bn_cluster_view_get_folded:
 * @self: a #BnClusterView
 *
 * Returns: whether the kinds and the page are shown one at a time (a narrow window)
 */
gboolean
bn_cluster_view_get_folded (BnClusterView *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_VIEW (self), FALSE);

  return adw_leaflet_get_folded (self->leaflet);
}

/**
 * bn_cluster_view_navigate_back:
 * @self: a #BnClusterView
 *
 * In a folded view showing a page, goes back to the list of kinds.
 *
 * Returns: whether there was somewhere to go back to inside the view
 */
gboolean
bn_cluster_view_navigate_back (BnClusterView *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_VIEW (self), FALSE);

  if (!adw_leaflet_get_folded (self->leaflet) ||
      adw_leaflet_get_visible_child (self->leaflet) == self->kinds_box)
    return FALSE;

  adw_leaflet_set_visible_child (self->leaflet, self->kinds_box);
  return TRUE;
}

/**
 * bn_cluster_view_focus_filter:
 * @self: a #BnClusterView
 *
 * Asks the visible resource page to focus its filter (its `page.find` action).
 *
 * Returns: whether the page has a filter
 */
gboolean
bn_cluster_view_focus_filter (BnClusterView *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_VIEW (self), FALSE);

  return self->page != NULL && gtk_widget_activate_action (self->page, "page.find", NULL);
}
