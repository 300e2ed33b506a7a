/* bn-test-ui-utils.c: helpers for widget tests
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "bn-test-ui-utils.h"

/**
 * bn_test_ui_init:
 * @argc: the address of main's argc
 * @argv: the address of main's argv
 *
 * Sets up GTest, GTK and libadwaita for a widget test: settings in memory only, and no
 * animations, so a screenshot never catches a transition half-way.
 */
void
bn_test_ui_init (int    *argc,
                 char ***argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   guint         *remaining)
{
  if (*remaining > 0)
    (*remaining)--;
}

/**
 * bn_test_wait_for_frames:
 * @widget: a mapped widget
 * @n_frames: how many frames to wait for
 *
 * Spins the main context until @widget has an allocation and its frame clock has painted
 * @n_frames times, with a bound of ten seconds.
 */
void
bn_test_wait_for_frames (GtkWidget *widget,
                         guint      n_frames)
{
  GdkFrameClock *clock;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint remaining = n_frames;
  gulong handler;

  while (gtk_widget_get_frame_clock (widget) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &remaining);
  while ((remaining > 0 || gtk_widget_get_width (widget) == 0)
         && g_get_monotonic_time () < deadline)
    {
      gtk_widget_queue_draw (widget);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, handler);

  g_assert_cmpint (gtk_widget_get_width (widget), >, 0);
}

static gboolean
wake_up_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/**
 * bn_test_wait_until:
 * @predicate: a function that is %TRUE once the condition holds
 * @data: passed to @predicate
 * @timeout_ms: how long to wait at most
 *
 * Returns: %TRUE if @predicate became true within @timeout_ms
 */
gboolean
bn_test_wait_until (gboolean (*predicate) (gpointer data),
                    gpointer   data,
                    guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake_id = g_timeout_add (20, wake_up_cb, NULL);
  gboolean ok;

  while (!(ok = predicate (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake_id);
  return ok;
}

/**
 * bn_test_save_screenshot:
 * @window: a mapped, painted window
 * @name: file name without directory, e.g. "main-window.png"
 *
 * Renders @window with its own renderer and saves it as PNG into the test build directory.
 *
 * Returns: (transfer full): the path of the file written
 */
char *
bn_test_save_screenshot (GtkWidget  *window,
                         const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                          "screenshots", NULL);
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));

  return g_steal_pointer (&path);
}

static void
collect_descendants (GtkWidget *widget,
                     GType      type,
                     GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_type_is_a (G_OBJECT_TYPE (child), type))
        g_ptr_array_add (found, child);
      collect_descendants (child, type, found);
    }
}

/**
 * bn_test_find_descendants:
 * @root: a widget
 * @type: the type to look for
 *
 * Returns: (transfer container): every descendant of @root that is a @type, depth first
 */
GPtrArray *
bn_test_find_descendants (GtkWidget *root,
                          GType      type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect_descendants (root, type, found);
  return found;
}

/**
 * bn_test_find_descendant:
 * @root: a widget
 * @type: the type to look for
 *
 * Returns: (transfer none) (nullable): the first descendant of @root that is a @type
 */
GtkWidget *
bn_test_find_descendant (GtkWidget *root,
                         GType      type)
{
  g_autoptr(GPtrArray) found = bn_test_find_descendants (root, type);

  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

/**
 * bn_test_find_toplevel:
 * @type: the type to look for
 *
 * Returns: (transfer none) (nullable): a toplevel window of @type
 */
GtkWindow *
bn_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), type))
        return window;
    }

  return NULL;
}

/**
 * bn_test_iterate_main_context:
 *
 * Dispatches whatever is pending on the default main context, without blocking.
 */
void
bn_test_iterate_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}
