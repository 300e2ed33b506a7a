/* bn-exec-plugin.c: runs an exec credential plugin (client.authentication.k8s.io)
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "bn-exec-plugin.h"
#include "bn-json-util.h"
#include "bn-kube-error.h"

#define EXEC_KIND               "ExecCredential"
#define EXEC_INFO_VARIABLE      "KUBERNETES_EXEC_INFO"
#define DEFAULT_FLATPAK_INFO    "/.flatpak-info"
#define DEFAULT_FLATPAK_SPAWN   "flatpak-spawn"
#define MAX_STDERR_IN_MESSAGE   2048
#define MAX_OUTPUT_SIZE         (1024 * 1024)
#define MAX_STDERR_KEPT         (16 * 1024)
#define READ_CHUNK_SIZE         8192
#define MAX_JSON_DEPTH          32

/*
 * One run of the plugin is one GSubprocess: KUBERNETES_EXEC_INFO and the configured variables
 * are added to the inherited environment, stdin is /dev/null (Binnacle never has a terminal to
 * lend), stdout and stderr are captured. Inside Flatpak the plugin lives on the host, so the
 * command goes through `flatpak-spawn --host`, which takes the environment as --env options.
 */
struct _BnExecPlugin
{
  GObject        parent_instance;

  BnExecConfig  *config;
  BnClusterInfo *cluster;
};

G_DEFINE_FINAL_TYPE (BnExecPlugin, bn_exec_plugin, G_TYPE_OBJECT)

/*
 * One run: both pipes are read to their end and the exit awaited, each on its own. Output is
 * bounded: a plugin printing more than MAX_OUTPUT_SIZE is stopped, and only the last
 * MAX_STDERR_KEPT bytes of stderr are kept (while it is read to the end, so the plugin never
 * blocks on a full pipe).
 */
typedef struct
{
  GSubprocess *subprocess;
  gboolean     on_host;
  GByteArray  *stdout_data;
  GByteArray  *stderr_data;
  guint        pending;
  gboolean     output_too_large;
  GError      *error;
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_object (&data->subprocess);
  /* stdout holds the credential. */
  if (data->stdout_data->len > 0)
    explicit_bzero (data->stdout_data->data, data->stdout_data->len);
  g_byte_array_unref (data->stdout_data);
  g_byte_array_unref (data->stderr_data);
  g_clear_error (&data->error);
  g_free (data);
}

void
bn_exec_credential_free (BnExecCredential *credential)
{
  if (credential == NULL)
    return;

  if (credential->token != NULL)
    explicit_bzero (credential->token, strlen (credential->token));
  g_free (credential->token);
  g_clear_object (&credential->certificate);
  g_clear_pointer (&credential->expiry, g_date_time_unref);
  g_free (credential);
}

static void
bn_exec_plugin_finalize (GObject *object)
{
  BnExecPlugin *self = (BnExecPlugin *)object;

  g_clear_pointer (&self->config, bn_exec_config_free);
  g_clear_pointer (&self->cluster, bn_cluster_info_unref);

  G_OBJECT_CLASS (bn_exec_plugin_parent_class)->finalize (object);
}

static void
bn_exec_plugin_class_init (BnExecPluginClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bn_exec_plugin_finalize;
}

static void
bn_exec_plugin_init (BnExecPlugin *self)
{
}

/**
 * bn_exec_plugin_new:
 * @config: the `exec` stanza of a kubeconfig user
 * @cluster: (nullable): the cluster, for `provideClusterInfo`
 *
 * Returns: (transfer full): a plugin runner for @config
 */
BnExecPlugin *
bn_exec_plugin_new (const BnExecConfig *config,
                    BnClusterInfo      *cluster)
{
  BnExecPlugin *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (BN_TYPE_EXEC_PLUGIN, NULL);
  self->config = bn_exec_config_copy (config);
  self->cluster = cluster != NULL ? bn_cluster_info_ref (cluster) : NULL;
  return self;
}

/**
 * bn_exec_plugin_get_command:
 * @self: a #BnExecPlugin
 *
 * Returns: the command as the kubeconfig names it
 */
const char *
bn_exec_plugin_get_command (BnExecPlugin *self)
{
  g_return_val_if_fail (BN_IS_EXEC_PLUGIN (self), NULL);

  return self->config->command != NULL ? self->config->command : "";
}

