#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Binnacle developers
#
# binnacle-sim judged by Debian's python3-kubernetes: watch streams,
# relisting after a compaction, and paging through a large store.

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from simharness import Sim, Tap, check, exit_with  # noqa: E402

try:
    from kubernetes import client, config, watch
    from kubernetes.client.rest import ApiException
except ImportError:  # reported as a skip below
    client = None

tap = Tap()
demo = None
scale = None


def api(sim, context='admin'):
    return client.CoreV1Api(config.new_client_from_config(config_file=sim.kubeconfig, context=context))


@tap.case
def watch_sees_churn_events():
    v1 = api(demo)
    pods = v1.list_namespaced_pod('shop')
    demo.control_json('POST', '/churn', {'rate': 200})
    modified = set()
    try:
        stream = watch.Watch()
        for event in stream.stream(v1.list_namespaced_pod, 'shop', resource_version=pods.metadata.resource_version,
                                   timeout_seconds=10):
            check(event['type'] in ('MODIFIED', 'ADDED', 'DELETED', 'BOOKMARK'), event['type'])
            if event['type'] == 'MODIFIED':
                modified.add(event['object'].metadata.resource_version)
                check(event['object'].metadata.namespace == 'shop', event['object'].metadata.namespace)
            if len(modified) >= 5:
                stream.stop()
    finally:
        demo.control_json('POST', '/churn', {'rate': 0})
    check(len(modified) >= 5, modified)


@tap.case
def watch_bookmarks_carry_resource_versions():
    v1 = api(demo)
    pods = v1.list_namespaced_pod('dev')
    demo.control_json('POST', '/options', {'bookmarkInterval': 1})
    stream = watch.Watch()
    seen = []
    for event in stream.stream(v1.list_namespaced_pod, 'dev', resource_version=pods.metadata.resource_version,
                               allow_watch_bookmarks=True, timeout_seconds=3):
        if event['type'] == 'BOOKMARK':
            seen.append(event['raw_object']['metadata']['resourceVersion'])
            stream.stop()
    check(seen and int(seen[0]) >= int(pods.metadata.resource_version), seen)


@tap.case
def watch_survives_compaction_by_relisting():
    v1 = api(demo)
    old = v1.list_namespaced_pod('shop').metadata.resource_version
    demo.control_json('POST', '/churn', {'rate': 100})
    time.sleep(0.3)
    demo.control_json('POST', '/churn', {'rate': 0})
    demo.control_json('POST', '/compact', {})

    gone = None
    try:
        for _ in watch.Watch().stream(v1.list_namespaced_pod, 'shop', resource_version=old, timeout_seconds=5):
            pass
    except ApiException as error:
        gone = error
    check(gone is not None and gone.status == 410, gone)

    # What a reflector does: list again, watch from the new version.
    fresh = v1.list_namespaced_pod('shop')
    check(int(fresh.metadata.resource_version) > int(old), fresh.metadata.resource_version)
    demo.control_json('POST', '/churn', {'rate': 100})
    try:
        stream = watch.Watch()
        events = []
        for event in stream.stream(v1.list_namespaced_pod, 'shop', resource_version=fresh.metadata.resource_version,
                                   timeout_seconds=10):
            events.append(event['type'])
            if len(events) >= 3:
                stream.stop()
    finally:
        demo.control_json('POST', '/churn', {'rate': 0})
    check(events.count('MODIFIED') >= 3, events)


@tap.case
def list_with_limit_pages_through_scale():
    v1 = api(scale)
    names = set()
    versions = set()
    pages = 0
    token = None
    started = time.monotonic()
    while True:
        response = v1.list_pod_for_all_namespaces(limit=500, _continue=token, _preload_content=False)
        page = json.loads(response.data)
        pages += 1
        versions.add(page['metadata']['resourceVersion'])
        for item in page['items']:
            names.add((item['metadata']['namespace'], item['metadata']['name']))
            check(item['metadata'].get('managedFields'), 'pods carry managedFields')
        token = page['metadata'].get('continue')
        if not token:
            break
        check(page['metadata']['remainingItemCount'] == 10000 - len(names), page['metadata'])
    elapsed = time.monotonic() - started
    check(len(names) == 10000, len(names))
    check(pages == 20, pages)
    check(len(versions) == 1, versions)
    print('# paged 10000 pods in %d pages in %.2f s' % (pages, elapsed))


@tap.case
def typed_list_with_selectors():
    v1 = api(scale)
    page = v1.list_namespaced_pod('load-3', label_selector='app in (web,api)', field_selector='status.phase=Running',
                                  limit=100)
    check(len(page.items) == 100, len(page.items))
    check(all(p.metadata.labels['app'] in ('web', 'api') for p in page.items), 'selector')
    check(all(p.metadata.namespace == 'load-3' for p in page.items), 'namespace')
    check(page.metadata._continue, 'continue token')


