/* bn-sim-patch.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-sim-api.h"

/* The patch formats kubectl sends: JSON merge patch (RFC 7386), a
 * strategic merge patch (a merge patch that merges named lists such as
 * containers by name) and JSON patch (RFC 6902).
 */

static const char *
metadata_string (JsonObject *object,
                 const char *member)
{
  JsonNode *node = json_object_has_member (object, member) ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * bn_sim_apply_merge_patch:
 *
 * Applies an RFC 7386 merge patch to @target in place: maps merge,
 * lists are replaced wholesale.
 *
 * Returns: %TRUE
 */
gboolean
bn_sim_apply_merge_patch (JsonObject *target,
                          JsonObject *patch)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  json_object_iter_init (&iter, patch);
  while (json_object_iter_next (&iter, &member, &value))
    {
      if (member[0] == '$')
        continue;

      if (JSON_NODE_HOLDS_NULL (value))
        {
          if (json_object_has_member (target, member))
            json_object_remove_member (target, member);
        }
      else if (JSON_NODE_HOLDS_OBJECT (value))
        {
          JsonNode *existing = json_object_has_member (target, member) ? json_object_get_member (target, member) : NULL;

          if (existing == NULL || !JSON_NODE_HOLDS_OBJECT (existing))
            {
              json_object_set_object_member (target, member, json_object_new ());
              existing = json_object_get_member (target, member);
            }
          bn_sim_apply_merge_patch (json_node_get_object (existing), json_node_get_object (value));
        }
      else
        json_object_set_member (target, member, json_node_copy (value));
    }

  return TRUE;
}

/* The lists strategic merge patches merge by their "name" field (the
 * patchMergeKey of containers, volumes, env and friends in the
 * upstream types); every other list is replaced.
 */
static gboolean
merges_by_name (const char *member)
{
  static const char * const lists[] = {
    "containers", "initContainers", "ephemeralContainers", "env", "volumes", "imagePullSecrets",
    "hostAliases", "readinessGates", "resourceClaims", NULL
  };

  return g_strv_contains (lists, member);
}

static JsonObject *
find_named (JsonArray  *array,
            const char *name)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node) && g_strcmp0 (metadata_string (json_node_get_object (node), "name"), name) == 0)
        return json_node_get_object (node);
    }
  return NULL;
}

static void
remove_named (JsonArray  *array,
              const char *name)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node) && g_strcmp0 (metadata_string (json_node_get_object (node), "name"), name) == 0)
        {
          json_array_remove_element (array, i);
          return;
        }
    }
}

static gboolean
merge_named_list (JsonObject *target,
                  const char *member,
                  JsonArray  *patch)
{
  JsonNode *existing = json_object_has_member (target, member) ? json_object_get_member (target, member) : NULL;
  g_autoptr(JsonArray) merged = json_array_new ();
  JsonArray *current;

  for (guint i = 0; i < json_array_get_length (patch); i++)
    {
      JsonNode *node = json_array_get_element (patch, i);

      if (!JSON_NODE_HOLDS_OBJECT (node) || metadata_string (json_node_get_object (node), "name") == NULL)
        return FALSE;
    }

  /* Rebuild the list from a copy, so the stored object is never shared. */
  if (existing != NULL && JSON_NODE_HOLDS_ARRAY (existing))
    {
      g_autofree char *text = json_to_string (existing, FALSE);
      g_autoptr(JsonNode) copy = json_from_string (text, NULL);

      if (copy != NULL && JSON_NODE_HOLDS_ARRAY (copy))
        for (guint i = 0; i < json_array_get_length (json_node_get_array (copy)); i++)
          json_array_add_element (merged, json_node_copy (json_array_get_element (json_node_get_array (copy), i)));
    }
  current = merged;

  for (guint i = 0; i < json_array_get_length (patch); i++)
    {
      JsonObject *element = json_node_get_object (json_array_get_element (patch, i));
      const char *name = metadata_string (element, "name");
      JsonObject *match = find_named (current, name);

      if (g_strcmp0 (metadata_string (element, "$patch"), "delete") == 0)
        remove_named (current, name);
      else if (match != NULL)
        bn_sim_apply_strategic_merge_patch (match, element);
      else
        {
          g_autoptr(JsonObject) added = json_object_new ();

          bn_sim_apply_strategic_merge_patch (added, element);
          json_array_add_object_element (current, g_steal_pointer (&added));
        }
    }

  json_object_set_array_member (target, member, g_steal_pointer (&merged));
  return TRUE;
}

