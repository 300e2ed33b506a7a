#!/usr/bin/env python3
"""Check the Flatpak manifest offline: it parses, names the app id and command, keeps the
permissions minimal, and every module source that is downloaded carries a sha256."""
import json
import shutil
import subprocess
import sys

path = sys.argv[1]
errors = []
with open(path, encoding="utf-8") as f:
    manifest = json.load(f)

if manifest.get("id", manifest.get("app-id")) != "dev.binnacle.Binnacle":
    errors.append("the manifest does not name the app id dev.binnacle.Binnacle")
if manifest.get("command") != "binnacle":
    errors.append("the manifest's command is not binnacle")
runtime_version = manifest.get("runtime-version", "")
if manifest.get("runtime") != "org.gnome.Platform" or not (
        runtime_version == "master" or (runtime_version.isdigit() and int(runtime_version) >= 49)):
    errors.append("the runtime is not a current GNOME runtime (49 or newer)")

args = manifest.get("finish-args", [])
for required in ("--share=network", "--socket=wayland", "--socket=fallback-x11", "--device=dri",
                 "--talk-name=org.freedesktop.secrets", "--filesystem=~/.kube:ro"):
    if required not in args:
        errors.append(f"finish-args lack {required}")
for arg in args:
    if arg.startswith("--filesystem=") and arg.split("=", 1)[1].split(":")[0] in ("home", "host", "~"):
        errors.append(f"finish-args grant too much: {arg}")

names = []


def check_module(module):
    if isinstance(module, str):
        return
    names.append(module.get("name"))
    for source in module.get("sources", []):
        if source.get("type") in ("archive", "file") and "url" in source:
            if len(source.get("sha256", "")) != 64:
                errors.append(f"module {module.get('name')}: source {source['url']} has no sha256")
        elif source.get("type") == "git" and "commit" not in source and "tag" not in source:
            errors.append(f"module {module.get('name')}: git source is not pinned")
    for sub in module.get("modules", []):
        check_module(sub)


for module in manifest.get("modules", []):
    check_module(module)

if "libyaml" not in names:
    errors.append("the manifest does not build libyaml, which the GNOME runtime lacks")
if names[-1:] != ["binnacle"]:
    errors.append("the last module is not binnacle")

builder = shutil.which("flatpak-builder")
if builder:
    env = {"G_DEBUG": "fatal-warnings", "PATH": "/usr/bin:/bin"}
    r = subprocess.run([builder, "--show-manifest", path], capture_output=True, env=env)
    if r.returncode != 0:
        errors.append("flatpak-builder --show-manifest failed: " + r.stderr.decode(errors="replace"))

for e in errors:
    print("error:", e)
print("1..1")
print(("not ok" if errors else "ok") + " 1 flatpak manifest")
sys.exit(1 if errors else 0)
