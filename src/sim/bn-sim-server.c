/* bn-sim-server.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "bn-sim-server-private.h"

/* The front door: every request is logged, authenticated, given its
 * fault if one matches, and handed to the API. Errors leave as
 * upstream's Status objects.
 */

#define MAX_BODY_BYTES (3 * 1024 * 1024)
#define DEFAULT_REQUEST_LOG_LIMIT 100000

G_DEFINE_FINAL_TYPE (BnSimServer, bn_sim_server, G_TYPE_OBJECT)

static void
bn_sim_server_dispose (GObject *object)
{
  BnSimServer *self = (BnSimServer *)object;

  bn_sim_watch_stop_all (self);
  g_clear_handle_id (&self->reaper_id, g_source_remove);
  g_clear_pointer (&self->sockets, g_hash_table_unref);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  if (self->control != NULL)
    soup_server_disconnect (self->control);
  g_clear_object (&self->soup);
  g_clear_object (&self->control);
  g_clear_object (&self->rbac);
  g_clear_object (&self->store);
  g_clear_object (&self->request_log_file);

  G_OBJECT_CLASS (bn_sim_server_parent_class)->dispose (object);
}

static void
bn_sim_server_finalize (GObject *object)
{
  BnSimServer *self = (BnSimServer *)object;

  g_clear_pointer (&self->tokens, g_hash_table_unref);
  g_clear_pointer (&self->expiring_tokens, g_hash_table_unref);
  g_clear_pointer (&self->cert_users, g_hash_table_unref);
  if (self->ca_file != NULL)
    g_unlink (self->ca_file);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->client_context, g_free);
  g_clear_pointer (&self->client_cert_pem, g_free);
  if (self->client_key_pem != NULL)
    memset (self->client_key_pem, 0, strlen (self->client_key_pem));
  g_clear_pointer (&self->client_key_pem, g_free);
  g_clear_pointer (&self->warning, g_free);
  g_clear_pointer (&self->users, g_ptr_array_unref);
  g_clear_pointer (&self->faults, g_ptr_array_unref);
  g_clear_pointer (&self->request_log, g_ptr_array_unref);
  g_clear_pointer (&self->watches, g_ptr_array_unref);
  g_clear_pointer (&self->resizes, g_ptr_array_unref);

  G_OBJECT_CLASS (bn_sim_server_parent_class)->finalize (object);
}

static void
bn_sim_server_class_init (BnSimServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bn_sim_server_dispose;
  object_class->finalize = bn_sim_server_finalize;
}

static void
bn_sim_server_init (BnSimServer *self)
{
  self->users = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_sim_user_free);
  self->tokens = g_hash_table_new (g_str_hash, g_str_equal);
  self->expiring_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cert_users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) bn_sim_user_free);
  self->gzip = TRUE;
  self->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_sim_fault_free);
  self->request_log = g_ptr_array_new_with_free_func (g_free);
  self->request_log_limit = DEFAULT_REQUEST_LOG_LIMIT;
  self->watches = g_ptr_array_new ();
  self->sockets = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->resizes = g_ptr_array_new_with_free_func (g_free);
  self->bookmark_interval = 60;
  self->watch_list = TRUE;
  self->next_fault_id = 1;
}

void
bn_sim_fault_free (BnSimFault *fault)
{
  g_free (fault->method);
  g_free (fault->path);
  g_free (fault);
}

/* Status helpers */

/**
 * bn_sim_set_status:
 *
 * Sets @code with its reason phrase, including the ones libsoup does
 * not know (422, 429).
 */
void
bn_sim_set_status (SoupServerMessage *msg,
                   guint              code)
{
  const char *phrase = code == 422 ? "Unprocessable Entity" :
                       code == 429 ? "Too Many Requests" : NULL;

  soup_server_message_set_status (msg, code, phrase);
}

const char *
bn_sim_reason_for_code (guint       code,
                        const char *message)
{
  switch (code)
    {
    case 400: return "BadRequest";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "NotFound";
    case 405: return "MethodNotAllowed";
    case 406: return "NotAcceptable";
    case 409: return message && strstr (message, "already exists") ? "AlreadyExists" : "Conflict";
    case 410: return "Expired";
    case 413: return "RequestEntityTooLarge";
    case 415: return "UnsupportedMediaType";
    case 422: return "Invalid";
    case 429: return "TooManyRequests";
    case 500: return "InternalError";
    case 503: return "ServiceUnavailable";
    case 504: return "Timeout";
    default: return "";
    }
}

void
bn_sim_json_append_string (GString    *out,
                           const char *value)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) (value ? value : ""); *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

/**
 * bn_sim_status_json:
 *
 * Returns: (transfer full): a metav1.Status document
 */
