/* bn-json-scan.cc: the fast path from list pages and watch events to snapshots
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* simdjson On-Demand reads each document once, front to back, and hands out string_views
 * into its own buffers. Every function here walks one JSON object in document order,
 * keeps the few fields it needs as views, and skips the rest; the snapshot is built by
 * copying those views into one allocation. Only bn-json-scan.h crosses into C.
 *
 * What is checked: the whole document is valid UTF-8 and its brackets and strings are
 * well formed; every value the scanner reads has the type the API promises; a key the
 * scanner reads appears once in its object. Values the scanner skips (most of spec, for
 * instance) are kept byte for byte and only re-parsed, by json-glib, when a detail view
 * opens them.
 *
 * Kernels: simdjson's vectorised work, finding every structural character and validating
 * UTF-8 before the walk (its stage 1) and unescaping strings during it, goes through the
 * implementation that simdjson picks at run time for this CPU (bn_json_scan_implementation_name()).
 * The walk itself is compiled once, for any CPU of the architecture, which is why its symbols
 * carry simdjson's `fallback` namespace: it is scalar code in every kernel, and a copy compiled
 * for Haswell measured no faster (docs/performance.md), so the build needs no -m flags. */

#include "config.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "bn-json-scan.h"
#include "bn-kube-error.h"
#include "bn-object-snapshot-private.h"
#include "bn-pod-status.h"

namespace {

using simdjson::error_code;
using simdjson::ondemand::array;
using simdjson::ondemand::document;
using simdjson::ondemand::field;
using simdjson::ondemand::json_type;
using simdjson::ondemand::object;
using simdjson::ondemand::value;

static_assert (BN_JSON_SCAN_PADDING >= simdjson::SIMDJSON_PADDING,
               "BN_JSON_SCAN_PADDING must cover simdjson's padding");

/* A parser that has grown beyond this for one huge document gives its memory back. */
constexpr size_t kKeepParserCapacity = 32 * 1024 * 1024;

enum Mode
{
  MODE_OBJECT,
  MODE_BOOKMARK,
  MODE_STATUS,
};

struct Container
{
  BnStrView        name;
  BnContainerState state;
  BnStrView        reason;
  gint64           exit_code;
  gint64           signal;
  bool             ready;
  bool             started;
  guint            restart_count;
  gint64           last_terminated_at;
};

struct Condition
{
  BnStrView type;
  BnStrView status;
  BnStrView reason;
};

struct Address
{
  BnStrView type;
  BnStrView address;
};

/* What one object yields before it becomes a snapshot. Vectors keep their capacity
 * between objects so a page of 500 pods allocates them once. */
struct Scratch
{
  BnSnapshotFields         fields;
  const char              *cut_start;
  const char              *cut_end;
  BnStrView                kind;
  BnStrView                api_version;
  bool                     initial_events_end;
  std::vector<BnLabelView> labels;
  std::vector<BnOwnerView> owners;

  /* Pods */
  BnStrView                reason;
  BnStrView                pod_ip_single;
  guint                    n_containers;
  std::vector<BnStrView>   init_names;
  std::vector<gboolean>    init_restartable;
  std::vector<BnStrView>   gates;
  std::vector<Condition>   conditions;
  std::vector<Container>   init_statuses;
  std::vector<Container>   statuses;
  /* Nodes */
  std::vector<Address>     addresses;
  std::string              roles;
  /* Deployments */
  bool                     has_replicas;

  /* Status objects */
  BnStrView                status_reason;
  BnStrView                status_message;
  guint                    status_code;

  void
  reset (BnObjectKind kind_)
  {
    memset (&fields, 0, sizeof fields);
    fields.kind = kind_;
    cut_start = cut_end = nullptr;
    kind = api_version = BnStrView { nullptr, 0 };
    initial_events_end = false;
    labels.clear ();
    owners.clear ();
    reason = pod_ip_single = BnStrView { nullptr, 0 };
    n_containers = 0;
    init_names.clear ();
    init_restartable.clear ();
    gates.clear ();
    conditions.clear ();
    init_statuses.clear ();
    statuses.clear ();
    addresses.clear ();
    roles.clear ();
    has_replicas = false;
    status_reason = status_message = BnStrView { nullptr, 0 };
    status_code = 0;
  }
};

struct Scanner
{
  simdjson::ondemand::parser parser;
  std::vector<char>          copy;
  Scratch                    scratch;
  GStringChunk              *strings = nullptr;
  std::string                error_where;
  std::string                error_detail;
  document                  *doc = nullptr;
  const char                *doc_end = nullptr;

