/* bn-columns.c: the columns a resource page shows for one kind
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "bn-aggregate-model.h"
#include "bn-cluster.h"
#include "bn-columns.h"
#include "bn-duration.h"

/*
 * A column table per kind, after `kubectl get -o wide`. Pods, nodes and deployments read the
 * summary fields their snapshots carry; everything else reads the snapshot's JSON: the
 * columns of a CRD's `additionalPrinterColumns` through a small JSONPath, the built-in kinds
 * through a path or a short function.
 *
 * JSON is parsed lazily, with json-glib, only for rows whose cells are bound (the visible
 * ones), and the values of all JSON columns of a snapshot are kept together in a small LRU
 * cache keyed by the snapshot: a snapshot is immutable, so its values never go stale, and a
 * MODIFIED event brings a new snapshot that simply misses the cache. Sorting by such a column
 * parses every row once per sort, outside the cache, so that it does not push the visible
 * rows out.
 */

/* About three screens of rows for every page open on this column set. */
#define CACHE_SIZE 512

typedef struct _Column Column;

typedef char   *(*TextFunc)   (BnColumns    *self,
                               const Column *column,
                               BnObject     *object,
                               gint64        now);
typedef double  (*NumberFunc) (BnColumns    *self,
                               const Column *column,
                               BnObject     *object);
typedef BnTone  (*ToneFunc)   (BnObject     *object,
                               const char   *text);
typedef char   *(*JsonFunc)   (JsonObject   *root);

typedef enum
{
  VALUE_TEXT,
  VALUE_INTEGER,
  VALUE_NUMBER,
  VALUE_DATE,
  VALUE_DURATION,
} ValueType;

struct _Column
{
  char       *id;
  char       *title;
  const char *property;
  TextFunc    text;
  NumberFunc  number;
  ToneFunc    tone;
  JsonFunc    json_func;
  char       *json_path;
  const char *fallback;
  ValueType   value_type;
  int         json_slot;
  guint       width_chars;
  guint       numeric : 1;
  guint       expand : 1;
  guint       timed : 1;
};

typedef struct
{
  GList             link;
  BnObjectSnapshot *snapshot;
  char            **values;
  guint             n_values;
} CacheEntry;

struct _BnColumns
{
  GObject         parent_instance;

  BnResourceType *type;
  GPtrArray      *columns;
  guint           n_json;

  GHashTable     *cache;
  GQueue          lru;
  guint64         n_parsed;
};

G_DEFINE_FINAL_TYPE (BnColumns, bn_columns, G_TYPE_OBJECT)

/* Formatting */

/**
 * bn_format_age:
 * @seconds: how long ago something happened
 *
 * Formats a duration as kubectl does in its AGE columns, as binnacle-get does:
 * "45s", "3m12s", "25m", "5h40m", "17h", "3d4h", "45d", "2y31d", "9y".
 *
 * Returns: (transfer full): the text
 */
char *
bn_format_age (gint64 seconds)
{
  return bn_format_duration (seconds);
}

/**
 * bn_age_refresh_interval:
 * @seconds: an age
 *
 * Returns: how often, in seconds, the text of bn_format_age() changes around @seconds: every
 *   second while it shows seconds (under ten minutes), every minute after that
 */
gint64
bn_age_refresh_interval (gint64 seconds)
{
  return seconds < 600 ? 1 : 60;
}

static gint64
parse_time (const char *text)
{
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL || *text == '\0')
    return 0;
  time = g_date_time_new_from_iso8601 (text, NULL);
  return time != NULL ? g_date_time_to_unix (time) : 0;
}

/* JSONPath, the part printer columns use: `.a.b`, `['a']`, `[0]`, `[*]` and
 * `[?(@.type=="Ready")]`, optionally inside `{…}` and after `$`. */

static const char *
parse_name (const char *p,
            char      **name)
{
  const char *start = p;

  while (*p != '\0' && *p != '.' && *p != '[')
    p++;
  *name = g_strndup (start, p - start);
  return p;
}

static void
step_member (GPtrArray  *in,
             GPtrArray  *out,
             const char *name)
{
  for (guint i = 0; i < in->len; i++)
    {
      JsonNode *node = g_ptr_array_index (in, i);

      if (JSON_NODE_HOLDS_OBJECT (node) && json_object_has_member (json_node_get_object (node), name))
        g_ptr_array_add (out, json_object_get_member (json_node_get_object (node), name));
    }
}

static void
step_all (GPtrArray *in,
          GPtrArray *out)
{
  for (guint i = 0; i < in->len; i++)
    {
      JsonNode *node = g_ptr_array_index (in, i);

      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);

          for (guint j = 0; j < json_array_get_length (array); j++)
            g_ptr_array_add (out, json_array_get_element (array, j));
        }
      else if (JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autoptr(GList) members = json_object_get_values (json_node_get_object (node));

          for (GList *l = members; l != NULL; l = l->next)
            g_ptr_array_add (out, l->data);
        }
    }
}

static void
step_index (GPtrArray *in,
            GPtrArray *out,
            gint64     index)
{
  for (guint i = 0; i < in->len; i++)
    {
      JsonNode *node = g_ptr_array_index (in, i);
      JsonArray *array;
      gint64 length;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        continue;
      array = json_node_get_array (node);
      length = json_array_get_length (array);
      if (index < 0)
        index += length;
      if (index >= 0 && index < length)
        g_ptr_array_add (out, json_array_get_element (array, index));
    }
}

static char *format_node (JsonNode *node);

/* `?(@.a.b=="value")`: keeps the elements whose sub-path equals the literal. */
static gboolean
step_filter (GPtrArray  *in,
             GPtrArray  *out,
             const char *expression)
{
  g_autofree char *sub_path = NULL;
  g_autofree char *literal = NULL;
  const char *equals = strstr (expression, "==");
  gboolean negate = FALSE;
  gsize length;

  if (equals == NULL && (equals = strstr (expression, "!=")) != NULL)
    negate = TRUE;
  if (equals == NULL || expression[0] != '@')
    return FALSE;

  sub_path = g_strstrip (g_strndup (expression + 1, equals - expression - 1));
  literal = g_strstrip (g_strdup (equals + 2));
  length = strlen (literal);
  if (length >= 2 && (literal[0] == '"' || literal[0] == '\'') && literal[length - 1] == literal[0])
    {
      memmove (literal, literal + 1, length - 2);
      literal[length - 2] = '\0';
    }

  for (guint i = 0; i < in->len; i++)
    {
      JsonNode *node = g_ptr_array_index (in, i);
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        continue;
      array = json_node_get_array (node);
      for (guint j = 0; j < json_array_get_length (array); j++)
        {
          JsonNode *element = json_array_get_element (array, j);
          g_autofree char *value = bn_json_path_eval (element, sub_path);

          if ((g_strcmp0 (value, literal) == 0) != negate)
            g_ptr_array_add (out, element);
        }
    }
  return TRUE;
}

/* Applies one `[…]` step; returns the text after it, or NULL when it cannot be read. */
static const char *
step_bracket (const char *p,
              GPtrArray  *in,
              GPtrArray  *out)
{
  const char *end;
  g_autofree char *inside = NULL;

  /* Quoted names may hold `]`; filters may hold quoted `]` too, but never `)]` early. */
  if (p[1] == '?')
    end = strstr (p, ")]") ? strstr (p, ")]") + 1 : NULL;
  else
    end = strchr (p, ']');
  if (end == NULL)
    return NULL;

  inside = g_strstrip (g_strndup (p + 1, end - p - 1));
  if (g_str_equal (inside, "*"))
    step_all (in, out);
  else if (inside[0] == '\'' || inside[0] == '"')
    {
      gsize length = strlen (inside);

      if (length < 2 || inside[length - 1] != inside[0])
        return NULL;
      inside[length - 1] = '\0';
      step_member (in, out, inside + 1);
    }
  else if (inside[0] == '?' && inside[1] == '(' && inside[strlen (inside) - 1] == ')')
    {
      inside[strlen (inside) - 1] = '\0';
      if (!step_filter (in, out, g_strstrip (inside + 2)))
        return NULL;
    }
  else
    {
      char *number_end = NULL;
      gint64 index = g_ascii_strtoll (inside, &number_end, 10);

      if (number_end == inside || *number_end != '\0')
        return NULL;
      step_index (in, out, index);
    }

  return end + 1;
}

