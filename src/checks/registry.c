/*
 * registry.c - checks of registry evidence: a Distribution config.yml
 * (registry.*), Harbor's harbor.yml (harbor.*) and what a live registry
 * answered on GET /v2/ (registry.endpoint-*).  They read only the item's
 * model (registry.h) and report at the key they judge, so findings point
 * at FILE:LINE.  Secrets are masked before they reach a message.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ccaudit/checks.h"
#include "ccaudit/evidence.h"
#include "ccaudit/registry.h"
#include "ccaudit/secrets.h"
#include "ccaudit/util.h"

#define CCA_CHECK(sym, id, kind, summary) void cca_check_##sym(struct cca_checkctx *ctx);
#include "checks.def"
#undef CCA_CHECK

/* ---- helpers ---------------------------------------------------------------- */

static const struct cca_registry_config *config(struct cca_checkctx *ctx)
{
	return cca_check_model(ctx);
}

/* root[k1][k2]...: the value at a path of keys (NULL-terminated), or NULL. */
static const json_t *at(const json_t *root, ...)
{
	const json_t *v = root;
	const char *k;
	va_list ap;

	va_start(ap, root);
	while (v && (k = va_arg(ap, const char *)))
		v = json_is_object(v) ? json_object_get(v, k) : NULL;
	va_end(ap);
	return v;
}