/**
 * bn_sim_apply_strategic_merge_patch:
 *
 * Applies a strategic merge patch to @target in place: a merge patch
 * that also merges the lists of named things (containers, env,
 * volumes, …) element by element, so `kubectl set image` changes one
 * image and keeps the rest of the container. `$patch: delete` removes
 * an element; other directives are ignored.
 *
 * Returns: %TRUE
 */
gboolean
bn_sim_apply_strategic_merge_patch (JsonObject *target,
                                    JsonObject *patch)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  json_object_iter_init (&iter, patch);
  while (json_object_iter_next (&iter, &member, &value))
    {
      if (member[0] == '$')
        continue;

      if (JSON_NODE_HOLDS_ARRAY (value) && merges_by_name (member) &&
          merge_named_list (target, member, json_node_get_array (value)))
        continue;

      if (JSON_NODE_HOLDS_OBJECT (value))
        {
          JsonNode *existing = json_object_has_member (target, member) ? json_object_get_member (target, member) : NULL;

          if (existing == NULL || !JSON_NODE_HOLDS_OBJECT (existing))
            {
              json_object_set_object_member (target, member, json_object_new ());
              existing = json_object_get_member (target, member);
            }
          bn_sim_apply_strategic_merge_patch (json_node_get_object (existing), json_node_get_object (value));
        }
      else if (JSON_NODE_HOLDS_NULL (value))
        {
          if (json_object_has_member (target, member))
            json_object_remove_member (target, member);
        }
      else
        json_object_set_member (target, member, json_node_copy (value));
    }

  return TRUE;
}

static char *
unescape_pointer_token (const char *token)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = token; *p; p++)
    {
      if (p[0] == '~' && p[1] == '1')
        {
          g_string_append_c (out, '/');
          p++;
        }
      else if (p[0] == '~' && p[1] == '0')
        {
          g_string_append_c (out, '~');
          p++;
        }
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Resolves all but the last token of a JSON pointer. */
static JsonNode *
resolve_parent (JsonNode    *root,
                const char  *pointer,
                char       **last)
{
  g_auto(GStrv) tokens = NULL;
  JsonNode *node = root;
  guint n;

  if (pointer == NULL || pointer[0] != '/')
    return NULL;

  tokens = g_strsplit (pointer + 1, "/", -1);
  n = g_strv_length (tokens);
  for (guint i = 0; i + 1 < n; i++)
    {
      g_autofree char *token = unescape_pointer_token (tokens[i]);

      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *object = json_node_get_object (node);

          if (!json_object_has_member (object, token))
            return NULL;
          node = json_object_get_member (object, token);
        }
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          guint64 index;

          if (!g_ascii_string_to_unsigned (token, 10, 0, G_MAXUINT, &index, NULL) ||
              index >= json_array_get_length (array))
            return NULL;
          node = json_array_get_element (array, index);
        }
      else
        return NULL;
    }

  *last = unescape_pointer_token (n > 0 ? tokens[n - 1] : "");
  return node;
}

static JsonNode *
pointer_get (JsonNode   *root,
             const char *pointer)
{
  g_autofree char *last = NULL;
  JsonNode *parent;

  if (pointer != NULL && pointer[0] == '\0')
    return root;
  if ((parent = resolve_parent (root, pointer, &last)) == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_OBJECT (parent))
    return json_object_has_member (json_node_get_object (parent), last)
           ? json_object_get_member (json_node_get_object (parent), last) : NULL;
  if (JSON_NODE_HOLDS_ARRAY (parent))
    {
      guint64 index;

      if (!g_ascii_string_to_unsigned (last, 10, 0, G_MAXUINT, &index, NULL) ||
          index >= json_array_get_length (json_node_get_array (parent)))
        return NULL;
      return json_array_get_element (json_node_get_array (parent), index);
    }
  return NULL;
}

static gboolean
pointer_remove (JsonNode   *root,
                const char *pointer)
{
  g_autofree char *last = NULL;
  JsonNode *parent = resolve_parent (root, pointer, &last);

  if (parent == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT (parent))
    {
      if (!json_object_has_member (json_node_get_object (parent), last))
        return FALSE;
      json_object_remove_member (json_node_get_object (parent), last);
      return TRUE;
    }
  if (JSON_NODE_HOLDS_ARRAY (parent))
    {
      guint64 index;

      if (!g_ascii_string_to_unsigned (last, 10, 0, G_MAXUINT, &index, NULL) ||
          index >= json_array_get_length (json_node_get_array (parent)))
        return FALSE;
      json_array_remove_element (json_node_get_array (parent), index);
      return TRUE;
    }
  return FALSE;
}