char *
bn_sim_status_json (guint       code,
                    const char *reason,
                    const char *message,
                    const char *details_name,
                    const char *details_group,
                    const char *details_kind)
{
  GString *out = g_string_new ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":");

  bn_sim_json_append_string (out, message);
  if (reason == NULL)
    reason = bn_sim_reason_for_code (code, message);
  if (reason[0] != '\0')
    {
      g_string_append (out, ",\"reason\":");
      bn_sim_json_append_string (out, reason);
    }
  if (details_name != NULL || details_kind != NULL)
    {
      gboolean first = TRUE;

      g_string_append (out, ",\"details\":{");
      if (details_name != NULL)
        {
          g_string_append (out, "\"name\":");
          bn_sim_json_append_string (out, details_name);
          first = FALSE;
        }
      if (details_group != NULL && details_group[0] != '\0')
        {
          g_string_append (out, first ? "\"group\":" : ",\"group\":");
          bn_sim_json_append_string (out, details_group);
          first = FALSE;
        }
      if (details_kind != NULL)
        {
          g_string_append (out, first ? "\"kind\":" : ",\"kind\":");
          bn_sim_json_append_string (out, details_kind);
        }
      g_string_append_c (out, '}');
    }
  g_string_append_printf (out, ",\"code\":%u}\n", code);
  return g_string_free (out, FALSE);
}

void
bn_sim_reply_status (SoupServerMessage *msg,
                     guint              code,
                     const char        *reason,
                     const char        *message,
                     const char        *details_name,
                     const char        *details_group,
                     const char        *details_kind)
{
  char *body = bn_sim_status_json (code, reason, message, details_name, details_group, details_kind);

  bn_sim_set_status (msg, code);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, strlen (body));
}

/**
 * bn_sim_reply_error:
 * @error: a %BN_SIM_ERROR whose code is the HTTP status
 */
void
bn_sim_reply_error (BnSimRequest *request,
                    const GError *error)
{
  guint code = error->domain == BN_SIM_ERROR ? (guint) error->code : 500;
  const char *kind = request->resource ? request->resource->plural : NULL;
  const char *group = request->resource ? request->resource->group : NULL;
  const char *name = request->name;

  if (code == 422 && request->resource != NULL)
    kind = request->resource->kind;

  bn_sim_reply_status (request->msg, code, NULL, error->message,
                       code == 410 ? NULL : name, group, code == 410 ? NULL : kind);
}

void
bn_sim_reply_json (SoupServerMessage *msg,
                   guint              code,
                   GString           *body)
{
  gsize len = body->len;

  bn_sim_set_status (msg, code);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_string_free (body, FALSE), len);
}

void
bn_sim_reply_builder (SoupServerMessage *msg,
                      guint              code,
                      JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  GString *body;
  gsize len;
  char *data;

  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &len);
  body = g_string_new_len (data, len);
  g_free (data);
  g_string_append_c (body, '\n');
  bn_sim_reply_json (msg, code, body);
}

const char *
bn_sim_request_get_query (BnSimRequest *request,
                          const char   *name)
{
  return request->query ? g_hash_table_lookup (request->query, name) : NULL;
}

gboolean
bn_sim_request_get_bool (BnSimRequest *request,
                         const char   *name)
{
  const char *value = bn_sim_request_get_query (request, name);
  static const char * const truths[] = { "1", "t", "T", "true", "TRUE", "True", NULL };

  /* Go's strconv.ParseBool, which the apiserver uses for query flags. */
  return value != NULL && g_strv_contains (truths, value);
}

/**
 * bn_sim_drop_connection:
 *
 * Cuts the TCP connection under @msg, mid-body, as a failing network
 * or a crashing apiserver would.
 */
void
bn_sim_drop_connection (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
}

/* Setup */

BnSimServer *
bn_sim_server_new (BnSimStore *store)
{
  BnSimServer *self = g_object_new (BN_SIM_TYPE_SERVER, NULL);

  self->store = g_object_ref (store);
  self->rbac = bn_sim_rbac_new (store);
  return self;
}

BnSimStore *
bn_sim_server_get_store (BnSimServer *self)
{
  g_return_val_if_fail (BN_SIM_IS_SERVER (self), NULL);

  return self->store;
}

/**
 * bn_sim_server_add_user:
 * @user: (transfer full): a user with a bearer token
 */
void
bn_sim_server_add_user (BnSimServer *self,
                        BnSimUser   *user)
{
  g_return_if_fail (BN_SIM_IS_SERVER (self));

  g_ptr_array_add (self->users, user);
  g_hash_table_insert (self->tokens, user->token, user);
}

const GPtrArray *
bn_sim_server_get_users (BnSimServer *self)
{
  g_return_val_if_fail (BN_SIM_IS_SERVER (self), NULL);

  return self->users;
}

void
bn_sim_server_set_bookmark_interval (BnSimServer *self,
                                     guint        seconds)
{
  g_return_if_fail (BN_SIM_IS_SERVER (self));

  self->bookmark_interval = seconds;
}

void
bn_sim_server_set_watch_timeout (BnSimServer *self,
                                 guint        seconds)
{
  g_return_if_fail (BN_SIM_IS_SERVER (self));

  self->watch_timeout = seconds;
}

void
bn_sim_server_set_watch_list (BnSimServer *self,
                              gboolean     enabled)
{
  g_return_if_fail (BN_SIM_IS_SERVER (self));

  self->watch_list = enabled;
}

