#!/bin/sh
# catalog.sh - `ccaudit catalog list|show|validate` on the shipped catalog,
# a user catalog on top of it (--catalog), and user catalogs that must be
# refused with exit 3 and FILE:LINE: malformed, schema-invalid, duplicate
# ids, unknown checks, dangling mappings, XXE, binary, oversized, bad UTF-8.
. "$(dirname "$0")/lib.sh"

cat_fx=$CCA_FIXTURES/catalog
shipped=$top_srcdir/catalogs/ccaudit.xml

# count_lines: the number of lines of the last command's stdout
count_lines() {
	wc -l <"$out" | tr -d ' '
}

# ---- catalog list ----------------------------------------------------------

expect_exit 0 ccaudit catalog list --framework csvs
expect_eq 106 "$(count_lines)" "CSVS 1.0 has 106 requirements"
expect_true "every CSVS line is a csvs- control" \
	sh -c '! grep -v "^csvs-[0-9]*\.[0-9]* " "$1"' sh "$out"

expect_exit 0 ccaudit catalog list --framework csvs --level 1
expect_eq 42 "$(count_lines)" "CSVS level 1 has 42 requirements"
cp "$out" "$tmp/l1.list"
expect_exit 0 ccaudit catalog list --framework csvs --level 2
expect_eq 89 "$(count_lines)" "CSVS level 2 has 89 requirements"
cp "$out" "$tmp/l2.list"
expect_exit 0 ccaudit catalog list --framework csvs --level 3
expect_eq 106 "$(count_lines)" "CSVS level 3 has all 106 requirements"
# Levels are cumulative in CSVS: every level-1 requirement is at level 2.
cut -d' ' -f1 "$tmp/l1.list" | sort >"$tmp/l1.ids"
cut -d' ' -f1 "$tmp/l2.list" | sort >"$tmp/l2.ids"
expect_eq "" "$(comm -23 "$tmp/l1.ids" "$tmp/l2.ids")" "every level-1 requirement is also a level-2 one"

expect_exit 0 ccaudit catalog list --framework nist
expect_eq 24 "$(count_lines)" "NIST SP 800-190 section 4 has 24 countermeasures"
expect_true "every NIST line is a nist-4.x control" \
	sh -c '! grep -v "^nist-4\.[0-9][0-9.]* " "$1"' sh "$out"
expect_exit 0 ccaudit catalog list --framework nist-800-190
expect_eq 24 "$(count_lines)" "--framework nist-800-190 is the same as nist"

expect_exit 0 ccaudit catalog list --framework usecases
expect_eq 14 "$(count_lines)" "there are 14 use cases A1-D2"
expect_true "every use-case line is a uc- control" \
	sh -c '! grep -v "^uc-[A-D][0-9]* " "$1"' sh "$out"

expect_exit 0 ccaudit catalog list
expect_eq 144 "$(count_lines)" "the whole catalog lists 106 + 24 + 14 controls"
all=$(count_lines)

# --role narrows, and keeps only controls owned by the role
for role in development security operations; do
	expect_exit 0 ccaudit catalog list --role "$role"
	n=$(count_lines)
	if [ "$n" -gt 0 ] && [ "$n" -lt "$all" ]; then
		pass "--role $role lists fewer controls ($n) than the whole catalog ($all)"
	else
		fail "--role $role narrows the list" "between 1 and $((all - 1)) lines" "$n lines"
	fi
	expect_true "every control listed for --role $role names $role" \
		sh -c '! grep -v "\[[a-z,]*$1[a-z,]*\]" "$2"' sh "$role" "$out"
done
expect_exit 0 ccaudit catalog list --framework csvs --level 1 --role security
n=$(count_lines)
if [ "$n" -gt 0 ] && [ "$n" -lt 42 ]; then
	pass "--role security narrows the level-1 CSVS list ($n of 42)"
else
	fail "--role security narrows the level-1 CSVS list" "between 1 and 41 lines" "$n lines"
fi

expect_exit 0 ccaudit catalog list --rules
expect_eq "$(grep -c '<rule ' "$shipped")" "$(count_lines)" "--rules lists every rule of the shipped catalog"

expect_exit 2 ccaudit catalog list --framework nope
expect_stderr_contains "'nope'"
expect_exit 2 ccaudit catalog list --level 4
expect_exit 2 ccaudit catalog list --role auditors

# ---- catalog show ------------------------------------------------------------

expect_exit 0 ccaudit catalog show csvs-3.11
cp "$out" "$tmp/show-full"
expect_stdout_contains 'csvs-3.11'
expect_stdout_contains 'dockerfile.add-url'
expect_stdout_contains 'nist-4.1.3'
expect_stdout_contains 'uc-B3'
expect_stderr_empty
expect_exit 0 ccaudit catalog show 3.11
expect_same_file "$tmp/show-full" "$out" "'catalog show 3.11' prints the same as 'catalog show csvs-3.11'"

