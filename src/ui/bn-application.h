/* bn-application.h
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bn-settings.h"

G_BEGIN_DECLS

#define BN_TYPE_APPLICATION (bn_application_get_type ())

G_DECLARE_FINAL_TYPE (BnApplication, bn_application, BN, APPLICATION, AdwApplication)

BnApplication *bn_application_new                  (const char        *application_id,
                                                    GApplicationFlags  flags);
BnSettings    *bn_application_get_settings         (BnApplication     *self);
GtkWidget     *bn_application_create_about_window  (BnApplication     *self);

G_END_DECLS
