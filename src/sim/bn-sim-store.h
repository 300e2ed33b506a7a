/* bn-sim-store.h
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bn-sim-resources.h"

G_BEGIN_DECLS

/* Errors carry the HTTP status as their code and upstream's message. */
#define BN_SIM_ERROR (bn_sim_error_quark ())
GQuark bn_sim_error_quark (void);

typedef enum
{
  BN_SIM_EVENT_ADDED,
  BN_SIM_EVENT_MODIFIED,
  BN_SIM_EVENT_DELETED,
} BnSimEventType;

typedef struct
{
  guint                ref_count;
  const BnSimResource *resource;
  char                *key;            /* "namespace/name", or "/name" */
  char                *namespace;      /* "" when cluster scoped */
  char                *name;
  char                *uid;
  guint64              resource_version;
  gint64               created;        /* unix time */
  gint64               age_from;       /* what Age cells count from: created, or an event's lastTimestamp */
  GHashTable          *labels;
  GHashTable          *fields;         /* field selector values */
  GBytes              *json;           /* the object without kind and apiVersion */
  char                *metadata_json;
  GPtrArray           *cells;          /* JSON cells for Table rows, NULL for Age */
} BnSimObject;

typedef struct
{
  BnSimEventType  type;
  guint64         resource_version;
  BnSimObject    *object;
  BnSimObject    *previous;            /* state before a change, or NULL */
} BnSimEvent;

BnSimObject *bn_sim_object_new            (const BnSimResource *resource,
                                           JsonObject          *object);
BnSimObject *bn_sim_object_ref            (BnSimObject         *self);
void         bn_sim_object_unref          (BnSimObject         *self);
JsonObject  *bn_sim_object_parse          (BnSimObject         *self);
void         bn_sim_object_append_item    (BnSimObject         *self,
                                           GString             *out);
void         bn_sim_object_append_full    (BnSimObject         *self,
                                           GString             *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnSimObject, bn_sim_object_unref)

const char  *bn_sim_event_type_to_string  (BnSimEventType       type);

#define BN_SIM_TYPE_STORE (bn_sim_store_get_type ())

G_DECLARE_FINAL_TYPE (BnSimStore, bn_sim_store, BN_SIM, STORE, GObject)

/* Returns FALSE to stop the iteration. */
typedef gboolean (*BnSimObjectFunc) (BnSimObject *object,
                                     gpointer     user_data);
typedef gboolean (*BnSimEventFunc)  (BnSimEvent  *event,
                                     gpointer     user_data);

BnSimStore  *bn_sim_store_new                  (void);
guint64      bn_sim_store_get_resource_version (BnSimStore          *self);
guint64      bn_sim_store_get_history_floor    (BnSimStore          *self);
guint64      bn_sim_store_get_rbac_generation  (BnSimStore          *self);
void         bn_sim_store_set_history_limit    (BnSimStore          *self,
                                                guint                limit);
void         bn_sim_store_forget_history       (BnSimStore          *self);
void         bn_sim_store_compact              (BnSimStore          *self,
                                                guint64              resource_version);
BnSimObject *bn_sim_store_get                  (BnSimStore          *self,
                                                const BnSimResource *resource,
                                                const char          *namespace,
                                                const char          *name);
guint        bn_sim_store_count                (BnSimStore          *self,
                                                const BnSimResource *resource,
                                                const char          *namespace);
void         bn_sim_store_foreach              (BnSimStore          *self,
                                                const BnSimResource *resource,
                                                const char          *namespace,
                                                const char          *after_key,
                                                BnSimObjectFunc      func,
                                                gpointer             user_data);
void         bn_sim_store_foreach_event_since  (BnSimStore          *self,
                                                guint64              resource_version,
                                                BnSimEventFunc       func,
                                                gpointer             user_data);
BnSimObject *bn_sim_store_create               (BnSimStore          *self,
                                                const BnSimResource *resource,
                                                JsonObject          *object,
                                                gboolean             dry_run,
                                                GError             **error);
BnSimObject *bn_sim_store_update               (BnSimStore          *self,
                                                const BnSimResource *resource,
                                                JsonObject          *object,
                                                gboolean             dry_run,
                                                GError             **error);
BnSimObject *bn_sim_store_touch                (BnSimStore          *self,
                                                BnSimObject         *current,
                                                const char          *key,
                                                const char          *value);
BnSimObject *bn_sim_store_delete               (BnSimStore          *self,
                                                const BnSimResource *resource,
                                                const char          *namespace,
                                                const char          *name,
                                                const char          *precondition_rv,
                                                gboolean             dry_run,
                                                GError             **error);
BnSimObject *bn_sim_store_delete_gracefully    (BnSimStore          *self,
                                                const BnSimResource *resource,
                                                const char          *namespace,
                                                const char          *name,
                                                gint64               grace_seconds,
                                                const char          *precondition_rv,
                                                gboolean             dry_run,
                                                GError             **error);

char        *bn_sim_format_timestamp           (gint64               unix_time);

G_END_DECLS
