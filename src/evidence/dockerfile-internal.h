/*
 * dockerfile-internal.h - what dockerfile.c (parsing) and dockerfile-expand.c
 * (BuildKit's shell lexer and variable scoping) share; private to
 * src/evidence/.
 */
#ifndef CCAUDIT_EVIDENCE_DOCKERFILE_INTERNAL_H
#define CCAUDIT_EVIDENCE_DOCKERFILE_INTERNAL_H

#include <stddef.h>

#include "ccaudit/dockerfile.h"

/*
 * The heredocs a RUN/COPY/ADD logical line opens, found as BuildKit does.
 * Returns the count with *out a new array (free() it and every name; the
 * content and line fields are unset), or -1 with msg filled when a heredoc
 * word is malformed.
 */
long cca_df_line_heredocs(const char *line, size_t len,
			  struct cca_df_heredoc **out, char *msg, size_t msgsz);

/*
 * For each stage of df (stages, instrs and escape already set), its base
 * image with the global ARGs expanded: a new array of df->nstages new
 * strings (free() each and the array).
 */
char **cca_df_stage_bases(const struct cca_dockerfile *df);

/*
 * Where dockerfile-expand.c keeps its expansion cache for df (initially
 * NULL); cca_dockerfile_free() frees it with cca_df_expand_cache_free().
 */
void **cca_df_expand_cache_slot(const struct cca_dockerfile *df);
void cca_df_expand_cache_free(void *cache);

/* cca_df_space_len() of a character that is not ASCII. */
size_t cca_df_space_len_utf8(const char *s, size_t n);

/*
 * The length of the character at s (n bytes available) when it is white
 * space as Go's unicode.IsSpace says, else 0.  Inline: the parsers ask it
 * of nearly every byte, and nearly every byte is ASCII.
 */
static inline size_t cca_df_space_len(const char *s, size_t n)
{
	unsigned char c;

	if (!n)
		return 0;
	c = (unsigned char)*s;
	if (c < 0x80)
		return c == ' ' || (c >= '\t' && c <= '\r');
	return cca_df_space_len_utf8(s, n);
}

#endif
