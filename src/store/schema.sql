-- schema.sql - the ccaudit history database, schema version 1.
--
-- Applied in one transaction to an empty database, which then gets
-- PRAGMA user_version = 1.  A later version adds migrate-N.sql, applied in
-- order; a shipped version of this file never changes.
--
-- Days are days since 1970-01-01 (NULL: none); times are Unix seconds.
-- Statuses are XCCDF's spelling (pass, fail, ...).  Secrets in messages and
-- locations were masked before they reached the store.

-- Content-addressed bytes: the catalog files and tailorings runs read, so
-- a stored run can be evaluated and rendered again.
CREATE TABLE blob (
	sha256 TEXT PRIMARY KEY,
	data BLOB NOT NULL
) WITHOUT ROWID;

-- What is audited, by its stable name (--target).
CREATE TABLE target (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE
);

CREATE TABLE run (
	id INTEGER PRIMARY KEY,
	uuid TEXT NOT NULL UNIQUE,
	target_id INTEGER NOT NULL REFERENCES target(id),
	time INTEGER NOT NULL,           -- when the report was generated
	today INTEGER NOT NULL,          -- the day it was evaluated for
	tool_version TEXT NOT NULL,
	catalog_version TEXT NOT NULL,
	profile TEXT NOT NULL,           -- as given: all, csvs-l1 ...
	roles INTEGER NOT NULL,          -- role filter bits (7: none)
	tailoring_path TEXT,
	tailoring_sha256 TEXT REFERENCES blob(sha256),
	eval_target TEXT NOT NULL,       -- the evaluation's target name
	auditor TEXT,
	achieved INTEGER NOT NULL,       -- CSVS level achieved
	failed INTEGER NOT NULL,         -- rules failing
	open INTEGER NOT NULL,           -- failing findings not waived
	fixed INTEGER NOT NULL           -- findings fixed since the previous run
);
CREATE INDEX run_by_target ON run(target_id, time, uuid);

