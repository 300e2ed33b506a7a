/* bn-sorted-model.c: a sorted, filtered live list over stable rows
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-sorted-model.h"

/*
 * BnSortedModel shows an unordered source of stable, mutable rows sorted and filtered.
 *
 * Every row the source holds gets a Row record with its sort key computed once (a collation
 * key for text, a double for numbers). Two arrays hold the records ordered by (key, uid,
 * arrival): `rows` has all of them and `visible` those that pass the filter; `visible` is
 * what the GListModel shows. The order is total, so a record is found by binary search with
 * its own key and no position index has to be kept up to date.
 *
 * Rows change in place and emit `notify` (or their owner calls
 * bn_sorted_model_rows_changed()). A change to what the sort key reads recomputes the key.
 * If the row keeps its place among the visible rows, it takes the new key at once; if it
 * has to move, the move waits in a queue that a 16 ms timer drains, at most
 * `max-moves-per-frame` real moves per frame. Until its move is applied the record keeps
 * its old key (so binary search still finds it) and holds the new one aside; the cells show
 * the new values anyway, since they follow the row. The move of a row the keep function
 * holds (the selected ones) is one items-changed over its span; the other moves of a tick
 * are applied together and announced as hunks (see "Moves in batches"). Filter changes
 * rebuild `visible` in one pass and emit one items-changed over the range that differs, and
 * so do large source batches, merged in one pass. A new sort order is announced with one
 * items-changed too (see emit_reorder()). The first fill of a large source shows its first
 * rows at once and the rest after sorting them in idle time (see "The first fill of a large
 * source").
 *
 * Why not GtkSortListModel/GtkFilterListModel: on GTK 4.8 they measured about one frame per
 * second with 100k rows at 1,000 events/s (DESIGN.md, "Decisions").
 */

#define MOVE_INTERVAL_MS           16
#define EXPENSIVE_TICK_US          1000
#define MAX_TICK_FRAMES            4
#define DEFAULT_MAX_MOVES_PER_FRAME 20
/* Larger source batches are merged in one pass and announced with one items-changed. */
#define SMALL_BATCH                32
/*
 * What GTK 4.8 does with one items-changed in a 100k-row column view (bench-list-model,
 * BENCH_ONLY=signals): 3 µs when the range lies below the rows on screen, whatever its
 * span; about 1 ms when it reaches or precedes them (every row on screen is bound again);
 * and time linear in the span (16 ms for 50,000 rows) when it holds the row the view is
 * anchored to, which GTK then searches for among the added items.
 *
 * So the moves of a tick are announced as hunks, far ones apart (see "Moves in batches"); a
 * row the keep function holds (bn_sorted_model_set_keep_func()) moves alone, with one
 * signal over its span when it crosses more than SMALL_SPAN rows, and the timer stops moving
 * such rows for the frame once MOVE_BUDGET_US are spent.
 */
#define SMALL_SPAN                 64
#define MOVE_BUDGET_US             4000
/*
 * Connecting a notify handler costs about a microsecond and a hundred bytes per row: a
 * source larger than this is watched in idle time after it is shown (see watch_some()).
 */
#define WATCH_AT_ONCE              4096
#define WATCH_BUDGET_US            3000

typedef enum
{
  KEY_NONE,
  KEY_STRING,
  KEY_NUMBER,
} KeyKind;

typedef union
{
  char   *str;
  double  num;
} Key;

typedef struct
{
  GList          move_link;
  GList          watch_link;
  GObject       *item;
  BnSortedModel *model;
  char          *uid;
  guint64        uid_prefix;
  guint64        seq;
  Key            key;
  Key            pending;
  gulong         notify_id;
  guint          n_occurrences;
  guint          visible : 1;
  guint          has_pending : 1;
  guint          dying : 1;
} Row;

typedef struct _Stage Stage;

struct _BnSortedModel
{
  GObject          parent_instance;

  GListModel      *source;
  gulong           items_changed_id;
  /* FALSE when the owner reports changed rows through bn_sorted_model_rows_changed()
   * instead of a notify handler on each row. */
  gboolean         track_rows;
  BnRowAccessors   accessors;
  const char     **filter_properties;

  GPtrArray       *source_rows;
  GHashTable      *rows_by_item;
  GPtrArray       *rows;
  GPtrArray       *visible;
  /* A previous `visible`, kept for the next re-sort or re-filter: with 100k rows, faulting
   * in a fresh array each time costs milliseconds. */
  GPtrArray       *spare;
  guint64          next_seq;

  BnSortKey       *sort_key;
  KeyKind          kind;
  gboolean         descending;

  char            *filter_text;
  BnRowFilter     *filter;
  GHashTable      *namespaces;

  GQueue           pending_moves;
  guint            max_moves_per_frame;
  guint            move_timeout_id;
  guint            move_frames;

  /* While a row is taken out of `visible` for a move, the position it leaves: the list
   * shows `visible` without it, so the array itself never shifts its tail. */
  guint            hole;

  /* While the moves of a tick are announced hunk by hunk (announce_hunks()): the order
   * before them. The list shows `visible` up to `split_new`, then `before` from
   * `split_old` on. */
  GPtrArray       *before;
  guint            split_new;
  guint            split_old;

  /* The first fill of a large source while only its first rows are shown (stage_begin()). */
  Stage           *stage;

  /* Rows of a large source whose notify handler is not connected yet. */
  GQueue           unwatched;
  guint            watch_idle_id;

  BnSortedModelKeepFunc keep_func;
  gpointer         keep_data;
  GDestroyNotify   keep_destroy;

  BnSortedModelShownFunc shown_func;
  gpointer         shown_data;
  GDestroyNotify   shown_destroy;
};

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_N_ITEMS,
  PROP_FILTER_TEXT,
  PROP_MAX_MOVES_PER_FRAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void bn_sorted_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BnSortedModel, bn_sorted_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      bn_sorted_model_list_model_init))

/* Keys and order */

static void
key_clear (KeyKind  kind,
           Key     *key)
{
  if (kind == KEY_STRING)
    g_clear_pointer (&key->str, g_free);
  memset (key, 0, sizeof *key);
}

static void
compute_key (BnSortedModel *self,
             GObject       *item,
             Key           *out)
{
  memset (out, 0, sizeof *out);

  switch (self->kind)
    {
    case KEY_STRING:
      out->str = bn_sort_key_dup_collated (self->sort_key, item);
      break;
    case KEY_NUMBER:
      out->num = bn_sort_key_get_number (self->sort_key, item);
      break;
    case KEY_NONE:
    default:
      break;
    }
}

static gboolean
key_equal (KeyKind    kind,
           const Key *a,
           const Key *b)
{
  switch (kind)
    {
    case KEY_STRING:
      return g_strcmp0 (a->str, b->str) == 0;
    case KEY_NUMBER:
      return a->num == b->num;
    case KEY_NONE:
    default:
      return TRUE;
    }
}

/* Compares row @a as if it had key @ka with row @b as if it had key @kb. */
static inline int
compare_keys (const BnSortedModel *self,
              const Key           *ka,
              const Row           *a,
              const Key           *kb,
              const Row           *b)
{
  int r = 0;

  if (self->kind == KEY_STRING)
    r = g_strcmp0 (ka->str, kb->str);
  else if (self->kind == KEY_NUMBER)
    r = (ka->num > kb->num) - (ka->num < kb->num);

  if (r == 0)
    r = (a->uid_prefix > b->uid_prefix) - (a->uid_prefix < b->uid_prefix);
  if (r == 0)
    r = g_strcmp0 (a->uid, b->uid);
  if (r == 0)
    r = (a->seq > b->seq) - (a->seq < b->seq);

  /* The tie-break turns too, so a descending order is exactly the ascending one reversed. */
  return self->descending ? -r : r;
}

/* Eight bytes of a string from @offset, big-endian: comparing these numbers orders like
 * strcmp() on the prefixes, so most comparisons need not touch the strings. */
static guint64
string_prefix_at (const char *str,
                  gsize       offset)
{
  guint64 prefix = 0;
  guint i;

  for (i = 0; i < 8 && str != NULL && str[offset + i] != '\0'; i++)
    prefix = (prefix << 8) | (guchar) str[offset + i];

  return i == 0 ? 0 : prefix << (8 * (8 - i));
}

static guint64
string_prefix (const char *str)
{
  return string_prefix_at (str, 0);
}

/* Sorting. The arrays hold pointers to rows spread over the heap; sorting copies of the
 * compared fields side by side keeps a 100k-row sort within a few milliseconds. */

typedef struct
{
  Key      key;
  /* The first sixteen bytes of a text key, or its rank among the distinct keys. */
  guint64  key_prefix[2];
  guint64  uid_prefix;
  Row     *row;
  /* The whole key is in key_prefix: equal prefixes mean equal keys. Reading both strings
   * from all over the heap is what makes a sort slow, above all for columns with few
   * distinct values (status, namespace), whose keys are equal in most comparisons. */
  guint8   key_short;
  /* The row's `visible`, so that splitting the sorted rows reads no record. */
  guint8   visible;
} SortEntry;

static inline int
compare_entries (const BnSortedModel *self,
                 const SortEntry     *a,
                 const SortEntry     *b)
{
  int r = 0;

  if (self->kind == KEY_STRING)
    {
      r = (a->key_prefix[0] > b->key_prefix[0]) - (a->key_prefix[0] < b->key_prefix[0]);
      if (r == 0)
        r = (a->key_prefix[1] > b->key_prefix[1]) - (a->key_prefix[1] < b->key_prefix[1]);
      if (r == 0 && !(a->key_short && b->key_short))
        r = g_strcmp0 (a->key.str, b->key.str);
    }
  else if (self->kind == KEY_NUMBER)
    r = (a->key.num > b->key.num) - (a->key.num < b->key.num);

  if (r == 0)
    r = (a->uid_prefix > b->uid_prefix) - (a->uid_prefix < b->uid_prefix);
  if (r != 0)
    return self->descending ? -r : r;

  return compare_keys (self, &a->key, a->row, &b->key, b->row);
}

static void
merge_entries (const BnSortedModel *self,
               const SortEntry     *src,
               SortEntry           *dst,
               gsize                lo,
               gsize                mid,
               gsize                hi)
{
  gsize i = lo, j = mid, k = lo;

  while (i < mid && j < hi)
    dst[k++] = compare_entries (self, &src[j], &src[i]) < 0 ? src[j++] : src[i++];
  while (i < mid)
    dst[k++] = src[i++];
  while (j < hi)
    dst[k++] = src[j++];
}

static int
compare_distinct_cb (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  const char * const *keys = user_data;

  return strcmp (keys[*(const guint *) a], keys[*(const guint *) b]);
}