  ~Scanner ()
  {
    if (strings != nullptr)
      g_string_chunk_free (strings);
  }
};

thread_local Scanner scanner;

/* Error reporting: the first failure records where it happened; callers just return false. */
bool
fail (const char *where,
      error_code  code)
{
  scanner.error_where = where;
  scanner.error_detail = simdjson::error_message (code);
  return false;
}

bool
fail_message (const char *where,
              const char *message)
{
  scanner.error_where = where;
  scanner.error_detail = message;
  return false;
}

#define TRY(where, expr)                                   \
  G_STMT_START {                                           \
    error_code _err = (expr);                              \
    if (G_UNLIKELY (_err != simdjson::SUCCESS))            \
      return fail ((where), _err);                         \
  } G_STMT_END

/* Keys the scanner reads may appear once per object: with two, which one counts would
 * depend on the reader, and json-glib would disagree with us. */
class SeenKeys
{
  guint64 mask = 0;
public:
  bool
  first (int bit)
  {
    guint64 b = G_GUINT64_CONSTANT (1) << bit;
    bool fresh = (mask & b) == 0;

    mask |= b;
    return fresh;
  }
};

#define ONCE(seen, bit, where)                                     \
  G_STMT_START {                                                   \
    if (!(seen).first (bit))                                       \
      return fail_message ((where), "duplicate key");              \
  } G_STMT_END

BnStrView
view (std::string_view sv)
{
  return BnStrView { sv.data (), sv.size () };
}

bool
view_equals (BnStrView   v,
             const char *s)
{
  size_t len = strlen (s);

  return v.data != nullptr && v.len == len && memcmp (v.data, s, len) == 0;
}

/* The scalars the scanner reads: each may also be null, which reads as absent (a null
 * view, 0 or false); any other type is an error. Overloaded so that read_value_once()
 * serves them all. */
template <typename Get>
bool
read_nullable (value      &v,
               const char *where,
               Get       &&get)
{
  json_type type;

  TRY (where, v.type ().get (type));
  return type == json_type::null ? get (nullptr) : get (&v);
}

bool
read_value (value      &v,
            BnStrView  &out,
            const char *where)
{
  return read_nullable (v, where, [&] (value *present) {
    std::string_view sv;

    out = BnStrView { nullptr, 0 };
    if (present != nullptr)
      {
        TRY (where, present->get_string ().get (sv));
        out = view (sv);
      }
    return true;
  });
}

bool
read_value (value      &v,
            guint      &out,
            const char *where)
{
  return read_nullable (v, where, [&] (value *present) {
    uint64_t n = 0;

    if (present != nullptr)
      TRY (where, present->get_uint64 ().get (n));
    out = (guint) MIN (n, (uint64_t) G_MAXUINT);
    return true;
  });
}

bool
read_value (value      &v,
            gint64     &out,
            const char *where)
{
  return read_nullable (v, where, [&] (value *present) {
    int64_t n = 0;

    if (present != nullptr)
      TRY (where, present->get_int64 ().get (n));
    out = n;
    return true;
  });
}

bool
read_value (value      &v,
            bool       &out,
            const char *where)
{
  return read_nullable (v, where, [&] (value *present) {
    out = false;
    if (present != nullptr)
      TRY (where, present->get_bool ().get (out));
    return true;
  });
}

/* Opens an object, or reports a null as absent (ok stays true, present false). */
bool
open_object (value      &v,
             object     &obj,
             bool       &present,
             const char *where)
{
  json_type type;

  TRY (where, v.type ().get (type));
  present = type != json_type::null;
  if (present)
    TRY (where, v.get_object ().get (obj));
  return true;
}

bool
open_array (value      &v,
            array      &arr,
            bool       &present,
            const char *where)
{
  json_type type;

  TRY (where, v.type ().get (type));
  present = type != json_type::null;
  if (present)
    TRY (where, v.get_array ().get (arr));
  return true;
}

/* The walkers below hand each member (or item) to a callback and stop at the first
 * callback that returns false. They are templates so that the callbacks inline into
 * the loop, as the hand-written loops they replace did. */

template <typename OnMember>
bool
walk_members (object     &obj,
              const char *where,
              OnMember  &&on_member)
{
  for (auto result : obj)
    {
      field f;
      std::string_view key;

      TRY (where, std::move (result).get (f));
      TRY (where, f.unescaped_key ().get (key));
      if (!on_member (f, key))
        return false;
    }

  return true;
}

/* An object that must be there. */
template <typename OnMember>
bool
walk_object (value      &v,
             const char *where,
             OnMember  &&on_member)
{
  object obj;

  TRY (where, v.get_object ().get (obj));
  return walk_members (obj, where, on_member);
}

/* An object or null; null walks no members. */
template <typename OnMember>
bool
walk_optional_object (value      &v,
                      const char *where,
                      OnMember  &&on_member)
{
  object obj;
  bool present;

  if (!open_object (v, obj, present, where))
    return false;
  return !present || walk_members (obj, where, on_member);
}

/* An array or null; null walks no items. */
template <typename OnItem>
bool
walk_optional_array (value      &v,
                     const char *where,
                     OnItem    &&on_item)
{
  array arr;
  bool present;

  if (!open_array (v, arr, present, where))
    return false;
  if (!present)
    return true;

  for (auto result : arr)
    {
      value item;

      TRY (where, std::move (result).get (item));
      if (!on_item (item))
        return false;
    }

  return true;
}

/* A read of a key that may appear once: the duplicate check, then the read. */
template <typename T>
bool
read_value_once (field      &f,
                 SeenKeys   &seen,
                 int         bit,
                 T          &out,
                 const char *where)
{
  ONCE (seen, bit, where);
  return read_value (f.value (), out, where);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
gint64
days_from_civil (gint64 y,
                 guint  m,
                 guint  d)
{
  gint64 era;
  guint yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (guint) (y - era * 400);
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (gint64) doe - 719468;
}

bool
digits (const char *s,
        guint       n,
        guint      &out)
{
  out = 0;
  for (guint i = 0; i < n; i++)
    {
      if (s[i] < '0' || s[i] > '9')
        return false;
      out = out * 10 + (guint) (s[i] - '0');
    }
  return true;
}

/* RFC 3339 as the API server writes it ("2024-05-20T00:35:12Z") is parsed inline; other
 * spellings go through GDateTime. Unparsable timestamps count as absent (0). */
gint64
parse_timestamp (BnStrView v)
{
  guint year, month, day, hour, minute, second;
  g_autofree char *copy = nullptr;
  g_autoptr(GDateTime) dt = nullptr;

  if (v.data == nullptr || v.len == 0)
    return 0;

  if (v.len == 20 && v.data[4] == '-' && v.data[7] == '-' && v.data[10] == 'T'
      && v.data[13] == ':' && v.data[16] == ':' && v.data[19] == 'Z'
      && digits (v.data, 4, year) && digits (v.data + 5, 2, month)
      && digits (v.data + 8, 2, day) && digits (v.data + 11, 2, hour)
      && digits (v.data + 14, 2, minute) && digits (v.data + 17, 2, second)
      && month >= 1 && month <= 12 && day >= 1 && day <= 31
      && hour < 24 && minute < 60 && second < 61)
    return days_from_civil (year, month, day) * 86400 + hour * 3600 + minute * 60 + second;

  copy = g_strndup (v.data, v.len);
  dt = g_date_time_new_from_iso8601 (copy, nullptr);
  return dt != nullptr ? g_date_time_to_unix (dt) : 0;
}

/* ---- metadata ---------------------------------------------------------------------- */

bool
scan_labels (value   &v,
             Scratch &s)
{
  return walk_optional_object (v, "metadata.labels", [&] (field &f, std::string_view key) {
    BnStrView label_value;

    if (!read_value (f.value (), label_value, "metadata.labels"))
      return false;
    if (label_value.data == nullptr)
      label_value = BnStrView { "", 0 };
    s.labels.push_back (BnLabelView { view (key), label_value });
    return true;
  });
}

bool
scan_owner (value   &v,
            Scratch &s)
{
  BnOwnerView owner = {};
  SeenKeys seen;
  bool ok;

  ok = walk_object (v, "metadata.ownerReferences", [&] (field &f, std::string_view key) {
    if (key == "kind")
      return read_value_once (f, seen, 0, owner.kind, "metadata.ownerReferences.kind");
    if (key == "name")
      return read_value_once (f, seen, 1, owner.name, "metadata.ownerReferences.name");
    if (key == "uid")
      return read_value_once (f, seen, 2, owner.uid, "metadata.ownerReferences.uid");
    if (key == "controller")
      {
        bool controller;

        if (!read_value_once (f, seen, 3, controller, "metadata.ownerReferences.controller"))
          return false;
        owner.controller = controller;
      }
    return true;
  });
  if (!ok)
    return false;

  s.owners.push_back (owner);
  return true;
}

bool
scan_owners (value   &v,
             Scratch &s)
{
  return walk_optional_array (v, "metadata.ownerReferences", [&] (value &item) {
    return scan_owner (item, s);
  });
}

bool
scan_bookmark_annotations (value   &v,
                           Scratch &s)
{
  return walk_optional_object (v, "metadata.annotations", [&] (field &f, std::string_view key) {
    BnStrView annotation;

    if (key != "k8s.io/initial-events-end")
      return true;
    if (!read_value (f.value (), annotation, "metadata.annotations"))
      return false;
    s.initial_events_end = view_equals (annotation, "true");
    return true;
  });
}

/* Records the bytes to cut for `"managedFields": …` together with one neighbouring comma,
 * so that what is left is still one valid JSON object. */
bool
note_managed_fields (field      &f,
                     const char *key_start,
                     Scratch    &s)
{
  value &v = f.value ();
  json_type type;
  std::string_view raw;
  const char *start = key_start;
  const char *end;
  const char *p;

  TRY ("metadata.managedFields", v.type ().get (type));
  if (type == json_type::array)
    {
      array arr;

      TRY ("metadata.managedFields", v.get_array ().get (arr));
      TRY ("metadata.managedFields", arr.raw_json ().get (raw));
    }
  else if (type == json_type::object)
    {
      object obj;

      TRY ("metadata.managedFields", v.get_object ().get (obj));
      TRY ("metadata.managedFields", obj.raw_json ().get (raw));
    }
  else
    {
      raw = v.raw_json_token ();
    }

  /* raw ends where the next token (',' or '}') begins */
  end = raw.data () + raw.size ();

  p = start - 1;
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p--;
  if (*p == ',')
    start = p;
  else if (*end == ',')
    end++;

  s.cut_start = start;
  s.cut_end = end;
  return true;
}

enum MetadataKey
{
  META_NAME,
  META_NAMESPACE,
  META_UID,
  META_RESOURCE_VERSION,
  META_CREATION,
  META_DELETION,
  META_LABELS,
  META_OWNERS,
  META_MANAGED_FIELDS,
  META_ANNOTATIONS,
};

bool
scan_metadata_field (field           &f,
                     std::string_view key,
                     const char      *key_start,
                     Mode             mode,
                     SeenKeys        &seen,
                     Scratch         &s)
{
  BnSnapshotFields &fields = s.fields;

  if (key == "name")
    {
      ONCE (seen, META_NAME, "metadata.name");
      return read_value (f.value (), fields.name, "metadata.name");
    }
  if (key == "namespace")
    {
      ONCE (seen, META_NAMESPACE, "metadata.namespace");
      return read_value (f.value (), fields.namespace_, "metadata.namespace");
    }
  if (key == "uid")
    {
      ONCE (seen, META_UID, "metadata.uid");
      return read_value (f.value (), fields.uid, "metadata.uid");
    }
  if (key == "resourceVersion")
    {
      ONCE (seen, META_RESOURCE_VERSION, "metadata.resourceVersion");
      return read_value (f.value (), fields.resource_version, "metadata.resourceVersion");
    }
  if (key == "creationTimestamp")
    {
      BnStrView ts;

      ONCE (seen, META_CREATION, "metadata.creationTimestamp");
      if (!read_value (f.value (), ts, "metadata.creationTimestamp"))
        return false;
      fields.creation_time = parse_timestamp (ts);
      return true;
    }
  if (key == "deletionTimestamp")
    {
      BnStrView ts;

      ONCE (seen, META_DELETION, "metadata.deletionTimestamp");
      if (!read_value (f.value (), ts, "metadata.deletionTimestamp"))
        return false;
      fields.deleting = ts.data != nullptr;
      fields.deletion_time = parse_timestamp (ts);
      return true;
    }
  if (key == "labels")
    {
      ONCE (seen, META_LABELS, "metadata.labels");
      return scan_labels (f.value (), s);
    }
  if (key == "ownerReferences")
    {
      ONCE (seen, META_OWNERS, "metadata.ownerReferences");
      return scan_owners (f.value (), s);
    }
  if (key == "managedFields")
    {
      ONCE (seen, META_MANAGED_FIELDS, "metadata.managedFields");
      return mode == MODE_OBJECT ? note_managed_fields (f, key_start, s) : true;
    }
  if (key == "annotations" && mode == MODE_BOOKMARK)
    {
      ONCE (seen, META_ANNOTATIONS, "metadata.annotations");
      return scan_bookmark_annotations (f.value (), s);
    }

  return true;
}

bool
scan_metadata (value   &v,
               Mode     mode,
               Scratch &s)
{
  object obj;
  bool present;
  SeenKeys seen;

  if (!open_object (v, obj, present, "metadata"))
    return false;
  if (!present)
    return true;

  for (auto result : obj)
    {
      field f;
      std::string_view key;
      const char *key_start;

      TRY ("metadata", std::move (result).get (f));
      key_start = f.key ().raw () - 1;
      TRY ("metadata", f.unescaped_key ().get (key));
      if (!scan_metadata_field (f, key, key_start, mode, seen, s))
        return false;
    }

  return true;
}

/* ---- pods ------------------------------------------------------------------------------ */

bool
count_array (value      &v,
             guint      &count,
             const char *where)
{
  count = 0;
  return walk_optional_array (v, where, [&] (value &) {
    count++;
    return true;
  });
}

bool
scan_init_container_specs (value   &v,
                           Scratch &s)
{
  return walk_optional_array (v, "spec.initContainers", [&] (value &item) {
    BnStrView name = {};
    BnStrView restart_policy = {};
    SeenKeys seen;
    bool ok;

    ok = walk_object (item, "spec.initContainers", [&] (field &f, std::string_view key) {
      if (key == "name")
        return read_value_once (f, seen, 0, name, "spec.initContainers.name");
      if (key == "restartPolicy")
        return read_value_once (f, seen, 1, restart_policy, "spec.initContainers.restartPolicy");
      return true;
    });
    if (!ok)
      return false;

    s.init_names.push_back (name);
    s.init_restartable.push_back (view_equals (restart_policy, "Always"));
    return true;
  });
}

bool
scan_readiness_gates (value   &v,
                      Scratch &s)
{
  return walk_optional_array (v, "spec.readinessGates", [&] (value &item) {
    BnStrView type = {};
    bool ok;

    ok = walk_object (item, "spec.readinessGates", [&] (field &f, std::string_view key) {
      return key != "conditionType" || read_value (f.value (), type, "spec.readinessGates");
    });
    if (!ok)
      return false;

    s.gates.push_back (type);
    return true;
  });
}

bool
scan_pod_spec (value   &v,
               Scratch &s)
{
  SeenKeys seen;

  return walk_optional_object (v, "spec", [&] (field &f, std::string_view key) {
    if (key == "nodeName")
      return read_value_once (f, seen, 0, s.fields.node_name, "spec.nodeName");
    if (key == "containers")
      {
        ONCE (seen, 1, "spec.containers");
        return count_array (f.value (), s.n_containers, "spec.containers");
      }
    if (key == "initContainers")
      {
        ONCE (seen, 2, "spec.initContainers");
        return scan_init_container_specs (f.value (), s);
      }
    if (key == "readinessGates")
      {
        ONCE (seen, 3, "spec.readinessGates");
        return scan_readiness_gates (f.value (), s);
      }
    return true;
  });
}

bool
scan_container_state (value      &v,
                      Container  &c,
                      bool        last_state,
                      const char *where)
{
  return walk_optional_object (v, where, [&] (field &f, std::string_view key) {
    object detail;
    bool detail_present;
    BnContainerState state;

    if (key == "waiting")
      state = BN_CONTAINER_STATE_WAITING;
    else if (key == "running")
      state = BN_CONTAINER_STATE_RUNNING;
    else if (key == "terminated")
      state = BN_CONTAINER_STATE_TERMINATED;
    else
      return true;

    if (!open_object (f.value (), detail, detail_present, where))
      return false;
    if (!detail_present)
      return true;

    /* The API sets one member; should several come, the later one wins, as in a
     * decoder that fills a struct. */
    if (!last_state)
      {
        c.state = state;
        c.reason = BnStrView { nullptr, 0 };
        c.exit_code = c.signal = 0;
      }

    return walk_members (detail, where, [&] (field &df, std::string_view dkey) {
      if (last_state)
        {
          BnStrView ts;

          if (state != BN_CONTAINER_STATE_TERMINATED || dkey != "finishedAt")
            return true;
          if (!read_value (df.value (), ts, where))
            return false;
          c.last_terminated_at = parse_timestamp (ts);
          return true;
        }
      if (dkey == "reason" && state != BN_CONTAINER_STATE_RUNNING)
        return read_value (df.value (), c.reason, where);
      if (dkey == "exitCode" && state == BN_CONTAINER_STATE_TERMINATED)
        return read_value (df.value (), c.exit_code, where);
      if (dkey == "signal" && state == BN_CONTAINER_STATE_TERMINATED)
        return read_value (df.value (), c.signal, where);
      return true;
    });
  });
}

bool
scan_container_status (value                  &v,
                       std::vector<Container> &out,
                       const char             *where)
{
  Container c = {};
  SeenKeys seen;
  bool ok;

  ok = walk_object (v, where, [&] (field &f, std::string_view key) {
    if (key == "name")
      return read_value_once (f, seen, 0, c.name, where);
    if (key == "state")
      {
        ONCE (seen, 1, where);
        return scan_container_state (f.value (), c, false, where);
      }
    if (key == "lastState")
      {
        ONCE (seen, 2, where);
        return scan_container_state (f.value (), c, true, where);
      }
    if (key == "ready")
      return read_value_once (f, seen, 3, c.ready, where);
    if (key == "started")
      return read_value_once (f, seen, 4, c.started, where);
    if (key == "restartCount")
      return read_value_once (f, seen, 5, c.restart_count, where);
    return true;
  });
  if (!ok)
    return false;

  out.push_back (c);
  return true;
}

bool
scan_container_statuses (value                  &v,
                         std::vector<Container> &out,
                         const char             *where)
{
  return walk_optional_array (v, where, [&] (value &item) {
    return scan_container_status (item, out, where);
  });
}

bool
scan_conditions (value                  &v,
                 std::vector<Condition> &out,
                 const char             *where)
{
  return walk_optional_array (v, where, [&] (value &item) {
    Condition c = {};
    bool ok;

    ok = walk_object (item, where, [&] (field &f, std::string_view key) {
      if (key == "type")
        return read_value (f.value (), c.type, where);
      if (key == "status")
        return read_value (f.value (), c.status, where);
      if (key == "reason")
        return read_value (f.value (), c.reason, where);
      return true;
    });
    if (!ok)
      return false;

    out.push_back (c);
    return true;
  });
}

bool
scan_first_pod_ip (value   &v,
                   Scratch &s)
{
  return walk_optional_array (v, "status.podIPs", [&] (value &item) {
    return walk_object (item, "status.podIPs", [&] (field &f, std::string_view key) {
      return key != "ip" || s.fields.pod_ip.data != nullptr
             || read_value (f.value (), s.fields.pod_ip, "status.podIPs");
    });
  });
}

bool
scan_pod_status (value   &v,
                 Scratch &s)
{
  SeenKeys seen;

  return walk_optional_object (v, "status", [&] (field &f, std::string_view key) {
    if (key == "phase")
      return read_value_once (f, seen, 0, s.fields.phase, "status.phase");
    if (key == "reason")
      return read_value_once (f, seen, 1, s.reason, "status.reason");
    if (key == "podIP")
      return read_value_once (f, seen, 2, s.pod_ip_single, "status.podIP");
    if (key == "podIPs")
      {
        ONCE (seen, 3, "status.podIPs");
        return scan_first_pod_ip (f.value (), s);
      }
    if (key == "nominatedNodeName")
      return read_value_once (f, seen, 4, s.fields.nominated_node_name, "status.nominatedNodeName");
    if (key == "conditions")
      {
        ONCE (seen, 5, "status.conditions");
        return scan_conditions (f.value (), s.conditions, "status.conditions");
      }
    if (key == "initContainerStatuses")
      {
        ONCE (seen, 6, "status.initContainerStatuses");
        return scan_container_statuses (f.value (), s.init_statuses, "status.initContainerStatuses");
      }
    if (key == "containerStatuses")
      {
        ONCE (seen, 7, "status.containerStatuses");
        return scan_container_statuses (f.value (), s.statuses, "status.containerStatuses");
      }
    return true;
  });
}

const Condition *
find_condition (const Scratch &s,
                const char    *type)
{
  for (const Condition &c : s.conditions)
    if (view_equals (c.type, type))
      return &c;
  return nullptr;
}

const char *
chunk_string (BnStrView v)
{
  if (v.data == nullptr)
    return nullptr;
  return g_string_chunk_insert_len (scanner.strings, v.data, (gssize) v.len);
}

void
to_status_info (const std::vector<Container>      &in,
                std::vector<BnContainerStatusInfo> &out)
{
  out.clear ();
  for (const Container &c : in)
    {
      BnContainerStatusInfo info = {};

      info.name = chunk_string (c.name);
      info.state = c.state;
      info.reason = chunk_string (c.reason);
      info.exit_code = c.exit_code;
      info.signal = c.signal;
      info.ready = c.ready;
      info.started = c.started;
      info.restart_count = c.restart_count;
      info.last_terminated_at = c.last_terminated_at;
      out.push_back (info);
    }
}

/* Turns what the pod said into kubectl's columns; the reason is returned for the caller
 * to free once the snapshot has copied it. */
char *
finish_pod (Scratch &s)
{
  thread_local std::vector<BnContainerStatusInfo> init_infos, infos;
  thread_local std::vector<const char *> init_names;
  BnPodStatusInput input = {};
  BnPodStatus status = {};
  const Condition *c;
  guint gates_true = 0;

  if (scanner.strings == nullptr)
    scanner.strings = g_string_chunk_new (1024);
  g_string_chunk_clear (scanner.strings);

  to_status_info (s.init_statuses, init_infos);
  to_status_info (s.statuses, infos);
  init_names.clear ();
  for (const BnStrView &name : s.init_names)
    init_names.push_back (chunk_string (name));

  input.phase = chunk_string (s.fields.phase);
  input.reason = chunk_string (s.reason);
  input.deleting = s.fields.deleting;
  input.n_containers = s.n_containers;
  input.n_init_containers = (guint) s.init_names.size ();
  input.init_container_names = init_names.data ();
  input.init_container_restartable = s.init_restartable.data ();
  input.init_statuses = init_infos.data ();
  input.n_init_statuses = (guint) init_infos.size ();
  input.statuses = infos.data ();
  input.n_statuses = (guint) infos.size ();
  c = find_condition (s, "Initialized");
  input.initialized = c != nullptr && view_equals (c->status, "True");
  c = find_condition (s, "Ready");
  input.ready_condition = c != nullptr && view_equals (c->status, "True");
  for (const Condition &cond : s.conditions)
    if (view_equals (cond.type, "PodScheduled") && view_equals (cond.reason, "SchedulingGated"))
      input.scheduling_gated = TRUE;

  bn_pod_status_compute (&input, &status);

  for (const BnStrView &gate : s.gates)
    {
      for (const Condition &cond : s.conditions)
        {
          if (cond.type.len == gate.len && gate.data != nullptr && cond.type.data != nullptr
              && memcmp (cond.type.data, gate.data, gate.len) == 0)
            {
              gates_true += view_equals (cond.status, "True");
              break;
            }
        }
    }

  if (s.fields.pod_ip.data == nullptr)
    s.fields.pod_ip = s.pod_ip_single;
  s.fields.ready_containers = status.ready_containers;
  s.fields.total_containers = status.total_containers;
  s.fields.restarts = status.restarts;
  s.fields.last_restart_time = status.last_restart_time;
  s.fields.readiness_gates = (guint) s.gates.size ();
  s.fields.readiness_gates_true = gates_true;
  s.fields.status = BnStrView { status.reason, strlen (status.reason) };

  return status.reason;
}

/* ---- nodes ----------------------------------------------------------------------------- */

bool
scan_node_spec (value   &v,
                Scratch &s)
{
  return walk_optional_object (v, "spec", [&] (field &f, std::string_view key) {
    bool unschedulable;

    if (key != "unschedulable")
      return true;
    if (!read_value (f.value (), unschedulable, "spec.unschedulable"))
      return false;
    s.fields.unschedulable = unschedulable;
    return true;
  });
}

bool
scan_addresses (value   &v,
                Scratch &s)
{
  return walk_optional_array (v, "status.addresses", [&] (value &item) {
    Address a = {};
    bool ok;

    ok = walk_object (item, "status.addresses", [&] (field &f, std::string_view key) {
      if (key == "type")
        return read_value (f.value (), a.type, "status.addresses");
      if (key == "address")
        return read_value (f.value (), a.address, "status.addresses");
      return true;
    });
    if (!ok)
      return false;

    s.addresses.push_back (a);
    return true;
  });
}

bool
scan_node_info (value   &v,
                Scratch &s)
{
  return walk_optional_object (v, "status.nodeInfo", [&] (field &f, std::string_view key) {
    return key != "kubeletVersion"
           || read_value (f.value (), s.fields.version, "status.nodeInfo.kubeletVersion");
  });
}

bool
scan_node_status (value   &v,
                  Scratch &s)
{
  SeenKeys seen;

  return walk_optional_object (v, "status", [&] (field &f, std::string_view key) {
    if (key == "conditions")
      {
        ONCE (seen, 0, "status.conditions");
        return scan_conditions (f.value (), s.conditions, "status.conditions");
      }
    if (key == "addresses")
      {
        ONCE (seen, 1, "status.addresses");
        return scan_addresses (f.value (), s);
      }
    if (key == "nodeInfo")
      {
        ONCE (seen, 2, "status.nodeInfo");
        return scan_node_info (f.value (), s);
      }
    return true;
  });
}

/* kubectl's findNodeRoles(): node-role.kubernetes.io/<role> keys and the value of
 * kubernetes.io/role, sorted, without repeats. Labels are already sorted by key. */
void
node_roles (Scratch &s)
{
  static const char prefix[] = "node-role.kubernetes.io/";
  std::vector<std::string> roles;

  for (const BnLabelView &label : s.labels)
    {
      if (label.key.len > sizeof prefix - 1
          && memcmp (label.key.data, prefix, sizeof prefix - 1) == 0)
        roles.emplace_back (label.key.data + sizeof prefix - 1, label.key.len - (sizeof prefix - 1));
      else if (view_equals (label.key, "kubernetes.io/role") && label.value.len > 0)
        roles.emplace_back (label.value.data, label.value.len);
    }

  std::sort (roles.begin (), roles.end ());
  roles.erase (std::unique (roles.begin (), roles.end ()), roles.end ());

  s.roles.clear ();
  for (const std::string &role : roles)
    {
      if (!s.roles.empty ())
        s.roles += ',';
      s.roles += role;
    }
}

void
finish_node (Scratch &s)
{
  const Condition *ready = find_condition (s, "Ready");

  if (ready == nullptr)
    s.fields.node_ready = BN_NODE_READY_UNKNOWN;
  else if (view_equals (ready->status, "True"))
    s.fields.node_ready = BN_NODE_READY_TRUE;
  else if (view_equals (ready->status, "False"))
    s.fields.node_ready = BN_NODE_READY_FALSE;
  else
    s.fields.node_ready = BN_NODE_READY_UNKNOWN;

  /* printNode(): any Ready condition that is not True reads NotReady */
  if (ready == nullptr)
    s.fields.status = BnStrView { s.fields.unschedulable ? "Unknown,SchedulingDisabled" : "Unknown", 0 };
  else if (s.fields.node_ready == BN_NODE_READY_TRUE)
    s.fields.status = BnStrView { s.fields.unschedulable ? "Ready,SchedulingDisabled" : "Ready", 0 };
  else
    s.fields.status = BnStrView { s.fields.unschedulable ? "NotReady,SchedulingDisabled" : "NotReady", 0 };
  s.fields.status.len = strlen (s.fields.status.data);

  for (const Address &a : s.addresses)
    {
      if (view_equals (a.type, "InternalIP"))
        {
          s.fields.internal_ip = a.address;
          break;
        }
    }

  std::sort (s.labels.begin (), s.labels.end (), [] (const BnLabelView &a, const BnLabelView &b) {
    int cmp = memcmp (a.key.data, b.key.data, MIN (a.key.len, b.key.len));
    return cmp != 0 ? cmp < 0 : a.key.len < b.key.len;
  });
  node_roles (s);
  if (!s.roles.empty ())
    s.fields.roles = BnStrView { s.roles.data (), s.roles.size () };
}

/* ---- deployments ----------------------------------------------------------------------- */

bool
scan_deployment_part (value      &v,
                      Scratch    &s,
                      bool        is_spec)
{
  return walk_optional_object (v, is_spec ? "spec" : "status", [&] (field &f, std::string_view key) {
    if (is_spec && key == "replicas")
      {
        if (!read_value (f.value (), s.fields.replicas, "spec.replicas"))
          return false;
        s.has_replicas = true;
        return true;
      }
    if (is_spec)
      return true;
    if (key == "readyReplicas")
      return read_value (f.value (), s.fields.ready_replicas, "status.readyReplicas");
    if (key == "updatedReplicas")
      return read_value (f.value (), s.fields.updated_replicas, "status.updatedReplicas");
    if (key == "availableReplicas")
      return read_value (f.value (), s.fields.available_replicas, "status.availableReplicas");
    return true;
  });
}

/* ---- objects --------------------------------------------------------------------------- */

bool
scan_kind_part (value           &v,
                std::string_view key,
                Scratch         &s,
                SeenKeys        &seen)
{
  bool is_spec = key == "spec";

  ONCE (seen, is_spec ? 2 : 3, is_spec ? "spec" : "status");

  switch (s.fields.kind)
    {
    case BN_OBJECT_KIND_POD:
      return is_spec ? scan_pod_spec (v, s) : scan_pod_status (v, s);
    case BN_OBJECT_KIND_NODE:
      return is_spec ? scan_node_spec (v, s) : scan_node_status (v, s);
    case BN_OBJECT_KIND_DEPLOYMENT:
      return scan_deployment_part (v, s, is_spec);
    case BN_OBJECT_KIND_GENERIC:
    default:
      return true;
    }
}

bool
scan_status_field (field           &f,
                   std::string_view key,
                   Scratch         &s,
                   SeenKeys        &seen)
{
  if (key == "code")
    return read_value_once (f, seen, 10, s.status_code, "code");
  if (key == "reason")
    return read_value_once (f, seen, 11, s.status_reason, "reason");
  if (key == "message")
    return read_value_once (f, seen, 12, s.status_message, "message");
  return true;
}

/* Called right after an object's closing brace was consumed: the iterator then points at
 * the next token (or past the end of the document), so the object ends at the last '}'
 * before it. This spares a second walk over the object's tokens. */
const char *
object_end (const char *start)
{
  const char *location;
  const char *end;

  if (scanner.doc->current_location ().get (location) == simdjson::SUCCESS)
    end = location;
  else
    end = scanner.doc_end;

  while (end > start && end[-1] != '}')
    end--;
  return end;
}

/* Walks one object; in MODE_OBJECT also takes its raw bytes, so the snapshot can keep
 * them with managedFields cut out. */
bool
scan_object (value       &v,
             Mode         mode,
             BnObjectKind kind,
             const char **raw_start,
             const char **raw_end)
{
  Scratch &s = scanner.scratch;
  object obj;
  SeenKeys seen;
  bool ok;

  s.reset (kind);
  if (mode == MODE_OBJECT)
    *raw_start = v.raw_json_token ().data ();
  TRY ("object", v.get_object ().get (obj));

  ok = walk_members (obj, "object", [&] (field &f, std::string_view key) {
    if (key == "metadata")
      {
        ONCE (seen, 0, "metadata");
        return scan_metadata (f.value (), mode, s);
      }
    if (key == "kind")
      return read_value_once (f, seen, 1, s.kind, "kind");
    if (key == "apiVersion")
      return read_value_once (f, seen, 4, s.api_version, "apiVersion");
    if (mode == MODE_OBJECT && (key == "spec" || key == "status"))
      return scan_kind_part (f.value (), key, s, seen);
    if (mode == MODE_STATUS)
      return scan_status_field (f, key, s, seen);
    return true;
  });
  if (!ok)
    return false;

  if (mode == MODE_OBJECT)
    *raw_end = object_end (*raw_start);

  return true;
}

BnObjectSnapshot *
build_snapshot (const char *raw_start,
                const char *raw_end)
{
  Scratch &s = scanner.scratch;
  BnSnapshotFields &fields = s.fields;
  g_autofree char *pod_reason = nullptr;
  BnObjectSnapshot *snapshot;

  switch (fields.kind)
    {
    case BN_OBJECT_KIND_POD:
      pod_reason = finish_pod (s);
      break;
    case BN_OBJECT_KIND_NODE:
      finish_node (s);
      break;
    case BN_OBJECT_KIND_DEPLOYMENT:
      if (!s.has_replicas)
        fields.replicas = 1;
      break;
    case BN_OBJECT_KIND_GENERIC:
    default:
      break;
    }

  fields.labels = s.labels.data ();
  fields.n_labels = (guint) s.labels.size ();
  fields.owners = s.owners.data ();
  fields.n_owners = (guint) s.owners.size ();

  if (s.cut_start != nullptr)
    {
      fields.json[0] = BnStrView { raw_start, (gsize) (s.cut_start - raw_start) };
      fields.json[1] = BnStrView { s.cut_end, (gsize) (raw_end - s.cut_end) };
    }
  else
    {
      fields.json[0] = BnStrView { raw_start, (gsize) (raw_end - raw_start) };
    }

  snapshot = _bn_object_snapshot_new (&fields);
  if (snapshot == nullptr)
    fail_message ("metadata.labels", "duplicate key");
  return snapshot;
}

BnObjectSnapshot *
scan_snapshot (value       &v,
               BnObjectKind kind)
{
  const char *raw_start = nullptr;
  const char *raw_end = nullptr;

  if (!scan_object (v, MODE_OBJECT, kind, &raw_start, &raw_end))
    return nullptr;
  return build_snapshot (raw_start, raw_end);
}

char *
dup_view (BnStrView v)
{
  return v.data != nullptr ? g_strndup (v.data, v.len) : nullptr;
}

/* ---- documents ------------------------------------------------------------------------- */

void
set_error (GError    **error,
           const char *what)
{
  std::string detail = scanner.error_detail;

  /* simdjson's messages end with a full stop; ours do not */
  if (!detail.empty () && detail.back () == '.')
    detail.pop_back ();
  g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_RESPONSE,
               "The server sent an invalid %s (at “%s”): %s",
               what, scanner.error_where.c_str (), detail.c_str ());
}

/* Starts a document; copies it first when the caller's buffer has no room for padding. */
bool
begin (const char *data,
       gsize       length,
       gsize       allocated,
       document   &doc)
{
  if (data == nullptr && length > 0)
    return fail_message ("document", "no data");

  if (allocated < length + BN_JSON_SCAN_PADDING || data == nullptr)
    {
      scanner.copy.resize (length + BN_JSON_SCAN_PADDING);
      if (length > 0)
        memcpy (scanner.copy.data (), data, length);
      memset (scanner.copy.data () + length, 0, BN_JSON_SCAN_PADDING);
      data = scanner.copy.data ();
      allocated = length + BN_JSON_SCAN_PADDING;
    }

  TRY ("document", scanner.parser.iterate (data, length, allocated).get (doc));
  scanner.doc = &doc;
  scanner.doc_end = data + length;
  return true;
}

/* A huge page leaves the parser (and the copy buffer) sized for it; give that back. */
void
end (void)
{
  if (scanner.parser.capacity () > kKeepParserCapacity)
    scanner.parser = simdjson::ondemand::parser ();
  if (scanner.copy.capacity () > kKeepParserCapacity)
    std::vector<char> ().swap (scanner.copy);
}

/* Once the root object has been walked, nothing may follow it. */
bool
at_end (document &doc)
{
  const char *location;

  if (doc.current_location ().get (location) != simdjson::OUT_OF_BOUNDS)
    return fail_message ("document", "trailing content");
  return true;
}

bool
scan_list_metadata (value      &v,
                    BnListPage *page)
{
  SeenKeys seen;

  return walk_optional_object (v, "metadata", [&] (field &f, std::string_view key) {
    BnStrView sv;

    if (key == "resourceVersion")
      {
        if (!read_value_once (f, seen, 0, sv, "metadata.resourceVersion"))
          return false;
        page->resource_version = dup_view (sv);
      }
    else if (key == "continue")
      {
        if (!read_value_once (f, seen, 1, sv, "metadata.continue"))
          return false;
        page->continue_token = dup_view (sv);
      }
    else if (key == "remainingItemCount")
      {
        gint64 n;

        ONCE (seen, 2, "metadata.remainingItemCount");
        if (!read_value (f.value (), n, "metadata.remainingItemCount"))
          return false;
        page->remaining_item_count = n;
      }
    return true;
  });
}

bool
scan_items (value       &v,
            BnObjectKind kind,
            BnListPage  *page)
{
  return walk_optional_array (v, "items", [&] (value &item) {
    BnObjectSnapshot *snapshot = scan_snapshot (item, kind);

    if (snapshot == nullptr)
      return false;
    g_ptr_array_add (page->items, snapshot);
    return true;
  });
}

struct TopLevelStatus
{
  BnStrView kind;
  guint     code = 0;
  BnStrView reason = {};
  BnStrView message = {};
};

bool
scan_list_document (document    &doc,
                    BnObjectKind kind,
                    BnListPage  *page,
                    TopLevelStatus &status)
{
  object obj;
  SeenKeys seen;
  bool ok;

  TRY ("document", doc.get_object ().get (obj));
  ok = walk_members (obj, "document", [&] (field &f, std::string_view key) {
    if (key == "kind")
      return read_value_once (f, seen, 0, status.kind, "kind");
    if (key == "metadata")
      {
        ONCE (seen, 1, "metadata");
        return scan_list_metadata (f.value (), page);
      }
    if (key == "items")
      {
        ONCE (seen, 2, "items");
        return scan_items (f.value (), kind, page);
      }
    if (key == "code")
      return read_value_once (f, seen, 3, status.code, "code");
    if (key == "reason")
      return read_value_once (f, seen, 4, status.reason, "reason");
    if (key == "message")
      return read_value_once (f, seen, 5, status.message, "message");
    return true;
  });

  return ok && at_end (doc);
}

bool
parse_event_type (BnStrView         type,
                  BnWatchEventType &out)
{
  static const struct { const char *name; BnWatchEventType type; } types[] = {
    { "ADDED", BN_WATCH_EVENT_ADDED },
    { "MODIFIED", BN_WATCH_EVENT_MODIFIED },
    { "DELETED", BN_WATCH_EVENT_DELETED },
    { "BOOKMARK", BN_WATCH_EVENT_BOOKMARK },
    { "ERROR", BN_WATCH_EVENT_ERROR },
  };

  for (const auto &t : types)
    {
      if (view_equals (type, t.name))
        {
          out = t.type;
          return true;
        }
    }

  return fail_message ("type", "unknown event type");
}

bool
scan_event_object (value        &v,
                   BnObjectKind  kind,
                   BnWatchEvent *event)
{
  Scratch &s = scanner.scratch;
  const char *raw_start = nullptr;
  const char *raw_end = nullptr;

  switch (event->type)
    {
    case BN_WATCH_EVENT_BOOKMARK:
      if (!scan_object (v, MODE_BOOKMARK, kind, &raw_start, &raw_end))
        return false;
      event->resource_version = dup_view (s.fields.resource_version);
      event->initial_events_end = s.initial_events_end;
      return true;

    case BN_WATCH_EVENT_ERROR:
      if (!scan_object (v, MODE_STATUS, kind, &raw_start, &raw_end))
        return false;
      event->status.code = s.status_code;
      event->status.reason = dup_view (s.status_reason);
      event->status.message = dup_view (s.status_message);
      return true;

    case BN_WATCH_EVENT_ADDED:
    case BN_WATCH_EVENT_MODIFIED:
    case BN_WATCH_EVENT_DELETED:
    default:
      event->object = scan_snapshot (v, kind);
      if (event->object == nullptr)
        return false;
      event->resource_version = g_strdup (bn_object_snapshot_get_resource_version (event->object));
      return true;
    }
}

/* The API server writes "type" before "object"; should an event come the other way round,
 * the document is rewound and walked again once the type is known. */
bool
scan_event_document (document     &doc,
                     BnObjectKind  kind,
                     BnWatchEvent *event)
{
  bool have_type = false;
  bool have_object = false;
  bool object_deferred = false;

  for (int pass = 0; pass < 2; pass++)
    {
      object obj;
      SeenKeys seen;

      if (pass == 1)
        {
          if (!object_deferred)
            break;
          doc.rewind ();
        }

      TRY ("document", doc.get_object ().get (obj));
      for (auto result : obj)
        {
          field f;
          std::string_view key;

          TRY ("document", std::move (result).get (f));
          TRY ("document", f.unescaped_key ().get (key));
          if (key == "type" && pass == 0)
            {
              BnStrView type;

              ONCE (seen, 0, "type");
              if (!read_value (f.value (), type, "type") || !parse_event_type (type, event->type))
                return false;
              have_type = true;
            }
          else if (key == "object")
            {
              ONCE (seen, 1, "object");
              if (!have_type)
                {
                  object_deferred = true;
                  continue;
                }
              if (!scan_event_object (f.value (), kind, event))
                return false;
              have_object = true;
            }
        }

      if (pass == 0 && !at_end (doc))
        return false;
    }

  if (!have_type)
    return fail_message ("type", "missing");
  if (!have_object)
    return fail_message ("object", "missing");
  return true;
}

} /* namespace */

