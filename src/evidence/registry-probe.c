/*
 * registry-probe.c - a live registry as evidence: GET /v2/ without
 * credentials, with libcurl, and what came back (status, challenge, TLS
 * verification) as the item's model.  See registry.h.
 *
 * Bounded: connect and total timeouts, at most CCA_PROBE_MAX_REDIRECTS
 * redirects and only to https, headers and body capped.  Anything that
 * keeps the question from being answered (no connection, a timeout, a
 * redirect to plain http, an answer that is not HTTP or not a registry) is
 * the item's error, naming the URL, and the audit goes on.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>


#include "ccaudit/evidence.h"
#include "ccaudit/netlib.h"
#include "ccaudit/registry.h"
#include "ccaudit/util.h"

/* libcurl, loaded by the collector before anything here uses it (netlib.h). */
static const struct cca_curl *C;

#define PROBE_DEFAULT_TIMEOUT 10     /* seconds, whole exchange */
#define PROBE_MAX_TIMEOUT 120
#define PROBE_CONNECT_TIMEOUT 5
#define PROBE_MAX_REDIRECTS 5
#define PROBE_MAX_HEADER_BYTES (32u * 1024)
#define PROBE_MAX_BODY_BYTES (64u * 1024)
#define PROBE_MAX_VALUE 256          /* characters kept of a header value */

void cca_registry_probe_free(struct cca_registry_probe *p)
{
	if (!p)
		return;
	free((char *)p->url);
	free((char *)p->final_url);
	free((char *)p->verify_error);
	free((char *)p->cacert);
	free((char *)p->challenge);
	free((char *)p->api_version);
	free(p);
}

static void release_probe(void *model)
{
	cca_registry_probe_free(model);
}

/* What one exchange gathered. */
struct exchange {
	size_t header_bytes, body_bytes;
	bool too_big;            /* a cap was hit: the transfer was aborted */
	const char *too_big_what;
	char *challenge;         /* first WWW-Authenticate */
	char *api_version;
};

static void exchange_reset(struct exchange *x)
{
	free(x->challenge);
	free(x->api_version);
	memset(x, 0, sizeof *x);
}

/* A header value fit for messages: printable, valid UTF-8, capped. */
static char *clean_value(const char *s, size_t n)
{
	struct cca_buf b;
	char *raw, *out;

	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == '\r' || s[n - 1] == '\n' || s[n - 1] == ' ' ||
		     s[n - 1] == '\t'))
		n--;
	cca_buf_init(&b);
	for (size_t i = 0; i < n && i < PROBE_MAX_VALUE; i++)
		cca_buf_putc(&b, (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i]);
	if (n > PROBE_MAX_VALUE)
		cca_buf_puts(&b, "...");
	raw = cca_buf_detach(&b);
	out = cca_utf8_repair(raw);
	free(raw);
	return out;
}

/* Whether the header line at data, whose name ends at colon, is name. */
static bool is_header(const char *data, const char *colon, const char *name)
{
	size_t n = strlen(name);

	return (size_t)(colon - data) == n && strncasecmp(data, name, n) == 0;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *userp)
{
	struct exchange *x = userp;
	size_t n = size * nmemb;
	const char *colon;

	x->header_bytes += n;
	if (x->header_bytes > PROBE_MAX_HEADER_BYTES) {
		x->too_big = true;
		x->too_big_what = "headers";
		return 0;
	}
	if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) {   /* a new response: start over */
		free(x->challenge);
		free(x->api_version);
		x->challenge = x->api_version = NULL;
		return n;
	}
	colon = memchr(data, ':', n);
	if (!colon)
		return n;
	if (is_header(data, colon, "WWW-Authenticate") && !x->challenge)
		x->challenge = clean_value(colon + 1, n - (size_t)(colon + 1 - data));
	else if (is_header(data, colon, "Docker-Distribution-API-Version") && !x->api_version)
		x->api_version = clean_value(colon + 1, n - (size_t)(colon + 1 - data));
	return n;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
	struct exchange *x = userp;
	size_t n = size * nmemb;

	(void)data;
	x->body_bytes += n;
	if (x->body_bytes > PROBE_MAX_BODY_BYTES) {
		x->too_big = true;
		x->too_big_what = "body";
		return 0;
	}
	return n;
}

