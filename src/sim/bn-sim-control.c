/* bn-sim-control.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-sim-api.h"
#include "bn-sim-scenario.h"

/* The control endpoint: plain HTTP on a loopback port of its own, never
 * on the API port, so tests can inject faults, move time (churn,
 * compaction) and read the request log without a client noticing.
 *
 *   GET    /state            counters, resourceVersion, history floor
 *   GET    /requests         the request log, one JSON object per line
 *   DELETE /requests         clears it
 *   POST   /faults           {"action":..., "path":..., ...} → {"id":N}
 *   GET    /faults           the active faults
 *   DELETE /faults[/ID]      removes one or all
 *   POST   /compact          {"resourceVersion":N}, default: now
 *   POST   /churn            {"rate":R}
 *   POST   /options          {"metrics":bool, "watchList":bool, "http410Watch":bool,
 *                             "ignoreLimitAtZero":bool, "bookmarkInterval":N, "watchTimeout":N,
 *                             "gzip":bool, "warning":TEXT}
 *   POST   /tokens           {"user":NAME, "token":TEXT, "ttl":SECONDS}: a token that expires
 *   POST   /objects/GROUP/VERSION/PLURAL   stores an object without authorization
 */

static void
reply_text (SoupServerMessage *msg,
            guint              code,
            const char        *type,
            char              *body)
{
  soup_server_message_set_status (msg, code, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_TAKE, body, strlen (body));
}

static JsonObject *
read_json (SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  if (g_bytes_get_size (bytes) == 0)
    return json_object_new ();

  node = bn_sim_parse_body (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      reply_text (msg, 400, "text/plain", g_strdup ("expected a JSON object\n"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (node));
}

static void
handle_state (BnSimServer       *self,
              SoupServerMessage *msg)
{
  GString *out = g_string_new (NULL);
  BnSimChurn *churn = g_object_get_data (G_OBJECT (self), "churn");

  g_string_append_printf (out, "{\"resourceVersion\":%" G_GUINT64_FORMAT ",\"historyFloor\":%" G_GUINT64_FORMAT ","
                          "\"watches\":%u,\"requests\":%u,\"servedListItems\":%" G_GUINT64_FORMAT ","
                          "\"servedWatchEvents\":%" G_GUINT64_FORMAT ",\"churnRate\":%u,\"resizes\":[",
                          bn_sim_store_get_resource_version (self->store),
                          bn_sim_store_get_history_floor (self->store),
                          self->watches->len, self->request_log->len,
                          self->served_list_items, self->served_watch_events,
                          churn ? bn_sim_churn_get_rate (churn) : 0);
  for (guint i = 0; i < self->resizes->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      bn_sim_json_append_string (out, g_ptr_array_index (self->resizes, i));
    }
  g_string_append (out, "]}\n");
  reply_text (msg, 200, "application/json", g_string_free (out, FALSE));
}

static void
handle_requests (BnSimServer       *self,
                 SoupServerMessage *msg)
{
  GString *out;

  if (g_str_equal (soup_server_message_get_method (msg), "DELETE"))
    {
      g_ptr_array_set_size (self->request_log, 0);
      reply_text (msg, 200, "application/json", g_strdup ("{}\n"));
      return;
    }

  out = g_string_new (NULL);
  for (guint i = 0; i < self->request_log->len; i++)
    {
      g_string_append (out, g_ptr_array_index (self->request_log, i));
      g_string_append_c (out, '\n');
    }
  reply_text (msg, 200, "application/x-ndjson", g_string_free (out, FALSE));
}

static const struct {
  const char       *name;
  BnSimFaultAction  action;
} actions[] = {
  { "status", BN_SIM_FAULT_STATUS },
  { "throttle-text", BN_SIM_FAULT_THROTTLE_TEXT },
  { "delay", BN_SIM_FAULT_DELAY },
  { "drop", BN_SIM_FAULT_DROP },
  { "truncate", BN_SIM_FAULT_TRUNCATE },
  { "stall", BN_SIM_FAULT_STALL },
  { "slow", BN_SIM_FAULT_SLOW },
};

static const char *
action_name (BnSimFaultAction action)
{
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (actions[i].action == action)
      return actions[i].name;
  return "unknown";
}

static void
list_faults (BnSimServer       *self,
             SoupServerMessage *msg)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < self->faults->len; i++)
    {
      BnSimFault *fault = g_ptr_array_index (self->faults, i);

      g_string_append_printf (out, "%s{\"id\":%u,\"action\":\"%s\",\"code\":%u,\"remaining\":%d,\"path\":",
                              i ? "," : "", fault->id, action_name (fault->action), fault->code, fault->remaining);
      bn_sim_json_append_string (out, fault->path ? fault->path : "");
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]\n");
  reply_text (msg, 200, "application/json", g_string_free (out, FALSE));
}

