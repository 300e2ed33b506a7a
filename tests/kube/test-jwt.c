/* test-jwt.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-jwt.h"
#include "bn-kube-error.h"

#define RS256_HEADER "{\"alg\":\"RS256\",\"kid\":\"Wq2Xc1oHc8Y3nJ5m0dS2yKcR7tq1bU9vT0eL3pA6fZg\"}"
#define SIGNATURE    "c2lnbmF0dXJlLW5vdC1jaGVja2Vk"

/* A TokenRequest token as kube-apiserver 1.29 issues it (kubectl create token). */
#define BOUND_CLAIMS \
  "{\"aud\":[\"https://kubernetes.default.svc.cluster.local\",\"k3s\"]," \
  "\"exp\":1763900000,\"iat\":1763896400," \
  "\"iss\":\"https://kubernetes.default.svc.cluster.local\"," \
  "\"jti\":\"8f0c2b8e-4c4e-4f4e-9a55-0d1c2a3b4c5d\"," \
  "\"kubernetes.io\":{\"namespace\":\"monitoring\"," \
  "\"serviceaccount\":{\"name\":\"binnacle-reader\",\"uid\":\"3b7e8a0c-1111-4a2b-9c3d-4e5f6a7b8c9d\"}}," \
  "\"nbf\":1763896400,\"sub\":\"system:serviceaccount:monitoring:binnacle-reader\"}"

/* A projected volume token, bound to a pod. */
#define POD_CLAIMS \
  "{\"aud\":[\"https://kubernetes.default.svc\"],\"exp\":1795432400,\"iat\":1763896400," \
  "\"iss\":\"https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF\"," \
  "\"kubernetes.io\":{\"namespace\":\"kube-system\"," \
  "\"node\":{\"name\":\"ip-10-0-1-23.eu-west-1.compute.internal\",\"uid\":\"aa\"}," \
  "\"pod\":{\"name\":\"coredns-5d78c9869d-x2xkq\",\"uid\":\"bb\"}," \
  "\"serviceaccount\":{\"name\":\"coredns\",\"uid\":\"cc\"},\"warnafter\":1763900007}," \
  "\"nbf\":1763896400,\"sub\":\"system:serviceaccount:kube-system:coredns\"}"

/* A Secret-based token (kubernetes.io/service-account-token), which never expires. */
#define LEGACY_CLAIMS \
  "{\"iss\":\"kubernetes/serviceaccount\"," \
  "\"kubernetes.io/serviceaccount/namespace\":\"default\"," \
  "\"kubernetes.io/serviceaccount/secret.name\":\"dashboard-token-7xk2p\"," \
  "\"kubernetes.io/serviceaccount/service-account.name\":\"dashboard\"," \
  "\"kubernetes.io/serviceaccount/service-account.uid\":\"0d2f-legacy\"," \
  "\"sub\":\"system:serviceaccount:default:dashboard\"}"

/* An OIDC id-token (Dex), audience as a string. */
#define OIDC_CLAIMS \
  "{\"iss\":\"https://dex.example.com\",\"sub\":\"CgNib2ISBGxkYXA\",\"aud\":\"kubernetes\"," \
  "\"exp\":1763900000.5,\"iat\":1763896400,\"email\":\"bob@example.com\"}"

static char *
base64url (const char *text,
           gsize       length)
{
  g_autofree char *standard = g_base64_encode ((const guchar *)text, length);
  GString *url = g_string_new (NULL);

  for (const char *p = standard; *p != '\0' && *p != '='; p++)
    g_string_append_c (url, *p == '+' ? '-' : *p == '/' ? '_' : *p);
  return g_string_free (url, FALSE);
}

static char *
make_token (const char *header,
            const char *claims,
            gssize      claims_length)
{
  g_autofree char *encoded_header = base64url (header, strlen (header));
  g_autofree char *encoded_claims = base64url (claims, claims_length < 0 ? strlen (claims) : (gsize)claims_length);

  return g_strconcat (encoded_header, ".", encoded_claims, ".", SIGNATURE, NULL);
}

