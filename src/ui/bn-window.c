/* bn-window.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bn-cluster-manager.h"
#include "bn-cluster-overview.h"
#include "bn-cluster-preferences.h"
#include "bn-cluster-sidebar.h"
#include "bn-cluster-view.h"
#include "bn-demo-cluster.h"
#include "bn-hand-added-clusters.h"
#include "bn-keyring.h"
#include "bn-kube-error.h"
#include "bn-resource-page.h"
#include "bn-sign-in-dialog.h"
#include "bn-window.h"

/**
 * BnWindow:
 *
 * The main window: the cluster sidebar and the content area side by side in an #AdwLeaflet,
 * which folds them into one pane on narrow screens.
 *
 * The window restores its size and maximized state from #BnSettings when it is built and saves
 * them when it closes.
 *
 * The clusters come from bn_window_load_clusters(), which reads the kubeconfig files in a
 * worker thread: the window is up before any file is read and long before any server answers.
 * Each cluster is a #BnCluster in the window's #BnClusterManager, which the
 * #BnClusterSidebar lists; picking one connects it and shows its #BnClusterView. A cluster
 * whose server refuses the credentials opens the #BnSignInDialog, filled in.
 */
struct _BnWindow
{
  AdwApplicationWindow  parent_instance;

  BnSettings           *settings;

  BnClusterManager     *clusters;
  BnClusterPreferences *preferences;
  BnDemoCluster        *demo;
  BnHandAddedClusters  *hand_added;
  GCancellable         *cancellable;
  BnCluster            *current;
  gboolean              showing_all;       /* the All Clusters page is shown */
  GHashTable           *signed_in_asked;   /* cluster ids whose sign-in dialog was shown */
  guint                 loads_pending;

  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *content;
  BnClusterSidebar     *cluster_sidebar;
  AdwWindowTitle       *content_title;
  GtkWidget            *refresh_button;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *content_stack;
  AdwStatusPage        *empty_page;
  AdwStatusPage        *loading_page;
  AdwStatusPage        *error_page;
  GtkWidget            *retry_button;
  GtkWidget            *back_button;
  guint                 back_button_id;
  AdwBin               *cluster_bin;
};

G_DEFINE_FINAL_TYPE (BnWindow, bn_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bn_window_restore_state (BnWindow *self)
{
  int width, height;

  bn_settings_get_window_size (self->settings, &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  if (bn_settings_get_window_maximized (self->settings))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
bn_window_save_state (BnWindow *self)
{
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));

  /* A maximized window keeps the size it had before, to come back to it when unmaximized. */
  if (!maximized)
    {
      int width, height;

      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      bn_settings_set_window_size (self->settings, width, height);
    }

  bn_settings_set_window_maximized (self->settings, maximized);
}

static gboolean
bn_window_close_request (GtkWindow *window)
{
  BnWindow *self = BN_WINDOW (window);

  bn_window_save_state (self);

  return GTK_WINDOW_CLASS (bn_window_parent_class)->close_request (window);
}

static void
bn_window_constructed (GObject *object)
{
  BnWindow *self = BN_WINDOW (object);

  G_OBJECT_CLASS (bn_window_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = bn_settings_new ();

  bn_window_restore_state (self);

  self->preferences = bn_cluster_preferences_new (NULL);
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autoptr(BnKeyring) keyring = bn_keyring_new ();

    self->hand_added = bn_hand_added_clusters_new (settings, keyring);
  }
  bn_cluster_sidebar_set_preferences (self->cluster_sidebar, self->preferences);
  bn_cluster_sidebar_set_model (self->cluster_sidebar, G_LIST_MODEL (self->clusters));
}

static void
bn_window_dispose (GObject *object)
{
  BnWindow *self = BN_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->back_button_id, g_source_remove);
  if (self->current != NULL)
    g_signal_handlers_disconnect_by_data (self->current, self);
  g_clear_object (&self->current);
  if (self->cluster_bin != NULL)
    adw_bin_set_child (self->cluster_bin, NULL);
  if (self->cluster_sidebar != NULL)
    bn_cluster_sidebar_set_model (self->cluster_sidebar, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_WINDOW);
  if (self->clusters != NULL)
    bn_cluster_manager_disconnect_all (self->clusters);
  g_clear_object (&self->clusters);
  g_clear_object (&self->preferences);
  g_clear_object (&self->demo);
  g_clear_object (&self->hand_added);
  g_clear_pointer (&self->signed_in_asked, g_hash_table_unref);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bn_window_parent_class)->dispose (object);
}

/* --- clusters ------------------------------------------------------------------------------ */

typedef struct
{
  char         *search_path;
  char         *group;
  BnKubeconfig *config;
  GPtrArray    *entries;
} Load;

static void
load_free (Load *load)
{
  g_clear_pointer (&load->search_path, g_free);
  g_clear_pointer (&load->group, g_free);
  g_clear_object (&load->config);
  g_clear_pointer (&load->entries, g_ptr_array_unref);
  g_free (load);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load *load = task_data;

  /* Reading files, and checking that the certificates they name exist, is blocking I/O. */
  load->config = load->search_path
    ? bn_kubeconfig_new_for_search_path (load->search_path)
    : bn_kubeconfig_new_from_environment ();
  load->entries = bn_cluster_entries_from_kubeconfig (load->config);
  g_task_return_boolean (task, TRUE);
}

