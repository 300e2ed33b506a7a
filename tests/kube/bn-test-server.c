/* bn-test-server.c: a small loopback API server for the engine's unit tests
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bn-test-server.h"

typedef struct
{
  char  *uid;
  char  *name;
  char  *namespace;
  guint  rv;
  guint  restarts;
} Pod;

typedef struct
{
  guint  rv;
  char  *line;
} Event;

typedef struct
{
  SoupServerMessage *msg;
  guint              sent;
} Watcher;

struct _BnTestServer
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  GUri         *uri;
  gboolean      tls;
  GTlsCertificate *certificate;
  GMutex        mutex;
  GCond         cond;

  /* server thread only */
  GHashTable   *pods;
  GPtrArray    *order;
  GPtrArray    *history;
  GPtrArray    *watchers;
  GPtrArray    *requests;
  char         *token;
  guint         rv;
  guint         compacted_rv;
  guint         next_id;
  guint         fail_status;
  guint         fail_times;
  char         *fail_retry_after;
  gboolean      fail_plain;
  gboolean      forbid;
  gboolean      stall;
};

typedef struct
{
  BnTestServer *self;
  void        (*func) (BnTestServer *self, gpointer data);
  gpointer      data;
  gboolean      done;
} SyncCall;

static void
pod_free (gpointer data)
{
  Pod *pod = data;

  g_free (pod->uid);
  g_free (pod->name);
  g_free (pod->namespace);
  g_free (pod);
}

static void
event_free (gpointer data)
{
  Event *event = data;

  g_free (event->line);
  g_free (event);
}

void
bn_test_request_free (BnTestRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_free (request->authorization);
  g_free (request->user_agent);
  g_free (request->accept_encoding);
  g_free (request);
}

static BnTestRequest *
request_copy (const BnTestRequest *request)
{
  BnTestRequest *copy = g_new0 (BnTestRequest, 1);

  copy->method = g_strdup (request->method);
  copy->path = g_strdup (request->path);
  copy->query = g_strdup (request->query);
  copy->authorization = g_strdup (request->authorization);
  copy->user_agent = g_strdup (request->user_agent);
  copy->accept_encoding = g_strdup (request->accept_encoding);
  return copy;
}

static gboolean
run_sync_cb (gpointer data)
{
  SyncCall *call = data;

  call->func (call->self, call->data);
  g_mutex_lock (&call->self->mutex);
  call->done = TRUE;
  g_cond_broadcast (&call->self->cond);
  g_mutex_unlock (&call->self->mutex);
  return G_SOURCE_REMOVE;
}

static void
run_sync (BnTestServer *self,
          void        (*func) (BnTestServer *, gpointer),
          gpointer      data)
{
  SyncCall call = { self, func, data, FALSE };

  g_main_context_invoke (self->context, run_sync_cb, &call);
  g_mutex_lock (&self->mutex);
  while (!call.done)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);
}

/* Objects ***************************************************************************************/

static char *
pod_json (const Pod *pod,
          gboolean   with_kind)
{
  return g_strdup_printf ("{%s\"metadata\":{\"name\":\"%s\",\"namespace\":\"%s\",\"uid\":\"%s\","
                          "\"resourceVersion\":\"%u\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\","
                          "\"labels\":{\"app\":\"web\"},\"managedFields\":[{\"manager\":\"kubelet\","
                          "\"operation\":\"Update\",\"fieldsV1\":{\"f:status\":{}}}]},"
                          "\"spec\":{\"nodeName\":\"node-1\",\"containers\":[{\"name\":\"app\",\"image\":\"nginx\"}]},"
                          "\"status\":{\"phase\":\"Running\",\"podIP\":\"10.0.0.1\",\"containerStatuses\":"
                          "[{\"name\":\"app\",\"ready\":true,\"restartCount\":%u}]}}",
                          with_kind ? "\"kind\":\"Pod\",\"apiVersion\":\"v1\"," : "",
                          pod->name, pod->namespace, pod->uid, pod->rv, pod->restarts);
}

static void
broadcast (BnTestServer *self,
           const char   *type,
           const Pod    *pod)
{
  g_autofree char *object = pod_json (pod, TRUE);
  Event *event = g_new0 (Event, 1);

  event->rv = pod->rv;
  event->line = g_strdup_printf ("{\"type\":\"%s\",\"object\":%s}\n", type, object);
  g_ptr_array_add (self->history, event);

  for (guint i = 0; !self->stall && i < self->watchers->len; i++)
    {
      Watcher *watcher = g_ptr_array_index (self->watchers, i);
      SoupMessageBody *body = soup_server_message_get_response_body (watcher->msg);

      soup_message_body_append (body, SOUP_MEMORY_COPY, event->line, strlen (event->line));
      soup_server_message_unpause (watcher->msg);
    }
}

