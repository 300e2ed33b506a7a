/* bn-sim-rbac.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-sim-rbac.h"

/* A small RBAC authorizer that reads its Roles, ClusterRoles and
 * bindings from the store, so the objects `kubectl get clusterroles`
 * shows are the ones that decide, and access reviews can never
 * disagree with enforcement.
 */

typedef struct
{
  GStrv verbs;
  GStrv groups;
  GStrv resources;
  GStrv names;
  GStrv urls;
} Rule;

typedef struct
{
  char      *kind;       /* ClusterRole or Role */
  char      *name;
  char      *namespace;  /* "" for ClusterRoles */
  GPtrArray *rules;
} Role;

typedef struct
{
  char      *kind;       /* ClusterRoleBinding or RoleBinding */
  char      *name;
  char      *namespace;
  char      *role_kind;
  char      *role_name;
  GPtrArray *subjects;   /* "User:name" / "Group:name" strings */
} Binding;

struct _BnSimRbac
{
  GObject     parent_instance;

  BnSimStore *store;
  guint64     generation;
  gboolean    compiled;
  GHashTable *roles;     /* "kind/namespace/name" → Role */
  GPtrArray  *bindings;
};

G_DEFINE_FINAL_TYPE (BnSimRbac, bn_sim_rbac, G_TYPE_OBJECT)

BnSimUser *
bn_sim_user_new (const char         *name,
                 const char         *token,
                 const char * const *groups)
{
  BnSimUser *user = g_new0 (BnSimUser, 1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  user->name = g_strdup (name);
  user->token = g_strdup (token);
  user->uid = g_compute_checksum_for_string (G_CHECKSUM_MD5, name, -1);
  if (groups != NULL)
    g_strv_builder_addv (builder, (const char **) groups);
  if (!g_str_equal (name, "system:anonymous"))
    g_strv_builder_add (builder, "system:authenticated");
  user->groups = g_strv_builder_end (builder);
  return user;
}

void
bn_sim_user_free (BnSimUser *user)
{
  if (user == NULL)
    return;
  g_free (user->name);
  g_free (user->uid);
  g_free (user->token);
  g_strfreev (user->groups);
  g_free (user);
}

static void
rule_free (Rule *rule)
{
  g_strfreev (rule->verbs);
  g_strfreev (rule->groups);
  g_strfreev (rule->resources);
  g_strfreev (rule->names);
  g_strfreev (rule->urls);
  g_free (rule);
}

static void
role_free (Role *role)
{
  g_free (role->kind);
  g_free (role->name);
  g_free (role->namespace);
  g_ptr_array_unref (role->rules);
  g_free (role);
}

static void
binding_free (Binding *binding)
{
  g_free (binding->kind);
  g_free (binding->name);
  g_free (binding->namespace);
  g_free (binding->role_kind);
  g_free (binding->role_name);
  g_ptr_array_unref (binding->subjects);
  g_free (binding);
}

static void
bn_sim_rbac_finalize (GObject *object)
{
  BnSimRbac *self = (BnSimRbac *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->roles, g_hash_table_unref);
  g_clear_pointer (&self->bindings, g_ptr_array_unref);

  G_OBJECT_CLASS (bn_sim_rbac_parent_class)->finalize (object);
}

static void
bn_sim_rbac_class_init (BnSimRbacClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bn_sim_rbac_finalize;
}

static void
bn_sim_rbac_init (BnSimRbac *self)
{
  self->roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) role_free);
  self->bindings = g_ptr_array_new_with_free_func ((GDestroyNotify) binding_free);
}

BnSimRbac *
bn_sim_rbac_new (BnSimStore *store)
{
  BnSimRbac *self = g_object_new (BN_SIM_TYPE_RBAC, NULL);

  self->store = g_object_ref (store);
  return self;
}

static GStrv
string_array (JsonObject *object,
              const char *member)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }

  return g_strv_builder_end (builder);
}

