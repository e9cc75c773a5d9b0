/*
 * image-sbom.c - the package inventory of an image as CycloneDX 1.5 JSON,
 * for vulnerability scanners (`ccaudit sbom`).  Reproducible: the serial
 * number derives from the image digest, the timestamp is cca_now()
 * (SOURCE_DATE_EPOCH when set), components are sorted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "config.h"
#include "ccaudit/image.h"
#include "ccaudit/util.h"

/* Percent-encode s for a purl segment. */
static void purl_add(struct cca_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '-' || c == '_' || c == '~')
			cca_buf_putc(b, (char)c);
		else
			cca_buf_printf(b, "%%%02X", c);
	}
}

static char *purl_of(const struct cca_image *img, const struct cca_image_package *p)
{
	struct cca_buf b;
	const char *ns = img->os_id ? img->os_id : strcmp(p->type, "apk") == 0 ? "alpine" : "debian";

	cca_buf_init(&b);
	cca_buf_printf(&b, "pkg:%s/", p->type);
	purl_add(&b, ns);
	cca_buf_putc(&b, '/');
	purl_add(&b, p->name);
	cca_buf_putc(&b, '@');
	purl_add(&b, p->version);
	if (p->arch) {
		cca_buf_puts(&b, "?arch=");
		purl_add(&b, p->arch);
	}
	if (img->os_id && img->os_version) {
		cca_buf_puts(&b, p->arch ? "&distro=" : "?distro=");
		purl_add(&b, img->os_id);
		cca_buf_putc(&b, '-');
		purl_add(&b, img->os_version);
	}
	return cca_buf_detach(&b);
}

char *cca_image_sbom(const struct cca_image *img, const char *name)
{
	const char *id = img->manifest_digest ? img->manifest_digest
			 : img->config.id ? img->config.id : "sha256:0";
	char hex[65], uuid[37], ts[21], *out;
	json_t *root = json_object(), *meta = json_object(), *comps = json_array();
	json_t *tool, *subject, *props;

	cca_sha256_hex(id, strlen(id), hex);
	snprintf(uuid, sizeof uuid, "%.8s-%.4s-5%.3s-8%.3s-%.12s", hex, hex + 8, hex + 12,
		 hex + 16, hex + 20);
	cca_timestamp_format(cca_now(), ts);
	json_object_set_new(root, "bomFormat", json_string("CycloneDX"));
	json_object_set_new(root, "specVersion", json_string("1.5"));
	json_object_set_new(root, "serialNumber", json_sprintf("urn:uuid:%s", uuid));
	json_object_set_new(root, "version", json_integer(1));
	json_object_set_new(meta, "timestamp", json_string(ts));
	tool = json_pack("{s:[{s:s,s:s,s:s}]}", "components", "type", "application", "name",
			 PACKAGE_NAME, "version", PACKAGE_VERSION);
	json_object_set_new(meta, "tools", tool);
	subject = json_pack("{s:s,s:s,s:s}", "type", "container", "bom-ref", id, "name",
			    name ? name : img->ref ? img->ref : "image");
	json_object_set_new(subject, "version", json_string(id));
	json_object_set_new(meta, "component", subject);
	json_object_set_new(root, "metadata", meta);
	if (img->os_id)
		json_array_append_new(comps, json_pack("{s:s,s:s,s:s,s:s}", "type", "operating-system",
						       "bom-ref", "os", "name", img->os_id, "version",
						       img->os_version ? img->os_version : ""));
	for (size_t i = 0; i < img->npackages; i++) {
		const struct cca_image_package *p = &img->packages[i];
		char *purl = purl_of(img, p), *ref = cca_xasprintf("%s#%zu", purl, i);
		json_t *c = json_pack("{s:s,s:s,s:s,s:s,s:s}", "type", "library", "bom-ref", ref,
				      "name", p->name, "version", p->version, "purl", purl);

		props = json_array();
		json_array_append_new(props, json_pack("{s:s,s:s}", "name", "ccaudit:package:database",
						       "value", p->location));
		if (p->source)
			json_array_append_new(props, json_pack("{s:s,s:s}", "name",
							       "ccaudit:package:source", "value",
							       p->source));
		json_object_set_new(c, "properties", props);
		json_array_append_new(comps, c);
		free(purl);
		free(ref);
	}
	json_object_set_new(root, "components", comps);
	out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	{
		char *copy = cca_xasprintf("%s\n", out);

		free(out);
		return copy;
	}
}
