/* bn-resource-type.c: one kind of object a cluster serves, as discovery describes it
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-resource-type.h"

struct _BnResourceType
{
  GObject   parent_instance;

  char     *group;
  char     *version;
  char     *kind;
  char     *plural;
  char     *singular;
  gboolean  namespaced;
  GStrv     verbs;
  GStrv     short_names;
  GStrv     categories;
  GStrv     subresources;
};

G_DEFINE_FINAL_TYPE (BnResourceType, bn_resource_type, G_TYPE_OBJECT)

static const char * const all_verbs[] = {
  "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch", NULL
};
static const char * const read_verbs[] = { "get", "list", "watch", NULL };
static const char * const cat_all[] = { "all", NULL };

/* The kinds every cluster has, for when discovery has not answered (yet). */
static const struct {
  const char         *group;
  const char         *version;
  const char         *kind;
  const char         *plural;
  const char         *singular;
  gboolean            namespaced;
  const char * const *verbs;
  const char         *short_name;
  const char * const *categories;
} builtins[] = {
  { "", "v1", "Pod", "pods", "pod", TRUE, all_verbs, "po", cat_all },
  { "", "v1", "Node", "nodes", "node", FALSE, all_verbs, "no", NULL },
  { "", "v1", "Namespace", "namespaces", "namespace", FALSE, all_verbs, "ns", NULL },
  { "", "v1", "Event", "events", "event", TRUE, all_verbs, "ev", NULL },
  { "", "v1", "Service", "services", "service", TRUE, all_verbs, "svc", cat_all },
  { "", "v1", "ConfigMap", "configmaps", "configmap", TRUE, all_verbs, "cm", NULL },
  { "", "v1", "Secret", "secrets", "secret", TRUE, all_verbs, NULL, NULL },
  { "apps", "v1", "Deployment", "deployments", "deployment", TRUE, all_verbs, "deploy", cat_all },
  { "apps", "v1", "ReplicaSet", "replicasets", "replicaset", TRUE, all_verbs, "rs", cat_all },
  { "apps", "v1", "StatefulSet", "statefulsets", "statefulset", TRUE, all_verbs, "sts", cat_all },
  { "apps", "v1", "DaemonSet", "daemonsets", "daemonset", TRUE, all_verbs, "ds", cat_all },
  { "batch", "v1", "Job", "jobs", "job", TRUE, all_verbs, NULL, cat_all },
  { "batch", "v1", "CronJob", "cronjobs", "cronjob", TRUE, all_verbs, "cj", cat_all },
  { "apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions",
    "customresourcedefinition", FALSE, read_verbs, "crd", NULL },
};

/**
 * bn_resource_type_new:
 * @group: the API group, "" for the core group
 * @version: the version, e.g. `v1`
 * @kind: the kind, e.g. `Deployment`
 * @plural: the resource name used in paths, e.g. `deployments`
 * @singular: (nullable): the singular name
 * @namespaced: whether objects live in namespaces
 * @verbs: (nullable): what may be done
 * @short_names: (nullable): short names such as `deploy`
 * @categories: (nullable): categories such as `all`
 * @subresources: (nullable): subresources such as `status`, `scale`
 *
 * Returns: (transfer full): a new #BnResourceType
 */
BnResourceType *
bn_resource_type_new (const char         *group,
                      const char         *version,
                      const char         *kind,
                      const char         *plural,
                      const char         *singular,
                      gboolean            namespaced,
                      const char * const *verbs,
                      const char * const *short_names,
                      const char * const *categories,
                      const char * const *subresources)
{
  BnResourceType *self;

  g_return_val_if_fail (version != NULL, NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (plural != NULL, NULL);

  self = g_object_new (BN_TYPE_RESOURCE_TYPE, NULL);
  self->group = g_strdup (group ? group : "");
  self->version = g_strdup (version);
  self->kind = g_strdup (kind);
  self->plural = g_strdup (plural);
  self->singular = (singular && *singular) ? g_strdup (singular) : g_ascii_strdown (kind, -1);
  self->namespaced = namespaced;
  self->verbs = g_strdupv ((char **) verbs);
  self->short_names = g_strdupv ((char **) short_names);
  self->categories = g_strdupv ((char **) categories);
  self->subresources = g_strdupv ((char **) subresources);
  return self;
}

/**
 * bn_resource_type_new_builtin:
 * @name: a plural, singular, short name or kind of a built-in resource
 *
 * Returns: (transfer full) (nullable): the built-in type of that name, or %NULL
 */
BnResourceType *
bn_resource_type_new_builtin (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    {
      const char * const short_names[] = { builtins[i].short_name, NULL };
      g_autoptr(BnResourceType) type =
        bn_resource_type_new (builtins[i].group, builtins[i].version, builtins[i].kind,
                              builtins[i].plural, builtins[i].singular, builtins[i].namespaced,
                              builtins[i].verbs, short_names, builtins[i].categories, NULL);

      if (bn_resource_type_matches (type, name))
        return g_steal_pointer (&type);
    }
  return NULL;
}

const char *
bn_resource_type_get_group (BnResourceType *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (self), NULL);
  return self->group;
}

