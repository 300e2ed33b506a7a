/* test-table-printer.c: BnTablePrinter lays out and ages read as kubectl's
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-table-printer.h"

/* Expected values from k8s.io/apimachinery/pkg/util/duration HumanDuration's own tests and
 * its boundaries. */
static const struct
{
  gint64      seconds;
  const char *text;
} durations[] = {
  { -2, "<invalid>" },
  { -1, "0s" },
  { 0, "0s" },
  { 1, "1s" },
  { 45, "45s" },
  { 119, "119s" },
  { 120, "2m" },
  { 192, "3m12s" },
  { 9 * 60 + 59, "9m59s" },
  { 10 * 60, "10m" },
  { 179 * 60 + 59, "179m" },
  { 3 * 3600, "3h" },
  { 3 * 3600 + 59 * 60, "3h59m" },
  { 7 * 3600 + 59 * 60 + 59, "7h59m" },
  { 8 * 3600, "8h" },
  { 47 * 3600 + 59 * 60, "47h" },
  { 48 * 3600, "2d" },
  { 51 * 3600, "2d3h" },
  { 7 * 86400 + 23 * 3600, "7d23h" },
  { 8 * 86400, "8d" },
  { 45 * 86400, "45d" },
  { 729 * 86400, "729d" },
  { 730 * 86400, "2y" },
  { 731 * 86400, "2y1d" },
  { 8 * 365 * 86400 - 1, "7y364d" },
  { 8 * 365 * 86400, "8y" },
  { 20 * 365 * 86400, "20y" },
};

static void
test_durations (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (durations); i++)
    {
      g_autofree char *text = bn_format_duration (durations[i].seconds);

      g_assert_cmpstr (text, ==, durations[i].text);
    }
}

static void
test_age (void)
{
  g_autofree char *unknown = bn_format_age (0, 1000);
  g_autofree char *age = bn_format_age (1000, 1192);

  g_assert_cmpstr (unknown, ==, "<unknown>");
  g_assert_cmpstr (age, ==, "3m12s");
}

/* The same table kubectl printed from binnacle-sim's demo store (ages aside). */
static void
test_layout (void)
{
  const char * const headers[] = { "NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE", NULL };
  const char * const row1[] = { "dev", "sandbox-9ed037b849-bcbbh", "2/2", "Running", "0", "59m", NULL };
  const char * const row2[] = { "shop", "payments-7f9c4b8d6-x2k4q", "1/2", "CrashLoopBackOff", "14 (3m ago)", "24h", NULL };
  g_autoptr(BnTablePrinter) table = bn_table_printer_new (headers);
  g_autofree char *text = NULL;
  g_autofree char *rows_only = NULL;

  bn_table_printer_add_row (table, row1);
  bn_table_printer_add_row (table, row2);
  g_assert_cmpuint (bn_table_printer_get_n_columns (table), ==, 6);
  g_assert_cmpuint (bn_table_printer_get_n_rows (table), ==, 2);

  text = bn_table_printer_format (table, TRUE);
  g_assert_cmpstr (text, ==,
                   "NAMESPACE   NAME                       READY   STATUS             RESTARTS      AGE\n"
                   "dev         sandbox-9ed037b849-bcbbh   2/2     Running            0             59m\n"
                   "shop        payments-7f9c4b8d6-x2k4q   1/2     CrashLoopBackOff   14 (3m ago)   24h\n");

  /* without the header its width no longer counts */
  rows_only = bn_table_printer_format (table, FALSE);
  g_assert_cmpstr (rows_only, ==,
                   "dev    sandbox-9ed037b849-bcbbh   2/2   Running            0             59m\n"
                   "shop   payments-7f9c4b8d6-x2k4q   1/2   CrashLoopBackOff   14 (3m ago)   24h\n");
}

static void
test_narrow_and_ragged (void)
{
  const char * const headers[] = { "A", "B", "C", NULL };
  const char * const short_row[] = { "x", NULL };
  const char * const long_row[] = { "1", "2", "3", "4", NULL };
  g_autoptr(BnTablePrinter) table = bn_table_printer_new (headers);
  g_autofree char *text = NULL;

  /* missing cells print empty, extra cells are dropped, no column is narrower than 6 */
  bn_table_printer_add_row (table, short_row);
  bn_table_printer_add_row (table, long_row);
  text = bn_table_printer_format (table, TRUE);
  g_assert_cmpstr (text, ==,
                   "A     B     C\n"
                   "x           \n"
                   "1     2     3\n");
  bn_table_printer_clear_rows (table);
  g_assert_cmpuint (bn_table_printer_get_n_rows (table), ==, 0);
}

static void
test_characters_not_bytes (void)
{
  const char * const headers[] = { "NAME", "MESSAGE", NULL };
  const char * const row[] = { "größenänderung", "ok", NULL };
  g_autoptr(BnTablePrinter) table = bn_table_printer_new (headers);
  g_autofree char *text = NULL;

  bn_table_printer_add_row (table, row);
  text = bn_table_printer_format (table, TRUE);
  g_assert_cmpstr (text, ==,
                   "NAME             MESSAGE\n"
                   "größenänderung   ok\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/binnacle/table-printer/durations", test_durations);
  g_test_add_func ("/binnacle/table-printer/age", test_age);
  g_test_add_func ("/binnacle/table-printer/layout", test_layout);
  g_test_add_func ("/binnacle/table-printer/narrow-and-ragged", test_narrow_and_ragged);
  g_test_add_func ("/binnacle/table-printer/characters-not-bytes", test_characters_not_bytes);

  return g_test_run ();
}
