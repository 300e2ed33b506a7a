#!/usr/bin/env python3
"""README.md stays true: every file it links to or names as a command exists, and the metainfo's
screenshots are the ones the README shows.

Usage: check-readme.py SOURCE_ROOT"""
import os
import re
import sys

root = sys.argv[1]
with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
    readme = f.read()
with open(os.path.join(root, "data", "dev.binnacle.Binnacle.metainfo.xml.in.in"),
          encoding="utf-8") as f:
    metainfo = f.read()

results = []

errors = []
for target in re.findall(r"\]\(([^)#]+)\)", readme):
    if "://" not in target and not os.path.exists(os.path.join(root, target)):
        errors.append(f"README.md links to {target}, which does not exist")
results.append(("README links resolve", errors))

errors = []
for script in sorted(set(re.findall(r"bash (\.ci/[\w.-]+)", readme))):
    if not os.access(os.path.join(root, script), os.X_OK):
        errors.append(f"README.md runs {script}, which is missing or not executable")
if "N passed, N failed" not in readme:
    errors.append("README.md does not say what the test command prints")
results.append(("README commands exist", errors))

errors = []
shown = {os.path.basename(t) for t in re.findall(r"\]\((docs/screenshots/[^)]+)\)", readme)}
listed = {os.path.basename(u) for u in re.findall(r"<image>([^<]+)</image>", metainfo)}
if not listed:
    errors.append("the metainfo has no screenshot")
for name in sorted(listed - shown):
    errors.append(f"the metainfo lists screenshot {name}, which README.md does not show")
results.append(("metainfo screenshots match the README", errors))

print(f"1..{len(results)}")
for i, (name, errs) in enumerate(results, 1):
    for e in errs:
        print("# error:", e)
    print(("not ok" if errs else "ok") + f" {i} {name}")
sys.exit(1 if any(errs for _, errs in results) else 0)