static void
add_pods_in_server (BnTestServer *self,
                    gpointer      data)
{
  guint count = GPOINTER_TO_UINT (data);

  for (guint i = 0; i < count; i++)
    {
      Pod *pod = g_new0 (Pod, 1);
      guint id = self->next_id++;

      pod->uid = g_strdup_printf ("00000000-0000-0000-0000-%012u", id);
      pod->name = g_strdup_printf ("pod-%05u", id);
      pod->namespace = g_strdup_printf ("ns-%u", id % 7);
      pod->rv = ++self->rv;
      g_hash_table_insert (self->pods, pod->uid, pod);
      g_ptr_array_add (self->order, pod);
      broadcast (self, "ADDED", pod);
    }
}

static void
modify_pods_in_server (BnTestServer *self,
                       gpointer      data)
{
  guint count = GPOINTER_TO_UINT (data);

  for (guint i = 0; i < count && self->order->len > 0; i++)
    {
      Pod *pod = g_ptr_array_index (self->order, g_random_int_range (0, self->order->len));

      pod->restarts++;
      pod->rv = ++self->rv;
      broadcast (self, "MODIFIED", pod);
    }
}

static void
delete_pods_in_server (BnTestServer *self,
                       gpointer      data)
{
  guint count = GPOINTER_TO_UINT (data);

  for (guint i = 0; i < count && self->order->len > 0; i++)
    {
      Pod *pod = g_ptr_array_steal_index (self->order, g_random_int_range (0, self->order->len));

      pod->rv = ++self->rv;
      broadcast (self, "DELETED", pod);
      g_hash_table_steal (self->pods, pod->uid);
      pod_free (pod);
    }
}

static void
compact_in_server (BnTestServer *self,
                   gpointer      data)
{
  g_ptr_array_set_size (self->history, 0);
  self->compacted_rv = self->rv;
}

static void
drop_watches_in_server (BnTestServer *self,
                        gpointer      data)
{
  g_autoptr(GPtrArray) watchers = g_steal_pointer (&self->watchers);

  self->watchers = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < watchers->len; i++)
    {
      Watcher *watcher = g_ptr_array_index (watchers, i);
      GSocket *socket = soup_server_message_get_socket (watcher->msg);

      /* abruptly, without the final chunk: what a dying proxy does */
      if (socket != NULL)
        g_socket_shutdown (socket, TRUE, TRUE, NULL);
      soup_server_message_unpause (watcher->msg);
    }
}

typedef struct
{
  guint    add;
  guint    modify;
  guint    delete_;
  gboolean compact;
} BreakArgs;

/* The watches go first, so what follows is missed by the client and has to be found again. */
static void
break_watches_in_server (BnTestServer *self,
                         gpointer      data)
{
  BreakArgs *args = data;

  drop_watches_in_server (self, NULL);
  add_pods_in_server (self, GUINT_TO_POINTER (args->add));
  modify_pods_in_server (self, GUINT_TO_POINTER (args->modify));
  delete_pods_in_server (self, GUINT_TO_POINTER (args->delete_));
  if (args->compact)
    compact_in_server (self, NULL);
}

static void
stall_in_server (BnTestServer *self,
                 gpointer      data)
{
  self->stall = GPOINTER_TO_INT (data);
}

/* Answers ***************************************************************************************/

static void
respond_status (SoupServerMessage *msg,
                guint              code,
                const char        *reason,
                const char        *message)
{
  g_autofree char *body = g_strdup_printf ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                                           "\"status\":\"Failure\",\"message\":\"%s\",\"reason\":\"%s\","
                                           "\"code\":%u}", message, reason, code);

  soup_server_message_set_status (msg, code, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
serve_list (BnTestServer      *self,
            SoupServerMessage *msg,
            GHashTable        *query)
{
  const char *limit_s = query ? g_hash_table_lookup (query, "limit") : NULL;
  const char *cont = query ? g_hash_table_lookup (query, "continue") : NULL;
  guint limit = limit_s ? (guint) g_ascii_strtoull (limit_s, NULL, 10) : 0;
  guint start = 0;
  guint list_rv = self->rv;
  GString *out = g_string_new (NULL);
  guint end;

  if (cont != NULL && sscanf (cont, "%u-%u", &list_rv, &start) != 2)
    {
      g_string_free (out, TRUE);
      respond_status (msg, 400, "BadRequest", "invalid continue token");
      return;
    }
  if (cont != NULL && list_rv < self->compacted_rv)
    {
      g_string_free (out, TRUE);
      respond_status (msg, 410, "Expired", "The provided continue parameter is too old to display a "
                      "consistent list result. You can start a new list without the continue parameter.");
      return;
    }

  end = limit == 0 ? self->order->len : MIN (self->order->len, start + limit);
  g_string_append (out, "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{");
  g_string_append_printf (out, "\"resourceVersion\":\"%u\"", list_rv);
  if (end < self->order->len)
    g_string_append_printf (out, ",\"continue\":\"%u-%u\"", list_rv, end);
  g_string_append (out, "},\"items\":[");
  for (guint i = start; i < end; i++)
    {
      g_autofree char *json = pod_json (g_ptr_array_index (self->order, i), FALSE);

      if (i > start)
        g_string_append_c (out, ',');
      g_string_append (out, json);
    }
  g_string_append (out, "]}");

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    out->str, out->len);
  g_string_free (out, FALSE);
}

