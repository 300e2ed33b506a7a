/* test-hand-added-clusters.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-credentials.h"
#include "bn-hand-added-clusters.h"
#include "bn-kube-error.h"
#include "bn-test-keyring-session.h"

#define TOKEN      "hand-added-token-58e1d7"
#define NEW_TOKEN  "hand-added-token-new-0c44"
#define SERVER     "https://203.0.113.10:6443"
#define NEW_SERVER "https://k8s.example.com"
#define CA_PEM     "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n"

static char *session_home;

typedef struct
{
  GSettings           *settings;
  BnKeyring           *keyring;
  BnHandAddedClusters *clusters;
  guint                n_changed;
} Fixture;

static void
on_changed (BnHandAddedClusters *clusters,
            Fixture             *f)
{
  f->n_changed++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->settings = g_settings_new ("dev.binnacle.Binnacle");
  g_settings_reset (f->settings, "hand-added-clusters");
  f->keyring = bn_keyring_new ();
  f->clusters = bn_hand_added_clusters_new (f->settings, f->keyring);
  g_signal_connect (f->clusters, "changed", G_CALLBACK (on_changed), f);
  if (session_home == NULL)
    g_test_skip ("dbus-run-session or gnome-keyring-daemon is not installed");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->clusters);
  g_clear_object (&f->keyring);
  g_clear_object (&f->settings);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static BnClusterInfo *
new_cluster (const char *name,
             const char *server)
{
  BnClusterInfo *cluster = bn_cluster_info_new ();

  cluster->name = g_strdup (name);
  cluster->server = g_strdup (server);
  return cluster;
}

static char *
add (Fixture        *f,
     BnClusterInfo  *cluster,
     const char     *token,
     GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bn_hand_added_clusters_add_async (f->clusters, cluster, token, NULL, store_result_cb, &result);
  return bn_hand_added_clusters_add_finish (f->clusters, wait_for (&result), error);
}

static gboolean
update (Fixture        *f,
        const char     *id,
        BnClusterInfo  *cluster,
        const char     *token,
        GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bn_hand_added_clusters_update_async (f->clusters, id, cluster, token, NULL, store_result_cb, &result);
  return bn_hand_added_clusters_update_finish (f->clusters, wait_for (&result), error);
}

static gboolean
remove_cluster (Fixture     *f,
                const char  *id,
                GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bn_hand_added_clusters_remove_async (f->clusters, id, NULL, store_result_cb, &result);
  return bn_hand_added_clusters_remove_finish (f->clusters, wait_for (&result), error);
}

static BnAuthInfo *
dup_auth_info (Fixture     *f,
               const char  *id,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bn_hand_added_clusters_dup_auth_info_async (f->clusters, id, NULL, store_result_cb, &result);
  return bn_hand_added_clusters_dup_auth_info_finish (f->clusters, wait_for (&result), error);
}

static char *
keyring_lookup (Fixture    *f,
                const char *id,
                const char *server)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  bn_keyring_lookup_async (f->keyring, id, server, NULL, store_result_cb, &result);
  token = bn_keyring_lookup_finish (f->keyring, wait_for (&result), &error);
  g_assert_no_error (error);
  return token;
}

static void
assert_settings_hold_no_token (Fixture *f)
{
  g_autoptr(GVariant) value = g_settings_get_value (f->settings, "hand-added-clusters");
  g_autofree char *printed = g_variant_print (value, TRUE);

  g_assert_null (strstr (printed, TOKEN));
  g_assert_null (strstr (printed, NEW_TOKEN));
}

static void
test_new_destroy (Fixture       *f,
                  gconstpointer  data)
{
  BnHandAddedClusters *clusters = bn_hand_added_clusters_new (f->settings, f->keyring);

  g_assert_finalize_object (clusters);
}

static void
test_add (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(BnClusterInfo) cluster = new_cluster ("Production", SERVER);
  g_autoptr(BnClusterInfo) read_back = NULL;
  g_autoptr(BnAuthInfo) auth = NULL;
  g_autoptr(BnCredentials) credentials = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *kind = NULL;
  g_auto(GStrv) ids = NULL;

  if (session_home == NULL)
    return;

  cluster->certificate_authority_data = g_bytes_new_static (CA_PEM, strlen (CA_PEM));
  cluster->tls_server_name = g_strdup ("kubernetes.default");
  cluster->insecure_skip_tls_verify = TRUE;
  id = add (f, cluster, TOKEN, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  g_assert_cmpuint (f->n_changed, ==, 1);

  ids = bn_hand_added_clusters_dup_ids (f->clusters);
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, id);

  read_back = bn_hand_added_clusters_dup_cluster_info (f->clusters, id);
  g_assert_cmpstr (read_back->name, ==, "Production");
  g_assert_cmpstr (read_back->server, ==, SERVER);
  g_assert_cmpstr (read_back->tls_server_name, ==, "kubernetes.default");
  g_assert_true (read_back->insecure_skip_tls_verify);
  g_assert_null (read_back->certificate_authority);
  g_assert_cmpmem (g_bytes_get_data (read_back->certificate_authority_data, NULL),
                   g_bytes_get_size (read_back->certificate_authority_data), CA_PEM, strlen (CA_PEM));
  assert_settings_hold_no_token (f);

  /* From the keyring to a request. */
  auth = dup_auth_info (f, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (auth->token, ==, TOKEN);
  g_assert_cmpstr (auth->name, ==, "Production");
  credentials = bn_credentials_new_from_keyring (read_back, auth);
  kind = bn_credentials_dup_auth_kind (credentials);
  g_assert_cmpstr (kind, ==, "keyring");
  msg = soup_message_new (SOUP_METHOD_GET, SERVER "/api");
  bn_credentials_apply_async (credentials, msg, NULL, store_result_cb, &result);
  g_assert_true (bn_credentials_apply_finish (credentials, wait_for (&result), &error));
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_request_headers (msg), "Authorization"), ==,
                   "Bearer " TOKEN);

  g_assert_true (remove_cluster (f, id, &error));
  g_assert_no_error (error);
}

