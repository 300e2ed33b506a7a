/* bn-sign-in-dialog.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "bn-api-client.h"
#include "bn-jwt.h"
#include "bn-kube-error.h"
#include "bn-sign-in-dialog.h"

/**
 * BnSignInDialog:
 *
 * Adds a cluster by hand (name, server URL, certificate authority or no verification, and a
 * bearer token), or signs in again to one whose token the server refused, in which case it
 * opens pre-filled and says why.
 *
 * "Verify" sends a SelfSubjectReview with the token, so the user sees who the token is (and
 * when it expires, from its claims) before anything is saved; "Save" then emits
 * #BnSignInDialog::signed-in and closes. The token stays in memory only: the window saves it
 * into the keyring when "Remember in keyring" is on.
 */
struct _BnSignInDialog
{
  AdwWindow                parent_instance;

  BnCluster               *cluster;
  GCancellable            *cancellable;
  BnApiClient             *client;
  char                    *ca_path;
  GBytes                  *ca_data;         /* inline CA of a kubeconfig cluster */
  char                    *tls_server_name;
  char                    *user_name;
  char                    *reason;
  gboolean                 verified;

  GtkButton               *sign_in_button;
  GtkSpinner              *spinner;
  AdwPreferencesGroup     *reason_group;
  GtkLabel                *reason_label;
  AdwEntryRow             *name_row;
  AdwEntryRow             *server_row;
  AdwActionRow            *ca_row;
  GtkButton               *ca_clear_button;
  GtkSwitch               *skip_tls_switch;
  GtkLabel                *tls_warning_label;
  AdwPasswordEntryRow     *token_row;
  GtkSwitch               *remember_switch;
  GtkWidget               *remember_row;
  AdwPreferencesGroup     *identity_group;
  AdwActionRow            *user_row;
  AdwActionRow            *groups_row;
  AdwActionRow            *expiry_row;
  AdwPreferencesGroup     *error_group;
  GtkLabel                *error_label;
};

G_DEFINE_FINAL_TYPE (BnSignInDialog, bn_sign_in_dialog, ADW_TYPE_WINDOW)

enum {
  SIG_SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
entry_text (gpointer row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
server_is_valid (const char *server)
{
  g_autoptr(GUri) uri = g_uri_parse (server, G_URI_FLAGS_NONE, NULL);

  return uri != NULL &&
         (g_strcmp0 (g_uri_get_scheme (uri), "https") == 0 ||
          g_strcmp0 (g_uri_get_scheme (uri), "http") == 0) &&
         g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

static void
show_error (BnSignInDialog *self,
            const char     *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_group), message != NULL);
}

static void
set_busy (BnSignInDialog *self,
          gboolean        busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), !busy);
}

static void
update_button (BnSignInDialog *self)
{
  gboolean complete = *entry_text (self->name_row) != '\0' &&
                      server_is_valid (entry_text (self->server_row)) &&
                      *entry_text (self->token_row) != '\0';

  gtk_button_set_label (self->sign_in_button, self->verified ? _("_Save") : _("_Verify"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button),
                            complete && !gtk_spinner_get_spinning (self->spinner));
}

static void
on_field_changed_cb (BnSignInDialog *self)
{
  g_assert (BN_IS_SIGN_IN_DIALOG (self));

  /* What was verified is no longer what is shown. */
  if (self->verified)
    {
      self->verified = FALSE;
      gtk_widget_set_visible (GTK_WIDGET (self->identity_group), FALSE);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->tls_warning_label),
                          gtk_switch_get_active (self->skip_tls_switch));
  show_error (self, NULL);
  update_button (self);
}

static void
update_ca_row (BnSignInDialog *self)
{
  if (self->ca_path != NULL)
    {
      g_autofree char *name = g_filename_display_name (self->ca_path);

      adw_action_row_set_subtitle (self->ca_row, name);
    }
  else if (self->ca_data != NULL)
    adw_action_row_set_subtitle (self->ca_row, _("Embedded in the kubeconfig"));
  else
    adw_action_row_set_subtitle (self->ca_row, _("The system’s trusted certificates"));

  gtk_widget_set_visible (GTK_WIDGET (self->ca_clear_button),
                          self->ca_path != NULL || self->ca_data != NULL);
  on_field_changed_cb (self);
}

static void
on_ca_chosen_cb (BnSignInDialog       *self,
                 int                   response,
                 GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  g_assert (BN_IS_SIGN_IN_DIALOG (self));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && g_file_peek_path (file) != NULL)
    {
      g_free (self->ca_path);
      self->ca_path = g_file_get_path (file);
      g_clear_pointer (&self->ca_data, g_bytes_unref);
      update_ca_row (self);
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
}

