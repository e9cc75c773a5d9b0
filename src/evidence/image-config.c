/*
 * image-config.c - the image configuration: parse an OCI / Docker config
 * blob or `docker image inspect` / Engine API JSON into struct
 * cca_image_config (image.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "ccaudit/image.h"
#include "ccaudit/util.h"

void cca_image_config_release(struct cca_image_config *c)
{
	if (!c)
		return;
	free(c->id);
	free(c->user);
	for (size_t i = 0; i < c->nenv; i++)
		free(c->env[i]);
	free(c->env);
	for (size_t i = 0; i < c->nentrypoint; i++)
		free(c->entrypoint[i]);
	free(c->entrypoint);
	for (size_t i = 0; i < c->ncmd; i++)
		free(c->cmd[i]);
	free(c->cmd);
	for (size_t i = 0; i < c->nhealthcheck; i++)
		free(c->healthcheck[i]);
	free(c->healthcheck);
	for (size_t i = 0; i < c->nports; i++)
		free(c->ports[i]);
	free(c->ports);
	for (size_t i = 0; i < c->nvolumes; i++)
		free(c->volumes[i]);
	free(c->volumes);
	for (size_t i = 0; i < c->nlabels; i++) {
		free(c->labels[i].key);
		free(c->labels[i].value);
	}
	free(c->labels);
	free(c->workdir);
	free(c->created);
	free(c->os);
	free(c->architecture);
	free(c->variant);
	for (size_t i = 0; i < c->nhistory; i++) {
		free(c->history[i].created);
		free(c->history[i].created_by);
	}
	free(c->history);
	memset(c, 0, sizeof *c);
	c->created_days = INT64_MIN;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_label(const void *a, const void *b)
{
	return strcmp(((const struct cca_image_label *)a)->key,
		      ((const struct cca_image_label *)b)->key);
}

/* A string member, copied (NULL when absent or null); -1 on a wrong type. */
static int get_str(json_t *obj, const char *key, char **out, const char *where,
		   struct cca_error *err)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return cca_error_set(err, CCA_EINPUT, "%s: '%s' must be a string", where, key);
	*out = cca_xstrdup(json_string_value(v));
	return 0;
}

/* A string array member (a single string counts as one element). */
static int get_strv(json_t *obj, const char *key, char ***out, size_t *n,
		    const char *where, struct cca_error *err)
{
	json_t *v = json_object_get(obj, key), *e;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		*out = cca_xmalloc(sizeof **out);
		(*out)[(*n)++] = cca_xstrdup(json_string_value(v));
		return 0;
	}
	if (!json_is_array(v))
		return cca_error_set(err, CCA_EINPUT, "%s: '%s' must be an array of strings",
				     where, key);
	*out = cca_xcalloc(json_array_size(v) + 1, sizeof **out);
	json_array_foreach(v, i, e) {
		if (!json_is_string(e))
			return cca_error_set(err, CCA_EINPUT,
					     "%s: '%s' must be an array of strings", where, key);
		(*out)[(*n)++] = cca_xstrdup(json_string_value(e));
	}
	return 0;
}

/* The keys of an object member ({"8080/tcp": {}}), sorted. */
static int get_keys(json_t *obj, const char *key, char ***out, size_t *n,
		    const char *where, struct cca_error *err)
{
	json_t *v = json_object_get(obj, key), *e;
	const char *k;

	*out = NULL;
	*n = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return cca_error_set(err, CCA_EINPUT, "%s: '%s' must be an object", where, key);
	*out = cca_xcalloc(json_object_size(v) + 1, sizeof **out);
	json_object_foreach(v, k, e)
		(*out)[(*n)++] = cca_xstrdup(k);
	if (*n)
		qsort(*out, *n, sizeof **out, cmp_str);
	return 0;
}

/* Days since 1970 of an RFC 3339 time ("2024-05-01T10:00:00.123Z"). */
static int64_t rfc3339_days(const char *s)
{
	char d[11];
	int64_t days;

	if (!s || strlen(s) < 10)
		return INT64_MIN;
	memcpy(d, s, 10);
	d[10] = '\0';
	return cca_date_parse(d, &days) == 0 ? days : INT64_MIN;
}

static int parse_inner(json_t *cfg, struct cca_image_config *c, const char *where,
		       struct cca_error *err)
{
	json_t *hc, *labels, *v;
	const char *k;