static char *
format_node (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return g_strdup (json_node_get_string (node));
        case G_TYPE_INT64:
          return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
        case G_TYPE_DOUBLE:
          {
            char buffer[G_ASCII_DTOSTR_BUF_SIZE];

            return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%g", json_node_get_double (node)));
          }
        case G_TYPE_BOOLEAN:
          return g_strdup (json_node_get_boolean (node) ? "true" : "false");
        default:
          return NULL;
        }
    }
  return json_to_string (node, FALSE);
}

/**
 * bn_json_path_eval:
 * @root: a JSON document
 * @path: a JSONPath as printer columns write it, e.g. `.status.conditions[?(@.type=="Ready")].status`
 *
 * Evaluates the subset of JSONPath that `additionalPrinterColumns` use. Several results are
 * joined with commas, as kubectl prints them; objects and arrays come out as compact JSON.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL when nothing matches or @path
 *   cannot be read
 */
char *
bn_json_path_eval (JsonNode   *root,
                   const char *path)
{
  g_autoptr(GPtrArray) current = g_ptr_array_new ();
  g_autofree char *trimmed = NULL;
  g_autoptr(GString) joined = NULL;
  const char *p;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  trimmed = g_strstrip (g_strdup (path));
  if (trimmed[0] == '{' && trimmed[strlen (trimmed) - 1] == '}')
    {
      trimmed[strlen (trimmed) - 1] = '\0';
      memmove (trimmed, trimmed + 1, strlen (trimmed));
      g_strstrip (trimmed);
    }

  p = trimmed;
  if (*p == '$')
    p++;
  g_ptr_array_add (current, root);

  while (*p != '\0' && current->len > 0)
    {
      g_autoptr(GPtrArray) next = g_ptr_array_new ();

      if (*p == '.')
        {
          g_autofree char *name = NULL;

          p = parse_name (p + 1, &name);
          if (*name == '\0')
            {
              if (*p != '[')
                return NULL;
              continue;
            }
          if (g_str_equal (name, "*"))
            step_all (current, next);
          else
            step_member (current, next, name);
        }
      else if (*p == '[')
        {
          p = step_bracket (p, current, next);
          if (p == NULL)
            return NULL;
        }
      else
        return NULL;

      g_ptr_array_unref (current);
      current = g_steal_pointer (&next);
    }

  for (guint i = 0; i < current->len; i++)
    {
      g_autofree char *text = format_node (g_ptr_array_index (current, i));

      if (text == NULL)
        continue;
      if (joined == NULL)
        joined = g_string_new (text);
      else
        g_string_append_printf (joined, ",%s", text);
    }

  return joined != NULL ? g_string_free (g_steal_pointer (&joined), FALSE) : NULL;
}

/* JSON helpers for the built-in kinds */

static JsonNode *
lookup (JsonObject *root,
        const char *dotted)
{
  g_auto(GStrv) parts = g_strsplit (dotted, ".", -1);
  JsonNode *node = NULL;
  JsonObject *object = root;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (object == NULL || !json_object_has_member (object, parts[i]))
        return NULL;
      node = json_object_get_member (object, parts[i]);
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  return node;
}

static const char *
lookup_string (JsonObject *root,
               const char *dotted)
{
  JsonNode *node = lookup (root, dotted);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

static gint64
lookup_int (JsonObject *root,
            const char *dotted,
            gint64      fallback)
{
  JsonNode *node = lookup (root, dotted);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : fallback;
}

static JsonArray *
lookup_array (JsonObject *root,
              const char *dotted)
{
  JsonNode *node = lookup (root, dotted);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
lookup_object (JsonObject *root,
               const char *dotted)
{
  JsonNode *node = lookup (root, dotted);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static guint
count_members (JsonObject *root,
               const char *dotted)
{
  JsonObject *object = lookup_object (root, dotted);

  return object != NULL ? json_object_get_size (object) : 0;
}

static char *
join_or_none (GPtrArray  *parts,
              const char *separator)
{
  if (parts->len == 0)
    return g_strdup ("<none>");
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (separator, (char **) parts->pdata);
}

static char *
sts_ready (JsonObject *root)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                          lookup_int (root, "status.readyReplicas", 0),
                          lookup_int (root, "spec.replicas", 1));
}

static char *
ds_node_selector (JsonObject *root)
{
  JsonObject *selector = lookup_object (root, "spec.template.spec.nodeSelector");
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (selector != NULL)
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      json_object_iter_init (&iter, selector);
      while (json_object_iter_next (&iter, &key, &value))
        g_ptr_array_add (parts, g_strdup_printf ("%s=%s", key,
                                                 JSON_NODE_HOLDS_VALUE (value) ? json_node_get_string (value) : ""));
    }
  return join_or_none (parts, ",");
}

static const char *
condition_status (JsonObject *root,
                  const char *type)
{
  JsonArray *conditions = lookup_array (root, "status.conditions");

  for (guint i = 0; conditions != NULL && i < json_array_get_length (conditions); i++)
    {
      JsonNode *node = json_array_get_element (conditions, i);
      JsonObject *condition = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (condition != NULL && g_strcmp0 (lookup_string (condition, "type"), type) == 0)
        return lookup_string (condition, "status");
    }
  return NULL;
}

static char *
job_status (JsonObject *root)
{
  if (g_strcmp0 (condition_status (root, "Complete"), "True") == 0)
    return g_strdup ("Complete");
  if (g_strcmp0 (condition_status (root, "Failed"), "True") == 0)
    return g_strdup ("Failed");
  if (g_strcmp0 (condition_status (root, "Suspended"), "True") == 0)
    return g_strdup ("Suspended");
  return g_strdup ("Running");
}

static char *
job_completions (JsonObject *root)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                          lookup_int (root, "status.succeeded", 0),
                          lookup_int (root, "spec.completions", 1));
}

/* Cached as "START\nEND"; the cell computes the running time against now. */
static char *
job_duration (JsonObject *root)
{
  const char *start = lookup_string (root, "status.startTime");

  if (start == NULL)
    return NULL;
  return g_strdup_printf ("%s\n%s", start, lookup_string (root, "status.completionTime") ?: "");
}

static char *
cronjob_active (JsonObject *root)
{
  JsonArray *active = lookup_array (root, "status.active");

  return g_strdup_printf ("%u", active != NULL ? json_array_get_length (active) : 0);
}

static char *
service_external_ip (JsonObject *root)
{
  JsonArray *ingress = lookup_array (root, "status.loadBalancer.ingress");
  JsonArray *external = lookup_array (root, "spec.externalIPs");
  const char *type = lookup_string (root, "spec.type");
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; external != NULL && i < json_array_get_length (external); i++)
    g_ptr_array_add (parts, g_strdup (json_array_get_string_element (external, i)));
  for (guint i = 0; ingress != NULL && i < json_array_get_length (ingress); i++)
    {
      JsonObject *entry = json_array_get_object_element (ingress, i);
      const char *address = lookup_string (entry, "ip") ?: lookup_string (entry, "hostname");

      if (address != NULL)
        g_ptr_array_add (parts, g_strdup (address));
    }

  if (g_strcmp0 (type, "ExternalName") == 0)
    return g_strdup (lookup_string (root, "spec.externalName") ?: "<none>");
  if (parts->len == 0 && g_strcmp0 (type, "LoadBalancer") == 0)
    return g_strdup ("<pending>");
  return join_or_none (parts, ",");
}

