/* test-kubeconfig.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bn-kube-error.h"
#include "bn-kubeconfig.h"

#define HEADER "apiVersion: v1\nkind: Config\n"

static char *
corpus_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "kubeconfig", name, NULL);
}

static BnKubeconfig *
load_corpus (const char *name)
{
  g_autoptr(BnKubeconfig) config = bn_kubeconfig_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = corpus_path (name);

  bn_kubeconfig_load_file (config, path, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&config);
}

static BnKubeconfig *
load_text (const char  *text,
           GError     **error)
{
  g_autoptr(BnKubeconfig) config = bn_kubeconfig_new ();

  bn_kubeconfig_load_data (config, text, strlen (text), "/nonexistent/dir/config", error);
  return g_steal_pointer (&config);
}

static void
assert_rejected (const char *text,
                 const char *expected_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnKubeconfig) config = load_text (text, &error);
  BnKubeconfigFile *file;

  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG);
  if (strstr (error->message, expected_message) == NULL)
    g_error ("expected \"%s\" in \"%s\"", expected_message, error->message);

  g_assert_true (bn_kubeconfig_has_rejected_files (config));
  g_assert_true (bn_kubeconfig_is_empty (config));
  file = g_ptr_array_index (bn_kubeconfig_get_files (config), 0);
  g_assert_cmpint (file->state, ==, BN_KUBECONFIG_FILE_REJECTED);
  g_assert_nonnull (strstr (error->message, file->message));
}

static BnKubeconfig *
assert_accepted (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BnKubeconfig) config = load_text (text, &error);

  g_assert_no_error (error);
  g_assert_false (bn_kubeconfig_has_rejected_files (config));
  return g_steal_pointer (&config);
}

static gboolean
has_problem (BnKubeconfig            *config,
             const char              *context,
             BnKubeconfigProblemKind  kind,
             const char              *words)
{
  g_autoptr(GPtrArray) problems = bn_kubeconfig_dup_problems (config, context);

  for (guint i = 0; i < problems->len; i++)
    {
      BnKubeconfigProblem *problem = g_ptr_array_index (problems, i);

      if (problem->kind == kind && (words == NULL || strstr (problem->message, words) != NULL))
        return TRUE;
    }
  return FALSE;
}

static void
test_new_destroy (void)
{
  BnKubeconfig *config = bn_kubeconfig_new ();

  g_assert_true (bn_kubeconfig_is_empty (config));
  g_assert_null (bn_kubeconfig_get_current_context (config));
  g_assert_finalize_object (config);
}

static void
test_kind (void)
{
  g_autoptr(BnKubeconfig) config = load_corpus ("kind.yaml");
  BnKubeContext *context = bn_kubeconfig_lookup_context (config, "kind-kind");
  BnClusterInfo *cluster = bn_kubeconfig_lookup_cluster (config, "kind-kind");
  BnAuthInfo *user = bn_kubeconfig_lookup_user (config, "kind-kind");
  g_autoptr(GPtrArray) problems = bn_kubeconfig_dup_problems (config, "kind-kind");

  g_assert_cmpstr (bn_kubeconfig_get_current_context (config), ==, "kind-kind");
  g_assert_nonnull (context);
  g_assert_cmpstr (context->cluster, ==, "kind-kind");
  g_assert_null (context->namespace);
  g_assert_true (g_str_has_suffix (context->source, "/data/kubeconfig/kind.yaml"));
  g_assert_cmpstr (cluster->server, ==, "https://127.0.0.1:39623");
  g_assert_nonnull (cluster->certificate_authority_data);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (cluster->certificate_authority_data, NULL),
                                   "-----BEGIN CERTIFICATE-----"));
  g_assert_nonnull (user->client_certificate_data);
  g_assert_nonnull (user->client_key_data);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (user->client_key_data, NULL),
                                   "-----BEGIN RSA PRIVATE KEY-----"));
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_every_field (void)
{
  g_autoptr(BnKubeconfig) config = load_corpus ("exec-v1-complete.yaml");
  g_autoptr(BnKubeconfig) impersonation = load_corpus ("impersonation.yaml");
  g_autoptr(BnKubeconfig) oidc = load_corpus ("oidc-auth-provider.yaml");
  g_autoptr(BnKubeconfig) proxies = load_corpus ("proxy-urls.yaml");
  BnAuthInfo *user = bn_kubeconfig_lookup_user (config, "plugin-user");
  BnClusterInfo *cluster = bn_kubeconfig_lookup_cluster (config, "c");
  BnAuthInfo *bob = bn_kubeconfig_lookup_user (impersonation, "admin-as-bob");
  BnAuthInfo *jane = bn_kubeconfig_lookup_user (oidc, "jane@corp.example.com");
  g_autofree char *dir = corpus_path ("");
  g_autofree char *helper = g_build_filename (dir, "bin", "token-helper", NULL);
  g_autoptr(GPtrArray) problems = NULL;
  const char * const *scopes;

  g_assert_nonnull (user->exec);
  g_assert_cmpstr (user->exec->api_version, ==, "client.authentication.k8s.io/v1");
  g_assert_cmpstr (user->exec->command, ==, helper);
  g_assert_cmpstrv (user->exec->args, ((const char * const[]) { "--flag with spaces", "plain", NULL }));
  g_assert_cmpstrv (user->exec->env_names, ((const char * const[]) { "HELPER_MODE", NULL }));
  g_assert_cmpstrv (user->exec->env_values, ((const char * const[]) { "test", NULL }));
  g_assert_cmpint (user->exec->interactive_mode, ==, BN_EXEC_INTERACTIVE_NEVER);
  g_assert_true (user->exec->provide_cluster_info);
  g_assert_cmpstr (cluster->exec_extension_json, ==,
                   "{\"audience\":\"https://exec.example.com\",\"scopes\":[\"read\",\"write\"],"
                   "\"nested\":{\"level\":2,\"enabled\":true,\"ratio\":0.5}}");
  problems = bn_kubeconfig_dup_problems (config, "exec-v1");
  g_assert_cmpuint (problems->len, ==, 0);

  g_assert_cmpstr (bob->impersonate, ==, "bob");
  g_assert_cmpstr (bob->impersonate_uid, ==, "1234");
  g_assert_cmpstrv (bob->impersonate_groups,
                    ((const char * const[]) { "developers", "system:authenticated", NULL }));
  scopes = g_hash_table_lookup (bob->impersonate_extra, "scopes");
  g_assert_cmpstrv (scopes, ((const char * const[]) { "view", "edit", NULL }));
  g_assert_cmpuint (g_strv_length (g_hash_table_lookup (bob->impersonate_extra, "reason")), ==, 0);
  g_assert_true (has_problem (impersonation, "groups-only",
                              BN_KUBECONFIG_PROBLEM_IMPERSONATION_WITHOUT_USER, "without impersonating"));

  g_assert_cmpstr (jane->auth_provider_name, ==, "oidc");
  g_assert_cmpstr (g_hash_table_lookup (jane->auth_provider_config, "idp-issuer-url"), ==,
                   "https://sso.corp.example.com/realms/corp");
  g_assert_cmpstr (bn_kubeconfig_lookup_context (oidc, "corp")->namespace, ==, "team-a");

  g_assert_cmpstr (bn_kubeconfig_lookup_cluster (proxies, "socks")->proxy_url, ==,
                   "socks5://127.0.0.1:1080");
  g_assert_false (has_problem (proxies, "socks", BN_KUBECONFIG_PROBLEM_INVALID_PROXY_URL, NULL));
  g_assert_true (has_problem (proxies, "ftp", BN_KUBECONFIG_PROBLEM_INVALID_PROXY_URL,
                              "must be http, https, or socks5"));
}

static void
test_yaml11_scalars (void)
{
  static const struct { const char *value; gboolean accepted; const char *expect; } cases[] = {
    { "yes", FALSE, "found a boolean" }, { "Yes", FALSE, "found a boolean" },
    { "on", FALSE, "found a boolean" }, { "OFF", FALSE, "found a boolean" },
    { "y", FALSE, "found a boolean" }, { "N", FALSE, "found a boolean" },
    { "true", FALSE, "found a boolean" }, { "123", FALSE, "found a number" },
    { "-1.5", FALSE, "found a number" }, { "0x1F", FALSE, "found a number" },
    { "0o17", FALSE, "found a number" }, { "1e3", FALSE, "found a number" },
    { "1_000", FALSE, "found a number" }, { ".5", FALSE, "found a number" },
    { "08", FALSE, "found a number" }, { "99999999999999999999", FALSE, "found a number" },
    { "[a]", FALSE, "found a list" }, { "{a: b}", FALSE, "found a mapping" },
    { ".inf", FALSE, "unsupported value" },
    { "\"yes\"", TRUE, "yes" }, { "'123'", TRUE, "123" }, { "!!str on", TRUE, "on" },
    { "yess", TRUE, "yess" }, { "0x", TRUE, "0x" }, { "1.2.3", TRUE, "1.2.3" },
    { "_1", TRUE, "_1" }, { "2026-11-23", TRUE, "2026-11-23" }, { "+", TRUE, "+" },
    { "1e999", TRUE, "1e999" }, { "https://x", TRUE, "https://x" },
    { "~", TRUE, NULL }, { "null", TRUE, NULL }, { "", TRUE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf (HEADER "clusters:\n- name: c\n  cluster:\n"
                                               "    server: %s\n", cases[i].value);

      g_test_message ("server: %s", cases[i].value);
      if (cases[i].accepted)
        {
          g_autoptr(BnKubeconfig) config = assert_accepted (text);
          g_assert_cmpstr (bn_kubeconfig_lookup_cluster (config, "c")->server, ==, cases[i].expect);
        }
      else
        {
          assert_rejected (text, cases[i].expect);
          if (g_str_has_prefix (cases[i].expect, "found"))
            assert_rejected (text, "line 6: clusters[0].cluster.server: expected a string");
        }
    }

  assert_rejected (HEADER "clusters:\n- name: c\n  cluster: {insecure-skip-tls-verify: \"true\"}\n",
                   "expected a boolean");
  {
    g_autoptr(BnKubeconfig) config =
      assert_accepted (HEADER "clusters:\n- name: c\n  cluster: {insecure-skip-tls-verify: yes}\n");
    g_assert_true (bn_kubeconfig_lookup_cluster (config, "c")->insecure_skip_tls_verify);
  }
}

static void
test_anchors_and_merge_keys (void)
{
  g_autoptr(BnKubeconfig) config = load_corpus ("anchors-and-merge-keys.yaml");
  BnClusterInfo *a = bn_kubeconfig_lookup_cluster (config, "a");
  BnClusterInfo *b = bn_kubeconfig_lookup_cluster (config, "b");
  BnClusterInfo *c = bn_kubeconfig_lookup_cluster (config, "c");

  g_assert_cmpstr (a->server, ==, "https://a.example.com");
  g_assert_true (a->insecure_skip_tls_verify);
  g_assert_cmpstr (a->proxy_url, ==, "socks5://127.0.0.1:1080");
  /* A key after the merge overrides it ... */
  g_assert_cmpstr (b->server, ==, "https://b.example.com");
  g_assert_true (b->insecure_skip_tls_verify);
  /* ... a key before it is overridden (go-yaml v2), and the first merged map wins. */
  g_assert_cmpstr (c->server, ==, "https://a.example.com");
  g_assert_cmpstr (bn_kubeconfig_lookup_context (config, "c")->user, ==, "shared-user");
  g_assert_cmpstr (bn_kubeconfig_lookup_context (config, "c")->namespace, ==, "team");
  g_assert_cmpstr (bn_kubeconfig_get_current_context (config), ==, "b");
}

