/* test-api-client.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "bn-api-client.h"
#include "bn-kube-error.h"
#include "bn-test-server.h"
#include "bn-test-tls.h"

typedef struct
{
  GBytes   *body;
  GError   *error;
  gboolean  done;
} Result;

static void
on_request_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      data)
{
  Result *res = data;

  res->body = bn_api_client_request_finish (BN_API_CLIENT (object), result, &res->error);
  res->done = TRUE;
}

static GBytes *
request (BnApiClient   *client,
         const char    *method,
         const char    *path,
         GCancellable  *cancellable,
         GError       **error)
{
  Result res = { 0 };

  bn_api_client_request_async (client, method, path, NULL, cancellable, on_request_done_cb, &res);
  while (!res.done)
    g_main_context_iteration (NULL, TRUE);
  if (res.error != NULL)
    g_propagate_error (error, res.error);
  return res.body;
}

static BnApiClient *
client_for (BnTestServer *server)
{
  g_autoptr(BnClusterInfo) cluster = bn_test_server_cluster_info (server);
  g_autoptr(BnAuthInfo) auth = bn_test_server_auth_info (server);
  g_autoptr(GError) error = NULL;
  BnApiClient *client = bn_api_client_new (cluster, auth, &error);

  g_assert_no_error (error);
  return client;
}

static void
test_new_destroy (void)
{
  BnTestServer *server = bn_test_server_new (FALSE);
  BnApiClient *client = client_for (server);

  g_assert_true (bn_api_client_get_locked (client));
  g_assert_finalize_object (client);
  bn_test_server_free (server);
}

static void
test_bad_server (void)
{
  g_autoptr(BnClusterInfo) cluster = bn_cluster_info_new ();
  g_autoptr(GError) error = NULL;
  BnApiClient *client;

  cluster->server = g_strdup ("ftp://example.test");
  client = bn_api_client_new (cluster, NULL, &error);
  g_assert_null (client);
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG);
}

static void
test_tls_trust (void)
{
  BnTestServer *server = bn_test_server_new (TRUE);
  g_autoptr(BnClusterInfo) cluster = bn_test_server_cluster_info (server);
  g_autofree char *other = g_test_build_filename (G_TEST_DIST, "kube", "data", "other-ca.crt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(BnApiClient) trusted = NULL;
  g_autoptr(BnApiClient) untrusted = NULL;
  g_autoptr(BnApiClient) insecure = NULL;

  bn_test_server_add_pods (server, 3);

  trusted = bn_api_client_new (cluster, NULL, &error);
  g_assert_no_error (error);
  body = request (trusted, "GET", "/api/v1/pods", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "pod-00002"));
  g_clear_pointer (&body, g_bytes_unref);

  /* the cluster's CA data works like its file */
  {
    g_autofree char *pem = NULL;

    g_assert_true (g_file_get_contents (cluster->certificate_authority, &pem, NULL, NULL));
    g_clear_pointer (&cluster->certificate_authority, g_free);
    cluster->certificate_authority_data = g_bytes_new_take (g_steal_pointer (&pem), strlen (pem));
  }
  g_clear_object (&trusted);
  trusted = bn_api_client_new (cluster, NULL, &error);
  g_assert_no_error (error);
  body = request (trusted, "GET", "/api/v1/pods", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&body, g_bytes_unref);

  g_clear_pointer (&cluster->certificate_authority_data, g_bytes_unref);
  cluster->certificate_authority = g_strdup (other);
  untrusted = bn_api_client_new (cluster, NULL, &error);
  g_assert_no_error (error);
  body = request (untrusted, "GET", "/api/v1/pods", NULL, &error);
  g_assert_null (body);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_clear_error (&error);

  g_clear_pointer (&cluster->certificate_authority, g_free);
  cluster->insecure_skip_tls_verify = TRUE;
  insecure = bn_api_client_new (cluster, NULL, &error);
  g_assert_no_error (error);
  body = request (insecure, "GET", "/api/v1/pods", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (body);

  g_clear_object (&trusted);
  g_clear_object (&untrusted);
  g_clear_object (&insecure);
  bn_test_server_free (server);
}