static GBytes *
read_certificate_authority (BnClusterInfo *cluster)
{
  char *contents = NULL;
  gsize length = 0;

  if (cluster->certificate_authority_data != NULL)
    return g_bytes_ref (cluster->certificate_authority_data);

  if (cluster->certificate_authority == NULL
      || !g_file_get_contents (cluster->certificate_authority, &contents, &length, NULL))
    return NULL;

  return g_bytes_new_take (contents, length);
}

static JsonNode *
parse_exec_extension (BnClusterInfo *cluster)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (cluster->exec_extension_json == NULL)
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, cluster->exec_extension_json, -1, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  return root != NULL ? json_node_copy (root) : NULL;
}

/* Field names and omitempty rules follow client.authentication.k8s.io Cluster. */
static void
add_cluster_info (JsonBuilder   *builder,
                  BnClusterInfo *cluster)
{
  g_autoptr(GBytes) ca = read_certificate_authority (cluster);
  JsonNode *config = parse_exec_extension (cluster);

  json_builder_set_member_name (builder, "cluster");
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "server");
  json_builder_add_string_value (builder, cluster->server != NULL ? cluster->server : "");

  if (cluster->tls_server_name != NULL && cluster->tls_server_name[0] != '\0')
    {
      json_builder_set_member_name (builder, "tls-server-name");
      json_builder_add_string_value (builder, cluster->tls_server_name);
    }

  if (cluster->insecure_skip_tls_verify)
    {
      json_builder_set_member_name (builder, "insecure-skip-tls-verify");
      json_builder_add_boolean_value (builder, TRUE);
    }

  if (ca != NULL && g_bytes_get_size (ca) > 0)
    {
      g_autofree char *encoded = g_base64_encode (g_bytes_get_data (ca, NULL), g_bytes_get_size (ca));

      json_builder_set_member_name (builder, "certificate-authority-data");
      json_builder_add_string_value (builder, encoded);
    }

  if (cluster->proxy_url != NULL && cluster->proxy_url[0] != '\0')
    {
      json_builder_set_member_name (builder, "proxy-url");
      json_builder_add_string_value (builder, cluster->proxy_url);
    }

  if (cluster->disable_compression)
    {
      json_builder_set_member_name (builder, "disable-compression");
      json_builder_add_boolean_value (builder, TRUE);
    }

  if (config != NULL)
    {
      json_builder_set_member_name (builder, "config");
      json_builder_add_value (builder, config);
    }

  json_builder_end_object (builder);
}

/**
 * bn_exec_plugin_dup_exec_info:
 * @self: a #BnExecPlugin
 *
 * Builds the ExecCredential that the plugin receives in `KUBERNETES_EXEC_INFO`.
 *
 * Returns: (transfer full): its JSON
 */
char *
bn_exec_plugin_dup_exec_info (BnExecPlugin *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (BN_IS_EXEC_PLUGIN (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, EXEC_KIND);
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, self->config->api_version != NULL ? self->config->api_version : "");
  json_builder_set_member_name (builder, "spec");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "interactive");
  json_builder_add_boolean_value (builder, FALSE);
  if (self->config->provide_cluster_info && self->cluster != NULL)
    add_cluster_info (builder, self->cluster);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Flatpak */

static const char *
flatpak_info_path (void)
{
  const char *path = g_getenv ("BINNACLE_FLATPAK_INFO");

  return path != NULL ? path : DEFAULT_FLATPAK_INFO;
}

static GKeyFile *
load_flatpak_info (void)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  const char *path = flatpak_info_path ();

  if (path[0] == '\0' || !g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;

  /* An unreadable file still means we are sandboxed: keep an empty key file. */
  g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, NULL);
  return g_steal_pointer (&key_file);
}

static gboolean
flatpak_may_spawn_on_host (GKeyFile *info)
{
  g_autofree char *policy = g_key_file_get_string (info, "Session Bus Policy",
                                                   "org.freedesktop.Flatpak", NULL);

  return g_strcmp0 (policy, "talk") == 0 || g_strcmp0 (policy, "own") == 0;
}

static void
set_flatpak_permission_error (BnExecPlugin  *self,
                              GKeyFile      *info,
                              GError       **error)
{
  g_autofree char *app_id = g_key_file_get_string (info, "Application", "name", NULL);

  g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
               "The credential plugin “%s” must run outside the Flatpak sandbox, and Binnacle "
               "may not start programs there. Grant the permission with: "
               "flatpak override --user --talk-name=org.freedesktop.Flatpak %s, then start Binnacle again",
               bn_exec_plugin_get_command (self), app_id != NULL ? app_id : APP_ID);
}

