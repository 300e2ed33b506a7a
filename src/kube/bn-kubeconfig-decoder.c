/* bn-kubeconfig-decoder.c: one kubeconfig file decoded as kubectl decodes it
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kubectl's second step (the first is bn-yaml-document.c): the v1 Config schema decoded from
 * the generic document with JSON's typing. A string field refuses a boolean or a number, null
 * means "unset", unknown keys are ignored, `*-data` fields are strict base64, names must be
 * unique within a list. Problems that need no file access are found here too.
 */

#include "config.h"

#include <string.h>

#include "bn-kube-error.h"
#include "bn-kubeconfig-private.h"
#include "bn-yaml-document.h"

#define EXEC_API_V1      "client.authentication.k8s.io/v1"
#define EXEC_API_V1BETA1 "client.authentication.k8s.io/v1beta1"
#define EXEC_API_V1ALPHA1 "client.authentication.k8s.io/v1alpha1"
#define EXEC_EXTENSION   "client.authentication.k8s.io/exec"

void
_bn_cluster_record_free (ClusterRecord *record)
{
  if (record == NULL)
    return;
  g_clear_pointer (&record->info, bn_cluster_info_unref);
  g_free (record->source);
  g_clear_pointer (&record->problems, g_ptr_array_unref);
  g_free (record);
}

void
_bn_user_record_free (UserRecord *record)
{
  if (record == NULL)
    return;
  g_clear_pointer (&record->info, bn_auth_info_unref);
  g_free (record->source);
  g_clear_pointer (&record->problems, g_ptr_array_unref);
  g_free (record);
}

/* Merged entries leave NULL holes behind in a parsed file's arrays. */
void
_bn_kube_context_unref_nullable (BnKubeContext *context)
{
  if (context != NULL)
    bn_kube_context_unref (context);
}

void
_bn_parsed_file_free (ParsedFile *parsed)
{
  g_clear_pointer (&parsed->clusters, g_ptr_array_unref);
  g_clear_pointer (&parsed->users, g_ptr_array_unref);
  g_clear_pointer (&parsed->contexts, g_ptr_array_unref);
  g_free (parsed->current_context);
  g_free (parsed);
}

/* --- typed decoding ---------------------------------------------------------------------------- */

typedef struct
{
  const char *source;          /* the file, absolute */
  char       *base_dir;        /* its directory, for relative paths */
  GError    **error;
} Decoder;

static gboolean
type_error (Decoder    *decoder,
            BnYamlNode *node,
            const char *path,
            const char *expected)
{
  BnYamlValueType found = bn_yaml_node_get_value_type (node);
  const char *hint = "";

  if (!g_str_equal (expected, "a string"))
    hint = "";
  else if (found == BN_YAML_VALUE_BOOL)
    hint = " (YAML 1.1 reads yes, no, on, off, y and n as booleans: quote the value)";
  else if (found == BN_YAML_VALUE_NUMBER)
    hint = " (quote the value to make it a string)";

  g_set_error (decoder->error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG,
               "line %u: %s: expected %s, found %s%s",
               bn_yaml_node_get_line (node), path, expected,
               bn_yaml_value_type_to_string (found), hint);
  return FALSE;
}

static gboolean
decode_string (Decoder     *decoder,
               BnYamlNode  *node,
               const char  *path,
               char       **out)
{
  const char *text;

  switch (bn_yaml_node_get_value_type (node))
    {
    case BN_YAML_VALUE_NULL:
      return TRUE;

    case BN_YAML_VALUE_STRING:
      text = bn_yaml_node_get_string (node, NULL);
      g_free (*out);
      *out = text[0] != '\0' ? g_strdup (text) : NULL;
      return TRUE;

    case BN_YAML_VALUE_BOOL:
    case BN_YAML_VALUE_NUMBER:
    case BN_YAML_VALUE_MERGE:
    case BN_YAML_VALUE_SEQUENCE:
    case BN_YAML_VALUE_MAPPING:
    default:
      return type_error (decoder, node, path, "a string");
    }
}

static gboolean
decode_field_string (Decoder     *decoder,
                     BnYamlNode  *mapping,
                     const char  *path,
                     const char  *key,
                     char       **out)
{
  g_autofree char *field_path = path[0] != '\0' ? g_strdup_printf ("%s.%s", path, key)
                                                 : g_strdup (key);

  return decode_string (decoder, bn_yaml_mapping_lookup (mapping, key), field_path, out);
}