/* When the keys take few distinct values, each entry gets its key's rank instead of its
 * prefix, and the sort never reads a string again. Gives up (returns %FALSE) once the
 * keys turn out to be mostly distinct, as names are. Each key is hashed once. */
static gboolean
rank_keys (SortEntry *entries,
           gsize      n)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) distinct = g_ptr_array_new ();
  g_autofree guint *order = NULL;
  g_autofree guint *ranks = NULL;
  g_autofree guint *first_of = NULL;
  guint limit = MAX (64, n / 32);

  /* Rank 0 is the NULL key, which sorts first; distinct keys are numbered from 1 here. */
  first_of = g_new (guint, n);
  for (gsize i = 0; i < n; i++)
    {
      const char *str = entries[i].key.str;
      gpointer number;

      if (str == NULL)
        {
          first_of[i] = 0;
          continue;
        }
      if (!g_hash_table_lookup_extended (seen, str, NULL, &number))
        {
          if (distinct->len >= limit)
            return FALSE;
          g_ptr_array_add (distinct, (gpointer) str);
          number = GUINT_TO_POINTER (distinct->len);
          g_hash_table_insert (seen, (gpointer) str, number);
        }
      first_of[i] = GPOINTER_TO_UINT (number);
    }

  order = g_new (guint, distinct->len);
  for (guint i = 0; i < distinct->len; i++)
    order[i] = i;
  g_qsort_with_data (order, distinct->len, sizeof (guint), compare_distinct_cb, distinct->pdata);
  ranks = g_new (guint, distinct->len + 1);
  ranks[0] = 0;
  for (guint i = 0; i < distinct->len; i++)
    ranks[order[i] + 1] = i + 1;

  for (gsize i = 0; i < n; i++)
    {
      entries[i].key_prefix[0] = ranks[first_of[i]];
      entries[i].key_prefix[1] = 0;
      entries[i].key_short = TRUE;
    }

  return TRUE;
}

#define SORT_RUN 16

static void
fill_entry (BnSortedModel *self,
            SortEntry     *entry,
            Row           *row)
{
  gboolean text = self->kind == KEY_STRING && row->key.str != NULL;
  gsize length = text ? strnlen (row->key.str, 16) : 0;

  *entry = (SortEntry) {
    row->key,
    { text ? string_prefix (row->key.str) : 0,
      length > 8 ? string_prefix_at (row->key.str, 8) : 0 },
    row->uid_prefix,
    row,
    text && length < 16,
    row->visible,
  };
}

/* Insertion-sorts the run of entries starting at @lo. */
static void
sort_run (BnSortedModel *self,
          SortEntry     *entries,
          gsize          lo,
          gsize          n)
{
  for (gsize i = lo + 1; i < MIN (lo + SORT_RUN, n); i++)
    {
      SortEntry moving = entries[i];
      gsize j = i;

      for (; j > lo && compare_entries (self, &moving, &entries[j - 1]) < 0; j--)
        entries[j] = entries[j - 1];
      entries[j] = moving;
    }
}

/*
 * A bottom-up merge sort of @n_rows records: insertion-sorted runs of 16, then merged
 * pairwise. The result goes to @sorted, and the visible rows also to @visible unless
 * %NULL. The order is total, so the order of @rows does not matter to the result; it
 * matters to the time: records and row objects read in the order they were made (the
 * source's) come from memory in sequence, while the sorted order of another key reads
 * them from all over the heap (about three times slower with 100k rows).
 */
