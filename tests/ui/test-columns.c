/* test-columns.c: the column tables of resource pages
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-columns.h"
#include "bn-json-scan.h"

static BnObject *
object_from_json (const char   *json,
                  BnObjectKind  kind)
{
  gsize length = strlen (json);
  g_autofree char *padded = g_malloc0 (length + 64);
  g_autoptr(BnObjectSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  memcpy (padded, json, length);
  snapshot = bn_json_scan_object (padded, length, length + 64, kind, &error);
  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  return bn_object_new (snapshot);
}

static char *
iso_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
cell_text (BnColumns  *columns,
           const char *id,
           BnObject   *object,
           gint64      now)
{
  int column = bn_columns_find (columns, id);

  g_assert_cmpint (column, >=, 0);
  return bn_columns_dup_text (columns, column, object, now);
}

static BnTone
cell_tone (BnColumns  *columns,
           const char *id,
           BnObject   *object)
{
  int column = bn_columns_find (columns, id);

  g_assert_cmpint (column, >=, 0);
  return bn_columns_get_tone (columns, column, object);
}

#define assert_cell(columns, id, object, now, expected) \
  G_STMT_START { \
    g_autofree char *text_ = cell_text (columns, id, object, now); \
    g_assert_cmpstr (text_, ==, expected); \
  } G_STMT_END

static void
test_format_age (void)
{
  static const struct { gint64 seconds; const char *text; } cases[] = {
    { -5, "<invalid>" }, { -1, "0s" }, { 0, "0s" }, { 45, "45s" }, { 119, "119s" },
    { 120, "2m" }, { 192, "3m12s" }, { 599, "9m59s" }, { 600, "10m" }, { 10799, "179m" },
    { 10800, "3h" }, { 20400, "5h40m" }, { 61200, "17h" }, { 172800, "2d" }, { 273600, "3d4h" },
    { 45 * 86400, "45d" }, { 730 * 86400 + 31 * 86400, "2y31d" }, { 9 * 365 * 86400, "9y" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = bn_format_age (cases[i].seconds);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
  g_assert_cmpint (bn_age_refresh_interval (30), ==, 1);
  g_assert_cmpint (bn_age_refresh_interval (3600), ==, 60);
}

static void
test_json_path (void)
{
  const char *json =
    "{\"spec\":{\"replicas\":3,\"size\":1.5,\"paused\":false,\"tags\":[\"a\",\"b\"],"
    "\"dotted.key\":\"x\"},"
    "\"status\":{\"conditions\":[{\"type\":\"Synced\",\"status\":\"False\"},"
    "{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"Fine\"}]}}";
  static const struct { const char *path; const char *value; } cases[] = {
    { ".spec.replicas", "3" },
    { "$.spec.replicas", "3" },
    { "{.spec.replicas}", "3" },
    { ".spec.size", "1.5" },
    { ".spec.paused", "false" },
    { ".spec.tags[0]", "a" },
    { ".spec.tags[-1]", "b" },
    { ".spec.tags[*]", "a,b" },
    { ".spec.tags", "[\"a\",\"b\"]" },
    { ".spec['dotted.key']", "x" },
    { ".status.conditions[?(@.type==\"Ready\")].status", "True" },
    { ".status.conditions[?(@.type=='Ready')].reason", "Fine" },
    { ".status.conditions[?(@.type!=\"Ready\")].type", "Synced" },
    { ".status.conditions[*].type", "Synced,Ready" },
    { ".spec.missing", NULL },
    { ".spec.tags[9]", NULL },
    { ".spec.tags[x]", NULL },
    { ".spec[", NULL },
    { "spec", NULL },
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *value = bn_json_path_eval (json_parser_get_root (parser), cases[i].path);

      g_assert_cmpstr (value, ==, cases[i].value);
    }
}

static void
test_pods (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *created = iso_time (now - 3 * 86400);
  g_autofree char *restarted = iso_time (now - 300);
  g_autofree char *json = g_strdup_printf (
    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web-1\",\"namespace\":\"shop\","
    "\"uid\":\"u1\",\"resourceVersion\":\"5\",\"creationTimestamp\":\"%s\",\"labels\":{\"app\":\"web\"}},"
    "\"spec\":{\"nodeName\":\"node-1\",\"containers\":[{\"name\":\"app\"},{\"name\":\"side\"}]},"
    "\"status\":{\"phase\":\"Running\",\"podIP\":\"10.1.2.3\","
    "\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}],"
    "\"containerStatuses\":["
    "{\"name\":\"app\",\"ready\":false,\"restartCount\":5,\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}},"
    "\"lastState\":{\"terminated\":{\"exitCode\":1,\"finishedAt\":\"%s\"}}},"
    "{\"name\":\"side\",\"ready\":true,\"restartCount\":0,\"state\":{\"running\":{}}}]}}",
    created, restarted);
  g_autoptr(BnResourceType) type = bn_resource_type_new_builtin ("pods");
  g_autoptr(BnColumns) columns = bn_columns_new (type, BN_COLUMNS_NONE);
  g_autoptr(BnObject) pod = object_from_json (json, BN_OBJECT_KIND_POD);
  static const char *ids[] = { "name", "namespace", "ready", "status", "restarts", "age", "ip", "node" };

  g_assert_cmpuint (bn_columns_get_n_columns (columns), ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_cmpstr (bn_columns_get_id (columns, i), ==, ids[i]);

  assert_cell (columns, "name", pod, now, "web-1");
  assert_cell (columns, "namespace", pod, now, "shop");
  assert_cell (columns, "ready", pod, now, "1/2");
  assert_cell (columns, "status", pod, now, "CrashLoopBackOff");
  assert_cell (columns, "restarts", pod, now, "5 (5m ago)");
  assert_cell (columns, "age", pod, now, "3d");
  assert_cell (columns, "ip", pod, now, "10.1.2.3");
  assert_cell (columns, "node", pod, now, "node-1");

  g_assert_cmpint (cell_tone (columns, "status", pod), ==, BN_TONE_ERROR);
  g_assert_cmpint (cell_tone (columns, "name", pod), ==, BN_TONE_NONE);
  g_assert_true (bn_columns_get_timed (columns, bn_columns_find (columns, "restarts")));
  g_assert_true (bn_columns_get_numeric (columns, bn_columns_find (columns, "restarts")));
  g_assert_cmpstr (bn_columns_get_property (columns, bn_columns_find (columns, "status")), ==, "status");
  /* Summary columns never parse JSON. */
  g_assert_cmpuint (bn_columns_get_n_parsed (columns), ==, 0);
}

