/* bn-api-client-private.h: what the engine's other parts use inside a cluster's worker thread
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "bn-api-client.h"

G_BEGIN_DECLS

/* Bodies read with %BN_SEND_READ are followed by this many readable zero bytes. */
#define BN_API_CLIENT_BODY_PADDING 64

/**
 * BnSendMode:
 * @BN_SEND_READ: read the whole body; GET requests are retried when that is safe
 * @BN_SEND_STREAM: hand back the body stream as soon as the headers are in (watches); never retried
 */
typedef enum
{
  BN_SEND_READ,
  BN_SEND_STREAM,
} BnSendMode;

GMainContext *_bn_api_client_get_worker_context (BnApiClient          *self);
gboolean      _bn_api_client_in_worker          (BnApiClient          *self);
void          _bn_api_client_track              (BnApiClient          *self,
                                                 GCancellable         *cancellable);
void          _bn_api_client_untrack            (BnApiClient          *self,
                                                 GCancellable         *cancellable);
void          _bn_api_client_invoke             (BnApiClient          *self,
                                                 GSourceFunc           func,
                                                 gpointer              data,
                                                 GDestroyNotify        notify);

/* The functions below run in the worker thread only. The cancellable must be cancelled from the
 * worker thread too (use _bn_api_client_invoke), never from another thread. */
void          _bn_api_client_send_async         (BnApiClient          *self,
                                                 const char           *method,
                                                 const char           *path,
                                                 const char           *accept,
                                                 GBytes               *body,
                                                 BnSendMode            mode,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gpointer      _bn_api_client_send_finish        (BnApiClient          *self,
                                                 GAsyncResult         *result,
                                                 guint                *retry_after_seconds,
                                                 GError              **error);
GError       *_bn_api_client_error_from_body    (guint                 status,
                                                 const char           *content_type,
                                                 GBytes               *body);

G_END_DECLS
