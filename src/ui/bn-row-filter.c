/* bn-row-filter.c: the text filter of a live list
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-row-filter.h"

/*
 * The filter text is a list of terms separated by spaces; a row must match every term.
 *
 * - A word without `=` or `!` (`nginx`) matches when it is found, ignoring ASCII case, in
 *   the name, the namespace, or a label key or value.
 * - A term with `=`, `!=` or a leading `!`, or a comma, is a label selector as kubectl takes
 *   it: requirements separated by commas, each `key=value` (also `key==value`),
 *   `key!=value` (also true when the label is missing), `key` (the label exists) or `!key`
 *   (it does not).
 *
 * Kubernetes names are ASCII, so the case-insensitive search needs no allocation per row.
 */

typedef enum
{
  TERM_SUBSTRING,
  TERM_LABEL_EQUALS,
  TERM_LABEL_NOT_EQUALS,
  TERM_LABEL_EXISTS,
  TERM_LABEL_MISSING,
} TermKind;

typedef struct
{
  TermKind  kind;
  char     *key;    /* the needle for TERM_SUBSTRING, folded to lower case */
  char     *value;
} Term;

struct _BnRowFilter
{
  gatomicrefcount  ref_count;
  GArray          *terms;
};

G_DEFINE_BOXED_TYPE (BnRowFilter, bn_row_filter, bn_row_filter_ref, bn_row_filter_unref)

static void
term_clear (Term *term)
{
  g_clear_pointer (&term->key, g_free);
  g_clear_pointer (&term->value, g_free);
}

static void
add_term (BnRowFilter *self,
          TermKind     kind,
          const char  *key,
          gssize       key_len,
          const char  *value)
{
  Term term = { kind, key_len < 0 ? g_strdup (key) : g_strndup (key, key_len), g_strdup (value) };

  g_strstrip (term.key);
  if (term.value != NULL)
    g_strstrip (term.value);

  if (term.key[0] == '\0')
    {
      term_clear (&term);
      return;
    }

  g_array_append_val (self->terms, term);
}

static void
parse_requirement (BnRowFilter *self,
                   const char  *requirement)
{
  const char *op;

  if ((op = strstr (requirement, "!=")) != NULL)
    add_term (self, TERM_LABEL_NOT_EQUALS, requirement, op - requirement, op + 2);
  else if ((op = strstr (requirement, "==")) != NULL)
    add_term (self, TERM_LABEL_EQUALS, requirement, op - requirement, op + 2);
  else if ((op = strchr (requirement, '=')) != NULL)
    add_term (self, TERM_LABEL_EQUALS, requirement, op - requirement, op + 1);
  else if (requirement[0] == '!')
    add_term (self, TERM_LABEL_MISSING, requirement + 1, -1, NULL);
  else
    add_term (self, TERM_LABEL_EXISTS, requirement, -1, NULL);
}

static void
parse_word (BnRowFilter *self,
            const char  *word)
{
  g_auto(GStrv) requirements = NULL;

  if (strpbrk (word, "=!,") == NULL)
    {
      g_autofree char *needle = g_ascii_strdown (word, -1);

      add_term (self, TERM_SUBSTRING, needle, -1, NULL);
      return;
    }

  requirements = g_strsplit (word, ",", -1);
  for (guint i = 0; requirements[i] != NULL; i++)
    parse_requirement (self, requirements[i]);
}

/**
 * bn_row_filter_new:
 * @text: (nullable): what the user typed
 *
 * Returns: (transfer full): a filter for @text; an empty or blank text matches every row
 */
