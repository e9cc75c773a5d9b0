# lib.sh - shared helpers of the shell tests in tests/cli/, sourced by each:
#
#   . "$(dirname "$0")/lib.sh"
#
# `make check` exports CCAUDIT (the built binary), top_srcdir, top_builddir
# and CCA_FIXTURES; run by hand from the top of the tree
# (`sh tests/cli/audit.sh`) they default to that tree.
#
# Every assertion prints a TAP-ish line, "ok N - what" or "not ok N - what"
# followed by "#" lines saying what was expected and what came instead, and
# the test keeps going.  `finish` prints the closing line "P passed, F failed"
# and exits 0 when nothing failed, 1 otherwise.  `skip_all REASON` exits 77.
#
# Running a command:
#   run [VAR=value...] cmd args...   runs cmd with stdin from /dev/null,
#                                    stdout into $out, stderr into $err,
#                                    the exit status into $rc
#   ccaudit args...                  the binary under test (with a time
#                                    limit when timeout(1) exists)
# Assertions (the expect_std* ones look at the last `run`):
#   expect_exit CODE [VAR=value...] cmd args...
#   expect_stdout_contains TEXT           (fixed string, not a pattern)
#   expect_stdout_not_contains TEXT
#   expect_stderr_contains TEXT
#   expect_stderr_not_contains TEXT
#   expect_stdout_empty / expect_stderr_empty
#   expect_eq EXPECTED GOT WHAT           compare two strings
#   expect_true WHAT cmd args...          cmd must exit 0 (its output is
#                                         shown on failure)
#   expect_same_file EXPECTED-FILE GOT-FILE WHAT   byte for byte, diff shown
#   pass WHAT / fail WHAT [EXPECTED [GOT]] / skip WHAT REASON
# Utilities:
#   replace_all FROM TO       filter: replace every FROM (a fixed string)
#   have PROG                 whether PROG is on PATH

test_name=$(basename "$0" .sh)

# ---- where things are ----------------------------------------------------

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${CCAUDIT:=$top_builddir/ccaudit}"
: "${CCA_FIXTURES:=$top_srcdir/tests/fixtures}"
export top_srcdir top_builddir CCAUDIT CCA_FIXTURES

# Nothing from the caller's environment may change what ccaudit prints.
unset CCAUDIT_DATADIR CCAUDIT_FONT_DIR NO_COLOR SOURCE_DATE_EPOCH
LC_ALL=C
export LC_ALL

# ---- counters, output ----------------------------------------------------

n_tests=0
n_passed=0
n_failed=0
n_skipped=0

# Make a path or command readable: the binary, the fixtures and the
# temporary directory by name.
shorten() {
	printf '%s\n' "$*" | replace_all "$CCAUDIT" ccaudit |
		replace_all "$CCA_FIXTURES" '$CCA_FIXTURES' | replace_all "$tmp" '$tmp'
}

pass() {
	n_tests=$((n_tests + 1))
	n_passed=$((n_passed + 1))
	echo "ok $n_tests - $1"
}

