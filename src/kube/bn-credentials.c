/* bn-credentials.c: the credentials one cluster's requests carry
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "bn-credentials.h"
#include "bn-exec-plugin.h"
#include "bn-kube-error.h"

#define MAX_TOKEN_FILE_SIZE (1024 * 1024)
#define GENERATION_KEY      "bn-credentials-generation"

/*
 * Which secret goes into the Authorization header. The order is client-go's: a tokenFile wins
 * over a token, a token over basic auth; an exec plugin only runs when the user has no token,
 * basic auth or client certificate (K8S-API-NOTES §1.3.6). A client certificate is independent
 * of all of them and is used together with a token when both are given.
 */
typedef enum
{
  BEARER_NONE,
  BEARER_TOKEN,
  BEARER_TOKEN_FILE,
  BEARER_BASIC,
  BEARER_OIDC,
  BEARER_REMOVED_PROVIDER,
  BEARER_UNKNOWN_PROVIDER,
  BEARER_EXEC,
} BearerSource;

typedef struct
{
  dev_t   device;
  ino_t   inode;
  off_t   size;
  time_t  mtime;
  long    mtime_nsec;
} FileStamp;

/* An apply_async waiting for the exec plugin, shared with its cancellable's handler. It holds
 * no reference on the cancellable: the handler's reference on the waiter would make a cycle. */
typedef struct
{
  GTask  *task;
  gulong  cancelled_id;
} Waiter;

/*
 * Thread safety: one BnApiClient uses this object from its worker thread, while the UI may ask
 * for the auth kind or the bearer token (to show who you are) from the main thread. Everything
 * that changes after construction is guarded by the mutex; the cluster and auth info are
 * immutable plain data.
 */
struct _BnCredentials
{
  GObject           parent_instance;

  BnClusterInfo    *cluster;
  BnAuthInfo       *auth;
  BnExecPlugin     *exec_plugin;
  BearerSource      bearer_source;
  gboolean          from_keyring;

  GMutex            mutex;
  guint             generation;
  char             *file_token;
  FileStamp         file_stamp;
  gboolean          file_stamp_valid;
  GTlsCertificate  *client_certificate;
  BnExecCredential *exec_credential;
  GPtrArray        *exec_waiters;
  GCancellable     *exec_cancellable;     /* set while the plugin runs */
};

