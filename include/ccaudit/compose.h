/*
 * compose.h - compose projects as evidence: one or more compose files
 * merged as docker compose merges them, each service one item of kind
 * CCA_KIND_CONTAINER whose model is a struct cca_container (runtime.h).
 *
 * A project is read as docker compose reads it: each file on its own is
 * parsed (anchors, aliases and merge keys by the YAML reader), interpolated
 * (${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}, ${VAR:+alt},
 * $VAR, $$) from the env file, its services' `extends` resolved (same file
 * or another file), and then the files are merged in order with the
 * compose merge rules: mappings merge, sequences append, command,
 * entrypoint and healthcheck.test are replaced, ports / volumes / secrets /
 * configs are unique by their key, environment / labels / sysctls given as
 * lists merge as mappings.
 *
 * Variables come from the env file only (--env-file, else the .env beside
 * the first file), never from the auditor's environment, so that the
 * result does not depend on who runs the audit.  An unset variable becomes
 * "" with a warning, as docker compose does; a missing required one
 * (${VAR:?err}) is a warning too, since the audit still judges the rest.
 *
 * Each setting of the model keeps its key as a JSON pointer into the
 * merged project ("/services/web/privileged"); the item's line map says
 * in which file and at which line that key was last set, so findings read
 * "docker-compose.override.yml:12".
 */
#ifndef CCAUDIT_COMPOSE_H
#define CCAUDIT_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>

struct cca_evidence;

/* Caps: bytes of one compose or env file, values of a whole project, files. */
#define CCA_COMPOSE_MAX_BYTES (4u * 1024 * 1024)
#define CCA_COMPOSE_MAX_VALUES 200000
#define CCA_COMPOSE_MAX_FILES 32
#define CCA_COMPOSE_MAX_EXTENDS 16

/*
 * Read the project made of files (nfiles >= 1, in the order they apply),
 * with variables from env_file (NULL: the .env beside files[0], if any),
 * and add one item per service (sorted by name).  A project that cannot be
 * read becomes one item with the error (no name); a service whose settings
 * have the wrong type becomes an item with the error under its name.
 */
void cca_compose_collect(struct cca_evidence *ev, const char *const *files, size_t nfiles,
			 const char *env_file);

/*
 * Discovery: whether name is a compose file docker compose finds by
 * itself (compose.yaml, compose.yml, docker-compose.yml,
 * docker-compose.yaml); overrides are not (they apply to those).
 */
bool cca_compose_is_name(const char *name);

/*
 * The project docker compose makes of path found by discovery: path, then
 * the first override beside it (compose.override.yml,
 * compose.override.yaml, docker-compose.override.yml,
 * docker-compose.override.yaml) when path is the file docker compose
 * prefers in that directory.
 */
void cca_compose_collect_found(struct cca_evidence *ev, const char *path,
			       const char *env_file);

#endif
