/* bn-kind-catalog.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bn-kind-catalog.h"

static const char * const all_verbs[] = {
  "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch", NULL
};

/* Every kind a conformant cluster serves, in the order the navigation lists them. */
static const struct {
  BnKindCategory  category;
  const char     *title;
  const char     *group;
  const char     *version;
  const char     *kind;
  const char     *plural;
  gboolean        namespaced;
} kinds[] = {
  { BN_KIND_CATEGORY_WORKLOADS, N_("Pods"), "", "v1", "Pod", "pods", TRUE },
  { BN_KIND_CATEGORY_WORKLOADS, N_("Deployments"), "apps", "v1", "Deployment", "deployments", TRUE },
  { BN_KIND_CATEGORY_WORKLOADS, N_("Stateful Sets"), "apps", "v1", "StatefulSet", "statefulsets", TRUE },
  { BN_KIND_CATEGORY_WORKLOADS, N_("Daemon Sets"), "apps", "v1", "DaemonSet", "daemonsets", TRUE },
  { BN_KIND_CATEGORY_WORKLOADS, N_("Replica Sets"), "apps", "v1", "ReplicaSet", "replicasets", TRUE },
  { BN_KIND_CATEGORY_WORKLOADS, N_("Jobs"), "batch", "v1", "Job", "jobs", TRUE },
  { BN_KIND_CATEGORY_WORKLOADS, N_("Cron Jobs"), "batch", "v1", "CronJob", "cronjobs", TRUE },
  { BN_KIND_CATEGORY_NETWORK, N_("Services"), "", "v1", "Service", "services", TRUE },
  { BN_KIND_CATEGORY_NETWORK, N_("Endpoints"), "", "v1", "Endpoints", "endpoints", TRUE },
  { BN_KIND_CATEGORY_NETWORK, N_("Ingresses"), "networking.k8s.io", "v1", "Ingress", "ingresses", TRUE },
  { BN_KIND_CATEGORY_NETWORK, N_("Ingress Classes"), "networking.k8s.io", "v1", "IngressClass", "ingressclasses", FALSE },
  { BN_KIND_CATEGORY_NETWORK, N_("Network Policies"), "networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", TRUE },
  { BN_KIND_CATEGORY_CONFIG, N_("Config Maps"), "", "v1", "ConfigMap", "configmaps", TRUE },
  { BN_KIND_CATEGORY_CONFIG, N_("Secrets"), "", "v1", "Secret", "secrets", TRUE },
  { BN_KIND_CATEGORY_CONFIG, N_("Horizontal Pod Autoscalers"), "autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", TRUE },
  { BN_KIND_CATEGORY_CONFIG, N_("Pod Disruption Budgets"), "policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", TRUE },
  { BN_KIND_CATEGORY_CONFIG, N_("Resource Quotas"), "", "v1", "ResourceQuota", "resourcequotas", TRUE },
  { BN_KIND_CATEGORY_CONFIG, N_("Limit Ranges"), "", "v1", "LimitRange", "limitranges", TRUE },
  { BN_KIND_CATEGORY_CONFIG, N_("Priority Classes"), "scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", FALSE },
  { BN_KIND_CATEGORY_CONFIG, N_("Leases"), "coordination.k8s.io", "v1", "Lease", "leases", TRUE },
  { BN_KIND_CATEGORY_CONFIG, N_("Mutating Webhooks"), "admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", FALSE },
  { BN_KIND_CATEGORY_CONFIG, N_("Validating Webhooks"), "admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", FALSE },
  { BN_KIND_CATEGORY_STORAGE, N_("Persistent Volume Claims"), "", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", TRUE },
  { BN_KIND_CATEGORY_STORAGE, N_("Persistent Volumes"), "", "v1", "PersistentVolume", "persistentvolumes", FALSE },
  { BN_KIND_CATEGORY_STORAGE, N_("Storage Classes"), "storage.k8s.io", "v1", "StorageClass", "storageclasses", FALSE },
  { BN_KIND_CATEGORY_ACCESS, N_("Service Accounts"), "", "v1", "ServiceAccount", "serviceaccounts", TRUE },
  { BN_KIND_CATEGORY_ACCESS, N_("Roles"), "rbac.authorization.k8s.io", "v1", "Role", "roles", TRUE },
  { BN_KIND_CATEGORY_ACCESS, N_("Role Bindings"), "rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", TRUE },
  { BN_KIND_CATEGORY_ACCESS, N_("Cluster Roles"), "rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", FALSE },
  { BN_KIND_CATEGORY_ACCESS, N_("Cluster Role Bindings"), "rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", FALSE },
  { BN_KIND_CATEGORY_CLUSTER, N_("Nodes"), "", "v1", "Node", "nodes", FALSE },
  { BN_KIND_CATEGORY_CLUSTER, N_("Namespaces"), "", "v1", "Namespace", "namespaces", FALSE },
  { BN_KIND_CATEGORY_CLUSTER, N_("Events"), "", "v1", "Event", "events", TRUE },
  { BN_KIND_CATEGORY_CLUSTER, N_("Custom Resource Definitions"), "apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", FALSE },
};

/**
 * bn_kind_category_get_title:
 * @category: a #BnKindCategory
 *
 * Returns: (transfer none): the category's heading, translated
 */
const char *
bn_kind_category_get_title (BnKindCategory category)
{
  switch (category)
    {
    case BN_KIND_CATEGORY_WORKLOADS:
      return _("Workloads");
    case BN_KIND_CATEGORY_NETWORK:
      return _("Network");
    case BN_KIND_CATEGORY_CONFIG:
      return _("Config");
    case BN_KIND_CATEGORY_STORAGE:
      return _("Storage");
    case BN_KIND_CATEGORY_ACCESS:
      return _("Access");
    case BN_KIND_CATEGORY_CLUSTER:
      return _("Cluster");
    case BN_KIND_CATEGORY_N:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * bn_kind_catalog_get_n_kinds:
 *
 * Returns: how many built-in kinds the catalog lists
 */
guint
bn_kind_catalog_get_n_kinds (void)
{
  return G_N_ELEMENTS (kinds);
}

/**
 * bn_kind_catalog_get_category:
 * @position: a position below bn_kind_catalog_get_n_kinds()
 *
 * Returns: the category of the kind at @position
 */
BnKindCategory
bn_kind_catalog_get_category (guint position)
{
  g_return_val_if_fail (position < G_N_ELEMENTS (kinds), BN_KIND_CATEGORY_CLUSTER);

  return kinds[position].category;
}

/**
 * bn_kind_catalog_get_title:
 * @position: a position below bn_kind_catalog_get_n_kinds()
 *
 * Returns: (transfer none): the kind's name as the navigation shows it, translated
 */
const char *
bn_kind_catalog_get_title (guint position)
{
  g_return_val_if_fail (position < G_N_ELEMENTS (kinds), NULL);

  return _(kinds[position].title);
}

/**
 * bn_kind_catalog_new_type:
 * @position: a position below bn_kind_catalog_get_n_kinds()
 *
 * Returns: (transfer full): the resource type of the kind at @position, for when discovery
 *   has not told us better
 */
BnResourceType *
bn_kind_catalog_new_type (guint position)
{
  g_return_val_if_fail (position < G_N_ELEMENTS (kinds), NULL);

  return bn_resource_type_new (kinds[position].group, kinds[position].version,
                               kinds[position].kind, kinds[position].plural, NULL,
                               kinds[position].namespaced, all_verbs, NULL, NULL, NULL);
}

/**
 * bn_kind_catalog_find:
 * @plural: a resource name such as `deployments`
 * @group: (nullable): its API group, %NULL for any
 *
 * Returns: the kind's position, or -1 when the catalog does not list it
 */
int
bn_kind_catalog_find (const char *plural,
                      const char *group)
{
  g_return_val_if_fail (plural != NULL, -1);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].plural, plural) &&
        (group == NULL || g_str_equal (kinds[i].group, group)))
      return (int) i;

  return -1;
}
