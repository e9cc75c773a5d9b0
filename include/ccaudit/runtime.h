/*
 * runtime.h - how one container runs: the settings a compose service
 * declares and a live container's HostConfig holds, in one model, so that
 * one set of rules (src/checks/container.c) judges both and a requirement
 * gets one verdict with every location.
 *
 * Evidence items of kind CCA_KIND_CONTAINER carry a struct cca_container
 * as their model (cca_check_model).  Each setting keeps the key it was
 * read from (a JSON pointer into a compose file, "/services/web/privileged",
 * or a path into the Engine API's inspect document, "HostConfig.Privileged"),
 * which is where findings about it are reported (cca_check_report_key).
 * A NULL key means the setting was not given: the default applies.
 */
#ifndef CCAUDIT_RUNTIME_H
#define CCAUDIT_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CCA_KIND_CONTAINER "container"

/* A string setting and where it was read. */
struct cca_setting {
	const char *value;    /* NULL when not given */
	const char *key;
};

/* A mount: a bind of a host path, a volume, a tmpfs. */
struct cca_mount {
	const char *type;     /* "bind", "volume", "tmpfs", "npipe" */
	const char *source;   /* host path for a bind; volume name; NULL */
	const char *target;   /* path in the container */
	bool read_only;
	const char *key;
};

/* A published port. */
struct cca_port {
	const char *host_ip;  /* NULL or "" or "0.0.0.0" or "::": every interface */
	const char *host_port;
	const char *container_port;
	const char *protocol; /* "tcp", "udp" */
	const char *key;
};

/* A name=value pair (environment, labels). */
struct cca_pair {
	const char *name;
	const char *value;    /* already masked when it looks like a secret; NULL: no value */
	const char *key;
	bool secret;          /* its name or value says it is a secret (secrets.h); the
				 value is then masked */
};

struct cca_container {
	const char *name;     /* service or container name */
	const char *source;   /* "compose" or "engine" */
	const char *key;      /* where it is defined ("/services/web"); findings about a
				 setting that is missing go there */
	struct cca_setting image;       /* as written: "nginx:1.27", "app@sha256:..." */
	struct cca_setting build;       /* compose: the build context when the image is built
					   from a Dockerfile here; NULL otherwise */
	struct cca_setting user;        /* "" or NULL: the image's user */
	struct cca_setting privileged;  /* "true" / "false" */
	struct cca_setting read_only;   /* root filesystem read-only */
	const struct cca_setting *cap_add;  size_t ncap_add;
	const struct cca_setting *cap_drop; size_t ncap_drop;
	const struct cca_setting *security_opt; size_t nsecurity_opt;  /* "no-new-privileges:true", "seccomp=unconfined" ... */
	struct cca_setting pids_limit;
	struct cca_setting memory;      /* bytes, as text; NULL: unlimited */
	struct cca_setting cpus;        /* CPUs, as text; NULL: unlimited */
	struct cca_setting network_mode;/* "host", "bridge", "none", "service:x" ... */
	struct cca_setting pid_mode;
	struct cca_setting ipc_mode;
	struct cca_setting uts_mode;
	struct cca_setting userns_mode;
	struct cca_setting restart;     /* "no", "always", "on-failure[:N]", "unless-stopped" */
	struct cca_setting pull_policy;
	struct cca_setting logging_driver;
	const struct cca_mount *mounts; size_t nmounts;
	const struct cca_port *ports;   size_t nports;
	const struct cca_pair *env;     size_t nenv;
	const char *const *secrets;     size_t nsecrets;   /* secrets: granted the proper way */
	bool has_healthcheck;           /* declared here (compose) or in the image */
	struct cca_setting healthcheck; /* "NONE" / disabled, or the test */
	struct cca_setting health_status; /* live: "healthy", "unhealthy", "starting" */
};

#endif
