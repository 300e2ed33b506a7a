/* bn-column-sort.c: header clicks of a GtkColumnView sort a BnSortedModel
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-column-sort.h"

/*
 * A GtkColumnView header is clickable only when its column has a sorter, and the column
 * view combines those sorters into its own GtkColumnViewSorter. Sorting 100k rows through
 * that sorter takes over a second on GTK 4.8 and re-sorts on every change, so the rows are
 * never sorted through it: each column gets a GtkCustomSorter that sorts nothing, and when
 * the column view's sorter changes we find out which column and direction the user picked
 * and re-sort the BnSortedModel with that column's BnSortKey.
 *
 * GTK 4.8 has no getter for the primary sort column (it came in 4.10). What it does have is
 * gtk_sorter_compare() on the column view's sorter, which asks the column sorters in order,
 * primary first, stops at the first one that does not answer "equal", and inverts the answer
 * of a descending column. So we compare two probe objects: the column sorters answer
 * "smaller" for the probes only, and the one asked notes itself down. The column noted is the
 * primary one; the answer says the direction.
 *
 * Rows that move far are announced as a removal and an insertion, which a selection model
 * forgets; when the column view shows our model through a selection model, the selected
 * rows are kept (see bn_sorted_model_set_keep_func()), and the model learns roughly which
 * rows are on screen, so that it joins the moves above them (bn_sorted_model_set_shown_func()).
 */

/* Owned by the column's GtkCustomSorter, which the column owns: the record lives exactly as
 * long as the marker sorter, so it holds no reference back to either. */
typedef struct
{
  BnColumnSort        *self;
  GtkColumnViewColumn *column;
  BnSortKey           *key;
} Column;

struct _BnColumnSort
{
  GObject        parent_instance;

  GtkColumnView *column_view;
  GtkSorter     *view_sorter;
  gulong         changed_id;
  BnSortedModel *model;
  GPtrArray     *columns;

  GObject       *probe_first;
  GObject       *probe_second;
  Column        *asked;

  Column        *current;
  gboolean       descending;
  gboolean       keeps_selection;
};

G_DEFINE_FINAL_TYPE (BnColumnSort, bn_column_sort, G_TYPE_OBJECT)

static void
column_free (Column *column)
{
  BnColumnSort *self = column->self;

  if (self != NULL)
    {
      g_ptr_array_remove (self->columns, column);
      if (self->current == column)
        self->current = NULL;
    }
  g_clear_pointer (&column->key, bn_sort_key_unref);
  g_free (column);
}

static int
probe_compare_cb (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  Column *column = user_data;
  BnColumnSort *self = column->self;

  if (self == NULL || a != self->probe_first || b != self->probe_second)
    return 0;

  if (self->asked == NULL)
    self->asked = column;
  return -1;
}

/* A new order is announced as a replacement of the rows that moved, which a selection model
 * may not follow for every selected row: note the selected rows and select them again. */
static void
sort_keeping_selection (BnColumnSort *self,
                        BnSortKey    *key,
                        gboolean      descending)
{
  GtkSelectionModel *selection = NULL;
  g_autoptr(GPtrArray) selected = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkBitset) positions = NULL;
  GtkBitsetIter iter;
  guint position;

  if (self->keeps_selection && self->column_view != NULL)
    selection = gtk_column_view_get_model (self->column_view);

  if (selection != NULL)
    {
      positions = gtk_selection_model_get_selection (selection);
      for (gboolean ok = gtk_bitset_iter_init_first (&iter, positions, &position);
           ok;
           ok = gtk_bitset_iter_next (&iter, &position))
        g_ptr_array_add (selected, g_list_model_get_item (G_LIST_MODEL (self->model), position));
      g_clear_pointer (&positions, gtk_bitset_unref);
    }

  bn_sorted_model_set_sort (self->model, key, descending);

  if (selection == NULL || selected->len == 0)
    return;

  positions = gtk_bitset_new_empty ();
  for (guint i = 0; i < selected->len; i++)
    if (bn_sorted_model_find (self->model, selected->pdata[i], &position))
      gtk_bitset_add (positions, position);

  if (GTK_IS_SINGLE_SELECTION (selection))
    {
      if (!gtk_bitset_is_empty (positions))
        gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (selection),
                                           gtk_bitset_get_minimum (positions));
    }
  else
    {
      g_autoptr(GtkBitset) all = gtk_bitset_new_range (0, g_list_model_get_n_items (G_LIST_MODEL (self->model)));

      gtk_selection_model_set_selection (selection, positions, all);
    }
}

