/* test-sorted-model.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-sorted-model.h"
#include "bn-test-row.h"

/* Replays every items-changed of a model onto a shadow array, so a test can check that the
 * signals describe exactly what the model did. */
typedef struct
{
  GListModel *model;
  GPtrArray  *shadow;
  guint       n_signals;
  gulong      handler;
} Checker;

static void
on_checker_items_changed_cb (GListModel *model,
                             guint       position,
                             guint       removed,
                             guint       added,
                             Checker    *checker)
{
  g_assert_cmpuint (position + removed, <=, checker->shadow->len);
  g_assert_true (removed > 0 || added > 0);

  /* Make room for the added items with one move of the tail, then fill it. */
  {
    guint old_len = checker->shadow->len;
    guint tail = old_len - position - removed;

    for (guint i = 0; i < removed; i++)
      g_object_unref (g_ptr_array_index (checker->shadow, position + i));
    if (added > removed)
      g_ptr_array_set_size (checker->shadow, old_len - removed + added);
    memmove (&checker->shadow->pdata[position + added], &checker->shadow->pdata[position + removed],
             tail * sizeof (gpointer));
    if (added < removed)
      g_ptr_array_set_size (checker->shadow, old_len - removed + added);
  }

  for (guint i = 0; i < added; i++)
    {
      gpointer item = g_list_model_get_item (model, position + i);
      guint found = G_MAXUINT;

      /* Every row must already be found where the signal says it is (a linear search
       * while a new order is announced: keep that to small lists). */
      if (g_list_model_get_n_items (model) <= 5000)
        {
          g_assert_true (bn_sorted_model_find (BN_SORTED_MODEL (model), item, &found));
          g_assert_cmpuint (found, ==, position + i);
        }
      checker->shadow->pdata[position + i] = item;
    }

  g_assert_cmpuint (checker->shadow->len, ==, g_list_model_get_n_items (model));

  /* Rows the signal did not touch are found where the list shows them, also between the
   * two signals of a long move. While the moves of a tick are announced top down, a row
   * moving up is shown at its new place before it leaves the old one: found at either. */
  if (checker->shadow->len > 0 && checker->shadow->len <= 5000)
    {
      guint last = checker->shadow->len - 1;
      guint found = G_MAXUINT;

      g_assert_true (bn_sorted_model_find (BN_SORTED_MODEL (model), checker->shadow->pdata[0], &found));
      g_assert_cmpuint (found, ==, 0);
      g_assert_true (bn_sorted_model_find (BN_SORTED_MODEL (model), checker->shadow->pdata[last], &found));
      if (found != last)
        g_assert_true (checker->shadow->pdata[found] == checker->shadow->pdata[last]);
    }
  checker->n_signals++;
}

static Checker *
checker_new (GListModel *model)
{
  Checker *checker = g_new0 (Checker, 1);
  guint n = g_list_model_get_n_items (model);

  checker->model = model;
  /* No free function: the replay moves pointers around by hand. */
  checker->shadow = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (checker->shadow, g_list_model_get_item (model, i));
  checker->handler = g_signal_connect (model, "items-changed",
                                       G_CALLBACK (on_checker_items_changed_cb), checker);
  return checker;
}

static void
checker_verify (Checker *checker)
{
  guint n = g_list_model_get_n_items (checker->model);
  guint n_items_property = 0;

  g_object_get (checker->model, "n-items", &n_items_property, NULL);
  g_assert_cmpuint (n_items_property, ==, n);
  g_assert_cmpuint (checker->shadow->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (checker->model, i);

      g_assert_true (item == g_ptr_array_index (checker->shadow, i));
    }
}

static void
checker_free (Checker *checker)
{
  g_signal_handler_disconnect (checker->model, checker->handler);
  g_ptr_array_foreach (checker->shadow, (GFunc) g_object_unref, NULL);
  g_ptr_array_unref (checker->shadow);
  g_free (checker);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Checker, checker_free)

/* The order the model must reach once every move is applied, computed the slow way. */
typedef enum
{
  SORT_NONE,
  SORT_NAME,
  SORT_RESTARTS,
} SortColumn;

typedef struct
{
  SortColumn   column;
  gboolean     descending;
  BnRowFilter *filter;
  GHashTable  *namespaces;
} Reference;

static gboolean
has_capitals (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isupper (*p))
      return TRUE;

  return FALSE;
}

/* ASCII names: bytes ignoring case, then without capitals first, then bytes. */
static int
compare_names (const char *a,
               const char *b)
{
  int r = g_ascii_strcasecmp (a, b);

  if (r == 0)
    r = has_capitals (a) - has_capitals (b);
  if (r == 0)
    r = strcmp (a, b);

  return r;
}

static int
reference_compare_cb (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const Reference *ref = user_data;
  BnTestRow *ra = *(BnTestRow * const *) a;
  BnTestRow *rb = *(BnTestRow * const *) b;
  int r = 0;

  if (ref->column == SORT_NAME)
    r = compare_names (bn_test_row_get_name (ra), bn_test_row_get_name (rb));
  else if (ref->column == SORT_RESTARTS)
    r = (bn_test_row_get_restarts (ra) > bn_test_row_get_restarts (rb))
        - (bn_test_row_get_restarts (ra) < bn_test_row_get_restarts (rb));
  if (r == 0)
    r = strcmp (bn_test_row_get_uid (ra), bn_test_row_get_uid (rb));

  return ref->descending ? -r : r;
}

static GPtrArray *
reference_rows (const Reference *ref,
                GListModel      *source)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (source);

  for (guint i = 0; i < n; i++)
    {
      BnTestRow *row = g_list_model_get_item (source, i);

      if ((g_hash_table_size (ref->namespaces) == 0
           || g_hash_table_contains (ref->namespaces, bn_test_row_get_namespace (row)))
          && bn_row_filter_match (ref->filter, bn_test_row_accessors (), G_OBJECT (row)))
        g_ptr_array_add (rows, row);
      else
        g_object_unref (row);
    }

  g_ptr_array_sort_with_data (rows, reference_compare_cb, (gpointer) ref);
  return rows;
}

static void
assert_model_equals_reference (BnSortedModel   *model,
                               const Reference *ref,
                               GListModel      *source)
{
  g_autoptr(GPtrArray) expected = reference_rows (ref, source);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (item != g_ptr_array_index (expected, i))
        g_error ("row %u: got %s (%d), expected %s (%d)", i,
                 bn_test_row_get_name (BN_TEST_ROW (item)),
                 bn_test_row_get_restarts (BN_TEST_ROW (item)),
                 bn_test_row_get_name (g_ptr_array_index (expected, i)),
                 bn_test_row_get_restarts (g_ptr_array_index (expected, i)));
    }
  g_assert_cmpuint (bn_sorted_model_get_source_n_items (model), ==,
                    g_list_model_get_n_items (source));
}

/* While a large first fill is staged, the list shows the first rows of the final order. */
static void
assert_model_is_prefix_of_reference (BnSortedModel   *model,
                                     const Reference *ref,
                                     GListModel      *source)
{
  g_autoptr(GPtrArray) expected = reference_rows (ref, source);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  g_assert_cmpuint (n, <=, expected->len);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_true (item == g_ptr_array_index (expected, i));
    }
}

