/* bn-sim-api.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-sim-api.h"
#include "bn-sim-yaml.h"

/* The resource routes and their verbs, media type negotiation (Table,
 * PartialObjectMetadata), the access reviews and metrics.k8s.io.
 */

/* Media types */

static gboolean
media_param_is (const char *params,
                const char *name,
                const char *value)
{
  g_autofree char *needle = g_strdup_printf ("%s=%s", name, value);
  g_auto(GStrv) parts = g_strsplit (params, ";", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (g_strstrip (parts[i]), needle))
      return TRUE;

  return FALSE;
}

static gboolean
media_has_param (const char *params,
                 const char *name)
{
  g_autofree char *needle = g_strdup_printf ("%s=", name);
  g_auto(GStrv) parts = g_strsplit (params, ";", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_has_prefix (g_strstrip (parts[i]), needle))
      return TRUE;

  return FALSE;
}

/**
 * bn_sim_negotiate_format:
 * @accept: (nullable): the Accept header
 *
 * Picks the first media type in @accept the server can produce.
 */
BnSimFormat
bn_sim_negotiate_format (const char *accept)
{
  g_auto(GStrv) types = NULL;

  if (accept == NULL || *accept == '\0')
    return BN_SIM_FORMAT_JSON;

  types = g_strsplit (accept, ",", -1);
  for (guint i = 0; types[i] != NULL; i++)
    {
      char *type = g_strstrip (types[i]);
      const char *semicolon = strchr (type, ';');
      g_autofree char *base = semicolon ? g_strndup (type, semicolon - type) : g_strdup (type);
      const char *params = semicolon ? semicolon + 1 : "";

      g_strstrip (base);
      if (!g_str_equal (base, "application/json") && !g_str_equal (base, "*/*") &&
          !g_str_equal (base, "application/*"))
        continue;

      if (!media_has_param (params, "as"))
        return BN_SIM_FORMAT_JSON;
      if (!media_param_is (params, "g", "meta.k8s.io") ||
          !(media_param_is (params, "v", "v1") || media_param_is (params, "v", "v1beta1")))
        continue;
      if (media_param_is (params, "as", "Table"))
        return BN_SIM_FORMAT_TABLE;
      if (media_param_is (params, "as", "PartialObjectMetadata"))
        return BN_SIM_FORMAT_METADATA;
      if (media_param_is (params, "as", "PartialObjectMetadataList"))
        return BN_SIM_FORMAT_METADATA_LIST;
    }

  return BN_SIM_FORMAT_NONE;
}

