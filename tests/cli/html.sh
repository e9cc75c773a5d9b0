#!/bin/sh
# html.sh - the results document (`-f xml`) and the HTML report (`-f html`).
#
#   - -f xml validates against catalogs/results.xsd (xmllint --schema), also
#     for inputs with control characters and invalid UTF-8 in paths;
#   - -f html of examples/legacy-shop and examples/payments-api: one
#     self-contained file with the summary, the per-role table, the NIST
#     matrix, the A1-D2 checklist, a card per selected rule, the evidence
#     hashes; secrets only masked; nothing fetched from anywhere (no
#     remote src/href, no @import, no url(), no <link>);
#   - both formats are byte-identical twice with SOURCE_DATE_EPOCH (runs
#     not saved: a saved run shows its run id and history);
#   - --template DIR: a modified copy changes the output; a broken one, a
#     missing file, or one that tries to read a file fails with exit 4
#     naming the file;
#   - untrusted text is escaped: a Dockerfile whose labels, comments and
#     path, and an answers file whose notes, carry <script>, javascript:
#     URLs and "><img onerror=...>: no injected element in the HTML
#     (xmllint --html) nor in the DOM Chromium builds (--dump-dom), and the
#     report's own script does run under its Content-Security-Policy;
#   - a screenshot is taken (not compared).
#
# Without xmllint the XML checks are skipped; without Chromium
# (/usr/bin/chromium or chromium on PATH) the browser checks are skipped
# and, when nothing failed, the test exits 77.
. "$(dirname "$0")/lib.sh"

SDE=1796083200      # 2026-12-01T00:00:00Z: the payments-api answers are in force
xsd=$top_srcdir/catalogs/results.xsd
fixtures=$CCA_FIXTURES/report
legacy=$top_srcdir/examples/legacy-shop
payments=$top_srcdir/examples/payments-api

if have xmllint; then xmllint=xmllint; else xmllint=; fi
chromium=
if [ -x /usr/bin/chromium ]; then
	chromium=/usr/bin/chromium
elif have chromium; then
	chromium=chromium
fi

# expect_valid_xml FILE WHAT: FILE matches results.xsd.
expect_valid_xml() {
	if [ -z "$xmllint" ]; then
		skip "$2" "no xmllint"
	elif xmllint --noout --nonet --schema "$xsd" "$1" >"$tmp/xmllint.out" 2>&1; then
		pass "$2"
	else
		fail "$2" "valid against results.xsd" "$(head -n 5 "$tmp/xmllint.out")"
	fi
}

# expect_html_parses FILE WHAT: xmllint's HTML parser reads FILE without an
# error other than not knowing an HTML5 element (it knows HTML 4 only).
expect_html_parses() {
	if [ -z "$xmllint" ]; then
		skip "$2" "no xmllint"
		return
	fi
	xmllint --html --noout --nonet "$1" >"$tmp/xmllint.out" 2>&1
	xrc=$?
	if grep -a 'parser error' "$tmp/xmllint.out" |
	   grep -a -v -E 'Tag [a-zA-Z0-9]+ invalid' >"$tmp/xmllint.err" || [ "$xrc" -gt 1 ]; then
		fail "$2" "HTML without parse errors" "$(head -n 5 "$tmp/xmllint.err")"
	else
		pass "$2"
	fi
}

# xpath_html FILE EXPR: the value of EXPR over FILE parsed as HTML.
xpath_html() {
	xmllint --html --nonet --xpath "$2" "$1" 2>/dev/null
}

# expect_xpath FILE EXPR EXPECTED WHAT
expect_xpath() {
	if [ -z "$xmllint" ]; then
		skip "$4" "no xmllint"
	else
		expect_eq "$3" "$(xpath_html "$1" "$2")" "$4"
	fi
}

# expect_file_not_matching FILE ERE WHAT: no line of FILE matches ERE.
expect_file_not_matching() {
	if grep -a -E -n -e "$2" "$1" >"$tmp/grep.out" 2>/dev/null; then
		fail "$3" "no match of /$2/" "$(head -n 3 "$tmp/grep.out" | cut -c 1-200)"
	else
		pass "$3"
	fi
}

# expect_file_contains FILE TEXT WHAT: FILE holds TEXT (a fixed string).
expect_file_contains() {
	if grep -a -F -q -e "$2" "$1"; then
		pass "$3"
	else
		fail "$3" "a line containing '$2'" "nothing"
	fi
}