-- The catalog files the run loaded, in order.
CREATE TABLE run_catalog (
	run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	path TEXT NOT NULL,
	sha256 TEXT NOT NULL REFERENCES blob(sha256),
	PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;

-- Every input the run read (the report's inventory), in order.
CREATE TABLE evidence (
	run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	kind TEXT NOT NULL,
	path TEXT NOT NULL,
	size INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;

-- Evidence kinds collected (what the checks had to look at), with the
-- number of items of each.
CREATE TABLE evidence_kind (
	run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	items INTEGER NOT NULL DEFAULT 1,
	PRIMARY KEY (run_id, kind)
) WITHOUT ROWID;

CREATE TABLE rule_result (
	run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	rule_id TEXT NOT NULL,
	status TEXT NOT NULL,            -- effective
	observed TEXT NOT NULL,          -- before any waiver
	waived INTEGER NOT NULL,
	checked INTEGER NOT NULL,        -- evidence items its check ran over
	severity TEXT NOT NULL,
	roles INTEGER NOT NULL,
	message TEXT,
	PRIMARY KEY (run_id, rule_id)
) WITHOUT ROWID;

CREATE TABLE control_result (
	run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	control_id TEXT NOT NULL,
	status TEXT NOT NULL,            -- pass, waived, fail, error, unverified ...
	PRIMARY KEY (run_id, control_id)
) WITHOUT ROWID;

-- Scores: per CSVS level (kind 'level', key '1'..'3'), per role, per
-- framework.  score is NULL when nothing was scored.
CREATE TABLE score (
	run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	key TEXT NOT NULL,
	pass INTEGER NOT NULL,
	waived INTEGER NOT NULL,
	fail INTEGER NOT NULL,
	error INTEGER NOT NULL,
	unverified INTEGER NOT NULL,
	notapplicable INTEGER NOT NULL,
	score REAL,
	met INTEGER,
	PRIMARY KEY (run_id, kind, key)
) WITHOUT ROWID;

-- What the checks observed.  The suppression columns hold the waiver
-- written in the evidence or given with `ccaudit waive` (sup_source).
CREATE TABLE finding (
	run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	rule_id TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	target TEXT NOT NULL,
	status TEXT NOT NULL,
	location TEXT NOT NULL,
	message TEXT NOT NULL,
	waived INTEGER NOT NULL,
	levels INTEGER NOT NULL,         -- CSVS level bits of the rule's requirements
	lifecycle TEXT,                  -- new, persisting, reopened (failing ones)
	owner TEXT,                      -- the assignment in force when saved
	owner_role TEXT,
	due INTEGER,
	sup_source TEXT,                 -- 'evidence' or 'store'; NULL: none
	sup_rule_id TEXT,
	sup_target TEXT,
	sup_by TEXT,
	sup_reason TEXT,
	sup_date INTEGER,
	sup_expires INTEGER,
	sup_file TEXT,
	sup_line INTEGER,
	PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
CREATE INDEX finding_by_fingerprint ON finding(fingerprint, run_id);

-- Every fingerprint that ever failed on a target: the run it first failed
-- in and the run it last failed in (by time, then id).  Derived from the
-- finding rows by the trigger below (for saved and imported runs alike),
-- so that `ccaudit findings` reads one row per tracked finding instead of
-- every run of the history.
CREATE TABLE track (
	target_id INTEGER NOT NULL REFERENCES target(id),
	fingerprint TEXT NOT NULL,
	first_run INTEGER NOT NULL REFERENCES run(id),
	first_time INTEGER NOT NULL,
	last_run INTEGER NOT NULL REFERENCES run(id),
	last_time INTEGER NOT NULL,
	PRIMARY KEY (target_id, fingerprint)
) WITHOUT ROWID;

CREATE TRIGGER track_failure AFTER INSERT ON finding WHEN NEW.status = 'fail'
BEGIN
	INSERT INTO track(target_id, fingerprint, first_run, first_time, last_run, last_time)
	SELECT r.target_id, NEW.fingerprint, r.id, r.time, r.id, r.time
	FROM run r WHERE r.id = NEW.run_id
	ON CONFLICT (target_id, fingerprint) DO UPDATE SET
		first_run = CASE WHEN (excluded.first_time, excluded.first_run) < (first_time, first_run)
			    THEN excluded.first_run ELSE first_run END,
		first_time = min(first_time, excluded.first_time),
		last_run = CASE WHEN (excluded.last_time, excluded.last_run) > (last_time, last_run)
			   THEN excluded.last_run ELSE last_run END,
		last_time = max(last_time, excluded.last_time);
END;

-- Findings of the previous run that this run no longer has failing.
CREATE TABLE fixed (
	run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	fingerprint TEXT NOT NULL,
	rule_id TEXT NOT NULL,
	location TEXT NOT NULL,
	PRIMARY KEY (run_id, fingerprint)
) WITHOUT ROWID;

-- People's answers the run used.
CREATE TABLE attestation (
	run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	rule_id TEXT NOT NULL,
	status TEXT NOT NULL,
	by TEXT NOT NULL,
	date INTEGER NOT NULL,
	expires INTEGER,                 -- NULL: never
	note TEXT,
	evidence TEXT,
	file TEXT NOT NULL,
	line INTEGER NOT NULL,
	PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;

-- Waivers of rules the run applied (from answers files and the store).
CREATE TABLE run_waiver (
	run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	rule_id TEXT NOT NULL,
	target TEXT,
	by TEXT NOT NULL,
	reason TEXT NOT NULL,
	date INTEGER,
	expires INTEGER,
	file TEXT NOT NULL,
	line INTEGER NOT NULL,
	PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;

-- Decisions that apply to later runs.
CREATE TABLE assignment (
	target_id INTEGER NOT NULL REFERENCES target(id),
	fingerprint TEXT NOT NULL,
	owner TEXT NOT NULL,
	role TEXT,
	due INTEGER,
	by TEXT,
	date INTEGER NOT NULL,
	PRIMARY KEY (target_id, fingerprint)
) WITHOUT ROWID;

-- A waiver of one finding (fingerprint set, target_id set) or of a rule
-- (fingerprint '', target_id NULL for every target).
CREATE TABLE waiver (
	id INTEGER PRIMARY KEY,
	target_id INTEGER REFERENCES target(id),
	fingerprint TEXT NOT NULL,
	rule_id TEXT NOT NULL,
	by TEXT NOT NULL,
	reason TEXT NOT NULL,
	date INTEGER NOT NULL,
	expires INTEGER                  -- NULL: never
);
CREATE UNIQUE INDEX waiver_subject ON waiver(ifnull(target_id, 0), fingerprint, rule_id);
