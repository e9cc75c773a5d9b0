/*
 * policy.c - the containers signature policy collector (policy.h): reads
 * policy.json as the containers library does, refusing what it refuses,
 * and the sigstore attachment settings of a registries.d directory.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "ccaudit/evidence.h"
#include "ccaudit/policy.h"
#include "ccaudit/util.h"
#include "ccaudit/yaml.h"

#define REGISTRIES_D_MAX_FILES 256

/* The model and the memory it owns. */
struct policy {
	struct cca_policy pub;
	struct cca_policy_req *def;
	struct cca_policy_scope *scopes;
	struct cca_policy_req **scope_reqs;
	struct cca_policy_attachment *att;
	struct cca_strpool strs;
};

static const char *keep(struct policy *p, char *s)
{
	return cca_strpool_keep(&p->strs, s);
}

void cca_policy_free(struct cca_policy *pub)
{
	struct policy *p = (struct policy *)pub;

	if (!p)
		return;
	for (size_t i = 0; i < p->pub.nscopes; i++)
		free(p->scope_reqs[i]);
	cca_strpool_release(&p->strs);
	free(p->scope_reqs);
	free(p->scopes);
	free(p->def);
	free(p->att);
	free(p);
}

const char *cca_policy_type_name(enum cca_policy_type t)
{
	switch (t) {
	case CCA_PR_ACCEPT_ANYTHING:
		return "insecureAcceptAnything";
	case CCA_PR_REJECT:
		return "reject";
	case CCA_PR_SIGNED_BY:
		return "signedBy";
	case CCA_PR_SIGSTORE_SIGNED:
		break;
	}
	return "sigstoreSigned";
}

/* ---- parsing ------------------------------------------------------------------ */

struct parse {
	const char *name;
	const struct cca_linemap *lines;
	struct cca_error *err;
};

/* Fail with "NAME:LINE: what" at the line of pointer. */
static int bad(struct parse *ps, const char *pointer, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(struct parse *ps, const char *pointer, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return cca_error_set(ps->err, CCA_EINPUT, "%s:%u: %s", ps->name,
			     cca_linemap_line(ps->lines, pointer), msg);
}

/* Whether obj has exactly one of the members names[0..n). */
static int count_members(const json_t *obj, const char *const *names, size_t n)
{
	int c = 0;

	for (size_t i = 0; i < n; i++)
		c += json_object_get(obj, names[i]) != NULL;
	return c;
}

/* Whether every member of obj is one of allowed[0..n). */
static const char *unknown_member(const json_t *obj, const char *const *allowed, size_t n)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)obj, k, v) {
		bool ok = false;

		for (size_t i = 0; i < n && !ok; i++)
			ok = strcmp(k, allowed[i]) == 0;
		if (!ok)
			return k;
	}
	return NULL;
}

/* One requirement object at pointer into *r. */
static int parse_req(struct parse *ps, struct policy *p, const json_t *v, const char *pointer,
		     struct cca_policy_req *r)
{
	static const char *const plain[] = { "type" };
	static const char *const signed_by[] = { "type", "keyType", "keyPath", "keyPaths",
						 "keyData", "signedIdentity" };
	static const char *const gpg_keys[] = { "keyPath", "keyPaths", "keyData" };
	static const char *const sigstore[] = { "type", "keyPath", "keyPaths", "keyData",
						"fulcio", "pki", "rekorPublicKeyPath",
						"rekorPublicKeyPaths", "rekorPublicKeyData",
						"signedIdentity" };
	static const char *const sigstore_keys[] = { "keyPath", "keyPaths", "keyData", "fulcio",
						     "pki" };
	const char *type = json_string_value(json_object_get(v, "type")), *extra;

