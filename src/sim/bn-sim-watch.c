/* bn-sim-watch.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-sim-api.h"

/* Watch streams: chunked application/json, one event per line, flushed
 * after every event, with bookmarks, timeouts, initial events and the
 * 410 that tells a client its resourceVersion is gone.
 */

typedef struct
{
  BnSimServer         *server;
  SoupServerMessage   *msg;
  const BnSimResource *resource;
  char                *namespace;
  BnSimSelector       *labels;
  BnSimSelector       *fields;
  BnSimFormat          format;
  gboolean             include_object;
  gboolean             columns_sent;
  gboolean             bookmarks;
  gboolean             stalled;
  gboolean             done;
  guint64              last_rv;
  guint                bookmark_id;
  guint                timeout_id;
  guint                flush_id;
  GString             *pending;      /* events not yet handed to libsoup */
  guint                slow_ms;      /* a SLOW fault: flush no more than this often */
  gulong               event_id;
  BnSimFault          *drop_fault;
  guint                drop_after;
  guint                events_sent;
} BnSimWatch;

static void
watch_free (BnSimWatch *watch)
{
  g_clear_handle_id (&watch->bookmark_id, g_source_remove);
  g_clear_handle_id (&watch->timeout_id, g_source_remove);
  g_clear_handle_id (&watch->flush_id, g_source_remove);
  g_clear_signal_handler (&watch->event_id, watch->server->store);
  if (watch->pending != NULL)
    g_string_free (watch->pending, TRUE);
  g_clear_object (&watch->msg);
  g_clear_pointer (&watch->labels, bn_sim_selector_free);
  g_clear_pointer (&watch->fields, bn_sim_selector_free);
  g_free (watch->namespace);
  g_free (watch);
}

static void
watch_flush (BnSimWatch *watch)
{
  SoupMessageBody *body = soup_server_message_get_response_body (watch->msg);
  gsize len = watch->pending->len;

  g_clear_handle_id (&watch->flush_id, g_source_remove);
  if (len == 0)
    return;

  soup_message_body_append (body, SOUP_MEMORY_TAKE, g_string_free (watch->pending, FALSE), len);
  watch->pending = g_string_new (NULL);
  soup_server_message_unpause (watch->msg);
}

static gboolean
flush_cb (gpointer user_data)
{
  BnSimWatch *watch = user_data;

  watch->flush_id = 0;
  watch_flush (watch);
  return G_SOURCE_REMOVE;
}

/* Events queue up and leave together once the main loop is idle: libsoup
 * writes one chunk per turn, so a chunk per event would cap a watch at a
 * few hundred events per second. Chunks need not align with events.
 */
static void
watch_send (BnSimWatch *watch,
            GString    *line)
{
  g_string_append_len (watch->pending, line->str, line->len);
  g_string_free (line, TRUE);
  if (watch->flush_id == 0 && watch->slow_ms > 0)
    watch->flush_id = g_timeout_add_full (G_PRIORITY_DEFAULT, watch->slow_ms, flush_cb, watch, NULL);
  else if (watch->flush_id == 0)
    watch->flush_id = g_idle_add_full (G_PRIORITY_DEFAULT, flush_cb, watch, NULL);
}

static void
watch_finish (BnSimWatch *watch)
{
  if (watch->done)
    return;

  watch_flush (watch);
  watch->done = TRUE;
  g_clear_handle_id (&watch->bookmark_id, g_source_remove);
  g_clear_handle_id (&watch->timeout_id, g_source_remove);
  g_clear_signal_handler (&watch->event_id, watch->server->store);
  soup_message_body_complete (soup_server_message_get_response_body (watch->msg));
  soup_server_message_unpause (watch->msg);
}

static void
append_event_object (BnSimWatch  *watch,
                     GString     *out,
                     BnSimObject *object)
{
  switch (watch->format)
    {
    case BN_SIM_FORMAT_TABLE:
      g_string_append_printf (out, "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":"
                              "{\"resourceVersion\":\"%" G_GUINT64_FORMAT "\"},", object->resource_version);
      /* Only the first event carries the headers, as upstream does. */
      if (!watch->columns_sent)
        {
          bn_sim_append_columns (out, watch->resource);
          g_string_append_c (out, ',');
          watch->columns_sent = TRUE;
        }
      g_string_append (out, "\"rows\":[");
      bn_sim_append_row (out, object, watch->include_object ? BN_SIM_INCLUDE_METADATA : BN_SIM_INCLUDE_NONE,
                         g_get_real_time () / G_USEC_PER_SEC);
      g_string_append (out, "]}");
      break;
    case BN_SIM_FORMAT_METADATA:
    case BN_SIM_FORMAT_METADATA_LIST:
      bn_sim_append_partial (out, object);
      break;
    case BN_SIM_FORMAT_JSON:
    case BN_SIM_FORMAT_NONE:
    default:
      bn_sim_object_append_full (object, out);
      break;
    }
}

