/*
 * collectors.c - the table of evidence collectors: which inputs ccaudit
 * reads, how discovery recognises them by file name, and the `audit`
 * option that names one.  A new kind of evidence adds its row here.
 */
#include <string.h>

#include "ccaudit/ci.h"
#include "ccaudit/compose.h"
#include "ccaudit/client.h"
#include "ccaudit/daemon.h"
#include "ccaudit/evidence.h"
#include "ccaudit/policy.h"
#include "ccaudit/registry.h"
#include "ccaudit/runtime.h"
#include "ccaudit/vuln.h"
#include "ccaudit/image.h"
#include "ccaudit/util.h"

static void collect_dockerfile(struct cca_evidence *ev, const char *path,
			       const struct cca_collect_opts *o)
{
	cca_evidence_add_dockerfile(ev, path, o->stage);
}

static void collect_compose(struct cca_evidence *ev, const char *path,
			    const struct cca_collect_opts *o)
{
	cca_compose_collect_found(ev, path, o->env_file);
}

static void collect_compose_all(struct cca_evidence *ev, const char *const *paths, size_t n,
				const struct cca_collect_opts *o)
{
	cca_compose_collect(ev, paths, n, o->env_file);
}

/* Reports discovery reads: trivy-report.json, grype-report.json, *.trivy.json, *.grype.json. */
static bool vuln_report_name(const char *name)
{
	size_t n = strlen(name);

	return strcmp(name, "trivy-report.json") == 0 || strcmp(name, "grype-report.json") == 0 ||
	       (n > 11 && (strcmp(name + n - 11, ".trivy.json") == 0 ||
			   strcmp(name + n - 11, ".grype.json") == 0));
}

static void collect_vuln(struct cca_evidence *ev, const char *path,
			 const struct cca_collect_opts *o)
{
	(void)o;
	cca_vuln_collect(ev, path);
}

/* Add the images at path: one item per image (per platform of an index). */
static void add_images(struct cca_evidence *ev, const char *path,
		       const struct cca_collect_opts *o)
{
	struct cca_image_opts io = { o->platform, o->trust_data, o->progress, o->progress_arg };
	struct cca_image_result *v;
	struct cca_error err;
	size_t n;

	if (cca_image_read(path, &io, &v, &n, &err) < 0) {
		struct cca_evidence_new_item in = { .kind = CCA_KIND_IMAGE, .path = path,
						    .error = err.msg };

		cca_evidence_add(ev, &in);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *ref = v[i].image->ref;
		char *name = ref ? cca_xstrdup(ref) : v[i].name ? cca_xstrdup(v[i].name) : NULL;
		struct cca_evidence_new_item in = { CCA_KIND_IMAGE, path, name, NULL, 0, v[i].error,
						    v[i].image, (void (*)(void *))cca_image_free,
						    NULL };

		cca_evidence_add(ev, &in);
		v[i].image = NULL;
		for (size_t k = 0; k < v[i].nwarnings; k++)
			cca_evidence_warn(ev, "%s", v[i].warnings[k]);
		free(name);
	}
	cca_image_results_free(v, n);
}

static void collect_image(struct cca_evidence *ev, const char *path,
			  const struct cca_collect_opts *o)
{
	add_images(ev, path, o);
}

/*
 * Discovery: a file named *.tar that holds a docker-archive or an OCI
 * layout (by content; other tarballs are left alone), and a directory
 * holding an oci-layout file (the file is found, its directory is read).
 */
static bool is_image_name(const char *name)
{
	size_t n = strlen(name);

	return strcmp(name, "oci-layout") == 0 || (n > 4 && strcmp(name + n - 4, ".tar") == 0);
}

static void discover_image(struct cca_evidence *ev, const char *path,
			   const struct cca_collect_opts *o)
{
	const char *base = strrchr(path, '/');

	if (strcmp(base ? base + 1 : path, "oci-layout") == 0) {
		char *dir = base ? cca_xstrndup(path, (size_t)(base - path)) : cca_xstrdup(".");

		add_images(ev, dir, o);
		free(dir);
	} else if (cca_image_sniff(path)) {
		add_images(ev, path, o);
	}
}

static void collect_daemon_json(struct cca_evidence *ev, const char *path,
				const struct cca_collect_opts *o)
{
	(void)o;
	cca_evidence_add_daemon_json(ev, path);
}

static void collect_dockerd_unit(struct cca_evidence *ev, const char *path,
				 const struct cca_collect_opts *o)
{
	(void)o;
	cca_evidence_add_dockerd_unit(ev, path);
}

static void collect_client_config(struct cca_evidence *ev, const char *path,
				  const struct cca_collect_opts *o)
{
	(void)o;
	cca_evidence_add_client_config(ev, path);
}

