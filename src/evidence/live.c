/*
 * live.c - the live Docker Engine collector: a small Engine API client over
 * a unix socket (libcurl, loaded on first use), and the mapping of each container's inspect
 * document to struct cca_container.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ccaudit/daemon.h"
#include "ccaudit/image.h"
#include "ccaudit/live.h"
#include "ccaudit/netlib.h"
#include "ccaudit/runtime.h"
#include "ccaudit/secrets.h"
#include "ccaudit/util.h"

/* ---- the client ------------------------------------------------------------ */

/* libcurl, loaded by cca_evidence_add_engine() before any request (netlib.h). */
static const struct cca_curl *C;

struct response {
	struct cca_buf body;
	bool too_big;
	char api_version[32];     /* the Api-Version header, "" when absent */
};

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
	struct response *r = arg;

	if (r->body.len + size * n > CCA_LIVE_MAX_BYTES) {
		r->too_big = true;
		return 0;             /* aborts the transfer */
	}
	cca_buf_add(&r->body, data, size * n);
	return size * n;
}

static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
	struct response *r = arg;
	size_t len = size * n;
	static const char name[] = "api-version:";

	if (len > sizeof name - 1 && strncasecmp(data, name, sizeof name - 1) == 0) {
		const char *v = data + sizeof name - 1;
		size_t k = 0;

		while (v < data + len && (*v == ' ' || *v == '\t'))
			v++;
		while (v + k < data + len && k < sizeof r->api_version - 1 &&
		       !strchr("\r\n", v[k]))
			k++;
		memcpy(r->api_version, v, k);
		r->api_version[k] = '\0';
	}
	return len;
}

/*
 * GET path from the engine at sock into r.  Fails (CCA_EIO, naming the
 * socket) when the engine cannot be reached, times out, answers more than
 * CCA_LIVE_MAX_BYTES, or answers with a status other than 200 (its error
 * message quoted).
 */
static long timeout_ms = CCA_LIVE_TIMEOUT_MS;

void cca_live_set_timeout(unsigned seconds)
{
	timeout_ms = seconds ? (long)seconds * 1000 : CCA_LIVE_TIMEOUT_MS;
}

static int get(const char *sock, const char *path, struct response *r, struct cca_error *err)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	char *url = cca_xasprintf("http://localhost%s", path);
	CURL *h = C->easy_init();
	long status = 0, oserr = 0;
	CURLcode rc;

	cca_buf_init(&r->body);
	r->too_big = false;
	r->api_version[0] = '\0';
	if (!h) {
		free(url);
		return cca_error_set(err, CCA_ENOMEM, "cannot start an HTTP client");
	}
	C->easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, sock);
	C->easy_setopt(h, CURLOPT_URL, url);
	C->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http");
	C->easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	C->easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)CCA_LIVE_CONNECT_MS);
	C->easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
	C->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	C->easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	C->easy_setopt(h, CURLOPT_WRITEDATA, r);
	C->easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	C->easy_setopt(h, CURLOPT_HEADERDATA, r);
	C->easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	C->easy_setopt(h, CURLOPT_USERAGENT, "ccaudit");
	rc = C->easy_perform(h);
	C->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	C->easy_getinfo(h, CURLINFO_OS_ERRNO, &oserr);
	C->easy_cleanup(h);
	free(url);
	if (r->too_big)
		return cca_error_set(err, CCA_EIO, "docker engine at '%s': GET %s answered more "
				     "than %u bytes", sock, path, CCA_LIVE_MAX_BYTES);
	if (rc == CURLE_COULDNT_CONNECT)
		return cca_error_set(err, CCA_EIO, "cannot connect to the docker engine at '%s': %s",
				     sock, oserr ? strerror((int)oserr) : "connection failed");
	if (rc == CURLE_OPERATION_TIMEDOUT)
		return cca_error_set(err, CCA_EIO, "docker engine at '%s': GET %s got no answer "
				     "within %ld s", sock, path, timeout_ms / 1000);
	if (rc != CURLE_OK)
		return cca_error_set(err, CCA_EIO, "docker engine at '%s': GET %s: %s", sock, path,
				     errbuf[0] ? errbuf : C->easy_strerror(rc));
	if (status != 200) {
		json_t *doc = json_loadb(r->body.data ? r->body.data : "", r->body.len, 0, NULL);
		const char *msg = json_string_value(json_object_get(doc, "message"));
		char *safe = cca_utf8_repair(msg ? msg : "");

		cca_error_set(err, CCA_EIO, "docker engine at '%s': GET %s answered %ld%s%.200s",
			      sock, path, status, *safe ? ": " : "", safe);
		free(safe);
		json_decref(doc);
		return -1;
	}
	return 0;
}

