#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Binnacle developers
#
# binnacle-sim judged by kubectl: every case runs the real kubectl and
# asserts on what it prints.

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from simharness import Sim, Tap, check, exit_with, wait_for  # noqa: E402

tap = Tap()
sim = None
KUBECTL = shutil.which('kubectl')


def kubectl(*args, context='admin', check_rc=True, input_text=None, timeout=60):
    result = subprocess.run([KUBECTL, '--context', context, *args], env=sim.env(), text=True,
                            input=input_text, capture_output=True, timeout=timeout)
    if check_rc and result.returncode != 0:
        raise AssertionError('kubectl %s failed (%d): %s' % (' '.join(args), result.returncode, result.stderr))
    return result


class Stream:
    """A long-running kubectl whose output lines arrive on a queue."""

    def __init__(self, *args, context='admin'):
        self.proc = subprocess.Popen([KUBECTL, '--context', context, *args], env=sim.env(), text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line.rstrip('\n'))

    def wait_line(self, predicate, timeout=15):
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            seen.append(line)
            if predicate(line):
                return line
        raise AssertionError('no matching line; saw: %r' % seen)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()


@tap.case
def version_is_1_33():
    out = kubectl('version', '-o', 'json').stdout
    server = json.loads(out)['serverVersion']
    check(server['major'] == '1' and server['minor'] == '33', out)


@tap.case
def get_pods_all_namespaces():
    out = kubectl('get', 'pods', '-A').stdout
    lines = out.splitlines()
    check(lines[0].split() == ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], lines[0])
    crashing = [l.split() for l in lines if 'payments-7f9c4b8d6-x2k4q' in l]
    check(crashing and crashing[0][3] == 'CrashLoopBackOff' and int(crashing[0][4]) >= 14, out)
    check(any('big-job-6d5f7c9b8-q8wzt' in l and 'Pending' in l for l in lines), out)
    check(any(l.startswith('kube-system') and 'coredns' in l and '2/2' in l and 'Running' in l for l in lines), out)


@tap.case
def get_pods_wide_and_label_selector():
    out = kubectl('get', 'pods', '-n', 'shop', '-l', 'app=web', '-o', 'wide').stdout
    lines = out.splitlines()
    check('NODE' in lines[0] and 'IP' in lines[0], lines[0])
    check(len(lines) == 4 and all('web-' in l for l in lines[1:]), out)


@tap.case
def get_raw_apis():
    out = kubectl('get', '--raw', '/apis').stdout
    groups = json.loads(out)
    check(groups['kind'] == 'APIGroupList', out[:200])
    names = [g['name'] for g in groups['groups']]
    for expected in ('apps', 'batch', 'rbac.authorization.k8s.io', 'example.binnacle.dev', 'metrics.k8s.io'):
        check(expected in names, names)


@tap.case
def api_resources():
    out = kubectl('api-resources').stdout
    rows = [l.split() for l in out.splitlines()]
    check(['deployments', 'deploy', 'apps/v1', 'true', 'Deployment'] in rows, out)
    check(['pods', 'po', 'v1', 'true', 'Pod'] in rows, out)
    check(['widgets', 'wd', 'example.binnacle.dev/v1', 'true', 'Widget'] in rows, out)
    check(['nodes', 'no', 'v1', 'false', 'Node'] in rows, out)


def can_i_list(context, namespace):
    out = kubectl('auth', 'can-i', '--list', '-n', namespace, context=context).stdout
    rules = {}
    for line in out.splitlines()[1:]:
        parts = line.split()
        if parts and not parts[0].startswith('['):
            rules[parts[0]] = line
    return out, rules


@tap.case
def auth_can_i_list_admin():
    out, rules = can_i_list('admin', 'default')
    check('*.*' in rules and '[*]' in rules['*.*'], out)


@tap.case
def auth_can_i_list_viewer():
    out, rules = can_i_list('viewer', 'shop')
    check('pods' in rules and '[get list watch]' in rules['pods'], out)
    check('deployments.apps' in rules, out)
    check('secrets' not in rules, out)
    check(not any('create' in v for k, v in rules.items() if not k.startswith('self')), out)


@tap.case
def auth_can_i_list_editor():
    out, rules = can_i_list('editor', 'shop')
    check('secrets' in rules, out)
    check('pods/exec' in rules and 'create' in rules['pods/exec'], out)


