/* test-resource-page.c: resource pages against binnacle-sim
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-resource-cell.h"
#include "bn-resource-page.h"
#include "bn-test-sim.h"
#include "bn-test-ui-utils.h"

typedef struct
{
  GtkWindow      *window;
  BnResourcePage *page;
} Shown;

static Shown
show_page (GtkWidget  *page,
           const char *title)
{
  Shown shown = { GTK_WINDOW (gtk_window_new ()), BN_RESOURCE_PAGE (page) };
  GtkWidget *header = adw_header_bar_new ();

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (title, NULL));
  gtk_window_set_titlebar (shown.window, header);
  gtk_window_set_default_size (shown.window, 1100, 620);
  gtk_window_set_child (shown.window, page);
  g_object_ref (page);
  gtk_window_present (shown.window);
  return shown;
}

static void
close_page (Shown *shown)
{
  gtk_window_destroy (shown->window);
  g_assert_finalize_object (shown->page);
}

typedef struct
{
  BnResourcePage *page;
  const char     *view;
  guint           n_items;
} Wanted;

static gboolean
page_reached (gpointer data)
{
  Wanted *wanted = data;

  return g_strcmp0 (bn_resource_page_get_view_name (wanted->page), wanted->view) == 0
         && (wanted->n_items == 0
             || bn_sorted_model_get_source_n_items (bn_resource_page_get_model (wanted->page)) == wanted->n_items);
}

static void
wait_for_page (BnResourcePage *page,
               const char     *view,
               guint           n_items,
               guint           timeout_ms)
{
  Wanted wanted = { page, view, n_items };

  if (!bn_test_wait_until (page_reached, &wanted, timeout_ms))
    g_error ("page shows “%s” with %u rows, not “%s” with %u", bn_resource_page_get_view_name (page),
             bn_sorted_model_get_source_n_items (bn_resource_page_get_model (page)), view, n_items);
}

static char *
row_name (BnResourcePage *page,
          guint           position)
{
  g_autoptr(BnObject) object = g_list_model_get_item (G_LIST_MODEL (bn_resource_page_get_model (page)), position);

  return object ? g_strdup (bn_object_get_name (object)) : NULL;
}

static BnResourceCell *
find_cell (BnResourcePage *page,
           const char     *name,
           const char     *column_id)
{
  g_autoptr(GPtrArray) cells = bn_test_find_descendants (GTK_WIDGET (bn_resource_page_get_column_view (page)),
                                                         BN_TYPE_RESOURCE_CELL);
  int column = bn_columns_find (bn_resource_page_get_columns (page), column_id);

  for (guint i = 0; i < cells->len; i++)
    {
      BnResourceCell *cell = g_ptr_array_index (cells, i);
      BnObject *object = bn_resource_cell_get_object (cell);

      if (object != NULL && (int) bn_resource_cell_get_column (cell) == column
          && g_strcmp0 (bn_object_get_name (object), name) == 0)
        return cell;
    }
  return NULL;
}

/* The demo cluster's pods as the admin sees them. */
static void
test_demo_pods (void)
{
  g_autoptr(BnTestSim) sim = bn_test_sim_start ("demo");
  g_autoptr(BnCluster) cluster = bn_test_sim_new_cluster (sim, "admin", "demo");
  g_autoptr(BnResourceType) pods = bn_resource_type_new_builtin ("pods");
  guint expected = bn_test_sim_count (sim, "/api/v1/pods");
  Shown shown = show_page (bn_resource_page_new (cluster, pods), "Pods");
  g_autofree char *count = NULL;
  g_autofree char *first = NULL;
  g_autofree char *screenshot = NULL;
  BnResourceCell *cell;

  g_assert_cmpuint (expected, >, 5);
  wait_for_page (shown.page, "list", expected, 20000);
  bn_test_wait_for_frames (GTK_WIDGET (shown.window), 3);

  count = g_strdup_printf ("%u pods", expected);
  g_assert_cmpstr (bn_resource_page_get_count_text (shown.page), ==, count);

  /* Sorted by name from the start. */
  first = row_name (shown.page, 0);
  g_assert_true (g_str_has_prefix (first, "api-"));

  /* Cells say what the server says, coloured by meaning. */
  cell = find_cell (shown.page, "payments-7f9c4b8d6-x2k4q", "status");
  g_assert_nonnull (cell);
  g_assert_cmpstr (bn_resource_cell_get_text (cell), ==, "CrashLoopBackOff");
  g_assert_cmpint (bn_resource_cell_get_tone (cell), ==, BN_TONE_ERROR);
  cell = find_cell (shown.page, "payments-7f9c4b8d6-x2k4q", "restarts");
  g_assert_true (g_str_has_suffix (bn_resource_cell_get_text (cell), " ago)"));
  cell = find_cell (shown.page, first, "status");
  g_assert_cmpint (bn_resource_cell_get_tone (cell), ==, BN_TONE_SUCCESS);

  screenshot = bn_test_save_screenshot (GTK_WIDGET (shown.window), "resource-page-pods.png");
  g_test_message ("screenshot: %s", screenshot);

  close_page (&shown);
  bn_cluster_disconnect (cluster);
}

