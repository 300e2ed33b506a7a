/* test-cluster-listing.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "bn-application-cli.h"
#include "bn-cluster-entry.h"
#include "bn-cluster-listing.h"

static char *
corpus_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "kubeconfig", name, NULL);
}

static BnKubeconfig *
load_corpus_files (const char *first,
                   ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;
  g_autofree char *search_path = NULL;
  va_list args;

  va_start (args, first);
  for (const char *name = first; name != NULL; name = va_arg (args, const char *))
    {
      g_autofree char *path = corpus_path (name);
      g_strv_builder_add (builder, path);
    }
  va_end (args);

  paths = g_strv_builder_end (builder);
  search_path = g_strjoinv (":", paths);
  return bn_kubeconfig_new_for_search_path (search_path);
}

static BnClusterEntry *
find_entry (GPtrArray  *entries,
            const char *name)
{
  for (guint i = 0; i < entries->len; i++)
    {
      BnClusterEntry *entry = g_ptr_array_index (entries, i);
      if (g_strcmp0 (entry->context_name, name) == 0)
        return entry;
    }
  return NULL;
}

static void
test_entry_new_destroy (void)
{
  BnClusterEntry *entry = bn_cluster_entry_new ();

  g_assert_cmpstr (entry->namespace, ==, "default");
  g_assert_cmpuint (entry->problems->len, ==, 0);
  g_assert_false (bn_cluster_entry_has_errors (entry));
  bn_cluster_entry_unref (entry);
}

static void
test_ids (void)
{
  g_autofree char *a = bn_cluster_entry_compute_id ("/home/u/.kube/config", "prod");
  g_autofree char *again = bn_cluster_entry_compute_id ("/home/u/.kube/config", "prod");
  g_autofree char *other_file = bn_cluster_entry_compute_id ("/home/u/.kube/other", "prod");
  g_autofree char *other_name = bn_cluster_entry_compute_id ("/home/u/.kube/config", "dev");
  g_autofree char *shifted = bn_cluster_entry_compute_id ("/home/u/.kube/configp", "rod");

  g_assert_cmpuint (strlen (a), ==, 32);
  for (const char *p = a; *p != '\0'; p++)
    g_assert_true (g_ascii_isxdigit (*p) && !g_ascii_isupper (*p));
  g_assert_cmpstr (a, ==, again);
  g_assert_cmpstr (a, !=, other_file);
  g_assert_cmpstr (a, !=, other_name);
  g_assert_cmpstr (a, !=, shifted);
}

static void
test_entries (void)
{
  g_autoptr(BnKubeconfig) config = load_corpus_files ("openshift.yaml", "eks-exec.yaml",
                                                      "gke-legacy-gcp.yaml", "kind.yaml", NULL);
  g_autoptr(GPtrArray) entries = bn_cluster_entries_from_kubeconfig (config);
  g_autoptr(GPtrArray) again = bn_cluster_entries_from_kubeconfig (config);
  g_autofree char *openshift = corpus_path ("openshift.yaml");
  BnClusterEntry *developer = find_entry (entries, "my-project/api-crc-testing:6443/developer");
  BnClusterEntry *eks = find_entry (entries, "arn:aws:eks:eu-west-1:123456789012:cluster/prod");
  BnClusterEntry *gcp = find_entry (entries, "gke_old_us-central1-a_standard");
  BnClusterEntry *kind = find_entry (entries, "kind-kind");

  g_assert_cmpuint (entries->len, ==, 5);
  for (guint i = 1; i < entries->len; i++)
    g_assert_cmpstr (((BnClusterEntry *) g_ptr_array_index (entries, i - 1))->context_name, <,
                     ((BnClusterEntry *) g_ptr_array_index (entries, i))->context_name);

  g_assert_nonnull (developer);
  g_assert_true (developer->is_current);
  g_assert_cmpstr (developer->source, ==, openshift);
  g_assert_cmpstr (developer->server, ==, "https://api.crc.testing:6443");
  g_assert_cmpstr (developer->namespace, ==, "my-project");
  g_assert_cmpstr (developer->user_name, ==, "developer/api-crc-testing:6443");
  g_assert_cmpint (developer->auth_kind, ==, BN_AUTH_KIND_TOKEN);
  g_assert_nonnull (developer->cluster);
  g_assert_nonnull (developer->user);
  g_assert_cmpstr (developer->id, ==, find_entry (again, developer->context_name)->id);
  g_assert_cmpstr (developer->id, !=, find_entry (entries, "default/api-crc-testing:6443/kubeadmin")->id);

  g_assert_false (eks->is_current);
  g_assert_cmpint (eks->auth_kind, ==, BN_AUTH_KIND_EXEC);
  g_assert_cmpstr (eks->auth_detail, ==, "aws");
  g_assert_cmpstr (eks->namespace, ==, "default");
  g_assert_false (bn_cluster_entry_has_errors (eks));

  g_assert_cmpint (gcp->auth_kind, ==, BN_AUTH_KIND_AUTH_PROVIDER);
  g_assert_cmpstr (gcp->auth_detail, ==, "gcp");
  g_assert_true (bn_cluster_entry_has_errors (gcp));

  g_assert_cmpint (kind->auth_kind, ==, BN_AUTH_KIND_CLIENT_CERTIFICATE);
}

/* Real tools' files carry no problem (an empty as-user-extra, as Linode writes it, asks for
 * no impersonation). */
