/*
 * answers.c - read an answers file: people's attestations for manual rules
 * and waivers for accepted failures.
 *
 *   ccaudit-answers: 1
 *   target: payments-api                    # optional
 *   answers:
 *     - id: manual.csvs-1.1                 # a rule id of the catalog
 *       status: pass                        # pass | fail | notapplicable; empty = unanswered
 *       by: J. Doe (Security)               # required with a status
 *       date: 2026-11-20                    # required with a status, YYYY-MM-DD
 *       expires: 2027-11-20                 # optional, not before date
 *       note: free text                     # optional
 *       evidence: https://...               # optional reference to the proof
 *   waivers:
 *     - id: some.rule                       # a rule id of the catalog
 *       target: payments-api                # optional: only this target
 *       by: K. Lee (Security)               # required
 *       reason: compensating control ...    # required
 *       date: 2026-11-20                    # optional
 *       expires: 2027-02-01                 # required: no waiver lasts forever
 *
 * Validation is strict and all-or-nothing: the first problem fails the load
 * with "FILE:LINE: ...", so nothing is scored as if a bad answer were fine.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccaudit/engine.h"
#include "ccaudit/util.h"
#include "ccaudit/yaml.h"

struct reader {
	const char *path;
	const struct cca_catalog *cat;
	const struct cca_linemap *lines;
	struct cca_error *err;
	/* "LEN:RULE+TARGET" or "LEN:RULE-" of each waiver read -> its index:
	 * waivers are not bounded by the catalog, so duplicates are hashed */
	json_t *waiver_keys;
};

/* Fail with the line of the value at the printf-built pointer. */
static int fail_at(struct reader *rd, const char *pointer, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail_at(struct reader *rd, const char *pointer, const char *fmt, ...)
{
	char msg[CCA_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return cca_error_set(rd->err, CCA_EINPUT, "%s:%u: %s", rd->path,
			     cca_linemap_line(rd->lines, pointer), msg);
}

/* Reject keys of obj not in allowed (NULL-terminated), suggesting a fix. */
static int check_keys(struct reader *rd, json_t *obj, const char *base,
		      const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		bool ok = false;
		char ptr[256];

		for (size_t i = 0; allowed[i]; i++)
			ok = ok || strcmp(key, allowed[i]) == 0;
		if (ok)
			continue;
		snprintf(ptr, sizeof ptr, "%s/%s", base, key);
		{
			const char *hint = cca_did_you_mean(key, allowed);

			return fail_at(rd, ptr, "unknown key '%s'%s%s%s", key,
				       hint ? "; did you mean '" : "",
				       hint ? hint : "", hint ? "'?" : "");
		}
	}
	return 0;
}

/*
 * The string member key of obj into *out (a copy, NULL when absent or
 * null).  Numbers and booleans are refused: a YAML scalar that was meant
 * as text must not silently change type.
 */
static int get_string(struct reader *rd, json_t *obj, const char *base,
		      const char *key, bool required, char **out)
{
	json_t *v = json_object_get(obj, key);
	char ptr[256];

	*out = NULL;
	snprintf(ptr, sizeof ptr, "%s/%s", base, key);
	if (!v || json_is_null(v)) {
		if (required)
			return fail_at(rd, v ? ptr : base, "'%s' is required", key);
		return 0;
	}
	if (!json_is_string(v))
		return fail_at(rd, ptr, "'%s' must be text", key);
	if (json_string_length(v) == 0) {
		if (required)
			return fail_at(rd, ptr, "'%s' must not be empty", key);
		return 0;
	}
	*out = cca_xstrdup(json_string_value(v));
	return 0;
}

static int get_date(struct reader *rd, json_t *obj, const char *base,
		    const char *key, bool required, int64_t *days)
{
	char *s = NULL;
	char ptr[256];
	int rc;

	snprintf(ptr, sizeof ptr, "%s/%s", base, key);
	if (json_is_integer(json_object_get(obj, key)))
		return fail_at(rd, ptr, "'%s' must be a date YYYY-MM-DD", key);
	if (get_string(rd, obj, base, key, required, &s) < 0)
		return -1;
	if (!s)
		return 0;
	rc = cca_date_parse(s, days);
	if (rc < 0)
		fail_at(rd, ptr, "'%s' is not a date YYYY-MM-DD: '%s'", key, s);
	free(s);
	return rc;
}

/* The rule id member of an entry, checked against the catalog. */
static int get_rule_id(struct reader *rd, json_t *e, const char *base, char **id)
{
	if (get_string(rd, e, base, "id", true, id) < 0)
		return -1;
	if (cca_catalog_find_rule(rd->cat, *id) < 0) {
		char ptr[256];

		snprintf(ptr, sizeof ptr, "%s/id", base);
		fail_at(rd, ptr, "unknown rule id '%s'", *id);
		free(*id);
		*id = NULL;
		return -1;
	}
	return 0;
}

static void attestation_release(struct cca_attestation *a)
{
	free(a->rule_id);
	free(a->by);
	free(a->note);
	free(a->evidence);
	free(a->file);
}

static void waiver_release(struct cca_waiver *w)
{
	free(w->rule_id);
	free(w->target);
	free(w->by);
	free(w->reason);
	free(w->file);
}

void cca_answers_free(struct cca_answers *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->natt; i++)
		attestation_release(&a->att[i]);
	for (size_t i = 0; i < a->nwaivers; i++)
		waiver_release(&a->waivers[i]);
	free(a->att);
	free(a->waivers);
	free(a->path);
	free(a->target);
	free(a);
}

