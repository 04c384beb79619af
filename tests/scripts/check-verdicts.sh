#!/bin/sh
# `kiosk --check --state DIR`: the pictures' sandbox verdicts are kept in
# DIR/picture-verdicts, as the running kiosk keeps them, so a picture whose
# bytes were judged good is not decoded again. The image's build checks the
# bundled content into the state partition this way (its first boot under
# an emulator then decodes nothing before the first frame), and its USB
# update reads the kiosk's verdicts (a stick's unchanged pictures are not
# decoded twice). Decodes are counted as executions of the sandbox helper
# (kiosk --decode-helper) under strace.
cd "$(dirname "$0")/../.." || exit 2
set -u
KIOSK=${KIOSK:-./kiosk}
[ -x "$KIOSK" ] || { echo "FAIL: $KIOSK is not built"; exit 1; }
command -v strace >/dev/null || { echo "FAIL: strace is missing (Debian package strace; make deps)"; exit 1; }
command -v convert >/dev/null || { echo "FAIL: convert is missing (Debian package imagemagick; make deps)"; exit 1; }
T=$(mktemp -d /tmp/kiosk-verdicts-XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# check OUT STATE|'' DIR: runs --check under strace; sets rc and helpers.
check() {
	out=$1 st=$2 dir=$3
	if [ -n "$st" ]; then
		strace -f -qq -e trace=execve -o "$T/trace" "$KIOSK" --check --state "$st" "$dir" >"$out" 2>"$out.err"
	else
		strace -f -qq -e trace=execve -o "$T/trace" "$KIOSK" --check "$dir" >"$out" 2>"$out.err"
	fi
	rc=$?
	helpers=$(grep -c -- '--decode-helper' "$T/trace")
}

# 1. Without --state every check decodes (the counting itself works).
check "$T/plain" "" content
[ "$rc" = 0 ] || fail "kiosk --check content exited $rc: $(cat "$T/plain")"
[ "$helpers" -ge 1 ] || fail "no decode helper ran for content/ without --state: the count cannot see decodes"

# 2. The first check with a state folder decodes and remembers every picture.
mkdir "$T/state"
check "$T/first" "$T/state" content
[ "$rc" = 0 ] || fail "first --check --state exited $rc"
[ "$helpers" -ge 1 ] || fail "the first check with an empty state folder decoded nothing"
v=$T/state/picture-verdicts
[ -f "$v" ] || fail "no $v after --check --state"
n=$(wc -l <"$v")
pics=$(ls content/images | wc -l)
[ "$n" -ge 1 ] && [ "$n" -le "$pics" ] || fail "$n verdicts for $pics pictures"
bad=$(grep -c -v -E '^[0-9a-f]{16} [0-9a-f]{16} [0-9]+$' "$v")
[ "$bad" = 0 ] || fail "$bad malformed lines in $v"
ls "$T/state" | grep -q 'tmp' && fail "a temporary file is left in the state folder: $(ls "$T/state")"
cmp -s "$T/plain" "$T/first" || fail "--state changed what --check says"

# 3. The second check decodes nothing and says the same.
check "$T/second" "$T/state" content
[ "$rc" = 0 ] || fail "second --check --state exited $rc"
[ "$helpers" = 0 ] || fail "the second check still started the decode helper $helpers time(s)"
cmp -s "$T/first" "$T/second" || fail "the second check says something else: $(diff "$T/first" "$T/second")"

# 4. One changed picture (other bytes, same name) is decoded again, alone.
cp -R content "$T/c"
svg=$(ls "$T/c/images" | grep '\.svg$' | head -1)
[ -n "$svg" ] || fail "content/images has no SVG picture to change"
printf '<!-- changed -->\n' >>"$T/c/images/$svg"
check "$T/changed" "$T/state" "$T/c"
[ "$rc" = 0 ] || fail "--check of the changed copy exited $rc: $(cat "$T/changed")"
[ "$helpers" = 1 ] || fail "a changed picture started the decode helper $helpers time(s), not once"
[ "$(wc -l <"$v")" = $((n + 1)) ] || fail "the changed picture's verdict was not added ($(wc -l <"$v") lines, had $n)"

# 5. A refused picture is never remembered as good: refused again.
convert -size 300x200 plasma: "$T/whole.png" || fail "convert could not make a test picture"
head -c 3000 "$T/whole.png" >"$T/c/images/cut.png"
for f in "$T"/c/pages/10-neck.*.md; do
	sed 's|^image: .*|image: images/cut.png|' "$f" >"$f.new" && mv "$f.new" "$f"
done
check "$T/bad1" "$T/state" "$T/c"
[ "$rc" = 1 ] || fail "a cut-short picture passed --check (exit $rc)"
check "$T/bad2" "$T/state" "$T/c"
[ "$rc" = 1 ] || fail "a cut-short picture passed the second --check with the same state folder"
grep -q 'cut.png' "$T/bad2" || fail "the second check does not name the cut-short picture: $(cat "$T/bad2")"

# 6. A state folder that cannot be written to is only a missing cache.
: >"$T/not-a-folder"
check "$T/nofolder" "$T/not-a-folder" content
[ "$rc" = 0 ] || fail "--check with an unusable --state exited $rc: $(cat "$T/nofolder.err")"
cmp -s "$T/plain" "$T/nofolder" || fail "an unusable --state changed what --check says"
echo "PASS: --check --state remembers the sandbox's good verdicts and decodes only new pictures"