static BnJwt *
decode (const char *claims)
{
  g_autofree char *token = make_token (RS256_HEADER, claims, -1);
  g_autoptr(GError) error = NULL;
  BnJwt *jwt = bn_jwt_new_from_token (token, &error);

  g_assert_no_error (error);
  g_assert_nonnull (jwt);
  return jwt;
}

static void
assert_time (GDateTime *time,
             gint64     unix_time)
{
  g_assert_nonnull (time);
  g_assert_cmpint (g_date_time_to_unix (time), ==, unix_time);
  g_assert_cmpint (g_date_time_get_utc_offset (time), ==, 0);
}

static void
test_new_destroy (void)
{
  BnJwt *jwt = decode (BOUND_CLAIMS);

  g_assert_finalize_object (jwt);
}

static void
test_bound_service_account_token (void)
{
  g_autoptr(BnJwt) jwt = decode (BOUND_CLAIMS);
  g_autofree char *user = bn_jwt_dup_user_name (jwt);
  const char * const *audiences = bn_jwt_get_audiences (jwt);
  g_autoptr(GDateTime) before = g_date_time_new_from_unix_utc (1763899999);
  g_autoptr(GDateTime) after = g_date_time_new_from_unix_utc (1763900000);

  g_assert_cmpstr (bn_jwt_get_subject (jwt), ==, "system:serviceaccount:monitoring:binnacle-reader");
  g_assert_cmpstr (bn_jwt_get_issuer (jwt), ==, "https://kubernetes.default.svc.cluster.local");
  g_assert_cmpuint (g_strv_length ((char **)audiences), ==, 2);
  g_assert_cmpstr (audiences[1], ==, "k3s");
  g_assert_cmpstr (bn_jwt_get_service_account_namespace (jwt), ==, "monitoring");
  g_assert_cmpstr (bn_jwt_get_service_account_name (jwt), ==, "binnacle-reader");
  g_assert_cmpstr (bn_jwt_get_service_account_uid (jwt), ==, "3b7e8a0c-1111-4a2b-9c3d-4e5f6a7b8c9d");
  g_assert_null (bn_jwt_get_pod_name (jwt));
  g_assert_cmpstr (user, ==, "system:serviceaccount:monitoring:binnacle-reader");
  assert_time (bn_jwt_get_expiry (jwt), 1763900000);
  assert_time (bn_jwt_get_issued_at (jwt), 1763896400);
  assert_time (bn_jwt_get_not_before (jwt), 1763896400);
  g_assert_false (bn_jwt_is_expired (jwt, before));
  g_assert_true (bn_jwt_is_expired (jwt, after));
}

static void
test_pod_bound_token (void)
{
  g_autoptr(BnJwt) jwt = decode (POD_CLAIMS);

  g_assert_cmpstr (bn_jwt_get_service_account_namespace (jwt), ==, "kube-system");
  g_assert_cmpstr (bn_jwt_get_service_account_name (jwt), ==, "coredns");
  g_assert_cmpstr (bn_jwt_get_pod_name (jwt), ==, "coredns-5d78c9869d-x2xkq");
  g_assert_cmpstr (bn_jwt_get_issuer (jwt), ==, "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF");
}

static void
test_legacy_secret_token (void)
{
  g_autoptr(BnJwt) jwt = decode (LEGACY_CLAIMS);
  g_autofree char *user = bn_jwt_dup_user_name (jwt);

  g_assert_cmpstr (bn_jwt_get_issuer (jwt), ==, "kubernetes/serviceaccount");
  g_assert_cmpstr (bn_jwt_get_service_account_namespace (jwt), ==, "default");
  g_assert_cmpstr (bn_jwt_get_service_account_name (jwt), ==, "dashboard");
  g_assert_cmpstr (bn_jwt_get_service_account_uid (jwt), ==, "0d2f-legacy");
  g_assert_cmpstr (user, ==, "system:serviceaccount:default:dashboard");
  g_assert_null (bn_jwt_get_expiry (jwt));
  g_assert_false (bn_jwt_is_expired (jwt, NULL));
  g_assert_cmpuint (g_strv_length ((char **)bn_jwt_get_audiences (jwt)), ==, 0);
}

