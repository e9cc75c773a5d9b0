/*
 * compose.c - compose projects as evidence (compose.h): read, interpolate,
 * resolve extends, merge overrides, and one container model per service.
 *
 * Every value of the project carries where it was written.  While files
 * are read, interpolated and merged, each service is a "located" value: the
 * jansson tree plus a provenance object that maps JSON pointers relative
 * to the service ("", "/ports/0", "/environment/DB_PASSWORD") to the file
 * and line they came from.  Merging moves provenance with the values it
 * moves (walking the moved subtree, so the cost is that of the subtree);
 * the item's line map is built from it at the end.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "ccaudit/compose.h"
#include "ccaudit/evidence.h"
#include "ccaudit/runtime.h"
#include "ccaudit/secrets.h"
#include "ccaudit/util.h"
#include "ccaudit/yaml.h"

/* Longest value interpolation may produce. */
#define INTERP_MAX_BYTES (1u * 1024 * 1024)
/* Nesting of ${VAR:-${OTHER:-...}} defaults. */
#define INTERP_MAX_DEPTH 8

static const char *const base_names[] = {
	"compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml",
};
static const char *const override_names[] = {
	"compose.override.yml", "compose.override.yaml", "docker-compose.override.yml",
	"docker-compose.override.yaml",
};

/* ---- the project being read ---------------------------------------------------- */

struct doc {
	char *path;
	json_t *root;              /* interpolated copy, owned */
	struct cca_linemap *lines;
	json_t *done_v, *done_p;   /* services with extends resolved: name -> value / provenance */
	json_t *busy;              /* names being resolved (cycles) */
};

struct proj {
	json_t *vars;              /* variable -> string */
	struct doc *docs;
	size_t ndocs;
	size_t budget;             /* values that may still be made */
	char **warnings;
	size_t nwarnings;
	bool failed;
	struct cca_error err;      /* why, when failed */
	char *main_data;           /* bytes of the first file (hashed into its items) */
	size_t main_len;
};

/* A service and where each of its values stands. */
struct lsvc {
	json_t *v;
	json_t *p;                 /* relative pointer -> [doc index, line] */
};