gboolean
bn_sim_parse_include (BnSimRequest *request,
                      BnSimInclude *include)
{
  const char *value = bn_sim_request_get_query (request, "includeObject");

  *include = BN_SIM_INCLUDE_METADATA;
  if (value == NULL || *value == '\0' || g_str_equal (value, "Metadata"))
    return TRUE;
  if (g_str_equal (value, "None"))
    *include = BN_SIM_INCLUDE_NONE;
  else if (g_str_equal (value, "Object"))
    *include = BN_SIM_INCLUDE_OBJECT;
  else
    {
      g_autofree char *message = g_strdup_printf ("invalid value for includeObject: \"%s\"", value);

      bn_sim_reply_status (request->msg, 400, "BadRequest", message, NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

/* Table and metadata encoders */

void
bn_sim_append_columns (GString             *out,
                       const BnSimResource *resource)
{
  g_string_append (out, "\"columnDefinitions\":[");
  for (guint i = 0; i < resource->n_columns; i++)
    {
      const BnSimColumn *column = &resource->columns[i];

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"name\":");
      bn_sim_json_append_string (out, column->name);
      g_string_append (out, ",\"type\":");
      bn_sim_json_append_string (out, column->type);
      g_string_append (out, ",\"format\":");
      bn_sim_json_append_string (out, column->format);
      g_string_append (out, ",\"description\":");
      bn_sim_json_append_string (out, column->description);
      g_string_append_printf (out, ",\"priority\":%d}", column->priority);
    }
  g_string_append_c (out, ']');
}

void
bn_sim_append_partial (GString     *out,
                       BnSimObject *object)
{
  g_string_append (out, "{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":");
  g_string_append (out, object->metadata_json);
  g_string_append_c (out, '}');
}

void
bn_sim_append_row (GString      *out,
                   BnSimObject  *object,
                   BnSimInclude  include,
                   gint64        now)
{
  g_string_append (out, "{\"cells\":[");
  for (guint i = 0; i < object->cells->len; i++)
    {
      const char *cell = g_ptr_array_index (object->cells, i);

      if (i > 0)
        g_string_append_c (out, ',');
      if (cell == NULL)
        {
          g_autofree char *age = bn_sim_format_age (now - object->age_from);

          bn_sim_json_append_string (out, age);
        }
      else if (cell[0] == BN_SIM_CELL_RESTARTS)
        {
          g_autofree char *rendered = bn_sim_format_cell (cell, now);

          g_string_append (out, rendered);
        }
      else
        g_string_append (out, cell);
    }
  g_string_append_c (out, ']');

  if (include == BN_SIM_INCLUDE_METADATA)
    {
      g_string_append (out, ",\"object\":");
      bn_sim_append_partial (out, object);
    }
  else if (include == BN_SIM_INCLUDE_OBJECT)
    {
      g_string_append (out, ",\"object\":");
      bn_sim_object_append_full (object, out);
    }
  g_string_append_c (out, '}');
}

/* Resource requests */

typedef struct
{
  BnSimRequest   *request;
  BnSimSelector  *labels;
  BnSimSelector  *fields;
  GString        *out;
  BnSimFormat     format;
  BnSimInclude    include;
  gint64          now;
  guint           limit;
  guint           count;
  gboolean        more;
  gboolean        stopped;
  gboolean        count_rest;   /* walk on past the page to count what remains */
  guint           remaining;
  const char     *last_key;
  char           *continue_key;

  /* Continue pages are served as of their snapshot: the state before
   * any later change (NULL value: created later), and objects deleted
   * since then merged back in key order.
   */
  GHashTable     *snapshot;     /* key → BnSimObject* or NULL */
  GPtrArray      *deleted;      /* BnSimObject* gone from the store, sorted by key */
  guint           deleted_next;
} ListState;

static gboolean
object_matches (BnSimObject   *object,
                BnSimSelector *labels,
                BnSimSelector *fields)
{
  return bn_sim_selector_matches (labels, object->labels) &&
         bn_sim_selector_matches (fields, object->fields);
}

static gboolean
emit_item (ListState   *state,
           BnSimObject *object)
{
  if (state->limit > 0 && state->count >= state->limit)
    {
      /* Something remains past this page: hand out a continue token,
       * and count the rest of the same snapshot when asked.
       */
      state->more = TRUE;
      if (state->count_rest)
        {
          state->remaining++;
          return TRUE;
        }
      state->stopped = TRUE;
      return FALSE;
    }

  state->last_key = object->key;
  if (!object_matches (object, state->labels, state->fields))
    return TRUE;

  if (state->count > 0)
    g_string_append_c (state->out, ',');
  state->count++;

  switch (state->format)
    {
    case BN_SIM_FORMAT_TABLE:
      bn_sim_append_row (state->out, object, state->include, state->now);
      break;
    case BN_SIM_FORMAT_METADATA_LIST:
      bn_sim_append_partial (state->out, object);
      break;
    case BN_SIM_FORMAT_JSON:
    case BN_SIM_FORMAT_METADATA:
    case BN_SIM_FORMAT_NONE:
    default:
      bn_sim_object_append_item (object, state->out);
      break;
    }

  return TRUE;
}

static gboolean
emit_deleted_before (ListState  *state,
                     const char *key)
{
  while (state->deleted != NULL && state->deleted_next < state->deleted->len)
    {
      BnSimObject *gone = g_ptr_array_index (state->deleted, state->deleted_next);

      if (key != NULL && strcmp (gone->key, key) >= 0)
        break;
      if (!emit_item (state, gone))
        return FALSE;
      state->deleted_next++;
    }

  return TRUE;
}

static gboolean
list_item_cb (BnSimObject *object,
              gpointer     user_data)
{
  ListState *state = user_data;
  gpointer then;

  if (state->snapshot == NULL)
    return emit_item (state, object);

  if (!emit_deleted_before (state, object->key))
    return FALSE;

  if (!g_hash_table_lookup_extended (state->snapshot, object->key, NULL, &then))
    return emit_item (state, object);
  if (then == NULL)
    return TRUE;   /* created after the snapshot */
  return emit_item (state, then);
}

typedef struct
{
  const BnSimResource *resource;
  GHashTable          *snapshot;
} SnapshotState;

static gboolean
snapshot_event_cb (BnSimEvent *event,
                   gpointer    user_data)
{
  SnapshotState *state = user_data;

  /* The first change after the snapshot holds the state at the snapshot. */
  if (event->object->resource == state->resource &&
      !g_hash_table_contains (state->snapshot, event->object->key))
    g_hash_table_insert (state->snapshot, event->object->key, event->previous);
  return TRUE;
}

static int
compare_by_key (gconstpointer a,
                gconstpointer b)
{
  const BnSimObject *left = *(BnSimObject * const *) a;
  const BnSimObject *right = *(BnSimObject * const *) b;

  return strcmp (left->key, right->key);
}

static void
prepare_snapshot (ListState           *state,
                  BnSimStore          *store,
                  const BnSimResource *resource,
                  const char          *namespace,
                  const char          *after_key,
                  guint64              snapshot)
{
  SnapshotState events = { resource, NULL };
  g_autofree char *prefix = namespace ? g_strconcat (namespace, "/", NULL) : g_strdup ("");
  GHashTableIter iter;
  gpointer key, value;

  if (snapshot >= bn_sim_store_get_resource_version (store))
    return;

  events.snapshot = g_hash_table_new (g_str_hash, g_str_equal);
  bn_sim_store_foreach_event_since (store, snapshot, snapshot_event_cb, &events);
  state->snapshot = events.snapshot;
  state->deleted = g_ptr_array_new ();

  g_hash_table_iter_init (&iter, state->snapshot);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      BnSimObject *then = value;

      if (then == NULL || !g_str_has_prefix (then->key, prefix) ||
          (after_key != NULL && strcmp (then->key, after_key) <= 0) ||
          bn_sim_store_get (store, resource, then->namespace, then->name) != NULL)
        continue;
      g_ptr_array_add (state->deleted, then);
    }
  g_ptr_array_sort (state->deleted, compare_by_key);
}

static char *
encode_continue (guint64     resource_version,
                 const char *key)
{
  GString *json = g_string_new ("{\"v\":\"meta.k8s.io/v1\",\"rv\":");
  g_autofree char *text = NULL;

  g_string_append_printf (json, "%" G_GUINT64_FORMAT ",\"start\":", resource_version);
  bn_sim_json_append_string (json, key);
  g_string_append_c (json, '}');
  text = g_string_free (json, FALSE);
  return g_base64_encode ((const guchar *) text, strlen (text));
}

static gboolean
decode_continue (const char  *token,
                 guint64     *resource_version,
                 char       **key,
                 GError     **error)
{
  g_autofree guchar *data = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;
  gsize length = 0;

  for (const char *p = token; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
      goto invalid;

  data = g_base64_decode (token, &length);
  if (length == 0 || !json_parser_load_from_data (parser, (const char *) data, length, NULL))
    goto invalid;

  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    goto invalid;
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "rv") || !json_object_has_member (object, "start") ||
      json_node_get_value_type (json_object_get_member (object, "rv")) != G_TYPE_INT64 ||
      json_node_get_value_type (json_object_get_member (object, "start")) != G_TYPE_STRING)
    goto invalid;

  *resource_version = json_object_get_int_member (object, "rv");
  *key = g_strdup (json_object_get_string_member (object, "start"));
  return TRUE;

invalid:
  g_set_error (error, BN_SIM_ERROR, 400, "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
  return FALSE;
}

static gboolean
parse_uint (const char *text,
            guint64    *value)
{
  char *end = NULL;

  if (text == NULL || *text == '\0' || !g_ascii_isdigit (*text))
    return FALSE;
  *value = g_ascii_strtoull (text, &end, 10);
  return end != NULL && *end == '\0';
}

static void
reply_invalid_list_options (BnSimRequest *request,
                            const char   *field,
                            const char   *value,
                            const char   *detail)
{
  g_autofree char *message = g_strdup_printf ("ListOptions.meta.k8s.io \"\" is invalid: %s: Forbidden: %s",
                                              field, detail);
  g_autofree char *cause = g_strdup_printf ("Forbidden: %s", detail);
  GString *out = g_string_new ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":");

  bn_sim_json_append_string (out, message);
  g_string_append (out, ",\"reason\":\"Invalid\",\"details\":{\"group\":\"meta.k8s.io\",\"kind\":\"ListOptions\",\"causes\":[{\"reason\":\"FieldValueForbidden\",\"message\":");
  bn_sim_json_append_string (out, cause);
  g_string_append (out, ",\"field\":");
  bn_sim_json_append_string (out, field);
  g_string_append (out, "}]},\"code\":422}\n");
  (void) value;
  bn_sim_reply_json (request->msg, 422, out);
}

/* Checks resourceVersion, resourceVersionMatch and continue the way
 * the apiserver's validation and storage do; replies and returns FALSE
 * when the request must fail.
 */
static gboolean
check_list_versions (BnSimRequest *request,
                     gboolean      watch)
{
  const char *rv = bn_sim_request_get_query (request, "resourceVersion");
  const char *match = bn_sim_request_get_query (request, "resourceVersionMatch");
  const char *cont = bn_sim_request_get_query (request, "continue");
  gboolean initial_events = bn_sim_request_get_query (request, "sendInitialEvents") != NULL;
  BnSimStore *store = request->server->store;
  guint64 version = 0;
  g_autofree char *message = NULL;

  if (rv != NULL && *rv != '\0' && !parse_uint (rv, &version))
    {
      message = g_strdup_printf ("resourceVersion: Invalid value: \"%s\": must be a valid resourceVersion", rv);
      bn_sim_reply_status (request->msg, 400, "BadRequest", message, NULL, NULL, NULL);
      return FALSE;
    }

  if (match != NULL && *match != '\0' && watch && !initial_events)
    {
      reply_invalid_list_options (request, "resourceVersionMatch", match,
                                  "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided");
      return FALSE;
    }

  if (match != NULL && *match != '\0' && !(watch && initial_events))
    {
      if (rv == NULL || *rv == '\0')
        {
          reply_invalid_list_options (request, "resourceVersionMatch", match,
                                      "resourceVersionMatch is forbidden unless resourceVersion is provided");
          return FALSE;
        }
      if (cont != NULL && *cont != '\0')
        {
          reply_invalid_list_options (request, "resourceVersionMatch", match,
                                      "resourceVersionMatch is forbidden when continue is provided");
          return FALSE;
        }
      if (!g_str_equal (match, "Exact") && !g_str_equal (match, "NotOlderThan"))
        {
          reply_invalid_list_options (request, "resourceVersionMatch", match,
                                      "supported values: \"Exact\", \"NotOlderThan\", \"\"");
          return FALSE;
        }
      if (g_str_equal (match, "Exact") && version == 0)
        {
          reply_invalid_list_options (request, "resourceVersionMatch", match,
                                      "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
          return FALSE;
        }
    }

  if (initial_events && !watch)
    {
      reply_invalid_list_options (request, "sendInitialEvents", "true",
                                  "sendInitialEvents is forbidden for list");
      return FALSE;
    }

  if (!watch && cont != NULL && *cont != '\0' && rv != NULL && *rv != '\0' && !g_str_equal (rv, "0"))
    {
      bn_sim_reply_status (request->msg, 400, "BadRequest",
                           "specifying resource version is not allowed when using continue", NULL, NULL, NULL);
      return FALSE;
    }

  if (!watch && version > bn_sim_store_get_resource_version (store))
    {
      message = g_strdup_printf ("Timeout: Too large resource version: %" G_GUINT64_FORMAT ", current: %" G_GUINT64_FORMAT,
                                 version, bn_sim_store_get_resource_version (store));
      bn_sim_reply_status (request->msg, 504, "Timeout", message, NULL, NULL, NULL);
      return FALSE;
    }

  /* An exact read of a compacted version is gone. */
  if (!watch && version > 0 && version < bn_sim_store_get_history_floor (store) &&
      ((match != NULL && g_str_equal (match, "Exact")) ||
       ((match == NULL || *match == '\0') && bn_sim_request_get_query (request, "limit") != NULL)))
    {
      message = g_strdup_printf ("The resourceVersion for the provided list is too old.");
      bn_sim_reply_status (request->msg, 410, "Expired", message, NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

static const char *
list_kind_suffix (BnSimFormat format)
{
  return format == BN_SIM_FORMAT_TABLE ? "Table" : "List";
}

static void
handle_list (BnSimRequest *request,
             BnSimFormat   format,
             BnSimInclude  include)
{
  BnSimStore *store = request->server->store;
  const BnSimResource *resource = request->resource;
  const char *limit_text = bn_sim_request_get_query (request, "limit");
  const char *cont = bn_sim_request_get_query (request, "continue");
  const char *rv = bn_sim_request_get_query (request, "resourceVersion");
  g_autoptr(BnSimSelector) labels = NULL;
  g_autoptr(BnSimSelector) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after_key = NULL;
  g_autofree char *api_version = bn_sim_resource_dup_group_version (resource);
  guint64 snapshot = bn_sim_store_get_resource_version (store);
  guint64 limit = 0;
  ListState state = { 0 };

  if (format == BN_SIM_FORMAT_METADATA)
    {
      bn_sim_reply_status (request->msg, 406, "NotAcceptable",
                           "only the following media types are accepted: application/json, application/yaml, "
                           "application/vnd.kubernetes.protobuf", NULL, NULL, NULL);
      return;
    }

  if ((labels = bn_sim_selector_parse_labels (bn_sim_request_get_query (request, "labelSelector"), &error)) == NULL ||
      (fields = bn_sim_selector_parse_fields (bn_sim_request_get_query (request, "fieldSelector"), &error)) == NULL)
    {
      bn_sim_reply_status (request->msg, 400, "BadRequest", error->message, NULL, NULL, NULL);
      return;
    }

  if (!check_list_versions (request, FALSE))
    return;

  if (limit_text != NULL && *limit_text != '\0' && !parse_uint (limit_text, &limit))
    limit = 0;

  if (limit > 0 && rv != NULL && g_str_equal (rv, "0") && request->server->ignore_limit_at_zero)
    limit = 0;

  if (cont != NULL && *cont != '\0')
    {
      if (!decode_continue (cont, &snapshot, &after_key, &error))
        {
          bn_sim_reply_status (request->msg, 400, "BadRequest", error->message, NULL, NULL, NULL);
          return;
        }
      if (snapshot < bn_sim_store_get_history_floor (store))
        {
          bn_sim_reply_status (request->msg, 410, "Expired",
                               "The provided continue parameter is too old to display a consistent list result. "
                               "You can start a new list without the continue parameter.",
                               NULL, NULL, NULL);
          return;
        }
    }

  state.request = request;
  state.labels = labels;
  state.fields = fields;
  state.format = format;
  state.include = include;
  state.now = g_get_real_time () / G_USEC_PER_SEC;
  state.limit = MIN (limit, G_MAXUINT);
  /* Upstream counts what remains only for unfiltered lists. */
  state.count_rest = bn_sim_request_get_query (request, "labelSelector") == NULL &&
                     bn_sim_request_get_query (request, "fieldSelector") == NULL;
  state.out = g_string_sized_new (4096);

  if (format == BN_SIM_FORMAT_TABLE)
    g_string_append (state.out, "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{");
  else if (format == BN_SIM_FORMAT_METADATA_LIST)
    g_string_append (state.out, "{\"kind\":\"PartialObjectMetadataList\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{");
  else
    g_string_append_printf (state.out, "{\"kind\":\"%s%s\",\"apiVersion\":\"%s\",\"metadata\":{",
                            resource->kind, list_kind_suffix (format), api_version);

  /* The metadata goes first but depends on the walk: build items apart. */
  {
    GString *head = state.out;
    g_autofree char *token = NULL;

    state.out = g_string_sized_new (limit > 0 ? limit * 9000 : 65536);
    prepare_snapshot (&state, store, resource, resource->namespaced ? request->namespace : NULL, after_key, snapshot);
    bn_sim_store_foreach (store, resource, request->namespace, after_key, list_item_cb, &state);
    if (!state.stopped)
      emit_deleted_before (&state, NULL);
    g_clear_pointer (&state.snapshot, g_hash_table_unref);
    g_clear_pointer (&state.deleted, g_ptr_array_unref);

    g_string_append_printf (head, "\"resourceVersion\":\"%" G_GUINT64_FORMAT "\"", snapshot);
    if (state.more && state.last_key != NULL)
      {
        token = encode_continue (snapshot, state.last_key);
        g_string_append (head, ",\"continue\":");
        bn_sim_json_append_string (head, token);
        if (state.count_rest)
          g_string_append_printf (head, ",\"remainingItemCount\":%u", state.remaining);
      }
    g_string_append (head, "},");

    if (format == BN_SIM_FORMAT_TABLE)
      {
        bn_sim_append_columns (head, resource);
        g_string_append (head, ",\"rows\":[");
      }
    else
      g_string_append (head, "\"items\":[");

    g_string_append_len (head, state.out->str, state.out->len);
    g_string_free (state.out, TRUE);
    g_string_append (head, "]}\n");
    state.out = head;
  }

  request->server->served_list_items += state.count;
  bn_sim_reply_json (request->msg, 200, state.out);
}

static void
reply_object (BnSimRequest *request,
              guint         code,
              BnSimObject  *object,
              BnSimFormat   format,
              BnSimInclude  include)
{
  GString *out = g_string_sized_new (g_bytes_get_size (object->json) + 128);

  switch (format)
    {
    case BN_SIM_FORMAT_TABLE:
      g_string_append_printf (out, "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":"
                              "{\"resourceVersion\":\"%" G_GUINT64_FORMAT "\"},", object->resource_version);
      bn_sim_append_columns (out, object->resource);
      g_string_append (out, ",\"rows\":[");
      bn_sim_append_row (out, object, include, g_get_real_time () / G_USEC_PER_SEC);
      g_string_append (out, "]}");
      break;
    case BN_SIM_FORMAT_METADATA:
      bn_sim_append_partial (out, object);
      break;
    case BN_SIM_FORMAT_JSON:
    case BN_SIM_FORMAT_METADATA_LIST:
    case BN_SIM_FORMAT_NONE:
    default:
      bn_sim_object_append_full (object, out);
      break;
    }

  g_string_append_c (out, '\n');
  bn_sim_reply_json (request->msg, code, out);
}

static void
reply_not_found_object (BnSimRequest *request)
{
  g_autofree char *qualified = request->resource->group[0]
                               ? g_strdup_printf ("%s.%s", request->resource->plural, request->resource->group)
                               : g_strdup (request->resource->plural);
  g_autofree char *message = g_strdup_printf ("%s \"%s\" not found", qualified, request->name);

  bn_sim_reply_status (request->msg, 404, "NotFound", message, request->name,
                       request->resource->group, request->resource->plural);
}

/**
 * bn_sim_parse_body:
 *
 * Parses a request body; the error is a 400 %BN_SIM_ERROR worded like
 * the apiserver's decoder errors.
 *
 * Returns: (transfer full) (nullable): the document
 */
JsonNode *
bn_sim_parse_body (const char  *data,
                   gsize        length,
                   GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  if (data == NULL || length == 0)
    {
      g_set_error (error, BN_SIM_ERROR, 400, "the body of the request was empty");
      return NULL;
    }

  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, BN_SIM_ERROR, 400, "the body of the request is not valid UTF-8");
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, BN_SIM_ERROR, 400, "couldn't get version/kind; json parse error: %s", local_error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, BN_SIM_ERROR, 400, "the body of the request was empty");
      return NULL;
    }

  return json_node_copy (json_parser_get_root (parser));
}

/**
 * bn_sim_read_body:
 * @content_types: the media types accepted
 *
 * Reads a JSON request body; replies 415 or 400 and returns %NULL when
 * it cannot.
 *
 * Returns: (transfer full) (nullable): the document
 */
JsonNode *
bn_sim_read_body (BnSimRequest *request,
           const char   *const *content_types)
{
  SoupMessageBody *body = soup_server_message_get_request_body (request->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GError) error = NULL;
  const char *content_type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (request->msg), NULL);
  JsonNode *node;

  if (content_type == NULL || !g_strv_contains (content_types, content_type))
    {
      g_autoptr(GString) message = g_string_new ("the body of the request was in an unknown format - accepted media types include: ");

      for (guint i = 0; content_types[i] != NULL; i++)
        g_string_append_printf (message, "%s%s", i ? ", " : "", content_types[i]);
      bn_sim_reply_status (request->msg, 415, "UnsupportedMediaType", message->str, NULL, NULL, NULL);
      return NULL;
    }

  node = bn_sim_parse_body (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  if (node == NULL)
    {
      bn_sim_reply_status (request->msg, 400, "BadRequest", error->message, NULL, NULL, NULL);
      return NULL;
    }

  return node;
}

static const char * const json_types[] = { "application/json", NULL };

static JsonObject *
read_object_body (BnSimRequest *request)
{
  g_autoptr(JsonNode) node = bn_sim_read_body (request, json_types);
  const BnSimResource *resource = request->resource;
  JsonObject *object;
  const char *kind;
  const char *api_version;
  g_autofree char *expected_version = bn_sim_resource_dup_group_version (resource);

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      bn_sim_reply_status (request->msg, 400, "BadRequest",
                           "couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }",
                           NULL, NULL, NULL);
      return NULL;
    }

  object = json_node_get_object (node);
  kind = json_object_has_member (object, "kind") && JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "kind"))
         ? json_object_get_string_member (object, "kind") : NULL;
  api_version = json_object_has_member (object, "apiVersion") && JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "apiVersion"))
                ? json_object_get_string_member (object, "apiVersion") : NULL;

  if (kind != NULL && *kind != '\0' && !g_str_equal (kind, resource->kind))
    {
      g_autofree char *message = g_strdup_printf ("%s in version \"%s\" cannot be handled as a %s: no kind \"%s\" is registered for version \"%s\" in scheme",
                                                  resource->kind, resource->version, resource->kind, kind, api_version ? api_version : "");

      bn_sim_reply_status (request->msg, 400, "BadRequest", message, NULL, NULL, NULL);
      return NULL;
    }

  if (api_version != NULL && *api_version != '\0' && !g_str_equal (api_version, expected_version))
    {
      g_autofree char *message = g_strdup_printf ("the API version in the data (%s) does not match the expected API version (%s)",
                                                  api_version, expected_version);

      bn_sim_reply_status (request->msg, 400, "BadRequest", message, NULL, NULL, NULL);
      return NULL;
    }

  if (json_object_has_member (object, "metadata") && !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "metadata")))
    {
      bn_sim_reply_status (request->msg, 400, "BadRequest",
                           "json: cannot unmarshal into Go struct field .metadata of type v1.ObjectMeta",
                           NULL, NULL, NULL);
      return NULL;
    }

  return json_object_ref (object);
}

