/* bn-access-review.c: what the credentials may do, and whose they are
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reviews are POSTs that change nothing, so the read-only guard lets them through. Answers
 * are cached per (verb, group, resource, namespace) until bn_access_review_forget() (the UI
 * calls it when the credentials change).
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "bn-access-review.h"
#include "bn-jwt.h"
#include "bn-kube-error.h"

#define SSAR_PATH  "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"
#define SSRR_PATH  "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews"
#define SSR_PATH   "/apis/authentication.k8s.io/v1/selfsubjectreviews"

struct _BnAccessReview
{
  GObject      parent_instance;

  BnApiClient *client;
  GHashTable  *answers;       /* key → BnAccessAnswer */
};

G_DEFINE_FINAL_TYPE (BnAccessReview, bn_access_review, G_TYPE_OBJECT)

static char *
answer_key (const char *verb,
            const char *group,
            const char *resource,
            const char *namespace_)
{
  return g_strjoin ("\x1f", verb, group ? group : "", resource, namespace_ ? namespace_ : "", NULL);
}

static GBytes *
builder_to_bytes (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  char *text = json_to_string (root, FALSE);

  return g_bytes_new_take (text, strlen (text));
}

static JsonObject *
parse_object (GBytes  *body,
              GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_RESPONSE,
                           "The server sent a review that is not an object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static JsonObject *
member_object (JsonObject *object,
               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
member_array (JsonObject *object,
              const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
array_has (JsonArray  *array,
           const char *value)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (json_node_get_value_type (node) == G_TYPE_STRING &&
          (g_str_equal (json_node_get_string (node), value) || g_str_equal (json_node_get_string (node), "*")))
        return TRUE;
    }
  return FALSE;
}

/* SelfSubjectAccessReview ***********************************************************************/

typedef struct
{
  char *key;
} CanI;

static void
can_i_free (gpointer data)
{
  CanI *can_i = data;

  g_free (can_i->key);
  g_free (can_i);
}

static void
on_ssar_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  BnAccessReview *self = g_task_get_source_object (task);
  CanI *can_i = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = bn_api_client_request_finish (BN_API_CLIENT (object), result, &error);
  g_autoptr(JsonObject) review = body ? parse_object (body, &error) : NULL;
  JsonObject *status;
  gboolean allowed;

  if (review == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = member_object (review, "status");
  allowed = status != NULL && json_object_get_boolean_member_with_default (status, "allowed", FALSE);
  g_hash_table_insert (self->answers, g_strdup (can_i->key),
                       GINT_TO_POINTER (allowed ? BN_ACCESS_ALLOWED : BN_ACCESS_DENIED));
  g_task_return_boolean (task, allowed);
}

/**
 * bn_access_review_lookup:
 * @self: a #BnAccessReview
 * @verb: e.g. `list`, `delete`
 * @group: (nullable): the API group, "" or %NULL for the core group
 * @resource: e.g. `pods`, or `pods/log` for a subresource
 * @namespace_: (nullable): a namespace, %NULL for all namespaces or cluster scope
 *
 * Returns: what the server answered last time, without asking
 */
BnAccessAnswer
bn_access_review_lookup (BnAccessReview *self,
                         const char     *verb,
                         const char     *group,
                         const char     *resource,
                         const char     *namespace_)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (BN_IS_ACCESS_REVIEW (self), BN_ACCESS_UNKNOWN);
  g_return_val_if_fail (verb != NULL && resource != NULL, BN_ACCESS_UNKNOWN);

  key = answer_key (verb, group, resource, namespace_);
  return GPOINTER_TO_INT (g_hash_table_lookup (self->answers, key));
}

/**
 * bn_access_review_can_i_async:
 * @self: a #BnAccessReview
 * @verb: e.g. `list`, `delete`
 * @group: (nullable): the API group, "" or %NULL for the core group
 * @resource: e.g. `pods`, or `pods/log` for a subresource
 * @namespace_: (nullable): a namespace, %NULL for all namespaces or cluster scope
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: data for @callback
 *
 * Asks the server (SelfSubjectAccessReview), or answers from the cache.
 */
void
bn_access_review_can_i_async (BnAccessReview      *self,
                              const char          *verb,
                              const char          *group,
                              const char          *resource,
                              const char          *namespace_,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_auto(GStrv) parts = NULL;
  BnAccessAnswer known;
  CanI *can_i;

  g_return_if_fail (BN_IS_ACCESS_REVIEW (self));
  g_return_if_fail (verb != NULL && resource != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bn_access_review_can_i_async);
  can_i = g_new0 (CanI, 1);
  can_i->key = answer_key (verb, group, resource, namespace_);
  g_task_set_task_data (task, can_i, can_i_free);

  known = GPOINTER_TO_INT (g_hash_table_lookup (self->answers, can_i->key));
  if (known != BN_ACCESS_UNKNOWN)
    {
      g_task_return_boolean (task, known == BN_ACCESS_ALLOWED);
      return;
    }

  parts = g_strsplit (resource, "/", 2);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "SelfSubjectAccessReview");
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, "authorization.k8s.io/v1");
  json_builder_set_member_name (builder, "spec");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "resourceAttributes");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "verb");
  json_builder_add_string_value (builder, verb);
  json_builder_set_member_name (builder, "group");
  json_builder_add_string_value (builder, group ? group : "");
  json_builder_set_member_name (builder, "resource");
  json_builder_add_string_value (builder, parts[0]);
  if (parts[1] != NULL)
    {
      json_builder_set_member_name (builder, "subresource");
      json_builder_add_string_value (builder, parts[1]);
    }
  if (namespace_ != NULL && *namespace_ != '\0')
    {
      json_builder_set_member_name (builder, "namespace");
      json_builder_add_string_value (builder, namespace_);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = builder_to_bytes (builder);

  bn_api_client_request_async (self->client, "POST", SSAR_PATH, body, cancellable,
                               on_ssar_cb, g_steal_pointer (&task));
}