static void
sort_rows_into (BnSortedModel  *self,
                Row           **rows,
                gsize           n_rows,
                GPtrArray      *sorted,
                GPtrArray      *visible)
{
  gsize n = n_rows;
  SortEntry *entries, *src, *dst;

  entries = g_new (SortEntry, 2 * MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    fill_entry (self, &entries[i], rows[i]);
  if (self->kind == KEY_STRING && n > 1)
    {
      gsize n_long = 0;

      /* Short keys already compare as numbers. */
      for (gsize i = 0; i < n; i++)
        n_long += !entries[i].key_short;
      if (n_long > n / 4)
        rank_keys (entries, n);
    }

  for (gsize lo = 0; lo < n; lo += SORT_RUN)
    sort_run (self, entries, lo, n);

  src = entries;
  dst = entries + n;
  for (gsize width = SORT_RUN; width < n; width *= 2)
    {
      SortEntry *swap;

      for (gsize lo = 0; lo < n; lo += 2 * width)
        merge_entries (self, src, dst, lo, MIN (lo + width, n), MIN (lo + 2 * width, n));
      swap = src;
      src = dst;
      dst = swap;
    }

  g_ptr_array_set_size (sorted, n);
  for (gsize i = 0; i < n; i++)
    sorted->pdata[i] = src[i].row;
  if (visible != NULL)
    {
      g_ptr_array_set_size (visible, 0);
      for (gsize i = 0; i < n; i++)
        if (src[i].visible)
          g_ptr_array_add (visible, src[i].row);
    }
  g_free (entries);
}

static void
sort_rows (BnSortedModel *self,
           GPtrArray     *array)
{
  g_autofree gpointer *copy = g_memdup2 (array->pdata, MAX (array->len, 1) * sizeof (gpointer));

  sort_rows_into (self, (Row **) copy, array->len, array, NULL);
}

/* The first index in [lo, hi) whose row does not sort before @row with key @key. */
static guint
lower_bound (BnSortedModel *self,
             GPtrArray     *array,
             guint          lo,
             guint          hi,
             const Key     *key,
             const Row     *row)
{
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const Row *other = g_ptr_array_index (array, mid);

      if (compare_keys (self, &other->key, other, key, row) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static guint
find_row (BnSortedModel *self,
          GPtrArray     *array,
          Row           *row)
{
  guint index;

  index = lower_bound (self, array, 0, array->len, &row->key, row);

  if G_LIKELY (index < array->len && g_ptr_array_index (array, index) == row)
    return index;

  /* Only a key function that is not a function (different answers for the same row
   * without a notify) gets here; stay correct rather than fast. */
  g_warning ("Sort key of a row changed without notify; searching linearly");
  if (!g_ptr_array_find (array, row, &index))
    return array->len;
  return index;
}

/* Where @row, now at @from, belongs with key @key, counted after its removal. */
static guint
target_index (BnSortedModel *self,
              GPtrArray     *array,
              guint          from,
              const Key     *key,
              const Row     *row)
{
  const Row *prev = from > 0 ? g_ptr_array_index (array, from - 1) : NULL;
  const Row *next = from + 1 < array->len ? g_ptr_array_index (array, from + 1) : NULL;

  if (prev != NULL && compare_keys (self, key, row, &prev->key, prev) < 0)
    return lower_bound (self, array, 0, from, key, row);
  if (next != NULL && compare_keys (self, key, row, &next->key, next) > 0)
    return lower_bound (self, array, from + 1, array->len, key, row) - 1;

  return from;
}

static void
array_move (GPtrArray *array,
            guint      from,
            guint      to)
{
  gpointer *data = array->pdata;
  gpointer moving = data[from];

  if (from < to)
    memmove (&data[from], &data[from + 1], (to - from) * sizeof (gpointer));
  else if (to < from)
    memmove (&data[to + 1], &data[to], (from - to) * sizeof (gpointer));
  data[to] = moving;
}

static void
array_splice (GPtrArray *array,
              guint      position,
              guint      removed,
              gpointer  *added,
              guint      n_added)
{
  guint old_len = array->len;
  guint tail = old_len - position - removed;

  if (n_added > removed)
    g_ptr_array_set_size (array, old_len - removed + n_added);

  memmove (&array->pdata[position + n_added], &array->pdata[position + removed],
           tail * sizeof (gpointer));
  if (n_added > 0)
    memcpy (&array->pdata[position], added, n_added * sizeof (gpointer));

  if (n_added < removed)
    g_ptr_array_set_size (array, old_len - removed + n_added);
}

/* Signals */

static void
emit_items_changed (BnSortedModel *self,
                    guint          position,
                    guint          removed,
                    guint          added)
{
  if (removed == 0 && added == 0)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static GPtrArray *
take_spare (BnSortedModel *self,
            guint          size)
{
  GPtrArray *array = g_steal_pointer (&self->spare);

  if (array == NULL)
    return g_ptr_array_sized_new (size);

  g_ptr_array_set_size (array, 0);
  return array;
}

static void
keep_spare (BnSortedModel *self,
            GPtrArray     *array)
{
  if (self->spare == NULL)
    self->spare = array;
  else
    g_ptr_array_unref (array);
}

static GPtrArray *
copy_visible (BnSortedModel *self)
{
  GPtrArray *copy = take_spare (self, self->visible->len);

  g_ptr_array_set_size (copy, self->visible->len);
  if (self->visible->len > 0)
    memcpy (copy->pdata, self->visible->pdata, self->visible->len * sizeof (gpointer));
  return copy;
}

/* Announces the change from @old to self->visible as one items-changed over the range that
 * differs. */
static void
emit_difference (BnSortedModel *self,
                 GPtrArray     *old)
{
  GPtrArray *now = self->visible;
  guint prefix = 0;
  guint suffix = 0;
  guint shortest = MIN (old->len, now->len);

  while (prefix < shortest && old->pdata[prefix] == now->pdata[prefix])
    prefix++;
  while (suffix < shortest - prefix
         && old->pdata[old->len - 1 - suffix] == now->pdata[now->len - 1 - suffix])
    suffix++;

  emit_items_changed (self, prefix, old->len - prefix - suffix, now->len - prefix - suffix);
}

/* Announces a new order of the same visible rows (self->visible; @old is the previous
 * order, taken over) with one items-changed over the range that differs. Measured with
 * 100k rows in a column view (bench-list-model), GTK 4.8 spends less time on one signal
 * than on the same change in chunks of 4096 or 16384 rows: the rows really move, so most
 * chunks hold rows the view had bound. */
static void
emit_reorder (BnSortedModel *self,
              GPtrArray     *old)
{
  g_assert (old->len == self->visible->len);

  emit_difference (self, old);
  keep_spare (self, old);
}

/* Rows */

static gboolean
item_matches (BnSortedModel *self,
              GObject       *item)
{
  if (g_hash_table_size (self->namespaces) > 0)
    {
      const char *ns = self->accessors.get_namespace != NULL
                       ? self->accessors.get_namespace (item) : NULL;

      if (ns == NULL || !g_hash_table_contains (self->namespaces, ns))
        return FALSE;
    }

  return bn_row_filter_match (self->filter, &self->accessors, item);
}

static gboolean
row_matches (BnSortedModel *self,
             Row           *row)
{
  return item_matches (self, row->item);
}

static void on_row_notify_cb (GObject    *item,
                              GParamSpec *pspec,
                              Row        *row);

/* Makes the record of @item, taking over @key, already computed. */
static Row *
row_new_with_key (BnSortedModel *self,
                  GObject       *item,
                  Key           *key,
                  guint64        seq,
                  gboolean       watch_now)
{
  Row *row = g_new0 (Row, 1);

  row->move_link.data = row;
  row->watch_link.data = row;
  row->model = self;
  row->item = g_object_ref (item);
  row->seq = seq;
  if (self->accessors.get_uid != NULL)
    row->uid = g_strdup (self->accessors.get_uid (item));
  row->uid_prefix = string_prefix (row->uid);
  row->key = *key;
  memset (key, 0, sizeof *key);
  row->visible = row_matches (self, row);
  if (self->track_rows && watch_now)
    row->notify_id = g_signal_connect (item, "notify", G_CALLBACK (on_row_notify_cb), row);
  else if (self->track_rows)
    g_queue_push_tail_link (&self->unwatched, &row->watch_link);
  g_hash_table_insert (self->rows_by_item, item, row);

  return row;
}

static Row *
row_new (BnSortedModel *self,
         GObject       *item,
         gboolean       watch_now)
{
  Key key;

  compute_key (self, item, &key);
  return row_new_with_key (self, item, &key, self->next_seq++, watch_now);
}

static gboolean
row_is_queued (BnSortedModel *self,
               Row           *row)
{
  return row->move_link.prev != NULL || row->move_link.next != NULL
         || self->pending_moves.head == &row->move_link;
}

static gboolean
row_is_unwatched (BnSortedModel *self,
                  Row           *row)
{
  return row->watch_link.prev != NULL || row->watch_link.next != NULL
         || self->unwatched.head == &row->watch_link;
}

static void
row_free (Row *row)
{
  BnSortedModel *self = row->model;

  if (row_is_queued (self, row))
    g_queue_unlink (&self->pending_moves, &row->move_link);
  if (row_is_unwatched (self, row))
    g_queue_unlink (&self->unwatched, &row->watch_link);
  g_hash_table_remove (self->rows_by_item, row->item);
  g_clear_signal_handler (&row->notify_id, row->item);
  key_clear (self->kind, &row->key);
  key_clear (self->kind, &row->pending);
  g_clear_pointer (&row->uid, g_free);
  g_clear_object (&row->item);
  g_free (row);
}

static void
row_take_pending_key (BnSortedModel *self,
                      Row           *row)
{
  key_clear (self->kind, &row->key);
  row->key = row->pending;
  memset (&row->pending, 0, sizeof row->pending);
  row->has_pending = FALSE;
}

/* Moves @row within `rows` to its pending key's place, without a signal: `rows` is not what
 * the list shows. */
static void
row_settle_hidden (BnSortedModel *self,
                   Row           *row)
{
  guint from = find_row (self, self->rows, row);
  guint to = target_index (self, self->rows, from, &row->pending, row);

  row_take_pending_key (self, row);
  array_move (self->rows, from, to);
}

/* Applies @row's pending key; @kept: whether the keep function holds @row, if known
 * (-1 asks it when the move is long). Returns %TRUE if that moved it in the visible list. */
static gboolean
row_apply_move (BnSortedModel *self,
                Row           *row,
                int            kept)
{
  guint from_all, to_all, from, to, span;
  gboolean whole_span;

  if (!row->has_pending)
    return FALSE;

  if (!row->visible)
    {
      row_settle_hidden (self, row);
      return FALSE;
    }

  from_all = find_row (self, self->rows, row);
  to_all = target_index (self, self->rows, from_all, &row->pending, row);
  from = find_row (self, self->visible, row);
  to = target_index (self, self->visible, from, &row->pending, row);
  span = MAX (from, to) - MIN (from, to) + 1;
  if (kept < 0)
    kept = from != to && span > SMALL_SPAN && self->keep_func != NULL
           && self->keep_func (self, row->item, from, self->keep_data);
  whole_span = span <= SMALL_SPAN || kept;

  row_take_pending_key (self, row);
  array_move (self->rows, from_all, to_all);

  if (from == to)
    return FALSE;

  if (whole_span)
    {
      /* One signal for the whole span keeps the row (and its selection) alive: a selection
       * model finds a removed item again among the added ones of the same signal. */
      array_move (self->visible, from, to);
      emit_items_changed (self, MIN (from, to), span, span);
    }
  else
    {
      /* Between the two signals the row is, as far as anyone can tell, not shown: the list
       * skips its position instead of shifting the tail of the array twice. */
      row->visible = FALSE;
      self->hole = from;
      emit_items_changed (self, from, 1, 0);
      self->hole = G_MAXUINT;
      array_move (self->visible, from, to);
      row->visible = TRUE;
      emit_items_changed (self, to, 0, 1);
    }

  return TRUE;
}

/* Moves in batches
 *
 * The moves of one tick are applied together: the rows take their new keys, `rows` and
 * `visible` are rebuilt around them in one pass each (instead of shifting the tail of the
 * arrays once or twice per move), and the difference between the old and the new visible
 * order is announced as hunks of a diff, top down: runs of changed positions, joined when
 * fewer than HUNK_GAP unchanged rows lie between them. On GTK 4.8 every items-changed at or
 * above the rows on screen binds all of them again (about 1 ms with a page's cells), so
 * rows arriving together near the top, as rows sorted by a growing restart count do, cost
 * one such signal instead of one each. Rows the keep function holds still move alone, with
 * one signal over their span, so that a selection follows them. Announced top down, a row
 * moving up is shown at its new place before the hunk that takes it from its old place:
 * for the time of the signals between, the list shows it twice.
 */

#define HUNK_GAP     64
/* GTK 4.8 binds rows around those on screen too, up to 200 in all: hunks this far below
 * them are still among them. Hunks that end this far above the first row on screen are
 * joined into one signal: a joined span must not hold the row the view is anchored to (the
 * first on screen), and the shown function only estimates it. */
#define SHOWN_MARGIN  256
#define ANCHOR_MARGIN 64

static int
compare_rows_cb (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const Row *ra = *(Row * const *) a;
  const Row *rb = *(Row * const *) b;

  return compare_keys (user_data, &ra->key, ra, &rb->key, rb);
}

static int
compare_positions_cb (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  guint pa = *(const guint *) a, pb = *(const guint *) b;

  return (pa > pb) - (pa < pb);
}

/* A new array: @array without the rows at @from (ascending), and @moved (sorted by their
 * new keys) put in their places. Made in one pass over the array, with no copy between:
 * the next moved row's place is searched among the rows left in @array. */
static GPtrArray *
array_with_moves (BnSortedModel *self,
                  GPtrArray     *array,
                  const guint   *from,
                  Row          **moved,
                  guint          n_moved)
{
  GPtrArray *result = take_spare (self, array->len);
  gpointer *out;
  guint next_from = 0;
  guint read = 0;
  guint written = 0;

  g_ptr_array_set_size (result, array->len);
  out = result->pdata;

  for (guint i = 0; i <= n_moved; i++)
    {
      /* Copy the rows that sort before moved[i], skipping the moved ones' old places. */
      for (;;)
        {
          guint stop = next_from < n_moved ? from[next_from] : array->len;
          guint at;

          if (i < n_moved)
            at = lower_bound (self, array, read, stop, &moved[i]->key, moved[i]);
          else
            at = stop;
          memcpy (&out[written], &array->pdata[read], (at - read) * sizeof (gpointer));
          written += at - read;
          read = at;
          if (read < stop || next_from >= n_moved)
            break;
          /* Reached an old place of a moved row: step over it. */
          read++;
          next_from++;
        }
      if (i < n_moved)
        out[written++] = moved[i];
    }

  g_assert (written == array->len);
  return result;
}

typedef struct
{
  guint old_start, old_end;
  guint new_start, new_end;
} Hunk;

/* The hunks turning @old into `visible`, which differ only by the rows in @moved. */
static GArray *
find_hunks (BnSortedModel *self,
            GPtrArray     *old,
            GHashTable    *moved)
{
  GArray *hunks = g_array_new (FALSE, FALSE, sizeof (Hunk));
  GPtrArray *now = self->visible;
  guint i = 0, j = 0;

  for (;;)
    {
      Hunk hunk;

      while (i < old->len && j < now->len && old->pdata[i] == now->pdata[j])
        {
          i++;
          j++;
        }
      if (i >= old->len && j >= now->len)
        break;

      hunk.old_start = i;
      hunk.new_start = j;
      for (;;)
        {
          guint gap = 0;

          while (i < old->len && g_hash_table_contains (moved, old->pdata[i]))
            i++;
          while (j < now->len && g_hash_table_contains (moved, now->pdata[j]))
            j++;

          /* Unchanged rows up to the next change, if it is near. */
          while (gap < HUNK_GAP && i + gap < old->len && j + gap < now->len
                 && old->pdata[i + gap] == now->pdata[j + gap]
                 && !g_hash_table_contains (moved, old->pdata[i + gap]))
            gap++;
          if (gap == HUNK_GAP || (i + gap >= old->len && j + gap >= now->len))
            break;
          i += gap;
          j += gap;
        }
      hunk.old_end = i;
      hunk.new_end = j;
      g_array_append_val (hunks, hunk);
    }

  return hunks;
}

static void
emit_hunks (BnSortedModel *self,
            const Hunk    *first,
            const Hunk    *last)
{
  self->split_new = last->new_end;
  self->split_old = last->old_end;
  emit_items_changed (self, first->new_start, last->old_end - first->old_start,
                      last->new_end - first->new_start);
}

/* Which of @hunks lie above and near the rows on screen, as far as the shown function can
 * tell: [0, *n_above) and [*n_above, *n_near). */
static void
classify_hunks (BnSortedModel *self,
                GArray        *hunks,
                guint         *n_above,
                guint         *n_near)
{
  guint first_shown, last_shown;
  guint above_end, near_end;

  *n_above = *n_near = 0;
  if (self->shown_func == NULL || !self->shown_func (self, &first_shown, &last_shown, self->shown_data))
    return;

  above_end = first_shown > ANCHOR_MARGIN ? first_shown - ANCHOR_MARGIN : 0;
  near_end = last_shown + SHOWN_MARGIN;

  while (*n_above < hunks->len)
    {
      const Hunk *hunk = &g_array_index (hunks, Hunk, *n_above);

      if (MAX (hunk->new_end, hunk->new_start + (hunk->old_end - hunk->old_start)) > above_end)
        break;
      (*n_above)++;
    }
  *n_near = *n_above;
  while (*n_near < hunks->len && g_array_index (hunks, Hunk, *n_near).new_start < near_end)
    (*n_near)++;
}

/* Announces the change from @old to `visible`, which differ only by the rows in @moved,
 * hunk by hunk from the top. Each items-changed at or above the rows on screen binds them
 * all again on GTK 4.8, so the hunks above them are joined into one signal, and those among
 * them into another: a signal over a span that holds the row the view is anchored to costs
 * time linear in the span, which these two never have much of. */
static void
announce_hunks (BnSortedModel *self,
                GPtrArray     *old,
                GHashTable    *moved)
{
  g_autoptr(GArray) hunks = find_hunks (self, old, moved);
  guint n_above, n_near;

  classify_hunks (self, hunks, &n_above, &n_near);

  self->before = old;
  self->split_new = 0;
  self->split_old = 0;
  for (guint k = 0; k < hunks->len; k++)
    {
      const Hunk *hunk = &g_array_index (hunks, Hunk, k);

      if (k == 0 && n_above > 1)
        {
          emit_hunks (self, hunk, &g_array_index (hunks, Hunk, n_above - 1));
          k = n_above - 1;
        }
      else if (k == n_above && n_near > n_above + 1)
        {
          emit_hunks (self, hunk, &g_array_index (hunks, Hunk, n_near - 1));
          k = n_near - 1;
        }
      else
        emit_hunks (self, hunk, hunk);
    }
  self->before = NULL;
}

/* Applies the new keys of @batch, visible rows that all move, as described above. */
static void
apply_move_batch (BnSortedModel *self,
                  GPtrArray     *batch)
{
  guint n = batch->len;
  g_autofree guint *from_all = g_new (guint, n);
  g_autofree guint *from_shown = g_new (guint, n);
  g_autoptr(GHashTable) moved = g_hash_table_new (NULL, NULL);
  GPtrArray *old_rows = self->rows;
  GPtrArray *old_visible = self->visible;

  /* Where they are, found with the keys they are sorted by now. */
  for (guint i = 0; i < n; i++)
    {
      Row *row = batch->pdata[i];

      from_all[i] = find_row (self, self->rows, row);
      from_shown[i] = find_row (self, self->visible, row);
      g_hash_table_add (moved, row);
    }
  g_qsort_with_data (from_all, n, sizeof (guint), compare_positions_cb, NULL);
  g_qsort_with_data (from_shown, n, sizeof (guint), compare_positions_cb, NULL);

  for (guint i = 0; i < n; i++)
    row_take_pending_key (self, batch->pdata[i]);
  g_qsort_with_data (batch->pdata, n, sizeof (gpointer), compare_rows_cb, self);

  /* The old arrays become the spare for the next: 800 KB each with 100k rows, which a new
   * allocation would fault in page by page. */
  self->rows = array_with_moves (self, old_rows, from_all, (Row **) batch->pdata, n);
  keep_spare (self, old_rows);
  self->visible = array_with_moves (self, old_visible, from_shown, (Row **) batch->pdata, n);
  announce_hunks (self, old_visible, moved);
  keep_spare (self, old_visible);
}

/* Whether @row, visible with a new key, moves in the list; %FALSE settles it at once. */
static gboolean
row_needs_move (BnSortedModel *self,
                Row           *row,
                guint         *from,
                guint         *to)
{
  *from = find_row (self, self->visible, row);
  *to = target_index (self, self->visible, *from, &row->pending, row);
  if (*from != *to)
    return TRUE;

  row_settle_hidden (self, row);
  return FALSE;
}

static guint
apply_moves_within (BnSortedModel *self,
                    guint          max_moves,
                    gint64         budget_us)
{
  gint64 deadline = g_get_monotonic_time () + budget_us;
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();
  guint moved = 0;
  GList *link;

  while (moved < max_moves && (link = g_queue_pop_head_link (&self->pending_moves)) != NULL)
    {
      Row *row = link->data;
      guint from, to;

      if (!row->has_pending)
        continue;
      if (!row->visible)
        {
          row_settle_hidden (self, row);
          continue;
        }
      if (!row_needs_move (self, row, &from, &to))
        continue;

      moved++;
      if (MAX (from, to) - MIN (from, to) >= SMALL_SPAN && self->keep_func != NULL
          && self->keep_func (self, row->item, from, self->keep_data))
        {
          row_apply_move (self, row, TRUE);
          if (g_get_monotonic_time () >= deadline)
            break;
        }
      else
        g_ptr_array_add (batch, row);
    }

  if (batch->len == 1)
    row_apply_move (self, batch->pdata[0], FALSE);
  else if (batch->len > 1)
    apply_move_batch (self, batch);

  if (self->pending_moves.length == 0)
    g_clear_handle_id (&self->move_timeout_id, g_source_remove);

  return moved;
}

/*
 * One tick applies the moves of `move_frames` frames. A signal that makes GTK bind the
 * rows on screen again (a change at or above them) costs about as much for one move as for
 * forty joined in a hunk: after a tick that cost that much, the next comes frames later
 * with as many more moves, so the rate stays max-moves-per-frame and GTK binds the rows
 * at most a few times a second less often.
 */
static gboolean
on_move_timeout_cb (gpointer user_data)
{
  BnSortedModel *self = user_data;
  gint64 start = g_get_monotonic_time ();
  gint64 cost;

  self->move_timeout_id = 0;
  apply_moves_within (self, self->max_moves_per_frame * self->move_frames, MOVE_BUDGET_US);
  cost = g_get_monotonic_time () - start;
  self->move_frames = CLAMP (cost / EXPENSIVE_TICK_US, 1, MAX_TICK_FRAMES);

  if (self->pending_moves.length > 0 && self->move_timeout_id == 0)
    self->move_timeout_id = g_timeout_add (MOVE_INTERVAL_MS * self->move_frames,
                                           on_move_timeout_cb, self);
  return G_SOURCE_REMOVE;
}

static void
queue_move (BnSortedModel *self,
            Row           *row)
{
  if (!row_is_queued (self, row))
    g_queue_push_tail_link (&self->pending_moves, &row->move_link);

  if (self->move_timeout_id == 0)
    self->move_timeout_id = g_timeout_add (MOVE_INTERVAL_MS, on_move_timeout_cb, self);
}

/* Records @row's new key aside. Returns %TRUE if it differs from the one it is sorted by. */
static gboolean
row_update_pending_key (BnSortedModel *self,
                        Row           *row)
{
  Key key;

  compute_key (self, row->item, &key);
  key_clear (self->kind, &row->pending);

  if (key_equal (self->kind, &key, &row->key))
    {
      key_clear (self->kind, &key);
      row->has_pending = FALSE;
      if (row_is_queued (self, row))
        g_queue_unlink (&self->pending_moves, &row->move_link);
      return FALSE;
    }

  row->pending = key;
  row->has_pending = TRUE;
  return TRUE;
}

/* A visible row whose new key keeps its place among the visible rows takes it at once;
 * only `rows` may need a silent move. */
static gboolean
row_try_move_unseen (BnSortedModel *self,
                     Row           *row)
{
  guint from = find_row (self, self->visible, row);

  if (target_index (self, self->visible, from, &row->pending, row) != from)
    return FALSE;

  row_settle_hidden (self, row);
  return TRUE;
}

static void
row_show (BnSortedModel *self,
          Row           *row)
{
  guint position = lower_bound (self, self->visible, 0, self->visible->len, &row->key, row);

  row->visible = TRUE;
  g_ptr_array_insert (self->visible, position, row);
  emit_items_changed (self, position, 0, 1);
}

static void
row_hide (BnSortedModel *self,
          Row           *row)
{
  guint position = find_row (self, self->visible, row);

  row->visible = FALSE;
  g_ptr_array_remove_index (self->visible, position);
  emit_items_changed (self, position, 1, 0);
}

static void
row_changed (BnSortedModel *self,
             Row           *row,
             gboolean       key_may_change,
             gboolean       filter_may_change)
{
  gboolean was_visible = row->visible;
  gboolean now_visible = filter_may_change ? row_matches (self, row) : was_visible;

  if (key_may_change)
    row_update_pending_key (self, row);

  if (was_visible && now_visible)
    {
      if (row->has_pending && !row_try_move_unseen (self, row))
        queue_move (self, row);
      return;
    }

  if (was_visible)
    row_hide (self, row);
  if (row->has_pending)
    row_settle_hidden (self, row);
  if (now_visible)
    row_show (self, row);
}

static gboolean
is_filtering (BnSortedModel *self)
{
  return !bn_row_filter_is_empty (self->filter) || g_hash_table_size (self->namespaces) > 0;
}

/* Connects the notify handlers of rows that arrived in a large batch, a few milliseconds'
 * worth per idle call. A row may have changed since its key was read, so it is checked
 * once as a notify would. */
static gboolean
on_watch_idle_cb (gpointer user_data)
{
  BnSortedModel *self = user_data;
  gint64 deadline = g_get_monotonic_time () + WATCH_BUDGET_US;
  gboolean filtering = is_filtering (self);
  guint n = 0;
  GList *link;

  while ((link = g_queue_pop_head_link (&self->unwatched)) != NULL)
    {
      Row *row = link->data;

      row->notify_id = g_signal_connect (row->item, "notify", G_CALLBACK (on_row_notify_cb), row);
      row_changed (self, row, self->sort_key != NULL, filtering);
      if (++n % 64 == 0 && g_get_monotonic_time () >= deadline)
        break;
    }

  if (self->unwatched.length > 0)
    return G_SOURCE_CONTINUE;

  self->watch_idle_id = 0;
  return G_SOURCE_REMOVE;
}

static void
watch_later (BnSortedModel *self)
{
  /* Rows are watched once they all have their place; see stage_begin(). */
  if (self->stage != NULL)
    return;

  if (self->unwatched.length > 0 && self->watch_idle_id == 0)
    self->watch_idle_id = g_idle_add (on_watch_idle_cb, self);
}

static gboolean
is_filter_property (BnSortedModel *self,
                    const char    *interned_name)
{
  for (guint i = 0; self->filter_properties[i] != NULL; i++)
    if (self->filter_properties[i] == interned_name)
      return TRUE;

  return FALSE;
}

static void
on_row_notify_cb (GObject    *item,
                  GParamSpec *pspec,
                  Row        *row)
{
  BnSortedModel *self = row->model;
  gboolean key_may_change;
  gboolean filter_may_change;

  key_may_change = self->sort_key != NULL && bn_sort_key_has_property (self->sort_key, pspec->name);
  filter_may_change = is_filtering (self) && is_filter_property (self, pspec->name);

  if (key_may_change || filter_may_change)
    row_changed (self, row, key_may_change, filter_may_change);
}

/* The first fill of a large source
 *
 * Sorting 100k rows and making a record for each takes longer than a frame, and GTK 4.8
 * itself pays for every row a first items-changed adds. So a large first fill is staged:
 * stage_begin() reads every row's key once, picks the first STAGE_FIRST_ROWS rows of the
 * order by partial selection (a bounded heap) and shows only them; idle calls of at most
 * STAGE_BUDGET_US then make the other records, sort all of them and add the rest below the
 * first rows with one items-changed. The list shown is a prefix of the final order at every
 * moment, so no row ever moves because of the staging.
 *
 * While staged, `rows` and `visible` hold only the first rows. Anything that needs the whole
 * order (a source change, a new sort or filter, rows_changed(), find()) completes the stage
 * at once first (stage_complete()). Notify handlers are connected only after it, and each
 * row is then checked as a notify would (on_watch_idle_cb()), so a row that changed while
 * staged still finds its place.
 */

#define STAGE_MIN_ROWS   2048
/*
 * A screenful of rows on the tallest screens. GTK 4.8's list views make row widgets for up
 * to 200 rows of the model, on screen or not, and that is what a first frame costs most: a
 * 100-row list and a 100k-row list whose first fill shows 100 rows make the same widgets
 * (bench-list-model: 256 first rows cost 20 ms more CPU than 100 before the first frame).
 */
#define STAGE_FIRST_ROWS 100
#define STAGE_BUDGET_US  4000

typedef struct
{
  GObject *item;
  Key      key;
} StageItem;

typedef enum
{
  STAGE_MAKE_ROWS,
  STAGE_SORT_RUNS,
  STAGE_MERGE,
  STAGE_SHOW,
} StageStep;

struct _Stage
{
  /* The source's items in source order, each with a reference and its key until its
   * record is made; a record made for the first rows took over the key. */
  StageItem *items;
  guint      n_items;
  guint      n_matching;
  guint64    first_seq;

  StageStep  step;
  gsize      cursor;
  SortEntry *entries;
  gsize      n_entries;
  SortEntry *src;
  SortEntry *dst;
  gsize      width;
  guint      idle_id;
};

/* Orders two staged items as compare_keys() will order their records. */
static int
compare_staged (BnSortedModel *self,
                guint          i,
                guint          j)
{
  const StageItem *a = &self->stage->items[i];
  const StageItem *b = &self->stage->items[j];
  int r = 0;

  if (self->kind == KEY_STRING)
    r = g_strcmp0 (a->key.str, b->key.str);
  else if (self->kind == KEY_NUMBER)
    r = (a->key.num > b->key.num) - (a->key.num < b->key.num);

  if (r == 0 && self->accessors.get_uid != NULL)
    {
      const char *uid_a = self->accessors.get_uid (a->item);
      const char *uid_b = self->accessors.get_uid (b->item);
      guint64 prefix_a = string_prefix (uid_a);
      guint64 prefix_b = string_prefix (uid_b);

      r = (prefix_a > prefix_b) - (prefix_a < prefix_b);
      if (r == 0)
        r = g_strcmp0 (uid_a, uid_b);
    }
  if (r == 0)
    r = (i > j) - (i < j);

  return self->descending ? -r : r;
}

static int
compare_staged_cb (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  return compare_staged (user_data, *(const guint *) a, *(const guint *) b);
}

/* A max-heap of the best @limit items seen so far: its root is the one that sorts last. */
static void
heap_sift_down (BnSortedModel *self,
                guint         *heap,
                guint          n,
                guint          at)
{
  for (;;)
    {
      guint largest = at;
      guint left = 2 * at + 1;
      guint right = left + 1;
      guint swap;

      if (left < n && compare_staged (self, heap[left], heap[largest]) > 0)
        largest = left;
      if (right < n && compare_staged (self, heap[right], heap[largest]) > 0)
        largest = right;
      if (largest == at)
        return;

      swap = heap[at];
      heap[at] = heap[largest];
      heap[largest] = swap;
      at = largest;
    }
}

static void
heap_offer (BnSortedModel *self,
            guint         *heap,
            guint         *n,
            guint          limit,
            guint          index)
{
  if (*n < limit)
    {
      guint at = (*n)++;

      heap[at] = index;
      while (at > 0 && compare_staged (self, heap[at], heap[(at - 1) / 2]) > 0)
        {
          guint parent = (at - 1) / 2;
          guint swap = heap[at];

          heap[at] = heap[parent];
          heap[parent] = swap;
          at = parent;
        }
      return;
    }

  if (compare_staged (self, index, heap[0]) >= 0)
    return;

  heap[0] = index;
  heap_sift_down (self, heap, *n, 0);
}

static void
stage_free (Stage *stage)
{
  g_free (stage->entries);
  g_free (stage->items);
  g_free (stage);
}

/* Drops what the stage still holds; the records already made belong to `rows_by_item`. */
static void
stage_abort (BnSortedModel *self)
{
  Stage *stage = g_steal_pointer (&self->stage);

  if (stage == NULL)
    return;

  g_clear_handle_id (&stage->idle_id, g_source_remove);
  for (guint i = 0; i < stage->n_items; i++)
    {
      g_clear_object (&stage->items[i].item);
      key_clear (self->kind, &stage->items[i].key);
    }
  self->next_seq = MAX (self->next_seq, stage->first_seq + stage->n_items);
  stage_free (stage);
}

/* Makes the record of each staged item in source order (or finds the one made for the
 * first rows, or for an earlier occurrence of the same item). */
static gboolean
stage_make_rows (BnSortedModel *self,
                 gint64         deadline)
{
  Stage *stage = self->stage;

  while (stage->cursor < stage->n_items)
    {
      StageItem *staged = &stage->items[stage->cursor];
      Row *row = g_hash_table_lookup (self->rows_by_item, staged->item);

      if (row == NULL)
        row = row_new_with_key (self, staged->item, &staged->key,
                                stage->first_seq + stage->cursor, FALSE);
      else
        key_clear (self->kind, &staged->key);

      if (row->n_occurrences++ == 0)
        fill_entry (self, &stage->entries[stage->n_entries++], row);
      self->source_rows->pdata[stage->cursor] = row;
      g_clear_object (&staged->item);

      if (++stage->cursor % 64 == 0 && g_get_monotonic_time () >= deadline)
        return FALSE;
    }

  stage->cursor = 0;
  stage->src = stage->entries;
  stage->dst = stage->entries + stage->n_entries;
  stage->width = SORT_RUN;
  stage->step = STAGE_SORT_RUNS;
  return TRUE;
}

static gboolean
stage_sort_runs (BnSortedModel *self,
                 gint64         deadline)
{
  Stage *stage = self->stage;

  while (stage->cursor < stage->n_entries)
    {
      sort_run (self, stage->entries, stage->cursor, stage->n_entries);
      stage->cursor += SORT_RUN;
      if (stage->cursor % (64 * SORT_RUN) == 0 && g_get_monotonic_time () >= deadline)
        return FALSE;
    }

  stage->cursor = 0;
  stage->step = STAGE_MERGE;
  return TRUE;
}

/* One merge pass after another; a pass may stop between two merges. */
static gboolean
stage_merge (BnSortedModel *self,
             gint64         deadline)
{
  Stage *stage = self->stage;
  gsize n = stage->n_entries;

  while (stage->width < n)
    {
      SortEntry *swap;

      while (stage->cursor < n)
        {
          gsize lo = stage->cursor;

          merge_entries (self, stage->src, stage->dst, lo, MIN (lo + stage->width, n),
                         MIN (lo + 2 * stage->width, n));
          stage->cursor += 2 * stage->width;
          if (g_get_monotonic_time () >= deadline)
            return FALSE;
        }

      swap = stage->src;
      stage->src = stage->dst;
      stage->dst = swap;
      stage->width *= 2;
      stage->cursor = 0;
    }

  stage->step = STAGE_SHOW;
  return TRUE;
}

/* Takes the sorted records as the whole list and shows the rows below the first ones. */
static void
stage_show (BnSortedModel *self)
{
  Stage *stage = g_steal_pointer (&self->stage);
  GPtrArray *old_visible = self->visible;

  g_ptr_array_set_size (self->rows, stage->n_entries);
  self->visible = g_ptr_array_sized_new (stage->n_entries);
  for (gsize i = 0; i < stage->n_entries; i++)
    {
      Row *row = stage->src[i].row;

      self->rows->pdata[i] = row;
      if (row->visible)
        g_ptr_array_add (self->visible, row);
    }
  self->next_seq = MAX (self->next_seq, stage->first_seq + stage->n_items);
  stage_free (stage);

  /* The first rows were the first of this very order: the difference lies below them. */
  emit_difference (self, old_visible);
  keep_spare (self, old_visible);
  watch_later (self);
}

/* Goes on with the stage until @deadline; returns %TRUE once every row is shown. */
static gboolean
stage_run (BnSortedModel *self,
           gint64         deadline)
{
  while (self->stage != NULL)
    {
      gboolean step_done = FALSE;

      switch (self->stage->step)
        {
        case STAGE_MAKE_ROWS:
          step_done = stage_make_rows (self, deadline);
          break;
        case STAGE_SORT_RUNS:
          step_done = stage_sort_runs (self, deadline);
          break;
        case STAGE_MERGE:
          step_done = stage_merge (self, deadline);
          break;
        case STAGE_SHOW:
        default:
          g_clear_handle_id (&self->stage->idle_id, g_source_remove);
          stage_show (self);
          return TRUE;
        }

      if (!step_done)
        return FALSE;
    }

  return TRUE;
}

static gboolean
on_stage_idle_cb (gpointer user_data)
{
  BnSortedModel *self = user_data;
  guint idle_id = self->stage->idle_id;

  /* Finishing removes the source: not this one, which is running. */
  self->stage->idle_id = 0;
  if (stage_run (self, g_get_monotonic_time () + STAGE_BUDGET_US))
    return G_SOURCE_REMOVE;

  self->stage->idle_id = idle_id;
  return G_SOURCE_CONTINUE;
}

/* Shows every row now. */
static void
stage_complete (BnSortedModel *self)
{
  if (self->stage != NULL)
    stage_run (self, G_MAXINT64);
}

static gboolean
should_stage (BnSortedModel *self,
              guint          n_items)
{
  return n_items >= STAGE_MIN_ROWS && self->sort_key != NULL && self->stage == NULL
         && self->rows->len == 0 && self->source_rows->len == 0;
}

/* Starts the first fill of @source's @n_items rows into an empty model, showing only the
 * first rows of the order; @old_n_shown is how many rows the list showed before. */
static void
stage_begin (BnSortedModel *self,
             GListModel    *source,
             guint          n_items,
             guint          old_n_shown)
{
  guint limit = STAGE_FIRST_ROWS;
  g_autofree guint *heap = g_new (guint, limit);
  guint n_heap = 0;
  Stage *stage;

  g_assert (self->rows->len == 0 && self->visible->len == 0);

  stage = g_new0 (Stage, 1);
  stage->items = g_new0 (StageItem, n_items);
  stage->n_items = n_items;
  stage->first_seq = self->next_seq;
  stage->entries = g_new (SortEntry, 2 * (gsize) n_items);
  self->stage = stage;

  /* Every key has to be read to know the first rows; the records wait. */
  for (guint i = 0; i < n_items; i++)
    {
      StageItem *staged = &stage->items[i];

      staged->item = g_list_model_get_item (source, i);
      compute_key (self, staged->item, &staged->key);
      if (item_matches (self, staged->item))
        {
          stage->n_matching++;
          heap_offer (self, heap, &n_heap, limit, i);
        }
    }

  g_qsort_with_data (heap, n_heap, sizeof (guint), compare_staged_cb, self);
  for (guint i = 0; i < n_heap; i++)
    {
      StageItem *staged = &stage->items[heap[i]];
      Row *row;

      /* The same item twice in the source is one row. */
      if (g_hash_table_contains (self->rows_by_item, staged->item))
        continue;

      row = row_new_with_key (self, staged->item, &staged->key, stage->first_seq + heap[i], FALSE);
      g_ptr_array_add (self->rows, row);
      g_ptr_array_add (self->visible, row);
    }

  g_ptr_array_set_size (self->source_rows, n_items);
  stage->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, on_stage_idle_cb, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, stage->idle_id),
                            "[binnacle] sorted model first fill");
  emit_items_changed (self, 0, old_n_shown, self->visible->len);
}

/* Source changes */

static GPtrArray *
merge_rows (BnSortedModel *self,
            GPtrArray     *old,
            GPtrArray     *arrived,
            gboolean       only_visible)
{
  GPtrArray *merged = g_ptr_array_sized_new (old->len + arrived->len);
  guint i = 0, j = 0;

  for (;;)
    {
      Row *a, *b;

      while (i < old->len && ((Row *) old->pdata[i])->dying)
        i++;
      while (j < arrived->len && only_visible && !((Row *) arrived->pdata[j])->visible)
        j++;

      a = i < old->len ? old->pdata[i] : NULL;
      b = j < arrived->len ? arrived->pdata[j] : NULL;
      if (a == NULL && b == NULL)
        break;

      if (b == NULL || (a != NULL && compare_keys (self, &a->key, a, &b->key, b) < 0))
        {
          g_ptr_array_add (merged, a);
          i++;
        }
      else
        {
          g_ptr_array_add (merged, b);
          j++;
        }
    }

  return merged;
}

static void
apply_batch (BnSortedModel *self,
             GPtrArray     *gone,
             GPtrArray     *arrived)
{
  g_autoptr(GPtrArray) old_visible = NULL;

  if (gone->len + arrived->len <= SMALL_BATCH)
    {
      for (guint i = 0; i < gone->len; i++)
        {
          Row *row = gone->pdata[i];

          if (row->visible)
            row_hide (self, row);
          g_ptr_array_remove_index (self->rows, find_row (self, self->rows, row));
          row_free (row);
        }
      for (guint i = 0; i < arrived->len; i++)
        {
          Row *row = arrived->pdata[i];
          guint position = lower_bound (self, self->rows, 0, self->rows->len, &row->key, row);

          g_ptr_array_insert (self->rows, position, row);
          if (row->visible)
            row_show (self, row);
        }
      return;
    }

  for (guint i = 0; i < gone->len; i++)
    ((Row *) gone->pdata[i])->dying = TRUE;
  sort_rows (self, arrived);

  old_visible = g_steal_pointer (&self->visible);
  self->visible = merge_rows (self, old_visible, arrived, TRUE);
  {
    GPtrArray *old_rows = self->rows;

    self->rows = merge_rows (self, old_rows, arrived, FALSE);
    g_ptr_array_unref (old_rows);
  }

  emit_difference (self, old_visible);
  g_ptr_array_foreach (gone, (GFunc) row_free, NULL);
}

static void
on_source_items_changed_cb (GListModel    *source,
                            guint          position,
                            guint          removed,
                            guint          added,
                            BnSortedModel *self)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  g_autoptr(GPtrArray) arrived = g_ptr_array_new ();
  g_autofree gpointer *added_rows = g_new (gpointer, MAX (added, 1));
  gboolean watch_now = added <= WATCH_AT_ONCE;

  /* The signal describes a change of the whole list: finish showing it first. */
  stage_complete (self);
  g_return_if_fail (position + removed <= self->source_rows->len);

  if (removed == 0 && should_stage (self, added))
    {
      stage_begin (self, source, added, 0);
      return;
    }

  for (guint i = 0; i < removed; i++)
    ((Row *) self->source_rows->pdata[position + i])->n_occurrences--;

  for (guint i = 0; i < added; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (source, position + i);
      Row *row = g_hash_table_lookup (self->rows_by_item, item);

      if (row == NULL)
        {
          row = row_new (self, item, watch_now);
          g_ptr_array_add (arrived, row);
        }
      row->n_occurrences++;
      added_rows[i] = row;
    }

  for (guint i = 0; i < removed; i++)
    {
      Row *row = self->source_rows->pdata[position + i];

      if (row->n_occurrences == 0 && !row->dying)
        {
          row->dying = TRUE;
          g_ptr_array_add (gone, row);
        }
    }
  for (guint i = 0; i < gone->len; i++)
    ((Row *) gone->pdata[i])->dying = FALSE;

  array_splice (self->source_rows, position, removed, added_rows, added);
  apply_batch (self, gone, arrived);
  watch_later (self);
}

static void
clear_rows (BnSortedModel *self)
{
  GHashTableIter iter;
  gpointer row;

  stage_abort (self);
  g_ptr_array_set_size (self->source_rows, 0);
  g_ptr_array_set_size (self->visible, 0);
  g_ptr_array_set_size (self->rows, 0);

  /* Every record, also those a stage made and `rows` does not hold yet. */
  g_hash_table_iter_init (&iter, self->rows_by_item);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    {
      g_hash_table_iter_steal (&iter);
      row_free (row);
    }
}

/* Filtering and sorting */

static void
refilter (BnSortedModel *self)
{
  GPtrArray *old_visible = g_steal_pointer (&self->visible);

  self->visible = take_spare (self, self->rows->len);
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = self->rows->pdata[i];

      row->visible = row_matches (self, row);
      if (row->visible)
        g_ptr_array_add (self->visible, row);
    }

  emit_difference (self, old_visible);
  keep_spare (self, old_visible);
}

