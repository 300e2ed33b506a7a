/* test-settings.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-settings.h"
#include "bn-test-ui-utils.h"

typedef struct
{
  GSettings  *gsettings;
  BnSettings *settings;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  static const char *keys[] = { "color-scheme", "window-width", "window-height",
                                "window-maximized" };

  fixture->gsettings = g_settings_new ("dev.binnacle.Binnacle");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (fixture->gsettings, keys[i]);
  bn_test_iterate_main_context ();

  fixture->settings = bn_settings_new ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (fixture->settings);
  g_clear_object (&fixture->gsettings);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_settings_new_destroy (void)
{
  BnSettings *settings = bn_settings_new ();

  g_assert_true (BN_IS_SETTINGS (settings));
  g_assert_finalize_object (settings);
}

static void
test_settings_defaults (Fixture       *fixture,
                        gconstpointer  data)
{
  int width = 0, height = 0;

  g_assert_cmpint (bn_settings_get_color_scheme (fixture->settings), ==, BN_COLOR_SCHEME_FOLLOW);
  g_assert_cmpint (bn_settings_get_adw_color_scheme (fixture->settings), ==,
                   ADW_COLOR_SCHEME_DEFAULT);
  bn_settings_get_window_size (fixture->settings, &width, &height);
  g_assert_cmpint (width, ==, 1100);
  g_assert_cmpint (height, ==, 720);
  g_assert_false (bn_settings_get_window_maximized (fixture->settings));
}

static void
test_settings_color_scheme_writes_key (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autofree char *value = NULL;

  bn_settings_set_color_scheme (fixture->settings, BN_COLOR_SCHEME_DARK);
  value = g_settings_get_string (fixture->gsettings, "color-scheme");
  g_assert_cmpstr (value, ==, "dark");
  g_assert_cmpint (bn_settings_get_adw_color_scheme (fixture->settings), ==,
                   ADW_COLOR_SCHEME_FORCE_DARK);

  g_object_set (fixture->settings, "color-scheme", BN_COLOR_SCHEME_LIGHT, NULL);
  g_clear_pointer (&value, g_free);
  value = g_settings_get_string (fixture->gsettings, "color-scheme");
  g_assert_cmpstr (value, ==, "light");
  g_assert_cmpint (bn_settings_get_adw_color_scheme (fixture->settings), ==,
                   ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static void
test_settings_key_change_notifies_once (Fixture       *fixture,
                                        gconstpointer  data)
{
  guint scheme_notifies = 0;
  guint adw_notifies = 0;

  g_signal_connect (fixture->settings, "notify::color-scheme",
                    G_CALLBACK (count_notify_cb), &scheme_notifies);
  g_signal_connect (fixture->settings, "notify::adw-color-scheme",
                    G_CALLBACK (count_notify_cb), &adw_notifies);

  g_settings_set_string (fixture->gsettings, "color-scheme", "dark");
  bn_test_iterate_main_context ();

  g_assert_cmpint (bn_settings_get_color_scheme (fixture->settings), ==, BN_COLOR_SCHEME_DARK);
  g_assert_cmpuint (scheme_notifies, ==, 1);
  g_assert_cmpuint (adw_notifies, ==, 1);

  /* Writing the value it already has changes nothing and notifies nobody. */
  bn_settings_set_color_scheme (fixture->settings, BN_COLOR_SCHEME_DARK);
  g_settings_set_string (fixture->gsettings, "color-scheme", "dark");
  bn_test_iterate_main_context ();
  g_assert_cmpuint (scheme_notifies, ==, 1);
  g_assert_cmpuint (adw_notifies, ==, 1);
}

static void
test_settings_window_state (Fixture       *fixture,
                            gconstpointer  data)
{
  guint width_notifies = 0;

  g_signal_connect (fixture->settings, "notify::window-width",
                    G_CALLBACK (count_notify_cb), &width_notifies);

  bn_settings_set_window_size (fixture->settings, 800, 600);
  bn_settings_set_window_maximized (fixture->settings, TRUE);

  g_assert_cmpint (g_settings_get_int (fixture->gsettings, "window-width"), ==, 800);
  g_assert_cmpint (g_settings_get_int (fixture->gsettings, "window-height"), ==, 600);
  g_assert_true (g_settings_get_boolean (fixture->gsettings, "window-maximized"));
  g_assert_cmpuint (width_notifies, ==, 1);

  /* Only the height changed: the width must not notify again. */
  bn_settings_set_window_size (fixture->settings, 800, 610);
  g_assert_cmpuint (width_notifies, ==, 1);
  g_assert_cmpint (g_settings_get_int (fixture->gsettings, "window-height"), ==, 610);
}

static void
test_settings_instances_agree (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(BnSettings) other = bn_settings_new ();
  int width = 0;

  bn_settings_set_color_scheme (fixture->settings, BN_COLOR_SCHEME_LIGHT);
  bn_settings_set_window_size (fixture->settings, 640, 480);
  bn_test_iterate_main_context ();

  g_assert_cmpint (bn_settings_get_color_scheme (other), ==, BN_COLOR_SCHEME_LIGHT);
  bn_settings_get_window_size (other, &width, NULL);
  g_assert_cmpint (width, ==, 640);
}

static void
test_settings_color_scheme_enum (void)
{
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (BN_TYPE_COLOR_SCHEME);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) key = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) nicks = NULL;
  const char *type;

  /* Every nick of the schema's enum is a value of BnColorScheme, and the other way round. */
  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (),
                                            "dev.binnacle.Binnacle", TRUE);
  g_assert_nonnull (schema);
  key = g_settings_schema_get_key (schema, "color-scheme");
  range = g_settings_schema_key_get_range (key);
  g_variant_get (range, "(&sv)", &type, &nicks);
  g_assert_cmpstr (type, ==, "enum");
  g_assert_cmpuint (g_variant_n_children (nicks), ==, enum_class->n_values);
  for (guint i = 0; i < enum_class->n_values; i++)
    {
      g_autofree char *nick = NULL;

      g_variant_get_child (nicks, i, "s", &nick);
      g_assert_nonnull (g_enum_get_value_by_nick (enum_class, nick));
    }
}

#define ADD_TEST(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  /* Never touch the user's dconf database, whatever the environment says. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/binnacle/settings/new-destroy", test_settings_new_destroy);
  g_test_add_func ("/binnacle/settings/color-scheme-enum", test_settings_color_scheme_enum);
  ADD_TEST ("/binnacle/settings/defaults", test_settings_defaults);
  ADD_TEST ("/binnacle/settings/color-scheme-writes-key", test_settings_color_scheme_writes_key);
  ADD_TEST ("/binnacle/settings/key-change-notifies-once",
            test_settings_key_change_notifies_once);
  ADD_TEST ("/binnacle/settings/window-state", test_settings_window_state);
  ADD_TEST ("/binnacle/settings/instances-agree", test_settings_instances_agree);

  return g_test_run ();
}