static void
test_status_errors (void)
{
  BnTestServer *server = bn_test_server_new (FALSE);
  g_autoptr(BnApiClient) client = client_for (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = request (client, "GET", "/api/v1/nothing", NULL, &error);
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "the server could not find the requested resource");
  g_assert_cmpstr (bn_kube_error_get_status_reason (error), ==, "NotFound");
  g_assert_cmpuint (bn_kube_error_get_status_code (error), ==, 404);
  g_clear_error (&error);

  bn_test_server_forbid_pods (server, TRUE);
  body = request (client, "GET", "/api/v1/pods", NULL, &error);
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_FORBIDDEN);
  g_assert_cmpstr (error->message, ==,
                   "pods is forbidden: User \"viewer\" cannot list resource \"pods\" in API group \"\" "
                   "at the cluster scope");
  g_assert_cmpstr (bn_kube_error_get_status_reason (error), ==, "Forbidden");
  g_assert_cmpuint (bn_kube_error_get_status_code (error), ==, 403);
  g_clear_error (&error);

  /* a plain-text 429 (API Priority and Fairness) on a request that is not retried: its text
   * is the message, the reason is the one its status stands for */
  bn_test_server_forbid_pods (server, FALSE);
  bn_api_client_set_locked (client, FALSE);
  bn_test_server_fail_next (server, 429, 1, NULL, TRUE);
  body = request (client, "POST", "/api/v1/namespaces/a/pods", NULL, &error);
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_TOO_MANY_REQUESTS);
  g_assert_cmpstr (error->message, ==, "Too many requests, please try again later.");
  g_assert_cmpstr (bn_kube_error_get_status_reason (error), ==, "TooManyRequests");
  g_assert_cmpuint (bn_kube_error_get_status_code (error), ==, 429);
  g_clear_error (&error);

  /* the same as a Status */
  bn_test_server_fail_next (server, 429, 1, NULL, FALSE);
  body = request (client, "POST", "/api/v1/namespaces/a/pods", NULL, &error);
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_TOO_MANY_REQUESTS);
  g_assert_cmpstr (error->message, ==, "slow down");
  g_assert_cmpstr (bn_kube_error_get_status_reason (error), ==, "TooManyRequests");
  g_clear_error (&error);

  g_clear_object (&client);
  bn_test_server_free (server);
}

static char *
dup_continue_token (GBytes *list)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *metadata;

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (list, NULL),
                                             g_bytes_get_size (list), NULL));
  metadata = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                            "metadata");
  return g_strdup (json_object_get_string_member (metadata, "continue"));
}

