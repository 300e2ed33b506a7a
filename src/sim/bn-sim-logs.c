/* bn-sim-logs.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-sim-server-private.h"

/* Pod logs: a deterministic history of generated lines (one every two
 * seconds of the container's life, at most the last 500), filtered by
 * sinceSeconds and tailLines, and with follow a new line every half
 * second until the client leaves or the container "exits".
 */

#define HISTORY_LINES 500
#define LINE_INTERVAL_SECONDS 2
#define FOLLOW_INTERVAL_MS 500
#define CRASHING_FOLLOW_LINES 5

typedef struct
{
  SoupServerMessage *msg;
  char              *pod;
  char              *container;
  gboolean           timestamps;
  gint64             limit_bytes;   /* < 0: none */
  gint64             sent_bytes;
  guint64            sequence;
  guint              remaining;     /* lines before the container exits, G_MAXUINT: never */
  guint              source_id;
  gboolean           done;
} LogFollow;

static const char *levels[] = { "INFO", "INFO", "INFO", "DEBUG", "INFO", "WARN", "INFO", "ERROR" };
static const char *paths[] = { "/api/v1/items", "/healthz", "/api/v1/orders", "/metrics", "/api/v1/users/42" };

static void
append_line (GString    *out,
             const char *pod,
             const char *container,
             guint64     sequence,
             gint64      usec,
             gboolean    timestamps)
{
  guint hash = g_str_hash (pod) ^ (guint) (sequence * 2654435761u);

  if (timestamps)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
      g_autofree char *text = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");

      g_string_append_printf (out, "%s.%09" G_GINT64_FORMAT "Z ", text, (usec % G_USEC_PER_SEC) * 1000 + sequence % 1000);
    }

  g_string_append_printf (out, "%s %s line=%" G_GUINT64_FORMAT " method=GET path=%s status=%u duration=%ums\n",
                          levels[hash % G_N_ELEMENTS (levels)], container, sequence,
                          paths[(hash >> 8) % G_N_ELEMENTS (paths)],
                          (hash >> 4) % 11 == 0 ? 500 : 200, 1 + (hash >> 12) % 250);
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = object && json_object_has_member (object, member) ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object && json_object_has_member (object, member) ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static char *
container_names (JsonArray *containers)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; containers && i < json_array_get_length (containers); i++)
    {
      JsonObject *container = json_array_get_object_element (containers, i);

      g_string_append_printf (out, "%s%s", i ? " " : "",
                              json_object_get_string_member_with_default (container, "name", ""));
    }

  return g_string_free (out, FALSE);
}

static JsonObject *
find_status (JsonObject *pod,
             const char *container)
{
  JsonArray *statuses = get_array (get_object (pod, "status"), "containerStatuses");

  for (guint i = 0; statuses && i < json_array_get_length (statuses); i++)
    {
      JsonObject *status = json_array_get_object_element (statuses, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (status, "name", ""), container) == 0)
        return status;
    }

  return NULL;
}

static void
reply_bad_request (BnSimRequest *request,
                   const char   *message)
{
  bn_sim_reply_status (request->msg, 400, "BadRequest", message, NULL, NULL, NULL);
}

static gboolean
parse_int_param (BnSimRequest *request,
                 const char   *name,
                 gint64       *value)
{
  const char *text = bn_sim_request_get_query (request, name);
  g_autofree char *message = NULL;

  *value = -1;
  if (text == NULL || *text == '\0')
    return TRUE;
  if (g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, value, NULL))
    return TRUE;

  message = g_strdup_printf ("PodLogOptions \"\" is invalid: %s: Invalid value: \"%s\": must be a non-negative integer",
                             name, text);
  reply_bad_request (request, message);
  return FALSE;
}

static void
log_follow_free (LogFollow *follow)
{
  g_clear_handle_id (&follow->source_id, g_source_remove);
  g_clear_object (&follow->msg);
  g_free (follow->pod);
  g_free (follow->container);
  g_free (follow);
}

