#!/bin/sh
# store.sh - the history database under `ccaudit audit` and `ccaudit report`:
#
#   - `report RUN` renders a stored run byte for byte as the audit wrote it,
#     in every format, for runs with answers, suppressions, tailoring, a
#     level and a role filter;
#   - --no-store saves nothing, --db and CCAUDIT_DB choose the file, which
#     is created with mode 0600;
#   - eight audits at once on one database: all saved, no "locked" error;
#   - audits killed with SIGKILL at random moments: the database passes
#     PRAGMA integrity_check and every visible run is complete;
#   - a database of a newer schema, a corrupt file, another application's
#     SQLite file, a read-only file, a full disk (a file-size limit): exit 4,
#     a message naming the file, and the file left as it was.
. "$(dirname "$0")/lib.sh"

have sqlite3 || skip_all "needs the sqlite3 shell (Debian package 'sqlite3')"

ex=$top_srcdir/examples
nrules=$(ccaudit catalog list --rules 2>/dev/null | grep -c '^[a-z]')

# sql DB QUERY: one value from the database.
sql() {
	sqlite3 -batch -noheader "$1" "$2"
}

# sha FILE: the SHA-256 of FILE (to show it was not touched).
sha() {
	sha256sum "$1" | cut -d' ' -f1
}

# ---- report RUN is the report the audit wrote --------------------------------

formats="json xml html pdf xccdf sarif junit csv md text"
replay() {   # replay NAME AUDIT-ARGS...: audit in every format, then report latest
	name=$1
	shift
	mkdir -p "$tmp/$name.audit" "$tmp/$name.report"
	run ccaudit audit "$@" -f "$(echo $formats | tr ' ' ,)" -o "$tmp/$name.audit"
	expect_eq 0 "$rc" "$name: the audit runs"
	run ccaudit report latest -f "$(echo $formats | tr ' ' ,)" -o "$tmp/$name.report"
	expect_eq 0 "$rc" "$name: report latest runs"
	for a in $(cd "$tmp/$name.audit" && ls); do
		expect_same_file "$tmp/$name.audit/$a" "$tmp/$name.report/$a" \
			"$name: report latest writes $a byte-identical to the audit's"
	done
	expect_eq 10 "$(ls "$tmp/$name.report" | wc -l | tr -d ' ')" "$name: ten formats rendered"
}

replay payments "$ex/payments-api"
replay legacy "$ex/legacy-shop"
cat >"$tmp/tailoring.yaml" <<'EOF'
ccaudit-tailoring: 1
profile: csvs-l1
deselect: [dockerfile.healthcheck]
rules:
  dockerfile.from-untrusted:
    severity: critical
    params:
      trusted: registry.example.com/
EOF
replay tailored "$ex/payments-api" --profile csvs-l1 --tailoring "$tmp/tailoring.yaml"
replay level-role "$ex/legacy-shop" --level 2 --role security --auditor 'Ana <Auditor>'

run ccaudit report "$(sql "$CCAUDIT_DB" 'SELECT uuid FROM run ORDER BY id LIMIT 1')" -f json
expect_eq 0 "$rc" "report accepts a full run id"
first=$(sql "$CCAUDIT_DB" 'SELECT uuid FROM run ORDER BY id LIMIT 1')
run ccaudit report "$(echo "$first" | cut -c1-8)" -f json -o "$tmp/by-prefix.json"
expect_eq 0 "$rc" "report accepts the first 8 characters of a run id"
expect_same_file "$tmp/payments.audit/report.json" "$tmp/by-prefix.json" \
	"the first run, rendered after later runs, is still its own report"
run ccaudit report ffffffff -f json
expect_eq 2 "$rc" "an unknown run id is a usage error"
expect_stderr_contains "no stored run has the id 'ffffffff'"
run ccaudit report 'x%' -f json
expect_eq 2 "$rc" "a malformed run id is a usage error"
run ccaudit report latest -f json --db "$tmp/none.db"
expect_eq 4 "$rc" "report on a database that does not exist: exit 4"
expect_stderr_contains "none.db"
expect_true "report did not create the missing database" test ! -e "$tmp/none.db"

# ---- secrets stay masked in the store ----------------------------------------

sdb=$tmp/secrets.db
run ccaudit audit --dockerfile "$CCA_FIXTURES/ciformats/secrets-planted.Dockerfile" --db "$sdb"
expect_eq 0 "$rc" "a Dockerfile with planted secrets is audited and saved"
expect_true "the run's findings name the secret rule" \
	test "$(sql "$sdb" "SELECT count(*) FROM finding WHERE rule_id = 'dockerfile.secret-value'")" -gt 0