static gboolean
decode_field_bool (Decoder    *decoder,
                   BnYamlNode *mapping,
                   const char *path,
                   const char *key,
                   gboolean   *out)
{
  BnYamlNode *node = bn_yaml_mapping_lookup (mapping, key);
  g_autofree char *field_path = NULL;

  switch (bn_yaml_node_get_value_type (node))
    {
    case BN_YAML_VALUE_NULL:
      return TRUE;
    case BN_YAML_VALUE_BOOL:
      *out = bn_yaml_node_get_boolean (node);
      return TRUE;
    case BN_YAML_VALUE_STRING:
    case BN_YAML_VALUE_NUMBER:
    case BN_YAML_VALUE_MERGE:
    case BN_YAML_VALUE_SEQUENCE:
    case BN_YAML_VALUE_MAPPING:
    default:
      field_path = g_strdup_printf ("%s.%s", path, key);
      return type_error (decoder, node, field_path, "a boolean (true or false)");
    }
}

/* A mapping field: absent or null is an empty mapping, anything else is an error. */
static gboolean
check_mapping (Decoder    *decoder,
               BnYamlNode *node,
               const char *path)
{
  BnYamlValueType type = bn_yaml_node_get_value_type (node);

  if (type == BN_YAML_VALUE_NULL || type == BN_YAML_VALUE_MAPPING)
    return TRUE;

  return type_error (decoder, node, path, "a mapping");
}

static gboolean
check_sequence (Decoder    *decoder,
                BnYamlNode *node,
                const char *path)
{
  BnYamlValueType type = bn_yaml_node_get_value_type (node);

  if (type == BN_YAML_VALUE_NULL || type == BN_YAML_VALUE_SEQUENCE)
    return TRUE;

  return type_error (decoder, node, path, "a list");
}

static gboolean
decode_string_list (Decoder      *decoder,
                    BnYamlNode   *node,
                    const char   *path,
                    char       ***out)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  guint n;

  if (!check_sequence (decoder, node, path))
    return FALSE;
  if (bn_yaml_node_get_value_type (node) == BN_YAML_VALUE_NULL)
    return TRUE;

  builder = g_strv_builder_new ();
  n = bn_yaml_node_get_n_children (node);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *item = NULL;
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);

      if (!decode_string (decoder, bn_yaml_node_get_child (node, i), item_path, &item))
        return FALSE;
      g_strv_builder_add (builder, item != NULL ? item : "");
    }

  g_strfreev (*out);
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
decode_field_bytes (Decoder     *decoder,
                    BnYamlNode  *mapping,
                    const char  *path,
                    const char  *key,
                    GBytes     **out)
{
  g_autofree char *field_path = g_strdup_printf ("%s.%s", path, key);
  g_autofree char *text = NULL;
  BnYamlNode *node = bn_yaml_mapping_lookup (mapping, key);
  gsize bad_offset = 0;
  GBytes *bytes;

  if (!decode_string (decoder, node, field_path, &text))
    return FALSE;
  if (text == NULL)
    return TRUE;

  bytes = bn_yaml_decode_base64 (text, &bad_offset);
  if (bytes == NULL)
    {
      g_set_error (decoder->error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG,
                   "line %u: %s: illegal base64 data at input byte %" G_GSIZE_FORMAT,
                   bn_yaml_node_get_line (node), field_path, bad_offset);
      return FALSE;
    }

  g_clear_pointer (out, g_bytes_unref);
  *out = bytes;
  return TRUE;
}

typedef struct
{
  Decoder    *decoder;
  const char *path;
  GHashTable *table;
  gboolean    ok;
} MapClosure;

static void
decode_string_map_member (const char *key,
                          BnYamlNode *value,
                          gpointer    user_data)
{
  MapClosure *closure = user_data;
  g_autofree char *item_path = NULL;
  char *text = NULL;

  if (!closure->ok)
    return;

  item_path = g_strdup_printf ("%s.%s", closure->path, key);
  if (!decode_string (closure->decoder, value, item_path, &text))
    {
      closure->ok = FALSE;
      return;
    }
  g_hash_table_replace (closure->table, g_strdup (key), text != NULL ? text : g_strdup (""));
}

