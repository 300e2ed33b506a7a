/* bn-cluster-sidebar.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bn-cluster-sidebar.h"

/* Above this many clusters the search entry stays visible. */
#define SEARCH_THRESHOLD 8

/**
 * BnClusterSidebar:
 *
 * The list of clusters beside the content: a #GtkListBox bound to a list model of #BnCluster
 * (the #BnClusterManager), sorted pinned first and then by where each cluster comes from
 * (each kubeconfig file, the keyring, the demo), with a heading per group. Hidden clusters are
 * left out unless asked for; a search entry filters by name and server.
 *
 * Selecting a row emits #BnClusterSidebar::cluster-activated: the window connects the cluster
 * and shows it. "All Clusters", above the list once there are clusters, emits
 * #BnClusterSidebar::all-clusters-activated instead.
 */
struct _BnClusterSidebar
{
  AdwBin                parent_instance;

  GListModel           *clusters;
  GtkSortListModel     *sorted;
  GtkFilterListModel   *filtered;
  GtkCustomSorter      *sorter;
  GtkCustomFilter      *filter;
  BnClusterPreferences *preferences;
  GHashTable           *sources;         /* cluster id -> Source */
  GHashTable           *group_ranks;     /* group title -> rank + 1 */
  GHashTable           *needs_sign_in;   /* cluster ids */
  GHashTable           *connection_lost; /* cluster ids */
  BnCluster            *selected;
  guint                 next_seq;
  gboolean              restoring_selection;

  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkRevealer          *files_revealer;
  GtkLabel             *files_label;
  GtkListBox           *all_list;
  GtkListBoxRow        *all_row;
  GtkListBox           *list_box;
  GtkWidget            *add_button;
  GtkToggleButton      *show_hidden_button;
};

G_DEFINE_FINAL_TYPE (BnClusterSidebar, bn_cluster_sidebar, ADW_TYPE_BIN)

enum {
  SIG_CLUSTER_ACTIVATED,
  SIG_ALL_CLUSTERS_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  BnClusterEntry *entry;
  char           *group;
  guint           seq;
} Source;

static void
source_free (Source *source)
{
  g_clear_pointer (&source->entry, bn_cluster_entry_unref);
  g_clear_pointer (&source->group, g_free);
  g_free (source);
}

static Source *
lookup_source (BnClusterSidebar *self,
               BnCluster        *cluster)
{
  return g_hash_table_lookup (self->sources, bn_cluster_get_id (cluster));
}

static gboolean
is_pinned (BnClusterSidebar *self,
           BnCluster        *cluster)
{
  return self->preferences != NULL &&
         bn_cluster_preferences_get_pinned (self->preferences, bn_cluster_get_id (cluster));
}

static const char *
group_title (BnClusterSidebar *self,
             BnCluster        *cluster)
{
  Source *source;

  if (is_pinned (self, cluster))
    return _("Pinned");

  source = lookup_source (self, cluster);
  return source != NULL ? source->group : _("Other Clusters");
}

static guint
group_rank (BnClusterSidebar *self,
            BnCluster        *cluster)
{
  if (is_pinned (self, cluster))
    return 0;

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->group_ranks, group_title (self, cluster)));
}

static int
compare_clusters (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  BnClusterSidebar *self = user_data;
  BnCluster *cluster_a = BN_CLUSTER ((gpointer) a);
  BnCluster *cluster_b = BN_CLUSTER ((gpointer) b);
  Source *source_a = lookup_source (self, cluster_a);
  Source *source_b = lookup_source (self, cluster_b);
  guint rank_a = group_rank (self, cluster_a);
  guint rank_b = group_rank (self, cluster_b);
  guint seq_a = source_a ? source_a->seq : G_MAXUINT;
  guint seq_b = source_b ? source_b->seq : G_MAXUINT;

  if (rank_a != rank_b)
    return rank_a < rank_b ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  if (seq_a != seq_b)
    return seq_a < seq_b ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;

  return gtk_ordering_from_cmpfunc (g_utf8_collate (bn_cluster_get_name (cluster_a),
                                                    bn_cluster_get_name (cluster_b)));
}

