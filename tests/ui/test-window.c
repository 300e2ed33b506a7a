/* test-window.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-application.h"
#include "bn-settings.h"
#include "bn-test-ui-utils.h"
#include "bn-window.h"

static BnApplication *app;

static void
reset_window_settings (void)
{
  g_autoptr(GSettings) gsettings = g_settings_new ("dev.binnacle.Binnacle");

  g_settings_reset (gsettings, "window-width");
  g_settings_reset (gsettings, "window-height");
  g_settings_reset (gsettings, "window-maximized");
  bn_test_iterate_main_context ();
}

static void
test_window_new_destroy (void)
{
  BnWindow *window = bn_window_new (app);

  g_object_ref_sink (window);
  g_assert_true (bn_window_get_settings (window) == bn_application_get_settings (app));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_window_template (void)
{
  BnWindow *window = g_object_ref_sink (bn_window_new (app));
  GtkWidget *leaflet = bn_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_LEAFLET);
  GtkWidget *status = bn_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  GtkWidget *list = bn_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_LIST_BOX);
  g_autoptr(GPtrArray) header_bars = NULL;

  g_assert_nonnull (leaflet);
  g_assert_nonnull (list);
  g_assert_true (gtk_widget_has_css_class (list, "navigation-sidebar"));

  /* Two panes, each with its own header bar. */
  header_bars = bn_test_find_descendants (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
  g_assert_cmpuint (header_bars->len, ==, 2);

  /* With no cluster, the content says what to do. */
  g_assert_nonnull (status);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "No Clusters");
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (status)),
                            "KUBECONFIG"));
  g_assert_nonnull (adw_status_page_get_icon_name (ADW_STATUS_PAGE (status)));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
assert_menu_actions_exist (GMenuModel *menu,
                           GtkWidget  *window,
                           guint      *n_items)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *action = NULL;
      GMenuModel *section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (section != NULL)
        {
          assert_menu_actions_exist (section, window, n_items);
          g_object_unref (section);
          continue;
        }

      g_assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION,
                                                      "s", &action));
      g_test_message ("menu item %s", action);
      (*n_items)++;

      if (g_str_has_prefix (action, "app."))
        g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), action + 4));
      else if (g_str_has_prefix (action, "win."))
        g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), action + 4));
      else
        g_assert_not_reached ();
    }
}

static void
test_window_no_dead_buttons (void)
{
  BnWindow *window = g_object_ref_sink (bn_window_new (app));
  g_autoptr(GPtrArray) buttons = NULL;
  GtkMenuButton *menu_button = NULL;
  guint n_items = 0;

  /* Before any cluster exists, the only button is the primary menu... */
  buttons = bn_test_find_descendants (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);
  for (guint i = 0; i < buttons->len; i++)
    if (gtk_widget_get_visible (g_ptr_array_index (buttons, i)))
      {
        g_assert_null (menu_button);
        menu_button = g_ptr_array_index (buttons, i);
      }
  g_assert_nonnull (menu_button);
  g_assert_true (gtk_menu_button_get_primary (menu_button));

  /* ...and every item in it leads to an action that exists. */
  assert_menu_actions_exist (gtk_menu_button_get_menu_model (menu_button), GTK_WIDGET (window),
                             &n_items);
  g_assert_cmpuint (n_items, ==, 3);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* Icon-only buttons in the .ui files: each needs an accessible label, as a screen reader
 * has nothing else to read. */
typedef struct
{
  char     *klass;
  char     *id;
  gboolean  has_icon;
  gboolean  has_label;
} UiObject;

typedef struct
{
  const char *file;
  GPtrArray  *elements;   /* element names, outermost first */
  GPtrArray  *objects;    /* UiObject, outermost first */
  GPtrArray  *unnamed;    /* "file: id" of each icon-only button without a label */
  guint      *n_icon_buttons;
} UiScan;

static void
ui_object_free (UiObject *object)
{
  g_free (object->klass);
  g_free (object->id);
  g_free (object);
}

static const char *
attribute (const char  *name,
           const char **names,
           const char **values)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], name))
      return values[i];
  return NULL;
}

static void
ui_start_element (GMarkupParseContext  *context,
                  const char           *element,
                  const char          **names,
                  const char          **values,
                  gpointer              user_data,
                  GError              **error)
{
  UiScan *scan = user_data;
  const char *parent = scan->elements->len ? g_ptr_array_index (scan->elements, scan->elements->len - 1) : "";
  UiObject *object = scan->objects->len ? g_ptr_array_index (scan->objects, scan->objects->len - 1) : NULL;

  if (g_str_equal (element, "object") || g_str_equal (element, "template"))
    {
      UiObject *added = g_new0 (UiObject, 1);

      added->klass = g_strdup (attribute ("class", names, values));
      added->id = g_strdup (attribute ("id", names, values));
      g_ptr_array_add (scan->objects, added);
    }
  else if (g_str_equal (element, "property") && object != NULL)
    {
      const char *name = attribute ("name", names, values);

      if (g_str_equal (parent, "object") && g_strcmp0 (name, "icon-name") == 0)
        object->has_icon = TRUE;
      else if ((g_str_equal (parent, "object") || g_str_equal (parent, "accessibility")) &&
               g_strcmp0 (name, "label") == 0)
        object->has_label = TRUE;
    }
  g_ptr_array_add (scan->elements, g_strdup (element));
}