typedef struct
{
  BnResourcePage *page;
  const char     *name;
  const char     *text;
} CellWanted;

static gboolean
cell_reached (gpointer data)
{
  CellWanted *wanted = data;
  BnResourceCell *cell = find_cell (wanted->page, wanted->name, "status");

  return cell != NULL && g_strcmp0 (bn_resource_cell_get_text (cell), wanted->text) == 0;
}

/* A MODIFIED event changes the row's cell in place. */
static void
test_modified (void)
{
  g_autoptr(BnTestSim) sim = bn_test_sim_start ("demo");
  g_autoptr(BnCluster) cluster = bn_test_sim_new_cluster (sim, "admin", "demo");
  g_autoptr(BnResourceType) pods = bn_resource_type_new_builtin ("pods");
  Shown shown = show_page (bn_resource_page_new (cluster, pods), "Pods");
  const char *name = "sandbox-9ed037b849-bcbbh";
  CellWanted wanted = { shown.page, name, "Evicted" };
  g_autofree char *reply = NULL;
  g_autoptr(BnObject) before = NULL;
  g_autoptr(BnObject) after = NULL;
  BnResourceCell *cell;
  guint position, status;

  wait_for_page (shown.page, "list", bn_test_sim_count (sim, "/api/v1/pods"), 20000);
  bn_test_wait_for_frames (GTK_WIDGET (shown.window), 2);
  cell = find_cell (shown.page, name, "status");
  g_assert_nonnull (cell);
  g_assert_cmpstr (bn_resource_cell_get_text (cell), ==, "Running");
  g_assert_true (bn_sorted_model_find (bn_resource_page_get_model (shown.page),
                                       bn_resource_cell_get_object (cell), &position));
  before = g_object_ref (bn_resource_cell_get_object (cell));

  reply = bn_test_sim_request (sim, "PATCH", "/api/v1/namespaces/dev/pods/sandbox-9ed037b849-bcbbh/status", "admin",
                               "{\"status\":{\"phase\":\"Failed\",\"reason\":\"Evicted\"}}", &status);
  g_assert_cmpuint (status, ==, 200);

  g_assert_true (bn_test_wait_until (cell_reached, &wanted, 10000));
  cell = find_cell (shown.page, name, "status");
  g_assert_cmpint (bn_resource_cell_get_tone (cell), ==, BN_TONE_ERROR);

  /* The same row object, at the same place. */
  after = g_list_model_get_item (G_LIST_MODEL (bn_resource_page_get_model (shown.page)), position);
  g_assert_true (after == before);

  close_page (&shown);
  bn_cluster_disconnect (cluster);
}

