/*
 * engine.h - evaluation: rule results from findings, attestations and
 * waivers; roll-up to controls; scores per CSVS level, role, NIST
 * countermeasure and use case.  The contract is DESIGN.md section 4.
 *
 * Life of an evaluation:
 *   ev = cca_eval_new(cat, profile);
 *   cca_eval_add_finding(...)        checks report what they observed
 *   cca_eval_add_attestation(...)    people's answers for manual rules
 *   cca_eval_add_waiver(...)         accepted exceptions
 *   cca_eval_finish(ev, today);      derive everything; ev is then read-only
 * The catalog, profile, attestations and waivers are borrowed: they must
 * outlive the evaluation.  Every list is in a deterministic order (catalog
 * order for rules and controls; rule, target, location, message for
 * findings).
 */
#ifndef CCAUDIT_ENGINE_H
#define CCAUDIT_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ccaudit/catalog.h"
#include "ccaudit/error.h"

/* Rule result statuses: the XCCDF 1.2 values, in this order. */
enum cca_status {
	CCA_PASS,
	CCA_FAIL,
	CCA_ERROR,
	CCA_UNKNOWN,
	CCA_NOTAPPLICABLE,
	CCA_NOTCHECKED,
	CCA_NOTSELECTED,
	CCA_INFORMATIONAL,
	CCA_FIXED
};
#define CCA_STATUS_COUNT 9

/*
 * What a rule result counts as in a roll-up, and the status of a rolled-up
 * control.  A waived failure counts as WAIVED (passing, visibly); notchecked
 * and unknown count as UNVERIFIED; notselected and informational do not
 * count (NOTSELECTED).
 */
enum cca_rollup {
	CCA_RU_PASS,
	CCA_RU_WAIVED,
	CCA_RU_FAIL,
	CCA_RU_ERROR,
	CCA_RU_UNVERIFIED,
	CCA_RU_NOTAPPLICABLE,
	CCA_RU_NOTSELECTED
};
#define CCA_RU_COUNT 7

/* "No expiry" for attestations and waivers. */
#define CCA_NEVER INT64_MAX
/* "No date given" (day numbers before 1970 are negative, so not -1). */
#define CCA_NO_DATE INT64_MIN

/* A person's answer for a rule (normally a manual one). */
struct cca_attestation {
	char *rule_id;
	enum cca_status status;   /* CCA_PASS, CCA_FAIL or CCA_NOTAPPLICABLE */
	char *by;
	int64_t date;             /* days since 1970-01-01 */
	int64_t expires;          /* days, or CCA_NEVER */
	char *note;               /* may be NULL */
	char *evidence;           /* reference to the proof; may be NULL */
	char *file;               /* where it was read */
	unsigned line;
};

/* An accepted exception: turns a failure of rule_id into a visible pass. */
struct cca_waiver {
	char *rule_id;
	char *target;             /* NULL: every target */
	char *by;
	char *reason;
	int64_t date;             /* days, or CCA_NO_DATE */
	int64_t expires;          /* days, or CCA_NEVER */
	char *file;
	unsigned line;
};

/* An answers file as `ccaudit checklist -f yaml` writes it. */
struct cca_answers {
	char *path;
	char *target;             /* may be NULL */
	struct cca_attestation *att;
	size_t natt;
	struct cca_waiver *waivers;
	size_t nwaivers;
};

/*
 * Read and validate an answers file against cat.  Every problem (not YAML,
 * wrong version, unknown rule id, bad status, malformed or impossible date,
 * expiry before the date, duplicate id, missing "by") fails with
 * CCA_EINPUT and "FILE:LINE: ..."; nothing is half-loaded.
 */
int cca_answers_load(const char *path, const struct cca_catalog *cat,
		     struct cca_answers **out, struct cca_error *err);
/* The same for len bytes already read from path (named in messages). */
int cca_answers_parse(const char *path, const char *data, size_t len,
		      const struct cca_catalog *cat, struct cca_answers **out,
		      struct cca_error *err);
void cca_answers_free(struct cca_answers *a);