static void warn(struct proj *pj, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(struct proj *pj, const char *fmt, ...)
{
	va_list ap;

	if (pj->nwarnings >= 100)
		return;
	pj->warnings = cca_xreallocarray(pj->warnings, pj->nwarnings + 1, sizeof *pj->warnings);
	va_start(ap, fmt);
	pj->warnings[pj->nwarnings++] = cca_xvasprintf(fmt, ap);
	va_end(ap);
}

static int fail(struct proj *pj, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct proj *pj, const char *fmt, ...)
{
	va_list ap;

	if (!pj->failed) {
		va_start(ap, fmt);
		cca_error_setv(&pj->err, CCA_EINPUT, fmt, ap);
		va_end(ap);
		pj->failed = true;
	}
	return -1;
}

/* Append "/" and the RFC 6901 escape of s to b. */
static void put_segment(struct cca_buf *b, const char *s)
{
	cca_buf_putc(b, '/');
	for (; *s; s++) {
		if (*s == '~')
			cca_buf_puts(b, "~0");
		else if (*s == '/')
			cca_buf_puts(b, "~1");
		else
			cca_buf_putc(b, *s);
	}
}

static char *child_ptr(const char *rel, const char *key)
{
	struct cca_buf b;

	cca_buf_init(&b);
	cca_buf_puts(&b, rel);
	put_segment(&b, key);
	return cca_buf_detach(&b);
}

static char *index_ptr(const char *rel, size_t i)
{
	return cca_xasprintf("%s/%zu", rel, i);
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "a mapping";
	case JSON_ARRAY: return "a sequence";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE: case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

/* ---- variables and interpolation ---------------------------------------------- */

static const char *var_get(const struct proj *pj, const char *name, size_t n)
{
	char buf[256];

	if (n >= sizeof buf)
		return NULL;
	memcpy(buf, name, n);
	buf[n] = '\0';
	return json_string_value(json_object_get(pj->vars, buf));
}

static bool name_start(char c)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

/* The end of the ${...} whose body starts at p (the matching '}'), or NULL. */
static const char *brace_end(const char *p, const char *end)
{
	int depth = 1;

	for (; p < end; p++) {
		if (p[0] == '$' && p + 1 < end && p[1] == '$') {
			p++;
		} else if (p[0] == '$' && p + 1 < end && p[1] == '{') {
			depth++;
			p++;
		} else if (*p == '}' && --depth == 0) {
			return p;
		}
	}
	return NULL;
}

static int interp_into(struct proj *pj, struct cca_buf *out, const char *s, size_t len,
		       const char *where, unsigned depth);

/* Expand the body of one ${...} (n bytes at s) into out. */
static int expand_braced(struct proj *pj, struct cca_buf *out, const char *s, size_t n,
			 const char *where, unsigned depth)
{
	size_t k = 0;
	const char *val, *arg;
	size_t nlen, alen;
	bool colon = false;
	char op = 0;

	while (k < n && name_char(s[k]))
		k++;
	if (!k || !name_start(s[0])) {
		warn(pj, "%s: invalid interpolation '${%.*s}' kept as written", where, (int)n, s);
		cca_buf_puts(out, "${");
		cca_buf_add(out, s, n);
		cca_buf_putc(out, '}');
		return 0;
	}
	nlen = k;
	val = var_get(pj, s, nlen);
	if (k < n && s[k] == ':') {
		colon = true;
		k++;
	}
	if (k < n && (s[k] == '-' || s[k] == '?' || s[k] == '+'))
		op = s[k++];
	if ((colon && !op) || (!op && k < n)) {
		warn(pj, "%s: invalid interpolation '${%.*s}' kept as written", where, (int)n, s);
		cca_buf_puts(out, "${");
		cca_buf_add(out, s, n);
		cca_buf_putc(out, '}');
		return 0;
	}
	arg = s + k;
	alen = n - k;
	switch (op) {
	case 0:
		if (!val)
			warn(pj, "%s: variable '%.*s' is not set; it is read as an empty string",
			     where, (int)nlen, s);
		cca_buf_puts(out, val ? val : "");
		return 0;
	case '-':
		if (val && !(colon && !*val)) {
			cca_buf_puts(out, val);
			return 0;
		}
		return interp_into(pj, out, arg, alen, where, depth + 1);
	case '?':
		if (val && !(colon && !*val)) {
			cca_buf_puts(out, val);
			return 0;
		}
		warn(pj, "%s: required variable '%.*s' is missing a value%s%.*s (docker compose "
		     "would refuse the file; it is read as an empty string)", where, (int)nlen, s,
		     alen ? ": " : "", (int)alen, arg);
		return 0;
	default: /* '+' */
		if (val && !(colon && !*val))
			return interp_into(pj, out, arg, alen, where, depth + 1);
		return 0;
	}
}

/* Interpolate len bytes of s into out; where is "FILE:LINE" for messages. */
static int interp_into(struct proj *pj, struct cca_buf *out, const char *s, size_t len,
		       const char *where, unsigned depth)
{
	const char *p = s, *end = s + len;

	if (depth > INTERP_MAX_DEPTH)
		return fail(pj, "%s: interpolation nested deeper than %d levels", where,
			    INTERP_MAX_DEPTH);
	while (p < end) {
		const char *d = memchr(p, '$', (size_t)(end - p));

		if (!d) {
			cca_buf_add(out, p, (size_t)(end - p));
			break;
		}
		cca_buf_add(out, p, (size_t)(d - p));
		p = d + 1;
		if (p < end && *p == '$') {
			cca_buf_putc(out, '$');
			p++;
		} else if (p < end && *p == '{') {
			const char *close = brace_end(p + 1, end);

			if (!close) {
				warn(pj, "%s: unterminated '${' kept as written", where);
				cca_buf_add(out, d, (size_t)(end - d));
				break;
			}
			if (expand_braced(pj, out, p + 1, (size_t)(close - p - 1), where, depth) < 0)
				return -1;
			p = close + 1;
		} else if (p < end && name_start(*p)) {
			const char *q = p, *val;

			while (q < end && name_char(*q))
				q++;
			val = var_get(pj, p, (size_t)(q - p));
			if (!val)
				warn(pj, "%s: variable '%.*s' is not set; it is read as an empty string",
				     where, (int)(q - p), p);
			cca_buf_puts(out, val ? val : "");
			p = q;
		} else {
			cca_buf_putc(out, '$');
		}
		if (out->len > INTERP_MAX_BYTES)
			return fail(pj, "%s: interpolation makes a value longer than %u bytes", where,
				    INTERP_MAX_BYTES);
	}
	return 0;
}

/* ---- env files ------------------------------------------------------------------- */

/* Read path's KEY=VALUE lines into pj->vars (later lines see earlier ones). */
static void read_env_file(struct proj *pj, const char *path, bool must_exist)
{
	struct cca_error err;
	char *data, *next;
	size_t len;
	unsigned line = 0;

	if (!must_exist && access(path, F_OK) != 0)
		return;
	if (cca_file_read(path, CCA_COMPOSE_MAX_BYTES, &data, &len, &err) < 0) {
		warn(pj, "%s (no variables read from it)", err.msg);
		return;
	}
	if (memchr(data, '\0', len) || !cca_utf8_valid(data, len)) {
		warn(pj, "%s: not a text file (no variables read from it)", path);
		free(data);
		return;
	}
	for (char *l = data; l; l = next) {
		char *eq, *k, *v, *ke;
		struct cca_buf val;
		char *where;

		next = strchr(l, '\n');
		if (next)
			*next++ = '\0';
		line++;
		while (*l == ' ' || *l == '\t')
			l++;
		if (!*l || *l == '#' || *l == '\r')
			continue;
		if (strncmp(l, "export ", 7) == 0)
			l += 7;
		eq = strchr(l, '=');
		if (!eq) {
			warn(pj, "%s:%u: line ignored: it is not NAME=VALUE", path, line);
			continue;
		}
		k = l;
		ke = eq;
		while (ke > k && (ke[-1] == ' ' || ke[-1] == '\t'))
			ke--;
		*ke = '\0';
		v = eq + 1;
		while (*v == ' ' || *v == '\t')
			v++;
		cca_buf_init(&val);
		where = cca_xasprintf("%s:%u", path, line);
		if (*v == '\'') {
			char *q = strchr(v + 1, '\'');

			cca_buf_add(&val, v + 1, q ? (size_t)(q - v - 1) : strlen(v + 1));
		} else if (*v == '"') {
			struct cca_buf raw;

			cca_buf_init(&raw);
			for (v++; *v && *v != '"'; v++) {
				if (*v == '\\' && v[1]) {
					v++;
					cca_buf_putc(&raw, *v == 'n' ? '\n' : *v == 't' ? '\t' : *v);
				} else {
					cca_buf_putc(&raw, *v);
				}
			}
			interp_into(pj, &val, raw.data ? raw.data : "", raw.len, where, 0);
			cca_buf_release(&raw);
		} else {
			char *e = v + strlen(v), *hash = strstr(v, " #");

			if (hash)
				e = hash;
			while (e > v && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
				e--;
			interp_into(pj, &val, v, (size_t)(e - v), where, 0);
		}
		if (*k && !pj->failed)
			json_object_set_new(pj->vars, k, json_string(cca_buf_str(&val)));
		free(where);
		cca_buf_release(&val);
	}
	free(data);
}

/* ---- reading one file --------------------------------------------------------------- */

/* "FILE:LINE" of pointer in d. */
static char *where_in(const struct doc *d, const char *ptr)
{
	return cca_xasprintf("%s:%u", d->path, cca_linemap_line(d->lines, ptr));
}

/* A copy of v (at ptr in d) with every string value interpolated. */
static json_t *icopy(struct proj *pj, struct doc *d, json_t *v, struct cca_buf *ptr)
{
	size_t mark = ptr->len;
	json_t *out = NULL;

	if (pj->failed)
		return NULL;
	if (!pj->budget--) {
		fail(pj, "%s: the project has more than %d values (aliases expanded)", d->path,
		     CCA_COMPOSE_MAX_VALUES);
		return NULL;
	}
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		const char *k;
		json_t *x;

		out = json_object();
		json_object_foreach(v, k, x) {
			json_t *c;

			put_segment(ptr, k);
			c = icopy(pj, d, x, ptr);
			ptr->len = mark;
			ptr->data[mark] = '\0';
			if (!c) {
				json_decref(out);
				return NULL;
			}
			json_object_set_new(out, k, c);
		}
		return out;
	}
	case JSON_ARRAY: {
		size_t i;
		json_t *x;

		out = json_array();
		json_array_foreach(v, i, x) {
			json_t *c;

			cca_buf_printf(ptr, "/%zu", i);
			c = icopy(pj, d, x, ptr);
			ptr->len = mark;
			ptr->data[mark] = '\0';
			if (!c) {
				json_decref(out);
				return NULL;
			}
			json_array_append_new(out, c);
		}
		return out;
	}
	case JSON_STRING: {
		const char *s = json_string_value(v);
		struct cca_buf b;
		char *where;

		if (!strchr(s, '$'))
			return json_incref(v);
		cca_buf_init(&b);
		where = where_in(d, cca_buf_str(ptr));
		if (interp_into(pj, &b, s, json_string_length(v), where, 0) == 0)
			out = json_stringn(b.data ? b.data : "", b.len);
		free(where);
		cca_buf_release(&b);
		return out;
	}
	default:
		return json_incref(v);
	}
}

/* The document for path, read and interpolated once; NULL on failure. */
static struct doc *load_doc(struct proj *pj, const char *path)
{
	struct cca_error err;
	json_t *raw = NULL, *svcs;
	struct cca_buf ptr;
	struct doc *d;
	char *data;
	size_t len;

	for (size_t i = 0; i < pj->ndocs; i++)
		if (strcmp(pj->docs[i].path, path) == 0)
			return &pj->docs[i];
	if (pj->ndocs >= CCA_COMPOSE_MAX_FILES) {
		fail(pj, "%s: more than %d compose files in one project", path,
		     CCA_COMPOSE_MAX_FILES);
		return NULL;
	}
	if (cca_file_read(path, CCA_COMPOSE_MAX_BYTES, &data, &len, &err) < 0) {
		fail(pj, "%s", err.msg);
		return NULL;
	}
	pj->docs = cca_xreallocarray(pj->docs, pj->ndocs + 1, sizeof *pj->docs);
	d = &pj->docs[pj->ndocs++];
	memset(d, 0, sizeof *d);
	d->path = cca_xstrdup(path);
	d->done_v = json_object();
	d->done_p = json_object();
	d->busy = json_object();
	if (pj->ndocs == 1) {
		pj->main_data = data;
		pj->main_len = len;
	}
	if (cca_yaml_parse(path, data, len, &raw, &d->lines, &err) < 0) {
		if (pj->ndocs != 1)
			free(data);
		fail(pj, "%s", err.msg);
		return NULL;
	}
	if (pj->ndocs != 1)
		free(data);
	if (!json_is_object(raw)) {
		fail(pj, "%s:%u: a compose file is a mapping (services: ...), not %s", path,
		     cca_linemap_line(d->lines, ""), type_name(raw));
		json_decref(raw);
		return NULL;
	}
	cca_buf_init(&ptr);
	cca_buf_puts(&ptr, "");
	d->root = icopy(pj, d, raw, &ptr);
	cca_buf_release(&ptr);
	json_decref(raw);
	if (!d->root)
		return NULL;
	svcs = json_object_get(d->root, "services");
	if (svcs && !json_is_object(svcs) && !json_is_null(svcs)) {
		fail(pj, "%s:%u: 'services' is a mapping of service names, not %s", path,
		     cca_linemap_line(d->lines, "/services"), type_name(svcs));
		return NULL;
	}
	if (json_object_get(d->root, "include"))
		warn(pj, "%s:%u: 'include' is not followed; audit the included projects on "
		     "their own", path, cca_linemap_line(d->lines, "/include"));
	return d;
}

/* ---- provenance ------------------------------------------------------------------------ */

static void prov_set(json_t *p, const char *rel, size_t doc, unsigned line)
{
	json_object_set_new(p, rel, json_pack("[I,I]", (json_int_t)doc, (json_int_t)line));
}

/* Record every value of v, read from doc d (index di) at abs, under rel in p. */
static void prov_record(json_t *p, const char *rel, const json_t *v, const struct doc *d,
			size_t di, const char *abs)
{
	prov_set(p, rel, di, cca_linemap_line(d->lines, abs));
	if (json_is_object(v)) {
		const char *k;
		json_t *x;

		json_object_foreach((json_t *)v, k, x) {
			char *r = child_ptr(rel, k), *a = child_ptr(abs, k);

			prov_record(p, r, x, d, di, a);
			free(r);
			free(a);
		}
	} else if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v); i++) {
			char *r = index_ptr(rel, i), *a = index_ptr(abs, i);

			prov_record(p, r, json_array_get(v, i), d, di, a);
			free(r);
			free(a);
		}
	}
}

