/*
 * engine.c - the checks of a live Docker Engine item (rules engine.*): what
 * the engine says about itself.  Its settings are judged by the daemon
 * rules (daemon.c) and its containers by the container rules.
 */
#include "ccaudit/checks.h"
#include "ccaudit/live.h"

#define CCA_CHECK(sym, id, kind, summary) void cca_check_##sym(struct cca_checkctx *ctx);
#include "checks.def"
#undef CCA_CHECK

void cca_check_engine_version(struct cca_checkctx *ctx)
{
	const struct cca_engine_info *e = cca_check_model(ctx);

	cca_check_report_key(ctx, CCA_INFORMATIONAL, "/version",
			     "Docker Engine %s (API %s) on %s: compare with the supported releases "
			     "of the engine and the host OS", e->version ? e->version : "of unknown version",
			     e->api_version ? e->api_version : "?", e->os ? e->os : "an unknown OS");
}