static void
test_alias_limits (void)
{
  g_autoptr(GString) fine = g_string_new (HEADER "x: &a [1, 2, 3]\n");

  /* A few hundred aliases of a small anchor are normal YAML. */
  for (guint i = 0; i < 300; i++)
    g_string_append_printf (fine, "y%u: *a\n", i);
  g_object_unref (assert_accepted (fine->str));

  {
    g_autofree char *bomb_path = corpus_path ("reject-alias-bomb.yaml");
    g_autofree char *bomb = NULL;

    g_assert_true (g_file_get_contents (bomb_path, &bomb, NULL, NULL));
    assert_rejected (bomb, "document contains excessive aliasing");
  }
  assert_rejected (HEADER "x: &loop\n  self: *loop\n", "anchor 'loop' value contains itself");
  assert_rejected (HEADER "current-context: *nowhere\n", "unknown anchor 'nowhere' referenced");
  assert_rejected (HEADER "clusters:\n- name: c\n  cluster:\n    <<: [1]\n",
                   "map merge requires map or sequence of maps");
}

static void
test_nesting_limit (void)
{
  g_autoptr(GString) allowed = g_string_new (HEADER "x: ");
  g_autoptr(GString) refused = g_string_new (HEADER "x: ");

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (allowed, '[');
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (allowed, ']');
  g_object_unref (assert_accepted (allowed->str));

  for (guint i = 0; i < 10001; i++)
    g_string_append_c (refused, '{');
  assert_rejected (refused->str, "exceeded max depth of 10000");
}

