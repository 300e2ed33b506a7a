/* bn-cluster-row.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bn-cluster-row.h"
#include "bn-kube-error.h"

/**
 * BnClusterRow:
 *
 * One cluster in the sidebar: its colour, its state, its name, the kubeconfig's problems
 * with it, the read-only lock and a menu (connect, disconnect, sign in, pin, colour, and hide
 * for a kubeconfig's context or remove for a cluster added by hand).
 *
 * The row follows #BnCluster:status, #BnCluster:locked and the cluster's preferences; it
 * never holds state of its own besides "needs sign-in", which the window learns from the
 * first 401 of a request other than `/version` (public on real servers).
 */
struct _BnClusterRow
{
  GtkListBoxRow         parent_instance;

  BnCluster            *cluster;
  BnClusterEntry       *entry;
  BnClusterPreferences *preferences;
  gboolean              needs_sign_in;
  gboolean              connection_lost;
  BnClusterRowState     state;
  char                 *color;

  GtkWidget            *color_stripe;
  GtkStack             *status_stack;
  GtkImage             *status_icon;
  GtkSpinner           *spinner;
  GtkLabel             *name_label;
  GtkLabel             *detail_label;
  GtkButton            *lock_button;
  GtkMenuButton        *menu_button;
};

G_DEFINE_FINAL_TYPE (BnClusterRow, bn_cluster_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_CLUSTER,
  PROP_STATE,
  PROP_NEEDS_SIGN_IN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const state_classes[] = { "success", "warning", "error", NULL };

static char *
dup_problems_text (BnClusterRow *self,
                   gboolean      errors_only)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->entry == NULL || self->entry->problems == NULL)
    return NULL;

  for (guint i = 0; i < self->entry->problems->len; i++)
    {
      const BnKubeconfigProblem *problem = g_ptr_array_index (self->entry->problems, i);

      if (errors_only && !problem->is_error)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, problem->message);
    }

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static BnClusterRowState
compute_state (BnClusterRow *self)
{
  const GError *error;

  if (self->entry != NULL && bn_cluster_entry_has_errors (self->entry))
    return BN_CLUSTER_ROW_ERROR;

  switch (bn_cluster_get_status (self->cluster))
    {
    case BN_CLUSTER_CONNECTING:
      return BN_CLUSTER_ROW_CONNECTING;

    case BN_CLUSTER_CONNECTED:
      if (self->needs_sign_in)
        return BN_CLUSTER_ROW_NEEDS_SIGN_IN;
      return self->connection_lost ? BN_CLUSTER_ROW_RECONNECTING : BN_CLUSTER_ROW_READY;

    case BN_CLUSTER_FAILED:
      error = bn_cluster_get_error (self->cluster);
      if (g_error_matches (error, BN_KUBE_ERROR, BN_KUBE_ERROR_UNAUTHORIZED))
        return BN_CLUSTER_ROW_NEEDS_SIGN_IN;
      return BN_CLUSTER_ROW_ERROR;

    case BN_CLUSTER_DISCONNECTED:
    default:
      return BN_CLUSTER_ROW_NOT_CONNECTED;
    }
}

static char *
dup_detail (BnClusterRow      *self,
            BnClusterRowState  state)
{
  const GError *error = bn_cluster_get_error (self->cluster);
  g_autofree char *problems = dup_problems_text (self, FALSE);
  const char *version;

  switch (state)
    {
    case BN_CLUSTER_ROW_CONNECTING:
      return g_strdup (_("Connecting…"));

    case BN_CLUSTER_ROW_READY:
      version = bn_cluster_get_server_version (self->cluster);
      return version ? g_strdup_printf (_("Ready · %s"), version) : g_strdup (_("Ready"));

    case BN_CLUSTER_ROW_NEEDS_SIGN_IN:
      return g_strdup (_("Needs sign-in: the server refused the credentials"));

    case BN_CLUSTER_ROW_RECONNECTING:
      return g_strdup (_("Connection lost · reconnecting…"));

    case BN_CLUSTER_ROW_ERROR:
      if (self->entry != NULL && bn_cluster_entry_has_errors (self->entry))
        return dup_problems_text (self, TRUE);
      return g_strdup (error ? error->message : _("Cannot connect"));

    case BN_CLUSTER_ROW_NOT_CONNECTED:
    default:
      /* Warnings are worth seeing before connecting: the connection may fail because of them. */
      if (problems != NULL)
        return g_steal_pointer (&problems);
      return g_strdup (_("Not connected"));
    }
}