static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(BnClusterInfo) cluster = new_cluster ("Staging", SERVER);
  g_autoptr(BnClusterInfo) moved = new_cluster ("Staging (moved)", NEW_SERVER);
  g_autoptr(BnClusterInfo) read_back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *old_place = NULL;
  g_autofree char *new_place = NULL;
  g_autofree char *rotated = NULL;

  if (session_home == NULL)
    return;

  cluster->certificate_authority = g_strdup ("/etc/ssl/staging-ca.crt");
  id = add (f, cluster, TOKEN, &error);
  g_assert_no_error (error);

  /* The server moves and the token follows it, without being entered again. */
  g_assert_true (update (f, id, moved, NULL, &error));
  g_assert_no_error (error);
  read_back = bn_hand_added_clusters_dup_cluster_info (f->clusters, id);
  g_assert_cmpstr (read_back->name, ==, "Staging (moved)");
  g_assert_cmpstr (read_back->server, ==, NEW_SERVER);
  g_assert_null (read_back->certificate_authority);
  old_place = keyring_lookup (f, id, SERVER);
  new_place = keyring_lookup (f, id, NEW_SERVER);
  g_assert_null (old_place);
  g_assert_cmpstr (new_place, ==, TOKEN);

  /* A new token replaces the old one. */
  g_assert_true (update (f, id, moved, NEW_TOKEN, &error));
  g_assert_no_error (error);
  rotated = keyring_lookup (f, id, NEW_SERVER);
  g_assert_cmpstr (rotated, ==, NEW_TOKEN);
  assert_settings_hold_no_token (f);

  g_assert_true (remove_cluster (f, id, &error));
}

