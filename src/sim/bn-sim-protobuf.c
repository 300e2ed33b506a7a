/* bn-sim-protobuf.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-sim-protobuf.h"
#include "bn-sim-store.h"

/* kubectl sends access reviews as Kubernetes protobuf ("k8s\0" and a
 * runtime.Unknown envelope). This decodes just the messages those
 * reviews use into the JSON shape the rest of the server reads; every
 * other field is skipped.
 */

typedef struct _Schema Schema;

typedef struct
{
  guint         number;
  const char   *name;
  const Schema *message;   /* NULL: a string */
} Field;

struct _Schema
{
  const Field *fields;
  guint        n_fields;
};

#define SCHEMA(f) { f, G_N_ELEMENTS (f) }

static const Field resource_attribute_fields[] = {
  { 1, "namespace", NULL }, { 2, "verb", NULL }, { 3, "group", NULL }, { 4, "version", NULL },
  { 5, "resource", NULL }, { 6, "subresource", NULL }, { 7, "name", NULL },
};
static const Schema resource_attributes = SCHEMA (resource_attribute_fields);

static const Field non_resource_attribute_fields[] = {
  { 1, "path", NULL }, { 2, "verb", NULL },
};
static const Schema non_resource_attributes = SCHEMA (non_resource_attribute_fields);

static const Field spec_fields[] = {
  { 1, "resourceAttributes", &resource_attributes },
  { 2, "nonResourceAttributes", &non_resource_attributes },
};
static const Schema access_spec = SCHEMA (spec_fields);

static const Field rules_spec_fields[] = {
  { 1, "namespace", NULL },
};
static const Schema rules_spec = SCHEMA (rules_spec_fields);

static const Field access_review_fields[] = { { 2, "spec", &access_spec } };
static const Schema access_review = SCHEMA (access_review_fields);
static const Field rules_review_fields[] = { { 2, "spec", &rules_spec } };
static const Schema rules_review = SCHEMA (rules_review_fields);
static const Schema self_review = { NULL, 0 };

static const Field type_meta_fields[] = { { 1, "apiVersion", NULL }, { 2, "kind", NULL } };
static const Schema type_meta = SCHEMA (type_meta_fields);

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         offset;
} Reader;

static gboolean
read_varint (Reader  *reader,
             guint64 *value)
{
  *value = 0;
  for (guint shift = 0; shift < 64; shift += 7)
    {
      guint8 byte;

      if (reader->offset >= reader->length)
        return FALSE;
      byte = reader->data[reader->offset++];
      *value |= (guint64) (byte & 0x7f) << shift;
      if ((byte & 0x80) == 0)
        return TRUE;
    }
  return FALSE;
}

static const Field *
find_field (const Schema *schema,
            guint64       number)
{
  for (guint i = 0; i < schema->n_fields; i++)
    if (schema->fields[i].number == number)
      return &schema->fields[i];
  return NULL;
}

static gboolean decode_message (const guint8 *data,
                                gsize         length,
                                const Schema *schema,
                                JsonObject   *out,
                                guint         depth);

static gboolean
decode_message (const guint8 *data,
                gsize         length,
                const Schema *schema,
                JsonObject   *out,
                guint         depth)
{
  Reader reader = { data, length, 0 };

  if (depth > 8)
    return FALSE;

  while (reader.offset < reader.length)
    {
      guint64 key, value;
      guint wire_type;
      const Field *field;

      if (!read_varint (&reader, &key))
        return FALSE;
      wire_type = key & 7;
      field = find_field (schema, key >> 3);

      switch (wire_type)
        {
        case 0:
          if (!read_varint (&reader, &value))
            return FALSE;
          break;
        case 1:
          if (reader.length - reader.offset < 8)
            return FALSE;
          reader.offset += 8;
          break;
        case 5:
          if (reader.length - reader.offset < 4)
            return FALSE;
          reader.offset += 4;
          break;
        case 2:
          if (!read_varint (&reader, &value) || value > reader.length - reader.offset)
            return FALSE;
          if (field != NULL && field->message == NULL)
            {
              g_autofree char *text = g_strndup ((const char *) reader.data + reader.offset, value);

              if (!g_utf8_validate (text, -1, NULL))
                return FALSE;
              json_object_set_string_member (out, field->name, text);
            }
          else if (field != NULL)
            {
              JsonObject *child = json_object_new ();

              json_object_set_object_member (out, field->name, child);
              if (!decode_message (reader.data + reader.offset, value, field->message, child, depth + 1))
                return FALSE;
            }
          reader.offset += value;
          break;
        default:
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * bn_sim_protobuf_decode_review:
 *
 * Decodes a SelfSubjectAccessReview, SelfSubjectRulesReview or
 * SelfSubjectReview sent as application/vnd.kubernetes.protobuf.
 *
 * Returns: (transfer full) (nullable): the review as JSON, or %NULL with
 *   a 400 %BN_SIM_ERROR
 */
JsonObject *
bn_sim_protobuf_decode_review (const guint8  *data,
                               gsize          length,
                               GError       **error)
{
  static const guint8 magic[4] = { 'k', '8', 's', 0 };
  g_autoptr(JsonObject) envelope = json_object_new ();
  g_autoptr(JsonObject) review = json_object_new ();
  Reader reader;
  const guint8 *raw = NULL;
  gsize raw_length = 0;
  const Schema *schema;
  const char *kind;

  if (length < sizeof magic || memcmp (data, magic, sizeof magic) != 0)
    goto invalid;

  /* runtime.Unknown: typeMeta = 1, raw = 2 */
  reader = (Reader) { data + 4, length - 4, 0 };
  while (reader.offset < reader.length)
    {
      guint64 key, size;

      if (!read_varint (&reader, &key) || (key & 7) != 2 ||
          !read_varint (&reader, &size) || size > reader.length - reader.offset)
        goto invalid;
      if ((key >> 3) == 1 &&
          !decode_message (reader.data + reader.offset, size, &type_meta, envelope, 0))
        goto invalid;
      if ((key >> 3) == 2)
        {
          raw = reader.data + reader.offset;
          raw_length = size;
        }
      reader.offset += size;
    }

  kind = json_object_get_string_member_with_default (envelope, "kind", "");
  if (g_str_equal (kind, "SelfSubjectAccessReview"))
    schema = &access_review;
  else if (g_str_equal (kind, "SelfSubjectRulesReview"))
    schema = &rules_review;
  else if (g_str_equal (kind, "SelfSubjectReview"))
    schema = &self_review;
  else
    goto invalid;

  if (raw != NULL && !decode_message (raw, raw_length, schema, review, 0))
    goto invalid;

  json_object_set_string_member (review, "kind", kind);
  json_object_set_string_member (review, "apiVersion", json_object_get_string_member_with_default (envelope, "apiVersion", ""));
  return g_steal_pointer (&review);

invalid:
  g_set_error (error, BN_SIM_ERROR, 400, "the body of the request could not be decoded as a Kubernetes protobuf object");
  return NULL;
}
