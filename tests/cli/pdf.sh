#!/bin/sh
# pdf.sh - `ccaudit audit -f pdf`: the PDF report is a valid PDF (qpdf
# --check) whose text (pdftotext) holds the summary, the auditor's
# non-ASCII name, every failed rule id of the JSON report of the same run,
# waivers, the NIST and use-case tables, the evidence hashes and "n / N"
# page numbers; it embeds DejaVu Sans (pdffonts); its document info names
# the target and the auditor (pdfinfo); it has a bookmark per section
# (qpdf --json); two runs with the same SOURCE_DATE_EPOCH are byte-identical;
# a report of more than 2,000 findings keeps every word inside the page
# margins (pdftotext -bbox); characters above U+FFFF, invalid UTF-8 and a
# truncated UTF-8 sequence in the evidence do not swallow the text after
# them; a missing or broken font fails with exit 4 naming the font file.
#
# Everything is generated in the temporary directory.  Needs qpdf and
# pdftotext (poppler-utils); skipped (77) without them.
. "$(dirname "$0")/lib.sh"

if ! have qpdf || ! have pdftotext; then
	skip_all "qpdf or pdftotext (poppler-utils) is not installed"
fi
unset CCAUDIT_FONT_DIR

# 2026-12-01T00:00:00Z: the answers and waivers of examples/payments-api are
# all in force on that day, whatever the clock says.
export SOURCE_DATE_EPOCH=1796083200
auditor='Zoë Ångström'
examples=$top_srcdir/examples
# The page margins of the renderer (pdf-layout.h): 50 pt left and right,
# 40 pt top and bottom, on A4.
margin_x=50
margin_y=40