	if (!cfg || json_is_null(cfg))
		return 0;
	if (!json_is_object(cfg))
		return cca_error_set(err, CCA_EINPUT, "%s: 'config' must be an object", where);
	if (get_str(cfg, "User", &c->user, where, err) < 0 ||
	    get_strv(cfg, "Env", &c->env, &c->nenv, where, err) < 0 ||
	    get_strv(cfg, "Entrypoint", &c->entrypoint, &c->nentrypoint, where, err) < 0 ||
	    get_strv(cfg, "Cmd", &c->cmd, &c->ncmd, where, err) < 0 ||
	    get_keys(cfg, "ExposedPorts", &c->ports, &c->nports, where, err) < 0 ||
	    get_keys(cfg, "Volumes", &c->volumes, &c->nvolumes, where, err) < 0 ||
	    get_str(cfg, "WorkingDir", &c->workdir, where, err) < 0)
		return -1;
	hc = json_object_get(cfg, "Healthcheck");
	if (hc && !json_is_null(hc)) {
		if (!json_is_object(hc))
			return cca_error_set(err, CCA_EINPUT, "%s: 'Healthcheck' must be an object",
					     where);
		c->has_healthcheck = true;
		if (get_strv(hc, "Test", &c->healthcheck, &c->nhealthcheck, where, err) < 0)
			return -1;
	}
	labels = json_object_get(cfg, "Labels");
	if (labels && !json_is_null(labels)) {
		if (!json_is_object(labels))
			return cca_error_set(err, CCA_EINPUT, "%s: 'Labels' must be an object", where);
		c->labels = cca_xcalloc(json_object_size(labels) + 1, sizeof *c->labels);
		json_object_foreach(labels, k, v) {
			if (!json_is_string(v))
				return cca_error_set(err, CCA_EINPUT,
						     "%s: label '%s' must be a string", where, k);
			c->labels[c->nlabels].key = cca_xstrdup(k);
			c->labels[c->nlabels++].value = cca_xstrdup(json_string_value(v));
		}
		if (c->nlabels)
			qsort(c->labels, c->nlabels, sizeof *c->labels, cmp_label);
	}
	return 0;
}

static int parse_history(json_t *h, struct cca_image_config *c, const char *where,
			 struct cca_error *err)
{
	json_t *e;
	size_t i;

	if (!h || json_is_null(h))
		return 0;
	if (!json_is_array(h))
		return cca_error_set(err, CCA_EINPUT, "%s: 'history' must be an array", where);
	c->history = cca_xcalloc(json_array_size(h) + 1, sizeof *c->history);
	json_array_foreach(h, i, e) {
		struct cca_image_history *hi = &c->history[c->nhistory];
		json_t *empty;

		if (!json_is_object(e))
			return cca_error_set(err, CCA_EINPUT,
					     "%s: history entry %zu must be an object", where, i + 1);
		c->nhistory++;
		if (get_str(e, "created", &hi->created, where, err) < 0 ||
		    get_str(e, "created_by", &hi->created_by, where, err) < 0)
			return -1;
		empty = json_object_get(e, "empty_layer");
		if (empty && !json_is_boolean(empty) && !json_is_null(empty))
			return cca_error_set(err, CCA_EINPUT,
					     "%s: 'empty_layer' must be true or false", where);
		hi->empty_layer = json_is_true(empty);
	}
	return 0;
}

int cca_image_config_parse(const char *text, size_t len, const char *name,
			   struct cca_image_config *c, struct cca_error *err)
{
	json_error_t je;
	json_t *root, *obj;
	int rc = -1;

	memset(c, 0, sizeof *c);
	c->created_days = INT64_MIN;
	if (len > CCA_IMAGE_MAX_JSON_BYTES)
		return cca_error_set(err, CCA_ETOOBIG, "%s: larger than %u bytes", name,
				     CCA_IMAGE_MAX_JSON_BYTES);
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return cca_error_set(err, CCA_EINPUT, "%s:%d: invalid JSON: %s", name,
				     je.line, je.text);
	obj = root;
	if (json_is_array(root)) {
		if (json_array_size(root) != 1) {
			cca_error_set(err, CCA_EINPUT,
				      "%s: an inspect array must hold exactly one image, not %zu",
				      name, json_array_size(root));
			goto out;
		}
		obj = json_array_get(root, 0);
	}
	if (!json_is_object(obj)) {
		cca_error_set(err, CCA_EINPUT, "%s: an image configuration must be an object", name);
		goto out;
	}
	if (json_object_get(obj, "Config") || json_object_get(obj, "Id")) {
		/* inspect / Engine API */
		if (get_str(obj, "Id", &c->id, name, err) < 0 ||
		    get_str(obj, "Created", &c->created, name, err) < 0 ||
		    get_str(obj, "Os", &c->os, name, err) < 0 ||
		    get_str(obj, "Architecture", &c->architecture, name, err) < 0 ||
		    get_str(obj, "Variant", &c->variant, name, err) < 0 ||
		    parse_inner(json_object_get(obj, "Config"), c, name, err) < 0)
			goto out;
	} else {
		if (!json_object_get(obj, "rootfs") && !json_object_get(obj, "config") &&
		    !json_object_get(obj, "architecture")) {
			cca_error_set(err, CCA_EINPUT,
				      "%s: neither an image configuration nor inspect output", name);
			goto out;
		}
		if (get_str(obj, "created", &c->created, name, err) < 0 ||
		    get_str(obj, "os", &c->os, name, err) < 0 ||
		    get_str(obj, "architecture", &c->architecture, name, err) < 0 ||
		    get_str(obj, "variant", &c->variant, name, err) < 0 ||
		    parse_inner(json_object_get(obj, "config"), c, name, err) < 0 ||
		    parse_history(json_object_get(obj, "history"), c, name, err) < 0)
			goto out;
	}
	c->created_days = rfc3339_days(c->created);
	rc = 0;
out:
	json_decref(root);
	if (rc < 0)
		cca_image_config_release(c);
	return rc;
}
