/* test-resource-cell.c: cells follow their row and the clock
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-json-scan.h"
#include "bn-resource-cell.h"
#include "bn-test-ui-utils.h"
#include "bn-ticker.h"

static BnObjectSnapshot *
pod_snapshot (const char *phase,
              gint64      created)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (created);
  g_autofree char *stamp = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *json = g_strdup_printf ("{\"metadata\":{\"name\":\"p\",\"namespace\":\"n\",\"uid\":\"u\","
                                           "\"creationTimestamp\":\"%s\"},\"status\":{\"phase\":\"%s\"}}",
                                           stamp, phase);
  gsize length = strlen (json);
  g_autofree char *padded = g_malloc0 (length + 64);
  g_autoptr(GError) error = NULL;
  BnObjectSnapshot *snapshot;

  memcpy (padded, json, length);
  snapshot = bn_json_scan_object (padded, length, length + 64, BN_OBJECT_KIND_POD, &error);
  g_assert_no_error (error);
  return snapshot;
}

static void
test_follow_row (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(BnResourceType) type = bn_resource_type_new_builtin ("pods");
  g_autoptr(BnColumns) columns = bn_columns_new (type, BN_COLUMNS_NONE);
  g_autoptr(BnObjectSnapshot) pending = pod_snapshot ("Pending", now - 30);
  g_autoptr(BnObjectSnapshot) failed = pod_snapshot ("Failed", now - 30);
  g_autoptr(BnObject) pod = bn_object_new (pending);
  BnResourceCell *status = g_object_ref_sink (BN_RESOURCE_CELL (bn_resource_cell_new (columns, bn_columns_find (columns, "status"))));
  BnResourceCell *age = g_object_ref_sink (BN_RESOURCE_CELL (bn_resource_cell_new (columns, bn_columns_find (columns, "age"))));
  g_autoptr(BnTicker) ticker = bn_ticker_ref_default ();
  g_autofree char *before = NULL;

  bn_resource_cell_bind (status, pod);
  bn_resource_cell_bind (age, pod);
  g_assert_cmpstr (bn_resource_cell_get_text (status), ==, "Pending");
  g_assert_cmpint (bn_resource_cell_get_tone (status), ==, BN_TONE_WARNING);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (status), "warning"));

  /* A MODIFIED event: same row, new snapshot, the cell follows. */
  bn_object_set_snapshot (pod, failed);
  g_assert_cmpstr (bn_resource_cell_get_text (status), ==, "Failed");
  g_assert_cmpint (bn_resource_cell_get_tone (status), ==, BN_TONE_ERROR);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (status), "warning"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (status), "error"));

  /* The age turns with the shared ticker, without an event. */
  before = g_strdup (bn_resource_cell_get_text (age));
  g_assert_true (g_str_has_suffix (before, "s"));
  while (g_get_real_time () / G_USEC_PER_SEC == now)
    g_usleep (50000);
  g_usleep (1100000);
  bn_ticker_tick (ticker);
  g_assert_cmpstr (bn_resource_cell_get_text (age), !=, before);

  /* Unbound cells keep their text until the next bind. */
  bn_resource_cell_unbind (status);
  g_assert_null (bn_resource_cell_get_object (status));
  bn_object_set_snapshot (pod, pending);
  g_assert_cmpstr (bn_resource_cell_get_text (status), ==, "Failed");

  /* Bound to the same row again, as GTK does when rows above it move: the change shows. */
  bn_resource_cell_bind (status, pod);
  g_assert_true (bn_resource_cell_get_object (status) == pod);
  g_assert_cmpstr (bn_resource_cell_get_text (status), ==, "Pending");
  g_assert_cmpint (bn_resource_cell_get_tone (status), ==, BN_TONE_WARNING);

  /* Bound to another row, the first one's changes no longer reach it. */
  {
    g_autoptr(BnObject) other = bn_object_new (failed);

    bn_resource_cell_unbind (status);
    bn_resource_cell_bind (status, other);
    g_assert_cmpstr (bn_resource_cell_get_text (status), ==, "Failed");
    bn_object_set_snapshot (pod, failed);
    bn_object_set_snapshot (pod, pending);
    g_assert_cmpstr (bn_resource_cell_get_text (status), ==, "Failed");
    bn_resource_cell_unbind (status);
  }

  g_assert_finalize_object (status);
  g_assert_finalize_object (age);
}

static void
test_new_destroy (void)
{
  g_autoptr(BnColumns) columns = bn_columns_new (NULL, BN_COLUMNS_NONE);
  g_autoptr(BnObjectSnapshot) snapshot = pod_snapshot ("Running", 0);
  g_autoptr(BnObject) pod = bn_object_new (snapshot);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *cell = bn_resource_cell_new (columns, 0);
  BnTicker *ticker;

  g_object_ref (cell);
  bn_resource_cell_bind (BN_RESOURCE_CELL (cell), pod);
  gtk_window_set_child (GTK_WINDOW (window), cell);
  gtk_window_present (GTK_WINDOW (window));
  bn_test_wait_for_frames (window, 2);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (cell);

  ticker = bn_ticker_ref_default ();
  g_assert_finalize_object (ticker);
}

int
main (int   argc,
      char *argv[])
{
  bn_test_ui_init (&argc, &argv);

  g_test_add_func ("/binnacle/resource-cell/follow-row", test_follow_row);
  g_test_add_func ("/binnacle/resource-cell/new-destroy", test_new_destroy);

  return g_test_run ();
}