static void
test_cluster_column (void)
{
  g_autoptr(BnResourceType) pods = bn_resource_type_new_builtin ("pods");
  g_autoptr(BnResourceType) nodes = bn_resource_type_new_builtin ("nodes");
  g_autoptr(BnColumns) with = bn_columns_new (pods, BN_COLUMNS_CLUSTER);
  g_autoptr(BnColumns) cluster_scoped = bn_columns_new (nodes, BN_COLUMNS_NONE);
  g_autoptr(BnColumns) generic = bn_columns_new (NULL, BN_COLUMNS_NONE);

  g_assert_cmpint (bn_columns_find (with, "cluster"), ==, 2);
  g_assert_cmpint (bn_columns_find (cluster_scoped, "namespace"), ==, -1);
  g_assert_cmpint (bn_columns_find (cluster_scoped, "status"), ==, 1);
  g_assert_cmpuint (bn_columns_get_n_columns (generic), ==, 3);
  g_assert_cmpstr (bn_columns_get_id (generic, 2), ==, "age");
}

typedef struct
{
  const char   *resource;
  const char   *group;
  const char   *plural;
  gboolean      namespaced;
  BnObjectKind  kind;
  const char   *json;
  const char   *column;
  const char   *text;
  BnTone        tone;
} KindCase;

#define META "\"metadata\":{\"name\":\"x\",\"namespace\":\"ns\",\"uid\":\"u\",\"creationTimestamp\":\"2020-01-01T00:00:00Z\"}"

