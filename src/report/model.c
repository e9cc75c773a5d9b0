/* model.c - the report model: an evaluation plus the facts of the run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccaudit/report.h"

struct cca_report {
	const struct cca_eval *ev;
	char *target;
	char *auditor;
	time_t generated;
	struct cca_inventory_item *evidence;
	size_t nevidence;
};

struct cca_report *cca_report_new(const struct cca_eval *ev)
{
	struct cca_report *r = cca_xcalloc(1, sizeof *r);

	r->ev = ev;
	r->target = cca_xstrdup("unnamed");
	r->generated = cca_now();
	return r;
}

void cca_report_free(struct cca_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nevidence; i++) {
		free(r->evidence[i].kind);
		free(r->evidence[i].path);
	}
	free(r->evidence);
	free(r->target);
	free(r->auditor);
	free(r);
}

void cca_report_set_target(struct cca_report *r, const char *name)
{
	free(r->target);
	r->target = cca_xstrdup(name);
}

void cca_report_set_auditor(struct cca_report *r, const char *name)
{
	free(r->auditor);
	r->auditor = cca_xstrdup(name);
}

const char *cca_report_auditor(const struct cca_report *r)
{
	return r->auditor;
}

void cca_report_set_time(struct cca_report *r, time_t generated)
{
	r->generated = generated;
}

void cca_report_add_input_hash(struct cca_report *r, const char *kind,
				  const char *path, uint64_t size,
				  const char *sha256)
{
	struct cca_inventory_item *e;

	r->evidence = cca_xreallocarray(r->evidence, r->nevidence + 1,
					sizeof *r->evidence);
	e = &r->evidence[r->nevidence++];
	e->kind = cca_xstrdup(kind);
	e->path = cca_xstrdup(path);
	e->size = size;
	snprintf(e->sha256, sizeof e->sha256, "%s", sha256);
}

void cca_report_add_input(struct cca_report *r, const char *kind,
			     const char *path, const void *data, size_t len)
{
	char hex[65];

	cca_sha256_hex(data, len, hex);
	cca_report_add_input_hash(r, kind, path, len, hex);
}

const struct cca_eval *cca_report_eval(const struct cca_report *r) { return r->ev; }
const char *cca_report_target(const struct cca_report *r) { return r->target; }
time_t cca_report_time(const struct cca_report *r) { return r->generated; }
size_t cca_report_ninputs(const struct cca_report *r) { return r->nevidence; }

const struct cca_inventory_item *cca_report_input(const struct cca_report *r, size_t i)
{
	return i < r->nevidence ? &r->evidence[i] : NULL;
}

