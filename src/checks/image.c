/*
 * image.c - the checks of image evidence (what really runs): the image
 * configuration (user, health check, secrets in Env and history, ADD of
 * URLs, age), the final file inventory (setuid, world-writable, sudo,
 * passwordless accounts, secrets in files, remote access), the inspection
 * summary (layers, sizes, efficiency), package caches, build tools and
 * signatures.
 *
 * The configuration checks are cca_image_check_*() over a struct
 * cca_image_config, so that any evidence kind that knows an image
 * configuration (a live Engine's /images/{id}/json, say) reuses them.
 *
 * Locations: cca_check_report_key() with "/config/User", "/history/3",
 * "layer 2: /etc/shadow"; the item is named image@sha256:<config digest>.
 * Secrets are masked (cca_mask_secret) before they reach any message.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ccaudit/checks.h"
#include "ccaudit/evidence.h"
#include "ccaudit/image.h"
#include "ccaudit/secrets.h"
#include "ccaudit/util.h"

#define CCA_CHECK(sym, id, kind, summary) void cca_check_##sym(struct cca_checkctx *ctx);
#include "checks.def"
#undef CCA_CHECK

#define MAX_REPORTS 50   /* findings per check and image; the rest are counted */

static const struct cca_image *image_of(struct cca_checkctx *ctx)
{
	return cca_check_model(ctx);
}

/* For file checks: false (and notchecked) when only the configuration is known. */
static bool has_files(struct cca_checkctx *ctx, const struct cca_image *img)
{
	if (img->has_layers)
		return true;
	cca_check_report(ctx, CCA_NOTCHECKED, 0, "only the image configuration is known (%s "
			 "input); the files are not available", img->format ? img->format : "?");
	return false;
}

/* Whether word is one of the space-separated shell patterns of list. */
static bool in_patterns(const char *list, const char *word)
{
	char *copy, *save = NULL;
	bool hit = false;

	if (!list)
		return false;
	copy = cca_xstrdup(list);
	for (char *t = strtok_r(copy, " \t\n", &save); t && !hit; t = strtok_r(NULL, " \t\n", &save))
		hit = fnmatch(t, word, 0) == 0;
	free(copy);
	return hit;
}

