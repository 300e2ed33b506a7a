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
 * view scrolls. While bound (and after, until bound to another row: see
 * bn_resource_cell_unbind()) it listens to its row's `notify` for the one property its column
 * reads (DESIGN.md, Data flow 5: a MODIFIED event swaps the row's snapshot and notifies; the
 * row is never replaced), and, for columns whose text changes with time, to the shared
 * ticker. It only redraws when the text or tone really changed.
 *
 * The cell draws its text itself, as GtkInscription would (one line, ellipsized, its size
 * from a number of characters, never from the text), instead of holding one: GTK 4.8 makes
 * a row's widgets afresh whenever another item takes its place, as after every header click,
 * and a widget less per cell is an eighth of those widgets less to make, style and destroy.
 * Its size does not depend on its text, so a new text is a redraw, never a relayout.
 */

struct _BnResourceCell
{
  GtkWidget       parent_instance;

  char           *text;
  PangoLayout    *layout;
  guint           min_chars;
  guint           nat_chars;
  float           xalign;

  BnColumns      *columns;
  guint           column;

  GQuark          notify_detail;
  gboolean        timed;

  BnObject       *object;
  gboolean        bound;
  gboolean        stale;
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
    gtk_widget_remove_css_class (GTK_WIDGET (self), tone_classes[self->tone]);
  self->tone = tone;
  if (tone_classes[tone] != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), tone_classes[tone]);
}

static void
set_text (BnResourceCell *self,
          char           *text)
{
  if (g_strcmp0 (text, self->text) == 0)
    {
      g_free (text);
      return;
    }
  g_free (self->text);
  self->text = text;
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, text, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
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
  BnTone tone;
  char *text = bn_columns_dup_text_and_tone (self->columns, self->column, self->object, now, &tone);

  self->next_update = now + (shows_seconds (text) ? 1 : 60);
  set_text (self, text);
  set_tone (self, tone);
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
  if (self->bound)
    update (self, current_time (self));
  else
    self->stale = TRUE;
}

static void
on_tick_cb (BnResourceCell *self,
            gint64          now,
            BnTicker       *ticker)
{
  if (self->bound && now >= self->next_update)
    update (self, now);
}

/* Drawing */

/* What a cell's size comes from, for one font at one resolution. Every new cell has a new
 * PangoContext, whose metrics Pango does not share, and working them out again was a tenth of
 * a header click: the cells of a page use one or two fonts, so the last one is kept. */
typedef struct
{
  PangoFontDescription *font;
  double                resolution;
  int                   char_width;
  int                   line_height;
} FontSize;

static FontSize last_font_size;

static const FontSize *
get_font_size (GtkWidget *widget)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *font = pango_context_get_font_description (context);
  double resolution = pango_cairo_context_get_resolution (context);
  PangoFontMetrics *metrics;

  if (last_font_size.font != NULL && last_font_size.resolution == resolution
      && pango_font_description_equal (font, last_font_size.font))
    return &last_font_size;

  metrics = pango_context_get_metrics (context, NULL, NULL);
  g_clear_pointer (&last_font_size.font, pango_font_description_free);
  last_font_size.font = pango_font_description_copy (font);
  last_font_size.resolution = resolution;
  last_font_size.char_width = MAX (pango_font_metrics_get_approximate_char_width (metrics),
                                   pango_font_metrics_get_approximate_digit_width (metrics));
  last_font_size.line_height = MAX (pango_font_metrics_get_ascent (metrics) + pango_font_metrics_get_descent (metrics),
                                    pango_font_metrics_get_height (metrics));
  pango_font_metrics_unref (metrics);
  return &last_font_size;
}

/* As GtkInscription measures: a number of the font's widest average characters across, one
 * line of the font's height down. */
static void
bn_resource_cell_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  BnResourceCell *self = (BnResourceCell *) widget;
  const FontSize *size = get_font_size (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = PANGO_PIXELS_CEIL (size->char_width * (int) self->min_chars);
      *natural = PANGO_PIXELS_CEIL (size->char_width * (int) self->nat_chars);
    }
  else
    {
      *minimum = *natural = PANGO_PIXELS_CEIL (size->line_height);
    }
}

static void
bn_resource_cell_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  BnResourceCell *self = (BnResourceCell *) widget;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  float xalign = self->xalign;
  PangoRectangle logical;
  GdkRGBA color;

  if (self->text == NULL || *self->text == '\0' || width <= 0)
    return;
  if (self->layout == NULL)
    {
      self->layout = gtk_widget_create_pango_layout (widget, self->text);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_set_width (self->layout, width * PANGO_SCALE);
  pango_layout_get_pixel_extents (self->layout, NULL, &logical);
  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    xalign = 1.0f - xalign;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (floorf (xalign * MAX (width - logical.width, 0)) - logical.x,
                                                          floorf ((height - logical.height) / 2.0f)));
  gtk_snapshot_append_layout (snapshot, self->layout, &color);
  gtk_snapshot_restore (snapshot);
}

