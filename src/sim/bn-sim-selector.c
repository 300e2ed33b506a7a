/* bn-sim-selector.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-sim-selector.h"
#include "bn-sim-store.h"

/* Label selectors (=, ==, !=, in, notin, exists, !exists) and field
 * selectors (=, ==, != on the fields upstream indexes).
 */

typedef enum
{
  OP_EQUALS,
  OP_NOT_EQUALS,
  OP_IN,
  OP_NOT_IN,
  OP_EXISTS,
  OP_NOT_EXISTS,
} Operator;

typedef struct
{
  char     *key;
  Operator  op;
  GStrv     values;
} Requirement;

struct _BnSimSelector
{
  GPtrArray *requirements;
};

static void
requirement_free (Requirement *requirement)
{
  g_free (requirement->key);
  g_strfreev (requirement->values);
  g_free (requirement);
}

void
bn_sim_selector_free (BnSimSelector *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->requirements);
  g_free (self);
}

static BnSimSelector *
selector_new (void)
{
  BnSimSelector *self = g_new0 (BnSimSelector, 1);

  self->requirements = g_ptr_array_new_with_free_func ((GDestroyNotify) requirement_free);
  return self;
}

/* Splits on commas that are not inside parentheses. */
static GPtrArray *
split_requirements (const char *text)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  const char *start = text;
  int depth = 0;

  for (const char *p = text; ; p++)
    {
      if (*p == '(')
        depth++;
      else if (*p == ')')
        depth--;
      else if ((*p == ',' && depth == 0) || *p == '\0')
        {
          g_autofree char *part = g_strndup (start, p - start);

          g_ptr_array_add (parts, g_strstrip (g_steal_pointer (&part)));
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }

  return parts;
}