static void
test_expired_continue (void)
{
  BnTestServer *server = bn_test_server_new (FALSE);
  g_autoptr(BnApiClient) client = client_for (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;

  bn_test_server_add_pods (server, 5);
  body = request (client, "GET", "/api/v1/pods?limit=2", NULL, &error);
  g_assert_no_error (error);
  token = dup_continue_token (body);
  g_assert_nonnull (token);
  g_clear_pointer (&body, g_bytes_unref);

  bn_test_server_modify_pods (server, 2);
  bn_test_server_compact (server);
  escaped = g_uri_escape_string (token, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/pods?limit=2&continue=%s", escaped);
  body = request (client, "GET", path, NULL, &error);
  g_assert_null (body);
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_GONE);
  g_assert_cmpstr (bn_kube_error_get_status_reason (error), ==, "Expired");
  g_assert_cmpuint (bn_kube_error_get_status_code (error), ==, 410);
  g_assert_true (g_str_has_prefix (error->message, "The provided continue parameter is too old"));

  g_clear_object (&client);
  bn_test_server_free (server);
}

static void
test_retry_after (void)
{
  BnTestServer *server = bn_test_server_new (FALSE);
  g_autoptr(BnApiClient) client = client_for (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  gint64 start;

  bn_test_server_fail_next (server, 429, 1, "1", FALSE);
  start = g_get_monotonic_time ();
  body = request (client, "GET", "/api/v1/pods", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (body);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 950 * 1000);
  g_assert_cmpuint (bn_test_server_count_requests (server, "GET", "/api/v1/pods", NULL), ==, 2);
  g_clear_pointer (&body, g_bytes_unref);

  /* two 500s, then success: retried with backoff */
  bn_test_server_fail_next (server, 500, 2, NULL, FALSE);
  body = request (client, "GET", "/api/v1/pods", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bn_test_server_count_requests (server, "GET", "/api/v1/pods", NULL), ==, 5);

  g_clear_object (&client);
  bn_test_server_free (server);
}

static void
test_read_only_guard (void)
{
  static const char * const mutating[] = { "POST", "PUT", "PATCH", "DELETE" };
  BnTestServer *server = bn_test_server_new (FALSE);
  g_autoptr(BnApiClient) client = client_for (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  g_assert_true (bn_api_client_get_locked (client));
  for (guint i = 0; i < G_N_ELEMENTS (mutating); i++)
    {
      body = request (client, mutating[i], "/api/v1/namespaces/a/pods", NULL, &error);
      g_assert_null (body);
      g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_READ_ONLY);
      g_clear_error (&error);
    }
  /* look-alike paths do not pass as reviews */
  body = request (client, "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/../../../api/v1/pods",
                  NULL, &error);
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_cmpuint (bn_test_server_count_requests (server, NULL, NULL, NULL), ==, 0);

  body = request (client, "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&body, g_bytes_unref);
  g_assert_cmpuint (bn_test_server_count_requests (server, "POST", NULL, NULL), ==, 1);

  bn_api_client_set_locked (client, FALSE);
  body = request (client, "DELETE", "/api/v1/namespaces/a/pods", NULL, &error);
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpuint (bn_test_server_count_requests (server, "DELETE", NULL, NULL), ==, 1);

  g_clear_object (&client);
  bn_test_server_free (server);
}

static void
test_unauthorized_refresh (void)
{
  BnTestServer *server = bn_test_server_new (FALSE);
  g_autoptr(BnClusterInfo) cluster = bn_test_server_cluster_info (server);
  g_autoptr(BnAuthInfo) auth = bn_auth_info_new ();
  g_autoptr(BnApiClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bn-token-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "token", NULL);

  bn_test_server_set_token (server, "good");
  g_assert_true (g_file_set_contents (file, "stale\n", -1, NULL));
  auth->token_file = g_strdup (file);
  client = bn_api_client_new (cluster, auth, &error);
  g_assert_no_error (error);

  /* a rejected token is read again once, then the 401 stands */
  body = request (client, "GET", "/api/v1/pods", NULL, &error);
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_cmpuint (bn_test_server_count_requests (server, "GET", NULL, NULL), ==, 2);

  /* rotated on disk: the changed file is read again before the next request */
  g_assert_true (g_file_set_contents (file, "good\n", -1, NULL));
  body = request (client, "GET", "/api/v1/pods", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (body);
  g_assert_cmpuint (bn_test_server_count_requests (server, "GET", NULL, NULL), ==, 3);

  g_clear_object (&client);
  bn_test_server_free (server);
  g_unlink (file);
  g_rmdir (dir);
}

static void
test_headers (void)
{
  BnTestServer *server = bn_test_server_new (FALSE);
  g_autoptr(BnApiClient) client = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  BnTestRequest *sent;

  bn_test_server_set_token (server, "secret-token");
  client = client_for (server);
  body = request (client, "GET", "/api/v1/pods?limit=500", NULL, &error);
  g_assert_no_error (error);

  requests = bn_test_server_dup_requests (server);
  g_assert_cmpuint (requests->len, ==, 1);
  sent = g_ptr_array_index (requests, 0);
  g_assert_cmpstr (sent->user_agent, ==, "binnacle/" PACKAGE_VERSION);
  g_assert_cmpstr (sent->authorization, ==, "Bearer secret-token");
  g_assert_cmpstr (sent->query, ==, "limit=500");
  g_assert_nonnull (strstr (sent->accept_encoding, "gzip"));

  g_clear_object (&client);
  bn_test_server_free (server);
}

/* A forwarding HTTP proxy on 127.0.0.1 ******************************************************/

/* It answers CONNECT with a tunnel and forwards absolute-form requests (plain HTTP) as they
 * are, one connection to one origin; it keeps the first request line of every connection. */
typedef struct
{
  GSocketService *service;
  guint16         port;
  char           *origin;          /* a relay to one origin (host:port) rather than a proxy */
  GMutex          mutex;
  GPtrArray      *request_lines;   /* for a relay: the server name of each TLS ClientHello */
} TestProxy;

static void
test_proxy_record (TestProxy  *proxy,
                   const char *line)
{
  g_mutex_lock (&proxy->mutex);
  g_ptr_array_add (proxy->request_lines, g_strdup (line));
  g_mutex_unlock (&proxy->mutex);
}

static char *
read_request_head (GInputStream *input)
{
  g_autoptr(GString) head = g_string_new (NULL);
  char c;

  /* byte by byte so nothing past the head is taken from the stream */
  while (!g_str_has_suffix (head->str, "\r\n\r\n"))
    {
      if (g_input_stream_read (input, &c, 1, NULL, NULL) != 1 || head->len > 16 * 1024)
        return NULL;
      g_string_append_c (head, c);
    }
  return g_string_free (g_steal_pointer (&head), FALSE);
}

static char *
origin_of (const char *method,
           const char *target)
{
  g_autoptr(GUri) uri = NULL;

  if (g_str_equal (method, "CONNECT"))
    return g_strdup (target);
  uri = g_uri_parse (target, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "http") != 0)
    return NULL;
  return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : 80);
}

static void
on_splice_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      data)
{
  gboolean *done = data;

  g_io_stream_splice_finish (result, NULL);
  *done = TRUE;
}

/* Runs in a thread of the service: blocks until both sides are done. */
static void
splice_until_closed (GSocketConnection *connection,
                     GSocketConnection *upstream)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  gboolean done = FALSE;

  g_main_context_push_thread_default (context);
  g_io_stream_splice_async (G_IO_STREAM (connection), G_IO_STREAM (upstream),
                            G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                            G_PRIORITY_DEFAULT, NULL, on_splice_done_cb, &done);
  while (!done)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
}