@tap.case
def auth_can_i_list_namespace_user():
    out, rules = can_i_list('developer', 'dev')
    check('pods' in rules and '[get list watch]' in rules['pods'], out)
    out, rules = can_i_list('developer', 'shop')
    check('pods' not in rules, out)
    check('selfsubjectaccessreviews.authorization.k8s.io' in rules, out)


@tap.case
def auth_can_i_agrees_with_enforcement():
    check(kubectl('auth', 'can-i', 'list', 'secrets', '-n', 'shop', context='viewer', check_rc=False).stdout.strip() == 'no', 'viewer secrets')
    check(kubectl('auth', 'can-i', 'list', 'pods', '-n', 'shop', context='viewer').stdout.strip() == 'yes', 'viewer pods')
    check(kubectl('auth', 'can-i', 'list', 'pods', '-n', 'shop', context='developer', check_rc=False).stdout.strip() == 'no', 'developer shop')
    result = kubectl('get', 'pods', '-n', 'shop', context='developer', check_rc=False)
    check(result.returncode != 0 and 'Forbidden' in result.stderr, result.stderr)


@tap.case
def auth_whoami():
    out = kubectl('auth', 'whoami', context='developer').stdout
    check('developer' in out and 'system:authenticated' in out, out)


@tap.case
def viewer_forbidden_on_secrets():
    result = kubectl('get', 'secrets', '-n', 'shop', context='viewer', check_rc=False)
    expected = ('Error from server (Forbidden): secrets is forbidden: User "viewer" cannot list resource '
                '"secrets" in API group "" in the namespace "shop"')
    check(result.returncode != 0 and expected in result.stderr, result.stderr)


@tap.case
def viewer_forbidden_at_cluster_scope():
    result = kubectl('get', 'clusterroles', context='viewer', check_rc=False)
    expected = ('clusterroles.rbac.authorization.k8s.io is forbidden: User "viewer" cannot list resource '
                '"clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope')
    check(expected in result.stderr, result.stderr)


@tap.case
def unknown_object_not_found():
    result = kubectl('get', 'pod', 'nope', '-n', 'shop', check_rc=False)
    check('Error from server (NotFound): pods "nope" not found' in result.stderr, result.stderr)


@tap.case
def get_crd_with_printer_columns():
    out = kubectl('get', 'widgets', '-n', 'shop').stdout
    lines = out.splitlines()
    check(lines[0].split() == ['NAME', 'SIZE', 'REPLICAS', 'PHASE', 'AGE'], out)
    check(any(l.split()[:4] == ['sprocket', 'large', '3', 'Ready'] for l in lines[1:]), out)
    out = kubectl('get', 'crd').stdout
    check('widgets.example.binnacle.dev' in out, out)


@tap.case
def get_pods_watch_sees_modified():
    stream = Stream('get', 'pods', '-n', 'shop', '-w', '--output-watch-events')
    try:
        stream.wait_line(lambda l: l.startswith('ADDED') and 'web-' in l)
        kubectl('annotate', 'pod', '-n', 'shop', '-l', 'app=api', 'binnacle.dev/touched=yes', '--overwrite')
        line = stream.wait_line(lambda l: l.startswith('MODIFIED') and 'api-' in l)
        check(line.split()[1].startswith('api-'), line)
    finally:
        stream.stop()


