/* bn-kubeconfig.c: kubeconfig files, read and merged as kubectl does
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The YAML layer (bn-yaml-document.c) has already applied YAML 1.1 typing, anchors and
 * merge keys; this file is kubectl's second step, the typed JSON decode into the v1 Config
 * schema: a string field refuses a boolean or a number, null means "unset", unknown keys are
 * ignored, `*-data` fields are strict base64. Then the files are merged as client-go's loader
 * does, and each context gets its problems, worded as client-go's validation.go words them.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bn-kube-error.h"
#include "bn-kubeconfig.h"
#include "bn-yaml-document.h"

#define EXEC_API_V1      "client.authentication.k8s.io/v1"
#define EXEC_API_V1BETA1 "client.authentication.k8s.io/v1beta1"
#define EXEC_API_V1ALPHA1 "client.authentication.k8s.io/v1alpha1"
#define EXEC_EXTENSION   "client.authentication.k8s.io/exec"

typedef struct
{
  BnClusterInfo *info;
  char          *source;
  GPtrArray     *problems;     /* BnKubeconfigProblem*, found while reading */
} ClusterRecord;

typedef struct
{
  BnAuthInfo *info;
  char       *source;
  GPtrArray  *problems;
} UserRecord;

typedef struct
{
  GPtrArray *clusters;         /* ClusterRecord* */
  GPtrArray *users;            /* UserRecord* */
  GPtrArray *contexts;         /* BnKubeContext* */
  char      *current_context;
} ParsedFile;

struct _BnKubeconfig
{
  GObject     parent_instance;

  GHashTable *clusters;        /* name -> ClusterRecord* */
  GHashTable *users;           /* name -> UserRecord* */
  GHashTable *contexts;        /* name -> BnKubeContext* */
  char       *current_context;
  GPtrArray  *files;           /* BnKubeconfigFile* */
};

G_DEFINE_FINAL_TYPE (BnKubeconfig, bn_kubeconfig, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (BnKubeContext, bn_kube_context, bn_kube_context_ref, bn_kube_context_unref)

/* --- plain data ------------------------------------------------------------------------------ */

static BnKubeContext *
bn_kube_context_new (void)
{
  BnKubeContext *self = g_new0 (BnKubeContext, 1);

  g_atomic_ref_count_init (&self->ref_count);
  return self;
}

BnKubeContext *
bn_kube_context_ref (BnKubeContext *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
bn_kube_context_unref (BnKubeContext *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->name);
  g_free (self->cluster);
  g_free (self->user);
  g_free (self->namespace);
  g_free (self->source);
  g_free (self);
}

/**
 * bn_kubeconfig_problem_new:
 * @kind: what is wrong
 * @is_error: whether kubectl refuses the context
 * @message: the sentence to show
 *
 * Returns: (transfer full): a new problem
 */
BnKubeconfigProblem *
bn_kubeconfig_problem_new (BnKubeconfigProblemKind  kind,
                           gboolean                 is_error,
                           const char              *message)
{
  BnKubeconfigProblem *self = g_new0 (BnKubeconfigProblem, 1);

  self->kind = kind;
  self->is_error = is_error;
  self->message = g_strdup (message);
  return self;
}

BnKubeconfigProblem *
bn_kubeconfig_problem_copy (const BnKubeconfigProblem *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return bn_kubeconfig_problem_new (self->kind, self->is_error, self->message);
}

void
bn_kubeconfig_problem_free (BnKubeconfigProblem *self)
{
  if (self == NULL)
    return;

  g_free (self->message);
  g_free (self);
}

/**
 * bn_kubeconfig_problem_kind_to_string:
 * @kind: a problem kind
 *
 * Returns: a stable kebab-case name for @kind, used in `--list-clusters --json`
 */
const char *
bn_kubeconfig_problem_kind_to_string (BnKubeconfigProblemKind kind)
{
  static const char * const names[] = {
    "cluster-not-found", "user-not-found", "no-cluster", "no-user", "empty-context-name",
    "invalid-namespace", "no-server", "invalid-server", "invalid-proxy-url", "ca-unreadable",
    "ca-data-and-file", "ca-with-insecure", "cert-unreadable", "key-unreadable",
    "token-file-unreadable", "cert-data-and-file", "key-data-and-file", "cert-without-key",
    "key-without-cert", "multiple-auth", "impersonation-without-user", "auth-provider-and-exec",
    "auth-provider-removed", "auth-provider-unknown", "exec-no-command", "exec-no-api-version",
    "exec-unsupported-api-version", "exec-no-interactive-mode", "exec-invalid-interactive-mode",
    "exec-env-no-name", "exec-extension-invalid", "no-credentials",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == BN_KUBECONFIG_PROBLEM_NO_CREDENTIALS + 1);

  if ((guint) kind >= G_N_ELEMENTS (names))
    return "unknown";
  return names[kind];
}

static void
add_problem (GPtrArray               *problems,
             BnKubeconfigProblemKind  kind,
             gboolean                 is_error,
             const char              *format,
             ...) G_GNUC_PRINTF (4, 5);

static void
add_problem (GPtrArray               *problems,
             BnKubeconfigProblemKind  kind,
             gboolean                 is_error,
             const char              *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (problems, bn_kubeconfig_problem_new (kind, is_error, message));
}

static void
cluster_record_free (ClusterRecord *record)
{
  if (record == NULL)
    return;
  g_clear_pointer (&record->info, bn_cluster_info_unref);
  g_free (record->source);
  g_clear_pointer (&record->problems, g_ptr_array_unref);
  g_free (record);
}

static void
user_record_free (UserRecord *record)
{
  if (record == NULL)
    return;
  g_clear_pointer (&record->info, bn_auth_info_unref);
  g_free (record->source);
  g_clear_pointer (&record->problems, g_ptr_array_unref);
  g_free (record);
}

static void
bn_kubeconfig_file_free (BnKubeconfigFile *file)
{
  g_free (file->path);
  g_free (file->message);
  g_free (file);
}

/* Merged entries leave NULL holes behind in a parsed file's arrays. */
static void
context_unref_nullable (BnKubeContext *context)
{
  if (context != NULL)
    bn_kube_context_unref (context);
}

static void
parsed_file_free (ParsedFile *parsed)
{
  g_clear_pointer (&parsed->clusters, g_ptr_array_unref);
  g_clear_pointer (&parsed->users, g_ptr_array_unref);
  g_clear_pointer (&parsed->contexts, g_ptr_array_unref);
  g_free (parsed->current_context);
  g_free (parsed);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParsedFile, parsed_file_free)

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

/* Go's base64.StdEncoding: padding required, CR and LF ignored, any other stray byte an
 * error at its offset. */
static const guint8 *
base64_table (void)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  static guint8 table[256];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      memset (table, 0xff, sizeof table);
      for (guint i = 0; i < 64; i++)
        table[(guchar) alphabet[i]] = i;
      g_once_init_leave (&initialized, 1);
    }

  return table;
}