static void
update_status_icon (BnClusterRow      *self,
                    BnClusterRowState  state)
{
  const char *icon = "network-server-symbolic";
  const char *css = NULL;
  gboolean has_warnings = self->entry != NULL && self->entry->problems != NULL &&
                          self->entry->problems->len > 0;

  switch (state)
    {
    case BN_CLUSTER_ROW_READY:
      icon = "emblem-ok-symbolic";
      css = "success";
      break;
    case BN_CLUSTER_ROW_NEEDS_SIGN_IN:
      icon = "dialog-password-symbolic";
      css = "warning";
      break;
    case BN_CLUSTER_ROW_ERROR:
      icon = "dialog-error-symbolic";
      css = "error";
      break;
    case BN_CLUSTER_ROW_RECONNECTING:
      icon = "network-error-symbolic";
      css = "warning";
      break;
    case BN_CLUSTER_ROW_NOT_CONNECTED:
      if (has_warnings)
        {
          icon = "dialog-warning-symbolic";
          css = "warning";
        }
      break;
    case BN_CLUSTER_ROW_CONNECTING:
    default:
      break;
    }

  for (guint i = 0; state_classes[i] != NULL; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), state_classes[i]);
  if (css != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), css);
  gtk_image_set_from_icon_name (self->status_icon, icon);

  gtk_spinner_set_spinning (self->spinner, state == BN_CLUSTER_ROW_CONNECTING);
  gtk_stack_set_visible_child_name (self->status_stack,
                                    state == BN_CLUSTER_ROW_CONNECTING ? "spinner" : "icon");
}

static void
update_actions (BnClusterRow      *self,
                BnClusterRowState  state)
{
  gboolean broken = self->entry != NULL && bn_cluster_entry_has_errors (self->entry);
  gboolean hand_added = self->entry != NULL && self->entry->from_keyring;
  BnClusterStatus status = bn_cluster_get_status (self->cluster);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cluster.connect",
                                 !broken && status == BN_CLUSTER_DISCONNECTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cluster.disconnect",
                                 status != BN_CLUSTER_DISCONNECTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cluster.sign-in",
                                 state == BN_CLUSTER_ROW_NEEDS_SIGN_IN || hand_added);
  /* A kubeconfig's context stays in its file: it can only be hidden. One added by hand is
   * Binnacle's own to remove, token and all. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cluster.hide", !hand_added);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cluster.remove", hand_added);
}

static void
update_state (BnClusterRow *self)
{
  BnClusterRowState state = compute_state (self);
  g_autofree char *detail = dup_detail (self, state);
  g_autofree char *tooltip = dup_problems_text (self, FALSE);
  g_autofree char *accessible = NULL;

  gtk_label_set_label (self->detail_label, detail);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->detail_label), tooltip);
  update_status_icon (self, state);
  update_actions (self, state);

  accessible = g_strdup_printf ("%s, %s", bn_cluster_get_name (self->cluster), detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static void
update_lock (BnClusterRow *self)
{
  gboolean locked = bn_cluster_get_locked (self->cluster);
  const char *tooltip = locked
    ? _("Read-only: changes are blocked. Click to allow changes")
    : _("Changes allowed. Click to make the cluster read-only again");

  gtk_button_set_icon_name (self->lock_button,
                            locked ? "changes-prevent-symbolic" : "changes-allow-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->lock_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->lock_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  locked ? _("Read-only") : _("Changes allowed"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                  -1);
  if (locked)
    gtk_widget_remove_css_class (GTK_WIDGET (self->lock_button), "warning");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->lock_button), "warning");
}

static void
update_color (BnClusterRow *self)
{
  g_autofree char *class_name = NULL;

  if (self->color != NULL)
    {
      class_name = g_strdup_printf ("cluster-color-%s", self->color);
      gtk_widget_remove_css_class (self->color_stripe, class_name);
      g_clear_pointer (&class_name, g_free);
    }

  g_clear_pointer (&self->color, g_free);
  if (self->preferences != NULL)
    self->color = bn_cluster_preferences_dup_color (self->preferences,
                                                     bn_cluster_get_id (self->cluster));

  /* The stripe keeps its place when empty, so that names line up across rows. */
  if (self->color != NULL)
    {
      class_name = g_strdup_printf ("cluster-color-%s", self->color);
      gtk_widget_add_css_class (self->color_stripe, class_name);
    }
}

