#!/bin/sh
# run.sh - run the libFuzzer harnesses built by build.sh, each for SECONDS
# (default 60), one after the other, from a seed corpus of the project's
# fixtures and the shared corpora copied into a scratch directory.
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]   fuzz (TARGET: dockerfile yaml
#                                             answers tailoring checks; default all)
#   tests/fuzz/run.sh --replay [TARGET...]    run every input of
#                                             tests/fixtures/fuzz/<TARGET>/ once
#
# Environment:
#   CCA_FUZZ_OUT   the harnesses (default: /tmp/ccaudit-fuzz/bin, build.sh's)
#   CCA_FUZZ_WORK  scratch: corpora, dictionaries, logs, crash artifacts
#                  (default: /tmp/ccaudit-fuzz/work; corpora grow across runs)
#   CCA_CORPORA    the shared corpora (default: <tree>/../shared/corpora)
#   FUZZ_JOBS      targets run at the same time (default 1; the machine
#                  has few cores)
#   FUZZ_FLAGS     extra libFuzzer flags
# Exit status: 0 when no target found anything, 1 otherwise; every finding
# is a file under $CCA_FUZZ_WORK/artifacts/<target>/.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
bin=${CCA_FUZZ_OUT:-/tmp/ccaudit-fuzz/bin}
work=${CCA_FUZZ_WORK:-/tmp/ccaudit-fuzz/work}
corpora=${CCA_CORPORA:-$top/../shared/corpora}
[ -d "$corpora" ] && corpora=$(cd "$corpora" && pwd)
fixtures=$top/tests/fixtures
jobs=${FUZZ_JOBS:-1}
all_targets="dockerfile yaml answers tailoring checks"

# -max_len per reader: enough for the largest real input of its kind in the
# seeds (real Dockerfiles ~10 kB, registry configs ~15 kB), far under the
# readers' caps, which are tested by the unit tests.
max_len() {
	case $1 in
	dockerfile|checks|yaml) echo 16384 ;;
	answers|tailoring) echo 8192 ;;
	esac
}

