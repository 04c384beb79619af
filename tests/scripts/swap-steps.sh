#!/bin/sh
# Live content swap under Xvfb (issue 6), through the folder watch and the
# debounce, on a copy of content/: replace the folder by rename; edit a page in
# place; copy a folder in slowly, file by file; replace it with a broken
# folder; delete it; restore it. After each step: the log, and the kiosk's own
# SIGUSR1 capture compared with the one before (the home screen shows a
# different tile title in each good folder). Also measures the notice: from the
# rename to "reload ok" at most 3 s.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/xvfb.sh || exit 1
W=$T_DIR/w
mkdir -p "$W"
C=$W/content
cp -R content "$W/orig"
cp -R content "$C"

# Gives the first tile (the neck page) of folder $1 the title $2.
set_tile() {
	f=$1/pages/10-neck.uk.md
	sed "s/^tile: .*/tile: $2/" "$f" >"$f.new" && mv "$f.new" "$f"
}

x_start
k_start --windowed --size 1280x800 --idle 3600 "$C"
k_wait_log 'screen=attract'
k_mark; k_click 1180 77                   # "All topics": the home screen
k_wait_log 'screen=home lang=uk'
k_shot s0
k_shot s0b
k_same s0 s0b                             # the home screen is still

# 1. Replace the folder by rename; the notice within 3 s.
cp -R content "$W/new"
set_tile "$W/new" 'Перша заміна'
k_mark
t0=$(now_ms)
mv "$C" "$W/old" && mv "$W/new" "$C"
k_wait_log 'reload ok pages=11' 5
notice=$(($(now_ms) - t0))
echo "notice: rename to 'reload ok' in ${notice} ms"
[ "$notice" -le 3000 ] || fail "the rename took ${notice} ms to load (more than 3 s)"
k_never 'screen='                         # still on the home screen
k_shot s1
k_differ s0 s1
rm -rf "$W/old"
echo "1 rename: ok"

# 2. Edit a page in place (truncate and rewrite the same file).
k_mark
sed 's/^tile: .*/tile: Друга правка/' "$C/pages/10-neck.uk.md" >"$W/page"
cat "$W/page" >"$C/pages/10-neck.uk.md"
k_wait_log 'reload ok pages=11' 5
k_shot s2
k_differ s1 s2
echo "2 edit in place: ok"

# 2b. Overwrite a picture in place, same name (the first tile's).
k_mark
cat "$C/images/clinic.svg" >"$C/images/spine.svg"
k_wait_log 'reload ok pages=11' 5
k_shot s2b
k_differ s2 s2b
echo "2b picture overwritten in place: ok"

# 3. Delete the folder and copy another one in, one file or folder every 0.3 s.
cp -R content "$W/slow"
set_tile "$W/slow" 'Третя, повільно'
k_mark
rm -rf "$C"
(cd "$W/slow" && find . -mindepth 1 | sort) >"$W/list"
n=0
while read -r p; do
	if [ -d "$W/slow/$p" ]; then mkdir "$C/$p" 2>/dev/null || mkdir -p "$C/$p"
	else mkdir -p "$(dirname "$C/$p")"; cp "$W/slow/$p" "$C/$p"
	fi
	n=$((n + 1))
	sleep 0.3
done <"$W/list"
# The mark goes where the copy ended, before the check, so that a reload
# logged while the check runs is still seen by the wait below.
during=$K_MARK
k_mark
copied=$K_MARK
K_MARK=$during
k_since | head -n "$((copied - during))" | grep 'reload' &&
	fail "a reload while the folder was being copied ($n entries, 0.3 s apart)"
K_MARK=$copied
k_wait_log 'reload ok pages=11' 5
sleep 1.5
[ "$(k_count 'reload')" = 1 ] || fail "not exactly one reload after the slow copy"
k_shot s3
k_differ s2b s3
echo "3 slow copy of $n entries: ok, one reload at the end"

# 4. Replace it with a broken folder: refused, the diagnostic in the log, the
# screen unchanged.
cp -R "$C" "$W/broken"
f=$W/broken/pages/20-massage-helps.uk.md
sed '1s/^---$/title without the dashes/' "$f" >"$f.new" && mv "$f.new" "$f"
k_mark
mv "$C" "$W/old" && mv "$W/broken" "$C"
k_wait_log 'reload failed errors=' 5
sleep 0.3
k_wait_log '20-massage-helps.uk.md' 1
k_never 'reload ok'
k_shot s4
k_same s3 s4
rm -rf "$W/old"
echo "4 broken folder: refused, screen unchanged"

# 5. Delete the folder: the screen does not change, and a page never opened
# before shows its picture (read from the snapshot); the kiosk lives on.
k_mark
rm -rf "$C"
k_wait_log 'reload failed' 5
k_shot s5
k_same s3 s5
k_mark; k_click 790 320                   # a page with a picture
k_wait_log 'screen=page id=massage-types lang=uk'
k_shot page5
k_never 'kiosk: warning'
k_alive
echo "5 folder deleted: screen unchanged, alive"

# 6. Restore the original folder while reading a page: reload ok, the reader
# stays on the page, and the home screen is the very first one again.
cp -R "$W/orig" "$W/restore"
k_mark
mv "$W/restore" "$C"
k_wait_log 'reload ok pages=11' 5
sleep 0.5
k_never 'screen='
k_shot page6
k_same page5 page6
k_mark; k_click 120 744
k_wait_log 'screen=home lang=uk'
k_shot s6
k_same s0 s6
echo "6 restored: ok"

k_nowhere 'kiosk: warning'
k_alive
k_stop
echo "ok"
