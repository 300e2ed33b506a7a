/* bn-settings.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-settings.h"

/* The schema id stays the same for the .Devel build, so settings carry over. */
#define BN_SETTINGS_SCHEMA_ID "dev.binnacle.Binnacle"

/**
 * BnSettings:
 *
 * The application's settings as properties.
 *
 * Every property is bound to the GSettings key of the same name, in both directions: setting a
 * property writes the key, and a change of the key (from another window, from dconf) updates the
 * property and emits ::notify once. Widgets bind to these properties instead of to GSettings, which
 * keeps the key names in one place and lets tests use the memory backend.
 */
struct _BnSettings
{
  GObject        parent_instance;

  GSettings     *settings;

  BnColorScheme  color_scheme;
  int            window_width;
  int            window_height;
  guint          window_maximized : 1;
};

G_DEFINE_FINAL_TYPE (BnSettings, bn_settings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_COLOR_SCHEME,
  PROP_ADW_COLOR_SCHEME,
  PROP_WINDOW_WIDTH,
  PROP_WINDOW_HEIGHT,
  PROP_WINDOW_MAXIMIZED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
bn_color_scheme_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      /* The nicks are the schema's enum nicks: g_settings_bind() maps by nick. */
      static const GEnumValue values[] = {
        { BN_COLOR_SCHEME_FOLLOW, "BN_COLOR_SCHEME_FOLLOW", "follow" },
        { BN_COLOR_SCHEME_LIGHT, "BN_COLOR_SCHEME_LIGHT", "light" },
        { BN_COLOR_SCHEME_DARK, "BN_COLOR_SCHEME_DARK", "dark" },
        { 0, NULL, NULL }
      };
      GType type = g_enum_register_static (g_intern_static_string ("BnColorScheme"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

static void
bn_settings_constructed (GObject *object)
{
  BnSettings *self = BN_SETTINGS (object);

  G_OBJECT_CLASS (bn_settings_parent_class)->constructed (object);

  g_settings_bind (self->settings, "color-scheme", self, "color-scheme", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-width", self, "window-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "window-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "window-maximized",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
bn_settings_dispose (GObject *object)
{
  BnSettings *self = BN_SETTINGS (object);

  /* The bindings hold no reference on us, but they must not outlive the GSettings either. */
  if (self->settings != NULL)
    {
      g_settings_unbind (self, "color-scheme");
      g_settings_unbind (self, "window-width");
      g_settings_unbind (self, "window-height");
      g_settings_unbind (self, "window-maximized");
    }
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bn_settings_parent_class)->dispose (object);
}

static void
bn_settings_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  BnSettings *self = BN_SETTINGS (object);
  int width, height;

  switch (prop_id)
    {
    case PROP_COLOR_SCHEME:
      g_value_set_enum (value, bn_settings_get_color_scheme (self));
      break;

    case PROP_ADW_COLOR_SCHEME:
      g_value_set_enum (value, bn_settings_get_adw_color_scheme (self));
      break;

    case PROP_WINDOW_WIDTH:
      bn_settings_get_window_size (self, &width, NULL);
      g_value_set_int (value, width);
      break;

    case PROP_WINDOW_HEIGHT:
      bn_settings_get_window_size (self, NULL, &height);
      g_value_set_int (value, height);
      break;

    case PROP_WINDOW_MAXIMIZED:
      g_value_set_boolean (value, bn_settings_get_window_maximized (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_settings_set_window_width (BnSettings *self,
                              int         width)
{
  if (self->window_width == width)
    return;

  self->window_width = width;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_WIDTH]);
}

static void
bn_settings_set_window_height (BnSettings *self,
                               int         height)
{
  if (self->window_height == height)
    return;

  self->window_height = height;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_HEIGHT]);
}

static void
bn_settings_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  BnSettings *self = BN_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_COLOR_SCHEME:
      bn_settings_set_color_scheme (self, g_value_get_enum (value));
      break;

    case PROP_WINDOW_WIDTH:
      bn_settings_set_window_width (self, g_value_get_int (value));
      break;

    case PROP_WINDOW_HEIGHT:
      bn_settings_set_window_height (self, g_value_get_int (value));
      break;

    case PROP_WINDOW_MAXIMIZED:
      bn_settings_set_window_maximized (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_settings_class_init (BnSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bn_settings_constructed;
  object_class->dispose = bn_settings_dispose;
  object_class->get_property = bn_settings_get_property;
  object_class->set_property = bn_settings_set_property;

  /**
   * BnSettings:color-scheme:
   *
   * Whether to follow the system style or always use the light or dark style.
   */
  properties[PROP_COLOR_SCHEME] =
    g_param_spec_enum ("color-scheme", NULL, NULL,
                       BN_TYPE_COLOR_SCHEME,
                       BN_COLOR_SCHEME_FOLLOW,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * BnSettings:adw-color-scheme:
   *
   * #BnSettings:color-scheme as an #AdwColorScheme, ready to bind to #AdwStyleManager.
   */
  properties[PROP_ADW_COLOR_SCHEME] =
    g_param_spec_enum ("adw-color-scheme", NULL, NULL,
                       ADW_TYPE_COLOR_SCHEME,
                       ADW_COLOR_SCHEME_DEFAULT,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_WINDOW_WIDTH] =
    g_param_spec_int ("window-width", NULL, NULL,
                      0, G_MAXINT, 1100,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_WINDOW_HEIGHT] =
    g_param_spec_int ("window-height", NULL, NULL,
                      0, G_MAXINT, 720,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_WINDOW_MAXIMIZED] =
    g_param_spec_boolean ("window-maximized", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bn_settings_init (BnSettings *self)
{
  self->settings = g_settings_new (BN_SETTINGS_SCHEMA_ID);
  self->window_width = 1100;
  self->window_height = 720;
}

/**
 * bn_settings_new:
 *
 * Creates the settings object over the `dev.binnacle.Binnacle` schema. Instances share one
 * backend, so two of them always agree.
 *
 * Returns: (transfer full): a new #BnSettings
 */
BnSettings *
bn_settings_new (void)
{
  return g_object_new (BN_TYPE_SETTINGS, NULL);
}

/**
 * bn_settings_get_color_scheme:
 * @self: a #BnSettings
 *
 * Returns: the colour scheme the user picked
 */
BnColorScheme
bn_settings_get_color_scheme (BnSettings *self)
{
  g_return_val_if_fail (BN_IS_SETTINGS (self), BN_COLOR_SCHEME_FOLLOW);

  return self->color_scheme;
}

/**
 * bn_settings_set_color_scheme:
 * @self: a #BnSettings
 * @color_scheme: the colour scheme to use from now on
 *
 * Stores @color_scheme; #BnSettings:color-scheme and #BnSettings:adw-color-scheme notify if it
 * changed.
 */
void
bn_settings_set_color_scheme (BnSettings    *self,
                              BnColorScheme  color_scheme)
{
  g_return_if_fail (BN_IS_SETTINGS (self));
  g_return_if_fail (color_scheme <= BN_COLOR_SCHEME_DARK);

  if (self->color_scheme == color_scheme)
    return;

  self->color_scheme = color_scheme;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR_SCHEME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADW_COLOR_SCHEME]);
}

/**
 * bn_settings_get_adw_color_scheme:
 * @self: a #BnSettings
 *
 * Returns: the colour scheme as libadwaita's style manager takes it
 */
AdwColorScheme
bn_settings_get_adw_color_scheme (BnSettings *self)
{
  g_return_val_if_fail (BN_IS_SETTINGS (self), ADW_COLOR_SCHEME_DEFAULT);

  switch (self->color_scheme)
    {
    case BN_COLOR_SCHEME_LIGHT:
      return ADW_COLOR_SCHEME_FORCE_LIGHT;

    case BN_COLOR_SCHEME_DARK:
      return ADW_COLOR_SCHEME_FORCE_DARK;

    case BN_COLOR_SCHEME_FOLLOW:
    default:
      return ADW_COLOR_SCHEME_DEFAULT;
    }
}

/**
 * bn_settings_get_window_size:
 * @self: a #BnSettings
 * @width: (out) (optional): the width of the main window, in pixels
 * @height: (out) (optional): the height of the main window, in pixels
 *
 * Gets the size the main window had when it was last closed unmaximized.
 */
void
bn_settings_get_window_size (BnSettings *self,
                             int        *width,
                             int        *height)
{
  g_return_if_fail (BN_IS_SETTINGS (self));

  if (width != NULL)
    *width = self->window_width;
  if (height != NULL)
    *height = self->window_height;
}

/**
 * bn_settings_set_window_size:
 * @self: a #BnSettings
 * @width: the width of the main window, in pixels
 * @height: the height of the main window, in pixels
 *
 * Stores the size of the main window.
 */
void
bn_settings_set_window_size (BnSettings *self,
                             int         width,
                             int         height)
{
  g_return_if_fail (BN_IS_SETTINGS (self));
  g_return_if_fail (width >= 0 && height >= 0);

  bn_settings_set_window_width (self, width);
  bn_settings_set_window_height (self, height);
}

/**
 * bn_settings_get_window_maximized:
 * @self: a #BnSettings
 *
 * Returns: whether the main window was maximized when it was last closed
 */
gboolean
bn_settings_get_window_maximized (BnSettings *self)
{
  g_return_val_if_fail (BN_IS_SETTINGS (self), FALSE);

  return self->window_maximized;
}

/**
 * bn_settings_set_window_maximized:
 * @self: a #BnSettings
 * @maximized: whether the main window is maximized
 *
 * Stores whether the main window is maximized.
 */
void
bn_settings_set_window_maximized (BnSettings *self,
                                  gboolean    maximized)
{
  g_return_if_fail (BN_IS_SETTINGS (self));

  maximized = !!maximized;
  if (self->window_maximized == maximized)
    return;

  self->window_maximized = maximized;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_MAXIMIZED]);
}
