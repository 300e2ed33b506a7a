/* bn-test-ui-utils.h: helpers for widget tests
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void     bn_test_ui_init              (int        *argc,
                                       char     ***argv);
void     bn_test_wait_for_frames      (GtkWidget  *widget,
                                       guint       n_frames);
gboolean bn_test_wait_until           (gboolean  (*predicate) (gpointer data),
                                       gpointer    data,
                                       guint       timeout_ms);
char    *bn_test_save_screenshot      (GtkWidget  *window,
                                       const char *name);
GtkWidget *bn_test_find_descendant    (GtkWidget  *root,
                                       GType       type);
GPtrArray *bn_test_find_descendants   (GtkWidget  *root,
                                       GType       type);
GtkWindow *bn_test_find_toplevel      (GType       type);
void     bn_test_iterate_main_context (void);

G_END_DECLS
