/* bn-json-scan.h: the fast path from list pages and watch events to snapshots
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bn-object-snapshot.h"

G_BEGIN_DECLS

/**
 * BN_JSON_SCAN_PADDING:
 *
 * How many readable bytes the scanner needs after the end of the document. A buffer whose
 * allocation is shorter than `length + BN_JSON_SCAN_PADDING` is copied before scanning.
 */
#define BN_JSON_SCAN_PADDING 64

/**
 * BnWatchEventType:
 * @BN_WATCH_EVENT_ADDED: `ADDED`
 * @BN_WATCH_EVENT_MODIFIED: `MODIFIED`
 * @BN_WATCH_EVENT_DELETED: `DELETED`
 * @BN_WATCH_EVENT_BOOKMARK: `BOOKMARK`: only a resourceVersion (and maybe the end of the
 *   initial events)
 * @BN_WATCH_EVENT_ERROR: `ERROR`: the object is a Status
 *
 * The `type` of a watch event.
 */
typedef enum
{
  BN_WATCH_EVENT_ADDED,
  BN_WATCH_EVENT_MODIFIED,
  BN_WATCH_EVENT_DELETED,
  BN_WATCH_EVENT_BOOKMARK,
  BN_WATCH_EVENT_ERROR,
} BnWatchEventType;

/**
 * BnKubeStatus:
 * @code: `code`, the HTTP status it stands for (0 when absent)
 * @reason: (nullable): `reason`, e.g. `Expired`, `Forbidden`
 * @message: (nullable): `message`
 *
 * A `Status` object, as found in an ERROR event or in an error response body.
 */
typedef struct
{
  guint  code;
  char  *reason;
  char  *message;
} BnKubeStatus;

/**
 * BnListPage:
 * @resource_version: (nullable): `metadata.resourceVersion`
 * @continue_token: (nullable): `metadata.continue`; %NULL or empty on the last page
 * @remaining_item_count: `metadata.remainingItemCount`, or -1 when absent
 * @items: (element-type BnObjectSnapshot): one snapshot per item, in order
 *
 * One page of a list response.
 */
typedef struct
{
  char      *resource_version;
  char      *continue_token;
  gint64     remaining_item_count;
  GPtrArray *items;
} BnListPage;

/**
 * BnWatchEvent:
 * @type: the event type
 * @object: (nullable): the object of ADDED, MODIFIED and DELETED events
 * @resource_version: (nullable): the object's resourceVersion (for a BOOKMARK, the bookmark's)
 * @initial_events_end: a BOOKMARK with the `k8s.io/initial-events-end: "true"` annotation
 * @status: the Status of an ERROR event (zeroed for other types)
 *
 * One decoded watch event.
 */
typedef struct
{
  BnWatchEventType  type;
  BnObjectSnapshot *object;
  char             *resource_version;
  gboolean          initial_events_end;
  BnKubeStatus      status;
} BnWatchEvent;

gboolean          bn_json_scan_list_page   (const char    *data,
                                            gsize          length,
                                            gsize          allocated,
                                            BnObjectKind   kind,
                                            BnListPage   **page,
                                            GError       **error);
BnWatchEvent     *bn_json_scan_watch_event (const char    *data,
                                            gsize          length,
                                            gsize          allocated,
                                            BnObjectKind   kind,
                                            GError       **error);
BnObjectSnapshot *bn_json_scan_object      (const char    *data,
                                            gsize          length,
                                            gsize          allocated,
                                            BnObjectKind   kind,
                                            GError       **error);
gboolean          bn_json_scan_status      (const char    *data,
                                            gsize          length,
                                            gsize          allocated,
                                            BnKubeStatus  *status,
                                            GError       **error);

const char       *bn_json_scan_implementation_name  (void);
char            **bn_json_scan_list_implementations (void);
gboolean          bn_json_scan_use_implementation   (const char *name);

void              bn_kube_status_clear     (BnKubeStatus  *status);
GError           *bn_kube_status_to_error  (const BnKubeStatus *status);
void              bn_list_page_free        (BnListPage    *page);
void              bn_watch_event_free      (BnWatchEvent  *event);
const char       *bn_watch_event_type_to_string (BnWatchEventType type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnListPage, bn_list_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnWatchEvent, bn_watch_event_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BnKubeStatus, bn_kube_status_clear)

G_END_DECLS