static BnSortKey *
name_key (void)
{
  return bn_sort_key_new_for_property (BN_TYPE_TEST_ROW, "name");
}

/* Runs what is ready in the main loop: the idle calls that watch the rows of large batches. */
static void
wait_until_watched (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static BnSortKey *
restarts_key (void)
{
  return bn_sort_key_new_for_property (BN_TYPE_TEST_ROW, "restarts");
}

static BnTestRow *
row_at (BnSortedModel *model,
        guint          position)
{
  BnTestRow *row = g_list_model_get_item (G_LIST_MODEL (model), position);

  g_object_unref (row);
  return row;
}

static char *
text_of_row_cb (GObject  *item,
                gpointer  user_data)
{
  return g_strdup (bn_test_row_get_name (BN_TEST_ROW (item)));
}

/* Text keys: ASCII by bytes ignoring case first, without capitals first among equals, any
 * other text after all ASCII text. */
static void
test_sorted_model_text_order (void)
{
  const char *ordered[] = {
    "", "a-c", "ab", "AB", "Ab", "ab-1", "abc", "kube-system", "Running", "web-10", "web-9",
    "Zeta", "\xc3\xa9" "clair", "\xc3\xa9t\xc3\xa9",
  };
  g_autoptr(BnSortKey) key = bn_sort_key_new_string (text_of_row_cb, NULL, NULL, NULL);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (ordered); i++)
    {
      g_autoptr(BnTestRow) row = bn_test_row_new ("u", ordered[i], "default", 0);

      g_ptr_array_add (keys, bn_sort_key_dup_collated (key, G_OBJECT (row)));
    }

  for (guint i = 0; i + 1 < keys->len; i++)
    {
      g_test_message ("'%s' < '%s'", ordered[i], ordered[i + 1]);
      g_assert_cmpint (strcmp (keys->pdata[i], keys->pdata[i + 1]), <, 0);
      g_assert_cmpint (compare_names (ordered[i], ordered[i + 1]), <, 0);
    }
}

static void
test_sorted_model_new_destroy (void)
{
  g_autoptr(GListStore) store = g_list_store_new (BN_TYPE_TEST_ROW);
  g_autoptr(BnTestRow) row = bn_test_row_new ("u1", "pod", "default", 0);
  g_autoptr(BnSortKey) key = name_key ();
  BnSortedModel *model;

  g_list_store_append (store, row);
  model = bn_sorted_model_new (G_LIST_MODEL (store), bn_test_row_accessors ());
  bn_sorted_model_set_sort (model, key, FALSE);
  bn_test_row_set_name (row, "another");
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == BN_TYPE_TEST_ROW);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  g_assert_finalize_object (model);
  g_list_store_remove_all (store);
  g_assert_finalize_object (g_steal_pointer (&row));
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
test_sorted_model_sort (void)
{
  g_autoptr(GListStore) store = g_list_store_new (BN_TYPE_TEST_ROW);
  g_autoptr(BnSortedModel) model = NULL;
  g_autoptr(BnSortKey) by_name = name_key ();
  g_autoptr(BnSortKey) by_restarts = restarts_key ();
  g_autoptr(Checker) checker = NULL;
  const char *names[] = { "web-2", "api-1", "db-0", "web-1", "cache" };
  const int restarts[] = { 4, 0, 9, 4, 1 };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *uid = g_strdup_printf ("uid-%u", i);
      g_autoptr(BnTestRow) row = bn_test_row_new (uid, names[i], "default", restarts[i]);

      g_list_store_append (store, row);
    }

  model = bn_sorted_model_new (G_LIST_MODEL (store), bn_test_row_accessors ());
  checker = checker_new (G_LIST_MODEL (model));

  /* No key: arrival order. */
  g_assert_cmpstr (bn_test_row_get_name (row_at (model, 0)), ==, "web-2");

  bn_sorted_model_set_sort (model, by_name, FALSE);
  g_assert_cmpuint (checker->n_signals, ==, 1);
  g_assert_cmpstr (bn_test_row_get_name (row_at (model, 0)), ==, "api-1");
  g_assert_cmpstr (bn_test_row_get_name (row_at (model, 4)), ==, "web-2");

  bn_sorted_model_set_sort (model, by_name, TRUE);
  g_assert_cmpuint (checker->n_signals, ==, 2);
  g_assert_cmpstr (bn_test_row_get_name (row_at (model, 0)), ==, "web-2");
  g_assert_true (bn_sorted_model_get_descending (model));

  /* Equal keys fall back to the uid: uid-0 (web-2) before uid-3 (web-1). */
  bn_sorted_model_set_sort (model, by_restarts, FALSE);
  g_assert_cmpstr (bn_test_row_get_name (row_at (model, 0)), ==, "api-1");
  g_assert_cmpstr (bn_test_row_get_name (row_at (model, 2)), ==, "web-2");
  g_assert_cmpstr (bn_test_row_get_name (row_at (model, 3)), ==, "web-1");
  g_assert_cmpstr (bn_test_row_get_name (row_at (model, 4)), ==, "db-0");
  g_assert_true (bn_sorted_model_get_sort_key (model) == by_restarts);

  /* The same key again changes nothing. */
  bn_sorted_model_set_sort (model, by_restarts, FALSE);
  g_assert_cmpuint (checker->n_signals, ==, 3);
  checker_verify (checker);
}

