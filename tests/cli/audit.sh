#!/bin/sh
# audit.sh - `ccaudit audit`: the JSON report against a golden file, byte
# for byte and reproducible; the summary; colour only on a TTY and never
# with NO_COLOR; the gate (--fail-on, --fail-below-level); answers files
# that must be refused with exit 3 and FILE:LINE; what attestations,
# expiry and waivers do to a rule; PATH handling.
#
# The golden file tests/golden/audit-basic.json is the JSON report of
# tests/fixtures/answers/audit-basic.yaml on 2026-01-01
# (SOURCE_DATE_EPOCH=1767225600) with the data directory and the fixtures
# directory replaced by @DATADIR@ and @FIXTURES@.  It shows the shipped
# catalog's text, so a change to catalogs/ccaudit.xml changes it: review
# the difference, then regenerate with
#   CCA_UPDATE_GOLDEN=1 sh tests/cli/audit.sh
#
# Attestation notes are people's text for the auditor and are shown as
# written, even when they look like a secret (password=hunter2): secret
# masking (DESIGN.md section 4) is for evidence collected from files.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1767225600   # 2026-01-01T00:00:00Z
ans=$CCA_FIXTURES/answers
golden=$top_srcdir/tests/golden/audit-basic.json

if have python3 && python3 -c 'import json' >/dev/null 2>&1; then
	python=python3
else
	python=
fi

