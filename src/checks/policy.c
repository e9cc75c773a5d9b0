/*
 * policy.c - the checks of a containers signature policy (rules policy.*):
 * whether images are admitted unsigned by default, whether the images
 * this audit saw (Dockerfile bases, compose services, live containers,
 * tagged images)
 * must be signed by the policy, and which registries use sigstore
 * attachments.
 *
 * The requirements of a scope are all enforced: insecureAcceptAnything
 * adds nothing, reject refuses, signedBy and sigstoreSigned demand a
 * signature.  A scope therefore admits unsigned images when it holds
 * neither reject nor a signature requirement.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccaudit/checks.h"
#include "ccaudit/dockerfile.h"
#include "ccaudit/evidence.h"
#include "ccaudit/image.h"
#include "ccaudit/policy.h"
#include "ccaudit/runtime.h"
#include "ccaudit/util.h"

#define CCA_CHECK(sym, id, kind, summary) void cca_check_##sym(struct cca_checkctx *ctx);
#include "checks.def"
#undef CCA_CHECK

/* At most this many images are judged one by one; the rest are counted. */
#define MAX_IMAGES 200

enum verdict { ADMITS_UNSIGNED, REJECTS, REQUIRES_SIGNATURE };

/* What a list of requirements does to an image that carries no signature. */
static enum verdict judge(const struct cca_policy_req *r, size_t n)
{
	bool sig = false;

	for (size_t i = 0; i < n; i++) {
		if (r[i].type == CCA_PR_REJECT)
			return REJECTS;
		sig |= r[i].type == CCA_PR_SIGNED_BY || r[i].type == CCA_PR_SIGSTORE_SIGNED;
	}
	return sig ? REQUIRES_SIGNATURE : ADMITS_UNSIGNED;
}

/* The first requirement of kind signature, else the first one (for its key). */
static const char *req_key(const struct cca_policy_req *r, size_t n, const char *fallback)
{
	for (size_t i = 0; i < n; i++)
		if (r[i].type != CCA_PR_ACCEPT_ANYTHING)
			return r[i].key;
	return n ? r[0].key : fallback;
}

void cca_check_policy_default(struct cca_checkctx *ctx)
{
	const struct cca_policy *p = cca_check_model(ctx);

	switch (judge(p->def, p->ndef)) {
	case ADMITS_UNSIGNED:
		cca_check_report_key(ctx, CCA_FAIL, req_key(p->def, p->ndef, "/default"),
				     "the default requirement is insecureAcceptAnything: an image "
				     "from any registry without a scope of its own is pulled unsigned");
		break;
	case REJECTS:
		cca_check_report_key(ctx, CCA_PASS, req_key(p->def, p->ndef, "/default"),
				     "the default rejects images from registries without a scope of "
				     "their own");
		break;
	case REQUIRES_SIGNATURE:
		cca_check_report_key(ctx, CCA_PASS, req_key(p->def, p->ndef, "/default"),
				     "the default requires a signature");
		break;
	}
}

/* ---- the images this audit saw ------------------------------------------------------ */

struct refs {
	char **v;
	size_t n;
};

static void add_ref(struct refs *r, const char *ref)
{
	if (!ref || !*ref || strchr(ref, '$'))
		return;
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i], ref) == 0)
			return;
	r->v = cca_xreallocarray(r->v, r->n + 1, sizeof *r->v);
	r->v[r->n++] = cca_xstrdup(ref);
}

/* Base images of Dockerfiles (not scratch, not earlier stages) and the images containers run. */
static void images_in_use(const struct cca_evidence *ev, struct refs *r)
{
	for (size_t i = 0; ev && i < cca_evidence_count(ev); i++) {
		const struct cca_evidence_item *it = cca_evidence_item(ev, i);

		if (it->error)
			continue;
		if (strcmp(it->kind, CCA_KIND_DOCKERFILE) == 0) {
			for (size_t k = 0; k < it->nbase_images; k++)
				add_ref(r, it->base_images[k]);
		} else if (strcmp(it->kind, CCA_KIND_IMAGE) == 0 && it->model) {
			const struct cca_image *img = it->model;

			for (size_t t = 0; t < img->ntags; t++)
				add_ref(r, img->tags[t]);
		} else if (strcmp(it->kind, CCA_KIND_CONTAINER) == 0 && it->model) {
			const struct cca_container *c = it->model;

			if (!c->build.value)
				add_ref(r, c->image.value);
		}
	}
}

/* Judge every scope of the docker transport (no image was seen). */
static void judge_scopes(struct cca_checkctx *ctx, const struct cca_policy *p)
{
	size_t admitting = 0;

	for (size_t i = 0; i < p->nscopes; i++) {
		const struct cca_policy_scope *s = &p->scopes[i];

		if (strcmp(s->transport, "docker") != 0 || judge(s->reqs, s->nreqs) != ADMITS_UNSIGNED)
			continue;
		admitting++;
		cca_check_report_key(ctx, CCA_FAIL, s->key, "images from '%s' are pulled unsigned "
				     "(insecureAcceptAnything)", *s->scope ? s->scope : "any registry");
	}
	if (!admitting)
		cca_check_report_key(ctx, CCA_PASS, "/transports",
				     "no image was seen in this audit; every docker scope of the "
				     "policy requires a signature or rejects");
}

void cca_check_policy_images_signed(struct cca_checkctx *ctx)
{
	const struct cca_policy *p = cca_check_model(ctx);
	struct refs r = { NULL, 0 };

	images_in_use(cca_check_evidence(ctx), &r);
	if (!r.n)
		judge_scopes(ctx, p);
	for (size_t i = 0; i < r.n; i++) {
		const struct cca_policy_scope *scope;
		size_t n;
		const struct cca_policy_req *req = cca_policy_for(p, r.v[i], &n, &scope);
		const char *where = scope ? (*scope->scope ? scope->scope : "the docker transport's "
					     "default") : "the default";
		const char *key = req_key(req, n, scope ? scope->key : "/default");

		if (i >= MAX_IMAGES) {
			cca_check_report_key(ctx, CCA_INFORMATIONAL, "/transports",
					     "%zu more images were not judged one by one", r.n - i);
			break;
		}
		switch (judge(req, n)) {
		case ADMITS_UNSIGNED:
			cca_check_report_key(ctx, CCA_FAIL, key, "image '%s' is pulled unsigned: %s "
					     "accepts anything", r.v[i], where);
			break;
		case REJECTS:
			cca_check_report_key(ctx, CCA_PASS, key, "image '%s' is refused by %s",
					     r.v[i], where);
			break;
		case REQUIRES_SIGNATURE:
			cca_check_report_key(ctx, CCA_PASS, key, "image '%s' must be signed (%s)",
					     r.v[i], where);
			break;
		}
	}
	for (size_t i = 0; i < r.n; i++)
		free(r.v[i]);
	free(r.v);
}

void cca_check_policy_sigstore_attachments(struct cca_checkctx *ctx)
{
	const struct cca_policy *p = cca_check_model(ctx);

	for (size_t i = 0; i < p->nattachments; i++) {
		const struct cca_policy_attachment *a = &p->attachments[i];
		char *key = cca_xasprintf("registries.d %s:%u", a->file, a->line);

		cca_check_report_key(ctx, CCA_INFORMATIONAL, key, "%s reads sigstore signatures "
				     "attached in the registry (%s:%u)",
				     *a->scope ? a->scope : "every docker registry", a->file, a->line);
		free(key);
	}
}
