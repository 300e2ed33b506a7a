/* bn-test-ui-utils.c: helpers for widget tests
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-test-ui-utils.h"

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
  while ((remaining > 0 || gtk_widget_get_width (widget) == 0) && g_get_monotonic_time () < deadline)
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