static const KindCase kind_cases[] = {
  { "services", "", "services", TRUE, BN_OBJECT_KIND_GENERIC,
    "{" META ",\"spec\":{\"type\":\"NodePort\",\"clusterIP\":\"10.0.0.9\",\"ports\":[{\"port\":80,\"nodePort\":30080,\"protocol\":\"TCP\"},{\"port\":53,\"protocol\":\"UDP\"}]}}",
    "ports", "80:30080/TCP,53/UDP", BN_TONE_NONE },
  { "services", "", "services", TRUE, BN_OBJECT_KIND_GENERIC,
    "{" META ",\"spec\":{\"type\":\"LoadBalancer\",\"clusterIP\":\"10.0.0.9\"}}",
    "external-ip", "<pending>", BN_TONE_NONE },
  { "services", "", "services", TRUE, BN_OBJECT_KIND_GENERIC,
    "{" META ",\"spec\":{\"clusterIP\":\"10.0.0.9\"}}", "type", "ClusterIP", BN_TONE_NONE },
  { "configmaps", "", "configmaps", TRUE, BN_OBJECT_KIND_GENERIC,
    "{" META ",\"data\":{\"a\":\"1\",\"b\":\"2\"},\"binaryData\":{\"c\":\"AA==\"}}", "data", "3", BN_TONE_NONE },
  { "secrets", "", "secrets", TRUE, BN_OBJECT_KIND_GENERIC,
    "{" META ",\"type\":\"kubernetes.io/tls\",\"data\":{\"tls.crt\":\"\",\"tls.key\":\"\"}}", "type", "kubernetes.io/tls", BN_TONE_NONE },
  { "secrets", "", "secrets", TRUE, BN_OBJECT_KIND_GENERIC,
    "{" META ",\"data\":{}}", "data", "0", BN_TONE_NONE },
  { "events", "", "events", TRUE, BN_OBJECT_KIND_GENERIC,
    "{" META ",\"type\":\"Warning\",\"reason\":\"BackOff\",\"message\":\"Back-off restarting\","
    "\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"web-1\"}}", "object", "pod/web-1", BN_TONE_NONE },
  { "events", "", "events", TRUE, BN_OBJECT_KIND_GENERIC,
    "{" META ",\"type\":\"Warning\",\"reason\":\"BackOff\"}", "type", "Warning", BN_TONE_WARNING },
  { "namespaces", "", "namespaces", FALSE, BN_OBJECT_KIND_GENERIC,
    "{" META ",\"status\":{\"phase\":\"Terminating\"}}", "status", "Terminating", BN_TONE_WARNING },
  { "replicasets", "apps", "replicasets", TRUE, BN_OBJECT_KIND_GENERIC,
    "{" META ",\"spec\":{\"replicas\":3},\"status\":{\"replicas\":3}}", "ready", "0", BN_TONE_NONE },
  { "statefulsets", "apps", "statefulsets", TRUE, BN_OBJECT_KIND_GENERIC,
    "{" META ",\"spec\":{\"replicas\":3},\"status\":{\"readyReplicas\":2}}", "ready", "2/3", BN_TONE_WARNING },
  { "daemonsets", "apps", "daemonsets", TRUE, BN_OBJECT_KIND_GENERIC,
    "{" META ",\"spec\":{\"template\":{\"spec\":{\"nodeSelector\":{\"os\":\"linux\"}}}},\"status\":{\"numberReady\":4}}",
    "node-selector", "os=linux", BN_TONE_NONE },
  { "jobs", "batch", "jobs", TRUE, BN_OBJECT_KIND_GENERIC,
    "{" META ",\"spec\":{\"completions\":1},\"status\":{\"succeeded\":1,\"startTime\":\"2020-01-01T00:00:00Z\","
    "\"completionTime\":\"2020-01-01T00:01:10Z\",\"conditions\":[{\"type\":\"Complete\",\"status\":\"True\"}]}}",
    "duration", "70s", BN_TONE_NONE },
  { "jobs", "batch", "jobs", TRUE, BN_OBJECT_KIND_GENERIC,
    "{" META ",\"status\":{\"conditions\":[{\"type\":\"Failed\",\"status\":\"True\"}]}}", "status", "Failed", BN_TONE_ERROR },
  { "cronjobs", "batch", "cronjobs", TRUE, BN_OBJECT_KIND_GENERIC,
    "{" META ",\"spec\":{\"schedule\":\"0 3 * * *\"},\"status\":{\"active\":[{},{}]}}", "active", "2", BN_TONE_NONE },
  { "cronjobs", "batch", "cronjobs", TRUE, BN_OBJECT_KIND_GENERIC,
    "{" META ",\"spec\":{\"schedule\":\"0 3 * * *\"}}", "last-schedule", "<none>", BN_TONE_NONE },
  { "ingresses", "networking.k8s.io", "ingresses", TRUE, BN_OBJECT_KIND_GENERIC,
    "{" META ",\"spec\":{\"rules\":[{\"host\":\"a.example\"},{\"host\":\"b.example\"}],\"tls\":[{}]}}",
    "hosts", "a.example,b.example", BN_TONE_NONE },
  { "ingresses", "networking.k8s.io", "ingresses", TRUE, BN_OBJECT_KIND_GENERIC,
    "{" META ",\"spec\":{\"tls\":[{}]}}", "ports", "80, 443", BN_TONE_NONE },
  { "persistentvolumeclaims", "", "persistentvolumeclaims", TRUE, BN_OBJECT_KIND_GENERIC,
    "{" META ",\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"storageClassName\":\"fast\"},"
    "\"status\":{\"phase\":\"Bound\",\"capacity\":{\"storage\":\"10Gi\"}}}", "status", "Bound", BN_TONE_SUCCESS },
  { "persistentvolumeclaims", "", "persistentvolumeclaims", TRUE, BN_OBJECT_KIND_GENERIC,
    "{" META ",\"spec\":{\"accessModes\":[\"ReadWriteOnce\",\"ReadOnlyMany\"]}}", "access-modes", "RWO,ROX", BN_TONE_NONE },
  { "persistentvolumes", "", "persistentvolumes", FALSE, BN_OBJECT_KIND_GENERIC,
    "{" META ",\"spec\":{\"claimRef\":{\"namespace\":\"shop\",\"name\":\"data\"}},\"status\":{\"phase\":\"Released\"}}",
    "claim", "shop/data", BN_TONE_NONE },
};

