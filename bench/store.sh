#!/bin/sh
# store.sh - the history database at scale: fill one database with RUNS
# real audits (default 1,000) of about 500 results each (147 rule results
# and some 350 findings over 50 corpus Dockerfiles, the set shifting from
# run to run so findings appear, persist and get fixed), then measure, each
# next to its floor measured in the same run:
#
#   save      an audit with the store minus the same audit with --no-store;
#             floor: the sqlite3 shell writing 500 rows in one transaction
#             into the same database
#   history   `ccaudit history` over all runs;
#             floor: the sqlite3 shell reading the run table
#   findings  `ccaudit findings --role operations` (open findings of every
#             target's latest run);
#             floor: the sqlite3 shell reading one run's failing findings
#   size      the database size per run
#
# Prints medians over REPEAT timings (default 11).  Not a pass/fail test;
# the targets are save < 50 ms, history < 50 ms, findings < 100 ms.
#
# Usage: sh bench/store.sh [RUNS [REPEAT]]
#   CCA_CORPORA  the shared corpora directory (default: ../shared/corpora)
set -u

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/.." && pwd)}
CCAUDIT=${CCAUDIT:-$top_srcdir/ccaudit}
corpora=${CCA_CORPORA:-$top_srcdir/../shared/corpora}
runs=${1:-1000}
repeat=${2:-11}

if [ ! -x "$CCAUDIT" ]; then
	echo "store.sh: no ccaudit binary at $CCAUDIT (run make first)" >&2
	exit 1
fi
if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "store.sh: needs the sqlite3 shell (Debian package 'sqlite3')" >&2
	exit 1
fi
unset NO_COLOR SOURCE_DATE_EPOCH CCAUDIT_DB
CCAUDIT_DATADIR=$top_srcdir
export CCAUDIT_DATADIR

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ccaudit-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
db=$tmp/history.db

ls "$corpora/dockerfiles" | grep -v '^MANIFEST' | sed "s|^|$corpora/dockerfiles/|" > "$tmp/files"
nfiles=$(wc -l < "$tmp/files")

# args N: --dockerfile options for the 50 files starting at N (mod the corpus).
args() {
	awk -v n="$1" -v total="$nfiles" '
		{ f[NR - 1] = $0 }
		END { for (i = 0; i < 50; i++) printf " --dockerfile %s", f[(n * 7 + i) % total] }
	' "$tmp/files"
}

# ms CMD...: wall time of one run of CMD in milliseconds (3 decimals).
ms() {
	t0=$(date +%s%N)
	"$@" >/dev/null 2>"$tmp/err" || { echo "store.sh: failed: $*" >&2; cat "$tmp/err" >&2; }
	t1=$(date +%s%N)
	echo "$t0 $t1" | awk '{ printf "%.3f\n", ($2 - $1) / 1e6 }'
}

# median NAME CMD...: the median of REPEAT timings of CMD, as "NAME ms".
median() {
	name=$1
	shift
	: > "$tmp/t"
	i=0
	while [ "$i" -lt "$repeat" ]; do
		ms "$@" >> "$tmp/t"
		i=$((i + 1))
	done
	sort -n "$tmp/t" | awk -v name="$name" '{ v[NR] = $1 } END { print name, v[int((NR + 1) / 2)] }'
}

echo "store.sh: filling $db with $runs audits (50 of $nfiles corpus Dockerfiles each)" >&2
i=0
t0=$(date +%s)
while [ "$i" -lt "$runs" ]; do
	# shellcheck disable=SC2046
	"$CCAUDIT" audit $(args $((i % 40))) -t "service-$((i % 4))" --db "$db" >/dev/null 2>"$tmp/err" ||
		{ [ $? -le 1 ] || { cat "$tmp/err" >&2; exit 1; }; }
	i=$((i + 1))
	[ $((i % 100)) -eq 0 ] && echo "store.sh: $i runs ($(($(date +%s) - t0)) s)" >&2
done

results=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM rule_result) + (SELECT count(*) FROM finding)")
size=$(wc -c < "$db")

a=$(args 3)
# shellcheck disable=SC2086
with=$(median save-with "$CCAUDIT" audit $a -t service-3 --db "$db")
# shellcheck disable=SC2086
without=$(median save-without "$CCAUDIT" audit $a -t service-3 --no-store)
cp "$db" "$tmp/floor.db"
floor_save=$(median floor-save sqlite3 "$tmp/floor.db" \
	"CREATE TABLE IF NOT EXISTS bench(a INTEGER, b TEXT, c TEXT, d TEXT);
	 BEGIN IMMEDIATE;
	 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
	 INSERT INTO bench SELECT i, hex(randomblob(16)), 'dockerfile.rule-' || i,
	   'a finding message of a typical length, about eighty characters long.' FROM n;
	 COMMIT;")
history=$(median history "$CCAUDIT" history --db "$db")
floor_history=$(median floor-history sqlite3 "$db" \
	"SELECT r.uuid, t.name, r.time, r.achieved, r.open FROM run r JOIN target t ON t.id = r.target_id ORDER BY r.time, r.id")
findings=$(median findings "$CCAUDIT" findings --role operations --db "$db")
findings_all=$(median findings-all "$CCAUDIT" findings --status all --db "$db")
floor_findings=$(median floor-findings sqlite3 "$db" \
	"SELECT fingerprint, rule_id, location, message FROM finding WHERE run_id = (SELECT max(id) FROM run) AND status = 'fail'")
nfind=$("$CCAUDIT" findings --role operations --db "$db" -f csv 2>/dev/null | tail -n +2 | wc -l)
nall=$("$CCAUDIT" findings --status all --db "$db" -f csv 2>/dev/null | tail -n +2 | wc -l)

echo
echo "$runs runs, $results results stored ($((results / (runs + 2 * repeat))) per run), database $((size / 1024)) KB ($((size / (runs + 2 * repeat))) bytes per run)"
echo
printf '%-10s %12s %12s  %s\n' what ccaudit_ms floor_ms target
echo "$with $without $floor_save" | awk '{ printf "%-10s %12.1f %12.1f  < 50 ms   (audit %.1f ms with the store, %.1f ms without)\n", "save", $2 - $4, $6, $2, $4 }'
echo "$history $floor_history" | awk '{ printf "%-10s %12.1f %12.1f  < 50 ms\n", "history", $2, $4 }'
echo "$findings $floor_findings" | awk -v n="$nfind" '{ printf "%-10s %12.1f %12.1f  < 100 ms  (%d open findings listed)\n", "findings", $2, $4, n }'
echo "$findings_all $floor_findings" | awk -v n="$nall" '{ printf "%-10s %12.1f %12.1f  < 100 ms  (--status all: %d tracked findings)\n", "findings", $2, $4, n }'
