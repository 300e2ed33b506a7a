# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Binnacle developers
#
# Starts binnacle-sim for a test, and prints TAP.

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request


class Sim:
    """One binnacle-sim process with its kubeconfig and control endpoint."""

    def __init__(self, scenario='demo', extra_args=()):
        self.binary = os.environ.get('BINNACLE_SIM')
        if not self.binary or not os.path.exists(self.binary):
            raise RuntimeError('BINNACLE_SIM does not point at binnacle-sim')
        self.tmp = tempfile.mkdtemp(prefix='binnacle-sim-test-')
        self.kubeconfig = os.path.join(self.tmp, 'kubeconfig')
        args = [self.binary, '--scenario', scenario, '--write-kubeconfig', self.kubeconfig,
                '--control', '127.0.0.1:0', *extra_args]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.url = None
        self.control = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (self.url is None or self.control is None):
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError('binnacle-sim exited: ' + self.proc.stderr.read())
            if line.startswith('listening on '):
                self.url = line.split()[-1]
            elif line.startswith('control on '):
                self.control = line.split()[-1]
        if self.url is None or self.control is None:
            raise RuntimeError('binnacle-sim did not start')

    def env(self):
        env = dict(os.environ)
        env['HOME'] = self.tmp          # a fresh kubectl discovery cache
        env['KUBECONFIG'] = self.kubeconfig
        env.pop('KUBERNETES_SERVICE_HOST', None)
        return env

    def control_call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.control + path, data=data, method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
        return text

    def control_json(self, method, path, body=None):
        return json.loads(self.control_call(method, path, body))

    def requests(self):
        text = self.control_call('GET', '/requests')
        return [json.loads(line) for line in text.splitlines() if line]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


class Tap:
    """A tiny TAP producer: each case is a function that raises on failure."""

    def __init__(self):
        self.cases = []

    def case(self, function):
        self.cases.append(function)
        return function

    def run(self, skip_reason=None):
        print('1..%d' % len(self.cases), flush=True)
        failed = 0
        for number, function in enumerate(self.cases, 1):
            name = function.__name__
            if skip_reason:
                print('ok %d - %s # SKIP %s' % (number, name, skip_reason), flush=True)
                continue
            try:
                function()
                print('ok %d - %s' % (number, name), flush=True)
            except Exception:  # noqa: BLE001 — every failure is reported, then the next case runs
                failed += 1
                print('not ok %d - %s' % (number, name), flush=True)
                for line in traceback.format_exc().splitlines():
                    print('# ' + line, flush=True)
        return 1 if failed else 0


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def wait_for(predicate, timeout=10.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def exit_with(code):
    sys.stdout.flush()
    sys.exit(code)