static void
on_watch_finished_cb (SoupServerMessage *msg,
                      gpointer           data)
{
  BnTestServer *self = data;

  for (guint i = 0; i < self->watchers->len; i++)
    {
      Watcher *watcher = g_ptr_array_index (self->watchers, i);

      if (watcher->msg == msg)
        {
          g_ptr_array_remove_index_fast (self->watchers, i);
          break;
        }
    }
}

static void
serve_watch (BnTestServer      *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  const char *rv_s = g_hash_table_lookup (query, "resourceVersion");
  guint from = rv_s ? (guint) g_ascii_strtoull (rv_s, NULL, 10) : 0;
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  Watcher *watcher;

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "application/json", NULL);

  if (from < self->compacted_rv)
    {
      g_autofree char *line = g_strdup_printf ("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\","
                                               "\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                                               "\"message\":\"too old resource version: %u (%u)\","
                                               "\"reason\":\"Expired\",\"code\":410}}\n",
                                               from, self->compacted_rv);

      soup_message_body_append (body, SOUP_MEMORY_COPY, line, strlen (line));
      soup_message_body_complete (body);
      return;
    }

  for (guint i = 0; i < self->history->len; i++)
    {
      Event *event = g_ptr_array_index (self->history, i);

      if (event->rv > from)
        soup_message_body_append (body, SOUP_MEMORY_COPY, event->line, strlen (event->line));
    }

  watcher = g_new0 (Watcher, 1);
  watcher->msg = msg;
  g_ptr_array_add (self->watchers, watcher);
  g_signal_connect (msg, "finished", G_CALLBACK (on_watch_finished_cb), self);
}

static gboolean
is_pods_path (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (g_str_equal (path, "/api/v1/pods"))
    return TRUE;
  parts = g_strsplit (path, "/", -1);
  return g_strv_length (parts) == 6 && g_str_equal (parts[3], "namespaces") && g_str_equal (parts[5], "pods");
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           data)
{
  BnTestServer *self = data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  BnTestRequest *request = g_new0 (BnTestRequest, 1);

  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
  request->authorization = g_strdup (auth);
  request->user_agent = g_strdup (soup_message_headers_get_one (headers, "User-Agent"));
  request->accept_encoding = g_strdup (soup_message_headers_get_one (headers, "Accept-Encoding"));
  g_ptr_array_add (self->requests, request);

  if (self->token != NULL)
    {
      g_autofree char *expected = g_strconcat ("Bearer ", self->token, NULL);

      if (g_strcmp0 (auth, expected) != 0)
        {
          respond_status (msg, 401, "Unauthorized", "Unauthorized");
          return;
        }
    }

  if (self->fail_times > 0)
    {
      self->fail_times--;
      if (self->fail_retry_after != NULL)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Retry-After", self->fail_retry_after);
      if (self->fail_plain)
        {
          const char *text = "Too many requests, please try again later.\n";

          soup_server_message_set_status (msg, self->fail_status, NULL);
          soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_STATIC,
                                            text, strlen (text));
        }
      else
        respond_status (msg, self->fail_status, self->fail_status == 429 ? "TooManyRequests" : "InternalError",
                        self->fail_status == 429 ? "slow down" : "Internal error occurred: injected");
      return;
    }

  if (g_str_equal (method, "POST") && g_str_has_suffix (path, "selfsubjectaccessreviews"))
    {
      const char *body = "{\"kind\":\"SelfSubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\","
                         "\"status\":{\"allowed\":true}}";

      soup_server_message_set_status (msg, 201, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
      return;
    }

  if (!is_pods_path (path))
    {
      respond_status (msg, 404, "NotFound", "the server could not find the requested resource");
      return;
    }

  if (!g_str_equal (method, "GET"))
    {
      respond_status (msg, 405, "MethodNotAllowed", "not in this fixture");
      return;
    }

  if (self->forbid)
    {
      respond_status (msg, 403, "Forbidden",
                      "pods is forbidden: User \\\"viewer\\\" cannot list resource \\\"pods\\\" "
                      "in API group \\\"\\\" at the cluster scope");
      return;
    }

  if (query != NULL && g_strcmp0 (g_hash_table_lookup (query, "watch"), "true") == 0)
    serve_watch (self, msg, query);
  else
    serve_list (self, msg, query);
}

