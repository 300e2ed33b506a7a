/* test-object.c: one stable row per object, notifying only what changed
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-json-scan.h"
#include "bn-object.h"

static BnObjectSnapshot *
make_pod (const char *resource_version,
          guint       restarts,
          const char *waiting_reason)
{
  g_autofree char *state = waiting_reason
    ? g_strdup_printf ("{\"waiting\":{\"reason\":\"%s\"}}", waiting_reason)
    : g_strdup ("{\"running\":{}}");
  g_autofree char *json = g_strdup_printf (
    "{\"metadata\":{\"name\":\"web-0\",\"namespace\":\"shop\",\"uid\":\"u-1\",\"resourceVersion\":\"%s\","
    "\"creationTimestamp\":\"2024-05-20T00:35:12Z\"},\"spec\":{\"nodeName\":\"node-a\","
    "\"containers\":[{\"name\":\"app\"}]},\"status\":{\"phase\":\"Running\",\"podIP\":\"10.0.0.9\","
    "\"containerStatuses\":[{\"name\":\"app\",\"ready\":%s,\"restartCount\":%u,\"state\":%s}]}}",
    resource_version, waiting_reason ? "false" : "true", restarts, state);
  g_autoptr(GError) error = NULL;
  BnObjectSnapshot *snapshot = bn_json_scan_object (json, strlen (json), 0, BN_OBJECT_KIND_POD, &error);

  g_assert_no_error (error);
  return snapshot;
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              GHashTable *counts)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, pspec->name));

  g_hash_table_insert (counts, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
}

static guint
count (GHashTable *counts,
       const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));
}

static void
test_new_destroy (void)
{
  g_autoptr(BnObjectSnapshot) snapshot = make_pod ("1", 0, NULL);
  BnObject *object = bn_object_new (snapshot);

  g_assert_true (bn_object_get_snapshot (object) == snapshot);
  g_assert_finalize_object (object);
}

static void
test_properties (void)
{
  g_autoptr(BnObjectSnapshot) snapshot = make_pod ("1", 3, NULL);
  g_autoptr(BnObject) object = bn_object_new (snapshot);
  g_autofree char *name = NULL;
  g_autofree char *ready = NULL;
  g_autofree char *status = NULL;
  g_autofree char *node = NULL;
  g_autofree char *ip = NULL;
  guint restarts;
  gint64 created;

  g_object_get (object,
                "name", &name, "ready", &ready, "status", &status, "restarts", &restarts,
                "creation-time", &created, "node", &node, "ip", &ip,
                NULL);
  g_assert_cmpstr (name, ==, "web-0");
  g_assert_cmpstr (ready, ==, "1/1");
  g_assert_cmpstr (status, ==, "Running");
  g_assert_cmpuint (restarts, ==, 3);
  g_assert_cmpint (created, ==, 1716165312);
  g_assert_cmpstr (node, ==, "node-a");
  g_assert_cmpstr (ip, ==, "10.0.0.9");
  g_assert_cmpstr (bn_object_get_namespace (object), ==, "shop");
  g_assert_cmpstr (bn_object_get_uid (object), ==, "u-1");
}

static void
test_notify_only_changes (void)
{
  g_autoptr(BnObjectSnapshot) first = make_pod ("1", 0, NULL);
  g_autoptr(BnObjectSnapshot) second = make_pod ("2", 1, "CrashLoopBackOff");
  g_autoptr(BnObject) object = bn_object_new (first);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);

  g_signal_connect (object, "notify", G_CALLBACK (on_notify_cb), counts);

  bn_object_set_snapshot (object, second);
  g_assert_cmpuint (count (counts, "snapshot"), ==, 1);
  g_assert_cmpuint (count (counts, "resource-version"), ==, 1);
  g_assert_cmpuint (count (counts, "restarts"), ==, 1);
  g_assert_cmpuint (count (counts, "status"), ==, 1);
  g_assert_cmpuint (count (counts, "ready"), ==, 1);
  g_assert_cmpuint (count (counts, "ready-containers"), ==, 1);
  g_assert_cmpuint (count (counts, "name"), ==, 0);
  g_assert_cmpuint (count (counts, "namespace"), ==, 0);
  g_assert_cmpuint (count (counts, "creation-time"), ==, 0);
  g_assert_cmpuint (count (counts, "node"), ==, 0);
  g_assert_cmpuint (count (counts, "total-containers"), ==, 0);
  g_assert_cmpstr (bn_object_get_status (object), ==, "CrashLoopBackOff");

  /* the same snapshot again changes nothing */
  g_hash_table_remove_all (counts);
  bn_object_set_snapshot (object, second);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 0);
}

static void
test_snapshot_outlives_swap (void)
{
  BnObjectSnapshot *first = make_pod ("1", 0, NULL);
  g_autoptr(BnObjectSnapshot) second = make_pod ("2", 0, NULL);
  g_autoptr(BnObject) object = bn_object_new (first);

  /* the object holds its own reference; the old one goes with the swap */
  bn_object_snapshot_unref (first);
  g_assert_cmpstr (bn_object_get_resource_version (object), ==, "1");
  bn_object_set_snapshot (object, second);
  g_assert_cmpstr (bn_object_get_resource_version (object), ==, "2");
}

/* The cache swaps in compact copies when it has time: rows hear only about the snapshot. */
static void
test_compact_swap_is_quiet (void)
{
  g_autoptr(BnObjectSnapshot) snapshot = make_pod ("1", 2, NULL);
  g_autoptr(BnObjectSnapshot) compact = bn_object_snapshot_compact (snapshot);
  g_autoptr(BnObject) object = bn_object_new (snapshot);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_true (bn_object_snapshot_is_compact (compact));
  g_signal_connect (object, "notify", G_CALLBACK (on_notify_cb), counts);
  bn_object_set_snapshot (object, compact);
  g_assert_cmpuint (count (counts, "snapshot"), ==, 1);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 1);
  g_assert_cmpuint (bn_object_get_restarts (object), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/binnacle/object/new-destroy", test_new_destroy);
  g_test_add_func ("/binnacle/object/properties", test_properties);
  g_test_add_func ("/binnacle/object/notify-only-changes", test_notify_only_changes);
  g_test_add_func ("/binnacle/object/snapshot-outlives-swap", test_snapshot_outlives_swap);
  g_test_add_func ("/binnacle/object/compact-swap-is-quiet", test_compact_swap_is_quiet);

  return g_test_run ();
}
