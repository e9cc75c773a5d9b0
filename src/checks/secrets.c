/*
 * secrets.c - recognising secrets in evidence: names that say their value
 * is a secret, values of a recognisable format (private keys, cloud keys,
 * tokens, passwords in URLs), and placeholders that are no secret.  Every
 * evidence family's checks use these, so one value is judged the same
 * wherever it is found.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ccaudit/secrets.h"
#include "ccaudit/util.h"

#define KEY_WORDS 16
#define KEY_WORD_LEN 32

/* Split key into lower-case words at _ - . / : and camelCase boundaries. */
static size_t key_words(const char *key, char words[][KEY_WORD_LEN], size_t max)
{
	size_t n = 0, len = 0;

	for (const char *p = key;; p++) {
		int c = (unsigned char)*p;
		bool sep = !c || !isalnum(c);
		bool camel = !sep && p > key && isupper(c) &&
			     (islower((unsigned char)p[-1]) ||
			      (isupper((unsigned char)p[-1]) && islower((unsigned char)p[1])));

		if ((sep || camel) && len) {
			if (n < max)
				words[n++][len] = '\0';
			len = 0;
		}
		if (!c)
			break;
		if (!sep && n < max && len < KEY_WORD_LEN - 1)
			words[n][len++] = (char)tolower(c);
	}
	return n;
}

/*
 * Whether a variable, label or option name says it holds a secret:
 * PASSWORD, DB_PASS, API_KEY, apiKey, SECRET_KEY_BASE, GITHUB_TOKEN,
 * _authToken ... but not PASSWORD_FILE, TOKEN_URL, GPG_KEY, KEY_ID, PWD.
 */
bool cca_secret_name(const char *key)
{
	static const char *const secret[] = {
		"password", "passwd", "passphrase", "pass", "pwd", "secret", "secrets", "token",
		"tokens", "apikey", "credential", "credentials", "creds", "privatekey",
		"authtoken", "accesstoken", "secretkey", "accesskey",
	};
	static const char *const key_kinds[] = {
		"api", "access", "secret", "private", "encryption", "signing", "master", "license",
		"session", "client", "account", "service", "app", "webhook", "hmac", "jwt", "crypt",
		"sign", "auth",
	};
	static const char *const not_last[] = {
		"file", "files", "path", "dir", "directory", "url", "uri", "endpoint", "host",
		"hostname", "port", "name", "id", "ttl", "timeout", "expiry", "expires",
		"expiration", "length", "len", "size", "type", "mode", "enabled", "enable",
		"disabled", "required", "header", "version", "format", "policy", "method",
		"algorithm", "algo", "count", "max", "min", "user", "username", "location", "arn",
		"ref", "kind", "field", "prefix", "suffix", "hint", "env", "provider", "store",
		"backend", "rotation", "lifetime", "age", "command", "cmd", "script", "helper",
	};
	char w[KEY_WORDS][KEY_WORD_LEN];
	size_t n = key_words(key, w, KEY_WORDS);

	if (!n || cca_str_in(w[n - 1], not_last, CCA_ARRAY_SIZE(not_last)))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (cca_str_in(w[i], secret, CCA_ARRAY_SIZE(secret))) {
			if (cca_streq(w[i], "pwd") && n == 1)
				return false;  /* PWD: the working directory */
			return true;
		}
		if (cca_streq(w[i], "key") && i > 0 &&
		    cca_str_in(w[i - 1], key_kinds, CCA_ARRAY_SIZE(key_kinds)))
			return true;
		if (cca_streq(w[i], "auth") && i == n - 1)
			return true;
	}
	return false;
}

/* Values that are no secret whatever their name: empty, booleans, paths,
 * references, masked placeholders. */
bool cca_secret_placeholder(const char *v)
{
	static const char *const words[] = { "true", "false", "yes", "no", "on", "off",
					     "none", "null", "nil", "undefined" };
	size_t n;

	if (!v)
		return true;
	while (*v == ' ' || *v == '\t')
		v++;
	n = strlen(v);
	if (!n || v[0] == '$' || v[0] == '/' || cca_starts_with(v, "./") || cca_starts_with(v, "~/") ||
	    cca_starts_with(v, "file:"))
		return true;
	for (size_t k = 0; k < CCA_ARRAY_SIZE(words); k++)
		if (!strcasecmp(v, words[k]))
			return true;
	if ((v[0] == '<' && v[n - 1] == '>') || (cca_starts_with(v, "{{") && cca_ends_with(v, "}}")))
		return true;
	return strspn(v, "*xX.") == n;
}

