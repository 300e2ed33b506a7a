/* fuzz-json-scan.c: libFuzzer harness for the list/event/object scanner
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "bn-json-scan.h"
#include "bn-kube-error.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
check_error (GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == BN_KUBE_ERROR);
}

/* When json-glib also reads the document, the kept bytes must read as the original
 * without metadata.managedFields. */
static void
check_against_json_glib (BnObjectSnapshot *snapshot,
                         const char       *data,
                         gsize             size)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) kept_parser = json_parser_new ();
  g_autoptr(JsonNode) expected = NULL;
  g_autoptr(BnObjectSnapshot) compact = bn_object_snapshot_compact (snapshot);
  g_autoptr(GBytes) json = bn_object_snapshot_ref_json (snapshot);
  g_autoptr(GBytes) compact_json = bn_object_snapshot_ref_json (compact);
  JsonNode *metadata;

  if (!json_parser_load_from_data (parser, data, size, NULL))
    return;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;

  expected = json_node_copy (json_parser_get_root (parser));
  metadata = json_object_get_member (json_node_get_object (expected), "metadata");
  if (metadata != NULL && JSON_NODE_HOLDS_OBJECT (metadata))
    json_object_remove_member (json_node_get_object (metadata), "managedFields");

  g_assert_true (g_bytes_equal (json, compact_json));
  g_assert_true (json_parser_load_from_data (kept_parser, g_bytes_get_data (json, NULL),
                                             g_bytes_get_size (json), NULL));
  g_assert_true (json_node_equal (expected, json_parser_get_root (kept_parser)));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static const BnObjectKind kinds[] = {
    BN_OBJECT_KIND_POD, BN_OBJECT_KIND_NODE, BN_OBJECT_KIND_DEPLOYMENT, BN_OBJECT_KIND_GENERIC,
  };
  const char *text = (const char *) data;
  BnObjectKind kind;
  g_autoptr(BnListPage) page = NULL;
  g_autoptr(BnWatchEvent) event = NULL;
  g_autoptr(BnObjectSnapshot) snapshot = NULL;
  g_auto(BnKubeStatus) status = { 0 };
  g_autoptr(GError) list_error = NULL;
  g_autoptr(GError) event_error = NULL;
  g_autoptr(GError) object_error = NULL;
  g_autoptr(GError) status_error = NULL;

  if (size < 1)
    return 0;

  /* the first byte picks the summary kind; the rest is the document */
  kind = kinds[data[0] % G_N_ELEMENTS (kinds)];
  text++;
  size--;

  if (!bn_json_scan_list_page (text, size, size, kind, &page, &list_error))
    check_error (list_error);
  else
    g_assert_nonnull (page->items);

  event = bn_json_scan_watch_event (text, size, size, kind, &event_error);
  if (event == NULL)
    check_error (event_error);

  snapshot = bn_json_scan_object (text, size, size, kind, &object_error);
  if (snapshot == NULL)
    check_error (object_error);
  else
    check_against_json_glib (snapshot, text, size);

  if (!bn_json_scan_status (text, size, size, &status, &status_error))
    check_error (status_error);

  return 0;
}
