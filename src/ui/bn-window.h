/* bn-window.h
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bn-application.h"
#include "bn-settings.h"

G_BEGIN_DECLS

#define BN_TYPE_WINDOW (bn_window_get_type ())

G_DECLARE_FINAL_TYPE (BnWindow, bn_window, BN, WINDOW, AdwApplicationWindow)

BnWindow   *bn_window_new          (BnApplication *application);
BnSettings *bn_window_get_settings (BnWindow      *self);

G_END_DECLS
