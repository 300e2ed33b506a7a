#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Binnacle developers
#
# A client-go exec credential plugin for binnacle-sim: every run mints a
# fresh token on the sim's control endpoint that turns 401 after
# BINNACLE_SIM_TOKEN_TTL seconds, and prints it as an ExecCredential
# whose expirationTimestamp says the same. Each token minted is
# appended to BINNACLE_SIM_TOKEN_LOG so tests can count the runs.
#
# Environment: BINNACLE_SIM_CONTROL (the control URL, required),
# BINNACLE_SIM_TOKEN_USER (default admin), BINNACLE_SIM_TOKEN_TTL
# (default 2), BINNACLE_SIM_TOKEN_LOG (optional).

import datetime
import json
import os
import secrets
import sys
import urllib.request


def main():
    control = os.environ.get('BINNACLE_SIM_CONTROL')
    if not control:
        print('BINNACLE_SIM_CONTROL is not set', file=sys.stderr)
        return 1
    user = os.environ.get('BINNACLE_SIM_TOKEN_USER', 'admin')
    ttl = int(os.environ.get('BINNACLE_SIM_TOKEN_TTL', '2'))
    token = 'exec-' + secrets.token_hex(16)

    request = urllib.request.Request(control + '/tokens', method='POST',
                                     data=json.dumps({'user': user, 'token': token, 'ttl': ttl}).encode(),
                                     headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()

    # client-go hands the plugin its request in KUBERNETES_EXEC_INFO; answer in its apiVersion.
    info = json.loads(os.environ.get('KUBERNETES_EXEC_INFO') or '{}')
    api_version = info.get('apiVersion', 'client.authentication.k8s.io/v1')
    expires = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=ttl)

    log = os.environ.get('BINNACLE_SIM_TOKEN_LOG')
    if log:
        with open(log, 'a') as out:
            out.write(token + '\n')

    json.dump({'kind': 'ExecCredential', 'apiVersion': api_version,
               'status': {'token': token,
                          'expirationTimestamp': expires.strftime('%Y-%m-%dT%H:%M:%SZ')}},
              sys.stdout)
    print()
    return 0


if __name__ == '__main__':
    sys.exit(main())
