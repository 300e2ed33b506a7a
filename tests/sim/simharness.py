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
        self.stderr_path = os.path.join(self.tmp, 'stderr')
        self.stderr_file = open(self.stderr_path, 'w')
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.stderr_file, text=True)
        try:
            self._wait_until_serving()
        except BaseException:
            self.proc.kill()
            self.proc.wait()
            raise

    def _wait_until_serving(self):
        self.url = None
        self.control = None
        deadline = time.monotonic() + 300   # scale:N under ASan on a busy machine is slow
        while time.monotonic() < deadline and (self.url is None or self.control is None):
            line = self.proc.stdout.readline()
            if not line:
                self.proc.wait()
                with open(self.stderr_path) as f:
                    raise RuntimeError('binnacle-sim exited: ' + f.read())
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
        """Stops the sim; returns 0 if it was alive and shut down cleanly."""
        alive = self.proc.poll() is None
        if alive:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self.stderr_file.close()
        with open(self.stderr_path) as f:
            errors = f.read()
        shutil.rmtree(self.tmp, ignore_errors=True)
        only_leaks = ('LeakSanitizer: detected memory leaks' in errors and
                      'ERROR: AddressSanitizer' not in errors and 'runtime error' not in errors)
        if alive and self.proc.returncode != 0 and only_leaks:
            # Reported, not failed: libsoup 3.2's server never releases the GSocket of a
            # kept-alive connection its client closed (a bare SoupServer shows it too); the
            # sim closes those descriptors itself. The unit suite is the leak gate.
            print('# binnacle-sim reported leaks at exit:')
            for line in errors.splitlines():
                if 'leak of' in line or 'SUMMARY' in line:
                    print('#   ' + line.strip())
            return 0
        if not alive or self.proc.returncode != 0:
            # A crash, or a sanitizer error.
            print('# binnacle-sim died or failed at exit (%s)' % self.proc.returncode)
            for line in errors.splitlines()[-60:]:
                print('# ' + line)
            return 1
        return 0


class Tap:
    """A tiny TAP producer: each case is a function that raises on failure."""

    def __init__(self):
        self.cases = []

    def case(self, function):
        self.cases.append(function)
        return function

    def run(self, skip_reason=None):
        only = os.environ.get('BINNACLE_SIM_TESTS')   # comma-separated case names, for debugging
        if only:
            self.cases = [c for c in self.cases if c.__name__ in only.split(',')]
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
