/* bn-preferences-window.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bn-preferences-window.h"

/**
 * BnPreferencesWindow:
 *
 * The Preferences window. Every row is bound to a #BnSettings property, so a change applies at
 * once and there is nothing to save.
 */
struct _BnPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  BnSettings           *settings;

  AdwComboRow          *color_scheme_row;
};

G_DEFINE_FINAL_TYPE (BnPreferencesWindow, bn_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The rows of the colour scheme model are in BnColorScheme order, so the mapping is the
 * identity; it only has to cross from an enum to a guint and back. */
static gboolean
color_scheme_to_selected (GBinding     *binding,
                          const GValue *from_value,
                          GValue       *to_value,
                          gpointer      user_data)
{
  g_value_set_uint (to_value, (guint) g_value_get_enum (from_value));
  return TRUE;
}

static gboolean
selected_to_color_scheme (GBinding     *binding,
                          const GValue *from_value,
                          GValue       *to_value,
                          gpointer      user_data)
{
  guint selected = g_value_get_uint (from_value);

  if (selected > BN_COLOR_SCHEME_DARK)
    return FALSE;

  g_value_set_enum (to_value, (BnColorScheme) selected);
  return TRUE;
}

static void
bn_preferences_window_constructed (GObject *object)
{
  BnPreferencesWindow *self = BN_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (bn_preferences_window_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = bn_settings_new ();

  g_object_bind_property_full (self->settings, "color-scheme",
                               self->color_scheme_row, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               color_scheme_to_selected,
                               selected_to_color_scheme,
                               NULL, NULL);
}

static void
bn_preferences_window_dispose (GObject *object)
{
  BnPreferencesWindow *self = BN_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bn_preferences_window_parent_class)->dispose (object);
}

static void
bn_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  BnPreferencesWindow *self = BN_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, bn_preferences_window_get_settings (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  BnPreferencesWindow *self = BN_PREFERENCES_WINDOW (object);

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
bn_preferences_window_class_init (BnPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bn_preferences_window_constructed;
  object_class->dispose = bn_preferences_window_dispose;
  object_class->get_property = bn_preferences_window_get_property;
  object_class->set_property = bn_preferences_window_set_property;

  /**
   * BnPreferencesWindow:settings:
   *
   * The settings the rows edit. A new #BnSettings when none is given.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         BN_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/bn-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BnPreferencesWindow, color_scheme_row);
}

static void
bn_preferences_window_init (BnPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * bn_preferences_window_new:
 * @settings: (nullable): the settings to edit
 *
 * Returns: (transfer full): a new Preferences window
 */
BnPreferencesWindow *
bn_preferences_window_new (BnSettings *settings)
{
  g_return_val_if_fail (settings == NULL || BN_IS_SETTINGS (settings), NULL);

  return g_object_new (BN_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       NULL);
}

/**
 * bn_preferences_window_get_settings:
 * @self: a #BnPreferencesWindow
 *
 * Returns: (transfer none): the settings the window edits
 */
BnSettings *
bn_preferences_window_get_settings (BnPreferencesWindow *self)
{
  g_return_val_if_fail (BN_IS_PREFERENCES_WINDOW (self), NULL);

  return self->settings;
}
