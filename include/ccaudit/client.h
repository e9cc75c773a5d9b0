/*
 * client.h - the Docker client's configuration (~/.docker/config.json):
 * where registry credentials are kept, the HTTP headers and proxies the
 * client sends, read into one model that src/checks/client.c judges.
 *
 * Evidence items of kind CCA_KIND_CLIENT carry a struct cca_client as
 * their model (cca_check_model) and a line map, so that findings reported
 * at a JSON pointer ("/auths/registry.example.com/auth") name FILE:LINE.
 * No secret is kept: every credential, token and password is stored
 * masked (cca_mask_secret) when it is read.
 */
#ifndef CCAUDIT_CLIENT_H
#define CCAUDIT_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#define CCA_KIND_CLIENT "client"

/* Size cap of a client configuration file. */
#define CCA_CLIENT_MAX_BYTES (1u * 1024 * 1024)

/* One entry of "auths". */
struct cca_client_auth {
	const char *registry;     /* its key: "https://index.docker.io/v1/" */
	const char *key;          /* JSON pointer of the entry */
	/*
	 * The member holding a credential in the file itself ("auth",
	 * "password", "identitytoken", "registrytoken"), or NULL when the
	 * entry holds none (docker login with a store writes "{}").
	 */
	const char *secret_member;
	const char *secret_key;   /* its JSON pointer */
	const char *masked;       /* the credential, masked */
	const char *user;         /* the user name (from "username" or decoded "auth"), or NULL */
	const char *helper;       /* the credential helper credHelpers names for it, or NULL */
};

/* A header of "HttpHeaders", or a proxy of "proxies". */
struct cca_client_value {
	const char *name;         /* "Authorization", "default httpProxy" */
	const char *value;        /* masked where it holds a secret */
	const char *key;          /* JSON pointer */
	bool secret;              /* it holds a credential or token */
	const char *why;          /* what kind of secret ("a password in a URL"), or NULL */
};

struct cca_client {
	const char *path;
	const char *creds_store;  /* "credsStore", or NULL */
	const char *creds_store_key;
	const struct cca_client_auth *auths;
	size_t nauths;
	const struct cca_client_value *helpers;   /* credHelpers: name registry, value helper */
	size_t nhelpers;
	const struct cca_client_value *headers;
	size_t nheaders;
	const struct cca_client_value *proxies;
	size_t nproxies;
};

struct cca_error;
struct cca_evidence;
struct cca_linemap;

/*
 * Parse config.json text (len bytes) read from name as the docker CLI
 * does: empty is an empty configuration; invalid JSON, a member of the
 * wrong type among those read here, and an "auth" that is not base64 of
 * "user:password" are errors naming NAME:LINE.  Unknown members are
 * ignored, as the CLI ignores them.  On success *out is a new model and
 * *lines (when not NULL) where each member stood.
 */
int cca_client_parse(const char *name, const char *data, size_t len,
		     struct cca_client **out, struct cca_linemap **lines,
		     struct cca_error *err);
void cca_client_free(struct cca_client *c);

/* Collector: the client configuration at path. */
void cca_evidence_add_client_config(struct cca_evidence *ev, const char *path);

/*
 * Discovery: config.json only where the client keeps it, in a directory
 * named .docker (a config.json anywhere else is some other program's).
 */
bool cca_client_config_path(const char *rel);

#endif