/* Running */

static void
set_not_found_error (BnExecPlugin  *self,
                     GError       **error)
{
  const char *hint = self->config->install_hint;

  if (hint != NULL && hint[0] != '\0')
    g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                 "The credential plugin “%s” is not installed. %s",
                 bn_exec_plugin_get_command (self), hint);
  else
    g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                 "The credential plugin “%s” is not installed",
                 bn_exec_plugin_get_command (self));
}

static char *
find_command (BnExecPlugin *self)
{
  const char *command = self->config->command;

  if (command == NULL || command[0] == '\0')
    return NULL;

  if (strchr (command, '/') == NULL)
    return g_find_program_in_path (command);

  if (g_file_test (command, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (command, G_FILE_TEST_IS_DIR))
    return g_strdup (command);

  return NULL;
}

static gboolean
check_interactive_mode (BnExecPlugin  *self,
                        GError       **error)
{
  if (self->config->interactive_mode != BN_EXEC_INTERACTIVE_ALWAYS)
    return TRUE;

  g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
               "The credential plugin “%s” asks for a terminal (interactiveMode: Always), and "
               "Binnacle has none. Sign in with it in a terminal first, or set its "
               "interactiveMode to IfAvailable or Never",
               bn_exec_plugin_get_command (self));
  return FALSE;
}

/* The value of the i-th configured variable; "" should the two lists differ in length. */
static const char *
env_value_at (const BnExecConfig *config,
              guint               i)
{
  guint n_values = config->env_values != NULL ? g_strv_length (config->env_values) : 0;

  return i < n_values ? config->env_values[i] : "";
}

static gboolean
check_env_names (BnExecPlugin  *self,
                 GError       **error)
{
  for (guint i = 0; self->config->env_names != NULL && self->config->env_names[i] != NULL; i++)
    {
      const char *name = self->config->env_names[i];

      if (name[0] == '\0' || strchr (name, '=') != NULL)
        {
          g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                       "The credential plugin “%s” is given an environment variable with the "
                       "invalid name “%s”",
                       bn_exec_plugin_get_command (self), name);
          return FALSE;
        }
    }
  return TRUE;
}

static void
add_flatpak_env (GStrvBuilder *argv,
                 const char   *name,
                 const char   *value)
{
  g_autofree char *option = g_strdup_printf ("--env=%s=%s", name, value != NULL ? value : "");

  g_strv_builder_add (argv, option);
}

static GSubprocess *
spawn_on_host (BnExecPlugin  *self,
               const char    *exec_info,
               GError       **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  const char *spawn = g_getenv ("BINNACLE_FLATPAK_SPAWN");
  GError *local_error = NULL;
  GSubprocess *subprocess;

  g_strv_builder_add (builder, spawn != NULL ? spawn : DEFAULT_FLATPAK_SPAWN);
  g_strv_builder_add (builder, "--host");
  g_strv_builder_add (builder, "--watch-bus");
  for (guint i = 0; self->config->env_names != NULL && self->config->env_names[i] != NULL; i++)
    add_flatpak_env (builder, self->config->env_names[i], env_value_at (self->config, i));
  add_flatpak_env (builder, EXEC_INFO_VARIABLE, exec_info);
  g_strv_builder_add (builder, self->config->command);
  if (self->config->args != NULL)
    g_strv_builder_addv (builder, (const char **)self->config->args);
  argv = g_strv_builder_end (builder);

  subprocess = g_subprocess_newv ((const char * const *)argv,
                                  G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                  &local_error);
  if (subprocess == NULL)
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                   "The credential plugin “%s” could not be started on the host: %s",
                   bn_exec_plugin_get_command (self), local_error->message);
      g_clear_error (&local_error);
    }
  return subprocess;
}

static GSubprocess *
spawn_here (BnExecPlugin  *self,
            const char    *exec_info,
            GError       **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autofree char *path = find_command (self);
  GError *local_error = NULL;
  GSubprocess *subprocess;

  if (path == NULL)
    {
      set_not_found_error (self, error);
      return NULL;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  for (guint i = 0; self->config->env_names != NULL && self->config->env_names[i] != NULL; i++)
    g_subprocess_launcher_setenv (launcher, self->config->env_names[i], env_value_at (self->config, i), TRUE);
  g_subprocess_launcher_setenv (launcher, EXEC_INFO_VARIABLE, exec_info, TRUE);

  g_strv_builder_add (builder, path);
  if (self->config->args != NULL)
    g_strv_builder_addv (builder, (const char **)self->config->args);
  argv = g_strv_builder_end (builder);

  subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv, &local_error);
  if (subprocess == NULL)
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                   "The credential plugin “%s” could not be started: %s",
                   bn_exec_plugin_get_command (self), local_error->message);
      g_clear_error (&local_error);
    }
  return subprocess;
}

