/*
 * collectors.c - the table of evidence collectors: which inputs ccaudit
 * reads, how discovery recognises them by file name, and the `audit`
 * option that names one.  A new kind of evidence adds its row here.
 */
#include <string.h>

#include "ccaudit/evidence.h"
#include "ccaudit/registry.h"

static void collect_dockerfile(struct cca_evidence *ev, const char *path,
			       const struct cca_collect_opts *o)
{
	cca_evidence_add_dockerfile(ev, path, o->stage);
}

static const struct cca_collector collectors[] = {
	{ CCA_KIND_DOCKERFILE, "dockerfile",
	  "a Dockerfile, whatever its name",
	  cca_evidence_is_dockerfile_name, collect_dockerfile, NULL, NULL },
	/* host and runtime: daemon configuration, client configuration, CI files */
	/* distribution and deployment: compose, registry configuration, signature
	   policy, vulnerability reports */
	{ CCA_KIND_REGISTRY_CONFIG, "registry-config",
	  "a Distribution registry config.yml",
	  cca_registry_config_name, cca_collect_registry_config, NULL, NULL },
	{ CCA_KIND_REGISTRY_CONFIG, NULL, NULL,
	  NULL, cca_collect_registry_config_found, cca_registry_config_path, NULL },
	{ CCA_KIND_HARBOR_CONFIG, "harbor-config",
	  "a Harbor harbor.yml",
	  cca_harbor_config_name, cca_collect_harbor_config, NULL, NULL },
	{ CCA_KIND_REGISTRY_ENDPOINT, "registry",
	  "probe a live registry: GET /v2/ without credentials",
	  NULL, cca_collect_registry_endpoint, NULL, "URL" },
	/* images */
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