/* GET path as a JSON document of type type (JSON_OBJECT or JSON_ARRAY). */
static int get_json(const char *sock, const char *path, json_type type, json_t **out,
		    char *api_version, struct cca_error *err)
{
	struct response r;
	json_error_t je;
	int rc = -1;

	*out = NULL;
	if (get(sock, path, &r, err) < 0)
		goto out;
	*out = json_loadb(r.body.data ? r.body.data : "", r.body.len, JSON_REJECT_DUPLICATES, &je);
	if (!*out) {
		cca_error_set(err, CCA_EIO, "docker engine at '%s': GET %s: not JSON (line %d: %s)",
			      sock, path, je.line, je.text);
		goto out;
	}
	if (json_typeof(*out) != type) {
		cca_error_set(err, CCA_EIO, "docker engine at '%s': GET %s: not a JSON %s", sock,
			      path, type == JSON_OBJECT ? "object" : "array");
		json_decref(*out);
		*out = NULL;
		goto out;
	}
	if (api_version)
		snprintf(api_version, 32, "%s", r.api_version);
	rc = 0;
out:
	cca_buf_release(&r.body);
	return rc;
}

/* Compare two API versions "1.41" numerically: <0, 0, >0. */
static int api_cmp(const char *a, const char *b)
{
	unsigned long a1 = strtoul(a, NULL, 10), b1 = strtoul(b, NULL, 10);
	const char *ad = strchr(a, '.'), *bd = strchr(b, '.');
	unsigned long a2 = ad ? strtoul(ad + 1, NULL, 10) : 0, b2 = bd ? strtoul(bd + 1, NULL, 10) : 0;

	if (a1 != b1)
		return a1 < b1 ? -1 : 1;
	return a2 < b2 ? -1 : a2 > b2;
}

char *cca_live_socket(const char *host, struct cca_error *err)
{
	const char *h = host ? host : getenv("DOCKER_HOST");

	if (!h || !*h)
		h = "unix:///var/run/docker.sock";
	if (cca_starts_with(h, "unix://") && h[7])
		return cca_xstrdup(h + 7);
	if (h[0] == '/')
		return cca_xstrdup(h);
	cca_error_set(err, CCA_EUSAGE, "docker host '%s': only unix:// sockets can be asked "
		      "(a tcp:// engine needs client certificates ccaudit does not handle)", h);
	return NULL;
}

/* ---- containers --------------------------------------------------------------- */

/* A container's model with everything its strings point into. */
struct live_container {
	struct cca_container c;
	json_t *doc;              /* the inspect document */
	struct cca_strpool strings;  /* strings made here (numbers, joined values) */
	struct cca_setting *cap_add, *cap_drop, *security_opt;
	struct cca_mount *mounts;
	struct cca_port *ports;
	struct cca_pair *env;
};

static void live_container_free(void *p)
{
	struct live_container *lc = p;

	if (!lc)
		return;
	cca_strpool_release(&lc->strings);
	free(lc->cap_add);
	free(lc->cap_drop);
	free(lc->security_opt);
	free(lc->mounts);
	free(lc->ports);
	free(lc->env);
	json_decref(lc->doc);
	free(lc);
}

/* Keep s (a new string) for the model's lifetime; returns it. */
static const char *keep(struct live_container *lc, char *s)
{
	return cca_strpool_keep(&lc->strings, s);
}

/* The member at a dotted path ("HostConfig.RestartPolicy.Name"), or NULL. */
static json_t *at(json_t *doc, const char *path)
{
	char *copy = cca_xstrdup(path), *save = NULL;
	json_t *v = doc;

	for (char *k = strtok_r(copy, ".", &save); k && v; k = strtok_r(NULL, ".", &save))
		v = json_object_get(v, k);
	free(copy);
	return v;
}

