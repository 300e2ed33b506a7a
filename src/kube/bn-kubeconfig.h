/* bn-kubeconfig.h: kubeconfig files, read and merged as kubectl does
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bn-auth-info.h"

G_BEGIN_DECLS

/**
 * BnKubeconfigFileState:
 * @BN_KUBECONFIG_FILE_LOADED: read and merged
 * @BN_KUBECONFIG_FILE_MISSING: does not exist; skipped, as kubectl does
 * @BN_KUBECONFIG_FILE_REJECTED: kubectl would refuse it; nothing of it was merged
 *
 * What became of one file of the search path.
 */
typedef enum
{
  BN_KUBECONFIG_FILE_LOADED,
  BN_KUBECONFIG_FILE_MISSING,
  BN_KUBECONFIG_FILE_REJECTED,
} BnKubeconfigFileState;

/**
 * BnKubeconfigFile:
 * @path: the file, absolute
 * @state: what became of it
 * @line: for a rejected file, the line of the problem (1-based), or 0 when it has none
 * @message: for a rejected file, the reason, without the file name and line
 *
 * One file of the search path.
 */
typedef struct
{
  char                  *path;
  BnKubeconfigFileState  state;
  guint                  line;
  char                  *message;
} BnKubeconfigFile;

/**
 * BnKubeconfigProblemKind:
 * @BN_KUBECONFIG_PROBLEM_CLUSTER_NOT_FOUND: the context names a cluster no file defines
 * @BN_KUBECONFIG_PROBLEM_USER_NOT_FOUND: the context names a user no file defines
 * @BN_KUBECONFIG_PROBLEM_NO_CLUSTER: the context names no cluster
 * @BN_KUBECONFIG_PROBLEM_NO_USER: the context names no user (kubectl only warns)
 * @BN_KUBECONFIG_PROBLEM_EMPTY_CONTEXT_NAME: the context has an empty name
 * @BN_KUBECONFIG_PROBLEM_INVALID_NAMESPACE: the namespace is not a DNS label
 * @BN_KUBECONFIG_PROBLEM_NO_SERVER: the cluster has no server
 * @BN_KUBECONFIG_PROBLEM_INVALID_SERVER: the server is not an http(s) URL
 * @BN_KUBECONFIG_PROBLEM_INVALID_PROXY_URL: proxy-url is not an http, https or socks5 URL
 * @BN_KUBECONFIG_PROBLEM_CA_UNREADABLE: certificate-authority cannot be read
 * @BN_KUBECONFIG_PROBLEM_CA_DATA_AND_FILE: both CA data and file (data wins)
 * @BN_KUBECONFIG_PROBLEM_CA_WITH_INSECURE: a CA together with insecure-skip-tls-verify
 * @BN_KUBECONFIG_PROBLEM_CERT_UNREADABLE: client-certificate cannot be read
 * @BN_KUBECONFIG_PROBLEM_KEY_UNREADABLE: client-key cannot be read
 * @BN_KUBECONFIG_PROBLEM_TOKEN_FILE_UNREADABLE: tokenFile cannot be read
 * @BN_KUBECONFIG_PROBLEM_CERT_DATA_AND_FILE: both certificate data and file (data wins)
 * @BN_KUBECONFIG_PROBLEM_KEY_DATA_AND_FILE: both key data and file (data wins)
 * @BN_KUBECONFIG_PROBLEM_CERT_WITHOUT_KEY: a client certificate without its key
 * @BN_KUBECONFIG_PROBLEM_KEY_WITHOUT_CERT: a client key without its certificate
 * @BN_KUBECONFIG_PROBLEM_MULTIPLE_AUTH: token and basic auth together
 * @BN_KUBECONFIG_PROBLEM_IMPERSONATION_WITHOUT_USER: as-uid/as-groups/as-user-extra without `as`
 * @BN_KUBECONFIG_PROBLEM_AUTH_PROVIDER_AND_EXEC: both auth-provider and exec
 * @BN_KUBECONFIG_PROBLEM_AUTH_PROVIDER_REMOVED: the gcp or azure auth-provider, gone from kubectl
 * @BN_KUBECONFIG_PROBLEM_AUTH_PROVIDER_UNKNOWN: an auth-provider kubectl does not know
 * @BN_KUBECONFIG_PROBLEM_EXEC_NO_COMMAND: exec without command
 * @BN_KUBECONFIG_PROBLEM_EXEC_NO_API_VERSION: exec without apiVersion
 * @BN_KUBECONFIG_PROBLEM_EXEC_UNSUPPORTED_API_VERSION: exec apiVersion other than v1 or v1beta1
 * @BN_KUBECONFIG_PROBLEM_EXEC_NO_INTERACTIVE_MODE: exec without interactiveMode
 * @BN_KUBECONFIG_PROBLEM_EXEC_INVALID_INTERACTIVE_MODE: interactiveMode not Never/IfAvailable/Always
 * @BN_KUBECONFIG_PROBLEM_EXEC_ENV_NO_NAME: an exec env entry without a name
 * @BN_KUBECONFIG_PROBLEM_EXEC_EXTENSION_INVALID: the exec cluster extension cannot be passed on
 * @BN_KUBECONFIG_PROBLEM_NO_CREDENTIALS: the user has no way to authenticate (a warning)
 *
 * What can be wrong with one context. Problems are found without contacting any server.
 */