static void
decode_string_list_map_member (const char *key,
                               BnYamlNode *value,
                               gpointer    user_data)
{
  MapClosure *closure = user_data;
  g_autofree char *item_path = NULL;
  char **list = NULL;

  if (!closure->ok)
    return;

  item_path = g_strdup_printf ("%s.%s", closure->path, key);
  if (!decode_string_list (closure->decoder, value, item_path, &list))
    {
      closure->ok = FALSE;
      return;
    }
  g_hash_table_replace (closure->table, g_strdup (key), list != NULL ? list : g_new0 (char *, 1));
}

static gboolean
decode_map (Decoder      *decoder,
            BnYamlNode   *node,
            const char   *path,
            gboolean      of_lists,
            GHashTable  **out)
{
  MapClosure closure = { decoder, path, NULL, TRUE };

  if (!check_mapping (decoder, node, path))
    return FALSE;
  if (bn_yaml_node_get_value_type (node) == BN_YAML_VALUE_NULL)
    return TRUE;

  closure.table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         of_lists ? (GDestroyNotify) g_strfreev : g_free);
  bn_yaml_mapping_foreach (node, of_lists ? decode_string_list_map_member
                                          : decode_string_map_member, &closure);
  if (!closure.ok)
    {
      g_hash_table_unref (closure.table);
      return FALSE;
    }

  g_clear_pointer (out, g_hash_table_unref);
  *out = closure.table;
  return TRUE;
}

/* `extensions: [{name, extension}]`: checked for shape, otherwise ignored. The exec
 * extension of a cluster is the one kept, as JSON for the exec plugin. */
static gboolean
decode_extensions (Decoder     *decoder,
                   BnYamlNode  *node,
                   const char  *path,
                   BnYamlNode **exec_extension)
{
  guint n;

  if (!check_sequence (decoder, node, path))
    return FALSE;

  n = bn_yaml_node_get_n_children (node);
  for (guint i = 0; i < n; i++)
    {
      BnYamlNode *item = bn_yaml_node_get_child (node, i);
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      g_autofree char *name = NULL;

      if (!check_mapping (decoder, item, item_path)
          || !decode_field_string (decoder, item, item_path, "name", &name))
        return FALSE;

      if (exec_extension != NULL && g_strcmp0 (name, EXEC_EXTENSION) == 0)
        *exec_extension = bn_yaml_mapping_lookup (item, "extension");
    }

  return TRUE;
}

static char *
resolve_path (Decoder    *decoder,
              const char *path)
{
  if (path == NULL || g_path_is_absolute (path))
    return g_strdup (path);

  /* As filepath.Join: relative to the defining file's directory, cleaned; `~` stays. */
  return g_canonicalize_filename (path, decoder->base_dir);
}

static void
resolve_path_in_place (Decoder  *decoder,
                       char    **path)
{
  char *resolved = resolve_path (decoder, *path);

  g_free (*path);
  *path = resolved;
}

static gboolean
decode_cluster (Decoder       *decoder,
                BnYamlNode    *node,
                const char    *path,
                ClusterRecord *record)
{
  BnClusterInfo *info = record->info;
  BnYamlNode *exec_extension = NULL;

  if (!check_mapping (decoder, node, path)
      || !decode_field_string (decoder, node, path, "server", &info->server)
      || !decode_field_string (decoder, node, path, "tls-server-name", &info->tls_server_name)
      || !decode_field_bool (decoder, node, path, "insecure-skip-tls-verify",
                             &info->insecure_skip_tls_verify)
      || !decode_field_string (decoder, node, path, "certificate-authority",
                               &info->certificate_authority)
      || !decode_field_bytes (decoder, node, path, "certificate-authority-data",
                              &info->certificate_authority_data)
      || !decode_field_string (decoder, node, path, "proxy-url", &info->proxy_url)
      || !decode_field_bool (decoder, node, path, "disable-compression",
                             &info->disable_compression))
    return FALSE;

  {
    g_autofree char *extensions_path = g_strdup_printf ("%s.extensions", path);

    if (!decode_extensions (decoder, bn_yaml_mapping_lookup (node, "extensions"),
                            extensions_path, &exec_extension))
      return FALSE;
  }

  if (exec_extension != NULL)
    {
      g_autoptr(GString) json = g_string_new (NULL);

      if (bn_yaml_node_to_json (exec_extension, json))
        info->exec_extension_json = g_string_free (g_steal_pointer (&json), FALSE);
      else
        _bn_kubeconfig_add_problem (record->problems, BN_KUBECONFIG_PROBLEM_EXEC_EXTENSION_INVALID, TRUE,
                     "the %s extension of cluster \"%s\" nests too deeply to pass to an exec plugin",
                     EXEC_EXTENSION, info->name != NULL ? info->name : "");
    }

  resolve_path_in_place (decoder, &info->certificate_authority);
  return TRUE;
}