leaks=""
for secret in Sup3rS3cretPassw0rd Sup3rS3cretDbPassw0rd ghp_abcdefghijklmnopqrstuvwxyz0123456789 \
	hunter2hunter2 Adm1nPassw0rdRun Adm1nPassw0rd; do
	for f in "$sdb" "$sdb-wal"; do
		[ -e "$f" ] && grep -a -q -F "$secret" "$f" && leaks="$leaks $secret@$(basename "$f")"
	done
done
expect_eq "" "$leaks" "no planted secret is in the database or its WAL, unmasked"

# ---- where runs are saved ----------------------------------------------------

runs=$(sql "$CCAUDIT_DB" 'SELECT count(*) FROM run')
run ccaudit audit "$ex/legacy-shop" --no-store
expect_eq "$runs" "$(sql "$CCAUDIT_DB" 'SELECT count(*) FROM run')" "--no-store saves nothing"
run ccaudit audit "$ex/legacy-shop" --db "$tmp/sub/dir/other.db"
expect_eq 0 "$rc" "--db creates the database and its directories"
expect_eq 1 "$(sql "$tmp/sub/dir/other.db" 'SELECT count(*) FROM run')" "--db saves there"
expect_eq "-rw-------" "$(ls -l "$tmp/sub/dir/other.db" | cut -c1-10)" \
	"the database is readable by its owner only"
expect_eq 1 "$(sql "$tmp/sub/dir/other.db" 'PRAGMA user_version')" "the schema version is 1"
expect_eq wal "$(sql "$tmp/sub/dir/other.db" 'PRAGMA journal_mode')" "the journal is WAL"
run env -u CCAUDIT_DB XDG_DATA_HOME="$tmp/xdg" "$CCAUDIT" audit "$ex/legacy-shop"
expect_true "without --db, runs go to \$XDG_DATA_HOME/ccaudit/ccaudit.db" \
	test -s "$tmp/xdg/ccaudit/ccaudit.db"
run ccaudit audit "$ex/legacy-shop" --db "$tmp/x.db" --no-store
expect_eq 2 "$rc" "--db with --no-store is a usage error"

# ---- eight at once -----------------------------------------------------------

conc=$tmp/concurrent.db
i=0
while [ $i -lt 8 ]; do
	( ccaudit audit "$ex/payments-api" --db "$conc" -t "svc-$((i % 2))" \
		>"$tmp/conc.$i.out" 2>"$tmp/conc.$i.err"; echo $? >"$tmp/conc.$i.rc" ) &
	i=$((i + 1))
done
wait
bad=""
i=0
while [ $i -lt 8 ]; do
	[ "$(cat "$tmp/conc.$i.rc")" = 0 ] || bad="$bad $i:exit$(cat "$tmp/conc.$i.rc")"
	[ -s "$tmp/conc.$i.err" ] && bad="$bad $i:$(head -c 200 "$tmp/conc.$i.err")"
	i=$((i + 1))
done
expect_eq "" "$bad" "eight concurrent audits all succeed with nothing on stderr"
expect_eq 8 "$(sql "$conc" 'SELECT count(*) FROM run')" "eight concurrent audits: eight runs saved"
expect_eq 8 "$(sql "$conc" "SELECT count(*) FROM run r WHERE (SELECT count(*) FROM rule_result WHERE run_id = r.id) = $nrules")" \
	"each of the eight runs is complete"
expect_eq "new:2 persisting:6" \
	"$(sql "$conc" "SELECT group_concat(l || ':' || n, ' ') FROM (SELECT (SELECT lifecycle FROM finding f WHERE f.run_id = r.id AND lifecycle IS NOT NULL LIMIT 1) l, count(*) n FROM run r GROUP BY l ORDER BY l)")" \
	"per target, the first of the concurrent runs is new and the later ones persisting"

# ---- SIGKILL at random moments ------------------------------------------------

kdb=$tmp/killed.db
ccaudit audit "$ex/payments-api" --db "$kdb" >/dev/null 2>&1
i=0
while [ $i -lt 100 ]; do
	"$CCAUDIT" audit "$ex/payments-api" --db "$kdb" >/dev/null 2>&1 &   # no wrapper: kill ccaudit itself
	pid=$!
	# 0 to 59 ms: before, during and after the save.
	sleep "0.0$(( ($(od -An -N1 -tu1 /dev/urandom) % 60) / 10 ))$(( $(od -An -N1 -tu1 /dev/urandom) % 10 ))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	i=$((i + 1))