/* url as messages may show it: masked when it may carry credentials. */
static char *shown_url(const char *url)
{
	return strchr(url, '@') ? cca_mask_secret(url) : cca_utf8_repair(url);
}

/*
 * The /v2/ URL of the registry at url, without credentials, query or
 * fragment, into *probe; the scheme must be http or https.  Returns 0, or
 * -1 with the reason in err.
 */
static int probe_url(const char *url, char **probe, struct cca_error *err)
{
	CURLU *u = C->url();
	char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL, *user = NULL;
	size_t n = 0;
	int rc = -1;

	*probe = NULL;
	for (const char *c = url; *c; c++)
		if ((unsigned char)*c <= 0x20 || *c == 0x7f)
			n = 1;
	if (!u || !cca_utf8_valid(url, strlen(url)) || n) {
		char *shown = shown_url(url);

		if (!u)
			cca_error_set(err, CCA_ENOMEM, "cannot parse URLs");
		else
			cca_error_set(err, CCA_EINPUT, "'%.200s' is not a URL "
				      "(http[s]://HOST[:PORT])", shown);
		free(shown);
		C->url_cleanup(u);
		return -1;
	}
	if (!u)
		return cca_error_set(err, CCA_ENOMEM, "cannot parse URLs");
	if (C->url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
	    C->url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    C->url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		char *shown = shown_url(url);

		cca_error_set(err, CCA_EINPUT, "'%.200s' is not a URL (http[s]://HOST[:PORT])",
			      shown);
		free(shown);
		goto out;
	}
	if (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0) {
		cca_error_set(err, CCA_EINPUT, "'%s://%s': only http and https registries can be "
			      "probed", scheme, host);
		goto out;
	}
	C->url_get(u, CURLUPART_PORT, &port, 0);
	C->url_get(u, CURLUPART_PATH, &path, 0);
	n = path ? strlen(path) : 0;
	while (n && path[n - 1] == '/')
		n--;
	if (n >= 3 && strncmp(path + n - 3, "/v2", 3) == 0)
		n -= 3;
	*probe = cca_xasprintf("%s://%s%s%s%.*s/v2/", scheme, host, port ? ":" : "",
			       port ? port : "", (int)n, path ? path : "");
	if (C->url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK && user) {
		cca_error_set(err, CCA_EINPUT, "'%s': the URL carries credentials; the probe "
			      "asks anonymously, give the URL without them", *probe);
		goto out;
	}
	rc = 0;
out:
	C->free(scheme);
	C->free(host);
	C->free(port);
	C->free(path);
	C->free(user);
	C->url_cleanup(u);
	return rc;
}

/* Why a transfer failed, in words, for code. */
static const char *failure(CURLcode code)
{
	switch (code) {
	case CURLE_OPERATION_TIMEDOUT:
		return "no answer in time";
	case CURLE_COULDNT_RESOLVE_HOST:
		return "cannot resolve the host";
	case CURLE_COULDNT_CONNECT:
		return "cannot connect";
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_HTTP2:
		return "the server does not answer as an HTTP server";
	case CURLE_SSL_CONNECT_ERROR:
		return "the TLS handshake failed";
	case CURLE_SSL_CACERT_BADFILE:
		return "the CA certificates cannot be used";
	default:
		return "the request failed";
	}
}

static bool verify_failure(CURLcode code)
{
	return code == CURLE_PEER_FAILED_VERIFICATION;
}

/*
 * One GET of url: *code is libcurl's result, x what came back; *status and
 * *location the answer's status and redirect target (a new string or NULL).
 */
