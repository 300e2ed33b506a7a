/* test-column-sort.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk/x11/gdkx.h>

#include "bn-column-sort.h"
#include "bn-test-row.h"
#include "bn-test-ui-utils.h"

typedef struct
{
  GtkWindow           *window;
  GtkColumnView       *view;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *restarts_column;
  GtkColumnViewColumn *status_column;
  GListStore          *store;
  BnSortedModel       *model;
  GtkMultiSelection   *selection;
  BnColumnSort        *sort;
} Fixture;

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item)
{
  gtk_list_item_set_child (list_item, gtk_label_new (NULL));
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               const char               *property)
{
  GObject *item = gtk_list_item_get_item (list_item);
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) text = G_VALUE_INIT;

  g_object_get_property (item, property, &value);
  g_value_init (&text, G_TYPE_STRING);
  g_value_transform (&value, &text);
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), g_value_get_string (&text));
}

static GtkColumnViewColumn *
add_column (Fixture    *fixture,
            const char *title,
            const char *property)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), (gpointer) property);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_append_column (fixture->view, column);
  g_object_unref (column);

  return column;
}

/* @data: how many rows, 300 if NULL. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(BnSortKey) by_name = bn_sort_key_new_for_property (BN_TYPE_TEST_ROW, "name");
  g_autoptr(BnSortKey) by_restarts = bn_sort_key_new_for_property (BN_TYPE_TEST_ROW, "restarts");
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  guint n_rows = data != NULL ? GPOINTER_TO_UINT (data) : 300;

  fixture->store = g_list_store_new (BN_TYPE_TEST_ROW);
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *uid = g_strdup_printf ("uid-%05u", i);
      g_autofree char *name = g_strdup_printf ("pod-%03u", (i * 101) % n_rows);

      g_ptr_array_add (rows, bn_test_row_new (uid, name, "default", (int) ((i * 37) % n_rows)));
      bn_test_row_set_status (g_ptr_array_index (rows, i), "Running");
    }
  g_list_store_splice (fixture->store, 0, 0, rows->pdata, rows->len);

  fixture->model = bn_sorted_model_new (G_LIST_MODEL (fixture->store), bn_test_row_accessors ());
  fixture->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (fixture->model)));
  fixture->view = GTK_COLUMN_VIEW (gtk_column_view_new (g_object_ref (GTK_SELECTION_MODEL (fixture->selection))));
  g_object_ref_sink (fixture->view);
  fixture->name_column = add_column (fixture, "Name", "name");
  fixture->restarts_column = add_column (fixture, "Restarts", "restarts");
  fixture->status_column = add_column (fixture, "Status", "status");

  fixture->sort = bn_column_sort_new (fixture->view, fixture->model);
  bn_column_sort_add_column (fixture->sort, fixture->name_column, by_name);
  bn_column_sort_add_column (fixture->sort, fixture->restarts_column, by_restarts);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  g_object_ref_sink (fixture->window);
  gtk_window_set_default_size (fixture->window, 600, 400);
  gtk_window_set_child (fixture->window,
                        gtk_scrolled_window_new ());
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (gtk_window_get_child (fixture->window)),
                                 GTK_WIDGET (fixture->view));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GListStore *store = fixture->store;

  gtk_window_destroy (fixture->window);
  g_assert_finalize_object (fixture->window);
  g_assert_finalize_object (fixture->view);
  g_assert_finalize_object (fixture->sort);
  g_assert_finalize_object (fixture->selection);
  g_assert_finalize_object (fixture->model);
  g_assert_finalize_object (store);
}

static const char *
first_name (Fixture *fixture)
{
  g_autoptr(BnTestRow) row = g_list_model_get_item (G_LIST_MODEL (fixture->model), 0);

  return g_intern_string (bn_test_row_get_name (row));
}

static int
first_restarts (Fixture *fixture)
{
  g_autoptr(BnTestRow) row = g_list_model_get_item (G_LIST_MODEL (fixture->model), 0);

  return bn_test_row_get_restarts (row);
}

static void
test_column_sort_new_destroy (void)
{
  g_autoptr(GListStore) store = g_list_store_new (BN_TYPE_TEST_ROW);
  g_autoptr(BnSortKey) by_name = bn_sort_key_new_for_property (BN_TYPE_TEST_ROW, "name");
  BnSortedModel *model = bn_sorted_model_new (G_LIST_MODEL (store), bn_test_row_accessors ());
  GtkColumnView *view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  GtkColumnViewColumn *column = gtk_column_view_column_new ("Name", NULL);
  BnColumnSort *sort;

  g_object_ref_sink (view);
  gtk_column_view_append_column (view, column);
  sort = bn_column_sort_new (view, model);
  bn_column_sort_add_column (sort, column, by_name);
  g_assert_nonnull (gtk_column_view_column_get_sorter (column));

  /* Dropped before the view: a later sort change must not reach it. */
  g_assert_finalize_object (sort);
  gtk_column_view_sort_by_column (view, column, GTK_SORT_DESCENDING);
  g_assert_false (bn_sorted_model_get_descending (model));

  g_object_unref (column);
  g_assert_finalize_object (view);
  g_assert_finalize_object (model);
}