static void
test_encodings (void)
{
  g_autoptr(BnKubeconfig) crlf = load_corpus ("bom-crlf.yaml");
  g_autoptr(BnKubeconfig) json = load_corpus ("json-format.json");
  g_autoptr(BnKubeconfig) compact = load_corpus ("json-compact.json");

  g_assert_cmpstr (bn_kubeconfig_get_current_context (crlf), ==, "windows");
  g_assert_cmpstr (bn_kubeconfig_lookup_user (crlf, "w")->token, ==, "crlf-token");
  g_assert_cmpstr (bn_kubeconfig_lookup_context (json, "json")->namespace, ==, "kube-system");
  g_assert_cmpstr (bn_kubeconfig_lookup_user (json, "json-user")->token, ==, "json-fake-token");
  g_assert_cmpstr (bn_kubeconfig_get_current_context (compact), ==, "compact");

  assert_rejected (HEADER "current-context: caf\xe9\n", "UTF-8");
  assert_rejected ("apiVersion: v1\nkind: Config\n\tcurrent-context: a\n", "line 3");
}

/* Where libyaml 0.2.5 and go-yaml v2 disagree, kubectl's reading wins. */
static void
test_go_yaml_quirks (void)
{
  g_autoptr(BnKubeconfig) colons = load_corpus ("goyaml-colon-before-flow-end.yaml");
  g_autoptr(BnKubeconfig) apostrophe = load_corpus ("goyaml-escaped-apostrophe.yaml");
  g_autoptr(BnKubeconfig) tags = load_corpus ("goyaml-comma-in-tag.yaml");

  g_assert_cmpstrv (bn_kubeconfig_lookup_user (colons, "u")->exec->args,
                    ((const char * const[]) { "--scope=read:", "--mode=a:b", "x:", NULL }));
  g_assert_cmpstr (bn_kubeconfig_lookup_context (colons, "colons")->cluster, ==, "c:");
  g_assert_cmpstr (bn_kubeconfig_get_current_context (apostrophe), ==, "it's-mine");
  g_assert_cmpstr (bn_kubeconfig_lookup_context (apostrophe, "it's-mine")->cluster, ==, "team's");
  g_assert_cmpstr (bn_kubeconfig_lookup_cluster (tags, "tagged")->server, ==, "https://tagged.example.com");
  g_assert_cmpstr (bn_kubeconfig_get_current_context (tags), ==, "tagged");

  assert_rejected (HEADER "x: [a?b]\n", "did not find expected ',' or ']'");
  assert_rejected (HEADER "x: {k: a ?b}\n", "did not find expected ',' or '}'");
  assert_rejected (HEADER "x: \"\\/\"\n", "unknown escape character");
  assert_rejected ("%YAML 1.2\n---\n" HEADER, "incompatible YAML document");
  assert_rejected (HEADER "current-context: !!null x\n", "cannot decode !!str `x` as a !!null");
  assert_rejected (HEADER "current-context: !!timestamp 2026-02-30\n", "as a !!timestamp");
  assert_rejected (HEADER "current-context: !!binary YWJjZA\n", "!!binary value contains invalid base64");
  {
    /* go-yaml decodes the whole document before it types anything, so a syntax error later
     * in the file is what kubectl reports, not an earlier bad tag. */
    g_autoptr(GError) error = NULL;
    g_autoptr(BnKubeconfig) config = load_text (HEADER "current-context: !!int x\nfoo: [\n", &error);

    g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG);
    g_assert_null (strstr (error->message, "!!int"));
    g_assert_true (bn_kubeconfig_is_empty (config));
  }
  {
    g_autoptr(BnKubeconfig) config = assert_accepted (HEADER "current-context: !!binary |\n  YWJj\n  ZA==\n");
    g_assert_cmpstr (bn_kubeconfig_get_current_context (config), ==, "abcd");
  }
  {
    g_autoptr(BnKubeconfig) config = assert_accepted (HEADER "current-context: !!timestamp 2024-02-29\n");
    g_assert_cmpstr (bn_kubeconfig_get_current_context (config), ==, "2024-02-29");
  }
}