static void
on_unlock_response_cb (BnClusterRow     *self,
                       const char       *response,
                       AdwMessageDialog *dialog)
{
  g_assert (BN_IS_CLUSTER_ROW (self));

  if (g_strcmp0 (response, "unlock") == 0)
    bn_cluster_set_locked (self->cluster, FALSE);
}

static void
confirm_unlock (BnClusterRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Allow Changes to a Production Cluster?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” is marked as production. While unlocked, Binnacle can "
                                    "change or delete what is in it, as far as your "
                                    "credentials allow."),
                                  bn_cluster_get_name (self->cluster));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "unlock", _("_Allow Changes"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "unlock",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_unlock_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * bn_cluster_row_toggle_lock:
 * @self: a #BnClusterRow
 *
 * Locks an unlocked cluster at once, and unlocks a locked one, after a confirmation for
 * clusters coloured as production.
 */
void
bn_cluster_row_toggle_lock (BnClusterRow *self)
{
  g_return_if_fail (BN_IS_CLUSTER_ROW (self));

  if (!bn_cluster_get_locked (self->cluster))
    bn_cluster_set_locked (self->cluster, TRUE);
  else if (self->preferences != NULL &&
           bn_cluster_preferences_is_production (self->preferences,
                                                 bn_cluster_get_id (self->cluster)))
    confirm_unlock (self);
  else
    bn_cluster_set_locked (self->cluster, FALSE);
}

static void
toggle_lock_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  bn_cluster_row_toggle_lock (BN_CLUSTER_ROW (widget));
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  bn_cluster_connect (BN_CLUSTER_ROW (widget)->cluster);
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  BnClusterRow *self = BN_CLUSTER_ROW (widget);

  bn_cluster_row_set_needs_sign_in (self, FALSE);
  bn_cluster_row_set_connection_lost (self, FALSE);
  bn_cluster_disconnect (self->cluster);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BnClusterRow *self = BN_CLUSTER_ROW (widget);

  gtk_widget_activate_action (widget, "win.sign-in", "s", bn_cluster_get_id (self->cluster));
}

static void
pin_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  BnClusterRow *self = BN_CLUSTER_ROW (widget);
  const char *id = bn_cluster_get_id (self->cluster);

  if (self->preferences != NULL)
    bn_cluster_preferences_set_pinned (self->preferences, id,
                                       !bn_cluster_preferences_get_pinned (self->preferences, id));
}

static void
hide_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BnClusterRow *self = BN_CLUSTER_ROW (widget);

  if (self->preferences != NULL)
    {
      const char *id = bn_cluster_get_id (self->cluster);

      bn_cluster_preferences_set_hidden (self->preferences, id,
                                         !bn_cluster_preferences_get_hidden (self->preferences, id));
    }
}

static void
show_menu_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  gtk_menu_button_popup (BN_CLUSTER_ROW (widget)->menu_button);
}

/* A right click on the row opens its menu, as Shift+F10 and the Menu key do. */
static void
on_secondary_click_cb (BnClusterRow *self,
                       int           n_press,
                       double        x,
                       double        y,
                       GtkGesture   *gesture)
{
  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_menu_button_popup (self->menu_button);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BnClusterRow *self = BN_CLUSTER_ROW (widget);

  /* The window asks first, and owns the cluster list and the keyring. */
  gtk_widget_activate_action (widget, "win.remove-cluster", "s", bn_cluster_get_id (self->cluster));
}

static void
color_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BnClusterRow *self = BN_CLUSTER_ROW (widget);
  const char *color = g_variant_get_string (parameter, NULL);

  if (self->preferences != NULL &&
      (*color == '\0' || g_strv_contains (bn_cluster_preferences_list_colors (), color)))
    bn_cluster_preferences_set_color (self->preferences, bn_cluster_get_id (self->cluster), color);
}

