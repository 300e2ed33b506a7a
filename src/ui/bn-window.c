/* bn-window.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bn-window.h"

/**
 * BnWindow:
 *
 * The main window: the cluster sidebar and the content area side by side in an #AdwLeaflet,
 * which folds them into one pane on narrow screens.
 *
 * The window restores its size and maximized state from #BnSettings when it is built and saves
 * them when it closes.
 */
struct _BnWindow
{
  AdwApplicationWindow  parent_instance;

  BnSettings           *settings;

  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *content;
  GtkListBox           *cluster_list;
  AdwToastOverlay      *toast_overlay;
  AdwStatusPage        *empty_page;
};

G_DEFINE_FINAL_TYPE (BnWindow, bn_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bn_window_restore_state (BnWindow *self)
{
  int width, height;

  bn_settings_get_window_size (self->settings, &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  if (bn_settings_get_window_maximized (self->settings))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
bn_window_save_state (BnWindow *self)
{
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));

  /* A maximized window keeps the size it had before, to come back to it when unmaximized. */
  if (!maximized)
    {
      int width, height;

      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      bn_settings_set_window_size (self->settings, width, height);
    }

  bn_settings_set_window_maximized (self->settings, maximized);
}

static gboolean
bn_window_close_request (GtkWindow *window)
{
  BnWindow *self = BN_WINDOW (window);

  bn_window_save_state (self);

  return GTK_WINDOW_CLASS (bn_window_parent_class)->close_request (window);
}

static void
bn_window_constructed (GObject *object)
{
  BnWindow *self = BN_WINDOW (object);

  G_OBJECT_CLASS (bn_window_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = bn_settings_new ();

  bn_window_restore_state (self);
}

static void
bn_window_dispose (GObject *object)
{
  BnWindow *self = BN_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bn_window_parent_class)->dispose (object);
}

static void
bn_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  BnWindow *self = BN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, bn_window_get_settings (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  BnWindow *self = BN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_window_class_init (BnWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = bn_window_constructed;
  object_class->dispose = bn_window_dispose;
  object_class->get_property = bn_window_get_property;
  object_class->set_property = bn_window_set_property;

  window_class->close_request = bn_window_close_request;

  /**
   * BnWindow:settings:
   *
   * Where the window keeps its size and maximized state. A new #BnSettings when none is given.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         BN_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/bn-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BnWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, content);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, cluster_list);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BnWindow, empty_page);
}

static void
bn_window_init (BnWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* With no cluster to pick, a folded window opens on the page that says what to do. */
  adw_leaflet_set_visible_child (self->leaflet, self->content);

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

/**
 * bn_window_new:
 * @application: the #BnApplication
 *
 * Returns: (transfer full): a new main window that uses the application's settings
 */
BnWindow *
bn_window_new (BnApplication *application)
{
  g_return_val_if_fail (BN_IS_APPLICATION (application), NULL);

  return g_object_new (BN_TYPE_WINDOW,
                       "application", application,
                       "settings", bn_application_get_settings (application),
                       NULL);
}

/**
 * bn_window_get_settings:
 * @self: a #BnWindow
 *
 * Returns: (transfer none): the settings the window keeps its state in
 */
BnSettings *
bn_window_get_settings (BnWindow *self)
{
  g_return_val_if_fail (BN_IS_WINDOW (self), NULL);

  return self->settings;
}
