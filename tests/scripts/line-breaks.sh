#!/bin/sh
# Where lines break, over the whole bundled content: `--screenshot` at
# 800x480, 1280x800, 1920x1080 and 1080x1920 writes a .txt beside every PNG
# (one laid-out line per line, a blank line between texts), at 100 % and at
# the largest text size, in both languages. In those:
#   - no Ukrainian line ends with a lone one-letter word (в у з і й а о я ж),
#   - no English line ends with "a" or "I",
#   - no line starts with a dash,
#   - no number ends a line when its unit starts the next («30–45 | хвилин»),
#   - no number that ends a phrase starts a line after a word («корпус | 1,»).
# The checker is checked first: a dump with each fault must fail, a clean one
# must pass.
cd "$(dirname "$0")/../.." || exit 2
export LC_ALL=C.UTF-8
[ -x ./kiosk ] || { echo "./kiosk is not built"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# Prints one line per fault in dump $1 (language $2: uk, en or other).
check_dump() {
	f=$1 lang=$2
	if [ "$lang" = uk ]; then
		grep -nE '(^|[[:space:](«„])[вузійаояжВУЗІЙАОЯЖ]$' "$f" | sed "s|^|$f:|; s|\$|   <- ends with a one-letter word|"
	fi
	if [ "$lang" = en ]; then
		grep -nE '(^|[[:space:](“"])(a|A|I)$' "$f" | sed "s|^|$f:|; s|\$|   <- ends with a or I|"
	fi
	grep -nE '^[—–]( |$)' "$f" | sed "s|^|$f:|; s|\$|   <- starts with a dash|"
	# Each line beside the next one of the same text (a blank line ends a text).
	tail -n +2 "$f" >"$tmp/next"
	paste "$f" "$tmp/next" |
		grep -nE '(^|[ (])[0-9]([0-9.,:/–-]*[0-9])?%?	[[:alpha:]]|[[:alpha:]]	[0-9][0-9.,:/–-]*([.,;:!?)»]+( |$)|$)' |
		sed "s|^|$f:|; s|	| / |; s|\$|   <- a number parted from its word|"
}

# --- the checker itself -------------------------------------------------------
printf 'Один сеанс триває в\nсередньому 30–45\nхвилин, адреса: вул. Садова, 10,\nкорпус 2. Приходьте в корпус\n1, кабінет 5.\n— Так.\n\nУсі теми\n' >"$tmp/bad-uk.txt"
printf 'This is a\nline, and so am I\nand so on.\n' >"$tmp/bad-en.txt"
printf 'Один сеанс триває в середньому\n30–45 хвилин, курс — 10–15 сеансів.\nПриходьте в корпус 1.\n\n5 / 9\n\nДалі\n' >"$tmp/good-uk.txt"
n=$(check_dump "$tmp/bad-uk.txt" uk | wc -l)
[ "$n" -eq 4 ] || { echo "checker: found $n of 4 faults in a bad Ukrainian dump:"; check_dump "$tmp/bad-uk.txt" uk; exit 1; }
n=$(check_dump "$tmp/bad-en.txt" en | wc -l)
[ "$n" -eq 2 ] || { echo "checker: found $n of 2 faults in a bad English dump"; exit 1; }
n=$(check_dump "$tmp/good-uk.txt" uk | wc -l)
[ "$n" -eq 0 ] || { echo "checker: a clean dump was faulted:"; check_dump "$tmp/good-uk.txt" uk; exit 1; }
echo "checker: finds every planted fault, passes a clean dump"

# --- the bundled content --------------------------------------------------------
pages=$(ls content/pages/*.uk.md | wc -l)
[ "$pages" -gt 0 ] || { echo "content/pages: no Ukrainian pages"; exit 1; }
faults=0 dumps=0
for size in 800x480 1280x800 1920x1080 1080x1920; do
	out="$tmp/$size"
	./kiosk --screenshot "$out" --size "$size" content >"$tmp/log" 2>&1 || { cat "$tmp/log"; echo "--screenshot failed at $size"; exit 1; }
	for png in "$out"/*.png; do
		[ -s "${png%.png}.txt" ] || { echo "${png%.png}.txt: missing or empty"; exit 1; }
	done
	for l in uk en; do
		for want in "home-$l" "home-$l-large" "warn-$l"; do
			[ -s "$out/$want.txt" ] || { echo "$out/$want.txt: missing"; exit 1; }
		done
		n=$(ls "$out"/page-*-"$l"-large.txt | wc -l)
		[ "$n" -eq "$pages" ] || { echo "$size: $n large $l pages, not $pages"; exit 1; }
	done
	for f in "$out"/*.txt; do
		case $f in
		*-uk.txt | *-uk-*.txt) lang=uk ;;
		*-en.txt | *-en-*.txt) lang=en ;;
		*) if grep -q '[абвгґдеєжзиіїйклмнопрстуфхцчшщьюя]' "$f"; then lang=uk; else lang=en; fi ;;
		esac
		dumps=$((dumps + 1))
		check_dump "$f" "$lang" >"$tmp/faults"
		if [ -s "$tmp/faults" ]; then
			sed "s|^$tmp/||" "$tmp/faults"
			faults=$((faults + $(wc -l <"$tmp/faults")))
		fi
	done
done
echo "$dumps text dumps checked, $faults faults"
[ "$dumps" -ge $((4 * 4 * pages)) ] || { echo "too few dumps ($dumps)"; exit 1; }
[ "$faults" -eq 0 ]
