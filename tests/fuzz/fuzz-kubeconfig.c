/* fuzz-kubeconfig.c: libFuzzer harness for BnKubeconfig
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Feeds one input as a kubeconfig file, and when it loads, builds every cluster entry with its
 * problems and both listings, so the whole path from bytes to `--list-clusters` is covered.
 * See README.md for how to run it.
 */

#include "config.h"

#include <stdint.h>

#include "bn-cluster-listing.h"
#include "bn-kubeconfig.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(BnKubeconfig) config = bn_kubeconfig_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;

  /* Relative paths in the input resolve under a directory that does not exist. */
  if (!bn_kubeconfig_load_data (config, (const char *) data, size, "/nonexistent/fuzz/config",
                                &error))
    {
      g_assert (error != NULL && error->message[0] != '\0');
      g_assert (bn_kubeconfig_has_rejected_files (config));
      return 0;
    }

  text = bn_cluster_listing_format_text (config, NULL);
  json = bn_cluster_listing_format_json (config, NULL);
  g_assert (text != NULL && json != NULL);
  return 0;
}
