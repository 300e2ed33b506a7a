/* bn-test-sim.c: binnacle-sim in a widget test
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "bn-kubeconfig.h"
#include "bn-test-sim.h"

/*
 * Starts $BINNACLE_SIM on a port of its own (port 0) over plain HTTP, reads the URLs it
 * prints and loads the kubeconfig it writes (one context per user: admin, viewer, editor,
 * developer — the last may only view the namespace "dev"). Requests as a user go through a
 * libsoup session of the test's own, not through the client under test.
 */

struct _BnTestSim
{
  GSubprocess  *process;
  char         *dir;
  char         *kubeconfig_path;
  char         *url;
  char         *control;
  BnKubeconfig *kubeconfig;
  SoupSession  *session;
};

/* A failed assertion aborts the test; the simulator must not outlive it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static char *
read_url (GDataInputStream *stream,
          const char       *prefix)
{
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;

  line = g_data_input_stream_read_line_utf8 (stream, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, prefix));
  return g_strdup (line + strlen (prefix));
}

/**
 * bn_test_sim_start:
 * @scenario: a scenario such as "demo" or "scale:10000"
 *
 * Returns: (transfer full): the running simulator
 */
BnTestSim *
bn_test_sim_start (const char *scenario)
{
  BnTestSim *sim = g_new0 (BnTestSim, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) stream = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  const char *binary = g_getenv ("BINNACLE_SIM");

  g_assert_nonnull (binary);
  sim->dir = g_dir_make_tmp ("binnacle-test-XXXXXX", &error);
  g_assert_no_error (error);
  sim->kubeconfig_path = g_build_filename (sim->dir, "kubeconfig", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  sim->process = g_subprocess_launcher_spawn (launcher, &error,
                                   binary, "--http", "--listen", "127.0.0.1:0",
                                   "--control", "127.0.0.1:0",
                                   "--scenario", scenario,
                                   "--write-kubeconfig", sim->kubeconfig_path, NULL);
  g_assert_no_error (error);

  stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  sim->url = read_url (stream, "listening on ");
  sim->control = read_url (stream, "control on ");

  sim->kubeconfig = bn_kubeconfig_new ();
  bn_kubeconfig_load_file (sim->kubeconfig, sim->kubeconfig_path, &error);
  g_assert_no_error (error);

  sim->session = soup_session_new ();
  return sim;
}

void
bn_test_sim_stop (BnTestSim *sim)
{
  if (sim == NULL)
    return;

  g_subprocess_send_signal (sim->process, SIGTERM);
  g_subprocess_wait (sim->process, NULL, NULL);
  g_clear_object (&sim->process);
  g_clear_object (&sim->session);
  g_clear_object (&sim->kubeconfig);
  g_unlink (sim->kubeconfig_path);
  g_rmdir (sim->dir);
  g_free (sim->kubeconfig_path);
  g_free (sim->dir);
  g_free (sim->url);
  g_free (sim->control);
  g_free (sim);
}

/**
 * bn_test_sim_new_cluster:
 * @sim: the simulator
 * @user: a context of its kubeconfig: "admin", "viewer", "editor" or "developer"
 * @id: the cluster's id (and name)
 *
 * Returns: (transfer full): a cluster for that context, not connected yet
 */
BnCluster *
bn_test_sim_new_cluster (BnTestSim  *sim,
                         const char *user,
                         const char *id)
{
  BnKubeContext *context = bn_kubeconfig_lookup_context (sim->kubeconfig, user);

  g_assert_nonnull (context);
  return bn_cluster_new (id, id,
                         bn_kubeconfig_lookup_cluster (sim->kubeconfig, context->cluster),
                         bn_kubeconfig_lookup_user (sim->kubeconfig, context->user),
                         context->namespace);
}

/**
 * bn_test_sim_new_cluster_in_namespace:
 * @sim: the simulator
 * @user: a context of its kubeconfig
 * @id: the cluster's id (and name)
 * @namespace_: the namespace the context names instead of its own
 *
 * Returns: (transfer full): a cluster for that context, not connected yet
 */
BnCluster *
bn_test_sim_new_cluster_in_namespace (BnTestSim  *sim,
                                      const char *user,
                                      const char *id,
                                      const char *namespace_)
{
  BnKubeContext *context = bn_kubeconfig_lookup_context (sim->kubeconfig, user);

  g_assert_nonnull (context);
  return bn_cluster_new (id, id,
                         bn_kubeconfig_lookup_cluster (sim->kubeconfig, context->cluster),
                         bn_kubeconfig_lookup_user (sim->kubeconfig, context->user),
                         namespace_);
}

/**
 * bn_test_sim_request:
 * @sim: the simulator
 * @method: GET, PATCH, …
 * @path: the API path
 * @user: (nullable): whose token to send ("admin", …); %NULL for the control endpoint
 * @body: (nullable): a JSON body (sent as a merge patch for PATCH)
 * @status: (out) (optional): the HTTP status
 *
 * Runs the request synchronously, as tests may.
 *
 * Returns: (transfer full): the response body
 */
char *
bn_test_sim_request (BnTestSim  *sim,
                     const char *method,
                     const char *path,
                     const char *user,
                     const char *body,
                     guint      *status)
{
  g_autofree char *uri = g_strconcat (user ? sim->url : sim->control, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  if (user != NULL)
    {
      g_autofree char *authorization = g_strdup_printf ("Bearer binnacle-%s-token", user);

      soup_message_headers_append (soup_message_get_request_headers (message), "Authorization", authorization);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message,
                                                g_str_equal (method, "PATCH") ? "application/merge-patch+json"
                                                                              : "application/json",
                                                bytes);
    }

  response = soup_session_send_and_read (sim->session, message, NULL, &error);
  g_assert_no_error (error);
  if (status != NULL)
    *status = soup_message_get_status (message);
  return g_strndup (g_bytes_get_data (response, NULL), g_bytes_get_size (response));
}

/**
 * bn_test_sim_count:
 * @sim: the simulator
 * @path: a list path, e.g. "/api/v1/pods"
 *
 * Returns: how many items the server lists at @path for the admin
 */
guint
bn_test_sim_count (BnTestSim  *sim,
                   const char *path)
{
  g_autofree char *limited = g_strconcat (path, "?limit=1", NULL);
  g_autofree char *body = bn_test_sim_request (sim, "GET", limited, "admin", NULL, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *list, *metadata;
  guint n_items;

  /* One item and the server's remainingItemCount, rather than parsing 10k pods here. */
  json_parser_load_from_data (parser, body, -1, &error);
  g_assert_no_error (error);
  list = json_node_get_object (json_parser_get_root (parser));
  metadata = json_object_get_object_member (list, "metadata");
  n_items = json_array_get_length (json_object_get_array_member (list, "items"));
  if (metadata != NULL && json_object_has_member (metadata, "remainingItemCount"))
    n_items += json_object_get_int_member (metadata, "remainingItemCount");
  return n_items;
}
