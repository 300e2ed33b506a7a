/* test-credentials.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bn-credentials.h"
#include "bn-exec-plugin.h"
#include "bn-kube-error.h"
#include "bn-test-tls.h"

#define STATIC_TOKEN   "static-token-4f1c9a"
#define FILE_TOKEN_1   "file-token-first-77ab"
#define FILE_TOKEN_2   "file-token-second-91cd"
#define BASIC_PASSWORD "basic-password-3e0f"
#define OIDC_TOKEN     "oidc-id-token-5a2b"
#define EXEC_TOKEN     "exec-token-"

/* Every log record of the whole run, so the last test can look for secrets in it. */
static GString *captured_log;
static GMutex captured_log_mutex;

typedef struct
{
  char          *dir;
  BnClusterInfo *cluster;
} Fixture;

/* Helpers */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("binnacle-credentials-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->cluster = bn_cluster_info_new ();
  f->cluster->name = g_strdup ("dev");
  f->cluster->server = g_strdup ("https://127.0.0.1:6443");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  bn_cluster_info_unref (f->cluster);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
apply (BnCredentials  *credentials,
       SoupMessage    *msg,
       GCancellable   *cancellable,
       GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bn_credentials_apply_async (credentials, msg, cancellable, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return bn_credentials_apply_finish (credentials, result, error);
}

static SoupMessage *
new_message (void)
{
  return soup_message_new (SOUP_METHOD_GET, "https://127.0.0.1:6443/api/v1/namespaces");
}

static char *
apply_and_get_authorization (BnCredentials *credentials)
{
  g_autoptr(SoupMessage) msg = new_message ();
  g_autoptr(GError) error = NULL;

  apply (credentials, msg, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (soup_message_headers_get_one (soup_message_get_request_headers (msg), "Authorization"));
}

static BnAuthInfo *
new_auth (void)
{
  BnAuthInfo *auth = bn_auth_info_new ();

  auth->name = g_strdup ("alice");
  return auth;
}

static void
assert_kind (BnCredentials *credentials,
             const char    *expected)
{
  g_autofree char *kind = bn_credentials_dup_auth_kind (credentials);
  g_autofree char *property = NULL;

  g_object_get (credentials, "auth-kind", &property, NULL);
  g_assert_cmpstr (kind, ==, expected);
  g_assert_cmpstr (property, ==, expected);
}

/* Exec plugin helpers */

static char *
plugin_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "kube", "exec-plugin.py", NULL);
}

static BnAuthInfo *
new_exec_auth (Fixture    *f,
               const char *api_version,
               const char *mode,
               const char *lifetime)
{
  BnAuthInfo *auth = new_auth ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();

  g_ptr_array_add (names, g_strdup ("PLUGIN_STATE_DIR"));
  g_ptr_array_add (values, g_strdup (f->dir));
  g_ptr_array_add (names, g_strdup ("PLUGIN_MODE"));
  g_ptr_array_add (values, g_strdup (mode));
  if (lifetime != NULL)
    {
      g_ptr_array_add (names, g_strdup ("PLUGIN_LIFETIME"));
      g_ptr_array_add (values, g_strdup (lifetime));
    }
  g_ptr_array_add (names, g_strdup ("PLUGIN_GREETING"));
  g_ptr_array_add (values, g_strdup ("hello, world with spaces"));
  g_ptr_array_add (names, NULL);
  g_ptr_array_add (values, NULL);

  auth->exec = bn_exec_config_new ();
  auth->exec->api_version = g_strdup (api_version);
  auth->exec->command = plugin_path ();
  auth->exec->args = g_strsplit ("eks|get-token|--cluster-name|my cluster with spaces", "|", -1);
  auth->exec->env_names = (char **)g_ptr_array_free (g_steal_pointer (&names), FALSE);
  auth->exec->env_values = (char **)g_ptr_array_free (g_steal_pointer (&values), FALSE);
  auth->exec->install_hint = g_strdup ("Install the test plugin from tests/kube");
  auth->exec->interactive_mode = BN_EXEC_INTERACTIVE_IF_AVAILABLE;
  return auth;
}

static void
add_exec_env (BnAuthInfo *auth,
              const char *name,
              const char *value)
{
  guint n = g_strv_length (auth->exec->env_names);

  auth->exec->env_names = g_renew (char *, auth->exec->env_names, n + 2);
  auth->exec->env_values = g_renew (char *, auth->exec->env_values, n + 2);
  auth->exec->env_names[n] = g_strdup (name);
  auth->exec->env_values[n] = g_strdup (value);
  auth->exec->env_names[n + 1] = NULL;
  auth->exec->env_values[n + 1] = NULL;
}

static guint
count_runs (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, "runs.txt", NULL);
  g_autofree char *contents = NULL;
  guint runs = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  for (const char *p = contents; *p != '\0'; p++)
    runs += *p == '\n';
  return runs;
}

static JsonObject *
read_last_run (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, "last-run.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
assert_apply_fails (BnCredentials *credentials,
                    const char    *expected_part)
{
  g_autoptr(SoupMessage) msg = new_message ();
  g_autoptr(GError) error = NULL;

  g_assert_false (apply (credentials, msg, NULL, &error));
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS);
  if (strstr (error->message, expected_part) == NULL)
    g_error ("“%s” is not in the message “%s”", expected_part, error->message);
  g_assert_null (soup_message_headers_get_one (soup_message_get_request_headers (msg), "Authorization"));
}

/* Static credentials */

static void
test_new_destroy (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_auth ();
  BnCredentials *credentials;

  auth->token = g_strdup (STATIC_TOKEN);
  credentials = bn_credentials_new (f->cluster, auth);
  g_assert_true (bn_credentials_get_cluster_info (credentials) == f->cluster);
  g_assert_true (bn_credentials_get_auth_info (credentials) == auth);
  g_assert_finalize_object (credentials);
}

/* Credentials read as they are written: the kind they show, the header they send, and that a
 * retry cannot make them better. */
typedef struct
{
  const char *token;
  const char *username;
  const char *password;
  const char *oidc_id_token;
  gboolean    from_keyring;
  const char *kind;
  const char *authorization;
  const char *bearer_token;
} StaticCase;

static const StaticCase static_bearer_token = {
  .token = STATIC_TOKEN,
  .kind = "token", .authorization = "Bearer " STATIC_TOKEN, .bearer_token = STATIC_TOKEN,
};
static const StaticCase static_basic = {
  .username = "admin", .password = BASIC_PASSWORD,
  /* base64 of "admin:" BASIC_PASSWORD */
  .kind = "basic", .authorization = "Basic YWRtaW46YmFzaWMtcGFzc3dvcmQtM2UwZg==",
};
static const StaticCase static_oidc = {
  .oidc_id_token = OIDC_TOKEN,
  .kind = "oidc", .authorization = "Bearer " OIDC_TOKEN, .bearer_token = OIDC_TOKEN,
};
static const StaticCase static_keyring = {
  .token = STATIC_TOKEN, .from_keyring = TRUE,
  .kind = "keyring", .authorization = "Bearer " STATIC_TOKEN, .bearer_token = STATIC_TOKEN,
};