static guint
read_be (const guint8 *p,
         guint         n)
{
  guint value = 0;

  for (guint i = 0; i < n; i++)
    value = (value << 8) | p[i];
  return value;
}

/* The server_name extension of a TLS ClientHello record, or "(none)" */
static char *
client_hello_server_name (const guint8 *record,
                          gsize         len)
{
  gsize pos = 5 + 4 + 2 + 32;   /* record header, handshake header, version, random */
  gsize extensions_end;

  if (len < pos + 1 || record[0] != 0x16 || record[5] != 0x01)
    return NULL;
  pos += 1 + record[pos];                                /* session id */
  if (len < pos + 2)
    return NULL;
  pos += 2 + read_be (record + pos, 2);                  /* cipher suites */
  if (len < pos + 1)
    return NULL;
  pos += 1 + record[pos];                                /* compression methods */
  if (len < pos + 2)
    return NULL;
  extensions_end = MIN (len, pos + 2 + read_be (record + pos, 2));
  pos += 2;
  while (pos + 4 <= extensions_end)
    {
      guint type = read_be (record + pos, 2);
      guint size = read_be (record + pos + 2, 2);

      pos += 4;
      /* server_name: list length (2), name type (1), name length (2), name */
      if (type == 0 && size >= 5 && pos + size <= extensions_end)
        return g_strndup ((const char *) record + pos + 5, MIN (read_be (record + pos + 3, 2), size - 5));
      pos += size;
    }
  return g_strdup ("(none)");
}

static gboolean
on_relay_run_cb (GThreadedSocketService *service,
                 GSocketConnection      *connection,
                 GObject                *source_object,
                 gpointer                data)
{
  TestProxy *proxy = data;
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autofree guint8 *record = NULL;
  g_autofree char *server_name = NULL;
  guint8 header[5];
  gsize length;

  g_socket_set_timeout (g_socket_connection_get_socket (connection), 30);
  if (!g_input_stream_read_all (input, header, sizeof header, NULL, NULL, NULL))
    return TRUE;
  length = sizeof header + read_be (header + 3, 2);
  record = g_malloc (length);
  memcpy (record, header, sizeof header);
  if (!g_input_stream_read_all (input, record + sizeof header, length - sizeof header, NULL, NULL, NULL))
    return TRUE;
  server_name = client_hello_server_name (record, length);
  test_proxy_record (proxy, server_name ? server_name : "(not a ClientHello)");

  g_socket_client_set_enable_proxy (client, FALSE);
  upstream = g_socket_client_connect_to_host (client, proxy->origin, 443, NULL, NULL);
  if (upstream == NULL)
    return TRUE;
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (upstream)), record, length,
                             NULL, NULL, NULL);
  splice_until_closed (connection, upstream);
  return TRUE;
}