static int read_answer(struct reader *rd, json_t *e, size_t idx,
		       struct cca_answers *out)
{
	static const char *const keys[] = {
		"id", "status", "by", "date", "expires", "note", "evidence", NULL
	};
	struct cca_attestation a = { 0 };
	char base[64], *status = NULL;
	int rc = -1;

	snprintf(base, sizeof base, "/answers/%zu", idx);
	if (!json_is_object(e))
		return fail_at(rd, base, "an answer must be a mapping with 'id' and 'status'");
	if (check_keys(rd, e, base, keys) < 0 || get_rule_id(rd, e, base, &a.rule_id) < 0 ||
	    get_string(rd, e, base, "status", false, &status) < 0)
		goto out;
	if (!status) {  /* left blank in the template: unanswered */
		rc = 0;
		goto out;
	}
	if (strcmp(status, "pass") == 0)
		a.status = CCA_PASS;
	else if (strcmp(status, "fail") == 0)
		a.status = CCA_FAIL;
	else if (strcmp(status, "notapplicable") == 0)
		a.status = CCA_NOTAPPLICABLE;
	else {
		char ptr[80];

		snprintf(ptr, sizeof ptr, "%s/status", base);
		fail_at(rd, ptr, "status '%s' is not pass, fail or notapplicable", status);
		goto out;
	}
	a.expires = CCA_NEVER;
	if (get_string(rd, e, base, "by", true, &a.by) < 0 ||
	    get_date(rd, e, base, "date", true, &a.date) < 0 ||
	    get_date(rd, e, base, "expires", false, &a.expires) < 0 ||
	    get_string(rd, e, base, "note", false, &a.note) < 0 ||
	    get_string(rd, e, base, "evidence", false, &a.evidence) < 0)
		goto out;
	if (a.expires < a.date) {
		char ptr[80];

		snprintf(ptr, sizeof ptr, "%s/expires", base);
		fail_at(rd, ptr, "'expires' is before 'date'");
		goto out;
	}
	for (size_t i = 0; i < out->natt; i++)
		if (strcmp(out->att[i].rule_id, a.rule_id) == 0) {
			char ptr[80];

			snprintf(ptr, sizeof ptr, "%s/id", base);
			fail_at(rd, ptr, "duplicate answer for '%s' (first at line %u)",
				a.rule_id, out->att[i].line);
			goto out;
		}
	a.file = cca_xstrdup(rd->path);
	a.line = cca_linemap_line(rd->lines, base);
	out->att = cca_xreallocarray(out->att, out->natt + 1, sizeof *out->att);
	out->att[out->natt++] = a;
	memset(&a, 0, sizeof a);
	rc = 0;
out:
	attestation_release(&a);
	free(status);
	return rc;
}

static int read_waiver(struct reader *rd, json_t *e, size_t idx,
		       struct cca_answers *out)
{
	static const char *const keys[] = {
		"id", "target", "by", "reason", "date", "expires", NULL
	};
	struct cca_waiver w = { 0 };
	char base[64], ptr[96], *wkey;
	json_t *first;

