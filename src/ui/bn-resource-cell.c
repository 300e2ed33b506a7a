/* bn-resource-cell.c: one cell of a resource page, following its row
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-resource-cell.h"
#include "bn-ticker.h"

/*
 * A cell is made once per column and row widget and then bound to row after row as the
 * view scrolls. While bound it listens to its row's `notify` for the one property its column
 * reads (DESIGN.md, Data flow 5: a MODIFIED event swaps the row's snapshot and notifies; the
 * row is never replaced), and, for columns whose text changes with time, to the shared
 * ticker. It only touches its GtkInscription when the text or tone really changed.
 */

struct _BnResourceCell
{
  GtkWidget       parent_instance;

  GtkInscription *label;
  BnColumns      *columns;
  guint           column;

  GQuark          notify_detail;
  gboolean        timed;

  BnObject       *object;
  gulong          notify_id;
  BnTicker       *ticker;
  gulong          tick_id;
  gint64          next_update;
  BnTone          tone;
};

G_DEFINE_FINAL_TYPE (BnResourceCell, bn_resource_cell, GTK_TYPE_WIDGET)

static guint notify_signal_id;

static const char *tone_classes[] = {
  [BN_TONE_NONE] = NULL,
  [BN_TONE_SUCCESS] = "success",
  [BN_TONE_WARNING] = "warning",
  [BN_TONE_ERROR] = "error",
  [BN_TONE_DIM] = "dim-label",
};

static void
set_tone (BnResourceCell *self,
          BnTone          tone)
{
  if (tone == self->tone)
    return;
  if (tone_classes[self->tone] != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->label), tone_classes[self->tone]);
  self->tone = tone;
  if (tone_classes[tone] != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->label), tone_classes[tone]);
}

/* Texts that show seconds ("45s", "3m12s", "2 (40s ago)") change every second; the rest
 * at most every minute. */
static gboolean
shows_seconds (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (*p == 's' && p > text && g_ascii_isdigit (p[-1]))
      return TRUE;
  return FALSE;
}

static void
update (BnResourceCell *self,
        gint64          now)
{
  g_autofree char *text = bn_columns_dup_text (self->columns, self->column, self->object, now);

  if (g_strcmp0 (text, gtk_inscription_get_text (self->label)) != 0)
    gtk_inscription_set_text (self->label, text);
  set_tone (self, bn_columns_get_tone (self->columns, self->column, self->object));
  self->next_update = now + (shows_seconds (text) ? 1 : 60);
}

static gint64
current_time (BnResourceCell *self)
{
  return self->ticker != NULL ? bn_ticker_get_now (self->ticker) : g_get_real_time () / G_USEC_PER_SEC;
}

static void
on_object_notify_cb (BnResourceCell *self,
                     GParamSpec     *pspec,
                     BnObject       *object)
{
  update (self, current_time (self));
}

static void
on_tick_cb (BnResourceCell *self,
            gint64          now,
            BnTicker       *ticker)
{
  if (now >= self->next_update)
    update (self, now);
}

static void
bn_resource_cell_dispose (GObject *object)
{
  BnResourceCell *self = (BnResourceCell *) object;

  bn_resource_cell_unbind (self);
  g_clear_pointer ((GtkWidget **) &self->label, gtk_widget_unparent);
  g_clear_object (&self->columns);

  G_OBJECT_CLASS (bn_resource_cell_parent_class)->dispose (object);
}

static void
bn_resource_cell_class_init (BnResourceCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bn_resource_cell_dispose;

  notify_signal_id = g_signal_lookup ("notify", G_TYPE_OBJECT);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "bnresourcecell");
}