static gboolean
is_dry_run (BnSimRequest *request)
{
  const char *value = bn_sim_request_get_query (request, "dryRun");

  return value != NULL && g_str_equal (value, "All");
}

static JsonObject *
ensure_metadata (JsonObject *object)
{
  if (!json_object_has_member (object, "metadata"))
    json_object_set_object_member (object, "metadata", json_object_new ());
  return json_object_get_object_member (object, "metadata");
}

static const char *
metadata_string (JsonObject *metadata,
                 const char *member)
{
  JsonNode *node = json_object_has_member (metadata, member) ? json_object_get_member (metadata, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
check_namespace_matches (BnSimRequest *request,
                         JsonObject   *metadata)
{
  const char *namespace = metadata_string (metadata, "namespace");

  if (!request->resource->namespaced)
    return TRUE;

  if (namespace != NULL && *namespace != '\0' && g_strcmp0 (namespace, request->namespace) != 0)
    {
      bn_sim_reply_status (request->msg, 400, "BadRequest",
                           "the namespace of the provided object does not match the namespace sent on the request",
                           NULL, NULL, NULL);
      return FALSE;
    }

  json_object_set_string_member (metadata, "namespace", request->namespace);
  return TRUE;
}

static gboolean
namespace_exists (BnSimRequest *request)
{
  const BnSimResource *namespaces = bn_sim_resources_lookup ("", "v1", "namespaces");
  g_autofree char *message = NULL;

  if (!request->resource->namespaced || request->namespace == NULL ||
      bn_sim_store_get (request->server->store, namespaces, NULL, request->namespace) != NULL)
    return TRUE;

  message = g_strdup_printf ("namespaces \"%s\" not found", request->namespace);
  bn_sim_reply_status (request->msg, 404, "NotFound", message, request->namespace, "", "namespaces");
  return FALSE;
}

static void
handle_create (BnSimRequest *request)
{
  g_autoptr(JsonObject) object = read_object_body (request);
  g_autoptr(BnSimObject) stored = NULL;
  g_autoptr(GError) error = NULL;

  if (object == NULL)
    return;

  if (!check_namespace_matches (request, ensure_metadata (object)) || !namespace_exists (request))
    return;

  stored = bn_sim_store_create (request->server->store, request->resource, object, is_dry_run (request), &error);
  if (stored == NULL)
    {
      g_free (request->name);
      request->name = g_strdup (metadata_string (ensure_metadata (object), "name"));
      bn_sim_reply_error (request, error);
      return;
    }

  reply_object (request, 201, stored, BN_SIM_FORMAT_JSON, BN_SIM_INCLUDE_OBJECT);
}

static void
store_update (BnSimRequest *request,
              JsonObject   *object)
{
  g_autoptr(BnSimObject) stored = NULL;
  g_autoptr(GError) error = NULL;

  stored = bn_sim_store_update (request->server->store, request->resource, object, is_dry_run (request), &error);
  if (stored == NULL)
    {
      bn_sim_reply_error (request, error);
      return;
    }

  reply_object (request, 200, stored, BN_SIM_FORMAT_JSON, BN_SIM_INCLUDE_OBJECT);
}

static void
handle_update (BnSimRequest *request)
{
  g_autoptr(JsonObject) object = read_object_body (request);
  JsonObject *metadata;
  const char *name;

  if (object == NULL)
    return;

  metadata = ensure_metadata (object);
  name = metadata_string (metadata, "name");
  if (name != NULL && !g_str_equal (name, request->name))
    {
      g_autofree char *message = g_strdup_printf ("the name of the object (%s) does not match the name on the URL (%s)",
                                                  name, request->name);

      bn_sim_reply_status (request->msg, 400, "BadRequest", message, NULL, NULL, NULL);
      return;
    }
  json_object_set_string_member (metadata, "name", request->name);
  if (!check_namespace_matches (request, metadata))
    return;

  store_update (request, object);
}

static const char * const patch_types[] = {
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
  NULL
};

/* Applies the request's patch to a copy of @object. */
static JsonObject *
patch_object (BnSimRequest *request,
              JsonObject   *object)
{
  g_autoptr(JsonNode) patch = bn_sim_read_body (request, patch_types);
  const char *content_type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (request->msg), NULL);
  g_autoptr(JsonNode) target = json_node_init_object (json_node_alloc (), object);
  g_autoptr(GError) error = NULL;

  if (patch == NULL)
    return NULL;

  if (g_str_equal (content_type, "application/json-patch+json"))
    {
      if (!JSON_NODE_HOLDS_ARRAY (patch))
        {
          bn_sim_reply_status (request->msg, 400, "BadRequest",
                               "json: cannot unmarshal object into Go value of type jsonpatch.Patch", NULL, NULL, NULL);
          return NULL;
        }
      if (!bn_sim_apply_json_patch (target, json_node_get_array (patch), &error))
        {
          bn_sim_reply_status (request->msg, error->code, NULL, error->message, NULL, NULL, NULL);
          return NULL;
        }
      if (!JSON_NODE_HOLDS_OBJECT (target))
        {
          bn_sim_reply_status (request->msg, 422, "Invalid", "the patch replaced the whole object", NULL, NULL, NULL);
          return NULL;
        }
      return json_object_ref (json_node_get_object (target));
    }

  if (!JSON_NODE_HOLDS_OBJECT (patch))
    {
      bn_sim_reply_status (request->msg, 400, "BadRequest",
                           "json: cannot unmarshal array into Go value of type map[string]interface {}", NULL, NULL, NULL);
      return NULL;
    }

  if (g_str_equal (content_type, "application/strategic-merge-patch+json"))
    bn_sim_apply_strategic_merge_patch (object, json_node_get_object (patch));
  else
    bn_sim_apply_merge_patch (object, json_node_get_object (patch));
  return json_object_ref (object);
}

/* Server-side apply */

#define APPLY_TYPE "application/apply-patch+yaml"

static gboolean
is_apply (BnSimRequest *request)
{
  const char *content_type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (request->msg), NULL);

  return g_str_equal (request->method, "PATCH") && g_str_has_prefix (content_type ? content_type : "",
                                                                      "application/apply-patch+");
}

