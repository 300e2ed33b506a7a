/* bn-sim-server-private.h
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bn-sim-server.h"

G_BEGIN_DECLS

/* How a fault rule acts on the requests it matches. */
typedef enum
{
  BN_SIM_FAULT_STATUS,         /* answer `code` with a Status body */
  BN_SIM_FAULT_THROTTLE_TEXT,  /* 429 with APF's plain-text body */
  BN_SIM_FAULT_DELAY,          /* wait `delay_ms`, then serve normally */
  BN_SIM_FAULT_DROP,           /* close the connection halfway through the body */
  BN_SIM_FAULT_TRUNCATE,       /* send half the body and end cleanly */
  BN_SIM_FAULT_STALL,          /* watches: send nothing, never end */
  BN_SIM_FAULT_SLOW,           /* a slow writer: 16 KiB (lists) or one batch of events (watches) per `delay_ms` */
} BnSimFaultAction;

typedef struct
{
  guint             id;
  char             *method;     /* NULL = any */
  char             *path;       /* prefix; NULL = any */
  gboolean          watch_only;
  gboolean          list_only;
  BnSimFaultAction  action;
  guint             code;
  guint             retry_after;
  guint             delay_ms;
  int               remaining;  /* < 0 = forever */
  guint             after_events; /* DROP on watches: after this many events */
} BnSimFault;

typedef struct
{
  const BnSimUser *user;
  gint64           expires_at;    /* monotonic time */
} BnSimExpiringToken;

struct _BnSimServer
{
  GObject       parent_instance;

  SoupServer   *soup;
  SoupServer   *control;
  BnSimStore   *store;
  BnSimRbac    *rbac;
  GPtrArray    *users;            /* BnSimUser* */
  GHashTable   *tokens;           /* token → BnSimUser* */
  gboolean      https;

  guint         bookmark_interval;
  guint         watch_timeout;    /* 0 = upstream's random 30–60 min */
  gboolean      watch_list;       /* sendInitialEvents accepted */
  gboolean      ignore_limit_at_zero;
  gboolean      http_410_watch;   /* answer too-old watches with HTTP 410 */

  GPtrArray    *faults;           /* BnSimFault* */
  guint         next_fault_id;

  GPtrArray    *request_log;      /* JSON lines */
  guint         request_log_limit;
  GOutputStream *request_log_file;

  GHashTable   *expiring_tokens;  /* token → BnSimExpiringToken* */
  char         *warning;          /* sent as a Warning: 299 header, or NULL */
  gboolean      gzip;             /* compress large replies for gzip clients */

  GHashTable   *cert_users;       /* client certificate PEM → BnSimUser* */
  char         *client_context;   /* a kubeconfig context authenticated by certificate, or NULL */
  char         *client_cert_pem;
  char         *client_key_pem;
  char         *ca_file;          /* the CA for client certificates, for GTlsFileDatabase */

  GHashTable   *sockets;          /* GSocket* of connections seen, for the reaper */
  guint         reaper_id;

  GPtrArray    *watches;          /* live BnSimWatch* */
  GPtrArray    *resizes;          /* exec terminal sizes seen, "WxH" */
  guint64       served_list_items;
  guint64       served_watch_events;
};

typedef struct
{
  BnSimServer         *server;
  SoupServerMessage   *msg;
  const char          *method;
  const char          *path;
  GHashTable          *query;     /* last value of each parameter */
  const BnSimUser     *user;
  BnSimFault          *fault;     /* the fault matching this request, if any */

  /* Resource requests */
  const BnSimResource *resource;
  char                *namespace; /* NULL = all namespaces */
  char                *name;
  char                *subresource;
  const char          *verb;
} BnSimRequest;

/* Status replies (bn-sim-server.c) */
void        bn_sim_set_status        (SoupServerMessage *msg,
                                      guint              code);
const char *bn_sim_reason_for_code   (guint              code,
                                      const char        *message);
void        bn_sim_reply_status      (SoupServerMessage *msg,
                                      guint              code,
                                      const char        *reason,
                                      const char        *message,
                                      const char        *details_name,
                                      const char        *details_group,
                                      const char        *details_kind);
void        bn_sim_reply_error       (BnSimRequest      *request,
                                      const GError      *error);
void        bn_sim_reply_json        (SoupServerMessage *msg,
                                      guint              code,
                                      GString           *body);
void        bn_sim_reply_builder     (SoupServerMessage *msg,
                                      guint              code,
                                      JsonBuilder       *builder);
char       *bn_sim_status_json       (guint              code,
                                      const char        *reason,
                                      const char        *message,
                                      const char        *details_name,
                                      const char        *details_group,
                                      const char        *details_kind);
void        bn_sim_json_append_string (GString          *out,
                                       const char       *value);
const char *bn_sim_request_get_query (BnSimRequest      *request,
                                      const char        *name);
gboolean    bn_sim_request_get_bool  (BnSimRequest      *request,
                                      const char        *name);
BnSimFault *bn_sim_server_match_fault (BnSimServer      *self,
                                       const char       *method,
                                       const char       *path,
                                       gboolean          watch,
                                       gboolean          list);
void        bn_sim_fault_free        (BnSimFault        *fault);
void        bn_sim_drop_connection   (SoupServerMessage *msg);
void        bn_sim_drop_connection_later (SoupServerMessage *msg);

/* The API (bn-sim-api.c) */
void        bn_sim_api_handle        (BnSimRequest      *request);

/* Watches (bn-sim-watch.c) */
void        bn_sim_watch_start       (BnSimRequest      *request,
                                      int                format,
                                      gboolean           include_object);
void        bn_sim_watch_stop_all    (BnSimServer       *self);

/* Logs and exec (bn-sim-logs.c, bn-sim-exec.c) */
void        bn_sim_logs_handle       (BnSimRequest      *request,
                                      BnSimObject       *pod);
gboolean    bn_sim_exec_precheck     (BnSimRequest      *request,
                                      BnSimObject       *pod);
void        bn_sim_exec_register     (BnSimServer       *self);

/* Control endpoint (bn-sim-control.c) */
void        bn_sim_control_register  (BnSimServer       *self);

G_END_DECLS
