/* bn-sim-resources.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-sim-resources.h"

/* The kinds the simulated cluster serves, with the printer columns
 * upstream's server-side printers use, so `kubectl get` reads the same.
 */

static gboolean metrics_available = TRUE;

static JsonNode *
lookup_path (JsonObject *object,
             const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (object == NULL || !json_object_has_member (object, parts[i]))
        return NULL;
      node = json_object_get_member (object, parts[i]);
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }

  return node;
}

static const char *
lookup_string (JsonObject *object,
               const char *path)
{
  JsonNode *node = lookup_path (object, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
lookup_int (JsonObject *object,
            const char *path,
            gint64      fallback)
{
  JsonNode *node = lookup_path (object, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);
  return fallback;
}

static JsonArray *
lookup_array (JsonObject *object,
              const char *path)
{
  JsonNode *node = lookup_path (object, path);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static gint64
parse_time (const char *text)
{
  g_autoptr(GDateTime) time = text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return time ? g_date_time_to_unix (time) : 0;
}

static char *
encode_string (const char *value)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), value ? value : "");

  return json_to_string (node, FALSE);
}

/* Cells that read one path */

static char *
text_cell (JsonObject        *object,
           const BnSimColumn *column)
{
  const char *value = column->path != NULL ? lookup_string (object, column->path) : NULL;

  return encode_string (value != NULL ? value : column->fallback);
}

static char *
integer_cell (JsonObject        *object,
              const BnSimColumn *column)
{
  gint64 fallback = column->fallback != NULL ? g_ascii_strtoll (column->fallback, NULL, 10) : 0;

  return g_strdup_printf ("%" G_GINT64_FORMAT, lookup_int (object, column->path, fallback));
}

/* "2/3" from a path written as "status.readyReplicas/spec.replicas"; the whole is 1 unless set. */
static char *
fraction_cell (JsonObject        *object,
               const BnSimColumn *column)
{
  g_auto(GStrv) paths = g_strsplit (column->path, "/", 2);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                                           lookup_int (object, paths[0], 0),
                                           lookup_int (object, paths[1], 1));

  return encode_string (text);
}

static char *
member_count_cell (JsonObject        *object,
                   const BnSimColumn *column)
{
  JsonNode *node = lookup_path (object, column->path);

  return g_strdup_printf ("%u", node && JSON_NODE_HOLDS_OBJECT (node) ? json_object_get_size (json_node_get_object (node)) : 0);
}

/* "app=web,tier=frontend" */
static char *
labels_cell (JsonObject        *object,
             const BnSimColumn *column)
{
  JsonNode *labels = lookup_path (object, column->path);
  g_autoptr(GString) text = g_string_new (NULL);

  if (labels != NULL && JSON_NODE_HOLDS_OBJECT (labels))
    {
      g_autoptr(GList) keys = json_object_get_members (json_node_get_object (labels));

      for (const GList *l = keys; l != NULL; l = l->next)
        {
          if (text->len > 0)
            g_string_append_c (text, ',');
          g_string_append_printf (text, "%s=%s", (const char *) l->data,
                                  json_object_get_string_member_with_default (json_node_get_object (labels), l->data, ""));
        }
    }

  return encode_string (text->len > 0 ? text->str : column->fallback);
}

/* One member of every container in a pod template, comma separated; the column's path
 * names the member ("name", "image"). */
static char *
containers_cell (JsonObject        *object,
                 const BnSimColumn *column)
{
  JsonArray *containers = lookup_array (object, "spec.template.spec.containers");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
    {
      JsonObject *container = json_array_get_object_element (containers, i);

      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append (text, json_object_get_string_member_with_default (container, column->path, ""));
    }

  return encode_string (text->str);
}