expect_exit 0 ccaudit catalog show B3
expect_stdout_contains 'uc-B3'
expect_stdout_contains 'csvs-3.11'
expect_exit 0 ccaudit catalog show 4.1.3
expect_stdout_contains 'nist-4.1.3'

expect_exit 0 ccaudit catalog show manual.csvs-1.1
expect_stdout_contains 'manual.csvs-1.1'
expect_stdout_contains 'manual'
expect_stdout_contains "$shipped:"
expect_true "the rule lists the control it decides (csvs-1.1)" grep -q '^ *csvs-1\.1 ' "$out"

expect_exit 2 ccaudit catalog show no.such.rule
expect_stdout_empty
expect_stderr_contains "'no.such.rule'"
expect_exit 2 ccaudit catalog show csvs-99.1
expect_stderr_contains "'csvs-99.1'"
expect_exit 2 ccaudit catalog show 99.1

# ---- catalog validate: the shipped catalog and a user catalog on top ----------

expect_exit 0 ccaudit catalog validate "$shipped"
expect_stdout_contains 'valid'

expect_exit 0 ccaudit catalog validate "$cat_fx/user-extra.xml"
expect_stdout_contains 'valid'
expect_exit 0 ccaudit --catalog "$cat_fx/user-extra.xml" catalog show manual.user-training-register
expect_stdout_contains 'manual.user-training-register'
expect_stdout_contains "$cat_fx/user-extra.xml:9"
expect_true "the user rule decides csvs-1.1" grep -q '^ *csvs-1\.1 ' "$out"
expect_exit 0 ccaudit catalog show manual.user-training-register --catalog "$cat_fx/user-extra.xml"
expect_stdout_contains 'manual.user-training-register'
expect_exit 0 ccaudit --catalog "$cat_fx/user-extra.xml" catalog show csvs-1.1
expect_stdout_contains 'manual.csvs-1.1'
expect_stdout_contains 'manual.user-training-register'
expect_exit 0 ccaudit --catalog "$cat_fx/user-extra.xml" catalog list --rules
expect_eq "$(( $(grep -c '<rule ' "$shipped") + 1 ))" "$(count_lines)" "the user catalog adds one rule"
# ... and without --catalog the rule does not exist
expect_exit 2 ccaudit catalog show manual.user-training-register

expect_exit 3 ccaudit catalog validate "$tmp/no-such-catalog.xml"
expect_stderr_contains "$tmp/no-such-catalog.xml"
expect_exit 3 ccaudit --catalog "$tmp/no-such-catalog.xml" catalog list
expect_stderr_contains "$tmp/no-such-catalog.xml"

# ---- broken user catalogs: exit 3, FILE:LINE, nothing on stdout ---------------

# expect_refused FILE LINE: validate and --catalog both refuse FILE with
# "FILE:LINE:" (LINE may be a basic regular expression such as [0-9]*).
expect_refused() {
	file=$1
	line=$2
	for how in validate option; do
		if [ "$how" = validate ]; then
			expect_exit 3 ccaudit catalog validate "$file"
		else
			expect_exit 3 ccaudit --catalog "$file" catalog list
		fi
		expect_stdout_empty
		esc=$(printf '%s\n' "$file" | sed 's/[][\.*^$]/\\&/g')
		if grep -q "^ccaudit: $esc:$line:" "$err"; then
			pass "the error names $(shorten "$file"):LINE ($how)"
		else
			no_stderr_dump=yes
			fail "the error names $(shorten "$file"):LINE ($how)" \
			     "ccaudit: $(shorten "$file"):$line: ..." "$(head -n 3 "$err")"
		fi
	done
}

expect_refused "$cat_fx/malformed-truncated.xml" '[0-9][0-9]*'
expect_refused "$cat_fx/schema-bad-severity.xml" 4
expect_stderr_contains 'severe'
expect_refused "$cat_fx/duplicate-shipped-rule-id.xml" 4
expect_stderr_contains "'manual.csvs-1.1'"
expect_stderr_contains "$shipped:"
expect_refused "$cat_fx/unknown-check.xml" 4
expect_stderr_contains "'no.such.check'"
expect_refused "$cat_fx/dangling-mapping.xml" 4
expect_stderr_contains "'csvs-99.1'"

# XXE: an external entity must never be resolved, neither from the fixture
# (/etc/passwd) nor from a file of ours with a marker we can look for.
expect_refused "$cat_fx/xxe-external-entity.xml" '[0-9][0-9]*'
expect_stderr_not_contains 'root:'
expect_stderr_not_contains 'Internal error'
printf 'CCA-LEAK-MARKER-7f3a\n' >"$tmp/secret.txt"
sed "s|file:///etc/passwd|file://$tmp/secret.txt|" "$cat_fx/xxe-external-entity.xml" >"$tmp/xxe-marker.xml"
expect_refused "$tmp/xxe-marker.xml" '[0-9][0-9]*'
expect_stderr_not_contains 'CCA-LEAK-MARKER'
for cmd in "catalog list --rules" "catalog show manual.user-xxe" "checklist --level 1"; do
	# shellcheck disable=SC2086
	run ccaudit --catalog "$tmp/xxe-marker.xml" $cmd
	if grep -q -e 'CCA-LEAK-MARKER' -e 'root:' "$out" "$err"; then
		fail "$last_cmd does not leak the external entity" "no marker" \
		     "$(grep -h -e 'CCA-LEAK-MARKER' -e 'root:' "$out" "$err" | head -n 3)"
	else
		pass "$last_cmd does not leak the external entity"
	fi