static void
test_empty_files (void)
{
  static const char * const names[] = {
    "empty.yaml", "comments-only.yaml", "document-marker-only.yaml", "null-document.yaml",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(BnKubeconfig) config = load_corpus (names[i]);
      BnKubeconfigFile *file = g_ptr_array_index (bn_kubeconfig_get_files (config), 0);

      g_assert_true (bn_kubeconfig_is_empty (config));
      g_assert_cmpint (file->state, ==, BN_KUBECONFIG_FILE_LOADED);
    }
}

static void
test_first_document_only (void)
{
  g_autoptr(BnKubeconfig) config = load_corpus ("multi-document.yaml");
  g_auto(GStrv) names = bn_kubeconfig_dup_context_names (config);

  g_assert_cmpstr (bn_kubeconfig_get_current_context (config), ==, "first");
  g_assert_cmpstrv (names, ((const char * const[]) { "first", NULL }));
}

static void
test_base64 (void)
{
  g_autoptr(BnKubeconfig) config =
    assert_accepted (HEADER "clusters:\n- name: c\n  cluster:\n"
                     "    certificate-authority-data: \"YWJj\\nZA==\"\n");
  GBytes *data = bn_kubeconfig_lookup_cluster (config, "c")->certificate_authority_data;

  g_assert_cmpmem (g_bytes_get_data (data, NULL), g_bytes_get_size (data), "abcd", 4);

  assert_rejected (HEADER "clusters:\n- name: c\n  cluster: {certificate-authority-data: 'YWJjZA'}\n",
                   "illegal base64 data at input byte 4");
  assert_rejected (HEADER "users:\n- name: u\n  user: {client-key-data: 'not*base64'}\n",
                   "users[0].user.client-key-data: illegal base64 data at input byte 3");
  assert_rejected (HEADER "users:\n- name: u\n  user: {client-certificate-data: 'YQ==YQ=='}\n",
                   "illegal base64 data at input byte 4");
}

static void
test_duplicates (void)
{
  assert_rejected (HEADER "clusters:\n- name: twin\n  cluster: {server: a}\n"
                   "- name: twin\n  cluster: {server: b}\n", "duplicate name \"twin\" in clusters");
  assert_rejected (HEADER "users:\n- name: u\n- name: u\n", "duplicate name \"u\" in users");
  assert_rejected (HEADER "contexts:\n- context: {cluster: a}\n- context: {cluster: b}\n",
                   "duplicate name \"\" in contexts");

  {
    /* Duplicate keys are not duplicate names: the last one wins, as in kubectl. */
    g_autoptr(BnKubeconfig) config = load_corpus ("duplicate-keys-last-wins.yaml");
    g_assert_cmpstr (bn_kubeconfig_lookup_cluster (config, "c")->server, ==,
                     "https://second.example.com");
  }
}

