#!/usr/bin/python3
# exec-plugin.py: a client.authentication.k8s.io credential plugin for the tests
#
# Copyright 2026 The Binnacle developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issues short-lived tokens ("exec-token-<run>") and counts its runs in a file. What it does is
# chosen by environment variables, which the tests set through the kubeconfig's exec.env:
#   PLUGIN_STATE_DIR  where it counts runs (runs.txt) and records argv and env (last-run.json)
#   PLUGIN_MODE       token (default), cert, cert-without-key, bad-json, wrong-api-version,
#                     deep-json, fail, noisy-fail, flood, nothing, sleep
#   PLUGIN_LIFETIME   seconds until expirationTimestamp (may be negative); unset: none
#   PLUGIN_CERT_FILE / PLUGIN_KEY_FILE  the PEM files handed out in cert mode

import datetime
import json
import os
import sys
import time


def count_run(state_dir):
    path = os.path.join(state_dir, "runs.txt")
    with open(path, "a", encoding="utf-8") as runs:
        runs.write("run\n")
    with open(path, encoding="utf-8") as runs:
        return len(runs.readlines())


def record(state_dir, exec_info):
    recorded = {
        "argv": sys.argv[1:],
        "exec_info": exec_info,
        "env": {k: v for k, v in os.environ.items() if k.startswith("PLUGIN_")},
        "stdin_is_tty": os.isatty(0),
        "pid": os.getpid(),
    }
    with open(os.path.join(state_dir, "last-run.json"), "w", encoding="utf-8") as out:
        json.dump(recorded, out)


def main():
    state_dir = os.environ["PLUGIN_STATE_DIR"]
    mode = os.environ.get("PLUGIN_MODE", "token")
    exec_info = json.loads(os.environ.get("KUBERNETES_EXEC_INFO", "{}"))
    run = count_run(state_dir)
    record(state_dir, exec_info)

    if mode == "fail":
        print("error: the session for profile dev has expired; run 'sso login'", file=sys.stderr)
        return 3
    if mode == "nothing":
        return 0
    if mode == "bad-json":
        print("{\"apiVersion\": \"client.authentication.k8s.io/v1\", \"kind\": ")
        return 0
    if mode == "flood":
        while True:
            sys.stdout.write("x" * 65536)
    if mode == "noisy-fail":
        for i in range(20000):
            print("progress line %d of a chatty plugin" % i, file=sys.stderr)
        print("error: giving up after all that", file=sys.stderr)
        return 4
    if mode == "deep-json":
        print("[" * 200000)
        return 0
    if mode == "sleep":
        time.sleep(60)
        return 0

    api_version = exec_info.get("apiVersion", "")
    if mode == "wrong-api-version":
        api_version = "client.authentication.k8s.io/v1alpha1"

    status = {}
    if mode in ("cert", "cert-without-key"):
        with open(os.environ["PLUGIN_CERT_FILE"], encoding="utf-8") as cert:
            status["clientCertificateData"] = cert.read()
        if mode == "cert":
            with open(os.environ["PLUGIN_KEY_FILE"], encoding="utf-8") as key:
                status["clientKeyData"] = key.read()
    else:
        status["token"] = "exec-token-%d" % run

    lifetime = os.environ.get("PLUGIN_LIFETIME")
    if lifetime is not None:
        expiry = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=float(lifetime))
        status["expirationTimestamp"] = expiry.strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    json.dump({"apiVersion": api_version, "kind": "ExecCredential", "status": status}, sys.stdout)
    return 0


sys.exit(main())
