/* bn-settings.h
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/**
 * BnColorScheme:
 * @BN_COLOR_SCHEME_FOLLOW: follow the system style
 * @BN_COLOR_SCHEME_LIGHT: always use the light style
 * @BN_COLOR_SCHEME_DARK: always use the dark style
 *
 * The values of the `color-scheme` key; the nicks match the schema's enum.
 */
typedef enum
{
  BN_COLOR_SCHEME_FOLLOW,
  BN_COLOR_SCHEME_LIGHT,
  BN_COLOR_SCHEME_DARK,
} BnColorScheme;

#define BN_TYPE_COLOR_SCHEME (bn_color_scheme_get_type ())
#define BN_TYPE_SETTINGS (bn_settings_get_type ())

GType bn_color_scheme_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (BnSettings, bn_settings, BN, SETTINGS, GObject)

BnSettings     *bn_settings_new                   (void);
BnColorScheme   bn_settings_get_color_scheme      (BnSettings    *self);
void            bn_settings_set_color_scheme      (BnSettings    *self,
                                                   BnColorScheme  color_scheme);
AdwColorScheme  bn_settings_get_adw_color_scheme  (BnSettings    *self);
void            bn_settings_get_window_size       (BnSettings    *self,
                                                   int           *width,
                                                   int           *height);
void            bn_settings_set_window_size       (BnSettings    *self,
                                                   int            width,
                                                   int            height);
gboolean        bn_settings_get_window_maximized  (BnSettings    *self);
void            bn_settings_set_window_maximized  (BnSettings    *self,
                                                   gboolean       maximized);

G_END_DECLS
