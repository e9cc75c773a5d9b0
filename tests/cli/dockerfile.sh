#!/bin/sh
# dockerfile.sh - Dockerfile evidence through the binary: discovery, the
# options that name files and stages, suppressions written in Dockerfiles,
# and bad input that must cost only its own rules.
. "$(dirname "$0")/lib.sh"

have python3 || skip_all "python3 is needed to read the JSON report"

# status REPORT RULE: the status of RULE in the JSON report REPORT.
status() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print([r for r in d["rules"] if r["id"] == sys.argv[2]][0]["status"])' "$1" "$2"
}

# field REPORT RULE EXPR: a Python expression over the rule r.
field() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
r = [r for r in d["rules"] if r["id"] == sys.argv[2]][0]
print(eval(sys.argv[3]))' "$1" "$2" "$3"
}

# evidence_paths REPORT: the dockerfile paths of the evidence inventory.
evidence_paths() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(" ".join(e["path"] for e in d["evidence"] if e["kind"] == "dockerfile"))' "$1"
}

good='FROM debian:12
RUN echo hello
USER 1000
'

# ---- discovery ----------------------------------------------------------------

proj=$tmp/proj
mkdir -p "$proj/svc/api" "$proj/.git" "$proj/node_modules/pkg" "$proj/vendor" "$proj/docs"
printf '%s' "$good" > "$proj/Dockerfile"
printf '%s' "$good" > "$proj/svc/api/Containerfile"
printf '%s' "$good" > "$proj/svc/worker.Dockerfile"
printf '%s' "$good" > "$proj/svc/Dockerfile.dev"
printf '%s' "$good" > "$proj/.git/Dockerfile"
printf '%s' "$good" > "$proj/node_modules/pkg/Dockerfile"
printf '%s' "$good" > "$proj/vendor/Dockerfile"
printf '.git\n' > "$proj/svc/Dockerfile.dev.dockerignore"
printf 'not a dockerfile\n' > "$proj/docs/README"

expect_exit 0 ccaudit audit "$proj" --exclude 'vendor' -f json -o "$tmp/r.json"
expect_eq "$proj/Dockerfile $proj/svc/Dockerfile.dev $proj/svc/api/Containerfile $proj/svc/worker.Dockerfile" \
	"$(evidence_paths "$tmp/r.json")" \
	"discovery finds the four names, sorted, skipping .git, node_modules and --exclude"
expect_exit 0 ccaudit audit "$proj" -f json -o "$tmp/r.json"
case $(evidence_paths "$tmp/r.json") in
*vendor/Dockerfile*) pass "without --exclude, vendor/ is searched" ;;
*) fail "without --exclude, vendor/ is searched" ;;
esac
expect_eq "proj" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["run"]["target"])' "$tmp/r.json")" \
	"the target is named after the directory"

# --dockerfile names a file of any name; a PATH file with a Dockerfile name works too
printf '%s' "$good" > "$tmp/build.txt"
expect_exit 0 ccaudit audit --dockerfile "$tmp/build.txt" -f json -o "$tmp/r.json"
expect_eq "$tmp/build.txt" "$(evidence_paths "$tmp/r.json")" "--dockerfile adds a file of any name"
run ccaudit audit "$tmp/build.txt"
expect_stderr_contains "no evidence collector reads"
expect_exit 2 ccaudit audit "$tmp/does-not-exist"

# ---- the .dockerignore of a build context ---------------------------------------
# Dockerfiles of one directory share its .dockerignore (read once); one with
# its own <name>.dockerignore uses that; another directory has its own.

ctx=$tmp/ctx
mkdir -p "$ctx/app" "$ctx/tools"
copying='FROM debian:12
COPY . /srv
USER 1000
'
for f in Dockerfile Dockerfile.dev api.Dockerfile; do printf '%s' "$copying" > "$ctx/app/$f"; done
printf '%s' "$copying" > "$ctx/tools/Dockerfile"
printf '.git\n.env\n*.key\n*.pem\nid_rsa\n' > "$ctx/app/.dockerignore"
printf '.git\n' > "$ctx/app/Dockerfile.dev.dockerignore"
# dockerignore_findings REPORT: "location|message" of each finding, sorted.
dockerignore_findings() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
r = [r for r in d["rules"] if r["id"] == "dockerfile.dockerignore"][0]
print("\n".join(sorted(f["location"] + "|" + f["message"] for f in r["findings"])))' "$1"
}
expect_exit 0 ccaudit audit "$ctx" -f json -o "$tmp/r.json"
expect_eq "$ctx/app/Dockerfile.dev|'$ctx/app/Dockerfile.dev.dockerignore' does not exclude .env, private keys (*.key, *.pem, id_rsa)
$ctx/tools/Dockerfile|no .dockerignore beside the Dockerfile: the whole build context, with .git and any .env or key files, goes into the build" \
	"$(dockerignore_findings "$tmp/r.json")" \
	"a directory's .dockerignore serves each of its Dockerfiles; an own one wins; another directory has none"
