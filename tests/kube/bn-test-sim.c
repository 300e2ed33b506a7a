/* bn-test-sim.c: binnacle-sim as a child process of a test
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "bn-kubeconfig.h"
#include "bn-test-sim.h"

struct _BnTestSim
{
  GSubprocess  *process;
  char         *dir;
  char         *kubeconfig;
  char         *url;
  char         *control;
  SoupSession  *session;
};

/* A failed assertion aborts the test: the server must not outlive it. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/**
 * bn_test_sim_start:
 * @scenario: e.g. `demo` or `scale:10000`
 * @...: more arguments, %NULL-terminated
 *
 * Starts binnacle-sim ($BINNACLE_SIM) on 127.0.0.1 with a port of its own choosing, over HTTPS,
 * with its control endpoint, and waits until it listens.
 */
BnTestSim *
bn_test_sim_start (const char *scenario,
                   ...)
{
  BnTestSim *self = g_new0 (BnTestSim, 1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("BINNACLE_SIM");
  const char *arg;
  va_list args;

  g_assert_nonnull (binary);
  self->dir = g_dir_make_tmp ("binnacle-sim-XXXXXX", &error);
  g_assert_no_error (error);
  self->kubeconfig = g_build_filename (self->dir, "kubeconfig", NULL);

  g_ptr_array_add (argv, (gpointer) binary);
  g_ptr_array_add (argv, (gpointer) "--scenario");
  g_ptr_array_add (argv, (gpointer) scenario);
  g_ptr_array_add (argv, (gpointer) "--write-kubeconfig");
  g_ptr_array_add (argv, self->kubeconfig);
  g_ptr_array_add (argv, (gpointer) "--control");
  g_ptr_array_add (argv, (gpointer) "127.0.0.1:0");
  va_start (args, scenario);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  while (self->url == NULL || self->control == NULL)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      if (g_str_has_prefix (line, "listening on "))
        self->url = g_strdup (strrchr (line, ' ') + 1);
      else if (g_str_has_prefix (line, "control on "))
        self->control = g_strdup (strrchr (line, ' ') + 1);
    }

  self->session = soup_session_new_with_options ("timeout", 120, NULL);
  return self;
}

void
bn_test_sim_stop (BnTestSim *self)
{
  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
  g_clear_object (&self->session);
  g_unlink (self->kubeconfig);
  g_rmdir (self->dir);
  g_free (self->kubeconfig);
  g_free (self->dir);
  g_free (self->url);
  g_free (self->control);
  g_free (self);
}

const char *
bn_test_sim_get_kubeconfig (BnTestSim *self)
{
  return self->kubeconfig;
}

/**
 * bn_test_sim_new_client:
 * @context: a context of the kubeconfig the sim wrote (`admin`, `viewer`, `developer` ...)
 *
 * Returns: (transfer full): a client for that context, as the app would make it
 */
BnApiClient *
bn_test_sim_new_client (BnTestSim  *self,
                        const char *context)
{
  g_autoptr(BnKubeconfig) config = bn_kubeconfig_new ();
  g_autoptr(GError) error = NULL;
  BnKubeContext *ctx;
  BnApiClient *client;

  bn_kubeconfig_load_file (config, self->kubeconfig, &error);
  g_assert_no_error (error);
  ctx = bn_kubeconfig_lookup_context (config, context);
  g_assert_nonnull (ctx);
  client = bn_api_client_new (bn_kubeconfig_lookup_cluster (config, ctx->cluster),
                              bn_kubeconfig_lookup_user (config, ctx->user), &error);
  g_assert_no_error (error);
  return client;
}

/**
 * bn_test_sim_control:
 *
 * Calls the control endpoint (faults, churn, compaction, request log) synchronously.
 *
 * Returns: (transfer full) (nullable): the JSON answer, if it was JSON
 */
JsonNode *
bn_test_sim_control (BnTestSim  *self,
                     const char *method,
                     const char *path,
                     const char *json_body)
{
  g_autofree char *uri = g_strconcat (self->control, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  if (json_body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (json_body, strlen (json_body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  body = soup_session_send_and_read (self->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg) / 100, ==, 2);
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

    return json_from_string (text, NULL);
  }
}

typedef struct
{
  GBytes   *body;
  GError   *error;
  gboolean  done;
} Wait;

static void
on_list_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  Wait *wait = data;

  wait->body = bn_api_client_request_finish (BN_API_CLIENT (object), result, &wait->error);
  wait->done = TRUE;
}

/**
 * bn_test_sim_dup_pods:
 *
 * What the server holds, from one unpaginated list read with json-glib (a path that shares
 * nothing with the watch cache but the session).
 *
 * Returns: (transfer full): uid → resourceVersion of every pod
 */
GHashTable *
bn_test_sim_dup_pods (BnTestSim   *self,
                      BnApiClient *client)
{
  GHashTable *pods = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };
  JsonArray *items;

  bn_api_client_request_async (client, "GET", "/api/v1/pods", NULL, NULL, on_list_done_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (wait.error);

  json_parser_load_from_data (parser, g_bytes_get_data (wait.body, NULL), g_bytes_get_size (wait.body), &error);
  g_assert_no_error (error);
  items = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *metadata = json_object_get_object_member (json_array_get_object_element (items, i), "metadata");

      g_hash_table_insert (pods, g_strdup (json_object_get_string_member (metadata, "uid")),
                           g_strdup (json_object_get_string_member (metadata, "resourceVersion")));
    }
  g_bytes_unref (wait.body);
  return pods;
}

/**
 * bn_test_sim_count_requests:
 *
 * Counts the requests in the sim's request log that match.
 */
guint
bn_test_sim_count_requests (BnTestSim  *self,
                            const char *method,
                            const char *path_prefix,
                            const char *query_part)
{
  g_autofree char *uri = g_strconcat (self->control, "/requests", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = NULL;
  guint count = 0;

  body = soup_session_send_and_read (self->session, msg, NULL, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = NULL;
      JsonObject *entry;
      const char *query;

      if (*lines[i] == '\0')
        continue;
      node = json_from_string (lines[i], &error);
      g_assert_no_error (error);
      entry = json_node_get_object (node);
      query = json_node_get_value_type (json_object_get_member (entry, "query")) == G_TYPE_STRING
              ? json_object_get_string_member (entry, "query") : NULL;
      if ((method == NULL || g_strcmp0 (json_object_get_string_member (entry, "method"), method) == 0) &&
          (path_prefix == NULL || g_str_has_prefix (json_object_get_string_member (entry, "path"), path_prefix)) &&
          (query_part == NULL || (query != NULL && strstr (query, query_part) != NULL)))
        count++;
    }
  return count;
}
