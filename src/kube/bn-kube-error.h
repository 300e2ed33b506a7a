/* bn-kube-error.h
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * BnKubeError:
 * @BN_KUBE_ERROR_FAILED: anything not covered below
 * @BN_KUBE_ERROR_INVALID_CONFIG: a kubeconfig is malformed or inconsistent
 * @BN_KUBE_ERROR_BAD_REQUEST: 400
 * @BN_KUBE_ERROR_UNAUTHORIZED: 401, the credentials were not accepted
 * @BN_KUBE_ERROR_FORBIDDEN: 403, RBAC denied the request
 * @BN_KUBE_ERROR_NOT_FOUND: 404
 * @BN_KUBE_ERROR_CONFLICT: 409
 * @BN_KUBE_ERROR_GONE: 410, a resourceVersion or continue token expired
 * @BN_KUBE_ERROR_INVALID: 422
 * @BN_KUBE_ERROR_TOO_MANY_REQUESTS: 429
 * @BN_KUBE_ERROR_INTERNAL: 500
 * @BN_KUBE_ERROR_UNAVAILABLE: 503
 * @BN_KUBE_ERROR_TIMEOUT: 504
 * @BN_KUBE_ERROR_INVALID_RESPONSE: the server sent something that is not what the API promises
 * @BN_KUBE_ERROR_READ_ONLY: the cluster is locked and the request would change it
 * @BN_KUBE_ERROR_CREDENTIALS: credentials could not be obtained (exec plugin, token file, keyring)
 *
 * Errors of the %BN_KUBE_ERROR domain.
 *
 * The domain is an extended error domain (g_error_domain_register_static()): an error made
 * from a server's answer with bn_kube_error_new_from_status() also carries the answer's HTTP
 * status and its Status `reason` ("Forbidden", "Expired", "TooManyRequests", …), read back
 * with bn_kube_error_get_status_code() and bn_kube_error_get_status_reason(). They travel with
 * the #GError itself, through g_error_copy(), g_propagate_error() and #GTask, and are freed
 * with it. Errors made any other way (g_error_new() and friends) have neither.
 */
typedef enum
{
  BN_KUBE_ERROR_FAILED,
  BN_KUBE_ERROR_INVALID_CONFIG,
  BN_KUBE_ERROR_BAD_REQUEST,
  BN_KUBE_ERROR_UNAUTHORIZED,
  BN_KUBE_ERROR_FORBIDDEN,
  BN_KUBE_ERROR_NOT_FOUND,
  BN_KUBE_ERROR_CONFLICT,
  BN_KUBE_ERROR_GONE,
  BN_KUBE_ERROR_INVALID,
  BN_KUBE_ERROR_TOO_MANY_REQUESTS,
  BN_KUBE_ERROR_INTERNAL,
  BN_KUBE_ERROR_UNAVAILABLE,
  BN_KUBE_ERROR_TIMEOUT,
  BN_KUBE_ERROR_INVALID_RESPONSE,
  BN_KUBE_ERROR_READ_ONLY,
  BN_KUBE_ERROR_CREDENTIALS,
} BnKubeError;

#define BN_KUBE_ERROR (bn_kube_error_quark ())

GQuark       bn_kube_error_quark                 (void);
BnKubeError  bn_kube_error_from_http_status      (guint         status);
const char  *bn_kube_error_reason_for_http_status (guint        status);
GError      *bn_kube_error_new_from_status       (BnKubeError   code,
                                                  guint         http_status,
                                                  const char   *reason,
                                                  const char   *message);
guint        bn_kube_error_get_status_code       (const GError *error);
const char  *bn_kube_error_get_status_reason     (const GError *error);

G_END_DECLS
