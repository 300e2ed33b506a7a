/* bn-demo-cluster.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#ifdef __linux__
# include <sys/prctl.h>
#endif

#include "bn-demo-cluster.h"
#include "bn-kube-error.h"

/* The simulator prints this line once it serves, after writing the kubeconfig. */
#define LISTENING_PREFIX "listening on "

/**
 * BnDemoCluster:
 *
 * Starts `binnacle-sim --scenario demo` on 127.0.0.1 with a port the kernel picks, has it
 * write a kubeconfig (one context per simulated user) into a private directory, and waits for
 * it to say where it listens. The simulator is stopped when this object goes away, and the
 * kernel stops it too if Binnacle dies first.
 */
struct _BnDemoCluster
{
  GObject      parent_instance;

  GSubprocess *process;
  char        *directory;
  char        *kubeconfig;
  char        *server;
};

G_DEFINE_FINAL_TYPE (BnDemoCluster, bn_demo_cluster, G_TYPE_OBJECT)

static void
remove_files (BnDemoCluster *self)
{
  if (self->kubeconfig != NULL)
    g_unlink (self->kubeconfig);
  if (self->directory != NULL)
    g_rmdir (self->directory);
  g_clear_pointer (&self->kubeconfig, g_free);
  g_clear_pointer (&self->directory, g_free);
}

/**
 * bn_demo_cluster_stop:
 * @self: a #BnDemoCluster
 *
 * Stops the simulator and removes its kubeconfig.
 */
void
bn_demo_cluster_stop (BnDemoCluster *self)
{
  g_return_if_fail (BN_IS_DEMO_CLUSTER (self));

  if (self->process != NULL)
    g_subprocess_send_signal (self->process, SIGTERM);
  g_clear_object (&self->process);
  g_clear_pointer (&self->server, g_free);
  remove_files (self);
}

static void
bn_demo_cluster_dispose (GObject *object)
{
  bn_demo_cluster_stop (BN_DEMO_CLUSTER (object));

  G_OBJECT_CLASS (bn_demo_cluster_parent_class)->dispose (object);
}

static void
bn_demo_cluster_class_init (BnDemoClusterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bn_demo_cluster_dispose;
}

static void
bn_demo_cluster_init (BnDemoCluster *self)
{
}

/**
 * bn_demo_cluster_new:
 *
 * Returns: (transfer full): a new #BnDemoCluster, not started
 */
BnDemoCluster *
bn_demo_cluster_new (void)
{
  return g_object_new (BN_TYPE_DEMO_CLUSTER, NULL);
}

/**
 * bn_demo_cluster_find_simulator:
 *
 * Looks for binnacle-sim: `$BINNACLE_SIM` first (tests), then next to the running binary in
 * the build tree (`src/sim/` beside `src/binnacle`), then beside it when installed, then in
 * the configured bindir.
 *
 * Returns: (transfer full) (nullable): the simulator's path, %NULL when there is none
 */
char *
bn_demo_cluster_find_simulator (void)
{
  const char *from_env = g_getenv ("BINNACLE_SIM");
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *self_dir = self_path ? g_path_get_dirname (self_path) : NULL;
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_free);

  if (from_env != NULL && *from_env != '\0')
    g_ptr_array_add (candidates, g_strdup (from_env));
  if (self_dir != NULL)
    {
      g_ptr_array_add (candidates, g_build_filename (self_dir, "sim", "binnacle-sim", NULL));
      g_ptr_array_add (candidates, g_build_filename (self_dir, "binnacle-sim", NULL));
    }
  g_ptr_array_add (candidates, g_build_filename (BINDIR, "binnacle-sim", NULL));

  for (guint i = 0; i < candidates->len; i++)
    {
      const char *path = g_ptr_array_index (candidates, i);

      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (path, G_FILE_TEST_IS_DIR))
        return g_strdup (path);
    }

  return NULL;
}

static void
die_with_parent (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static void read_next_line (GTask *task);

static void
on_line_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BnDemoCluster *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (line == NULL)
    {
      g_task_return_new_error (task, BN_KUBE_ERROR, BN_KUBE_ERROR_FAILED,
                               _("The demo cluster stopped before it started serving"));
      return;
    }

  if (!g_str_has_prefix (line, LISTENING_PREFIX))
    {
      read_next_line (g_steal_pointer (&task));
      return;
    }

  g_free (self->server);
  self->server = g_strdup (line + strlen (LISTENING_PREFIX));
  g_task_return_pointer (task, g_strdup (self->kubeconfig), g_free);
}

static void
read_next_line (GTask *task)
{
  GDataInputStream *lines = g_task_get_task_data (task);

  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                       on_line_read_cb, task);
}

/**
 * bn_demo_cluster_start_async:
 * @self: a #BnDemoCluster
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the simulator serves, or failed to start
 * @user_data: data for @callback
 *
 * Starts the simulator. Nothing here blocks: the simulator is read from asynchronously.
 */
void
bn_demo_cluster_start_async (BnDemoCluster       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *simulator = NULL;
  GDataInputStream *lines;

  g_return_if_fail (BN_IS_DEMO_CLUSTER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bn_demo_cluster_start_async);

  bn_demo_cluster_stop (self);
  simulator = bn_demo_cluster_find_simulator ();
  if (simulator == NULL)
    {
      g_task_return_new_error (task, BN_KUBE_ERROR, BN_KUBE_ERROR_FAILED,
                               _("The demo cluster needs binnacle-sim, which is not installed"));
      return;
    }

  self->directory = g_dir_make_tmp ("binnacle-demo-XXXXXX", &error);
  if (self->directory == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  self->kubeconfig = g_build_filename (self->directory, "kubeconfig", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, &error, simulator,
                                               "--scenario", "demo", "--roll-every", "60",
                                               "--listen", "127.0.0.1:0",
                                               "--write-kubeconfig", self->kubeconfig,
                                               NULL);
  if (self->process == NULL)
    {
      remove_files (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  g_task_set_task_data (task, lines, g_object_unref);
  read_next_line (g_steal_pointer (&task));
}

/**
 * bn_demo_cluster_start_finish:
 * @self: a #BnDemoCluster
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the kubeconfig the simulator wrote, or %NULL on error
 */
char *
bn_demo_cluster_start_finish (BnDemoCluster  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (BN_IS_DEMO_CLUSTER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * bn_demo_cluster_is_running:
 * @self: a #BnDemoCluster
 *
 * Returns: whether the simulator was started and serves
 */
gboolean
bn_demo_cluster_is_running (BnDemoCluster *self)
{
  g_return_val_if_fail (BN_IS_DEMO_CLUSTER (self), FALSE);

  return self->process != NULL && self->server != NULL;
}

/**
 * bn_demo_cluster_get_server:
 * @self: a #BnDemoCluster
 *
 * Returns: (transfer none) (nullable): the URL the simulator serves on
 */
const char *
bn_demo_cluster_get_server (BnDemoCluster *self)
{
  g_return_val_if_fail (BN_IS_DEMO_CLUSTER (self), NULL);

  return self->server;
}