static CURLcode get(CURL *h, const char *url, bool verify, const char *cacert, long timeout,
		    struct exchange *x, char *errbuf, long *status, char **location,
		    char **scheme)
{
	CURLcode code;
	char *loc = NULL, *sch = NULL;

	exchange_reset(x);
	errbuf[0] = '\0';
	*status = 0;
	*location = NULL;
	*scheme = NULL;
	C->easy_reset(h);
	C->easy_setopt(h, CURLOPT_URL, url);
	C->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	C->easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	C->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	C->easy_setopt(h, CURLOPT_CONNECTTIMEOUT, timeout < PROBE_CONNECT_TIMEOUT
			 ? timeout : (long)PROBE_CONNECT_TIMEOUT);
	C->easy_setopt(h, CURLOPT_TIMEOUT, timeout);
	C->easy_setopt(h, CURLOPT_MAXFILESIZE, (long)PROBE_MAX_BODY_BYTES);
	C->easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	C->easy_setopt(h, CURLOPT_HEADERDATA, x);
	C->easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	C->easy_setopt(h, CURLOPT_WRITEDATA, x);
	C->easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	C->easy_setopt(h, CURLOPT_USERAGENT, "ccaudit/" PACKAGE_VERSION);
	C->easy_setopt(h, CURLOPT_SSL_VERIFYPEER, verify ? 1L : 0L);
	C->easy_setopt(h, CURLOPT_SSL_VERIFYHOST, verify ? 2L : 0L);
	if (cacert)
		C->easy_setopt(h, CURLOPT_CAINFO, cacert);
	code = C->easy_perform(h);
	if (code == CURLE_OK) {
		C->easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
		if (C->easy_getinfo(h, CURLINFO_REDIRECT_URL, &loc) == CURLE_OK && loc)
			*location = cca_xstrdup(loc);
		if (C->easy_getinfo(h, CURLINFO_SCHEME, &sch) == CURLE_OK && sch)
			*scheme = cca_xstrdup(sch);
	}
	return code;
}

/*
 * Probe: follow https redirects by hand, so a redirect to plain http is
 * named and refused.  Fills p, or returns -1 with the reason in err.
 */
static int probe(CURL *h, struct cca_registry_probe *p, long timeout, struct cca_error *err)
{
	char errbuf[CURL_ERROR_SIZE], *url = cca_xstrdup(p->url), *location = NULL;
	char *scheme = NULL;
	struct exchange x = { 0 };
	bool verify = true;
	CURLcode code;
	int rc = -1;

	for (;;) {
		code = get(h, url, verify, p->cacert, timeout, &x, errbuf, &p->status, &location,
			   &scheme);
		if (verify && verify_failure(code)) {
			/* Ask again without verification, to see whether it asks for credentials. */
			p->verify_error = cca_xstrdup(errbuf[0] ? errbuf : C->easy_strerror(code));
			verify = false;
			free(scheme);
			continue;
		}
		if (code != CURLE_OK) {
			if (x.too_big)
				cca_error_set(err, CCA_ETOOBIG, "'%s': the answer's %s exceed%s the "
					      "limit of %u bytes", url, x.too_big_what,
					      strcmp(x.too_big_what, "body") == 0 ? "s" : "",
					      strcmp(x.too_big_what, "body") == 0
					      ? PROBE_MAX_BODY_BYTES : PROBE_MAX_HEADER_BYTES);
			else if (code == CURLE_FILESIZE_EXCEEDED)
				cca_error_set(err, CCA_ETOOBIG, "'%s': the answer's body exceeds the "
					      "limit of %u bytes", url, PROBE_MAX_BODY_BYTES);
			else if (code == CURLE_OPERATION_TIMEDOUT)
				cca_error_set(err, CCA_EIO, "'%s': no answer within %ld s (%s)", url,
					      timeout, errbuf[0] ? errbuf : C->easy_strerror(code));
			else
				cca_error_set(err, CCA_EIO, "'%s': %s (%s)", url, failure(code),
					      errbuf[0] ? errbuf : C->easy_strerror(code));
			goto out;
		}
		if (p->status >= 300 && p->status < 400 && location) {
			char *shown = cca_utf8_repair(location);

			if (strncasecmp(location, "https://", 8) != 0) {
				cca_error_set(err, CCA_EINPUT, "'%s' redirects to '%.200s', which is not "
					      "https; the redirect is not followed", url, shown);
				free(shown);
				goto out;
			}
			if (++p->redirects > PROBE_MAX_REDIRECTS) {
				cca_error_set(err, CCA_EINPUT, "'%s': more than %d redirects", p->url,
					      PROBE_MAX_REDIRECTS);
				free(shown);
				goto out;
			}
			free(shown);
			free(url);
			url = location;
			location = NULL;
			free(scheme);
			continue;
		}
		break;
	}
	p->final_url = cca_xstrdup(url);
	p->https = scheme && strcasecmp(scheme, "https") == 0;
	p->verified = p->https && verify;
	p->challenge = x.challenge;
	p->api_version = x.api_version;
	x.challenge = x.api_version = NULL;
	if (p->status == 401) {
		rc = 0;
	} else if (p->status == 200 && p->api_version) {
		rc = 0;
	} else if (p->status == 200) {
		cca_error_set(err, CCA_EINPUT, "'%s' answered 200 without a "
			      "Docker-Distribution-API-Version header: not a registry API", url);
	} else {
		cca_error_set(err, CCA_EINPUT, "'%s' answered HTTP %ld: not a registry's /v2/ "
			      "endpoint", url, p->status);
	}
out:
	exchange_reset(&x);
	free(location);
	free(scheme);
	free(url);
	return rc;
}