/* Drop the provenance of v (at rel) and everything below it. */
static void prov_drop(json_t *p, const char *rel, const json_t *v)
{
	json_object_del(p, rel);
	if (json_is_object(v)) {
		const char *k;
		json_t *x;

		json_object_foreach((json_t *)v, k, x) {
			char *r = child_ptr(rel, k);

			prov_drop(p, r, x);
			free(r);
		}
	} else if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v); i++) {
			char *r = index_ptr(rel, i);

			prov_drop(p, r, json_array_get(v, i));
			free(r);
		}
	}
}

/* Copy the provenance of v from sp at srel to dp at drel, subtree included. */
static void prov_copy(json_t *dp, const char *drel, json_t *sp, const char *srel, const json_t *v)
{
	json_t *e = json_object_get(sp, srel);

	if (e)
		json_object_set(dp, drel, e);
	if (json_is_object(v)) {
		const char *k;
		json_t *x;

		json_object_foreach((json_t *)v, k, x) {
			char *d = child_ptr(drel, k), *s = child_ptr(srel, k);

			prov_copy(dp, d, sp, s, x);
			free(d);
			free(s);
		}
	} else if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v); i++) {
			char *d = index_ptr(drel, i), *s = index_ptr(srel, i);

			prov_copy(dp, d, sp, s, json_array_get(v, i));
			free(d);
			free(s);
		}
	}
}

/* ---- services ------------------------------------------------------------------------- */

/* Attributes given as a list of NAME=VALUE that merge as mappings. */
static const char *const mapping_lists[] = { "environment", "labels", "sysctls", "annotations" };

/* Turn attribute k of a service, when a list of NAME[=VALUE], into a mapping. */
static void normalize_list(struct lsvc *l, const char *k)
{
	json_t *a = json_object_get(l->v, k), *m;
	char *rel = child_ptr("", k);

	if (!json_is_array(a)) {
		free(rel);
		return;
	}
	m = json_object();
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *x = json_array_get(a, i);
		const char *s = json_string_value(x), *eq;
		char *name, *irel = index_ptr(rel, i), *nrel;
		json_t *e;

		if (!s) {   /* a wrong type: left for the model to report */
			free(irel);
			json_decref(m);
			free(rel);
			return;
		}
		eq = strchr(s, '=');
		name = eq ? cca_xstrndup(s, (size_t)(eq - s)) : cca_xstrdup(s);
		json_object_set_new(m, name, eq ? json_string(eq + 1) : json_null());
		nrel = child_ptr(rel, name);
		if ((e = json_object_get(l->p, irel)))
			json_object_set(l->p, nrel, e);
		json_object_del(l->p, irel);
		free(nrel);
		free(irel);
		free(name);
	}
	json_object_set_new(l->v, k, m);
	free(rel);
}

/* The located service name of d (index di), a copy; false when it is missing. */
static bool lsvc_from_doc(struct proj *pj, struct doc *d, size_t di, const char *name,
			  struct lsvc *out)
{
	json_t *svc = json_object_get(json_object_get(d->root, "services"), name);
	struct cca_buf abs;

