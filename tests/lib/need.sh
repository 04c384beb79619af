# tests/lib/need.sh: what a script test needs before its check can run.
# Source it after `cd` to the repository root. A missing prerequisite fails
# the script (exit 1) with one line saying what is missing and how to get
# it: a check that could not run must never look like a check that passed.

# need_tool NAME...: each must be a command on PATH.
need_tool() {
	for need_t in "$@"; do
		command -v "$need_t" >/dev/null 2>&1 ||
			{ echo "FAIL: $need_t is missing: this test cannot run without it (make deps installs it)"; exit 1; }
	done
}

# need_kiosk: ./kiosk, built (or brought up to date) with make.
need_kiosk() {
	need_log=$(mktemp) || exit 1
	if ! make -s --no-print-directory kiosk >"$need_log" 2>&1 || [ ! -x ./kiosk ]; then
		tail -n 20 "$need_log"
		rm -f "$need_log"
		echo "FAIL: ./kiosk is missing and make kiosk could not build it"
		exit 1
	fi
	rm -f "$need_log"
}

# need_file PATH...: inputs a check reads must exist.
need_file() {
	for need_f in "$@"; do
		[ -e "$need_f" ] || { echo "FAIL: $need_f is missing: this test cannot run without it"; exit 1; }
	done
}