@tap.case
def expired_continue_token_is_410():
    v1 = api(scale)
    page = v1.list_pod_for_all_namespaces(limit=10, _preload_content=False)
    token = json.loads(page.data)['metadata']['continue']
    scale.control_json('POST', '/objects/core/v1/configmaps',
                       {'metadata': {'name': 'bump', 'namespace': 'default'}})
    scale.control_json('POST', '/compact', {})
    try:
        v1.list_pod_for_all_namespaces(limit=10, _continue=token, _preload_content=False)
        raise AssertionError('expected 410')
    except ApiException as error:
        body = json.loads(error.body)
        check(error.status == 410 and body['reason'] == 'Expired', error.body)
        check('continue parameter is too old' in body['message'], body['message'])


@tap.case
def forbidden_for_viewer_on_secrets():
    v1 = api(demo, context='viewer')
    try:
        v1.list_namespaced_secret('shop')
        raise AssertionError('expected 403')
    except ApiException as error:
        body = json.loads(error.body)
        check(error.status == 403 and body['reason'] == 'Forbidden', error.body)
        check(body['details'] == {'kind': 'secrets'}, body)


@tap.case
def exec_over_v4_websocket():
    from kubernetes.stream import stream
    v1 = api(demo)
    out = stream(v1.connect_get_namespaced_pod_exec, 'web-ca84d1343b-bcbbh', 'shop',
                 command=['echo', 'from', 'python'], stderr=True, stdin=False, stdout=True, tty=False)
    check(out == 'from python\n', repr(out))
    response = stream(v1.connect_get_namespaced_pod_exec, 'web-ca84d1343b-bcbbh', 'shop',
                      command=['sh', '-c', 'exit 7'], stderr=True, stdin=False, stdout=True, tty=False,
                      _preload_content=False)
    response.run_forever(timeout=5)
    check(response.returncode == 7, response.returncode)


@tap.case
def port_forward_reaches_the_echo_service():
    from kubernetes.stream import portforward
    v1 = api(demo)
    forward = portforward(v1.connect_get_namespaced_pod_portforward, 'web-ca84d1343b-bcbbh', 'shop', ports='8080')
    sock = forward.socket(8080)
    sock.setblocking(True)
    sock.settimeout(5)
    sock.sendall(b'ping over the tunnel')
    received = b''
    while len(received) < len(b'ping over the tunnel'):
        received += sock.recv(1024)
    sock.close()
    check(received == b'ping over the tunnel', received)
    check(forward.error(8080) is None, forward.error(8080))


@tap.case
def watch_follows_a_rollout():
    v1 = api(demo)
    apps = client.AppsV1Api(config.new_client_from_config(config_file=demo.kubeconfig, context='admin'))
    pods = v1.list_namespaced_pod('shop', label_selector='app=api')
    old = {p.metadata.name for p in pods.items}
    apps.patch_namespaced_deployment('api', 'shop', {'spec': {'template': {'metadata': {'annotations': {
        'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z'}}}}})

    added, started, terminating, seen = set(), set(), set(), []
    stream = watch.Watch()
    for event in stream.stream(v1.list_namespaced_pod, 'shop', label_selector='app=api',
                               resource_version=pods.metadata.resource_version, timeout_seconds=40):
        pod = event['object']
        name = pod.metadata.name
        seen.append((event['type'], name, pod.status.phase))
        if event['type'] == 'ADDED':
            check(name not in old and pod.status.phase == 'Pending', seen)
            added.add(name)
        elif pod.metadata.deletion_timestamp is not None:
            terminating.add(name)
        elif name in added and pod.status.phase == 'Running' and all(c.ready for c in pod.status.container_statuses):
            started.add(name)
        if len(started) == 2 and terminating == old:
            stream.stop()
    check(len(added) == 2 and started == added and terminating == old, seen)

    deployment = apps.read_namespaced_deployment('api', 'shop')
    check(deployment.status.observed_generation == deployment.metadata.generation, deployment.status)
    check(deployment.status.updated_replicas == 2 and deployment.status.available_replicas == 2, deployment.status)
    replica_sets = apps.list_namespaced_replica_set('shop', label_selector='app=api').items
    current = [rs for rs in replica_sets if rs.spec.replicas == 2]
    check(len(current) == 1 and current[0].status.ready_replicas == 2, [rs.status for rs in replica_sets])
    check(current[0].metadata.owner_references[0].uid == deployment.metadata.uid, current[0].metadata)


def main():
    global demo, scale
    if client is None:
        return tap.run(skip_reason='python3-kubernetes is not installed')
    demo = Sim('demo')
    try:
        scale = Sim('scale:10000')
    except BaseException:
        demo.stop()
        raise
    try:
        result = tap.run()
    finally:
        stopped = demo.stop() | scale.stop()
    return result or stopped


if __name__ == '__main__':
    exit_with(main())
