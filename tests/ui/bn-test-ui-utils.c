/* bn-test-ui-utils.c: helpers for widget tests
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* dl_iterate_phdr(), for the AddressSanitizer build */
#define _GNU_SOURCE

#include "config.h"

#include <adwaita.h>

#include "bn-test-ui-utils.h"

#if defined(__SANITIZE_ADDRESS__)
#include <link.h>
#include <string.h>
#include <sanitizer/lsan_interface.h>

/* From <sanitizer/allocator_interface.h>, which GCC does not install. */
int    __sanitizer_get_ownership      (const volatile void *p);
size_t __sanitizer_get_allocated_size (const volatile void *p);

typedef struct
{
  const char *strings[3];   /* the first quarks' strings */
  gpointer    block;
} QuarkSearch;

static gboolean
is_quark_block (gpointer           candidate,
                const QuarkSearch *search)
{
  const char * const *entries = candidate;

  return __sanitizer_get_ownership (candidate)
         && __sanitizer_get_allocated_size (candidate) >= 4 * sizeof (char *)
         && entries[1] == search->strings[0]
         && entries[2] == search->strings[1]
         && entries[3] == search->strings[2];
}

/* GLib keeps its quark table in a static pointer: look through GLib's writable segments for a
 * pointer to a heap block whose entries are the first quarks' strings. */
static int
find_quark_block_cb (struct dl_phdr_info *info,
                     size_t               size,
                     void                *data)
{
  QuarkSearch *search = data;

  if (info->dlpi_name == NULL || strstr (info->dlpi_name, "libglib-2.0.so") == NULL)
    return 0;

  for (int i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW(Phdr) *phdr = &info->dlpi_phdr[i];
      guintptr start, end;

      if (phdr->p_type != PT_LOAD || (phdr->p_flags & PF_W) == 0)
        continue;
      start = (info->dlpi_addr + phdr->p_vaddr + sizeof (gpointer) - 1) & ~(guintptr) (sizeof (gpointer) - 1);
      end = info->dlpi_addr + phdr->p_vaddr + phdr->p_memsz;
      for (guintptr word = start; word + sizeof (gpointer) <= end; word += sizeof (gpointer))
        {
          gpointer candidate = *(gpointer *) word;

          if (candidate != NULL && is_quark_block (candidate, search))
            {
              search->block = candidate;
              return 1;
            }
        }
    }
  return 0;
}

/* GLib's quark table starts as a block of 2,048 entries allocated in GLib's constructor.
 * When more strings are interned, gquark.c copies it into a larger block and leaves the old
 * one behind on purpose, so that readers need no lock; LeakSanitizer then reports it, with a
 * stack that stops at g_malloc (GLib has no frame pointers), which no suppression can name.
 * That block is told apart here, while it is still the table, and ignored. */
static void
ignore_glib_quark_block (void)
{
  QuarkSearch search = { { g_quark_to_string (1), g_quark_to_string (2), g_quark_to_string (3) }, NULL };

  if (search.strings[0] == NULL || search.strings[1] == NULL || search.strings[2] == NULL)
    return;
  dl_iterate_phdr (find_quark_block_cb, &search);
  if (search.block != NULL)
    __lsan_ignore_object (search.block);
}
#endif

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
#if defined(__SANITIZE_ADDRESS__)
  ignore_glib_quark_block ();
#endif
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