static char *
dup_display_path (const char *path)
{
  const char *home = g_get_home_dir ();

  if (path == NULL)
    return g_strdup (_("Other Clusters"));
  if (home != NULL && g_str_has_prefix (path, home) && path[strlen (home)] == '/')
    return g_strconcat ("~", path + strlen (home), NULL);

  return g_strdup (path);
}

static char *
dup_rejected_note (BnKubeconfig *config)
{
  GPtrArray *files = bn_kubeconfig_get_files (config);
  g_autoptr(GString) note = g_string_new (NULL);

  for (guint i = 0; files != NULL && i < files->len; i++)
    {
      const BnKubeconfigFile *file = g_ptr_array_index (files, i);
      g_autofree char *path = NULL;

      if (file->state != BN_KUBECONFIG_FILE_REJECTED)
        continue;

      path = dup_display_path (file->path);
      if (file->line > 0)
        /* Translators: a kubeconfig file that could not be read: path, line and reason */
        g_string_append_printf (note, _("Could not read %s, line %u: %s."), path, file->line,
                                file->message);
      else
        /* Translators: a kubeconfig file that could not be read: path and reason */
        g_string_append_printf (note, _("Could not read %s: %s."), path, file->message);
      g_string_append (note, "\n\n");
    }

  if (note->len == 0)
    return NULL;

  g_string_append (note, _("kubectl would refuse all files; Binnacle loaded the others."));
  return g_string_free (g_steal_pointer (&note), FALSE);
}

static void
update_content (BnWindow *self)
{
  if (self->current != NULL || self->showing_all)
    return;

  if (self->loads_pending > 0)
    gtk_stack_set_visible_child_name (self->content_stack, "loading");
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->clusters)) == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->content_stack, "select");
}

static BnCluster *
add_entry (BnWindow       *self,
           BnClusterEntry *entry,
           const char     *group)
{
  g_autoptr(BnClusterInfo) empty_cluster = NULL;
  g_autoptr(BnAuthInfo) empty_user = NULL;
  g_autoptr(BnCluster) cluster = NULL;

  if (bn_cluster_manager_lookup (self->clusters, entry->id) != NULL)
    return bn_cluster_manager_lookup (self->clusters, entry->id);

  /* A context whose cluster or user is missing is still listed, with its problem. */
  if (entry->cluster == NULL)
    empty_cluster = bn_cluster_info_new ();
  if (entry->user == NULL)
    empty_user = bn_auth_info_new ();

  cluster = bn_cluster_new (entry->id, entry->context_name,
                            entry->cluster ? entry->cluster : empty_cluster,
                            entry->user ? entry->user : empty_user,
                            entry->namespace);
  bn_cluster_sidebar_add_entry (self->cluster_sidebar, entry, group);
  bn_cluster_manager_add (self->clusters, cluster);

  return cluster;
}

static void
on_load_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BnWindow *self = BN_WINDOW (object);
  Load *load = g_task_get_task_data (G_TASK (result));
  g_autofree char *note = NULL;
  BnCluster *current = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), NULL) || self->clusters == NULL)
    return;

  self->loads_pending--;
  note = dup_rejected_note (load->config);
  if (note != NULL)
    bn_cluster_sidebar_set_note (self->cluster_sidebar, note);

  for (guint i = 0; i < load->entries->len; i++)
    {
      BnClusterEntry *entry = g_ptr_array_index (load->entries, i);
      g_autofree char *group = load->group ? g_strdup (load->group) : dup_display_path (entry->source);
      BnCluster *cluster = add_entry (self, entry, group);

      if (entry->is_current)
        current = cluster;
    }

  update_content (self);

  /* The current context is where kubectl would go: open it, as long as nothing else is open. */
  if (current != NULL && (self->current == NULL || load->group != NULL))
    bn_cluster_sidebar_select (self->cluster_sidebar, current);
}

typedef struct
{
  BnWindow       *self;
  BnClusterEntry *entry;
} KeyringLoad;

static void
on_hand_added_auth_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autofree KeyringLoad *load = user_data;
  g_autoptr(BnWindow) self = load->self;
  g_autoptr(BnClusterEntry) entry = load->entry;
  g_autoptr(GError) error = NULL;
  g_autoptr(BnAuthInfo) auth = NULL;
  g_autoptr(BnCluster) cluster = NULL;

  auth = bn_hand_added_clusters_dup_auth_info_finish (BN_HAND_ADDED_CLUSTERS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->clusters == NULL)
    return;

  /* Without its token (no keyring, or it was removed) the cluster is still listed: the
   * server's 401 then asks for a sign-in. */
  if (auth == NULL)
    {
      g_debug ("No token for a hand-added cluster: %s", error ? error->message : "none");
      auth = bn_auth_info_new ();
    }

  cluster = bn_cluster_new (entry->id, entry->context_name, entry->cluster, auth, "default");
  bn_cluster_sidebar_add_entry (self->cluster_sidebar, entry, _("Added by Hand"));
  bn_cluster_manager_add (self->clusters, cluster);
  update_content (self);
}

