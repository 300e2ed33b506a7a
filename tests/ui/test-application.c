/* test-application.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/wait.h>

#include "bn-application.h"
#include "bn-preferences-window.h"
#include "bn-settings.h"
#include "bn-test-ui-utils.h"
#include "bn-window.h"

static BnApplication *app;

static void
reset_settings (void)
{
  g_autoptr(GSettings) gsettings = g_settings_new ("dev.binnacle.Binnacle");

  g_settings_reset (gsettings, "color-scheme");
  bn_test_iterate_main_context ();
}

static void
test_application_new_destroy (void)
{
  BnApplication *other = bn_application_new (APP_ID ".Test", G_APPLICATION_NON_UNIQUE);

  g_assert_true (BN_IS_APPLICATION (other));
  g_assert_true (BN_IS_SETTINGS (bn_application_get_settings (other)));
  g_assert_cmpstr (g_application_get_application_id (G_APPLICATION (other)), ==,
                   APP_ID ".Test");
  g_assert_finalize_object (other);
}

static void
test_application_actions (void)
{
  static const char *actions[] = { "about", "preferences", "quit" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_test_message ("app.%s", actions[i]);
      g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), actions[i]));
      g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), actions[i]));
    }
}

static void
test_application_accels (void)
{
  static const struct {
    const char *action;
    const char *accel;
  } expected[] = {
    { "app.preferences", "<Control>comma" },
    { "app.quit", "<Control>q" },
    { "window.close", "<Control>w" },
    { "win.show-help-overlay", "<Control>question" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                    expected[i].action);

      g_test_message ("%s", expected[i].action);
      g_assert_nonnull (accels);
      g_assert_true (g_strv_contains ((const char * const *) accels, expected[i].accel));
    }
}

static GtkWidget *
present_main_window (void)
{
  GtkWidget *window = GTK_WIDGET (bn_window_new (app));

  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  bn_test_wait_for_frames (window, 2);
  return window;
}

static void
destroy_main_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_application_shortcuts_list_every_accel (void)
{
  GtkWidget *window = present_main_window ();
  GtkShortcutsWindow *overlay;
  g_autoptr(GPtrArray) shortcuts = NULL;
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) actions = NULL;
  guint n_with_accels = 0;

  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);

  shortcuts = bn_test_find_descendants (GTK_WIDGET (overlay), GTK_TYPE_SHORTCUTS_SHORTCUT);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *action_name = NULL;

      g_object_get (g_ptr_array_index (shortcuts, i), "action-name", &action_name, NULL);
      if (action_name != NULL)
        g_hash_table_add (listed, (gpointer) g_intern_string (action_name));
    }

  actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                    actions[i]);

      if (accels == NULL || accels[0] == NULL)
        continue;

      n_with_accels++;
      g_test_message ("%s must be in the shortcuts window", actions[i]);
      g_assert_true (g_hash_table_contains (listed, actions[i]));
    }
  g_assert_cmpuint (n_with_accels, >=, 4);

  /* ...and the window lists nothing that has no accelerator. */
  g_assert_cmpuint (g_hash_table_size (listed), ==, n_with_accels);

  destroy_main_window (window);
}

static void
test_application_show_shortcuts (void)
{
  GtkWidget *window = present_main_window ();
  GtkShortcutsWindow *overlay;
  g_autofree char *path = NULL;

  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overlay)));

  g_assert_true (gtk_widget_activate_action (window, "win.show-help-overlay", NULL));
  bn_test_wait_for_frames (GTK_WIDGET (overlay), 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (window));

  path = bn_test_save_screenshot (GTK_WIDGET (overlay), "shortcuts-window.png");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  gtk_window_close (GTK_WINDOW (overlay));
  destroy_main_window (window);
}

static gboolean
preferences_window_shown (gpointer data)
{
  GtkWindow **found = data;

  *found = bn_test_find_toplevel (BN_TYPE_PREFERENCES_WINDOW);
  return *found != NULL && gtk_widget_get_mapped (GTK_WIDGET (*found));
}

static void
test_application_preferences_action (void)
{
  GtkWidget *window = present_main_window ();
  GtkWindow *preferences = NULL;

  g_assert_null (bn_test_find_toplevel (BN_TYPE_PREFERENCES_WINDOW));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_true (bn_test_wait_until (preferences_window_shown, &preferences, 5000));

  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (preferences));
  g_assert_true (bn_preferences_window_get_settings (BN_PREFERENCES_WINDOW (preferences)) ==
                 bn_application_get_settings (app));

  gtk_window_destroy (preferences);
  destroy_main_window (window);
}

