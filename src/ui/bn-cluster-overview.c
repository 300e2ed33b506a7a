/* bn-cluster-overview.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "bn-cluster-overview.h"
#include "bn-kind-catalog.h"

/* Enough to see that something is wrong, not a list to work through: that is the pods page. */
#define MAX_PROBLEMS_SHOWN 12

/**
 * BnClusterOverview:
 *
 * A cluster at a glance: its version, how many nodes, namespaces and pods it has, and what
 * is wrong (failing pods, recent warning events). Everything comes from shared watch caches,
 * so the numbers stay live and cost nothing extra when the pages show the same kinds.
 *
 * A token that may not list a kind across the cluster still gets an overview: pods and events
 * fall back to the context's namespace, and counts it may not see say so instead of failing.
 */
struct _BnClusterOverview
{
  AdwBin        parent_instance;

  BnCluster    *cluster;
  BnWatchCache *caches[4];
  gboolean      narrowed[4];
  guint         refresh_id;
  guint         tick_id;
  guint         n_problems;
  gboolean      connection_lost;

  GtkWidget    *connection_note;
  GtkLabel     *title_label;
  GtkLabel     *server_label;
  GtkLabel     *version_label;
  GtkLabel     *nodes_label;
  GtkLabel     *nodes_caption;
  GtkLabel     *namespaces_label;
  GtkLabel     *namespaces_caption;
  GtkLabel     *pods_label;
  GtkLabel     *pods_caption;
  GtkListBox   *problems_list;
  GtkLabel     *problems_placeholder;
};

