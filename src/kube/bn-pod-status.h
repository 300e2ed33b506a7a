/* bn-pod-status.h: a pod's STATUS, READY and RESTARTS as kubectl prints them
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * BnContainerState:
 * @BN_CONTAINER_STATE_NONE: the status carries no state
 * @BN_CONTAINER_STATE_WAITING: `state.waiting`
 * @BN_CONTAINER_STATE_RUNNING: `state.running`
 * @BN_CONTAINER_STATE_TERMINATED: `state.terminated`
 *
 * Which member of a container status's `state` is set.
 */
typedef enum
{
  BN_CONTAINER_STATE_NONE,
  BN_CONTAINER_STATE_WAITING,
  BN_CONTAINER_STATE_RUNNING,
  BN_CONTAINER_STATE_TERMINATED,
} BnContainerState;

/**
 * BnContainerStatusInfo:
 * @name: (nullable): the container's name
 * @state: which state is set
 * @reason: (nullable): `state.waiting.reason` or `state.terminated.reason`
 * @exit_code: `state.terminated.exitCode`
 * @signal: `state.terminated.signal`
 * @ready: `ready`
 * @started: `started` is present and true
 * @restart_count: `restartCount`
 * @last_terminated_at: `lastState.terminated.finishedAt` in Unix seconds, 0 when absent
 *
 * The parts of one entry of `initContainerStatuses` or `containerStatuses` that kubectl's
 * pod printer reads.
 */
typedef struct
{
  const char       *name;
  BnContainerState  state;
  const char       *reason;
  gint64            exit_code;
  gint64            signal;
  gboolean          ready;
  gboolean          started;
  guint             restart_count;
  gint64            last_terminated_at;
} BnContainerStatusInfo;

/**
 * BnPodStatusInput:
 * @phase: (nullable): `status.phase`
 * @reason: (nullable): `status.reason`
 * @deleting: `metadata.deletionTimestamp` is set
 * @n_containers: the length of `spec.containers`
 * @n_init_containers: the length of `spec.initContainers`
 * @init_container_names: (array length=n_init_containers): names of `spec.initContainers`
 * @init_container_restartable: (array length=n_init_containers): whether each init container
 *   has `restartPolicy: Always` (a sidecar)
 * @init_statuses: (array length=n_init_statuses): `status.initContainerStatuses`
 * @n_init_statuses: their number
 * @statuses: (array length=n_statuses): `status.containerStatuses`
 * @n_statuses: their number
 * @initialized: the `Initialized` condition is `True`
 * @ready_condition: the `Ready` condition is `True`
 * @scheduling_gated: the `PodScheduled` condition has reason `SchedulingGated`
 *
 * What bn_pod_status_compute() needs to know about a pod.
 */
typedef struct
{
  const char                  *phase;
  const char                  *reason;
  gboolean                     deleting;
  guint                        n_containers;
  guint                        n_init_containers;
  const char *const           *init_container_names;
  const gboolean              *init_container_restartable;
  const BnContainerStatusInfo *init_statuses;
  guint                        n_init_statuses;
  const BnContainerStatusInfo *statuses;
  guint                        n_statuses;
  gboolean                     initialized;
  gboolean                     ready_condition;
  gboolean                     scheduling_gated;
} BnPodStatusInput;

/**
 * BnPodStatus:
 * @reason: the STATUS column (`Running`, `CrashLoopBackOff`, `Init:1/2`, `Terminating`, …)
 * @ready_containers: the left side of the READY column
 * @total_containers: the right side of the READY column (sidecars count)
 * @restarts: the number in the RESTARTS column
 * @last_restart_time: Unix seconds of the last restart, 0 if none (kubectl prints
 *   "N (Xs ago)" from it)
 *
 * The result of bn_pod_status_compute(). @reason is owned by the structure.
 */
typedef struct
{
  char   *reason;
  guint   ready_containers;
  guint   total_containers;
  guint   restarts;
  gint64  last_restart_time;
} BnPodStatus;

void  bn_pod_status_compute (const BnPodStatusInput *input,
                             BnPodStatus            *status);
void  bn_pod_status_clear   (BnPodStatus            *status);
char *bn_pod_status_string  (const BnPodStatusInput *input);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BnPodStatus, bn_pod_status_clear)

G_END_DECLS
