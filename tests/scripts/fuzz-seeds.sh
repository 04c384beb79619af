#!/bin/sh
# The page and kiosk.ini fuzzers start from today's content folder
# (tests/fuzz/seeds-from-content.sh, run by tests/fuzz/run.sh): every page
# and kiosk.ini copied byte for byte, what an older folder left removed, a
# folder without pages refused; and the checked-in corpus holds no copy of
# a content page that would go stale (a seed titled like a page of content/).
cd "$(dirname "$0")/../.." || exit 2
gen=tests/fuzz/seeds-from-content.sh
[ -x "$gen" ] || { echo "FAIL: no $gen"; exit 1; }
grep -q 'seeds-from-content.sh' tests/fuzz/run.sh || { echo "FAIL: tests/fuzz/run.sh does not use $gen"; exit 1; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
rc=0

# A small folder, and a seed left from an older one.
mkdir -p "$tmp/c/pages" "$tmp/s/page" || exit 2
printf -- '---\ntitle: A\n---\nA.\n' >"$tmp/c/pages/10-a.uk.md"
printf -- '---\ntitle: B\n---\nB.\n' >"$tmp/c/pages/20-b.en.md"
printf '[kiosk]\nlanguages = uk, en\n' >"$tmp/c/kiosk.ini"
echo old >"$tmp/s/page/content-05-gone.uk.md"
echo mine >"$tmp/s/page/hand-made.md"
"$gen" "$tmp/s" "$tmp/c" >/dev/null || { echo "FAIL: $gen failed on a good folder"; exit 1; }
for p in 10-a.uk.md 20-b.en.md; do
	cmp -s "$tmp/c/pages/$p" "$tmp/s/page/content-$p" || { echo "FAIL: $p not copied as content-$p"; rc=1; }
done
cmp -s "$tmp/c/kiosk.ini" "$tmp/s/ini/content.ini" || { echo "FAIL: kiosk.ini not copied"; rc=1; }
[ ! -e "$tmp/s/page/content-05-gone.uk.md" ] || { echo "FAIL: a seed of a page no longer there was kept"; rc=1; }
[ -f "$tmp/s/page/hand-made.md" ] || { echo "FAIL: a seed not from content/ was removed"; rc=1; }
[ "$rc" = 0 ] && echo "ok   a folder's pages and kiosk.ini become seeds; an old folder's go"

rm -r "$tmp/c/pages"/*
if "$gen" "$tmp/s" "$tmp/c" >/dev/null 2>&1; then echo "FAIL: a folder without pages was accepted"; rc=1
else echo "ok   a folder without pages is refused"; fi

# Today's content folder: one seed a page.
"$gen" "$tmp/today" >/dev/null || { echo "FAIL: $gen failed on content/"; exit 1; }
n=$(ls content/pages/*.md | wc -l) got=$(ls "$tmp/today/page" | wc -l)
[ "$n" -gt 0 ] && [ "$n" = "$got" ] || { echo "FAIL: $got seeds for $n pages of content/"; rc=1; }
for p in content/pages/*.md; do
	cmp -s "$p" "$tmp/today/page/content-$(basename "$p")" || { echo "FAIL: $p differs from its seed"; rc=1; }
done
echo "ok   $got pages of content/ are seeds"

# No checked-in page seed is a copy of a content page (it would go stale).
for p in content/pages/*.md; do
	title=$(grep -m 1 '^title:' "$p")
	for s in tests/fuzz/corpus/page/*; do
		if grep -qxF -- "$title" "$s"; then echo "FAIL: $s is a copy of $p ($title)"; rc=1; fi
	done
done
[ "$rc" = 0 ] && echo "ok   the checked-in corpus copies no content page"
exit $rc
