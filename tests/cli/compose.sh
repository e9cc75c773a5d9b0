#!/bin/sh
# compose.sh - compose files and vulnerability reports through the binary:
# discovery with overrides, --compose in order, --env-file, locations in the
# file that set a value, bad input that costs only its own rules, the corpus,
# and secrets that never leave unmasked.
. "$(dirname "$0")/lib.sh"

have python3 || skip_all "python3 is needed to read the JSON report"

# status REPORT RULE: the status of RULE in the JSON report REPORT.
status() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print([r for r in d["rules"] if r["id"] == sys.argv[2]][0]["status"])' "$1" "$2"
}

# locations REPORT RULE: the locations of RULE's findings, sorted, one line.
locations() {
	python3 -c 'import json,sys,re
d = json.load(open(sys.argv[1]))
r = [r for r in d["rules"] if r["id"] == sys.argv[2]][0]
print(" ".join(sorted(re.sub(r".*/fixtures/", "", f["location"]) for f in r.get("findings", []) if f["status"] != "pass")))' "$1" "$2"
}

fx=$CCA_FIXTURES

# ---- discovery: compose.yaml with its override ------------------------------------

expect_exit 0 ccaudit audit "$fx/compose/merge" -f json -o "$tmp/merge.json"
expect_eq "fail" "$(status "$tmp/merge.json" container.privileged)" "the override makes web privileged"
expect_eq "compose/merge/compose.override.yaml:14" \
	"$(locations "$tmp/merge.json" container.privileged)" "found at the override's line"
expect_eq "pass" "$(status "$tmp/merge.json" container.image-latest)" "tags from the override"

# ---- --compose FILE --compose FILE: in order -------------------------------------------

expect_exit 0 ccaudit audit --compose "$fx/compose/merge/compose.yaml" \
	--compose "$fx/compose/merge/prod.yaml" -f json -o "$tmp/named.json"
expect_eq "pass" "$(status "$tmp/named.json" container.privileged)" \
	"named files: no override is added"
python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
r = [r for r in d["rules"] if r["id"] == "container.read-only"][0]
ws = [f for f in r["findings"] if "web" in f["message"]]
assert not ws, ws' "$tmp/named.json"
expect_eq 0 $? "prod.yaml makes web read-only"

# ---- --env-file ---------------------------------------------------------------------------

expect_exit 0 ccaudit audit --compose "$fx/compose/interp/compose.yaml" -f json -o "$tmp/env.json"
expect_stderr_contains "variable 'WHO' is not set"
expect_stderr_contains ".env:7: line ignored"
expect_exit 0 ccaudit audit --compose "$fx/compose/interp/compose.yaml" \
	--env-file "$fx/compose/interp/other.env" -f json -o "$tmp/env2.json"
expect_stderr_not_contains "'WHO' is not set"

# ---- bad input: its rules report error, the rest goes on -------------------------------------

for f in not-yaml billion-laughs deep services-list scalar invalid-utf8; do
	expect_exit 0 ccaudit audit --compose "$fx/compose/bad/$f.yaml" \
		--dockerfile "$fx/dockerfile-checks/user-app-passes.Dockerfile" -f json -o "$tmp/bad.json"
	expect_eq "error" "$(status "$tmp/bad.json" container.privileged)" "$f.yaml: container rules error"
	expect_eq "pass" "$(status "$tmp/bad.json" dockerfile.user-root)" "$f.yaml: the Dockerfile is still judged"
done
run ccaudit audit --compose "$fx/compose/bad/not-yaml.yaml" -f json -o -
expect_stdout_contains "not-yaml.yaml:4:"
run ccaudit audit --compose "$fx/compose/bad/wrong-types.yaml" -f json -o "$tmp/types.json"
expect_eq "error" "$(status "$tmp/types.json" container.privileged)" "wrong types: error"
expect_eq "compose/bad/wrong-types.yaml compose/bad/wrong-types.yaml" \
	"$(locations "$tmp/types.json" container.privileged)" "two services in error, the good one judged"
expect_exit 0 ccaudit audit --compose "$tmp/missing.yaml" -f json -o "$tmp/missing.json"
expect_eq "error" "$(status "$tmp/missing.json" container.user)" "a missing file: error"

# ---- the corpus: every file is read -------------------------------------------------------------

if [ -d "$CCA_CORPORA/compose" ]; then
	for f in "$CCA_CORPORA"/compose/*.y*ml; do
		expect_exit 0 ccaudit audit --compose "$f" -f json -o "$tmp/corpus.json"
		expect_true "$(basename "$f"): read without error" python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
errs = [f["message"] for r in d["rules"] for f in r.get("findings", []) if f["status"] == "error"]
assert not errs, errs[:1]
assert any(e["kind"] == "container" for e in d["evidence"])' "$tmp/corpus.json"
	done
else
	skip "the compose corpus is not there"
fi

# ---- vulnerability reports ------------------------------------------------------------------------

expect_exit 0 ccaudit audit --vuln-report "$fx/vuln/trivy-critical-fires.json" \
	--vuln-report "$fx/vuln/grype-clean-passes.json" -f json -o "$tmp/vuln.json"
expect_eq "fail" "$(status "$tmp/vuln.json" vuln.max-severity)" "a critical CVE fails"
run ccaudit audit --vuln-report "$fx/vuln/trivy-critical-fires.json" -f json -o -
expect_stdout_contains "shop/frontend:latest: CVE-2024-3094 liblzma5"
expect_stdout_contains "CVE-2024-3094 (critical, CVSS 10.0) in liblzma5 5.6.0-0.2, fixed in 5.6.1+really5.4.5-1"
run ccaudit audit --vuln-report "$fx/vuln/unknown-format.json" -f json -o -
expect_stdout_contains "unknown report format"

# ---- the examples --------------------------------------------------------------------------------

run ccaudit audit "$top_srcdir/examples/payments-api" --no-store
expect_stdout_contains "CSVS level achieved: 1"
expect_exit 1 ccaudit audit "$top_srcdir/examples/legacy-shop" --no-store --fail-on critical
expect_stdout_contains "container.docker-socket"

# ---- secrets never leave unmasked -----------------------------------------------------------------

for fmt in text json sarif csv; do
	run ccaudit audit --compose "$fx/compose-checks/secret-env-fires.yaml" \
		--compose "$fx/compose-checks/secret-env-list-fires.yaml" \
		--compose "$top_srcdir/examples/legacy-shop/docker-compose.yml" -f "$fmt" -o -
	for s in Sup3rS3cretPassw0rd IOSFODNN7EXAMPLE tok_live_4f9a8b7c6d5e4f3a hunter2pass \
	    sk_live_51HxQmC2eZvKYlo2C0a1b2c3d; do
		expect_stdout_not_contains "$s"
		expect_stderr_not_contains "$s"
	done
done

finish
