/* bn-yaml-document.c: the first document of a YAML (or JSON) file, read as kubectl reads it
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kubectl reads a kubeconfig in two steps: go-yaml v2 turns the YAML into generic values
 * (applying YAML 1.1 typing, anchors, aliases and merge keys), that is converted to JSON, and
 * the JSON is decoded into typed structs. This file is the first step, built on libyaml's
 * event API: it keeps the document as a tree of nodes (aliases point at their anchor, they are
 * never copied), types every scalar the way go-yaml v2 does, and walks the tree once the way
 * go-yaml's decoder would, so that alias bombs, self-referencing anchors and bad merge keys are
 * refused with the same decision kubectl makes. The typed step lives in bn-kubeconfig.c.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "bn-kube-error.h"
#include "bn-yaml-document.h"

/* How deep an alias-expanded walk may go: every recursive reader of the tree relies on it. */
#define MAX_EXPANDED_DEPTH (BN_YAML_MAX_DEPTH + 100)

#define YAML_TAG_PREFIX "tag:yaml.org,2002:"

struct _BnYamlNode
{
  guint8       kind;          /* BnYamlNodeKind */
  guint8       value_type;    /* BnYamlValueType, scalars only */
  guint8       bool_value : 1;
  guint8       non_finite : 1;
  guint8       expanding : 1;  /* being walked through an alias, to find cycles */
  guint8       flow : 1;       /* a flow collection ([...] or {...}) */
  guint        line;
  char        *value;         /* scalar text, or the anchor an alias names */
  gsize        length;
  char        *anchor;        /* the anchor this node defines, if any */
  GPtrArray   *children;      /* sequence items, or mapping keys and values interleaved */
  BnYamlNode  *target;        /* what an alias points at */
  char        *problem;       /* why go-yaml's decoder would refuse this scalar, if it would */
};

struct _BnYamlDocument
{
  GPtrArray  *nodes;          /* owns every node */
  BnYamlNode *root;           /* NULL for an empty document */
};

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (yaml_parser_t, yaml_parser_delete)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (yaml_event_t, yaml_event_delete)

static void
bn_yaml_node_free (BnYamlNode *node)
{
  g_free (node->value);
  g_free (node->anchor);
  g_free (node->problem);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node);
}

void
bn_yaml_document_free (BnYamlDocument *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->nodes);
  g_free (self);
}

static gboolean
set_error_at (GError     **error,
              guint        line,
              const char  *format,
              ...) G_GNUC_PRINTF (3, 4);

static gboolean
set_error_at (GError     **error,
              guint        line,
              const char  *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (line > 0)
    g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG, "line %u: %s", line, message);
  else
    g_set_error_literal (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_CONFIG, message);

  return FALSE;
}

/* --- YAML 1.1 scalar typing, as go-yaml v2's resolve.go does it --------------------------- */

static char *
describe_tag (const char *tag)
{
  if (tag != NULL && g_str_has_prefix (tag, YAML_TAG_PREFIX))
    return g_strconcat ("!!", tag + strlen (YAML_TAG_PREFIX), NULL);
  return g_strdup (tag != NULL ? tag : "");
}

static gboolean
tag_is (const char *tag,
        const char *name)
{
  return tag != NULL
         && g_str_has_prefix (tag, YAML_TAG_PREFIX)
         && strcmp (tag + strlen (YAML_TAG_PREFIX), name) == 0;
}

static gboolean
tag_is_resolvable (const char *tag)
{
  return tag == NULL
         || tag_is (tag, "str") || tag_is (tag, "bool") || tag_is (tag, "int")
         || tag_is (tag, "float") || tag_is (tag, "timestamp") || tag_is (tag, "null");
}

static gboolean
skip_digits (const char **p,
             guint        min,
             guint        max)
{
  guint n = 0;

  while (g_ascii_isdigit (**p) && n < max)
    (*p)++, n++;
  return n >= min;
}

/* go-yaml v2's timestamp layouts: 2006-1-2, with "T15:4:5.999999999Z07:00" (T or t) or
 * " 15:4:5.999999999" after it. Plain timestamps are strings to kubectl anyway; this only
 * decides whether an explicit !!timestamp tag is accepted. */
static gboolean looks_like_timestamp_layout (const char *text);

static gboolean
has_valid_date_and_time (const char *text)
{
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int fields = sscanf (text, "%d-%d-%d%*c%d:%d:%d", &year, &month, &day, &hour, &minute, &second);

  return fields >= 3
         && g_date_valid_dmy (day, month, year)
         && hour < 24 && minute < 60 && second < 60;
}

static gboolean
looks_like_timestamp (const char *text)
{
  return looks_like_timestamp_layout (text) && has_valid_date_and_time (text);
}

static gboolean
looks_like_timestamp_layout (const char *text)
{
  const char *p = text;
  char separator;

  if (!skip_digits (&p, 4, 4) || *p++ != '-' || !skip_digits (&p, 1, 2) || *p++ != '-'
      || !skip_digits (&p, 1, 2))
    return FALSE;
  if (*p == '\0')
    return TRUE;

  separator = *p++;
  if (separator != 'T' && separator != 't' && separator != ' ')
    return FALSE;
  if (!skip_digits (&p, 1, 2) || *p++ != ':' || !skip_digits (&p, 1, 2) || *p++ != ':'
      || !skip_digits (&p, 1, 2))
    return FALSE;
  if (*p == '.')
    {
      p++;
      if (!skip_digits (&p, 1, 9))
        return FALSE;
    }
  if (separator == ' ')
    return *p == '\0';
  if (*p == 'Z')
    return p[1] == '\0';
  if (*p != '+' && *p != '-')
    return FALSE;
  p++;
  return skip_digits (&p, 2, 2) && *p++ == ':' && skip_digits (&p, 2, 2) && *p == '\0';
}

typedef struct
{
  const char      *text;
  BnYamlValueType  type;
  gboolean         bool_value;
  gboolean         non_finite;
} KnownScalar;

