/* bn-application.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bn-application.h"
#include "bn-application-cli.h"
#include "bn-preferences-window.h"
#include "bn-settings.h"
#include "bn-window.h"

struct _BnApplication
{
  AdwApplication  parent_instance;

  BnSettings     *settings;
  gboolean        demo;
};

G_DEFINE_FINAL_TYPE (BnApplication, bn_application, ADW_TYPE_APPLICATION)

static gint
bn_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  /* Answered here, in the process that was started: no window, no D-Bus name, no server. */
  if (g_variant_dict_contains (options, "list-clusters"))
    return bn_application_cli_list_clusters (g_variant_dict_contains (options, "json"));

  if (g_variant_dict_contains (options, "json"))
    {
      g_printerr (_("--json goes with --list-clusters\n"));
      return 1;
    }

  BN_APPLICATION (app)->demo = g_variant_dict_contains (options, "demo");

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
    {
      window = GTK_WINDOW (bn_window_new (self));
      /* Present first: the window never waits for files, let alone servers. */
      gtk_window_present (window);
      bn_window_load_clusters (BN_WINDOW (window), NULL);
    }

  if (self->demo)
    bn_window_start_demo (BN_WINDOW (window));

  gtk_window_present (window);
}

static char *
bn_application_dup_debug_info (void)
{
  GString *info = g_string_new (NULL);

  g_string_append_printf (info, "Binnacle %s (%s)\n\n", PACKAGE_VERSION, APP_ID);
  g_string_append_printf (info, "GLib %u.%u.%u\n",
                          glib_major_version, glib_minor_version, glib_micro_version);
  g_string_append_printf (info, "GTK %u.%u.%u\n",
                          gtk_get_major_version (), gtk_get_minor_version (),
                          gtk_get_micro_version ());
  g_string_append_printf (info, "libadwaita %u.%u.%u\n",
                          adw_get_major_version (), adw_get_minor_version (),
                          adw_get_micro_version ());
  g_string_append_printf (info, "Flatpak: %s\n",
                          g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ? "yes" : "no");

  return g_string_free (info, FALSE);
}

/**
 * bn_application_create_about_window:
 * @self: a #BnApplication
 *
 * Builds the About window, with the versions of the libraries Binnacle runs on as debugging
 * information for bug reports.
 *
 * Returns: (transfer floating): a new #AdwAboutWindow
 */
GtkWidget *
bn_application_create_about_window (BnApplication *self)
{
  static const char *developers[] = { "The Binnacle developers", NULL };
  g_autofree char *debug_info = NULL;
  g_autofree char *release_notes = NULL;
  GtkWidget *about;

  g_return_val_if_fail (BN_IS_APPLICATION (self), NULL);

  debug_info = bn_application_dup_debug_info ();
  /* The same words as the release in the metainfo, so they share a translation. */
  release_notes = g_markup_printf_escaped ("<p>%s</p>",
                                          _("The first release: the application window with "
                                            "its cluster sidebar, Preferences with a light, "
                                            "dark or system style, keyboard shortcuts and an "
                                            "About window."));
  about = adw_about_window_new ();
  g_object_set (about,
                "application-name", _("Binnacle"),
                "application-icon", APP_ID,
                "developer-name", "The Binnacle developers",
                "version", PACKAGE_VERSION,
                "comments", _("A native client for your Kubernetes clusters. Every cluster is "
                              "read-only until you unlock it, and tokens are kept in the "
                              "system keyring."),
                "website", "https://binnacle.dev/",
                "issue-url", "https://binnacle.dev/issues",
                "developers", developers,
                "copyright", "© 2026 The Binnacle developers",
                "license-type", GTK_LICENSE_GPL_3_0,
                "translator-credits", _("translator-credits"),
                "debug-info", debug_info,
                "debug-info-filename", "binnacle-debug-info.txt",
                "release-notes", release_notes,
                "release-notes-version", "0.1.0",
                NULL);

  return about;
}

static void
bn_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  BnApplication *self = user_data;
  GtkWidget *about;

  g_assert (BN_IS_APPLICATION (self));

  about = bn_application_create_about_window (self);
  gtk_window_set_transient_for (GTK_WINDOW (about),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_set_application (GTK_WINDOW (about), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (about));
}

static void
bn_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  BnApplication *self = user_data;
  BnPreferencesWindow *preferences;

  g_assert (BN_IS_APPLICATION (self));

  preferences = bn_preferences_window_new (bn_application_get_settings (self));
  gtk_window_set_transient_for (GTK_WINDOW (preferences),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
bn_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  BnApplication *self = user_data;
  GList *windows;

  g_assert (BN_IS_APPLICATION (self));

  /* Closing rather than quitting lets each window save its state on close-request. */
  windows = gtk_application_get_windows (GTK_APPLICATION (self));
  while (windows != NULL)
    {
      GtkWindow *window = windows->data;

      windows = windows->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "about", bn_application_about_action },
  { "preferences", bn_application_preferences_action },
  { "quit", bn_application_quit_action },
};

/* Every accelerator the application sets; data/gtk/help-overlay.ui lists each of them, and
 * tests/ui/test-application.c checks that it does. */
static const struct {
  const char *action;
  const char *accels[2];
} app_accels[] = {
  { "app.preferences", { "<Primary>comma", NULL } },
  { "app.quit", { "<Primary>q", NULL } },
  { "window.close", { "<Primary>w", NULL } },
  { "win.show-help-overlay", { "<Primary>question", NULL } },
  { "win.refresh", { "F5", NULL } },
  { "win.find", { "<Primary>f", NULL } },
  { "win.go-to-kind", { "<Primary>l", NULL } },
  { "win.go-to-cluster", { "<Primary>k", NULL } },
};

static void
bn_application_startup (GApplication *app)
{
  BnApplication *self = BN_APPLICATION (app);

  G_APPLICATION_CLASS (bn_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  for (guint i = 0; i < G_N_ELEMENTS (app_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), app_accels[i].action,
                                           app_accels[i].accels);

  g_object_bind_property (bn_application_get_settings (self), "adw-color-scheme",
                          adw_application_get_style_manager (ADW_APPLICATION (self)),
                          "color-scheme",
                          G_BINDING_SYNC_CREATE);
}

static void
bn_application_dispose (GObject *object)
{
  BnApplication *self = BN_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bn_application_parent_class)->dispose (object);
}

static void
bn_application_class_init (BnApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = bn_application_dispose;

  app_class->activate = bn_application_activate;
  app_class->startup = bn_application_startup;
  app_class->handle_local_options = bn_application_handle_local_options;
}

static void
bn_application_init (BnApplication *self)
{
  static const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { "list-clusters", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("List every cluster Binnacle sees, without contacting any, and exit"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --list-clusters: print JSON"), NULL },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Start a simulated demo cluster and show it"), NULL },
    { NULL }
  };

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
 * The settings are created on first use, not with the application, so that `--version` and
 * `--help` work even where the schema is not installed.
 *
 * Returns: (transfer none): the application's settings, shared by its windows
 */
BnSettings *
bn_application_get_settings (BnApplication *self)
{
  g_return_val_if_fail (BN_IS_APPLICATION (self), NULL);

  if (self->settings == NULL)
    self->settings = bn_settings_new ();

  return self->settings;
}