static void
test_kinds (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_cases); i++)
    {
      const KindCase *c = &kind_cases[i];
      g_autoptr(BnResourceType) type = bn_resource_type_new (c->group, "v1", "Kind", c->plural, c->plural,
                                                             c->namespaced, NULL, NULL, NULL, NULL);
      g_autoptr(BnColumns) columns = bn_columns_new (type, BN_COLUMNS_NONE);
      g_autoptr(BnObject) object = object_from_json (c->json, c->kind);

      g_test_message ("%s %s", c->resource, c->column);
      assert_cell (columns, c->column, object, g_get_real_time () / G_USEC_PER_SEC, c->text);
      g_assert_cmpint (cell_tone (columns, c->column, object), ==, c->tone);
    }
}

static void
test_printer_columns (void)
{
  const char *printer_json =
    "[{\"name\":\"Ready\",\"type\":\"string\",\"jsonPath\":\".status.conditions[?(@.type==\\\"Ready\\\")].status\"},"
    "{\"name\":\"Size\",\"type\":\"integer\",\"jsonPath\":\".spec.size\"},"
    "{\"name\":\"Detail\",\"type\":\"string\",\"priority\":1,\"jsonPath\":\".spec.detail\"},"
    "{\"name\":\"Age\",\"type\":\"date\",\"jsonPath\":\".metadata.creationTimestamp\"}]";
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BnResourceType) type = bn_resource_type_new ("example.binnacle.dev", "v1", "Widget", "widgets", "widget",
                                                         TRUE, NULL, NULL, NULL, NULL);
  g_autoptr(BnColumns) columns = NULL;
  g_autoptr(BnObject) small = object_from_json ("{" META ",\"spec\":{\"size\":2,\"detail\":\"d\"},"
                                                "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}",
                                                BN_OBJECT_KIND_GENERIC);
  g_autoptr(BnObject) big = object_from_json ("{\"metadata\":{\"name\":\"y\",\"namespace\":\"ns\",\"uid\":\"v\"},"
                                              "\"spec\":{\"size\":10}}", BN_OBJECT_KIND_GENERIC);
  g_autoptr(BnSortKey) key = NULL;

  json_parser_load_from_data (parser, printer_json, -1, &error);
  g_assert_no_error (error);
  columns = bn_columns_new_for_printer_columns (type, json_node_get_array (json_parser_get_root (parser)), BN_COLUMNS_NONE);

  /* name, namespace, Ready, Size, Age (the CRD's own), then the wide Detail */
  g_assert_cmpuint (bn_columns_get_n_columns (columns), ==, 6);
  g_assert_cmpstr (bn_columns_get_title (columns, 2), ==, "Ready");
  g_assert_cmpstr (bn_columns_get_id (columns, 4), ==, "age");
  g_assert_cmpstr (bn_columns_get_title (columns, 5), ==, "Detail");

  {
    g_autofree char *ready = bn_columns_dup_text (columns, 2, small, 0);
    g_autofree char *size = bn_columns_dup_text (columns, 3, small, 0);
    g_autofree char *missing = bn_columns_dup_text (columns, 2, big, 0);

    g_assert_cmpstr (ready, ==, "True");
    g_assert_cmpstr (size, ==, "2");
    g_assert_cmpstr (missing, ==, "");
  }
  g_assert_cmpint (bn_columns_get_tone (columns, 2, small), ==, BN_TONE_SUCCESS);
  g_assert_true (bn_columns_get_numeric (columns, 3));

  /* Integers sort as numbers: 2 before 10. */
  key = bn_columns_dup_sort_key (columns, 3);
  g_assert_cmpint (bn_sort_key_get_kind (key), ==, BN_SORT_KEY_NUMBER);
  g_assert_cmpfloat (bn_sort_key_get_number (key, G_OBJECT (small)), <, bn_sort_key_get_number (key, G_OBJECT (big)));
}

