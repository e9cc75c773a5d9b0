#!/bin/sh
# image.sh - audit a real Debian image and compare with the physical floor
# measured in the same run:
#
#   floor                 tar -xOf of every layer blob of the OCI tar piped
#                         into gzip -dc (reading and decompressing: what any
#                         scan must at least do)
#   ccaudit audit --image stream every layer, verify digests, build the
#                         inventory, run every image check, write the report
#
# for a ~200 MB Debian minbase image (debootstrap + umoci + skopeo) and an
# image twice as large (the same root file system added again in a second
# layer under /copy).  Prints wall time and peak RSS (GNU time), the median
# of RUNS runs (default 3).  Not a pass/fail test; the targets are ccaudit
# wall <= 1.3x the floor and peak RSS < 64 MB, not growing with image size.
#
# Usage: sh bench/image.sh [RUNS]     (needs root for debootstrap; the
# rootfs is cached in $CCA_BENCH_CACHE, default /var/tmp/ccaudit-bench)
set -u

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/.." && pwd)}
CCAUDIT=${CCAUDIT:-$top_srcdir/ccaudit}
runs=${1:-3}
cache=${CCA_BENCH_CACHE:-/var/tmp/ccaudit-bench}

for t in debootstrap umoci skopeo /usr/bin/time; do
	command -v "$t" >/dev/null 2>&1 || { echo "image.sh: '$t' is needed (./bootstrap installs it)" >&2; exit 1; }
done
[ -x "$CCAUDIT" ] || { echo "image.sh: no ccaudit binary at $CCAUDIT (run make first)" >&2; exit 1; }

mkdir -p "$cache"
if [ ! -f "$cache/rootfs/var/lib/dpkg/status" ]; then
	echo "building a Debian minbase root file system (debootstrap, ~1 min)..." >&2
	rm -rf "$cache/rootfs"
	debootstrap --variant=minbase bookworm "$cache/rootfs" >"$cache/debootstrap.log" 2>&1 ||
		{ echo "image.sh: debootstrap failed, see $cache/debootstrap.log" >&2; exit 1; }
fi
if [ ! -f "$cache/big.tar" ]; then
	echo "building the images (umoci + skopeo)..." >&2
	rm -rf "$cache/oci" "$cache/base.tar" "$cache/big.tar"
	(cd "$cache" &&
	 umoci init --layout oci && umoci new --image oci:base &&
	 umoci insert --image oci:base "$cache/rootfs" / &&
	 skopeo copy -q oci:oci:base oci-archive:base.tar:base &&
	 umoci insert --image oci:base --tag big "$cache/rootfs" /copy &&
	 skopeo copy -q oci:oci:big oci-archive:big.tar:big) >/dev/null 2>&1 ||
		{ echo "image.sh: building the images failed" >&2; exit 1; }
fi

# median of numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# measure NAME CMD...: runs times, prints "wall_s rss_kb" medians
measure() {
	w=$(mktemp) m=$(mktemp)
	i=0
	while [ "$i" -lt "$runs" ]; do
		/usr/bin/time -f '%e %M' -o "$cache/time.out" sh -c "$1" >/dev/null 2>&1
		read -r e k < "$cache/time.out"
		echo "$e" >> "$w"
		echo "$k" >> "$m"
		i=$((i + 1))
	done
	echo "$(median < "$w") $(median < "$m")"
	rm -f "$w" "$m"
}

printf '%-10s %10s %10s %12s %12s %8s %12s\n' image "size MB" layers "floor s" "ccaudit s" ratio "peak RSS MB"
for img in base big; do
	tarf=$cache/$img.tar
	blobs=$(tar -tf "$tarf" | grep -E '^blobs/sha256/[0-9a-f]{64}$')
	layers=""
	for b in $blobs; do
		# gzip layers only (manifests and configs are JSON)
		if tar -xOf "$tarf" "$b" | head -c 2 | od -An -tx1 | grep -q '1f 8b'; then
			layers="$layers $b"
		fi
	done
	floor_cmd="for b in $layers; do tar -xOf '$tarf' \$b | gzip -dc >/dev/null; done"
	set -- $(measure "$floor_cmd")
	floor=$1
	set -- $(measure "'$CCAUDIT' audit --image '$tarf' --no-store -f json -o /dev/null")
	ours=$1 rss=$2
	n=0
	for b in $layers; do n=$((n + 1)); done
	size=$(du -m "$tarf" | cut -f1)
	printf '%-10s %10s %10s %12s %12s %8s %12s\n' "$img" "$size" "$n" "$floor" "$ours" \
		"$(awk -v a="$ours" -v b="$floor" 'BEGIN { printf "%.2fx", a / b }')" \
		"$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')"
done