static void
handle_faults (BnSimServer       *self,
               SoupServerMessage *msg,
               const char        *path)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(JsonObject) spec = NULL;
  BnSimFault *fault;
  const char *action;

  if (g_str_equal (method, "GET"))
    {
      list_faults (self, msg);
      return;
    }

  if (g_str_equal (method, "DELETE"))
    {
      guint64 id = 0;

      if (g_str_has_prefix (path, "/faults/") &&
          g_ascii_string_to_unsigned (path + strlen ("/faults/"), 10, 1, G_MAXUINT, &id, NULL))
        {
          for (guint i = 0; i < self->faults->len; i++)
            if (((BnSimFault *) g_ptr_array_index (self->faults, i))->id == id)
              g_ptr_array_remove_index (self->faults, i--);
        }
      else
        g_ptr_array_set_size (self->faults, 0);
      reply_text (msg, 200, "application/json", g_strdup ("{}\n"));
      return;
    }

  if ((spec = read_json (msg)) == NULL)
    return;

  action = json_object_get_string_member_with_default (spec, "action", "status");
  fault = g_new0 (BnSimFault, 1);
  fault->action = G_MAXINT;
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (actions[i].name, action))
      fault->action = actions[i].action;
  if ((int) fault->action == G_MAXINT)
    {
      bn_sim_fault_free (fault);
      reply_text (msg, 400, "text/plain",
                  g_strdup ("action must be one of: status, throttle-text, delay, drop, truncate, stall, slow\n"));
      return;
    }

  fault->id = self->next_fault_id++;
  fault->method = g_strdup (json_object_get_string_member_with_default (spec, "method", NULL));
  fault->path = g_strdup (json_object_get_string_member_with_default (spec, "path", NULL));
  fault->code = json_object_get_int_member_with_default (spec, "code", 500);
  fault->retry_after = json_object_get_int_member_with_default (spec, "retryAfter", 0);
  fault->delay_ms = json_object_get_int_member_with_default (spec, "delayMs", 1000);
  fault->remaining = json_object_get_int_member_with_default (spec, "count", -1);
  fault->watch_only = json_object_get_boolean_member_with_default (spec, "watch", FALSE);
  fault->list_only = json_object_get_boolean_member_with_default (spec, "list", FALSE);
  fault->after_events = json_object_get_int_member_with_default (spec, "afterEvents", 1);
  g_ptr_array_add (self->faults, fault);

  reply_text (msg, 201, "application/json", g_strdup_printf ("{\"id\":%u}\n", fault->id));
}

static void
handle_compact (BnSimServer       *self,
                SoupServerMessage *msg)
{
  g_autoptr(JsonObject) spec = read_json (msg);
  guint64 rv;

  if (spec == NULL)
    return;

  rv = json_object_get_int_member_with_default (spec, "resourceVersion",
                                                bn_sim_store_get_resource_version (self->store));
  bn_sim_store_compact (self->store, rv);
  reply_text (msg, 200, "application/json",
              g_strdup_printf ("{\"historyFloor\":%" G_GUINT64_FORMAT "}\n", bn_sim_store_get_history_floor (self->store)));
}

static void
handle_churn (BnSimServer       *self,
              SoupServerMessage *msg)
{
  g_autoptr(JsonObject) spec = read_json (msg);
  BnSimChurn *churn = g_object_get_data (G_OBJECT (self), "churn");

  if (spec == NULL)
    return;
  if (churn == NULL)
    {
      reply_text (msg, 409, "text/plain", g_strdup ("no churn generator\n"));
      return;
    }

  bn_sim_churn_set_rate (churn, json_object_get_int_member_with_default (spec, "rate", 0));
  reply_text (msg, 200, "application/json", g_strdup_printf ("{\"rate\":%u}\n", bn_sim_churn_get_rate (churn)));
}

