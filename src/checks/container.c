/*
 * container.c - the checks of how a container runs (rules container.*),
 * written against struct cca_container (runtime.h) only, so that the same
 * rules judge a compose service and a live container.
 *
 * Each check reports at the key of the setting concerned (a JSON pointer
 * into the compose project, or a path into the inspect document); when a
 * setting is missing it reports at the service or container as a whole.
 * Lists the checks compare against (capabilities, host paths, sockets)
 * are rule parameters in the catalog.  Environment values that look like
 * secrets were masked by the collector; messages only ever show them so.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ccaudit/checks.h"
#include "ccaudit/evidence.h"
#include "ccaudit/runtime.h"
#include "ccaudit/util.h"

#define CCA_CHECK(sym, id, kind, summary) void cca_check_##sym(struct cca_checkctx *ctx);
#include "checks.def"
#undef CCA_CHECK

/* ---- helpers ----------------------------------------------------------------- */

static const struct cca_container *model(struct cca_checkctx *ctx)
{
	return cca_check_model(ctx);
}

/* "service 'web'" or "container 'web'". */
static char *who(const struct cca_container *c)
{
	return cca_xasprintf("%s '%s'", cca_streq(c->source, "compose") ? "service" : "container",
			     c->name ? c->name : "?");
}

/* Where a finding about the whole container goes: its own key. */
static const char *whole(const struct cca_container *c)
{
	return c->key ? c->key : "";
}

static bool is_true(const struct cca_setting *s)
{
	return s->value && (strcasecmp(s->value, "true") == 0 || strcmp(s->value, "1") == 0 ||
			    strcasecmp(s->value, "yes") == 0);
}

/* A capability name without its CAP_ prefix. */
static const char *cap_name(const char *s)
{
	return strncasecmp(s, "CAP_", 4) == 0 ? s + 4 : s;
}

/* The security option named opt ("seccomp"), written opt=V or opt:V; its value or NULL. */
static const struct cca_setting *secopt(const struct cca_container *c, const char *opt,
					const char **value)
{
	size_t n = strlen(opt);

	for (size_t i = 0; i < c->nsecurity_opt; i++) {
		const char *s = c->security_opt[i].value;

		if (strncmp(s, opt, n) == 0 && (s[n] == '=' || s[n] == ':' || s[n] == '\0')) {
			*value = s[n] ? s + n + 1 : "";
			return &c->security_opt[i];
		}
	}
	*value = NULL;
	return NULL;
}

/* The report key of a setting, or the whole container when it is not given. */
static const char *key_or_whole(const struct cca_container *c, const struct cca_setting *s)
{
	return s->key ? s->key : whole(c);
}

/* ---- privileges ---------------------------------------------------------------- */

void cca_check_container_privileged(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	char *w;

	if (!is_true(&c->privileged))
		return;
	w = who(c);
	cca_check_report_key(ctx, CCA_FAIL, c->privileged.key,
			     "%s runs privileged: every capability, every device, no seccomp or "
			     "AppArmor confinement", w);
	free(w);
}

static bool root_user(const char *u)
{
	char *name = cca_xstrdup(u), *colon = strchr(name, ':');
	bool root;

	if (colon)
		*colon = '\0';
	root = strcmp(name, "root") == 0 || strcmp(name, "0") == 0;
	free(name);
	return root;
}

void cca_check_container_user(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	char *w = who(c);

	/* Passes are reported: other containers may be not applicable or unknown. */
	if (c->user.value && *c->user.value) {
		cca_check_report_key(ctx, root_user(c->user.value) ? CCA_FAIL : CCA_PASS, c->user.key,
				     "%s runs as user '%s'", w, c->user.value);
	} else if (c->build.value) {
		cca_check_report_key(ctx, CCA_NOTAPPLICABLE, c->build.key,
				     "%s sets no user; the image is built here, so the USER of "
				     "its Dockerfile applies (dockerfile.user-root judges it)", w);
	} else {
		cca_check_report_key(ctx, CCA_UNKNOWN, key_or_whole(c, &c->image),
				     "%s sets no user; the user of image '%s' applies, which is "
				     "not visible here", w, c->image.value ? c->image.value : "?");
	}
	free(w);
}