G_DEFINE_FINAL_TYPE (BnClusterOverview, bn_cluster_overview, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONNECTION_LOST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum { CACHE_NODES, CACHE_NAMESPACES, CACHE_PODS, CACHE_EVENTS };

static const char * const cache_kinds[] = { "nodes", "namespaces", "pods", "events" };

static const char * const healthy_pod_states[] = {
  "Running", "Completed", "Succeeded", "ContainerCreating", "PodInitializing", "Terminating", NULL
};

static void schedule_refresh (BnClusterOverview *self);

static BnResourceType *
new_type (guint which)
{
  return bn_kind_catalog_new_type ((guint) bn_kind_catalog_find (cache_kinds[which], ""));
}

static void
release_cache (BnClusterOverview *self,
               guint              which)
{
  if (self->caches[which] == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->caches[which], self);
  bn_cluster_unwatch (self->cluster, self->caches[which]);
  g_clear_object (&self->caches[which]);
}

static void
on_cache_changed_cb (BnClusterOverview *self)
{
  g_assert (BN_IS_CLUSTER_OVERVIEW (self));

  schedule_refresh (self);
}

static void
watch (BnClusterOverview *self,
       guint              which,
       const char        *namespace_)
{
  g_autoptr(BnResourceType) type = new_type (which);

  release_cache (self, which);
  self->narrowed[which] = namespace_ != NULL;
  self->caches[which] = bn_cluster_watch (self->cluster, type, namespace_, NULL);
  g_signal_connect_object (self->caches[which], "items-changed",
                           G_CALLBACK (on_cache_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->caches[which], "notify::state",
                           G_CALLBACK (on_cache_changed_cb), self, G_CONNECT_SWAPPED);
}

static gboolean
is_denied (BnWatchCache *cache)
{
  return cache != NULL && bn_watch_cache_get_state (cache) == BN_WATCH_CACHE_FORBIDDEN;
}

static void
narrow_denied_caches (BnClusterOverview *self)
{
  const char *namespace_ = bn_cluster_get_namespace (self->cluster);

  /* Namespaced kinds the token may not list everywhere are often listable in its own. */
  for (guint which = CACHE_PODS; which <= CACHE_EVENTS; which++)
    if (is_denied (self->caches[which]) && !self->narrowed[which] && namespace_ != NULL)
      watch (self, which, namespace_);
}

static void
set_count (GtkLabel     *label,
           GtkLabel     *caption,
           BnWatchCache *cache,
           const char   *title)
{
  g_autofree char *text = NULL;

  switch (cache ? bn_watch_cache_get_state (cache) : BN_WATCH_CACHE_LOADING)
    {
    case BN_WATCH_CACHE_READY:
    case BN_WATCH_CACHE_RECONNECTING:
      text = g_strdup_printf ("%u", g_list_model_get_n_items (G_LIST_MODEL (cache)));
      gtk_label_set_label (label, text);
      gtk_label_set_label (caption, title);
      break;

    case BN_WATCH_CACHE_FORBIDDEN:
      gtk_label_set_label (label, "—");
      /* Translators: a count the token may not see, e.g. "Nodes · no access" */
      text = g_strdup_printf (_("%s · no access"), title);
      gtk_label_set_label (caption, text);
      break;

    case BN_WATCH_CACHE_UNAUTHORIZED:
    case BN_WATCH_CACHE_ERROR:
      gtk_label_set_label (label, "—");
      text = g_strdup_printf (_("%s · error"), title);
      gtk_label_set_label (caption, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (caption),
                                   bn_watch_cache_get_error (cache)
                                     ? bn_watch_cache_get_error (cache)->message : NULL);
      break;

    case BN_WATCH_CACHE_LOADING:
    default:
      gtk_label_set_label (label, "…");
      gtk_label_set_label (caption, title);
      break;
    }
}

static GtkWidget *
new_problem_row (const char *icon_name,
                 const char *css_class,
                 const char *title,
                 const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *escaped_subtitle = g_markup_escape_text (subtitle ? subtitle : "", -1);

  gtk_widget_add_css_class (icon, css_class);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

  return row;
}

static gboolean
pod_is_failing (BnObject *pod)
{
  const char *status = bn_object_get_status (pod);

  if (status == NULL)
    return FALSE;
  if (g_strv_contains (healthy_pod_states, status))
    return g_str_equal (status, "Running") &&
           bn_object_get_ready_containers (pod) < bn_object_get_total_containers (pod) &&
           bn_object_get_restarts (pod) > 0;

  return !g_str_has_prefix (status, "Init:") || g_str_has_prefix (status, "Init:Error") ||
         g_str_has_prefix (status, "Init:CrashLoopBackOff");
}

static guint
add_failing_pods (BnClusterOverview *self)
{
  BnWatchCache *cache = self->caches[CACHE_PODS];
  guint n, added = 0;

  if (cache == NULL)
    return 0;

  n = g_list_model_get_n_items (G_LIST_MODEL (cache));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BnObject) pod = g_list_model_get_item (G_LIST_MODEL (cache), i);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      if (!pod_is_failing (pod))
        continue;

      added++;
      if (added > MAX_PROBLEMS_SHOWN)
        continue;

      title = g_strdup_printf ("%s/%s", bn_object_get_namespace (pod), bn_object_get_name (pod));
      /* Translators: the status of a failing pod and its restart count */
      subtitle = g_strdup_printf (_("Pod · %s · restarts: %u"),
                                  bn_object_get_status (pod), bn_object_get_restarts (pod));
      gtk_list_box_append (self->problems_list,
                           new_problem_row ("dialog-error-symbolic", "error", title, subtitle));
    }

  return added;
}

typedef struct
{
  gint64  time;
  char   *title;
  char   *message;
} Warning;

static void
warning_free (Warning *warning)
{
  g_free (warning->title);
  g_free (warning->message);
  g_free (warning);
}

static int
compare_warnings (gconstpointer a,
                  gconstpointer b)
{
  const Warning *wa = *(const Warning **) a;
  const Warning *wb = *(const Warning **) b;

  return (wa->time < wb->time) - (wa->time > wb->time);
}