enum {
  PROP_0,
  PROP_AUTH_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BnCredentials, bn_credentials, G_TYPE_OBJECT)

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    {
      explicit_bzero (*secret, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}

static void
waiter_clear (Waiter *waiter)
{
  g_clear_object (&waiter->task);
}

static void
waiter_release (gpointer data)
{
  g_rc_box_release_full (data, (GDestroyNotify)waiter_clear);
}

static gboolean
has_text (const char *text)
{
  return text != NULL && text[0] != '\0';
}

static gboolean
has_client_certificate (BnAuthInfo *auth)
{
  return auth->client_certificate_data != NULL || has_text (auth->client_certificate)
      || auth->client_key_data != NULL || has_text (auth->client_key);
}

static BearerSource
choose_bearer_source (BnAuthInfo *auth)
{
  if (has_text (auth->token_file))
    return BEARER_TOKEN_FILE;
  if (has_text (auth->token))
    return BEARER_TOKEN;
  if (has_text (auth->username) || has_text (auth->password))
    return BEARER_BASIC;
  if (has_text (auth->auth_provider_name))
    {
      if (g_str_equal (auth->auth_provider_name, "oidc"))
        return BEARER_OIDC;
      if (g_str_equal (auth->auth_provider_name, "gcp") || g_str_equal (auth->auth_provider_name, "azure"))
        return BEARER_REMOVED_PROVIDER;
      return BEARER_UNKNOWN_PROVIDER;
    }
  if (auth->exec != NULL && !has_client_certificate (auth))
    return BEARER_EXEC;
  return BEARER_NONE;
}

static void
bn_credentials_finalize (GObject *object)
{
  BnCredentials *self = (BnCredentials *)object;

  g_clear_pointer (&self->cluster, bn_cluster_info_unref);
  g_clear_pointer (&self->auth, bn_auth_info_unref);
  g_clear_object (&self->exec_plugin);
  clear_secret (&self->file_token);
  g_clear_object (&self->client_certificate);
  g_clear_pointer (&self->exec_credential, bn_exec_credential_free);
  g_clear_pointer (&self->exec_waiters, g_ptr_array_unref);
  g_clear_object (&self->exec_cancellable);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (bn_credentials_parent_class)->finalize (object);
}

static void
bn_credentials_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BnCredentials *self = BN_CREDENTIALS (object);

  switch (prop_id)
    {
    case PROP_AUTH_KIND:
      g_value_take_string (value, bn_credentials_dup_auth_kind (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_credentials_class_init (BnCredentialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bn_credentials_finalize;
  object_class->get_property = bn_credentials_get_property;

  /**
   * BnCredentials:auth-kind:
   *
   * How requests authenticate, in words for the UI: "token", "token file", "client
   * certificate", "basic", "exec: aws", "oidc", "keyring", "none"...
   */
  properties[PROP_AUTH_KIND] =
    g_param_spec_string ("auth-kind", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bn_credentials_init (BnCredentials *self)
{
  g_mutex_init (&self->mutex);
  /* Starts at 1: requests stamped with 0 would look unstamped. */
  self->generation = 1;
  self->exec_waiters = g_ptr_array_new_with_free_func (waiter_release);
}

/**
 * bn_credentials_new:
 * @cluster: the cluster the requests go to
 * @auth: the kubeconfig user whose credentials they carry
 *
 * Returns: (transfer full): credentials for requests from @auth to @cluster
 */
BnCredentials *
bn_credentials_new (BnClusterInfo *cluster,
                    BnAuthInfo    *auth)
{
  BnCredentials *self;

  g_return_val_if_fail (cluster != NULL, NULL);
  g_return_val_if_fail (auth != NULL, NULL);

  self = g_object_new (BN_TYPE_CREDENTIALS, NULL);
  self->cluster = bn_cluster_info_ref (cluster);
  self->auth = bn_auth_info_ref (auth);
  self->bearer_source = choose_bearer_source (auth);
  if (self->bearer_source == BEARER_EXEC)
    self->exec_plugin = bn_exec_plugin_new (auth->exec, cluster);
  return self;
}

/**
 * bn_credentials_new_from_keyring:
 * @cluster: a hand-added cluster
 * @auth: its user, holding the token read from the keyring
 *
 * Like bn_credentials_new(), for a cluster whose token lives in the keyring: the only
 * difference is the auth kind shown to the user.
 *
 * Returns: (transfer full): credentials for requests from @auth to @cluster
 */
BnCredentials *
bn_credentials_new_from_keyring (BnClusterInfo *cluster,
                                 BnAuthInfo    *auth)
{
  BnCredentials *self = bn_credentials_new (cluster, auth);

  if (self != NULL)
    self->from_keyring = TRUE;
  return self;
}

/**
 * bn_credentials_get_cluster_info:
 * @self: a #BnCredentials
 *
 * Returns: (transfer none): the cluster
 */
BnClusterInfo *
bn_credentials_get_cluster_info (BnCredentials *self)
{
  g_return_val_if_fail (BN_IS_CREDENTIALS (self), NULL);

  return self->cluster;
}

/**
 * bn_credentials_get_auth_info:
 * @self: a #BnCredentials
 *
 * Returns: (transfer none): the user
 */
BnAuthInfo *
bn_credentials_get_auth_info (BnCredentials *self)
{
  g_return_val_if_fail (BN_IS_CREDENTIALS (self), NULL);

  return self->auth;
}

/**
 * bn_credentials_dup_auth_kind:
 * @self: a #BnCredentials
 *
 * Returns: (transfer full): how requests authenticate, in words for the UI
 */
char *
bn_credentials_dup_auth_kind (BnCredentials *self)
{
  g_return_val_if_fail (BN_IS_CREDENTIALS (self), NULL);

  if (self->from_keyring)
    return g_strdup ("keyring");

  switch (self->bearer_source)
    {
    case BEARER_TOKEN:
      return g_strdup ("token");
    case BEARER_TOKEN_FILE:
      return g_strdup ("token file");
    case BEARER_BASIC:
      return g_strdup ("basic");
    case BEARER_OIDC:
      return g_strdup ("oidc");
    case BEARER_REMOVED_PROVIDER:
    case BEARER_UNKNOWN_PROVIDER:
      return g_strdup_printf ("auth-provider: %s", self->auth->auth_provider_name);
    case BEARER_EXEC:
      {
        g_autofree char *name = g_path_get_basename (bn_exec_plugin_get_command (self->exec_plugin));
        return g_strdup_printf ("exec: %s", name);
      }
    case BEARER_NONE:
    default:
      return g_strdup (has_client_certificate (self->auth) ? "client certificate" : "none");
    }
}

/* Token file */

static FileStamp
stamp_from_stat (const struct stat *st)
{
  FileStamp stamp = { st->st_dev, st->st_ino, st->st_size, st->st_mtim.tv_sec, st->st_mtim.tv_nsec };

  return stamp;
}

static gboolean
stamps_equal (const FileStamp *a,
              const FileStamp *b)
{
  return a->device == b->device && a->inode == b->inode && a->size == b->size
      && a->mtime == b->mtime && a->mtime_nsec == b->mtime_nsec;
}

static gboolean
token_is_sendable (const char *token)
{
  for (const char *p = token; *p != '\0'; p++)
    if ((guchar)*p < 0x20 || (guchar)*p == 0x7f)
      return FALSE;
  return TRUE;
}

/* Called with the mutex held. A small local file: reading it synchronously is cheaper than a
 * round trip through a thread, and never waits on the network. */
static gboolean
refresh_token_file_locked (BnCredentials  *self,
                           GError        **error)
{
  const char *path = self->auth->token_file;
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  struct stat st;
  FileStamp stamp;
  gsize length = 0;

  if (stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                   "Cannot read the token file “%s”: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  stamp = stamp_from_stat (&st);
  if (self->file_token != NULL && self->file_stamp_valid && stamps_equal (&stamp, &self->file_stamp))
    return TRUE;

  if (!S_ISREG (st.st_mode) || st.st_size > MAX_TOKEN_FILE_SIZE)
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                   "The token file “%s” is not a small regular file", path);
      return FALSE;
    }

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                   "Cannot read the token file “%s”: %s", path, local_error->message);
      return FALSE;
    }

  if (strlen (contents) != length || !token_is_sendable (g_strstrip (contents)) || contents[0] == '\0')
    {
      explicit_bzero (contents, length);
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                   "The token file “%s” does not hold a token", path);
      return FALSE;
    }

  g_debug ("Read the token file “%s”", path);
  clear_secret (&self->file_token);
  self->file_token = g_steal_pointer (&contents);
  self->file_stamp = stamp;
  self->file_stamp_valid = TRUE;
  return TRUE;
}

/* Client certificate */

static GBytes *
read_pem (GBytes      *data,
          const char  *path,
          const char  *what,
          const char  *user,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (data != NULL)
    return g_bytes_ref (data);

  if (!has_text (path))
    return NULL;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                   "Cannot read the client %s of “%s”: %s", what, user, local_error->message);
      return NULL;
    }
  return g_bytes_new_take (contents, length);
}

