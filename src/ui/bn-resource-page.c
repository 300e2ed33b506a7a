/* bn-resource-page.c: a live, sortable, filterable list of one kind of object
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "bn-column-sort.h"
#include "bn-kube-error.h"
#include "bn-resource-cell.h"
#include "bn-resource-page.h"

/*
 * A GtkColumnView over a GtkMultiSelection over BnSortedModel over the rows of a watch
 * cache (DESIGN.md, Data flow 7). The rows are the cache's BnObjects, which never change
 * identity; cells follow them (BnResourceCell), so a MODIFIED event repaints a few cells and
 * rebuilds nothing.
 *
 * Where the rows come from:
 *  - a cluster page watches the kind cluster-wide. When that is forbidden for a namespaced
 *    kind (a token bound to one namespace), it watches the namespaces the token can see
 *    instead, one cache each, merged by a BnAggregateModel: the checked namespaces, else the
 *    context's namespace. It shows the forbidden page only when those are forbidden too.
 *  - the All Clusters page shows a BnAggregateModel of several clusters' caches.
 *
 * The namespaces offered come from a watch on namespaces, or, when the token may not list
 * them, from the rows seen and from a SelfSubjectRulesReview (BnAccessReview) of the
 * namespaces it knows of: the context's and those the user typed into the selector.
 */

/* How long to wait after rows come and go before listing their namespaces again. */
#define NAMESPACE_SCAN_DELAY_MS 500

struct _BnResourcePage
{
  AdwBin               parent_instance;

  BnNamespaceSelector *namespace_selector;
  GtkToggleButton     *search_button;
  GtkLabel            *count_label;
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  GtkStack            *stack;
  GtkColumnView       *column_view;
  GtkSpinner          *spinner;
  AdwStatusPage       *loading_page;
  AdwStatusPage       *empty_page;
  AdwStatusPage       *forbidden_page;
  AdwStatusPage       *unauthorized_page;
  AdwStatusPage       *error_page;

  BnCluster           *cluster;
  BnResourceType      *type;
  BnColumns           *columns;

  GListModel          *fixed_source;
  gboolean             all_clusters;
  BnWatchCache        *cache;
  BnAggregateModel    *fallback;
  GPtrArray           *fallback_caches;
  char               **fallback_namespaces;
  gboolean             fallback_picked;
  BnWatchCache        *namespaces_cache;
  BnResourceType      *namespaces_type;

  BnSortedModel       *model;
  GtkMultiSelection   *selection;
  BnColumnSort        *sort;
  GPtrArray           *view_columns;

  guint                namespace_scan_id;
  guint                first_namespaces_id;
  GCancellable        *namespace_review;
  GListModel          *watched_source;
  gulong               source_items_id;
  GHashTable          *seen_namespaces;
  guint                update_id;
};

enum {
  PROP_0,
  PROP_CLUSTER,
  PROP_RESOURCE_TYPE,
  PROP_VIEW_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BnResourcePage, bn_resource_page, ADW_TYPE_BIN)

static void update_view (BnResourcePage *self);
static void schedule_namespace_scan (BnResourcePage *self);
static void set_source (BnResourcePage *self,
                        GListModel     *source);

/* Text */

/**
 * bn_format_count:
 * @n: a number
 *
 * Returns: (transfer full): @n with the locale's thousands separator ("1,234" in English,
 *   also when the locale defines none)
 */
char *
bn_format_count (guint n)
{
  const char *separator = localeconv ()->thousands_sep;
  g_autofree char *digits = g_strdup_printf ("%u", n);
  GString *out = g_string_new (NULL);
  guint length = strlen (digits);

  if (separator == NULL || *separator == '\0')
    separator = ",";
  for (guint i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0)
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static const char *
plural_name (BnResourcePage *self)
{
  return self->type != NULL ? bn_resource_type_get_plural (self->type) : "objects";
}

static gboolean
has_namespace_selection (BnResourcePage *self)
{
  g_auto(GStrv) selected = bn_namespace_selector_dup_selected (self->namespace_selector);

  return selected != NULL;
}

static void
update_count (BnResourcePage *self)
{
  guint shown = bn_sorted_model_get_n_matching (self->model);
  guint total = bn_sorted_model_get_source_n_items (self->model);
  g_autofree char *shown_text = bn_format_count (shown);
  g_autofree char *total_text = bn_format_count (total);
  g_autofree char *text = NULL;

  if (shown == total)
    /* Translators: a row count and the kind's plural name as the API spells it, "1,234 pods" */
    text = g_strdup_printf (C_("row count", "%s %s"), total_text, plural_name (self));
  else
    /* Translators: rows shown, all rows, and the kind's plural name: "12 of 1,234 pods" */
    text = g_strdup_printf (_("%s of %s %s"), shown_text, total_text, plural_name (self));

  if (g_strcmp0 (text, gtk_label_get_label (self->count_label)) != 0)
    gtk_label_set_label (self->count_label, text);
}

/* Sources */

static BnWatchCacheState
combined_state (BnResourcePage  *self,
                const GError   **error)
{
  *error = NULL;

  if (self->fixed_source != NULL)
    return BN_WATCH_CACHE_READY;

  if (self->fallback != NULL)
    {
      BnWatchCacheState best = BN_WATCH_CACHE_FORBIDDEN;

      /* Ready if any namespace is; forbidden only if all are. */
      for (guint i = 0; i < self->fallback_caches->len; i++)
        {
          BnWatchCache *cache = g_ptr_array_index (self->fallback_caches, i);
          BnWatchCacheState state = bn_watch_cache_get_state (cache);

          if (state == BN_WATCH_CACHE_READY || state == BN_WATCH_CACHE_RECONNECTING)
            return state;
          if (state == BN_WATCH_CACHE_LOADING)
            best = state;
          else if (best != BN_WATCH_CACHE_LOADING)
            {
              best = state;
              *error = bn_watch_cache_get_error (cache);
            }
        }
      return best;
    }

  if (self->cache == NULL)
    {
      *error = self->cluster != NULL ? bn_cluster_get_error (self->cluster) : NULL;
      return BN_WATCH_CACHE_ERROR;
    }

  *error = bn_watch_cache_get_error (self->cache);
  return bn_watch_cache_get_state (self->cache);
}

static void
on_cache_state_cb (BnResourcePage *self,
                   GParamSpec     *pspec,
                   BnWatchCache   *cache)
{
  update_view (self);
}

static void
stop_fallback (BnResourcePage *self)
{
  for (guint i = 0; self->fallback_caches != NULL && i < self->fallback_caches->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->fallback_caches, i),
                                          on_cache_state_cb, self);
  g_clear_pointer (&self->fallback_caches, g_ptr_array_unref);
  g_clear_pointer (&self->fallback_namespaces, g_strfreev);
  g_clear_object (&self->fallback);
}