/* An apply configuration: JSON (what kubectl sends) or YAML. */
static JsonObject *
read_apply_body (BnSimRequest *request)
{
  SoupMessageBody *body = soup_server_message_get_request_body (request->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  node = bn_sim_parse_body (data, length, NULL);
  if (node == NULL && data != NULL && length > 0 && g_utf8_validate (data, length, NULL) &&
      (documents = bn_sim_yaml_load_documents (data, length, &error)) != NULL && documents->len == 1)
    node = json_node_copy (g_ptr_array_index (documents, 0));

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      bn_sim_reply_status (request->msg, 400, "BadRequest",
                           "error decoding YAML: the apply configuration is not an object", NULL, NULL, NULL);
      return NULL;
    }

  if (json_object_has_member (json_node_get_object (node), "metadata") &&
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (node), "metadata")))
    {
      bn_sim_reply_status (request->msg, 400, "BadRequest",
                           "json: cannot unmarshal into Go struct field .metadata of type v1.ObjectMeta",
                           NULL, NULL, NULL);
      return NULL;
    }

  return json_object_ref (json_node_get_object (node));
}

static gboolean
check_apply_identity (BnSimRequest *request,
                      JsonObject   *applied)
{
  JsonObject *metadata = ensure_metadata (applied);
  const char *kind = metadata_string (applied, "kind");
  const char *api_version = metadata_string (applied, "apiVersion");
  const char *name = metadata_string (metadata, "name");
  g_autofree char *expected_version = bn_sim_resource_dup_group_version (request->resource);
  g_autofree char *message = NULL;

  if (kind == NULL || api_version == NULL || *kind == '\0' || *api_version == '\0')
    message = g_strdup ("apiVersion and kind must be set in an apply configuration");
  else if (!g_str_equal (kind, request->resource->kind) || !g_str_equal (api_version, expected_version))
    message = g_strdup_printf ("the apply configuration is a %s %s, not a %s %s",
                               api_version, kind, expected_version, request->resource->kind);
  else if (name != NULL && !g_str_equal (name, request->name))
    message = g_strdup_printf ("the name of the object (%s) does not match the name on the URL (%s)",
                               name, request->name);

  if (message != NULL)
    {
      bn_sim_reply_status (request->msg, 400, "BadRequest", message, NULL, NULL, NULL);
      return FALSE;
    }

  json_object_set_string_member (metadata, "name", request->name);
  return check_namespace_matches (request, metadata);
}