static gboolean
on_proxy_run_cb (GThreadedSocketService *service,
                 GSocketConnection      *connection,
                 GObject                *source_object,
                 gpointer                data)
{
  static const char established[] = "HTTP/1.1 200 Connection established\r\n\r\n";
  static const char bad_gateway[] = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  TestProxy *proxy = data;
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autofree char *head = NULL;
  g_autofree char *origin = NULL;
  g_auto(GStrv) request_line = NULL;

  g_socket_set_timeout (g_socket_connection_get_socket (connection), 30);
  head = read_request_head (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  if (head == NULL)
    return TRUE;
  request_line = g_strsplit (head, " ", 3);
  if (g_strv_length (request_line) < 3)
    return TRUE;

  {
    g_autofree char *line = g_strdup_printf ("%s %s", request_line[0], request_line[1]);

    test_proxy_record (proxy, line);
  }

  /* the client resolver would go through the proxy resolver again: connect directly */
  g_socket_client_set_enable_proxy (client, FALSE);
  origin = origin_of (request_line[0], request_line[1]);
  if (origin != NULL)
    upstream = g_socket_client_connect_to_host (client, origin, 80, NULL, NULL);
  if (upstream == NULL)
    {
      g_output_stream_write_all (output, bad_gateway, strlen (bad_gateway), NULL, NULL, NULL);
      return TRUE;
    }

  if (g_str_equal (request_line[0], "CONNECT"))
    g_output_stream_write_all (output, established, strlen (established), NULL, NULL, NULL);
  else
    g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (upstream)),
                               head, strlen (head), NULL, NULL, NULL);

  splice_until_closed (connection, upstream);
  return TRUE;
}

/* A proxy, or with @origin a relay to it that keeps the server names of TLS handshakes */
static TestProxy *
test_proxy_new (const char *origin)
{
  TestProxy *proxy = g_new0 (TestProxy, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&proxy->mutex);
  proxy->request_lines = g_ptr_array_new_with_free_func (g_free);
  proxy->service = g_threaded_socket_service_new (8);
  g_socket_listener_add_address (G_SOCKET_LISTENER (proxy->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  proxy->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  proxy->origin = g_strdup (origin);
  g_signal_connect (proxy->service, "run",
                    origin ? G_CALLBACK (on_relay_run_cb) : G_CALLBACK (on_proxy_run_cb), proxy);
  g_socket_service_start (proxy->service);
  return proxy;
}

static char *
test_proxy_dup_url (TestProxy *proxy)
{
  return g_strdup_printf ("http://127.0.0.1:%u", proxy->port);
}

static GPtrArray *
test_proxy_dup_request_lines (TestProxy *proxy)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  g_mutex_lock (&proxy->mutex);
  for (guint i = 0; i < proxy->request_lines->len; i++)
    g_ptr_array_add (lines, g_strdup (g_ptr_array_index (proxy->request_lines, i)));
  g_mutex_unlock (&proxy->mutex);
  return lines;
}

static void
test_proxy_free (TestProxy *proxy)
{
  g_socket_service_stop (proxy->service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));
  g_object_unref (proxy->service);
  g_ptr_array_unref (proxy->request_lines);
  g_free (proxy->origin);
  g_mutex_clear (&proxy->mutex);
  g_free (proxy);
}

static char *
authority_of (BnClusterInfo *cluster)
{
  g_autoptr(GUri) uri = g_uri_parse (cluster->server, G_URI_FLAGS_NONE, NULL);

  return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
}

/* HTTPS goes through a CONNECT tunnel (the cluster's CA still in charge), plain HTTP to the
 * proxy in absolute form */
