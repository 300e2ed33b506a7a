/* bn-test-keyring-session.h: a private D-Bus session with an unlocked gnome-keyring
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *bn_test_keyring_session_enter            (int         argc,
                                                    char      **argv);
void      bn_test_keyring_session_leave            (const char *home);
gboolean  bn_test_keyring_session_files_contain    (const char *home,
                                                    const char *secret,
                                                    guint      *n_files);
void      bn_test_keyring_session_remove_tree      (const char *path);

G_END_DECLS