/*
 * The setting at path as text: strings as they are, booleans as "true" or
 * "false", numbers in decimal; absent (NULL value) when missing or null,
 * and for numbers equal to unset (0 or -1 mean "no limit" in the API).
 */
static struct cca_setting setting(struct live_container *lc, const char *path, bool zero_unset)
{
	json_t *v = at(lc->doc, path);
	struct cca_setting s = { NULL, path };

	if (json_is_string(v) && *json_string_value(v))
		s.value = json_string_value(v);
	else if (json_is_boolean(v))
		s.value = json_is_true(v) ? "true" : "false";
	else if (json_is_integer(v) && !(zero_unset && json_integer_value(v) <= 0))
		s.value = keep(lc, cca_xasprintf("%lld", (long long)json_integer_value(v)));
	if (!s.value)
		s.key = NULL;
	return s;
}

/* A string array at path as settings keyed "path[i]". */
static struct cca_setting *settings(struct live_container *lc, const char *path, size_t *n)
{
	json_t *v = at(lc->doc, path), *e;
	struct cca_setting *out = NULL;
	size_t i;

	*n = 0;
	if (!json_is_array(v) || !json_array_size(v))
		return NULL;
	out = cca_xcalloc(json_array_size(v), sizeof *out);
	json_array_foreach(v, i, e) {
		if (!json_is_string(e))
			continue;
		out[*n].value = json_string_value(e);
		out[*n].key = keep(lc, cca_xasprintf("%s[%zu]", path, i));
		(*n)++;
	}
	return out;
}

static void map_mounts(struct live_container *lc)
{
	json_t *v = json_object_get(lc->doc, "Mounts"), *m;
	size_t i;

	if (!json_is_array(v) || !json_array_size(v))
		return;
	lc->mounts = cca_xcalloc(json_array_size(v), sizeof *lc->mounts);
	json_array_foreach(v, i, m) {
		struct cca_mount *d = &lc->mounts[lc->c.nmounts];

		if (!json_is_object(m))
			continue;
		d->type = json_string_value(json_object_get(m, "Type"));
		d->source = json_string_value(json_object_get(m, "Source"));
		d->target = json_string_value(json_object_get(m, "Destination"));
		d->read_only = json_is_false(json_object_get(m, "RW"));
		d->key = keep(lc, cca_xasprintf("Mounts[%zu]", i));
		lc->c.nmounts++;
	}
	lc->c.mounts = lc->mounts;
}

static void map_ports(struct live_container *lc)
{
	json_t *v = at(lc->doc, "HostConfig.PortBindings"), *list, *b;
	const char *port;
	size_t n = 0, i;

	if (!json_is_object(v))
		return;
	json_object_foreach(v, port, list)
		n += json_is_array(list) ? json_array_size(list) : 0;
	if (!n)
		return;
	lc->ports = cca_xcalloc(n, sizeof *lc->ports);
	json_object_foreach(v, port, list) {
		const char *slash = strchr(port, '/');

		if (!json_is_array(list))
			continue;
		json_array_foreach(list, i, b) {
			struct cca_port *p = &lc->ports[lc->c.nports++];

			p->host_ip = json_string_value(json_object_get(b, "HostIp"));
			p->host_port = json_string_value(json_object_get(b, "HostPort"));
			p->container_port = slash ? keep(lc, cca_xstrndup(port, (size_t)(slash - port)))
						  : port;
			p->protocol = slash ? slash + 1 : "tcp";
			p->key = keep(lc, cca_xasprintf("HostConfig.PortBindings.%s[%zu]", port, i));
		}
	}
	lc->c.ports = lc->ports;
}

