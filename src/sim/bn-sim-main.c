/* bn-sim-main.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "bn-sim-controller.h"
#include "bn-sim-resources.h"
#include "bn-sim-scenario.h"
#include "bn-sim-server.h"

/* binnacle-sim: a Kubernetes API server for tests, benchmarks and
 * demos. It prints "listening on URL" once it serves.
 */

static char *listen_address = NULL;
static char *control_address = NULL;
static char *kubeconfig_path = NULL;
static char *scenario = NULL;
static char *request_log_path = NULL;
static char *ca_file = NULL;
static char *cert_file = NULL;
static char *key_file = NULL;
static char *cert_context = NULL;
static gboolean plain_http = FALSE;
static gboolean no_metrics = FALSE;
static gboolean no_watch_list = FALSE;
static int bookmark_interval = 60;
static int watch_timeout = 0;
static int churn_rate = -1;
static int history_limit = 0;
static int roll_every = 0;

static const GOptionEntry entries[] = {
  { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen_address, "Address to serve on (default 127.0.0.1:0, port 0 picks one)", "HOST:PORT" },
  { "http", 0, 0, G_OPTION_ARG_NONE, &plain_http, "Serve plain HTTP instead of HTTPS", NULL },
  { "tls-ca", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, "CA certificate (PEM) instead of a generated one", "FILE" },
  { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &cert_file, "Serving certificate (PEM)", "FILE" },
  { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key_file, "Serving key (PEM)", "FILE" },
  { "write-kubeconfig", 'k', 0, G_OPTION_ARG_FILENAME, &kubeconfig_path, "Write a kubeconfig with one context per user", "FILE" },
  { "cert-context", 0, 0, G_OPTION_ARG_STRING, &cert_context, "Add a kubeconfig context whose user (in system:masters) has a client certificate", "NAME" },
  { "scenario", 's', 0, G_OPTION_ARG_STRING, &scenario, "demo, empty, scale:N, churn:R, joined with +", "NAME" },
  { "control", 'c', 0, G_OPTION_ARG_STRING, &control_address, "Serve the loopback control endpoint", "HOST:PORT" },
  { "request-log", 0, 0, G_OPTION_ARG_FILENAME, &request_log_path, "Append every request as a JSON line", "FILE" },
  { "bookmark-interval", 0, 0, G_OPTION_ARG_INT, &bookmark_interval, "Seconds between watch bookmarks (default 60)", "SECONDS" },
  { "watch-timeout", 0, 0, G_OPTION_ARG_INT, &watch_timeout, "Default watch duration (default random 30–60 min)", "SECONDS" },
  { "churn", 0, 0, G_OPTION_ARG_INT, &churn_rate, "Pods modified per second", "RATE" },
  { "history", 0, 0, G_OPTION_ARG_INT, &history_limit, "Changes kept for watches to resume from", "COUNT" },
  { "roll-every", 0, 0, G_OPTION_ARG_INT, &roll_every, "Restart one settled deployment every SECONDS (default 0: never)", "SECONDS" },
  { "no-metrics", 0, 0, G_OPTION_ARG_NONE, &no_metrics, "Serve metrics.k8s.io as unavailable (503)", NULL },
  { "no-watch-list", 0, 0, G_OPTION_ARG_NONE, &no_watch_list, "Reject sendInitialEvents as with the WatchList gate off", NULL },
  { NULL }
};

static const struct {
  const char *name;
  const char *token;
  const char *groups[2];
} users[] = {
  { "admin", "binnacle-admin-token", { "system:masters", NULL } },
  { "viewer", "binnacle-viewer-token", { NULL } },
  { "editor", "binnacle-editor-token", { NULL } },
  { "developer", "binnacle-developer-token", { NULL } },
};

/* libsoup 3.2's server keeps the socket of every closed connection
 * open; a long benchmark would run out of descriptors at the usual soft
 * limit of 1024, so take what the hard limit allows.
 */