static void
load_hand_added (BnWindow *self)
{
  g_auto(GStrv) ids = bn_hand_added_clusters_dup_ids (self->hand_added);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autoptr(BnClusterInfo) info = bn_hand_added_clusters_dup_cluster_info (self->hand_added, ids[i]);
      KeyringLoad *load;

      if (info == NULL)
        continue;

      load = g_new0 (KeyringLoad, 1);
      load->self = g_object_ref (self);
      load->entry = bn_cluster_entry_new_hand_added (info);
      g_free (load->entry->id);
      load->entry->id = g_strdup (ids[i]);
      bn_hand_added_clusters_dup_auth_info_async (self->hand_added, ids[i], self->cancellable,
                                                  on_hand_added_auth_cb, load);
    }
}

/**
 * bn_window_load_clusters:
 * @self: a #BnWindow
 * @search_path: (nullable): a kubeconfig search path as in `$KUBECONFIG`, %NULL to use
 *   `$KUBECONFIG` or `~/.kube/config`
 *
 * Reads the kubeconfig files in a worker thread and lists their contexts. Returns at once.
 */
void
bn_window_load_clusters (BnWindow   *self,
                         const char *search_path)
{
  g_autoptr(GTask) task = NULL;
  Load *load;

  g_return_if_fail (BN_IS_WINDOW (self));

  load = g_new0 (Load, 1);
  load->search_path = g_strdup (search_path);
  task = g_task_new (self, self->cancellable, on_load_cb, NULL);
  g_task_set_source_tag (task, bn_window_load_clusters);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  self->loads_pending++;
  update_content (self);
  g_task_run_in_thread (task, load_thread);
  load_hand_added (self);
}

static void
load_demo (BnWindow   *self,
           const char *kubeconfig)
{
  g_autoptr(GTask) task = NULL;
  Load *load;

  load = g_new0 (Load, 1);
  load->search_path = g_strdup (kubeconfig);
  load->group = g_strdup (_("Demo Cluster"));
  task = g_task_new (self, self->cancellable, on_load_cb, NULL);
  g_task_set_source_tag (task, load_demo);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  self->loads_pending++;
  g_task_run_in_thread (task, load_thread);
}

static void
on_demo_started_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(BnWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *kubeconfig = NULL;

  kubeconfig = bn_demo_cluster_start_finish (BN_DEMO_CLUSTER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->clusters == NULL)
    return;

  self->loads_pending--;
  if (kubeconfig == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      /* Let the button try again. */
      g_clear_object (&self->demo);
      adw_status_page_set_title (self->error_page, _("The Demo Cluster Did Not Start"));
      adw_status_page_set_description (self->error_page, escaped);
      gtk_stack_set_visible_child_name (self->content_stack, "error");
      return;
    }

  load_demo (self, kubeconfig);
}

/**
 * bn_window_start_demo:
 * @self: a #BnWindow
 *
 * Starts binnacle-sim with the demo scenario and lists its clusters under "Demo Cluster",
 * opening the administrator's. The simulator stops with the window.
 */
void
bn_window_start_demo (BnWindow *self)
{
  g_return_if_fail (BN_IS_WINDOW (self));

  /* Started, or starting: once is enough. */
  if (self->demo != NULL)
    return;

  self->demo = bn_demo_cluster_new ();
  self->loads_pending++;
  adw_status_page_set_title (self->loading_page, _("Starting the Demo Cluster…"));
  if (self->current == NULL)
    gtk_stack_set_visible_child_name (self->content_stack, "loading");
  bn_demo_cluster_start_async (self->demo, self->cancellable, on_demo_started_cb,
                               g_object_ref (self));
}

/* --- the cluster shown --------------------------------------------------------------------- */

static void
open_sign_in (BnWindow   *self,
              BnCluster  *cluster,
              const char *reason);

static void
handle_unauthorized (BnWindow  *self,
                     BnCluster *cluster)
{
  bn_cluster_sidebar_set_needs_sign_in (self->cluster_sidebar, cluster, TRUE);

  /* Ask once per cluster and run: the sidebar keeps saying it needs a sign-in. */
  if (!g_hash_table_add (self->signed_in_asked, g_strdup (bn_cluster_get_id (cluster))))
    return;

  open_sign_in (self, cluster,
                _("The server did not accept the credentials for this cluster: the token may "
                  "have expired or been revoked. Paste a new bearer token to sign in again."));
}

