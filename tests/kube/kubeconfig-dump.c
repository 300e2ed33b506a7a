/* kubeconfig-dump.c: prints what BnKubeconfig makes of a search path, as JSON
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: kubeconfig-dump SEARCH_PATH
 * Used by check-kubectl-parity.py to set Binnacle's reading beside kubectl's. Secrets are
 * never printed: only names, servers, namespaces and what kind of credentials a user has.
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "bn-kubeconfig.h"

static const char *
file_state_to_string (BnKubeconfigFileState state)
{
  switch (state)
    {
    case BN_KUBECONFIG_FILE_LOADED:
      return "loaded";
    case BN_KUBECONFIG_FILE_MISSING:
      return "missing";
    case BN_KUBECONFIG_FILE_REJECTED:
      return "rejected";
    default:
      return "unknown";
    }
}

static void
add_string (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (builder, key);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_files (JsonBuilder  *builder,
           BnKubeconfig *config)
{
  GPtrArray *files = bn_kubeconfig_get_files (config);

  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; i < files->len; i++)
    {
      BnKubeconfigFile *file = g_ptr_array_index (files, i);

      json_builder_begin_object (builder);
      add_string (builder, "path", file->path);
      add_string (builder, "state", file_state_to_string (file->state));
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, file->line);
      add_string (builder, "message", file->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_contexts (JsonBuilder  *builder,
              BnKubeconfig *config)
{
  g_auto(GStrv) names = bn_kubeconfig_dup_context_names (config);

  json_builder_set_member_name (builder, "contexts");
  json_builder_begin_array (builder);
  for (guint i = 0; names[i] != NULL; i++)
    {
      BnKubeContext *context = bn_kubeconfig_lookup_context (config, names[i]);
      g_autoptr(GPtrArray) problems = bn_kubeconfig_dup_problems (config, names[i]);

      json_builder_begin_object (builder);
      add_string (builder, "name", context->name);
      add_string (builder, "cluster", context->cluster);
      add_string (builder, "user", context->user);
      add_string (builder, "namespace", context->namespace);
      add_string (builder, "source", context->source);
      json_builder_set_member_name (builder, "problems");
      json_builder_begin_array (builder);
      for (guint j = 0; j < problems->len; j++)
        {
          BnKubeconfigProblem *problem = g_ptr_array_index (problems, j);

          json_builder_begin_object (builder);
          add_string (builder, "kind", bn_kubeconfig_problem_kind_to_string (problem->kind));
          json_builder_set_member_name (builder, "error");
          json_builder_add_boolean_value (builder, problem->is_error);
          add_string (builder, "message", problem->message);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_clusters (JsonBuilder  *builder,
              BnKubeconfig *config)
{
  g_auto(GStrv) names = bn_kubeconfig_dup_cluster_names (config);

  json_builder_set_member_name (builder, "clusters");
  json_builder_begin_array (builder);
  for (guint i = 0; names[i] != NULL; i++)
    {
      BnClusterInfo *info = bn_kubeconfig_lookup_cluster (config, names[i]);

      json_builder_begin_object (builder);
      add_string (builder, "name", info->name);
      add_string (builder, "server", info->server);
      add_string (builder, "tls-server-name", info->tls_server_name);
      add_string (builder, "proxy-url", info->proxy_url);
      json_builder_set_member_name (builder, "insecure-skip-tls-verify");
      json_builder_add_boolean_value (builder, info->insecure_skip_tls_verify);
      add_string (builder, "exec-extension", info->exec_extension_json);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_users (JsonBuilder  *builder,
           BnKubeconfig *config)
{
  g_auto(GStrv) names = bn_kubeconfig_dup_user_names (config);

  json_builder_set_member_name (builder, "users");
  json_builder_begin_array (builder);
  for (guint i = 0; names[i] != NULL; i++)
    {
      BnAuthInfo *info = bn_kubeconfig_lookup_user (config, names[i]);

      json_builder_begin_object (builder);
      add_string (builder, "name", info->name);
      add_string (builder, "exec-command", info->exec != NULL ? info->exec->command : NULL);
      add_string (builder, "auth-provider", info->auth_provider_name);
      json_builder_set_member_name (builder, "has-token");
      json_builder_add_boolean_value (builder, info->token != NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BnKubeconfig) config = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (argc != 2)
    {
      g_printerr ("usage: %s SEARCH_PATH\n", argv[0]);
      return 2;
    }

  config = bn_kubeconfig_new_for_search_path (argv[1]);

  json_builder_begin_object (builder);
  add_string (builder, "current-context", bn_kubeconfig_get_current_context (config));
  json_builder_set_member_name (builder, "rejected");
  json_builder_add_boolean_value (builder, bn_kubeconfig_has_rejected_files (config));
  add_files (builder, config);
  add_contexts (builder, config);
  add_clusters (builder, config);
  add_users (builder, config);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
  return 0;
}