typedef enum
{
  BN_KUBECONFIG_PROBLEM_CLUSTER_NOT_FOUND,
  BN_KUBECONFIG_PROBLEM_USER_NOT_FOUND,
  BN_KUBECONFIG_PROBLEM_NO_CLUSTER,
  BN_KUBECONFIG_PROBLEM_NO_USER,
  BN_KUBECONFIG_PROBLEM_EMPTY_CONTEXT_NAME,
  BN_KUBECONFIG_PROBLEM_INVALID_NAMESPACE,
  BN_KUBECONFIG_PROBLEM_NO_SERVER,
  BN_KUBECONFIG_PROBLEM_INVALID_SERVER,
  BN_KUBECONFIG_PROBLEM_INVALID_PROXY_URL,
  BN_KUBECONFIG_PROBLEM_CA_UNREADABLE,
  BN_KUBECONFIG_PROBLEM_CA_DATA_AND_FILE,
  BN_KUBECONFIG_PROBLEM_CA_WITH_INSECURE,
  BN_KUBECONFIG_PROBLEM_CERT_UNREADABLE,
  BN_KUBECONFIG_PROBLEM_KEY_UNREADABLE,
  BN_KUBECONFIG_PROBLEM_TOKEN_FILE_UNREADABLE,
  BN_KUBECONFIG_PROBLEM_CERT_DATA_AND_FILE,
  BN_KUBECONFIG_PROBLEM_KEY_DATA_AND_FILE,
  BN_KUBECONFIG_PROBLEM_CERT_WITHOUT_KEY,
  BN_KUBECONFIG_PROBLEM_KEY_WITHOUT_CERT,
  BN_KUBECONFIG_PROBLEM_MULTIPLE_AUTH,
  BN_KUBECONFIG_PROBLEM_IMPERSONATION_WITHOUT_USER,
  BN_KUBECONFIG_PROBLEM_AUTH_PROVIDER_AND_EXEC,
  BN_KUBECONFIG_PROBLEM_AUTH_PROVIDER_REMOVED,
  BN_KUBECONFIG_PROBLEM_AUTH_PROVIDER_UNKNOWN,
  BN_KUBECONFIG_PROBLEM_EXEC_NO_COMMAND,
  BN_KUBECONFIG_PROBLEM_EXEC_NO_API_VERSION,
  BN_KUBECONFIG_PROBLEM_EXEC_UNSUPPORTED_API_VERSION,
  BN_KUBECONFIG_PROBLEM_EXEC_NO_INTERACTIVE_MODE,
  BN_KUBECONFIG_PROBLEM_EXEC_INVALID_INTERACTIVE_MODE,
  BN_KUBECONFIG_PROBLEM_EXEC_ENV_NO_NAME,
  BN_KUBECONFIG_PROBLEM_EXEC_EXTENSION_INVALID,
  BN_KUBECONFIG_PROBLEM_NO_CREDENTIALS,
} BnKubeconfigProblemKind;