static void
update_cluster_page (BnWindow *self)
{
  const GError *error;
  const char *what_to_do;
  g_autofree char *escaped = NULL;
  g_autofree char *description = NULL;

  if (self->current == NULL)
    return;

  error = bn_cluster_get_error (self->current);
  if (bn_cluster_get_status (self->current) != BN_CLUSTER_FAILED)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "cluster");
      return;
    }

  if (g_error_matches (error, BN_KUBE_ERROR, BN_KUBE_ERROR_UNAUTHORIZED))
    {
      adw_status_page_set_title (self->error_page, _("Sign-in Needed"));
      what_to_do = _("Sign in with a new token, or renew the credentials in your kubeconfig, "
                     "then try again.");
      handle_unauthorized (self, self->current);
    }
  else
    {
      adw_status_page_set_title (self->error_page, _("Cannot Connect"));
      what_to_do = _("Check that the server is running and can be reached from this computer, "
                     "then try again.");
    }

  /* The description is markup: the error's words come escaped. */
  escaped = g_markup_escape_text (error ? error->message : "", -1);
  description = g_strdup_printf ("%s\n\n%s", escaped, what_to_do);
  gtk_widget_set_visible (self->retry_button, TRUE);
  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->content_stack, "error");
}

static void
on_view_unauthorized_cb (BnWindow      *self,
                         BnClusterView *view)
{
  g_assert (BN_IS_WINDOW (self));

  handle_unauthorized (self, bn_cluster_view_get_cluster (view));
}

/* Back goes one level up: from a page to the kinds when the cluster view is folded, from
 * the content to the clusters when the window is. */
static gboolean
update_back_button_cb (gpointer user_data)
{
  BnWindow *self = user_data;
  BnClusterView *view = bn_window_get_cluster_view (self);

  self->back_button_id = 0;
  gtk_widget_set_visible (self->back_button,
                          adw_leaflet_get_folded (self->leaflet) ||
                          (view != NULL && bn_cluster_view_get_folded (view)));
  return G_SOURCE_REMOVE;
}

/* Leaflets fold while they are allocated: the header bar changes after that, not during. */
static void
update_back_button (BnWindow *self)
{
  if (self->back_button_id == 0)
    self->back_button_id = g_idle_add (update_back_button_cb, self);
}

static void
on_overview_connection_lost_cb (BnWindow          *self,
                                GParamSpec        *pspec,
                                BnClusterOverview *overview)
{
  g_assert (BN_IS_WINDOW (self));

  bn_cluster_sidebar_set_connection_lost (self->cluster_sidebar,
                                          bn_cluster_overview_get_cluster (overview),
                                          bn_cluster_overview_get_connection_lost (overview));
}

static void
show_problems (BnWindow       *self,
               BnClusterEntry *entry)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; entry->problems != NULL && i < entry->problems->len; i++)
    {
      const BnKubeconfigProblem *problem = g_ptr_array_index (entry->problems, i);

      if (problem->is_error)
        {
          /* The description is markup. */
          g_autofree char *escaped = g_markup_escape_text (problem->message, -1);

          g_string_append_printf (text, "%s%s", text->len ? "\n" : "", escaped);
        }
    }

  g_string_append (text, "\n\n");
  g_string_append (text, _("Correct the context in its kubeconfig file, then start Binnacle again."));
  adw_status_page_set_title (self->error_page, _("This Context Cannot Be Used"));
  /* Trying again reads the same entry: only editing the kubeconfig helps. */
  gtk_widget_set_visible (self->retry_button, FALSE);
  adw_status_page_set_description (self->error_page, text->str);
  gtk_stack_set_visible_child_name (self->content_stack, "error");
}

static void
show_cluster (BnWindow  *self,
              BnCluster *cluster)
{
  BnClusterRow *row = bn_cluster_sidebar_lookup_row (self->cluster_sidebar, cluster);
  BnClusterEntry *entry = row ? bn_cluster_row_get_entry (row) : NULL;
  GtkWidget *view;

  if (self->current != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->current, self);
      /* Only the view shown watches its cluster: nobody is left to tell when it is back. */
      bn_cluster_sidebar_set_connection_lost (self->cluster_sidebar, self->current, FALSE);
    }
  g_set_object (&self->current, cluster);
  self->showing_all = FALSE;
  adw_bin_set_child (self->cluster_bin, NULL);

  adw_window_title_set_title (self->content_title, bn_cluster_get_name (cluster));
  adw_window_title_set_subtitle (self->content_title, bn_cluster_get_server (cluster));
  gtk_widget_set_visible (self->refresh_button, TRUE);
  adw_leaflet_set_visible_child (self->leaflet, self->content);

  update_back_button (self);

  if (entry != NULL && bn_cluster_entry_has_errors (entry))
    {
      show_problems (self, entry);
      return;
    }

  view = bn_cluster_view_new (cluster);
  g_signal_connect_object (view, "unauthorized", G_CALLBACK (on_view_unauthorized_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "notify::folded", G_CALLBACK (update_back_button), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (bn_cluster_view_get_overview (BN_CLUSTER_VIEW (view)),
                           "notify::connection-lost",
                           G_CALLBACK (on_overview_connection_lost_cb), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->cluster_bin, view);
  update_back_button (self);
  g_signal_connect_object (cluster, "notify::status", G_CALLBACK (update_cluster_page), self,
                           G_CONNECT_SWAPPED);
  update_cluster_page (self);
}

static void
on_cluster_activated_cb (BnWindow         *self,
                         BnCluster        *cluster,
                         BnClusterSidebar *sidebar)
{
  g_assert (BN_IS_WINDOW (self));

  show_cluster (self, cluster);
}

/* The pods of every connected cluster, with a Cluster column. Clusters stay connected as
 * they were: the list follows them as they connect and disconnect. */
static void
show_all_clusters (BnWindow *self)
{
  g_autoptr(BnResourceType) pods = bn_resource_type_new_builtin ("pods");
  GListModel *all_pods = bn_cluster_manager_get_all_pods (self->clusters);

  if (self->current != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->current, self);
      bn_cluster_sidebar_set_connection_lost (self->cluster_sidebar, self->current, FALSE);
      g_clear_object (&self->current);
    }
  self->showing_all = TRUE;
  adw_bin_set_child (self->cluster_bin,
                     bn_resource_page_new_all_clusters (BN_AGGREGATE_MODEL (all_pods), pods));
  adw_window_title_set_title (self->content_title, _("All Clusters"));
  adw_window_title_set_subtitle (self->content_title, _("Pods of every connected cluster"));
  gtk_widget_set_visible (self->refresh_button, TRUE);
  gtk_stack_set_visible_child_name (self->content_stack, "cluster");
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  update_back_button (self);
}