	if (!json_is_object(v))
		return bad(ps, pointer, "a policy requirement must be an object");
	if (!type)
		return bad(ps, pointer, "a policy requirement needs a \"type\" string");
	r->key = keep(p, cca_xstrdup(pointer));
	if (strcmp(type, "insecureAcceptAnything") == 0 || strcmp(type, "reject") == 0) {
		r->type = type[0] == 'i' ? CCA_PR_ACCEPT_ANYTHING : CCA_PR_REJECT;
		if ((extra = unknown_member(v, plain, 1)))
			return bad(ps, pointer, "unknown key \"%s\" in a requirement", extra);
		return 0;
	}
	if (strcmp(type, "signedBy") == 0) {
		const char *kt = json_string_value(json_object_get(v, "keyType"));

		r->type = CCA_PR_SIGNED_BY;
		if ((extra = unknown_member(v, signed_by, CCA_ARRAY_SIZE(signed_by))))
			return bad(ps, pointer, "unknown key \"%s\" in a signedBy requirement", extra);
		if (!kt || strcmp(kt, "GPGKeys") != 0)
			return bad(ps, pointer, "signedBy needs keyType \"GPGKeys\" (got \"%s\")",
				   kt ? kt : "none");
		if (count_members(v, gpg_keys, CCA_ARRAY_SIZE(gpg_keys)) != 1)
			return bad(ps, pointer, "signedBy needs exactly one of keyPath, keyPaths "
				   "and keyData");
		return 0;
	}
	if (strcmp(type, "sigstoreSigned") == 0) {
		r->type = CCA_PR_SIGSTORE_SIGNED;
		if ((extra = unknown_member(v, sigstore, CCA_ARRAY_SIZE(sigstore))))
			return bad(ps, pointer, "unknown key \"%s\" in a sigstoreSigned requirement",
				   extra);
		if (count_members(v, sigstore_keys, CCA_ARRAY_SIZE(sigstore_keys)) != 1)
			return bad(ps, pointer, "sigstoreSigned needs exactly one of keyPath, "
				   "keyPaths, keyData, fulcio and pki");
		return 0;
	}
	return bad(ps, pointer, "unknown policy requirement type \"%s\"", type);
}

/* A non-empty array of requirements at pointer. */
static int parse_reqs(struct parse *ps, struct policy *p, const json_t *v, const char *pointer,
		      struct cca_policy_req **out, size_t *n)
{
	const json_t *e;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!json_is_array(v))
		return bad(ps, pointer, "policy requirements must be a list");
	if (!json_array_size(v))
		return bad(ps, pointer, "policy requirements must not be empty");
	*out = cca_xcalloc(json_array_size(v), sizeof **out);
	json_array_foreach(v, i, e) {
		char *ptr = cca_xasprintf("%s/%zu", pointer, i);
		int rc = parse_req(ps, p, e, ptr, &(*out)[*n]);

		free(ptr);
		if (rc < 0)
			return -1;
		(*n)++;
	}
	return 0;
}

static int parse_transports(struct parse *ps, struct policy *p, const json_t *ts)
{
	const char *tname, *sname;
	json_t *scopes, *reqs;
	size_t n = 0;

	if (!ts)
		return 0;
	if (!json_is_object(ts))
		return bad(ps, "/transports", "\"transports\" must be an object");
	json_object_foreach((json_t *)ts, tname, scopes) {
		if (!json_is_object(scopes))
			return bad(ps, "/transports", "transport \"%s\" must map scopes to "
				   "requirements", tname);
		n += json_object_size(scopes);
	}
	p->scopes = cca_xcalloc(n ? n : 1, sizeof *p->scopes);
	p->scope_reqs = cca_xcalloc(n ? n : 1, sizeof *p->scope_reqs);
	json_object_foreach((json_t *)ts, tname, scopes) {
		json_object_foreach(scopes, sname, reqs) {
			struct cca_policy_scope *sc = &p->scopes[p->pub.nscopes];
			char *tp = cca_pointer_join("/transports", tname);
			char *ptr = cca_pointer_join(tp, sname);
			int rc;

			free(tp);
			sc->transport = keep(p, cca_xstrdup(tname));
			sc->scope = keep(p, cca_xstrdup(sname));
			sc->key = keep(p, ptr);
			rc = parse_reqs(ps, p, reqs, ptr, &p->scope_reqs[p->pub.nscopes], &sc->nreqs);
			sc->reqs = p->scope_reqs[p->pub.nscopes];
			p->pub.nscopes++;
			if (rc < 0)
				return -1;
		}
	}
	p->pub.scopes = p->scopes;
	return 0;
}

int cca_policy_parse(const char *name, const char *data, size_t len, struct cca_policy **out,
		     struct cca_linemap **lines, struct cca_error *err)
{
	static const char *const top[] = { "default", "transports" };
	struct policy *p = cca_xcalloc(1, sizeof *p);
	struct cca_linemap *lm = NULL;
	struct parse ps = { name, NULL, err };
	json_t *root = NULL;
	const char *extra;
	int rc = -1;