/**
 * bn_json_scan_list_page:
 * @data: the response body of a list request
 * @length: its length
 * @allocated: how many bytes from @data may be read; with less than
 *   `length + BN_JSON_SCAN_PADDING` the body is copied first
 * @kind: which summary the items get
 * @page: (out) (transfer full): the page
 * @error: return location for a #GError
 *
 * Scans one page of a list. A `Status` body becomes an error of the matching
 * %BN_KUBE_ERROR code; anything else that is not a list page becomes
 * %BN_KUBE_ERROR_INVALID_RESPONSE.
 *
 * Returns: %TRUE on success
 */
gboolean
bn_json_scan_list_page (const char   *data,
                        gsize         length,
                        gsize         allocated,
                        BnObjectKind  kind,
                        BnListPage  **page,
                        GError      **error)
{
  BnListPage *result;
  document doc;
  TopLevelStatus status;
  bool ok;

  g_return_val_if_fail (page != nullptr, FALSE);
  g_return_val_if_fail (error == nullptr || *error == nullptr, FALSE);

  result = g_new0 (BnListPage, 1);
  result->remaining_item_count = -1;
  result->items = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_object_snapshot_unref);

  ok = begin (data, length, allocated, doc) && scan_list_document (doc, kind, result, status);
  end ();

  if (!ok)
    {
      set_error (error, "list");
      bn_list_page_free (result);
      return FALSE;
    }

  if (view_equals (status.kind, "Status"))
    {
      BnKubeStatus kube_status = { status.code, dup_view (status.reason), dup_view (status.message) };

      g_propagate_error (error, bn_kube_status_to_error (&kube_status));
      bn_kube_status_clear (&kube_status);
      bn_list_page_free (result);
      return FALSE;
    }

  *page = result;
  return TRUE;
}