static char *
service_ports (JsonObject *root)
{
  JsonArray *ports = lookup_array (root, "spec.ports");
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; ports != NULL && i < json_array_get_length (ports); i++)
    {
      JsonObject *port = json_array_get_object_element (ports, i);
      gint64 node_port = lookup_int (port, "nodePort", 0);
      const char *protocol = lookup_string (port, "protocol") ?: "TCP";

      if (node_port > 0)
        g_ptr_array_add (parts, g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT "/%s",
                                                 lookup_int (port, "port", 0), node_port, protocol));
      else
        g_ptr_array_add (parts, g_strdup_printf ("%" G_GINT64_FORMAT "/%s", lookup_int (port, "port", 0), protocol));
    }
  return join_or_none (parts, ",");
}

static char *
event_last_seen (JsonObject *root)
{
  return g_strdup (lookup_string (root, "lastTimestamp")
                   ?: lookup_string (root, "eventTime")
                   ?: lookup_string (root, "metadata.creationTimestamp"));
}

static char *
event_object (JsonObject *root)
{
  const char *kind = lookup_string (root, "involvedObject.kind");
  const char *name = lookup_string (root, "involvedObject.name");

  if (kind == NULL)
    return g_strdup (name);
  return g_strdup_printf ("%c%s/%s", g_ascii_tolower (kind[0]), kind + 1, name ?: "");
}

static char *
data_count (JsonObject *root)
{
  return g_strdup_printf ("%u", count_members (root, "data") + count_members (root, "binaryData"));
}

static char *
ingress_hosts (JsonObject *root)
{
  JsonArray *rules = lookup_array (root, "spec.rules");
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; rules != NULL && i < json_array_get_length (rules); i++)
    g_ptr_array_add (parts, g_strdup (lookup_string (json_array_get_object_element (rules, i), "host") ?: "*"));
  if (parts->len == 0)
    return g_strdup ("*");
  return join_or_none (parts, ",");
}

static char *
ingress_address (JsonObject *root)
{
  JsonArray *ingress = lookup_array (root, "status.loadBalancer.ingress");
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; ingress != NULL && i < json_array_get_length (ingress); i++)
    {
      JsonObject *entry = json_array_get_object_element (ingress, i);
      const char *address = lookup_string (entry, "ip") ?: lookup_string (entry, "hostname");

      if (address != NULL)
        g_ptr_array_add (parts, g_strdup (address));
    }
  if (parts->len == 0)
    return g_strdup ("");
  return join_or_none (parts, ",");
}

static char *
ingress_ports (JsonObject *root)
{
  JsonArray *tls = lookup_array (root, "spec.tls");

  return g_strdup (tls != NULL && json_array_get_length (tls) > 0 ? "80, 443" : "80");
}

static char *
access_modes (JsonArray *modes)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  static const struct { const char *mode; const char *abbreviation; } names[] = {
    { "ReadWriteOnce", "RWO" },
    { "ReadOnlyMany", "ROX" },
    { "ReadWriteMany", "RWX" },
    { "ReadWriteOncePod", "RWOP" },
  };

  for (guint i = 0; modes != NULL && i < json_array_get_length (modes); i++)
    {
      const char *mode = json_array_get_string_element (modes, i);

      for (guint j = 0; j < G_N_ELEMENTS (names); j++)
        if (g_strcmp0 (mode, names[j].mode) == 0)
          g_ptr_array_add (parts, g_strdup (names[j].abbreviation));
    }
  if (parts->len == 0)
    return g_strdup ("");
  return join_or_none (parts, ",");
}

static char *
pvc_access_modes (JsonObject *root)
{
  return access_modes (lookup_array (root, "status.accessModes") ?: lookup_array (root, "spec.accessModes"));
}

static char *
pv_access_modes (JsonObject *root)
{
  return access_modes (lookup_array (root, "spec.accessModes"));
}

static char *
pv_claim (JsonObject *root)
{
  const char *name = lookup_string (root, "spec.claimRef.name");

  if (name == NULL)
    return g_strdup ("");
  return g_strdup_printf ("%s/%s", lookup_string (root, "spec.claimRef.namespace") ?: "", name);
}

/* Tones */

static BnTone
pod_tone (BnObject   *object,
          const char *status)
{
  if (status == NULL)
    return BN_TONE_NONE;
  if (g_str_equal (status, "Running"))
    return bn_object_get_ready_containers (object) < bn_object_get_total_containers (object)
           ? BN_TONE_WARNING : BN_TONE_SUCCESS;
  if (g_str_equal (status, "Completed") || g_str_equal (status, "Succeeded"))
    return BN_TONE_DIM;
  if (g_str_equal (status, "Pending") || g_str_equal (status, "ContainerCreating")
      || g_str_equal (status, "PodInitializing") || g_str_equal (status, "Terminating")
      || g_str_equal (status, "SchedulingGated") || g_str_equal (status, "NotReady")
      || (g_str_has_prefix (status, "Init:") && g_ascii_isdigit (status[5])))
    return BN_TONE_WARNING;
  return BN_TONE_ERROR;
}

static BnTone
node_tone (BnObject   *object,
           const char *status)
{
  if (status == NULL)
    return BN_TONE_NONE;
  if (g_str_has_prefix (status, "NotReady"))
    return BN_TONE_ERROR;
  if (g_str_has_prefix (status, "Unknown") || strstr (status, "SchedulingDisabled") != NULL)
    return BN_TONE_WARNING;
  return BN_TONE_SUCCESS;
}

/* "3/3" is fine, "1/3" needs a look, "0/3" is down. */
static BnTone
fraction_tone (BnObject   *object,
               const char *text)
{
  guint64 have, want;
  const char *slash;

  if (text == NULL || (slash = strchr (text, '/')) == NULL)
    return BN_TONE_NONE;
  have = g_ascii_strtoull (text, NULL, 10);
  want = g_ascii_strtoull (slash + 1, NULL, 10);
  if (have >= want)
    return BN_TONE_SUCCESS;
  return have == 0 ? BN_TONE_ERROR : BN_TONE_WARNING;
}

static BnTone
phase_tone (BnObject   *object,
            const char *text)
{
  static const char *success[] = { "Active", "Bound", "Available", "Complete", "True", NULL };
  static const char *warning[] = { "Pending", "Terminating", "Released", "Running", "Suspended", "Unknown", NULL };
  static const char *error[] = { "Lost", "Failed", "False", NULL };

  if (text == NULL)
    return BN_TONE_NONE;
  if (g_strv_contains (success, text))
    return BN_TONE_SUCCESS;
  if (g_strv_contains (warning, text))
    return BN_TONE_WARNING;
  if (g_strv_contains (error, text))
    return BN_TONE_ERROR;
  return BN_TONE_NONE;
}

static BnTone
event_type_tone (BnObject   *object,
                 const char *text)
{
  return g_strcmp0 (text, "Warning") == 0 ? BN_TONE_WARNING : BN_TONE_NONE;
}

/* Summary columns */

static char *
text_name (BnColumns *self, const Column *column, BnObject *object, gint64 now)
{
  return g_strdup (bn_object_get_name (object));
}

static char *
text_namespace (BnColumns *self, const Column *column, BnObject *object, gint64 now)
{
  return g_strdup (bn_object_get_namespace (object));
}