static const char *str_at(const json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Whether v is true as YAML spells it (a boolean, or the text "true"). */
static bool is_true(const json_t *v)
{
	return json_is_true(v) || (json_is_string(v) && strcasecmp(json_string_value(v), "true") == 0);
}

static bool is_false(const json_t *v)
{
	return json_is_false(v) || (json_is_string(v) && strcasecmp(json_string_value(v), "false") == 0);
}

/* Whether url starts with scheme:// (case-insensitive). */
static bool has_scheme(const char *url, const char *scheme)
{
	size_t n = strlen(scheme);

	return url && strncasecmp(url, scheme, n) == 0 && strncmp(url + n, "://", 3) == 0;
}

/* A URL as messages show it: masked when it carries credentials. */
static char *shown_url(const char *url)
{
	const char *at_sign = strchr(url, '@'), *slash = strstr(url, "://");

	if (at_sign && slash && at_sign > slash && !memchr(slash + 3, '/', (size_t)(at_sign - slash - 3)))
		return cca_mask_secret(url);
	return cca_utf8_repair(url);
}

/* Whether a listen address means every interface (":5000", "0.0.0.0:5000", "[::]:5000"). */
static bool all_interfaces(const char *addr)
{
	const char *colon;
	size_t n;

	if (!addr || !*addr)
		return true;
	colon = strrchr(addr, ':');
	n = colon ? (size_t)(colon - addr) : strlen(addr);
	return n == 0 || (n == 7 && strncmp(addr, "0.0.0.0", 7) == 0) ||
	       (n == 2 && strncmp(addr, "::", 2) == 0) ||
	       (n == 4 && strncmp(addr, "[::]", 4) == 0) || (n == 1 && addr[0] == '*');
}

/* Whether http.tls configures a certificate (a pair of files or Let's Encrypt). */
static bool tls_configured(const json_t *root)
{
	const json_t *tls = at(root, "http", "tls", NULL);

	return json_is_object(tls) &&
	       ((str_at(json_object_get(tls, "certificate")) &&
		 str_at(json_object_get(tls, "key"))) ||
		json_is_object(json_object_get(tls, "letsencrypt")));
}

/* ---- Distribution: authentication ---------------------------------------- */

static void htpasswd(struct cca_checkctx *ctx, const struct cca_registry_config *c)
{
	const char *key = "/auth/htpasswd/path", *p = c->htpasswd_path;

	switch (c->htpasswd_state) {
	case CCA_PATH_UNSET:
		cca_check_report_key(ctx, CCA_FAIL, "/auth/htpasswd",
				     "htpasswd authentication names no file (path): nobody can log in");
		break;
	case CCA_PATH_DIRECTORY:
		cca_check_report_key(ctx, CCA_FAIL, key,
				     "the htpasswd path '%s' is a directory, not a password file: "
				     "the registry cannot authenticate anyone (the Debian package's "
				     "default configuration does this)", p);
		break;
	case CCA_PATH_OTHER:
		cca_check_report_key(ctx, CCA_FAIL, key,
				     "the htpasswd path '%s' is not a regular file", p);
		break;
	case CCA_PATH_ABSENT:
		cca_check_report_key(ctx, CCA_UNKNOWN, key,
				     "the htpasswd file '%s' does not exist here (%s): not verifiable "
				     "from this machine; check it on the registry host", p,
				     c->htpasswd_why ? c->htpasswd_why : "absent");
		break;
	case CCA_PATH_UNREADABLE:
		cca_check_report_key(ctx, CCA_UNKNOWN, key,
				     "the htpasswd file '%s' cannot be read here (%s): not verifiable",
				     p, c->htpasswd_why ? c->htpasswd_why : "unreadable");
		break;
	case CCA_PATH_FILE:
		if (!c->htpasswd_entries)
			cca_check_report_key(ctx, CCA_FAIL, key,
					     "the htpasswd file '%s' holds no user: nobody can log in", p);
		else if (c->htpasswd_bcrypt < c->htpasswd_entries)
			cca_check_report_key(ctx, CCA_FAIL, key,
					     "%u of the %u entries of '%s' are not bcrypt hashes: the "
					     "registry accepts only bcrypt, and weaker hashes are easier "
					     "to crack", c->htpasswd_entries - c->htpasswd_bcrypt,
					     c->htpasswd_entries, p);
		else
			cca_check_report_key(ctx, CCA_PASS, key,
					     "htpasswd authentication with %u bcrypt entr%s in '%s'",
					     c->htpasswd_entries, c->htpasswd_entries == 1 ? "y" : "ies", p);
		break;
	}
}

void cca_check_registry_auth(struct cca_checkctx *ctx)
{
	const struct cca_registry_config *c = config(ctx);
	const json_t *auth = json_object_get(c->root, "auth");
	const char *realm;

	if (!json_is_object(auth) || !json_object_size(auth)) {
		cca_check_report_key(ctx, CCA_FAIL, "/auth",
				     "no auth section: anyone who reaches the registry can pull and "
				     "push without credentials");
		return;
	}
	if (json_object_get(auth, "silly"))
		cca_check_report_key(ctx, CCA_FAIL, "/auth/silly",
				     "'silly' authentication accepts any Authorization header: it is "
				     "for development only");
	if (json_object_get(auth, "htpasswd"))
		htpasswd(ctx, c);
	realm = str_at(at(auth, "token", "realm", NULL));
	if (json_object_get(auth, "token") && realm && !has_scheme(realm, "https")) {
		char *shown = shown_url(realm);

		cca_check_report_key(ctx, CCA_FAIL, "/auth/token/realm",
				     "the token realm '%s' is not https: credentials travel in clear "
				     "to the token service", shown);
		free(shown);
	}
}

void cca_check_registry_central_auth(struct cca_checkctx *ctx)
{
	const json_t *auth = json_object_get(config(ctx)->root, "auth");

	if (json_is_object(json_object_get(auth, "token")))
		cca_check_report_key(ctx, CCA_PASS, "/auth/token",
				     "authentication and access are decided by a token service");
	else if (json_object_get(auth, "htpasswd"))
		cca_check_report_key(ctx, CCA_FAIL, "/auth/htpasswd",
				     "accounts live in a local htpasswd file, apart from the "
				     "organisation's directory, and every one of them may pull and push "
				     "every repository");
	else if (json_object_get(auth, "silly"))
		cca_check_report_key(ctx, CCA_FAIL, "/auth/silly",
				     "'silly' authentication checks nobody");
	else
		cca_check_report_key(ctx, CCA_FAIL, "/auth",
				     "no token service decides who may do what: %s",
				     json_object_size(auth) ? "the configured method is not token "
				     "authentication" : "there is no authentication at all");
}

/* ---- Distribution: TLS ------------------------------------------------------ */

void cca_check_registry_tls(struct cca_checkctx *ctx)
{
	const struct cca_registry_config *c = config(ctx);
	const json_t *tls = at(c->root, "http", "tls", NULL);
	const char *proxy = cca_check_param(ctx, "tls-proxy");
	const char *host = str_at(at(c->root, "http", "host", NULL));
	const char *min = str_at(at(c->root, "http", "tls", "minimumtls", NULL));

	if (tls_configured(c->root)) {
		if (min && (strcmp(min, "tls1.0") == 0 || strcmp(min, "tls1.1") == 0))
			cca_check_report_key(ctx, CCA_FAIL, "/http/tls/minimumtls",
					     "minimumtls '%s' admits TLS versions with known weaknesses; "
					     "use tls1.2 or tls1.3", min);
		else
			cca_check_report_key(ctx, CCA_PASS, "/http/tls",
					     "the registry serves TLS itself (http.tls)");
	} else if (json_is_object(tls)) {
		cca_check_report_key(ctx, CCA_FAIL, "/http/tls",
				     "http.tls names neither a certificate and key nor letsencrypt: "
				     "the registry cannot serve TLS");
	} else if (proxy && *proxy) {
		cca_check_report_key(ctx, CCA_PASS, "/http",
				     "no http.tls; TLS is terminated by the declared proxy: %s", proxy);
	} else {
		cca_check_report_key(ctx, CCA_FAIL, json_object_get(c->root, "http") ? "/http" : "",
				     "no http.tls and no TLS-terminating proxy declared (parameter "
				     "tls-proxy): clients reach the registry over plain HTTP, "
				     "credentials and images in clear");
	}
	if (host && has_scheme(host, "http"))
		cca_check_report_key(ctx, CCA_FAIL, "/http/host",
				     "http.host '%s' tells clients to use plain http", host);
}

void cca_check_registry_plain_listener(struct cca_checkctx *ctx)
{
	const struct cca_registry_config *c = config(ctx);
	const char *net = str_at(at(c->root, "http", "net", NULL));
	const json_t *addrv = at(c->root, "http", "addr", NULL);
	const char *addr = str_at(addrv);
	const char *debug = str_at(at(c->root, "http", "debug", "addr", NULL));

	if (net && strcmp(net, "unix") == 0) {
		cca_check_report_key(ctx, CCA_PASS, "/http/net",
				     "the registry listens on a Unix socket");
	} else if (all_interfaces(addr) && !tls_configured(c->root)) {
		cca_check_report_key(ctx, CCA_FAIL, addrv ? "/http/addr" : "/http",
				     "the registry listens on every interface (%s%s%s) without TLS: "
				     "anyone on the network reaches it over plain HTTP, around any "
				     "proxy in front of it", addr ? "'" : "",
				     addr ? addr : "no http.addr", addr ? "'" : "");
	}
	if (debug && all_interfaces(debug))
		cca_check_report_key(ctx, CCA_FAIL, "/http/debug/addr",
				     "the debug server (pprof, metrics) listens on every interface "
				     "('%s'), without TLS or authentication", debug);
}

/* ---- Distribution: deletion and garbage collection ------------------------ */

void cca_check_registry_garbage_collection(struct cca_checkctx *ctx)
{
	const struct cca_registry_config *c = config(ctx);
	const json_t *storage = json_object_get(c->root, "storage");
	const json_t *del = at(storage, "delete", "enabled", NULL);
	const json_t *purge = at(storage, "maintenance", "uploadpurging", "enabled", NULL);
	const char *schedule = cca_check_param(ctx, "gc-schedule");

	if (!is_true(del))
		cca_check_report_key(ctx, CCA_FAIL, del ? "/storage/delete/enabled" : "/storage",
				     "deleting is %s (storage.delete.enabled): images and tags cannot "
				     "be removed, so garbage collection never reclaims them",
				     del ? "disabled" : "off by default");
	if (is_false(purge))
		cca_check_report_key(ctx, CCA_FAIL, "/storage/maintenance/uploadpurging/enabled",
				     "upload purging is disabled: abandoned uploads are never removed");
	if (c->gc_evidence)
		cca_check_report_key(ctx, CCA_PASS, "/storage",
				     "garbage collection is run by %s", c->gc_evidence);
	else if (schedule && *schedule)
		cca_check_report_key(ctx, CCA_PASS, "/storage",
				     "garbage collection runs as declared: %s", schedule);
	else
		cca_check_report_key(ctx, CCA_FAIL, "/storage",
				     "no evidence that garbage collection runs: no file beside the "
				     "configuration runs 'registry garbage-collect' and no schedule is "
				     "declared (parameter gc-schedule)");
}

/* ---- Distribution: secrets in the file ------------------------------------ */

static bool secret_key(const char *key)
{
	static const char *const keys[] = {
		"secret", "password", "secretkey", "accountkey", "private_key", "sessiontoken",
		"clientsecret", "client_secret", NULL
	};

	for (size_t i = 0; keys[i]; i++)
		if (strcasecmp(key, keys[i]) == 0)
			return true;
	return cca_secret_name(key);
}

/* Whether a value is a placeholder rather than a secret: "", "${X}", "<x>", "****". */
static bool placeholder(const char *v)
{
	size_t n = strlen(v), stars = strspn(v, "*");

	return n == 0 || strncmp(v, "${", 2) == 0 || (v[0] == '<' && v[n - 1] == '>') ||
	       stars == n || cca_secret_placeholder(v);
}

static void report_secret(struct cca_checkctx *ctx, const char *ptr, const char *shown,
			  const char *value)
{
	char *masked = cca_mask_secret(value);

	cca_check_report_key(ctx, CCA_FAIL, ptr,
			     "%s is written in the file ('%s'): anyone who reads the "
			     "configuration has it; pass it from a secret store (REGISTRY_* "
			     "environment variables, mounted secrets)", shown, masked);
	free(masked);
}

/* A secret of a recognisable format inside any value (a password in a URL, a token). */
static void format_secret(struct cca_checkctx *ctx, const char *ptr, const char *shown,
			  const char *value)
{
	struct cca_secret_hit h;
	char *masked;

	if (!cca_secret_find(value, &h))
		return;
	masked = cca_secret_mask_span(value + h.off, h.len);
	cca_check_report_key(ctx, CCA_FAIL, ptr,
			     "%s holds %s ('%s'): anyone who reads the configuration has it; "
			     "pass it from a secret store", shown, h.kind, masked);
	free(masked);
}

/* Cut b back to n bytes. */
static void cut(struct cca_buf *b, size_t n)
{
	if (b->data) {
		b->len = n;
		b->data[n] = '\0';
	}
}

/* Secrets in an Authorization header list (notification endpoints). */
static void header_secrets(struct cca_checkctx *ctx, const json_t *list, struct cca_buf *b,
			   const char *shown)
{
	const json_t *e;
	size_t i;

	json_array_foreach(list, i, e) {
		const char *s = json_string_value(e);

		if (s && !placeholder(s) && !strchr(s, '<')) {
			char *p = cca_xasprintf("%s/%zu", cca_buf_str(b), i);

			report_secret(ctx, p, shown, s);
			free(p);
		}
	}
}

/* Walk v (at pointer b, dotted name d) for secret values. */
static void walk_secrets(struct cca_checkctx *ctx, const json_t *v, struct cca_buf *b,
			 struct cca_buf *d, unsigned depth)
{
	size_t blen = b->len, dlen = d->len, i;
	const char *key;
	json_t *val;

	if (depth > 32)
		return;
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, val) {
			cca_buf_putc(b, '/');
			cca_pointer_escape(b, key);
			if (d->len)
				cca_buf_putc(d, '.');
			cca_buf_puts(d, key);
			if (json_is_string(val) && secret_key(key)) {
				if (!placeholder(json_string_value(val)))
					report_secret(ctx, cca_buf_str(b), cca_buf_str(d),
						      json_string_value(val));
			} else if (strcasecmp(key, "authorization") == 0 && json_is_array(val)) {
				header_secrets(ctx, val, b, cca_buf_str(d));
			} else if (json_is_string(val)) {
				format_secret(ctx, cca_buf_str(b), cca_buf_str(d), json_string_value(val));
			} else {
				walk_secrets(ctx, val, b, d, depth + 1);
			}
			cut(b, blen);
			cut(d, dlen);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, val) {
			cca_buf_printf(b, "/%zu", i);
			cca_buf_printf(d, "[%zu]", i);
			walk_secrets(ctx, val, b, d, depth + 1);
			cut(b, blen);
			cut(d, dlen);
		}
	}
}