static void
test_proxy (gconstpointer data)
{
  gboolean tls = GPOINTER_TO_INT (data);
  BnTestServer *server = bn_test_server_new (tls);
  TestProxy *proxy = test_proxy_new (NULL);
  g_autoptr(BnClusterInfo) cluster = bn_test_server_cluster_info (server);
  g_autoptr(BnApiClient) client = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *authority = authority_of (cluster);
  g_autofree char *expected = NULL;

  if (tls)
    expected = g_strdup_printf ("CONNECT %s", authority);
  else
    expected = g_strdup_printf ("GET %s/api/v1/pods?limit=1", cluster->server);

  bn_test_server_add_pods (server, 2);
  cluster->proxy_url = test_proxy_dup_url (proxy);
  client = bn_api_client_new (cluster, NULL, &error);
  g_assert_no_error (error);

  body = request (client, "GET", "/api/v1/pods?limit=1", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "pod-00000"));

  lines = test_proxy_dup_request_lines (proxy);
  g_assert_cmpuint (lines->len, >=, 1);
  for (guint i = 0; i < lines->len; i++)
    g_assert_cmpstr (g_ptr_array_index (lines, i), ==, expected);
  g_assert_cmpuint (bn_test_server_count_requests (server, "GET", "/api/v1/pods", NULL), ==, 1);

  g_clear_object (&client);
  bn_test_server_free (server);
  test_proxy_free (proxy);
}

