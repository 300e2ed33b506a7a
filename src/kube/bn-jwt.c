/* bn-jwt.c: the claims of a bearer token, decoded but not verified
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "bn-jwt.h"
#include "bn-json-util.h"
#include "bn-kube-error.h"

/*
 * Only for showing who a token says you are and when it runs out: nothing here is verified,
 * and nothing here decides access. Tokens come from anywhere (kubeconfigs, plugins, the
 * keyring), so the decoder assumes the worst: bounded sizes, strict base64url, valid UTF-8, and
 * a nesting limit checked before json-glib sees the text (its parser recurses without one).
 */
#define MAX_TOKEN_LENGTH       (64 * 1024)
#define MAX_JSON_DEPTH         32
#define SERVICE_ACCOUNT_PREFIX "system:serviceaccount:"
#define LEGACY_CLAIM_PREFIX    "kubernetes.io/serviceaccount/"
/* 0001-01-01 and 9999-12-31T23:59:59, the range of GDateTime */
#define MIN_UNIX_TIME          (-62135596800.0)
#define MAX_UNIX_TIME          (253402300799.0)

struct _BnJwt
{
  GObject    parent_instance;

  char      *subject;
  char      *issuer;
  GStrv      audiences;
  char      *service_account_namespace;
  char      *service_account_name;
  char      *service_account_uid;
  char      *pod_name;
  GDateTime *expiry;
  GDateTime *issued_at;
  GDateTime *not_before;
};

G_DEFINE_FINAL_TYPE (BnJwt, bn_jwt, G_TYPE_OBJECT)

static void
bn_jwt_finalize (GObject *object)
{
  BnJwt *self = (BnJwt *)object;

  g_free (self->subject);
  g_free (self->issuer);
  g_strfreev (self->audiences);
  g_free (self->service_account_namespace);
  g_free (self->service_account_name);
  g_free (self->service_account_uid);
  g_free (self->pod_name);
  g_clear_pointer (&self->expiry, g_date_time_unref);
  g_clear_pointer (&self->issued_at, g_date_time_unref);
  g_clear_pointer (&self->not_before, g_date_time_unref);

  G_OBJECT_CLASS (bn_jwt_parent_class)->finalize (object);
}

static void
bn_jwt_class_init (BnJwtClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bn_jwt_finalize;
}

static void
bn_jwt_init (BnJwt *self)
{
}

/* Decoding */

static int
base64url_value (char c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '-')
    return 62;
  if (c == '_')
    return 63;
  return -1;
}

