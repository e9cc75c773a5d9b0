#!/bin/sh
# checklist.sh - `ccaudit checklist`: the level-1 CSV has one row per
# (control, rule) and only level-1 CSVS requirements; every format works;
# JSON parses; the YAML answers template goes straight back into
# `ccaudit audit --attestations`, unmodified (all notchecked) and with
# three answers filled in (those three pass); -o FILE; usage errors.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1767225600   # 2026-01-01, so dates below are valid

if have python3 && python3 -c 'import json, csv' >/dev/null 2>&1; then
	python=python3
else
	python=
fi

# ---- CSV, level 1 ------------------------------------------------------------

expect_exit 0 ccaudit checklist --level 1 -f csv
expect_stderr_empty
cp "$out" "$tmp/l1.csv"
expect_eq 'framework,group,control,title,levels,roles,rule,kind,severity' \
	"$(sed -n 1p "$tmp/l1.csv" | tr -d '\r')" "the CSV starts with its header"

# The CSVS requirements of level 1, as the catalog lists them.
expect_exit 0 ccaudit catalog list --framework csvs --level 1
cut -d' ' -f1 "$out" | sort >"$tmp/l1.controls"
expect_exit 0 ccaudit catalog list --framework csvs
cut -d' ' -f1 "$out" | sort >"$tmp/all.controls"
comm -13 "$tmp/l1.controls" "$tmp/all.controls" >"$tmp/not-l1.controls"

# Titles may hold quoted commas, so only the first three columns are cut
# (framework, group and control never hold commas).
grep '^csvs,' "$tmp/l1.csv" | cut -d, -f3 | sort -u >"$tmp/csv.controls"
expect_same_file "$tmp/l1.controls" "$tmp/csv.controls" \
	"the level-1 CSV covers exactly the 42 level-1 CSVS requirements"
for c in $(cat "$tmp/not-l1.controls"); do
	if grep -q "^csvs,[^,]*,$c," "$tmp/l1.csv"; then
		fail "the level-1 CSV has no CSVS requirement above level 1" "no row for $c" \
		     "$(grep "^csvs,[^,]*,$c," "$tmp/l1.csv" | head -n 2)"
		found_above=yes
	fi
done
[ "${found_above:-}" = yes ] ||
	pass "the level-1 CSV has no CSVS requirement above level 1 ($(wc -l <"$tmp/not-l1.controls" | tr -d ' ') left out)"
expect_true "no framework other than csvs, nist-800-190 and usecases" \
	sh -c '! sed 1d "$1" | grep -v -e "^csvs," -e "^nist-800-190," -e "^usecases,"' sh "$tmp/l1.csv"

if [ -n "$python" ]; then
	expect_true "every row has 9 fields, a rule, and CSVS rows say L1" "$python" -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
bad = [r for r in rows[1:] if len(r) != 9 or not r[6] or
       (r[0] == "csvs" and "L1" not in r[4].split())]
sys.exit("bad rows: %r" % bad[:3] if bad else 0)' "$tmp/l1.csv"
	expect_true "one row per (control, rule): no pair twice" "$python" -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))[1:]
pairs = [(r[2], r[6]) for r in rows]
dup = sorted(p for p in set(pairs) if pairs.count(p) > 1)
sys.exit("duplicate pairs: %r" % dup[:3] if dup else 0)' "$tmp/l1.csv"
else
	skip "every row has 9 fields, a rule, and CSVS rows say L1" "no python3"
	skip "one row per (control, rule): no pair twice" "no python3"
fi

# ---- every format ---------------------------------------------------------------

for f in text md csv json yaml; do
	expect_exit 0 ccaudit checklist --level 1 -f "$f"
	expect_stderr_empty
	if [ -s "$out" ]; then
		pass "the $f checklist is not empty"
	else
		fail "the $f checklist is not empty" "some output" "nothing"
	fi
	cp "$out" "$tmp/l1.$f"
	expect_exit 0 ccaudit checklist --level 1 --format "$f" --role security
done
expect_exit 0 ccaudit checklist --level 1
expect_same_file "$tmp/l1.text" "$out" "text is the default format"
expect_exit 0 ccaudit checklist -l 3 -f md
expect_exit 0 ccaudit checklist --level 2 -f json

if [ -n "$python" ]; then
	for l in 1 2 3; do
		run ccaudit checklist --level "$l" -f json
		expect_true "the level-$l JSON checklist parses" \
			python3 -c 'import json,sys; json.load(sys.stdin)' <"$out"
	done
	# The JSON and the CSV list the same (control, rule) pairs.
	"$python" -c '
import json, sys
d = json.load(open(sys.argv[1]))
for fw in d["frameworks"]:
    for g in fw["groups"]:
        for c in g["controls"]:
            for r in c["rules"]:
                print(c["id"] + "," + r["id"])' "$tmp/l1.json" | sort >"$tmp/json.pairs"
	"$python" -c '
