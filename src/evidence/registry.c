/*
 * registry.c - registry configuration as evidence: a Distribution
 * registry's config.yml and Harbor's harbor.yml, read with the one YAML
 * reader so every finding points at FILE:LINE of its key, plus what can be
 * observed around the file (the htpasswd file it names, a garbage
 * collection job beside it, the docker-compose.yml Harbor generates).
 * See registry.h.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ccaudit/evidence.h"
#include "ccaudit/registry.h"
#include "ccaudit/util.h"

#define GC_SCAN_MAX_FILES 200
#define GC_SCAN_MAX_BYTES (256u * 1024)
#define COMPOSE_MAX_BYTES (1u * 1024 * 1024)

void cca_registry_config_free(struct cca_registry_config *c)
{
	if (!c)
		return;
	json_decref(c->root);
	free((char *)c->htpasswd_path);
	free((char *)c->htpasswd_why);
	free((char *)c->gc_evidence);
	free((char *)c->compose_path);
	free(c);
}

static void release_config(void *model)
{
	cca_registry_config_free(model);
}

/* ---- reading --------------------------------------------------------------- */

struct reader {
	const char *path;
	const struct cca_linemap *lines;
	struct cca_error *err;
};

static int fail_at(const struct reader *rd, const char *ptr, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* An error "PATH:LINE: what" at the key ptr points to. */
static int fail_at(const struct reader *rd, const char *ptr, const char *fmt, ...)
{
	unsigned line = cca_linemap_line(rd->lines, ptr);
	struct cca_buf b;
	va_list ap;

	cca_buf_init(&b);
	va_start(ap, fmt);
	cca_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (line)
		cca_error_set(rd->err, CCA_EINPUT, "%s:%u: %s", rd->path, line, cca_buf_str(&b));
	else
		cca_error_set(rd->err, CCA_EINPUT, "%s: %s", rd->path, cca_buf_str(&b));
	cca_buf_release(&b);
	return -1;
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "a mapping";
	case JSON_ARRAY: return "a list";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "empty";
	}
	return "a value";
}

/* Section key of obj (at ptr) must be a mapping or empty when present. */
static int want_mapping(const struct reader *rd, const json_t *obj, const char *ptr,
			const char *key)
{
	const json_t *v = json_object_get(obj, key);
	char *p;
	int rc = 0;

	if (!v || json_is_object(v) || json_is_null(v))
		return 0;
	p = cca_xasprintf("%s/%s", ptr, key);
	rc = fail_at(rd, p, "'%s' must be a mapping, not %s", key, type_name(v));
	free(p);
	return rc;
}

/* key of obj (at ptr) must be a scalar (string, number, boolean) when present. */
static int want_scalar(const struct reader *rd, const json_t *obj, const char *ptr,
		       const char *key)
{
	const json_t *v = json_object_get(obj, key);
	char *p;
	int rc;

	if (!v || json_is_null(v) || !(json_is_object(v) || json_is_array(v)))
		return 0;
	p = cca_xasprintf("%s/%s", ptr, key);
	rc = fail_at(rd, p, "'%s' must be a single value, not %s", key, type_name(v));
	free(p);
	return rc;
}

static int check_loglevel(const struct reader *rd, const json_t *v, const char *ptr)
{
	static const char *const levels[] = { "error", "warn", "info", "debug", NULL };
	const char *s = json_string_value(v);

	if (!v || json_is_null(v))
		return 0;
	for (size_t i = 0; s && levels[i]; i++)
		if (strcmp(s, levels[i]) == 0)
			return 0;
	if (s)
		return fail_at(rd, ptr, "invalid log level '%.40s' (error, warn, info or debug)", s);
	return fail_at(rd, ptr, "the log level must be error, warn, info or debug, not %s",
		       type_name(v));
}

/* The storage keys that configure the registry rather than name a driver. */
static bool storage_option(const char *key)
{
	return strcmp(key, "maintenance") == 0 || strcmp(key, "cache") == 0 ||
	       strcmp(key, "delete") == 0 || strcmp(key, "redirect") == 0 ||
	       strcmp(key, "tag") == 0;
}

