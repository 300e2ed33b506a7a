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
  gint64 minutes, hours, days, years;

  if (seconds < -1)
    return g_strdup ("<invalid>");
  if (seconds < 0)
    return g_strdup ("0s");
  if (seconds < 60 * 2)
    return format_units (seconds, 's', 0, 0);

  minutes = seconds / 60;
  if (minutes < 10)
    return format_units (minutes, 'm', seconds % 60, 's');
  if (minutes < 60 * 3)
    return format_units (minutes, 'm', 0, 0);

  hours = minutes / 60;
  if (hours < 8)
    return format_units (hours, 'h', minutes % 60, 'm');
  if (hours < 48)
    return format_units (hours, 'h', 0, 0);

  days = hours / 24;
  if (days < 8)
    return format_units (days, 'd', hours % 24, 'h');
  if (days < 365 * 2)
    return format_units (days, 'd', 0, 0);

  years = days / 365;
  if (years < 8)
    return format_units (years, 'y', days % 365, 'd');
  return format_units (years, 'y', 0, 0);
}