void
bn_sim_server_set_request_log_file (BnSimServer *self,
                                    const char  *path)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BN_SIM_IS_SERVER (self));

  g_clear_object (&self->request_log_file);
  if (path == NULL)
    return;

  file = g_file_new_for_path (path);
  self->request_log_file = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error));
  if (self->request_log_file == NULL)
    g_warning ("Cannot write the request log: %s", error->message);
}

/* Request log */

static void
log_request (BnSimServer       *self,
             SoupServerMessage *msg,
             const BnSimUser   *user)
{
  GUri *uri = soup_server_message_get_uri (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeadersIter iter;
  const char *name, *value;
  GString *line = g_string_new ("{\"time\":");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format_iso8601 (now);
  gboolean first = TRUE;

  bn_sim_json_append_string (line, time);
  g_string_append (line, ",\"method\":");
  bn_sim_json_append_string (line, soup_server_message_get_method (msg));
  g_string_append (line, ",\"path\":");
  bn_sim_json_append_string (line, g_uri_get_path (uri));
  g_string_append (line, ",\"query\":");
  bn_sim_json_append_string (line, g_uri_get_query (uri));
  g_string_append (line, ",\"user\":");
  bn_sim_json_append_string (line, user ? user->name : "");
  g_string_append (line, ",\"headers\":{");

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      if (!first)
        g_string_append_c (line, ',');
      first = FALSE;
      bn_sim_json_append_string (line, name);
      g_string_append_c (line, ':');
      if (g_ascii_strcasecmp (name, "Authorization") == 0)
        {
          const char *space = strchr (value, ' ');
          g_autofree char *scheme = space ? g_strndup (value, space - value) : g_strdup ("");

          value = NULL;
          g_string_append_printf (line, "\"%s <redacted>\"", scheme);
        }
      else
        bn_sim_json_append_string (line, value);
    }
  g_string_append (line, "}}");

  if (self->request_log_file != NULL)
    {
      g_output_stream_write_all (self->request_log_file, line->str, line->len, NULL, NULL, NULL);
      g_output_stream_write_all (self->request_log_file, "\n", 1, NULL, NULL, NULL);
      g_output_stream_flush (self->request_log_file, NULL, NULL);
    }

  if (self->request_log->len >= self->request_log_limit)
    g_ptr_array_remove_range (self->request_log, 0, self->request_log->len / 2);
  g_ptr_array_add (self->request_log, g_string_free (line, FALSE));
}

/* Authentication */

/* A client certificate the TLS layer verified against the CA names the
 * user (CN) and its groups (O), as upstream's x509 authenticator reads
 * them; it is tried before the bearer token, as upstream does.
 */
static const BnSimUser *
authenticate_certificate (BnSimServer       *self,
                          SoupServerMessage *msg)
{
  GTlsCertificate *peer = soup_server_message_get_tls_peer_certificate (msg);
  GSocket *socket = soup_server_message_get_socket (msg);
  g_autofree char *pem = NULL;
  g_autofree char *name = NULL;
  g_auto(GStrv) groups = NULL;
  BnSimUser *user;

  /* libsoup 3.2 tells only the first message of a connection about the
   * certificate: the connection's socket remembers who it is.
   */
  if (peer == NULL)
    return socket ? g_object_get_data (G_OBJECT (socket), "bn-sim-certified-user") : NULL;
  if (soup_server_message_get_tls_peer_certificate_errors (msg) != 0)
    return NULL;

  g_object_get (peer, "certificate-pem", &pem, NULL);
  if (pem == NULL)
    return NULL;
  if ((user = g_hash_table_lookup (self->cert_users, pem)) == NULL)
    {
      if (!bn_sim_tls_read_client_identity (pem, &name, &groups))
        return NULL;
      user = bn_sim_user_new (name, "", (const char * const *) groups);
      g_hash_table_insert (self->cert_users, g_steal_pointer (&pem), user);
    }

  /* The users live as long as the server, longer than its sockets. */
  if (socket != NULL)
    g_object_set_data (G_OBJECT (socket), "bn-sim-certified-user", user);
  return user;
}

static const BnSimUser *
authenticate (BnSimServer       *self,
              SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  const BnSimUser *certified = self->https ? authenticate_certificate (self, msg) : NULL;
  BnSimExpiringToken *expiring;

  if (certified != NULL)
    return certified;

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;
  header += 7;
  while (*header == ' ')
    header++;

  /* Tokens added through the control endpoint stop working at their expiry. */
  expiring = g_hash_table_lookup (self->expiring_tokens, header);
  if (expiring != NULL)
    return g_get_monotonic_time () < expiring->expires_at ? expiring->user : NULL;

  return g_hash_table_lookup (self->tokens, header);
}

/* Faults */

BnSimFault *
bn_sim_server_match_fault (BnSimServer *self,
                           const char  *method,
                           const char  *path,
                           gboolean     watch,
                           gboolean     list)
{
  for (guint i = 0; i < self->faults->len; i++)
    {
      BnSimFault *fault = g_ptr_array_index (self->faults, i);

      if (fault->method != NULL && g_ascii_strcasecmp (fault->method, method) != 0)
        continue;
      if (fault->path != NULL && !g_str_has_prefix (path, fault->path))
        continue;
      if (fault->watch_only && !watch)
        continue;
      if (fault->list_only && !list)
        continue;
      if (fault->remaining == 0)
        continue;
      if (fault->remaining > 0)
        fault->remaining--;
      return fault;
    }

  return NULL;
}