static void
ui_end_element (GMarkupParseContext  *context,
                const char           *element,
                gpointer              user_data,
                GError              **error)
{
  UiScan *scan = user_data;
  static const char * const buttons[] = { "GtkButton", "GtkToggleButton", "GtkMenuButton", NULL };

  if (g_str_equal (element, "object") || g_str_equal (element, "template"))
    {
      UiObject *object = g_ptr_array_steal_index (scan->objects, scan->objects->len - 1);

      if (object->klass != NULL && g_strv_contains (buttons, object->klass) && object->has_icon)
        {
          (*scan->n_icon_buttons)++;
          if (!object->has_label)
            g_ptr_array_add (scan->unnamed, g_strdup_printf ("%s: %s", scan->file, object->id));
        }
      ui_object_free (object);
    }
  g_ptr_array_remove_index (scan->elements, scan->elements->len - 1);
}

static void
test_window_icon_buttons_have_names (void)
{
  static const GMarkupParser parser = { ui_start_element, ui_end_element, NULL, NULL, NULL };
  const char *base = "/dev/binnacle/Binnacle/ui/";
  g_auto(GStrv) files = g_resources_enumerate_children (base, 0, NULL);
  g_autoptr(GPtrArray) unnamed = g_ptr_array_new_with_free_func (g_free);
  guint n_files = 0;
  guint n_icon_buttons = 0;

  g_assert_nonnull (files);
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (base, files[i], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
      g_autoptr(GPtrArray) elements = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) ui_object_free);
      UiScan scan = { files[i], elements, objects, unnamed, &n_icon_buttons };
      g_autoptr(GMarkupParseContext) context = NULL;
      gsize size;
      const char *data;

      if (!g_str_has_suffix (files[i], ".ui"))
        continue;
      g_assert_nonnull (bytes);
      data = g_bytes_get_data (bytes, &size);
      context = g_markup_parse_context_new (&parser, 0, &scan, NULL);
      g_assert_true (g_markup_parse_context_parse (context, data, size, NULL));
      g_assert_true (g_markup_parse_context_end_parse (context, NULL));
      n_files++;
    }

  g_assert_cmpuint (n_files, >=, 9);
  /* Back, menu, refresh, filter, cluster menu, show hidden, clear CA at least. */
  g_assert_cmpuint (n_icon_buttons, >=, 7);
  for (guint i = 0; i < unnamed->len; i++)
    g_test_message ("icon-only button without an accessible label: %s", (char *) g_ptr_array_index (unnamed, i));
  g_assert_cmpuint (unnamed->len, ==, 0);
}

static void
test_window_restores_state (void)
{
  BnSettings *settings = bn_application_get_settings (app);
  BnWindow *window;
  int width = 0, height = 0;

  reset_window_settings ();
  bn_settings_set_window_size (settings, 800, 500);

  window = g_object_ref_sink (bn_window_new (app));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 800);
  g_assert_cmpint (height, ==, 500);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  reset_window_settings ();
}

static void
test_window_saves_state_on_close (void)
{
  BnSettings *settings = bn_application_get_settings (app);
  BnWindow *window;
  int width = 0, height = 0;

  reset_window_settings ();
  window = g_object_ref (bn_window_new (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_present (GTK_WINDOW (window));
  bn_test_wait_for_frames (GTK_WIDGET (window), 2);

  gtk_window_close (GTK_WINDOW (window));
  bn_settings_get_window_size (settings, &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);
  g_assert_false (bn_settings_get_window_maximized (settings));

  g_assert_finalize_object (window);
  reset_window_settings ();
}

static void
test_window_narrow_opens_on_status_page (void)
{
  BnWindow *window;
  GtkWidget *leaflet;
  GtkWidget *status;
  g_autofree char *path = NULL;

  reset_window_settings ();
  window = g_object_ref (bn_window_new (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 600);
  gtk_window_present (GTK_WINDOW (window));
  bn_test_wait_for_frames (GTK_WIDGET (window), 3);

  /* Folded into one pane, the window shows what to do, not an empty sidebar. */
  leaflet = bn_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_LEAFLET);
  status = bn_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  g_assert_true (adw_leaflet_get_folded (ADW_LEAFLET (leaflet)));
  g_assert_true (gtk_widget_get_mapped (status));
  g_assert_true (gtk_widget_is_ancestor (status,
                                         adw_leaflet_get_visible_child (ADW_LEAFLET (leaflet))));

  path = bn_test_save_screenshot (GTK_WIDGET (window), "main-window-narrow.png");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  reset_window_settings ();
}

static void
show_and_save (AdwColorScheme  scheme,
               const char     *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  BnWindow *window;
  g_autofree char *path = NULL;

  reset_window_settings ();
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

  bn_test_ui_init (&argc, &argv);

  app = bn_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add_func ("/binnacle/window/new-destroy", test_window_new_destroy);
  g_test_add_func ("/binnacle/window/template", test_window_template);
  g_test_add_func ("/binnacle/window/no-dead-buttons", test_window_no_dead_buttons);
  g_test_add_func ("/binnacle/window/icon-buttons-have-names", test_window_icon_buttons_have_names);
  g_test_add_func ("/binnacle/window/restores-state", test_window_restores_state);
  g_test_add_func ("/binnacle/window/saves-state-on-close", test_window_saves_state_on_close);
  g_test_add_func ("/binnacle/window/narrow-opens-on-status-page",
                   test_window_narrow_opens_on_status_page);
  g_test_add_func ("/binnacle/window/screenshot-light", test_window_screenshot_light);
  g_test_add_func ("/binnacle/window/screenshot-dark", test_window_screenshot_dark);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