/* What Distribution's own parser refuses (configuration.Parse). */
static int validate_distribution(const struct reader *rd, const json_t *root)
{
	const json_t *v, *storage, *http, *log;
	const char *key;
	json_t *val;
	bool driver = false;

	v = json_object_get(root, "version");
	if (!v || json_is_null(v))
		return fail_at(rd, "", "not a Distribution registry configuration: "
			       "'version' is missing (the registry requires version: 0.1)");
	if (!(json_is_string(v) && strcmp(json_string_value(v), "0.1") == 0) &&
	    !(json_is_real(v) && json_real_value(v) == 0.1))
		return fail_at(rd, "/version", "unsupported configuration version (the registry "
			       "reads 0.1)");
	if (check_loglevel(rd, json_object_get(root, "loglevel"), "/loglevel") < 0)
		return -1;
	if (want_mapping(rd, root, "", "log") < 0)
		return -1;
	log = json_object_get(root, "log");
	if (json_is_object(log) &&
	    check_loglevel(rd, json_object_get(log, "level"), "/log/level") < 0)
		return -1;

	storage = json_object_get(root, "storage");
	if (!storage || json_is_null(storage))
		return fail_at(rd, "", "no storage configuration: 'storage' is missing");
	if (json_is_string(storage)) {
		driver = *json_string_value(storage) != '\0';
	} else if (json_is_object(storage)) {
		json_object_foreach((json_t *)storage, key, val)
			if (!storage_option(key))
				driver = true;
		if (want_mapping(rd, storage, "/storage", "delete") < 0 ||
		    want_mapping(rd, storage, "/storage", "maintenance") < 0)
			return -1;
	} else {
		return fail_at(rd, "/storage", "'storage' must be a driver name or a mapping, "
			       "not %s", type_name(storage));
	}
	if (!driver)
		return fail_at(rd, "/storage", "no storage driver is configured");

	if (want_mapping(rd, root, "", "http") < 0 || want_mapping(rd, root, "", "auth") < 0 ||
	    want_mapping(rd, root, "", "proxy") < 0 ||
	    want_mapping(rd, root, "", "notifications") < 0 ||
	    want_mapping(rd, root, "", "redis") < 0)
		return -1;
	http = json_object_get(root, "http");
	if (json_is_object(http) &&
	    (want_scalar(rd, http, "/http", "addr") < 0 ||
	     want_scalar(rd, http, "/http", "secret") < 0 ||
	     want_scalar(rd, http, "/http", "host") < 0 ||
	     want_mapping(rd, http, "/http", "tls") < 0 ||
	     want_mapping(rd, http, "/http", "debug") < 0))
		return -1;
	v = json_object_get(root, "proxy");
	if (json_is_object(v) && want_scalar(rd, v, "/proxy", "remoteurl") < 0)
		return -1;
	v = json_object_get(root, "notifications");
	if (json_is_object(v) && (v = json_object_get(v, "endpoints")) && !json_is_null(v) &&
	    !json_is_array(v))
		return fail_at(rd, "/notifications/endpoints", "'endpoints' must be a list, not %s",
			       type_name(v));
	return 0;
}

/* Parse data as YAML into a mapping; *root and *lines are new on success. */
static int parse_mapping(const char *path, const char *data, size_t len, json_t **root,
			 struct cca_linemap **lines, struct cca_error *err)
{
	if (cca_yaml_parse(path, data, len, root, lines, err) < 0)
		return -1;
	if (!json_is_object(*root)) {
		struct reader rd = { path, *lines, err };

		fail_at(&rd, "", "expected a mapping of settings, found %s", type_name(*root));
		json_decref(*root);
		cca_linemap_free(*lines);
		*root = NULL;
		*lines = NULL;
		return -1;
	}
	return 0;
}

int cca_registry_config_parse(const char *path, const char *data, size_t len,
			      struct cca_registry_config **out, struct cca_linemap **lines,
			      struct cca_error *err)
{
	struct cca_linemap *lm;
	json_t *root;
	struct reader rd = { path, NULL, err };

	*out = NULL;
	*lines = NULL;
	if (parse_mapping(path, data, len, &root, &lm, err) < 0)
		return -1;
	rd.lines = lm;
	if (validate_distribution(&rd, root) < 0) {
		json_decref(root);
		cca_linemap_free(lm);
		return -1;
	}
	*out = cca_xcalloc(1, sizeof **out);
	(*out)->root = root;
	*lines = lm;
	return 0;
}

int cca_harbor_config_parse(const char *path, const char *data, size_t len,
			    struct cca_registry_config **out, struct cca_linemap **lines,
			    struct cca_error *err)
{
	struct cca_linemap *lm;
	const json_t *db;
	json_t *root;
	struct reader rd = { path, NULL, err };
	int rc;