static void
on_view_sorter_changed_cb (BnColumnSort    *self,
                           GtkSorterChange  change,
                           GtkSorter       *view_sorter)
{
  GtkOrdering order;

  g_assert (BN_IS_COLUMN_SORT (self));

  self->asked = NULL;
  order = gtk_sorter_compare (view_sorter, self->probe_first, self->probe_second);

  /* No sort column (e.g. gtk_column_view_sort_by_column (view, NULL, …)): the rows keep the
   * last order rather than falling back to arrival order. */
  if (self->asked == NULL || order == GTK_ORDERING_EQUAL)
    return;

  self->current = self->asked;
  self->descending = order == GTK_ORDERING_LARGER;
  self->asked = NULL;

  if (self->model != NULL)
    sort_keeping_selection (self, self->current->key, self->descending);
}

static gboolean
keep_selected_cb (BnSortedModel *model,
                  GObject       *item,
                  guint          position,
                  gpointer       user_data)
{
  BnColumnSort *self = user_data;
  GtkSelectionModel *selection;

  if (self->column_view == NULL)
    return FALSE;

  selection = gtk_column_view_get_model (self->column_view);
  return selection != NULL && gtk_selection_model_is_selected (selection, position);
}

/* Which rows are on screen, from how far the view is scrolled: rows are about equally
 * tall, and the model only needs to know which moves happen above them. */
static gboolean
shown_rows_cb (BnSortedModel *model,
               guint         *first,
               guint         *last,
               gpointer       user_data)
{
  BnColumnSort *self = user_data;
  GtkSelectionModel *selection;
  g_autoptr(GtkBitset) selected = NULL;
  GtkAdjustment *adjustment;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
  double upper;

  if (self->column_view == NULL || n == 0)
    return FALSE;

  /* A joined hunk removes and adds back every row of its span: a selection model then looks
   * for its selected rows among all the rows added, which can cost more than the binding
   * the joining saves. With rows selected the moves are announced hunk by hunk. */
  selection = gtk_column_view_get_model (self->column_view);
  selected = selection != NULL ? gtk_selection_model_get_selection (selection) : NULL;
  if (selected != NULL && !gtk_bitset_is_empty (selected))
    return FALSE;

  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  if (adjustment == NULL || (upper = gtk_adjustment_get_upper (adjustment)) <= 0)
    return FALSE;

  *first = (guint) (n * CLAMP (gtk_adjustment_get_value (adjustment) / upper, 0.0, 1.0));
  *last = (guint) (n * CLAMP ((gtk_adjustment_get_value (adjustment)
                               + gtk_adjustment_get_page_size (adjustment)) / upper, 0.0, 1.0));
  return TRUE;
}

/* Positions in the selection model are ours only when it wraps our model directly. */
static gboolean
selection_wraps (GtkSelectionModel *selection,
                 BnSortedModel     *model)
{
  g_autoptr(GListModel) wrapped = NULL;

  if (selection == NULL || g_object_class_find_property (G_OBJECT_GET_CLASS (selection), "model") == NULL)
    return FALSE;

  g_object_get (selection, "model", &wrapped, NULL);
  return wrapped == G_LIST_MODEL (model);
}

static void
bn_column_sort_dispose (GObject *object)
{
  BnColumnSort *self = BN_COLUMN_SORT (object);

  if (self->model != NULL && self->keeps_selection)
    bn_sorted_model_set_keep_func (self->model, NULL, NULL, NULL);
  if (self->model != NULL)
    bn_sorted_model_set_shown_func (self->model, NULL, NULL, NULL);

  if (self->view_sorter != NULL)
    g_clear_signal_handler (&self->changed_id, self->view_sorter);
  g_clear_object (&self->view_sorter);

  /* The column sorters may outlive us inside the column view; they must not call back. */
  for (guint i = 0; self->columns != NULL && i < self->columns->len; i++)
    ((Column *) self->columns->pdata[i])->self = NULL;
  self->current = NULL;
  g_clear_pointer (&self->columns, g_ptr_array_unref);

  g_clear_weak_pointer (&self->column_view);
  g_clear_object (&self->model);
  g_clear_object (&self->probe_first);
  g_clear_object (&self->probe_second);

  G_OBJECT_CLASS (bn_column_sort_parent_class)->dispose (object);
}