static void
bn_cluster_row_constructed (GObject *object)
{
  BnClusterRow *self = BN_CLUSTER_ROW (object);

  G_OBJECT_CLASS (bn_cluster_row_parent_class)->constructed (object);

  gtk_label_set_label (self->name_label, bn_cluster_get_name (self->cluster));
  g_signal_connect_object (self->cluster, "notify::status",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cluster, "notify::server-version",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cluster, "notify::locked",
                           G_CALLBACK (update_lock), self, G_CONNECT_SWAPPED);
  if (self->preferences != NULL)
    g_signal_connect_object (self->preferences, "changed",
                             G_CALLBACK (update_color), self, G_CONNECT_SWAPPED);

  self->state = compute_state (self);
  update_state (self);
  update_lock (self);
  update_color (self);
}

static void
bn_cluster_row_dispose (GObject *object)
{
  BnClusterRow *self = BN_CLUSTER_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_CLUSTER_ROW);
  g_clear_object (&self->cluster);
  g_clear_object (&self->preferences);
  g_clear_pointer (&self->entry, bn_cluster_entry_unref);

  G_OBJECT_CLASS (bn_cluster_row_parent_class)->dispose (object);
}

static void
bn_cluster_row_finalize (GObject *object)
{
  BnClusterRow *self = BN_CLUSTER_ROW (object);

  g_clear_pointer (&self->color, g_free);

  G_OBJECT_CLASS (bn_cluster_row_parent_class)->finalize (object);
}

