/* bn-sim-main.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>

int
main (int   argc,
      char *argv[])
{
  g_print ("binnacle-sim %s\n", PACKAGE_VERSION);
  return 0;
}
