/*
 * ci.c - CI files and build scripts (ci.h): the docker commands they run,
 * DOCKER_CONTENT_TRUST and image scanners, each at its line.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ccaudit/ci.h"
#include "ccaudit/evidence.h"
#include "ccaudit/secrets.h"
#include "ccaudit/util.h"
#include "ccaudit/yaml.h"

struct ci {
	struct cca_ci pub;    /* first: the model handed out */
	struct cca_ci_cmd *cmds;
	struct cca_ci_mark *trust, *scanners;
	size_t cap_cmds, cap_trust, cap_scanners;
	struct cca_strpool strs;
};

static const char *keep(struct ci *c, char *s)
{
	return cca_strpool_keep(&c->strs, s);
}

void cca_ci_free(struct cca_ci *pub)
{
	struct ci *c = (struct ci *)pub;

	if (!c)
		return;
	cca_strpool_release(&c->strs);
	free(c->cmds);
	free(c->trust);
	free(c->scanners);
	free(c);
}

static void release(void *model)
{
	cca_ci_free(model);
}

static void add_cmd(struct ci *c, const struct cca_ci_cmd *cmd)
{
	if (c->pub.ncmds == c->cap_cmds) {
		c->cap_cmds = c->cap_cmds ? 2 * c->cap_cmds : 8;
		c->cmds = cca_xreallocarray(c->cmds, c->cap_cmds, sizeof *c->cmds);
	}
	c->cmds[c->pub.ncmds++] = *cmd;
	c->pub.cmds = c->cmds;
}

static void add_mark(struct ci *c, struct cca_ci_mark **v, size_t *n, size_t *cap,
		     unsigned line, const char *value)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 4;
		*v = cca_xreallocarray(*v, *cap, sizeof **v);
	}
	(*v)[*n].line = line;
	(*v)[(*n)++].value = keep(c, cca_xstrdup(value));
	c->pub.trust = c->trust;
	c->pub.scanners = c->scanners;
}

/* ---- words of a command ------------------------------------------------------------ */

#define MAX_WORDS 256

/* A word without the quotes, brackets and commas around it (a new string). */
static char *bare(const char *w, size_t n)
{
	while (n && strchr("\"'`([{,", *w)) {
		w++;
		n--;
	}
	while (n && strchr("\"'`)]},", w[n - 1]))
		n--;
	return cca_xstrndup(w, n);
}

/* Split one command (a segment of a logical line) into bare words. */
static size_t split_words(const char *s, size_t len, char **w)
{
	size_t n = 0, i = 0;

	while (i < len && n < MAX_WORDS) {
		size_t start;

		while (i < len && isspace((unsigned char)s[i]))
			i++;
		start = i;
		while (i < len && !isspace((unsigned char)s[i]))
			i++;
		if (i > start)
			w[n++] = bare(s + start, i - start);
	}
	return n;
}

static bool is_docker(const char *w)
{
	/* bare() took the closing bracket of $(DOCKER) and ${DOCKER} */
	return cca_streq(w, "docker") || cca_ends_with(w, "/docker") || cca_streq(w, "$(DOCKER") ||
	       cca_streq(w, "${DOCKER") || cca_streq(w, "$DOCKER");
}

/* Whether a value is given literally (no variable, no secret reference). */
static bool literal(const char *v)
{
	return *v && !strpbrk(v, "$%`{}") && !cca_secret_placeholder(v);
}

/* docker's global options that take a value. */
static bool global_with_value(const char *w)
{
	static const char *const opts[] = { "--config", "-c", "--context", "-H", "--host",
					    "-l", "--log-level", "--tlscacert", "--tlscert",
					    "--tlskey" };

	for (size_t i = 0; i < CCA_ARRAY_SIZE(opts); i++)
		if (cca_streq(w, opts[i]))
			return true;
	return false;
}