# copy FILE... into DIR (flattened; names keep their origin)
seed() {
	dir=$1
	shift
	for f in "$@"; do
		[ -f "$f" ] || continue
		case $f in
		"$corpora"/*) rel=corpora/${f#"$corpora"/} ;;
		*) rel=${f#"$top"/} ;;
		esac
		cp "$f" "$dir/$(printf '%s' "$rel" | tr / _)"
	done
}

seed_dockerfiles() {
	seed "$1" "$fixtures"/dockerfile/*.Dockerfile "$fixtures"/dockerfile-checks/*.Dockerfile \
		"$fixtures"/ciformats/*.Dockerfile "$fixtures"/report/*.Dockerfile
	seed "$1" "$corpora"/dockerfile-parser/buildkit/*/Dockerfile \
		"$corpora"/dockerfile-parser/buildkit/*/*/Dockerfile "$corpora"/dockerfiles/*Dockerfile*
}

make_seeds() {
	t=$1 dir=$2
	rm -rf "$dir"
	mkdir -p "$dir"
	case $t in
	dockerfile)
		seed_dockerfiles "$dir" ;;
	checks)
		seed_dockerfiles "$dir"
		# a Dockerfile with its .dockerignore, in the harness's one-input form
		for ig in "$fixtures"/dockerfile-checks/*.Dockerfile.dockerignore; do
			[ -f "$ig" ] || continue
			{ cat "${ig%.dockerignore}"; printf '\n#--- .dockerignore ---\n'; cat "$ig"; } \
				>"$dir/with-ignore-$(basename "$ig")"
		done ;;
	yaml)
		seed "$dir" "$fixtures"/yaml/* "$fixtures"/answers/*.yaml "$fixtures"/tailoring/*.yaml \
			"$corpora"/compose/* "$corpora"/registry-config/*.yml \
			"$corpora"/registry-config/*.yaml "$corpora"/registry-config/*/*.yml \
			"$corpora"/registry-config/*/*.yaml "$corpora"/registry-config/*/*/*.yml ;;
	answers)
		seed "$dir" "$fixtures"/answers/*.yaml "$fixtures"/answers/*/*.yaml \
			"$fixtures"/report/*.yaml
		# an answers template naming every manual rule of the shipped catalog
		if [ -x "$top/ccaudit" ]; then
			"$top/ccaudit" --data-dir "$top" checklist -l 3 -f yaml \
				>"$dir/checklist-l3.yaml" 2>/dev/null || rm -f "$dir/checklist-l3.yaml"
		fi ;;
	tailoring)
		seed "$dir" "$fixtures"/tailoring/* "$fixtures"/xccdf/* ;;
	esac
	if [ -d "$fixtures/fuzz/$t" ]; then
		seed "$dir" "$fixtures/fuzz/$t"/*
	fi
}

make_dict() {
	t=$1 f=$2
	{
	case $t in
	dockerfile|checks)
		for k in FROM RUN CMD LABEL MAINTAINER EXPOSE ENV ADD COPY ENTRYPOINT VOLUME \
			USER WORKDIR ARG ONBUILD STOPSIGNAL HEALTHCHECK SHELL AS; do
			printf '"%s "\n' "$k"
		done
		cat <<'D'
"# syntax=docker/dockerfile:1\x0a"
"# escape=`\x0a"
"# check=skip=all\x0a"
"# ccaudit ignore="
" reason=\"x\""
" expires=2030-01-01"
"\\\x0a"
"`\x0a"
"<<EOF\x0aEOF\x0a"
"<<-\"EOF\"\x0a"
"[\"sh\", \"-c\", \"x\"]"
"${A:-b}"
"${A:+b}"
"$A"
"--from="
"--platform=$BUILDPLATFORM"
"--mount=type=secret,id=x"
"--mount=type=cache,target=/var/cache/apt"
"--network=host"
"--security=insecure"
"--chmod=4755"
"--chown=0:0"
"NONE"
"apt-get install -y --no-install-recommends "
"apt-get update && "
"rm -rf /var/lib/apt/lists/*"
"apk add --no-cache "
"curl -fsSL https://x | sh"
"wget -qO- "
"chmod 777 "
"chmod u+s "
"sudo "
"sh -c '"
"$(curl "
"| tee "
"2>&1 "
"; then "
"@sha256:"
":latest"
"root"
"0:0"
"PASSWORD="
"AKIAIOSFODNN7EXAMPLE"
"-----BEGIN RSA PRIVATE KEY-----"
"https://user:pass@"
"\x0a#--- .dockerignore ---\x0a"
"!.env"
"**/"
D
		;;
	yaml|answers|tailoring)
		cat <<'D'
"---\x0a"
"...\x0a"
"%YAML 1.2\x0a"
"%TAG ! tag:x,2000:\x0a"
"&a "
"*a"
"<<: *a"
"<<: [*a, *b]"
"? "
": "
"- "
"!!str "
"!!map"
"|-\x0a"
">+\x0a"
"{a: 1, b: [2, 3]}"
"'it''s'"
"\"\\u00e9\\x41\""
"null"
"~"
"true"
"0x1F"
"0o17"
"1e3"
".inf"
".nan"
"-.inf"
D
		;;
	esac
	case $t in
	answers)
		cat <<'D'
"ccaudit-answers: 1\x0a"
"target: "
"answers:\x0a"
"waivers:\x0a"
"  - id: "
"    status: pass\x0a"
"    status: notapplicable\x0a"
"    by: "
"    date: 2025-11-20\x0a"
"    expires: 2026-11-20\x0a"
"    note: "
"    evidence: "
"    reason: "
"2024-02-29"
"2023-02-29"
D
		# every manual rule id of the shipped catalog
		sed -n 's/.*<rule id="\(manual[^"]*\)".*/"\1"/p' "$top/catalogs/ccaudit.xml"
		;;
	tailoring)
		cat <<'D'