	if (!svc)
		return false;
	if (json_is_null(svc))
		svc = json_object();
	else if (!json_is_object(svc)) {
		char *w, *a;

		cca_buf_init(&abs);
		cca_buf_puts(&abs, "/services");
		put_segment(&abs, name);
		a = cca_buf_detach(&abs);
		w = where_in(d, a);
		fail(pj, "%s: service '%s' is a mapping of settings, not %s", w, name,
		     type_name(svc));
		free(w);
		free(a);
		return false;
	} else {
		svc = json_deep_copy(svc);
	}
	out->v = svc;
	out->p = json_object();
	cca_buf_init(&abs);
	cca_buf_puts(&abs, "/services");
	put_segment(&abs, name);
	prov_record(out->p, "", svc, d, di, cca_buf_str(&abs));
	cca_buf_release(&abs);
	for (size_t i = 0; i < CCA_ARRAY_SIZE(mapping_lists); i++)
		normalize_list(out, mapping_lists[i]);
	return true;
}

static void lsvc_release(struct lsvc *l)
{
	json_decref(l->v);
	json_decref(l->p);
	l->v = l->p = NULL;
}

/* A scalar of a unique key as text ("" when absent). */
static char *key_part(const json_t *v)
{
	if (json_is_string(v))
		return cca_xstrdup(json_string_value(v));
	if (json_is_integer(v))
		return cca_xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
	return cca_xstrdup("");
}

/* The key that makes an item of a unique list (ports, volumes, secrets, configs). */
static char *unique_key(const char *attr, const json_t *x)
{
	if (json_is_object(x)) {
		if (strcmp(attr, "ports") == 0) {
			char *ip = key_part(json_object_get(x, "host_ip"));
			char *pub = key_part(json_object_get(x, "published"));
			char *tgt = key_part(json_object_get(x, "target"));
			char *proto = key_part(json_object_get(x, "protocol"));
			char *k = cca_xasprintf("%s:%s:%s/%s", ip, pub, tgt, *proto ? proto : "tcp");

			free(ip);
			free(pub);
			free(tgt);
			free(proto);
			return k;
		}
		if (strcmp(attr, "volumes") == 0)
			return key_part(json_object_get(x, "target"));
		return json_object_get(x, "target") ? key_part(json_object_get(x, "target"))
						    : key_part(json_object_get(x, "source"));
	}
	if (json_is_string(x)) {
		const char *s = json_string_value(x);

		if (strcmp(attr, "volumes") == 0) {
			/* SRC:DST[:MODE] -> DST; DST alone */
			const char *c1 = strchr(s, ':');
			const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

			if (!c1)
				return cca_xstrdup(s);
			return c2 ? cca_xstrndup(c1 + 1, (size_t)(c2 - c1 - 1)) : cca_xstrdup(c1 + 1);
		}
		return cca_xstrdup(s);
	}
	return json_dumps(x, JSON_ENCODE_ANY | JSON_COMPACT);
}

/* After an append: a later item of the same key replaces the earlier one in place. */
static void make_unique(struct lsvc *dst, const char *attr)
{
	json_t *a = json_object_get(dst->v, attr), *out, *np;
	char *rel = child_ptr("", attr);
	size_t n = json_array_size(a);
	char **keys = cca_xcalloc(n ? n : 1, sizeof *keys);
	size_t *src_of = cca_xcalloc(n ? n : 1, sizeof *src_of), nout = 0;

	for (size_t i = 0; i < n; i++) {
		size_t j;

		keys[i] = unique_key(attr, json_array_get(a, i));
		for (j = 0; j < nout; j++)
			if (strcmp(keys[src_of[j]], keys[i]) == 0)
				break;
		src_of[j] = i;
		if (j == nout)
			nout++;
	}
	if (nout != n) {
		out = json_array();
		np = json_object();
		for (size_t j = 0; j < nout; j++) {
			char *d = index_ptr(rel, j), *s = index_ptr(rel, src_of[j]);
			json_t *x = json_array_get(a, src_of[j]);

			json_array_append(out, x);
			prov_copy(np, d, dst->p, s, x);
			free(d);
			free(s);
		}
		for (size_t i = 0; i < n; i++) {
			char *s = index_ptr(rel, i);

			prov_drop(dst->p, s, json_array_get(a, i));
			free(s);
		}
		json_object_update(dst->p, np);
		json_decref(np);
		json_object_set_new(dst->v, attr, out);
	}
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	free(src_of);
	free(rel);
}

static bool is_one_of(const char *s, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, set[i]) == 0)
			return true;
	return false;
}

/*
 * Merge mapping sv (of src, at rel) over dv (of dst): compose's rules.
 * top is true for the service mapping itself.
 */
static void merge_map(json_t *dv, json_t *dp, json_t *sv, json_t *sp, const char *rel, bool top)
{
	static const char *const replaced[] = { "command", "entrypoint" };
	static const char *const unique[] = { "ports", "volumes", "secrets", "configs" };
	const char *k;
	json_t *s;

	json_object_foreach(sv, k, s) {
		json_t *d = json_object_get(dv, k);
		char *krel = child_ptr(rel, k);
		json_t *e;

		if (d && json_is_object(d) && json_is_object(s) &&
		    !(top && is_one_of(k, replaced, CCA_ARRAY_SIZE(replaced)))) {
			if ((e = json_object_get(sp, krel)))
				json_object_set(dp, krel, e);
			merge_map(d, dp, s, sp, krel, false);
		} else if (d && json_is_array(d) && json_is_array(s) &&
			   !(top && is_one_of(k, replaced, CCA_ARRAY_SIZE(replaced))) &&
			   strcmp(krel, "/healthcheck/test") != 0) {
			size_t n = json_array_size(d);

			for (size_t i = 0; i < json_array_size(s); i++) {
				char *di = index_ptr(krel, n + i), *si = index_ptr(krel, i);
				json_t *x = json_array_get(s, i);

				json_array_append(d, x);
				prov_copy(dp, di, sp, si, x);
				free(di);
				free(si);
			}
			if (top && is_one_of(k, unique, CCA_ARRAY_SIZE(unique))) {
				struct lsvc tmp = { dv, dp };

				make_unique(&tmp, k);
			}
		} else {
			if (d)
				prov_drop(dp, krel, d);
			json_object_set(dv, k, s);
			prov_copy(dp, krel, sp, krel, s);
		}
		free(krel);
	}
}

/*
 * Service name of document di with its extends resolved, as a new located
 * value in *out; false when it does not exist or the project failed.
 */
