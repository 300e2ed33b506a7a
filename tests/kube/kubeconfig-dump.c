/* kubeconfig-dump.c: prints what Binnacle makes of a search path, as JSON
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: kubeconfig-dump SEARCH_PATH
 *
 * Prints the JSON of `binnacle --list-clusters --json` for SEARCH_PATH, with two more
 * members, "all-clusters" and "all-users", naming every cluster and user (referenced or not),
 * so that check-kubectl-parity.py can set it beside `kubectl config view`. Secrets are never
 * printed.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "bn-cluster-listing.h"
#include "bn-kubeconfig.h"

static JsonNode *
clusters_to_json (BnKubeconfig *config)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) names = bn_kubeconfig_dup_cluster_names (config);

  json_builder_begin_array (builder);
  for (guint i = 0; names[i] != NULL; i++)
    {
      BnClusterInfo *info = bn_kubeconfig_lookup_cluster (config, names[i]);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, info->name);
      json_builder_set_member_name (builder, "server");
      json_builder_add_string_value (builder, info->server != NULL ? info->server : "");
      json_builder_set_member_name (builder, "exec-extension");
      json_builder_add_string_value (builder, info->exec_extension_json);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
users_to_json (BnKubeconfig *config)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) names = bn_kubeconfig_dup_user_names (config);

  json_builder_begin_array (builder);
  for (guint i = 0; names[i] != NULL; i++)
    json_builder_add_string_value (builder, names[i]);
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BnKubeconfig) config = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;

  if (argc != 2)
    {
      g_printerr ("usage: %s SEARCH_PATH\n", argv[0]);
      return 2;
    }

  config = bn_kubeconfig_new_for_search_path (argv[1]);
  listing = bn_cluster_listing_format_json (config, NULL);

  if (!json_parser_load_from_data (parser, listing, -1, &error))
    {
      g_printerr ("the listing is not JSON: %s\n", error->message);
      return 1;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  json_object_set_member (object, "all-clusters", clusters_to_json (config));
  json_object_set_member (object, "all-users", users_to_json (config));

  json_generator_set_root (generator, json_parser_get_root (parser));
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  /* JSON is UTF-8 whatever the locale: no conversion as g_print() would do. */
  fputs (text, stdout);
  fputc ('\n', stdout);
  return 0;
}