static void
bn_column_sort_class_init (BnColumnSortClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bn_column_sort_dispose;
}

static void
bn_column_sort_init (BnColumnSort *self)
{
  self->columns = g_ptr_array_new ();
  self->probe_first = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe_second = g_object_new (G_TYPE_OBJECT, NULL);
}

/**
 * bn_column_sort_new:
 * @column_view: the column view whose headers the user clicks
 * @model: the model to sort; it must not be wrapped in a model that sorts again
 *
 * Set the column view's model first: when it is a selection model directly over @model,
 * selected rows stay selected when they move.
 *
 * Returns: (transfer full): a new link between the headers of @column_view and @model
 */
BnColumnSort *
bn_column_sort_new (GtkColumnView *column_view,
                    BnSortedModel *model)
{
  BnColumnSort *self;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (column_view), NULL);
  g_return_val_if_fail (BN_IS_SORTED_MODEL (model), NULL);

  self = g_object_new (BN_TYPE_COLUMN_SORT, NULL);
  g_set_weak_pointer (&self->column_view, column_view);
  self->model = g_object_ref (model);
  self->view_sorter = g_object_ref (gtk_column_view_get_sorter (column_view));
  self->changed_id = g_signal_connect_swapped (self->view_sorter, "changed",
                                               G_CALLBACK (on_view_sorter_changed_cb), self);

  if (selection_wraps (gtk_column_view_get_model (column_view), model))
    {
      self->keeps_selection = TRUE;
      bn_sorted_model_set_keep_func (model, keep_selected_cb, self, NULL);
      bn_sorted_model_set_shown_func (model, shown_rows_cb, self, NULL);
    }

  return self;
}

static void
free_column_cb (gpointer data)
{
  column_free (data);
}

/**
 * bn_column_sort_add_column:
 * @self: a column sort link
 * @column: a column of the column view
 * @key: what clicking @column's header sorts by
 *
 * Makes @column's header clickable. Its sorter is only a marker; the rows are sorted by
 * @key in the #BnSortedModel. Give every sortable column of the view its key this way: the
 * column view's sorter is asked about two probe objects, which another kind of sorter would
 * not understand.
 */
void
bn_column_sort_add_column (BnColumnSort        *self,
                           GtkColumnViewColumn *column,
                           BnSortKey           *key)
{
  g_autoptr(GtkSorter) sorter = NULL;
  Column *entry;

  g_return_if_fail (BN_IS_COLUMN_SORT (self));
  g_return_if_fail (GTK_IS_COLUMN_VIEW_COLUMN (column));
  g_return_if_fail (key != NULL);

  entry = g_new0 (Column, 1);
  entry->self = self;
  entry->column = column;
  entry->key = bn_sort_key_ref (key);
  g_ptr_array_add (self->columns, entry);

  sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare_cb, entry, free_column_cb));
  gtk_column_view_column_set_sorter (column, sorter);
}

/**
 * bn_column_sort_get_column:
 * @self: a column sort link
 *
 * Returns: (transfer none) (nullable): the column the rows are sorted by
 */
GtkColumnViewColumn *
bn_column_sort_get_column (BnColumnSort *self)
{
  g_return_val_if_fail (BN_IS_COLUMN_SORT (self), NULL);

  return self->current != NULL ? self->current->column : NULL;
}

/**
 * bn_column_sort_get_descending:
 * @self: a column sort link
 *
 * Returns: %TRUE if the rows are sorted largest first
 */
gboolean
bn_column_sort_get_descending (BnColumnSort *self)
{
  g_return_val_if_fail (BN_IS_COLUMN_SORT (self), FALSE);

  return self->descending;
}