static void
on_all_clusters_activated_cb (BnWindow         *self,
                              BnClusterSidebar *sidebar)
{
  g_assert (BN_IS_WINDOW (self));

  show_all_clusters (self);
}

/* --- signing in ---------------------------------------------------------------------------- */

static void
replace_credentials (BnWindow       *self,
                     BnCluster      *old,
                     BnSignInDialog *dialog)
{
  g_autoptr(BnClusterInfo) info = bn_sign_in_dialog_dup_cluster_info (dialog);
  g_autoptr(BnAuthInfo) auth = bn_auth_info_new ();
  g_autoptr(BnCluster) cluster = NULL;
  BnClusterInfo *old_info = bn_cluster_get_cluster_info (old);

  /* Keep what the dialog does not show. */
  if (old_info != NULL)
    info->proxy_url = g_strdup (old_info->proxy_url);
  auth->token = g_strdup (bn_sign_in_dialog_get_token (dialog));

  cluster = bn_cluster_new (bn_cluster_get_id (old), bn_cluster_get_name (old), info, auth,
                            bn_cluster_get_namespace (old));
  bn_cluster_disconnect (old);
  bn_cluster_sidebar_set_needs_sign_in (self->cluster_sidebar, old, FALSE);
  g_hash_table_remove (self->signed_in_asked, bn_cluster_get_id (old));
  if (self->current == old)
    g_clear_object (&self->current);
  bn_cluster_manager_remove (self->clusters, old);
  bn_cluster_manager_add (self->clusters, cluster);
  bn_cluster_sidebar_select (self->cluster_sidebar, cluster);
}

static BnCluster *
add_hand_added_cluster (BnWindow       *self,
                        const char     *id,
                        BnSignInDialog *dialog)
{
  g_autoptr(BnClusterInfo) info = bn_sign_in_dialog_dup_cluster_info (dialog);
  g_autoptr(BnAuthInfo) auth = bn_auth_info_new ();
  g_autoptr(BnClusterEntry) entry = bn_cluster_entry_new_hand_added (info);
  g_autoptr(BnCluster) cluster = NULL;

  if (id != NULL)
    {
      g_free (entry->id);
      entry->id = g_strdup (id);
    }

  auth->token = g_strdup (bn_sign_in_dialog_get_token (dialog));
  cluster = bn_cluster_new (entry->id, info->name, info, auth, "default");
  bn_cluster_sidebar_add_entry (self->cluster_sidebar, entry, _("Added by Hand"));
  bn_cluster_manager_add (self->clusters, cluster);
  bn_cluster_sidebar_select (self->cluster_sidebar, cluster);

  return cluster;
}

static void
show_keyring_error (BnWindow     *self,
                    const GError *error)
{
  g_autofree char *message = NULL;

  /* Translators: the cluster works for this session, but its token could not be kept */
  message = g_strdup_printf (_("Not saved in the keyring: %s"), error->message);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

typedef struct
{
  BnWindow       *self;
  BnSignInDialog *dialog;
} Saving;

static void
on_hand_added_saved_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autofree Saving *saving = user_data;
  g_autoptr(BnWindow) self = saving->self;
  g_autoptr(BnSignInDialog) dialog = saving->dialog;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  id = bn_hand_added_clusters_add_finish (BN_HAND_ADDED_CLUSTERS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->clusters == NULL)
    return;

  if (id == NULL)
    show_keyring_error (self, error);

  add_hand_added_cluster (self, id, dialog);
}