static void
test_crd (void)
{
  const char *crd_json =
    "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\","
    "\"metadata\":{\"name\":\"widgets.example.binnacle.dev\",\"uid\":\"c\"},"
    "\"spec\":{\"group\":\"example.binnacle.dev\",\"versions\":["
    "{\"name\":\"v1beta1\",\"storage\":false,\"additionalPrinterColumns\":[{\"name\":\"Old\",\"type\":\"string\",\"jsonPath\":\".spec.old\"}]},"
    "{\"name\":\"v1\",\"storage\":true,\"additionalPrinterColumns\":["
    "{\"name\":\"Colour\",\"type\":\"string\",\"jsonPath\":\".spec.colour\"},"
    "{\"name\":\"Teeth\",\"type\":\"integer\",\"jsonPath\":\".spec.teeth\"}]}]}}";
  g_autoptr(BnObject) crd = object_from_json (crd_json, BN_OBJECT_KIND_GENERIC);
  g_autoptr(BnObject) widget = object_from_json ("{" META ",\"spec\":{\"colour\":\"blue\",\"teeth\":12}}",
                                                 BN_OBJECT_KIND_GENERIC);
  g_autoptr(BnResourceType) v1 = bn_resource_type_new ("example.binnacle.dev", "v1", "Widget", "widgets", "widget",
                                                       TRUE, NULL, NULL, NULL, NULL);
  g_autoptr(BnResourceType) v2 = bn_resource_type_new ("example.binnacle.dev", "v2", "Widget", "widgets", "widget",
                                                       TRUE, NULL, NULL, NULL, NULL);
  g_autoptr(BnColumns) columns = bn_columns_new_for_crd (v1, crd, BN_COLUMNS_NONE);
  g_autoptr(BnColumns) storage = bn_columns_new_for_crd (v2, crd, BN_COLUMNS_NONE);
  g_autoptr(BnColumns) none = bn_columns_new_for_crd (v1, NULL, BN_COLUMNS_NONE);

  /* name, namespace, Colour, Teeth, age */
  g_assert_cmpuint (bn_columns_get_n_columns (columns), ==, 5);
  g_assert_cmpstr (bn_columns_get_title (columns, 2), ==, "Colour");
  {
    g_autofree char *colour = bn_columns_dup_text (columns, 2, widget, 0);
    g_autofree char *teeth = bn_columns_dup_text (columns, 3, widget, 0);

    g_assert_cmpstr (colour, ==, "blue");
    g_assert_cmpstr (teeth, ==, "12");
  }
  /* A version the CRD does not describe gets the storage version's columns. */
  g_assert_cmpstr (bn_columns_get_title (storage, 2), ==, "Colour");
  g_assert_cmpuint (bn_columns_get_n_columns (none), ==, 3);
}