static void
reverse_array (GPtrArray *array)
{
  for (guint i = 0, j = array->len; i + 1 < j; i++, j--)
    {
      gpointer tmp = array->pdata[i];

      array->pdata[i] = array->pdata[j - 1];
      array->pdata[j - 1] = tmp;
    }
}

/* Every record once, in the order of the source: the order they were made in. */
static GPtrArray *
rows_in_source_order (BnSortedModel *self)
{
  GPtrArray *made = g_ptr_array_sized_new (self->rows->len);
  g_autoptr(GHashTable) repeated = NULL;

  for (guint i = 0; i < self->source_rows->len; i++)
    {
      Row *row = self->source_rows->pdata[i];

      /* The same item more than once in the source is one record. */
      if G_UNLIKELY (row->n_occurrences > 1)
        {
          if (repeated == NULL)
            repeated = g_hash_table_new (NULL, NULL);
          if (!g_hash_table_add (repeated, row))
            continue;
        }
      g_ptr_array_add (made, row);
    }

  return made;
}

static void
resort_rows (BnSortedModel *self,
             GPtrArray     *made)
{
  sort_rows_into (self, (Row **) made->pdata, made->len, self->rows, self->visible);
}

static void
resort (BnSortedModel *self)
{
  g_autoptr(GPtrArray) made = rows_in_source_order (self);

  resort_rows (self, made);
}

