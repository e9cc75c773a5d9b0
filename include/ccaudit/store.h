/*
 * store.h - the history of audits in one SQLite file.
 *
 * Every run is saved in one transaction: the run, its target, the inputs
 * it read (with the catalog and tailoring themselves, so the run can be
 * evaluated and rendered again), the rule results, control results,
 * scores and findings.  Findings are followed across the runs of a target
 * by their fingerprint (rule + target + a location that survives unrelated
 * edits): each failing one is new, persisting or reopened, and one that
 * stops failing is fixed.  People's decisions about findings (an owner, a
 * waiver) live in the store and apply to later runs.
 *
 * The schema is src/store/schema.sql; PRAGMA user_version numbers it and
 * opening a database migrates it forward.  Every statement binds its
 * parameters.  Errors: CCA_ESTORE (the file cannot be opened, is not a
 * ccaudit database, was written by a newer ccaudit, is read-only, the disk
 * is full), CCA_EUSAGE (an unknown or ambiguous run or finding id),
 * CCA_EINPUT (an import file that is not a ccaudit export).
 * Only this module includes sqlite3.h.
 */
#ifndef CCAUDIT_STORE_H
#define CCAUDIT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ccaudit/engine.h"
#include "ccaudit/error.h"
#include "ccaudit/report.h"
#include "ccaudit/util.h"

struct cca_store;

/* The schema version this ccaudit writes (PRAGMA user_version). */
#define CCA_STORE_SCHEMA 1

/* How long a writer waits for another process's transaction (ms). */
#define CCA_STORE_BUSY_MS 60000

/*
 * The database path when none is given: $CCAUDIT_DB, else
 * $XDG_DATA_HOME/ccaudit/ccaudit.db, else ~/.local/share/ccaudit/ccaudit.db.
 * Returns a new string; NULL (with err) when there is no home directory.
 */
char *cca_store_default_path(struct cca_error *err);

/*
 * Open the database at path.  With write, a missing file is created (mode
 * 0600, its directory too) and an older schema migrated forward; a
 * read-only file fails.  Without write, the file must exist and may be
 * read-only.  WAL journal, foreign keys on, a busy timeout of
 * CCA_STORE_BUSY_MS.  A database of a newer schema, a file that is not a
 * ccaudit database, or one that cannot be opened fails with CCA_ESTORE
 * and nothing is written to it.
 */
int cca_store_open(const char *path, bool write, struct cca_store **out,
		   struct cca_error *err);
void cca_store_close(struct cca_store *s);
const char *cca_store_path(const struct cca_store *s);

/* ---- decisions: owners and waivers that apply to later runs ---------- */

/* An owner given to a finding with `ccaudit assign`. */
struct cca_assignment {
	char fingerprint[33];
	char *owner;
	char *role;           /* a role name, or NULL */
	int64_t due;          /* days since 1970-01-01, or CCA_NO_DATE */
	char *by;             /* may be NULL */
	int64_t date;         /* when it was assigned (days) */
};

/*
 * A waiver given with `ccaudit waive`: of one finding (fingerprint set),
 * or of a rule on a target (waiver.rule_id and waiver.target set).
 */
struct cca_store_waiver {
	char fingerprint[33]; /* "" for a rule waiver */
	struct cca_waiver waiver;
};

/* The decisions in force for a target, as one run applies them. */
struct cca_decisions {
	struct cca_assignment *assignments;
	size_t nassignments;
	struct cca_store_waiver *waivers;
	size_t nwaivers;
};

/*
 * Read every assignment and waiver recorded for target (waivers of a rule
 * on every target too), expired ones included: the engine decides what is
 * in force and says when a waiver expired.  *out is freed with
 * cca_decisions_free().
 */
int cca_store_decisions(struct cca_store *s, const char *target,
			struct cca_decisions **out, struct cca_error *err);
void cca_decisions_free(struct cca_decisions *d);
/* The assignment of fingerprint, or NULL. */
const struct cca_assignment *cca_decisions_owner(const struct cca_decisions *d,
						 const char *fingerprint);

/*
 * Apply d to an evaluation before cca_eval_finish(): rule waivers are
 * added as waivers; a finding waiver suppresses the findings with its
 * fingerprint that carry no suppression of their own.
 */
void cca_decisions_apply(const struct cca_decisions *d, struct cca_eval *ev);

/*
 * Give the finding (a fingerprint, or a unique prefix of at least 6 hex
 * digits, of a finding stored for some target) an owner.  Replaces an
 * earlier assignment.  CCA_EUSAGE when no or several findings match.
 */
int cca_store_assign(struct cca_store *s, const char *finding,
		     const struct cca_assignment *a, struct cca_error *err);

/*
 * Record a waiver: of finding (as for cca_store_assign) when finding is
 * non-NULL, else of w->rule_id on w->target (NULL: every target).
 * Replaces an earlier waiver of the same finding, or rule and target.
 */
int cca_store_waive(struct cca_store *s, const char *finding,
		    const struct cca_waiver *w, struct cca_error *err);

/* ---- saving and loading runs ----------------------------------------- */

/*
 * The facts of a run that the report model does not hold: how the profile
 * was built (so the run can be evaluated again) and the bytes of the
 * tailoring it read (the catalog keeps its own files' bytes).
 */