static void
test_column_sort_sort_by_column (Fixture       *fixture,
                                 gconstpointer  data)
{
  gtk_column_view_sort_by_column (fixture->view, fixture->restarts_column, GTK_SORT_DESCENDING);
  g_assert_true (bn_column_sort_get_column (fixture->sort) == fixture->restarts_column);
  g_assert_true (bn_column_sort_get_descending (fixture->sort));
  g_assert_cmpint (first_restarts (fixture), ==, 299);

  gtk_column_view_sort_by_column (fixture->view, fixture->name_column, GTK_SORT_ASCENDING);
  g_assert_true (bn_column_sort_get_column (fixture->sort) == fixture->name_column);
  g_assert_false (bn_column_sort_get_descending (fixture->sort));
  g_assert_cmpstr (first_name (fixture), ==, "pod-000");

  gtk_column_view_sort_by_column (fixture->view, fixture->name_column, GTK_SORT_DESCENDING);
  g_assert_cmpstr (first_name (fixture), ==, "pod-299");

  gtk_column_view_sort_by_column (fixture->view, fixture->restarts_column, GTK_SORT_ASCENDING);
  g_assert_cmpint (first_restarts (fixture), ==, 0);

  /* The rows are never sorted through the column view: its model is still ours. */
  g_assert_true (gtk_multi_selection_get_model (fixture->selection) == G_LIST_MODEL (fixture->model));

  /* Clearing the sort column keeps the last order. */
  gtk_column_view_sort_by_column (fixture->view, NULL, GTK_SORT_ASCENDING);
  g_assert_cmpint (first_restarts (fixture), ==, 0);
}

