#!/bin/sh
# Names say where things are (issue 13): every function declared in src/X.h
# carries X's prefix (X_name, or the name X itself), and every non-static
# function defined in src/Y.c is declared in Y's own header, and every
# function a header declares is defined somewhere. gcc's -aux-info
# lists the declarations each file really sees, so multi-line prototypes and
# macros cannot hide one. The few headers whose prefix is not their file name
# are in PREFIXES below, with the reason; the few .c files that share a header
# are in HOMES. The checker first checks itself on a planted header.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/need.sh || exit 1
need_tool python3 gcc make pkg-config
need_file src/main.c Makefile
cflags=$(make -s --no-print-directory --eval "names-cflags: ; @printf '%s\\n' '\$(PKG_CFLAGS) \$(CPPFLAGS)'" names-cflags) ||
	{ echo "FAIL: make could not say the compiler flags"; exit 1; }
[ -n "$cflags" ] || { echo "FAIL: no compiler flags from the Makefile (pkg-config packages missing? make deps)"; exit 1; }
CFLAGS_NAMES=$cflags exec python3 - <<'PY'
import glob, os, re, shlex, subprocess, sys, tempfile

# Headers whose functions carry another prefix than the file's name, and why.
PREFIXES = {
    "model.h": ["content_"],          # the content model: functions of struct content
    "content_impl.h": ["ld_"],        # the loader's internals (struct loader)
    "layout_impl.h": ["lb_"],         # the layout builder (struct lb)
    "app_impl.h": ["app_"],
    "util.h": ["x", "path_", "str_", "utf8_", "log_", "clock_"],  # small families
}
# .c files whose functions are declared in a header of another name.
HOMES = {
    # app.h is the state machine's one public interface; app.c, appspeech.c
    # and appstats.c each implement part of it
    "app.c": ["app.h", "app_impl.h"],
    "appspeech.c": ["appspeech.h", "app.h"],
    "appstats.c": ["appstats.h", "app.h"],
    "content.c": ["content.h", "content_impl.h"],
    "contentfs.c": ["content_impl.h"],
    "layout.c": ["layout.h", "layout_impl.h"],
    "model.c": ["model.h"],
    # the modes main.c starts share kiosk.h (they have no other interface)
    "run.c": ["kiosk.h"], "shot.c": ["kiosk.h"], "bench.c": ["kiosk.h"],
    "say.c": ["kiosk.h"], "main.c": ["kiosk.h"],
}
flags = shlex.split(os.environ["CFLAGS_NAMES"])
LINE = re.compile(r"^/\* (.+?):(\d+):([NO][CF]) \*/ (.*)$")

def aux(src, tmp):
    """(path, line, kind, name, static) of every function src's compile sees."""
    out = os.path.join(tmp, "aux.txt")
    r = subprocess.run(["gcc", "-std=c11", *flags, "-Isrc", "-fsyntax-only",
                        "-aux-info", out, src], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr[-2000:])
        print(f"FAIL: gcc could not compile {src}")
        sys.exit(1)
    res = []
    for l in open(out, encoding="utf-8", errors="replace"):
        m = LINE.match(l.rstrip("\n"))
        if not m:
            continue
        decl = re.sub(r"/\*.*?\*/", "", m.group(4))
        n = re.search(r"(\w+) \(", decl)
        if n:
            res.append((os.path.realpath(m.group(1)), int(m.group(2)), m.group(3)[1],
                        n.group(1), decl.lstrip().startswith("static")))
    return res

def prefix_faults(header, tmp):
    base = os.path.basename(header)
    mod = re.sub(r"_impl$", "", base[:-2])
    allowed = PREFIXES.get(base, [mod + "_"])
    c = os.path.join(tmp, "one.c")
    with open(c, "w") as f:
        f.write(f'#include "{os.path.realpath(header)}"\n')
    real = os.path.realpath(header)
    bad = []
    for path, line, kind, name, static in aux(c, tmp):
        if path != real or name == mod or any(name.startswith(p) for p in allowed):
            continue
        bad.append(f"{header}:{line}: {name} has no prefix of {base} ({', '.join(allowed)})")
    return bad

with tempfile.TemporaryDirectory() as tmp:
    # The checker checks itself: a planted header with one good and one bad name.
    plant = os.path.join(tmp, "plant.h")
    with open(plant, "w") as f:
        f.write("void plant_ok(void);\nint\nplanted_bad(\n  int x);\nvoid plant(void);\n")
    got = prefix_faults(plant, tmp)
    if len(got) != 1 or "planted_bad" not in got[0]:
        print("FAIL: the checker did not find exactly the planted bad name:", got)
        sys.exit(1)

    bad = []
    headers = sorted(glob.glob("src/*.h"))
    for h in headers:
        bad += prefix_faults(h, tmp)
    sources = sorted(glob.glob("src/*.c"))
    declared, defined = {}, set()
    for c in sources:
        base = os.path.basename(c)
        want = HOMES.get(base, [base[:-2] + ".h"])
        entries = aux(c, tmp)
        real = os.path.realpath(c)
        decl_in = {}
        for path, line, kind, name, static in entries:
            if kind == "C" and path.startswith(os.path.realpath("src") + "/") and path.endswith(".h"):
                decl_in.setdefault(name, set()).add(os.path.basename(path))
                declared.setdefault(name, f"src/{os.path.basename(path)}:{line}")
            elif kind == "F":
                defined.add(name)
        for path, line, kind, name, static in entries:
            if kind != "F" or path != real or static or name == "main":
                continue
            where = decl_in.get(name, set())
            if not where:
                bad.append(f"{c}:{line}: {name} is defined here but declared in no header")
            elif not where & set(want):
                bad.append(f"{c}:{line}: {name} is declared in {', '.join(sorted(where))}, not in {' or '.join(want)}")
    for name in sorted(set(declared) - defined):
        bad.append(f"{declared[name]}: {name} is declared but defined in no file of src/")
for b in bad:
    print("FAIL:", b)
print(f"{len(headers)} headers, {len(sources)} sources" + ("" if bad else ": ok"))
sys.exit(1 if bad else 0)
PY