static void
test_sorted_model_filter_text (void)
{
  static const struct {
    const char *text;
    const char *expected;
  } cases[] = {
    { NULL, "api-1 cache db-0 web-1 web-2" },
    { "", "api-1 cache db-0 web-1 web-2" },
    { "   ", "api-1 cache db-0 web-1 web-2" },
    { "web", "web-1 web-2" },
    { "WEB", "web-1 web-2" },
    { "prod", "db-0 web-1" },                   /* namespace */
    { "frontend", "web-1 web-2" },              /* label value */
    { "app=frontend", "web-1 web-2" },
    { "app==frontend", "web-1 web-2" },
    { "app!=frontend", "api-1 cache db-0" },    /* also rows without the label */
    { "tier", "cache db-0" },                   /* label key, as a substring */
    { "tier,app=db", "db-0" },
    { "!app", "cache" },
    { "app", "api-1 db-0 web-1 web-2" },
    { "web prod", "web-1" },
    { "web-1 app=backend", "" },
    { "=", "api-1 cache db-0 web-1 web-2" },
    { ",,,", "api-1 cache db-0 web-1 web-2" },
    { "a=b=c", "" },
    { "\xff\xfe", "api-1 cache db-0 web-1 web-2" },  /* invalid UTF-8 matches all */
  };
  const char *web_labels[] = { "app=frontend", NULL };
  const char *db_labels[] = { "app=db", "tier=storage", NULL };
  const char *api_labels[] = { "app=backend", NULL };
  const char *cache_labels[] = { "tier=cache", NULL };
  struct {
    const char *name;
    const char *ns;
    const char * const *labels;
  } rows[] = {
    { "web-2", "staging", web_labels },
    { "api-1", "staging", api_labels },
    { "db-0", "prod", db_labels },
    { "web-1", "prod", web_labels },
    { "cache", "staging", cache_labels },
  };
  g_autoptr(GListStore) store = g_list_store_new (BN_TYPE_TEST_ROW);
  g_autoptr(BnSortedModel) model = NULL;
  g_autoptr(BnSortKey) by_name = name_key ();
  g_autoptr(Checker) checker = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *uid = g_strdup_printf ("uid-%u", i);
      g_autoptr(BnTestRow) row = bn_test_row_new (uid, rows[i].name, rows[i].ns, 0);

      bn_test_row_set_labels (row, rows[i].labels);
      g_list_store_append (store, row);
    }

  model = bn_sorted_model_new (G_LIST_MODEL (store), bn_test_row_accessors ());
  bn_sorted_model_set_sort (model, by_name, FALSE);
  checker = checker_new (G_LIST_MODEL (model));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) got = g_string_new (NULL);
      guint signals_before = checker->n_signals;

      bn_sorted_model_set_filter_text (model, cases[i].text);
      g_assert_cmpuint (checker->n_signals - signals_before, <=, 1);
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (model)); j++)
        g_string_append_printf (got, "%s%s", j > 0 ? " " : "",
                                bn_test_row_get_name (row_at (model, j)));

      {
        g_autofree char *escaped = g_strescape (cases[i].text ? cases[i].text : "(null)", NULL);

        g_test_message ("filter '%s'", escaped);
      }
      g_assert_cmpstr (got->str, ==, cases[i].expected);
      g_assert_cmpstr (bn_sorted_model_get_filter_text (model), ==, cases[i].text);
      checker_verify (checker);
    }

  /* A label change through notify shows or hides the row at once. */
  bn_sorted_model_set_filter_text (model, "app=frontend");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  {
    const char *now_frontend[] = { "app=frontend", NULL };
    guint signals_before = checker->n_signals;

    BnTestRow *api = g_list_model_get_item (G_LIST_MODEL (store), 1);

    g_assert_cmpstr (bn_test_row_get_name (row_at (model, 0)), ==, "web-1");
    bn_test_row_set_labels (row_at (model, 0), db_labels);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
    g_assert_cmpstr (bn_test_row_get_name (row_at (model, 0)), ==, "web-2");
    bn_test_row_set_labels (api, now_frontend);
    g_assert_cmpstr (bn_test_row_get_name (row_at (model, 0)), ==, "api-1");
    g_object_unref (api);
    g_assert_cmpuint (checker->n_signals - signals_before, ==, 2);
    checker_verify (checker);
  }
}

static void
test_sorted_model_namespaces (void)
{
  const char *namespaces[] = { "a", "b", "c", NULL };
  g_autoptr(GListStore) store = g_list_store_new (BN_TYPE_TEST_ROW);
  g_autoptr(BnSortedModel) model = NULL;
  g_autoptr(BnSortKey) by_name = name_key ();
  g_autoptr(Checker) checker = NULL;
  g_auto(GStrv) selected = NULL;
  const char *a_and_c[] = { "c", "a", NULL };
  const char *only_b[] = { "b", NULL };
  const char *none[] = { "z", NULL };

  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *uid = g_strdup_printf ("uid-%02u", i);
      g_autofree char *name = g_strdup_printf ("pod-%02u", i);
      g_autoptr(BnTestRow) row = bn_test_row_new (uid, name, namespaces[i % 3], 0);

      g_list_store_append (store, row);
    }
  model = bn_sorted_model_new (G_LIST_MODEL (store), bn_test_row_accessors ());
  bn_sorted_model_set_sort (model, by_name, FALSE);
  checker = checker_new (G_LIST_MODEL (model));

  bn_sorted_model_set_namespaces (model, a_and_c);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 20);
  g_assert_cmpuint (checker->n_signals, ==, 1);
  for (guint i = 0; i < 20; i++)
    g_assert_cmpstr (bn_test_row_get_namespace (row_at (model, i)), !=, "b");
  selected = bn_sorted_model_dup_namespaces (model);
  g_assert_cmpuint (g_strv_length (selected), ==, 2);
  g_assert_cmpstr (selected[0], ==, "a");
  g_assert_cmpstr (selected[1], ==, "c");

  /* The same set again emits nothing. */
  bn_sorted_model_set_namespaces (model, a_and_c);
  g_assert_cmpuint (checker->n_signals, ==, 1);

  bn_sorted_model_set_namespaces (model, only_b);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10);
  g_assert_cmpstr (bn_test_row_get_name (row_at (model, 0)), ==, "pod-01");

  /* Namespace and text filter together. */
  bn_sorted_model_set_filter_text (model, "pod-1");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
  g_assert_cmpstr (bn_test_row_get_name (row_at (model, 0)), ==, "pod-10");

  bn_sorted_model_set_namespaces (model, none);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  bn_sorted_model_set_filter_text (model, NULL);
  bn_sorted_model_set_namespaces (model, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 30);
  g_assert_cmpuint (bn_sorted_model_get_source_n_items (model), ==, 30);
  checker_verify (checker);
}

static void
test_sorted_model_batches (void)
{
  g_autoptr(GListStore) store = g_list_store_new (BN_TYPE_TEST_ROW);
  g_autoptr(BnSortedModel) model = NULL;
  g_autoptr(BnSortKey) by_name = name_key ();
  g_autoptr(Checker) checker = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  Reference ref = { SORT_NAME, FALSE, bn_row_filter_new (NULL), g_hash_table_new (g_str_hash, g_str_equal) };
  gpointer first;

  model = bn_sorted_model_new (G_LIST_MODEL (store), bn_test_row_accessors ());
  bn_sorted_model_set_sort (model, by_name, FALSE);
  checker = checker_new (G_LIST_MODEL (model));

  /* One watch-cache frame of additions: one items-changed. */
  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *uid = g_strdup_printf ("uid-%03u", i);
      g_autofree char *name = g_strdup_printf ("pod-%03u", (i * 7919) % 500);

      g_ptr_array_add (batch, bn_test_row_new (uid, name, "default", 0));
    }
  g_list_store_splice (store, 0, 0, batch->pdata, batch->len);
  g_assert_cmpuint (checker->n_signals, ==, 1);
  checker_verify (checker);
  assert_model_equals_reference (model, &ref, G_LIST_MODEL (store));

  /* Removing and re-adding the same rows in one signal changes nothing. */
  first = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_list_store_splice (store, 0, 1, &first, 1);
  g_object_unref (first);
  g_assert_cmpuint (checker->n_signals, ==, 1);

  /* A large removal: one signal; a small one: one signal per row. */
  g_list_store_splice (store, 100, 200, NULL, 0);
  g_assert_cmpuint (checker->n_signals, ==, 2);
  g_list_store_splice (store, 0, 3, NULL, 0);
  g_assert_cmpuint (checker->n_signals, ==, 5);
  checker_verify (checker);
  assert_model_equals_reference (model, &ref, G_LIST_MODEL (store));

  /* Mixed large batch. */
  g_list_store_splice (store, 50, 60, batch->pdata + 150, 100);
  g_assert_cmpuint (checker->n_signals, ==, 6);
  checker_verify (checker);
  assert_model_equals_reference (model, &ref, G_LIST_MODEL (store));

  /* A source holding one row twice shows it once, and keeps it until both are gone. */
  g_list_store_append (store, g_ptr_array_index (batch, 160));
  checker_verify (checker);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (store)) - 1);
  g_list_store_remove (store, g_list_model_get_n_items (G_LIST_MODEL (store)) - 1);
  g_assert_true (bn_sorted_model_find (model, g_ptr_array_index (batch, 160), NULL));

  /* Changing the source: one signal. */
  {
    g_autoptr(GListStore) other = g_list_store_new (BN_TYPE_TEST_ROW);
    guint before = checker->n_signals;

    g_list_store_splice (other, 0, 0, batch->pdata, 10);
    bn_sorted_model_set_source (model, G_LIST_MODEL (other));
    g_assert_cmpuint (checker->n_signals, ==, before + 1);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10);
    checker_verify (checker);
    assert_model_equals_reference (model, &ref, G_LIST_MODEL (other));
    bn_sorted_model_set_source (model, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
    checker_verify (checker);
  }

  bn_row_filter_unref (ref.filter);
  g_hash_table_unref (ref.namespaces);
}