/**
 * bn_json_scan_watch_event:
 * @data: one line of a watch response, without its newline
 * @length: its length
 * @allocated: how many bytes from @data may be read (see bn_json_scan_list_page())
 * @kind: which summary the object gets
 * @error: return location for a #GError
 *
 * Scans one watch event. An `ERROR` event is a successful scan: its Status is in the
 * event's @status.
 *
 * Returns: (transfer full) (nullable): the event, or %NULL with @error set
 */
BnWatchEvent *
bn_json_scan_watch_event (const char   *data,
                          gsize         length,
                          gsize         allocated,
                          BnObjectKind  kind,
                          GError      **error)
{
  BnWatchEvent *event;
  document doc;
  bool ok;

  g_return_val_if_fail (error == nullptr || *error == nullptr, nullptr);

  event = g_new0 (BnWatchEvent, 1);
  ok = begin (data, length, allocated, doc) && scan_event_document (doc, kind, event);
  end ();

  if (!ok)
    {
      set_error (error, "watch event");
      bn_watch_event_free (event);
      return nullptr;
    }

  return event;
}

/**
 * bn_json_scan_object:
 * @data: one object, e.g. the body of a GET
 * @length: its length
 * @allocated: how many bytes from @data may be read (see bn_json_scan_list_page())
 * @kind: which summary the snapshot gets
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a snapshot of the object
 */