static void
test_static (Fixture       *f,
             gconstpointer  data)
{
  const StaticCase *c = data;
  g_autoptr(BnAuthInfo) auth = new_auth ();
  g_autoptr(BnCredentials) credentials = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *token = NULL;

  auth->token = g_strdup (c->token);
  auth->username = g_strdup (c->username);
  auth->password = g_strdup (c->password);
  if (c->oidc_id_token != NULL)
    {
      auth->auth_provider_name = g_strdup ("oidc");
      auth->auth_provider_config = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (auth->auth_provider_config, g_strdup ("id-token"), g_strdup (c->oidc_id_token));
      g_hash_table_insert (auth->auth_provider_config, g_strdup ("idp-issuer-url"), g_strdup ("https://issuer"));
    }
  if (c->from_keyring)
    credentials = bn_credentials_new_from_keyring (f->cluster, auth);
  else
    credentials = bn_credentials_new (f->cluster, auth);
  assert_kind (credentials, c->kind);

  authorization = apply_and_get_authorization (credentials);
  g_assert_cmpstr (authorization, ==, c->authorization);
  token = bn_credentials_dup_bearer_token (credentials);
  g_assert_cmpstr (token, ==, c->bearer_token);
  g_assert_true (bn_credentials_check (credentials, NULL));
  g_assert_false (bn_credentials_invalidate (credentials, NULL));
}

/* Credentials that cannot be used: each request fails locally, with a message that says why,
 * and sends no Authorization header. */
typedef struct
{
  const char *token;
  const char *token_file;          /* its contents, or "-" for a file that does not exist */
  const char *auth_provider;
  const char *kind;                /* nullable: not looked at */
  const char *message_part;
  gboolean    check_fails;
} RefusedCase;

static const RefusedCase refused_token_with_newline = {
  /* it would smuggle a header in */
  .token = "abc\r\nX-Injected: 1",
  .message_part = "cannot be sent",
};
static const RefusedCase refused_missing_token_file = {
  .token_file = "-",
  .message_part = "Cannot read the token file", .check_fails = TRUE,
};
static const RefusedCase refused_empty_token_file = {
  .token_file = " \n",
  .message_part = "does not hold a token",
};
static const RefusedCase refused_oidc_signed_out = {
  .auth_provider = "oidc",
  .message_part = "has no id-token",
};
static const RefusedCase refused_gcp = {
  .auth_provider = "gcp",
  .kind = "auth-provider: gcp", .message_part = "gke-gcloud-auth-plugin", .check_fails = TRUE,
};
static const RefusedCase refused_azure = {
  .auth_provider = "azure",
  .message_part = "kubelogin",
};

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  const RefusedCase *c = data;
  g_autoptr(BnAuthInfo) auth = new_auth ();
  g_autoptr(BnCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  auth->token = g_strdup (c->token);
  if (g_strcmp0 (c->token_file, "-") == 0)
    auth->token_file = g_build_filename (f->dir, "no-such-token", NULL);
  else if (c->token_file != NULL)
    auth->token_file = write_file (f, "token", c->token_file);
  auth->auth_provider_name = g_strdup (c->auth_provider);
  credentials = bn_credentials_new (f->cluster, auth);
  if (c->kind != NULL)
    assert_kind (credentials, c->kind);

  assert_apply_fails (credentials, c->message_part);
  if (c->check_fails)
    {
      g_assert_false (bn_credentials_check (credentials, &error));
      g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS);
    }
}

static void
test_token_file (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_auth ();
  g_autoptr(BnCredentials) credentials = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *after_invalidate = NULL;

  auth->token = g_strdup (STATIC_TOKEN);
  auth->token_file = write_file (f, "token", FILE_TOKEN_1 "\n");
  credentials = bn_credentials_new (f->cluster, auth);
  assert_kind (credentials, "token file");

  /* tokenFile wins over token, and its trailing newline is not part of the token. */
  first = apply_and_get_authorization (credentials);
  g_assert_cmpstr (first, ==, "Bearer " FILE_TOKEN_1);

  /* A rotated file is picked up by the next request, without an invalidate. */
  g_free (write_file (f, "token", FILE_TOKEN_2));
  second = apply_and_get_authorization (credentials);
  g_assert_cmpstr (second, ==, "Bearer " FILE_TOKEN_2);

  g_assert_true (bn_credentials_invalidate (credentials, NULL));
  after_invalidate = apply_and_get_authorization (credentials);
  g_assert_cmpstr (after_invalidate, ==, "Bearer " FILE_TOKEN_2);
}

static void
test_token_file_same_size_rewrite (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_auth ();
  g_autoptr(BnCredentials) credentials = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *path = write_file (f, "token", "aaaa-1");
  FILE *file;

  auth->token_file = g_strdup (path);
  credentials = bn_credentials_new (f->cluster, auth);
  first = apply_and_get_authorization (credentials);
  g_assert_cmpstr (first, ==, "Bearer aaaa-1");

  /* Rewritten in place (same inode, same size): the nanosecond mtime tells. */
  g_usleep (20 * 1000);
  file = fopen (path, "w");
  g_assert_nonnull (file);
  fputs ("bbbb-2", file);
  fclose (file);
  second = apply_and_get_authorization (credentials);
  g_assert_cmpstr (second, ==, "Bearer bbbb-2");
}

static void
test_impersonation (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_auth ();
  g_autoptr(BnCredentials) credentials = NULL;
  g_autoptr(SoupMessage) msg = new_message ();
  g_autoptr(GError) error = NULL;
  const char *scopes[] = { "view", "edit", NULL };
  const char *team[] = { "blue", NULL };
  SoupMessageHeaders *headers;

  auth->token = g_strdup (STATIC_TOKEN);
  auth->impersonate = g_strdup ("bob");
  auth->impersonate_uid = g_strdup ("1234");
  auth->impersonate_groups = g_strsplit ("developers,system:authenticated", ",", -1);
  auth->impersonate_extra = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_strfreev);
  g_hash_table_insert (auth->impersonate_extra, g_strdup ("scopes"), g_strdupv ((char **)scopes));
  g_hash_table_insert (auth->impersonate_extra, g_strdup ("example.com/team name%"), g_strdupv ((char **)team));
  credentials = bn_credentials_new (f->cluster, auth);

  /* A stale header from an earlier attempt is replaced, not doubled. */
  soup_message_headers_append (soup_message_get_request_headers (msg), "Impersonate-Group", "stale");
  g_assert_true (apply (credentials, msg, NULL, &error));
  g_assert_no_error (error);

  headers = soup_message_get_request_headers (msg);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Authorization"), ==, "Bearer " STATIC_TOKEN);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Impersonate-User"), ==, "bob");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Impersonate-Uid"), ==, "1234");
  g_assert_cmpstr (soup_message_headers_get_list (headers, "Impersonate-Group"), ==,
                   "developers, system:authenticated");
  g_assert_cmpstr (soup_message_headers_get_list (headers, "Impersonate-Extra-scopes"), ==, "view, edit");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Impersonate-Extra-example.com%2Fteam%20name%25"), ==,
                   "blue");
}

