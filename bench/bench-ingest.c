/* bench-ingest.c: 10,000 pods from list pages into snapshots, against the floor
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Builds a PodList of 10,000 pods shaped like tests/data/pod-sample.json (compact,
 * with managedFields) in 20 pages of 500, then measures in one run:
 *   - the floor: copying the same page bytes, as receiving them into memory costs;
 *   - the scanner: every page into snapshots kept in a cache array, with the simdjson
 *     kernel picked at run time and with every other kernel this CPU can run;
 *   - the cache's memory: RSS growth per cached pod against its bytes on the wire;
 *   - json-glib doing the same job, for comparison.
 * Times are the best of several rounds. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bn-json-scan.h"

#define N_PODS 10000
#define PAGE_SIZE 500
#define N_PAGES (N_PODS / PAGE_SIZE)
#define ROUNDS 5

typedef struct
{
  char  *data;
  gsize  length;
} Page;

static Page pages[N_PAGES];
static gsize wire_bytes;

static gsize
rss_bytes (void)
{
  g_autofree char *statm = NULL;
  unsigned long size, resident;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL)
      || sscanf (statm, "%lu %lu", &size, &resident) != 2)
    return 0;
  return resident * (gsize) sysconf (_SC_PAGESIZE);
}

static char *
load_compact_sample (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("Cannot read %s: %s", path, error->message);
  return json_to_string (json_parser_get_root (parser), FALSE);
}

/* Each pod differs from the sample in name, uid, IP, restarts and resourceVersion, with
 * the same lengths, so every pod is as big as the sample. */
static void
append_pod (GString    *page,
            const char *sample,
            guint       index)
{
  g_autoptr(GString) pod = g_string_new (sample);
  g_autofree char *name = g_strdup_printf ("api-30877432d1-%05u", index);
  g_autofree char *uid = g_strdup_printf ("f91e1d4c-1ff4-4b78-8946-%012u", index);
  g_autofree char *ip = g_strdup_printf ("10.142.%u.%u", index / 250 % 250, index % 250);
  g_autofree char *rv = g_strdup_printf ("%09u", 100000000 + index);
  g_autofree char *restarts = g_strdup_printf ("\"restartCount\":%u", index % 10);

  g_string_replace (pod, "api-30877432d1-bdjkv", name, 0);
  g_string_replace (pod, "f91e1d4c-1ff4-4b78-8946-3e85759cde66", uid, 0);
  g_string_replace (pod, "10.142.3.195", ip, 0);
  g_string_replace (pod, "100000003", rv, 0);
  g_string_replace (pod, "\"restartCount\":7", restarts, 0);
  g_string_append_len (page, pod->str, pod->len);
}

static void
build_pages (const char *sample_path)
{
  g_autofree char *sample = load_compact_sample (sample_path);

  for (guint p = 0; p < N_PAGES; p++)
    {
      g_autoptr(GString) page = g_string_new (NULL);

      g_string_append_printf (page, "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":"
                              "{\"resourceVersion\":\"200000000\",\"continue\":\"%s\","
                              "\"remainingItemCount\":%u},\"items\":[",
                              p + 1 < N_PAGES ? "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MjAwMDAwMDAwfQ" : "",
                              N_PODS - (p + 1) * PAGE_SIZE);
      for (guint i = 0; i < PAGE_SIZE; i++)
        {
          if (i > 0)
            g_string_append_c (page, ',');
          append_pod (page, sample, p * PAGE_SIZE + i);
        }
      g_string_append (page, "]}");

      pages[p].length = page->len;
      /* received bodies get the scanner's padding, as the watch cache's buffers do */
      pages[p].data = g_malloc0 (page->len + BN_JSON_SCAN_PADDING);
      memcpy (pages[p].data, page->str, page->len);
      wire_bytes += page->len;
    }
}

/* The floor: what merely receiving the bytes costs, i.e. copying every page into a new
 * buffer once. */
static double
measure_copy (void)
{
  gint64 start = g_get_monotonic_time ();
  guint8 sum = 0;

  for (guint p = 0; p < N_PAGES; p++)
    {
      char *copy = g_malloc (pages[p].length + BN_JSON_SCAN_PADDING);

      memcpy (copy, pages[p].data, pages[p].length);
      sum ^= (guint8) copy[pages[p].length / 2];
      g_free (copy);
    }

  if (sum == 0xff)
    g_printerr (" ");
  return (g_get_monotonic_time () - start) / 1000.0;
}

