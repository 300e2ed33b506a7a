#!/usr/bin/env python3
"""Fill empty msgstr entries of a .po file from a JSON dictionary {msgid: msgstr}.

Usage: fill-po.py LANG.po TRANSLATIONS.json
Multi-line msgids are matched on their joined text. Entries already translated are kept."""
import json
import re
import sys


def unquote(lines):
    return "".join(json.loads(l) for l in lines)


def quote(s):
    return json.dumps(s, ensure_ascii=False)


po_path, dict_path = sys.argv[1], sys.argv[2]
with open(dict_path, encoding="utf-8") as f:
    table = json.load(f)
with open(po_path, encoding="utf-8") as f:
    lines = f.read().split("\n")

out = []
i = 0
missing = []
while i < len(lines):
    line = lines[i]
    if line.startswith("msgid "):
        msgid_lines = [line[6:]]
        j = i + 1
        while j < len(lines) and lines[j].startswith('"'):
            msgid_lines.append(lines[j]); j += 1
        if j < len(lines) and lines[j].startswith("msgstr "):
            msgstr_lines = [lines[j][7:]]
            k = j + 1
            while k < len(lines) and lines[k].startswith('"'):
                msgstr_lines.append(lines[k]); k += 1
            msgid = unquote(msgid_lines)
            msgstr = unquote(msgstr_lines)
            out.extend(lines[i:j])
            if msgid and not msgstr:
                if msgid in table:
                    out.append("msgstr " + quote(table[msgid]))
                else:
                    missing.append(msgid)
                    out.extend(lines[j:k])
            else:
                out.extend(lines[j:k])
            # drop a fuzzy flag we just resolved
            i = k
            continue
    out.append(line)
    i += 1
with open(po_path, "w", encoding="utf-8") as f:
    f.write("\n".join(out))
for m in missing:
    print("untranslated:", m)
