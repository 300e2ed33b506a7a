/* bn-api-client.c: one cluster's HTTP session, its worker thread and its read-only guard
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "bn-api-client-private.h"
#include "bn-credentials.h"
#include "bn-kube-error.h"

#define MAX_ATTEMPTS          5
#define RETRY_BASE_MS         200
#define RETRY_CAP_MS          5000
#define RETRY_AFTER_CAP_S     60
#define ERROR_BODY_LIMIT      (64 * 1024)
#define ERROR_MESSAGE_LIMIT   1024
#define WORKER_NICE           10

/* Everything below "worker only" is touched by the worker thread alone. */
struct _BnApiClient
{
  GObject          parent_instance;

  BnClusterInfo   *cluster;
  GUri            *base_uri;
  char            *base_path;
  GList           *ca_certificates;
  BnCredentials   *credentials;
  char            *user_agent;

  GThread         *thread;
  GThread         *worker;             /* the same thread, kept after joining for identity checks */
  GMainContext    *context;
  GMainLoop       *loop;
  gint             locked;
  gint             requests_sent;
  guint            shut_down : 1;
  gint             closing;

  /* worker only */
  SoupSession     *session;
  GHashTable      *active;
};

G_DEFINE_FINAL_TYPE (BnApiClient, bn_api_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One request as the worker runs it, through its retries. */
typedef struct
{
  BnApiClient  *client;
  char         *method;
  char         *path;
  char         *accept;
  GBytes       *body;
  BnSendMode    mode;
  SoupMessage  *msg;
  GSource      *wait_source;
  gulong        cancelled_id;
  guint         attempt;
  guint         retry_after;
  gboolean      refreshed;
} SendOp;

static void send_attempt (GTask *task);

static void
send_op_free (gpointer data)
{
  SendOp *op = data;

  g_clear_object (&op->msg);
  g_clear_pointer (&op->method, g_free);
  g_clear_pointer (&op->path, g_free);
  g_clear_pointer (&op->accept, g_free);
  g_clear_pointer (&op->body, g_bytes_unref);
  if (op->wait_source != NULL)
    {
      g_source_destroy (op->wait_source);
      g_clear_pointer (&op->wait_source, g_source_unref);
    }
  g_free (op);
}

/* The guard ************************************************************************************/

static const char * const review_paths[] = {
  "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
  "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
  "/apis/authentication.k8s.io/v1/selfsubjectreviews",
  "/apis/authentication.k8s.io/v1beta1/selfsubjectreviews",
  "/apis/authentication.k8s.io/v1alpha1/selfsubjectreviews",
};

static gboolean
is_review_path (const char *path)
{
  g_autofree char *bare = NULL;
  const char *query = strchr (path, '?');

  bare = query ? g_strndup (path, query - path) : g_strdup (path);
  for (guint i = 0; i < G_N_ELEMENTS (review_paths); i++)
    if (g_str_equal (bare, review_paths[i]))
      return TRUE;
  return FALSE;
}

/**
 * bn_api_client_allows:
 * @self: a #BnApiClient
 * @method: an HTTP method
 * @path: an API path, with or without a query
 *
 * Says whether the read-only guard lets @method on @path through. While the cluster is locked
 * only GET and the POSTs of the self-subject reviews (which change nothing) may leave.
 *
 * Returns: %TRUE if the request may be sent
 */
gboolean
bn_api_client_allows (BnApiClient *self,
                      const char  *method,
                      const char  *path)
{
  g_return_val_if_fail (BN_IS_API_CLIENT (self), FALSE);
  g_return_val_if_fail (method != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_atomic_int_get (&self->locked))
    return TRUE;
  if (g_str_equal (method, "GET"))
    return TRUE;
  if (g_str_equal (method, "POST") && is_review_path (path))
    return TRUE;
  return FALSE;
}

/* Errors *****************************************************************************************/

static char *
trim_message (const char *text,
              gsize       len)
{
  g_autofree char *valid = g_utf8_make_valid (text, MIN (len, ERROR_MESSAGE_LIMIT));

  return g_strstrip (g_steal_pointer (&valid));
}

static const char *
default_message (guint status)
{
  switch (status)
    {
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "the server could not find the requested resource";
    case 429: return "the server has received too many requests and has asked us to try again later";
    case 500: return "an error on the server has prevented the request from succeeding";
    case 503: return "the server is currently unable to handle the request";
    case 504: return "the server was unable to return a response in the time allotted";
    default:  return "the server rejected the request";
    }
}

/*
 * _bn_api_client_error_from_body:
 *
 * Turns a failed response into a %BN_KUBE_ERROR error that keeps the HTTP status and the
 * Status reason (bn_kube_error_get_status_reason()). A `Status` body gives the message and the
 * reason; anything else — such as the plain-text body of a 429 from API Priority and Fairness —
 * is used as text, with the reason client-go gives its status.
 */
GError *
_bn_api_client_error_from_body (guint       status,
                                const char *content_type,
                                GBytes     *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *text = NULL;
  const char *data = NULL;
  const char *generic_reason = bn_kube_error_reason_for_http_status (status);
  gsize len = 0;
  BnKubeError code = bn_kube_error_from_http_status (status);

  if (body != NULL)
    data = g_bytes_get_data (body, &len);

  if (len > 0 && json_parser_load_from_data (parser, data, len, NULL))
    {
      JsonNode *root = json_parser_get_root (parser);

      if (JSON_NODE_HOLDS_OBJECT (root))
        {
          JsonObject *obj = json_node_get_object (root);
          const char *message = json_object_get_string_member_with_default (obj, "message", NULL);
          const char *reason = json_object_get_string_member_with_default (obj, "reason", NULL);

          if (g_strcmp0 (reason, "Expired") == 0 || g_strcmp0 (reason, "Gone") == 0)
            code = BN_KUBE_ERROR_GONE;
          if (message != NULL && *message != '\0')
            return bn_kube_error_new_from_status (code, status, reason, message);
          if (reason != NULL && *reason != '\0')
            {
              g_autofree char *fallback = g_strdup_printf ("%s (%u)", reason, status);

              return bn_kube_error_new_from_status (code, status, reason, fallback);
            }
        }
    }

  if (len > 0)
    text = trim_message (data, len);
  if (text != NULL && *text != '\0' && (content_type == NULL || !g_str_has_prefix (content_type, "text/html")))
    return bn_kube_error_new_from_status (code, status, generic_reason, text);

  return bn_kube_error_new_from_status (code, status, generic_reason, default_message (status));
}

static guint
parse_retry_after (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                     "Retry-After");
  guint64 seconds = 0;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &seconds, NULL))
    return 0;
  return MIN (seconds, RETRY_AFTER_CAP_S);
}