static char *pages_file;

/* The other floor: reading the same bytes back from a file (in the page cache), as JSON.md
 * measures it. */
static void
write_pages_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) all = g_string_sized_new (wire_bytes);
  int fd;

  for (guint p = 0; p < N_PAGES; p++)
    g_string_append_len (all, pages[p].data, pages[p].length);

  fd = g_file_open_tmp ("bench-ingest-XXXXXX.json", &pages_file, &error);
  if (fd < 0)
    g_error ("%s", error->message);
  close (fd);
  if (!g_file_set_contents (pages_file, all->str, all->len, &error))
    g_error ("%s", error->message);
}

static double
measure_read (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (pages_file, &contents, &length, NULL) || length != wire_bytes)
    g_error ("cannot read %s back", pages_file);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
measure_scan_into (GPtrArray *cache,
                   gboolean   compact)
{
  gint64 start = g_get_monotonic_time ();

  for (guint p = 0; p < N_PAGES; p++)
    {
      g_autoptr(BnListPage) page = NULL;
      g_autoptr(GError) error = NULL;

      if (!bn_json_scan_list_page (pages[p].data, pages[p].length,
                                   pages[p].length + BN_JSON_SCAN_PADDING,
                                   BN_OBJECT_KIND_POD, &page, &error))
        g_error ("scan failed: %s", error->message);

      /* a cache keeps compact copies; the scanned ones go with the page */
      for (guint i = 0; i < page->items->len; i++)
        g_ptr_array_add (cache, compact ? bn_object_snapshot_compact (page->items->pdata[i])
                                        : bn_object_snapshot_ref (page->items->pdata[i]));
    }

  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
measure_scan (GPtrArray *cache)
{
  return measure_scan_into (cache, FALSE);
}

/* json-glib doing the cache's job: parse, read the summary fields, keep each pod's JSON
 * without managedFields (json-glib can only re-serialize it). */
static double
measure_json_glib (guint n_pages)
{
  gint64 start = g_get_monotonic_time ();
  gsize kept = 0;

  for (guint p = 0; p < n_pages; p++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonArray *items;

      if (!json_parser_load_from_data (parser, pages[p].data, pages[p].length, &error))
        g_error ("json-glib failed: %s", error->message);

      items = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *pod = json_array_get_object_element (items, i);
          JsonObject *metadata = json_object_get_object_member (pod, "metadata");
          JsonObject *status = json_object_get_object_member (pod, "status");
          g_autofree char *text = NULL;

          kept += strlen (json_object_get_string_member (metadata, "uid"));
          kept += strlen (json_object_get_string_member (metadata, "name"));
          kept += strlen (json_object_get_string_member (status, "phase"));
          json_object_remove_member (metadata, "managedFields");
          text = json_to_string (json_array_get_element (items, i), FALSE);
          kept += strlen (text);
        }
    }

  if (kept == 0)
    g_printerr (" ");
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* One small page makes the parser allocate for a page this size; its snapshots are few. */
static void
warm_up (void)
{
  g_autofree char *head = g_strndup (pages[0].data, 200);
  char *items = strstr (head, "\"items\":[");
  g_autoptr(BnListPage) page = NULL;
  g_autofree char *doc = NULL;

  g_assert (items != NULL);
  items[strlen ("\"items\":[")] = '\0';
  doc = g_strconcat (head, "]}", NULL);
  bn_json_scan_list_page (doc, strlen (doc), 0, BN_OBJECT_KIND_POD, &page, NULL);
}

static double
best_of (double (*measure) (void))
{
  double best = G_MAXDOUBLE;

  for (guint i = 0; i < ROUNDS; i++)
    best = MIN (best, measure ());
  return best;
}

static double
best_scan (gboolean compact)
{
  double best = G_MAXDOUBLE;

  for (guint i = 0; i < ROUNDS; i++)
    {
      g_autoptr(GPtrArray) cache = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_object_snapshot_unref);

      best = MIN (best, measure_scan_into (cache, compact));
    }

  return best;
}

