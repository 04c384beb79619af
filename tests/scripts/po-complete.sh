#!/bin/sh
# Every message for staff has a Ukrainian translation: a template made fresh
# from the sources (tests/lib/make-pot.sh, as `make pot` does) is merged with
# po/uk.po; any message left untranslated or fuzzy (changed in the source
# since it was translated) fails, and so does anything `msgfmt --check`
# finds (a %s missing from a translation, a broken plural). msgcmp also says
# which messages po/uk.po lacks. Then the check is tried on two broken
# copies (a new message in a source, a fuzzy translation), which must fail.
cd "$(dirname "$0")/../.." || exit 2
set -u
for t in xgettext msgmerge msgfmt msgcmp msgattrib; do
	command -v $t >/dev/null || { echo "FAIL: $t is missing (Debian package gettext)"; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# complete ROOT PO: 0 when PO translates every message of the sources in ROOT.
complete() {
	(cd "$1" && tests/lib/make-pot.sh "$tmp/fresh.pot") || { echo "FAIL: make-pot.sh failed"; return 2; }
	n=$(grep -c '^msgid ' "$tmp/fresh.pot")
	[ "$n" -gt 100 ] || { echo "FAIL: only $n messages found in the sources"; return 2; }
	bad=0
	msgfmt --check -o /dev/null "$2" 2>"$tmp/err" || { echo "msgfmt --check $2:"; cat "$tmp/err"; bad=1; }
	msgcmp --use-untranslated "$2" "$tmp/fresh.pot" 2>"$tmp/err" || { echo "msgcmp: messages missing from $2:"; head -n 20 "$tmp/err"; bad=1; }
	msgmerge --quiet -o "$tmp/merged.po" "$2" "$tmp/fresh.pot" || return 2
	msgattrib --untranslated --no-obsolete "$tmp/merged.po" | grep '^msgid ' | grep -v '^msgid ""$' > "$tmp/untr"
	msgattrib --only-fuzzy --no-obsolete "$tmp/merged.po" | grep '^msgid ' | grep -v '^msgid ""$' > "$tmp/fuzzy"
	[ -s "$tmp/untr" ] && { echo "untranslated in $2:"; sed 's/^/    /' "$tmp/untr"; bad=1; }
	[ -s "$tmp/fuzzy" ] && { echo "fuzzy (the English changed) in $2:"; sed 's/^/    /' "$tmp/fuzzy"; bad=1; }
	[ "$bad" -eq 0 ] && echo "ok   $2: all $n messages translated"
	return "$bad"
}

complete . po/uk.po || exit 1
# The template in the repository is the one the sources make.
if ! diff -u po/kiosk.pot "$tmp/fresh.pot" > "$tmp/pot.diff"; then
	echo "FAIL: po/kiosk.pot is out of date: run make pot (and make po-update)"; head -n 30 "$tmp/pot.diff"; exit 1
fi
echo "ok   po/kiosk.pot is up to date"

# A copy of the sources with one new, untranslated diagnostic must fail.
mkdir -p "$tmp/copy/tests" "$tmp/copy/kiosk-image/overlay/usr/lib"
cp -R src "$tmp/copy/src"; cp -R tests/lib "$tmp/copy/tests/lib"
cp -R kiosk-image/overlay/usr/lib/kiosk-image "$tmp/copy/kiosk-image/overlay/usr/lib/"
printf 'void po_probe(struct diag *d);\nvoid po_probe(struct diag *d) { diag_add(d, DIAG_ERROR, "x", 1, "a message nobody translated."); }\n' \
	>> "$tmp/copy/src/diag.c"
if complete "$tmp/copy" po/uk.po >"$tmp/out" 2>&1; then
	echo "FAIL: a new untranslated message went unnoticed"; cat "$tmp/out"; exit 1
fi
grep -q 'a message nobody translated' "$tmp/out" || { echo "FAIL: the untranslated message was not named"; cat "$tmp/out"; exit 1; }
echo "ok   a new untranslated message fails the check"

# A translation marked fuzzy must fail too.
awk 'BEGIN{done=0} /^msgid "Wrong PIN\."$/ && !done {print "#, fuzzy"; done=1} {print}' po/uk.po > "$tmp/fuzzy.po"
if complete . "$tmp/fuzzy.po" >"$tmp/out" 2>&1; then
	echo "FAIL: a fuzzy translation went unnoticed"; cat "$tmp/out"; exit 1
fi
grep -q 'Wrong PIN' "$tmp/out" || { echo "FAIL: the fuzzy message was not named"; cat "$tmp/out"; exit 1; }
echo "ok   a fuzzy translation fails the check"
