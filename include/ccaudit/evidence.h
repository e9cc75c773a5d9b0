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
#include "ccaudit/yaml.h"

#define CCA_KIND_DOCKERFILE "dockerfile"

struct cca_evidence_item {
	const char *kind;       /* CCA_KIND_DOCKERFILE, ... */
	const char *path;       /* as found: relative to the audited directory's parent */
	uint64_t size;
	char sha256[65];        /* of the bytes read; "" when unreadable */
	const char *error;      /* why it cannot be evaluated, or NULL */

	/* kind "dockerfile" (the parse is released once the checks have run) */
	const struct cca_dockerfile *dockerfile;
	const char *const *base_images; /* what its stages build on: expanded, no
					   scratch, no earlier stage, each once */
	size_t nbase_images;
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

	/* Every other kind: the model its collector built (its header says which). */
	const void *model;
	const struct cca_linemap *lines; /* where the keys of a JSON or YAML input stood */
	const char *name;       /* which part of the input the item is (a compose service,
				   a container), or NULL for the whole input */
};

/*
 * One item a collector hands over.  The evidence takes ownership of model
 * (released with release(model)) and lines (cca_linemap_free); data, the
 * len bytes read, is hashed and not kept (NULL: nothing was read); error,
 * when set, says why the item cannot be evaluated (its rules report
 * `error`).  Strings are copied.
 */
struct cca_evidence_new_item {
	const char *kind;
	const char *path;
	const char *name;
	const void *data;
	size_t len;
	const char *error;
	void *model;
	void (*release)(void *model);
	struct cca_linemap *lines;
};

struct cca_evidence;

struct cca_evidence *cca_evidence_new(void);
void cca_evidence_free(struct cca_evidence *ev);

size_t cca_evidence_count(const struct cca_evidence *ev);
const struct cca_evidence_item *cca_evidence_item(const struct cca_evidence *ev, size_t i);

/* Add an item; returns it (valid until the evidence is freed). */
const struct cca_evidence_item *cca_evidence_add(struct cca_evidence *ev,
						 const struct cca_evidence_new_item *in);
/* Add a warning to the item last added (printed by `audit` on stderr). */
void cca_evidence_warn(struct cca_evidence *ev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* What the command line tells collectors (each collector reads its own fields). */
struct cca_collect_opts {
	const char *stage;          /* --stage: the build stage that is the image */
	const char *cacert;         /* --cacert: CA certificates for registry probes */
	unsigned timeout;           /* --registry-timeout: seconds per probe (0: default) */
	const char *env_file;       /* --env-file: variables for compose files */
	const char *registries_d;   /* --registries-d: sigstore attachments per registry */
	const char *platform;       /* --platform: the image of an index to read (NULL: all) */
	const char *trust_data;     /* --trust-data: `docker trust inspect` JSON, or NULL */
	/* Progress of long reads, for a terminal (NULL: none); line NULL ends it. */
	void (*progress)(void *arg, const char *line);
	void *progress_arg;
};

/*
 * A collector: reads one kind of input into evidence items.  The table
 * (src/evidence/collectors.c) drives both discovery in a directory (by
 * file name) and the command line (--OPTION FILE, repeatable).
 */
struct cca_collector {
	const char *kind;           /* the evidence kind of its items */
	const char *option;         /* `audit --OPTION FILE`, or NULL */
	const char *help;           /* one line for the usage text */
	/* Whether discovery reads a file of this name (NULL: never discovered). */
	bool (*matches)(const char *name);
	/* Read path into items; never fails the run (see above). */
	void (*collect)(struct cca_evidence *ev, const char *path,
			const struct cca_collect_opts *o);
	/* Whether discovery reads the file at path, for names that mean
	   something only in their directory (NULL: the name decides). */
	bool (*matches_path)(const char *path);
	const char *arg;            /* what --OPTION takes in the usage ("URL"); NULL: FILE */
	/*
	 * Read every file given with --OPTION together, in order (compose
	 * files that override one another); NULL: collect() each one.
	 */
	void (*collect_all)(struct cca_evidence *ev, const char *const *paths, size_t n,
			    const struct cca_collect_opts *o);
};

size_t cca_collector_count(void);
const struct cca_collector *cca_collector_at(size_t i);
/* The collector of `audit --option`, or NULL. */
const struct cca_collector *cca_collector_by_option(const char *option);
/* The first collector whose discovery reads a file called name, or NULL. */
const struct cca_collector *cca_collector_by_name(const char *name);
/* The same for the file at path: by its name, then by its path. */
const struct cca_collector *cca_collector_by_path(const char *path);

/*
 * Add the Dockerfile at path; stage names the build stage that is the
 * image (NULL: the last).  The file is read later: by cca_evidence_read_item
 * or cca_evidence_read_all, else when its item is first asked for
 * (cca_evidence_item).  A file that cannot be read or parsed, or a stage
 * that does not exist, is recorded as the item's error.
 */
void cca_evidence_add_dockerfile(struct cca_evidence *ev, const char *path,
				 const char *stage);

/*
 * Item i as it is: a Dockerfile not read yet has only its kind and path.
 * Never reads anything.
 */
const struct cca_evidence_item *cca_evidence_peek(const struct cca_evidence *ev, size_t i);

/*
 * Read item i now if it is a Dockerfile not read yet.  Touches nothing but
 * item i, so threads may read different items at once.
 */
void cca_evidence_read_item(struct cca_evidence *ev, size_t i);

/* Read every Dockerfile not read yet, on up to jobs threads. */
void cca_evidence_read_all(struct cca_evidence *ev, unsigned jobs);

/*
 * Free the parse of Dockerfile item i (its dockerfile becomes NULL): for
 * when its checks have run.  What the report and other checks use stays:
 * path, hash, stage, base images, .dockerignore, suppressions, warnings.
 * Touches nothing but item i.
 */
void cca_evidence_release_dockerfile(struct cca_evidence *ev, size_t i);

/*
 * Walk dir and add every file a collector recognises by name (Dockerfile,
 * Containerfile, *.Dockerfile, Dockerfile.*, ...) (skipping .git, node_modules and paths matching one of the
 * NULL-terminated fnmatch patterns in excludes), in sorted order.  Returns
 * the number added; an unreadable directory is an error (CCA_EIO).
 */
long cca_evidence_discover(struct cca_evidence *ev, const char *dir,
			   const char *const *excludes, const struct cca_collect_opts *o,
			   struct cca_error *err);

/* Whether a file name is one discovery treats as a Dockerfile. */
bool cca_evidence_is_dockerfile_name(const char *name);

#endif