struct cca_run_source {
	const char *profile;           /* the profile name given ("all", "csvs-l2") */
	unsigned roles;                /* the role filter (CCA_ROLE_ALL: none) */
	const char *tailoring_path;    /* NULL when none */
	const char *tailoring;         /* its bytes */
	size_t tailoring_len;
	const struct cca_decisions *decisions;  /* applied to the run; may be NULL */
	int64_t today;                 /* the day the evaluation was finished for */
	const char *tool_version;
};

/*
 * Save the run of rep in one transaction, after giving rep a new run id
 * (a random UUID), each failing finding its lifecycle (new, persisting,
 * reopened against the earlier runs of rep's target) and owner, the
 * findings fixed since the previous run, and the trend of the target's
 * runs up to this one.  Nothing of the run is visible to other readers
 * until it is complete; on failure nothing of it is saved.
 */
int cca_store_save(struct cca_store *s, struct cca_report *rep,
		   const struct cca_run_source *src, struct cca_error *err);

/* A run loaded from the store, with everything its report borrows. */
struct cca_stored_run;

/*
 * Load run (a UUID, a unique prefix of at least 4 of its characters, or
 * "latest" for the newest run) and evaluate it again from what was
 * stored, so its report renders as it did when it was saved.  xsd_path
 * validates the stored catalog.  CCA_EUSAGE when no or several runs match.
 */
int cca_store_load_run(struct cca_store *s, const char *run, const char *xsd_path,
		       struct cca_stored_run **out, struct cca_error *err);
void cca_stored_run_free(struct cca_stored_run *r);
struct cca_report *cca_stored_run_report(const struct cca_stored_run *r);

/*
 * Resolve run (as for cca_store_load_run) to its full UUID in
 * uuid[37].  CCA_EUSAGE when no or several runs match.
 */
int cca_store_resolve_run(struct cca_store *s, const char *run, char uuid[37],
			  struct cca_error *err);

/* ---- queries ---------------------------------------------------------- */

/* One run as `ccaudit history` lists it. */
struct cca_history_row {
	char uuid[37];
	char *target;
	time_t time;
	unsigned achieved;              /* CSVS level achieved */
	bool scored[CCA_LEVEL_MAX + 1]; /* per level 1..3 */
	double score[CCA_LEVEL_MAX + 1];
	unsigned failed;                /* rules failing */
	unsigned open;                  /* failing findings not waived */
	unsigned fixed;                 /* findings fixed since the previous run */
};

/* The runs of target (NULL: all targets), oldest first. */
int cca_store_history(struct cca_store *s, const char *target,
		      struct cca_history_row **rows, size_t *n,
		      struct cca_error *err);
void cca_history_rows_free(struct cca_history_row *rows, size_t n);

/* Which findings `ccaudit findings` lists. */
enum cca_finding_state {
	CCA_FS_ANY,
	CCA_FS_OPEN,      /* failing in the target's latest run, not waived */
	CCA_FS_WAIVED,    /* failing in the latest run, waived (itself or its rule) */
	CCA_FS_FIXED      /* failed in an earlier run, not in the latest */
};

struct cca_finding_filter {
	const char *target;   /* NULL: every target */
	unsigned roles;       /* role bits; CCA_ROLE_ALL: any.  A finding assigned to
				 a role belongs to it, else to its rule's roles */
	const char *owner;    /* NULL: any */
	enum cca_finding_state state;
	unsigned level;       /* 0: any; else findings of rules mapped to CSVS level <= level */
};

/* One tracked finding as of its target's latest run. */
struct cca_finding_row {
	char fingerprint[33];
	char *target;
	char *rule_id;
	char *severity;
	unsigned roles;
	char *location;
	char *message;
	enum cca_finding_state state;
	char *lifecycle;      /* "new", "persisting", "reopened" or "fixed" */
	char first_run[37];
	time_t first_seen;
	char last_run[37];    /* the run it was last seen failing in */
	char *owner;          /* NULL when unassigned */
	char *owner_role;
	int64_t due;          /* or CCA_NO_DATE */
	char *waived_by;      /* NULL when not waived */
	char *waiver_reason;
	int64_t waiver_expires;
};

/* The findings that match f, by target, severity (highest first), rule, location. */
int cca_store_findings(struct cca_store *s, const struct cca_finding_filter *f,
		       struct cca_finding_row **rows, size_t *n,
		       struct cca_error *err);
void cca_finding_rows_free(struct cca_finding_row *rows, size_t n);

/* ---- moving runs between databases ----------------------------------- */

/* The largest export document cca_store_import() reads. */
#define CCA_STORE_IMPORT_MAX_BYTES (256u << 20)

/*
 * Append the runs (each as for cca_store_load_run) to out as one JSON
 * export document: every stored row of each run, blobs included.
 */
int cca_store_export(struct cca_store *s, const char *const *runs, size_t nruns,
		     struct cca_buf *out, struct cca_error *err);

/*
 * Merge an export document into the store in one transaction; runs already
 * present (by UUID) are skipped, targets are created by name, and the
 * rows are stored as exported.  Assignments and waivers the store already
 * has for the same subject are kept.  *added and *skipped count runs.
 * A document that is not an export (not JSON, another format or version,
 * a missing or mistyped field, a file over CCA_STORE_IMPORT_MAX_BYTES)
 * fails with CCA_EINPUT "PATH[:LINE]: ..." and nothing is imported.
 */
int cca_store_import(struct cca_store *s, const char *path, const char *data,
		     size_t len, size_t *added, size_t *skipped,
		     struct cca_error *err);

#endif