import csv, sys
for r in list(csv.reader(open(sys.argv[1], newline="")))[1:]:
    print(r[2] + "," + r[6])' "$tmp/l1.csv" | sort >"$tmp/csv.pairs"
	expect_same_file "$tmp/json.pairs" "$tmp/csv.pairs" "JSON and CSV list the same (control, rule) pairs"
else
	skip "the JSON checklist parses" "no python3"
	skip "JSON and CSV list the same (control, rule) pairs" "no python3"
fi

# The template asks once for every attestation rule of the level; the CSV
# has the same ones (and the automated rules, which nobody attests).
sed -n 's/^  - id: //p' "$tmp/l1.yaml" | sort >"$tmp/yaml.rules"
if [ -n "$python" ]; then
	"$python" -c '
import csv, sys
for r in list(csv.reader(open(sys.argv[1], newline="")))[1:]:
    if r[7] == "attestation":
        print(r[6])' "$tmp/l1.csv" | sort -u >"$tmp/csv.rules"
	expect_same_file "$tmp/csv.rules" "$tmp/yaml.rules" "the YAML template and the CSV have the same attestation rules"
fi
expect_eq "" "$(uniq -d "$tmp/yaml.rules")" "the YAML template asks for each rule once"

# --role narrows the CSV to a subset.
run ccaudit checklist --level 1 -f csv --role security
rows_all=$(($(wc -l <"$tmp/l1.csv") - 1))
rows_sec=$(($(wc -l <"$out") - 1))
if [ "$rows_sec" -gt 0 ] && [ "$rows_sec" -lt "$rows_all" ]; then
	pass "--role security narrows the checklist ($rows_sec of $rows_all rows)"
else
	fail "--role security narrows the checklist" "between 1 and $((rows_all - 1)) rows" "$rows_sec"
fi
sed 1d "$out" | sort >"$tmp/sec.rows"
sed 1d "$tmp/l1.csv" | sort >"$tmp/all.rows"
expect_eq "" "$(comm -23 "$tmp/sec.rows" "$tmp/all.rows")" "the security rows are rows of the full checklist"

# ---- the YAML template goes back into audit ----------------------------------

cp "$tmp/l1.yaml" "$tmp/answers.yaml"
expect_exit 0 ccaudit audit --attestations "$tmp/answers.yaml"
expect_stdout_contains 'CSVS level achieved: 0'
expect_exit 0 ccaudit audit --attestations "$tmp/answers.yaml" -f json
cp "$out" "$tmp/unmodified.json"

# rule_status FILE RULE: the status of RULE in an audit JSON report.
rule_status() {
	awk -v id="\"id\": \"$2\"," '
		index($0, id) { found = 1; next }
		found && /"status": / { sub(/.*"status": "/, ""); sub(/".*/, ""); print; exit }
	' "$1"
}
# summary_count FILE STATUS: summary.rules.STATUS of an audit JSON report.
summary_count() {
	awk -v st="\"$2\": " '
		/"rules": \{/ { inrules = 1; next }
		inrules && index($0, st) { sub(/.*: /, ""); sub(/,$/, ""); print; exit }
	' "$1"
}

total=$(grep -c '<rule ' "$top_srcdir/catalogs/ccaudit.xml")
expect_eq "$total" "$(summary_count "$tmp/unmodified.json" notchecked)" \
	"the unmodified template leaves every rule notchecked"
expect_eq 0 "$(summary_count "$tmp/unmodified.json" pass)" "the unmodified template passes nothing"
expect_true "the unmodified template achieves level 0" \
	grep -q '"level_achieved": 0' "$tmp/unmodified.json"
if [ -n "$python" ]; then
	expect_true "the audit report of the template parses, all notchecked, level 0" "$python" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"]["level_achieved"] == 0
bad = [r["id"] for r in d["rules"] if r["status"] != "notchecked"]
assert not bad, bad[:3]
assert all(r["message"] == "awaiting attestation" for r in d["rules"] if r["kind"] == "manual")
assert all(r["message"].startswith("no ") and r["message"].endswith(" evidence was collected")
           for r in d["rules"] if r["kind"] == "automated")' "$tmp/unmodified.json"
fi

# Fill in the first three answers of the template with sed.
set -- $(sed -n 's/^  - id: //p' "$tmp/l1.yaml" | head -n 3)
r1=$1 r2=$2 r3=$3
cp "$tmp/l1.yaml" "$tmp/filled.yaml"
for r in "$r1" "$r2" "$r3"; do
	esc=$(printf '%s\n' "$r" | sed 's/[.]/\\./g')
	sed "/^  - id: $esc\$/,/^    evidence:/{
s/^    status:\$/    status: pass/
s/^    by:\$/    by: J. Doe (Security)/
s/^    date:\$/    date: 2025-12-01/
}" "$tmp/filled.yaml" >"$tmp/filled.tmp" && mv "$tmp/filled.tmp" "$tmp/filled.yaml"
done
expect_eq 3 "$(grep -c '^    status: pass$' "$tmp/filled.yaml")" "sed filled in three answers"
expect_exit 0 ccaudit audit -a "$tmp/filled.yaml" -f json
cp "$out" "$tmp/filled.json"
for r in "$r1" "$r2" "$r3"; do
	expect_eq pass "$(rule_status "$tmp/filled.json" "$r")" "the filled-in answer makes $r pass"