static void
test_wrong_shapes (void)
{
  assert_rejected ("- a\n- b\n", "the top level: expected a mapping");
  assert_rejected (HEADER "clusters: {c: {server: a}}\n", "clusters: expected a list");
  assert_rejected (HEADER "clusters: [5]\n", "clusters[0]: expected a mapping");
  assert_rejected (HEADER "users: [{name: u, user: {as-groups: admins}}]\n",
                   "users[0].user.as-groups: expected a list");
  assert_rejected ("apiVersion: v1\nkind: Pod\n", "kind \"Pod\"");
  assert_rejected ("apiVersion: v2\n", "apiVersion \"v2\"");
  assert_rejected (HEADER "x: {~: 1}\n", "unsupported map key");

  {
    g_autoptr(BnKubeconfig) config = load_corpus ("unknown-fields.yaml");
    g_assert_cmpstr (bn_kubeconfig_get_current_context (config), ==, "unknown-fields");
    g_assert_cmpstr (bn_kubeconfig_lookup_cluster (config, "c")->server, ==,
                     "https://unknown.example.com");
  }
}

static void
test_relative_paths (void)
{
  g_autoptr(BnKubeconfig) config = load_corpus ("relative-paths.yaml");
  g_autofree char *dir = corpus_path ("");
  g_autofree char *ca = g_build_filename (dir, "certs", "ca.crt", NULL);
  g_autofree char *key = g_build_filename (dir, "certs", "client.key", NULL);
  g_autofree char *tilde = g_build_filename (dir, "~", "not-expanded", "ca.crt", NULL);
  g_autofree char *helper = g_build_filename (dir, "bin", "helper", NULL);

  g_assert_cmpstr (bn_kubeconfig_lookup_cluster (config, "relative")->certificate_authority, ==, ca);
  g_assert_cmpstr (bn_kubeconfig_lookup_user (config, "relative")->client_key, ==, key);
  g_assert_cmpstr (bn_kubeconfig_lookup_cluster (config, "home")->certificate_authority, ==, tilde);
  g_assert_cmpstr (bn_kubeconfig_lookup_user (config, "exec-path")->exec->command, ==, helper);
  g_assert_cmpstr (bn_kubeconfig_lookup_user (config, "exec-bare")->exec->command, ==, "helper");

  /* The relative files exist next to the kubeconfig, so nothing is unreadable ... */
  g_assert_false (has_problem (config, "relative", BN_KUBECONFIG_PROBLEM_CA_UNREADABLE, NULL));
  g_assert_false (has_problem (config, "relative", BN_KUBECONFIG_PROBLEM_CERT_UNREADABLE, NULL));
  g_assert_false (has_problem (config, "relative", BN_KUBECONFIG_PROBLEM_KEY_UNREADABLE, NULL));
  /* ... except what is really missing. */
  g_assert_true (has_problem (config, "home", BN_KUBECONFIG_PROBLEM_CA_UNREADABLE, "not-expanded"));
  g_assert_true (has_problem (config, "home", BN_KUBECONFIG_PROBLEM_TOKEN_FILE_UNREADABLE,
                              "missing-token"));
}

static void
test_merge (void)
{
  g_autofree char *first = corpus_path ("merge-first.yaml");
  g_autofree char *second = corpus_path ("merge-second.yaml");
  g_autofree char *third = corpus_path ("merge-third.yaml");
  g_autofree char *missing = corpus_path ("does-not-exist.yaml");
  g_autofree char *bad = corpus_path ("reject-duplicate-user.yaml");
  g_autofree char *search_path = g_strjoin (":", missing, first, "", bad, second, first, third, NULL);
  g_autoptr(BnKubeconfig) config = bn_kubeconfig_new_for_search_path (search_path);
  GPtrArray *files = bn_kubeconfig_get_files (config);
  BnKubeContext *shared = bn_kubeconfig_lookup_context (config, "shared");
  BnKubeconfigFile *rejected;
  g_auto(GStrv) names = bn_kubeconfig_dup_context_names (config);

  /* Empty entries and later duplicates are dropped; missing files are kept as missing. */
  g_assert_cmpuint (files->len, ==, 5);
  g_assert_cmpint (((BnKubeconfigFile *) g_ptr_array_index (files, 0))->state, ==,
                   BN_KUBECONFIG_FILE_MISSING);
  rejected = g_ptr_array_index (files, 2);
  g_assert_cmpint (rejected->state, ==, BN_KUBECONFIG_FILE_REJECTED);
  g_assert_cmpstr (rejected->path, ==, bad);
  g_assert_cmpuint (rejected->line, ==, 6);
  g_assert_cmpstr (rejected->message, ==, "duplicate name \"twin\" in users");
  g_assert_true (bn_kubeconfig_has_rejected_files (config));

  /* The first file wins a whole entry. */
  g_assert_cmpstr (shared->namespace, ==, "first");
  g_assert_cmpstr (shared->cluster, ==, "shared");
  g_assert_cmpstr (shared->source, ==, first);
  g_assert_cmpstr (bn_kubeconfig_lookup_cluster (config, "shared")->server, ==,
                   "https://first.example.com");
  g_assert_cmpstr (bn_kubeconfig_lookup_user (config, "shared")->token, ==, "first-token");
  g_assert_null (bn_kubeconfig_lookup_user (config, "shared")->username);
  g_assert_cmpstr (bn_kubeconfig_get_cluster_source (config, "second"), ==, second);

  /* The current context comes from the first file that sets one. */
  g_assert_cmpstr (bn_kubeconfig_get_current_context (config), ==, "only-second");
  g_assert_cmpstrv (names, ((const char * const[]) { "only-first", "only-second", "only-third",
                                                      "shared", NULL }));
}

