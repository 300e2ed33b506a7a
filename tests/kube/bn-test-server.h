/* bn-test-server.h: a small loopback API server for the engine's unit tests
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * It runs in its own thread so a test can block on its main context while the server answers.
 * It knows pods only: list with limit/continue, watch from a resourceVersion, compaction, and a
 * few scripted failures. Integration tests use binnacle-sim instead.
 */

#pragma once

#include <libsoup/soup.h>

#include "bn-auth-info.h"

G_BEGIN_DECLS

typedef struct _BnTestServer BnTestServer;

typedef struct
{
  char *method;
  char *path;
  char *query;
  char *authorization;
  char *user_agent;
  char *accept_encoding;
} BnTestRequest;

BnTestServer  *bn_test_server_new             (gboolean       tls);
BnTestServer  *bn_test_server_new_with_certificate (GTlsCertificate *certificate);
void           bn_test_server_free            (BnTestServer  *self);
BnClusterInfo *bn_test_server_cluster_info    (BnTestServer  *self);
BnAuthInfo    *bn_test_server_auth_info       (BnTestServer  *self);
void           bn_test_server_set_token       (BnTestServer  *self,
                                               const char    *token);
void           bn_test_server_add_pods        (BnTestServer  *self,
                                               guint          count);
void           bn_test_server_modify_pods     (BnTestServer  *self,
                                               guint          count);
void           bn_test_server_delete_pods     (BnTestServer  *self,
                                               guint          count);
void           bn_test_server_compact         (BnTestServer  *self);
void           bn_test_server_drop_watches    (BnTestServer  *self);
void           bn_test_server_break_watches   (BnTestServer  *self,
                                               guint          add,
                                               guint          modify,
                                               guint          delete_,
                                               gboolean       compact);
void           bn_test_server_stall_watches   (BnTestServer  *self,
                                               gboolean       stall);
void           bn_test_server_fail_next       (BnTestServer  *self,
                                               guint          status,
                                               guint          times,
                                               const char    *retry_after,
                                               gboolean       plain_text);
void           bn_test_server_forbid_pods     (BnTestServer  *self,
                                               gboolean       forbid);
GHashTable    *bn_test_server_dup_store       (BnTestServer  *self);
GPtrArray     *bn_test_server_dup_requests    (BnTestServer  *self);
guint          bn_test_server_count_requests  (BnTestServer  *self,
                                               const char    *method,
                                               const char    *path_prefix,
                                               const char    *query_part);
void           bn_test_request_free           (BnTestRequest *request);

G_END_DECLS