static const char *base_of(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

/* ==== secrets (the shared recogniser, secrets.h) ================================ */

/* Check "NAME=VALUE"; report at key when secret. */
static bool report_secret_assign(struct cca_checkctx *ctx, const char *assign, const char *key,
				 const char *what)
{
	const char *eq = strchr(assign, '=');
	char *name, *masked;

	struct cca_secret_hit h;

	if (!eq || eq == assign)
		return false;
	name = cca_xstrndup(assign, (size_t)(eq - assign));
	if (!cca_secret_find(eq + 1, &h) &&
	    (!cca_secret_name(name) || cca_secret_placeholder(eq + 1))) {
		free(name);
		return false;
	}
	masked = cca_mask_secret(eq + 1);
	cca_check_report_key(ctx, CCA_FAIL, key, "%s %s holds a secret ('%s'); it is readable by "
			     "anyone who can pull the image", what, name, masked);
	free(name);
	free(masked);
	return true;
}

void cca_image_check_secret_config(struct cca_checkctx *ctx, const struct cca_image_config *c)
{
	for (size_t i = 0; i < c->nenv; i++) {
		const char *eq = strchr(c->env[i], '=');
		char *key = cca_xasprintf("/config/Env/%.*s", eq ? (int)(eq - c->env[i]) : 0,
					  c->env[i]);

		report_secret_assign(ctx, c->env[i], key, "environment variable");
		free(key);
	}
	for (size_t i = 0; i < c->nhistory; i++) {
		const char *cb = c->history[i].created_by;
		char *copy, *save = NULL, *key;

		if (!cb)
			continue;
		key = cca_xasprintf("/history/%zu", i + 1);
		copy = cca_xstrdup(cb);
		/* build arguments ("|2 A=1 B=2 /bin/sh -c ..."), ARG and ENV steps */
		for (char *t = strtok_r(copy, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save))
			if (strchr(t, '=') && isalpha((unsigned char)t[0]) &&
			    report_secret_assign(ctx, t, key, "build step: variable"))
				break;
		free(copy);
		free(key);
	}
}

/* ==== configuration checks ====================================================== */

bool cca_image_user_is_root(const char *user)
{
	size_t n;

	if (!user || !*user)
		return true;
	n = strcspn(user, ":");
	return (n == 4 && strncmp(user, "root", 4) == 0) || (n == 1 && user[0] == '0');
}

void cca_image_check_user(struct cca_checkctx *ctx, const struct cca_image_config *c)
{
	if (!c->user || !*c->user)
		cca_check_report_key(ctx, CCA_FAIL, "/config/User", "the image sets no user: its "
				     "containers run as root");
	else if (cca_image_user_is_root(c->user))
		cca_check_report_key(ctx, CCA_FAIL, "/config/User", "the image runs as '%s', which "
				     "is root", c->user);
}

void cca_image_check_healthcheck(struct cca_checkctx *ctx, const struct cca_image_config *c)
{
	if (!c->has_healthcheck || !c->nhealthcheck)
		cca_check_report_key(ctx, CCA_FAIL, "/config/Healthcheck", "the image declares no "
				     "health check");
	else if (strcmp(c->healthcheck[0], "NONE") == 0)
		cca_check_report_key(ctx, CCA_FAIL, "/config/Healthcheck", "the image disables "
				     "its health check (NONE)");
}

/* Whether a build step adds a remote URL without a checksum. */
static const char *add_url_of(const char *cb)
{
	const char *p = strstr(cb, "ADD ");

	if (!p || strstr(cb, "--checksum"))
		return NULL;
	for (p += 4; *p == ' '; p++)
		;
	while (*p == '-') {            /* flags */
		p += strcspn(p, " ");
		while (*p == ' ')
			p++;
	}
	if (!strncmp(p, "http://", 7) || !strncmp(p, "https://", 8) || !strncmp(p, "git@", 4))
		return p;
	return NULL;
}

void cca_image_check_add_url(struct cca_checkctx *ctx, const struct cca_image_config *c)
{
	for (size_t i = 0; i < c->nhistory; i++) {
		const char *cb = c->history[i].created_by, *u;
		char *key, *url;

		if (!cb || !(u = add_url_of(cb)))
			continue;
		url = cca_xstrndup(u, strcspn(u, " "));
		{	/* credentials in the URL are masked */
			char *at = strchr(url, '@'), *sch = strstr(url, "://");

			if (at && sch && at > sch) {
				char *cred = cca_xstrndup(sch + 3, (size_t)(at - sch - 3));
				char *m = cca_mask_secret(cred), *n;

				n = cca_xasprintf("%.*s%s%s", (int)(sch + 3 - url), url, m, at);
				free(cred);
				free(m);
				free(url);
				url = n;
			}
		}
		key = cca_xasprintf("/history/%zu", i + 1);
		cca_check_report_key(ctx, CCA_FAIL, key, "build step %zu adds the remote URL '%s' "
				     "without a checksum", i + 1, url);
		free(key);
		free(url);
	}
}

void cca_image_check_age(struct cca_checkctx *ctx, const struct cca_image_config *c)
{
	const char *p = cca_check_param(ctx, "max-days");
	long max = p ? strtol(p, NULL, 10) : 90;
	int64_t today = cca_days_of(cca_now());

	if (c->created_days == INT64_MIN) {
		cca_check_report_key(ctx, CCA_UNKNOWN, "/created", "the image does not say when it "
				     "was created");
		return;
	}
	if (today - c->created_days > max)
		cca_check_report_key(ctx, CCA_FAIL, "/created", "the image was created on %.10s, "
				     "%lld days ago (more than %ld)", c->created,
				     (long long)(today - c->created_days), max);
}

void cca_check_image_user_root(struct cca_checkctx *ctx)
{
	const struct cca_image *img = image_of(ctx);
	const struct cca_image_file *pw;
	const char *u = img->config.user;

	cca_image_check_user(ctx, &img->config);
	/* a user name that /etc/passwd maps to uid 0 */
	if (u && *u && !cca_image_user_is_root(u) && !isdigit((unsigned char)*u) &&
	    (pw = cca_image_find(img, "/etc/passwd")) && pw->data) {
		size_t n = strcspn(u, ":");

		for (const char *l = pw->data; l && *l;) {
			if (strncmp(l, u, n) == 0 && l[n] == ':') {
				const char *f = strchr(l + n + 1, ':');

				if (f && strncmp(f + 1, "0:", 2) == 0)
					cca_check_report_key(ctx, CCA_FAIL, "/config/User", "the image runs "
							     "as '%s', which /etc/passwd maps to uid 0", u);
				break;
			}
			l = strchr(l, '\n');
			l = l ? l + 1 : NULL;
		}
	}
}

void cca_check_image_healthcheck(struct cca_checkctx *ctx)
{
	cca_image_check_healthcheck(ctx, &image_of(ctx)->config);
}

void cca_check_image_add_url(struct cca_checkctx *ctx)
{
	cca_image_check_add_url(ctx, &image_of(ctx)->config);
}

void cca_check_image_age(struct cca_checkctx *ctx)
{
	cca_image_check_age(ctx, &image_of(ctx)->config);
}

/* ==== file checks ============================================================== */

/* Report "'PATH' what" at "layer N: PATH". */
static void report_file(struct cca_checkctx *ctx, enum cca_status st,
			const struct cca_image_file *f, const char *what)
{
	char *key = cca_xasprintf("layer %u: %s", f->layer, f->path);

	cca_check_report_key(ctx, st, key, "'%s' %s", f->path, what);
	free(key);
}

static void report_more(struct cca_checkctx *ctx, size_t more, const char *what)
{
	if (more)
		cca_check_report_key(ctx, CCA_FAIL, "", "%zu more %s not listed", more, what);
}

void cca_check_image_setuid(struct cca_checkctx *ctx)
{
	const struct cca_image *img = image_of(ctx);
	const char *allow = cca_check_param(ctx, "allow");
	size_t n = 0;

	if (!has_files(ctx, img))
		return;
	for (size_t i = 0; i < img->nfiles; i++) {
		const struct cca_image_file *f = &img->files[i];

		if ((f->type != CCA_IMG_FILE && f->type != CCA_IMG_HARDLINK) ||
		    !(f->mode & 06000) || in_patterns(allow, f->path))
			continue;
		if (n++ < MAX_REPORTS)
			report_file(ctx, CCA_FAIL, f, (f->mode & 06000) == 06000 ? "is setuid and setgid"
				    : (f->mode & 04000) ? "is setuid" : "is setgid");
	}
	report_more(ctx, n > MAX_REPORTS ? n - MAX_REPORTS : 0, "setuid or setgid files");
}

void cca_check_image_world_writable(struct cca_checkctx *ctx)
{
	const struct cca_image *img = image_of(ctx);
	const char *allow = cca_check_param(ctx, "paths");
	size_t n = 0;

	if (!has_files(ctx, img))
		return;
	for (size_t i = 0; i < img->nfiles; i++) {
		const struct cca_image_file *f = &img->files[i];
		char *under;
		bool ok;

		if (f->type == CCA_IMG_SYMLINK || f->type == CCA_IMG_CHAR ||
		    f->type == CCA_IMG_BLOCK || !(f->mode & 0002))
			continue;
		ok = in_patterns(allow, f->path);
		for (const char *s = strchr(f->path + 1, '/'); s && !ok; s = strchr(s + 1, '/')) {
			under = cca_xstrndup(f->path, (size_t)(s - f->path));
			ok = in_patterns(allow, under);
			free(under);
		}
		if (ok)
			continue;
		if (n++ < MAX_REPORTS) {
			char what[64];

			snprintf(what, sizeof what, "is writable by every user (%s%04o)",
				 f->type == CCA_IMG_DIR ? "directory, " : "", f->mode);
			report_file(ctx, CCA_FAIL, f, what);
		}
	}
	report_more(ctx, n > MAX_REPORTS ? n - MAX_REPORTS : 0, "world-writable paths");
}

static bool has_package(const struct cca_image *img, const char *name)
{
	for (size_t i = 0; i < img->npackages; i++)
		if (strcmp(img->packages[i].name, name) == 0)
			return true;
	return false;
}

/* Each line of the file at path (with content) as fields split on ':'. */
static void each_line(const struct cca_image_file *f,
		      void (*fn)(void *arg, const struct cca_image_file *f, char **fields,
				 size_t n, unsigned line), void *arg)
{
	char *copy, *save = NULL;
	unsigned line = 0;

	if (!f || !f->data)
		return;
	copy = cca_xstrndup(f->data, f->len);
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *fields[16];
		size_t n = 0;
		char *p = l;

		line++;
		if (*l == '#')
			continue;
		while (n < 16) {
			fields[n++] = p;
			p = strchr(p, ':');
			if (!p)
				break;
			*p++ = '\0';
		}
		fn(arg, f, fields, n, line);
	}
	free(copy);
}