static void
bn_cluster_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BnClusterRow *self = BN_CLUSTER_ROW (object);

  switch (prop_id)
    {
    case PROP_CLUSTER:
      g_value_set_object (value, bn_cluster_row_get_cluster (self));
      break;

    case PROP_STATE:
      g_value_set_int (value, bn_cluster_row_get_state (self));
      break;

    case PROP_NEEDS_SIGN_IN:
      g_value_set_boolean (value, bn_cluster_row_get_needs_sign_in (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_cluster_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BnClusterRow *self = BN_CLUSTER_ROW (object);

  switch (prop_id)
    {
    case PROP_CLUSTER:
      self->cluster = g_value_dup_object (value);
      break;

    case PROP_NEEDS_SIGN_IN:
      bn_cluster_row_set_needs_sign_in (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_cluster_row_class_init (BnClusterRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bn_cluster_row_constructed;
  object_class->dispose = bn_cluster_row_dispose;
  object_class->finalize = bn_cluster_row_finalize;
  object_class->get_property = bn_cluster_row_get_property;
  object_class->set_property = bn_cluster_row_set_property;

  properties[PROP_CLUSTER] =
    g_param_spec_object ("cluster", NULL, NULL, BN_TYPE_CLUSTER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * BnClusterRow:state:
   *
   * What the row says about its cluster, a #BnClusterRowState.
   */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      BN_CLUSTER_ROW_NOT_CONNECTED, BN_CLUSTER_ROW_ERROR, BN_CLUSTER_ROW_NOT_CONNECTED,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NEEDS_SIGN_IN] =
    g_param_spec_boolean ("needs-sign-in", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/bn-cluster-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BnClusterRow, color_stripe);
  gtk_widget_class_bind_template_child (widget_class, BnClusterRow, status_stack);
  gtk_widget_class_bind_template_child (widget_class, BnClusterRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, BnClusterRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, BnClusterRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, BnClusterRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, BnClusterRow, lock_button);
  gtk_widget_class_bind_template_child (widget_class, BnClusterRow, menu_button);

  gtk_widget_class_install_action (widget_class, "cluster.toggle-lock", NULL, toggle_lock_action);
  gtk_widget_class_install_action (widget_class, "cluster.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "cluster.disconnect", NULL, disconnect_action);
  gtk_widget_class_install_action (widget_class, "cluster.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "cluster.pin", NULL, pin_action);
  gtk_widget_class_install_action (widget_class, "cluster.hide", NULL, hide_action);
  gtk_widget_class_install_action (widget_class, "cluster.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "cluster.show-menu", NULL, show_menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "cluster.show-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "cluster.show-menu", NULL);
  gtk_widget_class_install_action (widget_class, "cluster.color", "s", color_action);
}

static void
bn_cluster_row_init (BnClusterRow *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (click, "pressed", G_CALLBACK (on_secondary_click_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

/**
 * bn_cluster_row_new:
 * @cluster: the cluster to show
 * @entry: (nullable): how the kubeconfig or keyring describes it, with its problems
 * @preferences: (nullable): where its colour, pin and hidden flag are kept
 *
 * Returns: (transfer floating): a new #BnClusterRow
 */
BnClusterRow *
bn_cluster_row_new (BnCluster            *cluster,
                    BnClusterEntry       *entry,
                    BnClusterPreferences *preferences)
{
  BnClusterRow *self;

  g_return_val_if_fail (BN_IS_CLUSTER (cluster), NULL);
  g_return_val_if_fail (preferences == NULL || BN_IS_CLUSTER_PREFERENCES (preferences), NULL);

  self = g_object_new (BN_TYPE_CLUSTER_ROW, "cluster", cluster, NULL);
  self->entry = entry ? bn_cluster_entry_ref (entry) : NULL;
  self->preferences = preferences ? g_object_ref (preferences) : NULL;
  /* constructed() ran before the entry and preferences were known. */
  update_state (self);
  update_color (self);
  if (self->preferences != NULL)
    g_signal_connect_object (self->preferences, "changed",
                             G_CALLBACK (update_color), self, G_CONNECT_SWAPPED);

  return self;
}

/**
 * bn_cluster_row_get_cluster:
 * @self: a #BnClusterRow
 *
 * Returns: (transfer none): the row's cluster
 */
BnCluster *
bn_cluster_row_get_cluster (BnClusterRow *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_ROW (self), NULL);

  return self->cluster;
}

/**
 * bn_cluster_row_get_entry:
 * @self: a #BnClusterRow
 *
 * Returns: (transfer none) (nullable): the kubeconfig or keyring entry of the cluster
 */
BnClusterEntry *
bn_cluster_row_get_entry (BnClusterRow *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_ROW (self), NULL);

  return self->entry;
}

/**
 * bn_cluster_row_get_state:
 * @self: a #BnClusterRow
 *
 * Returns: what the row shows about its cluster
 */
BnClusterRowState
bn_cluster_row_get_state (BnClusterRow *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_ROW (self), BN_CLUSTER_ROW_NOT_CONNECTED);

  return self->state;
}

/**
 * bn_cluster_row_get_detail:
 * @self: a #BnClusterRow
 *
 * Returns: (transfer none): the line under the cluster's name: its state or its problems
 */
const char *
bn_cluster_row_get_detail (BnClusterRow *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_ROW (self), NULL);

  return gtk_label_get_label (self->detail_label);
}

/**
 * bn_cluster_row_get_needs_sign_in:
 * @self: a #BnClusterRow
 *
 * Returns: whether the server refused the cluster's credentials
 */
gboolean
bn_cluster_row_get_needs_sign_in (BnClusterRow *self)
{
  g_return_val_if_fail (BN_IS_CLUSTER_ROW (self), FALSE);

  return self->needs_sign_in;
}

/**
 * bn_cluster_row_set_needs_sign_in:
 * @self: a #BnClusterRow
 * @needs_sign_in: whether a request was answered with 401
 *
 * Marks a connected cluster whose credentials the server refused.
 */
void
bn_cluster_row_set_needs_sign_in (BnClusterRow *self,
                                  gboolean      needs_sign_in)
{
  g_return_if_fail (BN_IS_CLUSTER_ROW (self));

  needs_sign_in = !!needs_sign_in;
  if (self->needs_sign_in == needs_sign_in)
    return;

  self->needs_sign_in = needs_sign_in;
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_SIGN_IN]);
}

/**
 * bn_cluster_row_set_connection_lost:
 * @self: a #BnClusterRow
 * @connection_lost: whether the watches of a connected cluster lost the server
 *
 * Marks a connected cluster whose server stopped answering after it had answered; the
 * watches keep trying and the mark goes once they are back.
 */
void
bn_cluster_row_set_connection_lost (BnClusterRow *self,
                                    gboolean      connection_lost)
{
  g_return_if_fail (BN_IS_CLUSTER_ROW (self));

  connection_lost = !!connection_lost;
  if (self->connection_lost == connection_lost)
    return;

  self->connection_lost = connection_lost;
  update_state (self);
}
