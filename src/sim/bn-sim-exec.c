/* bn-sim-exec.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bn-sim-server-private.h"

/* exec and attach over WebSocket (v5.channel.k8s.io and v4): one binary
 * message per frame, its first byte the channel. The "container" runs a
 * small scripted shell: echo, cat, env, hostname, pwd, sleep, exit N,
 * true/false, and sh/bash as an interactive prompt. Port-forward uses
 * the same framing (channels 2i and 2i+1 per port) to an echo service.
 */

#define CHANNEL_STDIN  0
#define CHANNEL_STDOUT 1
#define CHANNEL_STDERR 2
#define CHANNEL_ERROR  3
#define CHANNEL_RESIZE 4
#define CHANNEL_CLOSE  255

typedef struct
{
  GArray   *ports;        /* port-forward: guint16 per forwarded port */
  GStrv     argv;
  char     *pod;
  char     *namespace;
  char     *container;
  gboolean  stdin_open;
  gboolean  want_stdout;
  gboolean  want_stderr;
  gboolean  tty;
} ExecParams;

typedef enum
{
  MODE_NONE,
  MODE_CAT,
  MODE_SHELL,
} Mode;

typedef struct
{
  BnSimServer             *server;
  SoupWebsocketConnection *connection;
  ExecParams              *params;
  Mode                     mode;
  GString                 *line;
  guint                    sleep_id;
  int                      pending_exit;
  gboolean                 finished;
} ExecSession;

static void
exec_params_free (ExecParams *params)
{
  g_clear_pointer (&params->ports, g_array_unref);
  g_strfreev (params->argv);
  g_free (params->pod);
  g_free (params->namespace);
  g_free (params->container);
  g_free (params);
}

/* Every value of a repeated query parameter, e.g. command=sh&command=-c. */
static GStrv
query_values (SoupServerMessage *msg,
              const char        *name)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) pairs = g_strsplit (query ? query : "", "&", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *equals = strchr (pairs[i], '=');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (equals == NULL)
        continue;
      *equals = '\0';
      for (char *p = equals + 1; *p; p++)
        if (*p == '+')
          *p = ' ';
      key = g_uri_unescape_string (pairs[i], NULL);
      value = g_uri_unescape_string (equals + 1, NULL);
      if (key != NULL && value != NULL && g_str_equal (key, name))
        g_strv_builder_add (builder, value);
    }

  return g_strv_builder_end (builder);
}

static JsonObject *
find_container (JsonObject *pod,
                const char *list,
                const char *name)
{
  JsonObject *spec = json_object_get_object_member (pod, "spec");
  JsonArray *containers = spec && json_object_has_member (spec, list) ? json_object_get_array_member (spec, list) : NULL;

  for (guint i = 0; containers && i < json_array_get_length (containers); i++)
    {
      JsonObject *container = json_array_get_object_element (containers, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (container, "name", ""), name) == 0)
        return container;
    }

  return NULL;
}

static gboolean
container_running (JsonObject *pod,
                   const char *name)
{
  JsonObject *status = json_object_get_object_member (pod, "status");
  JsonArray *statuses = status && json_object_has_member (status, "containerStatuses")
                        ? json_object_get_array_member (status, "containerStatuses") : NULL;

  for (guint i = 0; statuses && i < json_array_get_length (statuses); i++)
    {
      JsonObject *entry = json_array_get_object_element (statuses, i);
      JsonObject *state = json_object_get_object_member (entry, "state");

      if (g_strcmp0 (json_object_get_string_member_with_default (entry, "name", ""), name) == 0)
        return state != NULL && json_object_has_member (state, "running");
    }

  return FALSE;
}