/* TLS *******************************************************************************************/

static gboolean
has_tls_server_name (BnApiClient *self)
{
  return self->cluster->tls_server_name != NULL && *self->cluster->tls_server_name != '\0';
}

static gboolean
on_accept_certificate_cb (SoupMessage          *msg,
                          GTlsCertificate      *peer,
                          GTlsCertificateFlags  errors,
                          gpointer              user_data)
{
  BnApiClient *self = user_data;
  g_autoptr(GSocketConnectable) identity = NULL;
  const char *host;

  if (self->cluster->insecure_skip_tls_verify)
    return TRUE;
  if (self->ca_certificates == NULL)
    return FALSE;

  host = has_tls_server_name (self) ? self->cluster->tls_server_name : g_uri_get_host (self->base_uri);
  identity = g_network_address_new (host, 0);

  for (const GList *l = self->ca_certificates; l != NULL; l = l->next)
    {
      GTlsCertificateFlags flags = g_tls_certificate_verify (peer, identity, l->data);

      if (flags == 0)
        return TRUE;
    }
  return FALSE;
}

/* kubectl sends tls-server-name as the TLS server name (SNI) too, which matters behind
 * proxies that route by it; libsoup would send the host of the URL, or nothing for an IP. */
static void
on_network_event_cb (SoupMessage        *msg,
                     GSocketClientEvent  event,
                     GIOStream          *connection,
                     gpointer            user_data)
{
  BnApiClient *self = user_data;
  g_autoptr(GSocketConnectable) identity = NULL;

  if (event != G_SOCKET_CLIENT_TLS_HANDSHAKING || !G_IS_TLS_CLIENT_CONNECTION (connection))
    return;

  identity = g_network_address_new (self->cluster->tls_server_name,
                                    (guint16) MAX (g_uri_get_port (self->base_uri), 0));
  g_tls_client_connection_set_server_identity (G_TLS_CLIENT_CONNECTION (connection), identity);
}

