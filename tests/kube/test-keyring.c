/* test-keyring.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-keyring.h"
#include "bn-kube-error.h"
#include "bn-test-keyring-session.h"

#define TOKEN_A    "keyring-token-a-6f2d0c9e"
#define TOKEN_B    "keyring-token-b-1b7e44aa"
#define TOKEN_KEPT "keyring-token-kept-93c1f0"
#define SERVER_1   "https://203.0.113.10:6443"
#define SERVER_2   "https://k8s.example.com:443"

/* The private session's HOME; NULL when there is no gnome-keyring to test against. */
static char *session_home;

typedef struct
{
  BnKeyring *keyring;
  char      *cluster_id;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  if (session_home == NULL)
    {
      g_test_skip ("dbus-run-session or gnome-keyring-daemon is not installed");
      return;
    }
  f->keyring = bn_keyring_new ();
  f->cluster_id = g_uuid_string_random ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->keyring);
  g_free (f->cluster_id);
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

static gboolean
store (BnKeyring   *keyring,
       const char  *cluster_id,
       const char  *server,
       const char  *token,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bn_keyring_store_async (keyring, cluster_id, server, token, NULL, store_result_cb, &result);
  return bn_keyring_store_finish (keyring, wait_for (&result), error);
}

static char *
lookup (BnKeyring  *keyring,
        const char *cluster_id,
        const char *server)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  bn_keyring_lookup_async (keyring, cluster_id, server, NULL, store_result_cb, &result);
  token = bn_keyring_lookup_finish (keyring, wait_for (&result), &error);
  g_assert_no_error (error);
  return token;
}

static gboolean
replace (BnKeyring  *keyring,
         const char *cluster_id,
         const char *server,
         const char *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean replaced;

  bn_keyring_replace_async (keyring, cluster_id, server, token, NULL, store_result_cb, &result);
  replaced = bn_keyring_replace_finish (keyring, wait_for (&result), &error);
  g_assert_no_error (error);
  return replaced;
}

static gboolean
delete (BnKeyring  *keyring,
        const char *cluster_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean deleted;

  bn_keyring_delete_async (keyring, cluster_id, NULL, store_result_cb, &result);
  deleted = bn_keyring_delete_finish (keyring, wait_for (&result), &error);
  g_assert_no_error (error);
  return deleted;
}

static void
test_schema (void)
{
  const SecretSchema *schema = bn_keyring_get_schema ();

  g_assert_cmpstr (schema->name, ==, "dev.binnacle.Binnacle.Token");
  g_assert_cmpstr (schema->attributes[0].name, ==, "cluster-id");
  g_assert_cmpstr (schema->attributes[1].name, ==, "server");
  g_assert_null (schema->attributes[2].name);
}

static void
test_new_destroy (Fixture       *f,
                  gconstpointer  data)
{
  BnKeyring *keyring = bn_keyring_new ();

  g_assert_finalize_object (keyring);
}

static void
test_store_and_lookup (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *other_id = g_uuid_string_random ();
  g_autofree char *token = NULL;
  g_autofree char *other_server = NULL;
  g_autofree char *other_cluster = NULL;
  g_autoptr(GError) error = NULL;

  if (f->keyring == NULL)
    return;

  g_assert_true (store (f->keyring, f->cluster_id, SERVER_1, TOKEN_A, &error));
  g_assert_no_error (error);

  token = lookup (f->keyring, f->cluster_id, SERVER_1);
  g_assert_cmpstr (token, ==, TOKEN_A);
  /* Keyed by both: another server or another cluster finds nothing. */
  other_server = lookup (f->keyring, f->cluster_id, SERVER_2);
  g_assert_null (other_server);
  other_cluster = lookup (f->keyring, other_id, SERVER_1);
  g_assert_null (other_cluster);

  /* Storing again for the same pair replaces, it does not add. */
  g_assert_true (store (f->keyring, f->cluster_id, SERVER_1, TOKEN_B, &error));
  g_clear_pointer (&token, g_free);
  token = lookup (f->keyring, f->cluster_id, SERVER_1);
  g_assert_cmpstr (token, ==, TOKEN_B);

  g_assert_true (delete (f->keyring, f->cluster_id));
}