static gboolean
keep_all_cb (BnSortedModel *model,
             GObject       *item,
             guint          position,
             gpointer       user_data)
{
  g_autoptr(GObject) shown = g_list_model_get_item (G_LIST_MODEL (model), position);

  g_assert_true (shown == item);
  (*(guint *) user_data)++;
  return TRUE;
}

static void
test_sorted_model_rate_limited_moves (void)
{
  g_autoptr(GListStore) store = g_list_store_new (BN_TYPE_TEST_ROW);
  g_autoptr(BnSortedModel) model = NULL;
  g_autoptr(BnSortKey) by_restarts = restarts_key ();
  g_autoptr(Checker) checker = NULL;
  g_autoptr(GPtrArray) moved = g_ptr_array_new ();
  guint iterations = 0;
  guint n_kept = 0;
  gint64 start;

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *uid = g_strdup_printf ("uid-%04u", i);
      g_autoptr(BnTestRow) row = bn_test_row_new (uid, uid, "default", (int) i);

      g_list_store_append (store, row);
    }
  model = bn_sorted_model_new (G_LIST_MODEL (store), bn_test_row_accessors ());
  bn_sorted_model_set_sort (model, by_restarts, FALSE);
  checker = checker_new (G_LIST_MODEL (model));
  g_assert_cmpuint (bn_sorted_model_get_max_moves_per_frame (model), ==, 20);

  /* A change that keeps the row in its place is applied at once, without a signal. */
  bn_test_row_set_restarts (row_at (model, 10), 10);
  bn_test_row_set_status (row_at (model, 10), "Running");
  g_assert_cmpuint (bn_sorted_model_get_n_pending_moves (model), ==, 0);
  g_assert_cmpuint (checker->n_signals, ==, 0);

  /* 100 rows jump to the end: each one waits in its place, its value already new. */
  for (guint i = 0; i < 100; i++)
    {
      BnTestRow *row = row_at (model, i);

      g_ptr_array_add (moved, row);
      bn_test_row_set_restarts (row, 5000 + (int) i);
      g_assert_true (row_at (model, i) == row);
      g_assert_cmpint (bn_test_row_get_restarts (row_at (model, i)), ==, 5000 + (int) i);
    }
  g_assert_cmpuint (bn_sorted_model_get_n_pending_moves (model), ==, 100);
  g_assert_cmpuint (checker->n_signals, ==, 0);

  /* Changing twice before moving is still one move. */
  bn_test_row_set_restarts (g_ptr_array_index (moved, 5), 6000);
  bn_test_row_set_restarts (g_ptr_array_index (moved, 5), 5005);
  g_assert_cmpuint (bn_sorted_model_get_n_pending_moves (model), ==, 100);

  /* Far moves without a keep function are announced together as hunks of a diff: these 20
   * rows leave the top together and arrive at the end together, two signals in all. */
  g_assert_cmpuint (bn_sorted_model_apply_moves (model, 20), ==, 20);
  g_assert_cmpuint (checker->n_signals, ==, 2);
  g_assert_cmpuint (bn_sorted_model_get_n_pending_moves (model), ==, 80);
  checker_verify (checker);

  /* Kept rows (say, the selected ones) move with one signal over the span. */
  bn_sorted_model_set_keep_func (model, keep_all_cb, &n_kept, NULL);
  g_assert_cmpuint (bn_sorted_model_apply_moves (model, 10), ==, 10);
  g_assert_cmpuint (checker->n_signals, ==, 12);
  g_assert_cmpuint (n_kept, ==, 10);
  checker_verify (checker);

  /* The timer moves at most max-moves-per-frame rows per 16 ms: per tick, or per frame a
   * tick stands for when the one before was expensive (up to four). */
  start = g_get_monotonic_time ();
  while (bn_sorted_model_get_n_pending_moves (model) > 0)
    {
      guint before = checker->n_signals;

      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpuint (checker->n_signals - before, <=, 4 * 20);
      iterations++;
    }
  g_assert_cmpuint (iterations, >=, 1);
  /* 70 kept moves, 20 per 16 ms: the last tick comes three intervals after the first. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 3 * 16 * 1000);
  g_assert_cmpuint (checker->n_signals, ==, 82);
  g_assert_cmpuint (n_kept, ==, 80);
  checker_verify (checker);

  /* A move across a few rows is one signal, kept or not. */
  bn_sorted_model_set_keep_func (model, NULL, NULL, NULL);
  bn_test_row_set_restarts (row_at (model, 0), 103);
  g_assert_cmpuint (bn_sorted_model_apply_moves (model, G_MAXUINT), ==, 1);
  g_assert_cmpuint (checker->n_signals, ==, 83);
  g_assert_cmpint (bn_test_row_get_restarts (row_at (model, 3)), ==, 103);
  bn_test_row_set_restarts (row_at (model, 3), 100);
  g_assert_cmpuint (bn_sorted_model_apply_moves (model, G_MAXUINT), ==, 1);
  checker_verify (checker);

  for (guint i = 0; i < 900; i++)
    g_assert_cmpint (bn_test_row_get_restarts (row_at (model, i)), <=,
                     bn_test_row_get_restarts (row_at (model, i + 1)));
  for (guint i = 0; i < 100; i++)
    g_assert_true (row_at (model, 900 + i) == g_ptr_array_index (moved, i));
}

