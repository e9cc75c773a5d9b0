/*
 * client.c - the Docker client's configuration file (client.h), read as
 * the docker CLI reads it, every secret masked on the way in.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <nettle/base64.h>

#include "ccaudit/client.h"
#include "ccaudit/evidence.h"
#include "ccaudit/secrets.h"
#include "ccaudit/util.h"
#include "ccaudit/yaml.h"

struct client {
	struct cca_client pub;    /* first: the model handed out */
	struct cca_client_auth *auths;
	struct cca_client_value *helpers, *headers, *proxies;
	struct cca_strpool strs;
};

static const char *keep(struct client *c, char *s)
{
	return cca_strpool_keep(&c->strs, s);
}

void cca_client_free(struct cca_client *pub)
{
	struct client *c = (struct client *)pub;

	if (!c)
		return;
	cca_strpool_release(&c->strs);
	free(c->auths);
	free(c->helpers);
	free(c->headers);
	free(c->proxies);
	free(c);
}

static void release(void *model)
{
	cca_client_free(model);
}

struct ctx {
	struct client *c;
	const char *name;
	const struct cca_linemap *lines;
	struct cca_error *err;
	size_t cap_auths, cap_helpers, cap_headers, cap_proxies;
};

static int type_error(struct ctx *x, const char *ptr, const json_t *v, const char *field,
		      const char *gotype)
{
	return cca_error_set(x->err, CCA_EINPUT, "%s:%u: json: cannot unmarshal %s into Go "
			     "struct field %s of type %s; the docker client refuses this file",
			     x->name, cca_linemap_line(x->lines, ptr), cca_json_go_kind(v), field, gotype);
}

/* The string member name of object o (at ptr), or NULL; -1 when not a string. */
static int member_string(struct ctx *x, const json_t *o, const char *ptr, const char *name,
			 const char *field, const char **out)
{
	json_t *v = json_object_get(o, name);

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		char *p = cca_pointer_join(ptr, name);
		int rc = type_error(x, p, v, field, "string");

		free(p);
		return rc;
	}
	*out = json_string_value(v);
	return 0;
}

/*
 * The user of a base64 "user:password" auth (a new string), or NULL with
 * *why set when it is not one: the CLI refuses such a file.
 */
