#!/usr/bin/env python3
"""Check the Flatpak manifest offline: it parses, names the app id and command, targets a current
GNOME runtime, keeps the permissions minimal and explained in the README, builds what the runtime
lacks from release tarballs pinned by sha256, and flatpak-builder accepts it.

Usage: check-flatpak-manifest.py MANIFEST [README]"""
import json
import os
import re
import shutil
import subprocess
import sys

path = sys.argv[1]
readme_path = sys.argv[2] if len(sys.argv) > 2 else None
results = []


def check(name, errors):
    results.append((name, errors))


with open(path, encoding="utf-8") as f:
    manifest = json.load(f)

# 1. identity and runtime
errors = []
if manifest.get("id", manifest.get("app-id")) != "dev.binnacle.Binnacle":
    errors.append("the manifest does not name the app id dev.binnacle.Binnacle")
if manifest.get("command") != "binnacle":
    errors.append("the manifest's command is not binnacle")
runtime_version = manifest.get("runtime-version", "")
if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk" or not (
        runtime_version == "master" or (runtime_version.isdigit() and int(runtime_version) >= 49)):
    errors.append("the runtime is not a current GNOME runtime (49 or newer) with its SDK")
check("app id, command and GNOME runtime", errors)

# 2. permissions: what Binnacle needs and nothing more
errors = []
args = manifest.get("finish-args", [])
for required in ("--share=network", "--socket=wayland", "--socket=fallback-x11", "--device=dri",
                 "--talk-name=org.freedesktop.secrets", "--filesystem=~/.kube:ro"):
    if required not in args:
        errors.append(f"finish-args lack {required}")
for arg in args:
    if arg.startswith("--filesystem="):
        target = arg.split("=", 1)[1]
        place = target.split(":")[0]
        if place in ("home", "host", "host-os", "host-etc", "~", "/") or not target.endswith(":ro"):
            errors.append(f"finish-args grant too much: {arg}")
    if arg in ("--socket=x11", "--device=all", "--socket=session-bus", "--socket=system-bus"):
        errors.append(f"finish-args grant too much: {arg}")
check("minimal finish-args", errors)

# 3. the README explains every permission
errors = []
if readme_path:
    with open(readme_path, encoding="utf-8") as f:
        readme = f.read()
    for arg in args:
        if f"`{arg}`" not in readme:
            errors.append(f"README.md does not explain {arg}")
check("README explains each permission", errors)

# 4. modules: pinned release tarballs, known build systems, binnacle last
errors = []
names = []
build_systems = {"autotools", "cmake", "cmake-ninja", "meson", "simple", "qmake"}
sha256 = re.compile(r"^[0-9a-f]{64}$")


def check_module(module):
    if isinstance(module, str):
        return
    name = module.get("name")
    names.append(name)
    if module.get("buildsystem", "autotools") not in build_systems:
        errors.append(f"module {name}: unknown buildsystem {module.get('buildsystem')}")
    for source in module.get("sources", []):
        kind = source.get("type")
        if kind in ("archive", "file") and "url" in source:
            if not sha256.match(source.get("sha256", "")):
                errors.append(f"module {name}: source {source['url']} has no sha256")
            if not source["url"].startswith("https://"):
                errors.append(f"module {name}: source {source['url']} is not fetched over https")
        elif kind == "git" and "commit" not in source:
            errors.append(f"module {name}: git source is not pinned to a commit")
        elif kind not in ("archive", "file", "git", "dir", "patch"):
            errors.append(f"module {name}: unexpected source type {kind}")
    for sub in module.get("modules", []):
        check_module(sub)


for module in manifest.get("modules", []):
    check_module(module)

# The GNOME runtime has GLib, GTK, libadwaita, libsoup 3, json-glib, libsecret and GnuTLS; it
# lacks the headers of libyaml and all of simdjson.
for lacking in ("libyaml", "simdjson"):
    if lacking not in names:
        errors.append(f"the manifest does not build {lacking}, which the GNOME runtime lacks")
if names[-1:] != ["binnacle"]:
    errors.append("the last module is not binnacle")
else:
    app = manifest["modules"][-1]
    if app.get("buildsystem") != "meson" or "-Dtests=false" not in app.get("config-opts", []):
        errors.append("binnacle is not built with meson and -Dtests=false")
check("modules from pinned release tarballs", errors)

# 5. flatpak-builder itself accepts the manifest
errors = []
builder = shutil.which("flatpak-builder")
if builder:
    env = {"G_DEBUG": "fatal-warnings", "PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp")}
    r = subprocess.run([builder, "--show-manifest", path], capture_output=True, env=env)
    if r.returncode != 0:
        errors.append("flatpak-builder --show-manifest failed: " + r.stderr.decode(errors="replace"))
    check("flatpak-builder --show-manifest", errors)
else:
    results.append(("flatpak-builder --show-manifest", None))

print(f"1..{len(results)}")
failed = False
for i, (name, errs) in enumerate(results, 1):
    if errs is None:
        print(f"ok {i} {name} # SKIP flatpak-builder is not installed")
        continue
    for e in errs:
        print("# error:", e)
    print(("not ok" if errs else "ok") + f" {i} {name}")
    failed = failed or bool(errs)
sys.exit(1 if failed else 0)
