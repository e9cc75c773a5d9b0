#!/bin/sh
# startup.sh - how long ccaudit takes to start and load its catalog, and
# how much memory it peaks at, side by side with the floor measured in the
# same run:
#
#   /bin/true                        process creation, nothing else
#   cat catalogs/ccaudit.xml         reading the catalog bytes
#   xmllint --noout --schema ...     libxml2's own tool parsing the catalog
#                                    and validating it against the XSD (what
#                                    ccaudit did before the catalog was
#                                    compiled in; it now maps the file and
#                                    compares its bytes with the compiled-in
#                                    copy, and parses only a changed one)
#
# Prints a table: median wall time over N runs (default 20) and peak RSS.
# Not a pass/fail test.  Usage: sh bench/startup.sh [RUNS]
#
# Times come from hyperfine when it is installed (-N, no shell), else from
# a shell loop around `date +%s%N` (which includes a fork of the shell and
# of date: compare with the /bin/true line).  Peak RSS comes from GNU
# time (`/usr/bin/time -f %M`); without it, it is left out with a note (a
# getrusage() wrapper in python3 would report python's own size: the
# child's peak includes the memory it had before exec).
set -u

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
CCAUDIT=${CCAUDIT:-$top_builddir/ccaudit}
runs=${1:-20}
catalog=$top_srcdir/catalogs/ccaudit.xml
xsd=$top_srcdir/catalogs/catalog.xsd

if [ ! -x "$CCAUDIT" ]; then
	echo "startup.sh: no ccaudit binary at $CCAUDIT (run make first)" >&2
	exit 1
fi
unset NO_COLOR SOURCE_DATE_EPOCH
# Measure the data files of this tree, whatever the environment says.
CCAUDIT_DATADIR=$top_srcdir
export CCAUDIT_DATADIR

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ccaudit-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- how to measure ---------------------------------------------------------

# BENCH_TIMER=loop|hyperfine and BENCH_RSS=gnutime|none force a method.
timer=loop
if command -v hyperfine >/dev/null 2>&1; then
	timer=hyperfine
fi
timer=${BENCH_TIMER:-$timer}

rss=none
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1; then
	rss=gnutime
fi
rss=${BENCH_RSS:-$rss}

# median_ms FILE: the median of the numbers (nanoseconds) in FILE, in ms.
median_ms() {
	sort -n "$1" | awk '{ v[NR] = $1 }
		END {
			if (NR == 0) { print "n/a"; exit }
			m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.2f\n", m / 1e6
		}'
}

# wall_ms CMD...: the median wall time of CMD in milliseconds.
wall_ms() {
	if [ "$timer" = hyperfine ]; then
		if hyperfine -N --runs "$runs" --warmup 2 --style none \
			--export-json "$tmp/h.json" -- "$(quote "$@")" >/dev/null 2>"$tmp/h.err"; then
			# "median": 0.001234 (seconds)
			sed -n 's/.*"median": *\([0-9.eE+-]*\).*/\1/p' "$tmp/h.json" | head -n 1 |
				awk '{ printf "%.2f\n", $1 * 1000 }'
			return
		fi
		echo "startup.sh: hyperfine failed, using a shell loop: $(head -n 1 "$tmp/h.err")" >&2
	fi
	: >"$tmp/times"
	"$@" >/dev/null 2>&1    # warm the page cache
	i=0
	while [ "$i" -lt "$runs" ]; do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s%N)
		echo $((t1 - t0)) >>"$tmp/times"
		i=$((i + 1))
	done
	median_ms "$tmp/times"
}

# peak_kb CMD...: the peak resident set size of CMD in KiB.
peak_kb() {
	case $rss in
	gnutime)
		/usr/bin/time -f %M -o "$tmp/rss" "$@" >/dev/null 2>&1
		tail -n 1 "$tmp/rss"
		;;
	*)
		echo n/a
		;;
	esac
}

# quote ARGS...: the arguments as one shell-quoted command line.
quote() {
	for a in "$@"; do
		printf "'%s' " "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")"
	done
}

# ---- the rows -----------------------------------------------------------------

row() {
	label=$1
	shift
	echo "startup.sh: measuring $label" >&2
	t=$(wall_ms "$@")
	m=$(peak_kb "$@")
	printf '%-44s %10s %12s\n' "$label" "$t" "$m"
}

echo "ccaudit startup, $runs runs each ($(uname -sm), $(nproc 2>/dev/null || echo '?') CPUs)"
echo "binary:  $CCAUDIT"
echo "catalog: $catalog ($(wc -c <"$catalog" | tr -d ' ') bytes)"
echo "timer:   $timer; peak RSS: $(case $rss in gnutime) echo '/usr/bin/time -f %M' ;; *) echo 'not measured: GNU time (/usr/bin/time) is not installed' ;; esac)"
echo
printf '%-44s %10s %12s\n' "command" "median ms" "peak RSS KiB"
printf '%-44s %10s %12s\n' "-------" "---------" "------------"
echo "floor:"
row "  /bin/true" /bin/true
row "  cat catalogs/ccaudit.xml" cat "$catalog"
if command -v xmllint >/dev/null 2>&1; then
	row "  xmllint --noout --schema (parse+validate)" xmllint --noout --schema "$xsd" "$catalog"
else
	printf '%-44s %10s %12s\n' "  xmllint --noout --schema (parse+validate)" "n/a" "n/a"
	echo "  (xmllint is not installed: apt-get install libxml2-utils)"
fi
echo "ccaudit:"
row "  ccaudit version" "$CCAUDIT" version
row "  ccaudit catalog list" "$CCAUDIT" catalog list
row "  ccaudit checklist --level 3" "$CCAUDIT" checklist --level 3
echo
echo "Every ccaudit command but 'version' maps the shipped catalog and compares its"
echo "bytes with the copy compiled in (parsing it only when it differs):"
echo "compare its line with xmllint's, and 'version' with /bin/true."