static void
on_ca_choose_clicked_cb (BnSignInDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_assert (BN_IS_SIGN_IN_DIALOG (self));

  chooser = gtk_file_chooser_native_new (_("Choose the Certificate Authority"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PEM certificates"));
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.cer");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_ca_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_ca_clear_clicked_cb (BnSignInDialog *self)
{
  g_assert (BN_IS_SIGN_IN_DIALOG (self));

  g_clear_pointer (&self->ca_path, g_free);
  g_clear_pointer (&self->ca_data, g_bytes_unref);
  update_ca_row (self);
}

/**
 * bn_sign_in_dialog_dup_token_expiry:
 * @token: a bearer token
 *
 * Reads the `exp` claim of a JWT (without verifying it: that is the server's job).
 *
 * Returns: (transfer full) (nullable): the expiry as local time text, or %NULL when the token
 *   is not a JWT or does not expire
 */
char *
bn_sign_in_dialog_dup_token_expiry (const char *token)
{
  g_autoptr(BnJwt) jwt = NULL;
  g_autoptr(GDateTime) local = NULL;
  GDateTime *expiry;

  g_return_val_if_fail (token != NULL, NULL);

  jwt = bn_jwt_new_from_token (token, NULL);
  expiry = jwt ? bn_jwt_get_expiry (jwt) : NULL;
  if (expiry == NULL)
    return NULL;

  local = g_date_time_to_local (expiry);
  return g_date_time_format (local, "%x %X");
}

static void
show_identity (BnSignInDialog *self,
               JsonObject     *user_info)
{
  g_autoptr(GString) groups = g_string_new (NULL);
  g_autofree char *expiry = bn_sign_in_dialog_dup_token_expiry (entry_text (self->token_row));
  const char *user_name = json_object_get_string_member_with_default (user_info, "username", NULL);

  g_free (self->user_name);
  self->user_name = g_strdup (user_name ? user_name : _("Unknown user"));
  adw_action_row_set_subtitle (self->user_row, self->user_name);

  if (json_object_has_member (user_info, "groups") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (user_info, "groups")))
    {
      JsonArray *array = json_object_get_array_member (user_info, "groups");

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *group = json_node_get_string (json_array_get_element (array, i));

          if (group == NULL)
            continue;
          if (groups->len > 0)
            g_string_append (groups, ", ");
          g_string_append (groups, group);
        }
    }

  adw_action_row_set_subtitle (self->groups_row, groups->len ? groups->str : _("None"));
  adw_action_row_set_subtitle (self->expiry_row,
                               expiry ? expiry : _("Not stated in the token"));
  gtk_widget_set_visible (GTK_WIDGET (self->identity_group), TRUE);
}

static void
end_request (BnSignInDialog *self)
{
  set_busy (self, FALSE);
  if (self->client != NULL)
    bn_api_client_shutdown (self->client);
  g_clear_object (&self->client);
}

static void
verification_failed (BnSignInDialog *self,
                     const GError   *error)
{
  end_request (self);

  if (g_error_matches (error, BN_KUBE_ERROR, BN_KUBE_ERROR_UNAUTHORIZED))
    show_error (self, _("The server did not accept this token. It may have expired or "
                        "belong to another cluster."));
  else
    show_error (self, error ? error->message : _("The server did not answer."));
  update_button (self);
}

static void
verification_succeeded (BnSignInDialog *self,
                        JsonObject     *user_info)
{
  end_request (self);
  show_identity (self, user_info);
  self->verified = TRUE;
  update_button (self);
}

static JsonObject *
dup_user_info (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root, *status;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                   (gssize) g_bytes_get_size (body), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  root = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (root, "status") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "status")))
    return json_object_new ();

  status = json_object_get_object_member (root, "status");
  if (!json_object_has_member (status, "userInfo") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (status, "userInfo")))
    return json_object_new ();

  return json_object_ref (json_object_get_object_member (status, "userInfo"));
}

static void
on_access_review_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(BnSignInDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = bn_api_client_request_finish (BN_API_CLIENT (object), result, &error);
  g_autoptr(BnJwt) jwt = NULL;
  g_autoptr(JsonObject) user_info = NULL;
  g_autofree char *user_name = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->cancellable == NULL)
    return;

  if (body == NULL)
    {
      verification_failed (self, error);
      return;
    }

  /* The server took the token but cannot say who it is: the token's claims can. */
  jwt = bn_jwt_new_from_token (entry_text (self->token_row), NULL);
  user_name = jwt ? bn_jwt_dup_user_name (jwt) : NULL;
  user_info = json_object_new ();
  if (user_name != NULL)
    json_object_set_string_member (user_info, "username", user_name);
  verification_succeeded (self, user_info);
}