/* Lifetime **************************************************************************************/

static gpointer
server_main (gpointer data)
{
  BnTestServer *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) cert = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);

  if (self->certificate != NULL)
    cert = g_object_ref (self->certificate);
  else if (self->tls)
    {
      g_autofree char *pem = g_test_build_filename (G_TEST_DIST, "kube", "data", "server.pem", NULL);

      cert = g_tls_certificate_new_from_file (pem, &error);
      g_assert_no_error (error);
    }
  self->server = soup_server_new ("tls-certificate", cert, NULL);
  soup_server_add_handler (self->server, NULL, on_request_cb, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY |
                            (self->tls ? SOUP_SERVER_LISTEN_HTTPS : 0), &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (self->server);
  g_mutex_lock (&self->mutex);
  self->uri = g_uri_ref (uris->data);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (self->loop);

  g_ptr_array_set_size (self->watchers, 0);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  /* connections closing (ours and the client's) need a few turns to let go of their sockets */
  for (gint64 end = g_get_monotonic_time () + 100 * 1000; g_get_monotonic_time () < end;)
    if (!g_main_context_iteration (self->context, FALSE))
      g_usleep (1000);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static BnTestServer *
start_server (gboolean         tls,
              GTlsCertificate *certificate)
{
  BnTestServer *self = g_new0 (BnTestServer, 1);

  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->tls = tls;
  self->certificate = certificate ? g_object_ref (certificate) : NULL;
  self->pods = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, pod_free);
  self->order = g_ptr_array_new ();
  self->history = g_ptr_array_new_with_free_func (event_free);
  self->watchers = g_ptr_array_new_with_free_func (g_free);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_test_request_free);
  self->rv = 1000;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("test-server", server_main, self);

  g_mutex_lock (&self->mutex);
  while (self->uri == NULL)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);
  return self;
}

/**
 * bn_test_server_new:
 * @tls: whether to serve HTTPS, with tests/kube/data/server.pem (issued by data/ca.crt)
 *
 * Returns: a running server on 127.0.0.1
 */
BnTestServer *
bn_test_server_new (gboolean tls)
{
  return start_server (tls, NULL);
}

/**
 * bn_test_server_new_with_certificate:
 * @certificate: the server's certificate, with its key
 *
 * Returns: a running HTTPS server on 127.0.0.1 that presents @certificate; its cluster info
 *   names no CA
 */