expect_exit 0 ccaudit audit --dockerfile "$ctx/app/api.Dockerfile" --dockerfile "$ctx/tools/Dockerfile" \
	--dockerfile "$ctx/app/Dockerfile" -f json -o "$tmp/r2.json"
expect_eq "$ctx/tools/Dockerfile|no .dockerignore beside the Dockerfile: the whole build context, with .git and any .env or key files, goes into the build" \
	"$(dockerignore_findings "$tmp/r2.json")" \
	"--dockerfile files in and out of one directory each find their context's .dockerignore"
head -c 1100000 /dev/zero | tr '\0' 'x' > "$ctx/app/.dockerignore"
run ccaudit audit "$ctx/app" -f json -o "$tmp/r.json"
expect_eq 2 "$(grep -c "app/.dockerignore' is larger than the limit" "$err")" \
	"a .dockerignore too big to read is reported for each Dockerfile that needs it"
rm -f "$ctx/app/.dockerignore"

# A directory of many Dockerfiles is listed once rather than probed for
# each one's own file: the same answers, whichever exist.
listed=$tmp/listed
mkdir -p "$listed/none"
for f in a b c d e f; do
	printf '%s' "$copying" > "$listed/$f.Dockerfile"
	printf '%s' "$copying" > "$listed/none/$f.Dockerfile"
done
printf '.git\n.env\n*.key\n*.pem\n' > "$listed/.dockerignore"
printf '.git\n' > "$listed/b.Dockerfile.dockerignore"
printf '.git\n.env\n' > "$listed/e.Dockerfile.dockerignore"
printf '.git\n' > "$listed/zz.Dockerfile.dockerignore"   # of no Dockerfile here
expect_exit 0 ccaudit audit "$listed" -f json -o "$tmp/r.json"
expect_eq "$listed/b.Dockerfile|'$listed/b.Dockerfile.dockerignore' does not exclude .env, private keys (*.key, *.pem, id_rsa)
$listed/e.Dockerfile|'$listed/e.Dockerfile.dockerignore' does not exclude private keys (*.key, *.pem, id_rsa)
$listed/none/a.Dockerfile|no .dockerignore beside the Dockerfile: the whole build context, with .git and any .env or key files, goes into the build
$listed/none/b.Dockerfile|no .dockerignore beside the Dockerfile: the whole build context, with .git and any .env or key files, goes into the build
$listed/none/c.Dockerfile|no .dockerignore beside the Dockerfile: the whole build context, with .git and any .env or key files, goes into the build
$listed/none/d.Dockerfile|no .dockerignore beside the Dockerfile: the whole build context, with .git and any .env or key files, goes into the build
$listed/none/e.Dockerfile|no .dockerignore beside the Dockerfile: the whole build context, with .git and any .env or key files, goes into the build
$listed/none/f.Dockerfile|no .dockerignore beside the Dockerfile: the whole build context, with .git and any .env or key files, goes into the build" \
	"$(dockerignore_findings "$tmp/r.json")" \
	"a listed directory finds the same own and shared .dockerignore files as probing"

# ---- stages -------------------------------------------------------------------

cat > "$tmp/multi.Dockerfile" <<'DF'
FROM golang:1.22 AS build
RUN go build -o /app .
FROM debian:12 AS runtime
COPY --from=build /app /app
USER 1000
HEALTHCHECK CMD ["/app", "health"]
FROM runtime AS debug
USER root
DF
expect_exit 0 ccaudit audit --dockerfile "$tmp/multi.Dockerfile" -f json -o "$tmp/r.json"
expect_eq fail "$(status "$tmp/r.json" dockerfile.user-root)" "the last stage (debug) runs as root"
expect_exit 0 ccaudit audit --dockerfile "$tmp/multi.Dockerfile" --stage runtime -f json -o "$tmp/r.json"
expect_eq pass "$(status "$tmp/r.json" dockerfile.user-root)" "--stage runtime judges the runtime stage"
expect_exit 0 ccaudit audit --dockerfile "$tmp/multi.Dockerfile" --stage nosuch -f json -o "$tmp/r.json"
expect_eq error "$(status "$tmp/r.json" dockerfile.user-root)" "an unknown stage makes the Dockerfile's rules error"
expect_true "the message names the stage" sh -c "grep -q \"no build stage named 'nosuch'\" '$tmp/r.json'"