static void
on_review_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  static const char access_review[] =
    "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\","
    "\"spec\":{\"resourceAttributes\":{\"verb\":\"list\",\"resource\":\"namespaces\"}}}";
  g_autoptr(BnSignInDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = bn_api_client_request_finish (BN_API_CLIENT (object), result, &error);
  g_autoptr(JsonObject) user_info = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->cancellable == NULL)
    return;

  /* SelfSubjectReview is GA since 1.28; older servers still answer access reviews. */
  if (g_error_matches (error, BN_KUBE_ERROR, BN_KUBE_ERROR_NOT_FOUND) && self->client != NULL)
    {
      g_autoptr(GBytes) review = g_bytes_new_static (access_review, sizeof access_review - 1);

      bn_api_client_request_async (self->client, "POST",
                                   "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                                   review, self->cancellable, on_access_review_cb,
                                   g_object_ref (self));
      return;
    }

  if (body == NULL)
    {
      verification_failed (self, error);
      return;
    }

  user_info = dup_user_info (body);
  if (user_info == NULL)
    {
      g_autoptr(GError) invalid = g_error_new_literal (BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_RESPONSE,
                                                       _("The server’s answer was not a SelfSubjectReview."));

      verification_failed (self, invalid);
      return;
    }

  verification_succeeded (self, user_info);
}

/**
 * bn_sign_in_dialog_dup_cluster_info:
 * @self: a #BnSignInDialog
 *
 * Returns: (transfer full): the cluster as the dialog describes it (no credentials)
 */
BnClusterInfo *
bn_sign_in_dialog_dup_cluster_info (BnSignInDialog *self)
{
  BnClusterInfo *info;

  g_return_val_if_fail (BN_IS_SIGN_IN_DIALOG (self), NULL);

  info = bn_cluster_info_new ();
  info->name = g_strdup (entry_text (self->name_row));
  info->server = g_strdup (entry_text (self->server_row));
  info->certificate_authority = g_strdup (self->ca_path);
  if (self->ca_path == NULL && self->ca_data != NULL)
    info->certificate_authority_data = g_bytes_ref (self->ca_data);
  info->tls_server_name = g_strdup (self->tls_server_name);
  info->insecure_skip_tls_verify = gtk_switch_get_active (self->skip_tls_switch);

  return info;
}

/**
 * bn_sign_in_dialog_verify:
 * @self: a #BnSignInDialog
 *
 * Asks the server who the token is. The answer shows in the dialog; "Save" is offered once
 * the server accepted the token.
 */
void
bn_sign_in_dialog_verify (BnSignInDialog *self)
{
  static const char review[] =
    "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}";
  g_autoptr(BnClusterInfo) info = NULL;
  g_autoptr(BnAuthInfo) auth = bn_auth_info_new ();
  g_autoptr(GBytes) body = g_bytes_new_static (review, sizeof review - 1);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BN_IS_SIGN_IN_DIALOG (self));

  show_error (self, NULL);
  info = bn_sign_in_dialog_dup_cluster_info (self);
  auth->token = g_strdup (entry_text (self->token_row));

  if (self->client != NULL)
    bn_api_client_shutdown (self->client);
  g_clear_object (&self->client);
  self->client = bn_api_client_new (info, auth, &error);
  if (self->client == NULL)
    {
      show_error (self, error->message);
      return;
    }

  set_busy (self, TRUE);
  bn_api_client_request_async (self->client, "POST",
                               "/apis/authentication.k8s.io/v1/selfsubjectreviews",
                               body, self->cancellable, on_review_cb, g_object_ref (self));
}

