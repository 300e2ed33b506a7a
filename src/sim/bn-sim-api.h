/* bn-sim-api.h
 *
 * Copyright 2026 The Binnacle developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bn-sim-server-private.h"
#include "bn-sim-selector.h"

G_BEGIN_DECLS

typedef enum
{
  BN_SIM_FORMAT_JSON,
  BN_SIM_FORMAT_TABLE,
  BN_SIM_FORMAT_METADATA,
  BN_SIM_FORMAT_METADATA_LIST,
  BN_SIM_FORMAT_NONE,          /* nothing acceptable: 406 */
} BnSimFormat;

typedef enum
{
  BN_SIM_INCLUDE_NONE,
  BN_SIM_INCLUDE_METADATA,
  BN_SIM_INCLUDE_OBJECT,
} BnSimInclude;

BnSimFormat bn_sim_negotiate_format   (const char          *accept);
void        bn_sim_append_columns     (GString             *out,
                                       const BnSimResource *resource);
void        bn_sim_append_row         (GString             *out,
                                       BnSimObject         *object,
                                       BnSimInclude         include,
                                       gint64               now);
void        bn_sim_append_partial     (GString             *out,
                                       BnSimObject         *object);
gboolean    bn_sim_parse_include      (BnSimRequest        *request,
                                       BnSimInclude        *include);
gboolean    bn_sim_apply_merge_patch  (JsonObject          *target,
                                       JsonObject          *patch);
gboolean    bn_sim_apply_strategic_merge_patch (JsonObject *target,
                                                JsonObject *patch);
void        bn_sim_record_apply       (JsonObject          *live,
                                       JsonObject          *applied,
                                       const char          *manager,
                                       const char          *api_version);
gboolean    bn_sim_apply_json_patch   (JsonNode            *target,
                                       JsonArray           *patch,
                                       GError             **error);
gboolean    bn_sim_discovery_handle   (BnSimRequest        *request,
                                       GStrv                segments);
gboolean    bn_sim_authorize_path     (BnSimRequest        *request);
gboolean    bn_sim_openapi_handle     (BnSimRequest        *request,
                                       GStrv                segments);
JsonNode   *bn_sim_read_body          (BnSimRequest        *request,
                                       const char * const  *content_types);
void        bn_sim_reviews_handle_access (BnSimRequest     *request);
void        bn_sim_reviews_handle_rules  (BnSimRequest     *request);
void        bn_sim_reviews_handle_self   (BnSimRequest     *request);
void        bn_sim_metrics_handle     (BnSimRequest        *request);
JsonNode   *bn_sim_parse_body         (const char          *data,
                                       gsize                length,
                                       GError             **error);

G_END_DECLS
