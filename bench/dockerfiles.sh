#!/bin/sh
# dockerfiles.sh - audit every corpus Dockerfile in one process and compare
# with the peer and the floor measured in the same run:
#
#   cat                    reading the files: the floor
#   ccaudit audit -f json  parse, run every Dockerfile check, write the report
#                          (--no-store: the history database is bench/store.sh's)
#   dockerfilelint -j      the npm linter, all files in one process
#
# Prints wall time, CPU time (user + system) and peak RSS over RUNS runs
# (default 5): wall and CPU are hyperfine's means when hyperfine is
# installed (Debian package 'hyperfine'), else medians from a shell loop
# (date +%s%N) and GNU time; peak RSS is GNU time's median.  Not a pass/fail test; the
# target is ccaudit at least 20x faster than dockerfilelint (wall) and under
# 32 MB peak.  dockerfilelint is installed from npm into a scratch
# directory, never into the project.
#
# Usage: sh bench/dockerfiles.sh [RUNS]
#   CCA_CORPORA  the shared corpora directory (default: ../shared/corpora
#                beside the source tree)
set -u

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/.." && pwd)}
CCAUDIT=${CCAUDIT:-$top_srcdir/ccaudit}
corpora=${CCA_CORPORA:-$top_srcdir/../shared/corpora}
runs=${1:-5}

if [ ! -x "$CCAUDIT" ]; then
	echo "dockerfiles.sh: no ccaudit binary at $CCAUDIT (run make first)" >&2
	exit 1
fi
if [ ! -d "$corpora/dockerfiles" ]; then
	echo "dockerfiles.sh: no corpus at $corpora/dockerfiles (set CCA_CORPORA)" >&2
	exit 1
fi
if [ ! -x /usr/bin/time ] || ! /usr/bin/time -f %M true >/dev/null 2>&1; then
	echo "dockerfiles.sh: needs GNU time at /usr/bin/time (Debian package 'time')" >&2
	exit 1
fi
unset NO_COLOR SOURCE_DATE_EPOCH
CCAUDIT_DATADIR=$top_srcdir
export CCAUDIT_DATADIR

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ccaudit-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The corpus files, one per line, and as arguments for each tool.
ls "$corpora/dockerfiles" | grep -v '^MANIFEST' | sed "s|^|$corpora/dockerfiles/|" > "$tmp/files"
nfiles=$(wc -l < "$tmp/files")
bytes=$(cat $(cat "$tmp/files") | wc -c)
set --
while read -r f; do set -- "$@" --dockerfile "$f"; done < "$tmp/files"
ccaudit_args="$*"

# The peer, from npm, into the scratch directory.
peer=""
if command -v npm >/dev/null 2>&1; then
	echo "dockerfiles.sh: installing dockerfilelint from npm into a scratch directory" >&2
	if npm install --silent --no-audit --no-fund --prefix "$tmp/npm" dockerfilelint \
		>"$tmp/npm.log" 2>&1; then
		peer=$tmp/npm/node_modules/.bin/dockerfilelint
	else
		echo "dockerfiles.sh: npm install failed; see below" >&2
		tail -5 "$tmp/npm.log" >&2
	fi
fi

# measure NAME CMD...: run CMD RUNS times; record "wall cpu rss" (seconds,
# seconds, KB).
measure() {
	name=$1
	shift
	: > "$tmp/m"
	i=0
	while [ "$i" -lt "$runs" ]; do
		t0=$(date +%s%N)
		/usr/bin/time -o "$tmp/t" -f '%U %S %M' "$@" >/dev/null 2>"$tmp/err"
		t1=$(date +%s%N)
		echo "$(( (t1 - t0) )) $(tail -n 1 "$tmp/t")" >> "$tmp/m"
		i=$((i + 1))
	done
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N -w 1 -r "$runs" --export-json "$tmp/h.json" "$(quote "$@")" \
			>/dev/null 2>&1
		hw=$(sed -n 's/^ *"mean": *\([0-9.e-]*\),*$/\1/p' "$tmp/h.json" | head -1)
		hu=$(sed -n 's/^ *"user": *\([0-9.e-]*\),*$/\1/p' "$tmp/h.json" | head -1)
		hs=$(sed -n 's/^ *"system": *\([0-9.e-]*\),*$/\1/p' "$tmp/h.json" | head -1)
	else
		hw="" hu="" hs=""
	fi
	awk -v name="$name" -v hw="$hw" -v hu="$hu" -v hs="$hs" '
		{ w[NR] = $1 / 1e9; c[NR] = $2 + $3; r[NR] = $4 }
		function med(a, n,   i, j, t) {
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
				if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
			return a[int((n + 1) / 2)]
		}
		END {
			wall = hw != "" ? hw : med(w, NR)
			cpu = hu != "" ? hu + hs : med(c, NR)
			printf "%s %.6f %.6f %d\n", name, wall, cpu, med(r, NR)
		}
	' "$tmp/m" >> "$tmp/results"
}

# quote ARGS...: the arguments as one shell command line (for hyperfine).
quote() {
	for a in "$@"; do
		printf "'%s' " "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")"
	done
}

: > "$tmp/results"
echo "dockerfiles.sh: $nfiles Dockerfiles, $bytes bytes, $runs runs each" >&2
measure cat sh -c 'cat "$@" > /dev/null' sh $(cat "$tmp/files")
# shellcheck disable=SC2086
measure ccaudit "$CCAUDIT" audit $ccaudit_args --no-store -f json -o /dev/null
if [ -n "$peer" ]; then
	measure dockerfilelint "$peer" -j $(cat "$tmp/files")
fi

# What each tool found, so the comparison is of real work.
# shellcheck disable=SC2086
"$CCAUDIT" audit $ccaudit_args --no-store -f json -o "$tmp/report.json" >/dev/null 2>&1
findings=$(grep -c '"fingerprint"' "$tmp/report.json")
fails=$(grep -c '"status": "fail"' "$tmp/report.json")

echo
printf '%-16s %10s %10s %10s\n' tool wall_ms cpu_ms peak_MB
awk '{ printf "%-16s %10.1f %10.1f %10.1f\n", $1, $2 * 1000, $3 * 1000, $4 / 1024 }' "$tmp/results"
echo
echo "ccaudit: $findings findings over $nfiles files ($fails with status fail)"
awk '
	{ w[$1] = $2; m[$1] = $4 }
	END {
		if ("dockerfilelint" in w && w["ccaudit"] > 0)
			printf "dockerfilelint wall / ccaudit wall: %.1fx (target >= 20x)\n", w["dockerfilelint"] / w["ccaudit"]
		else if (!("dockerfilelint" in w))
			print "dockerfilelint: not measured (npm unavailable)"
		printf "ccaudit peak memory: %.1f MB (target < 32 MB)\n", m["ccaudit"] / 1024
	}' "$tmp/results"
command -v hyperfine >/dev/null 2>&1 ||
	echo "note: without hyperfine, CPU times come from GNU time (10 ms resolution)"