#define NAME_COLUMN { "Name", "string", "name", "Name must be unique within a namespace.", 0, text_cell, "metadata.name", NULL }
#define AGE_COLUMN { "Age", "string", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0, NULL, NULL, NULL }
#define NONE_COLUMN(name, description, priority) { name, "string", "", description, priority, text_cell, NULL, "<none>" }
#define CONTAINERS_COLUMN { "Containers", "string", "", "Names of each container in the template.", 1, containers_cell, "name", NULL }
#define IMAGES_COLUMN { "Images", "string", "", "Images referenced by each container in the template.", 1, containers_cell, "image", NULL }

/* Pods */

typedef struct
{
  guint       ready;
  guint       total;
  const char *reason;
  gint64      restarts;
  gint64      last_restart;
} PodSummary;

static void
summarize_pod (JsonObject *object,
               PodSummary *pod)
{
  JsonArray *containers = lookup_array (object, "spec.containers");
  JsonArray *statuses = lookup_array (object, "status.containerStatuses");

  *pod = (PodSummary) { 0, };
  pod->total = containers ? json_array_get_length (containers) : 0;
  pod->reason = lookup_string (object, "status.reason");
  if (pod->reason == NULL)
    pod->reason = lookup_string (object, "status.phase");

  for (guint i = 0; statuses != NULL && i < json_array_get_length (statuses); i++)
    {
      JsonObject *status = json_array_get_object_element (statuses, i);
      const char *waiting;
      const char *terminated;

      if (status == NULL)
        continue;
      if (json_object_get_boolean_member_with_default (status, "ready", FALSE))
        pod->ready++;
      pod->restarts += json_object_get_int_member_with_default (status, "restartCount", 0);
      pod->last_restart = MAX (pod->last_restart, parse_time (lookup_string (status, "lastState.terminated.finishedAt")));
      waiting = lookup_string (status, "state.waiting.reason");
      terminated = lookup_string (status, "state.terminated.reason");
      if (waiting != NULL && *waiting != '\0')
        pod->reason = waiting;
      else if (terminated != NULL && *terminated != '\0')
        pod->reason = terminated;
    }

  if (lookup_string (object, "metadata.deletionTimestamp") != NULL)
    pod->reason = "Terminating";
}

static char *
pod_ready_cell (JsonObject        *object,
                const BnSimColumn *column)
{
  PodSummary pod;
  g_autofree char *text = NULL;

  summarize_pod (object, &pod);
  text = g_strdup_printf ("%u/%u", pod.ready, pod.total);
  return encode_string (text);
}

static char *
pod_status_cell (JsonObject        *object,
                 const BnSimColumn *column)
{
  PodSummary pod;

  summarize_pod (object, &pod);
  return encode_string (pod.reason ? pod.reason : "Unknown");
}

static char *
pod_restarts_cell (JsonObject        *object,
                   const BnSimColumn *column)
{
  PodSummary pod;

  summarize_pod (object, &pod);
  /* Upstream's printer adds when the last restart was, which ages with the clock. */
  if (pod.restarts != 0 && pod.last_restart != 0)
    return g_strdup_printf ("%c%" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                            BN_SIM_CELL_RESTARTS, pod.restarts, pod.last_restart);
  return g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", pod.restarts);
}

