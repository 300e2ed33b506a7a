/* bn-sim-scenario.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-sim-rbac.h"
#include "bn-sim-scenario.h"
#include "bn-sim-yaml.h"

/* What the simulated cluster holds at start: `demo` is a small cluster
 * with some life in it, `scale:N` adds N realistic pods (about 9 KB each,
 * managedFields included) and `churn:R` keeps R pods changing per second.
 */

#define POD_TEMPLATE_PATH "/dev/binnacle/Sim/pod-template.json"

struct _BnSimChurn
{
  BnSimStore *store;
  char       *cursor;      /* key of the pod changed last */
  guint       rate;
  guint       source_id;
  guint64     counter;
  double      debt;
  gint64      last_tick;
};

static JsonObject *
parse_object (const char *text,
              gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, text, length, NULL))
    g_error ("Scenario data is not valid JSON");
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static GBytes *
pod_template (void)
{
  static GBytes *bytes;

  if (bytes == NULL)
    bytes = g_resources_lookup_data (POD_TEMPLATE_PATH, 0, NULL);
  g_assert (bytes != NULL);
  return bytes;
}

static char *
hash_for (const char *text,
          guint       length)
{
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, text, -1);

  return g_strndup (sum, length);
}

static void
set_object (JsonObject *parent,
            const char *member,
            JsonObject *child)
{
  json_object_set_object_member (parent, member, child);
}

/* The container's last run ended @seconds_ago: kubectl shows restarts
 * as "14 (1m ago)", so the time must be recent, not the template's.
 */
static void
set_last_termination (JsonObject *container,
                      gboolean    crashed,
                      gint64      seconds_ago)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *started = bn_sim_format_timestamp (now - seconds_ago - 5);
  g_autofree char *finished = bn_sim_format_timestamp (now - seconds_ago);
  JsonObject *terminated = json_object_new ();
  JsonObject *last = json_object_new ();
  JsonObject *state = json_object_get_object_member (container, "state");

  json_object_set_int_member (terminated, "exitCode", crashed ? 1 : 137);
  json_object_set_string_member (terminated, "reason", crashed ? "Error" : "OOMKilled");
  json_object_set_string_member (terminated, "startedAt", started);
  json_object_set_string_member (terminated, "finishedAt", finished);
  json_object_set_object_member (last, "terminated", terminated);
  json_object_set_object_member (container, "lastState", last);

  if (state != NULL && json_object_has_member (state, "running"))
    json_object_set_string_member (json_object_get_object_member (state, "running"), "startedAt", finished);
}

/**
 * bn_sim_scenario_make_pod:
 * @node: (nullable): the node, or %NULL for a pod not scheduled yet
 * @phase: Running, Pending, Succeeded or Failed
 * @waiting_reason: (nullable): e.g. "CrashLoopBackOff"
 *
 * Returns: (transfer full): a pod shaped like a real one, with a sidecar,
 *   probes, volumes and managedFields
 */
