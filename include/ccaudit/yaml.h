/*
 * yaml.h - one YAML reader for every YAML input (answers, tailoring, compose,
 * registry configuration): a YAML document becomes the same jansson tree
 * the JSON readers produce, plus a line map that says where every value
 * stood, so any reader can report FILE:LINE.
 *
 * Mapping -> object (keys in document order), sequence -> array, scalars
 * -> string, or integer/real/true/false/null when plain (unquoted) and
 * spelled as YAML 1.2 core schema says.  Anchors and aliases are resolved,
 * merge keys ("<<: *base", "<<: [*a, *b]") are applied as YAML 1.1 defines
 * them (explicit keys win).  Bounded: documents over the size cap, nesting
 * deeper than CCA_YAML_MAX_DEPTH, or producing more than
 * CCA_YAML_MAX_NODES values after alias expansion ("billion laughs") fail
 * with CCA_ETOOBIG; duplicate keys in one mapping fail with CCA_EINPUT.
 */
#ifndef CCAUDIT_YAML_H
#define CCAUDIT_YAML_H

#include <stddef.h>

#include <jansson.h>

#include "ccaudit/error.h"

#define CCA_YAML_MAX_BYTES (16u * 1024 * 1024)
#define CCA_YAML_MAX_DEPTH 64
#define CCA_YAML_MAX_NODES 1000000

/* Where values stood: JSON pointer (RFC 6901) -> 1-based line and column. */
struct cca_linemap;

/*
 * Parse the YAML text data (len bytes; need not be NUL-terminated) read
 * from name (used only in messages).  Only the first document is read; a
 * second document is an error.  An empty document yields JSON null.  On
 * success *root is a new reference and *lines a new line map (either out
 * pointer may be NULL when not wanted).  Errors are "NAME:LINE:COL: what".
 */
int cca_yaml_parse(const char *name, const char *data, size_t len,
		   json_t **root, struct cca_linemap **lines,
		   struct cca_error *err);

/* Read path (capped at CCA_YAML_MAX_BYTES) and parse it. */
int cca_yaml_load(const char *path, json_t **root, struct cca_linemap **lines,
		  struct cca_error *err);

/*
 * Note: an alias shares the anchored value (a second reference), so the
 * tree is read-only for its users; json_deep_copy() before changing it.
 */
void cca_linemap_free(struct cca_linemap *m);

/*
 * The line of the value at pointer ("" is the root, "/answers/0/status"),
 * or of its nearest ancestor that has one; 0 when m is NULL.  For an object
 * member the line is that of its key.
 */
unsigned cca_linemap_line(const struct cca_linemap *m, const char *pointer);
/*
 * The file the value at pointer (or its nearest ancestor) stood in, when
 * the map was built with cca_linemap_set() from several inputs (a compose
 * project merged from overrides); NULL for a parsed document's map, whose
 * values all stand in the input it was parsed from.
 */
const char *cca_linemap_file(const struct cca_linemap *m, const char *pointer);

/*
 * A map built by hand, for a document merged from several inputs: each
 * value set with cca_linemap_set() names the file and line it came from.
 */
struct cca_linemap *cca_linemap_new(void);
/*
 * Record that the value at pointer ("" is the root) stood at file:line
 * (file copied; NULL: the item's own input).  Ancestors not set yet are
 * added at their parent's place.  -1 when pointer is not a JSON pointer or
 * the map is full.
 */
int cca_linemap_set(struct cca_linemap *m, const char *pointer, const char *file,
		    unsigned line);

/* Same, with a printf-built pointer. */
unsigned cca_linemap_linef(const struct cca_linemap *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The JSON pointer of member name of the object at ptr: ptr "/" name,
 * with name escaped as RFC 6901 says ('~' -> "~0", '/' -> "~1"); a new
 * string. */
char *cca_pointer_join(const char *ptr, const char *name);
/* Append name to b escaped as a JSON pointer token (no leading '/'). */
struct cca_buf;
void cca_pointer_escape(struct cca_buf *b, const char *name);

/* Go's name of the JSON type of v ("object", "array", "string",
 * "number", "bool", "null"), as the errors of Go's JSON decoder (docker,
 * dockerd) say it. */
const char *cca_json_go_kind(const json_t *v);

#endif
