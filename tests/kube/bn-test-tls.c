/* bn-test-tls.c: certificates and keys made at test time
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "bn-test-tls.h"

static char *
take_datum (gnutls_datum_t *datum)
{
  char *text = g_strndup ((const char *)datum->data, datum->size);

  gnutls_free (datum->data);
  return text;
}

static gnutls_x509_privkey_t
generate_key (BnTestKeyType key_type)
{
  gnutls_x509_privkey_t key;

  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  if (key_type == BN_TEST_KEY_RSA)
    g_assert_cmpint (gnutls_x509_privkey_generate (key, GNUTLS_PK_RSA, 2048, 0), ==, 0);
  else
    g_assert_cmpint (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                                   GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0), ==, 0);
  return key;
}

/* Self-signed, valid from an hour ago for a day, for TLS client and server authentication;
 * the subject alternative name is @dns_name, or 127.0.0.1 without one. */
static void
make_certificate (BnTestKeyType   key_type,
                  const char     *common_name,
                  const char     *dns_name,
                  char          **certificate_pem,
                  char          **key_pem)
{
  gnutls_x509_privkey_t key = generate_key (key_type);
  gnutls_x509_crt_t certificate;
  gnutls_datum_t datum = { NULL, 0 };
  guchar serial[8];
  time_t now = time (NULL);
  guint8 loopback[4] = { 127, 0, 0, 1 };

  for (guint i = 0; i < sizeof serial; i++)
    serial[i] = g_random_int_range (1, 256);

  g_assert_cmpint (gnutls_x509_crt_init (&certificate), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_version (certificate, 3), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_serial (certificate, serial, sizeof serial), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_activation_time (certificate, now - 3600), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_expiration_time (certificate, now + 86400), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (certificate, GNUTLS_OID_X520_COMMON_NAME, 0,
                                                  common_name, strlen (common_name)), ==, 0);
  if (dns_name != NULL)
    g_assert_cmpint (gnutls_x509_crt_set_subject_alt_name (certificate, GNUTLS_SAN_DNSNAME,
                                                           dns_name, strlen (dns_name),
                                                           GNUTLS_FSAN_SET), ==, 0);
  else
    g_assert_cmpint (gnutls_x509_crt_set_subject_alt_name (certificate, GNUTLS_SAN_IPADDRESS,
                                                           loopback, sizeof loopback,
                                                           GNUTLS_FSAN_SET), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key_purpose_oid (certificate, GNUTLS_KP_TLS_WWW_CLIENT, 0), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key_purpose_oid (certificate, GNUTLS_KP_TLS_WWW_SERVER, 0), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key (certificate, key), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_sign2 (certificate, certificate, key, GNUTLS_DIG_SHA256, 0), ==, 0);

  g_assert_cmpint (gnutls_x509_crt_export2 (certificate, GNUTLS_X509_FMT_PEM, &datum), ==, 0);
  *certificate_pem = take_datum (&datum);

  if (key_type == BN_TEST_KEY_RSA)
    g_assert_cmpint (gnutls_x509_privkey_export2 (key, GNUTLS_X509_FMT_PEM, &datum), ==, 0);
  else
    g_assert_cmpint (gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_PEM, NULL,
                                                        GNUTLS_PKCS_PLAIN, &datum), ==, 0);
  *key_pem = take_datum (&datum);

  gnutls_x509_crt_deinit (certificate);
  gnutls_x509_privkey_deinit (key);
}

/**
 * bn_test_tls_make_certificate:
 * @key_type: the kind of key
 * @common_name: the subject's CN (a Kubernetes user name)
 * @certificate_pem: (out): a self-signed certificate, PEM
 * @key_pem: (out): its private key, PEM
 *
 * Makes a certificate valid from an hour ago for a day, usable for TLS client and server
 * authentication (for 127.0.0.1).
 */
void
bn_test_tls_make_certificate (BnTestKeyType   key_type,
                              const char     *common_name,
                              char          **certificate_pem,
                              char          **key_pem)
{
  make_certificate (key_type, common_name, NULL, certificate_pem, key_pem);
}

/**
 * bn_test_tls_make_server_certificate:
 * @dns_name: the one name the certificate is for
 * @certificate_pem: (out): a self-signed certificate, PEM
 * @key_pem: (out): its private key (P-256), PEM
 *
 * Makes a server certificate whose only subject alternative name is @dns_name: reached at
 * 127.0.0.1 it verifies only for a client that expects @dns_name (kubeconfig's
 * tls-server-name).
 */
void
bn_test_tls_make_server_certificate (const char  *dns_name,
                                     char       **certificate_pem,
                                     char       **key_pem)
{
  make_certificate (BN_TEST_KEY_EC, dns_name, dns_name, certificate_pem, key_pem);
}