/* What a check observed at one location. */
struct cca_finding {
	size_t rule;
	const char *target;       /* what was audited: image, directory, host */
	enum cca_status status;
	const char *message;
	const char *location;     /* "Dockerfile:12", "layer 3: /etc/shadow", "daemon.json: icc" */
	const char *fingerprint;  /* stable across runs: rule + target + location */
	const struct cca_waiver *suppression;  /* written in the evidence; may be NULL */
	bool waived;              /* a failure the suppression accepts (in force today) */
	bool suppression_expired; /* the suppression is not in force today */
};

/*
 * The stable fingerprint of a finding (32 hex digits into out[33]): rule,
 * target and location, so it survives unrelated edits and reruns.
 */
void cca_fingerprint(const char *rule_id, const char *target, const char *location,
		     char out[33]);

struct cca_tally {
	unsigned n[CCA_RU_COUNT];
};

struct cca_rule_result {
	size_t rule;
	enum cca_status status;   /* effective: a waived failure is CCA_PASS */
	enum cca_status observed; /* before any waiver */
	bool waived;
	const struct cca_waiver *waiver;            /* applied or expired; may be NULL */
	const struct cca_attestation *attestation;  /* used or expired; may be NULL */
	bool attestation_expired;
	bool waiver_expired;
	const char *message;      /* why it has this status */
	size_t checked;           /* evidence items its check ran over */
	size_t first_finding;     /* its findings: a run in cca_eval_finding() */
	size_t nfindings;
};

struct cca_control_result {
	size_t control;
	enum cca_rollup status;
	struct cca_tally rules;   /* its selected rules by category */
};

struct cca_level_score {
	unsigned level;
	struct cca_tally controls; /* CSVS requirements at this level by status */
	bool scored;               /* false when every requirement is notapplicable */
	double score;              /* (pass + waived) / (total - notapplicable) */
	bool met;                  /* every requirement pass, waived or notapplicable */
};

struct cca_eval;
struct cca_arena;

struct cca_eval *cca_eval_new(const struct cca_catalog *cat,
			      const struct cca_profile *profile);
void cca_eval_free(struct cca_eval *ev);

/*
 * Record a finding; strings are copied.  Findings for rules the profile
 * does not select are dropped.  target and location may be NULL.  A
 * suppression written in the evidence (borrowed; may be NULL) waives a
 * failure while it is in force.
 */
void cca_eval_add_finding(struct cca_eval *ev, size_t rule, const char *target,
			  enum cca_status status, const char *location,
			  const char *message, const struct cca_waiver *suppression);

/*
 * A finding as a check or the store hands it over.  The fingerprint is
 * fingerprint when given (a stored run), else made from rule, target and
 * key, a location that survives unrelated edits (the instruction, not its
 * line), else location.
 */
struct cca_finding_in {
	size_t rule;
	const char *target;
	enum cca_status status;
	const char *location;
	const char *key;          /* may be NULL */
	const char *fingerprint;  /* may be NULL */
	const char *message;
	const struct cca_waiver *suppression;  /* may be NULL */
};
/* Record a finding as cca_eval_add_finding() does. */
void cca_eval_record(struct cca_eval *ev, const struct cca_finding_in *in);
/*
 * The same for a finding whose location, message and fingerprint (not
 * NULL) are in memory ev keeps: strings of an arena handed to it with
 * cca_eval_keep (the key is not used).  Made so that threads can prepare
 * findings (cca_fingerprint included) that one thread then records.
 */
void cca_eval_record_kept(struct cca_eval *ev, const struct cca_finding_in *in);
/* Take over the pieces of strings (empty after), freed with ev. */
void cca_eval_keep(struct cca_eval *ev, struct cca_arena *strings);

/*
 * Suppress, with w (borrowed), the findings whose fingerprint is
 * fingerprint and which carry no suppression of their own.  Before
 * cca_eval_finish().
 */
void cca_eval_suppress(struct cca_eval *ev, const char *fingerprint,
		       const struct cca_waiver *w);

/*
 * Run every selected automated rule's check over each evidence item of the
 * check's kind, recording what they report as findings on target.  An
 * item that could not be read makes each of its rules `error`; a check
 * that reports nothing for an item passes there (counted, not recorded).
 * A Dockerfile not read yet is read just before its checks, and its parse
 * is released right after them (cca_evidence_release_dockerfile).
 */
