/* bn-keyring.c: bearer tokens of hand-added clusters, in the Secret Service
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-keyring.h"
#include "bn-kube-error.h"

/*
 * One item per hand-added cluster in the default collection, found by its cluster id and
 * server URL. Inside Flatpak, libsecret goes through the Secret portal by itself. Nothing here
 * keeps a token longer than one call, and nothing is logged.
 */
struct _BnKeyring
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (BnKeyring, bn_keyring, G_TYPE_OBJECT)

static const SecretSchema token_schema = {
  "dev.binnacle.Binnacle.Token", SECRET_SCHEMA_NONE,
  {
    { "cluster-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

typedef struct
{
  char *cluster_id;
  char *server;
  char *token;
} ReplaceData;

static void
replace_data_free (ReplaceData *data)
{
  g_free (data->cluster_id);
  g_free (data->server);
  if (data->token != NULL)
    explicit_bzero (data->token, strlen (data->token));
  g_free (data->token);
  g_free (data);
}

static void
bn_keyring_class_init (BnKeyringClass *klass)
{
}

static void
bn_keyring_init (BnKeyring *self)
{
}

/**
 * bn_keyring_get_schema:
 *
 * Returns: the schema of Binnacle's tokens: "dev.binnacle.Binnacle.Token", with the
 *   attributes "cluster-id" and "server"
 */
const SecretSchema *
bn_keyring_get_schema (void)
{
  return &token_schema;
}

/**
 * bn_keyring_new:
 *
 * Returns: (transfer full): a keyring
 */
BnKeyring *
bn_keyring_new (void)
{
  return g_object_new (BN_TYPE_KEYRING, NULL);
}

/**
 * bn_keyring_shutdown:
 *
 * Drops the connection to the Secret Service; call it once at exit, after the last keyring
 * call has completed.
 */
void
bn_keyring_shutdown (void)
{
  secret_service_disconnect ();
}

static gboolean
means_no_keyring (const GError *error)
{
  return error->domain == G_IO_ERROR
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_EXEC_FAILED)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_FAILED)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_CHILD_EXITED)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND);
}

/* Takes @error. Cancellation stays what it is, so callers can tell it from a failure. */
static GError *
translate_error (GError *error)
{
  GError *translated;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  if (means_no_keyring (error))
    translated = g_error_new (BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                              "No keyring is available: %s", error->message);
  else if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT))
    translated = g_error_new (BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                              "The keyring is locked or has no default collection: %s", error->message);
  else
    translated = g_error_new (BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                              "The keyring refused the request: %s", error->message);

  g_error_free (error);
  return translated;
}

static char *
make_label (const char *server)
{
  return g_strdup_printf ("Binnacle token for %s", server);
}

/* Store */

static void
bn_keyring_store_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, translate_error (error));
}

static void
store_token (const char          *cluster_id,
             const char          *server,
             const char          *token,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             GTask               *task)
{
  g_autofree char *label = make_label (server);

  secret_password_store (&token_schema, SECRET_COLLECTION_DEFAULT, label, token, cancellable,
                         callback, task,
                         "cluster-id", cluster_id,
                         "server", server,
                         NULL);
}

/**
 * bn_keyring_store_async:
 * @self: a #BnKeyring
 * @cluster_id: the hand-added cluster's id
 * @server: its server URL
 * @token: the bearer token
 * @cancellable: (nullable): a #GCancellable; a locked keyring may wait for the user
 * @callback: called on the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Stores @token for (@cluster_id, @server), replacing a token stored for the same pair.
 */
void
bn_keyring_store_async (BnKeyring           *self,
                        const char          *cluster_id,
                        const char          *server,
                        const char          *token,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BN_IS_KEYRING (self));
  g_return_if_fail (cluster_id != NULL);
  g_return_if_fail (server != NULL);
  g_return_if_fail (token != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bn_keyring_store_async);
  store_token (cluster_id, server, token, cancellable, bn_keyring_store_cb, g_steal_pointer (&task));
}

/**
 * bn_keyring_store_finish:
 * @self: a #BnKeyring
 * @result: the result given to the callback
 * @error: return location for an error; "No keyring is available: …" when there is no
 *   Secret Service
 *
 * Returns: %TRUE when the token is stored
 */