	snprintf(base, sizeof base, "/waivers/%zu", idx);
	if (!json_is_object(e))
		return fail_at(rd, base, "a waiver must be a mapping with 'id', 'by', 'reason' and 'expires'");
	w.date = CCA_NO_DATE;
	if (check_keys(rd, e, base, keys) < 0 || get_rule_id(rd, e, base, &w.rule_id) < 0 ||
	    get_string(rd, e, base, "target", false, &w.target) < 0 ||
	    get_string(rd, e, base, "by", true, &w.by) < 0 ||
	    get_string(rd, e, base, "reason", true, &w.reason) < 0 ||
	    get_date(rd, e, base, "date", false, &w.date) < 0 ||
	    get_date(rd, e, base, "expires", true, &w.expires) < 0)
		goto fail;
	snprintf(ptr, sizeof ptr, "%s/expires", base);
	if (w.date != CCA_NO_DATE && w.expires < w.date) {
		fail_at(rd, ptr, "'expires' is before 'date'");
		goto fail;
	}
	wkey = w.target ? cca_xasprintf("%zu:%s+%s", strlen(w.rule_id), w.rule_id, w.target)
			: cca_xasprintf("%zu:%s-", strlen(w.rule_id), w.rule_id);
	first = json_object_get(rd->waiver_keys, wkey);
	if (first) {
		free(wkey);
		snprintf(ptr, sizeof ptr, "%s/id", base);
		fail_at(rd, ptr, "duplicate waiver for '%s' (first at line %u)",
			w.rule_id, out->waivers[json_integer_value(first)].line);
		goto fail;
	}
	json_object_set_new_nocheck(rd->waiver_keys, wkey,
				    json_integer((json_int_t)out->nwaivers));
	free(wkey);
	w.file = cca_xstrdup(rd->path);
	w.line = cca_linemap_line(rd->lines, base);
	out->waivers = cca_xreallocarray(out->waivers, out->nwaivers + 1,
					 sizeof *out->waivers);
	out->waivers[out->nwaivers++] = w;
	return 0;
fail:
	waiver_release(&w);
	return -1;
}

static int read_list(struct reader *rd, json_t *root, const char *key,
		     struct cca_answers *out)
{
	json_t *list = json_object_get(root, key), *e;
	char ptr[64];
	size_t i;

	snprintf(ptr, sizeof ptr, "/%s", key);
	if (!list || json_is_null(list))
		return 0;
	if (!json_is_array(list))
		return fail_at(rd, ptr, "'%s' must be a list", key);
	json_array_foreach(list, i, e) {
		int rc = strcmp(key, "answers") == 0
			 ? read_answer(rd, e, i, out)
			 : read_waiver(rd, e, i, out);

		if (rc < 0)
			return -1;
	}
	return 0;
}

int cca_answers_load(const char *path, const struct cca_catalog *cat,
		     struct cca_answers **out, struct cca_error *err)
{
	char *data;
	size_t len;
	int rc;

	*out = NULL;
	if (cca_file_read(path, CCA_YAML_MAX_BYTES, &data, &len, err) < 0)
		return -1;
	rc = cca_answers_parse(path, data, len, cat, out, err);
	free(data);
	return rc;
}

int cca_answers_parse(const char *path, const char *data, size_t len,
		      const struct cca_catalog *cat, struct cca_answers **out,
		      struct cca_error *err)
{
	static const char *const keys[] = {
		"ccaudit-answers", "target", "answers", "waivers", NULL
	};
	struct cca_linemap *lines = NULL;
	struct cca_answers *a;
	struct reader rd = { path, cat, NULL, err, NULL };
	json_t *root = NULL, *ver;
	int rc = -1;

	*out = NULL;
	if (cca_yaml_parse(path, data, len, &root, &lines, err) < 0)
		return -1;
	rd.lines = lines;
	rd.waiver_keys = json_object();
	a = cca_xcalloc(1, sizeof *a);
	a->path = cca_xstrdup(path);
	if (!json_is_object(root)) {
		fail_at(&rd, "", "not an answers file: expected a mapping with 'ccaudit-answers: 1'");
		goto out;
	}
	ver = json_object_get(root, "ccaudit-answers");
	if (!ver) {
		fail_at(&rd, "", "not an answers file: 'ccaudit-answers: 1' is missing");
		goto out;
	}
	if (!json_is_integer(ver) || json_integer_value(ver) != 1) {
		fail_at(&rd, "/ccaudit-answers", "unsupported answers format version (this ccaudit reads 1)");
		goto out;
	}
	if (check_keys(&rd, root, "", keys) < 0 ||
	    get_string(&rd, root, "", "target", false, &a->target) < 0 ||
	    read_list(&rd, root, "answers", a) < 0 ||
	    read_list(&rd, root, "waivers", a) < 0)
		goto out;
	*out = a;
	a = NULL;
	rc = 0;
out:
	cca_answers_free(a);
	cca_linemap_free(lines);
	json_decref(rd.waiver_keys);
	json_decref(root);
	return rc;
}