static void global_init(void)
{
	static bool done;

	if (!done) {
		C->global_init(CURL_GLOBAL_DEFAULT);
		atexit(C->global_cleanup);
		done = true;
	}
}

void cca_collect_registry_endpoint(struct cca_evidence *ev, const char *url,
				   const struct cca_collect_opts *o)
{
	struct cca_evidence_new_item in = {
		CCA_KIND_REGISTRY_ENDPOINT, NULL, NULL, NULL, 0, NULL, NULL, release_probe, NULL
	};
	struct cca_registry_probe *p = cca_xcalloc(1, sizeof *p);
	long timeout = o && o->timeout ? (long)o->timeout : PROBE_DEFAULT_TIMEOUT;
	struct cca_error err;
	char *purl = NULL, *shown = NULL;
	CURL *h = NULL;

	cca_error_clear(&err);
	if (timeout > PROBE_MAX_TIMEOUT)
		timeout = PROBE_MAX_TIMEOUT;
	if (!(C = cca_curl(&err))) {
		shown = shown_url(url);
		in.path = shown;
		goto out;
	}
	global_init();
	if (probe_url(url, &purl, &err) < 0) {
		/* Never show what may be credentials: the URL without them, else masked. */
		shown = purl ? purl : shown_url(url);
		purl = NULL;
		in.path = shown;
		goto out;
	}
	p->url = purl;
	in.path = purl;
	if (o && o->cacert) {
		if (access(o->cacert, R_OK) < 0) {
			cca_error_set(&err, CCA_EIO, "'%s': cannot read --cacert '%s'", purl,
				      o->cacert);
			goto out;
		}
		p->cacert = cca_xstrdup(o->cacert);
	}
	if (!(h = C->easy_init())) {
		cca_error_set(&err, CCA_ENOMEM, "'%s': cannot start libcurl", purl);
		goto out;
	}
	if (probe(h, p, timeout, &err) == 0) {
		in.model = p;
		p = NULL;
	}
out:
	in.error = in.model ? NULL : err.msg;
	cca_evidence_add(ev, &in);
	if (in.error)
		cca_evidence_warn(ev, "%s", in.error);
	if (h)
		C->easy_cleanup(h);
	if (p) {
		p->url = NULL;   /* owned by purl */
		cca_registry_probe_free(p);
	}
	free(shown);
	if (!in.model)
		free(purl);
}
