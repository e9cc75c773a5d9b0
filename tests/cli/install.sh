#!/bin/sh
# install.sh - `make install DESTDIR=...` puts the binary, the data files
# and the man page where they belong, and the installed binary finds its
# data: through CCAUDIT_DATADIR, and by default in the compiled-in
# $(pkgdatadir), not in the build tree.  `make uninstall` removes it all.
# Skipped (77) when make is missing or the install cannot be done.
. "$(dirname "$0")/lib.sh"

make=${MAKE:-make}
have "$make" || skip_all "no '$make'"
[ -f "$top_builddir/Makefile" ] || skip_all "no Makefile in $top_builddir"

dest=$tmp/dest
if ! (cd "$top_builddir" && "$make" install DESTDIR="$dest") >"$tmp/install.log" 2>&1; then
	cat "$tmp/install.log" | sed 's/^/# /' | tail -n 20
	skip_all "make install DESTDIR=... failed (permissions?)"
fi
pass "make install DESTDIR=\$tmp/dest"

# The configured directories, from the Makefile (defaults of automake).
prefix=$(sed -n 's/^prefix = //p' "$top_builddir/Makefile")
[ -n "$prefix" ] || prefix=/usr/local
pkgdatadir=$prefix/share/ccaudit
bin=$dest$prefix/bin/ccaudit
data=$dest$pkgdatadir
man1=$dest$prefix/share/man/man1/ccaudit.1

expect_true "the binary is installed in \$prefix/bin" test -x "$bin"
for f in ccaudit.xml catalog.xsd; do
	expect_true "catalogs/$f is installed in \$pkgdatadir" test -f "$data/catalogs/$f"
	expect_true "the installed catalogs/$f is the one of the source tree" \
		cmp "$top_srcdir/catalogs/$f" "$data/catalogs/$f"
done
expect_true "the man page is installed in share/man/man1" test -f "$man1"

# ---- the installed binary with CCAUDIT_DATADIR ------------------------------------

expect_exit 0 CCAUDIT_DATADIR="$data" "$bin" version
expect_stdout_contains "data directory: $data"
expect_exit 0 CCAUDIT_DATADIR="$data" "$bin" catalog list
expect_eq 144 "$(wc -l <"$out" | tr -d ' ')" "the installed catalog lists 144 controls"
expect_stderr_not_contains 'warning'
expect_exit 0 CCAUDIT_DATADIR="$data" "$bin" catalog list --framework csvs --level 1
expect_eq 42 "$(wc -l <"$out" | tr -d ' ')" "... 42 of them CSVS level 1"
expect_exit 0 CCAUDIT_DATADIR="$data" "$bin" catalog show manual.csvs-1.1
expect_stdout_contains "$data/catalogs/ccaudit.xml:"
expect_exit 0 CCAUDIT_DATADIR="$data" "$bin" catalog validate "$CCA_FIXTURES/catalog/user-extra.xml"
expect_exit 0 CCAUDIT_DATADIR="$data" "$bin" checklist --level 1 -f yaml
expect_exit 0 CCAUDIT_DATADIR="$data" SOURCE_DATE_EPOCH=1767225600 \
	"$bin" audit -a "$CCA_FIXTURES/answers/attested-pass.yaml" -f json
expect_stdout_contains "\"path\": \"$data/catalogs/ccaudit.xml\""
expect_exit 0 "$bin" --data-dir "$data" catalog list --framework nist

# Without CCAUDIT_DATADIR, an installed binary uses the compiled-in
# $(pkgdatadir): never the build tree it was built in.
expect_exit 0 "$bin" version
expect_stdout_contains "data directory: $pkgdatadir"
if [ -f "$pkgdatadir/catalogs/ccaudit.xml" ]; then
	skip "without data, the installed binary says where it looked" "$pkgdatadir is really installed"
else
	expect_exit 3 "$bin" catalog list
	expect_stderr_contains "$pkgdatadir"
fi

# ---- the man page -------------------------------------------------------------------

expect_true "the man page documents the exit statuses" grep -q '^\.SH "EXIT STATUS"' "$man1"
for s in NAME SYNOPSIS DESCRIPTION ENVIRONMENT; do
	expect_true "the man page has a $s section" grep -q "^\.SH \"*$s" "$man1"
done
expect_true "the man page documents CCAUDIT_DATADIR" grep -q 'CCAUDIT_DATADIR' "$man1"
expect_true "the man page documents NO_COLOR" grep -q 'NO_COLOR' "$man1"
if have groff; then
	groff -man -Tutf8 -ww -z "$man1" >"$tmp/groff.log" 2>&1
	if [ -s "$tmp/groff.log" ]; then
		fail "the man page renders without groff warnings" "no warnings" "$(head -n 5 "$tmp/groff.log")"
	else
		pass "the man page renders without groff warnings"
	fi
else
	skip "the man page renders without groff warnings" "no groff"
fi

# ---- uninstall -------------------------------------------------------------------------

if (cd "$top_builddir" && "$make" uninstall DESTDIR="$dest") >"$tmp/uninstall.log" 2>&1; then
	pass "make uninstall DESTDIR=\$tmp/dest"
	expect_eq "" "$(find "$dest" -type f | replace_all "$dest" '$tmp/dest')" \
		"make uninstall leaves no file behind"
else
	fail "make uninstall DESTDIR=\$tmp/dest" "exit 0" "$(tail -n 5 "$tmp/uninstall.log")"
fi

finish