/* Config.Env, with secret-looking values masked. */
static void map_env(struct live_container *lc)
{
	json_t *v = at(lc->doc, "Config.Env"), *e;
	size_t i;

	if (!json_is_array(v) || !json_array_size(v))
		return;
	lc->env = cca_xcalloc(json_array_size(v), sizeof *lc->env);
	json_array_foreach(v, i, e) {
		const char *s = json_string_value(e), *eq = s ? strchr(s, '=') : NULL;
		struct cca_pair *p = &lc->env[lc->c.nenv];
		struct cca_secret_hit hit;

		if (!eq)
			continue;
		p->name = keep(lc, cca_xstrndup(s, (size_t)(eq - s)));
		p->value = eq + 1;
		if ((cca_secret_name(p->name) && !cca_secret_placeholder(p->value)) ||
		    cca_secret_find(p->value, &hit)) {
			p->value = keep(lc, cca_mask_secret(p->value));
			p->secret = true;
		}
		p->key = keep(lc, cca_xasprintf("Config.Env[%zu]", i));
		lc->c.nenv++;
	}
	lc->c.env = lc->env;
}

/* Restart policy as compose writes it: "on-failure:5", "always", "no". */
static struct cca_setting restart_policy(struct live_container *lc)
{
	struct cca_setting s = setting(lc, "HostConfig.RestartPolicy.Name", false);
	json_t *max = at(lc->doc, "HostConfig.RestartPolicy.MaximumRetryCount");

	if (!s.value) {
		s.value = "no";
		s.key = "HostConfig.RestartPolicy.Name";
	} else if (strcmp(s.value, "on-failure") == 0 && json_integer_value(max) > 0) {
		s.value = keep(lc, cca_xasprintf("on-failure:%lld", (long long)json_integer_value(max)));
	}
	return s;
}

/* CPUs as a decimal: NanoCpus, else CpuQuota / CpuPeriod. */
static struct cca_setting cpus(struct live_container *lc)
{
	json_int_t nano = json_integer_value(at(lc->doc, "HostConfig.NanoCpus"));
	json_int_t quota = json_integer_value(at(lc->doc, "HostConfig.CpuQuota"));
	json_int_t period = json_integer_value(at(lc->doc, "HostConfig.CpuPeriod"));
	struct cca_setting s = { NULL, NULL };

	if (nano > 0) {
		s.value = keep(lc, cca_xasprintf("%.2f", (double)nano / 1e9));
		s.key = "HostConfig.NanoCpus";
	} else if (quota > 0) {
		s.value = keep(lc, cca_xasprintf("%.2f", (double)quota / (double)(period > 0 ? period : 100000)));
		s.key = "HostConfig.CpuQuota";
	}
	return s;
}

/* The model of one container from its inspect document (owned by the model). */
static struct live_container *map_container(json_t *doc)
{
	struct live_container *lc = cca_xcalloc(1, sizeof *lc);
	struct cca_container *c = &lc->c;
	const char *name = json_string_value(json_object_get(doc, "Name"));
	json_t *health = at(doc, "Config.Healthcheck.Test");

	lc->doc = doc;
	c->name = name ? (name[0] == '/' ? name + 1 : name) : "";
	c->source = "engine";
	c->key = "HostConfig";   /* where a setting that was not given would go */
	c->image = setting(lc, "Config.Image", false);
	c->user = setting(lc, "Config.User", false);
	c->privileged = setting(lc, "HostConfig.Privileged", false);
	c->read_only = setting(lc, "HostConfig.ReadonlyRootfs", false);
	c->cap_add = lc->cap_add = settings(lc, "HostConfig.CapAdd", &c->ncap_add);
	c->cap_drop = lc->cap_drop = settings(lc, "HostConfig.CapDrop", &c->ncap_drop);
	c->security_opt = lc->security_opt = settings(lc, "HostConfig.SecurityOpt", &c->nsecurity_opt);
	c->pids_limit = setting(lc, "HostConfig.PidsLimit", true);
	c->memory = setting(lc, "HostConfig.Memory", true);
	c->cpus = cpus(lc);
	c->network_mode = setting(lc, "HostConfig.NetworkMode", false);
	c->pid_mode = setting(lc, "HostConfig.PidMode", false);
	c->ipc_mode = setting(lc, "HostConfig.IpcMode", false);
	c->uts_mode = setting(lc, "HostConfig.UTSMode", false);
	c->userns_mode = setting(lc, "HostConfig.UsernsMode", false);
	c->restart = restart_policy(lc);
	c->logging_driver = setting(lc, "HostConfig.LogConfig.Type", false);
	map_mounts(lc);
	map_ports(lc);
	map_env(lc);
	/* The image's HEALTHCHECK is merged into Config.Healthcheck by the engine. */
	if (json_is_array(health) && json_array_size(health)) {
		const char *first = json_string_value(json_array_get(health, 0));

		c->has_healthcheck = !first || strcmp(first, "NONE") != 0;
		c->healthcheck.value = first && strcmp(first, "NONE") == 0 ? "NONE" : "declared";
		c->healthcheck.key = "Config.Healthcheck.Test";
	}
	c->health_status = setting(lc, "State.Health.Status", false);
	return lc;
}