/* The namespaces to watch one by one: those checked, else the context's. */
static char **
dup_fallback_namespaces (BnResourcePage *self)
{
  g_auto(GStrv) selected = bn_namespace_selector_dup_selected (self->namespace_selector);
  const char *context_namespace = bn_cluster_get_namespace (self->cluster);
  const char *fallback[2] = { context_namespace ? context_namespace : "default", NULL };

  if (selected != NULL)
    return g_steal_pointer (&selected);
  return g_strdupv ((char **) fallback);
}

static void
start_fallback (BnResourcePage *self)
{
  g_auto(GStrv) namespaces = dup_fallback_namespaces (self);

  if (self->fallback != NULL && self->fallback_namespaces != NULL
      && g_strv_equal ((const char * const *) namespaces, (const char * const *) self->fallback_namespaces))
    return;

  stop_fallback (self);
  self->fallback = bn_aggregate_model_new ();
  self->fallback_caches = g_ptr_array_new ();
  self->fallback_namespaces = g_steal_pointer (&namespaces);
  self->fallback_picked = has_namespace_selection (self);

  for (guint i = 0; self->fallback_namespaces[i] != NULL; i++)
    {
      BnWatchCache *cache = bn_cluster_watch (self->cluster, self->type, self->fallback_namespaces[i], NULL);

      if (cache == NULL)
        continue;
      g_signal_connect_object (cache, "notify::state", G_CALLBACK (on_cache_state_cb), self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->fallback_caches, cache);
      /* The aggregate model takes the cache and unwatches it when it goes. */
      bn_aggregate_model_add (self->fallback, self->cluster, cache);
    }

  set_source (self, G_LIST_MODEL (self->fallback));
}

static gboolean
cluster_wide_forbidden (BnResourcePage *self)
{
  return self->cache != NULL
         && bn_watch_cache_get_state (self->cache) == BN_WATCH_CACHE_FORBIDDEN
         && bn_resource_type_get_namespaced (self->type);
}

static void
on_namespaces_changed_cb (BnResourcePage *self)
{
  schedule_namespace_scan (self);
}

static void
start_watches (BnResourcePage *self)
{
  self->cache = bn_cluster_watch (self->cluster, self->type, NULL, NULL);
  if (self->cache != NULL)
    {
      g_signal_connect_object (self->cache, "notify::state", G_CALLBACK (on_cache_state_cb), self, G_CONNECT_SWAPPED);
      set_source (self, G_LIST_MODEL (self->cache));
    }

  if (bn_resource_type_get_namespaced (self->type))
    {
      self->namespaces_type = bn_resource_type_new_builtin ("namespaces");
      self->namespaces_cache = bn_cluster_watch (self->cluster, self->namespaces_type, NULL, NULL);
      if (self->namespaces_cache != NULL)
        {
          g_signal_connect_object (self->namespaces_cache, "notify::state",
                                   G_CALLBACK (on_namespaces_changed_cb), self, G_CONNECT_SWAPPED);
          g_signal_connect_object (self->namespaces_cache, "items-changed",
                                   G_CALLBACK (on_namespaces_changed_cb), self, G_CONNECT_SWAPPED);
        }
    }
}

static void
stop_watches (BnResourcePage *self)
{
  if (self->model != NULL)
    set_source (self, NULL);
  stop_fallback (self);
  if (self->cache != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->cache, self);
      bn_cluster_unwatch (self->cluster, self->cache);
      g_clear_object (&self->cache);
    }
  if (self->namespaces_cache != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->namespaces_cache, self);
      bn_cluster_unwatch (self->cluster, self->namespaces_cache);
      g_clear_object (&self->namespaces_cache);
    }
  g_clear_object (&self->namespaces_type);
}