static GTlsCertificate *
load_client_certificate (BnAuthInfo  *auth,
                         GError     **error)
{
  const char *user = auth->name != NULL ? auth->name : "";
  g_autoptr(GBytes) certificate = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) pem = NULL;
  GTlsCertificate *tls_certificate;

  certificate = read_pem (auth->client_certificate_data, auth->client_certificate, "certificate", user, error);
  if (certificate == NULL && (auth->client_certificate_data != NULL || has_text (auth->client_certificate)))
    return NULL;
  key = read_pem (auth->client_key_data, auth->client_key, "key", user, error);
  if (key == NULL && (auth->client_key_data != NULL || has_text (auth->client_key)))
    return NULL;

  if (certificate == NULL || key == NULL)
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                   "The user “%s” has a client %s but no client %s", user,
                   certificate != NULL ? "certificate" : "key",
                   certificate != NULL ? "key" : "certificate");
      return NULL;
    }

  pem = g_string_new_len (g_bytes_get_data (certificate, NULL), g_bytes_get_size (certificate));
  g_string_append_c (pem, '\n');
  g_string_append_len (pem, g_bytes_get_data (key, NULL), g_bytes_get_size (key));
  tls_certificate = g_tls_certificate_new_from_pem (pem->str, pem->len, &local_error);
  explicit_bzero (pem->str, pem->len);

  if (tls_certificate == NULL)
    g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                 "The client certificate and key of “%s” cannot be used: %s", user, local_error->message);
  return tls_certificate;
}

