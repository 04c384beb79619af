#!/bin/sh
# The script tests themselves (STYLE.md rule 16): each finds its own files
# wherever it is started from, and fails, saying what is missing, when a
# prerequisite is missing instead of passing without having checked:
# - every script in tests/scripts/ goes to the repository root first;
# - a representative set passes when started from another folder, with sh
#   and with bash (bash carries on after a failed `.`, so a script that
#   cannot find its helpers would end in its final "ok");
# - with xdotool, valgrind or ImageMagick's compare missing from PATH, the
#   scripts that need them exit 1 and name the tool;
# - with ./kiosk missing, a script builds it and passes.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/need.sh || exit 1
need_tool bash
need_kiosk
root=$PWD
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"; [ -e "$root/kiosk.aside" ] && mv -f "$root/kiosk.aside" "$root/kiosk"' EXIT
fail=0
err() { echo "FAIL: $*"; fail=1; }

# 1. Every script starts by going to the repository root.
for t in tests/scripts/*.sh; do
	first=$(grep -v -e '^#' -e '^[[:space:]]*$' "$t" | head -n 1)
	[ "$first" = 'cd "$(dirname "$0")/../.." || exit 2' ] ||
		err "$t does not start by going to the repository root (its first command: $first)"
done

# 2. Started from another folder, with each shell.
mkdir "$tmp/elsewhere"
for sh in sh bash; do
	for t in content-check.sh check-broken.sh e2e-idle.sh; do
		out=$(cd "$tmp/elsewhere" && $sh "$root/tests/scripts/$t" 2>&1)
		rc=$?
		if [ "$rc" -ne 0 ]; then
			err "$sh $t from another folder exited $rc"
			printf '%s\n' "$out" | tail -n 10 | sed 's/^/    /'
		elif printf '%s\n' "$out" | grep -Eq 'not found|No such file|cannot open'; then
			# Exit 0 after a helper or a command was not found: the
			# check did not run (bash goes on after a failed `.`).
			err "$sh $t from another folder passed without running: $(printf '%s\n' "$out" |
				grep -E -m 1 'not found|No such file|cannot open')"
		else
			echo "ok: $sh $t from $tmp/elsewhere"
		fi
	done
done

# 3. A PATH that holds every command but the ones named.
path_without() {
	bin=$tmp/bin-$(echo "$*" | tr ' ' '-')
	mkdir -p "$bin"
	for d in $(echo "$PATH" | tr ':' ' '); do
		[ -d "$d" ] || continue
		for f in "$d"/*; do
			[ -e "$f" ] || continue
			b=${f##*/}
			case " $* " in *" $b "*) continue ;; esac
			[ -e "$bin/$b" ] || ln -s "$f" "$bin/$b"
		done
	done
	echo "$bin"
}

# without TOOL SCRIPT: SCRIPT exits 1 and names TOOL when TOOL is missing.
without() {
	p=$(path_without "$1")
	for sh in sh bash; do
		out=$(cd "$tmp/elsewhere" && PATH=$p $sh "$root/tests/scripts/$2" 2>&1)
		rc=$?
		if [ "$rc" -ne 1 ]; then
			err "$sh $2 without $1 exited $rc, not 1"
			printf '%s\n' "$out" | tail -n 5 | sed 's/^/    /'
		elif ! printf '%s\n' "$out" | grep -q "$1 is missing"; then
			err "$sh $2 without $1 did not say that $1 is missing"
			printf '%s\n' "$out" | tail -n 5 | sed 's/^/    /'
		else
			echo "ok: $sh $2 without $1: $(printf '%s\n' "$out" | grep -m 1 "$1 is missing")"
		fi
	done
}
without xdotool e2e-idle.sh
without xdotool e2e-screens.sh
without Xvfb swap-steps.sh
without valgrind valgrind-check.sh
without compare golden.sh
without compare install.sh

# 4. No ./kiosk: the script builds it.
mv "$root/kiosk" "$root/kiosk.aside" || { err "cannot move ./kiosk aside"; exit 1; }
out=$(cd "$tmp/elsewhere" && sh "$root/tests/scripts/content-check.sh" 2>&1)
rc=$?
if [ "$rc" -ne 0 ] || [ ! -x "$root/kiosk" ]; then
	err "content-check.sh without ./kiosk exited $rc and did not build it"
	printf '%s\n' "$out" | tail -n 10 | sed 's/^/    /'
else
	echo "ok: content-check.sh built the missing ./kiosk"
	rm -f "$root/kiosk.aside"
fi
exit $fail