static void
test_no_credentials (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_auth ();
  g_autoptr(BnCredentials) credentials = bn_credentials_new (f->cluster, auth);
  g_autofree char *authorization = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;

  assert_kind (credentials, "none");
  authorization = apply_and_get_authorization (credentials);
  g_assert_null (authorization);
  certificate = bn_credentials_dup_client_certificate (credentials, &error);
  g_assert_no_error (error);
  g_assert_null (certificate);
}

/* Client certificates */

static void
assert_same_certificate (GTlsCertificate *certificate,
                         const char      *certificate_pem,
                         const char      *key_pem)
{
  g_autofree char *pem = g_strconcat (certificate_pem, "\n", key_pem, NULL);
  g_autoptr(GTlsCertificate) expected = g_tls_certificate_new_from_pem (pem, -1, NULL);
  g_autofree char *private_key = NULL;

  g_assert_nonnull (certificate);
  g_assert_nonnull (expected);
  g_assert_true (g_tls_certificate_is_same (certificate, expected));
  /* The key came along: the certificate can prove who we are. */
  g_object_get (certificate, "private-key-pem", &private_key, NULL);
  g_assert_nonnull (private_key);
}

static void
test_client_certificate_files (Fixture       *f,
                               gconstpointer  data)
{
  BnTestKeyType key_type = GPOINTER_TO_INT (data);
  g_autoptr(BnAuthInfo) auth = new_auth ();
  g_autoptr(BnCredentials) credentials = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *certificate_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *authorization = NULL;

  bn_test_tls_make_certificate (key_type, "alice", &certificate_pem, &key_pem);
  auth->client_certificate = write_file (f, "alice.crt", certificate_pem);
  auth->client_key = write_file (f, "alice.key", key_pem);
  credentials = bn_credentials_new (f->cluster, auth);
  assert_kind (credentials, "client certificate");

  certificate = bn_credentials_dup_client_certificate (credentials, &error);
  g_assert_no_error (error);
  assert_same_certificate (certificate, certificate_pem, key_pem);
  g_assert_true (bn_credentials_check (credentials, NULL));

  authorization = apply_and_get_authorization (credentials);
  g_assert_null (authorization);
}

static void
test_client_certificate_data (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_auth ();
  g_autoptr(BnCredentials) credentials = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *certificate_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *other_certificate = NULL;
  g_autofree char *other_key = NULL;

  bn_test_tls_make_certificate (BN_TEST_KEY_EC, "alice", &certificate_pem, &key_pem);
  bn_test_tls_make_certificate (BN_TEST_KEY_EC, "mallory", &other_certificate, &other_key);
  auth->client_certificate_data = g_bytes_new (certificate_pem, strlen (certificate_pem));
  auth->client_key_data = g_bytes_new (key_pem, strlen (key_pem));
  /* Data wins over files. */
  auth->client_certificate = write_file (f, "other.crt", other_certificate);
  auth->client_key = write_file (f, "other.key", other_key);
  /* A token and a certificate are both used. */
  auth->token = g_strdup (STATIC_TOKEN);
  credentials = bn_credentials_new (f->cluster, auth);

  certificate = bn_credentials_dup_client_certificate (credentials, &error);
  g_assert_no_error (error);
  assert_same_certificate (certificate, certificate_pem, key_pem);

  authorization = apply_and_get_authorization (credentials);
  g_assert_cmpstr (authorization, ==, "Bearer " STATIC_TOKEN);
}

static void
test_client_certificate_rotation (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_auth ();
  g_autoptr(BnCredentials) credentials = NULL;
  g_autoptr(GTlsCertificate) before = NULL;
  g_autoptr(GTlsCertificate) cached = NULL;
  g_autoptr(GTlsCertificate) after = NULL;
  g_autofree char *old_certificate = NULL;
  g_autofree char *old_key = NULL;
  g_autofree char *new_certificate = NULL;
  g_autofree char *new_key = NULL;

  bn_test_tls_make_certificate (BN_TEST_KEY_EC, "alice", &old_certificate, &old_key);
  bn_test_tls_make_certificate (BN_TEST_KEY_EC, "alice", &new_certificate, &new_key);
  auth->client_certificate = write_file (f, "alice.crt", old_certificate);
  auth->client_key = write_file (f, "alice.key", old_key);
  credentials = bn_credentials_new (f->cluster, auth);
  before = bn_credentials_dup_client_certificate (credentials, NULL);
  assert_same_certificate (before, old_certificate, old_key);

  /* Loaded once; a rotated pair is read again after a 401. */
  g_free (write_file (f, "alice.crt", new_certificate));
  g_free (write_file (f, "alice.key", new_key));
  cached = bn_credentials_dup_client_certificate (credentials, NULL);
  g_assert_true (cached == before);
  g_assert_false (bn_credentials_invalidate (credentials, NULL));
  after = bn_credentials_dup_client_certificate (credentials, NULL);
  assert_same_certificate (after, new_certificate, new_key);
}

static void
test_client_certificate_problems (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(BnAuthInfo) no_key = new_auth ();
  g_autoptr(BnAuthInfo) junk = new_auth ();
  g_autoptr(BnAuthInfo) missing = new_auth ();
  g_autoptr(BnCredentials) credentials = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *certificate_pem = NULL;
  g_autofree char *key_pem = NULL;

  bn_test_tls_make_certificate (BN_TEST_KEY_EC, "alice", &certificate_pem, &key_pem);

  no_key->client_certificate_data = g_bytes_new (certificate_pem, strlen (certificate_pem));
  credentials = bn_credentials_new (f->cluster, no_key);
  certificate = bn_credentials_dup_client_certificate (credentials, &error);
  g_assert_null (certificate);
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "no client key"));
  assert_apply_fails (credentials, "no client key");
  g_clear_error (&error);
  g_clear_object (&credentials);

  junk->client_certificate_data = g_bytes_new_static ("-----BEGIN CERTIFICATE-----\n\x01\x02\n", 32);
  junk->client_key_data = g_bytes_new (key_pem, strlen (key_pem));
  credentials = bn_credentials_new (f->cluster, junk);
  g_assert_false (bn_credentials_check (credentials, &error));
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "cannot be used"));
  g_clear_error (&error);
  g_clear_object (&credentials);

  missing->client_certificate = g_build_filename (f->dir, "missing.crt", NULL);
  missing->client_key = write_file (f, "alice.key", key_pem);
  credentials = bn_credentials_new (f->cluster, missing);
  assert_apply_fails (credentials, "Cannot read the client certificate");
}

