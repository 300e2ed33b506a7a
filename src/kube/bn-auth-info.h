/* bn-auth-info.h: what a kubeconfig says about a cluster and a user, as plain data
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * BnExecInteractiveMode:
 *
 * The `interactiveMode` of an exec credential plugin.
 */
typedef enum
{
  BN_EXEC_INTERACTIVE_UNSET,
  BN_EXEC_INTERACTIVE_NEVER,
  BN_EXEC_INTERACTIVE_IF_AVAILABLE,
  BN_EXEC_INTERACTIVE_ALWAYS,
} BnExecInteractiveMode;

/**
 * BnExecConfig:
 * @api_version: `client.authentication.k8s.io/v1` or `/v1beta1` (anything else is a problem)
 * @command: the command, made absolute against the kubeconfig's directory when it holds a `/`
 * @args: (nullable): the arguments
 * @env_names: (nullable): names of the extra environment variables, %NULL-terminated
 * @env_values: (nullable): their values, in the same order
 * @install_hint: (nullable): shown when @command cannot be found
 * @provide_cluster_info: put the cluster into `KUBERNETES_EXEC_INFO`
 * @interactive_mode: the `interactiveMode`
 *
 * An `exec` stanza of a kubeconfig user.
 */
typedef struct
{
  char                  *api_version;
  char                  *command;
  char                 **args;
  char                 **env_names;
  char                 **env_values;
  char                  *install_hint;
  gboolean               provide_cluster_info;
  BnExecInteractiveMode  interactive_mode;
} BnExecConfig;

/**
 * BnClusterInfo:
 *
 * A kubeconfig `cluster` (or a hand-added cluster) as plain data. File paths are already
 * absolute (resolved against the directory of the file that defined the entry). `*_data` fields
 * are decoded bytes (PEM), not base64.
 */
typedef struct
{
  gatomicrefcount  ref_count;
  char            *name;
  char            *server;
  char            *certificate_authority;       /* file path or NULL */
  GBytes          *certificate_authority_data;  /* decoded PEM or NULL */
  gboolean         insecure_skip_tls_verify;
  char            *tls_server_name;
  char            *proxy_url;
  gboolean         disable_compression;
  char            *exec_extension_json;         /* JSON of the client.authentication.k8s.io/exec extension, or NULL */
} BnClusterInfo;

/**
 * BnAuthInfo:
 *
 * A kubeconfig `user` (or the token of a hand-added cluster) as plain data. Secrets live here
 * in memory only: never log, print or store these fields.
 */
typedef struct
{
  gatomicrefcount  ref_count;
  char            *name;
  char            *token;
  char            *token_file;                  /* absolute path or NULL */
  char            *username;
  char            *password;
  char            *client_certificate;          /* file path or NULL */
  GBytes          *client_certificate_data;     /* decoded PEM or NULL */
  char            *client_key;                  /* file path or NULL */
  GBytes          *client_key_data;             /* decoded PEM or NULL */
  char            *impersonate;                 /* `as` */
  char            *impersonate_uid;             /* `as-uid` */
  char           **impersonate_groups;          /* `as-groups` */
  GHashTable      *impersonate_extra;           /* `as-user-extra`: char* -> GStrv */
  char            *auth_provider_name;          /* `auth-provider.name`, or NULL */
  GHashTable      *auth_provider_config;        /* char* -> char*, or NULL */
  BnExecConfig    *exec;                        /* or NULL */
} BnAuthInfo;

#define BN_TYPE_CLUSTER_INFO (bn_cluster_info_get_type ())
#define BN_TYPE_AUTH_INFO    (bn_auth_info_get_type ())

GType          bn_cluster_info_get_type (void) G_GNUC_CONST;
BnClusterInfo *bn_cluster_info_new      (void);
BnClusterInfo *bn_cluster_info_ref      (BnClusterInfo *self);
void           bn_cluster_info_unref    (BnClusterInfo *self);

GType          bn_auth_info_get_type    (void) G_GNUC_CONST;
BnAuthInfo    *bn_auth_info_new         (void);
BnAuthInfo    *bn_auth_info_ref         (BnAuthInfo    *self);
void           bn_auth_info_unref       (BnAuthInfo    *self);

BnExecConfig  *bn_exec_config_new       (void);
BnExecConfig  *bn_exec_config_copy      (const BnExecConfig *self);
void           bn_exec_config_free      (BnExecConfig  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnClusterInfo, bn_cluster_info_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnAuthInfo, bn_auth_info_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnExecConfig, bn_exec_config_free)

G_END_DECLS
