/* fuzz-json-driver.c: runs a libFuzzer harness over its corpus as a plain TAP test
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

/* Without -Dfuzzers the harness links with this main(): every file of the corpus
 * directories given on the command line is one test point. */
int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (argv[i], 0, NULL);
      const char *name;

      if (dir == NULL)
        {
          g_ptr_array_add (files, g_strdup (argv[i]));
          continue;
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (files, g_build_filename (argv[i], name, NULL));
    }

  g_ptr_array_sort (files, (GCompareFunc) g_strcmp0);
  printf ("1..%u\n", files->len);

  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_file_get_contents (files->pdata[i], &contents, &length, NULL))
        {
          printf ("not ok %u - %s (unreadable)\n", i + 1, (char *) files->pdata[i]);
          continue;
        }
      LLVMFuzzerTestOneInput ((const guint8 *) contents, length);
      printf ("ok %u - %s\n", i + 1, (char *) files->pdata[i]);
      fflush (stdout);
    }

  return 0;
}
