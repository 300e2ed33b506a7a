#!/usr/bin/env python3
"""Every user-visible string is translated in every language of po/LINGUAS.

Regenerates the template from po/POTFILES.in with xgettext and merges each .po against it, so a
string added to the code but not to a translation is reported by name."""
import os
import subprocess
import sys
import tempfile

root = sys.argv[1]
po_dir = os.path.join(root, "po")
with open(os.path.join(po_dir, "POTFILES.in"), encoding="utf-8") as f:
    files = [l.strip() for l in f if l.strip() and not l.startswith("#")]
with open(os.path.join(po_dir, "LINGUAS"), encoding="utf-8") as f:
    langs = [l.strip() for l in f if l.strip() and not l.startswith("#")]

failures = []
with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "binnacle.pot")
    cmd = ["xgettext", "--from-code=UTF-8", "--add-comments", "--keyword=_", "--keyword=N_",
           "--keyword=C_:1c,2", "--keyword=NC_:1c,2", "--keyword=g_dngettext:2,3",
           "--keyword=ngettext:1,2", "--keyword=g_dpgettext2:2c,3",
           "--force-po",
           "-o", pot, "--directory", root] + files
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr)
        print("1..1\nnot ok 1 xgettext failed")
        sys.exit(1)
    print(f"1..{len(langs)}")
    for i, lang in enumerate(langs, 1):
        po = os.path.join(po_dir, lang + ".po")
        merged = os.path.join(tmp, lang + ".po")
        r = subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged, po, pot],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print(r.stderr)
            print(f"not ok {i} {lang}: msgmerge failed")
            failures.append(lang)
            continue
        r = subprocess.run(["msgattrib", "--untranslated", "--no-obsolete", merged],
                           capture_output=True, text=True)
        r2 = subprocess.run(["msgattrib", "--only-fuzzy", "--no-obsolete", merged],
                            capture_output=True, text=True)
        missing = [l[7:-1] for l in (r.stdout + r2.stdout).splitlines()
                   if l.startswith('msgid "') and l != 'msgid ""']
        if missing:
            for m in missing:
                print(f"# {lang}: untranslated: {m}")
            print(f"not ok {i} {lang}: {len(missing)} untranslated strings")
            failures.append(lang)
        else:
            print(f"ok {i} {lang}: complete")
sys.exit(1 if failures else 0)
