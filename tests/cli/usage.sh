#!/bin/sh
# usage.sh - the command line itself: usage errors exit 2 and say what is
# wrong (with "did you mean" for typos), every --help prints usage on
# stdout, version, and how the data directory is found (--data-dir, then
# CCAUDIT_DATADIR, then the build tree / compiled-in path).
. "$(dirname "$0")/lib.sh"

commands='audit history findings assign waive diff export import checklist catalog version help'

# ---- no command, unknown command -------------------------------------------

expect_exit 2 ccaudit
expect_stdout_empty
expect_stderr_contains 'usage: ccaudit'
for c in $commands; do
	expect_stderr_contains "$c"
done

expect_exit 2 ccaudit chekclist
expect_stdout_empty
expect_stderr_contains "unknown command 'chekclist'"
expect_stderr_contains "did you mean 'checklist'"

expect_exit 2 ccaudit frobnicate
expect_stderr_contains "unknown command 'frobnicate'"
expect_stderr_not_contains 'did you mean'

expect_exit 2 ccaudit help chekclist
expect_stderr_contains "did you mean 'checklist'"

expect_exit 2 ccaudit catalog lst
expect_stderr_contains "did you mean 'list'"

expect_exit 2 ccaudit --bogus version
expect_stdout_empty
expect_stderr_contains "'--bogus'"

# ---- unknown options, per command ------------------------------------------

expect_exit 2 ccaudit audit --frmat json
expect_stdout_empty
expect_stderr_contains "unknown option '--frmat'"
expect_stderr_contains "did you mean '--format'"
expect_stderr_contains "ccaudit audit --help"

expect_exit 2 ccaudit checklist --levl 1
expect_stderr_contains "did you mean '--level'"

expect_exit 2 ccaudit catalog list --framwork csvs
expect_stderr_contains "did you mean '--framework'"

expect_exit 2 ccaudit version --hlep
expect_stderr_contains "did you mean '--help'"

expect_exit 2 ccaudit help --hepl
expect_stderr_contains "did you mean '--help'"

expect_exit 2 ccaudit audit -Z
expect_stderr_contains "unknown option '-Z'"

# ---- every command's --help, and help COMMAND ------------------------------

expect_exit 0 ccaudit --help
expect_stdout_contains 'usage: ccaudit'
expect_stderr_empty

expect_exit 0 ccaudit help
expect_stdout_contains 'usage: ccaudit'
expect_stderr_empty
cp "$out" "$tmp/help.out"

for c in $commands; do
	expect_exit 0 ccaudit "$c" --help
	expect_stdout_contains "usage: ccaudit $c"
	expect_stderr_empty
	cp "$out" "$tmp/$c.help"
	expect_exit 0 ccaudit "$c" -h
	expect_same_file "$tmp/$c.help" "$out" "'$c -h' prints the same as '$c --help'"
	expect_exit 0 ccaudit help "$c"
	expect_same_file "$tmp/$c.help" "$out" "'help $c' prints the same as '$c --help'"
	expect_true "'ccaudit help' lists '$c'" grep -q "^  $c " "$tmp/help.out"
done

# ---- missing option values -------------------------------------------------

expect_exit 2 ccaudit audit --format
expect_stderr_contains "'--format' needs a value"
expect_exit 2 ccaudit audit -f
expect_stderr_contains "'-f' needs a value"
expect_exit 2 ccaudit audit --attestations
expect_stderr_contains 'needs a value'
expect_exit 2 ccaudit checklist --level
expect_stderr_contains "'--level' needs a value"
expect_exit 2 ccaudit catalog list --framework
expect_stderr_contains 'needs a value'
# The global options say the same as the per-command ones.
expect_exit 2 ccaudit --data-dir
expect_stderr_contains "'--data-dir' needs a value"
expect_exit 2 ccaudit --catalog
expect_stderr_contains "'--catalog' needs a value"

# ---- bad option values -----------------------------------------------------

expect_exit 2 ccaudit audit --format docx
expect_stderr_contains "unknown format 'docx'"
expect_exit 2 ccaudit audit --color sometimes
expect_exit 2 ccaudit audit --fail-on severe
expect_stderr_contains "unknown severity 'severe'"
expect_exit 2 ccaudit audit --fail-below-level 4
expect_exit 2 ccaudit audit --level 0
expect_exit 2 ccaudit audit --role auditors
expect_stderr_contains "unknown role 'auditors'"
expect_exit 2 ccaudit audit --profile csvs-l1 --level 1
expect_exit 2 ccaudit version extra
expect_exit 2 ccaudit catalog
expect_exit 2 ccaudit catalog show

# ---- version ----------------------------------------------------------------

version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$top_builddir/config.h")
expect_exit 0 ccaudit version
expect_eq "ccaudit $version" "$(sed -n 1p "$out")" "version prints 'ccaudit $version' first"
expect_stdout_contains 'data directory: '
expect_stderr_empty
expect_exit 0 ccaudit --version
expect_eq "ccaudit $version" "$(sed -n 1p "$out")" "--version prints the version too"

# ---- the data directory ----------------------------------------------------

expect_exit 3 ccaudit --data-dir /nonexistent catalog list
expect_stdout_empty
expect_stderr_contains "/nonexistent"
expect_exit 3 ccaudit --data-dir=/nonexistent catalog list
expect_stderr_contains "/nonexistent"
expect_exit 3 ccaudit catalog list --data-dir /nonexistent
expect_stderr_contains "/nonexistent"

mkdir "$tmp/data"
cp -R "$top_srcdir/catalogs" "$tmp/data/catalogs"

expect_exit 0 CCAUDIT_DATADIR="$tmp/data" ccaudit version
expect_stdout_contains "data directory: $tmp/data"
expect_exit 0 CCAUDIT_DATADIR="$tmp/data" ccaudit catalog show manual.csvs-1.1
expect_stdout_contains "$tmp/data/catalogs/ccaudit.xml"
expect_exit 0 CCAUDIT_DATADIR="$tmp/data" ccaudit catalog list --framework csvs
expect_eq 106 "$(wc -l <"$out" | tr -d ' ')" "the catalog from CCAUDIT_DATADIR lists 106 CSVS controls"
expect_exit 3 CCAUDIT_DATADIR=/nonexistent ccaudit catalog list
expect_stderr_contains "/nonexistent"
# --data-dir wins over CCAUDIT_DATADIR
expect_exit 0 CCAUDIT_DATADIR=/nonexistent ccaudit --data-dir "$tmp/data" catalog list
expect_exit 0 CCAUDIT_DATADIR=/nonexistent ccaudit --data-dir "$tmp/data" version
expect_stdout_contains "data directory: $tmp/data"
# An empty CCAUDIT_DATADIR is as good as none.
expect_exit 0 CCAUDIT_DATADIR= ccaudit catalog list

# A data directory whose catalog is broken is invalid input, not a crash.
mkdir "$tmp/broken"
cp -R "$top_srcdir/catalogs" "$tmp/broken/catalogs"
head -c 1000 "$top_srcdir/catalogs/ccaudit.xml" >"$tmp/broken/catalogs/ccaudit.xml"
expect_exit 3 CCAUDIT_DATADIR="$tmp/broken" ccaudit catalog list
expect_stdout_empty
expect_stderr_contains "$tmp/broken/catalogs/ccaudit.xml:"

finish