static void
test_application_color_scheme_applies_live (void)
{
  AdwStyleManager *style = adw_application_get_style_manager (ADW_APPLICATION (app));
  BnSettings *settings = bn_application_get_settings (app);
  g_autoptr(GSettings) gsettings = g_settings_new ("dev.binnacle.Binnacle");

  reset_settings ();
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);

  bn_settings_set_color_scheme (settings, BN_COLOR_SCHEME_DARK);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));

  /* A change of the key, as from dconf, applies too. */
  g_settings_set_string (gsettings, "color-scheme", "light");
  bn_test_iterate_main_context ();
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (style));

  reset_settings ();
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_application_about_window (void)
{
  GtkWidget *about = g_object_ref_sink (bn_application_create_about_window (app));

  g_assert_true (ADW_IS_ABOUT_WINDOW (about));
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==,
                   "Binnacle");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), ==, APP_ID);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==,
                   GTK_LICENSE_GPL_3_0);
  g_assert_nonnull (adw_about_window_get_issue_url (ADW_ABOUT_WINDOW (about)));
  g_assert_true (g_str_has_prefix (adw_about_window_get_release_notes (ADW_ABOUT_WINDOW (about)),
                                   "<p>"));
  g_assert_cmpstr (adw_about_window_get_release_notes_version (ADW_ABOUT_WINDOW (about)), ==,
                   "0.1.0");
  g_assert_nonnull (strstr (adw_about_window_get_debug_info (ADW_ABOUT_WINDOW (about)),
                            "GTK "));
  g_assert_nonnull (strstr (adw_about_window_get_debug_info (ADW_ABOUT_WINDOW (about)),
                            PACKAGE_VERSION));

  gtk_window_destroy (GTK_WINDOW (about));
  g_assert_finalize_object (about);
}

static gboolean
about_window_shown (gpointer data)
{
  GtkWindow **found = data;

  *found = bn_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  return *found != NULL && gtk_widget_get_mapped (GTK_WIDGET (*found));
}

static void
test_application_about_action (void)
{
  GtkWidget *window = present_main_window ();
  GtkWindow *about = NULL;
  g_autofree char *path = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  g_assert_true (bn_test_wait_until (about_window_shown, &about, 5000));
  g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (window));

  bn_test_wait_for_frames (GTK_WIDGET (about), 2);
  path = bn_test_save_screenshot (GTK_WIDGET (about), "about-window.png");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  gtk_window_destroy (about);
  destroy_main_window (window);
}

static char *
run_binnacle (const char *argument,
              int        *exit_status)
{
  const char *binary = g_getenv ("BINNACLE_BIN");
  const char *argv[] = { binary, argument, NULL };
  g_autoptr(GError) error = NULL;
  char *standard_output = NULL;
  int wait_status = 0;

  if (binary == NULL || !g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    return NULL;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &standard_output, NULL, &wait_status, &error);
  g_assert_no_error (error);
  *exit_status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;

  return standard_output;
}

static void
test_application_command_line_version (void)
{
  g_autofree char *output = NULL;
  int status = -1;

  output = run_binnacle ("--version", &status);
  if (output == NULL)
    {
      g_test_skip ("BINNACLE_BIN is not set to the built binary");
      return;
    }

  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (output, ==, PACKAGE_NAME " " PACKAGE_VERSION "\n");
}

static void
test_application_command_line_without_schema (void)
{
  const char *binary = g_getenv ("BINNACLE_BIN");
  const char *argv[] = { binary, "--version", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *standard_output = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *empty_dir = NULL;
  int wait_status = 0;

  if (binary == NULL || !g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("BINNACLE_BIN is not set to the built binary");
      return;
    }

  /* As on a machine where Binnacle is built but not installed. */
  empty_dir = g_dir_make_tmp ("binnacle-no-schema-XXXXXX", &error);
  g_assert_no_error (error);
  envp = g_environ_setenv (envp, "GSETTINGS_SCHEMA_DIR", empty_dir, TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_DIRS", empty_dir, TRUE);

  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &standard_output, NULL, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 0);
  g_assert_cmpstr (standard_output, ==, PACKAGE_NAME " " PACKAGE_VERSION "\n");
  g_rmdir (empty_dir);
}

static void
test_application_command_line_help (void)
{
  g_autofree char *output = NULL;
  int status = -1;

  output = run_binnacle ("--help", &status);
  if (output == NULL)
    {
      g_test_skip ("BINNACLE_BIN is not set to the built binary");
      return;
    }

  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (output, "Usage:"));
  g_assert_nonnull (strstr (output, "--version"));
  g_assert_nonnull (strstr (output, "Print the version and exit"));
  g_assert_nonnull (strstr (output, "A native client for your Kubernetes clusters."));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  bn_test_ui_init (&argc, &argv);

  app = bn_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add_func ("/binnacle/application/new-destroy", test_application_new_destroy);
  g_test_add_func ("/binnacle/application/actions", test_application_actions);
  g_test_add_func ("/binnacle/application/accels", test_application_accels);
  g_test_add_func ("/binnacle/application/shortcuts-list-every-accel",
                   test_application_shortcuts_list_every_accel);
  g_test_add_func ("/binnacle/application/show-shortcuts", test_application_show_shortcuts);
  g_test_add_func ("/binnacle/application/preferences-action",
                   test_application_preferences_action);
  g_test_add_func ("/binnacle/application/color-scheme-applies-live",
                   test_application_color_scheme_applies_live);
  g_test_add_func ("/binnacle/application/about-window", test_application_about_window);
  g_test_add_func ("/binnacle/application/about-action", test_application_about_action);
  g_test_add_func ("/binnacle/application/command-line-version",
                   test_application_command_line_version);
  g_test_add_func ("/binnacle/application/command-line-without-schema",
                   test_application_command_line_without_schema);
  g_test_add_func ("/binnacle/application/command-line-help",
                   test_application_command_line_help);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
