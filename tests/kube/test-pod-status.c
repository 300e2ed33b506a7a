/* test-pod-status.c: the STATUS, READY and RESTARTS columns, one case per kubectl rule
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-json-scan.h"
#include "bn-pod-status.h"

#define ONE_CONTAINER "{\"containers\":[{\"name\":\"app\"}]}"
#define TWO_CONTAINERS "{\"containers\":[{\"name\":\"app\"},{\"name\":\"side\"}]}"
#define TWO_INITS "{\"initContainers\":[{\"name\":\"init-a\"},{\"name\":\"init-b\"}],\"containers\":[{\"name\":\"app\"}]}"
#define RUNNING_READY "{\"name\":\"app\",\"ready\":true,\"restartCount\":0,\"state\":{\"running\":{\"startedAt\":\"2024-05-20T00:00:00Z\"}}}"
#define LAST_OOM "\"lastState\":{\"terminated\":{\"exitCode\":137,\"reason\":\"OOMKilled\",\"finishedAt\":\"2024-05-20T10:00:00Z\"}}"

typedef struct
{
  const char *name;
  const char *spec;
  const char *status;
  gboolean    deleting;
  const char *expected_status;
  guint       ready;
  guint       total;
  guint       restarts;
  gint64      last_restart;
} PodCase;

/* 2024-05-20T10:00:00Z */
#define T_LAST 1716199200