static void
test_replace (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *old = NULL;
  g_autofree char *new = NULL;

  if (f->keyring == NULL)
    return;

  g_assert_true (store (f->keyring, f->cluster_id, SERVER_1, TOKEN_A, NULL));
  g_assert_true (replace (f->keyring, f->cluster_id, SERVER_2, TOKEN_B));

  old = lookup (f->keyring, f->cluster_id, SERVER_1);
  new = lookup (f->keyring, f->cluster_id, SERVER_2);
  g_assert_null (old);
  g_assert_cmpstr (new, ==, TOKEN_B);

  g_assert_true (delete (f->keyring, f->cluster_id));
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *token = NULL;

  if (f->keyring == NULL)
    return;

  g_assert_true (store (f->keyring, f->cluster_id, SERVER_1, TOKEN_A, NULL));
  g_assert_true (delete (f->keyring, f->cluster_id));
  token = lookup (f->keyring, f->cluster_id, SERVER_1);
  g_assert_null (token);
  /* Nothing left to delete is not an error. */
  g_assert_false (delete (f->keyring, f->cluster_id));
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (f->keyring == NULL)
    return;

  g_cancellable_cancel (cancellable);
  bn_keyring_store_async (f->keyring, f->cluster_id, SERVER_1, TOKEN_A, cancellable, store_result_cb, &result);
  g_assert_false (bn_keyring_store_finish (f->keyring, wait_for (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* gnome-keyring keeps its files encrypted: after storing, replacing and deleting, no file
 * under the session's HOME and XDG directories holds any of the tokens, not even the one
 * that is still stored. */
static void
test_no_token_in_files (Fixture       *f,
                        gconstpointer  data)
{
  const char *tokens[] = { TOKEN_A, TOKEN_B, TOKEN_KEPT };
  g_autofree char *keyrings = NULL;
  g_autofree char *kept = NULL;
  guint n_files = 0;

  if (f->keyring == NULL)
    return;

  g_assert_true (store (f->keyring, f->cluster_id, SERVER_1, TOKEN_A, NULL));
  g_assert_true (replace (f->keyring, f->cluster_id, SERVER_1, TOKEN_B));
  g_assert_true (delete (f->keyring, f->cluster_id));
  g_assert_true (store (f->keyring, f->cluster_id, SERVER_2, TOKEN_KEPT, NULL));
  kept = lookup (f->keyring, f->cluster_id, SERVER_2);
  g_assert_cmpstr (kept, ==, TOKEN_KEPT);

  /* The scan must have something to read: the keyring's own file. */
  keyrings = g_build_filename (g_get_user_data_dir (), "keyrings", NULL);
  g_assert_true (g_file_test (keyrings, G_FILE_TEST_IS_DIR));
  g_assert_true (g_str_has_prefix (keyrings, session_home));

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    g_assert_false (bn_test_keyring_session_files_contain (session_home, tokens[i], &n_files));
  g_assert_cmpuint (n_files, >, 0);

  g_assert_true (delete (f->keyring, f->cluster_id));
}

/* In a subprocess: the bus address points nowhere. */
static void
test_no_bus_child (void)
{
  g_autofree char *nowhere = g_build_filename (g_get_tmp_dir (), "binnacle-no-such-bus", NULL);
  g_autofree char *address = g_strconcat ("unix:path=", nowhere, NULL);
  g_autoptr(BnKeyring) keyring = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  keyring = bn_keyring_new ();
  g_assert_false (store (keyring, "cluster", SERVER_1, TOKEN_A, &error));
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS);
  g_assert_true (g_str_has_prefix (error->message, "No keyring is available: "));
  g_print ("%s\n", error->message);
  bn_keyring_shutdown ();
}

static void
test_no_bus (void)
{
  if (g_test_subprocess ())
    {
      test_no_bus_child ();
      return;
    }

  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*No keyring is available: *");
  g_test_trap_assert_stdout_unmatched ("*" TOKEN_A "*");
  g_test_trap_assert_stderr_unmatched ("*" TOKEN_A "*");
}

/* In a subprocess: a bus of our own on which nothing provides org.freedesktop.secrets. */
static void
test_no_service_child (void)
{
  g_autofree char *dir = g_dir_make_tmp ("binnacle-bus-XXXXXX", NULL);
  g_autofree char *config_path = g_build_filename (dir, "bus.conf", NULL);
  g_autofree char *config = g_strdup_printf (
    "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
    " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
    "<busconfig><type>session</type><listen>unix:dir=%s</listen><auth>EXTERNAL</auth>\n"
    "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
    "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n", dir);
  g_autofree char *config_option = g_strconcat ("--config-file=", config_path, NULL);
  g_autoptr(GSubprocess) bus = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autofree char *address = NULL;
  g_autoptr(BnKeyring) keyring = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);
  bus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "dbus-daemon", config_option,
                          "--print-address=1", "--nofork", NULL);
  g_assert_no_error (error);
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus));
  address = g_data_input_stream_read_line (output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  keyring = bn_keyring_new ();
  g_assert_false (store (keyring, "cluster", SERVER_1, TOKEN_A, &error));
  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS);
  g_assert_true (g_str_has_prefix (error->message, "No keyring is available: "));
  g_assert_nonnull (strstr (error->message, "org.freedesktop.secrets"));
  g_print ("%s\n", error->message);

  bn_keyring_shutdown ();
  g_subprocess_force_exit (bus);
  g_subprocess_wait (bus, NULL, NULL);
  bn_test_keyring_session_remove_tree (dir);
}

static void
test_no_service (void)
{
  g_autofree char *dbus_daemon = g_find_program_in_path ("dbus-daemon");

  if (dbus_daemon == NULL)
    {
      g_test_skip ("dbus-daemon is not installed");
      return;
    }

  if (g_test_subprocess ())
    {
      test_no_service_child ();
      return;
    }

  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*No keyring is available: *org.freedesktop.secrets*");
}

static void
drain_main_context (void)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 10;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

#define add_test(path, fn) \
  g_test_add ("/binnacle/keyring/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  int status;

  session_home = bn_test_keyring_session_enter (argc, argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/binnacle/keyring/schema", test_schema);
  add_test ("new-destroy", test_new_destroy);
  add_test ("store-and-lookup", test_store_and_lookup);
  add_test ("replace", test_replace);
  add_test ("delete", test_delete);
  add_test ("cancelled", test_cancelled);
  add_test ("no-token-in-files", test_no_token_in_files);
  g_test_add_func ("/binnacle/keyring/no-bus", test_no_bus);
  g_test_add_func ("/binnacle/keyring/no-service", test_no_service);

  status = g_test_run ();

  /* D-Bus signals of the last calls are still queued for this context: deliver them, then
   * drop the connection, so nothing is left behind at exit. */
  drain_main_context ();
  bn_keyring_shutdown ();
  drain_main_context ();
  if (!g_test_subprocess ())
    bn_test_keyring_session_leave (session_home);
  g_free (session_home);
  return status;
}