static gboolean
contains_casefold (const char *haystack,
                   const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;

  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
filter_cluster (gpointer item,
                gpointer user_data)
{
  BnClusterSidebar *self = user_data;
  BnCluster *cluster = item;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *needle = NULL;

  if (self->preferences != NULL &&
      !gtk_toggle_button_get_active (self->show_hidden_button) &&
      bn_cluster_preferences_get_hidden (self->preferences, bn_cluster_get_id (cluster)))
    return FALSE;

  if (text == NULL || *text == '\0')
    return TRUE;

  needle = g_utf8_casefold (text, -1);
  return contains_casefold (bn_cluster_get_name (cluster), needle) ||
         contains_casefold (bn_cluster_get_server (cluster), needle);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  BnClusterSidebar *self = user_data;
  BnCluster *cluster = item;
  Source *source = lookup_source (self, cluster);
  BnClusterRow *row;

  row = bn_cluster_row_new (cluster, source ? source->entry : NULL, self->preferences);
  bn_cluster_row_set_needs_sign_in (row, g_hash_table_contains (self->needs_sign_in,
                                                                bn_cluster_get_id (cluster)));
  bn_cluster_row_set_connection_lost (row, g_hash_table_contains (self->connection_lost,
                                                                  bn_cluster_get_id (cluster)));
  return GTK_WIDGET (row);
}

static void
update_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  BnClusterSidebar *self = user_data;
  BnCluster *cluster = bn_cluster_row_get_cluster (BN_CLUSTER_ROW (row));
  const char *title = group_title (self, cluster);
  GtkWidget *header;

  if (before != NULL &&
      g_strcmp0 (title, group_title (self, bn_cluster_row_get_cluster (BN_CLUSTER_ROW (before)))) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_list_box_row_get_header (row);
  if (GTK_IS_LABEL (header))
    {
      gtk_label_set_label (GTK_LABEL (header), title);
      return;
    }

  header = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_label_set_ellipsize (GTK_LABEL (header), PANGO_ELLIPSIZE_START);
  gtk_label_set_max_width_chars (GTK_LABEL (header), 28);
  gtk_widget_set_tooltip_text (header, title);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_widget_add_css_class (header, "cluster-group-header");
  gtk_list_box_row_set_header (row, header);
}

static void
update_search_visibility (BnClusterSidebar *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (n > SEARCH_THRESHOLD)
    gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  else if (text == NULL || *text == '\0')
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

      /* Leave the entry alone while the user types in it (Ctrl+K opened it). */
      if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->search_entry)))
        gtk_search_bar_set_search_mode (self->search_bar, FALSE);
    }
}

static void
update_hidden_button (BnClusterSidebar *self)
{
  guint n_hidden = 0;

  if (self->clusters != NULL && self->preferences != NULL)
    {
      guint n = g_list_model_get_n_items (self->clusters);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(BnCluster) cluster = g_list_model_get_item (self->clusters, i);

          if (bn_cluster_preferences_get_hidden (self->preferences, bn_cluster_get_id (cluster)))
            n_hidden++;
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->show_hidden_button),
                          n_hidden > 0 || gtk_toggle_button_get_active (self->show_hidden_button));
}

static void
restore_selection (BnClusterSidebar *self)
{
  BnClusterRow *row;

  if (self->selected == NULL)
    return;

  row = bn_cluster_sidebar_lookup_row (self, self->selected);
  if (row == NULL || gtk_list_box_get_selected_row (self->list_box) == GTK_LIST_BOX_ROW (row))
    return;

  self->restoring_selection = TRUE;
  gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (row));
  self->restoring_selection = FALSE;
}

static void
on_items_changed_cb (BnClusterSidebar *self,
                     guint             position,
                     guint             removed,
                     guint             added,
                     GListModel       *model)
{
  g_assert (BN_IS_CLUSTER_SIDEBAR (self));

  update_search_visibility (self);
  update_hidden_button (self);
  restore_selection (self);
  gtk_widget_set_visible (GTK_WIDGET (self->all_list),
                          self->clusters != NULL && g_list_model_get_n_items (self->clusters) > 0);
}

static void
on_preferences_changed_cb (BnClusterSidebar *self,
                           const char       *cluster_id,
                           gpointer          preferences)
{
  g_assert (BN_IS_CLUSTER_SIDEBAR (self));

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  gtk_list_box_invalidate_headers (self->list_box);
  update_hidden_button (self);
}

static void
on_search_changed_cb (BnClusterSidebar *self,
                      GtkSearchEntry   *entry)
{
  g_assert (BN_IS_CLUSTER_SIDEBAR (self));

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_search_activate_cb (BnClusterSidebar *self,
                       GtkSearchEntry   *entry)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->list_box, 0);

  g_assert (BN_IS_CLUSTER_SIDEBAR (self));

  if (first != NULL)
    {
      gtk_list_box_select_row (self->list_box, first);
      gtk_widget_grab_focus (GTK_WIDGET (first));
    }
}

