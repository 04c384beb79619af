#!/bin/sh
# README.md's architecture table stays true: it names every file in src/
# ("util.c/h" names util.c and util.h), names no file that is gone, and
# marks with **SDL** exactly the rows whose files include SDL.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/need.sh || exit 1
need_tool python3
need_file README.md src/main.c
exec python3 - <<'PY'
import glob, os, re, sys
text = open("README.md", encoding="utf-8").read()
rows = [l for l in text.splitlines() if re.match(r"^\| `", l)]
named = {}  # file -> does its row say **SDL**
for row in rows:
    first = row.split("|")[1]
    sdl = "**SDL**" in row
    for name in re.findall(r"`([^`]+)`", first):
        name = name.removeprefix("src/")
        m = re.match(r"^([\w.-]+)\.c/h$", name)
        files = [m.group(1) + ".c", m.group(1) + ".h"] if m else [name]
        for f in files:
            named[f] = sdl
actual = sorted(os.path.basename(p) for p in glob.glob("src/*"))
bad = []
for f in actual:
    if f not in named:
        bad.append(f"src/{f} is not in README.md's architecture table")
for f in sorted(named):
    if f not in actual:
        bad.append(f"README.md's table names {f}, which is not in src/")
def includes_sdl(f):
    try:
        return re.search(r'^#include <SDL', open("src/" + f, encoding="utf-8").read(), re.M) is not None
    except UnicodeDecodeError:
        return False
for f in actual:
    if f in named and includes_sdl(f) and not named[f]:
        bad.append(f"src/{f} includes SDL but its row does not say **SDL**")
for row in rows:
    if "**SDL**" in row:
        files = [f for f, s in named.items() if s and f in actual and re.search(re.escape(f.rsplit('.', 1)[0]), row.split("|")[1])]
        if files and not any(includes_sdl(f) for f in files):
            bad.append(f"a row says **SDL** but none of its files includes SDL: {row.split('|')[1].strip()}")
for b in bad:
    print("FAIL:", b)
print(f"{len(actual)} files in src/, {len(rows)} rows" + ("" if bad else ": ok"))
sys.exit(1 if bad else 0)
PY
