/* fuzz-watch-decoder.c: libFuzzer harness for watch stream framing
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-kube-error.h"
#include "bn-watch-decoder.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

/* Decodes the stream in chunks; returns whether it went through, and the events. */
static gboolean
decode (const char *stream,
        gsize       length,
        const guint8 *sizes,
        guint       n_sizes,
        GPtrArray  *events)
{
  g_autoptr(BnWatchDecoder) decoder = bn_watch_decoder_new (BN_OBJECT_KIND_POD, 4096);
  g_autoptr(GError) error = NULL;
  gsize offset = 0;

  for (guint i = 0; offset < length; i++)
    {
      gsize chunk = n_sizes > 0 ? MAX (sizes[i % n_sizes], 1) : length;

      chunk = MIN (chunk, length - offset);
      if (!bn_watch_decoder_push (decoder, stream + offset, chunk, events, &error))
        {
          g_assert_true (error->domain == BN_KUBE_ERROR);
          g_assert_cmpuint (bn_watch_decoder_get_pending (decoder), ==, 0);
          return FALSE;
        }
      g_assert_cmpuint (bn_watch_decoder_get_pending (decoder), <=, 4096);
      offset += chunk;
    }

  if (!bn_watch_decoder_finish (decoder, events, &error))
    {
      g_assert_true (error->domain == BN_KUBE_ERROR);
      return FALSE;
    }

  return TRUE;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GPtrArray) chunked = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_watch_event_free);
  g_autoptr(GPtrArray) whole = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_watch_event_free);
  guint n_sizes;
  gboolean chunked_ok, whole_ok;

  if (size < 1)
    return 0;

  /* the first byte says how many of the next bytes are chunk sizes */
  n_sizes = MIN (data[0] % 8, size - 1);
  chunked_ok = decode ((const char *) data + 1 + n_sizes, size - 1 - n_sizes,
                       data + 1, n_sizes, chunked);
  whole_ok = decode ((const char *) data + 1 + n_sizes, size - 1 - n_sizes, NULL, 0, whole);

  /* chunk boundaries never change what comes out */
  g_assert_cmpint (chunked_ok, ==, whole_ok);
  g_assert_cmpuint (chunked->len, ==, whole->len);
  for (guint i = 0; i < whole->len; i++)
    {
      BnWatchEvent *a = chunked->pdata[i];
      BnWatchEvent *b = whole->pdata[i];

      g_assert_cmpint (a->type, ==, b->type);
      g_assert_cmpstr (a->resource_version, ==, b->resource_version);
    }

  return 0;
}