static Warning *
parse_warning (BnObject *event)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  BnObjectSnapshot *snapshot = bn_object_get_snapshot (event);
  g_autoptr(GBytes) bytes = bn_object_snapshot_ref_json (snapshot);
  gsize length = 0;
  const char *json = bytes != NULL ? g_bytes_get_data (bytes, &length) : NULL;
  JsonObject *root, *involved;
  Warning *warning;

  if (json == NULL || !json_parser_load_from_data (parser, json, (gssize) length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  root = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (json_object_get_string_member_with_default (root, "type", NULL), "Warning") != 0)
    return NULL;

  involved = json_object_has_member (root, "involvedObject") &&
             JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "involvedObject"))
    ? json_object_get_object_member (root, "involvedObject") : NULL;
  warning = g_new0 (Warning, 1);
  warning->time = bn_object_get_creation_time (event);
  warning->title = g_strdup_printf ("%s · %s/%s",
                                    json_object_get_string_member_with_default (root, "reason", "?"),
                                    involved ? json_object_get_string_member_with_default (involved, "kind", "?") : "?",
                                    involved ? json_object_get_string_member_with_default (involved, "name", "?") : "?");
  warning->message = g_strdup (json_object_get_string_member_with_default (root, "message", ""));

  return warning;
}

static guint
add_warning_events (BnClusterOverview *self,
                    guint              already_shown)
{
  BnWatchCache *cache = self->caches[CACHE_EVENTS];
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) warning_free);
  guint n;

  if (cache == NULL)
    return 0;

  n = g_list_model_get_n_items (G_LIST_MODEL (cache));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BnObject) event = g_list_model_get_item (G_LIST_MODEL (cache), i);
      Warning *warning = parse_warning (event);

      if (warning != NULL)
        g_ptr_array_add (warnings, warning);
    }

  g_ptr_array_sort (warnings, compare_warnings);
  for (guint i = 0; i < warnings->len && already_shown + i < MAX_PROBLEMS_SHOWN * 2; i++)
    {
      Warning *warning = g_ptr_array_index (warnings, i);

      gtk_list_box_append (self->problems_list,
                           new_problem_row ("dialog-warning-symbolic", "warning", warning->title,
                                            warning->message));
    }

  return warnings->len;
}

static void
clear_problems (BnClusterOverview *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    {
      if (child == GTK_WIDGET (self->problems_placeholder))
        break;
      gtk_list_box_remove (self->problems_list, child);
    }
}

static void
update_problems (BnClusterOverview *self)
{
  guint shown;
  gboolean loading = self->caches[CACHE_PODS] == NULL ||
                     bn_watch_cache_get_state (self->caches[CACHE_PODS]) == BN_WATCH_CACHE_LOADING;

  clear_problems (self);
  shown = add_failing_pods (self);
  self->n_problems = shown + add_warning_events (self, MIN (shown, MAX_PROBLEMS_SHOWN));

  gtk_label_set_label (self->problems_placeholder,
                       loading ? _("Loading…") : _("No failing pods and no warning events"));
}

/* A watch that broke after its first list (the server went away) keeps its objects and tries
 * again on its own: say so, so nobody takes the figures for live ones. */
static void
update_connection_lost (BnClusterOverview *self)
{
  gboolean lost = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (self->caches); i++)
    if (self->caches[i] != NULL &&
        bn_watch_cache_get_state (self->caches[i]) == BN_WATCH_CACHE_RECONNECTING)
      lost = TRUE;

  gtk_widget_set_visible (self->connection_note, lost);
  if (self->connection_lost == lost)
    return;

  self->connection_lost = lost;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_LOST]);
}

static void
update_counts (BnClusterOverview *self)
{
  const char *version = bn_cluster_get_server_version (self->cluster);
  g_autofree char *pods_title = NULL;
  g_autofree char *namespaces_title = NULL;

  gtk_label_set_label (self->title_label, bn_cluster_get_name (self->cluster));
  gtk_label_set_label (self->server_label, bn_cluster_get_server (self->cluster));
  gtk_label_set_label (self->version_label, version ? version : "…");

  set_count (self->nodes_label, self->nodes_caption, self->caches[CACHE_NODES], _("Nodes"));

  if (is_denied (self->caches[CACHE_NAMESPACES]) && bn_cluster_get_namespace (self->cluster))
    {
      /* The token sees its own namespace even when it may not list namespaces. */
      gtk_label_set_label (self->namespaces_label, "1");
      namespaces_title = g_strdup_printf (_("Namespace %s"), bn_cluster_get_namespace (self->cluster));
      gtk_label_set_label (self->namespaces_caption, namespaces_title);
    }
  else
    set_count (self->namespaces_label, self->namespaces_caption,
               self->caches[CACHE_NAMESPACES], _("Namespaces"));

  if (self->narrowed[CACHE_PODS])
    pods_title = g_strdup_printf (_("Pods in %s"), bn_cluster_get_namespace (self->cluster));
  set_count (self->pods_label, self->pods_caption, self->caches[CACHE_PODS],
             pods_title ? pods_title : _("Pods"));
}

