/* bn-namespace-selector.c: pick the namespaces a resource page shows
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bn-namespace-selector.h"

/*
 * A menu button whose popover lists the namespaces as check buttons, with "All Namespaces"
 * on top. Nothing checked means all of them. Which namespaces are offered is up to the page:
 * those the cluster lists, or, for credentials that may not list namespaces, the ones they
 * can see. Enter in the search entry checks the namespace typed, listed or not.
 */

struct _BnNamespaceSelector
{
  AdwBin          parent_instance;

  GtkMenuButton  *button;
  GtkPopover     *popover;
  GtkSearchEntry *search_entry;
  GtkCheckButton *all_check;
  GtkListBox     *list_box;

  GPtrArray      *available;
  GHashTable     *selected;
  gboolean        updating;
};

enum {
  PROP_0,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BnNamespaceSelector, bn_namespace_selector, ADW_TYPE_BIN)

static void
update_label (BnNamespaceSelector *self)
{
  guint n = g_hash_table_size (self->selected);
  g_autofree char *label = NULL;

  if (n == 0)
    label = g_strdup (_("All Namespaces"));
  else if (n == 1)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->selected);
      g_hash_table_iter_next (&iter, &key, NULL);
      label = g_strdup (key);
    }
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Namespace", "%u Namespaces", n), n);

  gtk_menu_button_set_label (self->button, label);
}

/* Brings the check buttons in line with the selection without reacting to their toggles. */
static void
sync_checks (BnNamespaceSelector *self)
{
  self->updating = TRUE;
  gtk_check_button_set_active (self->all_check, g_hash_table_size (self->selected) == 0);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = GTK_IS_LIST_BOX_ROW (row) ? gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)) : NULL;

      if (GTK_IS_CHECK_BUTTON (check))
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                     g_hash_table_contains (self->selected,
                                                            gtk_check_button_get_label (GTK_CHECK_BUTTON (check))));
    }
  self->updating = FALSE;
  update_label (self);
}

static void
selection_changed (BnNamespaceSelector *self)
{
  sync_checks (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

static void
on_namespace_toggled_cb (BnNamespaceSelector *self,
                         GtkCheckButton      *check)
{
  const char *name = gtk_check_button_get_label (check);

  if (self->updating)
    return;
  if (gtk_check_button_get_active (check))
    g_hash_table_add (self->selected, g_strdup (name));
  else
    g_hash_table_remove (self->selected, name);
  selection_changed (self);
}

static void
on_all_toggled_cb (BnNamespaceSelector *self,
                   GtkCheckButton      *check)
{
  if (self->updating)
    return;
  if (gtk_check_button_get_active (check))
    g_hash_table_remove_all (self->selected);
  else if (g_hash_table_size (self->selected) == 0)
    {
      /* "All" cannot be unchecked by itself: pick namespaces instead. */
      sync_checks (self);
      return;
    }
  selection_changed (self);
}

static gboolean
filter_row_cb (GtkListBoxRow *row,
               gpointer       user_data)
{
  BnNamespaceSelector *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  GtkWidget *check = gtk_list_box_row_get_child (row);

  return text == NULL || *text == '\0'
         || strstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (check)), text) != NULL;
}

static void
on_search_changed_cb (BnNamespaceSelector *self,
                      GtkSearchEntry      *entry)
{
  gtk_list_box_invalidate_filter (self->list_box);
}

/* What Kubernetes accepts as a namespace's name: a DNS label. */
static gboolean
is_namespace_name (const char *text)
{
  gsize length = strlen (text);

  if (length == 0 || length > 63 || text[0] == '-' || text[length - 1] == '-')
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_islower (text[i]) && !g_ascii_isdigit (text[i]) && text[i] != '-')
      return FALSE;
  return TRUE;
}

/* Enter checks the namespace typed. Credentials that may not list namespaces only get
 * offered those they are known to see: this is how to reach the others. */
static void
on_search_activate_cb (BnNamespaceSelector *self,
                       GtkSearchEntry      *entry)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_auto(GStrv) available = NULL;

  if (!is_namespace_name (name) || g_hash_table_contains (self->selected, name))
    return;

  g_hash_table_add (self->selected, g_steal_pointer (&name));
  available = bn_namespace_selector_dup_available (self);
  bn_namespace_selector_set_available (self, (const char * const *) available);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  selection_changed (self);
}

static void
on_popover_show_cb (BnNamespaceSelector *self,
                    GtkPopover          *popover)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
rebuild_rows (BnNamespaceSelector *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  for (guint i = 0; i < self->available->len; i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (g_ptr_array_index (self->available, i));

      g_signal_connect_object (check, "toggled", G_CALLBACK (on_namespace_toggled_cb), self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->list_box, check);
    }
  sync_checks (self);
}