/* Called with the mutex held. */
static GTlsCertificate *
dup_client_certificate_locked (BnCredentials  *self,
                               GError        **error)
{
  if (self->bearer_source == BEARER_EXEC)
    {
      if (self->exec_credential != NULL && self->exec_credential->certificate != NULL)
        return g_object_ref (self->exec_credential->certificate);
      return NULL;
    }

  if (!has_client_certificate (self->auth))
    return NULL;

  if (self->client_certificate == NULL)
    self->client_certificate = load_client_certificate (self->auth, error);

  return self->client_certificate != NULL ? g_object_ref (self->client_certificate) : NULL;
}

/* Authorization */

static void
set_removed_provider_error (BnAuthInfo  *auth,
                            GError     **error)
{
  gboolean gcp = g_str_equal (auth->auth_provider_name, "gcp");

  g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
               "The “%s” auth-provider of “%s” was removed from Kubernetes clients in 1.26. "
               "Use the %s exec plugin instead: %s",
               auth->auth_provider_name, auth->name != NULL ? auth->name : "",
               gcp ? "gke-gcloud-auth-plugin" : "kubelogin",
               gcp ? "https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl"
                   : "https://azure.github.io/kubelogin/");
}

static char *
basic_authorization (BnAuthInfo *auth)
{
  g_autofree char *pair = g_strdup_printf ("%s:%s", auth->username != NULL ? auth->username : "",
                                           auth->password != NULL ? auth->password : "");
  g_autofree char *encoded = g_base64_encode ((const guchar *)pair, strlen (pair));
  char *authorization = g_strconcat ("Basic ", encoded, NULL);

  explicit_bzero (pair, strlen (pair));
  explicit_bzero (encoded, strlen (encoded));
  return authorization;
}

/* Called with the mutex held. Returns the bearer token without copying it, or NULL. */
static const char *
peek_bearer_token_locked (BnCredentials *self)
{
  switch (self->bearer_source)
    {
    case BEARER_TOKEN:
      return self->auth->token;
    case BEARER_TOKEN_FILE:
      return self->file_token;
    case BEARER_OIDC:
      return self->auth->auth_provider_config != NULL
             ? g_hash_table_lookup (self->auth->auth_provider_config, "id-token") : NULL;
    case BEARER_EXEC:
      return self->exec_credential != NULL ? self->exec_credential->token : NULL;
    case BEARER_NONE:
    case BEARER_BASIC:
    case BEARER_REMOVED_PROVIDER:
    case BEARER_UNKNOWN_PROVIDER:
    default:
      return NULL;
    }
}