/**
 * bn_cluster_overview_refresh:
 * @self: a #BnClusterOverview
 *
 * Recounts and re-lists problems now rather than at the next tick.
 */
void
bn_cluster_overview_refresh (BnClusterOverview *self)
{
  g_return_if_fail (BN_IS_CLUSTER_OVERVIEW (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->cluster == NULL)
    return;

  narrow_denied_caches (self);
  update_counts (self);
  update_problems (self);
  update_connection_lost (self);
}

static gboolean
refresh_cb (gpointer user_data)
{
  BnClusterOverview *self = user_data;

  self->refresh_id = 0;
  bn_cluster_overview_refresh (self);

  return G_SOURCE_REMOVE;
}

static gboolean
tick_cb (gpointer user_data)
{
  BnClusterOverview *self = user_data;

  /* Pods change status without appearing or vanishing: look again now and then. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    schedule_refresh (self);

  return G_SOURCE_CONTINUE;
}

static void
schedule_refresh (BnClusterOverview *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (250, refresh_cb, self);
}

static void
bn_cluster_overview_dispose (GObject *object)
{
  BnClusterOverview *self = BN_CLUSTER_OVERVIEW (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  for (guint i = 0; i < G_N_ELEMENTS (self->caches); i++)
    release_cache (self, i);
  /* AdwBin unparents its child itself; gtk_widget_dispose_template() would do it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->cluster);

  G_OBJECT_CLASS (bn_cluster_overview_parent_class)->dispose (object);
}

static void
bn_cluster_overview_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BnClusterOverview *self = BN_CLUSTER_OVERVIEW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION_LOST:
      g_value_set_boolean (value, bn_cluster_overview_get_connection_lost (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_cluster_overview_class_init (BnClusterOverviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bn_cluster_overview_dispose;
  object_class->get_property = bn_cluster_overview_get_property;

  /**
   * BnClusterOverview:connection-lost:
   *
   * Whether a watch lost the server after it had answered: the figures are the last known
   * ones while it reconnects.
   */
  properties[PROP_CONNECTION_LOST] =
    g_param_spec_boolean ("connection-lost", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/bn-cluster-overview.ui");
  gtk_widget_class_bind_template_child (widget_class, BnClusterOverview, connection_note);
  gtk_widget_class_bind_template_child (widget_class, BnClusterOverview, title_label);
  gtk_widget_class_bind_template_child (widget_class, BnClusterOverview, server_label);
  gtk_widget_class_bind_template_child (widget_class, BnClusterOverview, version_label);
  gtk_widget_class_bind_template_child (widget_class, BnClusterOverview, nodes_label);
  gtk_widget_class_bind_template_child (widget_class, BnClusterOverview, nodes_caption);
  gtk_widget_class_bind_template_child (widget_class, BnClusterOverview, namespaces_label);
  gtk_widget_class_bind_template_child (widget_class, BnClusterOverview, namespaces_caption);
  gtk_widget_class_bind_template_child (widget_class, BnClusterOverview, pods_label);
  gtk_widget_class_bind_template_child (widget_class, BnClusterOverview, pods_caption);
  gtk_widget_class_bind_template_child (widget_class, BnClusterOverview, problems_list);
  gtk_widget_class_bind_template_child (widget_class, BnClusterOverview, problems_placeholder);
}

static void
bn_cluster_overview_init (BnClusterOverview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * bn_cluster_overview_new:
 * @cluster: the cluster to show; watching starts (and connects it) at once
 *
 * Returns: (transfer floating): a new #BnClusterOverview
 */
GtkWidget *
bn_cluster_overview_new (BnCluster *cluster)
{
  BnClusterOverview *self;

  g_return_val_if_fail (BN_IS_CLUSTER (cluster), NULL);

  self = g_object_new (BN_TYPE_CLUSTER_OVERVIEW, NULL);
  self->cluster = g_object_ref (cluster);
  g_signal_connect_object (cluster, "notify::server-version",
                           G_CALLBACK (schedule_refresh), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (self->caches); i++)
    watch (self, i, NULL);
  self->tick_id = g_timeout_add_seconds (2, tick_cb, self);
  update_counts (self);

  return GTK_WIDGET (self);
}

/**
 * bn_cluster_overview_get_cluster:
 * @self: a #BnClusterOverview
 *
 * Returns: (transfer none): the cluster shown
 */
BnCluster *
bn_cluster_overview_get_cluster (BnClusterOverview *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_OVERVIEW (self), NULL);

  return self->cluster;
}

static int
get_count (BnWatchCache *cache)
{
  if (cache == NULL)
    return -1;

  switch (bn_watch_cache_get_state (cache))
    {
    case BN_WATCH_CACHE_READY:
    case BN_WATCH_CACHE_RECONNECTING:
      return (int) g_list_model_get_n_items (G_LIST_MODEL (cache));
    case BN_WATCH_CACHE_LOADING:
    case BN_WATCH_CACHE_FORBIDDEN:
    case BN_WATCH_CACHE_UNAUTHORIZED:
    case BN_WATCH_CACHE_ERROR:
    default:
      return -1;
    }
}

/**
 * bn_cluster_overview_get_connection_lost:
 * @self: a #BnClusterOverview
 *
 * Returns: %TRUE while a watch that had answered is trying to reach the server again
 */
gboolean
bn_cluster_overview_get_connection_lost (BnClusterOverview *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_OVERVIEW (self), FALSE);

  return self->connection_lost;
}

/**
 * bn_cluster_overview_get_n_pods:
 * @self: a #BnClusterOverview
 *
 * Returns: the pods counted (in the context's namespace when the token may not list them
 *   all), or -1 while they are not known
 */
int
bn_cluster_overview_get_n_pods (BnClusterOverview *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_OVERVIEW (self), -1);

  return get_count (self->caches[CACHE_PODS]);
}