static void
on_search_stop_cb (BnClusterSidebar *self,
                   GtkSearchEntry   *entry)
{
  g_assert (BN_IS_CLUSTER_SIDEBAR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  update_search_visibility (self);
}

static void
on_show_hidden_toggled_cb (BnClusterSidebar *self,
                           GtkToggleButton  *button)
{
  g_assert (BN_IS_CLUSTER_SIDEBAR (self));

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_hidden_button (self);
}

static void
set_all_row_selected (BnClusterSidebar *self,
                      gboolean          selected)
{
  /* Only an activation picks "All Clusters" (its list box selects nothing by itself, which it
   * would do when the sidebar takes the focus); the row still looks picked while it is. */
  if (selected)
    gtk_widget_set_state_flags (GTK_WIDGET (self->all_row), GTK_STATE_FLAG_SELECTED, FALSE);
  else
    gtk_widget_unset_state_flags (GTK_WIDGET (self->all_row), GTK_STATE_FLAG_SELECTED);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->all_row), GTK_ACCESSIBLE_STATE_SELECTED, selected, -1);
}

static void
on_row_selected_cb (BnClusterSidebar *self,
                    GtkListBoxRow    *row,
                    GtkListBox       *list_box)
{
  BnCluster *cluster;

  g_assert (BN_IS_CLUSTER_SIDEBAR (self));

  if (row == NULL || self->restoring_selection)
    return;

  cluster = bn_cluster_row_get_cluster (BN_CLUSTER_ROW (row));
  if (cluster == self->selected)
    return;

  set_all_row_selected (self, FALSE);
  g_set_object (&self->selected, cluster);
  g_signal_emit (self, signals[SIG_CLUSTER_ACTIVATED], 0, cluster);
}

static void
on_all_activated_cb (BnClusterSidebar *self,
                     GtkListBoxRow    *row,
                     GtkListBox       *list_box)
{
  g_assert (BN_IS_CLUSTER_SIDEBAR (self));

  /* One selection in the sidebar: the cluster picked before is picked again by a click. */
  g_clear_object (&self->selected);
  gtk_list_box_unselect_all (self->list_box);
  set_all_row_selected (self, TRUE);
  g_signal_emit (self, signals[SIG_ALL_CLUSTERS_ACTIVATED], 0);
}

static GtkListBoxRow *
focused_row (BnClusterSidebar *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row = focus ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) : NULL;

  return row != NULL && gtk_widget_get_parent (row) == GTK_WIDGET (self->list_box)
         ? GTK_LIST_BOX_ROW (row) : NULL;
}

/* A list box takes Tab from row to row, and focusing a row picks its cluster: Tab would
 * connect every cluster on its way to the content. Tab goes through the row's own buttons,
 * then on past the list; Shift+Tab back to "All Clusters" or the search. */