static void
test_oidc_token (void)
{
  g_autoptr(BnJwt) jwt = decode (OIDC_CLAIMS);
  g_autofree char *user = bn_jwt_dup_user_name (jwt);

  g_assert_cmpstr (user, ==, "CgNib2ISBGxkYXA");
  g_assert_null (bn_jwt_get_service_account_name (jwt));
  g_assert_cmpstr (bn_jwt_get_audiences (jwt)[0], ==, "kubernetes");
  assert_time (bn_jwt_get_expiry (jwt), 1763900000);
}

static void
test_service_account_from_subject (void)
{
  struct {
    const char *claims;
    const char *namespace;
    const char *name;
  } cases[] = {
    { "{\"sub\":\"system:serviceaccount:ci:deployer\"}", "ci", "deployer" },
    { "{\"sub\":\"system:serviceaccount:only-namespace\"}", NULL, NULL },
    { "{\"sub\":\"system:serviceaccount::name\"}", NULL, NULL },
    { "{\"sub\":\"system:serviceaccount:a:b:c\"}", NULL, NULL },
    { "{\"sub\":\"system:serviceaccounts:a:b\"}", NULL, NULL },
    { "{\"sub\":42}", NULL, NULL },
    { "{\"kubernetes.io\":\"not an object\",\"sub\":\"system:serviceaccount:x:y\"}", "x", "y" },
    { "{\"kubernetes.io\":{\"serviceaccount\":[1,2]},\"sub\":\"system:serviceaccount:x:y\"}", "x", "y" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BnJwt) jwt = decode (cases[i].claims);

      g_assert_cmpstr (bn_jwt_get_service_account_namespace (jwt), ==, cases[i].namespace);
      g_assert_cmpstr (bn_jwt_get_service_account_name (jwt), ==, cases[i].name);
    }
}

static void
test_odd_claim_types (void)
{
  const char *cases[] = {
    "{\"exp\":\"1763900000\",\"iat\":true,\"nbf\":null,\"aud\":[1,\"x\",null,{}],\"iss\":[]}",
    "{\"exp\":1e300,\"iat\":-1e300,\"nbf\":-62135596801}",
    "{\"exp\":253402300800,\"iat\":9223372036854775807}",
    "{\"exp\":-9223372036854775808}",
    "{}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BnJwt) jwt = decode (cases[i]);

      g_assert_null (bn_jwt_get_expiry (jwt));
      g_assert_null (bn_jwt_get_issued_at (jwt));
      g_assert_null (bn_jwt_get_not_before (jwt));
      g_assert_null (bn_jwt_get_issuer (jwt));
      g_assert_false (bn_jwt_is_expired (jwt, NULL));
      g_assert_nonnull (bn_jwt_get_audiences (jwt));
    }

  {
    g_autoptr(BnJwt) jwt = decode ("{\"exp\":\"1763900000\",\"aud\":[1,\"x\",null,{}]}");

    g_assert_cmpuint (g_strv_length ((char **)bn_jwt_get_audiences (jwt)), ==, 1);
    g_assert_cmpstr (bn_jwt_get_audiences (jwt)[0], ==, "x");
  }
}

static void
assert_not_a_jwt (const char *token)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnJwt) jwt = bn_jwt_new_from_token (token, &error);

  g_assert_null (jwt);
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS);
  /* Errors are shown to people and may be logged: never with the token in them. */
  if (strlen (token) >= 4)
    g_assert_null (strstr (error->message, token));
}