static GSubprocess *
spawn_plugin (BnExecPlugin  *self,
              gboolean      *on_host,
              GError       **error)
{
  g_autoptr(GKeyFile) flatpak_info = load_flatpak_info ();
  g_autofree char *exec_info = NULL;

  if (self->config->command == NULL || self->config->command[0] == '\0')
    {
      g_set_error_literal (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                           "The exec credential plugin has no command");
      return NULL;
    }

  if (!check_interactive_mode (self, error) || !check_env_names (self, error))
    return NULL;

  exec_info = bn_exec_plugin_dup_exec_info (self);
  *on_host = flatpak_info != NULL;

  if (flatpak_info == NULL)
    return spawn_here (self, exec_info, error);

  if (!flatpak_may_spawn_on_host (flatpak_info))
    {
      set_flatpak_permission_error (self, flatpak_info, error);
      return NULL;
    }

  return spawn_on_host (self, exec_info, error);
}

/* Output */

static char *
describe_stderr (GBytes *stderr_bytes)
{
  g_autofree char *text = NULL;
  gsize size;
  const char *data;

  if (stderr_bytes == NULL || g_bytes_get_size (stderr_bytes) == 0)
    return NULL;

  data = g_bytes_get_data (stderr_bytes, &size);
  /* The end of stderr is where a plugin says why it gave up. */
  if (size > MAX_STDERR_IN_MESSAGE)
    {
      data += size - MAX_STDERR_IN_MESSAGE;
      size = MAX_STDERR_IN_MESSAGE;
    }

  text = g_utf8_make_valid (data, size);
  g_strstrip (text);
  if (text[0] == '\0')
    return NULL;

  return g_steal_pointer (&text);
}

/* On the host, only flatpak-spawn can tell that the command is missing, and only in words:
 * "Failed to execute child process “aws” (No such file or directory)", or a shell's 127. */
static gboolean
host_command_is_missing (int         status,
                         const char *details)
{
  return status == 127 || (details != NULL && strstr (details, "No such file or directory") != NULL);
}

static gboolean
check_exit_status (BnExecPlugin  *self,
                   RunData       *run,
                   GBytes        *stderr_bytes,
                   GError       **error)
{
  g_autofree char *reason = NULL;
  g_autofree char *details = describe_stderr (stderr_bytes);
  GSubprocess *subprocess = run->subprocess;

  if (g_subprocess_get_if_exited (subprocess))
    {
      int status = g_subprocess_get_exit_status (subprocess);

      if (status == 0)
        return TRUE;
      if (run->on_host && host_command_is_missing (status, details))
        {
          set_not_found_error (self, error);
          return FALSE;
        }
      reason = g_strdup_printf ("exited with status %d", status);
    }
  else if (g_subprocess_get_if_signaled (subprocess))
    reason = g_strdup_printf ("was killed by signal %d", g_subprocess_get_term_sig (subprocess));
  else
    reason = g_strdup ("failed");

  g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
               "The credential plugin “%s” %s%s%s",
               bn_exec_plugin_get_command (self), reason,
               details != NULL ? ": " : "", details != NULL ? details : "");
  return FALSE;
}

static gboolean
get_optional_string (BnExecPlugin  *self,
                     JsonObject    *object,
                     const char    *name,
                     const char   **value,
                     GError       **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                   "The credential plugin “%s” printed an ExecCredential whose “%s” is not a string",
                   bn_exec_plugin_get_command (self), name);
      return FALSE;
    }

  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