static gboolean
compile_role (BnSimObject *object,
              gpointer     user_data)
{
  BnSimRbac *self = user_data;
  g_autoptr(JsonObject) json = bn_sim_object_parse (object);
  JsonNode *rules = json_object_get_member (json, "rules");
  Role *role = g_new0 (Role, 1);

  role->kind = g_strdup (object->resource->kind);
  role->name = g_strdup (object->name);
  role->namespace = g_strdup (object->namespace);
  role->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);

  if (rules != NULL && JSON_NODE_HOLDS_ARRAY (rules))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (rules)); i++)
      {
        JsonNode *element = json_array_get_element (json_node_get_array (rules), i);
        JsonObject *rule_object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
        Rule *rule = g_new0 (Rule, 1);

        rule->verbs = string_array (rule_object, "verbs");
        rule->groups = string_array (rule_object, "apiGroups");
        rule->resources = string_array (rule_object, "resources");
        rule->names = string_array (rule_object, "resourceNames");
        rule->urls = string_array (rule_object, "nonResourceURLs");
        g_ptr_array_add (role->rules, rule);
      }

  g_hash_table_insert (self->roles,
                       g_strdup_printf ("%s/%s/%s", role->kind, role->namespace, role->name),
                       role);
  return TRUE;
}

static gboolean
compile_binding (BnSimObject *object,
                 gpointer     user_data)
{
  BnSimRbac *self = user_data;
  g_autoptr(JsonObject) json = bn_sim_object_parse (object);
  JsonObject *role_ref = json_object_get_object_member (json, "roleRef");
  JsonNode *subjects = json_object_get_member (json, "subjects");
  Binding *binding = g_new0 (Binding, 1);

  binding->kind = g_strdup (object->resource->kind);
  binding->name = g_strdup (object->name);
  binding->namespace = g_strdup (object->namespace);
  binding->role_kind = g_strdup (role_ref ? json_object_get_string_member_with_default (role_ref, "kind", "") : "");
  binding->role_name = g_strdup (role_ref ? json_object_get_string_member_with_default (role_ref, "name", "") : "");
  binding->subjects = g_ptr_array_new_with_free_func (g_free);

  if (subjects != NULL && JSON_NODE_HOLDS_ARRAY (subjects))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (subjects)); i++)
      {
        JsonNode *element = json_array_get_element (json_node_get_array (subjects), i);

        if (JSON_NODE_HOLDS_OBJECT (element))
          {
            JsonObject *subject = json_node_get_object (element);

            g_ptr_array_add (binding->subjects,
                             g_strdup_printf ("%s:%s",
                                              json_object_get_string_member_with_default (subject, "kind", ""),
                                              json_object_get_string_member_with_default (subject, "name", "")));
          }
      }

  g_ptr_array_add (self->bindings, binding);
  return TRUE;
}

static void
ensure_compiled (BnSimRbac *self)
{
  const BnSimResource *resource;

  if (self->compiled && self->generation == bn_sim_store_get_rbac_generation (self->store))
    return;

  g_hash_table_remove_all (self->roles);
  g_ptr_array_set_size (self->bindings, 0);

  resource = bn_sim_resources_lookup ("rbac.authorization.k8s.io", "v1", "clusterroles");
  bn_sim_store_foreach (self->store, resource, NULL, NULL, compile_role, self);
  resource = bn_sim_resources_lookup ("rbac.authorization.k8s.io", "v1", "roles");
  bn_sim_store_foreach (self->store, resource, NULL, NULL, compile_role, self);
  resource = bn_sim_resources_lookup ("rbac.authorization.k8s.io", "v1", "clusterrolebindings");
  bn_sim_store_foreach (self->store, resource, NULL, NULL, compile_binding, self);
  resource = bn_sim_resources_lookup ("rbac.authorization.k8s.io", "v1", "rolebindings");
  bn_sim_store_foreach (self->store, resource, NULL, NULL, compile_binding, self);

  self->generation = bn_sim_store_get_rbac_generation (self->store);
  self->compiled = TRUE;
}

static gboolean
binding_applies_to (const Binding   *binding,
                    const BnSimUser *user)
{
  for (guint i = 0; i < binding->subjects->len; i++)
    {
      const char *subject = g_ptr_array_index (binding->subjects, i);

      if (g_str_has_prefix (subject, "User:") && g_str_equal (subject + 5, user->name))
        return TRUE;
      if (g_str_has_prefix (subject, "Group:") && g_strv_contains ((const char * const *) user->groups, subject + 6))
        return TRUE;
    }

  return FALSE;
}