static void
add_hand_added (BnWindow       *self,
                BnSignInDialog *dialog)
{
  g_autoptr(BnClusterInfo) info = bn_sign_in_dialog_dup_cluster_info (dialog);
  g_autoptr(BnClusterEntry) entry = bn_cluster_entry_new_hand_added (info);
  g_autofree char *message = NULL;
  Saving *saving;

  if (bn_cluster_manager_lookup (self->clusters, entry->id) != NULL)
    {
      message = g_strdup_printf (_("There is already a cluster named “%s”"), info->name);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      return;
    }

  if (!bn_sign_in_dialog_get_remember (dialog))
    {
      add_hand_added_cluster (self, NULL, dialog);
      return;
    }

  saving = g_new0 (Saving, 1);
  saving->self = g_object_ref (self);
  saving->dialog = g_object_ref (dialog);
  bn_hand_added_clusters_add_async (self->hand_added, info, bn_sign_in_dialog_get_token (dialog),
                                    self->cancellable, on_hand_added_saved_cb, saving);
}

static void
on_hand_added_updated_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(BnWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bn_hand_added_clusters_update_finish (BN_HAND_ADDED_CLUSTERS (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->clusters != NULL)
    show_keyring_error (self, error);
}

static void
on_signed_in_cb (BnWindow       *self,
                 BnSignInDialog *dialog)
{
  BnCluster *cluster = bn_sign_in_dialog_get_cluster (dialog);

  g_assert (BN_IS_WINDOW (self));

  if (cluster != NULL && bn_cluster_manager_lookup (self->clusters, bn_cluster_get_id (cluster)) == cluster)
    {
      BnClusterRow *row = bn_cluster_sidebar_lookup_row (self->cluster_sidebar, cluster);
      BnClusterEntry *entry = row ? bn_cluster_row_get_entry (row) : NULL;

      /* A hand-added cluster keeps its new token; a kubeconfig's is the kubeconfig's. */
      if (entry != NULL && entry->from_keyring && bn_sign_in_dialog_get_remember (dialog))
        {
          g_autoptr(BnClusterInfo) info = bn_sign_in_dialog_dup_cluster_info (dialog);

          bn_hand_added_clusters_update_async (self->hand_added, bn_cluster_get_id (cluster), info,
                                               bn_sign_in_dialog_get_token (dialog),
                                               self->cancellable, on_hand_added_updated_cb,
                                               g_object_ref (self));
        }
      replace_credentials (self, cluster, dialog);
    }
  else
    add_hand_added (self, dialog);
}

static void
open_sign_in (BnWindow   *self,
              BnCluster  *cluster,
              const char *reason)
{
  BnSignInDialog *dialog;

  dialog = cluster ? bn_sign_in_dialog_new_for_cluster (cluster, reason) : bn_sign_in_dialog_new ();
  if (cluster != NULL)
    {
      BnClusterRow *row = bn_cluster_sidebar_lookup_row (self->cluster_sidebar, cluster);
      BnClusterEntry *entry = row ? bn_cluster_row_get_entry (row) : NULL;

      bn_sign_in_dialog_set_can_remember (dialog, entry != NULL && entry->from_keyring);
    }
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "signed-in", G_CALLBACK (on_signed_in_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- removing a cluster added by hand ------------------------------------------------------ */

static void
close_current (BnWindow *self)
{
  g_signal_handlers_disconnect_by_data (self->current, self);
  g_clear_object (&self->current);
  adw_bin_set_child (self->cluster_bin, NULL);
  adw_window_title_set_title (self->content_title, _("Binnacle"));
  adw_window_title_set_subtitle (self->content_title, NULL);
  gtk_widget_set_visible (self->refresh_button, FALSE);
  update_back_button (self);
  update_content (self);
}

static void
on_hand_added_removed_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(BnWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (bn_hand_added_clusters_remove_finish (BN_HAND_ADDED_CLUSTERS (object), result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->clusters == NULL)
    return;

  /* Translators: the cluster is gone from the list, but its token is still in the keyring */
  message = g_strdup_printf (_("The token could not be deleted from the keyring: %s"), error->message);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
remove_hand_added (BnWindow  *self,
                   BnCluster *cluster)
{
  g_autoptr(BnCluster) removed = g_object_ref (cluster);
  g_autofree char *id = g_strdup (bn_cluster_get_id (cluster));
  g_autoptr(BnClusterInfo) saved = bn_hand_added_clusters_dup_cluster_info (self->hand_added, id);
  BnClusterRow *row = bn_cluster_sidebar_lookup_row (self->cluster_sidebar, cluster);
  g_autofree char *message = NULL;
  GtkWidget *focus;

  /* Focus left in the removed row would go to a neighbour, which picks and connects it. */
  if (row != NULL && (focus = gtk_root_get_focus (GTK_ROOT (self))) != NULL &&
      (focus == GTK_WIDGET (row) || gtk_widget_is_ancestor (focus, GTK_WIDGET (row))))
    gtk_root_set_focus (GTK_ROOT (self), NULL);

  if (self->current == cluster)
    close_current (self);
  g_hash_table_remove (self->signed_in_asked, id);
  bn_cluster_manager_remove (self->clusters, cluster);
  bn_cluster_sidebar_remove_entry (self->cluster_sidebar, id);
  bn_cluster_preferences_set_pinned (self->preferences, id, FALSE);
  bn_cluster_preferences_set_color (self->preferences, id, NULL);
  update_content (self);

  /* A cluster that was not remembered has nothing in the settings or the keyring. */
  if (saved != NULL)
    bn_hand_added_clusters_remove_async (self->hand_added, id, self->cancellable,
                                         on_hand_added_removed_cb, g_object_ref (self));

  /* Translators: a toast once a hand-added cluster is removed */
  message = g_strdup_printf (_("“%s” removed"), bn_cluster_get_name (removed));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  BnWindow *self = BN_WINDOW (user_data);
  const char *id = g_object_get_data (G_OBJECT (dialog), "bn-cluster-id");
  BnCluster *cluster;

  if (!g_str_equal (response, "remove") || self->clusters == NULL)
    return;

  cluster = bn_cluster_manager_lookup (self->clusters, id);
  if (cluster != NULL)
    remove_hand_added (self, cluster);
}

static void
remove_cluster_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  BnWindow *self = BN_WINDOW (user_data);
  const char *id = g_variant_get_string (parameter, NULL);
  BnCluster *cluster = bn_cluster_manager_lookup (self->clusters, id);
  BnClusterRow *row = cluster ? bn_cluster_sidebar_lookup_row (self->cluster_sidebar, cluster) : NULL;
  BnClusterEntry *entry = row ? bn_cluster_row_get_entry (row) : NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  /* Only Binnacle's own clusters go: a kubeconfig's contexts stay in their files. */
  if (entry == NULL || !entry->from_keyring)
    return;

  /* Translators: the heading of the dialog that confirms removing a cluster added by hand */
  heading = g_strdup_printf (_("Remove “%s”?"), bn_cluster_get_name (cluster));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Binnacle forgets the cluster and deletes its token from "
                                     "the keyring. To use it again, add it again with a token."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "bn-cluster-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- actions ------------------------------------------------------------------------------- */

static void
add_cluster_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  open_sign_in (BN_WINDOW (user_data), NULL, NULL);
}

static void
sign_in_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  BnWindow *self = BN_WINDOW (user_data);
  BnCluster *cluster = bn_cluster_manager_lookup (self->clusters, g_variant_get_string (parameter, NULL));

  if (cluster != NULL)
    open_sign_in (self, cluster, NULL);
}

static void
demo_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  bn_window_start_demo (BN_WINDOW (user_data));
}

static BnClusterView *
current_view (BnWindow *self)
{
  GtkWidget *child = adw_bin_get_child (self->cluster_bin);

  return BN_IS_CLUSTER_VIEW (child) ? BN_CLUSTER_VIEW (child) : NULL;
}

static void
refresh_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  BnWindow *self = BN_WINDOW (user_data);
  BnClusterView *view = current_view (self);
  GtkWidget *child = adw_bin_get_child (self->cluster_bin);

  if (BN_IS_RESOURCE_PAGE (child))
    {
      bn_resource_page_refresh (BN_RESOURCE_PAGE (child));
      return;
    }

  if (self->current == NULL)
    return;

  if (view != NULL)
    bn_cluster_view_refresh (view);
  else
    {
      bn_cluster_disconnect (self->current);
      show_cluster (self, self->current);
    }
}

static void
find_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  BnWindow *self = BN_WINDOW (user_data);
  BnClusterView *view = current_view (self);
  GtkWidget *child = adw_bin_get_child (self->cluster_bin);

  if (BN_IS_RESOURCE_PAGE (child))
    {
      gtk_widget_activate_action (child, "page.find", NULL);
      return;
    }

  /* Pages without a filter of their own still get the kind search. */
  if (view != NULL && !bn_cluster_view_focus_filter (view))
    bn_cluster_view_start_kind_search (view);
}