/* Header sorting and the filter give the expected first rows. */
static void
test_sort_and_filter (void)
{
  g_autoptr(BnTestSim) sim = bn_test_sim_start ("demo");
  g_autoptr(BnCluster) cluster = bn_test_sim_new_cluster (sim, "admin", "demo");
  g_autoptr(BnResourceType) pods = bn_resource_type_new_builtin ("pods");
  Shown shown = show_page (bn_resource_page_new (cluster, pods), "Pods");
  guint total = bn_test_sim_count (sim, "/api/v1/pods");
  GListModel *model;
  g_autofree char *expected_count = NULL;

  wait_for_page (shown.page, "list", total, 20000);
  model = G_LIST_MODEL (bn_resource_page_get_model (shown.page));

  bn_resource_page_sort_by (shown.page, "restarts", GTK_SORT_DESCENDING);
  {
    g_autofree char *first = row_name (shown.page, 0);

    g_assert_cmpstr (first, ==, "payments-7f9c4b8d6-x2k4q");
  }

  bn_resource_page_sort_by (shown.page, "namespace", GTK_SORT_ASCENDING);
  {
    g_autoptr(BnObject) first = g_list_model_get_item (model, 0);

    g_assert_cmpstr (bn_object_get_namespace (first), ==, "batch");
  }

  bn_resource_page_sort_by (shown.page, "name", GTK_SORT_DESCENDING);
  {
    g_autofree char *first = row_name (shown.page, 0);

    g_assert_true (g_str_has_prefix (first, "web-"));
  }

  /* A label selector */
  bn_resource_page_sort_by (shown.page, "name", GTK_SORT_ASCENDING);
  bn_resource_page_set_filter_text (shown.page, "app=web");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = row_name (shown.page, i);

      g_assert_true (g_str_has_prefix (name, "web-"));
    }
  expected_count = g_strdup_printf ("3 of %u pods", total);
  g_assert_cmpstr (bn_resource_page_get_count_text (shown.page), ==, expected_count);

  /* Text matches names and namespaces. */
  bn_resource_page_set_filter_text (shown.page, "kube-sys");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  {
    g_autofree char *first = row_name (shown.page, 0);

    g_assert_true (g_str_has_prefix (first, "coredns-"));
  }

  /* Nothing matches: the empty page says so. */
  bn_resource_page_set_filter_text (shown.page, "no-such-pod");
  g_assert_cmpstr (bn_resource_page_get_view_name (shown.page), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (bn_resource_page_get_status_page (shown.page)), ==, "No Results Found");

  /* Namespaces picked in the selector */
  bn_resource_page_set_filter_text (shown.page, "");
  bn_namespace_selector_set_selected (bn_resource_page_get_namespace_selector (shown.page),
                                      (const char *[]) { "shop", "dev", NULL });
  g_assert_cmpstr (bn_resource_page_get_view_name (shown.page), ==, "list");
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BnObject) object = g_list_model_get_item (model, i);

      g_assert_true (g_str_equal (bn_object_get_namespace (object), "shop")
                     || g_str_equal (bn_object_get_namespace (object), "dev"));
    }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 8);

  close_page (&shown);
  bn_cluster_disconnect (cluster);
}

static gboolean
namespaces_offered (gpointer data)
{
  g_auto(GStrv) available = bn_namespace_selector_dup_available (bn_resource_page_get_namespace_selector (data));

  return g_strv_contains ((const char * const *) available, "monitoring");
}

/* The viewer may not list secrets: the forbidden page says so with the server's words. */
static void
test_forbidden (void)
{
  g_autoptr(BnTestSim) sim = bn_test_sim_start ("demo");
  g_autoptr(BnCluster) cluster = bn_test_sim_new_cluster (sim, "viewer", "demo");
  g_autoptr(BnResourceType) secrets = bn_resource_type_new_builtin ("secrets");
  Shown shown = show_page (bn_resource_page_new (cluster, secrets), "Secrets");
  g_autofree char *screenshot = NULL;
  g_autofree char *expected = NULL;
  AdwStatusPage *status;

  wait_for_page (shown.page, "forbidden", 0, 20000);
  status = bn_resource_page_get_status_page (shown.page);
  /* A short title; the description says what was refused and what to do. */
  g_assert_cmpstr (adw_status_page_get_title (status), ==, "No Access");
  g_assert_nonnull (strstr (adw_status_page_get_description (status), "You may not list secrets in this cluster."));
  g_assert_nonnull (strstr (adw_status_page_get_description (status), "Ask your cluster administrator"));
  /* The description is markup: the server's words come escaped. */
  expected = g_markup_escape_text ("secrets is forbidden: User \"viewer\" cannot list resource \"secrets\"", -1);
  g_assert_nonnull (strstr (adw_status_page_get_description (status), expected));

  /* The viewer may list namespaces: all of them are offered. */
  g_assert_true (bn_test_wait_until (namespaces_offered, shown.page, 10000));

  bn_test_wait_for_frames (GTK_WIDGET (shown.window), 3);
  screenshot = bn_test_save_screenshot (GTK_WIDGET (shown.window), "resource-page-forbidden.png");
  g_test_message ("screenshot: %s", screenshot);

  close_page (&shown);
  bn_cluster_disconnect (cluster);
}

static gboolean
offered_equals (BnResourcePage     *page,
                const char * const *expected)
{
  g_auto(GStrv) available = bn_namespace_selector_dup_available (bn_resource_page_get_namespace_selector (page));

  return g_strv_equal ((const char * const *) available, expected);
}

static gboolean
only_dev_offered (gpointer data)
{
  return offered_equals (data, (const char *[]) { "dev", NULL });
}

static gboolean
nothing_offered (gpointer data)
{
  return offered_equals (data, (const char *[]) { NULL });
}