static void
test_real_tools_usable (void)
{
  static const char * const names[] = {
    "kind.yaml", "k3s.yaml", "eks-exec.yaml", "gke-plugin.yaml", "aks-kubelogin.yaml",
    "openshift.yaml", "oidc-auth-provider.yaml", "docker-desktop.yaml", "kubeadm-admin-conf.yaml",
    "microk8s.yaml", "digitalocean-doctl.yaml", "teleport-tsh.yaml", "talos.yaml", "linode-lke.yaml",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(BnKubeconfig) config = load_corpus_files (names[i], NULL);
      g_autoptr(GPtrArray) entries = bn_cluster_entries_from_kubeconfig (config);

      g_test_message ("%s", names[i]);
      g_assert_cmpuint (entries->len, >, 0);
      for (guint j = 0; j < entries->len; j++)
        {
          BnClusterEntry *entry = g_ptr_array_index (entries, j);

          g_assert_false (bn_cluster_entry_has_errors (entry));
          g_assert_nonnull (entry->server);
          g_assert_cmpint (entry->auth_kind, !=, BN_AUTH_KIND_NONE);
        }
    }
}

static void
test_auth_kinds (void)
{
  g_autoptr(BnAuthInfo) user = bn_auth_info_new ();
  g_autofree char *none = bn_auth_kind_to_string (bn_auth_kind_for_user (user));
  g_autofree char *both = NULL;

  g_assert_cmpstr (none, ==, "none");
  user->token = g_strdup ("secret");
  user->client_certificate = g_strdup ("/c.crt");
  both = bn_auth_kind_to_string (bn_auth_kind_for_user (user));
  g_assert_cmpstr (both, ==, "client-certificate+token");
  g_assert_cmpint (bn_auth_kind_for_user (NULL), ==, BN_AUTH_KIND_NONE);
}

static void
test_hand_added (void)
{
  g_autoptr(BnKubeconfig) config = load_corpus_files ("kind.yaml", NULL);
  g_autoptr(BnClusterInfo) cluster = bn_cluster_info_new ();
  g_autoptr(GPtrArray) hand_added = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_cluster_entry_unref);
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *expected_id = bn_cluster_entry_compute_id ("keyring", "lab");
  g_autofree char *text = NULL;
  BnClusterEntry *entry;

  cluster->name = g_strdup ("lab");
  cluster->server = g_strdup ("https://lab.example.com:6443");
  g_ptr_array_add (hand_added, bn_cluster_entry_new_hand_added (cluster));

  entries = bn_cluster_listing_collect (config, hand_added);
  g_assert_cmpuint (entries->len, ==, 2);
  entry = g_ptr_array_index (entries, 1);
  g_assert_true (entry->from_keyring);
  g_assert_cmpstr (entry->id, ==, expected_id);
  g_assert_cmpstr (entry->source, ==, "keyring");
  g_assert_cmpint (entry->auth_kind, ==, BN_AUTH_KIND_KEYRING);
  g_assert_true (entry->cluster == cluster);

  text = bn_cluster_listing_format_text (config, hand_added);
  g_assert_nonnull (strstr (text, "https://lab.example.com:6443"));
  g_assert_nonnull (strstr (text, "keyring"));
}

static void
test_text (void)
{
  g_autoptr(BnKubeconfig) config = load_corpus_files ("kind.yaml", "reject-server-yes.yaml",
                                                      "server-less.yaml", "missing.yaml", NULL);
  g_autofree char *text = bn_cluster_listing_format_text (config, NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean current_row = FALSE;

  g_assert_true (g_str_has_prefix (lines[0], "CURRENT  NAME"));
  for (guint i = 1; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "*") && strstr (lines[i], "kind-kind") != NULL)
      current_row = TRUE;
  g_assert_true (current_row);
  g_assert_nonnull (strstr (text, "    error: no server found for cluster \"empty\""));
  g_assert_nonnull (strstr (text, "reject-server-yes.yaml: rejected at line 6: "
                                  "clusters[0].cluster.server: expected a string"));
  g_assert_nonnull (strstr (text, "missing.yaml: missing"));
  g_assert_nonnull (strstr (text, "kubectl refuses to run"));
}