@tap.case
def delete_pod_then_watch_sees_deleted():
    stream = Stream('get', 'pods', '-n', 'shop', '-w', '--output-watch-events')
    try:
        stream.wait_line(lambda l: l.startswith('ADDED') and 'web-ca84d1343b-skbbb' in l)
        started = time.monotonic()
        deleting = subprocess.Popen([KUBECTL, '--context', 'admin', 'delete', 'pod', '-n', 'shop',
                                     'web-ca84d1343b-skbbb', '--grace-period=3'],
                                    env=sim.env(), text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = stream.wait_line(lambda l: l.startswith('MODIFIED') and 'web-ca84d1343b-skbbb' in l)
        check('Terminating' in line, line)
        table = kubectl('get', 'pods', '-n', 'shop').stdout
        check(any(l.startswith('web-ca84d1343b-skbbb') and 'Terminating' in l for l in table.splitlines()), table)
        pod = json.loads(kubectl('get', 'pod', '-n', 'shop', 'web-ca84d1343b-skbbb', '-o', 'json').stdout)
        check(pod['metadata'].get('deletionGracePeriodSeconds') == 3, pod['metadata'])
        check('deletionTimestamp' in pod['metadata'], pod['metadata'])
        out, err = deleting.communicate(timeout=30)
        check(deleting.returncode == 0 and 'pod "web-ca84d1343b-skbbb" deleted' in out, (out, err))
        stream.wait_line(lambda l: l.startswith('DELETED') and 'web-ca84d1343b-skbbb' in l)
        waited = time.monotonic() - started
        check(2.0 <= waited < 10.0, 'the grace period took %.1f s' % waited)
    finally:
        stream.stop()
    result = kubectl('get', 'pod', '-n', 'shop', 'web-ca84d1343b-skbbb', check_rc=False)
    check('NotFound' in result.stderr, result.stderr)


@tap.case
def force_delete_is_immediate():
    stream = Stream('get', 'pods', '-n', 'kube-system', '-w', '--output-watch-events')
    try:
        stream.wait_line(lambda l: l.startswith('ADDED') and 'coredns-' in l)
        name = kubectl('get', 'pods', '-n', 'kube-system', '-o', 'name').stdout.split()[0].split('/')[1]
        started = time.monotonic()
        result = kubectl('delete', 'pod', '-n', 'kube-system', name, '--force', '--grace-period=0')
        check('force deleted' in result.stdout, result.stdout)
        check(time.monotonic() - started < 2.0, 'force delete waited')
        line = stream.wait_line(lambda l: name in l and not l.startswith('ADDED'))
        check(line.startswith('DELETED'), line)
    finally:
        stream.stop()


@tap.case
def logs_tail_and_follow():
    out = kubectl('logs', '-n', 'shop', 'web-ca84d1343b-bcbbh', '--tail', '3').stdout
    check(len(out.splitlines()) == 3, out)
    stream = Stream('logs', '-f', '-n', 'shop', 'web-ca84d1343b-bcbbh', '--tail', '1')
    try:
        first = stream.wait_line(lambda l: 'line=' in l)
        later = stream.wait_line(lambda l: 'line=' in l)
        later = stream.wait_line(lambda l: 'line=' in l)
        number = lambda l: int(l.split('line=')[1].split()[0])
        check(number(later) > number(first), (first, later))
    finally:
        stream.stop()


@tap.case
def logs_errors():
    result = kubectl('logs', '-n', 'dev', 'big-job-6d5f7c9b8-q8wzt', check_rc=False)
    check('is waiting to start: ContainerCreating' in result.stderr, result.stderr)
    result = kubectl('logs', '-n', 'shop', 'web-ca84d1343b-bcbbh', '-c', 'nope', check_rc=False)
    check('container nope is not valid for pod web-ca84d1343b-bcbbh' in result.stderr, result.stderr)


@tap.case
def exec_echo_hi():
    result = kubectl('exec', '-n', 'shop', 'web-ca84d1343b-bcbbh', '--', 'echo', 'hi')
    check(result.stdout == 'hi\n', repr(result.stdout))


@tap.case
def exec_exit_code_and_stdin():
    result = kubectl('exec', '-n', 'shop', 'web-ca84d1343b-bcbbh', '--', 'sh', '-c', 'exit 3', check_rc=False)
    check(result.returncode == 3, (result.returncode, result.stderr))
    result = kubectl('exec', '-i', '-n', 'shop', 'web-ca84d1343b-bcbbh', '--', 'cat', input_text='one\ntwo\n')
    check(result.stdout == 'one\ntwo\n', repr(result.stdout))
    result = kubectl('exec', '-n', 'shop', 'web-ca84d1343b-bcbbh', '--', 'echo', 'hi', context='viewer', check_rc=False)
    check('cannot create resource "pods/exec"' in result.stderr, result.stderr)


@tap.case
def scale_cordon_and_rollout_restart():
    kubectl('scale', 'deployment', '-n', 'shop', 'web', '--replicas=5')
    out = kubectl('get', 'deployment', '-n', 'shop', 'web', '-o', 'jsonpath={.spec.replicas}').stdout
    check(out == '5', out)
    kubectl('cordon', 'node-3')
    out = kubectl('get', 'nodes').stdout
    check(any(l.startswith('node-3') and 'SchedulingDisabled' in l for l in out.splitlines()), out)
    kubectl('rollout', 'restart', 'deployment', '-n', 'shop', 'api')
    out = kubectl('get', 'deployment', '-n', 'shop', 'api', '-o', 'json').stdout
    annotations = json.loads(out)['spec']['template']['metadata'].get('annotations', {})
    check('kubectl.kubernetes.io/restartedAt' in annotations, out)


def wait_until(predicate, timeout=60):
    return wait_for(predicate, timeout=timeout, interval=0.5)


def live_pods(namespace, app):
    pods = json.loads(kubectl('get', 'pods', '-n', namespace, '-l', 'app=' + app, '-o', 'json').stdout)['items']
    return {p['metadata']['name']: p for p in pods if 'deletionTimestamp' not in p['metadata']}


@tap.case
def rollout_restart_replaces_the_pods():
    before = live_pods('shop', 'web')
    check(len(before) >= 3, sorted(before))
    stream = Stream('get', 'pods', '-n', 'shop', '-l', 'app=web', '-w', '--output-watch-events')
    try:
        stream.wait_line(lambda l: l.startswith('ADDED'))
        kubectl('rollout', 'restart', 'deployment/web', '-n', 'shop')
        status = kubectl('rollout', 'status', 'deployment/web', '-n', 'shop', '--timeout=90s', timeout=120).stdout
        check('deployment "web" successfully rolled out' in status, status)
        check('Waiting for deployment "web" rollout to finish' in status, status)
        # the watch saw new pods arrive, start and become ready, and old ones go
        added = stream.wait_line(lambda l: l.startswith('ADDED') and l.split()[1] not in before)
        stream.wait_line(lambda l: l.startswith('MODIFIED') and 'ContainerCreating' in l)
        stream.wait_line(lambda l: l.startswith('MODIFIED') and 'Terminating' in l and l.split()[1] in before)
        check(added.split()[1].startswith('web-'), added)
    finally:
        stream.stop()
    after = live_pods('shop', 'web')
    deployment = json.loads(kubectl('get', 'deployment', '-n', 'shop', 'web', '-o', 'json').stdout)
    replicas = deployment['spec']['replicas']
    check(len(after) == replicas and not set(after) & set(before), (sorted(before), sorted(after)))
    check(all(p['status']['phase'] == 'Running' for p in after.values()), [p['status'] for p in after.values()])
    hashes = {p['metadata']['labels']['pod-template-hash'] for p in after.values()}
    check(len(hashes) == 1, hashes)
    status = deployment['status']
    check(status['observedGeneration'] == deployment['metadata']['generation'], status)
    check(status['updatedReplicas'] == replicas and status['availableReplicas'] == replicas, status)
    progressing = [c for c in status['conditions'] if c['type'] == 'Progressing'][0]
    check(progressing['reason'] == 'NewReplicaSetAvailable', progressing)
    new_rs = 'web-' + hashes.pop()
    replicasets = kubectl('get', 'rs', '-n', 'shop', '-l', 'app=web').stdout
    check(any(l.split()[:4] == [new_rs, str(replicas), str(replicas), str(replicas)] for l in replicasets.splitlines()),
          replicasets)
    check(any(l.split()[:2] == ['web-ca84d1343b', '0'] for l in replicasets.splitlines()), replicasets)
    history = kubectl('rollout', 'history', 'deployment/web', '-n', 'shop').stdout
    check(history.split().count('<none>') == 2, history)
    described = kubectl('describe', 'deployment', '-n', 'shop', 'web').stdout
    check('ScalingReplicaSet' in described and 'Scaled up replica set %s from 0 to ' % new_rs in described, described)
    check('Scaled down replica set web-ca84d1343b' in described, described)
    pod = sorted(after)[0]
    described = kubectl('describe', 'pod', '-n', 'shop', pod).stdout
    check('Successfully assigned shop/%s to node-2' % pod in described and 'Started container app' in described, described)


@tap.case
def scale_reaches_the_replicas():
    kubectl('scale', 'deployment', '-n', 'monitoring', 'prometheus', '--replicas=4')
    status = kubectl('rollout', 'status', 'deployment/prometheus', '-n', 'monitoring', '--timeout=60s', timeout=90).stdout
    check('successfully rolled out' in status, status)
    pods = live_pods('monitoring', 'prometheus')
    check(len(pods) == 4 and all(p['status']['phase'] == 'Running' for p in pods.values()), sorted(pods))
    out = kubectl('get', 'deployment', '-n', 'monitoring', 'prometheus').stdout
    check(out.splitlines()[1].split()[1:4] == ['4/4', '4', '4'], out)
    kubectl('scale', 'deployment', '-n', 'monitoring', 'prometheus', '--replicas=2')
    check(wait_until(lambda: len(live_pods('monitoring', 'prometheus')) == 2), sorted(live_pods('monitoring', 'prometheus')))


@tap.case
def set_image_rolls_and_keeps_the_container():
    kubectl('set', 'image', 'deployment/sandbox', '-n', 'dev', 'app=registry.example.com/dev/sandbox:v2')
    status = kubectl('rollout', 'status', 'deployment/sandbox', '-n', 'dev', '--timeout=60s', timeout=90).stdout
    check('successfully rolled out' in status, status)
    pods = live_pods('dev', 'sandbox')
    containers = [p['spec']['containers'][0] for p in pods.values()]
    check(len(pods) == 1 and containers[0]['image'] == 'registry.example.com/dev/sandbox:v2', containers)
    check(containers[0]['ports'][0]['containerPort'] == 8080, containers)


@tap.case
def deleted_pod_is_replaced_and_deleted_deployment_takes_its_pods():
    name = sorted(live_pods('kube-system', 'coredns'))[0]
    kubectl('delete', 'pod', '-n', 'kube-system', name, '--grace-period=0', '--force')
    check(wait_until(lambda: len(live_pods('kube-system', 'coredns')) == 2 and name not in live_pods('kube-system', 'coredns')),
          sorted(live_pods('kube-system', 'coredns')))
    # (kubectl create deployment would send protobuf, which the sim does not read)
    manifest = json.dumps({'apiVersion': 'apps/v1', 'kind': 'Deployment',
                           'metadata': {'name': 'doomed', 'namespace': 'dev'},
                           'spec': {'replicas': 2, 'selector': {'matchLabels': {'app': 'doomed'}},
                                    'template': {'metadata': {'labels': {'app': 'doomed'}},
                                                 'spec': {'containers': [{'name': 'app', 'image': 'nginx'}],
                                                          'terminationGracePeriodSeconds': 1}}}})
    kubectl('create', '-f', '-', input_text=manifest)
    status = kubectl('rollout', 'status', 'deployment/doomed', '-n', 'dev', '--timeout=60s', timeout=90).stdout
    check('successfully rolled out' in status, status)
    kubectl('delete', 'deployment', 'doomed', '-n', 'dev')
    # the ReplicaSet goes, then its pods: Terminating for their 1 s grace period, then gone
    check(wait_until(lambda: not kubectl('get', 'pods', '-n', 'dev', '-l', 'app=doomed', '-o', 'name').stdout.strip()),
          kubectl('get', 'pods', '-n', 'dev', '-l', 'app=doomed').stdout)
    out = kubectl('get', 'rs', '-n', 'dev', '-l', 'app=doomed', '-o', 'name').stdout
    check(out.strip() == '', out)


@tap.case
def server_side_apply_creates_then_updates():
    manifest = ('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ssa, namespace: dev, labels: {team: a}}\n'
                'spec:\n  replicas: %d\n  selector: {matchLabels: {app: ssa}}\n'
                '  template:\n    metadata: {labels: {app: ssa}}\n'
                '    spec: {containers: [{name: app, image: "nginx:%s"}]}\n')
    sim.control_call('DELETE', '/requests')
    out = kubectl('apply', '--server-side', '-f', '-', input_text=manifest % (1, '1.27')).stdout
    check('deployment.apps/ssa serverside-applied' in out, out)
    patches = [r for r in sim.requests() if r['method'] == 'PATCH']
    check(len(patches) == 1 and patches[0]['headers'].get('Content-Type') == 'application/apply-patch+yaml', patches)
    check('fieldManager=kubectl' in patches[0]['query'], patches)
    # /openapi/v3 is enough: kubectl never falls back to v2
    check('/openapi/v2' not in [r['path'] for r in sim.requests()], [r['path'] for r in sim.requests()])
    out = kubectl('apply', '--server-side', '-f', '-', input_text=manifest % (2, '1.28')).stdout
    check('deployment.apps/ssa serverside-applied' in out, out)
    live = json.loads(kubectl('get', 'deployment', '-n', 'dev', 'ssa', '-o', 'json', '--show-managed-fields').stdout)
    check(live['spec']['replicas'] == 2, live['spec'])
    check(live['spec']['template']['spec']['containers'][0]['image'] == 'nginx:1.28', live['spec'])
    check(live['metadata']['labels'] == {'team': 'a'}, live['metadata'])
    applies = [m for m in live['metadata']['managedFields'] if m['operation'] == 'Apply']
    check(len(applies) == 1 and applies[0]['manager'] == 'kubectl', live['metadata']['managedFields'])
    check('f:replicas' in applies[0]['fieldsV1']['f:spec'], applies[0])
    check('k:{"name":"app"}' in applies[0]['fieldsV1']['f:spec']['f:template']['f:spec']['f:containers'], applies[0])
    check(live['metadata']['generation'] == 2, live['metadata'])
    status = kubectl('rollout', 'status', 'deployment/ssa', '-n', 'dev', '--timeout=60s', timeout=90).stdout
    check('successfully rolled out' in status, status)
    check(len(live_pods('dev', 'ssa')) == 2, sorted(live_pods('dev', 'ssa')))
    result = kubectl('apply', '--server-side', '--field-manager', 'other', '-f', '-',
                     input_text='apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa, namespace: dev}\ndata: {k: v}\n')
    check('configmap/ssa serverside-applied' in result.stdout, result.stdout)
    managers = json.loads(kubectl('get', 'configmap', '-n', 'dev', 'ssa', '-o', 'json', '--show-managed-fields').stdout)
    check([m['manager'] for m in managers['metadata']['managedFields']] == ['other'], managers['metadata'])


@tap.case
def crash_looping_pod_restarted_recently():
    out = kubectl('get', 'pod', '-n', 'shop', 'payments-7f9c4b8d6-x2k4q').stdout
    # "14 (9s ago)   24h": the pod restarts every 15 s, so the last restart is seconds old, not years
    parts = out.splitlines()[1].split('CrashLoopBackOff')[1].split()
    check(int(parts[0]) >= 14 and parts[1].startswith('(') and parts[2] == 'ago)', out)
    ago = parts[1][1:]
    check(ago.endswith('s') and ago[:-1].isdigit() and int(ago[:-1]) < 60, out)
    pod = json.loads(kubectl('get', 'pod', '-n', 'shop', 'payments-7f9c4b8d6-x2k4q', '-o', 'json').stdout)
    finished = pod['status']['containerStatuses'][0]['lastState']['terminated']['finishedAt']
    check(finished.startswith(time.strftime('%Y-%m-%d', time.gmtime())), finished)
    described = kubectl('describe', 'pod', '-n', 'shop', 'payments-7f9c4b8d6-x2k4q').stdout
    check('Back-off restarting failed container app' in described, described)


@tap.case
def create_apply_and_dry_run():
    # No --validate=false: kubectl finds fieldValidation in /openapi/v3 and leaves validation to the server.
    manifest = json.dumps({'apiVersion': 'v1', 'kind': 'ConfigMap',
                           'metadata': {'name': 'made-by-test', 'namespace': 'dev'}, 'data': {'a': '1'}})
    out = kubectl('create', '--dry-run=server', '-f', '-', input_text=manifest).stdout
    check('created (server dry run)' in out, out)
    result = kubectl('get', 'configmap', '-n', 'dev', 'made-by-test', check_rc=False)
    check('NotFound' in result.stderr, result.stderr)
    sim.control_call('DELETE', '/requests')
    kubectl('create', '-f', '-', input_text=manifest)
    out = kubectl('get', 'configmap', '-n', 'dev', 'made-by-test', '-o', 'jsonpath={.data.a}').stdout
    check(out == '1', out)
    paths = [r['path'] for r in sim.requests()]
    check('/openapi/v3' in paths and '/openapi/v2' not in paths, paths)
    posts = [r for r in sim.requests() if r['method'] == 'POST']
    check(posts and 'fieldValidation=Strict' in posts[0]['query'], posts)


@tap.case
def apply_creates_then_patches():
    def deployment(replicas):
        return json.dumps({'apiVersion': 'apps/v1', 'kind': 'Deployment',
                           'metadata': {'name': 'applied', 'namespace': 'dev'},
                           'spec': {'replicas': replicas, 'selector': {'matchLabels': {'app': 'applied'}},
                                    'template': {'metadata': {'labels': {'app': 'applied'}},
                                                 'spec': {'containers': [{'name': 'app', 'image': 'nginx'}]}}}})
    out = kubectl('apply', '-f', '-', input_text=deployment(1)).stdout
    check('deployment.apps/applied created' in out, out)
    out = kubectl('apply', '-f', '-', input_text=deployment(2)).stdout
    check('deployment.apps/applied configured' in out, out)
    live = json.loads(kubectl('get', 'deployment', '-n', 'dev', 'applied', '-o', 'json').stdout)
    check(live['spec']['replicas'] == 2, live['spec'])
    check('kubectl.kubernetes.io/last-applied-configuration' in live['metadata'].get('annotations', {}), live['metadata'])
    widget = 'apiVersion: example.binnacle.dev/v1\nkind: Widget\nmetadata: {name: applied, namespace: shop}\nspec: {size: tiny, replicas: %d}\n'
    kubectl('apply', '-f', '-', input_text=widget % 1)
    out = kubectl('apply', '-f', '-', input_text=widget % 4).stdout
    check('widget.example.binnacle.dev/applied configured' in out, out)
    out = kubectl('get', 'widget', '-n', 'shop', 'applied', '-o', 'jsonpath={.spec.replicas}').stdout
    check(out == '4', out)


@tap.case
def read_only_commands_send_nothing_mutating():
    pod = sorted(live_pods('shop', 'web'))[0]   # web has rolled by now
    sim.control_call('DELETE', '/requests')
    kubectl('get', 'pods', '-A')
    kubectl('describe', 'pod', '-n', 'shop', pod)
    mutating = [r for r in sim.requests() if r['method'] not in ('GET', 'HEAD')]
    # kubectl describe may POST nothing; access reviews would be the only allowed POSTs
    check(not mutating, mutating)
    check(all('<redacted>' in r['headers'].get('Authorization', '<redacted>') for r in sim.requests()), 'token leaked')


@tap.case
def top_pods_and_metrics_unavailable():
    out = kubectl('top', 'pods', '-n', 'shop').stdout
    check('CPU(cores)' in out and 'web-' in out, out)
    sim.control_json('POST', '/options', {'metrics': False})
    try:
        result = kubectl('top', 'pods', '-n', 'shop', check_rc=False)
        check(result.returncode != 0, result.stdout)
    finally:
        sim.control_json('POST', '/options', {'metrics': True})


@tap.case
def roll_every_restarts_settled_deployments():
    global sim
    quiet = sim
    sim = Sim('demo', extra_args=('--roll-every', '1'))
    try:
        def restarted():
            deployments = json.loads(kubectl('get', 'deployments', '-A', '-o', 'json').stdout)['items']
            return [d['metadata']['name'] for d in deployments
                    if 'kubectl.kubernetes.io/restartedAt' in (d['spec']['template']['metadata'].get('annotations') or {})]
        check(wait_until(lambda: len(restarted()) >= 2, timeout=30), restarted())
        first = restarted()[0]
        namespace = {'sandbox': 'dev', 'coredns': 'kube-system', 'prometheus': 'monitoring', 'api': 'shop',
                     'web': 'shop'}[first]
        status = kubectl('rollout', 'status', 'deployment/' + first, '-n', namespace, '--timeout=60s', timeout=90).stdout
        check('successfully rolled out' in status, status)
        check('payments' not in restarted(), restarted())
        # a roll replaces pods, never adds any: still one live pod per replica
        live = [p for p in json.loads(kubectl('get', 'pods', '-n', namespace, '-o', 'json').stdout)['items']
                if 'deletionTimestamp' not in p['metadata'] and p['metadata']['labels'].get('app') == first]
        check(len(live) == {'coredns': 2, 'api': 2, 'web': 3}.get(first, 1), [p['metadata']['name'] for p in live])
    finally:
        roller, sim = sim, quiet
        stopped = roller.stop()
    check(stopped == 0, 'the rolling sim did not shut down cleanly')


def exec_kubeconfig(token_log, ttl):
    """A kubeconfig whose only user runs sim-exec-credential.py."""
    raw = json.loads(kubectl('config', 'view', '--raw', '-o', 'json').stdout)
    plugin = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'sim-exec-credential.py')
    config = {
        'apiVersion': 'v1', 'kind': 'Config', 'current-context': 'exec',
        'clusters': raw['clusters'],
        'users': [{'name': 'exec', 'user': {'exec': {
            'apiVersion': 'client.authentication.k8s.io/v1', 'command': '/usr/bin/python3',
            'args': [plugin], 'interactiveMode': 'Never', 'provideClusterInfo': False,
            'env': [{'name': 'BINNACLE_SIM_CONTROL', 'value': sim.control},
                    {'name': 'BINNACLE_SIM_TOKEN_LOG', 'value': token_log},
                    {'name': 'BINNACLE_SIM_TOKEN_TTL', 'value': str(ttl)}]}}}],
        'contexts': [{'name': 'exec', 'context': {'cluster': raw['clusters'][0]['name'], 'user': 'exec'}}],
    }
    path = os.path.join(sim.tmp, 'exec-kubeconfig')
    with open(path, 'w') as out:
        json.dump(config, out)
    return path