static const KnownScalar known_scalars[] = {
  { "y", BN_YAML_VALUE_BOOL, TRUE }, { "Y", BN_YAML_VALUE_BOOL, TRUE },
  { "yes", BN_YAML_VALUE_BOOL, TRUE }, { "Yes", BN_YAML_VALUE_BOOL, TRUE },
  { "YES", BN_YAML_VALUE_BOOL, TRUE }, { "true", BN_YAML_VALUE_BOOL, TRUE },
  { "True", BN_YAML_VALUE_BOOL, TRUE }, { "TRUE", BN_YAML_VALUE_BOOL, TRUE },
  { "on", BN_YAML_VALUE_BOOL, TRUE }, { "On", BN_YAML_VALUE_BOOL, TRUE },
  { "ON", BN_YAML_VALUE_BOOL, TRUE },
  { "n", BN_YAML_VALUE_BOOL, FALSE }, { "N", BN_YAML_VALUE_BOOL, FALSE },
  { "no", BN_YAML_VALUE_BOOL, FALSE }, { "No", BN_YAML_VALUE_BOOL, FALSE },
  { "NO", BN_YAML_VALUE_BOOL, FALSE }, { "false", BN_YAML_VALUE_BOOL, FALSE },
  { "False", BN_YAML_VALUE_BOOL, FALSE }, { "FALSE", BN_YAML_VALUE_BOOL, FALSE },
  { "off", BN_YAML_VALUE_BOOL, FALSE }, { "Off", BN_YAML_VALUE_BOOL, FALSE },
  { "OFF", BN_YAML_VALUE_BOOL, FALSE },
  { "", BN_YAML_VALUE_NULL }, { "~", BN_YAML_VALUE_NULL }, { "null", BN_YAML_VALUE_NULL },
  { "Null", BN_YAML_VALUE_NULL }, { "NULL", BN_YAML_VALUE_NULL },
  { ".nan", BN_YAML_VALUE_NUMBER, FALSE, TRUE }, { ".NaN", BN_YAML_VALUE_NUMBER, FALSE, TRUE },
  { ".NAN", BN_YAML_VALUE_NUMBER, FALSE, TRUE }, { ".inf", BN_YAML_VALUE_NUMBER, FALSE, TRUE },
  { ".Inf", BN_YAML_VALUE_NUMBER, FALSE, TRUE }, { ".INF", BN_YAML_VALUE_NUMBER, FALSE, TRUE },
  { "+.inf", BN_YAML_VALUE_NUMBER, FALSE, TRUE }, { "+.Inf", BN_YAML_VALUE_NUMBER, FALSE, TRUE },
  { "+.INF", BN_YAML_VALUE_NUMBER, FALSE, TRUE }, { "-.inf", BN_YAML_VALUE_NUMBER, FALSE, TRUE },
  { "-.Inf", BN_YAML_VALUE_NUMBER, FALSE, TRUE }, { "-.INF", BN_YAML_VALUE_NUMBER, FALSE, TRUE },
};

/* The first character decides which readings go-yaml v2 tries at all. */
static char
resolve_hint (const char *text)
{
  char c = text[0];

  if (c == '\0')
    return 'N';
  if (c == '+' || c == '-')
    return 'S';
  if (g_ascii_isdigit (c))
    return 'D';
  if (strchr ("yYnNtTfFoO~", c) != NULL)
    return 'M';
  if (c == '.')
    return '.';
  return 0;
}

static int
digit_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 10;
  return 99;
}

/* strconv.ParseInt/ParseUint with base 0: optional sign, 0x/0o/0b or a leading 0 for octal,
 * and a value that fits 64 bits. */
static gboolean
parses_as_go_integer (const char *text,
                      gboolean    allow_sign)
{
  const char *p = text;
  gboolean negative = FALSE;
  guint64 value = 0;
  guint64 limit;
  int base = 10;

  if (allow_sign && (*p == '+' || *p == '-'))
    negative = *p++ == '-';

  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
    base = 16, p += 2;
  else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O'))
    base = 8, p += 2;
  else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B'))
    base = 2, p += 2;
  else if (p[0] == '0' && p[1] != '\0')
    base = 8, p += 1;

  if (*p == '\0')
    return FALSE;

  limit = allow_sign ? (negative ? (guint64) G_MAXINT64 + 1 : G_MAXINT64) : G_MAXUINT64;

  for (; *p != '\0'; p++)
    {
      int d = digit_value (*p);

      if (d >= base)
        return FALSE;
      if (value > (limit - d) / base)
        return FALSE;
      value = value * base + d;
    }

  return TRUE;
}

/* ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ and a finite value. */
static gboolean
parses_as_yaml_float (const char *text)
{
  const char *p = text;
  gboolean digits = FALSE;
  double value;

  if (*p == '+' || *p == '-')
    p++;

  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  else
    {
      while (g_ascii_isdigit (*p))
        p++, digits = TRUE;
      if (!digits)
        return FALSE;
      if (*p == '.')
        {
          p++;
          while (g_ascii_isdigit (*p))
            p++;
        }
    }

  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  if (*p != '\0')
    return FALSE;

  value = g_ascii_strtod (text, NULL);
  return isfinite (value);
}

static gboolean
looks_like_number (const char *text,
                   char        hint)
{
  g_autoptr(GString) plain = NULL;

  if (hint == '.')
    return parses_as_yaml_float (text);

  plain = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (plain, *p);

  return parses_as_go_integer (plain->str, TRUE)
         || parses_as_go_integer (plain->str, FALSE)
         || parses_as_yaml_float (plain->str);
}

static const guint8 *
base64_table (void)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  static guint8 table[256];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      memset (table, 0xff, sizeof table);
      for (guint i = 0; i < 64; i++)
        table[(guchar) alphabet[i]] = i;
      g_once_init_leave (&initialized, 1);
    }

  return table;
}

static gsize
skip_newlines (const char *text,
               gsize       i,
               gsize       length)
{
  while (i < length && (text[i] == '\r' || text[i] == '\n'))
    i++;
  return i;
}

/* After a first '=' in the third place of a quantum: a second '=' must follow, then nothing
 * but newlines. Returns the offset of the first bad byte, or G_MAXSIZE when all is well. */
static gsize
check_padding (const char *text,
               gsize       i,
               gsize       length,
               guint       j)
{
  if (j == 2)
    {
      i = skip_newlines (text, i, length);
      if (i == length || text[i] != '=')
        return i;
      i++;
    }

  i = skip_newlines (text, i, length);
  return i < length ? i : G_MAXSIZE;
}

/**
 * bn_yaml_decode_base64:
 * @text: base64 text
 * @bad_offset: (out): where decoding failed
 *
 * Decodes @text as Go's base64.StdEncoding does for kubectl: padding required, CR and LF
 * ignored, any other stray byte an error at its offset.
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL with @bad_offset set
 */
GBytes *
bn_yaml_decode_base64 (const char *text,
                       gsize      *bad_offset)
{
  const guint8 *table = base64_table ();
  gsize length = strlen (text);
  guint8 *out = g_malloc (length / 4 * 3 + 3);
  gsize written = 0;
  gsize i = 0;

  while (i < length)
    {
      guint values[4] = { 0 };
      guint j = 0;

      while (j < 4)
        {
          guint8 value;

          i = skip_newlines (text, i, length);
          if (i == length)
            {
              if (j == 0)
                goto done;
              *bad_offset = i - j;
              g_free (out);
              return NULL;
            }

          if (text[i] == '=')
            {
              gsize bad = j < 2 ? i : check_padding (text, i + 1, length, j);

              if (bad != G_MAXSIZE)
                {
                  *bad_offset = bad;
                  g_free (out);
                  return NULL;
                }
              i = length;
              break;
            }

          value = table[(guchar) text[i]];
          if (value == 0xff)
            {
              *bad_offset = i;
              g_free (out);
              return NULL;
            }
          values[j++] = value;
          i++;
        }

      {
        guint32 group = values[0] << 18 | values[1] << 12 | values[2] << 6 | values[3];

        out[written++] = group >> 16;
        if (j > 2)
          out[written++] = (group >> 8) & 0xff;
        if (j > 3)
          out[written++] = group & 0xff;
      }
    }

done:
  return g_bytes_new_take (out, written);
}

