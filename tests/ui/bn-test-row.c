/* bn-test-row.c: a small mutable row object for list model tests and benchmarks
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-test-row.h"

/* Like a BnObject: one object per uid that changes in place and emits notify. Labels are
 * "key=value" strings. */
struct _BnTestRow
{
  GObject   parent_instance;
  char     *uid;
  char     *name;
  char     *ns;
  char     *status;
  char    **labels;
  int       restarts;
};

enum {
  PROP_0,
  PROP_UID,
  PROP_NAME,
  PROP_NAMESPACE,
  PROP_RESTARTS,
  PROP_STATUS,
  PROP_LABELS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BnTestRow, bn_test_row, G_TYPE_OBJECT)

static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
bn_test_row_finalize (GObject *object)
{
  BnTestRow *self = BN_TEST_ROW (object);

  g_clear_pointer (&self->uid, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->ns, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->labels, g_strfreev);

  G_OBJECT_CLASS (bn_test_row_parent_class)->finalize (object);
}

static void
bn_test_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  BnTestRow *self = BN_TEST_ROW (object);

  switch (prop_id)
    {
    case PROP_UID:
      g_value_set_string (value, self->uid);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_NAMESPACE:
      g_value_set_string (value, self->ns);
      break;
    case PROP_RESTARTS:
      g_value_set_int (value, self->restarts);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_LABELS:
      g_value_set_boxed (value, self->labels);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_test_row_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  BnTestRow *self = BN_TEST_ROW (object);

  switch (prop_id)
    {
    case PROP_UID:
      self->uid = g_value_dup_string (value);
      break;
    case PROP_NAME:
      bn_test_row_set_name (self, g_value_get_string (value));
      break;
    case PROP_NAMESPACE:
      self->ns = g_value_dup_string (value);
      break;
    case PROP_RESTARTS:
      bn_test_row_set_restarts (self, g_value_get_int (value));
      break;
    case PROP_STATUS:
      bn_test_row_set_status (self, g_value_get_string (value));
      break;
    case PROP_LABELS:
      bn_test_row_set_labels (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_test_row_class_init (BnTestRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bn_test_row_finalize;
  object_class->get_property = bn_test_row_get_property;
  object_class->set_property = bn_test_row_set_property;

  properties[PROP_UID] =
    g_param_spec_string ("uid", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAMESPACE] =
    g_param_spec_string ("namespace", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESTARTS] =
    g_param_spec_int ("restarts", NULL, NULL, G_MININT, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABELS] =
    g_param_spec_boxed ("labels", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bn_test_row_init (BnTestRow *self)
{
}

BnTestRow *
bn_test_row_new (const char *uid,
                 const char *name,
                 const char *ns,
                 int         restarts)
{
  return g_object_new (BN_TYPE_TEST_ROW,
                       "uid", uid,
                       "name", name,
                       "namespace", ns,
                       "restarts", restarts,
                       NULL);
}

const char *
bn_test_row_get_uid (BnTestRow *self)
{
  return self->uid;
}

const char *
bn_test_row_get_name (BnTestRow *self)
{
  return self->name;
}

void
bn_test_row_set_name (BnTestRow  *self,
                      const char *name)
{
  if (set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
bn_test_row_get_namespace (BnTestRow *self)
{
  return self->ns;
}

int
bn_test_row_get_restarts (BnTestRow *self)
{
  return self->restarts;
}

void
bn_test_row_set_restarts (BnTestRow *self,
                          int        restarts)
{
  if (self->restarts == restarts)
    return;
  self->restarts = restarts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESTARTS]);
}

const char *
bn_test_row_get_status (BnTestRow *self)
{
  return self->status;
}

void
bn_test_row_set_status (BnTestRow  *self,
                        const char *status)
{
  if (set_str (&self->status, status))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

const char * const *
bn_test_row_get_labels (BnTestRow *self)
{
  return (const char * const *) self->labels;
}

void
bn_test_row_set_labels (BnTestRow          *self,
                        const char * const *labels)
{
  g_strfreev (self->labels);
  self->labels = g_strdupv ((char **) labels);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABELS]);
}

static const char *
accessor_name (GObject *item)
{
  return BN_TEST_ROW (item)->name;
}

static const char *
accessor_namespace (GObject *item)
{
  return BN_TEST_ROW (item)->ns;
}

static const char *
accessor_uid (GObject *item)
{
  return BN_TEST_ROW (item)->uid;
}

static void
accessor_foreach_label (GObject     *item,
                        BnLabelFunc  func,
                        gpointer     user_data)
{
  char **labels = BN_TEST_ROW (item)->labels;

  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    {
      const char *eq = strchr (labels[i], '=');
      g_autofree char *key = g_strndup (labels[i], eq != NULL ? (gsize) (eq - labels[i]) : strlen (labels[i]));

      if (!func (key, eq != NULL ? eq + 1 : "", user_data))
        return;
    }
}

const BnRowAccessors *
bn_test_row_accessors (void)
{
  static const char *filter_properties[] = { "name", "labels", NULL };
  static const BnRowAccessors accessors = {
    accessor_name,
    accessor_namespace,
    accessor_uid,
    accessor_foreach_label,
    filter_properties,
  };

  return &accessors;
}

static char *
dup_name_cb (GObject  *item,
             gpointer  user_data)
{
  return g_strdup (BN_TEST_ROW (item)->name);
}

static char *
dup_namespace_cb (GObject  *item,
                  gpointer  user_data)
{
  return g_strdup (BN_TEST_ROW (item)->ns);
}

static char *
dup_status_cb (GObject  *item,
               gpointer  user_data)
{
  return g_strdup (BN_TEST_ROW (item)->status);
}

static double
get_restarts_cb (GObject  *item,
                 gpointer  user_data)
{
  return BN_TEST_ROW (item)->restarts;
}

/* Keys that read the fields directly, as pages do with their objects' getters. */
BnSortKey *
bn_test_row_sort_key_new (const char *property)
{
  const char *notify_names[] = { property, NULL };

  if (g_strcmp0 (property, "name") == 0)
    return bn_sort_key_new_string (dup_name_cb, NULL, NULL, notify_names);
  if (g_strcmp0 (property, "namespace") == 0)
    return bn_sort_key_new_string (dup_namespace_cb, NULL, NULL, notify_names);
  if (g_strcmp0 (property, "status") == 0)
    return bn_sort_key_new_string (dup_status_cb, NULL, NULL, notify_names);
  if (g_strcmp0 (property, "restarts") == 0)
    return bn_sort_key_new_number (get_restarts_cb, NULL, NULL, notify_names);

  return NULL;
}
