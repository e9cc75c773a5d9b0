#!/bin/sh
# reports.sh - how long the report renderers take on a large run, and how
# much memory they peak at, next to the peer measured in the same run:
#
#   ccaudit audit -f json       the audit with the cheapest output: the floor
#   ccaudit audit -f FMT        for html, pdf, xccdf, sarif
# (all with --no-store: saving runs is measured by bench/store.sh)
#   oscap xccdf generate report OpenSCAP rendering our XCCDF as HTML
#
# The run: three services of generated Dockerfiles (about 10,000 findings in
# all), audited as one target.  Prints wall time (hyperfine's mean when
# installed, else the median of a shell loop) and peak RSS (GNU time).  Not
# a pass/fail test; the targets are html < 1 s, pdf < 2 s, xccdf < 0.5 s,
# peak < 200 MB.
#
# Usage: sh bench/reports.sh [RUNS]
set -u

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/.." && pwd)}
CCAUDIT=${CCAUDIT:-$top_srcdir/ccaudit}
runs=${1:-3}

if [ ! -x "$CCAUDIT" ]; then
	echo "reports.sh: no ccaudit binary at $CCAUDIT (run make first)" >&2
	exit 1
fi
if [ ! -x /usr/bin/time ] || ! /usr/bin/time -f %M true >/dev/null 2>&1; then
	echo "reports.sh: needs GNU time at /usr/bin/time (Debian package 'time')" >&2
	exit 1
fi
unset NO_COLOR
SOURCE_DATE_EPOCH=1767225600
CCAUDIT_DATADIR=$top_srcdir
export SOURCE_DATE_EPOCH CCAUDIT_DATADIR

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ccaudit-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Three services, 34 Dockerfiles each, every file with about 100 findings.
for svc in payments ledger gateway; do
	i=0
	while [ "$i" -lt 34 ]; do
		d=$tmp/run/$svc/mod$i
		mkdir -p "$d"
		{
			echo "FROM ubuntu:latest"
			echo "ENV API_PASSWORD=Sup3rS3cretPassw0rd$i"
			j=0
			while [ "$j" -lt 95 ]; do
				echo "ADD asset$j /srv/asset$j"
				j=$((j + 1))
			done
			echo "EXPOSE 22 2375"
			echo "USER root"
		} > "$d/Dockerfile"
		i=$((i + 1))
	done
done

"$CCAUDIT" audit "$tmp/run" --no-store -f json -o "$tmp/report.json" >/dev/null 2>&1
findings=$(grep -c '"fingerprint"' "$tmp/report.json")
echo "reports.sh: $findings findings in one run over 3 services, $runs runs each" >&2

: > "$tmp/results"
# measure NAME CMD...: mean wall seconds and median peak RSS (KB) of CMD.
measure() {
	name=$1
	shift
	: > "$tmp/rss"
	: > "$tmp/wall"
	i=0
	while [ "$i" -lt "$runs" ]; do
		t0=$(date +%s%N)
		/usr/bin/time -o "$tmp/t" -f '%M' "$@" >/dev/null 2>"$tmp/err" ||
			echo "reports.sh: '$name' failed: $(tail -1 "$tmp/err")" >&2
		t1=$(date +%s%N)
		echo $((t1 - t0)) >> "$tmp/wall"
		tail -n 1 "$tmp/t" >> "$tmp/rss"
		i=$((i + 1))
	done
	wall=$(sort -n "$tmp/wall" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] / 1e9 }')
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N -w 1 -r "$runs" --export-json "$tmp/h.json" "$*" >/dev/null 2>&1 &&
			wall=$(sed -n 's/^ *"mean": *\([0-9.e-]*\),*$/\1/p' "$tmp/h.json" | head -1)
	fi
	rss=$(sort -n "$tmp/rss" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
	echo "$name $wall $rss" >> "$tmp/results"
}

measure "audit -f json" "$CCAUDIT" audit "$tmp/run" --no-store -f json -o "$tmp/o.json"
for f in html pdf xccdf sarif; do
	measure "audit -f $f" "$CCAUDIT" audit "$tmp/run" --no-store -f "$f" -o "$tmp/o.$f"
done
if command -v oscap >/dev/null 2>&1; then
	measure "oscap generate report" oscap xccdf generate report --output "$tmp/oscap.html" "$tmp/o.xccdf"
else
	echo "reports.sh: oscap not installed: the peer is not measured" >&2
fi

echo
printf '%-24s %10s %10s %12s\n' what wall_ms peak_MB "render_ms*"
awk '
	NR == 1 { base = $(NF - 1) }
	{
		name = $1; for (i = 2; i <= NF - 2; i++) name = name " " $i
		r = (name ~ /^audit -f/ && name != "audit -f json") ? sprintf("%.0f", ($(NF - 1) - base) * 1000) : "-"
		printf "%-24s %10.0f %10.1f %12s\n", name, $(NF - 1) * 1000, $NF / 1024, r
	}' "$tmp/results"
echo
echo "* render_ms: the format's run minus the json run (evaluation and JSON are common to both)"
echo "targets: html < 1000 ms, pdf < 2000 ms, xccdf < 500 ms, peak < 200 MB"