/* GListModel */

static GType
bn_sorted_model_get_item_type (GListModel *model)
{
  BnSortedModel *self = BN_SORTED_MODEL (model);

  return self->source != NULL ? g_list_model_get_item_type (self->source) : G_TYPE_OBJECT;
}

static guint
n_shown (BnSortedModel *self)
{
  if G_UNLIKELY (self->before != NULL)
    return self->split_new + (self->before->len - self->split_old);

  return self->visible->len - (self->hole != G_MAXUINT ? 1 : 0);
}

static guint
bn_sorted_model_get_n_items (GListModel *model)
{
  return n_shown (BN_SORTED_MODEL (model));
}

static gpointer
bn_sorted_model_get_item (GListModel *model,
                          guint       position)
{
  /* GTK asks for every row of a large items-changed: no type check on this path. */
  BnSortedModel *self = (BnSortedModel *) model;

  if (position >= n_shown (self))
    return NULL;
  if G_UNLIKELY (self->before != NULL && position >= self->split_new)
    return g_object_ref (((Row *) self->before->pdata[position - self->split_new + self->split_old])->item);
  if (position >= self->hole)
    position++;

  return g_object_ref (((Row *) self->visible->pdata[position])->item);
}

static void
bn_sorted_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = bn_sorted_model_get_item_type;
  iface->get_n_items = bn_sorted_model_get_n_items;
  iface->get_item = bn_sorted_model_get_item;
}