static gboolean
on_list_key_pressed_cb (BnClusterSidebar      *self,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        GtkEventControllerKey *controller)
{
  GtkListBoxRow *row = focused_row (self);
  gboolean backward;

  if (row == NULL || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;
  if (keyval == GDK_KEY_Tab && (state & GDK_SHIFT_MASK) == 0)
    backward = FALSE;
  else if (keyval == GDK_KEY_ISO_Left_Tab || (keyval == GDK_KEY_Tab && (state & GDK_SHIFT_MASK) != 0))
    backward = TRUE;
  else
    return GDK_EVENT_PROPAGATE;

  if (gtk_widget_child_focus (GTK_WIDGET (row), backward ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD))
    return GDK_EVENT_STOP;

  if (!backward)
    return gtk_widget_grab_focus (self->add_button) ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
  if (gtk_widget_get_visible (GTK_WIDGET (self->all_list)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->all_row)) ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
  if (gtk_search_bar_get_search_mode (self->search_bar))
    return gtk_widget_grab_focus (GTK_WIDGET (self->search_entry)) ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
  return GDK_EVENT_PROPAGATE;
}

static void
bn_cluster_sidebar_dispose (GObject *object)
{
  BnClusterSidebar *self = BN_CLUSTER_SIDEBAR (object);

  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  /* AdwBin unparents its child itself; gtk_widget_dispose_template() would do it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->filtered);
  g_clear_object (&self->sorted);
  g_clear_object (&self->clusters);
  g_clear_object (&self->preferences);
  g_clear_object (&self->selected);

  G_OBJECT_CLASS (bn_cluster_sidebar_parent_class)->dispose (object);
}

static void
bn_cluster_sidebar_finalize (GObject *object)
{
  BnClusterSidebar *self = BN_CLUSTER_SIDEBAR (object);

  g_clear_pointer (&self->sources, g_hash_table_unref);
  g_clear_pointer (&self->group_ranks, g_hash_table_unref);
  g_clear_pointer (&self->needs_sign_in, g_hash_table_unref);
  g_clear_pointer (&self->connection_lost, g_hash_table_unref);

  G_OBJECT_CLASS (bn_cluster_sidebar_parent_class)->finalize (object);
}

static void
bn_cluster_sidebar_class_init (BnClusterSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bn_cluster_sidebar_dispose;
  object_class->finalize = bn_cluster_sidebar_finalize;

  /**
   * BnClusterSidebar::cluster-activated:
   * @self: a #BnClusterSidebar
   * @cluster: the cluster the user picked
   */
  signals[SIG_CLUSTER_ACTIVATED] =
    g_signal_new ("cluster-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, BN_TYPE_CLUSTER);

  /**
   * BnClusterSidebar::all-clusters-activated:
   * @self: a #BnClusterSidebar
   *
   * The user picked "All Clusters": the pods of every connected cluster in one list.
   */
  signals[SIG_ALL_CLUSTERS_ACTIVATED] =
    g_signal_new ("all-clusters-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (BN_TYPE_CLUSTER_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/bn-cluster-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, BnClusterSidebar, search_bar);
  gtk_widget_class_bind_template_child (widget_class, BnClusterSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BnClusterSidebar, files_revealer);
  gtk_widget_class_bind_template_child (widget_class, BnClusterSidebar, files_label);
  gtk_widget_class_bind_template_child (widget_class, BnClusterSidebar, all_list);
  gtk_widget_class_bind_template_child (widget_class, BnClusterSidebar, all_row);
  gtk_widget_class_bind_template_child (widget_class, BnClusterSidebar, list_box);
  gtk_widget_class_bind_template_child (widget_class, BnClusterSidebar, add_button);
  gtk_widget_class_bind_template_child (widget_class, BnClusterSidebar, show_hidden_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_show_hidden_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_all_activated_cb);
}

static void
bn_cluster_sidebar_init (BnClusterSidebar *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) source_free);
  self->group_ranks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->needs_sign_in = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->connection_lost = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->sorter = gtk_custom_sorter_new (compare_clusters, self, NULL);
  self->filter = gtk_custom_filter_new (filter_cluster, self, NULL);
  self->sorted = gtk_sort_list_model_new (NULL, GTK_SORTER (self->sorter));
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sorted)),
                                              GTK_FILTER (self->filter));
  g_signal_connect_object (self->filtered, "items-changed",
                           G_CALLBACK (on_items_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_list_key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->list_box), controller);
  gtk_list_box_set_header_func (self->list_box, update_header, self, NULL);
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->filtered),
                           create_row, self, NULL);
}

/**
 * bn_cluster_sidebar_new:
 *
 * Returns: (transfer floating): a new, empty #BnClusterSidebar
 */
GtkWidget *
bn_cluster_sidebar_new (void)
{
  return g_object_new (BN_TYPE_CLUSTER_SIDEBAR, NULL);
}

/**
 * bn_cluster_sidebar_set_model:
 * @self: a #BnClusterSidebar
 * @clusters: (nullable): a list model of #BnCluster, usually the #BnClusterManager
 */
void
bn_cluster_sidebar_set_model (BnClusterSidebar *self,
                              GListModel       *clusters)
{
  g_return_if_fail (BN_IS_CLUSTER_SIDEBAR (self));
  g_return_if_fail (clusters == NULL || G_IS_LIST_MODEL (clusters));

  if (!g_set_object (&self->clusters, clusters))
    return;

  gtk_sort_list_model_set_model (self->sorted, clusters);
}

/**
 * bn_cluster_sidebar_set_preferences:
 * @self: a #BnClusterSidebar
 * @preferences: where colours, pins and hidden flags are kept
 *
 * Set this before the model: rows read it when they are made.
 */
