/* test-object-snapshot.c: immutable snapshots, shared between threads
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-json-scan.h"

static const char pod_json[] =
  "{\"metadata\":{\"name\":\"web-0\",\"namespace\":\"shop\",\"uid\":\"u-1\",\"resourceVersion\":\"77\","
  "\"creationTimestamp\":\"2024-05-20T00:35:12Z\",\"labels\":{\"zeta\":\"z\",\"app\":\"web\",\"tier\":\"front\"},"
  "\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"name\":\"web-1\",\"uid\":\"rs-1\"},"
  "{\"kind\":\"StatefulSet\",\"name\":\"web\",\"uid\":\"ss-1\",\"controller\":true}],"
  "\"managedFields\":[{\"manager\":\"kubectl\"}]},\"spec\":{\"containers\":[{\"name\":\"a\"}]},"
  "\"status\":{\"phase\":\"Running\"}}";

static BnObjectSnapshot *
scan_pod (void)
{
  g_autoptr(GError) error = NULL;
  BnObjectSnapshot *snapshot = bn_json_scan_object (pod_json, strlen (pod_json), 0, BN_OBJECT_KIND_POD, &error);

  g_assert_no_error (error);
  return snapshot;
}

static void
test_metadata (void)
{
  g_autoptr(BnObjectSnapshot) snapshot = scan_pod ();
  const char *key, *value, *kind, *name, *uid;
  gboolean controller;

  g_assert_cmpstr (bn_object_snapshot_get_name (snapshot), ==, "web-0");
  g_assert_cmpstr (bn_object_snapshot_get_namespace (snapshot), ==, "shop");
  g_assert_cmpstr (bn_object_snapshot_get_uid (snapshot), ==, "u-1");
  g_assert_cmpstr (bn_object_snapshot_get_resource_version (snapshot), ==, "77");
  g_assert_cmpint (bn_object_snapshot_get_creation_time (snapshot), ==, 1716165312);
  g_assert_false (bn_object_snapshot_is_deleting (snapshot));

  /* labels come sorted by key */
  g_assert_cmpuint (bn_object_snapshot_get_n_labels (snapshot), ==, 3);
  bn_object_snapshot_get_label (snapshot, 0, &key, &value);
  g_assert_cmpstr (key, ==, "app");
  g_assert_cmpstr (value, ==, "web");
  bn_object_snapshot_get_label (snapshot, 2, &key, &value);
  g_assert_cmpstr (key, ==, "zeta");
  g_assert_cmpstr (bn_object_snapshot_lookup_label (snapshot, "tier"), ==, "front");
  g_assert_null (bn_object_snapshot_lookup_label (snapshot, "missing"));
  g_assert_null (bn_object_snapshot_lookup_label (snapshot, "ap"));

  /* owners keep document order */
  g_assert_cmpuint (bn_object_snapshot_get_n_owner_references (snapshot), ==, 2);
  bn_object_snapshot_get_owner_reference (snapshot, 0, &kind, &name, &uid, &controller);
  g_assert_cmpstr (kind, ==, "ReplicaSet");
  g_assert_cmpstr (name, ==, "web-1");
  g_assert_cmpstr (uid, ==, "rs-1");
  g_assert_false (controller);
  g_assert_cmpstr (bn_object_snapshot_get_controller_uid (snapshot), ==, "ss-1");
}

static void
test_json_outlives_snapshot (void)
{
  BnObjectSnapshot *snapshot = scan_pod ();
  g_autoptr(GBytes) bytes = bn_object_snapshot_ref_json (snapshot);
  g_autoptr(BnObjectSnapshot) small = NULL;
  g_autofree char *text = NULL;

  /* the bytes hold their own reference */
  small = bn_object_snapshot_compact (snapshot);
  g_assert_true (bn_object_snapshot_is_compact (small));
  bn_object_snapshot_unref (snapshot);

  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_null (strstr (text, "managedFields"));
  g_assert_nonnull (strstr (text, "\"web-0\""));
  g_assert_cmpint (text[0], ==, '{');
  g_assert_cmpint (text[strlen (text) - 1], ==, '}');
}

static void
test_one_allocation (void)
{
  g_autoptr(BnObjectSnapshot) snapshot = scan_pod ();
  gsize json_length = bn_object_snapshot_get_json_size (snapshot);

  /* header, tables, strings and JSON: the JSON dominates, the rest is small */
  g_assert_cmpuint (bn_object_snapshot_get_memory_size (snapshot), >, json_length);
  g_assert_cmpuint (bn_object_snapshot_get_memory_size (snapshot), <, json_length + 640);
}

static char *
repeat (const char *unit,
        guint       times)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (s, unit);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