static void
reply_throttled_text (SoupServerMessage *msg,
                      guint              retry_after)
{
  static const char text[] = "Too many requests, please try again later.\n";
  g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
  bn_sim_set_status (msg, 429);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_STATIC, text, strlen (text));
}

static void
reply_fault_status (SoupServerMessage *msg,
                    BnSimFault        *fault)
{
  g_autofree char *message = NULL;
  char *body;
  guint code = fault->code ? fault->code : 500;

  switch (code)
    {
    case 429:
      message = g_strdup ("The server has received too many requests and has asked us to try again later.");
      break;
    case 500:
      message = g_strdup ("Internal error occurred: injected failure");
      break;
    case 503:
      message = g_strdup ("The server is currently unable to handle the request");
      break;
    case 504:
      message = g_strdup ("Timeout: request did not complete within the allowed duration");
      break;
    default:
      message = g_strdup_printf ("injected failure with status %u", code);
      break;
    }

  body = bn_sim_status_json (code, NULL, message, NULL, NULL, NULL);
  if (fault->retry_after > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", fault->retry_after);
      GString *with_details = g_string_new_len (body, strlen (body) - 2);

      /* Keep the Status shape: retryAfterSeconds lives in details. */
      g_string_truncate (with_details, strstr (with_details->str, ",\"code\"") - with_details->str);
      g_string_append_printf (with_details, ",\"details\":{\"retryAfterSeconds\":%u},\"code\":%u}\n",
                              fault->retry_after, code);
      g_free (body);
      body = g_string_free (with_details, FALSE);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
    }

  bn_sim_set_status (msg, code);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, strlen (body));
}

static gboolean
drop_later_cb (gpointer data)
{
  SoupServerMessage *msg = data;

  bn_sim_drop_connection (msg);
  return G_SOURCE_REMOVE;
}

/**
 * bn_sim_drop_connection_later:
 *
 * Cuts the connection once what was queued had time to leave, so the
 * client sees a body that stops in the middle.
 */
void
bn_sim_drop_connection_later (SoupServerMessage *msg)
{
  g_timeout_add_full (G_PRIORITY_DEFAULT, 100, drop_later_cb, g_object_ref (msg), g_object_unref);
}

#define SLOW_SLICE_BYTES (16 * 1024)

typedef struct
{
  SoupServerMessage *msg;
  GBytes            *body;
  gsize              offset;
  gulong             finished_id;
  gboolean           finished;
} SlowWriter;

static void
slow_writer_free (SlowWriter *writer)
{
  g_clear_signal_handler (&writer->finished_id, writer->msg);
  g_clear_object (&writer->msg);
  g_clear_pointer (&writer->body, g_bytes_unref);
  g_free (writer);
}

static gboolean
slow_write_cb (gpointer user_data)
{
  SlowWriter *writer = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (writer->msg);
  gsize length;
  const char *data = g_bytes_get_data (writer->body, &length);
  gsize slice = MIN (SLOW_SLICE_BYTES, length - writer->offset);

  if (writer->finished)
    return G_SOURCE_REMOVE;

  soup_message_body_append (body, SOUP_MEMORY_COPY, data + writer->offset, slice);
  writer->offset += slice;
  if (writer->offset >= length)
    soup_message_body_complete (body);
  soup_server_message_unpause (writer->msg);
  return writer->offset < length ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
slow_finished_cb (SoupServerMessage *msg,
                  SlowWriter        *writer)
{
  writer->finished = TRUE;
}

/* A SLOW fault on a finished reply: the same bytes, a slice at a time. */
static void
slow_down_body (SoupServerMessage *msg,
                BnSimFault        *fault)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  SlowWriter *writer = g_new0 (SlowWriter, 1);

  writer->msg = g_object_ref (msg);
  writer->body = soup_message_body_flatten (body);
  soup_message_body_truncate (body);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_CHUNKED);
  soup_message_body_set_accumulate (body, FALSE);
  writer->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (slow_finished_cb), writer);
  g_timeout_add_full (G_PRIORITY_DEFAULT, MAX (fault->delay_ms, 1), slow_write_cb, writer,
                      (GDestroyNotify) slow_writer_free);
}

/* Applies a DROP or TRUNCATE fault to a finished, non-streaming reply. */
static void
damage_body (SoupServerMessage *msg,
             BnSimFault        *fault)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GBytes) full = soup_message_body_flatten (body);
  gsize half = g_bytes_get_size (full) / 2;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_body_truncate (body);

  if (fault->action == BN_SIM_FAULT_TRUNCATE)
    {
      soup_message_body_append (body, SOUP_MEMORY_COPY, g_bytes_get_data (full, NULL), half);
      soup_message_headers_set_content_length (headers, half);
      return;
    }

  /* DROP: stream half of it and cut the connection without the final chunk. */
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_append (body, SOUP_MEMORY_COPY, g_bytes_get_data (full, NULL), half);
  soup_server_message_pause (msg);
  bn_sim_drop_connection_later (msg);
}