void
bn_cluster_sidebar_set_preferences (BnClusterSidebar     *self,
                                    BnClusterPreferences *preferences)
{
  g_return_if_fail (BN_IS_CLUSTER_SIDEBAR (self));
  g_return_if_fail (BN_IS_CLUSTER_PREFERENCES (preferences));

  if (self->preferences != NULL)
    g_signal_handlers_disconnect_by_data (self->preferences, self);
  g_set_object (&self->preferences, preferences);
  g_signal_connect_object (preferences, "changed",
                           G_CALLBACK (on_preferences_changed_cb), self, G_CONNECT_SWAPPED);
  on_preferences_changed_cb (self, NULL, preferences);
}

/**
 * bn_cluster_sidebar_add_entry:
 * @self: a #BnClusterSidebar
 * @entry: a cluster's kubeconfig or keyring entry (its id is the #BnCluster's id)
 * @group_title: the heading of the group it is listed under, such as its kubeconfig file
 *
 * Tells the sidebar where a cluster comes from and what is wrong with it. Call it before
 * adding the cluster to the model; groups are listed in the order they are first seen.
 */
void
bn_cluster_sidebar_add_entry (BnClusterSidebar *self,
                              BnClusterEntry   *entry,
                              const char       *group_title)
{
  Source *source;

  g_return_if_fail (BN_IS_CLUSTER_SIDEBAR (self));
  g_return_if_fail (entry != NULL && entry->id != NULL);
  g_return_if_fail (group_title != NULL);

  source = g_new0 (Source, 1);
  source->entry = bn_cluster_entry_ref (entry);
  source->group = g_strdup (group_title);
  source->seq = self->next_seq++;
  g_hash_table_replace (self->sources, g_strdup (entry->id), source);

  if (!g_hash_table_contains (self->group_ranks, group_title))
    g_hash_table_insert (self->group_ranks, g_strdup (group_title),
                         GUINT_TO_POINTER (g_hash_table_size (self->group_ranks) + 1));
}

/**
 * bn_cluster_sidebar_remove_entry:
 * @self: a #BnClusterSidebar
 * @id: the id of a cluster that is no longer listed
 *
 * Forgets what bn_cluster_sidebar_add_entry() said about a cluster, once it is removed from
 * the model.
 */
void
bn_cluster_sidebar_remove_entry (BnClusterSidebar *self,
                                 const char       *id)
{
  g_return_if_fail (BN_IS_CLUSTER_SIDEBAR (self));
  g_return_if_fail (id != NULL);

  g_hash_table_remove (self->sources, id);
  if (self->selected != NULL && g_str_equal (bn_cluster_get_id (self->selected), id))
    g_clear_object (&self->selected);
}

/**
 * bn_cluster_sidebar_set_note:
 * @self: a #BnClusterSidebar
 * @note: (nullable): a note above the list, such as which kubeconfig file was rejected
 */
void
bn_cluster_sidebar_set_note (BnClusterSidebar *self,
                             const char       *note)
{
  g_return_if_fail (BN_IS_CLUSTER_SIDEBAR (self));

  gtk_label_set_label (self->files_label, note ? note : "");
  gtk_revealer_set_reveal_child (self->files_revealer, note != NULL && *note != '\0');
}

/**
 * bn_cluster_sidebar_get_note:
 * @self: a #BnClusterSidebar
 *
 * Returns: (nullable): the note shown above the list, if any
 */
const char *
bn_cluster_sidebar_get_note (BnClusterSidebar *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_SIDEBAR (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->files_revealer))
    return NULL;
  return gtk_label_get_label (self->files_label);
}

/**
 * bn_cluster_sidebar_get_selected:
 * @self: a #BnClusterSidebar
 *
 * Returns: (transfer none) (nullable): the cluster last picked
 */
BnCluster *
bn_cluster_sidebar_get_selected (BnClusterSidebar *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_SIDEBAR (self), NULL);

  return self->selected;
}

/**
 * bn_cluster_sidebar_lookup_row:
 * @self: a #BnClusterSidebar
 * @cluster: a cluster
 *
 * Returns: (transfer none) (nullable): the row showing @cluster, %NULL when it is filtered out
 */
BnClusterRow *
bn_cluster_sidebar_lookup_row (BnClusterSidebar *self,
                               BnCluster        *cluster)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (BN_IS_CLUSTER_SIDEBAR (self), NULL);
  g_return_val_if_fail (BN_IS_CLUSTER (cluster), NULL);

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->list_box, i)) != NULL; i++)
    if (bn_cluster_row_get_cluster (BN_CLUSTER_ROW (row)) == cluster)
      return BN_CLUSTER_ROW (row);

  return NULL;
}