"ccaudit-tailoring: 1\x0a"
"profile: csvs-l2\x0a"
"extends: "
"select:\x0a"
"deselect:\x0a"
"rules:\x0a"
"severity: "
"selected: "
"params:\x0a"
"<?xml version=\"1.0\"?>"
"<Tailoring xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"xccdf_a_tailoring_b\">"
"</Tailoring>"
"<version time=\"2026-01-15T10:00:00Z\">1</version>"
"<benchmark href=\"x\"/>"
"<Profile id=\"xccdf_a_profile_b\" extends=\"xccdf_org.ccaudit_profile_csvs-l2\">"
"</Profile>"
"<select idref=\""
"\" selected=\"true\"/>"
"<set-value idref=\"xccdf_org.ccaudit_value_"
"</set-value>"
"<refine-rule idref=\""
"\" severity=\"high\"/>"
"<refine-value"
"xccdf_org.ccaudit_rule_"
"xccdf_org.ccaudit_profile_"
"<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
"&e;"
"<![CDATA["
"xmlns:x=\""
D
		# every rule id and parameter name of the shipped catalog
		sed -n 's/.*<rule id="\([^"]*\)".*/"\1"/p; s/.*<param name="\([^"]*\)".*/"\1"/p' \
			"$top/catalogs/ccaudit.xml"
		;;
	esac
	} >"$f"
}

if [ "${1:-}" = "--replay" ]; then
	shift
	[ $# -gt 0 ] || set -- $all_targets
	rc=0
	for t in "$@"; do
		[ -d "$fixtures/fuzz/$t" ] || continue
		echo "== replay $t"
		top_srcdir=$top "$bin/fuzz-$t" -rss_limit_mb=2048 -timeout=10 \
			"$fixtures/fuzz/$t"/* || rc=1
	done
	exit $rc
fi

seconds=60
case ${1:-} in
''|*[!0-9]*) ;;
*) seconds=$1; shift ;;
esac
[ $# -gt 0 ] || set -- $all_targets

for t in "$@"; do
	if [ ! -x "$bin/fuzz-$t" ]; then
		echo "run.sh: no harness '$bin/fuzz-$t': run tests/fuzz/build.sh first" >&2
		exit 2
	fi
done

fuzz_one() {
	t=$1
	mkdir -p "$work/corpus/$t" "$work/artifacts/$t" "$work/dict"
	make_seeds "$t" "$work/seeds/$t"
	make_dict "$t" "$work/dict/$t.dict"
	echo "== fuzz-$t for ${seconds}s (log: $work/$t.log)"
	# shellcheck disable=SC2086
	top_srcdir=$top "$bin/fuzz-$t" \
		-max_len="$(max_len "$t")" -rss_limit_mb=2048 -timeout=10 \
		-max_total_time="$seconds" -print_final_stats=1 \
		-dict="$work/dict/$t.dict" \
		-artifact_prefix="$work/artifacts/$t/" ${FUZZ_FLAGS:-} \
		"$work/corpus/$t" "$work/seeds/$t" >"$work/$t.log" 2>&1
	echo "$?" >"$work/$t.rc"
}

summary() {
	t=$1
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log" | tail -n1)
	cov=$(grep -o 'cov: [0-9]*' "$work/$t.log" | tail -n1)
	ft=$(grep -o 'ft: [0-9]*' "$work/$t.log" | tail -n1)
	found=$(ls "$work/artifacts/$t" 2>/dev/null | wc -l)
	printf '%-12s rc=%s execs=%s %s %s artifacts=%s\n' "$t" "$(cat "$work/$t.rc")" \
		"${execs:-?}" "${cov:-cov: ?}" "${ft:-ft: ?}" "$found"
}

mkdir -p "$work"
set -- "$@"
while [ $# -gt 0 ]; do
	pids=
	n=0
	while [ $# -gt 0 ] && [ $n -lt "$jobs" ]; do
		fuzz_one "$1" &
		pids="$pids $!"
		started="${started:-} $1"
		n=$((n + 1))
		shift
	done
	for p in $pids; do
		wait "$p"
	done
done

rc=0
echo "== summary (artifacts under $work/artifacts/)"
for t in $started; do
	summary "$t"
	[ "$(cat "$work/$t.rc")" = 0 ] || rc=1
done
exit $rc