test_compact (void)
{
  g_autofree char *env = repeat ("{\"name\":\"LOG_LEVEL\",\"value\":\"warn\"},", 40);
  g_autofree char *json = g_strdup_printf ("{\"metadata\":{\"name\":\"big\",\"uid\":\"u-big\","
                                           "\"labels\":{\"app\":\"web\",\"b\":\"2\"},\"ownerReferences\":"
                                           "[{\"kind\":\"Job\",\"name\":\"j\",\"uid\":\"j-1\",\"controller\":true}]},"
                                           "\"spec\":{\"nodeName\":\"node-a\",\"containers\":[{\"name\":\"a\","
                                           "\"env\":[%s{}]}]},\"status\":{\"phase\":\"Running\"}}", env);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnObjectSnapshot) snapshot =
    bn_json_scan_object (json, strlen (json), 0, BN_OBJECT_KIND_POD, &error);
  g_autoptr(BnObjectSnapshot) compact = NULL;
  g_autoptr(BnObjectSnapshot) again = NULL;
  g_autoptr(BnObjectSnapshot) tiny = NULL;
  g_autoptr(BnObjectSnapshot) tiny_compact = NULL;
  const char *tiny_json = "{\"metadata\":{\"name\":\"a\"}}";
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GBytes) restored = NULL;
  const char *kind;

  g_assert_no_error (error);
  compact = bn_object_snapshot_compact (snapshot);
  g_assert_true (compact != snapshot);
  g_assert_true (bn_object_snapshot_is_compact (compact));
  g_assert_false (bn_object_snapshot_is_compact (snapshot));
  g_assert_cmpuint (bn_object_snapshot_get_memory_size (compact), <,
                    bn_object_snapshot_get_memory_size (snapshot) / 2);

  /* every field survives the move into the new block */
  g_assert_cmpstr (bn_object_snapshot_get_name (compact), ==, "big");
  g_assert_cmpstr (bn_object_snapshot_get_uid (compact), ==, "u-big");
  g_assert_cmpstr (bn_object_snapshot_lookup_label (compact, "app"), ==, "web");
  g_assert_cmpstr (bn_object_snapshot_get_pod_node_name (compact), ==, "node-a");
  g_assert_cmpstr (bn_object_snapshot_get_status (compact), ==, "Running");
  g_assert_cmpstr (bn_object_snapshot_get_controller_uid (compact), ==, "j-1");
  bn_object_snapshot_get_owner_reference (compact, 0, &kind, NULL, NULL, NULL);
  g_assert_cmpstr (kind, ==, "Job");

  original = bn_object_snapshot_ref_json (snapshot);
  restored = bn_object_snapshot_ref_json (compact);
  g_assert_true (g_bytes_equal (original, restored));
  g_assert_cmpuint (bn_object_snapshot_get_json_size (compact), ==, g_bytes_get_size (original));

  /* compacting twice, or something too small to shrink, gives the same snapshot back */
  again = bn_object_snapshot_compact (compact);
  g_assert_true (again == compact);
  tiny = bn_json_scan_object (tiny_json, strlen (tiny_json), 0, BN_OBJECT_KIND_GENERIC, &error);
  g_assert_no_error (error);
  tiny_compact = bn_object_snapshot_compact (tiny);
  g_assert_true (tiny_compact == tiny);
  g_assert_false (bn_object_snapshot_is_compact (tiny));
}

static void
test_boxed (void)
{
  g_autoptr(BnObjectSnapshot) snapshot = scan_pod ();
  BnObjectSnapshot *copy = g_boxed_copy (BN_TYPE_OBJECT_SNAPSHOT, snapshot);

  /* copies are references: immutable data is shared, never duplicated */
  g_assert_true (copy == snapshot);
  g_boxed_free (BN_TYPE_OBJECT_SNAPSHOT, copy);
  g_assert_cmpstr (bn_object_snapshot_get_name (snapshot), ==, "web-0");
}

static gpointer
read_in_thread (gpointer data)
{
  BnObjectSnapshot *snapshot = data;
  guint ok = 0;

  for (guint i = 0; i < 20000; i++)
    {
      BnObjectSnapshot *ref = bn_object_snapshot_ref (snapshot);

      ok += g_strcmp0 (bn_object_snapshot_lookup_label (ref, "app"), "web") == 0;
      bn_object_snapshot_unref (ref);
    }

  bn_object_snapshot_unref (snapshot);
  return GUINT_TO_POINTER (ok);
}

/* Snapshots cross threads: references are atomic and the last one may drop anywhere. */
static void
test_threads (void)
{
  BnObjectSnapshot *snapshot = scan_pod ();
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("reader", read_in_thread, bn_object_snapshot_ref (snapshot));
  bn_object_snapshot_unref (snapshot);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, 20000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/binnacle/object-snapshot/metadata", test_metadata);
  g_test_add_func ("/binnacle/object-snapshot/json-outlives-snapshot", test_json_outlives_snapshot);
  g_test_add_func ("/binnacle/object-snapshot/one-allocation", test_one_allocation);
  g_test_add_func ("/binnacle/object-snapshot/compact", test_compact);
  g_test_add_func ("/binnacle/object-snapshot/boxed", test_boxed);
  g_test_add_func ("/binnacle/object-snapshot/threads", test_threads);

  return g_test_run ();
}