static BnExecInteractiveMode
parse_interactive_mode (const char *text)
{
  if (g_strcmp0 (text, "Never") == 0)
    return BN_EXEC_INTERACTIVE_NEVER;
  if (g_strcmp0 (text, "IfAvailable") == 0)
    return BN_EXEC_INTERACTIVE_IF_AVAILABLE;
  if (g_strcmp0 (text, "Always") == 0)
    return BN_EXEC_INTERACTIVE_ALWAYS;
  return BN_EXEC_INTERACTIVE_UNSET;
}

static gboolean
decode_exec_env (Decoder      *decoder,
                 BnYamlNode   *node,
                 const char   *path,
                 BnExecConfig *exec,
                 gboolean     *missing_name)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  guint n;

  if (!check_sequence (decoder, node, path))
    return FALSE;
  if (bn_yaml_node_get_value_type (node) == BN_YAML_VALUE_NULL)
    return TRUE;

  n = bn_yaml_node_get_n_children (node);
  for (guint i = 0; i < n; i++)
    {
      BnYamlNode *item = bn_yaml_node_get_child (node, i);
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (!check_mapping (decoder, item, item_path)
          || !decode_field_string (decoder, item, item_path, "name", &name)
          || !decode_field_string (decoder, item, item_path, "value", &value))
        return FALSE;

      if (name == NULL)
        {
          *missing_name = TRUE;
          continue;
        }
      g_strv_builder_add (names, name);
      g_strv_builder_add (values, value != NULL ? value : "");
    }

  exec->env_names = g_strv_builder_end (names);
  exec->env_values = g_strv_builder_end (values);
  return TRUE;
}

static gboolean
decode_exec (Decoder     *decoder,
             BnYamlNode  *node,
             const char  *path,
             UserRecord  *record)
{
  g_autoptr(BnExecConfig) exec = bn_exec_config_new ();
  g_autofree char *interactive_mode = NULL;
  g_autofree char *args_path = g_strdup_printf ("%s.args", path);
  g_autofree char *env_path = g_strdup_printf ("%s.env", path);
  const char *user = record->info->name != NULL ? record->info->name : "";
  gboolean missing_env_name = FALSE;

  if (!check_mapping (decoder, node, path))
    return FALSE;
  if (bn_yaml_node_get_value_type (node) == BN_YAML_VALUE_NULL)
    return TRUE;

  if (!decode_field_string (decoder, node, path, "command", &exec->command)
      || !decode_string_list (decoder, bn_yaml_mapping_lookup (node, "args"), args_path, &exec->args)
      || !decode_exec_env (decoder, bn_yaml_mapping_lookup (node, "env"), env_path, exec,
                           &missing_env_name)
      || !decode_field_string (decoder, node, path, "apiVersion", &exec->api_version)
      || !decode_field_string (decoder, node, path, "installHint", &exec->install_hint)
      || !decode_field_bool (decoder, node, path, "provideClusterInfo", &exec->provide_cluster_info)
      || !decode_field_string (decoder, node, path, "interactiveMode", &interactive_mode))
    return FALSE;

  if (interactive_mode == NULL
      && (g_strcmp0 (exec->api_version, EXEC_API_V1BETA1) == 0
          || g_strcmp0 (exec->api_version, EXEC_API_V1ALPHA1) == 0))
    interactive_mode = g_strdup ("IfAvailable");  /* client-go's default for these versions */

  exec->interactive_mode = parse_interactive_mode (interactive_mode);

  if (exec->command == NULL)
    _bn_kubeconfig_add_problem (record->problems, BN_KUBECONFIG_PROBLEM_EXEC_NO_COMMAND, TRUE,
                 "command must be specified for %s to use exec authentication plugin", user);
  if (exec->api_version == NULL)
    _bn_kubeconfig_add_problem (record->problems, BN_KUBECONFIG_PROBLEM_EXEC_NO_API_VERSION, TRUE,
                 "apiVersion must be specified for %s to use exec authentication plugin", user);
  else if (g_strcmp0 (exec->api_version, EXEC_API_V1ALPHA1) == 0)
    _bn_kubeconfig_add_problem (record->problems, BN_KUBECONFIG_PROBLEM_EXEC_UNSUPPORTED_API_VERSION, TRUE,
                 "exec plugin: invalid apiVersion \"%s\": v1alpha1 was removed in Kubernetes 1.24; "
                 "update the plugin and use " EXEC_API_V1, exec->api_version);
  else if (g_strcmp0 (exec->api_version, EXEC_API_V1) != 0
           && g_strcmp0 (exec->api_version, EXEC_API_V1BETA1) != 0)
    _bn_kubeconfig_add_problem (record->problems, BN_KUBECONFIG_PROBLEM_EXEC_UNSUPPORTED_API_VERSION, TRUE,
                 "exec plugin: invalid apiVersion \"%s\"", exec->api_version);
  if (missing_env_name)
    _bn_kubeconfig_add_problem (record->problems, BN_KUBECONFIG_PROBLEM_EXEC_ENV_NO_NAME, TRUE,
                 "env variable name must be specified for %s to use exec authentication plugin",
                 user);
  if (interactive_mode == NULL)
    _bn_kubeconfig_add_problem (record->problems, BN_KUBECONFIG_PROBLEM_EXEC_NO_INTERACTIVE_MODE, TRUE,
                 "interactiveMode must be specified for %s to use exec authentication plugin", user);
  else if (exec->interactive_mode == BN_EXEC_INTERACTIVE_UNSET)
    _bn_kubeconfig_add_problem (record->problems, BN_KUBECONFIG_PROBLEM_EXEC_INVALID_INTERACTIVE_MODE, TRUE,
                 "invalid interactiveMode for %s: \"%s\"", user, interactive_mode);

  /* A bare name is looked up in $PATH; anything with a slash is a path. */
  if (exec->command != NULL && strchr (exec->command, '/') != NULL)
    resolve_path_in_place (decoder, &exec->command);

  record->info->exec = g_steal_pointer (&exec);
  return TRUE;
}