#define GZIP_THRESHOLD_BYTES (128 * 1024)

/* Like the apiserver: replies over 128 KiB are gzipped for clients that
 * accept it. Streams (watch, follow, exec) are left alone.
 */
static void
maybe_compress (BnSimServer       *self,
                SoupServerMessage *msg)
{
  const char *accept = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Accept-Encoding");
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GZlibCompressor) compressor = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GByteArray) packed = NULL;
  const guint8 *data;
  gsize length, offset = 0;
  guint status = soup_server_message_get_status (msg);

  if (!self->gzip || accept == NULL || strstr (accept, "gzip") == NULL ||
      status < 200 || status >= 300 ||
      soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH ||
      body->length <= GZIP_THRESHOLD_BYTES)
    return;

  plain = soup_message_body_flatten (body);
  data = g_bytes_get_data (plain, &length);
  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1);
  packed = g_byte_array_sized_new (length / 4);

  for (;;)
    {
      guint8 buffer[64 * 1024];
      gsize read = 0, written = 0;
      GConverterResult result = g_converter_convert (G_CONVERTER (compressor), data + offset, length - offset,
                                                     buffer, sizeof buffer, G_CONVERTER_INPUT_AT_END,
                                                     &read, &written, NULL);

      if (result == G_CONVERTER_ERROR)
        return;
      offset += read;
      g_byte_array_append (packed, buffer, written);
      if (result == G_CONVERTER_FINISHED)
        break;
    }

  soup_message_body_truncate (body);
  soup_message_body_append (body, SOUP_MEMORY_COPY, packed->data, packed->len);
  soup_message_headers_replace (headers, "Content-Encoding", "gzip");
  soup_message_headers_set_content_length (headers, packed->len);
}

/* libsoup 3.2 does not close a kept-alive connection that its client
 * closed, so every such connection would hold a descriptor for good.
 * Once a second, close the sockets whose peer has gone.
 */
static gboolean
peer_gone (GSocket *socket)
{
  GIOCondition condition;
  char byte;

  if (g_socket_is_closed (socket))
    return TRUE;

  condition = g_socket_condition_check (socket, G_IO_IN | G_IO_HUP | G_IO_ERR);
  if (condition & (G_IO_HUP | G_IO_ERR))
    return TRUE;

  return (condition & G_IO_IN) && recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

static gboolean
reap_sockets_cb (gpointer user_data)
{
  BnSimServer *self = user_data;
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->sockets);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (peer_gone (key))
      {
        g_socket_close (key, NULL);
        g_hash_table_iter_remove (&iter);
      }

  return G_SOURCE_CONTINUE;
}

static void
track_socket (BnSimServer       *self,
              SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL && !g_hash_table_contains (self->sockets, socket))
    g_hash_table_add (self->sockets, g_object_ref (socket));
  if (self->reaper_id == 0)
    self->reaper_id = g_timeout_add_seconds (1, reap_sockets_cb, self);
}

/* Dispatch */

static void
add_common_headers (BnSimServer       *self,
                    SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *audit = g_uuid_string_random ();

  if (self->warning != NULL)
    {
      g_autofree char *warning = g_strdup_printf ("299 - \"%s\"", self->warning);

      soup_message_headers_append (headers, "Warning", warning);
    }

  soup_message_headers_replace (headers, "Audit-Id", audit);
  soup_message_headers_replace (headers, "Cache-Control", "no-cache, private");
  soup_message_headers_replace (headers, "X-Kubernetes-Pf-Flowschema-Uid", "4f8e9a44-6a5b-4f0c-9c2e-5a8b0d4f1c11");
  soup_message_headers_replace (headers, "X-Kubernetes-Pf-Prioritylevel-Uid", "8a3b1c2d-0e4f-4a5b-9c6d-7e8f9a0b1c2d");
}

/* Impersonate-User / Impersonate-Group: allowed when the caller may
 * "impersonate" the users and groups named, as upstream checks it.
 * Returns FALSE after replying 403.
 */
static gboolean
apply_impersonation (BnSimServer        *self,
                     SoupServerMessage  *msg,
                     BnSimRequest       *request,
                     BnSimUser         **impersonated)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *name = soup_message_headers_get_one (headers, "Impersonate-User");
  const char *group_list = soup_message_headers_get_list (headers, "Impersonate-Group");
  g_auto(GStrv) groups = group_list ? g_strsplit (group_list, ",", -1) : g_new0 (char *, 1);
  BnSimAttributes attributes = { "impersonate", "", "users", "", "", name, NULL };

  if (name == NULL)
    return TRUE;

  for (guint i = 0; groups[i] != NULL; i++)
    g_strstrip (groups[i]);

  for (int i = -1; i < (int) g_strv_length (groups); i++)
    {
      g_autofree char *message = NULL;

      if (i >= 0)
        {
          attributes.resource = "groups";
          attributes.name = groups[i];
        }
      if (bn_sim_rbac_authorize (self->rbac, request->user, &attributes, NULL))
        continue;

      message = bn_sim_rbac_forbidden_message (request->user, &attributes);
      bn_sim_reply_status (msg, 403, "Forbidden", message, attributes.name, "", attributes.resource);
      return FALSE;
    }

  /* A known user keeps its groups unless others are asked for. */
  for (guint i = 0; i < self->users->len && groups[0] == NULL; i++)
    {
      BnSimUser *known = g_ptr_array_index (self->users, i);

      if (g_str_equal (known->name, name))
        {
          request->user = known;
          return TRUE;
        }
    }

  *impersonated = bn_sim_user_new (name, "", (const char * const *) groups);
  request->user = *impersonated;
  return TRUE;
}

