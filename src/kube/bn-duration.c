/* bn-duration.c: durations as kubectl prints them in its AGE columns
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One formatter for every place that prints an age: binnacle-get's tables and the resource
 * pages' cells, so that both read exactly as `kubectl get` does.
 */

#include "config.h"

#include "bn-duration.h"

/* "5h" when @minor is 0, else "5h40m" */
static char *
format_units (gint64 major,
              char   major_unit,
              gint64 minor,
              char   minor_unit)
{
  if (minor == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "%c", major, major_unit);
  return g_strdup_printf ("%" G_GINT64_FORMAT "%c%" G_GINT64_FORMAT "%c", major, major_unit, minor, minor_unit);
}

/* kubectl's steps: a value below `precise_below` of a unit comes with the next smaller unit
 * ("3m12s"), below `below` alone ("15m"); past that the next larger unit takes over. */
static const struct
{
  gint64 seconds;
  char   name;
  gint64 precise_below;
  gint64 below;
} units[] = {
  { 1, 's', 0, 60 * 2 },
  { 60, 'm', 10, 60 * 3 },
  { 60 * 60, 'h', 8, 48 },
  { 24 * 60 * 60, 'd', 8, 365 * 2 },
  { 365 * 24 * 60 * 60, 'y', 8, G_MAXINT64 },
};

/**
 * bn_format_duration:
 * @seconds: a duration
 *
 * Formats a duration as kubectl's ages (k8s.io/apimachinery duration.HumanDuration): exact
 * below 2 minutes, then ever coarser: `45s`, `3m12s`, `15m`, `5h`, `2d3h`, `45d`, `3y`.
 *
 * Returns: (transfer full): the text
 */
char *
bn_format_duration (gint64 seconds)
{
  if (seconds < -1)
    return g_strdup ("<invalid>");
  if (seconds < 0)
    return g_strdup ("0s");

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      gint64 value = seconds / units[i].seconds;

      if (i > 0 && value < units[i].precise_below)
        return format_units (value, units[i].name,
                             seconds % units[i].seconds / units[i - 1].seconds, units[i - 1].name);
      if (value < units[i].below)
        return format_units (value, units[i].name, 0, 0);
    }

  g_assert_not_reached ();
}