struct cca_evidence;
void cca_eval_run_checks(struct cca_eval *ev, struct cca_evidence *evidence,
			 const char *target);
/*
 * Let cca_eval_run_checks run the checks of Dockerfile items on up to jobs
 * threads (default 1).  The findings are recorded in the order one thread
 * would record them, so nothing downstream sees a difference.
 */
void cca_eval_set_jobs(struct cca_eval *ev, unsigned jobs);
unsigned cca_eval_jobs(const struct cca_eval *ev);
/*
 * The name of what this run audits: the target of attestations, and of a
 * failure that no finding locates.  Default "".
 */
void cca_eval_set_target(struct cca_eval *ev, const char *target);
/*
 * Note that rule's check ran over one more evidence item.  A rule whose
 * check ran and reported nothing passes ("no finding in N items").
 */
void cca_eval_note_checked(struct cca_eval *ev, size_t rule);
/* Note one more collected item of kind ("dockerfile", "image", ...). */
void cca_eval_add_evidence_kind(struct cca_eval *ev, const char *kind);
void cca_eval_add_attestation(struct cca_eval *ev, const struct cca_attestation *a);
void cca_eval_add_waiver(struct cca_eval *ev, const struct cca_waiver *w);

/* Derive rule results, roll-ups and scores as of day today. */
void cca_eval_finish(struct cca_eval *ev, int64_t today);

const struct cca_catalog *cca_eval_catalog(const struct cca_eval *ev);
const char *cca_eval_target(const struct cca_eval *ev);
/* What went in: evidence kinds, attestations and waivers, in the order added. */
size_t cca_eval_nkinds(const struct cca_eval *ev);
const char *cca_eval_kind(const struct cca_eval *ev, size_t i);
/* How many items of kind i were collected. */
size_t cca_eval_kind_items(const struct cca_eval *ev, size_t i);
size_t cca_eval_nattestations(const struct cca_eval *ev);
const struct cca_attestation *cca_eval_attestation(const struct cca_eval *ev, size_t i);
size_t cca_eval_nwaivers(const struct cca_eval *ev);
const struct cca_waiver *cca_eval_waiver(const struct cca_eval *ev, size_t i);
const struct cca_profile *cca_eval_profile(const struct cca_eval *ev);

/* One result per catalog rule, in catalog order (index = rule index). */
const struct cca_rule_result *cca_eval_rule(const struct cca_eval *ev, size_t rule);
/* One result per catalog control, in catalog order. */
const struct cca_control_result *cca_eval_control(const struct cca_eval *ev, size_t control);
size_t cca_eval_nfindings(const struct cca_eval *ev);
const struct cca_finding *cca_eval_finding(const struct cca_eval *ev, size_t i);

/* CSVS level 1..3. */
const struct cca_level_score *cca_eval_level(const struct cca_eval *ev, unsigned level);
/* Highest level L such that levels 1..L are all met; 0 when level 1 is not. */
unsigned cca_eval_level_achieved(const struct cca_eval *ev);
/* Selected rules owned by role (a single enum cca_role bit), by category. */
struct cca_tally cca_eval_role(const struct cca_eval *ev, unsigned role);
/* Controls of framework fw by status. */
struct cca_tally cca_eval_framework(const struct cca_eval *ev, size_t fw);

/* ---- the roll-up rules, exposed for tests and renderers ---------------- */

/* How a rule status counts in a roll-up. */
enum cca_rollup cca_rollup_category(enum cca_status status, bool waived);
/* The roll-up of a tally: fail > error > unverified > (none) > all-NA > waived > pass. */
enum cca_rollup cca_rollup_of(const struct cca_tally *t);
/* (pass + waived) / (counted - notapplicable); false when that is 0/0. */
bool cca_tally_score(const struct cca_tally *t, double *score);
/* Items counted (everything but NOTSELECTED). */
unsigned cca_tally_counted(const struct cca_tally *t);

const char *cca_status_name(enum cca_status s);       /* XCCDF spelling */
int cca_status_parse(const char *s, enum cca_status *out);
const char *cca_rollup_name(enum cca_rollup r);

#endif