static void
on_sign_in_clicked_cb (BnSignInDialog *self)
{
  g_assert (BN_IS_SIGN_IN_DIALOG (self));

  if (!self->verified)
    {
      bn_sign_in_dialog_verify (self);
      return;
    }

  g_signal_emit (self, signals[SIG_SIGNED_IN], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
bn_sign_in_dialog_dispose (GObject *object)
{
  BnSignInDialog *self = BN_SIGN_IN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client != NULL)
    bn_api_client_shutdown (self->client);
  g_clear_object (&self->client);
  g_clear_object (&self->cluster);
  gtk_widget_dispose_template (GTK_WIDGET (self), BN_TYPE_SIGN_IN_DIALOG);

  G_OBJECT_CLASS (bn_sign_in_dialog_parent_class)->dispose (object);
}

static void
bn_sign_in_dialog_finalize (GObject *object)
{
  BnSignInDialog *self = BN_SIGN_IN_DIALOG (object);

  g_clear_pointer (&self->ca_path, g_free);
  g_clear_pointer (&self->ca_data, g_bytes_unref);
  g_clear_pointer (&self->tls_server_name, g_free);
  g_clear_pointer (&self->user_name, g_free);
  g_clear_pointer (&self->reason, g_free);

  G_OBJECT_CLASS (bn_sign_in_dialog_parent_class)->finalize (object);
}

static void
bn_sign_in_dialog_class_init (BnSignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bn_sign_in_dialog_dispose;
  object_class->finalize = bn_sign_in_dialog_finalize;

  /**
   * BnSignInDialog::signed-in:
   * @self: a #BnSignInDialog
   *
   * The server accepted the token and the user chose to save: read the cluster, token and
   * "remember" choice from the dialog's getters.
   */
  signals[SIG_SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/bn-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BnSignInDialog, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, BnSignInDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, BnSignInDialog, reason_group);
  gtk_widget_class_bind_template_child (widget_class, BnSignInDialog, reason_label);
  gtk_widget_class_bind_template_child (widget_class, BnSignInDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, BnSignInDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, BnSignInDialog, ca_row);
  gtk_widget_class_bind_template_child (widget_class, BnSignInDialog, ca_clear_button);
  gtk_widget_class_bind_template_child (widget_class, BnSignInDialog, skip_tls_switch);
  gtk_widget_class_bind_template_child (widget_class, BnSignInDialog, tls_warning_label);
  gtk_widget_class_bind_template_child (widget_class, BnSignInDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, BnSignInDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, BnSignInDialog, remember_row);
  gtk_widget_class_bind_template_child (widget_class, BnSignInDialog, identity_group);
  gtk_widget_class_bind_template_child (widget_class, BnSignInDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, BnSignInDialog, groups_row);
  gtk_widget_class_bind_template_child (widget_class, BnSignInDialog, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, BnSignInDialog, error_group);
  gtk_widget_class_bind_template_child (widget_class, BnSignInDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_clear_clicked_cb);
}

static void
bn_sign_in_dialog_init (BnSignInDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
}

/**
 * bn_sign_in_dialog_new:
 *
 * Returns: (transfer full): a new, empty dialog to add a cluster
 */
BnSignInDialog *
bn_sign_in_dialog_new (void)
{
  return g_object_new (BN_TYPE_SIGN_IN_DIALOG, NULL);
}

/**
 * bn_sign_in_dialog_new_for_cluster:
 * @cluster: a cluster whose credentials need renewing
 * @reason: (nullable): why the dialog opens, shown at its top
 *
 * Returns: (transfer full): a new dialog filled in from @cluster, the token left empty
 */
BnSignInDialog *
bn_sign_in_dialog_new_for_cluster (BnCluster  *cluster,
                                   const char *reason)
{
  BnSignInDialog *self;
  BnClusterInfo *info;

  g_return_val_if_fail (BN_IS_CLUSTER (cluster), NULL);

  self = bn_sign_in_dialog_new ();
  self->cluster = g_object_ref (cluster);
  info = bn_cluster_get_cluster_info (cluster);

  gtk_window_set_title (GTK_WINDOW (self), _("Sign In"));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), bn_cluster_get_name (cluster));
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), bn_cluster_get_server (cluster));
  if (info != NULL)
    {
      gtk_switch_set_active (self->skip_tls_switch, info->insecure_skip_tls_verify);
      self->tls_server_name = g_strdup (info->tls_server_name);
      if (info->certificate_authority_data != NULL)
        self->ca_data = g_bytes_ref (info->certificate_authority_data);
      bn_sign_in_dialog_set_certificate_authority (self, info->certificate_authority);
    }

  if (reason != NULL)
    {
      self->reason = g_strdup (reason);
      gtk_label_set_label (self->reason_label, reason);
      gtk_widget_set_visible (GTK_WIDGET (self->reason_group), TRUE);
    }

  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->token_row));
  return self;
}

/**
 * bn_sign_in_dialog_get_cluster:
 * @self: a #BnSignInDialog
 *
 * Returns: (transfer none) (nullable): the cluster being signed in to again, %NULL when adding
 */
BnCluster *
bn_sign_in_dialog_get_cluster (BnSignInDialog *self)
{
  g_return_val_if_fail (BN_IS_SIGN_IN_DIALOG (self), NULL);

  return self->cluster;
}

