#!/usr/bin/python3
# check-kubectl-parity.py: Binnacle reads every kubeconfig of the corpus as kubectl does
#
# Copyright 2026 The Binnacle developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-kubectl-parity.py KUBECONFIG_DUMP CORPUS_DIR
#
# For each file of the corpus, each multi-file search path below and a 10 MB file made here,
# runs `kubectl config view --raw -o json` and `kubectl config get-contexts` (offline
# commands) and tests/kube/kubeconfig-dump on the same $KUBECONFIG, and checks that both
# accept or refuse it, and when they accept it, that they see the same contexts (with their
# cluster, user and namespace), clusters (with their server), users and current context.
# Where kubectl refuses a search path because one file is bad, Binnacle must refuse that
# file and still load the others exactly as kubectl loads them without it. Then 60 seeded
# mutations of corpus files ($BINNACLE_PARITY_MUTATIONS to change) go through the same check.
# Prints TAP; without kubectl, the whole test is skipped (never passed).

import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

KUBECTL = os.environ.get("KUBECTL", "/usr/bin/kubectl")

MERGES = [
    ["merge-first.yaml", "merge-second.yaml"],
    ["merge-second.yaml", "merge-first.yaml"],
    ["merge-first.yaml", "merge-second.yaml", "merge-third.yaml"],
    ["merge-third.yaml", "merge-second.yaml"],
    ["kind.yaml", "minikube.yaml", "docker-desktop.yaml", "eks-exec.yaml"],
    ["empty.yaml", "merge-second.yaml"],
    ["does-not-exist.yaml", "kind.yaml", "also-missing.yaml"],
    ["kind.yaml", "kind.yaml", "minikube.yaml", "kind.yaml"],
    ["openshift.yaml", "", "rancher.yaml"],
    ["kind.yaml", "reject-server-yes.yaml", "minikube.yaml"],
    ["reject-duplicate-cluster.yaml", "merge-first.yaml"],
    ["merge-first.yaml", "reject-alias-bomb.yaml", "merge-second.yaml", "reject-bad-yaml.yaml"],
    ["comments-only.yaml", "document-marker-only.yaml", "multi-document.yaml"],
    ["certs", "kind.yaml"],
]


class Tap:
    def __init__(self):
        self.count = 0
        self.failed = 0

    def result(self, ok, name, details=""):
        self.count += 1
        if not ok:
            self.failed += 1
        print(f"{'ok' if ok else 'not ok'} {self.count} - {name}")
        if not ok and details:
            for line in details.splitlines():
                print(f"# {line}")
        sys.stdout.flush()


def run(argv, env, cwd):
    return subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True,
                          errors="replace", timeout=300)


def kubectl_view(search_path, env, cwd):
    env = dict(env, KUBECONFIG=search_path)
    view = run([KUBECTL, "config", "view", "--raw", "-o", "json"], env, cwd)
    if view.returncode != 0:
        return None, view.stderr.strip()
    names = run([KUBECTL, "config", "get-contexts", "-o", "name"], env, cwd)
    table = run([KUBECTL, "config", "get-contexts"], env, cwd)
    if names.returncode != 0 or table.returncode != 0:
        return None, (names.stderr + table.stderr).strip()
    return (json.loads(view.stdout), parse_get_contexts(names.stdout, table.stdout)), None


def parse_get_contexts(names, table):
    """Returns ({name, ...}, the table's line marked current or None)."""
    current = [line for line in table.splitlines() if line.startswith("*")]
    # kubectl's table writer turns tabs into spaces: compare names with tabs made spaces.
    return ({" ".join(n.split()) for n in names.splitlines() if n},
            current[0] if current else None)


def binnacle_dump(dump, search_path, env, cwd):
    out = run([dump, search_path], env, cwd)
    if out.returncode != 0:
        raise RuntimeError(f"kubeconfig-dump failed ({out.returncode}): {out.stderr}")
    return json.loads(out.stdout)


def blank(value):
    return value if value else ""


def kubectl_summary(view):
    contexts = {c["name"]: (blank(c["context"].get("cluster")), blank(c["context"].get("user")),
                            blank(c["context"].get("namespace")) or "default")
                for c in view.get("contexts") or []}
    clusters = {c["name"]: blank(c["cluster"].get("server")) for c in view.get("clusters") or []}
    users = {u["name"] for u in view.get("users") or []}
    return contexts, clusters, users, blank(view.get("current-context"))