/* Read one command: the docker invocation in it, if any. */
static void command(struct ci *c, const char *s, size_t len, unsigned line)
{
	char *w[MAX_WORDS];
	size_t n = split_words(s, len, w), i = 0, sub;
	bool trust = false;
	struct cca_ci_cmd cmd = { 0 };

	/* VAR=value words before the program */
	for (; i < n && strchr(w[i], '=') && !cca_starts_with(w[i], "-"); i++)
		if (cca_starts_with(w[i], "DOCKER_CONTENT_TRUST=1"))
			trust = true;
	for (; i < n && !is_docker(w[i]); i++)
		if (cca_streq(w[i], "echo") || cca_streq(w[i], "printf") || w[i][0] == '#')
			goto out;   /* words about docker, not a docker command */
	if (i >= n)
		goto out;
	sub = i + 1;
	while (sub < n && w[sub][0] == '-')
		sub += global_with_value(w[sub]) && !strchr(w[sub], '=') ? 2 : 1;
	if (sub >= n)
		goto out;
	cmd.line = line;
	cmd.content_trust = trust;
	if (cca_streq(w[sub], "build") ||
	    ((cca_streq(w[sub], "image") || cca_streq(w[sub], "builder")) && sub + 1 < n &&
	     cca_streq(w[sub + 1], "build"))) {
		cmd.kind = CCA_CI_BUILD;
		cmd.what = cca_streq(w[sub], "build") ? "docker build" : "docker image build";
	} else if (cca_streq(w[sub], "buildx") && sub + 1 < n &&
		   (cca_streq(w[sub + 1], "build") || cca_streq(w[sub + 1], "b"))) {
		cmd.kind = CCA_CI_BUILD;
		cmd.what = "docker buildx build";
	} else if (cca_streq(w[sub], "pull") ||
		   (cca_streq(w[sub], "image") && sub + 1 < n && cca_streq(w[sub + 1], "pull"))) {
		cmd.kind = CCA_CI_PULL;
		cmd.what = "docker pull";
	} else if (cca_streq(w[sub], "push") ||
		   (cca_streq(w[sub], "image") && sub + 1 < n && cca_streq(w[sub + 1], "push"))) {
		cmd.kind = CCA_CI_PUSH;
		cmd.what = "docker push";
	} else if (cca_streq(w[sub], "login")) {
		cmd.kind = CCA_CI_LOGIN;
		cmd.what = "docker login";
	} else {
		goto out;
	}
	for (size_t k = sub + 1; k < n; k++) {
		const char *a = w[k], *pw = NULL;

		if (cmd.kind == CCA_CI_BUILD) {
			if (cca_streq(a, "--pull") || cca_streq(a, "--pull=true"))
				cmd.pull = true;
			else if (cca_streq(a, "--no-cache") || cca_streq(a, "--no-cache=true"))
				cmd.no_cache = true;
			else if (cca_streq(a, "--push") || cca_starts_with(a, "--output=type=registry") ||
				 cca_streq(a, "--push=true"))
				cmd.pushes = true;
		} else if (cmd.kind == CCA_CI_LOGIN) {
			if ((cca_streq(a, "-p") || cca_streq(a, "--password")) && k + 1 < n)
				pw = w[++k];
			else if (cca_starts_with(a, "--password="))
				pw = a + 11;
			else if (cca_starts_with(a, "-p") && a[2] && a[2] != '-')
				pw = a + 2;
			if (pw && literal(pw) && !cmd.password)
				cmd.password = keep(c, cca_mask_secret(pw));
		}
	}
	add_cmd(c, &cmd);
out:
	for (size_t k = 0; k < n; k++)
		free(w[k]);
}

/* The image scanners a line runs. */
static void scanners(struct ci *c, const char *s, unsigned line)
{
	static const struct {
		const char *needle, *name;
	} known[] = {
		{ "trivy ", "trivy" }, { "aquasecurity/trivy-action", "trivy" },
		{ "grype ", "grype" }, { "anchore/scan-action", "grype" },
		{ "docker scout ", "docker scout" }, { "docker/scout-action", "docker scout" },
		{ "snyk container ", "snyk container" }, { "snyk/actions/docker", "snyk container" },
		{ "clair-scanner ", "clair" },
	};
	char *padded = cca_xasprintf("%s ", s);

	for (size_t i = 0; i < CCA_ARRAY_SIZE(known); i++) {
		const char *p = strstr(padded, known[i].needle);

		/* a word of its own: not "mytrivy" nor a comment */
		if (p && (p == padded || !isalnum((unsigned char)p[-1])) &&
		    !(strchr(padded, '#') && strchr(padded, '#') < p)) {
			add_mark(c, &c->scanners, &c->pub.nscanners, &c->cap_scanners, line,
				 known[i].name);
			break;
		}
	}
	free(padded);
}

