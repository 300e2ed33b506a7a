/* bn-test-keyring-session.c: a private D-Bus session with an unlocked gnome-keyring
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bn-test-keyring-session.h"

#define HOME_VARIABLE "BINNACLE_TEST_KEYRING_HOME"
#define PASSWORD      "binnacle-test-password"

/*
 * Keyring tests never touch the keyring of the person running them: the test program starts
 * itself again inside `dbus-run-session`, with a throw-away HOME and XDG directories, after
 * starting gnome-keyring unlocked there. Without a display, nothing can prompt and hang.
 */

static void
set_private_environment (const char *home)
{
  g_autofree char *data = g_build_filename (home, ".local", "share", NULL);
  g_autofree char *config = g_build_filename (home, ".config", NULL);
  g_autofree char *cache = g_build_filename (home, ".cache", NULL);
  g_autofree char *runtime = g_build_filename (home, "runtime", NULL);

  g_mkdir_with_parents (data, 0700);
  g_mkdir_with_parents (runtime, 0700);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_setenv (HOME_VARIABLE, home, TRUE);
  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
}

/**
 * bn_test_keyring_session_enter:
 * @argc: main()'s argc
 * @argv: main()'s argv
 *
 * Call first thing in main(). Outside the private session, starts it and runs the program
 * again inside it (this call does not return then); inside, returns its HOME.
 *
 * Returns: (transfer full) (nullable): the private HOME, or %NULL when dbus-run-session or
 *   gnome-keyring-daemon is missing
 */
char *
bn_test_keyring_session_enter (int    argc,
                               char **argv)
{
  g_autofree char *dbus_run_session = g_find_program_in_path ("dbus-run-session");
  g_autofree char *keyring_daemon = g_find_program_in_path ("gnome-keyring-daemon");
  g_autoptr(GPtrArray) args = NULL;
  g_autofree char *home = NULL;

  if (g_getenv (HOME_VARIABLE) != NULL)
    return g_strdup (g_getenv (HOME_VARIABLE));

  if (dbus_run_session == NULL || keyring_daemon == NULL)
    return NULL;

  home = g_dir_make_tmp ("binnacle-keyring-XXXXXX", NULL);
  g_assert_nonnull (home);
  set_private_environment (home);

  args = g_ptr_array_new ();
  g_ptr_array_add (args, dbus_run_session);
  g_ptr_array_add (args, (char *)"--");
  g_ptr_array_add (args, (char *)"sh");
  g_ptr_array_add (args, (char *)"-c");
  g_ptr_array_add (args, (char *)"printf %s '" PASSWORD "' | gnome-keyring-daemon --unlock --components=secrets "
                                 ">/dev/null && exec \"$0\" \"$@\"");
  for (int i = 0; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);

  execv (dbus_run_session, (char **)args->pdata);
  g_error ("Cannot run %s: %s", dbus_run_session, g_strerror (errno));
}

/**
 * bn_test_keyring_session_remove_tree:
 * @path: a directory
 *
 * Removes @path and everything under it.
 */
void
bn_test_keyring_session_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        bn_test_keyring_session_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/**
 * bn_test_keyring_session_leave:
 * @home: what bn_test_keyring_session_enter() returned
 *
 * Removes the private HOME.
 */
void
bn_test_keyring_session_leave (const char *home)
{
  if (home != NULL)
    bn_test_keyring_session_remove_tree (home);
}

static gboolean
file_contains (const char *path,
               const char *secret)
{
  g_autofree char *contents = NULL;
  gsize secret_length = strlen (secret);
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;

  /* Binary files hold NUL bytes: no str* function will do. */
  for (gsize i = 0; i + secret_length <= length; i++)
    if (memcmp (contents + i, secret, secret_length) == 0)
      return TRUE;
  return FALSE;
}

/**
 * bn_test_keyring_session_files_contain:
 * @home: a directory
 * @secret: what to look for
 * @n_files: (inout): incremented for every regular file read
 *
 * Returns: %TRUE when a file under @home holds @secret in clear
 */
gboolean
bn_test_keyring_session_files_contain (const char *home,
                                       const char *secret,
                                       guint      *n_files)
{
  g_autoptr(GDir) dir = g_dir_open (home, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (home, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          if (bn_test_keyring_session_files_contain (child, secret, n_files))
            return TRUE;
        }
      else if (g_file_test (child, G_FILE_TEST_IS_REGULAR))
        {
          (*n_files)++;
          if (file_contains (child, secret))
            return TRUE;
        }
    }
  return FALSE;
}