static void
handle_options (BnSimServer       *self,
                SoupServerMessage *msg)
{
  g_autoptr(JsonObject) spec = read_json (msg);

  if (spec == NULL)
    return;

  if (json_object_has_member (spec, "metrics"))
    bn_sim_resources_set_metrics_available (json_object_get_boolean_member (spec, "metrics"));
  if (json_object_has_member (spec, "watchList"))
    self->watch_list = json_object_get_boolean_member (spec, "watchList");
  if (json_object_has_member (spec, "http410Watch"))
    self->http_410_watch = json_object_get_boolean_member (spec, "http410Watch");
  if (json_object_has_member (spec, "ignoreLimitAtZero"))
    self->ignore_limit_at_zero = json_object_get_boolean_member (spec, "ignoreLimitAtZero");
  if (json_object_has_member (spec, "bookmarkInterval"))
    self->bookmark_interval = json_object_get_int_member (spec, "bookmarkInterval");
  if (json_object_has_member (spec, "watchTimeout"))
    self->watch_timeout = json_object_get_int_member (spec, "watchTimeout");
  if (json_object_has_member (spec, "gzip"))
    self->gzip = json_object_get_boolean_member (spec, "gzip");
  if (json_object_has_member (spec, "warning"))
    {
      const char *warning = json_object_get_string_member_with_default (spec, "warning", NULL);

      g_free (self->warning);
      self->warning = warning && *warning ? g_strdup (warning) : NULL;
    }

  reply_text (msg, 200, "application/json", g_strdup ("{}\n"));
}

static void
handle_tokens (BnSimServer       *self,
               SoupServerMessage *msg)
{
  g_autoptr(JsonObject) spec = read_json (msg);
  const char *user_name;
  const char *token;
  const BnSimUser *user = NULL;
  BnSimExpiringToken *expiring;

  if (spec == NULL)
    return;

  user_name = json_object_get_string_member_with_default (spec, "user", "");
  token = json_object_get_string_member_with_default (spec, "token", "");
  for (guint i = 0; i < self->users->len; i++)
    if (g_str_equal (((BnSimUser *) g_ptr_array_index (self->users, i))->name, user_name))
      user = g_ptr_array_index (self->users, i);

  if (user == NULL || *token == '\0')
    {
      reply_text (msg, 400, "text/plain", g_strdup ("expected {\"user\": a known user, \"token\": text, \"ttl\": seconds}\n"));
      return;
    }

  expiring = g_new0 (BnSimExpiringToken, 1);
  expiring->user = user;
  expiring->expires_at = g_get_monotonic_time () +
                         json_object_get_int_member_with_default (spec, "ttl", 3600) * G_USEC_PER_SEC;
  g_hash_table_replace (self->expiring_tokens, g_strdup (token), expiring);
  reply_text (msg, 201, "application/json", g_strdup ("{}\n"));
}

static void
handle_object (BnSimServer       *self,
               SoupServerMessage *msg,
               const char        *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(BnSimObject) stored = NULL;
  g_autoptr(GError) error = NULL;
  const BnSimResource *resource;

  /* "", "objects", GROUP ("core" for ""), VERSION, PLURAL */
  if (g_strv_length (parts) != 5 ||
      (resource = bn_sim_resources_lookup (g_str_equal (parts[2], "core") ? "" : parts[2], parts[3], parts[4])) == NULL ||
      !resource->stored)
    {
      reply_text (msg, 404, "text/plain", g_strdup ("unknown resource\n"));
      return;
    }

  if ((object = read_json (msg)) == NULL)
    return;

  stored = bn_sim_store_create (self->store, resource, object, FALSE, &error);
  if (stored == NULL)
    {
      reply_text (msg, error->code, "text/plain", g_strdup_printf ("%s\n", error->message));
      return;
    }

  reply_text (msg, 201, "application/json",
              g_strdup_printf ("{\"resourceVersion\":%" G_GUINT64_FORMAT "}\n", stored->resource_version));
}

static void
control_cb (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  BnSimServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  gboolean post = g_str_equal (method, "POST");

  if (g_str_equal (path, "/state"))
    handle_state (self, msg);
  else if (g_str_equal (path, "/requests"))
    handle_requests (self, msg);
  else if (g_str_has_prefix (path, "/faults"))
    handle_faults (self, msg, path);
  else if (g_str_equal (path, "/compact") && post)
    handle_compact (self, msg);
  else if (g_str_equal (path, "/churn") && post)
    handle_churn (self, msg);
  else if (g_str_equal (path, "/options") && post)
    handle_options (self, msg);
  else if (g_str_equal (path, "/tokens") && post)
    handle_tokens (self, msg);
  else if (g_str_has_prefix (path, "/objects/") && post)
    handle_object (self, msg, path);
  else
    reply_text (msg, 404, "text/plain", g_strdup ("not found\n"));
}

void
bn_sim_control_register (BnSimServer *self)
{
  soup_server_add_handler (self->control, NULL, control_cb, self, NULL);
}
