/* bn-sim-openapi.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-sim-api.h"

/* OpenAPI v3, as much of it as kubectl reads. Before it creates, applies
 * or patches, kubectl asks /openapi/v3 whether the PATCH operation of
 * the kind takes `fieldValidation`; when it does, kubectl leaves
 * validation to the server instead of downloading the v2 document
 * (which it only takes as protobuf). The documents carry every path
 * with its verbs, the group-version-kind extension and the write
 * parameters, and no schemas: apply then computes its patches from the
 * types compiled into kubectl, as it does for any server without them.
 */

static const char *write_parameters[] = { "dryRun", "fieldManager", "fieldValidation", NULL };

static char *
group_version_path (const char *group,
                    const char *version)
{
  if (group[0] == '\0')
    return g_strdup_printf ("api/%s", version);
  return g_strdup_printf ("apis/%s/%s", group, version);
}

static gboolean
is_listed (const BnSimResource *resource)
{
  /* metrics.k8s.io is aggregated: upstream lists it only while it answers. */
  if (g_str_equal (resource->group, "metrics.k8s.io"))
    return bn_sim_resources_get_metrics_available ();
  return TRUE;
}

static void
append_parameters (GString            *out,
                   const char * const *names)
{
  g_string_append (out, "\"parameters\":[");
  for (guint i = 0; names[i] != NULL; i++)
    g_string_append_printf (out, "%s{\"name\":\"%s\",\"in\":\"query\",\"schema\":{\"type\":\"string\",\"uniqueItems\":true}}",
                            i > 0 ? "," : "", names[i]);
  g_string_append (out, "]");
}

static void
append_operation (GString             *out,
                  const BnSimResource *resource,
                  const char          *method,
                  const char          *action,
                  gboolean             writes)
{
  static const char *read_parameters[] = { "pretty", NULL };

  g_string_append_printf (out, "\"%s\":{\"operationId\":\"%s%s\",", method, action, resource->kind);
  append_parameters (out, writes ? write_parameters : read_parameters);
  g_string_append_printf (out, ",\"responses\":{\"200\":{\"description\":\"OK\"},\"401\":{\"description\":\"Unauthorized\"}},"
                          "\"x-kubernetes-action\":\"%s\","
                          "\"x-kubernetes-group-version-kind\":{\"group\":\"%s\",\"kind\":\"%s\",\"version\":\"%s\"}}",
                          action, resource->group, resource->kind, resource->version);
}

static void
append_paths (GString             *out,
              const BnSimResource *resource,
              gboolean            *first)
{
  g_autofree char *prefix = group_version_path (resource->group, resource->version);
  g_autofree char *collection = NULL;
  gboolean comma;

  if (resource->namespaced)
    collection = g_strdup_printf ("/%s/namespaces/{namespace}/%s", prefix, resource->plural);
  else
    collection = g_strdup_printf ("/%s/%s", prefix, resource->plural);

  if (bn_sim_resource_has_verb (resource, "list") || bn_sim_resource_has_verb (resource, "create"))
    {
      g_string_append_printf (out, "%s\"%s\":{", *first ? "" : ",", collection);
      *first = FALSE;
      comma = FALSE;
      if (bn_sim_resource_has_verb (resource, "list"))
        {
          append_operation (out, resource, "get", "list", FALSE);
          comma = TRUE;
        }
      if (bn_sim_resource_has_verb (resource, "create"))
        {
          if (comma)
            g_string_append_c (out, ',');
          append_operation (out, resource, "post", "post", TRUE);
        }
      g_string_append_c (out, '}');
    }

  if (!resource->stored)
    return;

  g_string_append_printf (out, "%s\"%s/{name}\":{", *first ? "" : ",", collection);
  *first = FALSE;
  append_operation (out, resource, "get", "get", FALSE);
  if (bn_sim_resource_has_verb (resource, "update"))
    {
      g_string_append_c (out, ',');
      append_operation (out, resource, "put", "put", TRUE);
    }
  if (bn_sim_resource_has_verb (resource, "patch"))
    {
      g_string_append_c (out, ',');
      append_operation (out, resource, "patch", "patch", TRUE);
    }
  if (bn_sim_resource_has_verb (resource, "delete"))
    {
      g_string_append_c (out, ',');
      append_operation (out, resource, "delete", "delete", FALSE);
    }
  g_string_append_c (out, '}');
}

static GString *
build_document (const char *group,
                const char *version)
{
  guint n;
  const BnSimResource *resources = bn_sim_resources_get_all (&n);
  GString *out = g_string_new ("{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"Kubernetes\",\"version\":\"v1.33.0\"},\"paths\":{");
  gboolean first = TRUE;
  gboolean found = FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (!g_str_equal (resources[i].group, group) || !g_str_equal (resources[i].version, version) ||
          !is_listed (&resources[i]))
        continue;
      append_paths (out, &resources[i], &first);
      found = TRUE;
    }
  g_string_append (out, "},\"components\":{\"schemas\":{}}}\n");

  if (!found)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return out;
}

static char *
document_hash (const char *group,
               const char *version)
{
  g_autoptr(GString) document = build_document (group, version);
  g_autofree char *hash = NULL;

  if (document == NULL)
    return NULL;
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA512, document->str, document->len);
  return g_ascii_strup (hash, -1);
}

static void
handle_root (BnSimRequest *request)
{
  guint n;
  const BnSimResource *resources = bn_sim_resources_get_all (&n);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GString *out = g_string_new ("{\"paths\":{");
  gboolean first = TRUE;

  for (guint i = 0; i < n; i++)
    {
      char *path;
      g_autofree char *hash = NULL;

      if (!is_listed (&resources[i]))
        continue;
      path = group_version_path (resources[i].group, resources[i].version);
      if (!g_hash_table_add (seen, path))
        continue;
      hash = document_hash (resources[i].group, resources[i].version);
      g_string_append_printf (out, "%s\"%s\":{\"serverRelativeURL\":\"/openapi/v3/%s?hash=%s\"}",
                              first ? "" : ",", path, path, hash);
      first = FALSE;
    }
  g_string_append (out, "}}\n");
  bn_sim_reply_json (request->msg, 200, out);
}

static void
reply_not_found (BnSimRequest *request)
{
  bn_sim_reply_status (request->msg, 404, "NotFound", "the server could not find the requested resource",
                       NULL, NULL, NULL);
}

/**
 * bn_sim_openapi_handle:
 * @segments: the request path split at '/'
 *
 * Serves `/openapi/v3` and its group-version documents (JSON only).
 * `/openapi/v2` is not served: kubectl reads it only as protobuf.
 *
 * Returns: %TRUE when the path was an OpenAPI path and is answered
 */
gboolean
bn_sim_openapi_handle (BnSimRequest *request,
                       GStrv         segments)
{
  guint n = g_strv_length (segments);
  GString *document = NULL;

  if (n < 1 || !g_str_equal (segments[0], "openapi"))
    return FALSE;
  if (!bn_sim_authorize_path (request))
    return TRUE;

  if (n == 2 && g_str_equal (segments[1], "v3"))
    {
      handle_root (request);
      return TRUE;
    }

  if (n == 4 && g_str_equal (segments[1], "v3") && g_str_equal (segments[2], "api"))
    document = build_document ("", segments[3]);
  else if (n == 5 && g_str_equal (segments[1], "v3") && g_str_equal (segments[2], "apis"))
    document = build_document (segments[3], segments[4]);

  if (document == NULL)
    reply_not_found (request);
  else
    bn_sim_reply_json (request->msg, 200, document);
  return TRUE;
}