done
expect_eq ok "$(sql "$kdb" 'PRAGMA integrity_check')" "after 100 audits killed at random moments, integrity_check passes"
saved=$(sql "$kdb" 'SELECT count(*) FROM run')
expect_eq "$saved" "$(sql "$kdb" "SELECT count(*) FROM run r WHERE (SELECT count(*) FROM rule_result WHERE run_id = r.id) = $nrules AND (SELECT count(*) FROM score WHERE run_id = r.id) > 0")" \
	"no half-saved run is visible ($saved runs survived)"
run ccaudit audit "$ex/payments-api" --db "$kdb"
expect_eq 0 "$rc" "the database is usable after the kills"

# ---- files that must be left alone -------------------------------------------

# refuse NAME FILE TEXT: an audit on FILE fails with exit 4 naming it and TEXT,
# and the file is unchanged.
refuse() {
	before=$(sha "$2")
	run ccaudit audit "$ex/legacy-shop" --db "$2"
	expect_eq 4 "$rc" "$1: audit exits 4"
	expect_stderr_contains "$2"
	expect_stderr_contains "$3"
	expect_eq "$before" "$(sha "$2")" "$1: the file is unchanged"
}

cp "$tmp/sub/dir/other.db" "$tmp/newer.db"
sqlite3 "$tmp/newer.db" 'PRAGMA user_version = 99'
refuse "a database of a newer schema" "$tmp/newer.db" "written by a newer ccaudit (schema 99"
run ccaudit report latest --db "$tmp/newer.db"
expect_eq 4 "$rc" "report refuses a newer schema too"

head -c 65536 /dev/urandom >"$tmp/garbage.db"
refuse "a file of random bytes" "$tmp/garbage.db" "not a ccaudit database"

printf 'SQLite format 3\000' >"$tmp/truncated.db"
head -c 3000 "$tmp/sub/dir/other.db" | tail -c +17 >>"$tmp/truncated.db"
refuse "a truncated database" "$tmp/truncated.db" "history database"

sqlite3 "$tmp/foreign.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1)'
refuse "another application's SQLite database" "$tmp/foreign.db" "not a ccaudit history database"

mkdir "$tmp/adir.db"
run ccaudit audit "$ex/legacy-shop" --db "$tmp/adir.db"
expect_eq 4 "$rc" "a directory as the database: exit 4"
expect_stderr_contains "is not a regular file"

# Read-only: as root, permissions do not bind, so drop to nobody.
cp "$tmp/sub/dir/other.db" "$tmp/ro.db"
chmod 444 "$tmp/ro.db"
if [ "$(id -u)" -eq 0 ]; then
	if have setpriv && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
		chmod 755 "$tmp"
		chmod -R a+rX "$tmp/ro.db"
		before=$(sha "$tmp/ro.db")
		run setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$CCAUDIT" audit "$ex/legacy-shop" --db "$tmp/ro.db" --data-dir "$top_srcdir"
		expect_eq 4 "$rc" "a read-only database: exit 4"
		expect_stderr_contains "it is read-only"
		expect_eq "$before" "$(sha "$tmp/ro.db")" "a read-only database: the file is unchanged"
		run setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$CCAUDIT" report latest --db "$tmp/ro.db" --data-dir "$top_srcdir" -f json
		expect_eq 0 "$rc" "report reads a read-only database"
		chmod 700 "$tmp"
	else
		skip "a read-only database" "runs as root without setpriv"
	fi
else
	refuse "a read-only database" "$tmp/ro.db" "it is read-only"
fi

# A full disk: a file-size limit (with SIGXFSZ ignored, writes fail EFBIG).
cp "$tmp/sub/dir/other.db" "$tmp/full.db"
runs_before=$(sql "$tmp/full.db" 'SELECT count(*) FROM run')
(
	trap '' XFSZ
	ulimit -f 64   # 32 KB (dash) or 64 KB (bash): the WAL index fits, a run does not
	exec "$CCAUDIT" audit "$ex/payments-api" --db "$tmp/full.db"
) >"$out" 2>"$err"
rc=$?
last_cmd="ccaudit audit --db full.db (file size limit)"
expect_eq 4 "$rc" "a full disk: exit 4"
expect_stderr_contains "was not saved"
expect_eq ok "$(sql "$tmp/full.db" 'PRAGMA integrity_check')" "a full disk: the database stays sound"
expect_eq "$runs_before" "$(sql "$tmp/full.db" 'SELECT count(*) FROM run')" \
	"a full disk: no part of the run is saved"

finish