JsonObject *
bn_sim_scenario_make_pod (const char *namespace,
                          const char *app,
                          const char *name,
                          const char *node,
                          const char *phase,
                          gint64      restarts,
                          const char *waiting_reason,
                          gint64      age_seconds)
{
  GBytes *bytes = pod_template ();
  JsonObject *pod = parse_object (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  JsonObject *metadata = json_object_get_object_member (pod, "metadata");
  JsonObject *labels = json_object_get_object_member (metadata, "labels");
  JsonObject *spec = json_object_get_object_member (pod, "spec");
  JsonObject *status = json_object_get_object_member (pod, "status");
  JsonArray *owners = json_object_get_array_member (metadata, "ownerReferences");
  JsonArray *statuses = json_object_get_array_member (status, "containerStatuses");
  g_autofree char *hash = hash_for (app, 10);
  g_autofree char *owner = g_strdup_printf ("%s-%s", app, hash);
  g_autofree char *generate_name = g_strdup_printf ("%s-", owner);
  g_autofree char *uid = g_uuid_string_random ();
  g_autofree char *created = bn_sim_format_timestamp (g_get_real_time () / G_USEC_PER_SEC - age_seconds);
  guint ip_seed = g_str_hash (name) ^ g_str_hash (namespace);
  g_autofree char *ip = g_strdup_printf ("10.%u.%u.%u", 64 + (ip_seed >> 16) % 64, (ip_seed >> 8) % 256, 2 + ip_seed % 250);
  gboolean running = g_str_equal (phase, "Running");

  json_object_set_string_member (metadata, "name", name);
  json_object_set_string_member (metadata, "generateName", generate_name);
  json_object_set_string_member (metadata, "namespace", namespace);
  json_object_set_string_member (metadata, "uid", uid);
  json_object_set_string_member (metadata, "creationTimestamp", created);
  json_object_remove_member (metadata, "resourceVersion");
  /* Present from the start so churn can change it without a JSON round trip. */
  json_object_set_string_member (json_object_get_object_member (metadata, "annotations"), "sim.binnacle.dev/churn", "0");
  json_object_set_string_member (labels, "app", app);
  json_object_set_string_member (labels, "app.kubernetes.io/name", app);
  json_object_set_string_member (labels, "pod-template-hash", hash);
  json_object_set_string_member (json_array_get_object_element (owners, 0), "name", owner);

  if (node != NULL)
    json_object_set_string_member (spec, "nodeName", node);
  else
    json_object_remove_member (spec, "nodeName");

  json_object_set_string_member (status, "phase", phase);
  json_object_set_string_member (status, "startTime", created);

  if (node == NULL)
    {
      JsonObject *condition = json_object_new ();

      json_object_remove_member (status, "containerStatuses");
      json_object_remove_member (status, "podIP");
      json_object_remove_member (status, "podIPs");
      json_object_remove_member (status, "hostIP");
      json_object_remove_member (status, "hostIPs");
      json_object_remove_member (status, "startTime");
      json_object_set_string_member (condition, "type", "PodScheduled");
      json_object_set_string_member (condition, "status", "False");
      json_object_set_null_member (condition, "lastProbeTime");
      json_object_set_string_member (condition, "lastTransitionTime", created);
      json_object_set_string_member (condition, "reason", "Unschedulable");
      json_object_set_string_member (condition, "message",
                                     "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are "
                                     "available: 3 No preemption victims found for incoming pod.");
      json_object_set_array_member (status, "conditions", json_array_new ());
      json_array_add_object_element (json_object_get_array_member (status, "conditions"), condition);
      return pod;
    }

  json_object_set_string_member (status, "podIP", ip);
  json_object_set_string_member (json_array_get_object_element (json_object_get_array_member (status, "podIPs"), 0),
                                 "ip", ip);

  for (guint i = 0; i < json_array_get_length (statuses); i++)
    {
      JsonObject *container = json_array_get_object_element (statuses, i);
      JsonObject *state = json_object_new ();
      JsonObject *detail = json_object_new ();
      gboolean first = i == 0;

      json_object_set_int_member (container, "restartCount", first ? restarts : 0);
      if (first && waiting_reason != NULL)
        {
          g_autofree char *message = g_strdup_printf ("back-off 5m0s restarting failed container=app pod=%s_%s(%s)",
                                                      name, namespace, uid);

          json_object_set_string_member (detail, "reason", waiting_reason);
          json_object_set_string_member (detail, "message", message);
          json_object_set_object_member (state, "waiting", detail);
          json_object_set_boolean_member (container, "ready", FALSE);
          json_object_set_boolean_member (container, "started", FALSE);
        }
      else if (!running)
        {
          json_object_set_int_member (detail, "exitCode", 0);
          json_object_set_string_member (detail, "reason", "Completed");
          json_object_set_string_member (detail, "startedAt", created);
          json_object_set_string_member (detail, "finishedAt", created);
          json_object_set_object_member (state, "terminated", detail);
          json_object_set_boolean_member (container, "ready", FALSE);
          json_object_set_boolean_member (container, "started", FALSE);
        }
      else
        {
          json_object_set_string_member (detail, "startedAt", created);
          json_object_set_object_member (state, "running", detail);
          json_object_set_boolean_member (container, "ready", TRUE);
        }
      set_object (container, "state", state);
      if (restarts == 0 || !first)
        json_object_remove_member (container, "lastState");
      else
        set_last_termination (container, waiting_reason != NULL, MIN (age_seconds, 60));
    }

  return pod;
}

static void
put (BnSimStore *store,
     const char *group,
     const char *plural,
     JsonObject *object)
{
  const BnSimResource *resource = bn_sim_resources_lookup (group, NULL, plural);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnSimObject) stored = NULL;

  g_assert (resource != NULL);
  stored = bn_sim_store_create (store, resource, object, FALSE, &error);
  if (stored == NULL)
    g_warning ("Scenario object rejected: %s", error->message);
  json_object_unref (object);
}

static void
put_json (BnSimStore *store,
          const char *group,
          const char *plural,
          const char *json)
{
  put (store, group, plural, parse_object (json, strlen (json)));
}

static void
put_printf (BnSimStore *store,
            const char *group,
            const char *plural,
            const char *format,
            ...) G_GNUC_PRINTF (4, 5);

static void
put_printf (BnSimStore *store,
            const char *group,
            const char *plural,
            const char *format,
            ...)
{
  g_autofree char *json = NULL;
  va_list args;

  va_start (args, format);
  json = g_strdup_vprintf (format, args);
  va_end (args);
  put_json (store, group, plural, json);
}

static char *
ago (gint64 seconds)
{
  return bn_sim_format_timestamp (g_get_real_time () / G_USEC_PER_SEC - seconds);
}

static void
add_namespace (BnSimStore *store,
               const char *name,
               gint64      age)
{
  g_autofree char *created = ago (age);

  put_printf (store, "", "namespaces",
              "{\"metadata\":{\"name\":\"%s\",\"creationTimestamp\":\"%s\","
              "\"labels\":{\"kubernetes.io/metadata.name\":\"%s\"}},"
              "\"spec\":{\"finalizers\":[\"kubernetes\"]},\"status\":{\"phase\":\"Active\"}}",
              name, created, name);
  put_printf (store, "", "serviceaccounts",
              "{\"metadata\":{\"name\":\"default\",\"namespace\":\"%s\",\"creationTimestamp\":\"%s\"}}",
              name, created);
}

