/* test-exec-plugin.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * BnExecPlugin on its own; the protocol cases (cache, 401, errors, Flatpak) are tested through
 * BnCredentials in test-credentials.c.
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bn-exec-plugin.h"
#include "bn-kube-error.h"

typedef struct
{
  char          *dir;
  BnClusterInfo *cluster;
  BnExecConfig  *config;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const char *mode = data != NULL ? data : "token";

  f->dir = g_dir_make_tmp ("binnacle-exec-plugin-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->cluster = bn_cluster_info_new ();
  f->cluster->server = g_strdup ("https://127.0.0.1:6443");
  f->config = bn_exec_config_new ();
  f->config->api_version = g_strdup ("client.authentication.k8s.io/v1");
  f->config->command = g_test_build_filename (G_TEST_DIST, "kube", "exec-plugin.py", NULL);
  f->config->interactive_mode = BN_EXEC_INTERACTIVE_NEVER;
  f->config->env_names = g_strsplit ("PLUGIN_STATE_DIR,PLUGIN_MODE,PLUGIN_LIFETIME", ",", -1);
  f->config->env_values = g_new0 (char *, 4);
  f->config->env_values[0] = g_strdup (f->dir);
  f->config->env_values[1] = g_strdup (mode);
  f->config->env_values[2] = g_strdup ("600");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *runs = g_build_filename (f->dir, "runs.txt", NULL);
  g_autofree char *last_run = g_build_filename (f->dir, "last-run.json", NULL);

  g_unlink (runs);
  g_unlink (last_run);
  g_rmdir (f->dir);
  g_free (f->dir);
  bn_cluster_info_unref (f->cluster);
  bn_exec_config_free (f->config);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_new_destroy (Fixture       *f,
                  gconstpointer  data)
{
  BnExecPlugin *plugin = bn_exec_plugin_new (f->config, f->cluster);

  g_assert_cmpstr (bn_exec_plugin_get_command (plugin), ==, f->config->command);
  g_assert_finalize_object (plugin);
}

static void
test_exec_info_without_cluster (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(BnExecPlugin) plugin = bn_exec_plugin_new (f->config, f->cluster);
  g_autofree char *exec_info = bn_exec_plugin_dup_exec_info (plugin);
  g_autoptr(JsonNode) node = json_from_string (exec_info, NULL);
  JsonObject *root;
  JsonObject *spec;

  g_assert_nonnull (node);
  root = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (root, "kind"), ==, "ExecCredential");
  g_assert_cmpstr (json_object_get_string_member (root, "apiVersion"), ==, "client.authentication.k8s.io/v1");
  spec = json_object_get_object_member (root, "spec");
  g_assert_false (json_object_get_boolean_member (spec, "interactive"));
  /* No provideClusterInfo, no cluster. */
  g_assert_false (json_object_has_member (spec, "cluster"));
}

static void
test_run (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(BnExecPlugin) plugin = bn_exec_plugin_new (f->config, f->cluster);
  g_autoptr(BnExecCredential) credential = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  GTimeSpan lifetime;

  bn_exec_plugin_run_async (plugin, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  credential = bn_exec_plugin_run_finish (plugin, result, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (credential->token, ==, "exec-token-1");
  g_assert_null (credential->certificate);
  g_assert_nonnull (credential->expiry);
  lifetime = g_date_time_difference (credential->expiry, now);
  g_assert_cmpint (lifetime, >, 590 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (lifetime, <=, 601 * G_TIME_SPAN_SECOND);
}

static gint64
read_recorded_pid (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "pid");
}

/* Gone, or a zombie waiting to be reaped: either way it no longer runs. */
static gboolean
process_is_alive (gint64 pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/stat", pid);
  g_autofree char *stat = NULL;
  const char *end_of_name;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return FALSE;
  end_of_name = strrchr (stat, ')');
  return end_of_name == NULL || end_of_name[1] == '\0' || end_of_name[2] != 'Z';
}

/* Cancelling stops the plugin itself, not only the wait for it. */
static void
test_cancel_stops_the_plugin (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(BnExecPlugin) plugin = bn_exec_plugin_new (f->config, f->cluster);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_run = g_build_filename (f->dir, "last-run.json", NULL);
  gint64 started = g_get_monotonic_time ();
  gint64 pid;

  bn_exec_plugin_run_async (plugin, cancellable, store_result_cb, &result);
  /* Wait until it is really running (it records itself before it sleeps). */
  while (!g_file_test (last_run, G_FILE_TEST_EXISTS))
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
      g_assert_cmpint (g_get_monotonic_time () - started, <, 20 * G_USEC_PER_SEC);
    }
  g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_null (bn_exec_plugin_run_finish (plugin, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The plugin sleeps a minute; the whole thing took a fraction of it. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 30 * G_USEC_PER_SEC);

  pid = read_recorded_pid (last_run);
  while (process_is_alive (pid))
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
      g_assert_cmpint (g_get_monotonic_time () - started, <, 30 * G_USEC_PER_SEC);
    }
}

#define add_test(path, fn, data) \
  g_test_add ("/binnacle/exec-plugin/" path, Fixture, data, fixture_setup, fn, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_test ("new-destroy", test_new_destroy, NULL);
  add_test ("exec-info-without-cluster", test_exec_info_without_cluster, NULL);
  add_test ("run", test_run, NULL);
  add_test ("cancel-stops-the-plugin", test_cancel_stops_the_plugin, "sleep");

  return g_test_run ();
}