/* Namespaces offered */

/* Namespaces of rows seen so far. Only arrivals are looked at: a namespace whose last row
 * went stays on offer, which does no harm, and moves within the sorted model never cost a
 * scan of all rows. */
static void
note_namespaces (BnResourcePage *self,
                 GListModel     *source,
                 guint           position,
                 guint           n_items)
{
  for (guint i = position; i < position + n_items; i++)
    {
      g_autoptr(BnObject) object = g_list_model_get_item (source, i);
      const char *name = object ? bn_object_get_namespace (object) : NULL;

      if (name != NULL && *name != '\0' && !g_hash_table_contains (self->seen_namespaces, name))
        {
          g_hash_table_add (self->seen_namespaces, (gpointer) g_intern_string (name));
          schedule_namespace_scan (self);
        }
    }
}

static void
on_source_items_changed_cb (BnResourcePage *self,
                            guint           position,
                            guint           removed,
                            guint           added,
                            GListModel     *source)
{
  note_namespaces (self, source, position, added);
}

static gboolean
on_first_namespaces_cb (gpointer user_data)
{
  BnResourcePage *self = user_data;

  self->first_namespaces_id = 0;
  if (self->watched_source != NULL)
    note_namespaces (self, self->watched_source, 0, g_list_model_get_n_items (self->watched_source));
  return G_SOURCE_REMOVE;
}

/* Every change of source goes through here, so that the namespaces seen follow it. The rows
 * the source already holds are read once the first frame is out: with 100,000 of them that
 * read would otherwise delay it, and only the namespace selector needs it. */
static void
set_source (BnResourcePage *self,
            GListModel     *source)
{
  if (self->watched_source != NULL)
    g_clear_signal_handler (&self->source_items_id, self->watched_source);
  g_clear_handle_id (&self->first_namespaces_id, g_source_remove);
  g_set_object (&self->watched_source, source);
  bn_sorted_model_set_source (self->model, source);
  if (source != NULL)
    {
      self->source_items_id = g_signal_connect_object (source, "items-changed",
                                                       G_CALLBACK (on_source_items_changed_cb),
                                                       self, G_CONNECT_SWAPPED);
      self->first_namespaces_id = g_idle_add_full (G_PRIORITY_LOW, on_first_namespaces_cb, self, NULL);
    }
}

static void
add_names_of (GHashTable *names,
              GListModel *model)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BnObject) object = g_list_model_get_item (model, i);

      g_hash_table_add (names, (gpointer) g_intern_string (bn_object_get_name (object)));
    }
}

static void
add_seen_namespaces (BnResourcePage *self,
                     GHashTable     *names)
{
  GHashTableIter iter;
  gpointer name;

  g_hash_table_iter_init (&iter, self->seen_namespaces);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_hash_table_add (names, name);
}

static void
offer_namespaces (BnResourcePage *self,
                  GHashTable     *names)
{
  g_autofree const char **list = (const char **) g_hash_table_get_keys_as_array (names, NULL);

  bn_namespace_selector_set_available (self->namespace_selector, list);
}

static const char *
context_namespace (BnResourcePage *self)
{
  const char *name = bn_cluster_get_namespace (self->cluster);

  return name != NULL && *name != '\0' ? name : "default";
}

static void
on_namespaces_reviewed_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(BnResourcePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) allowed = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (NULL, NULL);

  allowed = bn_access_review_listable_namespaces_finish (BN_ACCESS_REVIEW (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->seen_namespaces == NULL)
    return;

  /* Rows seen prove their namespace; the others are offered when the server says the kind
   * may be listed there. Without an answer, the context's namespace is worth a try. */
  add_seen_namespaces (self, names);
  if (allowed != NULL)
    for (guint i = 0; allowed[i] != NULL; i++)
      g_hash_table_add (names, (gpointer) g_intern_string (allowed[i]));
  else
    {
      g_debug ("Could not review the namespaces: %s", error->message);
      g_hash_table_add (names, (gpointer) g_intern_string (context_namespace (self)));
    }
  offer_namespaces (self, names);
}

static gboolean
is_seen_cb (gpointer key,
            gpointer value,
            gpointer user_data)
{
  return g_hash_table_contains (user_data, key);
}

/* The token may not list namespaces: ask, with SelfSubjectRulesReviews, in which of the
 * namespaces it knows of (rows seen, the context's, those typed) it may list the kind. */
