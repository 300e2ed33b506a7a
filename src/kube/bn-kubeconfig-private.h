/* bn-kubeconfig-private.h: what bn-kubeconfig.c and bn-kubeconfig-decoder.c share
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bn-kubeconfig.h"

G_BEGIN_DECLS

typedef struct
{
  BnClusterInfo *info;
  char          *source;
  GPtrArray     *problems;     /* BnKubeconfigProblem*, found while reading */
} ClusterRecord;

typedef struct
{
  BnAuthInfo *info;
  char       *source;
  GPtrArray  *problems;
} UserRecord;

typedef struct
{
  GPtrArray *clusters;         /* ClusterRecord* */
  GPtrArray *users;            /* UserRecord* */
  GPtrArray *contexts;         /* BnKubeContext* */
  char      *current_context;
} ParsedFile;

BnKubeContext *_bn_kube_context_new             (void);
void           _bn_kube_context_unref_nullable  (BnKubeContext *context);
void           _bn_cluster_record_free          (ClusterRecord *record);
void           _bn_user_record_free             (UserRecord    *record);
void           _bn_parsed_file_free             (ParsedFile    *parsed);
void           _bn_kubeconfig_add_problem       (GPtrArray               *problems,
                                                 BnKubeconfigProblemKind  kind,
                                                 gboolean                 is_error,
                                                 const char              *format,
                                                 ...) G_GNUC_PRINTF (4, 5);
ParsedFile    *_bn_kubeconfig_parse             (const char    *data,
                                                 gsize          length,
                                                 const char    *source,
                                                 GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParsedFile, _bn_parsed_file_free)

G_END_DECLS