/* A one-shot HTTPS server on plain GIO that demands a client certificate, records the one it
 * got and answers 200 when it is the expected one (401 otherwise). */
typedef struct
{
  GSocketListener *listener;
  GTlsCertificate *server_certificate;
  GTlsCertificate *expected;
  GIOStream       *tls;
  char             request[4096];
  char            *response;
  gboolean         seen;
  gboolean         closed;
} TlsServer;

static void
on_tls_server_closed (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  TlsServer *server = user_data;

  g_io_stream_close_finish (G_IO_STREAM (object), result, NULL);
  server->closed = TRUE;
}

static void
on_tls_server_written (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  TlsServer *server = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);
  g_io_stream_close_async (server->tls, G_PRIORITY_DEFAULT, NULL, on_tls_server_closed, server);
}

static void
on_tls_server_read (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  TlsServer *server = user_data;
  guint status = server->seen ? 200 : 401;

  g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);
  server->response = g_strdup_printf ("HTTP/1.1 %u Whatever\r\nContent-Length: 2\r\n"
                                      "Connection: close\r\n\r\nok", status);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (server->tls), server->response,
                                   strlen (server->response), G_PRIORITY_DEFAULT, NULL,
                                   on_tls_server_written, server);
}

static void
on_tls_server_handshake (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  TlsServer *server = user_data;
  g_autoptr(GError) error = NULL;
  GTlsCertificate *peer;

  g_tls_connection_handshake_finish (G_TLS_CONNECTION (object), result, &error);
  g_assert_no_error (error);
  peer = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (object));
  server->seen = peer != NULL && g_tls_certificate_is_same (peer, server->expected);
  g_input_stream_read_async (g_io_stream_get_input_stream (server->tls), server->request,
                             sizeof server->request, G_PRIORITY_DEFAULT, NULL,
                             on_tls_server_read, server);
}

/* The test's client certificate is self-signed: accept any, and compare it afterwards. */
static gboolean
on_tls_server_accept_certificate (GTlsConnection       *connection,
                                  GTlsCertificate      *certificate,
                                  GTlsCertificateFlags  errors,
                                  gpointer              user_data)
{
  return TRUE;
}

static void
on_tls_server_accepted (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  TlsServer *server = user_data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_listener_accept_finish (server->listener, result, NULL, &error);
  g_assert_no_error (error);
  server->tls = g_tls_server_connection_new (G_IO_STREAM (connection), server->server_certificate, &error);
  g_assert_no_error (error);
  g_object_set (server->tls, "authentication-mode", G_TLS_AUTHENTICATION_REQUIRED, NULL);
  g_signal_connect (server->tls, "accept-certificate", G_CALLBACK (on_tls_server_accept_certificate), NULL);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (server->tls), G_PRIORITY_DEFAULT, NULL,
                                    on_tls_server_handshake, server);
}

static guint16
tls_server_start (TlsServer *server)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  server->listener = g_socket_listener_new ();
  g_socket_listener_add_address (server->listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  g_socket_listener_accept_async (server->listener, NULL, on_tls_server_accepted, server);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
}

static void
tls_server_stop (TlsServer *server)
{
  while (server->tls != NULL && !server->closed)
    g_main_context_iteration (NULL, TRUE);
  g_socket_listener_close (server->listener);
  g_clear_object (&server->listener);
  g_clear_object (&server->tls);
  g_clear_object (&server->server_certificate);
  g_clear_object (&server->expected);
  g_clear_pointer (&server->response, g_free);
}

static gboolean
on_accept_certificate (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  return TRUE;
}

/* The certificate does not only load: it authenticates a real TLS handshake. */
static void
test_client_certificate_handshake (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_auth ();
  g_autoptr(BnCredentials) credentials = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *certificate_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *server_pem = NULL;
  g_autofree char *server_key = NULL;
  g_autofree char *server_both = NULL;
  g_autofree char *url = NULL;
  TlsServer server = { NULL };

  bn_test_tls_make_certificate (BN_TEST_KEY_EC, "alice", &certificate_pem, &key_pem);
  bn_test_tls_make_certificate (BN_TEST_KEY_EC, "127.0.0.1", &server_pem, &server_key);
  server_both = g_strconcat (server_pem, "\n", server_key, NULL);
  server.server_certificate = g_tls_certificate_new_from_pem (server_both, -1, &error);
  g_assert_no_error (error);

  auth->client_certificate_data = g_bytes_new (certificate_pem, strlen (certificate_pem));
  auth->client_key_data = g_bytes_new (key_pem, strlen (key_pem));
  credentials = bn_credentials_new (f->cluster, auth);
  server.expected = bn_credentials_dup_client_certificate (credentials, &error);
  g_assert_no_error (error);

  url = g_strdup_printf ("https://127.0.0.1:%u/api", tls_server_start (&server));
  session = soup_session_new ();
  msg = soup_message_new (SOUP_METHOD_GET, url);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (on_accept_certificate), NULL);
  g_assert_true (apply (credentials, msg, NULL, &error));
  g_assert_no_error (error);

  /* The server runs on this thread's main context: send asynchronously. */
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  body = soup_session_send_and_read_finish (session, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_true (server.seen);

  soup_session_abort (session);
  tls_server_stop (&server);
}

/* Exec credential plugins */

static void
test_exec_cached_until_expiry (Fixture       *f,
                               gconstpointer  data)
{
  const char *api_version = data;
  g_autoptr(BnAuthInfo) auth = new_exec_auth (f, api_version, "token", "3600");
  g_autoptr(BnCredentials) credentials = bn_credentials_new (f->cluster, auth);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *token = NULL;

  assert_kind (credentials, "exec: exec-plugin.py");
  g_assert_null (bn_credentials_dup_bearer_token (credentials));

  first = apply_and_get_authorization (credentials);
  second = apply_and_get_authorization (credentials);
  g_assert_cmpstr (first, ==, "Bearer " EXEC_TOKEN "1");
  g_assert_cmpstr (second, ==, "Bearer " EXEC_TOKEN "1");
  g_assert_cmpuint (count_runs (f), ==, 1);

  token = bn_credentials_dup_bearer_token (credentials);
  g_assert_cmpstr (token, ==, EXEC_TOKEN "1");
}

static void
test_exec_short_lived (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_exec_auth (f, "client.authentication.k8s.io/v1", "token", "2");
  g_autoptr(BnCredentials) credentials = bn_credentials_new (f->cluster, auth);
  g_autofree char *first = NULL;
  g_autofree char *cached = NULL;
  g_autofree char *renewed = NULL;

  first = apply_and_get_authorization (credentials);
  cached = apply_and_get_authorization (credentials);
  g_assert_cmpstr (first, ==, "Bearer " EXEC_TOKEN "1");
  g_assert_cmpstr (cached, ==, "Bearer " EXEC_TOKEN "1");
  g_assert_cmpuint (count_runs (f), ==, 1);

  /* Past its expirationTimestamp the token is not used again. */
  g_usleep (2100 * 1000);
  renewed = apply_and_get_authorization (credentials);
  g_assert_cmpstr (renewed, ==, "Bearer " EXEC_TOKEN "2");
  g_assert_cmpuint (count_runs (f), ==, 2);
}