static void
collect_titles (GtkWidget *widget,
                GPtrArray *titles)
{
  if (g_strcmp0 (G_OBJECT_TYPE_NAME (widget), "GtkColumnViewTitle") == 0)
    g_ptr_array_add (titles, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_titles (child, titles);
}

typedef int (*FakeMotionFunc) (Display       *display,
                               int            screen,
                               int            x,
                               int            y,
                               unsigned long  delay);
typedef int (*FakeButtonFunc) (Display       *display,
                               unsigned int   button,
                               int            is_press,
                               unsigned long  delay);

/* A real click, through the X server: GtkColumnViewTitle sorts when its click gesture sees
 * the primary button released, and it asks the gesture which button that was, so emitting
 * the signal by hand would not do. libXtst is loaded at run time to keep it out of the
 * build. */
static gboolean
click_header (Fixture *fixture,
              guint    index)
{
  static GModule *xtst;
  static FakeMotionFunc fake_motion;
  static FakeButtonFunc fake_button;
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (fixture->window));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (fixture->window));
  Display *xdisplay;
  graphene_point_t point;
  GtkWidget *title;
  double surface_x, surface_y;
  int root_x, root_y;
  Window child;

  if (!GDK_IS_X11_DISPLAY (display))
    return FALSE;
  if (xtst == NULL)
    {
      xtst = g_module_open ("libXtst.so.6", G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
      if (xtst == NULL
          || !g_module_symbol (xtst, "XTestFakeMotionEvent", (gpointer *) &fake_motion)
          || !g_module_symbol (xtst, "XTestFakeButtonEvent", (gpointer *) &fake_button))
        return FALSE;
    }

  collect_titles (GTK_WIDGET (fixture->view), titles);
  g_assert_cmpuint (titles->len, ==, 3);
  title = g_ptr_array_index (titles, index);

  g_assert_true (gtk_widget_compute_point (title, GTK_WIDGET (fixture->window),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (title) / 2.0,
                                                                 gtk_widget_get_height (title) / 2.0),
                                           &point));
  gtk_native_get_surface_transform (GTK_NATIVE (fixture->window), &surface_x, &surface_y);

  xdisplay = gdk_x11_display_get_xdisplay (display);
  XTranslateCoordinates (xdisplay, gdk_x11_surface_get_xid (surface), DefaultRootWindow (xdisplay),
                         (int) (point.x + surface_x), (int) (point.y + surface_y),
                         &root_x, &root_y, &child);
  fake_motion (xdisplay, -1, root_x, root_y, 0);
  fake_button (xdisplay, 1, True, 0);
  fake_button (xdisplay, 1, False, 0);
  XFlush (xdisplay);

  return TRUE;
}

typedef struct
{
  Fixture             *fixture;
  GtkColumnViewColumn *column;
  gboolean             descending;
} Expected;

static gboolean
sorted_as_expected (gpointer data)
{
  Expected *expected = data;

  return bn_column_sort_get_column (expected->fixture->sort) == expected->column
         && bn_column_sort_get_descending (expected->fixture->sort) == expected->descending;
}

static void
click_and_wait (Fixture             *fixture,
                guint                index,
                GtkColumnViewColumn *column,
                gboolean             descending)
{
  Expected expected = { fixture, column, descending };
  gint64 until = g_get_monotonic_time () + 600 * 1000;

  /* Let the double-click time pass, so each click is a click of its own. */
  while (g_get_monotonic_time () < until)
    bn_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);

  g_assert_true (click_header (fixture, index));
  g_assert_true (bn_test_wait_until (sorted_as_expected, &expected, 5000));
}

/* The text of the first cell in the topmost row the list view shows, once scrolled to the
 * top: a re-sort keeps the view on the row it showed, wherever that row went. */