/* Called with the mutex held. Sets *authorization to the header value, or NULL for none. */
static gboolean
compute_authorization_locked (BnCredentials  *self,
                              char          **authorization,
                              GError        **error)
{
  const char *token;

  *authorization = NULL;
  switch (self->bearer_source)
    {
    case BEARER_NONE:
      return TRUE;

    case BEARER_BASIC:
      *authorization = basic_authorization (self->auth);
      return TRUE;

    case BEARER_REMOVED_PROVIDER:
      set_removed_provider_error (self->auth, error);
      return FALSE;

    case BEARER_UNKNOWN_PROVIDER:
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                   "The “%s” auth-provider of “%s” is not supported; use an exec credential plugin",
                   self->auth->auth_provider_name, self->auth->name != NULL ? self->auth->name : "");
      return FALSE;

    case BEARER_TOKEN_FILE:
      if (!refresh_token_file_locked (self, error))
        return FALSE;
      break;

    case BEARER_OIDC:
    case BEARER_TOKEN:
    case BEARER_EXEC:
    default:
      break;
    }

  token = peek_bearer_token_locked (self);
  if (self->bearer_source == BEARER_OIDC && !has_text (token))
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                   "The oidc auth-provider of “%s” has no id-token; sign in with your OIDC "
                   "login tool first",
                   self->auth->name != NULL ? self->auth->name : "");
      return FALSE;
    }

  if (!has_text (token))
    return TRUE;

  if (!token_is_sendable (token))
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                   "The token of “%s” holds characters that cannot be sent in a header",
                   self->auth->name != NULL ? self->auth->name : "");
      return FALSE;
    }

  *authorization = g_strconcat ("Bearer ", token, NULL);
  return TRUE;
}

/* Impersonation */

static gboolean
is_header_token_char (guchar c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$&'*+-.^_`|~", c) != NULL);
}

/* Extra keys are percent-encoded into the header name, as client-go's headerKeyEscape does. */
static char *
escape_extra_key (const char *key)
{
  GString *escaped = g_string_new ("Impersonate-Extra-");

  for (const guchar *p = (const guchar *)key; *p != '\0'; p++)
    {
      if (is_header_token_char (*p))
        g_string_append_c (escaped, *p);
      else
        g_string_append_printf (escaped, "%%%02X", *p);
    }
  return g_string_free (escaped, FALSE);
}

static gboolean
impersonation_is_sendable (BnAuthInfo *auth)
{
  GHashTableIter iter;
  gpointer values;

  if ((auth->impersonate != NULL && !token_is_sendable (auth->impersonate))
      || (auth->impersonate_uid != NULL && !token_is_sendable (auth->impersonate_uid)))
    return FALSE;

  for (guint i = 0; auth->impersonate_groups != NULL && auth->impersonate_groups[i] != NULL; i++)
    if (!token_is_sendable (auth->impersonate_groups[i]))
      return FALSE;

  if (auth->impersonate_extra == NULL)
    return TRUE;

  g_hash_table_iter_init (&iter, auth->impersonate_extra);
  while (g_hash_table_iter_next (&iter, NULL, &values))
    for (guint i = 0; values != NULL && ((char **)values)[i] != NULL; i++)
      if (!token_is_sendable (((char **)values)[i]))
        return FALSE;

  return TRUE;
}

static void
apply_impersonation (BnAuthInfo         *auth,
                     SoupMessageHeaders *headers)
{
  g_autofree gpointer *keys = NULL;
  guint n_keys = 0;

  soup_message_headers_remove (headers, "Impersonate-User");
  soup_message_headers_remove (headers, "Impersonate-Uid");
  soup_message_headers_remove (headers, "Impersonate-Group");

  if (has_text (auth->impersonate))
    soup_message_headers_replace (headers, "Impersonate-User", auth->impersonate);
  if (has_text (auth->impersonate_uid))
    soup_message_headers_replace (headers, "Impersonate-Uid", auth->impersonate_uid);
  for (guint i = 0; auth->impersonate_groups != NULL && auth->impersonate_groups[i] != NULL; i++)
    soup_message_headers_append (headers, "Impersonate-Group", auth->impersonate_groups[i]);

  if (auth->impersonate_extra == NULL)
    return;

  keys = g_hash_table_get_keys_as_array (auth->impersonate_extra, &n_keys);
  for (guint i = 0; i < n_keys; i++)
    {
      g_autofree char *name = escape_extra_key (keys[i]);
      char **values = g_hash_table_lookup (auth->impersonate_extra, keys[i]);

      soup_message_headers_remove (headers, name);
      for (guint j = 0; values != NULL && values[j] != NULL; j++)
        soup_message_headers_append (headers, name, values[j]);
    }
}

/* Applying */