	*out = NULL;
	if (lines)
		*lines = NULL;
	if (len > CCA_POLICY_MAX_BYTES) {
		cca_error_set(err, CCA_ETOOBIG, "%s: over %u bytes", name, CCA_POLICY_MAX_BYTES);
		goto out;
	}
	if (cca_yaml_parse(name, data, len, &root, &lm, err) < 0)
		goto out;
	ps.lines = lm;
	if (!json_is_object(root)) {
		bad(&ps, "", "a signature policy must be a JSON object");
		goto out;
	}
	if ((extra = unknown_member(root, top, CCA_ARRAY_SIZE(top)))) {
		bad(&ps, "", "unknown key \"%s\" in the policy", extra);
		goto out;
	}
	if (!json_object_get(root, "default")) {
		bad(&ps, "", "the policy has no \"default\" requirements");
		goto out;
	}
	if (parse_reqs(&ps, p, json_object_get(root, "default"), "/default", &p->def,
		       &p->pub.ndef) < 0 ||
	    parse_transports(&ps, p, json_object_get(root, "transports")) < 0)
		goto out;
	p->pub.def = p->def;
	*out = &p->pub;
	p = NULL;
	if (lines) {
		*lines = lm;
		lm = NULL;
	}
	rc = 0;
out:
	json_decref(root);
	cca_linemap_free(lm);
	cca_policy_free(p ? &p->pub : NULL);
	return rc;
}

/* ---- scopes ------------------------------------------------------------------ */

char *cca_policy_normalize_ref(const char *ref)
{
	const char *slash;
	size_t hostlen;

	if (!ref || !*ref || strpbrk(ref, " \t\n$"))
		return NULL;
	slash = strchr(ref, '/');
	hostlen = slash ? (size_t)(slash - ref) : 0;
	if (slash && (memchr(ref, '.', hostlen) || memchr(ref, ':', hostlen) ||
		      (hostlen == 9 && strncmp(ref, "localhost", 9) == 0)))
		return cca_xstrdup(ref);
	if (!slash)
		return cca_xasprintf("docker.io/library/%s", ref);
	return cca_xasprintf("docker.io/%s", ref);
}

/* The "docker" scope exactly named s, or NULL. */
static const struct cca_policy_scope *docker_scope(const struct cca_policy *p, const char *s)
{
	for (size_t i = 0; i < p->nscopes; i++)
		if (strcmp(p->scopes[i].transport, "docker") == 0 && strcmp(p->scopes[i].scope, s) == 0)
			return &p->scopes[i];
	return NULL;
}

const struct cca_policy_req *cca_policy_for(const struct cca_policy *p, const char *ref,
					    size_t *n, const struct cca_policy_scope **scope)
{
	char *norm = cca_policy_normalize_ref(ref), *cand;
	const struct cca_policy_scope *sc = NULL;
	char *end;

	if (norm) {
		/* The reference itself (with tag or digest), then the repository. */
		sc = docker_scope(p, norm);
		end = strchr(norm, '@');
		if (!end) {
			char *last = strrchr(norm, '/'), *colon = last ? strchr(last, ':') : NULL;

			end = colon;
		}
		if (!sc && end) {
			*end = '\0';
			sc = docker_scope(p, norm);
		}
		/* Each namespace up to the host. */
		while (!sc && (end = strrchr(norm, '/'))) {
			*end = '\0';
			sc = docker_scope(p, norm);
		}
		/* Wildcards of the host's parent domains, without the port:
		 * "*.example.com" for a.example.com:5000. */
		if (!sc && (end = strchr(norm, ':')))
			*end = '\0';
		for (char *dot = strchr(norm, '.'); !sc && dot; dot = strchr(dot + 1, '.')) {
			cand = cca_xasprintf("*%s", dot);
			sc = docker_scope(p, cand);
			free(cand);
		}
		free(norm);
	}
	if (!sc)
		sc = docker_scope(p, "");
	*scope = sc;
	if (sc) {
		*n = sc->nreqs;
		return sc->reqs;
	}
	*n = p->ndef;
	return p->def;
}

