/* test-api-client.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "bn-api-client.h"
#include "bn-kube-error.h"
#include "bn-test-server.h"

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
  g_clear_error (&error);

  bn_test_server_forbid_pods (server, TRUE);
  body = request (client, "GET", "/api/v1/pods", NULL, &error);
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_FORBIDDEN);
  g_assert_cmpstr (error->message, ==,
                   "pods is forbidden: User \"viewer\" cannot list resource \"pods\" in API group \"\" "
                   "at the cluster scope");
  g_clear_error (&error);

  /* a plain-text 429 (API Priority and Fairness) on a request that is not retried */
  bn_test_server_forbid_pods (server, FALSE);
  bn_api_client_set_locked (client, FALSE);
  bn_test_server_fail_next (server, 429, 1, NULL, TRUE);
  body = request (client, "POST", "/api/v1/namespaces/a/pods", NULL, &error);
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_TOO_MANY_REQUESTS);
  g_assert_cmpstr (error->message, ==, "Too many requests, please try again later.");
  g_clear_error (&error);

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
  g_test_add_func ("/binnacle/api-client/status-errors", test_status_errors);
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