const char *
bn_resource_type_get_version (BnResourceType *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (self), NULL);
  return self->version;
}

/**
 * bn_resource_type_dup_api_version:
 *
 * Returns: (transfer full): `v1` for the core group, `GROUP/VERSION` otherwise
 */
char *
bn_resource_type_dup_api_version (BnResourceType *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (self), NULL);

  if (*self->group == '\0')
    return g_strdup (self->version);
  return g_strconcat (self->group, "/", self->version, NULL);
}

const char *
bn_resource_type_get_kind (BnResourceType *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (self), NULL);
  return self->kind;
}

const char *
bn_resource_type_get_plural (BnResourceType *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (self), NULL);
  return self->plural;
}

const char *
bn_resource_type_get_singular (BnResourceType *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (self), NULL);
  return self->singular;
}

gboolean
bn_resource_type_get_namespaced (BnResourceType *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (self), FALSE);
  return self->namespaced;
}

static const char * const empty_strv[] = { NULL };

const char * const *
bn_resource_type_get_verbs (BnResourceType *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (self), NULL);
  return self->verbs ? (const char * const *) self->verbs : empty_strv;
}

const char * const *
bn_resource_type_get_short_names (BnResourceType *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (self), NULL);
  return self->short_names ? (const char * const *) self->short_names : empty_strv;
}

const char * const *
bn_resource_type_get_categories (BnResourceType *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (self), NULL);
  return self->categories ? (const char * const *) self->categories : empty_strv;
}

const char * const *
bn_resource_type_get_subresources (BnResourceType *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (self), NULL);
  return self->subresources ? (const char * const *) self->subresources : empty_strv;
}

gboolean
bn_resource_type_has_verb (BnResourceType *self,
                           const char     *verb)
{
  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (self), FALSE);
  return self->verbs != NULL && g_strv_contains ((const char * const *) self->verbs, verb);
}

/**
 * bn_resource_type_matches:
 * @self: a #BnResourceType
 * @name: what a user typed: plural, singular, short name or kind (any case), optionally
 *   followed by `.GROUP`
 *
 * Returns: whether @name names this type, as kubectl resolves names
 */
gboolean
bn_resource_type_matches (BnResourceType *self,
                          const char     *name)
{
  g_autofree char *lower = NULL;
  const char *dot;
  g_autofree char *bare = NULL;

  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  lower = g_ascii_strdown (name, -1);
  dot = strchr (lower, '.');
  if (dot != NULL)
    {
      if (!g_str_equal (dot + 1, self->group))
        return FALSE;
      bare = g_strndup (lower, dot - lower);
    }
  else
    bare = g_strdup (lower);

  if (g_str_equal (bare, self->plural) || g_str_equal (bare, self->singular) ||
      g_ascii_strcasecmp (bare, self->kind) == 0)
    return TRUE;
  return self->short_names != NULL && g_strv_contains ((const char * const *) self->short_names, bare);
}

/**
 * bn_resource_type_dup_path:
 * @self: a #BnResourceType
 * @namespace_: (nullable): a namespace, or %NULL for all namespaces (or a cluster-scoped type)
 *
 * Returns: (transfer full): the collection path, e.g. `/apis/apps/v1/namespaces/dev/deployments`
 */
char *
bn_resource_type_dup_path (BnResourceType *self,
                           const char     *namespace_)
{
  g_autofree char *prefix = NULL;

  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (self), NULL);

  if (*self->group == '\0')
    prefix = g_strconcat ("/api/", self->version, NULL);
  else
    prefix = g_strconcat ("/apis/", self->group, "/", self->version, NULL);

  if (self->namespaced && namespace_ != NULL && *namespace_ != '\0')
    {
      g_autofree char *escaped = g_uri_escape_string (namespace_, NULL, FALSE);

      return g_strconcat (prefix, "/namespaces/", escaped, "/", self->plural, NULL);
    }
  return g_strconcat (prefix, "/", self->plural, NULL);
}

static void
bn_resource_type_finalize (GObject *object)
{
  BnResourceType *self = BN_RESOURCE_TYPE (object);

  g_clear_pointer (&self->group, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->plural, g_free);
  g_clear_pointer (&self->singular, g_free);
  g_clear_pointer (&self->verbs, g_strfreev);
  g_clear_pointer (&self->short_names, g_strfreev);
  g_clear_pointer (&self->categories, g_strfreev);
  g_clear_pointer (&self->subresources, g_strfreev);

  G_OBJECT_CLASS (bn_resource_type_parent_class)->finalize (object);
}

static void
bn_resource_type_class_init (BnResourceTypeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bn_resource_type_finalize;
}

static void
bn_resource_type_init (BnResourceType *self)
{
}
