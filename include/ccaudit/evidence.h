/*
 * evidence.h - what an audit collects: one item per input (a Dockerfile
 * today; images, daemon and registry configuration later), each with its
 * path, hash and parsed model, or the reason it could not be read.
 *
 * Collecting never fails the run: an input that cannot be read or parsed
 * becomes an item with an error, so its rules report `error` and the other
 * inputs are still evaluated.  Only allocation failures and bugs stop it.
 */
#ifndef CCAUDIT_EVIDENCE_H
#define CCAUDIT_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>

#include "ccaudit/dockerfile.h"
#include "ccaudit/engine.h"
#include "ccaudit/error.h"

#define CCA_KIND_DOCKERFILE "dockerfile"

struct cca_evidence_item {
	const char *kind;       /* CCA_KIND_DOCKERFILE, ... */
	const char *path;       /* as found: relative to the audited directory's parent */
	uint64_t size;
	char sha256[65];        /* of the bytes read; "" when unreadable */
	const char *error;      /* why it cannot be evaluated, or NULL */

	/* kind "dockerfile" */
	const struct cca_dockerfile *dockerfile;
	long stage;             /* the stage that is the image, -1 when none */
	const char *dockerignore;       /* the .dockerignore beside it, or NULL */
	const char *dockerignore_path;

	/*
	 * Suppressions written in the input ("# ccaudit ignore=RULE ..."), as
	 * waivers: line is the line they apply to (0: the whole file).
	 */
	const struct cca_waiver *suppressions;
	const unsigned *suppressed_lines;
	size_t nsuppressions;
	const char *const *warnings;    /* malformed suppressions, ... */
	size_t nwarnings;
};

struct cca_evidence;

struct cca_evidence *cca_evidence_new(void);
void cca_evidence_free(struct cca_evidence *ev);

size_t cca_evidence_count(const struct cca_evidence *ev);
const struct cca_evidence_item *cca_evidence_item(const struct cca_evidence *ev, size_t i);

/*
 * Add the Dockerfile at path; stage names the build stage that is the
 * image (NULL: the last).  A file that cannot be read or parsed, or a stage
 * that does not exist, is recorded as the item's error.
 */
void cca_evidence_add_dockerfile(struct cca_evidence *ev, const char *path,
				 const char *stage);

/*
 * Walk dir and add every Dockerfile, Containerfile, *.Dockerfile and
 * Dockerfile.* (skipping .git, node_modules and paths matching one of the
 * NULL-terminated fnmatch patterns in excludes), in sorted order.  Returns
 * the number added; an unreadable directory is an error (CCA_EIO).
 */
long cca_evidence_discover(struct cca_evidence *ev, const char *dir,
			   const char *const *excludes, const char *stage,
			   struct cca_error *err);

/* Whether a file name is one discovery treats as a Dockerfile. */
bool cca_evidence_is_dockerfile_name(const char *name);

#endif