static char *
text_cluster (BnColumns *self, const Column *column, BnObject *object, gint64 now)
{
  BnCluster *cluster = bn_object_get_cluster (object);

  return g_strdup (cluster != NULL ? bn_cluster_get_name (cluster) : "");
}

static char *
text_age (BnColumns *self, const Column *column, BnObject *object, gint64 now)
{
  return bn_format_age (now - bn_object_get_creation_time (object));
}

static double
number_age (BnColumns *self, const Column *column, BnObject *object)
{
  /* Ascending age: the youngest first. */
  return -(double) bn_object_get_creation_time (object);
}

static char *
text_pod_ready (BnColumns *self, const Column *column, BnObject *object, gint64 now)
{
  return bn_object_dup_ready (object);
}

static double
number_pod_ready (BnColumns *self, const Column *column, BnObject *object)
{
  guint total = bn_object_get_total_containers (object);
  guint ready = bn_object_get_ready_containers (object);

  return (total > 0 ? (double) ready / total : 0) + ready * 1e-6;
}

static char *
text_status (BnColumns *self, const Column *column, BnObject *object, gint64 now)
{
  return g_strdup (bn_object_get_status (object) ?: "");
}

static char *
text_pod_restarts (BnColumns *self, const Column *column, BnObject *object, gint64 now)
{
  guint restarts = bn_object_get_restarts (object);
  gint64 last = bn_object_get_last_restart_time (object);
  g_autofree char *ago = NULL;

  if (restarts == 0 || last <= 0)
    return g_strdup_printf ("%u", restarts);
  ago = bn_format_age (now - last);
  /* Translators: a pod's restart count and how long ago the last restart was, as in
   * "5 (3m12s ago)"; the age is written as kubectl writes it */
  return g_strdup_printf (_("%u (%s ago)"), restarts, ago);
}

static double
number_pod_restarts (BnColumns *self, const Column *column, BnObject *object)
{
  return bn_object_get_restarts (object);
}

static char *
dup_or_none (const char *value)
{
  return g_strdup (value != NULL && *value != '\0' ? value : "<none>");
}

static char *
text_pod_ip (BnColumns *self, const Column *column, BnObject *object, gint64 now)
{
  return dup_or_none (bn_object_get_ip (object));
}

static char *
text_pod_node (BnColumns *self, const Column *column, BnObject *object, gint64 now)
{
  return dup_or_none (bn_object_get_node (object));
}

static char *
text_node_roles (BnColumns *self, const Column *column, BnObject *object, gint64 now)
{
  return dup_or_none (bn_object_snapshot_get_node_roles (bn_object_get_snapshot (object)));
}

static char *
text_node_version (BnColumns *self, const Column *column, BnObject *object, gint64 now)
{
  return g_strdup (bn_object_snapshot_get_node_version (bn_object_get_snapshot (object)) ?: "");
}

static char *
text_node_ip (BnColumns *self, const Column *column, BnObject *object, gint64 now)
{
  return dup_or_none (bn_object_snapshot_get_node_internal_ip (bn_object_get_snapshot (object)));
}

static char *
text_deployment_ready (BnColumns *self, const Column *column, BnObject *object, gint64 now)
{
  BnObjectSnapshot *snapshot = bn_object_get_snapshot (object);

  return g_strdup_printf ("%u/%u", bn_object_snapshot_get_deployment_ready (snapshot),
                          bn_object_snapshot_get_deployment_replicas (snapshot));
}

static double
number_deployment_ready (BnColumns *self, const Column *column, BnObject *object)
{
  BnObjectSnapshot *snapshot = bn_object_get_snapshot (object);
  guint replicas = bn_object_snapshot_get_deployment_replicas (snapshot);
  guint ready = bn_object_snapshot_get_deployment_ready (snapshot);

  return (replicas > 0 ? (double) ready / replicas : 1) + ready * 1e-6;
}

static char *
text_deployment_updated (BnColumns *self, const Column *column, BnObject *object, gint64 now)
{
  return g_strdup_printf ("%u", bn_object_snapshot_get_deployment_updated (bn_object_get_snapshot (object)));
}

static double
number_deployment_updated (BnColumns *self, const Column *column, BnObject *object)
{
  return bn_object_snapshot_get_deployment_updated (bn_object_get_snapshot (object));
}

static char *
text_deployment_available (BnColumns *self, const Column *column, BnObject *object, gint64 now)
{
  return g_strdup_printf ("%u", bn_object_snapshot_get_deployment_available (bn_object_get_snapshot (object)));
}

static double
number_deployment_available (BnColumns *self, const Column *column, BnObject *object)
{
  return bn_object_snapshot_get_deployment_available (bn_object_get_snapshot (object));
}

/* JSON columns */

static char **
extract_values (BnColumns        *self,
                BnObjectSnapshot *snapshot,
                int               only_slot)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GBytes) bytes = bn_object_snapshot_ref_json (snapshot);
  char **values = g_new0 (char *, self->n_json + 1);
  const char *json;
  gsize length;
  JsonNode *root;

  /* Compact snapshots are decompressed here: one more reason to do this for bound cells only. */
  json = bytes != NULL ? g_bytes_get_data (bytes, &length) : NULL;
  self->n_parsed++;
  if (json == NULL || !json_parser_load_from_data (parser, json, length, NULL))
    return values;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return values;

  for (guint i = 0; i < self->columns->len; i++)
    {
      const Column *column = g_ptr_array_index (self->columns, i);

      if (column->json_slot < 0 || (only_slot >= 0 && column->json_slot != only_slot))
        continue;
      if (column->json_func != NULL)
        values[column->json_slot] = column->json_func (json_node_get_object (root));
      else
        values[column->json_slot] = bn_json_path_eval (root, column->json_path);
    }
  return values;
}

/* Values may be NULL (absent), so the arrays are not NULL-terminated string vectors. */
static void
values_free (char  **values,
             guint   n_values)
{
  for (guint i = 0; i < n_values; i++)
    g_free (values[i]);
  g_free (values);
}

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  bn_object_snapshot_unref (entry->snapshot);
  values_free (entry->values, entry->n_values);
  g_free (entry);
}

static char **
lookup_values (BnColumns        *self,
               BnObjectSnapshot *snapshot)
{
  CacheEntry *entry = g_hash_table_lookup (self->cache, snapshot);

  if (entry != NULL)
    {
      g_queue_unlink (&self->lru, &entry->link);
      g_queue_push_head_link (&self->lru, &entry->link);
      return entry->values;
    }

  while (self->lru.length >= CACHE_SIZE)
    {
      GList *oldest = g_queue_pop_tail_link (&self->lru);

      g_hash_table_remove (self->cache, ((CacheEntry *) oldest->data)->snapshot);
    }

  entry = g_new0 (CacheEntry, 1);
  entry->link.data = entry;
  entry->snapshot = bn_object_snapshot_ref (snapshot);
  entry->values = extract_values (self, snapshot, -1);
  entry->n_values = self->n_json;
  g_hash_table_insert (self->cache, snapshot, entry);
  g_queue_push_head_link (&self->lru, &entry->link);
  return entry->values;
}

static gint64
duration_seconds (const char *value,
                  gint64      now)
{
  g_auto(GStrv) parts = NULL;
  gint64 start, end;

  if (value == NULL)
    return -1;
  parts = g_strsplit (value, "\n", 2);
  start = parse_time (parts[0]);
  end = parts[1] != NULL && *parts[1] != '\0' ? parse_time (parts[1]) : now;
  return start > 0 ? end - start : -1;
}