/* GObject */

static void
bn_sorted_model_dispose (GObject *object)
{
  BnSortedModel *self = BN_SORTED_MODEL (object);

  g_clear_handle_id (&self->move_timeout_id, g_source_remove);
  g_clear_handle_id (&self->watch_idle_id, g_source_remove);
  if (self->source != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->source);
  g_clear_object (&self->source);
  clear_rows (self);
  bn_sorted_model_set_keep_func (self, NULL, NULL, NULL);
  bn_sorted_model_set_shown_func (self, NULL, NULL, NULL);

  G_OBJECT_CLASS (bn_sorted_model_parent_class)->dispose (object);
}

static void
bn_sorted_model_finalize (GObject *object)
{
  BnSortedModel *self = BN_SORTED_MODEL (object);

  g_clear_pointer (&self->source_rows, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->visible, g_ptr_array_unref);
  g_clear_pointer (&self->spare, g_ptr_array_unref);
  g_clear_pointer (&self->rows_by_item, g_hash_table_unref);
  g_clear_pointer (&self->sort_key, bn_sort_key_unref);
  g_clear_pointer (&self->filter, bn_row_filter_unref);
  g_clear_pointer (&self->filter_text, g_free);
  g_clear_pointer (&self->namespaces, g_hash_table_unref);
  g_clear_pointer (&self->filter_properties, g_free);

  G_OBJECT_CLASS (bn_sorted_model_parent_class)->finalize (object);
}