# failed_rules JSON: the ids of the rules whose status is "fail".
failed_rules() {
	awk '
		/^  "rules": \[/ { inrules = 1; next }
		inrules && /^      "id": / { id = $2; gsub(/[",]/, "", id) }
		inrules && /^      "status": "fail",/ { print id }
	' "$1"
}

# pdf_text PDF TXT: the text of PDF, UTF-8.
pdf_text() {
	pdftotext -enc UTF-8 "$1" "$2" 2>/dev/null
}

# expect_text_contains TXT STRING WHAT
expect_text_contains() {
	if grep -F -e "$2" "$1" >/dev/null 2>&1; then
		pass "$3"
	else
		fail "$3" "text containing '$2'" "$(head -n 5 "$1")"
	fi
}

# pages PDF: the page count pdfinfo reports.
pages() {
	pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'
}

# outside_margins PDF: every word of the PDF outside the margins, one per
# line ("page N: <word ...>"), then a last line "WORDS words".
outside_margins() {
	pdftotext -bbox "$1" - 2>/dev/null | awk -v mx="$margin_x" -v my="$margin_y" '
		function attr(name,   s) {
			if (!match($0, name "=\"[-0-9.]+\""))
				return -1
			s = substr($0, RSTART + length(name) + 2, RLENGTH - length(name) - 3)
			return s + 0
		}
		/<page / { w = attr("width"); h = attr("height"); page++ }
		/<word / {
			n++
			x0 = attr("xMin"); y0 = attr("yMin"); x1 = attr("xMax"); y1 = attr("yMax")
			if (x0 < mx - 0.5 || x1 > w - mx + 0.5 || y0 < my - 0.5 || y1 > h - my + 0.5)
				print "page " page ": " $0
		}
		END { print n + 0 " words" }
	'
}

# ---- the two examples ------------------------------------------------------

for name in legacy-shop payments-api; do
	pdf=$tmp/$name.pdf
	txt=$tmp/$name.txt
	json=$tmp/$name.json
	expect_exit 0 ccaudit audit "$examples/$name" -f pdf -o "$pdf" --auditor "$auditor"
	expect_true "$name: qpdf --check passes" qpdf --check "$pdf"
	pdf_text "$pdf" "$txt"
	expect_text_contains "$txt" "CSVS level achieved" "$name: the text has the CSVS level achieved"
	expect_text_contains "$txt" "Executive summary" "$name: the text has the executive summary"
	expect_text_contains "$txt" "$auditor" "$name: the text has the auditor's name (non-ASCII)"
	expect_text_contains "$txt" "Appendix C Evidence inventory" \
		"$name: the text has the evidence appendix"

	# every failed rule of the JSON report of the same run
	run ccaudit audit "$examples/$name" -f json -o "$json" --auditor "$auditor"
	failed=$(failed_rules "$json")
	if [ -z "$failed" ]; then
		fail "$name: the JSON report has failed rules to look for" "rule ids" "none"
	fi
	missing=
	for id in $failed; do
		grep -F -e "$id" "$txt" >/dev/null 2>&1 || missing="$missing $id"
	done
	expect_eq "" "$missing" "$name: the text has every failed rule id ($(echo $failed | wc -w))"

	# every evidence hash of the JSON report
	missing=
	for h in $(sed -n 's/^ *"sha256": "\([0-9a-f]*\)".*/\1/p' "$json"); do
		grep -F -e "$h" "$txt" >/dev/null 2>&1 || missing="$missing $h"
	done
	expect_eq "" "$missing" "$name: the text has every evidence SHA-256"

	# page numbers "n / N"
	n=$(pages "$pdf")
	expect_text_contains "$txt" "2 / $n" "$name: page 2 is numbered '2 / $n'"
	expect_text_contains "$txt" "$n / $n" "$name: the last page is numbered '$n / $n'"

	# the font is embedded
	fonts=$(pdffonts "$pdf" 2>/dev/null | awk 'NR > 2 { print $1 " emb=" $(NF - 4) }')
	case $fonts in
	*DejaVuSans,*emb=yes*) pass "$name: DejaVu Sans is embedded" ;;
	*) fail "$name: DejaVu Sans is embedded" "DejaVuSans ... emb yes" "$fonts" ;;
	esac
	case $fonts in
	*DejaVuSans-Bold*emb=yes*) pass "$name: DejaVu Sans Bold is embedded" ;;
	*) fail "$name: DejaVu Sans Bold is embedded" "DejaVuSans-Bold ... emb yes" "$fonts" ;;
	esac
	case $fonts in
	*emb=no*) fail "$name: no font is left unembedded" "emb yes everywhere" "$fonts" ;;
	*) pass "$name: no font is left unembedded" ;;
	esac

	# document info
	run pdfinfo -isodates "$pdf"
	expect_stdout_contains "Title:           Container security audit report: $name"
	expect_stdout_contains "Author:          $auditor"
	expect_stdout_contains "Subject:         Compliance"
	expect_stdout_contains "CreationDate:    2026-12-01T00:00:00Z"
	expect_stdout_contains "ModDate:         2026-12-01T00:00:00Z"

	# bookmarks
	run qpdf --json --json-key=outlines "$pdf"
	if [ "$rc" -ne 0 ]; then
		skip "$name: bookmarks per section" "qpdf cannot print outlines as JSON"
	else
		for title in "Cover" "Contents" "1 Executive summary" "2 Open items by role" \
			"2.1 Development" "2.2 Security" "2.3 Operations" "3 Findings" \
			"4 Waivers and exceptions" "Appendix A Rule results" \
			"Appendix B Attestations" "Appendix C Evidence inventory" \
			"$(echo $failed | cut -d ' ' -f 1)"; do
			expect_stdout_contains "\"title\": \"$title\""
		done
	fi
done

# ---- what payments-api shows: waivers, attestations, framework tables -------

txt=$tmp/payments-api.txt
expect_text_contains "$txt" "in force until 2027-02-28: granted by Dana Whitfield (Security)" \
	"the waiver shows its expiry and who granted it"
expect_text_contains "$txt" "socket-free exporter in release 4.2" "the waiver shows its reason"
expect_text_contains "$txt" "settle/ is a plain directory" \
	"the suppression written in the Dockerfile is shown"
expect_text_contains "$txt" "4 Waivers and exceptions" "the waivers have a section"
expect_text_contains "$txt" "https://wiki.example.invalid/security/" \
	"the attestations show their evidence"
expect_text_contains "$txt" "NIST SP 800-190 Application Container Security Guide" \
	"the NIST countermeasures have a section"