static char *
render_json_value (const Column *column,
                   const char   *value,
                   gint64        now)
{
  gint64 seconds;

  switch (column->value_type)
    {
    case VALUE_DATE:
      if (value == NULL || parse_time (value) == 0)
        return g_strdup (column->fallback ?: "<unknown>");
      return bn_format_age (now - parse_time (value));
    case VALUE_DURATION:
      seconds = duration_seconds (value, now);
      return seconds >= 0 ? bn_format_age (seconds) : g_strdup ("");
    case VALUE_TEXT:
    case VALUE_INTEGER:
    case VALUE_NUMBER:
    default:
      return g_strdup (value != NULL ? value : column->fallback ?: "<none>");
    }
}

static char *
text_json (BnColumns *self, const Column *column, BnObject *object, gint64 now)
{
  char **values = lookup_values (self, bn_object_get_snapshot (object));

  return render_json_value (column, values[column->json_slot], now);
}

/* Sort keys read the JSON outside the cache (see the top of the file). */
static char *
uncached_value (BnColumns    *self,
                const Column *column,
                BnObject     *object)
{
  CacheEntry *entry = g_hash_table_lookup (self->cache, bn_object_get_snapshot (object));
  char **values;
  char *value;

  if (entry != NULL)
    return g_strdup (entry->values[column->json_slot]);
  values = extract_values (self, bn_object_get_snapshot (object), column->json_slot);
  value = g_steal_pointer (&values[column->json_slot]);
  values_free (values, self->n_json);
  return value;
}

static double
number_json (BnColumns *self, const Column *column, BnObject *object)
{
  g_autofree char *value = uncached_value (self, column, object);

  if (value == NULL)
    return NAN;
  switch (column->value_type)
    {
    case VALUE_DATE:
      return -(double) parse_time (value);
    case VALUE_DURATION:
      return duration_seconds (value, g_get_real_time () / G_USEC_PER_SEC);
    case VALUE_INTEGER:
    case VALUE_NUMBER:
    case VALUE_TEXT:
    default:
      /* Fractions such as "2/3" sort by their first number. */
      return g_ascii_strtod (value, NULL);
    }
}

/* Column tables */

typedef struct
{
  const char *id;
  const char *title;
  const char *property;
  TextFunc    text;
  NumberFunc  number;
  ToneFunc    tone;
  JsonFunc    json_func;
  const char *json_path;
  ValueType   value_type;
  const char *fallback;
  guint       width_chars;
  gboolean    numeric;
  gboolean    expand;
  gboolean    timed;
} ColumnDef;

#define NAME_COLUMN { "name", N_("Name"), "name", text_name, NULL, NULL, NULL, NULL, VALUE_TEXT, NULL, 24, FALSE, TRUE, FALSE }
#define AGE_COLUMN { "age", N_("Age"), "creation-time", text_age, number_age, NULL, NULL, NULL, VALUE_TEXT, NULL, 6, TRUE, FALSE, TRUE }
#define JSON_TEXT(id, title, path, fallback, width) \
  { id, title, "snapshot", NULL, NULL, NULL, NULL, path, VALUE_TEXT, fallback, width, FALSE, FALSE, FALSE }
#define JSON_INT(id, title, path, width) \
  { id, title, "snapshot", NULL, NULL, NULL, NULL, path, VALUE_INTEGER, "0", width, TRUE, FALSE, FALSE }
#define JSON_FUNC(id, title, func, type, tone, width, numeric) \
  { id, title, "snapshot", NULL, NULL, tone, func, NULL, type, NULL, width, numeric, FALSE, FALSE }
#define END_COLUMNS { NULL }

static const ColumnDef namespace_column =
  { "namespace", N_("Namespace"), "namespace", text_namespace, NULL, NULL, NULL, NULL, VALUE_TEXT, NULL, 14, FALSE, FALSE, FALSE };
static const ColumnDef cluster_column =
  { "cluster", N_("Cluster"), NULL, text_cluster, NULL, NULL, NULL, NULL, VALUE_TEXT, NULL, 12, FALSE, FALSE, FALSE };
static const ColumnDef name_column = NAME_COLUMN;
static const ColumnDef age_column = AGE_COLUMN;

static const ColumnDef pod_columns[] = {
  { "ready", N_("Ready"), "ready", text_pod_ready, number_pod_ready, NULL, NULL, NULL, VALUE_TEXT, NULL, 5, TRUE, FALSE, FALSE },
  { "status", N_("Status"), "status", text_status, NULL, pod_tone, NULL, NULL, VALUE_TEXT, NULL, 16, FALSE, FALSE, FALSE },
  { "restarts", N_("Restarts"), "restarts", text_pod_restarts, number_pod_restarts, NULL, NULL, NULL, VALUE_TEXT, NULL, 16, TRUE, FALSE, TRUE },
  AGE_COLUMN,
  { "ip", N_("IP"), "ip", text_pod_ip, NULL, NULL, NULL, NULL, VALUE_TEXT, NULL, 15, FALSE, FALSE, FALSE },
  { "node", N_("Node"), "node", text_pod_node, NULL, NULL, NULL, NULL, VALUE_TEXT, NULL, 14, FALSE, FALSE, FALSE },
  END_COLUMNS
};

static const ColumnDef node_columns[] = {
  { "status", N_("Status"), "status", text_status, NULL, node_tone, NULL, NULL, VALUE_TEXT, NULL, 10, FALSE, FALSE, FALSE },
  { "roles", N_("Roles"), "snapshot", text_node_roles, NULL, NULL, NULL, NULL, VALUE_TEXT, NULL, 12, FALSE, FALSE, FALSE },
  AGE_COLUMN,
  { "version", N_("Version"), "snapshot", text_node_version, NULL, NULL, NULL, NULL, VALUE_TEXT, NULL, 10, FALSE, FALSE, FALSE },
  { "internal-ip", N_("Internal IP"), "snapshot", text_node_ip, NULL, NULL, NULL, NULL, VALUE_TEXT, NULL, 12, FALSE, FALSE, FALSE },
  END_COLUMNS
};

static const ColumnDef deployment_columns[] = {
  { "ready", N_("Ready"), "snapshot", text_deployment_ready, number_deployment_ready, fraction_tone, NULL, NULL, VALUE_TEXT, NULL, 5, TRUE, FALSE, FALSE },
  { "up-to-date", N_("Up-to-Date"), "snapshot", text_deployment_updated, number_deployment_updated, NULL, NULL, NULL, VALUE_TEXT, NULL, 5, TRUE, FALSE, FALSE },
  { "available", N_("Available"), "snapshot", text_deployment_available, number_deployment_available, NULL, NULL, NULL, VALUE_TEXT, NULL, 5, TRUE, FALSE, FALSE },
  AGE_COLUMN,
  END_COLUMNS
};

static const ColumnDef replicaset_columns[] = {
  JSON_INT ("desired", N_("Desired"), ".spec.replicas", 5),
  JSON_INT ("current", N_("Current"), ".status.replicas", 5),
  JSON_INT ("ready", N_("Ready"), ".status.readyReplicas", 5),
  AGE_COLUMN,
  END_COLUMNS
};

static const ColumnDef statefulset_columns[] = {
  JSON_FUNC ("ready", N_("Ready"), sts_ready, VALUE_TEXT, fraction_tone, 5, TRUE),
  AGE_COLUMN,
  END_COLUMNS
};

static const ColumnDef daemonset_columns[] = {
  JSON_INT ("desired", N_("Desired"), ".status.desiredNumberScheduled", 5),
  JSON_INT ("current", N_("Current"), ".status.currentNumberScheduled", 5),
  JSON_INT ("ready", N_("Ready"), ".status.numberReady", 5),
  JSON_INT ("up-to-date", N_("Up-to-Date"), ".status.updatedNumberScheduled", 5),
  JSON_INT ("available", N_("Available"), ".status.numberAvailable", 5),
  JSON_FUNC ("node-selector", N_("Node Selector"), ds_node_selector, VALUE_TEXT, NULL, 14, FALSE),
  AGE_COLUMN,
  END_COLUMNS
};

