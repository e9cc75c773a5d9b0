#!/bin/sh
# ciformats.sh - the CI report formats of `ccaudit audit`: SARIF 2.1.0 (valid
# against ../shared/schemas/sarif-2.1.0.json, with GitHub code scanning's
# extra fields; --sarif-github keeps only unsuppressed, located failures),
# JUnit XML (a test case per rule per target, counts that add up), CSV
# (RFC 4180, a row per finding, no spreadsheet formulas) and Markdown (a
# pull-request comment under 65,000 characters).  Every format: secrets
# masked, untrusted text escaped, byte-identical when run twice with
# SOURCE_DATE_EPOCH.
#
# The schema check runs ajv through npx (the npm registry must be
# reachable); without the schema, npx or a working ajv those assertions are
# skipped and the rest of the test still runs.  Structural checks use
# python3 (skipped without it) and xmllint.
. "$(dirname "$0")/lib.sh"

# 2026-12-01: the payments-api answers are in force, its waiver (until
# 2027-02-28) and its suppression comment (until 2027-03-31) too.
export SOURCE_DATE_EPOCH=1796083200
fx=$CCA_FIXTURES/ciformats
schema=$top_srcdir/../shared/schemas/sarif-2.1.0.json

if have python3 && python3 -c 'import csv, json, xml.etree.ElementTree' >/dev/null 2>&1; then
	python=python3
else
	python=
fi

# audit_in DIR ARGS...: `ccaudit audit ARGS` run from DIR (relative paths
# in the reports, as in CI where the tool runs at the repository's top).
audit_in() {
	run sh -c 'cd "$1" && shift && exec "$CCAUDIT" audit "$@"' audit_in "$@"
}

# ---- the checker ------------------------------------------------------------------

cat >"$tmp/check.py" <<'PY'
import csv, json, re, sys
import xml.etree.ElementTree as ET

problems = []
def bad(msg):
    problems.append(msg)

SEVERITIES = {"0.1", "3.0", "5.5", "8.0", "9.5"}
HASH = re.compile(r"^[0-9a-f]{32}:[1-9][0-9]*$")

def located(res):
    return any("physicalLocation" in l for l in res.get("locations", []))

def expected_results(report, github):
    """What the SARIF must carry, counted from the JSON report of the same run."""
    n = 0
    for rule in report["rules"]:
        rule_waiver = rule["waived"] and rule["waiver"] is not None and not rule["waiver"]["expired"]
        fail_finding = False
        for f in rule["findings"]:
            if f["status"] == "fail":
                fail_finding = True
            if github:
                n += f["status"] == "fail" and not f["waived"] and not rule_waiver
            else:
                n += f["status"] in ("fail", "error", "informational")
        if rule["observed"] == "fail" and not fail_finding:
            if not github:
                n += 1
            elif not rule["waived"] and rule["attestation"] is not None:
                n += 1
    return n

