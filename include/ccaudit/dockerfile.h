/*
 * dockerfile.h - the Dockerfile evidence model: a BuildKit-compatible
 * parser, the stage structure of multi-stage builds, and variable
 * expansion as BuildKit performs it.
 *
 * Parsing follows BuildKit's frontend/dockerfile/parser: parser
 * directives, comments, line continuations with either escape character,
 * heredocs, exec (JSON) and shell forms with BuildKit's fallback for invalid
 * JSON, instruction flags, ONBUILD.  cca_dockerfile_dump() prints the AST
 * in BuildKit's `result` format, so the parser is proven against BuildKit's
 * own golden files.
 *
 * A parsed Dockerfile is immutable; every pointer it hands out lives until
 * cca_dockerfile_free().  Lines are 1-based physical line numbers.
 */
#ifndef CCAUDIT_DOCKERFILE_H
#define CCAUDIT_DOCKERFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "ccaudit/error.h"
#include "ccaudit/util.h"

/* Limits: past them parsing fails with CCA_ETOOBIG naming FILE:LINE. */
#define CCA_DF_MAX_BYTES (16u * 1024 * 1024)   /* file size */
#define CCA_DF_MAX_LOGICAL (1u * 1024 * 1024)  /* one instruction, continuations joined */
#define CCA_DF_MAX_INSTRUCTIONS 100000

enum cca_df_kind {
	CCA_DF_ADD,
	CCA_DF_ARG,
	CCA_DF_CMD,
	CCA_DF_COPY,
	CCA_DF_ENTRYPOINT,
	CCA_DF_ENV,
	CCA_DF_EXPOSE,
	CCA_DF_FROM,
	CCA_DF_HEALTHCHECK,
	CCA_DF_LABEL,
	CCA_DF_MAINTAINER,
	CCA_DF_ONBUILD,
	CCA_DF_RUN,
	CCA_DF_SHELL,
	CCA_DF_STOPSIGNAL,
	CCA_DF_USER,
	CCA_DF_VOLUME,
	CCA_DF_WORKDIR,
	CCA_DF_UNKNOWN      /* a keyword BuildKit does not know; kept, not an error */
};

struct cca_df_heredoc {
	const char *name;     /* the delimiter word, quotes removed */
	const char *content;  /* the body, with its final newline; tabs stripped for <<- */
	bool expand;          /* the delimiter was unquoted: variables expand */
	bool chomp;           /* <<- */
	unsigned line;        /* first line of the body */
};

struct cca_df_instr {
	enum cca_df_kind kind;
	const char *keyword;  /* lower-case, as BuildKit dumps it ("run") */
	const char *const *flags;  /* "--from=builder", verbatim, in order */
	size_t nflags;
	const char *const *args;   /* as in BuildKit's dump (see dockerfile_dump) */
	size_t nargs;
	bool json;            /* exec (JSON array) form */
	const char *text;     /* the logical line after the keyword, continuations joined */
	const struct cca_df_heredoc *heredocs;
	size_t nheredocs;
	const struct cca_df_instr *trigger;  /* ONBUILD: the nested instruction */
	unsigned line;        /* first physical line */
	unsigned end_line;    /* last physical line (heredoc bodies included) */
	long stage;           /* index of its stage; -1 before the first FROM */
};

struct cca_df_stage {
	const char *name;     /* "AS name", lower-cased; NULL when unnamed */
	const char *base;     /* the image as written in FROM ("${BASE}") */
	const char *base_expanded;  /* after global ARG expansion ("debian:12") */
	long base_stage;      /* index of an earlier stage it builds on, else -1 */
	const char *platform; /* --platform value, or NULL */
	size_t first;         /* its FROM instruction */
	size_t count;         /* FROM and everything up to the next FROM */
	unsigned line;
};

struct cca_df_comment {
	unsigned line;
	const char *text;     /* after "#", leading blanks removed */
};

struct cca_dockerfile {
	const char *path;
	char escape;                    /* '\\' or '`' */
	const char *syntax;             /* # syntax= directive, or NULL */
	const char *check;              /* # check= directive, or NULL */
	const struct cca_df_instr *instrs;
	size_t ninstrs;
	const struct cca_df_stage *stages;
	size_t nstages;
	const struct cca_df_comment *comments;  /* every comment line, in order */
	size_t ncomments;
};

/*
 * Parse len bytes of Dockerfile text read from path (used in messages).
 * Errors are CCA_EINPUT "PATH:LINE: what" (no instructions, ENV without a
 * value, nested JSON arrays, an unterminated heredoc, NUL bytes, invalid
 * UTF-8) or CCA_ETOOBIG past a limit.
 */
int cca_dockerfile_parse(const char *path, const char *data, size_t len,
			 struct cca_dockerfile **out, struct cca_error *err);
/* Read path (capped at CCA_DF_MAX_BYTES) and parse it. */
int cca_dockerfile_load(const char *path, struct cca_dockerfile **out,
			struct cca_error *err);
void cca_dockerfile_free(struct cca_dockerfile *df);

/*
 * Append BuildKit's dump of the AST: one "(keyword [flags] "arg"...)" line
 * per instruction, Go-quoted, ending with a newline (the `result` format).
 */
void cca_dockerfile_dump(const struct cca_dockerfile *df, struct cca_buf *out);

/* The stage that is the image: the one named target (case-insensitive),
 * or the last stage when target is NULL; -1 when there is none. */
long cca_dockerfile_target_stage(const struct cca_dockerfile *df, const char *target);

/*
 * The value of word in the context of instruction i, as BuildKit's shell
 * lexer processes it: quotes removed, escapes applied, $v ${v} ${v:-x}
 * ${v-x} ${v:+x} ${v+x} expanded from the global ARGs (for FROM) or the
 * stage's ARGs and ENVs in force before instruction i.  Unknown variables
 * expand to "".  Returns a new string.
 */
char *cca_dockerfile_expand(const struct cca_dockerfile *df, size_t i,
			    const char *word);

/*
 * The key/value pairs of an ENV, LABEL or ARG instruction, values processed
 * as BuildKit does (quotes removed, escapes applied, variables expanded in
 * the context of the instruction).  ARG without a default has value NULL.
 * Returns the count; *keys and *values (NULL when 0) are lent: valid until
 * the next call for df, or df is freed.
 */
size_t cca_dockerfile_pairs(const struct cca_dockerfile *df, size_t i,
			    const char *const **keys, const char *const **values);

const char *cca_df_kind_name(enum cca_df_kind k);   /* "RUN" */

#endif