BnObjectSnapshot *
bn_json_scan_object (const char   *data,
                     gsize         length,
                     gsize         allocated,
                     BnObjectKind  kind,
                     GError      **error)
{
  BnObjectSnapshot *snapshot = nullptr;
  document doc;
  value v;

  g_return_val_if_fail (error == nullptr || *error == nullptr, nullptr);

  if (begin (data, length, allocated, doc))
    {
      if (doc.get_value ().get (v) != simdjson::SUCCESS)
        fail_message ("document", "not an object");
      else
        snapshot = scan_snapshot (v, kind);

      if (snapshot != nullptr && !at_end (doc))
        g_clear_pointer (&snapshot, bn_object_snapshot_unref);
    }
  end ();

  if (snapshot == nullptr)
    set_error (error, "object");
  return snapshot;
}

/**
 * bn_json_scan_status:
 * @data: a `Status` object
 * @length: its length
 * @allocated: how many bytes from @data may be read (see bn_json_scan_list_page())
 * @status: (out caller-allocates): the status; clear it with bn_kube_status_clear()
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @data was a JSON object (its fields may still be absent)
 */
gboolean
bn_json_scan_status (const char    *data,
                     gsize          length,
                     gsize          allocated,
                     BnKubeStatus  *status,
                     GError       **error)
{
  Scratch &s = scanner.scratch;
  document doc;
  value v;
  bool ok = false;

  g_return_val_if_fail (status != nullptr, FALSE);
  g_return_val_if_fail (error == nullptr || *error == nullptr, FALSE);

  memset (status, 0, sizeof *status);
  if (begin (data, length, allocated, doc))
    {
      if (doc.get_value ().get (v) != simdjson::SUCCESS)
        fail_message ("document", "not an object");
      else
        ok = scan_object (v, MODE_STATUS, BN_OBJECT_KIND_GENERIC, nullptr, nullptr) && at_end (doc);
    }

  if (ok)
    {
      status->code = s.status_code;
      status->reason = dup_view (s.status_reason);
      status->message = dup_view (s.status_message);
    }
  end ();

  if (!ok)
    set_error (error, "status");
  return ok;
}