void cca_check_container_read_only(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	char *w;

	if (is_true(&c->read_only))
		return;
	w = who(c);
	cca_check_report_key(ctx, CCA_FAIL, key_or_whole(c, &c->read_only),
			     c->read_only.value ? "%s sets read_only to '%s': its root filesystem "
						  "is writable"
						: "%s has a writable root filesystem%s", w,
			     c->read_only.value ? c->read_only.value : " (read_only is not set)");
	free(w);
}

void cca_check_container_cap_drop(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	char *w;

	for (size_t i = 0; i < c->ncap_drop; i++)
		if (strcasecmp(cap_name(c->cap_drop[i].value), "ALL") == 0)
			return;
	w = who(c);
	if (c->ncap_drop)
		cca_check_report_key(ctx, CCA_FAIL, c->cap_drop[0].key,
				     "%s drops some capabilities but not ALL: the rest of the "
				     "engine's default set stays", w);
	else
		cca_check_report_key(ctx, CCA_FAIL, whole(c),
				     "%s keeps the engine's default capabilities (no cap_drop: ALL)",
				     w);
	free(w);
}

void cca_check_container_cap_add(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	const char *dangerous = cca_check_param(ctx, "dangerous");
	char *w = who(c);

	for (size_t i = 0; i < c->ncap_add; i++) {
		const char *cap = cap_name(c->cap_add[i].value);

		if (strcasecmp(cap, "ALL") == 0 || cca_word_in_list(cap, dangerous, true))
			cca_check_report_key(ctx, CCA_FAIL, c->cap_add[i].key,
					     "%s adds the capability %s", w, c->cap_add[i].value);
	}
	free(w);
}

void cca_check_container_no_new_privileges(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	const struct cca_setting *s;
	const char *v;
	char *w;

	s = secopt(c, "no-new-privileges", &v);
	if (s && (!*v || strcasecmp(v, "true") == 0))
		return;
	w = who(c);
	if (s)
		cca_check_report_key(ctx, CCA_FAIL, s->key,
				     "%s turns no-new-privileges off ('%s')", w, s->value);
	else
		cca_check_report_key(ctx, CCA_FAIL, whole(c),
				     "%s does not set no-new-privileges: setuid programs can gain "
				     "privileges", w);
	free(w);
}

void cca_check_container_seccomp(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	const struct cca_setting *s;
	const char *v;
	char *w = who(c);

	s = secopt(c, "seccomp", &v);
	if (s && strcmp(v, "unconfined") == 0)
		cca_check_report_key(ctx, CCA_FAIL, s->key, "%s runs without seccomp ('%s')", w,
				     s->value);
	else if (!s)
		cca_check_report_key(ctx, CCA_FAIL, whole(c),
				     "%s runs with the engine's default seccomp profile, not one "
				     "made for it", w);
	free(w);
}

void cca_check_container_apparmor(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	const struct cca_setting *s;
	const char *v;
	char *w = who(c);

	s = secopt(c, "apparmor", &v);
	if (s && strcmp(v, "unconfined") == 0)
		cca_check_report_key(ctx, CCA_FAIL, s->key, "%s runs without AppArmor ('%s')", w,
				     s->value);
	s = secopt(c, "label", &v);
	if (s && strcmp(v, "disable") == 0)
		cca_check_report_key(ctx, CCA_FAIL, s->key, "%s runs without SELinux labels ('%s')",
				     w, s->value);
	free(w);
}

/* ---- resources ----------------------------------------------------------------- */

/* Whether a limit is set to something other than unlimited (0, -1). */
static bool limited(const struct cca_setting *s)
{
	return s->value && *s->value && strcmp(s->value, "0") != 0 && strcmp(s->value, "-1") != 0;
}

void cca_check_container_pids_limit(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	char *w;

	if (limited(&c->pids_limit))
		return;
	w = who(c);
	cca_check_report_key(ctx, CCA_FAIL, key_or_whole(c, &c->pids_limit),
			     c->pids_limit.value ? "%s sets pids_limit '%s', which is unlimited"
						 : "%s has no pids limit%s", w,
			     c->pids_limit.value ? c->pids_limit.value : ": a fork bomb reaches the host");
	free(w);
}