def sarif(path, mode, report_path=None):
    d = json.load(open(path, encoding="utf-8"))
    if d.get("version") != "2.1.0" or len(d.get("runs", [])) != 1:
        bad("not one SARIF 2.1.0 run")
        return
    run = d["runs"][0]
    drv = run["tool"]["driver"]
    if drv.get("name") != "ccaudit" or not drv.get("version"):
        bad("tool.driver is not ccaudit with a version")
    rules = drv.get("rules", [])
    ids = [r["id"] for r in rules]
    if len(set(ids)) != len(ids):
        bad("duplicate rule ids")
    for r in rules:
        for k in ("shortDescription", "fullDescription", "help"):
            if not r.get(k, {}).get("text"):
                bad("rule %s has no %s.text" % (r["id"], k))
        p = r.get("properties", {})
        s = p.get("security-severity")
        if not isinstance(s, str) or s not in SEVERITIES or not 0.1 <= float(s) <= 10.0:
            bad("rule %s security-severity %r" % (r["id"], s))
        if "security" not in p.get("tags", []):
            bad("rule %s has no security tag" % r["id"])
    results = run.get("results", [])
    used = set()
    hashes = set()
    with_key = [("suppressions" in r) for r in results]
    if any(with_key) and not all(with_key):
        bad("some results have suppressions, not all")
    for i, res in enumerate(results):
        what = "result %d (%s)" % (i, res.get("ruleId"))
        idx = res.get("ruleIndex", -1)
        if not 0 <= idx < len(rules) or rules[idx]["id"] != res.get("ruleId"):
            bad(what + ": ruleIndex does not name its rule")
        used.add(res.get("ruleId"))
        h = res.get("partialFingerprints", {}).get("primaryLocationLineHash", "")
        if not HASH.match(h):
            bad(what + ": primaryLocationLineHash %r" % h)
        if h in hashes:
            bad(what + ": primaryLocationLineHash %s twice" % h)
        hashes.add(h)
        kind = res.get("kind", "fail")
        if kind != "fail" and res.get("level", "none") != "none":
            bad(what + ": kind %s with level %s" % (kind, res.get("level")))
        for loc in res.get("locations", []):
            pl = loc.get("physicalLocation")
            if pl is None:
                continue
            reg = pl.get("region", {})
            for k in ("startLine", "startColumn", "endLine", "endColumn"):
                if not isinstance(reg.get(k), int) or reg[k] < 1:
                    bad(what + ": region.%s %r" % (k, reg.get(k)))
            if reg.get("endLine", 0) < reg.get("startLine", 0):
                bad(what + ": region ends before it starts")
            if not pl.get("artifactLocation", {}).get("uri"):
                bad(what + ": no artifact uri")
        if mode == "github":
            if kind != "fail":
                bad(what + ": kind %s in a GitHub file" % kind)
            if res.get("suppressions"):
                bad(what + ": suppressed result in a GitHub file")
            if not located(res):
                bad(what + ": no file location in a GitHub file")
    if used != set(ids):
        bad("rules without results: %s" % sorted(set(ids) - used))
    if mode == "suppressed":
        kinds = {s["kind"] for r in results for s in r.get("suppressions", [])}
        if kinds != {"inSource", "external"}:
            bad("suppression kinds %s, not inSource and external" % sorted(kinds))
        for r in results:
            for s in r.get("suppressions", []):
                if not s.get("justification"):
                    bad("a suppression without justification")
    if report_path:
        report = json.load(open(report_path, encoding="utf-8"))
        want = expected_results(report, mode == "github")
        if mode == "github":
            # GitHub rejects runs of more than 25,000 results.
            omitted = run.get("properties", {}).get("resultsOmitted")
            if omitted != max(0, want - 25000):
                bad("resultsOmitted %r, want %d" % (omitted, max(0, want - 25000)))
            want = min(want, 25000)
        if want != len(results):
            bad("%d results, the JSON report says %d" % (len(results), want))

def junit(path, report_path):
    root = ET.parse(path).getroot()
    if root.tag != "testsuites":
        bad("root is %s" % root.tag)
        return
    tot = [0, 0, 0, 0]
    for ts in root.findall("testsuite"):
        cases = ts.findall("testcase")
        n = [len(cases),
             sum(1 for c in cases if c.find("failure") is not None),
             sum(1 for c in cases if c.find("error") is not None),
             sum(1 for c in cases if c.find("skipped") is not None)]
        got = [int(ts.get(k)) for k in ("tests", "failures", "errors", "skipped")]
        if n != got:
            bad("testsuite %s says %s, holds %s" % (ts.get("name"), got, n))
        tot = [a + b for a, b in zip(tot, n)]
        for c in cases:
            if not c.get("name") or not c.get("classname"):
                bad("a testcase without name or classname")
            if len([e for e in c if e.tag in ("failure", "error", "skipped")]) > 1:
                bad("testcase %s has several outcomes" % c.get("name"))
    got = [int(root.get(k)) for k in ("tests", "failures", "errors", "skipped")]
    if tot != got:
        bad("testsuites says %s, holds %s" % (got, tot))
    report = json.load(open(report_path, encoding="utf-8"))
    st = [r["status"] for r in report["rules"]]
    want = [len(st), st.count("fail"), st.count("error"),
            sum(st.count(s) for s in ("notchecked", "notselected", "notapplicable", "unknown"))]
    if want != tot:
        bad("cases %s, the JSON report's rules say %s" % (tot, want))
    for r in report["rules"]:
        if r["waived"]:
            c = root.find(".//testcase[@name='%s']" % r["id"])
            out = c.find("system-out") if c is not None else None
            if out is None or "waived" not in (out.text or ""):
                bad("waived rule %s does not say so" % r["id"])