static gboolean
is_public_path (const char *path)
{
  return g_str_equal (path, "/healthz") || g_str_equal (path, "/livez") ||
         g_str_equal (path, "/readyz") || g_str_equal (path, "/version");
}

static void
serve (BnSimServer       *self,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query)
{
  BnSimRequest request = { 0 };
  g_autoptr(BnSimUser) impersonated = NULL;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *method = soup_server_message_get_method (msg);
  gboolean watch;

  request.server = self;
  request.msg = msg;
  request.method = method;
  request.path = path;
  request.query = query;
  request.user = authenticate (self, msg);

  if (request.user == NULL && !is_public_path (path))
    {
      bn_sim_reply_status (msg, 401, "Unauthorized", "Unauthorized", NULL, NULL, NULL);
      return;
    }

  if (request.user != NULL && !apply_impersonation (self, msg, &request, &impersonated))
    return;

  if (body != NULL && body->length > MAX_BODY_BYTES)
    {
      bn_sim_reply_status (msg, 413, "RequestEntityTooLarge",
                           "Request entity too large: limit is 3145728", NULL, NULL, NULL);
      return;
    }

  watch = bn_sim_request_get_bool (&request, "watch");
  request.fault = bn_sim_server_match_fault (self, method, path, watch,
                                             g_str_equal (method, "GET") && !watch);

  if (request.fault != NULL)
    {
      switch (request.fault->action)
        {
        case BN_SIM_FAULT_STATUS:
          reply_fault_status (msg, request.fault);
          return;
        case BN_SIM_FAULT_THROTTLE_TEXT:
          reply_throttled_text (msg, request.fault->retry_after ? request.fault->retry_after : 1);
          return;
        case BN_SIM_FAULT_DELAY:
        case BN_SIM_FAULT_DROP:
        case BN_SIM_FAULT_TRUNCATE:
        case BN_SIM_FAULT_STALL:
        case BN_SIM_FAULT_SLOW:
        default:
          break;
        }
    }

  bn_sim_api_handle (&request);

  if (!watch)
    maybe_compress (self, msg);

  if (request.fault != NULL && !watch &&
      (request.fault->action == BN_SIM_FAULT_DROP || request.fault->action == BN_SIM_FAULT_TRUNCATE) &&
      soup_message_headers_get_encoding (soup_server_message_get_response_headers (msg)) == SOUP_ENCODING_CONTENT_LENGTH)
    damage_body (msg, request.fault);
  else if (request.fault != NULL && !watch && request.fault->action == BN_SIM_FAULT_SLOW &&
           soup_server_message_get_status (msg) != 0 &&
           soup_message_headers_get_encoding (soup_server_message_get_response_headers (msg)) == SOUP_ENCODING_CONTENT_LENGTH)
    slow_down_body (msg, request.fault);

  g_free (request.namespace);
  g_free (request.name);
  g_free (request.subresource);
}

typedef struct
{
  BnSimServer       *server;
  SoupServerMessage *msg;
  char              *path;
  GHashTable        *query;
} Delayed;

static gboolean
serve_delayed_cb (gpointer data)
{
  Delayed *delayed = data;

  serve (delayed->server, delayed->msg, delayed->path, delayed->query);
  soup_server_message_unpause (delayed->msg);

  g_object_unref (delayed->server);
  g_object_unref (delayed->msg);
  g_free (delayed->path);
  g_clear_pointer (&delayed->query, g_hash_table_unref);
  g_free (delayed);
  return G_SOURCE_REMOVE;
}

static void
handle_request_cb (SoupServer        *soup,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  BnSimServer *self = user_data;
  const char *upgrade = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Upgrade");
  const BnSimUser *user = authenticate (self, msg);
  BnSimFault *delay = NULL;

  log_request (self, msg, user);
  add_common_headers (self, msg);
  track_socket (self, msg);

  /* WebSocket upgrades (exec, attach) are checked by the API and, if
   * accepted, left without a status so libsoup completes the handshake.
   */
  if (upgrade != NULL && g_ascii_strcasecmp (upgrade, "websocket") == 0)
    {
      serve (self, msg, path, query);
      return;
    }

  for (guint i = 0; i < self->faults->len; i++)
    {
      BnSimFault *fault = g_ptr_array_index (self->faults, i);

      if (fault->action == BN_SIM_FAULT_DELAY && fault->remaining != 0 &&
          (fault->path == NULL || g_str_has_prefix (path, fault->path)) &&
          (fault->method == NULL || g_ascii_strcasecmp (fault->method, soup_server_message_get_method (msg)) == 0))
        {
          delay = fault;
          break;
        }
    }

  if (delay != NULL)
    {
      Delayed *delayed = g_new0 (Delayed, 1);

      if (delay->remaining > 0)
        delay->remaining--;
      delayed->server = g_object_ref (self);
      delayed->msg = g_object_ref (msg);
      delayed->path = g_strdup (path);
      delayed->query = query ? g_hash_table_ref (query) : NULL;
      soup_server_message_pause (msg);
      g_timeout_add (delay->delay_ms, serve_delayed_cb, delayed);
      return;
    }

  serve (self, msg, path, query);
}