/**
 * bn_sign_in_dialog_get_name:
 * @self: a #BnSignInDialog
 *
 * Returns: (transfer none): the cluster's name as typed
 */
const char *
bn_sign_in_dialog_get_name (BnSignInDialog *self)
{
  g_return_val_if_fail (BN_IS_SIGN_IN_DIALOG (self), NULL);

  return entry_text (self->name_row);
}

/**
 * bn_sign_in_dialog_get_server:
 * @self: a #BnSignInDialog
 *
 * Returns: (transfer none): the server URL as typed
 */
const char *
bn_sign_in_dialog_get_server (BnSignInDialog *self)
{
  g_return_val_if_fail (BN_IS_SIGN_IN_DIALOG (self), NULL);

  return entry_text (self->server_row);
}

/**
 * bn_sign_in_dialog_get_token:
 * @self: a #BnSignInDialog
 *
 * Returns: (transfer none): the bearer token; never log it
 */
const char *
bn_sign_in_dialog_get_token (BnSignInDialog *self)
{
  g_return_val_if_fail (BN_IS_SIGN_IN_DIALOG (self), NULL);

  return entry_text (self->token_row);
}

/**
 * bn_sign_in_dialog_get_remember:
 * @self: a #BnSignInDialog
 *
 * Returns: whether to keep the token in the keyring
 */
gboolean
bn_sign_in_dialog_get_remember (BnSignInDialog *self)
{
  g_return_val_if_fail (BN_IS_SIGN_IN_DIALOG (self), FALSE);

  return gtk_switch_get_active (self->remember_switch);
}

/**
 * bn_sign_in_dialog_get_user_name:
 * @self: a #BnSignInDialog
 *
 * Returns: (transfer none) (nullable): who the server says the token is, once verified
 */
const char *
bn_sign_in_dialog_get_user_name (BnSignInDialog *self)
{
  g_return_val_if_fail (BN_IS_SIGN_IN_DIALOG (self), NULL);

  return self->verified ? self->user_name : NULL;
}

/**
 * bn_sign_in_dialog_get_reason:
 * @self: a #BnSignInDialog
 *
 * Returns: (transfer none) (nullable): why the dialog was opened
 */
const char *
bn_sign_in_dialog_get_reason (BnSignInDialog *self)
{
  g_return_val_if_fail (BN_IS_SIGN_IN_DIALOG (self), NULL);

  return self->reason;
}

/**
 * bn_sign_in_dialog_get_verified:
 * @self: a #BnSignInDialog
 *
 * Returns: whether the server accepted the token as it is now typed
 */
gboolean
bn_sign_in_dialog_get_verified (BnSignInDialog *self)
{
  g_return_val_if_fail (BN_IS_SIGN_IN_DIALOG (self), FALSE);

  return self->verified;
}

/**
 * bn_sign_in_dialog_set_server:
 * @self: a #BnSignInDialog
 * @server: a server URL
 */
void
bn_sign_in_dialog_set_server (BnSignInDialog *self,
                              const char     *server)
{
  g_return_if_fail (BN_IS_SIGN_IN_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server ? server : "");
}

/**
 * bn_sign_in_dialog_set_certificate_authority:
 * @self: a #BnSignInDialog
 * @path: (nullable): a PEM file, %NULL for the system's certificates
 */
void
bn_sign_in_dialog_set_certificate_authority (BnSignInDialog *self,
                                             const char     *path)
{
  g_return_if_fail (BN_IS_SIGN_IN_DIALOG (self));

  g_free (self->ca_path);
  self->ca_path = g_strdup (path);
  update_ca_row (self);
}

/**
 * bn_sign_in_dialog_set_can_remember:
 * @self: a #BnSignInDialog
 * @can_remember: whether the token may go to the keyring
 *
 * A kubeconfig's cluster takes its credentials from the kubeconfig, which Binnacle never
 * rewrites: a new token for it lasts the session, and the dialog does not offer to keep it.
 */
void
bn_sign_in_dialog_set_can_remember (BnSignInDialog *self,
                                    gboolean        can_remember)
{
  g_return_if_fail (BN_IS_SIGN_IN_DIALOG (self));

  gtk_widget_set_visible (self->remember_row, can_remember);
  if (!can_remember)
    gtk_switch_set_active (self->remember_switch, FALSE);
}

/**
 * bn_sign_in_dialog_set_token:
 * @self: a #BnSignInDialog
 * @token: a bearer token
 */
void
bn_sign_in_dialog_set_token (BnSignInDialog *self,
                             const char     *token)
{
  g_return_if_fail (BN_IS_SIGN_IN_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->token_row), token ? token : "");
}