def csvfile(path, report_path, formula=None):
    raw = open(path, "rb").read()
    if raw.count(b"\n") != raw.count(b"\r\n"):
        bad("a line does not end in CRLF")
    rows = list(csv.reader(open(path, newline="", encoding="utf-8")))
    head, body = rows[0], rows[1:]
    if head[:3] != ["rule", "title", "severity"]:
        bad("header %s" % head)
    for r in body:
        if len(r) != len(head):
            bad("a row of %d fields" % len(r))
        for v in r:
            if v[:1] in ("=", "+", "-", "@", "\t", "\r"):
                bad("field %r can run as a formula" % v)
    report = json.load(open(report_path, encoding="utf-8"))
    want = 0
    for rule in report["rules"]:
        st = [f["status"] for f in rule["findings"]]
        want += len(st)
        if ((not st and rule["attestation"] is not None)
                or (rule["observed"] == "fail" and "fail" not in st)
                or (rule["observed"] == "error" and "error" not in st)):
            want += 1
    if want != len(body):
        bad("%d rows, want %d (findings + rule results no finding shows)" % (len(body), want))
    if formula is not None:
        col = {h: i for i, h in enumerate(head)}
        if not any(r[col["target"]] == "'" + formula for r in body):
            bad("no target field %r" % ("'" + formula))
        if not any(r[col["location"]].startswith("'" + formula) for r in body):
            bad("no location field starting with %r" % ("'" + formula))

def markdown(path, total_findings=None):
    text = open(path, "rb").read().decode("utf-8")
    size = len(text.encode("utf-8"))
    if size >= 65000:
        bad("%d bytes" % size)
    rows = [l for l in text.split("\n") if l.startswith("| ")]
    for l in rows:
        cells = len(re.findall(r"(?<!\\)\|", l)) - 1
        if cells not in (4, 5, 7):
            bad("table row with %d cells: %s" % (cells, l[:80]))
    if re.search(r"(?<!\\)<(?!!-- ccaudit-report -->|sub>|/sub>)", text):
        bad("an unescaped '<'")
    if total_findings is not None:
        m = re.search(r"### Failures \((\d+)\)", text)
        more = re.search("\u2026 and (\\d+) more findings \\(see the full report\\)", text)
        shown = sum(1 for l in rows if re.match(r"\| (info|low|medium|high|critical) \|", l))
        if not m or not more:
            bad("no failure count or no '\u2026 and N more findings' line")
        elif int(m.group(1)) != shown + int(more.group(1)):
            bad("%s failures, %d shown + %s more" % (m.group(1), shown, more.group(1)))
        elif int(m.group(1)) < total_findings:
            bad("%s failures listed, fewer than %d" % (m.group(1), total_findings))