# ---- suppressions -------------------------------------------------------------

cat > "$tmp/supp.Dockerfile" <<'DF'
FROM debian:12
# ccaudit ignore=dockerfile.add-local reason="vendored assets, reviewed" expires=2099-12-31
ADD assets /srv/assets
# ccaudit ignore=dockerfile.add-url reason="old exception" expires=2020-01-01
ADD https://downloads.example.invalid/tool /usr/local/bin/tool
# ccaudit global ignore=dockerfile.healthcheck reason="a batch job: nothing to probe"
# ccaudit ignore=no.such.rule reason="typo"
# ccaudit ignore=dockerfile.oci-labels
USER 1000
DF
expect_exit 0 ccaudit audit --dockerfile "$tmp/supp.Dockerfile" -f json -o "$tmp/r.json"
expect_eq "pass fail True" "$(field "$tmp/r.json" dockerfile.add-local 'r["status"] + " " + r["observed"] + " " + str(r["waived"])')" \
	"a suppression in force waives the finding, visibly"
expect_eq "vendored assets, reviewed" "$(field "$tmp/r.json" dockerfile.add-local 'r["findings"][0]["suppression"]["reason"]')" \
	"the waived finding carries the suppression's reason"
expect_eq "$tmp/supp.Dockerfile:2" "$(field "$tmp/r.json" dockerfile.add-local 'r["findings"][0]["suppression"]["source"]')" \
	"the suppression names its comment's line"
expect_eq "fail False" "$(field "$tmp/r.json" dockerfile.add-url 'r["status"] + " " + str(r["findings"][0]["waived"])')" \
	"an expired suppression stops applying"
expect_eq "True" "$(field "$tmp/r.json" dockerfile.add-url 'r["findings"][0]["suppression"]["expired"]')" \
	"an expired suppression says so"
expect_true "the rule's message says the suppression expired" \
	sh -c "grep -q 'its suppression expired on 2020-01-01' '$tmp/r.json'"
expect_eq "pass True" "$(field "$tmp/r.json" dockerfile.healthcheck 'r["status"] + " " + str(r["waived"])')" \
	"a global suppression covers the whole file"
expect_eq fail "$(status "$tmp/r.json" dockerfile.oci-labels)" "a suppression without a reason does not apply"
expect_stderr_contains "suppression of unknown rule 'no.such.rule' ignored"
expect_stderr_contains "supp.Dockerfile:8: suppression ignored: it gives no reason"

# ---- bad input costs only its own rules -----------------------------------------

bad=$tmp/bad
mkdir -p "$bad/good" "$bad/nul" "$bad/utf8" "$bad/heredoc" "$bad/big" "$bad/binary" "$bad/empty"
printf '%s' "$good" > "$bad/good/Dockerfile"
printf 'FROM debian:12\nRUN echo a\000b\n' > "$bad/nul/Dockerfile"
printf 'FROM debian:12\nLABEL x="\303\050"\n' > "$bad/utf8/Dockerfile"
printf 'FROM debian:12\nRUN <<EOF\necho never closed\n' > "$bad/heredoc/Dockerfile"
head -c 17000000 /dev/zero | tr '\0' 'a' > "$bad/big/Dockerfile"
head -c 4096 /dev/urandom > "$bad/binary/Dockerfile"
: > "$bad/empty/Dockerfile"
expect_exit 0 ccaudit audit "$bad" -f json -o "$tmp/r.json"
python3 - "$tmp/r.json" > "$tmp/errors" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = [r for r in d["rules"] if r["id"] == "dockerfile.user-root"][0]
for f in r["findings"]:
    print(f["status"], f["location"], f["message"])