/* Strict: g_base64_decode() skips characters it does not know, which would let junk through. */
static GBytes *
decode_base64url (const char *text,
                  gsize       length)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint32 bits = 0;
  guint n_bits = 0;

  while (length > 0 && text[length - 1] == '=')
    length--;
  if (length == 0 || length % 4 == 1)
    return NULL;

  for (gsize i = 0; i < length; i++)
    {
      int value = base64url_value (text[i]);

      if (value < 0)
        return NULL;
      bits = (bits << 6) | (guint32)value;
      n_bits += 6;
      if (n_bits >= 8)
        {
          guint8 byte = (bits >> (n_bits - 8)) & 0xff;

          g_byte_array_append (out, &byte, 1);
          n_bits -= 8;
        }
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static JsonObject *
parse_json_object (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  JsonNode *root;

  if (size == 0 || memchr (data, '\0', size) != NULL || !g_utf8_validate (data, size, NULL)
      || !bn_json_depth_is_reasonable (data, size, MAX_JSON_DEPTH)
      || !json_parser_load_from_data (parser, data, size, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

static JsonObject *
decode_part (const char *part,
             gsize       length)
{
  g_autoptr(GBytes) bytes = decode_base64url (part, length);

  return bytes != NULL ? parse_json_object (bytes) : NULL;
}

/* Claims */

static char *
dup_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (node));
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static GDateTime *
dup_time_member (JsonObject *object,
                 const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  double seconds;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    seconds = (double)json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    seconds = json_node_get_double (node);
  else
    return NULL;

  if (!isfinite (seconds) || seconds < MIN_UNIX_TIME || seconds > MAX_UNIX_TIME)
    return NULL;

  return g_date_time_new_from_unix_utc ((gint64)seconds);
}

static GStrv
dup_audiences (JsonObject *claims)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = json_object_get_member (claims, "aud");

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    g_strv_builder_add (builder, json_node_get_string (node));
  else if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }

  return g_strv_builder_end (builder);
}

static void
set_if_unset (char **field,
              char  *value)
{
  if (*field == NULL && value != NULL && value[0] != '\0')
    *field = value;
  else
    g_free (value);
}

/* Bound tokens (TokenRequest, projected volumes) carry a "kubernetes.io" claim; older
 * Secret-based tokens carry flat "kubernetes.io/serviceaccount/..." claims; both carry the
 * service account in "sub". */
static void
read_service_account (BnJwt      *self,
                      JsonObject *claims)
{
  JsonObject *kubernetes = get_object_member (claims, "kubernetes.io");
  JsonObject *service_account = get_object_member (kubernetes, "serviceaccount");

  set_if_unset (&self->service_account_namespace, dup_string_member (kubernetes, "namespace"));
  set_if_unset (&self->service_account_name, dup_string_member (service_account, "name"));
  set_if_unset (&self->service_account_uid, dup_string_member (service_account, "uid"));
  set_if_unset (&self->pod_name, dup_string_member (get_object_member (kubernetes, "pod"), "name"));

  set_if_unset (&self->service_account_namespace,
                dup_string_member (claims, LEGACY_CLAIM_PREFIX "namespace"));
  set_if_unset (&self->service_account_name,
                dup_string_member (claims, LEGACY_CLAIM_PREFIX "service-account.name"));
  set_if_unset (&self->service_account_uid,
                dup_string_member (claims, LEGACY_CLAIM_PREFIX "service-account.uid"));

  if (self->subject != NULL && g_str_has_prefix (self->subject, SERVICE_ACCOUNT_PREFIX))
    {
      g_auto(GStrv) parts = g_strsplit (self->subject + strlen (SERVICE_ACCOUNT_PREFIX), ":", -1);

      if (g_strv_length (parts) == 2 && parts[0][0] != '\0' && parts[1][0] != '\0')
        {
          set_if_unset (&self->service_account_namespace, g_strdup (parts[0]));
          set_if_unset (&self->service_account_name, g_strdup (parts[1]));
        }
    }
}

static void
read_claims (BnJwt      *self,
             JsonObject *claims)
{
  self->subject = dup_string_member (claims, "sub");
  self->issuer = dup_string_member (claims, "iss");
  self->audiences = dup_audiences (claims);
  self->expiry = dup_time_member (claims, "exp");
  self->issued_at = dup_time_member (claims, "iat");
  self->not_before = dup_time_member (claims, "nbf");
  read_service_account (self, claims);
}

/**
 * bn_jwt_new_from_token:
 * @token: a bearer token
 * @error: return location for a %BN_KUBE_ERROR_CREDENTIALS error
 *
 * Decodes the claims of @token when it is a JWT (JWS compact form). The signature is not
 * checked: use the claims for display only. Error messages never quote the token.
 *
 * Returns: (transfer full) (nullable): the claims, or %NULL when @token is not a JWT
 */
BnJwt *
bn_jwt_new_from_token (const char  *token,
                       GError     **error)
{
  g_autoptr(BnJwt) self = NULL;
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(JsonObject) claims = NULL;
  const char *first_dot;
  const char *second_dot;
  gsize length;

  g_return_val_if_fail (token != NULL, NULL);

  length = strnlen (token, MAX_TOKEN_LENGTH + 1);
  first_dot = memchr (token, '.', length);
  second_dot = first_dot != NULL ? memchr (first_dot + 1, '.', token + length - first_dot - 1) : NULL;

  if (length > MAX_TOKEN_LENGTH || second_dot == NULL
      || memchr (second_dot + 1, '.', token + length - second_dot - 1) != NULL)
    {
      g_set_error_literal (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS, "The token is not a JWT");
      return NULL;
    }

  header = decode_part (token, first_dot - token);
  claims = decode_part (first_dot + 1, second_dot - first_dot - 1);
  if (header == NULL || claims == NULL)
    {
      g_set_error_literal (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                           "The token looks like a JWT, but its header or claims cannot be decoded");
      return NULL;
    }

  self = g_object_new (BN_TYPE_JWT, NULL);
  read_claims (self, claims);
  return g_steal_pointer (&self);
}

/**
 * bn_jwt_get_subject:
 * @self: a #BnJwt
 *
 * Returns: (nullable): the `sub` claim
 */
const char *
bn_jwt_get_subject (BnJwt *self)
{
  g_return_val_if_fail (BN_IS_JWT (self), NULL);

  return self->subject;
}

/**
 * bn_jwt_get_issuer:
 * @self: a #BnJwt
 *
 * Returns: (nullable): the `iss` claim
 */
const char *
bn_jwt_get_issuer (BnJwt *self)
{
  g_return_val_if_fail (BN_IS_JWT (self), NULL);

  return self->issuer;
}

/**
 * bn_jwt_get_audiences:
 * @self: a #BnJwt
 *
 * Returns: (transfer none): the `aud` claim as a list, empty when there is none
 */
const char * const *
bn_jwt_get_audiences (BnJwt *self)
{
  g_return_val_if_fail (BN_IS_JWT (self), NULL);

  return (const char * const *)self->audiences;
}

/**
 * bn_jwt_get_service_account_namespace:
 * @self: a #BnJwt
 *
 * Returns: (nullable): the namespace of the service account the token belongs to
 */
const char *
bn_jwt_get_service_account_namespace (BnJwt *self)
{
  g_return_val_if_fail (BN_IS_JWT (self), NULL);

  return self->service_account_namespace;
}

/**
 * bn_jwt_get_service_account_name:
 * @self: a #BnJwt
 *
 * Returns: (nullable): the name of the service account the token belongs to
 */
const char *
bn_jwt_get_service_account_name (BnJwt *self)
{
  g_return_val_if_fail (BN_IS_JWT (self), NULL);

  return self->service_account_name;
}

/**
 * bn_jwt_get_service_account_uid:
 * @self: a #BnJwt
 *
 * Returns: (nullable): the uid of the service account
 */
const char *
bn_jwt_get_service_account_uid (BnJwt *self)
{
  g_return_val_if_fail (BN_IS_JWT (self), NULL);

  return self->service_account_uid;
}

/**
 * bn_jwt_get_pod_name:
 * @self: a #BnJwt
 *
 * Returns: (nullable): the pod a bound token was issued to
 */
const char *
bn_jwt_get_pod_name (BnJwt *self)
{
  g_return_val_if_fail (BN_IS_JWT (self), NULL);

  return self->pod_name;
}

/**
 * bn_jwt_get_expiry:
 * @self: a #BnJwt
 *
 * Returns: (transfer none) (nullable): the `exp` claim, in UTC
 */
GDateTime *
bn_jwt_get_expiry (BnJwt *self)
{
  g_return_val_if_fail (BN_IS_JWT (self), NULL);

  return self->expiry;
}

/**
 * bn_jwt_get_issued_at:
 * @self: a #BnJwt
 *
 * Returns: (transfer none) (nullable): the `iat` claim, in UTC
 */
GDateTime *
bn_jwt_get_issued_at (BnJwt *self)
{
  g_return_val_if_fail (BN_IS_JWT (self), NULL);

  return self->issued_at;
}

/**
 * bn_jwt_get_not_before:
 * @self: a #BnJwt
 *
 * Returns: (transfer none) (nullable): the `nbf` claim, in UTC
 */
GDateTime *
bn_jwt_get_not_before (BnJwt *self)
{
  g_return_val_if_fail (BN_IS_JWT (self), NULL);

  return self->not_before;
}

/**
 * bn_jwt_dup_user_name:
 * @self: a #BnJwt
 *
 * The user name Kubernetes gives the token's bearer: `system:serviceaccount:NS:NAME` for a
 * service account, else the subject.
 *
 * Returns: (transfer full) (nullable): the user name
 */
char *
bn_jwt_dup_user_name (BnJwt *self)
{
  g_return_val_if_fail (BN_IS_JWT (self), NULL);

  if (self->service_account_namespace != NULL && self->service_account_name != NULL)
    return g_strconcat (SERVICE_ACCOUNT_PREFIX, self->service_account_namespace, ":",
                        self->service_account_name, NULL);

  return g_strdup (self->subject);
}

/**
 * bn_jwt_is_expired:
 * @self: a #BnJwt
 * @now: (nullable): the time to compare with; %NULL for now
 *
 * Returns: %TRUE when the token has an expiry and it has passed
 */
gboolean
bn_jwt_is_expired (BnJwt     *self,
                   GDateTime *now)
{
  g_autoptr(GDateTime) current = NULL;

  g_return_val_if_fail (BN_IS_JWT (self), FALSE);

  if (self->expiry == NULL)
    return FALSE;

  current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  return g_date_time_compare (current, self->expiry) >= 0;
}