static const ColumnDef job_columns[] = {
  JSON_FUNC ("status", N_("Status"), job_status, VALUE_TEXT, phase_tone, 9, FALSE),
  JSON_FUNC ("completions", N_("Completions"), job_completions, VALUE_TEXT, fraction_tone, 6, TRUE),
  { "duration", N_("Duration"), "snapshot", NULL, NULL, NULL, job_duration, NULL, VALUE_DURATION, NULL, 6, TRUE, FALSE, TRUE },
  AGE_COLUMN,
  END_COLUMNS
};

static const ColumnDef cronjob_columns[] = {
  JSON_TEXT ("schedule", N_("Schedule"), ".spec.schedule", NULL, 12),
  JSON_TEXT ("suspend", N_("Suspend"), ".spec.suspend", "false", 5),
  JSON_FUNC ("active", N_("Active"), cronjob_active, VALUE_INTEGER, NULL, 4, TRUE),
  { "last-schedule", N_("Last Schedule"), "snapshot", NULL, NULL, NULL, NULL, ".status.lastScheduleTime", VALUE_DATE, "<none>", 6, TRUE, FALSE, TRUE },
  AGE_COLUMN,
  END_COLUMNS
};

static const ColumnDef service_columns[] = {
  JSON_TEXT ("type", N_("Type"), ".spec.type", "ClusterIP", 10),
  JSON_TEXT ("cluster-ip", N_("Cluster IP"), ".spec.clusterIP", NULL, 12),
  JSON_FUNC ("external-ip", N_("External IP"), service_external_ip, VALUE_TEXT, NULL, 12, FALSE),
  JSON_FUNC ("ports", N_("Ports"), service_ports, VALUE_TEXT, NULL, 14, FALSE),
  AGE_COLUMN,
  END_COLUMNS
};

static const ColumnDef namespace_kind_columns[] = {
  { "status", N_("Status"), "snapshot", NULL, NULL, phase_tone, NULL, ".status.phase", VALUE_TEXT, "Active", 10, FALSE, FALSE, FALSE },
  AGE_COLUMN,
  END_COLUMNS
};

static const ColumnDef event_columns[] = {
  { "last-seen", N_("Last Seen"), "snapshot", NULL, NULL, NULL, event_last_seen, NULL, VALUE_DATE, NULL, 6, TRUE, FALSE, TRUE },
  { "type", N_("Type"), "snapshot", NULL, NULL, event_type_tone, NULL, ".type", VALUE_TEXT, NULL, 7, FALSE, FALSE, FALSE },
  JSON_TEXT ("reason", N_("Reason"), ".reason", "", 12),
  JSON_FUNC ("object", N_("Object"), event_object, VALUE_TEXT, NULL, 20, FALSE),
  { "message", N_("Message"), "snapshot", NULL, NULL, NULL, NULL, ".message", VALUE_TEXT, "", 30, FALSE, TRUE, FALSE },
  END_COLUMNS
};

static const ColumnDef configmap_columns[] = {
  JSON_FUNC ("data", N_("Data"), data_count, VALUE_INTEGER, NULL, 4, TRUE),
  AGE_COLUMN,
  END_COLUMNS
};

static const ColumnDef secret_columns[] = {
  JSON_TEXT ("type", N_("Type"), ".type", "Opaque", 20),
  JSON_FUNC ("data", N_("Data"), data_count, VALUE_INTEGER, NULL, 4, TRUE),
  AGE_COLUMN,
  END_COLUMNS
};

static const ColumnDef ingress_columns[] = {
  JSON_TEXT ("class", N_("Class"), ".spec.ingressClassName", "<none>", 8),
  JSON_FUNC ("hosts", N_("Hosts"), ingress_hosts, VALUE_TEXT, NULL, 16, FALSE),
  JSON_FUNC ("address", N_("Address"), ingress_address, VALUE_TEXT, NULL, 12, FALSE),
  JSON_FUNC ("ports", N_("Ports"), ingress_ports, VALUE_TEXT, NULL, 6, FALSE),
  AGE_COLUMN,
  END_COLUMNS
};

static const ColumnDef pvc_columns[] = {
  { "status", N_("Status"), "snapshot", NULL, NULL, phase_tone, NULL, ".status.phase", VALUE_TEXT, "Pending", 8, FALSE, FALSE, FALSE },
  JSON_TEXT ("volume", N_("Volume"), ".spec.volumeName", "", 16),
  JSON_TEXT ("capacity", N_("Capacity"), ".status.capacity.storage", "", 8),
  JSON_FUNC ("access-modes", N_("Access Modes"), pvc_access_modes, VALUE_TEXT, NULL, 6, FALSE),
  JSON_TEXT ("storage-class", N_("Storage Class"), ".spec.storageClassName", "<unset>", 10),
  AGE_COLUMN,
  END_COLUMNS
};

static const ColumnDef pv_columns[] = {
  JSON_TEXT ("capacity", N_("Capacity"), ".spec.capacity.storage", "", 8),
  JSON_FUNC ("access-modes", N_("Access Modes"), pv_access_modes, VALUE_TEXT, NULL, 6, FALSE),
  JSON_TEXT ("reclaim-policy", N_("Reclaim Policy"), ".spec.persistentVolumeReclaimPolicy", "", 8),
  { "status", N_("Status"), "snapshot", NULL, NULL, phase_tone, NULL, ".status.phase", VALUE_TEXT, "", 8, FALSE, FALSE, FALSE },
  JSON_FUNC ("claim", N_("Claim"), pv_claim, VALUE_TEXT, NULL, 16, FALSE),
  JSON_TEXT ("storage-class", N_("Storage Class"), ".spec.storageClassName", "", 10),
  AGE_COLUMN,
  END_COLUMNS
};

static const ColumnDef generic_columns[] = {
  AGE_COLUMN,
  END_COLUMNS
};

static const struct
{
  const char      *group;
  const char      *plural;
  const ColumnDef *columns;
} kind_tables[] = {
  { "", "pods", pod_columns },
  { "", "nodes", node_columns },
  { "", "namespaces", namespace_kind_columns },
  { "", "events", event_columns },
  { "events.k8s.io", "events", event_columns },
  { "", "services", service_columns },
  { "", "configmaps", configmap_columns },
  { "", "secrets", secret_columns },
  { "", "persistentvolumeclaims", pvc_columns },
  { "", "persistentvolumes", pv_columns },
  { "apps", "deployments", deployment_columns },
  { "apps", "replicasets", replicaset_columns },
  { "apps", "statefulsets", statefulset_columns },
  { "apps", "daemonsets", daemonset_columns },
  { "batch", "jobs", job_columns },
  { "batch", "cronjobs", cronjob_columns },
  { "networking.k8s.io", "ingresses", ingress_columns },
};

static void
column_free (gpointer data)
{
  Column *column = data;

  g_free (column->id);
  g_free (column->title);
  g_free (column->json_path);
  g_free (column);
}

