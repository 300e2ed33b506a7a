#!/usr/bin/python3
# test-binnacle-get.py: binnacle-get prints what kubectl get prints, on one binnacle-sim store
#
# Copyright 2026 The Binnacle developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-binnacle-get.py BINNACLE_GET   (BINNACLE_SIM in the environment)
#
# Starts binnacle-sim with the demo scenario and with scale:10000, runs `binnacle-get KIND` and
# `kubectl get KIND` on the same store and compares the tables cell by cell with ages masked
# (they tick between the two runs). Each table's layout is checked on its own against
# kubectl's tab writer rule, so kubectl's output shows the rule is right and ours that we
# follow it. Errors must read exactly as kubectl's. TAP output; no kubectl means SKIP.

import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

KUBECTL = '/usr/bin/kubectl'
AGE_COLUMNS = ('AGE', 'LAST SEEN')
MIN_WIDTH = 6
PADDING = 3


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, passed, name, detail=''):
        self.n += 1
        print(('ok' if passed else 'not ok') + ' %d - %s' % (self.n, name))
        if not passed:
            self.failed += 1
            for line in detail.splitlines()[:60]:
                print('# ' + line)
        sys.stdout.flush()

    def skip(self, name, reason):
        self.n += 1
        print('ok %d - %s # SKIP %s' % (self.n, name, reason))

    def finish(self):
        print('1..%d' % self.n)
        return 1 if self.failed else 0


class Sim:
    """binnacle-sim on a free loopback port, with its kubeconfig."""

    def __init__(self, workdir, scenario):
        self.kubeconfig = os.path.join(workdir, 'kubeconfig-' + scenario.replace(':', '-'))
        self.proc = subprocess.Popen(
            [os.environ['BINNACLE_SIM'], '--scenario', scenario, '--listen', '127.0.0.1:0',
             '--write-kubeconfig', self.kubeconfig],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            if line.startswith('listening on '):
                self.server = line.split()[-1]
                return
        self.stop()
        raise RuntimeError('binnacle-sim did not start with scenario ' + scenario)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def run(argv, env):
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)


def parse_table(text):
    """Splits a table at the header's column starts. Returns (headers, rows, starts)."""
    lines = text.splitlines()
    if not lines:
        return [], [], []
    header = lines[0]
    starts = [m.start() for m in re.finditer(r'(?:^|(?<=   ))\S', header)]
    headers = [header[a:b].strip() for a, b in zip(starts, starts[1:] + [None])]
    rows = [[line[a:b].strip() for a, b in zip(starts, starts[1:] + [None])]
            for line in lines[1:]]
    return headers, rows, starts


def layout_problems(text):
    """Where a table is not laid out as kubectl's tab writer lays it out (min width 6,
    padding 3, last column unpadded)."""
    headers, rows, starts = parse_table(text)
    problems = []
    for column in range(len(headers) - 1):
        widest = max(len(cells[column]) for cells in [headers] + rows)
        expected = max(MIN_WIDTH, widest + PADDING)
        width = starts[column + 1] - starts[column]
        if width != expected:
            problems.append('column %s is %d wide, the tab writer makes it %d'
                            % (headers[column], width, expected))
    for number, line in enumerate(text.splitlines()):
        if line != line.rstrip():
            problems.append('line %d ends in spaces' % (number + 1))
    return problems


def masked(headers, rows):
    out = []
    for cells in rows:
        cells = list(cells)
        for i, name in enumerate(headers):
            if name in AGE_COLUMNS:
                cells[i] = '<age>'
            elif name == 'RESTARTS':
                # binnacle-sim's Table leaves out upstream's " (AGE ago)" after the count (its
                # pod printer is behind kubernetes' printPod); the count must still agree.
                cells[i] = re.sub(r'^(\d+) \(.* ago\)$', r'\1', cells[i])
        out.append(cells)
    return out