static void
test_exec_expired_and_unlimited (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(BnAuthInfo) expired = new_exec_auth (f, "client.authentication.k8s.io/v1", "token", "-60");
  g_autoptr(BnCredentials) credentials = bn_credentials_new (f->cluster, expired);
  g_autoptr(BnAuthInfo) unlimited = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  first = apply_and_get_authorization (credentials);
  second = apply_and_get_authorization (credentials);
  g_assert_cmpstr (first, ==, "Bearer " EXEC_TOKEN "1");
  g_assert_cmpstr (second, ==, "Bearer " EXEC_TOKEN "2");
  g_clear_object (&credentials);

  /* Without expirationTimestamp, good until a 401. */
  unlimited = new_exec_auth (f, "client.authentication.k8s.io/v1", "token", NULL);
  credentials = bn_credentials_new (f->cluster, unlimited);
  g_clear_pointer (&first, g_free);
  g_clear_pointer (&second, g_free);
  first = apply_and_get_authorization (credentials);
  second = apply_and_get_authorization (credentials);
  g_assert_cmpstr (first, ==, "Bearer " EXEC_TOKEN "3");
  g_assert_cmpstr (second, ==, "Bearer " EXEC_TOKEN "3");
  g_assert_cmpuint (count_runs (f), ==, 3);
}

static void
test_exec_rerun_on_401 (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_exec_auth (f, "client.authentication.k8s.io/v1", "token", "3600");
  g_autoptr(BnCredentials) credentials = bn_credentials_new (f->cluster, auth);
  g_autoptr(SoupMessage) rejected = new_message ();
  g_autoptr(SoupMessage) also_rejected = new_message ();
  g_autoptr(SoupMessage) retry = new_message ();
  g_autofree char *after_stale = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (apply (credentials, rejected, NULL, &error));
  g_assert_true (apply (credentials, also_rejected, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_runs (f), ==, 1);

  /* The server said 401 to both: the first invalidate forgets the token... */
  g_assert_true (bn_credentials_invalidate (credentials, rejected));
  g_assert_true (apply (credentials, retry, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_request_headers (retry), "Authorization"),
                   ==, "Bearer " EXEC_TOKEN "2");
  g_assert_cmpuint (count_runs (f), ==, 2);

  /* ...the second one was sent with the old token, which is already replaced: no new run. */
  g_assert_true (bn_credentials_invalidate (credentials, also_rejected));
  after_stale = apply_and_get_authorization (credentials);
  g_assert_cmpstr (after_stale, ==, "Bearer " EXEC_TOKEN "2");
  g_assert_cmpuint (count_runs (f), ==, 2);
}

typedef struct
{
  guint pending;
} Concurrent;

static void
on_concurrent_applied (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Concurrent *concurrent = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (bn_credentials_apply_finish (BN_CREDENTIALS (object), result, &error));
  g_assert_no_error (error);
  concurrent->pending--;
}

static void
test_exec_concurrent_requests_share_a_run (Fixture       *f,
                                           gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_exec_auth (f, "client.authentication.k8s.io/v1", "token", "3600");
  BnCredentials *credentials = bn_credentials_new (f->cluster, auth);
  SoupMessage *messages[3];
  Concurrent concurrent = { G_N_ELEMENTS (messages) };

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      messages[i] = new_message ();
      bn_credentials_apply_async (credentials, messages[i], NULL, on_concurrent_applied, &concurrent);
    }
  while (concurrent.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (count_runs (f), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_request_headers (messages[i]),
                                                     "Authorization"), ==, "Bearer " EXEC_TOKEN "1");
      g_object_unref (messages[i]);
    }
  /* Nothing of the shared run (waiters, tasks, the plugin) holds on to the object. */
  g_assert_finalize_object (credentials);
}

static void
test_exec_env_args_and_exec_info (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_exec_auth (f, "client.authentication.k8s.io/v1beta1", "token", NULL);
  g_autoptr(BnCredentials) credentials = NULL;
  g_autoptr(JsonObject) run = NULL;
  g_autofree char *authorization = NULL;
  const char *ca = "-----BEGIN CERTIFICATE-----\nnot really\n-----END CERTIFICATE-----\n";
  g_autofree char *ca_base64 = g_base64_encode ((const guchar *)ca, strlen (ca));
  JsonObject *exec_info;
  JsonObject *spec;
  JsonObject *cluster;
  JsonArray *argv;

  f->cluster->certificate_authority = write_file (f, "ca.crt", ca);
  f->cluster->tls_server_name = g_strdup ("kubernetes.default");
  f->cluster->proxy_url = g_strdup ("socks5://127.0.0.1:1080");
  f->cluster->exec_extension_json = g_strdup ("{\"audience\": \"abc\", \"nested\": {\"n\": 1}}");
  auth->exec->provide_cluster_info = TRUE;
  credentials = bn_credentials_new (f->cluster, auth);

  authorization = apply_and_get_authorization (credentials);
  g_assert_cmpstr (authorization, ==, "Bearer " EXEC_TOKEN "1");
  run = read_last_run (f);

  argv = json_object_get_array_member (run, "argv");
  g_assert_cmpuint (json_array_get_length (argv), ==, 4);
  g_assert_cmpstr (json_array_get_string_element (argv, 0), ==, "eks");
  g_assert_cmpstr (json_array_get_string_element (argv, 3), ==, "my cluster with spaces");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (run, "env"),
                                                  "PLUGIN_GREETING"), ==, "hello, world with spaces");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (run, "env"),
                                                  "PLUGIN_INHERITED"), ==, "from the parent");
  g_assert_false (json_object_get_boolean_member (run, "stdin_is_tty"));

  exec_info = json_object_get_object_member (run, "exec_info");
  g_assert_cmpstr (json_object_get_string_member (exec_info, "kind"), ==, "ExecCredential");
  g_assert_cmpstr (json_object_get_string_member (exec_info, "apiVersion"), ==,
                   "client.authentication.k8s.io/v1beta1");
  spec = json_object_get_object_member (exec_info, "spec");
  g_assert_false (json_object_get_boolean_member (spec, "interactive"));
  cluster = json_object_get_object_member (spec, "cluster");
  g_assert_nonnull (cluster);
  g_assert_cmpstr (json_object_get_string_member (cluster, "server"), ==, "https://127.0.0.1:6443");
  g_assert_cmpstr (json_object_get_string_member (cluster, "tls-server-name"), ==, "kubernetes.default");
  g_assert_cmpstr (json_object_get_string_member (cluster, "proxy-url"), ==, "socks5://127.0.0.1:1080");
  g_assert_cmpstr (json_object_get_string_member (cluster, "certificate-authority-data"), ==, ca_base64);
  g_assert_false (json_object_has_member (cluster, "insecure-skip-tls-verify"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (cluster, "config"),
                                                  "audience"), ==, "abc");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     json_object_get_object_member (cluster, "config"), "nested"), "n"), ==, 1);
}

