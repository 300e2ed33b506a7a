#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Binnacle developers
#
# binnacle-sim at the HTTP level: bad input, media types, watch edge
# cases and every kind of injected fault.

import base64
import gzip
import http.client
import json
import os
import re
import socket
import ssl
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from simharness import Sim, Tap, check, exit_with  # noqa: E402

tap = Tap()
sim = None
context = None
TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'


def connection():
    url = sim.url.split('//')[1]
    host, port = url.split(':')
    return http.client.HTTPSConnection(host, int(port), context=context, timeout=30)


def call(method, path, body=None, token='binnacle-admin-token', headers=None):
    conn = connection()
    all_headers = {'Accept': 'application/json'}
    if token:
        all_headers['Authorization'] = 'Bearer ' + token
    if body is not None and 'Content-Type' not in (headers or {}):
        all_headers['Content-Type'] = 'application/json'
    all_headers.update(headers or {})
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    conn.request(method, path, body=body, headers=all_headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data


def status_of(data):
    body = json.loads(data)
    check(body['kind'] == 'Status' and body['apiVersion'] == 'v1', body)
    return body


def watch_lines(path, count, token='binnacle-admin-token', timeout=10):
    """Reads up to count NDJSON lines from a watch."""
    conn = connection()
    conn.request('GET', path, headers={'Authorization': 'Bearer ' + token})
    response = conn.getresponse()
    check(response.status == 200, response.status)
    check(response.getheader('Transfer-Encoding') == 'chunked', response.getheaders())
    lines = []
    deadline = time.monotonic() + timeout
    while len(lines) < count and time.monotonic() < deadline:
        line = response.readline()
        if not line:
            break
        lines.append(json.loads(line))
    conn.close()
    return lines


@tap.case
def unauthorized_without_or_with_bad_token():
    for token in (None, 'wrong'):
        response, data = call('GET', '/api/v1/pods', token=token)
        body = status_of(data)
        check(response.status == 401 and body['reason'] == 'Unauthorized' and body['message'] == 'Unauthorized', data)
    response, data = call('GET', '/version', token=None)
    check(response.status == 200 and json.loads(data)['gitVersion'] == 'v1.33.0', data)


@tap.case
def unknown_paths_and_objects():
    response, data = call('GET', '/apis/nope.example.com/v1/things')
    body = status_of(data)
    check(response.status == 404 and body['message'] == 'the server could not find the requested resource', data)
    response, data = call('GET', '/api/v1/namespaces/shop/pods/ghost')
    body = status_of(data)
    check(response.status == 404 and body['message'] == 'pods "ghost" not found', data)
    check(body['details'] == {'name': 'ghost', 'kind': 'pods'}, body)
    response, data = call('GET', '/apis/apps/v1/namespaces/shop/deployments/ghost')
    check(status_of(data)['details'] == {'name': 'ghost', 'group': 'apps', 'kind': 'deployments'}, data)


@tap.case
def malformed_bodies_and_content_types():
    response, data = call('POST', '/api/v1/namespaces/dev/configmaps', body='{"metadata": {')
    check(response.status == 400 and status_of(data)['reason'] == 'BadRequest', data)
    response, data = call('POST', '/api/v1/namespaces/dev/configmaps', body='[1,2]')
    check(response.status == 400, data)
    response, data = call('POST', '/api/v1/namespaces/dev/configmaps', body='{"kind":"Pod"}')
    check(response.status == 400 and 'cannot be handled as a ConfigMap' in status_of(data)['message'], data)
    response, data = call('POST', '/api/v1/namespaces/dev/configmaps', body='{"metadata":{"name":"x"}}',
                          headers={'Content-Type': 'text/plain'})
    check(response.status == 415 and status_of(data)['reason'] == 'UnsupportedMediaType', data)
    response, data = call('PATCH', '/api/v1/namespaces/shop/pods/web-ca84d1343b-bcbbh', body='{}',
                          headers={'Content-Type': 'application/json'})
    check(response.status == 415, data)
    response, data = call('POST', '/api/v1/namespaces/dev/configmaps', body='{"metadata":{}}')
    check(response.status == 422 and status_of(data)['reason'] == 'Invalid', data)
    response, data = call('POST', '/api/v1/namespaces/nowhere/configmaps', body='{"metadata":{"name":"x"}}')
    check(response.status == 404 and status_of(data)['message'] == 'namespaces "nowhere" not found', data)


@tap.case
def writes_need_a_namespace_and_namespaces_cascade():
    response, data = call('POST', '/api/v1/configmaps', body={'metadata': {'name': 'x', 'namespace': 'dev'}})
    check(response.status == 404, data)
    call('POST', '/api/v1/namespaces', body={'metadata': {'name': 'doomed'}})
    call('POST', '/api/v1/namespaces/doomed/configmaps', body={'metadata': {'name': 'inside'}})
    response, data = call('DELETE', '/api/v1/namespaces/doomed')
    check(response.status == 200, data)
    response, data = call('GET', '/api/v1/configmaps?fieldSelector=metadata.namespace%3Ddoomed')
    check(json.loads(data)['items'] == [], data)


@tap.case
def huge_body_is_413():
    big = '{"metadata":{"name":"big"},"data":{"k":"' + 'x' * (3 * 1024 * 1024 + 10) + '"}}'
    response, data = call('POST', '/api/v1/namespaces/dev/configmaps', body=big)
    check(response.status == 413 and status_of(data)['reason'] == 'RequestEntityTooLarge', data[:200])


@tap.case
def conflicts_and_already_exists():
    response, data = call('POST', '/api/v1/namespaces/dev/configmaps', body={'metadata': {'name': 'twice'}})
    check(response.status == 201, data)
    created = json.loads(data)
    response, data = call('POST', '/api/v1/namespaces/dev/configmaps', body={'metadata': {'name': 'twice'}})
    check(response.status == 409 and status_of(data)['reason'] == 'AlreadyExists', data)
    stale = dict(created)
    stale['metadata'] = dict(created['metadata'], resourceVersion='1')
    response, data = call('PUT', '/api/v1/namespaces/dev/configmaps/twice', body=stale)
    check(response.status == 409 and status_of(data)['reason'] == 'Conflict', data)
    response, data = call('PATCH', '/api/v1/namespaces/dev/configmaps/twice', body={'data': {'a': 'b'}},
                          headers={'Content-Type': 'application/merge-patch+json'})
    check(response.status == 200 and json.loads(data)['data'] == {'a': 'b'}, data)
    response, data = call('PATCH', '/api/v1/namespaces/dev/configmaps/twice',
                          body=[{'op': 'replace', 'path': '/data/a', 'value': 'c'}],
                          headers={'Content-Type': 'application/json-patch+json'})
    check(response.status == 200 and json.loads(data)['data'] == {'a': 'c'}, data)
    response, data = call('DELETE', '/api/v1/namespaces/dev/configmaps/twice?dryRun=All')
    check(response.status == 200, data)
    response, data = call('GET', '/api/v1/namespaces/dev/configmaps/twice')
    check(response.status == 200, 'dry-run delete kept the object')


@tap.case
def table_and_partial_metadata():
    response, data = call('GET', '/api/v1/namespaces/shop/pods?limit=2', headers={'Accept': TABLE})
    table = json.loads(data)
    check(table['kind'] == 'Table' and table['apiVersion'] == 'meta.k8s.io/v1', data[:200])
    check([c['name'] for c in table['columnDefinitions']][:5] == ['Name', 'Ready', 'Status', 'Restarts', 'Age'], table)
    check(len(table['rows']) == 2 and table['metadata'].get('continue'), table['metadata'])
    row = table['rows'][0]
    check(len(row['cells']) == len(table['columnDefinitions']), row['cells'])
    check(row['object']['kind'] == 'PartialObjectMetadata' and 'managedFields' in row['object']['metadata'], row)
    response, data = call('GET', '/api/v1/namespaces/shop/pods?includeObject=None', headers={'Accept': TABLE})
    check('object' not in json.loads(data)['rows'][0], data[:300])
    response, data = call('GET', '/api/v1/namespaces/shop/pods?includeObject=Bogus', headers={'Accept': TABLE})
    check(response.status == 400, data)
    response, data = call('GET', '/api/v1/namespaces/shop/pods',
                          headers={'Accept': 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1'})
    listing = json.loads(data)
    check(listing['kind'] == 'PartialObjectMetadataList' and 'spec' not in listing['items'][0], data[:300])
    response, data = call('GET', '/api/v1/namespaces/shop/pods', headers={'Accept': 'application/json;as=Table;g=meta.k8s.io;v=v9'})
    check(response.status == 406 and status_of(data)['reason'] == 'NotAcceptable', data)


@tap.case
def aggregated_discovery():
    accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json'
    response, data = call('GET', '/apis', headers={'Accept': accept})
    check('as=APIGroupDiscoveryList' in response.getheader('Content-Type'), response.getheader('Content-Type'))
    groups = {item['metadata']['name']: item for item in json.loads(data)['items']}
    apps = groups['apps']['versions'][0]
    deployments = [r for r in apps['resources'] if r['resource'] == 'deployments'][0]
    check(deployments['scope'] == 'Namespaced' and 'scale' in [s['subresource'] for s in deployments['subresources']], deployments)
    response, data = call('GET', '/api', headers={'Accept': accept})
    core = json.loads(data)['items'][0]
    check('name' not in core['metadata'] and any(r['resource'] == 'pods' for r in core['versions'][0]['resources']), core)
    sim.control_json('POST', '/options', {'metrics': False})
    try:
        response, data = call('GET', '/apis', headers={'Accept': accept})
        metrics = [i for i in json.loads(data)['items'] if i['metadata']['name'] == 'metrics.k8s.io'][0]
        check(metrics['versions'][0]['freshness'] == 'Stale', metrics)
        response, data = call('GET', '/apis/metrics.k8s.io/v1beta1/nodes')
        check(response.status == 503, data)
    finally:
        sim.control_json('POST', '/options', {'metrics': True})


@tap.case
def list_option_validation():
    response, data = call('GET', '/api/v1/pods?resourceVersionMatch=Exact')
    check(response.status == 422 and status_of(data)['details']['kind'] == 'ListOptions', data)
    response, data = call('GET', '/api/v1/pods?resourceVersionMatch=Exact&resourceVersion=0')
    check(response.status == 422, data)
    response, data = call('GET', '/api/v1/pods?limit=1')
    token = json.loads(data)['metadata']['continue']
    response, data = call('GET', '/api/v1/pods?limit=1&resourceVersion=5&continue=' + token)
    check(response.status == 400 and 'not allowed when using continue' in data.decode(), data)
    response, data = call('GET', '/api/v1/pods?limit=1&continue=garbage!')
    check(response.status == 400, data)
    response, data = call('GET', '/api/v1/pods?labelSelector=app%20in%20web')
    check(response.status == 400 and status_of(data)['reason'] == 'BadRequest', data)
    response, data = call('GET', '/api/v1/pods?resourceVersion=99999999')
    check(response.status == 504 and 'Too large resource version' in data.decode(), data)


@tap.case
def continue_pages_keep_their_snapshot():
    call('POST', '/api/v1/namespaces', body={'metadata': {'name': 'snap'}})
    for i in range(6):
        call('POST', '/api/v1/namespaces/snap/configmaps', body={'metadata': {'name': 'snap-%d' % i}, 'data': {'v': 'old'}})
    response, data = call('GET', '/api/v1/namespaces/snap/configmaps?limit=2')
    first = json.loads(data)
    snapshot = int(first['metadata']['resourceVersion'])
    check([i['metadata']['name'] for i in first['items']] == ['snap-0', 'snap-1'], first['items'])
    check(first['metadata'].get('remainingItemCount') == 4, first['metadata'])

    merge = {'Content-Type': 'application/merge-patch+json'}
    call('PATCH', '/api/v1/namespaces/snap/configmaps/snap-3', body={'data': {'v': 'new'}}, headers=merge)
    call('DELETE', '/api/v1/namespaces/snap/configmaps/snap-4')
    call('POST', '/api/v1/namespaces/snap/configmaps', body={'metadata': {'name': 'snap-2a'}})

    names, values, token = [], {}, first['metadata']['continue']
    remaining = []
    while token:
        response, data = call('GET', '/api/v1/namespaces/snap/configmaps?limit=2&continue=' + token)
        page = json.loads(data)
        check(page['metadata']['resourceVersion'] == str(snapshot), page['metadata'])
        remaining.append(page['metadata'].get('remainingItemCount'))
        for item in page['items']:
            names.append(item['metadata']['name'])
            values[item['metadata']['name']] = item.get('data', {}).get('v')
            check(int(item['metadata']['resourceVersion']) <= snapshot, item['metadata'])
        token = page['metadata'].get('continue')
    check(names == ['snap-2', 'snap-3', 'snap-4', 'snap-5'], names)
    check(values['snap-3'] == 'old', values)
    # Counted in the snapshot: snap-4 (deleted since) still counts, snap-2a (created since) does not.
    check(remaining == [2, None], remaining)
    response, data = call('GET', '/api/v1/namespaces/snap/configmaps?limit=1&labelSelector=x%21%3Dy')
    check('remainingItemCount' not in json.loads(data)['metadata'], data)

    response, data = call('GET', '/api/v1/namespaces/snap/configmaps')
    now = [i['metadata']['name'] for i in json.loads(data)['items']]
    check(now == ['snap-0', 'snap-1', 'snap-2', 'snap-2a', 'snap-3', 'snap-5'], now)


@tap.case
def watch_initial_events_and_bookmarks():
    lines = watch_lines('/api/v1/namespaces/shop/pods?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan'
                        '&allowWatchBookmarks=true&timeoutSeconds=5', 50, timeout=6)
    types = [l['type'] for l in lines]
    check(types.count('BOOKMARK') >= 1 and all(t == 'ADDED' for t in types[:types.index('BOOKMARK')]), types)
    bookmark = lines[types.index('BOOKMARK')]
    check(bookmark['object']['metadata']['annotations'] == {'k8s.io/initial-events-end': 'true'}, bookmark)
    check(bookmark['object']['kind'] == 'Pod', bookmark)
    response, data = call('GET', '/api/v1/pods?watch=1&sendInitialEvents=true')
    check(response.status == 422, data)


@tap.case
def watch_too_old_is_error_event_then_end():
    response, data = call('GET', '/api/v1/pods?limit=1')
    old = json.loads(data)['metadata']['resourceVersion']
    call('POST', '/api/v1/namespaces/dev/configmaps', body={'metadata': {'name': 'bump-%d' % time.time_ns()}})
    sim.control_json('POST', '/compact', {})
    lines = watch_lines('/api/v1/pods?watch=1&resourceVersion=%s' % old, 5)
    check(len(lines) == 1 and lines[0]['type'] == 'ERROR', lines)
    status = lines[0]['object']
    check(status['code'] == 410 and status['reason'] == 'Expired' and status['message'].startswith('too old resource version: '), status)


@tap.case
def watch_table_has_headers_once():
    conn = connection()
    conn.request('GET', '/api/v1/namespaces/shop/pods?watch=1&timeoutSeconds=2',
                 headers={'Authorization': 'Bearer binnacle-admin-token', 'Accept': TABLE})
    response = conn.getresponse()
    events = [json.loads(line) for line in response.read().splitlines() if line]
    conn.close()
    check(len(events) >= 5 and all(e['object']['kind'] == 'Table' for e in events), events[:1])
    check('columnDefinitions' in events[0]['object'] and all('columnDefinitions' not in e['object'] for e in events[1:]), 'headers')


@tap.case
def watch_selector_transitions():
    conn = connection()
    conn.request('GET', '/api/v1/namespaces/dev/configmaps?watch=1&labelSelector=tier%3Dgold&timeoutSeconds=3',
                 headers={'Authorization': 'Bearer binnacle-admin-token'})
    response = conn.getresponse()
    call('POST', '/api/v1/namespaces/dev/configmaps', body={'metadata': {'name': 'moving', 'labels': {'tier': 'gold'}}})
    call('PATCH', '/api/v1/namespaces/dev/configmaps/moving', body={'metadata': {'labels': {'tier': 'lead'}}},
         headers={'Content-Type': 'application/merge-patch+json'})
    call('PATCH', '/api/v1/namespaces/dev/configmaps/moving', body={'metadata': {'labels': {'tier': 'gold'}}},
         headers={'Content-Type': 'application/merge-patch+json'})
    events = [json.loads(line) for line in response.read().splitlines() if line]
    conn.close()
    check([e['type'] for e in events] == ['ADDED', 'DELETED', 'ADDED'], [e['type'] for e in events])


@tap.case
def fault_n_failures_then_success():
    sim.control_json('POST', '/faults', {'action': 'status', 'code': 500, 'count': 2, 'path': '/api/v1/namespaces'})
    codes = [call('GET', '/api/v1/namespaces')[0].status for _ in range(3)]
    check(codes == [500, 500, 200], codes)


@tap.case
def fault_429_status_and_plain_text():
    sim.control_json('POST', '/faults', {'action': 'status', 'code': 429, 'retryAfter': 4, 'count': 1, 'path': '/api/v1/nodes'})
    response, data = call('GET', '/api/v1/nodes')
    body = status_of(data)
    check(response.status == 429 and response.getheader('Retry-After') == '4', response.getheaders())
    check(body['reason'] == 'TooManyRequests' and body['details']['retryAfterSeconds'] == 4, body)
    sim.control_json('POST', '/faults', {'action': 'throttle-text', 'retryAfter': 1, 'count': 1, 'path': '/api/v1/nodes'})
    response, data = call('GET', '/api/v1/nodes')
    check(response.status == 429 and response.getheader('Retry-After') == '1', response.getheaders())
    check(data == b'Too many requests, please try again later.\n', data)


@tap.case
def fault_503_504_and_delay():
    for code in (503, 504):
        sim.control_json('POST', '/faults', {'action': 'status', 'code': code, 'count': 1, 'path': '/api/v1/services'})
        response, data = call('GET', '/api/v1/services')
        check(response.status == code and status_of(data)['code'] == code, data)
    sim.control_json('POST', '/faults', {'action': 'delay', 'delayMs': 600, 'count': 1, 'path': '/api/v1/services'})
    started = time.monotonic()
    response, data = call('GET', '/api/v1/services')
    check(response.status == 200 and time.monotonic() - started >= 0.55, time.monotonic() - started)


@tap.case
def fault_truncate_and_drop_mid_list():
    sim.control_json('POST', '/faults', {'action': 'truncate', 'count': 1, 'path': '/api/v1/pods', 'list': True})
    response, data = call('GET', '/api/v1/pods')
    check(response.status == 200, response.status)
    try:
        json.loads(data)
        raise AssertionError('a truncated body parsed')
    except json.JSONDecodeError:
        pass
    sim.control_json('POST', '/faults', {'action': 'drop', 'count': 1, 'path': '/api/v1/pods', 'list': True})
    try:
        call('GET', '/api/v1/pods')
        raise AssertionError('a dropped connection returned a body')
    except (http.client.IncompleteRead, http.client.RemoteDisconnected, ConnectionError, ssl.SSLError):
        pass
    response, data = call('GET', '/api/v1/pods')
    check(response.status == 200 and json.loads(data)['kind'] == 'PodList', 'recovered')


@tap.case
def fault_drop_mid_watch_and_stall():
    sim.control_json('POST', '/faults', {'action': 'drop', 'count': 1, 'watch': True, 'afterEvents': 3,
                                         'path': '/api/v1/namespaces/shop/pods'})
    conn = connection()
    conn.request('GET', '/api/v1/namespaces/shop/pods?watch=1', headers={'Authorization': 'Bearer binnacle-admin-token'})
    response = conn.getresponse()
    got = 0
    try:
        while True:
            line = response.readline()
            if not line:
                break
            json.loads(line)
            got += 1
    except (http.client.IncompleteRead, ConnectionError, ssl.SSLError):
        pass
    conn.close()
    check(got == 3, got)

    sim.control_json('POST', '/faults', {'action': 'stall', 'count': 1, 'watch': True, 'path': '/api/v1/namespaces/dev/pods'})
    conn = connection()
    conn.sock = None
    conn.request('GET', '/api/v1/namespaces/dev/pods?watch=1&allowWatchBookmarks=true&timeoutSeconds=1',
                 headers={'Authorization': 'Bearer binnacle-admin-token'})
    response = conn.getresponse()
    conn.sock.settimeout(2.5)
    try:
        line = response.readline()
        raise AssertionError('a stalled watch sent %r' % line)
    except (socket.timeout, TimeoutError):
        pass
    conn.close()


@tap.case
def fault_slow_writer():
    sim.control_json('POST', '/faults', {'action': 'slow', 'delayMs': 100, 'count': 1, 'list': True,
                                         'path': '/api/v1/pods'})
    started = time.monotonic()
    response, data = call('GET', '/api/v1/pods')
    elapsed = time.monotonic() - started
    pieces = (len(data) + 16383) // 16384
    check(response.status == 200 and json.loads(data)['kind'] == 'PodList', data[:100])
    check(elapsed >= 0.09 * pieces, (elapsed, pieces))


@tap.case
def request_log_redacts_tokens():
    sim.control_call('DELETE', '/requests')
    call('GET', '/api/v1/namespaces', token='binnacle-viewer-token', headers={'User-Agent': 'sim-test/1'})
    entries = sim.requests()
    check(len(entries) == 1, entries)
    entry = entries[0]
    check(entry['method'] == 'GET' and entry['path'] == '/api/v1/namespaces' and entry['user'] == 'viewer', entry)
    check(entry['headers']['Authorization'] == 'Bearer <redacted>', entry['headers'])
    check(entry['headers']['User-Agent'] == 'sim-test/1', entry['headers'])
    check('binnacle-viewer-token' not in json.dumps(entries), 'token in the log')


@tap.case
def access_reviews_agree_with_enforcement():
    cases = [('viewer', 'list', '', 'secrets', 'shop'), ('viewer', 'list', '', 'pods', 'shop'),
             ('developer', 'list', '', 'pods', 'dev'), ('developer', 'list', '', 'pods', 'shop'),
             ('editor', 'list', 'apps', 'deployments', 'shop'), ('viewer', 'list', '', 'nodes', '')]
    for user, verb, group, resource, namespace in cases:
        review = {'apiVersion': 'authorization.k8s.io/v1', 'kind': 'SelfSubjectAccessReview',
                  'spec': {'resourceAttributes': {'verb': verb, 'group': group, 'resource': resource, 'namespace': namespace}}}
        response, data = call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', body=review,
                              token='binnacle-%s-token' % user)
        check(response.status == 201, data)
        allowed = json.loads(data)['status']['allowed']
        prefix = '/api/v1' if not group else '/apis/%s/v1' % group
        path = prefix + ('/namespaces/%s' % namespace if namespace else '') + '/' + resource
        status = call('GET', path, token='binnacle-%s-token' % user)[0].status
        check((status == 200) == allowed and (status == 403) == (not allowed), (user, resource, namespace, allowed, status))


@tap.case
def gzip_for_large_replies_only():
    response, data = call('POST', '/api/v1/namespaces/dev/configmaps',
                          body={'metadata': {'name': 'bulk'}, 'data': {'blob': 'z' * 200000}})
    check(response.status == 201, data[:200])
    response, data = call('GET', '/api/v1/namespaces/dev/configmaps/bulk', headers={'Accept-Encoding': 'gzip'})
    check(response.getheader('Content-Encoding') == 'gzip' and len(data) < 20000, response.getheaders())
    check(json.loads(gzip.decompress(data))['data']['blob'] == 'z' * 200000, 'gzip body')
    response, data = call('GET', '/api/v1/namespaces', headers={'Accept-Encoding': 'gzip'})
    check(response.getheader('Content-Encoding') is None and json.loads(data)['kind'] == 'NamespaceList', 'small stays plain')
    response, data = call('GET', '/api/v1/pods')
    check(response.getheader('Content-Encoding') is None, 'no gzip unless asked')


@tap.case
def warning_headers():
    sim.control_json('POST', '/options', {'warning': 'deprecated & simulated'})
    try:
        response, data = call('GET', '/api/v1/namespaces')
        check(response.getheader('Warning') == '299 - "deprecated & simulated"', response.getheaders())
    finally:
        sim.control_json('POST', '/options', {'warning': ''})
    response, data = call('GET', '/api/v1/namespaces')
    check(response.getheader('Warning') is None, response.getheaders())


@tap.case
def expiring_tokens_turn_401():
    sim.control_json('POST', '/tokens', {'user': 'viewer', 'token': 'short-lived', 'ttl': 1})
    response, data = call('GET', '/api/v1/namespaces', token='short-lived')
    check(response.status == 200, data)
    time.sleep(1.2)
    response, data = call('GET', '/api/v1/namespaces', token='short-lived')
    check(response.status == 401 and status_of(data)['reason'] == 'Unauthorized', data)


@tap.case
def impersonation_is_authorized():
    response, data = call('GET', '/api/v1/namespaces/shop/secrets', headers={'Impersonate-User': 'viewer'})
    check(response.status == 403 and 'User "viewer" cannot list resource "secrets"' in status_of(data)['message'], data)
    response, data = call('GET', '/api/v1/namespaces', token='binnacle-viewer-token', headers={'Impersonate-User': 'admin'})
    body = status_of(data)
    check(response.status == 403 and body['message'] == 'users "admin" is forbidden: User "viewer" cannot impersonate '
          'resource "users" in API group "" at the cluster scope', body)
    review = {'apiVersion': 'authentication.k8s.io/v1', 'kind': 'SelfSubjectReview'}
    response, data = call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', body=review,
                          headers={'Impersonate-User': 'bob', 'Impersonate-Group': 'team-a'})
    info = json.loads(data)['status']['userInfo']
    check(response.status == 201 and info['username'] == 'bob' and 'team-a' in info['groups'], data)


@tap.case
def server_side_apply_over_http():
    path = '/api/v1/namespaces/dev/configmaps/applied-yaml'
    yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied-yaml\ndata:\n  a: "1"\n'
    apply = {'Content-Type': 'application/apply-patch+yaml'}
    response, data = call('PATCH', path, body=yaml, headers=apply)
    check(response.status == 422 and 'fieldManager: Required value' in status_of(data)['message'], data)
    response, data = call('PATCH', path + '?fieldManager=tool', body=yaml, headers=apply)
    check(response.status == 201, data)
    created = json.loads(data)
    check(created['data'] == {'a': '1'} and created['metadata']['managedFields'][0]['operation'] == 'Apply', created)
    response, data = call('PATCH', path + '?fieldManager=tool&force=true', body=yaml.replace('"1"', '"2"'),
                          headers=apply)
    updated = json.loads(data)
    check(response.status == 200 and updated['data'] == {'a': '2'}, data)
    check(int(updated['metadata']['resourceVersion']) > int(created['metadata']['resourceVersion']), updated)
    check(updated['metadata']['uid'] == created['metadata']['uid'], updated)
    response, data = call('PATCH', path + '?fieldManager=tool', body=yaml.replace('kind: ConfigMap', 'kind: Secret'),
                          headers=apply)
    check(response.status == 400, data)
    response, data = call('PATCH', path + '?fieldManager=tool', body=b'\xa1', headers={
        'Content-Type': 'application/apply-patch+cbor'})
    check(response.status == 415 and status_of(data)['reason'] == 'UnsupportedMediaType', data)
    response, data = call('PATCH', path + '?fieldManager=tool', body='[1, 2', headers=apply)
    check(response.status == 400, data)


def main():
    global sim, context
    sim = Sim('demo', ('--bookmark-interval', '1'))
    with open(sim.kubeconfig) as f:
        ca = base64.b64decode(re.search(r'certificate-authority-data: (\S+)', f.read()).group(1)).decode()
    context = ssl.create_default_context(cadata=ca)
    try:
        result = tap.run()
    finally:
        stopped = sim.stop()
    return result or stopped


if __name__ == '__main__':
    exit_with(main())
