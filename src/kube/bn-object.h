/* bn-object.h: the one main-thread row of one Kubernetes object
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "bn-object-snapshot.h"

G_BEGIN_DECLS

#define BN_TYPE_OBJECT (bn_object_get_type ())

G_DECLARE_FINAL_TYPE (BnObject, bn_object, BN, OBJECT, GObject)

BnObject         *bn_object_new                  (BnObjectSnapshot *snapshot);
BnObjectSnapshot *bn_object_get_snapshot         (BnObject         *self);
void              bn_object_set_snapshot         (BnObject         *self,
                                                  BnObjectSnapshot *snapshot);

const char       *bn_object_get_uid              (BnObject         *self);
const char       *bn_object_get_name             (BnObject         *self);
const char       *bn_object_get_namespace        (BnObject         *self);
const char       *bn_object_get_resource_version (BnObject         *self);
gint64            bn_object_get_creation_time    (BnObject         *self);
gboolean          bn_object_get_deleting         (BnObject         *self);
const char       *bn_object_get_status           (BnObject         *self);
const char       *bn_object_get_phase            (BnObject         *self);
char             *bn_object_dup_ready            (BnObject         *self);
guint             bn_object_get_ready_containers (BnObject         *self);
guint             bn_object_get_total_containers (BnObject         *self);
guint             bn_object_get_restarts         (BnObject         *self);
gint64            bn_object_get_last_restart_time (BnObject        *self);
const char       *bn_object_get_node             (BnObject         *self);
const char       *bn_object_get_ip               (BnObject         *self);

G_END_DECLS