static void
send_event (BnSimWatch     *watch,
            BnSimEventType  type,
            BnSimObject    *object)
{
  GString *line = g_string_sized_new (g_bytes_get_size (object->json) + 64);

  g_string_append_printf (line, "{\"type\":\"%s\",\"object\":", bn_sim_event_type_to_string (type));
  append_event_object (watch, line, object);
  g_string_append (line, "}\n");
  watch->last_rv = MAX (watch->last_rv, object->resource_version);
  watch->events_sent++;
  watch->server->served_watch_events++;
  watch_send (watch, line);

  if (watch->drop_fault != NULL && watch->events_sent >= watch->drop_after)
    {
      watch_flush (watch);
      watch->done = TRUE;
      g_clear_signal_handler (&watch->event_id, watch->server->store);
      bn_sim_drop_connection_later (watch->msg);
    }
}

static void
send_bookmark (BnSimWatch *watch,
               gboolean    initial_events_end)
{
  GString *line = g_string_new ("{\"type\":\"BOOKMARK\",\"object\":");
  g_autofree char *api_version = bn_sim_resource_dup_group_version (watch->resource);
  guint64 rv = MAX (watch->last_rv, bn_sim_store_get_resource_version (watch->server->store));

  if (watch->format == BN_SIM_FORMAT_TABLE)
    g_string_append_printf (line, "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":"
                            "{\"resourceVersion\":\"%" G_GUINT64_FORMAT "\"},\"rows\":[]}", rv);
  else
    {
      g_string_append_printf (line, "{\"kind\":\"%s\",\"apiVersion\":\"%s\",\"metadata\":"
                              "{\"resourceVersion\":\"%" G_GUINT64_FORMAT "\",\"creationTimestamp\":null",
                              watch->format == BN_SIM_FORMAT_JSON ? watch->resource->kind : "PartialObjectMetadata",
                              watch->format == BN_SIM_FORMAT_JSON ? api_version : "meta.k8s.io/v1", rv);
      if (initial_events_end)
        g_string_append (line, ",\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}");
      g_string_append (line, "}}");
    }
  g_string_append (line, "}\n");
  watch->last_rv = rv;
  watch_send (watch, line);
}

static gboolean
in_scope (BnSimWatch  *watch,
          BnSimObject *object)
{
  return object->resource == watch->resource &&
         (watch->namespace == NULL || g_str_equal (watch->namespace, object->namespace));
}

static gboolean
selected (BnSimWatch  *watch,
          BnSimObject *object)
{
  return bn_sim_selector_matches (watch->labels, object->labels) &&
         bn_sim_selector_matches (watch->fields, object->fields);
}

/* Objects moving in or out of the selection become ADDED or DELETED. */
static gboolean
deliver_event (BnSimEvent *event,
               gpointer    user_data)
{
  BnSimWatch *watch = user_data;
  gboolean now_selected, was_selected;

  if (watch->done || watch->stalled || !in_scope (watch, event->object))
    return !watch->done;

  now_selected = selected (watch, event->object);
  was_selected = event->previous != NULL && selected (watch, event->previous);

  switch (event->type)
    {
    case BN_SIM_EVENT_ADDED:
      if (now_selected)
        send_event (watch, BN_SIM_EVENT_ADDED, event->object);
      break;
    case BN_SIM_EVENT_MODIFIED:
      if (now_selected && was_selected)
        send_event (watch, BN_SIM_EVENT_MODIFIED, event->object);
      else if (now_selected)
        send_event (watch, BN_SIM_EVENT_ADDED, event->object);
      else if (was_selected)
        send_event (watch, BN_SIM_EVENT_DELETED, event->object);
      break;
    case BN_SIM_EVENT_DELETED:
      if (now_selected || was_selected)
        send_event (watch, BN_SIM_EVENT_DELETED, event->object);
      break;
    default:
      g_assert_not_reached ();
    }

  return !watch->done;
}