static const BnSimColumn pod_columns[] = {
  NAME_COLUMN,
  { "Ready", "string", "", "The aggregate readiness state of this pod for accepting traffic.", 0, pod_ready_cell, NULL, NULL },
  { "Status", "string", "", "The aggregate status of the containers in this pod.", 0, pod_status_cell, NULL, NULL },
  { "Restarts", "string", "", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.", 0, pod_restarts_cell, NULL, NULL },
  AGE_COLUMN,
  { "IP", "string", "", "IP address allocated to the pod.", 1, text_cell, "status.podIP", "<none>" },
  { "Node", "string", "", "Name of the node where the pod is scheduled.", 1, text_cell, "spec.nodeName", "<none>" },
  NONE_COLUMN ("Nominated Node", "Name of the node where the pod is nominated.", 1),
  NONE_COLUMN ("Readiness Gates", "Readiness gates.", 1),
};

/* Namespaces */

static const BnSimColumn namespace_columns[] = {
  NAME_COLUMN,
  { "Status", "string", "", "The status of the namespace", 0, text_cell, "status.phase", "Active" },
  AGE_COLUMN,
};

/* Nodes */

static char *
node_status_cell (JsonObject        *object,
                  const BnSimColumn *column)
{
  JsonArray *conditions = lookup_array (object, "status.conditions");
  const char *status = "Unknown";
  g_autofree char *text = NULL;

  for (guint i = 0; conditions != NULL && i < json_array_get_length (conditions); i++)
    {
      JsonObject *condition = json_array_get_object_element (conditions, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (condition, "type", ""), "Ready") == 0)
        status = g_strcmp0 (json_object_get_string_member_with_default (condition, "status", ""), "True") == 0
                 ? "Ready" : "NotReady";
    }

  if (lookup_path (object, "spec.unschedulable") != NULL &&
      json_node_get_boolean (lookup_path (object, "spec.unschedulable")))
    text = g_strdup_printf ("%s,SchedulingDisabled", status);
  else
    text = g_strdup (status);
  return encode_string (text);
}

static char *
node_roles_cell (JsonObject        *object,
                 const BnSimColumn *column)
{
  JsonNode *labels_node = lookup_path (object, "metadata.labels");
  g_autoptr(GString) roles = g_string_new (NULL);

  if (labels_node != NULL && JSON_NODE_HOLDS_OBJECT (labels_node))
    {
      g_autoptr(GList) keys = json_object_get_members (json_node_get_object (labels_node));

      for (const GList *l = keys; l != NULL; l = l->next)
        if (g_str_has_prefix (l->data, "node-role.kubernetes.io/"))
          {
            if (roles->len > 0)
              g_string_append_c (roles, ',');
            g_string_append (roles, (const char *) l->data + strlen ("node-role.kubernetes.io/"));
          }
    }

  return encode_string (roles->len > 0 ? roles->str : "<none>");
}

static char *
node_internal_ip_cell (JsonObject        *object,
                       const BnSimColumn *column)
{
  JsonArray *addresses = lookup_array (object, "status.addresses");
  const char *internal_ip = "<none>";

  for (guint i = 0; addresses != NULL && i < json_array_get_length (addresses); i++)
    {
      JsonObject *address = json_array_get_object_element (addresses, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (address, "type", ""), "InternalIP") == 0)
        internal_ip = json_object_get_string_member_with_default (address, "address", "<none>");
    }

  return encode_string (internal_ip);
}