def compare_get(tap, name, binnacle_get, kubectl_args, get_args, env, attempts=3):
    """Runs both and compares; a live store may change between the two runs, so a mismatch
    is tried again a few times before it counts."""
    detail = ''
    for _ in range(attempts):
        ours = run([binnacle_get] + get_args, env)
        theirs = run([KUBECTL] + kubectl_args, env)
        if ours.returncode != 0 or theirs.returncode != 0:
            detail = 'binnacle-get %d: %s\nkubectl %d: %s' % (
                ours.returncode, ours.stderr, theirs.returncode, theirs.stderr)
            continue
        our_headers, our_rows, _ = parse_table(ours.stdout)
        their_headers, their_rows, _ = parse_table(theirs.stdout)
        problems = ['binnacle-get: ' + p for p in layout_problems(ours.stdout)]
        problems += ['kubectl: ' + p for p in layout_problems(theirs.stdout)]
        if our_headers != their_headers:
            problems.append('headers %r != %r' % (our_headers, their_headers))
        ours_masked = masked(our_headers, our_rows)
        theirs_masked = masked(their_headers, their_rows)
        if len(our_rows) == 0:
            problems.append('no rows')
        if ours_masked != theirs_masked:
            problems.append('%d rows against %d' % (len(our_rows), len(their_rows)))
            for a, b in zip(ours_masked, theirs_masked):
                if a != b:
                    problems.append('first difference:\n  binnacle-get %r\n  kubectl      %r' % (a, b))
                    break
        if not problems:
            tap.ok(True, '%s (%d rows)' % (name, len(our_rows)))
            return
        detail = '\n'.join(problems)
    tap.ok(False, name, detail)


def compare_error(tap, name, binnacle_get, kubectl_args, get_args, env):
    ours = run([binnacle_get] + get_args, env)
    theirs = run([KUBECTL] + kubectl_args, env)
    our_lines = [l for l in ours.stderr.splitlines() if l.strip()]
    # kubectl's own log lines (E1123 ... memcache.go) are not the message
    their_lines = [l for l in theirs.stderr.splitlines() if l.strip() and not re.match(r'^[EWI]\d{4} ', l)]
    passed = (ours.returncode == 1 and theirs.returncode == 1 and our_lines == their_lines
              and len(our_lines) == 1 and ours.stdout == '')
    tap.ok(passed, name, 'binnacle-get (%d): %r\nkubectl (%d): %r'
           % (ours.returncode, ours.stderr, theirs.returncode, theirs.stderr))


def watch_sees_deletion(tap, binnacle_get, kubeconfig, env):
    """--watch prints the table, then a row for a pod deleted with kubectl."""
    proc = subprocess.Popen([binnacle_get, '--kubeconfig', kubeconfig, 'pods', '-n', 'shop', '--watch'],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(l) for l in proc.stdout], daemon=True).start()

    def read_line(timeout):
        try:
            return lines.get(timeout=timeout)
        except queue.Empty:
            return None

    detail = ''
    passed = False
    try:
        table = []
        while True:
            line = read_line(30 if not table else 2)
            if line is None:
                break
            table.append(line)
        victim = table[-1].split()[0] if len(table) > 1 else None
        if victim is None:
            detail = 'no table: %r' % table
        else:
            deleted = run([KUBECTL, '--kubeconfig', kubeconfig, 'delete', 'pod', '-n', 'shop', victim,
                           '--wait=false'], env)
            deadline = time.monotonic() + 30
            seen = []
            while time.monotonic() < deadline:
                line = read_line(deadline - time.monotonic())
                if line is None:
                    break
                seen.append(line)
                if line.split()[:1] == [victim]:
                    passed = deleted.returncode == 0
                    break
            detail = 'deleted %s (%d: %s); rows after the table: %r' % (
                victim, deleted.returncode, deleted.stderr.strip(), seen)
    finally:
        proc.send_signal(2)
        try:
            status = proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            status = proc.wait()
    errors = proc.stderr.read()
    tap.ok(passed and status == 0, 'demo: --watch prints a deleted pod',
           detail + '\nexit %d, stderr %r' % (status, errors))