static gboolean
decode_auth_provider (Decoder    *decoder,
                      BnYamlNode *node,
                      const char *path,
                      UserRecord *record)
{
  g_autofree char *config_path = g_strdup_printf ("%s.config", path);
  BnAuthInfo *info = record->info;

  if (!check_mapping (decoder, node, path))
    return FALSE;
  if (bn_yaml_node_get_value_type (node) == BN_YAML_VALUE_NULL)
    return TRUE;

  if (!decode_field_string (decoder, node, path, "name", &info->auth_provider_name)
      || !decode_map (decoder, bn_yaml_mapping_lookup (node, "config"), config_path, FALSE,
                      &info->auth_provider_config))
    return FALSE;

  if (info->auth_provider_name == NULL)
    info->auth_provider_name = g_strdup ("");
  if (info->auth_provider_config == NULL)
    info->auth_provider_config = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return TRUE;
}

static void
check_user (UserRecord *record)
{
  BnAuthInfo *info = record->info;
  const char *name = info->name != NULL ? info->name : "";
  gboolean has_cert = info->client_certificate != NULL || info->client_certificate_data != NULL;
  gboolean has_key = info->client_key != NULL || info->client_key_data != NULL;
  gboolean has_basic = info->username != NULL || info->password != NULL;

  if (has_cert)
    {
      if (info->client_certificate != NULL && info->client_certificate_data != NULL)
        _bn_kubeconfig_add_problem (record->problems, BN_KUBECONFIG_PROBLEM_CERT_DATA_AND_FILE, FALSE,
                     "client-cert-data and client-cert are both specified for %s. "
                     "client-cert-data will override.", name);
      if (info->client_key != NULL && info->client_key_data != NULL)
        _bn_kubeconfig_add_problem (record->problems, BN_KUBECONFIG_PROBLEM_KEY_DATA_AND_FILE, FALSE,
                     "client-key-data and client-key are both specified for %s; "
                     "client-key-data will override", name);
      if (!has_key)
        _bn_kubeconfig_add_problem (record->problems, BN_KUBECONFIG_PROBLEM_CERT_WITHOUT_KEY, TRUE,
                     "client-key-data or client-key must be specified for %s to use the "
                     "clientCert authentication method.", name);
    }
  else if (has_key)
    {
      _bn_kubeconfig_add_problem (record->problems, BN_KUBECONFIG_PROBLEM_KEY_WITHOUT_CERT, FALSE,
                   "a client key is set for %s without a client certificate; it is not used", name);
    }

  if (info->exec != NULL && info->auth_provider_name != NULL)
    _bn_kubeconfig_add_problem (record->problems, BN_KUBECONFIG_PROBLEM_AUTH_PROVIDER_AND_EXEC, TRUE,
                 "authProvider cannot be provided in combination with an exec plugin for %s", name);

  if (g_strcmp0 (info->auth_provider_name, "gcp") == 0)
    _bn_kubeconfig_add_problem (record->problems, BN_KUBECONFIG_PROBLEM_AUTH_PROVIDER_REMOVED, TRUE,
                 "The gcp auth plugin has been removed. Please use the \"gke-gcloud-auth-plugin\" "
                 "kubectl/client-go credential plugin instead. See "
                 "https://cloud.google.com/blog/products/containers-kubernetes/kubectl-auth-changes-in-gke "
                 "for further details");
  else if (g_strcmp0 (info->auth_provider_name, "azure") == 0)
    _bn_kubeconfig_add_problem (record->problems, BN_KUBECONFIG_PROBLEM_AUTH_PROVIDER_REMOVED, TRUE,
                 "The azure auth plugin has been removed. Please use the \"kubelogin\" "
                 "kubectl/client-go credential plugin instead. See "
                 "https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins "
                 "for further details");
  else if (info->auth_provider_name != NULL && g_strcmp0 (info->auth_provider_name, "oidc") != 0)
    _bn_kubeconfig_add_problem (record->problems, BN_KUBECONFIG_PROBLEM_AUTH_PROVIDER_UNKNOWN, TRUE,
                 "no Auth Provider found for name \"%s\"", info->auth_provider_name);

  if (info->token != NULL && has_basic)
    _bn_kubeconfig_add_problem (record->problems, BN_KUBECONFIG_PROBLEM_MULTIPLE_AUTH, TRUE,
                 "more than one authentication method found for %s; found [token basicAuth], "
                 "only one is allowed", name);

  /* As client-go: an empty as-groups or as-user-extra asks for nothing. */
  if ((info->impersonate_uid != NULL
       || (info->impersonate_groups != NULL && info->impersonate_groups[0] != NULL)
       || (info->impersonate_extra != NULL && g_hash_table_size (info->impersonate_extra) > 0))
      && info->impersonate == NULL)
    _bn_kubeconfig_add_problem (record->problems, BN_KUBECONFIG_PROBLEM_IMPERSONATION_WITHOUT_USER, TRUE,
                 "requesting uid, groups or user-extra for %s without impersonating a user", name);

  if (info->token == NULL && info->token_file == NULL && !has_basic && !has_cert
      && info->exec == NULL && info->auth_provider_name == NULL)
    _bn_kubeconfig_add_problem (record->problems, BN_KUBECONFIG_PROBLEM_NO_CREDENTIALS, FALSE,
                 "user \"%s\" has no credentials: requests will be anonymous", name);
}