/* @data: TRUE for a model that is told about changed rows instead of following notify. */
static void
test_sorted_model_random_operations (gconstpointer data)
{
  gboolean untracked = GPOINTER_TO_INT (data);
  const char *namespaces[] = { "a", "b", "c" };
  const char *filters[] = { NULL, "pod-1", "app=web", "tier!=db", "app", "!app", "b", "pod app=db" };
  const char *label_sets[][3] = {
    { NULL }, { "app=web", NULL }, { "app=db", "tier=db", NULL }, { "tier=cache", NULL },
  };
  g_autoptr(GListStore) store = g_list_store_new (BN_TYPE_TEST_ROW);
  g_autoptr(BnSortedModel) model = NULL;
  g_autoptr(BnSortKey) by_name = name_key ();
  g_autoptr(BnSortKey) by_restarts = restarts_key ();
  g_autoptr(Checker) checker = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  Reference ref = { SORT_NONE, FALSE, bn_row_filter_new (NULL),
                    g_hash_table_new (g_str_hash, g_str_equal) };
  guint next_uid = 0;
  guint n_ops = g_test_thorough () ? 50000 : 5000;

  model = untracked ? bn_sorted_model_new_untracked (G_LIST_MODEL (store), bn_test_row_accessors ())
                    : bn_sorted_model_new (G_LIST_MODEL (store), bn_test_row_accessors ());
  bn_sorted_model_set_max_moves_per_frame (model, 3);
  checker = checker_new (G_LIST_MODEL (model));

  for (guint op = 0; op < n_ops; op++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
      int what = g_rand_int_range (rand, 0, 100);
      BnTestRow *row = n > 0 ? g_list_model_get_item (G_LIST_MODEL (store),
                                                      g_rand_int_range (rand, 0, n)) : NULL;

      if (row != NULL)
        g_object_unref (row);

      if (what < 18 || n < 20)
        {
          /* Arrivals, sometimes a whole frame's worth at once. Names are longer than the
           * sixteen bytes a sort compares inline, and take few values: sorting ranks them. */
          guint count = g_rand_int_range (rand, 0, 10) == 0 ? 40 : 1;
          g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

          for (guint i = 0; i < count; i++)
            {
              g_autofree char *uid = g_strdup_printf ("uid-%06u", next_uid++);
              g_autofree char *name = g_strdup_printf ("replicaset-pod-%u", g_rand_int_range (rand, 0, 60));
              BnTestRow *fresh = bn_test_row_new (uid, name, namespaces[g_rand_int_range (rand, 0, 3)],
                                                  g_rand_int_range (rand, 0, 20));

              bn_test_row_set_labels (fresh, label_sets[g_rand_int_range (rand, 0, 4)]);
              g_ptr_array_add (added, fresh);
            }
          g_list_store_splice (store, n > 0 ? g_rand_int_range (rand, 0, n + 1) : 0, 0,
                               added->pdata, added->len);
        }
      else if (what < 32)
        {
          guint position = g_rand_int_range (rand, 0, n);
          guint count = g_rand_int_range (rand, 0, 10) == 0 ? MIN (40, n - position) : 1;

          g_list_store_splice (store, position, count, NULL, 0);
        }
      else if (what < 34)
        {
          guint position = g_rand_int_range (rand, 0, n);
          gpointer same = g_list_model_get_item (G_LIST_MODEL (store), position);

          g_list_store_splice (store, position, 1, &same, 1);
          g_object_unref (same);
        }
      else if (what < 60)
        bn_test_row_set_restarts (row, g_rand_int_range (rand, 0, 20));
      else if (what < 70)
        {
          g_autofree char *name = g_strdup_printf ("replicaset-pod-%u", g_rand_int_range (rand, 0, 60));

          bn_test_row_set_name (row, name);
        }
      else if (what < 75)
        bn_test_row_set_labels (row, label_sets[g_rand_int_range (rand, 0, 4)]);
      else if (what < 80)
        bn_test_row_set_status (row, g_rand_boolean (rand) ? "Running" : "Pending");

      if (untracked && what >= 34 && what < 80)
        bn_sorted_model_rows_changed (model, (GObject **) &row, 1);
      else if (what < 88)
        bn_sorted_model_apply_moves (model, g_rand_int_range (rand, 0, 5));
      else if (what < 92)
        {
          ref.column = g_rand_int_range (rand, 0, 3);
          ref.descending = g_rand_boolean (rand);
          bn_sorted_model_set_sort (model,
                                    ref.column == SORT_NAME ? by_name
                                    : ref.column == SORT_RESTARTS ? by_restarts : NULL,
                                    ref.descending);
        }
      else if (what < 96)
        {
          const char *text = filters[g_rand_int_range (rand, 0, G_N_ELEMENTS (filters))];

          bn_row_filter_unref (ref.filter);
          ref.filter = bn_row_filter_new (text);
          bn_sorted_model_set_filter_text (model, text);
        }
      else
        {
          const char *selected[4] = { NULL };
          guint n_selected = 0;

          g_hash_table_remove_all (ref.namespaces);
          for (guint i = 0; i < 3; i++)
            if (g_rand_boolean (rand))
              {
                selected[n_selected++] = namespaces[i];
                g_hash_table_add (ref.namespaces, (gpointer) namespaces[i]);
              }
          bn_sorted_model_set_namespaces (model, selected);
        }

      checker_verify (checker);

      if (op % 25 == 0)
        {
          bn_sorted_model_apply_moves (model, G_MAXUINT);
          g_assert_cmpuint (bn_sorted_model_get_n_pending_moves (model), ==, 0);
          checker_verify (checker);
          assert_model_equals_reference (model, &ref, G_LIST_MODEL (store));
        }
    }

  bn_sorted_model_apply_moves (model, G_MAXUINT);
  assert_model_equals_reference (model, &ref, G_LIST_MODEL (store));
  g_test_message ("%u operations, %u rows at the end, %u items-changed",
                  n_ops, g_list_model_get_n_items (G_LIST_MODEL (store)), checker->n_signals);

  bn_row_filter_unref (ref.filter);
  g_hash_table_unref (ref.namespaces);
}

