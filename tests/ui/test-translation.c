/* test-translation.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "bn-application.h"
#include "bn-preferences-window.h"
#include "bn-test-ui-utils.h"
#include "bn-window.h"

/* The German catalogue as the build compiles it, loaded the way main.c loads the installed one:
 * the templates carry no domain of their own, so they must find it as the default domain. */

static BnApplication *app;

static void
test_translation_window (void)
{
  BnWindow *window = g_object_ref_sink (bn_window_new (app));
  GtkWidget *status = bn_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  GtkWidget *placeholder = bn_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_LABEL);
  g_autofree char *path = NULL;

  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "Keine Cluster");
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (status)),
                            "kubeconfig-Datei"));
  g_assert_nonnull (placeholder);

  gtk_window_present (GTK_WINDOW (window));
  bn_test_wait_for_frames (GTK_WIDGET (window), 3);
  path = bn_test_save_screenshot (GTK_WIDGET (window), "main-window-de.png");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_translation_preferences (void)
{
  BnPreferencesWindow *window = g_object_ref_sink (bn_preferences_window_new (NULL));
  GtkWidget *row = bn_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_COMBO_ROW);
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Einstellungen");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "_Stil");
  /* Items with a context: "Light" and "Dark" are also words elsewhere. */
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), ==, "System folgen");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 1), ==, "Hell");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 2), ==, "Dunkel");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_translation_menu (void)
{
  BnWindow *window = g_object_ref_sink (bn_window_new (app));
  GtkWidget *button = bn_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);
  GMenuModel *menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_autofree char *label = NULL;

  g_assert_nonnull (section);
  g_assert_true (g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_LABEL, "s",
                                                  &label));
  g_assert_cmpstr (label, ==, "_Einstellungen");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_translation_about (void)
{
  GtkWidget *about = g_object_ref_sink (bn_application_create_about_window (app));

  g_assert_true (g_str_has_prefix (adw_about_window_get_comments (ADW_ABOUT_WINDOW (about)),
                                   "Ein nativer Client"));
  g_assert_true (g_str_has_prefix (adw_about_window_get_release_notes (ADW_ABOUT_WINDOW (about)),
                                   "<p>Die erste Veröffentlichung"));

  gtk_window_destroy (GTK_WINDOW (about));
  g_assert_finalize_object (about);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* C.UTF-8 is the only locale on a bare CI machine; glibc still honours LANGUAGE with it. */
  g_setenv ("LANGUAGE", "de", TRUE);
  bn_test_ui_init (&argc, &argv);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BN_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = bn_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add_func ("/binnacle/translation/window", test_translation_window);
  g_test_add_func ("/binnacle/translation/preferences", test_translation_preferences);
  g_test_add_func ("/binnacle/translation/menu", test_translation_menu);
  g_test_add_func ("/binnacle/translation/about", test_translation_about);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