kind = sys.argv[1]
if kind == "sarif":
    sarif(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
elif kind == "junit":
    junit(sys.argv[2], sys.argv[3])
elif kind == "csv":
    csvfile(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
elif kind == "md":
    markdown(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else None)
for p in problems[:10]:
    print(p)
sys.exit(1 if problems else 0)
PY

# check WHAT KIND ARGS...: the checker finds nothing wrong.
check() {
	what=$1
	shift
	if [ -z "$python" ]; then
		skip "$what" "no python3"
	else
		expect_true "$what" python3 "$tmp/check.py" "$@"
	fi
}

# ---- ajv ----------------------------------------------------------------------------

ajv=
if [ ! -f "$schema" ]; then
	ajv_why="no SARIF schema at $schema"
elif ! have npx; then
	ajv_why="no npx"
else
	printf '{"version": "2.1.0", "runs": []}\n' >"$tmp/empty.sarif.json"
	if npx -y -p ajv-cli@5.0.0 -p ajv-formats@3.0.1 ajv validate --spec=draft2020 \
		-s "$schema" -d "$tmp/empty.sarif.json" -c ajv-formats >"$tmp/ajv.log" 2>&1; then
		ajv=yes
	else
		ajv_why="ajv does not run: $(tail -n 1 "$tmp/ajv.log")"
	fi
fi

# validate FILE WHAT: FILE is valid against the SARIF schema (ajv wants
# the data file to end in .json).
validate() {
	if [ -z "$ajv" ]; then
		skip "$2" "$ajv_why"
		return
	fi
	cp "$1" "$tmp/v.sarif.json"
	if npx -y -p ajv-cli@5.0.0 -p ajv-formats@3.0.1 ajv validate --spec=draft2020 \
		-s "$schema" -d "$tmp/v.sarif.json" -c ajv-formats >"$tmp/ajv.log" 2>&1; then
		pass "$2"
	else
		fail "$2" "valid against $(shorten "$schema")" "$(head -c 2000 "$tmp/ajv.log")"
	fi
}

# The validator is live: it rejects a level SARIF does not have.
if [ -n "$ajv" ]; then
	printf '{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"level": "fatal", "message": {"text": "m"}}]}]}\n' \
		>"$tmp/broken.sarif.json"
	if npx -y -p ajv-cli@5.0.0 -p ajv-formats@3.0.1 ajv validate --spec=draft2020 \
		-s "$schema" -d "$tmp/broken.sarif.json" -c ajv-formats >/dev/null 2>&1; then
		fail "ajv rejects an invalid SARIF file" "exit status 1" "exit status 0"
	else
		pass "ajv rejects an invalid SARIF file"
	fi
else
	skip "ajv rejects an invalid SARIF file" "$ajv_why"
fi

# ---- the examples: every format, with the JSON report to count against -----------

for ex in legacy-shop payments-api; do
	audit_in "$top_srcdir" "examples/$ex" -f json,sarif,junit,csv,md -o "$tmp/$ex/"
	expect_eq 0 "$rc" "audit of examples/$ex writes json, sarif, junit, csv and md"
	audit_in "$top_srcdir" "examples/$ex" -f sarif --sarif-github -o "$tmp/$ex/github.sarif"
	expect_eq 0 "$rc" "audit of examples/$ex writes --sarif-github"
	validate "$tmp/$ex/report.sarif" "examples/$ex: SARIF valid against the schema"
	validate "$tmp/$ex/github.sarif" "examples/$ex: --sarif-github valid against the schema"
	check "examples/$ex: SARIF rules, regions, fingerprints and result count" \
		sarif "$tmp/$ex/report.sarif" full "$tmp/$ex/report.json"
	check "examples/$ex: --sarif-github has only unsuppressed located failures" \
		sarif "$tmp/$ex/github.sarif" github "$tmp/$ex/report.json"
	expect_true "examples/$ex: JUnit is well-formed XML" xmllint --noout "$tmp/$ex/report.junit.xml"
	check "examples/$ex: JUnit counts add up and match the rules" \
		junit "$tmp/$ex/report.junit.xml" "$tmp/$ex/report.json"
	check "examples/$ex: CSV parses, a row per finding, no formulas" \
		csv "$tmp/$ex/report.csv" "$tmp/$ex/report.json"
	check "examples/$ex: Markdown under 65,000 bytes, tables intact" md "$tmp/$ex/report.md"
done

# payments-api has a suppression comment and an answers-file waiver.
check "examples/payments-api: suppressed results say inSource and external, with justification" \
	sarif "$tmp/payments-api/report.sarif" suppressed
expect_true "examples/payments-api: relative paths are relative URIs under %SRCROOT%" \
	grep -q '"uri": "examples/payments-api/services/batch-worker/Dockerfile"' \
	"$tmp/payments-api/report.sarif"
expect_true "examples/payments-api: the attested failure is located on the answers file" \
	grep -q '"uri": "examples/payments-api/ccaudit-answers.yaml"' "$tmp/payments-api/github.sarif"
if grep -q 'manual.csvs-3.15\|dockerfile.add-local' "$tmp/payments-api/github.sarif"; then
	fail "examples/payments-api: --sarif-github leaves out the waived rules" "no manual.csvs-3.15, no dockerfile.add-local" \
	     "$(grep -n 'manual.csvs-3.15\|dockerfile.add-local' "$tmp/payments-api/github.sarif" | head -n 3)"
else
	pass "examples/payments-api: --sarif-github leaves out the waived rules"
fi
expect_true "examples/payments-api: Markdown lists the waivers" \
	grep -q '^| `manual.csvs-3.15` | Dana Whitfield (Security) | 2027-02-28 |' "$tmp/payments-api/report.md"
expect_true "examples/payments-api: Markdown lists the suppression comment" \
	grep -q '^| `dockerfile.add-local` | a comment at' "$tmp/payments-api/report.md"
expect_true "examples/payments-api: JUnit shows the waived rule's waiver" \
	grep -q 'waiver: by Dana Whitfield (Security), expires 2027-02-28' "$tmp/payments-api/report.junit.xml"
expect_true "examples/payments-api: CSV marks the waived row" \
	grep -q '^manual.csvs-3.15,.*,critical,pass,fail,yes,by Dana Whitfield' "$tmp/payments-api/report.csv"
expect_true "examples/legacy-shop: JUnit says when, from SOURCE_DATE_EPOCH" \
	grep -q 'timestamp="2026-12-01T00:00:00"' "$tmp/legacy-shop/report.junit.xml"
expect_true "examples/legacy-shop: SARIF says when, from SOURCE_DATE_EPOCH" \
	grep -q '"endTimeUtc": "2026-12-01T00:00:00Z"' "$tmp/legacy-shop/report.sarif"

# ---- reproducible -------------------------------------------------------------------

# The runs are not saved: a saved run shows its new run id and history.
for fmt in sarif junit csv md; do
	audit_in "$top_srcdir" examples/payments-api -f "$fmt" -o "$tmp/once.$fmt" --no-store
	audit_in "$top_srcdir" examples/payments-api -f "$fmt" -o "$tmp/again.$fmt" --no-store
	expect_same_file "$tmp/once.$fmt" "$tmp/again.$fmt" \
		"$fmt is byte-identical when run twice with SOURCE_DATE_EPOCH"
done

# ---- secrets stay masked ------------------------------------------------------------

mkdir -p "$tmp/secrets"
for fmt in sarif junit csv md; do
	run ccaudit audit --dockerfile "$fx/secrets-planted.Dockerfile" -f "$fmt"
	expect_stdout_contains "dockerfile.secret-value"
	for s in Sup3rS3cretPassw0rd Sup3rS3cretDbPassw0rd ghp_abcdefghijklmnopqrstuvwxyz0123456789 \
		 hunter2hunter2 Adm1nPassw0rdRun Adm1nPassw0rd; do
		expect_stdout_not_contains "$s"
	done
done
run ccaudit audit --dockerfile "$fx/secrets-planted.Dockerfile" -f sarif --sarif-github
for s in Sup3rS3cretPassw0rd ghp_abcdefghijklmnopqrstuvwxyz0123456789 hunter2hunter2 Adm1nPassw0rd; do
	expect_stdout_not_contains "$s"
done

# ---- untrusted text ------------------------------------------------------------------

run ccaudit audit --dockerfile "$fx/hostile-text.Dockerfile" -f md
cp "$out" "$tmp/hostile.md"
check "hostile text: the Markdown tables keep their columns, no raw HTML" md "$tmp/hostile.md"
expect_stdout_contains '\<script\>alert(1)\</script\> \| ping @'
expect_stdout_not_contains '@octocat'
expect_stdout_not_contains ' #7'
expect_stdout_contains 'a@b\<b\>x\</b\>\|y\*z\_\[l\](u)\`\#'
run ccaudit audit --dockerfile "$fx/hostile-text.Dockerfile" -f sarif
cp "$out" "$tmp/hostile.sarif"
validate "$tmp/hostile.sarif" "hostile text: SARIF valid against the schema"
run ccaudit audit --dockerfile "$fx/hostile-text.Dockerfile" -f junit
expect_true "hostile text: JUnit is well-formed XML" xmllint --noout "$out"

# Odd paths and targets: a space, a colon, non-ASCII, '%', control
# characters, a CSV formula.
formula="=cmd|' /C calc'!A0"
mkdir -p "$tmp/odd/we ird:dir/ü%x" "$tmp/odd/=cmd|' "
cp "$fx/hostile-text.Dockerfile" "$tmp/odd/we ird:dir/ü%x/Dockerfile"
cp "$fx/secrets-planted.Dockerfile" "$tmp/odd/$formula.Dockerfile"
audit_in "$tmp/odd" "we ird:dir" --dockerfile "$formula.Dockerfile" -t "$formula" \
	-f json,sarif,junit,csv,md -o "$tmp/odd/out/"
expect_eq 0 "$rc" "audit of odd paths writes every format"
validate "$tmp/odd/out/report.sarif" "odd paths: SARIF valid against the schema"
expect_true "odd paths: the URI is percent-encoded" \
	grep -q '"uri": "we%20ird%3Adir/%C3%BC%25x/Dockerfile"' "$tmp/odd/out/report.sarif"
check "odd paths: CSV fields starting with = get a quote, rows add up" \
	csv "$tmp/odd/out/report.csv" "$tmp/odd/out/report.json" "$formula"
expect_true "odd paths: JUnit is well-formed XML" xmllint --noout "$tmp/odd/out/report.junit.xml"
check "odd paths: JUnit counts add up" junit "$tmp/odd/out/report.junit.xml" "$tmp/odd/out/report.json"
run ccaudit audit --dockerfile "$fx/hostile-text.Dockerfile" -t "$(printf 'ctl\001\033[31m<&>"')" -f junit
cp "$out" "$tmp/ctl.xml"
expect_true "control characters in a target: JUnit is still well-formed" xmllint --noout "$tmp/ctl.xml"

# ---- an unreadable Dockerfile: rule errors ------------------------------------------

mkdir -p "$tmp/err"
printf 'FROM debian:12\nRUN echo \377\376\n' >"$tmp/err/Dockerfile"
run ccaudit audit "$tmp/err" -f json
cp "$out" "$tmp/err/report.json"
if grep -q '"status": "error"' "$tmp/err/report.json"; then
	run ccaudit audit "$tmp/err" -f sarif
	cp "$out" "$tmp/err/report.sarif"
	validate "$tmp/err/report.sarif" "rule errors: SARIF valid against the schema"
	check "rule errors: SARIF results count them" sarif "$tmp/err/report.sarif" full "$tmp/err/report.json"
	expect_true "rule errors: SARIF reports them as error notifications" \
		grep -q '"toolExecutionNotifications"' "$tmp/err/report.sarif"
	run ccaudit audit "$tmp/err" -f junit
	cp "$out" "$tmp/err/report.junit.xml"
	check "rule errors: JUnit counts them as errors" junit "$tmp/err/report.junit.xml" "$tmp/err/report.json"
	expect_true "rule errors: JUnit has <error> cases" grep -q '<error message=' "$tmp/err/report.junit.xml"
else
	skip "rule errors: SARIF, JUnit" "invalid UTF-8 does not make rules error"
fi

# ---- a large run: the Markdown comment stays under 65,000 characters -------------

i=1
while [ "$i" -le 30 ]; do
	mkdir -p "$tmp/big/s$i"
	awk -v n="$i" 'BEGIN {
		print "FROM ubuntu:latest"
		print "ENV PASSWORD=Sup3rS3cretBig" n
		for (k = 1; k <= 100; k++) print "ADD local" k " /x" k
	}' >"$tmp/big/s$i/Dockerfile"
	i=$((i + 1))
done
audit_in "$tmp/big" . -f md,json,csv,sarif,junit -o "$tmp/big/out/"
expect_eq 0 "$rc" "audit of 30 Dockerfiles x 100 ADD lines writes every format"
size=$(wc -c <"$tmp/big/out/report.md" | tr -d ' ')
if [ "$size" -lt 65000 ]; then
	pass "a run with thousands of findings: Markdown is $size bytes, under 65,000"
else
	fail "a run with thousands of findings: Markdown under 65,000 bytes" "< 65000" "$size"
fi
expect_true "a run with thousands of findings: Markdown says how many were left out" \
	grep -q '^… and [0-9][0-9]* more findings (see the full report)$' "$tmp/big/out/report.md"
check "a run with thousands of findings: shown + left out = all 3000+ failures" \
	md "$tmp/big/out/report.md" 3000
check "a run with thousands of findings: CSV has a row per finding" \
	csv "$tmp/big/out/report.csv" "$tmp/big/out/report.json"
check "a run with thousands of findings: SARIF result count" \
	sarif "$tmp/big/out/report.sarif" full "$tmp/big/out/report.json"
check "a run with thousands of findings: JUnit counts" \
	junit "$tmp/big/out/report.junit.xml" "$tmp/big/out/report.json"
if grep -l 'Sup3rS3cretBig' "$tmp/big/out/report.md" "$tmp/big/out/report.csv" \
	"$tmp/big/out/report.sarif" "$tmp/big/out/report.junit.xml" >"$tmp/leak" 2>/dev/null; then
	fail "a run with thousands of findings: no secret unmasked" "none" "$(cat "$tmp/leak")"
else
	pass "a run with thousands of findings: no secret unmasked"
fi

# GitHub takes at most 25,000 results a run: the most severe are kept.
# 25 Dockerfiles of 1000 ADD lines fail 25,000 times, plus 7 other rules
# each.
i=1
while [ "$i" -le 25 ]; do
	mkdir -p "$tmp/huge/s$i"
	awk 'BEGIN { print "FROM ubuntu:latest"; for (k = 1; k <= 1000; k++) print "ADD l" k " /x" k }' \
		>"$tmp/huge/s$i/Dockerfile"
	i=$((i + 1))
done
audit_in "$tmp/huge" . -f json,sarif --sarif-github -o "$tmp/huge/out/"
expect_eq 0 "$rc" "audit of 25,000+ failures writes --sarif-github"
check "25,000+ failures: --sarif-github keeps 25,000 and counts the others" \
	sarif "$tmp/huge/out/report.sarif" github "$tmp/huge/out/report.json"
if [ -n "$python" ]; then
	expect_eq "25 high" "$(python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]
print(sum(1 for x in r["results"] if x["level"] == "error"), "high")' "$tmp/huge/out/report.sarif")" \
		"25,000+ failures: every high-severity failure is among those kept"
else
	skip "25,000+ failures: every high-severity failure is among those kept" "no python3"
fi

finish