static void
go_to_kind_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  BnWindow *self = BN_WINDOW (user_data);
  BnClusterView *view = current_view (self);

  if (view != NULL)
    bn_cluster_view_start_kind_search (view);
  else
    bn_cluster_sidebar_start_search (self->cluster_sidebar);
}

static void
go_to_cluster_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  BnWindow *self = BN_WINDOW (user_data);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  bn_cluster_sidebar_start_search (self->cluster_sidebar);
}

static void
select_cluster_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  BnWindow *self = BN_WINDOW (user_data);
  int position = g_variant_get_int32 (parameter);

  if (position >= 1)
    bn_cluster_sidebar_select_nth (self->cluster_sidebar, (guint) position - 1);
}

static void
show_clusters_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  BnWindow *self = BN_WINDOW (user_data);
  BnClusterView *view = bn_window_get_cluster_view (self);

  /* A narrow window goes back one level at a time: page, kinds, clusters. */
  if (view != NULL && gtk_stack_get_visible_child (self->content_stack) == GTK_WIDGET (self->cluster_bin) &&
      bn_cluster_view_navigate_back (view))
    return;

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

static const GActionEntry win_actions[] = {
  { "add-cluster", add_cluster_action },
  { "sign-in", sign_in_action, "s" },
  { "remove-cluster", remove_cluster_action, "s" },
  { "demo", demo_action },
  { "refresh", refresh_action },
  { "find", find_action },
  { "go-to-kind", go_to_kind_action },
  { "go-to-cluster", go_to_cluster_action },
  { "select-cluster", select_cluster_action, "i" },
  { "show-clusters", show_clusters_action },
};

