/* bn-yaml-document.h: the first document of a YAML (or JSON) file, read as kubectl reads it
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* kubectl (go-yaml v2) refuses more than this many nested flow or block collections. */
#define BN_YAML_MAX_DEPTH 10000

/* Not a kubectl limit: a bound on what one kubeconfig may cost us. */
#define BN_YAML_MAX_SIZE  (128 * 1024 * 1024)
#define BN_YAML_MAX_NODES (4 * 1024 * 1024)

typedef enum
{
  BN_YAML_NODE_SCALAR,
  BN_YAML_NODE_SEQUENCE,
  BN_YAML_NODE_MAPPING,
  BN_YAML_NODE_ALIAS,
} BnYamlNodeKind;

/* What a scalar turns into once YAML 1.1 typing has been applied, which is what kubectl
 * hands to its JSON decoder. */
typedef enum
{
  BN_YAML_VALUE_NULL,
  BN_YAML_VALUE_BOOL,
  BN_YAML_VALUE_NUMBER,
  BN_YAML_VALUE_STRING,
  BN_YAML_VALUE_MERGE,
  BN_YAML_VALUE_SEQUENCE,
  BN_YAML_VALUE_MAPPING,
} BnYamlValueType;

typedef struct _BnYamlNode     BnYamlNode;
typedef struct _BnYamlDocument BnYamlDocument;

BnYamlDocument  *bn_yaml_document_parse        (const char      *data,
                                                gsize            length,
                                                GError         **error);
void             bn_yaml_document_free         (BnYamlDocument  *self);
BnYamlNode      *bn_yaml_document_get_root     (BnYamlDocument  *self);

BnYamlNode      *bn_yaml_node_resolve          (BnYamlNode      *node);
guint            bn_yaml_node_get_line         (BnYamlNode      *node);
BnYamlValueType  bn_yaml_node_get_value_type   (BnYamlNode      *node);
const char      *bn_yaml_node_get_string       (BnYamlNode      *node,
                                                gsize           *length);
gboolean         bn_yaml_node_get_boolean      (BnYamlNode      *node);
guint            bn_yaml_node_get_n_children   (BnYamlNode      *node);
BnYamlNode      *bn_yaml_node_get_child        (BnYamlNode      *node,
                                                guint            index);
BnYamlNode      *bn_yaml_mapping_lookup        (BnYamlNode      *mapping,
                                                const char      *key);
void             bn_yaml_mapping_foreach       (BnYamlNode      *mapping,
                                                void           (*func) (const char *key,
                                                                        BnYamlNode *value,
                                                                        gpointer    user_data),
                                                gpointer         user_data);
gboolean         bn_yaml_node_to_json          (BnYamlNode      *node,
                                                GString         *out);
const char      *bn_yaml_value_type_to_string  (BnYamlValueType  type);
GBytes          *bn_yaml_decode_base64         (const char      *text,
                                                gsize           *bad_offset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnYamlDocument, bn_yaml_document_free)

G_END_DECLS