/* DOCKER_CONTENT_TRUST set outside a command (env blocks, export, ENV=). */
static void trust_setting(struct ci *c, const char *s, unsigned line)
{
	const char *p = strstr(s, "DOCKER_CONTENT_TRUST");
	char v[2] = "";

	if (!p || (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '_')))
		return;
	p += strlen("DOCKER_CONTENT_TRUST");
	if (*p == '_')
		return;         /* DOCKER_CONTENT_TRUST_SERVER ... */
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '=' && *p != ':')
		return;
	p++;
	while (*p == ' ' || *p == '\t' || *p == '"' || *p == '\'')
		p++;
	if (*p == '0') {
		add_mark(c, &c->trust, &c->pub.ntrust, &c->cap_trust, line, "0");
		return;
	}
	if (*p != '1' && !cca_starts_with(p, "true"))
		return;
	v[0] = '1';
	p += *p == '1' ? 1 : 4;
	while (*p == '"' || *p == '\'' || *p == ' ' || *p == '\t')
		p++;
	/* "DOCKER_CONTENT_TRUST=1 docker push": that command only (see command()) */
	if (*p && *p != ';' && *p != '#' && *p != '}' && *p != '&' && *p != ')')
		return;
	add_mark(c, &c->trust, &c->pub.ntrust, &c->cap_trust, line, v);
}

/* The segments of a logical line, split at ; && || | (outside nothing clever). */
static void segments(struct ci *c, const char *s, unsigned line)
{
	const char *start = s;

	for (const char *p = s;; p++) {
		if (!*p || *p == ';' || *p == '|' || (*p == '&' && p[1] == '&')) {
			command(c, start, (size_t)(p - start), line);
			if (!*p)
				break;
			if ((*p == '&' || *p == '|') && p[1] == *p)
				p++;
			start = p + 1;
		}
	}
}

/* ---- GitHub Actions steps -------------------------------------------------------------- */

static bool truthy(const json_t *v)
{
	return json_is_true(v) || (json_is_string(v) && cca_streq(json_string_value(v), "true"));
}

static void build_push_actions(struct ci *c, const json_t *root, const struct cca_linemap *lines)
{
	const char *job;
	json_t *j;

	json_object_foreach(json_object_get(root, "jobs"), job, j) {
		json_t *steps = json_object_get(j, "steps"), *st;
		size_t i;

		json_array_foreach(steps, i, st) {
			const char *uses = json_string_value(json_object_get(st, "uses"));
			json_t *with = json_object_get(st, "with");
			struct cca_ci_cmd cmd = { 0 };
			char *ptr;

			if (!uses || !cca_starts_with(uses, "docker/build-push-action"))
				continue;
			ptr = cca_xasprintf("/jobs/%s/steps/%zu/uses", job, i);
			cmd.kind = CCA_CI_BUILD_ACTION;
			cmd.what = "docker/build-push-action";
			cmd.line = cca_linemap_line(lines, ptr);
			cmd.pull = truthy(json_object_get(with, "pull"));
			cmd.no_cache = truthy(json_object_get(with, "no-cache"));
			cmd.pushes = truthy(json_object_get(with, "push"));
			add_cmd(c, &cmd);
			free(ptr);
		}
	}
}

/* ---- the file -------------------------------------------------------------------------- */

const char *cca_ci_flavour(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (strstr(path, ".github/workflows/") &&
	    (cca_ends_with(base, ".yml") || cca_ends_with(base, ".yaml")))
		return "github-actions";
	if (cca_streq(base, ".gitlab-ci.yml") || cca_streq(base, ".gitlab-ci.yaml"))
		return "gitlab-ci";
	if (cca_streq(base, "Jenkinsfile") || cca_ends_with(base, ".jenkinsfile") ||
	    cca_ends_with(base, ".groovy"))
		return "jenkinsfile";
	if (cca_streq(base, "Makefile") || cca_streq(base, "makefile") ||
	    cca_streq(base, "GNUmakefile") || cca_ends_with(base, ".mk"))
		return "makefile";
	if (cca_ends_with(base, ".yml") || cca_ends_with(base, ".yaml"))
		return "yaml";
	return "shell";
}

int cca_ci_parse(const char *name, const char *flavour, const char *data, size_t len,
		 struct cca_ci **out, struct cca_error *err)
{
	struct ci *c;
	struct cca_buf cur;
	size_t pos = 0;
	unsigned lineno = 0, first = 0;
	bool cont = false;
	const char *nul = memchr(data, '\0', len);