static gboolean
parse_address (const char      *address,
               GSocketAddress **out,
               GError         **error)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GSocketAddressEnumerator) enumerator = NULL;

  connectable = g_network_address_parse (address, 0, error);
  if (connectable == NULL)
    return FALSE;

  enumerator = g_socket_connectable_enumerate (connectable);
  *out = g_socket_address_enumerator_next (enumerator, NULL, error);
  return *out != NULL;
}

/* GTlsFileDatabase reads its anchors from the file again at each
 * handshake: the file (the CA certificate, public) stays until the
 * server goes.
 */
static GTlsDatabase *
new_ca_database (BnSimServer  *self,
                 const char   *ca_pem,
                 GError      **error)
{
  int fd;

  g_return_val_if_fail (self->ca_file == NULL, NULL);

  if ((fd = g_file_open_tmp ("binnacle-sim-ca-XXXXXX.pem", &self->ca_file, error)) < 0)
    return NULL;
  close (fd);
  if (!g_file_set_contents (self->ca_file, ca_pem, -1, error))
    return NULL;
  return g_tls_file_database_new (self->ca_file, error);
}

/* glib-networking asks about every client certificate on a server
 * connection, even one the database verified: take exactly those.
 */
static gboolean
accept_certificate_cb (SoupServerMessage    *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  return errors == 0;
}

/* Emitted before the TLS handshake of a new connection, too. */
static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), NULL);
}

/* Clients may present a certificate signed by the sim's CA; with a
 * generated CA the sim also issues one for the client context.
 */
static gboolean
setup_client_certificates (BnSimServer       *self,
                           BnSimTlsMaterial  *tls,
                           GError           **error)
{
  g_autoptr(GTlsDatabase) database = new_ca_database (self, tls->ca_pem, error);
  static const char * const groups[] = { "system:masters", NULL };

  if (database == NULL)
    return FALSE;
  soup_server_set_tls_database (self->soup, database);
  soup_server_set_tls_auth_mode (self->soup, G_TLS_AUTHENTICATION_REQUESTED);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), NULL);

  if (self->client_context == NULL || tls->ca_key_pem == NULL)
    return TRUE;
  return bn_sim_tls_material_issue_client (tls, self->client_context, groups,
                                           &self->client_cert_pem, &self->client_key_pem, error);
}

/**
 * bn_sim_server_set_client_certificate_context:
 * @name: (nullable): the user and context name, e.g. "cert-admin"
 *
 * Before listening: makes the kubeconfig carry one more context, whose
 * user authenticates with a client certificate (CN @name, O
 * system:masters) signed by the generated CA.
 */
void
bn_sim_server_set_client_certificate_context (BnSimServer *self,
                                              const char  *name)
{
  g_return_if_fail (BN_SIM_IS_SERVER (self));

  g_free (self->client_context);
  self->client_context = g_strdup (name);
}

/**
 * bn_sim_server_listen:
 * @address: "127.0.0.1:PORT"; port 0 picks a free one
 * @tls: (nullable): serve HTTPS with this material, plain HTTP without
 */
gboolean
bn_sim_server_listen (BnSimServer       *self,
                      const char        *address,
                      BnSimTlsMaterial  *tls,
                      GError           **error)
{
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;

  g_return_val_if_fail (BN_SIM_IS_SERVER (self), FALSE);

  if (tls != NULL && (certificate = bn_sim_tls_material_dup_certificate (tls, error)) == NULL)
    return FALSE;

  self->soup = soup_server_new ("server-header", "binnacle-sim",
                                "tls-certificate", certificate,
                                NULL);
  if (tls != NULL && !setup_client_certificates (self, tls, error))
    return FALSE;
  soup_server_add_handler (self->soup, NULL, handle_request_cb, self, NULL);
  bn_sim_exec_register (self);

  if (!parse_address (address, &socket_address, error))
    return FALSE;

  self->https = tls != NULL;
  return soup_server_listen (self->soup, socket_address,
                             tls ? SOUP_SERVER_LISTEN_HTTPS : 0, error);
}

gboolean
bn_sim_server_listen_control (BnSimServer  *self,
                              const char   *address,
                              GError      **error)
{
  g_autoptr(GSocketAddress) socket_address = NULL;

  g_return_val_if_fail (BN_SIM_IS_SERVER (self), FALSE);

  if (!parse_address (address, &socket_address, error))
    return FALSE;

  if (!G_IS_INET_SOCKET_ADDRESS (socket_address) ||
      !g_inet_address_get_is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (socket_address))))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The control endpoint only listens on a loopback address");
      return FALSE;
    }

  self->control = soup_server_new ("server-header", "binnacle-sim-control", NULL);
  bn_sim_control_register (self);
  return soup_server_listen (self->control, socket_address, 0, error);
}

