/* bn-cluster-preferences.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bn-cluster-preferences.h"

/**
 * BnClusterPreferences:
 *
 * The per-cluster choices kept in GSettings, keyed by the stable cluster id so that they
 * follow a context across runs: its colour, whether it is hidden from the sidebar and
 * whether it is pinned to the top. The read-only lock is deliberately not kept: every
 * cluster starts locked.
 *
 * #BnClusterPreferences::changed is emitted with the cluster id whenever one of them changes,
 * here or through another instance.
 */
struct _BnClusterPreferences
{
  GObject    parent_instance;

  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (BnClusterPreferences, bn_cluster_preferences, G_TYPE_OBJECT)

enum {
  SIG_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const colors[] = { "blue", "green", "yellow", "orange", "red", NULL };

static void
on_settings_changed_cb (BnClusterPreferences *self,
                        const char           *key,
                        GSettings            *settings)
{
  g_assert (BN_IS_CLUSTER_PREFERENCES (self));

  /* Any cluster may have changed: listeners re-read what they show. */
  g_signal_emit (self, signals[SIG_CHANGED], 0, NULL);
}

static void
bn_cluster_preferences_dispose (GObject *object)
{
  BnClusterPreferences *self = BN_CLUSTER_PREFERENCES (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bn_cluster_preferences_parent_class)->dispose (object);
}

static void
bn_cluster_preferences_class_init (BnClusterPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bn_cluster_preferences_dispose;

  /**
   * BnClusterPreferences::changed:
   * @self: a #BnClusterPreferences
   * @cluster_id: (nullable): the cluster whose choices changed, %NULL when any may have
   */
  signals[SIG_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
bn_cluster_preferences_init (BnClusterPreferences *self)
{
}

/**
 * bn_cluster_preferences_new:
 * @settings: (nullable): the application's #GSettings, or %NULL for new ones
 *
 * Returns: (transfer full): a new #BnClusterPreferences
 */
BnClusterPreferences *
bn_cluster_preferences_new (GSettings *settings)
{
  BnClusterPreferences *self;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (BN_TYPE_CLUSTER_PREFERENCES, NULL);
  self->settings = settings ? g_object_ref (settings) : g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::cluster-colors",
                           G_CALLBACK (on_settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::hidden-clusters",
                           G_CALLBACK (on_settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::pinned-clusters",
                           G_CALLBACK (on_settings_changed_cb), self, G_CONNECT_SWAPPED);

  return self;
}

/**
 * bn_cluster_preferences_list_colors:
 *
 * Returns: (transfer none): the colour names a cluster may have, %NULL-terminated
 */
const char * const *
bn_cluster_preferences_list_colors (void)
{
  return colors;
}

/**
 * bn_cluster_preferences_color_label:
 * @color: (nullable): a colour name, %NULL for none
 *
 * Returns: (transfer none): the colour's name as the menus show it
 */
const char *
bn_cluster_preferences_color_label (const char *color)
{
  if (color == NULL || *color == '\0')
    return C_("cluster colour", "None");
  if (g_str_equal (color, "blue"))
    return C_("cluster colour", "Blue");
  if (g_str_equal (color, "green"))
    return C_("cluster colour", "Green");
  if (g_str_equal (color, "yellow"))
    return C_("cluster colour", "Yellow");
  if (g_str_equal (color, "orange"))
    return C_("cluster colour", "Orange");
  if (g_str_equal (color, "red"))
    return C_("cluster colour", "Red (Production)");
  return color;
}

/**
 * bn_cluster_preferences_dup_color:
 * @self: a #BnClusterPreferences
 * @cluster_id: a stable cluster id
 *
 * Returns: (transfer full) (nullable): the cluster's colour, %NULL for none
 */
char *
bn_cluster_preferences_dup_color (BnClusterPreferences *self,
                                  const char           *cluster_id)
{
  g_autoptr(GVariant) map = NULL;
  const char *color = NULL;

  g_return_val_if_fail (BN_IS_CLUSTER_PREFERENCES (self), NULL);
  g_return_val_if_fail (cluster_id != NULL, NULL);

  map = g_settings_get_value (self->settings, "cluster-colors");
  if (!g_variant_lookup (map, cluster_id, "&s", &color) ||
      !g_strv_contains (colors, color))
    return NULL;

  return g_strdup (color);
}

/**
 * bn_cluster_preferences_set_color:
 * @self: a #BnClusterPreferences
 * @cluster_id: a stable cluster id
 * @color: (nullable): one of bn_cluster_preferences_list_colors(), or %NULL for none
 */
void
bn_cluster_preferences_set_color (BnClusterPreferences *self,
                                  const char           *cluster_id,
                                  const char           *color)
{
  g_autoptr(GVariant) map = NULL;
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));
  GVariantIter iter;
  const char *key, *value;

  g_return_if_fail (BN_IS_CLUSTER_PREFERENCES (self));
  g_return_if_fail (cluster_id != NULL);
  g_return_if_fail (color == NULL || *color == '\0' || g_strv_contains (colors, color));

  map = g_settings_get_value (self->settings, "cluster-colors");
  g_variant_iter_init (&iter, map);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (!g_str_equal (key, cluster_id))
      g_variant_builder_add (&builder, "{ss}", key, value);
  if (color != NULL && *color != '\0')
    g_variant_builder_add (&builder, "{ss}", cluster_id, color);

  g_settings_set_value (self->settings, "cluster-colors", g_variant_builder_end (&builder));
}

/**
 * bn_cluster_preferences_is_production:
 * @self: a #BnClusterPreferences
 * @cluster_id: a stable cluster id
 *
 * Returns: whether the cluster is coloured red, the colour of production clusters
 */
gboolean
bn_cluster_preferences_is_production (BnClusterPreferences *self,
                                      const char           *cluster_id)
{
  g_autofree char *color = bn_cluster_preferences_dup_color (self, cluster_id);

  return g_strcmp0 (color, "red") == 0;
}

static gboolean
get_flag (BnClusterPreferences *self,
          const char           *key,
          const char           *cluster_id)
{
  g_auto(GStrv) ids = NULL;

  g_return_val_if_fail (BN_IS_CLUSTER_PREFERENCES (self), FALSE);
  g_return_val_if_fail (cluster_id != NULL, FALSE);

  ids = g_settings_get_strv (self->settings, key);
  return g_strv_contains ((const char * const *) ids, cluster_id);
}

static void
set_flag (BnClusterPreferences *self,
          const char           *key,
          const char           *cluster_id,
          gboolean              value)
{
  g_auto(GStrv) ids = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) result = NULL;

  g_return_if_fail (BN_IS_CLUSTER_PREFERENCES (self));
  g_return_if_fail (cluster_id != NULL);

  if (get_flag (self, key, cluster_id) == !!value)
    return;

  ids = g_settings_get_strv (self->settings, key);
  for (guint i = 0; ids[i] != NULL; i++)
    if (!g_str_equal (ids[i], cluster_id))
      g_strv_builder_add (builder, ids[i]);
  if (value)
    g_strv_builder_add (builder, cluster_id);

  result = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, key, (const char * const *) result);
}

/**
 * bn_cluster_preferences_get_hidden:
 * @self: a #BnClusterPreferences
 * @cluster_id: a stable cluster id
 *
 * Returns: whether the cluster is left out of the sidebar
 */
gboolean
bn_cluster_preferences_get_hidden (BnClusterPreferences *self,
                                   const char           *cluster_id)
{
  return get_flag (self, "hidden-clusters", cluster_id);
}

/**
 * bn_cluster_preferences_set_hidden:
 * @self: a #BnClusterPreferences
 * @cluster_id: a stable cluster id
 * @hidden: whether to leave it out of the sidebar
 */
void
bn_cluster_preferences_set_hidden (BnClusterPreferences *self,
                                   const char           *cluster_id,
                                   gboolean              hidden)
{
  set_flag (self, "hidden-clusters", cluster_id, hidden);
}

/**
 * bn_cluster_preferences_get_pinned:
 * @self: a #BnClusterPreferences
 * @cluster_id: a stable cluster id
 *
 * Returns: whether the cluster is shown first
 */
gboolean
bn_cluster_preferences_get_pinned (BnClusterPreferences *self,
                                   const char           *cluster_id)
{
  return get_flag (self, "pinned-clusters", cluster_id);
}

/**
 * bn_cluster_preferences_set_pinned:
 * @self: a #BnClusterPreferences
 * @cluster_id: a stable cluster id
 * @pinned: whether to show it first
 */
void
bn_cluster_preferences_set_pinned (BnClusterPreferences *self,
                                   const char           *cluster_id,
                                   gboolean              pinned)
{
  set_flag (self, "pinned-clusters", cluster_id, pinned);
}