parse_status_certificate (BnExecPlugin      *self,
                          JsonObject        *status,
                          BnExecCredential  *credential,
                          GError           **error)
{
  const char *certificate = NULL;
  const char *key = NULL;
  g_autofree char *pem = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!get_optional_string (self, status, "clientCertificateData", &certificate, error)
      || !get_optional_string (self, status, "clientKeyData", &key, error))
    return FALSE;

  if (certificate == NULL && key == NULL)
    return TRUE;

  if (certificate == NULL || key == NULL)
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                   "The credential plugin “%s” returned %s without %s",
                   bn_exec_plugin_get_command (self),
                   certificate != NULL ? "clientCertificateData" : "clientKeyData",
                   certificate != NULL ? "clientKeyData" : "clientCertificateData");
      return FALSE;
    }

  pem = g_strconcat (certificate, "\n", key, NULL);
  credential->certificate = g_tls_certificate_new_from_pem (pem, -1, &local_error);
  explicit_bzero (pem, strlen (pem));
  if (credential->certificate == NULL)
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                   "The credential plugin “%s” returned a client certificate that cannot be used: %s",
                   bn_exec_plugin_get_command (self), local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_status (BnExecPlugin      *self,
              JsonObject        *status,
              BnExecCredential  *credential,
              GError           **error)
{
  const char *token = NULL;
  const char *expiry = NULL;

  if (!get_optional_string (self, status, "token", &token, error)
      || !get_optional_string (self, status, "expirationTimestamp", &expiry, error)
      || !parse_status_certificate (self, status, credential, error))
    return FALSE;

  if (token != NULL && token[0] != '\0')
    credential->token = g_strdup (token);

  if (credential->token == NULL && credential->certificate == NULL)
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                   "The credential plugin “%s” returned neither a token nor a client certificate and key",
                   bn_exec_plugin_get_command (self));
      return FALSE;
    }

  if (expiry != NULL && expiry[0] != '\0')
    {
      credential->expiry = g_date_time_new_from_iso8601 (expiry, NULL);
      if (credential->expiry == NULL)
        {
          g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                       "The credential plugin “%s” returned an expirationTimestamp that is not a "
                       "RFC 3339 time: “%s”",
                       bn_exec_plugin_get_command (self), expiry);
          return FALSE;
        }
    }
  return TRUE;
}

static BnExecCredential *
parse_output (BnExecPlugin  *self,
              GBytes        *stdout_bytes,
              GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(BnExecCredential) credential = g_new0 (BnExecCredential, 1);
  g_autoptr(GError) local_error = NULL;
  const char *expected = self->config->api_version != NULL ? self->config->api_version : "";
  const char *api_version = NULL;
  const char *kind = NULL;
  JsonObject *root;
  JsonNode *status;
  gsize size = 0;
  const char *data = stdout_bytes != NULL ? g_bytes_get_data (stdout_bytes, &size) : NULL;

  if (size == 0)
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                   "The credential plugin “%s” printed nothing", bn_exec_plugin_get_command (self));
      return NULL;
    }

  if (!bn_json_depth_is_reasonable (data, size, MAX_JSON_DEPTH)
      || !json_parser_load_from_data (parser, data, size, &local_error)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                   "The credential plugin “%s” printed something that is not an ExecCredential "
                   "JSON object%s%s",
                   bn_exec_plugin_get_command (self),
                   local_error != NULL ? ": " : "", local_error != NULL ? local_error->message : "");
      return NULL;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  if (!get_optional_string (self, root, "apiVersion", &api_version, error)
      || !get_optional_string (self, root, "kind", &kind, error))
    return NULL;

  if (g_strcmp0 (api_version, expected) != 0)
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                   "The credential plugin “%s” answered with apiVersion “%s”, but the kubeconfig "
                   "asks for “%s”",
                   bn_exec_plugin_get_command (self), api_version != NULL ? api_version : "", expected);
      return NULL;
    }

  if (g_strcmp0 (kind, EXEC_KIND) != 0)
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                   "The credential plugin “%s” answered with kind “%s” instead of ExecCredential",
                   bn_exec_plugin_get_command (self), kind != NULL ? kind : "");
      return NULL;
    }

  status = json_object_get_member (root, "status");
  if (status == NULL || !JSON_NODE_HOLDS_OBJECT (status))
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                   "The credential plugin “%s” returned an ExecCredential without a status",
                   bn_exec_plugin_get_command (self));
      return NULL;
    }

  if (!parse_status (self, json_node_get_object (status), credential, error))
    return NULL;

  return g_steal_pointer (&credential);
}

