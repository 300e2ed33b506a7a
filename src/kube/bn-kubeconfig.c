/* bn-kubeconfig.c: kubeconfig files, read and merged as kubectl does
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A BnKubeconfig holds what the files of a search path say once merged as client-go's loader
 * merges them: the first file to name a cluster, user or context wins it, the first non-empty
 * current-context wins, missing files are skipped. A file kubectl would refuse is listed with
 * its line and reason and the others still load. Each context's problems are found on demand,
 * worded as client-go's validation.go words them. Decoding one file is bn-kubeconfig-decoder.c.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bn-kube-error.h"
#include "bn-kubeconfig-private.h"

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

BnKubeContext *
_bn_kube_context_new (void)
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

void
_bn_kubeconfig_add_problem (GPtrArray               *problems,
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
bn_kubeconfig_file_free (BnKubeconfigFile *file)
{
  g_free (file->path);
  g_free (file->message);
  g_free (file);
}

static char *environment_search_path (void);

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
  g_autoptr(ParsedFile) parsed = _bn_kubeconfig_parse (data, length, source, error);

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
        /* GLib's own message repeats the path, which the listing already shows. */
        const char *reason = g_file_test (absolute, G_FILE_TEST_IS_DIR) ? "it is a directory"
                                                                          : local_error->message;
        g_autoptr(GError) unreadable = g_error_new (BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG,
                                                    "cannot read the file: %s", reason);
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
  g_autofree char *search_path = environment_search_path ();

  return bn_kubeconfig_new_for_search_path (search_path);
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const char *search_path = task_data;

  g_task_return_pointer (task, bn_kubeconfig_new_for_search_path (search_path), g_object_unref);
}

static char *
environment_search_path (void)
{
  const char *search_path = g_getenv ("KUBECONFIG");

  if (search_path != NULL && search_path[0] != '\0')
    return g_strdup (search_path);
  return g_build_filename (g_get_home_dir (), ".kube", "config", NULL);
}

/**
 * bn_kubeconfig_load_async:
 * @search_path: (nullable): a `$KUBECONFIG` value, or %NULL for the environment's
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the files are loaded
 * @user_data: for @callback
 *
 * Loads the files of @search_path in a worker thread, as bn_kubeconfig_new_for_search_path()
 * does: a kubeconfig of thousands of clusters takes a while to read.
 */
void
bn_kubeconfig_load_async (const char          *search_path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bn_kubeconfig_load_async);
  /* The environment is read here, on the caller's thread. */
  g_task_set_task_data (task, search_path != NULL ? g_strdup (search_path)
                                                  : environment_search_path (), g_free);
  g_task_run_in_thread (task, load_in_thread);
}

/**
 * bn_kubeconfig_load_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError (only cancellation fails)
 *
 * Returns: (transfer full) (nullable): the loaded #BnKubeconfig
 */
BnKubeconfig *
bn_kubeconfig_load_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
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

      _bn_kubeconfig_add_problem (problems, kind, TRUE, "unable to read %s %s for %s due to open %s: %s",
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
    _bn_kubeconfig_add_problem (problems, BN_KUBECONFIG_PROBLEM_INVALID_PROXY_URL, TRUE,
                 "invalid 'proxy-url' \"%s\" for cluster \"%s\": not a URL",
                 info->proxy_url, info->name);
  else if (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0
           && g_strcmp0 (scheme, "socks5") != 0)
    _bn_kubeconfig_add_problem (problems, BN_KUBECONFIG_PROBLEM_INVALID_PROXY_URL, TRUE,
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
    _bn_kubeconfig_add_problem (problems, BN_KUBECONFIG_PROBLEM_NO_SERVER, TRUE,
                 "no server found for cluster \"%s\"", info->name);
  else if (strstr (info->server, "://") != NULL
           && !g_str_has_prefix (info->server, "https://")
           && !g_str_has_prefix (info->server, "http://"))
    _bn_kubeconfig_add_problem (problems, BN_KUBECONFIG_PROBLEM_INVALID_SERVER, TRUE,
                 "server \"%s\" of cluster \"%s\" is not an http or https URL",
                 info->server, info->name);

  check_proxy_url (problems, info);

  if (info->certificate_authority != NULL && info->certificate_authority_data != NULL)
    _bn_kubeconfig_add_problem (problems, BN_KUBECONFIG_PROBLEM_CA_DATA_AND_FILE, FALSE,
                 "certificate-authority-data and certificate-authority are both specified for %s. "
                 "certificate-authority-data will override.", info->name);

  if (has_ca && info->insecure_skip_tls_verify)
    _bn_kubeconfig_add_problem (problems, BN_KUBECONFIG_PROBLEM_CA_WITH_INSECURE, TRUE,
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
    _bn_kubeconfig_add_problem (problems, BN_KUBECONFIG_PROBLEM_EMPTY_CONTEXT_NAME, TRUE,
                 "empty context name is not allowed");

  if (context->cluster == NULL)
    _bn_kubeconfig_add_problem (problems, BN_KUBECONFIG_PROBLEM_NO_CLUSTER, TRUE,
                 "cluster was not specified for context \"%s\"", context->name);
  else if ((cluster = g_hash_table_lookup (self->clusters, context->cluster)) == NULL)
    _bn_kubeconfig_add_problem (problems, BN_KUBECONFIG_PROBLEM_CLUSTER_NOT_FOUND, TRUE,
                 "cluster \"%s\" was not found for context \"%s\"", context->cluster, context->name);

  if (context->user == NULL)
    _bn_kubeconfig_add_problem (problems, BN_KUBECONFIG_PROBLEM_NO_USER, FALSE,
                 "user was not specified for context \"%s\": requests will be anonymous",
                 context->name);
  else if ((user = g_hash_table_lookup (self->users, context->user)) == NULL)
    _bn_kubeconfig_add_problem (problems, BN_KUBECONFIG_PROBLEM_USER_NOT_FOUND, TRUE,
                 "user \"%s\" was not found for context \"%s\"", context->user, context->name);

  if (context->namespace != NULL && !is_dns1123_label (context->namespace))
    _bn_kubeconfig_add_problem (problems, BN_KUBECONFIG_PROBLEM_INVALID_NAMESPACE, TRUE,
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
                                          (GDestroyNotify) _bn_cluster_record_free);
  self->users = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) _bn_user_record_free);
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
