/* test-kube-error.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-api-client-private.h"
#include "bn-kube-error.h"

static void
test_status_mapping (void)
{
  g_assert_cmpint (bn_kube_error_from_http_status (401), ==, BN_KUBE_ERROR_UNAUTHORIZED);
  g_assert_cmpint (bn_kube_error_from_http_status (403), ==, BN_KUBE_ERROR_FORBIDDEN);
  g_assert_cmpint (bn_kube_error_from_http_status (410), ==, BN_KUBE_ERROR_GONE);
  g_assert_cmpint (bn_kube_error_from_http_status (429), ==, BN_KUBE_ERROR_TOO_MANY_REQUESTS);
  g_assert_cmpint (bn_kube_error_from_http_status (418), ==, BN_KUBE_ERROR_FAILED);
}

static void
test_reason_for_http_status (void)
{
  static const struct { guint status; const char *reason; } cases[] = {
    { 400, "BadRequest" },
    { 401, "Unauthorized" },
    { 403, "Forbidden" },
    { 404, "NotFound" },
    { 405, "MethodNotAllowed" },
    { 409, "Conflict" },
    { 422, "Invalid" },
    { 429, "TooManyRequests" },
    { 500, "InternalError" },
    { 502, "InternalError" },
    { 503, "ServiceUnavailable" },
    { 504, "Timeout" },
    { 418, NULL },
    { 302, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (bn_kube_error_reason_for_http_status (cases[i].status), ==, cases[i].reason);
}

static void
test_quark (void)
{
  g_autoptr(GError) error = g_error_new_literal (BN_KUBE_ERROR, BN_KUBE_ERROR_READ_ONLY, "locked");

  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_READ_ONLY);
  g_assert_cmpstr (g_quark_to_string (BN_KUBE_ERROR), ==, "bn-kube-error-quark");
  /* made without an answer: nothing beside the message */
  g_assert_null (bn_kube_error_get_status_reason (error));
  g_assert_cmpuint (bn_kube_error_get_status_code (error), ==, 0);
}

static void
test_status_travels_with_error (void)
{
  g_autoptr(GError) error = bn_kube_error_new_from_status (BN_KUBE_ERROR_FORBIDDEN, 403, "Forbidden",
                                                           "pods is forbidden");
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) propagated = NULL;
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "no");
  g_autoptr(GError) without = bn_kube_error_new_from_status (BN_KUBE_ERROR_FAILED, 418, "", "teapot");
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);
  GError *from_task = NULL;

  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_FORBIDDEN);
  g_assert_cmpstr (error->message, ==, "pods is forbidden");
  g_assert_cmpstr (bn_kube_error_get_status_reason (error), ==, "Forbidden");
  g_assert_cmpuint (bn_kube_error_get_status_code (error), ==, 403);

  copy = g_error_copy (error);
  g_assert_cmpstr (bn_kube_error_get_status_reason (copy), ==, "Forbidden");
  g_assert_true (bn_kube_error_get_status_reason (copy) != bn_kube_error_get_status_reason (error));
  g_assert_cmpuint (bn_kube_error_get_status_code (copy), ==, 403);

  g_propagate_prefixed_error (&propagated, g_steal_pointer (&copy), "listing: ");
  g_assert_cmpstr (propagated->message, ==, "listing: pods is forbidden");
  g_assert_cmpstr (bn_kube_error_get_status_reason (propagated), ==, "Forbidden");

  g_task_return_error (task, g_error_copy (error));
  g_assert_null (g_task_propagate_pointer (task, &from_task));
  g_assert_cmpstr (bn_kube_error_get_status_reason (from_task), ==, "Forbidden");
  g_assert_cmpuint (bn_kube_error_get_status_code (from_task), ==, 403);
  g_clear_error (&from_task);

  /* an empty reason is no reason; other domains have neither */
  g_assert_null (bn_kube_error_get_status_reason (without));
  g_assert_cmpuint (bn_kube_error_get_status_code (without), ==, 418);
  g_assert_null (bn_kube_error_get_status_reason (other));
  g_assert_cmpuint (bn_kube_error_get_status_code (other), ==, 0);
  g_assert_null (bn_kube_error_get_status_reason (NULL));
}

typedef struct
{
  guint        status;
  const char  *content_type;
  const char  *body;
  BnKubeError  code;
  const char  *reason;
  const char  *message;
} BodyCase;