BnRowFilter *
bn_row_filter_new (const char *text)
{
  BnRowFilter *self = g_new0 (BnRowFilter, 1);
  g_auto(GStrv) words = NULL;

  g_atomic_ref_count_init (&self->ref_count);
  self->terms = g_array_new (FALSE, FALSE, sizeof (Term));
  g_array_set_clear_func (self->terms, (GDestroyNotify) term_clear);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return self;

  words = g_strsplit_set (text, " \t\n\r", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      parse_word (self, words[i]);

  return self;
}

/**
 * bn_row_filter_ref:
 * @self: a filter
 *
 * Returns: (transfer full): @self
 */
BnRowFilter *
bn_row_filter_ref (BnRowFilter *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * bn_row_filter_unref:
 * @self: (transfer full): a filter
 */
void
bn_row_filter_unref (BnRowFilter *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_array_unref (self->terms);
  g_free (self);
}

/**
 * bn_row_filter_is_empty:
 * @self: a filter
 *
 * Returns: %TRUE if @self matches every row
 */
gboolean
bn_row_filter_is_empty (BnRowFilter *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->terms->len == 0;
}

/* The needle is already lower case. */
static gboolean
contains_ignoring_ascii_case (const char *haystack,
                              const char *needle)
{
  gsize needle_len;

  if (haystack == NULL)
    return FALSE;

  needle_len = strlen (needle);
  for (const char *p = haystack; *p != '\0'; p++)
    {
      gsize i;

      for (i = 0; i < needle_len && p[i] != '\0'; i++)
        if (g_ascii_tolower (p[i]) != needle[i])
          break;
      if (i == needle_len)
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  const Term *term;
  gboolean    found;
  const char *value;
} LabelSearch;

static gboolean
label_contains_cb (const char *key,
                   const char *value,
                   gpointer    user_data)
{
  LabelSearch *search = user_data;

  search->found = contains_ignoring_ascii_case (key, search->term->key)
                  || contains_ignoring_ascii_case (value, search->term->key);
  return !search->found;
}

static gboolean
label_lookup_cb (const char *key,
                 const char *value,
                 gpointer    user_data)
{
  LabelSearch *search = user_data;

  if (g_strcmp0 (key, search->term->key) != 0)
    return TRUE;

  search->found = TRUE;
  search->value = value;
  return FALSE;
}

static gboolean
term_match (const Term           *term,
            const BnRowAccessors *accessors,
            GObject              *item)
{
  LabelSearch search = { term, FALSE, NULL };

  if (term->kind == TERM_SUBSTRING)
    {
      if (accessors->get_name != NULL
          && contains_ignoring_ascii_case (accessors->get_name (item), term->key))
        return TRUE;
      if (accessors->get_namespace != NULL
          && contains_ignoring_ascii_case (accessors->get_namespace (item), term->key))
        return TRUE;
      if (accessors->foreach_label != NULL)
        accessors->foreach_label (item, label_contains_cb, &search);
      return search.found;
    }

  if (accessors->foreach_label != NULL)
    accessors->foreach_label (item, label_lookup_cb, &search);

  switch (term->kind)
    {
    case TERM_LABEL_EQUALS:
      return search.found && g_strcmp0 (search.value, term->value) == 0;
    case TERM_LABEL_NOT_EQUALS:
      return !search.found || g_strcmp0 (search.value, term->value) != 0;
    case TERM_LABEL_EXISTS:
      return search.found;
    case TERM_LABEL_MISSING:
      return !search.found;
    case TERM_SUBSTRING:
    default:
      break;
    }

  return FALSE;
}

/**
 * bn_row_filter_match:
 * @self: a filter
 * @accessors: how to read @item
 * @item: a row object
 *
 * Returns: %TRUE if @item matches every term of @self
 */
gboolean
bn_row_filter_match (BnRowFilter          *self,
                     const BnRowAccessors *accessors,
                     GObject              *item)
{
  g_return_val_if_fail (self != NULL, TRUE);
  g_return_val_if_fail (accessors != NULL, TRUE);

  for (guint i = 0; i < self->terms->len; i++)
    if (!term_match (&g_array_index (self->terms, Term, i), accessors, item))
      return FALSE;

  return TRUE;
}
