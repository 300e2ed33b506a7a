/* test-json-util.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-json-util.h"

typedef struct
{
  const char *json;
  guint       max_depth;
  gboolean    reasonable;
} DepthCase;

static const DepthCase depth_cases[] = {
  { "", 0, TRUE },
  { "42", 0, TRUE },
  { "{}", 0, FALSE },
  { "{}", 1, TRUE },
  { "[[1],[2]]", 2, TRUE },
  { "[[1],[2]]", 1, FALSE },
  { "{\"a\":{\"b\":[1]}}", 3, TRUE },
  { "{\"a\":{\"b\":[1]}}", 2, FALSE },
  /* brackets inside strings do not count, escaped quotes do not end them */
  { "{\"[[[[\":\"{{{{\"}", 1, TRUE },
  { "[\"\\\"[[[[\"]", 1, TRUE },
  { "[\"\\\\\",[[1]]]", 2, FALSE },
  /* closing brackets that were never opened do not lower the depth below zero */
  { "]]]]][[", 1, FALSE },
  { "]]]]][", 1, TRUE },
};

static void
test_depth (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (depth_cases); i++)
    {
      const DepthCase *c = &depth_cases[i];

      g_test_message ("%s (max %u)", c->json, c->max_depth);
      g_assert_cmpint (bn_json_depth_is_reasonable (c->json, strlen (c->json), c->max_depth),
                       ==, c->reasonable);
    }
}

static void
test_depth_deep (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_assert_false (bn_json_depth_is_reasonable (deep->str, deep->len, 32));
  g_assert_true (bn_json_depth_is_reasonable (deep->str, 32, 32));
  g_assert_false (bn_json_depth_is_reasonable (deep->str, 33, 32));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/binnacle/json-util/depth", test_depth);
  g_test_add_func ("/binnacle/json-util/depth-deep", test_depth_deep);

  return g_test_run ();
}