/**
 * BnKubeconfigProblem:
 * @kind: what is wrong
 * @is_error: %TRUE when kubectl refuses to use the context; %FALSE for a warning
 * @message: a sentence for people, worded as kubectl words it where kubectl has words
 *
 * One problem of one context.
 */
typedef struct
{
  BnKubeconfigProblemKind  kind;
  gboolean                 is_error;
  char                    *message;
} BnKubeconfigProblem;

/**
 * BnKubeContext:
 * @name: the context's name
 * @cluster: (nullable): the cluster it names
 * @user: (nullable): the user it names
 * @namespace: (nullable): its namespace, %NULL when unset ("default")
 * @source: the file that defined it, absolute
 *
 * A kubeconfig context as plain data.
 */
typedef struct
{
  gatomicrefcount  ref_count;
  char            *name;
  char            *cluster;
  char            *user;
  char            *namespace;
  char            *source;
} BnKubeContext;

#define BN_TYPE_KUBE_CONTEXT (bn_kube_context_get_type ())

GType           bn_kube_context_get_type (void) G_GNUC_CONST;
BnKubeContext  *bn_kube_context_ref      (BnKubeContext *self);
void            bn_kube_context_unref    (BnKubeContext *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnKubeContext, bn_kube_context_unref)

BnKubeconfigProblem *bn_kubeconfig_problem_new  (BnKubeconfigProblemKind  kind,
                                                 gboolean                 is_error,
                                                 const char              *message);
BnKubeconfigProblem *bn_kubeconfig_problem_copy (const BnKubeconfigProblem *self);
void                 bn_kubeconfig_problem_free (BnKubeconfigProblem      *self);
const char          *bn_kubeconfig_problem_kind_to_string (BnKubeconfigProblemKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnKubeconfigProblem, bn_kubeconfig_problem_free)

#define BN_TYPE_KUBECONFIG (bn_kubeconfig_get_type ())

G_DECLARE_FINAL_TYPE (BnKubeconfig, bn_kubeconfig, BN, KUBECONFIG, GObject)

BnKubeconfig   *bn_kubeconfig_new                  (void);
BnKubeconfig   *bn_kubeconfig_new_for_search_path  (const char     *search_path);
BnKubeconfig   *bn_kubeconfig_new_from_environment (void);
char          **bn_kubeconfig_split_search_path    (const char     *search_path);
void            bn_kubeconfig_load_async           (const char          *search_path,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
BnKubeconfig   *bn_kubeconfig_load_finish          (GAsyncResult   *result,
                                                    GError        **error);
gboolean        bn_kubeconfig_load_file            (BnKubeconfig   *self,
                                                    const char     *path,
                                                    GError        **error);
gboolean        bn_kubeconfig_load_data            (BnKubeconfig   *self,
                                                    const char     *data,
                                                    gsize           length,
                                                    const char     *origin,
                                                    GError        **error);
const char     *bn_kubeconfig_get_current_context  (BnKubeconfig   *self);
GPtrArray      *bn_kubeconfig_get_files            (BnKubeconfig   *self);
gboolean        bn_kubeconfig_has_rejected_files   (BnKubeconfig   *self);
gboolean        bn_kubeconfig_is_empty             (BnKubeconfig   *self);
char          **bn_kubeconfig_dup_context_names    (BnKubeconfig   *self);
char          **bn_kubeconfig_dup_cluster_names    (BnKubeconfig   *self);
char          **bn_kubeconfig_dup_user_names       (BnKubeconfig   *self);
BnKubeContext  *bn_kubeconfig_lookup_context       (BnKubeconfig   *self,
                                                    const char     *name);
BnClusterInfo  *bn_kubeconfig_lookup_cluster       (BnKubeconfig   *self,
                                                    const char     *name);
BnAuthInfo     *bn_kubeconfig_lookup_user          (BnKubeconfig   *self,
                                                    const char     *name);
const char     *bn_kubeconfig_get_cluster_source   (BnKubeconfig   *self,
                                                    const char     *name);
const char     *bn_kubeconfig_get_user_source      (BnKubeconfig   *self,
                                                    const char     *name);
GPtrArray      *bn_kubeconfig_dup_problems         (BnKubeconfig   *self,
                                                    const char     *context_name);

G_END_DECLS