gboolean
bn_keyring_store_finish (BnKeyring     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (BN_IS_KEYRING (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Lookup */

/* A search that loads secrets, rather than secret_password_lookup(): the lookup path of
 * libsecret 0.20.5 leaks the D-Bus reply of every token it finds. */
static void
bn_keyring_lookup_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autolist(SecretItem) items = NULL;
  g_autoptr(SecretValue) value = NULL;
  GError *error = NULL;

  items = secret_service_search_finish (NULL, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, translate_error (error));
      return;
    }

  if (items != NULL)
    value = secret_item_get_secret (items->data);

  if (value == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  if (secret_value_get_text (value) == NULL)
    {
      g_task_return_new_error (task, BN_KUBE_ERROR, BN_KUBE_ERROR_CREDENTIALS,
                               "The keyring holds something for this cluster that is not a token");
      return;
    }

  /* The SecretValue wipes its own copy when it goes; ours goes to the caller. */
  g_task_return_pointer (task, g_strdup (secret_value_get_text (value)), g_free);
}

/**
 * bn_keyring_lookup_async:
 * @self: a #BnKeyring
 * @cluster_id: the hand-added cluster's id
 * @server: its server URL
 * @cancellable: (nullable): a #GCancellable; a locked keyring may wait for the user
 * @callback: called on the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Looks up the token stored for (@cluster_id, @server).
 */
void
bn_keyring_lookup_async (BnKeyring           *self,
                         const char          *cluster_id,
                         const char          *server,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (BN_IS_KEYRING (self));
  g_return_if_fail (cluster_id != NULL);
  g_return_if_fail (server != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bn_keyring_lookup_async);
  attributes = secret_attributes_build (&token_schema,
                                        "cluster-id", cluster_id,
                                        "server", server,
                                        NULL);
  secret_service_search (NULL, &token_schema, attributes,
                         SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                         cancellable, bn_keyring_lookup_cb, g_steal_pointer (&task));
}

/**
 * bn_keyring_lookup_finish:
 * @self: a #BnKeyring
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the token (a secret: wipe it and never log it), or
 *   %NULL with @error unset when the keyring holds none for the cluster
 */
char *
bn_keyring_lookup_finish (BnKeyring     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (BN_IS_KEYRING (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Replace */

static void
bn_keyring_replace_cleared_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReplaceData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, translate_error (error));
      return;
    }

  /* The task keeps data and cancellable alive until the store completes. */
  store_token (data->cluster_id, data->server, data->token, cancellable,
               bn_keyring_store_cb, g_steal_pointer (&task));
}

/**
 * bn_keyring_replace_async:
 * @self: a #BnKeyring
 * @cluster_id: the hand-added cluster's id
 * @server: its server URL, which may have changed
 * @token: the new bearer token
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Deletes every token of @cluster_id, whatever server it was stored for, then stores @token.
 */
void
bn_keyring_replace_async (BnKeyring           *self,
                          const char          *cluster_id,
                          const char          *server,
                          const char          *token,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReplaceData *data;

  g_return_if_fail (BN_IS_KEYRING (self));
  g_return_if_fail (cluster_id != NULL);
  g_return_if_fail (server != NULL);
  g_return_if_fail (token != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bn_keyring_replace_async);
  data = g_new0 (ReplaceData, 1);
  data->cluster_id = g_strdup (cluster_id);
  data->server = g_strdup (server);
  data->token = g_strdup (token);
  g_task_set_task_data (task, data, (GDestroyNotify)replace_data_free);

  secret_password_clear (&token_schema, cancellable, bn_keyring_replace_cleared_cb, g_steal_pointer (&task),
                         "cluster-id", cluster_id,
                         NULL);
}

/**
 * bn_keyring_replace_finish:
 * @self: a #BnKeyring
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when the new token is stored
 */
gboolean
bn_keyring_replace_finish (BnKeyring     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (BN_IS_KEYRING (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Delete */

static void
bn_keyring_delete_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean deleted = secret_password_clear_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, translate_error (error));
  else
    g_task_return_boolean (task, deleted);
}

/**
 * bn_keyring_delete_async:
 * @self: a #BnKeyring
 * @cluster_id: the hand-added cluster's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Deletes every token stored for @cluster_id.
 */
void
bn_keyring_delete_async (BnKeyring           *self,
                         const char          *cluster_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BN_IS_KEYRING (self));
  g_return_if_fail (cluster_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bn_keyring_delete_async);
  secret_password_clear (&token_schema, cancellable, bn_keyring_delete_cb, g_steal_pointer (&task),
                         "cluster-id", cluster_id,
                         NULL);
}

/**
 * bn_keyring_delete_finish:
 * @self: a #BnKeyring
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when a token was deleted; %FALSE with @error unset when there was none
 */
gboolean
bn_keyring_delete_finish (BnKeyring     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (BN_IS_KEYRING (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