static bool resolve(struct proj *pj, size_t di, const char *name, unsigned depth,
		    struct lsvc *out)
{
	struct doc *d = &pj->docs[di];
	json_t *ext, *bname_j, *file_j;
	struct lsvc local, base;
	const char *bname;
	size_t bdi = di;
	char *w;

	if ((out->v = json_object_get(d->done_v, name))) {
		out->v = json_deep_copy(out->v);
		out->p = json_deep_copy(json_object_get(d->done_p, name));
		return true;
	}
	if (!lsvc_from_doc(pj, d, di, name, &local))
		return false;
	ext = json_object_get(local.v, "extends");
	if (!ext) {
		json_object_set(d->done_v, name, local.v);
		json_object_set(d->done_p, name, local.p);
		*out = local;
		return true;
	}
	w = cca_xasprintf("%s:%u", d->path, (unsigned)json_integer_value(
				  json_array_get(json_object_get(local.p, "/extends"), 1)));
	if (json_object_get(d->busy, name) || depth >= CCA_COMPOSE_MAX_EXTENDS) {
		fail(pj, "%s: service '%s' extends itself (a cycle, or more than %d levels)", w,
		     name, CCA_COMPOSE_MAX_EXTENDS);
		goto bad;
	}
	bname_j = json_is_string(ext) ? ext : json_object_get(ext, "service");
	file_j = json_is_object(ext) ? json_object_get(ext, "file") : NULL;
	if (!json_is_string(bname_j) || (file_j && !json_is_string(file_j))) {
		fail(pj, "%s: 'extends' of service '%s' names a service (extends: NAME or "
		     "extends: {service: NAME, file: FILE})", w, name);
		goto bad;
	}
	bname = json_string_value(bname_j);
	if (file_j) {
		const char *f = json_string_value(file_j), *slash = strrchr(d->path, '/');
		char *path = f[0] == '/' || !slash ? cca_xstrdup(f)
			     : cca_xasprintf("%.*s/%s", (int)(slash - d->path), d->path, f);
		struct doc *bd = load_doc(pj, path);

		free(path);
		if (!bd)
			goto bad;
		bdi = (size_t)(bd - pj->docs);
	}
	json_object_set_new(pj->docs[di].busy, name, json_true());
	if (!resolve(pj, bdi, bname, depth + 1, &base)) {
		if (!pj->failed)
			fail(pj, "%s: service '%s' extends '%s', which %s does not define", w, name,
			     bname, pj->docs[bdi].path);
		json_object_del(pj->docs[di].busy, name);
		goto bad;
	}
	json_object_del(pj->docs[di].busy, name);
	prov_drop(local.p, "/extends", ext);
	json_object_del(local.v, "extends");
	merge_map(base.v, base.p, local.v, local.p, "", true);
	lsvc_release(&local);
	json_object_set(pj->docs[di].done_v, name, base.v);
	json_object_set(pj->docs[di].done_p, name, base.p);
	*out = base;
	free(w);
	return true;
bad:
	free(w);
	lsvc_release(&local);
	return false;
}

/* ---- the container model --------------------------------------------------------- */

struct cmodel {
	struct cca_container c;
	json_t *keep;          /* the merged service: strings point into it */
	char **strs;
	size_t nstrs;
	struct cca_setting *cap_add, *cap_drop, *secopt;
	struct cca_mount *mounts;
	struct cca_port *ports;
	struct cca_pair *env;
	const char **secrets;
	char *error;           /* a setting of the wrong type */
	const struct cca_linemap *lines;   /* while building */
	const char *main;
};

static void cmodel_free(void *p)
{
	struct cmodel *m = p;

	if (!m)
		return;
	for (size_t i = 0; i < m->nstrs; i++)
		free(m->strs[i]);
	free(m->strs);
	free(m->cap_add);
	free(m->cap_drop);
	free(m->secopt);
	free(m->mounts);
	free(m->ports);
	free(m->env);
	free(m->secrets);
	free(m->error);
	json_decref(m->keep);
	free(m);
}

static const char *own(struct cmodel *m, char *s)
{
	m->strs = cca_xreallocarray(m->strs, m->nstrs + 1, sizeof *m->strs);
	m->strs[m->nstrs++] = s;
	return s;
}

/* "FILE:LINE" of key in the item being built. */
static char *where_key(const struct cmodel *m, const char *key)
{
	const char *f = cca_linemap_file(m->lines, key);

	return cca_xasprintf("%s:%u", f ? f : m->main, cca_linemap_line(m->lines, key));
}

static void bad_type(struct cmodel *m, const char *key, const char *what, const json_t *v)
{
	char *w;

	if (m->error)
		return;
	w = where_key(m, key);
	m->error = cca_xasprintf("%s: '%s' of service '%s' must be %s, not %s", w,
				 strrchr(key, '/') + 1, m->c.name, what, type_name(v));
	free(w);
}

/* A scalar as text (NULL for null); a collection is a type error. */
static const char *scalar(struct cmodel *m, const json_t *v, const char *key)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return json_string_value(v);
	case JSON_INTEGER:
		return own(m, cca_xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v)));
	case JSON_REAL:
		return own(m, cca_xasprintf("%g", json_real_value(v)));
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	case JSON_NULL:
		return NULL;
	default:
		bad_type(m, key, "a scalar", v);
		return NULL;
	}
}

/* The key of attribute path (relative, "/privileged") of the service. */
static const char *key_of(struct cmodel *m, const char *base, const char *rel)
{
	return own(m, cca_xasprintf("%s%s", base, rel));
}

static void setting(struct cmodel *m, struct cca_setting *s, const char *base, const char *rel)
{
	const json_t *v = m->keep;
	const char *p = rel;
	struct cca_buf seg;

	cca_buf_init(&seg);
	while (v && *p == '/') {
		cca_buf_reset(&seg);
		for (p++; *p && *p != '/'; p++)
			cca_buf_putc(&seg, *p);
		v = json_is_object(v) ? json_object_get(v, cca_buf_str(&seg)) : NULL;
	}
	cca_buf_release(&seg);
	if (!v)
		return;
	s->key = key_of(m, base, rel);
	s->value = scalar(m, v, s->key);
	if (!s->value)
		s->key = NULL;
}

/* A list of strings (or one string) into settings. */
static struct cca_setting *string_list(struct cmodel *m, const char *base, const char *attr,
				       size_t *n)
{
	json_t *a = json_object_get(m->keep, attr);
	struct cca_setting *v;
	char *rel = child_ptr("", attr);

	*n = 0;
	if (!a) {
		free(rel);
		return NULL;
	}
	if (json_is_string(a)) {
		v = cca_xcalloc(1, sizeof *v);
		v[0].value = json_string_value(a);
		v[0].key = key_of(m, base, rel);
		*n = 1;
		free(rel);
		return v;
	}
	if (!json_is_array(a)) {
		bad_type(m, key_of(m, base, rel), "a list", a);
		free(rel);
		return NULL;
	}
	v = cca_xcalloc(json_array_size(a) + 1, sizeof *v);
	for (size_t i = 0; i < json_array_size(a); i++) {
		char *r = index_ptr(rel, i);

		v[*n].key = key_of(m, base, r);
		v[*n].value = scalar(m, json_array_get(a, i), v[*n].key);
		if (v[*n].value)
			(*n)++;
		free(r);
	}
	free(rel);
	return v;
}