/* A new font, font setting or direction makes a new layout at the next draw. */
static void
drop_layout (BnResourceCell *self)
{
  g_clear_object (&self->layout);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
bn_resource_cell_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  BnResourceCell *self = (BnResourceCell *) widget;

  GTK_WIDGET_CLASS (bn_resource_cell_parent_class)->css_changed (widget, change);
  if (self->layout != NULL)
    pango_layout_context_changed (self->layout);
}

static void
bn_resource_cell_direction_changed (GtkWidget        *widget,
                                    GtkTextDirection  previous)
{
  drop_layout ((BnResourceCell *) widget);
}

static void
bn_resource_cell_system_setting_changed (GtkWidget        *widget,
                                         GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (bn_resource_cell_parent_class)->system_setting_changed (widget, setting);
  drop_layout ((BnResourceCell *) widget);
}

static void
stop_following (BnResourceCell *self)
{
  if (self->object != NULL)
    g_clear_signal_handler (&self->notify_id, self->object);
  if (self->ticker != NULL)
    g_clear_signal_handler (&self->tick_id, self->ticker);
  g_clear_object (&self->ticker);
  g_clear_object (&self->object);
}

static void
bn_resource_cell_dispose (GObject *object)
{
  BnResourceCell *self = (BnResourceCell *) object;

  self->bound = FALSE;
  stop_following (self);
  g_clear_object (&self->layout);
  g_clear_object (&self->columns);

  G_OBJECT_CLASS (bn_resource_cell_parent_class)->dispose (object);
}

static void
bn_resource_cell_finalize (GObject *object)
{
  BnResourceCell *self = (BnResourceCell *) object;

  g_free (self->text);

  G_OBJECT_CLASS (bn_resource_cell_parent_class)->finalize (object);
}

static void
bn_resource_cell_class_init (BnResourceCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bn_resource_cell_dispose;
  object_class->finalize = bn_resource_cell_finalize;

  widget_class->measure = bn_resource_cell_measure;
  widget_class->snapshot = bn_resource_cell_snapshot;
  widget_class->css_changed = bn_resource_cell_css_changed;
  widget_class->direction_changed = bn_resource_cell_direction_changed;
  widget_class->system_setting_changed = bn_resource_cell_system_setting_changed;

  notify_signal_id = g_signal_lookup ("notify", G_TYPE_OBJECT);
  gtk_widget_class_set_css_name (widget_class, "bnresourcecell");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
bn_resource_cell_init (BnResourceCell *self)
{
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
  self->min_chars = min_chars (columns, column);
  self->nat_chars = bn_columns_get_width_chars (columns, column);
  self->xalign = bn_columns_get_numeric (columns, column) ? 1.0f : 0.0f;
  return GTK_WIDGET (self);
}

/**
 * bn_resource_cell_bind:
 * @self: a #BnResourceCell
 * @object: the row to show
 *
 * Shows @object and follows its changes until bn_resource_cell_unbind(). Binding the row
 * the cell showed last costs nothing unless the row changed meanwhile.
 */
void
bn_resource_cell_bind (BnResourceCell *self,
                       BnObject       *object)
{
  g_return_if_fail (BN_IS_RESOURCE_CELL (self));
  g_return_if_fail (BN_IS_OBJECT (object));

  self->bound = TRUE;
  if (object == self->object)
    {
      /* Still connected since the unbind: only a change or the clock needs a new text. */
      if (self->stale || (self->timed && current_time (self) >= self->next_update))
        update (self, current_time (self));
      self->stale = FALSE;
      return;
    }

  stop_following (self);
  self->object = g_object_ref (object);
  self->stale = FALSE;

  /* Plain handlers (stop_following() disconnects them), a detail found once per cell. */
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
 * Stops showing the row; the text stays until the next bind.
 *
 * The cell stays connected to the row, only noting that it changed, until it is bound to
 * another or destroyed: GTK 4.8 unbinds every row on screen and binds it again to the same
 * item whenever rows above it move, and disconnecting and connecting the handlers each time
 * was half of what a tick of moves cost.
 */
void
bn_resource_cell_unbind (BnResourceCell *self)
{
  g_return_if_fail (BN_IS_RESOURCE_CELL (self));

  self->bound = FALSE;
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
  return self->bound ? self->object : NULL;
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
  return self->text;
}

BnTone
bn_resource_cell_get_tone (BnResourceCell *self)
{
  g_return_val_if_fail (BN_IS_RESOURCE_CELL (self), BN_TONE_NONE);
  return self->tone;
}