static GList *
parse_ca_certificates (BnClusterInfo  *cluster,
                       GError        **error)
{
  g_autofree char *pem = NULL;
  GList *list = NULL;
  const char *cursor;

  if (cluster->certificate_authority_data != NULL)
    pem = g_strndup (g_bytes_get_data (cluster->certificate_authority_data, NULL),
                     g_bytes_get_size (cluster->certificate_authority_data));
  else if (cluster->certificate_authority != NULL)
    {
      if (!g_file_get_contents (cluster->certificate_authority, &pem, NULL, error))
        return NULL;
    }
  else
    return NULL;

  /* g_tls_certificate_new_from_pem() reads the first certificate only: walk the bundle */
  cursor = pem;
  while ((cursor = strstr (cursor, "-----BEGIN CERTIFICATE-----")) != NULL)
    {
      const char *end = strstr (cursor, "-----END CERTIFICATE-----");
      GTlsCertificate *cert;

      if (end == NULL)
        break;
      end += strlen ("-----END CERTIFICATE-----");
      cert = g_tls_certificate_new_from_pem (cursor, end - cursor, NULL);
      if (cert != NULL)
        list = g_list_append (list, cert);
      cursor = end;
    }

  if (list == NULL)
    g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG,
                 "The certificate authority of cluster “%s” holds no readable certificate",
                 cluster->name ? cluster->name : "");
  return list;
}

/* The worker ************************************************************************************/

static SoupSession *
create_session (BnApiClient *self)
{
  SoupSession *session;

  session = soup_session_new_with_options ("max-conns", 64,
                                           "max-conns-per-host", 32,
                                           "timeout", 0,
                                           "idle-timeout", 90,
                                           "user-agent", self->user_agent,
                                           NULL);

  if (self->cluster->proxy_url != NULL && *self->cluster->proxy_url != '\0')
    {
      g_autoptr(GProxyResolver) resolver = g_simple_proxy_resolver_new (self->cluster->proxy_url, NULL);

      soup_session_set_proxy_resolver (session, resolver);
    }

  /* With a cluster CA only that CA is trusted: no database means every certificate goes through
   * accept-certificate, where it is verified against the CA. */
  if (self->ca_certificates != NULL || self->cluster->insecure_skip_tls_verify)
    soup_session_set_tls_database (session, NULL);

  if (self->cluster->disable_compression)
    soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);

  return session;
}

/* The main thread draws the frames and applies what the workers send; on a machine with few
 * cores a worker busy with a burst of events must not delay it. Linux gives each thread its
 * own nice value, inherited from the thread that made it: raising it by WORKER_NICE lowers
 * only this thread, which needs no privilege. */
static void
lower_worker_priority (void)
{
#ifdef __linux__
  id_t tid = (id_t) syscall (SYS_gettid);
  int nice_value;

  errno = 0;
  nice_value = getpriority (PRIO_PROCESS, tid);
  if (errno == 0 && setpriority (PRIO_PROCESS, tid, MIN (19, nice_value + WORKER_NICE)) != 0)
    g_debug ("Could not lower the priority of a cluster worker: %s", g_strerror (errno));
#endif
}

static gpointer
worker_main (gpointer data)
{
  BnApiClient *self = data;

  lower_worker_priority ();
  g_main_context_push_thread_default (self->context);

  self->session = create_session (self);
  self->active = g_hash_table_new (NULL, NULL);

  g_main_loop_run (self->loop);

  /* Cancelled operations finish through their callbacks: let them all run before the session
   * goes away, then once more for what the session's teardown schedules. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_clear_object (&self->session);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  {
    g_autoptr(GList) left = g_hash_table_get_keys (self->active);

    g_list_free_full (g_steal_pointer (&left), g_object_unref);
    g_clear_pointer (&self->active, g_hash_table_unref);
  }

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
worker_shutdown_cb (gpointer data)
{
  BnApiClient *self = data;
  g_autoptr(GList) cancellables = g_hash_table_get_keys (self->active);

  g_atomic_int_set (&self->closing, TRUE);
  for (const GList *l = cancellables; l != NULL; l = l->next)
    g_cancellable_cancel (l->data);
  soup_session_abort (self->session);
  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

/**
 * bn_api_client_shutdown:
 * @self: a #BnApiClient
 *
 * Cancels every request and watch of the cluster inside its worker, tears the session down
 * there and joins the worker. Call it from the thread that created @self; it is called for you
 * when @self is finalized. Requests made afterwards fail with %G_IO_ERROR_CLOSED.
 */
void
bn_api_client_shutdown (BnApiClient *self)
{
  g_return_if_fail (BN_IS_API_CLIENT (self));
  g_return_if_fail (!_bn_api_client_in_worker (self));

  if (self->shut_down)
    return;
  self->shut_down = TRUE;

  g_main_context_invoke (self->context, worker_shutdown_cb, self);
  g_thread_join (g_steal_pointer (&self->thread));
}

GMainContext *
_bn_api_client_get_worker_context (BnApiClient *self)
{
  return self->context;
}

gboolean
_bn_api_client_in_worker (BnApiClient *self)
{
  return g_thread_self () == self->worker;
}

/**
 * _bn_api_client_invoke:
 *
 * Runs @func in the worker. Unlike g_main_context_invoke() it never runs @func on the spot when
 * called from the worker itself, so callers get one ordering either way.
 */
void
_bn_api_client_invoke (BnApiClient    *self,
                       GSourceFunc     func,
                       gpointer        data,
                       GDestroyNotify  notify)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[binnacle] worker invoke");
  g_source_attach (source, self->context);
}