static void
test_json (void)
{
  g_autoptr(BnKubeconfig) config = load_corpus_files ("aks-kubelogin.yaml", "reject-alias-bomb.yaml",
                                                      "dangling-references.yaml", NULL);
  g_autofree char *json = bn_cluster_listing_format_json (config, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *clusters;
  JsonArray *files;
  JsonObject *aks = NULL;
  JsonObject *missing = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "current-context"), ==, "aks-prod");
  g_assert_true (json_object_get_boolean_member (root, "kubectl-would-refuse"));

  clusters = json_object_get_array_member (root, "clusters");
  for (guint i = 0; i < json_array_get_length (clusters); i++)
    {
      JsonObject *cluster = json_array_get_object_element (clusters, i);
      const char *name = json_object_get_string_member (cluster, "name");

      if (g_strcmp0 (name, "aks-prod") == 0)
        aks = cluster;
      else if (g_strcmp0 (name, "missing-cluster") == 0)
        missing = cluster;
    }

  g_assert_nonnull (aks);
  g_assert_true (json_object_get_boolean_member (aks, "current"));
  g_assert_true (json_object_get_boolean_member (aks, "usable"));
  g_assert_cmpstr (json_object_get_string_member (aks, "namespace"), ==, "payments");
  g_assert_cmpstr (json_object_get_string_member (aks, "auth"), ==, "exec");
  g_assert_cmpstr (json_object_get_string_member (aks, "auth-detail"), ==, "kubelogin");
  g_assert_cmpuint (strlen (json_object_get_string_member (aks, "id")), ==, 32);

  g_assert_nonnull (missing);
  g_assert_false (json_object_get_boolean_member (missing, "usable"));
  {
    JsonArray *problems = json_object_get_array_member (missing, "problems");
    JsonObject *problem = json_array_get_object_element (problems, 0);

    g_assert_cmpstr (json_object_get_string_member (problem, "kind"), ==, "cluster-not-found");
    g_assert_cmpstr (json_object_get_string_member (problem, "severity"), ==, "error");
  }

  files = json_object_get_array_member (root, "files");
  g_assert_cmpuint (json_array_get_length (files), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (files, 1), "state"),
                   ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (files, 1), "message"),
                   ==, "document contains excessive aliasing");
}

/* Tokens, passwords, keys and OIDC secrets of the corpus must not appear in either output. */
static void
test_no_secrets (void)
{
  static const char * const secrets[] = {
    "sha256~fakeDeveloperTokenAbCdEf0123456789", "kubeconfig-user-abc12:fakeRancherToken",
    "fake-password", "fake-client-secret", "eyJhbGciOiJSUzI1NiJ9", "fake-refresh",
    "ya29.fake", "first-token", "json-fake-token", "crlf-token",
  };
  g_autoptr(BnKubeconfig) config = load_corpus_files ("openshift.yaml", "rancher.yaml",
                                                      "token-and-basic.yaml", "oidc-auth-provider.yaml",
                                                      "gke-legacy-gcp.yaml", "merge-first.yaml",
                                                      "json-format.json", "bom-crlf.yaml",
                                                      "kind.yaml", NULL);
  g_autofree char *text = bn_cluster_listing_format_text (config, NULL);
  g_autofree char *json = bn_cluster_listing_format_json (config, NULL);
  BnAuthInfo *kind = bn_kubeconfig_lookup_user (config, "kind-kind");
  g_autofree char *key = g_strndup (g_bytes_get_data (kind->client_key_data, NULL), 60);

  g_assert_nonnull (strstr (text, "rancher.example.com"));
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      g_assert_null (strstr (text, secrets[i]));
      g_assert_null (strstr (json, secrets[i]));
    }
  g_assert_null (strstr (text, key + 32));
  g_assert_null (strstr (json, key + 32));
}

static void
test_cli (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *kind = corpus_path ("kind.yaml");
      g_autofree char *bad = corpus_path ("reject-duplicate-context.yaml");
      g_autofree char *search_path = g_strjoin (":", kind, bad, NULL);
      int status;

      g_setenv ("KUBECONFIG", search_path, TRUE);
      status = bn_application_cli_list_clusters (g_strcmp0 (g_getenv ("BN_TEST_JSON"), "1") == 0);
      g_assert_cmpint (status, ==, 1);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("CURRENT*NAME*\n*kind-kind*https://127.0.0.1:39623*"
                             "reject-duplicate-context.yaml: rejected at line 6: "
                             "duplicate name \"twin\" in contexts*");

  g_setenv ("BN_TEST_JSON", "1", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("BN_TEST_JSON");
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("{*\"current-context\" : \"kind-kind\"*\"kubectl-would-refuse\" : true*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/binnacle/cluster-listing/entry-new-destroy", test_entry_new_destroy);
  g_test_add_func ("/binnacle/cluster-listing/ids", test_ids);
  g_test_add_func ("/binnacle/cluster-listing/entries", test_entries);
  g_test_add_func ("/binnacle/cluster-listing/real-tools-usable", test_real_tools_usable);
  g_test_add_func ("/binnacle/cluster-listing/auth-kinds", test_auth_kinds);
  g_test_add_func ("/binnacle/cluster-listing/hand-added", test_hand_added);
  g_test_add_func ("/binnacle/cluster-listing/text", test_text);
  g_test_add_func ("/binnacle/cluster-listing/json", test_json);
  g_test_add_func ("/binnacle/cluster-listing/no-secrets", test_no_secrets);
  g_test_add_func ("/binnacle/cluster-listing/cli", test_cli);

  return g_test_run ();
}
