/* fuzz-sim-body.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Feeds arbitrary bytes to everything binnacle-sim parses from a
 * request: JSON bodies and the patches applied with them, protobuf
 * access reviews, label and field selectors, Accept headers; and the
 * YAML of scenario files.
 */

#include "config.h"

#include <string.h>

#include "bn-sim-api.h"
#include "bn-sim-protobuf.h"
#include "bn-sim-selector.h"
#include "bn-sim-yaml.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static const char target_json[] =
  "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"labels\":{\"app\":\"web\"}},"
  "\"spec\":{\"containers\":[{\"name\":\"app\"},{\"name\":\"side\"}]},\"status\":{\"phase\":\"Running\"}}";

static void
fuzz_body (const char *text,
           gsize       size)
{
  g_autoptr(JsonNode) body = bn_sim_parse_body (text, size, NULL);
  g_autoptr(JsonNode) target = NULL;

  if (body == NULL)
    return;

  target = json_from_string (target_json, NULL);
  if (JSON_NODE_HOLDS_OBJECT (body))
    bn_sim_apply_merge_patch (json_node_get_object (target), json_node_get_object (body));
  else if (JSON_NODE_HOLDS_ARRAY (body))
    bn_sim_apply_json_patch (target, json_node_get_array (body), NULL);
}

static void
fuzz_selectors (const char *text)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(BnSimSelector) labels = bn_sim_selector_parse_labels (text, NULL);
  g_autoptr(BnSimSelector) fields = bn_sim_selector_parse_fields (text, NULL);

  g_hash_table_insert (values, (gpointer) "app", (gpointer) "web");
  g_hash_table_insert (values, (gpointer) "metadata.name", (gpointer) "a");
  if (labels != NULL)
    bn_sim_selector_matches (labels, values);
  if (fields != NULL)
    bn_sim_selector_matches (fields, values);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(JsonObject) review = NULL;
  g_autoptr(GPtrArray) documents = NULL;

  fuzz_body ((const char *) data, size);
  documents = bn_sim_yaml_load_documents ((const char *) data, size, NULL);
  review = bn_sim_protobuf_decode_review (data, size, NULL);
  fuzz_selectors (text);
  bn_sim_negotiate_format (text);
  return 0;
}

#ifdef BN_FUZZ_STANDALONE
/* Without libFuzzer: run every file of the corpus directories given. */
int
main (int   argc,
      char *argv[])
{
  guint runs = 0;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (argv[i], 0, NULL);
      const char *name;

      if (dir == NULL)
        {
          g_printerr ("cannot open corpus %s\n", argv[i]);
          return 1;
        }

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (argv[i], name, NULL);
          g_autofree char *contents = NULL;
          gsize length;

          if (!g_file_get_contents (path, &contents, &length, NULL))
            return 1;
          LLVMFuzzerTestOneInput ((const guint8 *) contents, length);
          /* Every prefix too: truncated bodies are the common failure. */
          for (gsize cut = 0; cut < length; cut += 1 + length / 64)
            LLVMFuzzerTestOneInput ((const guint8 *) contents, cut);
          runs++;
        }
    }

  g_print ("1..1\nok 1 - %u corpus files\n", runs);
  return runs > 0 ? 0 : 1;
}
#endif
