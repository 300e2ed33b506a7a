/* test-kube-error.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-kube-error.h"

static void
test_status_mapping (void)
{
  g_assert_cmpint (bn_kube_error_from_http_status (401), ==, BN_KUBE_ERROR_UNAUTHORIZED);
  g_assert_cmpint (bn_kube_error_from_http_status (403), ==, BN_KUBE_ERROR_FORBIDDEN);
  g_assert_cmpint (bn_kube_error_from_http_status (410), ==, BN_KUBE_ERROR_GONE);
  g_assert_cmpint (bn_kube_error_from_http_status (429), ==, BN_KUBE_ERROR_TOO_MANY_REQUESTS);
  g_assert_cmpint (bn_kube_error_from_http_status (418), ==, BN_KUBE_ERROR_FAILED);
}

static void
test_quark (void)
{
  g_autoptr(GError) error = g_error_new_literal (BN_KUBE_ERROR, BN_KUBE_ERROR_READ_ONLY, "locked");

  g_assert_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_READ_ONLY);
  g_assert_cmpstr (g_quark_to_string (BN_KUBE_ERROR), ==, "bn-kube-error-quark");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/binnacle/kube-error/status-mapping", test_status_mapping);
  g_test_add_func ("/binnacle/kube-error/quark", test_quark);

  return g_test_run ();
}
