/* bn-preferences-window.h
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bn-settings.h"

G_BEGIN_DECLS

#define BN_TYPE_PREFERENCES_WINDOW (bn_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (BnPreferencesWindow, bn_preferences_window, BN, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

BnPreferencesWindow *bn_preferences_window_new          (BnSettings          *settings);
BnSettings          *bn_preferences_window_get_settings (BnPreferencesWindow *self);

G_END_DECLS
