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
      (self->key_pem = export_key (server_key, error)) == NULL ||
      (self->ca_key_pem = export_key (ca_key, error)) == NULL)
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

static gboolean
import_pem (gnutls_x509_crt_t      *crt,
            gnutls_x509_privkey_t  *key,
            const char             *crt_pem,
            const char             *key_pem,
            GError                **error)
{
  gnutls_datum_t crt_data = { (unsigned char *) crt_pem, strlen (crt_pem) };
  gnutls_datum_t key_data = { (unsigned char *) key_pem, strlen (key_pem) };

  return check (gnutls_x509_crt_init (crt), error) &&
         check (gnutls_x509_crt_import (*crt, &crt_data, GNUTLS_X509_FMT_PEM), error) &&
         check (gnutls_x509_privkey_init (key), error) &&
         check (gnutls_x509_privkey_import (*key, &key_data, GNUTLS_X509_FMT_PEM), error);
}

/**
 * bn_sim_tls_material_issue_client:
 * @user: the user name, written as the subject's CN
 * @groups: (nullable): the groups, one O each (as upstream reads them)
 *
 * Signs a client certificate with the generated CA.
 *
 * Returns: %FALSE when the CA key is unknown (material loaded from
 *   files) or signing failed
 */
gboolean
bn_sim_tls_material_issue_client (BnSimTlsMaterial   *self,
                                  const char         *user,
                                  const char * const *groups,
                                  char              **cert_pem,
                                  char              **key_pem,
                                  GError            **error)
{
  g_auto(gnutls_x509_privkey_t) ca_key = NULL;
  g_auto(gnutls_x509_privkey_t) client_key = NULL;
  g_auto(gnutls_x509_crt_t) ca = NULL;
  g_auto(gnutls_x509_crt_t) client = NULL;
  g_autofree char *cert = NULL;
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;

  if (self->ca_key_pem == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "The CA key is unknown: no client certificates");
      return FALSE;
    }

  if (!import_pem (&ca, &ca_key, self->ca_pem, self->ca_key_pem, error) ||
      !check (gnutls_x509_crt_get_key_id (ca, 0, key_id, &key_id_size), error) ||
      !make_key (&client_key, error) ||
      !check (gnutls_x509_crt_init (&client), error) ||
      !set_common (client, client_key, user, error) ||
      !check (gnutls_x509_crt_set_basic_constraints (client, 0, -1), error) ||
      !check (gnutls_x509_crt_set_key_usage (client, GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_ENCIPHERMENT), error) ||
      !check (gnutls_x509_crt_set_key_purpose_oid (client, GNUTLS_KP_TLS_WWW_CLIENT, 0), error) ||
      !check (gnutls_x509_crt_set_authority_key_id (client, key_id, key_id_size), error))
    return FALSE;

  for (guint i = 0; groups != NULL && groups[i] != NULL; i++)
    if (!check (gnutls_x509_crt_set_dn_by_oid (client, GNUTLS_OID_X520_ORGANIZATION_NAME, 0,
                                               groups[i], strlen (groups[i])), error))
      return FALSE;

  if (!check (gnutls_x509_crt_sign2 (client, ca, ca_key, GNUTLS_DIG_SHA256, 0), error) ||
      (cert = export_crt (client, error)) == NULL ||
      (*key_pem = export_key (client_key, error)) == NULL)
    return FALSE;

  *cert_pem = g_steal_pointer (&cert);
  return TRUE;
}

static char *
dup_dn_part (gnutls_x509_crt_t  crt,
             const char        *oid,
             guint              index)
{
  char buffer[256];
  size_t size = sizeof buffer - 1;

  if (gnutls_x509_crt_get_dn_by_oid (crt, oid, index, 0, buffer, &size) < 0)
    return NULL;
  buffer[size] = '\0';
  return g_strdup (buffer);
}

/**
 * bn_sim_tls_read_client_identity:
 * @user: (out): the subject's CN
 * @groups: (out): every O of the subject
 *
 * Reads who a verified client certificate names, the way the API
 * server's x509 authenticator does.
 *
 * Returns: %FALSE when the certificate has no CN
 */
gboolean
bn_sim_tls_read_client_identity (const char  *cert_pem,
                                 char       **user,
                                 GStrv       *groups)
{
  g_auto(gnutls_x509_crt_t) crt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gnutls_datum_t data = { (unsigned char *) cert_pem, strlen (cert_pem) };
  char *part;

  if (gnutls_x509_crt_init (&crt) < 0 || gnutls_x509_crt_import (crt, &data, GNUTLS_X509_FMT_PEM) < 0)
    return FALSE;
  if ((*user = dup_dn_part (crt, GNUTLS_OID_X520_COMMON_NAME, 0)) == NULL)
    return FALSE;
  for (guint i = 0; (part = dup_dn_part (crt, GNUTLS_OID_X520_ORGANIZATION_NAME, i)) != NULL; i++)
    {
      g_strv_builder_add (builder, part);
      g_free (part);
    }
  *groups = g_strv_builder_end (builder);
  return TRUE;
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
  if (self->ca_key_pem != NULL)
    memset (self->ca_key_pem, 0, strlen (self->ca_key_pem));
  g_free (self->ca_key_pem);
  g_free (self);
}