/* Sending (worker) ******************************************************************************/

/* The worker keeps every cancellable in use (with a use count) so shutting down can cancel them. */
void
_bn_api_client_track (BnApiClient  *self,
       GCancellable *cancellable)
{
  guint count;

  if (cancellable == NULL || self->active == NULL)
    return;
  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->active, cancellable));
  if (count == 0)
    g_object_ref (cancellable);
  g_hash_table_insert (self->active, cancellable, GUINT_TO_POINTER (count + 1));
}

void
_bn_api_client_untrack (BnApiClient  *self,
         GCancellable *cancellable)
{
  guint count;

  if (cancellable == NULL || self->active == NULL)
    return;
  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->active, cancellable));
  if (count > 1)
    {
      g_hash_table_insert (self->active, cancellable, GUINT_TO_POINTER (count - 1));
      return;
    }
  if (g_hash_table_remove (self->active, cancellable))
    g_object_unref (cancellable);
}

static void
send_op_return (GTask    *task,
                gpointer  value,
                GError   *error)
{
  SendOp *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (op->cancelled_id != 0)
    {
      g_cancellable_disconnect (cancellable, op->cancelled_id);
      op->cancelled_id = 0;
    }
  _bn_api_client_untrack (op->client, cancellable);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, op->mode == BN_SEND_READ ? (GDestroyNotify) g_bytes_unref
                                                                 : g_object_unref);
}

static guint
backoff_ms (guint attempt)
{
  guint base = MIN (RETRY_CAP_MS, RETRY_BASE_MS << MIN (attempt, 10));

  /* full jitter on top, so many clients retrying at once spread out */
  return base + g_random_int_range (0, base + 1);
}

static gboolean
on_wait_done_cb (gpointer data)
{
  GTask *task = data;
  SendOp *op = g_task_get_task_data (task);

  g_clear_pointer (&op->wait_source, g_source_unref);
  send_attempt (task);
  return G_SOURCE_REMOVE;
}

static void
retry_later (GTask *task,
             guint  delay_ms)
{
  SendOp *op = g_task_get_task_data (task);

  op->wait_source = g_timeout_source_new (delay_ms);
  g_source_set_static_name (op->wait_source, "[binnacle] request retry");
  g_source_set_callback (op->wait_source, on_wait_done_cb, task, NULL);
  g_source_attach (op->wait_source, g_main_context_get_thread_default ());
}

static void
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      data)
{
  GTask *task = data;
  SendOp *op = g_task_get_task_data (task);

  /* Only a pending retry needs help: libsoup answers its own operations with G_IO_ERROR_CANCELLED */
  if (op->wait_source != NULL)
    {
      g_source_destroy (op->wait_source);
      g_clear_pointer (&op->wait_source, g_source_unref);
      /* disconnecting from inside the handler would wait for this very handler */
      op->cancelled_id = 0;
      send_op_return (task, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                       "Operation was cancelled"));
      g_object_unref (task);
    }
}

static gboolean
is_retryable_status (guint status)
{
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

static gboolean
may_retry (SendOp *op)
{
  return op->mode == BN_SEND_READ && g_str_equal (op->method, "GET") && op->attempt < MAX_ATTEMPTS;
}

static gboolean
is_network_error (const GError *error)
{
  return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
         !g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) &&
         (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR ||
          error->domain == SOUP_SESSION_ERROR);
}

static void
handle_failure (GTask  *task,
                guint   status,
                GBytes *body)
{
  SendOp *op = g_task_get_task_data (task);
  const char *content_type;
  g_autoptr(GError) error = NULL;

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (op->msg), NULL);
  error = _bn_api_client_error_from_body (status, content_type, body);
  op->retry_after = parse_retry_after (op->msg);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      send_op_return (task, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                       "Operation was cancelled"));
      g_object_unref (task);
      return;
    }

  /* one fresh credential per request, then the 401 stands */
  if (status == 401 && !op->refreshed && bn_credentials_invalidate (op->client->credentials, op->msg))
    {
      op->refreshed = TRUE;
      send_attempt (task);
      return;
    }

  if (is_retryable_status (status) && may_retry (op) && (status != 500 || op->attempt < 3))
    {
      retry_later (task, op->retry_after > 0 ? op->retry_after * 1000 : backoff_ms (op->attempt));
      return;
    }

  send_op_return (task, NULL, g_steal_pointer (&error));
  g_object_unref (task);
}

