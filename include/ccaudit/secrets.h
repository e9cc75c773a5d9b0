/*
 * secrets.h - recognising secrets in evidence, the same way for every kind
 * of input: a name that says its value is a secret (DB_PASSWORD, apiKey,
 * GITHUB_TOKEN), a value of a recognisable format (private keys, AWS key
 * ids, GitHub/GitLab/Slack/Stripe/Google/npm tokens, passwords in URLs),
 * and values that are no secret whatever their name (placeholders).
 * Whatever is found is shown only masked (cca_mask_secret).
 */
#ifndef CCAUDIT_SECRETS_H
#define CCAUDIT_SECRETS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Whether a variable, label, key or option name says it holds a secret:
 * PASSWORD, DB_PASS, API_KEY, apiKey, SECRET_KEY_BASE, GITHUB_TOKEN,
 * _authToken ... but not PASSWORD_FILE, TOKEN_URL, GPG_KEY, KEY_ID, PWD.
 */
bool cca_secret_name(const char *key);

/*
 * Whether a value is no secret whatever its name: NULL, empty, booleans,
 * paths, $references, <placeholders>, {{templates}}, already masked.
 */
bool cca_secret_placeholder(const char *value);

/* Where a secret of a recognisable format stands in a text. */
struct cca_secret_hit {
	const char *kind;   /* "an AWS access key id" */
	size_t off, len;    /* the secret within the text */
};

/* The first secret of a recognisable format in text; false when none. */
bool cca_secret_find(const char *text, struct cca_secret_hit *h);

/* No text shorter than this holds a secret cca_secret_find recognises (the
 * shortest is a password in a URL, "://u:p@"), so a caller that knows a
 * text's length may skip shorter ones. */
#define CCA_SECRET_MIN_LEN 7

/* The masked form of the len bytes at s (a new string). */
char *cca_secret_mask_span(const char *s, size_t len);

/* text with every secret cca_secret_find recognises masked (a new string). */
char *cca_secret_mask_all(const char *text);

#endif