BnTestServer *
bn_test_server_new_with_certificate (GTlsCertificate *certificate)
{
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  return start_server (TRUE, certificate);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
bn_test_server_free (BnTestServer *self)
{
  g_main_context_invoke (self->context, quit_cb, self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_uri_unref (self->uri);
  g_ptr_array_unref (self->order);
  g_hash_table_unref (self->pods);
  g_ptr_array_unref (self->history);
  g_ptr_array_unref (self->watchers);
  g_ptr_array_unref (self->requests);
  g_free (self->token);
  g_free (self->fail_retry_after);
  g_clear_object (&self->certificate);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}

BnClusterInfo *
bn_test_server_cluster_info (BnTestServer *self)
{
  BnClusterInfo *info = bn_cluster_info_new ();
  g_autofree char *ca = g_test_build_filename (G_TEST_DIST, "kube", "data", "ca.crt", NULL);
  g_autofree char *uri = g_uri_to_string (self->uri);

  info->name = g_strdup ("test");
  info->server = g_strndup (uri, strlen (uri) - (g_str_has_suffix (uri, "/") ? 1 : 0));
  if (self->tls && self->certificate == NULL)
    info->certificate_authority = g_steal_pointer (&ca);
  return info;
}

BnAuthInfo *
bn_test_server_auth_info (BnTestServer *self)
{
  BnAuthInfo *info = bn_auth_info_new ();

  info->name = g_strdup ("tester");
  info->token = g_strdup (self->token);
  return info;
}

static void
set_token_in_server (BnTestServer *self,
                     gpointer      data)
{
  g_free (self->token);
  self->token = g_strdup (data);
}

void
bn_test_server_set_token (BnTestServer *self,
                          const char   *token)
{
  run_sync (self, set_token_in_server, (gpointer) token);
}

void
bn_test_server_add_pods (BnTestServer *self,
                         guint         count)
{
  run_sync (self, add_pods_in_server, GUINT_TO_POINTER (count));
}

void
bn_test_server_modify_pods (BnTestServer *self,
                            guint         count)
{
  run_sync (self, modify_pods_in_server, GUINT_TO_POINTER (count));
}

void
bn_test_server_delete_pods (BnTestServer *self,
                            guint         count)
{
  run_sync (self, delete_pods_in_server, GUINT_TO_POINTER (count));
}

void
bn_test_server_compact (BnTestServer *self)
{
  run_sync (self, compact_in_server, NULL);
}

void
bn_test_server_drop_watches (BnTestServer *self)
{
  run_sync (self, drop_watches_in_server, NULL);
}

void
bn_test_server_break_watches (BnTestServer *self,
                              guint         add,
                              guint         modify,
                              guint         delete_,
                              gboolean      compact)
{
  BreakArgs args = { add, modify, delete_, compact };

  run_sync (self, break_watches_in_server, &args);
}

void
bn_test_server_stall_watches (BnTestServer *self,
                              gboolean      stall)
{
  run_sync (self, stall_in_server, GINT_TO_POINTER (stall));
}

typedef struct
{
  guint       status;
  guint       times;
  const char *retry_after;
  gboolean    plain;
} FailArgs;

static void
fail_next_in_server (BnTestServer *self,
                     gpointer      data)
{
  FailArgs *args = data;

  self->fail_status = args->status;
  self->fail_times = args->times;
  g_free (self->fail_retry_after);
  self->fail_retry_after = g_strdup (args->retry_after);
  self->fail_plain = args->plain;
}

void
bn_test_server_fail_next (BnTestServer *self,
                          guint         status,
                          guint         times,
                          const char   *retry_after,
                          gboolean      plain_text)
{
  FailArgs args = { status, times, retry_after, plain_text };

  run_sync (self, fail_next_in_server, &args);
}

static void
forbid_in_server (BnTestServer *self,
                  gpointer      data)
{
  self->forbid = GPOINTER_TO_INT (data);
}

void
bn_test_server_forbid_pods (BnTestServer *self,
                            gboolean      forbid)
{
  run_sync (self, forbid_in_server, GINT_TO_POINTER (forbid));
}

static void
dup_store_in_server (BnTestServer *self,
                     gpointer      data)
{
  GHashTable *out = data;
  GHashTableIter iter;
  Pod *pod;

  g_hash_table_iter_init (&iter, self->pods);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &pod))
    g_hash_table_insert (out, g_strdup (pod->uid), g_strdup_printf ("%u", pod->rv));
}

/**
 * bn_test_server_dup_store:
 *
 * Returns: uid → resourceVersion of every pod
 */
GHashTable *
bn_test_server_dup_store (BnTestServer *self)
{
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  run_sync (self, dup_store_in_server, out);
  return out;
}

static void
dup_requests_in_server (BnTestServer *self,
                        gpointer      data)
{
  GPtrArray *out = data;

  for (guint i = 0; i < self->requests->len; i++)
    g_ptr_array_add (out, request_copy (g_ptr_array_index (self->requests, i)));
}

GPtrArray *
bn_test_server_dup_requests (BnTestServer *self)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_test_request_free);

  run_sync (self, dup_requests_in_server, out);
  return out;
}

guint
bn_test_server_count_requests (BnTestServer *self,
                               const char   *method,
                               const char   *path_prefix,
                               const char   *query_part)
{
  g_autoptr(GPtrArray) requests = bn_test_server_dup_requests (self);
  guint count = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      BnTestRequest *request = g_ptr_array_index (requests, i);

      if ((method == NULL || g_str_equal (request->method, method)) &&
          (path_prefix == NULL || g_str_has_prefix (request->path, path_prefix)) &&
          (query_part == NULL || (request->query && strstr (request->query, query_part))))
        count++;
    }
  return count;
}

/* libsoup 3.2's SoupServer keeps the sockets it accepted and its listener's address after
 * soup_server_disconnect(). Only this in-process test server runs a SoupServer, so these frames
 * are server-side; nothing of the client is hidden. The sanitizers pick these functions up;
 * the slow unwinder is needed to see past libsoup, which has no frame pointers. */
const char *__lsan_default_suppressions (void);
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0:malloc_context_size=30";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:g_socket_accept\n"
         "leak:soup_server_listen_local\n";
}