static gboolean
pointer_add (JsonNode   *root,
             const char *pointer,
             JsonNode   *value,
             gboolean    replace)
{
  g_autofree char *last = NULL;
  JsonNode *parent = resolve_parent (root, pointer, &last);

  if (parent == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_OBJECT (parent))
    {
      if (replace && !json_object_has_member (json_node_get_object (parent), last))
        return FALSE;
      json_object_set_member (json_node_get_object (parent), last, json_node_copy (value));
      return TRUE;
    }

  if (JSON_NODE_HOLDS_ARRAY (parent))
    {
      JsonArray *array = json_node_get_array (parent);
      guint length = json_array_get_length (array);
      g_autoptr(JsonArray) rebuilt = NULL;
      guint64 index;

      if (g_str_equal (last, "-") && !replace)
        {
          json_array_add_element (array, json_node_copy (value));
          return TRUE;
        }
      if (!g_ascii_string_to_unsigned (last, 10, 0, G_MAXUINT, &index, NULL) ||
          index > length || (replace && index >= length))
        return FALSE;

      /* JsonArray cannot insert: rebuild it. */
      rebuilt = json_array_sized_new (length + 1);
      for (guint i = 0; i < length; i++)
        {
          if (i == index)
            json_array_add_element (rebuilt, json_node_copy (value));
          if (!(replace && i == index))
            json_array_add_element (rebuilt, json_node_copy (json_array_get_element (array, i)));
        }
      if (index == length)
        json_array_add_element (rebuilt, json_node_copy (value));
      json_node_set_array (parent, rebuilt);
      return TRUE;
    }

  return FALSE;
}

/**
 * bn_sim_apply_json_patch:
 *
 * Applies an RFC 6902 JSON patch to @target in place.
 *
 * Returns: %FALSE with a 422 error when an operation fails
 */
gboolean
bn_sim_apply_json_patch (JsonNode   *target,
                         JsonArray  *patch,
                         GError    **error)
{
  for (guint i = 0; i < json_array_get_length (patch); i++)
    {
      JsonNode *element = json_array_get_element (patch, i);
      JsonObject *operation;
      const char *op, *path, *from;
      JsonNode *value;
      gboolean ok = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        goto invalid;
      operation = json_node_get_object (element);
      op = metadata_string (operation, "op");
      path = metadata_string (operation, "path");
      from = metadata_string (operation, "from");
      value = json_object_has_member (operation, "value") ? json_object_get_member (operation, "value") : NULL;
      if (op == NULL || path == NULL)
        goto invalid;

      if (g_str_equal (op, "add") && value != NULL)
        ok = pointer_add (target, path, value, FALSE);
      else if (g_str_equal (op, "replace") && value != NULL)
        ok = pointer_add (target, path, value, TRUE);
      else if (g_str_equal (op, "remove"))
        ok = pointer_remove (target, path);
      else if (g_str_equal (op, "test") && value != NULL)
        ok = pointer_get (target, path) != NULL && json_node_equal (pointer_get (target, path), value);
      else if ((g_str_equal (op, "copy") || g_str_equal (op, "move")) && from != NULL)
        {
          JsonNode *source = pointer_get (target, from);
          g_autoptr(JsonNode) copy = source ? json_node_copy (source) : NULL;

          ok = copy != NULL &&
               (g_str_equal (op, "copy") || pointer_remove (target, from)) &&
               pointer_add (target, path, copy, FALSE);
        }

      if (!ok)
        {
          g_set_error (error, BN_SIM_ERROR, 422, "the server rejected our request due to an error in our request: "
                       "jsonpatch %s operation does not apply: doc is missing path: \"%s\"", op, path);
          return FALSE;
        }
    }

  return TRUE;

invalid:
  g_set_error (error, BN_SIM_ERROR, 400, "the server rejected our request due to an error in our request: invalid JSON patch");
  return FALSE;
}

static JsonObject *
fields_of (JsonObject *object,
           gboolean    top);

