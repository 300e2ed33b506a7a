/* test-namespace-selector.c: picking namespaces
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-namespace-selector.h"
#include "bn-test-ui-utils.h"

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static GtkCheckButton *
find_check (BnNamespaceSelector *selector,
            const char          *label)
{
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (adw_bin_get_child (ADW_BIN (selector))));
  g_autoptr(GPtrArray) checks = bn_test_find_descendants (GTK_WIDGET (popover), GTK_TYPE_CHECK_BUTTON);

  for (guint i = 0; i < checks->len; i++)
    if (g_strcmp0 (gtk_check_button_get_label (g_ptr_array_index (checks, i)), label) == 0)
      return g_ptr_array_index (checks, i);
  return NULL;
}

static void
test_select (void)
{
  BnNamespaceSelector *selector = g_object_ref_sink (BN_NAMESPACE_SELECTOR (bn_namespace_selector_new ()));
  const char *available[] = { "shop", "dev", "default", "dev", "", NULL };
  g_auto(GStrv) offered = NULL;
  g_auto(GStrv) selected = NULL;
  guint notified = 0;

  g_signal_connect (selector, "notify::selected", G_CALLBACK (on_notify_cb), &notified);
  bn_namespace_selector_set_available (selector, available);
  offered = bn_namespace_selector_dup_available (selector);
  g_assert_cmpstrv (offered, ((const char *[]) { "default", "dev", "shop", NULL }));
  g_assert_null (bn_namespace_selector_dup_selected (selector));
  g_assert_cmpstr (bn_namespace_selector_get_label (selector), ==, "All Namespaces");
  g_assert_true (gtk_check_button_get_active (find_check (selector, "All Namespaces")));

  /* Checking two namespaces, as a click does. */
  gtk_check_button_set_active (find_check (selector, "shop"), TRUE);
  gtk_check_button_set_active (find_check (selector, "dev"), TRUE);
  selected = bn_namespace_selector_dup_selected (selector);
  g_assert_cmpstrv (selected, ((const char *[]) { "dev", "shop", NULL }));
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpstr (bn_namespace_selector_get_label (selector), ==, "2 Namespaces");
  g_assert_false (gtk_check_button_get_active (find_check (selector, "All Namespaces")));

  /* "All Namespaces" clears the others. */
  gtk_check_button_set_active (find_check (selector, "All Namespaces"), TRUE);
  g_assert_null (bn_namespace_selector_dup_selected (selector));
  g_assert_false (gtk_check_button_get_active (find_check (selector, "shop")));
  g_assert_cmpuint (notified, ==, 3);

  /* A namespace selected from code is offered even if nobody listed it. */
  bn_namespace_selector_set_selected (selector, (const char *[]) { "batch", NULL });
  g_clear_pointer (&offered, g_strfreev);
  offered = bn_namespace_selector_dup_available (selector);
  g_assert_true (g_strv_contains ((const char * const *) offered, "batch"));
  g_assert_cmpstr (bn_namespace_selector_get_label (selector), ==, "batch");
  g_assert_true (gtk_check_button_get_active (find_check (selector, "batch")));

  g_assert_finalize_object (selector);
}

/* Enter in the search entry checks the namespace typed, also one nobody offered; a name
 * Kubernetes would refuse is left alone. */
static void
test_type_namespace (void)
{
  BnNamespaceSelector *selector = g_object_ref_sink (BN_NAMESPACE_SELECTOR (bn_namespace_selector_new ()));
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (adw_bin_get_child (ADW_BIN (selector))));
  GtkEditable *entry = GTK_EDITABLE (bn_test_find_descendant (GTK_WIDGET (popover), GTK_TYPE_SEARCH_ENTRY));
  g_auto(GStrv) selected = NULL;
  g_auto(GStrv) offered = NULL;
  guint notified = 0;

  bn_namespace_selector_set_available (selector, (const char *[]) { "dev", NULL });
  g_signal_connect (selector, "notify::selected", G_CALLBACK (on_notify_cb), &notified);

  gtk_editable_set_text (entry, "Not A Name");
  g_signal_emit_by_name (entry, "activate");
  g_assert_null (bn_namespace_selector_dup_selected (selector));
  g_assert_cmpuint (notified, ==, 0);

  gtk_editable_set_text (entry, " team-a ");
  g_signal_emit_by_name (entry, "activate");
  selected = bn_namespace_selector_dup_selected (selector);
  g_assert_cmpstrv (selected, ((const char *[]) { "team-a", NULL }));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  offered = bn_namespace_selector_dup_available (selector);
  g_assert_cmpstrv (offered, ((const char *[]) { "dev", "team-a", NULL }));
  g_assert_true (gtk_check_button_get_active (find_check (selector, "team-a")));
  g_assert_cmpstr (bn_namespace_selector_get_label (selector), ==, "team-a");

  g_assert_finalize_object (selector);
}

static void
test_new_destroy (void)
{
  GtkWidget *window = gtk_window_new ();
  BnNamespaceSelector *selector = BN_NAMESPACE_SELECTOR (bn_namespace_selector_new ());

  g_object_ref (selector);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (selector));
  gtk_window_present (GTK_WINDOW (window));
  bn_test_wait_for_frames (window, 2);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (selector);
}

int
main (int   argc,
      char *argv[])
{
  bn_test_ui_init (&argc, &argv);

  g_test_add_func ("/binnacle/namespace-selector/select", test_select);
  g_test_add_func ("/binnacle/namespace-selector/type-namespace", test_type_namespace);
  g_test_add_func ("/binnacle/namespace-selector/new-destroy", test_new_destroy);

  return g_test_run ();
}