static gsize
skip_newlines (const char *text,
               gsize       i,
               gsize       length)
{
  while (i < length && (text[i] == '\r' || text[i] == '\n'))
    i++;
  return i;
}

/* After a first '=' in the third place of a quantum: a second '=' must follow, then nothing
 * but newlines. Returns the offset of the first bad byte, or G_MAXSIZE when all is well. */
static gsize
check_padding (const char *text,
               gsize       i,
               gsize       length,
               guint       j)
{
  if (j == 2)
    {
      i = skip_newlines (text, i, length);
      if (i == length || text[i] != '=')
        return i;
      i++;
    }

  i = skip_newlines (text, i, length);
  return i < length ? i : G_MAXSIZE;
}

static GBytes *
decode_base64_strictly (const char  *text,
                        gsize       *bad_offset)
{
  const guint8 *table = base64_table ();
  gsize length = strlen (text);
  guint8 *out = g_malloc (length / 4 * 3 + 3);
  gsize written = 0;
  gsize i = 0;

  while (i < length)
    {
      guint values[4] = { 0 };
      guint j = 0;

      while (j < 4)
        {
          guint8 value;

          i = skip_newlines (text, i, length);
          if (i == length)
            {
              if (j == 0)
                goto done;
              *bad_offset = i - j;
              g_free (out);
              return NULL;
            }

          if (text[i] == '=')
            {
              gsize bad = j < 2 ? i : check_padding (text, i + 1, length, j);

              if (bad != G_MAXSIZE)
                {
                  *bad_offset = bad;
                  g_free (out);
                  return NULL;
                }
              i = length;
              break;
            }

          value = table[(guchar) text[i]];
          if (value == 0xff)
            {
              *bad_offset = i;
              g_free (out);
              return NULL;
            }
          values[j++] = value;
          i++;
        }

      {
        guint32 group = values[0] << 18 | values[1] << 12 | values[2] << 6 | values[3];

        out[written++] = group >> 16;
        if (j > 2)
          out[written++] = (group >> 8) & 0xff;
        if (j > 3)
          out[written++] = group & 0xff;
      }
    }

done:
  return g_bytes_new_take (out, written);
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

  bytes = decode_base64_strictly (text, &bad_offset);
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
        add_problem (record->problems, BN_KUBECONFIG_PROBLEM_EXEC_EXTENSION_INVALID, TRUE,
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
    add_problem (record->problems, BN_KUBECONFIG_PROBLEM_EXEC_NO_COMMAND, TRUE,
                 "command must be specified for %s to use exec authentication plugin", user);
  if (exec->api_version == NULL)
    add_problem (record->problems, BN_KUBECONFIG_PROBLEM_EXEC_NO_API_VERSION, TRUE,
                 "apiVersion must be specified for %s to use exec authentication plugin", user);
  else if (g_strcmp0 (exec->api_version, EXEC_API_V1ALPHA1) == 0)
    add_problem (record->problems, BN_KUBECONFIG_PROBLEM_EXEC_UNSUPPORTED_API_VERSION, TRUE,
                 "exec plugin: invalid apiVersion \"%s\": v1alpha1 was removed in Kubernetes 1.24; "
                 "update the plugin and use " EXEC_API_V1, exec->api_version);
  else if (g_strcmp0 (exec->api_version, EXEC_API_V1) != 0
           && g_strcmp0 (exec->api_version, EXEC_API_V1BETA1) != 0)
    add_problem (record->problems, BN_KUBECONFIG_PROBLEM_EXEC_UNSUPPORTED_API_VERSION, TRUE,
                 "exec plugin: invalid apiVersion \"%s\"", exec->api_version);
  if (missing_env_name)
    add_problem (record->problems, BN_KUBECONFIG_PROBLEM_EXEC_ENV_NO_NAME, TRUE,
                 "env variable name must be specified for %s to use exec authentication plugin",
                 user);
  if (interactive_mode == NULL)
    add_problem (record->problems, BN_KUBECONFIG_PROBLEM_EXEC_NO_INTERACTIVE_MODE, TRUE,
                 "interactiveMode must be specified for %s to use exec authentication plugin", user);
  else if (exec->interactive_mode == BN_EXEC_INTERACTIVE_UNSET)
    add_problem (record->problems, BN_KUBECONFIG_PROBLEM_EXEC_INVALID_INTERACTIVE_MODE, TRUE,
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
        add_problem (record->problems, BN_KUBECONFIG_PROBLEM_CERT_DATA_AND_FILE, FALSE,
                     "client-cert-data and client-cert are both specified for %s. "
                     "client-cert-data will override.", name);
      if (info->client_key != NULL && info->client_key_data != NULL)
        add_problem (record->problems, BN_KUBECONFIG_PROBLEM_KEY_DATA_AND_FILE, FALSE,
                     "client-key-data and client-key are both specified for %s; "
                     "client-key-data will override", name);
      if (!has_key)
        add_problem (record->problems, BN_KUBECONFIG_PROBLEM_CERT_WITHOUT_KEY, TRUE,
                     "client-key-data or client-key must be specified for %s to use the "
                     "clientCert authentication method.", name);
    }
  else if (has_key)
    {
      add_problem (record->problems, BN_KUBECONFIG_PROBLEM_KEY_WITHOUT_CERT, FALSE,
                   "a client key is set for %s without a client certificate; it is not used", name);
    }

  if (info->exec != NULL && info->auth_provider_name != NULL)
    add_problem (record->problems, BN_KUBECONFIG_PROBLEM_AUTH_PROVIDER_AND_EXEC, TRUE,
                 "authProvider cannot be provided in combination with an exec plugin for %s", name);

  if (g_strcmp0 (info->auth_provider_name, "gcp") == 0)
    add_problem (record->problems, BN_KUBECONFIG_PROBLEM_AUTH_PROVIDER_REMOVED, TRUE,
                 "The gcp auth plugin has been removed. Please use the \"gke-gcloud-auth-plugin\" "
                 "kubectl/client-go credential plugin instead. See "
                 "https://cloud.google.com/blog/products/containers-kubernetes/kubectl-auth-changes-in-gke "
                 "for further details");
  else if (g_strcmp0 (info->auth_provider_name, "azure") == 0)
    add_problem (record->problems, BN_KUBECONFIG_PROBLEM_AUTH_PROVIDER_REMOVED, TRUE,
                 "The azure auth plugin has been removed. Please use the \"kubelogin\" "
                 "kubectl/client-go credential plugin instead. See "
                 "https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins "
                 "for further details");
  else if (info->auth_provider_name != NULL && g_strcmp0 (info->auth_provider_name, "oidc") != 0)
    add_problem (record->problems, BN_KUBECONFIG_PROBLEM_AUTH_PROVIDER_UNKNOWN, TRUE,
                 "no Auth Provider found for name \"%s\"", info->auth_provider_name);

  if (info->token != NULL && has_basic)
    add_problem (record->problems, BN_KUBECONFIG_PROBLEM_MULTIPLE_AUTH, TRUE,
                 "more than one authentication method found for %s; found [token basicAuth], "
                 "only one is allowed", name);

  if ((info->impersonate_uid != NULL || info->impersonate_groups != NULL
       || info->impersonate_extra != NULL)
      && info->impersonate == NULL)
    add_problem (record->problems, BN_KUBECONFIG_PROBLEM_IMPERSONATION_WITHOUT_USER, TRUE,
                 "requesting uid, groups or user-extra for %s without impersonating a user", name);

  if (info->token == NULL && info->token_file == NULL && !has_basic && !has_cert
      && info->exec == NULL && info->auth_provider_name == NULL)
    add_problem (record->problems, BN_KUBECONFIG_PROBLEM_NO_CREDENTIALS, FALSE,
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
    BnKubeContext *context = bn_kube_context_new ();

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

  parsed->clusters = g_ptr_array_new_with_free_func ((GDestroyNotify) cluster_record_free);
  parsed->users = g_ptr_array_new_with_free_func ((GDestroyNotify) user_record_free);
  parsed->contexts = g_ptr_array_new_with_free_func ((GDestroyNotify) context_unref_nullable);

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

/* --- merging --------------------------------------------------------------------------------- */

static void
merge_parsed_file (BnKubeconfig *self,
                   ParsedFile   *parsed)
{
  /* The first file to define a name wins the whole entry. */
  for (guint i = 0; i < parsed->clusters->len; i++)
    {
      ClusterRecord *record = g_ptr_array_index (parsed->clusters, i);

      if (!g_hash_table_contains (self->clusters, record->info->name))
        {
          g_hash_table_insert (self->clusters, record->info->name, record);
          parsed->clusters->pdata[i] = NULL;
        }
    }

  for (guint i = 0; i < parsed->users->len; i++)
    {
      UserRecord *record = g_ptr_array_index (parsed->users, i);

      if (!g_hash_table_contains (self->users, record->info->name))
        {
          g_hash_table_insert (self->users, record->info->name, record);
          parsed->users->pdata[i] = NULL;
        }
    }

  for (guint i = 0; i < parsed->contexts->len; i++)
    {
      BnKubeContext *context = g_ptr_array_index (parsed->contexts, i);

      if (!g_hash_table_contains (self->contexts, context->name))
        {
          g_hash_table_insert (self->contexts, context->name, context);
          parsed->contexts->pdata[i] = NULL;
        }
    }

  if (self->current_context == NULL && parsed->current_context != NULL)
    self->current_context = g_steal_pointer (&parsed->current_context);
}

static void
record_file (BnKubeconfig          *self,
             const char            *path,
             BnKubeconfigFileState  state,
             const GError          *error)
{
  BnKubeconfigFile *file = g_new0 (BnKubeconfigFile, 1);

  file->path = g_strdup (path);
  file->state = state;

  if (error != NULL)
    {
      const char *message = error->message;
      guint line = 0;

      if (g_str_has_prefix (message, "line "))
        {
          char *end = NULL;

          line = (guint) g_ascii_strtoull (message + 5, &end, 10);
          if (end != NULL && g_str_has_prefix (end, ": "))
            message = end + 2;
          else
            line = 0, message = error->message;
        }
      file->line = line;
      file->message = g_strdup (message);
    }

  g_ptr_array_add (self->files, file);
}

static gboolean
load_bytes (BnKubeconfig  *self,
            const char    *data,
            gsize          length,
            const char    *source,
            GError       **error)
{
  g_autoptr(BnYamlDocument) document = NULL;
  g_autoptr(ParsedFile) parsed = NULL;
  Decoder decoder = { source, NULL, error };

  document = bn_yaml_document_parse (data, length, error);
  if (document == NULL)
    return FALSE;

  decoder.base_dir = g_path_get_dirname (source);
  parsed = decode_file (&decoder, bn_yaml_document_get_root (document));
  g_free (decoder.base_dir);

  if (parsed == NULL)
    return FALSE;

  merge_parsed_file (self, parsed);
  return TRUE;
}

static char *
absolute_path (const char *path)
{
  g_autofree char *cwd = NULL;

  if (g_path_is_absolute (path))
    return g_canonicalize_filename (path, NULL);

  cwd = g_get_current_dir ();
  return g_canonicalize_filename (path, cwd);
}

static gboolean
prefix_error_with_file (GError     **error,
                        const char  *path)
{
  g_prefix_error (error, "%s: ", path);
  return FALSE;
}

/**
 * bn_kubeconfig_load_file:
 * @self: a #BnKubeconfig
 * @path: a kubeconfig file
 * @error: return location for a #GError
 *
 * Reads @path and merges it under what is already loaded: entries whose names are already
 * known are ignored, as kubectl ignores them. A missing file fails with %G_IO_ERROR_NOT_FOUND;
 * a file kubectl would refuse fails with %BN_KUBE_ERROR_INVALID_CONFIG and a message
 * "FILE: line N: reason", and nothing of it is merged. Either way the outcome is listed in
 * bn_kubeconfig_get_files().
 *
 * Returns: %TRUE when the file was merged
 */
gboolean
bn_kubeconfig_load_file (BnKubeconfig  *self,
                         const char    *path,
                         GError       **error)
{
  g_autofree char *absolute = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  g_return_val_if_fail (BN_IS_KUBECONFIG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  absolute = absolute_path (path);

  if (!g_file_get_contents (absolute, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          record_file (self, absolute, BN_KUBECONFIG_FILE_MISSING, NULL);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s: no such file", absolute);
          return FALSE;
        }

      {
        g_autoptr(GError) unreadable = g_error_new (BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG,
                                                    "cannot read the file: %s",
                                                    local_error->message);
        record_file (self, absolute, BN_KUBECONFIG_FILE_REJECTED, unreadable);
        g_propagate_error (error, g_steal_pointer (&unreadable));
        return prefix_error_with_file (error, absolute);
      }
    }

  if (!load_bytes (self, contents, length, absolute, &local_error))
    {
      record_file (self, absolute, BN_KUBECONFIG_FILE_REJECTED, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return prefix_error_with_file (error, absolute);
    }

  record_file (self, absolute, BN_KUBECONFIG_FILE_LOADED, NULL);
  return TRUE;
}

/**
 * bn_kubeconfig_load_data:
 * @self: a #BnKubeconfig
 * @data: kubeconfig bytes (YAML or JSON); need not be NUL-terminated
 * @length: their length
 * @origin: (nullable): the file they stand for, which relative paths are resolved against;
 *   %NULL for the current directory
 * @error: return location for a #GError
 *
 * As bn_kubeconfig_load_file(), from memory.
 *
 * Returns: %TRUE when the data was merged
 */
gboolean
bn_kubeconfig_load_data (BnKubeconfig  *self,
                         const char    *data,
                         gsize          length,
                         const char    *origin,
                         GError       **error)
{
  g_autofree char *absolute = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (BN_IS_KUBECONFIG (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  absolute = absolute_path (origin != NULL ? origin : "kubeconfig");

  if (!load_bytes (self, data, length, absolute, &local_error))
    {
      record_file (self, absolute, BN_KUBECONFIG_FILE_REJECTED, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return prefix_error_with_file (error, absolute);
    }

  record_file (self, absolute, BN_KUBECONFIG_FILE_LOADED, NULL);
  return TRUE;
}

/**
 * bn_kubeconfig_split_search_path:
 * @search_path: a `$KUBECONFIG` value
 *
 * Splits @search_path on `:`, dropping empty entries and later duplicates, as kubectl does.
 * `~` is not expanded (kubectl does not either).
 *
 * Returns: (transfer full): the files, in order
 */
char **
bn_kubeconfig_split_search_path (const char *search_path)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (search_path != NULL, NULL);

  parts = g_strsplit (search_path, G_SEARCHPATH_SEPARATOR_S, -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || !g_hash_table_add (seen, parts[i]))
        continue;
      g_strv_builder_add (builder, parts[i]);
    }

  return g_strv_builder_end (builder);
}

/**
 * bn_kubeconfig_new_for_search_path:
 * @search_path: a `$KUBECONFIG` value
 *
 * Loads every file of @search_path in order, skipping missing ones. A file kubectl would
 * refuse is listed as rejected and the others still load (kubectl would refuse them all).
 *
 * Returns: (transfer full): a new #BnKubeconfig
 */
BnKubeconfig *
bn_kubeconfig_new_for_search_path (const char *search_path)
{
  BnKubeconfig *self = bn_kubeconfig_new ();
  g_auto(GStrv) paths = NULL;

  g_return_val_if_fail (search_path != NULL, NULL);

  paths = bn_kubeconfig_split_search_path (search_path);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      /* Every outcome is recorded in the file list, which is what the caller reads. */
      g_autoptr(GError) error = NULL;
      bn_kubeconfig_load_file (self, paths[i], &error);
    }

  return self;
}

/**
 * bn_kubeconfig_new_from_environment:
 *
 * Loads `$KUBECONFIG` when it is set and not empty, else `~/.kube/config`.
 *
 * Returns: (transfer full): a new #BnKubeconfig
 */
BnKubeconfig *
bn_kubeconfig_new_from_environment (void)
{
  const char *search_path = g_getenv ("KUBECONFIG");
  g_autofree char *default_path = NULL;

  if (search_path != NULL && search_path[0] != '\0')
    return bn_kubeconfig_new_for_search_path (search_path);

  default_path = g_build_filename (g_get_home_dir (), ".kube", "config", NULL);
  return bn_kubeconfig_new_for_search_path (default_path);
}

/* --- reading --------------------------------------------------------------------------------- */

const char *
bn_kubeconfig_get_current_context (BnKubeconfig *self)
{
  g_return_val_if_fail (BN_IS_KUBECONFIG (self), NULL);

  return self->current_context;
}

/**
 * bn_kubeconfig_get_files:
 * @self: a #BnKubeconfig
 *
 * Returns: (transfer none) (element-type BnKubeconfigFile): every file tried, in order
 */
GPtrArray *
bn_kubeconfig_get_files (BnKubeconfig *self)
{
  g_return_val_if_fail (BN_IS_KUBECONFIG (self), NULL);

  return self->files;
}

/**
 * bn_kubeconfig_has_rejected_files:
 * @self: a #BnKubeconfig
 *
 * Returns: %TRUE when at least one file was refused; kubectl would then refuse to run at all
 */
gboolean
bn_kubeconfig_has_rejected_files (BnKubeconfig *self)
{
  g_return_val_if_fail (BN_IS_KUBECONFIG (self), FALSE);

  for (guint i = 0; i < self->files->len; i++)
    {
      BnKubeconfigFile *file = g_ptr_array_index (self->files, i);
      if (file->state == BN_KUBECONFIG_FILE_REJECTED)
        return TRUE;
    }
  return FALSE;
}

gboolean
bn_kubeconfig_is_empty (BnKubeconfig *self)
{
  g_return_val_if_fail (BN_IS_KUBECONFIG (self), TRUE);

  return g_hash_table_size (self->contexts) == 0
         && g_hash_table_size (self->clusters) == 0
         && g_hash_table_size (self->users) == 0
         && self->current_context == NULL;
}

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char **
dup_sorted_keys (GHashTable *table)
{
  guint n = 0;
  char **keys = (char **) g_hash_table_get_keys_as_array (table, &n);
  char **copy;

  qsort (keys, n, sizeof (char *), compare_names);
  copy = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    copy[i] = g_strdup (keys[i]);
  g_free (keys);
  return copy;
}

/**
 * bn_kubeconfig_dup_context_names:
 * @self: a #BnKubeconfig
 *
 * Returns: (transfer full): the names of all contexts, sorted as kubectl sorts them
 */
char **
bn_kubeconfig_dup_context_names (BnKubeconfig *self)
{
  g_return_val_if_fail (BN_IS_KUBECONFIG (self), NULL);

  return dup_sorted_keys (self->contexts);
}

char **
bn_kubeconfig_dup_cluster_names (BnKubeconfig *self)
{
  g_return_val_if_fail (BN_IS_KUBECONFIG (self), NULL);

  return dup_sorted_keys (self->clusters);
}

char **
bn_kubeconfig_dup_user_names (BnKubeconfig *self)
{
  g_return_val_if_fail (BN_IS_KUBECONFIG (self), NULL);

  return dup_sorted_keys (self->users);
}

/**
 * bn_kubeconfig_lookup_context:
 * @self: a #BnKubeconfig
 * @name: a context name
 *
 * Returns: (transfer none) (nullable): the context
 */
BnKubeContext *
bn_kubeconfig_lookup_context (BnKubeconfig *self,
                              const char   *name)
{
  g_return_val_if_fail (BN_IS_KUBECONFIG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->contexts, name);
}

/**
 * bn_kubeconfig_lookup_cluster:
 * @self: a #BnKubeconfig
 * @name: a cluster name
 *
 * Returns: (transfer none) (nullable): the cluster, paths already absolute
 */
BnClusterInfo *
bn_kubeconfig_lookup_cluster (BnKubeconfig *self,
                              const char   *name)
{
  ClusterRecord *record;

  g_return_val_if_fail (BN_IS_KUBECONFIG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  record = g_hash_table_lookup (self->clusters, name);
  return record != NULL ? record->info : NULL;
}

/**
 * bn_kubeconfig_lookup_user:
 * @self: a #BnKubeconfig
 * @name: a user name
 *
 * Returns: (transfer none) (nullable): the user, paths already absolute
 */
BnAuthInfo *
bn_kubeconfig_lookup_user (BnKubeconfig *self,
                           const char   *name)
{
  UserRecord *record;

  g_return_val_if_fail (BN_IS_KUBECONFIG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  record = g_hash_table_lookup (self->users, name);
  return record != NULL ? record->info : NULL;
}

const char *
bn_kubeconfig_get_cluster_source (BnKubeconfig *self,
                                  const char   *name)
{
  ClusterRecord *record;

  g_return_val_if_fail (BN_IS_KUBECONFIG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  record = g_hash_table_lookup (self->clusters, name);
  return record != NULL ? record->source : NULL;
}

const char *
bn_kubeconfig_get_user_source (BnKubeconfig *self,
                               const char   *name)
{
  UserRecord *record;

  g_return_val_if_fail (BN_IS_KUBECONFIG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  record = g_hash_table_lookup (self->users, name);
  return record != NULL ? record->source : NULL;
}

/* --- problems -------------------------------------------------------------------------------- */

static void
check_readable (GPtrArray               *problems,
                BnKubeconfigProblemKind  kind,
                const char              *what,
                const char              *path,
                const char              *owner)
{
  int fd;

  if (path == NULL)
    return;

  /* Non-blocking, so that a FIFO named as a certificate cannot hang us. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      add_problem (problems, kind, TRUE, "unable to read %s %s for %s due to open %s: %s",
                   what, path, owner, path, g_strerror (saved_errno));
      return;
    }
  close (fd);
}

static gboolean
is_dns1123_label (const char *text)
{
  gsize length = strlen (text);

  if (length == 0 || length > 63)
    return FALSE;
  if (!g_ascii_isalnum (text[0]) || !g_ascii_isalnum (text[length - 1]))
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!(g_ascii_islower (text[i]) || g_ascii_isdigit (text[i]) || text[i] == '-'))
      return FALSE;
  return TRUE;
}

static void
check_proxy_url (GPtrArray     *problems,
                 BnClusterInfo *info)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (info->proxy_url == NULL)
    return;

  uri = g_uri_parse (info->proxy_url, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL)
    add_problem (problems, BN_KUBECONFIG_PROBLEM_INVALID_PROXY_URL, TRUE,
                 "invalid 'proxy-url' \"%s\" for cluster \"%s\": not a URL",
                 info->proxy_url, info->name);
  else if (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0
           && g_strcmp0 (scheme, "socks5") != 0)
    add_problem (problems, BN_KUBECONFIG_PROBLEM_INVALID_PROXY_URL, TRUE,
                 "invalid 'proxy-url' \"%s\" for cluster \"%s\": unsupported scheme \"%s\", "
                 "must be http, https, or socks5", info->proxy_url, info->name, scheme);
}

static void
check_cluster (GPtrArray     *problems,
               ClusterRecord *record)
{
  BnClusterInfo *info = record->info;
  gboolean has_ca = info->certificate_authority != NULL || info->certificate_authority_data != NULL;

  for (guint i = 0; i < record->problems->len; i++)
    g_ptr_array_add (problems, bn_kubeconfig_problem_copy (g_ptr_array_index (record->problems, i)));

  if (info->server == NULL)
    add_problem (problems, BN_KUBECONFIG_PROBLEM_NO_SERVER, TRUE,
                 "no server found for cluster \"%s\"", info->name);
  else if (strstr (info->server, "://") != NULL
           && !g_str_has_prefix (info->server, "https://")
           && !g_str_has_prefix (info->server, "http://"))
    add_problem (problems, BN_KUBECONFIG_PROBLEM_INVALID_SERVER, TRUE,
                 "server \"%s\" of cluster \"%s\" is not an http or https URL",
                 info->server, info->name);

  check_proxy_url (problems, info);

  if (info->certificate_authority != NULL && info->certificate_authority_data != NULL)
    add_problem (problems, BN_KUBECONFIG_PROBLEM_CA_DATA_AND_FILE, FALSE,
                 "certificate-authority-data and certificate-authority are both specified for %s. "
                 "certificate-authority-data will override.", info->name);

  if (has_ca && info->insecure_skip_tls_verify)
    add_problem (problems, BN_KUBECONFIG_PROBLEM_CA_WITH_INSECURE, TRUE,
                 "specifying a root certificates file with the insecure flag is not allowed "
                 "(cluster \"%s\")", info->name);

  if (info->certificate_authority_data == NULL)
    check_readable (problems, BN_KUBECONFIG_PROBLEM_CA_UNREADABLE, "certificate-authority",
                    info->certificate_authority, info->name);
}

static void
check_user_files (GPtrArray  *problems,
                  UserRecord *record)
{
  BnAuthInfo *info = record->info;

  for (guint i = 0; i < record->problems->len; i++)
    g_ptr_array_add (problems, bn_kubeconfig_problem_copy (g_ptr_array_index (record->problems, i)));

  if (info->client_certificate_data == NULL)
    check_readable (problems, BN_KUBECONFIG_PROBLEM_CERT_UNREADABLE, "client-cert",
                    info->client_certificate, info->name);
  if (info->client_key_data == NULL)
    check_readable (problems, BN_KUBECONFIG_PROBLEM_KEY_UNREADABLE, "client-key",
                    info->client_key, info->name);
  check_readable (problems, BN_KUBECONFIG_PROBLEM_TOKEN_FILE_UNREADABLE, "tokenFile",
                  info->token_file, info->name);
}

/**
 * bn_kubeconfig_dup_problems:
 * @self: a #BnKubeconfig
 * @context_name: a context name
 *
 * Checks the context, its cluster and its user as client-go validates them before use, and
 * whether the files they name can be read. No server is contacted.
 *
 * Returns: (transfer full) (element-type BnKubeconfigProblem): the problems, possibly none
 */
GPtrArray *
bn_kubeconfig_dup_problems (BnKubeconfig *self,
                            const char   *context_name)
{
  g_autoptr(GPtrArray) problems = NULL;
  BnKubeContext *context;
  ClusterRecord *cluster = NULL;
  UserRecord *user = NULL;

  g_return_val_if_fail (BN_IS_KUBECONFIG (self), NULL);
  g_return_val_if_fail (context_name != NULL, NULL);

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_kubeconfig_problem_free);
  context = g_hash_table_lookup (self->contexts, context_name);
  if (context == NULL)
    return g_steal_pointer (&problems);

  if (context->name[0] == '\0')
    add_problem (problems, BN_KUBECONFIG_PROBLEM_EMPTY_CONTEXT_NAME, TRUE,
                 "empty context name is not allowed");

  if (context->cluster == NULL)
    add_problem (problems, BN_KUBECONFIG_PROBLEM_NO_CLUSTER, TRUE,
                 "cluster was not specified for context \"%s\"", context->name);
  else if ((cluster = g_hash_table_lookup (self->clusters, context->cluster)) == NULL)
    add_problem (problems, BN_KUBECONFIG_PROBLEM_CLUSTER_NOT_FOUND, TRUE,
                 "cluster \"%s\" was not found for context \"%s\"", context->cluster, context->name);

  if (context->user == NULL)
    add_problem (problems, BN_KUBECONFIG_PROBLEM_NO_USER, FALSE,
                 "user was not specified for context \"%s\": requests will be anonymous",
                 context->name);
  else if ((user = g_hash_table_lookup (self->users, context->user)) == NULL)
    add_problem (problems, BN_KUBECONFIG_PROBLEM_USER_NOT_FOUND, TRUE,
                 "user \"%s\" was not found for context \"%s\"", context->user, context->name);

  if (context->namespace != NULL && !is_dns1123_label (context->namespace))
    add_problem (problems, BN_KUBECONFIG_PROBLEM_INVALID_NAMESPACE, TRUE,
                 "namespace \"%s\" for context \"%s\" does not conform to the kubernetes "
                 "DNS_LABEL rules", context->namespace, context->name);

  if (cluster != NULL)
    check_cluster (problems, cluster);
  if (user != NULL)
    check_user_files (problems, user);

  return g_steal_pointer (&problems);
}

/* --- object ------------------------------------------------------------------------------------ */

static void
bn_kubeconfig_finalize (GObject *object)
{
  BnKubeconfig *self = BN_KUBECONFIG (object);

  g_clear_pointer (&self->contexts, g_hash_table_unref);
  g_clear_pointer (&self->users, g_hash_table_unref);
  g_clear_pointer (&self->clusters, g_hash_table_unref);
  g_clear_pointer (&self->current_context, g_free);
  g_clear_pointer (&self->files, g_ptr_array_unref);

  G_OBJECT_CLASS (bn_kubeconfig_parent_class)->finalize (object);
}

static void
bn_kubeconfig_class_init (BnKubeconfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bn_kubeconfig_finalize;
}

static void
bn_kubeconfig_init (BnKubeconfig *self)
{
  /* Keys are the records' own names, freed with the records. */
  self->clusters = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) cluster_record_free);
  self->users = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) user_record_free);
  self->contexts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) bn_kube_context_unref);
  self->files = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_kubeconfig_file_free);
}

/**
 * bn_kubeconfig_new:
 *
 * Returns: (transfer full): an empty #BnKubeconfig; add files with bn_kubeconfig_load_file()
 */
BnKubeconfig *
bn_kubeconfig_new (void)
{
  return g_object_new (BN_TYPE_KUBECONFIG, NULL);
}