static JsonObject *
fields_of_named_list (JsonArray *array)
{
  JsonObject *fields = json_object_new ();

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(JsonNode) key = NULL;
      g_autofree char *key_text = NULL;
      g_autofree char *member = NULL;
      JsonObject *item;

      if (!JSON_NODE_HOLDS_OBJECT (node) || metadata_string (json_node_get_object (node), "name") == NULL)
        continue;
      key = json_node_init_string (json_node_alloc (), metadata_string (json_node_get_object (node), "name"));
      key_text = json_to_string (key, FALSE);
      member = g_strdup_printf ("k:{\"name\":%s}", key_text);
      item = fields_of (json_node_get_object (node), FALSE);
      json_object_set_object_member (item, ".", json_object_new ());
      json_object_set_object_member (fields, member, item);
    }

  return fields;
}

/* The FieldsV1 set of what @object sets: "f:name" for every field,
 * "k:{...}" for the items of lists merged by name.
 */
static JsonObject *
fields_of (JsonObject *object,
           gboolean    top)
{
  JsonObject *fields = json_object_new ();
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &value))
    {
      g_autofree char *name = g_strconcat ("f:", member, NULL);

      /* Identity is not owned by anyone. */
      if (top && (g_str_equal (member, "apiVersion") || g_str_equal (member, "kind")))
        continue;

      if (top && g_str_equal (member, "metadata") && JSON_NODE_HOLDS_OBJECT (value))
        {
          JsonObject *metadata = json_node_get_object (value);
          JsonObject *owned = json_object_new ();

          if (json_object_has_member (metadata, "labels") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (metadata, "labels")))
            json_object_set_object_member (owned, "f:labels",
                                           fields_of (json_object_get_object_member (metadata, "labels"), FALSE));
          if (json_object_has_member (metadata, "annotations") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (metadata, "annotations")))
            json_object_set_object_member (owned, "f:annotations",
                                           fields_of (json_object_get_object_member (metadata, "annotations"), FALSE));
          if (json_object_get_size (owned) > 0)
            json_object_set_object_member (fields, name, owned);
          else
            json_object_unref (owned);
          continue;
        }

      if (JSON_NODE_HOLDS_OBJECT (value))
        json_object_set_object_member (fields, name, fields_of (json_node_get_object (value), FALSE));
      else if (JSON_NODE_HOLDS_ARRAY (value) && merges_by_name (member))
        json_object_set_object_member (fields, name, fields_of_named_list (json_node_get_array (value)));
      else
        json_object_set_object_member (fields, name, json_object_new ());
    }

  return fields;
}

/**
 * bn_sim_record_apply:
 * @live: (transfer none): the object after the apply, changed in place
 * @applied: the configuration the field manager applied
 * @manager: the fieldManager
 * @api_version: the group/version the configuration was applied in
 *
 * Records in `metadata.managedFields` that @manager now owns the fields
 * of @applied through an Apply (replacing its previous Apply entry;
 * other managers' entries are kept as they are).
 */
void
bn_sim_record_apply (JsonObject *live,
                     JsonObject *applied,
                     const char *manager,
                     const char *api_version)
{
  JsonObject *metadata;
  JsonArray *previous = NULL;
  g_autoptr(JsonArray) entries = json_array_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  JsonObject *entry = json_object_new ();

  if (!json_object_has_member (live, "metadata") || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (live, "metadata")))
    json_object_set_object_member (live, "metadata", json_object_new ());
  metadata = json_object_get_object_member (live, "metadata");
  if (json_object_has_member (metadata, "managedFields") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (metadata, "managedFields")))
    previous = json_object_get_array_member (metadata, "managedFields");

  for (guint i = 0; previous != NULL && i < json_array_get_length (previous); i++)
    {
      JsonNode *node = json_array_get_element (previous, i);
      JsonObject *old = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (old != NULL && g_strcmp0 (metadata_string (old, "manager"), manager) == 0 &&
          g_strcmp0 (metadata_string (old, "operation"), "Apply") == 0)
        continue;
      json_array_add_element (entries, json_node_copy (node));
    }

  json_object_set_string_member (entry, "manager", manager);
  json_object_set_string_member (entry, "operation", "Apply");
  json_object_set_string_member (entry, "apiVersion", api_version);
  json_object_set_string_member (entry, "time", time);
  json_object_set_string_member (entry, "fieldsType", "FieldsV1");
  json_object_set_object_member (entry, "fieldsV1", fields_of (applied, TRUE));
  json_array_add_object_element (entries, entry);

  json_object_set_array_member (metadata, "managedFields", g_steal_pointer (&entries));
}