# rule_field FILE RULE FIELD: a scalar field of RULE in an audit JSON report
# (the first line "FIELD": after the rule's "id"), without quotes.
rule_field() {
	awk -v id="\"id\": \"$2\"," -v key="\"$3\": " '
		index($0, id) { found = 1; next }
		found && index($0, key) {
			sub(/^[^:]*: /, ""); sub(/,$/, ""); gsub(/"/, ""); print; exit
		}
	' "$1"
}
rule_status() {
	rule_field "$1" "$2" status
}

# expect_json_parses WHAT: the last stdout is JSON.
expect_json_parses() {
	if [ -z "$python" ]; then
		skip "$1" "no python3"
	elif python3 -c 'import json,sys; json.load(sys.stdin)' <"$out" >/dev/null 2>&1; then
		pass "$1"
	else
		fail "$1" "valid JSON" "$(python3 -c 'import json,sys; json.load(sys.stdin)' <"$out" 2>&1 | tail -n 1)"
	fi
}

esc=$(printf '\033')
# expect_no_escapes FILE WHAT / expect_escapes FILE WHAT
expect_no_escapes() {
	if grep -q "$esc" "$1"; then
		fail "$2" "no ESC byte" "$(grep -n "$esc" "$1" | head -n 3 | od -c | head -n 5)"
	else
		pass "$2"
	fi
}
expect_escapes() {
	if grep -q "$esc\[" "$1"; then
		pass "$2"
	else
		fail "$2" "ANSI escapes (ESC [)" "$(head -n 3 "$1")"
	fi
}

# ---- the golden report ---------------------------------------------------------

run ccaudit version
datadir=$(sed -n 's/^data directory: //p' "$out")
if [ -n "$datadir" ]; then
	pass "the data directory in use is known ($(shorten "$datadir"))"
else
	fail "'ccaudit version' names the data directory" "data directory: DIR" "$(cat "$out")"
fi

# normalize: the report with machine-specific paths replaced (the fixtures
# directory first: it may lie inside the data directory).
normalize() {
	replace_all "$CCA_FIXTURES" @FIXTURES@ | replace_all "$datadir" @DATADIR@
}

# The golden report is that of a run not saved in the history (a saved
# run adds its run id, the lifecycle of each finding and the trend).
expect_exit 0 ccaudit audit -a "$ans/audit-basic.yaml" -f json --no-store
expect_stderr_empty
expect_json_parses "the audit report is JSON"
cp "$out" "$tmp/basic-1.json"
normalize <"$tmp/basic-1.json" >"$tmp/basic.json"
if [ "${CCA_UPDATE_GOLDEN:-}" = 1 ]; then
	cp "$tmp/basic.json" "$golden"
	echo "# updated $(shorten "$golden")"
fi
if [ -f "$golden" ]; then
	expect_same_file "$golden" "$tmp/basic.json" "the JSON report equals tests/golden/audit-basic.json"
else
	fail "the golden file exists" "$golden" "no such file"
fi
expect_exit 0 ccaudit audit -a "$ans/audit-basic.yaml" -f json --no-store
expect_same_file "$tmp/basic-1.json" "$out" "a second run prints the same bytes"
expect_exit 0 ccaudit audit -a "$ans/audit-basic.yaml" -f json -o "$tmp/basic-o.json" --no-store
expect_same_file "$tmp/basic-1.json" "$tmp/basic-o.json" "-o FILE holds the same report"
expect_stdout_contains 'CSVS level achieved'
expect_stdout_contains "$tmp/basic-o.json"
expect_exit 4 ccaudit audit -a "$ans/audit-basic.yaml" -f json -o "$tmp/no/such/dir/r.json"
expect_stdout_empty
expect_stderr_contains "$tmp/no/such/dir/r.json"
expect_true "the report says when it was made: SOURCE_DATE_EPOCH" \
	grep -q '"generated": "2026-01-01T00:00:00Z"' "$tmp/basic-1.json"
expect_true "the target comes from the answers file" \
	grep -q '"target": "payments-api"' "$tmp/basic-1.json"

# What the golden file must show, rule by rule.
b=$tmp/basic-1.json
expect_eq pass "$(rule_status "$b" manual.csvs-1.1)" "attested pass: manual.csvs-1.1 passes"
expect_eq "J. Doe (Security)" "$(rule_field "$b" manual.csvs-1.1 by)" "the attestation says who"
expect_eq 2025-11-20 "$(rule_field "$b" manual.csvs-1.1 date)" "the attestation says when"
expect_eq 2026-11-20 "$(rule_field "$b" manual.csvs-1.1 expires)" "the attestation says until when"
expect_eq notapplicable "$(rule_status "$b" manual.csvs-1.3)" "attested notapplicable"
expect_eq fail "$(rule_status "$b" manual.csvs-2.1)" "attested fail without a waiver stays fail"
expect_eq pass "$(rule_status "$b" manual.csvs-2.7)" "a waived failure passes"
expect_eq fail "$(rule_field "$b" manual.csvs-2.7 observed)" "... and keeps its old result fail"
expect_eq true "$(rule_field "$b" manual.csvs-2.7 waived)" "... and says it is waived"
expect_eq notchecked "$(rule_status "$b" manual.csvs-1.2)" "an unanswered manual rule is notchecked"
expect_eq "awaiting attestation" "$(rule_field "$b" manual.csvs-1.2 message)" \
	"... awaiting attestation"

# The summary (text, the default format).
expect_exit 0 ccaudit audit -a "$ans/audit-basic.yaml"
expect_stdout_contains 'CSVS level achieved: 0'
expect_stdout_contains 'payments-api'
expect_stdout_contains 'manual.csvs-2.1'
expect_stdout_contains '1 waived'
cp "$out" "$tmp/basic-1.txt"
expect_exit 0 ccaudit audit -a "$ans/audit-basic.yaml"
expect_same_file "$tmp/basic-1.txt" "$out" "the summary is reproducible too"

# The level counts agree with the controls of each level (a requirement
# that was not selected counts as unverified).
if [ -n "$python" ]; then
	for a in "$ans/audit-basic.yaml" "$ans/attested-pass.yaml"; do
		run ccaudit audit -a "$a" -f json
		expect_true "level counts match the CSVS controls ($(basename "$a"))" "$python" -c '
import collections, json, sys
d = json.load(open(sys.argv[1]))
for lv in d["summary"]["levels"]:
    got = collections.Counter(c["status"] for c in d["controls"]
                              if c["framework"] == "csvs" and lv["level"] in c["levels"])
    got["unverified"] += got.pop("notselected", 0)
    want = {k: v for k, v in lv["requirements"].items() if v}
    assert dict(got) == want, (lv["level"], dict(got), want)
    den = sum(got.values()) - got["notapplicable"]
    score = (got["pass"] + got["waived"]) / den if den else None
    assert score is None or abs(score - lv["score"]) < 0.0001, (lv["level"], score, lv["score"])' "$out"
	done
fi

# ---- colour --------------------------------------------------------------------

expect_exit 0 ccaudit audit -a "$ans/audit-basic.yaml"
expect_no_escapes "$out" "no colour when stdout is not a terminal"
expect_exit 0 NO_COLOR=1 ccaudit audit -a "$ans/audit-basic.yaml"
expect_no_escapes "$out" "no colour with NO_COLOR"
expect_exit 0 ccaudit audit -a "$ans/audit-basic.yaml" --color never
expect_no_escapes "$out" "no colour with --color never"
expect_exit 0 ccaudit audit -a "$ans/audit-basic.yaml" --color always
expect_escapes "$out" "colour with --color always"
expect_exit 0 NO_COLOR=1 ccaudit audit -a "$ans/audit-basic.yaml" --color always
expect_no_escapes "$out" "never colour with NO_COLOR, even with --color always (DESIGN.md 5)"
expect_exit 0 NO_COLOR= ccaudit audit -a "$ans/audit-basic.yaml" --color always
expect_escapes "$out" "an empty NO_COLOR does not disable colour"
expect_exit 0 ccaudit audit -a "$ans/audit-basic.yaml" -f json --color always
expect_no_escapes "$out" "never colour in JSON"
expect_exit 0 ccaudit audit -a "$ans/audit-basic.yaml" -f json -o "$tmp/c.json" --color always
expect_no_escapes "$tmp/c.json" "never colour in a report file"

# On a terminal (script(1) from util-linux gives the command a pty).
if have script && script --version 2>/dev/null | grep -q util-linux &&
   script -qec 'test -t 1' /dev/null >/dev/null 2>&1; then
	cmd="'$CCAUDIT' audit -a '$ans/audit-basic.yaml'"
	run script -qec "$cmd" /dev/null
	expect_escapes "$out" "colour on a terminal"
	run NO_COLOR=1 script -qec "$cmd" /dev/null
	expect_no_escapes "$out" "no colour on a terminal with NO_COLOR"
	run script -qec "$cmd --color never" /dev/null
	expect_no_escapes "$out" "no colour on a terminal with --color never"
	run script -qec "$cmd -f json" /dev/null
	expect_no_escapes "$out" "no colour in JSON on a terminal"
else
	skip "colour on a terminal" "no util-linux script(1) or no pty"
	skip "no colour on a terminal with NO_COLOR" "no util-linux script(1) or no pty"
fi

# ---- the gate ------------------------------------------------------------------

# No answers: level 0, nothing fails.
expect_exit 0 ccaudit audit
expect_stdout_contains 'CSVS level achieved: 0'
expect_exit 1 ccaudit audit --fail-below-level 1
expect_stdout_contains 'CSVS level achieved: 0'
expect_stderr_contains 'gate'
expect_exit 1 ccaudit audit --fail-below-level 1 -f json
expect_json_parses "a failed gate still prints the whole JSON report"
expect_exit 0 ccaudit audit --fail-on info

# A high-severity manual rule attested fail, no critical failure.
expect_exit 0 ccaudit audit -a "$ans/high-fail.yaml"
expect_exit 1 ccaudit audit -a "$ans/high-fail.yaml" --fail-on high
expect_stderr_contains 'gate'
expect_exit 1 ccaudit audit -a "$ans/high-fail.yaml" --fail-on medium
expect_exit 1 ccaudit audit -a "$ans/high-fail.yaml" --fail-on info
expect_exit 0 ccaudit audit -a "$ans/high-fail.yaml" --fail-on critical
expect_stderr_not_contains 'gate'
expect_exit 1 ccaudit audit -a "$ans/high-fail.yaml" --fail-on critical --fail-below-level 1
# The same failure waived does not trip the gate.
expect_exit 0 ccaudit audit -a "$ans/waiver-turns-fail-into-pass.yaml" --fail-on info
# audit-basic: a low failure (manual.csvs-2.1) and a waived high one.
expect_exit 1 ccaudit audit -a "$ans/audit-basic.yaml" --fail-on low
expect_exit 0 ccaudit audit -a "$ans/audit-basic.yaml" --fail-on medium

# Level 1 reached: every rule of the level-1 template answered pass, and a
# Dockerfile, a registry configuration, a compose file, a daemon.json and a
# CI file that pass the automated rules of level-1 requirements.
run ccaudit checklist --level 1 -f yaml
sed -e 's/^    status:$/    status: pass/' -e 's/^    by:$/    by: J. Doe (Security)/' \
    -e 's/^    date:$/    date: 2025-12-01/' "$out" >"$tmp/level1-all-pass.yaml"
clean="$CCA_FIXTURES/dockerfile-checks/clean-image-passes.Dockerfile --registry-config $CCA_FIXTURES/registry-checks/hardened/config.yml --compose $CCA_FIXTURES/compose-checks/hardened-passes.yaml --daemon-config $CCA_FIXTURES/daemon-checks/hardened.json --ci-file $CCA_FIXTURES/ci-checks/.gitlab-ci.yml"
expect_exit 0 ccaudit audit -a "$tmp/level1-all-pass.yaml" --dockerfile $clean --fail-below-level 1
expect_stdout_contains 'CSVS level achieved: 1'
expect_exit 1 ccaudit audit -a "$tmp/level1-all-pass.yaml" --dockerfile $clean --fail-below-level 2
expect_exit 0 ccaudit audit -a "$tmp/level1-all-pass.yaml" --dockerfile $clean --level 1 \
	--fail-below-level 1
# Without the evidence the automated rules stay notchecked: level 0.
expect_exit 1 ccaudit audit -a "$tmp/level1-all-pass.yaml" --fail-below-level 1
expect_stdout_contains 'CSVS level achieved: 0'

# ---- answers files that must be refused: exit 3, FILE:LINE -------------------------

# expect_bad_answers FILE LINE [TEXT]: exit 3, nothing on stdout, the
# message starts with "ccaudit: FILE:LINE:" (LINE a basic regular
# expression) and contains TEXT.
expect_bad_answers() {
	expect_exit 3 ccaudit audit -a "$1"
	expect_stdout_empty
	fesc=$(printf '%s\n' "$1" | sed 's/[][\.*^$]/\\&/g')
	if grep -q "^ccaudit: $fesc:$2:" "$err"; then
		pass "the message names $(shorten "$1"):$2"
	else
		no_stderr_dump=yes
		fail "the message names $(shorten "$1"):$2" "ccaudit: $(shorten "$1"):$2: ..." \
		     "$(head -n 3 "$err")"
	fi
	if [ $# -ge 3 ]; then
		expect_stderr_contains "$3"
	fi
}

expect_bad_answers "$ans/unknown-rule-id.yaml" 6 "'manual.no-such-rule'"
expect_bad_answers "$ans/bad-status.yaml" 5 "'passed'"
expect_bad_answers "$ans/date-not-in-calendar.yaml" 7 '2026-02-30'
expect_bad_answers "$ans/expires-before-date.yaml" 8 'expires'
expect_bad_answers "$ans/duplicate-answer.yaml" 9 'line 4'
expect_bad_answers "$ans/missing-by.yaml" 4 "'by'"
expect_bad_answers "$ans/unknown-key-typo.yaml" 8 "did you mean 'expires'"
expect_stderr_contains "'expiers'"
expect_bad_answers "$ans/truncated.yaml" 6
expect_bad_answers "$ans/wrong-version.yaml" 2 'version'
expect_bad_answers "$ans/waiver-without-expires.yaml" 4 "'expires'"

# Aliases expanding to 10^9 values: refused quickly (the line where the
# expansion passes the cap depends on the cap, so any line will do).
if have timeout; then
	expect_exit 3 timeout 10 "$CCAUDIT" audit -a "$ans/billion-laughs.yaml"
else
	expect_exit 3 ccaudit audit -a "$ans/billion-laughs.yaml"
fi
expect_stdout_empty
expect_stderr_contains "$ans/billion-laughs.yaml:"

# Not YAML: binary garbage (an ELF header: control characters and NULs).
printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\003\000>\000\001\000\000\000' >"$tmp/binary.yaml"
expect_bad_answers "$tmp/binary.yaml" 1
# Invalid UTF-8 in the 'by' of line 5.
printf 'ccaudit-answers: 1\nanswers:\n  - id: manual.csvs-1.1\n    status: pass\n    by: J. D\377\376e\n    date: 2025-11-20\n' >"$tmp/invalid-utf8.yaml"
expect_bad_answers "$tmp/invalid-utf8.yaml" 5 'UTF-8'
# Valid YAML that is not an answers file.
printf '%s\n' '- just' '- a list' >"$tmp/a-list.yaml"
expect_bad_answers "$tmp/a-list.yaml" 1
: >"$tmp/empty.yaml"
expect_bad_answers "$tmp/empty.yaml" 1
printf 'target: x\nanswers: []\n' >"$tmp/no-version.yaml"
expect_bad_answers "$tmp/no-version.yaml" 1 'ccaudit-answers'

# Bounded: nesting 200 levels deep, and a 20 MB file, are refused cleanly.
{
	printf 'ccaudit-answers: 1\nanswers: '
	i=0
	while [ $i -lt 200 ]; do printf '['; i=$((i + 1)); done
	i=0
	while [ $i -lt 200 ]; do printf ']'; i=$((i + 1)); done
	echo
} >"$tmp/deep.yaml"
expect_bad_answers "$tmp/deep.yaml" 2
{
	printf 'ccaudit-answers: 1\nanswers: []\n# '
	head -c 20971520 /dev/zero | tr '\0' 'x'
	echo
} >"$tmp/huge.yaml"
expect_exit 3 ccaudit audit -a "$tmp/huge.yaml"
expect_stdout_empty
expect_stderr_contains "$tmp/huge.yaml"
expect_eq 1 "$(wc -l <"$err" | tr -d ' ')" "one line of error for the 20 MB answers file"
rm -f "$tmp/huge.yaml"

# An answers file that does not exist: the run depends on it.
expect_exit 3 ccaudit audit -a "$tmp/no-such-answers.yaml"
expect_stdout_empty
expect_stderr_contains "$tmp/no-such-answers.yaml"
# One bad file among good ones fails the whole run.
expect_exit 3 ccaudit audit -a "$ans/attested-pass.yaml" -a "$ans/bad-status.yaml"
expect_stdout_empty

# ---- what answers do to a rule ----------------------------------------------------

expect_exit 0 ccaudit audit -a "$ans/attested-pass.yaml" -f json
cp "$out" "$tmp/pass.json"
expect_eq pass "$(rule_status "$tmp/pass.json" manual.csvs-1.1)" "an attested pass on a manual rule passes"
expect_eq "$ans/attested-pass.yaml:4" "$(rule_field "$tmp/pass.json" manual.csvs-1.1 source)" \
	"the attestation names its FILE:LINE"

expect_exit 0 ccaudit audit -a "$ans/expired-attestation.yaml" -f json
cp "$out" "$tmp/expired.json"
expect_eq notchecked "$(rule_status "$tmp/expired.json" manual.csvs-1.1)" \
	"an expired attestation counts as missing: notchecked"
case $(rule_field "$tmp/expired.json" manual.csvs-1.1 message) in
*expired*) pass "the message of the expired attestation says it expired" ;;
*) fail "the message of the expired attestation says it expired" "a message with 'expired'" \
	"$(rule_field "$tmp/expired.json" manual.csvs-1.1 message)" ;;
