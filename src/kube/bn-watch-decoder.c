/* bn-watch-decoder.c: watch streams, cut into events and scanned
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bn-kube-error.h"
#include "bn-watch-decoder.h"

/* The API server ends every event with a newline, but HTTP chunks do not follow events:
 * one chunk may carry half an event, or ten. The decoder keeps at most one unfinished
 * event in a buffer that always has the scanner's padding behind it, so a complete event
 * is scanned where it lies. */
struct _BnWatchDecoder
{
  BnObjectKind  kind;
  gsize         max_event_size;
  char         *line;
  gsize         line_len;
  gsize         line_capacity;
};

/**
 * bn_watch_decoder_new:
 * @kind: which summary the objects get
 * @max_event_size: the largest event accepted, in bytes; 0 for
 *   %BN_WATCH_DECODER_DEFAULT_MAX_EVENT_SIZE
 *
 * Returns: (transfer full): a new decoder, to be used from one thread at a time
 */
BnWatchDecoder *
bn_watch_decoder_new (BnObjectKind kind,
                      gsize        max_event_size)
{
  BnWatchDecoder *self = g_new0 (BnWatchDecoder, 1);

  self->kind = kind;
  self->max_event_size = max_event_size > 0 ? max_event_size : BN_WATCH_DECODER_DEFAULT_MAX_EVENT_SIZE;
  return self;
}

/**
 * bn_watch_decoder_free:
 * @self: (transfer full): a #BnWatchDecoder
 *
 * Frees the decoder and any unfinished event.
 */
void
bn_watch_decoder_free (BnWatchDecoder *self)
{
  if (self == NULL)
    return;

  g_free (self->line);
  g_free (self);
}

/**
 * bn_watch_decoder_reset:
 * @self: a #BnWatchDecoder
 *
 * Forgets any unfinished event, e.g. before reading a new watch response.
 */
void
bn_watch_decoder_reset (BnWatchDecoder *self)
{
  g_return_if_fail (self != NULL);

  self->line_len = 0;

  /* do not keep a huge event's buffer for the rest of the stream */
  if (self->line_capacity > 1024 * 1024)
    {
      g_clear_pointer (&self->line, g_free);
      self->line_capacity = 0;
    }
}

/**
 * bn_watch_decoder_get_pending:
 * @self: a #BnWatchDecoder
 *
 * Returns: how many bytes of an unfinished event are buffered
 */
gsize
bn_watch_decoder_get_pending (BnWatchDecoder *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->line_len;
}

static gboolean
append (BnWatchDecoder  *self,
        const char      *data,
        gsize            length,
        GError         **error)
{
  gsize needed;

  if (length > self->max_event_size - self->line_len)
    {
      g_set_error (error, BN_KUBE_ERROR, BN_KUBE_ERROR_INVALID_RESPONSE,
                   "The server sent a watch event larger than %" G_GSIZE_FORMAT " bytes",
                   self->max_event_size);
      return FALSE;
    }

  needed = self->line_len + length + BN_JSON_SCAN_PADDING;
  if (needed > self->line_capacity)
    {
      gsize capacity = MAX (self->line_capacity, 4096);

      while (capacity < needed)
        capacity *= 2;
      self->line = g_realloc (self->line, capacity);
      self->line_capacity = capacity;
    }

  memcpy (self->line + self->line_len, data, length);
  self->line_len += length;
  /* the scanner may read the padding: keep it defined */
  memset (self->line + self->line_len, 0, BN_JSON_SCAN_PADDING);
  return TRUE;
}

static gboolean
is_blank (const char *data,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r' && data[i] != '\n')
      return FALSE;
  return TRUE;
}

/* Scans the buffered line (without its newline) and empties the buffer. */
static gboolean
take_line (BnWatchDecoder  *self,
           GPtrArray       *events,
           GError         **error)
{
  BnWatchEvent *event;
  gsize length = self->line_len;

  self->line_len = 0;

  if (length > 0 && self->line[length - 1] == '\r')
    length--;
  if (is_blank (self->line, length))
    return TRUE;

  event = bn_json_scan_watch_event (self->line, length, self->line_capacity, self->kind, error);
  if (event == NULL)
    return FALSE;

  g_ptr_array_add (events, event);
  return TRUE;
}

/**
 * bn_watch_decoder_push:
 * @self: a #BnWatchDecoder
 * @data: (array length=length): the next bytes of the response body
 * @length: their number
 * @events: (element-type BnWatchEvent): where complete events are appended; give it
 *   bn_watch_event_free() as its free function
 * @error: return location for a #GError
 *
 * Feeds a chunk of the stream. Every event completed by it is scanned and appended to
 * @events, in order. On error (an invalid event, or one larger than the limit) the events
 * before it are still appended, the decoder is reset, and the stream should be dropped.
 *
 * Returns: %TRUE on success
 */
gboolean
bn_watch_decoder_push (BnWatchDecoder  *self,
                       const void      *data,
                       gsize            length,
                       GPtrArray       *events,
                       GError         **error)
{
  const char *p = data;
  const char *end = p + length;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (events != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  while (p < end)
    {
      const char *newline = memchr (p, '\n', end - p);
      const char *stop = newline != NULL ? newline : end;

      if (!append (self, p, stop - p, error))
        {
          bn_watch_decoder_reset (self);
          return FALSE;
        }

      if (newline == NULL)
        break;

      if (!take_line (self, events, error))
        {
          bn_watch_decoder_reset (self);
          return FALSE;
        }

      p = newline + 1;
    }

  return TRUE;
}

/**
 * bn_watch_decoder_finish:
 * @self: a #BnWatchDecoder
 * @events: (element-type BnWatchEvent): where the last event is appended
 * @error: return location for a #GError
 *
 * Ends the stream: a last event that lacks its newline is scanned (and must be complete).
 * The decoder is then empty and can read another stream.
 *
 * Returns: %TRUE on success
 */
gboolean
bn_watch_decoder_finish (BnWatchDecoder  *self,
                         GPtrArray       *events,
                         GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (events != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ok = self->line_len == 0 || take_line (self, events, error);
  bn_watch_decoder_reset (self);
  return ok;
}