PY
for name in nul utf8 heredoc big binary empty; do
	if grep -q "^error $bad/$name/Dockerfile " "$tmp/errors"; then
		pass "a $name Dockerfile makes its rules error"
	else
		fail "a $name Dockerfile makes its rules error" "error $bad/$name/Dockerfile" "$(cat "$tmp/errors")"
	fi
done
expect_true "the NUL byte is reported with its line" grep -q "nul/Dockerfile:2: " "$tmp/errors"
expect_true "the unterminated heredoc is reported with its line" grep -q "heredoc/Dockerfile:2: " "$tmp/errors"
expect_true "the 17 MB file is refused as too large" grep -q "big/Dockerfile.*limit" "$tmp/errors"
expect_true "the good Dockerfile was still evaluated (no finding of its own)" \
	sh -c "! grep -q '$bad/good/' '$tmp/errors'"
expect_eq error "$(status "$tmp/r.json" dockerfile.user-root)" "the rule's status is error"

# unreadable file: error, not a crash (skipped as root, who reads anything)
if [ "$(id -u)" -ne 0 ]; then
	printf '%s' "$good" > "$tmp/locked.Dockerfile"
	chmod 000 "$tmp/locked.Dockerfile"
	expect_exit 0 ccaudit audit --dockerfile "$tmp/locked.Dockerfile" -f json -o "$tmp/r.json"
	expect_eq error "$(status "$tmp/r.json" dockerfile.user-root)" "an unreadable Dockerfile makes its rules error"
else
	skip "an unreadable Dockerfile makes its rules error" "running as root"
fi

# ---- threads: the same report whatever --jobs ------------------------------------

# Every Dockerfile of the fixtures and the examples and, when present, the
# shared corpus, each copied into a directory of its own, and the bad ones
# above: read and checked on 1, 2 and 8 threads.
many=$tmp/many
mkdir "$many"
corpus=${CCA_CORPORA:-$top_srcdir/../shared/corpora}/dockerfiles
n=0
for f in $(find "$top_srcdir/tests/fixtures" "$top_srcdir/examples" -type f \
		\( -name 'Dockerfile*' -o -name '*.Dockerfile' \) ! -name '*.dockerignore' | sort) \
	 $(ls "$corpus" 2>/dev/null | grep -v '^MANIFEST' | sed "s|^|$corpus/|"); do
	n=$((n + 1))
	mkdir "$many/$n"
	cp "$f" "$many/$n/Dockerfile"
done
for j in 1 2 8; do
	expect_exit 0 SOURCE_DATE_EPOCH=1767225600 ccaudit audit --jobs "$j" "$many" "$bad" \
		--no-store -f json -o "$tmp/jobs$j.json"
	cp "$err" "$tmp/jobs$j.err"
done
# The inventory lists what could be read: all but the one over the size limit.
expect_eq $((n + 6)) "$(evidence_paths "$tmp/jobs1.json" | wc -w)" \
	"$n copied Dockerfiles and 6 bad ones are in the inventory"
expect_same_file "$tmp/jobs1.json" "$tmp/jobs2.json" "the report on 2 threads is the one on 1"
expect_same_file "$tmp/jobs1.json" "$tmp/jobs8.json" "the report on 8 threads is the one on 1"
expect_same_file "$tmp/jobs1.err" "$tmp/jobs8.err" "the warnings on 8 threads are the ones on 1, in order"
for j in 0 65 x -1 2x ''; do
	expect_exit 2 ccaudit audit --jobs "$j" "$bad/good" --no-store
	expect_stderr_contains "--jobs must be 1 to 64"
done

# ---- secrets never leave masked ---------------------------------------------------

cat > "$tmp/secret.Dockerfile" <<'DF'
FROM debian:12
ENV DB_PASSWORD=Sup3rS3cretPassw0rd
ARG GH=ghp_abcdefghijklmnopqrstuvwxyz0123456789
RUN curl -u deploy:hunter2hunter2 https://repo.example.invalid/x
LABEL url="https://admin:Adm1nPassw0rd@registry.example.invalid/v2/"
DF
for fmt in text json; do
	run ccaudit audit --dockerfile "$tmp/secret.Dockerfile" -f "$fmt" --color always
	for s in Sup3rS3cretPassw0rd ghp_abcdefghijklmnopqrstuvwxyz0123456789 hunter2hunter2 Adm1nPassw0rd; do
		expect_stdout_not_contains "$s"
		expect_stderr_not_contains "$s"
	done
done
expect_stdout_contains "dockerfile.secret-value"

finish