static void
raise_descriptor_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— a Kubernetes API server for tests and demos");
  g_autoptr(GError) error = NULL;
  g_autoptr(BnSimStore) store = NULL;
  g_autoptr(BnSimServer) server = NULL;
  g_autoptr(BnSimTlsMaterial) tls = NULL;
  g_autoptr(BnSimChurn) churn = NULL;
  g_autoptr(BnSimController) controller = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *url = NULL;
  guint scenario_churn = 0;
  guint life_id = 0;

  setlocale (LC_ALL, "");
  raise_descriptor_limit ();
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("binnacle-sim: %s\n", error->message);
      return EXIT_FAILURE;
    }

  store = bn_sim_store_new ();
  if (history_limit > 0)
    bn_sim_store_set_history_limit (store, history_limit);
  if (!bn_sim_scenario_load (store, scenario ? scenario : "demo", &scenario_churn, &error))
    {
      g_printerr ("binnacle-sim: %s\n", error->message);
      return EXIT_FAILURE;
    }

  bn_sim_resources_set_metrics_available (!no_metrics);

  server = bn_sim_server_new (store);
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    bn_sim_server_add_user (server, bn_sim_user_new (users[i].name, users[i].token, users[i].groups));
  bn_sim_server_set_bookmark_interval (server, MAX (bookmark_interval, 0));
  bn_sim_server_set_watch_timeout (server, MAX (watch_timeout, 0));
  bn_sim_server_set_watch_list (server, !no_watch_list);
  if (request_log_path != NULL)
    bn_sim_server_set_request_log_file (server, request_log_path);

  if (!plain_http)
    {
      if (ca_file != NULL || cert_file != NULL || key_file != NULL)
        tls = bn_sim_tls_material_load (ca_file, cert_file, key_file, &error);
      else
        tls = bn_sim_tls_material_generate (&error);
      if (tls == NULL)
        {
          g_printerr ("binnacle-sim: %s\n", error->message);
          return EXIT_FAILURE;
        }
    }

  if (cert_context != NULL)
    bn_sim_server_set_client_certificate_context (server, cert_context);

  if (!bn_sim_server_listen (server, listen_address ? listen_address : "127.0.0.1:0", tls, &error))
    {
      g_printerr ("binnacle-sim: cannot listen: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (control_address != NULL && !bn_sim_server_listen_control (server, control_address, &error))
    {
      g_printerr ("binnacle-sim: cannot serve the control endpoint: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (kubeconfig_path != NULL &&
      !bn_sim_server_write_kubeconfig (server, kubeconfig_path, tls ? tls->ca_pem : NULL, &error))
    {
      g_printerr ("binnacle-sim: cannot write the kubeconfig: %s\n", error->message);
      return EXIT_FAILURE;
    }

  churn = bn_sim_churn_new (store, churn_rate >= 0 ? (guint) churn_rate : scenario_churn);
  life_id = bn_sim_scenario_start_life (store);
  controller = bn_sim_controller_new (store);
  bn_sim_controller_set_roll_every (controller, MAX (roll_every, 0));
  g_object_set_data (G_OBJECT (server), "churn", churn);

  url = bn_sim_server_dup_url (server);
  g_print ("listening on %s\n", url);
  if (control_address != NULL)
    {
      g_autofree char *control_url = bn_sim_server_dup_control_url (server);

      g_print ("control on %s\n", control_url);
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  g_object_set_data (G_OBJECT (server), "churn", NULL);
  g_clear_pointer (&churn, bn_sim_churn_free);
  g_clear_handle_id (&life_id, g_source_remove);
  g_clear_object (&controller);
  g_clear_object (&server);

  /* Let closing connections finish their callbacks before exit. */
  for (guint i = 0; i < 1000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
  g_clear_pointer (&listen_address, g_free);
  g_clear_pointer (&control_address, g_free);
  g_clear_pointer (&kubeconfig_path, g_free);
  g_clear_pointer (&scenario, g_free);
  g_clear_pointer (&request_log_path, g_free);
  g_clear_pointer (&ca_file, g_free);
  g_clear_pointer (&cert_file, g_free);
  g_clear_pointer (&key_file, g_free);
  return EXIT_SUCCESS;
}