static gboolean
set_message_credentials (BnCredentials  *self,
                         SoupMessage    *msg,
                         GError        **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) certificate_error = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  char *authorization = NULL;
  gboolean ok;
  guint generation;

  if (!impersonation_is_sendable (self->auth))
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                   "The impersonation settings of “%s” hold characters that cannot be sent in a header",
                   self->auth->name != NULL ? self->auth->name : "");
      return FALSE;
    }

  g_mutex_lock (&self->mutex);
  ok = compute_authorization_locked (self, &authorization, error);
  if (ok)
    certificate = dup_client_certificate_locked (self, &certificate_error);
  generation = self->generation;
  g_mutex_unlock (&self->mutex);

  if (ok && certificate_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&certificate_error));
      ok = FALSE;
    }

  if (!ok)
    {
      clear_secret (&authorization);
      return FALSE;
    }

  if (authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", authorization);
  clear_secret (&authorization);

  if (certificate != NULL)
    soup_message_set_tls_client_certificate (msg, certificate);

  apply_impersonation (self->auth, headers);
  g_object_set_data (G_OBJECT (msg), GENERATION_KEY, GUINT_TO_POINTER (generation));
  return TRUE;
}

static void
complete_apply (BnCredentials *self,
                GTask         *task)
{
  SoupMessage *msg = g_task_get_task_data (task);
  GError *error = NULL;

  if (set_message_credentials (self, msg, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Called with the mutex held. */
static gboolean
exec_credential_is_fresh_locked (BnCredentials *self)
{
  g_autoptr(GDateTime) now = NULL;

  if (self->exec_credential == NULL)
    return FALSE;
  if (self->exec_credential->expiry == NULL)
    return TRUE;

  now = g_date_time_new_now_utc ();
  return g_date_time_compare (now, self->exec_credential->expiry) < 0;
}

/* May run in any thread, right inside g_cancellable_cancel(). Whoever takes the waiter out of
 * the array completes its task, so it is completed exactly once. */
static void
on_waiter_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  g_autoptr(GCancellable) run_cancellable = NULL;
  Waiter *waiter = user_data;
  BnCredentials *self = g_task_get_source_object (waiter->task);
  gboolean taken;

  /* Removing drops the array's reference; the handler's own keeps the waiter alive here. When
   * nobody waits any more, the plugin is stopped: no process is left behind. */
  g_mutex_lock (&self->mutex);
  taken = g_ptr_array_remove_fast (self->exec_waiters, waiter);
  if (taken && self->exec_waiters->len == 0 && self->exec_cancellable != NULL)
    run_cancellable = g_object_ref (self->exec_cancellable);
  g_mutex_unlock (&self->mutex);

  /* The handler stays connected until the cancellable goes; it must not keep the task (and
   * with it this object) alive that long. */
  if (taken)
    {
      g_task_return_error_if_cancelled (waiter->task);
      g_clear_object (&waiter->task);
    }
  if (run_cancellable != NULL)
    g_cancellable_cancel (run_cancellable);
}

/* Called with the mutex held; the caller starts the run once it is unlocked. */
static GCancellable *
begin_exec_run_locked (BnCredentials *self)
{
  g_set_object (&self->exec_cancellable, NULL);
  self->exec_cancellable = g_cancellable_new ();
  return g_object_ref (self->exec_cancellable);
}

static void bn_credentials_exec_cb (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data);

static void
start_exec_run (BnCredentials *self,
                GCancellable  *run_cancellable)
{
  bn_exec_plugin_run_async (self->exec_plugin, run_cancellable,
                            bn_credentials_exec_cb, g_object_ref (self));
}

/* What was issued and until when; never the credential itself. */
static void
log_exec_credential (BnCredentials    *self,
                     BnExecCredential *credential)
{
  g_autofree char *expiry = NULL;

  if (credential->expiry != NULL)
    expiry = g_date_time_format_iso8601 (credential->expiry);

  g_debug ("The credential plugin “%s” issued a %s, %s%s", bn_exec_plugin_get_command (self->exec_plugin),
           credential->token != NULL ? "token" : "client certificate",
           expiry != NULL ? "valid until " : "valid until a 401", expiry != NULL ? expiry : "");
}

static void
bn_credentials_exec_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(BnCredentials) self = user_data;
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GCancellable) restart = NULL;
  g_autoptr(GError) error = NULL;
  BnExecCredential *credential;

  credential = bn_exec_plugin_run_finish (BN_EXEC_PLUGIN (object), result, &error);

  g_mutex_lock (&self->mutex);
  g_clear_object (&self->exec_cancellable);
  /* Stopped because every caller gave up, but someone new came meanwhile: run it for them. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->exec_waiters->len > 0)
    restart = begin_exec_run_locked (self);
  g_mutex_unlock (&self->mutex);

  if (restart != NULL)
    {
      start_exec_run (self, restart);
      return;
    }

  g_mutex_lock (&self->mutex);
  if (credential != NULL)
    {
      log_exec_credential (self, credential);
      g_clear_pointer (&self->exec_credential, bn_exec_credential_free);
      self->exec_credential = credential;
      self->generation++;
    }
  waiters = g_steal_pointer (&self->exec_waiters);
  self->exec_waiters = g_ptr_array_new_with_free_func (waiter_release);
  g_mutex_unlock (&self->mutex);

  /* Errors are not cached: the next request runs the plugin again. */
  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiters, i);

      if (waiter->cancelled_id != 0)
        g_cancellable_disconnect (g_task_get_cancellable (waiter->task), waiter->cancelled_id);

      if (error != NULL)
        g_task_return_error (waiter->task, g_error_copy (error));
      else
        complete_apply (self, waiter->task);
    }
}