/**
 * bn_kube_status_clear:
 * @status: a #BnKubeStatus
 *
 * Frees the strings of @status.
 */
void
bn_kube_status_clear (BnKubeStatus *status)
{
  g_return_if_fail (status != nullptr);

  g_clear_pointer (&status->reason, g_free);
  g_clear_pointer (&status->message, g_free);
  status->code = 0;
}

/**
 * bn_kube_status_to_error:
 * @status: a #BnKubeStatus
 *
 * Returns: (transfer full): a %BN_KUBE_ERROR error for @status, coded from its HTTP code
 *   (or its reason Expired), carrying its message (or its reason when it has no message),
 *   its code and its reason (bn_kube_error_get_status_reason())
 */
GError *
bn_kube_status_to_error (const BnKubeStatus *status)
{
  BnKubeError code;
  const char *message;

  g_return_val_if_fail (status != nullptr, nullptr);

  code = bn_kube_error_from_http_status (status->code);
  if (g_strcmp0 (status->reason, "Expired") == 0 || g_strcmp0 (status->reason, "Gone") == 0)
    code = BN_KUBE_ERROR_GONE;
  message = status->message != nullptr && *status->message != '\0' ? status->message
            : status->reason != nullptr ? status->reason : "The server reported an error";
  return bn_kube_error_new_from_status (code, status->code, status->reason, message);
}