void cca_check_registry_secret_in_config(struct cca_checkctx *ctx)
{
	struct cca_buf b, d;

	cca_buf_init(&b);
	cca_buf_init(&d);
	walk_secrets(ctx, config(ctx)->root, &b, &d, 0);
	cca_buf_release(&b);
	cca_buf_release(&d);
}

/* ---- Distribution: pull-through cache, notifications ------------------------ */

void cca_check_registry_proxy_http(struct cca_checkctx *ctx)
{
	const json_t *proxy = json_object_get(config(ctx)->root, "proxy");
	const char *url = str_at(json_object_get(proxy, "remoteurl"));
	char *shown;

	if (!url) {
		cca_check_report_key(ctx, CCA_NOTAPPLICABLE, "/proxy",
				     "not a pull-through cache (no proxy.remoteurl)");
		return;
	}
	shown = shown_url(url);
	if (has_scheme(url, "https"))
		cca_check_report_key(ctx, CCA_PASS, "/proxy/remoteurl",
				     "the pull-through cache fetches from '%s' over https", shown);
	else
		cca_check_report_key(ctx, CCA_FAIL, "/proxy/remoteurl",
				     "the pull-through cache fetches from '%s' without TLS: images%s "
				     "can be read and replaced on the way", shown,
				     json_object_get(proxy, "password") ? " and the upstream password"
									  : "");
	free(shown);
}