static void collect_ci_file(struct cca_evidence *ev, const char *path,
			    const struct cca_collect_opts *o)
{
	(void)o;
	cca_evidence_add_ci_file(ev, path);
}

static const struct cca_collector collectors[] = {
	{ .kind = CCA_KIND_DOCKERFILE, .option = "dockerfile",
	  .help = "a Dockerfile, whatever its name",
	  .matches = cca_evidence_is_dockerfile_name, .collect = collect_dockerfile },
	/* host and runtime: daemon configuration, client configuration, CI files */
	{ .kind = CCA_KIND_DAEMON, .option = "daemon-config",
	  .help = "a dockerd configuration file (daemon.json)",
	  .matches = cca_daemon_json_name, .collect = collect_daemon_json },
	{ .kind = CCA_KIND_DAEMON, .option = "dockerd-unit",
	  .help = "a systemd unit or drop-in whose ExecStart runs dockerd",
	  .collect = collect_dockerd_unit, .matches_path = cca_dockerd_unit_path },
	{ .kind = CCA_KIND_CLIENT, .option = "docker-config",
	  .help = "a Docker client configuration (config.json; found in .docker/)",
	  .collect = collect_client_config, .matches_path = cca_client_config_path },
	{ .kind = CCA_KIND_CI, .option = "ci-file",
	  .help = "a CI file or build script (workflow, GitLab CI, Jenkinsfile, Makefile, *.sh)",
	  .matches = cca_ci_name, .collect = collect_ci_file, .matches_path = cca_ci_path },
	/* distribution and deployment: compose, registry configuration, signature
	   policy, vulnerability reports */
	{ .kind = CCA_KIND_CONTAINER, .option = "compose",
	  .help = "a compose file; several apply as overrides, in order",
	  .matches = cca_compose_is_name, .collect = collect_compose,
	  .collect_all = collect_compose_all },
	{ .kind = CCA_KIND_REGISTRY_CONFIG, .option = "registry-config",
	  .help = "a Distribution registry config.yml",
	  .matches = cca_registry_config_name, .collect = cca_collect_registry_config },
	{ .kind = CCA_KIND_REGISTRY_CONFIG,
	  .collect = cca_collect_registry_config_found,
	  .matches_path = cca_registry_config_path },
	{ .kind = CCA_KIND_HARBOR_CONFIG, .option = "harbor-config",
	  .help = "a Harbor harbor.yml",
	  .matches = cca_harbor_config_name, .collect = cca_collect_harbor_config },
	{ .kind = CCA_KIND_REGISTRY_ENDPOINT, .option = "registry",
	  .help = "probe a live registry: GET /v2/ without credentials",
	  .collect = cca_collect_registry_endpoint, .arg = "URL" },
	{ .kind = CCA_KIND_VULN, .option = "vuln-report",
	  .help = "a Trivy or Grype JSON vulnerability report",
	  .matches = vuln_report_name, .collect = collect_vuln },
	{ .kind = CCA_KIND_POLICY, .option = "policy",
	  .help = "a containers signature policy (policy.json)",
	  .collect = cca_collect_policy, .matches_path = cca_policy_path },
	/* images */
	{ .kind = CCA_KIND_IMAGE, .option = "image",
	  .help = "an image: docker save or OCI tar, OCI layout directory, or inspect JSON",
	  .collect = collect_image },
	{ .kind = CCA_KIND_IMAGE, .matches = is_image_name, .collect = discover_image },
};

#define NCOLLECTORS (sizeof collectors / sizeof collectors[0])

size_t cca_collector_count(void)
{
	return NCOLLECTORS;
}

const struct cca_collector *cca_collector_at(size_t i)
{
	return i < NCOLLECTORS ? &collectors[i] : NULL;
}

const struct cca_collector *cca_collector_by_option(const char *option)
{
	for (size_t i = 0; i < NCOLLECTORS; i++)
		if (collectors[i].option && strcmp(collectors[i].option, option) == 0)
			return &collectors[i];
	return NULL;
}

const struct cca_collector *cca_collector_by_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	const struct cca_collector *c = cca_collector_by_name(slash ? slash + 1 : path);

	for (size_t i = 0; !c && i < NCOLLECTORS; i++)
		if (collectors[i].matches_path && collectors[i].matches_path(path))
			c = &collectors[i];
	return c;
}

const struct cca_collector *cca_collector_by_name(const char *name)
{
	for (size_t i = 0; i < NCOLLECTORS; i++)
		if (collectors[i].matches && collectors[i].matches(name))
			return &collectors[i];
	return NULL;
}