static const PodCase cases[] = {
  { "running", ONE_CONTAINER,
    "{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}],"
    "\"containerStatuses\":[" RUNNING_READY "]}",
    FALSE, "Running", 1, 1, 0, 0 },
  { "pending", ONE_CONTAINER, "{\"phase\":\"Pending\"}", FALSE, "Pending", 0, 1, 0, 0 },
  { "container-creating", ONE_CONTAINER,
    "{\"phase\":\"Pending\",\"containerStatuses\":[{\"name\":\"app\",\"ready\":false,\"restartCount\":0,"
    "\"state\":{\"waiting\":{\"reason\":\"ContainerCreating\"}}}]}",
    FALSE, "ContainerCreating", 0, 1, 0, 0 },
  { "crash-loop-back-off", ONE_CONTAINER,
    "{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"app\",\"ready\":false,\"restartCount\":5,"
    "\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\",\"message\":\"back-off 2m40s\"}}," LAST_OOM "}]}",
    FALSE, "CrashLoopBackOff", 0, 1, 5, T_LAST },
  { "image-pull-back-off", ONE_CONTAINER,
    "{\"phase\":\"Pending\",\"containerStatuses\":[{\"name\":\"app\",\"ready\":false,\"restartCount\":0,"
    "\"state\":{\"waiting\":{\"reason\":\"ImagePullBackOff\"}}}]}",
    FALSE, "ImagePullBackOff", 0, 1, 0, 0 },
  { "completed", ONE_CONTAINER,
    "{\"phase\":\"Succeeded\",\"containerStatuses\":[{\"name\":\"app\",\"ready\":false,\"restartCount\":0,"
    "\"state\":{\"terminated\":{\"exitCode\":0,\"reason\":\"Completed\"}}}]}",
    FALSE, "Completed", 0, 1, 0, 0 },
  { "error", ONE_CONTAINER,
    "{\"phase\":\"Failed\",\"containerStatuses\":[{\"name\":\"app\",\"ready\":false,\"restartCount\":0,"
    "\"state\":{\"terminated\":{\"exitCode\":1,\"reason\":\"Error\"}}}]}",
    FALSE, "Error", 0, 1, 0, 0 },
  { "oom-killed", ONE_CONTAINER,
    "{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"app\",\"ready\":false,\"restartCount\":1,"
    "\"state\":{\"terminated\":{\"exitCode\":137,\"reason\":\"OOMKilled\"}}}]}",
    FALSE, "OOMKilled", 0, 1, 1, 0 },
  { "exit-code", ONE_CONTAINER,
    "{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"app\",\"ready\":false,\"restartCount\":0,"
    "\"state\":{\"terminated\":{\"exitCode\":137}}}]}",
    FALSE, "ExitCode:137", 0, 1, 0, 0 },
  { "signal", ONE_CONTAINER,
    "{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"app\",\"ready\":false,\"restartCount\":0,"
    "\"state\":{\"terminated\":{\"exitCode\":0,\"signal\":9}}}]}",
    FALSE, "Signal:9", 0, 1, 0, 0 },
  { "init-running", TWO_INITS,
    "{\"phase\":\"Pending\",\"initContainerStatuses\":[{\"name\":\"init-a\",\"ready\":false,\"restartCount\":0,"
    "\"state\":{\"running\":{}}},{\"name\":\"init-b\",\"ready\":false,\"restartCount\":0,"
    "\"state\":{\"waiting\":{\"reason\":\"PodInitializing\"}}}],\"containerStatuses\":[{\"name\":\"app\","
    "\"ready\":false,\"restartCount\":0,\"state\":{\"waiting\":{\"reason\":\"PodInitializing\"}}}]}",
    FALSE, "Init:0/2", 0, 1, 0, 0 },
  { "init-second", TWO_INITS,
    "{\"phase\":\"Pending\",\"initContainerStatuses\":[{\"name\":\"init-a\",\"ready\":false,\"restartCount\":0,"
    "\"state\":{\"terminated\":{\"exitCode\":0,\"reason\":\"Completed\"}}},{\"name\":\"init-b\",\"ready\":false,"
    "\"restartCount\":0,\"state\":{\"waiting\":{\"reason\":\"PodInitializing\"}}}]}",
    FALSE, "Init:1/2", 0, 1, 0, 0 },
  { "init-crash-loop-back-off", TWO_INITS,
    "{\"phase\":\"Pending\",\"initContainerStatuses\":[{\"name\":\"init-a\",\"ready\":false,\"restartCount\":4,"
    "\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}}," LAST_OOM "},{\"name\":\"init-b\",\"ready\":false,"
    "\"restartCount\":3,\"state\":{\"waiting\":{\"reason\":\"PodInitializing\"}}}],"
    "\"containerStatuses\":[{\"name\":\"app\",\"ready\":false,\"restartCount\":9,"
    "\"state\":{\"waiting\":{\"reason\":\"PodInitializing\"}}}]}",
    FALSE, "Init:CrashLoopBackOff", 0, 1, 4, T_LAST },
  { "init-error", TWO_INITS,
    "{\"phase\":\"Pending\",\"initContainerStatuses\":[{\"name\":\"init-a\",\"ready\":false,\"restartCount\":0,"
    "\"state\":{\"terminated\":{\"exitCode\":1,\"reason\":\"Error\"}}}]}",
    FALSE, "Init:Error", 0, 1, 0, 0 },
  { "init-exit-code", TWO_INITS,
    "{\"phase\":\"Pending\",\"initContainerStatuses\":[{\"name\":\"init-a\",\"ready\":false,\"restartCount\":0,"
    "\"state\":{\"terminated\":{\"exitCode\":2}}}]}",
    FALSE, "Init:ExitCode:2", 0, 1, 0, 0 },
  { "init-signal", TWO_INITS,
    "{\"phase\":\"Pending\",\"initContainerStatuses\":[{\"name\":\"init-a\",\"ready\":false,\"restartCount\":0,"
    "\"state\":{\"terminated\":{\"exitCode\":143,\"signal\":15}}}]}",
    FALSE, "Init:Signal:15", 0, 1, 0, 0 },
  { "initialized-condition-wins", TWO_INITS,
    "{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Initialized\",\"status\":\"True\"}],"
    "\"initContainerStatuses\":[{\"name\":\"init-a\",\"ready\":false,\"restartCount\":2,"
    "\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}}}],\"containerStatuses\":[" RUNNING_READY "]}",
    FALSE, "Init:CrashLoopBackOff", 1, 1, 0, 0 },
  { "terminating", ONE_CONTAINER,
    "{\"phase\":\"Running\",\"containerStatuses\":[" RUNNING_READY "]}",
    TRUE, "Terminating", 1, 1, 0, 0 },
  { "deleted-after-success", ONE_CONTAINER,
    "{\"phase\":\"Succeeded\",\"containerStatuses\":[{\"name\":\"app\",\"ready\":false,\"restartCount\":0,"
    "\"state\":{\"terminated\":{\"exitCode\":0,\"reason\":\"Completed\"}}}]}",
    TRUE, "Completed", 0, 1, 0, 0 },
  { "node-lost-deleted", ONE_CONTAINER,
    "{\"phase\":\"Running\",\"reason\":\"NodeLost\",\"containerStatuses\":[" RUNNING_READY "]}",
    TRUE, "Unknown", 1, 1, 0, 0 },
  { "node-lost", ONE_CONTAINER,
    "{\"phase\":\"Running\",\"reason\":\"NodeLost\"}",
    FALSE, "NodeLost", 0, 1, 0, 0 },
  { "evicted", ONE_CONTAINER,
    "{\"phase\":\"Failed\",\"reason\":\"Evicted\",\"message\":\"The node was low on resource: memory.\"}",
    FALSE, "Evicted", 0, 1, 0, 0 },
  { "scheduling-gated", ONE_CONTAINER,
    "{\"phase\":\"Pending\",\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"False\","
    "\"reason\":\"SchedulingGated\"}]}",
    FALSE, "SchedulingGated", 0, 1, 0, 0 },
  { "not-ready", TWO_CONTAINERS,
    "{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}],"
    "\"containerStatuses\":[" RUNNING_READY ",{\"name\":\"side\",\"ready\":false,\"restartCount\":0,"
    "\"state\":{\"terminated\":{\"exitCode\":0,\"reason\":\"Completed\"}}}]}",
    FALSE, "NotReady", 1, 2, 0, 0 },
  { "completed-but-running", TWO_CONTAINERS,
    "{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}],"
    "\"containerStatuses\":[" RUNNING_READY ",{\"name\":\"side\",\"ready\":false,\"restartCount\":0,"
    "\"state\":{\"terminated\":{\"exitCode\":0,\"reason\":\"Completed\"}}}]}",
    FALSE, "Running", 1, 2, 0, 0 },
  { "first-container-wins", TWO_CONTAINERS,
    "{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"app\",\"ready\":false,\"restartCount\":1,"
    "\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}}},{\"name\":\"side\",\"ready\":false,"
    "\"restartCount\":2,\"state\":{\"waiting\":{\"reason\":\"ImagePullBackOff\"}}}]}",
    FALSE, "CrashLoopBackOff", 0, 2, 3, 0 },
  { "sidecar", "{\"initContainers\":[{\"name\":\"proxy\",\"restartPolicy\":\"Always\"}],"
    "\"containers\":[{\"name\":\"app\"}]}",
    "{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Initialized\",\"status\":\"True\"},"
    "{\"type\":\"Ready\",\"status\":\"True\"}],\"initContainerStatuses\":[{\"name\":\"proxy\",\"ready\":true,"
    "\"started\":true,\"restartCount\":3," LAST_OOM ",\"state\":{\"running\":{}}}],"
    "\"containerStatuses\":[" RUNNING_READY "]}",
    FALSE, "Running", 2, 2, 3, T_LAST },
  { "sidecar-starting", "{\"initContainers\":[{\"name\":\"proxy\",\"restartPolicy\":\"Always\"},"
    "{\"name\":\"migrate\"}],\"containers\":[{\"name\":\"app\"}]}",
    "{\"phase\":\"Pending\",\"initContainerStatuses\":[{\"name\":\"proxy\",\"ready\":false,"
    "\"started\":true,\"restartCount\":0,\"state\":{\"running\":{}}},{\"name\":\"migrate\",\"ready\":false,"
    "\"restartCount\":0,\"state\":{\"running\":{}}}]}",
    FALSE, "Init:1/2", 0, 2, 0, 0 },
};