expect_text_contains "$txt" "Image vulnerabilities" "the NIST table lists countermeasures"
expect_text_contains "$txt" "4.1 Image countermeasures" "the NIST table is grouped by area"
expect_text_contains "$txt" "Docker base image inspection" "the use-case table is grouped by phase"
expect_text_contains "$txt" "Check whether the image is an official image" \
	"the use-case table lists use cases"

# ---- reproducible -----------------------------------------------------------

# Reproducible for the same inputs: the history database is one, so these
# runs are not saved (a saved run shows its new run id and history).
run ccaudit audit "$examples/payments-api" -f pdf -o "$tmp/once.pdf" --auditor "$auditor" --no-store
run ccaudit audit "$examples/payments-api" -f pdf -o "$tmp/again.pdf" --auditor "$auditor" --no-store
expect_same_file "$tmp/once.pdf" "$tmp/again.pdf" \
	"two runs with the same SOURCE_DATE_EPOCH are byte-identical"
run SOURCE_DATE_EPOCH=1796169600 ccaudit audit "$examples/payments-api" -f pdf \
	-o "$tmp/later.pdf" --auditor "$auditor" --no-store
if cmp -s "$tmp/once.pdf" "$tmp/later.pdf"; then
	fail "another SOURCE_DATE_EPOCH gives another document" "different bytes" "the same bytes"
else
	pass "another SOURCE_DATE_EPOCH gives another document"
fi

# ---- more than 2,000 findings stay inside the margins ---------------------------

# From here on the evidence is audited by relative paths from the temporary
# directory, so that how text wraps does not depend on where it is.
cd "$tmp" || exit 99

# 20 Dockerfiles of 100 ADD lines each (a finding per line), long base image
# names (long messages) and one very long directory name (long locations).
big=big
long=$(printf 'a-directory-name-that-never-seems-to-end-%s' 1 2 3)
image=registry.example.invalid/platform/$(printf 'hardened-runtime-%s-' 1 2 3 4 5 6)debian
i=1
while [ $i -le 20 ]; do
	if [ $i -eq 1 ]; then dir=$big/svc1-$long; else dir=$big/svc$i; fi
	mkdir -p "$dir"
	{
		echo "FROM $image:12-slim-build-$i"
		echo "LABEL description=\"$(printf 'a very long label value that goes on %s ' 1 2 3 4 5 6)\""
		awk 'BEGIN { for (k = 1; k <= 100; k++) print "ADD local" k " /x" k }'
	} >"$dir/Dockerfile"
	i=$((i + 1))
done
run ccaudit audit "$big" -f json -o "$tmp/big.json"
nfind=$(grep -c '"fingerprint"' "$tmp/big.json")
if [ "$nfind" -ge 2000 ]; then
	pass "the generated evidence gives at least 2,000 findings ($nfind)"
else
	fail "the generated evidence gives at least 2,000 findings" ">= 2000" "$nfind"
fi
expect_exit 0 ccaudit audit "$big" -f pdf -o "$tmp/big.pdf" --auditor "$auditor"
expect_true "big: qpdf --check passes" qpdf --check "$tmp/big.pdf"
outside=$(outside_margins "$tmp/big.pdf")
words=$(printf '%s\n' "$outside" | tail -n 1)
bad=$(printf '%s\n' "$outside" | sed '$d')
case $words in
0\ words) fail "big: pdftotext -bbox finds words" "thousands of words" "$words" ;;
*) pass "big: pdftotext -bbox finds words ($words)" ;;
esac
expect_eq "" "$(printf '%s\n' "$bad" | head -n 5)" \
	"big: every word is inside the margins ($margin_x pt left/right, $margin_y pt top/bottom)"
pdf_text "$tmp/big.pdf" "$tmp/big.txt"
n=$(pages "$tmp/big.pdf")
expect_text_contains "$tmp/big.txt" "$n / $n" "big: the last page is numbered '$n / $n'"
if awk '$0 == "2000" { found = 1 } END { exit !found }' "$tmp/big.txt"; then
	pass "big: the table lists finding number 2000"
else
	fail "big: the table lists finding number 2000" "a cell '2000'" "none"
fi

# ---- text libharu cannot draw does not swallow what follows ----------------------