/* A PATCH of type apply-patch+yaml: the configuration is merged onto
 * the live object (or becomes it), and its fields are recorded as the
 * field manager's. Conflicts between managers are not detected.
 */
static void
handle_apply (BnSimRequest *request,
              BnSimObject  *current)
{
  g_autoptr(JsonObject) applied = NULL;
  g_autoptr(JsonObject) live = NULL;
  g_autoptr(BnSimObject) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *api_version = bn_sim_resource_dup_group_version (request->resource);
  const char *manager = bn_sim_request_get_query (request, "fieldManager");
  JsonObject *metadata;

  if (!g_str_equal (soup_message_headers_get_content_type (soup_server_message_get_request_headers (request->msg), NULL),
                    APPLY_TYPE))
    {
      bn_sim_reply_status (request->msg, 415, "UnsupportedMediaType",
                           "the body of the request was in an unknown format - accepted media types include: "
                           "application/json-patch+json, application/merge-patch+json, "
                           "application/strategic-merge-patch+json, " APPLY_TYPE, NULL, NULL, NULL);
      return;
    }

  if ((applied = read_apply_body (request)) == NULL || !check_apply_identity (request, applied))
    return;

  if (manager == NULL || *manager == '\0')
    {
      g_autofree char *message = g_strdup_printf ("%s.%s \"%s\" is invalid: metadata.managedFields.fieldManager: "
                                                  "Required value: is required for apply patch",
                                                  request->resource->plural, request->resource->group, request->name);

      bn_sim_reply_status (request->msg, 422, "Invalid", message, request->name,
                           request->resource->group, request->resource->plural);
      return;
    }

  if (current == NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), applied);
      g_autofree char *text = NULL;
      g_autoptr(JsonNode) copy = NULL;

      if (!namespace_exists (request))
        return;
      text = json_to_string (node, FALSE);
      copy = json_from_string (text, NULL);
      live = json_object_ref (json_node_get_object (copy));
      metadata = ensure_metadata (live);
      json_object_remove_member (metadata, "managedFields");
      bn_sim_record_apply (live, applied, manager, api_version);
      stored = bn_sim_store_create (request->server->store, request->resource, live, is_dry_run (request), &error);
      if (stored == NULL)
        {
          bn_sim_reply_error (request, error);
          return;
        }
      reply_object (request, 201, stored, BN_SIM_FORMAT_JSON, BN_SIM_INCLUDE_OBJECT);
      return;
    }

  live = bn_sim_object_parse (current);
  metadata = ensure_metadata (live);
  /* Applying is never stale, unless the configuration names a resourceVersion. */
  json_object_remove_member (metadata, "resourceVersion");
  json_object_remove_member (ensure_metadata (applied), "managedFields");
  bn_sim_apply_strategic_merge_patch (live, applied);
  bn_sim_record_apply (live, applied, manager, api_version);
  json_object_set_string_member (live, "kind", request->resource->kind);
  json_object_set_string_member (live, "apiVersion", api_version);
  store_update (request, live);
}