static gboolean
decode_user (Decoder    *decoder,
             BnYamlNode *node,
             const char *path,
             UserRecord *record)
{
  BnAuthInfo *info = record->info;
  g_autofree char *groups_path = g_strdup_printf ("%s.as-groups", path);
  g_autofree char *extra_path = g_strdup_printf ("%s.as-user-extra", path);
  g_autofree char *exec_path = g_strdup_printf ("%s.exec", path);
  g_autofree char *provider_path = g_strdup_printf ("%s.auth-provider", path);
  g_autofree char *extensions_path = g_strdup_printf ("%s.extensions", path);

  if (!check_mapping (decoder, node, path)
      || !decode_field_string (decoder, node, path, "client-certificate", &info->client_certificate)
      || !decode_field_bytes (decoder, node, path, "client-certificate-data",
                              &info->client_certificate_data)
      || !decode_field_string (decoder, node, path, "client-key", &info->client_key)
      || !decode_field_bytes (decoder, node, path, "client-key-data", &info->client_key_data)
      || !decode_field_string (decoder, node, path, "token", &info->token)
      || !decode_field_string (decoder, node, path, "tokenFile", &info->token_file)
      || !decode_field_string (decoder, node, path, "as", &info->impersonate)
      || !decode_field_string (decoder, node, path, "as-uid", &info->impersonate_uid)
      || !decode_string_list (decoder, bn_yaml_mapping_lookup (node, "as-groups"), groups_path,
                              &info->impersonate_groups)
      || !decode_map (decoder, bn_yaml_mapping_lookup (node, "as-user-extra"), extra_path, TRUE,
                      &info->impersonate_extra)
      || !decode_field_string (decoder, node, path, "username", &info->username)
      || !decode_field_string (decoder, node, path, "password", &info->password)
      || !decode_auth_provider (decoder, bn_yaml_mapping_lookup (node, "auth-provider"),
                                provider_path, record)
      || !decode_exec (decoder, bn_yaml_mapping_lookup (node, "exec"), exec_path, record)
      || !decode_extensions (decoder, bn_yaml_mapping_lookup (node, "extensions"),
                             extensions_path, NULL))
    return FALSE;

  resolve_path_in_place (decoder, &info->client_certificate);
  resolve_path_in_place (decoder, &info->client_key);
  resolve_path_in_place (decoder, &info->token_file);

  check_user (record);
  return TRUE;
}

