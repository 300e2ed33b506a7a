/* bn-pod-status.c: a pod's STATUS, READY and RESTARTS as kubectl prints them
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-pod-status.h"

/* The rules below follow printPod() in kubernetes/pkg/printers/internalversion/printers.go,
 * in the same order, so that a row reads exactly as `kubectl get pods` prints it. */

static gboolean
is_restartable_init_container (const BnPodStatusInput *input,
                               const char             *name)
{
  if (name == NULL || input->init_container_restartable == NULL)
    return FALSE;

  for (guint i = 0; i < input->n_init_containers; i++)
    {
      const char *spec_name = input->init_container_names ? input->init_container_names[i] : NULL;

      if (spec_name != NULL && g_str_equal (spec_name, name))
        return input->init_container_restartable[i];
    }

  return FALSE;
}

static gboolean
is_empty (const char *s)
{
  return s == NULL || *s == '\0';
}

static char *
terminated_reason (const BnContainerStatusInfo *container,
                   const char                  *prefix)
{
  if (!is_empty (container->reason))
    return g_strconcat (prefix, container->reason, NULL);
  if (container->signal != 0)
    return g_strdup_printf ("%sSignal:%" G_GINT64_FORMAT, prefix, container->signal);
  return g_strdup_printf ("%sExitCode:%" G_GINT64_FORMAT, prefix, container->exit_code);
}

/* Walks the init containers; returns TRUE while the pod is still initializing, with the
 * reason set to what blocks it. */
static gboolean
compute_init_containers (const BnPodStatusInput *input,
                         BnPodStatus            *status,
                         guint                  *sidecar_restarts,
                         gint64                 *sidecar_last_restart)
{
  for (guint i = 0; i < input->n_init_statuses; i++)
    {
      const BnContainerStatusInfo *container = &input->init_statuses[i];
      gboolean restartable = is_restartable_init_container (input, container->name);

      status->restarts += container->restart_count;
      if (container->last_terminated_at > status->last_restart_time)
        status->last_restart_time = container->last_terminated_at;

      if (restartable)
        {
          *sidecar_restarts += container->restart_count;
          if (container->last_terminated_at > *sidecar_last_restart)
            *sidecar_last_restart = container->last_terminated_at;
        }

      if (container->state == BN_CONTAINER_STATE_TERMINATED && container->exit_code == 0)
        continue;

      if (restartable && container->started)
        {
          if (container->ready)
            status->ready_containers++;
          continue;
        }

      g_free (status->reason);
      if (container->state == BN_CONTAINER_STATE_TERMINATED)
        status->reason = terminated_reason (container, "Init:");
      else if (container->state == BN_CONTAINER_STATE_WAITING
               && !is_empty (container->reason)
               && !g_str_equal (container->reason, "PodInitializing"))
        status->reason = g_strconcat ("Init:", container->reason, NULL);
      else
        status->reason = g_strdup_printf ("Init:%u/%u", i, input->n_init_containers);

      return TRUE;
    }

  return FALSE;
}

static void
compute_containers (const BnPodStatusInput *input,
                    BnPodStatus            *status)
{
  gboolean has_running = FALSE;

  /* kubectl walks them backwards, so the first container's reason wins */
  for (guint i = input->n_statuses; i > 0; i--)
    {
      const BnContainerStatusInfo *container = &input->statuses[i - 1];

      status->restarts += container->restart_count;
      if (container->last_terminated_at > status->last_restart_time)
        status->last_restart_time = container->last_terminated_at;

      if (container->state == BN_CONTAINER_STATE_WAITING && !is_empty (container->reason))
        {
          g_free (status->reason);
          status->reason = g_strdup (container->reason);
        }
      else if (container->state == BN_CONTAINER_STATE_TERMINATED)
        {
          g_free (status->reason);
          status->reason = terminated_reason (container, "");
        }
      else if (container->ready && container->state == BN_CONTAINER_STATE_RUNNING)
        {
          has_running = TRUE;
          status->ready_containers++;
        }
    }

  if (has_running && g_strcmp0 (status->reason, "Completed") == 0)
    {
      g_free (status->reason);
      status->reason = g_strdup (input->ready_condition ? "Running" : "NotReady");
    }
}

static gboolean
is_terminal_phase (const char *phase)
{
  return g_strcmp0 (phase, "Succeeded") == 0 || g_strcmp0 (phase, "Failed") == 0;
}

/**
 * bn_pod_status_compute:
 * @input: what the pod says
 * @status: (out caller-allocates): where to put STATUS, READY and RESTARTS
 *
 * Computes the columns of `kubectl get pods` that need more than one field: the STATUS
 * reason (`CrashLoopBackOff`, `Init:0/2`, `Init:Error`, `Completed`, `NotReady`,
 * `Terminating`, `Unknown` for a deleted pod on a lost node, `SchedulingGated` …), the
 * ready and total containers (restartable init containers count as containers), and the
 * restarts with the time of the last one. Free @status with bn_pod_status_clear().
 */
void
bn_pod_status_compute (const BnPodStatusInput *input,
                       BnPodStatus            *status)
{
  guint sidecar_restarts = 0;
  gint64 sidecar_last_restart = 0;
  gboolean initializing;

  g_return_if_fail (input != NULL);
  g_return_if_fail (status != NULL);

  status->ready_containers = 0;
  status->total_containers = input->n_containers;
  status->restarts = 0;
  status->last_restart_time = 0;
  status->reason = g_strdup (!is_empty (input->reason) ? input->reason
                             : input->phase != NULL ? input->phase : "");

  if (input->scheduling_gated)
    {
      g_free (status->reason);
      status->reason = g_strdup ("SchedulingGated");
    }

  for (guint i = 0; i < input->n_init_containers; i++)
    if (input->init_container_restartable != NULL && input->init_container_restartable[i])
      status->total_containers++;

  initializing = compute_init_containers (input, status, &sidecar_restarts, &sidecar_last_restart);

  if (!initializing || input->initialized)
    {
      status->restarts = sidecar_restarts;
      status->last_restart_time = sidecar_last_restart;
      compute_containers (input, status);
    }

  if (input->deleting && g_strcmp0 (input->reason, "NodeLost") == 0)
    {
      g_free (status->reason);
      status->reason = g_strdup ("Unknown");
    }
  else if (input->deleting && !is_terminal_phase (input->phase))
    {
      g_free (status->reason);
      status->reason = g_strdup ("Terminating");
    }
}

/**
 * bn_pod_status_clear:
 * @status: a #BnPodStatus filled by bn_pod_status_compute()
 *
 * Frees what @status owns.
 */
void
bn_pod_status_clear (BnPodStatus *status)
{
  g_return_if_fail (status != NULL);

  g_clear_pointer (&status->reason, g_free);
}

/**
 * bn_pod_status_string:
 * @input: what the pod says
 *
 * Returns: (transfer full): the STATUS column as kubectl prints it
 */
char *
bn_pod_status_string (const BnPodStatusInput *input)
{
  g_auto(BnPodStatus) status = { 0 };

  g_return_val_if_fail (input != NULL, NULL);

  bn_pod_status_compute (input, &status);
  return g_steal_pointer (&status.reason);
}
