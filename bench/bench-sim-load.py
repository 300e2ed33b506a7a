#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Binnacle developers
#
# How much binnacle-sim serves: list items/s (paged and whole) and watch
# events/s, each against a floor measured in the same run (requests/s of
# GET /healthz over the same TLS connection kind), so the sim is never
# the bottleneck of a client benchmark.

import base64
import http.client
import json
import os
import re
import socket
import ssl
import subprocess
import sys
import tempfile
import multiprocessing
import time
import urllib.parse
import urllib.request

SIM = os.environ.get('BINNACLE_SIM') or os.path.join(os.path.dirname(__file__), '..', 'build', 'src', 'sim', 'binnacle-sim')
PODS = int(os.environ.get('BENCH_SIM_PODS', '10000'))
TOKEN = 'binnacle-admin-token'


def start_sim(tmp):
    kubeconfig = os.path.join(tmp, 'kubeconfig')
    proc = subprocess.Popen([SIM, '--scenario', 'scale:%d' % PODS, '--write-kubeconfig', kubeconfig,
                             '--control', '127.0.0.1:0', '--history', '1000000'],
                            stdout=subprocess.PIPE, text=True)
    url = control = None
    while url is None or control is None:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit('binnacle-sim did not start')
        if line.startswith('listening on '):
            url = line.split()[-1]
        elif line.startswith('control on '):
            control = line.split()[-1]
    with open(kubeconfig) as f:
        ca = base64.b64decode(re.search(r'certificate-authority-data: (\S+)', f.read()).group(1)).decode()
    context = ssl.create_default_context(cadata=ca)
    return proc, urllib.parse.urlparse(url), control, context, ca


def connect(url, context):
    return http.client.HTTPSConnection(url.hostname, url.port, context=context, timeout=60)


def get(conn, path):
    conn.request('GET', path, headers={'Authorization': 'Bearer ' + TOKEN, 'Accept': 'application/json'})
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit('%s: %d %s' % (path, response.status, body[:200]))
    return body


def control_post(control, path, body):
    request = urllib.request.Request(control + path, data=json.dumps(body).encode(), method='POST')
    urllib.request.urlopen(request, timeout=30).read()


def floor_requests_per_second(url, context, seconds=1.0):
    conn = connect(url, context)
    count = 0
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        get(conn, '/healthz')
        count += 1
    conn.close()
    return count / (time.monotonic() - started)


def paged_list(url, context, limit):
    conn = connect(url, context)
    items = 0
    total_bytes = 0
    token = ''
    started = time.monotonic()
    while True:
        path = '/api/v1/pods?limit=%d' % limit + ('&continue=' + urllib.parse.quote(token) if token else '')
        body = get(conn, path)
        total_bytes += len(body)
        # The list metadata comes first; count items without parsing them all.
        head = body[:1024].decode(errors='replace')
        match = re.search(r'"continue":"([^"]*)"', head)
        items += body.count(b'{"metadata":')
        token = match.group(1) if match else None
        if not token:
            break
    elapsed = time.monotonic() - started
    conn.close()
    return items, total_bytes, elapsed


def whole_list(url, context):
    conn = connect(url, context)
    started = time.monotonic()
    body = get(conn, '/api/v1/pods')
    elapsed = time.monotonic() - started
    conn.close()
    return body.count(b'{"metadata":'), len(body), elapsed


def watch_reader(host, port, ca, start_rv, timeout, counter, stop):
    """One watcher in its own process: counts event lines on a raw TLS socket."""
    context = ssl.create_default_context(cadata=ca)
    raw = socket.create_connection((host, port))
    sock = context.wrap_socket(raw, server_hostname=host)
    sock.sendall(('GET /api/v1/pods?watch=1&resourceVersion=%s&timeoutSeconds=%d HTTP/1.1\r\n'
                  'Host: %s\r\nAuthorization: Bearer %s\r\n\r\n'
                  % (start_rv, timeout, host, TOKEN)).encode())
    sock.settimeout(0.5)
    while not stop.is_set():
        try:
            data = sock.recv(1 << 20)
        except socket.timeout:
            continue
        if not data:
            break
        with counter.get_lock():
            counter.value += data.count(b'}\n')
    sock.close()


def watch_events(url, ca, context, control, watchers=4, seconds=3.0, rate=5000):
    counters = [multiprocessing.Value('l', 0) for _ in range(watchers)]
    stop = multiprocessing.Event()

    conn = connect(url, context)
    start_rv = json.loads(get(conn, '/api/v1/namespaces/load-0/pods?limit=1'))['metadata']['resourceVersion']
    conn.close()
    readers = [multiprocessing.Process(target=watch_reader,
                                       args=(url.hostname, url.port, ca, start_rv, int(seconds) + 5, counters[i], stop))
               for i in range(watchers)]
    for reader in readers:
        reader.start()
    time.sleep(0.5)
    control_post(control, '/churn', {'rate': rate})
    before = sum(c.value for c in counters)
    started = time.monotonic()
    time.sleep(seconds)
    after = sum(c.value for c in counters)
    elapsed = time.monotonic() - started
    control_post(control, '/churn', {'rate': 0})
    stop.set()
    for reader in readers:
        reader.join(timeout=5)
    return after - before, elapsed, watchers


def main():
    with tempfile.TemporaryDirectory() as tmp:
        proc, url, control, context, ca = start_sim(tmp)
        try:
            floor = floor_requests_per_second(url, context)
            items, size, elapsed = paged_list(url, context, 500)
            paged_rate = items / elapsed
            whole_items, whole_size, whole_elapsed = whole_list(url, context)
            events, watch_elapsed, watchers = watch_events(url, ca, context, control)
            event_rate = events / watch_elapsed

            print('floor: %.0f GET /healthz per second' % floor)
            print('list (limit=500): %d items in %.3f s = %.0f items/s, %.1f MB/s (%.1fx floor requests/s)'
                  % (items, elapsed, paged_rate, size / elapsed / 1e6, paged_rate / floor))
            print('list (whole): %d items, %.1f MB in %.3f s = %.0f items/s'
                  % (whole_items, whole_size / 1e6, whole_elapsed, whole_items / whole_elapsed))
            print('watch: %d events to %d watchers in %.2f s = %.0f events/s (%.1fx floor requests/s)'
                  % (events, watchers, watch_elapsed, event_rate, event_rate / floor))
            return 0 if items == PODS and whole_items == PODS and events > 0 else 1
        finally:
            proc.terminate()
            proc.wait()


if __name__ == '__main__':
    sys.exit(main())