static void
test_exec_missing_command (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(BnAuthInfo) bare = new_exec_auth (f, "client.authentication.k8s.io/v1", "token", NULL);
  g_autoptr(BnAuthInfo) path = new_exec_auth (f, "client.authentication.k8s.io/v1", "token", NULL);
  g_autoptr(BnCredentials) credentials = NULL;

  g_free (bare->exec->command);
  bare->exec->command = g_strdup ("binnacle-no-such-credential-plugin");
  credentials = bn_credentials_new (f->cluster, bare);
  assert_apply_fails (credentials, "“binnacle-no-such-credential-plugin” is not installed. "
                                   "Install the test plugin from tests/kube");
  g_clear_object (&credentials);

  g_free (path->exec->command);
  path->exec->command = g_build_filename (f->dir, "bin", "aws", NULL);
  g_clear_pointer (&path->exec->install_hint, g_free);
  credentials = bn_credentials_new (f->cluster, path);
  assert_apply_fails (credentials, "aws” is not installed");
  g_assert_cmpuint (count_runs (f), ==, 0);
}

static void
test_exec_failure_shows_stderr (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_exec_auth (f, "client.authentication.k8s.io/v1", "fail", NULL);
  g_autoptr(BnCredentials) credentials = bn_credentials_new (f->cluster, auth);

  assert_apply_fails (credentials, "exited with status 3: error: the session for profile dev has expired");
  /* Failures are not cached: the next request tries again. */
  assert_apply_fails (credentials, "exited with status 3");
  g_assert_cmpuint (count_runs (f), ==, 2);
}

static void
test_exec_output_is_bounded (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(BnAuthInfo) flood = new_exec_auth (f, "client.authentication.k8s.io/v1", "flood", NULL);
  g_autoptr(BnAuthInfo) noisy = new_exec_auth (f, "client.authentication.k8s.io/v1", "noisy-fail", NULL);
  g_autoptr(BnCredentials) credentials = bn_credentials_new (f->cluster, flood);
  g_autoptr(SoupMessage) msg = new_message ();
  g_autoptr(GError) error = NULL;

  /* Endless output: stopped at 1 MiB instead of filling the memory. */
  assert_apply_fails (credentials, "printed more than 1 MiB and was stopped");
  g_clear_object (&credentials);

  /* A chatty plugin's stderr: the end, where it says why, makes the message, bounded. */
  credentials = bn_credentials_new (f->cluster, noisy);
  g_assert_false (apply (credentials, msg, NULL, &error));
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "exited with status 4"));
  g_assert_true (g_str_has_suffix (error->message, "error: giving up after all that"));
  g_assert_cmpuint (strlen (error->message), <, 3000);
}

static void
test_exec_bad_output (Fixture       *f,
                      gconstpointer  data)
{
  struct {
    const char *mode;
    const char *message;
  } cases[] = {
    { "bad-json", "not an ExecCredential JSON object" },
    { "nothing", "printed nothing" },
    { "deep-json", "not an ExecCredential JSON object" },
    { "wrong-api-version", "answered with apiVersion “client.authentication.k8s.io/v1alpha1”, "
                           "but the kubeconfig asks for “client.authentication.k8s.io/v1”" },
    { "cert-without-key", "returned clientCertificateData without clientKeyData" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BnAuthInfo) auth = new_exec_auth (f, "client.authentication.k8s.io/v1", cases[i].mode, NULL);
      g_autoptr(BnCredentials) credentials = NULL;
      g_autofree char *certificate_pem = NULL;
      g_autofree char *key_pem = NULL;

      if (g_str_equal (cases[i].mode, "cert-without-key"))
        {
          g_autofree char *certificate_file = NULL;

          bn_test_tls_make_certificate (BN_TEST_KEY_EC, "alice", &certificate_pem, &key_pem);
          certificate_file = write_file (f, "exec.crt", certificate_pem);
          add_exec_env (auth, "PLUGIN_CERT_FILE", certificate_file);
        }

      credentials = bn_credentials_new (f->cluster, auth);
      assert_apply_fails (credentials, cases[i].message);
    }
}

static void
test_exec_odd_env (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(BnAuthInfo) short_values = new_exec_auth (f, "client.authentication.k8s.io/v1", "token", NULL);
  g_autoptr(BnAuthInfo) bad_name = new_exec_auth (f, "client.authentication.k8s.io/v1", "token", NULL);
  g_autoptr(BnCredentials) credentials = NULL;
  g_autoptr(JsonObject) run = NULL;
  g_autofree char *authorization = NULL;
  guint n;

  /* One value fewer than names: the last variable is empty rather than read past the end. */
  add_exec_env (short_values, "PLUGIN_WITHOUT_VALUE", "x");
  n = g_strv_length (short_values->exec->env_values);
  g_clear_pointer (&short_values->exec->env_values[n - 1], g_free);
  credentials = bn_credentials_new (f->cluster, short_values);
  authorization = apply_and_get_authorization (credentials);
  g_assert_cmpstr (authorization, ==, "Bearer " EXEC_TOKEN "1");
  run = read_last_run (f);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (run, "env"),
                                                  "PLUGIN_WITHOUT_VALUE"), ==, "");
  g_clear_object (&credentials);

  add_exec_env (bad_name, "A=B", "x");
  credentials = bn_credentials_new (f->cluster, bad_name);
  assert_apply_fails (credentials, "invalid name “A=B”");
}

static void
test_exec_interactive_always (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_exec_auth (f, "client.authentication.k8s.io/v1", "token", NULL);
  g_autoptr(BnCredentials) credentials = NULL;

  auth->exec->interactive_mode = BN_EXEC_INTERACTIVE_ALWAYS;
  credentials = bn_credentials_new (f->cluster, auth);
  assert_apply_fails (credentials, "interactiveMode: Always");
  g_assert_cmpuint (count_runs (f), ==, 0);
}

static void
test_exec_client_certificate (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_exec_auth (f, "client.authentication.k8s.io/v1", "cert", "3600");
  g_autoptr(BnCredentials) credentials = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *certificate_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *certificate_file = NULL;
  g_autofree char *key_file = NULL;
  g_autofree char *authorization = NULL;

  bn_test_tls_make_certificate (BN_TEST_KEY_RSA, "alice", &certificate_pem, &key_pem);
  certificate_file = write_file (f, "exec.crt", certificate_pem);
  key_file = write_file (f, "exec.key", key_pem);
  add_exec_env (auth, "PLUGIN_CERT_FILE", certificate_file);
  add_exec_env (auth, "PLUGIN_KEY_FILE", key_file);
  credentials = bn_credentials_new (f->cluster, auth);

  certificate = bn_credentials_dup_client_certificate (credentials, &error);
  g_assert_no_error (error);
  g_assert_null (certificate);

  authorization = apply_and_get_authorization (credentials);
  g_assert_null (authorization);
  certificate = bn_credentials_dup_client_certificate (credentials, &error);
  g_assert_no_error (error);
  assert_same_certificate (certificate, certificate_pem, key_pem);
}