static void
add_node (BnSimStore *store,
          const char *name,
          gboolean    control_plane,
          guint       index,
          gint64      age)
{
  g_autofree char *created = ago (age);
  g_autofree char *heartbeat = ago (12);

  put_printf (store, "", "nodes",
              "{\"metadata\":{\"name\":\"%s\",\"creationTimestamp\":\"%s\",\"labels\":{"
              "\"beta.kubernetes.io/arch\":\"amd64\",\"beta.kubernetes.io/os\":\"linux\","
              "\"kubernetes.io/arch\":\"amd64\",\"kubernetes.io/hostname\":\"%s\",\"kubernetes.io/os\":\"linux\","
              "\"topology.kubernetes.io/zone\":\"zone-%c\"%s},"
              "\"annotations\":{\"node.alpha.kubernetes.io/ttl\":\"0\","
              "\"volumes.kubernetes.io/controller-managed-attach-detach\":\"true\"}},"
              "\"spec\":{\"podCIDR\":\"10.244.%u.0/24\",\"podCIDRs\":[\"10.244.%u.0/24\"]%s},"
              "\"status\":{\"capacity\":{\"cpu\":\"8\",\"ephemeral-storage\":\"102626232Ki\",\"memory\":\"32863308Ki\",\"pods\":\"110\"},"
              "\"allocatable\":{\"cpu\":\"7910m\",\"ephemeral-storage\":\"94580335255\",\"memory\":\"31712332Ki\",\"pods\":\"110\"},"
              "\"conditions\":["
              "{\"type\":\"MemoryPressure\",\"status\":\"False\",\"lastHeartbeatTime\":\"%s\",\"lastTransitionTime\":\"%s\",\"reason\":\"KubeletHasSufficientMemory\",\"message\":\"kubelet has sufficient memory available\"},"
              "{\"type\":\"DiskPressure\",\"status\":\"False\",\"lastHeartbeatTime\":\"%s\",\"lastTransitionTime\":\"%s\",\"reason\":\"KubeletHasNoDiskPressure\",\"message\":\"kubelet has no disk pressure\"},"
              "{\"type\":\"PIDPressure\",\"status\":\"False\",\"lastHeartbeatTime\":\"%s\",\"lastTransitionTime\":\"%s\",\"reason\":\"KubeletHasSufficientPID\",\"message\":\"kubelet has sufficient PID available\"},"
              "{\"type\":\"Ready\",\"status\":\"True\",\"lastHeartbeatTime\":\"%s\",\"lastTransitionTime\":\"%s\",\"reason\":\"KubeletReady\",\"message\":\"kubelet is posting ready status\"}],"
              "\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"10.0.%u.%u\"},{\"type\":\"Hostname\",\"address\":\"%s\"}],"
              "\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":10250}},"
              "\"nodeInfo\":{\"machineID\":\"%s\",\"systemUUID\":\"%s\",\"bootID\":\"%s\",\"kernelVersion\":\"6.1.0-28-amd64\","
              "\"osImage\":\"Debian GNU/Linux 12 (bookworm)\",\"containerRuntimeVersion\":\"containerd://1.7.24\","
              "\"kubeletVersion\":\"v1.33.0\",\"kubeProxyVersion\":\"\",\"operatingSystem\":\"linux\",\"architecture\":\"amd64\"}}}",
              name, created, name, 'a' + index % 3,
              control_plane ? ",\"node-role.kubernetes.io/control-plane\":\"\"" : "",
              index % 256, index % 256,
              control_plane ? ",\"taints\":[{\"key\":\"node-role.kubernetes.io/control-plane\",\"effect\":\"NoSchedule\"}]" : "",
              heartbeat, created, heartbeat, created, heartbeat, created, heartbeat, created,
              index / 250, 10 + index % 240, name,
              name, name, name);
}

/* A deployment settled at revision 3: its ReplicaSet carries the same
 * pod template (plus the hash label), so the controller sees nothing
 * to roll until something changes.
 */
