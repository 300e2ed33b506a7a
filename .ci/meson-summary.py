#!/usr/bin/env python3
"""Print 'N passed, N failed' from one or more meson testlog.json files.

Counts TAP subtests (ok / not ok lines) when a test printed TAP, else the test itself.
A test that crashed or timed out after passing subtests counts one extra failure."""
import json
import re
import sys

paths = sys.argv[1:] or ["build/meson-logs/testlog.json"]
passed = failed = skipped = 0
tap = re.compile(r"^(not ok|ok)\b(.*)$")
any_lines = False
for path in paths:
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError:
        print(f"missing test log: {path}", file=sys.stderr)
        failed += 1
        continue
    for line in lines:
        if not line.strip():
            continue
        any_lines = True
        t = json.loads(line)
        res = t.get("result", "ERROR")
        p = f = s = 0
        for l in (t.get("stdout") or "").splitlines():
            m = tap.match(l)
            if not m:
                continue
            directive = m.group(2)
            if re.search(r"#\s*SKIP", directive, re.I):
                s += 1
            elif m.group(1) == "ok" or re.search(r"#\s*TODO", directive, re.I):
                p += 1
            else:
                f += 1
        if p + f + s == 0:
            if res in ("OK", "EXPECTEDFAIL"):
                p = 1
            elif res == "SKIP":
                s = 1
            else:
                f = 1
        elif res not in ("OK", "EXPECTEDFAIL", "SKIP") and f == 0:
            f = 1
        if f:
            print(f"FAILED: {t.get('name')} ({res})", file=sys.stderr)
        passed += p
        failed += f
        skipped += s
if not any_lines:
    failed = max(failed, 1)
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