/**
 * bn_cluster_sidebar_select:
 * @self: a #BnClusterSidebar
 * @cluster: the cluster to pick, as if the user clicked it
 */
void
bn_cluster_sidebar_select (BnClusterSidebar *self,
                           BnCluster        *cluster)
{
  BnClusterRow *row;

  g_return_if_fail (BN_IS_CLUSTER_SIDEBAR (self));
  g_return_if_fail (BN_IS_CLUSTER (cluster));

  row = bn_cluster_sidebar_lookup_row (self, cluster);
  if (row != NULL)
    gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (row));
}

/**
 * bn_cluster_sidebar_select_all_clusters:
 * @self: a #BnClusterSidebar
 *
 * Picks "All Clusters", as a click on it (or Enter) does.
 */
void
bn_cluster_sidebar_select_all_clusters (BnClusterSidebar *self)
{
  g_return_if_fail (BN_IS_CLUSTER_SIDEBAR (self));

  on_all_activated_cb (self, self->all_row, self->all_list);
}

/**
 * bn_cluster_sidebar_select_nth:
 * @self: a #BnClusterSidebar
 * @position: a position among the listed clusters, from 0
 *
 * Returns: whether there was a cluster at @position
 */
gboolean
bn_cluster_sidebar_select_nth (BnClusterSidebar *self,
                               guint             position)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (BN_IS_CLUSTER_SIDEBAR (self), FALSE);

  row = gtk_list_box_get_row_at_index (self->list_box, (int) position);
  if (row == NULL)
    return FALSE;

  gtk_list_box_select_row (self->list_box, row);
  return TRUE;
}

/**
 * bn_cluster_sidebar_get_n_visible:
 * @self: a #BnClusterSidebar
 *
 * Returns: how many clusters are listed, after hiding and searching
 */
guint
bn_cluster_sidebar_get_n_visible (BnClusterSidebar *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_SIDEBAR (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

/**
 * bn_cluster_sidebar_set_needs_sign_in:
 * @self: a #BnClusterSidebar
 * @cluster: a cluster
 * @needs_sign_in: whether the server refused its credentials
 */
void
bn_cluster_sidebar_set_needs_sign_in (BnClusterSidebar *self,
                                      BnCluster        *cluster,
                                      gboolean          needs_sign_in)
{
  BnClusterRow *row;

  g_return_if_fail (BN_IS_CLUSTER_SIDEBAR (self));
  g_return_if_fail (BN_IS_CLUSTER (cluster));

  if (needs_sign_in)
    g_hash_table_add (self->needs_sign_in, g_strdup (bn_cluster_get_id (cluster)));
  else
    g_hash_table_remove (self->needs_sign_in, bn_cluster_get_id (cluster));

  row = bn_cluster_sidebar_lookup_row (self, cluster);
  if (row != NULL)
    bn_cluster_row_set_needs_sign_in (row, needs_sign_in);
}

/**
 * bn_cluster_sidebar_set_connection_lost:
 * @self: a #BnClusterSidebar
 * @cluster: a cluster
 * @connection_lost: whether its server stopped answering after it had answered
 */
void
bn_cluster_sidebar_set_connection_lost (BnClusterSidebar *self,
                                        BnCluster        *cluster,
                                        gboolean          connection_lost)
{
  BnClusterRow *row;

  g_return_if_fail (BN_IS_CLUSTER_SIDEBAR (self));
  g_return_if_fail (BN_IS_CLUSTER (cluster));

  if (connection_lost)
    g_hash_table_add (self->connection_lost, g_strdup (bn_cluster_get_id (cluster)));
  else
    g_hash_table_remove (self->connection_lost, bn_cluster_get_id (cluster));

  row = bn_cluster_sidebar_lookup_row (self, cluster);
  if (row != NULL)
    bn_cluster_row_set_connection_lost (row, connection_lost);
}

/**
 * bn_cluster_sidebar_start_search:
 * @self: a #BnClusterSidebar
 *
 * Shows the search entry and moves the keyboard focus into it.
 */
void
bn_cluster_sidebar_start_search (BnClusterSidebar *self)
{
  g_return_if_fail (BN_IS_CLUSTER_SIDEBAR (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