/* "[IP:][HOST:]CONTAINER[/PROTO]" */
static void parse_short_port(struct cmodel *m, struct cca_port *pt, const char *s)
{
	const char *slash = strrchr(s, '/'), *end = slash ? slash : s + strlen(s);
	const char *p = s, *c;
	char *body;
	char *parts[3] = { NULL, NULL, NULL };
	size_t np = 0;

	pt->protocol = slash ? own(m, cca_xstrdup(slash + 1)) : "tcp";
	if (*p == '[') {   /* [IPv6]:HOST:CONTAINER */
		const char *rb = strchr(p, ']');

		if (rb && rb < end) {
			pt->host_ip = own(m, cca_xstrndup(p + 1, (size_t)(rb - p - 1)));
			p = rb + 1;
			if (*p == ':')
				p++;
		}
	}
	body = cca_xstrndup(p, (size_t)(end - p));
	/* split from the right: CONTAINER, HOST, IP (IP may hold colons) */
	for (int i = 0; i < 2 && (c = strrchr(body, ':')); i++) {
		parts[np++] = cca_xstrdup(c + 1);
		body[c - body] = '\0';
	}
	if (np == 0) {
		pt->container_port = own(m, body);
	} else {
		pt->container_port = own(m, parts[0]);
		if (np == 1) {
			pt->host_port = own(m, body);
		} else {
			pt->host_port = own(m, parts[1]);
			if (!pt->host_ip)
				pt->host_ip = own(m, body);
			else
				free(body);
		}
	}
}

static void read_ports(struct cmodel *m, const char *base)
{
	json_t *a = json_object_get(m->keep, "ports");

	if (!a)
		return;
	if (!json_is_array(a)) {
		bad_type(m, key_of(m, base, "/ports"), "a list", a);
		return;
	}
	m->ports = cca_xcalloc(json_array_size(a) + 1, sizeof *m->ports);
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *x = json_array_get(a, i);
		struct cca_port *pt = &m->ports[m->c.nports];
		char *rel = index_ptr("/ports", i);

		pt->key = key_of(m, base, rel);
		free(rel);
		if (json_is_object(x)) {
			char *k = cca_xasprintf("%s/target", pt->key);

			pt->container_port = scalar(m, json_object_get(x, "target"), own(m, k));
			pt->host_port = json_object_get(x, "published")
					? scalar(m, json_object_get(x, "published"), pt->key) : NULL;
			pt->host_ip = json_string_value(json_object_get(x, "host_ip"));
			pt->protocol = json_string_value(json_object_get(x, "protocol")) ?: "tcp";
		} else if (json_is_string(x) || json_is_integer(x)) {
			const char *s = scalar(m, x, pt->key);

			parse_short_port(m, pt, s);
		} else {
			bad_type(m, pt->key, "a port (string, number or mapping)", x);
			continue;
		}
		m->c.nports++;
	}
	m->c.ports = m->ports;
}

static bool host_path(const char *s)
{
	return s[0] == '/' || s[0] == '.' || s[0] == '~' || s[0] == '$';
}

static void read_volumes(struct cmodel *m, const char *base)
{
	json_t *a = json_object_get(m->keep, "volumes"), *t = json_object_get(m->keep, "tmpfs");
	size_t nt = json_is_array(t) ? json_array_size(t) : t ? 1 : 0;

	if (a && !json_is_array(a)) {
		bad_type(m, key_of(m, base, "/volumes"), "a list", a);
		return;
	}
	m->mounts = cca_xcalloc(json_array_size(a) + nt + 1, sizeof *m->mounts);
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *x = json_array_get(a, i);
		struct cca_mount *mt = &m->mounts[m->c.nmounts];
		char *rel = index_ptr("/volumes", i);

		mt->key = key_of(m, base, rel);
		free(rel);
		if (json_is_object(x)) {
			mt->type = json_string_value(json_object_get(x, "type")) ?: "volume";
			mt->source = json_string_value(json_object_get(x, "source"));
			mt->target = json_string_value(json_object_get(x, "target"));
			mt->read_only = json_is_true(json_object_get(x, "read_only")) ||
					cca_streq(json_string_value(json_object_get(x, "read_only")), "true");
		} else if (json_is_string(x)) {
			const char *s = json_string_value(x), *c1 = strchr(s, ':');
			const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

			if (!c1) {
				mt->type = "volume";
				mt->target = s;
			} else {
				mt->source = own(m, cca_xstrndup(s, (size_t)(c1 - s)));
				mt->target = c2 ? own(m, cca_xstrndup(c1 + 1, (size_t)(c2 - c1 - 1)))
						: c1 + 1;
				mt->type = host_path(mt->source) ? "bind" : "volume";
				if (c2) {
					char *mode = cca_xstrdup(c2 + 1), *save = NULL;

					for (char *o = strtok_r(mode, ",", &save); o;
					     o = strtok_r(NULL, ",", &save))
						if (strcmp(o, "ro") == 0)
							mt->read_only = true;
					free(mode);
				}
			}
		} else {
			bad_type(m, mt->key, "a volume (string or mapping)", x);
			continue;
		}
		m->c.nmounts++;
	}
	for (size_t i = 0; i < nt; i++) {
		json_t *x = json_is_array(t) ? json_array_get(t, i) : t;
		struct cca_mount *mt = &m->mounts[m->c.nmounts];
		char *rel = json_is_array(t) ? index_ptr("/tmpfs", i) : cca_xstrdup("/tmpfs");

		mt->key = key_of(m, base, rel);
		free(rel);
		mt->type = "tmpfs";
		mt->target = json_string_value(x);
		if (mt->target)
			m->c.nmounts++;
	}
	m->c.mounts = m->mounts;
}

static void read_env(struct cmodel *m, const char *base)
{
	json_t *e = json_object_get(m->keep, "environment");
	const char *k;
	json_t *x;

	if (!e)
		return;
	if (!json_is_object(e)) {
		bad_type(m, key_of(m, base, "/environment"), "a mapping or a list of NAME=VALUE",
			 e);
		return;
	}
	m->env = cca_xcalloc(json_object_size(e) + 1, sizeof *m->env);
	json_object_foreach(e, k, x) {
		struct cca_pair *p = &m->env[m->c.nenv];
		char *rel = child_ptr("/environment", k);
		struct cca_secret_hit hit;
		const char *v;

		p->key = key_of(m, base, rel);
		free(rel);
		p->name = k;
		v = scalar(m, x, p->key);
		if (m->error)
			return;
		p->secret = v && ((cca_secret_name(k) && !cca_secret_placeholder(v)) ||
				  cca_secret_find(v, &hit));
		p->value = p->secret ? own(m, cca_mask_secret(v)) : v;
		m->c.nenv++;
	}
	m->c.env = m->env;
}