static void
test_proxy_unreachable (void)
{
  BnTestServer *server = bn_test_server_new (FALSE);
  TestProxy *proxy = test_proxy_new (NULL);
  g_autoptr(BnClusterInfo) cluster = bn_test_server_cluster_info (server);
  g_autoptr(BnApiClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  /* a proxy that is gone: the request fails rather than going around it */
  cluster->proxy_url = test_proxy_dup_url (proxy);
  test_proxy_free (proxy);
  client = bn_api_client_new (cluster, NULL, &error);
  g_assert_no_error (error);
  bn_api_client_set_locked (client, FALSE);
  body = request (client, "POST", "/api/v1/namespaces/a/pods", NULL, &error);
  g_assert_null (body);
  g_assert_nonnull (error);
  g_assert_cmpuint (bn_test_server_count_requests (server, NULL, NULL, NULL), ==, 0);

  g_clear_object (&client);
  bn_test_server_free (server);
}

/* tls-server-name *****************************************************************************/

/* The server names the relay saw since @seen, all of which must be @expected; with %NULL,
 * none of them may be one of ours (what goes for an address is up to the TLS library). */
static void
assert_server_names (TestProxy  *relay,
                     guint      *seen,
                     const char *expected)
{
  g_autoptr(GPtrArray) names = test_proxy_dup_request_lines (relay);

  g_assert_cmpuint (names->len, >, *seen);
  for (guint i = *seen; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (expected != NULL)
        g_assert_cmpstr (name, ==, expected);
      else
        g_assert_false (g_str_has_prefix (name, "kubernetes."));
    }
  *seen = names->len;
}

static void
test_tls_server_name (void)
{
  g_autofree char *certificate_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *both = NULL;
  g_autofree char *origin = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(BnClusterInfo) cluster = NULL;
  g_autoptr(BnApiClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  BnTestServer *server;
  TestProxy *relay;
  guint seen = 0;

  /* a certificate for a name only, served at https://127.0.0.1:PORT; the client reaches it
   * through a relay that notes the server name (SNI) of each handshake */
  bn_test_tls_make_server_certificate ("kubernetes.default.svc", &certificate_pem, &key_pem);
  both = g_strconcat (certificate_pem, key_pem, NULL);
  certificate = g_tls_certificate_new_from_pem (both, -1, &error);
  g_assert_no_error (error);
  server = bn_test_server_new_with_certificate (certificate);
  cluster = bn_test_server_cluster_info (server);
  g_assert_true (g_str_has_prefix (cluster->server, "https://127.0.0.1:"));
  origin = authority_of (cluster);
  relay = test_proxy_new (origin);
  g_free (cluster->server);
  cluster->server = g_strdup_printf ("https://127.0.0.1:%u", relay->port);
  cluster->certificate_authority_data = g_bytes_new (certificate_pem, strlen (certificate_pem));
  bn_test_server_add_pods (server, 1);

  /* trusted, but not for 127.0.0.1 */
  client = bn_api_client_new (cluster, NULL, &error);
  g_assert_no_error (error);
  body = request (client, "GET", "/api/v1/pods", NULL, &error);
  g_assert_null (body);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_clear_error (&error);
  g_clear_object (&client);
  assert_server_names (relay, &seen, NULL);

  /* another name is no better */
  cluster->tls_server_name = g_strdup ("kubernetes.other.svc");
  client = bn_api_client_new (cluster, NULL, &error);
  g_assert_no_error (error);
  body = request (client, "GET", "/api/v1/pods", NULL, &error);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_clear_error (&error);
  g_clear_object (&client);
  assert_server_names (relay, &seen, "kubernetes.other.svc");

  /* the name it was made for, sent as the server name as kubectl sends it */
  g_free (cluster->tls_server_name);
  cluster->tls_server_name = g_strdup ("kubernetes.default.svc");
  client = bn_api_client_new (cluster, NULL, &error);
  g_assert_no_error (error);
  body = request (client, "GET", "/api/v1/pods", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "pod-00000"));
  g_assert_cmpuint (bn_test_server_count_requests (server, "GET", "/api/v1/pods", NULL), ==, 1);
  assert_server_names (relay, &seen, "kubernetes.default.svc");

  g_clear_object (&client);
  bn_test_server_free (server);
  test_proxy_free (relay);
}

static gboolean
cancel_later_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_and_shutdown (void)
{
  BnTestServer *server = bn_test_server_new (FALSE);
  BnApiClient *client = client_for (server);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  Result pending = { 0 };
  gint64 start = g_get_monotonic_time ();

  /* a long Retry-After: only cancelling ends the wait */
  bn_test_server_fail_next (server, 503, 10, "30", FALSE);
  g_timeout_add (100, cancel_later_cb, cancellable);
  body = request (client, "GET", "/api/v1/pods", cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_clear_error (&error);

  /* shutting down with a request waiting: it ends cancelled, nothing leaks */
  bn_api_client_request_async (client, "GET", "/api/v1/pods", NULL, NULL, on_request_done_cb, &pending);
  g_usleep (100 * 1000);
  bn_api_client_shutdown (client);
  while (!pending.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (pending.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&pending.error);

  body = request (client, "GET", "/api/v1/pods", NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_assert_finalize_object (client);
  bn_test_server_free (server);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/binnacle/api-client/new-destroy", test_new_destroy);
  g_test_add_func ("/binnacle/api-client/bad-server", test_bad_server);
  g_test_add_func ("/binnacle/api-client/tls-trust", test_tls_trust);
  g_test_add_func ("/binnacle/api-client/tls-server-name", test_tls_server_name);
  g_test_add_data_func ("/binnacle/api-client/proxy-https", GINT_TO_POINTER (TRUE), test_proxy);
  g_test_add_data_func ("/binnacle/api-client/proxy-http", GINT_TO_POINTER (FALSE), test_proxy);
  g_test_add_func ("/binnacle/api-client/proxy-unreachable", test_proxy_unreachable);
  g_test_add_func ("/binnacle/api-client/status-errors", test_status_errors);
  g_test_add_func ("/binnacle/api-client/expired-continue", test_expired_continue);
  g_test_add_func ("/binnacle/api-client/retry-after", test_retry_after);
  g_test_add_func ("/binnacle/api-client/read-only-guard", test_read_only_guard);
  g_test_add_func ("/binnacle/api-client/unauthorized-refresh", test_unauthorized_refresh);
  g_test_add_func ("/binnacle/api-client/headers", test_headers);
  g_test_add_func ("/binnacle/api-client/cancel-and-shutdown", test_cancel_and_shutdown);

  ret = g_test_run ();

  /* let the thread pools (TLS handshakes run there) wind down before the leak checker stops
   * the world: it crashes on a thread that is still parked in a pool */
  g_thread_pool_set_max_idle_time (100);
  g_usleep (G_USEC_PER_SEC);
  g_thread_pool_stop_unused_threads ();
  g_usleep (300 * 1000);
  return ret;
}