static gboolean
portforward_precheck (BnSimRequest *request,
                      BnSimObject  *pod)
{
  g_auto(GStrv) values = query_values (request->msg, "ports");
  g_autoptr(GArray) ports = g_array_new (FALSE, FALSE, sizeof (guint16));
  ExecParams *params;

  for (guint i = 0; values[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (values[i], ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          guint64 port;

          if (!g_ascii_string_to_unsigned (g_strstrip (parts[j]), 10, 1, 65535, &port, NULL))
            {
              g_autofree char *message = g_strdup_printf ("invalid port %s", parts[j]);

              bn_sim_reply_status (request->msg, 400, "BadRequest", message, NULL, NULL, NULL);
              return FALSE;
            }
          g_array_append_val (ports, (guint16) { port });
        }
    }

  if (ports->len == 0)
    {
      bn_sim_reply_status (request->msg, 400, "BadRequest", "query parameter \"ports\" is required",
                           NULL, NULL, NULL);
      return FALSE;
    }

  params = g_new0 (ExecParams, 1);
  params->ports = g_steal_pointer (&ports);
  params->pod = g_strdup (pod->name);
  params->namespace = g_strdup (pod->namespace);
  g_object_set_data_full (G_OBJECT (request->msg), "bn-sim-exec", params, (GDestroyNotify) exec_params_free);
  return TRUE;
}

/**
 * bn_sim_exec_precheck:
 *
 * Checks an exec or attach request before the WebSocket upgrade and
 * answers the failures as plain HTTP Status responses.
 *
 * Returns: %TRUE when the upgrade may go ahead (no status is set)
 */
gboolean
bn_sim_exec_precheck (BnSimRequest *request,
                      BnSimObject  *pod)
{
  const char *upgrade = soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg), "Upgrade");
  g_autoptr(JsonObject) object = bn_sim_object_parse (pod);
  const char *container = bn_sim_request_get_query (request, "container");
  gboolean attach = g_str_equal (request->subresource, "attach");
  g_autofree char *message = NULL;
  g_auto(GStrv) command = NULL;
  ExecParams *params;

  if (upgrade == NULL || g_ascii_strcasecmp (upgrade, "websocket") != 0)
    {
      bn_sim_reply_status (request->msg, 400, "BadRequest",
                           "Upgrade request required", NULL, NULL, NULL);
      return FALSE;
    }

  if (g_str_equal (request->subresource, "portforward"))
    return portforward_precheck (request, pod);

  if (container == NULL || *container == '\0')
    {
      JsonObject *spec = json_object_get_object_member (object, "spec");
      JsonObject *metadata = json_object_get_object_member (object, "metadata");
      JsonObject *annotations = metadata && json_object_has_member (metadata, "annotations")
                                ? json_object_get_object_member (metadata, "annotations") : NULL;
      JsonArray *containers = spec && json_object_has_member (spec, "containers")
                              ? json_object_get_array_member (spec, "containers") : NULL;

      if (annotations != NULL && json_object_has_member (annotations, "kubectl.kubernetes.io/default-container"))
        container = json_object_get_string_member (annotations, "kubectl.kubernetes.io/default-container");
      else if (containers != NULL && json_array_get_length (containers) > 0)
        container = json_object_get_string_member_with_default (json_array_get_object_element (containers, 0), "name", "");
    }

  if (container == NULL || find_container (object, "containers", container) == NULL)
    {
      message = g_strdup_printf ("container %s is not valid for pod %s", container ? container : "", pod->name);
      bn_sim_reply_status (request->msg, 400, "BadRequest", message, NULL, NULL, NULL);
      return FALSE;
    }

  if (!container_running (object, container))
    {
      message = g_strdup_printf ("unable to upgrade connection: container not found (\"%s\")", container);
      bn_sim_reply_status (request->msg, 400, "BadRequest", message, NULL, NULL, NULL);
      return FALSE;
    }

  command = query_values (request->msg, "command");
  if (!attach && command[0] == NULL)
    {
      bn_sim_reply_status (request->msg, 400, "BadRequest",
                           "you must specify at least one command for the container", NULL, NULL, NULL);
      return FALSE;
    }

  if (!bn_sim_request_get_bool (request, "stdin") && !bn_sim_request_get_bool (request, "stdout") &&
      !bn_sim_request_get_bool (request, "stderr"))
    {
      bn_sim_reply_status (request->msg, 400, "BadRequest",
                           "you must specify at least 1 of stdin, stdout, stderr", NULL, NULL, NULL);
      return FALSE;
    }

  params = g_new0 (ExecParams, 1);
  params->argv = attach ? g_strdupv ((char *[]) { (char *) "sh", NULL }) : g_steal_pointer (&command);
  params->pod = g_strdup (pod->name);
  params->namespace = g_strdup (pod->namespace);
  params->container = g_strdup (container);
  params->stdin_open = bn_sim_request_get_bool (request, "stdin");
  params->want_stdout = bn_sim_request_get_bool (request, "stdout");
  params->want_stderr = bn_sim_request_get_bool (request, "stderr");
  params->tty = bn_sim_request_get_bool (request, "tty");
  g_object_set_data_full (G_OBJECT (request->msg), "bn-sim-exec", params, (GDestroyNotify) exec_params_free);

  return TRUE;
}

