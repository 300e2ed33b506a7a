/* bn-sim-resources.h
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _BnSimColumn BnSimColumn;

/* Returns the JSON-encoded cell of @column for @object. A NULL cell
 * is the Age column, rendered when the response is written because it
 * depends on the clock, as is a cell starting with BN_SIM_CELL_RESTARTS
 * (pod restarts and the unix time of the last one: "14 (2m3s ago)").
 */
#define BN_SIM_CELL_RESTARTS '\x01'

typedef char *(*BnSimCellFunc) (JsonObject        *object,
                                const BnSimColumn *column);

struct _BnSimColumn
{
  const char    *name;
  const char    *type;
  const char    *format;
  const char    *description;
  int            priority;
  BnSimCellFunc  cell;      /* NULL for the Age column */
  const char    *path;      /* what @cell reads, e.g. "status.phase" */
  const char    *fallback;  /* what it shows when @path is missing */
};

/* Appends one cell per column of the kind, as BnSimColumn.cell makes them. */
typedef void (*BnSimCellsFunc) (JsonObject *object,
                                GPtrArray  *cells);

typedef struct
{
  const char        *group;
  const char        *version;
  const char        *plural;
  const char        *singular;
  const char        *kind;
  gboolean           namespaced;
  const char        *verbs;         /* space separated */
  const char        *short_names;   /* space separated, may be NULL */
  const char        *categories;    /* space separated, may be NULL */
  const char        *subresources;  /* space separated, may be NULL */
  gboolean           stored;        /* FALSE for create-only virtual kinds */
  const BnSimColumn *columns;
  guint              n_columns;
  BnSimCellsFunc     cells;
  const char        *storage_hash;
} BnSimResource;

const BnSimResource *bn_sim_resources_get_all        (guint               *n_resources);
const BnSimResource *bn_sim_resources_lookup         (const char          *group,
                                                      const char          *version,
                                                      const char          *plural);
const BnSimResource *bn_sim_resources_lookup_kind    (const char          *group,
                                                      const char          *kind);
char                *bn_sim_resource_dup_group_version (const BnSimResource *resource);
gboolean             bn_sim_resource_has_verb        (const BnSimResource *resource,
                                                      const char          *verb);
gboolean             bn_sim_resource_has_subresource (const BnSimResource *resource,
                                                      const char          *subresource);
const char          *bn_sim_resource_subresource_kind (const BnSimResource *resource,
                                                       const char          *subresource,
                                                       const char         **group,
                                                       const char         **version,
                                                       const char         **verbs);
void                 bn_sim_resources_set_metrics_available (gboolean available);
gboolean             bn_sim_resources_get_metrics_available (void);
char                *bn_sim_format_age               (gint64               seconds);
char                *bn_sim_format_cell              (const char          *cell,
                                                      gint64               now);

G_END_DECLS
