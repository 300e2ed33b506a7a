/* bn-application-cli.c: command-line actions of the binnacle binary
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "bn-application-cli.h"
#include "bn-cluster-listing.h"
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
int
bn_application_cli_list_clusters (gboolean json)
{
  g_autoptr(BnKubeconfig) config = bn_kubeconfig_new_from_environment ();
  /* Clusters added by hand live in GSettings and the keyring; pass their entries here
   * (bn_cluster_entry_new_hand_added()) once that store exists. */
  GPtrArray *hand_added = NULL;
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