static void
handle_patch (BnSimRequest *request,
              BnSimObject  *current)
{
  g_autoptr(JsonObject) object = bn_sim_object_parse (current);
  g_autoptr(JsonObject) patched = NULL;
  g_autofree char *rv = g_strdup_printf ("%" G_GUINT64_FORMAT, current->resource_version);
  JsonObject *metadata;

  /* Without a resourceVersion in the patch, a patch never conflicts. */
  json_object_remove_member (ensure_metadata (object), "resourceVersion");

  if ((patched = patch_object (request, object)) == NULL)
    return;

  metadata = ensure_metadata (patched);
  if (metadata_string (metadata, "resourceVersion") == NULL)
    json_object_set_string_member (metadata, "resourceVersion", rv);
  json_object_set_string_member (metadata, "name", request->name);
  if (request->resource->namespaced)
    json_object_set_string_member (metadata, "namespace", request->namespace);
  json_object_set_string_member (patched, "kind", request->resource->kind);

  store_update (request, patched);
}

static gboolean
collect_all_cb (BnSimObject *object,
                gpointer     user_data)
{
  g_ptr_array_add (user_data, bn_sim_object_ref (object));
  return TRUE;
}

/* What the namespace controller does, at once: everything in a deleted
 * namespace goes too, each with its DELETED event.
 */
static void
delete_namespace_contents (BnSimStore *store,
                           const char *namespace)
{
  guint n;
  const BnSimResource *resources = bn_sim_resources_get_all (&n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_sim_object_unref);

      if (!resources[i].namespaced || !resources[i].stored)
        continue;
      bn_sim_store_foreach (store, &resources[i], namespace, NULL, collect_all_cb, objects);
      for (guint j = 0; j < objects->len; j++)
        {
          BnSimObject *object = g_ptr_array_index (objects, j);
          g_autoptr(BnSimObject) last = bn_sim_store_delete (store, &resources[i], object->namespace,
                                                             object->name, NULL, FALSE, NULL);
        }
    }
}

/* gracePeriodSeconds, from the query or DeleteOptions; -1 when unset. */
static gint64
grace_period_from_query (BnSimRequest *request)
{
  const char *text = bn_sim_request_get_query (request, "gracePeriodSeconds");
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, 0, G_MAXINT32, &value, NULL))
    return -1;
  return value;
}

static gint64
grace_period_from_options (JsonObject *options,
                           gint64      fallback)
{
  JsonNode *node = json_object_has_member (options, "gracePeriodSeconds")
                   ? json_object_get_member (options, "gracePeriodSeconds") : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return CLAMP (json_node_get_int (node), 0, G_MAXINT32);
}

static void
handle_delete (BnSimRequest *request)
{
  SoupMessageBody *body = soup_server_message_get_request_body (request->msg);
  g_autoptr(BnSimObject) last = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) options = NULL;
  const char *precondition = NULL;
  gboolean dry_run = is_dry_run (request);
  gint64 grace = grace_period_from_query (request);

  if (body != NULL && body->length > 0)
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);

      options = bn_sim_parse_body (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
      if (options == NULL)
        {
          bn_sim_reply_status (request->msg, 400, "BadRequest", error->message, NULL, NULL, NULL);
          return;
        }
      if (JSON_NODE_HOLDS_OBJECT (options))
        {
          JsonObject *object = json_node_get_object (options);
          JsonNode *preconditions = json_object_has_member (object, "preconditions")
                                    ? json_object_get_member (object, "preconditions") : NULL;
          JsonNode *dry = json_object_has_member (object, "dryRun") ? json_object_get_member (object, "dryRun") : NULL;

          if (preconditions != NULL && JSON_NODE_HOLDS_OBJECT (preconditions))
            precondition = metadata_string (json_node_get_object (preconditions), "resourceVersion");
          if (dry != NULL && JSON_NODE_HOLDS_ARRAY (dry) && json_array_get_length (json_node_get_array (dry)) > 0)
            dry_run = TRUE;
          grace = grace_period_from_options (object, grace);
        }
    }

  last = bn_sim_store_delete_gracefully (request->server->store, request->resource, request->namespace,
                                         request->name, grace, precondition, dry_run, &error);
  if (last == NULL)
    {
      bn_sim_reply_error (request, error);
      return;
    }

  if (!dry_run && request->resource->group[0] == '\0' && g_str_equal (request->resource->plural, "namespaces"))
    delete_namespace_contents (request->server->store, request->name);

  reply_object (request, 200, last, BN_SIM_FORMAT_JSON, BN_SIM_INCLUDE_OBJECT);
}

typedef struct
{
  GPtrArray     *names;
  BnSimSelector *labels;
  BnSimSelector *fields;
} CollectState;

static gboolean
collect_cb (BnSimObject *object,
            gpointer     user_data)
{
  CollectState *state = user_data;

  if (object_matches (object, state->labels, state->fields))
    g_ptr_array_add (state->names, bn_sim_object_ref (object));
  return TRUE;
}

static void
handle_delete_collection (BnSimRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnSimSelector) labels = NULL;
  g_autoptr(BnSimSelector) fields = NULL;
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_sim_object_unref);
  g_autofree char *api_version = bn_sim_resource_dup_group_version (request->resource);
  CollectState state;
  GString *out;

  if ((labels = bn_sim_selector_parse_labels (bn_sim_request_get_query (request, "labelSelector"), &error)) == NULL ||
      (fields = bn_sim_selector_parse_fields (bn_sim_request_get_query (request, "fieldSelector"), &error)) == NULL)
    {
      bn_sim_reply_status (request->msg, 400, "BadRequest", error->message, NULL, NULL, NULL);
      return;
    }

  state.names = objects;
  state.labels = labels;
  state.fields = fields;
  bn_sim_store_foreach (request->server->store, request->resource, request->namespace, NULL, collect_cb, &state);

  out = g_string_new (NULL);
  g_string_append_printf (out, "{\"kind\":\"%sList\",\"apiVersion\":\"%s\",\"metadata\":{\"resourceVersion\":\"%" G_GUINT64_FORMAT "\"},\"items\":[",
                          request->resource->kind, api_version, bn_sim_store_get_resource_version (request->server->store));
  for (guint i = 0; i < objects->len; i++)
    {
      BnSimObject *object = g_ptr_array_index (objects, i);
      g_autoptr(BnSimObject) last = bn_sim_store_delete_gracefully (request->server->store, request->resource,
                                                                    object->namespace, object->name,
                                                                    grace_period_from_query (request), NULL,
                                                                    is_dry_run (request), NULL);

      if (last == NULL)
        continue;
      if (out->str[out->len - 1] != '[')
        g_string_append_c (out, ',');
      bn_sim_object_append_item (last, out);
    }
  g_string_append (out, "]}\n");
  bn_sim_reply_json (request->msg, 200, out);
}

/* Scale subresource */

static gint64
get_replicas (JsonObject *object)
{
  JsonObject *spec = json_object_has_member (object, "spec") ? json_object_get_object_member (object, "spec") : NULL;

  return spec ? json_object_get_int_member_with_default (spec, "replicas", 1) : 1;
}

static char *
selector_text (JsonObject *object)
{
  JsonObject *spec = json_object_has_member (object, "spec") ? json_object_get_object_member (object, "spec") : NULL;
  JsonObject *selector = spec && json_object_has_member (spec, "selector") ? json_object_get_object_member (spec, "selector") : NULL;
  JsonObject *labels = selector && json_object_has_member (selector, "matchLabels") ? json_object_get_object_member (selector, "matchLabels") : NULL;
  GString *out = g_string_new (NULL);

  if (labels != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (labels);

      for (const GList *l = members; l; l = l->next)
        g_string_append_printf (out, "%s%s=%s", out->len ? "," : "", (const char *) l->data,
                                json_object_get_string_member_with_default (labels, l->data, ""));
    }

  return g_string_free (out, FALSE);
}