/**
 * bn_cluster_overview_get_n_namespaces:
 * @self: a #BnClusterOverview
 *
 * Returns: the namespaces the overview counts: all of them, or 1 (the context's) when the
 *   token may not list namespaces; -1 while not known
 */
int
bn_cluster_overview_get_n_namespaces (BnClusterOverview *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_OVERVIEW (self), -1);

  if (is_denied (self->caches[CACHE_NAMESPACES]) && bn_cluster_get_namespace (self->cluster))
    return 1;

  return get_count (self->caches[CACHE_NAMESPACES]);
}

/**
 * bn_cluster_overview_get_n_problems:
 * @self: a #BnClusterOverview
 *
 * Returns: how many failing pods and warning events were found at the last refresh
 */
guint
bn_cluster_overview_get_n_problems (BnClusterOverview *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_OVERVIEW (self), 0);

  return self->n_problems;
}

/**
 * bn_cluster_overview_has_errors:
 * @self: a #BnClusterOverview
 *
 * Returns: whether a cache the overview shows failed (denied access is not an error)
 */
gboolean
bn_cluster_overview_has_errors (BnClusterOverview *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_OVERVIEW (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (self->caches); i++)
    {
      BnWatchCache *cache = self->caches[i];

      if (cache != NULL &&
          (bn_watch_cache_get_state (cache) == BN_WATCH_CACHE_ERROR ||
           bn_watch_cache_get_state (cache) == BN_WATCH_CACHE_UNAUTHORIZED))
        return TRUE;
      if (is_denied (cache) && i >= CACHE_PODS && self->narrowed[i])
        return TRUE;
    }

  return FALSE;
}