static void
store_event_cb (BnSimStore *store,
                BnSimEvent *event,
                BnSimWatch *watch)
{
  deliver_event (event, watch);
}

static gboolean
send_initial_cb (BnSimObject *object,
                 gpointer     user_data)
{
  BnSimWatch *watch = user_data;

  if (selected (watch, object))
    send_event (watch, BN_SIM_EVENT_ADDED, object);
  return !watch->done;
}

static gboolean
bookmark_cb (gpointer user_data)
{
  BnSimWatch *watch = user_data;

  if (!watch->done)
    send_bookmark (watch, FALSE);
  return G_SOURCE_CONTINUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  BnSimWatch *watch = user_data;

  watch->timeout_id = 0;
  if (watch->bookmarks && !watch->done)
    send_bookmark (watch, FALSE);
  watch_finish (watch);
  return G_SOURCE_REMOVE;
}

static void
finished_cb (SoupServerMessage *msg,
             BnSimWatch        *watch)
{
  g_ptr_array_remove (watch->server->watches, watch);
  watch->done = TRUE;
  g_signal_handlers_disconnect_by_data (msg, watch);
  watch_free (watch);
}

static void
reply_too_old_as_event (SoupServerMessage *msg,
                        const char        *message)
{
  GString *line = g_string_new ("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                                "\"metadata\":{},\"status\":\"Failure\",\"message\":");
  gsize len;

  bn_sim_json_append_string (line, message);
  g_string_append (line, ",\"reason\":\"Expired\",\"code\":410}}\n");
  len = line->len;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, g_string_free (line, FALSE), len);
  /* Still a stream, as upstream's error watcher: one event, then the end. */
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_CHUNKED);
  soup_message_body_complete (soup_server_message_get_response_body (msg));
}

static void
reply_too_large (SoupServerMessage *msg,
                 guint64            requested,
                 guint64            current)
{
  GString *out = g_string_new ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":");
  g_autofree char *message = g_strdup_printf ("Timeout: Too large resource version: %" G_GUINT64_FORMAT ", current: %" G_GUINT64_FORMAT,
                                              requested, current);

  bn_sim_json_append_string (out, message);
  g_string_append (out, ",\"reason\":\"Timeout\",\"details\":{\"causes\":[{\"reason\":\"ResourceVersionTooLarge\","
                   "\"message\":\"Too large resource version\"}],\"retryAfterSeconds\":1},\"code\":504}\n");
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
  bn_sim_reply_json (msg, 504, out);
}

static guint
pick_timeout (BnSimRequest *request)
{
  const char *text = bn_sim_request_get_query (request, "timeoutSeconds");
  guint64 seconds;

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &seconds, NULL) && seconds > 0)
    return seconds;
  if (request->server->watch_timeout > 0)
    return request->server->watch_timeout;
  return g_random_int_range (1800, 3600);
}

/**
 * bn_sim_watch_start:
 * @format: a #BnSimFormat
 * @include_object: whether Table rows carry their object
 *
 * Answers a `?watch=1` request with an event stream that stays open
 * until its timeout, the client leaving, or a fault.
 */
