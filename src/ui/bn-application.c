/* bn-application.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bn-application.h"
#include "bn-window.h"

struct _BnApplication
{
  AdwApplication  parent_instance;
  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (BnApplication, bn_application, ADW_TYPE_APPLICATION)

static gboolean
color_scheme_get_mapping (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  const char *scheme = g_variant_get_string (variant, NULL);

  if (g_strcmp0 (scheme, "light") == 0)
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_strcmp0 (scheme, "dark") == 0)
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    g_value_set_enum (value, ADW_COLOR_SCHEME_DEFAULT);

  return TRUE;
}

static GVariant *
color_scheme_set_mapping (const GValue       *value,
                          const GVariantType *expected_type,
                          gpointer            user_data)
{
  switch ((AdwColorScheme) g_value_get_enum (value))
    {
    case ADW_COLOR_SCHEME_FORCE_LIGHT:
    case ADW_COLOR_SCHEME_PREFER_LIGHT:
      return g_variant_new_string ("light");
    case ADW_COLOR_SCHEME_FORCE_DARK:
    case ADW_COLOR_SCHEME_PREFER_DARK:
      return g_variant_new_string ("dark");
    case ADW_COLOR_SCHEME_DEFAULT:
    default:
      return g_variant_new_string ("follow");
    }
}

static gint
bn_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  return G_APPLICATION_CLASS (bn_application_parent_class)->handle_local_options (app, options);
}

static void
bn_application_activate (GApplication *app)
{
  BnApplication *self = BN_APPLICATION (app);
  GtkWindow *window;

  g_assert (BN_IS_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (bn_window_new (self));

  gtk_window_present (window);
}

static void
bn_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  static const char *developers[] = { "The Binnacle developers", NULL };
  BnApplication *self = user_data;
  GtkWindow *window;

  g_assert (BN_IS_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  adw_show_about_window (window,
                         "application-name", _("Binnacle"),
                         "application-icon", APP_ID,
                         "developer-name", "The Binnacle developers",
                         "version", PACKAGE_VERSION,
                         "comments", _("A native client for your Kubernetes clusters"),
                         "website", "https://binnacle.dev/",
                         "issue-url", "https://binnacle.dev/issues",
                         "developers", developers,
                         "copyright", "© 2026 The Binnacle developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
bn_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", bn_application_about_action },
  { "quit", bn_application_quit_action },
};

static void
bn_application_startup (GApplication *app)
{
  BnApplication *self = BN_APPLICATION (app);
  static const char *quit_accels[] = { "<primary>q", NULL };
  static const char *close_accels[] = { "<primary>w", NULL };
  static const char *preferences_accels[] = { "<primary>comma", NULL };

  G_APPLICATION_CLASS (bn_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);

  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                adw_application_get_style_manager (ADW_APPLICATION (self)),
                                "color-scheme",
                                G_SETTINGS_BIND_GET,
                                color_scheme_get_mapping,
                                color_scheme_set_mapping,
                                NULL, NULL);
}

static void
bn_application_finalize (GObject *object)
{
  BnApplication *self = BN_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bn_application_parent_class)->finalize (object);
}

static void
bn_application_class_init (BnApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = bn_application_finalize;

  app_class->activate = bn_application_activate;
  app_class->startup = bn_application_startup;
  app_class->handle_local_options = bn_application_handle_local_options;
}

static void
bn_application_init (BnApplication *self)
{
  static const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  /* The schema id stays the same for the .Devel build, so settings carry over. */
  self->settings = g_settings_new ("dev.binnacle.Binnacle");

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("A native client for your Kubernetes clusters."));
}

/**
 * bn_application_new:
 * @application_id: the application id, %APP_ID in the shipped binary
 * @flags: flags for #GApplication
 *
 * Returns: (transfer full): a new #BnApplication
 */
BnApplication *
bn_application_new (const char        *application_id,
                    GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (BN_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

/**
 * bn_application_get_settings:
 * @self: a #BnApplication
 *
 * Returns: (transfer none): the application's #GSettings
 */
GSettings *
bn_application_get_settings (BnApplication *self)
{
  g_return_val_if_fail (BN_IS_APPLICATION (self), NULL);

  return self->settings;
}