static void
test_split_search_path (void)
{
  g_auto(GStrv) paths = bn_kubeconfig_split_search_path ("a::~/b:a:c:");

  g_assert_cmpstrv (paths, ((const char * const[]) { "a", "~/b", "c", NULL }));
}

static void
test_environment (void)
{
  g_autofree char *kind = corpus_path ("kind.yaml");
  g_autofree char *home = g_dir_make_tmp ("binnacle-home-XXXXXX", NULL);
  g_autofree char *saved_home = g_strdup (g_getenv ("HOME"));
  g_autofree char *saved_kubeconfig = g_strdup (g_getenv ("KUBECONFIG"));

  g_setenv ("KUBECONFIG", kind, TRUE);
  {
    g_autoptr(BnKubeconfig) config = bn_kubeconfig_new_from_environment ();
    g_assert_cmpstr (bn_kubeconfig_get_current_context (config), ==, "kind-kind");
  }

  /* No $KUBECONFIG: ~/.kube/config, missing here, which is an empty configuration. */
  g_unsetenv ("KUBECONFIG");
  g_setenv ("HOME", home, TRUE);
  {
    g_autoptr(BnKubeconfig) config = bn_kubeconfig_new_from_environment ();
    BnKubeconfigFile *file = g_ptr_array_index (bn_kubeconfig_get_files (config), 0);

    g_assert_true (bn_kubeconfig_is_empty (config));
    g_assert_cmpint (file->state, ==, BN_KUBECONFIG_FILE_MISSING);
    g_assert_true (g_str_has_suffix (file->path, "/.kube/config"));
  }

  if (saved_home != NULL)
    g_setenv ("HOME", saved_home, TRUE);
  if (saved_kubeconfig != NULL)
    g_setenv ("KUBECONFIG", saved_kubeconfig, TRUE);
  g_rmdir (home);
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  BnKubeconfig **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = bn_kubeconfig_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_load_async (void)
{
  g_autofree char *first = corpus_path ("merge-first.yaml");
  g_autofree char *second = corpus_path ("merge-second.yaml");
  g_autofree char *search_path = g_strjoin (":", first, second, NULL);
  g_autoptr(BnKubeconfig) config = NULL;

  bn_kubeconfig_load_async (search_path, NULL, on_loaded_cb, &config);
  while (config == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpstr (bn_kubeconfig_get_current_context (config), ==, "only-second");
  g_assert_cmpuint (bn_kubeconfig_get_files (config)->len, ==, 2);
}

static void
test_problems (void)
{
  g_autoptr(BnKubeconfig) exec = load_corpus ("exec-problems.yaml");
  g_autoptr(BnKubeconfig) v1 = load_corpus ("exec-v1-no-interactive-mode.yaml");
  g_autoptr(BnKubeconfig) alpha = load_corpus ("eks-iam-authenticator-v1alpha1.yaml");
  g_autoptr(BnKubeconfig) eks = load_corpus ("eks-exec.yaml");
  g_autoptr(BnKubeconfig) gcp = load_corpus ("gke-legacy-gcp.yaml");
  g_autoptr(BnKubeconfig) azure = load_corpus ("aks-legacy-azure.yaml");
  g_autoptr(BnKubeconfig) dangling = load_corpus ("dangling-references.yaml");
  g_autoptr(BnKubeconfig) serverless = load_corpus ("server-less.yaml");
  g_autoptr(BnKubeconfig) basic = load_corpus ("token-and-basic.yaml");
  g_autoptr(BnKubeconfig) insecure = load_corpus ("ca-and-insecure.yaml");
  g_autoptr(BnKubeconfig) minikube = load_corpus ("minikube.yaml");
  g_autoptr(BnKubeconfig) ns = load_corpus ("namespace-invalid.yaml");
  g_autoptr(GPtrArray) eks_problems = NULL;

  g_assert_true (has_problem (exec, "no-command", BN_KUBECONFIG_PROBLEM_EXEC_NO_COMMAND,
                              "command must be specified for no-command to use exec authentication plugin"));
  g_assert_true (has_problem (exec, "no-api-version", BN_KUBECONFIG_PROBLEM_EXEC_NO_API_VERSION, NULL));
  g_assert_true (has_problem (exec, "bad-mode", BN_KUBECONFIG_PROBLEM_EXEC_INVALID_INTERACTIVE_MODE,
                              "\"Sometimes\""));
  g_assert_true (has_problem (exec, "bad-mode", BN_KUBECONFIG_PROBLEM_EXEC_ENV_NO_NAME, NULL));
  g_assert_true (has_problem (exec, "exec-and-provider", BN_KUBECONFIG_PROBLEM_AUTH_PROVIDER_AND_EXEC, NULL));
  g_assert_true (has_problem (v1, "exec-v1", BN_KUBECONFIG_PROBLEM_EXEC_NO_INTERACTIVE_MODE,
                              "interactiveMode must be specified for plugin-user"));
  g_assert_true (has_problem (alpha, "legacy-eks", BN_KUBECONFIG_PROBLEM_EXEC_UNSUPPORTED_API_VERSION,
                              "v1alpha1"));
  /* v1beta1 defaults interactiveMode. */
  eks_problems = bn_kubeconfig_dup_problems (eks, bn_kubeconfig_get_current_context (eks));
  g_assert_cmpuint (eks_problems->len, ==, 0);
  g_assert_cmpint (bn_kubeconfig_lookup_user (eks, bn_kubeconfig_get_current_context (eks))->exec->interactive_mode,
                   ==, BN_EXEC_INTERACTIVE_IF_AVAILABLE);
  g_assert_true (has_problem (gcp, "gke_old_us-central1-a_standard",
                              BN_KUBECONFIG_PROBLEM_AUTH_PROVIDER_REMOVED, "gke-gcloud-auth-plugin"));
  g_assert_true (has_problem (azure, "aks-old", BN_KUBECONFIG_PROBLEM_AUTH_PROVIDER_REMOVED, "kubelogin"));
  g_assert_true (has_problem (dangling, "missing-cluster", BN_KUBECONFIG_PROBLEM_CLUSTER_NOT_FOUND,
                              "cluster \"absent\" was not found for context \"missing-cluster\""));
  g_assert_true (has_problem (dangling, "missing-user", BN_KUBECONFIG_PROBLEM_USER_NOT_FOUND, NULL));
  g_assert_true (has_problem (dangling, "nothing", BN_KUBECONFIG_PROBLEM_NO_CLUSTER, NULL));
  g_assert_true (has_problem (dangling, "null-context", BN_KUBECONFIG_PROBLEM_NO_USER, NULL));
  g_assert_true (has_problem (serverless, "empty", BN_KUBECONFIG_PROBLEM_NO_SERVER,
                              "no server found for cluster \"empty\""));
  g_assert_true (has_problem (serverless, "null-server", BN_KUBECONFIG_PROBLEM_NO_SERVER, NULL));
  g_assert_true (has_problem (basic, "both", BN_KUBECONFIG_PROBLEM_MULTIPLE_AUTH,
                              "more than one authentication method found for both"));
  g_assert_false (has_problem (basic, "basic", BN_KUBECONFIG_PROBLEM_MULTIPLE_AUTH, NULL));
  g_assert_true (has_problem (insecure, "ca-insecure", BN_KUBECONFIG_PROBLEM_CA_WITH_INSECURE, NULL));
  g_assert_true (has_problem (minikube, "minikube", BN_KUBECONFIG_PROBLEM_CA_UNREADABLE,
                              "/home/user/.minikube/ca.crt"));
  g_assert_true (has_problem (minikube, "minikube", BN_KUBECONFIG_PROBLEM_CERT_UNREADABLE, NULL));
  g_assert_true (has_problem (minikube, "minikube", BN_KUBECONFIG_PROBLEM_KEY_UNREADABLE, NULL));
  g_assert_true (has_problem (ns, "bad-namespace", BN_KUBECONFIG_PROBLEM_INVALID_NAMESPACE, "Team_A"));
}

static void
test_problem_kinds_named (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint kind = 0; kind <= BN_KUBECONFIG_PROBLEM_NO_CREDENTIALS; kind++)
    {
      const char *name = bn_kubeconfig_problem_kind_to_string (kind);

      g_assert_cmpstr (name, !=, "unknown");
      g_assert_true (g_hash_table_add (seen, (gpointer) name));
    }
}

static void
test_ten_megabytes (void)
{
  g_autoptr(GString) text = g_string_new (HEADER "clusters:\n");
  g_autoptr(BnKubeconfig) config = NULL;
  g_auto(GStrv) names = NULL;
  gint64 start;
  guint n = 0;

  while (text->len < 10 * 1024 * 1024)
    g_string_append_printf (text, "- name: c%u\n  cluster:\n    server: https://10.0.%u.%u:6443\n"
                            "    certificate-authority-data: YWJjZA==\n", n, n / 250, n % 250), n++;

  start = g_get_monotonic_time ();
  config = assert_accepted (text->str);
  g_test_message ("10 MB, %u clusters: %.0f ms", n, (g_get_monotonic_time () - start) / 1000.0);

  names = bn_kubeconfig_dup_cluster_names (config);
  g_assert_cmpuint (g_strv_length (names), ==, n);
  g_assert_cmpstr (bn_kubeconfig_lookup_cluster (config, "c1")->server, ==, "https://10.0.0.1:6443");
}

static void
test_hostile_corpus (void)
{
  g_autofree char *dir = corpus_path ("");
  g_autoptr(GDir) entries = g_dir_open (dir, 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (entries);
  while ((name = g_dir_read_name (entries)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(BnKubeconfig) config = bn_kubeconfig_new ();
      g_autoptr(GError) error = NULL;
      gboolean loaded;

      if (!g_str_has_prefix (name, "reject-"))
        continue;

      loaded = bn_kubeconfig_load_file (config, path, &error);
      g_assert_false (loaded);
      g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG);
      g_assert_true (g_str_has_prefix (error->message, path));
      g_assert_true (bn_kubeconfig_is_empty (config));
      count++;
    }

  g_assert_cmpuint (count, >=, 30);
}

/* Cuts and flips bytes of every corpus file: whatever comes out, the parse ends, and it
 * either succeeds or says why. */
static void
test_mutations (void)
{
  g_autofree char *dir = corpus_path ("");
  g_autoptr(GDir) entries = g_dir_open (dir, 0, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  const char *name;

  while ((name = g_dir_read_name (entries)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &contents, &length, NULL) || length == 0 || length > 100000)
        continue;

      for (guint round = 0; round < 20; round++)
        {
          g_autofree char *copy = g_memdup2 (contents, length);
          g_autoptr(BnKubeconfig) config = bn_kubeconfig_new ();
          g_autoptr(GError) error = NULL;
          gsize cut = g_rand_int_range (rand, 0, length + 1);
          gboolean loaded;

          for (guint flips = g_rand_int_range (rand, 0, 4); flips > 0; flips--)
            copy[g_rand_int_range (rand, 0, length)] = "[]{}:&*<>!|-,'\"#\n \t\x01\xff"[g_rand_int_range (rand, 0, 22)];

          loaded = bn_kubeconfig_load_data (config, copy, cut, NULL, &error);
          g_assert_true (loaded == (error == NULL));
          if (error != NULL)
            g_assert_cmpstr (error->message, !=, "");
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/binnacle/kubeconfig/new-destroy", test_new_destroy);
  g_test_add_func ("/binnacle/kubeconfig/kind", test_kind);
  g_test_add_func ("/binnacle/kubeconfig/every-field", test_every_field);
  g_test_add_func ("/binnacle/kubeconfig/yaml11-scalars", test_yaml11_scalars);
  g_test_add_func ("/binnacle/kubeconfig/anchors-and-merge-keys", test_anchors_and_merge_keys);
  g_test_add_func ("/binnacle/kubeconfig/alias-limits", test_alias_limits);
  g_test_add_func ("/binnacle/kubeconfig/nesting-limit", test_nesting_limit);
  g_test_add_func ("/binnacle/kubeconfig/encodings", test_encodings);
  g_test_add_func ("/binnacle/kubeconfig/go-yaml-quirks", test_go_yaml_quirks);
  g_test_add_func ("/binnacle/kubeconfig/empty-files", test_empty_files);
  g_test_add_func ("/binnacle/kubeconfig/first-document-only", test_first_document_only);
  g_test_add_func ("/binnacle/kubeconfig/base64", test_base64);
  g_test_add_func ("/binnacle/kubeconfig/duplicates", test_duplicates);
  g_test_add_func ("/binnacle/kubeconfig/wrong-shapes", test_wrong_shapes);
  g_test_add_func ("/binnacle/kubeconfig/relative-paths", test_relative_paths);
  g_test_add_func ("/binnacle/kubeconfig/merge", test_merge);
  g_test_add_func ("/binnacle/kubeconfig/split-search-path", test_split_search_path);
  g_test_add_func ("/binnacle/kubeconfig/environment", test_environment);
  g_test_add_func ("/binnacle/kubeconfig/load-async", test_load_async);
  g_test_add_func ("/binnacle/kubeconfig/problems", test_problems);
  g_test_add_func ("/binnacle/kubeconfig/problem-kinds-named", test_problem_kinds_named);
  g_test_add_func ("/binnacle/kubeconfig/ten-megabytes", test_ten_megabytes);
  g_test_add_func ("/binnacle/kubeconfig/hostile-corpus", test_hostile_corpus);
  g_test_add_func ("/binnacle/kubeconfig/mutations", test_mutations);

  return g_test_run ();
}