static gboolean
list_has (GStrv       list,
          const char *value)
{
  return g_strv_contains ((const char * const *) list, "*") ||
         g_strv_contains ((const char * const *) list, value);
}

static gboolean
resource_matches (const Rule            *rule,
                  const BnSimAttributes *attributes)
{
  g_autofree char *combined = NULL;

  for (guint i = 0; rule->resources[i] != NULL; i++)
    {
      const char *resource = rule->resources[i];

      if (g_str_equal (resource, "*"))
        return TRUE;
      if (attributes->subresource[0] == '\0')
        {
          if (g_str_equal (resource, attributes->resource))
            return TRUE;
          continue;
        }
      if (combined == NULL)
        combined = g_strdup_printf ("%s/%s", attributes->resource, attributes->subresource);
      if (g_str_equal (resource, combined))
        return TRUE;
      if (g_str_has_prefix (resource, "*/") && g_str_equal (resource + 2, attributes->subresource))
        return TRUE;
    }

  return FALSE;
}

static gboolean
rule_allows (const Rule            *rule,
             const BnSimAttributes *attributes)
{
  if (!list_has (rule->verbs, attributes->verb))
    return FALSE;

  if (attributes->path != NULL)
    {
      for (guint i = 0; rule->urls[i] != NULL; i++)
        {
          const char *url = rule->urls[i];
          gsize len = strlen (url);

          if (g_str_equal (url, "*") || g_str_equal (url, attributes->path))
            return TRUE;
          if (len > 0 && url[len - 1] == '*' && strncmp (url, attributes->path, len - 1) == 0)
            return TRUE;
        }
      return FALSE;
    }

  if (rule->urls[0] != NULL && rule->resources[0] == NULL)
    return FALSE;

  return list_has (rule->groups, attributes->group) &&
         resource_matches (rule, attributes) &&
         (rule->names[0] == NULL ||
          (attributes->name[0] != '\0' && g_strv_contains ((const char * const *) rule->names, attributes->name)));
}

static Role *
lookup_role (BnSimRbac     *self,
             const Binding *binding)
{
  g_autofree char *key = g_strdup_printf ("%s/%s/%s", binding->role_kind,
                                          g_str_equal (binding->role_kind, "Role") ? binding->namespace : "",
                                          binding->role_name);

  return g_hash_table_lookup (self->roles, key);
}

static gboolean
binding_in_scope (const Binding *binding,
                  const char    *namespace)
{
  if (g_str_equal (binding->kind, "ClusterRoleBinding"))
    return TRUE;
  return namespace != NULL && namespace[0] != '\0' && g_str_equal (binding->namespace, namespace);
}

/**
 * bn_sim_rbac_authorize:
 * @reason: (out) (optional): upstream's "RBAC: allowed by ..." text
 *
 * Returns: whether RBAC allows the request
 */
gboolean
bn_sim_rbac_authorize (BnSimRbac             *self,
                       const BnSimUser       *user,
                       const BnSimAttributes *attributes,
                       char                 **reason)
{
  g_return_val_if_fail (BN_SIM_IS_RBAC (self), FALSE);

  ensure_compiled (self);

  for (guint i = 0; i < self->bindings->len; i++)
    {
      const Binding *binding = g_ptr_array_index (self->bindings, i);
      Role *role;

      if (attributes->path != NULL && !g_str_equal (binding->kind, "ClusterRoleBinding"))
        continue;
      if (attributes->path == NULL && !binding_in_scope (binding, attributes->namespace))
        continue;
      if (!binding_applies_to (binding, user) || (role = lookup_role (self, binding)) == NULL)
        continue;

      for (guint j = 0; j < role->rules->len; j++)
        if (rule_allows (g_ptr_array_index (role->rules, j), attributes))
          {
            if (reason != NULL)
              {
                if (g_str_equal (binding->kind, "RoleBinding"))
                  *reason = g_strdup_printf ("RBAC: allowed by RoleBinding \"%s/%s\" of %s \"%s\" to User \"%s\"",
                                             binding->name, binding->namespace, role->kind, role->name, user->name);
                else
                  *reason = g_strdup_printf ("RBAC: allowed by ClusterRoleBinding \"%s\" of ClusterRole \"%s\" to User \"%s\"",
                                             binding->name, role->name, user->name);
              }
            return TRUE;
          }
    }

  if (reason != NULL)
    *reason = NULL;
  return FALSE;
}

