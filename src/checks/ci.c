/*
 * ci.c - the checks of CI files and build scripts (ci.h): builds that may
 * reuse stale images, content trust where images are pulled or pushed,
 * literal passwords given to docker login, and image scanning.  Findings
 * are at the file's line; a password is only ever shown masked.
 */
#include <string.h>

#include "ccaudit/checks.h"
#include "ccaudit/ci.h"
#include "ccaudit/evidence.h"
#include "ccaudit/util.h"

#define CCA_CHECK(sym, id, kind, summary) void cca_check_##sym(struct cca_checkctx *ctx);
#include "checks.def"
#undef CCA_CHECK

static bool builds(const struct cca_ci_cmd *c)
{
	return c->kind == CCA_CI_BUILD || c->kind == CCA_CI_BUILD_ACTION;
}

/* ---- A5, 5.4: fresh base images ------------------------------------------------------ */

void cca_check_ci_build_pull(struct cca_checkctx *ctx)
{
	const struct cca_ci *ci = cca_check_model(ctx);
	bool any = false;

	for (size_t i = 0; i < ci->ncmds; i++) {
		const struct cca_ci_cmd *c = &ci->cmds[i];

		if (!builds(c))
			continue;
		any = true;
		if (!c->pull && !c->no_cache)
			cca_check_report(ctx, CCA_FAIL, c->line, "%s %s: base images and cached "
					 "layers on the runner are used even when stale", c->what,
					 c->kind == CCA_CI_BUILD_ACTION
					 ? "without pull: true or no-cache: true"
					 : "without --pull or --no-cache");
	}
	if (!any)
		cca_check_report(ctx, CCA_NOTAPPLICABLE, 0, "no image is built here");
}

/* ---- A2, 6.2: content trust ----------------------------------------------------------- */

void cca_check_ci_content_trust(struct cca_checkctx *ctx)
{
	const struct cca_ci *ci = cca_check_model(ctx);
	bool file_on = false, any = false;

	for (size_t i = 0; i < ci->ntrust; i++) {
		if (strcmp(ci->trust[i].value, "1") == 0)
			file_on = true;
		else
			cca_check_report(ctx, CCA_FAIL, ci->trust[i].line, "DOCKER_CONTENT_TRUST "
					 "is set to %s: signatures are not verified",
					 ci->trust[i].value);
	}
	for (size_t i = 0; i < ci->ncmds; i++) {
		const struct cca_ci_cmd *c = &ci->cmds[i];

		/* BuildKit (buildx) does not honour DOCKER_CONTENT_TRUST: not counted */
		if (c->kind != CCA_CI_PULL && c->kind != CCA_CI_PUSH &&
		    !(c->kind == CCA_CI_BUILD && strcmp(c->what, "docker buildx build") != 0))
			continue;
		any = true;
		if (!file_on && !c->content_trust)
			cca_check_report(ctx, CCA_FAIL, c->line, "%s runs without "
					 "DOCKER_CONTENT_TRUST=1: images are %s without signatures",
					 c->what, c->kind == CCA_CI_PUSH || c->pushes
					 ? "pushed" : "pulled");
	}
	if (!any && !ci->ntrust)
		cca_check_report(ctx, CCA_NOTAPPLICABLE, 0, "no image is pulled or pushed here");
}

/* ---- B5: passwords on the command line ------------------------------------------------- */

void cca_check_ci_login_password(struct cca_checkctx *ctx)
{
	const struct cca_ci *ci = cca_check_model(ctx);

	for (size_t i = 0; i < ci->ncmds; i++)
		if (ci->cmds[i].kind == CCA_CI_LOGIN && ci->cmds[i].password)
			cca_check_report(ctx, CCA_FAIL, ci->cmds[i].line, "docker login is given "
					 "the literal password '%s': it is in the repository and in "
					 "the job's process list", ci->cmds[i].password);
}

/* ---- A3, 5.3: image scanning -------------------------------------------------------------- */

void cca_check_ci_image_scan(struct cca_checkctx *ctx)
{
	const struct cca_ci *ci = cca_check_model(ctx);
	bool any = false;

	for (size_t i = 0; i < ci->ncmds; i++)
		if (builds(&ci->cmds[i]) || ci->cmds[i].kind == CCA_CI_PUSH)
			any = true;
	if (ci->nscanners)
		return;
	if (!any)
		cca_check_report(ctx, CCA_NOTAPPLICABLE, 0, "no image is built or pushed here");
	else
		cca_check_report(ctx, CCA_INFORMATIONAL, 0, "images are built or pushed here but "
				 "no scanner runs (trivy, grype, docker scout, snyk container)");
}