static const BodyCase body_cases[] = {
  /* a Status: its reason and message */
  { 403, "application/json",
    "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
    "\"message\":\"pods is forbidden: User \\\"alice\\\" cannot list resource \\\"pods\\\"\","
    "\"reason\":\"Forbidden\",\"details\":{\"kind\":\"pods\"},\"code\":403}",
    BN_KUBE_ERROR_FORBIDDEN, "Forbidden",
    "pods is forbidden: User \"alice\" cannot list resource \"pods\"" },
  { 404, "application/json",
    "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"pods \\\"web-9\\\" not found\","
    "\"reason\":\"NotFound\",\"code\":404}",
    BN_KUBE_ERROR_NOT_FOUND, "NotFound", "pods \"web-9\" not found" },
  { 410, "application/json",
    "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"too old resource version: 5000 (9800)\","
    "\"reason\":\"Expired\",\"code\":410}",
    BN_KUBE_ERROR_GONE, "Expired", "too old resource version: 5000 (9800)" },
  /* the server's reason wins over the one its status would give */
  { 409, "application/json",
    "{\"kind\":\"Status\",\"message\":\"pods \\\"web-0\\\" already exists\",\"reason\":\"AlreadyExists\","
    "\"code\":409}",
    BN_KUBE_ERROR_CONFLICT, "AlreadyExists", "pods \"web-0\" already exists" },
  /* a Status that says Expired is a 410 whatever its HTTP status */
  { 500, "application/json",
    "{\"kind\":\"Status\",\"message\":\"continue token too old\",\"reason\":\"Expired\"}",
    BN_KUBE_ERROR_GONE, "Expired", "continue token too old" },
  /* a reason without message */
  { 429, "application/json", "{\"kind\":\"Status\",\"reason\":\"TooManyRequests\",\"code\":429}",
    BN_KUBE_ERROR_TOO_MANY_REQUESTS, "TooManyRequests", "TooManyRequests (429)" },
  /* a Status without reason keeps none, as kubectl prints it without one */
  { 500, "application/json", "{\"kind\":\"Status\",\"message\":\"etcd is down\"}",
    BN_KUBE_ERROR_INTERNAL, NULL, "etcd is down" },
  /* API Priority and Fairness: plain text, reason from the status as client-go makes it */
  { 429, "text/plain; charset=utf-8", "Too many requests, please try again later.\n",
    BN_KUBE_ERROR_TOO_MANY_REQUESTS, "TooManyRequests", "Too many requests, please try again later." },
  /* a proxy's HTML page is no message */
  { 503, "text/html", "<html><body>upstream down</body></html>",
    BN_KUBE_ERROR_UNAVAILABLE, "ServiceUnavailable", "the server is currently unable to handle the request" },
  /* no body at all */
  { 401, NULL, NULL, BN_KUBE_ERROR_UNAUTHORIZED, "Unauthorized", "Unauthorized" },
  { 418, NULL, "", BN_KUBE_ERROR_FAILED, NULL, "the server rejected the request" },
};

static void
test_error_from_body (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (body_cases); i++)
    {
      const BodyCase *c = &body_cases[i];
      g_autoptr(GBytes) body = c->body ? g_bytes_new_static (c->body, strlen (c->body)) : NULL;
      g_autoptr(GError) error = _bn_api_client_error_from_body (c->status, c->content_type, body);

      g_test_message ("case %u: %u %s", i, c->status, c->body ? c->body : "(no body)");
      g_assert_error (error, BN_KUBE_ERROR, (gint) c->code);
      g_assert_cmpstr (error->message, ==, c->message);
      g_assert_cmpstr (bn_kube_error_get_status_reason (error), ==, c->reason);
      g_assert_cmpuint (bn_kube_error_get_status_code (error), ==, c->status);
    }
}

static void
test_invalid_utf8_body (void)
{
  static const char bytes[] = "bad \xff\xfe text";
  g_autoptr(GBytes) body = g_bytes_new_static (bytes, sizeof bytes - 1);
  g_autoptr(GError) error = _bn_api_client_error_from_body (500, "text/plain", body);

  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INTERNAL);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_true (g_str_has_prefix (error->message, "bad "));
  g_assert_cmpstr (bn_kube_error_get_status_reason (error), ==, "InternalError");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/binnacle/kube-error/status-mapping", test_status_mapping);
  g_test_add_func ("/binnacle/kube-error/reason-for-http-status", test_reason_for_http_status);
  g_test_add_func ("/binnacle/kube-error/quark", test_quark);
  g_test_add_func ("/binnacle/kube-error/status-travels-with-error", test_status_travels_with_error);
  g_test_add_func ("/binnacle/kube-error/error-from-body", test_error_from_body);
  g_test_add_func ("/binnacle/kube-error/invalid-utf8-body", test_invalid_utf8_body);

  return g_test_run ();
}