static void group_members(void *arg, const struct cca_image_file *f, char **v, size_t n,
			  unsigned line)
{
	struct cca_checkctx *ctx = arg;

	(void)line;
	if (n >= 4 && (strcmp(v[0], "sudo") == 0 || strcmp(v[0], "wheel") == 0 ||
		       strcmp(v[0], "admin") == 0) && *v[3]) {
		char *key = cca_xasprintf("layer %u: %s: %s", f->layer, f->path, v[0]);

		cca_check_report_key(ctx, CCA_FAIL, key, "group '%s' has members (%s): they may "
				     "become root", v[0], v[3]);
		free(key);
	}
}

void cca_check_image_sudo(struct cca_checkctx *ctx)
{
	const struct cca_image *img = image_of(ctx);
	static const char *const bins[] = { "/usr/bin/sudo", "/bin/sudo", "/usr/sbin/sudo",
					    "/usr/bin/doas", NULL };

	if (!has_files(ctx, img))
		return;
	for (size_t i = 0; bins[i]; i++) {
		const struct cca_image_file *f = cca_image_find(img, bins[i]);

		if (f && f->type != CCA_IMG_DIR)
			report_file(ctx, CCA_FAIL, f, "is in the image");
	}
	if (has_package(img, "sudo") && !cca_image_find(img, "/usr/bin/sudo"))
		cca_check_report_key(ctx, CCA_FAIL, "/packages/sudo", "the sudo package is installed");
	each_line(cca_image_find(img, "/etc/group"), group_members, ctx);
}