static void
test_json_cache (void)
{
  g_autoptr(BnResourceType) type = bn_resource_type_new_builtin ("services");
  g_autoptr(BnColumns) columns = bn_columns_new (type, BN_COLUMNS_NONE);
  g_autoptr(BnObject) service = object_from_json ("{" META ",\"spec\":{\"type\":\"ClusterIP\",\"clusterIP\":\"10.0.0.1\"}}",
                                                  BN_OBJECT_KIND_GENERIC);
  g_autoptr(BnObject) changed = object_from_json ("{" META ",\"spec\":{\"type\":\"NodePort\",\"clusterIP\":\"10.0.0.1\"}}",
                                                  BN_OBJECT_KIND_GENERIC);
  GPtrArray *objects = g_ptr_array_new_with_free_func (g_object_unref);

  /* Every JSON column of one snapshot comes from one parse. */
  assert_cell (columns, "type", service, 0, "ClusterIP");
  assert_cell (columns, "cluster-ip", service, 0, "10.0.0.1");
  assert_cell (columns, "ports", service, 0, "<none>");
  g_assert_cmpuint (bn_columns_get_n_parsed (columns), ==, 1);

  /* A MODIFIED event brings a new snapshot: the old values are not used. */
  bn_object_set_snapshot (service, bn_object_get_snapshot (changed));
  assert_cell (columns, "type", service, 0, "NodePort");
  g_assert_cmpuint (bn_columns_get_n_parsed (columns), ==, 2);

  /* The cache stays bounded. */
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"metadata\":{\"name\":\"s%u\",\"namespace\":\"ns\",\"uid\":\"u%u\"},"
                                               "\"spec\":{\"type\":\"ClusterIP\"}}", i, i);
      BnObject *object = object_from_json (json, BN_OBJECT_KIND_GENERIC);

      assert_cell (columns, "type", object, 0, "ClusterIP");
      g_ptr_array_add (objects, object);
    }
  g_assert_cmpuint (bn_columns_get_n_cached (columns), <=, 512);
  g_assert_cmpuint (bn_columns_get_n_parsed (columns), ==, 1002);
  g_ptr_array_unref (objects);
}

static void
test_sort_keys (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(BnResourceType) type = bn_resource_type_new_builtin ("pods");
  g_autoptr(BnColumns) columns = bn_columns_new (type, BN_COLUMNS_NONE);
  g_autofree char *young_time = iso_time (now - 60);
  g_autofree char *young_json = g_strdup_printf ("{\"metadata\":{\"name\":\"b\",\"namespace\":\"n\",\"uid\":\"1\","
                                                 "\"creationTimestamp\":\"%s\"},\"status\":{\"phase\":\"Running\"}}",
                                                 young_time);
  g_autoptr(BnObject) young = object_from_json (young_json, BN_OBJECT_KIND_POD);
  g_autoptr(BnObject) old = object_from_json ("{\"metadata\":{\"name\":\"a\",\"namespace\":\"n\",\"uid\":\"2\","
                                              "\"creationTimestamp\":\"2020-01-01T00:00:00Z\"},\"status\":{\"phase\":\"Running\"}}",
                                              BN_OBJECT_KIND_POD);
  g_autoptr(BnSortKey) age = bn_columns_dup_sort_key (columns, bn_columns_find (columns, "age"));
  g_autoptr(BnSortKey) name = bn_columns_dup_sort_key (columns, bn_columns_find (columns, "name"));
  g_autoptr(BnSortKey) restarts = bn_columns_dup_sort_key (columns, bn_columns_find (columns, "restarts"));
  g_autofree char *a = bn_sort_key_dup_collated (name, G_OBJECT (old));
  g_autofree char *b = bn_sort_key_dup_collated (name, G_OBJECT (young));

  /* Ascending age puts the youngest first. */
  g_assert_cmpfloat (bn_sort_key_get_number (age, G_OBJECT (young)), <, bn_sort_key_get_number (age, G_OBJECT (old)));
  g_assert_cmpint (strcmp (a, b), <, 0);
  g_assert_cmpint (bn_sort_key_get_kind (restarts), ==, BN_SORT_KEY_NUMBER);
  g_assert_true (bn_sort_key_has_property (restarts, g_intern_static_string ("restarts")));
}

static void
test_new_destroy (void)
{
  g_autoptr(BnResourceType) type = bn_resource_type_new_builtin ("events");
  BnColumns *columns = bn_columns_new (type, BN_COLUMNS_CLUSTER);
  BnSortKey *key = bn_columns_dup_sort_key (columns, 0);

  g_assert_cmpuint (bn_columns_get_n_columns (columns), ==, 8);
  bn_sort_key_unref (key);
  g_assert_finalize_object (columns);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/binnacle/columns/format-age", test_format_age);
  g_test_add_func ("/binnacle/columns/json-path", test_json_path);
  g_test_add_func ("/binnacle/columns/pods", test_pods);
  g_test_add_func ("/binnacle/columns/cluster-column", test_cluster_column);
  g_test_add_func ("/binnacle/columns/kinds", test_kinds);
  g_test_add_func ("/binnacle/columns/printer-columns", test_printer_columns);
  g_test_add_func ("/binnacle/columns/crd", test_crd);
  g_test_add_func ("/binnacle/columns/json-cache", test_json_cache);
  g_test_add_func ("/binnacle/columns/sort-keys", test_sort_keys);
  g_test_add_func ("/binnacle/columns/new-destroy", test_new_destroy);

  return g_test_run ();
}
