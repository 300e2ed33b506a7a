/* bn-cluster-listing.c: the text and JSON of `binnacle --list-clusters`
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What support asks for first: every cluster Binnacle sees, where it comes from, how it
 * authenticates and what is wrong with it, plus every kubeconfig file and whether it was
 * read. Built from data already loaded: no server is contacted, and no secret is printed.
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "bn-cluster-listing.h"

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

/**
 * bn_cluster_listing_collect:
 * @config: the loaded kubeconfig files
 * @hand_added: (nullable) (element-type BnClusterEntry): clusters added by hand
 *
 * Returns: (transfer full) (element-type BnClusterEntry): the kubeconfig's contexts, sorted
 *   by name, then the hand-added clusters in the order given
 */
GPtrArray *
bn_cluster_listing_collect (BnKubeconfig *config,
                            GPtrArray    *hand_added)
{
  GPtrArray *entries;

  g_return_val_if_fail (BN_IS_KUBECONFIG (config), NULL);

  entries = bn_cluster_entries_from_kubeconfig (config);
  for (guint i = 0; hand_added != NULL && i < hand_added->len; i++)
    g_ptr_array_add (entries, bn_cluster_entry_ref (g_ptr_array_index (hand_added, i)));

  return entries;
}

/* --- text ------------------------------------------------------------------------------------- */

enum { COLUMN_CURRENT, COLUMN_NAME, COLUMN_SERVER, COLUMN_NAMESPACE, COLUMN_AUTH, COLUMN_SOURCE,
       N_COLUMNS };

static char **
entry_cells (BnClusterEntry *entry)
{
  char **cells = g_new0 (char *, N_COLUMNS + 1);
  g_autofree char *auth = bn_auth_kind_to_string (entry->auth_kind);

  cells[COLUMN_CURRENT] = g_strdup (entry->is_current ? "*" : "");
  cells[COLUMN_NAME] = g_strdup (entry->context_name);
  cells[COLUMN_SERVER] = g_strdup (entry->server != NULL ? entry->server : "-");
  cells[COLUMN_NAMESPACE] = g_strdup (entry->namespace);
  cells[COLUMN_AUTH] = entry->auth_detail != NULL
                       ? g_strdup_printf ("%s (%s)", auth, entry->auth_detail)
                       : g_strdup (auth);
  cells[COLUMN_SOURCE] = g_strdup (entry->source);
  return cells;
}

static void
append_row (GString     *out,
            char       **cells,
            const guint *widths)
{
  for (guint column = 0; column < N_COLUMNS; column++)
    {
      g_string_append (out, cells[column]);
      if (column + 1 < N_COLUMNS)
        for (guint pad = g_utf8_strlen (cells[column], -1); pad < widths[column] + 2; pad++)
          g_string_append_c (out, ' ');
    }
  g_string_append_c (out, '\n');
}

static void
append_files_text (GString      *out,
                   BnKubeconfig *config)
{
  GPtrArray *files = bn_kubeconfig_get_files (config);

  g_string_append (out, "\nKubeconfig files:\n");
  if (files->len == 0)
    g_string_append (out, "  (none)\n");

  for (guint i = 0; i < files->len; i++)
    {
      BnKubeconfigFile *file = g_ptr_array_index (files, i);

      g_string_append_printf (out, "  %s: %s", file->path, file_state_to_string (file->state));
      if (file->state == BN_KUBECONFIG_FILE_REJECTED && file->line > 0)
        g_string_append_printf (out, " at line %u: %s", file->line, file->message);
      else if (file->state == BN_KUBECONFIG_FILE_REJECTED)
        g_string_append_printf (out, ": %s", file->message);
      g_string_append_c (out, '\n');
    }

  if (bn_kubeconfig_has_rejected_files (config))
    g_string_append (out, "\nkubectl refuses to run while any of these files is refused; "
                          "Binnacle skips the refused files and shows the clusters of the others.\n");
}

/**
 * bn_cluster_listing_format_text:
 * @config: the loaded kubeconfig files
 * @hand_added: (nullable) (element-type BnClusterEntry): clusters added by hand
 *
 * Returns: (transfer full): a table of the clusters, each followed by its problems, then the
 *   kubeconfig files and what became of them
 */
