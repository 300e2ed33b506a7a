/* bn-application-cli.c: command-line actions of the binnacle binary
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "bn-application-cli.h"
#include "bn-cluster-entry.h"
#include "bn-cluster-listing.h"
#include "bn-hand-added-clusters.h"
#include "bn-keyring.h"
#include "bn-kubeconfig.h"

/**
 * bn_application_cli_list_clusters:
 * @json: print JSON instead of a table
 *
 * `binnacle --list-clusters [--json]`: prints every cluster of `$KUBECONFIG` (or
 * `~/.kube/config`) with its source, server, namespace, auth kind, current flag and problems,
 * then the files read. Reads files only; contacts no server.
 *
 * Returns: the exit status: 0, or 1 when a kubeconfig file was refused
 */
static GPtrArray *
dup_hand_added_entries (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(BnKeyring) keyring = NULL;
  g_autoptr(BnHandAddedClusters) store = NULL;
  g_auto(GStrv) ids = NULL;
  GPtrArray *entries;

  /* Without the schema (an uninstalled binary) there is nowhere they could be. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "hand-added-clusters"))
    return NULL;

  settings = g_settings_new (APP_ID);
  keyring = bn_keyring_new ();
  store = bn_hand_added_clusters_new (settings, keyring);
  ids = bn_hand_added_clusters_dup_ids (store);
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_cluster_entry_unref);

  /* Only what GSettings holds is listed: the tokens stay in the keyring, unread. */
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autoptr(BnClusterInfo) info = bn_hand_added_clusters_dup_cluster_info (store, ids[i]);
      BnClusterEntry *entry;

      if (info == NULL)
        continue;
      entry = bn_cluster_entry_new_hand_added (info);
      g_free (entry->id);
      entry->id = g_strdup (ids[i]);
      g_ptr_array_add (entries, entry);
    }

  return entries;
}

int
bn_application_cli_list_clusters (gboolean json)
{
  g_autoptr(BnKubeconfig) config = bn_kubeconfig_new_from_environment ();
  g_autoptr(GPtrArray) hand_added = dup_hand_added_entries ();
  g_autofree char *text = NULL;

  if (json)
    {
      /* JSON is UTF-8 whatever the locale, so it is written as it is. */
      text = bn_cluster_listing_format_json (config, hand_added);
      fputs (text, stdout);
      fputc ('\n', stdout);
      fflush (stdout);
    }
  else
    {
      text = bn_cluster_listing_format_text (config, hand_added);
      g_print ("%s", text);
    }

  return bn_kubeconfig_has_rejected_files (config) ? 1 : 0;
}