# Directory names end up in finding locations and messages: one with an
# emoji (above U+FFFF) and an invalid byte, one with a truncated sequence.
uni=uni
d1=$(printf 'emoji\360\237\230\200mid\377end')
d2=$(printf 'trunc\342\202Xtail')
mkdir -p "$uni/$d1" "$uni/$d2"
printf 'FROM debian:12\nRUN echo hello\n' >"$uni/$d1/Dockerfile"
printf 'FROM debian:12\nRUN echo hello\n' >"$uni/$d2/Dockerfile"
expect_exit 0 ccaudit audit "$uni" -f pdf -o "$tmp/uni.pdf"
expect_true "unicode: qpdf --check passes" qpdf --check "$tmp/uni.pdf"
pdf_text "$tmp/uni.pdf" "$tmp/uni.txt"
fffd=$(printf '\357\277\275')
expect_text_contains "$tmp/uni.txt" "emoji${fffd}mid${fffd}end/Dockerfile" \
	"an emoji and an invalid byte become U+FFFD and the text after them stays"
expect_text_contains "$tmp/uni.txt" "trunc${fffd}${fffd}Xtail/Dockerfile" \
	"a truncated sequence becomes U+FFFD and does not eat the next character"

# ---- suppressions in the evidence are listed, in force or expired -----------------

sup=sup
mkdir -p "$sup/app"
{
	echo 'FROM debian:12'
	echo '# ccaudit ignore=dockerfile.add-local reason="vendored tree, reviewed" expires=2027-01-31'
	echo 'ADD vendor /vendor'
	echo '# ccaudit ignore=dockerfile.add-local reason="old exception, lapsed" expires=2026-06-01'
	echo 'ADD legacy /legacy'
} >"$sup/app/Dockerfile"
expect_exit 0 ccaudit audit "$sup" -f pdf -o "$tmp/sup.pdf"
pdf_text "$tmp/sup.pdf" "$tmp/sup.txt"
expect_text_contains "$tmp/sup.txt" "vendored tree, reviewed" "a suppression in force is listed"
expect_text_contains "$tmp/sup.txt" "old exception, lapsed" "an expired suppression is listed"
expect_text_contains "$tmp/sup.txt" "its suppression expired on 2026-06-01" \
	"the finding under an expired suppression says so"

# ---- fonts that cannot be used ---------------------------------------------

mkdir -p "$tmp/nofonts" "$tmp/badfonts"
expect_exit 4 CCAUDIT_FONT_DIR="$tmp/nofonts" ccaudit audit "$examples/legacy-shop" \
	-f pdf -o "$tmp/nofont.pdf"
expect_stderr_contains "cannot read font '$tmp/nofonts/DejaVuSans.ttf'"
if [ -e "$tmp/nofont.pdf" ]; then
	fail "no report is written when the font is missing" "no file" "$(ls -l "$tmp/nofont.pdf")"
else
	pass "no report is written when the font is missing"
fi
printf 'not a font' >"$tmp/badfonts/DejaVuSans.ttf"
expect_exit 4 CCAUDIT_FONT_DIR="$tmp/badfonts" ccaudit audit "$examples/legacy-shop" \
	-f pdf -o "$tmp/badfont.pdf"
expect_stderr_contains "cannot load font '$tmp/badfonts/DejaVuSans.ttf': not a TrueType font"
# A real font without its OS/2 table passes our checks and libharu refuses
# it: its error handler's report becomes the message.
font=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf   # CCA_FONT_DIR of Makefile.am
if have python3 && [ -r "$font" ]; then
	python3 - "$font" "$tmp/badfonts/DejaVuSans.ttf" <<'EOF'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
for i in range(int.from_bytes(b[4:6], "big")):
    t = 12 + 16 * i
    if b[t:t + 4] == b"OS/2":
        b[t:t + 4] = b"XS/2"
open(sys.argv[2], "wb").write(b)
EOF
	expect_exit 4 CCAUDIT_FONT_DIR="$tmp/badfonts" ccaudit audit \
		"$examples/legacy-shop" -f pdf -o "$tmp/badfont.pdf"
	expect_stderr_contains "cannot load font '$tmp/badfonts/DejaVuSans.ttf': libharu error"
else
	skip "a font libharu refuses fails with exit 4" "no python3 or no $font"
fi

finish
