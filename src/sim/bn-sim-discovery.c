/* bn-sim-discovery.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-sim-api.h"

/* Non-resource paths: /version, health checks, and discovery, legacy
 * (/api, /apis, group versions) and aggregated (apidiscovery.k8s.io/v2).
 */

#define KUBE_GIT_VERSION "v1.33.0"

static const char aggregated_content_type[] = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

static gboolean
wants_aggregated_discovery (const char *accept)
{
  return accept != NULL && strstr (accept, "as=APIGroupDiscoveryList") != NULL &&
         strstr (accept, "g=apidiscovery.k8s.io") != NULL && strstr (accept, "v=v2") != NULL;
}

/* Non-resource endpoints */

static void
reply_not_found (SoupServerMessage *msg)
{
  bn_sim_reply_status (msg, 404, "NotFound", "the server could not find the requested resource",
                       NULL, NULL, NULL);
}

static void
reply_text (SoupServerMessage *msg,
            const char        *text)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_COPY, text, strlen (text));
}

static void
handle_version (BnSimRequest *request)
{
  GString *out = g_string_new (NULL);

  g_string_append (out,
                   "{\n  \"major\": \"1\",\n  \"minor\": \"33\",\n"
                   "  \"emulationMajor\": \"1\",\n  \"emulationMinor\": \"33\",\n"
                   "  \"minCompatibilityMajor\": \"1\",\n  \"minCompatibilityMinor\": \"32\",\n"
                   "  \"gitVersion\": \"" KUBE_GIT_VERSION "\",\n"
                   "  \"gitCommit\": \"60a317eadfcb839692a68eab88b2096f4d708f4f\",\n"
                   "  \"gitTreeState\": \"clean\",\n  \"buildDate\": \"2025-04-23T13:07:52Z\",\n"
                   "  \"goVersion\": \"go1.24.2\",\n  \"compiler\": \"gc\",\n  \"platform\": \"linux/amd64\"\n}\n");
  bn_sim_reply_json (request->msg, 200, out);
}

/* Discovery */

static void
append_word_array (GString    *out,
                   const char *words)
{
  g_auto(GStrv) parts = g_strsplit (words ? words : "", " ", -1);
  gboolean first = TRUE;

  g_string_append_c (out, '[');
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0')
        continue;
      if (!first)
        g_string_append_c (out, ',');
      bn_sim_json_append_string (out, parts[i]);
      first = FALSE;
    }
  g_string_append_c (out, ']');
}

/* What both discovery formats say alike about a kind, in the same order:
 * its verbs, then its short names and categories when it has any. */
static void
append_verbs_and_names (GString             *out,
                        const BnSimResource *resource)
{
  g_string_append (out, ",\"verbs\":");
  append_word_array (out, resource->verbs);
  if (resource->short_names != NULL)
    {
      g_string_append (out, ",\"shortNames\":");
      append_word_array (out, resource->short_names);
    }
  if (resource->categories != NULL)
    {
      g_string_append (out, ",\"categories\":");
      append_word_array (out, resource->categories);
    }
}

static gboolean
group_version_is_served (const char *group,
                         const char *version)
{
  guint n;
  const BnSimResource *resources = bn_sim_resources_get_all (&n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (resources[i].group, group) && g_str_equal (resources[i].version, version))
      return TRUE;

  return FALSE;
}