/* go-yaml decodes a !!binary scalar with Go's strict base64 and keeps the bytes as a string. */
static void
decode_binary_scalar (BnYamlNode *node)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize bad_offset = 0;

  bytes = bn_yaml_decode_base64 (node->value, &bad_offset);
  if (bytes == NULL)
    {
      node->problem = g_strdup_printf ("!!binary value contains invalid base64 data "
                                       "(at byte %" G_GSIZE_FORMAT ")", bad_offset);
      return;
    }

  g_free (node->value);
  node->value = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  node->length = strlen (node->value);
}

/* Types @node as go-yaml v2 does. What go-yaml would refuse is kept in node->problem for
 * the walk to report. */
static void
resolve_scalar (BnYamlNode *node,
                const char *tag,
                gboolean    plain_implicit)
{
  BnYamlValueType type = BN_YAML_VALUE_STRING;
  const char *text = node->value;
  char hint;

  /* A quoted or block scalar without a tag is always a string. */
  if (tag == NULL && !plain_implicit)
    tag = YAML_TAG_PREFIX "str";

  if (tag_is (tag, "merge") || (tag == NULL && strcmp (text, "<<") == 0))
    {
      node->value_type = BN_YAML_VALUE_MERGE;
      return;
    }

  if (!tag_is_resolvable (tag))
    {
      node->value_type = BN_YAML_VALUE_STRING;
      if (tag_is (tag, "binary"))
        decode_binary_scalar (node);
      return;
    }

  hint = resolve_hint (text);
  if (hint != 0 && !tag_is (tag, "str"))
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (known_scalars); i++)
        {
          if (strcmp (known_scalars[i].text, text) == 0)
            {
              type = known_scalars[i].type;
              node->bool_value = known_scalars[i].bool_value;
              node->non_finite = known_scalars[i].non_finite;
              known = TRUE;
              break;
            }
        }

      if (!known && (hint == '.' || hint == 'D' || hint == 'S') && looks_like_number (text, hint))
        type = BN_YAML_VALUE_NUMBER;
    }

  if (tag != NULL && !tag_is (tag, "str"))
    {
      gboolean matches = (tag_is (tag, "bool") && type == BN_YAML_VALUE_BOOL)
                         || (tag_is (tag, "null") && type == BN_YAML_VALUE_NULL)
                         || (tag_is (tag, "timestamp") && looks_like_timestamp (text))
                         || ((tag_is (tag, "int") || tag_is (tag, "float"))
                             && type == BN_YAML_VALUE_NUMBER);

      if (!matches)
        {
          g_autofree char *wanted = describe_tag (tag);
          const char *found = type == BN_YAML_VALUE_BOOL ? "!!bool"
                              : type == BN_YAML_VALUE_NUMBER ? "!!float"
                              : type == BN_YAML_VALUE_NULL ? "!!null" : "!!str";

          node->problem = g_strdup_printf ("cannot decode %s `%s` as a %s", found, text, wanted);
          node->value_type = BN_YAML_VALUE_STRING;
          return;
        }
    }

  node->value_type = type;
}

/* --- building the tree from libyaml events ------------------------------------------------ */

typedef struct
{
  BnYamlDocument *document;
  GPtrArray      *open;          /* collections being filled, innermost last */
  GHashTable     *anchors;       /* name -> node, later definitions win */
  guint           flow_depth;
  guint           block_depth;

  /* The input, to look at a scalar's source text. libyaml's marks count characters after
   * the BOM, so a cursor walks the UTF-8 forward as events arrive. */
  const char     *data;
  gsize           length;
  gboolean        utf8;
  gsize           cursor_chars;
  gsize           cursor_bytes;
  gboolean        has_colon_stand_ins;
  gsize           bom_length;
} Builder;

/* go-yaml v2 reads `[a:]` as the scalar "a:"; libyaml 0.2.5 refuses the ':'. Such a ':' is
 * replaced by this noncharacter before reading again, and restored in scalar values. */
#define COLON_STAND_IN "\xef\xb7\x90"  /* U+FDD0 */

static BnYamlNode *
builder_add_node (Builder         *builder,
                  BnYamlNodeKind   kind,
                  const yaml_mark_t *mark,
                  const char      *anchor,
                  GError         **error)
{
  BnYamlNode *node;

  if (builder->document->nodes->len >= BN_YAML_MAX_NODES)
    {
      set_error_at (error, mark->line + 1, "more than %u YAML nodes in one file",
                    (guint) BN_YAML_MAX_NODES);
      return NULL;
    }

  node = g_new0 (BnYamlNode, 1);
  node->kind = kind;
  node->line = mark->line + 1;
  g_ptr_array_add (builder->document->nodes, node);

  /* Anchors are known from the node's start, so an alias inside its own anchor resolves
   * to it and is reported as a cycle, as go-yaml does. */
  if (anchor != NULL)
    {
      node->anchor = g_strdup (anchor);
      g_hash_table_replace (builder->anchors, node->anchor, node);
    }

  if (builder->open->len > 0)
    {
      BnYamlNode *parent = g_ptr_array_index (builder->open, builder->open->len - 1);
      g_ptr_array_add (parent->children, node);
    }
  else if (builder->document->root == NULL)
    {
      builder->document->root = node;
    }

  return node;
}

static gboolean
builder_open (Builder            *builder,
              BnYamlNodeKind      kind,
              gboolean            flow,
              const yaml_mark_t  *mark,
              const char         *anchor,
              GError            **error)
{
  BnYamlNode *node;

  if (flow)
    builder->flow_depth++;
  else
    builder->block_depth++;

  if (builder->flow_depth > BN_YAML_MAX_DEPTH || builder->block_depth > BN_YAML_MAX_DEPTH)
    return set_error_at (error, mark->line + 1, "exceeded max depth of %d", BN_YAML_MAX_DEPTH);

  node = builder_add_node (builder, kind, mark, anchor, error);
  if (node == NULL)
    return FALSE;

  node->children = g_ptr_array_new ();
  node->value_type = kind == BN_YAML_NODE_SEQUENCE ? BN_YAML_VALUE_SEQUENCE : BN_YAML_VALUE_MAPPING;
  node->flow = flow;
  g_ptr_array_add (builder->open, node);
  return TRUE;
}

static void
builder_close (Builder *builder)
{
  BnYamlNode *node = g_ptr_array_steal_index (builder->open, builder->open->len - 1);

  if (node->flow)
    builder->flow_depth--;
  else
    builder->block_depth--;
}