static void
send_frame (ExecSession *session,
            guint8       channel,
            const char  *data,
            gsize        length)
{
  g_autofree guint8 *frame = NULL;

  if (session->finished ||
      soup_websocket_connection_get_state (session->connection) != SOUP_WEBSOCKET_STATE_OPEN)
    return;

  frame = g_malloc (length + 1);
  frame[0] = channel;
  if (length > 0)
    memcpy (frame + 1, data, length);
  soup_websocket_connection_send_binary (session->connection, frame, length + 1);
}

static void
write_stdout (ExecSession *session,
              const char  *text)
{
  if (session->params->want_stdout || session->params->tty)
    send_frame (session, CHANNEL_STDOUT, text, strlen (text));
}

static void
write_stderr (ExecSession *session,
              const char  *text)
{
  if (session->params->tty)
    write_stdout (session, text);
  else if (session->params->want_stderr)
    send_frame (session, CHANNEL_STDERR, text, strlen (text));
}

static void
finish (ExecSession *session,
        int          exit_code,
        const char  *failure)
{
  g_autofree char *status = NULL;
  g_autofree char *joined = g_strjoinv (" ", session->params->argv);

  if (session->finished)
    return;

  if (failure != NULL)
    {
      GString *out = g_string_new ("{\"metadata\":{},\"status\":\"Failure\",\"message\":");

      bn_sim_json_append_string (out, failure);
      g_string_append (out, ",\"reason\":\"InternalError\",\"details\":{\"causes\":[{\"message\":");
      bn_sim_json_append_string (out, failure);
      g_string_append (out, "}]},\"code\":500}");
      status = g_string_free (out, FALSE);
    }
  else if (exit_code == 0)
    status = g_strdup ("{\"metadata\":{},\"status\":\"Success\"}");
  else
    {
      GString *out = g_string_new ("{\"metadata\":{},\"status\":\"Failure\",\"message\":");
      g_autofree char *message = g_strdup_printf ("command terminated with non-zero exit code: error executing command [%s], exit code %d",
                                                  joined, exit_code);

      bn_sim_json_append_string (out, message);
      g_string_append_printf (out, ",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"%d\"}]}}",
                              exit_code);
      status = g_string_free (out, FALSE);
    }

  send_frame (session, CHANNEL_ERROR, status, strlen (status));
  session->finished = TRUE;
  soup_websocket_connection_close (session->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
}

static const char *
prompt (ExecSession *session)
{
  return "/ # ";
}

static gboolean sleep_done_cb (gpointer user_data);

/* Runs one command line; returns FALSE when the session ended. */
static gboolean
run_command (ExecSession  *session,
             char        **argv,
             gboolean      top_level)
{
  const char *name = argv[0];
  g_autofree char *text = NULL;

  if (name == NULL)
    return TRUE;

  if ((g_str_equal (name, "sh") || g_str_equal (name, "bash") || g_str_equal (name, "/bin/sh") ||
       g_str_equal (name, "/bin/bash")))
    {
      if (argv[1] != NULL && g_str_equal (argv[1], "-c") && argv[2] != NULL)
        {
          g_auto(GStrv) inner = NULL;

          if (!g_shell_parse_argv (argv[2], NULL, &inner, NULL))
            {
              finish (session, 2, NULL);
              return FALSE;
            }
          return run_command (session, inner, top_level);
        }
      session->mode = MODE_SHELL;
      write_stdout (session, prompt (session));
      return TRUE;
    }

  if (g_str_equal (name, "echo"))
    {
      g_autofree char *joined = g_strjoinv (" ", argv + 1);

      text = g_strconcat (joined, session->params->tty ? "\r\n" : "\n", NULL);
      write_stdout (session, text);
    }
  else if (g_str_equal (name, "env"))
    {
      text = g_strdup_printf ("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"
                              "HOSTNAME=%s\nKUBERNETES_SERVICE_HOST=10.96.0.1\nKUBERNETES_SERVICE_PORT=443\n"
                              "POD_NAMESPACE=%s\nCONTAINER=%s\nHOME=/root\n",
                              session->params->pod, session->params->namespace, session->params->container);
      write_stdout (session, text);
    }
  else if (g_str_equal (name, "hostname"))
    {
      text = g_strconcat (session->params->pod, "\n", NULL);
      write_stdout (session, text);
    }
  else if (g_str_equal (name, "pwd"))
    write_stdout (session, "/\n");
  else if (g_str_equal (name, "true"))
    ;
  else if (g_str_equal (name, "false"))
    {
      if (top_level)
        {
          finish (session, 1, NULL);
          return FALSE;
        }
    }
  else if (g_str_equal (name, "exit"))
    {
      finish (session, argv[1] ? atoi (argv[1]) : 0, NULL);
      return FALSE;
    }
  else if (g_str_equal (name, "cat") && argv[1] == NULL)
    {
      session->mode = MODE_CAT;
      if (!session->params->stdin_open)
        {
          finish (session, 0, NULL);
          return FALSE;
        }
      return TRUE;
    }
  else if (g_str_equal (name, "sleep") && argv[1] != NULL)
    {
      session->sleep_id = g_timeout_add ((guint) (g_ascii_strtod (argv[1], NULL) * 1000), sleep_done_cb, session);
      return TRUE;
    }
  else
    {
      g_autofree char *failure = g_strdup_printf ("Internal error occurred: error executing command in container: "
                                                  "failed to exec in container: failed to start exec: OCI runtime exec failed: "
                                                  "exec failed: unable to start container process: exec: \"%s\": "
                                                  "executable file not found in $PATH: unknown", name);

      if (session->mode == MODE_SHELL)
        {
          text = g_strdup_printf ("sh: %s: not found\n", name);
          write_stderr (session, text);
          return TRUE;
        }
      finish (session, 0, failure);
      return FALSE;
    }

  if (top_level && session->mode == MODE_NONE)
    {
      finish (session, 0, NULL);
      return FALSE;
    }

  return TRUE;
}

static gboolean
sleep_done_cb (gpointer user_data)
{
  ExecSession *session = user_data;

  session->sleep_id = 0;
  if (session->mode == MODE_NONE)
    finish (session, 0, NULL);
  return G_SOURCE_REMOVE;
}

static void
shell_line (ExecSession *session,
            const char  *line)
{
  g_auto(GStrv) argv = NULL;

  if (g_shell_parse_argv (line, NULL, &argv, NULL))
    {
      if (!run_command (session, argv, FALSE))
        return;
    }
  else if (*g_strstrip ((char *) line) != '\0')
    write_stderr (session, "sh: syntax error\n");

  write_stdout (session, prompt (session));
}

static void
handle_stdin (ExecSession  *session,
              const guint8 *data,
              gsize         length)
{
  if (session->mode == MODE_CAT)
    {
      g_autofree char *text = g_strndup ((const char *) data, length);

      write_stdout (session, text);
      return;
    }

  if (session->mode != MODE_SHELL)
    return;

  for (gsize i = 0; i < length && !session->finished; i++)
    {
      char c = data[i];

      if (session->params->tty)
        {
          /* The terminal echoes what is typed. */
          char echo[3] = { c, 0, 0 };

          if (c == '\r')
            {
              echo[0] = '\r';
              echo[1] = '\n';
            }
          write_stdout (session, echo);
        }

      if (c == '\r' || c == '\n')
        {
          g_autofree char *line = g_strdup (session->line->str);

          g_string_truncate (session->line, 0);
          shell_line (session, line);
        }
      else if (c == 4 && session->line->len == 0)
        finish (session, 0, NULL);
      else
        g_string_append_c (session->line, c);
    }
}

static void
handle_resize (ExecSession  *session,
               const guint8 *data,
               gsize         length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, (const char *) data, length, NULL))
    return;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;

  g_ptr_array_add (session->server->resizes,
                   g_strdup_printf ("%" G_GINT64_FORMAT "x%" G_GINT64_FORMAT,
                                    json_object_get_int_member_with_default (json_node_get_object (root), "Width", 0),
                                    json_object_get_int_member_with_default (json_node_get_object (root), "Height", 0)));
}