static void
test_remove (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(BnClusterInfo) first = new_cluster ("one", SERVER);
  g_autoptr(BnClusterInfo) second = new_cluster ("two", NEW_SERVER);
  g_autoptr(BnAuthInfo) auth = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *second_id = NULL;
  g_autofree char *token = NULL;
  g_auto(GStrv) ids = NULL;

  if (session_home == NULL)
    return;

  first_id = add (f, first, TOKEN, NULL);
  second_id = add (f, second, NEW_TOKEN, NULL);
  g_assert_nonnull (first_id);
  g_assert_nonnull (second_id);

  g_assert_true (remove_cluster (f, first_id, &error));
  g_assert_no_error (error);
  ids = bn_hand_added_clusters_dup_ids (f->clusters);
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, second_id);
  token = keyring_lookup (f, first_id, SERVER);
  g_assert_null (token);
  g_assert_null (bn_hand_added_clusters_dup_cluster_info (f->clusters, first_id));

  auth = dup_auth_info (f, first_id, &error);
  g_assert_null (auth);
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG);
  g_clear_error (&error);
  g_assert_false (remove_cluster (f, first_id, &error));
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG);
  g_clear_error (&error);

  g_assert_true (remove_cluster (f, second_id, &error));
}

static void
test_invalid_server (Fixture       *f,
                     gconstpointer  data)
{
  const char *servers[] = { "", "203.0.113.10:6443", "ftp://example.com", "https://", "not a url" };

  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      g_autoptr(BnClusterInfo) cluster = new_cluster ("bad", servers[i]);
      g_autoptr(GError) error = NULL;
      g_autofree char *id = add (f, cluster, TOKEN, &error);
      g_auto(GStrv) ids = NULL;

      g_assert_null (id);
      g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG);
      ids = bn_hand_added_clusters_dup_ids (f->clusters);
      g_assert_cmpuint (g_strv_length (ids), ==, 0);
    }
}

static void
test_token_missing_from_keyring (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(BnClusterInfo) cluster = new_cluster ("Forgotten", SERVER);
  g_autoptr(BnAuthInfo) auth = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (session_home == NULL)
    return;

  id = add (f, cluster, TOKEN, &error);
  g_assert_no_error (error);
  /* Someone deleted it with Seahorse. */
  bn_keyring_delete_async (f->keyring, id, NULL, store_result_cb, &result);
  g_assert_true (bn_keyring_delete_finish (f->keyring, wait_for (&result), NULL));

  auth = dup_auth_info (f, id, &error);
  g_assert_null (auth);
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "“Forgotten”"));
  g_clear_error (&error);

  g_assert_true (remove_cluster (f, id, &error));
  g_assert_no_error (error);
}

/* Entries not written by us (or by an older version) are skipped or read as far as they go. */
static void
test_junk_entries (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GVariant) junk = g_variant_ref_sink (g_variant_new_parsed (
    "[{'name': <'no id'>, 'server': <'https://a'>},"
    " {'id': <42>, 'server': <'https://b'>},"
    " {'id': <'no-server'>},"
    " {'id': <'typed-wrong'>, 'server': <'https://c'>, 'name': <7>, 'insecure-skip-tls-verify': <'yes'>},"
    " @a{sv} {}]"));
  g_autoptr(BnClusterInfo) cluster = NULL;
  g_auto(GStrv) ids = NULL;

  g_settings_set_value (f->settings, "hand-added-clusters", junk);
  ids = bn_hand_added_clusters_dup_ids (f->clusters);
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, "typed-wrong");

  cluster = bn_hand_added_clusters_dup_cluster_info (f->clusters, "typed-wrong");
  g_assert_cmpstr (cluster->server, ==, "https://c");
  g_assert_cmpstr (cluster->name, ==, "https://c");
  g_assert_false (cluster->insecure_skip_tls_verify);
  g_assert_null (bn_hand_added_clusters_dup_cluster_info (f->clusters, "missing"));
}

#define add_test(path, fn) \
  g_test_add ("/binnacle/hand-added-clusters/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

static void
drain_main_context (void)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 10;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  session_home = bn_test_keyring_session_enter (argc, argv);
  g_test_init (&argc, &argv, NULL);

  add_test ("new-destroy", test_new_destroy);
  add_test ("add", test_add);
  add_test ("update", test_update);
  add_test ("remove", test_remove);
  add_test ("invalid-server", test_invalid_server);
  add_test ("token-missing-from-keyring", test_token_missing_from_keyring);
  add_test ("junk-entries", test_junk_entries);

  status = g_test_run ();

  drain_main_context ();
  bn_keyring_shutdown ();
  drain_main_context ();
  bn_test_keyring_session_leave (session_home);
  g_free (session_home);
  return status;
}
