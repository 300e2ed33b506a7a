/* bn-json-util.c: checks on JSON text before json-glib parses it
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-json-util.h"

/**
 * bn_json_depth_is_reasonable:
 * @data: JSON text, not necessarily valid
 * @size: its length in bytes
 * @max_depth: the deepest nesting of arrays and objects allowed
 *
 * json-glib's parser recurses without a limit, so deep nesting in text from outside
 * (a credential plugin, a token) would overflow the stack. This counts brackets outside
 * strings in one pass; it does not check that @data is valid JSON.
 *
 * Returns: %TRUE when no array or object in @data nests deeper than @max_depth
 */
gboolean
bn_json_depth_is_reasonable (const char *data,
                             gsize       size,
                             guint       max_depth)
{
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < size; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}
