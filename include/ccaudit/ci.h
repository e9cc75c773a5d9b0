/*
 * ci.h - CI files and build scripts: GitHub Actions workflows, GitLab CI,
 * Jenkinsfiles, shell scripts and Makefiles, read for the docker commands
 * they run (build, pull, push, login), the DOCKER_CONTENT_TRUST setting
 * and image scanning steps, each at its line.
 *
 * Evidence items of kind CCA_KIND_CI carry a struct cca_ci as their model.
 * Commands are found in logical lines (backslash continuations joined,
 * split at ;, &&, || and |), whatever the file's syntax around them: a
 * `run:` block, a `script:` list, an `sh '...'` step or a Makefile recipe.
 * YAML files must be valid YAML.  No secret is kept: a password given to
 * docker login is stored masked.
 */
#ifndef CCAUDIT_CI_H
#define CCAUDIT_CI_H

#include <stdbool.h>
#include <stddef.h>

#define CCA_KIND_CI "ci"

/* Size cap of a CI file or script. */
#define CCA_CI_MAX_BYTES (1u * 1024 * 1024)

enum cca_ci_cmd_kind {
	CCA_CI_BUILD,     /* docker build, docker image build, docker buildx build */
	CCA_CI_PULL,      /* docker pull, docker image pull */
	CCA_CI_PUSH,      /* docker push, docker image push, buildx build --push */
	CCA_CI_LOGIN,     /* docker login */
	CCA_CI_BUILD_ACTION  /* a docker/build-push-action step of a workflow */
};

struct cca_ci_cmd {
	enum cca_ci_cmd_kind kind;
	unsigned line;
	const char *what;         /* "docker buildx build", "docker/build-push-action" */
	bool pull;                /* --pull (pull: true) */
	bool no_cache;            /* --no-cache (no-cache: true) */
	bool pushes;              /* a build that also pushes (--push) */
	bool content_trust;       /* DOCKER_CONTENT_TRUST=1 set on the command itself */
	/* docker login: a literal password on the command line, masked, or NULL */
	const char *password;
};

/* A place that sets DOCKER_CONTENT_TRUST, or an image scanner that runs. */
struct cca_ci_mark {
	unsigned line;
	const char *value;        /* "1", "0" / the scanner: "trivy", "docker scout" */
};

struct cca_ci {
	const char *path;
	const char *flavour;      /* "github-actions", "gitlab-ci", "jenkinsfile", "makefile", "shell" */
	const struct cca_ci_cmd *cmds;
	size_t ncmds;
	const struct cca_ci_mark *trust;     /* DOCKER_CONTENT_TRUST settings outside commands */
	size_t ntrust;
	const struct cca_ci_mark *scanners;
	size_t nscanners;
};

struct cca_error;
struct cca_evidence;

/* The flavour of a CI file by its path ("github-actions" ...), or NULL. */
const char *cca_ci_flavour(const char *path);

/*
 * Read a CI file's text (len bytes) from name.  NUL bytes, invalid UTF-8
 * and (for YAML flavours) invalid YAML are errors naming NAME:LINE.
 */
int cca_ci_parse(const char *name, const char *flavour, const char *data, size_t len,
		 struct cca_ci **out, struct cca_error *err);
void cca_ci_free(struct cca_ci *ci);

/* Collector: the CI file at path (its flavour by name; "shell" when unknown). */
void cca_evidence_add_ci_file(struct cca_evidence *ev, const char *path);

/* Discovery: .gitlab-ci.yml, Jenkinsfile, Makefile, *.mk, *.sh by name ... */
bool cca_ci_name(const char *name);
/* ... and workflows by where they are: .yml files in .github/workflows. */
bool cca_ci_path(const char *rel);

#endif
