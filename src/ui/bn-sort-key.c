/* bn-sort-key.c: what a live list sorts by
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "bn-sort-key.h"

/*
 * A sort key turns a row into a value that compares cheaply: strings become a byte string
 * compared with strcmp() (see bn_sort_key_dup_collated()), numbers are compared as numbers. The
 * model stores these values per row, so a re-sort never reads row properties again.
 */
struct _BnSortKey
{
  gatomicrefcount  ref_count;
  BnSortKeyKind    kind;
  union
  {
    BnSortKeyStringFunc string_func;
    BnSortKeyNumberFunc number_func;
  };
  gpointer         user_data;
  GDestroyNotify   destroy;
  /* Interned names, so notify handlers compare pointers. */
  const char     **properties;
};

G_DEFINE_BOXED_TYPE (BnSortKey, bn_sort_key, bn_sort_key_ref, bn_sort_key_unref)

static BnSortKey *
bn_sort_key_alloc (BnSortKeyKind       kind,
                   gpointer            user_data,
                   GDestroyNotify      destroy,
                   const char * const *properties)
{
  BnSortKey *self = g_new0 (BnSortKey, 1);
  guint n = properties != NULL ? g_strv_length ((char **) properties) : 0;

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->user_data = user_data;
  self->destroy = destroy;
  self->properties = g_new0 (const char *, n + 1);
  for (guint i = 0; i < n; i++)
    self->properties[i] = g_intern_string (properties[i]);

  return self;
}

/**
 * bn_sort_key_new_string:
 * @func: returns the text a row sorts by
 * @user_data: passed to @func
 * @destroy: (nullable): frees @user_data with the key
 * @properties: (nullable) (array zero-terminated=1): names of the properties whose `notify`
 *   may change the value @func returns
 *
 * Returns: (transfer full): a new sort key ordering rows by collated text
 */
BnSortKey *
bn_sort_key_new_string (BnSortKeyStringFunc  func,
                        gpointer             user_data,
                        GDestroyNotify       destroy,
                        const char * const  *properties)
{
  BnSortKey *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = bn_sort_key_alloc (BN_SORT_KEY_STRING, user_data, destroy, properties);
  self->string_func = func;
  return self;
}

/**
 * bn_sort_key_new_number:
 * @func: returns the number a row sorts by
 * @user_data: passed to @func
 * @destroy: (nullable): frees @user_data with the key
 * @properties: (nullable) (array zero-terminated=1): names of the properties whose `notify`
 *   may change the value @func returns
 *
 * Returns: (transfer full): a new sort key ordering rows by number
 */
BnSortKey *
bn_sort_key_new_number (BnSortKeyNumberFunc  func,
                        gpointer             user_data,
                        GDestroyNotify       destroy,
                        const char * const  *properties)
{
  BnSortKey *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = bn_sort_key_alloc (BN_SORT_KEY_NUMBER, user_data, destroy, properties);
  self->number_func = func;
  return self;
}

static char *
property_string_cb (GObject  *item,
                    gpointer  user_data)
{
  char *value = NULL;

  g_object_get (item, (const char *) user_data, &value, NULL);
  return value;
}

static double
property_number_cb (GObject  *item,
                    gpointer  user_data)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) as_double = G_VALUE_INIT;

  g_object_get_property (item, (const char *) user_data, &value);
  g_value_init (&as_double, G_TYPE_DOUBLE);
  if (!g_value_transform (&value, &as_double))
    return NAN;
  return g_value_get_double (&as_double);
}

/**
 * bn_sort_key_new_for_property:
 * @item_type: a GObject type
 * @property: the name of a string or numeric property of @item_type
 *
 * A key that reads one property with g_object_get(). Convenient for simple rows; pages with
 * computed columns give their own functions.
 *
 * Returns: (transfer full) (nullable): a new sort key, or %NULL if @item_type has no such
 *   property of a sortable type
 */
BnSortKey *
bn_sort_key_new_for_property (GType       item_type,
                              const char *property)
{
  g_autoptr(GTypeClass) klass = NULL;
  const char *properties[] = { property, NULL };
  GParamSpec *pspec;
  const char *name;

  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (property != NULL, NULL);

  klass = g_type_class_ref (item_type);
  pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), property);
  if (pspec == NULL)
    return NULL;

  name = g_intern_string (pspec->name);
  if (pspec->value_type == G_TYPE_STRING)
    return bn_sort_key_new_string (property_string_cb, (gpointer) name, NULL, properties);
  if (g_value_type_transformable (pspec->value_type, G_TYPE_DOUBLE))
    return bn_sort_key_new_number (property_number_cb, (gpointer) name, NULL, properties);

  return NULL;
}