static void
handle_resource_list (BnSimRequest *request,
                      const char   *group,
                      const char   *version)
{
  guint n;
  const BnSimResource *resources = bn_sim_resources_get_all (&n);
  GString *out = g_string_new ("{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":");
  g_autofree char *group_version = group[0] ? g_strdup_printf ("%s/%s", group, version) : g_strdup (version);
  gboolean first = TRUE;

  if (g_str_equal (group, "metrics.k8s.io") && !bn_sim_resources_get_metrics_available ())
    {
      g_string_free (out, TRUE);
      bn_sim_reply_status (request->msg, 503, "ServiceUnavailable",
                           "the server is currently unable to handle the request", NULL, NULL, NULL);
      return;
    }

  bn_sim_json_append_string (out, group_version);
  g_string_append (out, ",\"resources\":[");

  for (guint i = 0; i < n; i++)
    {
      const BnSimResource *resource = &resources[i];
      g_auto(GStrv) subresources = NULL;

      if (!g_str_equal (resource->group, group) || !g_str_equal (resource->version, version))
        continue;

      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;

      g_string_append (out, "{\"name\":");
      bn_sim_json_append_string (out, resource->plural);
      g_string_append (out, ",\"singularName\":");
      bn_sim_json_append_string (out, resource->singular);
      g_string_append_printf (out, ",\"namespaced\":%s,\"kind\":", resource->namespaced ? "true" : "false");
      bn_sim_json_append_string (out, resource->kind);
      append_verbs_and_names (out, resource);
      if (resource->storage_hash != NULL)
        {
          g_string_append (out, ",\"storageVersionHash\":");
          bn_sim_json_append_string (out, resource->storage_hash);
        }
      g_string_append_c (out, '}');

      subresources = g_strsplit (resource->subresources ? resource->subresources : "", " ", -1);
      for (guint j = 0; subresources[j] != NULL; j++)
        {
          const char *sub_group, *sub_version, *sub_verbs, *sub_kind;
          g_autofree char *name = NULL;

          if (subresources[j][0] == '\0')
            continue;
          sub_kind = bn_sim_resource_subresource_kind (resource, subresources[j], &sub_group, &sub_version, &sub_verbs);
          name = g_strdup_printf ("%s/%s", resource->plural, subresources[j]);
          g_string_append (out, ",{\"name\":");
          bn_sim_json_append_string (out, name);
          g_string_append_printf (out, ",\"singularName\":\"\",\"namespaced\":%s,", resource->namespaced ? "true" : "false");
          if (!g_str_equal (sub_group, resource->group) || !g_str_equal (sub_version, resource->version))
            g_string_append_printf (out, "\"group\":\"%s\",\"version\":\"%s\",", sub_group, sub_version);
          g_string_append (out, "\"kind\":");
          bn_sim_json_append_string (out, sub_kind);
          g_string_append (out, ",\"verbs\":");
          append_word_array (out, sub_verbs);
          g_string_append_c (out, '}');
        }
    }

  g_string_append (out, "]}\n");
  bn_sim_reply_json (request->msg, 200, out);
}

/* Distinct groups (excluding core) in table order. */
static GPtrArray *
collect_groups (void)
{
  guint n;
  const BnSimResource *resources = bn_sim_resources_get_all (&n);
  GPtrArray *groups = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    {
      gboolean seen = FALSE;

      if (resources[i].group[0] == '\0')
        continue;
      for (guint j = 0; j < groups->len && !seen; j++)
        seen = g_str_equal (((const BnSimResource *) g_ptr_array_index (groups, j))->group, resources[i].group);
      if (!seen)
        g_ptr_array_add (groups, (gpointer) &resources[i]);
    }

  return groups;
}

static void
append_group (GString             *out,
              const BnSimResource *resource)
{
  g_autofree char *group_version = bn_sim_resource_dup_group_version (resource);

  g_string_append (out, "{\"name\":");
  bn_sim_json_append_string (out, resource->group);
  g_string_append (out, ",\"versions\":[{\"groupVersion\":");
  bn_sim_json_append_string (out, group_version);
  g_string_append_printf (out, ",\"version\":\"%s\"}],\"preferredVersion\":{\"groupVersion\":", resource->version);
  bn_sim_json_append_string (out, group_version);
  g_string_append_printf (out, ",\"version\":\"%s\"}}", resource->version);
}

static void
handle_group_list (BnSimRequest *request)
{
  g_autoptr(GPtrArray) groups = collect_groups ();
  GString *out = g_string_new ("{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[");

  for (guint i = 0; i < groups->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_group (out, g_ptr_array_index (groups, i));
    }
  g_string_append (out, "]}\n");
  bn_sim_reply_json (request->msg, 200, out);
}

static void
handle_group (BnSimRequest *request,
              const char   *group)
{
  g_autoptr(GPtrArray) groups = collect_groups ();
  GString *out;

  for (guint i = 0; i < groups->len; i++)
    {
      const BnSimResource *resource = g_ptr_array_index (groups, i);

      if (!g_str_equal (resource->group, group))
        continue;
      out = g_string_new ("{\"kind\":\"APIGroup\",\"apiVersion\":\"v1\",");
      append_group (out, resource);
      /* Merge the two objects: drop the "}{" between them. */
      g_string_erase (out, strlen ("{\"kind\":\"APIGroup\",\"apiVersion\":\"v1\","), 1);
      g_string_append_c (out, '\n');
      bn_sim_reply_json (request->msg, 200, out);
      return;
    }

  reply_not_found (request->msg);
}

static void
append_aggregated_resources (GString    *out,
                             const char *group,
                             const char *version)
{
  guint n;
  const BnSimResource *resources = bn_sim_resources_get_all (&n);
  gboolean first = TRUE;

  g_string_append (out, "\"resources\":[");
  for (guint i = 0; i < n; i++)
    {
      const BnSimResource *resource = &resources[i];
      g_auto(GStrv) subresources = NULL;
      gboolean first_sub = TRUE;

      if (!g_str_equal (resource->group, group) || !g_str_equal (resource->version, version))
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;

      g_string_append (out, "{\"resource\":");
      bn_sim_json_append_string (out, resource->plural);
      g_string_append (out, ",\"responseKind\":{\"group\":");
      bn_sim_json_append_string (out, resource->group);
      g_string_append_printf (out, ",\"version\":\"%s\",\"kind\":", resource->version);
      bn_sim_json_append_string (out, resource->kind);
      g_string_append (out, "},\"scope\":");
      g_string_append (out, resource->namespaced ? "\"Namespaced\"" : "\"Cluster\"");
      g_string_append (out, ",\"singularResource\":");
      bn_sim_json_append_string (out, resource->singular);
      append_verbs_and_names (out, resource);

      subresources = g_strsplit (resource->subresources ? resource->subresources : "", " ", -1);
      for (guint j = 0; subresources[j] != NULL; j++)
        {
          const char *sub_group, *sub_version, *sub_verbs, *sub_kind;

          if (subresources[j][0] == '\0')
            continue;
          sub_kind = bn_sim_resource_subresource_kind (resource, subresources[j], &sub_group, &sub_version, &sub_verbs);
          g_string_append (out, first_sub ? ",\"subresources\":[" : ",");
          first_sub = FALSE;
          g_string_append (out, "{\"subresource\":");
          bn_sim_json_append_string (out, subresources[j]);
          g_string_append (out, ",\"responseKind\":{\"group\":");
          bn_sim_json_append_string (out, sub_group);
          g_string_append_printf (out, ",\"version\":\"%s\",\"kind\":", sub_version);
          bn_sim_json_append_string (out, sub_kind);
          g_string_append (out, "},\"verbs\":");
          append_word_array (out, sub_verbs);
          g_string_append_c (out, '}');
        }
      if (!first_sub)
        g_string_append_c (out, ']');
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static void
reply_aggregated (SoupServerMessage *msg,
                  GString           *out)
{
  gsize len = out->len;

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, aggregated_content_type, SOUP_MEMORY_TAKE,
                                    g_string_free (out, FALSE), len);
}

static void
handle_aggregated (BnSimRequest *request,
                   gboolean      core)
{
  GString *out = g_string_new ("{\"kind\":\"APIGroupDiscoveryList\",\"apiVersion\":\"apidiscovery.k8s.io/v2\","
                               "\"metadata\":{},\"items\":[");

  if (core)
    {
      g_string_append (out, "{\"metadata\":{\"creationTimestamp\":null},\"versions\":[{\"version\":\"v1\",");
      append_aggregated_resources (out, "", "v1");
      g_string_append (out, ",\"freshness\":\"Current\"}]}");
    }
  else
    {
      g_autoptr(GPtrArray) groups = collect_groups ();

      for (guint i = 0; i < groups->len; i++)
        {
          const BnSimResource *resource = g_ptr_array_index (groups, i);
          gboolean stale = g_str_equal (resource->group, "metrics.k8s.io") &&
                           !bn_sim_resources_get_metrics_available ();

          if (i > 0)
            g_string_append_c (out, ',');
          g_string_append (out, "{\"metadata\":{\"name\":");
          bn_sim_json_append_string (out, resource->group);
          g_string_append_printf (out, ",\"creationTimestamp\":null},\"versions\":[{\"version\":\"%s\",",
                                  resource->version);
          if (stale)
            g_string_append (out, "\"resources\":[]");
          else
            append_aggregated_resources (out, resource->group, resource->version);
          g_string_append_printf (out, ",\"freshness\":\"%s\"}]}", stale ? "Stale" : "Current");
        }
    }

  g_string_append (out, "]}\n");
  reply_aggregated (request->msg, out);
}

gboolean
bn_sim_authorize_path (BnSimRequest *request)
{
  BnSimAttributes attributes = { 0 };
  g_autofree char *message = NULL;
  const char *verb = g_ascii_strcasecmp (request->method, "GET") == 0 ? "get" :
                     g_ascii_strcasecmp (request->method, "POST") == 0 ? "post" :
                     g_ascii_strcasecmp (request->method, "PUT") == 0 ? "put" :
                     g_ascii_strcasecmp (request->method, "DELETE") == 0 ? "delete" :
                     g_ascii_strcasecmp (request->method, "HEAD") == 0 ? "head" : "patch";

  if (request->user == NULL)
    return TRUE;

  attributes.verb = verb;
  attributes.path = request->path;
  if (bn_sim_rbac_authorize (request->server->rbac, request->user, &attributes, NULL))
    return TRUE;

  message = bn_sim_rbac_forbidden_message (request->user, &attributes);
  bn_sim_reply_status (request->msg, 403, "Forbidden", message, NULL, NULL, NULL);
  return FALSE;
}

gboolean
bn_sim_discovery_handle (BnSimRequest *request,
                         GStrv         segments)
{
  const char *accept = soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg), "Accept");
  guint n = g_strv_length (segments);

  if (g_str_equal (request->path, "/healthz") || g_str_equal (request->path, "/livez") ||
      g_str_equal (request->path, "/readyz"))
    {
      reply_text (request->msg, "ok");
      return TRUE;
    }

  if (g_str_equal (request->path, "/version") || g_str_equal (request->path, "/version/"))
    {
      handle_version (request);
      return TRUE;
    }

  if (n == 1 && g_str_equal (segments[0], "api"))
    {
      if (!bn_sim_authorize_path (request))
        return TRUE;
      if (wants_aggregated_discovery (accept))
        handle_aggregated (request, TRUE);
      else
        {
          GString *out = g_string_new ("{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],"
                                       "\"serverAddressByClientCIDRs\":[{\"clientCIDR\":\"0.0.0.0/0\","
                                       "\"serverAddress\":\"127.0.0.1:6443\"}]}\n");
          bn_sim_reply_json (request->msg, 200, out);
        }
      return TRUE;
    }

  if (n == 1 && g_str_equal (segments[0], "apis"))
    {
      if (!bn_sim_authorize_path (request))
        return TRUE;
      if (wants_aggregated_discovery (accept))
        handle_aggregated (request, FALSE);
      else
        handle_group_list (request);
      return TRUE;
    }

  if (n == 2 && g_str_equal (segments[0], "api") && g_str_equal (segments[1], "v1"))
    {
      if (bn_sim_authorize_path (request))
        handle_resource_list (request, "", "v1");
      return TRUE;
    }

  if (n == 2 && g_str_equal (segments[0], "apis"))
    {
      if (bn_sim_authorize_path (request))
        handle_group (request, segments[1]);
      return TRUE;
    }

  if (n == 3 && g_str_equal (segments[0], "apis") && group_version_is_served (segments[1], segments[2]))
    {
      if (bn_sim_authorize_path (request))
        handle_resource_list (request, segments[1], segments[2]);
      return TRUE;
    }

  return FALSE;
}