static void
add_deployment (BnSimStore *store,
                const char *namespace,
                const char *app,
                const char *image,
                gint64      replicas,
                gint64      ready,
                gint64      age)
{
  const BnSimResource *deployments = bn_sim_resources_lookup ("apps", "v1", "deployments");
  g_autofree char *created = ago (age);
  g_autofree char *hash = hash_for (app, 10);
  g_autofree char *spec = g_strdup_printf ("\"spec\":{\"containers\":[{\"name\":\"app\","
                                           "\"image\":\"%s\",\"ports\":[{\"containerPort\":8080,\"protocol\":\"TCP\"}],"
                                           "\"resources\":{\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"}}}],"
                                           "\"terminationGracePeriodSeconds\":30}", image);
  g_autofree char *ready_counts = NULL;
  g_autofree char *unavailable = NULL;
  BnSimObject *deployment;

  /* The status is exactly what the controller would write, so it writes nothing. */
  if (ready > 0)
    ready_counts = g_strdup_printf (",\"readyReplicas\":%" G_GINT64_FORMAT ",\"availableReplicas\":%" G_GINT64_FORMAT,
                                    ready, ready);
  if (replicas - ready > 0)
    unavailable = g_strdup_printf (",\"unavailableReplicas\":%" G_GINT64_FORMAT, replicas - ready);
  put_printf (store, "apps", "deployments",
              "{\"metadata\":{\"name\":\"%s\",\"namespace\":\"%s\",\"creationTimestamp\":\"%s\",\"generation\":3,"
              "\"labels\":{\"app\":\"%s\"},\"annotations\":{\"deployment.kubernetes.io/revision\":\"3\"}},"
              "\"spec\":{\"replicas\":%" G_GINT64_FORMAT ",\"selector\":{\"matchLabels\":{\"app\":\"%s\"}},"
              "\"template\":{\"metadata\":{\"labels\":{\"app\":\"%s\"}},%s},"
              "\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":\"25%%\",\"maxSurge\":\"25%%\"}},"
              "\"revisionHistoryLimit\":10,\"progressDeadlineSeconds\":600},"
              "\"status\":{\"observedGeneration\":3,\"replicas\":%" G_GINT64_FORMAT ",\"updatedReplicas\":%" G_GINT64_FORMAT "%s%s,"
              "\"conditions\":[{\"type\":\"Available\",\"status\":\"%s\",\"lastUpdateTime\":\"%s\",\"lastTransitionTime\":\"%s\","
              "\"reason\":\"%s\",\"message\":\"%s\"},"
              "{\"type\":\"Progressing\",\"status\":\"True\",\"lastUpdateTime\":\"%s\",\"lastTransitionTime\":\"%s\","
              "\"reason\":\"NewReplicaSetAvailable\",\"message\":\"ReplicaSet \\\"%s-%s\\\" has successfully progressed.\"}]}}",
              app, namespace, created, app, replicas, app, app, spec,
              replicas, replicas, ready_counts ? ready_counts : "", unavailable ? unavailable : "",
              ready == replicas ? "True" : "False", created, created,
              ready == replicas ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
              ready == replicas ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
              created, created, app, hash);
  deployment = bn_sim_store_get (store, deployments, namespace, app);
  g_assert (deployment != NULL);

  put_printf (store, "apps", "replicasets",
              "{\"metadata\":{\"name\":\"%s-%s\",\"namespace\":\"%s\",\"creationTimestamp\":\"%s\","
              "\"labels\":{\"app\":\"%s\",\"pod-template-hash\":\"%s\"},"
              "\"annotations\":{\"deployment.kubernetes.io/revision\":\"3\"},"
              "\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"%s\","
              "\"uid\":\"%s\",\"controller\":true,\"blockOwnerDeletion\":true}]},"
              "\"spec\":{\"replicas\":%" G_GINT64_FORMAT ",\"selector\":{\"matchLabels\":{\"app\":\"%s\",\"pod-template-hash\":\"%s\"}},"
              "\"template\":{\"metadata\":{\"labels\":{\"app\":\"%s\",\"pod-template-hash\":\"%s\"}},%s}},"
              "\"status\":{\"replicas\":%" G_GINT64_FORMAT ",\"fullyLabeledReplicas\":%" G_GINT64_FORMAT "%s,"
              "\"observedGeneration\":1}}",
              app, hash, namespace, created, app, hash, app, deployment->uid, replicas, app, hash, app, hash, spec,
              replicas, replicas, ready_counts ? ready_counts : "");
}

/* Points a pod's owner reference at its ReplicaSet's real uid. */
static JsonObject *
owned_pod (BnSimStore *store,
           JsonObject *pod)
{
  const BnSimResource *replicasets = bn_sim_resources_lookup ("apps", "v1", "replicasets");
  JsonObject *metadata = json_object_get_object_member (pod, "metadata");
  JsonObject *owner = json_array_get_object_element (json_object_get_array_member (metadata, "ownerReferences"), 0);
  BnSimObject *rs = bn_sim_store_get (store, replicasets, json_object_get_string_member (metadata, "namespace"),
                                      json_object_get_string_member (owner, "name"));

  if (rs != NULL)
    json_object_set_string_member (owner, "uid", rs->uid);
  return pod;
}

static void
add_pods (BnSimStore *store,
          const char *namespace,
          const char *app,
          guint       count,
          guint       node_count,
          const char *node_prefix,
          gint64      age)
{
  static const char letters[] = "bcdfghjklmnpqrstvwxz2456789";

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *hash = hash_for (app, 10);
      g_autofree char *node = g_strdup_printf ("%s%u", node_prefix, 1 + i % node_count);
      g_autofree char *name = g_strdup_printf ("%s-%s-%c%c%c%c%c", app, hash,
                                               letters[(i * 7) % 27], letters[(i * 3 + 1) % 27],
                                               letters[(i / 27) % 27], letters[(i / 729) % 27],
                                               letters[(i * 11 + 5) % 27]);

      put (store, "", "pods",
           owned_pod (store, bn_sim_scenario_make_pod (namespace, app, name, node, "Running", 0, NULL, age - 60)));
    }
}

static const char *
pod_uid (BnSimStore *store,
         const char *namespace,
         const char *name)
{
  BnSimObject *pod = bn_sim_store_get (store, bn_sim_resources_lookup ("", "v1", "pods"), namespace, name);

  return pod ? pod->uid : "";
}