# browser OUT ARGS... URL: run Chromium headless with the RUNBOOK flags,
# its stdout into OUT; returns its exit status.
browser() {
	bout=$1
	shift
	profile=$(mktemp -d "$tmp/chromium.XXXXXX")
	if have timeout; then
		timeout 90 "$chromium" --headless --no-sandbox --disable-gpu \
			--disable-background-networking --disable-component-update \
			--disable-sync --no-first-run --user-data-dir="$profile" \
			"$@" >"$bout" 2>"$tmp/chromium.err"
	else
		"$chromium" --headless --no-sandbox --disable-gpu \
			--disable-background-networking --disable-component-update \
			--disable-sync --no-first-run --user-data-dir="$profile" \
			"$@" >"$bout" 2>"$tmp/chromium.err"
	fi
}

# ---- the results document ---------------------------------------------------

for ex in legacy-shop payments-api; do
	expect_exit 0 SOURCE_DATE_EPOCH=$SDE ccaudit audit "$top_srcdir/examples/$ex" -f xml -o - \
		--auditor 'A. Auditor'
	cp "$out" "$tmp/$ex.xml"
	expect_valid_xml "$tmp/$ex.xml" "-f xml of examples/$ex validates against catalogs/results.xsd"
	expect_stdout_contains '<results xmlns="urn:ccaudit:results:1" format="1">'
	expect_stdout_contains '<generated>2026-12-01T00:00:00Z</generated>'
	expect_stdout_contains '<auditor>A. Auditor</auditor>'
	# Reproducible for the same inputs, the history database being one:
	# unsaved runs (a saved run shows its new run id and history).
	run SOURCE_DATE_EPOCH=$SDE ccaudit audit "$top_srcdir/examples/$ex" -f xml -o "$tmp/once.xml" \
		--auditor 'A. Auditor' --no-store
	run SOURCE_DATE_EPOCH=$SDE ccaudit audit "$top_srcdir/examples/$ex" -f xml -o - --auditor 'A. Auditor' \
		--no-store
	expect_same_file "$tmp/once.xml" "$out" "-f xml of examples/$ex is byte-identical twice"
done
expect_stdout_contains '<level n="1" met="true" score="1.0000">'
expect_stdout_contains 'status="pass" observed="fail" waived="true"'

cp "$tmp/legacy-shop.xml" "$out"
expect_stdout_contains "ENV DB_PASSWORD holds a secret-like value 'Sup3***'"
expect_stdout_not_contains 'Sup3rS3cretPassw0rd'

# Control characters and invalid UTF-8 (here in a directory name) become
# U+FFFD: the document stays well-formed and valid.
odd="$tmp/odd/$(printf 'ctl\001esc\033bad\377end')"
mkdir -p "$odd"
cp "$legacy/Dockerfile" "$odd/Dockerfile"
expect_exit 0 ccaudit audit "$odd" -f xml -o "$tmp/odd.xml"
expect_valid_xml "$tmp/odd.xml" "control characters and invalid UTF-8 in a path: still valid XML"
expect_file_contains "$tmp/odd.xml" "<target>ctl$(printf '\357\277\275')esc$(printf '\357\277\275')bad$(printf '\357\277\275')end</target>" \
	"... each replaced by U+FFFD"
expect_exit 0 ccaudit audit "$odd" -f html -o "$tmp/odd.html"
expect_html_parses "$tmp/odd.html" "... and the HTML report of it parses"

# ---- the HTML report ------------------------------------------------------------