static void read_secrets(struct cmodel *m, const char *base)
{
	json_t *a = json_object_get(m->keep, "secrets");

	if (!a)
		return;
	if (!json_is_array(a)) {
		bad_type(m, key_of(m, base, "/secrets"), "a list", a);
		return;
	}
	m->secrets = cca_xcalloc(json_array_size(a) + 1, sizeof *m->secrets);
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *x = json_array_get(a, i);
		const char *s = json_is_object(x) ? json_string_value(json_object_get(x, "source"))
						  : json_string_value(x);

		if (s)
			m->secrets[m->c.nsecrets++] = s;
	}
	m->c.secrets = m->secrets;
}

static void read_healthcheck(struct cmodel *m, const char *base)
{
	json_t *h = json_object_get(m->keep, "healthcheck"), *t;

	if (!h)
		return;
	if (!json_is_object(h)) {
		bad_type(m, key_of(m, base, "/healthcheck"), "a mapping", h);
		return;
	}
	t = json_object_get(h, "test");
	if (json_is_true(json_object_get(h, "disable")) ||
	    cca_streq(json_string_value(json_object_get(h, "disable")), "true")) {
		m->c.healthcheck.value = "disabled";
		m->c.healthcheck.key = key_of(m, base, "/healthcheck/disable");
		return;
	}
	if (!t) {   /* options only: the image's test applies */
		m->c.healthcheck.key = key_of(m, base, "/healthcheck");
		return;
	}
	m->c.healthcheck.key = key_of(m, base, "/healthcheck/test");
	if (json_is_string(t)) {
		m->c.healthcheck.value = json_string_value(t);
	} else if (json_is_array(t)) {
		struct cca_buf b;

		cca_buf_init(&b);
		for (size_t i = 0; i < json_array_size(t); i++)
			cca_buf_printf(&b, "%s%s", i ? " " : "",
				       json_string_value(json_array_get(t, i)) ?: "");
		m->c.healthcheck.value = own(m, cca_buf_detach(&b));
	} else {
		bad_type(m, m->c.healthcheck.key, "a string or a list", t);
		return;
	}
	if (strcmp(m->c.healthcheck.value, "NONE") == 0 ||
	    strncmp(m->c.healthcheck.value, "NONE ", 5) == 0)
		m->c.healthcheck.value = "NONE";
	else
		m->c.has_healthcheck = true;
}

static void read_restart(struct cmodel *m, const char *base)
{
	json_t *rp = json_object_get(json_object_get(m->keep, "deploy"), "restart_policy");

	setting(m, &m->c.restart, base, "/restart");
	if (!m->c.restart.value && json_is_object(rp)) {
		const char *c = json_string_value(json_object_get(rp, "condition")) ?: "any";
		json_t *max = json_object_get(rp, "max_attempts");

		m->c.restart.key = key_of(m, base, "/deploy/restart_policy");
		if (strcmp(c, "on-failure") == 0)
			m->c.restart.value = json_is_integer(max)
				? own(m, cca_xasprintf("on-failure:%" JSON_INTEGER_FORMAT,
						       json_integer_value(max)))
				: "on-failure";
		else if (strcmp(c, "none") == 0)
			m->c.restart.value = "no";
		else
			m->c.restart.value = "always";
	}
}

/* Build the model of service name (merged value v) with its line map lines. */
static struct cmodel *build_model(const char *main, const char *name, json_t *v,
				  const struct cca_linemap *lines)
{
	struct cmodel *m = cca_xcalloc(1, sizeof *m);
	struct cca_buf b;
	const char *base;
	json_t *build;

	cca_buf_init(&b);
	cca_buf_puts(&b, "/services");
	put_segment(&b, name);
	base = own(m, cca_buf_detach(&b));
	m->keep = json_incref(v);
	m->lines = lines;
	m->main = main;
	m->c.name = name;
	m->c.source = "compose";
	m->c.key = base;
	setting(m, &m->c.image, base, "/image");
	build = json_object_get(v, "build");
	if (build) {
		m->c.build.key = key_of(m, base, "/build");
		m->c.build.value = json_is_string(build) ? json_string_value(build)
				   : json_string_value(json_object_get(build, "context")) ?: ".";
	}
	setting(m, &m->c.user, base, "/user");
	setting(m, &m->c.privileged, base, "/privileged");
	setting(m, &m->c.read_only, base, "/read_only");
	m->cap_add = string_list(m, base, "cap_add", &m->c.ncap_add);
	m->cap_drop = string_list(m, base, "cap_drop", &m->c.ncap_drop);
	m->secopt = string_list(m, base, "security_opt", &m->c.nsecurity_opt);
	m->c.cap_add = m->cap_add;
	m->c.cap_drop = m->cap_drop;
	m->c.security_opt = m->secopt;
	setting(m, &m->c.pids_limit, base, "/pids_limit");
	if (!m->c.pids_limit.value)
		setting(m, &m->c.pids_limit, base, "/deploy/resources/limits/pids");
	setting(m, &m->c.memory, base, "/mem_limit");
	if (!m->c.memory.value)
		setting(m, &m->c.memory, base, "/deploy/resources/limits/memory");
	setting(m, &m->c.cpus, base, "/cpus");
	if (!m->c.cpus.value)
		setting(m, &m->c.cpus, base, "/deploy/resources/limits/cpus");
	if (!m->c.cpus.value)
		setting(m, &m->c.cpus, base, "/cpu_quota");
	setting(m, &m->c.network_mode, base, "/network_mode");
	setting(m, &m->c.pid_mode, base, "/pid");
	setting(m, &m->c.ipc_mode, base, "/ipc");
	setting(m, &m->c.uts_mode, base, "/uts");
	setting(m, &m->c.userns_mode, base, "/userns_mode");
	read_restart(m, base);
	setting(m, &m->c.pull_policy, base, "/pull_policy");
	setting(m, &m->c.logging_driver, base, "/logging/driver");
	read_volumes(m, base);
	read_ports(m, base);
	read_env(m, base);
	read_secrets(m, base);
	read_healthcheck(m, base);
	m->lines = NULL;
	return m;
}

