#!/bin/sh
# fake-flatpak-spawn.sh: stands in for `flatpak-spawn --host` in the tests
#
# Copyright 2026 The Binnacle developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks the options Binnacle passes, turns every --env=NAME=VALUE into an exported variable,
# marks the environment so the plugin can tell it came this way, and runs the rest.
if [ "$1" != "--host" ]; then
  echo "fake-flatpak-spawn: --host expected first" >&2
  exit 2
fi
shift
while [ $# -gt 0 ]; do
  case "$1" in
    --watch-bus) shift ;;
    --env=*) export "${1#--env=}"; shift ;;
    --*) echo "fake-flatpak-spawn: unexpected option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
export PLUGIN_VIA_FLATPAK_SPAWN=1
exec "$@"
