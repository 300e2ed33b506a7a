#!/usr/bin/env python3
"""Every file with user-visible strings is in po/POTFILES.in, and every string is translated in
every language of po/LINGUAS.

Regenerates the template from po/POTFILES.in with xgettext and merges each .po against it, so a
string added to the code but not to a translation is reported by name."""
import json
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



def msgids(po_text):
    """The msgids of a .po text, with multi-line ones joined; the header's is empty."""
    ids = []
    current = None
    for line in po_text.splitlines():
        if line.startswith('msgid "'):
            current = [json.loads(line[6:])]
        elif current is not None and line.startswith('"'):
            current.append(json.loads(line))
        elif current is not None:
            ids.append("".join(current))
            current = None
    if current is not None:
        ids.append("".join(current))
    return ids


def sources_with_strings():
    """Every file under src/ and data/ that holds a translatable string."""
    marks = {".c": ("_(\"", "N_(\"", "C_(\"", "NC_(\""), ".ui": ('translatable="yes"',),
             ".in": ("Name=", "<summary>"), ".xml": ("<summary>",)}
    found = []
    for top in ("src", "data"):
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            for name in names:
                ext = os.path.splitext(name)[1]
                if ext not in marks or name.endswith(".gresource.xml"):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = f.read()
                if any(m in text for m in marks[ext]):
                    found.append(os.path.relpath(path, root))
    return sorted(found)


failures = []
uncovered = [f for f in sources_with_strings() if f not in files]
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
    print(f"1..{len(langs) + 1}")
    for f in uncovered:
        print(f"# {f} has translatable strings but is not in po/POTFILES.in")
    print(("not ok" if uncovered else "ok") + " 1 po/POTFILES.in covers every file with strings")
    if uncovered:
        failures.append("POTFILES.in")
    for i, lang in enumerate(langs, 2):
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
        missing = [m for m in msgids(r.stdout) + msgids(r2.stdout) if m]
        if missing:
            for m in missing:
                print(f"# {lang}: untranslated: {m}")
            print(f"not ok {i} {lang}: {len(missing)} untranslated strings")
            failures.append(lang)
        else:
            print(f"ok {i} {lang}: complete")
sys.exit(1 if failures else 0)