static gboolean
decode_context (Decoder       *decoder,
                BnYamlNode    *node,
                const char    *path,
                BnKubeContext *context)
{
  g_autofree char *extensions_path = g_strdup_printf ("%s.extensions", path);

  return check_mapping (decoder, node, path)
         && decode_field_string (decoder, node, path, "cluster", &context->cluster)
         && decode_field_string (decoder, node, path, "user", &context->user)
         && decode_field_string (decoder, node, path, "namespace", &context->namespace)
         && decode_extensions (decoder, bn_yaml_mapping_lookup (node, "extensions"),
                               extensions_path, NULL);
}

typedef enum
{
  LIST_CLUSTERS,
  LIST_USERS,
  LIST_CONTEXTS,
} ListKind;

static gboolean
decode_named_item (Decoder    *decoder,
                   ListKind    kind,
                   BnYamlNode *body,
                   const char *body_path,
                   char       *name,
                   ParsedFile *parsed)
{
  if (kind == LIST_CLUSTERS)
    {
      ClusterRecord *record = g_new0 (ClusterRecord, 1);

      record->info = bn_cluster_info_new ();
      record->info->name = name;
      record->source = g_strdup (decoder->source);
      record->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_kubeconfig_problem_free);
      g_ptr_array_add (parsed->clusters, record);
      return decode_cluster (decoder, body, body_path, record);
    }

  if (kind == LIST_USERS)
    {
      UserRecord *record = g_new0 (UserRecord, 1);

      record->info = bn_auth_info_new ();
      record->info->name = name;
      record->source = g_strdup (decoder->source);
      record->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_kubeconfig_problem_free);
      g_ptr_array_add (parsed->users, record);
      return decode_user (decoder, body, body_path, record);
    }

  {
    BnKubeContext *context = _bn_kube_context_new ();

    context->name = name;
    context->source = g_strdup (decoder->source);
    g_ptr_array_add (parsed->contexts, context);
    return decode_context (decoder, body, body_path, context);
  }
}

static gboolean
decode_named_list (Decoder    *decoder,
                   BnYamlNode *root,
                   ListKind    kind,
                   ParsedFile *parsed)
{
  static const char * const list_keys[] = { "clusters", "users", "contexts" };
  static const char * const body_keys[] = { "cluster", "user", "context" };
  const char *list_key = list_keys[kind];
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  BnYamlNode *list = bn_yaml_mapping_lookup (root, list_key);
  guint n;

  if (!check_sequence (decoder, list, list_key))
    return FALSE;

  n = bn_yaml_node_get_n_children (list);
  for (guint i = 0; i < n; i++)
    {
      BnYamlNode *item = bn_yaml_node_get_child (list, i);
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", list_key, i);
      g_autofree char *body_path = g_strdup_printf ("%s[%u].%s", list_key, i, body_keys[kind]);
      char *name = NULL;

      if (!check_mapping (decoder, item, item_path)
          || !decode_field_string (decoder, item, item_path, "name", &name))
        return FALSE;

      /* client-go turns each list into a map and refuses a name it has already seen. */
      if (!g_hash_table_add (seen, g_strdup (name != NULL ? name : "")))
        {
          g_set_error (decoder->error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG,
                       "line %u: duplicate name \"%s\" in %s",
                       bn_yaml_node_get_line (item), name != NULL ? name : "", list_key);
          g_free (name);
          return FALSE;
        }

      if (name == NULL)
        name = g_strdup ("");

      if (!decode_named_item (decoder, kind, bn_yaml_mapping_lookup (item, body_keys[kind]),
                              body_path, name, parsed))
        return FALSE;
    }

  return TRUE;
}