static char *
html_escape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (*p == '&')
        g_string_append (out, "&amp;");
      else if (*p == '<')
        g_string_append (out, "&lt;");
      else if (*p == '>')
        g_string_append (out, "&gt;");
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/**
 * bn_sim_rbac_forbidden_message:
 *
 * Returns: (transfer full): the message of upstream's 403 Status
 */
char *
bn_sim_rbac_forbidden_message (const BnSimUser       *user,
                               const BnSimAttributes *attributes)
{
  g_autofree char *message = NULL;
  g_autofree char *resource = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *scope = NULL;

  if (attributes->path != NULL)
    {
      message = g_strdup_printf ("forbidden: User \"%s\" cannot %s path \"%s\"",
                                 user->name, attributes->verb, attributes->path);
      return html_escape (message);
    }

  resource = attributes->subresource[0] != '\0'
             ? g_strdup_printf ("%s/%s", attributes->resource, attributes->subresource)
             : g_strdup (attributes->resource);

  if (attributes->name[0] != '\0')
    subject = g_strdup_printf ("%s%s%s \"%s\"", attributes->resource,
                               attributes->group[0] ? "." : "", attributes->group, attributes->name);
  else
    subject = g_strdup_printf ("%s%s%s", attributes->resource,
                               attributes->group[0] ? "." : "", attributes->group);

  scope = attributes->namespace[0] != '\0'
          ? g_strdup_printf ("in the namespace \"%s\"", attributes->namespace)
          : g_strdup ("at the cluster scope");

  message = g_strdup_printf ("%s is forbidden: User \"%s\" cannot %s resource \"%s\" in API group \"%s\" %s",
                             subject, user->name, attributes->verb, resource, attributes->group, scope);
  return html_escape (message);
}

static void
add_strings (JsonBuilder *builder,
             const char  *member,
             GStrv        values)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

/**
 * bn_sim_rbac_append_rules:
 * @resource_rules: a builder inside an array
 * @non_resource_rules: a builder inside an array
 *
 * Adds every rule that applies to @user in @namespace, as
 * SelfSubjectRulesReview lists them.
 */
void
bn_sim_rbac_append_rules (BnSimRbac       *self,
                          const BnSimUser *user,
                          const char      *namespace,
                          JsonBuilder     *resource_rules,
                          JsonBuilder     *non_resource_rules)
{
  g_return_if_fail (BN_SIM_IS_RBAC (self));

  ensure_compiled (self);

  for (guint i = 0; i < self->bindings->len; i++)
    {
      const Binding *binding = g_ptr_array_index (self->bindings, i);
      Role *role;

      if (!binding_in_scope (binding, namespace) || !binding_applies_to (binding, user) ||
          (role = lookup_role (self, binding)) == NULL)
        continue;

      for (guint j = 0; j < role->rules->len; j++)
        {
          const Rule *rule = g_ptr_array_index (role->rules, j);

          if (rule->urls[0] != NULL)
            {
              if (!g_str_equal (binding->kind, "ClusterRoleBinding"))
                continue;
              json_builder_begin_object (non_resource_rules);
              add_strings (non_resource_rules, "verbs", rule->verbs);
              add_strings (non_resource_rules, "nonResourceURLs", rule->urls);
              json_builder_end_object (non_resource_rules);
            }
          if (rule->resources[0] != NULL)
            {
              json_builder_begin_object (resource_rules);
              add_strings (resource_rules, "verbs", rule->verbs);
              add_strings (resource_rules, "apiGroups", rule->groups);
              add_strings (resource_rules, "resources", rule->resources);
              if (rule->names[0] != NULL)
                add_strings (resource_rules, "resourceNames", rule->names);
              json_builder_end_object (resource_rules);
            }
        }
    }
}

/* Built-in roles, written as "verbs|apiGroups|resources|nonResourceURLs"
 * with comma-separated lists, following upstream's bootstrap policy.
 */