done

# Entity expansion bomb ("billion laughs") in XML: refused, and fast.
{
	echo '<?xml version="1.0"?>'
	echo '<!DOCTYPE catalog ['
	echo ' <!ENTITY l0 "lol">'
	i=1
	while [ $i -le 9 ]; do
		p=$((i - 1))
		echo " <!ENTITY l$i \"&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;\">"
		i=$((i + 1))
	done
	echo ']>'
	echo '<catalog xmlns="urn:ccaudit:catalog:1" id="lol" version="1">'
	echo '  <rule id="manual.user-lol" manual="true" severity="low" roles="security">'
	echo '    <title>&l9;</title><description>x</description>'
	echo '    <maps>csvs-1.1</maps><remediation>x</remediation>'
	echo '  </rule>'
	echo '</catalog>'
} >"$tmp/billion-laughs.xml"
if have timeout; then
	expect_exit 3 timeout 10 "$CCAUDIT" catalog validate "$tmp/billion-laughs.xml"
else
	expect_exit 3 ccaudit catalog validate "$tmp/billion-laughs.xml"
fi
expect_stderr_contains "$tmp/billion-laughs.xml:"

# Binary garbage (an ELF-like header with NULs and bytes >= 0x80).
printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\003\000>\000\001\000\000\000\300\061\000\000\000\000\000\000@\000' >"$tmp/garbage.xml"
expect_refused "$tmp/garbage.xml" 1

# Invalid UTF-8 in a title on line 4.
printf '<?xml version="1.0" encoding="UTF-8"?>\n<catalog xmlns="urn:ccaudit:catalog:1" id="badutf" version="1">\n  <rule id="manual.user-badutf" manual="true" severity="low" roles="security">\n    <title>Bad \377\376 bytes</title>\n    <description>x</description>\n    <maps>csvs-1.1</maps>\n    <remediation>x</remediation>\n  </rule>\n</catalog>\n' >"$tmp/invalid-utf8.xml"
expect_refused "$tmp/invalid-utf8.xml" 4

# A 40 MB file: refused with one clean message naming it, no crash.
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<catalog xmlns="urn:ccaudit:catalog:1" id="huge" version="1">'
	printf '<!-- '
	head -c 41943040 /dev/zero | tr '\0' 'x'
	echo ' -->'
	echo '</catalog>'
} >"$tmp/huge.xml"
for how in validate option; do
	if [ "$how" = validate ]; then
		expect_exit 3 ccaudit catalog validate "$tmp/huge.xml"
	else
		expect_exit 3 ccaudit --catalog "$tmp/huge.xml" catalog list
	fi
	expect_stdout_empty
	expect_stderr_contains "ccaudit: "
	expect_stderr_contains "$tmp/huge.xml"
	expect_eq 1 "$(wc -l <"$err" | tr -d ' ')" "one line of error for the 40 MB catalog ($how)"
done
rm -f "$tmp/huge.xml"

# An empty file is not a catalog either.
: >"$tmp/empty.xml"
expect_exit 3 ccaudit catalog validate "$tmp/empty.xml"
expect_stderr_contains "$tmp/empty.xml"

# The shipped catalog was validated when ccaudit was built: a data directory
# holding the same bytes loads it without validating it again, even with no
# schema beside it.  A changed catalog there is validated as always, and an
# element the schema forbids (one the loader would skip) is refused.
mkdir -p "$tmp/data/catalogs"
cp "$shipped" "$tmp/data/catalogs/ccaudit.xml"
expect_exit 0 ccaudit --data-dir "$tmp/data" catalog list --framework nist
expect_eq 24 "$(count_lines)" "the verified shipped catalog loads without its schema"
sed 's|^</catalog>|  <bogus/>\n</catalog>|' "$shipped" >"$tmp/data/catalogs/ccaudit.xml"
expect_true "the modified copy of the catalog differs" \
	sh -c '! cmp -s "$1" "$2"' sh "$shipped" "$tmp/data/catalogs/ccaudit.xml"
expect_exit 3 ccaudit --data-dir "$tmp/data" catalog list
expect_stderr_contains "cannot load the catalog schema"
cp "$top_srcdir/catalogs/catalog.xsd" "$tmp/data/catalogs/catalog.xsd"
expect_exit 3 ccaudit --data-dir "$tmp/data" catalog list
expect_stderr_contains "$tmp/data/catalogs/ccaudit.xml:"
expect_stderr_contains "bogus"

finish
