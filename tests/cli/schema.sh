#!/bin/sh
# schema.sh - the JSON report of `ccaudit audit -f json` matches
# catalogs/report.schema.json (JSON Schema draft 2020-12), and the schema
# is strict enough to reject reports that break it.
#
# Needs /usr/bin/python3 with the jsonschema module (Debian package
# python3-jsonschema, 4.x for Draft202012Validator); exits 77 (skip) when
# it is missing.  make check exports CCAUDIT, top_srcdir and CCA_FIXTURES;
# when run by hand they default to the tree this script is in.

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${CCAUDIT:=$top_builddir/ccaudit}"
: "${CCA_FIXTURES:=$top_srcdir/tests/fixtures}"

PY=/usr/bin/python3
SCHEMA=$top_srcdir/catalogs/report.schema.json
SAMPLE=$CCA_FIXTURES/answers/schema-sample.yaml
# 2026-06-01T00:00:00Z: decides which dates in the sample have expired.
SOURCE_DATE_EPOCH=1780272000
export SOURCE_DATE_EPOCH
unset CCAUDIT_DATADIR NO_COLOR

if [ ! -x "$PY" ] || ! "$PY" -c 'import jsonschema; jsonschema.Draft202012Validator' 2>/dev/null; then
	echo "SKIP: $PY with jsonschema (Draft202012Validator) is not available"
	exit 77
fi
if [ ! -x "$CCAUDIT" ]; then
	echo "FAIL: no ccaudit binary at '$CCAUDIT'"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ccaudit-schema.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
# Every audit saves its run: into this test's own history, never the user's
# (so the reports below are those of saved runs, with their history).
CCAUDIT_DB=$tmp/history.db
export CCAUDIT_DB

passed=0
failed=0

ok() {
	passed=$((passed + 1))
	echo "ok: $1"
}

not_ok() {
	failed=$((failed + 1))
	echo "FAIL: $1"
	if [ -s "$tmp/out" ]; then
		sed 's/^/    /' "$tmp/out"
	fi
}

# The validator: check.py SCHEMA REPORT [MUTATION]
#   exit 0  the report (mutated when MUTATION is given) is valid
#   exit 1  it is invalid (the first errors are printed)
#   exit 2  the schema itself is broken, or the mutation does not apply
cat >"$tmp/check.py" <<'EOF'
import copy
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
mutation = sys.argv[3] if len(sys.argv) > 3 else None

try:
    jsonschema.Draft202012Validator.check_schema(schema)
except jsonschema.exceptions.SchemaError as e:
    print("the schema is not valid JSON Schema 2020-12: %s" % e.message)
    sys.exit(2)


def first(items, pred, what):
    for it in items:
        if pred(it):
            return it
    print("the report has no %s to mutate" % what)
    sys.exit(2)


def waived_rule(d):
    return first(d["rules"], lambda r: r["waived"], "waived rule")


def attested_rule(d):
    return first(d["rules"], lambda r: r["attestation"], "attestation")


def failing_finding(d):
    """A failing finding of the report, made on a failing rule if it has none."""
    for r in d["rules"]:
        for f in r["findings"]:
            if f["status"] == "fail":
                return f
    rule = first(d["rules"], lambda r: r["status"] == "fail", "failing rule")
    rule["findings"].append({"status": "fail", "target": d["run"]["target"],
                             "location": "Dockerfile:1", "message": "observed",
                             "fingerprint": "0123456789abcdef0123456789abcdef",
                             "waived": False, "suppression": None})
    return rule["findings"][-1]


UUID = "0f8e2c1a-5b7d-4c3e-9a21-6d4f8b0e1c2a"


def with_history(d):
    """What the history store adds to the report of a saved run."""
    d["run"]["id"] = UUID
    failing_finding(d).update(lifecycle="reopened", owner="<b>alice</b>",
                              owner_role="security", due="2026-11-30")
    d["fixed"] = [{"rule": "dockerfile.add-local", "location": "Dockerfile:9",
                   "fingerprint": "0123456789abcdef0123456789abcdef"}]
    d["trend"] = [{"run": UUID, "generated": "2026-06-01T00:00:00Z",
                   "level_achieved": 1, "scores": [0.75, None, 0.1], "open": 3}]
    return d


def history_mutation(m):
    return lambda d: m(with_history(d))