static void
bn_resource_cell_init (BnResourceCell *self)
{
  self->label = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_inscription_set_text_overflow (self->label, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_set_parent (GTK_WIDGET (self->label), GTK_WIDGET (self));
}

/* A narrow window shrinks every column towards its minimum, and the column furthest from its
 * natural width loses most: give the column that names the row (the one that expands) room
 * for a readable name, so Namespace or Cluster never keep more space than Name. */
static guint
min_chars (BnColumns *columns,
           guint      column)
{
  guint width = bn_columns_get_width_chars (columns, column);

  return MIN (width, bn_columns_get_expand (columns, column) ? 18 : 6);
}

/**
 * bn_resource_cell_new:
 * @columns: the page's columns
 * @column: which of them this cell shows
 *
 * Returns: (transfer floating): a new cell, bound to nothing
 */
GtkWidget *
bn_resource_cell_new (BnColumns *columns,
                      guint      column)
{
  BnResourceCell *self;

  g_return_val_if_fail (BN_IS_COLUMNS (columns), NULL);
  g_return_val_if_fail (column < bn_columns_get_n_columns (columns), NULL);

  self = g_object_new (BN_TYPE_RESOURCE_CELL, NULL);
  self->columns = g_object_ref (columns);
  self->column = column;
  self->timed = bn_columns_get_timed (columns, column);
  if (bn_columns_get_property (columns, column) != NULL)
    self->notify_detail = g_quark_from_string (bn_columns_get_property (columns, column));
  gtk_inscription_set_min_chars (self->label, min_chars (columns, column));
  gtk_inscription_set_nat_chars (self->label, bn_columns_get_width_chars (columns, column));
  if (bn_columns_get_numeric (columns, column))
    gtk_inscription_set_xalign (self->label, 1.0);
  return GTK_WIDGET (self);
}

/**
 * bn_resource_cell_bind:
 * @self: a #BnResourceCell
 * @object: the row to show
 *
 * Shows @object and follows its changes until bn_resource_cell_unbind().
 */
void
bn_resource_cell_bind (BnResourceCell *self,
                       BnObject       *object)
{
  g_return_if_fail (BN_IS_RESOURCE_CELL (self));
  g_return_if_fail (BN_IS_OBJECT (object));

  bn_resource_cell_unbind (self);
  self->object = g_object_ref (object);

  /* Rows on screen are unbound and bound again whenever rows above them move, so this stays
   * cheap: plain handlers (unbind and dispose disconnect them), a detail found once per cell. */
  if (self->notify_detail != 0)
    self->notify_id = g_signal_connect_closure_by_id (object, notify_signal_id, self->notify_detail,
                                                      g_cclosure_new_swap (G_CALLBACK (on_object_notify_cb),
                                                                           self, NULL),
                                                      FALSE);
  if (self->timed)
    {
      self->ticker = bn_ticker_ref_default ();
      self->tick_id = g_signal_connect_swapped (self->ticker, "tick", G_CALLBACK (on_tick_cb), self);
    }

  update (self, current_time (self));
}

/**
 * bn_resource_cell_unbind:
 * @self: a #BnResourceCell
 *
 * Stops following the row; the text stays until the next bind.
 */
void
bn_resource_cell_unbind (BnResourceCell *self)
{
  g_return_if_fail (BN_IS_RESOURCE_CELL (self));

  if (self->object != NULL)
    g_clear_signal_handler (&self->notify_id, self->object);
  if (self->ticker != NULL)
    g_clear_signal_handler (&self->tick_id, self->ticker);
  g_clear_object (&self->ticker);
  g_clear_object (&self->object);
}

/**
 * bn_resource_cell_get_object:
 *
 * Returns: (transfer none) (nullable): the row shown
 */
BnObject *
bn_resource_cell_get_object (BnResourceCell *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_CELL (self), NULL);
  return self->object;
}

guint
bn_resource_cell_get_column (BnResourceCell *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_CELL (self), 0);
  return self->column;
}

const char *
bn_resource_cell_get_text (BnResourceCell *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_CELL (self), NULL);
  return gtk_inscription_get_text (self->label);
}

BnTone
bn_resource_cell_get_tone (BnResourceCell *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_CELL (self), BN_TONE_NONE);
  return self->tone;
}