static void
complete_run (GTask *task)
{
  BnExecPlugin *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);
  g_autoptr(GBytes) stdout_bytes = NULL;
  g_autoptr(GBytes) stderr_bytes = NULL;
  GError *error = NULL;
  BnExecCredential *credential;

  if (run->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&run->error));
      return;
    }

  if (run->output_too_large)
    {
      g_task_return_new_error (task, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                               "The credential plugin “%s” printed more than 1 MiB and was stopped",
                               bn_exec_plugin_get_command (self));
      return;
    }

  stderr_bytes = g_bytes_new (run->stderr_data->data, run->stderr_data->len);
  if (!check_exit_status (self, run, stderr_bytes, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  stdout_bytes = g_bytes_new_static (run->stdout_data->data, run->stdout_data->len);
  credential = parse_output (self, stdout_bytes, &error);
  if (credential == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, credential, (GDestroyNotify)bn_exec_credential_free);
}

/* Each pipe and the exit end once; the last of the three completes the run. */
static void
finish_part (GTask  *task,
             GError *error)
{
  RunData *run = g_task_get_task_data (task);

  if (error != NULL)
    {
      /* Cancelled or broken: stop the plugin, so its pipes end too. */
      if (run->error == NULL)
        run->error = g_steal_pointer (&error);
      g_clear_error (&error);
      g_subprocess_force_exit (run->subprocess);
    }

  if (--run->pending == 0)
    complete_run (task);
}

static void read_next_chunk (GTask        *task,
                             GInputStream *stream);

static void
keep_chunk (RunData    *run,
            gboolean    is_stdout,
            GBytes     *chunk)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (chunk, &size);

  if (!is_stdout)
    {
      g_byte_array_append (run->stderr_data, data, size);
      if (run->stderr_data->len > MAX_STDERR_KEPT)
        g_byte_array_remove_range (run->stderr_data, 0, run->stderr_data->len - MAX_STDERR_KEPT);
      return;
    }

  if (run->output_too_large || run->stdout_data->len + size > MAX_OUTPUT_SIZE)
    {
      if (!run->output_too_large)
        g_subprocess_force_exit (run->subprocess);
      run->output_too_large = TRUE;
      return;
    }
  g_byte_array_append (run->stdout_data, data, size);
}

static void
bn_exec_plugin_read_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GInputStream *stream = G_INPUT_STREAM (object);
  RunData *run = g_task_get_task_data (task);
  gboolean is_stdout = stream == g_subprocess_get_stdout_pipe (run->subprocess);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (stream, result, &error);
  if (chunk == NULL || g_bytes_get_size (chunk) == 0)
    {
      finish_part (task, error);
      return;
    }

  keep_chunk (run, is_stdout, chunk);
  if (is_stdout)
    explicit_bzero ((gpointer)g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_next_chunk (g_steal_pointer (&task), stream);
}

/* Takes @task. */
static void
read_next_chunk (GTask        *task,
                 GInputStream *stream)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_input_stream_read_bytes_async (stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT, cancellable,
                                   bn_exec_plugin_read_cb, task);
}

static void
bn_exec_plugin_wait_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, &error);
  finish_part (task, error);
}

/**
 * bn_exec_plugin_run_async:
 * @self: a #BnExecPlugin
 * @cancellable: (nullable): cancels the run and stops the plugin
 * @callback: called on the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Runs the plugin once, without blocking the caller's main loop.
 */
void
bn_exec_plugin_run_async (BnExecPlugin        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  RunData *run;

  g_return_if_fail (BN_IS_EXEC_PLUGIN (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bn_exec_plugin_run_async);
  run = g_new0 (RunData, 1);
  run->stdout_data = g_byte_array_new ();
  run->stderr_data = g_byte_array_new ();
  g_task_set_task_data (task, run, (GDestroyNotify)run_data_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  run->subprocess = spawn_plugin (self, &run->on_host, &error);
  if (run->subprocess == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Running the credential plugin “%s”%s", bn_exec_plugin_get_command (self),
           run->on_host ? " on the host" : "");
  run->pending = 3;
  read_next_chunk (g_object_ref (task), g_subprocess_get_stdout_pipe (run->subprocess));
  read_next_chunk (g_object_ref (task), g_subprocess_get_stderr_pipe (run->subprocess));
  g_subprocess_wait_async (run->subprocess, cancellable, bn_exec_plugin_wait_cb, g_steal_pointer (&task));
}

/**
 * bn_exec_plugin_run_finish:
 * @self: a #BnExecPlugin
 * @result: the result given to the callback
 * @error: return location for a %BN_KUBE_ERROR_CREDENTIALS error
 *
 * Returns: (transfer full): the credential, or %NULL with @error set
 */
BnExecCredential *
bn_exec_plugin_run_finish (BnExecPlugin  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (BN_IS_EXEC_PLUGIN (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