MUTATIONS = {
    # statuses, severities, roles, kinds are closed sets
    "rule-status-unknown-word": lambda d: d["rules"][0].update(status="passed"),
    "rule-status-rollup-word": lambda d: d["rules"][0].update(observed="waived"),
    "control-status-xccdf-word": lambda d: d["controls"][0].update(status="notchecked"),
    "severity-unknown": lambda d: d["rules"][0].update(severity="severe"),
    "role-unknown": lambda d: d["profile"]["roles"].append("admin"),
    "kind-unknown": lambda d: d["rules"][0].update(kind="semi"),
    # objects are closed and complete
    "extra-top-level-key": lambda d: d.update(extra=True),
    "extra-rule-key": lambda d: d["rules"][0].update(extra=1),
    "missing-rule-message": lambda d: d["rules"][0].pop("message"),
    "missing-tally-category": lambda d: d["summary"]["levels"][0]["requirements"].pop("waived"),
    "missing-attestation-source": lambda d: attested_rule(d)["attestation"].pop("source"),
    # value shapes
    "sha256-uppercase": lambda d: d["evidence"][0].update(sha256=d["evidence"][0]["sha256"].upper()),
    "date-not-iso": lambda d: attested_rule(d)["attestation"].update(date="1/15/2026"),
    "generated-without-zone": lambda d: d["run"].update(generated="2026-06-01T00:00:00"),
    "score-above-one": lambda d: d["summary"]["levels"][0].update(score=1.5),
    "score-as-string": lambda d: d["controls"][0].update(score="1"),
    "count-negative": lambda d: d["summary"]["rules"].update(fail=-1),
    "not-nullable-null": lambda d: d["rules"][0].update(remediation=None),
    # invariants
    "levels-out-of-order": lambda d: d["summary"]["levels"].reverse(),
    "waived-but-observed-pass": lambda d: waived_rule(d).update(observed="pass"),
    "manual-rule-with-check": lambda d: first(d["rules"], lambda r: r["kind"] == "manual", "manual rule").update(check="dockerfile.add"),
    "format-version-2": lambda d: d["tool"].update(format=2),
    # history (a saved run)
    "run-id-not-uuid": history_mutation(lambda d: d["run"].update(id="run-7")),
    "lifecycle-unknown": history_mutation(lambda d: failing_finding(d).update(lifecycle="fixed")),
    "owner-empty": history_mutation(lambda d: failing_finding(d).update(owner="")),
    "due-not-iso": history_mutation(lambda d: failing_finding(d).update(due="30/11/2026")),
    "fixed-without-trend": history_mutation(lambda d: d.pop("trend")),
    "trend-two-scores": history_mutation(lambda d: d["trend"][0]["scores"].pop()),
    "trend-score-above-one": history_mutation(lambda d: d["trend"][0]["scores"].__setitem__(0, 1.5)),
    "trend-level-4": history_mutation(lambda d: d["trend"][0].update(level_achieved=4)),
    "fixed-without-rule": history_mutation(lambda d: d["fixed"][0].pop("rule")),
}

if mutation == "list":
    print("\n".join(MUTATIONS))
    sys.exit(0)
if mutation == "history":
    doc = with_history(copy.deepcopy(doc))
elif mutation:
    doc = copy.deepcopy(doc)
    MUTATIONS[mutation](doc)

validator = jsonschema.Draft202012Validator(schema)
errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
for e in errors[:3]:
    path = "/".join(str(p) for p in e.absolute_path)
    print("/%s: %s" % (path, e.message[:200]))
sys.exit(1 if errors else 0)
EOF

# What the sample must make the report show, so every branch of the
# schema (objects and their null alternatives) is exercised.
cat >"$tmp/covers.py" <<'EOF'
import json
import sys

