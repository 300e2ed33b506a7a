/* test-watch-decoder.c: watch streams cut at every possible place
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-kube-error.h"
#include "bn-watch-decoder.h"

typedef struct
{
  BnWatchEventType  type;
  const char       *resource_version;
  const char       *name;
} Expected;

static const Expected expected_events[] = {
  { BN_WATCH_EVENT_ADDED, "100000003", "api-30877432d1-bdjkv" },
  { BN_WATCH_EVENT_MODIFIED, "12", "small" },
  { BN_WATCH_EVENT_BOOKMARK, "13", NULL },
  { BN_WATCH_EVENT_DELETED, "14", "small" },
  { BN_WATCH_EVENT_ERROR, NULL, NULL },
};

static char *
load_sample_event (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "pod-sample.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GString) compact = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gboolean in_string = FALSE;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  /* strip the pretty-printing: a watch event is one line */
  for (const char *p = contents; *p; p++)
    {
      if (in_string)
        {
          g_string_append_c (compact, *p);
          if (*p == '\\' && p[1] != '\0')
            g_string_append_c (compact, *++p);
          else if (*p == '"')
            in_string = FALSE;
        }
      else if (*p == '"')
        {
          in_string = TRUE;
          g_string_append_c (compact, *p);
        }
      else if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
        {
          g_string_append_c (compact, *p);
        }
    }

  return g_strdup_printf ("{\"type\":\"ADDED\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",%s}",
                          compact->str + 1);
}

/* The sample pod makes a realistic 9 KB event; cutting at every byte uses this small one,
 * which says the same in 400 bytes. */
static const char small_added[] =
  "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":"
  "{\"name\":\"api-30877432d1-bdjkv\",\"uid\":\"u1\",\"resourceVersion\":\"100000003\","
  "\"managedFields\":[{\"manager\":\"kubelet\",\"fieldsV1\":{\"f:status\":{}}}]},"
  "\"spec\":{\"containers\":[{\"name\":\"app\"}]},\"status\":{\"phase\":\"Running\","
  "\"containerStatuses\":[{\"name\":\"app\",\"ready\":true,\"state\":{\"running\":{}}}]}}}";

static char *
make_stream_with (const char *added,
                  const char *newline)
{
  return g_strconcat (added, newline,
                      "{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":"
                      "{\"name\":\"small\",\"uid\":\"u-small\",\"resourceVersion\":\"12\"}}}", newline,
                      "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":"
                      "{\"resourceVersion\":\"13\"}}}", newline,
                      "{\"type\":\"DELETED\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":"
                      "{\"name\":\"small\",\"uid\":\"u-small\",\"resourceVersion\":\"14\"}}}", newline,
                      "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                      "\"status\":\"Failure\",\"message\":\"too old resource version\",\"reason\":\"Expired\","
                      "\"code\":410}}", newline,
                      NULL);
}

static char *
make_stream (const char *newline)
{
  g_autofree char *added = load_sample_event ();

  return make_stream_with (added, newline);
}

static GPtrArray *
new_events (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) bn_watch_event_free);
}

static void
assert_expected_events (GPtrArray *events)
{
  g_assert_cmpuint (events->len, ==, G_N_ELEMENTS (expected_events));

  for (guint i = 0; i < events->len; i++)
    {
      BnWatchEvent *event = events->pdata[i];

      g_assert_cmpint (event->type, ==, expected_events[i].type);
      g_assert_cmpstr (event->resource_version, ==, expected_events[i].resource_version);
      if (expected_events[i].name != NULL)
        g_assert_cmpstr (bn_object_snapshot_get_name (event->object), ==, expected_events[i].name);
      else
        g_assert_null (event->object);
    }

  g_assert_cmpuint (((BnWatchEvent *) events->pdata[4])->status.code, ==, 410);
  g_assert_cmpstr (bn_object_snapshot_get_status (((BnWatchEvent *) events->pdata[0])->object), ==, "Running");
}