def binnacle_summary(dump):
    """The same from the JSON of `binnacle --list-clusters --json` (plus every cluster and
    user, referenced or not). An unset namespace is listed as "default"; kubectl leaves it
    empty."""
    contexts = {c["name"]: (blank(c["cluster"]), blank(c["user"]), blank(c["namespace"]))
                for c in dump["clusters"]}
    clusters = {c["name"]: blank(c["server"]) for c in dump["all-clusters"]}
    users = set(dump["all-users"])
    current = [c["name"] for c in dump["clusters"] if c["current"]]
    expected = [dump["current-context"]] if dump["current-context"] in contexts else []
    if current != expected:
        raise RuntimeError(f"current flag {current} disagrees with {dump['current-context']!r}")
    return contexts, clusters, users, blank(dump["current-context"])


def diff(label, ours, theirs):
    if ours == theirs:
        return ""
    if isinstance(ours, dict):
        keys = sorted(set(ours) | set(theirs))
        lines = [f"{label}: {k!r}: binnacle={ours.get(k)!r} kubectl={theirs.get(k)!r}"
                 for k in keys if ours.get(k) != theirs.get(k)]
        return "\n".join(lines[:10]) + "\n"
    if isinstance(ours, set):
        return f"{label}: only binnacle={sorted(ours - theirs)[:10]} only kubectl={sorted(theirs - ours)[:10]}\n"
    return f"{label}: binnacle={ours!r} kubectl={theirs!r}\n"


def compare_accepted(ours, kubectl):
    view, (table_names, table_current) = kubectl
    theirs = kubectl_summary(view)
    mine = binnacle_summary(ours)
    problems = ""
    for label, a, b in zip(("contexts", "clusters", "users", "current-context"), mine, theirs):
        problems += diff(label, a, b)
    problems += diff("get-contexts names", {" ".join(n.split()) for n in mine[0] if n}, table_names)
    if mine[3] in mine[0]:
        theirs_words = table_current[1:].split() if table_current else []
        mine_words = mine[3].split()
        if table_current is None or (mine_words and theirs_words[:1] != mine_words[:1]):
            problems += f"get-contexts marks {table_current!r} current, binnacle {mine[3]!r}\n"
    elif table_current is not None:
        problems += f"get-contexts marks {table_current!r} current, binnacle marks none\n"
    return problems


def check_search_path(tap, dump, name, files, corpus, env, cwd):
    paths = [os.path.join(corpus, f) if f else "" for f in files]
    search_path = ":".join(paths)
    kubectl, kubectl_error = kubectl_view(search_path, env, cwd)
    ours = binnacle_dump(dump, search_path, env, cwd)
    rejected = [f for f in ours["files"] if f["state"] == "rejected"]

    if kubectl is not None:
        if ours["kubectl-would-refuse"]:
            tap.result(False, f"{name}: accepted by both",
                       f"binnacle refused: {rejected}\n")
            return
        tap.result(not compare_accepted(ours, kubectl), f"{name}: same reading as kubectl",
                   compare_accepted(ours, kubectl))
        return

    if not ours["kubectl-would-refuse"]:
        tap.result(False, f"{name}: refused by both", f"kubectl: {kubectl_error}\nbinnacle accepted it\n")
        return

    # kubectl refuses the whole path; Binnacle refuses the bad files and loads the rest as
    # kubectl would load them alone.
    details = ""
    for f in rejected:
        if not f["message"]:
            details += f"{f['path']} refused without a reason\n"
    # Where kubectl names a YAML line, Binnacle names the same one.
    match = re.search(r'error loading config file "([^"]*)": yaml: line (\d+):', kubectl_error or "")
    if match:
        line = int(match.group(2))
        same_file = [f for f in rejected if f["path"] == os.path.abspath(match.group(1))]
        if same_file and same_file[0]["line"] != line:
            details += f"kubectl says line {line}, binnacle line {same_file[0]['line']}\n"
    good = [p for p in paths if p and os.path.abspath(p) not in {f["path"] for f in rejected}]
    if good:
        rest, rest_error = kubectl_view(":".join(good), env, cwd)
        if rest is None:
            details += f"kubectl refuses the remaining files too: {rest_error}\n"
        else:
            details += compare_accepted(ours, rest)
    elif ours["clusters"]:
        details += "contexts loaded from a refused file\n"
    tap.result(not details, f"{name}: refused as kubectl refuses it"
               + (f" ({rejected[0]['message'][:60]})" if rejected else ""), details)


