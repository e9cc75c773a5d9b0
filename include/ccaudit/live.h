/*
 * live.h - evidence from a running Docker Engine, asked over its API on a
 * unix socket (libcurl): the engine's settings (/info, /version), every
 * container (/containers/json, then each one's inspect document) and the
 * images they run.
 *
 * Each container becomes an item of kind CCA_KIND_CONTAINER with a
 * struct cca_container (runtime.h), so the rules that judge a compose
 * service judge it too; its keys are paths into the inspect document
 * ("HostConfig.Privileged").  The engine itself is an item of kind
 * CCA_KIND_ENGINE whose model is struct cca_engine_info.  An engine that
 * cannot be asked (no socket, connection refused, a timeout, a socket that
 * is not a Docker Engine, an API older than CCA_LIVE_MIN_API) becomes one
 * engine item with an error naming the socket: its rules report `error`
 * and the rest of the audit goes on.
 */
#ifndef CCAUDIT_LIVE_H
#define CCAUDIT_LIVE_H

#include <jansson.h>

#include "ccaudit/evidence.h"

#define CCA_KIND_ENGINE "engine"

/* The oldest Engine API ccaudit reads (Docker 17.06). */
#define CCA_LIVE_MIN_API "1.30"

/* Bounds of one request: connect and whole-request time, response size. */
#define CCA_LIVE_CONNECT_MS 3000
#define CCA_LIVE_TIMEOUT_MS 20000
#define CCA_LIVE_MAX_BYTES (64u * 1024 * 1024)
/* At most this many containers are inspected (the rest are named in a warning). */
#define CCA_LIVE_MAX_CONTAINERS 5000

/* What the engine said about itself. */
struct cca_engine_info {
	const char *socket;       /* the unix socket asked */
	const char *version;      /* "20.10.24" */
	const char *api_version;  /* "1.41" */
	const char *os;           /* "Debian GNU/Linux 12 (bookworm)" */
	json_t *info;             /* the /info document (owned) */
	json_t *version_doc;      /* the /version document (owned) */
};

/*
 * The socket path of a Docker host: "unix:///run/docker.sock" gives
 * "/run/docker.sock"; NULL host means $DOCKER_HOST, else
 * unix:///var/run/docker.sock.  Only unix:// hosts are read (a tcp:// host
 * needs client certificates ccaudit does not handle): NULL with err then.
 */
char *cca_live_socket(const char *host, struct cca_error *err);

/* Bound each request to seconds (0: CCA_LIVE_TIMEOUT_MS). */
void cca_live_set_timeout(unsigned seconds);

/*
 * Ask the engine at host (as cca_live_socket takes it) and add its items
 * to ev, as described above.
 */
void cca_evidence_add_engine(struct cca_evidence *ev, const char *host);

#endif