static void
add_demo (BnSimStore *store)
{
  g_autofree char *week = ago (7 * 86400);
  g_autofree char *hour = ago (3600);
  g_autofree char *now = ago (30);
  const char *namespaces[] = { "default", "kube-system", "kube-public", "dev", "shop", "monitoring", "batch", NULL };

  for (guint i = 0; namespaces[i] != NULL; i++)
    add_namespace (store, namespaces[i], 30 * 86400 - i * 3600);

  add_node (store, "node-1", TRUE, 1, 30 * 86400);
  add_node (store, "node-2", FALSE, 2, 30 * 86400);
  add_node (store, "node-3", FALSE, 3, 29 * 86400);

  add_deployment (store, "kube-system", "coredns", "registry.k8s.io/coredns/coredns:v1.12.0", 2, 2, 30 * 86400);
  add_pods (store, "kube-system", "coredns", 2, 3, "node-", 30 * 86400);
  add_deployment (store, "shop", "web", "registry.example.com/shop/web:2.4.1", 3, 3, 9 * 86400);
  add_pods (store, "shop", "web", 3, 3, "node-", 9 * 86400);
  add_deployment (store, "shop", "api", "registry.example.com/shop/api:1.6.5", 2, 2, 9 * 86400);
  add_pods (store, "shop", "api", 2, 3, "node-", 2 * 86400);
  add_deployment (store, "shop", "payments", "registry.example.com/shop/payments:0.9.0", 1, 0, 86400);
  put (store, "", "pods",
       owned_pod (store, bn_sim_scenario_make_pod ("shop", "payments", "payments-7f9c4b8d6-x2k4q", "node-2", "Running", 14,
                                                   "CrashLoopBackOff", 86400)));
  add_deployment (store, "monitoring", "prometheus", "quay.io/prometheus/prometheus:v3.1.0", 1, 1, 20 * 86400);
  add_pods (store, "monitoring", "prometheus", 1, 3, "node-", 20 * 86400);
  add_deployment (store, "dev", "sandbox", "registry.example.com/dev/sandbox:latest", 1, 1, 3600);
  add_pods (store, "dev", "sandbox", 1, 3, "node-", 3600);
  put (store, "", "pods",
       bn_sim_scenario_make_pod ("dev", "big-job", "big-job-6d5f7c9b8-q8wzt", NULL, "Pending", 0, NULL, 600));

  put_printf (store, "batch", "jobs",
              "{\"metadata\":{\"name\":\"report-nightly\",\"namespace\":\"batch\",\"creationTimestamp\":\"%s\"},"
              "\"spec\":{\"completions\":1,\"parallelism\":1,\"backoffLimit\":6,\"template\":{\"spec\":{\"restartPolicy\":\"Never\","
              "\"containers\":[{\"name\":\"report\",\"image\":\"registry.example.com/batch/report:1.0\"}]}}},"
              "\"status\":{\"succeeded\":1,\"startTime\":\"%s\",\"completionTime\":\"%s\","
              "\"conditions\":[{\"type\":\"Complete\",\"status\":\"True\"}]}}", hour, hour, hour);
  put (store, "", "pods",
       bn_sim_scenario_make_pod ("batch", "report-nightly", "report-nightly-4kq9z", "node-3", "Succeeded", 0, NULL, 3600));
  put_printf (store, "batch", "cronjobs",
              "{\"metadata\":{\"name\":\"report-nightly\",\"namespace\":\"batch\",\"creationTimestamp\":\"%s\"},"
              "\"spec\":{\"schedule\":\"0 2 * * *\",\"jobTemplate\":{\"spec\":{\"template\":{\"spec\":{\"restartPolicy\":\"Never\","
              "\"containers\":[{\"name\":\"report\",\"image\":\"registry.example.com/batch/report:1.0\"}]}}}}},"
              "\"status\":{}}", week);

  put_printf (store, "", "services",
              "{\"metadata\":{\"name\":\"kubernetes\",\"namespace\":\"default\",\"creationTimestamp\":\"%s\","
              "\"labels\":{\"component\":\"apiserver\",\"provider\":\"kubernetes\"}},"
              "\"spec\":{\"type\":\"ClusterIP\",\"clusterIP\":\"10.96.0.1\",\"ports\":[{\"name\":\"https\",\"port\":443,"
              "\"protocol\":\"TCP\",\"targetPort\":6443}]}}", week);
  put_printf (store, "", "services",
              "{\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\",\"creationTimestamp\":\"%s\"},"
              "\"spec\":{\"type\":\"ClusterIP\",\"clusterIP\":\"10.96.12.40\",\"selector\":{\"app\":\"web\"},"
              "\"ports\":[{\"port\":80,\"protocol\":\"TCP\",\"targetPort\":8080}]}}", week);
  put_printf (store, "", "configmaps",
              "{\"metadata\":{\"name\":\"web-config\",\"namespace\":\"shop\",\"creationTimestamp\":\"%s\"},"
              "\"data\":{\"config.yaml\":\"listen: :8080\\nlog: info\\n\"}}", week);
  put_printf (store, "", "secrets",
              "{\"metadata\":{\"name\":\"db-credentials\",\"namespace\":\"shop\",\"creationTimestamp\":\"%s\"},"
              "\"type\":\"Opaque\",\"data\":{\"password\":\"bm90LWEtcmVhbC1wYXNzd29yZA==\"}}", week);
  put_printf (store, "", "secrets",
              "{\"metadata\":{\"name\":\"dev-token\",\"namespace\":\"dev\",\"creationTimestamp\":\"%s\"},"
              "\"type\":\"Opaque\",\"data\":{\"token\":\"ZGV2\"}}", week);

  /* With the pods' uids, so kubectl describe finds them. */
  put_printf (store, "", "events",
              "{\"metadata\":{\"name\":\"payments-7f9c4b8d6-x2k4q.1801\",\"namespace\":\"shop\",\"creationTimestamp\":\"%s\"},"
              "\"involvedObject\":{\"kind\":\"Pod\",\"namespace\":\"shop\",\"name\":\"payments-7f9c4b8d6-x2k4q\","
              "\"uid\":\"%s\",\"apiVersion\":\"v1\",\"fieldPath\":\"spec.containers{app}\"},"
              "\"reason\":\"BackOff\",\"message\":\"Back-off restarting failed container app in pod payments-7f9c4b8d6-x2k4q_shop\","
              "\"source\":{\"component\":\"kubelet\",\"host\":\"node-2\"},\"firstTimestamp\":\"%s\",\"lastTimestamp\":\"%s\","
              "\"count\":212,\"type\":\"Warning\",\"reportingComponent\":\"kubelet\"}",
              now, pod_uid (store, "shop", "payments-7f9c4b8d6-x2k4q"), hour, now);
  put_printf (store, "", "events",
              "{\"metadata\":{\"name\":\"big-job-6d5f7c9b8-q8wzt.1802\",\"namespace\":\"dev\",\"creationTimestamp\":\"%s\"},"
              "\"involvedObject\":{\"kind\":\"Pod\",\"namespace\":\"dev\",\"name\":\"big-job-6d5f7c9b8-q8wzt\","
              "\"uid\":\"%s\",\"apiVersion\":\"v1\"},"
              "\"reason\":\"FailedScheduling\",\"message\":\"0/3 nodes are available: 3 Insufficient memory.\","
              "\"source\":{\"component\":\"default-scheduler\"},\"firstTimestamp\":\"%s\",\"lastTimestamp\":\"%s\","
              "\"count\":9,\"type\":\"Warning\",\"reportingComponent\":\"default-scheduler\"}",
              now, pod_uid (store, "dev", "big-job-6d5f7c9b8-q8wzt"), hour, now);

  put_printf (store, "apiextensions.k8s.io", "customresourcedefinitions",
              "{\"metadata\":{\"name\":\"widgets.example.binnacle.dev\",\"creationTimestamp\":\"%s\"},"
              "\"spec\":{\"group\":\"example.binnacle.dev\",\"scope\":\"Namespaced\","
              "\"names\":{\"plural\":\"widgets\",\"singular\":\"widget\",\"kind\":\"Widget\",\"listKind\":\"WidgetList\","
              "\"shortNames\":[\"wd\"],\"categories\":[\"all\"]},"
              "\"versions\":[{\"name\":\"v1\",\"served\":true,\"storage\":true,"
              "\"schema\":{\"openAPIV3Schema\":{\"type\":\"object\",\"properties\":{\"spec\":{\"type\":\"object\","
              "\"properties\":{\"size\":{\"type\":\"string\"},\"replicas\":{\"type\":\"integer\"}}},"
              "\"status\":{\"type\":\"object\",\"properties\":{\"phase\":{\"type\":\"string\"}}}}}},"
              "\"additionalPrinterColumns\":["
              "{\"name\":\"Size\",\"type\":\"string\",\"description\":\"How large the widget is\",\"jsonPath\":\".spec.size\"},"
              "{\"name\":\"Replicas\",\"type\":\"integer\",\"description\":\"Desired replicas\",\"jsonPath\":\".spec.replicas\"},"
              "{\"name\":\"Phase\",\"type\":\"string\",\"description\":\"Lifecycle phase\",\"jsonPath\":\".status.phase\"},"
              "{\"name\":\"Age\",\"type\":\"date\",\"jsonPath\":\".metadata.creationTimestamp\"}]}]},"
              "\"status\":{\"conditions\":[{\"type\":\"Established\",\"status\":\"True\"},{\"type\":\"NamesAccepted\",\"status\":\"True\"}],"
              "\"acceptedNames\":{\"plural\":\"widgets\",\"singular\":\"widget\",\"kind\":\"Widget\",\"listKind\":\"WidgetList\","
              "\"shortNames\":[\"wd\"],\"categories\":[\"all\"]},\"storedVersions\":[\"v1\"]}}", week);
  put_printf (store, "example.binnacle.dev", "widgets",
              "{\"apiVersion\":\"example.binnacle.dev/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"sprocket\",\"namespace\":\"shop\",\"creationTimestamp\":\"%s\"},"
              "\"spec\":{\"size\":\"large\",\"replicas\":3},\"status\":{\"phase\":\"Ready\"}}", week);
  put_printf (store, "example.binnacle.dev", "widgets",
              "{\"apiVersion\":\"example.binnacle.dev/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"gizmo\",\"namespace\":\"shop\",\"creationTimestamp\":\"%s\"},"
              "\"spec\":{\"size\":\"small\",\"replicas\":1},\"status\":{\"phase\":\"Provisioning\"}}", hour);
  put_printf (store, "storage.k8s.io", "storageclasses",
              "{\"metadata\":{\"name\":\"standard\",\"creationTimestamp\":\"%s\","
              "\"annotations\":{\"storageclass.kubernetes.io/is-default-class\":\"true\"}},"
              "\"provisioner\":\"rancher.io/local-path\",\"reclaimPolicy\":\"Delete\",\"volumeBindingMode\":\"WaitForFirstConsumer\"}", week);
}