@tap.case
def exec_credential_plugin_refreshes_after_expiry():
    token_log = os.path.join(sim.tmp, 'exec-tokens')
    env = dict(sim.env(), KUBECONFIG=exec_kubeconfig(token_log, 2))
    run = lambda *args: subprocess.run([KUBECTL, *args], env=env, text=True, capture_output=True, timeout=60)

    result = run('get', 'namespaces')
    check(result.returncode == 0 and 'shop' in result.stdout, result.stderr)
    tokens = open(token_log).read().split()
    check(len(tokens) >= 1, tokens)

    # The sim turns the token 401 once its TTL is over ...
    time.sleep(2.5)
    request = [r for r in sim.requests() if r['path'] == '/api/v1/namespaces']
    check(request and request[-1]['user'] == 'admin', request[-1:])
    expired = kubectl('get', 'namespaces', '--token', tokens[-1], check_rc=False)
    check(expired.returncode != 0 and 'Unauthorized' in expired.stderr, expired.stderr)

    # ... and the next kubectl runs the plugin again and gets in with the new one.
    result = run('auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}')
    check(result.returncode == 0 and result.stdout == 'admin', (result.stdout, result.stderr))
    later = open(token_log).read().split()
    check(len(later) > len(tokens) and later[-1] not in tokens, (tokens, later))


