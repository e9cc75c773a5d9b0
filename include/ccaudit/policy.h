/*
 * policy.h - the containers signature policy (containers-policy.json(5),
 * read by podman, CRI-O, buildah and skopeo when they pull): which
 * requirements an image must meet, by default and per transport and
 * scope, and the sigstore attachment settings of registries.d.
 *
 * Items of kind CCA_KIND_POLICY carry a struct cca_policy.  A file that
 * the containers library would refuse (not JSON, no "default", an unknown
 * requirement type, signedBy without exactly one key source ...) is an
 * item error naming FILE:LINE.  Keys are JSON pointers ("/default/0",
 * "/transports/docker/registry.example.com/0"), so findings point at
 * FILE:LINE.
 */
#ifndef CCAUDIT_POLICY_H
#define CCAUDIT_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#define CCA_KIND_POLICY "signature-policy"
#define CCA_POLICY_MAX_BYTES (1u * 1024 * 1024)

enum cca_policy_type {
	CCA_PR_ACCEPT_ANYTHING,   /* insecureAcceptAnything */
	CCA_PR_REJECT,            /* reject */
	CCA_PR_SIGNED_BY,         /* signedBy (GPG keys) */
	CCA_PR_SIGSTORE_SIGNED    /* sigstoreSigned (keys or Fulcio) */
};

struct cca_policy_req {
	enum cca_policy_type type;
	const char *key;          /* JSON pointer of the requirement */
};

/* The requirements of one scope of one transport ("" scope: the transport's default). */
struct cca_policy_scope {
	const char *transport;    /* "docker", "atomic", "docker-daemon", ... */
	const char *scope;        /* "registry.example.com/team", "*.example.com", "" */
	const struct cca_policy_req *reqs;
	size_t nreqs;
	const char *key;
};

/* A registries.d entry that uses sigstore attachments. */
struct cca_policy_attachment {
	const char *scope;        /* "registry.example.com", "" for default-docker */
	const char *file;         /* where it was set */
	unsigned line;
};

struct cca_policy {
	const struct cca_policy_req *def;   /* "default" */
	size_t ndef;
	const struct cca_policy_scope *scopes;
	size_t nscopes;
	const struct cca_policy_attachment *attachments;  /* from --registries-d */
	size_t nattachments;
};

const char *cca_policy_type_name(enum cca_policy_type t);

/*
 * The requirements that apply to a docker image reference (normalised
 * as the containers library does: "python:3.12" is
 * "docker.io/library/python:3.12"): the most specific "docker" scope that
 * matches (the reference, its repository, each namespace up to the host,
 * then "*.domain" wildcards), else the docker transport's "" scope, else
 * the default.  *scope is the scope used (NULL: the default).
 */
const struct cca_policy_req *cca_policy_for(const struct cca_policy *p, const char *ref,
					    size_t *n, const struct cca_policy_scope **scope);

/* The normalised form of a docker image reference (a new string), or NULL. */
char *cca_policy_normalize_ref(const char *ref);

/* Parse policy.json text (len bytes) from name; *out is freed with cca_policy_free. */
struct cca_error;
struct cca_linemap;
int cca_policy_parse(const char *name, const char *data, size_t len, struct cca_policy **out,
		     struct cca_linemap **lines, struct cca_error *err);
void cca_policy_free(struct cca_policy *p);

/* Collector: a policy.json (and registries.d when --registries-d is given). */
struct cca_evidence;
struct cca_collect_opts;
void cca_collect_policy(struct cca_evidence *ev, const char *path,
			const struct cca_collect_opts *o);
/* Discovery: policy.json in a directory named containers. */
bool cca_policy_path(const char *path);

#endif
