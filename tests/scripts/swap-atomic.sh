#!/bin/sh
# More ways to replace the content folder under Xvfb (issue 6), through the
# folder watch: an atomic exchange of two folders (renameat2 RENAME_EXCHANGE),
# the folder as a symlink flipped to another folder, a page read by a patient
# that disappears (back to home), the language on screen disappearing, and
# the folder's parent (a USB stick's mount point) going away and coming back.
# Each checked on the log and on the kiosk's own SIGUSR1 capture.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/xvfb.sh || exit 1
need_tool python3
W=$T_DIR/w/usb
mkdir -p "$W"

# Makes $1 a copy of content/ whose first tile reads $2.
make_valid() {
	cp -R content "$1"
	f=$1/pages/10-neck.uk.md
	sed "s/^tile: .*/tile: $2/" "$f" >"$f.new" && mv "$f.new" "$f"
}

# Exchanges two paths atomically (renameat2 RENAME_EXCHANGE, no mv --exchange
# in coreutils 9.1).
exchange() {
	python3 - "$1" "$2" <<'EOF' || fail "renameat2 exchange failed"
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
AT_FDCWD, RENAME_EXCHANGE = -100, 2
if libc.syscall(316, AT_FDCWD, sys.argv[1].encode(), AT_FDCWD, sys.argv[2].encode(),
                RENAME_EXCHANGE) != 0:
    sys.exit(os.strerror(ctypes.get_errno()))
EOF
}

# The folder given to the kiosk is a symlink to a real folder.
make_valid "$W/a" 'Папка А'
ln -s a "$W/content"
C=$W/content

x_start
k_start --windowed --size 1280x800 --idle 3600 "$C"
k_wait_log 'screen=attract'
k_mark; k_click 1180 77
k_wait_log 'screen=home lang=uk'
k_shot a

# 1. Flip the symlink to another folder, atomically (a new link renamed over).
make_valid "$W/b" 'Папка Б'
k_mark
ln -s b "$W/link.new" && mv -T "$W/link.new" "$C"
k_wait_log 'reload ok pages=11' 5
k_shot b
k_differ a b
echo "1 symlink flipped: ok"

# 2. Replace the symlink by a real folder, then exchange that folder with
# another one in a single renameat2.
make_valid "$W/c" 'Папка В'
k_mark
rm "$C" && mv "$W/c" "$C"
k_wait_log 'reload ok pages=11' 5
k_shot c
k_differ b c
make_valid "$W/d" 'Папка Г'
k_mark
exchange "$W/d" "$C"
k_wait_log 'reload ok pages=11' 5
k_shot d
k_differ c d
# ...and back: the watches follow the folder, not the inode.
k_mark
exchange "$W/d" "$C"
k_wait_log 'reload ok pages=11' 5
k_shot c2
k_same c c2
echo "2 renameat2 exchange, twice: ok"

# 3. A patient reads a page that the new folder no longer has: home.
k_mark; k_click 538 320
k_wait_log 'screen=page id=massage-types lang=uk'
make_valid "$W/e" 'Папка Д'
rm "$W/e/pages/30-massage-types."*
k_mark
mv "$C" "$W/old" && mv "$W/e" "$C"
k_wait_log 'reload ok pages=10' 5
k_wait_log 'screen=home lang=uk' 2
k_shot e
k_differ d e
echo "3 page gone: home"

# 4. Reading in English, and the new folder is Ukrainian only: home stays,
# in Ukrainian.
k_mark; k_click 1168 58
k_wait_log 'screen=home lang=en'
k_shot e-en
make_valid "$W/f" 'Папка Д'
rm -f "$W/f/pages/30-massage-types."* "$W/f/pages/"*.en.md
sed 's/^languages = .*/languages = uk/' "$W/f/kiosk.ini" >"$W/f/kiosk.ini.new" &&
	mv "$W/f/kiosk.ini.new" "$W/f/kiosk.ini"
rm -rf "$W/old"
k_mark
mv "$C" "$W/old" && mv "$W/f" "$C"
k_wait_log 'reload ok pages=10' 5
k_wait_log 'screen=home lang=uk' 2
k_shot f
k_differ e-en f
echo "4 language gone: ok"

# 5. The parent folder goes away with the folder (a USB stick pulled): the
# screen stays; it comes back with a new folder: loaded.
k_mark
rm -rf "$W"
k_wait_log 'reload failed errors=1' 5
k_shot pulled
k_same f pulled
k_alive
make_valid "$T_DIR/w/g" 'Папка Е'
k_mark
mkdir "$W" && mv "$T_DIR/w/g" "$C"
k_wait_log 'reload ok pages=11' 5
k_shot g
k_differ f g
echo "5 parent gone and back: ok"

k_nowhere 'kiosk: warning'
k_alive
k_stop
echo "ok"