static void
test_sorted_model_untracked (void)
{
  g_autoptr(GListStore) store = g_list_store_new (BN_TYPE_TEST_ROW);
  g_autoptr(BnSortedModel) model = NULL;
  g_autoptr(BnSortKey) by_restarts = restarts_key ();
  g_autoptr(BnTestRow) low = bn_test_row_new ("u1", "low", "default", 1);
  g_autoptr(BnTestRow) high = bn_test_row_new ("u2", "high", "default", 2);
  GObject *changed[] = { G_OBJECT (low), G_OBJECT (high) };

  g_list_store_append (store, low);
  g_list_store_append (store, high);
  model = bn_sorted_model_new_untracked (G_LIST_MODEL (store), bn_test_row_accessors ());
  bn_sorted_model_set_sort (model, by_restarts, FALSE);
  g_assert_true (row_at (model, 0) == low);

  /* No handler on the rows: nothing happens until the model is told. */
  bn_test_row_set_restarts (low, 5);
  g_assert_cmpuint (bn_sorted_model_get_n_pending_moves (model), ==, 0);
  g_assert_true (row_at (model, 0) == low);

  bn_sorted_model_rows_changed (model, changed, G_N_ELEMENTS (changed));
  g_assert_cmpuint (bn_sorted_model_get_n_pending_moves (model), ==, 1);
  g_assert_cmpuint (bn_sorted_model_apply_moves (model, G_MAXUINT), ==, 1);
  g_assert_true (row_at (model, 0) == high);

  /* A row the model does not hold is ignored. */
  {
    g_autoptr(BnTestRow) stranger = bn_test_row_new ("u3", "x", "default", 0);

    bn_sorted_model_rows_changed (model, (GObject **) &stranger, 1);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  }

  bn_sorted_model_set_filter_text (model, "high");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  bn_test_row_set_name (low, "higher");
  bn_sorted_model_rows_changed (model, changed, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
}

/* A large source is watched in idle time: rows that change before and while that happens,
 * and rows that come and go meanwhile, all end up where they belong. */
static void
test_sorted_model_watched_later (void)
{
  const char *filters[] = { NULL, "pod-1", "app=web" };
  const char *label_sets[][2] = { { NULL }, { "app=web", NULL } };
  g_autoptr(GListStore) store = g_list_store_new (BN_TYPE_TEST_ROW);
  g_autoptr(BnSortedModel) model = NULL;
  g_autoptr(BnSortKey) by_name = name_key ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(Checker) checker = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  Reference ref = { SORT_NAME, FALSE, bn_row_filter_new (NULL),
                    g_hash_table_new (g_str_hash, g_str_equal) };
  guint next_uid = 0;
  guint rounds = 0;

  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *uid = g_strdup_printf ("uid-%06u", next_uid++);
      g_autofree char *name = g_strdup_printf ("pod-%u", g_rand_int_range (rand, 0, 5000));

      g_ptr_array_add (rows, bn_test_row_new (uid, name, "default", 0));
    }
  g_list_store_splice (store, 0, 0, rows->pdata, rows->len);

  model = bn_sorted_model_new (NULL, bn_test_row_accessors ());
  bn_sorted_model_set_sort (model, by_name, FALSE);
  bn_sorted_model_set_source (model, G_LIST_MODEL (store));
  checker = checker_new (G_LIST_MODEL (model));

  /* Changed before any row is watched. */
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *name = g_strdup_printf ("pod-%u", g_rand_int_range (rand, 0, 5000));

      bn_test_row_set_name (g_ptr_array_index (rows, g_rand_int_range (rand, 0, rows->len)), name);
    }

  /* Changed, filtered, added and removed while the rows are being watched. */
  do
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
      g_autofree char *name = g_strdup_printf ("pod-%u", g_rand_int_range (rand, 0, 5000));
      g_autoptr(BnTestRow) row = g_list_model_get_item (G_LIST_MODEL (store),
                                                        g_rand_int_range (rand, 0, n));
      g_autofree char *uid = g_strdup_printf ("uid-%06u", next_uid++);
      g_autoptr(BnTestRow) fresh = bn_test_row_new (uid, name, "default", 0);
      const char *text = filters[g_rand_int_range (rand, 0, G_N_ELEMENTS (filters))];

      bn_test_row_set_name (row, name);
      bn_test_row_set_labels (row, label_sets[g_rand_int_range (rand, 0, 2)]);
      g_list_store_remove (store, g_rand_int_range (rand, 0, n));
      g_list_store_append (store, fresh);
      if (rounds % 3 == 0)
        {
          bn_row_filter_unref (ref.filter);
          ref.filter = bn_row_filter_new (text);
          bn_sorted_model_set_filter_text (model, text);
        }
      checker_verify (checker);
      rounds++;
    }
  while (g_main_context_iteration (NULL, FALSE));

  g_test_message ("watched in %u idle calls", rounds);
  g_assert_cmpuint (rounds, >, 1);
  bn_sorted_model_apply_moves (model, G_MAXUINT);
  checker_verify (checker);
  assert_model_equals_reference (model, &ref, G_LIST_MODEL (store));

  /* Every row is watched now: a change is seen at once. */
  bn_row_filter_unref (ref.filter);
  ref.filter = bn_row_filter_new (NULL);
  bn_sorted_model_set_filter_text (model, NULL);
  {
    BnTestRow *first = row_at (model, 0);

    bn_test_row_set_name (first, "zzz");
    bn_sorted_model_apply_moves (model, G_MAXUINT);
    g_assert_true (row_at (model, 0) != first);
    assert_model_equals_reference (model, &ref, G_LIST_MODEL (store));
  }

  bn_row_filter_unref (ref.filter);
  g_hash_table_unref (ref.namespaces);
}