esac
expect_eq true "$(rule_field "$tmp/expired.json" manual.csvs-1.1 expired)" "the attestation is marked expired"
# The day before it expired, the same attestation was good.
expect_exit 0 SOURCE_DATE_EPOCH=1751241600 ccaudit audit -a "$ans/expired-attestation.yaml" -f json
expect_eq pass "$(rule_status "$out" manual.csvs-1.1)" "the attestation is good on its expiry day (2025-06-30)"

expect_exit 0 ccaudit audit -a "$ans/waiver-turns-fail-into-pass.yaml" -f json
cp "$out" "$tmp/waived.json"
expect_eq pass "$(rule_status "$tmp/waived.json" manual.csvs-2.7)" "a waiver turns the failure into pass"
expect_eq true "$(rule_field "$tmp/waived.json" manual.csvs-2.7 waived)" "... with waived true"
expect_eq fail "$(rule_field "$tmp/waived.json" manual.csvs-2.7 observed)" "... and the old result fail"
expect_eq "K. Lee (Security)" "$(awk '/"waiver": \{/ { w = 1 } w && /"by": / { sub(/.*: "/, ""); sub(/",?$/, ""); print; exit }' "$tmp/waived.json")" \
	"... and who accepted it"
# After the waiver expired, the failure is back.
expect_exit 1 SOURCE_DATE_EPOCH=1772409600 ccaudit audit -a "$ans/waiver-turns-fail-into-pass.yaml" --fail-on high
expect_exit 0 SOURCE_DATE_EPOCH=1772409600 ccaudit audit -a "$ans/waiver-turns-fail-into-pass.yaml" -f json
expect_eq fail "$(rule_status "$out" manual.csvs-2.7)" "an expired waiver no longer hides the failure (2026-03-02)"

# A note that looks like a secret is a person's text: shown as written.
expect_exit 0 ccaudit audit -a "$ans/note-with-password.yaml" -f json
expect_stdout_contains 'the training wiki login is password=hunter2'
expect_eq pass "$(rule_status "$out" manual.csvs-1.1)" "a note that looks like a secret is no error"

# ---- PATH arguments -----------------------------------------------------------------

expect_exit 2 ccaudit audit "$tmp/no-such-dir"
expect_stdout_empty
expect_stderr_contains "$tmp/no-such-dir"

expect_exit 0 ccaudit audit "$ans/dir-with-answers" -f json
cp "$out" "$tmp/dir.json"
expect_eq pass "$(rule_status "$tmp/dir.json" manual.csvs-1.3)" "a directory PATH contributes its ccaudit-answers.yaml"
expect_true "the answers file of the directory is listed as evidence" \
	grep -q "\"path\": \"$ans/dir-with-answers/ccaudit-answers.yaml\"" "$tmp/dir.json"
expect_true "the target comes from that answers file" \
	grep -q '"target": "dir-target"' "$tmp/dir.json"

mkdir "$tmp/payments-api"
expect_exit 0 ccaudit audit "$tmp/payments-api" -f json
expect_true "without answers the target is the directory's name" \
	grep -q '"target": "payments-api"' "$out"
expect_exit 0 ccaudit audit "$tmp/payments-api" --target other -f json
expect_true "--target names the target" grep -q '"target": "other"' "$out"

# ---- a large report written as it is rendered ------------------------------------

# Enough findings for the JSON renderer to hand the file several pieces:
# the file is the report written to standard output, byte for byte; a
# device that refuses the bytes fails the run with the device named, and
# a file that cannot be written leaves nothing behind.
mkdir "$tmp/big"
i=0
while [ "$i" -lt 120 ]; do
	printf 'FROM ubuntu:latest\nADD a /a\nADD b /b\nEXPOSE 22 2375\nUSER root\n' \
		> "$tmp/big/$i.Dockerfile"
	i=$((i + 1))
done
export SOURCE_DATE_EPOCH=1780000000
expect_exit 0 ccaudit audit "$tmp/big" --no-store -f json -o "$tmp/big.json"
expect_exit 0 ccaudit audit "$tmp/big" --no-store -f json -o -
cp "$out" "$tmp/big-stdout.json"
expect_true "the report is larger than one piece" [ "$(wc -c < "$tmp/big.json")" -gt 200000 ]
expect_true "a report written to a file is the one written to standard output" \
	cmp "$tmp/big.json" "$tmp/big-stdout.json"
if [ -w /dev/full ]; then
	expect_exit 4 ccaudit audit "$tmp/big" --no-store -f json -o /dev/full
	expect_stderr_contains "cannot write '/dev/full'"
fi
# A file limit of 100 KB (SIGXFSZ ignored: the write fails with EFBIG)
# stops the report after its first pieces: the run fails and neither the
# report nor its temporary file is left.
mkdir "$tmp/limited"
expect_exit 4 sh -c 'trap "" XFSZ; ulimit -f 200; exec "$@"' sh "$CCAUDIT" audit "$tmp/big" \
	--no-store -f json -o "$tmp/limited/report.json"
expect_stderr_contains "cannot write '$tmp/limited/report.json'"
expect_true "a report that could not be written leaves nothing behind" \
	[ -z "$(ls -A "$tmp/limited")" ]
unset SOURCE_DATE_EPOCH

# ---- libraries loaded only when needed --------------------------------------------

# Broken copies of libxml2, libxslt, libharu, SQLite and libyaml first on
# the library path: a JSON report of a Dockerfile without the store never
# loads them; an XML, HTML or PDF report, the store, or a YAML input
# stops with exit 4 and names the package to install.
mkdir "$tmp/nolib"
for so in libxml2.so.2 libxslt.so.1 libhpdf-2.3.0.so libsqlite3.so.0 libyaml-0.so.2; do
	echo 'not a library' > "$tmp/nolib/$so"
done
printf 'FROM debian:12\nUSER app\n' > "$tmp/nolib/Dockerfile"
expect_exit 0 LD_LIBRARY_PATH="$tmp/nolib" ccaudit audit --dockerfile "$tmp/nolib/Dockerfile" \
	--no-store -f json,sarif,csv,md -o "$tmp/nolib/out"
expect_true "the JSON report is written without libxml2" [ -s "$tmp/nolib/out/report.json" ]
for f in xml html; do
	expect_exit 4 LD_LIBRARY_PATH="$tmp/nolib" ccaudit audit --dockerfile "$tmp/nolib/Dockerfile" \
		--no-store -f "$f" -o "$tmp/nolib/r.$f"
	expect_stderr_contains "install the Debian package 'libxml2'"
done
expect_exit 4 LD_LIBRARY_PATH="$tmp/nolib" ccaudit audit --dockerfile "$tmp/nolib/Dockerfile" \
	--no-store -f pdf -o "$tmp/nolib/r.pdf"
expect_stderr_contains "install the Debian package 'libhpdf-2.3.0'"
expect_exit 4 LD_LIBRARY_PATH="$tmp/nolib" ccaudit audit --dockerfile "$tmp/nolib/Dockerfile" \
	--db "$tmp/nolib/history.db" -f json -o "$tmp/nolib/stored.json"
expect_stderr_contains "install the Debian package 'libsqlite3-0'"
printf 'services:\n  web:\n    image: nginx\n' > "$tmp/nolib/compose.yaml"
expect_exit 4 LD_LIBRARY_PATH="$tmp/nolib" ccaudit audit --compose "$tmp/nolib/compose.yaml" \
	--no-store -f json -o "$tmp/nolib/compose.json"
expect_stderr_contains "install the Debian package 'libyaml-0-2'"

finish