/**
 * bn_access_review_can_i_finish:
 *
 * Returns: %TRUE if allowed; %FALSE if denied (without @error) or on failure (with @error)
 */
gboolean
bn_access_review_can_i_finish (BnAccessReview  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (BN_IS_ACCESS_REVIEW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* SelfSubjectRulesReview ************************************************************************/

typedef struct
{
  char      *group;
  char      *resource;
  GStrv      candidates;
  gboolean  *allowed;
  guint      pending;
  GError    *error;
} Listable;

static void
listable_free (gpointer data)
{
  Listable *listable = data;

  g_free (listable->group);
  g_free (listable->resource);
  g_strfreev (listable->candidates);
  g_free (listable->allowed);
  g_clear_error (&listable->error);
  g_free (listable);
}

static gboolean
rules_allow_list (JsonObject *review,
                  const char *group,
                  const char *resource)
{
  JsonArray *rules = member_array (member_object (review, "status"), "resourceRules");

  for (guint i = 0; rules != NULL && i < json_array_get_length (rules); i++)
    {
      JsonObject *rule = json_array_get_object_element (rules, i);
      JsonArray *names = member_array (rule, "resourceNames");

      /* a rule for some named objects does not let one list them all */
      if (names != NULL && json_array_get_length (names) > 0)
        continue;
      if (array_has (member_array (rule, "verbs"), "list") &&
          array_has (member_array (rule, "apiGroups"), group) &&
          array_has (member_array (rule, "resources"), resource))
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  GTask *task;
  guint  index;
} RulesRequest;

static void
on_ssrr_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  RulesRequest *request = data;
  g_autoptr(GTask) task = request->task;
  Listable *listable = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = bn_api_client_request_finish (BN_API_CLIENT (object), result, &error);
  g_autoptr(JsonObject) review = body ? parse_object (body, &error) : NULL;

  if (review != NULL)
    listable->allowed[request->index] = rules_allow_list (review, listable->group, listable->resource);
  else if (listable->error == NULL)
    listable->error = g_steal_pointer (&error);
  g_free (request);

  if (--listable->pending > 0)
    return;

  if (listable->error != NULL)
    g_task_return_error (task, g_steal_pointer (&listable->error));
  else
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; listable->candidates[i] != NULL; i++)
        if (listable->allowed[i])
          g_strv_builder_add (builder, listable->candidates[i]);
      g_task_return_pointer (task, g_strv_builder_end (builder), (GDestroyNotify) g_strfreev);
    }
}

/**
 * bn_access_review_listable_namespaces_async:
 * @self: a #BnAccessReview
 * @group: (nullable): the API group of @resource
 * @resource: e.g. `pods`
 * @candidates: namespaces worth asking about (the context's namespace, ones the user typed)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: data for @callback
 *
 * For credentials that may not list namespaces: asks, per candidate, for the rules that apply
 * there (SelfSubjectRulesReview) and keeps the namespaces where @resource may be listed.
 */
void
bn_access_review_listable_namespaces_async (BnAccessReview      *self,
                                            const char          *group,
                                            const char          *resource,
                                            const char * const  *candidates,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Listable *listable;

  g_return_if_fail (BN_IS_ACCESS_REVIEW (self));
  g_return_if_fail (resource != NULL);
  g_return_if_fail (candidates != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bn_access_review_listable_namespaces_async);
  listable = g_new0 (Listable, 1);
  listable->group = g_strdup (group ? group : "");
  listable->resource = g_strdup (resource);
  listable->candidates = g_strdupv ((char **) candidates);
  listable->allowed = g_new0 (gboolean, g_strv_length (listable->candidates) + 1);
  g_task_set_task_data (task, listable, listable_free);

  if (listable->candidates[0] == NULL)
    {
      g_task_return_pointer (task, g_new0 (char *, 1), (GDestroyNotify) g_strfreev);
      return;
    }

  for (guint i = 0; listable->candidates[i] != NULL; i++)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(GBytes) body = NULL;
      RulesRequest *request = g_new0 (RulesRequest, 1);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, "SelfSubjectRulesReview");
      json_builder_set_member_name (builder, "apiVersion");
      json_builder_add_string_value (builder, "authorization.k8s.io/v1");
      json_builder_set_member_name (builder, "spec");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "namespace");
      json_builder_add_string_value (builder, listable->candidates[i]);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      body = builder_to_bytes (builder);

      request->task = g_object_ref (task);
      request->index = i;
      listable->pending++;
      bn_api_client_request_async (self->client, "POST", SSRR_PATH, body, cancellable, on_ssrr_cb, request);
    }
}