static void
test_junk (void)
{
  g_autofree char *valid = make_token (RS256_HEADER, BOUND_CLAIMS, -1);
  g_autofree char *four_parts = g_strconcat (valid, ".extra", NULL);
  g_autofree char *array_claims = make_token (RS256_HEADER, "[1,2,3]", -1);
  g_autofree char *null_claims = make_token (RS256_HEADER, "null", -1);
  g_autofree char *string_header = make_token ("\"RS256\"", BOUND_CLAIMS, -1);
  g_autofree char *truncated_json = make_token (RS256_HEADER, "{\"sub\":\"a\"", -1);
  g_autofree char *with_nul = make_token (RS256_HEADER, "{\"sub\":\"a\0b\"}", 13);
  g_autofree char *bad_utf8 = make_token (RS256_HEADER, "{\"sub\":\"\xff\xfe\"}", -1);
  g_autoptr(GString) deep = g_string_new ("{\"a\":");
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autofree char *deep_token = NULL;
  const char *junk[] = {
    "", ".", "..", "...", "a.b.c", "abc", "exec-token-1", "eyJ.eyJ.sig", "ey!J.eyJ9.x",
    "eyJhbGciOiJub25lIn0", "eyJhbGciOiJub25lIn0.", "eyJhbGciOiJub25lIn0..",
    "a.b.c.d.e", "=.=.=", "e30.e30", "e30.A.x", "e30.e3=0.x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (junk); i++)
    assert_not_a_jwt (junk[i]);

  assert_not_a_jwt (four_parts);
  assert_not_a_jwt (array_claims);
  assert_not_a_jwt (null_claims);
  assert_not_a_jwt (string_header);
  assert_not_a_jwt (truncated_json);
  assert_not_a_jwt (with_nul);
  assert_not_a_jwt (bad_utf8);

  /* json-glib would recurse once per level and overflow the stack. */
  for (guint i = 0; i < 20000; i++)
    g_string_append (deep, "[");
  deep_token = make_token (RS256_HEADER, deep->str, deep->len);
  assert_not_a_jwt (deep_token);

  while (huge->len <= 64 * 1024)
    g_string_append (huge, valid);
  assert_not_a_jwt (huge->str);

  /* The smallest JWTs there are: "{}" claims, with and without signature. */
  {
    g_autoptr(BnJwt) empty = bn_jwt_new_from_token ("e30.e30.", NULL);
    g_autoptr(BnJwt) padded = bn_jwt_new_from_token ("e30=.e30=.x", NULL);

    g_assert_nonnull (empty);
    g_assert_nonnull (padded);
    g_assert_null (bn_jwt_get_subject (empty));
  }
}

/* Cheap fuzzing: random tokens from the JWT alphabet and random corruptions of a real one
 * must decode or fail cleanly (the ASan run checks the "cleanly"). */
static void
test_random_junk (void)
{
  const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=";
  g_autofree char *valid = make_token (RS256_HEADER, POD_CLAIMS, -1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  gsize valid_length = strlen (valid);
  guint decoded = 0;

  for (guint round = 0; round < 20000; round++)
    {
      g_autofree char *token = NULL;
      g_autoptr(BnJwt) jwt = NULL;

      if (round % 2 == 0)
        {
          guint length = g_rand_int_range (rand, 0, 200);

          token = g_malloc (length + 1);
          for (guint i = 0; i < length; i++)
            token[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
          token[length] = '\0';
        }
      else
        {
          token = g_strdup (valid);
          for (guint flips = g_rand_int_range (rand, 1, 4); flips > 0; flips--)
            token[g_rand_int_range (rand, 0, valid_length)] = (char)g_rand_int_range (rand, 1, 256);
        }

      jwt = bn_jwt_new_from_token (token, NULL);
      if (jwt != NULL)
        {
          g_autofree char *user = bn_jwt_dup_user_name (jwt);

          g_assert_nonnull (bn_jwt_get_audiences (jwt));
          decoded++;
        }
    }

  /* Corrupting the signature part alone keeps a decodable token: some must get through. */
  g_assert_cmpuint (decoded, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/binnacle/jwt/new-destroy", test_new_destroy);
  g_test_add_func ("/binnacle/jwt/bound-service-account-token", test_bound_service_account_token);
  g_test_add_func ("/binnacle/jwt/pod-bound-token", test_pod_bound_token);
  g_test_add_func ("/binnacle/jwt/legacy-secret-token", test_legacy_secret_token);
  g_test_add_func ("/binnacle/jwt/oidc-token", test_oidc_token);
  g_test_add_func ("/binnacle/jwt/service-account-from-subject", test_service_account_from_subject);
  g_test_add_func ("/binnacle/jwt/odd-claim-types", test_odd_claim_types);
  g_test_add_func ("/binnacle/jwt/junk", test_junk);
  g_test_add_func ("/binnacle/jwt/random-junk", test_random_junk);

  return g_test_run ();
}