/* Byte offset of libyaml's character index @chars. Marks mostly move forward, so the
 * cursor only goes back to the start when asked for an earlier one. */
static gsize
builder_byte_offset (Builder *builder,
                     gsize    chars)
{
  if (chars < builder->cursor_chars)
    {
      builder->cursor_chars = 0;
      builder->cursor_bytes = builder->bom_length;
    }

  while (builder->cursor_chars < chars && builder->cursor_bytes < builder->length)
    {
      const char *next = g_utf8_find_next_char (builder->data + builder->cursor_bytes,
                                                builder->data + builder->length);

      builder->cursor_bytes = next != NULL ? (gsize) (next - builder->data) : builder->length;
      builder->cursor_chars++;
    }
  return builder->cursor_bytes;
}

/* libyaml 0.2.5 takes the YAML 1.2 escape `\/`; go-yaml v2, like YAML 1.1, does not. */
static gboolean
check_double_quoted_source (Builder       *builder,
                            yaml_event_t  *event,
                            GError       **error)
{
  gsize start = builder_byte_offset (builder, event->start_mark.index);
  gsize end = builder_byte_offset (builder, event->end_mark.index);

  for (gsize i = start; i + 1 < end; i++)
    {
      if (builder->data[i] != '\\')
        continue;
      if (builder->data[i + 1] == '/')
        return set_error_at (error, event->start_mark.line + 1,
                             "while parsing a quoted scalar found unknown escape character");
      i++;
    }
  return TRUE;
}

static void
restore_colons (BnYamlNode *node)
{
  g_autoptr(GString) value = NULL;

  if (strstr (node->value, COLON_STAND_IN) == NULL)
    return;

  value = g_string_new (node->value);
  g_string_replace (value, COLON_STAND_IN, ":", 0);
  g_free (node->value);
  node->length = value->len;
  node->value = g_string_free (g_steal_pointer (&value), FALSE);
}

static gboolean
builder_add_scalar (Builder       *builder,
                    yaml_event_t  *event,
                    GError       **error)
{
  BnYamlNode *node;

  if (builder->utf8 && event->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
      && !check_double_quoted_source (builder, event, error))
    return FALSE;

  /* libyaml 0.2.5 lets a plain scalar in a flow collection contain '?'; go-yaml v2 ends the
   * scalar there and then finds a key indicator where a ',' belongs. */
  if (builder->flow_depth > 0 && event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE
      && memchr (event->data.scalar.value, '?', event->data.scalar.length) != NULL)
    {
      BnYamlNode *parent = g_ptr_array_index (builder->open, builder->open->len - 1);

      /* go-yaml would stop with a parser error, whose line it counts from 0. */
      return set_error_at (error, event->start_mark.line, "did not find expected ',' or '%c'",
                           parent->kind == BN_YAML_NODE_MAPPING ? '}' : ']');
    }

  node = builder_add_node (builder, BN_YAML_NODE_SCALAR, &event->start_mark,
                           (const char *) event->data.scalar.anchor, error);
  if (node == NULL)
    return FALSE;

  /* Taken over from the event rather than copied: libyaml allocates with malloc(), which
   * g_free() matches, and yaml_event_delete() skips a NULL value. */
  node->value = (char *) g_steal_pointer (&event->data.scalar.value);
  node->length = event->data.scalar.length;
  if (builder->has_colon_stand_ins)
    restore_colons (node);

  resolve_scalar (node, (const char *) event->data.scalar.tag, event->data.scalar.plain_implicit);
  return TRUE;
}

static gboolean
builder_add_alias (Builder       *builder,
                   yaml_event_t  *event,
                   GError       **error)
{
  const char *name = (const char *) event->data.alias.anchor;
  BnYamlNode *target = g_hash_table_lookup (builder->anchors, name);
  BnYamlNode *node;

  if (target == NULL)
    return set_error_at (error, event->start_mark.line + 1, "unknown anchor '%s' referenced", name);

  node = builder_add_node (builder, BN_YAML_NODE_ALIAS, &event->start_mark, NULL, error);
  if (node == NULL)
    return FALSE;

  node->value = g_strdup (name);
  node->target = target;
  return TRUE;
}

static gboolean
parser_error (yaml_parser_t  *parser,
              GError        **error)
{
  const char *problem = parser->problem != NULL ? parser->problem : "invalid YAML";
  guint line = 0;

  if (parser->error == YAML_MEMORY_ERROR)
    return set_error_at (error, 0, "out of memory while reading YAML");

  if (parser->error == YAML_READER_ERROR)
    return set_error_at (error, 0, "%s", problem);

  /* The line kubectl shows, computed as go-yaml does: the problem's mark, else the
   * context's, counted from 1 only for scanner errors (a parser error names the line before
   * the one it stopped on, which is usually where the mistake is). */
  if (parser->problem_mark.line != 0)
    line = parser->problem_mark.line + (parser->error == YAML_SCANNER_ERROR ? 1 : 0);
  else if (parser->context_mark.line != 0)
    line = parser->context_mark.line;

  return set_error_at (error, line, "%s", problem);
}

typedef enum
{
  BUILD_DONE,
  BUILD_FAILED,
  BUILD_RETRY,
} BuildResult;

/* Where libyaml 0.2.5 refuses what go-yaml v2 reads, finds the byte to change so that both
 * read the same: a `\'` escape (go-yaml's, not YAML's) becomes `\x27`, a ',' in a tag
 * becomes `%2C`, a ':' that ends a flow scalar before a flow indicator becomes a stand-in. */
static gboolean
find_go_yaml_patch (Builder       *builder,
                    yaml_parser_t *parser,
                    gsize         *offset,
                    char          *found)
{
  gsize at;

  if (!builder->utf8 || parser->error != YAML_SCANNER_ERROR || parser->problem == NULL)
    return FALSE;

  at = builder_byte_offset (builder, parser->problem_mark.index);
  if (at + 1 >= builder->length)
    return FALSE;

  if (strcmp (parser->problem, "found unknown escape character") == 0
      && builder->data[at] == '\\' && builder->data[at + 1] == '\'')
    {
      *offset = at;
      *found = '\'';
      return TRUE;
    }

  /* go-yaml v2 takes ',' in a tag outside flow collections; percent-encoded, libyaml
   * reads the same tag. */
  if (strcmp (parser->problem, "did not find expected whitespace or line break") == 0
      && g_strcmp0 (parser->context, "while scanning a tag") == 0 && builder->data[at] == ',')
    {
      *offset = at;
      *found = ',';
      return TRUE;
    }

  if (strcmp (parser->problem, "found unexpected ':'") == 0 && builder->data[at] == ':'
      && (builder->has_colon_stand_ins  /* then every stand-in is ours */
          || g_strstr_len (builder->data, builder->length, COLON_STAND_IN) == NULL))
    {
      *offset = at;
      *found = ':';
      return TRUE;
    }

  return FALSE;
}