static void
review_namespaces (BnResourcePage *self)
{
  BnAccessReview *review = bn_cluster_get_access_review (self->cluster);
  g_autoptr(GHashTable) candidates = g_hash_table_new (NULL, NULL);
  g_auto(GStrv) selected = bn_namespace_selector_dup_selected (self->namespace_selector);
  g_autofree const char **list = NULL;

  /* Rows seen need no asking. */
  g_hash_table_add (candidates, (gpointer) g_intern_string (context_namespace (self)));
  for (guint i = 0; selected != NULL && selected[i] != NULL; i++)
    g_hash_table_add (candidates, (gpointer) g_intern_string (selected[i]));
  g_hash_table_foreach_remove (candidates, is_seen_cb, self->seen_namespaces);

  if (review == NULL || g_hash_table_size (candidates) == 0)
    {
      add_seen_namespaces (self, candidates);
      offer_namespaces (self, candidates);
      return;
    }

  g_cancellable_cancel (self->namespace_review);
  g_clear_object (&self->namespace_review);
  self->namespace_review = g_cancellable_new ();
  list = (const char **) g_hash_table_get_keys_as_array (candidates, NULL);
  bn_access_review_listable_namespaces_async (review, bn_resource_type_get_group (self->type),
                                              bn_resource_type_get_plural (self->type), list,
                                              self->namespace_review, on_namespaces_reviewed_cb,
                                              g_object_ref (self));
}

static gboolean
on_namespace_scan_cb (gpointer user_data)
{
  BnResourcePage *self = user_data;
  g_autoptr(GHashTable) names = g_hash_table_new (NULL, NULL);
  BnWatchCacheState state = self->namespaces_cache != NULL
                            ? bn_watch_cache_get_state (self->namespaces_cache)
                            : BN_WATCH_CACHE_FORBIDDEN;

  self->namespace_scan_id = 0;

  if (state == BN_WATCH_CACHE_READY || state == BN_WATCH_CACHE_RECONNECTING)
    add_names_of (names, G_LIST_MODEL (self->namespaces_cache));
  else if (self->cluster != NULL && self->type != NULL && state != BN_WATCH_CACHE_LOADING)
    {
      review_namespaces (self);
      return G_SOURCE_REMOVE;
    }
  else
    {
      /* Until the namespaces are known: the ones seen, and the context's. */
      add_seen_namespaces (self, names);
      if (self->cluster != NULL)
        g_hash_table_add (names, (gpointer) g_intern_string (context_namespace (self)));
    }

  offer_namespaces (self, names);
  return G_SOURCE_REMOVE;
}

static void
schedule_namespace_scan (BnResourcePage *self)
{
  if (self->namespace_scan_id == 0 && gtk_widget_get_visible (GTK_WIDGET (self->namespace_selector)))
    self->namespace_scan_id = g_timeout_add (NAMESPACE_SCAN_DELAY_MS, on_namespace_scan_cb, self);
}

/* States */

static void
set_status (AdwStatusPage *page,
            const char    *title,
            const char    *description)
{
  adw_status_page_set_title (page, title);
  adw_status_page_set_description (page, description);
}

/* A status page has a short title; its description says what happened, in the server's
 * words when it gave some, and what to do about it. */
static void
show_problem (BnResourcePage    *self,
              BnWatchCacheState  state,
              const GError      *error)
{
  const char *kind = plural_name (self);
  const char *message = error != NULL ? error->message : NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *what = NULL;
  g_autofree char *description = NULL;

  /* Unless namespaces were picked, the cluster-wide refusal is the one to explain. */
  if (state == BN_WATCH_CACHE_FORBIDDEN && !self->fallback_picked && self->cache != NULL
      && bn_watch_cache_get_error (self->cache) != NULL)
    message = bn_watch_cache_get_error (self->cache)->message;
  escaped = g_markup_escape_text (message ? message : "", -1);

  switch ((int) state)
    {
    case BN_WATCH_CACHE_FORBIDDEN:
      if (self->fallback != NULL && self->fallback_picked)
        {
          g_autofree char *joined = g_strjoinv (", ", self->fallback_namespaces);

          /* Translators: "You may not list pods in dev."; the kind as the API spells it */
          what = g_strdup_printf (_("You may not list %s in %s."), kind, joined);
        }
      else
        /* Translators: "You may not list pods in this cluster." */
        what = g_strdup_printf (_("You may not list %s in this cluster."), kind);
      /* Translators: what was refused, the server's message, then what to do: "Ask your
       * cluster administrator for a role that may list pods…" */
      description = g_strdup_printf (_("%s The server said: %s\n\nAsk your cluster administrator "
                                       "for a role that may list %s, pick a namespace you may "
                                       "see, or sign in with another token."),
                                     what, escaped, kind);
      set_status (self->forbidden_page, _("No Access"), description);
      gtk_stack_set_visible_child_name (self->stack, "forbidden");
      break;

    case BN_WATCH_CACHE_UNAUTHORIZED:
      /* Translators: the server's message, then what to do */
      description = g_strdup_printf (_("The cluster did not accept your credentials: %s\n\nThe "
                                       "token may have expired. Sign in again, or renew the "
                                       "credentials in your kubeconfig, then try again."),
                                     escaped);
      set_status (self->unauthorized_page, _("Sign-in Needed"), description);
      gtk_stack_set_visible_child_name (self->stack, "unauthorized");
      break;

    case BN_WATCH_CACHE_ERROR:
    default:
      if (message != NULL)
        /* Translators: "Binnacle could not list pods: <the server's or the network's words>" */
        what = g_strdup_printf (_("Binnacle could not list %s: %s"), kind, escaped);
      else
        /* Translators: "Binnacle could not list pods: the cluster cannot be reached." */
        what = g_strdup_printf (_("Binnacle could not list %s: the cluster cannot be reached."), kind);
      description = g_strdup_printf ("%s\n\n%s", what,
                                     _("Check the connection to the cluster, then try again."));
      set_status (self->error_page, _("Loading Failed"), description);
      gtk_stack_set_visible_child_name (self->stack, "error");
      break;
    }
}