static void
wait_for_exec (BnCredentials *self,
               GTask         *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  Waiter *waiter = g_rc_box_new0 (Waiter);
  g_autoptr(GCancellable) run_cancellable = NULL;

  waiter->task = g_object_ref (task);

  g_mutex_lock (&self->mutex);
  if (exec_credential_is_fresh_locked (self))
    {
      g_mutex_unlock (&self->mutex);
      waiter_release (waiter);
      complete_apply (self, task);
      return;
    }
  g_ptr_array_add (self->exec_waiters, waiter);
  if (self->exec_cancellable == NULL)
    run_cancellable = begin_exec_run_locked (self);
  g_mutex_unlock (&self->mutex);

  /* Connected after adding: if the cancellable is already cancelled, the handler runs now and
   * takes the waiter back out. The run itself is shared: it stops only when every caller has
   * given up. */
  if (cancellable != NULL)
    {
      /* Our own reference: when the handler runs right away, it drops the other two. */
      g_rc_box_acquire (waiter);
      waiter->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_waiter_cancelled),
                                                    g_rc_box_acquire (waiter), waiter_release);
      waiter_release (waiter);
    }

  if (run_cancellable != NULL)
    start_exec_run (self, run_cancellable);
}

/**
 * bn_credentials_apply_async:
 * @self: a #BnCredentials
 * @msg: a request that has not been sent yet
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Puts the credentials on @msg: the Authorization header (Bearer or Basic), the impersonation
 * headers, and the client certificate (soup_message_set_tls_client_certificate()). An exec
 * plugin runs first when its cached credential is missing or expired; concurrent calls share
 * one run. Never blocks the caller's main loop on the plugin.
 */
void
bn_credentials_apply_async (BnCredentials       *self,
                            SoupMessage         *msg,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BN_IS_CREDENTIALS (self));
  g_return_if_fail (SOUP_IS_MESSAGE (msg));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bn_credentials_apply_async);
  g_task_set_task_data (task, g_object_ref (msg), g_object_unref);

  if (self->bearer_source == BEARER_EXEC)
    wait_for_exec (self, task);
  else
    complete_apply (self, task);
}

/**
 * bn_credentials_apply_finish:
 * @self: a #BnCredentials
 * @result: the result given to the callback
 * @error: return location for a %BN_KUBE_ERROR_CREDENTIALS error
 *
 * Returns: %TRUE when the message carries the credentials
 */