static void
bn_namespace_selector_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  BnNamespaceSelector *self = BN_NAMESPACE_SELECTOR (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_take_boxed (value, bn_namespace_selector_dup_selected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_namespace_selector_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  BnNamespaceSelector *self = BN_NAMESPACE_SELECTOR (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      bn_namespace_selector_set_selected (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_namespace_selector_dispose (GObject *object)
{
  /* AdwBin unparents its child in its own dispose; let it go before the template does. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), BN_TYPE_NAMESPACE_SELECTOR);

  G_OBJECT_CLASS (bn_namespace_selector_parent_class)->dispose (object);
}

static void
bn_namespace_selector_finalize (GObject *object)
{
  BnNamespaceSelector *self = (BnNamespaceSelector *) object;

  g_clear_pointer (&self->available, g_ptr_array_unref);
  g_clear_pointer (&self->selected, g_hash_table_unref);

  G_OBJECT_CLASS (bn_namespace_selector_parent_class)->finalize (object);
}

static void
bn_namespace_selector_class_init (BnNamespaceSelectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bn_namespace_selector_get_property;
  object_class->set_property = bn_namespace_selector_set_property;
  object_class->dispose = bn_namespace_selector_dispose;
  object_class->finalize = bn_namespace_selector_finalize;

  /**
   * BnNamespaceSelector:selected:
   *
   * The namespaces checked; %NULL (or empty) for all of them.
   */
  properties[PROP_SELECTED] =
    g_param_spec_boxed ("selected", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/dev/binnacle/Binnacle/ui/bn-namespace-selector.ui");
  gtk_widget_class_bind_template_child (widget_class, BnNamespaceSelector, button);
  gtk_widget_class_bind_template_child (widget_class, BnNamespaceSelector, popover);
  gtk_widget_class_bind_template_child (widget_class, BnNamespaceSelector, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BnNamespaceSelector, all_check);
  gtk_widget_class_bind_template_child (widget_class, BnNamespaceSelector, list_box);
  gtk_widget_class_bind_template_callback (widget_class, on_all_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show_cb);
}

static void
bn_namespace_selector_init (BnNamespaceSelector *self)
{
  self->available = g_ptr_array_new_with_free_func (g_free);
  self->selected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_filter_func (self->list_box, filter_row_cb, self, NULL);
}

GtkWidget *
bn_namespace_selector_new (void)
{
  return g_object_new (BN_TYPE_NAMESPACE_SELECTOR, NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * bn_namespace_selector_set_available:
 * @self: a #BnNamespaceSelector
 * @namespaces: (nullable) (array zero-terminated=1): the namespaces to offer
 *
 * Sets the namespaces offered, in addition to those checked, sorted by name. The rows are
 * only rebuilt when the list changed.
 */
void
bn_namespace_selector_set_available (BnNamespaceSelector *self,
                                     const char * const  *namespaces)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;
  gboolean same;

  g_return_if_fail (BN_IS_NAMESPACE_SELECTOR (self));

  for (guint i = 0; namespaces != NULL && namespaces[i] != NULL; i++)
    if (*namespaces[i] != '\0' && g_hash_table_add (seen, (gpointer) namespaces[i]))
      g_ptr_array_add (names, g_strdup (namespaces[i]));
  g_hash_table_iter_init (&iter, self->selected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_hash_table_add (seen, key))
      g_ptr_array_add (names, g_strdup (key));
  g_ptr_array_sort (names, compare_names);

  same = names->len == self->available->len;
  for (guint i = 0; same && i < names->len; i++)
    same = g_str_equal (g_ptr_array_index (names, i), g_ptr_array_index (self->available, i));
  if (same)
    return;

  g_ptr_array_unref (self->available);
  self->available = g_steal_pointer (&names);
  rebuild_rows (self);
}

/**
 * bn_namespace_selector_dup_available:
 *
 * Returns: (transfer full): the namespaces offered, sorted
 */
char **
bn_namespace_selector_dup_available (BnNamespaceSelector *self)
{
  GStrvBuilder *builder;
  char **names;

  g_return_val_if_fail (BN_IS_NAMESPACE_SELECTOR (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->available->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->available, i));
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return names;
}

/**
 * bn_namespace_selector_dup_selected:
 *
 * Returns: (transfer full) (nullable): the namespaces checked, sorted, or %NULL for all
 */
char **
bn_namespace_selector_dup_selected (BnNamespaceSelector *self)
{
  char **names;

  g_return_val_if_fail (BN_IS_NAMESPACE_SELECTOR (self), NULL);

  if (g_hash_table_size (self->selected) == 0)
    return NULL;
  names = (char **) g_hash_table_get_keys_as_array (self->selected, NULL);
  for (guint i = 0; names[i] != NULL; i++)
    names[i] = g_strdup (names[i]);
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  return names;
}

/**
 * bn_namespace_selector_set_selected:
 * @self: a #BnNamespaceSelector
 * @namespaces: (nullable) (array zero-terminated=1): the namespaces to check; %NULL or
 *   empty for all
 */
void
bn_namespace_selector_set_selected (BnNamespaceSelector *self,
                                    const char * const  *namespaces)
{
  g_auto(GStrv) available = NULL;

  g_return_if_fail (BN_IS_NAMESPACE_SELECTOR (self));

  g_hash_table_remove_all (self->selected);
  for (guint i = 0; namespaces != NULL && namespaces[i] != NULL; i++)
    if (*namespaces[i] != '\0')
      g_hash_table_add (self->selected, g_strdup (namespaces[i]));

  available = bn_namespace_selector_dup_available (self);
  bn_namespace_selector_set_available (self, (const char * const *) available);
  selection_changed (self);
}

/**
 * bn_namespace_selector_get_label:
 *
 * Returns: what the button says ("All Namespaces", a namespace, "3 Namespaces")
 */
const char *
bn_namespace_selector_get_label (BnNamespaceSelector *self)
{
  g_return_val_if_fail (BN_IS_NAMESPACE_SELECTOR (self), NULL);
  return gtk_menu_button_get_label (self->button);
}
