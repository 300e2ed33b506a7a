/* bn-hand-added-clusters.c: clusters added by hand, in GSettings, their tokens in the keyring
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-hand-added-clusters.h"
#include "bn-kube-error.h"

/*
 * The GSettings key "hand-added-clusters" (aa{sv}) holds one dictionary per cluster: id, name,
 * server, certificate-authority, certificate-authority-data (PEM text), tls-server-name and
 * insecure-skip-tls-verify. Tokens never go there: they are in the keyring under the cluster's
 * id and server. Changing the keyring comes first, so a cluster is never listed with a token
 * that was not stored.
 */
#define SETTINGS_KEY "hand-added-clusters"

struct _BnHandAddedClusters
{
  GObject    parent_instance;

  GSettings *settings;
  BnKeyring *keyring;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BnHandAddedClusters, bn_hand_added_clusters, G_TYPE_OBJECT)

/* What an update or an add carries from one step to the next. */
typedef struct
{
  char     *id;
  GVariant *entry;
  char     *token;
  char     *old_server;
} ChangeData;

static void
change_data_free (ChangeData *data)
{
  g_free (data->id);
  g_clear_pointer (&data->entry, g_variant_unref);
  if (data->token != NULL)
    explicit_bzero (data->token, strlen (data->token));
  g_free (data->token);
  g_free (data->old_server);
  g_free (data);
}

static void
on_settings_changed (BnHandAddedClusters *self,
                     const char          *key,
                     GSettings           *settings)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
bn_hand_added_clusters_finalize (GObject *object)
{
  BnHandAddedClusters *self = (BnHandAddedClusters *)object;

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_func (self->settings, on_settings_changed, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->keyring);

  G_OBJECT_CLASS (bn_hand_added_clusters_parent_class)->finalize (object);
}