/**
 * bn_list_page_free:
 * @page: (transfer full): a #BnListPage
 *
 * Frees @page and drops its snapshots.
 */
void
bn_list_page_free (BnListPage *page)
{
  if (page == nullptr)
    return;

  g_free (page->resource_version);
  g_free (page->continue_token);
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page);
}

/**
 * bn_watch_event_free:
 * @event: (transfer full): a #BnWatchEvent
 *
 * Frees @event and drops its snapshot.
 */
void
bn_watch_event_free (BnWatchEvent *event)
{
  if (event == nullptr)
    return;

  g_clear_pointer (&event->object, bn_object_snapshot_unref);
  g_free (event->resource_version);
  bn_kube_status_clear (&event->status);
  g_free (event);
}

/**
 * bn_watch_event_type_to_string:
 * @type: a #BnWatchEventType
 *
 * Returns: the type as it appears on the wire
 */
const char *
bn_watch_event_type_to_string (BnWatchEventType type)
{
  switch (type)
    {
    case BN_WATCH_EVENT_ADDED:
      return "ADDED";
    case BN_WATCH_EVENT_MODIFIED:
      return "MODIFIED";
    case BN_WATCH_EVENT_DELETED:
      return "DELETED";
    case BN_WATCH_EVENT_BOOKMARK:
      return "BOOKMARK";
    case BN_WATCH_EVENT_ERROR:
      return "ERROR";
    default:
      return "UNKNOWN";
    }
}