def main():
    binnacle_get = sys.argv[1]
    tap = Tap()
    names = ['demo: pods -A', 'demo: pods -A -o wide', 'demo: deployments -A',
             'demo: deployments -A -o wide', 'demo: nodes', 'demo: nodes -o wide',
             'demo: events -A', 'demo: namespaces', 'demo: pods -n shop',
             'demo: serviceaccounts -A (through discovery)', 'unknown kind', 'viewer on secrets: Forbidden',
             'demo: --watch prints a deleted pod',
             'bad token: Unauthorized', 'scale:10000: pods -A']
    if not os.access(KUBECTL, os.X_OK):
        for name in names:
            tap.skip(name, 'no kubectl at ' + KUBECTL)
        return tap.finish()

    workdir = tempfile.mkdtemp(prefix='binnacle-get-test-')
    env = dict(os.environ, HOME=workdir, KUBECONFIG='/nonexistent')
    if env.get('ASAN_OPTIONS'):
        # LeakSanitizer's tracer can crash on the dynamic TLS of dlopen()ed GIO modules (the
        # GnuTLS backend) with GCC 12 and glibc 2.36 ("Tracer caught signal 11", "DTLS ...");
        # leaks are still checked.
        env['ASAN_OPTIONS'] += ':intercept_tls_get_addr=0'
    sims = []
    try:
        demo = Sim(workdir, 'demo')
        sims.append(demo)
        kc = ['--kubeconfig', demo.kubeconfig]
        for label, args in (('pods -A', ['pods', '-A']),
                            ('pods -A -o wide', ['pods', '-A', '-o', 'wide']),
                            ('deployments -A', ['deployments', '-A']),
                            ('deployments -A -o wide', ['deployments', '-A', '-o', 'wide']),
                            ('nodes', ['nodes']),
                            ('nodes -o wide', ['nodes', '-o', 'wide']),
                            ('events -A', ['events', '-A']),
                            ('namespaces', ['namespaces']),
                            ('pods -n shop', ['pods', '-n', 'shop']),
                            ('serviceaccounts -A (through discovery)', ['serviceaccounts', '-A'])):
            compare_get(tap, 'demo: ' + label, binnacle_get, kc + ['get'] + args, kc + args, env)

        compare_error(tap, 'unknown kind', binnacle_get, kc + ['get', 'no-such-kind'], kc + ['no-such-kind'], env)

        compare_error(tap, 'viewer on secrets: Forbidden', binnacle_get,
                      kc + ['--context', 'viewer', 'get', 'secrets', '-n', 'shop'],
                      kc + ['--context', 'viewer', 'secrets', '-n', 'shop'], env)

        bad = os.path.join(workdir, 'bad-token')
        with open(demo.kubeconfig) as f:
            text = f.read()
        with open(bad, 'w') as f:
            f.write(text.replace('binnacle-admin-token', 'not-a-token'))
        os.chmod(bad, 0o600)
        compare_error(tap, 'bad token: Unauthorized', binnacle_get,
                      ['--kubeconfig', bad, 'get', 'pods'], ['--kubeconfig', bad, 'pods'], env)

        # last: it changes the store
        watch_sees_deletion(tap, binnacle_get, demo.kubeconfig, env)
        demo.stop()
        sims.remove(demo)

        scale = Sim(workdir, 'scale:10000')
        sims.append(scale)
        kc = ['--kubeconfig', scale.kubeconfig]
        compare_get(tap, 'scale:10000: pods -A', binnacle_get, kc + ['get', 'pods', '-A'],
                    kc + ['pods', '-A'], env, attempts=1)
    finally:
        for sim in sims:
            sim.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