static char *
first_visible_label (Fixture *fixture)
{
  GtkWidget *list = NULL;
  const char *text = NULL;
  double top = G_MAXDOUBLE;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (fixture->view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      list = child;
  g_assert_nonnull (list);

  g_assert_true (gtk_widget_activate_action (list, "list.scroll-to-item", "u", 0));
  bn_test_wait_for_frames (GTK_WIDGET (fixture->window), 3);

  for (GtkWidget *row = gtk_widget_get_first_child (list);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *cell = gtk_widget_get_first_child (row);
      GtkWidget *label = cell != NULL ? gtk_widget_get_first_child (cell) : NULL;
      double y;

      if (!GTK_IS_LABEL (label) || !gtk_widget_get_mapped (row)
          || !gtk_widget_translate_coordinates (row, list, 0, 0, NULL, &y))
        continue;
      if (y < top)
        {
          top = y;
          text = gtk_label_get_text (GTK_LABEL (label));
        }
    }

  return g_strdup (text);
}

static void
test_column_sort_header_click (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *shown = NULL;

  gtk_window_present (fixture->window);
  bn_test_wait_for_frames (GTK_WIDGET (fixture->window), 3);

  if (!click_header (fixture, 0))
    {
      g_test_skip ("needs an X11 display with the XTEST extension");
      return;
    }
  g_assert_true (bn_test_wait_until (sorted_as_expected,
                                     &(Expected) { fixture, fixture->name_column, FALSE }, 5000));
  g_assert_cmpstr (first_name (fixture), ==, "pod-000");
  shown = first_visible_label (fixture);
  g_assert_cmpstr (shown, ==, "pod-000");

  /* A second click on the same header turns the direction. */
  click_and_wait (fixture, 0, fixture->name_column, TRUE);
  g_assert_cmpstr (first_name (fixture), ==, "pod-299");
  g_clear_pointer (&shown, g_free);
  shown = first_visible_label (fixture);
  g_assert_cmpstr (shown, ==, "pod-299");

  click_and_wait (fixture, 1, fixture->restarts_column, FALSE);
  g_assert_cmpint (first_restarts (fixture), ==, 0);
  click_and_wait (fixture, 1, fixture->restarts_column, TRUE);
  g_assert_cmpint (first_restarts (fixture), ==, 299);

  /* A header without a sort key is not clickable and changes nothing. */
  g_assert_null (gtk_column_view_column_get_sorter (fixture->status_column));
  g_assert_true (click_header (fixture, 2));
  bn_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_true (bn_column_sort_get_column (fixture->sort) == fixture->restarts_column);
  g_assert_cmpint (first_restarts (fixture), ==, 299);
}

static gboolean
no_pending_moves (gpointer data)
{
  return bn_sorted_model_get_n_pending_moves (data) == 0;
}

static void
test_column_sort_selection_follows_moves (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autoptr(BnTestRow) row = NULL;
  guint position = 0;

  gtk_window_present (fixture->window);
  gtk_column_view_sort_by_column (fixture->view, fixture->restarts_column, GTK_SORT_ASCENDING);
  bn_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);

  row = g_list_model_get_item (G_LIST_MODEL (fixture->model), 3);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (fixture->selection), 3, TRUE);

  /* The row moves from near the top to the end; the same object stays selected. */
  bn_test_row_set_restarts (row, 10000);
  g_assert_true (bn_test_wait_until (no_pending_moves, fixture->model, 2000));
  g_assert_true (bn_sorted_model_find (fixture->model, row, &position));
  g_assert_cmpuint (position, ==, 299);
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (fixture->selection), 299));
  g_assert_false (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (fixture->selection), 3));
}

static void
test_column_sort_selection_survives_resort (Fixture       *fixture,
                                            gconstpointer  data)
{
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (fixture->selection);
  g_autoptr(GPtrArray) chosen = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkBitset) after = NULL;
  const guint picks[] = { 7, 4321, 9876 };

  gtk_column_view_sort_by_column (fixture->view, fixture->name_column, GTK_SORT_ASCENDING);
  for (guint i = 0; i < G_N_ELEMENTS (picks); i++)
    {
      g_ptr_array_add (chosen, g_list_model_get_item (G_LIST_MODEL (fixture->model), picks[i]));
      gtk_selection_model_select_item (selection, picks[i], FALSE);
    }

  /* 10,000 rows in a new order: the selection model sees them all replaced. */
  gtk_column_view_sort_by_column (fixture->view, fixture->restarts_column, GTK_SORT_DESCENDING);
  g_assert_cmpint (first_restarts (fixture), ==, 9999);

  after = gtk_selection_model_get_selection (selection);
  g_assert_cmpuint (gtk_bitset_get_size (after), ==, G_N_ELEMENTS (picks));
  for (guint i = 0; i < chosen->len; i++)
    {
      guint position = G_MAXUINT;

      g_assert_true (bn_sorted_model_find (fixture->model, chosen->pdata[i], &position));
      g_assert_true (gtk_selection_model_is_selected (selection, position));
    }
}

#define add_fixture_test(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/binnacle/column-sort/new-destroy", test_column_sort_new_destroy);
  add_fixture_test ("/binnacle/column-sort/sort-by-column", test_column_sort_sort_by_column);
  add_fixture_test ("/binnacle/column-sort/header-click", test_column_sort_header_click);
  add_fixture_test ("/binnacle/column-sort/selection-follows-moves",
                    test_column_sort_selection_follows_moves);
  g_test_add ("/binnacle/column-sort/selection-survives-resort", Fixture, GUINT_TO_POINTER (10000),
              fixture_set_up, test_column_sort_selection_survives_resort, fixture_tear_down);

  return g_test_run ();
}
