/* bn-kube-error.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-kube-error.h"

G_DEFINE_QUARK (bn-kube-error-quark, bn_kube_error)

/**
 * bn_kube_error_from_http_status:
 * @status: an HTTP status code of a failed response
 *
 * Returns: the error code that stands for @status
 */
BnKubeError
bn_kube_error_from_http_status (guint status)
{
  switch (status)
    {
    case 400: return BN_KUBE_ERROR_BAD_REQUEST;
    case 401: return BN_KUBE_ERROR_UNAUTHORIZED;
    case 403: return BN_KUBE_ERROR_FORBIDDEN;
    case 404: return BN_KUBE_ERROR_NOT_FOUND;
    case 409: return BN_KUBE_ERROR_CONFLICT;
    case 410: return BN_KUBE_ERROR_GONE;
    case 422: return BN_KUBE_ERROR_INVALID;
    case 429: return BN_KUBE_ERROR_TOO_MANY_REQUESTS;
    case 500: return BN_KUBE_ERROR_INTERNAL;
    case 503: return BN_KUBE_ERROR_UNAVAILABLE;
    case 504: return BN_KUBE_ERROR_TIMEOUT;
    default:  return BN_KUBE_ERROR_FAILED;
    }
}