static void
show_empty (BnResourcePage *self,
            gboolean        filtered)
{
  const char *kind = plural_name (self);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  if (filtered)
    {
      /* Translators: "No pods match the filter. Try …" */
      description = g_strdup_printf (_("No %s match the filter. Try another filter or other namespaces."),
                                     kind);
      set_status (self->empty_page, _("No Results Found"), description);
    }
  else if (self->all_clusters)
    {
      /* Translators: "No pods" */
      title = g_strdup_printf (_("No %s"), kind);
      /* Translators: "None of the connected clusters has pods. …" */
      description = g_strdup_printf (_("None of the connected clusters has %s. Connect to another "
                                       "cluster to see what runs in it."), kind);
      set_status (self->empty_page, title, description);
    }
  else
    {
      /* Translators: "No pods" */
      title = g_strdup_printf (_("No %s"), kind);
      set_status (self->empty_page, title,
                  has_namespace_selection (self)
                  ? _("There are none in the namespaces picked. New ones will show up here at once.")
                  : _("There are none in this cluster. New ones will show up here at once."));
    }
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
update_view (BnResourcePage *self)
{
  const GError *error = NULL;
  BnWatchCacheState state;
  const char *before = gtk_stack_get_visible_child_name (self->stack);
  guint total, shown;

  if (self->cluster != NULL && self->fallback == NULL && cluster_wide_forbidden (self))
    start_fallback (self);

  state = combined_state (self, &error);
  total = bn_sorted_model_get_source_n_items (self->model);
  shown = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  if (shown > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else if (total > 0)
    show_empty (self, TRUE);
  else if (state == BN_WATCH_CACHE_LOADING)
    {
      g_autofree char *title = g_strdup_printf (_("Loading %s…"), plural_name (self));

      set_status (self->loading_page, title, NULL);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  else if (state == BN_WATCH_CACHE_READY || state == BN_WATCH_CACHE_RECONNECTING)
    show_empty (self, FALSE);
  else
    show_problem (self, state, error);

  gtk_spinner_set_spinning (self->spinner, g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "loading") == 0);
  update_count (self);
  /* "0 secrets" under "You may not list secrets" would say something untrue. */
  gtk_widget_set_visible (GTK_WIDGET (self->count_label),
                          shown > 0 || total > 0 || state == BN_WATCH_CACHE_READY
                          || state == BN_WATCH_CACHE_RECONNECTING);
  if (g_strcmp0 (before, gtk_stack_get_visible_child_name (self->stack)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW_NAME]);
}

static gboolean
on_update_idle_cb (gpointer user_data)
{
  BnResourcePage *self = user_data;

  self->update_id = 0;
  update_view (self);
  return G_SOURCE_REMOVE;
}

/* Rows come and go in bursts; the count and the page shown follow once per burst. */
static void
on_model_items_changed_cb (BnResourcePage *self,
                           guint           position,
                           guint           removed,
                           guint           added,
                           GListModel     *model)
{
  if (self->update_id == 0)
    self->update_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 20, on_update_idle_cb, self, NULL);
}

/* Columns */

static void
on_setup_cell_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  BnResourcePage           *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "bn-column"));

  gtk_list_item_set_child (list_item, bn_resource_cell_new (self->columns, column));
}

static void
on_bind_cell_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 BnResourcePage           *self)
{
  bn_resource_cell_bind (BN_RESOURCE_CELL (gtk_list_item_get_child (list_item)),
                         BN_OBJECT (gtk_list_item_get_item (list_item)));
}

static void
on_unbind_cell_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   BnResourcePage           *self)
{
  bn_resource_cell_unbind (BN_RESOURCE_CELL (gtk_list_item_get_child (list_item)));
}