static void empty_password(void *arg, const struct cca_image_file *f, char **v, size_t n,
			   unsigned line)
{
	struct cca_checkctx *ctx = arg;

	(void)line;
	if (n >= 2 && *v[0] && !*v[1]) {
		char *key = cca_xasprintf("layer %u: %s: %s", f->layer, f->path, v[0]);

		cca_check_report_key(ctx, CCA_FAIL, key, "account '%s' has an empty password: it "
				     "logs in without one", v[0]);
		free(key);
	}
}

void cca_check_image_empty_password(struct cca_checkctx *ctx)
{
	const struct cca_image *img = image_of(ctx);

	if (!has_files(ctx, img))
		return;
	each_line(cca_image_find(img, "/etc/shadow"), empty_password, ctx);
}

void cca_check_image_remote_access(struct cca_checkctx *ctx)
{
	const struct cca_image *img = image_of(ctx);
	const char *pkgs = cca_check_param(ctx, "packages");
	const char *files = cca_check_param(ctx, "files");

	if (!has_files(ctx, img))
		return;
	for (size_t i = 0; i < img->npackages; i++)
		if (in_patterns(pkgs, img->packages[i].name)) {
			char *key = cca_xasprintf("/packages/%s", img->packages[i].name);

			cca_check_report_key(ctx, CCA_FAIL, key, "remote access server package '%s' %s "
					     "is installed", img->packages[i].name,
					     img->packages[i].version);
			free(key);
		}
	for (size_t i = 0; i < img->nfiles; i++)
		if (img->files[i].type != CCA_IMG_DIR && in_patterns(files, img->files[i].path))
			report_file(ctx, CCA_FAIL, &img->files[i], "is a remote access server");
}

/* Whether path is a .git directory or inside one. */
static bool git_dir(const struct cca_image_file *f)
{
	return f->type == CCA_IMG_DIR && strcmp(base_of(f->path), ".git") == 0;
}

static bool docker_auth(const struct cca_image_file *f)
{
	return f->data && (strstr(f->data, "\"auth\"") || strstr(f->data, "\"identitytoken\""));
}

void cca_check_image_secret_file(struct cca_checkctx *ctx)
{
	const struct cca_image *img = image_of(ctx);
	const char *names = cca_check_param(ctx, "files");
	const char *ignore = cca_check_param(ctx, "ignore");
	size_t n = 0;

	if (!has_files(ctx, img))
		return;
	for (size_t i = 0; i < img->nfiles; i++) {
		const struct cca_image_file *f = &img->files[i];
		const char *b = base_of(f->path), *why = NULL;

		if (in_patterns(ignore, f->path))
			continue;
		if (git_dir(f))
			why = "is a Git repository (its history may hold secrets)";
		else if (f->type != CCA_IMG_FILE && f->type != CCA_IMG_HARDLINK)
			continue;
		else if (f->private_key)
			why = "holds a private key";
		else if (strstr(f->path, "/.docker/config.json"))
			why = docker_auth(f) ? "holds registry credentials" : NULL;
		else if (strstr(f->path, "/.aws/credentials"))
			why = "holds cloud credentials";
		else if (in_patterns(names, b) && f->size)
			why = "is a credential or history file";
		if (why && n++ < MAX_REPORTS)
			report_file(ctx, CCA_FAIL, f, why);
	}
	report_more(ctx, n > MAX_REPORTS ? n - MAX_REPORTS : 0, "secret files");
}