static void
message_cb (SoupWebsocketConnection *connection,
            SoupWebsocketDataType    type,
            GBytes                  *message,
            ExecSession             *session)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (message, &length);

  if (type != SOUP_WEBSOCKET_DATA_BINARY || length == 0 || session->finished)
    return;

  /* Port-forward: the pod runs an echo service on every port. */
  if (session->params->ports != NULL)
    {
      if (data[0] % 2 == 0 && data[0] / 2 < session->params->ports->len)
        send_frame (session, data[0], (const char *) data + 1, length - 1);
      return;
    }

  switch (data[0])
    {
    case CHANNEL_STDIN:
      handle_stdin (session, data + 1, length - 1);
      break;
    case CHANNEL_RESIZE:
      handle_resize (session, data + 1, length - 1);
      break;
    case CHANNEL_CLOSE:
      /* v5: the client closed stdin. */
      if (length >= 2 && data[1] == CHANNEL_STDIN && session->mode != MODE_NONE)
        finish (session, 0, NULL);
      break;
    default:
      break;
    }
}

static void
exec_session_free (ExecSession *session)
{
  g_clear_handle_id (&session->sleep_id, g_source_remove);
  g_clear_pointer (&session->params, exec_params_free);
  g_string_free (session->line, TRUE);
  g_clear_object (&session->connection);
  g_clear_object (&session->server);
  g_free (session);
}