/**
 * bn_access_review_listable_namespaces_finish:
 *
 * Returns: (transfer full): the candidates where the resource may be listed, in their order
 */
GStrv
bn_access_review_listable_namespaces_finish (BnAccessReview  *self,
                                             GAsyncResult    *result,
                                             GError         **error)
{
  g_return_val_if_fail (BN_IS_ACCESS_REVIEW (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Who am I **************************************************************************************/

void
bn_identity_free (BnIdentity *identity)
{
  if (identity == NULL)
    return;
  g_free (identity->username);
  g_free (identity->uid);
  g_strfreev (identity->groups);
  g_free (identity);
}

static BnIdentity *
identity_from_token (BnAccessReview *self)
{
  g_autofree char *token = bn_credentials_dup_bearer_token (bn_api_client_get_credentials (self->client));
  g_autoptr(BnJwt) jwt = NULL;
  BnIdentity *identity;

  if (token == NULL || (jwt = bn_jwt_new_from_token (token, NULL)) == NULL)
    return NULL;

  identity = g_new0 (BnIdentity, 1);
  identity->username = bn_jwt_dup_user_name (jwt);
  identity->from_token = TRUE;
  if (identity->username == NULL)
    g_clear_pointer (&identity, bn_identity_free);
  return identity;
}

static void
on_ssr_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GTask) task = data;
  BnAccessReview *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = bn_api_client_request_finish (BN_API_CLIENT (object), result, &error);
  g_autoptr(JsonObject) review = body ? parse_object (body, &error) : NULL;
  JsonObject *user = member_object (member_object (review, "status"), "userInfo");
  BnIdentity *identity;

  if (user == NULL)
    {
      /* older servers have no SelfSubjectReview: the token may still say who it is */
      identity = identity_from_token (self);
      if (identity != NULL)
        g_task_return_pointer (task, identity, (GDestroyNotify) bn_identity_free);
      else if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_RESPONSE,
                                 "The server did not say who the credentials are");
      return;
    }

  identity = g_new0 (BnIdentity, 1);
  identity->username = g_strdup (json_object_get_string_member_with_default (user, "username", ""));
  identity->uid = g_strdup (json_object_get_string_member_with_default (user, "uid", NULL));
  if (member_array (user, "groups") != NULL)
    {
      JsonArray *groups = member_array (user, "groups");
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; i < json_array_get_length (groups); i++)
        {
          JsonNode *node = json_array_get_element (groups, i);

          if (json_node_get_value_type (node) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (node));
        }
      identity->groups = g_strv_builder_end (builder);
    }
  g_task_return_pointer (task, identity, (GDestroyNotify) bn_identity_free);
}

/**
 * bn_access_review_who_am_i_async:
 * @self: a #BnAccessReview
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: data for @callback
 *
 * Asks the server who the credentials are (SelfSubjectReview); where it cannot say, reads the
 * claims of a JWT bearer token.
 */
void
bn_access_review_who_am_i_async (BnAccessReview      *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  static const char body_text[] = "{\"kind\":\"SelfSubjectReview\",\"apiVersion\":\"authentication.k8s.io/v1\"}";
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static (body_text, strlen (body_text));

  g_return_if_fail (BN_IS_ACCESS_REVIEW (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bn_access_review_who_am_i_async);
  bn_api_client_request_async (self->client, "POST", SSR_PATH, body, cancellable,
                               on_ssr_cb, g_steal_pointer (&task));
}

/**
 * bn_access_review_who_am_i_finish:
 *
 * Returns: (transfer full): who the credentials are
 */
BnIdentity *
bn_access_review_who_am_i_finish (BnAccessReview  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (BN_IS_ACCESS_REVIEW (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * bn_access_review_forget:
 *
 * Drops every cached answer (new credentials, or RBAC changed).
 */
void
bn_access_review_forget (BnAccessReview *self)
{
  g_return_if_fail (BN_IS_ACCESS_REVIEW (self));
  g_hash_table_remove_all (self->answers);
}

/**
 * bn_access_review_new:
 * @client: the cluster's client
 *
 * Returns: (transfer full): a new #BnAccessReview
 */
BnAccessReview *
bn_access_review_new (BnApiClient *client)
{
  BnAccessReview *self;

  g_return_val_if_fail (BN_IS_API_CLIENT (client), NULL);

  self = g_object_new (BN_TYPE_ACCESS_REVIEW, NULL);
  self->client = g_object_ref (client);
  return self;
}

static void
bn_access_review_finalize (GObject *object)
{
  BnAccessReview *self = BN_ACCESS_REVIEW (object);

  g_clear_pointer (&self->answers, g_hash_table_unref);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (bn_access_review_parent_class)->finalize (object);
}

static void
bn_access_review_class_init (BnAccessReviewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bn_access_review_finalize;
}

static void
bn_access_review_init (BnAccessReview *self)
{
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