/* The developer may only view the namespace "dev": its pods, no error. */
static void
test_namespace_only (void)
{
  g_autoptr(BnTestSim) sim = bn_test_sim_start ("demo");
  g_autoptr(BnCluster) cluster = bn_test_sim_new_cluster (sim, "developer", "demo");
  g_autoptr(BnResourceType) pods = bn_resource_type_new_builtin ("pods");
  Shown shown = show_page (bn_resource_page_new (cluster, pods), "Pods");
  guint expected = bn_test_sim_count (sim, "/api/v1/namespaces/dev/pods");
  GListModel *model;

  g_assert_cmpuint (expected, >, 0);
  wait_for_page (shown.page, "list", expected, 20000);
  model = G_LIST_MODEL (bn_resource_page_get_model (shown.page));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BnObject) object = g_list_model_get_item (model, i);

      g_assert_cmpstr (bn_object_get_namespace (object), ==, "dev");
    }

  /* It may not list namespaces; the one it sees is offered. */
  g_assert_true (bn_test_wait_until (only_dev_offered, shown.page, 10000));
  g_assert_cmpstr (bn_resource_page_get_view_name (shown.page), ==, "list");

  close_page (&shown);
  bn_cluster_disconnect (cluster);
}

/* The developer again, with a context that names "default", where it may list nothing: the
 * page explains, the selector does not offer "default" (the rules review says no), and the
 * namespace typed into the selector lists its pods with no error. */
static void
test_namespace_typed (void)
{
  g_autoptr(BnTestSim) sim = bn_test_sim_start ("demo");
  g_autoptr(BnCluster) cluster = bn_test_sim_new_cluster_in_namespace (sim, "developer", "demo", "default");
  g_autoptr(BnResourceType) pods = bn_resource_type_new_builtin ("pods");
  Shown shown = show_page (bn_resource_page_new (cluster, pods), "Pods");
  guint expected = bn_test_sim_count (sim, "/api/v1/namespaces/dev/pods");
  BnNamespaceSelector *selector = bn_resource_page_get_namespace_selector (shown.page);
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (adw_bin_get_child (ADW_BIN (selector))));
  GtkEditable *entry = GTK_EDITABLE (bn_test_find_descendant (GTK_WIDGET (popover), GTK_TYPE_SEARCH_ENTRY));
  g_auto(GStrv) selected = NULL;

  wait_for_page (shown.page, "forbidden", 0, 20000);
  g_assert_cmpstr (adw_status_page_get_title (bn_resource_page_get_status_page (shown.page)), ==, "No Access");
  g_assert_true (bn_test_wait_until (nothing_offered, shown.page, 10000));

  gtk_editable_set_text (entry, "dev");
  g_signal_emit_by_name (entry, "activate");
  selected = bn_namespace_selector_dup_selected (selector);
  g_assert_cmpstrv (selected, ((const char *[]) { "dev", NULL }));

  wait_for_page (shown.page, "list", expected, 20000);
  g_assert_true (bn_test_wait_until (only_dev_offered, shown.page, 10000));

  close_page (&shown);
  bn_cluster_disconnect (cluster);
}

/* Ten thousand pods reach the page. */
static void
test_scale (void)
{
  g_autoptr(BnTestSim) sim = bn_test_sim_start ("scale:10000");
  g_autoptr(BnCluster) cluster = bn_test_sim_new_cluster (sim, "admin", "scale");
  g_autoptr(BnResourceType) pods = bn_resource_type_new_builtin ("pods");
  guint expected = bn_test_sim_count (sim, "/api/v1/pods");
  Shown shown = show_page (bn_resource_page_new (cluster, pods), "Pods");
  g_autofree char *count = NULL;
  g_autofree char *formatted = bn_format_count (expected);

  g_assert_cmpuint (expected, >=, 10000);
  wait_for_page (shown.page, "list", expected, 60000);
  bn_test_wait_for_frames (GTK_WIDGET (shown.window), 2);
  count = g_strdup_printf ("%s pods", formatted);
  g_assert_cmpstr (bn_resource_page_get_count_text (shown.page), ==, count);
  g_assert_true (g_str_has_prefix (formatted, "10,"));

  close_page (&shown);
  bn_cluster_disconnect (cluster);
}