static void
on_error_body_read_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      data)
{
  GTask *task = data;
  SendOp *op = g_task_get_task_data (task);
  g_autoptr(GBytes) body = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);

  handle_failure (task, soup_message_get_status (op->msg), body);
}

/* The scanner reads a little past the end of a document: keep that much zeroed behind the body
 * so a page never has to be copied again. */
static GBytes *
steal_padded_body (GMemoryOutputStream *out)
{
  static const char zeros[BN_API_CLIENT_BODY_PADDING] = { 0 };
  g_autoptr(GBytes) padded = NULL;
  gsize size = g_memory_output_stream_get_data_size (out);

  g_output_stream_write_all (G_OUTPUT_STREAM (out), zeros, sizeof zeros, NULL, NULL, NULL);
  g_output_stream_close (G_OUTPUT_STREAM (out), NULL, NULL);
  padded = g_memory_output_stream_steal_as_bytes (out);
  return g_bytes_new_from_bytes (padded, 0, size);
}

static void
on_body_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  GTask *task = data;
  SendOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GMemoryOutputStream *out = G_MEMORY_OUTPUT_STREAM (object);

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (out), result, &error) < 0)
    {
      if (is_network_error (error) && may_retry (op) &&
          !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        {
          /* a body cut short is as good as a dropped connection: a GET can simply go again */
          retry_later (task, backoff_ms (op->attempt));
          g_object_unref (out);
          return;
        }
      send_op_return (task, NULL, g_steal_pointer (&error));
    }
  else
    send_op_return (task, steal_padded_body (out), NULL);

  g_object_unref (out);
  g_object_unref (task);
}

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  GTask *task = data;
  SendOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  guint status;

  if (stream == NULL)
    {
      if (is_network_error (error) && may_retry (op) &&
          !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        {
          retry_later (task, backoff_ms (op->attempt));
          return;
        }
      send_op_return (task, NULL, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  status = soup_message_get_status (op->msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_input_stream_read_bytes_async (stream, ERROR_BODY_LIMIT, G_PRIORITY_DEFAULT,
                                       g_task_get_cancellable (task), on_error_body_read_cb, task);
      return;
    }

  if (op->mode == BN_SEND_STREAM)
    {
      send_op_return (task, g_steal_pointer (&stream), NULL);
      g_object_unref (task);
      return;
    }

  g_output_stream_splice_async (g_memory_output_stream_new_resizable (), stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE,
                                G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                on_body_read_cb, task);
}

static void
on_authorized_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  GTask *task = data;
  SendOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!bn_credentials_apply_finish (BN_CREDENTIALS (object), result, &error))
    {
      send_op_return (task, NULL, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  g_atomic_int_inc (&op->client->requests_sent);
  soup_session_send_async (op->client->session, op->msg, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), on_sent_cb, task);
}

static void
send_attempt (GTask *task)
{
  SendOp *op = g_task_get_task_data (task);
  BnApiClient *self = op->client;
  g_autofree char *path = NULL;
  g_autoptr(GUri) uri = NULL;
  SoupMessageHeaders *headers;

  op->attempt++;
  g_clear_object (&op->msg);

  path = g_strconcat (self->base_path, op->path, NULL);
  uri = g_uri_parse_relative (self->base_uri, path, G_URI_FLAGS_ENCODED, NULL);
  if (uri != NULL)
    op->msg = soup_message_new_from_uri (op->method, uri);
  if (op->msg == NULL)
    {
      send_op_return (task, NULL, g_error_new (BN_KUBE_ERROR, BN_KUBE_ERROR_BAD_REQUEST,
                                               "“%s” is not a valid API path", op->path));
      g_object_unref (task);
      return;
    }

  headers = soup_message_get_request_headers (op->msg);
  soup_message_headers_replace (headers, "Accept", op->accept ? op->accept : "application/json");
  if (op->body != NULL)
    soup_message_set_request_body_from_bytes (op->msg, "application/json", op->body);
  g_signal_connect (op->msg, "accept-certificate", G_CALLBACK (on_accept_certificate_cb), self);
  if (has_tls_server_name (self))
    g_signal_connect (op->msg, "network-event", G_CALLBACK (on_network_event_cb), self);

  /* an exec plugin may have to run first: that never blocks the worker */
  bn_credentials_apply_async (self->credentials, op->msg, g_task_get_cancellable (task),
                              on_authorized_cb, task);
}

/*
 * _bn_api_client_send_async:
 * @path: the API path with its query, already escaped
 * @accept: (nullable): the Accept header, `application/json` if %NULL
 * @body: (nullable): a JSON request body
 *
 * Sends one request from the worker thread: the guard first, then credentials, then the
 * network. Finish with _bn_api_client_send_finish(), which returns #GBytes for
 * %BN_SEND_READ and a #GInputStream for %BN_SEND_STREAM.
 */
void
_bn_api_client_send_async (BnApiClient         *self,
                           const char          *method,
                           const char          *path,
                           const char          *accept,
                           GBytes              *body,
                           BnSendMode           mode,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SendOp *op;

  g_assert (BN_IS_API_CLIENT (self));
  g_assert (_bn_api_client_in_worker (self));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, _bn_api_client_send_async);

  op = g_new0 (SendOp, 1);
  op->client = self;
  op->method = g_strdup (method);
  op->path = g_strdup (path);
  op->accept = g_strdup (accept);
  op->body = body ? g_bytes_ref (body) : NULL;
  op->mode = mode;
  g_task_set_task_data (task, op, send_op_free);

  if (!bn_api_client_allows (self, method, path))
    {
      g_task_return_new_error (task, BN_KUBE_ERROR, BN_KUBE_ERROR_READ_ONLY,
                               "The cluster is read-only: unlock it to %s %s", method, path);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  if (g_atomic_int_get (&self->closing))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                               "The connection to the cluster was closed");
      return;
    }

  _bn_api_client_track (self, cancellable);
  if (cancellable != NULL)
    op->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb), task, NULL);

  send_attempt (g_steal_pointer (&task));
}