static gboolean
valid_key (const char *key)
{
  if (*key == '\0' || strlen (key) > 316)
    return FALSE;
  for (const char *p = key; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.' && *p != '/')
      return FALSE;
  return TRUE;
}

static gboolean
parse_set (const char  *text,
           GStrv       *values)
{
  const char *open = strchr (text, '(');
  const char *close = strrchr (text, ')');
  g_autofree char *inner = NULL;
  g_auto(GStrv) items = NULL;

  if (open == NULL || close == NULL || close < open)
    return FALSE;
  for (const char *p = close + 1; *p; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;

  inner = g_strndup (open + 1, close - open - 1);
  items = g_strsplit (inner, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    g_strstrip (items[i]);
  *values = g_steal_pointer (&items);
  return TRUE;
}

static Requirement *
parse_label_requirement (const char  *text,
                         GError     **error)
{
  g_autoptr(GString) key = g_string_new (NULL);
  Requirement *requirement = g_new0 (Requirement, 1);
  const char *p = text;

  if (*p == '!')
    {
      requirement->op = OP_NOT_EXISTS;
      requirement->key = g_strstrip (g_strdup (p + 1));
      if (!valid_key (requirement->key))
        goto invalid;
      return requirement;
    }

  while (*p && !g_ascii_isspace (*p) && *p != '=' && *p != '!')
    g_string_append_c (key, *p++);
  while (g_ascii_isspace (*p))
    p++;
  requirement->key = g_strdup (key->str);
  if (!valid_key (requirement->key))
    goto invalid;

  if (*p == '\0')
    {
      requirement->op = OP_EXISTS;
      return requirement;
    }

  if (g_str_has_prefix (p, "==") || g_str_has_prefix (p, "!=") || *p == '=')
    {
      requirement->op = *p == '!' ? OP_NOT_EQUALS : OP_EQUALS;
      p += (*p == '=' && p[1] != '=') ? 1 : 2;
      requirement->values = g_new0 (char *, 2);
      requirement->values[0] = g_strstrip (g_strdup (p));
      if (strpbrk (requirement->values[0], " ()=!") != NULL)
        goto invalid;
      return requirement;
    }

  if (g_str_has_prefix (p, "notin") && (g_ascii_isspace (p[5]) || p[5] == '('))
    {
      requirement->op = OP_NOT_IN;
      if (!parse_set (p + 5, &requirement->values))
        goto invalid;
      return requirement;
    }

  if (g_str_has_prefix (p, "in") && (g_ascii_isspace (p[2]) || p[2] == '('))
    {
      requirement->op = OP_IN;
      if (!parse_set (p + 2, &requirement->values))
        goto invalid;
      return requirement;
    }

invalid:
  requirement_free (requirement);
  g_set_error (error, BN_SIM_ERROR, 400, "unable to parse requirement: found '%s', expected: in, notin, =, ==, !=, gt, lt", text);
  return NULL;
}

/**
 * bn_sim_selector_parse_labels:
 * @text: (nullable): a label selector such as "app=web,tier in (a,b)"
 *
 * Returns: (transfer full) (nullable): the selector, or %NULL with a 400
 *   %BN_SIM_ERROR
 */
BnSimSelector *
bn_sim_selector_parse_labels (const char  *text,
                              GError     **error)
{
  g_autoptr(BnSimSelector) self = selector_new ();
  g_autoptr(GPtrArray) parts = NULL;

  if (text == NULL)
    return g_steal_pointer (&self);

  parts = split_requirements (text);
  for (guint i = 0; i < parts->len; i++)
    {
      const char *part = g_ptr_array_index (parts, i);
      Requirement *requirement;

      if (*part == '\0')
        {
          if (parts->len == 1)
            break;
          g_set_error (error, BN_SIM_ERROR, 400, "found '', expected: !, identifier, or 'end of string'");
          return NULL;
        }
      if ((requirement = parse_label_requirement (part, error)) == NULL)
        return NULL;
      g_ptr_array_add (self->requirements, requirement);
    }

  return g_steal_pointer (&self);
}

/**
 * bn_sim_selector_parse_fields:
 * @text: (nullable): a field selector such as "spec.nodeName=node-1"
 *
 * Returns: (transfer full) (nullable): the selector
 */
BnSimSelector *
bn_sim_selector_parse_fields (const char  *text,
                              GError     **error)
{
  g_autoptr(BnSimSelector) self = selector_new ();
  g_auto(GStrv) parts = NULL;

  if (text == NULL || *text == '\0')
    return g_steal_pointer (&self);

  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      Requirement *requirement = g_new0 (Requirement, 1);
      const char *part = g_strstrip (parts[i]);
      const char *op = strstr (part, "!=");
      gsize op_len = 2;

      requirement->op = OP_NOT_EQUALS;
      if (op == NULL && (op = strstr (part, "==")) != NULL)
        requirement->op = OP_EQUALS;
      else if (op == NULL && (op = strchr (part, '=')) != NULL)
        {
          requirement->op = OP_EQUALS;
          op_len = 1;
        }
      if (op == NULL)
        {
          requirement_free (requirement);
          g_set_error (error, BN_SIM_ERROR, 400, "invalid selector: '%s'; can't understand '%s'", text, part);
          return NULL;
        }

      requirement->key = g_strstrip (g_strndup (part, op - part));
      requirement->values = g_new0 (char *, 2);
      requirement->values[0] = g_strstrip (g_strdup (op + op_len));
      g_ptr_array_add (self->requirements, requirement);
    }

  return g_steal_pointer (&self);
}

/**
 * bn_sim_selector_matches:
 * @values: label or field values of one object
 */
gboolean
bn_sim_selector_matches (BnSimSelector *self,
                         GHashTable    *values)
{
  if (self == NULL)
    return TRUE;

  for (guint i = 0; i < self->requirements->len; i++)
    {
      const Requirement *requirement = g_ptr_array_index (self->requirements, i);
      const char *value = g_hash_table_lookup (values, requirement->key);

      switch (requirement->op)
        {
        case OP_EQUALS:
          if (value == NULL || !g_str_equal (value, requirement->values[0]))
            return FALSE;
          break;
        case OP_NOT_EQUALS:
          if (value != NULL && g_str_equal (value, requirement->values[0]))
            return FALSE;
          break;
        case OP_IN:
          if (value == NULL || !g_strv_contains ((const char * const *) requirement->values, value))
            return FALSE;
          break;
        case OP_NOT_IN:
          if (value != NULL && g_strv_contains ((const char * const *) requirement->values, value))
            return FALSE;
          break;
        case OP_EXISTS:
          if (value == NULL)
            return FALSE;
          break;
        case OP_NOT_EXISTS:
          if (value != NULL)
            return FALSE;
          break;
        default:
          g_assert_not_reached ();
        }
    }

  return TRUE;
}