/**
 * bn_sort_key_ref:
 * @self: a sort key
 *
 * Returns: (transfer full): @self
 */
BnSortKey *
bn_sort_key_ref (BnSortKey *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * bn_sort_key_unref:
 * @self: (transfer full): a sort key
 */
void
bn_sort_key_unref (BnSortKey *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  if (self->destroy != NULL)
    self->destroy (self->user_data);
  g_free (self->properties);
  g_free (self);
}

/**
 * bn_sort_key_get_kind:
 * @self: a sort key
 *
 * Returns: whether @self orders by text or by number
 */
BnSortKeyKind
bn_sort_key_get_kind (BnSortKey *self)
{
  g_return_val_if_fail (self != NULL, BN_SORT_KEY_STRING);

  return self->kind;
}

/**
 * bn_sort_key_has_property:
 * @self: a sort key
 * @interned_name: an interned property name, such as `pspec->name`
 *
 * Returns: %TRUE if a `notify` for @interned_name may change a row's key
 */
gboolean
bn_sort_key_has_property (BnSortKey  *self,
                          const char *interned_name)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; self->properties[i] != NULL; i++)
    if (self->properties[i] == interned_name)
      return TRUE;

  return FALSE;
}

/* Text that orders well by bytes: printable ASCII without capitals, as Kubernetes names,
 * namespaces and most column values are. */
static gboolean
is_plain_ascii (const char *text,
                gboolean   *has_capitals)
{
  *has_capitals = FALSE;
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (*p < 0x20 || *p >= 0x7f)
        return FALSE;
      if (*p >= 'A' && *p <= 'Z')
        *has_capitals = TRUE;
    }

  return TRUE;
}

/**
 * bn_sort_key_dup_collated:
 * @self: a string sort key
 * @item: a row object
 *
 * The key orders printable ASCII text byte by byte, ignoring ASCII case first (capitals
 * only break ties), as kubectl orders names; that needs no collation, and text without
 * capitals is its own key. Any other text is collated with g_utf8_collate_key() and sorts
 * after all ASCII text, so that the order stays total.
 *
 * Returns: (transfer full) (nullable): the sort key of @item's text, to be compared with
 *   strcmp(); %NULL when the text is %NULL
 */
char *
bn_sort_key_dup_collated (BnSortKey *self,
                          GObject   *item)
{
  g_autofree char *text = NULL;
  g_autofree char *collated = NULL;
  gboolean has_capitals;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->kind == BN_SORT_KEY_STRING, NULL);

  text = self->string_func (item, self->user_data);
  if (text == NULL)
    return NULL;

  if (is_plain_ascii (text, &has_capitals))
    {
      gsize length;
      char *key;

      if (!has_capitals)
        return g_steal_pointer (&text);

      /* The text folded, \x01, the text: \x01 sorts before every printable byte, so
       * "ab" < "ab\x01Ab" < "abc". */
      length = strlen (text);
      key = g_malloc (2 * length + 2);
      for (gsize i = 0; i < length; i++)
        key[i] = g_ascii_tolower (text[i]);
      key[length] = '\x01';
      memcpy (key + length + 1, text, length + 1);
      return key;
    }

  /* \xff is never in ASCII text and sorts after it. */
  collated = g_utf8_collate_key (text, -1);
  return g_strconcat ("\xff", collated, NULL);
}

/**
 * bn_sort_key_get_number:
 * @self: a numeric sort key
 * @item: a row object
 *
 * Returns: the number @item sorts by; NaN is returned as -infinity so that every value has
 *   a place in the order
 */
double
bn_sort_key_get_number (BnSortKey *self,
                        GObject   *item)
{
  double value;

  g_return_val_if_fail (self != NULL, 0.0);
  g_return_val_if_fail (self->kind == BN_SORT_KEY_NUMBER, 0.0);

  value = self->number_func (item, self->user_data);
  return isnan (value) ? -INFINITY : value;
}