gpointer
_bn_api_client_send_finish (BnApiClient   *self,
                            GAsyncResult  *result,
                            guint         *retry_after_seconds,
                            GError       **error)
{
  SendOp *op = g_task_get_task_data (G_TASK (result));

  if (retry_after_seconds != NULL)
    *retry_after_seconds = op->retry_after;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Public requests *******************************************************************************/

/* A public request: made on the caller's thread, run by the worker, answered on the caller's
 * context. The caller's cancellable is relayed to a worker-owned one. */
typedef struct
{
  BnApiClient  *client;
  GTask        *caller_task;
  GCancellable *worker_cancellable;
  gulong        relay_id;
  char         *method;
  char         *path;
  char         *accept;
  GBytes       *body;
  GBytes       *result;
  GError       *error;
} PublicOp;

static void
public_op_free (PublicOp *op)
{
  g_clear_object (&op->caller_task);
  g_clear_object (&op->worker_cancellable);
  g_clear_object (&op->client);
  g_clear_pointer (&op->method, g_free);
  g_clear_pointer (&op->path, g_free);
  g_clear_pointer (&op->accept, g_free);
  g_clear_pointer (&op->body, g_bytes_unref);
  g_clear_pointer (&op->result, g_bytes_unref);
  g_clear_error (&op->error);
  g_free (op);
}

static gboolean
deliver_in_caller_cb (gpointer data)
{
  PublicOp *op = data;
  GCancellable *caller_cancellable = g_task_get_cancellable (op->caller_task);

  if (op->relay_id != 0)
    g_cancellable_disconnect (caller_cancellable, op->relay_id);

  if (op->error != NULL)
    g_task_return_error (op->caller_task, g_steal_pointer (&op->error));
  else
    g_task_return_pointer (op->caller_task, g_steal_pointer (&op->result),
                           (GDestroyNotify) g_bytes_unref);
  public_op_free (op);
  return G_SOURCE_REMOVE;
}

static void
on_public_sent_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      data)
{
  PublicOp *op = data;

  op->result = _bn_api_client_send_finish (op->client, result, NULL, &op->error);
  g_main_context_invoke (g_task_get_context (op->caller_task), deliver_in_caller_cb, op);
}

static gboolean
start_public_in_worker_cb (gpointer data)
{
  PublicOp *op = data;

  _bn_api_client_send_async (op->client, op->method, op->path, op->accept, op->body, BN_SEND_READ,
                             op->worker_cancellable, on_public_sent_cb, op);
  return G_SOURCE_REMOVE;
}

static gboolean
cancel_in_worker_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled_cb (GCancellable *cancellable,
                        gpointer      data)
{
  PublicOp *op = data;

  if (op->client->shut_down)
    return;
  _bn_api_client_invoke (op->client, cancel_in_worker_cb,
                         g_object_ref (op->worker_cancellable), g_object_unref);
}