static char *decode_user(const char *auth, const char **why)
{
	size_t n = strlen(auth);
	struct base64_decode_ctx b64;
	uint8_t *out;
	char *colon, *user;
	size_t len;

	if (n % 4 || strspn(auth, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789+/=") != n) {
		*why = "illegal base64 data";
		return NULL;
	}
	out = cca_xmalloc(BASE64_DECODE_LENGTH(n) + 1);
	base64_decode_init(&b64);
	len = BASE64_DECODE_LENGTH(n);
	if (!base64_decode_update(&b64, &len, out, n, auth) || !base64_decode_final(&b64)) {
		explicit_bzero(out, BASE64_DECODE_LENGTH(n));
		free(out);
		*why = "illegal base64 data";
		return NULL;
	}
	out[len] = '\0';
	colon = memchr(out, ':', len);
	if (!colon || colon == (char *)out) {
		explicit_bzero(out, len);
		free(out);
		*why = "not base64 of user:password";
		return NULL;
	}
	user = cca_xstrndup((const char *)out, (size_t)(colon - (char *)out));
	explicit_bzero(out, len);
	free(out);
	return user;
}

static int read_auths(struct ctx *x, const json_t *auths)
{
	static const char *const members[] = { "auth", "password", "identitytoken",
					       "registrytoken" };
	const char *reg;
	json_t *e;

	if (!json_is_object(auths))
		return type_error(x, "/auths", auths, "ConfigFile.auths",
				  "map[string]types.AuthConfig");
	json_object_foreach((json_t *)auths, reg, e) {
		char *ptr = cca_pointer_join("/auths", reg);
		struct cca_client_auth a = { 0 };
		const char *user = NULL;
		int rc = 0;

		if (!json_is_object(e) && !json_is_null(e)) {
			rc = type_error(x, ptr, e, "ConfigFile.auths", "types.AuthConfig");
			free(ptr);
			return rc;
		}
		a.registry = keep(x->c, cca_secret_mask_all(reg));
		a.key = keep(x->c, cca_xstrdup(ptr));
		if (json_is_object(e))
			rc = member_string(x, e, ptr, "username", "AuthConfig.username", &user);
		if (rc == 0 && user && *user)
			a.user = keep(x->c, cca_secret_mask_all(user));
		for (size_t k = 0; rc == 0 && json_is_object(e) && k < CCA_ARRAY_SIZE(members); k++) {
			const char *v;

			rc = member_string(x, e, ptr, members[k], "AuthConfig.auth", &v);
			if (rc < 0 || !v || !*v)
				continue;
			if (k == 0) {
				const char *why = NULL;
				char *u = decode_user(v, &why);
				char *p = cca_pointer_join(ptr, "auth");

				if (!u) {
					rc = cca_error_set(x->err, CCA_EINPUT, "%s:%u: the auth of "
							   "'%s' is %s; the docker client refuses "
							   "this file", x->name,
							   cca_linemap_line(x->lines, p), a.registry,
							   why);
					free(p);
					break;
				}
				free(p);
				if (!a.user && *u) {
					char *mu = cca_secret_mask_all(u);

					a.user = keep(x->c, mu);
				}
				free(u);
			}
			if (!a.secret_member) {
				char *p = cca_pointer_join(ptr, members[k]);

				a.secret_member = members[k];
				a.secret_key = keep(x->c, p);
				a.masked = keep(x->c, cca_mask_secret(v));
			}
		}
		free(ptr);
		if (rc < 0)
			return -1;
		if (x->c->pub.nauths == x->cap_auths) {
			x->cap_auths = x->cap_auths ? 2 * x->cap_auths : 8;
			x->c->auths = cca_xreallocarray(x->c->auths, x->cap_auths, sizeof *x->c->auths);
		}
		x->c->auths[x->c->pub.nauths++] = a;
	}
	x->c->pub.auths = x->c->auths;
	return 0;
}

static void push_value(struct ctx *x, struct cca_client_value **v, size_t *n, size_t *cap,
		       const struct cca_client_value *val)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		*v = cca_xreallocarray(*v, *cap, sizeof **v);
	}
	(*v)[(*n)++] = *val;
	(void)x;
}

/* Whether an HTTP header carries a credential: by its name or its value. */
static const char *header_secret(const char *name, const char *value)
{
	static const char *const names[] = { "authorization", "proxy-authorization", "cookie",
					      "x-registry-auth" };
	static const char *const schemes[] = { "bearer ", "basic ", "token ", "digest " };
	struct cca_secret_hit h;

	if (cca_secret_placeholder(value))
		return NULL;
	for (size_t i = 0; i < CCA_ARRAY_SIZE(names); i++)
		if (strcasecmp(name, names[i]) == 0)
			return "a credential header";
	for (size_t i = 0; i < CCA_ARRAY_SIZE(schemes); i++)
		if (strncasecmp(value, schemes[i], strlen(schemes[i])) == 0)
			return "an authorization scheme";
	if (cca_secret_name(name))
		return "a header named for a secret";
	if (cca_secret_find(value, &h))
		return h.kind;
	return NULL;
}

/*
 * Read the map[string]string o at key (the Go field field) into *v, with n
 * at *count: names and values with every recognised secret masked and, for
 * headers, a value header_secret calls a credential masked whole.
 */