# fail WHAT [EXPECTED [GOT]]: one failed assertion.
fail() {
	n_tests=$((n_tests + 1))
	n_failed=$((n_failed + 1))
	echo "not ok $n_tests - $1"
	echo "# $test_name: $1"
	if [ $# -ge 2 ]; then
		printf '%s\n' "$2" | sed 's/^/#   expected: /'
	fi
	if [ $# -ge 3 ]; then
		printf '%s\n' "$3" | sed 's/^/#   got:      /'
	fi
	if [ -n "${last_cmd:-}" ]; then
		echo "#   last command: $last_cmd (exit $rc)"
		if [ -s "$err" ] && [ "${no_stderr_dump:-}" != yes ]; then
			echo "#   its stderr:"
			head -n 15 "$err" | sed 's/^/#     /'
		fi
	fi
	no_stderr_dump=
	return 0
}

skip() {
	n_tests=$((n_tests + 1))
	n_skipped=$((n_skipped + 1))
	echo "ok $n_tests - $1 # SKIP $2"
}

skip_all() {
	echo "1..0 # SKIP $test_name: $1"
	exit 77
}

finish() {
	if [ "$n_skipped" -gt 0 ]; then
		echo "# $n_skipped skipped"
	fi
	echo "$n_passed passed, $n_failed failed"
	finished=yes
	[ "$n_failed" -eq 0 ]
	exit $?
}

# ---- the temporary directory ---------------------------------------------

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ccaudit-$test_name.XXXXXX") || {
	echo "$test_name: cannot create a temporary directory" >&2
	exit 99
}
# Every audit saves its run: into this test's own history, never the user's.
CCAUDIT_DB=$tmp/history.db
export CCAUDIT_DB
out=$tmp/.stdout
err=$tmp/.stderr
rc=0
last_cmd=
finished=no

cleanup() {
	status=$?
	[ -n "${dockerd_pid:-}" ] && stop_dockerd
	rm -rf "$tmp"
	if [ "$finished" != yes ] && [ "$status" -eq 0 ]; then
		echo "# $test_name: ended before finish" >&2
		status=99
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- running commands ----------------------------------------------------

have() {
	command -v "$1" >/dev/null 2>&1
}

if have timeout; then
	ccaudit() {
		timeout 120 "$CCAUDIT" "$@"
	}
else
	ccaudit() {
		"$CCAUDIT" "$@"
	}
fi

# replace_all FROM TO: copy stdin to stdout with every FROM replaced by TO.
replace_all() {
	if [ -z "$1" ]; then
		cat
		return
	fi
	awk -v from="$1" -v to="$2" '
	{
		s = $0; o = ""
		while ((i = index(s, from)) > 0) {
			o = o substr(s, 1, i - 1) to
			s = substr(s, i + length(from))
		}
		print o s
	}'
}

run() {
	last_cmd=$(shorten "$*")
	(
		while [ $# -gt 0 ]; do
			case $1 in
			[A-Za-z_]*=*) export "$1"; shift ;;
			*) break ;;
			esac
		done
		"$@"
	) >"$out" 2>"$err" </dev/null
	rc=$?
}

# ---- assertions ----------------------------------------------------------

expect_exit() {
	want=$1
	shift
	run "$@"
	if [ "$rc" -eq "$want" ]; then
		pass "$last_cmd: exit $want"
	else
		fail "$last_cmd: exit $want" "exit status $want" "exit status $rc"
	fi
}

expect_stdout_contains() {
	what=$(shorten "$1")
	if grep -F -e "$1" "$out" >/dev/null 2>&1; then
		pass "stdout of '$last_cmd' contains '$what'"
	else
		fail "stdout of '$last_cmd' contains '$what'" "a line containing '$1'" \
		     "$(head -n 10 "$out")"
	fi
}

expect_stdout_not_contains() {
	what=$(shorten "$1")
	if grep -F -e "$1" "$out" >/dev/null 2>&1; then
		fail "stdout of '$last_cmd' does not contain '$what'" "no '$1'" \
		     "$(grep -F -n -e "$1" "$out" | head -n 5)"
	else
		pass "stdout of '$last_cmd' does not contain '$what'"
	fi
}

expect_stderr_contains() {
	what=$(shorten "$1")
	if grep -F -e "$1" "$err" >/dev/null 2>&1; then
		pass "stderr of '$last_cmd' contains '$what'"
	else
		no_stderr_dump=yes
		fail "stderr of '$last_cmd' contains '$what'" "a line containing '$1'" \
		     "$(head -n 10 "$err")"
	fi
}

expect_stderr_not_contains() {
	what=$(shorten "$1")
	if grep -F -e "$1" "$err" >/dev/null 2>&1; then
		no_stderr_dump=yes
		fail "stderr of '$last_cmd' does not contain '$what'" "no '$1'" \
		     "$(grep -F -n -e "$1" "$err" | head -n 5)"
	else
		pass "stderr of '$last_cmd' does not contain '$what'"
	fi
}

expect_stdout_empty() {
	if [ -s "$out" ]; then
		fail "stdout of '$last_cmd' is empty" "nothing" "$(head -n 10 "$out")"
	else
		pass "stdout of '$last_cmd' is empty"
	fi
}

expect_stderr_empty() {
	if [ -s "$err" ]; then
		no_stderr_dump=yes
		fail "stderr of '$last_cmd' is empty" "nothing" "$(head -n 10 "$err")"
	else
		pass "stderr of '$last_cmd' is empty"
	fi
}

expect_eq() {
	if [ "$1" = "$2" ]; then
		pass "$3"
	else
		fail "$3" "$1" "$2"
	fi
}

expect_true() {
	what=$1
	shift
	if output=$("$@" 2>&1); then
		pass "$what"
	else
		fail "$what" "success of: $(shorten "$*")" "$output"
	fi
}

expect_same_file() {
	if cmp -s "$1" "$2"; then
		pass "$3"
	else
		fail "$3" "the content of $(shorten "$1")" \
		     "$(diff -u "$1" "$2" 2>&1 | head -n 40)"
	fi
}

# ---- a Docker Engine of the test's own --------------------------------------

# start_dockerd: dockerd with vfs storage, no bridge and no iptables, its
# socket, data and exec roots under $tmp/dockerd; sets dockerd_pid and D
# (the docker client on that socket).  Returns 1 (after a failed
# assertion) when it is not ready within 15 s.  The test's exit stops it.
start_dockerd() {
	dockerd_dir=$tmp/dockerd
	mkdir -p "$dockerd_dir"
	dockerd --storage-driver=vfs --iptables=false --ip6tables=false --bridge=none \
		--host "unix://$dockerd_dir/docker.sock" --data-root "$dockerd_dir/root" \
		--exec-root "$dockerd_dir/exec" --pidfile "$dockerd_dir/dockerd.pid" \
		>"$dockerd_dir/dockerd.log" 2>&1 &
	dockerd_pid=$!
	D="${DOCKER_CLI:-/usr/bin/docker} -H unix://$dockerd_dir/docker.sock"
	i=0
	until curl -s --unix-socket "$dockerd_dir/docker.sock" http://x/_ping 2>/dev/null | grep -q OK; do
		i=$((i + 1))
		if [ $i -gt 150 ] || ! kill -0 "$dockerd_pid" 2>/dev/null; then
			fail "dockerd starts" "ready within 15 s" "$(tail -n 5 "$dockerd_dir/dockerd.log")"
			return 1
		fi
		sleep 0.1
	done
	pass "dockerd started on $dockerd_dir/docker.sock"
}

# stop_dockerd: remove its containers, stop it (TERM; after 30 s KILL, with
# its containerd), and unmount what it left mounted under $tmp.
stop_dockerd() {
	$D ps -aq 2>/dev/null | xargs -r $D rm -f >/dev/null 2>&1
	kill -TERM "$dockerd_pid" 2>/dev/null
	i=0
	while kill -0 "$dockerd_pid" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	if kill -0 "$dockerd_pid" 2>/dev/null; then
		kill -KILL "$dockerd_pid" 2>/dev/null
		pkill -KILL -f "$dockerd_dir/exec/containerd" 2>/dev/null
	fi
	grep -F " $dockerd_dir/" /proc/self/mounts 2>/dev/null | cut -d' ' -f2 | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null; done
	dockerd_pid=
}