static void
add_view_columns (BnResourcePage *self)
{
  for (guint i = 0; i < bn_columns_get_n_columns (self->columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autoptr(BnSortKey) key = bn_columns_dup_sort_key (self->columns, i);

      g_object_set_data (G_OBJECT (factory), "bn-column", GUINT_TO_POINTER (i));
      g_signal_connect_object (factory, "setup", G_CALLBACK (on_setup_cell_cb), self, 0);
      g_signal_connect_object (factory, "bind", G_CALLBACK (on_bind_cell_cb), self, 0);
      g_signal_connect_object (factory, "unbind", G_CALLBACK (on_unbind_cell_cb), self, 0);

      column = gtk_column_view_column_new (bn_columns_get_title (self->columns, i), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, bn_columns_get_expand (self->columns, i));
      gtk_column_view_append_column (self->column_view, column);
      bn_column_sort_add_column (self->sort, column, key);
      g_ptr_array_add (self->view_columns, g_object_ref (column));
    }
}

/* Actions */

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  bn_resource_page_refresh (BN_RESOURCE_PAGE (widget));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BnResourcePage *self = BN_RESOURCE_PAGE (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_search_changed_cb (BnResourcePage *self,
                      GtkSearchEntry *entry)
{
  bn_sorted_model_set_filter_text (self->model, gtk_editable_get_text (GTK_EDITABLE (entry)));
  update_view (self);
}

static void
on_stop_search_cb (BnResourcePage *self,
                   GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
on_namespaces_selected_cb (BnResourcePage      *self,
                           GParamSpec          *pspec,
                           BnNamespaceSelector *selector)
{
  g_auto(GStrv) selected = bn_namespace_selector_dup_selected (selector);

  if (self->model == NULL)
    return;
  bn_sorted_model_set_namespaces (self->model, (const char * const *) selected);
  if (self->fallback != NULL)
    start_fallback (self);
  update_view (self);
}

/* GObject */

static void
bn_resource_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BnResourcePage *self = BN_RESOURCE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLUSTER:
      g_value_set_object (value, self->cluster);
      break;
    case PROP_RESOURCE_TYPE:
      g_value_set_object (value, self->type);
      break;
    case PROP_VIEW_NAME:
      g_value_set_string (value, bn_resource_page_get_view_name (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_resource_page_dispose (GObject *object)
{
  BnResourcePage *self = (BnResourcePage *) object;

  g_clear_handle_id (&self->namespace_scan_id, g_source_remove);
  g_clear_handle_id (&self->first_namespaces_id, g_source_remove);
  g_clear_handle_id (&self->update_id, g_source_remove);
  g_cancellable_cancel (self->namespace_review);
  g_clear_object (&self->namespace_review);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->cluster != NULL)
    stop_watches (self);
  if (self->watched_source != NULL)
    g_clear_signal_handler (&self->source_items_id, self->watched_source);
  g_clear_object (&self->watched_source);
  g_clear_pointer (&self->seen_namespaces, g_hash_table_unref);

  /* AdwBin unparents its child in its own dispose; let it go before the template does. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_RESOURCE_PAGE);

  g_clear_object (&self->sort);
  g_clear_pointer (&self->view_columns, g_ptr_array_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->fixed_source);
  g_clear_object (&self->columns);
  g_clear_object (&self->type);
  g_clear_object (&self->cluster);

  G_OBJECT_CLASS (bn_resource_page_parent_class)->dispose (object);
}

static void
bn_resource_page_class_init (BnResourcePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bn_resource_page_get_property;
  object_class->dispose = bn_resource_page_dispose;

  properties[PROP_CLUSTER] =
    g_param_spec_object ("cluster", NULL, NULL, BN_TYPE_CLUSTER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESOURCE_TYPE] =
    g_param_spec_object ("resource-type", NULL, NULL, BN_TYPE_RESOURCE_TYPE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * BnResourcePage:view-name:
   *
   * What the page shows: "list", "loading", "empty", "forbidden", "unauthorized" or "error".
   */
  properties[PROP_VIEW_NAME] =
    g_param_spec_string ("view-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BN_TYPE_NAMESPACE_SELECTOR);
  gtk_widget_class_set_template_from_resource (widget_class, "/dev/binnacle/Binnacle/ui/bn-resource-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BnResourcePage, namespace_selector);
  gtk_widget_class_bind_template_child (widget_class, BnResourcePage, search_button);
  gtk_widget_class_bind_template_child (widget_class, BnResourcePage, count_label);
  gtk_widget_class_bind_template_child (widget_class, BnResourcePage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, BnResourcePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BnResourcePage, stack);
  gtk_widget_class_bind_template_child (widget_class, BnResourcePage, column_view);
  gtk_widget_class_bind_template_child (widget_class, BnResourcePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, BnResourcePage, loading_page);
  gtk_widget_class_bind_template_child (widget_class, BnResourcePage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BnResourcePage, forbidden_page);
  gtk_widget_class_bind_template_child (widget_class, BnResourcePage, unauthorized_page);
  gtk_widget_class_bind_template_child (widget_class, BnResourcePage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_namespaces_selected_cb);

  gtk_widget_class_install_action (widget_class, "page.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "page.find", NULL, find_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "page.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "page.find", NULL);
}

static void
bn_resource_page_init (BnResourcePage *self)
{
  self->view_columns = g_ptr_array_new_with_free_func (g_object_unref);
  self->seen_namespaces = g_hash_table_new (g_str_hash, g_str_equal);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
}

static const BnRowAccessors row_accessors = {
  .get_name = (const char *(*) (GObject *)) bn_object_get_name,
  .get_namespace = (const char *(*) (GObject *)) bn_object_get_namespace,
  .get_uid = (const char *(*) (GObject *)) bn_object_get_uid,
  .foreach_label = NULL,
  .filter_properties = (const char * const[]) { "name", "namespace", "snapshot", NULL },
};

static void
foreach_label (GObject     *item,
               BnLabelFunc  func,
               gpointer     user_data)
{
  BnObjectSnapshot *snapshot = bn_object_get_snapshot (BN_OBJECT (item));
  guint n = snapshot ? bn_object_snapshot_get_n_labels (snapshot) : 0;

  for (guint i = 0; i < n; i++)
    {
      const char *key, *value;

      bn_object_snapshot_get_label (snapshot, i, &key, &value);
      if (!func (key, value, user_data))
        break;
    }
}

/* Builds the model chain and the columns; @source may be NULL until a watch starts. */
static void
setup_model (BnResourcePage *self,
             GListModel     *source)
{
  BnRowAccessors accessors = row_accessors;
  int name_column;

  accessors.foreach_label = foreach_label;
  /* The source comes last, once the sort is known, so that the rows are sorted once. */
  self->model = bn_sorted_model_new (NULL, &accessors);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_model_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  self->sort = bn_column_sort_new (self->column_view, self->model);
  add_view_columns (self);

  name_column = bn_columns_find (self->columns, "name");
  if (name_column >= 0)
    gtk_column_view_sort_by_column (self->column_view, g_ptr_array_index (self->view_columns, name_column),
                                    GTK_SORT_ASCENDING);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, plural_name (self), -1);
  gtk_widget_set_visible (GTK_WIDGET (self->namespace_selector),
                          self->type == NULL || bn_resource_type_get_namespaced (self->type));
  if (source != NULL)
    set_source (self, source);
}

/**
 * bn_resource_page_new:
 * @cluster: the cluster
 * @type: the kind to list
 *
 * A page listing every object of @type in @cluster, live, with the columns of
 * bn_columns_new(). It starts watching at once and stops when it is destroyed.
 *
 * Returns: (transfer floating): the page
 */
GtkWidget *
bn_resource_page_new (BnCluster      *cluster,
                      BnResourceType *type)
{
  g_autoptr(BnColumns) columns = NULL;

  g_return_val_if_fail (BN_IS_CLUSTER (cluster), NULL);
  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (type), NULL);

  columns = bn_columns_new (type, BN_COLUMNS_NONE);
  return bn_resource_page_new_with_columns (cluster, type, columns);
}

/**
 * bn_resource_page_new_with_columns:
 * @cluster: the cluster
 * @type: the kind to list
 * @columns: the columns, e.g. from bn_columns_new_for_printer_columns() for a custom resource
 *
 * Returns: (transfer floating): the page
 */
GtkWidget *
bn_resource_page_new_with_columns (BnCluster      *cluster,
                                   BnResourceType *type,
                                   BnColumns      *columns)
{
  BnResourcePage *self;

  g_return_val_if_fail (BN_IS_CLUSTER (cluster), NULL);
  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (type), NULL);
  g_return_val_if_fail (BN_IS_COLUMNS (columns), NULL);

  self = g_object_new (BN_TYPE_RESOURCE_PAGE, NULL);
  self->cluster = g_object_ref (cluster);
  self->type = g_object_ref (type);
  self->columns = g_object_ref (columns);
  setup_model (self, NULL);
  start_watches (self);
  update_view (self);
  schedule_namespace_scan (self);
  return GTK_WIDGET (self);
}

/**
 * bn_resource_page_new_for_model:
 * @model: a list of #BnObject, in any order
 * @type: their kind
 * @columns: the columns to show
 *
 * A page over rows that come from elsewhere than one watch: objects related to another
 * object, or synthetic rows for benchmarks. It has no loading or error states of its own.
 *
 * Returns: (transfer floating): the page
 */
GtkWidget *
bn_resource_page_new_for_model (GListModel     *model,
                                BnResourceType *type,
                                BnColumns      *columns)
{
  BnResourcePage *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (type), NULL);
  g_return_val_if_fail (BN_IS_COLUMNS (columns), NULL);

  self = g_object_new (BN_TYPE_RESOURCE_PAGE, NULL);
  self->fixed_source = g_object_ref (model);
  self->type = g_object_ref (type);
  self->columns = g_object_ref (columns);
  setup_model (self, model);
  update_view (self);
  schedule_namespace_scan (self);
  return GTK_WIDGET (self);
}

/**
 * bn_resource_page_new_all_clusters:
 * @model: the objects of several clusters, e.g. bn_cluster_manager_get_all_pods()
 * @type: their kind
 *
 * A page over rows of several clusters, with a Cluster column.
 *
 * Returns: (transfer floating): the page
 */
GtkWidget *
bn_resource_page_new_all_clusters (BnAggregateModel *model,
                                   BnResourceType   *type)
{
  g_autoptr(BnColumns) columns = NULL;
  GtkWidget *page;

  g_return_val_if_fail (BN_IS_AGGREGATE_MODEL (model), NULL);
  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (type), NULL);

  columns = bn_columns_new (type, BN_COLUMNS_CLUSTER);
  page = bn_resource_page_new_for_model (G_LIST_MODEL (model), type, columns);
  BN_RESOURCE_PAGE (page)->all_clusters = TRUE;
  update_view (BN_RESOURCE_PAGE (page));
  return page;
}

/**
 * bn_resource_page_get_cluster:
 *
 * Returns: (transfer none) (nullable): the cluster, %NULL on the All Clusters page
 */
BnCluster *
bn_resource_page_get_cluster (BnResourcePage *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_PAGE (self), NULL);
  return self->cluster;
}