/* Feeds the stream in the given chunk sizes (cycled) and ends it. */
static void
decode_in_chunks (const char  *stream,
                  const gsize *sizes,
                  guint        n_sizes,
                  GPtrArray   *events)
{
  g_autoptr(BnWatchDecoder) decoder = bn_watch_decoder_new (BN_OBJECT_KIND_POD, 0);
  g_autoptr(GError) error = NULL;
  gsize length = strlen (stream);
  gsize offset = 0;

  for (guint i = 0; offset < length; i++)
    {
      gsize size = MIN (sizes[i % n_sizes], length - offset);

      g_assert_true (bn_watch_decoder_push (decoder, stream + offset, size, events, &error));
      g_assert_no_error (error);
      offset += size;
    }

  g_assert_true (bn_watch_decoder_finish (decoder, events, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bn_watch_decoder_get_pending (decoder), ==, 0);
}

static void
test_every_split (gconstpointer data)
{
  g_autofree char *stream = make_stream_with (small_added, data);
  gsize length = strlen (stream);

  for (gsize split = 0; split <= length; split++)
    {
      g_autoptr(GPtrArray) events = new_events ();
      gsize sizes[] = { split, length };

      if (split == 0)
        sizes[0] = length;
      decode_in_chunks (stream, sizes, G_N_ELEMENTS (sizes), events);
      assert_expected_events (events);
    }
}

static void
test_fixed_chunk_sizes (void)
{
  g_autofree char *stream = make_stream ("\n");

  for (gsize size = 1; size <= 100; size++)
    {
      g_autoptr(GPtrArray) events = new_events ();

      decode_in_chunks (stream, &size, 1, events);
      assert_expected_events (events);
    }
}

static void
test_random_chunks (void)
{
  g_autofree char *stream = make_stream ("\r\n");

  for (guint round = 0; round < 50; round++)
    {
      g_autoptr(GPtrArray) events = new_events ();
      gsize sizes[16];

      for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        sizes[i] = g_test_rand_int_range (1, 4000);
      decode_in_chunks (stream, sizes, G_N_ELEMENTS (sizes), events);
      assert_expected_events (events);
    }
}

static void
test_one_chunk (void)
{
  g_autofree char *stream = make_stream ("\n");
  g_autoptr(BnWatchDecoder) decoder = bn_watch_decoder_new (BN_OBJECT_KIND_POD, 0);
  g_autoptr(GPtrArray) events = new_events ();
  g_autoptr(GError) error = NULL;

  g_assert_true (bn_watch_decoder_push (decoder, stream, strlen (stream), events, &error));
  g_assert_no_error (error);
  /* every event ended with its newline: nothing waits for the end of the stream */
  assert_expected_events (events);
  g_assert_cmpuint (bn_watch_decoder_get_pending (decoder), ==, 0);
}

static void
test_last_event_without_newline (void)
{
  g_autofree char *stream = make_stream ("\n");
  g_autoptr(BnWatchDecoder) decoder = bn_watch_decoder_new (BN_OBJECT_KIND_POD, 0);
  g_autoptr(GPtrArray) events = new_events ();
  g_autoptr(GError) error = NULL;
  gsize length = strlen (stream) - 1;

  g_assert_true (bn_watch_decoder_push (decoder, stream, length, events, &error));
  g_assert_cmpuint (events->len, ==, 4);
  g_assert_cmpuint (bn_watch_decoder_get_pending (decoder), >, 0);
  g_assert_true (bn_watch_decoder_finish (decoder, events, &error));
  g_assert_no_error (error);
  assert_expected_events (events);
}

static void
test_blank_lines (void)
{
  const char *stream = "\n\r\n  \n{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"7\"}}}\n\n\n";
  g_autoptr(BnWatchDecoder) decoder = bn_watch_decoder_new (BN_OBJECT_KIND_POD, 0);
  g_autoptr(GPtrArray) events = new_events ();
  g_autoptr(GError) error = NULL;

  g_assert_true (bn_watch_decoder_push (decoder, stream, strlen (stream), events, &error));
  g_assert_true (bn_watch_decoder_finish (decoder, events, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (((BnWatchEvent *) events->pdata[0])->resource_version, ==, "7");
}

static void
test_event_too_large (void)
{
  g_autoptr(BnWatchDecoder) decoder = bn_watch_decoder_new (BN_OBJECT_KIND_POD, 1024);
  g_autoptr(GPtrArray) events = new_events ();
  g_autoptr(GError) error = NULL;
  const char *small = "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"1\"}}}\n";
  char chunk[100];
  gboolean ok = TRUE;

  g_assert_true (bn_watch_decoder_push (decoder, small, strlen (small), events, &error));

  /* a line that never ends is refused once it passes the limit, not buffered forever */
  memset (chunk, 'x', sizeof chunk);
  for (guint i = 0; i < 100 && ok; i++)
    {
      ok = bn_watch_decoder_push (decoder, chunk, sizeof chunk, events, &error);
      g_assert_cmpuint (bn_watch_decoder_get_pending (decoder), <=, 1024);
    }

  g_assert_false (ok);
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_RESPONSE);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpuint (bn_watch_decoder_get_pending (decoder), ==, 0);
}

static void
test_invalid_event_mid_stream (void)
{
  const char *stream = "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"1\"}}}\n"
                       "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"\xff\"}}}\n"
                       "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"3\"}}}\n";
  const char *next = "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"4\"}}}";
  g_autoptr(BnWatchDecoder) decoder = bn_watch_decoder_new (BN_OBJECT_KIND_POD, 0);
  g_autoptr(GPtrArray) events = new_events ();
  g_autoptr(GError) error = NULL;

  g_assert_false (bn_watch_decoder_push (decoder, stream, strlen (stream), events, &error));
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_RESPONSE);
  g_assert_cmpuint (events->len, ==, 1);
  g_clear_error (&error);

  /* the decoder starts clean for the next watch */
  g_assert_true (bn_watch_decoder_push (decoder, next, strlen (next), events, &error));
  g_assert_true (bn_watch_decoder_finish (decoder, events, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpstr (((BnWatchEvent *) events->pdata[1])->resource_version, ==, "4");
}

static void
test_truncated_at_end (void)
{
  g_autofree char *stream = make_stream ("\n");
  gsize length = strlen (stream);

  /* a stream that stops inside its last event: the earlier events arrive, the last is an error */
  for (gsize cut = length - 40; cut < length - 1; cut++)
    {
      g_autoptr(BnWatchDecoder) decoder = bn_watch_decoder_new (BN_OBJECT_KIND_POD, 0);
      g_autoptr(GPtrArray) events = new_events ();
      g_autoptr(GError) error = NULL;

      g_assert_true (bn_watch_decoder_push (decoder, stream, cut, events, &error));
      g_assert_cmpuint (events->len, ==, 4);
      g_assert_false (bn_watch_decoder_finish (decoder, events, &error));
      g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_RESPONSE);
      g_assert_cmpuint (bn_watch_decoder_get_pending (decoder), ==, 0);
    }
}

static void
test_reset (void)
{
  g_autoptr(BnWatchDecoder) decoder = bn_watch_decoder_new (BN_OBJECT_KIND_POD, 0);
  g_autoptr(GPtrArray) events = new_events ();
  g_autoptr(GError) error = NULL;
  const char *half = "{\"type\":\"ADD";
  const char *whole = "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"9\"}}}\n";

  g_assert_true (bn_watch_decoder_push (decoder, half, strlen (half), events, &error));
  bn_watch_decoder_reset (decoder);
  g_assert_cmpuint (bn_watch_decoder_get_pending (decoder), ==, 0);
  g_assert_true (bn_watch_decoder_push (decoder, whole, strlen (whole), events, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/binnacle/watch-decoder/every-split-lf", "\n", test_every_split);
  g_test_add_data_func ("/binnacle/watch-decoder/every-split-crlf", "\r\n", test_every_split);
  g_test_add_func ("/binnacle/watch-decoder/fixed-chunk-sizes", test_fixed_chunk_sizes);
  g_test_add_func ("/binnacle/watch-decoder/random-chunks", test_random_chunks);
  g_test_add_func ("/binnacle/watch-decoder/one-chunk", test_one_chunk);
  g_test_add_func ("/binnacle/watch-decoder/last-event-without-newline", test_last_event_without_newline);
  g_test_add_func ("/binnacle/watch-decoder/blank-lines", test_blank_lines);
  g_test_add_func ("/binnacle/watch-decoder/event-too-large", test_event_too_large);
  g_test_add_func ("/binnacle/watch-decoder/invalid-event-mid-stream", test_invalid_event_mid_stream);
  g_test_add_func ("/binnacle/watch-decoder/truncated-at-end", test_truncated_at_end);
  g_test_add_func ("/binnacle/watch-decoder/reset", test_reset);

  return g_test_run ();
}