d = json.load(open(sys.argv[1]))
rules = d["rules"]
need = {
    "an unexpired attestation": any(r["attestation"] and not r["attestation"]["expired"] for r in rules),
    "an expired attestation": any(r["attestation"] and r["attestation"]["expired"] for r in rules),
    "an attestation with note and evidence": any(r["attestation"] and r["attestation"]["note"] and r["attestation"]["evidence"] for r in rules),
    "an attestation without expiry": any(r["attestation"] and r["attestation"]["expires"] is None for r in rules),
    "a waived rule": any(r["waived"] for r in rules),
    "an expired waiver": any(r["waiver"] and r["waiver"]["expired"] for r in rules),
    "a waiver with a target": any(r["waiver"] and r["waiver"]["target"] for r in rules),
    "a rule without attestation": any(r["attestation"] is None for r in rules),
    "a notapplicable rule": any(r["status"] == "notapplicable" for r in rules),
    "a failing rule": any(r["status"] == "fail" for r in rules),
    "an answers evidence entry": any(e["kind"] == "answers" for e in d["evidence"]),
    "the sample's target": d["run"]["target"] == "schema-sample",
    "the SOURCE_DATE_EPOCH time": d["run"]["generated"] == "2026-06-01T00:00:00Z",
    "the run id of a saved run": "id" in d["run"],
    "the trend of a saved run": len(d.get("trend", [])) >= 1,
}
missing = [k for k, v in need.items() if not v]
for k in missing:
    print("the report lacks %s" % k)
sys.exit(1 if missing else 0)
EOF

# 1. The schema is a valid 2020-12 schema with the documented id.
# shellcheck disable=SC2016 # Python code: nothing to expand
if "$PY" -c '
import json, sys, jsonschema
s = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(s)
assert s["$id"] == "urn:ccaudit:report:1", s["$id"]
assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema", s["$schema"]
' "$SCHEMA" >"$tmp/out" 2>&1; then
	ok "report.schema.json is a valid draft 2020-12 schema"
else
	not_ok "report.schema.json is a valid draft 2020-12 schema"
fi

# 2. An audit with the sample answers writes a report that matches it.
"$CCAUDIT" audit -a "$SAMPLE" -f json -o "$tmp/report.json" >"$tmp/out" 2>&1
rc=$?
if [ "$rc" -eq 0 ] && [ -s "$tmp/report.json" ]; then
	ok "audit -a schema-sample.yaml -f json -o FILE exits 0"
else
	not_ok "audit -a schema-sample.yaml -f json -o FILE exits 0 (got $rc)"
fi

if "$PY" "$tmp/check.py" "$SCHEMA" "$tmp/report.json" >"$tmp/out" 2>&1; then
	ok "the report validates against report.schema.json"
else
	not_ok "the report validates against report.schema.json"
fi

if "$PY" "$tmp/covers.py" "$tmp/report.json" >"$tmp/out" 2>&1; then
	ok "the sample exercises attestations, waivers and their null and expired forms"
else
	not_ok "the sample exercises attestations, waivers and their null and expired forms"
fi

# 3. Another shape: a level profile, a role filter, JSON on standard output.
"$CCAUDIT" audit -a "$SAMPLE" -l 1 -r security -f json >"$tmp/report-l1.json" 2>"$tmp/out"
rc=$?
if [ "$rc" -eq 0 ] && "$PY" "$tmp/check.py" "$SCHEMA" "$tmp/report-l1.json" >"$tmp/out" 2>&1; then
	ok "audit -l 1 -r security -f json to standard output validates"
else
	not_ok "audit -l 1 -r security -f json to standard output validates (exit $rc)"
fi

# 4. The same report as a saved run carries (run id, lifecycle, owner,
# due date, fixed findings, trend) validates too.
if "$PY" "$tmp/check.py" "$SCHEMA" "$tmp/report.json" history >"$tmp/out" 2>&1; then
	ok "the report with the history of a saved run validates"
else
	not_ok "the report with the history of a saved run validates"
fi

# 5. Every mutation of the valid report is rejected.
if "$PY" "$tmp/check.py" "$SCHEMA" "$tmp/report.json" list >"$tmp/mutations" 2>&1; then
	while read -r m; do
		"$PY" "$tmp/check.py" "$SCHEMA" "$tmp/report.json" "$m" >"$tmp/out" 2>&1
		rc=$?
		if [ "$rc" -eq 1 ]; then
			ok "rejects a report with mutation '$m'"
		elif [ "$rc" -eq 0 ]; then
			echo "    the mutated report was accepted" >"$tmp/out"
			not_ok "rejects a report with mutation '$m'"
		else
			not_ok "rejects a report with mutation '$m' (validator exit $rc)"
		fi
	done <"$tmp/mutations"
else
	cp "$tmp/mutations" "$tmp/out"
	not_ok "list the mutations"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
