/* bn-sim-metrics.c
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bn-sim-api.h"

/* metrics.k8s.io, computed from the pods and nodes in the store */

typedef struct
{
  GString       *out;
  gboolean       pods;
  guint          count;
  BnSimSelector *labels;
} MetricsState;

static void
append_labels (GString    *out,
               GHashTable *labels)
{
  GHashTableIter iter;
  gpointer key, value;
  gboolean first = TRUE;

  g_string_append (out, "{");
  g_hash_table_iter_init (&iter, labels);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      bn_sim_json_append_string (out, key);
      g_string_append_c (out, ':');
      bn_sim_json_append_string (out, value);
    }
  g_string_append (out, "}");
}

static void
append_metrics (GString     *out,
                BnSimObject *object,
                gboolean     pod)
{
  guint hash = g_str_hash (object->key) * 2654435761u;
  guint wobble = (guint) (g_get_real_time () / (15 * G_USEC_PER_SEC)) % 7;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *timestamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *created = bn_sim_format_timestamp (object->created);

  g_string_append_printf (out, "{\"kind\":\"%s\",\"apiVersion\":\"metrics.k8s.io/v1beta1\",\"metadata\":{\"name\":",
                          pod ? "PodMetrics" : "NodeMetrics");
  bn_sim_json_append_string (out, object->name);
  if (pod)
    {
      g_string_append (out, ",\"namespace\":");
      bn_sim_json_append_string (out, object->namespace);
    }
  g_string_append_printf (out, ",\"creationTimestamp\":\"%s\",\"labels\":", created);
  append_labels (out, object->labels);
  g_string_append_printf (out, "},\"timestamp\":\"%s\",\"window\":\"%s\",", timestamp, pod ? "15.03s" : "20.05s");
  if (pod)
    g_string_append_printf (out, "\"containers\":[{\"name\":\"app\",\"usage\":{\"cpu\":\"%un\",\"memory\":\"%uKi\"}}]}",
                            (hash % 90000000) + 1000000 + wobble * 100000, (hash % 200000) + 20000);
  else
    g_string_append_printf (out, "\"usage\":{\"cpu\":\"%um\",\"memory\":\"%uKi\"}}",
                            (hash % 1500) + 100 + wobble * 10, (hash % 4000000) + 1000000);
}

static gboolean
metrics_cb (BnSimObject *object,
            gpointer     user_data)
{
  MetricsState *state = user_data;

  if (!bn_sim_selector_matches (state->labels, object->labels))
    return TRUE;
  if (state->count++ > 0)
    g_string_append_c (state->out, ',');
  append_metrics (state->out, object, state->pods);
  return TRUE;
}

void
bn_sim_metrics_handle (BnSimRequest *request)
{
  gboolean pods = g_str_equal (request->resource->plural, "pods");
  const BnSimResource *source = bn_sim_resources_lookup ("", "v1", pods ? "pods" : "nodes");
  g_autoptr(BnSimSelector) labels = NULL;
  g_autoptr(GError) error = NULL;
  MetricsState state = { 0 };

  if (!g_str_equal (request->method, "GET") || bn_sim_request_get_bool (request, "watch"))
    {
      bn_sim_reply_status (request->msg, 405, "MethodNotAllowed",
                           "the server does not allow this method on the requested resource", NULL, NULL, NULL);
      return;
    }

  if (request->name != NULL)
    {
      BnSimObject *object = bn_sim_store_get (request->server->store, source, request->namespace, request->name);
      GString *out;

      if (object == NULL)
        {
          g_autofree char *message = g_strdup_printf ("%s.metrics.k8s.io \"%s\" not found",
                                                      request->resource->plural, request->name);

          bn_sim_reply_status (request->msg, 404, "NotFound", message, request->name, "metrics.k8s.io",
                               request->resource->plural);
          return;
        }
      out = g_string_new (NULL);
      append_metrics (out, object, pods);
      g_string_append_c (out, '\n');
      bn_sim_reply_json (request->msg, 200, out);
      return;
    }

  if ((labels = bn_sim_selector_parse_labels (bn_sim_request_get_query (request, "labelSelector"), &error)) == NULL)
    {
      bn_sim_reply_status (request->msg, 400, "BadRequest", error->message, NULL, NULL, NULL);
      return;
    }

  state.out = g_string_new (NULL);
  state.pods = pods;
  state.labels = labels;
  g_string_append_printf (state.out, "{\"kind\":\"%s\",\"apiVersion\":\"metrics.k8s.io/v1beta1\",\"metadata\":{},\"items\":[",
                          pods ? "PodMetricsList" : "NodeMetricsList");
  bn_sim_store_foreach (request->server->store, source, request->namespace, NULL, metrics_cb, &state);
  g_string_append (state.out, "]}\n");
  bn_sim_reply_json (request->msg, 200, state.out);
}
