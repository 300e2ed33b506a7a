/* bn-kube-error.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-kube-error.h"

/* What a BN_KUBE_ERROR carries besides its code and message, for errors that are answers */
typedef struct
{
  guint  http_status;
  char  *reason;
} BnKubeErrorPrivate;

/* GLib lays the private part out right in front of the GError, aligned as GType aligns
 * instance private data (see G_DEFINE_EXTENDED_ERROR, whose quark name we cannot keep). */
static BnKubeErrorPrivate *
get_private (const GError *error)
{
  const gsize align = 2 * sizeof (gsize);
  const gsize offset = (sizeof (BnKubeErrorPrivate) + (align - 1)) & -align;

  return (BnKubeErrorPrivate *) (((guint8 *) error) - offset);
}

static void
private_init (GError *error)
{
  BnKubeErrorPrivate *priv = get_private (error);

  priv->http_status = 0;
  priv->reason = NULL;
}

static void
private_copy (const GError *src_error,
              GError       *dest_error)
{
  const BnKubeErrorPrivate *src = get_private (src_error);
  BnKubeErrorPrivate *dest = get_private (dest_error);

  dest->http_status = src->http_status;
  dest->reason = g_strdup (src->reason);
}

static void
private_clear (GError *error)
{
  BnKubeErrorPrivate *priv = get_private (error);

  g_clear_pointer (&priv->reason, g_free);
}

/**
 * bn_kube_error_quark:
 *
 * Registers the %BN_KUBE_ERROR domain with its private part the first time it is asked for.
 *
 * Returns: the domain's quark, "bn-kube-error-quark"
 */
GQuark
bn_kube_error_quark (void)
{
  static GQuark quark;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      quark = g_error_domain_register_static ("bn-kube-error-quark",
                                              sizeof (BnKubeErrorPrivate),
                                              private_init, private_copy, private_clear);
      g_once_init_leave (&initialized, 1);
    }
  return quark;
}

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

/**
 * bn_kube_error_reason_for_http_status:
 * @status: an HTTP status code of a failed response
 *
 * The Status reason client-go gives an answer whose body is not a Status (such as the plain
 * text of a 429 from API Priority and Fairness), so such answers can be told apart by reason
 * like any other.
 *
 * Returns: (nullable): a reason such as "TooManyRequests", or %NULL where client-go has none
 */
const char *
bn_kube_error_reason_for_http_status (guint status)
{
  switch (status)
    {
    case 400: return "BadRequest";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "NotFound";
    case 405: return "MethodNotAllowed";
    case 406: return "NotAcceptable";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "RequestEntityTooLarge";
    case 415: return "UnsupportedMediaType";
    case 422: return "Invalid";
    case 429: return "TooManyRequests";
    case 503: return "ServiceUnavailable";
    case 504: return "Timeout";
    default:  return status >= 500 && status < 600 ? "InternalError" : NULL;
    }
}

/**
 * bn_kube_error_new_from_status:
 * @code: the error code
 * @http_status: the HTTP status of the answer
 * @reason: (nullable): the Status `reason`, %NULL or empty if there was none
 * @message: the message to show
 *
 * Makes the error for a server's answer, keeping @http_status and @reason with it.
 *
 * Returns: (transfer full): a new %BN_KUBE_ERROR error
 */
GError *
bn_kube_error_new_from_status (BnKubeError  code,
                               guint        http_status,
                               const char  *reason,
                               const char  *message)
{
  GError *error;
  BnKubeErrorPrivate *priv;

  g_return_val_if_fail (message != NULL, NULL);

  error = g_error_new_literal (BN_KUBE_ERROR, code, message);
  priv = get_private (error);
  priv->http_status = http_status;
  priv->reason = reason != NULL && *reason != '\0' ? g_strdup (reason) : NULL;
  return error;
}

/**
 * bn_kube_error_get_status_code:
 * @error: a #GError
 *
 * Returns: the HTTP status of the answer @error was made from, or 0 if @error is not a
 *   %BN_KUBE_ERROR from an answer
 */
guint
bn_kube_error_get_status_code (const GError *error)
{
  if (error == NULL || error->domain != BN_KUBE_ERROR)
    return 0;
  return get_private (error)->http_status;
}

/**
 * bn_kube_error_get_status_reason:
 * @error: a #GError
 *
 * The `reason` of the Status the server answered with (e.g. "Forbidden", "Expired",
 * "NotFound"), or, when its body was no Status, the reason client-go gives its HTTP status
 * (bn_kube_error_reason_for_http_status()). A Status without a reason has none here either,
 * as kubectl then prints "Error from server: …".
 *
 * Returns: (nullable): the reason, owned by @error, or %NULL
 */
const char *
bn_kube_error_get_status_reason (const GError *error)
{
  if (error == NULL || error->domain != BN_KUBE_ERROR)
    return NULL;
  return get_private (error)->reason;
}