char *
bn_cluster_listing_format_text (BnKubeconfig *config,
                                GPtrArray    *hand_added)
{
  static const char * const headers[N_COLUMNS + 1] = {
    "CURRENT", "NAME", "SERVER", "NAMESPACE", "AUTH", "SOURCE", NULL
  };
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  guint widths[N_COLUMNS] = { 0 };

  g_return_val_if_fail (BN_IS_KUBECONFIG (config), NULL);

  entries = bn_cluster_listing_collect (config, hand_added);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (rows, entry_cells (g_ptr_array_index (entries, i)));

  for (guint column = 0; column < N_COLUMNS; column++)
    {
      widths[column] = strlen (headers[column]);
      for (guint i = 0; i < rows->len; i++)
        widths[column] = MAX (widths[column],
                              g_utf8_strlen (((char **) g_ptr_array_index (rows, i))[column], -1));
    }

  if (entries->len == 0)
    g_string_append (out, "No clusters.\n");
  else
    append_row (out, (char **) headers, widths);

  for (guint i = 0; i < entries->len; i++)
    {
      BnClusterEntry *entry = g_ptr_array_index (entries, i);

      append_row (out, g_ptr_array_index (rows, i), widths);
      for (guint j = 0; j < entry->problems->len; j++)
        {
          BnKubeconfigProblem *problem = g_ptr_array_index (entry->problems, j);
          g_string_append_printf (out, "    %s: %s\n", problem->is_error ? "error" : "warning",
                                  problem->message);
        }
    }

  append_files_text (out, config);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* --- JSON ------------------------------------------------------------------------------------- */

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_problems (JsonBuilder *builder,
              GPtrArray   *problems)
{
  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < problems->len; i++)
    {
      BnKubeconfigProblem *problem = g_ptr_array_index (problems, i);

      json_builder_begin_object (builder);
      add_string_member (builder, "kind", bn_kubeconfig_problem_kind_to_string (problem->kind));
      add_string_member (builder, "severity", problem->is_error ? "error" : "warning");
      add_string_member (builder, "message", problem->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_entry (JsonBuilder    *builder,
           BnClusterEntry *entry)
{
  g_autofree char *auth = bn_auth_kind_to_string (entry->auth_kind);

  json_builder_begin_object (builder);
  add_string_member (builder, "id", entry->id);
  add_string_member (builder, "name", entry->context_name);
  add_string_member (builder, "cluster", entry->cluster_name);
  add_string_member (builder, "user", entry->user_name);
  add_string_member (builder, "server", entry->server);
  add_string_member (builder, "namespace", entry->namespace);
  add_string_member (builder, "source", entry->source);
  add_string_member (builder, "auth", auth);
  add_string_member (builder, "auth-detail", entry->auth_detail);
  json_builder_set_member_name (builder, "current");
  json_builder_add_boolean_value (builder, entry->is_current);
  json_builder_set_member_name (builder, "usable");
  json_builder_add_boolean_value (builder, !bn_cluster_entry_has_errors (entry));
  add_problems (builder, entry->problems);
  json_builder_end_object (builder);
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
      add_string_member (builder, "path", file->path);
      add_string_member (builder, "state", file_state_to_string (file->state));
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, file->line);
      add_string_member (builder, "message", file->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/**
 * bn_cluster_listing_format_json:
 * @config: the loaded kubeconfig files
 * @hand_added: (nullable) (element-type BnClusterEntry): clusters added by hand
 *
 * The same as bn_cluster_listing_format_text(), for programs:
 * `{"current-context", "kubectl-would-refuse", "clusters": [...], "files": [...]}`.
 *
 * Returns: (transfer full): pretty-printed JSON
 */
char *
bn_cluster_listing_format_json (BnKubeconfig *config,
                                GPtrArray    *hand_added)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (BN_IS_KUBECONFIG (config), NULL);

  entries = bn_cluster_listing_collect (config, hand_added);

  json_builder_begin_object (builder);
  add_string_member (builder, "current-context", bn_kubeconfig_get_current_context (config));
  json_builder_set_member_name (builder, "kubectl-would-refuse");
  json_builder_add_boolean_value (builder, bn_kubeconfig_has_rejected_files (config));
  json_builder_set_member_name (builder, "clusters");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    add_entry (builder, g_ptr_array_index (entries, i));
  json_builder_end_array (builder);
  add_files (builder, config);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}