/* ---- the collector -------------------------------------------------------------- */

static void engine_info_free(void *p)
{
	struct cca_engine_info *e = p;

	if (!e)
		return;
	free((char *)e->socket);
	json_decref(e->info);
	json_decref(e->version_doc);
	free(e);
}

/* The engine item, or an error item naming the socket; NULL on error. */
static struct cca_engine_info *ask_engine(struct cca_evidence *ev, const char *sock,
					  const char *where)
{
	struct cca_engine_info *e = cca_xcalloc(1, sizeof *e);
	struct cca_evidence_new_item in = { .kind = CCA_KIND_ENGINE, .path = where };
	struct cca_error err;
	char api[32] = "";

	e->socket = cca_xstrdup(sock);
	/* /_ping answers "OK", not JSON: any non-Docker server fails here or below. */
	{
		struct response r;

		if (get(sock, "/_ping", &r, &err) < 0) {
			cca_buf_release(&r.body);
			goto fail;
		}
		snprintf(api, sizeof api, "%s", r.api_version);
		cca_buf_release(&r.body);
		if (!api[0]) {
			cca_error_set(&err, CCA_EIO, "'%s' answers HTTP but is not a Docker Engine "
				      "(no Api-Version header)", sock);
			goto fail;
		}
	}
	if (api_cmp(api, CCA_LIVE_MIN_API) < 0) {
		cca_error_set(&err, CCA_EIO, "docker engine at '%s' speaks API %s; ccaudit reads "
			      "%s or later", sock, api, CCA_LIVE_MIN_API);
		goto fail;
	}
	if (get_json(sock, "/version", JSON_OBJECT, &e->version_doc, NULL, &err) < 0 ||
	    get_json(sock, "/info", JSON_OBJECT, &e->info, NULL, &err) < 0)
		goto fail;
	e->version = json_string_value(json_object_get(e->version_doc, "Version"));
	e->api_version = json_string_value(json_object_get(e->version_doc, "ApiVersion"));
	e->os = json_string_value(json_object_get(e->info, "OperatingSystem"));
	in.model = e;
	in.release = engine_info_free;
	{
		char *dump = json_dumps(e->info, JSON_SORT_KEYS | JSON_COMPACT);

		in.data = dump;
		in.len = dump ? strlen(dump) : 0;
		cca_evidence_add(ev, &in);
		free(dump);
	}
	return e;
fail:
	engine_info_free(e);
	in.error = err.msg;
	cca_evidence_add(ev, &in);
	return NULL;
}

/* The image ids the containers run, each once. */
struct image_ids {
	char **v;
	size_t n;
};

static void add_image_id(struct image_ids *ids, const char *id)
{
	if (!id || strncmp(id, "sha256:", 7) != 0 || strspn(id + 7, "0123456789abcdef") != 64 ||
	    id[71])
		return;
	for (size_t i = 0; i < ids->n; i++)
		if (strcmp(ids->v[i], id) == 0)
			return;
	ids->v = cca_xreallocarray(ids->v, ids->n + 1, sizeof *ids->v);
	ids->v[ids->n++] = cca_xstrdup(id);
}

/*
 * One image item per image the containers run, from its inspect document:
 * the configuration only (no layers), judged by the same image rules as an
 * image read from a file.
 */
