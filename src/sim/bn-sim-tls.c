/* bn-sim-tls.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>
#include <time.h>

#include "bn-sim-tls.h"

/* A throwaway CA and a serving certificate for 127.0.0.1 and localhost,
 * made fresh at every start: clients trust the CA through the kubeconfig
 * the simulator writes, exactly as they trust a real cluster's CA.
 */

#define VALIDITY_SECONDS (10 * 365 * 24 * 3600)

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_privkey_t, gnutls_x509_privkey_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)

static gboolean
check (int      ret,
       GError **error)
{
  if (ret >= 0)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "TLS setup failed: %s", gnutls_strerror (ret));
  return FALSE;
}

static gboolean
make_key (gnutls_x509_privkey_t *key,
          GError               **error)
{
  return check (gnutls_x509_privkey_init (key), error) &&
         check (gnutls_x509_privkey_generate (*key, GNUTLS_PK_ECDSA,
                                              GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0),
                error);
}

static gboolean
set_common (gnutls_x509_crt_t      crt,
            gnutls_x509_privkey_t  key,
            const char            *common_name,
            GError               **error)
{
  guint8 serial[16];
  time_t now = time (NULL);

  for (guint i = 0; i < sizeof serial; i++)
    serial[i] = g_random_int_range (0, 256);
  serial[0] &= 0x7f;

  return check (gnutls_x509_crt_set_version (crt, 3), error) &&
         check (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), error) &&
         check (gnutls_x509_crt_set_activation_time (crt, now - 3600), error) &&
         check (gnutls_x509_crt_set_expiration_time (crt, now + VALIDITY_SECONDS), error) &&
         check (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                               common_name, strlen (common_name)), error) &&
         check (gnutls_x509_crt_set_key (crt, key), error);
}

static char *
export_crt (gnutls_x509_crt_t   crt,
            GError            **error)
{
  gnutls_datum_t out = { 0 };
  char *pem;

  if (!check (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &out), error))
    return NULL;
  pem = g_strndup ((const char *) out.data, out.size);
  gnutls_free (out.data);
  return pem;
}

static char *
export_key (gnutls_x509_privkey_t   key,
            GError                **error)
{
  gnutls_datum_t out = { 0 };
  char *pem;

  if (!check (gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN, &out), error))
    return NULL;
  pem = g_strndup ((const char *) out.data, out.size);
  gnutls_free (out.data);
  return pem;
}

/**
 * bn_sim_tls_material_generate:
 *
 * Returns: (transfer full) (nullable): a new CA and a server certificate
 *   signed by it, valid for 127.0.0.1, ::1 and localhost
 */
BnSimTlsMaterial *
bn_sim_tls_material_generate (GError **error)
{
  g_auto(gnutls_x509_privkey_t) ca_key = NULL;
  g_auto(gnutls_x509_privkey_t) server_key = NULL;
  g_auto(gnutls_x509_crt_t) ca = NULL;
  g_auto(gnutls_x509_crt_t) server = NULL;
  g_autoptr(BnSimTlsMaterial) self = g_new0 (BnSimTlsMaterial, 1);
  static const guint8 ipv4[4] = { 127, 0, 0, 1 };
  static const guint8 ipv6[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;

  if (!make_key (&ca_key, error) ||
      !check (gnutls_x509_crt_init (&ca), error) ||
      !set_common (ca, ca_key, "binnacle-sim-ca", error) ||
      !check (gnutls_x509_crt_set_basic_constraints (ca, 1, -1), error) ||
      !check (gnutls_x509_crt_set_key_usage (ca, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN |
                                                 GNUTLS_KEY_DIGITAL_SIGNATURE), error) ||
      !check (gnutls_x509_crt_get_key_id (ca, 0, key_id, &key_id_size), error) ||
      !check (gnutls_x509_crt_set_subject_key_id (ca, key_id, key_id_size), error) ||
      !check (gnutls_x509_crt_sign2 (ca, ca, ca_key, GNUTLS_DIG_SHA256, 0), error))
    return NULL;

  if (!make_key (&server_key, error) ||
      !check (gnutls_x509_crt_init (&server), error) ||
      !set_common (server, server_key, "binnacle-sim", error) ||
      !check (gnutls_x509_crt_set_basic_constraints (server, 0, -1), error) ||
      !check (gnutls_x509_crt_set_key_usage (server, GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_ENCIPHERMENT), error) ||
      !check (gnutls_x509_crt_set_key_purpose_oid (server, GNUTLS_KP_TLS_WWW_SERVER, 0), error) ||
      !check (gnutls_x509_crt_set_subject_alt_name (server, GNUTLS_SAN_DNSNAME, "localhost",
                                                    strlen ("localhost"), GNUTLS_FSAN_APPEND), error) ||
      !check (gnutls_x509_crt_set_subject_alt_name (server, GNUTLS_SAN_DNSNAME, "kubernetes.default",
                                                    strlen ("kubernetes.default"), GNUTLS_FSAN_APPEND), error) ||
      !check (gnutls_x509_crt_set_subject_alt_name (server, GNUTLS_SAN_IPADDRESS, ipv4, sizeof ipv4,
                                                    GNUTLS_FSAN_APPEND), error) ||
      !check (gnutls_x509_crt_set_subject_alt_name (server, GNUTLS_SAN_IPADDRESS, ipv6, sizeof ipv6,
                                                    GNUTLS_FSAN_APPEND), error) ||
      !check (gnutls_x509_crt_set_authority_key_id (server, key_id, key_id_size), error) ||
      !check (gnutls_x509_crt_sign2 (server, ca, ca_key, GNUTLS_DIG_SHA256, 0), error))
    return NULL;

  if ((self->ca_pem = export_crt (ca, error)) == NULL ||
      (self->cert_pem = export_crt (server, error)) == NULL ||
      (self->key_pem = export_key (server_key, error)) == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * bn_sim_tls_material_load:
 *
 * Loads a CA, certificate and key from PEM files instead.
 *
 * Returns: (transfer full) (nullable): the material
 */
BnSimTlsMaterial *
bn_sim_tls_material_load (const char  *ca_file,
                          const char  *cert_file,
                          const char  *key_file,
                          GError     **error)
{
  g_autoptr(BnSimTlsMaterial) self = g_new0 (BnSimTlsMaterial, 1);

  if (!g_file_get_contents (ca_file, &self->ca_pem, NULL, error) ||
      !g_file_get_contents (cert_file, &self->cert_pem, NULL, error) ||
      !g_file_get_contents (key_file, &self->key_pem, NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * bn_sim_tls_material_dup_certificate:
 *
 * Returns: (transfer full) (nullable): the serving certificate with its key
 */
GTlsCertificate *
bn_sim_tls_material_dup_certificate (BnSimTlsMaterial  *self,
                                     GError           **error)
{
  g_autofree char *pem = g_strconcat (self->cert_pem, "\n", self->key_pem, NULL);

  return g_tls_certificate_new_from_pem (pem, -1, error);
}

void
bn_sim_tls_material_free (BnSimTlsMaterial *self)
{
  if (self == NULL)
    return;

  g_free (self->ca_pem);
  g_free (self->cert_pem);
  if (self->key_pem != NULL)
    memset (self->key_pem, 0, strlen (self->key_pem));
  g_free (self->key_pem);
  g_free (self);
}