static void
add_scale (BnSimStore *store,
           guint       count)
{
  guint n_namespaces = MAX (1, MIN (10, count / 1000 + 1));
  guint n_nodes = MAX (3, count / 100);
  static const char *apps[] = { "api", "web", "worker", "cache", "gateway", "search", "billing", "auth" };

  for (guint i = 0; i < n_namespaces; i++)
    {
      g_autofree char *name = g_strdup_printf ("load-%u", i);
      const BnSimResource *namespaces = bn_sim_resources_lookup ("", "v1", "namespaces");

      if (bn_sim_store_get (store, namespaces, NULL, name) == NULL)
        add_namespace (store, name, 86400);
    }

  for (guint i = 0; i < n_nodes; i++)
    {
      g_autofree char *name = g_strdup_printf ("load-node-%u", i + 1);
      const BnSimResource *nodes = bn_sim_resources_lookup ("", "v1", "nodes");

      if (bn_sim_store_get (store, nodes, NULL, name) == NULL)
        add_node (store, name, FALSE, 10 + i, 86400);
    }

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *namespace = g_strdup_printf ("load-%u", i % n_namespaces);
      const char *app = apps[i % G_N_ELEMENTS (apps)];
      g_autofree char *node = g_strdup_printf ("load-node-%u", 1 + i % n_nodes);
      g_autofree char *hash = hash_for (app, 10);
      g_autofree char *name = g_strdup_printf ("%s-%s-%05u", app, hash, i);
      JsonObject *pod = bn_sim_scenario_make_pod (namespace, app, name, node, "Running", i % 17 == 0 ? i % 5 : 0,
                                                  NULL, 3600 + (i * 37) % 86400);

      /* Load pods go at once when deleted: benchmarks count DELETED events, not grace periods. */
      json_object_set_int_member (json_object_get_object_member (pod, "spec"), "terminationGracePeriodSeconds", 0);
      put (store, "", "pods", pod);
    }
}