/* Two clusters in one list, with a Cluster column. */
static void
test_all_clusters (void)
{
  g_autoptr(BnTestSim) first_sim = bn_test_sim_start ("demo");
  g_autoptr(BnTestSim) second_sim = bn_test_sim_start ("demo");
  g_autoptr(BnCluster) first = bn_test_sim_new_cluster (first_sim, "admin", "staging");
  g_autoptr(BnCluster) second = bn_test_sim_new_cluster (second_sim, "admin", "production");
  g_autoptr(BnResourceType) pods = bn_resource_type_new_builtin ("pods");
  g_autoptr(BnAggregateModel) all = bn_aggregate_model_new ();
  guint expected = bn_test_sim_count (first_sim, "/api/v1/pods") + bn_test_sim_count (second_sim, "/api/v1/pods");
  Shown shown;
  BnColumns *columns;
  BnResourceCell *cell;
  g_autofree char *first_name = NULL;

  bn_aggregate_model_add (all, first, bn_cluster_watch (first, pods, NULL, NULL));
  bn_aggregate_model_add (all, second, bn_cluster_watch (second, pods, NULL, NULL));
  shown = show_page (bn_resource_page_new_all_clusters (all, pods), "All Clusters");

  wait_for_page (shown.page, "list", expected, 20000);
  bn_test_wait_for_frames (GTK_WIDGET (shown.window), 2);
  columns = bn_resource_page_get_columns (shown.page);
  g_assert_cmpint (bn_columns_find (columns, "cluster"), ==, 2);
  g_assert_cmpstr (bn_columns_get_title (columns, 2), ==, "Cluster");

  bn_resource_page_sort_by (shown.page, "cluster", GTK_SORT_ASCENDING);
  bn_test_wait_for_frames (GTK_WIDGET (shown.window), 2);
  first_name = row_name (shown.page, 0);
  cell = find_cell (shown.page, first_name, "cluster");
  g_assert_nonnull (cell);
  g_assert_cmpstr (bn_resource_cell_get_text (cell), ==, "production");

  close_page (&shown);
  bn_aggregate_model_remove_cluster (all, first);
  bn_aggregate_model_remove_cluster (all, second);
  bn_cluster_disconnect (first);
  bn_cluster_disconnect (second);
}

/* Without a server, the error page says what to do; F5 tries again. */
static void
test_unreachable (void)
{
  g_autoptr(BnClusterInfo) info = NULL;
  g_autoptr(BnCluster) cluster = NULL;
  g_autoptr(BnResourceType) pods = bn_resource_type_new_builtin ("pods");
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autofree char *server = NULL;
  Shown shown;

  /* A port that nobody listens on: bound, never listened to. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  address = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  g_clear_object (&address);
  address = g_socket_get_local_address (socket, NULL);
  server = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));

  info = bn_cluster_info_new ();
  info->server = g_strdup (server);
  cluster = bn_cluster_new ("gone", "gone", info, NULL, NULL);
  shown = show_page (bn_resource_page_new (cluster, pods), "Pods");

  wait_for_page (shown.page, "error", 0, 30000);
  g_assert_cmpstr (adw_status_page_get_title (bn_resource_page_get_status_page (shown.page)), ==, "Loading Failed");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (shown.page), "page.refresh", NULL));

  close_page (&shown);
  bn_cluster_disconnect (cluster);
}

static void
test_new_destroy (void)
{
  g_autoptr(BnTestSim) sim = bn_test_sim_start ("empty");
  g_autoptr(BnCluster) cluster = bn_test_sim_new_cluster (sim, "admin", "empty");
  g_autoptr(BnResourceType) deployments = bn_resource_type_new_builtin ("deployments");
  Shown shown = show_page (bn_resource_page_new (cluster, deployments), "Deployments");

  wait_for_page (shown.page, "empty", 0, 20000);
  g_assert_cmpstr (adw_status_page_get_title (bn_resource_page_get_status_page (shown.page)), ==, "No deployments");
  g_assert_cmpstr (bn_resource_page_get_count_text (shown.page), ==, "0 deployments");
  close_page (&shown);
  g_assert_cmpuint (bn_cluster_get_n_caches (cluster), <=, 2);
  bn_cluster_disconnect (cluster);
}

int
main (int   argc,
      char *argv[])
{
  bn_test_ui_init (&argc, &argv);

  g_test_add_func ("/binnacle/resource-page/new-destroy", test_new_destroy);
  g_test_add_func ("/binnacle/resource-page/demo-pods", test_demo_pods);
  g_test_add_func ("/binnacle/resource-page/modified", test_modified);
  g_test_add_func ("/binnacle/resource-page/sort-and-filter", test_sort_and_filter);
  g_test_add_func ("/binnacle/resource-page/forbidden", test_forbidden);
  g_test_add_func ("/binnacle/resource-page/namespace-only", test_namespace_only);
  g_test_add_func ("/binnacle/resource-page/namespace-typed", test_namespace_typed);
  g_test_add_func ("/binnacle/resource-page/all-clusters", test_all_clusters);
  g_test_add_func ("/binnacle/resource-page/unreachable", test_unreachable);
  g_test_add_func ("/binnacle/resource-page/scale", test_scale);

  return g_test_run ();
}
