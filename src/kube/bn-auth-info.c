/* bn-auth-info.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-auth-info.h"

G_DEFINE_BOXED_TYPE (BnClusterInfo, bn_cluster_info, bn_cluster_info_ref, bn_cluster_info_unref)
G_DEFINE_BOXED_TYPE (BnAuthInfo, bn_auth_info, bn_auth_info_ref, bn_auth_info_unref)

/* Secrets are overwritten before they are freed, so they do not linger in freed memory. */
static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    {
      explicit_bzero (*secret, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}

BnClusterInfo *
bn_cluster_info_new (void)
{
  BnClusterInfo *self = g_new0 (BnClusterInfo, 1);

  g_atomic_ref_count_init (&self->ref_count);
  return self;
}

BnClusterInfo *
bn_cluster_info_ref (BnClusterInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
bn_cluster_info_unref (BnClusterInfo *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->name);
  g_free (self->server);
  g_free (self->certificate_authority);
  g_clear_pointer (&self->certificate_authority_data, g_bytes_unref);
  g_free (self->tls_server_name);
  g_free (self->proxy_url);
  g_free (self->exec_extension_json);
  g_free (self);
}

BnAuthInfo *
bn_auth_info_new (void)
{
  BnAuthInfo *self = g_new0 (BnAuthInfo, 1);

  g_atomic_ref_count_init (&self->ref_count);
  return self;
}

BnAuthInfo *
bn_auth_info_ref (BnAuthInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
bn_auth_info_unref (BnAuthInfo *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->name);
  clear_secret (&self->token);
  g_free (self->token_file);
  g_free (self->username);
  clear_secret (&self->password);
  g_free (self->client_certificate);
  g_clear_pointer (&self->client_certificate_data, g_bytes_unref);
  g_free (self->client_key);
  g_clear_pointer (&self->client_key_data, g_bytes_unref);
  g_free (self->impersonate);
  g_free (self->impersonate_uid);
  g_strfreev (self->impersonate_groups);
  g_clear_pointer (&self->impersonate_extra, g_hash_table_unref);
  g_free (self->auth_provider_name);
  g_clear_pointer (&self->auth_provider_config, g_hash_table_unref);
  g_clear_pointer (&self->exec, bn_exec_config_free);
  g_free (self);
}

BnExecConfig *
bn_exec_config_new (void)
{
  return g_new0 (BnExecConfig, 1);
}

BnExecConfig *
bn_exec_config_copy (const BnExecConfig *self)
{
  BnExecConfig *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = bn_exec_config_new ();
  copy->api_version = g_strdup (self->api_version);
  copy->command = g_strdup (self->command);
  copy->args = g_strdupv (self->args);
  copy->env_names = g_strdupv (self->env_names);
  copy->env_values = g_strdupv (self->env_values);
  copy->install_hint = g_strdup (self->install_hint);
  copy->provide_cluster_info = self->provide_cluster_info;
  copy->interactive_mode = self->interactive_mode;
  return copy;
}

void
bn_exec_config_free (BnExecConfig *self)
{
  if (self == NULL)
    return;

  g_free (self->api_version);
  g_free (self->command);
  g_strfreev (self->args);
  g_strfreev (self->env_names);
  g_strfreev (self->env_values);
  g_free (self->install_hint);
  g_free (self);
}
