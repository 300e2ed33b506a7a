/* bn-cluster-entry.c: one cluster as Binnacle lists it, as plain data
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-cluster-entry.h"

#define KEYRING_SOURCE "keyring"

G_DEFINE_BOXED_TYPE (BnClusterEntry, bn_cluster_entry, bn_cluster_entry_ref, bn_cluster_entry_unref)

/**
 * bn_cluster_entry_new:
 *
 * Returns: (transfer full): an empty entry, namespace "default", no problems
 */
BnClusterEntry *
bn_cluster_entry_new (void)
{
  BnClusterEntry *self = g_new0 (BnClusterEntry, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->namespace = g_strdup ("default");
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_kubeconfig_problem_free);
  return self;
}

BnClusterEntry *
bn_cluster_entry_ref (BnClusterEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
bn_cluster_entry_unref (BnClusterEntry *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->id);
  g_free (self->context_name);
  g_free (self->cluster_name);
  g_free (self->user_name);
  g_free (self->server);
  g_free (self->namespace);
  g_free (self->source);
  g_free (self->auth_detail);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->cluster, bn_cluster_info_unref);
  g_clear_pointer (&self->user, bn_auth_info_unref);
  g_free (self);
}

/**
 * bn_cluster_entry_has_errors:
 * @self: a #BnClusterEntry
 *
 * Returns: %TRUE when one of its problems stops kubectl from using it
 */
gboolean
bn_cluster_entry_has_errors (BnClusterEntry *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->problems->len; i++)
    {
      BnKubeconfigProblem *problem = g_ptr_array_index (self->problems, i);
      if (problem->is_error)
        return TRUE;
    }
  return FALSE;
}

/**
 * bn_cluster_entry_compute_id:
 * @source: the absolute path of the kubeconfig that defines the context, or "keyring"
 * @name: the context's name (or the hand-added cluster's name)
 *
 * The id GSettings and the UI key a cluster's settings on. It only depends on where the
 * cluster is defined and what it is called, so it survives restarts and edits of the
 * cluster's other fields.
 *
 * Returns: (transfer full): 32 lowercase hex digits
 */
char *
bn_cluster_entry_compute_id (const char *source,
                             const char *name)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  char *id;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  /* The NUL keeps ("a/b", "c") apart from ("a", "b/c")-like neighbours. */
  g_checksum_update (checksum, (const guchar *) source, strlen (source) + 1);
  g_checksum_update (checksum, (const guchar *) name, strlen (name));

  id = g_strdup (g_checksum_get_string (checksum));
  id[32] = '\0';
  return id;
}

/**
 * bn_auth_kind_for_user:
 * @user: (nullable): a user
 *
 * Returns: the ways @user authenticates
 */
BnAuthKind
bn_auth_kind_for_user (BnAuthInfo *user)
{
  BnAuthKind kind = BN_AUTH_KIND_NONE;

  if (user == NULL)
    return kind;

  if (user->token != NULL)
    kind |= BN_AUTH_KIND_TOKEN;
  if (user->token_file != NULL)
    kind |= BN_AUTH_KIND_TOKEN_FILE;
  if (user->username != NULL || user->password != NULL)
    kind |= BN_AUTH_KIND_BASIC;
  if (user->client_certificate != NULL || user->client_certificate_data != NULL)
    kind |= BN_AUTH_KIND_CLIENT_CERTIFICATE;
  if (user->exec != NULL)
    kind |= BN_AUTH_KIND_EXEC;
  if (user->auth_provider_name != NULL)
    kind |= BN_AUTH_KIND_AUTH_PROVIDER;

  return kind;
}

/**
 * bn_auth_kind_to_string:
 * @kind: auth kinds
 *
 * Returns: (transfer full): e.g. "token", "client-certificate+token" or "none"
 */