/* The line map of service name: where each of its values was last set. */
static struct cca_linemap *service_lines(const struct proj *pj, const char *name,
					 const json_t *prov)
{
	struct cca_linemap *lm = cca_linemap_new();
	const struct doc *d0 = &pj->docs[0];
	struct cca_buf b;
	const char *rel;
	json_t *e;
	size_t base_len;

	cca_linemap_set(lm, "", d0->path, 1);
	cca_linemap_set(lm, "/services", d0->path, cca_linemap_line(d0->lines, "/services"));
	cca_buf_init(&b);
	cca_buf_puts(&b, "/services");
	put_segment(&b, name);
	base_len = b.len;
	json_object_foreach((json_t *)prov, rel, e) {
		size_t di = (size_t)json_integer_value(json_array_get(e, 0));

		b.len = base_len;
		b.data[base_len] = '\0';
		cca_buf_puts(&b, rel);
		if (di < pj->ndocs)
			cca_linemap_set(lm, cca_buf_str(&b), pj->docs[di].path,
					(unsigned)json_integer_value(json_array_get(e, 1)));
	}
	cca_buf_release(&b);
	return lm;
}

/* ---- the collector ----------------------------------------------------------------- */

static void proj_release(struct proj *pj)
{
	for (size_t i = 0; i < pj->ndocs; i++) {
		free(pj->docs[i].path);
		json_decref(pj->docs[i].root);
		cca_linemap_free(pj->docs[i].lines);
		json_decref(pj->docs[i].done_v);
		json_decref(pj->docs[i].done_p);
		json_decref(pj->docs[i].busy);
	}
	free(pj->docs);
	for (size_t i = 0; i < pj->nwarnings; i++)
		free(pj->warnings[i]);
	free(pj->warnings);
	json_decref(pj->vars);
	free(pj->main_data);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Merge the services of every file, in order; fills names/values/provenance. */
static int merge_project(struct proj *pj, const char *const *files, size_t nfiles,
			 json_t *pv, json_t *pp)
{
	size_t *top = cca_xcalloc(nfiles, sizeof *top);
	int rc = -1;

	for (size_t f = 0; f < nfiles; f++) {
		struct doc *d = load_doc(pj, files[f]);

		if (!d)
			goto out;
		top[f] = (size_t)(d - pj->docs);
	}
	for (size_t f = 0; f < nfiles; f++) {
		json_t *svcs = json_object_get(pj->docs[top[f]].root, "services");
		const char *name;
		json_t *x;

		json_object_foreach(svcs, name, x) {
			struct lsvc l, into;

			(void)x;
			if (!resolve(pj, top[f], name, 0, &l))
				goto out;
			into.v = json_object_get(pv, name);
			if (into.v) {
				into.p = json_object_get(pp, name);
				merge_map(into.v, into.p, l.v, l.p, "", true);
				lsvc_release(&l);
			} else {
				json_object_set_new(pv, name, l.v);
				json_object_set_new(pp, name, l.p);
			}
		}
	}
	rc = 0;
out:
	free(top);
	return rc;
}

void cca_compose_collect(struct cca_evidence *ev, const char *const *files, size_t nfiles,
			 const char *env_file)
{
	struct proj pj;
	json_t *pv = json_object(), *pp = json_object();
	const char **names = NULL;
	size_t nnames = 0, added = 0;

	memset(&pj, 0, sizeof pj);
	pj.vars = json_object();
	pj.budget = CCA_COMPOSE_MAX_VALUES;
	if (!nfiles)
		goto out;
	if (env_file) {
		read_env_file(&pj, env_file, true);
	} else {
		const char *slash = strrchr(files[0], '/');
		char *dotenv = slash ? cca_xasprintf("%.*s/.env", (int)(slash - files[0]), files[0])
				     : cca_xstrdup(".env");

		read_env_file(&pj, dotenv, false);
		free(dotenv);
	}
	if (!pj.failed)
		merge_project(&pj, files, nfiles, pv, pp);
	if (pj.failed) {
		struct cca_evidence_new_item in = {
			CCA_KIND_CONTAINER, files[0], NULL, pj.main_data, pj.main_len,
			pj.err.msg, NULL, NULL, NULL
		};

		cca_evidence_add(ev, &in);
		added++;
		goto out;
	}
	{
		const char *name;
		json_t *x;

		json_object_foreach(pv, name, x) {
			names = cca_xreallocarray(names, nnames + 1, sizeof *names);
			names[nnames++] = name;
		}
	}
	if (nnames)
		qsort(names, nnames, sizeof *names, cmp_str);
	for (size_t i = 0; i < nnames; i++) {
		struct cca_linemap *lm = service_lines(&pj, names[i], json_object_get(pp, names[i]));
		struct cmodel *m = build_model(files[0], names[i], json_object_get(pv, names[i]), lm);
		struct cca_evidence_new_item in = {
			CCA_KIND_CONTAINER, files[0], names[i], pj.main_data, pj.main_len,
			m->error, m, cmodel_free, lm
		};

		m->c.name = cca_evidence_add(ev, &in)->name;
		added++;
		if (m->error) {   /* the item is an error: the model is not read */
			free(m->error);
			m->error = NULL;
		}
	}
	if (!nnames)
		warn(&pj, "%s: the project defines no services", files[0]);
out:
	if (added)
		for (size_t i = 0; i < pj.nwarnings; i++)
			cca_evidence_warn(ev, "%s", pj.warnings[i]);
	free(names);
	json_decref(pv);
	json_decref(pp);
	proj_release(&pj);
}

bool cca_compose_is_name(const char *name)
{
	for (size_t i = 0; i < CCA_ARRAY_SIZE(base_names); i++)
		if (strcmp(name, base_names[i]) == 0)
			return true;
	return false;
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

void cca_compose_collect_found(struct cca_evidence *ev, const char *path, const char *env_file)
{
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	int dlen = slash ? (int)(slash - path) : 1;
	const char *dir = slash ? path : ".";
	const char *files[2] = { path, NULL };
	size_t n = 1;
	bool preferred = true;

	/* docker compose uses the first of the names it knows that exists */
	for (size_t i = 0; i < CCA_ARRAY_SIZE(base_names); i++) {
		char *p;
		bool found;

		if (strcmp(base, base_names[i]) == 0)
			break;
		p = cca_xasprintf("%.*s/%s", dlen, dir, base_names[i]);
		found = exists(p);
		free(p);
		if (found) {
			preferred = false;
			break;
		}
	}
	for (size_t i = 0; preferred && i < CCA_ARRAY_SIZE(override_names); i++) {
		char *p = cca_xasprintf("%.*s/%s", dlen, dir, override_names[i]);

		if (exists(p)) {
			files[n++] = p;
			break;
		}
		free(p);
	}
	cca_compose_collect(ev, files, n, env_file);
	if (n > 1)
		free((char *)files[1]);
}