/* libyaml stopped on a bad escape in a quoted scalar; go-yaml would have stopped earlier
 * in that scalar if it holds a `\/`. Reports that one, on its line, and returns %TRUE;
 * returns %FALSE, reporting nothing, when there is none. */
static gboolean
report_earlier_slash_escape (Builder        *builder,
                             yaml_parser_t  *parser,
                             GError        **error)
{
  gsize start;
  gsize end;
  guint line;

  if (!builder->utf8 || parser->error != YAML_SCANNER_ERROR || parser->problem == NULL
      || strcmp (parser->problem, "found unknown escape character") != 0
      || parser->context_mark.index > parser->problem_mark.index)
    return FALSE;

  start = builder_byte_offset (builder, parser->context_mark.index);
  end = builder_byte_offset (builder, parser->problem_mark.index);
  line = parser->context_mark.line + 1;

  for (gsize i = start; i + 1 < end; i++)
    {
      if (builder->data[i] == '\n')
        line++;
      else if (builder->data[i] == '\\' && builder->data[i + 1] == '/')
        {
          set_error_at (error, line, "found unknown escape character");
          return TRUE;
        }
      else if (builder->data[i] == '\\')
        i++;
    }

  return FALSE;
}

static gboolean
check_version_directive (yaml_event_t  *event,
                         GError       **error)
{
  yaml_version_directive_t *version = event->data.document_start.version_directive;

  /* libyaml 0.2.5 also reads %YAML 1.2 documents; go-yaml v2 only 1.1. */
  if (version != NULL && (version->major != 1 || version->minor != 1))
    return set_error_at (error, 0, "found incompatible YAML document");
  return TRUE;
}

/* Reads events up to the end of the first document and builds its tree. */
static BuildResult
build_tree (Builder        *builder,
            yaml_parser_t  *parser,
            gsize          *patch_offset,
            char           *patch_found,
            GError        **error)
{
  for (;;)
    {
      g_auto(yaml_event_t) event = { 0 };
      gboolean ok = TRUE;

      if (!yaml_parser_parse (parser, &event))
        {
          if (find_go_yaml_patch (builder, parser, patch_offset, patch_found))
            return BUILD_RETRY;
          if (!report_earlier_slash_escape (builder, parser, error))
            parser_error (parser, error);
          return BUILD_FAILED;
        }

      switch (event.type)
        {
        case YAML_STREAM_END_EVENT:
        case YAML_DOCUMENT_END_EVENT:
          /* Only the first document counts; later ones are never read, not even for errors. */
          return BUILD_DONE;

        case YAML_DOCUMENT_START_EVENT:
          ok = check_version_directive (&event, error);
          break;

        case YAML_SCALAR_EVENT:
          ok = builder_add_scalar (builder, &event, error);
          break;

        case YAML_ALIAS_EVENT:
          ok = builder_add_alias (builder, &event, error);
          break;

        case YAML_SEQUENCE_START_EVENT:
          ok = builder_open (builder, BN_YAML_NODE_SEQUENCE,
                             event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE,
                             &event.start_mark,
                             (const char *) event.data.sequence_start.anchor, error);
          break;

        case YAML_MAPPING_START_EVENT:
          ok = builder_open (builder, BN_YAML_NODE_MAPPING,
                             event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE,
                             &event.start_mark,
                             (const char *) event.data.mapping_start.anchor, error);
          break;

        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
          builder_close (builder);
          break;

        case YAML_NO_EVENT:
        case YAML_STREAM_START_EVENT:
        default:
          break;
        }

      if (!ok)
        return BUILD_FAILED;
    }
}

/* --- walking the tree as go-yaml v2's decoder does ----------------------------------------- */

typedef enum
{
  FRAME_SEQUENCE,
  FRAME_MAPPING,
  FRAME_MERGE_SEQUENCE,
  FRAME_ALIAS,
} FrameKind;

typedef struct
{
  BnYamlNode *node;
  guint       index;
  FrameKind   kind;
} Frame;

typedef struct
{
  GArray *stack;
  guint64 decode_count;
  guint64 alias_count;
  guint   alias_depth;
} Walk;

/* go-yaml v2's allowedAliasRatio: generous for small documents, strict for large ones. */
static double
allowed_alias_ratio (guint64 decode_count)
{
  if (decode_count <= 400000)
    return 0.99;
  if (decode_count >= 4000000)
    return 0.10;
  return 0.99 - 0.89 * ((double) (decode_count - 400000) / 3600000.0);
}

static gboolean
is_merge_key (BnYamlNode *node)
{
  return node->kind == BN_YAML_NODE_SCALAR && node->value_type == BN_YAML_VALUE_MERGE;
}

static gboolean
walk_push (Walk        *walk,
           BnYamlNode  *node,
           FrameKind    kind,
           guint        index,
           GError     **error)
{
  Frame frame = { node, index, kind };

  if (walk->stack->len >= MAX_EXPANDED_DEPTH)
    return set_error_at (error, node->line, "exceeded max depth of %d once aliases are expanded",
                         MAX_EXPANDED_DEPTH);

  g_array_append_val (walk->stack, frame);
  return TRUE;
}