/* A manifest file: every document is stored as it is (List kinds are
 * unpacked), in order, so namespaces should come first.
 */
static gboolean
add_file (BnSimStore  *store,
          const char  *path,
          GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error) ||
      (documents = bn_sim_yaml_load_documents (contents, length, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < documents->len; i++)
    {
      JsonNode *node = g_ptr_array_index (documents, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *kind = object ? json_object_get_string_member_with_default (object, "kind", "") : "";
      const char *api_version = object ? json_object_get_string_member_with_default (object, "apiVersion", "") : "";
      const char *slash = strchr (api_version, '/');
      g_autofree char *group = slash ? g_strndup (api_version, slash - api_version) : g_strdup ("");
      const BnSimResource *resource;
      g_autoptr(BnSimObject) stored = NULL;
      g_autoptr(GError) local_error = NULL;

      if (object != NULL && g_str_has_suffix (kind, "List") && json_object_has_member (object, "items") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "items")))
        {
          JsonArray *items = json_object_get_array_member (object, "items");

          for (guint j = 0; j < json_array_get_length (items); j++)
            g_ptr_array_add (documents, json_node_copy (json_array_get_element (items, j)));
          continue;
        }

      resource = bn_sim_resources_lookup_kind (group, kind);
      if (resource == NULL || !resource->stored)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: document %u: no kind \"%s\" in \"%s\"", path, i + 1, kind, api_version);
          return FALSE;
        }

      stored = bn_sim_store_create (store, resource, object, FALSE, &local_error);
      if (stored == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: document %u: %s",
                       path, i + 1, local_error->message);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * bn_sim_scenario_load:
 * @spec: scenario names joined by "+": "demo", "scale:N", "churn:R",
 *   "empty", or a path to a YAML (or JSON) manifest file
 * @churn_rate: (out): the requested churn rate, 0 if none
 *
 * Fills @store and forgets the history of doing so, so the first
 * resourceVersion a client sees is the state of a settled cluster.
 */
gboolean
bn_sim_scenario_load (BnSimStore  *store,
                      const char  *spec,
                      guint       *churn_rate,
                      GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, "+", -1);
  gboolean has_base = FALSE;

  *churn_rate = 0;
  bn_sim_rbac_seed (store);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = parts[i];
      guint64 value = 0;

      if (g_str_equal (part, "demo"))
        {
          add_demo (store);
          has_base = TRUE;
        }
      else if (g_str_equal (part, "empty"))
        {
          add_namespace (store, "default", 86400);
          add_namespace (store, "dev", 86400);
          has_base = TRUE;
        }
      else if (g_str_has_prefix (part, "scale:") &&
               g_ascii_string_to_unsigned (part + 6, 10, 0, 2000000, &value, NULL))
        {
          if (!has_base)
            {
              add_namespace (store, "default", 86400);
              add_namespace (store, "dev", 86400);
              has_base = TRUE;
            }
          add_scale (store, value);
        }
      else if (g_str_has_suffix (part, ".yaml") || g_str_has_suffix (part, ".yml") ||
               g_str_has_suffix (part, ".json"))
        {
          if (!has_base)
            {
              add_namespace (store, "default", 86400);
              has_base = TRUE;
            }
          if (!add_file (store, part, error))
            return FALSE;
        }
      else if (g_str_has_prefix (part, "churn:") &&
               g_ascii_string_to_unsigned (part + 6, 10, 0, 100000, &value, NULL))
        *churn_rate = value;
      else
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "Unknown scenario “%s”: expected demo, empty, scale:N, churn:R or FILE.yaml", part);
          return FALSE;
        }
    }

  if (!has_base)
    add_demo (store);

  bn_sim_store_forget_history (store);
  return TRUE;
}