void cca_check_container_resources(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	bool mem = limited(&c->memory), cpu = limited(&c->cpus);
	char *w;

	if (mem && cpu)
		return;
	w = who(c);
	cca_check_report_key(ctx, CCA_FAIL, whole(c), "%s has no %s limit", w,
			     !mem && !cpu ? "memory and no CPU" : !mem ? "memory" : "CPU");
	free(w);
}

/* ---- mounts ---------------------------------------------------------------------- */

/* A host path without trailing slashes (or "/"). */
static char *clean_path(const char *s)
{
	size_t n = strlen(s);

	while (n > 1 && s[n - 1] == '/')
		n--;
	return cca_xstrndup(s, n);
}

static bool is_bind(const struct cca_mount *m)
{
	return m->source && (cca_streq(m->type, "bind") || m->source[0] == '/');
}

void cca_check_container_docker_socket(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	const char *sockets = cca_check_param(ctx, "sockets");
	char *w = who(c);

	for (size_t i = 0; i < c->nmounts; i++) {
		const struct cca_mount *m = &c->mounts[i];
		char *src;

		if (!is_bind(m))
			continue;
		src = clean_path(m->source);
		if (cca_word_in_list(src, sockets, true))
			cca_check_report_key(ctx, CCA_FAIL, m->key,
					     "%s mounts the engine socket '%s'%s: it controls the host",
					     w, src, m->read_only ? " (read-only, which does not limit "
								    "the API)" : "");
		free(src);
	}
	free(w);
}

void cca_check_container_host_mounts(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	const char *paths = cca_check_param(ctx, "paths");
	const char *sockets = cca_check_param(ctx, "sockets");
	char *w = who(c);

	for (size_t i = 0; i < c->nmounts; i++) {
		const struct cca_mount *m = &c->mounts[i];
		char *src;
		bool hit = false;

		if (!is_bind(m))
			continue;
		src = clean_path(m->source);
		if (cca_word_in_list(src, sockets, true)) {   /* container.docker-socket reports it */
			free(src);
			continue;
		}
		if (cca_word_in_list(src, paths, true)) {
			hit = true;
		} else if (!m->read_only) {
			/* a writable path below a sensitive one */
			const char *path;
			size_t n;

			for (const char *p = paths; !hit && (path = cca_list_next(&p, &n));)
				hit = n > 1 && strncmp(src, path, n) == 0 && src[n] == '/';
		}
		if (hit)
			cca_check_report_key(ctx, CCA_FAIL, m->key,
					     "%s mounts the host path '%s' at '%s'%s", w, src,
					     m->target ? m->target : "?",
					     m->read_only ? " (read-only)" : " read-write");
		free(src);
	}
	free(w);
}

/* ---- namespaces and network ---------------------------------------------------------- */

void cca_check_container_host_namespaces(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	const struct { const struct cca_setting *s; const char *what; } ns[] = {
		{ &c->network_mode, "network" }, { &c->pid_mode, "process" },
		{ &c->ipc_mode, "IPC" }, { &c->uts_mode, "UTS" }, { &c->userns_mode, "user" },
	};
	char *w = who(c);

	for (size_t i = 0; i < CCA_ARRAY_SIZE(ns); i++)
		if (cca_streq(ns[i].s->value, "host"))
			cca_check_report_key(ctx, CCA_FAIL, ns[i].s->key,
					     "%s shares the host's %s namespace", w, ns[i].what);
	free(w);
}

static bool all_interfaces(const char *ip)
{
	return !ip || !*ip || strcmp(ip, "0.0.0.0") == 0 || strcmp(ip, "::") == 0 ||
	       strcmp(ip, "[::]") == 0;
}