static gboolean
walk_enter (Walk        *walk,
            BnYamlNode  *node,
            gboolean     is_key,
            GError     **error)
{
  walk->decode_count++;
  if (walk->alias_depth > 0)
    walk->alias_count++;

  if (walk->alias_count > 100 && walk->decode_count > 1000
      && (double) walk->alias_count / (double) walk->decode_count
         > allowed_alias_ratio (walk->decode_count))
    return set_error_at (error, 0, "document contains excessive aliasing");

  switch ((BnYamlNodeKind) node->kind)
    {
    case BN_YAML_NODE_SCALAR:
      /* Typing problems surface in document order during the walk, as go-yaml's decoder
       * finds them after the whole document parsed. */
      if (node->problem != NULL)
        return set_error_at (error, node->line, "%s", node->problem);
      if (!is_key && node->non_finite)
        return set_error_at (error, node->line, "unsupported value: %s (JSON has no such number)",
                             node->value);
      return TRUE;

    case BN_YAML_NODE_ALIAS:
      if (node->target->expanding)
        return set_error_at (error, node->line, "anchor '%s' value contains itself", node->value);
      node->target->expanding = TRUE;
      walk->alias_depth++;
      if (!walk_push (walk, node, FRAME_ALIAS, 0, error))
        return FALSE;
      return walk_enter (walk, node->target, is_key, error);

    case BN_YAML_NODE_SEQUENCE:
      return walk_push (walk, node, FRAME_SEQUENCE, 0, error);

    case BN_YAML_NODE_MAPPING:
      return walk_push (walk, node, FRAME_MAPPING, 0, error);

    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

static gboolean
check_map_key (BnYamlNode  *key,
               GError     **error)
{
  BnYamlNode *resolved = bn_yaml_node_resolve (key);

  if (resolved->kind != BN_YAML_NODE_SCALAR)
    return set_error_at (error, key->line, "invalid map key: a %s cannot be a key",
                         resolved->kind == BN_YAML_NODE_SEQUENCE ? "sequence" : "mapping");

  if (resolved->value_type == BN_YAML_VALUE_NULL)
    return set_error_at (error, key->line, "unsupported map key: null");

  return TRUE;
}

static gboolean
check_merge_value (BnYamlNode  *value,
                   GError     **error)
{
  BnYamlNode *resolved = bn_yaml_node_resolve (value);

  if (value->kind == BN_YAML_NODE_SEQUENCE)
    {
      for (guint i = 0; i < value->children->len; i++)
        if (bn_yaml_node_resolve (g_ptr_array_index (value->children, i))->kind != BN_YAML_NODE_MAPPING)
          return set_error_at (error, value->line,
                               "map merge requires map or sequence of maps as the value");
      return TRUE;
    }

  if (resolved->kind != BN_YAML_NODE_MAPPING)
    return set_error_at (error, value->line,
                         "map merge requires map or sequence of maps as the value");

  return TRUE;
}

/* Advances the innermost frame by one step. */
static gboolean
walk_step (Walk    *walk,
           GError **error)
{
  Frame *frame = &g_array_index (walk->stack, Frame, walk->stack->len - 1);
  BnYamlNode *node = frame->node;

  switch (frame->kind)
    {
    case FRAME_ALIAS:
      node->target->expanding = FALSE;
      walk->alias_depth--;
      g_array_set_size (walk->stack, walk->stack->len - 1);
      return TRUE;

    case FRAME_SEQUENCE:
      if (frame->index >= node->children->len)
        {
          g_array_set_size (walk->stack, walk->stack->len - 1);
          return TRUE;
        }
      return walk_enter (walk, g_ptr_array_index (node->children, frame->index++), FALSE, error);

    case FRAME_MERGE_SEQUENCE:
      /* Earlier maps take precedence, so go-yaml reads them last. */
      if (frame->index == 0)
        {
          g_array_set_size (walk->stack, walk->stack->len - 1);
          return TRUE;
        }
      frame->index--;
      return walk_enter (walk, g_ptr_array_index (node->children, frame->index), FALSE, error);

    case FRAME_MAPPING:
      {
        guint i = frame->index;
        BnYamlNode *child;

        if (i >= node->children->len || (i % 2 == 0 && i + 1 >= node->children->len))
          {
            g_array_set_size (walk->stack, walk->stack->len - 1);
            return TRUE;
          }

        child = g_ptr_array_index (node->children, i);

        if (i % 2 == 1)
          {
            frame->index++;
            return walk_enter (walk, child, FALSE, error);
          }

        if (is_merge_key (child))
          {
            BnYamlNode *value = g_ptr_array_index (node->children, i + 1);

            frame->index += 2;
            if (!check_merge_value (value, error))
              return FALSE;
            if (value->kind == BN_YAML_NODE_SEQUENCE)
              {
                return walk_push (walk, value, FRAME_MERGE_SEQUENCE, value->children->len, error);
              }
            return walk_enter (walk, value, FALSE, error);
          }

        frame->index++;
        if (!check_map_key (child, error))
          return FALSE;
        return walk_enter (walk, child, TRUE, error);
      }

    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

static gboolean
walk_document (BnYamlDocument  *self,
               GError         **error)
{
  Walk walk = { 0 };
  gboolean ok = TRUE;

  if (self->root == NULL)
    return TRUE;

  walk.stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  walk.decode_count = 1;  /* the document node itself */

  ok = walk_enter (&walk, self->root, FALSE, error);
  while (ok && walk.stack->len > 0)
    ok = walk_step (&walk, error);

  /* Leave no node marked as being expanded after an early error. */
  for (guint i = 0; i < walk.stack->len; i++)
    {
      Frame *frame = &g_array_index (walk.stack, Frame, i);
      if (frame->kind == FRAME_ALIAS)
        frame->node->target->expanding = FALSE;
    }

  g_array_unref (walk.stack);
  return ok;
}

/**
 * bn_yaml_document_parse:
 * @data: the file's bytes; need not be NUL-terminated
 * @length: their length
 * @error: return location for a #GError of the %BN_KUBE_ERROR domain
 *
 * Reads the first YAML document of @data (JSON is YAML too). An empty or comment-only input
 * is a document without a root. The error message starts with "line N: " when the problem
 * has a place.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL on error
 */
/* One reading of @data. Returns BUILD_RETRY with a patch to apply when go-yaml would
 * read on where libyaml stopped. */
static BuildResult
parse_once (const char      *data,
            gsize            length,
            gboolean         has_colon_stand_ins,
            BnYamlDocument **document,
            gsize           *patch_offset,
            char            *patch_found,
            GError         **error)
{
  g_autoptr(BnYamlDocument) self = NULL;
  g_auto(yaml_parser_t) parser = { 0 };
  Builder builder = { 0 };
  BuildResult result;

  self = g_new0 (BnYamlDocument, 1);
  self->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_yaml_node_free);

  if (!yaml_parser_initialize (&parser))
    {
      set_error_at (error, 0, "out of memory while reading YAML");
      return BUILD_FAILED;
    }
  yaml_parser_set_input_string (&parser, (const unsigned char *) data, length);

  builder.document = self;
  builder.open = g_ptr_array_new ();
  builder.anchors = g_hash_table_new (g_str_hash, g_str_equal);
  builder.data = data;
  builder.length = length;
  builder.has_colon_stand_ins = has_colon_stand_ins;

  /* Source positions are only followed in UTF-8 input; UTF-16 is read, not patched. */
  builder.utf8 = !(length >= 2 && (((guchar) data[0] == 0xfe && (guchar) data[1] == 0xff)
                                   || ((guchar) data[0] == 0xff && (guchar) data[1] == 0xfe)));
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    builder.cursor_bytes = builder.bom_length = 3;

  result = build_tree (&builder, &parser, patch_offset, patch_found, error);

  g_ptr_array_unref (builder.open);
  g_hash_table_unref (builder.anchors);

  if (result == BUILD_DONE && !walk_document (self, error))
    result = BUILD_FAILED;
  if (result == BUILD_DONE)
    *document = g_steal_pointer (&self);

  return result;
}

static void
insert_bytes (GByteArray *bytes,
              gsize       offset,
              const char *text,
              gsize       length)
{
  gsize tail = bytes->len - offset;

  g_byte_array_set_size (bytes, bytes->len + length);
  memmove (bytes->data + offset + length, bytes->data + offset, tail);
  memcpy (bytes->data + offset, text, length);
}

static void
apply_patch (GByteArray *bytes,
             gsize       offset,
             char        found)
{
  if (found == ',')
    {
      bytes->data[offset] = '%';
      insert_bytes (bytes, offset + 1, "2C", 2);
    }
  else if (found == '\'')
    {
      /* `\'` becomes `\x27`: the same apostrophe, spelled so libyaml reads it. */
      bytes->data[offset + 1] = 'x';
      insert_bytes (bytes, offset + 2, "27", 2);
    }
  else
    {
      bytes->data[offset] = COLON_STAND_IN[0];
      insert_bytes (bytes, offset + 1, &COLON_STAND_IN[1], 2);
    }
}

/**
 * bn_yaml_document_parse:
 * @data: the file's bytes; need not be NUL-terminated
 * @length: their length
 * @error: return location for a #GError of the %BN_KUBE_ERROR domain
 *
 * Reads the first YAML document of @data (JSON is YAML too) as go-yaml v2 (kubectl's YAML
 * reader) does. An empty or comment-only input is a document without a root. The error
 * message starts with "line N: " when the problem has a place.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL on error
 */
BnYamlDocument *
bn_yaml_document_parse (const char  *data,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(GByteArray) patched = NULL;
  BnYamlDocument *document = NULL;
  gboolean has_colon_stand_ins = FALSE;
  gsize budget;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > BN_YAML_MAX_SIZE)
    {
      set_error_at (error, 0, "the file is larger than %u MiB", BN_YAML_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  /* Every patch costs a whole new reading: bound the bytes read in all. */
  budget = MAX (1, MIN (64, (64 * 1024 * 1024) / MAX (length, 1)));

  for (;;)
    {
      const char *input = patched != NULL ? (const char *) patched->data : (data ? data : "");
      gsize input_length = patched != NULL ? patched->len : length;
      gsize offset = 0;
      char found = 0;

      switch (parse_once (input, input_length, has_colon_stand_ins, &document, &offset, &found,
                          error))
        {
        case BUILD_DONE:
          return document;

        case BUILD_RETRY:
          if (budget-- > 0)
            {
              if (patched == NULL)
                patched = g_byte_array_append (g_byte_array_sized_new (length + 16),
                                               (const guint8 *) data, length);
              apply_patch (patched, offset, found);
              has_colon_stand_ins |= found == ':';
              continue;
            }
          return set_error_at (error, 0, "too many constructs libyaml and kubectl read differently"),
                 NULL;

        case BUILD_FAILED:
        default:
          return NULL;
        }
    }
}

BnYamlNode *
bn_yaml_document_get_root (BnYamlDocument *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->root;
}

/* --- reading the tree ---------------------------------------------------------------------- */

/**
 * bn_yaml_node_resolve:
 * @node: (nullable): a node
 *
 * Returns: (nullable): @node, or what it points at when it is an alias
 */
BnYamlNode *
bn_yaml_node_resolve (BnYamlNode *node)
{
  /* Aliases are only ever created pointing at an existing node, and an alias cannot be an
   * anchor's own node, so this ends. */
  while (node != NULL && node->kind == BN_YAML_NODE_ALIAS)
    node = node->target;
  return node;
}

guint
bn_yaml_node_get_line (BnYamlNode *node)
{
  return node != NULL ? node->line : 0;
}

BnYamlValueType
bn_yaml_node_get_value_type (BnYamlNode *node)
{
  node = bn_yaml_node_resolve (node);
  if (node == NULL)
    return BN_YAML_VALUE_NULL;
  if (node->value_type == BN_YAML_VALUE_MERGE)
    return BN_YAML_VALUE_STRING;
  return node->value_type;
}

const char *
bn_yaml_node_get_string (BnYamlNode *node,
                         gsize      *length)
{
  node = bn_yaml_node_resolve (node);
  if (node == NULL || node->kind != BN_YAML_NODE_SCALAR)
    {
      if (length != NULL)
        *length = 0;
      return NULL;
    }

  if (length != NULL)
    *length = node->length;
  return node->value;
}

gboolean
bn_yaml_node_get_boolean (BnYamlNode *node)
{
  node = bn_yaml_node_resolve (node);
  return node != NULL && node->value_type == BN_YAML_VALUE_BOOL && node->bool_value;
}

guint
bn_yaml_node_get_n_children (BnYamlNode *node)
{
  node = bn_yaml_node_resolve (node);
  if (node == NULL || node->children == NULL)
    return 0;
  if (node->kind == BN_YAML_NODE_MAPPING)
    return node->children->len / 2;
  return node->children->len;
}

BnYamlNode *
bn_yaml_node_get_child (BnYamlNode *node,
                        guint       index)
{
  node = bn_yaml_node_resolve (node);
  g_return_val_if_fail (node != NULL && node->kind == BN_YAML_NODE_SEQUENCE, NULL);
  g_return_val_if_fail (index < node->children->len, NULL);

  return g_ptr_array_index (node->children, index);
}

static gboolean
key_equals (BnYamlNode *key,
            const char *name)
{
  key = bn_yaml_node_resolve (key);

  /* JSON keys are case-sensitive for kubectl, and only strings can equal a field name. */
  return key->kind == BN_YAML_NODE_SCALAR
         && key->value_type == BN_YAML_VALUE_STRING
         && strcmp (key->value, name) == 0;
}

static BnYamlNode *mapping_lookup (BnYamlNode *mapping,
                                   const char *key);

static BnYamlNode *
merge_lookup (BnYamlNode *value,
              const char *key)
{
  BnYamlNode *found = NULL;

  if (value->kind == BN_YAML_NODE_SEQUENCE)
    {
      /* Read last to first, each later read overriding: the first map wins. */
      for (guint i = value->children->len; i > 0; i--)
        {
          BnYamlNode *hit = mapping_lookup (bn_yaml_node_resolve (g_ptr_array_index (value->children, i - 1)), key);
          if (hit != NULL)
            found = hit;
        }
      return found;
    }

  return mapping_lookup (bn_yaml_node_resolve (value), key);
}

/* go-yaml v2 applies keys and merges in document order, each overriding what came before:
 * the last assignment of @key wins. The walk bounded the depth of merge chains. */
static BnYamlNode *
mapping_lookup (BnYamlNode *mapping,
                const char *key)
{
  BnYamlNode *found = NULL;

  if (mapping == NULL || mapping->kind != BN_YAML_NODE_MAPPING)
    return NULL;

  for (guint i = 0; i + 1 < mapping->children->len; i += 2)
    {
      BnYamlNode *k = g_ptr_array_index (mapping->children, i);
      BnYamlNode *v = g_ptr_array_index (mapping->children, i + 1);

      if (is_merge_key (k))
        {
          BnYamlNode *hit = merge_lookup (v, key);
          if (hit != NULL)
            found = hit;
        }
      else if (key_equals (k, key))
        {
          found = v;
        }
    }

  return found;
}

/**
 * bn_yaml_mapping_lookup:
 * @mapping: (nullable): a mapping node, or an alias of one
 * @key: the key
 *
 * Looks @key up the way kubectl would see it: merge keys applied, the last duplicate
 * winning, keys compared case-sensitively.
 *
 * Returns: (nullable): the value node (which may be an alias), or %NULL when absent
 */
BnYamlNode *
bn_yaml_mapping_lookup (BnYamlNode *mapping,
                        const char *key)
{
  return mapping_lookup (bn_yaml_node_resolve (mapping), key);
}

static void
collect_keys (BnYamlNode *mapping,
              GPtrArray  *keys)
{
  for (guint i = 0; i + 1 < mapping->children->len; i += 2)
    {
      BnYamlNode *k = g_ptr_array_index (mapping->children, i);
      BnYamlNode *v = g_ptr_array_index (mapping->children, i + 1);

      if (is_merge_key (k))
        {
          BnYamlNode *resolved = bn_yaml_node_resolve (v);

          if (v->kind == BN_YAML_NODE_SEQUENCE)
            {
              for (guint j = 0; j < v->children->len; j++)
                collect_keys (bn_yaml_node_resolve (g_ptr_array_index (v->children, j)), keys);
            }
          else if (resolved != NULL && resolved->kind == BN_YAML_NODE_MAPPING)
            {
              collect_keys (resolved, keys);
            }
        }
      else
        {
          BnYamlNode *rk = bn_yaml_node_resolve (k);
          if (rk->kind == BN_YAML_NODE_SCALAR && rk->value_type == BN_YAML_VALUE_STRING)
            g_ptr_array_add (keys, rk->value);
        }
    }
}

/**
 * bn_yaml_mapping_foreach:
 * @mapping: (nullable): a mapping node, or an alias of one
 * @func: called once per distinct string key, with the value kubectl would see
 * @user_data: for @func
 *
 * Calls @func for every string key of @mapping (merged keys included), in document order.
 */
void
bn_yaml_mapping_foreach (BnYamlNode  *mapping,
                         void       (*func) (const char *key,
                                             BnYamlNode *value,
                                             gpointer    user_data),
                         gpointer     user_data)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  mapping = bn_yaml_node_resolve (mapping);
  if (mapping == NULL || mapping->kind != BN_YAML_NODE_MAPPING)
    return;

  collect_keys (mapping, keys);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);

      if (!g_hash_table_add (seen, (gpointer) key))
        continue;
      func (key, mapping_lookup (mapping, key), user_data);
    }
}

/* --- JSON ------------------------------------------------------------------------------------ */

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

static void
append_json_number (GString    *out,
                    const char *text)
{
  g_autoptr(GString) plain = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (plain, *p);

  if (parses_as_go_integer (plain->str, TRUE) || parses_as_go_integer (plain->str, FALSE))
    {
      gboolean negative = plain->str[0] == '-';
      const char *digits = plain->str + (plain->str[0] == '-' || plain->str[0] == '+');
      guint64 value = 0;
      int base = 10;

      if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
        base = 16, digits += 2;
      else if (digits[0] == '0' && (digits[1] == 'o' || digits[1] == 'O'))
        base = 8, digits += 2;
      else if (digits[0] == '0' && (digits[1] == 'b' || digits[1] == 'B'))
        base = 2, digits += 2;
      else if (digits[0] == '0' && digits[1] != '\0')
        base = 8, digits += 1;

      value = g_ascii_strtoull (digits, NULL, base);
      g_string_append_printf (out, "%s%" G_GUINT64_FORMAT, negative && value != 0 ? "-" : "", value);
      return;
    }

  {
    char buffer[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append (out, g_ascii_dtostr (buffer, sizeof buffer, g_ascii_strtod (plain->str, NULL)));
  }
}

typedef struct
{
  GString  *out;
  guint     depth;
  gboolean  ok;
} JsonWriter;

static gboolean
append_json (BnYamlNode *node,
             GString    *out,
             guint       depth);

static void
append_json_member (const char *key,
                    BnYamlNode *value,
                    gpointer    user_data)
{
  JsonWriter *writer = user_data;

  if (!writer->ok)
    return;

  if (writer->out->str[writer->out->len - 1] != '{')
    g_string_append_c (writer->out, ',');
  append_json_string (writer->out, key);
  g_string_append_c (writer->out, ':');
  writer->ok = append_json (value, writer->out, writer->depth + 1);
}

static gboolean
append_json (BnYamlNode *node,
             GString    *out,
             guint       depth)
{
  node = bn_yaml_node_resolve (node);

  if (depth > 512)
    return FALSE;

  if (node == NULL)
    {
      g_string_append (out, "null");
      return TRUE;
    }

  switch ((BnYamlValueType) node->value_type)
    {
    case BN_YAML_VALUE_NULL:
      g_string_append (out, "null");
      return TRUE;

    case BN_YAML_VALUE_BOOL:
      g_string_append (out, node->bool_value ? "true" : "false");
      return TRUE;

    case BN_YAML_VALUE_NUMBER:
      append_json_number (out, node->value);
      return TRUE;

    case BN_YAML_VALUE_STRING:
    case BN_YAML_VALUE_MERGE:
      append_json_string (out, node->value);
      return TRUE;

    case BN_YAML_VALUE_SEQUENCE:
      g_string_append_c (out, '[');
      for (guint i = 0; i < node->children->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          if (!append_json (g_ptr_array_index (node->children, i), out, depth + 1))
            return FALSE;
        }
      g_string_append_c (out, ']');
      return TRUE;

    case BN_YAML_VALUE_MAPPING:
      {
        JsonWriter writer = { out, depth, TRUE };

        g_string_append_c (out, '{');
        bn_yaml_mapping_foreach (node, append_json_member, &writer);
        g_string_append_c (out, '}');
        return writer.ok;
      }

    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

/**
 * bn_yaml_node_to_json:
 * @node: (nullable): a node
 * @out: where the JSON text is appended
 *
 * Writes @node as the JSON kubectl would convert it to. Keys that are not strings are left
 * out. Fails on values nested more than 512 deep.
 *
 * Returns: %TRUE when the whole value was written
 */
gboolean
bn_yaml_node_to_json (BnYamlNode *node,
                      GString    *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return append_json (node, out, 0);
}

const char *
bn_yaml_value_type_to_string (BnYamlValueType type)
{
  switch (type)
    {
    case BN_YAML_VALUE_NULL:
      return "null";
    case BN_YAML_VALUE_BOOL:
      return "a boolean";
    case BN_YAML_VALUE_NUMBER:
      return "a number";
    case BN_YAML_VALUE_STRING:
    case BN_YAML_VALUE_MERGE:
      return "a string";
    case BN_YAML_VALUE_SEQUENCE:
      return "a list";
    case BN_YAML_VALUE_MAPPING:
      return "a mapping";
    default:
      return "a value";
    }
}