static void
add_column (BnColumns       *self,
            const ColumnDef *def)
{
  Column *column = g_new0 (Column, 1);

  column->id = g_strdup (def->id);
  column->title = g_strdup (g_dgettext (GETTEXT_PACKAGE, def->title));
  column->property = def->property != NULL ? g_intern_string (def->property) : NULL;
  column->text = def->text;
  column->number = def->number;
  column->tone = def->tone;
  column->json_func = def->json_func;
  column->json_path = g_strdup (def->json_path);
  column->value_type = def->value_type;
  column->fallback = def->fallback;
  column->width_chars = def->width_chars;
  column->numeric = def->numeric;
  column->expand = def->expand;
  column->timed = def->timed;
  column->json_slot = -1;

  if (column->text == NULL)
    {
      column->text = text_json;
      column->json_slot = self->n_json++;
      if (column->value_type != VALUE_TEXT)
        column->number = number_json;
    }

  g_ptr_array_add (self->columns, column);
}

static void
add_leading_columns (BnColumns      *self,
                     BnColumnsFlags  flags)
{
  add_column (self, &name_column);
  if (self->type == NULL || bn_resource_type_get_namespaced (self->type))
    add_column (self, &namespace_column);
  if (flags & BN_COLUMNS_CLUSTER)
    add_column (self, &cluster_column);
}

static const ColumnDef *
table_for_type (BnResourceType *type)
{
  for (guint i = 0; type != NULL && i < G_N_ELEMENTS (kind_tables); i++)
    if (g_strcmp0 (bn_resource_type_get_group (type), kind_tables[i].group) == 0
        && g_strcmp0 (bn_resource_type_get_plural (type), kind_tables[i].plural) == 0)
      return kind_tables[i].columns;
  return generic_columns;
}

/* GObject */

static void
bn_columns_finalize (GObject *object)
{
  BnColumns *self = (BnColumns *) object;

  /* The queue's links live inside the entries, which the table frees. */
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_queue_init (&self->lru);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_object (&self->type);

  G_OBJECT_CLASS (bn_columns_parent_class)->finalize (object);
}

static void
bn_columns_class_init (BnColumnsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bn_columns_finalize;
}

static void
bn_columns_init (BnColumns *self)
{
  self->columns = g_ptr_array_new_with_free_func (column_free);
  self->cache = g_hash_table_new_full (NULL, NULL, NULL, cache_entry_free);
  g_queue_init (&self->lru);
}

/**
 * bn_columns_new:
 * @type: (nullable): the kind shown; %NULL for name, namespace and age only
 * @flags: options
 *
 * The columns `kubectl get -o wide` prints for @type's kind (name first, then namespace for
 * namespaced kinds), or name, namespace and age for kinds without a table.
 *
 * Returns: (transfer full): the column set
 */
BnColumns *
bn_columns_new (BnResourceType *type,
                BnColumnsFlags  flags)
{
  BnColumns *self;

  g_return_val_if_fail (type == NULL || BN_IS_RESOURCE_TYPE (type), NULL);

  self = g_object_new (BN_TYPE_COLUMNS, NULL);
  self->type = type ? g_object_ref (type) : NULL;
  add_leading_columns (self, flags);
  for (const ColumnDef *def = table_for_type (type); def->id != NULL; def++)
    add_column (self, def);
  return self;
}

static ValueType
value_type_for (const char *printer_type)
{
  if (g_strcmp0 (printer_type, "integer") == 0)
    return VALUE_INTEGER;
  if (g_strcmp0 (printer_type, "number") == 0)
    return VALUE_NUMBER;
  if (g_strcmp0 (printer_type, "date") == 0)
    return VALUE_DATE;
  return VALUE_TEXT;
}

/**
 * bn_columns_new_for_printer_columns:
 * @type: the custom resource's kind
 * @printer_columns: (nullable): the `additionalPrinterColumns` of the CRD version served
 * @flags: options
 *
 * Name and namespace, then the printer columns (those with `priority` 0, as `kubectl get`
 * shows them, and the wide ones after), with an Age column last unless the CRD names one.
 *
 * Returns: (transfer full): the column set
 */
BnColumns *
bn_columns_new_for_printer_columns (BnResourceType *type,
                                    JsonArray      *printer_columns,
                                    BnColumnsFlags  flags)
{
  BnColumns *self;
  gboolean has_age = FALSE;

  g_return_val_if_fail (type == NULL || BN_IS_RESOURCE_TYPE (type), NULL);

  self = g_object_new (BN_TYPE_COLUMNS, NULL);
  self->type = type ? g_object_ref (type) : NULL;
  add_leading_columns (self, flags);

  for (guint pass = 0; pass < 2 && printer_columns != NULL; pass++)
    for (guint i = 0; i < json_array_get_length (printer_columns); i++)
      {
        JsonNode *node = json_array_get_element (printer_columns, i);
        JsonObject *printer = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
        const char *name, *path, *printer_type;
        g_autofree char *id = NULL;
        ColumnDef def = { 0 };

        if (printer == NULL)
          continue;
        name = lookup_string (printer, "name");
        path = lookup_string (printer, "jsonPath");
        printer_type = lookup_string (printer, "type");
        if (name == NULL || path == NULL || (lookup_int (printer, "priority", 0) > 0) != (pass == 1))
          continue;

        if (g_ascii_strcasecmp (name, "Age") == 0 && g_str_equal (path, ".metadata.creationTimestamp"))
          {
            add_column (self, &age_column);
            has_age = TRUE;
            continue;
          }

        id = g_strdup_printf ("printer-%u", i);
        def.id = id;
        def.title = name;
        def.property = "snapshot";
        def.json_path = path;
        def.value_type = value_type_for (printer_type);
        def.fallback = "";
        def.width_chars = 10;
        def.numeric = def.value_type != VALUE_TEXT;
        def.timed = def.value_type == VALUE_DATE;
        def.tone = g_str_equal (name, "Status") || g_str_equal (name, "Ready") ? phase_tone : NULL;
        add_column (self, &def);
      }

  if (!has_age)
    add_column (self, &age_column);
  return self;
}

/**
 * bn_columns_new_for_crd:
 * @type: the custom resource's kind
 * @crd: (nullable): its CustomResourceDefinition, as a watch on
 *   `customresourcedefinitions` holds it
 * @flags: options
 *
 * The columns of the `additionalPrinterColumns` of the version of @crd that @type names (or
 * of its storage version), through bn_columns_new_for_printer_columns(); name, namespace and
 * age when @crd is %NULL or has none.
 *
 * Returns: (transfer full): the column set
 */
BnColumns *
bn_columns_new_for_crd (BnResourceType *type,
                        BnObject       *crd,
                        BnColumnsFlags  flags)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GBytes) bytes = NULL;
  JsonArray *versions = NULL;
  JsonArray *chosen = NULL;
  JsonNode *root;

  g_return_val_if_fail (BN_IS_RESOURCE_TYPE (type), NULL);
  g_return_val_if_fail (crd == NULL || BN_IS_OBJECT (crd), NULL);

  if (crd != NULL && bn_object_get_snapshot (crd) != NULL)
    bytes = bn_object_snapshot_ref_json (bn_object_get_snapshot (crd));
  if (bytes != NULL
      && json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL)
      && (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    versions = lookup_array (json_node_get_object (root), "spec.versions");

  for (guint i = 0; versions != NULL && i < json_array_get_length (versions); i++)
    {
      JsonNode *node = json_array_get_element (versions, i);
      JsonObject *version = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonArray *columns = version ? lookup_array (version, "additionalPrinterColumns") : NULL;
      JsonNode *storage = version ? lookup (version, "storage") : NULL;

      if (columns == NULL)
        continue;
      if (g_strcmp0 (lookup_string (version, "name"), bn_resource_type_get_version (type)) == 0)
        {
          chosen = columns;
          break;
        }
      if (chosen == NULL || (storage != NULL && JSON_NODE_HOLDS_VALUE (storage) && json_node_get_boolean (storage)))
        chosen = columns;
    }

  return bn_columns_new_for_printer_columns (type, chosen, flags);
}

