/* bn-test-tls.h: certificates and keys made at test time
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * BnTestKeyType:
 * @BN_TEST_KEY_EC: a P-256 key as PKCS#8 ("BEGIN PRIVATE KEY")
 * @BN_TEST_KEY_RSA: a 2048-bit RSA key as PKCS#1 ("BEGIN RSA PRIVATE KEY"), as kind and
 *   minikube write them
 */
typedef enum
{
  BN_TEST_KEY_EC,
  BN_TEST_KEY_RSA,
} BnTestKeyType;

void bn_test_tls_make_certificate (BnTestKeyType   key_type,
                                   const char     *common_name,
                                   char          **certificate_pem,
                                   char          **key_pem);
void bn_test_tls_make_server_certificate (const char  *dns_name,
                                          char       **certificate_pem,
                                          char       **key_pem);

G_END_DECLS