/* Kernels ***************************************************************************************/

/**
 * bn_json_scan_implementation_name:
 *
 * Which simdjson kernel the scanner runs on: the best this CPU supports, picked at run time
 * (`icelake`, `haswell`, `westmere` on x86_64, `arm64`, `ppc64`, else `fallback`).
 * The kernel does the vectorised work: finding every structural character and validating
 * UTF-8 before a document is walked, and unescaping strings while it is. The walk itself is
 * scalar code, compiled once for any CPU of the architecture. The `SIMDJSON_FORCE_IMPLEMENTATION`
 * environment variable overrides the choice, as simdjson documents.
 *
 * Returns: the kernel's name
 */
const char *
bn_json_scan_implementation_name (void)
{
  /* names live as long as the process: the implementations are static objects */
  return simdjson::get_active_implementation ()->name ().c_str ();
}

/**
 * bn_json_scan_list_implementations:
 *
 * The simdjson kernels this CPU can run, in simdjson's order of preference (best first),
 * for tests and benchmarks that compare them.
 *
 * Returns: (transfer full): a %NULL-terminated array of names
 */
char **
bn_json_scan_list_implementations (void)
{
  GPtrArray *names = g_ptr_array_new ();

  for (const simdjson::implementation *impl : simdjson::get_available_implementations ())
    if (impl->supported_by_runtime_system ())
      g_ptr_array_add (names, g_strdup (impl->name ().c_str ()));
  g_ptr_array_add (names, nullptr);
  return (char **) g_ptr_array_free (names, FALSE);
}

/**
 * bn_json_scan_use_implementation:
 * @name: a name from bn_json_scan_list_implementations()
 *
 * Makes the scanner use another kernel from now on: in the calling thread at once, in other
 * threads when they next start their parser. For tests and benchmarks; the application
 * keeps the one picked at run time.
 *
 * Returns: %TRUE if the kernel exists and this CPU can run it
 */
gboolean
bn_json_scan_use_implementation (const char *name)
{
  const simdjson::implementation *impl;

  g_return_val_if_fail (name != nullptr, FALSE);

  impl = simdjson::get_available_implementations ()[name];
  if (impl == nullptr || !impl->supported_by_runtime_system ())
    return FALSE;

  simdjson::get_active_implementation () = impl;
  /* a parser keeps the kernel it was made with */
  scanner.parser = simdjson::ondemand::parser ();
  return TRUE;
}