static void
test_exec_skipped_with_static_credentials (Fixture       *f,
                                           gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_exec_auth (f, "client.authentication.k8s.io/v1", "token", NULL);
  g_autoptr(BnCredentials) credentials = NULL;
  g_autofree char *authorization = NULL;

  auth->token = g_strdup (STATIC_TOKEN);
  credentials = bn_credentials_new (f->cluster, auth);
  assert_kind (credentials, "token");
  authorization = apply_and_get_authorization (credentials);
  g_assert_cmpstr (authorization, ==, "Bearer " STATIC_TOKEN);
  g_assert_cmpuint (count_runs (f), ==, 0);
}

static void
on_cancelled_apply (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GError **out = user_data;

  g_assert_false (bn_credentials_apply_finish (BN_CREDENTIALS (object), result, out));
  g_assert_nonnull (*out);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_exec_cancel (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_exec_auth (f, "client.authentication.k8s.io/v1", "sleep", NULL);
  g_autoptr(BnCredentials) credentials = bn_credentials_new (f->cluster, auth);
  g_autoptr(SoupMessage) msg = new_message ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  bn_credentials_apply_async (credentials, msg, cancellable, on_cancelled_apply, &error);
  g_timeout_add (300, cancel_cb, cancellable);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);

  /* Nobody waits any more, so the plugin is stopped; the object is free to go. */
  while (g_main_context_pending (NULL) || G_OBJECT (credentials)->ref_count > 1)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_exec_cancelled_before (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_exec_auth (f, "client.authentication.k8s.io/v1", "token", "3600");
  g_autoptr(BnCredentials) credentials = bn_credentials_new (f->cluster, auth);
  g_autoptr(SoupMessage) msg = new_message ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *authorization = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (apply (credentials, msg, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (count_runs (f), ==, 0);

  /* Nothing is left half-started: the next request runs the plugin. */
  authorization = apply_and_get_authorization (credentials);
  g_assert_cmpstr (authorization, ==, "Bearer " EXEC_TOKEN "1");
}

typedef struct
{
  BnCredentials *credentials;
  GThread       *callback_thread;
  char          *authorization;
  gboolean       done;
} WorkerData;

static void
on_worker_applied (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  WorkerData *worker = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (bn_credentials_apply_finish (BN_CREDENTIALS (object), result, &error));
  g_assert_no_error (error);
  worker->callback_thread = g_thread_self ();
  worker->done = TRUE;
}

static gpointer
worker_thread (gpointer data)
{
  WorkerData *worker = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupMessage) msg = new_message ();

  g_main_context_push_thread_default (context);
  bn_credentials_apply_async (worker->credentials, msg, NULL, on_worker_applied, worker);
  while (!worker->done)
    g_main_context_iteration (context, TRUE);
  worker->authorization = g_strdup (soup_message_headers_get_one (soup_message_get_request_headers (msg),
                                                                  "Authorization"));
  g_clear_object (&msg);
  g_main_context_pop_thread_default (context);
  return g_thread_self ();
}

/* As BnApiClient uses it: in a worker thread with its own main context, which the plugin's
 * completion must come back to while the main thread's context is never iterated. */
static void
test_exec_in_worker_thread (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_exec_auth (f, "client.authentication.k8s.io/v1", "token", "3600");
  g_autoptr(BnCredentials) credentials = bn_credentials_new (f->cluster, auth);
  WorkerData worker = { credentials, NULL, NULL, FALSE };
  GThread *thread = g_thread_new ("cluster-worker", worker_thread, &worker);
  GThread *worker_self = g_thread_join (thread);

  g_assert_true (worker.callback_thread == worker_self);
  g_assert_cmpstr (worker.authorization, ==, "Bearer " EXEC_TOKEN "1");
  g_free (worker.authorization);
}

/* The path is set once in main(), before any thread exists; the file exists only during the
 * Flatpak tests. */
static void
write_flatpak_info (const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (g_getenv ("BINNACLE_FLATPAK_INFO"), contents, -1, &error);
  g_assert_no_error (error);
}

static void
test_exec_flatpak_without_permission (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_exec_auth (f, "client.authentication.k8s.io/v1", "token", NULL);
  g_autoptr(BnCredentials) credentials = bn_credentials_new (f->cluster, auth);

  write_flatpak_info ("[Application]\nname=dev.binnacle.Binnacle\n\n"
                      "[Session Bus Policy]\norg.freedesktop.secrets=talk\n");
  assert_apply_fails (credentials, "flatpak override --user --talk-name=org.freedesktop.Flatpak "
                                   "dev.binnacle.Binnacle");
  g_unlink (g_getenv ("BINNACLE_FLATPAK_INFO"));
  g_assert_cmpuint (count_runs (f), ==, 0);
}

static void
test_exec_flatpak_spawn (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_exec_auth (f, "client.authentication.k8s.io/v1", "token", NULL);
  g_autoptr(BnCredentials) credentials = NULL;
  g_autoptr(JsonObject) run = NULL;
  g_autofree char *authorization = NULL;
  JsonObject *env;

  auth->exec->provide_cluster_info = TRUE;
  credentials = bn_credentials_new (f->cluster, auth);
  write_flatpak_info ("[Application]\nname=dev.binnacle.Binnacle\n\n"
                      "[Session Bus Policy]\norg.freedesktop.Flatpak=talk\n");
  authorization = apply_and_get_authorization (credentials);
  g_unlink (g_getenv ("BINNACLE_FLATPAK_INFO"));

  g_assert_cmpstr (authorization, ==, "Bearer " EXEC_TOKEN "1");
  run = read_last_run (f);
  env = json_object_get_object_member (run, "env");
  g_assert_cmpstr (json_object_get_string_member (env, "PLUGIN_VIA_FLATPAK_SPAWN"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (env, "PLUGIN_GREETING"), ==, "hello, world with spaces");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (run, "argv"), 3), ==,
                   "my cluster with spaces");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_object_get_object_member (json_object_get_object_member (run, "exec_info"),
                                                    "spec"), "cluster"), "server"), ==,
                   "https://127.0.0.1:6443");
}