void
bn_sim_watch_start (BnSimRequest *request,
                    int           format,
                    gboolean      include_object)
{
  BnSimServer *server = request->server;
  BnSimStore *store = server->store;
  const char *rv_text = bn_sim_request_get_query (request, "resourceVersion");
  const char *send_initial = bn_sim_request_get_query (request, "sendInitialEvents");
  const char *match = bn_sim_request_get_query (request, "resourceVersionMatch");
  gboolean initial_events = send_initial != NULL && g_str_equal (send_initial, "true");
  g_autoptr(BnSimSelector) labels = NULL;
  g_autoptr(BnSimSelector) fields = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  BnSimWatch *watch;
  guint64 rv = 0;

  if ((labels = bn_sim_selector_parse_labels (bn_sim_request_get_query (request, "labelSelector"), &error)) == NULL ||
      (fields = bn_sim_selector_parse_fields (bn_sim_request_get_query (request, "fieldSelector"), &error)) == NULL)
    {
      bn_sim_reply_status (request->msg, 400, "BadRequest", error->message, NULL, NULL, NULL);
      return;
    }

  if (format == BN_SIM_FORMAT_METADATA_LIST)
    format = BN_SIM_FORMAT_METADATA;

  if (initial_events)
    {
      if (!server->watch_list)
        {
          bn_sim_reply_status (request->msg, 422, "Invalid",
                               "ListOptions.meta.k8s.io \"\" is invalid: sendInitialEvents: Forbidden: "
                               "sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled",
                               NULL, "meta.k8s.io", "ListOptions");
          return;
        }
      if (match == NULL || !g_str_equal (match, "NotOlderThan"))
        {
          bn_sim_reply_status (request->msg, 422, "Invalid",
                               "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: "
                               "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan",
                               NULL, "meta.k8s.io", "ListOptions");
          return;
        }
      if (!bn_sim_request_get_bool (request, "allowWatchBookmarks"))
        {
          bn_sim_reply_status (request->msg, 422, "Invalid",
                               "ListOptions.meta.k8s.io \"\" is invalid: allowWatchBookmarks: Required value: "
                               "allowWatchBookmarks must be set to true when sendInitialEvents is set",
                               NULL, "meta.k8s.io", "ListOptions");
          return;
        }
    }

  if (rv_text != NULL && *rv_text != '\0')
    rv = g_ascii_strtoull (rv_text, NULL, 10);

  if (rv > bn_sim_store_get_resource_version (store))
    {
      reply_too_large (request->msg, rv, bn_sim_store_get_resource_version (store));
      return;
    }

  if (!initial_events && rv > 0 && rv < bn_sim_store_get_history_floor (store))
    {
      g_autofree char *message = g_strdup_printf ("too old resource version: %" G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT ")",
                                                  rv, bn_sim_store_get_history_floor (store) + 1);

      if (server->http_410_watch)
        bn_sim_reply_status (request->msg, 410, "Expired", message, NULL, NULL, NULL);
      else
        reply_too_old_as_event (request->msg, message);
      return;
    }

  watch = g_new0 (BnSimWatch, 1);
  watch->server = server;
  watch->msg = g_object_ref (request->msg);
  watch->resource = request->resource;
  watch->namespace = g_strdup (request->namespace);
  watch->labels = g_steal_pointer (&labels);
  watch->fields = g_steal_pointer (&fields);
  watch->format = format;
  watch->include_object = include_object;
  watch->bookmarks = bn_sim_request_get_bool (request, "allowWatchBookmarks");
  watch->last_rv = rv;
  watch->pending = g_string_new (NULL);

  if (request->fault != NULL && request->fault->action == BN_SIM_FAULT_STALL)
    watch->stalled = TRUE;
  if (request->fault != NULL && request->fault->action == BN_SIM_FAULT_SLOW)
    watch->slow_ms = MAX (request->fault->delay_ms, 1);
  if (request->fault != NULL && request->fault->action == BN_SIM_FAULT_DROP)
    {
      watch->drop_fault = request->fault;
      watch->drop_after = MAX (request->fault->after_events, 1);
    }

  headers = soup_server_message_get_response_headers (request->msg);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (request->msg), FALSE);
  soup_server_message_set_status (request->msg, 200, NULL);
  g_ptr_array_add (server->watches, watch);
  g_signal_connect (request->msg, "finished", G_CALLBACK (finished_cb), watch);

  if (!watch->stalled)
    {
      if (initial_events || rv == 0)
        bn_sim_store_foreach (store, watch->resource, watch->namespace, NULL, send_initial_cb, watch);
      else
        bn_sim_store_foreach_event_since (store, rv, deliver_event, watch);

      if (initial_events && !watch->done)
        send_bookmark (watch, TRUE);
    }

  if (watch->done)
    return;

  watch->event_id = g_signal_connect (store, "event", G_CALLBACK (store_event_cb), watch);

  if (!watch->stalled)
    {
      if (watch->bookmarks && server->bookmark_interval > 0)
        watch->bookmark_id = g_timeout_add_seconds (server->bookmark_interval, bookmark_cb, watch);
      watch->timeout_id = g_timeout_add_seconds (pick_timeout (request), timeout_cb, watch);
    }

  /* Headers go out now even when no event is ready yet. */
  soup_server_message_unpause (request->msg);
}

/**
 * bn_sim_watch_stop_all:
 *
 * Ends every open watch cleanly, as a server shutting down would.
 */
void
bn_sim_watch_stop_all (BnSimServer *self)
{
  g_autoptr(GPtrArray) watches = g_ptr_array_copy (self->watches, NULL, NULL);

  for (guint i = 0; i < watches->len; i++)
    watch_finish (g_ptr_array_index (watches, i));
}