static void
test_sorted_model_hundred_thousand (void)
{
  g_autoptr(GListStore) store = g_list_store_new (BN_TYPE_TEST_ROW);
  g_autoptr(BnSortedModel) model = NULL;
  g_autoptr(BnSortKey) by_name = bn_test_row_sort_key_new ("name");
  g_autoptr(BnSortKey) by_restarts = bn_test_row_sort_key_new ("restarts");
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(Checker) checker = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  const char *prod[] = { "ns-3", "ns-7", NULL };
  Reference ref = { SORT_NAME, FALSE, bn_row_filter_new (NULL),
                    g_hash_table_new (g_str_hash, g_str_equal) };
  guint signals_before;
  gint64 start;

  for (guint i = 0; i < 100000; i++)
    {
      g_autofree char *uid = g_strdup_printf ("%08x-uid", g_rand_int (rand));
      g_autofree char *name = g_strdup_printf ("app-%u-%05x", i % 97, g_rand_int (rand) & 0xfffff);
      g_autofree char *ns = g_strdup_printf ("ns-%u", i % 10);

      g_ptr_array_add (rows, bn_test_row_new (uid, name, ns, g_rand_int_range (rand, 0, 50)));
    }

  model = bn_sorted_model_new (G_LIST_MODEL (store), bn_test_row_accessors ());
  bn_sorted_model_set_sort (model, by_name, FALSE);
  checker = checker_new (G_LIST_MODEL (model));

  start = g_get_monotonic_time ();
  g_list_store_splice (store, 0, 0, rows->pdata, rows->len);
  g_test_message ("100k rows in one batch, first rows: %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  /* The first large batch shows the first rows at once, the rest after sorting them in
   * idle time, and rows of a batch this large are watched in idle time. */
  g_assert_cmpuint (checker->n_signals, ==, 1);
  g_assert_false (bn_sorted_model_is_complete (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), <, 1000);
  assert_model_is_prefix_of_reference (model, &ref, G_LIST_MODEL (store));
  start = g_get_monotonic_time ();
  wait_until_watched ();
  g_test_message ("the rest and watching every row: %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_true (bn_sorted_model_is_complete (model));
  g_assert_cmpuint (checker->n_signals, ==, 2);
  assert_model_equals_reference (model, &ref, G_LIST_MODEL (store));

  /* A new order of 100k rows is announced with one items-changed. */
  signals_before = checker->n_signals;
  start = g_get_monotonic_time ();
  bn_sorted_model_set_sort (model, by_restarts, TRUE);
  g_test_message ("switch to a numeric column: %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  ref.column = SORT_RESTARTS;
  ref.descending = TRUE;
  assert_model_equals_reference (model, &ref, G_LIST_MODEL (store));
  g_assert_cmpuint (checker->n_signals - signals_before, ==, 1);
  checker_verify (checker);

  start = g_get_monotonic_time ();
  bn_sorted_model_set_sort (model, by_name, FALSE);
  g_test_message ("switch to a text column: %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  ref.column = SORT_NAME;
  ref.descending = FALSE;

  start = g_get_monotonic_time ();
  bn_sorted_model_set_filter_text (model, "app-1");
  g_test_message ("filter: %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  bn_row_filter_unref (ref.filter);
  ref.filter = bn_row_filter_new ("app-1");
  assert_model_equals_reference (model, &ref, G_LIST_MODEL (store));

  signals_before = checker->n_signals;
  bn_sorted_model_set_namespaces (model, prod);
  g_hash_table_add (ref.namespaces, (gpointer) prod[0]);
  g_hash_table_add (ref.namespaces, (gpointer) prod[1]);
  assert_model_equals_reference (model, &ref, G_LIST_MODEL (store));
  g_assert_cmpuint (checker->n_signals, ==, signals_before + 1);
  signals_before = checker->n_signals;

  /* Changes that do not touch the key or the filter emit nothing. */
  for (guint i = 0; i < 5000; i++)
    bn_test_row_set_status (g_ptr_array_index (rows, g_rand_int_range (rand, 0, 100000)),
                            i % 2 ? "Running" : "Pending");
  g_assert_cmpuint (checker->n_signals, ==, signals_before);

  bn_sorted_model_set_sort (model, by_restarts, FALSE);
  ref.column = SORT_RESTARTS;
  for (guint i = 0; i < 1000; i++)
    bn_test_row_set_restarts (g_ptr_array_index (rows, g_rand_int_range (rand, 0, 100000)),
                              g_rand_int_range (rand, 0, 50));
  bn_sorted_model_apply_moves (model, G_MAXUINT);
  checker_verify (checker);
  assert_model_equals_reference (model, &ref, G_LIST_MODEL (store));

  bn_row_filter_unref (ref.filter);
  g_hash_table_unref (ref.namespaces);
}

/* A view showing the last rows of the list. */
static gboolean
shown_end_cb (BnSortedModel *model,
              guint         *first,
              guint         *last,
              gpointer       user_data)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  *first = n > 30 ? n - 30 : 0;
  *last = n > 0 ? n - 1 : 0;
  return TRUE;
}

/* The moves of a tick are announced as hunks, top down: rows arriving near each other are
 * one signal, far ones are apart, and every signal leaves the list as it says. */
static void
test_sorted_model_move_hunks (void)
{
  g_autoptr(GListStore) store = g_list_store_new (BN_TYPE_TEST_ROW);
  g_autoptr(BnSortedModel) model = NULL;
  g_autoptr(BnSortKey) by_restarts = restarts_key ();
  g_autoptr(Checker) checker = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  Reference ref = { SORT_RESTARTS, TRUE, bn_row_filter_new (NULL),
                    g_hash_table_new (g_str_hash, g_str_equal) };
  guint before;

  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *uid = g_strdup_printf ("uid-%05u", i);
      g_autoptr(BnTestRow) row = bn_test_row_new (uid, uid, "default", (int) (i % 300));

      g_list_store_append (store, row);
    }
  model = bn_sorted_model_new (G_LIST_MODEL (store), bn_test_row_accessors ());
  bn_sorted_model_set_sort (model, by_restarts, TRUE);
  checker = checker_new (G_LIST_MODEL (model));

  /* Ten rows from all over the list climb to the top, as restart counts do. */
  for (guint i = 0; i < 10; i++)
    bn_test_row_set_restarts (row_at (model, 300 * i + 150), 1000 + (int) i);
  before = checker->n_signals;
  g_assert_cmpuint (bn_sorted_model_apply_moves (model, G_MAXUINT), ==, 10);
  /* One hunk at the top, and one for each row leaving its place far below. */
  g_assert_cmpuint (checker->n_signals - before, ==, 11);
  checker_verify (checker);
  assert_model_equals_reference (model, &ref, G_LIST_MODEL (store));
  for (guint i = 0; i < 10; i++)
    g_assert_cmpint (bn_test_row_get_restarts (row_at (model, i)), ==, 1009 - (int) i);

  /* Seen from a view showing the end of the list, every move happens above it: one signal. */
  bn_sorted_model_set_shown_func (model, shown_end_cb, NULL, NULL);
  for (guint i = 0; i < 8; i++)
    bn_test_row_set_restarts (row_at (model, 300 * i + 200), 2000 + (int) i);
  before = checker->n_signals;
  g_assert_cmpuint (bn_sorted_model_apply_moves (model, G_MAXUINT), ==, 8);
  g_assert_cmpuint (checker->n_signals - before, ==, 1);
  checker_verify (checker);
  assert_model_equals_reference (model, &ref, G_LIST_MODEL (store));

  /* Random changes, many at a time, under a filter too, some near the rows shown. */
  for (guint round = 0; round < 20; round++)
    {
      if (round == 10)
        {
          bn_sorted_model_set_filter_text (model, "uid-01");
          bn_row_filter_unref (ref.filter);
          ref.filter = bn_row_filter_new ("uid-01");
        }
      for (guint i = 0; i < 50; i++)
        {
          g_autoptr(BnTestRow) row = g_list_model_get_item (G_LIST_MODEL (store),
                                                            g_rand_int_range (rand, 0, 3000));

          bn_test_row_set_restarts (row, g_rand_int_range (rand, 0, 1200));
        }
      while (bn_sorted_model_get_n_pending_moves (model) > 0)
        bn_sorted_model_apply_moves (model, g_rand_int_range (rand, 1, 30));
      checker_verify (checker);
      assert_model_equals_reference (model, &ref, G_LIST_MODEL (store));
    }

  bn_row_filter_unref (ref.filter);
  g_hash_table_unref (ref.namespaces);
}

/* A large first fill shows the first rows of the final order, then the rest in idle time,
 * whichever the direction and the filter, and stays right when rows or the source change
 * before it is complete. */
static void
test_sorted_model_staged_first_fill (void)
{
  g_autoptr(GListStore) store = g_list_store_new (BN_TYPE_TEST_ROW);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr(BnSortKey) by_name = name_key ();
  g_autoptr(BnSortKey) by_restarts = restarts_key ();
  const char *filters[] = { NULL, "pod-1", NULL };
  const SortColumn columns[] = { SORT_NAME, SORT_RESTARTS, SORT_NAME };

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *uid = g_strdup_printf ("%08x-%05u", g_rand_int (rand), i);
      /* Few distinct names and restart counts: most keys tie and the uid decides. */
      g_autofree char *name = g_strdup_printf ("pod-%u", g_rand_int_range (rand, 0, 40));

      g_ptr_array_add (rows, bn_test_row_new (uid, name, "default", g_rand_int_range (rand, 0, 9)));
    }
  g_list_store_splice (store, 0, 0, rows->pdata, rows->len);

  for (guint round = 0; round < G_N_ELEMENTS (columns); round++)
    {
      g_autoptr(BnSortedModel) model = bn_sorted_model_new (NULL, bn_test_row_accessors ());
      g_autoptr(Checker) checker = checker_new (G_LIST_MODEL (model));
      Reference ref = { columns[round], round != 0, bn_row_filter_new (filters[round]),
                        g_hash_table_new (g_str_hash, g_str_equal) };
      guint n_first;
      guint n_idle = 0;

      bn_sorted_model_set_filter_text (model, filters[round]);
      bn_sorted_model_set_sort (model, columns[round] == SORT_NAME ? by_name : by_restarts, ref.descending);
      bn_sorted_model_set_source (model, G_LIST_MODEL (store));

      g_assert_false (bn_sorted_model_is_complete (model));
      n_first = g_list_model_get_n_items (G_LIST_MODEL (model));
      g_assert_cmpuint (n_first, >, 0);
      g_assert_cmpuint (n_first, <, 1000);
      g_assert_cmpuint (checker->n_signals, ==, 1);
      g_assert_cmpuint (bn_sorted_model_get_source_n_items (model), ==, rows->len);
      assert_model_is_prefix_of_reference (model, &ref, G_LIST_MODEL (store));
      {
        g_autoptr(GPtrArray) expected = reference_rows (&ref, G_LIST_MODEL (store));

        /* A row count can say at once how many rows there will be. */
        g_assert_cmpuint (bn_sorted_model_get_n_matching (model), ==, expected->len);
      }

      if (round == 2)
        {
          /* Rows that change while staged are placed again once watched. */
          for (guint i = 0; i < 300; i++)
            {
              g_autofree char *name = g_strdup_printf ("pod-%u", g_rand_int_range (rand, 0, 40));

              bn_test_row_set_name (g_ptr_array_index (rows, g_rand_int_range (rand, 0, rows->len)), name);
            }
        }

      while (!bn_sorted_model_is_complete (model))
        {
          g_main_context_iteration (NULL, TRUE);
          n_idle++;
        }
      g_test_message ("round %u: %u rows first, the rest in %u idle calls", round, n_first, n_idle);
      /* One more signal adds the rest below the first rows. */
      g_assert_cmpuint (checker->n_signals, ==, 2);
      g_assert_cmpuint (bn_sorted_model_get_n_matching (model), ==,
                        g_list_model_get_n_items (G_LIST_MODEL (model)));
      checker_verify (checker);
      wait_until_watched ();
      bn_sorted_model_apply_moves (model, G_MAXUINT);
      checker_verify (checker);
      assert_model_equals_reference (model, &ref, G_LIST_MODEL (store));

      bn_row_filter_unref (ref.filter);
      g_hash_table_unref (ref.namespaces);
    }

  /* A source change while staged completes the stage first; so does a new sort. */
  {
    g_autoptr(BnSortedModel) model = bn_sorted_model_new_untracked (NULL, bn_test_row_accessors ());
    g_autoptr(Checker) checker = checker_new (G_LIST_MODEL (model));
    g_autoptr(BnTestRow) fresh = bn_test_row_new ("00000000-fresh", "pod-0", "default", 3);
    Reference ref = { SORT_NAME, FALSE, bn_row_filter_new (NULL),
                      g_hash_table_new (g_str_hash, g_str_equal) };
    guint found = G_MAXUINT;

    bn_sorted_model_set_sort (model, by_name, FALSE);
    bn_sorted_model_set_source (model, G_LIST_MODEL (store));
    g_assert_false (bn_sorted_model_is_complete (model));
    g_list_store_append (store, fresh);
    g_assert_true (bn_sorted_model_is_complete (model));
    checker_verify (checker);
    assert_model_equals_reference (model, &ref, G_LIST_MODEL (store));
    g_assert_true (bn_sorted_model_find (model, fresh, &found));
    g_list_store_remove (store, g_list_model_get_n_items (G_LIST_MODEL (store)) - 1);

    /* A second source while staged drops what the stage held. */
    bn_sorted_model_set_source (model, NULL);
    bn_sorted_model_set_source (model, G_LIST_MODEL (store));
    g_assert_false (bn_sorted_model_is_complete (model));
    bn_sorted_model_set_sort (model, by_restarts, TRUE);
    g_assert_true (bn_sorted_model_is_complete (model));
    ref.column = SORT_RESTARTS;
    ref.descending = TRUE;
    checker_verify (checker);
    assert_model_equals_reference (model, &ref, G_LIST_MODEL (store));

    /* Disposed while staged: nothing is left behind (the ASan build checks). */
    bn_sorted_model_set_source (model, NULL);
    bn_sorted_model_set_sort (model, by_name, FALSE);
    bn_sorted_model_set_source (model, G_LIST_MODEL (store));
    g_assert_false (bn_sorted_model_is_complete (model));

    bn_row_filter_unref (ref.filter);
    g_hash_table_unref (ref.namespaces);
  }

  /* A small source is shown whole at once. */
  {
    g_autoptr(GListStore) small = g_list_store_new (BN_TYPE_TEST_ROW);
    g_autoptr(BnSortedModel) model = bn_sorted_model_new (NULL, bn_test_row_accessors ());

    g_list_store_splice (small, 0, 0, rows->pdata, 500);
    bn_sorted_model_set_sort (model, by_name, FALSE);
    bn_sorted_model_set_source (model, G_LIST_MODEL (small));
    g_assert_true (bn_sorted_model_is_complete (model));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 500);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/binnacle/sorted-model/new-destroy", test_sorted_model_new_destroy);
  g_test_add_func ("/binnacle/sorted-model/sort", test_sorted_model_sort);
  g_test_add_func ("/binnacle/sorted-model/text-order", test_sorted_model_text_order);
  g_test_add_func ("/binnacle/sorted-model/filter-text", test_sorted_model_filter_text);
  g_test_add_func ("/binnacle/sorted-model/namespaces", test_sorted_model_namespaces);
  g_test_add_func ("/binnacle/sorted-model/batches", test_sorted_model_batches);
  g_test_add_func ("/binnacle/sorted-model/rate-limited-moves", test_sorted_model_rate_limited_moves);
  g_test_add_data_func ("/binnacle/sorted-model/random-operations",
                        GINT_TO_POINTER (FALSE), test_sorted_model_random_operations);
  g_test_add_data_func ("/binnacle/sorted-model/random-operations-untracked",
                        GINT_TO_POINTER (TRUE), test_sorted_model_random_operations);
  g_test_add_func ("/binnacle/sorted-model/untracked", test_sorted_model_untracked);
  g_test_add_func ("/binnacle/sorted-model/watched-later", test_sorted_model_watched_later);
  g_test_add_func ("/binnacle/sorted-model/move-hunks", test_sorted_model_move_hunks);
  g_test_add_func ("/binnacle/sorted-model/staged-first-fill", test_sorted_model_staged_first_fill);
  g_test_add_func ("/binnacle/sorted-model/hundred-thousand", test_sorted_model_hundred_thousand);

  return g_test_run ();
}