	*out = NULL;
	*lines = NULL;
	if (parse_mapping(path, data, len, &root, &lm, err) < 0)
		return -1;
	rd.lines = lm;
	if (!json_is_string(json_object_get(root, "hostname")))
		rc = fail_at(&rd, json_object_get(root, "hostname") ? "/hostname" : "",
			     "not a Harbor configuration: 'hostname' is missing or not a string");
	else
		rc = want_mapping(&rd, root, "", "https") < 0 ||
		     want_mapping(&rd, root, "", "http") < 0 ||
		     want_mapping(&rd, root, "", "database") < 0 ||
		     want_mapping(&rd, root, "", "trivy") < 0 ||
		     want_scalar(&rd, root, "", "harbor_admin_password") < 0 ||
		     want_scalar(&rd, root, "", "external_url") < 0 ? -1 : 0;
	db = json_object_get(root, "database");
	if (rc == 0 && json_is_object(db) && want_scalar(&rd, db, "/database", "password") < 0)
		rc = -1;
	if (rc < 0) {
		json_decref(root);
		cca_linemap_free(lm);
		return -1;
	}
	*out = cca_xcalloc(1, sizeof **out);
	(*out)->root = root;
	*lines = lm;
	return 0;
}

/* ---- what is around the file --------------------------------------------- */

/* The directory part of path ("." when it has none); a new string. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return cca_xstrdup(".");
	if (slash == path)
		return cca_xstrdup("/");
	return cca_xstrndup(path, (size_t)(slash - path));
}

/* Look at the htpasswd file the configuration names. */
static void observe_htpasswd(struct cca_registry_config *c, const char *cfg_path)
{
	const json_t *p = json_object_get(json_object_get(json_object_get(c->root, "auth"),
							  "htpasswd"), "path");
	const char *s = json_string_value(p);
	struct cca_error err;
	struct stat st;
	char *data, *dir;
	size_t len;

	if (!s || !*s)
		return;
	if (*s == '/') {
		c->htpasswd_path = cca_xstrdup(s);
	} else {
		dir = dir_of(cfg_path);
		c->htpasswd_path = cca_xasprintf("%s/%s", dir, s);
		free(dir);
	}
	if (stat(c->htpasswd_path, &st) < 0) {
		c->htpasswd_state = errno == ENOENT || errno == ENOTDIR ? CCA_PATH_ABSENT
									  : CCA_PATH_UNREADABLE;
		c->htpasswd_why = cca_xstrdup(strerror(errno));
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		c->htpasswd_state = CCA_PATH_DIRECTORY;
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		c->htpasswd_state = CCA_PATH_OTHER;
		return;
	}
	if (cca_file_read(c->htpasswd_path, CCA_HTPASSWD_MAX_BYTES, &data, &len, &err) < 0) {
		c->htpasswd_state = CCA_PATH_UNREADABLE;
		c->htpasswd_why = cca_xstrdup(err.msg);
		return;
	}
	c->htpasswd_state = CCA_PATH_FILE;
	for (char *line = data, *next; line && *line; line = next) {
		char *colon, *end = strchr(line, '\n');

		next = end ? end + 1 : NULL;
		if (end)
			*end = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		if (!*line || *line == '#' || !(colon = strchr(line, ':')) || colon == line)
			continue;
		c->htpasswd_entries++;
		if (strncmp(colon + 1, "$2a$", 4) == 0 || strncmp(colon + 1, "$2b$", 4) == 0 ||
		    strncmp(colon + 1, "$2y$", 4) == 0)
			c->htpasswd_bcrypt++;
	}
	free(data);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Look beside the configuration for a job that runs garbage collection: the
 * first line, in name order, of a regular file of the same directory that
 * mentions "garbage-collect" (a crontab, a systemd service, a script).
 */
static void observe_gc(struct cca_registry_config *c, const char *cfg_path)
{
	char *dir = dir_of(cfg_path), **names = NULL;
	const char *base = strrchr(cfg_path, '/');
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	base = base ? base + 1 : cfg_path;
	while (d && (e = readdir(d)) && n < GC_SCAN_MAX_FILES) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, base) == 0)
			continue;
		names = cca_xreallocarray(names, n + 1, sizeof *names);
		names[n++] = cca_xstrdup(e->d_name);
	}
	if (d)
		closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		char *p = strcmp(dir, ".") == 0 && cfg_path[0] != '.'
			  ? cca_xstrdup(names[i]) : cca_xasprintf("%s/%s", dir, names[i]);
		struct cca_error err;
		struct stat st;
		char *data, *hit;
		size_t len;

		if (!c->gc_evidence && lstat(p, &st) == 0 && S_ISREG(st.st_mode) &&
		    cca_file_read(p, GC_SCAN_MAX_BYTES, &data, &len, &err) == 0) {
			if (strlen(data) == len && (hit = strstr(data, "garbage-collect")))
				c->gc_evidence = cca_xasprintf("%s:%u", p,
							       cca_line_of(data, (size_t)(hit - data)));
			free(data);
		}
		free(p);
		free(names[i]);
	}
	free(names);
	free(dir);
}

