/*
 * fuzz-dockerfile.c - libFuzzer harness for the Dockerfile reader
 * (src/evidence/dockerfile.c, src/evidence/dockerfile-expand.c).
 *
 * The input is the Dockerfile text, passed with its exact length and no
 * terminating NUL (the parser takes len bytes).  When it parses, the AST is
 * dumped, a few words are expanded at a few instructions, every ENV, ARG
 * and LABEL is split into pairs, and the
 * target stage is looked up.  Build and run: tests/fuzz/README.md.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ccaudit/dockerfile.h"
#include "ccaudit/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Words whose expansion goes through every operator of the lexer. */
static const char *const fixed_words[] = {
	"$A${A}${A:-x}${A-x}${A:+y}${A+y}",
	"'$A' \"$A ${B:-\\$C}\" \\$D $",
	"${A:-${B:-${C:+$A}}}${}${:-x}${A",
	"`$A` \\\\ \"unterminated",
};

static void expand_at(const struct cca_dockerfile *df, size_t i)
{
	const struct cca_df_instr *in = &df->instrs[i];

	for (size_t w = 0; w < CCA_ARRAY_SIZE(fixed_words); w++)
		free(cca_dockerfile_expand(df, i, fixed_words[w]));
	/* the instruction's own text and first argument, as the checks do */
	if (in->text)
		free(cca_dockerfile_expand(df, i, in->text));
	if (in->nargs)
		free(cca_dockerfile_expand(df, i, in->args[0]));
}

static void pairs_of(const struct cca_dockerfile *df, size_t i)
{
	const struct cca_df_instr *in = &df->instrs[i];
	const char *const *keys, *const *values;
	size_t n;

	if (in->kind != CCA_DF_ENV && in->kind != CCA_DF_ARG && in->kind != CCA_DF_LABEL)
		return;
	n = cca_dockerfile_pairs(df, i, &keys, &values);
	for (size_t k = 0; k < n; k++)
		if (!keys[k])
			abort();  /* a pair always has a key */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cca_dockerfile *df = NULL;
	struct cca_error err;
	struct cca_buf dump;
	long target;

	cca_error_clear(&err);
	if (cca_dockerfile_parse("fuzz/Dockerfile", (const char *)data, size, &df, &err) < 0) {
		if (df || err.code == CCA_OK || !err.msg[0])
			abort();  /* a failure leaves no tree and says why */
		return 0;
	}

	cca_buf_init(&dump);
	cca_dockerfile_dump(df, &dump);
	cca_buf_release(&dump);

	/* a few instructions: the first, the middle, the last, and each stage's FROM */
	if (df->ninstrs) {
		size_t picks[] = { 0, df->ninstrs / 2, df->ninstrs - 1 };

		for (size_t k = 0; k < CCA_ARRAY_SIZE(picks); k++)
			expand_at(df, picks[k]);
	}
	for (size_t s = 0; s < df->nstages && s < 8; s++)
		expand_at(df, df->stages[s].first);

	for (size_t i = 0; i < df->ninstrs; i++)
		pairs_of(df, i);

	target = cca_dockerfile_target_stage(df, NULL);
	if (target >= (long)df->nstages || (df->nstages && target != (long)df->nstages - 1))
		abort();
	for (size_t s = 0; s < df->nstages && s < 4; s++)
		if (df->stages[s].name &&
		    cca_dockerfile_target_stage(df, df->stages[s].name) < 0)
			abort();  /* a named stage is found by its name */
	(void)cca_dockerfile_target_stage(df, "no-such-stage");

	cca_dockerfile_free(df);
	return 0;
}