static void start_public_request (BnApiClient         *self,
                                  const char          *method,
                                  const char          *path,
                                  const char          *accept,
                                  GBytes              *body,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);

/**
 * bn_api_client_request_async:
 * @self: a #BnApiClient
 * @method: the HTTP method
 * @path: the API path with its query, escaped (e.g. `/api/v1/namespaces`)
 * @body: (nullable): a JSON request body
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Sends a request through the cluster's worker. GET requests that fail with 429 or a 5xx, or
 * on the network, are retried with backoff (honouring `Retry-After`). While the cluster is
 * locked, anything but GET and the self-subject reviews fails with %BN_KUBE_ERROR_READ_ONLY
 * without reaching the network.
 */
void
bn_api_client_request_async (BnApiClient         *self,
                             const char          *method,
                             const char          *path,
                             GBytes              *body,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  start_public_request (self, method, path, NULL, body, cancellable, callback, user_data);
}

/**
 * bn_api_client_get_async:
 * @self: a #BnApiClient
 * @path: the API path with its query, escaped
 * @accept: (nullable): the Accept header (`application/json` if %NULL)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context
 * @user_data: data for @callback
 *
 * A GET with a chosen Accept header (aggregated discovery, tables). Finish with
 * bn_api_client_request_finish().
 */
void
bn_api_client_get_async (BnApiClient         *self,
                         const char          *path,
                         const char          *accept,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  start_public_request (self, "GET", path, accept, NULL, cancellable, callback, user_data);
}

static void
start_public_request (BnApiClient         *self,
                      const char          *method,
                      const char          *path,
                      const char          *accept,
                      GBytes              *body,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PublicOp *op;

  g_return_if_fail (BN_IS_API_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bn_api_client_request_async);

  if (!bn_api_client_allows (self, method, path))
    {
      g_task_return_new_error (task, BN_KUBE_ERROR, BN_KUBE_ERROR_READ_ONLY,
                               "The cluster is read-only: unlock it to %s %s", method, path);
      return;
    }
  if (self->shut_down)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                               "The connection to the cluster was closed");
      return;
    }

  op = g_new0 (PublicOp, 1);
  op->client = g_object_ref (self);
  op->caller_task = g_steal_pointer (&task);
  op->worker_cancellable = g_cancellable_new ();
  op->method = g_strdup (method);
  op->path = g_strdup (path);
  op->accept = g_strdup (accept);
  op->body = body ? g_bytes_ref (body) : NULL;
  if (cancellable != NULL)
    op->relay_id = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled_cb), op, NULL);

  _bn_api_client_invoke (self, start_public_in_worker_cb, op, NULL);
}

/**
 * bn_api_client_request_finish:
 *
 * Returns: (transfer full): the response body
 */