void cca_check_registry_notifications(struct cca_checkctx *ctx)
{
	const json_t *eps = at(config(ctx)->root, "notifications", "endpoints", NULL);
	const json_t *e;
	size_t i;

	if (!json_array_size(eps)) {
		cca_check_report_key(ctx, CCA_INFORMATIONAL, "/notifications",
				     "no notification endpoint: pushes, pulls and deletes are reported "
				     "to no listener");
		return;
	}
	json_array_foreach(eps, i, e) {
		const char *name = str_at(json_object_get(e, "name"));
		const char *url = str_at(json_object_get(e, "url"));
		char *ptr = cca_xasprintf("/notifications/endpoints/%zu", i);
		char *shown = url ? shown_url(url) : NULL;

		cca_check_report_key(ctx, CCA_INFORMATIONAL, ptr,
				     "events go to '%s' at '%s'%s%s", name ? name : "(unnamed)",
				     shown ? shown : "(no url)",
				     url && has_scheme(url, "http") ? ", over plain http" : "",
				     is_true(json_object_get(e, "disabled")) ? " (disabled)" : "");
		free(shown);
		free(ptr);
	}
}

/* ---- Harbor ------------------------------------------------------------------- */

void cca_check_harbor_https(struct cca_checkctx *ctx)
{
	const json_t *root = config(ctx)->root, *https = json_object_get(root, "https");
	const char *ext = str_at(json_object_get(root, "external_url"));

	if (!json_is_object(https))
		cca_check_report_key(ctx, CCA_FAIL, https ? "/https" : "/http",
				     "https is not configured: Harbor serves its portal, API and "
				     "registry over plain http");
	else if (!str_at(json_object_get(https, "certificate")) ||
		 !str_at(json_object_get(https, "private_key")))
		cca_check_report_key(ctx, CCA_FAIL, "/https",
				     "https names no certificate and private_key");
	else if (strcmp(str_at(json_object_get(https, "certificate")),
			"/your/certificate/path") == 0)
		cca_check_report_key(ctx, CCA_FAIL, "/https/certificate",
				     "https still names the template's placeholder certificate "
				     "'/your/certificate/path'");
	else
		cca_check_report_key(ctx, CCA_PASS, "/https", "Harbor serves https");
	if (ext && has_scheme(ext, "http"))
		cca_check_report_key(ctx, CCA_FAIL, "/external_url",
				     "external_url '%s' sends clients to plain http", ext);
}