	*out = NULL;
	if (nul)
		return cca_error_set(err, CCA_EINPUT, "%s:%u: a NUL byte: not a text file", name,
				     cca_line_of(data, (size_t)(nul - data)));
	if (!cca_utf8_valid(data, len)) {
		unsigned line = 1;

		for (const char *p = data, *end = data + len; p < end; line++) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

			if (!cca_utf8_valid(p, l))
				break;
			p += l + 1;
		}
		return cca_error_set(err, CCA_EINPUT, "%s:%u: invalid UTF-8", name, line);
	}
	c = cca_xcalloc(1, sizeof *c);
	c->pub.path = keep(c, cca_xstrdup(name));
	c->pub.flavour = flavour;
	if (cca_streq(flavour, "github-actions") || cca_streq(flavour, "gitlab-ci") ||
	    cca_streq(flavour, "yaml")) {
		json_t *root = NULL;
		struct cca_linemap *lines = NULL;

		if (cca_yaml_parse(name, data, len, &root, &lines, err) < 0) {
			cca_ci_free(&c->pub);
			return -1;
		}
		if (cca_streq(flavour, "github-actions"))
			build_push_actions(c, root, lines);
		json_decref(root);
		cca_linemap_free(lines);
	}
	cca_buf_init(&cur);
	while (pos < len) {
		const char *s = data + pos, *nl = memchr(s, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - s) : len - pos;

		pos += l + (nl ? 1 : 0);
		lineno++;
		if (l && s[l - 1] == '\r')
			l--;
		if (!cont) {
			first = lineno;
			cca_buf_reset(&cur);
		}
		/* a shell (or Makefile, or Groovy string) continuation */
		if (l && s[l - 1] == '\\') {
			cca_buf_add(&cur, s, l - 1);
			cca_buf_putc(&cur, ' ');
			cont = true;
			continue;
		}
		cca_buf_add(&cur, s, l);
		cont = false;
		{
			const char *t = cca_buf_str(&cur);

			while (*t == ' ' || *t == '\t')
				t++;
			if (*t == '#' || cca_starts_with(t, "//"))
				continue;   /* a comment */
			trust_setting(c, t, first);
			scanners(c, t, first);
			segments(c, t, first);
		}
	}
	if (cont) {
		const char *t = cca_buf_str(&cur);

		trust_setting(c, t, first);
		scanners(c, t, first);
		segments(c, t, first);
	}
	cca_buf_release(&cur);
	*out = &c->pub;
	return 0;
}

/* ---- evidence ---------------------------------------------------------------------------- */

bool cca_ci_name(const char *name)
{
	return cca_streq(name, ".gitlab-ci.yml") || cca_streq(name, ".gitlab-ci.yaml") ||
	       cca_streq(name, "Jenkinsfile") || cca_streq(name, "Makefile") ||
	       cca_streq(name, "GNUmakefile") || cca_streq(name, "makefile") ||
	       (cca_ends_with(name, ".mk") && name[0] != '.') ||
	       (cca_ends_with(name, ".sh") && name[0] != '.');
}

bool cca_ci_path(const char *rel)
{
	const char *w = cca_starts_with(rel, ".github/workflows/") ? rel
			: strstr(rel, "/.github/workflows/");
	const char *base;

	if (!w)
		return false;
	base = strstr(w, "workflows/") + 10;
	return !strchr(base, '/') && *base != '.' &&
	       (cca_ends_with(base, ".yml") || cca_ends_with(base, ".yaml"));
}

void cca_evidence_add_ci_file(struct cca_evidence *ev, const char *path)
{
	struct cca_evidence_new_item in = { CCA_KIND_CI, path, NULL, NULL, 0, NULL, NULL,
					    release, NULL };
	struct cca_ci *c = NULL;
	struct cca_error err;
	char *data = NULL;
	size_t len = 0;

	if (cca_file_read(path, CCA_CI_MAX_BYTES, &data, &len, &err) < 0) {
		in.error = err.msg;
	} else {
		in.data = data;
		in.len = len;
		if (cca_ci_parse(path, cca_ci_flavour(path), data, len, &c, &err) < 0)
			in.error = err.msg;
		in.model = c;
	}
	cca_evidence_add(ev, &in);
	free(data);
}
