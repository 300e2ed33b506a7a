/* bn-exec-plugin.h: runs an exec credential plugin (client.authentication.k8s.io)
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bn-auth-info.h"

G_BEGIN_DECLS

/**
 * BnExecCredential:
 * @token: (nullable): the bearer token the plugin issued
 * @certificate: (nullable): the client certificate and key the plugin issued
 * @expiry: (nullable): when the credential expires; %NULL when it is good until a 401
 *
 * What one run of an exec plugin produced. At least one of @token and @certificate is set.
 * The token is a secret: never log it.
 */
typedef struct
{
  char            *token;
  GTlsCertificate *certificate;
  GDateTime       *expiry;
} BnExecCredential;

void bn_exec_credential_free (BnExecCredential *credential);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnExecCredential, bn_exec_credential_free)

#define BN_TYPE_EXEC_PLUGIN (bn_exec_plugin_get_type ())

G_DECLARE_FINAL_TYPE (BnExecPlugin, bn_exec_plugin, BN, EXEC_PLUGIN, GObject)

BnExecPlugin     *bn_exec_plugin_new            (const BnExecConfig   *config,
                                                 BnClusterInfo        *cluster);
const char       *bn_exec_plugin_get_command    (BnExecPlugin         *self);
char             *bn_exec_plugin_dup_exec_info  (BnExecPlugin         *self);
void              bn_exec_plugin_run_async      (BnExecPlugin         *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
BnExecCredential *bn_exec_plugin_run_finish     (BnExecPlugin         *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