static void default_password(struct cca_checkctx *ctx, const json_t *v, const char *ptr,
			     const char *dflt, const char *what)
{
	const char *s = str_at(v);
	char *masked;

	if (!s || strcmp(s, dflt) != 0)
		return;
	masked = cca_mask_secret(s);
	cca_check_report_key(ctx, CCA_FAIL, ptr,
			     "the %s is Harbor's documented default ('%s'): anyone can log in with it",
			     what, masked);
	free(masked);
}

void cca_check_harbor_default_password(struct cca_checkctx *ctx)
{
	const json_t *root = config(ctx)->root;

	default_password(ctx, json_object_get(root, "harbor_admin_password"),
			 "/harbor_admin_password", "Harbor12345", "admin password");
	default_password(ctx, at(root, "database", "password", NULL), "/database/password",
			 "root123", "database password");
}

void cca_check_harbor_scanner(struct cca_checkctx *ctx)
{
	const struct cca_registry_config *c = config(ctx);

	if (!json_is_object(json_object_get(c->root, "trivy")))
		cca_check_report_key(ctx, CCA_FAIL, "/trivy",
				     "no trivy section: Harbor is set up without a vulnerability "
				     "scanner, so pushed images are not scanned");
	else if (c->compose_path && !c->compose_has_trivy)
		cca_check_report_key(ctx, CCA_FAIL, "/trivy",
				     "'%s' runs no trivy-adapter: Harbor was installed without its "
				     "scanner (install.sh --with-trivy)", c->compose_path);
	else if (c->compose_path)
		cca_check_report_key(ctx, CCA_PASS, "/trivy",
				     "Trivy is configured and '%s' runs the trivy-adapter",
				     c->compose_path);
	else
		cca_check_report_key(ctx, CCA_UNKNOWN, "/trivy",
				     "a trivy section is configured, but whether Harbor was installed "
				     "with it (install.sh --with-trivy) cannot be seen without the "
				     "docker-compose.yml the installer writes beside harbor.yml");
}