BnResourceType *
bn_resource_page_get_resource_type (BnResourcePage *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_PAGE (self), NULL);
  return self->type;
}

BnColumns *
bn_resource_page_get_columns (BnResourcePage *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_PAGE (self), NULL);
  return self->columns;
}

/**
 * bn_resource_page_get_model:
 *
 * Returns: (transfer none): the rows as shown: sorted and filtered
 */
BnSortedModel *
bn_resource_page_get_model (BnResourcePage *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_PAGE (self), NULL);
  return self->model;
}

GtkColumnView *
bn_resource_page_get_column_view (BnResourcePage *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_PAGE (self), NULL);
  return self->column_view;
}

BnNamespaceSelector *
bn_resource_page_get_namespace_selector (BnResourcePage *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_PAGE (self), NULL);
  return self->namespace_selector;
}

/**
 * bn_resource_page_get_view_name:
 *
 * Returns: what the page shows: "list", "loading", "empty", "forbidden", "unauthorized" or
 *   "error"
 */
const char *
bn_resource_page_get_view_name (BnResourcePage *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * bn_resource_page_get_status_page:
 *
 * Returns: (transfer none) (nullable): the status page shown, %NULL while the list is
 */
AdwStatusPage *
bn_resource_page_get_status_page (BnResourcePage *self)
{
  GtkWidget *child;

  g_return_val_if_fail (BN_IS_RESOURCE_PAGE (self), NULL);

  child = gtk_stack_get_visible_child (self->stack);
  return ADW_IS_STATUS_PAGE (child) ? ADW_STATUS_PAGE (child) : NULL;
}

/**
 * bn_resource_page_get_count_text:
 *
 * Returns: the row count as shown ("1,234 pods", "12 of 1,234 pods")
 */
const char *
bn_resource_page_get_count_text (BnResourcePage *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_PAGE (self), NULL);
  return gtk_label_get_label (self->count_label);
}