static void
test_pod_case (gconstpointer data)
{
  const PodCase *c = data;
  g_autofree char *json = g_strdup_printf ("{\"metadata\":{\"name\":\"%s\",\"uid\":\"u\"%s},"
                                           "\"spec\":%s,\"status\":%s}",
                                           c->name,
                                           c->deleting ? ",\"deletionTimestamp\":\"2024-05-21T00:00:00Z\"" : "",
                                           c->spec, c->status);
  g_autoptr(GError) error = NULL;
  g_autoptr(BnObjectSnapshot) snapshot =
    bn_json_scan_object (json, strlen (json), 0, BN_OBJECT_KIND_POD, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (bn_object_snapshot_get_status (snapshot), ==, c->expected_status);
  g_assert_cmpuint (bn_object_snapshot_get_pod_ready_containers (snapshot), ==, c->ready);
  g_assert_cmpuint (bn_object_snapshot_get_pod_total_containers (snapshot), ==, c->total);
  g_assert_cmpuint (bn_object_snapshot_get_pod_restarts (snapshot), ==, c->restarts);
  g_assert_cmpint (bn_object_snapshot_get_pod_last_restart_time (snapshot), ==, c->last_restart);
}

static void
test_direct_input (void)
{
  BnContainerStatusInfo waiting = { .name = "app", .state = BN_CONTAINER_STATE_WAITING,
                                    .reason = "ErrImagePull", .restart_count = 2 };
  BnPodStatusInput input = { .phase = "Pending", .n_containers = 1, .statuses = &waiting, .n_statuses = 1 };
  BnPodStatusInput empty = { 0 };
  g_autofree char *text = bn_pod_status_string (&input);
  g_autofree char *nothing = bn_pod_status_string (&empty);
  g_auto(BnPodStatus) status = { 0 };

  g_assert_cmpstr (text, ==, "ErrImagePull");
  g_assert_cmpstr (nothing, ==, "");

  bn_pod_status_compute (&input, &status);
  g_assert_cmpuint (status.restarts, ==, 2);
  g_assert_cmpuint (status.ready_containers, ==, 0);
  g_assert_cmpuint (status.total_containers, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/binnacle/pod-status/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_pod_case);
    }
  g_test_add_func ("/binnacle/pod-status/direct-input", test_direct_input);

  return g_test_run ();
}
