/* fuzz-kubeconfig-driver.c: runs the kubeconfig fuzzer's corpus as a plain test
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: fuzz-kubeconfig-corpus [--tap] DIR...
 * One GTest case per file of each DIR, each fed to LLVMFuzzerTestOneInput, so every build
 * (and the AddressSanitizer one) replays the corpus and every input the fuzzer ever found.
 */

#include "config.h"

#include <glib.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
run_one_input (gconstpointer user_data)
{
  const char *path = user_data;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpint (LLVMFuzzerTestOneInput ((const uint8_t *) contents, length), ==, 0);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static guint
add_directory (const char *dir)
{
  g_autoptr(GDir) entries = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_path_get_basename (dir);
  const char *name;

  entries = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (entries)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autofree char *test_path = NULL;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;

      test_path = g_strdup_printf ("/binnacle/fuzz-kubeconfig/%s/%s", base, file);
      g_test_add_data_func_full (test_path, g_steal_pointer (&path), run_one_input, g_free);
    }

  return names->len;
}

int
main (int   argc,
      char *argv[])
{
  guint files = 0;

  g_test_init (&argc, &argv, NULL);

  for (int i = 1; i < argc; i++)
    files += add_directory (argv[i]);

  if (files == 0)
    g_error ("no corpus files given");

  return g_test_run ();
}