for ex in legacy-shop payments-api; do
	expect_exit 0 SOURCE_DATE_EPOCH=$SDE ccaudit audit "$top_srcdir/examples/$ex" -f html \
		-o "$tmp/$ex.html" --auditor 'A. Auditor'
	expect_stdout_contains "Report written to $tmp/$ex.html"
	run SOURCE_DATE_EPOCH=$SDE ccaudit audit "$top_srcdir/examples/$ex" -f html -o "$tmp/once.html" \
		--auditor 'A. Auditor' --no-store
	run SOURCE_DATE_EPOCH=$SDE ccaudit audit "$top_srcdir/examples/$ex" -f html -o - \
		--auditor 'A. Auditor' --no-store
	expect_same_file "$tmp/once.html" "$out" "-f html of examples/$ex is byte-identical twice"
	h=$tmp/$ex.html
	expect_html_parses "$h" "the HTML report of examples/$ex parses as HTML"
	expect_eq '<!DOCTYPE html>' "$(head -n 1 "$h")" "... it starts with the HTML5 doctype"
	for text in 'Executive summary' 'CSVS level achieved' 'Score per CSVS level' \
		    'Who must act' 'NIST SP 800-190 countermeasures' 'Use-case checklist A1' \
		    'Findings' 'Attestations &amp; waivers' 'Evidence inventory' 'Sign-off' \
		    'A. Auditor' '2026-12-01 00:00:00' 'Content-Security-Policy'; do
		expect_file_contains "$h" "$text" "the report of $ex shows '$text'"
	done
	# Self-contained: nothing is fetched.
	expect_file_not_matching "$h" '<[^<>]*[[:space:]](src|href|action|srcset|poster|data|xlink:href)[[:space:]]*=[[:space:]]*["'\'']?[[:space:]]*([a-zA-Z][a-zA-Z0-9+.-]*:|//)' \
		"... no src/href/action attribute points anywhere but into the page"
	expect_file_not_matching "$h" '@import|url\(|<link[[:space:]>]|<script[^>]*[[:space:]]src' \
		"... no @import, url(), <link> or <script src>"
	expect_xpath "$h" 'count(//script)' 1 "... one script element, the report's own"
	expect_xpath "$h" 'count(//style)' 1 "... one style element, the inline CSS"
	expect_xpath "$h" 'count(//svg)>0' true "... inline SVG bars"
	# The run was saved (lib.sh: CCAUDIT_DB): its history shows, with the
	# trend of the target's runs so far and the open findings by owner.
	expect_xpath "$h" "count(//section[@id = 'history'])" 1 "... the history of the saved run"
	expect_xpath "$h" "count(//svg[@class = 'trend-chart']//circle)>0" true "... a trend chart with its points"
	expect_xpath "$h" "count(//table[contains(@class, 'owners')])" 1 "... the open findings by owner"
	# Without the script the list is complete: a card per selected rule.
	if [ -n "$xmllint" ]; then
		want=$(xmllint --xpath "count(//*[local-name()='rule'][@status!='notselected'])" "$tmp/$ex.xml")
		expect_xpath "$h" "count(//article[contains(concat(' ', @class, ' '), ' card ')])" "$want" \
			"... a finding card for each of the $want selected rules"
		for id in $(xmllint --xpath "//*[local-name()='evidence']/*/@sha256" "$tmp/$ex.xml" |
			    sed 's/ *sha256="\([0-9a-f]*\)"/\1 /g'); do
			expect_file_contains "$h" "$id" "... the evidence hash $id is listed"
		done
	fi
done

h=$tmp/legacy-shop.html
expect_file_contains "$h" "ENV DB_PASSWORD holds a secret-like value 'Sup3***'" \
	"legacy-shop: the secret shows masked"
expect_file_not_matching "$h" 'Sup3rS3cretPassw0rd|AKIAIOSFODNN7EXAMPLE|npm_8f2a6c1e|hunter2|changeme' \
	"legacy-shop: no secret in clear"
expect_file_contains "$h" '<div class="level-num">0<' "legacy-shop: level 0 achieved"

h=$tmp/payments-api.html
expect_file_contains "$h" '<div class="level-num">1<' "payments-api: level 1 achieved"
expect_file_contains "$h" 'Suppressed in the evidence' "payments-api: the waiver in the Dockerfile is shown"
expect_file_contains "$h" 'the 4.2 rewrite switches to COPY' "... with its reason"
expect_file_contains "$h" 'expires 2027-03-31' "... and its expiry"
expect_file_contains "$h" 'Dana Whitfield (Security)' "payments-api: attestations show who answered"
expect_file_contains "$h" 'valid until 2027-11-01' "... and until when"
expect_file_contains "$h" 'https://wiki.example.invalid/security/training-2026' \
	"... the evidence reference, as text"
expect_xpath "$h" "count(//a[contains(@href, 'wiki.example')])" 0 "... never as a link"

# ---- --template DIR ---------------------------------------------------------------

brand=$tmp/brand
mkdir -p "$brand"
cp "$top_srcdir/templates/report.xsl" "$top_srcdir/templates/report.css" \
   "$top_srcdir/templates/report.js" "$brand/"
sed 's/Container security compliance report/ACME Corp container audit/' \
	"$top_srcdir/templates/report.xsl" >"$brand/report.xsl"
printf '%s\n' '.masthead { background: #4b0082; } /* ACME purple */' >>"$brand/report.css"
expect_exit 0 SOURCE_DATE_EPOCH=$SDE ccaudit audit "$payments" -f html -o - --auditor 'A. Auditor' \
	--template "$brand"
expect_stdout_contains 'ACME Corp container audit'
expect_stdout_contains '/* ACME purple */'
expect_stdout_not_contains 'Container security compliance report'
if cmp -s "$out" "$tmp/payments-api.html"; then
	fail "--template with a modified copy changes the output" "a different report" "the same bytes"
else
	pass "--template with a modified copy changes the output"
fi

# A template that is not well-formed, one that does not compile, a missing
# CSS, a template that tries to read a file: exit 4, naming the file.
broken=$tmp/broken
mkdir -p "$broken"
cp "$brand"/* "$broken/"
sed 's|<xsl:template match="/">|<xsl:template match="/"><unclosed>|' \
	"$top_srcdir/templates/report.xsl" >"$broken/report.xsl"
expect_exit 4 ccaudit audit "$legacy" -f html -o "$tmp/broken.html" --template "$broken"
expect_stderr_contains "ccaudit: cannot parse template '$broken/report.xsl'"
expect_stderr_contains "Opening and ending tag mismatch"
expect_true "no report is written from a broken template" test ! -e "$tmp/broken.html"

sed 's|<xsl:apply-templates select="r:results"/>|<xsl:apply-templates select="r:results[(("/>|' \
	"$top_srcdir/templates/report.xsl" >"$broken/report.xsl"
expect_exit 4 ccaudit audit "$legacy" -f html -o - --template "$broken"
expect_stderr_contains "ccaudit: invalid template '$broken/report.xsl'"
expect_stderr_contains "could not compile select expression"

cp "$top_srcdir/templates/report.xsl" "$broken/report.xsl"
rm "$broken/report.css"
expect_exit 4 ccaudit audit "$legacy" -f html -o - --template "$broken"
expect_stderr_contains "'$broken/report.css'"

expect_exit 4 ccaudit audit "$legacy" -f html -o - --template "$tmp/no-such-dir"
expect_stderr_contains "'$tmp/no-such-dir/report.xsl'"

# The transformation may read, write and fetch nothing.
secret=$tmp/not-for-templates.txt
echo 'TOP-SECRET-FILE-CONTENT' >"$secret"
cp "$brand"/* "$broken/"
sed "s|<xsl:apply-templates select=\"r:results\"/>|<xsl:apply-templates select=\"r:results\"/><xsl:value-of select=\"document('$secret')\"/>|" \
	"$top_srcdir/templates/report.xsl" >"$broken/report.xsl"
expect_exit 4 ccaudit audit "$legacy" -f html -o - --template "$broken"
expect_stderr_contains "read rights for $secret denied"
expect_stdout_not_contains 'TOP-SECRET-FILE-CONTENT'
sed "s|<xsl:apply-templates select=\"r:results\"/>|<xsl:apply-templates select=\"r:results\"/><xsl:document href=\"$tmp/written.txt\" method=\"text\">x</xsl:document>|" \
	"$top_srcdir/templates/report.xsl" >"$broken/report.xsl"
expect_exit 4 ccaudit audit "$legacy" -f html -o - --template "$broken"
expect_stderr_contains "write rights for $tmp/written.txt denied"
expect_true "a template cannot write files" test ! -e "$tmp/written.txt"
sed "s|<xsl:apply-templates select=\"r:results\"/>|<xsl:apply-templates select=\"r:results\"/><xsl:value-of select=\"document('http://127.0.0.1:9/x.xml')\"/>|" \
	"$top_srcdir/templates/report.xsl" >"$broken/report.xsl"
expect_exit 4 ccaudit audit "$legacy" -f html -o - --template "$broken"
expect_stderr_contains "read rights for http://127.0.0.1:9/x.xml denied"

# ---- untrusted text is escaped ---------------------------------------------------

# The hostile Dockerfile twice, in a directory whose name is markup, once
# under a file name that is markup too, with the hostile answers.
hostile="$tmp/\"><img src=x onerror=alert('dir')>"
mkdir -p "$hostile"
cp "$fixtures/markup-injection.Dockerfile" "$hostile/Dockerfile"
cp "$fixtures/markup-injection.Dockerfile" "$hostile/<svg onload=alert('file')>.Dockerfile"
x=$tmp/xss.html
expect_exit 0 SOURCE_DATE_EPOCH=$SDE ccaudit audit "$hostile" -a "$fixtures/markup-injection-answers.yaml" \
	--auditor "<script>alert('auditor')</script>" -f html -o "$x"
expect_exit 0 SOURCE_DATE_EPOCH=$SDE ccaudit audit "$hostile" -a "$fixtures/markup-injection-answers.yaml" \
	--auditor "<script>alert('auditor')</script>" -f xml -o "$tmp/xss.xml"
expect_valid_xml "$tmp/xss.xml" "the results document of the hostile inputs is valid"
expect_html_parses "$x" "the hostile report parses as HTML"

# The payloads are there, as text.
for text in "&lt;script&gt;alert('note')&lt;/script&gt;" "&lt;script&gt;alert('target')&lt;/script&gt;" \
	    "&lt;script&gt;alert('auditor')&lt;/script&gt;" "onerror=alert('reason')" \
	    "javascript:alert('evidence')" "onerror=alert('dir')" "onload=alert('file')" \
	    "&lt;script&gt;alert('run')&lt;/script&gt;" "svg/onload=alert('add')" \
	    "&lt;script&gt;alert('waiver')&lt;/script&gt;" "&lt;/textarea&gt;&lt;/style&gt;&lt;/script&gt;"; do
	expect_file_contains "$x" "$text" "the hostile report shows $text as text"
done
# ... and nothing of them is markup.
expect_file_not_matching "$x" '<(img|iframe|svg[[:space:]/]+onload|textarea|object|embed|base|meta[^>]*refresh)' \
	"no injected img, iframe, svg onload, textarea, object, embed, base or refresh"
expect_file_not_matching "$x" '<[a-zA-Z][^<>]*[[:space:]/"'\'']on[a-z]+[[:space:]]*=' \
	"no element carries an on* event attribute"
expect_file_not_matching "$x" '<[^<>]*[[:space:]](href|src|action|xlink:href)[[:space:]]*=[[:space:]]*["'\'']?[[:space:]]*javascript:' \
	"no javascript: URL in an attribute"
if [ "$(grep -a -o '<script' "$x" | wc -l | tr -d ' ')" = 1 ]; then
	pass "one raw <script> in the hostile report: the report's own"
else
	fail "one raw <script> in the hostile report: the report's own" 1 \
	     "$(grep -a -o '<script[^>]*>[^<]\{0,40\}' "$x" | head -n 5)"
fi
expect_xpath "$x" 'count(//script)' 1 "the HTML parser also sees one script element"
expect_xpath "$x" 'count(//img | //iframe | //object | //embed | //textarea)' 0 \
	"... and no injected element"
expect_xpath "$x" "count(//@*[starts-with(name(), 'on')])" 0 "... and no event attribute"

# ---- in a browser --------------------------------------------------------------------

if [ -z "$chromium" ]; then
	skip "the DOM Chromium builds from the hostile report has no injected element" "no chromium"
	skip "a screenshot of the report" "no chromium"
else
	if browser "$tmp/dom.html" --dump-dom "file://$x"; then
		pass "chromium --dump-dom of the hostile report"
	else
		fail "chromium --dump-dom of the hostile report" "exit 0" \
		     "exit $? $(tail -n 3 "$tmp/chromium.err")"
	fi
	expect_file_contains "$tmp/dom.html" "alert('note')" "the DOM holds the payload text"
	expect_file_contains "$tmp/dom.html" 'Showing ' \
		"the report's own script ran under its Content-Security-Policy"
	if [ -n "$xmllint" ]; then
		expect_xpath "$tmp/dom.html" 'count(//script)' 1 "the DOM has one script element, the report's own"
		expect_xpath "$tmp/dom.html" 'count(//img | //iframe | //object | //embed | //textarea | //base)' 0 \
			"the DOM has no injected element"
		expect_xpath "$tmp/dom.html" "count(//@*[starts-with(name(), 'on')])" 0 \
			"the DOM has no event attribute"
		expect_xpath "$tmp/dom.html" "count(//svg[not(ancestor::*[contains(@class, 'logo')])][not(contains(@class, 'bar'))][not(@class = 'trend-chart')])" 0 \
			"the DOM has no svg but the report's own"
		expect_xpath "$tmp/dom.html" "count(//@href[starts-with(normalize-space(.), 'javascript')] | //@src)" 0 \
			"the DOM has no javascript: link and no src attribute"
	else
		skip "the DOM has no injected element" "no xmllint"
	fi
	expect_file_not_matching "$tmp/dom.html" '<(img|iframe)[[:space:]>]' "the DOM text has no <img or <iframe tag"

	if browser "$tmp/shot.out" --window-size=1280,900 --screenshot="$tmp/report.png" \
		"file://$tmp/payments-api.html" && [ -s "$tmp/report.png" ]; then
		pass "a screenshot of the payments-api report"
	else
		fail "a screenshot of the payments-api report" "a PNG" "$(tail -n 3 "$tmp/chromium.err")"
	fi
fi

if [ -z "$chromium" ] && [ "$n_failed" -eq 0 ]; then
	echo "# chromium is missing: the browser checks were skipped"
	echo "$n_passed passed, $n_failed failed"
	finished=yes
	exit 77
fi
finish