static bool token_char(int c)
{
	return isalnum(c) || c == '_' || c == '-';
}

/* Well-known token formats: prefix, minimum length of what follows, kind. */
static const struct {
	const char *prefix;
	size_t min;
	const char *kind;
} token_formats[] = {
	{ "ghp_", 30, "a GitHub token" },
	{ "gho_", 30, "a GitHub token" },
	{ "ghu_", 30, "a GitHub token" },
	{ "ghs_", 30, "a GitHub token" },
	{ "ghr_", 30, "a GitHub token" },
	{ "github_pat_", 20, "a GitHub token" },
	{ "glpat-", 20, "a GitLab token" },
	{ "xoxb-", 10, "a Slack token" },
	{ "xoxp-", 10, "a Slack token" },
	{ "xoxa-", 10, "a Slack token" },
	{ "xoxs-", 10, "a Slack token" },
	{ "sk_live_", 16, "a Stripe key" },
	{ "rk_live_", 16, "a Stripe key" },
	{ "AIza", 35, "a Google API key" },
	{ "npm_", 36, "an npm token" },
};

static bool find_private_key(const char *s, struct cca_secret_hit *h)
{
	for (const char *p = strstr(s, "-----BEGIN "); p; p = strstr(p + 11, "-----BEGIN ")) {
		const char *e = strstr(p + 11, "-----");
		char label[80];
		size_t n = e ? (size_t)(e - (p + 11)) : 0;

		if (!e || n >= sizeof label)
			continue;
		memcpy(label, p + 11, n);
		label[n] = '\0';
		if (strstr(label, "PRIVATE KEY")) {
			h->kind = "a private key";
			h->off = (size_t)(p - s);
			h->len = strlen(p);
			return true;
		}
	}
	return false;
}

static bool find_aws_key(const char *s, struct cca_secret_hit *h)
{
	static const char *const prefixes[] = { "AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA",
						"ANVA", "AIPA", "ABIA", "ACCA" };

	for (const char *p = strchr(s, 'A'); p; p = strchr(p + 1, 'A')) {
		size_t n = 0;
		bool prefix = false;

		if (p > s && isalnum((unsigned char)p[-1]))
			continue;
		for (size_t k = 0; k < CCA_ARRAY_SIZE(prefixes) && !prefix; k++)
			prefix = !strncmp(p, prefixes[k], 4);
		if (!prefix)
			continue;
		while (n < 17 && (isupper((unsigned char)p[4 + n]) || isdigit((unsigned char)p[4 + n])))
			n++;
		if (n == 16 && !isalnum((unsigned char)p[20])) {
			h->kind = "an AWS access key id";
			h->off = (size_t)(p - s);
			h->len = 20;
			return true;
		}
	}
	return false;
}

static bool find_token(const char *s, struct cca_secret_hit *h)
{
	for (size_t t = 0; t < CCA_ARRAY_SIZE(token_formats); t++) {
		const char *pre = token_formats[t].prefix;
		size_t pl = strlen(pre);

		for (const char *p = strstr(s, pre); p; p = strstr(p + pl, pre)) {
			size_t n = 0;

			if (p > s && isalnum((unsigned char)p[-1]))
				continue;
			while (n < 256 && token_char((unsigned char)p[pl + n]))
				n++;
			if (n >= token_formats[t].min) {
				h->kind = token_formats[t].kind;
				h->off = (size_t)(p - s);
				h->len = pl + n;
				return true;
			}
		}
	}
	return false;
}

/* A URL with user:password@ where the password is a literal. */
static bool find_url_credentials(const char *s, struct cca_secret_hit *h)
{
	for (const char *p = strstr(s, "://"); p; p = strstr(p + 3, "://")) {
		const char *u = p + 3, *e = u, *colon;

		while (*e && !strchr("/?#@ \t\r\n\"'<>", *e))
			e++;
		if (*e != '@' || !(colon = memchr(u, ':', (size_t)(e - u))) || colon + 1 == e)
			continue;
		{
			char *pass = cca_xstrndup(colon + 1, (size_t)(e - colon - 1));
			bool literal = !strpbrk(pass, "$`{}%") && !cca_secret_placeholder(pass);

			free(pass);
			if (!literal)
				continue;
		}
		h->kind = "a password in a URL";
		h->off = (size_t)(u - s);
		h->len = (size_t)(e - u);
		return true;
	}
	return false;
}

/* Whether s starts with one of the n prefixes v. */
static bool starts_with_any(const char *s, const char *const *v, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (cca_starts_with(s, v[k]))
			return true;
	return false;
}

