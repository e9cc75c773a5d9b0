/*
 * client.c - the checks of the Docker client's configuration (client.h):
 * where registry credentials are kept, and what the client sends along.
 * The model holds only masked secrets, so messages cannot show one.
 */
#include <string.h>

#include "ccaudit/checks.h"
#include "ccaudit/client.h"
#include "ccaudit/evidence.h"
#include "ccaudit/util.h"

#define CCA_CHECK(sym, id, kind, summary) void cca_check_##sym(struct cca_checkctx *ctx);
#include "checks.def"
#undef CCA_CHECK

/* ---- credentials in the file ---------------------------------------------------- */

void cca_check_client_plain_credentials(struct cca_checkctx *ctx)
{
	const struct cca_client *c = cca_check_model(ctx);

	for (size_t i = 0; i < c->nauths; i++) {
		const struct cca_client_auth *a = &c->auths[i];

		if (!a->secret_member)
			continue;
		cca_check_report_key(ctx, CCA_FAIL, a->secret_key,
				     "the %s of '%s'%s%s%s is kept in the file ('%s'): anyone "
				     "who reads it can %s", a->secret_member, a->registry,
				     a->user ? " (user '" : "", a->user ? a->user : "",
				     a->user ? "')" : "", a->masked,
				     strcmp(a->secret_member, "auth") == 0
				     ? "decode it (base64, not encryption) and log in"
				     : "log in with it");
	}
}

void cca_check_client_credential_store(struct cca_checkctx *ctx)
{
	const struct cca_client *c = cca_check_model(ctx);

	if (c->creds_store || c->nhelpers)
		return;
	cca_check_report_key(ctx, c->nauths ? CCA_FAIL : CCA_INFORMATIONAL, "/credsStore",
			     "neither credsStore nor credHelpers is set: docker login %s "
			     "credentials into this file as base64",
			     c->nauths ? "writes" : "would write");
}

/* ---- what the client sends ------------------------------------------------------- */

void cca_check_client_http_headers(struct cca_checkctx *ctx)
{
	const struct cca_client *c = cca_check_model(ctx);

	for (size_t i = 0; i < c->nheaders; i++)
		if (c->headers[i].secret)
			cca_check_report_key(ctx, CCA_FAIL, c->headers[i].key,
					     "HTTP header '%s' holds %s ('%s'), sent with every "
					     "request to every engine and registry",
					     c->headers[i].name, c->headers[i].why,
					     c->headers[i].value);
}

void cca_check_client_proxy_credentials(struct cca_checkctx *ctx)
{
	const struct cca_client *c = cca_check_model(ctx);

	for (size_t i = 0; i < c->nproxies; i++)
		if (c->proxies[i].secret)
			cca_check_report_key(ctx, CCA_FAIL, c->proxies[i].key,
					     "proxy %s holds %s ('%s'), handed to every "
					     "container the client starts", c->proxies[i].name,
					     c->proxies[i].why, c->proxies[i].value);
}