static void
reply_scale (BnSimRequest *request,
             BnSimObject  *object,
             guint         code)
{
  g_autoptr(JsonObject) json = bn_sim_object_parse (object);
  g_autofree char *selector = selector_text (json);
  g_autofree char *created = bn_sim_format_timestamp (object->created);
  GString *out = g_string_new ("{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"metadata\":{\"name\":");
  gint64 replicas = get_replicas (json);
  JsonObject *status = json_object_has_member (json, "status") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (json, "status"))
                       ? json_object_get_object_member (json, "status") : NULL;
  gint64 current = status ? json_object_get_int_member_with_default (status, "replicas", 0) : replicas;

  bn_sim_json_append_string (out, object->name);
  g_string_append (out, ",\"namespace\":");
  bn_sim_json_append_string (out, object->namespace);
  g_string_append (out, ",\"uid\":");
  bn_sim_json_append_string (out, object->uid);
  g_string_append_printf (out, ",\"resourceVersion\":\"%" G_GUINT64_FORMAT "\",\"creationTimestamp\":\"%s\"},"
                          "\"spec\":{\"replicas\":%" G_GINT64_FORMAT "},"
                          "\"status\":{\"replicas\":%" G_GINT64_FORMAT ",\"selector\":",
                          object->resource_version, created, replicas, current);
  bn_sim_json_append_string (out, selector);
  g_string_append (out, "}}\n");
  bn_sim_reply_json (request->msg, code, out);
}

static void
set_replicas (BnSimRequest *request,
              BnSimObject  *current,
              gint64        replicas,
              const char   *expected_rv)
{
  g_autoptr(JsonObject) object = bn_sim_object_parse (current);
  g_autoptr(BnSimObject) stored = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *spec;
  JsonObject *status;

  if (!json_object_has_member (object, "spec"))
    json_object_set_object_member (object, "spec", json_object_new ());
  if (!json_object_has_member (object, "status"))
    json_object_set_object_member (object, "status", json_object_new ());
  spec = json_object_get_object_member (object, "spec");
  status = json_object_get_object_member (object, "status");
  json_object_set_int_member (spec, "replicas", replicas);
  /* The deployment controller reports its own progress; other kinds
   * have no controller here and arrive at once.
   */
  if (!g_str_equal (request->resource->plural, "deployments"))
    {
      json_object_set_int_member (status, "replicas", replicas);
      json_object_set_int_member (status, "readyReplicas", replicas);
      json_object_set_int_member (status, "availableReplicas", replicas);
      json_object_set_int_member (status, "updatedReplicas", replicas);
    }
  if (expected_rv != NULL)
    json_object_set_string_member (ensure_metadata (object), "resourceVersion", expected_rv);

  stored = bn_sim_store_update (request->server->store, request->resource, object, is_dry_run (request), &error);
  if (stored == NULL)
    {
      bn_sim_reply_error (request, error);
      return;
    }

  reply_scale (request, stored, 200);
}

static void
handle_scale (BnSimRequest *request,
              BnSimObject  *current)
{
  g_autoptr(JsonObject) scale = NULL;
  JsonObject *spec;

  if (g_str_equal (request->method, "GET"))
    {
      reply_scale (request, current, 200);
      return;
    }

  if (g_str_equal (request->method, "PUT"))
    {
      g_autoptr(JsonNode) node = bn_sim_read_body (request, json_types);

      if (node == NULL)
        return;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          bn_sim_reply_status (request->msg, 400, "BadRequest", "the body of the request is not a Scale", NULL, NULL, NULL);
          return;
        }
      scale = json_object_ref (json_node_get_object (node));
    }
  else
    {
      g_autoptr(JsonObject) base = json_object_new ();
      JsonObject *base_spec = json_object_new ();

      g_autoptr(JsonObject) current_object = bn_sim_object_parse (current);

      json_object_set_int_member (base_spec, "replicas", get_replicas (current_object));
      json_object_set_object_member (base, "spec", base_spec);
      if ((scale = patch_object (request, base)) == NULL)
        return;
    }

  spec = json_object_has_member (scale, "spec") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (scale, "spec"))
         ? json_object_get_object_member (scale, "spec") : NULL;
  if (spec == NULL || json_object_get_int_member_with_default (spec, "replicas", -1) < 0)
    {
      g_autofree char *message = g_strdup_printf ("Scale.autoscaling \"%s\" is invalid: spec.replicas: Invalid value: must be greater than or equal to 0",
                                                   request->name);

      bn_sim_reply_status (request->msg, 422, "Invalid", message, request->name, "autoscaling", "Scale");
      return;
    }

  set_replicas (request, current, json_object_get_int_member (spec, "replicas"),
                json_object_has_member (scale, "metadata") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (scale, "metadata"))
                ? metadata_string (json_object_get_object_member (scale, "metadata"), "resourceVersion") : NULL);
}

static void
handle_eviction (BnSimRequest *request)
{
  g_autoptr(BnSimObject) last = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = bn_sim_read_body (request, json_types);
  gint64 grace = -1;

  if (node == NULL)
    return;

  if (JSON_NODE_HOLDS_OBJECT (node) &&
      json_object_has_member (json_node_get_object (node), "deleteOptions") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (node), "deleteOptions")))
    grace = grace_period_from_options (json_object_get_object_member (json_node_get_object (node), "deleteOptions"), -1);

  last = bn_sim_store_delete_gracefully (request->server->store, request->resource, request->namespace,
                                         request->name, grace, NULL, is_dry_run (request), &error);
  if (last == NULL)
    {
      bn_sim_reply_error (request, error);
      return;
    }

  bn_sim_reply_json (request->msg, 201,
                     g_string_new ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\",\"code\":201}\n"));
}

/* Routing */

static const char *
verb_for_request (BnSimRequest *request)
{
  const char *method = request->method;

  if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD"))
    {
      if (request->subresource != NULL &&
          (g_str_equal (request->subresource, "exec") || g_str_equal (request->subresource, "attach") ||
           g_str_equal (request->subresource, "portforward")))
        return "create";
      if (request->name == NULL)
        return bn_sim_request_get_bool (request, "watch") ? "watch" : "list";
      return "get";
    }
  if (g_str_equal (method, "POST"))
    return "create";
  if (g_str_equal (method, "PUT"))
    return "update";
  if (g_str_equal (method, "PATCH"))
    return "patch";
  if (g_str_equal (method, "DELETE"))
    return request->name == NULL ? "deletecollection" : "delete";
  return NULL;
}

static gboolean
authorize_resource (BnSimRequest *request)
{
  BnSimAttributes attributes = { 0 };
  g_autofree char *message = NULL;
  gboolean is_namespace = g_str_equal (request->resource->plural, "namespaces") && request->resource->group[0] == '\0';

  attributes.verb = request->verb;
  attributes.group = request->resource->group;
  attributes.resource = request->resource->plural;
  attributes.subresource = request->subresource ? request->subresource : "";
  attributes.name = request->name ? request->name : "";
  attributes.namespace = request->namespace ? request->namespace :
                         (is_namespace && request->name ? request->name : "");

  if (bn_sim_rbac_authorize (request->server->rbac, request->user, &attributes, NULL))
    return TRUE;

  message = bn_sim_rbac_forbidden_message (request->user, &attributes);
  bn_sim_reply_status (request->msg, 403, "Forbidden", message, request->name,
                       request->resource->group, request->resource->plural);
  return FALSE;
}