/* ---- registries.d ----------------------------------------------------------------- */

static void add_attachment(struct policy *p, const char *scope, const char *file, unsigned line)
{
	struct cca_policy_attachment *a;

	p->att = cca_xreallocarray(p->att, p->pub.nattachments + 1, sizeof *p->att);
	a = &p->att[p->pub.nattachments++];
	a->scope = keep(p, cca_xstrdup(scope));
	a->file = keep(p, cca_xstrdup(file));
	a->line = line;
	p->pub.attachments = p->att;
}

/* One registries.d file: default-docker and docker.<scope> with use-sigstore-attachments. */
static void read_registries_file(struct policy *p, struct cca_evidence *ev, const char *path)
{
	struct cca_linemap *lm = NULL;
	struct cca_error err;
	json_t *root = NULL, *v, *docker;
	const char *scope;

	if (cca_yaml_load(path, &root, &lm, &err) < 0) {
		cca_evidence_warn(ev, "%s (its sigstore attachments are not known)", err.msg);
		return;
	}
	if (json_is_true(json_object_get(json_object_get(root, "default-docker"),
					 "use-sigstore-attachments")))
		add_attachment(p, "", path, cca_linemap_line(lm, "/default-docker/use-sigstore-attachments"));
	docker = json_object_get(root, "docker");
	if (json_is_object(docker))
		json_object_foreach(docker, scope, v)
			if (json_is_true(json_object_get(v, "use-sigstore-attachments"))) {
				char *sp = cca_pointer_join("/docker", scope);
				char *ptr = cca_pointer_join(sp, "use-sigstore-attachments");

				add_attachment(p, scope, path, cca_linemap_line(lm, ptr));
				free(ptr);
				free(sp);
			}
	json_decref(root);
	cca_linemap_free(lm);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.yaml / *.yml of dir, in name order. */
static void read_registries_d(struct policy *p, struct cca_evidence *ev, const char *dir)
{
	DIR *d = opendir(dir);
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;

	if (!d) {
		cca_evidence_warn(ev, "cannot read the registries.d directory '%s'", dir);
		return;
	}
	while ((e = readdir(d)) && n < REGISTRIES_D_MAX_FILES)
		if (cca_ends_with(e->d_name, ".yaml") || cca_ends_with(e->d_name, ".yml")) {
			names = cca_xreallocarray(names, n + 1, sizeof *names);
			names[n++] = cca_xasprintf("%s/%s", dir, e->d_name);
		}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		read_registries_file(p, ev, names[i]);
		free(names[i]);
	}
	free(names);
}

/* ---- the collector ----------------------------------------------------------------- */

static void release(void *m)
{
	cca_policy_free(m);
}

void cca_collect_policy(struct cca_evidence *ev, const char *path,
			const struct cca_collect_opts *o)
{
	struct cca_evidence_new_item in = { .kind = CCA_KIND_POLICY, .path = path };
	struct cca_policy *pol = NULL;
	struct cca_linemap *lines = NULL;
	struct cca_error err;
	char *data = NULL;
	size_t len = 0;

	if (cca_file_read(path, CCA_POLICY_MAX_BYTES, &data, &len, &err) < 0) {
		in.error = err.msg;
		cca_evidence_add(ev, &in);
		return;
	}
	in.data = data;
	in.len = len;
	if (cca_policy_parse(path, data, len, &pol, &lines, &err) < 0) {
		in.error = err.msg;
		cca_evidence_add(ev, &in);
		free(data);
		return;
	}
	in.model = pol;
	in.release = release;
	in.lines = lines;
	cca_evidence_add(ev, &in);
	if (o && o->registries_d) {
		read_registries_d((struct policy *)pol, ev, o->registries_d);
	} else {
		/* As the containers library does: registries.d beside policy.json. */
		const char *slash = strrchr(path, '/');
		char *dir = slash ? cca_xasprintf("%.*s/registries.d", (int)(slash - path), path)
				  : cca_xstrdup("registries.d");
		struct stat st;

		if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
			read_registries_d((struct policy *)pol, ev, dir);
		free(dir);
	}
	free(data);
}

bool cca_policy_path(const char *path)
{
	return cca_ends_with(path, "/containers/policy.json") ||
	       strcmp(path, "containers/policy.json") == 0;
}