static void
test_exec_flatpak_missing_command (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(BnAuthInfo) auth = new_exec_auth (f, "client.authentication.k8s.io/v1", "token", NULL);
  g_autoptr(BnCredentials) credentials = NULL;

  g_free (auth->exec->command);
  auth->exec->command = g_strdup ("binnacle-no-such-credential-plugin");
  credentials = bn_credentials_new (f->cluster, auth);
  write_flatpak_info ("[Application]\nname=dev.binnacle.Binnacle\n\n"
                      "[Session Bus Policy]\norg.freedesktop.Flatpak=talk\n");
  assert_apply_fails (credentials, "“binnacle-no-such-credential-plugin” is not installed. "
                                   "Install the test plugin from tests/kube");
  g_unlink (g_getenv ("BINNACLE_FLATPAK_INFO"));
}

/* Logs */

static GLogWriterOutput
capture_log_writer (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  g_mutex_lock (&captured_log_mutex);
  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length < 0)
        g_string_append (captured_log, fields[i].value);
      else
        g_string_append_len (captured_log, fields[i].value, fields[i].length);
      g_string_append_c (captured_log, '\n');
    }
  g_mutex_unlock (&captured_log_mutex);

  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO | G_LOG_LEVEL_MESSAGE))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* Runs last: every token and password the tests above used must be absent from every log
 * record (debug included) written during the whole run. */
static void
test_no_secret_in_log (Fixture       *f,
                       gconstpointer  data)
{
  const char *secrets[] = { STATIC_TOKEN, FILE_TOKEN_1, FILE_TOKEN_2, BASIC_PASSWORD, OIDC_TOKEN,
                            EXEC_TOKEN, "PRIVATE KEY" };

  g_debug ("credentials tests done; the log so far is %" G_GSIZE_FORMAT " bytes", captured_log->len);
  g_mutex_lock (&captured_log_mutex);
  g_assert_nonnull (strstr (captured_log->str, "credentials tests done"));
  /* The code under test did log, about the very things that carry secrets. */
  g_assert_nonnull (strstr (captured_log->str, "Read the token file"));
  g_assert_nonnull (strstr (captured_log->str, "issued a token, valid until"));
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    if (strstr (captured_log->str, secrets[i]) != NULL)
      g_error ("a secret (%s…) reached the log", secrets[i] + strlen (secrets[i]) - 2);
  g_mutex_unlock (&captured_log_mutex);
}

#define add_test(path, fn, data) \
  g_test_add ("/binnacle/credentials/" path, Fixture, data, fixture_setup, fn, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_autofree char *flatpak_dir = NULL;
  g_autofree char *flatpak_info = NULL;
  g_autofree char *flatpak_spawn = NULL;
  int status;

  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_log_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);
  /* Environment for every test, set before any thread exists. The Flatpak info file does not
   * exist but during the Flatpak tests: never mistake the test machine for a sandbox. */
  flatpak_dir = g_dir_make_tmp ("binnacle-flatpak-XXXXXX", NULL);
  flatpak_info = g_build_filename (flatpak_dir, "flatpak-info", NULL);
  flatpak_spawn = g_test_build_filename (G_TEST_DIST, "kube", "fake-flatpak-spawn.sh", NULL);
  g_setenv ("BINNACLE_FLATPAK_INFO", flatpak_info, TRUE);
  g_setenv ("BINNACLE_FLATPAK_SPAWN", flatpak_spawn, TRUE);
  g_setenv ("PLUGIN_INHERITED", "from the parent", TRUE);

  add_test ("new-destroy", test_new_destroy, NULL);
  add_test ("static/bearer-token", test_static, &static_bearer_token);
  add_test ("static/basic", test_static, &static_basic);
  add_test ("static/oidc", test_static, &static_oidc);
  add_test ("static/keyring", test_static, &static_keyring);
  add_test ("refused/token-with-newline", test_refused, &refused_token_with_newline);
  add_test ("refused/missing-token-file", test_refused, &refused_missing_token_file);
  add_test ("refused/empty-token-file", test_refused, &refused_empty_token_file);
  add_test ("refused/oidc-signed-out", test_refused, &refused_oidc_signed_out);
  add_test ("refused/gcp", test_refused, &refused_gcp);
  add_test ("refused/azure", test_refused, &refused_azure);
  add_test ("token-file", test_token_file, NULL);
  add_test ("token-file-same-size-rewrite", test_token_file_same_size_rewrite, NULL);
  add_test ("impersonation", test_impersonation, NULL);
  add_test ("no-credentials", test_no_credentials, NULL);
  add_test ("client-certificate/files-ec", test_client_certificate_files, GINT_TO_POINTER (BN_TEST_KEY_EC));
  add_test ("client-certificate/files-rsa", test_client_certificate_files, GINT_TO_POINTER (BN_TEST_KEY_RSA));
  add_test ("client-certificate/data", test_client_certificate_data, NULL);
  add_test ("client-certificate/rotation", test_client_certificate_rotation, NULL);
  add_test ("client-certificate/problems", test_client_certificate_problems, NULL);
  add_test ("client-certificate/handshake", test_client_certificate_handshake, NULL);
  add_test ("exec/cached-until-expiry-v1", test_exec_cached_until_expiry, "client.authentication.k8s.io/v1");
  add_test ("exec/cached-until-expiry-v1beta1", test_exec_cached_until_expiry,
            "client.authentication.k8s.io/v1beta1");
  add_test ("exec/short-lived", test_exec_short_lived, NULL);
  add_test ("exec/expired-and-unlimited", test_exec_expired_and_unlimited, NULL);
  add_test ("exec/rerun-on-401", test_exec_rerun_on_401, NULL);
  add_test ("exec/concurrent-requests-share-a-run", test_exec_concurrent_requests_share_a_run, NULL);
  add_test ("exec/env-args-and-exec-info", test_exec_env_args_and_exec_info, NULL);
  add_test ("exec/missing-command", test_exec_missing_command, NULL);
  add_test ("exec/failure-shows-stderr", test_exec_failure_shows_stderr, NULL);
  add_test ("exec/bad-output", test_exec_bad_output, NULL);
  add_test ("exec/output-is-bounded", test_exec_output_is_bounded, NULL);
  add_test ("exec/interactive-always", test_exec_interactive_always, NULL);
  add_test ("exec/odd-env", test_exec_odd_env, NULL);
  add_test ("exec/client-certificate", test_exec_client_certificate, NULL);
  add_test ("exec/skipped-with-static-credentials", test_exec_skipped_with_static_credentials, NULL);
  add_test ("exec/cancel", test_exec_cancel, NULL);
  add_test ("exec/cancelled-before", test_exec_cancelled_before, NULL);
  add_test ("exec/in-worker-thread", test_exec_in_worker_thread, NULL);
  add_test ("exec/flatpak-without-permission", test_exec_flatpak_without_permission, NULL);
  add_test ("exec/flatpak-spawn", test_exec_flatpak_spawn, NULL);
  add_test ("exec/flatpak-missing-command", test_exec_flatpak_missing_command, NULL);
  add_test ("logs/no-secret", test_no_secret_in_log, NULL);

  status = g_test_run ();
  g_unlink (flatpak_info);
  g_rmdir (flatpak_dir);
  return status;
}