static void
add_cluster_shortcuts (BnWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  /* Alt+1 … Alt+9 pick the clusters in the order the sidebar lists them. */
  for (int i = 1; i <= 9; i++)
    {
      GtkShortcutTrigger *trigger = gtk_keyval_trigger_new (GDK_KEY_0 + i, GDK_ALT_MASK);
      GtkShortcutAction *action = gtk_named_action_new ("win.select-cluster");
      GtkShortcut *shortcut = gtk_shortcut_new (trigger, action);

      gtk_shortcut_set_arguments (shortcut, g_variant_new_int32 (i));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
bn_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  BnWindow *self = BN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, bn_window_get_settings (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  BnWindow *self = BN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_window_class_init (BnWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = bn_window_constructed;
  object_class->dispose = bn_window_dispose;
  object_class->get_property = bn_window_get_property;
  object_class->set_property = bn_window_set_property;

  window_class->close_request = bn_window_close_request;

  /**
   * BnWindow:settings:
   *
   * Where the window keeps its size and maximized state. A new #BnSettings when none is given.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         BN_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/bn-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BnWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, content);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, cluster_sidebar);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, cluster_bin);
  gtk_widget_class_bind_template_callback (widget_class, on_cluster_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_all_clusters_activated_cb);

  g_type_ensure (BN_TYPE_CLUSTER_SIDEBAR);
}

static void
bn_window_init (BnWindow *self)
{
  self->clusters = bn_cluster_manager_new ();
  self->cancellable = g_cancellable_new ();
  self->signed_in_asked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions),
                                   self);
  add_cluster_shortcuts (self);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (update_back_button), self,
                           G_CONNECT_SWAPPED);

  /* With no cluster to pick, a folded window opens on the page that says what to do. */
  adw_leaflet_set_visible_child (self->leaflet, self->content);

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

/**
 * bn_window_new:
 * @application: the #BnApplication
 *
 * Returns: (transfer full): a new main window that uses the application's settings
 */
BnWindow *
bn_window_new (BnApplication *application)
{
  g_return_val_if_fail (BN_IS_APPLICATION (application), NULL);

  return g_object_new (BN_TYPE_WINDOW,
                       "application", application,
                       "settings", bn_application_get_settings (application),
                       NULL);
}

/**
 * bn_window_get_settings:
 * @self: a #BnWindow
 *
 * Returns: (transfer none): the settings the window keeps its state in
 */
BnSettings *
bn_window_get_settings (BnWindow *self)
{
  g_return_val_if_fail (BN_IS_WINDOW (self), NULL);

  return self->settings;
}

/**
 * bn_window_get_clusters:
 * @self: a #BnWindow
 *
 * Returns: (transfer none): every cluster the window lists
 */
BnClusterManager *
bn_window_get_clusters (BnWindow *self)
{
  g_return_val_if_fail (BN_IS_WINDOW (self), NULL);

  return self->clusters;
}

/**
 * bn_window_get_sidebar:
 * @self: a #BnWindow
 *
 * Returns: (transfer none): the cluster sidebar
 */
BnClusterSidebar *
bn_window_get_sidebar (BnWindow *self)
{
  g_return_val_if_fail (BN_IS_WINDOW (self), NULL);

  return self->cluster_sidebar;
}

/**
 * bn_window_get_cluster_view:
 * @self: a #BnWindow
 *
 * Returns: (transfer none) (nullable): the view of the cluster shown
 */
BnClusterView *
bn_window_get_cluster_view (BnWindow *self)
{
  g_return_val_if_fail (BN_IS_WINDOW (self), NULL);

  return current_view (self);
}

/**
 * bn_window_get_demo:
 * @self: a #BnWindow
 *
 * Returns: (transfer none) (nullable): the demo cluster, once started
 */
BnDemoCluster *
bn_window_get_demo (BnWindow *self)
{
  g_return_val_if_fail (BN_IS_WINDOW (self), NULL);

  return self->demo;
}

/**
 * bn_window_is_loading:
 * @self: a #BnWindow
 *
 * Returns: whether kubeconfig files are still being read or the demo is starting
 */
gboolean
bn_window_is_loading (BnWindow *self)
{
  g_return_val_if_fail (BN_IS_WINDOW (self), FALSE);

  return self->loads_pending > 0;
}

/**
 * bn_window_get_content_page:
 * @self: a #BnWindow
 *
 * Returns: (transfer none): what the content area shows: `empty`, `select`, `loading`,
 *   `error` or `cluster`
 */
const char *
bn_window_get_content_page (BnWindow *self)
{
  g_return_val_if_fail (BN_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->content_stack);
}

/**
 * bn_window_get_error_page:
 * @self: a #BnWindow
 *
 * Returns: (transfer none): the status page shown when a cluster cannot be used
 */
AdwStatusPage *
bn_window_get_error_page (BnWindow *self)
{
  g_return_val_if_fail (BN_IS_WINDOW (self), NULL);

  return self->error_page;
}