static char *port_text(const struct cca_port *p)
{
	bool v6 = p->host_ip && strchr(p->host_ip, ':');

	return cca_xasprintf("%s%s%s%s%s%s%s/%s", v6 ? "[" : "",
			     p->host_ip && *p->host_ip ? p->host_ip : "", v6 ? "]" : "",
			     p->host_ip && *p->host_ip ? ":" : "",
			     p->host_port ? p->host_port : "", p->host_port ? ":" : "",
			     p->container_port ? p->container_port : "?",
			     p->protocol ? p->protocol : "tcp");
}

void cca_check_container_port_interface(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	char *w = who(c);

	for (size_t i = 0; i < c->nports; i++) {
		const struct cca_port *p = &c->ports[i];
		char *t;

		if (!all_interfaces(p->host_ip))
			continue;
		t = port_text(p);
		cca_check_report_key(ctx, CCA_FAIL, p->key,
				     "%s publishes '%s' on every host interface", w, t);
		free(t);
	}
	free(w);
}

void cca_check_container_published_ports(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	char *w = who(c);

	for (size_t i = 0; i < c->nports; i++) {
		char *t = port_text(&c->ports[i]);

		cca_check_report_key(ctx, CCA_INFORMATIONAL, c->ports[i].key, "%s publishes '%s'",
				     w, t);
		free(t);
	}
	free(w);
}

/* ---- lifecycle ---------------------------------------------------------------------- */

void cca_check_container_restart(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	const char *r = c->restart.value;
	char *w;

	if (r && strncmp(r, "on-failure", 10) == 0 && (!r[10] || r[10] == ':'))
		return;
	w = who(c);
	if (!r || strcmp(r, "no") == 0)
		cca_check_report_key(ctx, CCA_FAIL, key_or_whole(c, &c->restart),
				     "%s is not restarted when it fails (restart: %s)", w,
				     r ? r : "not set");
	else
		cca_check_report_key(ctx, CCA_FAIL, c->restart.key,
				     "%s restarts with policy '%s', not on-failure with a bounded "
				     "retry count", w, r);
	free(w);
}

void cca_check_container_healthcheck(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	char *w;

	w = who(c);
	if (c->has_healthcheck && cca_streq(c->health_status.value, "unhealthy"))
		/* A running container: its check runs, and fails. */
		cca_check_report_key(ctx, CCA_FAIL, c->health_status.key,
				     "%s has a health check, and it reports the container unhealthy",
				     w);
	else if (c->has_healthcheck)
		cca_check_report_key(ctx, CCA_PASS, key_or_whole(c, &c->healthcheck),
				     "%s has a health check%s%s%s", w,
				     c->health_status.value ? " (state: " : "",
				     c->health_status.value ? c->health_status.value : "",
				     c->health_status.value ? ")" : "");
	else if (c->healthcheck.value)
		cca_check_report_key(ctx, CCA_FAIL, c->healthcheck.key,
				     "%s turns its health check off (%s)", w, c->healthcheck.value);
	else if (c->build.value)
		cca_check_report_key(ctx, CCA_NOTAPPLICABLE, c->build.key,
				     "%s declares no healthcheck; the image is built here, so the "
				     "HEALTHCHECK of its Dockerfile applies", w);
	else
		cca_check_report_key(ctx, CCA_FAIL, key_or_whole(c, &c->healthcheck),
				     "%s declares no healthcheck (a HEALTHCHECK of image '%s', if "
				     "any, is not visible here)", w, c->image.value ? c->image.value : "?");
	free(w);
}

void cca_check_container_logging(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	char *w;

	if (!cca_streq(c->logging_driver.value, "none"))
		return;
	w = who(c);
	cca_check_report_key(ctx, CCA_FAIL, c->logging_driver.key,
			     "%s discards its output (logging driver 'none')", w);
	free(w);
}

/* ---- secrets ------------------------------------------------------------------------- */

void cca_check_container_secret_env(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	char *w = who(c);

	for (size_t i = 0; i < c->nenv; i++)
		if (c->env[i].secret)
			cca_check_report_key(ctx, CCA_FAIL, c->env[i].key,
					     "%s gets a secret in the environment variable %s: '%s'",
					     w, c->env[i].name, c->env[i].value ? c->env[i].value : "");
	free(w);
}