static void
bn_sorted_model_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BnSortedModel *self = BN_SORTED_MODEL (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, bn_sorted_model_get_source (self));
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, n_shown (self));
      break;

    case PROP_FILTER_TEXT:
      g_value_set_string (value, bn_sorted_model_get_filter_text (self));
      break;

    case PROP_MAX_MOVES_PER_FRAME:
      g_value_set_uint (value, bn_sorted_model_get_max_moves_per_frame (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_sorted_model_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BnSortedModel *self = BN_SORTED_MODEL (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      bn_sorted_model_set_source (self, g_value_get_object (value));
      break;

    case PROP_FILTER_TEXT:
      bn_sorted_model_set_filter_text (self, g_value_get_string (value));
      break;

    case PROP_MAX_MOVES_PER_FRAME:
      bn_sorted_model_set_max_moves_per_frame (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_sorted_model_class_init (BnSortedModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bn_sorted_model_dispose;
  object_class->finalize = bn_sorted_model_finalize;
  object_class->get_property = bn_sorted_model_get_property;
  object_class->set_property = bn_sorted_model_set_property;

  /**
   * BnSortedModel:source:
   *
   * The unordered model of rows; it emits items-changed only when rows appear or vanish.
   */
  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * BnSortedModel:n-items:
   *
   * How many rows pass the filter.
   */
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * BnSortedModel:filter-text:
   *
   * The text filter, see #BnRowFilter.
   */
  properties[PROP_FILTER_TEXT] =
    g_param_spec_string ("filter-text", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * BnSortedModel:max-moves-per-frame:
   *
   * How many rows whose sort key changed may move in the list per 16 ms.
   */
  properties[PROP_MAX_MOVES_PER_FRAME] =
    g_param_spec_uint ("max-moves-per-frame", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_MAX_MOVES_PER_FRAME,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bn_sorted_model_init (BnSortedModel *self)
{
  static const char *no_properties[] = { NULL };

  self->source_rows = g_ptr_array_new ();
  self->rows = g_ptr_array_new ();
  self->visible = g_ptr_array_new ();
  self->rows_by_item = g_hash_table_new (NULL, NULL);
  self->namespaces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->filter = bn_row_filter_new (NULL);
  self->filter_properties = g_memdup2 (no_properties, sizeof no_properties);
  self->max_moves_per_frame = DEFAULT_MAX_MOVES_PER_FRAME;
  self->move_frames = 1;
  self->track_rows = TRUE;
  g_queue_init (&self->pending_moves);
  g_queue_init (&self->unwatched);
  self->hole = G_MAXUINT;
}

/* Public API */

static BnSortedModel *
sorted_model_new (GListModel           *source,
                  const BnRowAccessors *accessors,
                  gboolean              track_rows)
{
  BnSortedModel *self = g_object_new (BN_TYPE_SORTED_MODEL, NULL);

  self->track_rows = track_rows;
  if (accessors != NULL)
    {
      guint n = accessors->filter_properties != NULL
                ? g_strv_length ((char **) accessors->filter_properties) : 0;

      self->accessors = *accessors;
      self->accessors.filter_properties = NULL;
      g_free (self->filter_properties);
      self->filter_properties = g_new0 (const char *, n + 1);
      for (guint i = 0; i < n; i++)
        self->filter_properties[i] = g_intern_string (accessors->filter_properties[i]);
    }

  bn_sorted_model_set_source (self, source);
  return self;
}

/**
 * bn_sorted_model_new:
 * @source: (nullable): an unordered model of stable rows
 * @accessors: (nullable): how the filter reads rows; copied
 *
 * The model follows each row's `notify`. The rows of a source or batch of more than a few
 * thousand are watched in idle time after they are shown, a few milliseconds' worth per
 * idle call; a row that changed before that is placed again once it is watched. Set the
 * sort key before the source when you can: keys are then computed once.
 *
 * Returns: (transfer full): a new model showing @source in arrival order until a sort key
 *   is set
 */
BnSortedModel *
bn_sorted_model_new (GListModel           *source,
                     const BnRowAccessors *accessors)
{
  g_return_val_if_fail (source == NULL || G_IS_LIST_MODEL (source), NULL);

  return sorted_model_new (source, accessors, TRUE);
}

/**
 * bn_sorted_model_new_untracked:
 * @source: (nullable): an unordered model of stable rows
 * @accessors: (nullable): how the filter reads rows; copied
 *
 * Like bn_sorted_model_new(), but the model connects no handler to the rows: whoever
 * changes rows calls bn_sorted_model_rows_changed() once per batch. With 100k rows that
 * saves 100k signal connections when a page opens (about 50 ms and 10 MB).
 *
 * Returns: (transfer full): a new model
 */
BnSortedModel *
bn_sorted_model_new_untracked (GListModel           *source,
                               const BnRowAccessors *accessors)
{
  g_return_val_if_fail (source == NULL || G_IS_LIST_MODEL (source), NULL);

  return sorted_model_new (source, accessors, FALSE);
}

/**
 * bn_sorted_model_rows_changed:
 * @self: a sorted model
 * @items: (array length=n_items): rows that changed in place
 * @n_items: how many
 *
 * Tells the model that @items changed: their sort keys and filter matches are checked as a
 * `notify` would. Rows the model does not hold are ignored. Meant for models made with
 * bn_sorted_model_new_untracked(); harmless with the others.
 */
void
bn_sorted_model_rows_changed (BnSortedModel  *self,
                              GObject       **items,
                              guint           n_items)
{
  gboolean filtering;

  g_return_if_fail (BN_IS_SORTED_MODEL (self));
  g_return_if_fail (items != NULL || n_items == 0);

  stage_complete (self);
  filtering = is_filtering (self);
  for (guint i = 0; i < n_items; i++)
    {
      Row *row = g_hash_table_lookup (self->rows_by_item, items[i]);

      if (row != NULL)
        row_changed (self, row, self->sort_key != NULL, filtering);
    }
}

/**
 * bn_sorted_model_get_source:
 * @self: a sorted model
 *
 * Returns: (transfer none) (nullable): the unordered model of rows
 */
GListModel *
bn_sorted_model_get_source (BnSortedModel *self)
{
  g_return_val_if_fail (BN_IS_SORTED_MODEL (self), NULL);

  return self->source;
}

/**
 * bn_sorted_model_set_source:
 * @self: a sorted model
 * @source: (nullable): an unordered model of stable, unique row objects
 *
 * Shows @source instead of the previous one, with one items-changed. A large source with a
 * sort key set is shown in two steps, so that the first frame need not wait for the whole
 * sort: at once only its first rows (the first of the final order, chosen by partial
 * selection), then, in idle calls of a few milliseconds, the rest below them with one more
 * items-changed. The list shown is a prefix of the final order all along. The same holds for
 * the first large batch added to an empty source. See bn_sorted_model_is_complete().
 */
void
bn_sorted_model_set_source (BnSortedModel *self,
                            GListModel    *source)
{
  guint old_n_items;
  guint n;

  g_return_if_fail (BN_IS_SORTED_MODEL (self));
  g_return_if_fail (source == NULL || G_IS_LIST_MODEL (source));

  if (self->source == source)
    return;

  if (self->source != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->source);
  g_set_object (&self->source, source);

  old_n_items = n_shown (self);
  clear_rows (self);

  n = source != NULL ? g_list_model_get_n_items (source) : 0;
  if (should_stage (self, n))
    {
      self->items_changed_id = g_signal_connect (source, "items-changed",
                                                 G_CALLBACK (on_source_items_changed_cb),
                                                 self);
      stage_begin (self, source, n, old_n_items);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
      return;
    }

  if (source != NULL)
    {
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (source, i);
          Row *row = g_hash_table_lookup (self->rows_by_item, item);

          if (row == NULL)
            {
              row = row_new (self, item, n <= WATCH_AT_ONCE);
              g_ptr_array_add (self->rows, row);
            }
          row->n_occurrences++;
          g_ptr_array_add (self->source_rows, row);
        }

      self->items_changed_id = g_signal_connect (source, "items-changed",
                                                 G_CALLBACK (on_source_items_changed_cb),
                                                 self);
    }

  resort (self);
  emit_items_changed (self, 0, old_n_items, self->visible->len);
  watch_later (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

/**
 * bn_sorted_model_get_source_n_items:
 * @self: a sorted model
 *
 * Returns: how many rows the source holds, filtered out or not
 */
guint
bn_sorted_model_get_source_n_items (BnSortedModel *self)
{
  g_return_val_if_fail (BN_IS_SORTED_MODEL (self), 0);

  return self->source_rows->len;
}

/**
 * bn_sorted_model_set_sort:
 * @self: a sorted model
 * @key: (nullable): what to sort by; %NULL keeps arrival order
 * @descending: whether the largest key comes first
 *
 * Re-sorts every row in one pass: the keys are computed once per row, then compared without
 * reading the rows again. Only turning the direction reverses the list instead. Moves that
 * were waiting are dropped: every row is in its place afterwards.
 */
void
bn_sorted_model_set_sort (BnSortedModel *self,
                          BnSortKey     *key,
                          gboolean       descending)
{
  g_autoptr(BnSortKey) old_key = NULL;
  g_autoptr(GPtrArray) made = NULL;
  KeyKind old_kind = self->kind;
  GPtrArray *old_visible;
  GList *link;

  g_return_if_fail (BN_IS_SORTED_MODEL (self));

  descending = !!descending;
  if (key == self->sort_key && descending == self->descending)
    return;

  stage_complete (self);

  if (key == self->sort_key)
    {
      old_visible = copy_visible (self);
      self->descending = descending;
      reverse_array (self->rows);
      reverse_array (self->visible);
      emit_reorder (self, old_visible);
      return;
    }

  while ((link = g_queue_pop_head_link (&self->pending_moves)) != NULL)
    {
      Row *row = link->data;

      key_clear (old_kind, &row->pending);
      row->has_pending = FALSE;
    }
  g_clear_handle_id (&self->move_timeout_id, g_source_remove);

  old_key = g_steal_pointer (&self->sort_key);
  self->sort_key = key != NULL ? bn_sort_key_ref (key) : NULL;
  self->descending = descending;
  if (key == NULL)
    self->kind = KEY_NONE;
  else if (bn_sort_key_get_kind (key) == BN_SORT_KEY_STRING)
    self->kind = KEY_STRING;
  else
    self->kind = KEY_NUMBER;

  made = rows_in_source_order (self);
  for (guint i = 0; i < made->len; i++)
    {
      Row *row = made->pdata[i];

      key_clear (old_kind, &row->key);
      compute_key (self, row->item, &row->key);
    }

  old_visible = copy_visible (self);
  resort_rows (self, made);
  emit_reorder (self, old_visible);
}

/**
 * bn_sorted_model_get_sort_key:
 * @self: a sorted model
 *
 * Returns: (transfer none) (nullable): what the rows are sorted by
 */
BnSortKey *
bn_sorted_model_get_sort_key (BnSortedModel *self)
{
  g_return_val_if_fail (BN_IS_SORTED_MODEL (self), NULL);

  return self->sort_key;
}

/**
 * bn_sorted_model_get_descending:
 * @self: a sorted model
 *
 * Returns: %TRUE if the largest key comes first
 */
gboolean
bn_sorted_model_get_descending (BnSortedModel *self)
{
  g_return_val_if_fail (BN_IS_SORTED_MODEL (self), FALSE);

  return self->descending;
}

/**
 * bn_sorted_model_get_filter_text:
 * @self: a sorted model
 *
 * Returns: (nullable): the text filter
 */
const char *
bn_sorted_model_get_filter_text (BnSortedModel *self)
{
  g_return_val_if_fail (BN_IS_SORTED_MODEL (self), NULL);

  return self->filter_text;
}

/**
 * bn_sorted_model_set_filter_text:
 * @self: a sorted model
 * @text: (nullable): substrings and label selectors, see #BnRowFilter
 *
 * Filters every row again in one pass and announces the result with one items-changed.
 */
void
bn_sorted_model_set_filter_text (BnSortedModel *self,
                                 const char    *text)
{
  g_return_if_fail (BN_IS_SORTED_MODEL (self));

  if (g_strcmp0 (self->filter_text, text) == 0)
    return;

  stage_complete (self);

  g_free (self->filter_text);
  self->filter_text = g_strdup (text);
  g_clear_pointer (&self->filter, bn_row_filter_unref);
  self->filter = bn_row_filter_new (text);

  refilter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER_TEXT]);
}

/**
 * bn_sorted_model_set_namespaces:
 * @self: a sorted model
 * @namespaces: (nullable) (array zero-terminated=1): the namespaces to show; %NULL or empty
 *   shows all
 *
 * Filters every row again in one pass and announces the result with one items-changed.
 * With a namespace set, rows without a namespace are not shown.
 */
void
bn_sorted_model_set_namespaces (BnSortedModel      *self,
                                const char * const *namespaces)
{
  g_autoptr(GHashTable) set = NULL;
  gboolean same = TRUE;

  g_return_if_fail (BN_IS_SORTED_MODEL (self));

  set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; namespaces != NULL && namespaces[i] != NULL; i++)
    {
      g_hash_table_add (set, g_strdup (namespaces[i]));
      same = same && g_hash_table_contains (self->namespaces, namespaces[i]);
    }

  if (same && g_hash_table_size (set) == g_hash_table_size (self->namespaces))
    return;

  stage_complete (self);
  g_hash_table_unref (self->namespaces);
  self->namespaces = g_steal_pointer (&set);
  refilter (self);
}

static int
compare_strings_cb (const void *a,
                    const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * bn_sorted_model_dup_namespaces:
 * @self: a sorted model
 *
 * Returns: (transfer full): the selected namespaces, sorted; empty when all are shown
 */
char **
bn_sorted_model_dup_namespaces (BnSortedModel *self)
{
  g_autofree const char **keys = NULL;
  GStrvBuilder *builder;
  char **result;
  guint n = 0;

  g_return_val_if_fail (BN_IS_SORTED_MODEL (self), NULL);

  keys = (const char **) g_hash_table_get_keys_as_array (self->namespaces, &n);
  qsort (keys, n, sizeof (char *), compare_strings_cb);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < n; i++)
    g_strv_builder_add (builder, keys[i]);
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return result;
}

/**
 * bn_sorted_model_get_max_moves_per_frame:
 * @self: a sorted model
 *
 * Returns: how many waiting moves are applied per 16 ms
 */
guint
bn_sorted_model_get_max_moves_per_frame (BnSortedModel *self)
{
  g_return_val_if_fail (BN_IS_SORTED_MODEL (self), 0);

  return self->max_moves_per_frame;
}

/**
 * bn_sorted_model_set_max_moves_per_frame:
 * @self: a sorted model
 * @max_moves: how many waiting moves to apply per 16 ms, at least 1
 */
void
bn_sorted_model_set_max_moves_per_frame (BnSortedModel *self,
                                         guint          max_moves)
{
  g_return_if_fail (BN_IS_SORTED_MODEL (self));

  max_moves = MAX (max_moves, 1);
  if (self->max_moves_per_frame == max_moves)
    return;

  self->max_moves_per_frame = max_moves;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_MOVES_PER_FRAME]);
}

/**
 * bn_sorted_model_get_n_pending_moves:
 * @self: a sorted model
 *
 * Returns: how many rows wait to move because their sort key changed
 */
guint
bn_sorted_model_get_n_pending_moves (BnSortedModel *self)
{
  g_return_val_if_fail (BN_IS_SORTED_MODEL (self), 0);

  return self->pending_moves.length;
}

/**
 * bn_sorted_model_apply_moves:
 * @self: a sorted model
 * @max_moves: how many rows may move at most; %G_MAXUINT for all
 *
 * Applies waiting moves in the order their keys changed. A timer does this every 16 ms on
 * its own, within a time budget; call it to settle the list at once.
 *
 * Returns: how many rows moved
 */
guint
bn_sorted_model_apply_moves (BnSortedModel *self,
                             guint          max_moves)
{
  g_return_val_if_fail (BN_IS_SORTED_MODEL (self), 0);

  stage_complete (self);
  return apply_moves_within (self, max_moves, G_MAXINT64 / 2);
}

/**
 * bn_sorted_model_set_keep_func:
 * @self: a sorted model
 * @func: (nullable): says which rows keep their identity when they move far
 * @user_data: passed to @func
 * @destroy: (nullable): frees @user_data
 *
 * A row that moves across more than a few dozen rows is announced as a removal and an
 * insertion: GTK 4.8 handles those in logarithmic time, a single items-changed over the
 * span in linear time. A selection model forgets a removed row, though, so for the rows
 * @func accepts (the selected ones) the model still emits one signal over the span.
 */
void
bn_sorted_model_set_keep_func (BnSortedModel         *self,
                               BnSortedModelKeepFunc  func,
                               gpointer               user_data,
                               GDestroyNotify         destroy)
{
  g_return_if_fail (BN_IS_SORTED_MODEL (self));

  if (self->keep_destroy != NULL)
    self->keep_destroy (self->keep_data);

  self->keep_func = func;
  self->keep_data = user_data;
  self->keep_destroy = destroy;
}

/**
 * bn_sorted_model_find:
 * @self: a sorted model
 * @item: a row object
 * @position: (out) (optional): where @item is shown
 *
 * Finds a row by binary search, e.g. to scroll to it or keep it selected. While the first
 * fill of a large source is staged, only its first rows are found.
 *
 * Returns: %TRUE if @item is shown
 */
gboolean
bn_sorted_model_find (BnSortedModel *self,
                      gpointer       item,
                      guint         *position)
{
  Row *row;
  guint index;

  g_return_val_if_fail (BN_IS_SORTED_MODEL (self), FALSE);

  row = g_hash_table_lookup (self->rows_by_item, item);
  if (row == NULL || !row->visible)
    return FALSE;

  /* Asked from a handler while the moves of a tick are announced: the list is half the new
   * order, half the old one. */
  if G_UNLIKELY (self->before != NULL)
    {
      guint n = n_shown (self);

      for (index = 0; index < n; index++)
        {
          Row *shown = index < self->split_new
                       ? self->visible->pdata[index]
                       : self->before->pdata[index - self->split_new + self->split_old];

          if (shown == row)
            break;
        }
      if (index == n)
        return FALSE;
      if (position != NULL)
        *position = index;
      return TRUE;
    }

  /* While a first fill is staged, only the first rows are shown, in their final order. */
  if G_UNLIKELY (self->stage != NULL)
    {
      index = lower_bound (self, self->visible, 0, self->visible->len, &row->key, row);
      if (index >= self->visible->len || self->visible->pdata[index] != row)
        return FALSE;
      if (position != NULL)
        *position = index;
      return TRUE;
    }

  /* Asked from a handler of the first signal of a long move: the moving row already has
   * its new key but not its new place, so binary search does not hold. */
  if G_UNLIKELY (self->hole != G_MAXUINT)
    {
      if (!g_ptr_array_find (self->visible, row, &index))
        return FALSE;
    }
  else
    index = find_row (self, self->visible, row);

  if (index >= self->visible->len)
    return FALSE;
  if (index > self->hole)
    index--;

  if (position != NULL)
    *position = index;
  return TRUE;
}

/**
 * bn_sorted_model_is_complete:
 * @self: a sorted model
 *
 * The first fill of a large source shows the first rows of the order at once and the rest
 * once sorted, in idle time (see bn_sorted_model_set_source()).
 *
 * Returns: %TRUE unless the model shows only the first rows of a large source so far
 */
gboolean
bn_sorted_model_is_complete (BnSortedModel *self)
{
  g_return_val_if_fail (BN_IS_SORTED_MODEL (self), TRUE);

  return self->stage == NULL;
}

/**
 * bn_sorted_model_complete:
 * @self: a sorted model
 *
 * Shows every row now if only the first rows of a large source are shown so far.
 */
void
bn_sorted_model_complete (BnSortedModel *self)
{
  g_return_if_fail (BN_IS_SORTED_MODEL (self));

  stage_complete (self);
}

/**
 * bn_sorted_model_set_shown_func:
 * @self: a sorted model
 * @func: (nullable): tells roughly which rows are on screen
 * @user_data: passed to @func
 * @destroy: (nullable): frees @user_data
 *
 * With it, rows moving above the rows on screen are announced together, once per tick,
 * rather than each with a signal that makes GTK 4.8 bind every row on screen again.
 */
void
bn_sorted_model_set_shown_func (BnSortedModel          *self,
                                BnSortedModelShownFunc  func,
                                gpointer                user_data,
                                GDestroyNotify          destroy)
{
  g_return_if_fail (BN_IS_SORTED_MODEL (self));

  if (self->shown_destroy != NULL)
    self->shown_destroy (self->shown_data);

  self->shown_func = func;
  self->shown_data = user_data;
  self->shown_destroy = destroy;
}

/**
 * bn_sorted_model_get_n_matching:
 * @self: a sorted model
 *
 * Returns: how many rows pass the filter: the number of items, or, while only the first
 *   rows of a large first fill are shown, the number there will be (for a row count)
 */
guint
bn_sorted_model_get_n_matching (BnSortedModel *self)
{
  g_return_val_if_fail (BN_IS_SORTED_MODEL (self), 0);

  if (self->stage != NULL)
    return self->stage->n_matching;
  return n_shown (self);
}