gboolean
bn_credentials_apply_finish (BnCredentials  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (BN_IS_CREDENTIALS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * bn_credentials_check:
 * @self: a #BnCredentials
 * @error: return location for a %BN_KUBE_ERROR_CREDENTIALS error
 *
 * Checks, without running an exec plugin or touching the network, what can be checked now:
 * removed auth-providers, unreadable token files, client certificates that do not load.
 *
 * Returns: %TRUE when nothing is wrong yet
 */
gboolean
bn_credentials_check (BnCredentials  *self,
                      GError        **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) local_error = NULL;
  char *authorization = NULL;
  gboolean ok;

  g_return_val_if_fail (BN_IS_CREDENTIALS (self), FALSE);

  g_mutex_lock (&self->mutex);
  ok = compute_authorization_locked (self, &authorization, &local_error);
  if (ok)
    certificate = dup_client_certificate_locked (self, &local_error);
  g_mutex_unlock (&self->mutex);
  clear_secret (&authorization);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/**
 * bn_credentials_dup_client_certificate:
 * @self: a #BnCredentials
 * @error: return location for a %BN_KUBE_ERROR_CREDENTIALS error
 *
 * The client certificate with its private key, from files or data, loaded once (again after
 * bn_credentials_invalidate()). For an exec plugin, the certificate of its last run.
 *
 * Returns: (transfer full) (nullable): the certificate, or %NULL when there is none (with
 *   @error unset) or it cannot be loaded (with @error set)
 */
GTlsCertificate *
bn_credentials_dup_client_certificate (BnCredentials  *self,
                                       GError        **error)
{
  GTlsCertificate *certificate;

  g_return_val_if_fail (BN_IS_CREDENTIALS (self), NULL);

  g_mutex_lock (&self->mutex);
  certificate = dup_client_certificate_locked (self, error);
  g_mutex_unlock (&self->mutex);
  return certificate;
}

/**
 * bn_credentials_dup_bearer_token:
 * @self: a #BnCredentials
 *
 * The bearer token the last request carried, for showing who the user is (see BnJwt). Runs
 * nothing: for an exec plugin, %NULL until it has run. A secret: never log it.
 *
 * Returns: (transfer full) (nullable): the token
 */
char *
bn_credentials_dup_bearer_token (BnCredentials *self)
{
  char *token;

  g_return_val_if_fail (BN_IS_CREDENTIALS (self), NULL);

  g_mutex_lock (&self->mutex);
  if (self->bearer_source == BEARER_TOKEN_FILE && self->file_token == NULL)
    refresh_token_file_locked (self, NULL);
  token = g_strdup (peek_bearer_token_locked (self));
  g_mutex_unlock (&self->mutex);
  return token;
}

/**
 * bn_credentials_invalidate:
 * @self: a #BnCredentials
 * @rejected: (nullable): the request the server answered with 401
 *
 * Forgets what may have gone stale: the exec plugin's credential (the next request runs the
 * plugin again), the token file's contents (read again) and the loaded client certificate.
 * When @rejected was sent before the last refresh, someone already refreshed: nothing is
 * forgotten, so many requests failing at once run the plugin only once.
 *
 * Returns: %TRUE when retrying the request may succeed with new credentials
 */
gboolean
bn_credentials_invalidate (BnCredentials *self,
                           SoupMessage   *rejected)
{
  gboolean refreshable;

  g_return_val_if_fail (BN_IS_CREDENTIALS (self), FALSE);
  g_return_val_if_fail (!rejected || SOUP_IS_MESSAGE (rejected), FALSE);

  g_mutex_lock (&self->mutex);
  if (rejected != NULL
      && g_object_get_data (G_OBJECT (rejected), GENERATION_KEY) != NULL
      && GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (rejected), GENERATION_KEY)) != self->generation)
    {
      g_mutex_unlock (&self->mutex);
      return TRUE;
    }

  refreshable = self->bearer_source == BEARER_EXEC || self->bearer_source == BEARER_TOKEN_FILE;
  g_clear_pointer (&self->exec_credential, bn_exec_credential_free);
  self->file_stamp_valid = FALSE;
  g_clear_object (&self->client_certificate);
  self->generation++;
  g_mutex_unlock (&self->mutex);

  return refreshable;
}
