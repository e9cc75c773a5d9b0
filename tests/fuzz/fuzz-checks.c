/*
 * fuzz-checks.c - libFuzzer harness for the Dockerfile checks
 * (src/checks/dockerfile.c: its shell reader over RUN text and heredocs,
 * image references, secrets, modes, ports, .dockerignore patterns) driven
 * through the engine and the JSON renderer, as `ccaudit audit` does.
 *
 * The input is a Dockerfile, optionally followed by a line
 * "#--- .dockerignore ---" and the text of the .dockerignore beside it.
 * When the Dockerfile part parses, both are written to a private
 * directory under /tmp made once per process (rewritten each iteration),
 * collected as evidence, every Dockerfile check of the shipped catalog's
 * "all" profile runs over it, and the report is rendered as JSON.
 * The shipped catalog is found as fuzz-answers.c finds it.
 * Build and run: tests/fuzz/README.md.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ccaudit/catalog.h"
#include "ccaudit/dockerfile.h"
#include "ccaudit/engine.h"
#include "ccaudit/evidence.h"
#include "ccaudit/report.h"
#include "ccaudit/util.h"
#include "fuzz-catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TODAY 20454  /* 2026-01-01 */
#define IGNORE_MARK "\n#--- .dockerignore ---\n"

static struct cca_catalog *cat;
static struct cca_profile *all;
static char *top, *dir, *df_path, *ignore_path;

static void cleanup(void)
{
	if (ignore_path)
		unlink(ignore_path);
	if (df_path)
		unlink(df_path);
	if (dir)
		rmdir(dir);
}

static void setup(void)
{
	char tmpl[] = "/tmp/ccaudit-fuzz-checks-XXXXXX";
	struct cca_error err;

	top = fuzz_source_tree();
	cat = fuzz_shipped_catalog("fuzz-checks");
	cca_error_clear(&err);
	if (!(all = cca_profile_new(cat, "all", &err))) {
		fprintf(stderr, "fuzz-checks: %s\n", err.msg);
		exit(1);
	}
	if (!mkdtemp(tmpl)) {
		perror("fuzz-checks: mkdtemp");
		exit(1);
	}
	dir = cca_xstrdup(tmpl);
	df_path = cca_xasprintf("%s/Dockerfile", dir);
	ignore_path = cca_xasprintf("%s/.dockerignore", dir);
	atexit(cleanup);
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
		perror("fuzz-checks: writing the input");
		exit(1);
	}
}

/* Where the .dockerignore part starts (its marker), or NULL. */
static const char *find_mark(const char *s, size_t n)
{
	size_t m = strlen(IGNORE_MARK);

	for (const char *p = s; n >= m && (size_t)(p - s) <= n - m; p++) {
		p = memchr(p, '\n', n - m - (size_t)(p - s) + 1);
		if (!p)
			return NULL;
		if (memcmp(p, IGNORE_MARK, m) == 0)
			return p;
	}
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *mark;
	size_t df_len = size;
	struct cca_dockerfile *df = NULL;
	struct cca_evidence *evidence;
	struct cca_eval *ev;
	struct cca_report *rep;
	struct cca_render_opts ro;
	struct cca_error err;
	struct cca_buf out;

	if (!cat)
		setup();
	mark = find_mark(text, size);
	if (mark)
		df_len = (size_t)(mark - text) + 1;  /* keep the Dockerfile's last newline */

	/* only what parses reaches the checks: skip the file writes otherwise */
	cca_error_clear(&err);
	if (cca_dockerfile_parse(df_path, text, df_len, &df, &err) < 0)
		return 0;
	cca_dockerfile_free(df);

	write_file(df_path, text, df_len);
	if (mark) {
		size_t m = strlen(IGNORE_MARK);

		write_file(ignore_path, mark + m, size - df_len - (m - 1));
	} else {
		unlink(ignore_path);
	}

	evidence = cca_evidence_new();
	cca_evidence_add_dockerfile(evidence, df_path, NULL);
	ev = cca_eval_new(cat, all);
	cca_eval_set_target(ev, "fuzz");
	cca_eval_add_evidence_kind(ev, CCA_KIND_DOCKERFILE);
	cca_eval_run_checks(ev, evidence, "fuzz");
	cca_eval_finish(ev, TODAY);

	rep = cca_report_new(ev);
	cca_report_set_target(rep, "fuzz");
	cca_report_set_time(rep, (time_t)TODAY * 86400);
	for (size_t i = 0; i < cca_evidence_count(evidence); i++) {
		const struct cca_evidence_item *it = cca_evidence_item(evidence, i);

		if (it->sha256[0])
			cca_report_add_input_hash(rep, it->kind, it->path, it->size, it->sha256);
	}
	memset(&ro, 0, sizeof ro);
	ro.data_dir = top;
	cca_buf_init(&out);
	cca_error_clear(&err);
	if (cca_report_json(rep, &ro, &out, &err) < 0) {
		fprintf(stderr, "fuzz-checks: JSON report failed: %s\n", err.msg);
		abort();  /* rendering a finished evaluation never fails */
	}
	if (!out.len || out.data[out.len - 1] != '\n')
		abort();
	cca_buf_release(&out);

	cca_report_free(rep);
	cca_eval_free(ev);
	cca_evidence_free(evidence);
	return 0;
}