static void ask_images(struct cca_evidence *ev, const char *sock, const char *where,
		       const struct image_ids *ids)
{
	for (size_t i = 0; i < ids->n; i++) {
		struct cca_evidence_new_item in = { .kind = CCA_KIND_IMAGE, .path = where };
		char *path = cca_xasprintf("/images/%s/json", ids->v[i]), *text = NULL;
		struct cca_image *img = cca_xcalloc(1, sizeof *img);
		struct cca_error err;
		json_t *doc = NULL, *tags, *t;
		size_t k;

		in.name = ids->v[i];
		if (get_json(sock, path, JSON_OBJECT, &doc, NULL, &err) < 0 ||
		    !(text = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT)) ||
		    cca_image_config_parse(text, strlen(text), path, &img->config, &err) < 0) {
			in.error = text || doc ? err.msg : "cannot encode the inspect document";
			cca_image_free(img);
		} else {
			img->ref = cca_xasprintf("image@%s", ids->v[i]);
			img->format = cca_xstrdup("inspect");
			tags = json_object_get(doc, "RepoTags");
			json_array_foreach(tags, k, t)
				if (json_is_string(t)) {
					img->tags = cca_xreallocarray(img->tags, img->ntags + 1,
								      sizeof *img->tags);
					img->tags[img->ntags++] = cca_xstrdup(json_string_value(t));
				}
			in.name = img->ref;
			in.model = img;
			in.release = (void (*)(void *))cca_image_free;
			in.data = text;
			in.len = strlen(text);
		}
		cca_evidence_add(ev, &in);
		free(text);
		json_decref(doc);
		free(path);
	}
}

/* One item per container: listed, then inspected one by one. */
static void ask_containers(struct cca_evidence *ev, const char *sock, const char *where,
			   struct image_ids *ids)
{
	struct cca_evidence_new_item in = { .kind = CCA_KIND_CONTAINER, .path = where };
	struct cca_error err;
	json_t *list = NULL, *c;
	size_t i;

	if (get_json(sock, "/containers/json?all=1", JSON_ARRAY, &list, NULL, &err) < 0) {
		in.error = err.msg;
		cca_evidence_add(ev, &in);
		return;
	}
	json_array_foreach(list, i, c) {
		const char *id = json_string_value(json_object_get(c, "Id"));
		char *path;
		json_t *doc;

		if (i == CCA_LIVE_MAX_CONTAINERS) {
			cca_evidence_warn(ev, "%s: only the first %u of %zu containers were inspected",
					  where, CCA_LIVE_MAX_CONTAINERS, json_array_size(list));
			break;
		}
		if (!id || strspn(id, "0123456789abcdef") != strlen(id))
			continue;   /* ids are hex; anything else would change the path */
		path = cca_xasprintf("/containers/%s/json", id);
		if (get_json(sock, path, JSON_OBJECT, &doc, NULL, &err) < 0) {
			in.name = id;
			in.error = err.msg;
			in.model = NULL;
			in.release = NULL;
			cca_evidence_add(ev, &in);
		} else {
			struct live_container *lc = map_container(doc);
			char *dump = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT);

			add_image_id(ids, json_string_value(json_object_get(doc, "Image")));
			in.name = lc->c.name;
			in.error = NULL;
			in.model = lc;
			in.release = live_container_free;
			in.data = dump;
			in.len = dump ? strlen(dump) : 0;
			cca_evidence_add(ev, &in);
			free(dump);
			in.data = NULL;
		}
		free(path);
	}
	json_decref(list);
}

void cca_evidence_add_engine(struct cca_evidence *ev, const char *host)
{
	struct cca_evidence_new_item in = { .kind = CCA_KIND_ENGINE };
	struct cca_engine_info *e;
	struct cca_error err;
	char *sock = cca_live_socket(host, &err), *where;

	if (!sock || !(C = cca_curl(&err))) {
		in.path = host ? host : "DOCKER_HOST";
		in.error = err.msg;
		cca_evidence_add(ev, &in);
		free(sock);
		return;
	}
	where = cca_xasprintf("unix://%s", sock);
	if ((e = ask_engine(ev, sock, where))) {
		struct image_ids ids = { NULL, 0 };

		cca_evidence_add_daemon_info(ev, where, e->info);
		ask_containers(ev, sock, where, &ids);
		ask_images(ev, sock, where, &ids);
		for (size_t i = 0; i < ids.n; i++)
			free(ids.v[i]);
		free(ids.v);
	}
	free(where);
	free(sock);
}