static const Column *
get_column (BnColumns *self,
            guint      column)
{
  g_return_val_if_fail (BN_IS_COLUMNS (self), NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);
  return g_ptr_array_index (self->columns, column);
}

BnResourceType *
bn_columns_get_resource_type (BnColumns *self)
{
  g_return_val_if_fail (BN_IS_COLUMNS (self), NULL);
  return self->type;
}

guint
bn_columns_get_n_columns (BnColumns *self)
{
  g_return_val_if_fail (BN_IS_COLUMNS (self), 0);
  return self->columns->len;
}

/**
 * bn_columns_find:
 * @self: a #BnColumns
 * @id: a column id such as "name", "status" or "restarts"
 *
 * Returns: the column's index, or -1
 */
int
bn_columns_find (BnColumns  *self,
                 const char *id)
{
  g_return_val_if_fail (BN_IS_COLUMNS (self), -1);

  for (guint i = 0; i < self->columns->len; i++)
    if (g_strcmp0 (((Column *) g_ptr_array_index (self->columns, i))->id, id) == 0)
      return i;
  return -1;
}

const char *
bn_columns_get_id (BnColumns *self,
                   guint      column)
{
  const Column *c = get_column (self, column);

  return c ? c->id : NULL;
}

const char *
bn_columns_get_title (BnColumns *self,
                      guint      column)
{
  const Column *c = get_column (self, column);

  return c ? c->title : NULL;
}

/**
 * bn_columns_get_numeric:
 *
 * Returns: whether the column holds numbers or durations, shown aligned to the end
 */
gboolean
bn_columns_get_numeric (BnColumns *self,
                        guint      column)
{
  const Column *c = get_column (self, column);

  return c ? c->numeric : FALSE;
}

gboolean
bn_columns_get_expand (BnColumns *self,
                       guint      column)
{
  const Column *c = get_column (self, column);

  return c ? c->expand : FALSE;
}

guint
bn_columns_get_width_chars (BnColumns *self,
                            guint      column)
{
  const Column *c = get_column (self, column);

  return c ? c->width_chars : 0;
}

/**
 * bn_columns_get_timed:
 *
 * Returns: whether the column's text changes with time alone (ages, "5 (3m ago)")
 */
gboolean
bn_columns_get_timed (BnColumns *self,
                      guint      column)
{
  const Column *c = get_column (self, column);

  return c ? c->timed : FALSE;
}

/**
 * bn_columns_get_property:
 *
 * Returns: (nullable): the #BnObject property whose notify changes the column's text (an
 *   interned string), or %NULL when it never changes
 */
const char *
bn_columns_get_property (BnColumns *self,
                         guint      column)
{
  const Column *c = get_column (self, column);

  return c ? c->property : NULL;
}

/**
 * bn_columns_dup_text:
 * @self: a #BnColumns
 * @column: a column index
 * @object: a row
 * @now: the current time in Unix seconds, for ages
 *
 * Returns: (transfer full): the cell's text
 */
char *
bn_columns_dup_text (BnColumns *self,
                     guint      column,
                     BnObject  *object,
                     gint64     now)
{
  const Column *c = get_column (self, column);

  g_return_val_if_fail (BN_IS_OBJECT (object), NULL);

  if (c == NULL || bn_object_get_snapshot (object) == NULL)
    return g_strdup ("");
  return c->text (self, c, object, now);
}

/**
 * bn_columns_get_tone:
 *
 * Returns: what the cell's value means, for its colour
 */
BnTone
bn_columns_get_tone (BnColumns *self,
                     guint      column,
                     BnObject  *object)
{
  const Column *c = get_column (self, column);
  g_autofree char *text = NULL;

  g_return_val_if_fail (BN_IS_OBJECT (object), BN_TONE_NONE);

  if (c == NULL || c->tone == NULL || bn_object_get_snapshot (object) == NULL)
    return BN_TONE_NONE;
  if (c->json_slot >= 0)
    return c->tone (object, lookup_values (self, bn_object_get_snapshot (object))[c->json_slot]);
  text = c->text (self, c, object, 0);
  return c->tone (object, text);
}

/**
 * bn_columns_dup_text_and_tone:
 * @self: a #BnColumns
 * @column: a column index
 * @object: a row
 * @now: the time, in seconds since the epoch, for ages
 * @tone: (out): what the value means
 *
 * What a cell shows, text and tone together, making the text once where the tone reads it.
 *
 * Returns: (transfer full): the text of @column for @object
 */
char *
bn_columns_dup_text_and_tone (BnColumns *self,
                              guint      column,
                              BnObject  *object,
                              gint64     now,
                              BnTone    *tone)
{
  const Column *c = get_column (self, column);
  char *text;

  g_return_val_if_fail (BN_IS_OBJECT (object), NULL);
  g_return_val_if_fail (tone != NULL, NULL);

  *tone = BN_TONE_NONE;
  if (c == NULL || bn_object_get_snapshot (object) == NULL)
    return g_strdup ("");
  text = c->text (self, c, object, now);
  /* A timed text differs with the clock; tones are defined on the text at time 0. */
  if (c->tone != NULL && c->json_slot < 0 && !c->timed)
    *tone = c->tone (object, text);
  else if (c->tone != NULL)
    *tone = bn_columns_get_tone (self, column, object);
  return text;
}

typedef struct
{
  BnColumns *self;
  guint      column;
} KeyData;

static void
key_data_free (gpointer data)
{
  KeyData *key_data = data;

  g_object_unref (key_data->self);
  g_free (key_data);
}

static char *
string_key_cb (GObject  *item,
               gpointer  user_data)
{
  KeyData *data = user_data;
  const Column *column = g_ptr_array_index (data->self->columns, data->column);

  if (column->json_slot >= 0)
    return uncached_value (data->self, column, BN_OBJECT (item));
  return column->text (data->self, column, BN_OBJECT (item), 0);
}

static double
number_key_cb (GObject  *item,
               gpointer  user_data)
{
  KeyData *data = user_data;
  const Column *column = g_ptr_array_index (data->self->columns, data->column);

  return column->number (data->self, column, BN_OBJECT (item));
}

/**
 * bn_columns_dup_sort_key:
 * @self: a #BnColumns
 * @column: a column index
 *
 * Returns: (transfer full): a key that orders rows by @column: numbers and times by value,
 *   text by collation
 */
BnSortKey *
bn_columns_dup_sort_key (BnColumns *self,
                         guint      column)
{
  const Column *c = get_column (self, column);
  const char *properties[3] = { NULL, };
  KeyData *data;

  g_return_val_if_fail (c != NULL, NULL);

  properties[0] = c->property;
  /* A restart count's "(3m ago)" changes with time alone; the count itself only with events. */
  data = g_new0 (KeyData, 1);
  data->self = g_object_ref (self);
  data->column = column;

  if (c->number != NULL)
    return bn_sort_key_new_number (number_key_cb, data, key_data_free, properties);
  return bn_sort_key_new_string (string_key_cb, data, key_data_free, properties);
}

/**
 * bn_columns_get_n_cached:
 *
 * Returns: how many snapshots have their JSON values cached
 */
guint
bn_columns_get_n_cached (BnColumns *self)
{
  g_return_val_if_fail (BN_IS_COLUMNS (self), 0);
  return g_hash_table_size (self->cache);
}

/**
 * bn_columns_get_n_parsed:
 *
 * Returns: how many times a snapshot's JSON was parsed, for tests and benchmarks
 */
guint64
bn_columns_get_n_parsed (BnColumns *self)
{
  g_return_val_if_fail (BN_IS_COLUMNS (self), 0);
  return self->n_parsed;
}