/* ---- a live registry ------------------------------------------------------------ */

void cca_check_registry_endpoint_tls(struct cca_checkctx *ctx)
{
	const struct cca_registry_probe *p = cca_check_model(ctx);

	if (!p->https)
		cca_check_report(ctx, CCA_FAIL, 0,
				 "GET /v2/ was answered over plain http: credentials and images "
				 "travel in clear");
	else if (!p->verified)
		cca_check_report(ctx, CCA_FAIL, 0,
				 "the certificate does not verify (%s)%s",
				 p->verify_error ? p->verify_error : "unverified",
				 p->cacert ? "" : "; for a private CA give --cacert FILE");
	else
		cca_check_report(ctx, CCA_PASS, 0, "verified TLS%s%s%s",
				 p->cacert ? " (CA certificates from " : "",
				 p->cacert ? p->cacert : "", p->cacert ? ")" : "");
}

void cca_check_registry_endpoint_auth(struct cca_checkctx *ctx)
{
	const struct cca_registry_probe *p = cca_check_model(ctx);

	if (p->status == 401 && p->challenge && *p->challenge)
		cca_check_report(ctx, CCA_PASS, 0,
				 "anonymous GET /v2/ was refused with 401 and the challenge '%s'",
				 p->challenge);
	else if (p->status == 401)
		cca_check_report(ctx, CCA_FAIL, 0,
				 "anonymous GET /v2/ was refused with 401 but no WWW-Authenticate "
				 "challenge: clients cannot tell how to authenticate");
	else
		cca_check_report(ctx, CCA_FAIL, 0,
				 "anonymous GET /v2/ answered %ld: the registry serves clients "
				 "without authentication", p->status);
}