# Bytes that change how YAML reads: brackets, indicators, tags, anchors, escapes, line ends.
MUTATION_TOKENS = [b"[", b"]", b"{", b"}", b":", b"&a", b"*a", b"<<: ", b"!!str ", b"!!binary ",
                   b"yes", b"~", b"- ", b"\n", b" ", b"\t", b"'", b'"', b"#", b"---\n", b"0x1",
                   b"1e3", b",", b"?", b"|", b">", b"null", b".inf", b"=", b"\\", b"\xc3\xa9",
                   b"%YAML 1.1\n", b"!foo ", b"a:]", b"\\'", b"\\/"]


def mutate(data, rand):
    data = bytearray(data)
    for _ in range(rand.randint(1, 3)):
        op, pos = rand.random(), rand.randint(0, len(data))
        if op < 0.5:
            data[pos:pos] = rand.choice(MUTATION_TOKENS)
        elif op < 0.8:
            del data[pos:pos + rand.randint(1, 8)]
        else:
            data[pos:pos] = data[rand.randint(0, len(data)):][:rand.randint(1, 40)]
    return bytes(data)


def check_mutations(tap, dump, corpus, env, home, count):
    """Corpus files with a few bytes inserted, cut or copied, seeded so that every run
    checks the same ones: both readers must still agree."""
    rand = random.Random(20261123)
    files = sorted(f for f in os.listdir(corpus)
                   if os.path.isfile(os.path.join(corpus, f))
                   and os.path.getsize(os.path.join(corpus, f)) < 20000)
    for n in range(count):
        name = rand.choice(files)
        with open(os.path.join(corpus, name), "rb") as f:
            data = mutate(f.read(), rand)
        path = os.path.join(home, f"mutation-{n}.yaml")
        with open(path, "wb") as f:
            f.write(data)
        check_search_path(tap, dump, f"mutation {n} of {name}", [path], corpus, env, home)


def write_ten_megabytes(path):
    ca = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM" * 4
    with open(path, "w") as f:
        f.write("apiVersion: v1\nkind: Config\nclusters:\n")
        i = 0
        while f.tell() < 10 * 1024 * 1024:
            f.write(f"- name: big-{i}\n  cluster:\n    server: https://10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}:6443\n"
                    f"    certificate-authority-data: {ca}\n")
            i += 1
        f.write("users:\n- name: u\n  user: {token: t}\ncontexts:\n")
        for j in range(0, i, 97):
            f.write(f"- {{name: big-{j}, context: {{cluster: big-{j}, user: u}}}}\n")
        f.write("current-context: big-0\n")


def main():
    dump, corpus = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])

    if not os.access(KUBECTL, os.X_OK) or shutil.which(KUBECTL) is None:
        print(f"1..0 # SKIP {KUBECTL} is not installed")
        return 0

    tap = Tap()
    with tempfile.TemporaryDirectory() as home:
        # kubectl must see only the files given, never the user's own configuration.
        env = {"PATH": "/usr/bin:/bin", "HOME": home, "LC_ALL": "C.UTF-8"}
        for key in ("ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS"):
            if key in os.environ:
                env[key] = os.environ[key]

        version = run([KUBECTL, "version", "--client"], env, home)
        print(f"# {version.stdout.splitlines()[0] if version.stdout else 'kubectl'}")

        files = sorted(f for f in os.listdir(corpus) if os.path.isfile(os.path.join(corpus, f)))
        for f in files:
            check_search_path(tap, dump, f, [f], corpus, env, home)

        for files in MERGES:
            check_search_path(tap, dump, "KUBECONFIG=" + ":".join(files), files, corpus, env, home)

        big = os.path.join(home, "ten-megabytes.yaml")
        write_ten_megabytes(big)
        check_search_path(tap, dump, "10 MB file", [big], corpus, env, home)
        check_search_path(tap, dump, "10 MB file merged", [big, "kind.yaml"], corpus, env, home)

        check_mutations(tap, dump, corpus, env, home,
                        int(os.environ.get("BINNACLE_PARITY_MUTATIONS", "60")))

    print(f"1..{tap.count}")
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