void cca_check_image_secret_config(struct cca_checkctx *ctx)
{
	cca_image_check_secret_config(ctx, &image_of(ctx)->config);
}

/* ==== inspection, caches, tools, signatures ====================================== */

void cca_check_image_inspection(struct cca_checkctx *ctx)
{
	const struct cca_image *img = image_of(ctx);
	const char *p = cca_check_param(ctx, "min-efficiency");
	double min = p ? strtod(p, NULL) : 0.9;
	char os[160] = "";

	if (!has_files(ctx, img))
		return;
	if (img->os_name || img->os_id)
		snprintf(os, sizeof os, "%s, ", img->os_name ? img->os_name : img->os_id);
	cca_check_report_key(ctx, img->efficiency < min ? CCA_FAIL : CCA_PASS, "/summary",
			     "%s%zu layers, %.1f MB stored, %.1f MB of files, %zu files, %zu "
			     "packages; efficiency %.1f%%%s, %.1f MB wasted", os, img->nlayers,
			     (double)img->size / 1e6, (double)img->content / 1e6, img->nfiles,
			     img->npackages, img->efficiency * 100,
			     img->efficiency < min ? " (below the minimum)" : "",
			     (double)img->wasted / 1e6);
}

void cca_check_image_package_cache(struct cca_checkctx *ctx)
{
	const struct cca_image *img = image_of(ctx);
	const char *paths = cca_check_param(ctx, "paths");
	char *copy, *save = NULL;

	if (!has_files(ctx, img) || !paths)
		return;
	copy = cca_xstrdup(paths);
	for (char *t = strtok_r(copy, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save)) {
		size_t n = 0;
		uint64_t bytes = 0;
		const struct cca_image_file *first = NULL;

		for (size_t i = 0; i < img->nfiles; i++) {
			const struct cca_image_file *f = &img->files[i];

			if (f->type != CCA_IMG_FILE || strcmp(base_of(f->path), "lock") == 0 ||
			    fnmatch(t, f->path, 0) != 0)
				continue;
			if (!first)
				first = f;
			n++;
			bytes += f->size;
		}
		if (n) {
			char *key = cca_xasprintf("layer %u: %s", first->layer, t);

			cca_check_report_key(ctx, CCA_FAIL, key, "a package cache is left in the image: "
					     "%zu files (%.1f MB) match '%s'", n, (double)bytes / 1e6, t);
			free(key);
		}
	}
	free(copy);
}

void cca_check_image_build_tools(struct cca_checkctx *ctx)
{
	const struct cca_image *img = image_of(ctx);
	const char *tools = cca_check_param(ctx, "tools");

	if (!has_files(ctx, img))
		return;
	for (size_t i = 0; i < img->nfiles; i++) {
		const struct cca_image_file *f = &img->files[i];

		if (f->type != CCA_IMG_DIR && in_patterns(tools, f->path))
			report_file(ctx, CCA_INFORMATIONAL, f, "is a compiler, build tool or "
				    "package manager");
	}
}

void cca_check_image_signature(struct cca_checkctx *ctx)
{
	const struct cca_image *img = image_of(ctx);

	if (img->trust_error) {
		cca_check_report_key(ctx, CCA_ERROR, "/signatures", "%s", img->trust_error);
		return;
	}
	if (!img->nsignatures) {
		cca_check_report_key(ctx, CCA_FAIL, "/signatures", "no signature names %s: no cosign "
				     "signature tag or signature referrer in the layout%s",
				     img->manifest_digest ? img->manifest_digest
				     : img->config.id ? img->config.id : "the image",
				     img->trust_given ? ", and the trust data names no signer for it"
				     : ", and no trust data given (--trust-data)");
		return;
	}
	for (size_t i = 0; i < img->nsignatures; i++)
		cca_check_report_key(ctx, CCA_PASS, "/signatures", "%s", img->signatures[i]);
}
