/* bn-sim-reviews.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-sim-api.h"
#include "bn-sim-protobuf.h"

/* SelfSubjectAccessReview, SelfSubjectRulesReview and SelfSubjectReview:
 * answered from the same RBAC tables and users that enforce requests.
 */

static const char *
metadata_string (JsonObject *object,
                 const char *member)
{
  JsonNode *node = json_object_has_member (object, member) ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static const char * const review_types[] = { "application/json", "application/vnd.kubernetes.protobuf", NULL };

static JsonObject *
read_review (BnSimRequest *request)
{
  g_autoptr(JsonNode) node = NULL;
  const char *content_type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (request->msg), NULL);

  if (g_strcmp0 (content_type, "application/vnd.kubernetes.protobuf") == 0)
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (request->msg));
      g_autoptr(GError) error = NULL;
      JsonObject *review = bn_sim_protobuf_decode_review (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);

      if (review == NULL)
        bn_sim_reply_status (request->msg, 400, "BadRequest", error->message, NULL, NULL, NULL);
      return review;
    }

  node = bn_sim_read_body (request, review_types);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      bn_sim_reply_status (request->msg, 400, "BadRequest", "the body of the request is not an object", NULL, NULL, NULL);
      return NULL;
    }
  return json_object_ref (json_node_get_object (node));
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  return object ? metadata_string (object, member) : NULL;
}

static void
reply_review (BnSimRequest *request,
              JsonObject   *review,
              JsonObject   *status)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *api_version = bn_sim_resource_dup_group_version (request->resource);
  g_autofree char *data = NULL;
  gsize length;
  GString *out;

  json_object_set_string_member (review, "kind", request->resource->kind);
  json_object_set_string_member (review, "apiVersion", api_version);
  json_object_set_object_member (review, "metadata", json_object_new ());
  json_object_set_object_member (review, "status", json_object_ref (status));
  json_node_set_object (root, review);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);
  out = g_string_new_len (data, length);
  g_string_append_c (out, '\n');
  bn_sim_reply_json (request->msg, 201, out);
}

void
bn_sim_reviews_handle_access (BnSimRequest *request)
{
  g_autoptr(JsonObject) review = read_review (request);
  g_autoptr(JsonObject) status = json_object_new ();
  JsonObject *spec;
  JsonObject *resource_attributes;
  JsonObject *non_resource_attributes;
  BnSimAttributes attributes = { 0 };
  g_autofree char *reason = NULL;
  gboolean allowed;

  if (review == NULL)
    return;

  spec = json_object_has_member (review, "spec") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (review, "spec"))
         ? json_object_get_object_member (review, "spec") : NULL;
  resource_attributes = spec && json_object_has_member (spec, "resourceAttributes") &&
                        JSON_NODE_HOLDS_OBJECT (json_object_get_member (spec, "resourceAttributes"))
                        ? json_object_get_object_member (spec, "resourceAttributes") : NULL;
  non_resource_attributes = spec && json_object_has_member (spec, "nonResourceAttributes") &&
                            JSON_NODE_HOLDS_OBJECT (json_object_get_member (spec, "nonResourceAttributes"))
                            ? json_object_get_object_member (spec, "nonResourceAttributes") : NULL;

  if ((resource_attributes == NULL) == (non_resource_attributes == NULL))
    {
      bn_sim_reply_status (request->msg, 422, "Invalid",
                           "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes: "
                           "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified",
                           NULL, "authorization.k8s.io", "SelfSubjectAccessReview");
      return;
    }

  if (resource_attributes != NULL)
    {
      attributes.verb = member_string (resource_attributes, "verb") ?: "";
      attributes.group = member_string (resource_attributes, "group") ?: "";
      attributes.resource = member_string (resource_attributes, "resource") ?: "";
      attributes.subresource = member_string (resource_attributes, "subresource") ?: "";
      attributes.namespace = member_string (resource_attributes, "namespace") ?: "";
      attributes.name = member_string (resource_attributes, "name") ?: "";
    }
  else
    {
      attributes.verb = member_string (non_resource_attributes, "verb") ?: "";
      attributes.path = member_string (non_resource_attributes, "path") ?: "";
    }

  allowed = bn_sim_rbac_authorize (request->server->rbac, request->user, &attributes, &reason);
  json_object_set_boolean_member (status, "allowed", allowed);
  if (reason != NULL)
    json_object_set_string_member (status, "reason", reason);

  reply_review (request, review, status);
}

void
bn_sim_reviews_handle_rules (BnSimRequest *request)
{
  g_autoptr(JsonObject) review = read_review (request);
  g_autoptr(JsonBuilder) resource_rules = json_builder_new ();
  g_autoptr(JsonBuilder) non_resource_rules = json_builder_new ();
  g_autoptr(JsonNode) resource_root = NULL;
  g_autoptr(JsonNode) non_resource_root = NULL;
  g_autoptr(JsonObject) status = json_object_new ();
  JsonObject *spec;
  const char *namespace;

  if (review == NULL)
    return;

  spec = json_object_has_member (review, "spec") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (review, "spec"))
         ? json_object_get_object_member (review, "spec") : NULL;
  namespace = member_string (spec, "namespace");

  json_builder_begin_array (resource_rules);
  json_builder_begin_array (non_resource_rules);
  bn_sim_rbac_append_rules (request->server->rbac, request->user, namespace ? namespace : "",
                            resource_rules, non_resource_rules);
  json_builder_end_array (resource_rules);
  json_builder_end_array (non_resource_rules);
  resource_root = json_builder_get_root (resource_rules);
  non_resource_root = json_builder_get_root (non_resource_rules);

  json_object_set_member (status, "resourceRules", json_node_copy (resource_root));
  json_object_set_member (status, "nonResourceRules", json_node_copy (non_resource_root));
  json_object_set_boolean_member (status, "incomplete", FALSE);

  reply_review (request, review, status);
}

void
bn_sim_reviews_handle_self (BnSimRequest *request)
{
  g_autoptr(JsonObject) review = read_review (request);
  g_autoptr(JsonObject) status = json_object_new ();
  JsonObject *user_info = json_object_new ();
  JsonArray *groups = json_array_new ();

  if (review == NULL)
    {
      json_object_unref (user_info);
      json_array_unref (groups);
      return;
    }

  json_object_set_string_member (user_info, "username", request->user->name);
  json_object_set_string_member (user_info, "uid", request->user->uid);
  for (guint i = 0; request->user->groups[i] != NULL; i++)
    json_array_add_string_element (groups, request->user->groups[i]);
  json_object_set_array_member (user_info, "groups", groups);
  json_object_set_object_member (status, "userInfo", user_info);

  reply_review (request, review, status);
}