/**
 * bn_resource_page_set_filter_text:
 * @self: a #BnResourcePage
 * @text: (nullable): what to filter by, as typed into the filter entry
 *
 * Filters as if @text had been typed, showing the filter bar when @text is not empty.
 */
void
bn_resource_page_set_filter_text (BnResourcePage *self,
                                  const char     *text)
{
  g_return_if_fail (BN_IS_RESOURCE_PAGE (self));

  if (text != NULL && *text != '\0')
    gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  /* The entry reports changes after a delay; the model takes them now. */
  bn_sorted_model_set_filter_text (self->model, text);
  update_view (self);
}

/**
 * bn_resource_page_sort_by:
 * @self: a #BnResourcePage
 * @column_id: a column id of bn_resource_page_get_columns()
 * @direction: the direction
 *
 * Sorts as a click on the column's header does.
 */
void
bn_resource_page_sort_by (BnResourcePage *self,
                          const char     *column_id,
                          GtkSortType     direction)
{
  int column;

  g_return_if_fail (BN_IS_RESOURCE_PAGE (self));

  column = bn_columns_find (self->columns, column_id);
  g_return_if_fail (column >= 0);
  gtk_column_view_sort_by_column (self->column_view, g_ptr_array_index (self->view_columns, column), direction);
}

/* The aggregate model keeps no list of its caches: the clusters are those of its rows, and
 * each one's cache of the kind is the one bn_cluster_watch() shares. */
static void
refresh_all_clusters (BnResourcePage *self)
{
  BnAggregateModel *aggregate = BN_AGGREGATE_MODEL (self->fixed_source);
  g_autoptr(GPtrArray) clusters = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (self->fixed_source);

  for (guint i = 0; i < n; i++)
    {
      BnCluster *cluster = bn_aggregate_model_get_cluster (aggregate, i);

      if (cluster != NULL && !g_ptr_array_find (clusters, cluster, NULL))
        g_ptr_array_add (clusters, g_object_ref (cluster));
    }

  for (guint i = 0; i < clusters->len; i++)
    {
      BnCluster *cluster = g_ptr_array_index (clusters, i);
      g_autoptr(BnWatchCache) cache = bn_cluster_watch (cluster, self->type, NULL, NULL);

      if (cache == NULL)
        continue;
      bn_watch_cache_stop (cache);
      bn_watch_cache_start (cache);
      bn_cluster_unwatch (cluster, cache);
    }
  update_view (self);
}

/**
 * bn_resource_page_refresh:
 * @self: a #BnResourcePage
 *
 * Lists everything again (the `page.refresh` action, F5). A page that was refused tries
 * again from the start, cluster-wide first. The All Clusters page lists again in each
 * cluster that has rows on it.
 */
void
bn_resource_page_refresh (BnResourcePage *self)
{
  g_return_if_fail (BN_IS_RESOURCE_PAGE (self));

  if (self->all_clusters)
    {
      refresh_all_clusters (self);
      return;
    }

  if (self->cluster == NULL)
    return;

  stop_watches (self);
  set_source (self, NULL);
  start_watches (self);
  if (self->cache != NULL && bn_watch_cache_get_state (self->cache) != BN_WATCH_CACHE_LOADING)
    {
      /* Shared with another page: restart it so that it lists again. */
      bn_watch_cache_stop (self->cache);
      bn_watch_cache_start (self->cache);
    }
  update_view (self);
  schedule_namespace_scan (self);
}