/* The demo keeps a little life: its crash-looping pod restarts again
 * every LIFE_INTERVAL seconds, and the BackOff event counts it.
 */

#define LIFE_INTERVAL 15
#define CRASHING_POD "payments-7f9c4b8d6-x2k4q"

static void
bump_restart (BnSimStore *store)
{
  const BnSimResource *pods = bn_sim_resources_lookup ("", "v1", "pods");
  BnSimObject *pod = bn_sim_store_get (store, pods, "shop", CRASHING_POD);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(BnSimObject) stored = NULL;
  JsonObject *status;
  JsonArray *statuses;
  JsonObject *first;

  if (pod == NULL)
    return;

  object = bn_sim_object_parse (pod);
  status = json_object_get_object_member (object, "status");
  statuses = status && json_object_has_member (status, "containerStatuses")
             ? json_object_get_array_member (status, "containerStatuses") : NULL;
  if (statuses == NULL || json_array_get_length (statuses) == 0)
    return;

  first = json_array_get_object_element (statuses, 0);
  json_object_set_int_member (first, "restartCount",
                              json_object_get_int_member_with_default (first, "restartCount", 0) + 1);
  set_last_termination (first, TRUE, 0);
  stored = bn_sim_store_update (store, pods, object, FALSE, NULL);
}

static void
bump_event (BnSimStore *store)
{
  const BnSimResource *events = bn_sim_resources_lookup ("", "v1", "events");
  BnSimObject *event = bn_sim_store_get (store, events, "shop", CRASHING_POD ".1801");
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(BnSimObject) stored = NULL;
  g_autofree char *now = bn_sim_format_timestamp (g_get_real_time () / G_USEC_PER_SEC);

  if (event == NULL)
    return;

  object = bn_sim_object_parse (event);
  json_object_set_int_member (object, "count", json_object_get_int_member_with_default (object, "count", 0) + 1);
  json_object_set_string_member (object, "lastTimestamp", now);
  stored = bn_sim_store_update (store, events, object, FALSE, NULL);
}

static gboolean
demo_life_cb (gpointer user_data)
{
  BnSimStore *store = user_data;

  bump_restart (store);
  bump_event (store);
  return G_SOURCE_CONTINUE;
}

/**
 * bn_sim_scenario_start_life:
 *
 * Starts the demo's background changes; harmless when the demo's
 * objects are absent.
 *
 * Returns: the source id
 */
guint
bn_sim_scenario_start_life (BnSimStore *store)
{
  return g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, LIFE_INTERVAL, demo_life_cb,
                                     g_object_ref (store), g_object_unref);
}

/* Churn */

static gboolean
pick_cb (BnSimObject  *object,
         gpointer      user_data)
{
  *(BnSimObject **) user_data = object;
  return FALSE;
}

static void
churn_once (BnSimChurn *self)
{
  const BnSimResource *pods = bn_sim_resources_lookup ("", "v1", "pods");
  BnSimObject *picked = NULL;
  g_autoptr(BnSimObject) stored = NULL;
  g_autofree char *value = NULL;

  /* Walk the pods in order, one step per change: O(log n) and fair. */
  bn_sim_store_foreach (self->store, pods, NULL, self->cursor, pick_cb, &picked);
  if (picked == NULL && self->cursor != NULL)
    {
      g_clear_pointer (&self->cursor, g_free);
      bn_sim_store_foreach (self->store, pods, NULL, NULL, pick_cb, &picked);
    }
  if (picked == NULL)
    return;

  g_free (self->cursor);
  self->cursor = g_strdup (picked->key);
  value = g_strdup_printf ("%" G_GUINT64_FORMAT, ++self->counter);
  stored = bn_sim_store_touch (self->store, picked, "sim.binnacle.dev/churn", value);
}

static gboolean
churn_tick_cb (gpointer user_data)
{
  BnSimChurn *self = user_data;
  gint64 now = g_get_monotonic_time ();
  guint due;

  self->debt += (now - self->last_tick) * (double) self->rate / G_USEC_PER_SEC;
  self->last_tick = now;
  due = (guint) self->debt;
  self->debt -= due;

  for (guint i = 0; i < due; i++)
    churn_once (self);

  return G_SOURCE_CONTINUE;
}

/**
 * bn_sim_churn_new:
 * @events_per_second: pods to modify per second; 0 pauses
 *
 * Returns: (transfer full): a churn generator modifying random pods
 */
BnSimChurn *
bn_sim_churn_new (BnSimStore *store,
                  guint       events_per_second)
{
  BnSimChurn *self = g_new0 (BnSimChurn, 1);

  self->store = g_object_ref (store);
  bn_sim_churn_set_rate (self, events_per_second);
  return self;
}

void
bn_sim_churn_set_rate (BnSimChurn *self,
                       guint       events_per_second)
{
  self->rate = events_per_second;
  self->debt = 0;
  self->last_tick = g_get_monotonic_time ();
  if (events_per_second > 0 && self->source_id == 0)
    self->source_id = g_timeout_add (10, churn_tick_cb, self);
  else if (events_per_second == 0)
    g_clear_handle_id (&self->source_id, g_source_remove);
}

guint
bn_sim_churn_get_rate (BnSimChurn *self)
{
  return self->rate;
}

void
bn_sim_churn_free (BnSimChurn *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->source_id, g_source_remove);
  g_clear_object (&self->store);
  g_free (self->cursor);
  g_free (self);
}