static void
bn_hand_added_clusters_class_init (BnHandAddedClustersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bn_hand_added_clusters_finalize;

  /**
   * BnHandAddedClusters::changed:
   *
   * The list of hand-added clusters or one of them changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bn_hand_added_clusters_init (BnHandAddedClusters *self)
{
}

/**
 * bn_hand_added_clusters_new:
 * @settings: the application's settings (schema dev.binnacle.Binnacle)
 * @keyring: where the tokens are
 *
 * Returns: (transfer full): the store of hand-added clusters
 */
BnHandAddedClusters *
bn_hand_added_clusters_new (GSettings *settings,
                            BnKeyring *keyring)
{
  BnHandAddedClusters *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (BN_IS_KEYRING (keyring), NULL);

  self = g_object_new (BN_TYPE_HAND_ADDED_CLUSTERS, NULL);
  self->settings = g_object_ref (settings);
  self->keyring = g_object_ref (keyring);
  g_signal_connect_object (settings, "changed::" SETTINGS_KEY, G_CALLBACK (on_settings_changed),
                           self, G_CONNECT_SWAPPED);
  return self;
}

/* Entries */

static char *
entry_dup_string (GVariant   *entry,
                  const char *key)
{
  char *value = NULL;

  if (!g_variant_lookup (entry, key, "s", &value))
    return NULL;
  if (value[0] == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

static GVariant *
find_entry (BnHandAddedClusters *self,
            const char          *id)
{
  g_autoptr(GVariant) entries = g_settings_get_value (self->settings, SETTINGS_KEY);
  GVariantIter iter;
  GVariant *entry;

  g_variant_iter_init (&iter, entries);
  while ((entry = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autofree char *entry_id = entry_dup_string (entry, "id");

      if (g_strcmp0 (entry_id, id) == 0)
        return entry;
      g_variant_unref (entry);
    }
  return NULL;
}

static GVariant *
entry_from_cluster_info (const char    *id,
                         BnClusterInfo *cluster)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&dict, "id", "s", id);
  g_variant_dict_insert (&dict, "name", "s", cluster->name != NULL ? cluster->name : "");
  g_variant_dict_insert (&dict, "server", "s", cluster->server);
  if (cluster->certificate_authority != NULL)
    g_variant_dict_insert (&dict, "certificate-authority", "s", cluster->certificate_authority);
  if (cluster->certificate_authority_data != NULL)
    {
      gsize size;
      const char *data = g_bytes_get_data (cluster->certificate_authority_data, &size);
      g_autofree char *pem = g_strndup (data, size);

      g_variant_dict_insert (&dict, "certificate-authority-data", "s", pem);
    }
  if (cluster->tls_server_name != NULL)
    g_variant_dict_insert (&dict, "tls-server-name", "s", cluster->tls_server_name);
  g_variant_dict_insert (&dict, "insecure-skip-tls-verify", "b", cluster->insecure_skip_tls_verify);

  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

static BnClusterInfo *
cluster_info_from_entry (GVariant *entry)
{
  BnClusterInfo *cluster = bn_cluster_info_new ();
  g_autofree char *ca_data = entry_dup_string (entry, "certificate-authority-data");
  gboolean insecure = FALSE;

  cluster->name = entry_dup_string (entry, "name");
  cluster->server = entry_dup_string (entry, "server");
  cluster->certificate_authority = entry_dup_string (entry, "certificate-authority");
  cluster->tls_server_name = entry_dup_string (entry, "tls-server-name");
  if (g_variant_lookup (entry, "insecure-skip-tls-verify", "b", &insecure))
    cluster->insecure_skip_tls_verify = insecure;
  if (ca_data != NULL)
    cluster->certificate_authority_data = g_bytes_new (ca_data, strlen (ca_data));
  if (cluster->name == NULL)
    cluster->name = g_strdup (cluster->server);
  return cluster;
}

/* Replaces the entry of @id with @entry, appends it, or removes it when @entry is %NULL. */
static void
put_entry (BnHandAddedClusters *self,
           const char          *id,
           GVariant            *entry)
{
  g_autoptr(GVariant) entries = g_settings_get_value (self->settings, SETTINGS_KEY);
  g_autoptr(GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE ("aa{sv}"));
  gboolean replaced = FALSE;
  GVariantIter iter;
  GVariant *existing;

  g_variant_iter_init (&iter, entries);
  while ((existing = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autofree char *existing_id = entry_dup_string (existing, "id");

      if (g_strcmp0 (existing_id, id) != 0)
        g_variant_builder_add_value (builder, existing);
      else if (entry != NULL && !replaced)
        {
          g_variant_builder_add_value (builder, entry);
          replaced = TRUE;
        }
      g_variant_unref (existing);
    }

  if (entry != NULL && !replaced)
    g_variant_builder_add_value (builder, entry);

  g_settings_set_value (self->settings, SETTINGS_KEY, g_variant_builder_end (builder));
}

static gboolean
validate_cluster (BnClusterInfo  *cluster,
                  GError        **error)
{
  g_autoptr(GUri) uri = NULL;

  if (cluster->server != NULL)
    uri = g_uri_parse (cluster->server, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0'
      || (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG,
                   "“%s” is not a server URL such as https://203.0.113.10:6443",
                   cluster->server != NULL ? cluster->server : "");
      return FALSE;
    }
  return TRUE;
}

static void
return_no_such_cluster (GTask      *task,
                        const char *id)
{
  g_task_return_new_error (task, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG,
                           "No hand-added cluster has the id “%s”", id);
}

/**
 * bn_hand_added_clusters_dup_ids:
 * @self: a #BnHandAddedClusters
 *
 * Returns: (transfer full): the ids of the hand-added clusters, in the order they were added
 */
GStrv
bn_hand_added_clusters_dup_ids (BnHandAddedClusters *self)
{
  g_autoptr(GVariant) entries = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GVariantIter iter;
  GVariant *entry;

  g_return_val_if_fail (BN_IS_HAND_ADDED_CLUSTERS (self), NULL);

  entries = g_settings_get_value (self->settings, SETTINGS_KEY);
  g_variant_iter_init (&iter, entries);
  while ((entry = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autofree char *id = entry_dup_string (entry, "id");
      g_autofree char *server = entry_dup_string (entry, "server");

      /* An entry without them was not written by us: there is nothing to connect to. */
      if (id != NULL && server != NULL)
        g_strv_builder_add (builder, id);
      g_variant_unref (entry);
    }
  return g_strv_builder_end (builder);
}

/**
 * bn_hand_added_clusters_dup_cluster_info:
 * @self: a #BnHandAddedClusters
 * @id: a cluster id
 *
 * Returns: (transfer full) (nullable): the cluster, or %NULL when there is none with @id
 */
BnClusterInfo *
bn_hand_added_clusters_dup_cluster_info (BnHandAddedClusters *self,
                                         const char          *id)
{
  g_autoptr(GVariant) entry = NULL;

  g_return_val_if_fail (BN_IS_HAND_ADDED_CLUSTERS (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  entry = find_entry (self, id);
  return entry != NULL ? cluster_info_from_entry (entry) : NULL;
}

/* Add */

static void
bn_hand_added_clusters_stored_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BnHandAddedClusters *self = g_task_get_source_object (task);
  ChangeData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!bn_keyring_store_finish (BN_KEYRING (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  put_entry (self, data->id, data->entry);
  g_task_return_pointer (task, g_strdup (data->id), g_free);
}

/**
 * bn_hand_added_clusters_add_async:
 * @self: a #BnHandAddedClusters
 * @cluster: the cluster: name, server, CA file or data, tls-server-name, skip-verify flag
 * @token: its bearer token, which goes to the keyring only
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Stores the token in the keyring, then adds the cluster under a new id.
 */
void
bn_hand_added_clusters_add_async (BnHandAddedClusters *self,
                                  BnClusterInfo       *cluster,
                                  const char          *token,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  ChangeData *data;

  g_return_if_fail (BN_IS_HAND_ADDED_CLUSTERS (self));
  g_return_if_fail (cluster != NULL);
  g_return_if_fail (token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bn_hand_added_clusters_add_async);

  if (!validate_cluster (cluster, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (ChangeData, 1);
  data->id = g_uuid_string_random ();
  data->entry = entry_from_cluster_info (data->id, cluster);
  g_task_set_task_data (task, data, (GDestroyNotify)change_data_free);

  bn_keyring_store_async (self->keyring, data->id, cluster->server, token, cancellable,
                          bn_hand_added_clusters_stored_cb, g_steal_pointer (&task));
}

/**
 * bn_hand_added_clusters_add_finish:
 * @self: a #BnHandAddedClusters
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full): the new cluster's id, or %NULL with @error set
 */
char *
bn_hand_added_clusters_add_finish (BnHandAddedClusters  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (BN_IS_HAND_ADDED_CLUSTERS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Update */

static void
bn_hand_added_clusters_replaced_cb (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BnHandAddedClusters *self = g_task_get_source_object (task);
  ChangeData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!bn_keyring_replace_finish (BN_KEYRING (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  put_entry (self, data->id, data->entry);
  g_task_return_boolean (task, TRUE);
}

static void
replace_token (BnHandAddedClusters *self,
               GTask               *task)
{
  ChangeData *data = g_task_get_task_data (task);
  g_autofree char *server = entry_dup_string (data->entry, "server");

  bn_keyring_replace_async (self->keyring, data->id, server, data->token, g_task_get_cancellable (task),
                            bn_hand_added_clusters_replaced_cb, task);
}

/* The server moved without a new token: carry the old token over to the new server. */
static void
bn_hand_added_clusters_old_token_cb (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BnHandAddedClusters *self = g_task_get_source_object (task);
  ChangeData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->token = bn_keyring_lookup_finish (BN_KEYRING (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (data->token == NULL)
    {
      put_entry (self, data->id, data->entry);
      g_task_return_boolean (task, TRUE);
      return;
    }

  replace_token (self, g_steal_pointer (&task));
}

/**
 * bn_hand_added_clusters_update_async:
 * @self: a #BnHandAddedClusters
 * @id: the cluster's id
 * @cluster: its new settings
 * @token: (nullable): a new token, or %NULL to keep the stored one
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Changes a hand-added cluster. When its server changes, its token moves with it.
 */
void
bn_hand_added_clusters_update_async (BnHandAddedClusters *self,
                                     const char          *id,
                                     BnClusterInfo       *cluster,
                                     const char          *token,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GVariant) old_entry = NULL;
  GError *error = NULL;
  ChangeData *data;

  g_return_if_fail (BN_IS_HAND_ADDED_CLUSTERS (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (cluster != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bn_hand_added_clusters_update_async);

  old_entry = find_entry (self, id);
  if (old_entry == NULL)
    {
      return_no_such_cluster (task, id);
      return;
    }
  if (!validate_cluster (cluster, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (ChangeData, 1);
  data->id = g_strdup (id);
  data->entry = entry_from_cluster_info (id, cluster);
  data->token = g_strdup (token);
  data->old_server = entry_dup_string (old_entry, "server");
  g_task_set_task_data (task, data, (GDestroyNotify)change_data_free);

  if (token != NULL)
    replace_token (self, g_steal_pointer (&task));
  else if (g_strcmp0 (data->old_server, cluster->server) != 0 && data->old_server != NULL)
    bn_keyring_lookup_async (self->keyring, id, data->old_server, cancellable,
                             bn_hand_added_clusters_old_token_cb, g_steal_pointer (&task));
  else
    {
      put_entry (self, id, data->entry);
      g_task_return_boolean (task, TRUE);
    }
}

/**
 * bn_hand_added_clusters_update_finish:
 * @self: a #BnHandAddedClusters
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when the cluster was changed
 */
gboolean
bn_hand_added_clusters_update_finish (BnHandAddedClusters  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  g_return_val_if_fail (BN_IS_HAND_ADDED_CLUSTERS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Remove */

static void
bn_hand_added_clusters_deleted_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BnHandAddedClusters *self = g_task_get_source_object (task);
  const char *id = g_task_get_task_data (task);
  GError *error = NULL;

  /* FALSE without an error: there was no token, which is fine. */
  bn_keyring_delete_finish (BN_KEYRING (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  put_entry (self, id, NULL);
  g_task_return_boolean (task, TRUE);
}

/**
 * bn_hand_added_clusters_remove_async:
 * @self: a #BnHandAddedClusters
 * @id: the cluster's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Deletes the cluster's token from the keyring, then the cluster.
 */
void
bn_hand_added_clusters_remove_async (BnHandAddedClusters *self,
                                     const char          *id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GVariant) entry = NULL;

  g_return_if_fail (BN_IS_HAND_ADDED_CLUSTERS (self));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bn_hand_added_clusters_remove_async);
  g_task_set_task_data (task, g_strdup (id), g_free);

  entry = find_entry (self, id);
  if (entry == NULL)
    {
      return_no_such_cluster (task, id);
      return;
    }

  bn_keyring_delete_async (self->keyring, id, cancellable, bn_hand_added_clusters_deleted_cb,
                           g_steal_pointer (&task));
}

/**
 * bn_hand_added_clusters_remove_finish:
 * @self: a #BnHandAddedClusters
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when the cluster is gone
 */
gboolean
bn_hand_added_clusters_remove_finish (BnHandAddedClusters  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  g_return_val_if_fail (BN_IS_HAND_ADDED_CLUSTERS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Credentials */

static void
bn_hand_added_clusters_token_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GVariant *entry = g_task_get_task_data (task);
  g_autoptr(BnAuthInfo) auth = NULL;
  g_autofree char *name = NULL;
  GError *error = NULL;
  char *token;

  token = bn_keyring_lookup_finish (BN_KEYRING (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  name = entry_dup_string (entry, "name");
  if (token == NULL)
    {
      g_task_return_new_error (task, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                               "The keyring holds no token for “%s”: enter it again",
                               name != NULL ? name : "");
      return;
    }

  auth = bn_auth_info_new ();
  auth->name = g_steal_pointer (&name);
  auth->token = token;
  g_task_return_pointer (task, g_steal_pointer (&auth), (GDestroyNotify)bn_auth_info_unref);
}

/**
 * bn_hand_added_clusters_dup_auth_info_async:
 * @self: a #BnHandAddedClusters
 * @id: the cluster's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Reads the cluster's token from the keyring, as the user of that cluster. Pass it with the
 * cluster to bn_credentials_new_from_keyring().
 */
void
bn_hand_added_clusters_dup_auth_info_async (BnHandAddedClusters *self,
                                            const char          *id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GVariant) entry = NULL;
  g_autofree char *server = NULL;

  g_return_if_fail (BN_IS_HAND_ADDED_CLUSTERS (self));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bn_hand_added_clusters_dup_auth_info_async);

  entry = find_entry (self, id);
  server = entry != NULL ? entry_dup_string (entry, "server") : NULL;
  if (server == NULL)
    {
      return_no_such_cluster (task, id);
      return;
    }

  g_task_set_task_data (task, g_variant_ref (entry), (GDestroyNotify)g_variant_unref);
  bn_keyring_lookup_async (self->keyring, id, server, cancellable, bn_hand_added_clusters_token_cb,
                           g_steal_pointer (&task));
}

/**
 * bn_hand_added_clusters_dup_auth_info_finish:
 * @self: a #BnHandAddedClusters
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full): the user, holding the token, or %NULL with @error set
 */
BnAuthInfo *
bn_hand_added_clusters_dup_auth_info_finish (BnHandAddedClusters  *self,
                                             GAsyncResult         *result,
                                             GError              **error)
{
  g_return_val_if_fail (BN_IS_HAND_ADDED_CLUSTERS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