static void
closed_cb (SoupWebsocketConnection *connection,
           ExecSession             *session)
{
  g_signal_handlers_disconnect_by_data (connection, session);
  exec_session_free (session);
}

static void
websocket_cb (SoupServer              *soup,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  BnSimServer *self = user_data;
  ExecParams *params = g_object_steal_data (G_OBJECT (msg), "bn-sim-exec");
  ExecSession *session;
  guint8 ready_channel;

  if (params == NULL)
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, NULL);
      return;
    }

  session = g_new0 (ExecSession, 1);
  session->server = g_object_ref (self);
  session->connection = g_object_ref (connection);
  session->params = params;
  session->line = g_string_new (NULL);
  soup_websocket_connection_set_keepalive_interval (connection, 0);

  g_signal_connect (connection, "message", G_CALLBACK (message_cb), session);
  g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), session);

  if (params->ports != NULL)
    {
      /* Each port's data and error channels open with the port, little-endian. */
      for (guint i = 0; i < params->ports->len; i++)
        {
          guint16 port = g_array_index (params->ports, guint16, i);
          const char prefix[2] = { port & 0xff, port >> 8 };

          send_frame (session, 2 * i, prefix, 2);
          send_frame (session, 2 * i + 1, prefix, 2);
        }
      return;
    }

  /* v5 signals readiness with an empty frame on the lowest writable channel. */
  if (g_strcmp0 (soup_websocket_connection_get_protocol (connection), "v5.channel.k8s.io") == 0)
    {
      ready_channel = params->want_stdout || params->tty ? CHANNEL_STDOUT :
                      params->want_stderr ? CHANNEL_STDERR : CHANNEL_ERROR;
      send_frame (session, ready_channel, NULL, 0);
    }

  run_command (session, params->argv, TRUE);
}

void
bn_sim_exec_register (BnSimServer *self)
{
  const char *protocols[] = { "v5.channel.k8s.io", "v4.channel.k8s.io", NULL };

  soup_server_add_websocket_handler (self->soup, NULL, NULL, (char **) protocols, websocket_cb, self, NULL);
}