static int read_string_map(struct ctx *x, const json_t *o, const char *key, const char *field,
			   bool headers, struct cca_client_value **v, size_t *cap, size_t *count)
{
	const char *name;
	json_t *s;
	size_t n = 0;

	if (!json_is_object(o))
		return type_error(x, key, o, field, "map[string]string");
	json_object_foreach((json_t *)o, name, s) {
		char *ptr = cca_pointer_join(key, name);
		struct cca_client_value val = { 0 };
		const char *value = json_string_value(s);

		if (!json_is_string(s)) {
			int rc = type_error(x, ptr, s, field, "string");

			free(ptr);
			return rc;
		}
		val.name = keep(x->c, cca_secret_mask_all(name));
		val.key = keep(x->c, ptr);
		val.why = headers ? header_secret(name, value) : NULL;
		val.secret = val.why != NULL;
		val.value = keep(x->c, val.secret ? cca_mask_secret(value)
					       : cca_secret_mask_all(value));
		push_value(x, v, &n, cap, &val);
	}
	*count = n;
	return 0;
}

static int read_headers(struct ctx *x, const json_t *o)
{
	int rc = read_string_map(x, o, "/HttpHeaders", "ConfigFile.HttpHeaders", true,
				 &x->c->headers, &x->cap_headers, &x->c->pub.nheaders);

	x->c->pub.headers = x->c->headers;
	return rc;
}

static int read_helpers(struct ctx *x, const json_t *o)
{
	int rc = read_string_map(x, o, "/credHelpers", "ConfigFile.credHelpers", false,
				 &x->c->helpers, &x->cap_helpers, &x->c->pub.nhelpers);

	x->c->pub.helpers = x->c->helpers;
	return rc;
}

static int read_proxies(struct ctx *x, const json_t *o)
{
	static const char *const members[] = { "httpProxy", "httpsProxy", "ftpProxy",
					       "allProxy", "noProxy" };
	const char *scope;
	json_t *p;
	size_t n = 0;

	if (!json_is_object(o))
		return type_error(x, "/proxies", o, "ConfigFile.proxies",
				  "map[string]configfile.ProxyConfig");
	json_object_foreach((json_t *)o, scope, p) {
		char *sptr = cca_pointer_join("/proxies", scope);

		if (!json_is_object(p) && !json_is_null(p)) {
			int rc = type_error(x, sptr, p, "ConfigFile.proxies",
					    "configfile.ProxyConfig");

			free(sptr);
			return rc;
		}
		for (size_t k = 0; json_is_object(p) && k < CCA_ARRAY_SIZE(members); k++) {
			struct cca_client_value val = { 0 };
			struct cca_secret_hit h;
			const char *v;
			char *field = cca_xasprintf("ProxyConfig.%s", members[k]);
			int rc = member_string(x, p, sptr, members[k], field, &v);

			free(field);
			if (rc < 0) {
				free(sptr);
				return -1;
			}
			if (!v || !*v)
				continue;
			val.name = keep(x->c, cca_xasprintf("%s %s", scope, members[k]));
			val.key = keep(x->c, cca_pointer_join(sptr, members[k]));
			val.secret = cca_secret_find(v, &h);
			val.why = val.secret ? h.kind : NULL;
			val.value = keep(x->c, cca_secret_mask_all(v));
			push_value(x, &x->c->proxies, &n, &x->cap_proxies, &val);
		}
		free(sptr);
	}
	x->c->pub.proxies = x->c->proxies;
	x->c->pub.nproxies = n;
	return 0;
}

int cca_client_parse(const char *name, const char *data, size_t len,
		     struct cca_client **out, struct cca_linemap **lines_out,
		     struct cca_error *err)
{
	struct cca_linemap *lines = NULL;
	struct client *c;
	json_error_t jerr;
	json_t *root, *v;
	size_t i = 0;
	int rc = 0;