done
expect_eq 3 "$(summary_count "$tmp/filled.json" pass)" "exactly three rules pass"
expect_eq "$((total - 3))" "$(summary_count "$tmp/filled.json" notchecked)" "the others stay notchecked"
expect_exit 0 ccaudit audit -a "$tmp/filled.yaml"
expect_stdout_contains '3 pass'

# ---- usage errors --------------------------------------------------------------

expect_exit 2 ccaudit checklist
expect_stdout_empty
expect_stderr_contains '--level'
expect_exit 2 ccaudit checklist -f csv
expect_exit 2 ccaudit checklist --level 0
expect_exit 2 ccaudit checklist --level 4
expect_exit 2 ccaudit checklist --level one
expect_exit 2 ccaudit checklist --level 1 -f xml
expect_stderr_contains "'xml'"
expect_exit 2 ccaudit checklist --level 1 --role auditors

# ---- -o FILE ------------------------------------------------------------------------

for f in csv yaml json; do
	expect_exit 0 ccaudit checklist --level 1 -f "$f" -o "$tmp/out.$f"
	expect_stdout_empty
	expect_same_file "$tmp/l1.$f" "$tmp/out.$f" "-o writes the same $f as standard output gets"
done
expect_exit 0 ccaudit checklist --level 1 --output "$tmp/out.text"
expect_stdout_empty
expect_same_file "$tmp/l1.text" "$tmp/out.text" "--output writes the text checklist"
expect_exit 4 ccaudit checklist --level 1 -o "$tmp/no/such/dir/out.csv"
expect_stdout_empty
expect_stderr_contains "$tmp/no/such/dir/out.csv"

# ---- html: a printable form, every catalog text escaped ----------------------

hostile=$CCA_FIXTURES/catalog/user-hostile-text.xml
expect_exit 0 ccaudit --catalog "$hostile" checklist --level 1 -f html -o "$tmp/cl.html"
expect_true "the HTML checklist is well-formed HTML" xmllint --html --noout "$tmp/cl.html"
for raw in '<script>alert(' '<img src=x' '<a href="javascript:'; do
	if grep -qF "$raw" "$tmp/cl.html"; then
		fail "no raw markup from the catalog in the HTML checklist: $raw"
	else
		pass "no raw markup from the catalog in the HTML checklist: $raw"
	fi
done
expect_true "the hostile title is shown as text" grep -qF '&lt;script&gt;alert(3)&lt;/script&gt;' "$tmp/cl.html"
expect_true "the form has a box and an answer column per item" grep -qF 'pass / fail / n.a.' "$tmp/cl.html"
if grep -q '<script' "$tmp/cl.html"; then
	fail "the HTML checklist holds no script element"
else
	pass "the HTML checklist holds no script element"
fi
if have chromium; then
	profile=$(mktemp -d "$tmp/chromium.XXXXXX")
	chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run \
		--user-data-dir="$profile" --dump-dom "file://$tmp/cl.html" > "$tmp/dom.html" 2>/dev/null
	if grep -qiE '<(script|img)[ >]' "$tmp/dom.html"; then
		fail "no injected element in the DOM Chromium builds"
	else
		pass "no injected element in the DOM Chromium builds"
	fi
else
	skip "no injected element in the DOM Chromium builds" "chromium is not installed"
fi

# ---- pdf: the same form, printable ------------------------------------------------

if have qpdf && have pdftotext; then
	expect_exit 0 ccaudit --catalog "$hostile" checklist --level 2 --role operations -f pdf -o "$tmp/cl.pdf"
	expect_true "the PDF checklist passes qpdf --check" qpdf --check "$tmp/cl.pdf"
	pdftotext -enc UTF-8 "$tmp/cl.pdf" "$tmp/cl.txt" 2>/dev/null
	expect_true "the PDF checklist has its title" grep -q "CSVS level 2 checklist" "$tmp/cl.txt"
	expect_true "the PDF checklist lists an Operations requirement" grep -q "Live restore" "$tmp/cl.txt"
	expect_true "the PDF checklist has the answer column" grep -q "pass / fail / n.a." "$tmp/cl.txt"
	if grep -q "manual.csvs-1.1 " "$tmp/cl.txt"; then
		fail "the role filter keeps Security's items out of the PDF checklist"
	else
		pass "the role filter keeps Security's items out of the PDF checklist"
	fi
	expect_exit 0 ccaudit checklist --level 1 -f pdf -o "$tmp/cl2.pdf"
	expect_exit 0 ccaudit checklist --level 1 -f pdf -o "$tmp/cl3.pdf"
	expect_true "the PDF checklist is reproducible" cmp "$tmp/cl2.pdf" "$tmp/cl3.pdf"
else
	skip "the PDF checklist" "qpdf or pdftotext is not installed"
fi

finish