@tap.case
def client_certificate_context():
    out = kubectl('auth', 'whoami', '-o', 'json', context='cert-admin').stdout
    info = json.loads(out)['status']['userInfo']
    check(info['username'] == 'cert-admin' and 'system:masters' in info['groups'], info)
    raw = json.loads(kubectl('config', 'view', '--raw', '-o', 'json').stdout)
    user = [u for u in raw['users'] if u['name'] == 'cert-admin'][0]['user']
    check('client-certificate-data' in user and 'token' not in user, sorted(user))
    # Every request on the connection is the certificate's user, not only the first.
    pod = sorted(live_pods('shop', 'web'))[0]   # web has rolled by now
    out = kubectl('get', 'pods', '-A', context='cert-admin').stdout
    check(pod in out, out)
    result = kubectl('exec', '-n', 'shop', pod, '--', 'echo', 'hi', context='cert-admin')
    check(result.stdout == 'hi\n', repr(result.stdout))
    users = {r['user'] for r in sim.requests() if r['path'].startswith('/api/v1/')}
    check('cert-admin' in users, users)


def main():
    global sim
    if KUBECTL is None:
        return tap.run(skip_reason='kubectl is not installed')
    sim = Sim('demo', extra_args=('--cert-context', 'cert-admin'))
    try:
        result = tap.run()
    finally:
        stopped = sim.stop()
    return result or stopped


if __name__ == '__main__':
    exit_with(main())