/* Look for the docker-compose.yml Harbor's installer writes beside harbor.yml. */
static void observe_harbor_compose(struct cca_registry_config *c, const char *cfg_path)
{
	char *dir = dir_of(cfg_path), *p = cca_xasprintf("%s/docker-compose.yml", dir);
	struct cca_error err;
	char *data;
	size_t len;

	if (cca_file_read(p, COMPOSE_MAX_BYTES, &data, &len, &err) == 0) {
		c->compose_path = p;
		c->compose_has_trivy = strlen(data) == len && strstr(data, "trivy-adapter");
		free(data);
	} else {
		free(p);
	}
	free(dir);
}

/* ---- collectors ----------------------------------------------------------- */

bool cca_registry_config_name(const char *name)
{
	return strcasecmp(name, "registry.yml") == 0 || strcasecmp(name, "registry.yaml") == 0 ||
	       strcasecmp(name, "registry-config.yml") == 0 ||
	       strcasecmp(name, "registry-config.yaml") == 0;
}

/* config.yml in a directory called registry or docker-registry
   (/etc/docker/registry/config.yml, deploy/registry/config.yml) */
bool cca_registry_config_path(const char *path)
{
	const char *base = strrchr(path, '/'), *dir;
	size_t n;

	if (!base || (strcmp(base + 1, "config.yml") != 0 && strcmp(base + 1, "config.yaml") != 0))
		return false;
	for (dir = base; dir > path && dir[-1] != '/'; dir--)
		;
	n = (size_t)(base - dir);
	return (n == 8 && strncmp(dir, "registry", 8) == 0) ||
	       (n == 15 && strncmp(dir, "docker-registry", 15) == 0);
}

/* Whether a document found by its generic name config.yml is some other
   program's configuration (Verdaccio's, say): a mapping without the
   version key every Distribution configuration must have. */
static bool someone_elses(const char *path, const char *data, size_t len)
{
	struct cca_error err;
	json_t *root;
	bool other;

	if (cca_yaml_parse(path, data, len, &root, NULL, &err) < 0)
		return false;
	other = json_is_object(root) && !json_object_get(root, "version");
	json_decref(root);
	return other;
}

static void collect(struct cca_evidence *ev, const char *path, bool harbor, bool found)
{
	struct cca_evidence_new_item in = {
		harbor ? CCA_KIND_HARBOR_CONFIG : CCA_KIND_REGISTRY_CONFIG, path, NULL,
		NULL, 0, NULL, NULL, release_config, NULL
	};
	struct cca_registry_config *c = NULL;
	struct cca_error err;
	char *data = NULL;
	size_t len = 0;

	cca_error_clear(&err);
	if (cca_file_read(path, CCA_REGISTRY_CONFIG_MAX_BYTES, &data, &len, &err) == 0) {
		in.data = data;
		in.len = len;
		if (found && someone_elses(path, data, len))
			goto out;
		if ((harbor ? cca_harbor_config_parse : cca_registry_config_parse)(
			    path, data, len, &c, &in.lines, &err) == 0) {
			if (harbor) {
				observe_harbor_compose(c, path);
			} else {
				observe_htpasswd(c, path);
				observe_gc(c, path);
			}
		}
	}
	in.error = c ? NULL : err.msg;
	in.model = c;
	cca_evidence_add(ev, &in);
	if (in.error)
		cca_evidence_warn(ev, "%s", in.error);
out:
	free(data);
}

void cca_collect_registry_config(struct cca_evidence *ev, const char *path,
				 const struct cca_collect_opts *o)
{
	(void)o;
	collect(ev, path, false, false);
}

void cca_collect_registry_config_found(struct cca_evidence *ev, const char *path,
				       const struct cca_collect_opts *o)
{
	(void)o;
	collect(ev, path, false, true);
}

bool cca_harbor_config_name(const char *name)
{
	return strcasecmp(name, "harbor.yml") == 0 || strcasecmp(name, "harbor.yaml") == 0;
}

void cca_collect_harbor_config(struct cca_evidence *ev, const char *path,
			       const struct cca_collect_opts *o)
{
	(void)o;
	collect(ev, path, true, false);
}