static const BnSimColumn node_columns[] = {
  NAME_COLUMN,
  { "Status", "string", "", "The status of the node", 0, node_status_cell, NULL, NULL },
  { "Roles", "string", "", "The roles of the node", 0, node_roles_cell, NULL, NULL },
  AGE_COLUMN,
  { "Version", "string", "", "Kubelet Version reported by the node.", 0, text_cell, "status.nodeInfo.kubeletVersion", "" },
  { "Internal-IP", "string", "", "List of addresses reachable to the node.", 1, node_internal_ip_cell, NULL, NULL },
  NONE_COLUMN ("External-IP", "List of addresses reachable to the node.", 1),
  { "OS-Image", "string", "", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1, text_cell, "status.nodeInfo.osImage", "<unknown>" },
  { "Kernel-Version", "string", "", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1, text_cell, "status.nodeInfo.kernelVersion", "<unknown>" },
  { "Container-Runtime", "string", "", "Container runtime version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1, text_cell, "status.nodeInfo.containerRuntimeVersion", "<unknown>" },
};

/* Deployments and ReplicaSets */

static const BnSimColumn deployment_columns[] = {
  NAME_COLUMN,
  { "Ready", "string", "", "Number of the pod with ready state", 0, fraction_cell, "status.readyReplicas/spec.replicas", NULL },
  { "Up-to-date", "integer", "", "Total number of non-terminated pods targeted by this deployment that have the desired template spec.", 0, integer_cell, "status.updatedReplicas", NULL },
  { "Available", "integer", "", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.", 0, integer_cell, "status.availableReplicas", NULL },
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  { "Selector", "string", "", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.", 1, labels_cell, "spec.selector.matchLabels", "<none>" },
};

static const BnSimColumn replicaset_columns[] = {
  NAME_COLUMN,
  { "Desired", "integer", "", "Number of desired pods.", 0, integer_cell, "spec.replicas", "1" },
  { "Current", "integer", "", "Number of actual replicas.", 0, integer_cell, "status.replicas", NULL },
  { "Ready", "integer", "", "The number of ready replicas for this replica set.", 0, integer_cell, "status.readyReplicas", NULL },
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  { "Selector", "string", "", "Label selector for pods.", 1, labels_cell, "spec.selector.matchLabels", "<none>" },
};

/* Services */

static char *
service_ports_cell (JsonObject        *object,
                    const BnSimColumn *column)
{
  JsonArray *ports = lookup_array (object, "spec.ports");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; ports != NULL && i < json_array_get_length (ports); i++)
    {
      JsonObject *port = json_array_get_object_element (ports, i);

      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append_printf (text, "%" G_GINT64_FORMAT "/%s",
                              json_object_get_int_member_with_default (port, "port", 0),
                              json_object_get_string_member_with_default (port, "protocol", "TCP"));
    }

  return encode_string (text->len > 0 ? text->str : "<none>");
}

static const BnSimColumn service_columns[] = {
  NAME_COLUMN,
  { "Type", "string", "", "Type of the service.", 0, text_cell, "spec.type", "ClusterIP" },
  { "Cluster-IP", "string", "", "ClusterIP of the service.", 0, text_cell, "spec.clusterIP", "<none>" },
  NONE_COLUMN ("External-IP", "List of IP addresses for which nodes in the cluster will also accept traffic for this service.", 0),
  { "Port(s)", "string", "", "Ports exposed by the service.", 0, service_ports_cell, NULL, NULL },
  AGE_COLUMN,
  NONE_COLUMN ("Selector", "Route service traffic to pods with label keys and values matching this selector.", 1),
};

/* Jobs */

static gboolean
job_is_complete (JsonObject *object)
{
  return lookup_int (object, "status.succeeded", 0) >= lookup_int (object, "spec.completions", 1);
}

static char *
job_status_cell (JsonObject        *object,
                 const BnSimColumn *column)
{
  return encode_string (job_is_complete (object) ? "Complete" : "Running");
}

static char *
job_duration_cell (JsonObject        *object,
                   const BnSimColumn *column)
{
  return encode_string (job_is_complete (object) ? "12s" : "");
}

static const BnSimColumn job_columns[] = {
  NAME_COLUMN,
  { "Status", "string", "", "Status of the job.", 0, job_status_cell, NULL, NULL },
  { "Completions", "string", "", "The completion status of the job.", 0, fraction_cell, "status.succeeded/spec.completions", NULL },
  { "Duration", "string", "", "Time required to complete the job.", 0, job_duration_cell, NULL, NULL },
  AGE_COLUMN,
};

/* Events */

static char *
event_object_cell (JsonObject        *object,
                   const BnSimColumn *column)
{
  g_autofree char *involved = g_strdup_printf ("%s/%s",
                                               lookup_string (object, "involvedObject.kind") ?: "",
                                               lookup_string (object, "involvedObject.name") ?: "");
  g_autofree char *lower = g_ascii_strdown (involved, -1);

  return encode_string (lower);
}

static const BnSimColumn event_columns[] = {
  { "Last Seen", "string", "", "Time when this Event was last observed.", 0, NULL, NULL, NULL },
  { "Type", "string", "", "Type of this event (Normal, Warning), new types could be added in the future.", 0, text_cell, "type", NULL },
  { "Reason", "string", "", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.", 0, text_cell, "reason", NULL },
  { "Object", "string", "", "The object that this event is about.", 0, event_object_cell, NULL, NULL },
  { "Message", "string", "", "A human-readable description of the status of this operation.", 0, text_cell, "message", NULL },
  { "Name", "string", "name", "Name must be unique within a namespace.", 1, text_cell, "metadata.name", NULL },
};

/* ConfigMaps and Secrets */

static const BnSimColumn configmap_columns[] = {
  NAME_COLUMN,
  { "Data", "string", "", "Data contains the configuration data.", 0, member_count_cell, "data", NULL },
  AGE_COLUMN,
};

static const BnSimColumn secret_columns[] = {
  NAME_COLUMN,
  { "Type", "string", "", "The type of the secret", 0, text_cell, "type", "Opaque" },
  { "Data", "string", "", "The number of entries in the secret", 0, member_count_cell, "data", NULL },
  AGE_COLUMN,
};

/* The custom resource: printer columns as its CRD declares them. */

static const BnSimColumn widget_columns[] = {
  NAME_COLUMN,
  { "Size", "string", "", "How large the widget is", 0, text_cell, "spec.size", NULL },
  { "Replicas", "integer", "", "Desired replicas", 0, integer_cell, "spec.replicas", NULL },
  { "Phase", "string", "", "Lifecycle phase", 0, text_cell, "status.phase", NULL },
  AGE_COLUMN,
};

/* Everything else: Name and Age. */

static const BnSimColumn default_columns[] = {
  NAME_COLUMN,
  AGE_COLUMN,
};

static void
add_cells (const BnSimColumn *columns,
           guint              n_columns,
           JsonObject        *object,
           GPtrArray         *cells)
{
  for (guint i = 0; i < n_columns; i++)
    g_ptr_array_add (cells, columns[i].cell != NULL ? columns[i].cell (object, &columns[i]) : NULL);
}

/* Each kind's BnSimCellsFunc: the cells of its column table, in order. */
#define DEFINE_CELLS(kind)                                                      \
  static void                                                                   \
  kind##_cells (JsonObject *object,                                             \
                GPtrArray  *cells)                                              \
  {                                                                             \
    add_cells (kind##_columns, G_N_ELEMENTS (kind##_columns), object, cells);   \
  }

DEFINE_CELLS (pod)
DEFINE_CELLS (namespace)
DEFINE_CELLS (node)
DEFINE_CELLS (deployment)
DEFINE_CELLS (replicaset)
DEFINE_CELLS (service)
DEFINE_CELLS (job)
DEFINE_CELLS (event)
DEFINE_CELLS (configmap)
DEFINE_CELLS (secret)
DEFINE_CELLS (widget)
DEFINE_CELLS (default)

#define COLUMNS(kind) kind##_columns, G_N_ELEMENTS (kind##_columns), kind##_cells
#define RW "create delete deletecollection get list patch update watch"

static const BnSimResource resources[] = {
  { "", "v1", "namespaces", "namespace", "Namespace", FALSE, "create delete get list patch update watch", "ns", NULL, "finalize status", TRUE, COLUMNS (namespace), "Q3oi5N2YM8M=" },
  { "", "v1", "pods", "pod", "Pod", TRUE, RW, "po", "all", "attach binding ephemeralcontainers eviction exec log portforward proxy resize status", TRUE, COLUMNS (pod), "xPOwRZ+Yhw8=" },
  { "", "v1", "nodes", "node", "Node", FALSE, RW, "no", NULL, "proxy status", TRUE, COLUMNS (node), "XwShjMxG9Fs=" },
  { "", "v1", "services", "service", "Service", TRUE, RW, "svc", "all", "proxy status", TRUE, COLUMNS (service), "0/CO1lhkEBI=" },
  { "", "v1", "configmaps", "configmap", "ConfigMap", TRUE, RW, "cm", NULL, NULL, TRUE, COLUMNS (configmap), "qFsyl6wFWjQ=" },
  { "", "v1", "secrets", "secret", "Secret", TRUE, RW, NULL, NULL, NULL, TRUE, COLUMNS (secret), "S6u1pOWzb84=" },
  { "", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", TRUE, RW, "sa", NULL, "token", TRUE, COLUMNS (default), "pbx9ZvyFpBE=" },
  { "", "v1", "events", "event", "Event", TRUE, RW, "ev", NULL, NULL, TRUE, COLUMNS (event), "r2yiGXH7wu8=" },
  { "", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", TRUE, RW, "pvc", NULL, "status", TRUE, COLUMNS (default), "QWTyNDq0dC4=" },
  { "apps", "v1", "deployments", "deployment", "Deployment", TRUE, RW, "deploy", "all", "scale status", TRUE, COLUMNS (deployment), "8aSe+NMegvE=" },
  { "apps", "v1", "replicasets", "replicaset", "ReplicaSet", TRUE, RW, "rs", "all", "scale status", TRUE, COLUMNS (replicaset), "P1RzHs8/mWQ=" },
  { "apps", "v1", "statefulsets", "statefulset", "StatefulSet", TRUE, RW, "sts", "all", "scale status", TRUE, COLUMNS (default), "H+vl74LkKdo=" },
  { "apps", "v1", "daemonsets", "daemonset", "DaemonSet", TRUE, RW, "ds", "all", "status", TRUE, COLUMNS (default), "dd7pWHUlMKQ=" },
  { "batch", "v1", "jobs", "job", "Job", TRUE, RW, NULL, "all", "status", TRUE, COLUMNS (job), "mudhfqk/qZY=" },
  { "batch", "v1", "cronjobs", "cronjob", "CronJob", TRUE, RW, "cj", "all", "status", TRUE, COLUMNS (default), "sd5LIXh4Fjs=" },
  { "networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", TRUE, RW, "ing", NULL, "status", TRUE, COLUMNS (default), "39NQlfNR+bo=" },
  { "networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", TRUE, RW, "netpol", NULL, NULL, TRUE, COLUMNS (default), "YpfwF18m1G8=" },
  { "rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", FALSE, RW, NULL, NULL, NULL, TRUE, COLUMNS (default), "bYE5ZWDrJ44=" },
  { "rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", FALSE, RW, NULL, NULL, NULL, TRUE, COLUMNS (default), "48tpQ8gZHFc=" },
  { "rbac.authorization.k8s.io", "v1", "roles", "role", "Role", TRUE, RW, NULL, NULL, NULL, TRUE, COLUMNS (default), "7FuwZcIIItM=" },
  { "rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", TRUE, RW, NULL, NULL, NULL, TRUE, COLUMNS (default), "eGsCzGH6b1g=" },
  { "storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", FALSE, RW, "sc", NULL, NULL, TRUE, COLUMNS (default), "K+m6uJwbjGY=" },
  { "events.k8s.io", "v1", "events", "event", "Event", TRUE, RW, "ev", NULL, NULL, TRUE, COLUMNS (default), "r2yiGXH7wu8=" },
  { "apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", FALSE, RW, "crd crds", "api-extensions", "status", TRUE, COLUMNS (default), "jfWCUB31mvA=" },
  { "example.binnacle.dev", "v1", "widgets", "widget", "Widget", TRUE, RW, "wd", "all", NULL, TRUE, COLUMNS (widget), NULL },
  { "metrics.k8s.io", "v1beta1", "pods", "", "PodMetrics", TRUE, "get list", NULL, NULL, NULL, TRUE, COLUMNS (default), NULL },
  { "metrics.k8s.io", "v1beta1", "nodes", "", "NodeMetrics", FALSE, "get list", NULL, NULL, NULL, TRUE, COLUMNS (default), NULL },
  { "authorization.k8s.io", "v1", "selfsubjectaccessreviews", "selfsubjectaccessreview", "SelfSubjectAccessReview", FALSE, "create", NULL, NULL, NULL, FALSE, COLUMNS (default), NULL },
  { "authorization.k8s.io", "v1", "selfsubjectrulesreviews", "selfsubjectrulesreview", "SelfSubjectRulesReview", FALSE, "create", NULL, NULL, NULL, FALSE, COLUMNS (default), NULL },
  { "authentication.k8s.io", "v1", "selfsubjectreviews", "selfsubjectreview", "SelfSubjectReview", FALSE, "create", NULL, NULL, NULL, FALSE, COLUMNS (default), NULL },
};

/**
 * bn_sim_resources_get_all:
 * @n_resources: (out): the number of entries
 *
 * Returns: (transfer none): every kind the simulator serves, in discovery order
 */
const BnSimResource *
bn_sim_resources_get_all (guint *n_resources)
{
  *n_resources = G_N_ELEMENTS (resources);
  return resources;
}

const BnSimResource *
bn_sim_resources_lookup (const char *group,
                         const char *version,
                         const char *plural)
{
  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    if (g_str_equal (resources[i].group, group) &&
        (version == NULL || g_str_equal (resources[i].version, version)) &&
        g_str_equal (resources[i].plural, plural))
      return &resources[i];

  return NULL;
}

const BnSimResource *
bn_sim_resources_lookup_kind (const char *group,
                              const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    if (g_str_equal (resources[i].group, group) && g_str_equal (resources[i].kind, kind))
      return &resources[i];

  return NULL;
}

char *
bn_sim_resource_dup_group_version (const BnSimResource *resource)
{
  if (resource->group[0] == '\0')
    return g_strdup (resource->version);
  return g_strdup_printf ("%s/%s", resource->group, resource->version);
}

static gboolean
word_list_contains (const char *list,
                    const char *word)
{
  gsize len = strlen (word);

  if (list == NULL || len == 0)
    return FALSE;

  for (const char *p = list; (p = strstr (p, word)) != NULL; p += len)
    if ((p == list || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\0'))
      return TRUE;

  return FALSE;
}

gboolean
bn_sim_resource_has_verb (const BnSimResource *resource,
                          const char          *verb)
{
  return word_list_contains (resource->verbs, verb);
}

gboolean
bn_sim_resource_has_subresource (const BnSimResource *resource,
                                 const char          *subresource)
{
  return word_list_contains (resource->subresources, subresource);
}

/**
 * bn_sim_resource_subresource_kind:
 *
 * Describes a subresource the way discovery lists it.
 *
 * Returns: the kind served on the subresource
 */
const char *
bn_sim_resource_subresource_kind (const BnSimResource *resource,
                                  const char          *subresource,
                                  const char         **group,
                                  const char         **version,
                                  const char         **verbs)
{
  *group = resource->group;
  *version = resource->version;

  if (g_str_equal (subresource, "status"))
    {
      *verbs = "get patch update";
      return resource->kind;
    }
  if (g_str_equal (subresource, "scale"))
    {
      *group = "autoscaling";
      *version = "v1";
      *verbs = "get patch update";
      return "Scale";
    }
  if (g_str_equal (subresource, "log"))
    {
      *verbs = "get";
      return "Pod";
    }
  if (g_str_equal (subresource, "exec") || g_str_equal (subresource, "attach") ||
      g_str_equal (subresource, "portforward"))
    {
      *verbs = "create get";
      return "PodExecOptions";
    }
  if (g_str_equal (subresource, "eviction"))
    {
      *group = "policy";
      *verbs = "create";
      return "Eviction";
    }
  if (g_str_equal (subresource, "binding"))
    {
      *verbs = "create";
      return "Binding";
    }
  if (g_str_equal (subresource, "token"))
    {
      *group = "authentication.k8s.io";
      *verbs = "create";
      return "TokenRequest";
    }
  if (g_str_equal (subresource, "proxy"))
    {
      *verbs = "create delete get patch update";
      return resource->kind;
    }
  *verbs = "get patch update";
  return resource->kind;
}

void
bn_sim_resources_set_metrics_available (gboolean available)
{
  metrics_available = available;
}

gboolean
bn_sim_resources_get_metrics_available (void)
{
  return metrics_available;
}

/**
 * bn_sim_format_age:
 * @seconds: elapsed time
 *
 * Formats a duration the way the apiserver's printers do
 * (apimachinery's HumanDuration).
 *
 * Returns: (transfer full): text such as "45s", "3m12s", "5h2m" or "12d"
 */
char *
bn_sim_format_age (gint64 seconds)
{
  gint64 minutes, hours;

  if (seconds < -1)
    return g_strdup ("<invalid>");
  if (seconds < 0)
    return g_strdup ("0s");
  if (seconds < 120)
    return g_strdup_printf ("%" G_GINT64_FORMAT "s", seconds);

  minutes = seconds / 60;
  if (minutes < 10)
    return seconds % 60 == 0
           ? g_strdup_printf ("%" G_GINT64_FORMAT "m", minutes)
           : g_strdup_printf ("%" G_GINT64_FORMAT "m%" G_GINT64_FORMAT "s", minutes, seconds % 60);
  if (minutes < 180)
    return g_strdup_printf ("%" G_GINT64_FORMAT "m", minutes);

  hours = minutes / 60;
  if (hours < 8)
    return minutes % 60 == 0
           ? g_strdup_printf ("%" G_GINT64_FORMAT "h", hours)
           : g_strdup_printf ("%" G_GINT64_FORMAT "h%" G_GINT64_FORMAT "m", hours, minutes % 60);
  if (hours < 48)
    return g_strdup_printf ("%" G_GINT64_FORMAT "h", hours);
  if (hours < 24 * 8)
    return hours % 24 == 0
           ? g_strdup_printf ("%" G_GINT64_FORMAT "d", hours / 24)
           : g_strdup_printf ("%" G_GINT64_FORMAT "d%" G_GINT64_FORMAT "h", hours / 24, hours % 24);
  if (hours < 24 * 365 * 2)
    return g_strdup_printf ("%" G_GINT64_FORMAT "d", hours / 24);
  if (hours < 24 * 365 * 8)
    return (hours / 24) % 365 == 0
           ? g_strdup_printf ("%" G_GINT64_FORMAT "y", hours / 24 / 365)
           : g_strdup_printf ("%" G_GINT64_FORMAT "y%" G_GINT64_FORMAT "d", hours / 24 / 365, (hours / 24) % 365);
  return g_strdup_printf ("%" G_GINT64_FORMAT "y", hours / 24 / 365);
}

/**
 * bn_sim_format_cell:
 * @cell: (nullable): a cell from a BnSimCellsFunc
 * @now: the unix time of the response
 *
 * Renders the cells that depend on the clock; others are returned as
 * they are.
 *
 * Returns: (transfer full): the JSON-encoded cell
 */
char *
bn_sim_format_cell (const char *cell,
                    gint64      now)
{
  g_autofree char *since = NULL;
  g_autofree char *text = NULL;
  gint64 restarts;
  gint64 last;
  char *end;

  if (cell == NULL || cell[0] != BN_SIM_CELL_RESTARTS)
    return g_strdup (cell);

  restarts = g_ascii_strtoll (cell + 1, &end, 10);
  last = g_ascii_strtoll (end, NULL, 10);
  since = bn_sim_format_age (now - last);
  text = g_strdup_printf ("%" G_GINT64_FORMAT " (%s ago)", restarts, since);
  return encode_string (text);
}
