/* bn-sim-yaml.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "bn-sim-yaml.h"

/* Scenario files are multi-document YAML manifests; each document
 * becomes the JSON tree the store keeps. Plain scalars resolve as the
 * YAML 1.2 core schema does (null, booleans, integers, floats).
 */

#define MAX_DEPTH 64

static JsonNode *
scalar_node (yaml_node_t *node)
{
  const char *text = (const char *) node->data.scalar.value;
  gsize length = node->data.scalar.length;
  JsonNode *result = json_node_alloc ();
  char *end = NULL;

  if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
    return json_node_init_string (result, text);

  if (length == 0 || g_str_equal (text, "~") || g_str_equal (text, "null") || g_str_equal (text, "Null") ||
      g_str_equal (text, "NULL"))
    return json_node_init_null (result);
  if (g_str_equal (text, "true") || g_str_equal (text, "True") || g_str_equal (text, "TRUE"))
    return json_node_init_boolean (result, TRUE);
  if (g_str_equal (text, "false") || g_str_equal (text, "False") || g_str_equal (text, "FALSE"))
    return json_node_init_boolean (result, FALSE);

  if (g_ascii_isdigit (text[0]) || ((text[0] == '-' || text[0] == '+') && g_ascii_isdigit (text[1])))
    {
      gint64 integer = g_ascii_strtoll (text, &end, 10);

      if (end != NULL && *end == '\0')
        return json_node_init_int (result, integer);
      end = NULL;
      {
        double number = g_ascii_strtod (text, &end);

        if (end != NULL && *end == '\0')
          return json_node_init_double (result, number);
      }
    }

  return json_node_init_string (result, text);
}

static JsonNode *
convert (yaml_document_t  *document,
         yaml_node_t      *node,
         guint             depth,
         GError          **error)
{
  if (node == NULL || depth > MAX_DEPTH)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "YAML nested too deeply");
      return NULL;
    }

  switch (node->type)
    {
    case YAML_SCALAR_NODE:
      return scalar_node (node);

    case YAML_SEQUENCE_NODE:
      {
        g_autoptr(JsonArray) array = json_array_new ();

        for (yaml_node_item_t *item = node->data.sequence.items.start; item < node->data.sequence.items.top; item++)
          {
            JsonNode *element = convert (document, yaml_document_get_node (document, *item), depth + 1, error);

            if (element == NULL)
              return NULL;
            json_array_add_element (array, element);
          }
        return json_node_init_array (json_node_alloc (), array);
      }

    case YAML_MAPPING_NODE:
      {
        g_autoptr(JsonObject) object = json_object_new ();

        for (yaml_node_pair_t *pair = node->data.mapping.pairs.start; pair < node->data.mapping.pairs.top; pair++)
          {
            yaml_node_t *key = yaml_document_get_node (document, pair->key);
            JsonNode *value;

            if (key == NULL || key->type != YAML_SCALAR_NODE)
              {
                g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "YAML mapping keys must be scalars");
                return NULL;
              }
            if ((value = convert (document, yaml_document_get_node (document, pair->value), depth + 1, error)) == NULL)
              return NULL;
            json_object_set_member (object, (const char *) key->data.scalar.value, value);
          }
        return json_node_init_object (json_node_alloc (), object);
      }

    case YAML_NO_NODE:
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "unexpected YAML node");
      return NULL;
    }
}

/**
 * bn_sim_yaml_load_documents:
 *
 * Returns: (transfer full) (element-type JsonNode) (nullable): one node
 *   per non-empty document
 */
GPtrArray *
bn_sim_yaml_load_documents (const char  *data,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  yaml_parser_t parser;

  if (!yaml_parser_initialize (&parser))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot create a YAML parser");
      return NULL;
    }
  yaml_parser_set_input_string (&parser, (const unsigned char *) data, length);

  for (;;)
    {
      yaml_document_t document;
      yaml_node_t *root;
      JsonNode *node;

      if (!yaml_parser_load (&parser, &document))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "invalid YAML at line %zu: %s",
                       parser.problem_mark.line + 1, parser.problem ? parser.problem : "parse error");
          yaml_parser_delete (&parser);
          return NULL;
        }

      root = yaml_document_get_root_node (&document);
      if (root == NULL)
        {
          yaml_document_delete (&document);
          break;
        }

      node = convert (&document, root, 0, error);
      yaml_document_delete (&document);
      if (node == NULL)
        {
          yaml_parser_delete (&parser);
          return NULL;
        }
      if (JSON_NODE_HOLDS_NULL (node))
        json_node_unref (node);
      else
        g_ptr_array_add (documents, node);
    }

  yaml_parser_delete (&parser);
  return g_steal_pointer (&documents);
}
