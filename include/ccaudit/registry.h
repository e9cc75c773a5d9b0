/*
 * registry.h - evidence about image registries: a Distribution registry's
 * config.yml, Harbor's harbor.yml, and what a live registry answered on
 * GET /v2/.  Each is an evidence item whose model is one of the structs
 * below (cca_check_model); the checks of src/checks/registry.c read only
 * the model, so they can be fed models without files or a network.
 */
#ifndef CCAUDIT_REGISTRY_H
#define CCAUDIT_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "ccaudit/error.h"
#include "ccaudit/yaml.h"

struct cca_evidence;
struct cca_collect_opts;

#define CCA_KIND_REGISTRY_CONFIG "registry-config"
#define CCA_KIND_HARBOR_CONFIG "harbor-config"
#define CCA_KIND_REGISTRY_ENDPOINT "registry-endpoint"

#define CCA_REGISTRY_CONFIG_MAX_BYTES (1u * 1024 * 1024)
#define CCA_HTPASSWD_MAX_BYTES (4u * 1024 * 1024)

/* What a path named in a configuration is, as seen from where ccaudit runs. */
enum cca_path_state {
	CCA_PATH_UNSET = 0,     /* the configuration names no path */
	CCA_PATH_FILE,          /* a regular file that could be read */
	CCA_PATH_DIRECTORY,     /* a directory: nothing can be read from it */
	CCA_PATH_OTHER,         /* a device, a socket, a FIFO ... */
	CCA_PATH_ABSENT,        /* does not exist here: not verifiable */
	CCA_PATH_UNREADABLE     /* exists but cannot be read: not verifiable */
};

/*
 * A Distribution config.yml (kind "registry-config") or a Harbor
 * harbor.yml (kind "harbor-config").  root is the document as the YAML
 * reader built it (a JSON object, read-only); the item's line map says
 * where each key stood.  The other fields are what the collector observed
 * around the file, since checks never touch the file system.
 */
struct cca_registry_config {
	json_t *root;

	/* Distribution: auth.htpasswd.path (resolved against the file's directory) */
	const char *htpasswd_path;
	enum cca_path_state htpasswd_state;
	const char *htpasswd_why;     /* strerror of the failed stat/read, or NULL */
	unsigned htpasswd_entries;    /* user:hash lines in the file */
	unsigned htpasswd_bcrypt;     /* of which use bcrypt, the only scheme it accepts */

	/* Distribution: the first line in a file beside the configuration (a
	   crontab, a systemd unit, a script) that runs "garbage-collect", as
	   "PATH:LINE", or NULL */
	const char *gc_evidence;

	/* Harbor: the docker-compose.yml its installer generates beside harbor.yml */
	const char *compose_path;     /* NULL when there is none */
	bool compose_has_trivy;       /* it runs the trivy-adapter service */
};

/* What GET /v2/ on a live registry answered (kind "registry-endpoint"). */
struct cca_registry_probe {
	const char *url;              /* the /v2/ URL asked for, credentials removed */
	const char *final_url;        /* after redirects (https only are followed) */
	bool https;                   /* the answer came over TLS */
	bool verified;                /* ... and the certificate chain and name verified */
	const char *verify_error;     /* why verification failed, or NULL */
	const char *cacert;           /* --cacert used for verification, or NULL */
	long status;                  /* HTTP status of the answer */
	const char *challenge;        /* the WWW-Authenticate header, or NULL */
	const char *api_version;      /* the Docker-Distribution-API-Version header, or NULL */
	unsigned redirects;
};

void cca_registry_config_free(struct cca_registry_config *c);
void cca_registry_probe_free(struct cca_registry_probe *p);

/*
 * Parse a Distribution configuration (len bytes read from path) into a
 * model, checking what the registry itself refuses to start with: a
 * version other than 0.1, no storage, a log level it does not know,
 * sections of the wrong type.  Errors are "PATH:LINE: what".  Nothing
 * around the file is looked at (cca_registry_config_observe does that).
 */
int cca_registry_config_parse(const char *path, const char *data, size_t len,
			      struct cca_registry_config **out, struct cca_linemap **lines,
			      struct cca_error *err);
/* Parse a harbor.yml (a mapping with at least "hostname"). */
int cca_harbor_config_parse(const char *path, const char *data, size_t len,
			    struct cca_registry_config **out, struct cca_linemap **lines,
			    struct cca_error *err);

/* Collectors (the rows of src/evidence/collectors.c). */
bool cca_registry_config_name(const char *name);
bool cca_registry_config_path(const char *path);
void cca_collect_registry_config(struct cca_evidence *ev, const char *path,
				 const struct cca_collect_opts *o);
/*
 * The same for a file discovery found by its generic name (config.yml in a
 * registry directory): a document that parses as a mapping without the
 * version key is some other program's (Verdaccio's, ...) and is not collected.
 */
void cca_collect_registry_config_found(struct cca_evidence *ev, const char *path,
				       const struct cca_collect_opts *o);
bool cca_harbor_config_name(const char *name);
void cca_collect_harbor_config(struct cca_evidence *ev, const char *path,
			       const struct cca_collect_opts *o);
/* Probe the registry at url (scheme://host[:port][/prefix]) and add the item. */
void cca_collect_registry_endpoint(struct cca_evidence *ev, const char *url,
				   const struct cca_collect_opts *o);

#endif