#define VIEW_CORE "pods,pods/log,pods/status,configmaps,endpoints,persistentvolumeclaims,persistentvolumeclaims/status," \
                  "replicationcontrollers,replicationcontrollers/scale,replicationcontrollers/status,serviceaccounts," \
                  "services,services/status,bindings,events,limitranges,resourcequotas,resourcequotas/status," \
                  "namespaces,namespaces/status"
#define VIEW_APPS "controllerrevisions,daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status," \
                  "replicasets,replicasets/scale,replicasets/status,statefulsets,statefulsets/scale,statefulsets/status"
#define WRITE_VERBS "create,delete,deletecollection,patch,update"

static const char *view_rules[] = {
  "get,list,watch||" VIEW_CORE "|",
  "get,list,watch|discovery.k8s.io|endpointslices|",
  "get,list,watch|apps|" VIEW_APPS "|",
  "get,list,watch|autoscaling|horizontalpodautoscalers,horizontalpodautoscalers/status|",
  "get,list,watch|batch|cronjobs,cronjobs/status,jobs,jobs/status|",
  "get,list,watch|policy|poddisruptionbudgets,poddisruptionbudgets/status|",
  "get,list,watch|networking.k8s.io|ingresses,ingresses/status,networkpolicies|",
  "get,list,watch|metrics.k8s.io|pods,nodes|",
  "get,list,watch|example.binnacle.dev|widgets|",
  NULL
};

static const char *edit_rules[] = {
  "get,list,watch||" VIEW_CORE ",secrets|",
  "get,list,watch|discovery.k8s.io|endpointslices|",
  "get,list,watch|apps|" VIEW_APPS "|",
  "get,list,watch|autoscaling|horizontalpodautoscalers,horizontalpodautoscalers/status|",
  "get,list,watch|batch|cronjobs,cronjobs/status,jobs,jobs/status|",
  "get,list,watch|policy|poddisruptionbudgets,poddisruptionbudgets/status|",
  "get,list,watch|networking.k8s.io|ingresses,ingresses/status,networkpolicies|",
  "get,list,watch|metrics.k8s.io|pods,nodes|",
  "create,get|" "|pods/attach,pods/exec,pods/portforward,pods/proxy,services/proxy|",
  "create|" "|pods/eviction|",
  "impersonate||serviceaccounts|",
  WRITE_VERBS "||pods,pods/attach,pods/exec,pods/portforward,pods/proxy,configmaps,events,persistentvolumeclaims,"
  "replicationcontrollers,replicationcontrollers/scale,secrets,serviceaccounts,services,services/proxy|",
  "create||serviceaccounts/token|",
  WRITE_VERBS "|apps|daemonsets,deployments,deployments/rollback,deployments/scale,replicasets,replicasets/scale,"
  "statefulsets,statefulsets/scale|",
  WRITE_VERBS "|autoscaling|horizontalpodautoscalers|",
  WRITE_VERBS "|batch|cronjobs,jobs|",
  WRITE_VERBS "|policy|poddisruptionbudgets|",
  WRITE_VERBS "|networking.k8s.io|ingresses,networkpolicies|",
  "get,list,watch," WRITE_VERBS "|example.binnacle.dev|widgets|",
  NULL
};

static const char *cluster_admin_rules[] = {
  "*|*|*|",
  "*|||*",
  NULL
};

static const char *basic_user_rules[] = {
  "create|authorization.k8s.io|selfsubjectaccessreviews,selfsubjectrulesreviews|",
  "create|authentication.k8s.io|selfsubjectreviews|",
  NULL
};

static const char *discovery_rules[] = {
  "get|||/api,/api/*,/apis,/apis/*,/healthz,/livez,/openapi,/openapi/*,/readyz,/version,/version/",
  NULL
};

static const char *public_info_rules[] = {
  "get|||/healthz,/livez,/readyz,/version,/version/",
  NULL
};