/* ---- images ----------------------------------------------------------------------------- */

/* The tag of reference (NULL when none), and whether it has a digest. */
static char *image_tag(const char *ref, bool *digest)
{
	const char *at = strchr(ref, '@'), *end = at ? at : ref + strlen(ref);
	const char *slash = NULL, *colon = NULL;

	*digest = at && strncmp(at + 1, "sha256:", 7) == 0;
	for (const char *p = ref; p < end; p++) {
		if (*p == '/')
			slash = p;
		else if (*p == ':')
			colon = p;
	}
	if (colon && (!slash || colon > slash))
		return cca_xstrndup(colon + 1, (size_t)(end - colon - 1));
	return NULL;
}

/* NOTAPPLICABLE for an image built here; true when the check should go on. */
static bool pulled_image(struct cca_checkctx *ctx, const struct cca_container *c)
{
	char *w;

	if (c->image.value && *c->image.value && !c->build.value)
		return true;
	w = who(c);
	if (c->build.value)
		cca_check_report_key(ctx, CCA_NOTAPPLICABLE, c->build.key,
				     "%s builds its image from '%s'; the Dockerfile rules judge its "
				     "base images", w, c->build.value);
	else
		cca_check_report_key(ctx, CCA_UNKNOWN, whole(c), "%s names no image", w);
	free(w);
	return false;
}

void cca_check_container_image_latest(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	bool digest;
	char *tag, *w;

	if (!pulled_image(ctx, c))
		return;
	tag = image_tag(c->image.value, &digest);
	w = who(c);
	if (!digest && !tag)
		cca_check_report_key(ctx, CCA_FAIL, c->image.key,
				     "%s runs image '%s' without a tag, which means latest", w,
				     c->image.value);
	else if (!digest && strcmp(tag, "latest") == 0)
		cca_check_report_key(ctx, CCA_FAIL, c->image.key,
				     "%s runs image '%s' by the latest tag", w, c->image.value);
	else
		cca_check_report_key(ctx, CCA_PASS, c->image.key, "%s runs image '%s'", w,
				     c->image.value);
	free(tag);
	free(w);
}

void cca_check_container_image_digest(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	bool digest;
	char *tag, *w;

	if (!pulled_image(ctx, c))
		return;
	tag = image_tag(c->image.value, &digest);
	free(tag);
	w = who(c);
	cca_check_report_key(ctx, digest ? CCA_PASS : CCA_FAIL, c->image.key,
			     digest ? "%s runs image '%s'" : "%s runs image '%s', which is not "
			     "pinned by digest", w, c->image.value);
	free(w);
}

void cca_check_container_pull_policy(struct cca_checkctx *ctx)
{
	const struct cca_container *c = model(ctx);
	const char *p = c->pull_policy.value;
	char *w;

	if (p && (strcmp(p, "always") == 0 || strcmp(p, "daily") == 0 ||
		  strcmp(p, "weekly") == 0 || strncmp(p, "every_", 6) == 0 ||
		  strcmp(p, "build") == 0)) {
		w = who(c);
		cca_check_report_key(ctx, CCA_PASS, c->pull_policy.key, "%s pulls with policy '%s'",
				     w, p);
		free(w);
		return;
	}
	if (!p && c->build.value) {
		w = who(c);
		cca_check_report_key(ctx, CCA_NOTAPPLICABLE, c->build.key,
				     "%s builds its image here", w);
		free(w);
		return;
	}
	if (c->source && strcmp(c->source, "engine") == 0) {
		/* A running container's image was pulled already; how is decided
		 * where it is deployed (compose, the orchestrator). */
		w = who(c);
		cca_check_report_key(ctx, CCA_NOTAPPLICABLE, c->image.key,
				     "%s is running: its pull policy is set where it is deployed", w);
		free(w);
		return;
	}
	w = who(c);
	cca_check_report_key(ctx, CCA_FAIL, key_or_whole(c, &c->pull_policy),
			     "%s starts from a local copy of its image when there is one "
			     "(pull_policy: %s)", w, p ? p : "not set, which means missing");
	free(w);
}