static void
sum_sizes (GPtrArray *cache,
           gsize     *memory,
           gsize     *json)
{
  *memory = *json = 0;
  for (guint i = 0; i < cache->len; i++)
    {
      *memory += bn_object_snapshot_get_memory_size (cache->pdata[i]);
      *json += bn_object_snapshot_get_json_size (cache->pdata[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) cache = NULL;
  const char *sample_path = argc > 1 ? argv[1] : BENCH_POD_SAMPLE;
  gboolean quick = argc > 2 && g_str_equal (argv[2], "--quick");
  double copy_ms, read_ms, scan_ms, compact_ms, glib_ms;
  gsize rss_before, rss_after, raw_bytes, compact_bytes, json_bytes;
  guint glib_pages = quick ? 2 : N_PAGES;

  build_pages (sample_path);
  printf ("pods: %u in %u pages of %u, %.1f MB on the wire (%" G_GSIZE_FORMAT " bytes per pod)\n",
          N_PODS, N_PAGES, PAGE_SIZE, wire_bytes / 1e6, wire_bytes / N_PODS);

  /* memory first, in a fresh heap: the cache as the watch cache keeps it, compact, with
   * the parser warmed up beforehand so that its buffers are not counted */
  warm_up ();
  cache = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_object_snapshot_unref);
  rss_before = rss_bytes ();
  measure_scan_into (cache, TRUE);
  rss_after = rss_bytes ();
  sum_sizes (cache, &compact_bytes, &json_bytes);
  g_clear_pointer (&cache, g_ptr_array_unref);

  cache = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_object_snapshot_unref);
  measure_scan (cache);
  sum_sizes (cache, &raw_bytes, &json_bytes);
  g_clear_pointer (&cache, g_ptr_array_unref);

  write_pages_file ();
  copy_ms = best_of (measure_copy);
  read_ms = best_of (measure_read);
  scan_ms = best_scan (FALSE);
  compact_ms = best_scan (TRUE);
  printf ("floor, copying the pages:          %8.1f ms\n", copy_ms);
  printf ("floor, reading them from a file:   %8.1f ms\n", read_ms);
  printf ("scanner, pages into snapshots:     %8.1f ms   %6.2fx the copy, %5.2fx the read\n",
          scan_ms, scan_ms / copy_ms, scan_ms / read_ms);
  printf ("scanner + compact copies:          %8.1f ms   %6.2fx the copy, %5.2fx the read\n",
          compact_ms, compact_ms / copy_ms, compact_ms / read_ms);
  printf ("snapshots as scanned:              %8.1f MB   %6" G_GSIZE_FORMAT " bytes per pod, %.2fx the wire "
          "(JSON without managedFields %.2fx)\n",
          raw_bytes / 1e6, raw_bytes / N_PODS, (double) raw_bytes / wire_bytes,
          (double) json_bytes / wire_bytes);
  printf ("cache of compact snapshots, RSS:   %8.1f MB   %6" G_GSIZE_FORMAT " bytes per pod, %.2fx the wire "
          "(allocated %.2fx)\n",
          (rss_after - rss_before) / 1e6, (rss_after - rss_before) / N_PODS,
          (double) (rss_after - rss_before) / wire_bytes, (double) compact_bytes / wire_bytes);

  /* the kernel picked at run time against every other this CPU can run */
  {
    g_auto(GStrv) kernels = bn_json_scan_list_implementations ();
    g_autofree char *picked = g_strdup (bn_json_scan_implementation_name ());

    printf ("simdjson kernel picked at run time: %s\n", picked);
    for (guint k = 0; kernels[k] != NULL; k++)
      {
        double kernel_ms;

        bn_json_scan_use_implementation (kernels[k]);
        warm_up ();
        kernel_ms = best_scan (FALSE);
        printf ("  scanner with %-10s kernel:  %8.1f ms   %6.2fx the copy, %5.2fx the read\n",
                kernels[k], kernel_ms, kernel_ms / copy_ms, kernel_ms / read_ms);
      }
    bn_json_scan_use_implementation (picked);
  }

  glib_ms = measure_json_glib (glib_pages) * N_PAGES / glib_pages;
  printf ("json-glib, same job:               %8.1f ms   %6.2fx the floor, %.1fx the scanner%s\n",
          glib_ms, glib_ms / copy_ms, glib_ms / scan_ms, quick ? " (extrapolated)" : "");

  for (guint p = 0; p < N_PAGES; p++)
    g_free (pages[p].data);
  g_unlink (pages_file);
  g_free (pages_file);

  return 0;
}
