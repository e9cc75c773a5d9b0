/*
 * jsonw.h - a streaming JSON writer for the report renderers.
 *
 * The report of a large audit holds thousands of findings; building it as a
 * jansson tree and dumping it cost more than evaluating it, and held the
 * whole document twice in memory.  This writer appends straight to a
 * buffer in the layout jansson's JSON_INDENT(2) produces: two-space
 * indentation, "key": value, {} and [] when empty, UTF-8 output with
 * control characters escaped, and bytes that are not valid UTF-8 replaced
 * by U+FFFD.  Module-internal to src/report/.
 */
#ifndef CCAUDIT_REPORT_JSONW_H
#define CCAUDIT_REPORT_JSONW_H

#include <stdbool.h>
#include <stdint.h>

#include "ccaudit/util.h"

#define JW_MAX_DEPTH 32

struct jw {
	struct cca_buf *out;
	unsigned depth;
	bool empty[JW_MAX_DEPTH];   /* no member written yet at this depth */
	bool after_key;             /* the next value follows a key */
};

/* Start writing one JSON document to out. */
void jw_init(struct jw *w, struct cca_buf *out);

void jw_object(struct jw *w);           /* { */
void jw_object_end(struct jw *w);       /* } */
void jw_array(struct jw *w);            /* [ */
void jw_array_end(struct jw *w);        /* ] */
/* A member name inside an object; the next call writes its value. */
void jw_key(struct jw *w, const char *key);
/* The same for a name of n bytes the program spells, which has nothing
 * to escape (printable ASCII, no '"' or '\\'): written as it is. */
void jw_key_plain(struct jw *w, const char *key, size_t n);

void jw_string(struct jw *w, const char *s);   /* NULL writes null */
void jw_int(struct jw *w, long long v);
/* A number with 6 significant digits, always with a '.' or an exponent. */
void jw_real(struct jw *w, double v);
void jw_bool(struct jw *w, bool v);
void jw_null(struct jw *w);

#endif