	*out = NULL;
	if (lines_out)
		*lines_out = NULL;
	while (i < len && isspace((unsigned char)data[i]))
		i++;
	c = cca_xcalloc(1, sizeof *c);
	c->pub.path = keep(c, cca_xstrdup(name));
	if (i == len) {         /* the CLI reads an empty file as no configuration */
		*out = &c->pub;
		return 0;
	}
	if (memchr(data, '\0', len)) {
		cca_client_free(&c->pub);
		return cca_error_set(err, CCA_EINPUT, "%s:%u: invalid JSON: a NUL byte", name,
				     cca_line_of(data, (size_t)((const char *)memchr(data, '\0', len) -
								data)));
	}
	root = json_loadb(data, len, 0, &jerr);
	if (!root) {
		char *why = cca_secret_mask_all(jerr.text);   /* it may quote a token */

		cca_client_free(&c->pub);
		cca_error_set(err, CCA_EINPUT, "%s:%d: invalid JSON: %s (column %d); the docker "
			      "client refuses this file", name, jerr.line, why, jerr.column);
		free(why);
		return -1;
	}
	if (!json_is_object(root)) {
		cca_error_set(err, CCA_EINPUT, "%s:1: json: cannot unmarshal %s into Go value of "
			      "type configfile.ConfigFile; the docker client refuses this file",
			      name, cca_json_go_kind(root));
		json_decref(root);
		cca_client_free(&c->pub);
		return -1;
	}
	if (cca_yaml_parse(name, data, len, NULL, &lines, NULL) < 0)
		lines = NULL;
	{
		struct ctx x = { c, name, lines, err, 0, 0, 0, 0 };

		if ((v = json_object_get(root, "auths")) && !json_is_null(v))
			rc = read_auths(&x, v);
		if (rc == 0 && (v = json_object_get(root, "credsStore")) && !json_is_null(v)) {
			if (!json_is_string(v))
				rc = type_error(&x, "/credsStore", v, "ConfigFile.credsStore", "string");
			else if (*json_string_value(v)) {
				c->pub.creds_store = keep(c, cca_secret_mask_all(json_string_value(v)));
				c->pub.creds_store_key = "/credsStore";
			}
		}
		if (rc == 0 && (v = json_object_get(root, "credHelpers")) && !json_is_null(v))
			rc = read_helpers(&x, v);
		if (rc == 0 && (v = json_object_get(root, "HttpHeaders")) && !json_is_null(v))
			rc = read_headers(&x, v);
		if (rc == 0 && (v = json_object_get(root, "proxies")) && !json_is_null(v))
			rc = read_proxies(&x, v);
	}
	json_decref(root);
	if (rc < 0) {
		cca_linemap_free(lines);
		cca_client_free(&c->pub);
		return -1;
	}
	/* which helper keeps each registry's credentials */
	for (size_t a = 0; a < c->pub.nauths; a++)
		for (size_t h = 0; h < c->pub.nhelpers; h++)
			if (strcmp(c->auths[a].registry, c->helpers[h].name) == 0)
				c->auths[a].helper = c->helpers[h].value;
	*out = &c->pub;
	if (lines_out)
		*lines_out = lines;
	else
		cca_linemap_free(lines);
	return 0;
}

/* ---- evidence ------------------------------------------------------------------ */

bool cca_client_config_path(const char *rel)
{
	size_t n = strlen(rel);

	return cca_ends_with(rel, ".docker/config.json") &&
	       (n == strlen(".docker/config.json") || rel[n - strlen(".docker/config.json") - 1] == '/');
}

void cca_evidence_add_client_config(struct cca_evidence *ev, const char *path)
{
	struct cca_evidence_new_item in = { CCA_KIND_CLIENT, path, NULL, NULL, 0, NULL, NULL,
					    release, NULL };
	struct cca_client *c = NULL;
	struct cca_linemap *lines = NULL;
	struct cca_error err;
	char *data = NULL;
	size_t len = 0;

	if (cca_file_read(path, CCA_CLIENT_MAX_BYTES, &data, &len, &err) < 0) {
		in.error = err.msg;
	} else {
		in.data = data;
		in.len = len;
		if (cca_client_parse(path, data, len, &c, &lines, &err) < 0)
			in.error = err.msg;
		in.model = c;
		in.lines = lines;
	}
	cca_evidence_add(ev, &in);
	free(data);
}