static gboolean
decode_header (Decoder    *decoder,
               BnYamlNode *root)
{
  g_autofree char *api_version = NULL;
  g_autofree char *kind = NULL;

  if (!decode_field_string (decoder, root, "", "apiVersion", &api_version)
      || !decode_field_string (decoder, root, "", "kind", &kind))
    return FALSE;

  if (kind != NULL && strcmp (kind, "Config") != 0)
    {
      g_set_error (decoder->error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG,
                   "line %u: kind \"%s\" is not a kubeconfig (kind: Config)",
                   bn_yaml_node_get_line (bn_yaml_mapping_lookup (root, "kind")), kind);
      return FALSE;
    }

  if (api_version != NULL && strcmp (api_version, "v1") != 0)
    {
      g_set_error (decoder->error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG,
                   "line %u: apiVersion \"%s\" is not supported (only v1 is)",
                   bn_yaml_node_get_line (bn_yaml_mapping_lookup (root, "apiVersion")),
                   api_version);
      return FALSE;
    }

  return TRUE;
}

static gboolean
decode_preferences (Decoder    *decoder,
                    BnYamlNode *root)
{
  BnYamlNode *preferences = bn_yaml_mapping_lookup (root, "preferences");
  gboolean colors = FALSE;

  return check_mapping (decoder, preferences, "preferences")
         && decode_field_bool (decoder, preferences, "preferences", "colors", &colors)
         && decode_extensions (decoder, bn_yaml_mapping_lookup (preferences, "extensions"),
                               "preferences.extensions", NULL);
}

static ParsedFile *
decode_file (Decoder    *decoder,
             BnYamlNode *root)
{
  g_autoptr(ParsedFile) parsed = g_new0 (ParsedFile, 1);
  BnYamlValueType root_type = bn_yaml_node_get_value_type (root);

  parsed->clusters = g_ptr_array_new_with_free_func ((GDestroyNotify) _bn_cluster_record_free);
  parsed->users = g_ptr_array_new_with_free_func ((GDestroyNotify) _bn_user_record_free);
  parsed->contexts = g_ptr_array_new_with_free_func ((GDestroyNotify) _bn_kube_context_unref_nullable);

  if (root_type == BN_YAML_VALUE_NULL)
    return g_steal_pointer (&parsed);

  if (root_type != BN_YAML_VALUE_MAPPING)
    {
      type_error (decoder, root, "the top level", "a mapping (a kubeconfig)");
      return NULL;
    }

  if (!decode_header (decoder, root)
      || !decode_preferences (decoder, root)
      || !decode_named_list (decoder, root, LIST_CLUSTERS, parsed)
      || !decode_named_list (decoder, root, LIST_USERS, parsed)
      || !decode_named_list (decoder, root, LIST_CONTEXTS, parsed)
      || !decode_field_string (decoder, root, "", "current-context", &parsed->current_context)
      || !decode_extensions (decoder, bn_yaml_mapping_lookup (root, "extensions"), "extensions",
                             NULL))
    return NULL;

  return g_steal_pointer (&parsed);
}

/**
 * _bn_kubeconfig_parse:
 * @data: the file's bytes
 * @length: their length
 * @source: the file, absolute; relative paths inside are resolved against its directory
 * @error: return location for a #GError of the %BN_KUBE_ERROR domain
 *
 * Returns: (transfer full) (nullable): the file's entries, or %NULL when kubectl would
 *   refuse the file; the error message then starts with "line N: " when it has a line
 */
ParsedFile *
_bn_kubeconfig_parse (const char  *data,
                      gsize        length,
                      const char  *source,
                      GError     **error)
{
  g_autoptr(BnYamlDocument) document = NULL;
  g_autofree char *base_dir = NULL;
  Decoder decoder = { source, NULL, error };

  document = bn_yaml_document_parse (data, length, error);
  if (document == NULL)
    return NULL;

  base_dir = g_path_get_dirname (source);
  decoder.base_dir = base_dir;
  return decode_file (&decoder, bn_yaml_document_get_root (document));
}