/* Whether the n bytes before p (p - n >= text) are prefix. */
static bool preceded_by(const char *text, const char *p, const char *prefix, size_t n)
{
	return (size_t)(p - text) >= n && memcmp(p - n, prefix, n) == 0;
}

/* The finders may_hold_secret() says may match. */
enum { MAY_KEY = 1, MAY_AWS = 2, MAY_TOKEN = 4, MAY_URL = 8 };

/*
 * Which finders may match in text (MAY_*): where it has the start of a
 * private key header, an AWS key id, a token prefix or "://".  One pass;
 * a finder whose bit is clear cannot match.  The scan stops only at the
 * characters of stop: each format has one of them at a fixed place ('_'
 * in "ghp_", "npm_", "sk_live_", "github_pat_"; '-' in "glpat-" and
 * "-----BEGIN "), and most text has few of them (unlike the formats' first
 * letters, 's', 'n', 'g', among the commonest).
 */
static unsigned may_hold_secret(const char *text)
{
	static const char *const aws[] = { "AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA",
					   "ANVA", "AIPA", "ABIA", "ACCA" };
	static const char *const gh[] = { "ghp", "gho", "ghu", "ghs", "ghr", "npm" };
	/* Where the scan stops: the marks, and the end of the text. */
	static const bool stop[256] = {
		['\0'] = true, ['-'] = true, [':'] = true, ['A'] = true, ['_'] = true,
		['x'] = true,
	};
	unsigned may = 0;

	for (const char *p = text;; p++) {
		while (!stop[(unsigned char)*p])
			p++;
		switch (*p) {
		case '\0':
			return may;
		case '-':  /* -----BEGIN , glpat- */
			if (p[1] == '-') {
				if (p[2] == '-' && p[3] == '-' && p[4] == '-' &&
				    cca_starts_with(p, "-----BEGIN "))
					may |= MAY_KEY;
			} else if (p > text && p[-1] == 't' && preceded_by(text, p, "glpat", 5)) {
				may |= MAY_TOKEN;
			}
			break;
		case ':':  /* :// */
			if (p[1] == '/' && p[2] == '/')
				may |= MAY_URL;
			break;
		case 'A':  /* AWS key ids, Google API keys */
			if (!p[1] || !strchr("KSGIRNBC", p[1]))
				break;
			if (starts_with_any(p, aws, CCA_ARRAY_SIZE(aws)))
				may |= MAY_AWS;
			else if (cca_starts_with(p, "AIza"))
				may |= MAY_TOKEN;
			break;
		case '_':  /* ghp_ ... npm_, github_pat_, sk_live_, rk_live_ */
			if (p == text)
				break;
			if (strchr("pousrm", p[-1]))
				for (size_t k = 0; k < CCA_ARRAY_SIZE(gh); k++)
					if (preceded_by(text, p, gh[k], 3))
						may |= MAY_TOKEN;
			if ((p[-1] == 'b' && preceded_by(text, p, "github", 6) &&
			     cca_starts_with(p, "_pat_")) ||
			    (p[-1] == 'k' && (preceded_by(text, p, "sk", 2) ||
					      preceded_by(text, p, "rk", 2)) &&
			     cca_starts_with(p, "_live_")))
				may |= MAY_TOKEN;
			break;
		default:  /* x: xox */
			if (p[1] == 'o' && p[2] == 'x')
				may |= MAY_TOKEN;
			break;
		}
	}
}

/* The first secret of a recognisable format in text (the finders in the
 * same order as ever, those that cannot match skipped). */
bool cca_secret_find(const char *text, struct cca_secret_hit *h)
{
	unsigned may = may_hold_secret(text);

	return ((may & MAY_KEY) && find_private_key(text, h)) ||
	       ((may & MAY_AWS) && find_aws_key(text, h)) ||
	       ((may & MAY_TOKEN) && find_token(text, h)) ||
	       ((may & MAY_URL) && find_url_credentials(text, h));
}

/* The masked form of len bytes at s. */
char *cca_secret_mask_span(const char *s, size_t len)
{
	char *v = cca_xstrndup(s, len), *m = cca_mask_secret(v);

	free(v);
	return m;
}

char *cca_secret_mask_all(const char *text)
{
	struct cca_secret_hit h;
	struct cca_buf b;
	const char *p = text;

	cca_buf_init(&b);
	while (*p && cca_secret_find(p, &h)) {
		char *m = cca_secret_mask_span(p + h.off, h.len);

		cca_buf_add(&b, p, h.off);
		cca_buf_puts(&b, m);
		free(m);
		p += h.off + h.len;
	}
	cca_buf_puts(&b, p);
	return cca_buf_detach(&b);
}
