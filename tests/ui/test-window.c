/* test-window.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-application.h"
#include "bn-window.h"
#include "bn-test-ui-utils.h"

static BnApplication *app;

static void
test_window_new_destroy (void)
{
  BnWindow *window = bn_window_new (app);

  g_object_ref_sink (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
show_and_save (AdwColorScheme  scheme,
               const char     *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  BnWindow *window;
  g_autofree char *path = NULL;

  adw_style_manager_set_color_scheme (style, scheme);
  window = bn_window_new (app);
  g_object_ref (window);
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
test_window_screenshot_light (void)
{
  show_and_save (ADW_COLOR_SCHEME_FORCE_LIGHT, "main-window.png");
}

static void
test_window_screenshot_dark (void)
{
  show_and_save (ADW_COLOR_SCHEME_FORCE_DARK, "main-window-dark.png");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = bn_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add_func ("/binnacle/window/new-destroy", test_window_new_destroy);
  g_test_add_func ("/binnacle/window/screenshot-light", test_window_screenshot_light);
  g_test_add_func ("/binnacle/window/screenshot-dark", test_window_screenshot_dark);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
