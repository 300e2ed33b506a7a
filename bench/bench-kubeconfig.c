/* bench-kubeconfig.c: parse time of a 6,000-cluster kubeconfig against reading its bytes
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-kubeconfig [N_CLUSTERS] [RUNS]
 *
 * Writes a kubeconfig with N_CLUSTERS clusters (6,000 by default), as many users and contexts,
 * each cluster with a CA and each user with a client certificate and key (base64 PEM, as kind
 * and kubeadm write them). Then, in the same run, measures the floor (g_file_get_contents of
 * the file) and BnKubeconfig's load (read, YAML, typed decode, base64) and, separately, the
 * cluster entries with their problems. Prints medians and the ratios to the floor.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <yaml.h>

#include "bn-cluster-entry.h"
#include "bn-kubeconfig.h"

static char *
fake_pem_base64 (const char *kind,
                 gsize       body_length)
{
  g_autoptr(GString) pem = g_string_new (NULL);
  g_autofree char *body = NULL;
  g_autofree guchar *raw = g_malloc (body_length);

  for (gsize i = 0; i < body_length; i++)
    raw[i] = (guchar) (i * 131 + 7);
  body = g_base64_encode (raw, body_length);

  g_string_append_printf (pem, "-----BEGIN %s-----\n", kind);
  for (gsize i = 0; body[i] != '\0'; i += 64)
    g_string_append_printf (pem, "%.64s\n", body + i);
  g_string_append_printf (pem, "-----END %s-----\n", kind);

  return g_base64_encode ((const guchar *) pem->str, pem->len);
}

static char *
write_kubeconfig (guint n_clusters)
{
  g_autoptr(GString) text = g_string_new ("apiVersion: v1\nkind: Config\npreferences: {}\n");
  g_autofree char *ca = fake_pem_base64 ("CERTIFICATE", 800);
  g_autofree char *cert = fake_pem_base64 ("CERTIFICATE", 850);
  g_autofree char *key = fake_pem_base64 ("RSA PRIVATE KEY", 1190);
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd;

  g_string_append (text, "clusters:\n");
  for (guint i = 0; i < n_clusters; i++)
    g_string_append_printf (text, "- cluster:\n    certificate-authority-data: %s\n"
                            "    server: https://10.%u.%u.%u:6443\n  name: cluster-%05u\n",
                            ca, i >> 16 & 255, i >> 8 & 255, i & 255, i);

  g_string_append (text, "contexts:\n");
  for (guint i = 0; i < n_clusters; i++)
    g_string_append_printf (text, "- context:\n    cluster: cluster-%05u\n    namespace: team-%u\n"
                            "    user: admin-%05u\n  name: context-%05u\n", i, i % 40, i, i);

  g_string_append (text, "current-context: context-00000\nusers:\n");
  for (guint i = 0; i < n_clusters; i++)
    g_string_append_printf (text, "- name: admin-%05u\n  user:\n    client-certificate-data: %s\n"
                            "    client-key-data: %s\n", i, cert, key);

  fd = g_file_open_tmp ("bench-kubeconfig-XXXXXX.yaml", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);
  return path;
}

/* For reference: libyaml's event stream alone, the least any libyaml reader can cost. */
static double
time_libyaml_events (const char *contents,
                     gsize       size)
{
  yaml_parser_t parser;
  gint64 start = g_get_monotonic_time ();
  gboolean done = FALSE;

  yaml_parser_initialize (&parser);
  yaml_parser_set_input_string (&parser, (const unsigned char *) contents, size);
  while (!done)
    {
      yaml_event_t event;

      g_assert_true (yaml_parser_parse (&parser, &event));
      done = event.type == YAML_STREAM_END_EVENT;
      yaml_event_delete (&event);
    }
  yaml_parser_delete (&parser);

  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *samples,
        guint   n)
{
  qsort (samples, n, sizeof (double), compare_doubles);
  return samples[n / 2];
}

int
main (int   argc,
      char *argv[])
{
  guint n_clusters = argc > 1 ? (guint) atoi (argv[1]) : 6000;
  guint runs = argc > 2 ? (guint) atoi (argv[2]) : 7;
  g_autofree char *path = NULL;
  g_autofree double *floor_ms = NULL;
  g_autofree double *load_ms = NULL;
  g_autofree double *entries_ms = NULL;
  g_autofree double *events_ms = NULL;
  gsize size = 0;

  if (n_clusters == 0 || runs == 0)
    {
      g_printerr ("usage: %s [N_CLUSTERS] [RUNS]\n", argv[0]);
      return 2;
    }

  path = write_kubeconfig (n_clusters);
  floor_ms = g_new0 (double, runs);
  load_ms = g_new0 (double, runs);
  entries_ms = g_new0 (double, runs);
  events_ms = g_new0 (double, runs);

  for (guint run = 0; run < runs; run++)
    {
      g_autofree char *contents = NULL;
      g_autoptr(BnKubeconfig) config = bn_kubeconfig_new ();
      g_autoptr(GPtrArray) entries = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start;

      start = g_get_monotonic_time ();
      g_file_get_contents (path, &contents, &size, &error);
      g_assert_no_error (error);
      floor_ms[run] = (g_get_monotonic_time () - start) / 1000.0;
      events_ms[run] = time_libyaml_events (contents, size);

      start = g_get_monotonic_time ();
      bn_kubeconfig_load_file (config, path, &error);
      g_assert_no_error (error);
      load_ms[run] = (g_get_monotonic_time () - start) / 1000.0;

      start = g_get_monotonic_time ();
      entries = bn_cluster_entries_from_kubeconfig (config);
      entries_ms[run] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_cmpuint (entries->len, ==, n_clusters);
    }

  {
    double floor = median (floor_ms, runs);
    double load = median (load_ms, runs);
    double listed = median (entries_ms, runs);
    double events = median (events_ms, runs);

    g_print ("kubeconfig: %u clusters, users and contexts, %.1f MB, median of %u runs\n",
             n_clusters, size / 1e6, runs);
    g_print ("  floor (g_file_get_contents):   %8.2f ms\n", floor);
    g_print ("  libyaml events alone:          %8.2f ms  (%.1fx the floor)\n", events, events / floor);
    g_print ("  bn_kubeconfig_load_file:       %8.2f ms  (%.1fx the floor)\n", load, load / floor);
    g_print ("  cluster entries with problems: %8.2f ms\n", listed);
    g_print ("  load + entries:                %8.2f ms  (%.1fx the floor)\n", load + listed,
             (load + listed) / floor);
  }

  if (g_getenv ("BENCH_KEEP") == NULL)
    g_unlink (path);
  else
    g_print ("  kept %s\n", path);
  return 0;
}
