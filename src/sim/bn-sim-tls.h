/* bn-sim-tls.h
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char *ca_pem;        /* what a kubeconfig trusts */
  char *cert_pem;      /* the serving certificate */
  char *key_pem;       /* its private key */
  char *ca_key_pem;    /* the CA's key when generated: signs client certificates */
} BnSimTlsMaterial;

BnSimTlsMaterial *bn_sim_tls_material_generate   (GError               **error);
BnSimTlsMaterial *bn_sim_tls_material_load       (const char            *ca_file,
                                                  const char            *cert_file,
                                                  const char            *key_file,
                                                  GError               **error);
GTlsCertificate  *bn_sim_tls_material_dup_certificate (BnSimTlsMaterial *self,
                                                       GError          **error);
gboolean          bn_sim_tls_material_issue_client (BnSimTlsMaterial   *self,
                                                    const char         *user,
                                                    const char * const *groups,
                                                    char              **cert_pem,
                                                    char              **key_pem,
                                                    GError            **error);
gboolean          bn_sim_tls_read_client_identity (const char          *cert_pem,
                                                   char               **user,
                                                   GStrv               *groups);
void              bn_sim_tls_material_free       (BnSimTlsMaterial      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnSimTlsMaterial, bn_sim_tls_material_free)

G_END_DECLS