/* From the listening socket rather than soup_server_get_uris(), which
 * leaks the address in libsoup 3.2.
 */
static char *
dup_first_url (SoupServer *soup,
               gboolean    https)
{
  g_autoptr(GSList) listeners = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *host = NULL;

  if (soup == NULL || (listeners = soup_server_get_listeners (soup)) == NULL)
    return NULL;

  address = g_socket_get_local_address (listeners->data, NULL);
  if (address == NULL || !G_IS_INET_SOCKET_ADDRESS (address))
    return NULL;

  host = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
  return g_strdup_printf (strchr (host, ':') ? "%s://[%s]:%u" : "%s://%s:%u",
                          https ? "https" : "http", host,
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
}

/**
 * bn_sim_server_dup_url:
 *
 * Returns: (transfer full) (nullable): "https://127.0.0.1:PORT"
 */
char *
bn_sim_server_dup_url (BnSimServer *self)
{
  g_return_val_if_fail (BN_SIM_IS_SERVER (self), NULL);

  return dup_first_url (self->soup, self->https);
}

char *
bn_sim_server_dup_control_url (BnSimServer *self)
{
  g_return_val_if_fail (BN_SIM_IS_SERVER (self), NULL);

  return dup_first_url (self->control, FALSE);
}

static void
append_yaml_string (GString    *out,
                    const char *value)
{
  /* JSON strings are valid YAML scalars and need no further quoting rules. */
  bn_sim_json_append_string (out, value);
}

/**
 * bn_sim_server_write_kubeconfig:
 * @ca_pem: (nullable): the CA to trust, for HTTPS
 *
 * Writes a kubeconfig with one cluster, one user per token and one
 * context per user, the admin context current.
 */
gboolean
bn_sim_server_write_kubeconfig (BnSimServer  *self,
                                const char   *path,
                                const char   *ca_pem,
                                GError      **error)
{
  g_autoptr(GString) out = g_string_new ("apiVersion: v1\nkind: Config\n");
  g_autofree char *url = bn_sim_server_dup_url (self);
  g_autofree char *ca_data = NULL;

  g_return_val_if_fail (BN_SIM_IS_SERVER (self), FALSE);

  g_string_append (out, "clusters:\n- name: binnacle-sim\n  cluster:\n    server: ");
  append_yaml_string (out, url);
  g_string_append_c (out, '\n');
  if (ca_pem != NULL)
    {
      ca_data = g_base64_encode ((const guchar *) ca_pem, strlen (ca_pem));
      g_string_append_printf (out, "    certificate-authority-data: %s\n", ca_data);
    }

  g_string_append (out, "users:\n");
  for (guint i = 0; i < self->users->len; i++)
    {
      const BnSimUser *user = g_ptr_array_index (self->users, i);

      g_string_append (out, "- name: ");
      append_yaml_string (out, user->name);
      g_string_append (out, "\n  user:\n    token: ");
      append_yaml_string (out, user->token);
      g_string_append_c (out, '\n');
    }
  if (self->client_cert_pem != NULL)
    {
      g_autofree char *cert_data = g_base64_encode ((const guchar *) self->client_cert_pem, strlen (self->client_cert_pem));
      g_autofree char *key_data = g_base64_encode ((const guchar *) self->client_key_pem, strlen (self->client_key_pem));

      g_string_append (out, "- name: ");
      append_yaml_string (out, self->client_context);
      g_string_append_printf (out, "\n  user:\n    client-certificate-data: %s\n    client-key-data: %s\n",
                              cert_data, key_data);
      memset (key_data, 0, strlen (key_data));
    }

  g_string_append (out, "contexts:\n");
  for (guint i = 0; i < self->users->len; i++)
    {
      const BnSimUser *user = g_ptr_array_index (self->users, i);
      const char *namespace = g_str_equal (user->name, "developer") ? "dev" : "default";

      g_string_append (out, "- name: ");
      append_yaml_string (out, user->name);
      g_string_append (out, "\n  context:\n    cluster: binnacle-sim\n    user: ");
      append_yaml_string (out, user->name);
      g_string_append_printf (out, "\n    namespace: %s\n", namespace);
    }
  if (self->client_cert_pem != NULL)
    {
      g_string_append (out, "- name: ");
      append_yaml_string (out, self->client_context);
      g_string_append (out, "\n  context:\n    cluster: binnacle-sim\n    user: ");
      append_yaml_string (out, self->client_context);
      g_string_append (out, "\n    namespace: default\n");
    }

  if (self->users->len > 0)
    {
      const BnSimUser *first = g_ptr_array_index (self->users, 0);

      g_string_append (out, "current-context: ");
      append_yaml_string (out, first->name);
      g_string_append_c (out, '\n');
    }

  return g_file_set_contents_full (path, out->str, out->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}