static void
add_list (JsonBuilder *builder,
          const char  *member,
          const char  *text,
          gboolean     keep_empty)
{
  g_auto(GStrv) values = NULL;

  if (*text == '\0' && !keep_empty)
    return;

  /* An empty list entry is the core group "", which g_strsplit() drops. */
  if (*text == '\0')
    {
      values = g_new0 (char *, 2);
      values[0] = g_strdup ("");
    }
  else
    values = g_strsplit (text, ",", -1);
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
seed_object (BnSimStore  *store,
             const char  *plural,
             JsonBuilder *builder)
{
  g_autoptr(JsonNode) node = json_builder_get_root (builder);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnSimObject) object = NULL;
  const BnSimResource *resource = bn_sim_resources_lookup ("rbac.authorization.k8s.io", "v1", plural);

  object = bn_sim_store_create (store, resource, json_node_get_object (node), FALSE, &error);
  if (object == NULL)
    g_warning ("Cannot seed %s: %s", plural, error->message);
}

static void
begin_metadata (JsonBuilder *builder,
                const char  *name,
                const char  *namespace,
                gboolean     bootstrap)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "metadata");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  if (namespace != NULL)
    {
      json_builder_set_member_name (builder, "namespace");
      json_builder_add_string_value (builder, namespace);
    }
  if (bootstrap)
    {
      json_builder_set_member_name (builder, "labels");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kubernetes.io/bootstrapping");
      json_builder_add_string_value (builder, "rbac-defaults");
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

static void
seed_cluster_role (BnSimStore  *store,
                   const char  *name,
                   const char **rules)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  begin_metadata (builder, name, NULL, TRUE);
  json_builder_set_member_name (builder, "rules");
  json_builder_begin_array (builder);
  for (guint i = 0; rules[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (rules[i], "|", 4);

      g_assert (g_strv_length (parts) == 4);
      json_builder_begin_object (builder);
      add_list (builder, "verbs", parts[0], TRUE);
      if (parts[3][0] == '\0')
        {
          add_list (builder, "apiGroups", parts[1], TRUE);
          add_list (builder, "resources", parts[2], TRUE);
        }
      add_list (builder, "nonResourceURLs", parts[3], FALSE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  seed_object (store, "clusterroles", builder);
}

/**
 * bn_sim_rbac_seed_binding:
 * @namespace: (nullable): a RoleBinding's namespace, or %NULL for a
 *   ClusterRoleBinding
 * @subject: "User:name" or "Group:name"
 */
static void
seed_binding (BnSimStore *store,
              const char *name,
              const char *namespace,
              const char *cluster_role,
              const char *subject)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *colon = strchr (subject, ':');
  g_autofree char *kind = g_strndup (subject, colon - subject);

  begin_metadata (builder, name, namespace, namespace == NULL);
  json_builder_set_member_name (builder, "roleRef");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "apiGroup");
  json_builder_add_string_value (builder, "rbac.authorization.k8s.io");
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "ClusterRole");
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, cluster_role);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "subjects");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "apiGroup");
  json_builder_add_string_value (builder, "rbac.authorization.k8s.io");
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, colon + 1);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  seed_object (store, namespace ? "rolebindings" : "clusterrolebindings", builder);
}

/**
 * bn_sim_rbac_seed:
 *
 * Stores the built-in ClusterRoles and the bindings for the simulator's
 * users: admin (cluster-admin), viewer (view), editor (edit) and
 * developer (view in the namespace "dev" only).
 */
void
bn_sim_rbac_seed (BnSimStore *store)
{
  seed_cluster_role (store, "cluster-admin", cluster_admin_rules);
  seed_cluster_role (store, "admin", edit_rules);
  seed_cluster_role (store, "edit", edit_rules);
  seed_cluster_role (store, "view", view_rules);
  seed_cluster_role (store, "system:basic-user", basic_user_rules);
  seed_cluster_role (store, "system:discovery", discovery_rules);
  seed_cluster_role (store, "system:public-info-viewer", public_info_rules);

  seed_binding (store, "cluster-admin", NULL, "cluster-admin", "Group:system:masters");
  seed_binding (store, "system:basic-user", NULL, "system:basic-user", "Group:system:authenticated");
  seed_binding (store, "system:discovery", NULL, "system:discovery", "Group:system:authenticated");
  seed_binding (store, "system:public-info-viewer", NULL, "system:public-info-viewer", "Group:system:authenticated");
  seed_binding (store, "viewer-view", NULL, "view", "User:viewer");
  seed_binding (store, "editor-edit", NULL, "edit", "User:editor");
  seed_binding (store, "developer-view", "dev", "view", "User:developer");
}
