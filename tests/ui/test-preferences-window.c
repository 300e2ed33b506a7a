/* test-preferences-window.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-preferences-window.h"
#include "bn-settings.h"
#include "bn-test-ui-utils.h"

static BnSettings *
new_default_settings (void)
{
  g_autoptr(GSettings) gsettings = g_settings_new ("dev.binnacle.Binnacle");

  g_settings_reset (gsettings, "color-scheme");
  bn_test_iterate_main_context ();

  return bn_settings_new ();
}

static AdwComboRow *
find_color_scheme_row (BnPreferencesWindow *window)
{
  GtkWidget *row = bn_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_COMBO_ROW);

  g_assert_nonnull (row);
  return ADW_COMBO_ROW (row);
}

static void
test_preferences_window_new_destroy (void)
{
  g_autoptr(BnSettings) settings = new_default_settings ();
  BnPreferencesWindow *window = bn_preferences_window_new (settings);

  g_object_ref_sink (window);
  g_assert_true (bn_preferences_window_get_settings (window) == settings);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_preferences_window_own_settings (void)
{
  BnPreferencesWindow *window = bn_preferences_window_new (NULL);

  g_object_ref_sink (window);
  g_assert_true (BN_IS_SETTINGS (bn_preferences_window_get_settings (window)));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_preferences_window_template (void)
{
  g_autoptr(BnSettings) settings = new_default_settings ();
  BnPreferencesWindow *window = g_object_ref_sink (bn_preferences_window_new (settings));
  AdwComboRow *row = find_color_scheme_row (window);
  GListModel *model = adw_combo_row_get_model (row);

  /* One row per BnColorScheme value, in the enum's order. */
  g_assert_nonnull (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, BN_COLOR_SCHEME_DARK + 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), BN_COLOR_SCHEME_FOLLOW),
                   ==, "Follow System");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), BN_COLOR_SCHEME_LIGHT),
                   ==, "Light");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), BN_COLOR_SCHEME_DARK),
                   ==, "Dark");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "_Style");
  g_assert_nonnull (bn_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_PREFERENCES_GROUP));
  g_assert_false (adw_preferences_window_get_search_enabled (ADW_PREFERENCES_WINDOW (window)));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_preferences_window_row_edits_settings (void)
{
  g_autoptr(BnSettings) settings = new_default_settings ();
  g_autoptr(GSettings) gsettings = g_settings_new ("dev.binnacle.Binnacle");
  BnPreferencesWindow *window = g_object_ref_sink (bn_preferences_window_new (settings));
  AdwComboRow *row = find_color_scheme_row (window);
  g_autofree char *stored = NULL;

  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, BN_COLOR_SCHEME_FOLLOW);

  adw_combo_row_set_selected (row, BN_COLOR_SCHEME_DARK);
  g_assert_cmpint (bn_settings_get_color_scheme (settings), ==, BN_COLOR_SCHEME_DARK);
  stored = g_settings_get_string (gsettings, "color-scheme");
  g_assert_cmpstr (stored, ==, "dark");

  /* And the other way: a change made elsewhere shows in the open window. */
  bn_settings_set_color_scheme (settings, BN_COLOR_SCHEME_LIGHT);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, BN_COLOR_SCHEME_LIGHT);

  g_settings_set_string (gsettings, "color-scheme", "follow");
  bn_test_iterate_main_context ();
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, BN_COLOR_SCHEME_FOLLOW);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
show_and_save (AdwColorScheme  scheme,
               const char     *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(BnSettings) settings = new_default_settings ();
  BnPreferencesWindow *window;
  g_autofree char *path = NULL;

  adw_style_manager_set_color_scheme (style, scheme);
  window = g_object_ref_sink (bn_preferences_window_new (settings));
  gtk_window_present (GTK_WINDOW (window));
  bn_test_wait_for_frames (GTK_WIDGET (window), 3);

  path = bn_test_save_screenshot (GTK_WIDGET (window), name);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_test_message ("screenshot: %s", path);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_preferences_window_screenshot_light (void)
{
  show_and_save (ADW_COLOR_SCHEME_FORCE_LIGHT, "preferences-window.png");
}

static void
test_preferences_window_screenshot_dark (void)
{
  show_and_save (ADW_COLOR_SCHEME_FORCE_DARK, "preferences-window-dark.png");
}

int
main (int   argc,
      char *argv[])
{
  bn_test_ui_init (&argc, &argv);

  g_test_add_func ("/binnacle/preferences-window/new-destroy",
                   test_preferences_window_new_destroy);
  g_test_add_func ("/binnacle/preferences-window/own-settings",
                   test_preferences_window_own_settings);
  g_test_add_func ("/binnacle/preferences-window/template", test_preferences_window_template);
  g_test_add_func ("/binnacle/preferences-window/row-edits-settings",
                   test_preferences_window_row_edits_settings);
  g_test_add_func ("/binnacle/preferences-window/screenshot-light",
                   test_preferences_window_screenshot_light);
  g_test_add_func ("/binnacle/preferences-window/screenshot-dark",
                   test_preferences_window_screenshot_dark);

  return g_test_run ();
}