static void
follow_finish (LogFollow *follow)
{
  if (follow->done)
    return;
  follow->done = TRUE;
  g_clear_handle_id (&follow->source_id, g_source_remove);
  soup_message_body_complete (soup_server_message_get_response_body (follow->msg));
  soup_server_message_unpause (follow->msg);
}

static void
follow_write (LogFollow *follow,
              GString   *text)
{
  SoupMessageBody *body = soup_server_message_get_response_body (follow->msg);

  if (follow->limit_bytes >= 0 && follow->sent_bytes + (gint64) text->len > follow->limit_bytes)
    g_string_truncate (text, follow->limit_bytes - follow->sent_bytes);
  follow->sent_bytes += text->len;
  if (text->len > 0)
    soup_message_body_append (body, SOUP_MEMORY_COPY, text->str, text->len);
  soup_server_message_unpause (follow->msg);
}

static gboolean
follow_tick_cb (gpointer user_data)
{
  LogFollow *follow = user_data;
  g_autoptr(GString) line = g_string_new (NULL);

  append_line (line, follow->pod, follow->container, follow->sequence++, g_get_real_time (), follow->timestamps);
  follow_write (follow, line);

  if (follow->remaining != G_MAXUINT)
    follow->remaining--;
  if (follow->remaining == 0 || (follow->limit_bytes >= 0 && follow->sent_bytes >= follow->limit_bytes))
    {
      follow->source_id = 0;
      follow_finish (follow);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
follow_finished_cb (SoupServerMessage *msg,
                    LogFollow         *follow)
{
  g_signal_handlers_disconnect_by_data (msg, follow);
  log_follow_free (follow);
}

/**
 * bn_sim_logs_handle:
 * @pod: the pod named by the request
 *
 * Serves GET .../pods/NAME/log with upstream's options and errors.
 */
void
bn_sim_logs_handle (BnSimRequest *request,
                    BnSimObject  *pod)
{
  g_autoptr(JsonObject) object = bn_sim_object_parse (pod);
  JsonArray *containers = get_array (get_object (object, "spec"), "containers");
  const char *container = bn_sim_request_get_query (request, "container");
  gboolean follow = bn_sim_request_get_bool (request, "follow");
  gboolean previous = bn_sim_request_get_bool (request, "previous");
  gboolean timestamps = bn_sim_request_get_bool (request, "timestamps");
  const char *since_time = bn_sim_request_get_query (request, "sinceTime");
  g_autofree char *names = container_names (containers);
  g_auto(GStrv) name_list = g_strsplit (names, " ", -1);
  g_autofree char *message = NULL;
  JsonObject *status;
  JsonObject *state;
  gint64 since_seconds, tail_lines, limit_bytes;
  gint64 now = g_get_real_time ();
  gint64 since_usec = G_MININT64;
  gint64 life_seconds;
  guint64 total, first;
  SoupMessageHeaders *headers;
  GString *out;
  gboolean crashing;
  gboolean finished;

  if (!parse_int_param (request, "sinceSeconds", &since_seconds) ||
      !parse_int_param (request, "tailLines", &tail_lines) ||
      !parse_int_param (request, "limitBytes", &limit_bytes))
    return;

  if (since_seconds >= 0 && since_time != NULL)
    {
      reply_bad_request (request, "PodLogOptions \"\" is invalid: sinceSeconds: Forbidden: at most one of sinceTime or sinceSeconds may be specified");
      return;
    }

  if (container == NULL || *container == '\0')
    {
      if (containers == NULL || json_array_get_length (containers) != 1)
        {
          message = g_strdup_printf ("a container name must be specified for pod %s, choose one of: [%s]",
                                     pod->name, names);
          reply_bad_request (request, message);
          return;
        }
      container = json_object_get_string_member_with_default (json_array_get_object_element (containers, 0), "name", "");
    }

  if (!g_strv_contains ((const char * const *) name_list, container))
    {
      message = g_strdup_printf ("container %s is not valid for pod %s", container, pod->name);
      reply_bad_request (request, message);
      return;
    }

  status = find_status (object, container);
  if (status == NULL)
    {
      message = g_strdup_printf ("container \"%s\" in pod \"%s\" is waiting to start: ContainerCreating",
                                 container, pod->name);
      reply_bad_request (request, message);
      return;
    }

  state = get_object (status, "state");
  crashing = get_object (state, "waiting") != NULL;
  finished = get_object (state, "terminated") != NULL;

  if (previous && json_object_get_int_member_with_default (status, "restartCount", 0) == 0)
    {
      message = g_strdup_printf ("previous terminated container \"%s\" in pod \"%s\" not found", container, pod->name);
      reply_bad_request (request, message);
      return;
    }

  if (since_seconds >= 0)
    since_usec = now - since_seconds * G_USEC_PER_SEC;
  else if (since_time != NULL)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (since_time, NULL);

      if (dt == NULL)
        {
          message = g_strdup_printf ("parsing time \"%s\" as \"2006-01-02T15:04:05Z07:00\": cannot parse", since_time);
          reply_bad_request (request, message);
          return;
        }
      since_usec = g_date_time_to_unix (dt) * G_USEC_PER_SEC;
    }

  /* The history: one line every LINE_INTERVAL_SECONDS of life, capped. */
  life_seconds = MAX (1, now / G_USEC_PER_SEC - pod->created);
  total = MIN (HISTORY_LINES, life_seconds / LINE_INTERVAL_SECONDS + 1);
  if (crashing || previous)
    total = MIN (total, 40);
  first = 0;
  if (tail_lines >= 0 && (guint64) tail_lines < total)
    first = total - tail_lines;

  out = g_string_new (NULL);
  for (guint64 i = first; i < total; i++)
    {
      gint64 usec = now - (gint64) (total - i) * LINE_INTERVAL_SECONDS * G_USEC_PER_SEC;

      if (usec < since_usec)
        continue;
      append_line (out, pod->name, previous ? "previous" : container, i, usec, timestamps);
      if (limit_bytes >= 0 && (gint64) out->len >= limit_bytes)
        break;
    }
  if (limit_bytes >= 0 && (gint64) out->len > limit_bytes)
    g_string_truncate (out, limit_bytes);

  headers = soup_server_message_get_response_headers (request->msg);
  if (!follow || previous || finished || (limit_bytes >= 0 && (gint64) out->len >= limit_bytes))
    {
      gsize len = out->len;

      soup_server_message_set_status (request->msg, 200, NULL);
      soup_server_message_set_response (request->msg, "text/plain", SOUP_MEMORY_TAKE,
                                        g_string_free (out, FALSE), len);
      return;
    }

  {
    LogFollow *state_follow = g_new0 (LogFollow, 1);

    state_follow->msg = g_object_ref (request->msg);
    state_follow->pod = g_strdup (pod->name);
    state_follow->container = g_strdup (container);
    state_follow->timestamps = timestamps;
    state_follow->limit_bytes = limit_bytes;
    state_follow->sequence = total;
    state_follow->remaining = crashing ? CRASHING_FOLLOW_LINES : G_MAXUINT;

    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
    soup_message_headers_set_content_type (headers, "text/plain", NULL);
    soup_message_body_set_accumulate (soup_server_message_get_response_body (request->msg), FALSE);
    soup_server_message_set_status (request->msg, 200, NULL);
    g_signal_connect (request->msg, "finished", G_CALLBACK (follow_finished_cb), state_follow);
    follow_write (state_follow, out);
    g_string_free (out, TRUE);
    state_follow->source_id = g_timeout_add (FOLLOW_INTERVAL_MS, follow_tick_cb, state_follow);
  }
}
