#!/bin/sh
# Writes the fuzzers' seeds taken from today's content folder, so that they
# follow the pages patients read instead of a copy that grows stale: every
# page file of content/pages/ into DIR/page/ as content-NAME.md, and
# content/kiosk.ini into DIR/ini/content.ini. What DIR held from an older
# content folder goes first. tests/fuzz/run.sh calls it for every run
# (DIR: build/fuzz/seeds), beside the hand-made seeds in tests/fuzz/corpus/.
#
#   tests/fuzz/seeds-from-content.sh DIR [CONTENT_DIR]
cd "$(dirname "$0")/../.." || exit 2
dir=${1:?usage: $0 DIR [CONTENT_DIR]}
content=${2:-content}
[ -f "$content/kiosk.ini" ] || { echo "$0: no $content/kiosk.ini" >&2; exit 1; }
set -- "$content"/pages/*.md
[ -f "$1" ] || { echo "$0: no pages in $content/pages" >&2; exit 1; }
mkdir -p "$dir/page" "$dir/ini" || exit 1
rm -f "$dir"/page/content-*.md "$dir/ini/content.ini" || exit 1
for p in "$@"; do
	cp "$p" "$dir/page/content-$(basename "$p")" || exit 1
done
cp "$content/kiosk.ini" "$dir/ini/content.ini" || exit 1
echo "$# pages and kiosk.ini from $content into $dir"