/* Splits "/api/v1/namespaces/NS/pods/NAME/SUB" and friends. */
static gboolean
parse_resource_path (BnSimRequest  *request,
                     GStrv          segments)
{
  guint n = g_strv_length (segments);
  const char *group, *version;
  guint i;
  const BnSimResource *resource;

  if (n >= 3 && g_str_equal (segments[0], "api") && g_str_equal (segments[1], "v1"))
    {
      group = "";
      version = "v1";
      i = 2;
    }
  else if (n >= 4 && g_str_equal (segments[0], "apis"))
    {
      group = segments[1];
      version = segments[2];
      i = 3;
    }
  else
    return FALSE;

  if (n - i >= 3 && g_str_equal (segments[i], "namespaces") &&
      !(n - i == 3 && (g_str_equal (segments[i + 2], "status") || g_str_equal (segments[i + 2], "finalize"))))
    {
      request->namespace = g_strdup (segments[i + 1]);
      i += 2;
    }

  resource = bn_sim_resources_lookup (group, version, segments[i]);
  if (resource == NULL || n - i > 3)
    return FALSE;
  if (resource->namespaced != (request->namespace != NULL) && !(resource->namespaced && n - i == 1))
    return FALSE;

  request->resource = resource;
  if (n - i >= 2)
    request->name = g_strdup (segments[i + 1]);
  if (n - i == 3)
    {
      if (!bn_sim_resource_has_subresource (resource, segments[i + 2]))
        return FALSE;
      request->subresource = g_strdup (segments[i + 2]);
    }

  return TRUE;
}

static void
reply_method_not_allowed (BnSimRequest *request)
{
  bn_sim_reply_status (request->msg, 405, "MethodNotAllowed",
                       "the server does not allow this method on the requested resource", NULL, NULL, NULL);
}

static void
handle_subresource (BnSimRequest *request,
                    BnSimObject  *object,
                    BnSimFormat   format,
                    BnSimInclude  include)
{
  const char *sub = request->subresource;
  const char *method = request->method;

  if (g_str_equal (sub, "log"))
    {
      if (!g_str_equal (method, "GET"))
        reply_method_not_allowed (request);
      else
        bn_sim_logs_handle (request, object);
      return;
    }

  if (g_str_equal (sub, "exec") || g_str_equal (sub, "attach") || g_str_equal (sub, "portforward"))
    {
      if (bn_sim_exec_precheck (request, object))
        return;   /* no status: libsoup answers the WebSocket handshake */
      return;
    }

  if (g_str_equal (sub, "scale"))
    {
      if (g_str_equal (method, "GET") || g_str_equal (method, "PUT") || g_str_equal (method, "PATCH"))
        handle_scale (request, object);
      else
        reply_method_not_allowed (request);
      return;
    }

  if (g_str_equal (sub, "eviction"))
    {
      if (g_str_equal (method, "POST"))
        handle_eviction (request);
      else
        reply_method_not_allowed (request);
      return;
    }

  if (g_str_equal (sub, "status"))
    {
      if (g_str_equal (method, "GET"))
        reply_object (request, 200, object, format, include);
      else if (g_str_equal (method, "PUT"))
        handle_update (request);
      else if (g_str_equal (method, "PATCH"))
        handle_patch (request, object);
      else
        reply_method_not_allowed (request);
      return;
    }

  bn_sim_reply_status (request->msg, 404, "NotFound", "the server could not find the requested resource",
                       NULL, NULL, NULL);
}

static void
handle_resource (BnSimRequest *request)
{
  const char *accept = soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg), "Accept");
  BnSimFormat format = bn_sim_negotiate_format (accept);
  BnSimInclude include;
  BnSimObject *object;
  const char *method = request->method;
  gboolean subresource_stream = request->subresource != NULL &&
                                (g_str_equal (request->subresource, "log") || g_str_equal (request->subresource, "exec") ||
                                 g_str_equal (request->subresource, "attach") ||
                                 g_str_equal (request->subresource, "portforward"));

  request->verb = verb_for_request (request);
  if (request->verb == NULL)
    {
      reply_method_not_allowed (request);
      return;
    }

  if (!authorize_resource (request))
    return;

  if (g_str_equal (request->resource->group, "metrics.k8s.io"))
    {
      if (!bn_sim_resources_get_metrics_available ())
        bn_sim_reply_status (request->msg, 503, "ServiceUnavailable",
                             "the server is currently unable to handle the request", NULL, NULL, NULL);
      else
        bn_sim_metrics_handle (request);
      return;
    }

  if (!request->resource->stored)
    {
      if (!g_str_equal (method, "POST") || request->name != NULL)
        reply_method_not_allowed (request);
      else if (g_str_equal (request->resource->plural, "selfsubjectaccessreviews"))
        bn_sim_reviews_handle_access (request);
      else if (g_str_equal (request->resource->plural, "selfsubjectrulesreviews"))
        bn_sim_reviews_handle_rules (request);
      else
        bn_sim_reviews_handle_self (request);
      return;
    }

  if (format == BN_SIM_FORMAT_NONE && !subresource_stream)
    {
      bn_sim_reply_status (request->msg, 406, "NotAcceptable",
                           "only the following media types are accepted: application/json, application/yaml, "
                           "application/vnd.kubernetes.protobuf, application/cbor", NULL, NULL, NULL);
      return;
    }

  if (!bn_sim_parse_include (request, &include))
    return;

  /* Only reads may span all namespaces. */
  if (request->resource->namespaced && request->namespace == NULL && !g_str_equal (method, "GET"))
    {
      bn_sim_reply_status (request->msg, 404, "NotFound", "the server could not find the requested resource",
                           NULL, NULL, NULL);
      return;
    }

  if (request->name == NULL)
    {
      if (g_str_equal (method, "GET"))
        {
          if (bn_sim_request_get_bool (request, "watch"))
            {
              if (check_list_versions (request, TRUE))
                bn_sim_watch_start (request, format, include != BN_SIM_INCLUDE_NONE);
            }
          else
            handle_list (request, format, include);
        }
      else if (g_str_equal (method, "POST"))
        handle_create (request);
      else if (g_str_equal (method, "DELETE"))
        handle_delete_collection (request);
      else
        reply_method_not_allowed (request);
      return;
    }

  object = bn_sim_store_get (request->server->store, request->resource, request->namespace, request->name);
  if (request->subresource == NULL && is_apply (request))
    {
      handle_apply (request, object);
      return;
    }

  if (object == NULL && !g_str_equal (method, "POST"))
    {
      reply_not_found_object (request);
      return;
    }

  if (request->subresource != NULL)
    {
      handle_subresource (request, object, format, include);
      return;
    }

  if (g_str_equal (method, "GET"))
    reply_object (request, 200, object, format, include);
  else if (g_str_equal (method, "PUT"))
    handle_update (request);
  else if (g_str_equal (method, "PATCH"))
    handle_patch (request, object);
  else if (g_str_equal (method, "DELETE"))
    handle_delete (request);
  else
    reply_method_not_allowed (request);
}

/**
 * bn_sim_api_handle:
 * @request: an authenticated request
 *
 * Serves discovery, non-resource paths and resource requests. Every
 * path sets a status, except an accepted WebSocket upgrade.
 */
void
bn_sim_api_handle (BnSimRequest *request)
{
  g_auto(GStrv) segments = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_auto(GStrv) raw = g_strsplit (request->path, "/", -1);

  for (guint i = 0; raw[i] != NULL; i++)
    if (raw[i][0] != '\0')
      g_ptr_array_add (parts, g_strdup (raw[i]));
  g_ptr_array_add (parts, NULL);
  segments = (GStrv) g_ptr_array_steal (parts, NULL);

  if (bn_sim_discovery_handle (request, segments) || bn_sim_openapi_handle (request, segments))
    return;

  if (request->user == NULL)
    {
      bn_sim_reply_status (request->msg, 401, "Unauthorized", "Unauthorized", NULL, NULL, NULL);
      return;
    }

  if (!parse_resource_path (request, segments))
    {
      /* Unknown non-resource paths are authorized like any other path first. */
      if (bn_sim_authorize_path (request))
        bn_sim_reply_status (request->msg, 404, "NotFound", "the server could not find the requested resource",
                             NULL, NULL, NULL);
      return;
    }

  handle_resource (request);
}