GBytes *
bn_api_client_request_finish (BnApiClient   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (BN_IS_API_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GObject ***************************************************************************************/

/**
 * bn_api_client_new:
 * @cluster: where the cluster is and how to trust it
 * @auth: (nullable): who to be there
 * @error: where to put a configuration problem
 *
 * Creates the client and starts its worker thread. The cluster starts locked (read-only).
 *
 * Returns: (transfer full): a new #BnApiClient, or %NULL with @error set
 */
BnApiClient *
bn_api_client_new (BnClusterInfo  *cluster,
                   BnAuthInfo     *auth,
                   GError        **error)
{
  g_autoptr(BnCredentials) credentials = NULL;

  g_return_val_if_fail (cluster != NULL, NULL);

  if (auth == NULL)
    {
      g_autoptr(BnAuthInfo) anonymous = bn_auth_info_new ();

      credentials = bn_credentials_new (cluster, anonymous);
    }
  else
    credentials = bn_credentials_new (cluster, auth);
  return bn_api_client_new_with_credentials (cluster, credentials, error);
}

/**
 * bn_api_client_new_with_credentials:
 * @cluster: where the cluster is and how to trust it
 * @credentials: what every request carries (e.g. from bn_credentials_new_from_keyring())
 * @error: where to put a configuration problem
 *
 * Like bn_api_client_new(), with credentials made elsewhere.
 *
 * Returns: (transfer full): a new #BnApiClient, or %NULL with @error set
 */
BnApiClient *
bn_api_client_new_with_credentials (BnClusterInfo  *cluster,
                                    BnCredentials  *credentials,
                                    GError        **error)
{
  g_autoptr(BnApiClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (cluster != NULL, NULL);
  g_return_val_if_fail (BN_IS_CREDENTIALS (credentials), NULL);

  if (cluster->server == NULL ||
      !(uri = g_uri_parse (cluster->server, G_URI_FLAGS_ENCODED, &local_error)) ||
      (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG,
                   "The server address “%s” is not an http or https URL",
                   cluster->server ? cluster->server : "");
      return NULL;
    }

  self = g_object_new (BN_TYPE_API_CLIENT, NULL);
  self->cluster = bn_cluster_info_ref (cluster);
  self->base_uri = g_steal_pointer (&uri);
  self->base_path = g_strdup (g_uri_get_path (self->base_uri));
  /* a server URL with a path is a prefix for every API path */
  if (g_str_has_suffix (self->base_path, "/"))
    self->base_path[strlen (self->base_path) - 1] = '\0';

  self->ca_certificates = parse_ca_certificates (cluster, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  self->credentials = g_object_ref (credentials);
  if (!bn_credentials_check (self->credentials, error))
    return NULL;

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("bn-cluster-worker", worker_main, self);
  self->worker = self->thread;

  return g_steal_pointer (&self);
}

/**
 * bn_api_client_get_credentials:
 *
 * Returns: (transfer none): what the requests carry (for "who am I")
 */
BnCredentials *
bn_api_client_get_credentials (BnApiClient *self)
{
  g_return_val_if_fail (BN_IS_API_CLIENT (self), NULL);
  return self->credentials;
}

BnClusterInfo *
bn_api_client_get_cluster_info (BnApiClient *self)
{
  g_return_val_if_fail (BN_IS_API_CLIENT (self), NULL);
  return self->cluster;
}

const char *
bn_api_client_get_server (BnApiClient *self)
{
  g_return_val_if_fail (BN_IS_API_CLIENT (self), NULL);
  return self->cluster->server;
}

gboolean
bn_api_client_get_locked (BnApiClient *self)
{
  g_return_val_if_fail (BN_IS_API_CLIENT (self), TRUE);
  return g_atomic_int_get (&self->locked);
}

/**
 * bn_api_client_set_locked:
 * @self: a #BnApiClient
 * @locked: %TRUE to keep the cluster read-only
 *
 * Locks or unlocks the cluster. The guard reads the flag for every request, in any thread.
 */
void
bn_api_client_set_locked (BnApiClient *self,
                          gboolean     locked)
{
  g_return_if_fail (BN_IS_API_CLIENT (self));

  locked = !!locked;
  if (g_atomic_int_get (&self->locked) == locked)
    return;
  g_atomic_int_set (&self->locked, locked);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
}

/**
 * bn_api_client_get_requests_sent:
 *
 * Returns: how many requests have reached the network so far (retries included)
 */
guint
bn_api_client_get_requests_sent (BnApiClient *self)
{
  g_return_val_if_fail (BN_IS_API_CLIENT (self), 0);
  return (guint) g_atomic_int_get (&self->requests_sent);
}

static void
bn_api_client_dispose (GObject *object)
{
  BnApiClient *self = BN_API_CLIENT (object);

  if (self->thread != NULL)
    bn_api_client_shutdown (self);

  G_OBJECT_CLASS (bn_api_client_parent_class)->dispose (object);
}

static void
bn_api_client_finalize (GObject *object)
{
  BnApiClient *self = BN_API_CLIENT (object);

  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->cluster, bn_cluster_info_unref);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_clear_pointer (&self->base_path, g_free);
  g_clear_pointer (&self->user_agent, g_free);
  g_list_free_full (g_steal_pointer (&self->ca_certificates), g_object_unref);
  g_clear_object (&self->credentials);

  G_OBJECT_CLASS (bn_api_client_parent_class)->finalize (object);
}

static void
bn_api_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BnApiClient *self = BN_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_LOCKED:
      g_value_set_boolean (value, bn_api_client_get_locked (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_api_client_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BnApiClient *self = BN_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_LOCKED:
      bn_api_client_set_locked (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_api_client_class_init (BnApiClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bn_api_client_dispose;
  object_class->finalize = bn_api_client_finalize;
  object_class->get_property = bn_api_client_get_property;
  object_class->set_property = bn_api_client_set_property;

  /**
   * BnApiClient:locked:
   *
   * Whether the cluster is read-only. %TRUE unless the user unlocked it.
   */
  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* libsoup 3.2 negotiates HTTP/2 when offered and this process-wide switch is its only off
   * switch; watches over HTTP/2 are not tested yet. Set before the first session exists. */
  g_setenv ("SOUP_FORCE_HTTP1", "1", FALSE);
}

static void
bn_api_client_init (BnApiClient *self)
{
  self->locked = TRUE;
  self->user_agent = g_strdup ("binnacle/" PACKAGE_VERSION);
}