char *
bn_auth_kind_to_string (BnAuthKind kind)
{
  static const struct { BnAuthKind kind; const char *name; } names[] = {
    { BN_AUTH_KIND_CLIENT_CERTIFICATE, "client-certificate" },
    { BN_AUTH_KIND_TOKEN, "token" },
    { BN_AUTH_KIND_TOKEN_FILE, "token-file" },
    { BN_AUTH_KIND_BASIC, "basic" },
    { BN_AUTH_KIND_EXEC, "exec" },
    { BN_AUTH_KIND_AUTH_PROVIDER, "auth-provider" },
    { BN_AUTH_KIND_KEYRING, "keyring" },
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if ((kind & names[i].kind) == 0)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '+');
      g_string_append (text, names[i].name);
    }

  if (text->len == 0)
    g_string_append (text, "none");

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe_auth_detail (BnAuthInfo *user)
{
  if (user == NULL)
    return NULL;
  if (user->exec != NULL && user->exec->command != NULL)
    return g_path_get_basename (user->exec->command);
  if (user->auth_provider_name != NULL)
    return g_strdup (user->auth_provider_name);
  return NULL;
}

/**
 * bn_cluster_entry_new_hand_added:
 * @cluster: a cluster added by hand, whose token lives in the keyring
 *
 * Returns: (transfer full): its entry, with the id bn_cluster_entry_compute_id() gives for
 *   ("keyring", @cluster's name)
 */
BnClusterEntry *
bn_cluster_entry_new_hand_added (BnClusterInfo *cluster)
{
  BnClusterEntry *self;
  const char *name;

  g_return_val_if_fail (cluster != NULL, NULL);

  name = cluster->name != NULL ? cluster->name : "";
  self = bn_cluster_entry_new ();
  self->id = bn_cluster_entry_compute_id (KEYRING_SOURCE, name);
  self->context_name = g_strdup (name);
  self->cluster_name = g_strdup (name);
  self->server = g_strdup (cluster->server);
  self->source = g_strdup (KEYRING_SOURCE);
  self->from_keyring = TRUE;
  self->auth_kind = BN_AUTH_KIND_KEYRING;
  self->cluster = bn_cluster_info_ref (cluster);
  return self;
}

static BnClusterEntry *
entry_for_context (BnKubeconfig *config,
                   const char   *name)
{
  BnKubeContext *context = bn_kubeconfig_lookup_context (config, name);
  BnClusterEntry *self = bn_cluster_entry_new ();
  BnClusterInfo *cluster = NULL;
  BnAuthInfo *user = NULL;

  if (context->cluster != NULL)
    cluster = bn_kubeconfig_lookup_cluster (config, context->cluster);
  if (context->user != NULL)
    user = bn_kubeconfig_lookup_user (config, context->user);

  self->id = bn_cluster_entry_compute_id (context->source, context->name);
  self->context_name = g_strdup (context->name);
  self->cluster_name = g_strdup (context->cluster);
  self->user_name = g_strdup (context->user);
  self->source = g_strdup (context->source);
  if (context->namespace != NULL)
    {
      g_free (self->namespace);
      self->namespace = g_strdup (context->namespace);
    }
  self->is_current = g_strcmp0 (bn_kubeconfig_get_current_context (config), context->name) == 0;
  self->auth_kind = bn_auth_kind_for_user (user);
  self->auth_detail = describe_auth_detail (user);
  g_ptr_array_unref (self->problems);
  self->problems = bn_kubeconfig_dup_problems (config, context->name);

  if (cluster != NULL)
    {
      self->cluster = bn_cluster_info_ref (cluster);
      self->server = g_strdup (cluster->server);
    }
  if (user != NULL)
    self->user = bn_auth_info_ref (user);

  return self;
}

/**
 * bn_cluster_entries_from_kubeconfig:
 * @config: a #BnKubeconfig
 *
 * One entry per context, sorted by context name as kubectl sorts them. Checks each
 * context's problems (which reads whether its files exist); contacts no server.
 *
 * Returns: (transfer full) (element-type BnClusterEntry): the entries
 */
GPtrArray *
bn_cluster_entries_from_kubeconfig (BnKubeconfig *config)
{
  g_auto(GStrv) names = NULL;
  GPtrArray *entries;

  g_return_val_if_fail (BN_IS_KUBECONFIG (config), NULL);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_cluster_entry_unref);
  names = bn_kubeconfig_dup_context_names (config);
  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (entries, entry_for_context (config, names[i]));

  return entries;
}
